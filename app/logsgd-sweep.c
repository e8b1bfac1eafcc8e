/* logsgd-sweep.c: `logsgd sweep` (many design points, in parallel, or one
 * shard of them) and `logsgd merge` (the shards joined into the file an
 * unsharded run writes).
 *
 * A sweep writes its rows to FILE.partial as the points finish, in point
 * order, and renames it to FILE at the end: a killed run leaves no half
 * file under the final name, and --resume continues from the rows in
 * FILE.partial.  The descriptor NAME.sweep.ini is written beside FILE
 * before the first point runs. */
#include "lsg-file.h"
#include "lsg-output.h"
#include "lsg-config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-params.h"
#include "lsg-sweep.h"
#include "logsgd-signals.h"
#include "logsgd-sweep.h"

/* The largest sweep part merge reads: a million points of 1 kB. */
#define SWEEP_FILE_MAX_BYTES ((gsize) 1 << 30)
/* The rows of a sweep being written, beside its final name. */
#define JOURNAL_SUFFIX ".partial"
/* Progress as plain lines (not a terminal): at most one per interval. */
#define PROGRESS_LINE_INTERVAL_US (15 * G_USEC_PER_SEC)
/* Bytes a number takes in a row, for the free-space estimate: the
 * shortest exact text of a double is mostly 17 to 23 characters. */
#define ROW_BYTES_PER_FIELD 20

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_BAD_INPUT = 2,
  EXIT_SIGNAL_BASE = 128,   /* + the signal that stopped the sweep */
};

/* failed points whose message is printed; the rest are in the file */
#define MAX_FAILED_SHOWN 5

/* Refuses before any work, so a typo costs nothing. */
static gboolean
check_output (const char *prog,
              const char *output)
{
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *descriptor = lsg_sweep_descriptor_path (output);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("%s: %s: the directory %s does not exist\n", prog, output, dir);
      return FALSE;
    }
  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("%s: %s is a directory\n", prog, output);
      return FALSE;
    }
  if (g_file_test (descriptor, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("%s: %s, where the sweep's descriptor goes, is a directory\n", prog,
                  descriptor);
      return FALSE;
    }
  return TRUE;
}

/* Whether files can be made in output's directory, by making one: the
 * permission bits alone do not tell (a read-only mount, root). */
static gboolean
check_writable (const char *prog,
                const char *output)
{
  g_autofree char *probe = g_strconcat (output, ".XXXXXX", NULL);
  g_autofree char *dir = g_path_get_dirname (output);
  int fd = g_mkstemp_full (probe, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_printerr ("%s: cannot write %s in %s: %s\n", prog, output, dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  g_unlink (probe);
  return TRUE;
}

/* "K/N", 1 <= K <= N */
static gboolean
parse_shard (const char *text,
             guint      *k,
             guint      *n)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);
  guint64 v[2];

  if (g_strv_length (parts) != 2)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT, &v[i], NULL))
      return FALSE;
  if (v[0] > v[1])
    return FALSE;
  *k = (guint) v[0];
  *n = (guint) v[1];
  return TRUE;
}

/* ---- Progress ------------------------------------------------------------ */

typedef struct {
  const char *prog;
  gboolean    terminal;       /* rewrite one line; else plain lines */
  gint64      last_line_us;
} Progress;

static void
progress_init (Progress   *progress,
               const char *prog)
{
  progress->prog = prog;
  progress->terminal = isatty (STDERR_FILENO);
  progress->last_line_us = 0;
}

static void
print_progress (guint    done,
                guint    total,
                double   eta_s,
                gpointer user_data)
{
  Progress *progress = user_data;
  g_autofree char *left = NULL;

  if (!isnan (eta_s) && done < total)
    left = g_strdup_printf (", %.0f s left", ceil (eta_s));
  if (progress->terminal)
    {
      g_printerr ("\r%s: %u of %u points%s          ", progress->prog, done, total,
                  left != NULL ? left : "");
      return;
    }
  /* a batch log: a line now and then, and the last */
  if (done < total && progress->last_line_us != 0
      && g_get_monotonic_time () - progress->last_line_us < PROGRESS_LINE_INTERVAL_US)
    return;
  progress->last_line_us = g_get_monotonic_time ();
  g_printerr ("%s: %u of %u points%s\n", progress->prog, done, total,
              left != NULL ? left : "");
}

