/* lsg-runner.h: runs design points off the UI thread for the explorer. */
#pragma once

#include <glib-object.h>

#include "lsg-metrics.h"
#include "lsg-params.h"
#include "lsg-run.h"
#include "lsg-trajectory.h"

G_BEGIN_DECLS

typedef enum {
  LSG_RUNNER_IDLE,
  LSG_RUNNER_RUNNING,
  LSG_RUNNER_PAUSED,
  LSG_RUNNER_DONE,
  LSG_RUNNER_FAILED,
} LsgRunnerState;

/* A stretch of a job run at one design point: the point it started with,
 * then one more for each live retune, as the chip applied it. */
typedef struct {
  double           t_start_s;   /* simulated time it starts at, s */
  guint64          first_row;   /* rows the job had made before it, over all
                                 * its trajectories (a live chip starts a new
                                 * one now and then) */
  const LsgParams *params;      /* the point in force from then on */
  const double    *w_star;      /* R3 at that point, n_weights values, or NULL */
} LsgRunSegment;

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
/* The design point in force in the run on display: after a live retune,
 * the retuned point once the chip has applied it.  It may lag
 * lsg_runner_get_params until a new run has rows.  NULL before any. */
const LsgParams  *lsg_runner_get_display_params (LsgRunner   *self);
/* The retune segments of the run on display, in order; the last is in
 * force.  The segments stay valid while that run is on display ("retuned"
 * says one was added). */
guint             lsg_runner_get_n_segments (LsgRunner       *self);
const LsgRunSegment *lsg_runner_get_segment (LsgRunner       *self,
                                             guint            index);
/* The run on display once it is finished (borrowed), else NULL. */
LsgRun           *lsg_runner_get_run        (LsgRunner       *self);
/* Figures of merit of the run on display once it is done, else NULL. */
const LsgSummary *lsg_runner_get_summary    (LsgRunner       *self);
const char       *lsg_runner_get_error_message (LsgRunner    *self);
/* Increases with every new run (a new point or a reset). */
guint             lsg_runner_get_generation (LsgRunner       *self);
/* Wall time from set_params to the end of that run, s (benchmarks). */
double            lsg_runner_get_last_latency (LsgRunner     *self);

/* Stops for good: cancels the job, wakes a paused worker so that it ends,
 * and drops the runner's state.  Nothing runs any more; the worker does
 * not hold the runner, so the runner may be finalized at once.  For the
 * owner's dispose. */
void              lsg_runner_shutdown       (LsgRunner       *self);
/* Worker threads still alive, over all runners (tests). */
guint             lsg_runner_get_n_workers  (void);

G_END_DECLS
