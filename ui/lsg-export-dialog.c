/* lsg-export-dialog.c: the Export dialog. */
#include "lsg-config.h"

#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-export-dialog.h"
#include "lsg-run-figures.h"

/* The figure choices, in the order of the template's list. */
enum {
  CHOICE_WEIGHTS,
  CHOICE_LOSS,
  CHOICE_CURRENTS,
  CHOICE_VOLTAGES,
  CHOICE_SHEET,
};

struct _LsgExportDialog {
  GtkWindow        parent_instance;

  /* template widgets */
  GtkWidget       *cancel_button;
  GtkWidget       *export_button;
  GtkWidget       *copy_button;
  GtkDropDown     *figure_choice;
  GtkDropDown     *format_choice;
  GtkDropDown     *size_choice;
  GtkEntry        *custom_size;
  GtkSpinButton   *font_size;
  GtkDropDown     *dpi_choice;
  GtkCheckButton  *data_check;
  GtkCheckButton  *tex_check;
  GtkLabel        *size_label;
  GtkLabel        *error_label;
  GtkDrawingArea  *preview;

  /* owned */
  LsgTrajectory   *traj;
  LsgParams       *params;
  double          *w_star;
  guint            n_weights;
  guint            inside_weight;
  GPtrArray       *panels;          /* LsgFigure, for the current choice */
  guint            panels_choice;
};

G_DEFINE_FINAL_TYPE (LsgExportDialog, lsg_export_dialog, GTK_TYPE_WINDOW)

static void
figure_free (gpointer fig)
{
  lsg_figure_free (fig);
}

static void
ensure_panels (LsgExportDialog *self)
{
  static const LsgRunFigure sheet[] = {
    LSG_RUN_FIGURE_WEIGHTS, LSG_RUN_FIGURE_LOSS,
    LSG_RUN_FIGURE_CURRENTS, LSG_RUN_FIGURE_VOLTAGES,
  };
  guint choice = gtk_drop_down_get_selected (self->figure_choice);

  if (self->panels != NULL && self->panels_choice == choice)
    return;
  g_clear_pointer (&self->panels, g_ptr_array_unref);
  self->panels = g_ptr_array_new_with_free_func (figure_free);
  self->panels_choice = choice;
  if (choice == CHOICE_SHEET)
    for (guint i = 0; i < G_N_ELEMENTS (sheet); i++)
      g_ptr_array_add (self->panels,
                       lsg_run_figure_new (sheet[i], self->traj, self->params,
                                           self->w_star, self->inside_weight));
  else
    g_ptr_array_add (self->panels,
                     lsg_run_figure_new (sheet[MIN (choice, CHOICE_VOLTAGES)], self->traj,
                                         self->params, self->w_star, self->inside_weight));
}

/* The options as chosen; FALSE with an error for a custom size that does
 * not read. */
static gboolean
get_options (LsgExportDialog  *self,
             LsgExportOptions *options,
             GError          **error)
{
  static const char *const presets[] = { "ieee-single", "ieee-double" };
  guint size = gtk_drop_down_get_selected (self->size_choice);
  const char *text = size < G_N_ELEMENTS (presets) ? presets[size]
                                                   : gtk_editable_get_text (GTK_EDITABLE (self->custom_size));

  ensure_panels (self);
  lsg_export_options_init (options);
  options->format = LSG_EXPORT_FORMAT_PDF + gtk_drop_down_get_selected (self->format_choice);
  options->font_pt = gtk_spin_button_get_value (self->font_size);
  options->dpi = gtk_drop_down_get_selected (self->dpi_choice) == 1 ? 600 : 300;
  options->data = gtk_check_button_get_active (self->data_check);
  options->tex = gtk_check_button_get_active (self->tex_check);
  return lsg_export_parse_size (text, self->panels->len, &options->width_pt,
                                &options->height_pt, error);
}

