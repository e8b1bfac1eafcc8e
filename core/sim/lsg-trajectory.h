/* lsg-trajectory.h: the rows a run produces, one per sample interval.
 *
 * A single writer (the simulation thread) appends rows; any number of
 * readers on other threads may read every row below lsg_trajectory_get_n_rows()
 * at any time.  A published row never changes and never moves in memory:
 * rows live in fixed-size blocks that are never reallocated. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LSG_PHASE_TRAIN = 0,
  LSG_PHASE_HOLD  = 1,
} LsgPhase;

typedef struct _LsgTrajectory LsgTrajectory;

/* Column layout of a row, for n weights:
 *   t_s, phase, w[n] (reported), ref[n] (R2), loss, ref_loss,
 *   test_loss, ref_test_loss (NaN without a test split),
 *   i_plus[n], i_minus[n] (cell currents, A) */
enum {
  LSG_COL_T = 0,
  LSG_COL_PHASE = 1,
  LSG_COL_W = 2,
};

typedef struct {
  guint n_weights;
  guint stride;
  guint w, ref, loss, ref_loss, test_loss, ref_test_loss, i_plus, i_minus;
} LsgTrajectoryLayout;

LsgTrajectory *lsg_trajectory_new       (guint                n_weights);
LsgTrajectory *lsg_trajectory_ref       (LsgTrajectory       *traj);
void           lsg_trajectory_unref     (LsgTrajectory       *traj);

const LsgTrajectoryLayout *
               lsg_trajectory_get_layout (const LsgTrajectory *traj);
/* Rows published so far; safe from any thread. */
guint          lsg_trajectory_get_n_rows (const LsgTrajectory *traj);
/* A published row (k < n_rows); the pointer stays valid while traj lives. */
const double  *lsg_trajectory_get_row   (const LsgTrajectory *traj,
                                         guint                k);
/* One column of rows [first, first + count) copied into out. */
void           lsg_trajectory_copy_column (const LsgTrajectory *traj,
                                           guint                column,
                                           guint                first,
                                           guint                count,
                                           double              *out);

/* Writer side: fill the returned row, then commit to publish it.
 * Returns NULL when the trajectory is full (LSG_TRAJECTORY_MAX_ROWS). */
#define LSG_TRAJECTORY_MAX_ROWS (1u << 24)
double        *lsg_trajectory_append_begin  (LsgTrajectory *traj);
void           lsg_trajectory_append_commit (LsgTrajectory *traj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgTrajectory, lsg_trajectory_unref)

G_END_DECLS
