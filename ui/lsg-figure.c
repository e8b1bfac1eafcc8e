/* lsg-figure.c: the figure model and its cairo renderer. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "lsg-figure.h"

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

/* Series colours must stand out this much from the background
 * (WCAG contrast ratio; 2 keeps the Okabe–Ito hues recognisable). */
#define MIN_CONTRAST 2.0
/* Padding of the y fit, fraction of the span on each side. */
#define Y_FIT_PAD 0.05
/* Ticks aimed at when the x fit is widened to ticks. */
#define X_FIT_TICKS 6

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

/* ---- Styles ----------------------------------------------------------- */

void
lsg_figure_style_init_default (LsgFigureStyle *style)
{
  g_return_if_fail (style != NULL);

  *style = (LsgFigureStyle) {
    .fg = { 0, 0, 0, 1 },
    .bg = { 1, 1, 1, 1 },
    .font_family = NULL,
    .font_size = 12,
    .line_width = 1.5,
    .columns_per_unit = 1,
    .fill_background = TRUE,
    .print = FALSE,
  };
}

void
lsg_figure_style_init_print (LsgFigureStyle *style)
{
  g_return_if_fail (style != NULL);

  lsg_figure_style_init_default (style);
  style->font_size = 8;
  style->line_width = 0.9;
  style->columns_per_unit = 4;
  style->print = TRUE;
}

gboolean
lsg_figure_style_equal (const LsgFigureStyle *a,
                        const LsgFigureStyle *b)
{
  return memcmp (a->fg, b->fg, sizeof a->fg) == 0
         && memcmp (a->bg, b->bg, sizeof a->bg) == 0
         && g_strcmp0 (a->font_family, b->font_family) == 0
         && a->font_size == b->font_size
         && a->line_width == b->line_width
         && a->columns_per_unit == b->columns_per_unit
         && a->fill_background == b->fill_background
         && a->print == b->print;
}

/* ---- Model ------------------------------------------------------------ */

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->name);
  g_free (s->column);
  g_free (s->x);
  g_free (s->y);
  lsg_decimation_free (s->dec);
  g_free (s);
}

static void
layout_clear (Layout *l)
{
  g_clear_pointer (&l->font_family, g_free);
  g_clear_pointer (&l->x_title, g_free);
  g_clear_pointer (&l->y_title, g_free);
  g_clear_pointer (&l->entries, g_array_unref);
  l->valid = FALSE;
}

guint64
lsg_figure_get_generation (const LsgFigure *fig)
{
  return fig->generation;
}

LsgFigure *
lsg_figure_new (void)
{
  LsgFigure *fig = g_new0 (LsgFigure, 1);

  fig->title = g_strdup ("");
  fig->x_label = g_strdup ("");
  fig->x_unit = g_strdup ("");
  fig->y_label = g_strdup ("");
  fig->y_unit = g_strdup ("");
  fig->legend_visible = TRUE;
  fig->panel_label = g_strdup ("");
  fig->view_x = (LsgRange) { 0, 1 };
  fig->view_y = (LsgRange) { 0, 1 };
  fig->series = g_ptr_array_new_with_free_func (series_free);
  fig->span_x0 = fig->span_x1 = NAN;
  fig->edge_y = g_array_new (FALSE, FALSE, sizeof (double));
  fig->edge_palette = g_array_new (FALSE, FALSE, sizeof (guint));
  fig->hline_y = NAN;
  fig->generation = 1;
  return fig;
}

void
lsg_figure_free (LsgFigure *fig)
{
  if (fig == NULL)
    return;
  g_free (fig->title);
  g_free (fig->x_label);
  g_free (fig->x_unit);
  g_free (fig->y_label);
  g_free (fig->y_unit);
  g_free (fig->panel_label);
  g_free (fig->x_column);
  g_ptr_array_unref (fig->series);
  g_free (fig->span_label);
  g_array_unref (fig->edge_y);
  g_array_unref (fig->edge_palette);
  g_free (fig->edge_label);
  g_free (fig->hline_label);
  layout_clear (&fig->layout);
  g_clear_object (&fig->pango);
  g_free (fig);
}

static void
changed (LsgFigure *fig)
{
  fig->generation++;
}

static void
set_string (LsgFigure   *fig,
            char       **field,
            const char  *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  changed (fig);
}

void
lsg_figure_set_title (LsgFigure  *fig,
                      const char *title)
{
  g_return_if_fail (fig != NULL);
  set_string (fig, &fig->title, title);
}

const char *
lsg_figure_get_title (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  return fig->title;
}

void
lsg_figure_set_x_axis (LsgFigure  *fig,
                       const char *label,
                       const char *unit)
{
  g_return_if_fail (fig != NULL);
  set_string (fig, &fig->x_label, label);
  set_string (fig, &fig->x_unit, unit);
}

void
lsg_figure_set_y_axis (LsgFigure  *fig,
                       const char *label,
                       const char *unit)
{
  g_return_if_fail (fig != NULL);
  set_string (fig, &fig->y_label, label);
  set_string (fig, &fig->y_unit, unit);
}

const char *
lsg_figure_get_x_label (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  return fig->x_label;
}

const char *
lsg_figure_get_x_unit (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  return fig->x_unit;
}

const char *
lsg_figure_get_y_label (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  return fig->y_label;
}

const char *
lsg_figure_get_y_unit (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  return fig->y_unit;
}

void
lsg_figure_set_y_log (LsgFigure *fig,
                      gboolean   y_log)
{
  g_return_if_fail (fig != NULL);

  y_log = !!y_log;
  if (fig->y_log == y_log)
    return;
  fig->y_log = y_log;
  lsg_range_clamp (&fig->view_y, y_log);
  changed (fig);
}

gboolean
lsg_figure_get_y_log (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, FALSE);
  return fig->y_log;
}

void
lsg_figure_set_legend_visible (LsgFigure *fig,
                               gboolean   visible)
{
  g_return_if_fail (fig != NULL);

  visible = !!visible;
  if (fig->legend_visible == visible)
    return;
  fig->legend_visible = visible;
  changed (fig);
}

void
lsg_figure_set_panel_label (LsgFigure  *fig,
                            const char *label)
{
  g_return_if_fail (fig != NULL);
  set_string (fig, &fig->panel_label, label);
}

const char *
lsg_figure_get_panel_label (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  return fig->panel_label;
}

void
lsg_figure_set_x_column (LsgFigure  *fig,
                         const char *column)
{
  g_return_if_fail (fig != NULL);
  /* not shown: no redraw */
  g_free (fig->x_column);
  fig->x_column = g_strdup (column);
}

const char *
lsg_figure_get_x_column (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  return fig->x_column;
}

void
lsg_figure_set_view (LsgFigure      *fig,
                     const LsgRange *x,
                     const LsgRange *y)
{
  LsgRange vx, vy;

  g_return_if_fail (fig != NULL);

  vx = x != NULL ? *x : fig->view_x;
  vy = y != NULL ? *y : fig->view_y;
  lsg_range_clamp (&vx, FALSE);
  lsg_range_clamp (&vy, fig->y_log);
  if (vx.lo == fig->view_x.lo && vx.hi == fig->view_x.hi
      && vy.lo == fig->view_y.lo && vy.hi == fig->view_y.hi)
    return;
  fig->view_x = vx;
  fig->view_y = vy;
  changed (fig);
}

void
lsg_figure_get_view (const LsgFigure *fig,
                     LsgRange        *x,
                     LsgRange        *y)
{
  g_return_if_fail (fig != NULL);

  if (x != NULL)
    *x = fig->view_x;
  if (y != NULL)
    *y = fig->view_y;
}

void
lsg_figure_fit_view (LsgFigure *fig)
{
  LsgRange x, y;

  g_return_if_fail (fig != NULL);

  lsg_range_init_empty (&x);
  lsg_range_init_empty (&y);
  for (guint i = 0; i < fig->series->len; i++)
    {
      const Series *s = g_ptr_array_index (fig->series, i);
      const LsgRange *sy = fig->y_log ? &s->y_range_pos : &s->y_range;

      if (!s->visible || lsg_range_is_empty (sy))
        continue;
      lsg_range_add_value (&x, s->x_range.lo, FALSE);
      lsg_range_add_value (&x, s->x_range.hi, FALSE);
      lsg_range_add_value (&y, sy->lo, fig->y_log);
      lsg_range_add_value (&y, sy->hi, fig->y_log);
    }
  for (guint i = 0; i < fig->edge_y->len; i++)
    lsg_range_add_value (&y, g_array_index (fig->edge_y, double, i), fig->y_log);
  lsg_range_add_value (&y, fig->hline_y, fig->y_log);

  lsg_range_fit_nice (&x, FALSE, X_FIT_TICKS);
  lsg_range_fit (&y, fig->y_log, Y_FIT_PAD);
  lsg_figure_set_view (fig, &x, &y);
}

static Series *
get_series (const LsgFigure *fig,
            guint            series)
{
  g_return_val_if_fail (series < fig->series->len, NULL);
  return g_ptr_array_index (fig->series, series);
}

