/* lsg-export-dialog.h: export a figure of the run on display, with a
 * preview at its final size. */
#pragma once

#include <gtk/gtk.h>

#include "lsg-export.h"
#include "lsg-params.h"
#include "lsg-trajectory.h"

G_BEGIN_DECLS

#define LSG_TYPE_EXPORT_DIALOG (lsg_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LsgExportDialog, lsg_export_dialog, LSG, EXPORT_DIALOG, GtkWindow)

/* The dialog keeps a reference to traj and copies the rest. */
LsgExportDialog *lsg_export_dialog_new       (GtkWindow       *parent,
                                              LsgTrajectory   *traj,
                                              const LsgParams *params,
                                              const double    *w_star,
                                              guint            n_weights,
                                              guint            inside_weight);
/* What the Export button does once a file is chosen (tests, scripts). */
gboolean         lsg_export_dialog_export_to (LsgExportDialog *self,
                                              const char      *path,
                                              GError         **error);
void             lsg_export_dialog_set_format (LsgExportDialog *self,
                                               LsgExportFormat  format);
void             lsg_export_dialog_set_figure (LsgExportDialog *self,
                                               guint            index);

/* A PNG of the figure on the clipboard, drawn by the export path. */
gboolean         lsg_export_copy_to_clipboard (GdkClipboard     *clipboard,
                                               LsgFigure       **panels,
                                               guint             n_panels,
                                               const LsgExportOptions *options,
                                               const char       *design_point_data,
                                               GError          **error);

G_END_DECLS
