/* lsg-sim.c: the log-domain SGDr chip, integrated sample interval by
 * sample interval.
 *
 * State: the 2n cell currents normalised by the unit current, u = I / I_N,
 * interleaved u[2i] = I_i+ / I_N, u[2i+1] = I_i- / I_N.  Time: theta = t / tau
 * with tau = C_w U_T / (kappa I_eta) the nominal time constant, so one
 * sample interval lasts eta = T_s / tau.  In these units each cell obeys
 *
 *   du/dtheta = G(IC) (a g+- + b - d u)
 *
 * with a = I_eta,cell / I_eta, b = a I_cm,cell / I_N, d = (I_lambda,cell +
 * I_leak) / I_eta: linear in u for ideal devices, which is why the current,
 * not the capacitor voltage, is the state (the voltage form is stiff where
 * currents are small).  The inputs step at sample boundaries, so the solver
 * restarts at each one.
 *
 * Class-AB storage (MODEL.md 3.1) holds one capacitor per weight; its two
 * halves are tied by I+ I- = I_Q^2, so the weight w = u+ - u- alone is the
 * state of the solver and the halves follow from it,
 *   u+- = (+-w + S) / 2,  S = sqrt(w^2 + 4 q^2),  q = I_Q / I_N,
 * and in the same time units
 *   dw/dtheta = L(w) (a (g - l w) - d_leak S),
 * a the update gain, l = lambda times the lambda-term gain, d_leak =
 * I_leak / I_eta, L the loop gain (G+ u+ + G- u-) / S (1 in weak
 * inversion).  u always holds both halves, so readout, rows and figures
 * are the same code for both storages.
 *
 * The files: this one sets a chip up and runs it (intervals, hold, rows,
 * retune); lsg-sim-pair.c and lsg-sim-class-ab.c hold each storage's
 * right-hand side, closed form and noise; lsg-sim-readout.c the readout,
 * the mismatch factors and retention. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "lsg-rng.h"
#include "lsg-sim-private.h"

G_DEFINE_QUARK (lsg-sim-error-quark, lsg_sim_error)

/* Above this eta (s_max + lambda) the explicit solver would need many
 * steps per interval: switch to the implicit BDF solver. */
#define STIFF_RATIO 10.0
/* Solver steps allowed in one sample interval before giving up. */
#define MAX_STEPS_PER_INTERVAL 200000
/* Error tolerances in units of I_N (a weight of 1).  With the Cash-Karp
 * pair they allow about one step per sample interval on the paper preset,
 * and the ideal circuit still tracks R2 to rel_mse_pct ~ 1e-15. */
#define EPS_ABS 1e-9
#define EPS_REL 1e-7
/* Hold rows: one per sample period, at most this many. */
#define MAX_HOLD_ROWS 1000
/* A normalised current beyond this is no physical state. */
#define U_DIVERGED 1e9

static char *
describe_point (const LsgSim *sim)
{
  const LsgParams *p = sim->params;

  return g_strdup_printf ("I\xce\xb7 = %g A, I\xce\xbb = %g A, C_w = %g F, T_s = %g s, "
                          "T = %g K (\xce\xb7 = %g, \xce\xbb = %g)",
                          p->i_eta, p->i_lambda, p->c_w, p->t_sample,
                          p->temperature, sim->eta, sim->lambda);
}

