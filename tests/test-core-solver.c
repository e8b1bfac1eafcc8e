/* Tests of the predictor-corrector interval of non-ideal chips against
 * the ODE solver run at tight tolerances (the reference), on the paper
 * preset and on the corners where the frozen-gain closed form is weakest:
 * class AB, deep moderate inversion, strong leakage, noise, the current
 * floor and error clipping (where it must hand the interval over), and a
 * stiff point.  The guarantee, stated in core/README.md: every cell
 * current and weight within 1e-3 of an 8-bit ADC LSB (4 / 255 in units
 * of I_N) of the reference at every sample end, 1e-4 LSB away from stiff
 * points and deep moderate inversion in class AB, 1e-5 LSB on the paper
 * preset's pair. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include <gsl/gsl_odeiv2.h>

#include "lsg-design-file.h"
#include "lsg-metrics.h"
#include "lsg-sim-private.h"
#include "lsg-test-util.h"

/* An 8-bit ADC LSB over the paper preset's +-2 range, in units of I_N. */
#define LSB_8BIT (4.0 / 255.0)
/* The documented guarantee, in LSB. */
#define GUARANTEE_LSB 1e-3

static LsgSim *
run_with (const LsgParams  *p,
          const LsgDataset *ds,
          gboolean          closed_form,
          gboolean          tight)
{
  g_autoptr(GError) error = NULL;
  LsgSim *sim = lsg_sim_new (p, ds, &error);

  g_assert_no_error (error);
  lsg_sim_set_allow_exact (sim, closed_form);
  if (tight)
    lsg_sim_set_ode_tolerance (sim, 1e-14, 1e-12);
  g_assert_true (lsg_sim_run (sim, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return sim;
}

/* The largest gap of any cell current (and of any weight u+ - u-) over
 * every row, in units of I_N. */
static double
max_gap (const LsgSim *a,
         const LsgSim *b)
{
  LsgTrajectory *ta = lsg_sim_get_trajectory (a);
  LsgTrajectory *tb = lsg_sim_get_trajectory (b);
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (ta);
  double i_unit = lsg_sim_get_params (a)->i_unit, gap = 0.0;

  g_assert_cmpuint (lsg_trajectory_get_n_rows (ta), ==, lsg_trajectory_get_n_rows (tb));
  for (guint k = 0; k < lsg_trajectory_get_n_rows (ta); k++)
    {
      const double *ra = lsg_trajectory_get_row (ta, k);
      const double *rb = lsg_trajectory_get_row (tb, k);

      for (guint i = 0; i < l->n_weights; i++)
        {
          double dp = ra[l->i_plus + i] - rb[l->i_plus + i];
          double dm = ra[l->i_minus + i] - rb[l->i_minus + i];

          gap = fmax (gap, fmax (fabs (dp), fabs (dm)) / i_unit);
          gap = fmax (gap, fabs (dp - dm) / i_unit);
        }
    }
  return gap;
}

typedef struct {
  const char *what;
  const char *settings;      /* key=value;... on the paper preset */
  guint       epochs;
  gboolean    expect_fallback;
  double      limit_lsb;     /* the bound core/README.md states for it */
} SolverCase;

static LsgParams *
case_params (const SolverCase *sc)
{
  LsgParams *p = lsg_params_new_default ();
  g_auto(GStrv) pairs = g_strsplit (sc->settings, ";", -1);

  for (guint j = 0; pairs[j] != NULL; j++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) kv = NULL;

      if (*pairs[j] == '\0')
        continue;
      kv = g_strsplit (pairs[j], "=", 2);
      g_assert_true (lsg_params_set_from_string (p, kv[0], kv[1], &error));
      g_assert_no_error (error);
    }
  p->epochs = sc->epochs;
  /* the ADC comes after the dynamics: compare the unquantized currents */
  p->adc_bits = 0;
  p->t_hold = 0;
  return p;
}

static void
check_case (gconstpointer data)
{
  const SolverCase *sc = data;
  g_autoptr(LsgParams) p = case_params (sc);
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, NULL);
  g_autoptr(LsgSim) pc = run_with (p, ds, TRUE, FALSE);
  g_autoptr(LsgSim) ode = run_with (p, ds, FALSE, FALSE);
  g_autoptr(LsgSim) ref = run_with (p, ds, FALSE, TRUE);
  LsgSimStats stats;
  double gap_pc = max_gap (pc, ref) / LSB_8BIT, gap_ode = max_gap (ode, ref) / LSB_8BIT;

  lsg_sim_get_stats (pc, &stats);
  g_test_message ("%s: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " intervals by the "
                  "predictor-corrector (%.2f correctors each); largest gap to the "
                  "tight solve %.3g LSB (the default ODE path %.3g LSB)",
                  sc->what, stats.pc_intervals, stats.intervals,
                  (double) stats.pc_correctors / MAX (stats.pc_intervals, 1), gap_pc, gap_ode);
  /* the corner cases hand some intervals over, never all */
  g_assert_cmpuint (stats.pc_intervals, >, 0);
  if (sc->expect_fallback)
    g_assert_cmpuint (stats.pc_intervals, <, stats.intervals);
  else
    g_assert_cmpuint (stats.pc_intervals, ==, stats.intervals);
  g_assert_cmpfloat (gap_pc, <, sc->limit_lsb);
  g_assert_cmpfloat (sc->limit_lsb, <=, GUARANTEE_LSB);
}

