/* test-cli-sweep-files.c: the files of `logsgd sweep` and `logsgd merge`
 * as the programs around them meet them.
 *
 * Runs $LOGSGD in a fresh temporary directory per test: the sweep CSV read
 * by pandas, numpy, R and csvkit with their default options (where they
 * are installed) against the numbers logsgd wrote; a shard killed, or
 * stopped by SIGTERM, and resumed into the file an uninterrupted run
 * writes byte for byte; a re-submitted shard; an output that cannot be
 * written, refused before any point runs; progress as plain lines; merge
 * refusing tampered, foreign and old parts; --vary in engineering
 * notation.
 */
#include "lsg-config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lsg-test-util.h"

/* Runs of about a millisecond: 50 samples, 2 epochs of the paper preset. */
#define SMALL "--set", "dataset.samples=50", "--set", "dataset.epochs=2"
/* A sweep with Monte Carlo and failed points (i_floor >= i_init fails). */
#define ECO_AXES "--vary", "nonideal.i_floor=1e-12:1e-10:3:log", \
                 "--vary", "circuit.i_eta=5e-10:2e-9:2:log", "--mc", "2"

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
remove_in (const Fixture *f,
           const char    *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_remove (path), ==, 0);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *c = text; *c != '\0'; c++)
    n += *c == '\n';
  return n;
}

/* Field `column` of line `line` (0 = the header), split at commas. */
static char *
csv_field (const char *csv,
           guint       line,
           guint       column)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) fields = NULL;

  g_assert_cmpuint (line, <, g_strv_length (lines));
  fields = g_strsplit (lines[line], ",", -1);
  g_assert_cmpuint (column, <, g_strv_length (fields));
  return g_strdup (fields[column]);
}

static guint
column_of (const char *csv,
           const char *name)
{
  g_autofree char *header = g_strndup (csv, strchr (csv, '\n') - csv);
  g_auto(GStrv) names = g_strsplit (header, ",", -1);

  for (guint c = 0; names[c] != NULL; c++)
    if (g_str_equal (names[c], name))
      return c;
  g_error ("no column %s", name);
  return 0;
}

/* ---- Other programs read the file with their defaults ------------------ */

static gboolean
run_tool (const char        *cwd,
          const char *const *argv,
          char             **out)
{
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                     &status, NULL))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s failed: %s", argv[0], err);
      return FALSE;
    }
  return TRUE;
}

/* A python3 that has pandas and numpy (Debian's), or NULL. */
static const char *
find_python (void)
{
  static const char *const candidates[] = { "/usr/bin/python3", "python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      const char *argv[] = { candidates[i], "-c", "import pandas, numpy", NULL };
      g_autofree char *out = NULL;

      if (run_tool (NULL, argv, &out))
        return candidates[i];
    }
  return NULL;
}

/* "rows columns value errors id" from a tool, against the file. */
static void
check_reading (const char *tool,
               const char *got,
               guint       rows,
               guint       columns,
               double      value,
               guint       n_errors,
               const char *id)
{
  g_auto(GStrv) w = g_strsplit_set (g_strstrip ((char *) got), " \n", -1);

  g_test_message ("%s read: %s", tool, got);
  g_assert_cmpuint (g_strv_length (w), >=, 4);
  g_assert_cmpuint (g_ascii_strtoull (w[0], NULL, 10), ==, rows);
  g_assert_cmpuint (g_ascii_strtoull (w[1], NULL, 10), ==, columns);
  /* the same double, bit for bit */
  g_assert_cmpfloat (g_ascii_strtod (w[2], NULL), ==, value);
  if (n_errors != G_MAXUINT)
    g_assert_cmpuint (g_ascii_strtoull (w[3], NULL, 10), ==, n_errors);
  if (id != NULL)
    {
      g_assert_cmpuint (g_strv_length (w), >=, 5);
      g_assert_cmpstr (w[4], ==, id);
    }
}

