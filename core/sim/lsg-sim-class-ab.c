/* lsg-sim-class-ab.c: class-AB storage (MODEL.md 3.1), one capacitor
 * per weight with its halves tied by I+ I- = I_Q^2: the right-hand side
 * over the weights and its Jacobian, the weight after a voltage step,
 * the closed-form interval of ideal devices, shot noise. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "lsg-sim-private.h"

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

void
_lsg_sim_cab_set_halves (LsgSim       *sim,
                         const double *w)
{
  for (guint i = 0; i < sim->n; i++)
    _lsg_sim_cab_halves (sim->q, w[i], &sim->u[2 * i], &sim->u[2 * i + 1]);
}

int
_lsg_sim_cab_rhs (double        theta,
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

      _lsg_sim_cab_halves (sim->q, w[i], &up, &um);
      yhat += v[2 * i] * up + v[2 * i + 1] * um;
    }
  e = clip (sim->y - yhat, sim->params->e_max);

  for (guint i = 0; i < n; i++)
    {
      double up, um, drive;

      _lsg_sim_cab_halves (sim->q, w[i], &up, &um);
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
int
_lsg_sim_cab_jacobian (double        theta,
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

      _lsg_sim_cab_halves (sim->q, w[j], &up, &um);
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

      _lsg_sim_cab_halves (sim->q, w[i], &up, &um);
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

/* e^d - 1 for |d| < 1e-2 (truncation d^7 / 5040 < 2e-18 relative). */
static inline double
expm1_small (double d)
{
  return d * (1.0 + d * (1.0 / 2 + d * (1.0 / 6 + d * (1.0 / 24 + d * (1.0 / 120 + d / 720)))));
}

/* The loop gain with the halves at u+- e^{+-d}, from their sqrt(IC) sp, sm
 * at d = 0 (IC scales as u, so sqrt(IC) as e^{+-d/2}). */
static inline double
loop_at_shift (double up,
               double um,
               double sp,
               double sm,
               double d)
{
  double hp = 1.0 + expm1_small (0.5 * d), hm = 1.0 + expm1_small (-0.5 * d);
  double ep = hp * hp, em = hm * hm;

  return (lsg_ekv_gain (sp * hp) * up * ep + lsg_ekv_gain (sm * hm) * um * em)
         / (up * ep + um * em);
}

/* The RK4 step below for a shift |h| < 1e-2 (every noise kick) without
 * sinh or square roots at the stages: in x = asinh(w / 2q) the halves are
 * q e^{+-x}, so a stage at x + d has them at u+- e^{+-d}.  up, um: the
 * halves of w. */
static double
cab_shift_small (const LsgSim *sim,
                 double        w,
                 double        up,
                 double        um,
                 double        h)
{
  double sp, sm, k1, k2, k3, k4, dx;

  sp = sqrt (up * sim->inv_i_spec);
  sm = sqrt (um * sim->inv_i_spec);
  k1 = loop_at_shift (up, um, sp, sm, 0.0);
  k2 = loop_at_shift (up, um, sp, sm, 0.5 * h * k1);
  k3 = loop_at_shift (up, um, sp, sm, 0.5 * h * k2);
  k4 = loop_at_shift (up, um, sp, sm, h * k3);
  dx = h * (k1 + 2 * k2 + 2 * k3 + k4) / 6.0;
  /* 2q sinh(x + dx) = u+ e^{dx} - u- e^{-dx}, from w without cancelling */
  return w + up * expm1_small (dx) - um * expm1_small (-dx);
}

/* The weight after its capacitor voltage moves by dv.  In weak inversion
 * w = 2 q sinh(kappa V / U_T) exactly; with moderate inversion
 * dw/dV = (kappa / U_T) (G+ u+ + G- u-), integrated by RK4 in
 * x = asinh(w / 2q), where dx/dV = (kappa / U_T) L is smooth and bounded. */
double
_lsg_sim_cab_shift (const LsgSim *sim,
                    double        w,
                    double        dv)
{
  double k = sim->params->kappa / sim->u_t;
  double x = asinh (w / (2.0 * sim->q));
  guint steps;
  double h;

  if (!sim->law.ekv)
    return 2.0 * sim->q * sinh (x + k * dv);
  if (fabs (k * dv) < 1e-2)
    {
      double up, um;

      _lsg_sim_cab_halves (sim->q, w, &up, &um);
      return cab_shift_small (sim, w, up, um, k * dv);
    }
  steps = (guint) CLAMP (ceil (fabs (k * dv) / 0.25), 1, 4000);
  h = k * dv / steps;
  for (guint j = 0; j < steps; j++)
    {
      double k1, k2, k3, k4, up, um;

#define LOOP_AT(xx) (_lsg_sim_cab_halves (sim->q, 2.0 * sim->q * sinh (xx), &up, &um), \
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

/* Ideal class-AB devices (weak inversion, no mismatch that acts on the
 * learning, no leakage) integrate exactly R2's equation: its closed form,
 * unless the error clips (e moves monotonically within an interval, so
 * checking both ends suffices) or a half reaches the floor. */
gboolean
_lsg_sim_cab_advance_exact (LsgSim *sim)
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
void
_lsg_sim_cab_noise_kick (LsgSim       *sim,
                         double        h_s,
                         double        s_interval,
                         gboolean      training)
{
  const LsgParams *p = sim->params;
  double k = p->kappa / sim->u_t;

  for (guint i = 0; i < sim->n; i++)
    {
      double charge = sim->i_leak * h_s, relax = 1.0, sigma_v, kick_v, up, um;

      _lsg_sim_cab_halves (sim->q, sim->wab[i], &up, &um);
      if (training)
        {
          /* asinh(w / 2q) = ln(u+ / q): the voltage step from the + half,
           * whose halves at the start u still holds */
          double dv = _lsg_sim_log1p_small ((up - sim->u[2 * i]) / sim->u[2 * i]) / k;
          double kh = sim->eta * (s_interval + sim->ab_lambda[i]);

          charge += fabs (p->c_w * dv + sim->i_leak * h_s);
          if (kh > 1e-8)
            relax = _lsg_sim_relax_factor (2.0 * kh);
        }
      sigma_v = sqrt (2.0 * ELEMENTARY_CHARGE_C * charge * relax) / p->c_w;
      kick_v = sigma_v * gsl_ran_gaussian_ziggurat (sim->noise_rng, 1.0);
      sim->wab[i] = _lsg_sim_cab_limit (sim, sim->law.ekv && fabs (k * kick_v) < 1e-2
                                               ? cab_shift_small (sim, sim->wab[i], up, um, k * kick_v)
                                               : _lsg_sim_cab_shift (sim, sim->wab[i], kick_v));
    }
}
