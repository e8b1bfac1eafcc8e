/* lsg-metrics.h: figures of merit (MODEL.md section 5) and the error
 * budget.  The names here are the keys of summary.ini and the CLI table. */
#pragma once

#include <gio/gio.h>

#include "lsg-sim.h"

G_BEGIN_DECLS

typedef struct {
  double rel_mse_pct;       /* circuit against R2, %, over training rows */
  double enob;              /* bits, at the end of training */
  double ridge_error;       /* |w_end - w*| / |w*|; NaN if w* undefined */
  double loss;              /* circuit's regularized training loss, end of training */
  double ref_loss;          /* R2's */
  double test_loss;         /* NaN without a test split */
  double ref_test_loss;
  double t_converge_s;      /* MODEL.md 5: first time after which w stays in the band
                             * around its last-epoch mean; INFINITY if it never settles */
  double ref_t_converge_s;  /* the same rule on R2 */
  double cm_max;            /* largest (I+ + I-) / I_N of any weight over the run */
  double retention_s;       /* hold time until a weight moves one ADC LSB */
  double eta;               /* T_s / tau */
  double lambda;            /* I_lambda / I_eta */
  double tau_s;
  double mean_cell_current_a; /* mean of I+ and I- over the chip, end of training */
} LsgSummary;

/* Figures of merit of a finished (or partly run) simulation. */
void     lsg_summary_compute    (const LsgSim   *sim,
                                 LsgSummary     *summary);

/* Rows of training are those with phase = train; helpers on a trajectory: */
double   lsg_metric_rel_mse_pct (const LsgTrajectory *traj);
double   lsg_metric_enob        (const LsgTrajectory *traj);
/* MODEL.md 5 on the weights in columns [column, column + n): the first
 * sample end after which they stay within tolerance |w_end| + delta of
 * w_end, their mean over the last window_rows training rows (at most a
 * third of them).  The weights are compared after a centred moving
 * average over smooth_rows rows (1: as they are), so that SGD's own
 * jitter does not count as "not converged".  INFINITY when they enter the
 * band for good only in the last two windows (or never): the run has not
 * shown them settle. */
#define LSG_CONVERGE_SMOOTH_DIVISOR 10   /* smoothing: a tenth of an epoch */
double   lsg_metric_t_converge  (const LsgTrajectory *traj,
                                 guint                column,
                                 double               tolerance,
                                 double               delta,
                                 guint                window_rows,
                                 guint                smooth_rows);

/* Name/value access to the summary, for files and tables. */
typedef struct {
  const char *key;
  const char *unit;
  gsize       offset;
  const char *label;
} LsgSummaryField;

const LsgSummaryField *lsg_summary_fields (guint *n_fields);

/* Error budget: rel_mse_pct with each non-ideality alone. */
typedef enum {
  LSG_BUDGET_NONE,                /* every non-ideality off: numerics only */
  LSG_BUDGET_MODERATE_INVERSION,
  LSG_BUDGET_MISMATCH,             /* every mismatch group */
  LSG_BUDGET_MISMATCH_IN_LOOP,     /* I_eta, I_lambda, I_cm branches, gradient gain */
  LSG_BUDGET_MISMATCH_FORWARD,     /* forward multiplier gains */
  LSG_BUDGET_MISMATCH_READOUT,     /* readout copies */
  LSG_BUDGET_LEAKAGE,
  LSG_BUDGET_NOISE,
  LSG_BUDGET_QUANTIZATION,        /* DAC and ADC */
  LSG_BUDGET_ALL,                 /* the design point as set */
  LSG_BUDGET_N
} LsgBudgetItem;

typedef struct {
  double rel_mse_pct[LSG_BUDGET_N];
} LsgBudget;

const char *lsg_budget_item_name (LsgBudgetItem item);
/* The design point with only this non-ideality kept as the point sets it. */
LsgParams  *lsg_budget_variant   (const LsgParams *params,
                                  LsgBudgetItem    item);
/* all_rel_mse_pct: the design point's own figure if the caller has run
 * it already, NAN to run it here. */
gboolean    lsg_budget_compute   (const LsgParams  *params,
                                  const LsgDataset *dataset,
                                  double            all_rel_mse_pct,
                                  GCancellable     *cancellable,
                                  LsgBudget        *budget,
                                  GError          **error);

G_END_DECLS
