/* lsg-export-private.h: what the files of export share.
 *
 *   lsg-export.c           options, sizes, formats; the page on PDF, SVG
 *                          and PNG surfaces; the files, written together
 *   lsg-export-data.c      the data shown, as one CSV table
 *   lsg-export-tex.c       a pgfplots picture reading that CSV
 *   lsg-export-metadata.c  the design point inside the files: PNG chunks,
 *                          and reading it back
 *
 * The map (lsg-map-figure.c) is written through the same page and files.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lsg-export.h"

G_BEGIN_DECLS

/* The embedded design point: PDF /Subject starts with this line, the SVG
 * element and the PNG chunk carry these names. */
#define PDF_SUBJECT_HEAD  "LogSGD design point (LogSGD Explorer design-point file):\n"
#define SVG_NAMESPACE     "urn:io.github.logsgd:design-point"
#define SVG_ELEMENT       "logsgd:design-point"
#define PNG_KEYWORD       "LogSGD-Design-Point"

/* One page to write: draws itself in points onto any cairo context. */
typedef struct {
  const char *title;        /* the PDF's title */
  const char *what;         /* "figure", "map": for error messages */
  void      (*draw) (cairo_t                *cr,
                     const LsgExportOptions *options,
                     gpointer                data);
  gpointer    data;
} LsgExportPage;

/* lsg-export.c */
/* The style every exported page is drawn in: print, at options->font_pt. */
void     _lsg_export_style_init    (LsgFigureStyle          *style,
                                    const LsgExportOptions  *options);
/* options->format, or the one path's extension names. */
gboolean _lsg_export_check_format  (const LsgExportOptions  *options,
                                    const char              *path,
                                    LsgExportFormat         *format,
                                    GError                 **error);
/* The page in format, design_point_data (may be NULL) embedded, after
 * checking size, font size and resolution. */
GBytes  *_lsg_export_render_page   (const LsgExportPage     *page,
                                    LsgExportFormat          format,
                                    const LsgExportOptions  *options,
                                    const char              *design_point_data,
                                    GError                 **error);
/* The figure at path, csv and tex (may be NULL) at the names
 * lsg_export_list_outputs () gives them; all to temporary files, then
 * all renamed. */
gboolean _lsg_export_write_files   (const LsgExportOptions  *options,
                                    const char              *path,
                                    GBytes                  *figure,
                                    GBytes                  *csv,
                                    GBytes                  *tex,
                                    GError                 **error);

/* lsg-export-data.c */
char    *_lsg_export_series_column (LsgFigure               *fig,
                                    guint                    series);
char    *_lsg_export_build_csv     (LsgFigure              **panels,
                                    guint                    n_panels,
                                    GError                 **error);

/* lsg-export-tex.c */
char    *_lsg_export_build_tex     (LsgFigure              **panels,
                                    guint                    n_panels,
                                    const LsgExportOptions  *options,
                                    const char              *path,
                                    const char              *csv_path);

/* lsg-export-metadata.c */
extern const guint8 _lsg_export_png_signature[8];
guint32  _lsg_export_get_be32      (const guint8            *p);
void     _lsg_export_png_put_chunk (GByteArray              *out,
                                    const char              *type,
                                    const guint8            *data,
                                    gsize                    len);

G_END_DECLS
