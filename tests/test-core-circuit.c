/* Tests of the simulated chip against R2 and against analytic solutions
 * of the circuit equations (MODEL.md sections 3 and 4). */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

#include "lsg-design-file.h"
#include "lsg-metrics.h"
#include "lsg-sim.h"
#include "lsg-test-util.h"

#define BOLTZMANN 1.380649e-23
#define CHARGE 1.602176634e-19

#define ideal_params lsg_test_ideal_params
#define make_dataset lsg_test_make_dataset

static LsgParams *
small_params (void)
{
  LsgParams *p = ideal_params ();

  p->samples = 50;
  p->epochs = 4;
  return p;
}

/* Tests of the physics go through the general ODE path; the closed form
 * is checked against it in /circuit/exact-matches-ode. */
static LsgSim *run_sim_solver (const LsgParams  *params,
                               const LsgDataset *ds,
                               gboolean          allow_exact);

static LsgSim *
run_sim (const LsgParams  *params,
         const LsgDataset *ds)
{
  return run_sim_solver (params, ds, FALSE);
}

static double
row_value (const LsgSim *sim,
           guint         k,
           guint         column)
{
  return lsg_trajectory_get_row (lsg_sim_get_trajectory (sim), k)[column];
}

static LsgSim *
run_sim_solver (const LsgParams  *params,
                const LsgDataset *ds,
                gboolean          allow_exact)
{
  return lsg_test_run (params, ds, allow_exact);
}

static void
test_ideal_tracks_r2 (void)
{
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);

  /* through the ODE solver, and through the closed form */
  for (int exact = 0; exact <= 1; exact++)
    {
      g_autoptr(LsgSim) sim = run_sim_solver (p, ds, exact);
      double rel = lsg_metric_rel_mse_pct (lsg_sim_get_trajectory (sim));
      LsgSimStats stats;

      lsg_sim_get_stats (sim, &stats);
      g_test_message ("ideal circuit against R2 (%s): rel_mse_pct = %g",
                      exact ? "closed form" : "ODE solver", rel);
      g_assert_cmpuint (stats.exact_intervals, ==, exact ? stats.intervals : 0);
      /* the bound; the solver tolerance gives ~1e-15 */
      g_assert_cmpfloat (rel, <, 1e-6);
      g_assert_cmpuint (lsg_trajectory_get_n_rows (lsg_sim_get_trajectory (sim)),
                        ==, p->epochs * p->samples);
    }
}

static double
max_weight_gap (const LsgSim *a,
                const LsgSim *b)
{
  LsgTrajectory *ta = lsg_sim_get_trajectory (a);
  LsgTrajectory *tb = lsg_sim_get_trajectory (b);
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (ta);
  double gap = 0.0;

  g_assert_cmpuint (lsg_trajectory_get_n_rows (ta), ==, lsg_trajectory_get_n_rows (tb));
  for (guint k = 0; k < lsg_trajectory_get_n_rows (ta); k++)
    {
      const double *ra = lsg_trajectory_get_row (ta, k);
      const double *rb = lsg_trajectory_get_row (tb, k);

      /* both halves of every weight, in units of I_N */
      for (guint i = 0; i < l->n_weights; i++)
        {
          gap = fmax (gap, fabs (ra[l->i_plus + i] - rb[l->i_plus + i]) / lsg_sim_get_params (a)->i_unit);
          gap = fmax (gap, fabs (ra[l->i_minus + i] - rb[l->i_minus + i]) / lsg_sim_get_params (a)->i_unit);
        }
    }
  return gap;
}

/* The closed-form interval and the ODE solver integrate the same
 * equations: their cell currents agree to the solver's tolerance, with the
 * common-mode current, leakage, noise, converters and a stiff point. */
