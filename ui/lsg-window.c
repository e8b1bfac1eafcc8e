/* lsg-window.c: the explorer's main window: its widgets, controls and live
 * plots.  Its figures of merit are in lsg-window-strip.c, its actions,
 * files and dialogs in lsg-window-actions.c, the design point it edits in
 * an LsgDesignDocument. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-export.h"
#include "lsg-param-row.h"
#include "lsg-plot-math.h"
#include "lsg-run-figures.h"
#include "lsg-schematic.h"
#include "lsg-tech.h"
#include "lsg-ui.h"
#include "lsg-window-private.h"

G_DEFINE_FINAL_TYPE (LsgWindow, lsg_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIVE,
  PROP_SIDEBAR_VISIBLE,
  PROP_INSIDE_VISIBLE,
  PROP_COST_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where each key's control goes; keys not listed go to their group's box. */
static const struct {
  const char *path;
  const char *section;
} placement[] = {
  /* the topology first, the schematic under it (lsg-window.ui) */
  { "circuit.storage", "topology" },
  { "circuit.readout", "topology" },
  { "circuit.i_q", "device" },
  { "circuit.i_eta", "learning" },
  { "circuit.i_lambda", "learning" },
  { "circuit.c_w", "device" },
  { "circuit.i_unit", "device" },
  { "circuit.i_cm", "device" },
  { "circuit.i_init", "device" },
  { "circuit.kappa", "device" },
  { "circuit.i_spec", "device" },
  { "circuit.v_t0", "device" },
  { "circuit.v_dd", "device" },
  { "circuit.temperature", "device" },
  { "circuit.i_eta_ptat", "device" },
  { "circuit.e_max", "device" },
  { "nonideal.device_area", "device" },
  { "nonideal.a_vt", "device" },
  { "nonideal.dac_bits", "converters" },
  { "nonideal.adc_bits", "converters" },
  { "nonideal.adc_range", "converters" },
};

static GtkBox *
section_box (LsgWindow        *self,
             const LsgKeySpec *spec)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", spec->group, spec->key);
  const char *section = spec->group;

  for (guint i = 0; i < G_N_ELEMENTS (placement); i++)
    if (g_str_equal (placement[i].path, path))
      section = placement[i].section;

  if (g_str_equal (section, "learning"))
    return self->learning_box;
  if (g_str_equal (section, "topology"))
    return self->topology_box;
  if (g_str_equal (section, "device") || g_str_equal (section, "circuit"))
    return self->device_box;
  if (g_str_equal (section, "converters"))
    return self->converters_box;
  if (g_str_equal (section, "nonideal"))
    return self->nonideal_box;
  if (g_str_equal (section, "dataset"))
    return self->dataset_box;
  if (g_str_equal (section, "training"))
    return self->training_box;
  return self->tech_box;
}

/* -- cost --------------------------------------------------------------- */

/* Weights of the point: known from the run on display, else from the
 * synthetic task's shape (a CSV point waits for its first run). */
static guint
expected_weights (LsgWindow *self)
{
  if (self->n_weights > 0 && lsg_runner_get_trajectory (self->runner) != NULL)
    return self->n_weights;
  return self->params->inputs + (self->params->bias_input ? 1 : 0);
}

static void
update_cost (LsgWindow *self)
{
  const LsgSummary *summary = lsg_runner_get_summary (self->runner);
  const LsgParams *shown = lsg_runner_get_display_params (self->runner);
  gboolean same = summary != NULL && shown != NULL && lsg_params_equal (shown, self->params);

  /* the last run's currents and convergence time describe this point only
   * if it was this point; otherwise the estimate takes its defaults */
  lsg_cost_panel_update (self->cost_panel, self->params, expected_weights (self),
                         same ? summary->mean_cell_current_a : NAN,
                         same ? summary->t_converge_s : NAN);
}

