/* lsg-map-figure.c: the design-space map, on screen and on paper. */
#include "lsg-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "lsg-export-private.h"
#include "lsg-figure-private.h"
#include "lsg-map-figure.h"
#include "lsg-plot-math.h"
#include "lsg-sweep-stats.h"

struct _LsgMapFigure {
  LsgSweepAxis  axes[2];
  char         *figure;
  const char   *label;        /* static, from the field tables */
  const char   *unit;
  double        spec;
  gboolean      smaller;      /* smaller is better: spec is an upper bound */
  guint         n[2];
  guint         chips;
  double       *cells;        /* n[0] x n[1], second axis fastest */
  double        base[2];      /* the base design point on each axis */
};

LsgMapFigure *
lsg_map_figure_new (const LsgSweep *sweep,
                    const char     *figure,
                    double          spec)
{
  LsgMapFigure *map;
  const char *label, *unit;
  guint n_cells;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  if (lsg_sweep_get_n_axes (sweep) != 2 || !lsg_sweep_figure_describe (figure, &label, &unit))
    return NULL;

  map = g_new0 (LsgMapFigure, 1);
  for (guint a = 0; a < 2; a++)
    {
      map->axes[a] = *lsg_sweep_get_axis (sweep, a);
      map->n[a] = map->axes[a].n;
      map->base[a] = lsg_sweep_axis_base_value (&map->axes[a], lsg_sweep_get_base (sweep));
    }
  map->figure = g_strdup (figure);
  map->label = label;
  map->unit = unit;
  map->spec = spec;
  map->smaller = lsg_sweep_figure_smaller_is_better (figure);
  map->chips = MAX (lsg_sweep_get_mc (sweep), 1);

  /* points are the grid (last axis fastest) times the chips (fastest):
   * point k belongs to cell k / chips */
  n_cells = map->n[0] * map->n[1];
  g_return_val_if_fail (lsg_sweep_get_n_points (sweep) == n_cells * map->chips, map);
  map->cells = lsg_sweep_cell_medians (sweep, figure, NULL);
  return map;
}

void
lsg_map_figure_free (LsgMapFigure *map)
{
  if (map == NULL)
    return;
  g_free (map->figure);
  g_free (map->cells);
  g_free (map);
}

const double *
lsg_map_figure_get_cells (const LsgMapFigure *map,
                          guint              *n1,
                          guint              *n2)
{
  g_return_val_if_fail (map != NULL, NULL);

  if (n1 != NULL)
    *n1 = map->n[0];
  if (n2 != NULL)
    *n2 = map->n[1];
  return map->cells;
}

static gboolean
meets (const LsgMapFigure *map,
       double              v)
{
  return lsg_sweep_spec_met (v, map->spec, map->smaller);
}

guint
lsg_map_figure_count_meeting (const LsgMapFigure *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return lsg_sweep_count_meeting (map->cells, map->n[0] * map->n[1], map->spec, map->smaller);
}

/* ---- Drawing ---------------------------------------------------------- */

/* Stops of viridis, blended linearly: perceptually ordered, readable in
 * grayscale and for colour-blind readers. */
static const double viridis[][3] = {
  { 0.267, 0.005, 0.329 }, { 0.283, 0.141, 0.458 }, { 0.254, 0.265, 0.530 },
  { 0.207, 0.372, 0.553 }, { 0.164, 0.471, 0.558 }, { 0.128, 0.567, 0.551 },
  { 0.135, 0.659, 0.518 }, { 0.267, 0.749, 0.441 }, { 0.478, 0.821, 0.318 },
  { 0.741, 0.873, 0.150 }, { 0.993, 0.906, 0.144 },
};

static void
colormap (double  t,
          double  rgb[3])
{
  double u = CLAMP (t, 0, 1) * (G_N_ELEMENTS (viridis) - 1);
  guint k = MIN ((guint) u, G_N_ELEMENTS (viridis) - 2);
  double f = u - k;

  for (guint c = 0; c < 3; c++)
    rgb[c] = viridis[k][c] * (1 - f) + viridis[k + 1][c] * f;
}

/* SI prefixes suit currents, times, energies; not percent, bits or m^2. */
static gboolean
prefixable (const char *unit)
{
  static const char *const units[] = { "A", "s", "J", "W", "V", "F", "K", "m", NULL };

  return unit != NULL && g_strv_contains (units, unit);
}