static void
end_progress (const Progress *progress)
{
  if (progress->terminal)
    g_printerr ("\n");
}

static void
print_failed (const char     *prog,
              const LsgSweep *sweep,
              guint           shard_k,
              guint           shard_n)
{
  guint shown = 0;

  for (guint p = shard_k - 1; p < lsg_sweep_get_n_points (sweep) && shown < MAX_FAILED_SHOWN;
       p += shard_n)
    {
      const LsgSweepResult *r = lsg_sweep_get_result (sweep, p);

      if (r->done && r->error != NULL)
        {
          g_printerr ("%s: point %u failed: %s\n", prog, p, r->error);
          shown++;
        }
    }
}

gboolean
lsg_cli_sweep_parse_axes (const char          *prog,
                          const char * const  *varies,
                          LsgSweepAxis        *axes,
                          guint               *n_axes)
{
  g_autoptr(GError) error = NULL;

  *n_axes = 0;
  if (varies != NULL && g_strv_length ((char **) varies) > LSG_SWEEP_MAX_AXES)
    {
      g_printerr ("%s: %u --vary options: at most %u (a 1-D sweep or a 2-D map)\n",
                  prog, g_strv_length ((char **) varies), LSG_SWEEP_MAX_AXES);
      return FALSE;
    }
  for (guint a = 0; varies != NULL && varies[a] != NULL; a++)
    {
      if (!lsg_sweep_axis_parse (varies[a], &axes[a], &error))
        {
          g_printerr ("%s: --vary: %s\n", prog, error->message);
          return FALSE;
        }
      (*n_axes)++;
    }
  return TRUE;
}

gboolean
lsg_cli_sweep_check_counts (const char *prog,
                            int         mc,
                            int         threads)
{
  if (mc < 0 || (guint) mc > LSG_SWEEP_MAX_POINTS)
    {
      g_printerr ("%s: --mc %d: give 0 (no Monte Carlo) to %u chips\n",
                  prog, mc, LSG_SWEEP_MAX_POINTS);
      return FALSE;
    }
  if (threads < 0 || threads > 4096)
    {
      g_printerr ("%s: --threads %d: give 1 to 4096, or 0 for one per processor\n",
                  prog, threads);
      return FALSE;
    }
  return TRUE;
}

LsgSweep *
lsg_cli_sweep_new (const char         *prog,
                   const LsgParams    *params,
                   const LsgSweepAxis *axes,
                   guint               n_axes,
                   guint               mc)
{
  g_autoptr(GError) error = NULL;
  gboolean data_varies = FALSE;
  LsgSweep *sweep;

  for (guint a = 0; a < n_axes; a++)
    if (g_str_equal (axes[a].spec->group, "dataset"))
      data_varies = TRUE;
  if (!data_varies)
    {
      /* every point shares the data: a missing or bad data file is the
       * input's fault, not each point's */
      g_autoptr(LsgDataset) dataset = lsg_dataset_new_from_params (params, &error);

      if (dataset == NULL)
        {
          g_printerr ("%s: %s\n", prog, error->message);
          return NULL;
        }
    }
  sweep = lsg_sweep_new (params, axes, n_axes, mc, &error);
  if (sweep == NULL)
    g_printerr ("%s: %s\n", prog, error->message);
  return sweep;
}

gboolean
lsg_cli_sweep_run (const char *prog,
                   LsgSweep   *sweep,
                   guint       threads,
                   guint       shard_k,
                   guint       shard_n,
                   gboolean    show_progress)
{
  g_autoptr(GError) error = NULL;
  Progress progress;

  progress_init (&progress, prog);
  if (!lsg_sweep_run (sweep, threads, shard_k, shard_n,
                      show_progress ? print_progress : NULL, &progress, NULL, &error))
    {
      if (show_progress)
        end_progress (&progress);
      g_printerr ("%s: %s\n", prog, error->message);
      return FALSE;
    }
  if (show_progress)
    end_progress (&progress);
  print_failed (prog, sweep, shard_k, shard_n);
  return TRUE;
}

