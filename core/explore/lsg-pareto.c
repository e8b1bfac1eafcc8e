/* lsg-pareto.c: the non-dominated points of two figures. */
#include "lsg-config.h"

#include <math.h>
#include <stdlib.h>

#include "lsg-sweep.h"

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
