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
 * are the same code for both storages. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_roots.h>

#include "lsg-device.h"
#include "lsg-reference.h"
#include "lsg-rng.h"
#include "lsg-sim.h"

G_DEFINE_QUARK (lsg-sim-error-quark, lsg_sim_error)

#define BOLTZMANN_J_PER_K 1.380649e-23
#define ELEMENTARY_CHARGE_C 1.602176634e-19

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

/* Independent mismatch draws per weight, in this order. */
enum {
  MM_ETA_P, MM_ETA_M,     /* I_eta branch of each multiplier-divider */
  MM_LAM_P, MM_LAM_M,     /* I_lambda discharge of each capacitor */
  MM_CM_P, MM_CM_M,       /* I_cm branch of each half */
  MM_RD_P, MM_RD_M,       /* readout copy of each half */
  MM_FW_P, MM_FW_M,       /* forward multiplier gain on each half */
  MM_GRAD,                /* gradient multiplier gain e x_i */
  MM_RD_SHARED,           /* the one copy of a differential readout */
  MM_PER_WEIGHT
};

G_STATIC_ASSERT (sizeof (LsgMismatchFactors) == MM_PER_WEIGHT * sizeof (double));
G_STATIC_ASSERT (G_STRUCT_OFFSET (LsgMismatchFactors, gradient) == MM_GRAD * sizeof (double));
G_STATIC_ASSERT (G_STRUCT_OFFSET (LsgMismatchFactors, readout_shared) == MM_RD_SHARED * sizeof (double));

/* The mismatch group (MODEL.md 4) of each draw. */
static const LsgMismatchGroups mm_group[MM_PER_WEIGHT] = {
  [MM_ETA_P] = LSG_MISMATCH_IN_LOOP, [MM_ETA_M] = LSG_MISMATCH_IN_LOOP,
  [MM_LAM_P] = LSG_MISMATCH_IN_LOOP, [MM_LAM_M] = LSG_MISMATCH_IN_LOOP,
  [MM_CM_P] = LSG_MISMATCH_IN_LOOP, [MM_CM_M] = LSG_MISMATCH_IN_LOOP,
  [MM_RD_P] = LSG_MISMATCH_READOUT, [MM_RD_M] = LSG_MISMATCH_READOUT,
  [MM_FW_P] = LSG_MISMATCH_FORWARD, [MM_FW_M] = LSG_MISMATCH_FORWARD,
  [MM_GRAD] = LSG_MISMATCH_IN_LOOP,
  [MM_RD_SHARED] = LSG_MISMATCH_READOUT,
};

struct _LsgSim {
  LsgParams        *params;
  const LsgDataset *ds;
  guint             n;          /* weights */
  guint             n_train;
  gboolean          continuous;

  LsgTrajectory    *traj;
  LsgLossForm      *train_form;
  LsgLossForm      *test_form;  /* NULL without a test split */
  double           *w_star;     /* NULL if the ridge system is singular */

  double           *xq;         /* training inputs through the DACs */
  double           *yq;
  double            s_max;      /* max |x|^2 over the training rows */

  double           *z;          /* standard normal mismatch draws */
  double           *k;          /* mismatch factors, MM_PER_WEIGHT per weight */

  /* Derived from params (recomputed by retune). */
  double            u_t;
  double            tau;
  double            eta;        /* interval length in theta */
  double            lambda;
  double            i_eta;      /* effective, A */
  double            i_leak;     /* effective, A; 0 without leakage */
  double            u_floor;
  LsgCellLaw        law;        /* i_spec normalised by I_N */
  double            inv_i_spec; /* 1 / law.i_spec */

  /* Coefficients of the right-hand side: per cell a, b, d, v (forward
   * coefficient, signed), per weight xg (gradient input). */
  double           *a, *b, *d, *v, *xg;
  double            y;          /* target of the current interval, through the DAC */

  /* Class-AB storage */
  gboolean          class_ab;
  double            q;          /* I_Q / I_N */
  double            w_lim;      /* |w| at which the smaller half reaches the floor */
  double            d_leak;     /* I_leak / I_eta */
  double           *ab_gain;    /* per weight: update gain a */
  double           *ab_lambda;  /* per weight: lambda times its gain */
  double           *wab;        /* solver state: the weights, n */
  double            cm_max;     /* largest u+ + u- of any row */

