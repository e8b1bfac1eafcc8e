/* lsg-sim-frozen.c: the predictor-corrector interval of non-ideal chips
 * (moderate inversion, mismatch, leakage), for both storages.
 *
 * The cells couple only through the scalar error e.  With every gain
 * frozen over the interval each state z_j (a cell current of the pair, a
 * weight of class AB) obeys a linear equation,
 *
 *   dz_j/dtheta = p_j e [while the sign of e selects it] + q_j - k_j z_j,
 *   e = y - sum_j c_j z_j,
 *
 * and the error the scalar
 *
 *   de/dtheta = -(S + k) e + k y - sum_j c_j q_j + R,
 *   S = sum of c_j p_j over the states the sign of e selects,
 *   k = the mean of k_j,   R = sum_j c_j (k_j - k) z_j,
 *
 * with R, small (mismatch of the lambda currents times the weights),
 * taken at the middle of the interval.  So e relaxes exponentially,
 * changes sign at most once (the rate S changes with the sign, the target
 * does not), and every state has a closed form along it.
 *
 * Predictor: the gains at the start of the interval.  Corrector: the
 * secant gain of every cell over its predicted change, for which the
 * forced part of a cell's path is exact (du / G(u) = forcing dtheta
 * integrates to H(u1) - H(u0)), and R at the predicted middle; repeated
 * until the states settle (two or three times on the paper preset).
 * Where the error would clip, a current would reach the floor or the
 * iteration does not settle the caller falls back on the ODE solver. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-sim-private.h"

/* Corrector passes before the interval goes to the ODE solver. */
#define MAX_CORRECTORS 6
/* The states have settled when a corrector moves none of them by more
 * than this, in units of I_N (plus the same relative to the state): a
 * pass shrinks the change of the next by about the relative change of the
 * gains over the interval (< 1e-2), so the accepted pass is within
 * ~1e-9 of the fixed point; the tests measure the result against a
 * tight-tolerance solve. */
#define SETTLE_ABS 1e-7
#define SETTLE_REL 1e-7
/* Below this the closed form in the interval is inaccurate (rate ~ 0):
 * leave the interval to the ODE solver. */
#define MIN_RATE_ETA 1e-9

/* phi(x, L) = (1 - e^{-x L}) / x (L at x = 0), and e^{-x L} = 1 - x phi. */
static inline double
decay_phi (double  x,
           double  l,
           double *ex)
{
  double y = x * l;

  if (fabs (y) < 1e-2)
    {
      /* truncation y^7 / 40320 < 3e-19 */
      double phi = l * (1.0 - y * (1.0 / 2 - y * (1.0 / 6 - y * (1.0 / 24 - y * (1.0 / 120
                                                   - y * (1.0 / 720 - y / 5040))))));
      *ex = 1.0 - x * phi;
      return phi;
    }
  {
    double em = expm1 (-y);

    *ex = 1.0 + em;
    return -em / x;
  }
}

/* int_0^L e^{-k (L - t)} e^{-r t} dt = (e^{-k L} - e^{-r L}) / (r - k),
 * given ek = e^{-k L} and er = e^{-r L}. */
static inline double
cross_term (double k,
            double r,
            double l,
            double ek,
            double er)
{
  double dx = r - k;
  double unused;

  if (fabs (dx * l) < 1e-2)
    return ek * decay_phi (dx, l, &unused);
  return (ek - er) / dx;
}

/* One segment of the error path, e(t) = A + C e^{-r (t - t0)}. */
typedef struct {
  double a, c, r, len, er;
} Segment;

/* The error path of a pass: its first segment, its sign there and
 * whether it crosses zero. */
typedef struct {
  Segment  first;
  int      sign;
  gboolean crossing;
} Path;

/* int over the segment of e^{-k (end - t)} e(t) dt; ek, phik of len. */
static inline double
segment_integral (const Segment *sg,
                  double         k,
                  double         ek,
                  double         phik)
{
  return sg->a * phik + sg->c * cross_term (k, sg->r, sg->len, ek, sg->er);
}

