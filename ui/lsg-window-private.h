/* lsg-window-private.h: what the window's files share (lsg-window.c
 * builds the window, lsg-window-strip.c writes its figures of merit,
 * lsg-window-actions.c holds its actions, files and dialogs). */
#pragma once

#include "lsg-cost-panel.h"
#include "lsg-design-document.h"
#include "lsg-plot.h"
#include "lsg-schematic.h"
#include "lsg-window.h"

G_BEGIN_DECLS

struct _LsgWindow {
  GtkApplicationWindow parent_instance;

  /* template widgets */
  GtkLabel       *subtitle;
  GtkWidget      *run_button;
  GtkWidget      *paned;
  GtkWidget      *sidebar;
  GtkBox         *learning_box;
  GtkBox         *topology_box;
  GtkBox         *device_box;
  GtkBox         *nonideal_box;
  GtkBox         *converters_box;
  GtkBox         *dataset_box;
  GtkBox         *training_box;
  GtkBox         *tech_box;
  GtkLabel       *eta_label;
  GtkLabel       *lambda_label;
  GtkLabel       *tau_label;
  GtkLabel       *ic_label;
  GtkLabel       *retention_label;
  GtkLabel       *mse_label;
  GtkLabel       *enob_label;
  GtkLabel       *ridge_label;
  GtkLabel       *converge_label;
  GtkLabel       *cm_label;
  GtkLabel       *status_label;
  GtkWidget      *fom_strip;
  LsgSchematic   *schematic;
  GtkWidget      *budget_button;
  GtkPopover     *budget_popover;
  GtkGrid        *budget_grid;
  GtkLabel       *budget_status;
  LsgPlot        *weights_plot;
  LsgPlot        *loss_plot;
  LsgPlot        *current_plot;
  LsgPlot        *voltage_plot;
  GtkWidget      *inside_box;
  GtkDropDown    *weight_choice;
  LsgCostPanel   *cost_panel;
  GMenu          *presets_section;
  GMenu          *recent_section;

  /* owned */
  LsgDesignDocument *document;     /* the point, its file, its modified state */
  gboolean        close_confirmed;
  LsgRunner      *runner;
  GHashTable     *rows;            /* "group.key" -> LsgParamRow (borrowed) */
  GSettings      *settings;
  GCancellable   *budget_cancellable;
  GCancellable   *header_cancellable;
  GtkWindow      *explore;             /* the Explore window, while it is open */  /* the data file's header being read */

  /* borrowed: the document's point, kept current by its "changed" */
  const LsgParams *params;

  /* what the plots show of the run on display */
  guint           n_weights;
  guint           shown_rows;
  guint           inside_weight;
  guint           choosing_weight; /* > 0 while the weight list is rebuilt */
  double          ic_max;
  double          mse_num;         /* running sums for rel_mse_pct */
  double          mse_den;
  gboolean        live;
  guint           budget_generation;
};

/* lsg-window.c */
/* After the document's point changed from outside the controls: the
 * rows, derived figures, cost panel, and a run of the new point. */
void      _lsg_window_apply_params          (LsgWindow      *self);

/* lsg-window-strip.c */
void      _lsg_window_update_derived        (LsgWindow      *self);
void      _lsg_window_update_figures        (LsgWindow      *self);
void      _lsg_window_update_status         (LsgWindow      *self);

/* lsg-window-actions.c */
void      _lsg_window_class_install_actions (GtkWidgetClass *widget_class);
/* Asks about unsaved changes before the window closes: TRUE if it asked,
 * and the window closes (or not) once answered. */
gboolean  _lsg_window_confirm_close         (LsgWindow      *self);
/* Connects the popovers and menus the actions fill. */
void      _lsg_window_actions_init          (LsgWindow      *self);
void      _lsg_window_rebuild_recent_menu   (LsgWindow      *self);

G_END_DECLS