static void
test_exact_matches_ode (void)
{
  struct {
    const char *what;
    const char *sets[6];
    double      tolerance;
  } cases[] = {
    /* the ODE solver works to 1e-7 relative on currents of order I_N */
    { "ideal", { NULL }, 1e-6 },
    { "common mode, leakage, converters",
      { "circuit.i_cm=2e-10", "nonideal.leakage=true", "nonideal.i_leak=1e-12",
        "nonideal.dac_bits=6", "nonideal.adc_bits=6", NULL }, 1e-6 },
    { "noise", { "nonideal.noise=true", NULL }, 1e-5 },
    { "stiff (implicit solver)", { "circuit.i_eta=1e-7", "circuit.i_lambda=1e-9", NULL }, 1e-5 },
    { "fast decay", { "circuit.i_lambda=3e-10", "dataset.noise=0.3", NULL }, 1e-6 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(LsgParams) p = small_params ();
      g_autoptr(LsgDataset) ds = NULL;
      g_autoptr(LsgSim) exact = NULL;
      g_autoptr(LsgSim) ode = NULL;
      LsgSimStats stats;
      double gap;

      set_keys (p, cases[c].sets);
      ds = lsg_dataset_new_from_params (p, NULL);
      exact = run_sim_solver (p, ds, TRUE);
      ode = run_sim_solver (p, ds, FALSE);
      lsg_sim_get_stats (exact, &stats);
      gap = max_weight_gap (exact, ode);
      g_test_message ("%s: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                      " intervals in closed form, largest gap %g I_N",
                      cases[c].what, stats.exact_intervals, stats.intervals, gap);
      g_assert_cmpuint (stats.exact_intervals, >, stats.intervals / 2);
      g_assert_cmpfloat (gap, <, cases[c].tolerance);
    }
}

/* One weight, x = 1, y = 0.5, no regularization: the circuit obeys
 * tau dw/dt = y - w, so ln(y - w) falls with slope -1/tau. */
static void
test_eta_recovered (void)
{
  double x = 1.0, y = 0.5;
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgDataset) ds = make_dataset (1, 1, &x, &y);
  g_autoptr(LsgSim) sim = NULL;
  const LsgTrajectoryLayout *l;
  double t[200], lny[200], c0, c1, cov00, cov01, cov11, sumsq;
  double tau_expect, eta_fit;

  p->i_lambda = 0;
  p->epochs = 60;      /* 60 intervals: w gets to ~95 % of y */
  sim = run_sim (p, ds);
  l = lsg_trajectory_get_layout (lsg_sim_get_trajectory (sim));
  for (guint k = 0; k < p->epochs; k++)
    {
      t[k] = row_value (sim, k, LSG_COL_T);
      lny[k] = log (y - row_value (sim, k, l->w));
    }
  gsl_fit_linear (t, 1, lny, 1, p->epochs, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);

  tau_expect = p->c_w * (BOLTZMANN * p->temperature / CHARGE) / (p->kappa * p->i_eta);
  eta_fit = p->t_sample * -c1;
  g_test_message ("tau fitted %.9g s, expected %.9g s; eta = %.9g", -1 / c1, tau_expect, eta_fit);
  g_assert_cmpfloat (fabs (-1 / c1 / tau_expect - 1), <, 1e-6);
  g_assert_cmpfloat (fabs (eta_fit / (p->t_sample / tau_expect) - 1), <, 1e-6);
  /* and the intercept is ln(y - w0) = ln 0.5: the circuit starts at w = 0 */
  g_assert_cmpfloat (fabs (c0 - log (0.5)), <, 1e-6);
}

/* x = 0: no gradient, each half decays by the constant I_lambda on its
 * capacitor, w(t) = w0 exp(-kappa I_lambda t / (C U_T)). */
static void
test_lambda_recovered (void)
{
  double x = 0.0, y = 0.0;
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgDataset) ds = make_dataset (1, 1, &x, &y);
  g_autoptr(LsgSim) sim = NULL;
  const LsgTrajectoryLayout *l;
  double t[100], lnw[100], c0, c1, cov00, cov01, cov11, sumsq, u_t, lambda_fit;

  p->w_init = 0.8;
  p->i_lambda = 5e-11;
  p->epochs = 100;
  sim = run_sim (p, ds);
  l = lsg_trajectory_get_layout (lsg_sim_get_trajectory (sim));
  for (guint k = 0; k < p->epochs; k++)
    {
      t[k] = row_value (sim, k, LSG_COL_T);
      lnw[k] = log (row_value (sim, k, l->w));
    }
  gsl_fit_linear (t, 1, lnw, 1, p->epochs, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  u_t = BOLTZMANN * p->temperature / CHARGE;
  /* the rate is lambda / tau; lambda = rate * tau */
  lambda_fit = -c1 * p->c_w * u_t / (p->kappa * p->i_eta);
  g_test_message ("lambda fitted %.9g, expected I_lambda / I_eta = %.9g", lambda_fit, p->i_lambda / p->i_eta);
  g_assert_cmpfloat (fabs (-c1 / (p->kappa * p->i_lambda / (p->c_w * u_t)) - 1), <, 1e-6);
  g_assert_cmpfloat (fabs (lambda_fit / (p->i_lambda / p->i_eta) - 1), <, 1e-6);
}

