/* lsg-plot.c: the plot widget: its figure, properties and API, style
 * and invalidation, size and snapshot.
 *
 * Frame path: a data, view or style change marks the picture stale; an
 * idle callback right after the current dispatch lays out and decimates
 * (not the snapshot) and starts drawing the figure off the UI thread
 * (lsg-plot-render.c).  The snapshot shows the newest picture, with the
 * hover (lsg-plot-gestures.c) on top of it.
 */
#include "lsg-config.h"

#include <math.h>

#include "lsg-plot-private.h"

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
    _lsg_plot_start_render (self);
  return G_SOURCE_REMOVE;
}

/* Something the figure shows changed: the picture is stale; prepare and
 * draw it once the current dispatch ends (several changes in one
 * dispatch cost one), and redraw. */
void
_lsg_plot_invalidate (LsgPlot *self)
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
  _lsg_plot_invalidate (self);
}

/* A view chosen by the user: it stays until a fit. */
void
_lsg_plot_user_set_view (LsgPlot        *self,
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
  _lsg_plot_invalidate (self);
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

/* ---- GtkWidget -------------------------------------------------------- */

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

  /* the very first picture: drawn here once, so nothing shows empty */
  if (self->texture == NULL)
    _lsg_plot_render_now (self, w, h);
  else if (!self->texture_current)
    _lsg_plot_start_render (self);

  /* a picture of another size is stretched until the new one arrives */
  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->hover)
    _lsg_plot_snapshot_hover (self, snapshot, w, h);
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
  self->figure = lsg_figure_new ();
  self->render_cancellable = g_cancellable_new ();
  self->auto_fit = TRUE;
  self->pointer_x = self->pointer_y = NAN;
  _lsg_plot_init_gestures (self);
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
  _lsg_plot_invalidate (self);
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
  _lsg_plot_invalidate (self);
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
  _lsg_plot_invalidate (self);
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
  _lsg_plot_invalidate (self);
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
  _lsg_plot_invalidate (self);
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
  _lsg_plot_invalidate (self);
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
  _lsg_plot_invalidate (self);
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

  _lsg_plot_user_set_view (self, &x, &y);
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
  _lsg_plot_invalidate (self);

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
