/* lsg-schematic.c: one weight of the chip as it is simulated, drawn. */
#include "lsg-config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include "lsg-design-file.h"
#include "lsg-schematic.h"

/* Palette indices: the same as the window's inside-of-a-weight plots
 * (cell currents 1, capacitor voltages 2) and the readout path 0. */
#define INK_CURRENT 1
#define INK_VOLTAGE 2
#define INK_READOUT 0

/* Text sizes in font sizes. */
#define TEXT_SIZE  0.9
#define LABEL_SIZE 1.0

/* Where things are, in font sizes (the grid of the drawing). */
#define GATE_X      8.4         /* gate plate of a cell transistor */
#define CHANNEL_DX  0.32        /* gate plate to channel */
#define DRAIN_DX    1.1         /* gate plate to the drain and source leads */
#define HALF_A_Y    3.0         /* gate level of the + half */
#define HALF_B_Y    7.6         /* gate level of the - half */
#define CURRENT_DY  1.6         /* a half's current line above its gate */
#define FWD_X       17.2        /* centre of the forward multipliers */
#define SUM_X       20.2        /* the forward sum */
#define ADC_X       21.4
#define READ_Y      12.0        /* the readout row */
#define CAPTION_Y   14.35

typedef struct {
  cairo_t              *cr;
  const LsgFigureStyle *style;
  double                ox, oy; /* the grid's origin, user units */
  double                u;      /* user units per grid unit */
  double                lw;     /* wires, user units */
  double                ink[3][3];
} Pen;

static double
px (const Pen *p,
    double     x)
{
  return p->ox + x * p->u;
}

static double
py (const Pen *p,
    double     y)
{
  return p->oy + y * p->u;
}

static void
set_ink (Pen *p,
         int  ink)
{
  if (ink < 0)
    cairo_set_source_rgba (p->cr, p->style->fg[0], p->style->fg[1], p->style->fg[2],
                           p->style->fg[3]);
  else
    cairo_set_source_rgb (p->cr, p->ink[ink][0], p->ink[ink][1], p->ink[ink][2]);
}

/* A polyline through n points (x0, y0, x1, y1, ...). */
static void
wire (Pen          *p,
      int           ink,
      const double *xy,
      guint         n)
{
  cairo_t *cr = p->cr;

  cairo_new_path (cr);
  cairo_move_to (cr, px (p, xy[0]), py (p, xy[1]));
  for (guint k = 1; k < n; k++)
    cairo_line_to (cr, px (p, xy[2 * k]), py (p, xy[2 * k + 1]));
  set_ink (p, ink);
  cairo_set_line_width (cr, p->lw);
  cairo_stroke (cr);
}

static void
line (Pen    *p,
      int     ink,
      double  x0,
      double  y0,
      double  x1,
      double  y1)
{
  double xy[] = { x0, y0, x1, y1 };

  wire (p, ink, xy, 2);
}

/* A filled arrowhead at (x, y) pointing along (dx, dy). */
static void
arrowhead (Pen    *p,
           int     ink,
           double  x,
           double  y,
           double  dx,
           double  dy)
{
  cairo_t *cr = p->cr;
  double len = hypot (dx, dy), ux = dx / len, uy = dy / len;
  double a = 0.42, b = 0.2;

  cairo_new_path (cr);
  cairo_move_to (cr, px (p, x), py (p, y));
  cairo_line_to (cr, px (p, x - a * ux - b * uy), py (p, y - a * uy + b * ux));
  cairo_line_to (cr, px (p, x - a * ux + b * uy), py (p, y - a * uy - b * ux));
  cairo_close_path (cr);
  set_ink (p, ink);
  cairo_fill (cr);
}

static void
arrow (Pen    *p,
       int     ink,
       double  x0,
       double  y0,
       double  x1,
       double  y1)
{
  double len = hypot (x1 - x0, y1 - y0);

  /* the line stops inside the head so its end does not show past the tip */
  line (p, ink, x0, y0, x1 - 0.3 * (x1 - x0) / len, y1 - 0.3 * (y1 - y0) / len);
  arrowhead (p, ink, x1, y1, x1 - x0, y1 - y0);
}

