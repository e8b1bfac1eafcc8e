/* logsgd: the headless command-line front end. */
#include "lsg-config.h"

#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <errno.h>

#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-estimate.h"
#include "lsg-metrics.h"
#include "lsg-output.h"
#include "lsg-params.h"
#include "lsg-plot-math.h"
#include "lsg-run.h"
#include "lsg-sim.h"
#include "logsgd-export.h"
#include "logsgd-info.h"
#include "logsgd-sweep.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_BAD_INPUT = 2,
};

static const char usage_text[] =
  "Usage:\n"
  "  logsgd run [DESIGN.ini] [--set GROUP.KEY=VALUE]... [-o DIR] [--force]\n"
  "  logsgd estimate [DESIGN.ini] [--set GROUP.KEY=VALUE]...\n"
  "  logsgd export [DESIGN.ini] -o FILE [--figure weights|loss|cells|sheet] [OPTION...]\n"
  "  logsgd export [DESIGN.ini] -o FILE --figure map --vary A --vary B [--mc N] [--of FIGURE] [--spec VALUE] [OPTION...]\n"
  "  logsgd sweep [DESIGN.ini] --vary GROUP.KEY=FROM:TO:N[:log]... [--mc N] [--threads N] [--shard K/N] -o FILE [--resume|--force]\n"
  "               (--vary derived.lambda=FROM:TO:N[:log] sweeps lambda = I_lambda / I_eta)\n"
  "  logsgd merge PART.csv... -o FILE\n"
  "  logsgd keys [--csv]\n"
  "  logsgd presets\n"
  "  logsgd preset NAME [-o FILE]\n"
  "  logsgd --help | --version\n"
  "\n"
  "run: simulates the log-domain SGDr accelerator on a design point (the\n"
  "paper preset when no file is given) beside its ideal references, and\n"
  "writes DIR/trajectory.csv, DIR/summary.ini and DIR/design.ini.\n"
  "\n"
  "estimate: prints the chip's transistors, area and power block by block,\n"
  "its energy per weight update and to converge, and 8-bit integer and fp32\n"
  "digital baselines at the same update rate (one simulation run gives the\n"
  "mean cell current and the time to converge).\n"
  "\n"
  "Each command takes --help for its options.\n"
  "\n"
  "Exit status: 0 success, 2 bad input (the message names what and where),\n"
  "1 internal failure.\n";

static char *
format_double (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (lsg_format_double_exact (buf, sizeof buf, v));
}


