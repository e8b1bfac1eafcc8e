/* lsg-export.c: figures for papers: options, the page, the files. */
#include "lsg-config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lsg-export-private.h"
#include "lsg-output.h"

G_DEFINE_QUARK (lsg-export-error-quark, lsg_export_error)

/* Preset heights: a panel is this fraction of its width high, at least
 * PANEL_MIN_H_PT (room for ticks, labels and a legend at 8 pt) and at
 * most PANEL_MAX_H_PT (a double-column figure is wide, not tall). */
#define PANEL_ASPECT   0.7
#define PANEL_MIN_H_PT 140.0
#define PANEL_MAX_H_PT 200.0

/* cairo's image surfaces stop at 32767 pixels a side; beyond 2^28 pixels
 * (1 GiB of ARGB) a PNG is no longer a figure. */
#define PNG_MAX_SIDE   32767
#define PNG_MAX_PIXELS (1u << 28)

/* ---- Options, formats, sizes ------------------------------------------ */

void
lsg_export_options_init (LsgExportOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (LsgExportOptions) {
    .format = LSG_EXPORT_FORMAT_AUTO,
    .width_pt = LSG_EXPORT_IEEE_SINGLE_PT,
    .height_pt = PANEL_ASPECT * LSG_EXPORT_IEEE_SINGLE_PT,
    .font_pt = 8,
    .dpi = 300,
    .data = FALSE,
    .tex = FALSE,
  };
}

gboolean
lsg_export_format_from_name (const char      *name,
                             LsgExportFormat *format)
{
  static const struct {
    const char      *name;
    LsgExportFormat  format;
  } names[] = {
    { "pdf", LSG_EXPORT_FORMAT_PDF },
    { "svg", LSG_EXPORT_FORMAT_SVG },
    { "png", LSG_EXPORT_FORMAT_PNG },
  };

  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i].name) == 0)
      {
        *format = names[i].format;
        return TRUE;
      }
  return FALSE;
}

LsgExportFormat
lsg_export_format_from_path (const char *path)
{
  g_autofree char *base = NULL;
  const char *dot;
  LsgExportFormat format;

  g_return_val_if_fail (path != NULL, LSG_EXPORT_FORMAT_AUTO);

  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot != NULL && lsg_export_format_from_name (dot + 1, &format))
    return format;
  return LSG_EXPORT_FORMAT_AUTO;
}

guint
lsg_export_grid_columns (guint n_panels)
{
  guint cols = 1;

  while (cols * cols < n_panels)
    cols++;
  return cols;
}

static gboolean
size_in_range (double v)
{
  return v >= LSG_EXPORT_MIN_SIZE_PT - 1e-9 && v <= LSG_EXPORT_MAX_SIZE_PT + 1e-9;
}

/* A number and a unit (mm, in, pt) in points; end is what follows. */
static gboolean
parse_length (const char  *text,
              double      *pt,
              const char **end)
{
  char *after = NULL;
  double v;

  if (!g_ascii_isdigit (*text) && *text != '.')
    return FALSE;
  v = g_ascii_strtod (text, &after);
  if (after == text || !isfinite (v) || v <= 0)
    return FALSE;
  if (g_str_has_prefix (after, "mm"))
    *pt = v / 25.4 * 72;
  else if (g_str_has_prefix (after, "in"))
    *pt = v * 72;
  else if (g_str_has_prefix (after, "pt"))
    *pt = v;
  else
    return FALSE;
  *end = after + 2;
  return TRUE;
}

static void
size_syntax_error (const char  *text,
                   GError     **error)
{
  g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
               "\xe2\x80\x9c%s\xe2\x80\x9d is not a figure size; use ieee-single (3.5 in wide), "
               "ieee-double (7.16 in wide), either with an optional height such as "
               "ieee-single:2.6in, or WIDTHxHEIGHT with a unit mm, in or pt such as "
               "89x60mm or 3.5x2.5in", text);
}

