/* Sweep statistics (core/explore/lsg-sweep-stats.c) against hand-computed
 * cases: quantiles by GSL's definition, the Clopper-Pearson yield
 * interval, histogram counts, the map's cells on a hand-made grid with
 * failed and missing chips. */
#include "lsg-config.h"

#include <math.h>

#include <gsl/gsl_errno.h>

#include "lsg-design-file.h"
#include "lsg-sweep-private.h"
#include "lsg-sweep-stats.h"

/* Hand-computed values are exact decimals; the arithmetic that reaches
 * them rounds a few times. */
#define TOL 1e-12

static void
assert_close (double got,
              double want,
              double rel)
{
  if (!(fabs (got - want) <= rel * fabs (want) + 1e-300))
    g_error ("got %.17g, want %.17g (relative tolerance %g)", got, want, rel);
}

/* {1, ..., 10} shuffled, with a NaN and an infinity.  GSL's quantile is
 * (1 - d) x[i] + d x[i + 1] with i + d = f (n - 1) = 9 f:
 *   f = 0.05: 0.45 -> 1 + 0.45 (2 - 1)  = 1.45
 *   f = 0.90: 8.1  -> 9 + 0.1 (10 - 9)  = 9.1
 *   f = 0.95: 8.55 -> 9 + 0.55 (10 - 9) = 9.55
 * median (5 + 6) / 2 = 5.5; mean 5.5; the sum of squared deviations is
 * 2 (0.5^2 + 1.5^2 + 2.5^2 + 3.5^2 + 4.5^2) = 82.5, so sd = sqrt (82.5 / 9). */
static void
test_quantiles (void)
{
  const double v[] = { 7, NAN, 3, 10, 1, INFINITY, 5, 2, 9, 4, 8, 6 };
  g_autoptr(LsgSweepSample) s = lsg_sweep_sample_new (v, G_N_ELEMENTS (v));
  LsgSweepStats st;

  g_assert_cmpuint (s->n, ==, 10);
  g_assert_cmpuint (s->n_excluded, ==, 2);
  for (guint i = 0; i < s->n; i++)
    g_assert_cmpfloat (s->values[i], ==, i + 1);

  assert_close (lsg_sweep_sample_quantile (s, 0.05), 1.45, TOL);
  assert_close (lsg_sweep_sample_quantile (s, 0.90), 9.1, TOL);
  assert_close (lsg_sweep_sample_quantile (s, 0.95), 9.55, TOL);
  g_assert_cmpfloat (lsg_sweep_sample_quantile (s, 0.0), ==, 1);
  g_assert_cmpfloat (lsg_sweep_sample_quantile (s, 1.0), ==, 10);
  g_assert_cmpfloat (lsg_sweep_sample_median (s), ==, 5.5);

  lsg_sweep_sample_stats (s, &st);
  g_assert_cmpuint (st.n, ==, 10);
  g_assert_cmpuint (st.n_excluded, ==, 2);
  g_assert_cmpfloat (st.min, ==, 1);
  g_assert_cmpfloat (st.max, ==, 10);
  assert_close (st.mean, 5.5, TOL);
  assert_close (st.sd, sqrt (82.5 / 9), TOL);
  g_assert_cmpfloat (st.median, ==, 5.5);
  assert_close (st.p5, 1.45, TOL);
  assert_close (st.p90, 9.1, TOL);
  assert_close (st.p95, 9.55, TOL);

  /* an odd count: the middle value */
  {
    const double w[] = { 4, -1, 2.5 };
    g_autoptr(LsgSweepSample) t = lsg_sweep_sample_new (w, 3);

    g_assert_cmpfloat (lsg_sweep_sample_median (t), ==, 2.5);
    /* 0.25 x 2 = 0.5: halfway between -1 and 2.5 */
    assert_close (lsg_sweep_sample_quantile (t, 0.25), 0.75, TOL);
  }
}