static char *
trajectory_csv (const LsgTrajectory *traj,
                gboolean             with_test)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  guint n_rows = lsg_trajectory_get_n_rows (traj);
  GString *out = g_string_sized_new ((gsize) n_rows * l->n_weights * 48 + 256);
  g_string_append (out, "t_s,phase");
  for (guint i = 0; i < l->n_weights; i++)
    g_string_append_printf (out, ",w_%u", i);
  for (guint i = 0; i < l->n_weights; i++)
    g_string_append_printf (out, ",ref_%u", i);
  g_string_append (out, ",loss,ref_loss");
  if (with_test)
    g_string_append (out, ",test_loss,ref_test_loss");
  /* the log domain at work: both cell currents of every weight, A */
  for (guint i = 0; i < l->n_weights; i++)
    g_string_append_printf (out, ",i_plus_%u", i);
  for (guint i = 0; i < l->n_weights; i++)
    g_string_append_printf (out, ",i_minus_%u", i);
  g_string_append_c (out, '\n');

  for (guint k = 0; k < n_rows; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);
      guint last = with_test ? l->ref_test_loss : l->ref_loss;

      lsg_number_append (out, row[LSG_COL_T]);
      g_string_append (out, row[LSG_COL_PHASE] == LSG_PHASE_TRAIN ? ",train" : ",hold");
      for (guint c = l->w; c <= last; c++)
        {
          g_string_append_c (out, ',');
          lsg_number_append (out, row[c]);
        }
      for (guint c = l->i_plus; c < l->i_minus + l->n_weights; c++)
        {
          g_string_append_c (out, ',');
          lsg_number_append (out, row[c]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
summary_ini (const LsgSummary  *summary,
             const LsgEstimate *estimate,
             const LsgBudget   *budget)
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
  guint n_estimate_fields;
  const LsgEstimateField *estimate_fields = lsg_estimate_fields (&n_estimate_fields);

  for (guint f = 0; f < n_estimate_fields; f++)
    {
      const LsgEstimateField *field = &estimate_fields[f];
      g_autofree char *text = format_double (lsg_estimate_field_value (estimate, field));
      g_autofree char *comment = field->unit[0] != '\0'
                                 ? g_strdup_printf (" %s (%s)", field->label, field->unit)
                                 : g_strdup_printf (" %s", field->label);

      g_key_file_set_value (kf, "summary", field->key, text);
      g_key_file_set_comment (kf, "summary", field->key, comment, NULL);
    }
  g_key_file_set_comment (kf, "summary", NULL,
                          " Figures of merit, SI units (rel_mse_pct in percent)", NULL);
  /* without the budget (--no-budget) the file has no [budget] group at
   * all: no number stands in for one that was not computed */
  if (budget == NULL)
    return g_key_file_to_data (kf, NULL, NULL);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    {
      g_autofree char *text = format_double (budget->rel_mse_pct[b]);
      g_key_file_set_value (kf, "budget", lsg_budget_item_name (b), text);
    }
  g_key_file_set_comment (kf, "budget", NULL,
                          " rel_mse_pct (%) with each non-ideality enabled alone", NULL);
  return g_key_file_to_data (kf, NULL, NULL);
}

/* Spaces after a unit to fill 4 columns (units may be UTF-8: "m²"). */
static int
unit_pad (const char *unit)
{
  return MAX (0, 4 - (int) g_utf8_strlen (unit, -1));
}

static void
print_summary (const LsgParams *params,
               const LsgRun    *run,
               const char      *source)
{
  const LsgSummary *summary = lsg_run_get_summary (run);
  const LsgEstimate *estimate = lsg_run_get_estimate (run);
  const LsgBudget *budget = lsg_run_get_budget (run);
  const LsgSummaryField *fields;
  const LsgEstimateField *estimate_fields;
  guint n_fields, n_estimate_fields;

  g_print ("LogSGD run: %s, %u weights, %u training samples x %u epochs\n\n",
           source, lsg_run_get_n_weights (run), lsg_run_get_n_train (run), params->epochs);
  fields = lsg_summary_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    {
      double v = G_STRUCT_MEMBER (double, summary, fields[f].offset);

      if (isnan (v) && (g_str_has_suffix (fields[f].key, "test_loss")))
        continue;
      g_print ("  %-20s %12.5g %s%*s %s%s\n", fields[f].key, v, fields[f].unit,
               unit_pad (fields[f].unit), "",
               fields[f].label,
               g_str_equal (fields[f].key, "rel_mse_pct")
                 ? (v < 0.87 ? "  (paper: < 0.87 %, met)" : "  (paper: < 0.87 %, NOT met)")
                 : "");
    }
  g_print ("\nArea and power ('logsgd estimate' shows the blocks and baselines)\n");
  estimate_fields = lsg_estimate_fields (&n_estimate_fields);
  for (guint f = 0; f < n_estimate_fields; f++)
    g_print ("  %-20s %12.5g %s%*s %s\n", estimate_fields[f].key,
             lsg_estimate_field_value (estimate, &estimate_fields[f]), estimate_fields[f].unit,
             unit_pad (estimate_fields[f].unit), "", estimate_fields[f].label);
  if (budget == NULL)
    {
      g_print ("\nError budget: not computed (--no-budget)\n");
      return;
    }
  g_print ("\nError budget: rel_mse_pct with each non-ideality alone\n");
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    g_print ("  %-20s %12.5g %%\n", lsg_budget_item_name (b), budget->rel_mse_pct[b]);
}

/* The run's three files, as a set (lsg-output.h). */
static LsgOutputSet *
run_outputs (const char *dir,
             gboolean    force,
             const char *csv,
             const char *ini,
             const char *design)
{
  static const char *const names[] = { "trajectory.csv", "summary.ini", "design.ini" };
  const char *contents[] = { csv, ini, design };
  LsgOutputSet *set = lsg_output_set_new (force);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GBytes) bytes = contents[i] != NULL
                                ? g_bytes_new_static (contents[i], strlen (contents[i]))
                                : g_bytes_new_static ("", 0);

      lsg_output_set_add (set, path, bytes);
    }
  return set;
}