  double           *u;          /* state, 2n */
  double           *u_start;    /* state at the start of the interval */
  double           *u_next;     /* scratch for the closed-form interval */
  gboolean          allow_exact;
  gboolean          exact_ok;   /* the closed form applies to this chip */
  double           *u_end_train;
  gboolean          train_done;
  double           *w_ref;      /* R2 */
  double            t_s;
  double            t_base;     /* time at interval_base (t_sample may be retuned) */
  guint64           interval_base;
  guint64           interval;   /* training intervals done */
  guint             hold_done;
  guint             n_hold;
  guint             epoch;
  guint             pos;
  guint            *order;
  gsl_rng          *order_rng;
  gsl_rng          *noise_rng;

  gsl_odeiv2_system  sys;
  gsl_odeiv2_driver *driver;
  gulong             max_steps;
  gboolean           stiff;
  LsgSimStats        stats;
};

static inline double
clip (double v,
      double limit)
{
  return v > limit ? limit : v < -limit ? -limit : v;
}

static inline double
positive (double v)
{
  return v > 0.0 ? v : 0.0;
}

static inline double
error_signal (const LsgSim *sim,
              const double *u,
              gboolean     *clipped)
{
  const double *restrict v = sim->v;
  guint n2 = 2 * sim->n;
  double yhat = 0.0, e;

  for (guint c = 0; c < n2; c++)
    yhat += v[c] * u[c];
  e = sim->y - yhat;
  if (clipped != NULL)
    *clipped = fabs (e) > sim->params->e_max;
  return clip (e, sim->params->e_max);
}

/* The right-hand side is the inner loop of every run: locals with
 * restrict let the compiler keep everything in registers, and the
 * weak-inversion form skips G(IC) altogether. */
static int
rhs (double        theta,
     const double  u_in[],
     double        du_out[],
     void         *data)
{
  LsgSim *sim = data;
  const double *restrict u = u_in;
  double *restrict du = du_out;
  const double *restrict a = sim->a;
  const double *restrict b = sim->b;
  const double *restrict d = sim->d;
  const double *restrict xg = sim->xg;
  guint n = sim->n;
  double u_floor = sim->u_floor;
  double e = error_signal (sim, u, NULL);

  for (guint i = 0; i < n; i++)
    {
      double g = e * xg[i];
      guint p = 2 * i, m = 2 * i + 1;

      du[p] = a[p] * positive (g) + b[p] - d[p] * u[p];
      du[m] = a[m] * positive (-g) + b[m] - d[m] * u[m];
    }
  if (sim->law.ekv)
    {
      double inv_i_spec = sim->inv_i_spec;

      for (guint c = 0; c < 2 * n; c++)
        du[c] *= lsg_ekv_gain (sqrt (positive (u[c]) * inv_i_spec));
    }
  /* The floor: a current at i_floor does not fall further. */
  for (guint c = 0; c < 2 * n; c++)
    if (u[c] <= u_floor && du[c] < 0)
      du[c] = 0.0;
  sim->stats.rhs_evals++;
  return GSL_SUCCESS;
}

static int
jacobian (double        theta,
          const double  u[],
          double       *dfdy,
          double        dfdt[],
          void         *data)
{
  LsgSim *sim = data;
  guint n2 = 2 * sim->n;
  gboolean clipped;
  double e = error_signal (sim, u, &clipped);

  memset (dfdy, 0, sizeof (double) * n2 * n2);
  for (guint c = 0; c < n2; c++)
    {
      guint i = c / 2;
      double g = e * sim->xg[i];
      double gs = (c % 2 == 0) ? (g > 0 ? g : 0.0) : (g < 0 ? -g : 0.0);
      /* d(g+-)/de: +xg for the active + half, -xg for the active - half */
      double dgs_de = (c % 2 == 0) ? (g > 0 ? sim->xg[i] : 0.0) : (g < 0 ? -sim->xg[i] : 0.0);
      double h = sim->a[c] * gs + sim->b[c] - sim->d[c] * u[c];
      double gain = lsg_cell_gain (&sim->law, u[c]);

      if (!clipped && dgs_de != 0.0)
        for (guint j = 0; j < n2; j++)
          dfdy[c * n2 + j] = -gain * sim->a[c] * dgs_de * sim->v[j];
      dfdy[c * n2 + c] += lsg_cell_gain_derivative (&sim->law, u[c]) * h - gain * sim->d[c];
      dfdt[c] = 0.0;
    }
  return GSL_SUCCESS;
}

