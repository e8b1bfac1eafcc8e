/* lsg-cost-panel.h: area, power and energy of the design point against
 * digital baselines, updated as the knobs move. */
#pragma once

#include <gtk/gtk.h>

#include "lsg-estimate.h"
#include "lsg-params.h"

G_BEGIN_DECLS

#define LSG_TYPE_COST_PANEL (lsg_cost_panel_get_type ())
G_DECLARE_FINAL_TYPE (LsgCostPanel, lsg_cost_panel, LSG, COST_PANEL, GtkWidget)

GtkWidget         *lsg_cost_panel_new          (void);
/* Recomputes the estimate (cheap, no simulation).  mean_cell_current_a
 * and t_converge_s come from the last run, NaN before one. */
void               lsg_cost_panel_update       (LsgCostPanel    *self,
                                                const LsgParams *params,
                                                guint            n_weights,
                                                double           mean_cell_current_a,
                                                double           t_converge_s);
const LsgEstimate *lsg_cost_panel_get_estimate (LsgCostPanel    *self);
/* The text a tooltip shows at a point of the bar chart, NULL if none (tests). */
char              *lsg_cost_panel_describe_at  (LsgCostPanel    *self,
                                                double           x,
                                                double           y);

G_END_DECLS
