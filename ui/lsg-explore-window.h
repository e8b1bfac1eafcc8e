/* lsg-explore-window.h: sweeps, maps, Monte Carlo and Pareto fronts. */
#pragma once

#include <gtk/gtk.h>

#include "lsg-params.h"
#include "lsg-sweep.h"

G_BEGIN_DECLS

#define LSG_TYPE_EXPLORE_WINDOW (lsg_explore_window_get_type ())
G_DECLARE_FINAL_TYPE (LsgExploreWindow, lsg_explore_window, LSG, EXPLORE_WINDOW, GtkWindow)

/* Explores around base; ::point-activated (LsgParams*) asks the main
 * window to load a design point picked on a plot. */
LsgExploreWindow *lsg_explore_window_new        (GtkWindow       *parent,
                                                 const LsgParams *base);
void              lsg_explore_window_set_base   (LsgExploreWindow *self,
                                                 const LsgParams  *base);
/* Sets up an axis as the controls would: key "group.key", range
 * "FROM:TO:N[:log]"; axis 1 or 2 (2 also switches the second axis on). */
gboolean          lsg_explore_window_set_axis   (LsgExploreWindow *self,
                                                 guint             axis,
                                                 const char       *key,
                                                 const char       *range);
void              lsg_explore_window_set_mc     (LsgExploreWindow *self,
                                                 guint             chips);
/* Starts the sweep as the Run button does. */
void              lsg_explore_window_run        (LsgExploreWindow *self);
gboolean          lsg_explore_window_is_running (LsgExploreWindow *self);
/* The last finished sweep, or NULL. */
LsgSweep         *lsg_explore_window_get_sweep  (LsgExploreWindow *self);
GtkWidget        *lsg_explore_window_get_plot   (LsgExploreWindow *self,
                                                 const char       *name);
/* Exports a view ("sweep", "map", "mc", "pareto") to path (.pdf, .svg,
 * .png), its data as CSV beside it, as the Export button does. */
gboolean          lsg_explore_window_export_plot (LsgExploreWindow *self,
                                                  const char       *page,
                                                  const char       *path,
                                                  GError          **error);
/* Loads point index into the main window as a click on it would. */
void              lsg_explore_window_activate_point (LsgExploreWindow *self,
                                                     guint             index);

G_END_DECLS
