/* logsgd: the headless command-line front end. */
#include "lsg-config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <errno.h>

#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>

#include "lsg-dataset.h"
#include "lsg-metrics.h"
#include "lsg-params.h"
#include "lsg-sim.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_BAD_INPUT = 2,
};

static const char usage_text[] =
  "Usage:\n"
  "  logsgd run [DESIGN.ini] [--set GROUP.KEY=VALUE]... [--out DIR]\n"
  "  logsgd --help | --version\n"
  "\n"
  "Simulates the log-domain SGDr accelerator on a design point (the paper\n"
  "preset when no file is given) beside its ideal references, and writes\n"
  "DIR/trajectory.csv, DIR/summary.ini and DIR/design.ini.\n"
  "\n"
  "Run 'logsgd run --help' for the options of run.\n"
  "\n"
  "Exit status: 0 success, 2 bad input (the message names what and where),\n"
  "1 internal failure.\n";

static char *
format_double (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    return g_strdup ("nan");
  if (isinf (v))
    return g_strdup (v > 0 ? "inf" : "-inf");
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

static char *
trajectory_csv (const LsgTrajectory *traj,
                gboolean             with_test)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  guint n_rows = lsg_trajectory_get_n_rows (traj);
  GString *out = g_string_sized_new ((gsize) n_rows * l->n_weights * 48 + 256);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, "t_s,phase");
  for (guint i = 0; i < l->n_weights; i++)
    g_string_append_printf (out, ",w_%u", i);
  for (guint i = 0; i < l->n_weights; i++)
    g_string_append_printf (out, ",ref_%u", i);
  g_string_append (out, ",loss,ref_loss");
  if (with_test)
    g_string_append (out, ",test_loss,ref_test_loss");
  g_string_append_c (out, '\n');

  for (guint k = 0; k < n_rows; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);
      guint last = with_test ? l->ref_test_loss : l->ref_loss;

      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, row[LSG_COL_T]));
      g_string_append (out, row[LSG_COL_PHASE] == LSG_PHASE_TRAIN ? ",train" : ",hold");
      for (guint c = l->w; c <= last; c++)
        {
          g_string_append_c (out, ',');
          g_string_append (out, g_ascii_dtostr (buf, sizeof buf, row[c]));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
summary_ini (const LsgSummary *summary,
             const LsgBudget  *budget)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  const LsgSummaryField *fields;
  guint n_fields;

  fields = lsg_summary_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    {
      double v = G_STRUCT_MEMBER (double, summary, fields[f].offset);
      g_autofree char *text = format_double (v);

      g_key_file_set_value (kf, "summary", fields[f].key, text);
      if (fields[f].unit[0] != '\0')
        {
          g_autofree char *comment = g_strdup_printf (" %s (%s)", fields[f].label, fields[f].unit);
          g_key_file_set_comment (kf, "summary", fields[f].key, comment, NULL);
        }
    }
  g_key_file_set_comment (kf, "summary", NULL,
                          " Figures of merit, SI units (rel_mse_pct in percent)", NULL);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    {
      g_autofree char *text = format_double (budget->rel_mse_pct[b]);
      g_key_file_set_value (kf, "budget", lsg_budget_item_name (b), text);
    }
  g_key_file_set_comment (kf, "budget", NULL,
                          " rel_mse_pct (%) with each non-ideality enabled alone", NULL);
  return g_key_file_to_data (kf, NULL, NULL);
}

