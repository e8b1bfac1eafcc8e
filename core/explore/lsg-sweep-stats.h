/* lsg-sweep-stats.h: what the Explore view and the map compute from a
 * sweep's results.
 *
 * A sample is the values of one figure over a set of points (the chips
 * of one grid point, the points at one value of an axis, or every point),
 * with the points that have no finite value (failed, not run, NaN or
 * infinite figure) left out and counted.  Quantiles follow GSL
 * (gsl_stats_quantile_from_sorted_data: linear interpolation between the
 * sorted values, q = (1 - d) x[i] + d x[i + 1] with i + d = f (n - 1)).
 *
 * A figure meets a specification when it is strictly below it for figures
 * where smaller is better (lsg_sweep_figure_smaller_is_better ()), strictly
 * above it for the others; a NaN specification is met by nothing.
 */
#pragma once

#include "lsg-sweep.h"

G_BEGIN_DECLS

typedef struct {
  double *values;      /* the finite values, ascending */
  guint   n;
  guint   n_excluded;  /* points of the selection without a finite value */
} LsgSweepSample;

/* A sample of n values in any order (NaN and infinities left out). */
LsgSweepSample *lsg_sweep_sample_new        (const double   *values,
                                             guint           n);
/* The figure over every point of the sweep. */
LsgSweepSample *lsg_sweep_sample_all        (const LsgSweep *sweep,
                                             const char     *figure);
/* The figure over the chips of grid point cell (0 <= cell < the product
 * of the axes' points; points cell x chips to (cell + 1) x chips - 1). */
LsgSweepSample *lsg_sweep_sample_cell       (const LsgSweep *sweep,
                                             const char     *figure,
                                             guint           cell);
/* The figure over every point whose value on axis is that of the axis'
 * point i, whatever the other axis and the chip (whole-number keys may
 * repeat a value: then two i take the same points). */
LsgSweepSample *lsg_sweep_sample_axis_point (const LsgSweep *sweep,
                                             const char     *figure,
                                             guint           axis,
                                             guint           i);
void            lsg_sweep_sample_free       (LsgSweepSample *sample);

/* The f-quantile (0 <= f <= 1) by GSL's definition; NaN for an empty
 * sample. */
double          lsg_sweep_sample_quantile   (const LsgSweepSample *sample,
                                             double                f);
/* The median by GSL's definition (the mean of the two middle values of
 * an even count); NaN for an empty sample. */
double          lsg_sweep_sample_median     (const LsgSweepSample *sample);

typedef struct {
  guint  n;            /* values used */
  guint  n_excluded;   /* points without a finite value */
  double min;
  double max;
  double mean;
  double sd;           /* sample standard deviation (n - 1); NaN for n < 2 */
  double median;
  double p5;           /* 5th, 90th and 95th percentiles */
  double p90;
  double p95;
} LsgSweepStats;

/* Every figure NaN for an empty sample. */
void            lsg_sweep_sample_stats      (const LsgSweepSample *sample,
                                             LsgSweepStats        *stats);

/* Whether value meets spec (see above). */
gboolean        lsg_sweep_spec_met          (double          value,
                                             double          spec,
                                             gboolean        smaller_is_better);

/* The yield: the fraction of a sample's values that meet the
 * specification, with its two-sided 95 % Clopper-Pearson ("exact")
 * interval: lo = B^-1 (0.025; pass, total - pass + 1), hi = B^-1 (0.975;
 * pass + 1, total - pass) with B^-1 the beta quantile
 * (gsl_cdf_beta_Pinv), lo = 0 for no pass and hi = 1 for all.  Points
 * without a finite value are not in total.  fraction, lo and hi are NaN
 * when total is 0; with a NaN specification pass is 0. */
typedef struct {
  guint  pass;
  guint  total;
  double fraction;
  double lo;
  double hi;
} LsgSweepYield;

void            lsg_sweep_yield             (const LsgSweepSample *sample,
                                             double                spec,
                                             gboolean              smaller_is_better,
                                             LsgSweepYield        *yield);

/* A histogram: n_bins bins of equal width from lo to hi, a value v in
 * [lo, hi] in bin floor ((v - lo) / (hi - lo) x n_bins) (hi in the last
 * bin); values outside [lo, hi] are counted in below and above. */
typedef struct {
  double  lo;
  double  hi;
  guint   n_bins;
  guint  *counts;
  guint   below;
  guint   above;
} LsgSweepHistogram;

/* lo < hi, n_bins >= 1. */
LsgSweepHistogram *lsg_sweep_histogram_new  (const LsgSweepSample *sample,
                                             double                lo,
                                             double                hi,
                                             guint                 n_bins);
/* The Explore view's histogram: from the smallest to the largest value
 * (widened by a relative 1e-6 when they are equal), ceil (sqrt (n)) bins
 * but 5 to 60.  NULL for an empty sample. */
LsgSweepHistogram *lsg_sweep_histogram_new_auto (const LsgSweepSample *sample);
/* The left edge of bin b, lo + (hi - lo) b / n_bins; b = n_bins: the
 * right edge of the last bin, exactly hi. */
double          lsg_sweep_histogram_edge    (const LsgSweepHistogram *histogram,
                                             guint                    b);
/* The histogram as a step outline for a line plot: 2 n_bins + 2 points,
 * from (lo, 0) over the top of every bin to (hi, 0); x never decreases. */
void            lsg_sweep_histogram_outline (const LsgSweepHistogram *histogram,
                                             double                 **x,
                                             double                 **y,
                                             guint                   *n);
void            lsg_sweep_histogram_free    (LsgSweepHistogram *histogram);

/* The map's cells: for every grid point (n1 x n2 for a 2-D sweep, the
 * last axis fastest) the median of the figure over its chips, NaN where
 * no chip has a finite value.  n_cells (may be NULL) the count. */
double         *lsg_sweep_cell_medians      (const LsgSweep *sweep,
                                             const char     *figure,
                                             guint          *n_cells);
/* Cells that meet the specification. */
guint           lsg_sweep_count_meeting     (const double   *cells,
                                             guint           n_cells,
                                             double          spec,
                                             gboolean        smaller_is_better);

/* The inputs of a scatter of two figures (a Pareto plot): the figure at
 * every point in point order, NaN where it has none. */
double         *lsg_sweep_figure_column     (const LsgSweep *sweep,
                                             const char     *figure);
/* The points with both coordinates finite, in ascending x (points of
 * equal x in the order gsl_sort_index leaves them); NULL when there are
 * none.  n_order its length. */
guint          *lsg_sweep_scatter_order     (const double   *x,
                                             const double   *y,
                                             guint           n,
                                             guint          *n_order);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgSweepSample, lsg_sweep_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgSweepHistogram, lsg_sweep_histogram_free)

G_END_DECLS