static void
test_readers (Fixture       *f,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_autofree char *csv = NULL;
  g_autofree char *value_text = NULL;
  g_autofree char *id = NULL;
  const char *python;
  guint rows, columns, n_errors = 0, tools = 0;
  double value;

  run_logsgd (f->dir, &r, "sweep", SMALL, ECO_AXES, "-o", "eco.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote eco.csv: 12 points, 8 failed");
  csv = read_in (f, "eco.csv");
  /* what logsgd wrote: the header first, 12 rows, 34 columns */
  g_assert_true (g_str_has_prefix (csv, "point,nonideal.i_floor,circuit.i_eta,mc,"));
  rows = count_lines (csv) - 1;
  g_assert_cmpuint (rows, ==, 12);
  columns = column_of (csv, "logsgd_version") + 1;
  g_assert_cmpuint (columns, ==, 34);
  value_text = csv_field (csv, 1, column_of (csv, "rel_mse_pct"));
  value = g_ascii_strtod (value_text, NULL);
  g_assert_true (isfinite (value));
  id = csv_field (csv, 1, column_of (csv, "sweep_id"));
  g_assert_true (g_str_has_prefix (id, "sw-"));
  for (const char *c = csv; (c = strstr (c, ",\"design point:")) != NULL; c++)
    n_errors++;
  g_assert_cmpuint (n_errors, ==, 8);

  python = find_python ();
  if (python != NULL)
    {
      const char *pandas[] = { python, "-c",
        "import pandas as pd\n"
        "d = pd.read_csv('eco.csv')\n"
        "print(d.shape[0], d.shape[1], repr(float(d['rel_mse_pct'][0])),"
        " int(d['error'].notna().sum()), d['sweep_id'][0])\n", NULL };
      const char *numpy[] = { python, "-c",
        "import numpy as np\n"
        "a = np.genfromtxt('eco.csv', delimiter=',', names=True)\n"
        "print(a.shape[0], len(a.dtype.names), repr(float(a['rel_mse_pct'][0])), 0)\n", NULL };
      g_autofree char *out = NULL;
      g_autofree char *out2 = NULL;

      g_assert_true (run_tool (f->dir, pandas, &out));
      check_reading ("pandas.read_csv", out, rows, columns, value, n_errors, id);
      g_assert_true (run_tool (f->dir, numpy, &out2));
      check_reading ("numpy.genfromtxt", out2, rows, columns, value, G_MAXUINT, NULL);
      tools += 2;
    }
  if (have_program ("Rscript"))
    {
      const char *argv[] = { "Rscript", "-e",
        "d <- read.csv('eco.csv'); cat(nrow(d), ncol(d), sprintf('%.17g', d$rel_mse_pct[1]),"
        " sum(nzchar(d$error)), d$sweep_id[1], '\\n')", NULL };
      g_autofree char *out = NULL;

      g_assert_true (run_tool (f->dir, argv, &out));
      check_reading ("R read.csv", out, rows, columns, value, n_errors, id);
      tools++;
    }
  if (have_program ("csvstat") && have_program ("csvjson"))
    {
      const char *count[] = { "csvstat", "--count", "eco.csv", NULL };
      const char *json[] = { "csvjson", "eco.csv", NULL };
      g_autofree char *out = NULL;
      g_autofree char *out2 = NULL;
      const char *at;

      g_assert_true (run_tool (f->dir, count, &out));
      g_assert_cmpuint (g_ascii_strtoull (out, NULL, 10), ==, rows);
      g_assert_true (run_tool (f->dir, json, &out2));
      at = strstr (out2, "\"rel_mse_pct\": ");
      g_assert_nonnull (at);
      g_assert_cmpfloat (g_ascii_strtod (at + strlen ("\"rel_mse_pct\": "), NULL), ==, value);
      {
        g_autofree char *want = g_strdup_printf ("\"sweep_id\": \"%s\"", id);

        assert_contains (out2, want);
      }
      tools++;
    }
  if (tools == 0)
    g_test_skip ("none of pandas, numpy, R and csvkit is installed");
}

/* ---- Stopped and resumed --------------------------------------------------- */

/* 1200 chips of about a millisecond each, on one thread */
#define LONG_SWEEP "sweep", SMALL, "--mc", "1200", "--threads", "1"