/* ---- The journal: FILE.partial ------------------------------------------ */

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           int         *err)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *err = errno;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

typedef struct {
  LsgSweep     *sweep;
  guint         shard_k;
  guint         shard_n;
  int           fd;
  guint         next;         /* the next point to write, in shard order */
  guint         n_written;    /* rows in the journal */
  GString      *buf;
  int           write_errno;  /* the first write error, 0 if none */
  GCancellable *cancellable;
  Progress      progress;
  gboolean      show_progress;
} Journal;

/* Rows go out in point order, as far as the points are done: a killed
 * run leaves the shard's first points, which --resume reads back (the
 * few done beyond a point still running are run again). */
static void
journal_point_done (guint    index G_GNUC_UNUSED,
                    gpointer user_data)
{
  Journal *j = user_data;
  guint n_points = lsg_sweep_get_n_points (j->sweep);
  guint rows = 0;

  if (j->write_errno != 0)
    return;
  g_string_truncate (j->buf, 0);
  while (j->next < n_points && lsg_sweep_get_result (j->sweep, j->next)->done)
    {
      lsg_sweep_append_csv_row (j->sweep, j->next, j->buf);
      j->next += j->shard_n;
      rows++;
    }
  if (rows == 0)
    return;
  if (!write_all (j->fd, j->buf->str, j->buf->len, &j->write_errno))
    {
      /* the rows before stay; stop, rather than compute what cannot be kept */
      g_cancellable_cancel (j->cancellable);
      return;
    }
  j->n_written += rows;
}

static void
journal_progress (guint    done,
                  guint    total,
                  double   eta_s,
                  gpointer user_data)
{
  Journal *j = user_data;

  if (j->show_progress)
    print_progress (done, total, eta_s, &j->progress);
}

/* Opens (creating it if need be) and locks the journal; *created says
 * whether this run made it. */
static int
journal_open (const char *prog,
              const char *path,
              gboolean   *created)
{
  int fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);

  *created = fd >= 0;
  if (fd < 0 && errno == EEXIST)
    {
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_printerr ("%s: %s is not a regular file; remove it\n", prog, path);
          return -1;
        }
      fd = open (path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    }
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *dir = g_path_get_dirname (path);

      g_printerr ("%s: cannot write %s in %s: %s\n", prog, path, dir, g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      if (saved == EWOULDBLOCK)
        g_printerr ("%s: another logsgd sweep is writing %s now; wait for it to end\n",
                    prog, path);
      else
        g_printerr ("%s: cannot lock %s: %s\n", prog, path, g_strerror (saved));
      close (fd);
      if (*created)
        g_unlink (path);
      return -1;
    }
  return fd;
}

/* Free space for the rows still to write, where the file system tells. */
static gboolean
check_space (const char     *prog,
             const char     *output,
             const LsgSweep *sweep,
             guint           n_rows)
{
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *what = g_strdup_printf ("%s, %u rows,", output, n_rows);
  g_autoptr(GError) error = NULL;
  guint n_figures;

  lsg_sweep_figure_names (&n_figures);
  if (lsg_output_check_space (dir, what, (double) n_rows * (n_figures + lsg_sweep_get_n_axes (sweep) + 8)
                                         * ROW_BYTES_PER_FIELD, &error))
    return TRUE;
  g_printerr ("%s: %s\n", prog, error->message);
  return FALSE;
}

static guint
count_done (const LsgSweep *sweep,
            guint           shard_k,
            guint           shard_n)
{
  guint n = 0;

  for (guint p = shard_k - 1; p < lsg_sweep_get_n_points (sweep); p += shard_n)
    if (lsg_sweep_get_result (sweep, p)->done)
      n++;
  return n;
}