/* Free space for trajectory.csv, refused before the work: one row per
 * sample interval, about 20 bytes a number. */
static gboolean
check_space (const char       *dir,
             const LsgParams  *params,
             const LsgDataset *dataset)
{
  guint n = dataset->n_weights;
  double rows, fields;
  g_autofree char *what = NULL;
  g_autoptr(GError) error = NULL;

  rows = (double) params->epochs * dataset->n_train
         + (params->t_hold > 0 ? ceil (params->t_hold / params->t_sample) : 0);
  fields = 2 + 4.0 * n + 2 + (dataset->n_test > 0 ? 2 : 0);
  what = g_strdup_printf ("%s/trajectory.csv, %.0f rows ([dataset] epochs = %u \xc3\x97 %u "
                          "training samples, %u weights),", dir, rows, params->epochs,
                          dataset->n_train, n);
  if (lsg_output_check_space (dir, what, rows * fields * 20, &error))
    return TRUE;
  g_printerr ("logsgd run: %s\n", error->message);
  return FALSE;
}

/* A run fails on its input (the point, its data, a point the chip cannot
 * train) or, for anything else, inside the program. */
static int
run_exit_status (const GError *error)
{
  if (error->domain == LSG_PARAMS_ERROR || error->domain == LSG_DATASET_ERROR
      || error->domain == LSG_SIM_ERROR)
    return EXIT_BAD_INPUT;
  return EXIT_INTERNAL;
}

static int
cmd_run (int    argc,
         char **argv)
{
  g_auto(GStrv) sets = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *out_alias = NULL;
  gboolean force = FALSE;
  gboolean no_budget = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LsgOutputSet) outputs = NULL;
  g_autoptr(LsgDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgRun) run = NULL;
  g_autofree char *source = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *design = NULL;
  GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      "Override one key of the design point (repeatable)", "GROUP.KEY=VALUE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      "Directory for trajectory.csv, summary.ini and design.ini (default: .)", "DIR" },
    { "out", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &out_alias,
      "The same as --output", "DIR" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Replace the files of an earlier run in DIR", NULL },
    { "no-budget", 0, 0, G_OPTION_ARG_NONE, &no_budget,
      "Skip the error budget (its runs, one per non-ideality); summary.ini then has no [budget]", NULL },
    { NULL }
  };

  context = g_option_context_new ("[DESIGN.ini] - simulate a design point");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Without DESIGN.ini the paper preset is used.  Keys and their ranges are\n"
    "those of the design-point file, e.g. --set circuit.i_eta=2e-9 or 2n or 2nA.\n"
    "The files of an earlier run in DIR are kept unless --force is given.\n"
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
    out_dir = g_steal_pointer (&out_alias);
  if (out_dir == NULL)
    out_dir = g_strdup (".");
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      g_printerr ("logsgd run: cannot create output directory %s: %s\n",
                  out_dir, g_strerror (errno));
      return EXIT_BAD_INPUT;
    }
  /* refused before the work, not after it */
  outputs = run_outputs (out_dir, force, NULL, NULL, NULL);
  if (!lsg_output_set_check (outputs, &error))
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  dataset = lsg_dataset_new_from_params (params, &error);
  if (dataset == NULL)
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (!check_space (out_dir, params, dataset))
    return EXIT_BAD_INPUT;

  run = lsg_run_execute_with_dataset (params, dataset, no_budget ? LSG_RUN_DEFAULT : LSG_RUN_BUDGET,
                                      NULL, NULL, NULL, &error);
  if (run == NULL)
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return run_exit_status (error);
    }

  csv = trajectory_csv (lsg_run_get_trajectory (run), lsg_run_get_n_test (run) > 0);
  ini = summary_ini (lsg_run_get_summary (run), lsg_run_get_estimate (run),
                     lsg_run_get_budget (run));
  /* design.ini must reproduce the run from wherever it is read: the point
   * as run names its data file by an absolute path */
  design = lsg_params_to_data (lsg_run_get_params (run), NULL);
  /* all three or none: temporary files first, renames last */
  lsg_output_set_free (outputs);
  outputs = run_outputs (out_dir, force, csv, ini, design);
  if (!lsg_output_set_commit (outputs, &error))
    {
      g_printerr ("logsgd run: %s\n", error->message);
      return EXIT_INTERNAL;
    }

  print_summary (params, run, source);
  g_print ("\nWrote %s/trajectory.csv, summary.ini and design.ini\n", out_dir);
  return EXIT_OK;
}