/* Class-AB storage */

/* The two halves of a class-AB weight: the larger from the sum, the
 * smaller as q^2 over it (no cancellation when |w| >> q). */
static inline void
cab_halves (double  q,
            double  w,
            double *up,
            double *um)
{
  double s = sqrt (w * w + 4.0 * q * q);

  if (w >= 0)
    {
      *up = 0.5 * (w + s);
      *um = q * q / *up;
    }
  else
    {
      *um = 0.5 * (s - w);
      *up = q * q / *um;
    }
}

/* Loop gain times S: G(IC+) u+ + G(IC-) u- (= S in weak inversion). */
static inline double
cab_gain_sum (const LsgSim *sim,
              double        up,
              double        um)
{
  if (!sim->law.ekv)
    return up + um;
  return lsg_ekv_gain (sqrt (up * sim->inv_i_spec)) * up
         + lsg_ekv_gain (sqrt (um * sim->inv_i_spec)) * um;
}

static void
cab_set_halves (LsgSim       *sim,
                const double *w)
{
  for (guint i = 0; i < sim->n; i++)
    cab_halves (sim->q, w[i], &sim->u[2 * i], &sim->u[2 * i + 1]);
}

static int
cab_rhs (double        theta,
         const double  w_in[],
         double        dw_out[],
         void         *data)
{
  LsgSim *sim = data;
  const double *restrict w = w_in;
  double *restrict dw = dw_out;
  const double *restrict v = sim->v;
  guint n = sim->n;
  double yhat = 0.0, e;

  /* the error through the forward gains of both halves */
  for (guint i = 0; i < n; i++)
    {
      double up, um;

      cab_halves (sim->q, w[i], &up, &um);
      yhat += v[2 * i] * up + v[2 * i + 1] * um;
    }
  e = clip (sim->y - yhat, sim->params->e_max);

  for (guint i = 0; i < n; i++)
    {
      double up, um, drive;

      cab_halves (sim->q, w[i], &up, &um);
      drive = sim->ab_gain[i] * (e * sim->xg[i] - sim->ab_lambda[i] * w[i])
              - sim->d_leak * (up + um);
      /* L S / S: the loop gain, exactly 1 in weak inversion */
      dw[i] = sim->law.ekv ? drive * cab_gain_sum (sim, up, um) / (up + um) : drive;
      /* the floor: the smaller half does not fall below i_floor */
      if ((w[i] >= sim->w_lim && dw[i] > 0) || (w[i] <= -sim->w_lim && dw[i] < 0))
        dw[i] = 0.0;
    }
  sim->stats.rhs_evals++;
  return GSL_SUCCESS;
}

/* Jacobian of cab_rhs without the derivative of the loop gain (a
 * modified Newton iteration converges with it; the step's error control
 * keeps the accuracy). */
static int
cab_jacobian (double        theta,
              const double  w[],
              double       *dfdy,
              double        dfdt[],
              void         *data)
{
  LsgSim *sim = data;
  guint n = sim->n;
  double yhat = 0.0, e;
  gboolean clipped;
  g_autofree double *de_dw = g_new (double, n);

  for (guint j = 0; j < n; j++)
    {
      double up, um, s;

      cab_halves (sim->q, w[j], &up, &um);
      s = up + um;
      yhat += sim->v[2 * j] * up + sim->v[2 * j + 1] * um;
      /* du+-/dw = (+-1 + w / S) / 2 = u+- / S and -u- / S */
      de_dw[j] = -(sim->v[2 * j] * up - sim->v[2 * j + 1] * um) / s;
    }
  e = sim->y - yhat;
  clipped = fabs (e) > sim->params->e_max;
  for (guint i = 0; i < n; i++)
    {
      double up, um, s, loop;

      cab_halves (sim->q, w[i], &up, &um);
      s = up + um;
      loop = sim->law.ekv ? cab_gain_sum (sim, up, um) / s : 1.0;
      for (guint j = 0; j < n; j++)
        dfdy[i * n + j] = clipped ? 0.0 : loop * sim->ab_gain[i] * sim->xg[i] * de_dw[j];
      /* dS/dw = w / S */
      dfdy[i * n + i] -= loop * (sim->ab_gain[i] * sim->ab_lambda[i] + sim->d_leak * w[i] / s);
      dfdt[i] = 0.0;
    }
  return GSL_SUCCESS;
}