/* Everything that depends on the circuit values, not on the state. */
static void
setup_constants (LsgSim *sim)
{
  const LsgParams *p = sim->params;
  gboolean stiff;

  sim->u_t = lsg_params_thermal_voltage (p);
  sim->i_eta = lsg_params_i_eta_effective (p);
  sim->i_leak = lsg_params_i_leak_effective (p);
  sim->tau = lsg_params_tau (p);
  sim->eta = lsg_params_eta (p);
  sim->lambda = lsg_params_lambda (p);
  sim->u_floor = p->i_floor / p->i_unit;
  sim->law = (LsgCellLaw) {
    .kappa = p->kappa,
    .u_t = sim->u_t,
    .i_spec = p->i_spec / p->i_unit,
    .v_t0 = p->v_t0,
    .ekv = p->moderate_inversion,
  };
  sim->inv_i_spec = 1.0 / sim->law.i_spec;

  _lsg_sim_set_mismatch_factors (sim);

  for (guint i = 0; i < sim->n; i++)
    {
      const double *k = sim->k + MM_PER_WEIGHT * i;
      guint pc = 2 * i, mc = 2 * i + 1;

      sim->a[pc] = k[MM_ETA_P];
      sim->a[mc] = k[MM_ETA_M];
      sim->b[pc] = k[MM_ETA_P] * k[MM_CM_P] * p->i_cm / p->i_unit;
      sim->b[mc] = k[MM_ETA_M] * k[MM_CM_M] * p->i_cm / p->i_unit;
      sim->d[pc] = (k[MM_LAM_P] * p->i_lambda + sim->i_leak) / sim->i_eta;
      sim->d[mc] = (k[MM_LAM_M] * p->i_lambda + sim->i_leak) / sim->i_eta;
      /* class AB: one update branch and one lambda term per weight */
      sim->ab_gain[i] = k[MM_ETA_P];
      sim->ab_lambda[i] = k[MM_LAM_P] * sim->lambda;
    }
  sim->q = p->i_q / p->i_unit;
  sim->d_leak = sim->i_leak / sim->i_eta;
  /* the smaller half q^2 / u_large stays above the floor */
  sim->w_lim = sim->q * sim->q / sim->u_floor - sim->u_floor;

  stiff = sim->eta * (sim->s_max + sim->lambda) > STIFF_RATIO;
  if (sim->driver == NULL || stiff != sim->stiff)
    {
      g_clear_pointer (&sim->driver, gsl_odeiv2_driver_free);
      sim->stiff = stiff;
      sim->driver = gsl_odeiv2_driver_alloc_y_new (&sim->sys,
                                                   stiff ? gsl_odeiv2_step_msbdf
                                                         : gsl_odeiv2_step_rkck,
                                                   sim->eta / 4, sim->eps_abs, sim->eps_rel);
      gsl_odeiv2_driver_set_nmax (sim->driver, sim->max_steps);
    }
  sim->stats.stiff_solver = sim->stiff;
  /* mismatch of the readout copies alone leaves the learning ideal */
  sim->exact_ok = sim->allow_exact && !p->moderate_inversion
                  && (!p->mismatch || p->mismatch_only == LSG_MISMATCH_READOUT);
  if (sim->class_ab)
    sim->exact_ok = sim->exact_ok && sim->i_leak == 0.0;
  sim->pc_ok = sim->allow_exact && !sim->exact_ok;
}

static void
new_epoch_order (LsgSim *sim)
{
  for (guint j = 0; j < sim->n_train; j++)
    sim->order[j] = j;
  if (sim->params->shuffle)
    gsl_ran_shuffle (sim->order_rng, sim->order, sim->n_train, sizeof (guint));
}

/* The ridge optimum at the point's lambda, or none where it is not unique
 * (lambda = 0 on collinear data): the figures that need it say NaN. */
static void
update_w_star (LsgSim *sim)
{
  g_autoptr(GError) ridge_error = NULL;

  g_clear_pointer (&sim->w_star, g_free);
  sim->w_star = g_new (double, sim->n);
  if (!lsg_r3_ridge (sim->ds->x, sim->ds->y, sim->n_train, sim->n,
                     lsg_params_lambda (sim->params), sim->w_star, &ridge_error))
    g_clear_pointer (&sim->w_star, g_free);
}