/* The frozen linear interval (see the top of the file) from z0 to z1.
 * p_pos[j], p_neg[j]: the forcing coefficient of e while e > 0, e < 0
 * (0 where the sign does not select the state).  zm: where R is taken.
 * FALSE where the closed form does not hold. */
static gboolean
frozen_interval (const LsgSim    *sim,
                 guint            m,
                 const double    *z0,
                 const double    *zm,
                 const LsgFrozen *f,
                 double           y,
                 double           z_floor,
                 gboolean         first_order,
                 double          *z1,
                 Path            *path)
{
  const double *restrict c = f->c;
  const double *restrict k = f->k;
  const double *restrict q = f->q;
  const double *restrict p1, *restrict p2;
  double eta = sim->eta, e_max = sim->params->e_max;
  double e0 = y, s_pos = 0.0, s_neg = 0.0, k_bar = 0.0, r_sum = 0.0, b_sum = 0.0, f_drive;
  double e_end;
  int sign0;
  gboolean crossing = FALSE;
  Segment sg1, sg2 = { 0 };

  for (guint j = 0; j < m; j++)
    {
      e0 -= c[j] * z0[j];
      s_pos += c[j] * f->p_pos[j];
      s_neg += c[j] * f->p_neg[j];
      k_bar += k[j];
      b_sum += c[j] * q[j];
    }
  if (!(fabs (e0) <= e_max))
    return FALSE;
  k_bar /= m;
  for (guint j = 0; j < m; j++)
    r_sum += c[j] * (k[j] - k_bar) * zm[j];
  f_drive = k_bar * y - b_sum + r_sum;

  sign0 = e0 > 0 ? 1 : e0 < 0 ? -1 : f_drive >= 0 ? 1 : -1;
  sg1.r = (sign0 > 0 ? s_pos : s_neg) + k_bar;
  if (!(sg1.r * eta >= MIN_RATE_ETA))
    return FALSE;
  sg1.a = f_drive / sg1.r;
  sg1.c = e0 - sg1.a;
  sg1.len = eta;
  if (sign0 * sg1.a < 0)
    {
      /* e0 and the target on either side of zero: e crosses at t_c */
      double t_c = log1p (e0 / -sg1.a) / sg1.r;

      if (t_c < eta)
        {
          crossing = TRUE;
          sg1.len = t_c;
          sg2.r = (sign0 > 0 ? s_neg : s_pos) + k_bar;
          if (!(sg2.r * eta >= MIN_RATE_ETA))
            return FALSE;
          sg2.a = f_drive / sg2.r;
          sg2.c = -sg2.a;
          sg2.len = eta - t_c;
          sg2.er = exp (-sg2.r * sg2.len);
        }
    }
  sg1.er = exp (-sg1.r * sg1.len);
  e_end = crossing ? sg2.a + sg2.c * sg2.er : sg1.a + sg1.c * sg1.er;
  if (!(fabs (e_end) <= e_max))
    return FALSE;
  path->first = sg1;
  path->sign = sign0;
  path->crossing = crossing;
  /* p1: the states forced on the first segment, p2 on the second */
  p1 = sign0 > 0 ? f->p_pos : f->p_neg;
  p2 = sign0 > 0 ? f->p_neg : f->p_pos;

  if (first_order)
    {
      /* the predictor: each state to second order in k eta (the gains
       * it feeds the corrector are off by more), the error path exact */
      double unused, i1, i2 = 0.0;

      i1 = sg1.a * sg1.len + sg1.c * decay_phi (sg1.r, sg1.len, &unused);
      if (crossing)
        i2 = sg2.a * sg2.len + sg2.c * decay_phi (sg2.r, sg2.len, &unused);
      for (guint j = 0; j < m; j++)
        {
          double keta = k[j] * eta, soft = 1.0 - 0.5 * keta;

          /* e^{-y} and phi to second order, the forcing weighted by its
           * mean e^{-k (eta - t)} */
          z1[j] = z0[j] * (1.0 - keta * soft) + q[j] * eta * soft + (p1[j] * i1 + p2[j] * i2) * soft;
        }
      return TRUE;
    }
  if (!crossing)
    {
      for (guint j = 0; j < m; j++)
        {
          double ek, phik = decay_phi (k[j], eta, &ek);
          double z = z0[j] * ek + q[j] * phik;

          /* the unforced path bounds the forced one from below */
          if (z < z_floor)
            return FALSE;
          if (p1[j] != 0.0)
            z += p1[j] * segment_integral (&sg1, k[j], ek, phik);
          z1[j] = z;
        }
      return TRUE;
    }
  for (guint j = 0; j < m; j++)
    {
      double ek, phik = decay_phi (k[j], eta, &ek);
      double z = z0[j] * ek + q[j] * phik;

      if (z < z_floor)
        return FALSE;
      if (p1[j] != 0.0 || p2[j] != 0.0)
        {
          double ek1, phik1 = decay_phi (k[j], sg1.len, &ek1);
          double ek2, phik2 = decay_phi (k[j], sg2.len, &ek2);

          /* the first segment decays over the second on its way to eta */
          if (p1[j] != 0.0)
            z += p1[j] * ek2 * segment_integral (&sg1, k[j], ek1, phik1);
          if (p2[j] != 0.0)
            z += p2[j] * segment_integral (&sg2, k[j], ek2, phik2);
        }
      z1[j] = z;
    }
  return TRUE;
}

