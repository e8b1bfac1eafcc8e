/* lsg-decimation.c: min/max decimation per pixel column. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lsg-plot-math.h"

/* ---- Decimation ------------------------------------------------------- */

typedef struct {
  gsize  i;
  double x;
  double y;
} Point;

struct _LsgDecimation {
  /* view of the last update */
  gboolean valid;
  double   x0, x1;
  guint    columns;
  gboolean log_y;

  gsize    n_scanned;       /* input points consumed */
  gboolean have_before;
  Point    before;          /* last point with x < x0 */
  gboolean have_after;      /* first point with x > x1; scanning stops */
  Point    after;

  /* the column being filled */
  gint64   col;             /* -1: none yet */
  gboolean col_has_value;
  Point    col_min, col_max;
  gboolean col_has_gap;
  Point    col_gap;         /* its first gap */

  /* out[0] is the before point (if any), out[1 .. 1 + n_committed) the
   * closed columns, then the open column and the after point. */
  double  *out_x, *out_y;
  gsize    n_committed;
  gsize    n_out;
  gsize    capacity;
};

LsgDecimation *
lsg_decimation_new (void)
{
  return g_new0 (LsgDecimation, 1);
}

void
lsg_decimation_free (LsgDecimation *dec)
{
  if (dec == NULL)
    return;
  g_free (dec->out_x);
  g_free (dec->out_y);
  g_free (dec);
}

void
lsg_decimation_reset (LsgDecimation *dec)
{
  g_return_if_fail (dec != NULL);

  dec->valid = FALSE;
  dec->n_scanned = 0;
  dec->have_before = FALSE;
  dec->have_after = FALSE;
  dec->col = -1;
  dec->col_has_value = FALSE;
  dec->col_has_gap = FALSE;
  dec->n_committed = 0;
  dec->n_out = 0;
}

static void
emit (LsgDecimation *dec,
      const Point   *p)
{
  gsize k = 1 + dec->n_committed;

  /* one NaN is enough to break the line */
  if (isnan (p->y) && dec->n_committed > 0 && isnan (dec->out_y[k - 1]))
    return;
  g_assert (k < dec->capacity);
  dec->out_x[k] = p->x;
  dec->out_y[k] = p->y;
  dec->n_committed++;
}

static int
compare_points (const void *a,
                const void *b)
{
  gsize ia = ((const Point *) a)->i;
  gsize ib = ((const Point *) b)->i;

  return (ia > ib) - (ia < ib);
}

/* The open column's points, in the order they occur, to out. */
static guint
column_points (const LsgDecimation *dec,
               Point                out[3])
{
  guint n = 0;

  if (dec->col_has_value)
    {
      out[n++] = dec->col_min;
      if (dec->col_max.i != dec->col_min.i)
        out[n++] = dec->col_max;
    }
  if (dec->col_has_gap)
    out[n++] = dec->col_gap;
  qsort (out, n, sizeof *out, compare_points);
  return n;
}

static void
close_column (LsgDecimation *dec)
{
  Point pts[3];
  guint n = column_points (dec, pts);

  for (guint k = 0; k < n; k++)
    emit (dec, &pts[k]);
  dec->col_has_value = FALSE;
  dec->col_has_gap = FALSE;
}

