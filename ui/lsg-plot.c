/* lsg-plot.c: the plot widget.
 *
 * Frame path: a data, view or style change marks the picture stale; an
 * idle callback right after the current dispatch lays out and decimates
 * (not the snapshot).  The figure itself is drawn off the UI thread: a copy
 * holding only the decimated polylines goes to a GTask that draws it into
 * an image, and the texture is swapped in when it is ready.  Until then
 * the snapshot shows the previous picture, so a frame never waits for
 * cairo.  The hover is made of GSK nodes on top of the texture.
 */
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

struct _LsgPlot
{
  GtkWidget       parent_instance;

  /* owned */
  LsgFigure      *figure;
  GdkTexture     *texture;           /* the figure, without the hover */
  gboolean        texture_current;   /* shows the figure as it is now */
  GCancellable   *render_cancellable;
  gboolean        render_running;
  LsgFigureStyle  style;
  char           *font_family;       /* style.font_family points here */
  gboolean        have_style;
  guint           prepare_id;           /* the pending prepare_idle */

  guint           n_static_renders;
  guint           n_figures;            /* figures replaced so far */
  gboolean        auto_fit;

  gboolean        hover;
  double          pointer_x;
  double          pointer_y;

  gboolean        dragging;
  gboolean        drag_on_legend;
  LsgRange        drag_x;
  LsgRange        drag_y;
};

G_DEFINE_FINAL_TYPE (LsgPlot, lsg_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_X_UNIT,
  PROP_Y_UNIT,
  PROP_Y_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  VIEW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Style ------------------------------------------------------------ */

/* The figure style from the widget's CSS and font; TRUE if it changed. */
static gboolean
refresh_style (LsgPlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *desc = pango_context_get_font_description (pango);
  LsgFigureStyle style;
  GdkRGBA fg, bg;
  const char *family = NULL;
  double size = 14.0;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "window_bg_color", &bg)
      && !gtk_style_context_lookup_color (context, "theme_bg_color", &bg))
    {
      /* no theme colour: the opposite of the text */
      float v = 0.2126f * fg.red + 0.7152f * fg.green + 0.0722f * fg.blue > 0.5f ? 0.14f : 1.0f;

      bg = (GdkRGBA) { v, v, v, 1 };
    }

  if (desc != NULL)
    {
      double dpi = pango_cairo_context_get_resolution (pango);

      family = pango_font_description_get_family (desc);
      size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;
      /* points at the context's resolution to pixels */
      if (!pango_font_description_get_size_is_absolute (desc))
        size *= (dpi > 0 ? dpi : 96.0) / 72.0;
      if (!(size > 0))
        size = 14.0;
    }

  lsg_figure_style_init_default (&style);
  style.fg[0] = fg.red;
  style.fg[1] = fg.green;
  style.fg[2] = fg.blue;
  style.fg[3] = fg.alpha;
  style.bg[0] = bg.red;
  style.bg[1] = bg.green;
  style.bg[2] = bg.blue;
  style.bg[3] = bg.alpha;
  style.font_family = family;
  style.font_size = size;
  style.columns_per_unit = gtk_widget_get_scale_factor (widget);
  style.fill_background = FALSE;

  if (self->have_style && lsg_figure_style_equal (&style, &self->style))
    return FALSE;

  g_free (self->font_family);
  self->font_family = g_strdup (family);
  self->style = style;
  self->style.font_family = self->font_family;
  self->have_style = TRUE;
  return TRUE;
}

/* ---- Invalidation ----------------------------------------------------- */

void
_lsg_plot_prepare (LsgPlot *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_if_fail (LSG_IS_PLOT (self));

  if (refresh_style (self))
    self->texture_current = FALSE;
  if (w > 0 && h > 0)
    lsg_figure_prepare (self->figure, w, h, &self->style);
}

static void start_render (LsgPlot *self);

/* Prepares (lays out, decimates) and sends the figure to be drawn as soon
 * as the current dispatch ends, ahead of the next frame: the picture is
 * ready a frame earlier than if the frame itself noticed the change. */
