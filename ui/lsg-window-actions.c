/* lsg-window-actions.c: the window's actions (run, step, reset, presets,
 * open, save, export, copy, explore), the prompts and file dialogs they
 * open, and the error budget popover. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-explore-window.h"
#include "lsg-export.h"
#include "lsg-export-dialog.h"
#include "lsg-metrics.h"
#include "lsg-run-figures.h"
#include "lsg-window-private.h"

typedef void (*AfterPrompt) (LsgWindow *self,
                             gpointer   data);
static void confirm_discard (LsgWindow      *self,
                             AfterPrompt     then,
                             gpointer        data,
                             GDestroyNotify  destroy);

/* -- run controls -------------------------------------------------------- */

static void
run_pause_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  lsg_runner_toggle (LSG_WINDOW (widget)->runner);
}

static void
step_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  lsg_runner_step_epoch (LSG_WINDOW (widget)->runner);
}

static void
reset_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  lsg_runner_reset (LSG_WINDOW (widget)->runner);
}

static void
budget_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (LSG_WINDOW (widget)->budget_button));
}

static void
fit_plots_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);

  lsg_plot_fit (self->weights_plot);
  lsg_plot_fit (self->loss_plot);
  lsg_plot_fit (self->current_plot);
  lsg_plot_fit (self->voltage_plot);
}

static void
load_preset (LsgWindow *self,
             gpointer   data)
{
  const char *name = data;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;

  params = lsg_params_new_preset (name, &error);
  if (params == NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  source = g_strdup_printf ("%s preset", name);
  lsg_window_set_params (self, params, source);
}

static void
preset_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  confirm_discard (LSG_WINDOW (widget), load_preset, g_variant_dup_string (param, NULL), g_free);
}

/* -- design-point files ------------------------------------------------ */

#define MAX_RECENT 8

void
_lsg_window_rebuild_recent_menu (LsgWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_section);
  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
}

static void
remember_file (LsgWindow  *self,
               const char *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;
  old = g_settings_get_strv (self->settings, "recent-files");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) recent);
  g_settings_set_string (self->settings, "last-design-point", path);
  _lsg_window_rebuild_recent_menu (self);
}

/* Asks what to do with unsaved changes, then calls then (self) unless
 * the user cancels.  Saving goes through the file's own path or a file
 * dialog. */

typedef struct {
  LsgWindow     *self;
  AfterPrompt    then;
  gpointer       data;
  GDestroyNotify destroy;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->destroy != NULL)
    pending->destroy (pending->data);
  g_object_unref (pending->self);
  g_free (pending);
}

static void save_as_then (LsgWindow *self,
                          Pending   *pending);

static void
show_error (LsgWindow  *self,
            const char *title,
            const char *message)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", title);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

enum {
  RESPONSE_DISCARD = 1,
  RESPONSE_SAVE = 2,
};

static void
on_prompt_response (GtkDialog *dialog,
                    int        response,
                    Pending   *pending)
{
  LsgWindow *self = pending->self;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == RESPONSE_DISCARD)
    {
      pending->then (self, pending->data);
      pending_free (pending);
    }
  else if (response == RESPONSE_SAVE)
    {
      if (lsg_design_document_get_path (self->document) != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (lsg_window_save_file (self, lsg_design_document_get_path (self->document), &error))
            pending->then (self, pending->data);
          else
            show_error (self, "The design point was not saved", error->message);
          pending_free (pending);
        }
      else
        save_as_then (self, pending);
    }
  else
    pending_free (pending);
}

static void
confirm_discard (LsgWindow      *self,
                 AfterPrompt     then,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  Pending *pending;
  GtkWidget *dialog;

  if (!lsg_design_document_get_modified (self->document))
    {
      then (self, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->then = then;
  pending->data = data;
  pending->destroy = destroy;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "Save the changes to \xe2\x80\x9c%s\xe2\x80\x9d?",
                                   lsg_design_document_get_source (self->document) != NULL
                                     ? lsg_design_document_get_source (self->document)
                                     : "this design point");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            "The design point was changed since it was opened or saved.");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), "_Cancel", GTK_RESPONSE_CANCEL,
                          "_Discard", RESPONSE_DISCARD, "_Save", RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_prompt_response), pending);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileFilter *
ini_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, "Design points (*.ini)");
  gtk_file_filter_add_suffix (filter, "ini");
  return filter;
}

static void
open_path (LsgWindow *self,
           gpointer   data)
{
  lsg_window_open_file (self, data, NULL);
}

static void
on_open_response (GtkNativeDialog *chooser,
                  int              response,
                  LsgWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        open_path (self, path);
    }
  g_object_unref (chooser);
}

static void
choose_and_open (LsgWindow *self,
                 gpointer   data)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = ini_filter ();

  chooser = gtk_file_chooser_native_new ("Open a Design Point", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  Pending         *pending)
{
  LsgWindow *self = pending->self;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && lsg_window_save_file (self, path, &error))
        {
          if (pending->then != NULL)
            pending->then (self, pending->data);
        }
      else
        show_error (self, "The design point was not saved",
                    error != NULL ? error->message : "Not a local file.");
    }
  pending_free (pending);
  g_object_unref (chooser);
}

