/* lsg-trajectory.c: append-only row storage shared between threads. */
#include "lsg-config.h"

#include <string.h>

#include "lsg-trajectory.h"

#define BLOCK_ROWS_LOG2 11
#define BLOCK_ROWS (1u << BLOCK_ROWS_LOG2)
#define N_BLOCKS (LSG_TRAJECTORY_MAX_ROWS / BLOCK_ROWS)

struct _LsgTrajectory {
  gatomicrefcount     ref_count;
  LsgTrajectoryLayout layout;
  int                 n_rows;          /* atomic: rows published */
  double             *blocks[N_BLOCKS];
};

LsgTrajectory *
lsg_trajectory_new (guint n_weights)
{
  LsgTrajectory *traj = g_new0 (LsgTrajectory, 1);
  LsgTrajectoryLayout *l = &traj->layout;

  g_atomic_ref_count_init (&traj->ref_count);
  l->n_weights = n_weights;
  l->w = LSG_COL_W;
  l->ref = l->w + n_weights;
  l->loss = l->ref + n_weights;
  l->ref_loss = l->loss + 1;
  l->test_loss = l->ref_loss + 1;
  l->ref_test_loss = l->test_loss + 1;
  l->i_plus = l->ref_test_loss + 1;
  l->i_minus = l->i_plus + n_weights;
  l->stride = l->i_minus + n_weights;
  return traj;
}

LsgTrajectory *
lsg_trajectory_ref (LsgTrajectory *traj)
{
  g_return_val_if_fail (traj != NULL, NULL);
  g_atomic_ref_count_inc (&traj->ref_count);
  return traj;
}

void
lsg_trajectory_unref (LsgTrajectory *traj)
{
  if (traj == NULL || !g_atomic_ref_count_dec (&traj->ref_count))
    return;
  for (guint b = 0; b < N_BLOCKS && traj->blocks[b] != NULL; b++)
    g_free (traj->blocks[b]);
  g_free (traj);
}

const LsgTrajectoryLayout *
lsg_trajectory_get_layout (const LsgTrajectory *traj)
{
  return &traj->layout;
}

guint
lsg_trajectory_get_n_rows (const LsgTrajectory *traj)
{
  return (guint) g_atomic_int_get (&traj->n_rows);
}

const double *
lsg_trajectory_get_row (const LsgTrajectory *traj,
                        guint                k)
{
  g_return_val_if_fail (k < lsg_trajectory_get_n_rows (traj), NULL);
  return traj->blocks[k >> BLOCK_ROWS_LOG2]
         + (gsize) (k & (BLOCK_ROWS - 1)) * traj->layout.stride;
}

void
lsg_trajectory_copy_column (const LsgTrajectory *traj,
                            guint                column,
                            guint                first,
                            guint                count,
                            double              *out)
{
  g_return_if_fail (column < traj->layout.stride);
  g_return_if_fail (first + count <= lsg_trajectory_get_n_rows (traj));

  for (guint k = 0; k < count; k++)
    out[k] = lsg_trajectory_get_row (traj, first + k)[column];
}

double *
lsg_trajectory_append_begin (LsgTrajectory *traj)
{
  guint k = (guint) g_atomic_int_get (&traj->n_rows);
  guint b = k >> BLOCK_ROWS_LOG2;

  if (k >= LSG_TRAJECTORY_MAX_ROWS)
    return NULL;
  if (traj->blocks[b] == NULL)
    traj->blocks[b] = g_new (double, (gsize) BLOCK_ROWS * traj->layout.stride);
  return traj->blocks[b] + (gsize) (k & (BLOCK_ROWS - 1)) * traj->layout.stride;
}

void
lsg_trajectory_append_commit (LsgTrajectory *traj)
{
  /* g_atomic_int_inc is a full barrier: the row's contents are visible to
   * any reader that sees the new count. */
  g_atomic_int_inc (&traj->n_rows);
}