static gboolean
prepare_idle (gpointer data)
{
  LsgPlot *self = LSG_PLOT (data);

  self->prepare_id = 0;
  _lsg_plot_prepare (self);
  if (!self->texture_current && self->texture != NULL)
    start_render (self);
  return G_SOURCE_REMOVE;
}

/* Something the figure shows changed: the picture is stale; prepare and
 * draw it once the current dispatch ends (several changes in one
 * dispatch cost one), and redraw. */
static void
invalidate (LsgPlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->texture_current = FALSE;
  if (self->prepare_id == 0 && gtk_widget_get_mapped (widget))
    self->prepare_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, prepare_idle, self, NULL);
  gtk_widget_queue_draw (widget);
}

static void
data_changed (LsgPlot *self)
{
  if (self->auto_fit)
    lsg_figure_fit_view (self->figure);
  invalidate (self);
}

/* A view chosen by the user: it stays until a fit. */
static void
user_set_view (LsgPlot        *self,
               const LsgRange *x,
               const LsgRange *y)
{
  LsgRange ox, oy, nx, ny;

  lsg_figure_get_view (self->figure, &ox, &oy);
  self->auto_fit = FALSE;
  lsg_figure_set_view (self->figure, x, y);
  lsg_figure_get_view (self->figure, &nx, &ny);
  if (ox.lo == nx.lo && ox.hi == nx.hi && oy.lo == ny.lo && oy.hi == ny.hi)
    return;
  invalidate (self);
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

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

static void
snapshot_hover (LsgPlot     *self,
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
  user_set_view (self, &x, &y);
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
  user_set_view (self, &x, &y);
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
      lsg_plot_set_series_visible (self, hit.series,
                                   !lsg_figure_series_get_visible (self->figure, hit.series));
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

/* ---- GtkWidget -------------------------------------------------------- */

/* ---- Drawing off the UI thread ------------------------------------------ */

typedef struct {
  LsgFigure      *copy;
  LsgFigureStyle  style;
  char           *font_family;
  int             width;
  int             height;
  int             scale;
  guint           figure;          /* which figure: a new one restarts generations */
  guint64         generation;
  GdkTexture     *texture;         /* the result */
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  lsg_figure_free (job->copy);
  g_free (job->font_family);
  g_clear_object (&job->texture);
  g_free (job);
}

static RenderJob *
render_job_new (LsgPlot *self,
                int      width,
                int      height)
{
  RenderJob *job = g_new0 (RenderJob, 1);

  job->copy = lsg_figure_copy_prepared (self->figure, width, height, &self->style);
  job->style = self->style;
  job->font_family = g_strdup (self->style.font_family);
  job->style.font_family = job->font_family;
  job->width = width;
  job->height = height;
  job->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  job->figure = self->n_figures;
  job->generation = lsg_figure_get_generation (self->figure);
  return job;
}

/* Draws the figure into an image and wraps it as a texture; runs in any
 * thread (the copy is the job's own). */
static void
render_job_draw (RenderJob *job)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *bytes;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        job->width * job->scale, job->height * job->scale);
  cairo_surface_set_device_scale (surface, job->scale, job->scale);
  cr = cairo_create (surface);
  lsg_figure_render (cr, job->copy, job->width, job->height, &job->style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* cairo's ARGB32 is GDK's default premultiplied memory format */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface)
                                        * cairo_image_surface_get_height (surface),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  job->texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                         cairo_image_surface_get_height (surface),
                                         GDK_MEMORY_DEFAULT, bytes,
                                         cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  render_job_draw (data);
  g_task_return_boolean (task, TRUE);
}

static gboolean
job_is_current (LsgPlot         *self,
                const RenderJob *job)
{
  return job->figure == self->n_figures
         && job->generation == lsg_figure_get_generation (self->figure)
         && job->width == gtk_widget_get_width (GTK_WIDGET (self))
         && job->height == gtk_widget_get_height (GTK_WIDGET (self))
         && job->scale == gtk_widget_get_scale_factor (GTK_WIDGET (self))
         && lsg_figure_style_equal (&job->style, &self->style);
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LsgPlot *self = LSG_PLOT (source);
  RenderJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL)
      || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->render_running = FALSE;
  /* the newest picture there is, even if the figure moved on meanwhile */
  g_set_object (&self->texture, job->texture);
  self->n_static_renders++;
  self->texture_current = job_is_current (self, job);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (!self->texture_current && gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_render (self);
}