LsgSim *
lsg_sim_new (const LsgParams   *params,
             const LsgDataset  *dataset,
             GError           **error)
{
  g_autoptr(LsgSim) sim = NULL;
  const LsgParams *p;
  gsl_rng *mc_rng;
  guint n, n2;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (dataset != NULL && dataset->n_train > 0, NULL);

  if (!lsg_params_validate (params, "design point", error))
    return NULL;

  sim = g_new0 (LsgSim, 1);
  sim->params = lsg_params_copy (params);
  p = sim->params;
  sim->ds = dataset;
  sim->n = n = dataset->n_weights;
  sim->n_train = dataset->n_train;
  n2 = 2 * n;

  sim->traj = lsg_trajectory_new (n);
  sim->train_form = lsg_loss_form_new (dataset->x, dataset->y, dataset->n_train, n,
                                       lsg_params_lambda (p));
  if (dataset->n_test > 0)
    sim->test_form = lsg_loss_form_new (lsg_dataset_row (dataset, dataset->n_train),
                                        dataset->y + dataset->n_train,
                                        dataset->n_test, n, lsg_params_lambda (p));
  _lsg_sim_loss_track_init (&sim->loss_w, sim->train_form);
  _lsg_sim_loss_track_init (&sim->loss_ref, sim->train_form);
  if (sim->test_form != NULL)
    {
      _lsg_sim_loss_track_init (&sim->test_loss_w, sim->test_form);
      _lsg_sim_loss_track_init (&sim->test_loss_ref, sim->test_form);
    }
  /* G x_k of every training row for R2's rank-one steps, within 32 MB */
  if (n >= LOSS_TRACK_MIN_N && (guint64) sim->n_train * n <= (G_GUINT64_CONSTANT (1) << 22))
    {
      sim->gram_x = g_new (double, (gsize) sim->n_train * n);
      for (guint k = 0; k < sim->n_train; k++)
        {
          const double *x = lsg_dataset_row (dataset, k);

          for (guint i = 0; i < n; i++)
            {
              const double *row = sim->train_form->gram + (gsize) i * n;
              double sum = 0.0;

              for (guint j = 0; j < n; j++)
                sum += row[j] * x[j];
              sim->gram_x[(gsize) k * n + i] = sum;
            }
        }
    }
  update_w_star (sim);

  sim->xq = g_new (double, (gsize) sim->n_train * n);
  sim->yq = g_new (double, sim->n_train);
  for (guint k = 0; k < sim->n_train; k++)
    {
      const double *x = lsg_dataset_row (dataset, k);
      double s = 0.0;

      for (guint i = 0; i < n; i++)
        {
          double xq = lsg_quantize (x[i], p->dac_bits, 1.0);
          sim->xq[(gsize) k * n + i] = xq;
          s += xq * xq;
        }
      sim->yq[k] = lsg_quantize (dataset->y[k], p->dac_bits, 1.0);
      sim->s_max = fmax (sim->s_max, s);
    }

  /* The chip: its mismatch draws depend on mc_seed alone. */
  sim->z = g_new0 (double, MM_PER_WEIGHT * n);
  sim->k = g_new (double, MM_PER_WEIGHT * n);
  mc_rng = lsg_rng_new (LSG_STREAM_MISMATCH, p->mc_seed);
  for (guint j = 0; j < MM_PER_WEIGHT * n; j++)
    sim->z[j] = gsl_ran_gaussian_ziggurat (mc_rng, 1.0);
  gsl_rng_free (mc_rng);

  sim->a = g_new (double, n2);
  sim->b = g_new (double, n2);
  sim->d = g_new (double, n2);
  sim->v = g_new0 (double, n2);
  sim->xg = g_new0 (double, n);
  sim->ab_gain = g_new (double, n);
  sim->ab_lambda = g_new (double, n);
  sim->wab = g_new0 (double, n);
  sim->class_ab = p->storage == LSG_STORAGE_CLASS_AB;
  if (sim->class_ab)
    sim->sys = (gsl_odeiv2_system) { _lsg_sim_cab_rhs, _lsg_sim_cab_jacobian, n, sim };
  else
    sim->sys = (gsl_odeiv2_system) { _lsg_sim_pair_rhs, _lsg_sim_pair_jacobian, n2, sim };
  sim->max_steps = MAX_STEPS_PER_INTERVAL;
  sim->eps_abs = EPS_ABS;
  sim->eps_rel = EPS_REL;
  sim->allow_exact = TRUE;
  {
    LsgFrozen *f = &sim->frozen;

    f->c = g_new0 (double, n2);
    f->p_pos = g_new0 (double, n2);
    f->p_neg = g_new0 (double, n2);
    f->k = g_new0 (double, n2);
    f->q = g_new0 (double, n2);
    f->g = g_new0 (double, n2);
    f->q0 = g_new0 (double, n2);
    f->z_pred = g_new0 (double, n2);
    f->z_corr = g_new0 (double, n2);
    f->zm = g_new0 (double, n2);
  }
  setup_constants (sim);

  sim->order = g_new (guint, sim->n_train);
  sim->order_rng = lsg_rng_new (LSG_STREAM_ORDER, p->seed);
  new_epoch_order (sim);
  sim->noise_rng = lsg_rng_new (LSG_STREAM_NOISE, p->noise_seed);

  /* Initial state: each half carries i_init plus its part of w_init. */
  sim->u = g_new (double, n2);
  sim->u_end_train = g_new (double, n2);
  sim->u_start = g_new (double, n2);
  sim->u_next = g_new (double, n2);
  sim->w_ref = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      double u0 = p->i_init / p->i_unit;

      sim->u[2 * i] = u0 + fmax (p->w_init, 0.0);
      sim->u[2 * i + 1] = u0 + fmax (-p->w_init, 0.0);
      sim->wab[i] = _lsg_sim_cab_limit (sim, p->w_init);
      sim->w_ref[i] = p->w_init;
    }
  if (p->noise_on)
    {
      /* kT/C noise sampled on each capacitor when it is released. */
      double sigma_v = sqrt (BOLTZMANN_J_PER_K * p->temperature / p->c_w);

      if (sim->class_ab)
        for (guint i = 0; i < n; i++)
          {
            double dv = sigma_v * gsl_ran_gaussian_ziggurat (sim->noise_rng, 1.0);

            sim->wab[i] = _lsg_sim_cab_limit (sim, _lsg_sim_cab_shift (sim, sim->wab[i], dv));
          }
      else
        for (guint c = 0; c < n2; c++)
          sim->u[c] = lsg_cell_shift (&sim->law, sim->u[c],
                                      sigma_v * gsl_ran_gaussian_ziggurat (sim->noise_rng, 1.0));
    }
  if (sim->class_ab)
    _lsg_sim_cab_set_halves (sim, sim->wab);

  if (p->t_hold > 0)
    /* (1 - 1e-12): 1e-3 / 2e-6 is 500.00000000000006 in doubles */
    sim->n_hold = (guint) MIN (ceil (p->t_hold / p->t_sample * (1 - 1e-12)), (double) MAX_HOLD_ROWS);

  /* A run that cannot fit is refused now, not after minutes of work. */
  {
    guint64 rows = lsg_sim_get_n_train_rows (sim) + sim->n_hold;

    if (rows > LSG_TRAJECTORY_MAX_ROWS)
      {
        g_set_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_FULL,
                     "The run needs %" G_GUINT64_FORMAT " rows ([dataset] epochs = %u "
                     "\xc3\x97 %u training samples, plus %u hold rows), more than the %u "
                     "a run can hold; lower [dataset] epochs or the number of samples",
                     rows, p->epochs, sim->n_train, sim->n_hold, LSG_TRAJECTORY_MAX_ROWS);
        return NULL;
      }

    /* nor one whose trajectory alone would not fit in this machine's
     * memory (every row is kept: doubles of one row's stride) */
    {
      double bytes = (double) rows * lsg_trajectory_get_layout (sim->traj)->stride * sizeof (double);
      long pages = sysconf (_SC_PHYS_PAGES), page_size = sysconf (_SC_PAGESIZE);
      double memory = pages > 0 && page_size > 0 ? (double) pages * page_size : INFINITY;

      if (bytes > 0.5 * memory)
        {
          g_autofree char *need = g_format_size ((guint64) bytes);
          g_autofree char *have = g_format_size ((guint64) memory);

          g_set_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_FULL,
                       "The run's trajectory needs %s (%" G_GUINT64_FORMAT " rows of %u weights: "
                       "[dataset] epochs = %u \xc3\x97 %u training samples, plus %u hold rows), "
                       "more than half of this machine's %s; lower [dataset] epochs, the "
                       "number of samples or of features",
                       need, rows, sim->n, p->epochs, sim->n_train, sim->n_hold, have);
          return NULL;
        }
    }
  }

  return g_steal_pointer (&sim);
}

