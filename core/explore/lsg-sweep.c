/* lsg-sweep.c: a sweep's plan (grid points, Monte Carlo chips, shards)
 * and its run on a pool of workers. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-number.h"
#include "lsg-run.h"
#include "lsg-sim.h"
#include "lsg-sweep-private.h"

G_DEFINE_QUARK (lsg-sweep-error-quark, lsg_sweep_error)

/* The sweep */

static void
result_clear (LsgSweepResult *r)
{
  const LsgSummaryField *fields;
  guint n_fields;

  g_clear_pointer (&r->error, g_free);
  r->done = FALSE;
  fields = lsg_summary_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    G_STRUCT_MEMBER (double, &r->summary, fields[f].offset) = NAN;
  memset (&r->estimate, 0, sizeof r->estimate);
  {
    guint n_est;
    const LsgEstimateField *est = lsg_estimate_fields (&n_est);

    for (guint f = 0; f < n_est; f++)
      if (!est[f].is_count)
        G_STRUCT_MEMBER (double, &r->estimate, est[f].offset) = NAN;
  }
}

static void apply_axes (LsgParams          *params,
                        const LsgSweepAxis *axes,
                        guint               n_axes,
                        const double       *values);

/* Every grid point's i_lambda in range, refused up front: a lambda axis
 * over a range of I_eta easily asks for more than the key allows. */
static gboolean
check_lambda_points (const LsgParams    *base,
                     const LsgSweepAxis *axes,
                     guint               n_axes,
                     guint               n_grid,
                     GError            **error)
{
  const LsgKeySpec *i_lambda = lsg_key_spec_lookup ("circuit", "i_lambda");
  gboolean any = FALSE;

  for (guint a = 0; a < n_axes; a++)
    any |= axes[a].kind == LSG_SWEEP_AXIS_LAMBDA;
  if (!any)
    return TRUE;
  for (guint g = 0; g < n_grid; g++)
    {
      /* a shallow copy: only numbers are written and read */
      LsgParams p = *base;
      double values[LSG_SWEEP_MAX_AXES];
      guint rest = g;

      for (guint a = n_axes; a-- > 0;)
        {
          values[a] = lsg_sweep_axis_value (&axes[a], rest % axes[a].n);
          rest /= axes[a].n;
        }
      apply_axes (&p, axes, n_axes, values);
      if (!lsg_key_spec_in_range (i_lambda, p.i_lambda))
        {
          g_autofree char *range = lsg_key_spec_describe_range (i_lambda);
          g_autofree char *i_eta = lsg_format_si (lsg_params_i_eta_effective (&p), "A", 6);
          g_autofree char *value = lsg_format_si (p.i_lambda, "A", 6);
          guint l = axes[0].kind == LSG_SWEEP_AXIS_LAMBDA ? 0 : 1;

          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_AXIS,
                       "sweep axis \xe2\x80\x9c" LSG_SWEEP_LAMBDA_AXIS "\xe2\x80\x9d: "
                       "lambda = %g at an effective I_eta of %s asks for [circuit] "
                       "i_lambda = %s, out of its range (allowed: %s); narrow the "
                       "lambda or I_eta range", values[l], i_eta, value, range);
          return FALSE;
        }
    }
  return TRUE;
}