static gboolean
write_descriptor (const char     *prog,
                  const LsgSweep *sweep,
                  const char     *output)
{
  g_autofree char *path = lsg_sweep_descriptor_path (output);
  char *text = lsg_sweep_to_descriptor (sweep);
  gsize len = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, len);
  g_autoptr(LsgOutputSet) set = lsg_output_set_new (TRUE);
  g_autoptr(GError) error = NULL;

  /* as every output: a link written through, never half a file */
  lsg_output_set_add (set, path, bytes);
  if (!lsg_output_set_commit (set, &error))
    {
      g_printerr ("%s: %s\n", prog, error->message);
      return FALSE;
    }
  return TRUE;
}

/* With --resume and no journal: FILE, if it is this shard's complete
 * result, is kept.  Returns an exit status, or -1 to run the shard. */
static int
resume_finished (const char *prog,
                 LsgSweep   *sweep,
                 const char *output,
                 guint       shard_k,
                 guint       shard_n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint size = lsg_sweep_shard_size (sweep, shard_k, shard_n), done;

  text = lsg_file_read_text (output, SWEEP_FILE_MAX_BYTES, "sweep file", NULL, &error);
  if (text == NULL || !lsg_sweep_read_csv (sweep, text, output, shard_k, shard_n,
                                           LSG_SWEEP_READ_DEFAULT, NULL, NULL, &error))
    {
      g_printerr ("%s: --resume: %s; give --force to replace %s\n", prog, error->message,
                  output);
      return EXIT_BAD_INPUT;
    }
  done = count_done (sweep, shard_k, shard_n);
  if (done < size)
    {
      g_printerr ("%s: --resume: %s holds %u of the shard's %u points, but no %s"
                  JOURNAL_SUFFIX " to go on from; give --force to run the shard again\n",
                  prog, output, done, size, output);
      return EXIT_BAD_INPUT;
    }
  if (!write_descriptor (prog, sweep, output))
    return EXIT_INTERNAL;
  if (shard_n > 1)
    g_print ("%s already holds all %u points of shard %u/%u; nothing to run\n", output, size,
             shard_k, shard_n);
  else
    g_print ("%s already holds all %u points; nothing to run\n", output, size);
  return EXIT_OK;
}

/* ---- logsgd sweep -------------------------------------------------------- */

typedef struct {
  const char *output;
  char       *journal;
  int         fd;
  gboolean    created;        /* this run made the journal */
  gsize       keep;           /* bytes of the journal to keep (resumed) */
  guint       n_resumed;      /* points read back */
} Output;

static void
output_clear (Output *out)
{
  if (out->fd >= 0)
    close (out->fd);
  out->fd = -1;
  g_clear_pointer (&out->journal, g_free);
}

/* Decides, before any point runs, what becomes of FILE and FILE.partial:
 * with --force both are replaced; with --resume the journal's rows are
 * read back (or a complete FILE kept); else neither may hold points.
 * Returns an exit status, or -1 to run the points not done. */
