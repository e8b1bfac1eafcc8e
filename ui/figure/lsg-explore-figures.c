/* lsg-explore-figures.c: the Explore view's sweep, Monte Carlo and
 * Pareto figures, for the window and for export. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-explore-figures.h"
#include "lsg-sweep-stats.h"

/* The figure's x axis is linear: log sweeps are shown against log10. */
static char *
axis_label (const LsgSweepAxis *axis)
{
  if (axis->log)
    return g_strdup_printf ("log\xe2\x82\x81\xe2\x82\x80 %s (%s)", axis->spec->label,
                            axis->spec->unit[0] != '\0' ? axis->spec->unit : "1");
  return g_strdup (axis->spec->label);
}

static double
axis_coordinate (const LsgSweepAxis *axis,
                 double              value)
{
  return axis->log ? log10 (value) : value;
}

LsgFigure *
lsg_explore_sweep_figure_new (const LsgSweep *sweep,
                              const char     *figure,
                              double          spec)
{
  const LsgSweepAxis *axis;
  guint n_axis, mc;
  g_autofree double *x = NULL;
  g_autofree double *med = NULL;
  g_autofree double *p5 = NULL;
  g_autofree double *p95 = NULL;
  g_autofree char *xlabel = NULL;
  gboolean log_y = TRUE;
  double base_x, w;
  LsgFigure *fig;
  guint s;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  if (lsg_sweep_get_n_axes (sweep) == 0)
    return NULL;
  axis = lsg_sweep_get_axis (sweep, 0);
  n_axis = axis->n;
  mc = MAX (lsg_sweep_get_mc (sweep), 1);
  x = g_new (double, n_axis);
  med = g_new (double, n_axis);
  p5 = g_new (double, n_axis);
  p95 = g_new (double, n_axis);
  for (guint i = 0; i < n_axis; i++)
    {
      /* every point on this axis value, any second axis value, any chip */
      g_autoptr(LsgSweepSample) chips = lsg_sweep_sample_axis_point (sweep, figure, 0, i);
      LsgSweepStats stats;

      x[i] = axis_coordinate (axis, lsg_sweep_axis_value (axis, i));
      if (chips->n == 0)
        {
          med[i] = p5[i] = p95[i] = NAN;
          continue;
        }
      lsg_sweep_sample_stats (chips, &stats);
      med[i] = stats.median;
      p5[i] = stats.p5;
      p95[i] = stats.p95;
      if (!(p5[i] > 0))
        log_y = FALSE;
    }

  fig = lsg_figure_new ();
  lsg_figure_set_title (fig, "Figure of merit along the sweep");
  xlabel = axis_label (axis);
  lsg_figure_set_x_axis (fig, xlabel, axis->log ? "" : axis->spec->unit);
  lsg_figure_set_y_axis (fig, figure, "");
  lsg_figure_set_y_log (fig, log_y);
  s = lsg_figure_add_series (fig, mc > 1 ? "median" : figure, 0, LSG_LINE_SOLID, TRUE);
  lsg_figure_series_set_marker (fig, s, TRUE);
  lsg_figure_series_set_data (fig, s, x, med, n_axis);
  if (mc > 1 || lsg_sweep_get_n_axes (sweep) > 1)
    {
      s = lsg_figure_add_series (fig, "5th percentile", 0, LSG_LINE_DASHED, TRUE);
      lsg_figure_series_set_data (fig, s, x, p5, n_axis);
      s = lsg_figure_add_series (fig, "95th percentile", 0, LSG_LINE_DOTTED, TRUE);
      lsg_figure_series_set_data (fig, s, x, p95, n_axis);
    }
  /* the design point: a span a little wider than a line, so it shows at
   * any zoom */
  base_x = axis_coordinate (axis, lsg_sweep_axis_base_value (axis, lsg_sweep_get_base (sweep)));
  w = fabs (x[n_axis - 1] - x[0]) * 0.004 + 1e-300;
  lsg_figure_set_span (fig, base_x - w, base_x + w, "design point");
  lsg_figure_set_hline (fig, spec, "specification");
  lsg_figure_fit_view (fig);
  return fig;
}