static void
save_as_then (LsgWindow *self,
              Pending   *pending)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = ini_filter ();
  g_autofree char *name = g_strdup_printf ("%s.ini", lsg_design_document_get_path (self->document) != NULL ? "design" : "design-point");

  chooser = gtk_file_chooser_native_new ("Save the Design Point", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (lsg_design_document_get_path (self->document) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (lsg_design_document_get_path (self->document));
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  confirm_discard (LSG_WINDOW (widget), choose_and_open, NULL, NULL);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  confirm_discard (LSG_WINDOW (widget), open_path, g_variant_dup_string (param, NULL), g_free);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (LSG_WINDOW (widget));
  save_as_then (LSG_WINDOW (widget), pending);
}

static void
save_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (lsg_design_document_get_path (self->document) == NULL)
    {
      save_as_action (widget, action, param);
      return;
    }
  if (!lsg_window_save_file (self, lsg_design_document_get_path (self->document), &error))
    show_error (self, "The design point was not saved", error->message);
}

static void
close_now (LsgWindow *self,
           gpointer   data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
_lsg_window_confirm_close (LsgWindow *self)
{
  if (!self->close_confirmed && lsg_design_document_get_modified (self->document))
    {
      confirm_discard (self, close_now, NULL, NULL);
      return TRUE;
    }
  return FALSE;
}

/* -- design-point files, public ------------------------------------------ */

gboolean
lsg_window_load_file (LsgWindow   *self,
                      const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (LSG_IS_WINDOW (self), FALSE);

  if (!lsg_design_document_load (self->document, path, error))
    return FALSE;
  _lsg_window_apply_params (self);
  remember_file (self, lsg_design_document_get_path (self->document));
  return TRUE;
}

typedef struct {
  LsgWindow *window;
  char      *fallback;   /* what the window shows instead, for the message */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_object_unref (job->window);
  g_free (job->fallback);
  g_free (job);
}

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenJob *job = user_data;
  LsgWindow *self = job->window;
  g_autoptr(GError) error = NULL;

  if (!lsg_design_document_load_finish (self->document, result, &error))
    {
      g_autofree char *message = job->fallback != NULL
                                 ? g_strdup_printf ("%s\n\n%s", error->message, job->fallback)
                                 : g_strdup (error->message);

      show_error (self, "The design point was not opened", message);
    }
  else
    {
      _lsg_window_apply_params (self);
      remember_file (self, lsg_design_document_get_path (self->document));
    }
  open_job_free (job);
}

void
lsg_window_open_file (LsgWindow  *self,
                      const char *path,
                      const char *fallback)
{
  OpenJob *job;

  g_return_if_fail (LSG_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  /* read on a worker thread; the window keeps its point until it is in */
  job = g_new0 (OpenJob, 1);
  job->window = g_object_ref (self);
  job->fallback = g_strdup (fallback);
  lsg_design_document_load_async (self->document, path, NULL, open_done, job);
}

gboolean
lsg_window_save_file (LsgWindow   *self,
                      const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (LSG_IS_WINDOW (self), FALSE);

  if (!lsg_design_document_save (self->document, path, error))
    return FALSE;
  remember_file (self, lsg_design_document_get_path (self->document));
  return TRUE;
}

/* -- figures ---------------------------------------------------------- */

LsgExportDialog *
lsg_window_new_export_dialog (LsgWindow *self)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  const double *w_star;
  guint n;

  if (traj == NULL || lsg_trajectory_get_n_rows (traj) == 0)
    return NULL;
  w_star = lsg_runner_get_w_star (self->runner, &n);
  return lsg_export_dialog_new (GTK_WINDOW (self), traj, lsg_runner_get_display_params (self->runner),
                                w_star, n, self->inside_weight);
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);
  LsgExportDialog *dialog = lsg_window_new_export_dialog (self);

  if (dialog == NULL)
    {
      gtk_label_set_label (self->status_label, "Nothing to export yet: no run has rows");
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The weights figure, IEEE single column, as a PNG on the clipboard. */
gboolean
lsg_window_copy_figure (LsgWindow  *self,
                        GError    **error)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  const LsgParams *shown = lsg_runner_get_display_params (self->runner);
  LsgExportOptions options;
  LsgFigure *fig;
  const double *w_star;
  g_autofree char *design = NULL;
  gboolean ok;
  guint n;

  if (traj == NULL || shown == NULL || lsg_trajectory_get_n_rows (traj) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Nothing to copy yet: no run has rows");
      return FALSE;
    }
  w_star = lsg_runner_get_w_star (self->runner, &n);
  fig = lsg_run_figure_new (LSG_RUN_FIGURE_WEIGHTS, traj, shown, w_star, self->inside_weight);
  lsg_export_options_init (&options);
  if (!lsg_export_parse_size ("ieee-single", 1, &options.width_pt, &options.height_pt, error))
    {
      lsg_figure_free (fig);
      return FALSE;
    }
  design = lsg_params_to_data (shown, NULL);
  ok = lsg_export_copy_to_clipboard (gtk_widget_get_clipboard (GTK_WIDGET (self)), &fig, 1,
                                     &options, design, error);
  lsg_figure_free (fig);
  return ok;
}

