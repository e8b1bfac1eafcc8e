/* test-cli-sweep.c: `logsgd sweep` and `logsgd merge`, end to end.
 *
 * Runs the executable named by $LOGSGD (meson test sets it) in a fresh
 * temporary directory per test, as tests/test-cli.c does, and checks exit
 * codes, messages and the files written: a sweep's rows against `logsgd
 * run` at the same points, thread-count independence, and shards merged
 * into the unsharded file byte for byte.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "lsg-config.h"

#include "lsg-design-file.h"
#include "lsg-params.h"
#include "lsg-test-util.h"

/* Small runs: 50 samples, 2 epochs of the paper preset. */
#define SMALL "--set", "dataset.samples=50", "--set", "dataset.epochs=2"

/* The fields of line `row` (0 = the header) of a sweep CSV, split at
 * commas (numbers only: the error column is checked elsewhere). */
static char **
csv_fields (const char *csv,
            guint       row)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  g_assert_cmpuint (row, <, g_strv_length (lines));
  return g_strsplit (lines[row], ",", -1);
}

/* The column of name in a sweep CSV's header (its first line). */
static guint
sweep_column (const char *csv,
              const char *name)
{
  g_auto(GStrv) header = csv_fields (csv, 0);
  gint c = column_index (header, name);

  if (c < 0)
    g_error ("no column %s in the sweep header", name);
  return c;
}

static void
test_sweep_basic (Fixture       *f,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  run_logsgd (f->dir, &r, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:3:log",
              "-o", "s.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote s.csv: 3 points, 0 failed");
  /* not a terminal and no --progress: nothing on stderr */
  g_assert_cmpstr (r.err, ==, "");

  csv = read_in (f, "s.csv");
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "point,circuit.i_eta,mc,mc_seed,noise_seed,"
                                   "rel_mse_pct,enob,ridge_error,loss,ref_loss,test_loss,"
                                   "ref_test_loss,t_converge,ref_t_converge,cm_max,retention,eta,lambda,tau,"
                                   "mean_cell_current,power_w,area_m2,transistors,"
                                   "energy_per_update_j,energy_to_converge_j,"
                                   "power_ratio_int8,power_ratio_fp32,area_ratio_int8,"
                                   "area_ratio_fp32,readout_time_s,error,sweep_id,"
                                   "logsgd_version"));
  g_assert_true (g_str_has_prefix (lines[1], "0,5e-10,0,1,1,"));
  g_assert_true (g_str_has_prefix (lines[3], "2,2e-09,0,1,1,"));
  g_assert_cmpstr (lines[4], ==, "");
  /* the descriptor beside it; nothing else left behind */
  g_assert_true (exists_in (f, "s.sweep.ini"));
  g_assert_false (exists_in (f, "s.csv.partial"));
}

/* A row equals `logsgd run` at the same point: every figure of
 * summary.ini, read back as the same double. */
