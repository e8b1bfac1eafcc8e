/* lsg-schematic.h: one weight of the chip as it is simulated, drawn.
 *
 * For the design point's storage (MODEL.md 3.1) and readout (3.2): the
 * update multiplier-divider(s), the capacitor(s) C_w and the cell
 * transistors, the forward multipliers that make y-hat, and the path by
 * which the reported weight reaches the ADC.  Drawn by cairo and pango in
 * the figure renderer's style (its font, line width and palette: currents
 * in the colour of the cell-current plot, capacitor voltages in that of
 * the voltage plot, the readout path in a third), so it reads as part of
 * the plots beside it.  lsg_schematic_draw () needs no display; the widget
 * shows it in the window's theme.
 */
#pragma once

#include <gtk/gtk.h>

#include "lsg-figure.h"
#include "lsg-params.h"

G_BEGIN_DECLS

/* The drawing's extent in units of the style's font size: it is drawn
 * at its natural size in LSG_SCHEMATIC_WIDTH_EM x LSG_SCHEMATIC_HEIGHT_EM
 * font sizes and scaled uniformly (text too) to fit other sizes. */
#define LSG_SCHEMATIC_WIDTH_EM  24.0
#define LSG_SCHEMATIC_HEIGHT_EM 15.0

/* Draws the schematic of params' storage and readout centred in
 * [0, width] x [0, height] of cr's user space, in style's colours and
 * font (the background is left alone unless style->fill_background). */
void        lsg_schematic_draw      (cairo_t              *cr,
                                     const LsgParams      *params,
                                     double                width,
                                     double                height,
                                     const LsgFigureStyle *style);
/* One sentence saying what the drawing shows, for its tooltip and its
 * accessible description. */
char       *lsg_schematic_describe  (const LsgParams      *params);

#define LSG_TYPE_SCHEMATIC (lsg_schematic_get_type ())
G_DECLARE_FINAL_TYPE (LsgSchematic, lsg_schematic, LSG, SCHEMATIC, GtkWidget)

GtkWidget  *lsg_schematic_new           (void);
/* Shows params' topology; redraws only when storage or readout changed. */
void        lsg_schematic_set_params    (LsgSchematic    *self,
                                         const LsgParams *params);
int         lsg_schematic_get_storage   (LsgSchematic    *self);  /* LsgStorage */
int         lsg_schematic_get_readout   (LsgSchematic    *self);  /* LsgReadout */
/* Times the topology shown changed (tests). */
guint       lsg_schematic_get_n_changes (LsgSchematic    *self);

G_END_DECLS
