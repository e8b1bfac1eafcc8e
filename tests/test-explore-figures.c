/* The Explore view's figures (ui/figure/lsg-explore-figures.c) on
 * hand-made sweeps: their series, and every value against one computed
 * here (quantiles sorted and interpolated by GSL's formula, histogram
 * counts by hand, the front by lsg_pareto_front ()). */
#include "lsg-config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "lsg-design-file.h"
#include "lsg-explore-figures.h"
#include "lsg-sweep-private.h"
#include "lsg-sweep-stats.h"

#define TOL 1e-12
#define NOT_RUN  (-1.0)
#define FAILED   (-2.0)

static void
assert_close (double got,
              double want,
              double rel)
{
  if (!(fabs (got - want) <= rel * fabs (want) + 1e-300))
    g_error ("got %.17g, want %.17g (relative tolerance %g)", got, want, rel);
}

/* A sweep over the given axes (NULL for none) with mc chips per grid
 * point, rel_mse_pct of point k set to values[k]: NOT_RUN leaves the
 * point as it is, FAILED records an error. */
static LsgSweep *
hand_made_sweep (const char   *axis1,
                 const char   *axis2,
                 guint         mc,
                 const double *values,
                 guint         n)
{
  g_autoptr(LsgParams) base = lsg_params_new_default ();
  g_autoptr(GError) error = NULL;
  LsgSweepAxis axes[2];
  guint n_axes = 0;
  LsgSweep *sweep;

  if (axis1 != NULL)
    g_assert_true (lsg_sweep_axis_parse (axis1, &axes[n_axes++], &error));
  if (axis2 != NULL)
    g_assert_true (lsg_sweep_axis_parse (axis2, &axes[n_axes++], &error));
  g_assert_no_error (error);
  sweep = lsg_sweep_new (base, axes, n_axes, mc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lsg_sweep_get_n_points (sweep), ==, n);
  for (guint k = 0; k < n; k++)
    {
      LsgSweepResult *r = &sweep->results[k];

      if (values[k] == NOT_RUN)
        continue;
      r->done = TRUE;
      if (values[k] == FAILED)
        r->error = g_strdup ("hand-made failure");
      else
        r->summary.rel_mse_pct = values[k];
    }
  return sweep;
}

/* Whether a hand-made chip has a figure: it ran, without error, to a
 * finite value. */
