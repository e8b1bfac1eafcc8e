/* lsg-sweep.c: design-space sweeps, Monte Carlo and Pareto fronts. */
#include "lsg-config.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-plot-math.h"
#include "lsg-run.h"
#include "lsg-sim.h"
#include "lsg-sweep.h"

/* The file format's version, in its first line.  v2: random streams by
 * purpose (MODEL.md 8), topologies and new figures of merit; v1 files'
 * numbers differ and are not merged with v2 ones. */
#define SWEEP_FORMAT "v2"

G_DEFINE_QUARK (lsg-sweep-error-quark, lsg_sweep_error)

struct _LsgSweep {
  LsgParams      *base;
  LsgSweepAxis    axes[LSG_SWEEP_MAX_AXES];
  guint           n_axes;
  guint           mc;
  guint           n_grid;      /* product of the axes' points */
  guint           n_points;    /* n_grid x max (mc, 1) */
  LsgSweepResult *results;
};


static char *
format_exact (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (lsg_format_double_exact (buf, sizeof buf, value));
}

/* Axes */

/* The lambda axis as a quantity: dimensionless, from 0 to the largest
 * ratio of the bias keys' ranges (10 uA over 1 fA); the range of
 * [circuit] i_lambda at each point is the limit that matters. */
static const LsgKeySpec lambda_axis_spec = {
  "derived", "lambda", LSG_KEY_DOUBLE, 0, 0, 1e10, LSG_KEY_FLAG_LOG, "", NULL,
  "Regularization \xce\xbb",
  "lambda = I_lambda / I_eta: sets [circuit] i_lambda from the effective I_eta of each point",
};

const LsgKeySpec *
lsg_sweep_axis_lookup (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_equal (path, LSG_SWEEP_LAMBDA_AXIS) || g_str_equal (path, "lambda"))
    return &lambda_axis_spec;
  return lsg_key_spec_lookup_path (path);
}

double
lsg_sweep_axis_base_value (const LsgSweepAxis *axis,
                           const LsgParams    *params)
{
  g_return_val_if_fail (axis != NULL && axis->spec != NULL && params != NULL, NAN);

  if (axis->kind == LSG_SWEEP_AXIS_LAMBDA)
    return lsg_params_lambda (params);
  return lsg_params_get_number (params, axis->spec);
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

static gboolean
axis_error (GError    **error,
            const char *text,
            const char *fmt,
            ...) G_GNUC_PRINTF (3, 4);

static gboolean
axis_error (GError    **error,
            const char *text,
            const char *fmt,
            ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_AXIS,
               "sweep axis \xe2\x80\x9c%s\xe2\x80\x9d: %s", text, what);
  return FALSE;
}