/* logsgd estimate */

/* text padded with spaces to width characters (not bytes: prefixes and
 * units are UTF-8), on the left for numbers. */
static void
append_padded (GString    *out,
               const char *text,
               int         width,
               gboolean    right)
{
  int pad = width - (int) g_utf8_strlen (text, -1);

  if (right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

static void
append_si (GString    *out,
           double      value,
           const char *unit,
           int         width)
{
  g_autofree char *text = lsg_format_si (value, unit, 3);

  append_padded (out, text, width, TRUE);
}

/* An area in square micrometres: whole numbers from 10 up, else 3 digits. */
static void
append_um2 (GString *out,
            double   area_m2,
            int      width)
{
  double um2 = area_m2 * 1e12;
  g_autofree char *text = fabs (um2) >= 10 ? g_strdup_printf ("%.0f", um2)
                                           : g_strdup_printf ("%.3g", um2);

  append_padded (out, text, width, TRUE);
}

static void
append_uint (GString *out,
             guint    value,
             int      width)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  append_padded (out, text, width, TRUE);
}

/* text folded at about width columns at ASCII spaces, each line after
 * indent spaces. */
static void
append_wrapped (GString    *out,
                const char *text,
                int         indent,
                int         width)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  int column = indent;

  for (int i = 0; i < indent; i++)
    g_string_append_c (out, ' ');
  for (guint w = 0; words[w] != NULL; w++)
    {
      int len = (int) g_utf8_strlen (words[w], -1);

      if (len == 0)
        continue;
      if (column > indent && column + 1 + len > width)
        {
          g_string_append_c (out, '\n');
          for (int i = 0; i < indent; i++)
            g_string_append_c (out, ' ');
          column = indent;
        }
      else if (column > indent)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[w]);
      column += len;
    }
  g_string_append_c (out, '\n');
}

/* A copy of text with its spaces made no-break (U+00A0). */
static char *
no_break (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", -1);

  return g_strjoinv ("\xc2\xa0", parts);
}

/* The read-out time with what it costs the training. */
static char *
readout_time_text (const LsgEstimate *e)
{
  g_autofree char *t = lsg_format_si (e->readout_time_s, "s", 3);

  return g_strdup_printf ("%s%s", t, e->readout_pauses_training ? ", paused" : "");
}

/* Every storage x readout combination at the point, the point's own
 * marked, so the cost of a topology can be read against the others. */
