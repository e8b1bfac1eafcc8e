/* logsgd-sweep.c: `logsgd sweep` (many design points, in parallel, or one
 * shard of them) and `logsgd merge` (the shards joined into the file an
 * unsharded run writes). */
#include "lsg-file.h"
#include "lsg-config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-params.h"
#include "lsg-sweep.h"
#include "logsgd-sweep.h"

/* The largest sweep part merge reads: a million points of 1 kB. */
#define SWEEP_FILE_MAX_BYTES ((gsize) 1 << 30)

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_BAD_INPUT = 2,
};

/* failed points whose message is printed; the rest are in the file */
#define MAX_FAILED_SHOWN 5

/* Refuses before any work, so a typo costs nothing. */
static gboolean
check_output (const char *prog,
              const char *output,
              gboolean    force)
{
  g_autofree char *dir = g_path_get_dirname (output);

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
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s: %s exists; give --force to replace it\n", prog, output);
      return FALSE;
    }
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

static void
print_progress (guint    done,
                guint    total,
                double   eta_s,
                gpointer user_data)
{
  const char *prog = user_data;

  if (isnan (eta_s))
    g_printerr ("\r%s: %u of %u points          ", prog, done, total);
  else
    g_printerr ("\r%s: %u of %u points, %.0f s left          ",
                prog, done, total, ceil (eta_s));
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
  guint shown = 0;

  if (!lsg_sweep_run (sweep, threads, shard_k, shard_n,
                      show_progress ? print_progress : NULL, (gpointer) prog, NULL, &error))
    {
      if (show_progress)
        g_printerr ("\n");
      g_printerr ("%s: %s\n", prog, error->message);
      return FALSE;
    }
  if (show_progress)
    g_printerr ("\n");
  for (guint p = shard_k - 1; p < lsg_sweep_get_n_points (sweep) && shown < MAX_FAILED_SHOWN;
       p += shard_n)
    {
      const LsgSweepResult *r = lsg_sweep_get_result (sweep, p);

      if (r->error != NULL)
        {
          g_printerr ("%s: point %u failed: %s\n", prog, p, r->error);
          shown++;
        }
    }
  return TRUE;
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
  g_autofree char *csv = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgSweep) sweep = NULL;
  LsgSweepAxis axes[LSG_SWEEP_MAX_AXES];
  guint n_axes = 0, shard_k = 1, shard_n = 1, n_run, n_failed;
  gboolean force = FALSE, show_progress = FALSE;
  int mc = 0, threads = 0;
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
      "Replace FILE if it exists", NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &show_progress,
      "Print progress to stderr even when it is not a terminal", NULL },
    { NULL }
  };

  context = g_option_context_new ("[DESIGN.ini] -o FILE - evaluate many design points");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Runs the simulation at every point of a sweep and writes one CSV row per\n"
    "point: point, the varied keys, mc, mc_seed, noise_seed, every figure of\n"
    "merit of summary.ini (accuracy and cost) and error.  Points are the grid\n"
    "(last --vary fastest) times the Monte Carlo chips (fastest).  A point that\n"
    "fails keeps its message in the error column; the sweep goes on.\n"
    "Results do not depend on --threads.  --shard K/N runs the points K-1,\n"
    "K-1+N, K-1+2N, ...; 'logsgd merge' joins the N files into exactly the\n"
    "file one unsharded run writes.  Whole-number keys take the values rounded.\n"
    "--vary " LSG_SWEEP_LAMBDA_AXIS "=FROM:TO:N[:log] (or lambda=...) sweeps the\n"
    "regularization lambda = I_lambda / I_eta: at each point the other axis is\n"
    "applied, then [circuit] i_lambda = lambda x the effective I_eta; its column\n"
    "is " LSG_SWEEP_LAMBDA_AXIS " (the figure column lambda is the point's own ratio).\n"
    "A sweep whose i_lambda leaves its range at some point is refused.\n"
    "Without DESIGN.ini the paper preset is used.\n"
    "Example: logsgd sweep --vary circuit.i_eta=1e-10:1e-8:9:log --mc 20 -o sweep.csv\n"
    "         logsgd sweep --vary circuit.i_eta=1e-11:1e-7:9:log \\\n"
    "           --vary " LSG_SWEEP_LAMBDA_AXIS "=1e-4:1:9:log -o map.csv\n"
    "Exit status: 0 success (also when some points failed), 2 bad input,\n"
    "1 internal failure.");
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
  if (!check_output (PROG, output, force))
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

  if (!show_progress)
    show_progress = isatty (STDERR_FILENO);
  if (!lsg_cli_sweep_run (PROG, sweep, (guint) threads, shard_k, shard_n, show_progress))
    return EXIT_INTERNAL;

  csv = lsg_sweep_to_csv (sweep, shard_k, shard_n);
  /* temporary file and rename: no half-written output on failure */
  if (!g_file_set_contents (output, csv, -1, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_INTERNAL;
    }

  n_run = lsg_sweep_shard_size (sweep, shard_k, shard_n);
  n_failed = lsg_sweep_get_n_failed (sweep);
  if (shard_n > 1)
    g_print ("Wrote %s: %u of the sweep's %u points (shard %u/%u), %u failed\n", output,
             n_run, lsg_sweep_get_n_points (sweep), shard_k, shard_n, n_failed);
  else
    g_print ("Wrote %s: %u points, %u failed\n", output, n_run, n_failed);
  return EXIT_OK;
#undef PROG
}

int
lsg_cmd_merge (int    argc,
               char **argv)
{
#define PROG "logsgd merge"
  g_autofree char *output = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The merged CSV file", "FILE" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Replace FILE if it exists", NULL },
    { NULL }
  };

  context = g_option_context_new ("SHARD.csv... -o FILE - join the shards of a sweep");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Joins the files of 'logsgd sweep --shard K/N' into exactly the file one\n"
    "unsharded run writes.  The files must come from the same sweep (axes,\n"
    "Monte Carlo and design point, as their first line says), and together\n"
    "hold every point once.\n"
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
  if (!check_output (PROG, output, force))
    return EXIT_BAD_INPUT;

  for (int i = 1; i < argc; i++)
    {
      char *text = NULL;

      /* a regular text file (CRLF and a byte order mark are fine), not a
       * FIFO, not endless */
      text = lsg_file_read_text (argv[i], SWEEP_FILE_MAX_BYTES, "sweep file", NULL, &error);
      if (text == NULL)
        {
          g_printerr (PROG ": %s\n", error->message);
          return EXIT_BAD_INPUT;
        }
      g_ptr_array_add (texts, text);
    }
  if (!lsg_sweep_merge_csv ((const char *const *) texts->pdata,
                            (const char *const *) argv + 1, texts->len, &merged, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (!g_file_set_contents (output, merged, -1, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_INTERNAL;
    }
  g_print ("Wrote %s from %u files\n", output, texts->len);
  return EXIT_OK;
#undef PROG
}