static void
dot (Pen    *p,
     int     ink,
     double  x,
     double  y)
{
  cairo_new_path (p->cr);
  cairo_arc (p->cr, px (p, x), py (p, y), MAX (1.6 * p->lw, 0.12 * p->u), 0, 2 * G_PI);
  set_ink (p, ink);
  cairo_fill (p->cr);
}

/* An open contact of a switch. */
static void
contact (Pen    *p,
         int     ink,
         double  x,
         double  y)
{
  cairo_new_path (p->cr);
  cairo_arc (p->cr, px (p, x), py (p, y), 0.16 * p->u, 0, 2 * G_PI);
  set_ink (p, ink);
  cairo_set_line_width (p->cr, p->lw);
  cairo_stroke (p->cr);
}

/* Text with its anchor (ax, ay in [0, 1] of its box) at (x, y); pango
 * markup for sub- and superscripts. */
static void
text (Pen        *p,
      int         ink,
      double      x,
      double      y,
      double      ax,
      double      ay,
      double      size,
      gboolean    bold,
      const char *markup)
{
  cairo_t *cr = p->cr;
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_new ();
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoRectangle ink_rect, logical;

  /* unhinted metrics, as the figures: the same layout on every surface */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  if (p->style->print)
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_family (desc, p->style->font_family != NULL ? p->style->font_family : "Sans");
  pango_font_description_set_absolute_size (desc, MAX (size * p->u, 1.0) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_extents (layout, &ink_rect, &logical);

  set_ink (p, ink);
  cairo_move_to (cr, px (p, x) - ax * logical.width / (double) PANGO_SCALE,
                 py (p, y) - ay * logical.height / (double) PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* A block with its text centred, the background painted under it so
 * wires end at its edge. */
static void
block (Pen        *p,
       int         ink,
       double      cx,
       double      cy,
       double      w,
       double      h,
       const char *markup)
{
  cairo_t *cr = p->cr;

  cairo_new_path (cr);
  cairo_rectangle (cr, px (p, cx - w / 2), py (p, cy - h / 2), w * p->u, h * p->u);
  set_ink (p, ink);
  cairo_set_line_width (cr, p->lw);
  cairo_stroke (cr);
  text (p, ink, cx, cy, 0.5, 0.5, LABEL_SIZE, FALSE, markup);
}

static void
circle (Pen        *p,
        int         ink,
        double      cx,
        double      cy,
        double      r,
        const char *markup)
{
  cairo_new_path (p->cr);
  cairo_arc (p->cr, px (p, cx), py (p, cy), r * p->u, 0, 2 * G_PI);
  set_ink (p, ink);
  cairo_set_line_width (p->cr, p->lw);
  cairo_stroke (p->cr);
  if (markup != NULL)
    text (p, ink, cx, cy, 0.5, 0.5, LABEL_SIZE, FALSE, markup);
}

static void
ground (Pen    *p,
        int     ink,
        double  x,
        double  y)
{
  line (p, ink, x - 0.45, y, x + 0.45, y);
  line (p, ink, x - 0.28, y + 0.17, x + 0.28, y + 0.17);
  line (p, ink, x - 0.1, y + 0.34, x + 0.1, y + 0.34);
}

/* C_w from (x, y) to ground, its name on the right. */
static void
capacitor (Pen    *p,
           double  x,
           double  y)
{
  line (p, INK_VOLTAGE, x, y, x, y + 0.75);
  line (p, INK_VOLTAGE, x - 0.5, y + 0.75, x + 0.5, y + 0.75);
  line (p, INK_VOLTAGE, x - 0.5, y + 1.0, x + 0.5, y + 1.0);
  line (p, -1, x, y + 1.0, x, y + 1.5);
  ground (p, -1, x, y + 1.5);
  text (p, INK_VOLTAGE, x + 0.65, y + 0.875, 0, 0.5, TEXT_SIZE, FALSE, "C<sub>w</sub>");
}

/* A cell: an n-channel transistor, gate plate at (GATE_X, y), source to
 * ground, drain up to its current line, which leads right to x_end. */
static void
cell (Pen        *p,
      double      y,
      double      x_end,
      const char *name)
{
  double xc = GATE_X + CHANNEL_DX, xd = GATE_X + DRAIN_DX, yi = y - CURRENT_DY;

  line (p, -1, GATE_X, y - 0.5, GATE_X, y + 0.5);
  line (p, -1, xc, y - 0.7, xc, y + 0.7);
  line (p, -1, xc, y + 0.5, xd, y + 0.5);
  arrowhead (p, -1, xc + 0.62, y + 0.5, 1, 0);
  line (p, -1, xd, y + 0.5, xd, y + 1.5);
  ground (p, -1, xd, y + 1.5);
  {
    double xy[] = { xc, y - 0.5, xd, y - 0.5, xd, yi, x_end, yi };

    wire (p, INK_CURRENT, xy, 4);
  }
  text (p, INK_CURRENT, xd + 0.45, yi - 0.08, 0, 1, LABEL_SIZE, FALSE, name);
}

/* A vertical wire crossing a horizontal one at (x, y) without joining it:
 * a small hop. */
static void
vertical_with_hop (Pen    *p,
                   int     ink,
                   double  x,
                   double  y0,
                   double  y_cross,
                   double  y1)
{
  double r = 0.25;
  cairo_t *cr = p->cr;

  line (p, ink, x, y0, x, y_cross - r);
  cairo_new_path (cr);
  cairo_arc_negative (cr, px (p, x), py (p, y_cross), r * p->u, -G_PI / 2, G_PI / 2);
  set_ink (p, ink);
  cairo_set_line_width (cr, p->lw);
  cairo_stroke (cr);
  line (p, ink, x, y_cross + r, x, y1);
}

/* ---- The parts -------------------------------------------------------- */

/* Two unipolar multiplier-dividers, each charging its own C_w. */
static void
draw_pair_storage (Pen *p)
{
  static const char *const g[] = { "g<sub>+</sub>", "g<sub>\xe2\x88\x92</sub>" };
  static const char *const v[] = { "V<sub>+</sub>", "V<sub>\xe2\x88\x92</sub>" };
  static const char *const i[] = { "I<sub>+</sub>", "I<sub>\xe2\x88\x92</sub>" };
  const double node_x = 6.4;

  for (guint h = 0; h < 2; h++)
    {
      double y = h == 0 ? HALF_A_Y : HALF_B_Y;

      arrow (p, -1, 0.1, y, 1.8, y);
      text (p, -1, 0.2, y - 0.12, 0, 1, TEXT_SIZE, FALSE, g[h]);
      block (p, -1, 3.4, y, 3.2, 1.9, "\xc3\x97\xc3\xb7");
      text (p, -1, 3.4, y - 1.05, 0.5, 1, TEXT_SIZE, FALSE, "I<sub>\xce\xb7</sub>, I<sub>\xce\xbb</sub>");
      line (p, INK_VOLTAGE, 5.0, y, GATE_X, y);
      dot (p, INK_VOLTAGE, node_x, y);
      text (p, INK_VOLTAGE, 7.4, y - 0.1, 0.5, 1, TEXT_SIZE, FALSE, v[h]);
      capacitor (p, node_x, y);
      cell (p, y, FWD_X - 1.2, i[h]);
    }
}

/* One signed multiplier-divider by (I+ + I-) on one C_w; the translinear
 * loop makes both halves from its voltage. */
static void
draw_class_ab_storage (Pen *p)
{
  const double y = (HALF_A_Y + HALF_B_Y) / 2, node_x = 5.5, join_x = 7.4;

  arrow (p, -1, 0.1, y, 1.6, y);
  text (p, -1, 0.2, y - 0.12, 0, 1, TEXT_SIZE, FALSE, "g");
  block (p, -1, 2.9, y, 2.6, 1.9, "\xc3\x97\xc3\xb7");
  text (p, -1, 2.9, y - 1.05, 0.5, 1, TEXT_SIZE, FALSE, "I<sub>\xce\xb7</sub>, I<sub>\xce\xbb</sub>");
  text (p, -1, 2.9, y + 1.05, 0.5, 0, TEXT_SIZE, FALSE,
        "\xc3\xb7(I<sub>+</sub>+I<sub>\xe2\x88\x92</sub>)");
  line (p, INK_VOLTAGE, 4.2, y, join_x, y);
  dot (p, INK_VOLTAGE, node_x, y);
  text (p, INK_VOLTAGE, 6.45, y - 0.1, 0.5, 1, TEXT_SIZE, FALSE, "V");
  capacitor (p, node_x, y);
  {
    double xy[] = { GATE_X, HALF_A_Y, join_x, HALF_A_Y, join_x, HALF_B_Y, GATE_X, HALF_B_Y };

    wire (p, INK_VOLTAGE, xy, 4);
  }
  dot (p, INK_VOLTAGE, join_x, y);
  /* below its wire: above it the junction and the gate plate crowd it */
  text (p, INK_VOLTAGE, 7.9, HALF_B_Y + 0.1, 0.5, 0, TEXT_SIZE, FALSE, "\xe2\x88\x92V");
  cell (p, HALF_A_Y, FWD_X - 1.2, "I<sub>+</sub>");
  cell (p, HALF_B_Y, FWD_X - 1.2, "I<sub>\xe2\x88\x92</sub>");
  /* the loop's law under the two cells it ties together */
  text (p, -1, GATE_X + 0.6, HALF_B_Y + 2.55, 0.5, 0.5, TEXT_SIZE, FALSE,
        "I<sub>+</sub>I<sub>\xe2\x88\x92</sub> = I<sub>Q</sub>\xc2\xb2");
}

/* The forward multipliers of both halves and their difference, y-hat. */
static void
draw_forward (Pen *p)
{
  double ya = HALF_A_Y - CURRENT_DY, yb = HALF_B_Y - CURRENT_DY, ys = (ya + yb) / 2 + 0.5;
  double r = 0.75;

  block (p, -1, FWD_X, ya, 2.4, 1.6, "\xc3\x97x<sub>i</sub>");
  block (p, -1, FWD_X, yb, 2.4, 1.6, "\xc3\x97x<sub>i</sub>");
  {
    double top[] = { FWD_X + 1.2, ya, SUM_X, ya, SUM_X, ys - r };
    double bottom[] = { FWD_X + 1.2, yb, SUM_X, yb, SUM_X, ys + r };

    wire (p, -1, top, 3);
    wire (p, -1, bottom, 3);
  }
  text (p, -1, SUM_X + 0.2, ys - r - 0.1, 0, 1, TEXT_SIZE, FALSE, "+");
  text (p, -1, SUM_X + 0.2, ys + r + 0.1, 0, 0, TEXT_SIZE, FALSE, "\xe2\x88\x92");
  circle (p, -1, SUM_X, ys, r, "\xce\xa3");
  arrow (p, -1, SUM_X + r, ys, 23.9, ys);
  text (p, -1, 23.5, ys - 0.12, 0.5, 1, LABEL_SIZE, FALSE, "\xc5\xb7");
}

/* The ADC and the reported weight leaving it. */
static void
draw_adc (Pen *p)
{
  block (p, INK_READOUT, ADC_X, READ_Y, 2.4, 1.6, "ADC");
  arrow (p, INK_READOUT, ADC_X + 1.2, READ_Y, 23.9, READ_Y);
  text (p, INK_READOUT, 23.35, READ_Y - 0.12, 0.5, 1, LABEL_SIZE, FALSE, "w<sub>i</sub>");
}

static void
draw_readout (Pen *p,
              int  readout)
{
  double ya = HALF_A_Y - CURRENT_DY, yb = HALF_B_Y - CURRENT_DY;
  double ys = (ya + yb) / 2 + 0.5;
  const char *caption = NULL;

  text (p, INK_READOUT, 0.1, READ_Y, 0, 0.5, TEXT_SIZE, TRUE, "readout");
  switch (readout)
    {
    case LSG_READOUT_FORWARD:
      /* the chip's own forward path, probed one input at a time */
      dot (p, INK_READOUT, ADC_X, ys);
      arrow (p, INK_READOUT, ADC_X, ys, ADC_X, READ_Y - 0.8);
      text (p, INK_READOUT, 15.3, READ_Y, 1, 0.5, TEXT_SIZE, FALSE,
            "probes x = e<sub>i</sub>, y = 0");
      {
        static const double dashes[] = { 3.0, 2.0 };
        double xy[] = { 15.6, READ_Y, FWD_X, READ_Y, FWD_X, yb + 0.8 };

        cairo_set_dash (p->cr, dashes, 2, 0);
        wire (p, INK_READOUT, xy, 3);
        cairo_set_dash (p->cr, NULL, 0, 0);
        arrowhead (p, INK_READOUT, FWD_X, yb + 0.8, 0, -1);
      }
      caption = "w = (f<sub>+</sub>I<sub>+</sub> \xe2\x88\x92 f<sub>\xe2\x88\x92</sub>I<sub>\xe2\x88\x92</sub>)/I<sub>N</sub>, "
                "n probe intervals";
      break;

    case LSG_READOUT_DIFFERENTIAL:
      {
        /* one copy switched between the halves: two conversions */
        double xa = 12.8, xb = 14.0, pivot = (xa + xb) / 2, yc = READ_Y - 1.1;

        dot (p, INK_READOUT, xa, ya);
        dot (p, INK_READOUT, xb, yb);
        vertical_with_hop (p, INK_READOUT, xa, ya, yb, yc - 0.16);
        line (p, INK_READOUT, xb, yb, xb, yc - 0.16);
        contact (p, INK_READOUT, xa, yc);
        contact (p, INK_READOUT, xb, yc);
        line (p, INK_READOUT, pivot, READ_Y, xa + 0.1, yc + 0.2);
        dot (p, INK_READOUT, pivot, READ_Y);
        line (p, INK_READOUT, pivot, READ_Y, 15.0, READ_Y);
        block (p, INK_READOUT, 16.1, READ_Y, 2.2, 1.6, "\xc3\x97r");
        arrow (p, INK_READOUT, 17.2, READ_Y, ADC_X - 1.2, READ_Y);
        caption = "w = r(I<sub>+</sub> \xe2\x88\x92 I<sub>\xe2\x88\x92</sub>)/I<sub>N</sub>, two conversions";
      }
      break;

    case LSG_READOUT_PER_HALF:
    default:
      {
        /* a copy mirror on each half, subtracted before the ADC */
        double xa = 12.6, xb = 14.8, xs = 17.8, r = 0.6;

        dot (p, INK_READOUT, xa, ya);
        dot (p, INK_READOUT, xb, yb);
        vertical_with_hop (p, INK_READOUT, xa, ya, yb, READ_Y - 0.8);
        line (p, INK_READOUT, xb, yb, xb, READ_Y - 0.8);
        block (p, INK_READOUT, xa, READ_Y, 1.9, 1.6, "\xc3\x97r<sub>+</sub>");
        block (p, INK_READOUT, xb, READ_Y, 1.9, 1.6, "\xc3\x97r<sub>\xe2\x88\x92</sub>");
        {
          double xy[] = { xa, READ_Y + 0.8, xa, READ_Y + 1.25, xs, READ_Y + 1.25, xs, READ_Y + r };

          wire (p, INK_READOUT, xy, 4);
        }
        line (p, INK_READOUT, xb + 0.95, READ_Y, xs - r, READ_Y);
        text (p, INK_READOUT, xs - r - 0.1, READ_Y - 0.12, 1, 1, TEXT_SIZE, FALSE, "\xe2\x88\x92");
        text (p, INK_READOUT, xs + 0.15, READ_Y + r, 0, 0, TEXT_SIZE, FALSE, "+");
        circle (p, INK_READOUT, xs, READ_Y, r, NULL);
        arrow (p, INK_READOUT, xs + r, READ_Y, ADC_X - 1.2, READ_Y);
        caption = "w = (r<sub>+</sub>I<sub>+</sub> \xe2\x88\x92 r<sub>\xe2\x88\x92</sub>I<sub>\xe2\x88\x92</sub>)/I<sub>N</sub>, "
                  "two copy mirrors";
      }
      break;
    }
  draw_adc (p);
  text (p, INK_READOUT, LSG_SCHEMATIC_WIDTH_EM / 2, CAPTION_Y, 0.5, 0.5, TEXT_SIZE, FALSE, caption);
}

void
lsg_schematic_draw (cairo_t              *cr,
                    const LsgParams      *params,
                    double                width,
                    double                height,
                    const LsgFigureStyle *style)
{
  double fs, scale;
  Pen pen;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (params != NULL);
  g_return_if_fail (style != NULL);

  if (!(width > 0) || !(height > 0))
    return;
  fs = style->font_size > 0 ? style->font_size : 12;
  scale = fmin (width / (LSG_SCHEMATIC_WIDTH_EM * fs), height / (LSG_SCHEMATIC_HEIGHT_EM * fs));

  pen = (Pen) {
    .cr = cr,
    .style = style,
    .u = fs * scale,
    /* the plots' series line, thinned a little: a schematic has many */
    .lw = MAX (0.8 * style->line_width * scale, 0.5),
  };
  pen.ox = (width - LSG_SCHEMATIC_WIDTH_EM * pen.u) / 2;
  pen.oy = (height - LSG_SCHEMATIC_HEIGHT_EM * pen.u) / 2;
  lsg_figure_style_palette_color (style, INK_CURRENT, pen.ink[INK_CURRENT]);
  lsg_figure_style_palette_color (style, INK_VOLTAGE, pen.ink[INK_VOLTAGE]);
  lsg_figure_style_palette_color (style, INK_READOUT, pen.ink[INK_READOUT]);

  cairo_save (cr);
  if (style->fill_background)
    {
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_set_source_rgba (cr, style->bg[0], style->bg[1], style->bg[2], style->bg[3]);
      cairo_fill (cr);
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (params->storage == LSG_STORAGE_CLASS_AB)
    draw_class_ab_storage (&pen);
  else
    draw_pair_storage (&pen);
  draw_forward (&pen);
  draw_readout (&pen, params->readout);
  cairo_restore (cr);
}

char *
lsg_schematic_describe (const LsgParams *params)
{
  const char *storage, *readout;

  g_return_val_if_fail (params != NULL, NULL);

  if (params->storage == LSG_STORAGE_CLASS_AB)
    storage = "Class-AB storage: one capacitor C_w per weight at voltage V; a translinear loop "
              "makes both cell currents from it, I+ I\xe2\x88\x92 = I_Q\xc2\xb2; one signed "
              "multiplier-divider by (I+ + I\xe2\x88\x92) integrates g \xe2\x88\x92 \xce\xbbw.";
  else
    storage = "Pair storage: two Bernoulli cells per weight, each with its own capacitor C_w "
              "and its own unipolar multiplier-divider, fed by g+ or g\xe2\x88\x92 and "
              "discharged by I_\xce\xbb.";
  switch (params->readout)
    {
    case LSG_READOUT_FORWARD:
      readout = "Forward readout: the weights the chip computes with, read through its own "
                "forward multipliers by one-hot probes (x = e_i, y = 0), one probe interval each.";
      break;
    case LSG_READOUT_DIFFERENTIAL:
      readout = "Differential readout: one shared copy switched between the halves, "
                "two conversions, w = r (I+ \xe2\x88\x92 I\xe2\x88\x92)/I_N.";
      break;
    case LSG_READOUT_PER_HALF:
    default:
      readout = "Per-half readout: a copy mirror on each half, subtracted before the ADC, "
                "w = (r+ I+ \xe2\x88\x92 r\xe2\x88\x92 I\xe2\x88\x92)/I_N.";
      break;
    }
  return g_strdup_printf ("%s %s", storage, readout);
}

/* ---- The widget ------------------------------------------------------- */

struct _LsgSchematic {
  GtkWidget  parent_instance;

  /* owned */
  LsgParams *params;
  guint      n_changes;
};

G_DEFINE_FINAL_TYPE (LsgSchematic, lsg_schematic, GTK_TYPE_WIDGET)

/* The plots' style from the widget's CSS and font (as LsgPlot takes it). */
static void
widget_style (GtkWidget      *widget,
              LsgFigureStyle *style,
              char          **family)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *desc = pango_context_get_font_description (pango);
  GdkRGBA fg, bg;
  double size = 14.0;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "window_bg_color", &bg)
      && !gtk_style_context_lookup_color (context, "theme_bg_color", &bg))
    {
      /* no theme colour: the opposite of the text */
      float v = 0.2126f * fg.red + 0.7152f * fg.green + 0.0722f * fg.blue > 0.5f ? 0.14f : 1.0f;

      bg = (GdkRGBA) { v, v, v, 1 };
    }
  *family = NULL;
  if (desc != NULL)
    {
      double dpi = pango_cairo_context_get_resolution (pango);

      *family = g_strdup (pango_font_description_get_family (desc));
      size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;
      if (!pango_font_description_get_size_is_absolute (desc))
        size *= (dpi > 0 ? dpi : 96.0) / 72.0;
      if (!(size > 0))
        size = 14.0;
    }
  lsg_figure_style_init_default (style);
  style->fg[0] = fg.red;
  style->fg[1] = fg.green;
  style->fg[2] = fg.blue;
  style->fg[3] = fg.alpha;
  style->bg[0] = bg.red;
  style->bg[1] = bg.green;
  style->bg[2] = bg.blue;
  style->bg[3] = bg.alpha;
  style->font_family = *family;
  style->font_size = size;
  style->fill_background = FALSE;
}

static void
lsg_schematic_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LsgSchematic *self = LSG_SCHEMATIC (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autofree char *family = NULL;
  LsgFigureStyle style;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  widget_style (widget, &style, &family);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  lsg_schematic_draw (cr, self->params, w, h, &style);
  cairo_destroy (cr);
}

static double
font_size (GtkWidget *widget)
{
  g_autofree char *family = NULL;
  LsgFigureStyle style;

  widget_style (widget, &style, &family);
  return style.font_size;
}

static GtkSizeRequestMode
lsg_schematic_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Natural size: one grid unit per font size; narrower, it scales down
 * to 60 % (text stays legible), and it never grows past natural size. */
static void
lsg_schematic_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  double fs = font_size (widget);
  double w_nat = LSG_SCHEMATIC_WIDTH_EM * fs;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) ceil (0.6 * w_nat);
      *natural = (int) ceil (w_nat);
    }
  else
    {
      double w = for_size >= 0 ? fmin (for_size, w_nat) : w_nat;

      *minimum = *natural = (int) ceil (w * LSG_SCHEMATIC_HEIGHT_EM / LSG_SCHEMATIC_WIDTH_EM);
    }
}