static GSubprocess *
start_logsgd (const char        *cwd,
              const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_ptr_array_add (argv, (char *) logsgd_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

/* Waits until FILE.partial holds at least n_rows rows (10 s at most). */
static void
wait_for_rows (const Fixture *f,
               const char    *name,
               guint          n_rows)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL) && count_lines (text) > n_rows)
        return;
      g_usleep (1000);
    }
  g_error ("%s did not get %u rows", name, n_rows);
}

static void
test_kill_resume (Fixture       *f,
                  gconstpointer  data G_GNUC_UNUSED)
{
  const char *args[] = { LONG_SWEEP, "-o", "mc.csv", NULL };
  const char *resume[] = { LONG_SWEEP, "--resume", "-o", "mc.csv", NULL };
  g_autoptr(GSubprocess) proc = start_logsgd (f->dir, args);
  g_autoptr(GError) error = NULL;
  g_auto(Run) again = { 0 };
  g_auto(Run) resumed = { 0 };
  g_auto(Run) whole = { 0 };
  g_autofree char *partial = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint kept;

  wait_for_rows (f, "mc.csv.partial", 20);
  g_subprocess_force_exit (proc);     /* SIGKILL: no chance to tidy up */
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (proc));
  /* no half file under the final name; the rows so far kept */
  g_assert_false (exists_in (f, "mc.csv"));
  g_assert_true (exists_in (f, "mc.sweep.ini"));
  partial = read_in (f, "mc.csv.partial");
  kept = count_lines (partial) - 1;
  g_assert_cmpuint (kept, >=, 20);
  g_assert_cmpuint (kept, <, 1200);

  /* the same command again says what to do, and keeps the rows */
  run_logsgd_argv (f->dir, args, &again);
  g_assert_cmpint (again.status, ==, 2);
  assert_contains (again.err, "mc.csv.partial holds");
  assert_contains (again.err, "of the shard's 1200 points from a run that stopped; give "
                              "--resume to go on from them, or --force to start again");
  g_assert_true (exists_in (f, "mc.csv.partial"));

  run_logsgd_argv (f->dir, resume, &resumed);
  g_assert_cmpint (resumed.status, ==, 0);
  assert_contains (resumed.out, "Wrote mc.csv: 1200 points, 0 failed (");
  assert_contains (resumed.err, "going on from");
  g_assert_false (exists_in (f, "mc.csv.partial"));

  /* the file an uninterrupted run writes, byte for byte */
  run_logsgd (f->dir, &whole, "sweep", SMALL, "--mc", "1200", "-o", "whole.csv", NULL);
  g_assert_cmpint (whole.status, ==, 0);
  a = read_in (f, "mc.csv");
  b = read_in (f, "whole.csv");
  g_assert_cmpuint (count_lines (a), ==, 1201);
  g_assert_cmpstr (a, ==, b);
}