typedef struct {
  cairo_t              *cr;
  const LsgFigureStyle *style;
  PangoContext         *pango;
} Ctx;

/* text at the style's font and scale times its size, as figures set it */
static PangoLayout *
text_new (Ctx        *ctx,
          const char *text,
          double      scale)
{
  return _lsg_text_layout_new (ctx->pango, ctx->style->font_family, text,
                               ctx->style->font_size * scale, FALSE);
}

static void
text_extent (Ctx        *ctx,
             const char *text,
             double      scale,
             double     *w,
             double     *h)
{
  g_autoptr(PangoLayout) layout = text_new (ctx, text, scale);

  _lsg_figure_text_size (layout, w, h);
}

/* text with its anchor (ax, ay) in [0, 1]^2 of its box at x, y, turned
 * by angle (radians, counter-clockwise on the page) about that point */
static void
text_draw (Ctx        *ctx,
           const char *text,
           double      scale,
           double      x,
           double      y,
           double      ax,
           double      ay,
           double      angle)
{
  g_autoptr(PangoLayout) layout = text_new (ctx, text, scale);

  cairo_save (ctx->cr);
  cairo_translate (ctx->cr, x, y);
  cairo_rotate (ctx->cr, -angle);
  _lsg_figure_text_draw (ctx->cr, layout, 0, 0, ax, ay);
  cairo_restore (ctx->cr);
}

static void
set_fg (Ctx    *ctx,
        double  alpha)
{
  const double *fg = ctx->style->fg;

  cairo_set_source_rgba (ctx->cr, fg[0], fg[1], fg[2], fg[3] * alpha);
}

/* An axis of the map in its drawing coordinate (log10 on log axes): the
 * cell edges halfway between the grid values, the outer ones half a step
 * beyond the ends. */
typedef struct {
  double   lo, hi;            /* coordinate range shown */
  double  *edges;             /* n + 1 */
  gboolean log;
  LsgTick  ticks[LSG_TICKS_MAX];
  guint    n_ticks;
  char    *title;
} MapAxis;

static double
coordinate (const LsgSweepAxis *axis,
            double              v)
{
  return axis->log ? log10 (v) : v;
}

/* Powers of ten read as numbers where they are short: 1 and 10, not
 * 10 to the 0 and 1. */
static void
plain_small_powers (LsgTick *ticks,
                    guint    n)
{
  for (guint t = 0; t < n; t++)
    {
      if (g_str_equal (ticks[t].label, "10\xe2\x81\xb0"))
        g_strlcpy (ticks[t].label, "1", sizeof ticks[t].label);
      else if (g_str_equal (ticks[t].label, "10\xc2\xb9"))
        g_strlcpy (ticks[t].label, "10", sizeof ticks[t].label);
    }
}

static void
map_axis_init (MapAxis            *ma,
               const LsgSweepAxis *axis,
               guint               max_ticks)
{
  guint n = axis->n;
  g_autofree double *c = g_new (double, n);
  const char *unit = axis->spec->unit;
  g_autofree char *shared = NULL;

  ma->log = axis->log;
  ma->edges = g_new (double, n + 1);
  for (guint i = 0; i < n; i++)
    c[i] = coordinate (axis, lsg_sweep_axis_value (axis, i));
  if (n == 1)
    {
      double h = axis->log ? 0.5 : (c[0] != 0 ? fabs (c[0]) * 0.1 : 0.5);

      ma->edges[0] = c[0] - h;
      ma->edges[1] = c[0] + h;
    }
  else
    {
      for (guint i = 1; i < n; i++)
        ma->edges[i] = (c[i - 1] + c[i]) / 2;
      ma->edges[0] = c[0] - (c[1] - c[0]) / 2;
      ma->edges[n] = c[n - 1] + (c[n - 1] - c[n - 2]) / 2;
    }
  ma->lo = MIN (ma->edges[0], ma->edges[n]);
  ma->hi = MAX (ma->edges[0], ma->edges[n]);

  if (ma->log)
    ma->n_ticks = lsg_ticks_log (pow (10, ma->lo), pow (10, ma->hi), max_ticks, ma->ticks);
  else
    ma->n_ticks = lsg_ticks_linear (ma->lo, ma->hi, max_ticks, ma->ticks);
  shared = lsg_format_ticks (ma->ticks, ma->n_ticks, prefixable (unit) ? unit : "");
  if (!prefixable (unit))
    plain_small_powers (ma->ticks, ma->n_ticks);
  if (prefixable (unit))
    ma->title = g_strdup_printf ("%s (%s)", axis->spec->label, shared != NULL ? shared : unit);
  else if (shared != NULL && shared[0] != '\0')
    ma->title = unit[0] != '\0' ? g_strdup_printf ("%s (%s %s)", axis->spec->label, shared, unit)
                                : g_strdup_printf ("%s (%s)", axis->spec->label, shared);
  else
    ma->title = unit[0] != '\0' ? g_strdup_printf ("%s (%s)", axis->spec->label, unit)
                                : g_strdup (axis->spec->label);
}