/* Where in the interval a pass's frozen coefficients should stand.  Along
 * the path every forced state moves with the same shape rho(t) =
 * int_0^t e / int_0^eta e (no crossing).  The residual R enters de/dtheta
 * as a forcing, so the states feel it weighted by phi(r, eta - t): R is
 * taken at z0 + w_r (z1 - z0).  What the frozen gains get wrong is the
 * bulge of each state's path over its chord, b rho (1 - rho), which
 * enters e directly and reaches the states weighted by e^{-r (eta - t)}:
 * its mean is w_d times b.  Both by 4-point Gauss-Legendre on the path
 * of the last pass (the nodes are symmetric, so e^{-r (eta - t_j)} is
 * e^{-r t_(3-j)}). */
static void
path_weights (const Path *path,
              double     *w_r,
              double     *w_d)
{
  static const double gl_x[4] = { 0.0694318442029737, 0.3300094782075719,
                                  0.6699905217924281, 0.9305681557970263 };
  static const double gl_w[4] = { 0.1739274225687269, 0.3260725774312731,
                                  0.3260725774312731, 0.1739274225687269 };
  const Segment *sg = &path->first;
  double t = sg->len, e_t, phi_t = decay_phi (sg->r, t, &e_t), total = sg->a * t + sg->c * phi_t;
  double phis[4], ex[4], num_r = 0.0, den_r = 0.0, num_d = 0.0, den_d = 0.0;

  *w_r = 0.5;
  *w_d = 0.0;
  if (path->crossing || total == 0.0)
    return;
  for (guint j = 0; j < 4; j++)
    phis[j] = decay_phi (sg->r, gl_x[j] * t, &ex[j]);
  for (guint j = 0; j < 4; j++)
    {
      double rho = (sg->a * gl_x[j] * t + sg->c * phis[j]) / total;

      num_r += gl_w[j] * rho * phis[3 - j];
      den_r += gl_w[j] * phis[3 - j];
      num_d += gl_w[j] * rho * (1.0 - rho) * ex[3 - j];
      den_d += gl_w[j] * ex[3 - j];
    }
  if (den_r > 0.0)
    *w_r = num_r / den_r;
  if (den_d > 0.0)
    *w_d = num_d / den_d;
}

