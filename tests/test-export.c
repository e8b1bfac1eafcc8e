/* test-export.c: figures for papers (ui/lsg-export.c, `logsgd export`).
 *
 * No display: cairo and pango only.  Each test works in a fresh temporary
 * directory.  The files are checked against independent references: the
 * PDF's page count and MediaBox from its own text (and pdfinfo), its
 * fonts from pdffonts, panel labels from pdftotext (poppler-utils); the
 * SVG through GMarkup; the PNG's chunks with a CRC-32 computed bit by bit
 * here; the CSV against `logsgd run`'s trajectory.csv, as text; the
 * capacitor voltages against the cell law written out here.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-config.h"
#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-export.h"
#include "lsg-params.h"
#include "lsg-run-figures.h"
#include "lsg-sim.h"
#include "lsg-test-util.h"

/* IEEE single column: 3.5 in; the one-panel preset is 0.7 of it high. */
#define SINGLE_W_PT 252.0
#define SINGLE_H_PT 176.4

/* ---- Helpers ---------------------------------------------------------- */

/* poppler-utils' tools are part of the test's dependencies (.ci/setup
 * installs them); without them the checks cannot be made: fail. */
static const char *
poppler_tool (const char *name)
{
  return need_tool (name, "poppler-utils");
}

/* ---- A run to draw ---------------------------------------------------- */

typedef struct {
  LsgParams     *params;
  LsgDataset    *dataset;
  LsgSim        *sim;
} Sim;