static void
map_axis_clear (MapAxis *ma)
{
  g_clear_pointer (&ma->edges, g_free);
  g_clear_pointer (&ma->title, g_free);
}

static double
tick_coordinate (const MapAxis *ma,
                 double         value)
{
  return ma->log ? log10 (value) : value;
}

/* The colour scale: t in [0, 1] of a value. */
typedef struct {
  double   lo, hi;
  gboolean log;
} Scale;

static double
scale_t (const Scale *s,
         double       v)
{
  if (s->log)
    return log (v / s->lo) / log (s->hi / s->lo);
  return (v - s->lo) / (s->hi - s->lo);
}

/* A line that reads on every colour of the map: light under dark. */
static void
stroke_two_tone (Ctx    *ctx,
                 double  width)
{
  cairo_t *cr = ctx->cr;
  const double *bg = ctx->style->bg;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.4 * width);
  cairo_stroke_preserve (cr);
  /* dark over white, whatever the screen's foreground */
  if (bg[0] + bg[1] + bg[2] > 1.5)
    set_fg (ctx, 1);
  else
    cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Diagonal hatching over the current clip of the box x, y, w, h. */
static void
hatch (Ctx    *ctx,
       double  x,
       double  y,
       double  w,
       double  h,
       double  spacing,
       double  width)
{
  cairo_t *cr = ctx->cr;

  for (double d = -h; d < w; d += spacing)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, 2.2 * width);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
marker (Ctx    *ctx,
        double  x,
        double  y,
        double  r)
{
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, x, y, r, 0, 2 * G_PI);
  stroke_two_tone (ctx, ctx->style->line_width);
}

