/* lsg-export.h: figures for papers.
 *
 * Figures (the run figures of lsg-run-figures.h, the map of
 * lsg-map-figure.h) drawn by their cairo renderers in print style onto
 * PDF, SVG or PNG surfaces, run figures alone or as a sheet of panels
 * labelled (a), (b), ...
 * Beside a figure: the data it shows as CSV, and a pgfplots .tex that
 * reads that CSV.  Inside it: the design point that made it (PDF /Subject,
 * SVG <metadata>, PNG iTXt chunk), read back by
 * lsg_export_read_design_point ().  Cairo and pango only: no display.
 */
#pragma once

#include <glib.h>

#include "lsg-design-file.h"
#include "lsg-figure.h"
#include "lsg-params.h"
#include "lsg-trajectory.h"

G_BEGIN_DECLS

#define LSG_EXPORT_ERROR (lsg_export_error_quark ())

typedef enum {
  LSG_EXPORT_ERROR_SIZE,      /* a size, dpi or font size out of range or unreadable */
  LSG_EXPORT_ERROR_FORMAT,    /* no format given and none in the file name */
  LSG_EXPORT_ERROR_DATA,      /* the panels' data cannot be one CSV table */
  LSG_EXPORT_ERROR_RENDER,    /* cairo failed */
  LSG_EXPORT_ERROR_WRITE,     /* a file could not be written */
  LSG_EXPORT_ERROR_READ,      /* a file could not be read */
  LSG_EXPORT_ERROR_NO_DESIGN, /* no design point embedded, or a damaged one */
} LsgExportError;

GQuark lsg_export_error_quark (void);

typedef enum {
  LSG_EXPORT_FORMAT_AUTO,     /* from the file name's extension */
  LSG_EXPORT_FORMAT_PDF,
  LSG_EXPORT_FORMAT_SVG,
  LSG_EXPORT_FORMAT_PNG,
} LsgExportFormat;

/* Sizes, in points (1/72 in). */
#define LSG_EXPORT_IEEE_SINGLE_PT (3.5 * 72)
#define LSG_EXPORT_IEEE_DOUBLE_PT (7.16 * 72)
#define LSG_EXPORT_MIN_SIZE_PT    36.0      /* 0.5 in */
#define LSG_EXPORT_MAX_SIZE_PT    (40 * 72.0)
#define LSG_EXPORT_MIN_DPI        72.0
#define LSG_EXPORT_MAX_DPI        2400.0
#define LSG_EXPORT_MIN_FONT_PT    4.0
#define LSG_EXPORT_MAX_FONT_PT    36.0

typedef struct {
  LsgExportFormat format;
  double          width_pt;
  double          height_pt;
  double          font_pt;      /* text size, pt */
  double          dpi;          /* PNG only: pixels = round (size in inches x dpi) */
  gboolean        data;         /* also write PATH-without-extension.csv */
  gboolean        tex;          /* also write PATH-without-extension.tex */
} LsgExportOptions;

/* IEEE single column with its one-panel height, 8 pt, 300 dpi, format
 * from the extension, no data, no .tex. */
void        lsg_export_options_init   (LsgExportOptions *options);

/* Draws n_panels figures in print style onto one page of
 * options->width_pt x height_pt and writes it to path: one figure, or a
 * sheet in a grid of ceil (sqrt (n)) columns labelled (a), (b), ... in
 * reading order (the labels are set on panels while drawing and removed
 * after).  design_point_data (lsg_params_to_data text, may be NULL) is
 * embedded.  With options->data, PATH-without-extension.csv holds every
 * series shown with data, one column each after the shared x column,
 * numbers as lsg_format_double_exact writes them (as every CSV is);
 * a sheet gives one CSV of all panels' columns (a column shown twice is
 * written once).  With options->tex, PATH-without-extension.tex holds a
 * pgfplots tikzpicture reading that CSV (the CSV is then written too).
 * Every file goes to a temporary file in its directory first; only when
 * all are complete are they renamed over their targets, so a failure
 * leaves no new or partial file.  Existing targets are replaced: the
 * caller decides whether that is allowed. */
gboolean    lsg_export_write          (LsgFigure              **panels,
                                       guint                    n_panels,
                                       const LsgExportOptions  *options,
                                       const char              *path,
                                       const char              *design_point_data,
                                       GError                 **error);

/* The page lsg_export_write () draws, onto any cairo context in points
 * (the Export dialog's preview draws it scaled on screen). */
void        lsg_export_draw_page      (cairo_t                 *cr,
                                       LsgFigure              **panels,
                                       guint                    n_panels,
                                       const LsgExportOptions  *options);

/* The files lsg_export_write () writes for path and options (the figure
 * first), NULL-terminated, for overwrite checks.  Free with g_strfreev. */
char      **lsg_export_list_outputs   (const LsgExportOptions  *options,
                                       const char              *path);

/* The design point embedded in a PDF, SVG or PNG written by
 * lsg_export_write (), loaded with lsg_params_load_data (). */
LsgParams  *lsg_export_read_design_point (const char  *path,
                                          GError     **error);
/* The same, as the embedded text. */
char       *lsg_export_read_design_point_data (const char  *path,
                                               GError     **error);

/* "ieee-single" (3.5 in wide), "ieee-double" (7.16 in wide), optionally
 * with an explicit height ("ieee-single:2.6in"), or "WxH" with a unit mm,
 * in or pt ("89x60mm", "3.5x2.5in").  The presets' height: each row of
 * the sheet grid for n_panels (lsg_export_grid_columns ()) 0.7 of a
 * panel's width, kept within 140 pt (1.94 in) to 200 pt (2.78 in): IEEE
 * single 3.5 x 2.45 in for one panel, 3.5 x 3.89 in for four; IEEE double
 * 7.16 x 2.78 in for one, 7.16 x 5.01 in for four.  Sizes must lie in
 * [LSG_EXPORT_MIN_SIZE_PT, LSG_EXPORT_MAX_SIZE_PT]. */
gboolean    lsg_export_parse_size     (const char  *text,
                                       guint        n_panels,
                                       double      *width_pt,
                                       double      *height_pt,
                                       GError     **error);
/* Columns of the sheet grid for n panels (1, 2, 2, 2, 3, ...). */
guint       lsg_export_grid_columns   (guint        n_panels);

/* "pdf", "svg", "png" (any case); FALSE for anything else. */
gboolean    lsg_export_format_from_name (const char      *name,
                                         LsgExportFormat *format);
/* From the file name's extension; AUTO when it has none of the three. */
LsgExportFormat lsg_export_format_from_path (const char  *path);

G_END_DECLS
