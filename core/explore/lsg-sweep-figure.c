/* lsg-sweep-figure.c: the figures of merit a sweep records: their
 * names, labels and units, which way is better, a point's value. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-sweep-private.h"

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
