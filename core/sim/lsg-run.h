/* lsg-run.h: one executed design point.
 *
 * An LsgRun is what "load the data set, simulate, compute the summary and
 * the estimate" gives, made in one place for the command line, the
 * explorer, sweeps and the error budget.  It is immutable once handed
 * out: any number of threads may read it, and holders share it by
 * reference. */
#pragma once

#include <gio/gio.h>

#include "lsg-dataset.h"
#include "lsg-estimate.h"
#include "lsg-metrics.h"
#include "lsg-params.h"
#include "lsg-sim.h"
#include "lsg-trajectory.h"

G_BEGIN_DECLS

typedef enum {
  LSG_RUN_DEFAULT = 0,
  LSG_RUN_BUDGET  = 1 << 0,   /* also run the error budget (nine more runs) */
} LsgRunFlags;

typedef struct _LsgRun LsgRun;

/* Rows done of rows planned, from the thread that executes the run. */
typedef void (*LsgRunProgress) (guint    rows_done,
                                guint    rows_planned,
                                gpointer user_data);

/* Validates params, loads their data set and runs them to the end.  The
 * errors are those of the parts: LSG_PARAMS_ERROR for a bad point,
 * LSG_DATASET_ERROR, LSG_SIM_ERROR, G_IO_ERROR_CANCELLED. */
LsgRun              *lsg_run_execute              (const LsgParams   *params,
                                                   LsgRunFlags        flags,
                                                   LsgRunProgress     progress,
                                                   gpointer           user_data,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
/* The same on a data set the caller has loaded from params (a sweep
 * reuses one for many points); dataset is only borrowed during the call. */
LsgRun              *lsg_run_execute_with_dataset (const LsgParams   *params,
                                                   const LsgDataset  *dataset,
                                                   LsgRunFlags        flags,
                                                   LsgRunProgress     progress,
                                                   gpointer           user_data,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

/* Seals a simulation its owner has driven to the end itself (the
 * explorer's runner pauses, steps and retunes): the point the simulation
 * has now, its trajectory (nothing may append to it any more) and w*.
 * Fails only in the budget (LSG_RUN_BUDGET) or on cancellation. */
LsgRun              *lsg_run_new_from_sim         (const LsgSim      *sim,
                                                   LsgRunFlags        flags,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

LsgRun              *lsg_run_ref                  (LsgRun            *run);
void                 lsg_run_unref                (LsgRun            *run);

/* The point as run: a copy, its data file's path made absolute. */
const LsgParams     *lsg_run_get_params           (const LsgRun      *run);
/* Complete: nothing writes to it any more. */
const LsgTrajectory *lsg_run_get_trajectory       (const LsgRun      *run);
guint                lsg_run_get_n_weights        (const LsgRun      *run);
/* Samples of the data set: training and test rows, and its features. */
guint                lsg_run_get_n_train          (const LsgRun      *run);
guint                lsg_run_get_n_test           (const LsgRun      *run);
guint                lsg_run_get_n_features       (const LsgRun      *run);
/* The ridge optimum w* (R3), n_weights values, or NULL if undefined. */
const double        *lsg_run_get_w_star           (const LsgRun      *run);
const LsgSummary    *lsg_run_get_summary          (const LsgRun      *run);
/* The estimate with the run's mean cell current and time to converge. */
const LsgEstimate   *lsg_run_get_estimate         (const LsgRun      *run);
/* NULL unless the run was made with LSG_RUN_BUDGET. */
const LsgBudget     *lsg_run_get_budget           (const LsgRun      *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgRun, lsg_run_unref)

G_END_DECLS