static const SolverCase cases[] = {
  { "paper preset", "", 20, FALSE, 1e-5 },
  { "class AB", "circuit.storage=class_ab", 20, FALSE, 1e-4 },
  /* i_spec 100x lower: IC up to ~0.03, beyond the series of the gain */
  { "moderate inversion", "circuit.i_spec=3e-8", 10, FALSE, 1e-4 },
  { "class AB, moderate inversion", "circuit.storage=class_ab;circuit.i_spec=3e-8", 10, FALSE, 1e-3 },
  /* a leak 1 % of I_lambda on every cell */
  { "leakage", "nonideal.i_leak=1e-13", 10, FALSE, 1e-5 },
  { "class AB, leakage", "circuit.storage=class_ab;nonideal.i_leak=1e-13", 10, FALSE, 1e-4 },
  { "noise, weak inversion", "nonideal.moderate_inversion=false", 10, FALSE, 1e-5 },
  /* strong decay into a high floor: the halves that lose reach it */
  { "current floor", "nonideal.i_floor=9.9e-12;circuit.i_lambda=1e-10", 10, TRUE, 1e-4 },
  { "class AB, current floor", "circuit.storage=class_ab;circuit.i_init=1e-10;nonideal.i_floor=3e-11", 10, TRUE, 1e-3 },
  { "error clipping", "circuit.e_max=0.3", 5, TRUE, 1e-4 },
  /* eta (s_max + lambda) ~ 2000: the BDF fallback's territory */
  { "stiff point", "circuit.i_eta=1e-6;training.t_sample=1e-5", 2, FALSE, 1e-3 },
  { "class AB, stiff point", "circuit.storage=class_ab;circuit.i_eta=1e-6;training.t_sample=1e-5", 2, FALSE, 1e-3 },
};

/* The regularized loss straight from its definition over the rows. */
static double
direct_loss (const LsgDataset *ds,
             guint             first,
             guint             rows,
             double            lambda,
             const double     *w)
{
  double sum = 0.0, norm2 = 0.0;

  for (guint k = first; k < first + rows; k++)
    {
      const double *x = lsg_dataset_row (ds, k);
      double e = ds->y[k];

      for (guint i = 0; i < ds->n_weights; i++)
        e -= w[i] * x[i];
      sum += 0.5 * e * e;
    }
  for (guint i = 0; i < ds->n_weights; i++)
    norm2 += w[i] * w[i];
  return sum / rows + 0.5 * lambda * norm2;
}

/* Wide chips follow the loss of each row from the last row's (the ADC
 * steps of the reported weights, R2's rank-one steps): every loss column
 * of every row, training and hold, matches its definition. */