void
lsg_sim_free (LsgSim *sim)
{
  if (sim == NULL)
    return;
  lsg_params_free (sim->params);
  g_clear_pointer (&sim->traj, lsg_trajectory_unref);
  _lsg_sim_loss_track_clear (&sim->loss_w);
  _lsg_sim_loss_track_clear (&sim->loss_ref);
  _lsg_sim_loss_track_clear (&sim->test_loss_w);
  _lsg_sim_loss_track_clear (&sim->test_loss_ref);
  g_free (sim->gram_x);
  lsg_loss_form_free (sim->train_form);
  lsg_loss_form_free (sim->test_form);
  g_free (sim->w_star);
  g_free (sim->xq);
  g_free (sim->yq);
  g_free (sim->z);
  g_free (sim->k);
  g_free (sim->a);
  g_free (sim->b);
  g_free (sim->d);
  g_free (sim->v);
  g_free (sim->xg);
  g_free (sim->ab_gain);
  g_free (sim->ab_lambda);
  g_free (sim->wab);
  g_free (sim->frozen.c);
  g_free (sim->frozen.p_pos);
  g_free (sim->frozen.p_neg);
  g_free (sim->frozen.k);
  g_free (sim->frozen.q);
  g_free (sim->frozen.g);
  g_free (sim->frozen.q0);
  g_free (sim->frozen.z_pred);
  g_free (sim->frozen.z_corr);
  g_free (sim->frozen.zm);
  g_free (sim->u);
  g_free (sim->u_end_train);
  g_free (sim->u_start);
  g_free (sim->u_next);
  g_free (sim->w_ref);
  g_free (sim->order);
  g_clear_pointer (&sim->order_rng, gsl_rng_free);
  g_clear_pointer (&sim->noise_rng, gsl_rng_free);
  g_clear_pointer (&sim->driver, gsl_odeiv2_driver_free);
  g_free (sim);
}

