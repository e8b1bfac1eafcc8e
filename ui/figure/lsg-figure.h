/* lsg-figure.h: a plot as plain data, and the one cairo renderer that
 * draws it on screen (through LsgPlot) and on PDF, SVG and PNG surfaces.
 *
 * A figure holds its series (copies of the data), the view, and caches:
 * the layout (plot area, ticks, legend) and each series' min/max
 * decimation for the last size and view.  lsg_figure_prepare () brings the
 * caches up to date; lsg_figure_render () prepares (a no-op when nothing
 * changed) and draws.  Units of width, height and the style's sizes are
 * the cairo user units: pixels on screen, points (1/72 in) on paper.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lsg-plot-math.h"

G_BEGIN_DECLS

typedef enum {
  LSG_LINE_SOLID,
  LSG_LINE_DASHED,
  LSG_LINE_DOTTED,
  LSG_LINE_NONE,                /* a scatter: a dot at every point, no line */
} LsgLineStyle;

typedef struct {
  double      fg[4];            /* r, g, b, a: text, axes, grid */
  double      bg[4];            /* legend and label backgrounds */
  const char *font_family;      /* NULL: "Sans"; not owned */
  double      font_size;        /* user units */
  double      line_width;       /* series lines, user units */
  double      columns_per_unit; /* decimation columns per user unit */
  gboolean    fill_background;  /* paint bg first (export) */
  gboolean    print;            /* markers on every series */
} LsgFigureStyle;

/* Black on white, 12 px, for tests and PNG at screen size. */
void     lsg_figure_style_init_default (LsgFigureStyle       *style);
/* Paper: black on white, 8 pt, opaque background, markers per palette
 * index (open shapes from the ninth index on) so series stay apart in
 * grayscale; a legend too large to sit inside goes under the x axis
 * title, in rows, when it fits there; 4 decimation columns per point,
 * finer than any printer's line. */
void     lsg_figure_style_init_print   (LsgFigureStyle       *style);
gboolean lsg_figure_style_equal        (const LsgFigureStyle *a,
                                        const LsgFigureStyle *b);
/* The colour of a palette index drawn with style, as a series gets it
 * (for drawings beside the plots, in the same colours). */
void     lsg_figure_style_palette_color (const LsgFigureStyle *style,
                                         guint                 palette_index,
                                         double                rgb[3]);

typedef struct _LsgFigure LsgFigure;

LsgFigure  *lsg_figure_new            (void);
void        lsg_figure_free           (LsgFigure   *fig);

/* Text: labels are words ("Time", "Weight"), units SI symbols ("s", "A",
 * "" for none); the renderer adds prefixes. */
void        lsg_figure_set_title      (LsgFigure   *fig,
                                       const char  *title);
const char *lsg_figure_get_title      (const LsgFigure *fig);
void        lsg_figure_set_x_axis     (LsgFigure   *fig,
                                       const char  *label,
                                       const char  *unit);
void        lsg_figure_set_y_axis     (LsgFigure   *fig,
                                       const char  *label,
                                       const char  *unit);
const char *lsg_figure_get_x_label    (const LsgFigure *fig);
const char *lsg_figure_get_x_unit     (const LsgFigure *fig);
const char *lsg_figure_get_y_label    (const LsgFigure *fig);
const char *lsg_figure_get_y_unit     (const LsgFigure *fig);
void        lsg_figure_set_y_log      (LsgFigure   *fig,
                                       gboolean     y_log);
gboolean    lsg_figure_get_y_log      (const LsgFigure *fig);
void        lsg_figure_set_legend_visible (LsgFigure *fig,
                                           gboolean   visible);
/* A panel's label in a figure sheet ("(a)"), drawn at the top left;
 * NULL or "" for none. */
void        lsg_figure_set_panel_label (LsgFigure  *fig,
                                        const char *label);
const char *lsg_figure_get_panel_label (const LsgFigure *fig);
/* Name of the x column when the data are exported ("t_s"); NULL: none
 * set. */
