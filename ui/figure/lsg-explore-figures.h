/* lsg-explore-figures.h: the Explore view's plots of a sweep, defined
 * once for the window and for export.
 *
 * Each figure is built whole from a finished (or partly run) sweep and
 * the choices the view makes: which figure of merit, which specification.
 * Every number comes from the sweep statistics (lsg-sweep-stats.h); the
 * view is fitted to the data.  The design-space map of a 2-D sweep is
 * lsg-map-figure.h.
 */
#pragma once

#include <glib.h>

#include "lsg-figure.h"
#include "lsg-sweep.h"

G_BEGIN_DECLS

/* The figure of merit figure against the sweep's first axis (log10 of
 * the value for a log axis, as the figure's x axis is linear): series 0
 * the median over the points at each axis value ("median" with a Monte
 * Carlo, else the figure's name), marked; with a Monte Carlo or a second
 * axis series 1 and 2 their 5th (dashed) and 95th (dotted) percentiles;
 * a log y axis when every 5th percentile is positive; the base design
 * point as a narrow span, spec (NaN for none) as a line; titled "Figure
 * of merit along the sweep".  NULL for a sweep without axes. */
LsgFigure  *lsg_explore_sweep_figure_new  (const LsgSweep  *sweep,
                                           const char      *figure,
                                           double           spec);

/* The histogram of figure over every point of the sweep (the bins of
 * lsg_sweep_histogram_new_auto () as a step outline, series 0 "chips"),
 * y titled "Chips", the figure titled with the count of chips and, with
 * a finite spec, the yield against it, which is then marked as a narrow
 * span.  NULL when no point has a finite value. */
LsgFigure  *lsg_explore_mc_figure_new     (const LsgSweep  *sweep,
                                           const char      *figure,
                                           double           spec);

/* Two figures over every point: series 0 the design points with both
 * finite, a scatter in ascending x_figure; series 1 the non-dominated
 * front (lsg_pareto_front ()), marked, when there is one; a log y axis
 * where y_figure spans more than a factor 30; titled for the window,
 * where a click loads a point.  points (may be NULL):
 * the sweep's point index of each of series 0's samples, n_points their
 * count (freed with g_free ()). */
LsgFigure  *lsg_explore_pareto_figure_new (const LsgSweep  *sweep,
                                           const char      *x_figure,
                                           const char      *y_figure,
                                           guint          **points,
                                           guint           *n_points);

G_END_DECLS
