/* The explorer window under a display: templates, runs, controls, live
 * chip.  Skips (77) without a display. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lsg-cost-panel.h"
#include "lsg-design-file.h"
#include "lsg-estimate.h"
#include "lsg-param-row.h"
#include "lsg-tech.h"
#include "lsg-plot.h"
#include "lsg-schematic.h"
#include "lsg-test-ui.h"
#include "lsg-window.h"

static void
test_builds_and_runs (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgPlot *weights = LSG_PLOT (lsg_window_get_plot (window, "weights"));
  LsgTrajectory *traj;

  /* the paper preset runs by itself and reaches the plots */
  WAIT_UNTIL (run_done (window), 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_DONE);
  traj = lsg_runner_get_trajectory (runner);
  g_assert_nonnull (traj);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), ==, 4500);
  WAIT_UNTIL (lsg_plot_get_series_n_points (weights, 0) == 4500, 5);
  /* 9 weights: circuit and R2 each */
  g_assert_cmpuint (lsg_plot_get_n_series (weights), ==, 18);
  g_assert_cmpuint (lsg_plot_get_series_n_points (weights, 0), ==, 4500);
  g_assert_cmpuint (lsg_plot_get_series_n_points (weights, 17), ==, 4500);
  g_assert_nonnull (lsg_runner_get_summary (runner));

  destroy_and_check_freed (window);
}

static void
test_slider_reruns (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgParamRow *row = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_eta"));
  guint generation;
  double first_w0;

  WAIT_UNTIL (run_done (window), 30);
  generation = lsg_runner_get_generation (runner);
  first_w0 = lsg_trajectory_get_row (lsg_runner_get_trajectory (runner), 99)[LSG_COL_W];

  /* engineering notation in the entry */
  lsg_param_row_commit_text (row, "2.5 nA");
  g_assert_cmpfloat (lsg_window_get_params (window)->i_eta, ==, 2.5e-9);
  g_assert_cmpfloat (lsg_runner_get_params (runner)->i_eta, ==, 2.5e-9);
  g_assert_cmpuint (lsg_runner_get_generation (runner), >, generation);
  WAIT_UNTIL (run_done (window), 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_DONE);
  /* a faster learner: the new run's weights moved further by interval 100 */
  g_assert_cmpfloat (lsg_trajectory_get_row (lsg_runner_get_trajectory (runner), 99)[LSG_COL_W],
                     !=, first_w0);

  /* the slider itself: log10 of the current, three significant digits */
  generation = lsg_runner_get_generation (runner);
  gtk_range_set_value (lsg_param_row_get_range (row), -8.5);
  g_assert_cmpfloat (lsg_window_get_params (window)->i_eta, ==, 3.16e-9);
  g_assert_cmpstr (lsg_param_row_get_text (row), ==, "3.16 nA");
  g_assert_cmpuint (lsg_runner_get_generation (runner), ==, generation + 1);
  WAIT_UNTIL (run_done (window), 30);
  g_assert_cmpfloat (lsg_runner_get_params (runner)->i_eta, ==, 3.16e-9);
  g_assert_cmpuint (lsg_plot_get_series_n_points (LSG_PLOT (lsg_window_get_plot (window, "weights")), 0),
                    ==, 4500);
  destroy_and_check_freed (window);
}

static void
test_out_of_range_refused (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgParamRow *row = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_eta"));
  guint generation;

  WAIT_UNTIL (run_done (window), 30);
  generation = lsg_runner_get_generation (runner);

  /* 1 A is beyond the key's 10 uA; "abc" is no number */
  lsg_param_row_commit_text (row, "1 A");
  g_assert_cmpfloat (lsg_window_get_params (window)->i_eta, ==, 1e-9);
  g_assert_cmpuint (lsg_runner_get_generation (runner), ==, generation);
  lsg_param_row_commit_text (row, "abc");
  g_assert_cmpfloat (lsg_window_get_params (window)->i_eta, ==, 1e-9);
  g_assert_cmpuint (lsg_runner_get_generation (runner), ==, generation);

  /* a cross-key rule: the floor above the initial current */
  lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "nonideal.i_floor")),
                             "1 nA");
  g_assert_cmpfloat (lsg_window_get_params (window)->i_floor, ==, 1e-18);
  g_assert_cmpuint (lsg_runner_get_generation (runner), ==, generation);
  destroy_and_check_freed (window);
}

/* Units as people think of them: a temperature in degrees Celsius, a
 * temperature difference in kelvin, areas in square micrometres. */