/* The weight after its capacitor voltage moves by dv.  In weak inversion
 * w = 2 q sinh(kappa V / U_T) exactly; with moderate inversion
 * dw/dV = (kappa / U_T) (G+ u+ + G- u-), integrated by RK4 in
 * x = asinh(w / 2q), where dx/dV = (kappa / U_T) L is smooth and bounded. */
static double
cab_shift (const LsgSim *sim,
           double        w,
           double        dv)
{
  double k = sim->params->kappa / sim->u_t;
  double x = asinh (w / (2.0 * sim->q));
  guint steps;
  double h;

  if (!sim->law.ekv)
    return 2.0 * sim->q * sinh (x + k * dv);
  steps = (guint) CLAMP (ceil (fabs (k * dv) / 0.25), 1, 4000);
  h = k * dv / steps;
  for (guint j = 0; j < steps; j++)
    {
      double k1, k2, k3, k4, up, um;

#define LOOP_AT(xx) (cab_halves (sim->q, 2.0 * sim->q * sinh (xx), &up, &um), \
                     cab_gain_sum (sim, up, um) / (up + um))
      k1 = LOOP_AT (x);
      k2 = LOOP_AT (x + 0.5 * h * k1);
      k3 = LOOP_AT (x + 0.5 * h * k2);
      k4 = LOOP_AT (x + h * k3);
#undef LOOP_AT
      x += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6.0;
    }
  return 2.0 * sim->q * sinh (x);
}

static inline double
cab_limit (const LsgSim *sim,
           double        w)
{
  return CLAMP (w, -sim->w_lim, sim->w_lim);
}

/* Ideal class-AB devices (weak inversion, no mismatch that acts on the
 * learning, no leakage) integrate exactly R2's equation: its closed form,
 * unless the error clips (e moves monotonically within an interval, so
 * checking both ends suffices) or a half reaches the floor. */
static gboolean
cab_advance_exact (LsgSim *sim)
{
  guint n = sim->n;
  double e0 = sim->y, e1 = sim->y;

  for (guint i = 0; i < n; i++)
    e0 -= sim->xg[i] * sim->wab[i];
  if (fabs (e0) > sim->params->e_max)
    return FALSE;
  memcpy (sim->u_next, sim->wab, sizeof (double) * n);
  lsg_r2_advance (sim->u_next, sim->xg, sim->y, n, sim->eta, sim->lambda);
  for (guint i = 0; i < n; i++)
    {
      e1 -= sim->xg[i] * sim->u_next[i];
      if (fabs (sim->u_next[i]) > sim->w_lim)
        return FALSE;
    }
  if (fabs (e1) > sim->params->e_max)
    return FALSE;
  memcpy (sim->wab, sim->u_next, sizeof (double) * n);
  sim->stats.exact_intervals++;
  return TRUE;
}

/* Shot noise of the one capacitor of each weight: the push-pull update
 * and the leakage move charge Q = |C dV_update| + I_leak h across the node
 * over the interval; the voltage kick has variance 2 q_e Q / C^2, times
 * the Ornstein-Uhlenbeck factor of the loop's pull towards equilibrium
 * (rate (s + lambda) / tau), as for the pair. */