static void
copy_figure_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!lsg_window_copy_figure (self, &error))
    gtk_label_set_label (self->status_label, error->message);
  else
    gtk_label_set_label (self->status_label, "Weights figure copied as a PNG");
}

/* -- design-space exploration --------------------------------------------- */

static void
on_point_activated (LsgWindow *self,
                    gpointer   params)
{
  /* a point picked on a plot is a change of this design point */
  lsg_window_set_params (self, params, NULL);
  gtk_window_present (GTK_WINDOW (self));
}

LsgExploreWindow *
lsg_window_new_explore_window (LsgWindow *self)
{
  LsgExploreWindow *explore = lsg_explore_window_new (GTK_WINDOW (self), self->params);

  g_signal_connect_object (explore, "point-activated", G_CALLBACK (on_point_activated),
                           self, G_CONNECT_SWAPPED);
  return explore;
}

/* One Explore window per window: asked again, the one with the results
 * comes to the front (it keeps its sweep and its base point). */
static void
explore_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);

  if (self->explore == NULL)
    {
      self->explore = GTK_WINDOW (lsg_window_new_explore_window (self));
      g_object_add_weak_pointer (G_OBJECT (self->explore), (gpointer *) &self->explore);
    }
  gtk_window_present (self->explore);
}

/* -- error budget ----------------------------------------------------- */

typedef struct {
  LsgParams *params;
  LsgBudget  budget;
} BudgetJob;

static void
budget_job_free (BudgetJob *job)
{
  lsg_params_free (job->params);
  g_free (job);
}

static void
budget_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  BudgetJob *job = data;
  g_autoptr(LsgDataset) ds = NULL;
  GError *error = NULL;

  ds = lsg_dataset_new_from_params (job->params, &error);
  if (ds == NULL || !lsg_budget_compute (job->params, ds, NAN, cancellable, &job->budget, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
budget_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LsgWindow *self = LSG_WINDOW (source);
  BudgetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  double top = 0.0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->budget_status, error->message);
      return;
    }

  clear_grid (self->budget_grid);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    top = fmax (top, job->budget.rel_mse_pct[b]);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    {
      double v = job->budget.rel_mse_pct[b];
      g_autofree char *value = g_strdup_printf ("%.3g %%", v);
      GtkWidget *name = gtk_label_new (lsg_budget_item_name (b));
      GtkWidget *number = gtk_label_new (value);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);

      /* one colour: the theme's low/high/full colours would read as a
       * judgement (green) of what is just a share of the error */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (number), 1);
      /* bars on a log scale over ten decades below the largest item */
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                               top > 0 && v > 0 ? CLAMP (1 + log10 (v / top) / 10, 0, 1) : 0);
      gtk_widget_set_size_request (bar, 160, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      lsg_budget_item_name (b), -1);
      gtk_grid_attach (self->budget_grid, name, 0, b, 1, 1);
      gtk_grid_attach (self->budget_grid, number, 1, b, 1, 1);
      gtk_grid_attach (self->budget_grid, bar, 2, b, 1, 1);
    }
  gtk_label_set_label (self->budget_status,
                       "Bars: log scale, ten decades below the largest. \xe2\x80\x9cnone\xe2\x80\x9d is "
                       "the numerical error alone; \xe2\x80\x9c" "all\xe2\x80\x9d the design point as set.");
}

static void
start_budget (LsgWindow *self)
{
  g_autoptr(GTask) task = NULL;
  BudgetJob *job;

  if (self->budget_cancellable != NULL)
    g_cancellable_cancel (self->budget_cancellable);
  g_clear_object (&self->budget_cancellable);
  self->budget_cancellable = g_cancellable_new ();

  clear_grid (self->budget_grid);
  {
    /* one run per item of the budget, the design point's own included */
    g_autofree char *status = g_strdup_printf ("Computing %u runs\xe2\x80\xa6", (guint) LSG_BUDGET_N);

    gtk_label_set_label (self->budget_status, status);
  }
  job = g_new0 (BudgetJob, 1);
  job->params = lsg_params_copy (self->params);
  task = g_task_new (self, self->budget_cancellable, budget_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) budget_job_free);
  g_task_run_in_thread (task, budget_thread);
}

static void
on_budget_shown (LsgWindow *self)
{
  start_budget (self);
}

/* -- installation ------------------------------------------------------- */

void
_lsg_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.run-pause", NULL, run_pause_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.budget", NULL, budget_action);
  gtk_widget_class_install_action (widget_class, "win.fit-plots", NULL, fit_plots_action);
  gtk_widget_class_install_action (widget_class, "win.preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.explore", NULL, explore_action);
  gtk_widget_class_install_action (widget_class, "win.copy-figure", NULL, copy_figure_action);
}

void
_lsg_window_actions_init (LsgWindow *self)
{
  g_signal_connect_swapped (self->budget_popover, "show", G_CALLBACK (on_budget_shown), self);
}