static int
prepare_output (const char *prog,
                LsgSweep   *sweep,
                Output     *out,
                guint       shard_k,
                guint       shard_n,
                gboolean    force,
                gboolean    resume)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean exists = g_file_test (out->output, G_FILE_TEST_EXISTS);
  gboolean journal_exists;
  guint size = lsg_sweep_shard_size (sweep, shard_k, shard_n), n_rows = 0;
  gsize used = 0;
  gboolean readable;

  /* rows go to FILE.partial, renamed at the end: a stream cannot be */
  if (lsg_output_is_stream (out->output))
    {
      g_printerr ("%s: %s is not a regular file; a sweep writes FILE.partial as its "
                  "points finish and renames it to FILE, so give a file name "
                  "(and read it from there, or merge it to -o -)\n", prog, out->output);
      return EXIT_BAD_INPUT;
    }
  out->journal = g_strconcat (out->output, JOURNAL_SUFFIX, NULL);
  journal_exists = g_file_test (out->journal, G_FILE_TEST_EXISTS);
  if (exists && !force && !resume)
    {
      g_printerr ("%s: %s exists; give --force to replace it, or --resume to keep it "
                  "if it is this shard's result\n", prog, out->output);
      return EXIT_BAD_INPUT;
    }
  if (resume && exists && !journal_exists)
    return resume_finished (prog, sweep, out->output, shard_k, shard_n);

  out->fd = journal_open (prog, out->journal, &out->created);
  if (out->fd < 0)
    return EXIT_BAD_INPUT;
  if (force || out->created)
    return -1;

  /* a journal left by an earlier run: whose? */
  text = lsg_file_read_text (out->journal, SWEEP_FILE_MAX_BYTES, "sweep file", NULL, &error);
  readable = text != NULL
             && lsg_sweep_read_csv (sweep, text, out->journal, shard_k, shard_n,
                                    LSG_SWEEP_READ_JOURNAL, &used, &n_rows, &error);
  if (readable && resume)
    {
      out->keep = used;
      out->n_resumed = n_rows;
      return -1;
    }
  if (readable && n_rows > 0)
    {
      g_printerr ("%s: %s holds %u of the shard's %u points from a run that stopped; "
                  "give --resume to go on from them, or --force to start again\n",
                  prog, out->journal, n_rows, size);
      return EXIT_BAD_INPUT;
    }
  if (!readable && resume)
    {
      g_printerr ("%s: --resume: %s; give --force to discard %s and run the shard again\n",
                  prog, error->message, out->journal);
      return EXIT_BAD_INPUT;
    }
  if (!readable)
    /* the points of another sweep, or of none: nothing to go on from
     * (rows of this sweep before a bad one were read, and are right) */
    g_printerr ("%s: removing %s, left by an interrupted run that this one cannot go on "
                "from (%s)\n", prog, out->journal, error->message);
  return -1;
}

/* Runs the points not done, appending their rows to the journal, and
 * renames it to FILE at the end.  Returns the exit status. */
static int
run_to_file (const char *prog,
             LsgSweep   *sweep,
             Output     *out,
             guint       threads,
             guint       shard_k,
             guint       shard_n,
             gboolean    show_progress)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;
  g_autofree char *dir = g_path_get_dirname (out->output);
  guint size = lsg_sweep_shard_size (sweep, shard_k, shard_n), n_failed;
  Journal j = { 0 };
  LsgSignalWatch watch;
  gboolean ok;
  int err = 0, signum;

  if (!check_space (prog, out->output, sweep, size - out->n_resumed))
    return EXIT_BAD_INPUT;
  if (!write_descriptor (prog, sweep, out->output))
    return EXIT_BAD_INPUT;
  if (ftruncate (out->fd, out->keep) != 0 || lseek (out->fd, 0, SEEK_END) < 0)
    err = errno;
  header = lsg_sweep_csv_header (sweep);
  if (err == 0 && out->keep == 0)
    write_all (out->fd, header, strlen (header), &err);
  if (err != 0)
    {
      g_printerr ("%s: cannot write %s: %s\n", prog, out->journal, g_strerror (err));
      return EXIT_INTERNAL;
    }

  j.sweep = sweep;
  j.shard_k = shard_k;
  j.shard_n = shard_n;
  j.fd = out->fd;
  j.next = shard_k - 1 + out->n_resumed * shard_n;
  j.n_written = out->n_resumed;
  j.buf = g_string_new (NULL);
  j.cancellable = cancellable;
  j.show_progress = show_progress;
  progress_init (&j.progress, prog);
  if (out->n_resumed > 0)
    g_printerr ("%s: going on from %u of the shard's %u points in %s\n", prog,
                out->n_resumed, size, out->journal);

  lsg_signal_watch_start (&watch, cancellable);
  ok = lsg_sweep_run_pending (sweep, threads, shard_k, shard_n, journal_progress,
                              journal_point_done, &j, cancellable, &error);
  lsg_signal_watch_stop (&watch);
  g_string_free (j.buf, TRUE);
  if (show_progress)
    end_progress (&j.progress);
  print_failed (prog, sweep, shard_k, shard_n);

  /* what is written is kept, whatever happens next */
  if (fsync (out->fd) != 0 && j.write_errno == 0)
    j.write_errno = errno;
  signum = lsg_signal_watch_get_signal (&watch);
  if (j.write_errno != 0)
    {
      g_printerr ("%s: cannot write %s: %s; its %u points are kept: make room and run "
                  "the same command with --resume\n", prog, out->journal,
                  g_strerror (j.write_errno), j.n_written);
      return EXIT_INTERNAL;
    }
  if (!ok && signum != 0)
    {
      g_printerr ("%s: stopped by signal %d (%s) after %u of the shard's %u points; %s "
                  "keeps them: run the same command with --resume to go on\n", prog,
                  signum, g_strsignal (signum), j.n_written, size, out->journal);
      return EXIT_SIGNAL_BASE + signum;
    }
  if (!ok)
    {
      g_printerr ("%s: %s\n", prog, error->message);
      return EXIT_INTERNAL;
    }
  g_assert (j.n_written == size);

  if (g_rename (out->journal, out->output) != 0)
    {
      int saved = errno;

      g_printerr ("%s: cannot rename %s to %s: %s\n", prog, out->journal, out->output,
                  g_strerror (saved));
      return EXIT_INTERNAL;
    }
  {
    /* the rename itself survives a crash once the directory is synced */
    int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dir_fd >= 0)
      {
        fsync (dir_fd);
        close (dir_fd);
      }
  }

  n_failed = lsg_sweep_get_n_failed (sweep);
  if (shard_n > 1)
    g_print ("Wrote %s: %u of the sweep's %u points (shard %u/%u), %u failed", out->output,
             size, lsg_sweep_get_n_points (sweep), shard_k, shard_n, n_failed);
  else
    g_print ("Wrote %s: %u points, %u failed", out->output, size, n_failed);
  if (out->n_resumed > 0)
    g_print (" (%u of them from the run before)", out->n_resumed);
  g_print ("\n");
  return EXIT_OK;
}