/* (U_T / kappa)-free slope of the gain, (dG/du) / G, at q = sqrt(IC)
 * (u = i_spec q^2, in units of I_N). */
static inline double
gain_log_slope (double q,
                double i_spec)
{
  double dg_dq = q < 0.05 ? -0.5 + q * (1.0 / 3 - q / 8) : (exp (-q) * (1.0 + q) - 1.0) / (q * q);

  return dg_dq / (2.0 * i_spec * q * lsg_ekv_gain (q));
}

/* 1 / (the secant gain of a cell from q0 to q1, q = sqrt(IC)): the
 * harmonic mean of G along the path, int_{u0}^{u1} du / G / (u1 - u0) in
 * u = i_spec q^2.  Below q = 0.05 from the series of q / (1 - e^{-q})
 * (1 + q/2 + q^2/12 - q^4/720 + q^6/30240, truncation < 1e-16), divided
 * out by (q1^2 - q0^2) so nothing cancels; above by two-point
 * Gauss-Legendre in q (error ~ (dq)^4 / 4320). */
static inline double
secant_inv_gain (double q0,
                 double q1)
{
  if (q0 < 0.05 && q1 < 0.05)
    {
      double a = q0 * q0, b = q1 * q1;

      return 1.0 + (b + q0 * q1 + a) / (3.0 * (q0 + q1)) + (a + b) / 24.0
             - (a * a + a * b + b * b) / 2160.0 + (a + b) * (a * a + b * b) / 120960.0;
    }
  {
    double mid = 0.5 * (q0 + q1), half = 0.5 * (q1 - q0) / 1.7320508075688772;
    double qa = mid - half, qb = mid + half;

    if (q0 + q1 <= 0.0)
      return 1.0;
    return (qa / lsg_ekv_gain (qa) + qb / lsg_ekv_gain (qb)) / (q0 + q1);
  }
}

/* The coefficients of the pair's states at cell gains g[]: g+ = e x_i
 * feeds the + half while e x_i > 0, g- = -e x_i the - half. */
static void
pair_coefficients (LsgSim       *sim,
                   const double *g)
{
  LsgFrozen *f = &sim->frozen;

  for (guint i = 0; i < sim->n; i++)
    {
      guint pc = 2 * i, mc = 2 * i + 1;
      double x = sim->xg[i];
      double fp = g[pc] * sim->a[pc] * x, fm = -g[mc] * sim->a[mc] * x;

      f->p_pos[pc] = x > 0 ? fp : 0.0;
      f->p_neg[pc] = x < 0 ? fp : 0.0;
      f->p_pos[mc] = x < 0 ? fm : 0.0;
      f->p_neg[mc] = x > 0 ? fm : 0.0;
      f->k[pc] = g[pc] * sim->d[pc];
      f->k[mc] = g[mc] * sim->d[mc];
      f->q[pc] = g[pc] * sim->b[pc];
      f->q[mc] = g[mc] * sim->b[mc];
    }
}

static gboolean
settled (const double *z_old,
         const double *z_new,
         guint         m)
{
  /* written so that a state that is not a number never settles */
  for (guint j = 0; j < m; j++)
    if (!(fabs (z_new[j] - z_old[j]) <= SETTLE_ABS + SETTLE_REL * fabs (z_new[j])))
      return FALSE;
  return TRUE;
}