static void
test_row_loss (void)
{
  for (guint adc = 0; adc <= 8; adc += 8)
    {
      g_autoptr(LsgParams) p = lsg_params_new_default ();
      g_autoptr(LsgDataset) ds = NULL;
      g_autoptr(LsgSim) sim = NULL;
      LsgTrajectory *traj;
      const LsgTrajectoryLayout *l;
      double lambda, worst = 0.0;

      p->inputs = 47;
      p->samples = 60;
      p->epochs = 30;          /* beyond the refresh of the tracked products */
      p->test_fraction = 0.25;
      p->adc_bits = adc;
      p->t_hold = 2e-5;
      ds = lsg_dataset_new_from_params (p, NULL);
      sim = run_with (p, ds, TRUE, FALSE);
      traj = lsg_sim_get_trajectory (sim);
      l = lsg_trajectory_get_layout (traj);
      lambda = lsg_params_lambda (p);
      g_assert_cmpuint (ds->n_weights, ==, 48);
      for (guint k = 0; k < lsg_trajectory_get_n_rows (traj); k++)
        {
          const double *row = lsg_trajectory_get_row (traj, k);
          double want[4] = {
            direct_loss (ds, 0, ds->n_train, lambda, row + l->w),
            direct_loss (ds, 0, ds->n_train, lambda, row + l->ref),
            direct_loss (ds, ds->n_train, ds->n_test, lambda, row + l->w),
            direct_loss (ds, ds->n_train, ds->n_test, lambda, row + l->ref),
          };
          double got[4] = { row[l->loss], row[l->ref_loss], row[l->test_loss], row[l->ref_test_loss] };

          for (guint c = 0; c < 4; c++)
            worst = fmax (worst, fabs (got[c] - want[c]) / want[c]);
        }
      g_test_message ("ADC %u bits: largest relative gap of a row loss %g", adc, worst);
      /* rounding of the sums over rows and weights, a few units in the
       * last place times the number of terms */
      g_assert_cmpfloat (worst, <, 1e-12);
    }
}

/* dw/dV of a class-AB weight, (kappa / U_T) (G+ u+ + G- u-), with the
 * halves from w by their defining formula. */
static int
cab_dw_dv (double        v,
           const double  w[],
           double        dw[],
           void         *data)
{
  const LsgSim *sim = data;
  double s = sqrt (w[0] * w[0] + 4.0 * sim->q * sim->q);
  double up = 0.5 * (s + w[0]), um = 0.5 * (s - w[0]);

  dw[0] = sim->params->kappa / sim->u_t
          * (lsg_cell_gain (&sim->law, up) * up + lsg_cell_gain (&sim->law, um) * um);
  return GSL_SUCCESS;
}

/* A class-AB weight after a voltage step with moderate inversion (the
 * noise kicks, the hold): against GSL's rk8pd on dw/dV at tight
 * tolerances, both for the kicks (|kappa dV / U_T| < 1e-2, stages from the
 * halves) and for the larger steps of the hold. */
static void
test_cab_shift (void)
{
  static const double w0s[] = { -1.7, -0.2, 0.0, 0.05, 0.6, 2.5 };
  static const double dvs[] = { -3e-4, -2e-5, 1e-6, 3e-4, -0.02, 0.05 };
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgSim) sim = NULL;
  gsl_odeiv2_system sys = { cab_dw_dv, NULL, 1, NULL };

  g_assert_true (lsg_params_set_from_string (p, "circuit.storage", "class_ab", &error));
  /* IC of the larger half up to ~0.1 at |w| = 2.5: the gain well below 1 */
  p->i_spec = 3e-8;
  ds = lsg_dataset_new_from_params (p, NULL);
  sim = lsg_sim_new (p, ds, &error);
  g_assert_no_error (error);
  sys.params = sim;
  for (guint a = 0; a < G_N_ELEMENTS (w0s); a++)
    for (guint b = 0; b < G_N_ELEMENTS (dvs); b++)
      {
        gsl_odeiv2_driver *drv = gsl_odeiv2_driver_alloc_y_new (&sys, gsl_odeiv2_step_rk8pd,
                                                                dvs[b] / 16, 1e-15, 1e-14);
        double v = 0.0, w = w0s[a], got = _lsg_sim_cab_shift (sim, w0s[a], dvs[b]);

        g_assert_cmpint (gsl_odeiv2_driver_apply (drv, &v, dvs[b], &w), ==, GSL_SUCCESS);
        gsl_odeiv2_driver_free (drv);
        /* RK4 in asinh(w / 2q) at |h| <= 0.25 per step: h^5 truncation */
        g_assert_cmpfloat (fabs (got - w), <=, (fabs (dvs[b]) < 1e-3 ? 1e-13 : 1e-7) * (1.0 + fabs (w)));
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = g_strdup_printf ("/solver/%s", cases[c].what);

      g_strdelimit (path, " ,", '-');
      g_test_add_data_func (path, &cases[c], check_case);
    }
  g_test_add_func ("/solver/row-loss", test_row_loss);
  g_test_add_func ("/solver/class-ab-shift", test_cab_shift);
  return g_test_run ();
}