guint
lsg_figure_add_series (LsgFigure    *fig,
                       const char   *name,
                       guint         palette_index,
                       LsgLineStyle  style,
                       gboolean      in_legend)
{
  Series *s;

  g_return_val_if_fail (fig != NULL, 0);

  s = g_new0 (Series, 1);
  s->name = g_strdup (name != NULL ? name : "");
  s->palette = palette_index;
  s->line = style;
  s->print_marker = TRUE;
  s->visible = TRUE;
  s->in_legend = in_legend;
  lsg_range_init_empty (&s->x_range);
  lsg_range_init_empty (&s->y_range);
  lsg_range_init_empty (&s->y_range_pos);
  s->dec = lsg_decimation_new ();
  s->replaced = TRUE;
  g_ptr_array_add (fig->series, s);
  changed (fig);
  return fig->series->len - 1;
}

guint
lsg_figure_get_n_series (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, 0);
  return fig->series->len;
}

void
lsg_figure_clear_series (LsgFigure *fig)
{
  g_return_if_fail (fig != NULL);

  if (fig->series->len == 0)
    return;
  g_ptr_array_set_size (fig->series, 0);
  changed (fig);
}

static gboolean
ascending (const double *x,
           gsize         n,
           double        before)
{
  for (gsize i = 0; i < n; i++)
    {
      if (!(x[i] >= before) || !isfinite (x[i]))
        return FALSE;
      before = x[i];
    }
  return TRUE;
}

static void
series_add (Series       *s,
            const double *x,
            const double *y,
            gsize         n)
{
  /* an empty run (no rows yet) may come with NULL arrays */
  if (n == 0)
    return;
  if (s->n + n > s->capacity)
    {
      s->capacity = MAX (s->n + n, MAX (2 * s->capacity, 1024));
      s->x = g_renew (double, s->x, s->capacity);
      s->y = g_renew (double, s->y, s->capacity);
    }
  memcpy (s->x + s->n, x, n * sizeof *x);
  memcpy (s->y + s->n, y, n * sizeof *y);
  s->n += n;
  lsg_range_add_value (&s->x_range, x[0], FALSE);
  lsg_range_add_value (&s->x_range, x[n - 1], FALSE);
  lsg_range_add (&s->y_range, y, n, FALSE);
  lsg_range_add (&s->y_range_pos, y, n, TRUE);
}

void
lsg_figure_series_set_data (LsgFigure    *fig,
                            guint         series,
                            const double *x,
                            const double *y,
                            gsize         n)
{
  Series *s;

  g_return_if_fail (fig != NULL);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));
  g_return_if_fail (ascending (x, n, -INFINITY));
  s = get_series (fig, series);
  g_return_if_fail (s != NULL);

  s->n = 0;
  lsg_range_init_empty (&s->x_range);
  lsg_range_init_empty (&s->y_range);
  lsg_range_init_empty (&s->y_range_pos);
  series_add (s, x, y, n);
  s->replaced = TRUE;
  changed (fig);
}

void
lsg_figure_series_append (LsgFigure    *fig,
                          guint         series,
                          const double *x,
                          const double *y,
                          gsize         n)
{
  Series *s;

  g_return_if_fail (fig != NULL);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));
  s = get_series (fig, series);
  g_return_if_fail (s != NULL);
  g_return_if_fail (ascending (x, n, s->n > 0 ? s->x[s->n - 1] : -INFINITY));

  if (n == 0)
    return;
  series_add (s, x, y, n);
  changed (fig);
}

gsize
lsg_figure_series_get_data (const LsgFigure  *fig,
                            guint             series,
                            const double    **x,
                            const double    **y)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, 0);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, 0);

  if (x != NULL)
    *x = s->x;
  if (y != NULL)
    *y = s->y;
  return s->n;
}

void
lsg_figure_series_set_visible (LsgFigure *fig,
                               guint      series,
                               gboolean   visible)
{
  Series *s;

  g_return_if_fail (fig != NULL);
  s = get_series (fig, series);
  g_return_if_fail (s != NULL);

  visible = !!visible;
  if (s->visible == visible)
    return;
  s->visible = visible;
  changed (fig);
}

gboolean
lsg_figure_series_get_visible (const LsgFigure *fig,
                               guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, FALSE);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, FALSE);
  return s->visible;
}

void
lsg_figure_series_set_marker (LsgFigure *fig,
                              guint      series,
                              gboolean   marker)
{
  Series *s;

  g_return_if_fail (fig != NULL);
  s = get_series (fig, series);
  g_return_if_fail (s != NULL);

  marker = !!marker;
  if (s->marker == marker)
    return;
  s->marker = marker;
  changed (fig);
}

const char *
lsg_figure_series_get_name (const LsgFigure *fig,
                            guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, NULL);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, NULL);
  return s->name;
}

void
lsg_figure_series_set_print_marker (LsgFigure *fig,
                                    guint      series,
                                    gboolean   marker)
{
  Series *s;

  g_return_if_fail (fig != NULL);
  s = get_series (fig, series);
  g_return_if_fail (s != NULL);

  marker = !!marker;
  if (s->print_marker == marker)
    return;
  s->print_marker = marker;
  changed (fig);
}

gboolean
lsg_figure_series_get_print_marker (const LsgFigure *fig,
                                    guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, FALSE);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, FALSE);
  return s->print_marker;
}

void
lsg_figure_series_set_column (LsgFigure  *fig,
                              guint       series,
                              const char *column)
{
  Series *s;

  g_return_if_fail (fig != NULL);
  s = get_series (fig, series);
  g_return_if_fail (s != NULL);

  /* not shown: no redraw */
  g_free (s->column);
  s->column = g_strdup (column);
}

const char *
lsg_figure_series_get_column (const LsgFigure *fig,
                              guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, NULL);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, NULL);
  return s->column;
}

LsgLineStyle
lsg_figure_series_get_line (const LsgFigure *fig,
                            guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, LSG_LINE_SOLID);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, LSG_LINE_SOLID);
  return s->line;
}

guint
lsg_figure_series_get_palette (const LsgFigure *fig,
                               guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, 0);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, 0);
  return s->palette;
}

gboolean
lsg_figure_series_get_in_legend (const LsgFigure *fig,
                                 guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, FALSE);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, FALSE);
  return s->in_legend;
}


gboolean
lsg_figure_series_nearest (const LsgFigure *fig,
                           guint            series,
                           double           x,
                           gsize           *index)
{
  const Series *s;
  gsize i;

  g_return_val_if_fail (fig != NULL, FALSE);
  s = get_series (fig, series);
  g_return_val_if_fail (s != NULL, FALSE);

  if (s->n == 0 || isnan (x))
    return FALSE;
  i = lsg_lower_bound (s->x, s->n, x);
  if (i == s->n || (i > 0 && x - s->x[i - 1] < s->x[i] - x))
    i--;
  *index = i;
  return TRUE;
}

void
lsg_figure_set_span (LsgFigure  *fig,
                     double      x0,
                     double      x1,
                     const char *label)
{
  g_return_if_fail (fig != NULL);

  if (isnan (x0) || isnan (x1))
    x0 = x1 = NAN;
  else if (x0 > x1)
    {
      double t = x0;
      x0 = x1;
      x1 = t;
    }
  if (((isnan (x0) && isnan (fig->span_x0))
       || (x0 == fig->span_x0 && x1 == fig->span_x1))
      && g_strcmp0 (label, fig->span_label) == 0)
    return;
  fig->span_x0 = x0;
  fig->span_x1 = x1;
  g_free (fig->span_label);
  fig->span_label = g_strdup (label);
  changed (fig);
}

void
lsg_figure_set_edge_markers (LsgFigure    *fig,
                             const double *y,
                             const guint  *palette_index,
                             guint         n,
                             const char   *label)
{
  g_return_if_fail (fig != NULL);
  g_return_if_fail (n == 0 || (y != NULL && palette_index != NULL));

  g_array_set_size (fig->edge_y, 0);
  g_array_set_size (fig->edge_palette, 0);
  g_array_append_vals (fig->edge_y, y, n);
  g_array_append_vals (fig->edge_palette, palette_index, n);
  g_free (fig->edge_label);
  fig->edge_label = g_strdup (label);
  changed (fig);
}

void
lsg_figure_set_hline (LsgFigure  *fig,
                      double      y,
                      const char *label)
{
  g_return_if_fail (fig != NULL);

  if (((isnan (y) && isnan (fig->hline_y)) || y == fig->hline_y)
      && g_strcmp0 (label, fig->hline_label) == 0)
    return;
  fig->hline_y = y;
  g_free (fig->hline_label);
  fig->hline_label = g_strdup (label);
  changed (fig);
}

void
lsg_figure_get_span (const LsgFigure  *fig,
                     double           *x0,
                     double           *x1,
                     const char      **label)
{
  g_return_if_fail (fig != NULL);

  if (x0 != NULL)
    *x0 = fig->span_x0;
  if (x1 != NULL)
    *x1 = fig->span_x1;
  if (label != NULL)
    *label = fig->span_label;
}

guint
lsg_figure_get_edge_markers (const LsgFigure  *fig,
                             const double    **y,
                             const guint     **palette_index,
                             const char      **label)
{
  g_return_val_if_fail (fig != NULL, 0);

  if (y != NULL)
    *y = (const double *) fig->edge_y->data;
  if (palette_index != NULL)
    *palette_index = (const guint *) fig->edge_palette->data;
  if (label != NULL)
    *label = fig->edge_label;
  return fig->edge_y->len;
}

