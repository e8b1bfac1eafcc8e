/* lsg-sim-readout.c: what the chip reports and how it differs from its
 * drawing: the mismatch factors of every weight (MODEL.md 4), the readout
 * of a weight (MODEL.md 3.2) and its retention on hold. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "lsg-sim-private.h"

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

/* Every mismatch factor of the chip from its standard normal draws z
 * (fixed by mc_seed) and the circuit values. */
void
_lsg_sim_set_mismatch_factors (LsgSim *sim)
{
  const LsgParams *p = sim->params;
  double sigma = 0.0;

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
}

/* The reported weight before the ADC (MODEL.md 3.2), from the two halves
 * in units of I_N. */
double
_lsg_sim_readout (const LsgSim *sim,
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
    _lsg_sim_cab_halves (sim->q,
                         _lsg_sim_cab_limit (sim, _lsg_sim_cab_shift (sim, u[2 * rp->i] - u[2 * rp->i + 1], dv)),
                         &up, &um);
  else
    {
      up = fmax (lsg_cell_shift (&sim->law, u[2 * rp->i], dv), sim->u_floor);
      um = fmax (lsg_cell_shift (&sim->law, u[2 * rp->i + 1], dv), sim->u_floor);
    }
  return _lsg_sim_readout (sim, rp->i, up, um);
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

      rp.w0 = _lsg_sim_readout (sim, i, rp.u[2 * i], rp.u[2 * i + 1]);

      /* Never moves a full LSB: the floor is reached first (a class-AB
       * weight leaks towards -w_lim, far beyond any LSB). */
      if (!sim->class_ab && fabs (_lsg_sim_readout (sim, i, sim->u_floor, sim->u_floor) - rp.w0) < rp.lsb)
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
lsg_sim_get_mismatch (const LsgSim       *sim,
                      guint               i,
                      LsgMismatchFactors *factors)
{
  g_return_if_fail (i < sim->n);
  memcpy (factors, sim->k + MM_PER_WEIGHT * i, sizeof *factors);
}