LsgSweep *
lsg_sweep_new (const LsgParams    *base,
               const LsgSweepAxis *axes,
               guint               n_axes,
               guint               mc,
               GError            **error)
{
  g_autoptr(LsgSweep) sweep = NULL;
  guint64 n_grid = 1;
  guint64 n_points;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (n_axes == 0 || axes != NULL, NULL);

  if (n_axes > LSG_SWEEP_MAX_AXES)
    {
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP,
                   "%u sweep axes: at most %u (a 1-D sweep or a 2-D map)",
                   n_axes, LSG_SWEEP_MAX_AXES);
      return NULL;
    }
  for (guint a = 0; a < n_axes; a++)
    {
      const LsgKeySpec *spec = axes[a].spec;

      g_return_val_if_fail (spec != NULL && axes[a].n >= 1, NULL);
      for (guint b = 0; b < a; b++)
        if (axes[b].spec == spec)
          {
            g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP,
                         "[%s] %s is swept twice; give each key one axis",
                         spec->group, spec->key);
            return NULL;
          }
      if (axes[a].kind == LSG_SWEEP_AXIS_LAMBDA)
        for (guint b = 0; b < n_axes; b++)
          if (axes[b].kind == LSG_SWEEP_AXIS_KEY && g_str_equal (axes[b].spec->group, "circuit")
              && g_str_equal (axes[b].spec->key, "i_lambda"))
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP,
                           "[circuit] i_lambda is swept and " LSG_SWEEP_LAMBDA_AXIS
                           " sets it too; sweep one of them");
              return NULL;
            }
      if (mc > 0 && g_str_equal (spec->group, "nonideal")
          && (g_str_equal (spec->key, "mc_seed") || g_str_equal (spec->key, "noise_seed")))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP,
                       "[%s] %s is swept and a Monte Carlo sets it too; "
                       "sweep it without Monte Carlo, or give Monte Carlo alone",
                       spec->group, spec->key);
          return NULL;
        }
      n_grid *= axes[a].n;
      if (n_grid > LSG_SWEEP_MAX_POINTS)
        break;
    }
  n_points = n_grid * MAX (mc, 1);
  if (n_grid > LSG_SWEEP_MAX_POINTS || n_points > LSG_SWEEP_MAX_POINTS)
    {
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP,
                   "the sweep has more than %u points; split it into several sweeps",
                   LSG_SWEEP_MAX_POINTS);
      return NULL;
    }
  if (mc > 0)
    {
      const LsgKeySpec *specs[] = {
        lsg_key_spec_lookup ("nonideal", "mc_seed"),
        lsg_key_spec_lookup ("nonideal", "noise_seed"),
      };

      for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
        {
          double last = lsg_params_get_number (base, specs[s]) + (mc - 1);

          if (last > specs[s]->max)
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP,
                           "Monte Carlo of %u chips: [%s] %s would reach %.0f, above %.0f; "
                           "start from a smaller seed", mc, specs[s]->group, specs[s]->key,
                           last, specs[s]->max);
              return NULL;
            }
        }
    }

  if (!check_lambda_points (base, axes, n_axes, (guint) n_grid, error))
    return NULL;

  sweep = g_new0 (LsgSweep, 1);
  sweep->base = lsg_params_copy (base);
  sweep->n_axes = n_axes;
  for (guint a = 0; a < n_axes; a++)
    sweep->axes[a] = axes[a];
  sweep->mc = mc;
  sweep->n_grid = (guint) n_grid;
  sweep->n_points = (guint) n_points;
  sweep->results = g_new0 (LsgSweepResult, sweep->n_points);
  for (guint p = 0; p < sweep->n_points; p++)
    {
      LsgSweepResult *r = &sweep->results[p];
      guint g = p / MAX (mc, 1);

      r->mc = mc > 0 ? p % mc : 0;
      for (guint a = n_axes; a-- > 0;)
        {
          r->values[a] = lsg_sweep_axis_value (&axes[a], g % axes[a].n);
          g /= axes[a].n;
        }
      r->mc_seed = base->mc_seed + r->mc;
      r->noise_seed = base->noise_seed + r->mc;
      result_clear (r);
    }
  _lsg_sweep_set_identity (sweep, LSG_VERSION);
  return g_steal_pointer (&sweep);
}

void
lsg_sweep_free (LsgSweep *sweep)
{
  if (sweep == NULL)
    return;
  if (sweep->results != NULL)
    for (guint p = 0; p < sweep->n_points; p++)
      g_free (sweep->results[p].error);
  g_free (sweep->results);
  lsg_params_free (sweep->base);
  g_free (sweep->version);
  g_free (sweep->design_sha256);
  g_free (sweep->id);
  g_free (sweep);
}

guint
lsg_sweep_get_n_points (const LsgSweep *sweep)
{
  g_return_val_if_fail (sweep != NULL, 0);
  return sweep->n_points;
}

guint
lsg_sweep_get_n_axes (const LsgSweep *sweep)
{
  g_return_val_if_fail (sweep != NULL, 0);
  return sweep->n_axes;
}

const LsgSweepAxis *
lsg_sweep_get_axis (const LsgSweep *sweep,
                    guint           axis)
{
  g_return_val_if_fail (sweep != NULL && axis < sweep->n_axes, NULL);
  return &sweep->axes[axis];
}

guint
lsg_sweep_get_mc (const LsgSweep *sweep)
{
  g_return_val_if_fail (sweep != NULL, 0);
  return sweep->mc;
}

const LsgParams *
lsg_sweep_get_base (const LsgSweep *sweep)
{
  g_return_val_if_fail (sweep != NULL, NULL);
  return sweep->base;
}

/* Writes a key directly: the axis checked the range of its ends, and a
 * point out of the cross-key rules is for its run to report. */
static void
set_value (LsgParams        *params,
           const LsgKeySpec *spec,
           double            v)
{
  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      G_STRUCT_MEMBER (double, params, spec->offset) = v;
      break;
    case LSG_KEY_UINT:
      G_STRUCT_MEMBER (guint, params, spec->offset) = (guint) v;
      break;
    case LSG_KEY_UINT64:
      G_STRUCT_MEMBER (guint64, params, spec->offset) = (guint64) v;
      break;
    case LSG_KEY_BOOL:
    case LSG_KEY_STRING:
    case LSG_KEY_ENUM:
    default:
      g_assert_not_reached ();
    }
}