void
lsg_figure_get_hline (const LsgFigure  *fig,
                      double           *y,
                      const char      **label)
{
  g_return_if_fail (fig != NULL);

  if (y != NULL)
    *y = fig->hline_y;
  if (label != NULL)
    *label = fig->hline_label;
}

guint
lsg_figure_get_n_full_decimations (const LsgFigure *fig)
{
  g_return_val_if_fail (fig != NULL, 0);
  return fig->n_full_decimations;
}

/* ---- Colours ---------------------------------------------------------- */

static double
channel_linear (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const double rgb[3])
{
  return 0.2126 * channel_linear (rgb[0]) + 0.7152 * channel_linear (rgb[1])
         + 0.0722 * channel_linear (rgb[2]);
}

static double
contrast (const double a[3],
          const double b[3])
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The background the figure is seen on; a transparent one is assumed to
 * be the opposite of the foreground. */
static void
effective_bg (const LsgFigureStyle *style,
              double                bg[3])
{
  if (style->bg[3] > 0)
    memcpy (bg, style->bg, 3 * sizeof (double));
  else
    {
      double v = luminance (style->fg) > 0.5 ? 0.14 : 1.0;

      bg[0] = bg[1] = bg[2] = v;
    }
}

static void
palette_rgb (guint                 palette,
             const LsgFigureStyle *style,
             double                rgb[3])
{
  double bg[3];

  if (palette % LSG_PALETTE_SIZE == LSG_PALETTE_FOREGROUND)
    {
      /* Okabe–Ito black is the foreground: readable on dark themes */
      memcpy (rgb, style->fg, 3 * sizeof (double));
      return;
    }
  lsg_palette_color (palette, &rgb[0], &rgb[1], &rgb[2]);
  effective_bg (style, bg);
  for (guint k = 0; k < 10 && contrast (rgb, bg) < MIN_CONTRAST; k++)
    for (guint c = 0; c < 3; c++)
      rgb[c] += 0.15 * (style->fg[c] - rgb[c]);
}

void
lsg_figure_style_palette_color (const LsgFigureStyle *style,
                                guint                 palette_index,
                                double                rgb[3])
{
  g_return_if_fail (style != NULL);
  palette_rgb (palette_index, style, rgb);
}

void
lsg_figure_series_get_color (const LsgFigure      *fig,
                             guint                 series,
                             const LsgFigureStyle *style,
                             double                rgb[3])
{
  const Series *s;

  g_return_if_fail (fig != NULL && style != NULL);
  s = get_series (fig, series);
  g_return_if_fail (s != NULL);
  palette_rgb (s->palette, style, rgb);
}

/* ---- Text ------------------------------------------------------------- */

static PangoContext *
get_pango (LsgFigure *fig)
{
  if (fig->pango == NULL)
    fig->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  return fig->pango;
}

/* Unhinted metrics: the same layout on screen, PDF and SVG.  On paper
 * unhinted outlines too: hinted glyphs at fractional advances space
 * letters unevenly. */
static void
set_font_options (LsgFigure            *fig,
                  const LsgFigureStyle *style)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  if (style->print)
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (get_pango (fig), options);
  cairo_font_options_destroy (options);
}

