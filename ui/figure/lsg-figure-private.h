/* lsg-figure-private.h: what the files of the figure share: the model's
 * fields, its layout cache, and the helpers one file defines for another.
 *
 *   lsg-figure.c         the model: text, series, view, decorations, copies
 *   lsg-figure-style.c   styles and series colours
 *   lsg-figure-text.c    pango text at the style's font
 *   lsg-figure-layout.c  plot area, ticks, legend, decimation; hit tests
 *   lsg-figure-render.c  the cairo drawing
 */
#pragma once

#include <pango/pangocairo.h>

#include "lsg-figure.h"

G_BEGIN_DECLS

/* Sizes relative to the style's font size. */
#define TICK_FONT     0.9
#define TITLE_FONT    1.1
#define PAD           0.5     /* general gap */
#define TICK_LEN      0.35
#define LABEL_GAP     0.8     /* least space between two x tick labels */
#define LEGEND_SAMPLE 2.2     /* length of a legend's line sample */
#define MARKER_SIZE   0.28    /* half-width of a series marker */
#define MARKER_SPACE  4.0     /* between markers along a dense line */
#define EDGE_SIZE     0.55    /* length of an edge-marker triangle */
#define PANEL_INSET   0.3     /* of a panel label from the corner, in PAD */


typedef struct {
  char          *name;
  char          *column;        /* exported data's column name, or NULL */
  guint          palette;
  LsgLineStyle   line;
  gboolean       marker;
  gboolean       print_marker;
  gboolean       visible;
  gboolean       in_legend;
  double        *x, *y;
  gsize          n, capacity;
  LsgRange       x_range;
  LsgRange       y_range;       /* finite y */
  LsgRange       y_range_pos;   /* positive y, for log axes */
  LsgDecimation *dec;
  gboolean       replaced;      /* not only appended since the last decimation */
} Series;

typedef struct {
  int    series;                /* -1: the edge markers */
  double x, y, w, h;
} LegendEntry;

typedef struct {
  gboolean       valid;
  guint64        generation;
  double         width, height;
  LsgFigureStyle style;
  char          *font_family;   /* owned copy of style.font_family */

  gboolean       tiny;          /* no room for a plot area */
  double         px, py, pw, ph;
  double         tick_h, label_h;
  LsgTick        xt[LSG_TICKS_MAX];
  LsgTick        yt[LSG_TICKS_MAX];
  guint          n_xt, n_yt;
  char          *x_title;
  char          *y_title;

  gboolean       legend;
  gboolean       legend_outside;
  gboolean       legend_below;  /* print: under the x axis title */
  double         below_h;       /* height kept for it */
  double         panel_bottom;  /* of the panel label; 0 without one */
  double         lx, ly, lw, lh;
  double         row_h, col_w;
  GArray        *entries;       /* LegendEntry */
} Layout;

struct _LsgFigure {
  char          *title;
  char          *x_label, *x_unit;
  char          *y_label, *y_unit;
  gboolean       y_log;
  gboolean       legend_visible;
  char          *panel_label;
  char          *x_column;
  LsgRange       view_x, view_y;

  GPtrArray     *series;

  double         span_x0, span_x1;
  char          *span_label;
  GArray        *edge_y;        /* double */
  GArray        *edge_palette;  /* guint */
  char          *edge_label;
  double         hline_y;
  char          *hline_label;

  guint64        generation;    /* bumped by every change that shows */
  Layout         layout;
  PangoContext  *pango;
  guint          n_full_decimations;
};

/* lsg-figure.c */
Series      *_lsg_figure_get_series     (const LsgFigure      *fig,
                                         guint                 series);

/* lsg-figure-style.c */
void         _lsg_figure_palette_rgb    (guint                 palette,
                                         const LsgFigureStyle *style,
                                         double                rgb[3]);

/* lsg-figure-text.c: also the map's text (lsg-map-figure.c) */
void         _lsg_text_set_font_options (PangoContext         *pango,
                                         const LsgFigureStyle *style);
/* family NULL: "Sans"; size in user units, at least 1 */
PangoLayout *_lsg_text_layout_new       (PangoContext         *pango,
                                         const char           *family,
                                         const char           *text,
                                         double                size,
                                         gboolean              bold);
PangoContext *_lsg_figure_get_pango     (LsgFigure            *fig);
void         _lsg_figure_set_font_options (LsgFigure            *fig,
                                           const LsgFigureStyle *style);
PangoLayout *_lsg_figure_text_new       (LsgFigure            *fig,
                                         const char           *text,
                                         double                size,
                                         gboolean              bold);
void         _lsg_figure_text_size      (PangoLayout          *layout,
                                         double               *w,
                                         double               *h);
double       _lsg_figure_text_width     (LsgFigure            *fig,
                                         const char           *text,
                                         double                size);
void         _lsg_figure_text_draw      (cairo_t              *cr,
                                         PangoLayout          *layout,
                                         double                x,
                                         double                y,
                                         double                ax,
                                         double                ay);
void         _lsg_figure_text_show      (cairo_t              *cr,
                                         LsgFigure            *fig,
                                         const char           *text,
                                         double                size,
                                         gboolean              bold,
                                         double                x,
                                         double                y,
                                         double                ax,
                                         double                ay);
char        *_lsg_figure_axis_title     (const char           *label,
                                         const char           *unit);

/* lsg-figure-layout.c */
double       _lsg_figure_x_to_px        (const LsgFigure      *fig,
                                         double                x);
double       _lsg_figure_y_to_px        (const LsgFigure      *fig,
                                         double                y);
const char  *_lsg_figure_legend_text    (const LsgFigure      *fig,
                                         int                   series);

G_END_DECLS