static void
on_technology_selected (LsgWindow  *self,
                        const char *name)
{
  g_autoptr(LsgParams) next = lsg_params_copy (self->params);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (name, self->params->tech_preset) == 0)
    return;
  if (g_str_equal (name, "none"))
    {
      g_free (next->tech_preset);
      next->tech_preset = g_strdup ("none");
    }
  else if (!lsg_tech_apply (next, name, &error))
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  lsg_window_set_params (self, next, NULL);
}

/* -- plots ------------------------------------------------------------ */

/* The design point of the run on display, else the one being edited. */
static const LsgParams *
shown_params (LsgWindow *self)
{
  const LsgParams *shown = lsg_runner_get_display_params (self->runner);

  return shown != NULL ? shown : self->params;
}

/* A run figure, as export draws it, in a plot with the window's titles. */
static void
setup_plot (LsgPlot         *plot,
            LsgRunFigure     kind,
            const LsgParams *params,
            const double    *w_star,
            guint            n_weights)
{
  lsg_run_figure_setup (lsg_plot_get_figure (plot), kind, params, w_star, n_weights, FALSE);
  lsg_plot_figure_changed (plot);
}

static void
setup_series (LsgWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const LsgFigure *weights;
  const double *w_star;
  guint n;

  w_star = lsg_runner_get_w_star (self->runner, &n);
  self->n_weights = n;
  setup_plot (self->weights_plot, LSG_RUN_FIGURE_WEIGHTS, self->params, w_star, n);
  setup_plot (self->loss_plot, LSG_RUN_FIGURE_LOSS, self->params, w_star, n);
  setup_plot (self->current_plot, LSG_RUN_FIGURE_CURRENTS, shown_params (self), w_star, n);
  setup_plot (self->voltage_plot, LSG_RUN_FIGURE_VOLTAGES, shown_params (self), w_star, n);
  /* the weights' names as the weights plot has them (series 2i) */
  weights = lsg_plot_get_figure (self->weights_plot);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (names, lsg_figure_series_get_name (weights, 2 * i));
  /* one capacitor: its V sets both halves through the loop */
  lsg_plot_set_title (self->voltage_plot,
                      shown_params (self)->storage == LSG_STORAGE_CLASS_AB
                        ? "Capacitor voltage V" : "Capacitor voltages");

  /* a new run of the same task keeps the weight looked at: the new
   * model's selection of 0 is not the user's choice */
  if (self->inside_weight >= n)
    self->inside_weight = 0;
  self->choosing_weight++;
  gtk_drop_down_set_model (self->weight_choice, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->weight_choice, self->inside_weight);
  self->choosing_weight--;

  self->shown_rows = 0;
  self->ic_max = 0;
  self->mse_num = self->mse_den = 0;
}

static void
append_plot (LsgPlot       *plot,
             LsgRunFigure   kind,
             LsgWindow     *self,
             LsgTrajectory *traj,
             guint          first,
             guint          last)
{
  lsg_run_figure_append (lsg_plot_get_figure (plot), kind, traj, shown_params (self),
                         self->inside_weight, first, last);
  lsg_plot_figure_changed (plot);
}

/* Appends rows [first, last) of the trajectory to the plots. */
static void
append_rows (LsgWindow     *self,
             LsgTrajectory *traj,
             guint          first,
             guint          last,
             gboolean       inside_only)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);

  if (last <= first)
    return;
  /* inside of one weight: currents and the voltages they imply */
  append_plot (self->current_plot, LSG_RUN_FIGURE_CURRENTS, self, traj, first, last);
  append_plot (self->voltage_plot, LSG_RUN_FIGURE_VOLTAGES, self, traj, first, last);
  if (inside_only)
    return;
  append_plot (self->weights_plot, LSG_RUN_FIGURE_WEIGHTS, self, traj, first, last);
  append_plot (self->loss_plot, LSG_RUN_FIGURE_LOSS, self, traj, first, last);

  /* running figures while the run goes on */
  for (guint k = first; k < last; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);

      for (guint i = 0; i < self->n_weights; i++)
        {
          self->ic_max = fmax (self->ic_max, fmax (row[l->i_plus + i], row[l->i_minus + i]) / self->params->i_spec);
          if (row[LSG_COL_PHASE] == LSG_PHASE_TRAIN)
            {
              double d = row[l->w + i] - row[l->ref + i];
              self->mse_num += d * d;
              self->mse_den += row[l->ref + i] * row[l->ref + i];
            }
        }
    }
}