static void
cab_noise_kick (LsgSim       *sim,
                const double *w_start,
                double        h_s,
                double        s_interval,
                gboolean      training)
{
  const LsgParams *p = sim->params;
  double k = p->kappa / sim->u_t;

  for (guint i = 0; i < sim->n; i++)
    {
      double charge = sim->i_leak * h_s, relax = 1.0, sigma_v;

      if (training)
        {
          double dv = (asinh (sim->wab[i] / (2.0 * sim->q))
                       - asinh (w_start[i] / (2.0 * sim->q))) / k;
          double kh = sim->eta * (s_interval + sim->ab_lambda[i]);

          charge += fabs (p->c_w * dv + sim->i_leak * h_s);
          if (kh > 1e-8)
            relax = -expm1 (-2.0 * kh) / (2.0 * kh);
        }
      sigma_v = sqrt (2.0 * ELEMENTARY_CHARGE_C * charge * relax) / p->c_w;
      sim->wab[i] = cab_limit (sim, cab_shift (sim, sim->wab[i],
                                               sigma_v * gsl_ran_gaussian_ziggurat (sim->noise_rng, 1.0)));
    }
}

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
  double sigma = 0.0;
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

  /* Pelgrom: sigma_VT = A_VT / sqrt(W L); a mirror copy differs by the
   * difference of two devices, hence sqrt 2; a V_T offset scales a
   * subthreshold current by exp(kappa dV / U_T). */
  if (p->mismatch)
    sigma = G_SQRT2 * p->kappa * (p->a_vt / sqrt (p->device_area)) / sim->u_t;
  for (guint j = 0; j < MM_PER_WEIGHT * sim->n; j++)
    {
      /* the error budget applies one group at a time */
      gboolean on = p->mismatch_only == LSG_MISMATCH_ALL
                    || (int) mm_group[j % MM_PER_WEIGHT] == p->mismatch_only;

      sim->k[j] = on ? exp (sigma * sim->z[j]) : 1.0;
    }

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
                                                   sim->eta / 4, EPS_ABS, EPS_REL);
      gsl_odeiv2_driver_set_nmax (sim->driver, sim->max_steps);
    }
  sim->stats.stiff_solver = sim->stiff;
  /* mismatch of the readout copies alone leaves the learning ideal */
  sim->exact_ok = sim->allow_exact && !p->moderate_inversion
                  && (!p->mismatch || p->mismatch_only == LSG_MISMATCH_READOUT);
  if (sim->class_ab)
    sim->exact_ok = sim->exact_ok && sim->i_leak == 0.0;
}

static void
new_epoch_order (LsgSim *sim)
{
  for (guint j = 0; j < sim->n_train; j++)
    sim->order[j] = j;
  if (sim->params->shuffle)
    gsl_ran_shuffle (sim->order_rng, sim->order, sim->n_train, sizeof (guint));
}

LsgSim *
lsg_sim_new (const LsgParams   *params,
             const LsgDataset  *dataset,
             GError           **error)
{
  g_autoptr(LsgSim) sim = NULL;
  g_autoptr(GError) ridge_error = NULL;
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
  sim->w_star = g_new (double, n);
  if (!lsg_r3_ridge (dataset->x, dataset->y, dataset->n_train, n, lsg_params_lambda (p),
                     sim->w_star, &ridge_error))
    g_clear_pointer (&sim->w_star, g_free);

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
    sim->sys = (gsl_odeiv2_system) { cab_rhs, cab_jacobian, n, sim };
  else
    sim->sys = (gsl_odeiv2_system) { rhs, jacobian, n2, sim };
  sim->max_steps = MAX_STEPS_PER_INTERVAL;
  sim->allow_exact = TRUE;
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
      sim->wab[i] = cab_limit (sim, p->w_init);
      sim->w_ref[i] = p->w_init;
    }
  if (p->noise_on)
    {
      /* kT/C noise sampled on each capacitor when it is released. */
      double sigma_v = sqrt (BOLTZMANN_J_PER_K * p->temperature / p->c_w);

      if (sim->class_ab)
        for (guint i = 0; i < n; i++)
          sim->wab[i] = cab_limit (sim, cab_shift (sim, sim->wab[i],
                                                   sigma_v * gsl_ran_gaussian_ziggurat (sim->noise_rng, 1.0)));
      else
        for (guint c = 0; c < n2; c++)
          sim->u[c] = lsg_cell_shift (&sim->law, sim->u[c],
                                      sigma_v * gsl_ran_gaussian_ziggurat (sim->noise_rng, 1.0));
    }
  if (sim->class_ab)
    cab_set_halves (sim, sim->wab);

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

/* The reported weight before the ADC (MODEL.md 3.2), from the two halves
 * in units of I_N. */