static void
test_units_shown (void)
{
  LsgWindow *window = new_window ();
  LsgParamRow *t = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.temperature"));
  LsgParamRow *dbl = LSG_PARAM_ROW (lsg_window_get_param_row (window, "nonideal.leak_doubling"));
  LsgParamRow *area = LSG_PARAM_ROW (lsg_window_get_param_row (window, "nonideal.device_area"));
  LsgParamRow *avt = LSG_PARAM_ROW (lsg_window_get_param_row (window, "nonideal.a_vt"));

  g_assert_cmpstr (lsg_param_row_get_text (t), ==, "27 \xc2\xb0" "C");
  g_assert_cmpstr (lsg_param_row_get_text (dbl), ==, "8 K");
  g_assert_cmpstr (lsg_param_row_get_text (area), ==, "10 \xc2\xb5m\xc2\xb2");
  g_assert_cmpstr (lsg_param_row_get_text (avt), ==, "5 mV\xc2\xb7\xc2\xb5m");

  lsg_param_row_commit_text (t, "50");
  g_assert_cmpfloat (fabs (lsg_window_get_params (window)->temperature - 323.15), <, 1e-9);
  lsg_param_row_commit_text (area, "40 \xc2\xb5m\xc2\xb2");
  g_assert_cmpfloat (fabs (lsg_window_get_params (window)->device_area - 4e-11), <, 1e-24);
  lsg_param_row_commit_text (dbl, "10 K");
  g_assert_cmpfloat (lsg_window_get_params (window)->leak_doubling, ==, 10);
  destroy_and_check_freed (window);
}

/* The cost panel follows the knobs without a new simulation: doubling
 * I_eta adds exactly the I_eta branches of the model, times V_DD. */
static void
test_cost_panel_follows (void)
{
  LsgWindow *window = new_window ();
  LsgCostPanel *panel = LSG_COST_PANEL (lsg_window_get_cost_panel (window));
  LsgParamRow *row = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_eta"));
  const LsgEstimate *e;
  LsgEstimate expect;
  double before, i_c;
  g_autofree char *tip_block = NULL;
  g_autofree char *tip_int8 = NULL;

  WAIT_UNTIL (run_done (window), 30);
  e = lsg_cost_panel_get_estimate (panel);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->n_weights, ==, 9);
  before = e->power_w;
  /* the panel shows the model for the run's mean cell current */
  i_c = lsg_runner_get_summary (lsg_window_get_runner (window))->mean_cell_current_a;
  lsg_estimate_compute (lsg_window_get_params (window), 9, i_c,
                        lsg_runner_get_summary (lsg_window_get_runner (window))->t_converge_s, &expect);
  g_assert_cmpfloat (fabs (e->power_w / expect.power_w - 1), <, 1e-12);

  lsg_param_row_commit_text (row, "2 nA");
  e = lsg_cost_panel_get_estimate (panel);
  /* right away, before any run ends: the cell current falls back to its
   * default for a point not yet run, so compare with the model itself */
  lsg_estimate_compute (lsg_window_get_params (window), 9, NAN, NAN, &expect);
  g_assert_cmpfloat (fabs (e->power_w / expect.power_w - 1), <, 1e-12);
  g_assert_cmpfloat (e->power_w, >, before);

  /* hover texts: a block's model, a baseline's sources */
  WAIT_UNTIL (run_done (window), 30);
  for (int k = 0; k < 5; k++)
    g_main_context_iteration (NULL, FALSE), g_usleep (20000);
  tip_block = lsg_cost_panel_describe_at (panel, 2, 30);
  g_assert_nonnull (tip_block);
  g_assert_nonnull (strstr (tip_block, "of the analog power"));
  for (double y = 40; y < 200 && tip_int8 == NULL; y += 4)
    {
      g_autofree char *t = lsg_cost_panel_describe_at (panel, 100, y);
      if (t != NULL && strstr (t, "int8") != NULL)
        tip_int8 = g_steal_pointer (&t);
    }
  g_assert_nonnull (tip_int8);
  g_assert_nonnull (strstr (tip_int8, "Horowitz"));

  /* a technology preset sets the keys it defines, and the panel follows */
  before = lsg_cost_panel_get_estimate (panel)->area_m2;
  g_signal_emit_by_name (panel, "technology-selected", "sky130");
  g_assert_cmpstr (lsg_window_get_params (window)->tech_preset, ==, "sky130");
  {
    g_autoptr(LsgParams) p = lsg_params_new_default ();
    g_autoptr(GError) error = NULL;

    g_assert_true (lsg_tech_apply (p, "sky130", &error));
    g_assert_cmpfloat (lsg_window_get_params (window)->v_dd, ==, p->v_dd);
    g_assert_cmpfloat (lsg_window_get_params (window)->kappa, ==, p->kappa);
    /* sky130's layout factor and capacitor density change the area */
    lsg_estimate_compute (lsg_window_get_params (window), 9, NAN, NAN, &expect);
    g_assert_cmpfloat (fabs (lsg_cost_panel_get_estimate (panel)->area_m2 / expect.area_m2 - 1), <, 1e-12);
    g_assert_cmpfloat (lsg_cost_panel_get_estimate (panel)->area_m2, !=, before);
  }
  destroy_and_check_freed (window);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The first label with CSS class name under widget, or NULL. */