static PangoLayout *
text_new (LsgFigure  *fig,
          const char *text,
          double      size,
          gboolean    bold)
{
  PangoLayout *layout = pango_layout_new (get_pango (fig));
  PangoFontDescription *desc = pango_font_description_new ();
  const char *family = fig->layout.font_family;

  pango_font_description_set_family (desc, family != NULL ? family : "Sans");
  pango_font_description_set_absolute_size (desc, MAX (size, 1) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoLayout *layout,
           double      *w,
           double      *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (w != NULL)
    *w = (double) logical.width / PANGO_SCALE;
  if (h != NULL)
    *h = (double) logical.height / PANGO_SCALE;
}

static double
text_width (LsgFigure  *fig,
            const char *text,
            double      size)
{
  g_autoptr(PangoLayout) layout = text_new (fig, text, size, FALSE);
  double w;

  text_size (layout, &w, NULL);
  return w;
}

/* Draws layout with its anchor (ax, ay) in [0, 1]^2 of its box at x, y. */
static void
text_draw (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           double       ax,
           double       ay)
{
  double w, h;

  text_size (layout, &w, &h);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (cr, layout);
}

static void
text_show (cairo_t    *cr,
           LsgFigure  *fig,
           const char *text,
           double      size,
           gboolean    bold,
           double      x,
           double      y,
           double      ax,
           double      ay)
{
  g_autoptr(PangoLayout) layout = text_new (fig, text, size, bold);

  text_draw (cr, layout, x, y, ax, ay);
}

static char *
axis_title (const char *label,
            const char *unit)
{
  gboolean has_label = label != NULL && label[0] != '\0';
  gboolean has_unit = unit != NULL && unit[0] != '\0';

  if (has_label && has_unit)
    return g_strdup_printf ("%s (%s)", label, unit);
  if (has_unit)
    return g_strdup (unit);
  return g_strdup (has_label ? label : "");
}

/* ---- Layout ----------------------------------------------------------- */

static double
x_to_px (const LsgFigure *fig,
         double           x)
{
  const Layout *l = &fig->layout;

  return l->px + (x - fig->view_x.lo) / (fig->view_x.hi - fig->view_x.lo) * l->pw;
}

static double
y_to_px (const LsgFigure *fig,
         double           y)
{
  const Layout *l = &fig->layout;
  double t;

  if (fig->y_log)
    t = (log10 (y) - log10 (fig->view_y.lo))
        / (log10 (fig->view_y.hi) - log10 (fig->view_y.lo));
  else
    t = (y - fig->view_y.lo) / (fig->view_y.hi - fig->view_y.lo);
  return l->py + l->ph * (1 - t);
}

static gboolean
has_edge_entry (const LsgFigure *fig)
{
  return fig->edge_y->len > 0 && fig->edge_label != NULL && fig->edge_label[0] != '\0';
}

static guint
legend_count (const LsgFigure *fig)
{
  guint n = has_edge_entry (fig) ? 1 : 0;

  for (guint i = 0; i < fig->series->len; i++)
    n += ((const Series *) g_ptr_array_index (fig->series, i))->in_legend;
  return n;
}

static const char *
legend_text (const LsgFigure *fig,
             int              series)
{
  if (series < 0)
    return fig->edge_label;
  return ((const Series *) g_ptr_array_index (fig->series, series))->name;
}

/* Entry sizes, then placement once the plot area is known. */
static void
legend_measure (LsgFigure *fig)
{
  Layout *l = &fig->layout;
  double fs = l->style.font_size;
  double text_w = 0;

  g_array_set_size (l->entries, 0);
  l->legend = fig->legend_visible && legend_count (fig) > 0;
  if (!l->legend)
    return;

  for (guint i = 0; i < fig->series->len; i++)
    {
      const Series *s = g_ptr_array_index (fig->series, i);
      LegendEntry e = { (int) i, 0, 0, 0, 0 };

      if (!s->in_legend)
        continue;
      g_array_append_val (l->entries, e);
    }
  if (has_edge_entry (fig))
    {
      LegendEntry e = { -1, 0, 0, 0, 0 };

      g_array_append_val (l->entries, e);
    }
  for (guint k = 0; k < l->entries->len; k++)
    {
      const LegendEntry *e = &g_array_index (l->entries, LegendEntry, k);

      text_w = MAX (text_w, text_width (fig, legend_text (fig, e->series),
                                        TICK_FONT * fs));
    }
  l->row_h = 1.2 * l->tick_h;
  l->col_w = (LEGEND_SAMPLE + PAD) * fs + text_w + PAD * fs;
}

static void
legend_place_entries (Layout *l,
                      guint   per_col)
{
  double fs = l->style.font_size;
  double inset = 0.5 * PAD * fs;

  for (guint k = 0; k < l->entries->len; k++)
    {
      LegendEntry *e = &g_array_index (l->entries, LegendEntry, k);

      e->x = l->lx + inset + (k / per_col) * l->col_w;
      e->y = l->ly + inset + (k % per_col) * l->row_h;
      e->w = l->col_w - PAD * fs * 0.5;
      e->h = l->row_h;
    }
}

static gsize
points_in_rect (const LsgFigure *fig,
                double           x,
                double           y,
                double           w,
                double           h)
{
  gsize count = 0;

  for (guint i = 0; i < fig->series->len; i++)
    {
      const Series *s = g_ptr_array_index (fig->series, i);
      const double *dx, *dy;
      gsize m;

      if (!s->visible)
        continue;
      m = lsg_decimation_get_points (s->dec, &dx, &dy);
      for (gsize k = 0; k < m; k++)
        {
          double px, py;

          if (isnan (dy[k]))
            continue;
          px = x_to_px (fig, dx[k]);
          py = y_to_px (fig, dy[k]);
          count += px >= x && px <= x + w && py >= y && py <= y + h;
        }
    }
  /* the reference line's label sits at the right end of its line */
  if (isfinite (fig->hline_y))
    {
      double py = y_to_px (fig, fig->hline_y);

      count += (py >= y && py <= y + h) ? 20 : 0;
    }
  return count;
}

static gboolean
rects_meet (double ax, double ay, double aw, double ah,
            double bx, double by, double bw, double bh)
{
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* Inside the plot area: of the corners and edge middles, the place
 * covering the fewest data points and no other label. */
static void
legend_place_inside (LsgFigure *fig)
{
  Layout *l = &fig->layout;
  double fs = l->style.font_size;
  double inset = PAD * fs;
  double left = l->px + inset, right = l->px + l->pw - inset - l->lw;
  double top = l->py + inset, bottom = l->py + l->ph - inset - l->lh;
  double mid_x = l->px + (l->pw - l->lw) / 2, mid_y = l->py + (l->ph - l->lh) / 2;
  /* in order of preference when equal */
  const double xs[8] = { right, left, right, left, mid_x, mid_x, right, left };
  const double ys[8] = { top, top, bottom, bottom, top, bottom, mid_y, mid_y };
  double span_x = 0, span_w = 0;
  gsize best = G_MAXSIZE;
  guint best_k = 0;

  if (!isnan (fig->span_x0) && fig->span_label != NULL && fig->span_label[0] != '\0')
    {
      span_x = CLAMP (x_to_px (fig, fig->span_x0), l->px, l->px + l->pw);
      span_w = text_width (fig, fig->span_label, TICK_FONT * fs) + PAD * fs;
    }

  for (guint k = 0; k < G_N_ELEMENTS (xs); k++)
    {
      gsize c = points_in_rect (fig, xs[k], ys[k], l->lw, l->lh);

      if (span_w > 0 && rects_meet (xs[k], ys[k], l->lw, l->lh,
                                    span_x, l->py, span_w, l->tick_h + PAD * fs))
        c += 1000;
      if (c < best)
        {
          best = c;
          best_k = k;
        }
    }
  l->lx = xs[best_k];
  l->ly = ys[best_k];
  legend_place_entries (l, l->entries->len);
}

/* Print: the legend under the x axis title, in as many columns as fit
 * in max_w, each as wide as its widest entry; entry positions are left
 * relative to the legend's corner.  FALSE if it would be higher than
 * max_h. */
static gboolean
legend_fit_below (LsgFigure *fig,
                  double     max_w,
                  double     max_h)
{
  Layout *l = &fig->layout;
  double fs = l->style.font_size;
  double inset = 0.5 * PAD * fs;
  guint n = l->entries->len;
  g_autofree double *w = g_new (double, n);

  for (guint k = 0; k < n; k++)
    {
      const LegendEntry *e = &g_array_index (l->entries, LegendEntry, k);

      w[k] = (LEGEND_SAMPLE + PAD) * fs
             + text_width (fig, legend_text (fig, e->series), TICK_FONT * fs) + PAD * fs;
    }
  for (guint cols = n; cols >= 1; cols--)
    {
      guint rows = (n + cols - 1) / cols;
      double x = inset;

      for (guint c = 0; c * rows < n; c++)
        {
          double col_w = 0;

          for (guint k = c * rows; k < MIN ((c + 1) * rows, n); k++)
            col_w = MAX (col_w, w[k]);
          for (guint k = c * rows; k < MIN ((c + 1) * rows, n); k++)
            {
              LegendEntry *e = &g_array_index (l->entries, LegendEntry, k);

              e->x = x;
              e->y = inset + (k - c * rows) * l->row_h;
              e->w = col_w - inset;
              e->h = l->row_h;
            }
          x += col_w;
        }
      if (x <= max_w || cols == 1)
        {
          l->lw = x;
          l->lh = rows * l->row_h + PAD * fs;
          return x <= max_w && l->lh <= max_h;
        }
    }
  return FALSE;
}

/* y ticks for the plot height; returns the widest label. */
static double
y_ticks_compute (LsgFigure *fig)
{
  Layout *l = &fig->layout;
  double fs = l->style.font_size;
  g_autofree char *y_unit = NULL;
  double max_w = 0;
  /* about one per 2.2 text lines */
  guint max_y = (guint) CLAMP (l->ph / (2.2 * l->tick_h), 2, 12);

  if (fig->y_log)
    l->n_yt = lsg_ticks_log (fig->view_y.lo, fig->view_y.hi, max_y, l->yt);
  else
    l->n_yt = lsg_ticks_linear (fig->view_y.lo, fig->view_y.hi, max_y, l->yt);
  y_unit = lsg_format_ticks (l->yt, l->n_yt, fig->y_unit);
  g_free (l->y_title);
  l->y_title = axis_title (fig->y_label, y_unit);
  for (guint i = 0; i < l->n_yt; i++)
    if (l->yt[i].major)
      max_w = MAX (max_w, text_width (fig, l->yt[i].label, TICK_FONT * fs));
  return max_w;
}

/* x ticks whose labels do not collide, at most max of them. */
static void
x_ticks_fit (LsgFigure *fig,
             guint      max,
             double    *overflow_left,
             double    *overflow_right)
{
  Layout *l = &fig->layout;
  double fs = l->style.font_size;
  g_autofree char *unit = NULL;

  for (;; max--)
    {
      double prev_right = -INFINITY;
      gboolean ok = TRUE;

      g_clear_pointer (&unit, g_free);
      l->n_xt = lsg_ticks_linear (fig->view_x.lo, fig->view_x.hi, max, l->xt);
      unit = lsg_format_ticks (l->xt, l->n_xt, fig->x_unit);
      *overflow_left = *overflow_right = 0;
      for (guint i = 0; i < l->n_xt && ok; i++)
        {
          double w, c;

          if (!l->xt[i].major)
            continue;
          w = text_width (fig, l->xt[i].label, TICK_FONT * fs);
          c = x_to_px (fig, l->xt[i].value);
          ok = c - w / 2 >= prev_right + LABEL_GAP * fs;
          prev_right = c + w / 2;
          *overflow_left = MAX (*overflow_left, -(c - w / 2));
          *overflow_right = MAX (*overflow_right, c + w / 2 - l->width);
        }
      if (ok || max <= 2)
        break;
    }
  g_free (l->x_title);
  l->x_title = axis_title (fig->x_label, unit);
}

static void
layout_compute (LsgFigure *fig)
{
  Layout *l = &fig->layout;
  double fs = l->style.font_size;
  double pad = PAD * fs;
  double title_h = 0, top, bottom, left, right, max_w;
  double ol, orr;
  gboolean has_title = fig->title[0] != '\0';
  gboolean has_x_title = fig->x_label[0] != '\0' || fig->x_unit[0] != '\0';

  {
    g_autoptr(PangoLayout) t = text_new (fig, "0", TICK_FONT * fs, FALSE);
    g_autoptr(PangoLayout) a = text_new (fig, "0", fs, FALSE);

    text_size (t, NULL, &l->tick_h);
    text_size (a, NULL, &l->label_h);
  }
  if (has_title)
    {
      g_autoptr(PangoLayout) t = text_new (fig, fig->title, TITLE_FONT * fs, TRUE);

      text_size (t, NULL, &title_h);
    }

  top = has_title ? pad + title_h + 0.5 * pad : pad + 0.5 * l->tick_h;
  if (fig->panel_label[0] != '\0')
    {
      /* the label sits in the top left corner, above the top y tick
       * label, or beside the title */
      g_autoptr(PangoLayout) t = text_new (fig, fig->panel_label, fs, TRUE);
      double panel_h;

      text_size (t, NULL, &panel_h);
      l->panel_bottom = PANEL_INSET * pad + panel_h;
      top = MAX (top, l->panel_bottom + 0.5 * l->tick_h + 0.2 * pad);
    }
  else
    l->panel_bottom = 0;
  bottom = TICK_LEN * fs + 0.3 * pad + l->tick_h + pad
           + (has_x_title ? l->label_h + 0.3 * pad : 0);
  l->py = top;
  l->ph = l->height - top - bottom;
  l->below_h = 0;
  l->legend_below = FALSE;
  l->tiny = l->ph < 2 * l->tick_h;
  if (l->tiny)
    return;

  max_w = y_ticks_compute (fig);
  left = pad + (l->y_title[0] != '\0' ? l->label_h + 0.6 * pad : 0)
         + max_w + 0.3 * pad + TICK_LEN * fs;
  right = pad + (fig->edge_y->len > 0 ? EDGE_SIZE * fs + 0.3 * pad : 0);

  legend_measure (fig);
  l->legend_outside = FALSE;
  if (l->legend)
    {
      double pw0 = l->width - left - right;
      double lh = l->entries->len * l->row_h + PAD * fs;

      l->lw = l->col_w + 0.5 * PAD * fs;
      l->lh = lh;
      /* a legend over 40 % of the plot's height or width would hide
       * data wherever it sits inside */
      if (l->lw > 0.4 * pw0 || lh > 0.4 * l->ph)
        {
          /* on paper, under the plot, in rows, when that keeps at least
           * 60 % of the plot's height: the plot keeps the page's width,
           * which a time axis needs more than height */
          gboolean below = l->style.print
                           && legend_fit_below (fig, l->width - pad, 0.4 * l->ph);

          if (l->style.print && !below)
            {
              /* beside the plot if it fits there; else, rather than no
               * legend on paper, under a plot that keeps 40 % */
              guint per_col = MAX (1, (guint) ((l->ph - PAD * fs) / l->row_h));
              guint cols = (l->entries->len + per_col - 1) / per_col;

              if (l->width - left - right - (cols * l->col_w + 0.5 * PAD * fs) - pad
                  < 0.4 * l->width)
                below = legend_fit_below (fig, l->width - pad, 0.6 * l->ph);
            }
          if (below)
            {
              l->legend_outside = TRUE;
              l->legend_below = TRUE;
              l->below_h = l->lh + 0.2 * pad;
              l->ph -= l->below_h;
              if (l->ph < 2 * l->tick_h)
                {
                  l->tiny = TRUE;
                  return;
                }
              max_w = y_ticks_compute (fig);
              left = pad + (l->y_title[0] != '\0' ? l->label_h + 0.6 * pad : 0)
                     + max_w + 0.3 * pad + TICK_LEN * fs;
            }
          else
            {
              /* beside the plot, in as many columns as the height needs */
              guint per_col = MAX (1, (guint) ((l->ph - PAD * fs) / l->row_h));
              guint cols = (l->entries->len + per_col - 1) / per_col;

              per_col = (l->entries->len + cols - 1) / cols;
              l->lw = cols * l->col_w + 0.5 * PAD * fs;
              l->lh = per_col * l->row_h + PAD * fs;
              if (l->width - left - right - l->lw - pad < 0.4 * l->width)
                l->legend = FALSE;   /* no room: the hover still names series */
              else
                {
                  l->legend_outside = TRUE;
                  right += l->lw + pad;
                  l->lx = l->width - l->lw - pad;
                  l->ly = l->py;
                  legend_place_entries (l, per_col);
                }
            }
        }
    }

  l->px = left;
  l->pw = l->width - left - right;
  if (l->pw < 2 * fs)
    {
      l->tiny = TRUE;
      return;
    }

  x_ticks_fit (fig, (guint) CLAMP (l->pw / (4 * fs), 2, 12), &ol, &orr);
  if (orr > 0 && !(l->legend_outside && !l->legend_below))
    {
      /* the last label would be cut: narrow the plot and tick again */
      l->pw -= orr + 0.2 * pad;
      if (l->pw < 2 * fs)
        {
          l->tiny = TRUE;
          return;
        }
      x_ticks_fit (fig, (guint) CLAMP (l->pw / (4 * fs), 2, 12), &ol, &orr);
    }

  if (l->legend_below)
    {
      /* centred under the plot area, inside the page */
      l->lx = CLAMP (l->px + (l->pw - l->lw) / 2, 0.5 * pad, MAX (0.5 * pad, l->width - l->lw));
      l->ly = l->height - l->lh - 0.2 * pad;
      for (guint k = 0; k < l->entries->len; k++)
        {
          LegendEntry *e = &g_array_index (l->entries, LegendEntry, k);

          e->x += l->lx;
          e->y += l->ly;
        }
    }
}

static void
decimate_all (LsgFigure *fig)
{
  Layout *l = &fig->layout;
  guint columns = (guint) MAX (1, ceil (l->pw * l->style.columns_per_unit));

  for (guint i = 0; i < fig->series->len; i++)
    {
      Series *s = g_ptr_array_index (fig->series, i);

      if (!s->visible)
        continue;
      if (lsg_decimation_update (s->dec, s->x, s->y, s->n,
                                 fig->view_x.lo, fig->view_x.hi, columns,
                                 fig->y_log, !s->replaced))
        fig->n_full_decimations++;
      s->replaced = FALSE;
    }
}

void
lsg_figure_prepare (LsgFigure            *fig,
                    double                width,
                    double                height,
                    const LsgFigureStyle *style)
{
  Layout *l;

  g_return_if_fail (fig != NULL);
  g_return_if_fail (style != NULL);

  l = &fig->layout;
  if (l->valid && l->generation == fig->generation
      && l->width == width && l->height == height
      && lsg_figure_style_equal (&l->style, style))
    return;

  {
    /* style may be the layout's own copy: duplicate before freeing */
    char *family = g_strdup (style->font_family);

    l->style = *style;
    g_free (l->font_family);
    l->font_family = family;
  }
  l->style.font_family = l->font_family;
  if (!(l->style.font_size > 0))
    l->style.font_size = 12;
  l->width = width;
  l->height = height;
  set_font_options (fig, &l->style);
  if (l->entries == NULL)
    l->entries = g_array_new (FALSE, FALSE, sizeof (LegendEntry));

  layout_compute (fig);
  if (!l->tiny)
    {
      decimate_all (fig);
      if (l->legend && !l->legend_outside)
        legend_place_inside (fig);
    }
  l->generation = fig->generation;
  l->valid = TRUE;
}

/* ---- Drawing ---------------------------------------------------------- */

static void
set_fg (cairo_t              *cr,
        const LsgFigureStyle *style,
        double                alpha)
{
  cairo_set_source_rgba (cr, style->fg[0], style->fg[1], style->fg[2],
                         style->fg[3] * alpha);
}

/* Crisp one-pixel lines on screen; exact positions on paper. */
static double
snap (const LsgFigureStyle *style,
      double                v)
{
  return style->print ? v : floor (v) + 0.5;
}

static double
thin_line (const LsgFigureStyle *style)
{
  return style->print ? 0.5 : 1.0;
}

static void
set_dash (cairo_t      *cr,
          LsgLineStyle  line,
          double        lw)
{
  double d[2];

  switch (line)
    {
    case LSG_LINE_DASHED:
      d[0] = 4 * lw;
      d[1] = 2.5 * lw;
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, d, 2, 0);
      break;
    case LSG_LINE_DOTTED:
      /* round caps turn zero-length dashes into dots */
      d[0] = 0;
      d[1] = 2.2 * lw;
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (cr, d, 2, 0);
      break;
    case LSG_LINE_SOLID:
    default:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
}

static void
marker_path (cairo_t   *cr,
             LsgMarker  marker,
             double     x,
             double     y,
             double     r,
             gboolean  *filled)
{
  *filled = TRUE;
  cairo_new_sub_path (cr);
  switch (marker)
    {
    case LSG_MARKER_CIRCLE:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case LSG_MARKER_SQUARE:
      cairo_rectangle (cr, x - 0.85 * r, y - 0.85 * r, 1.7 * r, 1.7 * r);
      break;
    case LSG_MARKER_TRIANGLE_UP:
      cairo_move_to (cr, x, y - 1.15 * r);
      cairo_line_to (cr, x + r, y + 0.75 * r);
      cairo_line_to (cr, x - r, y + 0.75 * r);
      cairo_close_path (cr);
      break;
    case LSG_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - 1.2 * r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + 1.2 * r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    case LSG_MARKER_TRIANGLE_DOWN:
      cairo_move_to (cr, x, y + 1.15 * r);
      cairo_line_to (cr, x + r, y - 0.75 * r);
      cairo_line_to (cr, x - r, y - 0.75 * r);
      cairo_close_path (cr);
      break;
    case LSG_MARKER_PLUS:
      *filled = FALSE;
      cairo_move_to (cr, x - 1.2 * r, y);
      cairo_line_to (cr, x + 1.2 * r, y);
      cairo_move_to (cr, x, y - 1.2 * r);
      cairo_line_to (cr, x, y + 1.2 * r);
      break;
    case LSG_MARKER_CROSS:
      *filled = FALSE;
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x - r, y + r);
      cairo_line_to (cr, x + r, y - r);
      break;
    case LSG_MARKER_STAR:
    default:
      *filled = FALSE;
      for (guint k = 0; k < 3; k++)
        {
          double a = G_PI / 2 + k * G_PI / 3;

          cairo_move_to (cr, x + 1.2 * r * cos (a), y - 1.2 * r * sin (a));
          cairo_line_to (cr, x - 1.2 * r * cos (a), y + 1.2 * r * sin (a));
        }
      break;
    }
}

static void
draw_marker (cairo_t      *cr,
             LsgMarker     marker,
             double        x,
             double        y,
             double        r,
             double        lw,
             const double *open_bg)
{
  gboolean filled;

  cairo_save (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_new_path (cr);
  marker_path (cr, marker, x, y, r, &filled);
  if (filled && open_bg != NULL)
    {
      /* an outline on the background: the second cycle of shapes */
      cairo_pattern_t *source = cairo_pattern_reference (cairo_get_source (cr));

      cairo_set_source_rgb (cr, open_bg[0], open_bg[1], open_bg[2]);
      cairo_fill_preserve (cr);
      cairo_set_source (cr, source);
      cairo_pattern_destroy (source);
      cairo_set_line_width (cr, lw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      cairo_stroke (cr);
    }
  else if (filled)
    cairo_fill (cr);
  else
    {
      cairo_set_line_width (cr, lw);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* Liang–Barsky: clips the segment to the rectangle; FALSE if outside. */
static gboolean
clip_segment (double  xmin,
              double  ymin,
              double  xmax,
              double  ymax,
              double *xa,
              double *ya,
              double *xb,
              double *yb)
{
  double dx = *xb - *xa, dy = *yb - *ya;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *xa - xmin, xmax - *xa, *ya - ymin, ymax - *ya };
  double t0 = 0, t1 = 1;

  for (guint k = 0; k < 4; k++)
    {
      if (p[k] == 0)
        {
          if (q[k] < 0)
            return FALSE;
        }
      else
        {
          double r = q[k] / p[k];

          if (p[k] < 0)
            {
              if (r > t1)
                return FALSE;
              t0 = MAX (t0, r);
            }
          else
            {
              if (r < t0)
                return FALSE;
              t1 = MIN (t1, r);
            }
        }
    }
  if (t1 < 1)
    {
      *xb = *xa + t1 * dx;
      *yb = *ya + t1 * dy;
    }
  if (t0 > 0)
    {
      *xa += t0 * dx;
      *ya += t0 * dy;
    }
  return TRUE;
}

/* Print: palette indices past the first cycle of marker shapes (a ninth
 * weight, the bias) get open markers, so no two series share a marker.
 * NULL: filled. */
static const double *
marker_open_bg (const LsgFigureStyle *style,
                guint                 palette)
{
  if (!style->print || palette % LSG_PALETTE_SIZE < LSG_PALETTE_N_STYLES)
    return NULL;
  return style->bg;
}

/* Whether a series is sparse enough in view for a marker on each point. */
static gboolean
series_sparse (const LsgFigure *fig,
               const Series    *s)
{
  gsize a = lsg_lower_bound (s->x, s->n, fig->view_x.lo);
  gsize b = lsg_lower_bound (s->x, s->n, fig->view_x.hi);

  return (double) (b - a) <= fig->layout.pw / (2.5 * fig->layout.style.font_size);
}

/* Path output for a series: merges points that continue a straight run
 * (within tol), and on screen strokes every PEN_CHUNK segments.  Cairo's
 * stroker slows down with long self-overlapping paths, which min/max
 * decimation produces; short strokes of simplified runs keep a frame of
 * 18 dense series in budget.  Dashes continue across chunks. */
#define PEN_CHUNK 64

typedef struct {
  cairo_t  *cr;
  gboolean  chunked;
  double    tol;
  double    dashes[2];
  int       n_dashes;
  double    length;           /* of the current subpath, for the dash offset */
  double    ax, ay;           /* last point emitted */
  gboolean  have_cand;
  double    cx, cy;           /* end of the run being extended */
  double    ux, uy;           /* its direction */
  guint     segments;
} Pen;

static void
pen_emit (Pen *pen)
{
  cairo_line_to (pen->cr, pen->cx, pen->cy);
  pen->length += hypot (pen->cx - pen->ax, pen->cy - pen->ay);
  pen->ax = pen->cx;
  pen->ay = pen->cy;
  pen->have_cand = FALSE;
  if (pen->chunked && ++pen->segments >= PEN_CHUNK)
    {
      cairo_stroke (pen->cr);
      if (pen->n_dashes > 0)
        cairo_set_dash (pen->cr, pen->dashes, pen->n_dashes, pen->length);
      cairo_move_to (pen->cr, pen->ax, pen->ay);
      pen->segments = 0;
    }
}

static void
pen_move_to (Pen    *pen,
             double  x,
             double  y)
{
  if (pen->have_cand)
    pen_emit (pen);
  if (pen->n_dashes > 0 && pen->length > 0)
    cairo_set_dash (pen->cr, pen->dashes, pen->n_dashes, 0);
  pen->length = 0;
  cairo_move_to (pen->cr, x, y);
  pen->ax = x;
  pen->ay = y;
}

static void
pen_line_to (Pen    *pen,
             double  x,
             double  y)
{
  double dx = x - pen->ax, dy = y - pen->ay;
  double d;

  if (pen->have_cand)
    {
      double along = pen->ux * dx + pen->uy * dy;
      double reach = pen->ux * (pen->cx - pen->ax) + pen->uy * (pen->cy - pen->ay);

      if (fabs (pen->ux * dy - pen->uy * dx) <= pen->tol && along >= reach)
        {
          pen->cx = x;
          pen->cy = y;
          return;
        }
      pen_emit (pen);
      dx = x - pen->ax;
      dy = y - pen->ay;
    }
  d = hypot (dx, dy);
  if (d <= 1e-9)
    return;
  pen->cx = x;
  pen->cy = y;
  pen->ux = dx / d;
  pen->uy = dy / d;
  pen->have_cand = TRUE;
}

static void
pen_finish (Pen *pen)
{
  if (pen->have_cand)
    pen_emit (pen);
  cairo_stroke (pen->cr);
}

static void
draw_series (cairo_t   *cr,
             LsgFigure *fig,
             guint      index_)
{
  const Layout *l = &fig->layout;
  const LsgFigureStyle *style = &l->style;
  const Series *s = g_ptr_array_index (fig->series, index_);
  double lw = style->line_width;
  double m = 2 * lw + 2;   /* clip margin: joins stay outside the area */
  double xmin = l->px - m, xmax = l->px + l->pw + m;
  double ymin = l->py - m, ymax = l->py + l->ph + m;
  const double *dx, *dy;
  gsize n = lsg_decimation_get_points (s->dec, &dx, &dy);
  g_autoptr(GArray) dots = g_array_new (FALSE, FALSE, sizeof (double));
  double rgb[3];
  double prev_x = 0, prev_y = 0;
  gboolean have_prev = FALSE, down = FALSE;
  gsize run = 0;
  gboolean markers = s->marker || (style->print && s->print_marker);
  Pen pen = { .cr = cr, .chunked = !style->print };

  /* a quarter pixel on screen; finer on paper, where nothing is rasterised */
  pen.tol = style->print ? 0.05 : 0.25;
  palette_rgb (s->palette, style, rgb);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);

  if (s->line == LSG_LINE_NONE)
    {
      /* a scatter: the decimated points (each column's extremes) as dots */
      for (gsize k = 0; k < n; k++)
        {
          double X, Y;

          if (isnan (dy[k]))
            continue;
          X = x_to_px (fig, dx[k]);
          Y = y_to_px (fig, dy[k]);
          if (!isfinite (X) || !isfinite (Y) || X < xmin || X > xmax || Y < ymin || Y > ymax)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, X, Y, 1.5 * lw, 0, 2 * G_PI);
        }
      cairo_fill (cr);
      return;
    }
  cairo_set_line_width (cr, lw);
  /* on screen, bevel joins and 4x4 antialiasing stroke dense lines twice
   * as fast as round joins and the default 15x17 grid, and look alike at
   * this width */
  cairo_save (cr);
  cairo_set_line_join (cr, style->print ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_BEVEL);
  if (!style->print)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  set_dash (cr, s->line, lw);
  pen.n_dashes = MIN (cairo_get_dash_count (cr), 2);
  cairo_get_dash (cr, pen.dashes, NULL);
  if (s->line == LSG_LINE_SOLID && pen.chunked)
    cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);   /* chunks meet without notches */
  cairo_new_path (cr);

  for (gsize k = 0; k <= n; k++)
    {
      double X = NAN, Y = NAN;

      if (k < n && !isnan (dy[k]))
        {
          X = x_to_px (fig, dx[k]);
          Y = y_to_px (fig, dy[k]);
        }
      if (!isfinite (X) || !isfinite (Y))
        {
          /* a run of one point has no segment: show it as a dot */
          if (run == 1 && prev_x >= xmin && prev_x <= xmax
              && prev_y >= ymin && prev_y <= ymax)
            {
              g_array_append_val (dots, prev_x);
              g_array_append_val (dots, prev_y);
            }
          have_prev = down = FALSE;
          run = 0;
          continue;
        }
      if (have_prev)
        {
          double xa = prev_x, ya = prev_y, xb = X, yb = Y;

          if (clip_segment (xmin, ymin, xmax, ymax, &xa, &ya, &xb, &yb))
            {
              if (!down || xa != prev_x || ya != prev_y)
                pen_move_to (&pen, xa, ya);
              pen_line_to (&pen, xb, yb);
              down = xb == X && yb == Y;
            }
          else
            down = FALSE;
        }
      prev_x = X;
      prev_y = Y;
      have_prev = TRUE;
      run++;
    }
  pen_finish (&pen);
  cairo_restore (cr);

  for (guint k = 0; k + 1 < dots->len; k += 2)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, g_array_index (dots, double, k),
                 g_array_index (dots, double, k + 1), 1.2 * lw, 0, 2 * G_PI);
    }
  cairo_fill (cr);

  if (markers)
    {
      LsgMarker marker = lsg_palette_marker (s->palette);
      double r = MARKER_SIZE * style->font_size;
      gboolean every = series_sparse (fig, s);
      double spacing = MARKER_SPACE * style->font_size;
      /* staggered so the markers of close lines do not meet */
      double next = l->px + (index_ % 5) * spacing / 5;

      for (gsize k = 0; k < n; k++)
        {
          double X, Y;

          if (isnan (dy[k]))
            continue;
          X = x_to_px (fig, dx[k]);
          Y = y_to_px (fig, dy[k]);
          if (!(X >= l->px && X <= l->px + l->pw && Y >= l->py && Y <= l->py + l->ph))
            continue;
          if (!every && X < next)
            continue;
          draw_marker (cr, marker, X, Y, r, lw, marker_open_bg (style, s->palette));
          next = X + spacing;
        }
    }
}