gboolean
lsg_sweep_axis_parse (const char    *text,
                      LsgSweepAxis  *axis,
                      GError       **error)
{
  static const char form[] = "use GROUP.KEY=FROM:TO:N or GROUP.KEY=FROM:TO:N:log "
                              "(or " LSG_SWEEP_LAMBDA_AXIS "=FROM:TO:N[:log])";
  const char *eq;
  g_autofree char *path = NULL;
  g_auto(GStrv) parts = NULL;
  const LsgKeySpec *spec;
  LsgSweepAxis a = { 0 };
  guint n_parts;
  guint64 n;
  char *end = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (axis != NULL, FALSE);

  eq = strchr (text, '=');
  if (eq == NULL || eq == text)
    return axis_error (error, text, "%s", form);
  path = g_strndup (text, eq - text);
  spec = lsg_sweep_axis_lookup (path);
  if (spec == NULL)
    return axis_error (error, text, "no key %s in the design point; "
                       "keys are written GROUP.KEY, e.g. circuit.i_eta, and "
                       LSG_SWEEP_LAMBDA_AXIS " sweeps I_lambda / I_eta", path);
  if (spec == &lambda_axis_spec)
    a.kind = LSG_SWEEP_AXIS_LAMBDA;
  if (spec->type != LSG_KEY_DOUBLE && spec->type != LSG_KEY_UINT
      && spec->type != LSG_KEY_UINT64)
    return axis_error (error, text, "[%s] %s is not numeric; only real and whole-number "
                       "keys can be swept", spec->group, spec->key);

  parts = g_strsplit (eq + 1, ":", -1);
  n_parts = g_strv_length (parts);
  if (n_parts != 3 && n_parts != 4)
    return axis_error (error, text, "%s", form);
  a.spec = spec;
  if (!parse_double (parts[0], &a.from))
    return axis_error (error, text, "FROM \xe2\x80\x9c%s\xe2\x80\x9d is not a finite number",
                       parts[0]);
  if (!parse_double (parts[1], &a.to))
    return axis_error (error, text, "TO \xe2\x80\x9c%s\xe2\x80\x9d is not a finite number",
                       parts[1]);
  if (parts[2][0] < '0' || parts[2][0] > '9')
    return axis_error (error, text, "N \xe2\x80\x9c%s\xe2\x80\x9d is not a whole number "
                       "from 1 to %u", parts[2], LSG_SWEEP_MAX_POINTS);
  n = g_ascii_strtoull (parts[2], &end, 10);
  if (*end != '\0' || n < 1 || n > LSG_SWEEP_MAX_POINTS)
    return axis_error (error, text, "N \xe2\x80\x9c%s\xe2\x80\x9d is not a whole number "
                       "from 1 to %u", parts[2], LSG_SWEEP_MAX_POINTS);
  a.n = (guint) n;
  if (n_parts == 4)
    {
      if (g_str_equal (parts[3], "log"))
        a.log = TRUE;
      else if (!g_str_equal (parts[3], "lin"))
        return axis_error (error, text, "spacing \xe2\x80\x9c%s\xe2\x80\x9d: use log or lin "
                           "(the default)", parts[3]);
    }
  if (a.log && !(a.from > 0 && a.to > 0))
    return axis_error (error, text, "a logarithmic axis needs FROM and TO above 0");
  for (guint e = 0; e < 2; e++)
    {
      double v = e == 0 ? a.from : a.to;

      if (!lsg_key_spec_in_range (spec, v))
        {
          g_autofree char *range = lsg_key_spec_describe_range (spec);

          if (a.kind == LSG_SWEEP_AXIS_LAMBDA)
            return axis_error (error, text, "%s = %g is out of the range of "
                               LSG_SWEEP_LAMBDA_AXIS "; allowed: %s",
                               e == 0 ? "FROM" : "TO", v, range);
          return axis_error (error, text, "%s = %g is out of the range of [%s] %s; allowed: %s",
                             e == 0 ? "FROM" : "TO", v, spec->group, spec->key, range);
        }
    }
  if (spec->type != LSG_KEY_DOUBLE)
    {
      /* whole-number keys round each point; the ends must round into range */
      for (guint e = 0; e < 2; e++)
        if (!lsg_key_spec_in_range (spec, round (e == 0 ? a.from : a.to)))
          {
            g_autofree char *range = lsg_key_spec_describe_range (spec);

            return axis_error (error, text, "%s rounds to %g, out of range; allowed: %s",
                               e == 0 ? "FROM" : "TO", round (e == 0 ? a.from : a.to), range);
          }
    }
  *axis = a;
  return TRUE;
}

double
lsg_sweep_axis_value (const LsgSweepAxis *axis,
                      guint               i)
{
  double v;

  g_return_val_if_fail (axis != NULL && axis->spec != NULL, NAN);
  g_return_val_if_fail (i < axis->n, NAN);

  if (i == 0 || axis->n == 1)
    v = axis->from;
  else if (i == axis->n - 1)
    v = axis->to;
  else if (axis->log)
    v = axis->from * pow (axis->to / axis->from, (double) i / (axis->n - 1));
  else
    /* weights whole numbers and one division: decimal grids such as
     * 1:3:3 come out as the decimals (2, not 2 - 1 ulp) more often */
    v = (axis->from * (axis->n - 1 - i) + axis->to * i) / (axis->n - 1);
  if (axis->spec->type != LSG_KEY_DOUBLE)
    v = round (v);
  return v;
}

char *
lsg_sweep_axis_to_string (const LsgSweepAxis *axis)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (axis != NULL && axis->spec != NULL, NULL);

  from = format_exact (axis->from);
  to = format_exact (axis->to);
  return g_strdup_printf ("%s.%s=%s:%s:%u%s", axis->spec->group, axis->spec->key,
                          from, to, axis->n, axis->log ? ":log" : "");
}

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