static void
show_error (LsgExportDialog *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  LsgExportDialog *self = data;
  LsgExportOptions options;
  g_autoptr(GError) error = NULL;
  double scale;

  if (!get_options (self, &options, &error))
    return;
  /* the page at its final size, scaled to fit: what the file will show */
  scale = MIN ((width - 24) / options.width_pt, (height - 24) / options.height_pt);
  cairo_translate (cr, (width - scale * options.width_pt) / 2, (height - scale * options.height_pt) / 2);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_rectangle (cr, -1, -1, scale * options.width_pt + 2, scale * options.height_pt + 2);
  cairo_fill (cr);
  cairo_scale (cr, scale, scale);
  lsg_export_draw_page (cr, (LsgFigure **) self->panels->pdata, self->panels->len, &options);
}

static void
options_changed (LsgExportDialog *self)
{
  LsgExportOptions options;
  g_autoptr(GError) error = NULL;
  gboolean custom = gtk_drop_down_get_selected (self->size_choice) == 2;

  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_size), custom);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dpi_choice),
                            gtk_drop_down_get_selected (self->format_choice) == 2);
  if (gtk_check_button_get_active (self->tex_check))
    gtk_check_button_set_active (self->data_check, TRUE);
  if (!get_options (self, &options, &error))
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (self->export_button, FALSE);
      gtk_widget_set_sensitive (self->copy_button, FALSE);
      return;
    }
  show_error (self, NULL);
  gtk_widget_set_sensitive (self->export_button, TRUE);
  gtk_widget_set_sensitive (self->copy_button, TRUE);
  {
    g_autofree char *text = NULL;

    if (options.format == LSG_EXPORT_FORMAT_PNG)
      text = g_strdup_printf ("%.3g \xc3\x97 %.3g in (%.0f \xc3\x97 %.0f mm), %.3g pt text, "
                              "%.0f \xc3\x97 %.0f pixels",
                              options.width_pt / 72, options.height_pt / 72,
                              options.width_pt / 72 * 25.4, options.height_pt / 72 * 25.4,
                              options.font_pt, options.width_pt / 72 * options.dpi,
                              options.height_pt / 72 * options.dpi);
    else
      text = g_strdup_printf ("%.3g \xc3\x97 %.3g in (%.0f \xc3\x97 %.0f mm), %.3g pt text, fonts embedded",
                              options.width_pt / 72, options.height_pt / 72,
                              options.width_pt / 72 * 25.4, options.height_pt / 72 * 25.4,
                              options.font_pt);
    gtk_label_set_label (self->size_label, text);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

gboolean
lsg_export_dialog_export_to (LsgExportDialog  *self,
                             const char       *path,
                             GError          **error)
{
  LsgExportOptions options;
  g_autofree char *design = NULL;

  if (!get_options (self, &options, error))
    return FALSE;
  design = lsg_params_to_data (self->params, NULL);
  return lsg_export_write ((LsgFigure **) self->panels->pdata, self->panels->len, &options,
                           path, design, error);
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  LsgExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        show_error (self, "Figures are written to local files only.");
      else if (!lsg_export_dialog_export_to (self, path, &error))
        show_error (self, error->message);
      else
        gtk_window_destroy (GTK_WINDOW (self));
    }
  g_object_unref (chooser);
}