/* Nothing finite: every figure NaN, nothing meets, no histogram. */
static void
test_empty (void)
{
  const double v[] = { NAN, -INFINITY, NAN };
  g_autoptr(LsgSweepSample) s = lsg_sweep_sample_new (v, G_N_ELEMENTS (v));
  LsgSweepStats st;
  LsgSweepYield y;

  g_assert_cmpuint (s->n, ==, 0);
  g_assert_cmpuint (s->n_excluded, ==, 3);
  g_assert_true (isnan (lsg_sweep_sample_median (s)));
  g_assert_true (isnan (lsg_sweep_sample_quantile (s, 0.5)));
  lsg_sweep_sample_stats (s, &st);
  g_assert_cmpuint (st.n_excluded, ==, 3);
  g_assert_true (isnan (st.min) && isnan (st.max) && isnan (st.mean) && isnan (st.sd));
  g_assert_true (isnan (st.median) && isnan (st.p5) && isnan (st.p90) && isnan (st.p95));
  lsg_sweep_yield (s, 1.0, TRUE, &y);
  g_assert_cmpuint (y.pass, ==, 0);
  g_assert_cmpuint (y.total, ==, 0);
  g_assert_true (isnan (y.fraction) && isnan (y.lo) && isnan (y.hi));
  g_assert_null (lsg_sweep_histogram_new_auto (s));

  /* one value: no spread */
  {
    const double w[] = { 2 };
    g_autoptr(LsgSweepSample) t = lsg_sweep_sample_new (w, 1);

    lsg_sweep_sample_stats (t, &st);
    g_assert_cmpfloat (st.mean, ==, 2);
    g_assert_true (isnan (st.sd));
  }
  g_assert_false (lsg_sweep_spec_met (NAN, 1, TRUE));
  g_assert_false (lsg_sweep_spec_met (0, NAN, TRUE));
  g_assert_false (lsg_sweep_spec_met (1, 1, TRUE));
  g_assert_false (lsg_sweep_spec_met (1, 1, FALSE));
  g_assert_true (lsg_sweep_spec_met (0.5, 1, TRUE));
  g_assert_true (lsg_sweep_spec_met (1.5, 1, FALSE));
}

/* 3 of 4 chips meet.  Clopper-Pearson 95 %:
 *   lo = B^-1 (0.025; 3, 2): the Beta (3, 2) CDF is 4 x^3 - 3 x^4, and
 *        4 x^3 - 3 x^4 = 0.025 at x = 0.194120449683 (bisection by hand;
 *        tables give 0.1941);
 *   hi = B^-1 (0.975; 4, 1): the Beta (4, 1) CDF is x^4, so
 *        hi = 0.975^(1/4) = 0.993690536790 (tables: 0.9937).
 * At the ends the interval is closed form too: 0 of 5 gives
 * (0, 1 - 0.025^(1/5)), 5 of 5 gives (0.025^(1/5), 1). */
static void
test_yield (void)
{
  const double v[] = { 0.1, 0.2, NAN, 0.4, 0.3 };
  g_autoptr(LsgSweepSample) s = lsg_sweep_sample_new (v, G_N_ELEMENTS (v));
  LsgSweepYield y;

  /* smaller is better: 0.1, 0.2, 0.3 are below 0.35; the NaN chip is
   * not counted at all */
  lsg_sweep_yield (s, 0.35, TRUE, &y);
  g_assert_cmpuint (y.pass, ==, 3);
  g_assert_cmpuint (y.total, ==, 4);
  g_assert_cmpfloat (y.fraction, ==, 0.75);
  assert_close (y.lo, 0.194120449683, 1e-9);
  assert_close (4 * pow (y.lo, 3) - 3 * pow (y.lo, 4), 0.025, 1e-9);
  assert_close (y.hi, 0.993690536790, 1e-9);
  /* larger is better: only 0.4 is above */
  lsg_sweep_yield (s, 0.35, FALSE, &y);
  g_assert_cmpuint (y.pass, ==, 1);
  g_assert_cmpfloat (y.fraction, ==, 0.25);
  /* 1 of 4 mirrors 3 of 4 */
  assert_close (y.lo, 1 - 0.993690536790, 1e-8);
  assert_close (y.hi, 1 - 0.194120449683, 1e-9);
  /* no specification: nothing meets it */
  lsg_sweep_yield (s, NAN, TRUE, &y);
  g_assert_cmpuint (y.pass, ==, 0);
  g_assert_cmpuint (y.total, ==, 4);

  {
    const double w[] = { 1, 2, 3, 4, 5 };
    g_autoptr(LsgSweepSample) t = lsg_sweep_sample_new (w, 5);

    lsg_sweep_yield (t, 0.5, TRUE, &y);
    g_assert_cmpuint (y.pass, ==, 0);
    g_assert_cmpfloat (y.lo, ==, 0);
    assert_close (y.hi, 1 - pow (0.025, 0.2), 1e-9);
    lsg_sweep_yield (t, 10, TRUE, &y);
    g_assert_cmpuint (y.pass, ==, 5);
    assert_close (y.lo, pow (0.025, 0.2), 1e-9);
    g_assert_cmpfloat (y.hi, ==, 1);
  }
}