static void
update_description (LsgSchematic *self)
{
  g_autofree char *text = lsg_schematic_describe (self->params);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Schematic of one weight",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
lsg_schematic_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lsg_schematic_parent_class)->css_changed (widget, change);
  gtk_widget_queue_resize (widget);
}

static void
lsg_schematic_finalize (GObject *object)
{
  LsgSchematic *self = LSG_SCHEMATIC (object);

  lsg_params_free (self->params);
  G_OBJECT_CLASS (lsg_schematic_parent_class)->finalize (object);
}

static void
lsg_schematic_class_init (LsgSchematicClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lsg_schematic_finalize;
  widget_class->snapshot = lsg_schematic_snapshot;
  widget_class->measure = lsg_schematic_measure;
  widget_class->get_request_mode = lsg_schematic_get_request_mode;
  widget_class->css_changed = lsg_schematic_css_changed;
  gtk_widget_class_set_css_name (widget_class, "schematic");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lsg_schematic_init (LsgSchematic *self)
{
  self->params = lsg_params_new_default ();
  update_description (self);
}

GtkWidget *
lsg_schematic_new (void)
{
  return g_object_new (LSG_TYPE_SCHEMATIC, NULL);
}

void
lsg_schematic_set_params (LsgSchematic    *self,
                          const LsgParams *params)
{
  g_return_if_fail (LSG_IS_SCHEMATIC (self));
  g_return_if_fail (params != NULL);

  if (params->storage == self->params->storage && params->readout == self->params->readout)
    return;
  self->params->storage = params->storage;
  self->params->readout = params->readout;
  self->n_changes++;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
lsg_schematic_get_storage (LsgSchematic *self)
{
  g_return_val_if_fail (LSG_IS_SCHEMATIC (self), LSG_STORAGE_PAIR);
  return self->params->storage;
}

int
lsg_schematic_get_readout (LsgSchematic *self)
{
  g_return_val_if_fail (LSG_IS_SCHEMATIC (self), LSG_READOUT_FORWARD);
  return self->params->readout;
}

guint
lsg_schematic_get_n_changes (LsgSchematic *self)
{
  g_return_val_if_fail (LSG_IS_SCHEMATIC (self), 0);
  return self->n_changes;
}