int
lsg_cmd_sweep (int    argc,
               char **argv)
{
#define PROG "logsgd sweep"
  g_auto(GStrv) sets = NULL;
  g_auto(GStrv) varies = NULL;
  g_autofree char *output = NULL;
  g_autofree char *shard_text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgSweep) sweep = NULL;
  LsgSweepAxis axes[LSG_SWEEP_MAX_AXES];
  guint n_axes = 0, shard_k = 1, shard_n = 1;
  gboolean force = FALSE, resume = FALSE, show_progress = FALSE;
  int mc = 0, threads = 0, status;
  Output out = { NULL, NULL, -1, FALSE, 0, 0 };
  GOptionEntry entries[] = {
    { "vary", 'V', 0, G_OPTION_ARG_STRING_ARRAY, &varies,
      "Sweep a numeric key, N points from FROM to TO (once: a 1-D sweep; twice: a 2-D map); "
      LSG_SWEEP_LAMBDA_AXIS " sweeps lambda = I_lambda / I_eta",
      "GROUP.KEY=FROM:TO:N[:log]" },
    { "mc", 0, 0, G_OPTION_ARG_INT, &mc,
      "Monte Carlo: N chips at every point (mc_seed and noise_seed + 0 ... N-1)", "N" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      "Override one key of the design point (repeatable)", "GROUP.KEY=VALUE" },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &threads,
      "Worker threads (default: one per processor)", "N" },
    { "shard", 0, 0, G_OPTION_ARG_STRING, &shard_text,
      "Run only the K-th of N interleaved slices of the points (default 1/1)", "K/N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The CSV file to write, one row per point", "FILE" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Replace FILE (and FILE" JOURNAL_SUFFIX " of a run that stopped) if it exists", NULL },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume,
      "Go on from the rows of a run that stopped (FILE" JOURNAL_SUFFIX "); keep FILE if it "
      "is complete", NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &show_progress,
      "Print progress to stderr even when it is not a terminal (then as a line now and then)",
      NULL },
    { NULL }
  };

  context = g_option_context_new ("[DESIGN.ini] -o FILE - evaluate many design points");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Runs the simulation at every point of a sweep and writes one CSV row per\n"
    "point: point, the varied keys, mc, mc_seed, noise_seed, every figure of\n"
    "merit of summary.ini (accuracy and cost), error, sweep_id and\n"
    "logsgd_version; the first line is the header.  Points are the grid (last\n"
    "--vary fastest) times the Monte Carlo chips (fastest).  A point that\n"
    "fails keeps its message in the error column; the sweep goes on.\n"
    "FROM and TO are plain numbers or engineering notation in the key's unit\n"
    "(circuit.i_eta=10p:100n:9:log).  Results do not depend on --threads.\n"
    "--shard K/N runs the points K-1, K-1+N, K-1+2N, ...; 'logsgd merge' joins\n"
    "the N files into exactly the file one unsharded run writes.  Whole-number\n"
    "keys take the values rounded.\n"
    "FILE's name with .sweep.ini (for FILE.csv) describes the sweep (axes,\n"
    "Monte Carlo, the design point, this version), for merge to check.  The\n"
    "rows go to FILE" JOURNAL_SUFFIX " as the points finish, renamed FILE at the end: after a\n"
    "kill, or SIGINT or SIGTERM, the same command with --resume goes on from\n"
    "them (and keeps a complete FILE as it is).\n"
    "--vary " LSG_SWEEP_LAMBDA_AXIS "=FROM:TO:N[:log] (or lambda=...) sweeps the\n"
    "regularization lambda = I_lambda / I_eta: at each point the other axis is\n"
    "applied, then [circuit] i_lambda = lambda x the effective I_eta; its column\n"
    "is " LSG_SWEEP_LAMBDA_AXIS " (the figure column lambda is the point's own ratio).\n"
    "A sweep whose i_lambda leaves its range at some point is refused.\n"
    "Without DESIGN.ini the paper preset is used.\n"
    "Example: logsgd sweep --vary circuit.i_eta=100p:10n:9:log --mc 20 -o sweep.csv\n"
    "         logsgd sweep --vary circuit.i_eta=1e-11:1e-7:9:log \\\n"
    "           --vary " LSG_SWEEP_LAMBDA_AXIS "=1e-4:1:9:log -o map.csv\n"
    "Exit status: 0 success (also when some points failed, or with --resume\n"
    "when FILE was complete), 2 bad input, 1 internal failure, 128 + N when\n"
    "signal N stopped it (the points done are kept for --resume).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc > 2)
    {
      g_printerr (PROG ": one design point at most, got %d: %s, %s, ...\n",
                  argc - 1, argv[1], argv[2]);
      return EXIT_BAD_INPUT;
    }
  if (output == NULL)
    {
      g_printerr (PROG ": no output file: give -o FILE (CSV)\n");
      return EXIT_BAD_INPUT;
    }
  if (!lsg_cli_sweep_parse_axes (PROG, (const char * const *) varies, axes, &n_axes)
      || !lsg_cli_sweep_check_counts (PROG, mc, threads))
    return EXIT_BAD_INPUT;
  if (shard_text != NULL && !parse_shard (shard_text, &shard_k, &shard_n))
    {
      g_printerr (PROG ": --shard \xe2\x80\x9c%s\xe2\x80\x9d: give K/N with 1 \xe2\x89\xa4 K "
                  "\xe2\x89\xa4 N, e.g. --shard 3/16\n", shard_text);
      return EXIT_BAD_INPUT;
    }
  if (force && resume)
    {
      g_printerr (PROG ": --force starts again, --resume goes on: give one of them\n");
      return EXIT_BAD_INPUT;
    }
  if (!check_output (PROG, output))
    return EXIT_BAD_INPUT;

  params = lsg_params_load_with_overrides (argc == 2 ? argv[1] : NULL,
                                           (const char * const *) sets, &error);
  if (params == NULL)
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  sweep = lsg_cli_sweep_new (PROG, params, axes, n_axes, (guint) mc);
  if (sweep == NULL)
    return EXIT_BAD_INPUT;

  out.output = output;
  status = prepare_output (PROG, sweep, &out, shard_k, shard_n, force, resume);
  if (status < 0)
    {
      if (!show_progress)
        show_progress = isatty (STDERR_FILENO);
      status = run_to_file (PROG, sweep, &out, (guint) threads, shard_k, shard_n,
                            show_progress);
    }
  else if (out.created)
    /* refused: leave nothing behind */
    g_unlink (out.journal);
  output_clear (&out);
  return status;