static void
append_topologies (GString          *out,
                   const LsgParams  *params,
                   const LsgRun     *run)
{
  const LsgSummary *summary = lsg_run_get_summary (run);
  LsgTopologyEstimate t[LSG_N_TOPOLOGIES];
  g_autoptr(LsgParams) other = lsg_params_copy (params);
  g_autofree char *other_i_c = NULL;

  lsg_estimate_topologies (params, lsg_run_get_n_weights (run), summary->mean_cell_current_a,
                           summary->t_converge_s, t);
  other->storage = params->storage == LSG_STORAGE_PAIR ? LSG_STORAGE_CLASS_AB : LSG_STORAGE_PAIR;
  other_i_c = lsg_format_si (lsg_estimate_default_cell_current (other), "A", 3);

  g_string_append (out, "Topologies at this design point (* this one)\n");
  g_string_append (out, "  storage + readout          trans.    area \xc2\xb5m\xc2\xb2       power"
                        "   read-out of all weights\n");
  for (guint k = 0; k < LSG_N_TOPOLOGIES; k++)
    {
      const LsgEstimate *e = &t[k].estimate;
      g_autofree char *readout = readout_time_text (e);

      g_string_append (out, t[k].is_current ? "* " : "  ");
      append_padded (out, t[k].name, 24, FALSE);
      append_uint (out, e->transistors, 9);
      append_um2 (out, e->area_m2, 12);
      append_si (out, e->power_w, "W", 12);
      g_string_append (out, "   ");
      g_string_append (out, readout);
      g_string_append_c (out, '\n');
    }
  {
    g_autofree char *note = g_strdup_printf (
      "Area includes routing. The other storage, %s, is taken at its default cell current "
      "%s: a run of one storage says nothing of the other's common mode. Read-out: one conversion per sample period; "
      "forward probes pause the training, differential converts each weight twice.",
      lsg_key_spec_lookup ("circuit", "storage")->choices[other->storage], other_i_c);

    append_wrapped (out, note, 2, 78);
  }
  g_string_append_c (out, '\n');
}

