/* lsg-runner.c: one simulation at a time in a worker thread.
 *
 * Each run is a RunJob shared by the main thread and one GTask thread.
 * The worker owns the simulation; the two sides talk only through the
 * job's mutex-protected fields and the trajectory, whose published rows
 * never change.  A new design point cancels the running job; a job that is
 * no longer current is never shown, so stale results cannot reach the
 * plots.  The previous run stays on display until the new one has rows:
 * the plots never flash empty.
 *
 * A finished job is sealed into an LsgRun by the worker.  A live job
 * records a segment for each retune it applies, so that whatever shows
 * the run (strip, cost panel, export, ridge optimum) uses the point in
 * force.  The task holds the job, never the runner: closing a window
 * shuts its runner down at once, and the worker ends at its next check. */
#include "lsg-config.h"

#include <gio/gio.h>

#include "lsg-dataset.h"
#include "lsg-runner.h"
#include "lsg-sim.h"

/* Rows per slice between checks of pause, cancel and retune requests:
 * small enough for prompt control, large enough to amortise the lock. */
#define SLICE_ROWS 100
/* Live chip: simulated epochs per wall-clock second, and the history kept
 * before the trajectory starts a new segment. */
#define LIVE_EPOCHS_PER_SECOND 4.0
#define LIVE_MAX_ROWS 200000
/* Poll period for partial results while a job runs, ms (60 Hz). */
#define POLL_MS 16

/* Worker threads alive, for tests that prove none outlives its window. */
static gint n_workers;

typedef struct {
  LsgRunSegment  pub;
  LsgParams     *params;
  double        *w_star;
} Segment;

static void
segment_free (Segment *seg)
{
  lsg_params_free (seg->params);
  g_free (seg->w_star);
  g_free (seg);
}

static Segment *
segment_new (double           t_start_s,
             guint64          first_row,
             const LsgParams *params,
             const double    *w_star,
             guint            n_weights)
{
  Segment *seg = g_new0 (Segment, 1);

  seg->params = lsg_params_copy (params);
  seg->w_star = w_star != NULL ? g_memdup2 (w_star, sizeof (double) * n_weights) : NULL;
  seg->pub.t_start_s = t_start_s;
  seg->pub.first_row = first_row;
  seg->pub.params = seg->params;
  seg->pub.w_star = seg->w_star;
  return seg;
}

typedef struct {
  gatomicrefcount  ref_count;
  LsgParams       *params;
  GCancellable    *cancellable;
  gint64           t_start_us;

  GMutex           lock;
  GCond            cond;
  /* under lock */
  gboolean         paused;
  guint            step_epochs;     /* epochs to run while paused */
  gboolean         live;
  LsgParams       *retune;          /* pending, applied between slices */
  LsgTrajectory   *traj;            /* the trajectory being written */
  GPtrArray       *segments;        /* Segment, append-only: a segment never
                                     * changes or moves once added */
  guint            n_weights;
  guint            n_train_rows;
  gboolean         done;
  LsgRun          *run;             /* once done */
} RunJob;

struct _LsgRunner {
  GObject         parent_instance;

  LsgParams      *params;
  RunJob         *job;              /* the current run */
  LsgTrajectory  *display;          /* the trajectory on display */
  RunJob         *display_job;      /* the job it belongs to */
  guint           displayed_rows;
  guint           displayed_segments;
  LsgRunnerState  state;
  gboolean        live;
  gboolean        shut_down;
  LsgRun         *run;              /* the finished run on display */
  char           *error_message;
  guint           generation;
  guint           poll_id;
  double          last_latency;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_LIVE,
  N_PROPS
};

enum {
  RUN_STARTED,
  ROWS_ADDED,
  RETUNED,
  FINISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LsgRunner, lsg_runner, G_TYPE_OBJECT)