static void
draw_grid (cairo_t   *cr,
           LsgFigure *fig)
{
  const Layout *l = &fig->layout;
  const LsgFigureStyle *style = &l->style;

  cairo_set_line_width (cr, style->print ? 0.3 : 1.0);
  cairo_set_dash (cr, NULL, 0, 0);
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean major = pass == 1;

      for (guint i = 0; i < l->n_xt; i++)
        if (l->xt[i].major == major)
          {
            double x = snap (style, x_to_px (fig, l->xt[i].value));

            cairo_move_to (cr, x, l->py);
            cairo_line_to (cr, x, l->py + l->ph);
          }
      for (guint i = 0; i < l->n_yt; i++)
        if (l->yt[i].major == major)
          {
            double y = snap (style, y_to_px (fig, l->yt[i].value));

            cairo_move_to (cr, l->px, y);
            cairo_line_to (cr, l->px + l->pw, y);
          }
      /* faint: the grid guides the eye, the data leads */
      set_fg (cr, style, major ? (style->print ? 0.25 : 0.12)
                               : (style->print ? 0.12 : 0.06));
      cairo_stroke (cr);
    }
}

static void
draw_axes (cairo_t   *cr,
           LsgFigure *fig)
{
  const Layout *l = &fig->layout;
  const LsgFigureStyle *style = &l->style;
  double fs = style->font_size;
  double tl = TICK_LEN * fs;
  double x0 = snap (style, l->px), y0 = snap (style, l->py);
  double x1 = snap (style, l->px + l->pw), y1 = snap (style, l->py + l->ph);

  cairo_set_line_width (cr, thin_line (style));
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  set_fg (cr, style, 0.55);
  cairo_stroke (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint i = 0; i < l->n_xt; i++)
    {
      double x = snap (style, x_to_px (fig, l->xt[i].value));
      double len = l->xt[i].major ? tl : 0.55 * tl;

      cairo_move_to (cr, x, y1);
      cairo_line_to (cr, x, y1 + len);
    }
  for (guint i = 0; i < l->n_yt; i++)
    {
      double y = snap (style, y_to_px (fig, l->yt[i].value));
      double len = l->yt[i].major ? tl : 0.55 * tl;

      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 - len, y);
    }
  set_fg (cr, style, 0.7);
  cairo_stroke (cr);

  set_fg (cr, style, 0.85);
  for (guint i = 0; i < l->n_xt; i++)
    if (l->xt[i].major && l->xt[i].label[0] != '\0')
      text_show (cr, fig, l->xt[i].label, TICK_FONT * fs, FALSE,
                 x_to_px (fig, l->xt[i].value), y1 + tl + 0.15 * PAD * fs, 0.5, 0);
  for (guint i = 0; i < l->n_yt; i++)
    if (l->yt[i].major && l->yt[i].label[0] != '\0')
      text_show (cr, fig, l->yt[i].label, TICK_FONT * fs, FALSE,
                 x0 - tl - 0.3 * PAD * fs, y_to_px (fig, l->yt[i].value), 1, 0.5);

  set_fg (cr, style, 1);
  if (l->x_title[0] != '\0')
    text_show (cr, fig, l->x_title, fs, FALSE,
               l->px + l->pw / 2, l->height - PAD * fs - l->below_h, 0.5, 1);
  if (l->y_title[0] != '\0')
    {
      double cy = l->py + l->ph / 2;

      /* a long title on a low panel stays clear of the panel label */
      if (l->panel_bottom > 0)
        cy = MAX (cy, l->panel_bottom + 0.3 * PAD * fs
                      + text_width (fig, l->y_title, fs) / 2);
      cairo_save (cr);
      cairo_translate (cr, PAD * fs, cy);
      cairo_rotate (cr, -G_PI / 2);
      text_show (cr, fig, l->y_title, fs, FALSE, 0, 0, 0.5, 0);
      cairo_restore (cr);
    }
}

