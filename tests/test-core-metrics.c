/* Figures of merit on hand-made trajectories. */
#include "lsg-config.h"

#include <math.h>

#include <gsl/gsl_errno.h>

#include "lsg-design-file.h"
#include "lsg-metrics.h"

/* rows of 2 weights: t, phase, w0, w1, r0, r1 */
static LsgTrajectory *
make_trajectory (guint         rows,
                 const double  data[][6])
{
  LsgTrajectory *traj = lsg_trajectory_new (2);
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);

  for (guint k = 0; k < rows; k++)
    {
      double *row = lsg_trajectory_append_begin (traj);

      for (guint c = 0; c < l->stride; c++)
        row[c] = NAN;
      row[LSG_COL_T] = data[k][0];
      row[LSG_COL_PHASE] = data[k][1];
      row[l->w] = data[k][2];
      row[l->w + 1] = data[k][3];
      row[l->ref] = data[k][4];
      row[l->ref + 1] = data[k][5];
      lsg_trajectory_append_commit (traj);
    }
  return traj;
}

static const double rows[][6] = {
  /* t      phase  w0    w1     r0    r1 */
  { 1e-6,   0,     0.1,  0.0,   0.2,  0.0  },
  { 2e-6,   0,     0.5,  -0.5,  0.4,  -0.4 },
  { 3e-6,   0,     0.98, -1.0,  1.0,  -1.0 },
  { 4e-6,   0,     1.0,  -1.0,  1.0,  -1.0 },
  { 5e-6,   1,     9.0,  9.0,   1.0,  -1.0 },  /* hold rows do not count */
};

static void
test_rel_mse (void)
{
  g_autoptr(LsgTrajectory) traj = make_trajectory (5, rows);
  /* hand: sum (w - r)^2 = 0.01 + (0.01 + 0.01) + 0.0004 + 0 = 0.0304
   *       sum r^2      = 0.04 + 0.32 + 2 + 2 = 4.36 */
  double expect = 100 * 0.0304 / 4.36;

  g_assert_cmpfloat (fabs (lsg_metric_rel_mse_pct (traj) - expect), <, 1e-14);
}

static void
test_enob (void)
{
  static const double r[][6] = {
    { 1e-6, 0, 0.5 + 0.01, 0.5 - 0.01, 0.5, 0.5 },
  };
  g_autoptr(LsgTrajectory) traj = make_trajectory (1, r);
  /* rms error 0.01: log2(2 / (sqrt(12) 0.01)) */
  double expect = log2 (2 / (sqrt (12) * 0.01));

  g_assert_cmpfloat (fabs (lsg_metric_enob (traj) - expect), <, 1e-12);
  /* an error of one 8-bit LSB of a uniform quantizer's rms gives 8 bits */
  {
    double lsb = 2.0 / 256;
    double e = lsb / sqrt (12);
    const double r8[][6] = { { 1e-6, 0, 0.3 + e, 0.2 - e, 0.3, 0.2 } };
    g_autoptr(LsgTrajectory) t8 = make_trajectory (1, r8);
    g_assert_cmpfloat (fabs (lsg_metric_enob (t8) - 8.0), <, 1e-9);
  }
}

/* rows of 2 weights from a function of the row number; t = (k + 1) dt */
typedef void (*RowFunc) (guint k, double t, double *w0, double *w1);

static LsgTrajectory *
trajectory_from (guint   n_rows,
                 double  dt,
                 RowFunc f)
{
  LsgTrajectory *traj = lsg_trajectory_new (2);
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);

  for (guint k = 0; k < n_rows; k++)
    {
      double *row = lsg_trajectory_append_begin (traj);
      double t = (k + 1) * dt;

      for (guint c = 0; c < l->stride; c++)
        row[c] = NAN;
      row[LSG_COL_T] = t;
      row[LSG_COL_PHASE] = LSG_PHASE_TRAIN;
      f (k, t, &row[l->w], &row[l->w + 1]);
      /* the reference columns: the same weights slowed down twice */
      f (k / 2, t, &row[l->ref], &row[l->ref + 1]);
      lsg_trajectory_append_commit (traj);
    }
  return traj;
}

static void
step_at_30 (guint k, double t, double *w0, double *w1)
{
  *w0 = k >= 30 ? 1.0 : 0.0;
  *w1 = k >= 30 ? -1.0 : 0.0;
}

static void
step_at_170 (guint k, double t, double *w0, double *w1)
{
  *w0 = k >= 170 ? 1.0 : 0.0;
  *w1 = k >= 170 ? -1.0 : 0.0;
}