static char *
estimate_report (const LsgParams *params,
                 const LsgRun    *run,
                 const char      *source)
{
  const LsgSummary *summary = lsg_run_get_summary (run);
  const LsgEstimate *e = lsg_run_get_estimate (run);
  GString *out = g_string_new (NULL);
  const LsgDigitalBaseline *digital[] = { &e->int8, &e->fp32 };
  double cap_density = params->capacitor == LSG_CAPACITOR_MOS ? params->cap_density_mos
                                                              : params->cap_density_mim;
  double e_scale = lsg_digital_scale_energy (1.0, params->node, params->v_dd);
  double a_scale = lsg_digital_scale_area (1.0, params->node);
  g_autofree char *node = lsg_format_si (params->node, "m", 3);
  g_autofree char *v_dd = lsg_format_si (params->v_dd, "V", 3);
  g_autofree char *i_c = lsg_format_si (summary->mean_cell_current_a, "A", 3);
  g_autofree char *t_conv = lsg_format_si (summary->t_converge_s, "s", 3);
  g_autofree char *rate = lsg_format_si (e->updates_per_s, "", 3);
  g_autofree char *node_nb = no_break (node);
  g_autofree char *v_dd_nb = no_break (v_dd);

  g_string_append_printf (out, "LogSGD estimate: %s, %u weights (%u inputs%s)\n", source,
                          lsg_run_get_n_weights (run), lsg_run_get_n_features (run),
                          params->bias_input ? " and the bias" : "");
  g_string_append_printf (out, "Process: %s node, V_DD %s, matched devices W\xc2\xb7L %.3g \xc2\xb5m\xc2\xb2, "
                          "minimum %.3g \xc2\xb5m\xc2\xb2, layout factor %g,\n"
                          "  %s capacitors %.3g fF/\xc2\xb5m\xc2\xb2, routing overhead %g %%\n",
                          node, v_dd, params->device_area * 1e12,
                          params->w_min * params->l_min * 1e12, params->layout_factor,
                          params->capacitor == LSG_CAPACITOR_MOS ? "MOS" : "MIM",
                          cap_density * 1e3, params->routing_overhead * 100);
  g_string_append_printf (out, "Topology: %s storage, %s readout (MODEL.md 3.1, 3.2)\n",
                          lsg_key_spec_lookup ("circuit", "storage")->choices[params->storage],
                          lsg_key_spec_lookup ("circuit", "readout")->choices[params->readout]);
  g_string_append_printf (out, "From one simulation run: mean cell current %s, t_converge %s\n\n",
                          i_c, t_conv);

  /* Blocks */
  append_padded (out, "Block", 32, FALSE);
  g_string_append (out, "  inst  trans.  devices \xc2\xb5m\xc2\xb2  caps \xc2\xb5m\xc2\xb2     current       power\n");
  for (guint b = 0; b < LSG_BLOCK_N; b++)
    {
      const LsgBlockEstimate *blk = &e->blocks[b];

      append_padded (out, blk->label, 32, FALSE);
      append_uint (out, blk->instances, 6);
      append_uint (out, blk->transistors, 8);
      append_um2 (out, blk->device_area_m2, 14);
      append_um2 (out, blk->cap_area_m2, 11);
      append_si (out, blk->current_a, "A", 12);
      append_si (out, blk->power_w, "W", 12);
      g_string_append_c (out, '\n');
    }
  append_padded (out, "Sum", 38, FALSE);
  append_uint (out, e->transistors, 8);
  append_um2 (out, e->device_area_m2, 14);
  append_um2 (out, e->cap_area_m2, 11);
  append_si (out, e->current_a, "A", 12);
  append_si (out, e->power_w, "W", 12);
  g_string_append_c (out, '\n');
  {
    g_autofree char *label = g_strdup_printf ("Routing overhead (%g %% of devices and caps)",
                                              params->routing_overhead * 100);

    append_padded (out, label, 46, FALSE);
    append_um2 (out, e->overhead_area_m2, 14);
    g_string_append_c (out, '\n');
  }
  g_string_append (out, "Per-weight blocks have one instance per weight; a block the topology "
                        "does not have shows 0.\n\n");
  append_topologies (out, params, run);

  /* Totals */
  {
    g_autofree char *power = lsg_format_si (e->power_w, "W", 3);
    g_autofree char *current = lsg_format_si (e->current_a, "A", 3);
    g_autofree char *e_update = lsg_format_si (e->energy_per_update_j, "J", 3);
    g_autofree char *e_conv = lsg_format_si (e->energy_to_converge_j, "J", 3);
    g_autofree char *readout = lsg_format_si (e->readout_time_s, "s", 3);

    g_string_append (out, "Chip\n");
    g_string_append_printf (out, "  %-22s %u\n", "transistors", e->transistors);
    g_string_append_printf (out, "  %-22s %.0f \xc2\xb5m\xc2\xb2 (%.4g mm\xc2\xb2)\n", "area",
                            e->area_m2 * 1e12, e->area_m2 * 1e6);
    g_string_append_printf (out, "  %-22s %s (V_DD x %s)\n", "power", power, current);
    g_string_append_printf (out, "  %-22s %s per second (weights / T_s)\n", "weight updates", rate);
    g_string_append_printf (out, "  %-22s %s (P T_s / weights)\n", "energy per update", e_update);
    g_string_append_printf (out, "  %-22s %s (P t_converge)\n", "energy to converge", e_conv);
    g_string_append_printf (out, "  %-22s %s for all weights (%u conversions, one per T_s%s)\n\n",
                            "weight read-out", readout, e->readout_conversions,
                            e->readout_pauses_training ? ", training paused" : "");
  }

  /* Digital baselines */
  {
    g_autofree char *head = g_strdup_printf (
      "Digital baselines at the same %s weight updates per second: per update 3 "
      "multiplies, 2 adds, one weight read and one write (8 KB SRAM, 64-bit access). "
      "Energies at 45 nm, 0.9 V from Horowitz (ISSCC 2014), areas from TSMC 45 nm "
      "synthesis, SRAM cell 0.346 \xc2\xb5m\xc2\xb2 (Intel 45 nm, IEDM 2007); scaled to %s, %s: "
      "energy x %.4g (node V_DD\xc2\xb2), area x %.4g (node\xc2\xb2), first order.",
      rate, node_nb, v_dd_nb, e_scale, a_scale);

    append_wrapped (out, head, 0, 78);
  }
  g_string_append (out, "\n        mult       add   memory  per update      power   "
                        "logic \xc2\xb5m\xc2\xb2  SRAM \xc2\xb5m\xc2\xb2  area \xc2\xb5m\xc2\xb2\n");
  for (guint k = 0; k < G_N_ELEMENTS (digital); k++)
    {
      const LsgDigitalBaseline *d = digital[k];

      append_padded (out, d->key, 4, FALSE);
      append_si (out, d->e_mult_j, "J", 10);
      append_si (out, d->e_add_j, "J", 10);
      append_si (out, d->e_mem_j, "J", 9);
      append_si (out, d->energy_per_update_j, "J", 12);
      append_si (out, d->power_w, "W", 11);
      append_um2 (out, d->logic_area_m2, 11);
      append_um2 (out, d->sram_area_m2, 10);
      append_um2 (out, d->area_m2, 10);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "\nDigital over analog, the same for power and energy per update\n"
                        "(> 1: the analog chip is better)\n");
  g_string_append_printf (out, "  %-4s  power %10.4g   area %10.4g\n",
                          "int8", e->power_ratio_int8, e->area_ratio_int8);
  g_string_append_printf (out, "  %-4s  power %10.4g   area %10.4g\n",
                          "fp32", e->power_ratio_fp32, e->area_ratio_fp32);

  /* What each block assumes */
  g_string_append_printf (out, "\nBlock model (I_c: mean cell current, I_N: unit current%s)\n",
                          params->storage == LSG_STORAGE_CLASS_AB
                            ? ", I_Q: quiescent current of each half" : "");
  for (guint b = 0; b < LSG_BLOCK_N; b++)
    {
      g_autofree char *line = g_strdup_printf ("%s: %s", e->blocks[b].key, e->blocks[b].model);

      append_wrapped (out, line, 2, 78);
    }
  return g_string_free (out, FALSE);
}