/* Labels inside the plot area sit on a veil of the background, so the
 * lines under them do not cross the letters. */
static void
label_backing (cairo_t   *cr,
               LsgFigure *fig,
               double     x,
               double     y,
               double     w,
               double     h)
{
  const LsgFigureStyle *style = &fig->layout.style;
  double m = 0.15 * PAD * style->font_size;

  cairo_rectangle (cr, x - m, y, w + 2 * m, h);
  cairo_set_source_rgba (cr, style->bg[0], style->bg[1], style->bg[2], 0.7);
  cairo_fill (cr);
}

/* The shade (label FALSE) goes under the data, the label over it. */
static void
draw_span (cairo_t   *cr,
           LsgFigure *fig,
           gboolean   label)
{
  const Layout *l = &fig->layout;
  double fs = l->style.font_size;
  double xa, xb;

  if (isnan (fig->span_x0))
    return;
  xa = CLAMP (x_to_px (fig, fig->span_x0), l->px, l->px + l->pw);
  xb = CLAMP (x_to_px (fig, fig->span_x1), l->px, l->px + l->pw);
  if (xb - xa <= 0)
    return;
  if (!label)
    {
      cairo_rectangle (cr, xa, l->py, xb - xa, l->ph);
      set_fg (cr, &l->style, l->style.print ? 0.1 : 0.07);
      cairo_fill (cr);
    }
  else if (fig->span_label != NULL && fig->span_label[0] != '\0')
    {
      g_autoptr(PangoLayout) t = text_new (fig, fig->span_label, TICK_FONT * fs, FALSE);
      double w;

      text_size (t, &w, NULL);
      if (w + PAD * fs <= xb - xa)
        {
          label_backing (cr, fig, xa + 0.5 * PAD * fs, l->py + 0.3 * PAD * fs, w, l->tick_h);
          set_fg (cr, &l->style, 0.7);
          text_draw (cr, t, xa + 0.5 * PAD * fs, l->py + 0.3 * PAD * fs, 0, 0);
        }
    }
}

