/* lsg-window.h: the explorer's main window. */
#pragma once

#include <gtk/gtk.h>

#include "lsg-design-document.h"
#include "lsg-explore-window.h"
#include "lsg-export-dialog.h"
#include "lsg-params.h"
#include "lsg-runner.h"

G_BEGIN_DECLS

#define LSG_TYPE_WINDOW (lsg_window_get_type ())
G_DECLARE_FINAL_TYPE (LsgWindow, lsg_window, LSG, WINDOW, GtkApplicationWindow)

LsgWindow       *lsg_window_new            (GtkApplication  *app);
/* Shows and runs a design point; source names it in the title bar. */
void             lsg_window_set_params     (LsgWindow       *self,
                                            const LsgParams *params,
                                            const char      *source);
const LsgParams *lsg_window_get_params     (LsgWindow       *self);
/* Loads a design-point file; on failure the window keeps its point and
 * the error says why. */
gboolean         lsg_window_load_file      (LsgWindow       *self,
                                            const char      *path,
                                            GError         **error);
/* Loads a design-point file on a worker thread and shows it; on failure
 * a message says why, followed by fallback (may be NULL), and the window
 * keeps its point. */
void             lsg_window_open_file      (LsgWindow       *self,
                                            const char      *path,
                                            const char      *fallback);
/* Writes the design point (data file path made absolute) through a
 * temporary file renamed over path; on failure the old file is intact. */
gboolean         lsg_window_save_file      (LsgWindow       *self,
                                            const char      *path,
                                            GError         **error);
/* Changed since it was opened, saved or chosen as a preset. */
gboolean         lsg_window_is_modified    (LsgWindow       *self);
/* The design point's file, NULL if it has none yet. */
const char      *lsg_window_get_file       (LsgWindow       *self);
/* The point being edited, its file and modified state (borrowed). */
LsgDesignDocument *lsg_window_get_document (LsgWindow       *self);
LsgRunner       *lsg_window_get_runner     (LsgWindow       *self);
/* The control of one key ("circuit.i_eta"), for tests. */
GtkWidget       *lsg_window_get_param_row  (LsgWindow       *self,
                                            const char      *path);
GtkWidget       *lsg_window_get_cost_panel (LsgWindow       *self);
/* The Export dialog for the run on display; NULL before it has rows. */
LsgExportDialog *lsg_window_new_export_dialog (LsgWindow     *self);
/* The Explore window around this design point; a point picked there
 * becomes this window's design point. */
LsgExploreWindow *lsg_window_new_explore_window (LsgWindow   *self);
/* The weights figure (IEEE single column) as a PNG on the clipboard. */
gboolean         lsg_window_copy_figure    (LsgWindow       *self,
                                            GError         **error);
/* Plots by name: "weights", "loss", "current", "voltage". */
GtkWidget       *lsg_window_get_plot       (LsgWindow       *self,
                                            const char      *name);
/* The weight whose cells the inside-of-a-weight view shows; it stays
 * chosen across runs with as many weights. */
guint            lsg_window_get_inside_weight (LsgWindow    *self);
void             lsg_window_set_inside_weight (LsgWindow    *self,
                                               guint         weight);
/* The schematic of one weight of the design point's topology. */
GtkWidget       *lsg_window_get_schematic  (LsgWindow       *self);
/* The figures-of-merit strip ("strip") and its labels by name: "mse",
 * "enob", "ridge", "converge", "common-mode", "status" (tests). */
GtkWidget       *lsg_window_get_figure_label (LsgWindow     *self,
                                              const char    *name);

/* The strip's texts for a run's summary: t_converge against ideal SGD's
 * ("Converges at 1.2 ms · ideal 900 µs"; "Not converged in the run"
 * when the weights never settle; a dash when unknown), and cm_max
 * ("Common mode ≤ 1.1 I_N"). */
char            *lsg_window_format_convergence (const LsgSummary *summary);
char            *lsg_window_format_common_mode (const LsgSummary *summary);

G_END_DECLS