static void
on_export_clicked (LsgExportDialog *self)
{
  static const char *const ext[] = { "pdf", "svg", "png" };
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("figure.%s", ext[gtk_drop_down_get_selected (self->format_choice)]);

  chooser = gtk_file_chooser_native_new ("Export Figure", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
lsg_export_copy_to_clipboard (GdkClipboard            *clipboard,
                              LsgFigure              **panels,
                              guint                    n_panels,
                              const LsgExportOptions  *options,
                              const char              *design_point_data,
                              GError                 **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  LsgExportOptions png = *options;

  /* the clipboard gets exactly what a PNG export would write */
  dir = g_dir_make_tmp ("lsg-copy-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "figure.png", NULL);
  png.format = LSG_EXPORT_FORMAT_PNG;
  png.data = png.tex = FALSE;
  if (lsg_export_write (panels, n_panels, &png, path, design_point_data, error))
    texture = gdk_texture_new_from_filename (path, error);
  g_unlink (path);
  g_rmdir (dir);
  if (texture == NULL)
    return FALSE;
  gdk_clipboard_set_texture (clipboard, texture);
  return TRUE;
}

static void
on_copy_clicked (LsgExportDialog *self)
{
  LsgExportOptions options;
  g_autoptr(GError) error = NULL;
  g_autofree char *design = lsg_params_to_data (self->params, NULL);

  if (!get_options (self, &options, &error)
      || !lsg_export_copy_to_clipboard (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                                        (LsgFigure **) self->panels->pdata, self->panels->len,
                                        &options, design, &error))
    show_error (self, error->message);
}

void
lsg_export_dialog_set_format (LsgExportDialog *self,
                              LsgExportFormat  format)
{
  g_return_if_fail (format != LSG_EXPORT_FORMAT_AUTO);
  gtk_drop_down_set_selected (self->format_choice, format - LSG_EXPORT_FORMAT_PDF);
}

void
lsg_export_dialog_set_figure (LsgExportDialog *self,
                              guint            index)
{
  gtk_drop_down_set_selected (self->figure_choice, index);
}

static void
lsg_export_dialog_dispose (GObject *object)
{
  LsgExportDialog *self = LSG_EXPORT_DIALOG (object);

  g_clear_pointer (&self->panels, g_ptr_array_unref);
  g_clear_pointer (&self->traj, lsg_trajectory_unref);
  G_OBJECT_CLASS (lsg_export_dialog_parent_class)->dispose (object);
}

static void
lsg_export_dialog_finalize (GObject *object)
{
  LsgExportDialog *self = LSG_EXPORT_DIALOG (object);

  lsg_params_free (self->params);
  g_free (self->w_star);
  G_OBJECT_CLASS (lsg_export_dialog_parent_class)->finalize (object);
}

static void
lsg_export_dialog_class_init (LsgExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsg_export_dialog_dispose;
  object_class->finalize = lsg_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logsgd/Explorer/lsg-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, figure_choice);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, format_choice);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, size_choice);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, custom_size);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, font_size);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, dpi_choice);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, data_check);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, tex_check);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LsgExportDialog, preview);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lsg_export_dialog_init (LsgExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_editable_set_text (GTK_EDITABLE (self->custom_size), "89x60mm");
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_destroy), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (on_copy_clicked), self);
  g_signal_connect_swapped (self->figure_choice, "notify::selected", G_CALLBACK (options_changed), self);
  g_signal_connect_swapped (self->format_choice, "notify::selected", G_CALLBACK (options_changed), self);
  g_signal_connect_swapped (self->size_choice, "notify::selected", G_CALLBACK (options_changed), self);
  g_signal_connect_swapped (self->dpi_choice, "notify::selected", G_CALLBACK (options_changed), self);
  g_signal_connect_swapped (self->custom_size, "changed", G_CALLBACK (options_changed), self);
  g_signal_connect_swapped (self->font_size, "value-changed", G_CALLBACK (options_changed), self);
  g_signal_connect_swapped (self->data_check, "toggled", G_CALLBACK (options_changed), self);
  g_signal_connect_swapped (self->tex_check, "toggled", G_CALLBACK (options_changed), self);
}

LsgExportDialog *
lsg_export_dialog_new (GtkWindow       *parent,
                       LsgTrajectory   *traj,
                       const LsgParams *params,
                       const double    *w_star,
                       guint            n_weights,
                       guint            inside_weight)
{
  LsgExportDialog *self = g_object_new (LSG_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);

  self->traj = lsg_trajectory_ref (traj);
  self->params = lsg_params_copy (params);
  self->w_star = w_star != NULL ? g_memdup2 (w_star, sizeof (double) * n_weights) : NULL;
  self->n_weights = n_weights;
  self->inside_weight = inside_weight;
  options_changed (self);
  return self;
}
