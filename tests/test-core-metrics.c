/* Figures of merit on hand-made trajectories. */
#include "lsg-config.h"

#include <math.h>

#include <gsl/gsl_errno.h>

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

static void
test_t_converge (void)
{
  g_autoptr(LsgTrajectory) traj = make_trajectory (5, rows);

  /* end of training (1, -1), |end| = sqrt 2; 2 % band = 0.0283:
   * row 3 (0.98, -1) is 0.02 away: inside; row 2 is outside: t = 3e-6 */
  g_assert_cmpfloat (lsg_metric_t_converge (traj, 0.02), ==, 3e-6);
  /* a 1 % band (0.0141) excludes row 3 too */
  g_assert_cmpfloat (lsg_metric_t_converge (traj, 0.01), ==, 4e-6);
  /* a band wide enough for every row: the first row's time */
  g_assert_cmpfloat (lsg_metric_t_converge (traj, 10), ==, 1e-6);
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
      g_assert_cmpint (v->mismatch, ==, item == LSG_BUDGET_MISMATCH);
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