static void
test_moderate_inversion (void)
{
  double x = 1.0, y = 0.5;
  g_autoptr(LsgDataset) ds = make_dataset (1, 1, &x, &y);
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgParams) pe = NULL;
  g_autoptr(LsgSim) weak = NULL;
  g_autoptr(LsgSim) ekv = NULL;
  const LsgTrajectoryLayout *l;
  double w_fixed, prev_rel = 0.0;

  /* IC up to ~0.5 at w = 0.5: G(IC) ~ 0.72 slows the approach.  The
   * idle half only decays at lambda, so lambda = 0.1 and lambda theta = 30
   * let both halves settle. */
  p->i_spec = 1e-9;
  p->i_lambda = 1e-10;
  p->epochs = 6000;
  pe = lsg_params_copy (p);
  pe->moderate_inversion = TRUE;
  weak = run_sim (p, ds);
  ekv = run_sim (pe, ds);
  l = lsg_trajectory_get_layout (lsg_sim_get_trajectory (weak));

  /* slower: after 10 intervals the EKV chip is behind */
  g_assert_cmpfloat (row_value (ekv, 9, l->w), <, 0.99 * row_value (weak, 9, l->w));
  /* same fixed point, s y / (s + lambda) with s = 1 (hand) */
  w_fixed = y / (1 + p->i_lambda / p->i_eta);
  g_assert_cmpfloat (fabs (row_value (weak, p->epochs - 1, l->w) / w_fixed - 1), <, 1e-6);
  g_assert_cmpfloat (fabs (row_value (ekv, p->epochs - 1, l->w) / w_fixed - 1), <, 1e-6);

  /* the error against R2 grows with I / I_spec: about like IC (the
   * relative current error goes as sqrt IC, the squared error as IC) */
  for (double i_spec = 1e-5; i_spec >= 1e-8; i_spec /= 10)
    {
      g_autoptr(LsgParams) q = lsg_params_copy (pe);
      g_autoptr(LsgSim) sim = NULL;
      double rel;

      q->i_spec = i_spec;
      q->i_lambda = 1e-11;
      q->epochs = 40;
      sim = run_sim (q, ds);
      rel = lsg_metric_rel_mse_pct (lsg_sim_get_trajectory (sim));
      g_test_message ("i_spec %g A: rel_mse_pct %g", i_spec, rel);
      if (prev_rel > 0)
        g_assert_cmpfloat (rel, >, 5 * prev_rel);
      prev_rel = rel;
    }
}

/* Hold: C dV/dt = -I_leak, so in weak inversion every current, and so
 * every weight, decays as exp(-kappa I_leak t / (C U_T)). */
static void
test_hold_decay (void)
{
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  const LsgTrajectoryLayout *l;
  LsgTrajectory *traj;
  guint n_train, n_rows;
  double rate, u_t, retention_expect = INFINITY, lsb;
  const double *end;

  p->leakage = TRUE;
  p->i_leak = 1e-12;
  p->t_hold = 1e-3;
  p->epochs = 5;
  p->adc_bits = 0;
  ds = lsg_dataset_new_from_params (p, NULL);
  sim = run_sim (p, ds);
  traj = lsg_sim_get_trajectory (sim);
  l = lsg_trajectory_get_layout (traj);
  n_train = lsg_sim_get_n_train_rows (sim);
  n_rows = lsg_trajectory_get_n_rows (traj);
  g_assert_cmpuint (n_rows - n_train, ==, lsg_sim_get_n_hold_rows (sim));
  g_assert_cmpuint (lsg_sim_get_n_hold_rows (sim), ==, 500);   /* 1 ms / 2 us */

  u_t = BOLTZMANN * p->temperature / CHARGE;
  rate = p->kappa * p->i_leak / (p->c_w * u_t);
  end = lsg_trajectory_get_row (traj, n_train - 1);
  for (guint k = n_train; k < n_rows; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);
      double decay = exp (-rate * (row[LSG_COL_T] - end[LSG_COL_T]));

      g_assert_cmpfloat (row[LSG_COL_PHASE], ==, LSG_PHASE_HOLD);
      for (guint i = 0; i < l->n_weights; i++)
        {
          g_assert_cmpfloat (fabs (row[l->w + i] - end[l->w + i] * decay), <, 1e-12);
          /* R2 has ideal memory */
          g_assert_cmpfloat (row[l->ref + i], ==, end[l->ref + i]);
        }
    }

  /* retention, 8-bit LSB over +-2 (the ADC is ideal here):
   * |w0| (1 - e^{-rate t}) = LSB, earliest for the largest |w0| */
  lsb = 4.0 / 255;
  for (guint i = 0; i < l->n_weights; i++)
    if (fabs (end[l->w + i]) > lsb)
      retention_expect = fmin (retention_expect, -log1p (-lsb / fabs (end[l->w + i])) / rate);
  g_test_message ("retention %g s, expected %g s", lsg_sim_retention (sim), retention_expect);
  g_assert_cmpfloat (fabs (lsg_sim_retention (sim) / retention_expect - 1), <, 1e-6);
}

static double
hold_rate (double temperature)
{
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  LsgTrajectory *traj;
  const LsgTrajectoryLayout *l;
  const double *a, *b;
  guint n_train;

  p->leakage = TRUE;
  p->i_leak = 1e-12;
  p->t_hold = 1e-3;
  p->epochs = 2;
  p->temperature = temperature;
  ds = lsg_dataset_new_from_params (p, NULL);
  sim = run_sim (p, ds);
  traj = lsg_sim_get_trajectory (sim);
  l = lsg_trajectory_get_layout (traj);
  n_train = lsg_sim_get_n_train_rows (sim);
  a = lsg_trajectory_get_row (traj, n_train - 1);
  b = lsg_trajectory_get_row (traj, lsg_trajectory_get_n_rows (traj) - 1);
  return -log (b[l->w] / a[l->w]) / (b[LSG_COL_T] - a[LSG_COL_T]);
}