/* {0, ..., 10}: ceil (sqrt (11)) = 4 bins, raised to 5, of width 2 from
 * 0 to 10: [0, 2) {0, 1}, [2, 4) {2, 3}, [4, 6) {4, 5}, [6, 8) {6, 7},
 * [8, 10] {8, 9, 10}.  Over [2, 6] in 2 bins: {2, 3}, {4, 5, 6}, with
 * 0 and 1 below and 7 to 10 above; a specification of 4.5 inside that
 * range passes 0 to 4. */
static void
test_histogram (void)
{
  double v[11];
  static const guint want[] = { 2, 2, 2, 2, 3 };
  g_autoptr(LsgSweepSample) s = NULL;
  g_autoptr(LsgSweepHistogram) h = NULL;
  g_autoptr(LsgSweepHistogram) r = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  LsgSweepYield yield;
  guint n;

  for (guint i = 0; i < 11; i++)
    v[i] = 10 - (double) i;
  s = lsg_sweep_sample_new (v, 11);
  h = lsg_sweep_histogram_new_auto (s);
  g_assert_cmpfloat (h->lo, ==, 0);
  g_assert_cmpfloat (h->hi, ==, 10);
  g_assert_cmpuint (h->n_bins, ==, 5);
  for (guint b = 0; b < 5; b++)
    {
      g_assert_cmpuint (h->counts[b], ==, want[b]);
      assert_close (lsg_sweep_histogram_edge (h, b), 2.0 * b, TOL);
    }
  g_assert_cmpuint (h->below + h->above, ==, 0);
  g_assert_cmpfloat (lsg_sweep_histogram_edge (h, 5), ==, 10);

  lsg_sweep_histogram_outline (h, &x, &y, &n);
  g_assert_cmpuint (n, ==, 12);
  g_assert_cmpfloat (x[0], ==, 0);
  g_assert_cmpfloat (y[0], ==, 0);
  g_assert_cmpfloat (x[11], ==, 10);
  g_assert_cmpfloat (y[11], ==, 0);
  for (guint b = 0; b < 5; b++)
    {
      assert_close (x[2 * b + 1], 2.0 * b, TOL);
      assert_close (x[2 * b + 2], 2.0 * (b + 1), TOL);
      g_assert_cmpfloat (y[2 * b + 1], ==, want[b]);
      g_assert_cmpfloat (y[2 * b + 2], ==, want[b]);
    }

  r = lsg_sweep_histogram_new (s, 2, 6, 2);
  g_assert_cmpuint (r->counts[0], ==, 2);
  g_assert_cmpuint (r->counts[1], ==, 3);
  g_assert_cmpuint (r->below, ==, 2);
  g_assert_cmpuint (r->above, ==, 4);
  lsg_sweep_yield (s, 4.5, TRUE, &yield);
  g_assert_cmpuint (yield.pass, ==, 5);
  g_assert_cmpuint (yield.total, ==, 11);

  /* equal values: a range widened by a relative 1e-6, all in the first bin */
  {
    const double w[] = { 3, 3, 3 };
    g_autoptr(LsgSweepSample) t = lsg_sweep_sample_new (w, 3);
    g_autoptr(LsgSweepHistogram) e = lsg_sweep_histogram_new_auto (t);

    g_assert_cmpfloat (e->lo, ==, 3);
    assert_close (e->hi, 3 + 3e-6, TOL);
    g_assert_cmpuint (e->n_bins, ==, 5);
    g_assert_cmpuint (e->counts[0], ==, 3);
  }
  /* from 0.029 to 0.251, lo + (hi - lo) 5 / 5 rounds to
   * 0.25100000000000006, above hi: the last edge is hi itself, and the
   * outline never steps back (a line plot refuses x that decreases) */
  {
    const double w[] = { 0.029, 0.1, 0.251 };
    g_autoptr(LsgSweepSample) t = lsg_sweep_sample_new (w, 3);
    g_autoptr(LsgSweepHistogram) e = lsg_sweep_histogram_new_auto (t);
    g_autofree double *ox = NULL;
    g_autofree double *oy = NULL;
    guint on;

    g_assert_cmpuint (e->n_bins, ==, 5);
    g_assert_cmpfloat (lsg_sweep_histogram_edge (e, 5), ==, 0.251);
    lsg_sweep_histogram_outline (e, &ox, &oy, &on);
    for (guint i = 1; i < on; i++)
      g_assert_cmpfloat (ox[i], >=, ox[i - 1]);
    g_assert_cmpuint (e->counts[0] + e->counts[1] + e->counts[4], ==, 3);
    g_assert_cmpuint (e->counts[4], ==, 1);
  }
  /* 3601 values: 61 bins, capped at 60 */
  {
    g_autofree double *w = g_new (double, 3601);
    g_autoptr(LsgSweepSample) t = NULL;
    g_autoptr(LsgSweepHistogram) e = NULL;

    for (guint i = 0; i < 3601; i++)
      w[i] = i;
    t = lsg_sweep_sample_new (w, 3601);
    e = lsg_sweep_histogram_new_auto (t);
    g_assert_cmpuint (e->n_bins, ==, 60);
  }
}

