/* The chip's topologies (MODEL.md 3.1, 3.2): class-AB storage against R2
 * and against hand-computed single-weight cases, each readout against a
 * direct computation from the exported cell currents and the chip's
 * mismatch factors, and the paper's claim on the default topology. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "lsg-design-file.h"
#include "lsg-device.h"
#include "lsg-metrics.h"
#include "lsg-sim.h"
#include "lsg-test-util.h"

/* ||w - ref|| / ||ref|| over the training rows, the largest. */
static double
max_relative_gap (const LsgSim *sim)
{
  LsgTrajectory *traj = lsg_sim_get_trajectory (sim);
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  double worst = 0.0;

  for (guint k = 0; k < lsg_trajectory_get_n_rows (traj); k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);
      double num = 0.0, den = 0.0;

      for (guint i = 0; i < l->n_weights; i++)
        {
          num += (row[l->w + i] - row[l->ref + i]) * (row[l->w + i] - row[l->ref + i]);
          den += row[l->ref + i] * row[l->ref + i];
        }
      if (den > 1e-6)
        worst = fmax (worst, sqrt (num / den));
    }
  return worst;
}

/* Class AB with ideal devices integrates R2 exactly (MODEL.md 3.1), on
 * random problems, by its closed form and through the ODE solver. */
static void
test_class_ab_ideal_is_r2 (void)
{
  for (guint seed = 1; seed <= 6; seed++)
    {
      g_autoptr(LsgParams) p = lsg_test_ideal_params ();
      g_autoptr(LsgDataset) ds = NULL;
      g_autoptr(LsgSim) exact = NULL;
      g_autoptr(LsgSim) ode = NULL;
      LsgSimStats stats;

      p->storage = LSG_STORAGE_CLASS_AB;
      p->seed = seed;
      p->inputs = 1 + seed;
      p->samples = 40;
      p->epochs = 5;
      p->e_max = 100;
      p->i_q = 1e-10 * seed;
      p->i_eta = 1e-9 * seed;
      p->i_lambda = 1e-12 * seed * seed;
      ds = lsg_dataset_new_from_params (p, NULL);
      exact = lsg_test_run (p, ds, TRUE);
      ode = lsg_test_run (p, ds, FALSE);

      lsg_sim_get_stats (exact, &stats);
      g_assert_cmpuint (stats.exact_intervals, ==, stats.intervals);
      g_test_message ("seed %u, %u weights: closed form %g, ODE %g", seed, ds->n_weights,
                      max_relative_gap (exact), max_relative_gap (ode));
      g_assert_cmpfloat (max_relative_gap (exact), <, 1e-9);
      g_assert_cmpfloat (max_relative_gap (ode), <, 1e-6);
      g_assert_cmpfloat (lsg_metric_rel_mse_pct (lsg_sim_get_trajectory (ode)), <, 1e-9);
    }
}

/* One weight, x = 1, y = 0.5: dw/dtheta = L(w) (y - (1 + lambda) w), so the
 * time to reach w is theta(w) = int_0^w dw' / (L(w') (y - (1 + lambda) w')). */
typedef struct {
  double q;        /* I_Q / I_N */
  double n_over_spec; /* I_N / I_spec */
  double y;
  double lambda;
} SingleWeight;

static double
loop_gain (const SingleWeight *c,
           double              w)
{
  double s = sqrt (w * w + 4 * c->q * c->q);
  double up = 0.5 * (s + w), um = 0.5 * (s - w);
  double rp = sqrt (up * c->n_over_spec), rm = sqrt (um * c->n_over_spec);
  /* G = (1 - e^{-sqrt IC}) / sqrt IC */
  double gp = (1 - exp (-rp)) / rp, gm = (1 - exp (-rm)) / rm;

  return (gp * up + gm * um) / (up + um);
}

static double
inverse_rate (double  w,
              void   *data)
{
  const SingleWeight *c = data;

  return 1.0 / (loop_gain (c, w) * (c->y - (1 + c->lambda) * w));
}