/* One render at a time: changes during a render are picked up when it
 * ends, so a burst of appends costs one render, not one each. */
static void
start_render (LsgPlot *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  g_autoptr(GTask) task = NULL;

  if (self->render_running || w <= 0 || h <= 0)
    return;
  self->render_running = TRUE;
  task = g_task_new (self, self->render_cancellable, render_done, NULL);
  g_task_set_task_data (task, render_job_new (self, w, h), (GDestroyNotify) render_job_free);
  g_task_set_name (task, "[lsg] plot render");
  g_task_run_in_thread (task, render_thread);
}

static void
lsg_plot_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  LsgPlot *self = LSG_PLOT (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  if (w <= 0 || h <= 0)
    return;
  if (refresh_style (self))
    self->texture_current = FALSE;

  if (self->texture == NULL)
    {
      /* the very first picture: drawn here once, so nothing shows empty */
      RenderJob *job = render_job_new (self, w, h);

      render_job_draw (job);
      self->texture = g_object_ref (job->texture);
      self->texture_current = TRUE;
      self->n_static_renders++;
      render_job_free (job);
    }
  else if (!self->texture_current)
    start_render (self);

  /* a picture of another size is stretched until the new one arrives */
  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->hover)
    snapshot_hover (self, snapshot, w, h);
}

static void
lsg_plot_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  LsgPlot *self = LSG_PLOT (widget);

  self->texture_current = FALSE;
  _lsg_plot_prepare (self);
}

static void
lsg_plot_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 320;
    }
}

static void
lsg_plot_unmap (GtkWidget *widget)
{
  LsgPlot *self = LSG_PLOT (widget);

  g_clear_handle_id (&self->prepare_id, g_source_remove);
  self->hover = FALSE;
  GTK_WIDGET_CLASS (lsg_plot_parent_class)->unmap (widget);
}

/* ---- GObject ---------------------------------------------------------- */

static void
lsg_plot_dispose (GObject *object)
{
  LsgPlot *self = LSG_PLOT (object);

  g_clear_handle_id (&self->prepare_id, g_source_remove);
  /* a render in flight holds the widget; its result is dropped */
  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (lsg_plot_parent_class)->dispose (object);
}

static void
lsg_plot_finalize (GObject *object)
{
  LsgPlot *self = LSG_PLOT (object);

  g_clear_pointer (&self->figure, lsg_figure_free);
  g_clear_pointer (&self->font_family, g_free);
  g_clear_object (&self->render_cancellable);

  G_OBJECT_CLASS (lsg_plot_parent_class)->finalize (object);
}

