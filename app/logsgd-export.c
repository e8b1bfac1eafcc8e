/* logsgd-export.c: `logsgd export`, figures for papers without a display. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "logsgd-export.h"
#include "lsg-dataset.h"
#include "lsg-export.h"
#include "lsg-params.h"
#include "lsg-sim.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_BAD_INPUT = 2,
};

#define PROG "logsgd export"

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
  "\n"
  "Exit status: 0 success, 2 bad input, 1 internal failure.";

typedef enum {
  KIND_WEIGHTS,
  KIND_LOSS,
  KIND_CELLS,
  KIND_SHEET,
} Kind;

static gboolean
parse_kind (const char *text,
            Kind       *kind)
{
  static const char *const names[] = { "weights", "loss", "cells", "sheet" };

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
  g_autoptr(LsgSim) sim = NULL;
  g_autoptr(GPtrArray) panels = NULL;
  gboolean data = FALSE, tex = FALSE, force = FALSE;
  int dpi = 300, weight = 0;
  double font_size = 8;
  Kind kind = KIND_WEIGHTS;
  LsgExportOptions options;
  LsgExportFormat from_path;
  guint n_panels;
  GOptionEntry entries[] = {
    { "figure", 'f', 0, G_OPTION_ARG_STRING, &figure_text,
      "weights, loss, cells or sheet (default: weights)", "KIND" },
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
      g_printerr (PROG ": --figure \xe2\x80\x9c%s\xe2\x80\x9d: use weights, loss, cells or sheet\n",
                  figure_text);
      return EXIT_BAD_INPUT;
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
    }

  params = lsg_params_load_with_overrides (argc == 2 ? argv[1] : NULL,
                                           (const char * const *) sets, &error);
  if (params == NULL)
    {
      g_printerr (PROG ": %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
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
  sim = lsg_sim_new (params, dataset, &error);
  if (sim == NULL || !lsg_sim_run (sim, NULL, NULL, NULL, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return error->domain == LSG_SIM_ERROR ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }

  panels = g_ptr_array_new_with_free_func ((GDestroyNotify) lsg_figure_free);
  {
    LsgTrajectory *traj = lsg_sim_get_trajectory (sim);
    const double *w_star = lsg_sim_get_w_star (sim);

    if (kind == KIND_WEIGHTS || kind == KIND_SHEET)
      g_ptr_array_add (panels, lsg_export_build_figure (LSG_EXPORT_FIGURE_WEIGHTS, traj,
                                                        params, w_star, weight));
    if (kind == KIND_LOSS || kind == KIND_SHEET)
      g_ptr_array_add (panels, lsg_export_build_figure (LSG_EXPORT_FIGURE_LOSS, traj,
                                                        params, w_star, weight));
    if (kind == KIND_CELLS || kind == KIND_SHEET)
      {
        g_ptr_array_add (panels, lsg_export_build_figure (LSG_EXPORT_FIGURE_CURRENTS, traj,
                                                          params, w_star, weight));
        g_ptr_array_add (panels, lsg_export_build_figure (LSG_EXPORT_FIGURE_VOLTAGES, traj,
                                                          params, w_star, weight));
      }
  }

  {
    /* the stored design point must reproduce the figure from wherever it
     * is read: the data file's path made absolute, as in design.ini */
    g_autoptr(LsgParams) saved = lsg_params_copy (params);

    if (saved->dataset_kind == LSG_DATASET_CSV)
      {
        g_free (saved->csv);
        saved->csv = lsg_params_resolve_csv (params);
      }
    design = lsg_params_to_data (saved, NULL);
  }

  if (!lsg_export_write ((LsgFigure **) panels->pdata, panels->len, &options, output,
                         design, &error))
    {
      g_printerr (PROG ": %s\n", error->message);
      return error->domain == LSG_EXPORT_ERROR && error->code == LSG_EXPORT_ERROR_SIZE
               ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }

  for (guint i = 0; files[i] != NULL; i++)
    g_print ("Wrote %s\n", files[i]);
  return EXIT_OK;
}
