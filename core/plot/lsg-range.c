/* lsg-range.c: view ranges (fit, zoom, pan, clamp) and the palette. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lsg-plot-math.h"

/* Relative slack when a computed position is compared with a tick. */
#define TICK_EPS 1e-9
/* Ends of the ranges a view may take; beyond them spans overflow. */
#define RANGE_ABS_MAX 1e300
#define RANGE_LOG_MIN 1e-300

/* ---- View ranges ------------------------------------------------------ */

void
lsg_range_init_empty (LsgRange *range)
{
  g_return_if_fail (range != NULL);

  range->lo = INFINITY;
  range->hi = -INFINITY;
}

gboolean
lsg_range_is_empty (const LsgRange *range)
{
  g_return_val_if_fail (range != NULL, TRUE);

  return !(range->lo <= range->hi);
}

void
lsg_range_add_value (LsgRange *range,
                     double    v,
                     gboolean  log)
{
  if (!isfinite (v) || (log && v <= 0))
    return;
  if (v < range->lo)
    range->lo = v;
  if (v > range->hi)
    range->hi = v;
}

void
lsg_range_add (LsgRange     *range,
               const double *v,
               gsize         n,
               gboolean      log)
{
  g_return_if_fail (range != NULL);
  g_return_if_fail (n == 0 || v != NULL);

  for (gsize i = 0; i < n; i++)
    lsg_range_add_value (range, v[i], log);
}

static void
range_default (LsgRange *range,
               gboolean  log)
{
  range->lo = log ? 1 : 0;
  range->hi = log ? 10 : 1;
}

/* Empty or constant data to a range with a span; TRUE if it did. */
static gboolean
range_fit_degenerate (LsgRange *range,
                      gboolean  log)
{
  if (lsg_range_is_empty (range))
    {
      range_default (range, log);
      return TRUE;
    }
  if (log)
    {
      if (log10 (range->hi) - log10 (range->lo) < LSG_RANGE_MIN_REL_SPAN)
        {
          double c = sqrt (range->lo * range->hi);

          range->lo = c / sqrt (10);
          range->hi = c * sqrt (10);
          lsg_range_clamp (range, log);
          return TRUE;
        }
      return FALSE;
    }
  if (range->hi - range->lo
      <= LSG_RANGE_MIN_REL_SPAN * MAX (fabs (range->lo), fabs (range->hi)))
    {
      double c = 0.5 * (range->lo + range->hi);
      double d = c == 0 ? 1 : 0.05 * fabs (c);

      range->lo = c - d;
      range->hi = c + d;
      lsg_range_clamp (range, log);
      return TRUE;
    }
  return FALSE;
}

void
lsg_range_fit (LsgRange *range,
               gboolean  log,
               double    pad)
{
  g_return_if_fail (range != NULL);

  if (range_fit_degenerate (range, log))
    return;
  if (log)
    {
      double l0 = log10 (range->lo), l1 = log10 (range->hi);
      double d = (l1 - l0) * pad;

      range->lo = pow (10, l0 - d);
      range->hi = pow (10, l1 + d);
    }
  else
    {
      double d = (range->hi - range->lo) * pad;

      range->lo -= d;
      range->hi += d;
    }
  lsg_range_clamp (range, log);
}

void
lsg_range_fit_nice (LsgRange *range,
                    gboolean  log,
                    guint     max_ticks)
{
  g_return_if_fail (range != NULL);

  if (range_fit_degenerate (range, log))
    return;
  if (log)
    {
      range->lo = pow (10, floor (log10 (range->lo) + TICK_EPS));
      range->hi = pow (10, ceil (log10 (range->hi) - TICK_EPS));
    }
  else
    {
      double step = lsg_ticks_nice_step (range->lo, range->hi, CLAMP (max_ticks, 2, LSG_TICKS_MAX));

      range->lo = floor (range->lo / step + TICK_EPS) * step;
      range->hi = ceil (range->hi / step - TICK_EPS) * step;
    }
  lsg_range_clamp (range, log);
}

void
lsg_range_zoom (LsgRange *range,
                gboolean  log,
                double    anchor,
                double    factor)
{
  double lo, hi, a;

  g_return_if_fail (range != NULL);

  if (!(factor > 0) || !isfinite (factor))
    return;
  lo = log ? log10 (range->lo) : range->lo;
  hi = log ? log10 (range->hi) : range->hi;
  a = log ? (anchor > 0 ? log10 (anchor) : NAN) : anchor;
  if (!isfinite (a))
    a = 0.5 * (lo + hi);
  lo = a - (a - lo) / factor;
  hi = a + (hi - a) / factor;
  range->lo = log ? pow (10, lo) : lo;
  range->hi = log ? pow (10, hi) : hi;
  lsg_range_clamp (range, log);
}

void
lsg_range_pan (LsgRange *range,
               gboolean  log,
               double    fraction)
{
  g_return_if_fail (range != NULL);

  if (!isfinite (fraction))
    return;
  if (log)
    {
      double d = (log10 (range->hi) - log10 (range->lo)) * fraction;

      range->lo *= pow (10, d);
      range->hi *= pow (10, d);
    }
  else
    {
      double d = (range->hi - range->lo) * fraction;

      range->lo += d;
      range->hi += d;
    }
  lsg_range_clamp (range, log);
}