static void
on_run_started (LsgWindow *self)
{
  setup_series (self);
  _lsg_window_update_figures (self);
  _lsg_window_update_derived (self);
}

static void
on_rows_added (LsgWindow *self)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  guint n = lsg_trajectory_get_n_rows (traj);

  append_rows (self, traj, self->shown_rows, n, FALSE);
  self->shown_rows = n;
  _lsg_window_update_derived (self);
  _lsg_window_update_figures (self);
  _lsg_window_update_status (self);
}

static void
on_finished (LsgWindow *self)
{
  on_rows_added (self);
  update_cost (self);
}

/* A live retune reached the chip: the ridge optimum moves with lambda,
 * and the cost panel describes the point now in force. */
static void
on_retuned (LsgWindow *self)
{
  const double *w_star;
  guint n;

  w_star = lsg_runner_get_w_star (self->runner, &n);
  if (w_star != NULL && n == self->n_weights)
    {
      g_autofree guint *colors = g_new (guint, n);

      for (guint i = 0; i < n; i++)
        colors[i] = i;
      lsg_plot_set_edge_markers (self->weights_plot, w_star, colors, n, "ridge optimum w*");
    }
  else
    lsg_plot_set_edge_markers (self->weights_plot, NULL, NULL, 0, NULL);
  update_cost (self);
}

static void
on_failed (LsgWindow  *self,
           const char *message)
{
  _lsg_window_update_status (self);
}

static void
on_state_changed (LsgWindow *self)
{
  _lsg_window_update_status (self);
}

static void
on_weight_choice_changed (LsgWindow *self)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  guint pos = gtk_drop_down_get_selected (self->weight_choice);

  if (self->choosing_weight > 0 || pos == GTK_INVALID_LIST_POSITION
      || pos == self->inside_weight || traj == NULL)
    return;
  self->inside_weight = pos;
  for (guint s = 0; s < lsg_plot_get_n_series (self->current_plot); s++)
    lsg_plot_set_series_data (self->current_plot, s, NULL, NULL, 0);
  for (guint s = 0; s < lsg_plot_get_n_series (self->voltage_plot); s++)
    lsg_plot_set_series_data (self->voltage_plot, s, NULL, NULL, 0);
  append_rows (self, traj, 0, self->shown_rows, TRUE);
  lsg_plot_fit (self->current_plot);
  lsg_plot_fit (self->voltage_plot);
}

/* -- controls --------------------------------------------------------- */

static void
update_rows (LsgWindow *self)
{
  GHashTableIter iter;
  gpointer row;
  gboolean csv = self->params->dataset_kind == LSG_DATASET_CSV;
  gboolean class_ab = self->params->storage == LSG_STORAGE_CLASS_AB;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      const char *path = lsg_param_row_get_path (row);
      gboolean relevant = TRUE;

      lsg_param_row_update (row, self->params);
      /* grey out what the chosen kind of data set ignores */
      if (g_str_equal (path, "dataset.csv") || g_str_equal (path, "dataset.target")
          || g_str_equal (path, "dataset.scale"))
        relevant = csv;
      else if (g_str_equal (path, "dataset.inputs") || g_str_equal (path, "dataset.samples")
               || g_str_equal (path, "dataset.noise"))
        relevant = !csv;
      /* class_ab's halves start from I_Q and w_init and need no
       * common-mode current; only it has an I_Q */
      else if (g_str_equal (path, "circuit.i_cm") || g_str_equal (path, "circuit.i_init"))
        relevant = !class_ab;
      if (g_str_equal (path, "circuit.i_q"))
        gtk_widget_set_visible (GTK_WIDGET (row), class_ab);
      gtk_widget_set_sensitive (GTK_WIDGET (row), relevant);
    }
  lsg_schematic_set_params (self->schematic, self->params);
}

