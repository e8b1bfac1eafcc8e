/* lsg-ticks.c: axis ticks and their labels. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lsg-number-private.h"
#include "lsg-plot-math.h"

#define MINUS LSG_NUMBER_MINUS
#define PREFIX_MIN_EXP LSG_NUMBER_PREFIX_MIN_EXP
#define PREFIX_MAX_EXP LSG_NUMBER_PREFIX_MAX_EXP
/* Relative slack when a computed position is compared with a tick. */
#define TICK_EPS 1e-9

/* ---- Ticks ------------------------------------------------------------ */

static guint
count_multiples (double lo,
                 double hi,
                 double step)
{
  double first = ceil (lo / step - TICK_EPS);
  double last = floor (hi / step + TICK_EPS);

  if (last < first)
    return 0;
  return (guint) MIN (last - first + 1, (double) G_MAXUINT);
}

double
lsg_ticks_nice_step (double lo,
                     double hi,
                     guint  max_ticks)
{
  static const double mantissas[] = { 1, 2, 5 };
  double raw = (hi - lo) / MAX (1, (int) max_ticks - 1);
  int e = (int) floor (log10 (raw)) - 1;

  for (;; e++)
    for (guint k = 0; k < G_N_ELEMENTS (mantissas); k++)
      {
        double step = mantissas[k] * lsg_number_pow10i (e);

        if (count_multiples (lo, hi, step) <= max_ticks)
          return step;
      }
}

static void
tick_set (LsgTick  *tick,
          double    value,
          gboolean  major)
{
  tick->value = value;
  tick->major = major;
  tick->label[0] = '\0';
}

guint
lsg_ticks_linear (double   lo,
                  double   hi,
                  guint    max_ticks,
                  LsgTick *ticks)
{
  double step, first;
  guint count;

  g_return_val_if_fail (ticks != NULL, 0);

  if (!isfinite (lo) || !isfinite (hi))
    return 0;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (hi - lo <= 0)
    {
      tick_set (&ticks[0], lo, TRUE);
      return 1;
    }
  max_ticks = CLAMP (max_ticks, 2, LSG_TICKS_MAX);

  step = lsg_ticks_nice_step (lo, hi, max_ticks);
  first = ceil (lo / step - TICK_EPS);
  count = MIN (count_multiples (lo, hi, step), LSG_TICKS_MAX);
  for (guint i = 0; i < count; i++)
    {
      /* integer multiples of step: no drift from repeated addition */
      double v = (first + i) * step;

      if (fabs (v) < step * TICK_EPS)
        v = 0;
      tick_set (&ticks[i], v, TRUE);
    }
  return count;
}

static int
compare_ticks (const void *a,
               const void *b)
{
  double va = ((const LsgTick *) a)->value;
  double vb = ((const LsgTick *) b)->value;

  return (va > vb) - (va < vb);
}

/* Euclidean remainder: decades below 1 are negative. */
static int
mod_floor (int a,
           int b)
{
  int r = a % b;

  return r < 0 ? r + b : r;
}

guint
lsg_ticks_log (double   lo,
               double   hi,
               guint    max_ticks,
               LsgTick *ticks)
{
  double llo, lhi;
  int d0, d1, n_dec;
  guint n = 0;

  g_return_val_if_fail (ticks != NULL, 0);

  if (!isfinite (lo) || !isfinite (hi) || lo <= 0 || hi <= 0)
    return 0;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  max_ticks = CLAMP (max_ticks, 2, LSG_TICKS_MAX);
  llo = log10 (lo);
  lhi = log10 (hi);
  d0 = (int) ceil (llo - TICK_EPS);
  d1 = (int) floor (lhi + TICK_EPS);
  n_dec = d1 - d0 + 1;

  if (n_dec >= 2)
    {
      int k = (n_dec + (int) max_ticks - 1) / (int) max_ticks;
      /* beyond every third decade, thin to SI prefixes: 10⁻⁹, 10⁻⁶, ... */
      if (k > 3)
        k = 3 * ((k + 2) / 3);
      gboolean minors_25 = k == 1 && n_dec <= MAX (2, (int) max_ticks / 2);
      /* decades skipped by thinning become minors while they fit */
      gboolean minors_dec = k > 1 && n_dec <= LSG_TICKS_MAX;

      for (int d = d0; d <= d1 && n < LSG_TICKS_MAX; d++)
        {
          gboolean major = mod_floor (d, k) == 0;

          if (major || minors_dec)
            tick_set (&ticks[n++], lsg_number_pow10i (d), major);
        }
      if (minors_25)
        for (int d = d0 - 1; d <= d1 && n + 2 <= LSG_TICKS_MAX; d++)
          {
            static const double ms[] = { 2, 5 };

            for (guint j = 0; j < G_N_ELEMENTS (ms); j++)
              {
                double v = ms[j] * lsg_number_pow10i (d);

                if (v >= lo * (1 - TICK_EPS) && v <= hi * (1 + TICK_EPS))
                  tick_set (&ticks[n++], v, FALSE);
              }
          }
      /* up to three decades with room to spare: label the 2s and 5s too */
      if (minors_25 && n_dec <= 3 && n <= max_ticks)
        for (guint i = 0; i < n; i++)
          ticks[i].major = TRUE;
      qsort (ticks, n, sizeof *ticks, compare_ticks);
      return n;
    }

  /* under two decades in view: labelled 1-2-5 ticks */
  for (int d = d0 - 1; d <= d1; d++)
    {
      static const double ms[] = { 1, 2, 5 };

      for (guint j = 0; j < G_N_ELEMENTS (ms); j++)
        {
          double v = ms[j] * lsg_number_pow10i (d);

          if (v >= lo * (1 - TICK_EPS) && v <= hi * (1 + TICK_EPS)
              && n < max_ticks)
            tick_set (&ticks[n++], v, TRUE);
        }
    }
  if (n >= 2)
    return n;

  return lsg_ticks_linear (lo, hi, max_ticks, ticks);
}