static inline double
readout (const LsgSim *sim,
         guint         i,
         double        up,
         double        um)
{
  const double *k = sim->k + MM_PER_WEIGHT * i;

  switch (sim->params->readout)
    {
    case LSG_READOUT_DIFFERENTIAL:
      return k[MM_RD_SHARED] * (up - um);
    case LSG_READOUT_PER_HALF:
      return k[MM_RD_P] * up - k[MM_RD_M] * um;
    case LSG_READOUT_FORWARD:
    default:
      /* a one-hot probe x = e_i, y = 0 through the forward multipliers */
      return k[MM_FW_P] * up - k[MM_FW_M] * um;
    }
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

      row[l->w + i] = lsg_quantize (readout (sim, i, up, um), p->adc_bits, p->adc_range);
      row[l->ref + i] = sim->w_ref[i];
      row[l->i_plus + i] = up * p->i_unit;
      row[l->i_minus + i] = um * p->i_unit;
      sim->cm_max = fmax (sim->cm_max, up + um);
    }
  row[l->loss] = lsg_loss_form_eval (sim->train_form, row + l->w);
  row[l->ref_loss] = lsg_loss_form_eval (sim->train_form, row + l->ref);
  row[l->test_loss] = sim->test_form ? lsg_loss_form_eval (sim->test_form, row + l->w) : NAN;
  row[l->ref_test_loss] = sim->test_form ? lsg_loss_form_eval (sim->test_form, row + l->ref) : NAN;
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

/* Shot noise of the capacitor currents over one step of h_s seconds,
 * applied as one voltage kick per capacitor at the end of the step
 * (Euler-Maruyama on the capacitor voltage, step = the sample interval).
 * Its variance is 2q times the charge that crossed the node, exact along
 * the deterministic path: C dV/dt = I_in - I_out gives
 * int I_in dt = C dV + I_out h_s, so no sub-steps are needed to follow
 * the fast change of I_in = I_eta (I_N g + I_cm) / I inside the interval.
 * Kicks are small (kappa sigma_V / U_T < 1e-2 even at i_init), so the
 * cell law is used to first order in G: dV = (U_T / kappa) dln(I) / G and
 * I -> I exp(G kappa dV / U_T), errors O((kappa dV / U_T)^2 sqrt IC). */
static void
noise_kick (LsgSim       *sim,
            const double *u_start,
            double        h_s,
            gboolean      training)
{
  const LsgParams *p = sim->params;
  double kappa_over_ut = p->kappa / sim->u_t;

  for (guint c = 0; c < 2 * sim->n; c++)
    {
      double i_out = training ? sim->i_eta * sim->d[c] : sim->i_leak;
      double gain = lsg_cell_gain (&sim->law, sim->u[c]);
      double charge_in = 0.0, relax = 1.0, sigma_v;

      if (training)
        {
          double g_mean = 0.5 * (gain + lsg_cell_gain (&sim->law, u_start[c]));
          double dv = log (sim->u[c] / u_start[c]) / (kappa_over_ut * g_mean);
          /* k h = kappa G Q_in / (C U_T): the multiplier-divider output
           * I_in ~ 1/I pulls V back at rate k = kappa G I_in / (C U_T).
           * Over a step the variance of an Ornstein-Uhlenbeck process is
           * the random walk's times (1 - e^{-2kh}) / 2kh: without it a step
           * much longer than 1/k (small C, large I_eta) would kick the
           * cell far beyond the stationary spread q U_T / (kappa C G). */
          double kh;

          charge_in = positive (p->c_w * dv + i_out * h_s);
          kh = kappa_over_ut * gain * charge_in / p->c_w;
          if (kh > 1e-8)
            relax = -expm1 (-2.0 * kh) / (2.0 * kh);
        }
      sigma_v = sqrt (2.0 * ELEMENTARY_CHARGE_C * (charge_in + i_out * h_s) * relax) / p->c_w;
      sim->u[c] *= exp (gain * kappa_over_ut * sigma_v
                        * gsl_ran_gaussian_ziggurat (sim->noise_rng, 1.0));
      if (sim->u[c] < sim->u_floor)
        sim->u[c] = sim->u_floor;
    }
}

/* -expm1(-a t) / a, which tends to t as a -> 0 */
static inline double
phi (double a,
     double t)
{
  return a == 0.0 ? t : -expm1 (-a * t) / a;
}

/* Closed-form interval for a chip of ideal devices apart from leakage,
 * noise and converters: weak inversion (G = 1) and no mismatch, so every
 * cell has a = 1, b = I_cm / I_N and the same d.  Then w = u+ - u- obeys
 * dw/dtheta = e x - d w, the error obeys the scalar
 *   de/dtheta = -(s + d) e + d y,   s = |x|^2,
 * e(theta) = e_inf + (e0 - e_inf) exp(-(s + d) theta), and it changes sign
 * at most once.  Each cell integrates its half of the gradient,
 *   u(eta) = u0 e^{-d eta} + b phi_d(eta) + |x_i| int e^{-d(eta - t)} |e(t)| dt
 * over the part of the interval where the sign of e x_i selects it.
 * Returns FALSE, leaving the state untouched, where the closed form does
 * not hold (the error clips, or a current would fall to the floor). */