static void
test_class_ab_moderate_inversion (void)
{
  static const double x[] = { 1.0 };
  static const double y[] = { 0.5 };
  g_autoptr(LsgParams) p = lsg_test_ideal_params ();
  g_autoptr(LsgDataset) ds = lsg_test_make_dataset (1, 1, x, y);
  g_autoptr(LsgSim) sim = NULL;
  gsl_integration_workspace *ws = gsl_integration_workspace_alloc (1000);
  LsgTrajectory *traj;
  const LsgTrajectoryLayout *l;
  SingleWeight c;
  double eta, worst = 0.0, l_end;
  guint checked = 0;

  p->storage = LSG_STORAGE_CLASS_AB;
  p->moderate_inversion = TRUE;
  p->i_unit = 1e-6;
  p->i_q = 3e-7;          /* IC_Q = 0.1 */
  p->i_spec = 3e-6;
  p->i_eta = 1e-9;
  p->i_lambda = 1e-11;
  p->i_init = 1e-9;
  p->e_max = 10;
  p->epochs = 300;
  c = (SingleWeight) { p->i_q / p->i_unit, p->i_unit / p->i_spec, 0.5, lsg_params_lambda (p) };
  eta = lsg_params_eta (p);

  sim = lsg_test_run (p, ds, FALSE);
  traj = lsg_sim_get_trajectory (sim);
  l = lsg_trajectory_get_layout (traj);
  for (guint k = 0; k < lsg_trajectory_get_n_rows (traj); k++)
    {
      double w = lsg_trajectory_get_row (traj, k)[l->w];
      gsl_function f = { inverse_rate, &c };
      double theta, abserr;

      /* near w_inf the quadrature is ill-conditioned: stop at 95 % */
      if (w > 0.95 * c.y / (1 + c.lambda))
        break;
      gsl_integration_qags (&f, 0.0, w, 1e-13, 1e-11, 1000, ws, &theta, &abserr);
      worst = fmax (worst, fabs (theta - (k + 1) * eta) / ((k + 1) * eta));
      checked++;
    }
  gsl_integration_workspace_free (ws);
  l_end = loop_gain (&c, 0.45);
  g_test_message ("%u rows: time to reach each weight within %g (relative) of the "
                  "quadrature; loop gain %g at w = 0, %g at w = 0.45", checked, worst,
                  loop_gain (&c, 0.0), l_end);
  g_assert_cmpuint (checked, >, 50);
  /* the loop gain is well below 1 here, so weak inversion would be far off */
  g_assert_cmpfloat (l_end, <, 0.85);
  g_assert_cmpfloat (worst, <, 1e-5);
}

/* Leakage during a hold: C dV/dt = -I_leak moves V linearly, so in weak
 * inversion w(t) = 2 q sinh(asinh(w0 / 2q) - kappa I_leak t / (C U_T));
 * with moderate inversion dw/dV = (kappa / U_T) (G+ I+ + G- I-) / I_N,
 * integrated here by GSL's rk8pd at a tight tolerance. */
typedef struct {
  SingleWeight c;
  double       k;   /* kappa / U_T */
} HoldCase;

static int
hold_rhs (double        v,
          const double  w[],
          double        dw[],
          void         *data)
{
  const HoldCase *h = data;
  double s = sqrt (w[0] * w[0] + 4 * h->c.q * h->c.q);

  dw[0] = h->k * loop_gain (&h->c, w[0]) * s;
  return GSL_SUCCESS;
}