static void
lsg_plot_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LsgPlot *self = LSG_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, lsg_plot_get_title (self));
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, lsg_plot_get_x_label (self));
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, lsg_plot_get_y_label (self));
      break;
    case PROP_X_UNIT:
      g_value_set_string (value, lsg_plot_get_x_unit (self));
      break;
    case PROP_Y_UNIT:
      g_value_set_string (value, lsg_plot_get_y_unit (self));
      break;
    case PROP_Y_LOG:
      g_value_set_boolean (value, lsg_plot_get_y_log (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_plot_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LsgPlot *self = LSG_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      lsg_plot_set_title (self, g_value_get_string (value));
      break;
    case PROP_X_LABEL:
      lsg_plot_set_x_label (self, g_value_get_string (value));
      break;
    case PROP_Y_LABEL:
      lsg_plot_set_y_label (self, g_value_get_string (value));
      break;
    case PROP_X_UNIT:
      lsg_plot_set_x_unit (self, g_value_get_string (value));
      break;
    case PROP_Y_UNIT:
      lsg_plot_set_y_unit (self, g_value_get_string (value));
      break;
    case PROP_Y_LOG:
      lsg_plot_set_y_log (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_plot_class_init (LsgPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsg_plot_dispose;
  object_class->finalize = lsg_plot_finalize;
  object_class->get_property = lsg_plot_get_property;
  object_class->set_property = lsg_plot_set_property;

  widget_class->snapshot = lsg_plot_snapshot;
  widget_class->size_allocate = lsg_plot_size_allocate;
  widget_class->measure = lsg_plot_measure;
  widget_class->unmap = lsg_plot_unmap;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_X_LABEL] =
    g_param_spec_string ("x-label", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_LABEL] =
    g_param_spec_string ("y-label", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_X_UNIT] =
    g_param_spec_string ("x-unit", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_UNIT] =
    g_param_spec_string ("y-unit", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_LOG] =
    g_param_spec_boolean ("y-log", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user zoomed, panned or fitted (or set_view / fit was called);
   * not emitted while the view follows growing data.  For linked axes. */
  signals[VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lsg_plot_init (LsgPlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->figure = lsg_figure_new ();
  self->render_cancellable = g_cancellable_new ();
  self->auto_fit = TRUE;
  self->pointer_x = self->pointer_y = NAN;

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

/* ---- Public API ------------------------------------------------------- */

GtkWidget *
lsg_plot_new (void)
{
  return g_object_new (LSG_TYPE_PLOT, NULL);
}

void
lsg_plot_set_title (LsgPlot    *self,
                    const char *title)
{
  g_return_if_fail (LSG_IS_PLOT (self));

  if (title == NULL)
    title = "";
  if (g_strcmp0 (lsg_figure_get_title (self->figure), title) == 0)
    return;
  lsg_figure_set_title (self->figure, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
lsg_plot_get_title (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), NULL);
  return lsg_figure_get_title (self->figure);
}

/* Sets one of the four axis strings; which: 0 x label, 1 x unit,
 * 2 y label, 3 y unit. */
static void
set_axis_string (LsgPlot    *self,
                 guint       which,
                 const char *value,
                 guint       prop)
{
  LsgFigure *fig = self->figure;
  const char *xl = lsg_figure_get_x_label (fig), *xu = lsg_figure_get_x_unit (fig);
  const char *yl = lsg_figure_get_y_label (fig), *yu = lsg_figure_get_y_unit (fig);
  const char *current[4] = { xl, xu, yl, yu };
  g_autofree char *copy = NULL;

  if (value == NULL)
    value = "";
  if (g_strcmp0 (current[which], value) == 0)
    return;
  copy = g_strdup (value);
  if (which < 2)
    {
      g_autofree char *keep = g_strdup (which == 0 ? xu : xl);

      lsg_figure_set_x_axis (fig, which == 0 ? copy : keep, which == 1 ? copy : keep);
    }
  else
    {
      g_autofree char *keep = g_strdup (which == 2 ? yu : yl);

      lsg_figure_set_y_axis (fig, which == 2 ? copy : keep, which == 3 ? copy : keep);
    }
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
lsg_plot_set_x_label (LsgPlot    *self,
                      const char *label)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  set_axis_string (self, 0, label, PROP_X_LABEL);
}

const char *
lsg_plot_get_x_label (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), NULL);
  return lsg_figure_get_x_label (self->figure);
}

void
lsg_plot_set_x_unit (LsgPlot    *self,
                     const char *unit)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  set_axis_string (self, 1, unit, PROP_X_UNIT);
}

const char *
lsg_plot_get_x_unit (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), NULL);
  return lsg_figure_get_x_unit (self->figure);
}

void
lsg_plot_set_y_label (LsgPlot    *self,
                      const char *label)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  set_axis_string (self, 2, label, PROP_Y_LABEL);
}

const char *
lsg_plot_get_y_label (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), NULL);
  return lsg_figure_get_y_label (self->figure);
}

void
lsg_plot_set_y_unit (LsgPlot    *self,
                     const char *unit)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  set_axis_string (self, 3, unit, PROP_Y_UNIT);
}

const char *
lsg_plot_get_y_unit (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), NULL);
  return lsg_figure_get_y_unit (self->figure);
}

