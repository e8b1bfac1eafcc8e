/* logsgd-export.c: `logsgd export`, figures for papers without a display. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "logsgd-export.h"
#include "logsgd-sweep.h"
#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-export.h"
#include "lsg-map-figure.h"
#include "lsg-params.h"
#include "lsg-run-figures.h"
#include "lsg-output.h"
#include "lsg-run.h"
#include "lsg-sim.h"
#include "lsg-sweep.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_BAD_INPUT = 2,
};

#define PROG "logsgd export"

/* an integer option left at this was not given */
#define NOT_GIVEN G_MININT

static const char description[] =
  "Simulates the design point (the paper preset when no file is given) as\n"
  "'logsgd run' does and draws the explorer's plots for a paper: black on\n"
  "white, markers and dashes that survive grayscale, fonts embedded, the\n"
  "design point stored in the file (PDF subject, SVG <metadata>, PNG iTXt).\n"
  "\n"
  "Figures: weights (circuit solid, ideal SGD dashed, ridge optimum w* on the\n"
  "right edge, hold phase shaded), loss (training loss, log axis), cells\n"
  "(cell currents and capacitor voltages of --weight K, panels (a) and (b)),\n"
  "sheet (weights, loss, currents, voltages as panels (a) to (d)).\n"
  "\n"
  "map: a design-space map.  Runs the sweep of the two --vary axes as\n"
  "'logsgd sweep' does (with --mc N chips a point, --threads, --set) and\n"
  "draws --of FIGURE (default rel_mse_pct) over them, the median over the\n"
  "chips of each point, log colours when it spans a decade; the region\n"
  "where it meets --spec VALUE (below it, or above it for enob, retention\n"
  "and the digital-over-analog ratios; default 0.87 for rel_mse_pct, else\n"
  "none; 'none' for none) hatched and outlined; the design point marked.\n"
  "--vary " LSG_SWEEP_LAMBDA_AXIS "=FROM:TO:N[:log] sweeps lambda = I_lambda / I_eta.\n"
  "--data writes the sweep CSV, as 'logsgd sweep' writes it; --progress\n"
  "prints the sweep's progress to stderr.\n"
  "\n"
  "Sizes: ieee-single (3.5 in wide), ieee-double (7.16 in wide), each row of\n"
  "panels 0.7 of a panel's width high (1.94 in to 2.78 in), or with a height\n"
  "(ieee-single:2.6in); or WIDTHxHEIGHT in mm, in or pt (89x60mm, 3.5x2.5in).\n"
  "A sheet's four panels are best read at ieee-double.\n"
  "\n"
  "--data writes FILE's name with .csv: the traces shown, numbers as in\n"
  "trajectory.csv.  --tex also writes a .tex pgfplots picture reading it.\n"
  "Existing files are kept unless --force is given.\n"
  "\n"
  "Example:\n"
  "  logsgd export --figure weights --size ieee-single --dpi 300 -o weights.png\n"
  "  logsgd export --figure map --vary circuit.i_eta=1e-11:1e-7:9:log \\\n"
  "    --vary " LSG_SWEEP_LAMBDA_AXIS "=1e-4:1:9:log --set nonideal.mismatch=false -o map.pdf\n"
  "\n"
  "Exit status: 0 success, 2 bad input, 1 internal failure.";

typedef enum {
  KIND_WEIGHTS,
  KIND_LOSS,
  KIND_CELLS,
  KIND_SHEET,
  KIND_MAP,
} Kind;

static gboolean
parse_kind (const char *text,
            Kind       *kind)
{
  static const char *const names[] = { "weights", "loss", "cells", "sheet", "map" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        *kind = (Kind) i;
        return TRUE;
      }
  return FALSE;
}

static const char *
format_name (LsgExportFormat format)
{
  switch (format)
    {
    case LSG_EXPORT_FORMAT_PDF: return "pdf";
    case LSG_EXPORT_FORMAT_SVG: return "svg";
    case LSG_EXPORT_FORMAT_PNG: return "png";
    case LSG_EXPORT_FORMAT_AUTO:
    default: return "none";
    }
}