gboolean
_lsg_sim_pair_advance_pc (LsgSim *sim)
{
  LsgFrozen *f = &sim->frozen;
  guint n2 = 2 * sim->n;
  gboolean ekv = sim->law.ekv;
  double *z_pred = f->z_pred, *z_corr = f->z_corr, *zm = f->zm, *g = f->g, *q0 = f->q0;
  double inv_i_spec = sim->inv_i_spec, i_spec = sim->law.i_spec, w_r, w_d;
  Path path;

  for (guint c = 0; c < n2; c++)
    {
      f->c[c] = sim->v[c];
      q0[c] = ekv ? sqrt (positive (sim->u[c]) * inv_i_spec) : 0.0;
      g[c] = ekv ? lsg_ekv_gain (q0[c]) : 1.0;
    }
  /* predictor: the gains and R at the start */
  pair_coefficients (sim, g);
  if (!frozen_interval (sim, n2, sim->u, sim->u, f, sim->y, sim->u_floor, TRUE, z_pred, &path))
    return FALSE;

  /* the path's shape changes little between passes: weigh it once */
  path_weights (&path, &w_r, &w_d);
  for (guint it = 0; it < MAX_CORRECTORS; it++)
    {
      double bulge = 0.0;

      for (guint c = 0; c < n2; c++)
        {
          zm[c] = sim->u[c] + w_r * (z_pred[c] - sim->u[c]);
          if (ekv)
            {
              double q1 = sqrt (positive (z_pred[c]) * inv_i_spec);
              double inv_gain, slope;

              if (q0[c] < 0.05 && q1 < 0.05)
                {
                  /* secant_inv_gain and gain_log_slope with one division:
                   * 1 / (2 q_mid) = 1 / (q0 + q1), 1 / G(q_mid) ~ inv_gain */
                  double a = q0[c] * q0[c], b = q1 * q1, qm = 0.5 * (q0[c] + q1);
                  double inv_qs = 1.0 / (q0[c] + q1);

                  inv_gain = 1.0 + (b + q0[c] * q1 + a) * inv_qs * (1.0 / 3) + (a + b) * (1.0 / 24)
                             - (a * a + a * b + b * b) * (1.0 / 2160)
                             + (a + b) * (a * a + b * b) * (1.0 / 120960);
                  slope = (-0.5 + qm * (1.0 / 3 - qm * (1.0 / 8))) * inv_qs * inv_i_spec * inv_gain;
                }
              else
                {
                  inv_gain = secant_inv_gain (q0[c], q1);
                  slope = gain_log_slope (0.5 * (q0[c] + q1), i_spec);
                }
              g[c] = 1.0 / inv_gain;
              /* the forced path over its chord at rho = 1/2, times 4:
               * -(1/2) (G' / G) du^2 */
              if (w_d > 0.0 && (path.sign > 0 ? f->p_pos[c] : f->p_neg[c]) != 0.0)
                {
                  double du = z_pred[c] - sim->u[c];

                  bulge -= 0.5 * f->c[c] * slope * du * du;
                }
            }
        }
      pair_coefficients (sim, g);
      if (!frozen_interval (sim, n2, sim->u, zm, f, sim->y - w_d * bulge, sim->u_floor, FALSE,
                            z_corr, &path))
        return FALSE;
      sim->stats.pc_correctors++;
      if (settled (z_pred, z_corr, n2))
        {
          memcpy (sim->u, z_corr, sizeof (double) * n2);
          sim->stats.pc_intervals++;
          return TRUE;
        }
      memcpy (z_pred, z_corr, sizeof (double) * n2);
    }
  return FALSE;
}

/* Class AB: the loop gain L of a weight. */
static inline double
cab_loop_gain (const LsgSim *sim,
               double        w)
{
  double up, um;

  if (!sim->law.ekv)
    return 1.0;
  _lsg_sim_cab_halves (sim->q, w, &up, &um);
  return (lsg_ekv_gain (sqrt (up * sim->inv_i_spec)) * up
          + lsg_ekv_gain (sqrt (um * sim->inv_i_spec)) * um) / (up + um);
}

/* The coefficients of the class-AB weights over a step from w0 towards
 * w1, and the target the forward path sees: the forward current of a
 * weight is alpha w + beta S(w) (alpha, beta from the forward gains of
 * its halves), S taken on its secant from w0 to w1, so the error is
 * exact at both ends; the leakage term -L d_leak S on the same secant.
 * Returns y minus the secants' offsets. */
