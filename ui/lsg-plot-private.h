/* lsg-plot-private.h: what the gestures do, callable from tests. */
#pragma once

#include "lsg-plot.h"

G_BEGIN_DECLS

/* Zooms about the widget point (px, py): span / factor on each axis. */
void     _lsg_plot_zoom                 (LsgPlot *self,
                                         double   px,
                                         double   py,
                                         double   factor_x,
                                         double   factor_y);
/* Moves the content by (dx, dy) pixels, as a drag does. */
void     _lsg_plot_pan                  (LsgPlot *self,
                                         double   dx,
                                         double   dy);
/* A click (n_press 1: legend toggle) or double-click (2: fit) at a
 * widget point; TRUE if it did something. */
gboolean _lsg_plot_click                (LsgPlot *self,
                                         double   px,
                                         double   py,
                                         int      n_press);
/* The pointer moved to (px, py); NAN, NAN: it left. */
void     _lsg_plot_hover                (LsgPlot *self,
                                         double   px,
                                         double   py);
/* Layout and decimation now, as the frame's update phase does. */
void     _lsg_plot_prepare              (LsgPlot *self);
/* How often the static figure was drawn into a new render node. */
guint    _lsg_plot_get_n_static_renders (LsgPlot *self);
/* No render in flight and the picture shows the figure as it is. */
gboolean _lsg_plot_is_picture_current  (LsgPlot *self);

G_END_DECLS
