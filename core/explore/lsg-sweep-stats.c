/* lsg-sweep-stats.c: statistics of a sweep's figures over chips and points. */
#include "lsg-config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "lsg-sweep-stats.h"

/* Samples */

static LsgSweepSample *
sample_alloc (guint n_max)
{
  LsgSweepSample *sample = g_new0 (LsgSweepSample, 1);

  sample->values = g_new (double, MAX (n_max, 1));
  return sample;
}

static void
sample_add (LsgSweepSample *sample,
            double          v)
{
  if (isfinite (v))
    sample->values[sample->n++] = v;
  else
    sample->n_excluded++;
}

static LsgSweepSample *
sample_finish (LsgSweepSample *sample)
{
  gsl_sort (sample->values, 1, sample->n);
  return sample;
}

LsgSweepSample *
lsg_sweep_sample_new (const double *values,
                      guint         n)
{
  LsgSweepSample *sample;

  g_return_val_if_fail (n == 0 || values != NULL, NULL);

  sample = sample_alloc (n);
  for (guint i = 0; i < n; i++)
    sample_add (sample, values[i]);
  return sample_finish (sample);
}

LsgSweepSample *
lsg_sweep_sample_all (const LsgSweep *sweep,
                      const char     *figure)
{
  LsgSweepSample *sample;
  guint n;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  n = lsg_sweep_get_n_points (sweep);
  sample = sample_alloc (n);
  for (guint k = 0; k < n; k++)
    sample_add (sample, lsg_sweep_result_value (sweep, k, figure));
  return sample_finish (sample);
}

LsgSweepSample *
lsg_sweep_sample_cell (const LsgSweep *sweep,
                       const char     *figure,
                       guint           cell)
{
  LsgSweepSample *sample;
  guint chips;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  /* points are the grid (last axis fastest) times the chips (fastest):
   * point k belongs to cell k / chips */
  chips = MAX (lsg_sweep_get_mc (sweep), 1);
  g_return_val_if_fail (cell < lsg_sweep_get_n_points (sweep) / chips, NULL);
  sample = sample_alloc (chips);
  for (guint k = 0; k < chips; k++)
    sample_add (sample, lsg_sweep_result_value (sweep, cell * chips + k, figure));
  return sample_finish (sample);
}

LsgSweepSample *
lsg_sweep_sample_axis_point (const LsgSweep *sweep,
                             const char     *figure,
                             guint           axis,
                             guint           i)
{
  const LsgSweepAxis *a;
  LsgSweepSample *sample;
  double value;
  guint n;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);
  g_return_val_if_fail (axis < lsg_sweep_get_n_axes (sweep), NULL);

  a = lsg_sweep_get_axis (sweep, axis);
  g_return_val_if_fail (i < a->n, NULL);
  value = lsg_sweep_axis_value (a, i);
  n = lsg_sweep_get_n_points (sweep);
  sample = sample_alloc (n);
  for (guint k = 0; k < n; k++)
    if (lsg_sweep_get_result (sweep, k)->values[axis] == value)
      sample_add (sample, lsg_sweep_result_value (sweep, k, figure));
  return sample_finish (sample);
}

void
lsg_sweep_sample_free (LsgSweepSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->values);
  g_free (sample);
}

double
lsg_sweep_sample_quantile (const LsgSweepSample *sample,
                           double                f)
{
  g_return_val_if_fail (sample != NULL, NAN);
  g_return_val_if_fail (f >= 0 && f <= 1, NAN);

  if (sample->n == 0)
    return NAN;
  return gsl_stats_quantile_from_sorted_data (sample->values, 1, sample->n, f);
}

double
lsg_sweep_sample_median (const LsgSweepSample *sample)
{
  g_return_val_if_fail (sample != NULL, NAN);

  if (sample->n == 0)
    return NAN;
  return gsl_stats_median_from_sorted_data (sample->values, 1, sample->n);
}

