/* lsg-plot.h: a plot widget drawing one LsgFigure.
 *
 * The static figure is drawn once per change of data, view, size or style
 * (decimation and layout happen when something changed, before the frame's
 * snapshot) and kept as a render node; the hover crosshair and its label
 * are drawn on top of it, so pointer motion does not redraw the figure.
 *
 * Interaction:
 *   scroll            zoom both axes about the pointer
 *   Shift + scroll    zoom x only (also: scroll over the x axis)
 *   Ctrl + scroll     zoom y only (also: scroll over the y axis)
 *   drag              pan
 *   double-click      fit the view to the data and follow it again
 *   click on legend   hide or show that series
 * Until the user zooms or pans, the view follows the data as it grows.
 */
#pragma once

#include <gtk/gtk.h>

#include "lsg-figure.h"

G_BEGIN_DECLS

#define LSG_TYPE_PLOT (lsg_plot_get_type ())

G_DECLARE_FINAL_TYPE (LsgPlot, lsg_plot, LSG, PLOT, GtkWidget)

GtkWidget  *lsg_plot_new                (void);

void        lsg_plot_set_title          (LsgPlot      *self,
                                         const char   *title);
const char *lsg_plot_get_title          (LsgPlot      *self);
void        lsg_plot_set_x_label        (LsgPlot      *self,
                                         const char   *label);
const char *lsg_plot_get_x_label        (LsgPlot      *self);
void        lsg_plot_set_y_label        (LsgPlot      *self,
                                         const char   *label);
const char *lsg_plot_get_y_label        (LsgPlot      *self);
/* SI unit symbols ("s", "A"; "" for none): prefixes are chosen here. */
void        lsg_plot_set_x_unit         (LsgPlot      *self,
                                         const char   *unit);
const char *lsg_plot_get_x_unit         (LsgPlot      *self);
void        lsg_plot_set_y_unit         (LsgPlot      *self,
                                         const char   *unit);
const char *lsg_plot_get_y_unit         (LsgPlot      *self);
void        lsg_plot_set_y_log          (LsgPlot      *self,
                                         gboolean      y_log);
gboolean    lsg_plot_get_y_log          (LsgPlot      *self);

/* Series: returns the index for the calls below.  Series with the same
 * palette index share a colour (e.g. circuit solid, reference dashed). */
guint       lsg_plot_add_series         (LsgPlot      *self,
                                         const char   *name,
                                         guint         palette_index,
                                         LsgLineStyle  style,
                                         gboolean      in_legend);
guint       lsg_plot_get_n_series       (LsgPlot      *self);
/* Samples held by a series so far. */
guint       lsg_plot_get_series_n_points (LsgPlot     *self,
                                          guint        series);
/* Copies.  x ascending; NaN y leaves a gap. */
void        lsg_plot_set_series_data    (LsgPlot      *self,
                                         guint         series,
                                         const double *x,
                                         const double *y,
                                         guint         n);
/* Copies and appends (live growth); x continues ascending. */
void        lsg_plot_append_series_data (LsgPlot      *self,
                                         guint         series,
                                         const double *x,
                                         const double *y,
                                         guint         n);
void        lsg_plot_set_series_visible (LsgPlot      *self,
                                         guint         series,
                                         gboolean      visible);
gboolean    lsg_plot_get_series_visible (LsgPlot      *self,
                                         guint         series);
void        lsg_plot_set_series_marker  (LsgPlot      *self,
                                         guint         series,
                                         gboolean      marker);
void        lsg_plot_clear_series       (LsgPlot      *self);

/* Decorations; NAN (or n 0) removes. */
void        lsg_plot_set_span           (LsgPlot      *self,
                                         double        x0,
                                         double        x1,
                                         const char   *label);
void        lsg_plot_set_edge_markers   (LsgPlot      *self,
                                         const double *y,
                                         const guint  *palette_index,
                                         guint         n,
                                         const char   *label);
void        lsg_plot_set_hline          (LsgPlot      *self,
                                         double        y,
                                         const char   *label);

/* Fits the view to the data and follows the data again. */
void        lsg_plot_fit                (LsgPlot      *self);
/* Whether the view follows the data (no zoom or pan since the last fit). */
gboolean    lsg_plot_get_auto_fit       (LsgPlot      *self);
void        lsg_plot_get_view           (LsgPlot      *self,
                                         double       *x0,
                                         double       *x1,
                                         double       *y0,
                                         double       *y1);
/* Sets the view (clamped) and stops following the data. */
void        lsg_plot_set_view           (LsgPlot      *self,
                                         double        x0,
                                         double        x1,
                                         double        y0,
                                         double        y1);

/* The figure, for export (lsg_figure_render on a PDF, SVG or PNG
 * surface).  Owned by the plot; change it through the plot, or directly
 * (e.g. with lsg_run_figure_setup ()) followed by
 * lsg_plot_figure_changed (). */
LsgFigure  *lsg_plot_get_figure         (LsgPlot      *self);
/* The figure was changed directly: the view follows the data if it did,
 * and the plot is redrawn. */
void        lsg_plot_figure_changed     (LsgPlot      *self);
/* Replaces the figure with fig, built whole elsewhere (taken: the plot
 * owns it); the view is fitted to it and follows the data again. */
void        lsg_plot_set_figure         (LsgPlot      *self,
                                         LsgFigure    *fig);

G_END_DECLS