gboolean
lsg_export_parse_size (const char  *text,
                       guint        n_panels,
                       double      *width_pt,
                       double      *height_pt,
                       GError     **error)
{
  g_autofree char *s = NULL;
  double w = 0, h = 0;
  const char *p = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (width_pt != NULL && height_pt != NULL, FALSE);

  s = g_ascii_strdown (text, -1);
  g_strstrip (s);
  if (g_str_has_prefix (s, "ieee-single") || g_str_has_prefix (s, "ieee-double"))
    {
      w = g_str_has_prefix (s, "ieee-single") ? LSG_EXPORT_IEEE_SINGLE_PT
                                                : LSG_EXPORT_IEEE_DOUBLE_PT;
      p = s + strlen ("ieee-single");
      if (*p == '\0')
        {
          guint cols = lsg_export_grid_columns (MAX (n_panels, 1));
          guint rows = (MAX (n_panels, 1) + cols - 1) / cols;

          h = rows * CLAMP (PANEL_ASPECT * w / cols, PANEL_MIN_H_PT, PANEL_MAX_H_PT);
        }
      else if (*p != ':' || !parse_length (p + 1, &h, &p) || *p != '\0')
        {
          size_syntax_error (text, error);
          return FALSE;
        }
    }
  else
    {
      /* WxHunit: the unit follows the height only */
      char *after = NULL;

      if (!g_ascii_isdigit (s[0]) && s[0] != '.')
        {
          size_syntax_error (text, error);
          return FALSE;
        }
      w = g_ascii_strtod (s, &after);
      if (after == s || !isfinite (w) || w <= 0
          || (*after != 'x' && !g_str_has_prefix (after, "\xc3\x97"))
          || !parse_length (after + (*after == 'x' ? 1 : 2), &h, &p) || *p != '\0')
        {
          size_syntax_error (text, error);
          return FALSE;
        }
      /* the width in the height's unit */
      w *= h / g_ascii_strtod (after + (*after == 'x' ? 1 : 2), NULL);
    }

  if (!size_in_range (w) || !size_in_range (h))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "Figure size \xe2\x80\x9c%s\xe2\x80\x9d is %.3g in \xc3\x97 %.3g in; "
                   "width and height must lie between %.3g in and %.3g in",
                   text, w / 72, h / 72, LSG_EXPORT_MIN_SIZE_PT / 72,
                   LSG_EXPORT_MAX_SIZE_PT / 72);
      return FALSE;
    }
  *width_pt = w;
  *height_pt = h;
  return TRUE;
}

/* ---- Drawing ---------------------------------------------------------- */

void
_lsg_export_style_init (LsgFigureStyle         *style,
                        const LsgExportOptions *options)
{
  lsg_figure_style_init_print (style);
  style->font_size = options->font_pt;
}