static void
test_class_ab_leakage (void)
{
  static const double x[] = { 1.0, -0.5 };
  static const double y[] = { 0.5, 0.25 };

  for (int ekv = 0; ekv <= 1; ekv++)
    {
      g_autoptr(LsgParams) p = lsg_test_ideal_params ();
      g_autoptr(LsgDataset) ds = lsg_test_make_dataset (1, 2, x, y);
      g_autoptr(LsgSim) sim = NULL;
      LsgTrajectory *traj;
      const LsgTrajectoryLayout *l;
      HoldCase h;
      double u_t, w0 = NAN, t0 = NAN, worst = 0.0, slope;
      guint n_rows, first_hold = 0;

      p->storage = LSG_STORAGE_CLASS_AB;
      p->moderate_inversion = ekv;
      p->leakage = TRUE;
      p->i_leak = 1e-12;
      p->i_q = ekv ? 3e-7 : 1e-10;
      p->i_unit = ekv ? 1e-6 : 1e-9;
      p->i_init = 1e-9;
      p->epochs = 50;
      p->t_hold = 0.2;
      u_t = lsg_params_thermal_voltage (p);
      h = (HoldCase) { { p->i_q / p->i_unit, p->i_unit / p->i_spec, 0, 0 }, p->kappa / u_t };

      sim = lsg_test_run (p, ds, FALSE);
      traj = lsg_sim_get_trajectory (sim);
      l = lsg_trajectory_get_layout (traj);
      n_rows = lsg_trajectory_get_n_rows (traj);
      for (guint k = 0; k < n_rows; k++)
        {
          const double *row = lsg_trajectory_get_row (traj, k);

          if (row[LSG_COL_PHASE] == LSG_PHASE_TRAIN)
            {
              w0 = row[l->w];
              t0 = row[LSG_COL_T];
              continue;
            }
          if (first_hold == 0)
            first_hold = k;
          {
            double dv = -p->i_leak * (row[LSG_COL_T] - t0) / p->c_w;
            double expect;

            if (!ekv)
              expect = 2 * h.c.q * sinh (asinh (w0 / (2 * h.c.q)) + h.k * dv);
            else
              {
                gsl_odeiv2_system sys = { hold_rhs, NULL, 1, &h };
                gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new (&sys, gsl_odeiv2_step_rk8pd,
                                                                      dv / 10, 1e-14, 1e-13);
                double v = 0.0, w[1] = { w0 };

                g_assert_cmpint (gsl_odeiv2_driver_apply (d, &v, dv, w), ==, GSL_SUCCESS);
                gsl_odeiv2_driver_free (d);
                expect = w[0];
              }
            worst = fmax (worst, fabs (row[l->w] - expect) / fmax (fabs (expect), 1e-3));
          }
        }
      g_assert_cmpuint (first_hold, >, 0);
      /* MODEL.md 3.1's rate in the hold (weak inversion), dw/dt =
       * -kappa I_leak (I+ + I-) / (C U_T I_N), over the first hold row
       * with (I+ + I-) at its midpoint (trapezoid, error O(dt^2)) */
      {
        const double *row = lsg_trajectory_get_row (traj, first_hold);
        const double *last = lsg_trajectory_get_row (traj, first_hold - 1);
        double s = 0.5 * (row[l->i_plus] + row[l->i_minus] + last[l->i_plus] + last[l->i_minus])
                   / p->i_unit;
        double dt = row[LSG_COL_T] - t0;

        slope = (row[l->w] - w0) / dt;
        if (!ekv)
          g_assert_cmpfloat (fabs (slope / (-h.k * p->i_leak * s / p->c_w) - 1), <, 1e-4);
      }
      g_test_message ("%s: hold rows within %g (relative) of the hand-computed drift; "
                      "first slope %g per second", ekv ? "moderate inversion" : "weak inversion",
                      worst, slope);
      g_assert_cmpfloat (worst, <, ekv ? 1e-7 : 1e-10);
      g_assert_cmpfloat (slope, <, 0.0);
    }
}

/* Each readout against a direct computation (MODEL.md 3.2) from the cell
 * currents in the trajectory and the chip's mismatch factors, for both
 * storages, without an ADC and with one. */
