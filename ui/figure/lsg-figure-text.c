/* lsg-figure-text.c: text at the style's font, the same on every surface,
 * for figures and for the map. */
#include "lsg-config.h"


#include "lsg-figure-private.h"

/* ---- Text ------------------------------------------------------------- */

PangoContext *
_lsg_figure_get_pango (LsgFigure *fig)
{
  if (fig->pango == NULL)
    fig->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  return fig->pango;
}

/* Unhinted metrics: the same layout on screen, PDF and SVG.  On paper
 * unhinted outlines too: hinted glyphs at fractional advances space
 * letters unevenly. */
void
_lsg_text_set_font_options (PangoContext         *pango,
                            const LsgFigureStyle *style)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  if (style->print)
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);
}

PangoLayout *
_lsg_text_layout_new (PangoContext *pango,
                      const char   *family,
                      const char   *text,
                      double        size,
                      gboolean      bold)
{
  PangoLayout *layout = pango_layout_new (pango);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, family != NULL ? family : "Sans");
  pango_font_description_set_absolute_size (desc, MAX (size, 1) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
_lsg_figure_set_font_options (LsgFigure            *fig,
                              const LsgFigureStyle *style)
{
  _lsg_text_set_font_options (_lsg_figure_get_pango (fig), style);
}

PangoLayout *
_lsg_figure_text_new (LsgFigure  *fig,
                      const char *text,
                      double      size,
                      gboolean    bold)
{
  return _lsg_text_layout_new (_lsg_figure_get_pango (fig), fig->layout.font_family,
                               text, size, bold);
}

void
_lsg_figure_text_size (PangoLayout *layout,
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

double
_lsg_figure_text_width (LsgFigure  *fig,
                        const char *text,
                        double      size)
{
  g_autoptr(PangoLayout) layout = _lsg_figure_text_new (fig, text, size, FALSE);
  double w;

  _lsg_figure_text_size (layout, &w, NULL);
  return w;
}

/* Draws layout with its anchor (ax, ay) in [0, 1]^2 of its box at x, y. */
void
_lsg_figure_text_draw (cairo_t     *cr,
                       PangoLayout *layout,
                       double       x,
                       double       y,
                       double       ax,
                       double       ay)
{
  double w, h;

  _lsg_figure_text_size (layout, &w, &h);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (cr, layout);
}

void
_lsg_figure_text_show (cairo_t    *cr,
                       LsgFigure  *fig,
                       const char *text,
                       double      size,
                       gboolean    bold,
                       double      x,
                       double      y,
                       double      ax,
                       double      ay)
{
  g_autoptr(PangoLayout) layout = _lsg_figure_text_new (fig, text, size, bold);

  _lsg_figure_text_draw (cr, layout, x, y, ax, ay);
}

char *
_lsg_figure_axis_title (const char *label,
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