static GtkWidget *
find_label_with_class (GtkWidget  *widget,
                       const char *name)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, name))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_class (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The design document: modified is whether the point differs from the one
 * opened, saved or chosen (an edit undone is clean again), notified once
 * per change; its title names it and marks it; the window's title bar
 * shows that title; a save makes it that file, a failed load changes
 * nothing. */
static void
test_design_document (void)
{
  g_autoptr(LsgDesignDocument) doc = lsg_design_document_new ();
  g_autoptr(LsgParams) paper = lsg_params_new_default ();
  g_autoptr(LsgParams) edited = lsg_params_copy (paper);
  g_autofree char *dir = g_dir_make_tmp ("lsg-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "point.ini", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such.ini", NULL);
  g_autoptr(GError) error = NULL;
  guint n_modified = 0;

  g_signal_connect (doc, "notify::modified", G_CALLBACK (count_notify), &n_modified);
  g_assert_true (lsg_params_equal (lsg_design_document_get_params (doc), paper));
  g_assert_false (lsg_design_document_get_modified (doc));
  g_assert_cmpstr (lsg_design_document_get_title (doc), ==, "paper preset");
  g_assert_null (lsg_design_document_get_path (doc));

  edited->i_lambda = 2e-11;
  lsg_design_document_set_params (doc, edited);
  g_assert_true (lsg_design_document_get_modified (doc));
  g_assert_cmpuint (n_modified, ==, 1);
  g_assert_cmpstr (lsg_design_document_get_title (doc), ==, "paper preset \xe2\x80\xa2 modified");
  /* a second edit keeps it modified: no new notification */
  edited->i_lambda = 3e-11;
  lsg_design_document_set_params (doc, edited);
  g_assert_cmpuint (n_modified, ==, 1);
  /* back to the point as chosen: clean again */
  lsg_design_document_set_params (doc, paper);
  g_assert_false (lsg_design_document_get_modified (doc));
  g_assert_cmpuint (n_modified, ==, 2);

  lsg_design_document_set_params (doc, edited);
  g_assert_true (lsg_design_document_save (doc, path, &error));
  g_assert_no_error (error);
  g_assert_false (lsg_design_document_get_modified (doc));
  g_assert_cmpuint (n_modified, ==, 4);
  g_assert_true (g_path_is_absolute (lsg_design_document_get_path (doc)));
  g_assert_cmpstr (lsg_design_document_get_title (doc), ==, "point.ini");
  {
    g_autoptr(LsgParams) back = lsg_params_load_file (path, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (back->i_lambda, ==, 3e-11);
  }

  g_assert_false (lsg_design_document_load (doc, missing, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpfloat (lsg_design_document_get_params (doc)->i_lambda, ==, 3e-11);
  g_assert_nonnull (strstr (lsg_design_document_get_path (doc), "point.ini"));

  lsg_design_document_reset (doc, paper, "paper preset");
  g_assert_null (lsg_design_document_get_path (doc));
  g_assert_false (lsg_design_document_get_modified (doc));
  g_unlink (path);
  g_rmdir (dir);

  /* the window's title bar follows its document */
  {
    LsgWindow *window = new_window ();
    LsgDesignDocument *wdoc = lsg_window_get_document (window);
    GtkWidget *subtitle = find_label_with_class (gtk_window_get_titlebar (GTK_WINDOW (window)),
                                                 "subtitle");

    g_assert_nonnull (subtitle);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (subtitle)), ==, "paper preset");
    lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_lambda")),
                               "20 pA");
    g_assert_true (lsg_design_document_get_modified (wdoc));
    g_assert_cmpfloat (lsg_design_document_get_params (wdoc)->i_lambda, ==, 2e-11);
    g_assert_true (lsg_design_document_get_params (wdoc) == lsg_window_get_params (window));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (subtitle)), ==,
                     "paper preset \xe2\x80\xa2 modified");
    destroy_and_check_freed (window);
  }
}