gboolean
lsg_range_clamp (LsgRange *range,
                 gboolean  log)
{
  LsgRange old;

  g_return_val_if_fail (range != NULL, FALSE);

  old = *range;
  if (isnan (range->lo) || isnan (range->hi))
    range_default (range, log);
  if (range->lo > range->hi)
    {
      double t = range->lo;
      range->lo = range->hi;
      range->hi = t;
    }

  if (log)
    {
      double l0, l1, min_span;

      if (!(range->hi > 0))
        range_default (range, log);
      if (!(range->lo > 0))
        range->lo = range->hi / 1000;
      range->lo = CLAMP (range->lo, RANGE_LOG_MIN, RANGE_ABS_MAX);
      range->hi = CLAMP (range->hi, RANGE_LOG_MIN, RANGE_ABS_MAX);
      l0 = log10 (range->lo);
      l1 = log10 (range->hi);
      min_span = LSG_RANGE_MIN_REL_SPAN;
      if (l1 - l0 < min_span)
        {
          double c = 0.5 * (l0 + l1);

          c = CLAMP (c, log10 (RANGE_LOG_MIN) + min_span, log10 (RANGE_ABS_MAX) - min_span);
          range->lo = pow (10, c - 0.5 * min_span);
          range->hi = pow (10, c + 0.5 * min_span);
        }
    }
  else
    {
      double min_span;

      range->lo = CLAMP (range->lo, -RANGE_ABS_MAX, RANGE_ABS_MAX);
      range->hi = CLAMP (range->hi, -RANGE_ABS_MAX, RANGE_ABS_MAX);
      min_span = MAX (LSG_RANGE_MIN_REL_SPAN
                      * MAX (fabs (range->lo), fabs (range->hi)),
                      RANGE_LOG_MIN);
      if (range->hi - range->lo < min_span)
        {
          double c = 0.5 * (range->lo + range->hi);

          range->lo = c - 0.5 * min_span;
          range->hi = c + 0.5 * min_span;
        }
    }
  return range->lo != old.lo || range->hi != old.hi;
}

/* ---- Palette ---------------------------------------------------------- */

/* Okabe & Ito (2008), "Color Universal Design". */
static const guint8 okabe_ito[LSG_PALETTE_SIZE][3] = {
  { 0x00, 0x72, 0xb2 },   /* blue */
  { 0xe6, 0x9f, 0x00 },   /* orange */
  { 0x00, 0x9e, 0x73 },   /* bluish green */
  { 0xd5, 0x5e, 0x00 },   /* vermillion */
  { 0x56, 0xb4, 0xe9 },   /* sky blue */
  { 0xcc, 0x79, 0xa7 },   /* reddish purple */
  { 0xf0, 0xe4, 0x42 },   /* yellow */
  { 0x00, 0x00, 0x00 },   /* black */
  /* Tol (2021), "Colour schemes", muted: */
  { 0x88, 0x22, 0x55 },   /* wine */
  { 0x44, 0xaa, 0x99 },   /* teal */
  { 0x99, 0x99, 0x33 },   /* olive */
  { 0x33, 0x22, 0x88 },   /* indigo */
};

void
lsg_palette_color (guint   index,
                   double *r,
                   double *g,
                   double *b)
{
  const guint8 *c = okabe_ito[index % LSG_PALETTE_SIZE];

  g_return_if_fail (r != NULL && g != NULL && b != NULL);

  *r = c[0] / 255.0;
  *g = c[1] / 255.0;
  *b = c[2] / 255.0;
}

LsgMarker
lsg_palette_marker (guint index)
{
  static const LsgMarker markers[LSG_PALETTE_N_STYLES] = {
    LSG_MARKER_CIRCLE, LSG_MARKER_SQUARE, LSG_MARKER_TRIANGLE_UP,
    LSG_MARKER_DIAMOND, LSG_MARKER_TRIANGLE_DOWN, LSG_MARKER_PLUS,
    LSG_MARKER_CROSS, LSG_MARKER_STAR,
  };

  return markers[index % LSG_PALETTE_N_STYLES];
}

void
lsg_palette_dashes (guint          index,
                    const double **dashes,
                    guint         *n_dashes)
{
  static const double dash[] = { 6, 3 };
  static const double dot[] = { 1, 2 };
  static const double dash_dot[] = { 6, 2, 1, 2 };
  static const double long_dash[] = { 10, 3 };
  static const double dash_dot_dot[] = { 6, 2, 1, 2, 1, 2 };
  static const double short_dash[] = { 3, 2 };
  static const double long_short[] = { 10, 2, 3, 2 };
  static const struct {
    const double *d;
    guint         n;
  } table[LSG_PALETTE_N_STYLES] = {
    { NULL, 0 },
    { dash, G_N_ELEMENTS (dash) },
    { dot, G_N_ELEMENTS (dot) },
    { dash_dot, G_N_ELEMENTS (dash_dot) },
    { long_dash, G_N_ELEMENTS (long_dash) },
    { dash_dot_dot, G_N_ELEMENTS (dash_dot_dot) },
    { short_dash, G_N_ELEMENTS (short_dash) },
    { long_short, G_N_ELEMENTS (long_short) },
  };

  g_return_if_fail (dashes != NULL && n_dashes != NULL);

  *dashes = table[index % LSG_PALETTE_N_STYLES].d;
  *n_dashes = table[index % LSG_PALETTE_N_STYLES].n;
}