void
lsg_export_draw_page (cairo_t                 *cr,
                      LsgFigure              **panels,
                      guint                    n_panels,
                      const LsgExportOptions  *options)
{
  LsgFigureStyle style;
  guint cols = lsg_export_grid_columns (n_panels);
  guint rows = (n_panels + cols - 1) / cols;
  double pw = options->width_pt / cols, ph = options->height_pt / rows;

  _lsg_export_style_init (&style, options);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_restore (cr);

  for (guint i = 0; i < n_panels; i++)
    {
      g_autofree char *old = g_strdup (lsg_figure_get_panel_label (panels[i]));

      if (n_panels > 1)
        {
          g_autofree char *label = g_strdup_printf ("(%c)", 'a' + i);

          lsg_figure_set_panel_label (panels[i], label);
        }
      cairo_save (cr);
      cairo_translate (cr, (i % cols) * pw, (i / cols) * ph);
      lsg_figure_render (cr, panels[i], pw, ph, &style);
      cairo_restore (cr);
      lsg_figure_set_panel_label (panels[i], old);
    }
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
finish_surface (cairo_surface_t      *surface,
                cairo_t              *cr,
                const LsgExportPage  *page,
                GError              **error)
{
  cairo_status_t status = cairo_status (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_RENDER,
                   "Cannot draw the %s: %s", page->what, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
render_pdf (const LsgExportPage     *page,
            const LsgExportOptions  *options,
            const char              *design,
            GError                 **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes,
                                                 options->width_pt, options->height_pt);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  page->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "LogSGD Explorer " LSG_VERSION);
  if (design != NULL)
    {
      /* cairo 1.16 has no custom keys: the design point is the
       * document's subject, after a line that says so */
      g_autofree char *subject = g_strconcat (PDF_SUBJECT_HEAD, design, NULL);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS,
                                      "LogSGD design point");
    }
  cr = cairo_create (surface);
  page->draw (cr, options, page->data);
  if (!finish_surface (surface, cr, page, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
render_svg (const LsgExportPage     *page,
            const LsgExportOptions  *options,
            const char              *design,
            GError                 **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  const char *svg, *open_end;
  GString *out;

  surface = cairo_svg_surface_create_for_stream (append_bytes, bytes,
                                                 options->width_pt, options->height_pt);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
  cr = cairo_create (surface);
  page->draw (cr, options, page->data);
  if (!finish_surface (surface, cr, page, error))
    return NULL;

  g_byte_array_append (bytes, (const guint8 *) "", 1);   /* NUL-terminated */
  svg = (const char *) bytes->data;
  open_end = strstr (svg, "<svg");
  open_end = open_end != NULL ? strchr (open_end, '>') : NULL;
  if (open_end == NULL)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_RENDER,
                   "Cannot draw the %s: cairo wrote no <svg> element", page->what);
      return NULL;
    }
  out = g_string_sized_new (bytes->len + (design != NULL ? 2 * strlen (design) : 0) + 256);
  g_string_append_len (out, svg, open_end + 1 - svg);
  if (design != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (design, -1);

      g_string_append (out, "\n<metadata>\n<" SVG_ELEMENT " xmlns:logsgd=\"" SVG_NAMESPACE "\">");
      g_string_append (out, escaped);
      g_string_append (out, "</" SVG_ELEMENT ">\n</metadata>");
    }
  g_string_append (out, open_end + 1);
  return g_string_free_to_bytes (out);
}

static GBytes *
render_png (const LsgExportPage     *page,
            const LsgExportOptions  *options,
            const char              *design,
            GError                 **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GByteArray) out = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double px_w = round (options->width_pt / 72 * options->dpi);
  double px_h = round (options->height_pt / 72 * options->dpi);
  cairo_status_t status;
  guint32 ihdr_len;

  if (px_w > PNG_MAX_SIDE || px_h > PNG_MAX_SIDE || px_w * px_h > PNG_MAX_PIXELS)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "A PNG of %.0f \xc3\x97 %.0f pixels (%.3g in \xc3\x97 %.3g in at %g dpi) "
                   "is too large: at most %d pixels a side and %u in all; lower the dpi "
                   "or the size", px_w, px_h, options->width_pt / 72,
                   options->height_pt / 72, options->dpi, PNG_MAX_SIDE, PNG_MAX_PIXELS);
      return NULL;
    }

  /* opaque RGB: a figure on paper has no transparency */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) px_w, (int) px_h);
  cr = cairo_create (surface);
  cairo_scale (cr, options->dpi / 72, options->dpi / 72);
  page->draw (cr, options, page->data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_RENDER,
                   "Cannot draw the %s: %s", page->what, cairo_status_to_string (status));
      return NULL;
    }

  /* signature, IHDR, then ours: pHYs (the dpi) and iTXt (the design point) */
  if (bytes->len < 8 + 12 + 13 || memcmp (bytes->data, _lsg_export_png_signature, 8) != 0
      || memcmp (bytes->data + 12, "IHDR", 4) != 0)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_RENDER,
                   "Cannot draw the %s: cairo wrote no PNG header", page->what);
      return NULL;
    }
  ihdr_len = _lsg_export_get_be32 (bytes->data + 8);
  out = g_byte_array_sized_new (bytes->len + (design != NULL ? strlen (design) : 0) + 128);
  g_byte_array_append (out, bytes->data, 8 + 12 + ihdr_len);
  {
    guint32 ppm = (guint32) round (options->dpi / 0.0254);
    guint8 phys[9] = {
      ppm >> 24, (ppm >> 16) & 0xFF, (ppm >> 8) & 0xFF, ppm & 0xFF,
      ppm >> 24, (ppm >> 16) & 0xFF, (ppm >> 8) & 0xFF, ppm & 0xFF,
      1,                                  /* unit: metre */
    };

    _lsg_export_png_put_chunk (out, "pHYs", phys, sizeof phys);
  }
  if (design != NULL)
    {
      g_autoptr(GByteArray) itxt = g_byte_array_new ();
      /* keyword, NUL, not compressed, method 0, no language, NUL, no
       * translated keyword, NUL, UTF-8 text */
      static const guint8 head_tail[] = { 0, 0, 0, 0, 0 };

      g_byte_array_append (itxt, (const guint8 *) PNG_KEYWORD, strlen (PNG_KEYWORD));
      g_byte_array_append (itxt, head_tail, sizeof head_tail);
      g_byte_array_append (itxt, (const guint8 *) design, strlen (design));
      _lsg_export_png_put_chunk (out, "iTXt", itxt->data, itxt->len);
    }
  g_byte_array_append (out, bytes->data + 8 + 12 + ihdr_len,
                       bytes->len - (8 + 12 + ihdr_len));
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- Files ------------------------------------------------------------ */