/* Save, open, the modified flag, and a failed save that keeps the old file. */
static void
test_save_and_open (void)
{
  LsgWindow *window = new_window ();
  LsgWindow *other = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsg-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "point.ini", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "point.ini", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (lsg_window_is_modified (window));
  lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_lambda")),
                             "20 pA");
  g_assert_true (lsg_window_is_modified (window));

  g_assert_true (lsg_window_save_file (window, path, &error));
  g_assert_no_error (error);
  g_assert_false (lsg_window_is_modified (window));
  g_assert_nonnull (strstr (lsg_window_get_file (window), "point.ini"));

  /* opening it elsewhere gives the same point */
  other = new_window ();
  g_assert_true (lsg_window_load_file (other, path, &error));
  g_assert_true (lsg_params_equal (lsg_window_get_params (other), lsg_window_get_params (window)));
  g_assert_false (lsg_window_is_modified (other));

  /* a save that cannot happen says why and leaves the old file alone */
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_lambda")),
                             "30 pA");
  g_assert_false (lsg_window_save_file (window, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_assert_true (lsg_window_is_modified (window));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  destroy_and_check_freed (other);
  destroy_and_check_freed (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* The Export dialog writes each format, with the design point inside;
 * Copy Figure puts an image on the clipboard. */
static void
test_export_action (void)
{
  LsgWindow *window = new_window ();
  LsgExportDialog *dialog;
  g_autofree char *dir = g_dir_make_tmp ("lsg-ui-XXXXXX", NULL);
  static const struct {
    LsgExportFormat format;
    const char     *name;
    const char     *magic;
  } formats[] = {
    { LSG_EXPORT_FORMAT_PDF, "f.pdf", "%PDF" },
    { LSG_EXPORT_FORMAT_SVG, "f.svg", "<?xml" },
    { LSG_EXPORT_FORMAT_PNG, "f.png", "\x89PNG" },
  };

  WAIT_UNTIL (run_done (window), 30);
  dialog = lsg_window_new_export_dialog (window);
  g_assert_nonnull (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *path = g_build_filename (dir, formats[f].name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) back = NULL;
      gsize length;

      lsg_export_dialog_set_format (dialog, formats[f].format);
      lsg_export_dialog_set_figure (dialog, f == 2 ? 4 : f);   /* the PNG as a sheet */
      g_assert_true (lsg_export_dialog_export_to (dialog, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_str_has_prefix (contents, formats[f].magic));
      back = lsg_export_read_design_point (path, &error);
      g_assert_no_error (error);
      g_assert_true (lsg_params_equal (back, lsg_window_get_params (window)));
      g_unlink (path);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));

  {
    g_autoptr(GError) error = NULL;
    GdkContentFormats *offered;

    g_assert_true (lsg_window_copy_figure (window, &error));
    g_assert_no_error (error);
    offered = gdk_clipboard_get_formats (gtk_widget_get_clipboard (GTK_WIDGET (window)));
    g_assert_true (gdk_content_formats_contain_gtype (offered, GDK_TYPE_TEXTURE));
  }
  destroy_and_check_freed (window);
  g_rmdir (dir);
}

/* A small sweep from the Explore view reaches its plots; a picked point
 * becomes the main window's design point. */
static void
test_explore (void)
{
  LsgWindow *window = new_window ();
  LsgExploreWindow *explore = lsg_window_new_explore_window (window);
  LsgSweep *sweep;
  gpointer weak = explore;

  g_object_add_weak_pointer (G_OBJECT (explore), &weak);
  gtk_window_present (GTK_WINDOW (explore));
  g_assert_true (lsg_explore_window_set_axis (explore, 1, "circuit.i_eta", "5e-10:2e-9:4:log"));
  lsg_explore_window_set_mc (explore, 0);
  lsg_explore_window_run (explore);
  g_assert_true (lsg_explore_window_is_running (explore));
  WAIT_UNTIL (!lsg_explore_window_is_running (explore), 60);
  sweep = lsg_explore_window_get_sweep (explore);
  g_assert_nonnull (sweep);
  g_assert_cmpuint (lsg_sweep_get_n_points (sweep), ==, 4);
  g_assert_cmpuint (lsg_sweep_get_n_failed (sweep), ==, 0);
  /* one point per swept value; the Pareto plot has every point */
  g_assert_cmpuint (lsg_plot_get_series_n_points (LSG_PLOT (lsg_explore_window_get_plot (explore, "sweep")), 0), ==, 4);
  g_assert_cmpuint (lsg_plot_get_series_n_points (LSG_PLOT (lsg_explore_window_get_plot (explore, "pareto")), 0), ==, 4);

  /* every view exports through the figure export, the map included */
  {
    g_autofree char *dir = g_dir_make_tmp ("lsg-explore-XXXXXX", NULL);
    static const char *const pages[] = { "sweep", "pareto", "mc", "map" };

    g_assert_true (lsg_explore_window_set_axis (explore, 2, "circuit.i_lambda", "5e-12:2e-11:3:log"));
    lsg_explore_window_run (explore);
    WAIT_UNTIL (!lsg_explore_window_is_running (explore), 60);
    sweep = lsg_explore_window_get_sweep (explore);
    g_assert_cmpuint (lsg_sweep_get_n_points (sweep), ==, 12);
    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      {
        g_autofree char *name = g_strdup_printf ("%s.pdf", pages[i]);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *csv = g_strdup_printf ("%s/%s.csv", dir, pages[i]);
        g_autoptr(GError) error = NULL;

        if (!lsg_explore_window_export_plot (explore, pages[i], path, &error))
          g_error ("%s: %s", pages[i], error->message);
        g_assert_no_error (error);
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
        g_unlink (path);
        g_unlink (csv);
      }
    g_rmdir (dir);
  }

  lsg_explore_window_activate_point (explore, 2);
  g_assert_cmpfloat (fabs (lsg_window_get_params (window)->i_eta
                           - lsg_sweep_result_value (sweep, 2, "circuit.i_eta")), <, 1e-24);
  g_assert_true (lsg_window_is_modified (window));

  gtk_window_destroy (GTK_WINDOW (explore));
  WAIT_UNTIL (weak == NULL, 10);
  g_assert_null (weak);
  destroy_and_check_freed (window);
}

static void
test_live_chip_keeps_weights (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgParamRow *row = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_lambda"));
  LsgTrajectory *traj;
  guint generation, before, stride;
  g_autofree double *last_before = NULL;

  g_object_set (window, "live", TRUE, NULL);
  WAIT_UNTIL (lsg_runner_get_trajectory (runner) != NULL
              && lsg_runner_get_live (runner)
              && lsg_trajectory_get_n_rows (lsg_runner_get_trajectory (runner)) > 300, 30);
  traj = lsg_trajectory_ref (lsg_runner_get_trajectory (runner));
  generation = lsg_runner_get_generation (runner);
  before = lsg_trajectory_get_n_rows (traj);
  g_assert_cmpuint (before, >, 300);
  stride = lsg_trajectory_get_layout (traj)->stride;
  last_before = g_memdup2 (lsg_trajectory_get_row (traj, before - 1), sizeof (double) * stride);

  lsg_param_row_commit_text (row, "100 pA");
  g_assert_cmpfloat (lsg_runner_get_params (runner)->i_lambda, ==, 1e-10);
  /* no new run: same generation, same trajectory, which keeps growing */
  g_assert_cmpuint (lsg_runner_get_generation (runner), ==, generation);
  WAIT_UNTIL (lsg_trajectory_get_n_rows (traj) > before + 200, 30);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), >, before + 200);
  g_assert_true (lsg_runner_get_trajectory (runner) == traj);
  /* the rows before the change are untouched and time runs on */
  g_assert_cmpmem (last_before, sizeof (double) * stride,
                   lsg_trajectory_get_row (traj, before - 1), sizeof (double) * stride);
  g_assert_cmpfloat (lsg_trajectory_get_row (traj, before)[LSG_COL_T], >, last_before[LSG_COL_T]);
  /* the weights right after go on from those right before: one interval
   * moves a weight by at most eta |e x| ~ 0.05, a reset would jump to 0 */
  {
    const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
    const double *after = lsg_trajectory_get_row (traj, before);

    for (guint i = 0; i < l->n_weights; i++)
      g_assert_cmpfloat (fabs (after[l->w + i] - last_before[l->w + i]), <, 0.06);
  }
  lsg_trajectory_unref (traj);
  g_object_set (window, "live", FALSE, NULL);
  destroy_and_check_freed (window);
}

static void
test_presets_and_actions (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);

  WAIT_UNTIL (run_done (window), 30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preset", "s", "leaky-hold");
  g_assert_cmpfloat (lsg_window_get_params (window)->i_leak, ==, 1e-13);
  WAIT_UNTIL (run_done (window), 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_DONE);

  /* from the end of a run, a step starts again and stops after one epoch
   * (200 samples); a second step adds one more; run goes to the end */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_PAUSED);
  WAIT_UNTIL (lsg_runner_get_trajectory (runner) != NULL
              && lsg_trajectory_get_n_rows (lsg_runner_get_trajectory (runner)) == 200, 10);
  g_usleep (100000);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (lsg_runner_get_trajectory (runner)), ==, 200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  WAIT_UNTIL (lsg_trajectory_get_n_rows (lsg_runner_get_trajectory (runner)) == 400, 10);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (lsg_runner_get_trajectory (runner)), ==, 400);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run-pause", NULL);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_RUNNING);
  WAIT_UNTIL (run_done (window), 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_DONE);

  /* reset runs the point again from t = 0 */
  {
    guint generation = lsg_runner_get_generation (runner);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
    g_assert_cmpuint (lsg_runner_get_generation (runner), ==, generation + 1);
    WAIT_UNTIL (run_done (window), 30);
    g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_DONE);
  }
  destroy_and_check_freed (window);
}