/* The data file's header, read on a worker thread (a file on a slow disk
 * never stalls the window); only the newest request is shown. */
static void
header_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char **header = lsg_dataset_csv_header (data, &error);

  if (header == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, header, (GDestroyNotify) g_strfreev);
}

static void
header_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LsgWindow *self = LSG_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) header = g_task_propagate_pointer (G_TASK (result), &error);
  LsgParamRow *row;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  row = g_hash_table_lookup (self->rows, "dataset.target");
  if (row == NULL)
    return;
  lsg_param_row_set_choices (row, (const char * const *) header);
  lsg_param_row_update (row, self->params);
  if (error != NULL)
    lsg_param_row_set_error (g_hash_table_lookup (self->rows, "dataset.csv"), error->message);
}

static void
refresh_target_choices (LsgWindow *self)
{
  LsgParamRow *row = g_hash_table_lookup (self->rows, "dataset.target");
  g_autofree char *path = lsg_params_resolve_csv (self->params);
  g_autoptr(GTask) task = NULL;

  if (row == NULL)
    return;
  if (self->header_cancellable != NULL)
    g_cancellable_cancel (self->header_cancellable);
  g_clear_object (&self->header_cancellable);
  if (self->explore != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->explore), (gpointer *) &self->explore);
  self->explore = NULL;
  if (path == NULL)
    {
      lsg_param_row_set_choices (row, NULL);
      lsg_param_row_update (row, self->params);
      return;
    }
  self->header_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->header_cancellable, header_done, NULL);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, header_thread);
}

static void
on_param_changed (LsgWindow   *self,
                  const char  *text,
                  LsgParamRow *row)
{
  g_autoptr(LsgParams) next = lsg_params_copy (self->params);
  g_autoptr(GError) error = NULL;
  const char *path = lsg_param_row_get_path (row);

  /* messages name the control, not a command-line option */
  if (!lsg_params_set_from_text (next, lsg_param_row_get_spec (row), text, "This value", &error)
      || !lsg_params_validate (next, "this design point", &error))
    {
      /* refused: the row says why and what is allowed; nothing runs */
      lsg_param_row_set_error (row, error->message);
      return;
    }
  if (lsg_params_equal (next, self->params))
    {
      /* nothing new (a slider settling on the value it shows): no re-run */
      lsg_param_row_update (row, self->params);
      return;
    }
  lsg_design_document_set_params (self->document, next);
  /* one key changed: its row, and where the kind of data set decides
   * which rows matter, all of them */
  if (g_str_equal (path, "dataset.kind") || g_str_equal (path, "circuit.storage"))
    update_rows (self);
  else
    lsg_param_row_update (row, self->params);
  lsg_schematic_set_params (self->schematic, self->params);
  if (g_str_equal (path, "dataset.csv"))
    refresh_target_choices (self);
  _lsg_window_update_derived (self);
  lsg_runner_set_params (self->runner, self->params);
  update_cost (self);
}

/* The wheel scrolls the controls, never the slider or spin button that
 * happens to be under the pointer: handled before the children see it. */
static gboolean
on_sidebar_scroll (GtkEventControllerScroll *controller,
                   double                    dx,
                   double                    dy,
                   LsgWindow                *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->sidebar));
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);
  double step = unit == GDK_SCROLL_UNIT_WHEEL ? 48.0 : 1.0;
  double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  gtk_adjustment_set_value (adj, CLAMP (gtk_adjustment_get_value (adj) + dy * step,
                                        gtk_adjustment_get_lower (adj), upper));
  return GDK_EVENT_STOP;
}