static char *
path_without_extension (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  if (dot == NULL || dot == base)
    return g_strdup (path);
  return g_strndup (path, strlen (path) - strlen (dot));
}

char **
lsg_export_list_outputs (const LsgExportOptions *options,
                         const char             *path)
{
  GPtrArray *files = g_ptr_array_new ();
  g_autofree char *stem = NULL;

  g_return_val_if_fail (options != NULL && path != NULL, NULL);

  stem = path_without_extension (path);
  g_ptr_array_add (files, g_strdup (path));
  if (options->data || options->tex)
    g_ptr_array_add (files, g_strconcat (stem, ".csv", NULL));
  if (options->tex)
    g_ptr_array_add (files, g_strconcat (stem, ".tex", NULL));
  g_ptr_array_add (files, NULL);
  return (char **) g_ptr_array_free (files, FALSE);
}

gboolean
_lsg_export_check_format (const LsgExportOptions  *options,
                          const char              *path,
                          LsgExportFormat         *format,
                          GError                 **error)
{
  *format = options->format != LSG_EXPORT_FORMAT_AUTO ? options->format
                                                      : lsg_export_format_from_path (path);
  if (*format == LSG_EXPORT_FORMAT_AUTO)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_FORMAT,
                   "Cannot tell the format of %s: give it the extension .pdf, .svg or "
                   ".png, or choose the format", path);
      return FALSE;
    }
  return TRUE;
}

GBytes *
_lsg_export_render_page (const LsgExportPage     *page,
                         LsgExportFormat          format,
                         const LsgExportOptions  *options,
                         const char              *design_point_data,
                         GError                 **error)
{
  if (!size_in_range (options->width_pt) || !size_in_range (options->height_pt))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "Figure size %.4g pt \xc3\x97 %.4g pt: width and height must lie "
                   "between %g pt and %g pt", options->width_pt, options->height_pt,
                   LSG_EXPORT_MIN_SIZE_PT, LSG_EXPORT_MAX_SIZE_PT);
      return NULL;
    }
  if (!(options->font_pt >= LSG_EXPORT_MIN_FONT_PT && options->font_pt <= LSG_EXPORT_MAX_FONT_PT))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "Font size %g pt: allowed are %g pt to %g pt", options->font_pt,
                   LSG_EXPORT_MIN_FONT_PT, LSG_EXPORT_MAX_FONT_PT);
      return NULL;
    }
  if (format == LSG_EXPORT_FORMAT_PNG
      && !(options->dpi >= LSG_EXPORT_MIN_DPI && options->dpi <= LSG_EXPORT_MAX_DPI))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "Resolution %g dpi: allowed are %g to %g dpi", options->dpi,
                   LSG_EXPORT_MIN_DPI, LSG_EXPORT_MAX_DPI);
      return NULL;
    }

  switch (format)
    {
    case LSG_EXPORT_FORMAT_PDF:
      return render_pdf (page, options, design_point_data, error);
    case LSG_EXPORT_FORMAT_SVG:
      return render_svg (page, options, design_point_data, error);
    case LSG_EXPORT_FORMAT_PNG:
    case LSG_EXPORT_FORMAT_AUTO:
    default:
      return render_png (page, options, design_point_data, error);
    }
}