static void
test_leakage_doubling (void)
{
  /* rate = kappa I_leak(T) / (C U_T(T)); I_leak doubles every 8 K, U_T
   * grows as T: the ratio is 2 T1 / T2 */
  double t1 = 300.15, t2 = 308.15;
  double ratio = hold_rate (t2) / hold_rate (t1);

  g_test_message ("decay rate ratio %.9g, expected %.9g", ratio, 2 * t1 / t2);
  g_assert_cmpfloat (fabs (ratio / (2 * t1 / t2) - 1), <, 1e-9);
}


static gboolean
same_trajectory (const LsgSim *a,
                 const LsgSim *b)
{
  LsgTrajectory *ta = lsg_sim_get_trajectory (a);
  LsgTrajectory *tb = lsg_sim_get_trajectory (b);
  guint stride = lsg_trajectory_get_layout (ta)->stride;

  if (lsg_trajectory_get_n_rows (ta) != lsg_trajectory_get_n_rows (tb))
    return FALSE;
  for (guint k = 0; k < lsg_trajectory_get_n_rows (ta); k++)
    if (memcmp (lsg_trajectory_get_row (ta, k), lsg_trajectory_get_row (tb, k),
                sizeof (double) * stride) != 0)
      return FALSE;
  return TRUE;
}

static void
test_mismatch_seed (void)
{
  g_autoptr(LsgParams) p = small_params ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) a = NULL;
  g_autoptr(LsgSim) b = NULL;
  g_autoptr(LsgSim) c = NULL;

  p->mismatch = TRUE;
  p->mc_seed = 17;
  ds = lsg_dataset_new_from_params (p, NULL);
  a = run_sim (p, ds);
  b = run_sim (p, ds);
  g_assert_true (same_trajectory (a, b));

  q = lsg_params_copy (p);
  q->mc_seed = 18;
  c = run_sim (q, ds);
  g_assert_false (same_trajectory (a, c));
}

/* The standard deviation over n_chips of the end-of-training error of
 * every weight, pooled. */
static double
mismatch_spread (double device_area,
                 guint  n_chips)
{
  g_autoptr(LsgParams) p = small_params ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autofree double *err = NULL;
  guint n = 0, m = 0;

  p->mismatch = TRUE;
  p->device_area = device_area;
  ds = lsg_dataset_new_from_params (p, NULL);
  n = ds->n_weights;
  err = g_new (double, n * n_chips);
  for (guint chip = 0; chip < n_chips; chip++)
    {
      g_autoptr(LsgSim) sim = NULL;
      LsgTrajectory *traj;
      const LsgTrajectoryLayout *l;
      const double *end;

      p->mc_seed = 1000 + chip;
      sim = run_sim (p, ds);
      traj = lsg_sim_get_trajectory (sim);
      l = lsg_trajectory_get_layout (traj);
      end = lsg_trajectory_get_row (traj, lsg_trajectory_get_n_rows (traj) - 1);
      for (guint i = 0; i < n; i++)
        err[m++] = end[l->w + i] - end[l->ref + i];
    }
  return gsl_stats_sd (err, 1, m);
}

static void
test_mismatch_pelgrom (void)
{
  /* sigma_VT = A_VT / sqrt(W L): 4x the area halves the spread */
  double s1 = mismatch_spread (1e-11, 200);
  double s4 = mismatch_spread (4e-11, 200);

  g_test_message ("spread %g at 10 um^2, %g at 40 um^2: ratio %g", s1, s4, s1 / s4);
  /* 200 chips x 9 weights: the ratio of two sample deviations is within
   * ~10 % of 2 at 3 sigma */
  g_assert_cmpfloat (s1 / s4, >, 1.8);
  g_assert_cmpfloat (s1 / s4, <, 2.2);
}

static void
test_noise_seed (void)
{
  g_autoptr(LsgParams) p = small_params ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) a = NULL;
  g_autoptr(LsgSim) b = NULL;
  g_autoptr(LsgSim) c = NULL;

  p->noise_on = TRUE;
  ds = lsg_dataset_new_from_params (p, NULL);
  a = run_sim (p, ds);
  b = run_sim (p, ds);
  g_assert_true (same_trajectory (a, b));
  q = lsg_params_copy (p);
  q->noise_seed++;
  c = run_sim (q, ds);
  g_assert_false (same_trajectory (a, c));
}

/* Variance of the end weights over noise seeds, around the noiseless run,
 * at capacitor c_w with I_eta and I_lambda scaled by c_w so eta and lambda
 * stay the same. */