/* The storage and readout drop-downs: each pick is a new design point
 * and a new run; the keys that only one storage has follow it. */
static void
test_topology_selectors (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgParamRow *storage = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.storage"));
  LsgParamRow *readout = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.readout"));
  GtkWidget *i_q = lsg_window_get_param_row (window, "circuit.i_q");
  GtkWidget *i_cm = lsg_window_get_param_row (window, "circuit.i_cm");
  GtkWidget *i_init = lsg_window_get_param_row (window, "circuit.i_init");
  LsgSchematic *schematic = LSG_SCHEMATIC (lsg_window_get_schematic (window));
  guint generation;

  g_assert_nonnull (storage);
  g_assert_nonnull (readout);
  g_assert_nonnull (i_q);
  /* the paper preset: pair, forward; the chosen value's sentence shown */
  WAIT_UNTIL (run_done (window), 30);
  g_assert_cmpint (lsg_window_get_params (window)->storage, ==, LSG_STORAGE_PAIR);
  g_assert_cmpint (lsg_window_get_params (window)->readout, ==, LSG_READOUT_FORWARD);
  g_assert_cmpstr (lsg_param_row_get_detail (storage), ==,
                   "Two Bernoulli cells per weight, each integrating half of the gradient");
  g_assert_nonnull (lsg_param_row_get_detail (readout));
  g_assert_true (g_str_has_prefix (lsg_param_row_get_detail (readout), "Read through the forward"));
  g_assert_false (gtk_widget_get_visible (i_q));
  g_assert_true (gtk_widget_get_sensitive (i_cm));
  g_assert_true (gtk_widget_get_sensitive (i_init));
  g_assert_cmpint (lsg_schematic_get_storage (schematic), ==, LSG_STORAGE_PAIR);

  generation = lsg_runner_get_generation (runner);
  lsg_param_row_commit_text (storage, "class_ab");
  g_assert_cmpint (lsg_window_get_params (window)->storage, ==, LSG_STORAGE_CLASS_AB);
  g_assert_cmpint (lsg_runner_get_params (runner)->storage, ==, LSG_STORAGE_CLASS_AB);
  g_assert_cmpuint (lsg_runner_get_generation (runner), >, generation);
  g_assert_true (lsg_window_is_modified (window));
  g_assert_true (g_str_has_prefix (lsg_param_row_get_detail (storage), "One capacitor per weight"));
  g_assert_true (gtk_widget_get_visible (i_q));
  g_assert_false (gtk_widget_get_sensitive (i_cm));
  g_assert_false (gtk_widget_get_sensitive (i_init));
  g_assert_cmpint (lsg_schematic_get_storage (schematic), ==, LSG_STORAGE_CLASS_AB);
  WAIT_UNTIL (run_done_for (window, generation), 30);
  g_assert_true (run_done_for (window, generation));

  generation = lsg_runner_get_generation (runner);
  lsg_param_row_commit_text (readout, "per_half");
  g_assert_cmpint (lsg_window_get_params (window)->readout, ==, LSG_READOUT_PER_HALF);
  g_assert_cmpint (lsg_runner_get_params (runner)->readout, ==, LSG_READOUT_PER_HALF);
  g_assert_cmpuint (lsg_runner_get_generation (runner), >, generation);
  g_assert_cmpint (lsg_schematic_get_readout (schematic), ==, LSG_READOUT_PER_HALF);
  WAIT_UNTIL (run_done_for (window, generation), 30);
  g_assert_true (run_done_for (window, generation));

  /* back to pair: I_Q goes, I_cm and i_init apply again */
  lsg_param_row_commit_text (storage, "pair");
  g_assert_cmpint (lsg_window_get_params (window)->storage, ==, LSG_STORAGE_PAIR);
  g_assert_false (gtk_widget_get_visible (i_q));
  g_assert_true (gtk_widget_get_sensitive (i_cm));
  g_assert_cmpint (lsg_schematic_get_storage (schematic), ==, LSG_STORAGE_PAIR);
  WAIT_UNTIL (run_done (window), 30);
  destroy_and_check_freed (window);
}