void        lsg_figure_set_x_column   (LsgFigure   *fig,
                                       const char  *column);
const char *lsg_figure_get_x_column   (const LsgFigure *fig);

/* View: the data ranges shown.  set clamps (lsg_range_clamp). */
void        lsg_figure_set_view       (LsgFigure      *fig,
                                       const LsgRange *x,
                                       const LsgRange *y);
void        lsg_figure_get_view       (const LsgFigure *fig,
                                       LsgRange        *x,
                                       LsgRange        *y);
/* The view that shows the visible series, edge markers and reference
 * line: x widened to ticks (so growing data moves it rarely), y padded by
 * 5 %.  O(number of series): data ranges are kept as data arrive. */
void        lsg_figure_fit_view       (LsgFigure   *fig);

/* Series.  x must be ascending and finite; y NaN (or <= 0 on a log axis)
 * leaves a gap. */
guint       lsg_figure_add_series     (LsgFigure    *fig,
                                       const char   *name,
                                       guint         palette_index,
                                       LsgLineStyle  style,
                                       gboolean      in_legend);
guint       lsg_figure_get_n_series   (const LsgFigure *fig);
void        lsg_figure_clear_series   (LsgFigure   *fig);
/* Copies; replaces the series' data. */
void        lsg_figure_series_set_data (LsgFigure    *fig,
                                        guint         series,
                                        const double *x,
                                        const double *y,
                                        gsize         n);
/* Copies and appends; x must not go below the last x.  Decimation then
 * scans only the new points when the view did not change. */
void        lsg_figure_series_append  (LsgFigure    *fig,
                                       guint         series,
                                       const double *x,
                                       const double *y,
                                       gsize         n);
gsize       lsg_figure_series_get_data (const LsgFigure *fig,
                                        guint            series,
                                        const double   **x,
                                        const double   **y);
void        lsg_figure_series_set_visible (LsgFigure *fig,
                                           guint      series,
                                           gboolean   visible);
gboolean    lsg_figure_series_get_visible (const LsgFigure *fig,
                                           guint            series);
void        lsg_figure_series_set_marker  (LsgFigure *fig,
                                           guint      series,
                                           gboolean   marker);
const char *lsg_figure_series_get_name    (const LsgFigure *fig,
                                           guint            series);
/* Print style draws markers (lsg_palette_marker) on every series so
 * they stay apart in grayscale; FALSE leaves them off this one, e.g. a
 * dashed reference drawn beside a marked trace of the same colour.
 * Default TRUE.  lsg_figure_series_set_marker () still forces them. */
void        lsg_figure_series_set_print_marker (LsgFigure *fig,
                                                guint      series,
                                                gboolean   marker);
gboolean    lsg_figure_series_get_print_marker (const LsgFigure *fig,
                                                guint            series);
/* Name of the series' y column when the data are exported ("w_0");
 * NULL: none set. */
void        lsg_figure_series_set_column  (LsgFigure  *fig,
                                           guint       series,
                                           const char *column);
const char *lsg_figure_series_get_column  (const LsgFigure *fig,
                                           guint            series);
LsgLineStyle lsg_figure_series_get_line   (const LsgFigure *fig,
                                           guint            series);
guint       lsg_figure_series_get_palette (const LsgFigure *fig,
                                           guint            series);
gboolean    lsg_figure_series_get_in_legend (const LsgFigure *fig,
                                             guint            series);
/* The colour the series is drawn in with style: the palette colour,
 * black replaced by the foreground and pushed toward the foreground
 * until it stands out from the background (contrast 3:1). */
void        lsg_figure_series_get_color   (const LsgFigure      *fig,
                                           guint                 series,
                                           const LsgFigureStyle *style,
                                           double                rgb[3]);
/* Index of the sample nearest to x (ascending data: binary search);
 * FALSE for an empty series. */