static void
sim_clear (Sim *s)
{
  g_clear_pointer (&s->sim, lsg_sim_free);
  g_clear_pointer (&s->dataset, lsg_dataset_free);
  g_clear_pointer (&s->params, lsg_params_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sim, sim_clear)

/* The paper preset for two epochs with the given weight storage: quick,
 * with training and hold rows. */
static void
sim_run_storage (Sim *s,
                 int  storage)
{
  g_autoptr(GError) error = NULL;

  s->params = paper ();
  s->params->epochs = 2;
  s->params->storage = storage;
  s->dataset = lsg_dataset_new_from_params (s->params, &error);
  g_assert_no_error (error);
  s->sim = lsg_sim_new (s->params, s->dataset, &error);
  g_assert_no_error (error);
  lsg_sim_run (s->sim, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
sim_run (Sim *s)
{
  sim_run_storage (s, LSG_STORAGE_PAIR);
}

static LsgFigure *
sim_figure (Sim             *s,
            LsgRunFigure  kind)
{
  return lsg_run_figure_new (kind, lsg_sim_get_trajectory (s->sim), s->params,
                             lsg_sim_get_w_star (s->sim), 0);
}

static char *
design_data (const LsgParams *params)
{
  return lsg_params_to_data (params, NULL);
}

static void
write_one (LsgFigure              *fig,
           const LsgExportOptions *options,
           const char             *path,
           const char             *design)
{
  g_autoptr(GError) error = NULL;

  lsg_export_write (&fig, 1, options, path, design, &error);
  g_assert_no_error (error);
}

/* ---- PDF text --------------------------------------------------------- */

/* needle in [p, end), NUL bytes and all; NULL if absent. */
static const char *
find_mem (const char *p,
          const char *end,
          const char *needle)
{
  gsize n = strlen (needle);

  for (; p + n <= end; p++)
    if (memcmp (p, needle, n) == 0)
      return p;
  return NULL;
}

/* The PDF's bytes and every FlateDecode stream inflated: what a reader
 * sees, whether or not this cairo compresses its objects. */
static GString *
pdf_text (const char *path)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  GString *text = g_string_new_len (data, len);

  for (const char *p = data; (p = find_mem (p, data + len, "stream")) != NULL; )
    {
      g_autoptr(GConverter) z = NULL;
      guint8 buf[65536];
      gsize in_len, read = 0, written = 0;
      GConverterResult r;

      p += 6;
      if (*p == '\r')
        p++;
      if (*p != '\n')
        continue;
      p++;
      z = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
      for (in_len = data + len - p;; )
        {
          r = g_converter_convert (z, p, in_len, buf, sizeof buf,
                                   G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
          if (r == G_CONVERTER_ERROR)
            break;
          g_string_append_c (text, '\n');
          g_string_append_len (text, (const char *) buf, written);
          p += read;
          in_len -= read;
          if (r == G_CONVERTER_FINISHED || (read == 0 && written == 0))
            break;
        }
    }
  return text;
}

static guint
count_pages (const GString *text)
{
  guint n = 0;

  /* "/Type /Page" not followed by "s" (that is the page tree) */
  for (const char *p = text->str; (p = find_mem (p, text->str + text->len, "/Type")) != NULL; )
    {
      p += 5;
      while (*p == ' ' || *p == '\n' || *p == '\r')
        p++;
      if (g_str_has_prefix (p, "/Page") && !g_str_has_prefix (p, "/Pages"))
        n++;
    }
  return n;
}

static void
assert_media_box (const GString *text,
                  double         w,
                  double         h)
{
  const char *p = find_mem (text->str, text->str + text->len, "/MediaBox");
  double box[4];

  g_assert_nonnull (p);
  p = strchr (p, '[');
  g_assert_nonnull (p);
  p++;
  for (guint i = 0; i < 4; i++)
    {
      char *end;

      box[i] = g_ascii_strtod (p, &end);
      g_assert_true (end != p);
      p = end;
    }
  /* cairo writes points with up to three decimals */
  g_assert_cmpfloat (box[0], ==, 0);
  g_assert_cmpfloat (box[1], ==, 0);
  g_assert_cmpfloat_with_epsilon (box[2], w, 1e-3);
  g_assert_cmpfloat_with_epsilon (box[3], h, 1e-3);
  /* one page: one MediaBox */
  g_assert_null (find_mem (p, text->str + text->len, "/MediaBox"));
}

/* ---- Sizes ------------------------------------------------------------ */

static void
test_parse_size (void)
{
  static const struct {
    const char *text;
    guint       panels;
    double      w_pt, h_pt;
  } good[] = {
    { "ieee-single", 1, 252, 176.4 },
    { "IEEE-Single", 1, 252, 176.4 },
    { "ieee-double", 1, 7.16 * 72, 200 },
    /* a sheet: 2 x 2 panels, rows 0.7 of a panel's width, 140 to 200 pt */
    { "ieee-single", 4, 252, 280 },
    { "ieee-double", 4, 7.16 * 72, 2 * 0.7 * 7.16 * 72 / 2 },
    { "ieee-single", 2, 252, 140 },
    { "ieee-single:2.6in", 1, 252, 2.6 * 72 },
    { "ieee-double:60mm", 4, 7.16 * 72, 60 / 25.4 * 72 },
    { "89x60mm", 1, 89 / 25.4 * 72, 60 / 25.4 * 72 },
    { "3.5x2.5in", 1, 252, 180 },
    { "300x200pt", 1, 300, 200 },
    { " 3.5\xc3\x97" "2in ", 1, 252, 144 },
  };
  static const char *const bad[] = {
    "", "ieee", "ieee-triple", "ieee-single:", "ieee-single:2.6", "3.5x2.5", "3.5x2.5cm",
    "3.5in", "x2in", "3.5xin", "-3x2in", "0x2in", "3.5x2.5inch", "100x100in", "0.1x0.1in",
    "abc",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      double w = 0, h = 0;

      g_assert_true (lsg_export_parse_size (good[i].text, good[i].panels, &w, &h, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (w, good[i].w_pt, 1e-9);
      g_assert_cmpfloat_with_epsilon (h, good[i].h_pt, 1e-9);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      double w = -1, h = -1;

      g_assert_false (lsg_export_parse_size (bad[i], 1, &w, &h, &error));
      g_assert_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE);
      /* the message quotes what was given and, for syntax, the forms */
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpfloat (w, ==, -1);
      g_assert_cmpfloat (h, ==, -1);
    }
  {
    g_autoptr(GError) error = NULL;
    double w, h;

    g_assert_false (lsg_export_parse_size ("3.5x2.5cm", 1, &w, &h, &error));
    g_assert_nonnull (strstr (error->message, "ieee-single"));
    g_assert_nonnull (strstr (error->message, "89x60mm"));
  }
  g_assert_cmpuint (lsg_export_grid_columns (1), ==, 1);
  g_assert_cmpuint (lsg_export_grid_columns (2), ==, 2);
  g_assert_cmpuint (lsg_export_grid_columns (4), ==, 2);
  g_assert_cmpuint (lsg_export_grid_columns (5), ==, 3);
}

/* ---- The figures built from a run ------------------------------------- */

static void
test_build (void)
{
  g_auto(Sim) s = { 0 };
  LsgTrajectory *traj;
  const LsgTrajectoryLayout *l;
  guint n_rows, n;

  sim_run (&s);
  traj = lsg_sim_get_trajectory (s.sim);
  l = lsg_trajectory_get_layout (traj);
  n = l->n_weights;
  n_rows = lsg_trajectory_get_n_rows (traj);
  g_assert_cmpuint (n, ==, 9);

  {
    g_autoptr(LsgFigure) fig = sim_figure (&s, LSG_RUN_FIGURE_WEIGHTS);
    const double *y, *palette_y;
    const guint *palette;
    const char *label;
    double x0, x1;

    /* circuit and R2 per weight, then the legend key for dashed */
    g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 2 * n + 1);
    g_assert_cmpstr (lsg_figure_get_x_label (fig), ==, "Time");
    g_assert_cmpstr (lsg_figure_get_x_unit (fig), ==, "s");
    g_assert_cmpstr (lsg_figure_get_y_label (fig), ==, "Weight");
    g_assert_false (lsg_figure_get_y_log (fig));
    g_assert_cmpstr (lsg_figure_series_get_name (fig, 0), ==, "w0");
    g_assert_cmpstr (lsg_figure_series_get_name (fig, 2 * (n - 1)), ==, "bias");
    g_assert_cmpstr (lsg_figure_series_get_column (fig, 2 * 3), ==, "w_3");
    g_assert_cmpstr (lsg_figure_series_get_column (fig, 2 * 3 + 1), ==, "ref_3");
    g_assert_cmpint (lsg_figure_series_get_line (fig, 2 * 3), ==, LSG_LINE_SOLID);
    g_assert_cmpint (lsg_figure_series_get_line (fig, 2 * 3 + 1), ==, LSG_LINE_DASHED);
    g_assert_cmpuint (lsg_figure_series_get_palette (fig, 2 * 3 + 1), ==, 3);
    g_assert_true (lsg_figure_series_get_print_marker (fig, 2 * 3));
    g_assert_false (lsg_figure_series_get_print_marker (fig, 2 * 3 + 1));
    g_assert_cmpuint (lsg_figure_series_get_data (fig, 2 * 3 + 1, NULL, &y), ==, n_rows);
    for (guint k = 0; k < n_rows; k++)
      g_assert_cmpfloat (y[k], ==, lsg_trajectory_get_row (traj, k)[l->ref + 3]);
    g_assert_cmpuint (lsg_figure_get_edge_markers (fig, &palette_y, &palette, &label), ==, n);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpfloat (palette_y[i], ==, lsg_sim_get_w_star (s.sim)[i]);
        g_assert_cmpuint (palette[i], ==, i);
      }
    /* the hold span: from the last training row to the end */
    lsg_figure_get_span (fig, &x0, &x1, &label);
    g_assert_cmpfloat (x0, ==, lsg_trajectory_get_row (traj, lsg_sim_get_n_train_rows (s.sim) - 1)[LSG_COL_T]);
    g_assert_cmpfloat (x1, ==, lsg_trajectory_get_row (traj, n_rows - 1)[LSG_COL_T]);
  }
  {
    g_autoptr(LsgFigure) fig = sim_figure (&s, LSG_RUN_FIGURE_LOSS);

    g_assert_true (lsg_figure_get_y_log (fig));
    g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 2);
    g_assert_cmpstr (lsg_figure_series_get_column (fig, 0), ==, "loss");
    g_assert_cmpstr (lsg_figure_series_get_column (fig, 1), ==, "ref_loss");
  }
  {
    g_autoptr(LsgFigure) cur = lsg_run_figure_new (LSG_RUN_FIGURE_CURRENTS, traj,
                                                   s.params, NULL, 4);
    g_autoptr(LsgFigure) volt = lsg_run_figure_new (LSG_RUN_FIGURE_VOLTAGES, traj,
                                                    s.params, NULL, 4);
    const double *i_plus, *v_plus;
    /* the cell law written out (MODEL.md section 3), moderate inversion
     * as the paper preset has it: I = I_spec ln^2 (1 + exp (kappa (V -
     * V_T0) / (2 U_T))), so V = V_T0 + 2 U_T / kappa ln (exp (sqrt (I /
     * I_spec)) - 1) */
    double u_t = 1.380649e-23 * s.params->temperature / 1.602176634e-19;

    g_assert_true (s.params->moderate_inversion);
    g_assert_true (lsg_figure_get_y_log (cur));
    g_assert_cmpstr (lsg_figure_get_y_unit (cur), ==, "A");
    g_assert_cmpstr (lsg_figure_get_y_unit (volt), ==, "V");
    g_assert_cmpstr (lsg_figure_series_get_column (cur, 1), ==, "i_minus_4");
    /* pair storage: a capacitor per half */
    g_assert_cmpuint (lsg_figure_get_n_series (volt), ==, 2);
    g_assert_cmpstr (lsg_figure_series_get_column (volt, 0), ==, "v_plus_4");
    g_assert_cmpstr (lsg_figure_series_get_column (volt, 1), ==, "v_minus_4");
    g_assert_cmpuint (lsg_figure_series_get_data (cur, 0, NULL, &i_plus), ==, n_rows);
    g_assert_cmpuint (lsg_figure_series_get_data (volt, 0, NULL, &v_plus), ==, n_rows);
    for (guint k = 0; k < n_rows; k += 97)
      {
        double i = lsg_trajectory_get_row (traj, k)[l->i_plus + 4];
        double v = s.params->v_t0
                   + 2 * u_t / s.params->kappa * log (expm1 (sqrt (i / s.params->i_spec)));

        g_assert_cmpfloat (i_plus[k], ==, i);
        /* two formulas for one function: agree to rounding, 1e-9 V */
        g_assert_cmpfloat_with_epsilon (v_plus[k], v, 1e-9);
      }
  }
}

/* A run figure filled as the window fills it while the run grows: the
 * rows in uneven pieces, one of them starting exactly at the first hold
 * row, one ending there.  The traces are the trajectory's columns; the
 * hold span is absent until a hold row came, then runs from the last
 * training row to the last row appended. */
static void
test_build_live (void)
{
  static const LsgRunFigure kinds[] = {
    LSG_RUN_FIGURE_WEIGHTS, LSG_RUN_FIGURE_LOSS,
    LSG_RUN_FIGURE_CURRENTS, LSG_RUN_FIGURE_VOLTAGES,
  };
  g_auto(Sim) s = { 0 };
  LsgTrajectory *traj;
  const LsgTrajectoryLayout *l;
  guint n_rows, n_train, n;

  sim_run (&s);
  traj = lsg_sim_get_trajectory (s.sim);
  l = lsg_trajectory_get_layout (traj);
  n = l->n_weights;
  n_rows = lsg_trajectory_get_n_rows (traj);
  n_train = lsg_sim_get_n_train_rows (s.sim);
  g_assert_cmpuint (n_train, >, 10);
  g_assert_cmpuint (n_rows, >, n_train + 10);

  for (guint f = 0; f < G_N_ELEMENTS (kinds); f++)
    {
      g_autoptr(LsgFigure) fig = lsg_figure_new ();
      const guint cuts[] = { 0, 1, 8, n_train - 3, n_train, n_train + 1, n_train + 5, n_rows };
      const guint columns[4][2] = {
        { l->w + 4, l->ref + 4 }, { l->loss, l->ref_loss },
        { l->i_plus + 4, l->i_minus + 4 }, { l->i_plus + 4, l->i_minus + 4 },
      };
      /* what a series holds: weights 4's pair of traces, or the two of the figure */
      const guint first_series = kinds[f] == LSG_RUN_FIGURE_WEIGHTS ? 8 : 0;
      const gboolean spans = kinds[f] == LSG_RUN_FIGURE_WEIGHTS || kinds[f] == LSG_RUN_FIGURE_LOSS;

      lsg_run_figure_setup (fig, kinds[f], s.params, lsg_sim_get_w_star (s.sim), n, FALSE);
      /* no legend key on screen: the window's title says "dashed" */
      g_assert_cmpuint (lsg_figure_get_n_series (fig), ==,
                        kinds[f] == LSG_RUN_FIGURE_WEIGHTS ? 2 * n : 2);
      for (guint c = 0; c + 1 < G_N_ELEMENTS (cuts); c++)
        {
          double x0, x1;

          lsg_run_figure_append (fig, kinds[f], traj, s.params, 4, cuts[c], cuts[c + 1]);
          lsg_figure_get_span (fig, &x0, &x1, NULL);
          if (!spans || cuts[c + 1] <= n_train)
            g_assert_true (isnan (x0));
          else
            {
              g_assert_cmpfloat (x0, ==, lsg_trajectory_get_row (traj, n_train - 1)[LSG_COL_T]);
              g_assert_cmpfloat (x1, ==, lsg_trajectory_get_row (traj, cuts[c + 1] - 1)[LSG_COL_T]);
            }
        }
      for (guint side = 0; side < 2; side++)
        {
          const double *x, *y;

          g_assert_cmpuint (lsg_figure_series_get_data (fig, first_series + side, &x, &y), ==, n_rows);
          for (guint k = 0; k < n_rows; k++)
            {
              const double *row = lsg_trajectory_get_row (traj, k);

              g_assert_cmpfloat (x[k], ==, row[LSG_COL_T]);
              if (kinds[f] != LSG_RUN_FIGURE_VOLTAGES)
                g_assert_cmpfloat (y[k], ==, row[columns[f][side]]);
            }
        }
      if (kinds[f] == LSG_RUN_FIGURE_VOLTAGES)
        {
          /* the voltages of the whole figure, appended piece by piece */
          g_autoptr(LsgFigure) whole = lsg_run_figure_new (kinds[f], traj, s.params, NULL, 4);

          for (guint side = 0; side < 2; side++)
            {
              const double *y, *want;

              lsg_figure_series_get_data (fig, side, NULL, &y);
              lsg_figure_series_get_data (whole, side, NULL, &want);
              for (guint k = 0; k < n_rows; k++)
                g_assert_cmpfloat (y[k], ==, want[k]);
            }
          g_assert_cmpstr (lsg_figure_series_get_column (fig, 1), ==, "v_minus_4");
        }
    }
}

/* The cells figure of class_ab storage: both cell currents, and the one
 * capacitor voltage V = (U_T/kappa) ln (I+/I_Q) the loop makes them
 * from (MODEL.md 3.1). */
static void
test_cells_class_ab (void)
{
  g_auto(Sim) s = { 0 };
  LsgTrajectory *traj;
  const LsgTrajectoryLayout *l;
  guint n_rows;

  sim_run_storage (&s, LSG_STORAGE_CLASS_AB);
  traj = lsg_sim_get_trajectory (s.sim);
  l = lsg_trajectory_get_layout (traj);
  n_rows = lsg_trajectory_get_n_rows (traj);
  g_assert_cmpuint (n_rows, >, 0);
  {
    g_autoptr(LsgFigure) cur = lsg_run_figure_new (LSG_RUN_FIGURE_CURRENTS, traj,
                                                   s.params, NULL, 2);
    g_autoptr(LsgFigure) volt = lsg_run_figure_new (LSG_RUN_FIGURE_VOLTAGES, traj,
                                                    s.params, NULL, 2);
    double u_t = 1.380649e-23 * s.params->temperature / 1.602176634e-19;
    const double *i_plus, *i_minus, *v;

    g_assert_cmpuint (lsg_figure_get_n_series (cur), ==, 2);
    g_assert_true (lsg_figure_get_y_log (cur));
    g_assert_cmpstr (lsg_figure_series_get_column (cur, 0), ==, "i_plus_2");
    g_assert_cmpstr (lsg_figure_series_get_column (cur, 1), ==, "i_minus_2");
    g_assert_cmpuint (lsg_figure_get_n_series (volt), ==, 1);
    g_assert_cmpstr (lsg_figure_series_get_name (volt, 0), ==, "V");
    g_assert_cmpstr (lsg_figure_series_get_column (volt, 0), ==, "v_2");
    g_assert_cmpstr (lsg_figure_get_y_unit (volt), ==, "V");
    g_assert_cmpuint (lsg_figure_series_get_data (cur, 0, NULL, &i_plus), ==, n_rows);
    g_assert_cmpuint (lsg_figure_series_get_data (cur, 1, NULL, &i_minus), ==, n_rows);
    g_assert_cmpuint (lsg_figure_series_get_data (volt, 0, NULL, &v), ==, n_rows);
    for (guint k = 0; k < n_rows; k += 37)
      {
        const double *row = lsg_trajectory_get_row (traj, k);

        g_assert_cmpfloat (i_plus[k], ==, row[l->i_plus + 2]);
        g_assert_cmpfloat (i_minus[k], ==, row[l->i_minus + 2]);
        /* one formula written two ways: agree to rounding, 1e-12 V */
        g_assert_cmpfloat_with_epsilon (v[k], u_t / s.params->kappa * log (i_plus[k] / s.params->i_q),
                                        1e-12);
      }
  }
}

/* ---- PDF -------------------------------------------------------------- */

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_auto(Sim) s = { 0 };
  g_autoptr(LsgFigure) fig = NULL;
  g_autofree char *path = path_in (f, "weights.pdf");
  g_autofree char *design = NULL;
  g_autoptr(GString) text = NULL;
  LsgExportOptions options;

  sim_run (&s);
  fig = sim_figure (&s, LSG_RUN_FIGURE_WEIGHTS);
  design = design_data (s.params);
  lsg_export_options_init (&options);
  g_assert_cmpfloat (options.width_pt, ==, SINGLE_W_PT);
  g_assert_cmpfloat_with_epsilon (options.height_pt, SINGLE_H_PT, 1e-9);
  write_one (fig, &options, path, design);

  text = pdf_text (path);
  g_assert_true (g_str_has_prefix (text->str, "%PDF-"));
  g_assert_cmpuint (count_pages (text), ==, 1);
  assert_media_box (text, SINGLE_W_PT, SINGLE_H_PT);

  {
    const char *argv[] = { poppler_tool ("pdfinfo"), path, NULL };
    g_auto(Run) r = { 0 };

    spawn (f->dir, argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^Pages: +1$", r.out, G_REGEX_MULTILINE, 0));
    g_assert_true (g_regex_match_simple ("^Page size: +252 x 176.4 pts", r.out, G_REGEX_MULTILINE, 0));
  }
  {
    /* every font embedded, none drawn as Type 3 */
    const char *argv[] = { poppler_tool ("pdffonts"), path, NULL };
    g_auto(Run) r = { 0 };
    g_auto(GStrv) lines = NULL;
    guint fonts = 0;

    spawn (f->dir, argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    lines = g_strsplit (r.out, "\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "name"));
    g_assert_true (g_str_has_prefix (lines[1], "-----"));
    for (guint i = 2; lines[i] != NULL; i++)
      {
        g_autoptr(GRegex) re = NULL;
        g_autoptr(GMatchInfo) m = NULL;
        g_autofree char *type = NULL;
        g_autofree char *emb = NULL;

        if (lines[i][0] == '\0')
          continue;
        /* name, type (may hold spaces), encoding, emb, sub, uni, object, generation */
        re = g_regex_new ("^(\\S+)\\s+(.+?)\\s+(\\S+)\\s+(yes|no)\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$",
                          0, 0, NULL);
        if (!g_regex_match (re, lines[i], 0, &m))
          g_error ("unexpected pdffonts line: %s", lines[i]);
        type = g_match_info_fetch (m, 2);
        emb = g_match_info_fetch (m, 4);
        g_test_message ("font: %s", lines[i]);
        g_assert_cmpstr (emb, ==, "yes");
        g_assert_cmpstr (type, !=, "Type 3");
        fonts++;
      }
    /* the figure has text: at least one font */
    g_assert_cmpuint (fonts, >, 0);
  }
}

/* ---- SVG -------------------------------------------------------------- */

typedef struct {
  guint  depth;
  char  *root;
  char  *width;
  char  *height;
} SvgRoot;

static void
svg_root_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              user_data,
                GError              **error)
{
  SvgRoot *r = user_data;

  if (r->depth++ > 0)
    return;
  r->root = g_strdup (element);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "width"))
      r->width = g_strdup (values[i]);
    else if (g_str_equal (names[i], "height"))
      r->height = g_strdup (values[i]);
}