static gboolean
advance_exact (LsgSim *sim)
{
  const double *x = sim->xg;     /* = v[2i] = -v[2i+1] without mismatch */
  double eta = sim->eta, d = sim->d[0], b = sim->b[0], y = sim->y;
  double s = 0.0, wx = 0.0, r, e0, e_inf, delta, t_cross = eta;
  double j_first, j_second, decay, drift;
  guint n = sim->n;

  for (guint i = 0; i < n; i++)
    {
      s += x[i] * x[i];
      wx += x[i] * (sim->u[2 * i] - sim->u[2 * i + 1]);
    }
  e0 = y - wx;
  r = s + d;
  e_inf = r > 0 ? d * y / r : e0;
  if (fabs (e0) > sim->params->e_max || fabs (e_inf) > sim->params->e_max)
    return FALSE;
  delta = e0 - e_inf;

  /* the zero crossing, if e0 and e_inf have opposite signs */
  if (e_inf != 0.0 && delta != 0.0 && -e_inf / delta > 0.0 && -e_inf / delta < 1.0)
    t_cross = MIN (log (-delta / e_inf) / r, eta);

  /* J(a, c) = int_a^c e^{-d(eta - t)} e(t) dt
   *         = e_inf e^{-d(eta - c)} phi_d(c - a) + delta e^{-d eta - s a} phi_s(c - a) */
  j_first = e_inf * exp (-d * (eta - t_cross)) * phi (d, t_cross)
            + delta * exp (-d * eta) * phi (s, t_cross);
  j_second = e_inf * phi (d, eta - t_cross)
             + delta * exp (-d * eta - s * t_cross) * phi (s, eta - t_cross);

  decay = exp (-d * eta);
  drift = b * phi (d, eta);
  for (guint i = 0; i < n; i++)
    {
      /* the half whose sign matches e x_i integrates |x_i e| */
      double j_pos = 0.0, j_neg = 0.0;   /* int of e where e > 0, where e < 0 */
      double up, um;

      if (e0 > 0 || (e0 == 0 && e_inf > 0))
        {
          j_pos += j_first;
          j_neg += j_second;
        }
      else
        {
          j_neg += j_first;
          j_pos += j_second;
        }
      /* with no crossing the second part is empty (t_cross = eta) */
      if (x[i] >= 0)
        {
          up = x[i] * j_pos;
          um = -x[i] * j_neg;
        }
      else
        {
          up = x[i] * j_neg;
          um = -x[i] * j_pos;
        }
      up += sim->u[2 * i] * decay + drift;
      um += sim->u[2 * i + 1] * decay + drift;
      if (up < sim->u_floor || um < sim->u_floor)
        return FALSE;
      sim->u_next[2 * i] = up;
      sim->u_next[2 * i + 1] = um;
    }
  memcpy (sim->u, sim->u_next, sizeof (double) * 2 * n);
  sim->stats.exact_intervals++;
  return TRUE;
}

static gboolean
train_interval (LsgSim    *sim,
                GError   **error)
{
  const LsgParams *p = sim->params;
  guint j = sim->order[sim->pos];
  const double *xq = sim->xq + (gsize) j * sim->n;
  double theta = 0.0;
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
      if (p->noise_on)
        memcpy (sim->u_start, sim->wab, sizeof (double) * sim->n);
      if (sim->exact_ok && cab_advance_exact (sim))
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
              sim->wab[i] = cab_limit (sim, sim->wab[i]);
              s_interval += xq[i] * xq[i];
            }
          if (p->noise_on)
            cab_noise_kick (sim, sim->u_start, p->t_sample, s_interval, TRUE);
          cab_set_halves (sim, sim->wab);
        }
    }
  else
    {
      if (p->noise_on)
        memcpy (sim->u_start, sim->u, sizeof (double) * 2 * sim->n);
      if (sim->exact_ok && advance_exact (sim))
        status = GSL_SUCCESS;
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
        noise_kick (sim, sim->u_start, p->t_sample, TRUE);
    }
  if (!check_state (sim, error))
    return FALSE;

  lsg_r2_advance (sim->w_ref, lsg_dataset_row (sim->ds, j), sim->ds->y[j], sim->n,
                  sim->eta, sim->lambda);
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
        sim->wab[i] = cab_limit (sim, cab_shift (sim, sim->u[2 * i] - sim->u[2 * i + 1], dv));
      if (p->noise_on)
        cab_noise_kick (sim, NULL, dt, 0.0, FALSE);
      cab_set_halves (sim, sim->wab);
    }
  else
    {
      for (guint c = 0; c < 2 * sim->n; c++)
        sim->u[c] = fmax (lsg_cell_shift (&sim->law, sim->u[c], dv), sim->u_floor);
      if (p->noise_on)
        noise_kick (sim, NULL, dt, FALSE);
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
  setup_constants (sim);
  return TRUE;
}