static void
print_summary (const LsgParams  *params,
               const LsgDataset *dataset,
               const char       *source,
               const LsgSummary *summary,
               const LsgBudget  *budget)
{
  const LsgSummaryField *fields;
  guint n_fields;

  g_print ("LogSGD run: %s, %u weights, %u training samples x %u epochs\n\n",
           source, dataset->n_weights, dataset->n_train, params->epochs);
  fields = lsg_summary_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    {
      double v = G_STRUCT_MEMBER (double, summary, fields[f].offset);

      if (isnan (v) && (g_str_has_suffix (fields[f].key, "test_loss")))
        continue;
      g_print ("  %-14s %12.5g %-4s %s%s\n", fields[f].key, v, fields[f].unit,
               fields[f].label,
               g_str_equal (fields[f].key, "rel_mse_pct")
                 ? (v < 0.87 ? "  (paper: < 0.87 %, met)" : "  (paper: < 0.87 %, NOT met)")
                 : "");
    }
  g_print ("\nError budget: rel_mse_pct with each non-ideality alone\n");
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    g_print ("  %-20s %12.5g %%\n", lsg_budget_item_name (b), budget->rel_mse_pct[b]);
}

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *contents,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  /* Temporary file and rename: no half-written output on failure. */
  return g_file_set_contents (path, contents, -1, error);
}

static int
cmd_run (int    argc,
         char **argv)
{
  g_auto(GStrv) sets = NULL;
  g_autofree char *out_dir = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgDataset) dataset = NULL;
  g_autoptr(LsgSim) sim = NULL;
  g_autofree char *source = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *design = NULL;
  LsgSummary summary;
  LsgBudget budget;
  GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      "Override one key of the design point (repeatable)", "GROUP.KEY=VALUE" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      "Directory for trajectory.csv, summary.ini and design.ini (default: .)", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("[DESIGN.ini] - simulate a design point");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Without DESIGN.ini the paper preset is used.  Keys and their ranges are\n"
    "those of the design-point file, e.g. --set circuit.i_eta=2e-9.\n"
    "Exit status: 0 success, 2 bad input, 1 internal failure.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc > 2)
    {
      g_printerr ("logsgd run: one design point at most, got %d: %s, %s, ...\n",
                  argc - 1, argv[1], argv[2]);
      return EXIT_BAD_INPUT;
    }

  source = g_strdup (argc == 2 ? argv[1] : "paper preset");
  params = lsg_params_load_with_overrides (argc == 2 ? argv[1] : NULL,
                                           (const char * const *) sets, &error);
  if (params == NULL)
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  if (out_dir == NULL)
    out_dir = g_strdup (".");
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      g_printerr ("logsgd run: cannot create output directory %s: %s\n",
                  out_dir, g_strerror (errno));
      return EXIT_BAD_INPUT;
    }

  dataset = lsg_dataset_new_from_params (params, &error);
  if (dataset == NULL)
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  sim = lsg_sim_new (params, dataset, &error);
  if (sim == NULL || !lsg_sim_run (sim, NULL, NULL, NULL, &error))
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return error->domain == LSG_SIM_ERROR ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }
  lsg_summary_compute (sim, &summary);
  if (!lsg_budget_compute (params, dataset, summary.rel_mse_pct, NULL, &budget, &error))
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  csv = trajectory_csv (lsg_sim_get_trajectory (sim), dataset->n_test > 0);
  ini = summary_ini (&summary, &budget);
  {
    /* design.ini must reproduce the run from wherever it is read: make
     * the data file's path absolute */
    g_autoptr(LsgParams) saved = lsg_params_copy (params);

    if (saved->dataset_kind == LSG_DATASET_CSV)
      {
        g_free (saved->csv);
        saved->csv = lsg_params_resolve_csv (params);
      }
    design = lsg_params_to_data (saved, NULL);
  }
  if (!write_file (out_dir, "trajectory.csv", csv, &error)
      || !write_file (out_dir, "summary.ini", ini, &error)
      || !write_file (out_dir, "design.ini", design, &error))
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_INTERNAL;
    }

  print_summary (params, dataset, source, &summary, &budget);
  g_print ("\nWrote %s/trajectory.csv, summary.ini and design.ini\n", out_dir);
  return EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  gsl_set_error_handler_off ();

  if (argc < 2)
    {
      g_printerr ("%s", usage_text);
      return EXIT_BAD_INPUT;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("%s", usage_text);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("logsgd %s\n", LSG_VERSION);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "run"))
    return cmd_run (argc - 1, argv + 1);

  g_printerr ("logsgd: unknown command \xe2\x80\x9c%s\xe2\x80\x9d\n\n%s", argv[1], usage_text);
  return EXIT_BAD_INPUT;
}
