/* lsg-plot-gestures.c: what the pointer does on a plot: the hover
 * crosshair and its label (GSK nodes over the figure's picture, so
 * motion never redraws the figure), zoom by scroll, pan by drag, fit by
 * double-click, legend clicks that hide or show a series. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-plot-private.h"

/* Zoom per wheel detent; surface-unit (touchpad) deltas are pixels. */
#define ZOOM_STEP 1.2
#define ZOOM_PER_PIXEL 0.05
/* A drag shorter than this (px) is a click, not a pan. */
#define DRAG_THRESHOLD 3.0
/* Hover label: series listed at most; gap between pointer and label (px). */
#define HOVER_MAX_ROWS 12
#define HOVER_OFFSET 14.0

/* ---- Hover ------------------------------------------------------------ */

static GdkRGBA
rgba_from (const double c[4],
           double       alpha)
{
  return (GdkRGBA) { c[0], c[1], c[2], c[3] * alpha };
}

static void
append_disc (GtkSnapshot   *snapshot,
             double         x,
             double         y,
             double         r,
             const GdkRGBA *color)
{
  GskRoundedRect disc;

  gsk_rounded_rect_init_from_rect (&disc, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), r);
  gtk_snapshot_push_rounded_clip (snapshot, &disc);
  gtk_snapshot_append_color (snapshot, color, &disc.bounds);
  gtk_snapshot_pop (snapshot);
}

void
_lsg_plot_snapshot_hover (LsgPlot     *self,
                          GtkSnapshot *snapshot,
                          int          w,
                          int          h)
{
  LsgFigure *fig = self->figure;
  const LsgFigureStyle *style = &self->style;
  double ax, ay, aw, ah, x, y;
  double px = self->pointer_x, py = self->pointer_y;
  GdkRGBA line = rgba_from (style->fg, 0.45);
  GdkRGBA fg = rgba_from (style->fg, 1);
  GdkRGBA bg = rgba_from (style->bg, 0.92);
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) probe = NULL;
  g_autofree char *x_text = NULL;
  guint rows = 0, hidden = 0;
  int name_w = 0, lw_px, lh_px;
  double pad = 6, bx, by, bw, bh;

  lsg_figure_get_plot_area (fig, w, h, &ax, &ay, &aw, &ah);
  if (aw <= 0 || px < ax || px > ax + aw || py < ay || py > ay + ah)
    return;

  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (floor (px), ay, 1, ah));
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (ax, floor (py), aw, 1));

  lsg_figure_pixel_to_data (fig, w, h, px, py, &x, &y);
  probe = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  {
    const char *label = lsg_figure_get_x_label (fig);
    g_autofree char *escaped = g_markup_escape_text (label[0] != '\0' ? label : "x", -1);
    int tw;

    x_text = lsg_format_si (x, lsg_figure_get_x_unit (fig), 4);
    g_string_append_printf (markup, "<b>%s</b>\t%s", escaped, x_text);
    pango_layout_set_markup (probe, escaped, -1);
    pango_layout_get_pixel_size (probe, &tw, NULL);
    name_w = MAX (name_w, tw);
  }

  for (guint i = 0; i < lsg_figure_get_n_series (fig); i++)
    {
      const double *dx, *dy;
      gsize k;
      double rgb[3], sx, sy;
      g_autofree char *value = NULL;
      g_autofree char *name = NULL;
      GdkRGBA color;
      int tw;

      if (!lsg_figure_series_get_visible (fig, i)
          || !lsg_figure_series_nearest (fig, i, x, &k))
        continue;
      lsg_figure_series_get_data (fig, i, &dx, &dy);
      if (!isfinite (dy[k]))
        continue;
      lsg_figure_series_get_color (fig, i, style, rgb);
      color = (GdkRGBA) { rgb[0], rgb[1], rgb[2], 1 };

      lsg_figure_data_to_pixel (fig, w, h, dx[k], dy[k], &sx, &sy);
      if (sx >= ax && sx <= ax + aw && sy >= ay && sy <= ay + ah)
        {
          append_disc (snapshot, sx, sy, 4.5, &fg);
          append_disc (snapshot, sx, sy, 3.5, &color);
        }

      if (rows == HOVER_MAX_ROWS)
        {
          hidden++;
          continue;
        }
      rows++;
      name = g_markup_printf_escaped ("<span foreground=\"#%02x%02x%02x\">\u25cf</span> %s",
                                      (guint) lround (rgb[0] * 255),
                                      (guint) lround (rgb[1] * 255),
                                      (guint) lround (rgb[2] * 255),
                                      lsg_figure_series_get_name (fig, i));
      value = lsg_format_si (dy[k], lsg_figure_get_y_unit (fig), 4);
      g_string_append_printf (markup, "\n%s\t%s", name, value);
      pango_layout_set_markup (probe, name, -1);
      pango_layout_get_pixel_size (probe, &tw, NULL);
      name_w = MAX (name_w, tw);
    }
  if (hidden > 0)
    g_string_append_printf (markup, "\n\u2026 %u more", hidden);

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  {
    PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT,
                                                              name_w + 12);

    pango_layout_set_tabs (layout, tabs);
    pango_tab_array_free (tabs);
  }
  pango_layout_set_markup (layout, markup->str, -1);
  pango_layout_get_pixel_size (layout, &lw_px, &lh_px);

  bw = lw_px + 2 * pad;
  bh = lh_px + 2 * pad;
  /* beside the pointer, flipped to stay in the widget, and kept inside
   * the plot area's height when it fits (not over the title) */
  bx = px + HOVER_OFFSET;
  by = py + HOVER_OFFSET;
  if (bx + bw > w)
    bx = px - HOVER_OFFSET - bw;
  if (by + bh > ay + ah)
    by = py - HOVER_OFFSET - bh;
  if (bh <= ah)
    by = CLAMP (by, ay, ay + ah - bh);
  bx = MAX (bx, 0);
  by = MAX (by, 0);

  {
    GskRoundedRect box;
    GdkRGBA border = rgba_from (style->fg, 0.3);
    const float widths[4] = { 1, 1, 1, 1 };
    const GdkRGBA borders[4] = { border, border, border, border };

    gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (bx, by, bw, bh), 4);
    gtk_snapshot_push_rounded_clip (snapshot, &box);
    gtk_snapshot_append_color (snapshot, &bg, &box.bounds);
    gtk_snapshot_pop (snapshot);
    gtk_snapshot_append_border (snapshot, &box, widths, borders);
  }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + pad, by + pad));
  gtk_snapshot_append_layout (snapshot, layout, &fg);
  gtk_snapshot_restore (snapshot);
}