void
lsg_sweep_sample_stats (const LsgSweepSample *sample,
                        LsgSweepStats        *stats)
{
  g_return_if_fail (sample != NULL);
  g_return_if_fail (stats != NULL);

  stats->n = sample->n;
  stats->n_excluded = sample->n_excluded;
  if (sample->n == 0)
    {
      stats->min = stats->max = stats->mean = stats->sd = NAN;
      stats->median = stats->p5 = stats->p90 = stats->p95 = NAN;
      return;
    }
  stats->min = sample->values[0];
  stats->max = sample->values[sample->n - 1];
  stats->mean = gsl_stats_mean (sample->values, 1, sample->n);
  stats->sd = sample->n >= 2 ? gsl_stats_sd_m (sample->values, 1, sample->n, stats->mean) : NAN;
  stats->median = lsg_sweep_sample_median (sample);
  stats->p5 = lsg_sweep_sample_quantile (sample, 0.05);
  stats->p90 = lsg_sweep_sample_quantile (sample, 0.90);
  stats->p95 = lsg_sweep_sample_quantile (sample, 0.95);
}

/* Specification and yield */

gboolean
lsg_sweep_spec_met (double   value,
                    double   spec,
                    gboolean smaller_is_better)
{
  if (!isfinite (value) || !isfinite (spec))
    return FALSE;
  return smaller_is_better ? value < spec : value > spec;
}

void
lsg_sweep_yield (const LsgSweepSample *sample,
                 double                spec,
                 gboolean              smaller_is_better,
                 LsgSweepYield        *yield)
{
  guint k, n;

  g_return_if_fail (sample != NULL);
  g_return_if_fail (yield != NULL);

  k = 0;
  for (guint i = 0; i < sample->n; i++)
    k += lsg_sweep_spec_met (sample->values[i], spec, smaller_is_better);
  n = sample->n;
  yield->pass = k;
  yield->total = n;
  if (n == 0)
    {
      yield->fraction = yield->lo = yield->hi = NAN;
      return;
    }
  yield->fraction = (double) k / n;
  /* Clopper-Pearson: the binomial tails as beta quantiles; the beta with
   * a zero parameter is the point mass the ends stand for */
  yield->lo = k == 0 ? 0.0 : gsl_cdf_beta_Pinv (0.025, k, n - k + 1);
  yield->hi = k == n ? 1.0 : gsl_cdf_beta_Pinv (0.975, k + 1, n - k);
}

/* Histograms */

static LsgSweepHistogram *
histogram_fill (const LsgSweepSample *sample,
                double                lo,
                double                hi,
                guint                 n_bins)
{
  LsgSweepHistogram *h = g_new0 (LsgSweepHistogram, 1);

  h->lo = lo;
  h->hi = hi;
  h->n_bins = n_bins;
  h->counts = g_new0 (guint, n_bins);
  for (guint i = 0; i < sample->n; i++)
    {
      double v = sample->values[i];

      if (v < lo)
        h->below++;
      else if (v > hi)
        h->above++;
      else
        h->counts[MIN ((guint) ((v - lo) / (hi - lo) * n_bins), n_bins - 1)]++;
    }
  return h;
}

LsgSweepHistogram *
lsg_sweep_histogram_new (const LsgSweepSample *sample,
                         double                lo,
                         double                hi,
                         guint                 n_bins)
{
  g_return_val_if_fail (sample != NULL, NULL);
  g_return_val_if_fail (isfinite (lo) && isfinite (hi) && lo < hi, NULL);
  g_return_val_if_fail (n_bins >= 1, NULL);

  return histogram_fill (sample, lo, hi, n_bins);
}

LsgSweepHistogram *
lsg_sweep_histogram_new_auto (const LsgSweepSample *sample)
{
  double lo, hi;

  g_return_val_if_fail (sample != NULL, NULL);

  if (sample->n == 0)
    return NULL;
  lo = sample->values[0];
  hi = sample->values[sample->n - 1];
  if (hi == lo)
    hi = lo + fabs (lo) * 1e-6 + 1e-300;
  return histogram_fill (sample, lo, hi, CLAMP ((guint) ceil (sqrt (sample->n)), 5, 60));
}