#define TAU 10.0
#define JITTER 0.01

/* 1 - e^{-t/tau} (with t in rows) and an alternating jitter */
static void
exp_jitter (guint k, double t, double *w0, double *w1)
{
  double e = exp (-(double) k / TAU) + (k % 2 ? JITTER : -JITTER);

  *w0 = 1.0 - e;
  *w1 = -(1.0 - e);
}

static void
ramp (guint k, double t, double *w0, double *w1)
{
  *w0 = 0.01 * k;
  *w1 = 1.0;
}

/* a settled weight whose ADC code flips by one LSB at random */
#define LSB (4.0 / 255)
static void
lsb_flips (guint k, double t, double *w0, double *w1)
{
  *w0 = 0.5 + (g_test_rand_bit () ? LSB : 0.0);
  *w1 = -0.25 - (g_test_rand_bit () ? LSB : 0.0);
}

static void
test_t_converge (void)
{
  const LsgTrajectoryLayout *l;

  /* A step at row 30: the band around (1, -1) holds from row 30 on. */
  {
    g_autoptr(LsgTrajectory) traj = trajectory_from (200, 1e-6, step_at_30);

    l = lsg_trajectory_get_layout (traj);
    g_assert_cmpfloat (lsg_metric_t_converge (traj, l->w, 0.05, 0.0, 20, 1), ==, 31 * 1e-6);
    /* the reference columns step at row 60 */
    g_assert_cmpfloat (lsg_metric_t_converge (traj, l->ref, 0.05, 0.0, 20, 1), ==, 61 * 1e-6);
  }
  /* An exponential with jitter: the distance to (1, -1) is
   * sqrt 2 (e^{-k/tau} +- jitter) and the band 0.05 sqrt 2, so the rows
   * stay inside from e^{-k/tau} + jitter <= 0.05 on: k >= tau ln 25. */
  {
    g_autoptr(LsgTrajectory) traj = trajectory_from (400, 1.0, exp_jitter);
    double k_star = TAU * log (1.0 / (0.05 - JITTER));
    double t = lsg_metric_t_converge (traj, lsg_trajectory_get_layout (traj)->w, 0.05, 0.0, 50, 1);

    g_test_message ("exponential: t_converge %g rows, analytic %g", t - 1, k_star);
    /* rows are whole; the mean of the last 50 rows is 1 within 1e-13 */
    g_assert_cmpfloat (t - 1, >=, floor (k_star) - 1);
    g_assert_cmpfloat (t - 1, <=, ceil (k_star) + 1);
    /* a 1 % band is narrower than the jitter: every odd row is outside it
     * up to the end, so the weights never settle by that rule */
    g_assert_cmpfloat (lsg_metric_t_converge (traj, lsg_trajectory_get_layout (traj)->w,
                                              0.009, 0.0, 50, 1), ==, INFINITY);
    /* Smoothed over 11 rows the jitter shrinks to jitter / 11 and the
     * exponential is scaled by S = sum_{j=-5}^{5} e^{-j/tau} / 11: the
     * band holds from S e^{-k/tau} + jitter / 11 <= 0.009 on. */
    {
      double sum = 0.0, k_smooth;

      for (int j = -5; j <= 5; j++)
        sum += exp (-j / TAU);
      k_smooth = TAU * log ((sum / 11) / (0.009 - JITTER / 11));
      t = lsg_metric_t_converge (traj, lsg_trajectory_get_layout (traj)->w, 0.009, 0.0, 50, 11);
      g_test_message ("smoothed: t_converge %g rows, analytic %g", t - 1, k_smooth);
      g_assert_cmpfloat (t - 1, >=, floor (k_smooth) - 1);
      g_assert_cmpfloat (t - 1, <=, ceil (k_smooth) + 1);
    }
  }
  /* A ramp never settles: near the end it is close to its own recent
   * mean (within the band from row 179 of 200), but that is no
   * convergence.  Nor is a step inside the last two windows. */
  {
    g_autoptr(LsgTrajectory) traj = trajectory_from (200, 1e-6, ramp);
    g_autoptr(LsgTrajectory) late = trajectory_from (200, 1e-6, step_at_170);

    g_assert_cmpfloat (lsg_metric_t_converge (traj, lsg_trajectory_get_layout (traj)->w,
                                              0.05, 0.0, 20, 1), ==, INFINITY);
    /* smoothing does not make a drift settle */
    g_assert_cmpfloat (lsg_metric_t_converge (traj, lsg_trajectory_get_layout (traj)->w,
                                              0.05, 0.0, 20, 20), ==, INFINITY);
    g_assert_cmpfloat (lsg_metric_t_converge (late, lsg_trajectory_get_layout (late)->w,
                                              0.05, 0.0, 20, 1), ==, INFINITY);
    /* with a 15-row window the step at 170 is a whole window before the
     * last one (185..199): settled */
    g_assert_cmpfloat (lsg_metric_t_converge (late, lsg_trajectory_get_layout (late)->w,
                                              0.05, 0.0, 15, 1), ==, 171 * 1e-6);
  }
  /* ADC LSB flips of a settled chip: outside a 0.1 % band, inside once
   * the band has one LSB sqrt(n) on top, from the first row on. */
  {
    g_autoptr(LsgTrajectory) traj = trajectory_from (400, 1e-6, lsb_flips);

    l = lsg_trajectory_get_layout (traj);
    g_assert_cmpfloat (lsg_metric_t_converge (traj, l->w, 0.001, 0.0, 100, 1), ==, INFINITY);
    g_assert_cmpfloat (lsg_metric_t_converge (traj, l->w, 0.001, LSB * sqrt (2), 100, 1), ==, 1e-6);
  }
  /* Hold rows do not count; a one-row window still needs settling
   * before it (the hand-made rows above: training ends at (1, -1), the
   * band of 2 % of sqrt 2 holds from row 3 (0.98, -1) on). */
  {
    g_autoptr(LsgTrajectory) traj = make_trajectory (5, rows);

    l = lsg_trajectory_get_layout (traj);
    g_assert_cmpfloat (lsg_metric_t_converge (traj, l->w, 0.02, 0.0, 1, 1), ==, 3e-6);
    g_assert_cmpfloat (lsg_metric_t_converge (traj, l->w, 0.01, 0.0, 1, 1), ==, INFINITY);
  }
}

