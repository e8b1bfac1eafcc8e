/* lsg-explore-window.c: the Explore view. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-design-file.h"
#include "lsg-explore-figures.h"
#include "lsg-explore-window.h"
#include "lsg-export.h"
#include "lsg-map-figure.h"
#include "lsg-plot.h"

struct _LsgExploreWindow {
  GtkWindow       parent_instance;

  /* template widgets */
  GtkDropDown    *key1;
  GtkEntry       *range1;
  GtkCheckButton *use_axis2;
  GtkDropDown    *key2;
  GtkEntry       *range2;
  GtkSpinButton  *mc;
  GtkSpinButton  *threads;
  GtkWidget      *run_button;
  GtkWidget      *cancel_button;
  GtkProgressBar *progress;
  GtkLabel       *message;
  GtkDropDown    *fom_y;
  GtkEntry       *spec;
  GtkDropDown    *pareto_x;
  GtkDropDown    *pareto_y;
  GtkWidget      *export_button;
  GtkStack       *views;
  LsgPlot        *sweep_plot;
  GtkDrawingArea *map;
  LsgPlot        *mc_plot;
  LsgPlot        *pareto_plot;

  /* owned */
  LsgParams      *base;
  LsgSweep       *sweep;           /* the last finished sweep */
  GCancellable   *cancellable;
  GtkStringList  *keys;            /* numeric keys, "group.key" */
  GtkStringList  *foms;
  GArray         *pareto_index;    /* point index of each plotted Pareto point */
  LsgMapFigure   *map_figure;      /* the map of the last sweep, or NULL */
  gint64          t_start_us;
};

enum {
  POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LsgExploreWindow, lsg_explore_window, GTK_TYPE_WINDOW)

static const char *
selected_string (GtkDropDown *drop)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (drop);
  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
select_string (GtkDropDown *drop,
               const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (drop);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      if (g_str_equal (gtk_string_object_get_string (item), text))
        {
          gtk_drop_down_set_selected (drop, i);
          return;
        }
    }
}

/* A range around the base value: a decade each way for keys that span
 * decades, half each way for the others, within the key's range. */
static char *
default_range (LsgExploreWindow *self,
               const char       *path)
{
  const LsgKeySpec *spec = path != NULL ? lsg_sweep_axis_lookup (path) : NULL;
  double v, lo, hi;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  if (spec == NULL || self->base == NULL)
    return g_strdup ("");
  if (g_str_equal (path, LSG_SWEEP_LAMBDA_AXIS))
    {
      LsgSweepAxis axis = { .spec = spec, .kind = LSG_SWEEP_AXIS_LAMBDA };

      v = lsg_sweep_axis_base_value (&axis, self->base);
    }
  else
    v = lsg_params_get_number (self->base, spec);
  if ((spec->flags & LSG_KEY_FLAG_LOG) && v > 0)
    {
      lo = MAX (v / 10, spec->min > 0 ? spec->min : v / 10);
      hi = MIN (v * 10, spec->max);
      return g_strdup_printf ("%s:%s:16:log", g_ascii_formatd (a, sizeof a, "%.3g", lo),
                              g_ascii_formatd (b, sizeof b, "%.3g", hi));
    }
  lo = MAX (v - fabs (v) / 2, spec->min);
  hi = MIN (v + fabs (v) / 2 + (v == 0 ? 1 : 0), spec->max);
  if (spec->type != LSG_KEY_DOUBLE)
    {
      lo = ceil (lo);
      hi = floor (hi);
    }
  return g_strdup_printf ("%s:%s:11", g_ascii_formatd (a, sizeof a, "%.4g", lo),
                          g_ascii_formatd (b, sizeof b, "%.4g", hi));
}

static void
on_key1_changed (LsgExploreWindow *self)
{
  g_autofree char *range = default_range (self, selected_string (self->key1));
  gtk_editable_set_text (GTK_EDITABLE (self->range1), range);
}