static void
build_controls (LsgWindow *self)
{
  guint n;
  const LsgKeySpec *specs = lsg_key_specs (&n);

  for (guint s = 0; s < n; s++)
    {
      LsgParamRow *row = lsg_param_row_new (&specs[s]);

      gtk_box_append (section_box (self, &specs[s]), GTK_WIDGET (row));
      g_hash_table_insert (self->rows, g_strdup (lsg_param_row_get_path (row)), row);
      g_signal_connect_swapped (row, "value-changed", G_CALLBACK (on_param_changed), self);
    }
}

static void
build_presets_menu (LsgWindow *self)
{
  const char *const *names = lsg_params_preset_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *label = lsg_params_preset_get_title (names[i]);
      g_autofree char *action = g_strdup_printf ("win.preset('%s')", names[i]);

      g_menu_append (self->presets_section, label != NULL ? label : names[i], action);
    }
}

/* -- public ------------------------------------------------------------ */

/* The document replaced its point: what the window borrows follows. */
static void
on_document_changed (LsgWindow *self)
{
  self->params = lsg_design_document_get_params (self->document);
}

void
lsg_window_set_params (LsgWindow       *self,
                       const LsgParams *params,
                       const char      *source)
{
  g_return_if_fail (LSG_IS_WINDOW (self));

  /* a new point from outside (a preset, a file) is the clean state */
  if (source != NULL)
    lsg_design_document_reset (self->document, params, source);
  else
    lsg_design_document_set_params (self->document, params);
  _lsg_window_apply_params (self);
}

void
_lsg_window_apply_params (LsgWindow *self)
{
  refresh_target_choices (self);
  update_rows (self);
  _lsg_window_update_derived (self);
  lsg_runner_set_params (self->runner, self->params);
  update_cost (self);
}

const LsgParams *
lsg_window_get_params (LsgWindow *self)
{
  return self->params;
}

gboolean
lsg_window_is_modified (LsgWindow *self)
{
  return lsg_design_document_get_modified (self->document);
}

const char *
lsg_window_get_file (LsgWindow *self)
{
  return lsg_design_document_get_path (self->document);
}

LsgDesignDocument *
lsg_window_get_document (LsgWindow *self)
{
  g_return_val_if_fail (LSG_IS_WINDOW (self), NULL);

  return self->document;
}

LsgRunner *
lsg_window_get_runner (LsgWindow *self)
{
  return self->runner;
}

GtkWidget *
lsg_window_get_param_row (LsgWindow  *self,
                          const char *path)
{
  return g_hash_table_lookup (self->rows, path);
}

GtkWidget *
lsg_window_get_cost_panel (LsgWindow *self)
{
  return GTK_WIDGET (self->cost_panel);
}

GtkWidget *
lsg_window_get_plot (LsgWindow  *self,
                     const char *name)
{
  if (g_str_equal (name, "weights"))
    return GTK_WIDGET (self->weights_plot);
  if (g_str_equal (name, "loss"))
    return GTK_WIDGET (self->loss_plot);
  if (g_str_equal (name, "current"))
    return GTK_WIDGET (self->current_plot);
  if (g_str_equal (name, "voltage"))
    return GTK_WIDGET (self->voltage_plot);
  return NULL;
}

guint
lsg_window_get_inside_weight (LsgWindow *self)
{
  return self->inside_weight;
}

void
lsg_window_set_inside_weight (LsgWindow *self,
                              guint      weight)
{
  GListModel *names;

  g_return_if_fail (LSG_IS_WINDOW (self));

  /* as if picked in the drop-down */
  names = gtk_drop_down_get_model (self->weight_choice);
  if (names != NULL && weight < g_list_model_get_n_items (names))
    gtk_drop_down_set_selected (self->weight_choice, weight);
}