gsize
lsg_lower_bound (const double *x,
                 gsize         n,
                 double        x0)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (x[mid] < x0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The hot loop: the open column's extremes live in locals, so the
 * compiler need not reload them around every store (dec could alias x). */
static void
scan (LsgDecimation *dec,
      const double  *x,
      const double  *y,
      gsize          n)
{
  const double x0 = dec->x0, x1 = dec->x1;
  const double span = x1 - x0;
  const double per_x = span > 0 ? dec->columns / span : 0;
  const gint64 last_col = (gint64) dec->columns - 1;
  const gboolean log_y = dec->log_y;
  gint64 col = dec->col;
  gboolean has_value = dec->col_has_value;
  gsize min_i = dec->col_min.i, max_i = dec->col_max.i;
  double min_y = dec->col_min.y, max_y = dec->col_max.y;
  gsize i;

  for (i = dec->n_scanned; i < n; i++)
    {
      double xi = x[i], yi = y[i];
      gint64 c;

      if (G_UNLIKELY (xi < x0))
        {
          dec->before = (Point) { i, xi, (yi - yi == 0 && !(log_y && yi <= 0)) ? yi : NAN };
          dec->have_before = TRUE;
          continue;
        }
      if (G_UNLIKELY (xi > x1))
        {
          dec->after = (Point) { i, xi, (yi - yi == 0 && !(log_y && yi <= 0)) ? yi : NAN };
          dec->have_after = TRUE;
          i++;
          break;
        }

      c = (gint64) ((xi - x0) * per_x);
      if (c > last_col)
        c = last_col;
      if (G_UNLIKELY (c != col))
        {
          if (col >= 0)
            {
              dec->col_has_value = has_value;
              if (has_value)
                {
                  dec->col_min = (Point) { min_i, x[min_i], min_y };
                  dec->col_max = (Point) { max_i, x[max_i], max_y };
                }
              close_column (dec);
            }
          has_value = FALSE;
          col = c;
        }

      /* yi - yi is 0 for finite yi, NaN otherwise */
      if (G_UNLIKELY (!(yi - yi == 0) || (log_y && yi <= 0)))
        {
          if (!dec->col_has_gap)
            {
              dec->col_gap = (Point) { i, xi, NAN };
              dec->col_has_gap = TRUE;
            }
        }
      else if (!has_value)
        {
          has_value = TRUE;
          min_y = max_y = yi;
          min_i = max_i = i;
        }
      else if (yi < min_y)
        {
          min_y = yi;
          min_i = i;
        }
      else if (yi > max_y)
        {
          max_y = yi;
          max_i = i;
        }
    }

  dec->col = col;
  dec->col_has_value = has_value;
  if (has_value)
    {
      dec->col_min = (Point) { min_i, x[min_i], min_y };
      dec->col_max = (Point) { max_i, x[max_i], max_y };
    }
  dec->n_scanned = i;
}

/* out = before, closed columns, open column, after. */
static void
finish (LsgDecimation *dec)
{
  Point pts[3];
  guint n = column_points (dec, pts);
  gsize k = 1 + dec->n_committed;

  for (guint j = 0; j < n; j++)
    {
      if (isnan (pts[j].y) && k > 1 && isnan (dec->out_y[k - 1]))
        continue;
      dec->out_x[k] = pts[j].x;
      dec->out_y[k] = pts[j].y;
      k++;
    }
  if (dec->have_after)
    {
      dec->out_x[k] = dec->after.x;
      dec->out_y[k] = dec->after.y;
      k++;
    }
  if (dec->have_before)
    {
      dec->out_x[0] = dec->before.x;
      dec->out_y[0] = dec->before.y;
    }
  dec->n_out = k;
}

gboolean
lsg_decimation_update (LsgDecimation *dec,
                       const double  *x,
                       const double  *y,
                       gsize          n,
                       double         x0,
                       double         x1,
                       guint          columns,
                       gboolean       log_y,
                       gboolean       appended)
{
  gboolean full;

  g_return_val_if_fail (dec != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), FALSE);

  columns = MAX (columns, 1);
  full = !appended || !dec->valid || n < dec->n_scanned
         || dec->x0 != x0 || dec->x1 != x1
         || dec->columns != columns || dec->log_y != log_y;

  if (full)
    {
      gsize need = 3 * (gsize) columns + 8;

      lsg_decimation_reset (dec);
      dec->valid = TRUE;
      dec->x0 = x0;
      dec->x1 = x1;
      dec->columns = columns;
      dec->log_y = log_y;
      if (dec->capacity < need)
        {
          dec->out_x = g_renew (double, dec->out_x, need);
          dec->out_y = g_renew (double, dec->out_y, need);
          dec->capacity = need;
        }
      dec->n_scanned = lsg_lower_bound (x, n, x0);
      if (dec->n_scanned > 0)
        {
          gsize b = dec->n_scanned - 1;
          double by = y[b];

          if (!isfinite (by) || (log_y && by <= 0))
            by = NAN;
          dec->before = (Point) { b, x[b], by };
          dec->have_before = TRUE;
        }
    }

  if (!dec->have_after)
    scan (dec, x, y, n);
  finish (dec);
  return full;
}

gsize
lsg_decimation_get_points (const LsgDecimation  *dec,
                           const double        **x,
                           const double        **y)
{
  gsize first;

  g_return_val_if_fail (dec != NULL, 0);

  if (dec->n_out == 0)
    {
      *x = *y = NULL;
      return 0;
    }
  first = dec->have_before ? 0 : 1;
  *x = dec->out_x + first;
  *y = dec->out_y + first;
  return dec->n_out - first;
}

gsize
lsg_decimate_minmax (const double *x,
                     const double *y,
                     gsize         n,
                     double        x0,
                     double        x1,
                     guint         columns,
                     gboolean      log_y,
                     double       *out_x,
                     double       *out_y)
{
  g_autoptr(LsgDecimation) dec = lsg_decimation_new ();
  const double *dx, *dy;
  gsize count;

  lsg_decimation_update (dec, x, y, n, x0, x1, columns, log_y, FALSE);
  count = lsg_decimation_get_points (dec, &dx, &dy);
  if (count > 0)
    {
      memcpy (out_x, dx, count * sizeof *dx);
      memcpy (out_y, dy, count * sizeof *dy);
    }
  return count;
}