void
lsg_plot_set_y_log (LsgPlot  *self,
                    gboolean  y_log)
{
  g_return_if_fail (LSG_IS_PLOT (self));

  y_log = !!y_log;
  if (lsg_figure_get_y_log (self->figure) == y_log)
    return;
  lsg_figure_set_y_log (self->figure, y_log);
  /* a linear view means nothing on a log axis and back: refit y */
  if (self->auto_fit)
    lsg_figure_fit_view (self->figure);
  else
    {
      LsgRange keep_x, y;

      lsg_figure_get_view (self->figure, &keep_x, NULL);
      lsg_figure_fit_view (self->figure);
      lsg_figure_get_view (self->figure, NULL, &y);
      lsg_figure_set_view (self->figure, &keep_x, &y);
    }
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LOG]);
}

gboolean
lsg_plot_get_y_log (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), FALSE);
  return lsg_figure_get_y_log (self->figure);
}

guint
lsg_plot_add_series (LsgPlot      *self,
                     const char   *name,
                     guint         palette_index,
                     LsgLineStyle  style,
                     gboolean      in_legend)
{
  guint index_;

  g_return_val_if_fail (LSG_IS_PLOT (self), 0);

  index_ = lsg_figure_add_series (self->figure, name, palette_index, style, in_legend);
  invalidate (self);
  return index_;
}

guint
lsg_plot_get_n_series (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), 0);
  return lsg_figure_get_n_series (self->figure);
}

guint
lsg_plot_get_series_n_points (LsgPlot *self,
                              guint    series)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), 0);
  g_return_val_if_fail (series < lsg_figure_get_n_series (self->figure), 0);

  return (guint) lsg_figure_series_get_data (self->figure, series, NULL, NULL);
}

void
lsg_plot_set_series_data (LsgPlot      *self,
                          guint         series,
                          const double *x,
                          const double *y,
                          guint         n)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  g_return_if_fail (series < lsg_figure_get_n_series (self->figure));

  lsg_figure_series_set_data (self->figure, series, x, y, n);
  data_changed (self);
}

void
lsg_plot_append_series_data (LsgPlot      *self,
                             guint         series,
                             const double *x,
                             const double *y,
                             guint         n)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  g_return_if_fail (series < lsg_figure_get_n_series (self->figure));

  if (n == 0)
    return;
  lsg_figure_series_append (self->figure, series, x, y, n);
  data_changed (self);
}

void
lsg_plot_set_series_visible (LsgPlot  *self,
                             guint     series,
                             gboolean  visible)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  g_return_if_fail (series < lsg_figure_get_n_series (self->figure));

  if (lsg_figure_series_get_visible (self->figure, series) == !!visible)
    return;
  lsg_figure_series_set_visible (self->figure, series, visible);
  data_changed (self);
}

gboolean
lsg_plot_get_series_visible (LsgPlot *self,
                             guint    series)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), FALSE);
  g_return_val_if_fail (series < lsg_figure_get_n_series (self->figure), FALSE);

  return lsg_figure_series_get_visible (self->figure, series);
}

void
lsg_plot_set_series_marker (LsgPlot  *self,
                            guint     series,
                            gboolean  marker)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  g_return_if_fail (series < lsg_figure_get_n_series (self->figure));

  lsg_figure_series_set_marker (self->figure, series, marker);
  invalidate (self);
}

void
lsg_plot_clear_series (LsgPlot *self)
{
  g_return_if_fail (LSG_IS_PLOT (self));

  lsg_figure_clear_series (self->figure);
  data_changed (self);
}

void
lsg_plot_set_span (LsgPlot    *self,
                   double      x0,
                   double      x1,
                   const char *label)
{
  g_return_if_fail (LSG_IS_PLOT (self));

  lsg_figure_set_span (self->figure, x0, x1, label);
  invalidate (self);
}

void
lsg_plot_set_edge_markers (LsgPlot      *self,
                           const double *y,
                           const guint  *palette_index,
                           guint         n,
                           const char   *label)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  g_return_if_fail (n == 0 || (y != NULL && palette_index != NULL));

  lsg_figure_set_edge_markers (self->figure, y, palette_index, n, label);
  data_changed (self);
}

void
lsg_plot_set_hline (LsgPlot    *self,
                    double      y,
                    const char *label)
{
  g_return_if_fail (LSG_IS_PLOT (self));

  lsg_figure_set_hline (self->figure, y, label);
  data_changed (self);
}

