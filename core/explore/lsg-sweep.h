/* lsg-sweep.h: many design points evaluated in parallel (issue 6).
 *
 * A sweep is a list of points: the grid of up to two axes (a 1-D sweep of
 * one numeric key, or a 2-D map over two), each grid point repeated for
 * `mc` Monte Carlo chips when mc > 0.  Every point is a full run of the
 * simulation core; its figures of merit (the summary and the area and
 * power estimate) are stored by point index, so the results do not depend
 * on how many threads computed them or in which order.  A point that
 * fails (invalid combination of values, solver failure) keeps its error
 * message and does not stop the sweep.
 *
 * Point order: the grid with the last axis fastest, and within each grid
 * point the Monte Carlo index fastest.  Chip k of a Monte Carlo has
 * mc_seed = base mc_seed + k and noise_seed = base noise_seed + k.
 */
#pragma once

#include <gio/gio.h>

#include "lsg-estimate.h"
#include "lsg-metrics.h"
#include "lsg-params.h"

G_BEGIN_DECLS

#define LSG_SWEEP_ERROR (lsg_sweep_error_quark ())

typedef enum {
  LSG_SWEEP_ERROR_AXIS,     /* an axis text or value is not allowed */
  LSG_SWEEP_ERROR_SETUP,    /* axes and Monte Carlo do not fit together */
  LSG_SWEEP_ERROR_MERGE,    /* shards do not belong together or are incomplete */
  LSG_SWEEP_ERROR_THREADS,  /* the worker pool could not start */
} LsgSweepError;

GQuark lsg_sweep_error_quark (void);

#define LSG_SWEEP_MAX_AXES 2
/* Points in one sweep, and points on one axis */
#define LSG_SWEEP_MAX_POINTS 10000000u

typedef enum {
  LSG_SWEEP_AXIS_KEY = 0,   /* sets the key spec names */
  LSG_SWEEP_AXIS_LAMBDA,    /* derived: sets [circuit] i_lambda = value x effective I_eta */
} LsgSweepAxisKind;

/* The derived axis of the regularization lambda = I_lambda / I_eta
 * (MODEL.md 3): its name in --vary, CSV headers and the first line of a
 * sweep file ("lambda" alone is also read).  Its column is not the
 * summary's figure "lambda", which every row has too. */
#define LSG_SWEEP_LAMBDA_AXIS "derived.lambda"

typedef struct {
  const LsgKeySpec *spec;   /* a DOUBLE, UINT or UINT64 key; for a derived
                             * axis a description of the quantity (label,
                             * unit, range) whose offset means nothing */
  double            from;
  double            to;
  guint             n;      /* points on the axis, from and to included */
  gboolean          log;    /* geometric spacing; needs from, to > 0 */
  LsgSweepAxisKind  kind;
} LsgSweepAxis;

/* text: "group.key=FROM:TO:N" or "group.key=FROM:TO:N:log" (":lin" is
 * also accepted).  FROM and TO must lie in the key's range; N >= 1 (with
 * N = 1 the axis holds FROM only).  Whole-number keys take the values
 * rounded to the nearest whole number, so neighbouring points may repeat.
 * "derived.lambda=FROM:TO:N[:log]" (or "lambda=...") is the derived
 * lambda axis: FROM, TO >= 0; at each point the other axis is applied
 * first, then [circuit] i_lambda = lambda x lsg_params_i_eta_effective (),
 * and lsg_sweep_new () refuses a sweep whose i_lambda leaves its range. */
gboolean    lsg_sweep_axis_parse    (const char         *text,
                                     LsgSweepAxis       *axis,
                                     GError            **error);
/* The key spec of "group.key", or the description of a derived axis'
 * name (LSG_SWEEP_LAMBDA_AXIS); NULL for anything else. */
const LsgKeySpec *lsg_sweep_axis_lookup (const char     *path);
/* The axis' quantity at a design point: the key's value, or for the
 * lambda axis lsg_params_lambda (). */
double      lsg_sweep_axis_base_value (const LsgSweepAxis *axis,
                                       const LsgParams    *params);
/* The value of point i (0 <= i < n) on the axis, as the point sets it
 * (rounded for whole-number keys; exactly from and to at the ends). */
double      lsg_sweep_axis_value    (const LsgSweepAxis *axis,
                                     guint               i);
/* The axis in the form lsg_sweep_axis_parse reads; every number exact. */
char       *lsg_sweep_axis_to_string (const LsgSweepAxis *axis);

typedef struct _LsgSweep LsgSweep;

/* The result of one point.  values[] are the varied keys' values in axis
 * order.  done is FALSE until the point has run (in this process); error
 * is NULL for a point that ran, else the message; the figures of the
 * summary and estimate are NaN (transistors 0) unless the point ran
 * without error. */
typedef struct {
  double       values[LSG_SWEEP_MAX_AXES];
  guint        mc;          /* Monte Carlo index, 0 without Monte Carlo */
  guint64      mc_seed;
  guint64      noise_seed;
  gboolean     done;
  char        *error;
  LsgSummary   summary;
  LsgEstimate  estimate;
} LsgSweepResult;

/* base is copied.  n_axes 0, 1 or 2 (distinct keys); mc 0 for no Monte
 * Carlo, else N chips per grid point (then no axis may vary mc_seed or
 * noise_seed, and the seeds base + N - 1 must stay in range).  With the
 * lambda axis the other axis may not be [circuit] i_lambda, and every
 * grid point's i_lambda must lie in the key's range. */