static void
svg_root_end (GMarkupParseContext  *context,
              const char           *element,
              gpointer              user_data,
              GError              **error)
{
  ((SvgRoot *) user_data)->depth--;
}

static double
length_pt (const char *text)
{
  char *end = NULL;
  double v;

  g_assert_nonnull (text);
  v = g_ascii_strtod (text, &end);
  /* cairo writes the unit asked for: points */
  g_assert_cmpstr (end, ==, "pt");
  return v;
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  static const GMarkupParser parser = { svg_root_start, svg_root_end, NULL, NULL, NULL };
  g_auto(Sim) s = { 0 };
  g_autoptr(LsgFigure) fig = NULL;
  g_autofree char *path = path_in (f, "loss.svg");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  LsgExportOptions options;
  SvgRoot root = { 0 };
  gsize len;
  const char *svg;

  sim_run (&s);
  fig = sim_figure (&s, LSG_RUN_FIGURE_LOSS);
  lsg_export_options_init (&options);
  g_assert_true (lsg_export_parse_size ("89x60mm", 1, &options.width_pt, &options.height_pt, NULL));
  write_one (fig, &options, path, NULL);

  bytes = read_bytes (path);
  svg = g_bytes_get_data (bytes, &len);
  context = g_markup_parse_context_new (&parser, 0, &root, NULL);
  g_markup_parse_context_parse (context, svg, len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (root.root, ==, "svg");
  g_assert_cmpfloat_with_epsilon (length_pt (root.width), 89 / 25.4 * 72, 1e-3);
  g_assert_cmpfloat_with_epsilon (length_pt (root.height), 60 / 25.4 * 72, 1e-3);
  /* without a design point: no metadata, and reading one says so */
  g_assert_null (strstr (svg, "<metadata"));
  {
    g_autoptr(GError) read_error = NULL;
    g_autoptr(LsgParams) none = lsg_export_read_design_point (path, &read_error);

    g_assert_null (none);
    g_assert_error (read_error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_NO_DESIGN);
  }
  g_free (root.root);
  g_free (root.width);
  g_free (root.height);
}

/* ---- PNG -------------------------------------------------------------- */

/* CRC-32 of PNG, bit by bit: independent of the table in lsg-export.c. */
static guint32
crc_bitwise (const guint8 *data,
             gsize         len)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Walks the chunks checking each CRC; returns IHDR's size and the pHYs
 * pixels per metre. */
static void
png_check (const char *path,
           guint32    *width,
           guint32    *height,
           guint32    *ppm)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  gsize len, pos = 8;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  gboolean iend = FALSE;
  guint n = 0;

  g_assert_cmpuint (len, >, 8);
  g_assert_true (memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0);
  *ppm = 0;
  while (pos + 12 <= len && !iend)
    {
      guint32 clen = be32 (d + pos);

      g_assert_cmpuint (clen, <=, len - pos - 12);
      g_assert_cmpuint (be32 (d + pos + 8 + clen), ==, crc_bitwise (d + pos + 4, clen + 4));
      if (n == 0)
        {
          g_assert_true (memcmp (d + pos + 4, "IHDR", 4) == 0);
          *width = be32 (d + pos + 8);
          *height = be32 (d + pos + 12);
        }
      if (memcmp (d + pos + 4, "pHYs", 4) == 0)
        {
          g_assert_cmpuint (be32 (d + pos + 8), ==, be32 (d + pos + 12));
          g_assert_cmpuint (d[pos + 16], ==, 1);
          *ppm = be32 (d + pos + 8);
        }
      iend = memcmp (d + pos + 4, "IEND", 4) == 0;
      pos += 12 + clen;
      n++;
    }
  g_assert_true (iend);
  g_assert_cmpuint (pos, ==, len);
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  static const struct {
    const char *size;
    double      dpi;
    guint32     w, h;    /* round (inches x dpi), worked out by hand */
  } cases[] = {
    { "ieee-single", 300, 1050, 735 },         /* 3.5 x 2.45 in */
    { "ieee-single", 600, 2100, 1470 },
    { "89x60mm", 300, 1051, 709 },             /* 3.504 x 2.362 in */
    { "ieee-double", 300, 2148, 833 },         /* 7.16 x 2.778 in */
  };
  g_auto(Sim) s = { 0 };
  g_autoptr(LsgFigure) fig = NULL;

  sim_run (&s);
  fig = sim_figure (&s, LSG_RUN_FIGURE_WEIGHTS);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("w%u.png", i);
      g_autofree char *path = path_in (f, name);
      LsgExportOptions options;
      guint32 w = 0, h = 0, ppm = 0;

      lsg_export_options_init (&options);
      g_assert_true (lsg_export_parse_size (cases[i].size, 1, &options.width_pt,
                                            &options.height_pt, NULL));
      options.dpi = cases[i].dpi;
      write_one (fig, &options, path, NULL);
      png_check (path, &w, &h, &ppm);
      g_assert_cmpuint (w, ==, cases[i].w);
      g_assert_cmpuint (h, ==, cases[i].h);
      /* the resolution travels along: pixels per metre */
      g_assert_cmpuint (ppm, ==, (guint32) round (cases[i].dpi / 0.0254));
    }

  {
    /* far beyond cairo's 32767 pixels a side: an error, no file */
    g_autofree char *path = path_in (f, "huge.png");
    g_autoptr(GError) error = NULL;
    LsgExportOptions options;

    lsg_export_options_init (&options);
    options.width_pt = 20 * 72;
    options.height_pt = 20 * 72;
    options.dpi = 2400;
    g_assert_false (lsg_export_write (&fig, 1, &options, path, NULL, &error));
    g_assert_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

/* ---- The design point, read back -------------------------------------- */

static void
test_design_point (Fixture       *f,
                   gconstpointer  data)
{
  static const char *const names[] = { "d.pdf", "d.svg", "d.png" };
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgFigure) fig = lsg_figure_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *design = NULL;
  static const double x[] = { 0, 1e-3, 2e-3 }, y[] = { 0.1, 0.3, 0.2 };

  lsg_figure_add_series (fig, "w0", 0, LSG_LINE_SOLID, TRUE);
  lsg_figure_series_set_data (fig, 0, x, y, 3);
  lsg_figure_fit_view (fig);

  /* a csv path that PDF strings, XML and PNG text must all carry: spaces,
   * quotes, parentheses, a backslash, an ampersand, a non-ASCII letter */
  params = paper ();
  params->dataset_kind = LSG_DATASET_CSV;
  g_free (params->csv);
  params->csv = g_strdup ("/data dir/it's \"quoted\" (v2) \\ & <µ>.csv");
  params->i_eta = 1.2345678901234567e-9;
  params->epochs = 7;
  design = design_data (params);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = path_in (f, names[i]);
      g_autoptr(LsgParams) back = NULL;
      LsgExportOptions options;

      lsg_export_options_init (&options);
      write_one (fig, &options, path, design);
      back = lsg_export_read_design_point (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (back);
      g_assert_cmpstr (back->csv, ==, params->csv);
      g_assert_true (lsg_params_equal (back, params));
    }

  {
    /* a damaged chunk is found by its CRC */
    g_autofree char *path = path_in (f, "d.png");
    g_autoptr(GBytes) bytes = read_bytes (path);
    gsize len = g_bytes_get_size (bytes);
    guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
    guint8 *hit = NULL;
    g_autoptr(LsgParams) back = NULL;

    for (gsize k = 0; k + 9 <= len && hit == NULL; k++)
      if (memcmp (copy + k, "[dataset]", 9) == 0)
        hit = copy + k;
    g_assert_nonnull (hit);
    hit[1] = 'D';
    g_file_set_contents (path, (const char *) copy, len, &error);
    g_assert_no_error (error);
    back = lsg_export_read_design_point (path, &error);
    g_assert_null (back);
    g_assert_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_READ);
    g_free (copy);
  }
}

