/* lsg-sim-private.h: what the files of the simulator share: the chip's
 * state and circuit constants (struct _LsgSim), the mismatch draws per
 * weight, and the entry points of each storage (the pair of lsg-sim-pair.c,
 * the class-AB weight of lsg-sim-class-ab.c) and of the readout
 * (lsg-sim-readout.c).  lsg-sim.c owns the run: setup, intervals, rows. */
#pragma once

#include <math.h>

#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_rng.h>

#include "lsg-device.h"
#include "lsg-reference.h"
#include "lsg-sim.h"

G_BEGIN_DECLS

#define BOLTZMANN_J_PER_K 1.380649e-23
#define ELEMENTARY_CHARGE_C 1.602176634e-19

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

/* Scratch of the predictor-corrector interval (lsg-sim-frozen.c): the
 * frozen coefficients of every state (2n cells of the pair, n weights of
 * class AB), the gains, and three states. */
typedef struct {
  double      *c, *k, *q;      /* e = y - sum c z; dz = p e + q - k z */
  double      *p_pos, *p_neg;  /* p while e > 0, while e < 0 (0: not forced) */
  double      *g, *q0;         /* gain of each state, sqrt(IC) at the start */
  double      *z_pred, *z_corr, *zm;
} LsgFrozen;

/* The loss of a row's weights from the last row's (lsg-sim-loss.c). */
#define LOSS_TRACK_MIN_N 32

typedef struct {
  const LsgLossForm *form;
  double            *w;      /* weights of the last evaluation; NULL: direct */
  double            *h;      /* gram times w */
  guint              age;    /* updates since the last full product */
  gboolean           valid;
} LsgLossTrack;

void    _lsg_sim_loss_track_init  (LsgLossTrack      *track,
                                   const LsgLossForm *form);
void    _lsg_sim_loss_track_clear (LsgLossTrack      *track);
double  _lsg_sim_loss_track_eval  (LsgLossTrack      *track,
                                   const double      *w);
/* R2 moved the weights to w_new = decay w + c x, G x = gx. */
void    _lsg_sim_loss_track_shift (LsgLossTrack      *track,
                                   const double      *w_new,
                                   double             decay,
                                   double             c,
                                   const double      *gx);

struct _LsgSim {
  LsgParams        *params;
  const LsgDataset *ds;
  guint             n;          /* weights */
  guint             n_train;
  gboolean          continuous;

  LsgTrajectory    *traj;
  LsgLossForm      *train_form;
  LsgLossForm      *test_form;  /* NULL without a test split */
  LsgLossTrack      loss_w, loss_ref, test_loss_w, test_loss_ref;
  double           *gram_x;     /* gram times every raw training row, or NULL */
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
  LsgFrozen         frozen;
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
  double             eps_abs, eps_rel;   /* the ODE solver's tolerances */
  gboolean           pc_ok;             /* the predictor-corrector applies */
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

/* Series for the small arguments of the noise kicks (relative truncation
 * < 2e-13), libm above.  e^x below |x| = 1e-2: */
static inline double
_lsg_sim_exp_small (double x)
{
  if (fabs (x) < 1e-2)
    return 1.0 + x * (1.0 + x * (1.0 / 2 + x * (1.0 / 6 + x * (1.0 / 24 + x / 120))));
  return exp (x);
}

/* ln(1 + x) below |x| = 1e-2: */
static inline double
_lsg_sim_log1p_small (double x)
{
  if (fabs (x) < 1e-2)
    return x * (1.0 - x * (1.0 / 2 - x * (1.0 / 3 - x * (1.0 / 4 - x * (1.0 / 5
                - x * (1.0 / 6 - x / 7))))));
  return log1p (x);
}

/* (1 - e^{-x}) / x, the Ornstein-Uhlenbeck factor, below x = 0.05: */
static inline double
_lsg_sim_relax_factor (double x)
{
  if (x < 0.05)
    return 1.0 - x * (1.0 / 2 - x * (1.0 / 6 - x * (1.0 / 24 - x * (1.0 / 120 - x * (1.0 / 720 - x / 5040)))));
  return -expm1 (-x) / x;
}

/* The two halves of a class-AB weight: the larger from the sum, the
 * smaller as q^2 over it (no cancellation when |w| >> q). */
static inline void
_lsg_sim_cab_halves (double  q,
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

static inline double
_lsg_sim_cab_limit (const LsgSim *sim,
                    double        w)
{
  return CLAMP (w, -sim->w_lim, sim->w_lim);
}

/* The pair (lsg-sim-pair.c): the solver's system over the 2n cell
 * currents, the closed-form interval of ideal devices, shot noise. */
int       _lsg_sim_pair_rhs            (double        theta,
                                        const double  u_in[],
                                        double        du_out[],
                                        void         *data);
int       _lsg_sim_pair_jacobian       (double        theta,
                                        const double  u[],
                                        double       *dfdy,
                                        double        dfdt[],
                                        void         *data);
gboolean  _lsg_sim_pair_advance_exact  (LsgSim       *sim);
void      _lsg_sim_pair_noise_kick     (LsgSim       *sim,
                                        const double *u_start,
                                        const double *q_start,
                                        double        h_s,
                                        gboolean      training);

/* The predictor-corrector interval of non-ideal chips (lsg-sim-frozen.c);
 * FALSE, the state untouched, where the ODE solver must take it. */
gboolean  _lsg_sim_pair_advance_pc     (LsgSim       *sim);
gboolean  _lsg_sim_cab_advance_pc      (LsgSim       *sim);

/* Class-AB storage (lsg-sim-class-ab.c): the solver's system over the n
 * weights, the halves from the weights, a capacitor voltage step, the
 * closed-form interval, shot noise. */
int       _lsg_sim_cab_rhs             (double        theta,
                                        const double  w_in[],
                                        double        dw_out[],
                                        void         *data);
int       _lsg_sim_cab_jacobian        (double        theta,
                                        const double  w[],
                                        double       *dfdy,
                                        double        dfdt[],
                                        void         *data);
void      _lsg_sim_cab_set_halves      (LsgSim       *sim,
                                        const double *w);
double    _lsg_sim_cab_shift           (const LsgSim *sim,
                                        double        w,
                                        double        dv);
gboolean  _lsg_sim_cab_advance_exact   (LsgSim       *sim);
/* (the halves at the start of the step still in sim->u) */
void      _lsg_sim_cab_noise_kick      (LsgSim       *sim,
                                        double        h_s,
                                        double        s_interval,
                                        gboolean      training);

/* Readout and mismatch (lsg-sim-readout.c). */
void      _lsg_sim_set_mismatch_factors (LsgSim      *sim);
double    _lsg_sim_readout             (const LsgSim *sim,
                                        guint         i,
                                        double        up,
                                        double        um);

G_END_DECLS