static double
cab_coefficients (LsgSim       *sim,
                  const double *w0,
                  const double *w1,
                  const double *loop,
                  const double *loop0,
                  double        w_d)
{
  LsgFrozen *f = &sim->frozen;
  double y = sim->y, q2 = 4.0 * sim->q * sim->q, bulge = 0.0;

  for (guint i = 0; i < sim->n; i++)
    {
      double alpha = 0.5 * (sim->v[2 * i] - sim->v[2 * i + 1]);
      double beta = 0.5 * (sim->v[2 * i] + sim->v[2 * i + 1]);
      double s0 = sqrt (w0[i] * w0[i] + q2), s1 = sqrt (w1[i] * w1[i] + q2);
      double slope = (w0[i] + w1[i]) / (s0 + s1);    /* (S1 - S0) / (w1 - w0) */
      double offset = s0 - slope * w0[i];            /* S ~ offset + slope w */

      f->c[i] = alpha + beta * slope;
      y -= beta * offset;
      if (w_d > 0.0 && beta != 0.0)
        {
          /* S below its chord at the middle, times 4 */
          double wm = 0.5 * (w0[i] + w1[i]);

          bulge += 4.0 * beta * (sqrt (wm * wm + q2) - 0.5 * (s0 + s1));
        }
      if (w_d > 0.0 && loop[i] != loop0[i])
        {
          /* the weight's own path over its chord, as the pair's cells:
           * -(1/2) (L' / L) dw^2, L' from L at the start and the middle */
          double dw = w1[i] - w0[i];

          bulge -= f->c[i] * (loop[i] - loop0[i]) * dw / loop[i];
        }
      f->p_pos[i] = f->p_neg[i] = loop[i] * sim->ab_gain[i] * sim->xg[i];
      f->k[i] = loop[i] * (sim->ab_gain[i] * sim->ab_lambda[i] + sim->d_leak * slope);
      f->q[i] = -loop[i] * sim->d_leak * offset;
    }
  return y - w_d * bulge;
}

gboolean
_lsg_sim_cab_advance_pc (LsgSim *sim)
{
  LsgFrozen *f = &sim->frozen;
  guint n = sim->n;
  double *w = sim->wab, *z_pred = f->z_pred, *z_corr = f->z_corr, *zm = f->zm, *g = f->g;
  double *g0 = f->q0;
  double y, w_r, w_d;
  Path path;

  for (guint i = 0; i < n; i++)
    g0[i] = g[i] = cab_loop_gain (sim, w[i]);
  y = cab_coefficients (sim, w, w, g, g0, 0.0);
  if (!frozen_interval (sim, n, w, w, f, y, -INFINITY, TRUE, z_pred, &path))
    return FALSE;

  path_weights (&path, &w_r, &w_d);
  for (guint it = 0; it < MAX_CORRECTORS; it++)
    {
      for (guint i = 0; i < n; i++)
        {
          if (!(fabs (z_pred[i]) <= sim->w_lim))
            return FALSE;
          zm[i] = w[i] + w_r * (z_pred[i] - w[i]);
          g[i] = cab_loop_gain (sim, 0.5 * (w[i] + z_pred[i]));
        }
      y = cab_coefficients (sim, w, z_pred, g, g0, w_d);
      if (!frozen_interval (sim, n, w, zm, f, y, -INFINITY, FALSE, z_corr, &path))
        return FALSE;
      sim->stats.pc_correctors++;
      if (settled (z_pred, z_corr, n))
        {
          for (guint i = 0; i < n; i++)
            if (!(fabs (z_corr[i]) <= sim->w_lim))
              return FALSE;
          memcpy (w, z_corr, sizeof (double) * n);
          sim->stats.pc_intervals++;
          return TRUE;
        }
      memcpy (z_pred, z_corr, sizeof (double) * n);
    }
  return FALSE;
}