#undef PROG
}

/* ---- logsgd merge -------------------------------------------------------- */

int
lsg_cmd_merge (int    argc,
               char **argv)
{
#define PROG "logsgd merge"
  g_autofree char *output = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *merged_descriptor = NULL;
  g_autofree char *descriptor_path = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) descriptors = g_ptr_array_new_with_free_func (g_free);
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The merged CSV file", "FILE" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Replace FILE if it exists", NULL },
    { NULL }
  };

  context = g_option_context_new ("PART.csv... -o FILE - join the shards of a sweep");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Joins the files of 'logsgd sweep --shard K/N' into exactly the file one\n"
    "unsharded run writes, and its descriptor beside it.  Each part's\n"
    "descriptor (PART.sweep.ini, beside PART.csv; at least one is needed)\n"
    "names the sweep: its axes, Monte Carlo, design point and the version of\n"
    "logsgd that ran it.  The parts must be of one sweep, hold every point\n"
    "once, and every row must be well formed and have its point's axis values\n"
    "and seeds, recomputed from the descriptor.\n"
    "Exit status: 0 success, 2 bad input, 1 internal failure.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc < 2)
    {
      g_printerr (PROG ": no sweep files: give the shards' CSV files\n");
      return EXIT_BAD_INPUT;
    }
  if (output == NULL)
    {
      g_printerr (PROG ": no output file: give -o FILE (CSV)\n");
      return EXIT_BAD_INPUT;
    }
  if (!check_output (PROG, output))
    return EXIT_BAD_INPUT;
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_printerr (PROG ": %s exists; give --force to replace it\n", output);
      return EXIT_BAD_INPUT;
    }
  if (!check_writable (PROG, output))
    return EXIT_BAD_INPUT;

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *desc_path = lsg_sweep_descriptor_path (argv[i]);
      char *text = NULL;
      char *desc = NULL;

      /* a regular text file (CRLF and a byte order mark are fine), not a
       * FIFO, not endless */
      text = lsg_file_read_text (argv[i], SWEEP_FILE_MAX_BYTES, "sweep file", NULL, &error);
      if (text == NULL)
        {
          g_printerr (PROG ": %s\n", error->message);
          return EXIT_BAD_INPUT;
        }
      g_ptr_array_add (texts, text);
      if (g_file_test (desc_path, G_FILE_TEST_EXISTS))
        {
          desc = lsg_file_read_text (desc_path, 2 * LSG_DESIGN_FILE_MAX_BYTES,
                                     "sweep descriptor", NULL, &error);
          if (desc == NULL)
            {
              g_printerr (PROG ": %s\n", error->message);
              return EXIT_BAD_INPUT;
            }
        }
      g_ptr_array_add (descriptors, desc);
    }
  if (!lsg_sweep_merge_csv ((const char *const *) texts->pdata,
                            (const char *const *) descriptors->pdata,
                            (const char *const *) argv + 1, texts->len, &merged,
                            &merged_descriptor, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  /* both as a set, through temporary files and renames; "-", a device
   * or a FIFO takes the CSV as a stream, without a descriptor beside it */
  {
    g_autoptr(LsgOutputSet) set = lsg_output_set_new (TRUE);
    g_autoptr(GBytes) csv_bytes = g_bytes_new_static (merged, strlen (merged));
    g_autoptr(GBytes) desc_bytes = g_bytes_new_static (merged_descriptor, strlen (merged_descriptor));
    gboolean stream = lsg_output_is_stream (output);

    lsg_output_set_add (set, output, csv_bytes);
    if (!stream)
      {
        descriptor_path = lsg_sweep_descriptor_path (output);
        lsg_output_set_add (set, descriptor_path, desc_bytes);
      }
    if (!lsg_output_set_commit (set, &error))
      {
        g_printerr (PROG ": %s\n", error->message);
        return EXIT_INTERNAL;
      }
    /* the merged CSV may be the standard output: the report goes aside */
    if (stream)
      g_printerr ("Wrote %s from %u files\n", output, texts->len);
    else
      g_print ("Wrote %s from %u files\n", output, texts->len);
  }
  return EXIT_OK;
#undef PROG
}
