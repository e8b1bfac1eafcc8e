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
  LSG_SWEEP_ERROR_FILE,     /* a sweep CSV or descriptor is malformed, of another
                             * format or of another sweep */
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
 * also accepted).  FROM and TO are plain numbers or engineering notation
 * in the key's unit ("10p", "10pA", "2.5e-9"; lsg_parse_si), another
 * unit refused by name; they must lie in the key's range; N >= 1 (with
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

/* Called on the thread that calls lsg_sweep_run_pending, once for each
 * point that finished (done, or left not done when cancelled), in the
 * order they finish. */
typedef void (*LsgSweepPointDone) (guint    index,
                                   gpointer user_data);

/* As lsg_sweep_run, for the points of the shard that are not done yet
 * (a resumed shard's rest), calling point_done (may be NULL) after each;
 * progress counts the shard's points done, those done before included. */
gboolean    lsg_sweep_run_pending   (LsgSweep           *sweep,
                                     guint               n_threads,
                                     guint               shard_k,
                                     guint               shard_n,
                                     LsgSweepProgress    progress,
                                     LsgSweepPointDone   point_done,
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

/* ---- Sweep files -------------------------------------------------------
 *
 * A sweep is written as two files side by side: NAME.csv, a plain CSV
 * whose first line is the header (so any CSV reader loads it with its
 * default options), and NAME.sweep.ini, the sweep's descriptor.
 *
 * The descriptor is a key file: the group [sweep] with format (3), id,
 * logsgd-version, points, mc, axes (their number), axis-1 and axis-2 (as
 * lsg_sweep_axis_to_string writes them) and design-sha256 (of the base
 * design point as lsg_params_to_data writes it), then the base design
 * point itself.  The id is "sw-" and the first 16 hexadecimal digits of
 * the SHA-256 of the sweep's identity text:
 *
 *   logsgd sweep v3\n
 *   logsgd-version=VERSION\n
 *   points=N\n
 *   mc=N\n
 *   axis=AXIS\n          (once per axis, in order)
 *   design-sha256=HEX\n
 *
 * so every shard of one sweep, run by one version of the program, has
 * the same id, and anything else another.
 *
 * The CSV's columns: point, the varied keys ("group.key"), mc, mc_seed,
 * noise_seed, the figures of merit, error, sweep_id, logsgd_version; one
 * row per point of the shard in point order.  Numbers are written by
 * lsg_format_double_exact (the shortest text that reads back as the same
 * double; nan, inf, -inf as in summary.ini).  error is empty for a good
 * point, "not run" for a point that has not run, else the message,
 * quoted, with line breaks made spaces, commas semicolons and number
 * signs fullwidth (so readers that split every line at its commas, or
 * cut it at a '#', as numpy.genfromtxt does, keep the columns).
 */
#define LSG_SWEEP_FORMAT 3
/* NAME.sweep.ini beside NAME.csv (or beside NAME when it does not end in
 * .csv). */
#define LSG_SWEEP_DESCRIPTOR_SUFFIX ".sweep.ini"

/* The sweep's id, as its descriptor and every row give it. */
const char *lsg_sweep_get_id        (const LsgSweep     *sweep);
/* The program version that the sweep's rows are of: this program's for
 * a new sweep, the descriptor's for one read from a descriptor. */
const char *lsg_sweep_get_version   (const LsgSweep     *sweep);

/* The descriptor's text, identical for every shard of the sweep. */
char       *lsg_sweep_to_descriptor (const LsgSweep     *sweep);
/* The sweep a descriptor describes, every point not run; fails when the
 * text is not a descriptor of this format, when its id or design-sha256
 * do not match what it holds.  name names the text in messages. */
LsgSweep   *lsg_sweep_new_from_descriptor (const char   *text,
                                           const char   *name,
                                           GError      **error);
/* The descriptor's path for a CSV path. */
char       *lsg_sweep_descriptor_path (const char       *csv_path);

/* The header line, with its line break. */
char       *lsg_sweep_csv_header    (const LsgSweep     *sweep);
/* The row of point index, with its line break, appended to out. */
void        lsg_sweep_append_csv_row (const LsgSweep    *sweep,
                                      guint              index,
                                      GString           *out);
/* The CSV of shard K of N: the header, then the shard's rows. */
char       *lsg_sweep_to_csv        (const LsgSweep     *sweep,
                                     guint               shard_k,
                                     guint               shard_n);

typedef enum {
  LSG_SWEEP_READ_DEFAULT = 0,
  /* a file being written: a last line without its line break (cut by a
   * kill) is left out, and the rows must be the shard's first points in
   * point order, as lsg_sweep_run_pending's callers append them */
  LSG_SWEEP_READ_JOURNAL = 1 << 0,
} LsgSweepReadFlags;

/* Reads the rows of a sweep CSV of shard K of N into the sweep's
 * results: every row checked against the sweep (the header; the number
 * of fields; the point a point of the shard, once; the axis values, mc
 * and seeds those of the point; every figure a number, and NaN for a
 * failed point; sweep_id and logsgd_version the sweep's).  Rows whose
 * error is "not run" are left not done.  *n_used (may be NULL) is the
 * length of text read (all of it unless a cut last line was left out),
 * *n_rows (may be NULL) the rows read.  On failure the results are
 * undefined; name names the text in messages. */
gboolean    lsg_sweep_read_csv      (LsgSweep           *sweep,
                                     const char         *text,
                                     const char         *name,
                                     guint               shard_k,
                                     guint               shard_n,
                                     LsgSweepReadFlags   flags,
                                     gsize              *n_used,
                                     guint              *n_rows,
                                     GError            **error);

/* Joins the parts of a sweep into exactly the CSV and the descriptor an
 * unsharded run writes.  descriptors[i] is the descriptor beside
 * texts[i] (NULL where it is missing: at least one is needed, and every
 * one given must be the same sweep's); names (may be NULL) name the CSV
 * texts in messages.  Fails, naming the file and line, when a part is of
 * another format, sweep or program version, when a row is malformed or
 * contradicts its point's axis values and seeds, when a point appears
 * twice, has not run or is missing. */
gboolean    lsg_sweep_merge_csv     (const char *const  *texts,
                                     const char *const  *descriptors,
                                     const char *const  *names,
                                     guint               n,
                                     char              **merged,
                                     char              **merged_descriptor,
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