static void
on_key2_changed (LsgExploreWindow *self)
{
  g_autofree char *range = default_range (self, selected_string (self->key2));
  gtk_editable_set_text (GTK_EDITABLE (self->range2), range);
}

static double
spec_value (LsgExploreWindow *self)
{
  char *end = NULL;
  double v = g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (self->spec)), &end);

  return end != NULL && *end == '\0' && isfinite (v) ? v : NAN;
}

/* -- the four views ------------------------------------------------------ */

/* Each plot shows its figure built whole from the sweep and the choices
 * made here; with nothing to show, the plot's series are removed. */
static void
show_figure (LsgPlot   *plot,
             LsgFigure *fig)
{
  if (fig != NULL)
    lsg_plot_set_figure (plot, fig);
  else
    lsg_plot_clear_series (plot);
}

/* Along one axis: the figure (median of the chips with their 5th and 95th
 * percentiles as a band when there is a Monte Carlo), the design point
 * marked, the specification as a line. */
static void
show_sweep (LsgExploreWindow *self)
{
  const char *fom = selected_string (self->fom_y);

  if (self->sweep == NULL || fom == NULL)
    show_figure (self->sweep_plot, NULL);
  else
    show_figure (self->sweep_plot,
                 lsg_explore_sweep_figure_new (self->sweep, fom, spec_value (self)));
}

/* The map's cells (median over chips) are computed when the sweep or
 * the figure changes, not on every frame. */
static void
update_map (LsgExploreWindow *self)
{
  const char *fom = selected_string (self->fom_y);

  g_clear_pointer (&self->map_figure, lsg_map_figure_free);
  if (self->sweep == NULL || lsg_sweep_get_n_axes (self->sweep) < 2 || fom == NULL)
    return;
  self->map_figure = lsg_map_figure_new (self->sweep, fom, spec_value (self));
}

/* The 2-D map, drawn by the renderer the figure export uses, in the
 * widget's colours. */
static void
draw_map (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  LsgExploreWindow *self = data;
  LsgFigureStyle style;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  if (self->map_figure == NULL)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (GTK_WIDGET (area),
                                        "A map needs two swept keys: switch on the second axis and run.");
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, (width - w) / 2.0, (height - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
      return;
    }
  lsg_figure_style_init_default (&style);
  style.fg[0] = fg.red;
  style.fg[1] = fg.green;
  style.fg[2] = fg.blue;
  style.fg[3] = fg.alpha;
  /* the window's own background shows through */
  style.fill_background = FALSE;
  if (fg.red + fg.green + fg.blue > 1.5)
    {
      style.bg[0] = style.bg[1] = style.bg[2] = 0.15;
    }
  lsg_map_figure_render (cr, self->map_figure, width, height, &style);
}

/* Monte Carlo: a histogram of the figure over every chip, and the yield
 * against the specification. */
static void
show_mc (LsgExploreWindow *self)
{
  const char *fom = selected_string (self->fom_y);

  if (self->sweep == NULL || fom == NULL)
    show_figure (self->mc_plot, NULL);
  else
    show_figure (self->mc_plot, lsg_explore_mc_figure_new (self->sweep, fom, spec_value (self)));
}

/* Any two figures over every point, the non-dominated front as a line;
 * the points are kept to find the one clicked. */
static void
show_pareto (LsgExploreWindow *self)
{
  const char *fx = selected_string (self->pareto_x);
  const char *fy = selected_string (self->pareto_y);
  g_autofree guint *points = NULL;
  guint n_points = 0;

  g_array_set_size (self->pareto_index, 0);
  if (self->sweep == NULL || fx == NULL || fy == NULL)
    {
      show_figure (self->pareto_plot, NULL);
      return;
    }
  show_figure (self->pareto_plot,
               lsg_explore_pareto_figure_new (self->sweep, fx, fy, &points, &n_points));
  if (n_points > 0)
    g_array_append_vals (self->pareto_index, points, n_points);
}

static void
show_all (LsgExploreWindow *self)
{
  show_sweep (self);
  show_mc (self);
  show_pareto (self);
  update_map (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->map));
}