const LsgParams *
lsg_sim_get_params (const LsgSim *sim)
{
  return sim->params;
}

const LsgDataset *
lsg_sim_get_dataset (const LsgSim *sim)
{
  return sim->ds;
}

LsgTrajectory *
lsg_sim_get_trajectory (const LsgSim *sim)
{
  return sim->traj;
}

void
lsg_sim_new_segment (LsgSim *sim)
{
  g_clear_pointer (&sim->traj, lsg_trajectory_unref);
  sim->traj = lsg_trajectory_new (sim->n);
}

guint
lsg_sim_get_n_weights (const LsgSim *sim)
{
  return sim->n;
}

guint64
lsg_sim_get_n_train_rows (const LsgSim *sim)
{
  return (guint64) sim->params->epochs * sim->n_train;
}

guint
lsg_sim_get_n_hold_rows (const LsgSim *sim)
{
  return sim->continuous ? 0 : sim->n_hold;
}

const double *
lsg_sim_get_w_star (const LsgSim *sim)
{
  return sim->w_star;
}

void
lsg_sim_set_continuous (LsgSim   *sim,
                        gboolean  continuous)
{
  /* hold rows move time on past the interval clock: training that
   * resumes after them counts its intervals from the hold's end, so rows
   * never go back in time (the runner calls this before every slice) */
  if (continuous
      && sim->t_s != sim->t_base + (double) (sim->interval - sim->interval_base) * sim->params->t_sample)
    {
      sim->t_base = sim->t_s;
      sim->interval_base = sim->interval;
    }
  sim->continuous = continuous;
}

void
lsg_sim_set_allow_exact (LsgSim   *sim,
                         gboolean  allow)
{
  sim->allow_exact = allow;
  setup_constants (sim);
}

void
lsg_sim_set_ode_tolerance (LsgSim *sim,
                           double  eps_abs,
                           double  eps_rel)
{
  g_return_if_fail (eps_abs > 0 && eps_rel >= 0);
  sim->eps_abs = eps_abs;
  sim->eps_rel = eps_rel;
  g_clear_pointer (&sim->driver, gsl_odeiv2_driver_free);
  setup_constants (sim);
}

void
lsg_sim_set_max_steps (LsgSim *sim,
                       gulong  max_steps)
{
  g_return_if_fail (max_steps > 0);
  sim->max_steps = max_steps;
  gsl_odeiv2_driver_set_nmax (sim->driver, max_steps);
}

gboolean
lsg_sim_is_done (const LsgSim *sim)
{
  if (sim->continuous)
    return FALSE;
  return sim->train_done && sim->hold_done >= sim->n_hold;
}