typedef enum {
  MSG_POINT_DONE = 1,
  MSG_WORKER_EXIT = 2,
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
      g_async_queue_push (state->queue, GUINT_TO_POINTER (MSG_POINT_DONE));
    }
  g_free (cache.key);
  g_clear_pointer (&cache.dataset, lsg_dataset_free);
  g_async_queue_push (state->queue, GUINT_TO_POINTER (MSG_WORKER_EXIT));
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
  g_autofree guint *todo = NULL;
  g_autoptr(GAsyncQueue) queue = NULL;
  GThreadPool *pool;
  RunState state = { 0 };
  guint n_todo = 0, n_workers, n_started = 0, n_exited = 0, done = 0;
  gint64 t_start, t_last_progress = 0;

  g_return_val_if_fail (sweep != NULL, FALSE);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  todo = g_new (guint, MAX (sweep->n_points, 1));
  for (guint p = shard_k - 1; p < sweep->n_points; p += shard_n)
    todo[n_todo++] = p;

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
      gpointer msg = g_async_queue_timeout_pop (queue, 50000);
      gint64 now = g_get_monotonic_time ();

      if (msg == GUINT_TO_POINTER (MSG_POINT_DONE))
        done++;
      else if (msg == GUINT_TO_POINTER (MSG_WORKER_EXIT))
        n_exited++;
      if (progress != NULL && msg != NULL && done < n_todo
          && now - t_last_progress >= 50000)
        {
          double elapsed_s = (now - t_start) * 1e-6;
          double eta_s = done > 0 ? elapsed_s / done * (n_todo - done) : NAN;

          progress (done, n_todo, eta_s, user_data);
          t_last_progress = now;
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (done, n_todo, 0.0, user_data);
  return TRUE;
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

/* Columns */

static gsize
init_figure_names (const char ***names)
{
  const LsgSummaryField *fields;
  const LsgEstimateField *est;
  guint n_fields, n_est;
  const char **all;
  guint k = 0;

  fields = lsg_summary_fields (&n_fields);
  est = lsg_estimate_fields (&n_est);
  all = g_new0 (const char *, n_fields + n_est + 1);
  for (guint f = 0; f < n_fields; f++)
    all[k++] = fields[f].key;
  for (guint f = 0; f < n_est; f++)
    all[k++] = est[f].key;
  *names = all;
  return k;
}

const char *const *
lsg_sweep_figure_names (guint *n_names)
{
  static const char **names;
  static gsize n;

  if (g_once_init_enter (&names))
    {
      const char **all;

      n = init_figure_names (&all);
      g_once_init_leave (&names, all);
    }
  if (n_names != NULL)
    *n_names = (guint) n;
  return names;
}

gboolean
lsg_sweep_figure_describe (const char  *name,
                           const char **label,
                           const char **unit)
{
  const LsgSummaryField *fields;
  const LsgEstimateField *est;
  guint n_fields, n_est;

  g_return_val_if_fail (name != NULL, FALSE);

  fields = lsg_summary_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    if (g_str_equal (fields[f].key, name))
      {
        if (label != NULL)
          *label = fields[f].label;
        if (unit != NULL)
          *unit = fields[f].unit;
        return TRUE;
      }
  est = lsg_estimate_fields (&n_est);
  for (guint f = 0; f < n_est; f++)
    if (g_str_equal (est[f].key, name))
      {
        if (label != NULL)
          *label = est[f].label;
        if (unit != NULL)
          *unit = est[f].unit;
        return TRUE;
      }
  return FALSE;
}

gboolean
lsg_sweep_figure_smaller_is_better (const char *name)
{
  static const char *const larger[] = {
    "enob", "retention", "power_ratio_int8", "power_ratio_fp32",
    "area_ratio_int8", "area_ratio_fp32", NULL
  };

  g_return_val_if_fail (name != NULL, TRUE);
  return !g_strv_contains (larger, name);
}

static double
figure_value (const LsgSweepResult *r,
              const char           *column,
              gboolean             *found)
{
  const LsgSummaryField *fields;
  const LsgEstimateField *est;
  guint n_fields, n_est;

  *found = TRUE;
  fields = lsg_summary_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    if (g_str_equal (fields[f].key, column))
      return G_STRUCT_MEMBER (double, &r->summary, fields[f].offset);
  est = lsg_estimate_fields (&n_est);
  for (guint f = 0; f < n_est; f++)
    if (g_str_equal (est[f].key, column))
      return lsg_estimate_field_value (&r->estimate, &est[f]);
  *found = FALSE;
  return NAN;
}

double
lsg_sweep_result_value (const LsgSweep *sweep,
                        guint           index,
                        const char     *column)
{
  const LsgSweepResult *r;
  gboolean found;
  double v;

  g_return_val_if_fail (sweep != NULL, NAN);
  g_return_val_if_fail (index < sweep->n_points, NAN);
  g_return_val_if_fail (column != NULL, NAN);

  r = &sweep->results[index];
  if (g_str_equal (column, "point"))
    return index;
  if (g_str_equal (column, "mc"))
    return r->mc;
  if (g_str_equal (column, "mc_seed"))
    return (double) r->mc_seed;
  if (g_str_equal (column, "noise_seed"))
    return (double) r->noise_seed;
  for (guint a = 0; a < sweep->n_axes; a++)
    {
      const LsgKeySpec *spec = sweep->axes[a].spec;
      gsize lg = strlen (spec->group);

      if (strncmp (column, spec->group, lg) == 0 && column[lg] == '.'
          && g_str_equal (column + lg + 1, spec->key))
        return r->values[a];
    }
  v = figure_value (r, column, &found);
  if (!found || !r->done || r->error != NULL)
    return NAN;
  return v;
}

/* CSV */

static char *
comment_line (const LsgSweep *sweep)
{
  GString *out = g_string_new ("# logsgd sweep " SWEEP_FORMAT "; points=");
  g_autofree char *design = lsg_params_to_data (sweep->base, NULL);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, design, -1);

  g_string_append_printf (out, "%u; mc=%u; axes=", sweep->n_points, sweep->mc);
  if (sweep->n_axes == 0)
    g_string_append (out, "none");
  for (guint a = 0; a < sweep->n_axes; a++)
    {
      g_autofree char *axis = lsg_sweep_axis_to_string (&sweep->axes[a]);

      if (a > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, axis);
    }
  g_string_append_printf (out, "; design-sha256=%s", sha);
  return g_string_free (out, FALSE);
}