/* -- running ------------------------------------------------------------ */

typedef struct {
  LsgExploreWindow *self;
  guint             done;
  guint             total;
  double            eta_s;
} ProgressUpdate;

static gboolean
apply_progress (gpointer data)
{
  ProgressUpdate *u = data;
  g_autofree char *text = NULL;

  if (u->total > 0)
    gtk_progress_bar_set_fraction (u->self->progress, (double) u->done / u->total);
  text = isnan (u->eta_s) ? g_strdup_printf ("%u of %u points", u->done, u->total)
                          : g_strdup_printf ("%u of %u points, %.0f s left", u->done, u->total, u->eta_s);
  gtk_progress_bar_set_text (u->self->progress, text);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  ProgressUpdate *u = data;
  g_object_unref (u->self);
  g_free (u);
}

/* Called on the sweep's thread: forwarded to the main loop. */
static void
on_progress (guint    done,
             guint    total,
             double   eta_s,
             gpointer user_data)
{
  ProgressUpdate *u = g_new0 (ProgressUpdate, 1);

  u->self = g_object_ref (user_data);
  u->done = done;
  u->total = total;
  u->eta_s = eta_s;
  g_idle_add_full (G_PRIORITY_DEFAULT, apply_progress, u, progress_free);
}

typedef struct {
  LsgSweep *sweep;
  guint     threads;
} SweepJob;

static void
sweep_job_free (SweepJob *job)
{
  g_clear_pointer (&job->sweep, lsg_sweep_free);
  g_free (job);
}

