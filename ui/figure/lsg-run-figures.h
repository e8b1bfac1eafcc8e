/* lsg-run-figures.h: the four figures of a run, defined once for the
 * window and for export.
 *
 * A run figure is a set of series (names, palette indices, line styles,
 * data column names as in trajectory.csv), its edge markers (the ridge
 * optimum w*) and the hold span, filled from the run's trajectory.  The
 * window sets a run figure up in its plot when a run starts and appends
 * the rows as they arrive; export builds the whole figure at once, with
 * axis titles for a paper (a window has its own titles above the plots).
 */
#pragma once

#include <glib.h>

#include "lsg-figure.h"
#include "lsg-params.h"
#include "lsg-trajectory.h"

G_BEGIN_DECLS

typedef enum {
  LSG_RUN_FIGURE_WEIGHTS,   /* circuit (solid) and R2 (dashed) weights, w*, hold */
  LSG_RUN_FIGURE_LOSS,      /* training loss, circuit and ideal, log axis */
  LSG_RUN_FIGURE_CURRENTS,  /* one weight's cell currents I+, I-, log axis */
  LSG_RUN_FIGURE_VOLTAGES,  /* one weight's capacitor voltages: V+, V- (pair), V (class_ab) */
} LsgRunFigure;

/* Replaces fig's series with those of kind for a run of params with
 * n_weights weights (none for CURRENTS and VOLTAGES without weights):
 * WEIGHTS series 2i is weight i's circuit trace, 2i + 1 its ideal one,
 * the ridge optimum w_star (may be NULL) as edge markers; LOSS circuit,
 * ideal; CURRENTS I+, I-; VOLTAGES V+, V- with pair storage, V with
 * class_ab.  The hold span is removed; the data column of x is t_s.
 * paper: WEIGHTS gets a legend key for its dashed traces (a paper has
 * no title saying "dashed: ideal SGD").  Title, axis titles, y log and
 * the view are left as they are. */
void        lsg_run_figure_setup    (LsgFigure           *fig,
                                     LsgRunFigure         kind,
                                     const LsgParams     *params,
                                     const double        *w_star,
                                     guint                n_weights,
                                     gboolean             paper);

/* Appends rows [first, last) of traj to fig, set up for kind with the
 * same params: CURRENTS and VOLTAGES show weight inside_weight (clamped
 * to the weights there are).  WEIGHTS and LOSS shade the hold phase,
 * from the last training row to the last row appended.  The view is
 * left as it is. */
void        lsg_run_figure_append   (LsgFigure           *fig,
                                     LsgRunFigure         kind,
                                     const LsgTrajectory *traj,
                                     const LsgParams     *params,
                                     guint                inside_weight,
                                     guint                first,
                                     guint                last);

/* The whole figure of kind for a paper: set up (paper), every row of
 * traj appended, axes titled ("Time (s)", "Weight", ...), no title (a
 * paper has captions), the view fitted to the data with the time axis
 * ending where the run ends. */
LsgFigure  *lsg_run_figure_new      (LsgRunFigure         kind,
                                     const LsgTrajectory *traj,
                                     const LsgParams     *params,
                                     const double        *w_star,
                                     guint                inside_weight);

/* The capacitor voltages behind one weight's cell currents (n samples),
 * V: with pair storage each half's own, by the cell law, in v_plus and
 * v_minus; with class_ab the one capacitor's V = (U_T/kappa) ln (I+/I_Q)
 * in v_plus (i_minus and v_minus unused, may be NULL).  Returns how many
 * voltages there are: 2 or 1.  v may be i (in place). */
guint       lsg_run_figure_cell_voltages (const LsgParams *params,
                                          const double    *i_plus,
                                          const double    *i_minus,
                                          gsize            n,
                                          double          *v_plus,
                                          double          *v_minus);

G_END_DECLS