/* The hand-made sweep: 2 x 3 grid points of 3 chips each (points c x 3
 * to c x 3 + 2 for cell c), rel_mse_pct set by hand:
 *   cell 0 { 3, 1, 2 }              median 2
 *   cell 1 { 5, failed, 4 }         median 4.5
 *   cell 2 { not run, failed, not run }  NaN
 *   cell 3 { 0.5, 0.7, 0.6 }        median 0.6
 *   cell 4 { 10, 8, NaN figure }    median 9
 *   cell 5 { 1.5, 2.5, 3.5 }        median 2.5 */
#define NOT_RUN  (-1.0)
#define FAILED   (-2.0)

static LsgSweep *
hand_made_sweep (void)
{
  static const double chips[18] = {
    3, 1, 2,   5, FAILED, 4,   NOT_RUN, FAILED, NOT_RUN,
    0.5, 0.7, 0.6,   10, 8, NAN,   1.5, 2.5, 3.5,
  };
  g_autoptr(LsgParams) base = lsg_params_new_default ();
  g_autoptr(GError) error = NULL;
  LsgSweepAxis axes[2];
  LsgSweep *sweep;

  g_assert_true (lsg_sweep_axis_parse ("circuit.i_eta=1e-10:1e-9:2:log", &axes[0], &error));
  g_assert_true (lsg_sweep_axis_parse ("circuit.i_lambda=1e-12:1e-11:3:log", &axes[1], &error));
  sweep = lsg_sweep_new (base, axes, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lsg_sweep_get_n_points (sweep), ==, 18);
  for (guint k = 0; k < 18; k++)
    {
      LsgSweepResult *r = &sweep->results[k];

      if (chips[k] == NOT_RUN)
        continue;
      r->done = TRUE;
      if (chips[k] == FAILED)
        r->error = g_strdup ("hand-made failure");
      else
        r->summary.rel_mse_pct = chips[k];
    }
  return sweep;
}

static void
test_map_cells (void)
{
  g_autoptr(LsgSweep) sweep = hand_made_sweep ();
  static const double want[6] = { 2, 4.5, NAN, 0.6, 9, 2.5 };
  g_autofree double *cells = NULL;
  guint n_cells = 0;

  cells = lsg_sweep_cell_medians (sweep, "rel_mse_pct", &n_cells);
  g_assert_cmpuint (n_cells, ==, 6);
  for (guint c = 0; c < 6; c++)
    if (isnan (want[c]))
      g_assert_true (isnan (cells[c]));
    else
      assert_close (cells[c], want[c], TOL);

  /* smaller is better: strictly below 2.5 are 2 and 0.6 (2.5 itself is
   * not); larger is better: above 2.5 are 4.5 and 9 */
  g_assert_true (lsg_sweep_figure_smaller_is_better ("rel_mse_pct"));
  g_assert_false (lsg_sweep_figure_smaller_is_better ("enob"));
  g_assert_cmpuint (lsg_sweep_count_meeting (cells, 6, 2.5, TRUE), ==, 2);
  g_assert_cmpuint (lsg_sweep_count_meeting (cells, 6, 2.5, FALSE), ==, 2);
  g_assert_cmpuint (lsg_sweep_count_meeting (cells, 6, 100, TRUE), ==, 5);
  g_assert_cmpuint (lsg_sweep_count_meeting (cells, 6, NAN, TRUE), ==, 0);

  /* one cell's chips: two of cell 1 ran, one failed */
  {
    g_autoptr(LsgSweepSample) s = lsg_sweep_sample_cell (sweep, "rel_mse_pct", 1);

    g_assert_cmpuint (s->n, ==, 2);
    g_assert_cmpuint (s->n_excluded, ==, 1);
    g_assert_cmpfloat (s->values[0], ==, 4);
    g_assert_cmpfloat (s->values[1], ==, 5);
  }
}