static void
update_cursor (LsgPlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *name = NULL;

  if (self->dragging)
    name = "grabbing";
  else if (self->hover || !isnan (self->pointer_x))
    switch (lsg_figure_hit (self->figure, gtk_widget_get_width (widget),
                            gtk_widget_get_height (widget),
                            self->pointer_x, self->pointer_y, NULL))
      {
      case LSG_FIGURE_HIT_LEGEND:
        name = "pointer";
        break;
      case LSG_FIGURE_HIT_PLOT:
        name = "crosshair";
        break;
      case LSG_FIGURE_HIT_NONE:
      case LSG_FIGURE_HIT_X_AXIS:
      case LSG_FIGURE_HIT_Y_AXIS:
      default:
        break;
      }
  gtk_widget_set_cursor_from_name (widget, name);
}

void
_lsg_plot_hover (LsgPlot *self,
                 double   px,
                 double   py)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean was;

  g_return_if_fail (LSG_IS_PLOT (self));

  was = self->hover;
  self->hover = !isnan (px) && !isnan (py)
                && lsg_figure_hit (self->figure, gtk_widget_get_width (widget),
                                   gtk_widget_get_height (widget), px, py, NULL)
                   == LSG_FIGURE_HIT_PLOT;
  self->pointer_x = px;
  self->pointer_y = py;
  update_cursor (self);
  /* only the overlay changes: the cached node is kept */
  if (self->hover || was)
    gtk_widget_queue_draw (widget);
}

/* ---- Interaction ------------------------------------------------------ */

void
_lsg_plot_zoom (LsgPlot *self,
                double   px,
                double   py,
                double   factor_x,
                double   factor_y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  LsgRange x, y;
  double ax, ay;

  g_return_if_fail (LSG_IS_PLOT (self));

  lsg_figure_pixel_to_data (self->figure, gtk_widget_get_width (widget),
                            gtk_widget_get_height (widget), px, py, &ax, &ay);
  lsg_figure_get_view (self->figure, &x, &y);
  lsg_range_zoom (&x, FALSE, ax, factor_x);
  lsg_range_zoom (&y, lsg_figure_get_y_log (self->figure), ay, factor_y);
  _lsg_plot_user_set_view (self, &x, &y);
}

static void
pan_from (LsgPlot        *self,
          const LsgRange *x0,
          const LsgRange *y0,
          double          dx,
          double          dy)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double ax, ay, aw, ah;
  LsgRange x = *x0, y = *y0;

  lsg_figure_get_plot_area (self->figure, gtk_widget_get_width (widget),
                            gtk_widget_get_height (widget), &ax, &ay, &aw, &ah);
  if (aw <= 0 || ah <= 0)
    return;
  /* content follows the pointer: the view moves the other way (y is up) */
  lsg_range_pan (&x, FALSE, -dx / aw);
  lsg_range_pan (&y, lsg_figure_get_y_log (self->figure), dy / ah);
  _lsg_plot_user_set_view (self, &x, &y);
}