static double
noise_variance (double c_w,
                guint  n_seeds)
{
  g_autoptr(LsgParams) p = small_params ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) clean = NULL;
  g_autofree double *dev = NULL;
  const double *end_clean;
  const LsgTrajectoryLayout *l;
  guint n, m = 0;
  double scale = c_w / p->c_w;

  p->c_w = c_w;
  p->i_eta *= scale;
  p->i_lambda *= scale;
  ds = lsg_dataset_new_from_params (p, NULL);
  n = ds->n_weights;
  clean = run_sim (p, ds);
  l = lsg_trajectory_get_layout (lsg_sim_get_trajectory (clean));
  end_clean = lsg_trajectory_get_row (lsg_sim_get_trajectory (clean),
                                      lsg_trajectory_get_n_rows (lsg_sim_get_trajectory (clean)) - 1);
  dev = g_new (double, n * n_seeds);
  p->noise_on = TRUE;
  for (guint s = 0; s < n_seeds; s++)
    {
      g_autoptr(LsgSim) sim = NULL;
      const double *end;

      p->noise_seed = 500 + s;
      sim = run_sim (p, ds);
      end = lsg_trajectory_get_row (lsg_sim_get_trajectory (sim),
                                    lsg_trajectory_get_n_rows (lsg_sim_get_trajectory (sim)) - 1);
      for (guint i = 0; i < n; i++)
        dev[m++] = end[l->w + i] - end_clean[l->w + i];
    }
  /* mean square deviation from the noiseless chip */
  {
    double sum = 0.0;
    for (guint k = 0; k < m; k++)
      sum += dev[k] * dev[k];
    return sum / m;
  }
}

static void
test_noise_falls_with_capacitance (void)
{
  /* shot and kT/C noise: the voltage variance goes as 1/C, so does the
   * weight variance at fixed eta and lambda */
  double v1 = noise_variance (1e-12, 150);
  double v4 = noise_variance (4e-12, 150);

  g_test_message ("weight noise variance %g at 1 pF, %g at 4 pF: ratio %g", v1, v4, v1 / v4);
  g_assert_cmpfloat (v1 / v4, >, 3.0);
  g_assert_cmpfloat (v1 / v4, <, 5.3);
}

/* The paper preset: each non-ideality alone and all but mismatch stay
 * below the paper's 0.87 %; the full figure is reported in the log. */
static void
test_paper_preset (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgParams) no_mismatch = lsg_params_copy (p);
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  g_autoptr(LsgSim) full = run_sim (p, ds);
  g_autoptr(LsgSim) partial = NULL;
  g_autoptr(GError) error = NULL;
  LsgSummary summary;
  LsgBudget budget;

  g_assert_cmpuint (p->dac_bits, ==, 8);
  g_assert_cmpuint (p->adc_bits, ==, 8);
  lsg_summary_compute (full, &summary);
  g_assert_true (lsg_budget_compute (p, ds, NAN, NULL, &budget, &error));
  g_assert_no_error (error);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    g_test_message ("budget %-20s %g %%", lsg_budget_item_name (b), budget.rel_mse_pct[b]);
  g_test_message ("paper preset, every non-ideality on: rel_mse_pct = %g %%", summary.rel_mse_pct);

  /* the budget's "all" is the design point itself */
  g_assert_cmpfloat (budget.rel_mse_pct[LSG_BUDGET_ALL], ==, summary.rel_mse_pct);
  g_assert_cmpfloat (budget.rel_mse_pct[LSG_BUDGET_NONE], <, 1e-6);
  for (guint b = LSG_BUDGET_MODERATE_INVERSION; b <= LSG_BUDGET_QUANTIZATION; b++)
    if (b != LSG_BUDGET_MISMATCH)
      g_assert_cmpfloat (budget.rel_mse_pct[b], <, 0.87);

  no_mismatch->mismatch = FALSE;
  partial = run_sim (no_mismatch, ds);
  g_assert_cmpfloat (lsg_metric_rel_mse_pct (lsg_sim_get_trajectory (partial)), <, 0.87);
}

/* Every shipped design-point preset loads and runs (one epoch), and each
 * differs from the paper preset in what its comment says it changes. */