/* The stored design point must reproduce the figure from wherever it is
 * read: the data file's path made absolute, as in design.ini. */
static char *
design_point_data (const LsgParams *params)
{
  g_autoptr(LsgParams) saved = lsg_params_copy (params);

  if (saved->dataset_kind == LSG_DATASET_CSV)
    {
      g_free (saved->csv);
      saved->csv = lsg_params_resolve_csv (params);
    }
  return lsg_params_to_data (saved, NULL);
}

/* --figure map: the sweep as logsgd sweep runs it, then its map. */
/* "Wrote FILE" for each file; aside, on stderr, when the figure went to
 * the standard output. */
static void
report_written (const char * const *files)
{
  gboolean to_stdout = files[0] != NULL && g_str_equal (files[0], "-");

  for (guint i = 0; files[i] != NULL; i++)
    {
      if (to_stdout)
        g_printerr ("Wrote %s\n", files[i]);
      else
        g_print ("Wrote %s\n", files[i]);
    }
}

static int
export_map (const LsgParams         *params,
            const LsgSweepAxis      *axes,
            guint                    n_axes,
            guint                    mc,
            guint                    threads,
            const char              *of,
            double                   spec,
            gboolean                 show_progress,
            const LsgExportOptions  *options,
            const char * const      *files,
            const char              *output)
{
  g_autoptr(LsgSweep) sweep = NULL;
  g_autoptr(LsgMapFigure) map = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *design = NULL;
  g_autofree char *csv = NULL;

  sweep = lsg_cli_sweep_new (PROG, params, axes, n_axes, mc);
  if (sweep == NULL)
    return EXIT_BAD_INPUT;
  if (!lsg_cli_sweep_run (PROG, sweep, threads, 1, 1, show_progress))
    return EXIT_INTERNAL;
  map = lsg_map_figure_new (sweep, of, spec);
  g_assert (map != NULL);   /* two axes and a known figure, checked */
  design = design_point_data (params);
  if (options->data)
    csv = lsg_sweep_to_csv (sweep, 1, 1);
  if (!lsg_map_figure_write (map, options, output, design, csv, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return error->domain == LSG_EXPORT_ERROR && error->code == LSG_EXPORT_ERROR_SIZE
               ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }
  report_written (files);
  if (lsg_sweep_get_n_failed (sweep) > 0)
    g_printerr ("%u of the %u points failed; their cells are grey\n",
             lsg_sweep_get_n_failed (sweep), lsg_sweep_get_n_points (sweep));
  return EXIT_OK;
}

int
lsg_cmd_export (int    argc,
                char **argv)
{
  g_auto(GStrv) sets = NULL;
  g_autofree char *figure_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *design = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgDataset) dataset = NULL;
  g_autoptr(LsgRun) run = NULL;
  g_autoptr(GPtrArray) panels = NULL;
  g_auto(GStrv) varies = NULL;
  g_autofree char *of_text = NULL;
  g_autofree char *spec_text = NULL;
  gboolean data = FALSE, tex = FALSE, force = FALSE, show_progress = FALSE;
  int dpi = 300, weight = 0, mc = NOT_GIVEN, threads = NOT_GIVEN;
  double spec = NAN;
  LsgSweepAxis axes[LSG_SWEEP_MAX_AXES];
  guint n_axes = 0;
  double font_size = 8;
  Kind kind = KIND_WEIGHTS;
  LsgExportOptions options;
  LsgExportFormat from_path;
  guint n_panels;
  GOptionEntry entries[] = {
    { "figure", 'f', 0, G_OPTION_ARG_STRING, &figure_text,
      "weights, loss, cells, sheet or map (default: weights)", "KIND" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      "pdf, svg or png (default: from FILE's extension)", "FORMAT" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text,
      "ieee-single, ieee-double or WxH{mm,in,pt} (default: ieee-single)", "SIZE" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi,
      "PNG resolution, 72 to 2400 (default: 300)", "N" },
    { "font-size", 0, 0, G_OPTION_ARG_DOUBLE, &font_size,
      "Text size in points, 4 to 36 (default: 8)", "PT" },
    { "weight", 'w', 0, G_OPTION_ARG_INT, &weight,
      "The weight whose cells the cells figure and the sheet show (default: 0)", "K" },
    { "data", 0, 0, G_OPTION_ARG_NONE, &data,
      "Also write the traces shown as CSV beside FILE", NULL },
    { "tex", 0, 0, G_OPTION_ARG_NONE, &tex,
      "Also write a pgfplots .tex (and the CSV it reads) beside FILE", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The figure file to write (required)", "FILE" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Replace existing files", NULL },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      "Override one key of the design point (repeatable)", "GROUP.KEY=VALUE" },
    { "vary", 'V', 0, G_OPTION_ARG_STRING_ARRAY, &varies,
      "map: an axis of the map (give two)", "GROUP.KEY=FROM:TO:N[:log]" },
    { "mc", 0, 0, G_OPTION_ARG_INT, &mc,
      "map: Monte Carlo, N chips at every point (the map shows their median)", "N" },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &threads,
      "map: worker threads (default: one per processor)", "N" },
    { "of", 0, 0, G_OPTION_ARG_STRING, &of_text,
      "map: the figure of merit shown (default: rel_mse_pct)", "FIGURE" },
    { "spec", 0, 0, G_OPTION_ARG_STRING, &spec_text,
      "map: the specification marked (default: 0.87 for rel_mse_pct; none)", "VALUE" },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &show_progress,
      "map: print the sweep's progress to stderr", NULL },
    { NULL }
  };

  context = g_option_context_new ("[DESIGN.ini] -o FILE - draw a figure for a paper");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, description);
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
  if (output == NULL || output[0] == '\0')
    {
      g_printerr (PROG ": no output file: give -o FILE (.pdf, .svg or .png)\n");
      return EXIT_BAD_INPUT;
    }
  if (figure_text != NULL && !parse_kind (figure_text, &kind))
    {
      g_printerr (PROG ": --figure \xe2\x80\x9c%s\xe2\x80\x9d: use weights, loss, cells, sheet or map\n",
                  figure_text);
      return EXIT_BAD_INPUT;
    }
  if (kind != KIND_MAP)
    {
      /* the sweep's options would be silently ignored by a run figure */
      const char *stray = varies != NULL ? "--vary" : mc != NOT_GIVEN ? "--mc"
                          : threads != NOT_GIVEN ? "--threads" : of_text != NULL ? "--of"
                          : spec_text != NULL ? "--spec" : show_progress ? "--progress" : NULL;

      if (stray != NULL)
        {
          g_printerr (PROG ": %s is for --figure map (a map over two --vary axes); "
                      "the %s figure shows one design point\n", stray,
                      figure_text != NULL ? figure_text : "weights");
          return EXIT_BAD_INPUT;
        }
    }
  else
    {
      guint n_varies = varies != NULL ? g_strv_length (varies) : 0;

      if (n_varies != 2)
        {
          g_printerr (PROG ": --figure map needs exactly two --vary axes (its x and y), "
                      "got %u; e.g. --vary circuit.i_eta=1e-11:1e-7:9:log --vary "
                      LSG_SWEEP_LAMBDA_AXIS "=1e-4:1:9:log\n", n_varies);
          return EXIT_BAD_INPUT;
        }
      if (tex)
        {
          g_printerr (PROG ": --tex: a map has no pgfplots form; --data writes its sweep CSV\n");
          return EXIT_BAD_INPUT;
        }
      if (mc == NOT_GIVEN)
        mc = 0;
      if (threads == NOT_GIVEN)
        threads = 0;
      if (!lsg_cli_sweep_parse_axes (PROG, (const char * const *) varies, axes, &n_axes)
          || !lsg_cli_sweep_check_counts (PROG, mc, threads))
        return EXIT_BAD_INPUT;
      if (of_text == NULL)
        of_text = g_strdup ("rel_mse_pct");
      if (!lsg_sweep_figure_describe (of_text, NULL, NULL))
        {
          guint n_names;
          const char *const *names = lsg_sweep_figure_names (&n_names);
          g_autofree char *list = g_strjoinv (", ", (char **) names);

          g_printerr (PROG ": --of \xe2\x80\x9c%s\xe2\x80\x9d: not a figure of merit; use one "
                      "of %s\n", of_text, list);
          return EXIT_BAD_INPUT;
        }
      if (spec_text == NULL)
        spec = g_str_equal (of_text, "rel_mse_pct") ? 0.87 : NAN;
      else if (!g_str_equal (spec_text, "none"))
        {
          char *end = NULL;

          spec = g_ascii_strtod (spec_text, &end);
          if (spec_text[0] == '\0' || end == NULL || *end != '\0' || !isfinite (spec))
            {
              g_printerr (PROG ": --spec \xe2\x80\x9c%s\xe2\x80\x9d: give a finite number in "
                          "the unit of --of %s, or none\n", spec_text, of_text);
              return EXIT_BAD_INPUT;
            }
        }
    }
  n_panels = kind == KIND_SHEET ? 4 : kind == KIND_CELLS ? 2 : 1;

  lsg_export_options_init (&options);
  from_path = lsg_export_format_from_path (output);
  if (format_text != NULL)
    {
      if (!lsg_export_format_from_name (format_text, &options.format))
        {
          g_printerr (PROG ": --format \xe2\x80\x9c%s\xe2\x80\x9d: use pdf, svg or png\n",
                      format_text);
          return EXIT_BAD_INPUT;
        }
      if (from_path != LSG_EXPORT_FORMAT_AUTO && from_path != options.format)
        {
          g_printerr (PROG ": %s: its extension says %s, --format says %s\n",
                      output, format_name (from_path), format_name (options.format));
          return EXIT_BAD_INPUT;
        }
    }
  else if (from_path == LSG_EXPORT_FORMAT_AUTO)
    {
      g_printerr (PROG ": %s: cannot tell the format; end the name in .pdf, .svg or .png, "
                  "or give --format\n", output);
      return EXIT_BAD_INPUT;
    }
  else
    options.format = from_path;

  if (!lsg_export_parse_size (size_text != NULL ? size_text : "ieee-single", n_panels,
                              &options.width_pt, &options.height_pt, &error))
    {
      g_printerr (PROG ": --size: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (dpi < LSG_EXPORT_MIN_DPI || dpi > LSG_EXPORT_MAX_DPI)
    {
      g_printerr (PROG ": --dpi %d: allowed are %g to %g\n", dpi,
                  LSG_EXPORT_MIN_DPI, LSG_EXPORT_MAX_DPI);
      return EXIT_BAD_INPUT;
    }
  if (!(font_size >= LSG_EXPORT_MIN_FONT_PT && font_size <= LSG_EXPORT_MAX_FONT_PT))
    {
      g_printerr (PROG ": --font-size %g: allowed are %g to %g pt\n", font_size,
                  LSG_EXPORT_MIN_FONT_PT, LSG_EXPORT_MAX_FONT_PT);
      return EXIT_BAD_INPUT;
    }
  if (weight < 0)
    {
      g_printerr (PROG ": --weight %d: weights count from 0\n", weight);
      return EXIT_BAD_INPUT;
    }
  options.dpi = dpi;
  options.font_pt = font_size;
  options.data = data;
  options.tex = tex;

  /* refuse before the work, so a typo costs nothing */
  dir = g_path_get_dirname (output);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr (PROG ": %s: the directory %s does not exist\n", output, dir);
      return EXIT_BAD_INPUT;
    }
  files = lsg_export_list_outputs (&options, output);
  if (files[1] != NULL && g_str_equal (files[1], files[0]))
    {
      g_printerr (PROG ": %s: the data would be written over the figure; "
                  "give the figure another extension\n", output);
      return EXIT_BAD_INPUT;
    }
  if (g_str_equal (output, "-") && (options.data || options.tex))
    {
      g_printerr (PROG ": -o - writes the figure to the standard output; --data and --tex "
                  "need a file name to write beside\n");
      return EXIT_BAD_INPUT;
    }
  for (guint i = 0; files[i] != NULL; i++)
    {
      if (g_file_test (files[i], G_FILE_TEST_IS_DIR))
        {
          g_printerr (PROG ": %s is a directory\n", files[i]);
          return EXIT_BAD_INPUT;
        }
      if (!force && g_file_test (files[i], G_FILE_TEST_EXISTS))
        {
          g_printerr (PROG ": %s exists; give --force to replace it\n", files[i]);
          return EXIT_BAD_INPUT;
        }
      /* a place nothing can be written to is refused before the work */
      if (!lsg_output_check_path (files[i], TRUE, &error))
        {
          g_printerr (PROG ": %s\n", error->message);
          return EXIT_BAD_INPUT;
        }
    }

  params = lsg_params_load_with_overrides (argc == 2 ? argv[1] : NULL,
                                           (const char * const *) sets, &error);
  if (params == NULL)
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (kind == KIND_MAP)
    return export_map (params, axes, n_axes, (guint) mc, (guint) threads, of_text, spec,
                       show_progress, &options, (const char * const *) files, output);

  dataset = lsg_dataset_new_from_params (params, &error);
  if (dataset == NULL)
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if ((kind == KIND_CELLS || kind == KIND_SHEET) && (guint) weight >= dataset->n_weights)
    {
      g_printerr (PROG ": --weight %d: the design point has %u weights, 0 to %u\n",
                  weight, dataset->n_weights, dataset->n_weights - 1);
      return EXIT_BAD_INPUT;
    }
  /* the data set is loaded first so that a bad --weight fails at once */
  run = lsg_run_execute_with_dataset (params, dataset, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  if (run == NULL)
    {
      g_printerr (PROG ": %s\n", error->message);
      return error->domain == LSG_SIM_ERROR ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }

  panels = g_ptr_array_new_with_free_func ((GDestroyNotify) lsg_figure_free);
  {
    /* figures only read it: the run is complete */
    LsgTrajectory *traj = (LsgTrajectory *) lsg_run_get_trajectory (run);
    const double *w_star = lsg_run_get_w_star (run);

    if (kind == KIND_WEIGHTS || kind == KIND_SHEET)
      g_ptr_array_add (panels, lsg_run_figure_new (LSG_RUN_FIGURE_WEIGHTS, traj,
                                                   params, w_star, weight));
    if (kind == KIND_LOSS || kind == KIND_SHEET)
      g_ptr_array_add (panels, lsg_run_figure_new (LSG_RUN_FIGURE_LOSS, traj,
                                                   params, w_star, weight));
    if (kind == KIND_CELLS || kind == KIND_SHEET)
      {
        g_ptr_array_add (panels, lsg_run_figure_new (LSG_RUN_FIGURE_CURRENTS, traj,
                                                     params, w_star, weight));
        g_ptr_array_add (panels, lsg_run_figure_new (LSG_RUN_FIGURE_VOLTAGES, traj,
                                                     params, w_star, weight));
      }
  }

  design = design_point_data (params);

  if (!lsg_export_write ((LsgFigure **) panels->pdata, panels->len, &options, output,
                         design, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return error->domain == LSG_EXPORT_ERROR && error->code == LSG_EXPORT_ERROR_SIZE
               ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }

  report_written ((const char * const *) files);
  return EXIT_OK;
}