static void
test_readouts_direct (void)
{
  for (int storage = LSG_STORAGE_PAIR; storage <= LSG_STORAGE_CLASS_AB; storage++)
    for (int readout = LSG_READOUT_FORWARD; readout <= LSG_READOUT_PER_HALF; readout++)
      for (guint adc = 0; adc <= 8; adc += 8)
        {
          g_autoptr(LsgParams) p = lsg_params_new_default ();
          g_autoptr(LsgDataset) ds = NULL;
          g_autoptr(LsgSim) sim = NULL;
          LsgTrajectory *traj;
          const LsgTrajectoryLayout *l;
          double worst = 0.0, spread = 0.0;

          p->storage = storage;
          p->readout = readout;
          p->adc_bits = adc;
          p->epochs = 3;
          ds = lsg_dataset_new_from_params (p, NULL);
          sim = lsg_test_run (p, ds, TRUE);
          traj = lsg_sim_get_trajectory (sim);
          l = lsg_trajectory_get_layout (traj);
          for (guint k = 0; k < lsg_trajectory_get_n_rows (traj); k++)
            {
              const double *row = lsg_trajectory_get_row (traj, k);

              for (guint i = 0; i < l->n_weights; i++)
                {
                  LsgMismatchFactors f;
                  double up = row[l->i_plus + i] / p->i_unit;
                  double um = row[l->i_minus + i] / p->i_unit;
                  double w;

                  lsg_sim_get_mismatch (sim, i, &f);
                  w = readout == LSG_READOUT_FORWARD ? f.forward_plus * up - f.forward_minus * um
                      : readout == LSG_READOUT_DIFFERENTIAL ? f.readout_shared * (up - um)
                      : f.readout_plus * up - f.readout_minus * um;
                  w = lsg_quantize (w, adc, p->adc_range);
                  worst = fmax (worst, fabs (row[l->w + i] - w));
                  spread = fmax (spread, fabs (f.readout_plus - 1) + fabs (f.forward_minus - 1));
                }
            }
          g_test_message ("storage %d, readout %d, ADC %u bits: largest gap %g", storage,
                          readout, adc, worst);
          g_assert_cmpfloat (worst, <, 1e-12);
          /* the chip has mismatch: the factors are not all 1 */
          g_assert_cmpfloat (spread, >, 1e-3);
        }
}

/* The mismatch groups: the error budget runs each alone, and a group
 * that is off leaves its factors at exactly 1. */
static void
test_mismatch_groups (void)
{
  static const int groups[] = {
    LSG_MISMATCH_IN_LOOP, LSG_MISMATCH_FORWARD, LSG_MISMATCH_READOUT
  };
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = NULL;

  p->epochs = 1;
  ds = lsg_dataset_new_from_params (p, NULL);
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autoptr(LsgParams) q = lsg_params_copy (p);
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgSim) sim = NULL;
      g_autoptr(LsgSim) all = NULL;
      LsgMismatchFactors f, fa;

      q->mismatch_only = groups[g];
      sim = lsg_sim_new (q, ds, &error);
      g_assert_no_error (error);
      all = lsg_sim_new (p, ds, &error);
      g_assert_no_error (error);
      lsg_sim_get_mismatch (sim, 0, &f);
      lsg_sim_get_mismatch (all, 0, &fa);
      /* the group's own factors are the full chip's, the others 1 */
#define CHECK(field, group) \
      g_assert_cmpfloat (f.field, ==, groups[g] == (group) ? fa.field : 1.0)
      CHECK (eta_plus, LSG_MISMATCH_IN_LOOP);
      CHECK (lambda_minus, LSG_MISMATCH_IN_LOOP);
      CHECK (cm_plus, LSG_MISMATCH_IN_LOOP);
      CHECK (gradient, LSG_MISMATCH_IN_LOOP);
      CHECK (forward_plus, LSG_MISMATCH_FORWARD);
      CHECK (forward_minus, LSG_MISMATCH_FORWARD);
      CHECK (readout_plus, LSG_MISMATCH_READOUT);
      CHECK (readout_shared, LSG_MISMATCH_READOUT);
#undef CHECK
      g_assert_cmpfloat (fa.gradient, !=, 1.0);
    }
}

/* The paper's claim on the default topology (pair storage, forward
 * readout) with every non-ideality on: 90 % of 40 chips below 0.87 %. */
static void
test_paper_claim_monte_carlo (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  double rel[40];

  g_assert_cmpint (p->storage, ==, LSG_STORAGE_PAIR);
  g_assert_cmpint (p->readout, ==, LSG_READOUT_FORWARD);
  g_assert_true (p->moderate_inversion && p->mismatch && p->leakage && p->noise_on);
  g_assert_cmpuint (p->adc_bits, ==, 8);
  for (guint k = 0; k < G_N_ELEMENTS (rel); k++)
    {
      g_autoptr(LsgParams) chip = lsg_params_copy (p);
      g_autoptr(LsgSim) sim = NULL;

      chip->mc_seed = p->mc_seed + k;
      chip->noise_seed = p->noise_seed + k;
      chip->t_hold = 0;
      sim = lsg_test_run (chip, ds, TRUE);
      rel[k] = lsg_metric_rel_mse_pct (lsg_sim_get_trajectory (sim));
    }
  gsl_sort (rel, 1, G_N_ELEMENTS (rel));
  g_test_message ("40 chips: median %g %%, 90th percentile %g %%, largest %g %%",
                  gsl_stats_median_from_sorted_data (rel, 1, 40),
                  gsl_stats_quantile_from_sorted_data (rel, 1, 40, 0.9), rel[39]);
  g_assert_cmpfloat (gsl_stats_quantile_from_sorted_data (rel, 1, 40, 0.9), <, 0.87);
}