/* The widget's picture as rendered now, RGBA bytes (stride 4 w). */
static guchar *
render_widget (GtkWidget *widget,
               int       *width,
               int       *height)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guchar *data;

  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  /* a widget not drawn yet (a slow build) has no picture: let it draw */
  for (guint tries = 0; node == NULL && tries < 500; tries++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  data = g_malloc (4 * (gsize) w * h);
  gdk_texture_download (texture, data, 4 * w);
  *width = w;
  *height = h;
  return data;
}

/* Pixels that are not fully transparent. */
static gsize
count_inked (const guchar *data,
             gsize         n_pixels)
{
  gsize n = 0;

  for (gsize k = 0; k < n_pixels; k++)
    if (data[4 * k + 3] != 0)
      n++;
  return n;
}

/* The drawing of each of the 2 x 3 topologies is a picture of its own,
 * both from the drawing function on an image surface and from the
 * window's widget after the drop-downs pick it. */
static void
test_schematic_topologies (void)
{
  static const char *const storages[] = { "pair", "class_ab" };
  static const char *const readouts[] = { "forward", "differential", "per_half" };
  const int w = 320, h = 200;
  guchar *drawn[6] = { NULL }, *shown[6] = { NULL };
  int shown_w = 0, shown_h = 0;
  LsgWindow *window = new_window ();
  LsgSchematic *schematic = LSG_SCHEMATIC (lsg_window_get_schematic (window));

  for (guint s = 0; s < 2; s++)
    for (guint r = 0; r < 3; r++)
      {
        g_autoptr(LsgParams) p = lsg_params_new_default ();
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
        cairo_t *cr = cairo_create (surface);
        LsgFigureStyle style;
        g_autofree char *text = NULL;
        guint k = 3 * s + r;

        p->storage = s == 0 ? LSG_STORAGE_PAIR : LSG_STORAGE_CLASS_AB;
        p->readout = r == 0 ? LSG_READOUT_FORWARD : r == 1 ? LSG_READOUT_DIFFERENTIAL : LSG_READOUT_PER_HALF;
        lsg_figure_style_init_default (&style);
        style.fill_background = FALSE;
        lsg_schematic_draw (cr, p, w, h, &style);
        cairo_destroy (cr);
        cairo_surface_flush (surface);
        g_assert_cmpint (cairo_image_surface_get_stride (surface), ==, 4 * w);
        drawn[k] = g_memdup2 (cairo_image_surface_get_data (surface), 4 * (gsize) w * h);
        cairo_surface_destroy (surface);
        /* lines and text: well over 1 % of the pixels, well under half */
        g_assert_cmpuint (count_inked (drawn[k], (gsize) w * h), >, w * h / 100);
        g_assert_cmpuint (count_inked (drawn[k], (gsize) w * h), <, w * h / 2);
        for (guint j = 0; j < k; j++)
          g_assert_true (memcmp (drawn[j], drawn[k], 4 * (gsize) w * h) != 0);

        /* what the widget says it shows names the storage and the readout */
        text = lsg_schematic_describe (p);
        g_assert_nonnull (strstr (text, s == 0 ? "Pair storage" : "Class-AB storage"));
        g_assert_nonnull (strstr (text, r == 0 ? "Forward readout" : r == 1 ? "Differential readout"
                                                                           : "Per-half readout"));

        /* the window: pick it in the drop-downs, let it draw */
        {
          guint changes = lsg_schematic_get_n_changes (schematic);
          gboolean same = lsg_window_get_params (window)->storage == p->storage
                          && lsg_window_get_params (window)->readout == p->readout;
          int sw, sh;

          lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.storage")),
                                     storages[s]);
          lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.readout")),
                                     readouts[r]);
          g_assert_cmpint (lsg_schematic_get_storage (schematic), ==, p->storage);
          g_assert_cmpint (lsg_schematic_get_readout (schematic), ==, p->readout);
          /* redrawn when, and only when, the topology changed */
          if (same)
            g_assert_cmpuint (lsg_schematic_get_n_changes (schematic), ==, changes);
          else
            g_assert_cmpuint (lsg_schematic_get_n_changes (schematic), >, changes);
          for (int i = 0; i < 20; i++)
            g_main_context_iteration (NULL, FALSE), g_usleep (2000);
          shown[k] = render_widget (GTK_WIDGET (schematic), &sw, &sh);
          if (k == 0)
            shown_w = sw, shown_h = sh;
          g_assert_cmpint (sw, ==, shown_w);
          g_assert_cmpint (sh, ==, shown_h);
          g_assert_cmpuint (count_inked (shown[k], (gsize) sw * sh), >, (gsize) sw * sh / 100);
          for (guint j = 0; j < k; j++)
            g_assert_true (memcmp (shown[j], shown[k], 4 * (gsize) sw * sh) != 0);
        }
      }
  for (guint k = 0; k < 6; k++)
    {
      g_free (drawn[k]);
      g_free (shown[k]);
    }
  WAIT_UNTIL (run_done (window), 30);
  destroy_and_check_freed (window);
}