double
lsg_sweep_histogram_edge (const LsgSweepHistogram *histogram,
                          guint                    b)
{
  const LsgSweepHistogram *h = histogram;

  g_return_val_if_fail (h != NULL, NAN);
  g_return_val_if_fail (b <= h->n_bins, NAN);

  /* lo + (hi - lo) n / n can round above hi: the outline would step back */
  if (b == h->n_bins)
    return h->hi;
  return h->lo + (h->hi - h->lo) * b / h->n_bins;
}

void
lsg_sweep_histogram_outline (const LsgSweepHistogram *histogram,
                             double                 **x,
                             double                 **y,
                             guint                   *n)
{
  const LsgSweepHistogram *h = histogram;
  guint bins;

  g_return_if_fail (h != NULL);
  g_return_if_fail (x != NULL && y != NULL && n != NULL);

  bins = h->n_bins;
  /* two points per bin edge */
  *n = 2 * bins + 2;
  *x = g_new (double, *n);
  *y = g_new (double, *n);
  (*x)[0] = h->lo;
  (*y)[0] = 0;
  for (guint b = 0; b < bins; b++)
    {
      (*x)[2 * b + 1] = lsg_sweep_histogram_edge (h, b);
      (*y)[2 * b + 1] = h->counts[b];
      (*x)[2 * b + 2] = lsg_sweep_histogram_edge (h, b + 1);
      (*y)[2 * b + 2] = h->counts[b];
    }
  (*x)[2 * bins + 1] = h->hi;
  (*y)[2 * bins + 1] = 0;
}

void
lsg_sweep_histogram_free (LsgSweepHistogram *histogram)
{
  if (histogram == NULL)
    return;
  g_free (histogram->counts);
  g_free (histogram);
}

/* Map cells */

double *
lsg_sweep_cell_medians (const LsgSweep *sweep,
                        const char     *figure,
                        guint          *n_cells)
{
  double *cells;
  guint n, chips;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  chips = MAX (lsg_sweep_get_mc (sweep), 1);
  n = lsg_sweep_get_n_points (sweep) / chips;
  cells = g_new (double, MAX (n, 1));
  for (guint c = 0; c < n; c++)
    {
      g_autoptr(LsgSweepSample) chip = lsg_sweep_sample_cell (sweep, figure, c);

      cells[c] = lsg_sweep_sample_median (chip);
    }
  if (n_cells != NULL)
    *n_cells = n;
  return cells;
}

guint
lsg_sweep_count_meeting (const double *cells,
                         guint         n_cells,
                         double        spec,
                         gboolean      smaller_is_better)
{
  guint count = 0;

  g_return_val_if_fail (n_cells == 0 || cells != NULL, 0);

  for (guint c = 0; c < n_cells; c++)
    count += lsg_sweep_spec_met (cells[c], spec, smaller_is_better);
  return count;
}

/* Scatters */

double *
lsg_sweep_figure_column (const LsgSweep *sweep,
                         const char     *figure)
{
  double *column;
  guint n;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  n = lsg_sweep_get_n_points (sweep);
  column = g_new (double, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    column[k] = lsg_sweep_result_value (sweep, k, figure);
  return column;
}

guint *
lsg_sweep_scatter_order (const double *x,
                         const double *y,
                         guint         n,
                         guint        *n_order)
{
  g_autofree guint *finite = NULL;
  g_autofree double *keys = NULL;
  g_autofree size_t *perm = NULL;
  guint *order;
  guint m = 0;

  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  g_return_val_if_fail (n_order != NULL, NULL);

  *n_order = 0;
  finite = g_new (guint, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    if (isfinite (x[k]) && isfinite (y[k]))
      finite[m++] = k;
  if (m == 0)
    return NULL;
  keys = g_new (double, m);
  perm = g_new (size_t, m);
  for (guint i = 0; i < m; i++)
    keys[i] = x[finite[i]];
  gsl_sort_index (perm, keys, 1, m);
  order = g_new (guint, m);
  for (guint i = 0; i < m; i++)
    order[i] = finite[perm[i]];
  *n_order = m;
  return order;
}
