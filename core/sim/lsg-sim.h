/* lsg-sim.h: one simulated chip training on a data set (MODEL.md sections
 * 3 and 4), with the R2 reference run beside it.
 *
 * Live-run interface: lsg_sim_step() advances a bounded number of sample
 * intervals, so a worker thread can run a design point in slices, check a
 * GCancellable between them and let the main thread read the rows already
 * published in the trajectory.  lsg_sim_retune() changes the bias currents
 * or the temperature of the running chip without touching its state: the
 * next interval continues from the current weights, as on a bench. */
#pragma once

#include <gio/gio.h>

#include "lsg-dataset.h"
#include "lsg-params.h"
#include "lsg-trajectory.h"

G_BEGIN_DECLS

#define LSG_SIM_ERROR (lsg_sim_error_quark ())

typedef enum {
  LSG_SIM_ERROR_NUMERIC,    /* linear algebra failed (singular ridge system) */
  LSG_SIM_ERROR_DIVERGED,   /* state not finite or beyond any physical value */
  LSG_SIM_ERROR_SOLVER,     /* the ODE solver failed or needed too many steps */
  LSG_SIM_ERROR_FULL,       /* the trajectory cannot hold more rows */
  LSG_SIM_ERROR_RETUNE,     /* a retune changed what needs a new run */
} LsgSimError;

GQuark lsg_sim_error_quark (void);

typedef struct _LsgSim LsgSim;

/* Progress: rows done of rows planned (continuous mode: planned = done). */
typedef void (*LsgProgressFunc) (guint    rows_done,
                                 guint    rows_planned,
                                 gpointer user_data);

/* dataset is borrowed and must outlive the simulation. */
LsgSim        *lsg_sim_new                (const LsgParams   *params,
                                           const LsgDataset  *dataset,
                                           GError           **error);
void           lsg_sim_free               (LsgSim            *sim);

const LsgParams  *lsg_sim_get_params      (const LsgSim      *sim);
const LsgDataset *lsg_sim_get_dataset     (const LsgSim      *sim);
/* Borrowed; take a reference to keep it beyond the simulation. */
LsgTrajectory *lsg_sim_get_trajectory     (const LsgSim      *sim);
guint          lsg_sim_get_n_weights      (const LsgSim      *sim);
/* Goes on in a fresh, empty trajectory; the old one stays valid for whoever
 * holds a reference.  A live chip keeps a bounded history this way. */
void           lsg_sim_new_segment        (LsgSim            *sim);
/* Training rows (epochs x training samples) and hold rows planned. */
guint64        lsg_sim_get_n_train_rows   (const LsgSim      *sim);
guint          lsg_sim_get_n_hold_rows    (const LsgSim      *sim);
gboolean       lsg_sim_is_done            (const LsgSim      *sim);
/* The ridge optimum w* (R3) on the training rows, or NULL if undefined. */
const double  *lsg_sim_get_w_star         (const LsgSim      *sim);

/* Continuous (live chip) mode: training never ends, epochs repeat, no
 * hold phase.  The trajectory keeps growing. */
void           lsg_sim_set_continuous     (LsgSim            *sim,
                                           gboolean           continuous);

/* Weak inversion without mismatch has a closed-form solution per interval,
 * and every other chip a predictor-corrector on frozen gains (see
 * core/README.md), used by default; FALSE forces the ODE solver
 * everywhere (to cross-check them). */
void           lsg_sim_set_allow_exact    (LsgSim            *sim,
                                           gboolean           allow);

/* The ODE solver's absolute and relative tolerances in units of I_N
 * (default 1e-9 and 1e-7); tighter values give the references the tests
 * check the closed forms against. */
void           lsg_sim_set_ode_tolerance  (LsgSim            *sim,
                                           double             eps_abs,
                                           double             eps_rel);

/* Solver steps allowed in one sample interval (default 200000); beyond
 * them the run ends with LSG_SIM_ERROR_SOLVER instead of taking
 * unbounded time on an extremely stiff point. */
void           lsg_sim_set_max_steps      (LsgSim            *sim,
                                           gulong             max_steps);

/* Advances at most max_rows rows (training intervals, then hold rows). */
gboolean       lsg_sim_step               (LsgSim            *sim,
                                           guint              max_rows,
                                           GCancellable      *cancellable,
                                           GError           **error);
/* Runs to the end. */
gboolean       lsg_sim_run                (LsgSim            *sim,
                                           LsgProgressFunc    progress,
                                           gpointer           user_data,
                                           GCancellable      *cancellable,
                                           GError           **error);

/* Applies new circuit values to the running chip from its current state.
 * Only [circuit] i_eta, i_lambda, i_cm, temperature, i_eta_ptat and
 * [training] t_sample may differ from the running point; anything else is
 * LSG_SIM_ERROR_RETUNE. */
/* Whether next differs from running only in what lsg_sim_retune() can
 * change; error names the first key that differs otherwise. */
gboolean       lsg_sim_can_retune         (const LsgParams   *running,
                                           const LsgParams   *next,
                                           GError           **error);
gboolean       lsg_sim_retune             (LsgSim            *sim,
                                           const LsgParams   *params,
                                           GError           **error);

/* Time, s, for one weight's reported value to move one ADC LSB (8-bit LSB
 * when the ADC is ideal) in the hold phase from the end-of-training state;
 * INFINITY without leakage or when no weight can move that far. */
double         lsg_sim_retention          (const LsgSim      *sim);

/* Cell currents (A) as they are now: i_plus[n], i_minus[n]. */
void           lsg_sim_get_cell_currents  (const LsgSim      *sim,
                                           double            *i_plus,
                                           double            *i_minus);

/* The chip's mismatch factors of weight i (MODEL.md 4), 1 where mismatch
 * is off or its group is not applied.  Class-AB storage uses eta_plus as
 * its update gain and lambda_plus as its lambda-term gain. */
typedef struct {
  double eta_plus, eta_minus;         /* I_eta branch of each half */
  double lambda_plus, lambda_minus;   /* I_lambda discharge */
  double cm_plus, cm_minus;           /* I_cm branch */
  double readout_plus, readout_minus; /* per_half readout copies */
  double forward_plus, forward_minus; /* forward multiplier gains */
  double gradient;                    /* gradient multiplier e x_i */
  double readout_shared;              /* differential readout's one copy */
} LsgMismatchFactors;

void           lsg_sim_get_mismatch       (const LsgSim       *sim,
                                           guint               i,
                                           LsgMismatchFactors *factors);

/* The largest (I+ + I-) / I_N of any weight in the rows so far. */
double         lsg_sim_get_cm_max         (const LsgSim      *sim);

/* Counters for benchmarks and tests. */
typedef struct {
  guint64 intervals;
  guint64 rhs_evals;
  guint64 steps;
  guint64 exact_intervals;  /* intervals done by the closed form */
  guint64 pc_intervals;     /* intervals done by the predictor-corrector */
  guint64 pc_correctors;    /* its corrector passes */
  gboolean stiff_solver;
} LsgSimStats;

void           lsg_sim_get_stats          (const LsgSim      *sim,
                                           LsgSimStats       *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgSim, lsg_sim_free)

G_END_DECLS