static void
sweep_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  SweepJob *job = data;
  GError *error = NULL;

  if (!lsg_sweep_run (job->sweep, job->threads, 1, 1, on_progress, source, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_running (LsgExploreWindow *self,
             gboolean          running)
{
  gtk_widget_set_sensitive (self->run_button, !running);
  gtk_widget_set_sensitive (self->cancel_button, running);
}

static void
sweep_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  LsgExploreWindow *self = LSG_EXPLORE_WINDOW (source);
  SweepJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  set_running (self, FALSE);
  g_clear_object (&self->cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_label (self->message, error->message);
      return;
    }
  g_clear_pointer (&self->sweep, lsg_sweep_free);
  self->sweep = g_steal_pointer (&job->sweep);
  text = g_strdup_printf ("%u points in %.1f s; %u failed (their rows say why)",
                          lsg_sweep_get_n_points (self->sweep),
                          (g_get_monotonic_time () - self->t_start_us) * 1e-6,
                          lsg_sweep_get_n_failed (self->sweep));
  gtk_label_set_label (self->message, text);
  gtk_progress_bar_set_fraction (self->progress, 1.0);
  show_all (self);
  if (lsg_sweep_get_n_axes (self->sweep) >= 2)
    gtk_stack_set_visible_child_name (self->views, "map");
  else if (lsg_sweep_get_n_axes (self->sweep) == 0)
    gtk_stack_set_visible_child_name (self->views, "mc");
}

void
lsg_explore_window_run (LsgExploreWindow *self)
{
  LsgSweepAxis axes[2];
  guint n_axes = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  SweepJob *job;
  LsgSweep *sweep;

  if (self->cancellable != NULL)
    return;
  for (guint a = 0; a < 2; a++)
    {
      GtkDropDown *key = a == 0 ? self->key1 : self->key2;
      GtkEntry *range = a == 0 ? self->range1 : self->range2;
      g_autofree char *text = NULL;

      if (a == 1 && !gtk_check_button_get_active (self->use_axis2))
        break;
      /* no first range: a Monte Carlo at the design point itself */
      if (a == 0 && gtk_editable_get_text (GTK_EDITABLE (range))[0] == '\0')
        break;
      text = g_strdup_printf ("%s=%s", selected_string (key), gtk_editable_get_text (GTK_EDITABLE (range)));
      if (!lsg_sweep_axis_parse (text, &axes[n_axes], &error))
        {
          gtk_label_set_label (self->message, error->message);
          return;
        }
      n_axes++;
    }
  sweep = lsg_sweep_new (self->base, axes, n_axes, gtk_spin_button_get_value_as_int (self->mc), &error);
  if (sweep == NULL)
    {
      gtk_label_set_label (self->message, error->message);
      return;
    }
  job = g_new0 (SweepJob, 1);
  job->sweep = sweep;
  job->threads = gtk_spin_button_get_value_as_int (self->threads);
  self->cancellable = g_cancellable_new ();
  self->t_start_us = g_get_monotonic_time ();
  task = g_task_new (self, self->cancellable, sweep_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) sweep_job_free);
  g_task_run_in_thread (task, sweep_thread);
  set_running (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_label_set_label (self->message, "");
}

static void
on_cancel (LsgExploreWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
lsg_explore_window_is_running (LsgExploreWindow *self)
{
  return self->cancellable != NULL;
}

/* -- picking a point ------------------------------------------------------ */

void
lsg_explore_window_activate_point (LsgExploreWindow *self,
                                   guint             index)
{
  g_autoptr(LsgParams) params = NULL;

  if (self->sweep == NULL || index >= lsg_sweep_get_n_points (self->sweep))
    return;
  params = lsg_sweep_point_params (self->sweep, index);
  g_signal_emit (self, signals[POINT_ACTIVATED], 0, params);
}

static void
on_pareto_pressed (GtkGestureClick  *click,
                   int               n_press,
                   double            px,
                   double            py,
                   LsgExploreWindow *self)
{
  LsgFigure *fig = lsg_plot_get_figure (self->pareto_plot);
  int w = gtk_widget_get_width (GTK_WIDGET (self->pareto_plot));
  int h = gtk_widget_get_height (GTK_WIDGET (self->pareto_plot));
  const char *fx = selected_string (self->pareto_x);
  const char *fy = selected_string (self->pareto_y);
  double best = 12 * 12;    /* within 12 px */
  gint found = -1;

  if (self->sweep == NULL || n_press != 1)
    return;
  for (guint i = 0; i < self->pareto_index->len; i++)
    {
      guint k = g_array_index (self->pareto_index, guint, i);
      double sx, sy;

      lsg_figure_data_to_pixel (fig, w, h, lsg_sweep_result_value (self->sweep, k, fx),
                                lsg_sweep_result_value (self->sweep, k, fy), &sx, &sy);
      if ((sx - px) * (sx - px) + (sy - py) * (sy - py) < best)
        {
          best = (sx - px) * (sx - px) + (sy - py) * (sy - py);
          found = k;
        }
    }
  if (found >= 0)
    {
      g_autofree char *text = g_strdup_printf ("Point %d loaded into the main window", found);

      lsg_explore_window_activate_point (self, found);
      gtk_label_set_label (self->message, text);
    }
}

/* -- export -------------------------------------------------------------- */

/* The map as a figure, IEEE double column, as logsgd export --figure map
 * writes it: the design point inside, the sweep's CSV beside it. */
static gboolean
export_map (LsgExploreWindow  *self,
            const char        *path,
            GError           **error)
{
  LsgExportOptions options;
  g_autofree char *design = NULL;
  g_autofree char *csv = NULL;

  if (self->map_figure == NULL)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_DATA,
                   "There is no map: run a sweep over two keys");
      return FALSE;
    }
  lsg_export_options_init (&options);
  options.data = TRUE;
  if (!lsg_export_parse_size ("ieee-double", 1, &options.width_pt, &options.height_pt, error))
    return FALSE;
  design = lsg_params_to_data (lsg_sweep_get_base (self->sweep), NULL);
  csv = lsg_sweep_to_csv (self->sweep, 1, 1);
  return lsg_map_figure_write (self->map_figure, &options, path, design, csv, error);
}