static RunJob *
run_job_new (const LsgParams *params,
             gboolean         live,
             gboolean         paused)
{
  RunJob *job = g_new0 (RunJob, 1);

  g_atomic_ref_count_init (&job->ref_count);
  job->params = lsg_params_copy (params);
  job->cancellable = g_cancellable_new ();
  job->t_start_us = g_get_monotonic_time ();
  job->live = live;
  job->paused = paused;
  job->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  return job;
}

static RunJob *
run_job_ref (RunJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
run_job_unref (RunJob *job)
{
  if (job == NULL || !g_atomic_ref_count_dec (&job->ref_count))
    return;
  lsg_params_free (job->params);
  lsg_params_free (job->retune);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->traj, lsg_trajectory_unref);
  g_clear_pointer (&job->segments, g_ptr_array_unref);
  g_clear_pointer (&job->run, lsg_run_unref);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

/* Main thread: the worker ends at its next check, a paused one at once. */
static void
run_job_cancel (RunJob *job)
{
  g_cancellable_cancel (job->cancellable);
  g_mutex_lock (&job->lock);
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

/* The segment a retune to params starts, at the end of the rows so far,
 * with the w* the retuned simulation trains towards.  Worker thread, lock
 * not held. */
static Segment *
retune_segment (const LsgSim     *sim,
                const LsgDataset *ds,
                const LsgParams  *params,
                guint64           rows_before)
{
  const LsgTrajectory *traj = lsg_sim_get_trajectory (sim);
  guint n_rows = lsg_trajectory_get_n_rows (traj);
  double t = n_rows > 0 ? lsg_trajectory_get_row (traj, n_rows - 1)[LSG_COL_T] : 0.0;

  return segment_new (t, rows_before + n_rows, params, lsg_sim_get_w_star (sim),
                      ds->n_weights);
}

/* Worker thread: the job from its first row to its end, cancellation or
 * failure. */
static void
run_job_work (GTask        *task,
              RunJob       *job,
              GCancellable *cancellable)
{
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  GError *error = NULL;
  LsgRun *run;
  guint epoch_rows;
  guint64 rows_before = 0;   /* rows of trajectories the chip has left behind */

  ds = lsg_dataset_new_from_params (job->params, &error);
  if (ds != NULL)
    sim = lsg_sim_new (job->params, ds, &error);
  if (sim == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  epoch_rows = ds->n_train;

  g_mutex_lock (&job->lock);
  job->traj = lsg_trajectory_ref (lsg_sim_get_trajectory (sim));
  job->n_weights = ds->n_weights;
  job->n_train_rows = lsg_sim_get_n_train_rows (sim);
  g_ptr_array_add (job->segments, segment_new (0.0, 0, job->params, lsg_sim_get_w_star (sim),
                                               ds->n_weights));
  g_mutex_unlock (&job->lock);

  for (;;)
    {
      g_autoptr(LsgParams) retune = NULL;
      LsgTrajectory *traj = lsg_sim_get_trajectory (sim);
      guint slice = SLICE_ROWS, before;
      gboolean live, paused;
      gint64 t0 = g_get_monotonic_time ();

      g_mutex_lock (&job->lock);
      while (job->paused && job->step_epochs == 0 && !g_cancellable_is_cancelled (cancellable))
        g_cond_wait_until (&job->cond, &job->lock,
                           g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND);
      paused = job->paused;
      live = job->live;
      retune = g_steal_pointer (&job->retune);
      g_mutex_unlock (&job->lock);

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        break;
      if (retune != NULL)
        {
          Segment *seg;

          if (!lsg_sim_retune (sim, retune, &error))
            break;
          seg = retune_segment (sim, ds, retune, rows_before);
          g_mutex_lock (&job->lock);
          g_ptr_array_add (job->segments, seg);
          g_mutex_unlock (&job->lock);
        }
      lsg_sim_set_continuous (sim, live);
      if (!live && lsg_sim_is_done (sim))
        break;

      /* a step runs up to the end of the current epoch */
      if (paused)
        {
          guint in_epoch = lsg_trajectory_get_n_rows (traj) % epoch_rows;
          slice = MIN (slice, epoch_rows - in_epoch);
        }
      before = lsg_trajectory_get_n_rows (traj);
      if (!lsg_sim_step (sim, slice, cancellable, &error))
        break;

      if (paused && (lsg_trajectory_get_n_rows (traj) % epoch_rows == 0
                     || lsg_sim_is_done (sim)))
        {
          g_mutex_lock (&job->lock);
          if (job->step_epochs > 0)
            job->step_epochs--;
          g_mutex_unlock (&job->lock);
        }

      if (live)
        {
          /* pace the chip to LIVE_EPOCHS_PER_SECOND of wall time */
          guint done = lsg_trajectory_get_n_rows (traj) - before;
          gint64 budget_us = (gint64) (1e6 * done / (LIVE_EPOCHS_PER_SECOND * epoch_rows));
          gint64 spent = g_get_monotonic_time () - t0;

          if (budget_us > spent)
            g_usleep (budget_us - spent);
          if (lsg_trajectory_get_n_rows (traj) >= LIVE_MAX_ROWS)
            {
              rows_before += lsg_trajectory_get_n_rows (traj);
              lsg_sim_new_segment (sim);
              g_mutex_lock (&job->lock);
              g_clear_pointer (&job->traj, lsg_trajectory_unref);
              job->traj = lsg_trajectory_ref (lsg_sim_get_trajectory (sim));
              g_mutex_unlock (&job->lock);
            }
        }
    }

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  run = lsg_run_new_from_sim (sim, LSG_RUN_DEFAULT, cancellable, &error);
  if (run == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_mutex_lock (&job->lock);
  job->run = run;
  job->done = TRUE;
  g_mutex_unlock (&job->lock);
  g_task_return_boolean (task, TRUE);
}

static void
run_job_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_atomic_int_inc (&n_workers);
  run_job_work (task, task_data, cancellable);
  g_atomic_int_dec_and_test (&n_workers);
}

static void
set_state (LsgRunner      *self,
           LsgRunnerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Moves the display to the current job once it has rows, and reports new
 * rows.  Called from the poll timer and when a job ends. */
static void
sync_display (LsgRunner *self)
{
  LsgTrajectory *traj = NULL;

  if (self->job == NULL)
    return;
  g_mutex_lock (&self->job->lock);
  if (self->job->traj != NULL)
    traj = lsg_trajectory_ref (self->job->traj);
  g_mutex_unlock (&self->job->lock);
  if (traj == NULL)
    return;

  if (traj != self->display)
    {
      if (lsg_trajectory_get_n_rows (traj) == 0 && self->display != NULL)
        {
          /* keep the old run on screen until the new one has something */
          lsg_trajectory_unref (traj);
          return;
        }
      g_clear_pointer (&self->display, lsg_trajectory_unref);
      self->display = lsg_trajectory_ref (traj);
      g_clear_pointer (&self->display_job, run_job_unref);
      self->display_job = run_job_ref (self->job);
      self->displayed_rows = 0;
      self->displayed_segments = lsg_runner_get_n_segments (self);
      g_clear_pointer (&self->run, lsg_run_unref);
      g_signal_emit (self, signals[RUN_STARTED], 0);
    }
  if (lsg_trajectory_get_n_rows (self->display) > self->displayed_rows)
    {
      self->displayed_rows = lsg_trajectory_get_n_rows (self->display);
      g_signal_emit (self, signals[ROWS_ADDED], 0);
    }
  if (lsg_runner_get_n_segments (self) > self->displayed_segments)
    {
      /* the chip applied a retune: the point in force changed */
      self->displayed_segments = lsg_runner_get_n_segments (self);
      g_signal_emit (self, signals[RETUNED], 0);
    }
  lsg_trajectory_unref (traj);
}

static gboolean
poll_cb (gpointer data)
{
  LsgRunner *self = data;

  sync_display (self);
  return G_SOURCE_CONTINUE;
}

static void
ensure_polling (LsgRunner *self,
                gboolean   on)
{
  if (on && self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_MS, poll_cb, self);
  else if (!on)
    g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void start_job (LsgRunner *self,
                       gboolean   paused,
                       guint      step_epochs);

typedef struct {
  GWeakRef  runner;
  RunJob   *job;
} JobDone;

static void
job_done_free (JobDone *data)
{
  g_weak_ref_clear (&data->runner);
  run_job_unref (data->job);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobDone, job_done_free)

static void
run_job_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JobDone) data = user_data;
  g_autoptr(LsgRunner) self = g_weak_ref_get (&data->runner);
  RunJob *job = data->job;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  /* a runner gone or shut down, and a stale job (replaced or reset), are
   * dropped without a trace */
  if (self == NULL || job != self->job)
    return;

  ensure_polling (self, FALSE);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      sync_display (self);
      g_free (self->error_message);
      self->error_message = g_strdup (error->message);
      set_state (self, LSG_RUNNER_FAILED);
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }

  /* the worker ended before it saw a late switch to live mode: a live
   * chip never ends, so start one */
  if (self->live)
    {
      start_job (self, FALSE, 0);
      return;
    }

  /* the trajectory of a finished job is complete: show all of it */
  sync_display (self);
  g_clear_pointer (&self->run, lsg_run_unref);
  g_mutex_lock (&job->lock);
  if (job == self->display_job)
    self->run = lsg_run_ref (job->run);
  g_mutex_unlock (&job->lock);
  self->last_latency = (g_get_monotonic_time () - job->t_start_us) * 1e-6;
  g_clear_pointer (&self->error_message, g_free);
  set_state (self, LSG_RUNNER_DONE);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
start_job (LsgRunner *self,
           gboolean   paused,
           guint      step_epochs)
{
  g_autoptr(GTask) task = NULL;
  JobDone *done;

  if (self->shut_down)
    return;
  if (self->job != NULL)
    {
      run_job_cancel (self->job);
      g_clear_pointer (&self->job, run_job_unref);
    }
  self->generation++;
  self->job = run_job_new (self->params, self->live, paused);
  self->job->step_epochs = step_epochs;

  /* the task holds the job only: a runner let go is finalized at once,
   * its worker ends at the next check of the cancellable */
  done = g_new0 (JobDone, 1);
  g_weak_ref_init (&done->runner, self);
  done->job = run_job_ref (self->job);
  task = g_task_new (NULL, self->job->cancellable, run_job_done, done);
  g_task_set_task_data (task, run_job_ref (self->job), (GDestroyNotify) run_job_unref);
  g_task_set_name (task, "[lsg] design point run");
  g_task_run_in_thread (task, run_job_thread);
  ensure_polling (self, TRUE);
  set_state (self, paused ? LSG_RUNNER_PAUSED : LSG_RUNNER_RUNNING);
}

void
lsg_runner_set_params (LsgRunner       *self,
                       const LsgParams *params)
{
  g_return_if_fail (LSG_IS_RUNNER (self));
  g_return_if_fail (params != NULL);

  if (self->live && self->job != NULL && self->params != NULL
      && self->state == LSG_RUNNER_RUNNING
      && lsg_sim_can_retune (self->params, params, NULL))
    {
      /* the bench knob: the running chip keeps its state */
      lsg_params_free (self->params);
      self->params = lsg_params_copy (params);
      g_mutex_lock (&self->job->lock);
      lsg_params_free (self->job->retune);
      self->job->retune = lsg_params_copy (params);
      g_mutex_unlock (&self->job->lock);
      return;
    }

  lsg_params_free (self->params);
  self->params = lsg_params_copy (params);
  start_job (self, self->state == LSG_RUNNER_PAUSED && self->live, 0);
}

const LsgParams *
lsg_runner_get_params (LsgRunner *self)
{
  return self->params;
}

void
lsg_runner_run (LsgRunner *self)
{
  g_return_if_fail (LSG_IS_RUNNER (self));

  if (self->params == NULL)
    return;
  if (self->job == NULL || self->state == LSG_RUNNER_DONE || self->state == LSG_RUNNER_FAILED)
    {
      start_job (self, FALSE, 0);
      return;
    }
  g_mutex_lock (&self->job->lock);
  self->job->paused = FALSE;
  g_cond_signal (&self->job->cond);
  g_mutex_unlock (&self->job->lock);
  ensure_polling (self, TRUE);
  set_state (self, LSG_RUNNER_RUNNING);
}

void
lsg_runner_pause (LsgRunner *self)
{
  g_return_if_fail (LSG_IS_RUNNER (self));

  if (self->job == NULL || self->state != LSG_RUNNER_RUNNING)
    return;
  g_mutex_lock (&self->job->lock);
  self->job->paused = TRUE;
  self->job->step_epochs = 0;
  g_mutex_unlock (&self->job->lock);
  set_state (self, LSG_RUNNER_PAUSED);
}

void
lsg_runner_toggle (LsgRunner *self)
{
  if (self->state == LSG_RUNNER_RUNNING)
    lsg_runner_pause (self);
  else
    lsg_runner_run (self);
}

void
lsg_runner_step_epoch (LsgRunner *self)
{
  g_return_if_fail (LSG_IS_RUNNER (self));

  if (self->params == NULL)
    return;
  if (self->job == NULL || self->state == LSG_RUNNER_DONE || self->state == LSG_RUNNER_FAILED)
    {
      start_job (self, TRUE, 1);
      return;
    }
  g_mutex_lock (&self->job->lock);
  self->job->paused = TRUE;
  self->job->step_epochs++;
  g_cond_signal (&self->job->cond);
  g_mutex_unlock (&self->job->lock);
  ensure_polling (self, TRUE);
  set_state (self, LSG_RUNNER_PAUSED);
}

void
lsg_runner_reset (LsgRunner *self)
{
  g_return_if_fail (LSG_IS_RUNNER (self));

  if (self->params == NULL)
    return;
  start_job (self, self->state == LSG_RUNNER_PAUSED, 0);
}

void
lsg_runner_set_live (LsgRunner *self,
                     gboolean   live)
{
  g_return_if_fail (LSG_IS_RUNNER (self));

  live = !!live;
  if (self->live == live)
    return;
  self->live = live;
  if (self->job != NULL && self->state != LSG_RUNNER_DONE && self->state != LSG_RUNNER_FAILED)
    {
      gboolean ended;

      /* the running chip simply trains on (or stops at its planned end) */
      g_mutex_lock (&self->job->lock);
      self->job->live = live;
      ended = self->job->done;
      g_mutex_unlock (&self->job->lock);
      /* the worker may have finished before it saw the flag */
      if (ended && live)
        start_job (self, FALSE, 0);
    }
  else if (live && self->params != NULL)
    start_job (self, FALSE, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gboolean
lsg_runner_get_live (LsgRunner *self)
{
  return self->live;
}

LsgRunnerState
lsg_runner_get_state (LsgRunner *self)
{
  return self->state;
}

LsgTrajectory *
lsg_runner_get_trajectory (LsgRunner *self)
{
  return self->display;
}

guint
lsg_runner_get_n_train_rows (LsgRunner *self)
{
  guint n;

  if (self->display_job == NULL || self->live)
    return 0;
  g_mutex_lock (&self->display_job->lock);
  n = self->display_job->n_train_rows;
  g_mutex_unlock (&self->display_job->lock);
  return n;
}

guint
lsg_runner_get_n_segments (LsgRunner *self)
{
  guint n;

  g_return_val_if_fail (LSG_IS_RUNNER (self), 0);

  if (self->display_job == NULL)
    return 0;
  g_mutex_lock (&self->display_job->lock);
  n = self->display_job->segments->len;
  g_mutex_unlock (&self->display_job->lock);
  return n;
}

const LsgRunSegment *
lsg_runner_get_segment (LsgRunner *self,
                        guint      index)
{
  Segment *seg = NULL;

  g_return_val_if_fail (LSG_IS_RUNNER (self), NULL);

  if (self->display_job == NULL)
    return NULL;
  /* the array may grow under the worker; a segment in it never moves */
  g_mutex_lock (&self->display_job->lock);
  if (index < self->display_job->segments->len)
    seg = g_ptr_array_index (self->display_job->segments, index);
  g_mutex_unlock (&self->display_job->lock);
  g_return_val_if_fail (seg != NULL, NULL);
  return &seg->pub;
}

/* The segment of the run on display in force now, or NULL. */
static const LsgRunSegment *
segment_in_force (LsgRunner *self)
{
  guint n = lsg_runner_get_n_segments (self);

  return n > 0 ? lsg_runner_get_segment (self, n - 1) : NULL;
}

const double *
lsg_runner_get_w_star (LsgRunner *self,
                       guint     *n_weights)
{
  const LsgRunSegment *seg = segment_in_force (self);

  /* n_weights: written by the worker before the first row is published */
  if (seg == NULL)
    {
      *n_weights = 0;
      return NULL;
    }
  *n_weights = self->display_job->n_weights;
  return seg->w_star;
}

const LsgParams *
lsg_runner_get_display_params (LsgRunner *self)
{
  const LsgRunSegment *seg = segment_in_force (self);

  if (seg != NULL)
    return seg->params;
  return self->display_job != NULL ? self->display_job->params : NULL;
}

LsgRun *
lsg_runner_get_run (LsgRunner *self)
{
  g_return_val_if_fail (LSG_IS_RUNNER (self), NULL);

  return self->run;
}

const LsgSummary *
lsg_runner_get_summary (LsgRunner *self)
{
  return self->run != NULL ? lsg_run_get_summary (self->run) : NULL;
}

const char *
lsg_runner_get_error_message (LsgRunner *self)
{
  return self->error_message;
}

guint
lsg_runner_get_generation (LsgRunner *self)
{
  return self->generation;
}

double
lsg_runner_get_last_latency (LsgRunner *self)
{
  return self->last_latency;
}

void
lsg_runner_shutdown (LsgRunner *self)
{
  g_return_if_fail (LSG_IS_RUNNER (self));

  self->shut_down = TRUE;
  ensure_polling (self, FALSE);
  if (self->job != NULL)
    run_job_cancel (self->job);
  g_clear_pointer (&self->job, run_job_unref);
  g_clear_pointer (&self->run, lsg_run_unref);
  g_clear_pointer (&self->display_job, run_job_unref);
  g_clear_pointer (&self->display, lsg_trajectory_unref);
}

guint
lsg_runner_get_n_workers (void)
{
  return (guint) g_atomic_int_get (&n_workers);
}

static void
lsg_runner_dispose (GObject *object)
{
  lsg_runner_shutdown (LSG_RUNNER (object));
  G_OBJECT_CLASS (lsg_runner_parent_class)->dispose (object);
}

static void
lsg_runner_finalize (GObject *object)
{
  LsgRunner *self = LSG_RUNNER (object);

  lsg_params_free (self->params);
  g_free (self->error_message);
  G_OBJECT_CLASS (lsg_runner_parent_class)->finalize (object);
}

static void
lsg_runner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LsgRunner *self = LSG_RUNNER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_runner_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LsgRunner *self = LSG_RUNNER (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      lsg_runner_set_live (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_runner_class_init (LsgRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lsg_runner_dispose;
  object_class->finalize = lsg_runner_finalize;
  object_class->get_property = lsg_runner_get_property;
  object_class->set_property = lsg_runner_set_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, LSG_RUNNER_IDLE, LSG_RUNNER_FAILED, LSG_RUNNER_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* a new trajectory replaced the one on display */
  signals[RUN_STARTED] = g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
  signals[ROWS_ADDED] = g_signal_new ("rows-added", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);
  /* the run on display applied a live retune: the point in force changed */
  signals[RETUNED] = g_signal_new ("retuned", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lsg_runner_init (LsgRunner *self)
{
  self->state = LSG_RUNNER_IDLE;
}

LsgRunner *
lsg_runner_new (void)
{
  return g_object_new (LSG_TYPE_RUNNER, NULL);
}