static void
test_budget_variants (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();

  for (guint item = 0; item < LSG_BUDGET_N; item++)
    {
      g_autoptr(LsgParams) v = lsg_budget_variant (p, item);

      if (item == LSG_BUDGET_ALL)
        {
          g_assert_true (lsg_params_equal (v, p));
          continue;
        }
      g_assert_cmpint (v->moderate_inversion, ==, item == LSG_BUDGET_MODERATE_INVERSION);
      g_assert_cmpint (v->mismatch, ==, item == LSG_BUDGET_MISMATCH
                                        || item == LSG_BUDGET_MISMATCH_IN_LOOP
                                        || item == LSG_BUDGET_MISMATCH_FORWARD
                                        || item == LSG_BUDGET_MISMATCH_READOUT);
      g_assert_cmpint (v->mismatch_only, ==,
                       item == LSG_BUDGET_MISMATCH_IN_LOOP ? LSG_MISMATCH_IN_LOOP
                       : item == LSG_BUDGET_MISMATCH_FORWARD ? LSG_MISMATCH_FORWARD
                       : item == LSG_BUDGET_MISMATCH_READOUT ? LSG_MISMATCH_READOUT
                       : LSG_MISMATCH_ALL);
      g_assert_cmpint (v->leakage, ==, item == LSG_BUDGET_LEAKAGE);
      g_assert_cmpint (v->noise_on, ==, item == LSG_BUDGET_NOISE);
      g_assert_cmpuint (v->dac_bits, ==, item == LSG_BUDGET_QUANTIZATION ? p->dac_bits : 0);
      g_assert_cmpuint (v->adc_bits, ==, item == LSG_BUDGET_QUANTIZATION ? p->adc_bits : 0);
      /* everything else is the design point's */
      g_assert_cmpfloat (v->i_eta, ==, p->i_eta);
      g_assert_cmpfloat (v->c_w, ==, p->c_w);
    }
  g_assert_cmpstr (lsg_budget_item_name (LSG_BUDGET_MISMATCH), ==, "mismatch");
}

static void
test_summary_fields (void)
{
  guint n;
  const LsgSummaryField *f = lsg_summary_fields (&n);
  const char *names[] = { "rel_mse_pct", "enob", "ridge_error", "loss", "t_converge", "retention" };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < n; i++)
        found |= g_str_equal (f[i].key, names[k]);
      g_assert_true (found);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/metrics/rel-mse", test_rel_mse);
  g_test_add_func ("/metrics/enob", test_enob);
  g_test_add_func ("/metrics/t-converge", test_t_converge);
  g_test_add_func ("/metrics/budget-variants", test_budget_variants);
  g_test_add_func ("/metrics/summary-fields", test_summary_fields);
  return g_test_run ();
}