static gboolean
has_figure (double v)
{
  return v != NOT_RUN && v != FAILED && isfinite (v);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The f-quantile of the chips with a figure among v[0..n): sorted, then
 * (1 - d) x[i] + d x[i + 1] with i + d = f (m - 1) (GSL's definition). */
static double
quantile (const double *v,
          guint         n,
          double        f)
{
  g_autofree double *x = g_new (double, MAX (n, 1));
  guint m = 0, i;
  double h, d;

  for (guint k = 0; k < n; k++)
    if (has_figure (v[k]))
      x[m++] = v[k];
  if (m == 0)
    return NAN;
  qsort (x, m, sizeof (double), compare_doubles);
  h = f * (m - 1);
  i = (guint) floor (h);
  d = h - i;
  return i + 1 < m ? (1 - d) * x[i] + d * x[i + 1] : x[i];
}

static void
assert_series (LsgFigure    *fig,
               guint         series,
               const char   *name,
               LsgLineStyle  line,
               const double *x,
               const double *y,
               gsize         n)
{
  const double *sx, *sy;

  g_assert_cmpstr (lsg_figure_series_get_name (fig, series), ==, name);
  g_assert_cmpint (lsg_figure_series_get_line (fig, series), ==, line);
  g_assert_cmpuint (lsg_figure_series_get_data (fig, series, &sx, &sy), ==, n);
  for (gsize i = 0; i < n; i++)
    {
      assert_close (sx[i], x[i], TOL);
      if (isnan (y[i]))
        g_assert_true (isnan (sy[i]));
      else
        assert_close (sy[i], y[i], TOL);
    }
}

/* One axis of three log-spaced values, four chips each: the median and
 * the 5th and 95th percentiles of each value's chips, failed and NaN
 * chips left out; a value whose chips all failed is a gap. */
static void
test_sweep_band (void)
{
  static const double v[12] = {
    0.4, 0.1, 0.3, 0.2,
    2.0, FAILED, 1.0, NAN,
    FAILED, FAILED, NOT_RUN, FAILED,
  };
  g_autoptr(LsgSweep) sweep = hand_made_sweep ("circuit.i_eta=1e-10:1e-8:3:log", NULL, 4, v, 12);
  g_autoptr(LsgFigure) fig = lsg_explore_sweep_figure_new (sweep, "rel_mse_pct", 5);
  const double x[3] = { -10, -9, -8 };
  double med[3], p5[3], p95[3];
  double span0, span1, hline, base_x;
  const char *label;

  for (guint i = 0; i < 3; i++)
    {
      med[i] = quantile (v + 4 * i, 4, 0.5);
      p5[i] = quantile (v + 4 * i, 4, 0.05);
      p95[i] = quantile (v + 4 * i, 4, 0.95);
    }
  /* by hand: {0.1, 0.2, 0.3, 0.4}: i + d = 0.05 x 3 = 0.15 gives
   * 0.1 + 0.15 x 0.1, and 2.85 gives 0.3 + 0.85 x 0.1; {1, 2}: 1.05,
   * 1.95 */
  assert_close (p5[0], 0.115, TOL);
  assert_close (med[0], 0.25, TOL);
  assert_close (p95[0], 0.385, TOL);
  assert_close (p5[1], 1.05, TOL);
  assert_close (med[1], 1.5, TOL);
  assert_close (p95[1], 1.95, TOL);
  g_assert_true (isnan (med[2]));

  g_assert_nonnull (fig);
  g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 3);
  assert_series (fig, 0, "median", LSG_LINE_SOLID, x, med, 3);
  assert_series (fig, 1, "5th percentile", LSG_LINE_DASHED, x, p5, 3);
  assert_series (fig, 2, "95th percentile", LSG_LINE_DOTTED, x, p95, 3);
  for (guint s = 0; s < 3; s++)
    {
      g_assert_true (lsg_figure_series_get_in_legend (fig, s));
      g_assert_cmpuint (lsg_figure_series_get_palette (fig, s), ==, 0);
    }

  /* against log10 of the current: every 5th percentile positive, a log
   * y axis */
  g_assert_cmpstr (lsg_figure_get_x_label (fig), ==,
                   "log\xe2\x82\x81\xe2\x82\x80 Learning-rate bias I\xce\xb7 (A)");
  g_assert_cmpstr (lsg_figure_get_x_unit (fig), ==, "");
  g_assert_cmpstr (lsg_figure_get_y_label (fig), ==, "rel_mse_pct");
  g_assert_true (lsg_figure_get_y_log (fig));
  g_assert_cmpstr (lsg_figure_get_title (fig), ==, "Figure of merit along the sweep");

  /* the design point 0.4 % of the axis either side, the specification */
  base_x = log10 (lsg_sweep_axis_base_value (lsg_sweep_get_axis (sweep, 0),
                                             lsg_sweep_get_base (sweep)));
  lsg_figure_get_span (fig, &span0, &span1, &label);
  assert_close (span0, base_x - 2 * 0.004, 1e-9);
  assert_close (span1, base_x + 2 * 0.004, 1e-9);
  g_assert_cmpstr (label, ==, "design point");
  lsg_figure_get_hline (fig, &hline, &label);
  g_assert_cmpfloat (hline, ==, 5);
  g_assert_cmpstr (label, ==, "specification");
}

/* Without a Monte Carlo one series named after the figure, the point's
 * own values; a value not above zero keeps the y axis linear; no axis,
 * no figure. */
static void
test_sweep_single (void)
{
  static const double v[3] = { 3, 0, 1.5 };
  g_autoptr(LsgSweep) sweep = hand_made_sweep ("circuit.i_eta=1e-10:3e-10:3", NULL, 0, v, 3);
  g_autoptr(LsgFigure) fig = lsg_explore_sweep_figure_new (sweep, "rel_mse_pct", NAN);
  const double x[3] = { 1e-10, 2e-10, 3e-10 };
  double hline;

  g_assert_nonnull (fig);
  g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 1);
  assert_series (fig, 0, "rel_mse_pct", LSG_LINE_SOLID, x, v, 3);
  g_assert_false (lsg_figure_get_y_log (fig));
  g_assert_cmpstr (lsg_figure_get_x_label (fig), ==, "Learning-rate bias I\xce\xb7");
  g_assert_cmpstr (lsg_figure_get_x_unit (fig), ==, "A");
  lsg_figure_get_hline (fig, &hline, NULL);
  g_assert_true (isnan (hline));

  {
    static const double one[2] = { 1, 2 };
    g_autoptr(LsgSweep) mc_only = hand_made_sweep (NULL, NULL, 2, one, 2);

    g_assert_null (lsg_explore_sweep_figure_new (mc_only, "rel_mse_pct", 1));
  }
}