gboolean
lsg_explore_window_export_plot (LsgExploreWindow  *self,
                                const char        *page,
                                const char        *path,
                                GError           **error)
{
  LsgPlot *plot;
  LsgFigure *fig;
  LsgExportOptions options;
  g_autofree char *design = NULL;

  if (g_str_equal (page, "map"))
    return export_map (self, path, error);
  plot = g_str_equal (page, "pareto") ? self->pareto_plot
         : g_str_equal (page, "mc") ? self->mc_plot : self->sweep_plot;
  fig = lsg_plot_get_figure (plot);
  design = lsg_params_to_data (self->base, NULL);
  lsg_export_options_init (&options);
  /* the Pareto plot's series have different x: its data is the sweep */
  options.data = plot != self->pareto_plot;
  if (!lsg_export_parse_size ("ieee-single", 1, &options.width_pt, &options.height_pt, error)
      || !lsg_export_write (&fig, 1, &options, path, design, error))
    return FALSE;
  if (plot == self->pareto_plot && self->sweep != NULL)
    {
      const char *dot = strrchr (path, '.');
      g_autofree char *base = dot != NULL ? g_strndup (path, dot - path) : g_strdup (path);
      g_autofree char *csv_path = g_strdup_printf ("%s.csv", base);
      g_autofree char *csv = lsg_sweep_to_csv (self->sweep, 1, 1);

      return g_file_set_contents (csv_path, csv, -1, error);
    }
  return TRUE;
}

static void
on_export_response (GtkNativeDialog  *chooser,
                    int               response,
                    LsgExploreWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        gtk_label_set_label (self->message, "Plots are exported to local files only.");
      else if (!lsg_explore_window_export_plot (self, gtk_stack_get_visible_child_name (self->views),
                                                path, &error))
        gtk_label_set_label (self->message, error->message);
      else
        gtk_label_set_label (self->message, "Exported, with its data as CSV beside it");
    }
  g_object_unref (chooser);
}

static void
on_export_clicked (LsgExploreWindow *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new ("Export This Plot", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "explore.pdf");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* -- public ---------------------------------------------------------------- */

void
lsg_explore_window_set_base (LsgExploreWindow *self,
                             const LsgParams  *base)
{
  lsg_params_free (self->base);
  self->base = lsg_params_copy (base);
}

gboolean
lsg_explore_window_set_axis (LsgExploreWindow *self,
                             guint             axis,
                             const char       *key,
                             const char       *range)
{
  GtkDropDown *drop = axis == 1 ? self->key1 : self->key2;
  GtkEntry *entry = axis == 1 ? self->range1 : self->range2;

  select_string (drop, key);
  if (g_strcmp0 (selected_string (drop), key) != 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (entry), range);
  if (axis == 2)
    gtk_check_button_set_active (self->use_axis2, TRUE);
  return TRUE;
}

void
lsg_explore_window_set_mc (LsgExploreWindow *self,
                           guint             chips)
{
  gtk_spin_button_set_value (self->mc, chips);
}

LsgSweep *
lsg_explore_window_get_sweep (LsgExploreWindow *self)
{
  return self->sweep;
}

GtkWidget *
lsg_explore_window_get_plot (LsgExploreWindow *self,
                             const char       *name)
{
  if (g_str_equal (name, "sweep"))
    return GTK_WIDGET (self->sweep_plot);
  if (g_str_equal (name, "mc"))
    return GTK_WIDGET (self->mc_plot);
  if (g_str_equal (name, "pareto"))
    return GTK_WIDGET (self->pareto_plot);
  if (g_str_equal (name, "map"))
    return GTK_WIDGET (self->map);
  return NULL;
}

static void
lsg_explore_window_dispose (GObject *object)
{
  LsgExploreWindow *self = LSG_EXPLORE_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (lsg_explore_window_parent_class)->dispose (object);
}

static void
lsg_explore_window_finalize (GObject *object)
{
  LsgExploreWindow *self = LSG_EXPLORE_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sweep, lsg_sweep_free);
  lsg_params_free (self->base);
  g_clear_object (&self->keys);
  g_clear_object (&self->foms);
  g_array_unref (self->pareto_index);
  g_clear_pointer (&self->map_figure, lsg_map_figure_free);
  G_OBJECT_CLASS (lsg_explore_window_parent_class)->finalize (object);
}