void
lsg_map_figure_render (cairo_t              *cr,
                       const LsgMapFigure   *map,
                       double                width,
                       double                height,
                       const LsgFigureStyle *style)
{
  Ctx ctx = { cr, style, NULL };
  const double f = style->font_size, lw = style->line_width;
  const double pad = 0.5 * f, tick_len = 0.4 * f, gap = 0.3 * f, bar_w = 0.9 * f;
  MapAxis ax[2] = { { 0 } };
  LsgTick bar_ticks[LSG_TICKS_MAX];
  guint n_bar_ticks;
  Scale scale;
  double lo = INFINITY, hi = -INFINITY;
  double title_h, label_h, ylab_w = 0, bar_lab_w = 0, last_x_w = 0, legend_h;
  double left, right, top, bottom, px, py, pw, ph, bx;
  g_autofree char *title = NULL;
  g_autofree char *bar_title = NULL;
  g_autofree char *spec_text = NULL;
  g_autofree char *bar_shared = NULL;
  gboolean any = FALSE, show_spec, base_inside, legend_two_rows = FALSE;
  guint n1, n2, meeting;

  g_return_if_fail (cr != NULL && map != NULL && style != NULL);
  if (!(width > 0) || !(height > 0))
    return;
  n1 = map->n[0];
  n2 = map->n[1];

  /* the figures' text: unhinted metrics and, on paper, outlines */
  ctx.pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_update_context (cr, ctx.pango);
  _lsg_text_set_font_options (ctx.pango, style);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (style->fill_background)
    {
      cairo_set_source_rgba (cr, style->bg[0], style->bg[1], style->bg[2], style->bg[3]);
      cairo_paint (cr);
    }

  for (guint k = 0; k < n1 * n2; k++)
    if (isfinite (map->cells[k]))
      {
        lo = fmin (lo, map->cells[k]);
        hi = fmax (hi, map->cells[k]);
        any = TRUE;
      }
  if (!any)
    lo = hi = NAN;
  else if (hi == lo)
    {
      /* one value: a scale around it */
      double d = lo != 0 ? fabs (lo) * 0.1 : 1;

      lo -= d;
      hi += d;
    }
  /* log colours when the values span a decade */
  scale.log = any && lo > 0 && hi / lo >= 10;
  scale.lo = lo;
  scale.hi = hi;

  /* texts and their room */
  text_extent (&ctx, "Ag", 1, NULL, &label_h);
  title_h = label_h;
  if (map->chips > 1)
    title = g_strdup_printf ("Median of %u chips per point", map->chips);
  show_spec = isfinite (map->spec);
  meeting = lsg_map_figure_count_meeting (map);
  if (show_spec)
    {
      g_autofree char *v = prefixable (map->unit) ? lsg_format_si (map->spec, map->unit, 4)
                                                  : lsg_format_si (map->spec, "", 4);
      const char *u = prefixable (map->unit) || map->unit[0] == '\0' ? "" : map->unit;

      /* the colour bar names the figure; the legend only the bound */
      spec_text = g_strdup_printf ("%s %s%s%s%s", map->smaller ? "below" : "above", v,
                                   u[0] != '\0' ? " " : "", u,
                                   meeting == 0 ? " (no point)" : "");
    }

  if (any)
    {
      if (scale.log)
        n_bar_ticks = lsg_ticks_log (lo, hi, 8, bar_ticks);
      else
        n_bar_ticks = lsg_ticks_linear (lo, hi, 6, bar_ticks);
    }
  else
    n_bar_ticks = 0;
  bar_shared = lsg_format_ticks (bar_ticks, n_bar_ticks,
                                 prefixable (map->unit) ? map->unit : "");
  if (!prefixable (map->unit))
    plain_small_powers (bar_ticks, n_bar_ticks);
  if (prefixable (map->unit))
    bar_title = g_strdup_printf ("%s (%s)", map->label,
                                 bar_shared != NULL ? bar_shared : map->unit);
  else if (bar_shared != NULL && bar_shared[0] != '\0')
    bar_title = g_strdup_printf ("%s (%s%s%s)", map->label, bar_shared,
                                 map->unit[0] != '\0' ? " " : "", map->unit);
  else if (map->unit[0] != '\0')
    bar_title = g_strdup_printf ("%s (%s)", map->label, map->unit);
  else
    bar_title = g_strdup (map->label);
  for (guint t = 0; t < n_bar_ticks; t++)
    if (bar_ticks[t].major)
      {
        double w;

        text_extent (&ctx, bar_ticks[t].label, 1, &w, NULL);
        bar_lab_w = MAX (bar_lab_w, w);
      }

  /* ticks from a first guess of the plot size (labels are a few ems) */
  {
    double guess_w = width - 14 * f, guess_h = height - 6 * f;

    /* a label such as "100 pA" is about three ems wide */
    map_axis_init (&ax[0], &map->axes[0], CLAMP ((guint) (guess_w / (3 * f)), 2, 10));
    map_axis_init (&ax[1], &map->axes[1], CLAMP ((guint) (guess_h / (2.2 * f)), 2, 10));
  }
  for (guint t = 0; t < ax[1].n_ticks; t++)
    if (ax[1].ticks[t].major)
      {
        double w;

        text_extent (&ctx, ax[1].ticks[t].label, 1, &w, NULL);
        ylab_w = MAX (ylab_w, w);
      }
  for (guint t = ax[0].n_ticks; t-- > 0;)
    if (ax[0].ticks[t].major)
      {
        text_extent (&ctx, ax[0].ticks[t].label, 1, &last_x_w, NULL);
        break;
      }

  left = pad + title_h + gap + ylab_w + gap + tick_len;
  bottom = tick_len + gap + label_h + gap + title_h + pad;
  /* the legend's entries side by side, or in rows where they do not fit */
  {
    double avail = width - left - pad, w0 = 0, w1 = 0;

    if (show_spec)
      {
        text_extent (&ctx, spec_text, 1, &w0, NULL);
        w0 += 1.4 * 0.9 * label_h + gap;
      }
    text_extent (&ctx, "design point", 1, &w1, NULL);
    w1 += 0.7 * f + gap;
    legend_two_rows = show_spec && w0 + 3 * gap + w1 > avail;
    legend_h = (legend_two_rows ? 2 : 1) * label_h;
  }
  top = pad + (title != NULL ? title_h + gap : 0) + legend_h + 1.5 * gap;
  right = MAX (1.2 * f, last_x_w / 2 + gap) + bar_w + tick_len + gap + bar_lab_w + 1.5 * gap
          + title_h + pad;
  px = left;
  py = top;
  pw = width - left - right;
  ph = height - top - bottom;
  if (pw < 2 * f || ph < 2 * f)
    {
      set_fg (&ctx, 1);
      text_draw (&ctx, "The figure is too small for the map", 1, width / 2, height / 2,
                 0.5, 0.5, 0);
      goto out;
    }
  bx = px + pw + MAX (1.2 * f, last_x_w / 2 + gap);

#define X_OF(c) (px + ((c) - ax[0].lo) / (ax[0].hi - ax[0].lo) * pw)
#define Y_OF(c) (py + ph - ((c) - ax[1].lo) / (ax[1].hi - ax[1].lo) * ph)

  /* cells: each a little wider than its share, so no seam shows
   * between neighbours in a PDF viewer */
  for (guint i = 0; i < n1; i++)
    for (guint j = 0; j < n2; j++)
      {
        double v = map->cells[i * n2 + j];
        double x0 = X_OF (ax[0].edges[i]), x1 = X_OF (ax[0].edges[i + 1]);
        double y0 = Y_OF (ax[1].edges[j + 1]), y1 = Y_OF (ax[1].edges[j]);
        double ex = i + 1 < n1 ? 0.25 : 0, ey = j > 0 ? 0.25 : 0;

        if (isfinite (v))
          {
            double rgb[3];

            colormap (scale_t (&scale, v), rgb);
            cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          }
        else
          set_fg (&ctx, 0.15);    /* no chip of this point ran */
        cairo_rectangle (cr, MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0) + ex,
                         fabs (y1 - y0) + ey);
        cairo_fill (cr);
      }

  /* the region that meets the specification: hatched, then outlined
   * along the edges between a cell in it and one outside (or the frame) */
  if (show_spec && meeting > 0)
    {
      cairo_save (cr);
      for (guint i = 0; i < n1; i++)
        for (guint j = 0; j < n2; j++)
          if (meets (map, map->cells[i * n2 + j]))
            {
              double x0 = X_OF (ax[0].edges[i]), x1 = X_OF (ax[0].edges[i + 1]);
              double y0 = Y_OF (ax[1].edges[j + 1]), y1 = Y_OF (ax[1].edges[j]);

              cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
            }
      cairo_clip (cr);
      hatch (&ctx, px, py, pw, ph, 0.7 * f, 0.35 * lw);
      cairo_restore (cr);

      for (guint i = 0; i < n1; i++)
        for (guint j = 0; j < n2; j++)
          {
            gboolean in = meets (map, map->cells[i * n2 + j]);
            double x0 = X_OF (ax[0].edges[i]), x1 = X_OF (ax[0].edges[i + 1]);
            double y0 = Y_OF (ax[1].edges[j + 1]), y1 = Y_OF (ax[1].edges[j]);

            if (!in)
              continue;
            if (i == 0 || !meets (map, map->cells[(i - 1) * n2 + j]))
              {
                cairo_move_to (cr, x0, y0);
                cairo_line_to (cr, x0, y1);
              }
            if (i + 1 == n1 || !meets (map, map->cells[(i + 1) * n2 + j]))
              {
                cairo_move_to (cr, x1, y0);
                cairo_line_to (cr, x1, y1);
              }
            if (j == 0 || !meets (map, map->cells[i * n2 + j - 1]))
              {
                cairo_move_to (cr, x0, y1);
                cairo_line_to (cr, x1, y1);
              }
            if (j + 1 == n2 || !meets (map, map->cells[i * n2 + j + 1]))
              {
                cairo_move_to (cr, x0, y0);
                cairo_line_to (cr, x1, y0);
              }
          }
      stroke_two_tone (&ctx, 1.3 * lw);
    }

  /* the base design point, where it lies on the map */
  base_inside = isfinite (map->base[0]) && isfinite (map->base[1])
                && (!map->axes[0].log || map->base[0] > 0)
                && (!map->axes[1].log || map->base[1] > 0);
  if (base_inside)
    {
      double cx = coordinate (&map->axes[0], map->base[0]);
      double cy = coordinate (&map->axes[1], map->base[1]);

      base_inside = cx >= ax[0].lo && cx <= ax[0].hi && cy >= ax[1].lo && cy <= ax[1].hi;
      if (base_inside)
        marker (&ctx, X_OF (cx), Y_OF (cy), 0.35 * f);
    }

  if (!any)
    {
      set_fg (&ctx, 1);
      text_draw (&ctx, "No point of the sweep ran", 1, px + pw / 2, py + ph / 2, 0.5, 0.5, 0);
    }

  /* frame and ticks */
  set_fg (&ctx, 1);
  cairo_set_line_width (cr, 0.8 * lw);
  cairo_rectangle (cr, px, py, pw, ph);
  cairo_stroke (cr);
  for (guint t = 0; t < ax[0].n_ticks; t++)
    {
      double c = tick_coordinate (&ax[0], ax[0].ticks[t].value);
      double x = X_OF (c), len = ax[0].ticks[t].major ? tick_len : tick_len / 2;

      if (c < ax[0].lo - 1e-9 * (ax[0].hi - ax[0].lo) || c > ax[0].hi + 1e-9 * (ax[0].hi - ax[0].lo))
        continue;
      cairo_move_to (cr, x, py + ph);
      cairo_line_to (cr, x, py + ph + len);
      cairo_stroke (cr);
      if (ax[0].ticks[t].major && ax[0].ticks[t].label[0] != '\0')
        text_draw (&ctx, ax[0].ticks[t].label, 1, x, py + ph + tick_len + gap, 0.5, 0, 0);
    }
  for (guint t = 0; t < ax[1].n_ticks; t++)
    {
      double c = tick_coordinate (&ax[1], ax[1].ticks[t].value);
      double y = Y_OF (c), len = ax[1].ticks[t].major ? tick_len : tick_len / 2;

      if (c < ax[1].lo - 1e-9 * (ax[1].hi - ax[1].lo) || c > ax[1].hi + 1e-9 * (ax[1].hi - ax[1].lo))
        continue;
      cairo_move_to (cr, px, y);
      cairo_line_to (cr, px - len, y);
      cairo_stroke (cr);
      if (ax[1].ticks[t].major && ax[1].ticks[t].label[0] != '\0')
        text_draw (&ctx, ax[1].ticks[t].label, 1, px - tick_len - gap, y, 1, 0.5, 0);
    }
  text_draw (&ctx, ax[0].title, 1, px + pw / 2, py + ph + tick_len + gap + label_h + gap,
             0.5, 0, 0);
  text_draw (&ctx, ax[1].title, 1, pad, py + ph / 2, 0.5, 0, G_PI / 2);

  /* title and legend above the plot */
  {
    double y = pad, x = px;

    if (title != NULL)
      {
        text_draw (&ctx, title, 1, px + pw / 2, y, 0.5, 0, 0);
        y += title_h + gap;
      }
    if (show_spec)
      {
        double s = 0.9 * label_h, w;

        cairo_save (cr);
        cairo_rectangle (cr, x, y + 0.05 * label_h, s * 1.4, s);
        cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
        cairo_fill_preserve (cr);
        cairo_clip (cr);
        hatch (&ctx, x, y + 0.05 * label_h, s * 1.4, s, 0.7 * f, 0.35 * lw);
        cairo_restore (cr);
        cairo_new_path (cr);
        cairo_rectangle (cr, x, y + 0.05 * label_h, s * 1.4, s);
        stroke_two_tone (&ctx, 0.9 * lw);
        x += s * 1.4 + gap;
        set_fg (&ctx, 1);
        text_draw (&ctx, spec_text, 1, x, y, 0, 0, 0);
        text_extent (&ctx, spec_text, 1, &w, NULL);
        x += w + 3 * gap;
        if (legend_two_rows)
          {
            x = px;
            y += label_h;
          }
      }
    if (base_inside)
      {
        marker (&ctx, x + 0.35 * f, y + label_h / 2, 0.35 * f);
        set_fg (&ctx, 1);
        text_draw (&ctx, "design point", 1, x + 0.7 * f + gap, y, 0, 0, 0);
      }
  }

  /* the colour bar, its ticks, the specification on it, its title */
  if (any)
    {
      cairo_pattern_t *gradient = cairo_pattern_create_linear (0, py + ph, 0, py);
      double bar_right = bx + bar_w;

      for (guint k = 0; k < G_N_ELEMENTS (viridis); k++)
        cairo_pattern_add_color_stop_rgb (gradient, (double) k / (G_N_ELEMENTS (viridis) - 1),
                                          viridis[k][0], viridis[k][1], viridis[k][2]);
      cairo_rectangle (cr, bx, py, bar_w, ph);
      cairo_set_source (cr, gradient);
      cairo_fill (cr);
      cairo_pattern_destroy (gradient);
      set_fg (&ctx, 1);
      cairo_set_line_width (cr, 0.8 * lw);
      cairo_rectangle (cr, bx, py, bar_w, ph);
      cairo_stroke (cr);
      for (guint t = 0; t < n_bar_ticks; t++)
        {
          double tt = scale_t (&scale, bar_ticks[t].value);
          double y = py + ph * (1 - tt), len = bar_ticks[t].major ? tick_len : tick_len / 2;

          if (tt < -1e-9 || tt > 1 + 1e-9)
            continue;
          cairo_move_to (cr, bar_right, y);
          cairo_line_to (cr, bar_right + len, y);
          cairo_stroke (cr);
          if (bar_ticks[t].major && bar_ticks[t].label[0] != '\0')
            text_draw (&ctx, bar_ticks[t].label, 1, bar_right + tick_len + gap, y, 0, 0.5, 0);
        }
      if (show_spec && (!scale.log || map->spec > 0))
        {
          double tt = scale_t (&scale, map->spec);

          if (tt >= 0 && tt <= 1)
            {
              cairo_move_to (cr, bx - 0.3 * f, py + ph * (1 - tt));
              cairo_line_to (cr, bar_right + 0.3 * f, py + ph * (1 - tt));
              stroke_two_tone (&ctx, 1.3 * lw);
            }
        }
      {
        double tw, s = 1;

        /* a long title shrinks to the bar's height rather than overflow */
        text_extent (&ctx, bar_title, 1, &tw, NULL);
        if (tw > ph + bottom * 0.8)
          s = MAX ((ph + bottom * 0.8) / tw, 0.6);
        set_fg (&ctx, 1);
        text_draw (&ctx, bar_title, s, width - pad, py + ph / 2, 0.5, 0, -G_PI / 2);
      }
    }