/* Fewest decimals (0..15) that show every v / scale to within a millionth
 * of the smallest gap between neighbours. */
static int
decimals_needed (const LsgTick *ticks,
                 guint          n,
                 double         scale)
{
  double prev = NAN;
  double gap = INFINITY;
  double maxabs = 0;

  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!ticks[i].major)
        continue;
      v = ticks[i].value / scale;
      maxabs = MAX (maxabs, fabs (v));
      if (!isnan (prev) && v - prev > 0)
        gap = MIN (gap, v - prev);
      prev = v;
    }
  if (!isfinite (gap))
    gap = maxabs > 0 ? maxabs : 1;

  for (int d = 0; d < 15; d++)
    {
      double p = lsg_number_pow10i (d);
      gboolean ok = TRUE;

      for (guint i = 0; i < n && ok; i++)
        {
          double v;

          if (!ticks[i].major)
            continue;
          v = ticks[i].value / scale;
          ok = fabs (round (v * p) / p - v) <= 1e-6 * gap;
        }
      if (ok)
        return d;
    }
  return 15;
}

/* Whether the labelled ticks are equally spaced (a linear axis). */
static gboolean
evenly_spaced (const LsgTick *ticks,
               guint          n)
{
  double first_gap = NAN, prev = NAN;

  for (guint i = 0; i < n; i++)
    {
      if (!ticks[i].major)
        continue;
      if (!isnan (prev))
        {
          double gap = ticks[i].value - prev;

          if (isnan (first_gap))
            first_gap = gap;
          else if (fabs (gap - first_gap) > 1e-6 * fabs (first_gap))
            return FALSE;
        }
      prev = ticks[i].value;
    }
  return TRUE;
}

char *
lsg_format_ticks (LsgTick    *ticks,
                  guint       n,
                  const char *unit)
{
  double maxabs = 0, minabs = INFINITY;
  gboolean any = FALSE;

  g_return_val_if_fail (ticks != NULL || n == 0, NULL);

  for (guint i = 0; i < n; i++)
    {
      double a = fabs (ticks[i].value);

      ticks[i].label[0] = '\0';
      if (!ticks[i].major || !isfinite (a))
        continue;
      any = TRUE;
      maxabs = MAX (maxabs, a);
      if (a > 0)
        minabs = MIN (minabs, a);
    }
  if (!any)
    return g_strdup (lsg_number_has_unit (unit) ? unit : "");

  if (maxabs == 0 || maxabs / minabs < 1000 * (1 - TICK_EPS))
    {
      /* one shared prefix (or factor) for the axis */
      int e3 = 0;
      int decimals;
      double scale;
      gboolean uneven;

      /* a prefix of a squared unit scales its base: steps of 10^(3 power) */
      int power = lsg_number_unit_power (unit);

      if (maxabs > 0 && (lsg_number_has_unit (unit) || maxabs < 1e-3 || maxabs >= 1e4))
        {
          e3 = 3 * power * (int) floor (log10 (maxabs * (1 + TICK_EPS)) / (3 * power));
          e3 = CLAMP (e3, PREFIX_MIN_EXP * power, PREFIX_MAX_EXP * power);
        }
      scale = lsg_number_pow10i (e3);
      decimals = decimals_needed (ticks, n, scale);
      uneven = !evenly_spaced (ticks, n);
      for (guint i = 0; i < n; i++)
        {
          char buf[LSG_TICK_LABEL_MAX];
          double v;

          if (!ticks[i].major)
            continue;
          v = lsg_number_scale_down (ticks[i].value, e3);
          g_snprintf (buf, sizeof buf, "%.*f", decimals, fabs (v));
          /* 0.5, 1.0, 1.5 on a linear axis; 0.01, 0.02, 0.05 on a log one */
          if (uneven)
            lsg_number_strip_trailing_zeros (buf);
          if (g_ascii_strtod (buf, NULL) == 0)
            g_strlcpy (ticks[i].label, "0", LSG_TICK_LABEL_MAX);
          else
            g_snprintf (ticks[i].label, LSG_TICK_LABEL_MAX, "%s%s",
                        v < 0 ? MINUS : "", buf);
        }
      if (lsg_number_has_unit (unit))
        return g_strconcat (lsg_number_prefix_for_exp (e3 / power), unit, NULL);
      if (e3 == 0)
        return g_strdup ("");
      {
        GString *s = g_string_new ("\xc3\x97" "10");

        lsg_number_append_superscript_int (s, e3);
        return g_string_free (s, FALSE);
      }
    }

  /* magnitudes over several prefixes: every label its own */
  {
    gboolean plain = !lsg_number_has_unit (unit) && maxabs < 1e4 && minabs >= 1e-3;

    for (guint i = 0; i < n; i++)
      {
        g_autofree char *label = NULL;

        if (!ticks[i].major)
          continue;
        if (lsg_number_has_unit (unit))
          label = lsg_format_si (ticks[i].value, unit, 3);
        else if (ticks[i].value == 0)
          label = g_strdup ("0");
        else
          {
            GString *s = g_string_new (ticks[i].value < 0 ? MINUS : "");
            double a = fabs (ticks[i].value);

            if (plain)
              lsg_number_append_decimal (s, a, 3);
            else
              lsg_number_append_pow10 (s, a, 3);
            label = g_string_free (s, FALSE);
          }
        g_strlcpy (ticks[i].label, label, LSG_TICK_LABEL_MAX);
      }
  }
  return NULL;
}