static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append (out, "\"\"");
      else if (*c == '\n' || *c == '\r')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

char *
lsg_sweep_to_csv (const LsgSweep *sweep,
                  guint           shard_k,
                  guint           shard_n)
{
  GString *out;
  g_autofree char *comment = NULL;
  const char *const *figures;
  guint n_figures;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, NULL);

  figures = lsg_sweep_figure_names (&n_figures);
  out = g_string_sized_new (256 + (gsize) lsg_sweep_shard_size (sweep, shard_k, shard_n)
                                  * (n_figures + 6) * 24);
  comment = comment_line (sweep);
  g_string_append (out, comment);
  g_string_append_c (out, '\n');

  g_string_append (out, "point");
  for (guint a = 0; a < sweep->n_axes; a++)
    g_string_append_printf (out, ",%s.%s", sweep->axes[a].spec->group, sweep->axes[a].spec->key);
  g_string_append (out, ",mc,mc_seed,noise_seed");
  for (guint f = 0; f < n_figures; f++)
    g_string_append_printf (out, ",%s", figures[f]);
  g_string_append (out, ",error\n");

  for (guint p = shard_k - 1; p < sweep->n_points; p += shard_n)
    {
      const LsgSweepResult *r = &sweep->results[p];

      g_string_append_printf (out, "%u", p);
      for (guint a = 0; a < sweep->n_axes; a++)
        {
          g_string_append_c (out, ',');
          if (sweep->axes[a].spec->type == LSG_KEY_DOUBLE)
            lsg_number_append (out, r->values[a]);
          else
            g_string_append_printf (out, "%" G_GUINT64_FORMAT, (guint64) r->values[a]);
        }
      g_string_append_printf (out, ",%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                              r->mc, r->mc_seed, r->noise_seed);
      for (guint f = 0; f < n_figures; f++)
        {
          g_string_append_c (out, ',');
          lsg_number_append (out, lsg_sweep_result_value (sweep, p, figures[f]));
        }
      g_string_append_c (out, ',');
      if (!r->done)
        append_quoted (out, "not run");
      else if (r->error != NULL)
        append_quoted (out, r->error);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Merge */

typedef struct {
  guint       point;
  const char *line;       /* into a split copy of its text */
} MergeRow;

static int
merge_row_compare (gconstpointer a,
                   gconstpointer b)
{
  const MergeRow *ra = a, *rb = b;

  return (ra->point > rb->point) - (ra->point < rb->point);
}

gboolean
lsg_sweep_merge_csv (const char *const  *texts,
                     const char *const  *names,
                     guint               n,
                     char              **merged,
                     GError            **error)
{
  g_autoptr(GPtrArray) splits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (MergeRow));
  g_autofree guint *seen = NULL;    /* 1 + the text a point came from, 0 if none yet */
  const char *comment = NULL, *header = NULL;
  guint64 n_points = 0;
  GString *out;

  g_return_val_if_fail (n == 0 || texts != NULL, FALSE);
  g_return_val_if_fail (merged != NULL, FALSE);

  if (n == 0)
    {
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE, "no sweep files to merge");
      return FALSE;
    }

  for (guint t = 0; t < n; t++)
    {
      g_autofree char *fallback = g_strdup_printf ("input %u", t + 1);
      const char *name = names != NULL && names[t] != NULL ? names[t] : fallback;
      char **lines;
      guint n_lines;

      if (!g_str_has_prefix (texts[t], "# logsgd sweep ")
          || (!g_str_has_suffix (texts[t], "\n")))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s: not a complete sweep file (it must begin with the line "
                       "\xe2\x80\x9c# logsgd sweep\xe2\x80\xa6\xe2\x80\x9d that logsgd sweep "
                       "writes and end in a line break)", name);
          return FALSE;
        }
      if (!g_str_has_prefix (texts[t], "# logsgd sweep " SWEEP_FORMAT ";"))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 1: written by another version of logsgd sweep (this one "
                       "writes and merges %s files; results of earlier versions differ, "
                       "so run that shard again)", name, SWEEP_FORMAT);
          return FALSE;
        }
      lines = g_strsplit (texts[t], "\n", -1);
      g_ptr_array_add (splits, lines);
      n_lines = g_strv_length (lines);
      /* the text ends in "\n": the last piece is empty */
      n_lines--;
      if (n_lines < 2 || !g_str_has_prefix (lines[1], "point,"))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 2: the header (point,...) is missing", name);
          return FALSE;
        }
      if (comment == NULL)
        {
          const char *p = strstr (lines[0], "; points=");
          char *end = NULL;

          if (p != NULL)
            n_points = g_ascii_strtoull (p + strlen ("; points="), &end, 10);
          if (p == NULL || end == NULL || *end != ';' || n_points > LSG_SWEEP_MAX_POINTS)
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line 1: the number of points (points=N) is missing", name);
              return FALSE;
            }
          comment = lines[0];
          header = lines[1];
          seen = g_new0 (guint, MAX (n_points, 1));
        }
      else if (!g_str_equal (lines[0], comment))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 1: another sweep (other axes, Monte Carlo or design point) "
                       "than %s: \xe2\x80\x9c%s\xe2\x80\x9d against \xe2\x80\x9c%s\xe2\x80\x9d",
                       name, names != NULL && names[0] != NULL ? names[0] : "input 1",
                       lines[0], comment);
          return FALSE;
        }
      else if (!g_str_equal (lines[1], header))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 2: the columns differ from those of %s", name,
                       names != NULL && names[0] != NULL ? names[0] : "input 1");
          return FALSE;
        }

      for (guint l = 2; l < n_lines; l++)
        {
          MergeRow row;
          char *end = NULL;
          guint64 point;

          if (!g_ascii_isdigit (lines[l][0])
              || (point = g_ascii_strtoull (lines[l], &end, 10), *end != ','))
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line %u: a row must begin with its point number", name, l + 1);
              return FALSE;
            }
          if (point >= n_points)
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line %u: point %" G_GUINT64_FORMAT " is beyond the sweep's "
                           "%" G_GUINT64_FORMAT " points (0 to %" G_GUINT64_FORMAT ")",
                           name, l + 1, point, n_points, n_points - 1);
              return FALSE;
            }
          if (seen[point] != 0)
            {
              g_autofree char *other = g_strdup_printf ("input %u", seen[point]);
              const char *other_name = names != NULL && names[seen[point] - 1] != NULL
                                       ? names[seen[point] - 1] : other;

              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line %u: point %" G_GUINT64_FORMAT " is also in %s; "
                           "the shards overlap", name, l + 1, point, other_name);
              return FALSE;
            }
          seen[point] = t + 1;
          row.point = (guint) point;
          row.line = lines[l];
          g_array_append_val (rows, row);
        }
    }

  if (rows->len != n_points)
    {
      guint missing = 0, first = 0;

      for (guint p = (guint) n_points; p-- > 0;)
        if (seen[p] == 0)
          {
            missing++;
            first = p;
          }
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                   "%u of the sweep's %" G_GUINT64_FORMAT " points are missing, the first "
                   "is point %u; merge every shard of the sweep", missing, n_points, first);
      return FALSE;
    }

  g_array_sort (rows, merge_row_compare);
  out = g_string_new (comment);
  g_string_append_c (out, '\n');
  g_string_append (out, header);
  g_string_append_c (out, '\n');
  for (guint r = 0; r < rows->len; r++)
    {
      g_string_append (out, g_array_index (rows, MergeRow, r).line);
      g_string_append_c (out, '\n');
    }
  *merged = g_string_free (out, FALSE);
  return TRUE;
}

