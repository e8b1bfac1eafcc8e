/* lsg-plot-private.h: what the files of the plot widget share (its
 * instance, invalidation, rendering, gestures), and what the gestures
 * do, callable from tests. */
#pragma once

#include "lsg-plot.h"

G_BEGIN_DECLS

struct _LsgPlot
{
  GtkWidget       parent_instance;

  /* owned */
  LsgFigure      *figure;
  GdkTexture     *texture;           /* the figure, without the hover */
  gboolean        texture_current;   /* shows the figure as it is now */
  GCancellable   *render_cancellable;
  gboolean        render_running;
  LsgFigureStyle  style;
  char           *font_family;       /* style.font_family points here */
  gboolean        have_style;
  guint           prepare_id;           /* the pending prepare_idle */

  guint           n_static_renders;
  guint           n_figures;            /* figures replaced so far */
  gboolean        auto_fit;

  gboolean        hover;
  double          pointer_x;
  double          pointer_y;

  gboolean        dragging;
  gboolean        drag_on_legend;
  LsgRange        drag_x;
  LsgRange        drag_y;
};

/* Something the figure shows changed: the picture is stale. */
void     _lsg_plot_invalidate           (LsgPlot        *self);
/* A view chosen by the user: it stays until a fit. */
void     _lsg_plot_user_set_view        (LsgPlot        *self,
                                         const LsgRange *x,
                                         const LsgRange *y);

/* lsg-plot-render.c: starts drawing the figure off the UI thread (one
 * render at a time; a stale result starts the next). */
void     _lsg_plot_start_render         (LsgPlot        *self);
/* Draws the figure now, on this thread (the very first picture). */
void     _lsg_plot_render_now           (LsgPlot        *self,
                                         int             width,
                                         int             height);

/* lsg-plot-gestures.c: the controllers, added once by init. */
void     _lsg_plot_init_gestures        (LsgPlot        *self);
/* The hover crosshair and label over a picture of width x height. */
void     _lsg_plot_snapshot_hover       (LsgPlot        *self,
                                         GtkSnapshot    *snapshot,
                                         int             width,
                                         int             height);

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