gboolean
_lsg_export_write_files (const LsgExportOptions  *options,
                         const char              *path,
                         GBytes                  *figure,
                         GBytes                  *csv,
                         GBytes                  *tex,
                         GError                 **error)
{
  /* the caller has asked before replacing a file (--force, a dialog) */
  g_autoptr(LsgOutputSet) outputs = lsg_output_set_new (TRUE);
  g_auto(GStrv) files = lsg_export_list_outputs (options, path);
  g_autoptr(GError) local_error = NULL;
  guint k = 1;

  lsg_output_set_add (outputs, files[0], figure);
  if (csv != NULL)
    {
      if (g_str_equal (files[k], path))
        {
          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                       "Cannot write the data to %s: that is the figure's own file name", path);
          return FALSE;
        }
      lsg_output_set_add (outputs, files[k++], csv);
    }
  if (tex != NULL)
    {
      if (g_str_equal (files[k], path))
        {
          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                       "Cannot write the pgfplots file to %s: that is the figure's own "
                       "file name", path);
          return FALSE;
        }
      lsg_output_set_add (outputs, files[k++], tex);
    }
  /* all to temporary files, then all renamed: nothing new appears unless
   * everything was written; devices and FIFOs are written to, never replaced */
  if (!lsg_output_set_commit (outputs, &local_error))
    {
      g_set_error_literal (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE, local_error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  LsgFigure **panels;
  guint       n_panels;
} Panels;

static void
draw_panels (cairo_t                *cr,
             const LsgExportOptions *options,
             gpointer                data)
{
  Panels *p = data;

  lsg_export_draw_page (cr, p->panels, p->n_panels, options);
}

gboolean
lsg_export_write (LsgFigure              **panels,
                  guint                    n_panels,
                  const LsgExportOptions  *options,
                  const char              *path,
                  const char              *design_point_data,
                  GError                 **error)
{
  Panels p = { panels, n_panels };
  LsgExportPage page = { "LogSGD Explorer figure", "figure", draw_panels, &p };
  g_autoptr(GBytes) figure = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) tex = NULL;
  LsgExportFormat format;

  g_return_val_if_fail (panels != NULL && n_panels > 0 && n_panels <= 26, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  for (guint i = 0; i < n_panels; i++)
    g_return_val_if_fail (panels[i] != NULL, FALSE);

  if (!_lsg_export_check_format (options, path, &format, error))
    return FALSE;
  figure = _lsg_export_render_page (&page, format, options, design_point_data, error);
  if (figure == NULL)
    return FALSE;
  if (options->data || options->tex)
    {
      g_auto(GStrv) files = lsg_export_list_outputs (options, path);
      char *text = _lsg_export_build_csv (panels, n_panels, error);

      if (text == NULL)
        return FALSE;
      csv = g_bytes_new_take (text, strlen (text));
      if (options->tex)
        {
          text = _lsg_export_build_tex (panels, n_panels, options, path, files[1]);
          tex = g_bytes_new_take (text, strlen (text));
        }
    }
  return _lsg_export_write_files (options, path, figure, csv, tex, error);
}