static void
draw_hline (cairo_t   *cr,
            LsgFigure *fig,
            gboolean   label)
{
  const Layout *l = &fig->layout;
  const LsgFigureStyle *style = &l->style;
  double fs = style->font_size;
  double dash[2] = { 5 * thin_line (style), 3 * thin_line (style) };
  double y;

  if (!isfinite (fig->hline_y) || (fig->y_log && fig->hline_y <= 0))
    return;
  y = y_to_px (fig, fig->hline_y);
  if (y < l->py || y > l->py + l->ph)
    return;
  y = snap (style, y);
  if (!label)
    {
      cairo_set_line_width (cr, thin_line (style));
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, l->px, y);
      cairo_line_to (cr, l->px + l->pw, y);
      set_fg (cr, style, 0.6);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else if (fig->hline_label != NULL && fig->hline_label[0] != '\0')
    {
      g_autoptr(PangoLayout) t = text_new (fig, fig->hline_label, TICK_FONT * fs, FALSE);
      gboolean above = y - l->py > 1.2 * l->tick_h;
      double w, tx, ty;

      text_size (t, &w, NULL);
      tx = l->px + l->pw - 0.5 * PAD * fs - w;
      ty = above ? y - 0.15 * PAD * fs - l->tick_h : y + 0.15 * PAD * fs;
      label_backing (cr, fig, tx, ty, w, l->tick_h);
      set_fg (cr, style, 0.75);
      text_draw (cr, t, tx, ty, 0, 0);
    }
}

static void
edge_triangle (cairo_t *cr,
               double   x,
               double   y,
               double   len)
{
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + len, y - 0.6 * len);
  cairo_line_to (cr, x + len, y + 0.6 * len);
  cairo_close_path (cr);
}

static void
draw_edge_markers (cairo_t   *cr,
                   LsgFigure *fig)
{
  const Layout *l = &fig->layout;
  double len = EDGE_SIZE * l->style.font_size;

  for (guint i = 0; i < fig->edge_y->len; i++)
    {
      double v = g_array_index (fig->edge_y, double, i);
      double rgb[3], y;

      if (!isfinite (v) || (fig->y_log && v <= 0))
        continue;
      y = y_to_px (fig, v);
      if (y < l->py || y > l->py + l->ph)
        continue;
      palette_rgb (g_array_index (fig->edge_palette, guint, i), &l->style, rgb);
      edge_triangle (cr, l->px + l->pw + 1, y, len);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_fill (cr);
    }
}

static void
draw_legend (cairo_t   *cr,
             LsgFigure *fig)
{
  const Layout *l = &fig->layout;
  const LsgFigureStyle *style = &l->style;
  double fs = style->font_size;

  if (!l->legend)
    return;

  cairo_rectangle (cr, snap (style, l->lx), snap (style, l->ly),
                   floor (l->lw), floor (l->lh));
  cairo_set_source_rgba (cr, style->bg[0], style->bg[1], style->bg[2],
                         l->legend_outside ? 0 : 0.85);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, thin_line (style));
  set_fg (cr, style, l->legend_outside ? 0 : 0.25);
  cairo_stroke (cr);

  for (guint k = 0; k < l->entries->len; k++)
    {
      const LegendEntry *e = &g_array_index (l->entries, LegendEntry, k);
      double cy = e->y + e->h / 2;
      double sx = e->x, ex = e->x + LEGEND_SAMPLE * fs;
      double alpha = 1;
      double rgb[3];

      if (e->series < 0)
        {
          set_fg (cr, style, 0.8);
          edge_triangle (cr, (sx + ex) / 2 - 0.5 * EDGE_SIZE * fs, cy, EDGE_SIZE * fs);
          cairo_fill (cr);
        }
      else
        {
          const Series *s = g_ptr_array_index (fig->series, e->series);

          alpha = s->visible ? 1 : 0.35;
          palette_rgb (s->palette, style, rgb);
          cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
          cairo_set_line_width (cr, style->line_width);
          if (s->line == LSG_LINE_NONE)
            {
              cairo_arc (cr, (sx + ex) / 2, cy, 1.5 * style->line_width, 0, 2 * G_PI);
              cairo_fill (cr);
            }
          else
            {
              set_dash (cr, s->line, style->line_width);
              cairo_move_to (cr, sx, cy);
              cairo_line_to (cr, ex, cy);
              cairo_stroke (cr);
            }
          if (s->marker || (style->print && s->print_marker))
            draw_marker (cr, lsg_palette_marker (s->palette), (sx + ex) / 2, cy,
                         MARKER_SIZE * fs, style->line_width,
                         marker_open_bg (style, s->palette));
          cairo_set_dash (cr, NULL, 0, 0);
        }
      set_fg (cr, style, alpha);
      text_show (cr, fig, legend_text (fig, e->series), TICK_FONT * fs, FALSE,
                 ex + PAD * fs, cy, 0, 0.5);
    }
}

