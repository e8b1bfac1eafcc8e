/* lsg-runner.h: runs design points off the UI thread for the explorer. */
#pragma once

#include <glib-object.h>

#include "lsg-metrics.h"
#include "lsg-params.h"
#include "lsg-trajectory.h"

G_BEGIN_DECLS

typedef enum {
  LSG_RUNNER_IDLE,
  LSG_RUNNER_RUNNING,
  LSG_RUNNER_PAUSED,
  LSG_RUNNER_DONE,
  LSG_RUNNER_FAILED,
} LsgRunnerState;

#define LSG_TYPE_RUNNER (lsg_runner_get_type ())
G_DECLARE_FINAL_TYPE (LsgRunner, lsg_runner, LSG, RUNNER, GObject)

LsgRunner        *lsg_runner_new            (void);

/* Copies params.  A new point runs from the start at once: the stale run
 * is cancelled and its results dropped.  In live mode a change of only
 * the bias currents, temperature or sample period is applied to the
 * running chip instead, from its current state. */
void              lsg_runner_set_params     (LsgRunner       *self,
                                             const LsgParams *params);
const LsgParams  *lsg_runner_get_params     (LsgRunner       *self);

void              lsg_runner_run            (LsgRunner       *self);
void              lsg_runner_pause          (LsgRunner       *self);
void              lsg_runner_toggle         (LsgRunner       *self);
/* Runs one more epoch, then pauses. */
void              lsg_runner_step_epoch     (LsgRunner       *self);
/* Starts the point again from t = 0. */
void              lsg_runner_reset          (LsgRunner       *self);

void              lsg_runner_set_live       (LsgRunner       *self,
                                             gboolean         live);
gboolean          lsg_runner_get_live       (LsgRunner       *self);

LsgRunnerState    lsg_runner_get_state      (LsgRunner       *self);
/* The run on display (borrowed); NULL before the first rows. */
LsgTrajectory    *lsg_runner_get_trajectory (LsgRunner       *self);
/* Rows training will have (not counting hold); 0 in live mode. */
guint             lsg_runner_get_n_train_rows (LsgRunner     *self);
/* R3 of the run on display, or NULL; n_weights set. */
const double     *lsg_runner_get_w_star     (LsgRunner       *self,
                                             guint           *n_weights);
/* The design point of the run on display (it may lag lsg_runner_get_params
 * until a new run has rows), or NULL. */
const LsgParams  *lsg_runner_get_display_params (LsgRunner   *self);
/* Figures of merit of the run on display once it is done, else NULL. */
const LsgSummary *lsg_runner_get_summary    (LsgRunner       *self);
const char       *lsg_runner_get_error_message (LsgRunner    *self);
/* Increases with every new run (a new point or a reset). */
guint             lsg_runner_get_generation (LsgRunner       *self);
/* Wall time from set_params to the end of that run, s (benchmarks). */
double            lsg_runner_get_last_latency (LsgRunner     *self);

G_END_DECLS
