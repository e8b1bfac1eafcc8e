/* lsg-sim-pair.c: the pair storage, two capacitors per weight: the
 * right-hand side over the 2n cell currents and its Jacobian, shot noise,
 * and the closed-form interval of ideal devices. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "lsg-sim-private.h"

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
int
_lsg_sim_pair_rhs (double        theta,
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

int
_lsg_sim_pair_jacobian (double        theta,
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

/* Shot noise of the capacitor currents over one step of h_s seconds
 * (q_start: sqrt(IC) of every cell at the start, where the caller has it,
 * else NULL),
 * applied as one voltage kick per capacitor at the end of the step
 * (Euler-Maruyama on the capacitor voltage, step = the sample interval).
 * Its variance is 2q times the charge that crossed the node, exact along
 * the deterministic path: C dV/dt = I_in - I_out gives
 * int I_in dt = C dV + I_out h_s, so no sub-steps are needed to follow
 * the fast change of I_in = I_eta (I_N g + I_cm) / I inside the interval.
 * Kicks are small (kappa sigma_V / U_T < 1e-2 even at i_init), so the
 * cell law is used to first order in G: dV = (U_T / kappa) dln(I) / G and
 * I -> I exp(G kappa dV / U_T), errors O((kappa dV / U_T)^2 sqrt IC). */



void
_lsg_sim_pair_noise_kick (LsgSim       *sim,
                          const double *u_start,
                          const double *q_start,
                          double        h_s,
                          gboolean      training)
{
  const LsgParams *p = sim->params;
  double kappa_over_ut = p->kappa / sim->u_t;
  /* voltages: charge / C_w; variance of a kick 2 q_e Q / C^2 */
  double h_over_c = h_s / p->c_w, var_per_v = 2.0 * ELEMENTARY_CHARGE_C / p->c_w;
  double inv_i_spec = sim->inv_i_spec;
  gboolean ekv = sim->law.ekv;

  for (guint c = 0; c < 2 * sim->n; c++)
    {
      double i_out = training ? sim->i_eta * sim->d[c] : sim->i_leak;
      double gain = ekv ? lsg_ekv_gain (sqrt (positive (sim->u[c]) * inv_i_spec)) : 1.0;
      double v_in = 0.0, relax = 1.0, kick;

      if (training)
        {
          double q0 = q_start != NULL ? q_start[c] : sqrt (positive (u_start[c]) * inv_i_spec);
          double gain_start = ekv ? lsg_ekv_gain (q0) : 1.0;
          double dv = 2.0 * _lsg_sim_log1p_small ((sim->u[c] - u_start[c]) / u_start[c])
                      / (kappa_over_ut * (gain + gain_start));
          /* k h = kappa G Q_in / (C U_T): the multiplier-divider output
           * I_in ~ 1/I pulls V back at rate k = kappa G I_in / (C U_T).
           * Over a step the variance of an Ornstein-Uhlenbeck process is
           * the random walk's times (1 - e^{-2kh}) / 2kh: without it a step
           * much longer than 1/k (small C, large I_eta) would kick the
           * cell far beyond the stationary spread q U_T / (kappa C G). */
          double kh;

          v_in = positive (dv + i_out * h_over_c);
          kh = kappa_over_ut * gain * v_in;
          if (kh > 1e-8)
            relax = _lsg_sim_relax_factor (2.0 * kh);
        }
      kick = sqrt (var_per_v * (v_in + i_out * h_over_c) * relax);
      sim->u[c] *= _lsg_sim_exp_small (gain * kappa_over_ut * kick
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
gboolean
_lsg_sim_pair_advance_exact (LsgSim *sim)
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