static void
test_shipped_presets (void)
{
  const char *const *names = lsg_params_preset_names ();
  g_autoptr(LsgParams) paper = lsg_params_new_default ();
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++, n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = lsg_params_new_preset (names[i], &error);
      g_autoptr(LsgDataset) ds = NULL;
      g_autoptr(LsgSim) sim = NULL;
      LsgSummary summary;

      g_assert_no_error (error);
      g_assert_true (lsg_params_validate (p, names[i], &error));
      p->epochs = 1;
      ds = lsg_dataset_new_from_params (p, &error);
      g_assert_no_error (error);
      sim = lsg_sim_new (p, ds, &error);
      g_assert_no_error (error);
      g_assert_true (lsg_sim_run (sim, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      lsg_summary_compute (sim, &summary);
      g_assert_true (isfinite (summary.rel_mse_pct));
      g_test_message ("%s: rel_mse_pct %.3g %% after one epoch, eta %.3g", names[i],
                      summary.rel_mse_pct, summary.eta);
      if (g_str_equal (names[i], "paper"))
        continue;
      g_assert_false (lsg_params_equal (p, paper));
      if (g_str_equal (names[i], "fast"))
        g_assert_cmpfloat (lsg_params_eta (p), >, 5 * lsg_params_eta (paper));
      else if (g_str_equal (names[i], "low-power"))
        {
          /* the same eta and lambda at a tenth of the currents */
          g_assert_cmpfloat (fabs (lsg_params_eta (p) / lsg_params_eta (paper) - 1), <, 1e-12);
          g_assert_cmpfloat (p->i_eta, <, paper->i_eta);
        }
      else if (g_str_equal (names[i], "near-moderate-inversion"))
        g_assert_cmpfloat (p->i_unit / p->i_spec, >, 0.1);
      else if (g_str_equal (names[i], "leaky-hold"))
        g_assert_cmpfloat (lsg_params_i_leak_effective (p), >, 10 * lsg_params_i_leak_effective (paper));
    }
  g_assert_cmpuint (n, >=, 5);
}

/* Live chip: a new I_lambda applies from the current state. */
static void
test_retune_keeps_state (void)
{
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  g_autoptr(LsgSim) sim = NULL;
  g_autoptr(GError) error = NULL;
  double before_p[9], before_m[9], after_p[9], after_m[9];
  LsgTrajectory *traj;
  const LsgTrajectoryLayout *l;
  guint rows;

  sim = lsg_sim_new (p, ds, &error);
  g_assert_no_error (error);
  lsg_sim_set_continuous (sim, TRUE);
  g_assert_true (lsg_sim_step (sim, 300, NULL, &error));
  traj = lsg_sim_get_trajectory (sim);
  l = lsg_trajectory_get_layout (traj);
  rows = lsg_trajectory_get_n_rows (traj);
  lsg_sim_get_cell_currents (sim, before_p, before_m);

  q = lsg_params_copy (p);
  q->i_lambda *= 10;
  g_assert_true (lsg_sim_retune (sim, q, &error));
  g_assert_no_error (error);
  lsg_sim_get_cell_currents (sim, after_p, after_m);
  g_assert_cmpmem (before_p, sizeof before_p, after_p, sizeof after_p);
  g_assert_cmpmem (before_m, sizeof before_m, after_m, sizeof after_m);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), ==, rows);

  /* the next interval starts from there: its first row is one interval
   * of the new dynamics away, and both chip and R2 follow the new lambda
   * (they keep tracking each other to solver accuracy) */
  g_assert_true (lsg_sim_step (sim, 500, NULL, &error));
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), ==, rows + 500);
  g_assert_cmpfloat (lsg_metric_rel_mse_pct (traj), <, 1e-6);
  g_assert_cmpfloat (fabs (lsg_trajectory_get_row (traj, rows)[LSG_COL_T]
                           - lsg_trajectory_get_row (traj, rows - 1)[LSG_COL_T] - p->t_sample), <, 1e-15);
  g_assert_false (lsg_sim_is_done (sim));
  (void) l;

  /* something that needs a new chip is refused */
  q->seed++;
  g_assert_false (lsg_sim_retune (sim, q, &error));
  g_assert_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_RETUNE);
  g_assert_nonnull (strstr (error->message, "dataset.seed"));
}

/* The regularized loss's gradient at w, summed directly over the training
 * rows of ds: zero at the ridge optimum of lambda. */
static double
ridge_gradient_max (const LsgDataset *ds,
                    const double     *w,
                    double            lambda)
{
  double worst = 0.0;

  for (guint i = 0; i < ds->n_weights; i++)
    {
      double grad = lambda * w[i];

      for (guint k = 0; k < ds->n_train; k++)
        {
          const double *x = lsg_dataset_row (ds, k);
          double e = ds->y[k];

          for (guint j = 0; j < ds->n_weights; j++)
            e -= w[j] * x[j];
          grad -= e * x[i] / ds->n_train;
        }
      worst = MAX (worst, fabs (grad));
    }
  return worst;
}

/* After a retune of I_lambda the simulation's w* (and so ridge_error) is
 * the optimum of the new lambda, not of the point it started at. */