static int
cmd_estimate (int    argc,
              char **argv)
{
  g_auto(GStrv) sets = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgRun) run = NULL;
  g_autofree char *report = NULL;
  GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      "Override one key of the design point (repeatable)", "GROUP.KEY=VALUE" },
    { NULL }
  };

  context = g_option_context_new ("[DESIGN.ini] - area, power and energy of a design point");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Prints the transistors, area and power of each block of the chip, the\n"
    "energy per weight update and to converge, and digital baselines (8-bit\n"
    "integer and fp32) at the same update rate.  One simulation run gives the\n"
    "mean cell current and the time to converge; nothing is written.\n"
    "Without DESIGN.ini the paper preset is used.  Keys and their ranges are\n"
    "those of the design-point file, e.g. --set tech.node=6.5e-8.\n"
    "Exit status: 0 success, 2 bad input, 1 internal failure.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("logsgd estimate: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc > 2)
    {
      g_printerr ("logsgd estimate: one design point at most, got %d: %s, %s, ...\n",
                  argc - 1, argv[1], argv[2]);
      return EXIT_BAD_INPUT;
    }

  params = lsg_params_load_with_overrides (argc == 2 ? argv[1] : NULL,
                                           (const char * const *) sets, &error);
  if (params == NULL)
    {
      g_printerr ("logsgd estimate: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  run = lsg_run_execute (params, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  if (run == NULL)
    {
      g_printerr ("logsgd estimate: %s\n", error->message);
      return run_exit_status (error);
    }

  report = estimate_report (params, run, argc == 2 ? argv[1] : "paper preset");
  g_print ("%s", report);
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
  if (g_str_equal (argv[1], "export"))
    return lsg_cmd_export (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "sweep"))
    return lsg_cmd_sweep (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "merge"))
    return lsg_cmd_merge (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "run"))
    return cmd_run (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "estimate"))
    return cmd_estimate (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "keys"))
    return lsg_cmd_keys (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "presets"))
    return lsg_cmd_presets (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "preset"))
    return lsg_cmd_preset (argc - 1, argv + 1);

  g_printerr ("logsgd: unknown command \xe2\x80\x9c%s\xe2\x80\x9d\n\n%s", argv[1], usage_text);
  return EXIT_BAD_INPUT;
}