static gboolean
append_row (LsgSim    *sim,
            LsgPhase   phase,
            GError   **error)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (sim->traj);
  const LsgParams *p = sim->params;
  double *row = lsg_trajectory_append_begin (sim->traj);

  if (row == NULL)
    {
      g_set_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_FULL,
                   "The run reached %u rows, the most a trajectory holds",
                   LSG_TRAJECTORY_MAX_ROWS);
      return FALSE;
    }

  row[LSG_COL_T] = sim->t_s;
  row[LSG_COL_PHASE] = phase;
  for (guint i = 0; i < sim->n; i++)
    {
      double up = sim->u[2 * i], um = sim->u[2 * i + 1];

      row[l->w + i] = lsg_quantize (_lsg_sim_readout (sim, i, up, um), p->adc_bits, p->adc_range);
      row[l->ref + i] = sim->w_ref[i];
      row[l->i_plus + i] = up * p->i_unit;
      row[l->i_minus + i] = um * p->i_unit;
      sim->cm_max = fmax (sim->cm_max, up + um);
    }
  row[l->loss] = _lsg_sim_loss_track_eval (&sim->loss_w, row + l->w);
  row[l->ref_loss] = _lsg_sim_loss_track_eval (&sim->loss_ref, row + l->ref);
  row[l->test_loss] = sim->test_form ? _lsg_sim_loss_track_eval (&sim->test_loss_w, row + l->w) : NAN;
  row[l->ref_test_loss] = sim->test_form ? _lsg_sim_loss_track_eval (&sim->test_loss_ref, row + l->ref) : NAN;
  lsg_trajectory_append_commit (sim->traj);
  return TRUE;
}

static gboolean
check_state (LsgSim    *sim,
             GError   **error)
{
  for (guint c = 0; c < 2 * sim->n; c++)
    if (!isfinite (sim->u[c]) || fabs (sim->u[c]) > U_DIVERGED)
      {
        g_autofree char *point = describe_point (sim);
        g_set_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_DIVERGED,
                     "The circuit diverged in sample interval %" G_GUINT64_FORMAT
                     " (epoch %u): cell current %g A of weight %u is not a physical value; "
                     "design point: %s",
                     sim->interval + 1, sim->epoch + 1, sim->u[c] * sim->params->i_unit,
                     c / 2, point);
        return FALSE;
      }
  return TRUE;
}

/* -expm1(-a t) / a, t at a = 0 (as R2 has it) */
static inline double
phi_r2 (double a,
        double t)
{
  return a == 0.0 ? t : -expm1 (-a * t) / a;
}

/* R2 over training row j; the loss tracker of R2's weights follows its
 * rank-one step w <- decay w + c x (the coefficients as lsg_r2_advance
 * forms them). */
static void
advance_reference (LsgSim *sim,
                   guint   j)
{
  const double *x = lsg_dataset_row (sim->ds, j);
  double y = sim->ds->y[j];

  if (sim->gram_x != NULL)
    {
      double s = 0.0, p0 = 0.0, decay, c;

      for (guint i = 0; i < sim->n; i++)
        {
          s += x[i] * x[i];
          p0 += x[i] * sim->w_ref[i];
        }
      decay = exp (-sim->lambda * sim->eta);
      c = y * phi_r2 (s + sim->lambda, sim->eta) - p0 * decay * phi_r2 (s, sim->eta);
      lsg_r2_advance (sim->w_ref, x, y, sim->n, sim->eta, sim->lambda);
      _lsg_sim_loss_track_shift (&sim->loss_ref, sim->w_ref, decay, c,
                                 sim->gram_x + (gsize) j * sim->n);
      return;
    }
  lsg_r2_advance (sim->w_ref, x, y, sim->n, sim->eta, sim->lambda);
}