/* Along an axis, every chip at the axis value whatever the other axis:
 * the second i_eta is cells 3, 4, 5, { 0.5, 0.6, 0.7, 1.5, 2.5, 3.5, 8,
 * 10 } and one NaN, median (1.5 + 2.5) / 2 = 2; the first i_lambda is
 * cells 0 and 3, { 0.5, 0.6, 0.7, 1, 2, 3 }, median (0.7 + 1) / 2; the
 * last i_lambda is cells 2 and 5, three chips without a figure. */
static void
test_axis_points (void)
{
  g_autoptr(LsgSweep) sweep = hand_made_sweep ();
  g_autoptr(LsgSweepSample) a = lsg_sweep_sample_axis_point (sweep, "rel_mse_pct", 0, 1);
  g_autoptr(LsgSweepSample) b = lsg_sweep_sample_axis_point (sweep, "rel_mse_pct", 1, 0);
  g_autoptr(LsgSweepSample) c = lsg_sweep_sample_axis_point (sweep, "rel_mse_pct", 1, 2);
  g_autoptr(LsgSweepSample) all = lsg_sweep_sample_all (sweep, "rel_mse_pct");

  g_assert_cmpuint (a->n, ==, 8);
  g_assert_cmpuint (a->n_excluded, ==, 1);
  assert_close (lsg_sweep_sample_median (a), 2.0, TOL);
  g_assert_cmpuint (b->n, ==, 6);
  g_assert_cmpuint (b->n_excluded, ==, 0);
  assert_close (lsg_sweep_sample_median (b), 0.85, TOL);
  g_assert_cmpuint (c->n, ==, 3);
  g_assert_cmpuint (c->n_excluded, ==, 3);
  assert_close (lsg_sweep_sample_median (c), 2.5, TOL);
  /* 13 chips with a figure, 5 without (2 not run, 2 failed, 1 NaN) */
  g_assert_cmpuint (all->n, ==, 13);
  g_assert_cmpuint (all->n_excluded, ==, 5);
  g_assert_cmpfloat (all->values[0], ==, 0.5);
  g_assert_cmpfloat (all->values[12], ==, 10);
}

/* The scatter's points: both coordinates finite, ascending x; the
 * hand-made sweep's column has its NaN where a chip has no figure. */
static void
test_scatter (void)
{
  const double x[] = { 3, NAN, 1, 2, INFINITY, -1 };
  const double y[] = { 1, 1, NAN, 5, 1, 0 };
  g_autoptr(LsgSweep) sweep = hand_made_sweep ();
  g_autofree double *column = lsg_sweep_figure_column (sweep, "rel_mse_pct");
  g_autofree guint *order = NULL;
  guint n = 99;

  order = lsg_sweep_scatter_order (x, y, G_N_ELEMENTS (x), &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (order[0], ==, 5);
  g_assert_cmpuint (order[1], ==, 3);
  g_assert_cmpuint (order[2], ==, 0);
  g_assert_null (lsg_sweep_scatter_order (x + 1, y + 1, 2, &n));
  g_assert_cmpuint (n, ==, 0);

  g_assert_cmpfloat (column[0], ==, 3);
  g_assert_true (isnan (column[4]));   /* failed */
  g_assert_true (isnan (column[6]));   /* not run */
  g_assert_true (isnan (column[14]));  /* ran, NaN figure */
  g_assert_cmpfloat (column[17], ==, 3.5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/sweep-stats/quantiles", test_quantiles);
  g_test_add_func ("/sweep-stats/empty", test_empty);
  g_test_add_func ("/sweep-stats/yield", test_yield);
  g_test_add_func ("/sweep-stats/histogram", test_histogram);
  g_test_add_func ("/sweep-stats/map-cells", test_map_cells);
  g_test_add_func ("/sweep-stats/axis-points", test_axis_points);
  g_test_add_func ("/sweep-stats/scatter", test_scatter);
  return g_test_run ();
}
