/* lsg-figure-layout.c: plot area, ticks, legend and decimation for a size;
 * hit tests on the result. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-figure-private.h"

/* ---- Layout ----------------------------------------------------------- */

double
_lsg_figure_x_to_px (const LsgFigure *fig,
                     double           x)
{
  const Layout *l = &fig->layout;

  return l->px + (x - fig->view_x.lo) / (fig->view_x.hi - fig->view_x.lo) * l->pw;
}

double
_lsg_figure_y_to_px (const LsgFigure *fig,
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

const char *
_lsg_figure_legend_text (const LsgFigure *fig,
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

      text_w = MAX (text_w, _lsg_figure_text_width (fig, _lsg_figure_legend_text (fig, e->series),
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
          px = _lsg_figure_x_to_px (fig, dx[k]);
          py = _lsg_figure_y_to_px (fig, dy[k]);
          count += px >= x && px <= x + w && py >= y && py <= y + h;
        }
    }
  /* the reference line's label sits at the right end of its line */
  if (isfinite (fig->hline_y))
    {
      double py = _lsg_figure_y_to_px (fig, fig->hline_y);

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
      span_x = CLAMP (_lsg_figure_x_to_px (fig, fig->span_x0), l->px, l->px + l->pw);
      span_w = _lsg_figure_text_width (fig, fig->span_label, TICK_FONT * fs) + PAD * fs;
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
             + _lsg_figure_text_width (fig, _lsg_figure_legend_text (fig, e->series),
                                       TICK_FONT * fs)
             + PAD * fs;
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
  l->y_title = _lsg_figure_axis_title (fig->y_label, y_unit);
  for (guint i = 0; i < l->n_yt; i++)
    if (l->yt[i].major)
      max_w = MAX (max_w, _lsg_figure_text_width (fig, l->yt[i].label, TICK_FONT * fs));
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
          w = _lsg_figure_text_width (fig, l->xt[i].label, TICK_FONT * fs);
          c = _lsg_figure_x_to_px (fig, l->xt[i].value);
          ok = c - w / 2 >= prev_right + LABEL_GAP * fs;
          prev_right = c + w / 2;
          *overflow_left = MAX (*overflow_left, -(c - w / 2));
          *overflow_right = MAX (*overflow_right, c + w / 2 - l->width);
        }
      if (ok || max <= 2)
        break;
    }
  g_free (l->x_title);
  l->x_title = _lsg_figure_axis_title (fig->x_label, unit);
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
    g_autoptr(PangoLayout) t = _lsg_figure_text_new (fig, "0", TICK_FONT * fs, FALSE);
    g_autoptr(PangoLayout) a = _lsg_figure_text_new (fig, "0", fs, FALSE);

    _lsg_figure_text_size (t, NULL, &l->tick_h);
    _lsg_figure_text_size (a, NULL, &l->label_h);
  }
  if (has_title)
    {
      g_autoptr(PangoLayout) t = _lsg_figure_text_new (fig, fig->title, TITLE_FONT * fs, TRUE);

      _lsg_figure_text_size (t, NULL, &title_h);
    }

  top = has_title ? pad + title_h + 0.5 * pad : pad + 0.5 * l->tick_h;
  if (fig->panel_label[0] != '\0')
    {
      /* the label sits in the top left corner, above the top y tick
       * label, or beside the title */
      g_autoptr(PangoLayout) t = _lsg_figure_text_new (fig, fig->panel_label, fs, TRUE);
      double panel_h;

      _lsg_figure_text_size (t, NULL, &panel_h);
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
  _lsg_figure_set_font_options (fig, &l->style);
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
    *px = _lsg_figure_x_to_px (fig, x);
  if (py != NULL)
    *py = (fig->y_log && !(y > 0)) ? NAN : _lsg_figure_y_to_px (fig, y);
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