/* The strip's convergence and common-mode texts, and a strip that keeps
 * its height from one state to the next. */
static void
test_strip_texts (void)
{
  LsgSummary summary = { 0 };
  LsgWindow *window;
  GtkWidget *strip, *converge, *cm;
  const LsgSummary *done;
  int height_running, height_done;

  summary.t_converge_s = 1.2e-3;
  summary.ref_t_converge_s = 9e-4;
  summary.cm_max = 1.1;
  {
    g_autofree char *t = lsg_window_format_convergence (&summary);
    g_autofree char *c = lsg_window_format_common_mode (&summary);

    g_assert_cmpstr (t, ==, "Converges at 1.2 ms \xc2\xb7 ideal 900 \xc2\xb5s");
    g_assert_cmpstr (c, ==, "Common mode \xe2\x89\xa4 1.1 I_N");
  }
  /* never settled: words, not the length of the run */
  summary.t_converge_s = INFINITY;
  {
    g_autofree char *t = lsg_window_format_convergence (&summary);

    g_assert_cmpstr (t, ==, "Not converged in the run \xc2\xb7 ideal 900 \xc2\xb5s");
  }
  summary.ref_t_converge_s = INFINITY;
  summary.t_converge_s = 2.5e-4;
  {
    g_autofree char *t = lsg_window_format_convergence (&summary);

    g_assert_cmpstr (t, ==, "Converges at 250 \xc2\xb5s \xc2\xb7 ideal not converged");
  }
  /* not known: a dash */
  summary.ref_t_converge_s = NAN;
  summary.cm_max = NAN;
  {
    g_autofree char *t = lsg_window_format_convergence (&summary);
    g_autofree char *c = lsg_window_format_common_mode (&summary);

    g_assert_cmpstr (t, ==, "Converges at 250 \xc2\xb5s \xc2\xb7 ideal \xe2\x80\x94");
    g_assert_cmpstr (c, ==, "Common mode \xe2\x80\x94");
  }

  window = new_window ();
  strip = lsg_window_get_figure_label (window, "strip");
  converge = lsg_window_get_figure_label (window, "converge");
  cm = lsg_window_get_figure_label (window, "common-mode");
  g_assert_nonnull (strip);
  WAIT_UNTIL (lsg_runner_get_state (lsg_window_get_runner (window)) == LSG_RUNNER_RUNNING
              && gtk_widget_get_height (strip) > 0, 30);
  height_running = gtk_widget_get_height (strip);
  WAIT_UNTIL (run_done (window), 30);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  done = lsg_runner_get_summary (lsg_window_get_runner (window));
  g_assert_nonnull (done);
  {
    g_autofree char *t = lsg_window_format_convergence (done);
    g_autofree char *c = lsg_window_format_common_mode (done);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (converge)), ==, t);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (cm)), ==, c);
  }
  /* the tooltips say what the numbers mean, with the band as set */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (converge), "within 5 %"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (converge), "ADC LSB"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (cm), "(I+ + I\xe2\x88\x92)/I_N"));
  height_done = gtk_widget_get_height (strip);
  g_assert_cmpint (height_done, ==, height_running);

  /* a band too narrow to settle into, with no ADC LSB to widen it, for
   * the chip and for ideal SGD (whose weights jitter from sample to
   * sample): the strip says so, at its height */
  lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "nonideal.adc_bits")),
                             "0");
  lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "training.converge_tol")),
                             "1e-9");
  WAIT_UNTIL (run_done (window)
              && lsg_runner_get_display_params (lsg_window_get_runner (window))->converge_tol == 1e-9, 30);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (converge), "within 1e-07 %"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (converge)), ==,
                   "Not converged in the run \xc2\xb7 ideal not converged");
  g_assert_cmpint (gtk_widget_get_height (strip), ==, height_running);
  destroy_and_check_freed (window);
}