static void
test_sigterm_resume (Fixture       *f,
                     gconstpointer  data G_GNUC_UNUSED)
{
  const char *args[] = { LONG_SWEEP, "--shard", "2/2", "-o", "part-2.csv", NULL };
  const char *resume[] = { LONG_SWEEP, "--shard", "2/2", "--resume", "-o", "part-2.csv", NULL };
  g_autoptr(GSubprocess) proc = start_logsgd (f->dir, args);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(Run) resumed = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) other = { 0 };
  g_auto(Run) merged = { 0 };
  g_auto(Run) whole = { 0 };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  wait_for_rows (f, "part-2.csv.partial", 10);
  /* what a batch system sends at its time limit */
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 128 + SIGTERM);
  assert_contains (err, "logsgd sweep: stopped by signal 15");
  assert_contains (err, "of the shard's 600 points; part-2.csv.partial keeps them: run the "
                        "same command with --resume to go on");
  g_assert_false (exists_in (f, "part-2.csv"));

  run_logsgd_argv (f->dir, resume, &resumed);
  g_assert_cmpint (resumed.status, ==, 0);
  assert_contains (resumed.out, "Wrote part-2.csv: 600 of the sweep's 1200 points (shard 2/2)");

  /* re-submitted once it is done: kept as it is, exit 0 with --resume */
  before = read_in (f, "part-2.csv");
  run_logsgd_argv (f->dir, resume, &again);
  g_assert_cmpint (again.status, ==, 0);
  assert_contains (again.out, "part-2.csv already holds all 600 points of shard 2/2; "
                              "nothing to run");
  after = read_in (f, "part-2.csv");
  g_assert_cmpstr (after, ==, before);
  /* ... but not as the result of another sweep */
  run_logsgd (f->dir, &other, "sweep", SMALL, "--mc", "1200", "--set", "dataset.seed=3",
              "--shard", "2/2", "--resume", "-o", "part-2.csv", NULL);
  g_assert_cmpint (other.status, ==, 2);
  assert_contains (other.err, "a row of another sweep");
  assert_contains (other.err, "give --force to replace part-2.csv");

  /* merged with the other shard: the whole sweep */
  {
    g_auto(Run) first = { 0 };

    run_logsgd (f->dir, &first, "sweep", SMALL, "--mc", "1200", "--shard", "1/2",
                "-o", "part-1.csv", NULL);
    g_assert_cmpint (first.status, ==, 0);
  }
  run_logsgd (f->dir, &merged, "merge", "part-1.csv", "part-2.csv", "-o", "merged.csv", NULL);
  g_assert_cmpint (merged.status, ==, 0);
  run_logsgd (f->dir, &whole, "sweep", SMALL, "--mc", "1200", "-o", "whole.csv", NULL);
  g_assert_cmpint (whole.status, ==, 0);
  a = read_in (f, "merged.csv");
  b = read_in (f, "whole.csv");
  g_assert_cmpstr (a, ==, b);
  {
    g_autofree char *da = read_in (f, "merged.sweep.ini");
    g_autofree char *db = read_in (f, "whole.sweep.ini");

    g_assert_cmpstr (da, ==, db);
  }
}

/* A second run on the same output while the first still writes it. */
static void
test_busy (Fixture       *f,
           gconstpointer  data G_GNUC_UNUSED)
{
  const char *args[] = { LONG_SWEEP, "-o", "mc.csv", NULL };
  g_autoptr(GSubprocess) proc = start_logsgd (f->dir, args);
  g_autoptr(GError) error = NULL;
  g_auto(Run) second = { 0 };
  g_auto(Run) forced = { 0 };

  wait_for_rows (f, "mc.csv.partial", 5);
  run_logsgd (f->dir, &second, "sweep", SMALL, "--mc", "1200", "--resume", "-o", "mc.csv",
              NULL);
  run_logsgd (f->dir, &forced, "sweep", SMALL, "--mc", "1200", "--force", "-o", "mc.csv",
              NULL);
  g_subprocess_force_exit (proc);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_cmpint (second.status, ==, 2);
  assert_contains (second.err, "another logsgd sweep is writing mc.csv.partial now");
  g_assert_cmpint (forced.status, ==, 2);
  assert_contains (forced.err, "another logsgd sweep is writing mc.csv.partial now");
}

/* A journal of another sweep is not this one's to resume: removed by a
 * fresh run, refused by --resume. */
static void
test_stale_journal (Fixture       *f,
                    gconstpointer  data G_GNUC_UNUSED)
{
  const char *args[] = { LONG_SWEEP, "-o", "s.csv", NULL };
  g_autoptr(GSubprocess) proc = start_logsgd (f->dir, args);
  g_autoptr(GError) error = NULL;
  g_auto(Run) resumed = { 0 };
  g_auto(Run) fresh = { 0 };

  wait_for_rows (f, "s.csv.partial", 5);
  g_subprocess_force_exit (proc);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));

  run_logsgd (f->dir, &resumed, "sweep", SMALL, "--mc", "3", "--resume", "-o", "s.csv", NULL);
  g_assert_cmpint (resumed.status, ==, 2);
  assert_contains (resumed.err, "--resume: s.csv.partial, line 2: sweep_id ");
  assert_contains (resumed.err, "a row of another sweep");
  assert_contains (resumed.err, "give --force to discard s.csv.partial");
  run_logsgd (f->dir, &fresh, "sweep", SMALL, "--mc", "3", "-o", "s.csv", NULL);
  g_assert_cmpint (fresh.status, ==, 0);
  assert_contains (fresh.err, "removing s.csv.partial, left by an interrupted run that this "
                              "one cannot go on from (s.csv.partial, line 2: sweep_id");
  assert_contains (fresh.out, "Wrote s.csv: 3 points");
  g_assert_false (exists_in (f, "s.csv.partial"));
}

