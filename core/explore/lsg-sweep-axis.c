/* lsg-sweep-axis.c: a sweep's axes, the keys' and the derived lambda
 * axis: parsing, point values, text. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-number.h"
#include "lsg-sweep.h"

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

/* A plain number, or engineering notation in the key's unit as --set
 * reads it (10p, 10pA, 2.5e-9 A).  FALSE with *unit_error set when the
 * text names another unit. */
static gboolean
parse_value (const char       *text,
             const LsgKeySpec *spec,
             double           *value,
             gboolean         *unit_error)
{
  g_autoptr(GError) error = NULL;
  char *end = NULL;

  *unit_error = FALSE;
  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  if (end != NULL && *end == '\0')
    return isfinite (*value);
  if (!lsg_parse_si (text, spec->unit, value, &error))
    {
      *unit_error = g_error_matches (error, LSG_NUMBER_ERROR, LSG_NUMBER_ERROR_UNIT);
      return FALSE;
    }
  return isfinite (*value);
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
  for (guint e = 0; e < 2; e++)
    {
      gboolean unit_error;

      if (!parse_value (parts[e], spec, e == 0 ? &a.from : &a.to, &unit_error))
        {
          if (unit_error)
            {
              g_autofree char *key = a.kind == LSG_SWEEP_AXIS_LAMBDA
                                     ? g_strdup (LSG_SWEEP_LAMBDA_AXIS)
                                     : g_strdup_printf ("[%s] %s", spec->group, spec->key);

              return axis_error (error, text, "%s \xe2\x80\x9c%s\xe2\x80\x9d has another "
                                 "unit than %s's %s", e == 0 ? "FROM" : "TO", parts[e], key,
                                 spec->unit[0] != '\0' ? spec->unit : "(none)");
            }
          return axis_error (error, text, "%s \xe2\x80\x9c%s\xe2\x80\x9d is not a finite "
                             "number (plain, or with an SI prefix%s, like 2.5n or 2.5e-9)",
                             e == 0 ? "FROM" : "TO", parts[e],
                             spec->unit[0] != '\0' ? " and the unit" : "");
        }
    }
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