/* ---- A sheet ---------------------------------------------------------- */

static void
test_sheet (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Sim) s = { 0 };
  g_autofree char *path = path_in (f, "sheet.pdf");
  g_autofree char *csv_path = path_in (f, "sheet.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  LsgFigure *panels[4];
  LsgExportOptions options;
  double label_x[4], label_y[4];

  sim_run (&s);
  panels[0] = sim_figure (&s, LSG_RUN_FIGURE_WEIGHTS);
  panels[1] = sim_figure (&s, LSG_RUN_FIGURE_LOSS);
  panels[2] = sim_figure (&s, LSG_RUN_FIGURE_CURRENTS);
  panels[3] = sim_figure (&s, LSG_RUN_FIGURE_VOLTAGES);
  lsg_export_options_init (&options);
  g_assert_true (lsg_export_parse_size ("ieee-double", 4, &options.width_pt,
                                        &options.height_pt, NULL));
  options.data = TRUE;
  lsg_export_write (panels, 4, &options, path, NULL, &error);
  g_assert_no_error (error);

  /* one page of the requested size */
  text = pdf_text (path);
  g_assert_cmpuint (count_pages (text), ==, 1);
  assert_media_box (text, 7.16 * 72, 2 * 0.7 * 7.16 * 72 / 2);

  {
    /* (a) to (d) as text, in reading order: (a) (b) on top, (c) (d) under */
    const char *argv[] = { poppler_tool ("pdftotext"), "-bbox", path, "-", NULL };
    g_auto(Run) r = { 0 };
    g_autoptr(GRegex) re = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\"[^>]*>\\(([a-z])\\)</word>",
                                        0, 0, NULL);
    g_autoptr(GMatchInfo) m = NULL;
    guint found = 0;

    spawn (f->dir, argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    for (guint i = 0; i < 4; i++)
      label_x[i] = label_y[i] = NAN;
    g_regex_match (re, r.out, 0, &m);
    while (g_match_info_matches (m))
      {
        g_autofree char *xs = g_match_info_fetch (m, 1);
        g_autofree char *ys = g_match_info_fetch (m, 2);
        g_autofree char *letter = g_match_info_fetch (m, 3);
        guint i = letter[0] - 'a';

        g_assert_cmpuint (i, <, 4);
        g_assert_true (isnan (label_x[i]));   /* each label once */
        label_x[i] = g_ascii_strtod (xs, NULL);
        label_y[i] = g_ascii_strtod (ys, NULL);
        found++;
        g_match_info_next (m, NULL);
      }
    g_assert_cmpuint (found, ==, 4);
    /* top left of each panel: half the page apart */
    g_assert_cmpfloat (label_x[0], <, 10);
    g_assert_cmpfloat (label_y[0], <, 10);
    g_assert_cmpfloat_with_epsilon (label_x[1] - label_x[0], options.width_pt / 2, 1);
    g_assert_cmpfloat_with_epsilon (label_y[1], label_y[0], 1);
    g_assert_cmpfloat_with_epsilon (label_x[2], label_x[0], 1);
    g_assert_cmpfloat_with_epsilon (label_y[2] - label_y[0], options.height_pt / 2, 1);
    g_assert_cmpfloat_with_epsilon (label_x[3], label_x[1], 1);
    g_assert_cmpfloat_with_epsilon (label_y[3], label_y[2], 1);
  }

  {
    /* one CSV with every panel's columns */
    g_autoptr(GBytes) csv = read_bytes (csv_path);
    g_autofree char *head = NULL;
    const char *d = g_bytes_get_data (csv, NULL);

    head = g_strndup (d, strchr (d, '\n') - d);
    g_assert_cmpstr (head, ==, "t_s,w_0,ref_0,w_1,ref_1,w_2,ref_2,w_3,ref_3,w_4,ref_4,"
                               "w_5,ref_5,w_6,ref_6,w_7,ref_7,w_8,ref_8,loss,ref_loss,"
                               "i_plus_0,i_minus_0,v_plus_0,v_minus_0");
  }

  /* the labels were the sheet's, not the figures' */
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpstr (lsg_figure_get_panel_label (panels[i]), ==, "");
      lsg_figure_free (panels[i]);
    }
}