GtkWidget *
lsg_window_get_schematic (LsgWindow *self)
{
  return GTK_WIDGET (self->schematic);
}

GtkWidget *
lsg_window_get_figure_label (LsgWindow  *self,
                             const char *name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } labels[] = {
    { "strip", G_STRUCT_OFFSET (LsgWindow, fom_strip) },
    { "mse", G_STRUCT_OFFSET (LsgWindow, mse_label) },
    { "enob", G_STRUCT_OFFSET (LsgWindow, enob_label) },
    { "ridge", G_STRUCT_OFFSET (LsgWindow, ridge_label) },
    { "converge", G_STRUCT_OFFSET (LsgWindow, converge_label) },
    { "common-mode", G_STRUCT_OFFSET (LsgWindow, cm_label) },
    { "status", G_STRUCT_OFFSET (LsgWindow, status_label) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, name))
      return G_STRUCT_MEMBER (GtkWidget *, self, labels[i].offset);
  return NULL;
}

/* -- GObject ------------------------------------------------------------ */

static void
lsg_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LsgWindow *self = LSG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_SIDEBAR_VISIBLE:
      g_value_set_boolean (value, self->sidebar != NULL && gtk_widget_get_visible (self->sidebar));
      break;
    case PROP_INSIDE_VISIBLE:
      g_value_set_boolean (value, self->inside_box != NULL && gtk_widget_get_visible (self->inside_box));
      break;
    case PROP_COST_VISIBLE:
      g_value_set_boolean (value, self->cost_panel != NULL
                                  && gtk_widget_get_visible (GTK_WIDGET (self->cost_panel)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LsgWindow *self = LSG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      if (self->live != g_value_get_boolean (value))
        {
          self->live = g_value_get_boolean (value);
          lsg_runner_set_live (self->runner, self->live);
          _lsg_window_update_status (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SIDEBAR_VISIBLE:
      if (gtk_widget_get_visible (self->sidebar) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (self->sidebar, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_INSIDE_VISIBLE:
      if (gtk_widget_get_visible (self->inside_box) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (self->inside_box, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_COST_VISIBLE:
      if (gtk_widget_get_visible (GTK_WIDGET (self->cost_panel)) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->cost_panel), g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
lsg_window_close_request (GtkWindow *window)
{
  if (_lsg_window_confirm_close (LSG_WINDOW (window)))
    return TRUE;
  return GTK_WINDOW_CLASS (lsg_window_parent_class)->close_request (window);
}

static void
lsg_window_dispose (GObject *object)
{
  LsgWindow *self = LSG_WINDOW (object);

  if (self->budget_cancellable != NULL)
    g_cancellable_cancel (self->budget_cancellable);
  g_clear_object (&self->budget_cancellable);
  if (self->header_cancellable != NULL)
    g_cancellable_cancel (self->header_cancellable);
  g_clear_object (&self->header_cancellable);
  if (self->runner != NULL)
    {
      /* a live or paused run would otherwise go on for the whole session */
      lsg_runner_shutdown (self->runner);
      g_signal_handlers_disconnect_by_data (self->runner, self);
    }
  g_clear_object (&self->runner);
  if (self->settings != NULL)
    {
      static const char *const bound[] = {
        "default-width", "default-height", "maximized", "sidebar-visible", "inside-visible",
        "cost-visible"
      };

      for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
        g_settings_unbind (self, bound[i]);
    }
  g_clear_object (&self->settings);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  self->params = NULL;
  /* GtkWindow unparents its own child and title bar */
  self->sidebar = self->inside_box = NULL;
  self->cost_panel = NULL;
  G_OBJECT_CLASS (lsg_window_parent_class)->dispose (object);
}

static void
lsg_window_finalize (GObject *object)
{
  LsgWindow *self = LSG_WINDOW (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  G_OBJECT_CLASS (lsg_window_parent_class)->finalize (object);
}

static void
lsg_window_class_init (LsgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsg_window_dispose;
  object_class->finalize = lsg_window_finalize;
  object_class->get_property = lsg_window_get_property;
  object_class->set_property = lsg_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = lsg_window_close_request;

  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIDEBAR_VISIBLE] =
    g_param_spec_boolean ("sidebar-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSIDE_VISIBLE] =
    g_param_spec_boolean ("inside-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COST_VISIBLE] =
    g_param_spec_boolean ("cost-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LSG_TYPE_PLOT);
  g_type_ensure (LSG_TYPE_COST_PANEL);
  g_type_ensure (LSG_TYPE_SCHEMATIC);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logsgd/Explorer/lsg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, learning_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, topology_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, device_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, nonideal_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, converters_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, dataset_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, training_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, tech_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, eta_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, lambda_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, tau_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, ic_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, retention_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, mse_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, enob_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, ridge_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, converge_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, cm_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, fom_strip);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, schematic);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_button);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_popover);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_grid);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_status);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, weights_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, current_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, voltage_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, inside_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, weight_choice);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, cost_panel);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, presets_section);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, recent_section);

  _lsg_window_class_install_actions (widget_class);
  gtk_widget_class_install_property_action (widget_class, "win.live", "live");
  gtk_widget_class_install_property_action (widget_class, "win.sidebar-visible", "sidebar-visible");
  gtk_widget_class_install_property_action (widget_class, "win.inside-visible", "inside-visible");
  gtk_widget_class_install_property_action (widget_class, "win.cost-visible", "cost-visible");
  /* Space is a widget-class binding, not an application accelerator:
   * those run before the focused widget and would eat the spaces typed
   * into entries ("2.5 nA", file paths). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.run-pause", NULL);
}

static void
lsg_window_init (LsgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->document = lsg_design_document_new ();
  self->params = lsg_design_document_get_params (self->document);
  g_signal_connect_swapped (self->document, "changed", G_CALLBACK (on_document_changed), self);
  /* the title bar names the point and marks it modified */
  g_object_bind_property (self->document, "title", self->subtitle, "label", G_BINDING_SYNC_CREATE);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->runner = lsg_runner_new ();
  g_signal_connect_swapped (self->runner, "run-started", G_CALLBACK (on_run_started), self);
  g_signal_connect_swapped (self->runner, "rows-added", G_CALLBACK (on_rows_added), self);
  g_signal_connect_swapped (self->runner, "retuned", G_CALLBACK (on_retuned), self);
  g_signal_connect_swapped (self->runner, "finished", G_CALLBACK (on_finished), self);
  g_signal_connect_swapped (self->runner, "failed", G_CALLBACK (on_failed), self);
  g_signal_connect_swapped (self->runner, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect_swapped (self->weight_choice, "notify::selected",
                            G_CALLBACK (on_weight_choice_changed), self);
  _lsg_window_actions_init (self);
  g_signal_connect_swapped (self->cost_panel, "technology-selected",
                            G_CALLBACK (on_technology_selected), self);

  build_controls (self);
  build_presets_menu (self);
  {
    GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

    gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
    g_signal_connect (scroll, "scroll", G_CALLBACK (on_sidebar_scroll), self);
    gtk_widget_add_controller (self->sidebar, scroll);
  }

  self->settings = lsg_ui_settings_new ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "sidebar-visible", self, "sidebar-visible", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "inside-panel-visible", self, "inside-visible", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "cost-panel-visible", self, "cost-visible", G_SETTINGS_BIND_DEFAULT);
    }

  _lsg_window_rebuild_recent_menu (self);
  {
    g_autoptr(LsgParams) paper = lsg_params_new_default ();
    lsg_window_set_params (self, paper, "paper preset");
  }
  _lsg_window_update_figures (self);
  _lsg_window_update_status (self);
}

LsgWindow *
lsg_window_new (GtkApplication *app)
{
  return g_object_new (LSG_TYPE_WINDOW, "application", app, NULL);
}