typedef struct {
  const LsgSim *sim;
  const double *u;          /* state at the start of the hold */
  guint         i;
  double        w0;
  double        lsb;
  double        dv_per_s;
} RetentionProblem;

static double
held_weight (const RetentionProblem *rp,
             double                  t)
{
  const LsgSim *sim = rp->sim;
  const double *u = rp->u;
  double dv = -rp->dv_per_s * t;
  double up, um;

  if (sim->class_ab)
    cab_halves (sim->q, cab_limit (sim, cab_shift (sim, u[2 * rp->i] - u[2 * rp->i + 1], dv)),
                &up, &um);
  else
    {
      up = fmax (lsg_cell_shift (&sim->law, u[2 * rp->i], dv), sim->u_floor);
      um = fmax (lsg_cell_shift (&sim->law, u[2 * rp->i + 1], dv), sim->u_floor);
    }
  return readout (sim, rp->i, up, um);
}

static double
retention_residual (double  t,
                    void   *data)
{
  const RetentionProblem *rp = data;

  return fabs (held_weight (rp, t) - rp->w0) - rp->lsb;
}

double
lsg_sim_retention (const LsgSim *sim)
{
  const LsgParams *p = sim->params;
  guint bits = p->adc_bits > 0 ? p->adc_bits : 8;
  double best = INFINITY;
  gsl_root_fsolver *solver;

  if (sim->i_leak <= 0.0)
    return INFINITY;

  solver = gsl_root_fsolver_alloc (gsl_root_fsolver_brent);
  for (guint i = 0; i < sim->n; i++)
    {
      RetentionProblem rp = {
        .sim = sim,
        .u = sim->train_done ? sim->u_end_train : sim->u,
        .i = i,
        .lsb = 2.0 * p->adc_range / (double) ((G_GUINT64_CONSTANT (1) << bits) - 1),
        .dv_per_s = sim->i_leak / p->c_w,
      };
      gsl_function f = { retention_residual, &rp };
      /* one e-fold of a weak-inversion current */
      double t_lo = 0.0, t_hi = p->c_w * sim->u_t / (p->kappa * sim->i_leak);
      int status, iter = 0;

      rp.w0 = readout (sim, i, rp.u[2 * i], rp.u[2 * i + 1]);

      /* Never moves a full LSB: the floor is reached first (a class-AB
       * weight leaks towards -w_lim, far beyond any LSB). */
      if (!sim->class_ab && fabs (readout (sim, i, sim->u_floor, sim->u_floor) - rp.w0) < rp.lsb)
        continue;
      while (retention_residual (t_hi, &rp) < 0 && iter++ < 200)
        {
          t_lo = t_hi;
          t_hi *= 2;
        }
      if (retention_residual (t_hi, &rp) < 0 || t_lo >= best)
        continue;
      gsl_root_fsolver_set (solver, &f, t_lo, t_hi);
      do
        {
          status = gsl_root_fsolver_iterate (solver);
          if (status != GSL_SUCCESS)
            break;
          status = gsl_root_test_interval (gsl_root_fsolver_x_lower (solver),
                                           gsl_root_fsolver_x_upper (solver), 0, 1e-9);
        }
      while (status == GSL_CONTINUE && ++iter < 500);
      best = fmin (best, gsl_root_fsolver_root (solver));
    }
  gsl_root_fsolver_free (solver);
  return best;
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

void
lsg_sim_get_mismatch (const LsgSim       *sim,
                      guint               i,
                      LsgMismatchFactors *factors)
{
  g_return_if_fail (i < sim->n);
  memcpy (factors, sim->k + MM_PER_WEIGHT * i, sizeof *factors);
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