void
lsg_plot_fit (LsgPlot *self)
{
  LsgRange ox, oy, nx, ny;

  g_return_if_fail (LSG_IS_PLOT (self));

  self->auto_fit = TRUE;
  lsg_figure_get_view (self->figure, &ox, &oy);
  lsg_figure_fit_view (self->figure);
  lsg_figure_get_view (self->figure, &nx, &ny);
  if (ox.lo == nx.lo && ox.hi == nx.hi && oy.lo == ny.lo && oy.hi == ny.hi)
    return;
  invalidate (self);
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

gboolean
lsg_plot_get_auto_fit (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), FALSE);
  return self->auto_fit;
}

void
lsg_plot_get_view (LsgPlot *self,
                   double  *x0,
                   double  *x1,
                   double  *y0,
                   double  *y1)
{
  LsgRange x, y;

  g_return_if_fail (LSG_IS_PLOT (self));

  lsg_figure_get_view (self->figure, &x, &y);
  if (x0 != NULL)
    *x0 = x.lo;
  if (x1 != NULL)
    *x1 = x.hi;
  if (y0 != NULL)
    *y0 = y.lo;
  if (y1 != NULL)
    *y1 = y.hi;
}

void
lsg_plot_set_view (LsgPlot *self,
                   double   x0,
                   double   x1,
                   double   y0,
                   double   y1)
{
  LsgRange x = { x0, x1 }, y = { y0, y1 };

  g_return_if_fail (LSG_IS_PLOT (self));

  user_set_view (self, &x, &y);
}

LsgFigure *
lsg_plot_get_figure (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), NULL);
  return self->figure;
}

void
lsg_plot_figure_changed (LsgPlot *self)
{
  g_return_if_fail (LSG_IS_PLOT (self));
  data_changed (self);
}

void
lsg_plot_set_figure (LsgPlot   *self,
                     LsgFigure *fig)
{
  static const guint props[] = {
    PROP_TITLE, PROP_X_LABEL, PROP_X_UNIT, PROP_Y_LABEL, PROP_Y_UNIT,
  };
  LsgFigure *old;
  const char *was[G_N_ELEMENTS (props)], *now[G_N_ELEMENTS (props)];
  gboolean y_log;
  LsgRange ox, oy, nx, ny;

  g_return_if_fail (LSG_IS_PLOT (self));
  g_return_if_fail (fig != NULL);

  if (fig == self->figure)
    {
      lsg_plot_figure_changed (self);
      return;
    }
  old = self->figure;
  was[0] = lsg_figure_get_title (old);
  was[1] = lsg_figure_get_x_label (old);
  was[2] = lsg_figure_get_x_unit (old);
  was[3] = lsg_figure_get_y_label (old);
  was[4] = lsg_figure_get_y_unit (old);
  y_log = lsg_figure_get_y_log (old);
  lsg_figure_get_view (old, &ox, &oy);

  self->figure = fig;
  self->n_figures++;
  self->auto_fit = TRUE;
  lsg_figure_fit_view (fig);
  lsg_figure_get_view (fig, &nx, &ny);
  now[0] = lsg_figure_get_title (fig);
  now[1] = lsg_figure_get_x_label (fig);
  now[2] = lsg_figure_get_x_unit (fig);
  now[3] = lsg_figure_get_y_label (fig);
  now[4] = lsg_figure_get_y_unit (fig);
  if (g_strcmp0 (was[0], now[0]) != 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, now[0],
                                    -1);
  invalidate (self);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    if (g_strcmp0 (was[i], now[i]) != 0)
      g_object_notify_by_pspec (G_OBJECT (self), properties[props[i]]);
  if (y_log != lsg_figure_get_y_log (fig))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LOG]);
  /* the old strings are compared above: free it only now */
  lsg_figure_free (old);
  g_object_thaw_notify (G_OBJECT (self));
  if (ox.lo != nx.lo || ox.hi != nx.hi || oy.lo != ny.lo || oy.hi != ny.hi)
    g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

gboolean
_lsg_plot_is_picture_current (LsgPlot *self)
{
  return !self->render_running && self->texture_current;
}

guint
_lsg_plot_get_n_static_renders (LsgPlot *self)
{
  g_return_val_if_fail (LSG_IS_PLOT (self), 0);
  return self->n_static_renders;
}