/* Two axes: along the first, each value's points over the whole second
 * axis (the last axis fastest), the band over them. */
static void
test_sweep_two_axes (void)
{
  static const double v[6] = { 5, 1, 3,   0.5, 0.7, 0.6 };
  g_autoptr(LsgSweep) sweep = hand_made_sweep ("circuit.i_eta=1e-10:1e-9:2:log",
                                               "circuit.i_lambda=1e-12:1e-11:3:log",
                                               0, v, 6);
  g_autoptr(LsgFigure) fig = lsg_explore_sweep_figure_new (sweep, "rel_mse_pct", NAN);
  const double x[2] = { -10, -9 };
  double med[2], p5[2], p95[2];

  for (guint i = 0; i < 2; i++)
    {
      med[i] = quantile (v + 3 * i, 3, 0.5);
      p5[i] = quantile (v + 3 * i, 3, 0.05);
      p95[i] = quantile (v + 3 * i, 3, 0.95);
    }
  assert_close (med[0], 3, TOL);
  assert_close (p5[1], 0.51, TOL);
  g_assert_nonnull (fig);
  g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 3);
  assert_series (fig, 0, "rel_mse_pct", LSG_LINE_SOLID, x, med, 2);
  assert_series (fig, 1, "5th percentile", LSG_LINE_DASHED, x, p5, 2);
  assert_series (fig, 2, "95th percentile", LSG_LINE_DOTTED, x, p95, 2);
}

/* Ten chips with a figure and two without: ceil (sqrt (10)) = 4 bins,
 * raised to 5, of width 1.8 from 1 to 10:
 *   [1, 2.8) 1, 1.5, 2   [2.8, 4.6) 3, 3.2, 4   [4.6, 6.4) none
 *   [6.4, 8.2) 7, 8.1    [8.2, 10] 9.5, 10
 * The yield against 4.5 (smaller is better): 6 of 10. */