void
lsg_figure_render (cairo_t              *cr,
                   LsgFigure            *fig,
                   double                width,
                   double                height,
                   const LsgFigureStyle *style)
{
  const Layout *l;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (fig != NULL);
  g_return_if_fail (style != NULL);

  if (!(width > 0) || !(height > 0))
    return;
  /* glyphs for this target's transformation and font options */
  pango_cairo_update_context (cr, get_pango (fig));
  lsg_figure_prepare (fig, width, height, style);
  l = &fig->layout;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (style->fill_background)
    {
      cairo_set_source_rgba (cr, style->bg[0], style->bg[1], style->bg[2], style->bg[3]);
      cairo_paint (cr);
    }

  if (fig->title[0] != '\0')
    {
      set_fg (cr, &l->style, 1);
      text_show (cr, fig, fig->title, TITLE_FONT * l->style.font_size, TRUE,
                 l->tiny ? width / 2 : l->px + l->pw / 2,
                 PAD * l->style.font_size, 0.5, 0);
    }
  if (fig->panel_label[0] != '\0')
    {
      double inset = PANEL_INSET * PAD * l->style.font_size;

      set_fg (cr, &l->style, 1);
      text_show (cr, fig, fig->panel_label, l->style.font_size, TRUE,
                 inset, inset, 0, 0);
    }
  if (l->tiny)
    {
      cairo_restore (cr);
      return;
    }

  cairo_save (cr);
  cairo_rectangle (cr, l->px, l->py, l->pw, l->ph);
  cairo_clip (cr);
  draw_span (cr, fig, FALSE);
  draw_grid (cr, fig);
  draw_hline (cr, fig, FALSE);
  for (guint i = 0; i < fig->series->len; i++)
    if (((const Series *) g_ptr_array_index (fig->series, i))->visible)
      draw_series (cr, fig, i);
  draw_span (cr, fig, TRUE);
  draw_hline (cr, fig, TRUE);
  cairo_restore (cr);

  draw_axes (cr, fig);
  draw_edge_markers (cr, fig);
  draw_legend (cr, fig);
  cairo_restore (cr);
}

/* ---- Hit tests -------------------------------------------------------- */

static void
ensure_layout (LsgFigure *fig,
               double     width,
               double     height)
{
  LsgFigureStyle style;

  if (fig->layout.valid && fig->layout.width == width && fig->layout.height == height
      && fig->layout.generation == fig->generation)
    return;
  if (fig->layout.valid)
    style = fig->layout.style;
  else
    lsg_figure_style_init_default (&style);
  lsg_figure_prepare (fig, width, height, &style);
}

void
lsg_figure_get_plot_area (LsgFigure *fig,
                          double     width,
                          double     height,
                          double    *x,
                          double    *y,
                          double    *w,
                          double    *h)
{
  const Layout *l;

  g_return_if_fail (fig != NULL);

  ensure_layout (fig, width, height);
  l = &fig->layout;
  if (l->tiny)
    {
      *x = *y = *w = *h = 0;
      return;
    }
  *x = l->px;
  *y = l->py;
  *w = l->pw;
  *h = l->ph;
}

void
lsg_figure_pixel_to_data (LsgFigure *fig,
                          double     width,
                          double     height,
                          double     px,
                          double     py,
                          double    *x,
                          double    *y)
{
  const Layout *l;
  double tx, ty;

  g_return_if_fail (fig != NULL);

  ensure_layout (fig, width, height);
  l = &fig->layout;
  tx = l->pw > 0 ? (px - l->px) / l->pw : 0.5;
  ty = l->ph > 0 ? 1 - (py - l->py) / l->ph : 0.5;
  if (x != NULL)
    *x = fig->view_x.lo + tx * (fig->view_x.hi - fig->view_x.lo);
  if (y != NULL)
    {
      if (fig->y_log)
        *y = pow (10, log10 (fig->view_y.lo)
                      + ty * (log10 (fig->view_y.hi) - log10 (fig->view_y.lo)));
      else
        *y = fig->view_y.lo + ty * (fig->view_y.hi - fig->view_y.lo);
    }
}

void
lsg_figure_data_to_pixel (LsgFigure *fig,
                          double     width,
                          double     height,
                          double     x,
                          double     y,
                          double    *px,
                          double    *py)
{
  g_return_if_fail (fig != NULL);

  ensure_layout (fig, width, height);
  if (px != NULL)
    *px = x_to_px (fig, x);
  if (py != NULL)
    *py = (fig->y_log && !(y > 0)) ? NAN : y_to_px (fig, y);
}

LsgFigureHitKind
lsg_figure_hit (LsgFigure    *fig,
                double        width,
                double        height,
                double        px,
                double        py,
                LsgFigureHit *hit)
{
  const Layout *l;
  LsgFigureHit h = { LSG_FIGURE_HIT_NONE, NAN, NAN, -1 };

  g_return_val_if_fail (fig != NULL, LSG_FIGURE_HIT_NONE);

  ensure_layout (fig, width, height);
  l = &fig->layout;
  if (!l->tiny)
    {
      lsg_figure_pixel_to_data (fig, width, height, px, py, &h.x, &h.y);
      if (l->legend)
        for (guint k = 0; k < l->entries->len; k++)
          {
            const LegendEntry *e = &g_array_index (l->entries, LegendEntry, k);

            if (e->series >= 0 && px >= e->x && px < e->x + e->w
                && py >= e->y && py < e->y + e->h)
              {
                h.kind = LSG_FIGURE_HIT_LEGEND;
                h.series = e->series;
                break;
              }
          }
      if (h.kind == LSG_FIGURE_HIT_LEGEND)
        ;   /* found above */
      else if (px >= l->px && px <= l->px + l->pw && py >= l->py && py <= l->py + l->ph)
        h.kind = LSG_FIGURE_HIT_PLOT;
      else if (px >= l->px && px <= l->px + l->pw && py > l->py + l->ph)
        h.kind = LSG_FIGURE_HIT_X_AXIS;
      else if (px < l->px && py >= l->py && py <= l->py + l->ph)
        h.kind = LSG_FIGURE_HIT_Y_AXIS;
    }
  if (hit != NULL)
    *hit = h;
  return h.kind;
}

LsgFigure *
lsg_figure_copy_prepared (LsgFigure            *fig,
                          double                width,
                          double                height,
                          const LsgFigureStyle *style)
{
  LsgFigure *copy;

  g_return_val_if_fail (fig != NULL, NULL);

  lsg_figure_prepare (fig, width, height, style);
  copy = lsg_figure_new ();
  set_string (copy, &copy->title, fig->title);
  set_string (copy, &copy->x_label, fig->x_label);
  set_string (copy, &copy->x_unit, fig->x_unit);
  set_string (copy, &copy->y_label, fig->y_label);
  set_string (copy, &copy->y_unit, fig->y_unit);
  copy->y_log = fig->y_log;
  copy->legend_visible = fig->legend_visible;
  set_string (copy, &copy->panel_label, fig->panel_label);
  copy->x_column = g_strdup (fig->x_column);
  copy->view_x = fig->view_x;
  copy->view_y = fig->view_y;
  copy->span_x0 = fig->span_x0;
  copy->span_x1 = fig->span_x1;
  copy->span_label = g_strdup (fig->span_label);
  g_array_append_vals (copy->edge_y, fig->edge_y->data, fig->edge_y->len);
  g_array_append_vals (copy->edge_palette, fig->edge_palette->data, fig->edge_palette->len);
  copy->edge_label = g_strdup (fig->edge_label);
  copy->hline_y = fig->hline_y;
  copy->hline_label = g_strdup (fig->hline_label);

  for (guint i = 0; i < fig->series->len; i++)
    {
      const Series *s = g_ptr_array_index (fig->series, i);
      Series *c;
      const double *dx = NULL, *dy = NULL;
      gsize n = s->dec != NULL ? lsg_decimation_get_points (s->dec, &dx, &dy) : 0;

      lsg_figure_add_series (copy, s->name, s->palette, s->line, s->in_legend);
      c = g_ptr_array_index (copy->series, i);
      c->visible = s->visible;
      c->marker = s->marker;
      c->print_marker = s->print_marker;
      c->column = g_strdup (s->column);
      /* decimating a decimated polyline again at the same size keeps it */
      if (n > 0)
        lsg_figure_series_set_data (copy, i, dx, dy, n);
    }
  return copy;
}
