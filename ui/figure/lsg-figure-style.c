/* lsg-figure-style.c: figure styles and the colours series get. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-figure-private.h"

/* Series colours must stand out this much from the background
 * (WCAG contrast ratio; 2 keeps the Okabe–Ito hues recognisable). */
#define MIN_CONTRAST 2.0

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

void
_lsg_figure_palette_rgb (guint                 palette,
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
  _lsg_figure_palette_rgb (palette_index, style, rgb);
}

void
lsg_figure_series_get_color (const LsgFigure      *fig,
                             guint                 series,
                             const LsgFigureStyle *style,
                             double                rgb[3])
{
  const Series *s;

  g_return_if_fail (fig != NULL && style != NULL);
  s = _lsg_figure_get_series (fig, series);
  g_return_if_fail (s != NULL);
  _lsg_figure_palette_rgb (s->palette, style, rgb);
}