/* --resume with nothing to resume runs the shard, as a first submission. */
static void
test_resume_fresh (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) again = { 0 };

  run_logsgd (f->dir, &r, "sweep", SMALL, "--mc", "4", "--resume", "-o", "s.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote s.csv: 4 points, 0 failed\n");
  run_logsgd (f->dir, &again, "sweep", SMALL, "--mc", "4", "-o", "s.csv", NULL);
  g_assert_cmpint (again.status, ==, 2);
  assert_contains (again.err, "s.csv exists; give --force to replace it, or --resume to keep "
                              "it if it is this shard's result");
}

/* ---- Outputs checked before the work --------------------------------------- */

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) m = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *output = NULL;

  if (geteuid () == 0)
    /* permission bits do not stop root; /proc takes no new files */
    dir = g_strdup ("/proc");
  else
    {
      dir = g_build_filename (f->dir, "ro", NULL);
      g_assert_cmpint (g_mkdir (dir, 0555), ==, 0);
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no read-only directory");
      return;
    }
  output = g_build_filename (dir, "sweep.csv", NULL);
  /* 200 000 points (minutes of work): refused before any ran, so no
   * progress line was printed */
  run_logsgd (f->dir, &r, "sweep", SMALL, "--mc", "200000", "--progress", "-o", output, NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "logsgd sweep: cannot write ");
  g_assert_null (strstr (r.err, " points"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  put_in (f, "x.csv", "point\n");
  run_logsgd (f->dir, &m, "merge", "x.csv", "-o", output, NULL);
  g_assert_cmpint (m.status, ==, 2);
  assert_contains (m.err, "logsgd merge: cannot write ");
  if (geteuid () != 0)
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
}

/* Progress in a batch log: lines, no carriage returns. */
static void
test_progress_lines (Fixture       *f,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };

  run_logsgd (f->dir, &r, "sweep", SMALL, "--mc", "40", "--progress", "-o", "s.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strchr (r.err, '\r'));
  assert_contains (r.err, "logsgd sweep: 40 of 40 points\n");
  g_assert_true (g_str_has_suffix (r.err, "logsgd sweep: 40 of 40 points\n"));
  /* the first point's line and the last, nothing between in a second */
  g_assert_cmpuint (count_lines (r.err), <=, 2);
}

/* ---- merge proves the parts are one sweep ---------------------------------- */

static char *
replace_first (const char *text,
               const char *from,
               const char *to)
{
  const char *at = strstr (text, from);
  GString *out;

  g_assert_nonnull (at);
  out = g_string_new_len (text, at - text);
  g_string_append (out, to);
  g_string_append (out, at + strlen (from));
  return g_string_free (out, FALSE);
}

/* Replaces the first occurrence of `from` in line `line` of text. */
static char *
replace_in_line (const char *text,
                 guint       line,
                 const char *from,
                 const char *to)
{
  const char *start = text, *at;
  GString *out;

  for (guint l = 0; l < line; l++)
    start = strchr (start, '\n') + 1;
  at = strstr (start, from);
  g_assert_nonnull (at);
  g_assert_true (at < strchr (start, '\n'));
  out = g_string_new_len (text, at - text);
  g_string_append (out, to);
  g_string_append (out, at + strlen (from));
  return g_string_free (out, FALSE);
}

static void
test_merge_refuses (Fixture       *f,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *desc = NULL;
  struct {
    const char *what;
    char       *text;        /* of part-2.csv */
    char       *descriptor;  /* of part-2.sweep.ini, NULL: as written */
    const char *message;
  } cases[8];
  guint n = 0;

  for (guint k = 1; k <= 2; k++)
    {
      g_auto(Run) r = { 0 };
      g_autofree char *shard = g_strdup_printf ("%u/2", k);
      g_autofree char *out = g_strdup_printf ("part-%u.csv", k);

      run_logsgd (f->dir, &r, "sweep", SMALL, ECO_AXES, "--shard", shard, "-o", out, NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
  p1 = read_in (f, "part-1.csv");
  p2 = read_in (f, "part-2.csv");
  desc = read_in (f, "part-2.sweep.ini");
  /* part 2's first row is point 1: i_floor 1e-12, i_eta 5e-10, chip 1 */
  g_assert_true (g_str_has_prefix (strchr (p2, '\n') + 1, "1,1e-12,5e-10,1,2,2,"));

  cases[n++] = (typeof (cases[0])) { "a field missing",
    replace_in_line (p2, 1, "1,2,2,", "1,2,"), NULL,
    "part-2.csv, line 2: 33 fields, where the header has 34" };
  cases[n++] = (typeof (cases[0])) { "garbage",
    replace_in_line (p2, 2, ",nan,", ",n/a,"), NULL,
    "part-2.csv, line 3: test_loss \xe2\x80\x9cn/a\xe2\x80\x9d is not a number" };
  cases[n++] = (typeof (cases[0])) { "an axis value of another point",
    replace_in_line (p2, 1, "1,1e-12,5e-10,", "1,1e-12,2e-09,"), NULL,
    "part-2.csv, line 2: point 1 has circuit.i_eta = 2e-09, but the sweep's point 1 is at "
    "5e-10" };
  cases[n++] = (typeof (cases[0])) { "a seed of another chip",
    replace_in_line (p2, 1, "1,2,2,", "1,1,2,"), NULL,
    "part-2.csv, line 2: point 1 has mc_seed = \xe2\x80\x9c" "1\xe2\x80\x9d, but the sweep's "
    "point 1 has mc_seed = 2" };
  cases[n++] = (typeof (cases[0])) { "an old file",
    g_strconcat ("# logsgd sweep v2; points=12; mc=2; axes=none; design-sha256=0\n", p2, NULL),
    NULL, "part-2.csv: a sweep file of format 2, which an earlier version of logsgd wrote" };
  cases[n++] = (typeof (cases[0])) { "an edited design point",
    g_strdup (p2), replace_first (desc, "\nsamples=50\n", "\nsamples=51\n"),
    "part-2.sweep.ini: the design point is not the one of design-sha256" };
  cases[n++] = (typeof (cases[0])) { "another version",
    g_strdup (p2), replace_first (desc, "\nlogsgd-version=" LSG_VERSION "\n",
                                  "\nlogsgd-version=0.0.1\n"),
    "part-2.sweep.ini: id" };
  g_assert_true (strstr (desc, "\nsamples=50\n") != NULL);

  for (guint c = 0; c < n; c++)
    {
      g_auto(Run) r = { 0 };

      g_test_message ("merge with %s", cases[c].what);
      put_in (f, "part-2.csv", cases[c].text);
      put_in (f, "part-2.sweep.ini", cases[c].descriptor != NULL ? cases[c].descriptor : desc);
      run_logsgd (f->dir, &r, "merge", "part-1.csv", "part-2.csv", "-o", "m.csv", NULL);
      g_assert_cmpint (r.status, ==, 2);
      assert_contains (r.err, cases[c].message);
      g_assert_false (exists_in (f, "m.csv"));
      g_free (cases[c].text);
      g_free (cases[c].descriptor);
    }

  {
    /* no descriptor at all */
    g_auto(Run) r = { 0 };
    g_auto(Run) ok = { 0 };

    put_in (f, "part-2.csv", p2);
    remove_in (f, "part-2.sweep.ini");
    remove_in (f, "part-1.sweep.ini");
    run_logsgd (f->dir, &r, "merge", "part-1.csv", "part-2.csv", "-o", "m.csv", NULL);
    g_assert_cmpint (r.status, ==, 2);
    assert_contains (r.err, "no sweep descriptor: logsgd sweep writes one beside each part "
                            "(part-1.sweep.ini beside part-1.csv)");
    /* one is enough */
    put_in (f, "part-2.sweep.ini", desc);
    run_logsgd (f->dir, &ok, "merge", "part-1.csv", "part-2.csv", "-o", "m.csv", NULL);
    g_assert_cmpint (ok.status, ==, 0);
  }
}

/* ---- --vary in engineering notation ---------------------------------------- */

static void
test_vary_si (Fixture       *f,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) plain = { 0 };
  g_auto(Run) si = { 0 };
  g_auto(Run) unit = { 0 };
  g_auto(Run) bad = { 0 };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  run_logsgd (f->dir, &plain, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:3:log",
              "-o", "plain.csv", NULL);
  run_logsgd (f->dir, &si, "sweep", SMALL, "--vary", "circuit.i_eta=500p:2nA:3:log",
              "-o", "si.csv", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_cmpint (si.status, ==, 0);
  /* the same sweep: the same rows and the same id */
  a = read_in (f, "plain.csv");
  b = read_in (f, "si.csv");
  g_assert_cmpstr (a, ==, b);

  run_logsgd (f->dir, &unit, "sweep", SMALL, "--vary", "circuit.i_eta=500pF:2n:3:log",
              "-o", "u.csv", NULL);
  g_assert_cmpint (unit.status, ==, 2);
  assert_contains (unit.err, "FROM \xe2\x80\x9c" "500pF\xe2\x80\x9d has another unit than "
                             "[circuit] i_eta's A");
  run_logsgd (f->dir, &bad, "sweep", SMALL, "--vary", "circuit.i_eta=500p:n2:3:log",
              "-o", "u.csv", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  assert_contains (bad.err, "TO \xe2\x80\x9c" "n2\xe2\x80\x9d is not a finite number");
  g_assert_false (exists_in (f, "u.csv"));
  g_assert_false (exists_in (f, "u.csv.partial"));
}

/* "-" as the output: merge streams the CSV to the standard output (no
 * file named "-"); a sweep, which writes FILE.partial and renames it,
 * refuses it by name. */
static void
test_dash_output (Fixture       *f,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) s1 = { 0 };
  g_auto(Run) s2 = { 0 };
  g_auto(Run) m = { 0 };
  g_auto(Run) d = { 0 };
  g_autofree char *whole = NULL;

  run_logsgd (f->dir, &s1, "sweep", SMALL, "--vary", "circuit.i_eta=1n:2n:3", "--shard", "1/2",
              "-o", "p1.csv", NULL);
  g_assert_cmpint (s1.status, ==, 0);
  run_logsgd (f->dir, &s2, "sweep", SMALL, "--vary", "circuit.i_eta=1n:2n:3", "--shard", "2/2",
              "-o", "p2.csv", NULL);
  g_assert_cmpint (s2.status, ==, 0);
  run_logsgd (f->dir, &m, "merge", "p1.csv", "p2.csv", "-o", "-", NULL);
  g_assert_cmpint (m.status, ==, 0);
  g_assert_false (exists_in (f, "-"));
  g_assert_false (exists_in (f, "-.sweep.ini"));
  g_assert_true (g_str_has_prefix (m.out, "point,circuit.i_eta,"));
  /* the same text merge writes to a file */
  run_clear (&d);
  run_logsgd (f->dir, &d, "merge", "p1.csv", "p2.csv", "-o", "whole.csv", NULL);
  g_assert_cmpint (d.status, ==, 0);
  whole = read_in (f, "whole.csv");
  g_assert_cmpstr (m.out, ==, whole);

  run_clear (&d);
  run_logsgd (f->dir, &d, "sweep", SMALL, "--vary", "circuit.i_eta=1n:2n:3", "-o", "-", NULL);
  g_assert_cmpint (d.status, ==, 2);
  assert_contains (d.err, "- is not a regular file");
  g_assert_false (exists_in (f, "-"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-sweep-files/readers", test_readers);
  ADD ("/cli-sweep-files/kill-resume", test_kill_resume);
  ADD ("/cli-sweep-files/sigterm-resume", test_sigterm_resume);
  ADD ("/cli-sweep-files/busy", test_busy);
  ADD ("/cli-sweep-files/stale-journal", test_stale_journal);
  ADD ("/cli-sweep-files/resume-fresh", test_resume_fresh);
  ADD ("/cli-sweep-files/unwritable", test_unwritable);
  ADD ("/cli-sweep-files/progress-lines", test_progress_lines);
  ADD ("/cli-sweep-files/merge-refuses", test_merge_refuses);
  ADD ("/cli-sweep-files/vary-si", test_vary_si);
  ADD ("/cli-sweep-files/dash-output", test_dash_output);
#undef ADD
  return g_test_run ();
}