/* Pareto front */

typedef struct {
  double x, y;          /* oriented: both minimised */
  double x0, y0;        /* as given */
  guint  index;
} ParetoPoint;

static int
pareto_compare_oriented (gconstpointer a,
                         gconstpointer b)
{
  const ParetoPoint *pa = a, *pb = b;

  if (pa->x != pb->x)
    return pa->x < pb->x ? -1 : 1;
  if (pa->y != pb->y)
    return pa->y < pb->y ? -1 : 1;
  return (pa->index > pb->index) - (pa->index < pb->index);
}

static int
pareto_compare_given (gconstpointer a,
                      gconstpointer b)
{
  const ParetoPoint *pa = a, *pb = b;

  if (pa->x0 != pb->x0)
    return pa->x0 < pb->x0 ? -1 : 1;
  if (pa->y0 != pb->y0)
    return pa->y0 < pb->y0 ? -1 : 1;
  return (pa->index > pb->index) - (pa->index < pb->index);
}

guint *
lsg_pareto_front (const double *x,
                  const double *y,
                  guint         n,
                  gboolean      minimize_x,
                  gboolean      minimize_y,
                  guint        *n_front)
{
  g_autofree ParetoPoint *pts = NULL;
  g_autofree ParetoPoint *front = NULL;
  guint m = 0, n_out = 0;
  double best_before = INFINITY;   /* least y of every smaller x */
  gboolean any_before = FALSE;
  guint *indices;

  g_return_val_if_fail (n_front != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);

  *n_front = 0;
  pts = g_new (ParetoPoint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      if (isnan (x[i]) || isnan (y[i]))
        continue;
      pts[m].x0 = x[i];
      pts[m].y0 = y[i];
      pts[m].x = minimize_x ? x[i] : -x[i];
      pts[m].y = minimize_y ? y[i] : -y[i];
      pts[m].index = i;
      m++;
    }
  if (m == 0)
    return NULL;
  qsort (pts, m, sizeof *pts, pareto_compare_oriented);

  /* Within a run of equal x the least y comes first; those with that y
   * are on the front if no smaller x reached as low a y. */
  front = g_new (ParetoPoint, m);
  for (guint i = 0; i < m;)
    {
      guint j = i;
      double group_min = pts[i].y;

      while (j < m && pts[j].x == pts[i].x)
        j++;
      if (!any_before || group_min < best_before)
        for (guint k = i; k < j && pts[k].y == group_min; k++)
          front[n_out++] = pts[k];
      best_before = any_before ? MIN (best_before, group_min) : group_min;
      any_before = TRUE;
      i = j;
    }

  qsort (front, n_out, sizeof *front, pareto_compare_given);
  indices = g_new (guint, n_out);
  for (guint k = 0; k < n_out; k++)
    indices[k] = front[k].index;
  *n_front = n_out;
  return indices;
}