static void
test_histogram (void)
{
  static const double v[12] = { 7, 1, FAILED, 9.5, 1.5, 3.2, 10, 2, NAN, 4, 8.1, 3 };
  static const guint hand[5] = { 3, 3, 0, 2, 2 };
  g_autoptr(LsgSweep) sweep = hand_made_sweep ("circuit.i_eta=1e-10:1e-9:3:log", NULL, 4, v, 12);
  g_autoptr(LsgFigure) fig = lsg_explore_mc_figure_new (sweep, "rel_mse_pct", 4.5);
  double lo = 1, hi = 10, span0, span1;
  guint counts[5] = { 0 }, pass = 0;
  const double *x, *y;
  const char *label;

  for (guint k = 0; k < 12; k++)
    if (has_figure (v[k]))
      {
        guint b = MIN ((guint) floor ((v[k] - lo) / (hi - lo) * 5), 4);

        counts[b]++;
        pass += v[k] < 4.5;
      }
  for (guint b = 0; b < 5; b++)
    g_assert_cmpuint (counts[b], ==, hand[b]);
  g_assert_cmpuint (pass, ==, 6);

  g_assert_nonnull (fig);
  g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 1);
  g_assert_cmpstr (lsg_figure_series_get_name (fig, 0), ==, "chips");
  g_assert_false (lsg_figure_series_get_in_legend (fig, 0));
  /* the outline: (lo, 0), the top of every bin, (hi, 0) */
  g_assert_cmpuint (lsg_figure_series_get_data (fig, 0, &x, &y), ==, 12);
  g_assert_cmpfloat (x[0], ==, lo);
  g_assert_cmpfloat (y[0], ==, 0);
  for (guint b = 0; b < 5; b++)
    {
      assert_close (x[1 + 2 * b], lo + (hi - lo) * b / 5, TOL);
      assert_close (x[2 + 2 * b], lo + (hi - lo) * (b + 1) / 5, TOL);
      g_assert_cmpfloat (y[1 + 2 * b], ==, counts[b]);
      g_assert_cmpfloat (y[2 + 2 * b], ==, counts[b]);
    }
  g_assert_cmpfloat (x[11], ==, hi);
  g_assert_cmpfloat (y[11], ==, 0);

  g_assert_cmpstr (lsg_figure_get_title (fig), ==, "10 chips; yield 60.0 % (rel_mse_pct < 4.5)");
  g_assert_cmpstr (lsg_figure_get_x_label (fig), ==, "rel_mse_pct");
  g_assert_cmpstr (lsg_figure_get_y_label (fig), ==, "Chips");
  g_assert_false (lsg_figure_get_y_log (fig));
  /* the specification 0.3 % of the histogram either side */
  lsg_figure_get_span (fig, &span0, &span1, &label);
  assert_close (span0, 4.5 - 9 * 0.003, TOL);
  assert_close (span1, 4.5 + 9 * 0.003, TOL);
  g_assert_cmpstr (label, ==, "specification");

  /* a larger-is-better figure passes above the specification */
  {
    g_autoptr(LsgFigure) enob = NULL;

    for (guint k = 0; k < 12; k++)
      sweep->results[k].summary.enob = sweep->results[k].summary.rel_mse_pct;
    enob = lsg_explore_mc_figure_new (sweep, "enob", 4.5);
    g_assert_cmpstr (lsg_figure_get_title (enob), ==, "10 chips; yield 40.0 % (enob > 4.5)");
  }
  /* no specification: no marker, the count only */
  {
    g_autoptr(LsgFigure) none = lsg_explore_mc_figure_new (sweep, "rel_mse_pct", NAN);

    g_assert_cmpstr (lsg_figure_get_title (none), ==, "10 chips");
    lsg_figure_get_span (none, &span0, &span1, NULL);
    g_assert_true (isnan (span0));
  }
}

/* No chip with a figure: no histogram. */
static void
test_histogram_empty (void)
{
  static const double v[2] = { FAILED, NOT_RUN };
  g_autoptr(LsgSweep) sweep = hand_made_sweep (NULL, NULL, 2, v, 2);

  g_assert_null (lsg_explore_mc_figure_new (sweep, "rel_mse_pct", 1));
}

/* Six points, energy against error, both smaller is better:
 *   point  0     1     2     3     4     5
 *   E      4     1     3     2     5     (failed)
 *   err    1     50    20    10    0.5
 * The scatter is the five that ran in ascending E: 1, 3, 2, 0, 4.  On the
 * front: 1 (least E), 3, 0 and 4 (least err); 2 is dominated by 3. */