/* Inside of a weight: class_ab has one capacitor, so one voltage trace,
 * V = (U_T/kappa) ln (I+/I_Q); the weight looked at survives a re-run. */
static void
test_inside_class_ab (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgPlot *voltage = LSG_PLOT (lsg_window_get_plot (window, "voltage"));
  LsgPlot *current = LSG_PLOT (lsg_window_get_plot (window, "current"));
  guint generation;

  WAIT_UNTIL (run_done (window), 30);
  g_assert_cmpuint (lsg_plot_get_n_series (voltage), ==, 2);
  lsg_window_set_inside_weight (window, 3);
  g_assert_cmpuint (lsg_window_get_inside_weight (window), ==, 3);

  generation = lsg_runner_get_generation (runner);
  lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.storage")),
                             "class_ab");
  WAIT_UNTIL (run_done_for (window, generation), 30);
  g_assert_true (run_done_for (window, generation));
  g_assert_cmpuint (lsg_window_get_inside_weight (window), ==, 3);
  g_assert_cmpuint (lsg_plot_get_n_series (voltage), ==, 1);
  g_assert_cmpstr (lsg_plot_get_title (voltage), ==, "Capacitor voltage V");
  g_assert_cmpuint (lsg_plot_get_n_series (current), ==, 2);
  {
    LsgTrajectory *traj = lsg_runner_get_trajectory (runner);
    const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
    const LsgParams *p = lsg_window_get_params (window);
    LsgFigure *vf = lsg_plot_get_figure (voltage);
    LsgFigure *cf = lsg_plot_get_figure (current);
    guint n_rows = lsg_trajectory_get_n_rows (traj);
    /* U_T = k_B T / q, written out */
    double u_t = 1.380649e-23 * p->temperature / 1.602176634e-19;
    const double *v, *i_minus;

    g_assert_cmpuint (lsg_figure_series_get_data (vf, 0, NULL, &v), ==, n_rows);
    g_assert_cmpuint (lsg_figure_series_get_data (cf, 1, NULL, &i_minus), ==, n_rows);
    for (guint k = 0; k < n_rows; k += 41)
      {
        const double *row = lsg_trajectory_get_row (traj, k);

        /* weight 3's cells, not weight 0's */
        g_assert_cmpfloat (i_minus[k], ==, row[l->i_minus + 3]);
        /* one formula written two ways: agree to rounding, 1e-12 V */
        g_assert_cmpfloat_with_epsilon (v[k], u_t / p->kappa * log (row[l->i_plus + 3] / p->i_q), 1e-12);
      }
  }
  destroy_and_check_freed (window);
}

/* Ctrl+D (win.explore) twice: one Explore window, brought to the front
 * the second time, not a new empty one; once closed, a new one. */
static guint
count_explore_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      n += LSG_IS_EXPLORE_WINDOW (w) && gtk_widget_get_visible (GTK_WIDGET (w));
    }
  return n;
}

static void
test_explore_raised (void)
{
  LsgWindow *window = new_window ();
  GtkWindow *first = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_cmpuint (count_explore_windows (), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore", NULL));
  g_assert_cmpuint (count_explore_windows (), ==, 1);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && first == NULL; i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (LSG_IS_EXPLORE_WINDOW (w))
        first = GTK_WINDOW (w);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore", NULL));
  g_assert_cmpuint (count_explore_windows (), ==, 1);
  gtk_window_destroy (first);
  WAIT_UNTIL (count_explore_windows () == 0, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.explore", NULL));
  g_assert_cmpuint (count_explore_windows (), ==, 1);
  destroy_and_check_freed (window);
  WAIT_UNTIL (count_explore_windows () == 0, 5);
}

int
main (int    argc,
      char **argv)
{
  if (!ui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/window/builds-and-runs", test_builds_and_runs);
  g_test_add_func ("/window/slider-reruns", test_slider_reruns);
  g_test_add_func ("/window/out-of-range-refused", test_out_of_range_refused);
  g_test_add_func ("/window/units-shown", test_units_shown);
  g_test_add_func ("/window/cost-panel-follows", test_cost_panel_follows);
  g_test_add_func ("/window/design-document", test_design_document);
  g_test_add_func ("/window/save-and-open", test_save_and_open);
  g_test_add_func ("/window/export-action", test_export_action);
  g_test_add_func ("/window/explore", test_explore);
  g_test_add_func ("/window/explore-raised", test_explore_raised);
  g_test_add_func ("/window/live-chip-keeps-weights", test_live_chip_keeps_weights);
  g_test_add_func ("/window/presets-and-actions", test_presets_and_actions);
  g_test_add_func ("/window/topology-selectors", test_topology_selectors);
  g_test_add_func ("/window/schematic-topologies", test_schematic_topologies);
  g_test_add_func ("/window/strip-texts", test_strip_texts);
  g_test_add_func ("/window/inside-class-ab", test_inside_class_ab);
  return g_test_run ();
}