/* The keys first, then the derived axes, which read them (the lambda
 * axis the effective I_eta, which an i_eta or temperature axis sets). */
static void
apply_axes (LsgParams          *params,
            const LsgSweepAxis *axes,
            guint               n_axes,
            const double       *values)
{
  for (guint a = 0; a < n_axes; a++)
    if (axes[a].kind == LSG_SWEEP_AXIS_KEY)
      set_value (params, axes[a].spec, values[a]);
  for (guint a = 0; a < n_axes; a++)
    if (axes[a].kind == LSG_SWEEP_AXIS_LAMBDA)
      params->i_lambda = values[a] * lsg_params_i_eta_effective (params);
}

LsgParams *
lsg_sweep_point_params (const LsgSweep *sweep,
                        guint           index)
{
  const LsgSweepResult *r;
  LsgParams *params;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (index < sweep->n_points, NULL);

  r = &sweep->results[index];
  params = lsg_params_copy (sweep->base);
  apply_axes (params, sweep->axes, sweep->n_axes, r->values);
  if (sweep->mc > 0)
    {
      params->mc_seed = r->mc_seed;
      params->noise_seed = r->noise_seed;
    }
  return params;
}

gboolean
lsg_sweep_in_shard (guint index,
                    guint shard_k,
                    guint shard_n)
{
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, FALSE);
  return index % shard_n == shard_k - 1;
}

guint
lsg_sweep_shard_size (const LsgSweep *sweep,
                      guint           shard_k,
                      guint           shard_n)
{
  g_return_val_if_fail (sweep != NULL, 0);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, 0);

  if (shard_k > sweep->n_points)
    return 0;
  return (sweep->n_points - shard_k) / shard_n + 1;
}

/* Running */

/* What workers push to the queue, as pointers: a worker's exit, or
 * MSG_POINT_DONE + the index of a point that finished. */
typedef enum {
  MSG_WORKER_EXIT = 1,
  MSG_POINT_DONE = 2,
} WorkerMessage;

typedef struct {
  LsgSweep     *sweep;
  const guint  *todo;
  guint         n_todo;
  gint          next;         /* atomic: next entry of todo to take */
  GAsyncQueue  *queue;        /* WorkerMessage as pointers */
  GCancellable *cancellable;
} RunState;

/* A worker's data set, kept while the points it runs share their data. */
typedef struct {
  char       *key;
  LsgDataset *dataset;
} DatasetCache;

static char *
dataset_key (const LsgParams *params)
{
  GString *key = g_string_new (NULL);
  const LsgKeySpec *specs;
  guint n_specs;

  specs = lsg_key_specs (&n_specs);
  for (guint s = 0; s < n_specs; s++)
    if (g_str_equal (specs[s].group, "dataset"))
      {
        g_autofree char *v = lsg_params_get_as_string (params, &specs[s]);

        g_string_append_printf (key, "%s=%s\n", specs[s].key, v);
      }
  g_string_append_printf (key, "base_dir=%s\n", params->base_dir != NULL ? params->base_dir : "");
  return g_string_free (key, FALSE);
}

static void
run_point (RunState     *state,
           guint         index,
           DatasetCache *cache)
{
  LsgSweepResult *r = &state->sweep->results[index];
  g_autoptr(LsgParams) params = lsg_sweep_point_params (state->sweep, index);
  g_autoptr(LsgRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = dataset_key (params);

  result_clear (r);
  if (cache->key == NULL || !g_str_equal (cache->key, key))
    {
      g_clear_pointer (&cache->key, g_free);
      g_clear_pointer (&cache->dataset, lsg_dataset_free);
      cache->dataset = lsg_dataset_new_from_params (params, &error);
      if (cache->dataset == NULL)
        {
          r->error = g_strdup (error->message);
          r->done = TRUE;
          return;
        }
      cache->key = g_steal_pointer (&key);
    }

  run = lsg_run_execute_with_dataset (params, cache->dataset, LSG_RUN_DEFAULT, NULL, NULL,
                                      state->cancellable, &error);
  if (run == NULL)
    {
      /* a cancelled point has not run; anything else is its result */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          r->error = g_strdup (error->message);
          r->done = TRUE;
        }
      return;
    }
  r->summary = *lsg_run_get_summary (run);
  r->estimate = *lsg_run_get_estimate (run);
  r->done = TRUE;
}