static void
test_retune_moves_w_star (void)
{
  g_autoptr(LsgParams) p = ideal_params ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  g_autoptr(LsgSim) sim = NULL;
  g_autoptr(GError) error = NULL;
  const double *w_star;

  sim = lsg_sim_new (p, ds, &error);
  g_assert_no_error (error);
  w_star = lsg_sim_get_w_star (sim);
  g_assert_nonnull (w_star);
  g_assert_cmpfloat (ridge_gradient_max (ds, w_star, lsg_params_lambda (p)), <, 1e-12);
  lsg_sim_set_continuous (sim, TRUE);
  g_assert_true (lsg_sim_step (sim, 100, NULL, &error));

  q = lsg_params_copy (p);
  q->i_lambda *= 10;
  g_assert_true (lsg_sim_retune (sim, q, &error));
  w_star = lsg_sim_get_w_star (sim);
  g_assert_nonnull (w_star);
  g_assert_cmpfloat (ridge_gradient_max (ds, w_star, lsg_params_lambda (q)), <, 1e-12);
  /* and it is not the old optimum still: that one is off by far more */
  {
    g_autoptr(LsgSim) old = lsg_sim_new (p, ds, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (ridge_gradient_max (ds, lsg_sim_get_w_star (old), lsg_params_lambda (q)), >, 1e-6);
  }
}

/* Live chip switched on during the hold: training resumes where the hold
 * left the chip, and time runs on from the hold's end, one sample period
 * a row (not from the last training row: rows must never go back in
 * time). */
static void
test_live_after_hold (void)
{
  g_autoptr(LsgParams) p = small_params ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  g_autoptr(GError) error = NULL;
  LsgTrajectory *traj;
  guint64 n_train;
  guint n_hold, rows;
  double t_hold_end;

  p->t_hold = 1e-3;
  ds = lsg_dataset_new_from_params (p, &error);
  g_assert_no_error (error);
  sim = lsg_sim_new (p, ds, &error);
  g_assert_no_error (error);
  n_train = lsg_sim_get_n_train_rows (sim);
  n_hold = lsg_sim_get_n_hold_rows (sim);
  g_assert_cmpuint (n_hold, >, 20);
  /* all of training and 10 hold rows */
  g_assert_true (lsg_sim_step (sim, n_train + 10, NULL, &error));
  g_assert_no_error (error);
  traj = lsg_sim_get_trajectory (sim);
  rows = lsg_trajectory_get_n_rows (traj);
  g_assert_cmpuint (rows, ==, n_train + 10);
  t_hold_end = lsg_trajectory_get_row (traj, rows - 1)[LSG_COL_T];
  g_assert_cmpfloat (lsg_trajectory_get_row (traj, rows - 1)[LSG_COL_PHASE], ==, LSG_PHASE_HOLD);
  /* ten hold steps of t_hold / n_hold after the last training row */
  g_assert_cmpfloat_with_epsilon (t_hold_end - lsg_trajectory_get_row (traj, n_train - 1)[LSG_COL_T],
                                  10 * p->t_hold / n_hold, 1e-15);

  lsg_sim_set_continuous (sim, TRUE);
  g_assert_true (lsg_sim_step (sim, 20, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), ==, rows + 20);
  for (guint k = rows; k < rows + 20; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);

      g_assert_cmpfloat (row[LSG_COL_PHASE], ==, LSG_PHASE_TRAIN);
      g_assert_cmpfloat (row[LSG_COL_T], ==, t_hold_end + (k - rows + 1) * p->t_sample);
    }
}

typedef struct {
  LsgSim       *sim;
  GCancellable *cancel;
  GError       *error;
  gboolean      ok;
} ThreadRun;

static gpointer
run_thread (gpointer data)
{
  ThreadRun *tr = data;

  tr->ok = lsg_sim_run (tr->sim, NULL, NULL, tr->cancel, &tr->error);
  return NULL;
}

/* Partial results are readable while the run goes on in another thread,
 * and a published row never changes. */
static void
test_live_rows_from_another_thread (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  ThreadRun tr = { 0 };
  GThread *thread;
  LsgTrajectory *traj;
  guint stride, seen = 0, polls = 0;
  g_autofree double *first = NULL;

  tr.sim = lsg_sim_new (p, ds, NULL);
  traj = lsg_sim_get_trajectory (tr.sim);
  stride = lsg_trajectory_get_layout (traj)->stride;
  first = g_new (double, stride);
  thread = g_thread_new ("sim", run_thread, &tr);
  while (!lsg_sim_is_done (tr.sim) || seen < lsg_trajectory_get_n_rows (traj))
    {
      guint now = lsg_trajectory_get_n_rows (traj);

      g_assert_cmpuint (now, >=, seen);
      if (seen == 0 && now > 0)
        memcpy (first, lsg_trajectory_get_row (traj, 0), sizeof (double) * stride);
      for (guint k = seen; k < now; k++)
        g_assert_true (isfinite (lsg_trajectory_get_row (traj, k)[LSG_COL_T]));
      seen = now;
      polls++;
      g_usleep (200);
      if (polls > 1000000)
        break;
    }
  g_thread_join (thread);
  g_assert_true (tr.ok);
  g_assert_cmpmem (first, sizeof (double) * stride, lsg_trajectory_get_row (traj, 0), sizeof (double) * stride);
  g_test_message ("%u polls saw the run grow to %u rows", polls, seen);
  lsg_sim_free (tr.sim);
}

static void
test_cancel (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  g_autoptr(LsgSim) sim = lsg_sim_new (p, ds, NULL);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lsg_sim_step (sim, 10, cancel, &error));
  g_cancellable_cancel (cancel);
  g_assert_false (lsg_sim_run (sim, NULL, NULL, cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (lsg_sim_get_trajectory (sim)), ==, 10);
}

/* The implicit solver that takes over for stiff points tracks R2 too. */
static void
test_stiff_solver (void)
{
  g_autoptr(LsgParams) p = small_params ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  LsgSimStats stats;
  double rel;

  p->i_eta = 1e-7;     /* eta = 5.2, eta (s_max + lambda) ~ 30 */
  p->i_lambda = 1e-9;
  p->epochs = 1;
  ds = lsg_dataset_new_from_params (p, NULL);
  sim = run_sim (p, ds);
  lsg_sim_get_stats (sim, &stats);
  g_assert_true (stats.stiff_solver);
  rel = lsg_metric_rel_mse_pct (lsg_sim_get_trajectory (sim));
  g_test_message ("stiff point: rel_mse_pct %g", rel);
  g_assert_cmpfloat (rel, <, 1e-6);
}