void
_lsg_plot_pan (LsgPlot *self,
               double   dx,
               double   dy)
{
  LsgRange x, y;

  g_return_if_fail (LSG_IS_PLOT (self));

  lsg_figure_get_view (self->figure, &x, &y);
  pan_from (self, &x, &y, dx, dy);
}

gboolean
_lsg_plot_click (LsgPlot *self,
                 double   px,
                 double   py,
                 int      n_press)
{
  GtkWidget *widget = GTK_WIDGET (self);
  LsgFigureHit hit;

  g_return_val_if_fail (LSG_IS_PLOT (self), FALSE);

  lsg_figure_hit (self->figure, gtk_widget_get_width (widget),
                  gtk_widget_get_height (widget), px, py, &hit);
  if (hit.kind == LSG_FIGURE_HIT_LEGEND)
    {
      if (n_press != 1)
        return FALSE;
      gboolean visible = !lsg_figure_series_get_visible (self->figure, hit.series);
      guint palette = lsg_figure_series_get_palette (self->figure, hit.series);

      lsg_plot_set_series_visible (self, hit.series, visible);
      /* the traces drawn in its colour but not named in the legend (ideal
       * SGD's dashed weight beside the circuit's) go with it */
      for (guint s = 0; s < lsg_figure_get_n_series (self->figure); s++)
        if ((int) s != hit.series && !lsg_figure_series_get_in_legend (self->figure, s)
            && lsg_figure_series_get_palette (self->figure, s) == palette)
          lsg_plot_set_series_visible (self, s, visible);
      return TRUE;
    }
  if (n_press == 2 && hit.kind != LSG_FIGURE_HIT_NONE)
    {
      lsg_plot_fit (self);
      return TRUE;
    }
  return FALSE;
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           LsgPlot                  *self)
{
  _lsg_plot_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *motion,
          LsgPlot                  *self)
{
  _lsg_plot_hover (self, NAN, NAN);
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           LsgPlot                  *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkModifierType state;
  double d = dy != 0 ? dy : dx;
  double factor, fx, fy;

  if (d == 0 || isnan (self->pointer_x))
    return FALSE;
  if (gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_SURFACE)
    d *= ZOOM_PER_PIXEL;
  factor = pow (ZOOM_STEP, -d);   /* scrolling up zooms in */
  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  fx = fy = factor;
  if (state & GDK_SHIFT_MASK)
    fy = 1;
  else if (state & GDK_CONTROL_MASK)
    fx = 1;

  switch (lsg_figure_hit (self->figure, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget),
                          self->pointer_x, self->pointer_y, NULL))
    {
    case LSG_FIGURE_HIT_X_AXIS:
      fy = 1;
      break;
    case LSG_FIGURE_HIT_Y_AXIS:
      fx = 1;
      break;
    case LSG_FIGURE_HIT_PLOT:
    case LSG_FIGURE_HIT_LEGEND:
      break;
    case LSG_FIGURE_HIT_NONE:
    default:
      return FALSE;
    }
  _lsg_plot_zoom (self, self->pointer_x, self->pointer_y, fx, fy);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *drag,
               double          x,
               double          y,
               LsgPlot        *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  LsgFigureHitKind kind = lsg_figure_hit (self->figure, gtk_widget_get_width (widget),
                                          gtk_widget_get_height (widget), x, y, NULL);

  /* a press on the legend is a click; outside the axes nothing to pan */
  if (kind == LSG_FIGURE_HIT_LEGEND || kind == LSG_FIGURE_HIT_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->dragging = FALSE;
  lsg_figure_get_view (self->figure, &self->drag_x, &self->drag_y);
}

static void
on_drag_update (GtkGestureDrag *drag,
                double          dx,
                double          dy,
                LsgPlot        *self)
{
  if (!self->dragging)
    {
      if (hypot (dx, dy) < DRAG_THRESHOLD)
        return;
      self->dragging = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_CLAIMED);
      update_cursor (self);
    }
  pan_from (self, &self->drag_x, &self->drag_y, dx, dy);
}

static void
on_drag_end (GtkGestureDrag *drag,
             double          dx,
             double          dy,
             LsgPlot        *self)
{
  if (!self->dragging)
    return;
  self->dragging = FALSE;
  update_cursor (self);
}

static void
on_pressed (GtkGestureClick *click,
            int              n_press,
            double           x,
            double           y,
            LsgPlot         *self)
{
  if (n_press == 2)
    _lsg_plot_click (self, x, y, 2);
}

static void
on_released (GtkGestureClick *click,
             int              n_press,
             double           x,
             double           y,
             LsgPlot         *self)
{
  if (n_press == 1 && !self->dragging)
    _lsg_plot_click (self, x, y, 1);
}

/* ---- Controllers ------------------------------------------------------ */

void
_lsg_plot_init_gestures (LsgPlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_pressed), self);
  g_signal_connect (gesture, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}