static void
lsg_explore_window_class_init (LsgExploreWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsg_explore_window_dispose;
  object_class->finalize = lsg_explore_window_finalize;

  /* a design point picked on a plot, for the main window to load */
  signals[POINT_ACTIVATED] = g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_POINTER);

  g_type_ensure (LSG_TYPE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logsgd/Explorer/lsg-explore-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, key1);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, range1);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, use_axis2);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, key2);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, range2);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, mc);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, threads);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, message);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, fom_y);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, spec);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, pareto_x);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, pareto_y);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, views);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, sweep_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, map);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, mc_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgExploreWindow, pareto_plot);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lsg_explore_window_init (LsgExploreWindow *self)
{
  guint n_specs, n_names;
  const LsgKeySpec *specs = lsg_key_specs (&n_specs);
  const char *const *names = lsg_sweep_figure_names (&n_names);
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->pareto_index = g_array_new (FALSE, FALSE, sizeof (guint));

  self->keys = gtk_string_list_new (NULL);
  for (guint s = 0; s < n_specs; s++)
    if (specs[s].type == LSG_KEY_DOUBLE || specs[s].type == LSG_KEY_UINT || specs[s].type == LSG_KEY_UINT64)
      {
        g_autofree char *path = g_strdup_printf ("%s.%s", specs[s].group, specs[s].key);
        gtk_string_list_append (self->keys, path);
      }
  /* the derived axis: lambda set through I_lambda at each point's I_eta */
  gtk_string_list_append (self->keys, LSG_SWEEP_LAMBDA_AXIS);
  gtk_drop_down_set_model (self->key1, G_LIST_MODEL (self->keys));
  gtk_drop_down_set_model (self->key2, G_LIST_MODEL (self->keys));

  self->foms = gtk_string_list_new (NULL);
  for (guint i = 0; i < n_names; i++)
    gtk_string_list_append (self->foms, names[i]);
  gtk_drop_down_set_model (self->fom_y, G_LIST_MODEL (self->foms));
  gtk_drop_down_set_model (self->pareto_x, G_LIST_MODEL (self->foms));
  gtk_drop_down_set_model (self->pareto_y, G_LIST_MODEL (self->foms));
  select_string (self->fom_y, "rel_mse_pct");
  select_string (self->pareto_x, "energy_to_converge_j");
  select_string (self->pareto_y, "rel_mse_pct");
  gtk_spin_button_set_value (self->threads, g_get_num_processors ());

  g_signal_connect_swapped (self->key1, "notify::selected", G_CALLBACK (on_key1_changed), self);
  g_signal_connect_swapped (self->key2, "notify::selected", G_CALLBACK (on_key2_changed), self);
  g_signal_connect_swapped (self->run_button, "clicked", G_CALLBACK (lsg_explore_window_run), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  g_signal_connect_swapped (self->fom_y, "notify::selected", G_CALLBACK (show_all), self);
  g_signal_connect_swapped (self->pareto_x, "notify::selected", G_CALLBACK (show_all), self);
  g_signal_connect_swapped (self->pareto_y, "notify::selected", G_CALLBACK (show_all), self);
  g_signal_connect_swapped (self->spec, "changed", G_CALLBACK (show_all), self);
  gtk_drawing_area_set_draw_func (self->map, draw_map, self, NULL);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pareto_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->pareto_plot), GTK_EVENT_CONTROLLER (click));
}

LsgExploreWindow *
lsg_explore_window_new (GtkWindow       *parent,
                        const LsgParams *base)
{
  LsgExploreWindow *self = g_object_new (LSG_TYPE_EXPLORE_WINDOW, "transient-for", parent, NULL);

  lsg_explore_window_set_base (self, base);
  select_string (self->key1, "circuit.i_eta");
  select_string (self->key2, LSG_SWEEP_LAMBDA_AXIS);
  on_key1_changed (self);
  on_key2_changed (self);
  return self;
}