LsgFigure *
lsg_explore_mc_figure_new (const LsgSweep *sweep,
                           const char     *figure,
                           double          spec)
{
  g_autoptr(LsgSweepSample) chips = NULL;
  g_autoptr(LsgSweepHistogram) histogram = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree char *title = NULL;
  guint n_outline, s;
  LsgFigure *fig;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  chips = lsg_sweep_sample_all (sweep, figure);
  histogram = lsg_sweep_histogram_new_auto (chips);
  if (histogram == NULL)
    return NULL;
  lsg_sweep_histogram_outline (histogram, &x, &y, &n_outline);

  fig = lsg_figure_new ();
  lsg_figure_set_x_axis (fig, figure, "");
  lsg_figure_set_y_axis (fig, "Chips", "");
  s = lsg_figure_add_series (fig, "chips", 0, LSG_LINE_SOLID, FALSE);
  lsg_figure_series_set_data (fig, s, x, y, n_outline);
  if (isfinite (spec))
    {
      gboolean smaller = lsg_sweep_figure_smaller_is_better (figure);
      double w = (histogram->hi - histogram->lo) * 0.003;
      LsgSweepYield yield;

      lsg_sweep_yield (chips, spec, smaller, &yield);
      lsg_figure_set_span (fig, spec - w, spec + w, "specification");
      title = g_strdup_printf ("%u chips; yield %.1f %% (%s %s %g)", yield.total,
                               100.0 * yield.pass / yield.total, figure,
                               smaller ? "<" : ">", spec);
    }
  else
    title = g_strdup_printf ("%u chips", chips->n);
  lsg_figure_set_title (fig, title);
  lsg_figure_fit_view (fig);
  return fig;
}

LsgFigure *
lsg_explore_pareto_figure_new (const LsgSweep  *sweep,
                               const char      *x_figure,
                               const char      *y_figure,
                               guint          **points,
                               guint           *n_points)
{
  guint n, m = 0, n_front = 0, s;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree guint *front = NULL;
  g_autofree guint *order = NULL;
  LsgFigure *fig;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (x_figure != NULL && y_figure != NULL, NULL);

  n = lsg_sweep_get_n_points (sweep);
  x = lsg_sweep_figure_column (sweep, x_figure);
  y = lsg_sweep_figure_column (sweep, y_figure);
  front = lsg_pareto_front (x, y, n, lsg_sweep_figure_smaller_is_better (x_figure),
                            lsg_sweep_figure_smaller_is_better (y_figure), &n_front);

  fig = lsg_figure_new ();
  lsg_figure_set_title (fig, "Pareto front (click a point to load it)");
  lsg_figure_set_x_axis (fig, x_figure, "");
  lsg_figure_set_y_axis (fig, y_figure, "");

  /* every point as a scatter, in ascending x */
  order = lsg_sweep_scatter_order (x, y, n, &m);
  {
    g_autofree double *px = g_new (double, MAX (m, 1));
    g_autofree double *py = g_new (double, MAX (m, 1));

    for (guint i = 0; i < m; i++)
      {
        px[i] = x[order[i]];
        py[i] = y[order[i]];
      }
    s = lsg_figure_add_series (fig, "design points", 4, LSG_LINE_NONE, TRUE);
    lsg_figure_series_set_data (fig, s, px, py, m);
  }
  if (n_front > 0)
    {
      g_autofree double *qx = g_new (double, n_front);
      g_autofree double *qy = g_new (double, n_front);

      for (guint i = 0; i < n_front; i++)
        {
          qx[i] = x[front[i]];
          qy[i] = y[front[i]];
        }
      s = lsg_figure_add_series (fig, "Pareto front", 3, LSG_LINE_SOLID, TRUE);
      lsg_figure_series_set_marker (fig, s, TRUE);
      lsg_figure_series_set_data (fig, s, qx, qy, n_front);
    }
  {
    /* a log axis where the figure spans more than a decade and a half */
    g_autoptr(LsgSweepSample) ys = lsg_sweep_sample_new (y, n);
    LsgSweepStats stats;

    lsg_sweep_sample_stats (ys, &stats);
    lsg_figure_set_y_log (fig, stats.min > 0 && stats.max / stats.min > 30);
  }
  lsg_figure_fit_view (fig);

  if (n_points != NULL)
    *n_points = m;
  if (points != NULL)
    *points = g_steal_pointer (&order);
  return fig;
}