static gboolean
train_interval (LsgSim    *sim,
                GError   **error)
{
  const LsgParams *p = sim->params;
  guint j = sim->order[sim->pos];
  const double *xq = sim->xq + (gsize) j * sim->n;
  double theta = 0.0;
  gboolean by_pc = FALSE;
  int status;

  for (guint i = 0; i < sim->n; i++)
    {
      const double *k = sim->k + MM_PER_WEIGHT * i;

      sim->v[2 * i] = xq[i] * k[MM_FW_P];
      sim->v[2 * i + 1] = -xq[i] * k[MM_FW_M];
      sim->xg[i] = xq[i] * k[MM_GRAD];
    }
  sim->y = sim->yq[j];
  if (sim->class_ab)
    {
      /* the solver's state is the weights; u follows from them */
      for (guint i = 0; i < sim->n; i++)
        sim->wab[i] = sim->u[2 * i] - sim->u[2 * i + 1];
      if ((sim->exact_ok && _lsg_sim_cab_advance_exact (sim))
          || (sim->pc_ok && _lsg_sim_cab_advance_pc (sim)))
        status = GSL_SUCCESS;
      else
        {
          gsl_odeiv2_driver_reset (sim->driver);
          status = gsl_odeiv2_driver_apply (sim->driver, &theta, sim->eta, sim->wab);
          sim->stats.steps += sim->driver->n;
        }
      if (status == GSL_SUCCESS)
        {
          double s_interval = 0.0;

          for (guint i = 0; i < sim->n; i++)
            {
              sim->wab[i] = _lsg_sim_cab_limit (sim, sim->wab[i]);
              s_interval += xq[i] * xq[i];
            }
          if (p->noise_on)
            _lsg_sim_cab_noise_kick (sim, p->t_sample, s_interval, TRUE);
          _lsg_sim_cab_set_halves (sim, sim->wab);
        }
    }
  else
    {
      if (p->noise_on)
        memcpy (sim->u_start, sim->u, sizeof (double) * 2 * sim->n);
      if (sim->exact_ok && _lsg_sim_pair_advance_exact (sim))
        status = GSL_SUCCESS;
      else if (sim->pc_ok && _lsg_sim_pair_advance_pc (sim))
        {
          status = GSL_SUCCESS;
          by_pc = TRUE;
        }
      else
        {
          gsl_odeiv2_driver_reset (sim->driver);
          status = gsl_odeiv2_driver_apply (sim->driver, &theta, sim->eta, sim->u);
          sim->stats.steps += sim->driver->n;
        }
    }
  if (status != GSL_SUCCESS)
    {
      g_autofree char *point = describe_point (sim);
      g_set_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_SOLVER,
                   "The ODE solver failed in sample interval %" G_GUINT64_FORMAT
                   " (epoch %u): %s%s; design point: %s",
                   sim->interval + 1, sim->epoch + 1, gsl_strerror (status),
                   status == GSL_EMAXITER
                     ? " (more solver steps than allowed in one interval: the dynamics are too fast for the sample period)"
                     : "",
                   point);
      return FALSE;
    }
  if (!sim->class_ab)
    {
      for (guint c = 0; c < 2 * sim->n; c++)
        if (sim->u[c] < sim->u_floor)
          sim->u[c] = sim->u_floor;
      if (p->noise_on)
        /* the predictor-corrector has sqrt(IC) at the start already */
        _lsg_sim_pair_noise_kick (sim, sim->u_start, by_pc && sim->law.ekv ? sim->frozen.q0 : NULL,
                                  p->t_sample, TRUE);
    }
  if (!check_state (sim, error))
    return FALSE;

  advance_reference (sim, j);
  sim->interval++;
  /* times from the interval count, not a running sum, so they stay exact */
  sim->t_s = sim->t_base + (double) (sim->interval - sim->interval_base) * p->t_sample;
  sim->stats.intervals++;

  if (++sim->pos == sim->n_train)
    {
      sim->pos = 0;
      sim->epoch++;
      new_epoch_order (sim);
    }
  return append_row (sim, LSG_PHASE_TRAIN, error);
}

/* Hold: I_eta = I_lambda = 0, so each capacitor only leaks, C dV/dt =
 * -I_leak: V falls linearly and the cell law gives the current exactly. */
static gboolean
hold_row (LsgSim    *sim,
          GError   **error)
{
  const LsgParams *p = sim->params;
  double dt = p->t_hold / sim->n_hold;
  double dv = -sim->i_leak * dt / p->c_w;

  if (sim->class_ab)
    {
      for (guint i = 0; i < sim->n; i++)
        sim->wab[i] = _lsg_sim_cab_limit (sim, _lsg_sim_cab_shift (sim, sim->u[2 * i] - sim->u[2 * i + 1],
                                                                   dv));
      if (p->noise_on)
        _lsg_sim_cab_noise_kick (sim, dt, 0.0, FALSE);
      _lsg_sim_cab_set_halves (sim, sim->wab);
    }
  else
    {
      for (guint c = 0; c < 2 * sim->n; c++)
        sim->u[c] = fmax (lsg_cell_shift (&sim->law, sim->u[c], dv), sim->u_floor);
      if (p->noise_on)
        _lsg_sim_pair_noise_kick (sim, NULL, NULL, dt, FALSE);
    }
  sim->t_s += dt;
  sim->hold_done++;
  return append_row (sim, LSG_PHASE_HOLD, error);
}

