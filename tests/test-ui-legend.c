/* test-ui-legend.c: hiding a weight from the weights plot's legend hides
 * its ideal trace too.  Skips (77) without a display. */
#include "lsg-config.h"

#include <gtk/gtk.h>

#include "lsg-design-file.h"
#include "lsg-plot.h"
#include "lsg-plot-private.h"
#include "lsg-run-figures.h"
#include "lsg-test-ui.h"
#include "lsg-ui.h"

static void
test_weight_and_its_ideal (void)
{
  g_autoptr(LsgParams) params = lsg_params_new_default ();
  GtkWidget *window = gtk_window_new ();
  LsgPlot *plot = LSG_PLOT (lsg_plot_new ());
  LsgFigure *fig = lsg_plot_get_figure (plot);
  double t[2] = { 0, 1 }, y[2] = { 0.1, 0.2 };
  double hx = -1, hy = -1;
  guint n = 9;
  int w, h;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (plot));
  gtk_window_present (GTK_WINDOW (window));
  lsg_run_figure_setup (fig, LSG_RUN_FIGURE_WEIGHTS, params, NULL, n, FALSE);
  lsg_plot_figure_changed (plot);
  for (guint s = 0; s < 2 * n; s++)
    lsg_plot_set_series_data (plot, s, t, y, 2);
  while (gtk_widget_get_width (GTK_WIDGET (plot)) < 100)
    g_main_context_iteration (NULL, TRUE);
  w = gtk_widget_get_width (GTK_WIDGET (plot));
  h = gtk_widget_get_height (GTK_WIDGET (plot));

  /* the legend entry of w1 (series 2) */
  for (int py = 0; py < h && hx < 0; py += 2)
    for (int px = 0; px < w && hx < 0; px += 2)
      {
        LsgFigureHit hit;

        if (lsg_figure_hit (fig, w, h, px, py, &hit) == LSG_FIGURE_HIT_LEGEND && hit.series == 2)
          {
            hx = px;
            hy = py;
          }
      }
  g_assert_cmpfloat (hx, >=, 0);
  /* its ideal trace is not in the legend: nothing to click for it */
  g_assert_false (lsg_figure_series_get_in_legend (fig, 3));

  g_assert_true (_lsg_plot_click (plot, hx, hy, 1));
  g_assert_false (lsg_plot_get_series_visible (plot, 2));
  g_assert_false (lsg_plot_get_series_visible (plot, 3));
  /* the other weights and their ideal traces stay */
  for (guint s = 0; s < 2 * n; s++)
    if (s != 2 && s != 3)
      g_assert_true (lsg_plot_get_series_visible (plot, s));

  g_assert_true (_lsg_plot_click (plot, hx, hy, 1));
  g_assert_true (lsg_plot_get_series_visible (plot, 2));
  g_assert_true (lsg_plot_get_series_visible (plot, 3));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!ui_test_init (&argc, &argv))
    return 77;
  g_test_add_func ("/legend/weight-and-its-ideal", test_weight_and_its_ideal);
  return g_test_run ();
}