/* ---- Failures leave nothing ------------------------------------------- */

static void
test_write_fails (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LsgFigure) fig = lsg_figure_new ();
  g_autofree char *before = NULL;
  static const double x[] = { 0, 1 }, y[] = { 1, 2 };
  LsgExportOptions options;

  lsg_figure_add_series (fig, "a", 0, LSG_LINE_SOLID, TRUE);
  lsg_figure_series_set_data (fig, 0, x, y, 2);
  lsg_figure_fit_view (fig);
  lsg_export_options_init (&options);
  options.data = TRUE;
  options.tex = TRUE;

  {
    g_autofree char *file = path_in (f, "plain-file");
    g_autofree char *csv_dir = path_in (f, "fig.csv");

    g_assert_true (g_file_set_contents (file, "x", 1, NULL));
    g_assert_cmpint (g_mkdir (csv_dir, 0755), ==, 0);
  }
  before = list_dir (f->dir);

  {
    static const char *const targets[] = {
      "no such dir/fig.pdf",    /* a directory that does not exist */
      "plain-file/fig.pdf",     /* a file where a directory should be */
      "fig.pdf",                /* its CSV's name is taken by a directory */
      "fig",                    /* no format */
    };

    for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
      {
        g_autofree char *path = path_in (f, targets[i]);
        g_autofree char *after = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_false (lsg_export_write (&fig, 1, &options, path, NULL, &error));
        g_assert_nonnull (error);
        g_test_message ("%s: %s", targets[i], error->message);
        /* the message names the file */
        g_assert_nonnull (strstr (error->message, f->dir));
        after = list_dir (f->dir);
        g_assert_cmpstr (after, ==, before);
      }
  }

  if (geteuid () != 0)
    {
      /* a read-only directory (root writes anyway: not testable as root) */
      g_autofree char *ro = path_in (f, "ro");
      g_autofree char *path = g_build_filename (ro, "fig.png", NULL);
      g_autofree char *listing = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
      g_assert_false (lsg_export_write (&fig, 1, &options, path, NULL, &error));
      g_assert_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE);
      listing = list_dir (ro);
      g_assert_cmpstr (listing, ==, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/parse-size", test_parse_size);
  g_test_add_func ("/export/build", test_build);
  g_test_add_func ("/export/build-live", test_build_live);
  g_test_add_func ("/export/cells-class-ab", test_cells_class_ab);
#define ADD(path, func) \
  g_test_add ("/export/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pdf", test_pdf);
  ADD ("svg", test_svg);
  ADD ("png", test_png);
  ADD ("design-point", test_design_point);
  ADD ("sheet", test_sheet);
  ADD ("write-fails", test_write_fails);
#undef ADD

  return g_test_run ();
}