static void
worker (gpointer data,
        gpointer user_data G_GNUC_UNUSED)
{
  RunState *state = data;
  DatasetCache cache = { NULL, NULL };

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&state->next, 1);

      if (i >= state->n_todo || g_cancellable_is_cancelled (state->cancellable))
        break;
      run_point (state, state->todo[i], &cache);
      g_async_queue_push (state->queue, GUINT_TO_POINTER (MSG_POINT_DONE + state->todo[i]));
    }
  g_free (cache.key);
  g_clear_pointer (&cache.dataset, lsg_dataset_free);
  g_async_queue_push (state->queue, GUINT_TO_POINTER (MSG_WORKER_EXIT));
}

/* The points of the shard (those not done yet when pending), on a pool
 * of workers; progress counts n_before points done before. */
static gboolean
run_points (LsgSweep          *sweep,
            guint              n_threads,
            guint              shard_k,
            guint              shard_n,
            gboolean           pending,
            LsgSweepProgress   progress,
            LsgSweepPointDone  point_done,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autofree guint *todo = NULL;
  g_autoptr(GAsyncQueue) queue = NULL;
  GThreadPool *pool;
  RunState state = { 0 };
  guint n_todo = 0, n_workers, n_started = 0, n_exited = 0, done = 0, n_before = 0, total;
  gint64 t_start, t_last_progress = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  todo = g_new (guint, MAX (sweep->n_points, 1));
  for (guint p = shard_k - 1; p < sweep->n_points; p += shard_n)
    if (pending && sweep->results[p].done)
      n_before++;
    else
      todo[n_todo++] = p;
  total = n_before + n_todo;
  if (n_todo == 0 && pending)
    {
      if (progress != NULL)
        progress (total, total, 0.0, user_data);
      return TRUE;
    }

  if (n_threads == 0)
    n_threads = MAX (g_get_num_processors (), 1);
  n_workers = MIN (n_threads, MAX (n_todo, 1));

  queue = g_async_queue_new ();
  state.sweep = sweep;
  state.todo = todo;
  state.n_todo = n_todo;
  state.next = 0;
  state.queue = queue;
  state.cancellable = cancellable;

  t_start = g_get_monotonic_time ();
  pool = g_thread_pool_new (worker, NULL, (int) n_workers, FALSE, error);
  if (pool == NULL)
    return FALSE;
  for (guint w = 0; w < n_workers; w++)
    {
      g_autoptr(GError) local = NULL;

      /* One task per worker, each pulling points from the shared counter:
       * a worker keeps its data set from point to point. */
      if (!g_thread_pool_push (pool, &state, &local))
        {
          if (n_started == 0)
            {
              g_thread_pool_free (pool, TRUE, TRUE);
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_THREADS,
                           "cannot start a sweep worker: %s", local->message);
              return FALSE;
            }
          break;
        }
      n_started++;
    }

  while (n_exited < n_started)
    {
      guintptr msg = GPOINTER_TO_UINT (g_async_queue_timeout_pop (queue, 50000));
      gint64 now = g_get_monotonic_time ();

      if (msg >= MSG_POINT_DONE)
        {
          done++;
          if (point_done != NULL)
            point_done ((guint) (msg - MSG_POINT_DONE), user_data);
        }
      else if (msg == MSG_WORKER_EXIT)
        n_exited++;
      if (progress != NULL && msg != 0 && done < n_todo
          && now - t_last_progress >= 50000)
        {
          double elapsed_s = (now - t_start) * 1e-6;
          double eta_s = done > 0 ? elapsed_s / done * (n_todo - done) : NAN;

          progress (n_before + done, total, eta_s, user_data);
          t_last_progress = now;
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (n_before + done, total, 0.0, user_data);
  return TRUE;
}

gboolean
lsg_sweep_run (LsgSweep         *sweep,
               guint             n_threads,
               guint             shard_k,
               guint             shard_n,
               LsgSweepProgress  progress,
               gpointer          user_data,
               GCancellable     *cancellable,
               GError          **error)
{
  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  return run_points (sweep, n_threads, shard_k, shard_n, FALSE, progress, NULL, user_data,
                     cancellable, error);
}

gboolean
lsg_sweep_run_pending (LsgSweep           *sweep,
                       guint               n_threads,
                       guint               shard_k,
                       guint               shard_n,
                       LsgSweepProgress    progress,
                       LsgSweepPointDone   point_done,
                       gpointer            user_data,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  return run_points (sweep, n_threads, shard_k, shard_n, TRUE, progress, point_done,
                     user_data, cancellable, error);
}

const LsgSweepResult *
lsg_sweep_get_result (const LsgSweep *sweep,
                      guint           index)
{
  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (index < sweep->n_points, NULL);
  return &sweep->results[index];
}

guint
lsg_sweep_get_n_failed (const LsgSweep *sweep)
{
  guint n = 0;

  g_return_val_if_fail (sweep != NULL, 0);
  for (guint p = 0; p < sweep->n_points; p++)
    if (sweep->results[p].done && sweep->results[p].error != NULL)
      n++;
  return n;
}