/* A design point the solver cannot follow within its step budget ends in
 * an error that names the point, not in a crash or a hang. */
static void
test_solver_failure_is_an_error (void)
{
  g_autoptr(LsgParams) p = small_params ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  g_autoptr(GError) error = NULL;

  /* eta ~ 5e2: the implicit solver needs dozens of steps per interval */
  p->i_eta = 1e-5;
  ds = lsg_dataset_new_from_params (p, NULL);
  sim = lsg_sim_new (p, ds, &error);
  g_assert_no_error (error);
  /* (the closed form would solve this ideal point: force the solver) */
  lsg_sim_set_allow_exact (sim, FALSE);
  lsg_sim_set_max_steps (sim, 3);
  g_assert_false (lsg_sim_run (sim, NULL, NULL, NULL, &error));
  g_assert_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_SOLVER);
  g_assert_nonnull (strstr (error->message, "sample interval 1 "));
  g_assert_nonnull (strstr (error->message, "I\xce\xb7 = 1e-05 A"));
  g_assert_nonnull (strstr (error->message, "C_w = 1e-12 F"));
  g_test_message ("%s", error->message);
  /* nothing was published for the failed interval */
  g_assert_cmpuint (lsg_trajectory_get_n_rows (lsg_sim_get_trajectory (sim)), ==, 0);
}

/* Rows are counted in 64 bits and a run that cannot fit is refused before
 * it starts, naming the keys: 2^20 rows x 4096 epochs is 2^32, which a
 * 32-bit count took for 0 rows. */
static void
test_row_limit (void)
{
  const guint n_rows = 1u << 20;
  g_autofree double *x = g_new (double, n_rows);
  g_autofree double *y = g_new (double, n_rows);
  g_autoptr(LsgDataset) ds = NULL;
  static const struct {
    guint    epochs;
    double   t_hold;
    gboolean fits;
  } cases[] = {
    { 4096, 0, FALSE }, { 4097, 0, FALSE }, { 17, 0, FALSE },
    { 16, 0, TRUE },    /* exactly LSG_TRAJECTORY_MAX_ROWS */
    { 16, 2e-6, FALSE }, /* one hold row too many */
  };

  for (guint k = 0; k < n_rows; k++)
    {
      x[k] = (k % 7) / 7.0;
      y[k] = 0.5 * x[k];
    }
  ds = make_dataset (1, n_rows, x, y);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(LsgParams) p = ideal_params ();
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgSim) sim = NULL;

      p->epochs = cases[c].epochs;
      p->t_hold = cases[c].t_hold;
      sim = lsg_sim_new (p, ds, &error);
      if (cases[c].fits)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (lsg_sim_get_n_train_rows (sim), ==, LSG_TRAJECTORY_MAX_ROWS);
          continue;
        }
      g_assert_null (sim);
      g_assert_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_FULL);
      g_assert_nonnull (strstr (error->message, "[dataset] epochs"));
      {
        g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT " rows",
                                                 (guint64) cases[c].epochs * n_rows
                                                 + (cases[c].t_hold > 0));
        g_assert_nonnull (strstr (error->message, rows));
      }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/circuit/ideal-tracks-r2", test_ideal_tracks_r2);
  g_test_add_func ("/circuit/exact-matches-ode", test_exact_matches_ode);
  g_test_add_func ("/circuit/eta-recovered", test_eta_recovered);
  g_test_add_func ("/circuit/lambda-recovered", test_lambda_recovered);
  g_test_add_func ("/circuit/moderate-inversion", test_moderate_inversion);
  g_test_add_func ("/circuit/hold-decay", test_hold_decay);
  g_test_add_func ("/circuit/leakage-doubling", test_leakage_doubling);
  g_test_add_func ("/circuit/mismatch/seed", test_mismatch_seed);
  g_test_add_func ("/circuit/mismatch/pelgrom", test_mismatch_pelgrom);
  g_test_add_func ("/circuit/noise/seed", test_noise_seed);
  g_test_add_func ("/circuit/noise/capacitance", test_noise_falls_with_capacitance);
  g_test_add_func ("/circuit/paper-preset", test_paper_preset);
  g_test_add_func ("/circuit/shipped-presets", test_shipped_presets);
  g_test_add_func ("/circuit/retune-keeps-state", test_retune_keeps_state);
  g_test_add_func ("/circuit/retune-moves-w-star", test_retune_moves_w_star);
  g_test_add_func ("/circuit/live-after-hold", test_live_after_hold);
  g_test_add_func ("/circuit/live-rows", test_live_rows_from_another_thread);
  g_test_add_func ("/circuit/cancel", test_cancel);
  g_test_add_func ("/circuit/stiff-solver", test_stiff_solver);
  g_test_add_func ("/circuit/solver-failure", test_solver_failure_is_an_error);
  g_test_add_func ("/circuit/row-limit", test_row_limit);
  return g_test_run ();
}
