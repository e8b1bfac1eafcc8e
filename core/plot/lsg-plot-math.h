/* lsg-plot-math.h: the arithmetic behind the plots, without a display.
 *
 * Axis ticks and their labels, min/max decimation per pixel column, view
 * ranges (fit, zoom, pan, clamp) and the colour-blind-safe palette (the
 * number text they use is in lsg-number.h).  GLib and libm only, so
 * all of it is tested without GTK.
 */
#pragma once

#include <glib.h>

#include "lsg-number.h"

G_BEGIN_DECLS

/* ---- Ticks ------------------------------------------------------------ */

#define LSG_TICK_LABEL_MAX 48
/* Largest number of ticks the tick functions produce. */
#define LSG_TICKS_MAX 128

typedef struct {
  double   value;
  gboolean major;                     /* minors are shorter and unlabelled */
  char     label[LSG_TICK_LABEL_MAX]; /* UTF-8; "" until lsg_format_ticks () */
} LsgTick;

/* The smallest 1-2-5 step giving at most max_ticks multiples in
 * [lo, hi] (lo < hi). */
double   lsg_ticks_nice_step (double     lo,
                              double     hi,
                              guint      max_ticks);

/* Ticks at multiples of a 1-2-5 step inside [lo, hi], at most max_ticks of
 * them (and at least two when the range allows): 0..1 with 6 gives
 * 0, 0.2, ..., 1.  All are major.  Returns the count written to ticks
 * (room for LSG_TICKS_MAX). */
guint    lsg_ticks_linear   (double       lo,
                             double       hi,
                             guint        max_ticks,
                             LsgTick     *ticks);
/* Ticks for a log axis on [lo, hi], 0 < lo < hi: majors on decades, at
 * most max_ticks of them (every k-th decade when there are many, the
 * others as minors), minors at 2 and 5 when at most max_ticks / 2 decades
 * are shown (labelled, as majors, over at most three decades when all
 * fit in max_ticks).  A range narrower than two decade ticks gets labelled
 * 1-2-5 ticks, or linear ticks inside one 1-2-5 interval.  Returns the
 * count written (room for LSG_TICKS_MAX). */
guint    lsg_ticks_log      (double       lo,
                             double       hi,
                             guint        max_ticks,
                             LsgTick     *ticks);

/* Labels the major ticks.  When the labelled values fit one SI prefix
 * (largest over smallest non-zero magnitude below 1000) they share it, with
 * as many decimals as the step needs ("0", "0.5", "1.0", "1.5"; unequal
 * steps, as on log axes, drop trailing zeros: "0.01", "0.02"), and the
 * return value is the prefixed unit for the axis title ("ms").  Otherwise
 * each label carries its own prefix and unit ("1 pA", "10 pA") and NULL is
 * returned.  Without a unit (NULL or "") there are no prefixes: a shared
 * factor is returned as "×10⁻⁶" (or "" for none), separate labels are
 * plain or powers of ten ("10⁻⁶").  Free the result with g_free. */
char    *lsg_format_ticks   (LsgTick     *ticks,
                             guint        n,
                             const char  *unit);

/* ---- Decimation ------------------------------------------------------- */

/* The first index i of the ascending x[0..n) with x[i] >= v (n if none):
 * a binary search. */
gsize    lsg_lower_bound    (const double *x,
                             gsize         n,
                             double        v);

/* Min/max decimation of a polyline onto `columns` pixel columns spanning
 * [x0, x1]: inside each column the lowest and the highest point are kept
 * in the order they occur (so single-sample spikes survive), plus the
 * last point before x0 and the first after x1 so the line enters and
 * leaves the view.  x must be ascending and finite; a NaN y is a gap and
 * appears in the output as one point with y = NaN (a break in the line,
 * placed at the first gap of its column).  With log_y, y <= 0 counts as a
 * gap too (it cannot be drawn); the minimum and maximum are the same in y
 * and log y, so the output keeps plain y.  The output has at most
 * 2 columns + 2 points without gaps, 3 columns + 3 with them.  Only the
 * visible points are scanned (a binary search finds the first).
 *
 * The object form keeps the state of the last column open, so data that
 * only grew at the end is decimated in time proportional to the new
 * points. */
typedef struct _LsgDecimation LsgDecimation;

LsgDecimation *lsg_decimation_new    (void);
void           lsg_decimation_free   (LsgDecimation *dec);
/* Brings dec up to date with x, y (n points) for the given view.  With
 * appended TRUE the caller promises the first points given to the previous
 * call are unchanged (the arrays may have moved); if the view, columns and
 * log_y are also unchanged only the new points are scanned.  Returns TRUE
 * when the whole range had to be rescanned. */
gboolean       lsg_decimation_update (LsgDecimation *dec,
                                      const double  *x,
                                      const double  *y,
                                      gsize          n,
                                      double         x0,
                                      double         x1,
                                      guint          columns,
                                      gboolean       log_y,
                                      gboolean       appended);