/* per_half is the readout every earlier version had.  Where no random
 * stream enters (a CSV data set in file order, no mismatch, no noise)
 * its figures are exactly those of that version, with moderate
 * inversion, leakage and both converters on. */
static void
test_per_half_regression (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "small.csv", NULL);
  g_autofree char *set_csv = g_strdup_printf ("dataset.csv=%s", csv);
  const char *overrides[] = {
    "dataset.kind=csv", set_csv, "dataset.shuffle=false", "nonideal.noise=false",
    "nonideal.mismatch=false", "dataset.epochs=300", "circuit.readout=per_half", NULL
  };
  g_autoptr(LsgParams) p = lsg_params_load_with_overrides (NULL, overrides, &error);
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  LsgSummary s;

  g_assert_no_error (error);
  ds = lsg_dataset_new_from_params (p, &error);
  g_assert_no_error (error);
  sim = lsg_test_run (p, ds, TRUE);
  lsg_summary_compute (sim, &s);
  /* the figures of the version before the topologies, as it printed them */
  g_assert_cmpfloat (fabs (s.rel_mse_pct / 0.0083489594863664623 - 1), <, 1e-12);
  g_assert_cmpfloat (fabs (s.enob / 6.6294971186153475 - 1), <, 1e-12);
  g_assert_cmpfloat (fabs (s.ridge_error / 0.0097796534053392736 - 1), <, 1e-12);
  g_assert_cmpfloat (fabs (s.loss / 0.0062894591823657725 - 1), <, 1e-12);
}

/* Ideal SGD settles on the paper preset long before training ends, and
 * so does the chip (MODEL.md 5): convergence is not the run's length. */
static void
test_converge_paper_preset (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  g_autoptr(LsgSim) sim = lsg_test_run (p, ds, TRUE);
  double t_train = p->epochs * ds->n_train * p->t_sample;
  LsgSummary s;

  lsg_summary_compute (sim, &s);
  g_test_message ("training %g s: t_converge %g s, ref_t_converge %g s, cm_max %g",
                  t_train, s.t_converge_s, s.ref_t_converge_s, s.cm_max);
  g_assert_cmpfloat (s.ref_t_converge_s, <, 0.25 * t_train);
  g_assert_cmpfloat (s.t_converge_s, <, 0.25 * t_train);
  g_assert_cmpfloat (s.ref_t_converge_s, >, 0);
  /* cm_max: the largest (I+ + I-) / I_N of the rows, by hand */
  {
    LsgTrajectory *traj = lsg_sim_get_trajectory (sim);
    const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
    double cm = 0.0;

    for (guint k = 0; k < lsg_trajectory_get_n_rows (traj); k++)
      for (guint i = 0; i < l->n_weights; i++)
        {
          const double *row = lsg_trajectory_get_row (traj, k);

          cm = fmax (cm, (row[l->i_plus + i] + row[l->i_minus + i]) / p->i_unit);
        }
    g_assert_cmpfloat (fabs (s.cm_max / cm - 1), <, 1e-12);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/topology/class-ab/ideal-is-r2", test_class_ab_ideal_is_r2);
  g_test_add_func ("/topology/class-ab/moderate-inversion", test_class_ab_moderate_inversion);
  g_test_add_func ("/topology/class-ab/leakage", test_class_ab_leakage);
  g_test_add_func ("/topology/readouts-direct", test_readouts_direct);
  g_test_add_func ("/topology/mismatch-groups", test_mismatch_groups);
  g_test_add_func ("/topology/paper-claim-monte-carlo", test_paper_claim_monte_carlo);
  g_test_add_func ("/topology/per-half-regression", test_per_half_regression);
  g_test_add_func ("/topology/converge-paper-preset", test_converge_paper_preset);
  return g_test_run ();
}