LsgSweep   *lsg_sweep_new           (const LsgParams    *base,
                                     const LsgSweepAxis *axes,
                                     guint               n_axes,
                                     guint               mc,
                                     GError            **error);
void        lsg_sweep_free          (LsgSweep           *sweep);

guint       lsg_sweep_get_n_points  (const LsgSweep     *sweep);
guint       lsg_sweep_get_n_axes    (const LsgSweep     *sweep);
const LsgSweepAxis *lsg_sweep_get_axis (const LsgSweep  *sweep,
                                        guint            axis);
guint       lsg_sweep_get_mc        (const LsgSweep     *sweep);
const LsgParams *lsg_sweep_get_base (const LsgSweep     *sweep);

/* The design point of point index (a new copy, not validated: a point may
 * be invalid, and then its run records the error). */
LsgParams  *lsg_sweep_point_params  (const LsgSweep     *sweep,
                                     guint               index);

/* Whether point index belongs to shard K of N (1-based; 1/1 = all): the
 * points K - 1, K - 1 + N, K - 1 + 2N, ... */
gboolean    lsg_sweep_in_shard      (guint               index,
                                     guint               shard_k,
                                     guint               shard_n);
/* Points in shard K of N. */
guint       lsg_sweep_shard_size    (const LsgSweep     *sweep,
                                     guint               shard_k,
                                     guint               shard_n);

/* Called on the thread that calls lsg_sweep_run, at most every 50 ms and
 * once at the end: points done of the points to do (the shard's), and the
 * estimated seconds left (NaN before the first point is done). */
typedef void (*LsgSweepProgress) (guint    done,
                                  guint    total,
                                  double   eta_s,
                                  gpointer user_data);

/* Runs the points of shard K of N on n_threads workers (0: one per
 * processor).  Each worker owns its simulation and its data set, reused
 * while the data-defining keys stay the same.  Failed points are recorded
 * and do not make this fail; FALSE only when cancelled (G_IO_ERROR_CANCELLED,
 * the points done so far kept) or when no thread could start. */
gboolean    lsg_sweep_run           (LsgSweep           *sweep,
                                     guint               n_threads,
                                     guint               shard_k,
                                     guint               shard_n,
                                     LsgSweepProgress    progress,
                                     gpointer            user_data,
                                     GCancellable       *cancellable,
                                     GError            **error);

const LsgSweepResult *lsg_sweep_get_result (const LsgSweep *sweep,
                                            guint           index);
/* Points that ran with an error (of all points that ran). */
guint       lsg_sweep_get_n_failed  (const LsgSweep     *sweep);

/* The figures of merit of every point, in CSV order: the summary keys of
 * summary.ini, then the estimate keys (power_w, area_m2, transistors,
 * energy_per_update_j, energy_to_converge_j, power_ratio_int8,
 * power_ratio_fp32, area_ratio_int8, area_ratio_fp32). */
const char *const *lsg_sweep_figure_names (guint *n_names);

/* A figure's label and SI unit ("Relative MSE against R2", "%") as
 * summary.ini and the estimate describe it; FALSE for an unknown name. */
gboolean    lsg_sweep_figure_describe (const char   *name,
                                       const char  **label,
                                       const char  **unit);
/* Whether smaller values of the figure are better, so that a
 * specification is an upper bound; FALSE for enob, retention and the
 * digital-over-analog ratios, where it is a lower bound. */
gboolean    lsg_sweep_figure_smaller_is_better (const char *name);

/* One value of a point for plotting.  column: a figure name (NaN unless
 * the point ran without error), a varied key as "group.key", "point",
 * "mc", "mc_seed" or "noise_seed" (known for every point).  NaN for any
 * other column. */
double      lsg_sweep_result_value  (const LsgSweep     *sweep,
                                     guint               index,
                                     const char         *column);

/* The CSV of shard K of N: a comment line naming the sweep (identical for
 * every shard: axes, mc, points, a SHA-256 of the base design point), the
 * header (point, the varied keys, mc, mc_seed, noise_seed, the figures,
 * error), then one row per point of the shard in point order.  Numbers
 * are written by lsg_format_double_exact (the shortest text that reads
 * back as the same double; nan, inf, -inf as in summary.ini); the error is quoted CSV with line
 * breaks made spaces, empty for a good point, "not run" for a point that
 * has not run. */
char       *lsg_sweep_to_csv        (const LsgSweep     *sweep,
                                     guint               shard_k,
                                     guint               shard_n);

/* Joins shard CSVs into exactly the text an unsharded run writes.  names
 * (may be NULL) name the texts in messages.  Fails when the comment or
 * header lines differ, a row is malformed, a point appears twice or a
 * point is missing. */
gboolean    lsg_sweep_merge_csv     (const char *const  *texts,
                                     const char *const  *names,
                                     guint               n,
                                     char              **merged,
                                     GError            **error);

/* Indices of the points not dominated by another (at least as good in
 * both coordinates and better in one), points with a NaN coordinate left
 * out, sorted by x (then y, then index).  Points with equal coordinates
 * do not dominate each other: all of them are on the front or none.
 * Returns NULL when the front is empty; *n_front its length. */
guint      *lsg_pareto_front        (const double       *x,
                                     const double       *y,
                                     guint               n,
                                     gboolean            minimize_x,
                                     gboolean            minimize_y,
                                     guint              *n_front);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgSweep, lsg_sweep_free)

G_END_DECLS