#undef X_OF
#undef Y_OF

out:
  map_axis_clear (&ax[0]);
  map_axis_clear (&ax[1]);
  cairo_restore (cr);
  g_object_unref (ctx.pango);
}

/* ---- Files ------------------------------------------------------------ */

static void
draw_page (cairo_t                *cr,
           const LsgExportOptions *options,
           gpointer                data)
{
  LsgFigureStyle style;

  _lsg_export_style_init (&style, options);
  lsg_map_figure_render (cr, data, options->width_pt, options->height_pt, &style);
}

gboolean
lsg_map_figure_write (const LsgMapFigure      *map,
                      const LsgExportOptions  *options,
                      const char              *path,
                      const char              *design_point_data,
                      const char              *csv,
                      GError                 **error)
{
  LsgExportPage page = { "LogSGD Explorer design-space map", "map", draw_page, (gpointer) map };
  g_autoptr(GBytes) figure = NULL;
  g_autoptr(GBytes) data = NULL;
  LsgExportFormat format;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!options->data || csv != NULL, FALSE);

  if (!_lsg_export_check_format (options, path, &format, error))
    return FALSE;
  if (options->tex)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_DATA,
                   "A map has no pgfplots form; write its data (the sweep CSV) instead");
      return FALSE;
    }
  figure = _lsg_export_render_page (&page, format, options, design_point_data, error);
  if (figure == NULL)
    return FALSE;
  if (options->data)
    data = g_bytes_new (csv, strlen (csv));
  return _lsg_export_write_files (options, path, figure, data, NULL, error);
}