static void
test_sweep_equals_run (Fixture       *f,
                       gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) r2 = { 0 };
  g_autofree char *csv = NULL;
  g_autofree char *ini = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) row = NULL;
  g_autofree char *set_eta = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  guint first, last;

  run_logsgd (f->dir, &r, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:3:log",
              "-o", "s.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  csv = read_in (f, "s.csv");
  header = csv_fields (csv, 0);
  row = csv_fields (csv, 2);     /* point 1: i_eta = 1e-9 up to rounding */
  set_eta = g_strdup_printf ("circuit.i_eta=%s", row[1]);

  run_logsgd (f->dir, &r2, "run", SMALL, "--set", set_eta, "-o", "run", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  ini = read_in (f, "run/summary.ini");
  g_key_file_load_from_data (kf, ini, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  first = sweep_column (csv, "rel_mse_pct");
  last = sweep_column (csv, "area_ratio_fp32");
  for (guint c = first; c <= last; c++)
    {
      g_autofree char *text = g_key_file_get_value (kf, "summary", header[c], &error);
      double want, got;

      g_assert_no_error (error);
      want = g_ascii_strtod (text, NULL);
      got = g_ascii_strtod (row[c], NULL);
      if (!(got == want || (isnan (got) && isnan (want))))
        g_error ("%s: sweep %s, run %s", header[c], row[c], text);
    }
}

static void
test_sweep_threads (Fixture       *f,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  run_logsgd (f->dir, &r1, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:3:log",
              "--vary", "circuit.i_lambda=5e-12:2e-11:2", "--mc", "2", "--threads", "1",
              "-o", "one.csv", NULL);
  run_logsgd (f->dir, &r2, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:3:log",
              "--vary", "circuit.i_lambda=5e-12:2e-11:2", "--mc", "2", "--threads", "2",
              "-o", "two.csv", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpint (r2.status, ==, 0);
  assert_contains (r1.out, "12 points, 0 failed");
  one = read_in (f, "one.csv");
  two = read_in (f, "two.csv");
  g_assert_cmpstr (one, ==, two);
}

static void
test_shard_merge (Fixture       *f,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_autofree char *whole = NULL;
  g_autofree char *merged = NULL;

  run_logsgd (f->dir, &r, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:4:log",
              "--mc", "2", "-o", "whole.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (guint k = 1; k <= 3; k++)
    {
      g_auto(Run) rs = { 0 };
      g_autofree char *shard = g_strdup_printf ("%u/3", k);
      g_autofree char *out = g_strdup_printf ("part-%u.csv", k);

      run_logsgd (f->dir, &rs, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:4:log",
                  "--mc", "2", "--shard", shard, "--threads", k == 2 ? "1" : "2",
                  "-o", out, NULL);
      g_assert_cmpint (rs.status, ==, 0);
      assert_contains (rs.out, "of the sweep's 8 points (shard");
    }
  run_clear (&r);
  run_logsgd (f->dir, &r, "merge", "part-3.csv", "part-1.csv", "part-2.csv",
              "-o", "merged.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote merged.csv from 3 files");
  whole = read_in (f, "whole.csv");
  merged = read_in (f, "merged.csv");
  g_assert_cmpstr (merged, ==, whole);

  /* a shard missing, a shard twice, a file of another sweep */
  run_clear (&r);
  run_logsgd (f->dir, &r, "merge", "part-1.csv", "part-3.csv", "-o", "bad.csv", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "logsgd merge: 3 of the sweep's 8 points are missing");
  g_assert_false (exists_in (f, "bad.csv"));
  run_clear (&r);
  run_logsgd (f->dir, &r, "merge", "part-1.csv", "part-2.csv", "part-3.csv", "part-2.csv",
              "-o", "bad.csv", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "part-2.csv, line 2: point 1 is also in part-2.csv");
  run_clear (&r);
  run_logsgd (f->dir, &r, "sweep", SMALL, "--vary", "circuit.i_eta=5e-10:2e-9:4:log",
              "--mc", "2", "--set", "dataset.seed=7", "--shard", "2/3", "-o", "other.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  run_logsgd (f->dir, &r, "merge", "part-1.csv", "other.csv", "part-3.csv",
              "-o", "bad.csv", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "other.csv: another sweep than part-1.csv: another design point");
  g_assert_false (exists_in (f, "bad.csv"));
}

static void
test_force (Fixture       *f,
            gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_autofree char *kept = NULL;

  put_in (f, "s.csv", "precious\n");
  run_logsgd (f->dir, &r, "sweep", SMALL, "-o", "s.csv", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "logsgd sweep: s.csv exists; give --force to replace it");
  kept = read_in (f, "s.csv");
  g_assert_cmpstr (kept, ==, "precious\n");

  run_clear (&r);
  run_logsgd (f->dir, &r, "sweep", SMALL, "-o", "s.csv", "--force", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote s.csv: 1 points, 0 failed");
  g_clear_pointer (&kept, g_free);
  kept = read_in (f, "s.csv");
  g_assert_true (g_str_has_prefix (kept, "point,mc,mc_seed,noise_seed,rel_mse_pct,"));

  run_clear (&r);
  run_logsgd (f->dir, &r, "merge", "s.csv", "-o", "s.csv", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "logsgd merge: s.csv exists; give --force");
  run_clear (&r);
  run_logsgd (f->dir, &r, "merge", "s.csv", "-o", "s.csv", "--force", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *again = read_in (f, "s.csv");

    g_assert_cmpstr (again, ==, kept);
  }
}

/* A point that fails is reported in its row; the sweep completes, exit 0. */
static void
test_failed_point (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  run_logsgd (f->dir, &r, "sweep", SMALL, "--vary", "nonideal.i_floor=1e-12:1e-10:3:log",
              "--progress", "-o", "s.csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote s.csv: 3 points, 2 failed");
  assert_contains (r.err, "logsgd sweep: point 1 failed: ");
  assert_contains (r.err, "i_floor = 1e-10 A must be below [circuit] i_init");
  assert_contains (r.err, "3 of 3 points");    /* --progress */
  csv = read_in (f, "s.csv");
  lines = g_strsplit (csv, "\n", -1);
  assert_contains (lines[1], ",,sw-");
  g_assert_true (g_str_has_prefix (lines[2], "1,1e-11,0,1,1,nan,"));
  assert_contains (lines[2], ",\"design point: [nonideal] i_floor = 1e-11 A must be below");
}

typedef struct {
  const char *name;
  const char *args[12];
  const char *message;     /* on stderr */
} BadCase;

static const BadCase bad_cases[] = {
  { "no-output", { "sweep", NULL }, "logsgd sweep: no output file: give -o FILE" },
  { "bad-vary", { "sweep", "--vary", "circuit.i_eta=1e-10:1e-9", "-o", "s.csv", NULL },
    "logsgd sweep: --vary: sweep axis \xe2\x80\x9c" "circuit.i_eta=1e-10:1e-9\xe2\x80\x9d: use" },
  { "unknown-key", { "sweep", "--vary", "circuit.nope=1:2:3", "-o", "s.csv", NULL },
    "no key circuit.nope" },
  { "bool-key", { "sweep", "--vary", "nonideal.noise=0:1:2", "-o", "s.csv", NULL },
    "[nonideal] noise is not numeric" },
  { "out-of-range", { "sweep", "--vary", "circuit.i_eta=1e-10:1:3:log", "-o", "s.csv", NULL },
    "TO = 1 is out of the range of [circuit] i_eta" },
  { "three-axes", { "sweep", "--vary", "circuit.i_eta=1e-10:1e-9:2", "--vary",
                    "circuit.i_lambda=1e-12:1e-11:2", "--vary", "circuit.i_cm=0:1e-9:2",
                    "-o", "s.csv", NULL },
    "3 --vary options: at most 2" },
  { "twice", { "sweep", "--vary", "circuit.i_eta=1e-10:1e-9:2", "--vary",
               "circuit.i_eta=1e-10:1e-9:3", "-o", "s.csv", NULL },
    "[circuit] i_eta is swept twice" },
  { "mc-seed", { "sweep", "--vary", "nonideal.mc_seed=1:5:5", "--mc", "3", "-o", "s.csv", NULL },
    "[nonideal] mc_seed is swept and a Monte Carlo sets it too" },
  { "mc-negative", { "sweep", "--mc", "-1", "-o", "s.csv", NULL }, "--mc -1: give 0" },
  { "threads-negative", { "sweep", "--threads", "-2", "-o", "s.csv", NULL },
    "--threads -2: give 1 to" },
  { "shard-zero", { "sweep", "--shard", "0/3", "-o", "s.csv", NULL },
    "--shard \xe2\x80\x9c" "0/3\xe2\x80\x9d: give K/N" },
  { "shard-beyond", { "sweep", "--shard", "4/3", "-o", "s.csv", NULL }, "--shard" },
  { "shard-text", { "sweep", "--shard", "half", "-o", "s.csv", NULL }, "--shard" },
  { "bad-set", { "sweep", "--set", "circuit.i_eta=-1", "-o", "s.csv", NULL },
    "[circuit] i_eta" },
  { "no-design", { "sweep", "missing.ini", "-o", "s.csv", NULL }, "missing.ini" },
  { "two-designs", { "sweep", "a.ini", "b.ini", "-o", "s.csv", NULL },
    "one design point at most" },
  { "no-dir", { "sweep", "-o", "nowhere/s.csv", NULL }, "the directory nowhere does not exist" },
  { "merge-nothing", { "merge", "-o", "m.csv", NULL }, "logsgd merge: no sweep files" },
  { "merge-no-output", { "merge", "a.csv", NULL }, "logsgd merge: no output file" },
  { "merge-missing", { "merge", "a.csv", "-o", "m.csv", NULL }, "a.csv" },
};

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  const BadCase *c = data;
  g_auto(Run) r = { 0 };

  run_logsgd_argv (f->dir, c->args, &r);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, c->message);
  g_assert_false (exists_in (f, "s.csv"));
  g_assert_false (exists_in (f, "m.csv"));
}

/* ---- logsgd export --figure map ---------------------------------------- */

/* A 3 x 3 map of 1-epoch runs over I_eta and the derived lambda axis. */
#define MAP_SETS "--set", "dataset.samples=50", "--set", "dataset.epochs=1"
#define MAP_AXES "--vary", "circuit.i_eta=5e-10:2e-9:3:log", "--vary", "lambda=1e-3:1e-1:3:log"

/* The design point the map's command line gives, loaded here. */
static LsgParams *
map_design (void)
{
  static const char *const sets[] = { "dataset.samples=50", "dataset.epochs=1", NULL };
  g_autoptr(GError) error = NULL;
  LsgParams *p = lsg_params_load_with_overrides (NULL, sets, &error);

  g_assert_no_error (error);
  return p;
}

static void
assert_design_equal (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) back = NULL;
  g_autoptr(LsgParams) want = map_design ();

  g_assert_nonnull (text);
  back = lsg_params_load_data (text, strlen (text), "embedded", &error);
  g_assert_no_error (error);
  g_assert_true (lsg_params_equal (back, want));
}

static void
test_map_pdf (Fixture       *f,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_autofree char *path = g_build_filename (f->dir, "map.pdf", NULL);

  run_logsgd (f->dir, &r, "export", "--figure", "map", MAP_AXES, MAP_SETS,
              "--size", "89x60mm", "-o", "map.pdf", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote map.pdf");
  /* progress only when asked */
  g_assert_cmpstr (r.err, ==, "");
  g_assert_false (exists_in (f, "map.csv"));
  {
    const char *argv[] = { need_tool ("pdfinfo", "poppler-utils"), path, NULL };
    g_auto(Run) info = { 0 };
    const char *head = "Subject:", *start, *end;
    g_autofree char *subject = NULL;

    spawn (f->dir, argv, &info);
    g_assert_cmpint (info.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^Pages: +1$", info.out, G_REGEX_MULTILINE, 0));
    /* 89 mm x 60 mm = 252.283 pt x 170.079 pt */
    g_assert_true (g_regex_match_simple ("^Page size: +252\\.28\\d* x 170\\.07\\d* pts",
                                         info.out, G_REGEX_MULTILINE, 0));
    /* the design point, after its heading line, up to the next field */
    start = strstr (info.out, head);
    g_assert_nonnull (start);
    start = strstr (start, "design-point file):\n");
    g_assert_nonnull (start);
    start += strlen ("design-point file):\n");
    end = strstr (start, "\nKeywords:");
    g_assert_nonnull (end);
    subject = g_strndup (start, end - start + 1);
    assert_design_equal (subject);
  }
  {
    /* every font embedded, none as Type 3 */
    const char *argv[] = { need_tool ("pdffonts", "poppler-utils"), path, NULL };
    g_auto(Run) fonts = { 0 };
    g_auto(GStrv) lines = NULL;
    guint n = 0;

    spawn (f->dir, argv, &fonts);
    g_assert_cmpint (fonts.status, ==, 0);
    lines = g_strsplit (fonts.out, "\n", -1);
    g_assert_true (g_str_has_prefix (lines[1], "-----"));
    for (guint i = 2; lines[i] != NULL; i++)
      {
        g_autoptr(GRegex) re = g_regex_new ("^(\\S+)\\s+(.+?)\\s+(\\S+)\\s+(yes|no)\\s+(yes|no)"
                                            "\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$", 0, 0, NULL);
        g_autoptr(GMatchInfo) m = NULL;
        g_autofree char *type = NULL;
        g_autofree char *emb = NULL;

        if (lines[i][0] == '\0')
          continue;
        if (!g_regex_match (re, lines[i], 0, &m))
          g_error ("unexpected pdffonts line: %s", lines[i]);
        type = g_match_info_fetch (m, 2);
        emb = g_match_info_fetch (m, 4);
        g_assert_cmpstr (emb, ==, "yes");
        g_assert_cmpstr (type, !=, "Type 3");
        n++;
      }
    g_assert_cmpuint (n, >, 0);
  }
}

typedef struct {
  gboolean  in_design;
  GString  *design;
  char     *root;
  char     *width;
  char     *height;
} SvgScan;

static void
svg_start (GMarkupParseContext  *context G_GNUC_UNUSED,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error G_GNUC_UNUSED)
{
  SvgScan *scan = user_data;

  if (scan->root == NULL)
    {
      scan->root = g_strdup (element);
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "width"))
          scan->width = g_strdup (values[i]);
        else if (g_str_equal (names[i], "height"))
          scan->height = g_strdup (values[i]);
    }
  if (g_str_equal (element, "logsgd:design-point"))
    scan->in_design = TRUE;
}

static void
svg_end (GMarkupParseContext  *context G_GNUC_UNUSED,
         const char           *element,
         gpointer              user_data,
         GError              **error G_GNUC_UNUSED)
{
  if (g_str_equal (element, "logsgd:design-point"))
    ((SvgScan *) user_data)->in_design = FALSE;
}

static void
svg_text (GMarkupParseContext  *context G_GNUC_UNUSED,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error G_GNUC_UNUSED)
{
  SvgScan *scan = user_data;

  if (scan->in_design)
    g_string_append_len (scan->design, text, len);
}

static void
test_map_svg (Fixture       *f,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_autofree char *svg = NULL;
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgScan scan = { FALSE, g_string_new (NULL), NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  run_logsgd (f->dir, &r, "export", "--figure", "map", MAP_AXES, MAP_SETS,
              "--mc", "2", "--threads", "2", "--format", "svg", "--size", "ieee-single",
              "-o", "map.svg", NULL);
  g_assert_cmpint (r.status, ==, 0);
  svg = read_in (f, "map.svg");
  /* the whole file parses as XML */
  ctx = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, svg, -1, &error)
                 && g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (scan.root, ==, "svg");
  g_assert_cmpstr (scan.width, ==, "252pt");
  /* the preset height of one panel: 0.7 of the width */
  g_assert_cmpstr (scan.height, ==, "176.4pt");
  assert_design_equal (scan.design->str);
  g_string_free (scan.design, TRUE);
  g_free (scan.root);
  g_free (scan.width);
  g_free (scan.height);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
test_map_png_data (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) r2 = { 0 };
  g_autofree char *png = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *swept = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *design = NULL;
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

  run_logsgd (f->dir, &r, "export", "--figure", "map", MAP_AXES, MAP_SETS,
              "--size", "3.5x2in", "--dpi", "100", "--font-size", "7", "--data",
              "-o", "map.png", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Wrote map.png");
  assert_contains (r.out, "Wrote map.csv");

  g_assert_true (g_file_get_contents (path, &png, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (png, 8, signature, 8);
  g_assert_cmpmem (png + 12, 4, "IHDR", 4);
  /* 3.5 in x 2 in at 100 dpi */
  g_assert_cmpuint (be32 ((const guint8 *) png + 16), ==, 350);
  g_assert_cmpuint (be32 ((const guint8 *) png + 20), ==, 200);
  for (gsize at = 8; at + 12 <= len;)
    {
      guint32 n = be32 ((const guint8 *) png + at);
      const char *type = png + at + 4;
      const char *body = png + at + 8;

      g_assert_cmpuint (at + 12 + n, <=, len);
      if (memcmp (type, "iTXt", 4) == 0 && n > 20
          && strcmp (body, "LogSGD-Design-Point") == 0)
        {
          /* keyword, NUL, compression flag and method, language NUL,
           * translated keyword NUL, text */
          gsize head = strlen ("LogSGD-Design-Point") + 5;

          g_assert_cmpint (body[strlen ("LogSGD-Design-Point") + 1], ==, 0);
          design = g_strndup (body + head, n - head);
        }
      at += 12 + n;
    }
  assert_design_equal (design);

  /* the data is the sweep, as logsgd sweep writes it */
  run_logsgd (f->dir, &r2, "sweep", MAP_AXES, MAP_SETS, "-o", "sweep.csv", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  csv = read_in (f, "map.csv");
  swept = read_in (f, "sweep.csv");
  g_assert_cmpstr (csv, ==, swept);
  assert_contains (csv, "point,circuit.i_eta,derived.lambda,mc,");

  {
    /* an existing figure is kept without --force, replaced with it */
    g_auto(Run) again = { 0 };
    g_auto(Run) forced = { 0 };

    run_logsgd (f->dir, &again, "export", "--figure", "map", MAP_AXES, MAP_SETS,
                "--data", "-o", "map.png", NULL);
    g_assert_cmpint (again.status, ==, 2);
    assert_contains (again.err, "map.png exists; give --force");
    run_logsgd (f->dir, &forced, "export", "--figure", "map", MAP_AXES, MAP_SETS,
                "--data", "--force", "--progress", "-o", "map.png", NULL);
    g_assert_cmpint (forced.status, ==, 0);
    assert_contains (forced.err, "logsgd export: 9 of 9 points");
  }
}

typedef struct {
  const char *name;
  const char *args[24];
  const char *message;
} MapBadCase;

static const MapBadCase map_bad_cases[] = {
  { "one-axis", { "export", "--figure", "map", "--vary", "circuit.i_eta=1e-10:1e-9:3",
                  "-o", "m.pdf", NULL },
    "--figure map needs exactly two --vary axes" },
  { "no-axis", { "export", "--figure", "map", "-o", "m.pdf", NULL },
    "got 0" },
  { "vary-without-map", { "export", "--vary", "circuit.i_eta=1e-10:1e-9:3", "-o", "m.pdf", NULL },
    "--vary is for --figure map" },
  { "of-without-map", { "export", "--figure", "loss", "--of", "enob", "-o", "m.pdf", NULL },
    "--of is for --figure map" },
  { "mc-without-map", { "export", "--mc", "3", "-o", "m.pdf", NULL }, "--mc is for --figure map" },
  { "bad-of", { "export", "--figure", "map", MAP_AXES, "--of", "speed", "-o", "m.pdf", NULL },
    "--of \xe2\x80\x9cspeed\xe2\x80\x9d: not a figure of merit" },
  { "bad-spec", { "export", "--figure", "map", MAP_AXES, "--spec", "low", "-o", "m.pdf", NULL },
    "--spec \xe2\x80\x9clow\xe2\x80\x9d" },
  { "nan-spec", { "export", "--figure", "map", MAP_AXES, "--spec", "nan", "-o", "m.pdf", NULL },
    "--spec \xe2\x80\x9cnan\xe2\x80\x9d" },
  { "tex", { "export", "--figure", "map", MAP_AXES, "--tex", "-o", "m.pdf", NULL }, "--tex" },
  { "bad-mc", { "export", "--figure", "map", MAP_AXES, "--mc", "-2", "-o", "m.pdf", NULL },
    "--mc -2" },
  { "bad-axis", { "export", "--figure", "map", "--vary", "lambda=1:2", "--vary",
                  "circuit.i_eta=1e-10:1e-9:3", "-o", "m.pdf", NULL },
    "--vary: sweep axis \xe2\x80\x9clambda=1:2\xe2\x80\x9d" },
  { "lambda-range", { "export", "--figure", "map", "--vary", "circuit.i_eta=1e-10:1e-8:2:log",
                      "--vary", "lambda=1:2000:2", "-o", "m.pdf", NULL },
    "lambda = 2000 at an effective I_eta of 10 nA" },
  { "bad-dpi", { "export", "--figure", "map", MAP_AXES, "--dpi", "10", "-o", "m.png", NULL },
    "--dpi 10" },
  { "bad-size", { "export", "--figure", "map", MAP_AXES, "--size", "huge", "-o", "m.pdf", NULL },
    "--size" },
};

static void
test_map_bad_input (Fixture       *f,
                    gconstpointer  data)
{
  const MapBadCase *c = data;
  g_auto(Run) r = { 0 };

  run_logsgd_argv (f->dir, c->args, &r);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, c->message);
  g_assert_false (exists_in (f, "m.pdf"));
  g_assert_false (exists_in (f, "m.png"));
  g_assert_false (exists_in (f, "m.csv"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-sweep/basic", test_sweep_basic);
  ADD ("/cli-sweep/equals-run", test_sweep_equals_run);
  ADD ("/cli-sweep/threads", test_sweep_threads);
  ADD ("/cli-sweep/shard-merge", test_shard_merge);
  ADD ("/cli-sweep/force", test_force);
  ADD ("/cli-sweep/failed-point", test_failed_point);
  ADD ("/cli-sweep/map/pdf", test_map_pdf);
  ADD ("/cli-sweep/map/svg", test_map_svg);
  ADD ("/cli-sweep/map/png-data", test_map_png_data);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (map_bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli-sweep/map/bad/%s", map_bad_cases[i].name);

      g_test_add (path, Fixture, &map_bad_cases[i], fixture_set_up, test_map_bad_input,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli-sweep/bad/%s", bad_cases[i].name);

      g_test_add (path, Fixture, &bad_cases[i], fixture_set_up, test_bad_input,
                  fixture_tear_down);
    }
  return g_test_run ();
}