static void
test_pareto (void)
{
  static const double energy[6] = { 4, 1, 3, 2, 5, NAN };
  static const double err[6] = { 1, 50, 20, 10, 0.5, NAN };
  static const guint scatter[5] = { 1, 3, 2, 0, 4 };
  static const guint hand_front[4] = { 1, 3, 0, 4 };
  g_autoptr(LsgSweep) sweep = NULL;
  g_autoptr(LsgFigure) fig = NULL;
  g_autofree guint *front = NULL;
  g_autofree guint *points = NULL;
  double sx[5], sy[5];
  guint n_front = 0, n_points = 0;

  {
    static const double v[6] = { 1, 50, 20, 10, 0.5, FAILED };

    sweep = hand_made_sweep ("circuit.i_eta=1e-10:1e-9:6:log", NULL, 0, v, 6);
  }
  for (guint k = 0; k < 5; k++)
    sweep->results[k].estimate.energy_to_converge_j = energy[k];

  front = lsg_pareto_front (energy, err, 6, TRUE, TRUE, &n_front);
  g_assert_cmpuint (n_front, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (front[i], ==, hand_front[i]);

  fig = lsg_explore_pareto_figure_new (sweep, "energy_to_converge_j", "rel_mse_pct",
                                       &points, &n_points);
  g_assert_nonnull (fig);
  g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 2);
  g_assert_cmpuint (n_points, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (points[i], ==, scatter[i]);
      sx[i] = energy[scatter[i]];
      sy[i] = err[scatter[i]];
    }
  assert_series (fig, 0, "design points", LSG_LINE_NONE, sx, sy, 5);
  g_assert_cmpuint (lsg_figure_series_get_palette (fig, 0), ==, 4);
  {
    double fx[4], fy[4];

    for (guint i = 0; i < 4; i++)
      {
        fx[i] = energy[front[i]];
        fy[i] = err[front[i]];
      }
    assert_series (fig, 1, "Pareto front", LSG_LINE_SOLID, fx, fy, 4);
    g_assert_cmpuint (lsg_figure_series_get_palette (fig, 1), ==, 3);
  }
  g_assert_cmpstr (lsg_figure_get_x_label (fig), ==, "energy_to_converge_j");
  g_assert_cmpstr (lsg_figure_get_y_label (fig), ==, "rel_mse_pct");
  /* the error spans 0.5 to 50, a factor 100: a log axis */
  g_assert_true (lsg_figure_get_y_log (fig));

  /* from 1 to 20, a factor 30 or less: linear */
  {
    g_autoptr(LsgFigure) lin = NULL;

    sweep->results[1].summary.rel_mse_pct = 15;
    sweep->results[4].summary.rel_mse_pct = 1;
    lin = lsg_explore_pareto_figure_new (sweep, "energy_to_converge_j", "rel_mse_pct",
                                         NULL, NULL);
    g_assert_false (lsg_figure_get_y_log (lin));
  }
}

/* No point with both figures: an empty scatter, no front. */
static void
test_pareto_empty (void)
{
  static const double v[3] = { FAILED, NOT_RUN, FAILED };
  g_autoptr(LsgSweep) sweep = hand_made_sweep ("circuit.i_eta=1e-10:1e-9:3:log", NULL, 0, v, 3);
  g_autofree guint *points = NULL;
  guint n_points = 99;
  g_autoptr(LsgFigure) fig = lsg_explore_pareto_figure_new (sweep, "energy_to_converge_j",
                                                            "rel_mse_pct", &points, &n_points);

  g_assert_nonnull (fig);
  g_assert_cmpuint (lsg_figure_get_n_series (fig), ==, 1);
  g_assert_cmpuint (lsg_figure_series_get_data (fig, 0, NULL, NULL), ==, 0);
  g_assert_cmpuint (n_points, ==, 0);
  g_assert_null (points);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/explore-figures/sweep-band", test_sweep_band);
  g_test_add_func ("/explore-figures/sweep-single", test_sweep_single);
  g_test_add_func ("/explore-figures/sweep-two-axes", test_sweep_two_axes);
  g_test_add_func ("/explore-figures/histogram", test_histogram);
  g_test_add_func ("/explore-figures/histogram-empty", test_histogram_empty);
  g_test_add_func ("/explore-figures/pareto", test_pareto);
  g_test_add_func ("/explore-figures/pareto-empty", test_pareto_empty);
  return g_test_run ();
}