gboolean    lsg_figure_series_nearest (const LsgFigure *fig,
                                       guint            series,
                                       double           x,
                                       gsize           *index);

/* Decorations.  NAN (or n 0) removes; label may be NULL. */
void        lsg_figure_set_span       (LsgFigure   *fig,
                                       double       x0,
                                       double       x1,
                                       const char  *label);
void        lsg_figure_set_edge_markers (LsgFigure    *fig,
                                         const double *y,
                                         const guint  *palette_index,
                                         guint         n,
                                         const char   *label);
void        lsg_figure_set_hline      (LsgFigure   *fig,
                                       double       y,
                                       const char  *label);
/* The decorations as set (span NAN when none; edge arrays borrowed,
 * valid until the next change). */
void        lsg_figure_get_span       (const LsgFigure *fig,
                                       double          *x0,
                                       double          *x1,
                                       const char     **label);
guint       lsg_figure_get_edge_markers (const LsgFigure  *fig,
                                         const double    **y,
                                         const guint     **palette_index,
                                         const char      **label);
void        lsg_figure_get_hline      (const LsgFigure *fig,
                                       double          *y,
                                       const char     **label);

/* Layout and decimation for this size and style. */
void        lsg_figure_prepare        (LsgFigure            *fig,
                                       double                width,
                                       double                height,
                                       const LsgFigureStyle *style);
/* Draws the figure in [0, width] x [0, height] of cr's user space. */
void        lsg_figure_render         (cairo_t              *cr,
                                       LsgFigure            *fig,
                                       double                width,
                                       double                height,
                                       const LsgFigureStyle *style);
/* Series decimations redone in full by prepare so far (for tests and
 * benchmarks: appends must not add to it while the view stays). */
guint       lsg_figure_get_n_full_decimations (const LsgFigure *fig);
/* Bumped by every change that shows. */
guint64     lsg_figure_get_generation (const LsgFigure *fig);
/* A self-contained copy for drawing in another thread: the same labels,
 * view and decorations, each series holding only its polyline decimated
 * for width x height (prepares fig if needed).  Drawing the copy at that
 * size gives the figure's picture; fig can change meanwhile. */
LsgFigure  *lsg_figure_copy_prepared  (LsgFigure            *fig,
                                       double                width,
                                       double                height,
                                       const LsgFigureStyle *style);

/* Hit tests on the layout of the last prepare (prepared again with the
 * last style if width or height differ). */
typedef enum {
  LSG_FIGURE_HIT_NONE,
  LSG_FIGURE_HIT_PLOT,      /* inside the plot area */
  LSG_FIGURE_HIT_X_AXIS,    /* below the plot area: ticks and x label */
  LSG_FIGURE_HIT_Y_AXIS,    /* left of the plot area */
  LSG_FIGURE_HIT_LEGEND,    /* on a legend entry */
} LsgFigureHitKind;

typedef struct {
  LsgFigureHitKind kind;
  double           x, y;    /* data coordinates under the point */
  int              series;  /* legend entry's series, or -1 */
} LsgFigureHit;

LsgFigureHitKind lsg_figure_hit       (LsgFigure    *fig,
                                       double        width,
                                       double        height,
                                       double        px,
                                       double        py,
                                       LsgFigureHit *hit);
void        lsg_figure_get_plot_area  (LsgFigure   *fig,
                                       double       width,
                                       double       height,
                                       double      *x,
                                       double      *y,
                                       double      *w,
                                       double      *h);
/* Between pixels (user units) and data, for the current view. */
void        lsg_figure_pixel_to_data  (LsgFigure   *fig,
                                       double       width,
                                       double       height,
                                       double       px,
                                       double       py,
                                       double      *x,
                                       double      *y);
void        lsg_figure_data_to_pixel  (LsgFigure   *fig,
                                       double       width,
                                       double       height,
                                       double       x,
                                       double       y,
                                       double      *px,
                                       double      *py);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgFigure, lsg_figure_free)

G_END_DECLS
