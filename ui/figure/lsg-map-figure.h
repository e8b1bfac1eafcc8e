/* lsg-map-figure.h: the design-space map of a 2-D sweep, drawn by one
 * cairo and pango function (no GTK) on screen and onto PDF, SVG and PNG.
 *
 * A map shows one figure of merit over the sweep's two axes: a cell per
 * grid point coloured by the median over its Monte Carlo chips (log
 * colour scale when the values span a decade), a colour bar with the
 * figure's name and unit, the region where the figure meets a
 * specification hatched and outlined (visible in grayscale), the base
 * design point marked, axes titled with quantity and unit and ticked
 * with SI prefixes on log axes.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lsg-export.h"
#include "lsg-figure.h"
#include "lsg-sweep.h"

G_BEGIN_DECLS

typedef struct _LsgMapFigure LsgMapFigure;

/* The map of figure over a sweep with two axes (the cells from the
 * results that ran; a point that failed or has not run counts as no
 * chip).  spec: the specification (NaN for none); a cell meets it when
 * its median is below it for figures where smaller is better
 * (lsg_sweep_figure_smaller_is_better ()), above it for the others.
 * NULL when the sweep has fewer than two axes or figure is unknown.
 * The sweep's axes and base are copied: the map outlives the sweep. */
LsgMapFigure *lsg_map_figure_new        (const LsgSweep     *sweep,
                                         const char         *figure,
                                         double              spec);
void          lsg_map_figure_free       (LsgMapFigure       *map);

/* The cells: n1 x n2 medians, row-major with the second axis fastest
 * (cell i * n2 + j is axis value i of the first axis and j of the
 * second); NaN where no chip ran. */
const double *lsg_map_figure_get_cells  (const LsgMapFigure *map,
                                         guint              *n1,
                                         guint              *n2);
/* Cells that meet the specification (0 without one). */
guint         lsg_map_figure_count_meeting (const LsgMapFigure *map);

/* Draws the map in [0, width] x [0, height] of cr's user space with the
 * style's colours and font (lsg_figure_style_init_print () for paper). */
void          lsg_map_figure_render     (cairo_t              *cr,
                                         const LsgMapFigure   *map,
                                         double                width,
                                         double                height,
                                         const LsgFigureStyle *style);

/* Writes the map as lsg_export_write () writes run figures: one page of
 * options->width_pt x height_pt in print style at options->font_pt, in
 * options->format (PDF with fonts embedded, SVG, PNG at options->dpi),
 * design_point_data embedded where lsg_export_read_design_point () reads
 * it, and with options->data the sweep CSV (csv, as logsgd sweep writes
 * it) at lsg_export_list_outputs ()'s second path.  Temporary files are
 * renamed over their targets only when all are complete.  options->tex
 * is not supported for maps (LSG_EXPORT_ERROR_DATA). */
gboolean      lsg_map_figure_write      (const LsgMapFigure      *map,
                                         const LsgExportOptions  *options,
                                         const char              *path,
                                         const char              *design_point_data,
                                         const char              *csv,
                                         GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgMapFigure, lsg_map_figure_free)

G_END_DECLS
