/* lsg-figure.c: the figure model: text, series, view, decorations. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-figure-private.h"

/* Padding of the y fit, fraction of the span on each side. */
#define Y_FIT_PAD 0.05
/* Ticks aimed at when the x fit is widened to ticks. */
#define X_FIT_TICKS 6

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

Series *
_lsg_figure_get_series (const LsgFigure *fig,
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
  g_return_val_if_fail (s != NULL, NULL);
  return s->column;
}

LsgLineStyle
lsg_figure_series_get_line (const LsgFigure *fig,
                            guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, LSG_LINE_SOLID);
  s = _lsg_figure_get_series (fig, series);
  g_return_val_if_fail (s != NULL, LSG_LINE_SOLID);
  return s->line;
}

guint
lsg_figure_series_get_palette (const LsgFigure *fig,
                               guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, 0);
  s = _lsg_figure_get_series (fig, series);
  g_return_val_if_fail (s != NULL, 0);
  return s->palette;
}

gboolean
lsg_figure_series_get_in_legend (const LsgFigure *fig,
                                 guint            series)
{
  const Series *s;

  g_return_val_if_fail (fig != NULL, FALSE);
  s = _lsg_figure_get_series (fig, series);
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
  s = _lsg_figure_get_series (fig, series);
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