/* The decimated polyline; valid until the next update or free. */
gsize          lsg_decimation_get_points (const LsgDecimation *dec,
                                          const double       **x,
                                          const double       **y);
void           lsg_decimation_reset  (LsgDecimation *dec);

/* One-shot form: writes at most 3 columns + 3 points to out_x, out_y
 * and returns their count. */
gsize    lsg_decimate_minmax (const double *x,
                              const double *y,
                              gsize         n,
                              double        x0,
                              double        x1,
                              guint         columns,
                              gboolean      log_y,
                              double       *out_x,
                              double       *out_y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgDecimation, lsg_decimation_free)

/* ---- View ranges ------------------------------------------------------ */

/* An axis interval [lo, hi].  On a log axis both are > 0 and zoom and pan
 * act on log10. */
typedef struct {
  double lo;
  double hi;
} LsgRange;

/* Smallest span kept, relative to the magnitude of the ends (log: in
 * decades relative to 1): zooming in stops there. */
#define LSG_RANGE_MIN_REL_SPAN 1e-12

/* An empty accumulator: lo = +inf, hi = -inf. */
void     lsg_range_init_empty (LsgRange     *range);
gboolean lsg_range_is_empty   (const LsgRange *range);
/* Widens range to cover the finite values of v (on a log axis only the
 * positive ones). */
void     lsg_range_add        (LsgRange     *range,
                               const double *v,
                               gsize         n,
                               gboolean      log);
void     lsg_range_add_value  (LsgRange     *range,
                               double        v,
                               gboolean      log);
/* Turns an accumulated data range into a view: pad is the fraction of the
 * span (log: of the decades) added on each side.  Empty data gives [0, 1]
 * (log [1, 10]); constant data c gives c ± 5 % of |c| (± 1 for 0; log a
 * decade around c). */
void     lsg_range_fit        (LsgRange     *range,
                               gboolean      log,
                               double        pad);
/* Like lsg_range_fit without padding, then widened to ticks: on a linear
 * axis to multiples of the 1-2-5 step for max_ticks ticks, on a log axis to
 * whole decades.  Used for the x axis of growing data, whose view then
 * changes only when the data crosses a tick. */
void     lsg_range_fit_nice   (LsgRange     *range,
                               gboolean      log,
                               guint         max_ticks);
/* Zooms about anchor (a data value, usually under the pointer) so the
 * span becomes span / factor: factor 2 halves it, 0.5 doubles it.  On a
 * log axis the span in decades is divided.  The result is clamped. */
void     lsg_range_zoom       (LsgRange     *range,
                               gboolean      log,
                               double        anchor,
                               double        factor);
/* Moves the range by fraction of its span (log: of its decades); positive
 * moves toward larger values.  The result is clamped. */
void     lsg_range_pan        (LsgRange     *range,
                               gboolean      log,
                               double        fraction);
/* Repairs a nonsensical range: swapped ends, NaN, infinite or too large
 * spans, spans below LSG_RANGE_MIN_REL_SPAN (widened about the centre),
 * non-positive ends on a log axis.  Returns TRUE if it changed range. */
gboolean lsg_range_clamp      (LsgRange     *range,
                               gboolean      log);

/* ---- Palette ---------------------------------------------------------- */

#define LSG_PALETTE_SIZE 12
/* markers and dash patterns cycle with this period */
#define LSG_PALETTE_N_STYLES 8
/* the palette entry drawn in the foreground colour (Okabe–Ito black) */
#define LSG_PALETTE_FOREGROUND 7

/* Okabe–Ito colours, ordered for plotting: blue, orange, bluish green,
 * vermillion, sky blue, reddish purple, yellow, black; then four of Tol's
 * muted colours (wine, teal, olive, indigo) so nine weights, eight inputs
 * and a bias, all get their own colour; index wraps. */
void     lsg_palette_color    (guint         index,
                               double       *r,
                               double       *g,
                               double       *b);

typedef enum {
  LSG_MARKER_CIRCLE,
  LSG_MARKER_SQUARE,
  LSG_MARKER_TRIANGLE_UP,
  LSG_MARKER_DIAMOND,
  LSG_MARKER_TRIANGLE_DOWN,
  LSG_MARKER_PLUS,
  LSG_MARKER_CROSS,
  LSG_MARKER_STAR,
} LsgMarker;

/* For grayscale print, where colours look alike: a marker shape and a dash
 * pattern per palette index.  Dashes are in units of the line width
 * (n_dashes 0 = solid); the array is static. */
LsgMarker lsg_palette_marker  (guint          index);
void      lsg_palette_dashes  (guint          index,
                               const double **dashes,
                               guint         *n_dashes);

G_END_DECLS
