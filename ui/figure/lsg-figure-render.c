/* lsg-figure-render.c: the one cairo renderer of figures. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-figure-private.h"

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
  _lsg_figure_palette_rgb (s->palette, style, rgb);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);

  if (s->line == LSG_LINE_NONE)
    {
      /* a scatter: the decimated points (each column's extremes) as dots */
      for (gsize k = 0; k < n; k++)
        {
          double X, Y;

          if (isnan (dy[k]))
            continue;
          X = _lsg_figure_x_to_px (fig, dx[k]);
          Y = _lsg_figure_y_to_px (fig, dy[k]);
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
          X = _lsg_figure_x_to_px (fig, dx[k]);
          Y = _lsg_figure_y_to_px (fig, dy[k]);
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
          X = _lsg_figure_x_to_px (fig, dx[k]);
          Y = _lsg_figure_y_to_px (fig, dy[k]);
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
            double x = snap (style, _lsg_figure_x_to_px (fig, l->xt[i].value));

            cairo_move_to (cr, x, l->py);
            cairo_line_to (cr, x, l->py + l->ph);
          }
      for (guint i = 0; i < l->n_yt; i++)
        if (l->yt[i].major == major)
          {
            double y = snap (style, _lsg_figure_y_to_px (fig, l->yt[i].value));

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
      double x = snap (style, _lsg_figure_x_to_px (fig, l->xt[i].value));
      double len = l->xt[i].major ? tl : 0.55 * tl;

      cairo_move_to (cr, x, y1);
      cairo_line_to (cr, x, y1 + len);
    }
  for (guint i = 0; i < l->n_yt; i++)
    {
      double y = snap (style, _lsg_figure_y_to_px (fig, l->yt[i].value));
      double len = l->yt[i].major ? tl : 0.55 * tl;

      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 - len, y);
    }
  set_fg (cr, style, 0.7);
  cairo_stroke (cr);

  set_fg (cr, style, 0.85);
  for (guint i = 0; i < l->n_xt; i++)
    if (l->xt[i].major && l->xt[i].label[0] != '\0')
      _lsg_figure_text_show (cr, fig, l->xt[i].label, TICK_FONT * fs, FALSE,
                             _lsg_figure_x_to_px (fig, l->xt[i].value),
                             y1 + tl + 0.15 * PAD * fs, 0.5, 0);
  for (guint i = 0; i < l->n_yt; i++)
    if (l->yt[i].major && l->yt[i].label[0] != '\0')
      _lsg_figure_text_show (cr, fig, l->yt[i].label, TICK_FONT * fs, FALSE,
                             x0 - tl - 0.3 * PAD * fs,
                             _lsg_figure_y_to_px (fig, l->yt[i].value), 1, 0.5);

  set_fg (cr, style, 1);
  if (l->x_title[0] != '\0')
    _lsg_figure_text_show (cr, fig, l->x_title, fs, FALSE,
                           l->px + l->pw / 2, l->height - PAD * fs - l->below_h, 0.5, 1);
  if (l->y_title[0] != '\0')
    {
      double cy = l->py + l->ph / 2;

      /* a long title on a low panel stays clear of the panel label */
      if (l->panel_bottom > 0)
        cy = MAX (cy, l->panel_bottom + 0.3 * PAD * fs
                      + _lsg_figure_text_width (fig, l->y_title, fs) / 2);
      cairo_save (cr);
      cairo_translate (cr, PAD * fs, cy);
      cairo_rotate (cr, -G_PI / 2);
      _lsg_figure_text_show (cr, fig, l->y_title, fs, FALSE, 0, 0, 0.5, 0);
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
  xa = CLAMP (_lsg_figure_x_to_px (fig, fig->span_x0), l->px, l->px + l->pw);
  xb = CLAMP (_lsg_figure_x_to_px (fig, fig->span_x1), l->px, l->px + l->pw);
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
      g_autoptr(PangoLayout) t = _lsg_figure_text_new (fig, fig->span_label, TICK_FONT * fs, FALSE);
      double w;

      _lsg_figure_text_size (t, &w, NULL);
      if (w + PAD * fs <= xb - xa)
        {
          label_backing (cr, fig, xa + 0.5 * PAD * fs, l->py + 0.3 * PAD * fs, w, l->tick_h);
          set_fg (cr, &l->style, 0.7);
          _lsg_figure_text_draw (cr, t, xa + 0.5 * PAD * fs, l->py + 0.3 * PAD * fs, 0, 0);
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
  y = _lsg_figure_y_to_px (fig, fig->hline_y);
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
      g_autoptr(PangoLayout) t = _lsg_figure_text_new (fig, fig->hline_label,
                                                       TICK_FONT * fs, FALSE);
      gboolean above = y - l->py > 1.2 * l->tick_h;
      double w, tx, ty;

      _lsg_figure_text_size (t, &w, NULL);
      tx = l->px + l->pw - 0.5 * PAD * fs - w;
      ty = above ? y - 0.15 * PAD * fs - l->tick_h : y + 0.15 * PAD * fs;
      label_backing (cr, fig, tx, ty, w, l->tick_h);
      set_fg (cr, style, 0.75);
      _lsg_figure_text_draw (cr, t, tx, ty, 0, 0);
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
      y = _lsg_figure_y_to_px (fig, v);
      if (y < l->py || y > l->py + l->ph)
        continue;
      _lsg_figure_palette_rgb (g_array_index (fig->edge_palette, guint, i), &l->style, rgb);
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
          _lsg_figure_palette_rgb (s->palette, style, rgb);
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
      _lsg_figure_text_show (cr, fig, _lsg_figure_legend_text (fig, e->series),
                             TICK_FONT * fs, FALSE, ex + PAD * fs, cy, 0, 0.5);
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
  pango_cairo_update_context (cr, _lsg_figure_get_pango (fig));
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
      _lsg_figure_text_show (cr, fig, fig->title, TITLE_FONT * l->style.font_size, TRUE,
                             l->tiny ? width / 2 : l->px + l->pw / 2,
                             PAD * l->style.font_size, 0.5, 0);
    }
  if (fig->panel_label[0] != '\0')
    {
      double inset = PANEL_INSET * PAD * l->style.font_size;

      set_fg (cr, &l->style, 1);
      _lsg_figure_text_show (cr, fig, fig->panel_label, l->style.font_size, TRUE,
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