gboolean
lsg_sim_step (LsgSim        *sim,
              guint          max_rows,
              GCancellable  *cancellable,
              GError       **error)
{
  guint64 n_train_rows = lsg_sim_get_n_train_rows (sim);

  for (guint r = 0; r < max_rows; r++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (sim->continuous || sim->interval < n_train_rows)
        {
          if (!train_interval (sim, error))
            return FALSE;
          continue;
        }
      if (!sim->train_done)
        {
          memcpy (sim->u_end_train, sim->u, sizeof (double) * 2 * sim->n);
          sim->train_done = TRUE;
        }
      if (sim->hold_done >= sim->n_hold)
        break;
      if (!hold_row (sim, error))
        return FALSE;
    }
  if (!sim->continuous && !sim->train_done && sim->interval >= n_train_rows)
    {
      memcpy (sim->u_end_train, sim->u, sizeof (double) * 2 * sim->n);
      sim->train_done = TRUE;
    }
  return TRUE;
}

gboolean
lsg_sim_run (LsgSim           *sim,
             LsgProgressFunc   progress,
             gpointer          user_data,
             GCancellable     *cancellable,
             GError          **error)
{
  guint planned;

  g_return_val_if_fail (!sim->continuous, FALSE);

  /* at most LSG_TRAJECTORY_MAX_ROWS: lsg_sim_new checked */
  planned = (guint) lsg_sim_get_n_train_rows (sim) + sim->n_hold;
  while (!lsg_sim_is_done (sim))
    {
      /* Slices of about one epoch keep cancellation and progress prompt. */
      if (!lsg_sim_step (sim, MAX (sim->n_train, 64), cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (lsg_trajectory_get_n_rows (sim->traj), planned, user_data);
    }
  return TRUE;
}

gboolean
lsg_sim_can_retune (const LsgParams  *running,
                    const LsgParams  *next,
                    GError          **error)
{
  static const char *const tunable[] = {
    "circuit.i_eta", "circuit.i_lambda", "circuit.i_cm", "circuit.temperature",
    "circuit.i_eta_ptat", "training.t_sample", NULL
  };
  guint n_specs;
  const LsgKeySpec *specs = lsg_key_specs (&n_specs);

  for (guint s = 0; s < n_specs; s++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", specs[s].group, specs[s].key);
      g_autofree char *old_value = NULL;
      g_autofree char *new_value = NULL;

      if (g_strv_contains (tunable, path))
        continue;
      old_value = lsg_params_get_as_string (running, &specs[s]);
      new_value = lsg_params_get_as_string (next, &specs[s]);
      if (!g_str_equal (old_value, new_value))
        {
          g_set_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_RETUNE,
                       "%s cannot change on a running chip (from %s to %s); "
                       "only the bias currents, the temperature and the sample period can",
                       path, old_value, new_value);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lsg_sim_retune (LsgSim           *sim,
                const LsgParams  *params,
                GError          **error)
{
  if (!lsg_params_validate (params, "design point", error)
      || !lsg_sim_can_retune (sim->params, params, error))
    return FALSE;

  lsg_params_free (sim->params);
  sim->params = lsg_params_copy (params);
  sim->t_base = sim->t_s;
  sim->interval_base = sim->interval;
  sim->train_form->lambda = lsg_params_lambda (params);
  if (sim->test_form != NULL)
    sim->test_form->lambda = lsg_params_lambda (params);
  /* the optimum the chip now trains towards: ridge_error measures the
   * distance to it, not to the one of the point the run started at */
  update_w_star (sim);
  setup_constants (sim);
  return TRUE;
}

void
lsg_sim_get_cell_currents (const LsgSim *sim,
                           double       *i_plus,
                           double       *i_minus)
{
  for (guint i = 0; i < sim->n; i++)
    {
      i_plus[i] = sim->u[2 * i] * sim->params->i_unit;
      i_minus[i] = sim->u[2 * i + 1] * sim->params->i_unit;
    }
}

double
lsg_sim_get_cm_max (const LsgSim *sim)
{
  return sim->cm_max;
}

void
lsg_sim_get_stats (const LsgSim *sim,
                   LsgSimStats  *stats)
{
  *stats = sim->stats;
}
