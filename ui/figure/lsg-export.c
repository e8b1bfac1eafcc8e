/* lsg-export.c: figures for papers, their data and their design point. */
#include "lsg-config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-device.h"
#include "lsg-export.h"

G_DEFINE_QUARK (lsg-export-error-quark, lsg_export_error)

/* The embedded design point: PDF /Subject starts with this line, the SVG
 * element and the PNG chunk carry these names. */
#define PDF_SUBJECT_HEAD  "LogSGD design point (LogSGD Explorer design-point file):\n"
#define SVG_NAMESPACE     "urn:io.github.logsgd:design-point"
#define SVG_ELEMENT       "logsgd:design-point"
#define PNG_KEYWORD       "LogSGD-Design-Point"

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

/* ---- Figures ---------------------------------------------------------- */

static LsgCellLaw
cell_law (const LsgParams *p)
{
  return (LsgCellLaw) {
    .kappa = p->kappa,
    .u_t = lsg_params_thermal_voltage (p),
    .i_spec = p->i_spec,
    .v_t0 = p->v_t0,
    .ekv = p->moderate_inversion,
  };
}

guint
lsg_export_cell_voltages (const LsgParams *params,
                          const double    *i_plus,
                          const double    *i_minus,
                          gsize            n,
                          double          *v_plus,
                          double          *v_minus)
{
  g_return_val_if_fail (params != NULL, 0);
  g_return_val_if_fail (n == 0 || (i_plus != NULL && v_plus != NULL), 0);

  if (params->storage == LSG_STORAGE_CLASS_AB)
    {
      /* I+ = I_Q exp (kappa V / U_T): the loop's one voltage */
      double scale = lsg_params_thermal_voltage (params) / params->kappa;

      for (gsize k = 0; k < n; k++)
        v_plus[k] = scale * log (i_plus[k] / params->i_q);
      return 1;
    }

  g_return_val_if_fail (n == 0 || (i_minus != NULL && v_minus != NULL), 0);
  {
    LsgCellLaw law = cell_law (params);

    for (gsize k = 0; k < n; k++)
      {
        v_plus[k] = lsg_cell_voltage (&law, i_plus[k]);
        v_minus[k] = lsg_cell_voltage (&law, i_minus[k]);
      }
  }
  return 2;
}

static void
set_column_data (LsgFigure           *fig,
                 guint                series,
                 const LsgTrajectory *traj,
                 const double        *t,
                 guint                column,
                 guint                n_rows)
{
  g_autofree double *y = g_new (double, MAX (n_rows, 1));

  lsg_trajectory_copy_column (traj, column, 0, n_rows, y);
  lsg_figure_series_set_data (fig, series, t, y, n_rows);
}

/* The hold phase, from the end of training to the last row, as the
 * window shades it. */
static void
set_hold_span (LsgFigure           *fig,
               const LsgTrajectory *traj,
               guint                n_rows)
{
  for (guint k = 0; k < n_rows; k++)
    if (lsg_trajectory_get_row (traj, k)[LSG_COL_PHASE] == LSG_PHASE_HOLD)
      {
        double t0 = k > 0 ? lsg_trajectory_get_row (traj, k - 1)[LSG_COL_T] : 0;

        lsg_figure_set_span (fig, t0, lsg_trajectory_get_row (traj, n_rows - 1)[LSG_COL_T],
                             "hold");
        return;
      }
}

LsgFigure *
lsg_export_build_figure (LsgExportFigure  kind,
                         LsgTrajectory   *traj,
                         const LsgParams *params,
                         const double    *w_star,
                         guint            inside_weight)
{
  g_autoptr(LsgFigure) fig = NULL;
  const LsgTrajectoryLayout *l;
  g_autofree double *t = NULL;
  guint n_rows, n, wi;

  g_return_val_if_fail (traj != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  l = lsg_trajectory_get_layout (traj);
  n = l->n_weights;
  n_rows = lsg_trajectory_get_n_rows (traj);
  wi = n > 0 ? MIN (inside_weight, n - 1) : 0;
  t = g_new (double, MAX (n_rows, 1));
  lsg_trajectory_copy_column (traj, LSG_COL_T, 0, n_rows, t);

  fig = lsg_figure_new ();
  lsg_figure_set_x_axis (fig, "Time", "s");
  lsg_figure_set_x_column (fig, "t_s");

  switch (kind)
    {
    case LSG_EXPORT_FIGURE_WEIGHTS:
      lsg_figure_set_y_axis (fig, "Weight", "");
      for (guint i = 0; i < n; i++)
        {
          gboolean bias = params->bias_input && i == n - 1;
          g_autofree char *name = bias ? g_strdup ("bias") : g_strdup_printf ("w%u", i);
          g_autofree char *ref = g_strdup_printf ("%s ideal", name);
          g_autofree char *w_col = g_strdup_printf ("w_%u", i);
          g_autofree char *ref_col = g_strdup_printf ("ref_%u", i);
          guint s;

          /* series 2i: circuit, 2i + 1: R2, one colour per weight */
          s = lsg_figure_add_series (fig, name, i, LSG_LINE_SOLID, TRUE);
          lsg_figure_series_set_column (fig, s, w_col);
          set_column_data (fig, s, traj, t, l->w + i, n_rows);
          s = lsg_figure_add_series (fig, ref, i, LSG_LINE_DASHED, FALSE);
          /* its weight's marker is on the solid trace beside it */
          lsg_figure_series_set_print_marker (fig, s, FALSE);
          lsg_figure_series_set_column (fig, s, ref_col);
          set_column_data (fig, s, traj, t, l->ref + i, n_rows);
        }
      {
        /* a paper has no title saying "dashed: ideal": a legend key does */
        guint key = lsg_figure_add_series (fig, "ideal SGD", LSG_PALETTE_FOREGROUND,
                                           LSG_LINE_DASHED, TRUE);

        lsg_figure_series_set_print_marker (fig, key, FALSE);
      }
      if (w_star != NULL && n > 0)
        {
          g_autofree guint *colors = g_new (guint, n);

          for (guint i = 0; i < n; i++)
            colors[i] = i;
          lsg_figure_set_edge_markers (fig, w_star, colors, n, "ridge optimum w*");
        }
      set_hold_span (fig, traj, n_rows);
      break;

    case LSG_EXPORT_FIGURE_LOSS:
      {
        guint s;

        lsg_figure_set_y_axis (fig, "Training loss", "");
        lsg_figure_set_y_log (fig, TRUE);
        s = lsg_figure_add_series (fig, "circuit", 0, LSG_LINE_SOLID, TRUE);
        lsg_figure_series_set_column (fig, s, "loss");
        set_column_data (fig, s, traj, t, l->loss, n_rows);
        s = lsg_figure_add_series (fig, "ideal SGD", 0, LSG_LINE_DASHED, TRUE);
        lsg_figure_series_set_print_marker (fig, s, FALSE);
        lsg_figure_series_set_column (fig, s, "ref_loss");
        set_column_data (fig, s, traj, t, l->ref_loss, n_rows);
        set_hold_span (fig, traj, n_rows);
      }
      break;

    case LSG_EXPORT_FIGURE_CURRENTS:
      {
        g_autofree double *y = g_new (double, MAX (n_rows, 1));

        lsg_figure_set_y_axis (fig, "Cell current", "A");
        lsg_figure_set_y_log (fig, TRUE);
        if (n == 0)
          break;
        for (guint side = 0; side < 2; side++)
          {
            /* names as the window's: I+, I− */
            g_autofree char *column = g_strdup_printf ("i_%s_%u", side == 0 ? "plus" : "minus", wi);
            guint s;

            lsg_trajectory_copy_column (traj, (side == 0 ? l->i_plus : l->i_minus) + wi,
                                        0, n_rows, y);
            s = lsg_figure_add_series (fig, side == 0 ? "I+" : "I\xe2\x88\x92", 1,
                                       side == 0 ? LSG_LINE_SOLID : LSG_LINE_DASHED, TRUE);
            if (side == 1)
              lsg_figure_series_set_print_marker (fig, s, FALSE);
            lsg_figure_series_set_column (fig, s, column);
            lsg_figure_series_set_data (fig, s, t, y, n_rows);
          }
      }
      break;

    case LSG_EXPORT_FIGURE_VOLTAGES:
      {
        g_autofree double *i_plus = g_new (double, MAX (n_rows, 1));
        g_autofree double *i_minus = g_new (double, MAX (n_rows, 1));
        g_autofree double *v_plus = g_new (double, MAX (n_rows, 1));
        g_autofree double *v_minus = g_new (double, MAX (n_rows, 1));
        guint n_v, s;

        lsg_figure_set_y_axis (fig, "Capacitor voltage", "V");
        if (n == 0)
          break;
        lsg_trajectory_copy_column (traj, l->i_plus + wi, 0, n_rows, i_plus);
        lsg_trajectory_copy_column (traj, l->i_minus + wi, 0, n_rows, i_minus);
        n_v = lsg_export_cell_voltages (params, i_plus, i_minus, n_rows, v_plus, v_minus);
        if (n_v == 1)
          {
            /* class AB: one capacitor, whose V sets both halves */
            g_autofree char *column = g_strdup_printf ("v_%u", wi);

            s = lsg_figure_add_series (fig, "V", 2, LSG_LINE_SOLID, TRUE);
            lsg_figure_series_set_column (fig, s, column);
            lsg_figure_series_set_data (fig, s, t, v_plus, n_rows);
            break;
          }
        for (guint side = 0; side < 2; side++)
          {
            /* names as the window's: V+, V− */
            g_autofree char *column = g_strdup_printf ("v_%s_%u", side == 0 ? "plus" : "minus", wi);

            s = lsg_figure_add_series (fig, side == 0 ? "V+" : "V\xe2\x88\x92", 2,
                                       side == 0 ? LSG_LINE_SOLID : LSG_LINE_DASHED, TRUE);
            if (side == 1)
              lsg_figure_series_set_print_marker (fig, s, FALSE);
            lsg_figure_series_set_column (fig, s, column);
            lsg_figure_series_set_data (fig, s, t, side == 0 ? v_plus : v_minus, n_rows);
          }
      }
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  lsg_figure_fit_view (fig);
  if (n_rows > 0 && t[n_rows - 1] > 0)
    {
      /* on paper the time axis ends with the run: the edge markers then
       * sit where the traces end */
      LsgRange x = { MIN (0, t[0]), t[n_rows - 1] };

      lsg_figure_set_view (fig, &x, NULL);
    }
  return g_steal_pointer (&fig);
}

/* ---- Drawing ---------------------------------------------------------- */

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

  lsg_figure_style_init_print (&style);
  style.font_size = options->font_pt;

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
finish_surface (cairo_surface_t  *surface,
                cairo_t          *cr,
                GError          **error)
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
                   "Cannot draw the figure: %s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
render_pdf (LsgFigure              **panels,
            guint                    n_panels,
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
                                  "LogSGD Explorer figure");
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
  lsg_export_draw_page (cr, panels, n_panels, options);
  if (!finish_surface (surface, cr, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
render_svg (LsgFigure              **panels,
            guint                    n_panels,
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
  lsg_export_draw_page (cr, panels, n_panels, options);
  if (!finish_surface (surface, cr, error))
    return NULL;

  g_byte_array_append (bytes, (const guint8 *) "", 1);   /* NUL-terminated */
  svg = (const char *) bytes->data;
  open_end = strstr (svg, "<svg");
  open_end = open_end != NULL ? strchr (open_end, '>') : NULL;
  if (open_end == NULL)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_RENDER,
                   "Cannot draw the figure: cairo wrote no <svg> element");
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

/* ---- PNG chunks ------------------------------------------------------- */

/* CRC-32 of ISO 3309 / PNG (polynomial 0xEDB88320, reflected). */
static guint32
png_crc (const guint8 *data,
         gsize         len,
         guint32       crc)
{
  static guint32 table[256];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&ready, 1);
    }
  crc ^= 0xFFFFFFFFu;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF };

  g_byte_array_append (out, b, 4);
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
png_put_chunk (GByteArray   *out,
               const char   *type,
               const guint8 *data,
               gsize         len)
{
  guint32 crc;

  put_be32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = png_crc ((const guint8 *) type, 4, 0);
  crc = png_crc (data, len, crc);
  put_be32 (out, crc);
}

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

static GBytes *
render_png (LsgFigure              **panels,
            guint                    n_panels,
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
  lsg_export_draw_page (cr, panels, n_panels, options);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_RENDER,
                   "Cannot draw the figure: %s", cairo_status_to_string (status));
      return NULL;
    }

  /* signature, IHDR, then ours: pHYs (the dpi) and iTXt (the design point) */
  if (bytes->len < 8 + 12 + 13 || memcmp (bytes->data, png_signature, 8) != 0
      || memcmp (bytes->data + 12, "IHDR", 4) != 0)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_RENDER,
                   "Cannot draw the figure: cairo wrote no PNG header");
      return NULL;
    }
  ihdr_len = get_be32 (bytes->data + 8);
  out = g_byte_array_sized_new (bytes->len + (design != NULL ? strlen (design) : 0) + 128);
  g_byte_array_append (out, bytes->data, 8 + 12 + ihdr_len);
  {
    guint32 ppm = (guint32) round (options->dpi / 0.0254);
    guint8 phys[9] = {
      ppm >> 24, (ppm >> 16) & 0xFF, (ppm >> 8) & 0xFF, ppm & 0xFF,
      ppm >> 24, (ppm >> 16) & 0xFF, (ppm >> 8) & 0xFF, ppm & 0xFF,
      1,                                  /* unit: metre */
    };

    png_put_chunk (out, "pHYs", phys, sizeof phys);
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
      png_put_chunk (out, "iTXt", itxt->data, itxt->len);
    }
  g_byte_array_append (out, bytes->data + 8 + 12 + ihdr_len,
                       bytes->len - (8 + 12 + ihdr_len));
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- Data: CSV -------------------------------------------------------- */

typedef struct {
  char         *name;
  const double *y;
} Column;

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->name);
}

static char *
column_name_from (const char *name)
{
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    g_string_append_c (s, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '_');
  if (s->len == 0)
    g_string_append (s, "y");
  return g_string_free (s, FALSE);
}

static char *
series_column (LsgFigure *fig,
               guint      series)
{
  const char *column = lsg_figure_series_get_column (fig, series);

  return column != NULL ? g_strdup (column)
                        : column_name_from (lsg_figure_series_get_name (fig, series));
}

static gboolean
same_x (const double *a,
        const double *b,
        gsize         n)
{
  return a == b || memcmp (a, b, n * sizeof *a) == 0;
}

/* Every series with data in every panel, one column each, sharing the
 * first series' x. */
static char *
build_csv (LsgFigure **panels,
           guint       n_panels,
           GError    **error)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  const double *x = NULL;
  const char *x_name = NULL;
  gsize n = 0;
  GString *out;

  g_array_set_clear_func (columns, column_clear);
  for (guint p = 0; p < n_panels; p++)
    for (guint s = 0; s < lsg_figure_get_n_series (panels[p]); s++)
      {
        const double *sx, *sy;
        gsize m = lsg_figure_series_get_data (panels[p], s, &sx, &sy);
        Column c;
        gboolean dup = FALSE;

        if (m == 0)
          continue;   /* a legend key */
        if (x == NULL)
          {
            x = sx;
            n = m;
            x_name = lsg_figure_get_x_column (panels[p]);
          }
        else if (m != n || !same_x (x, sx, n))
          {
            g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_DATA,
                         "Cannot write the data as one table: series \xe2\x80\x9c%s\xe2\x80\x9d "
                         "has other x values than \xe2\x80\x9c%s\xe2\x80\x9d",
                         lsg_figure_series_get_name (panels[p], s),
                         g_array_index (columns, Column, 0).name);
            return NULL;
          }
        c.name = series_column (panels[p], s);
        c.y = sy;
        for (guint k = 0; k < columns->len && !dup; k++)
          {
            Column *o = &g_array_index (columns, Column, k);

            if (g_str_equal (o->name, c.name))
              {
                if (memcmp (o->y, c.y, n * sizeof (double)) == 0)
                  dup = TRUE;    /* the same trace in two panels */
                else
                  {
                    char *renamed = g_strdup_printf ("%s_%u", c.name, columns->len);

                    g_free (c.name);
                    c.name = renamed;
                  }
              }
          }
        if (dup)
          g_free (c.name);
        else
          g_array_append_val (columns, c);
      }

  out = g_string_sized_new ((n + 1) * (columns->len + 1) * 24);
  g_string_append (out, x_name != NULL ? x_name : "x");
  for (guint k = 0; k < columns->len; k++)
    {
      g_string_append_c (out, ',');
      g_string_append (out, g_array_index (columns, Column, k).name);
    }
  g_string_append_c (out, '\n');
  /* every number as logsgd run writes trajectory.csv: the shortest text
   * that reads back to the same double */
  for (gsize r = 0; r < n; r++)
    {
      lsg_number_append (out, x[r]);
      for (guint k = 0; k < columns->len; k++)
        {
          g_string_append_c (out, ',');
          lsg_number_append (out, g_array_index (columns, Column, k).y[r]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- Data: pgfplots --------------------------------------------------- */

static char *
tex_escape (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '\\': g_string_append (s, "\\textbackslash{}"); break;
        case '{': case '}': case '$': case '&': case '#': case '_': case '%':
          g_string_append_c (s, '\\');
          g_string_append_c (s, (char) c);
          break;
        case '^': g_string_append (s, "\\textasciicircum{}"); break;
        case '~': g_string_append (s, "\\textasciitilde{}"); break;
        case 0x2212: g_string_append (s, "\\ensuremath{-}"); break;
        case 0x00B5: case 0x03BC: g_string_append (s, "\\ensuremath{\\mu}"); break;
        case 0x00D7: g_string_append (s, "\\ensuremath{\\times}"); break;
        default: g_string_append_unichar (s, c);
        }
    }
  return g_string_free (s, FALSE);
}

/* The SI prefix that shows the range with 1 to 999 before the unit, as
 * the renderer's axis title does: its factor and the prefixed unit. */
static double
axis_scale (double      lo,
            double      hi,
            const char *unit,
            char      **prefixed)
{
  static const struct {
    double      factor;
    const char *prefix;
  } prefixes[] = {
    { 1e-15, "f" }, { 1e-12, "p" }, { 1e-9, "n" }, { 1e-6, "\xc2\xb5" },
    { 1e-3, "m" }, { 1, "" }, { 1e3, "k" }, { 1e6, "M" }, { 1e9, "G" },
  };
  double m = MAX (fabs (lo), fabs (hi));
  guint best = 5;

  if (unit == NULL || unit[0] == '\0')
    {
      *prefixed = g_strdup ("");
      return 1;
    }
  if (m > 0 && isfinite (m))
    for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
      if (m / prefixes[i].factor >= 1 - 1e-9)
        best = i;
  *prefixed = g_strconcat (prefixes[best].prefix, unit, NULL);
  return prefixes[best].factor;
}

static char *
tex_axis_label (const char *label,
                const char *unit)
{
  g_autofree char *l = tex_escape (label != NULL ? label : "");
  g_autofree char *u = tex_escape (unit != NULL ? unit : "");

  if (l[0] != '\0' && u[0] != '\0')
    return g_strdup_printf ("%s (%s)", l, u);
  return g_strdup (l[0] != '\0' ? l : u);
}

/* The renderer's marker for a palette index: open shapes (pgfplots'
 * names without *) from the ninth index on. */
static const char *
tex_mark (guint palette)
{
  gboolean open = palette % LSG_PALETTE_SIZE >= LSG_PALETTE_N_STYLES;

  switch (lsg_palette_marker (palette))
    {
    case LSG_MARKER_CIRCLE: return open ? "o" : "*";
    case LSG_MARKER_SQUARE: return open ? "square" : "square*";
    case LSG_MARKER_TRIANGLE_UP: return open ? "triangle" : "triangle*";
    case LSG_MARKER_DIAMOND: return open ? "diamond" : "diamond*";
    case LSG_MARKER_TRIANGLE_DOWN: return open ? "triangle" : "triangle*";
    case LSG_MARKER_PLUS: return "+";
    case LSG_MARKER_CROSS: return "x";
    case LSG_MARKER_STAR:
    default: return "asterisk";
    }
}

static const char *
tex_dash (LsgLineStyle line)
{
  switch (line)
    {
    case LSG_LINE_DASHED: return "densely dashed";
    case LSG_LINE_DOTTED: return "densely dotted";
    case LSG_LINE_NONE: return "only marks, mark=*";
    case LSG_LINE_SOLID:
    default: return "solid";
    }
}

static void
tex_number (GString *out,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

#define TEX_POINTS 800
#define TEX_LEGEND_COLS 4

/* The corner of the axis with the fewest data points, in the order
 * pgfplots users expect (north east first). */
static const char *
tex_legend_corner (LsgFigure *fig)
{
  static const char *const corners[] = { "north east", "north west", "south east", "south west" };
  LsgRange vx, vy;
  gsize count[4] = { 0 };
  gboolean y_log = lsg_figure_get_y_log (fig);
  guint best = 0;

  lsg_figure_get_view (fig, &vx, &vy);
  for (guint s = 0; s < lsg_figure_get_n_series (fig); s++)
    {
      const double *x, *y;
      gsize n = lsg_figure_series_get_data (fig, s, &x, &y);
      gsize step = MAX (n / 2000, 1);

      for (gsize k = 0; k < n; k += step)
        {
          double tx = (x[k] - vx.lo) / (vx.hi - vx.lo), ty;

          if (y_log)
            ty = y[k] > 0 ? log (y[k] / vy.lo) / log (vy.hi / vy.lo) : NAN;
          else
            ty = (y[k] - vy.lo) / (vy.hi - vy.lo);
          if (!(tx >= 0 && tx <= 1 && ty >= 0 && ty <= 1))
            continue;
          if (tx > 0.55 && ty > 0.6)
            count[0]++;
          if (tx < 0.45 && ty > 0.6)
            count[1]++;
          if (tx > 0.55 && ty < 0.4)
            count[2]++;
          if (tx < 0.45 && ty < 0.4)
            count[3]++;
        }
    }
  {
    /* the span's label sits at its top left */
    double x0, x1, tx;
    const char *label;

    lsg_figure_get_span (fig, &x0, &x1, &label);
    tx = (x0 - vx.lo) / (vx.hi - vx.lo);
    if (label != NULL && label[0] != '\0' && tx >= 0 && tx <= 1)
      count[tx > 0.5 ? 0 : 1] += 1000;
  }
  for (guint c = 1; c < G_N_ELEMENTS (corners); c++)
    if (count[c] < count[best])
      best = c;
  return corners[best];
}

static void
tex_panel (GString                 *out,
           LsgFigure               *fig,
           guint                    index_,
           guint                    n_panels,
           const LsgExportOptions  *options,
           const char              *csv_name)
{
  LsgFigureStyle style;
  LsgRange vx, vy;
  guint cols = lsg_export_grid_columns (n_panels);
  guint rows = (n_panels + cols - 1) / cols;
  double pw = options->width_pt / cols, ph = options->height_pt / rows;
  double fs = options->font_pt;
  g_autofree char *x_unit = NULL;
  g_autofree char *y_unit = NULL;
  g_autofree char *x_label = NULL;
  g_autofree char *y_label = NULL;
  /* a file name and column names are read by pgfplots, not typeset */
  const char *csv = csv_name;
  const char *x_col = lsg_figure_get_x_column (fig);
  gboolean y_log = lsg_figure_get_y_log (fig);
  double x_scale, y_scale;
  guint n_series = lsg_figure_get_n_series (fig), n_legend = 0;
  const double *edge_y;
  const guint *edge_palette;
  const char *edge_label, *span_label, *hline_label;
  guint n_edges;
  double span_x0, span_x1, hline_y;

  lsg_figure_style_init_print (&style);
  style.font_size = fs;
  lsg_figure_get_view (fig, &vx, &vy);
  x_scale = axis_scale (vx.lo, vx.hi, lsg_figure_get_x_unit (fig), &x_unit);
  /* log axes keep their numbers: pgfplots labels the decades */
  y_scale = y_log ? 1 : axis_scale (vy.lo, vy.hi, lsg_figure_get_y_unit (fig), &y_unit);
  if (y_log)
    y_unit = g_strdup (lsg_figure_get_y_unit (fig));
  x_label = tex_axis_label (lsg_figure_get_x_label (fig), x_unit);
  y_label = tex_axis_label (lsg_figure_get_y_label (fig), y_unit);
  n_edges = lsg_figure_get_edge_markers (fig, &edge_y, &edge_palette, &edge_label);
  lsg_figure_get_span (fig, &span_x0, &span_x1, &span_label);
  lsg_figure_get_hline (fig, &hline_y, &hline_label);
  for (guint s = 0; s < n_series; s++)
    n_legend += lsg_figure_series_get_in_legend (fig, s);
  n_legend += n_edges > 0 && edge_label != NULL && edge_label[0] != '\0';

  /* colours as the renderer draws them in print style */
  for (guint s = 0; s < n_series; s++)
    {
      double rgb[3];

      lsg_figure_series_get_color (fig, s, &style, rgb);
      g_string_append_printf (out, "\\definecolor{lsg%c%u}{rgb}{%.3f,%.3f,%.3f}\n",
                              'a' + index_, s, rgb[0], rgb[1], rgb[2]);
    }

  g_string_append (out, "\\begin{axis}[\n");
  if (n_panels > 1)
    {
      g_string_append_printf (out, "  at={(%.2fpt,%.2fpt)}, anchor=outer north west,\n",
                              (index_ % cols) * pw, -(double) (index_ / cols) * ph);
      g_string_append_printf (out, "  title={(%c)}, title style={at={(0,1)}, anchor=south east, "
                              "font=\\bfseries},\n", 'a' + index_);
    }
  {
    /* a legend under the axis takes its height from the panel's */
    guint legend_rows = (n_legend + TEX_LEGEND_COLS - 1) / TEX_LEGEND_COLS;
    double legend_h = n_legend > 4 ? legend_rows * 1.6 * 0.75 * fs + 1.5 * fs : 0;

    g_string_append_printf (out, "  width=%.2fpt, height=%.2fpt,\n", pw, ph - legend_h);
  }
  g_string_append_printf (out, "  xlabel={%s}, ylabel={%s},\n", x_label, y_label);
  g_string_append (out, "  xmin=");
  tex_number (out, vx.lo / x_scale);
  g_string_append (out, ", xmax=");
  tex_number (out, vx.hi / x_scale);
  g_string_append (out, ", ymin=");
  tex_number (out, vy.lo / y_scale);
  g_string_append (out, ", ymax=");
  tex_number (out, vy.hi / y_scale);
  g_string_append (out, ",\n");
  if (y_log)
    g_string_append (out, "  ymode=log,\n");
  g_string_append (out, "  scaled ticks=false, unbounded coords=jump,\n"
                        "  label style={font=\\footnotesize}, tick label style={font=\\scriptsize},\n"
                        "  legend style={font=\\scriptsize, draw=none, fill=white, fill opacity=0.85, "
                        "text opacity=1},\n"
                        "  legend cell align=left,\n");
  /* many entries under the plot in rows, a few inside in the corner
   * with the least data, as the renderer does */
  if (n_legend > 4)
    g_string_append_printf (out, "  legend columns=%u, legend style={at={(0.5,0)}, anchor=north, "
                            "yshift=-%.1fpt, /tikz/every even column/.append style="
                            "{column sep=0.5em}},\n", MIN (n_legend, TEX_LEGEND_COLS),
                            3.4 * fs);
  else
    g_string_append_printf (out, "  legend pos=%s,\n", tex_legend_corner (fig));
  g_string_append (out, "]\n");

  if (!isnan (span_x0))
    {
      g_string_append (out, "\\addplot[draw=none, fill=black, fill opacity=0.1, forget plot] "
                            "coordinates {");
      for (guint k = 0; k < 4; k++)
        {
          g_string_append_c (out, '(');
          tex_number (out, (k == 0 || k == 3 ? span_x0 : span_x1) / x_scale);
          g_string_append_c (out, ',');
          tex_number (out, (k < 2 ? vy.lo : vy.hi) / y_scale);
          g_string_append (out, ") ");
        }
      g_string_append (out, "} -- cycle;\n");
      if (span_label != NULL && span_label[0] != '\0')
        {
          g_autofree char *label = tex_escape (span_label);

          g_string_append (out, "\\node[anchor=north west, font=\\scriptsize, text=black!70] at (axis cs:");
          tex_number (out, span_x0 / x_scale);
          g_string_append_c (out, ',');
          tex_number (out, vy.hi / y_scale);
          g_string_append_printf (out, ") {%s};\n", label);
        }
    }
  if (isfinite (hline_y))
    {
      g_string_append (out, "\\addplot[black!60, dashed, forget plot] coordinates {(");
      tex_number (out, vx.lo / x_scale);
      g_string_append_c (out, ',');
      tex_number (out, hline_y / y_scale);
      g_string_append (out, ") (");
      tex_number (out, vx.hi / x_scale);
      g_string_append_c (out, ',');
      tex_number (out, hline_y / y_scale);
      g_string_append (out, ")};\n");
    }

  for (guint s = 0; s < n_series; s++)
    {
      const double *sx, *sy;
      gsize n = lsg_figure_series_get_data (fig, s, &sx, &sy);
      guint palette = lsg_figure_series_get_palette (fig, s);
      LsgMarker marker = lsg_palette_marker (palette);
      gboolean legend = lsg_figure_series_get_in_legend (fig, s);
      gboolean marks = lsg_figure_series_get_print_marker (fig, s);
      g_autofree char *name = tex_escape (lsg_figure_series_get_name (fig, s));
      GString *opts = g_string_new (NULL);

      /* pdflatex's fixed memory holds some 20 000 points in all:
       * thinned to TEX_POINTS per trace (lualatex can take them all) */
      gsize nth = (n + TEX_POINTS - 1) / TEX_POINTS;

      g_string_append_printf (opts, "lsg%c%u, line width=%.2fpt, %s", 'a' + index_, s,
                              style.line_width, tex_dash (lsg_figure_series_get_line (fig, s)));
      if (nth > 1)
        g_string_append_printf (opts, ", each nth point=%" G_GSIZE_FORMAT
                                ", filter discard warning=false", nth);
      if (marks)
        {
          /* about six marks along the line, staggered as on screen */
          gsize repeat = MAX (n / MAX (nth, 1) / 6, 1);

          g_string_append_printf (opts, ", mark=%s, mark size=%.2fpt, mark repeat=%" G_GSIZE_FORMAT
                                  ", mark phase=%" G_GSIZE_FORMAT ", mark options={solid%s}",
                                  tex_mark (palette), 0.28 * fs, repeat,
                                  1 + (s % 5) * repeat / 5,
                                  marker == LSG_MARKER_TRIANGLE_DOWN ? ", rotate=180" : "");
        }
      else
        g_string_append (opts, ", no markers");
      if (n == 0)
        {
          if (legend)
            g_string_append_printf (out, "\\addlegendimage{%s}\n\\addlegendentry{%s}\n",
                                    opts->str, name);
        }
      else
        {
          g_autofree char *y_tex = series_column (fig, s);
          const char *x_tex = x_col != NULL ? x_col : "x";

          g_string_append_printf (out, "\\addplot[%s%s] table[", opts->str, legend ? "" : ", forget plot");
          if (x_scale != 1)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              /* the CSV keeps SI units; the axis shows the prefix */
              g_string_append_printf (out, "x expr=\\thisrow{%s}*%s", x_tex,
                                      g_ascii_formatd (buf, sizeof buf, "%g", 1 / x_scale));
            }
          else
            g_string_append_printf (out, "x=%s", x_tex);
          if (y_scale != 1)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append_printf (out, ", y expr=\\thisrow{%s}*%s", y_tex,
                                      g_ascii_formatd (buf, sizeof buf, "%g", 1 / y_scale));
            }
          else
            g_string_append_printf (out, ", y=%s", y_tex);
          g_string_append_printf (out, ", col sep=comma]{%s};\n", csv);
          if (legend)
            g_string_append_printf (out, "\\addlegendentry{%s}\n", name);
        }
      g_string_free (opts, TRUE);
    }

  if (n_edges > 0)
    {
      /* edge markers: triangles on the right edge pointing in */
      for (guint k = 0; k < n_edges; k++)
        {
          guint colour = G_MAXUINT;

          if (!isfinite (edge_y[k]) || (y_log && edge_y[k] <= 0))
            continue;
          for (guint s = 0; s < n_series && colour == G_MAXUINT; s++)
            if (lsg_figure_series_get_palette (fig, s) == edge_palette[k])
              colour = s;
          g_string_append (out, "\\addplot[only marks, forget plot, mark=triangle*, ");
          if (colour != G_MAXUINT)
            g_string_append_printf (out, "lsg%c%u, ", 'a' + index_, colour);
          g_string_append_printf (out, "mark size=%.2fpt, mark options={xshift=%.2fpt, rotate=90}] "
                                  "coordinates {(", 0.3 * fs, 0.3 * fs);
          tex_number (out, vx.hi / x_scale);
          g_string_append_c (out, ',');
          tex_number (out, edge_y[k] / y_scale);
          g_string_append (out, ")};\n");
        }
      if (edge_label != NULL && edge_label[0] != '\0')
        {
          g_autofree char *label = tex_escape (edge_label);

          g_string_append_printf (out, "\\addlegendimage{only marks, mark=triangle*, black!80, "
                                  "mark options={rotate=90}}\n\\addlegendentry{%s}\n", label);
        }
    }
  g_string_append (out, "\\end{axis}\n");
}

static char *
build_tex (LsgFigure              **panels,
           guint                    n_panels,
           const LsgExportOptions  *options,
           const char              *path,
           const char              *csv_path)
{
  g_autofree char *csv_name = g_path_get_basename (csv_path);
  g_autofree char *name = g_path_get_basename (path);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out,
    "%% LogSGD Explorer figure %s as a pgfplots picture: written by logsgd export,\n"
    "%% it reads its data from %s (the same numbers the figure shows, SI units).\n"
    "%% In a LaTeX document:\n"
    "%%   \\usepackage{pgfplots}\n"
    "%%   \\pgfplotsset{compat=1.16}\n"
    "%%   \\input{this file}\n"
    "%% with the CSV in the directory LaTeX runs in (or edit the file names).\n"
    "%% Restyle freely.  Long traces are thinned (each nth point) to fit\n"
    "%% pdflatex's memory; with lualatex remove each nth point to plot all.\n"
    "%% pgfplots reads the CSV once per trace: with many traces, the\n"
    "%% external library (\\usetikzlibrary{external}) saves recompiling.\n",
    name, csv_name);
  g_string_append (out, "\\begin{tikzpicture}\n");
  for (guint i = 0; i < n_panels; i++)
    tex_panel (out, panels[i], i, n_panels, options, csv_name);
  g_string_append (out, "\\end{tikzpicture}\n");
  return g_string_free (out, FALSE);
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

typedef struct {
  char   *path;
  GBytes *contents;
  char   *tmp;      /* written, not yet renamed */
} Output;

static void
output_clear (gpointer data)
{
  Output *o = data;

  if (o->tmp != NULL)
    g_unlink (o->tmp);
  g_free (o->tmp);
  g_free (o->path);
  g_clear_pointer (&o->contents, g_bytes_unref);
}

static gboolean
write_tmp (Output  *o,
           GError **error)
{
  g_autofree char *dir = g_path_get_dirname (o->path);
  g_autofree char *base = g_path_get_basename (o->path);
  g_autofree char *tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  gsize len;
  const guint8 *data = g_bytes_get_data (o->contents, &len);
  int fd, saved;

  fd = g_mkstemp_full (tmp, O_WRONLY, 0666);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                   "Cannot write %s: cannot create a file in %s: %s",
                   o->path, dir, g_strerror (saved));
      return FALSE;
    }
  o->tmp = g_steal_pointer (&tmp);
  while (len > 0)
    {
      gssize done = write (fd, data, len);

      if (done < 0 && errno == EINTR)
        continue;
      if (done <= 0)
        {
          saved = done < 0 ? errno : ENOSPC;
          close (fd);
          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                       "Cannot write %s: %s", o->path, g_strerror (saved));
          return FALSE;
        }
      data += done;
      len -= done;
    }
  /* on disk before it replaces the old file */
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      saved = errno;
      close (fd);
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                   "Cannot write %s: %s", o->path, g_strerror (saved));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                   "Cannot write %s: %s", o->path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* All to temporary files, then all renamed: nothing new appears unless
 * everything was written. */
static gboolean
write_outputs (GArray  *outputs,
               GError **error)
{
  for (guint i = 0; i < outputs->len; i++)
    if (!write_tmp (&g_array_index (outputs, Output, i), error))
      return FALSE;   /* the clear function removes the temporary files */
  for (guint i = 0; i < outputs->len; i++)
    {
      Output *o = &g_array_index (outputs, Output, i);

      if (g_rename (o->tmp, o->path) != 0)
        {
          int saved = errno;

          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                       "Cannot write %s: %s", o->path, g_strerror (saved));
          return FALSE;
        }
      g_clear_pointer (&o->tmp, g_free);
    }
  return TRUE;
}

static void
add_output (GArray     *outputs,
            const char *path,
            GBytes     *contents)
{
  Output o = { g_strdup (path), contents, NULL };

  g_array_append_val (outputs, o);
}

gboolean
lsg_export_write (LsgFigure              **panels,
                  guint                    n_panels,
                  const LsgExportOptions  *options,
                  const char              *path,
                  const char              *design_point_data,
                  GError                 **error)
{
  g_autoptr(GArray) outputs = NULL;
  g_auto(GStrv) files = NULL;
  LsgExportFormat format;
  GBytes *figure = NULL;

  g_return_val_if_fail (panels != NULL && n_panels > 0 && n_panels <= 26, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  for (guint i = 0; i < n_panels; i++)
    g_return_val_if_fail (panels[i] != NULL, FALSE);

  format = options->format != LSG_EXPORT_FORMAT_AUTO ? options->format
                                                     : lsg_export_format_from_path (path);
  if (format == LSG_EXPORT_FORMAT_AUTO)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_FORMAT,
                   "Cannot tell the format of %s: give it the extension .pdf, .svg or "
                   ".png, or choose the format", path);
      return FALSE;
    }
  if (!size_in_range (options->width_pt) || !size_in_range (options->height_pt))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "Figure size %.4g pt \xc3\x97 %.4g pt: width and height must lie "
                   "between %g pt and %g pt", options->width_pt, options->height_pt,
                   LSG_EXPORT_MIN_SIZE_PT, LSG_EXPORT_MAX_SIZE_PT);
      return FALSE;
    }
  if (!(options->font_pt >= LSG_EXPORT_MIN_FONT_PT && options->font_pt <= LSG_EXPORT_MAX_FONT_PT))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "Font size %g pt: allowed are %g pt to %g pt", options->font_pt,
                   LSG_EXPORT_MIN_FONT_PT, LSG_EXPORT_MAX_FONT_PT);
      return FALSE;
    }
  if (format == LSG_EXPORT_FORMAT_PNG
      && !(options->dpi >= LSG_EXPORT_MIN_DPI && options->dpi <= LSG_EXPORT_MAX_DPI))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_SIZE,
                   "Resolution %g dpi: allowed are %g to %g dpi", options->dpi,
                   LSG_EXPORT_MIN_DPI, LSG_EXPORT_MAX_DPI);
      return FALSE;
    }

  switch (format)
    {
    case LSG_EXPORT_FORMAT_PDF:
      figure = render_pdf (panels, n_panels, options, design_point_data, error);
      break;
    case LSG_EXPORT_FORMAT_SVG:
      figure = render_svg (panels, n_panels, options, design_point_data, error);
      break;
    case LSG_EXPORT_FORMAT_PNG:
    case LSG_EXPORT_FORMAT_AUTO:
    default:
      figure = render_png (panels, n_panels, options, design_point_data, error);
      break;
    }
  if (figure == NULL)
    return FALSE;

  outputs = g_array_new (FALSE, TRUE, sizeof (Output));
  g_array_set_clear_func (outputs, output_clear);
  files = lsg_export_list_outputs (options, path);
  add_output (outputs, files[0], figure);
  if (options->data || options->tex)
    {
      char *csv = build_csv (panels, n_panels, error);

      if (csv == NULL)
        return FALSE;
      if (g_str_equal (files[1], path))
        {
          g_free (csv);
          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                       "Cannot write the data to %s: that is the figure's own file name", path);
          return FALSE;
        }
      add_output (outputs, files[1], g_bytes_new_take (csv, strlen (csv)));
    }
  if (options->tex)
    {
      char *tex = build_tex (panels, n_panels, options, path, files[1]);

      if (g_str_equal (files[2], path))
        {
          g_free (tex);
          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                       "Cannot write the pgfplots file to %s: that is the figure's own "
                       "file name", path);
          return FALSE;
        }
      add_output (outputs, files[2], g_bytes_new_take (tex, strlen (tex)));
    }
  /* what would stop a rename, before anything is written */
  for (guint i = 0; i < outputs->len; i++)
    {
      const char *target = g_array_index (outputs, Output, i).path;

      if (g_file_test (target, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_WRITE,
                       "Cannot write %s: it is a directory", target);
          return FALSE;
        }
    }
  return write_outputs (outputs, error);
}

/* ---- Reading the design point back ------------------------------------ */

static void
no_design (GError     **error,
           const char  *path,
           const char  *why)
{
  g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_NO_DESIGN,
               "%s holds no LogSGD design point: %s", path, why);
}

/* First occurrence of needle in [p, end), or NULL. */
static const guint8 *
find_bytes (const guint8 *p,
            const guint8 *end,
            const char   *needle)
{
  gsize n = strlen (needle);

  for (; p != NULL && (gsize) (end - p) >= n; p++)
    {
      p = memchr (p, needle[0], end - p - n + 1);
      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, n) == 0)
        return p;
    }
  return NULL;
}

/* A PDF string object at p (literal or hex) as bytes; NULL if none. */
static GByteArray *
pdf_string (const guint8 *p,
            const guint8 *end)
{
  GByteArray *s = g_byte_array_new ();

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p == '(')
    {
      int depth = 1;

      for (p++; p < end; p++)
        {
          guint8 c = *p;

          if (c == '\\' && p + 1 < end)
            {
              guint8 e = *++p;
              guint8 v = e;

              switch (e)
                {
                case 'n': v = '\n'; break;
                case 'r': v = '\r'; break;
                case 't': v = '\t'; break;
                case 'b': v = '\b'; break;
                case 'f': v = '\f'; break;
                case '\r':
                  if (p + 1 < end && p[1] == '\n')
                    p++;
                  continue;   /* a line continuation */
                case '\n':
                  continue;
                default:
                  if (e >= '0' && e <= '7')
                    {
                      guint o = e - '0';

                      for (int k = 0; k < 2 && p + 1 < end && p[1] >= '0' && p[1] <= '7'; k++)
                        o = 8 * o + (*++p - '0');
                      v = (guint8) o;
                    }
                }
              g_byte_array_append (s, &v, 1);
              continue;
            }
          if (c == '(')
            depth++;
          else if (c == ')' && --depth == 0)
            return s;
          g_byte_array_append (s, &c, 1);
        }
    }
  else if (p < end && *p == '<' && (p + 1 >= end || p[1] != '<'))
    {
      int hi = -1;

      for (p++; p < end && *p != '>'; p++)
        {
          int d = g_ascii_xdigit_value (*p);

          if (d < 0)
            continue;
          if (hi < 0)
            hi = d;
          else
            {
              guint8 b = (guint8) (hi << 4 | d);

              g_byte_array_append (s, &b, 1);
              hi = -1;
            }
        }
      if (hi >= 0)
        {
          guint8 b = (guint8) (hi << 4);

          g_byte_array_append (s, &b, 1);
        }
      if (p < end)
        return s;
    }
  g_byte_array_unref (s);
  return NULL;
}

/* PDF text string bytes (UTF-16BE with BOM, UTF-8 with BOM, or
 * PDFDocEncoding, taken as Latin-1) as UTF-8. */
static char *
pdf_text (GByteArray *s)
{
  if (s->len >= 2 && s->data[0] == 0xFE && s->data[1] == 0xFF)
    return g_convert ((const char *) s->data + 2, s->len - 2, "UTF-8", "UTF-16BE",
                      NULL, NULL, NULL);
  if (s->len >= 3 && memcmp (s->data, "\xEF\xBB\xBF", 3) == 0)
    return g_utf8_make_valid ((const char *) s->data + 3, s->len - 3);
  return g_convert ((const char *) s->data, s->len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

/* The /Subject value in data[0, len) that starts with our head line. */
static char *
pdf_find_subject (const guint8 *data,
                  gsize         len)
{
  static const char key[] = "/Subject";
  const guint8 *end = data + len, *p = data;

  while ((p = find_bytes (p, end, key)) != NULL)
    {
      g_autoptr(GByteArray) s = NULL;
      g_autofree char *text = NULL;

      p += strlen (key);
      if (p < end && (g_ascii_isalnum (*p) || *p == '_'))
        continue;   /* a longer name */
      s = pdf_string (p, end);
      if (s == NULL)
        continue;
      text = pdf_text (s);
      if (text != NULL && g_str_has_prefix (text, PDF_SUBJECT_HEAD))
        return g_strdup (text + strlen (PDF_SUBJECT_HEAD));
    }
  return NULL;
}

/* Inflates the zlib stream at p (at most to end); NULL if it is none. */
static GBytes *
inflate_at (const guint8 *p,
            const guint8 *end)
{
  g_autoptr(GConverter) z = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buf[16384];

  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult r = g_converter_convert (z, p, end - p, buf, sizeof buf,
                                                G_CONVERTER_INPUT_AT_END, &read, &written, NULL);

      if (r == G_CONVERTER_ERROR)
        return out->len > 0 ? g_byte_array_free_to_bytes (g_steal_pointer (&out)) : NULL;
      g_byte_array_append (out, buf, written);
      p += read;
      if (r == G_CONVERTER_FINISHED)
        return g_byte_array_free_to_bytes (g_steal_pointer (&out));
      if (read == 0 && written == 0)
        return NULL;
    }
}

static char *
read_pdf (const guint8 *data,
          gsize         len)
{
  const guint8 *end = data + len, *p = data;
  char *found = pdf_find_subject (data, len);

  /* newer cairo may put the document information dictionary in a
   * compressed object stream: look inside the streams too */
  while (found == NULL && (p = find_bytes (p, end, "stream")) != NULL)
    {
      g_autoptr(GBytes) inflated = NULL;

      p += 6;
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      else
        continue;   /* "endstream", or not a stream keyword */
      inflated = inflate_at (p, end);
      if (inflated != NULL)
        {
          gsize n;
          const guint8 *d = g_bytes_get_data (inflated, &n);

          found = pdf_find_subject (d, n);
        }
    }
  return found;
}

typedef struct {
  gboolean  inside;
  GString  *text;
  gboolean  found;
} SvgScan;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgScan *scan = user_data;

  if (g_str_equal (element, SVG_ELEMENT))
    {
      scan->inside = TRUE;
      scan->found = TRUE;
      g_string_truncate (scan->text, 0);
    }
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  SvgScan *scan = user_data;

  if (g_str_equal (element, SVG_ELEMENT))
    scan->inside = FALSE;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  SvgScan *scan = user_data;

  if (scan->inside)
    g_string_append_len (scan->text, text, len);
}

static char *
read_svg (const char  *path,
          const char  *data,
          gsize        len,
          GError     **error)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgScan scan = { FALSE, g_string_new (NULL), FALSE };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &scan, NULL);
  if (!g_markup_parse_context_parse (context, data, len, &local_error)
      || !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_READ,
                   "%s is not a readable SVG file: %s", path, local_error->message);
      g_string_free (scan.text, TRUE);
      return NULL;
    }
  if (!scan.found)
    {
      g_string_free (scan.text, TRUE);
      no_design (error, path, "it has no <" SVG_ELEMENT "> element");
      return NULL;
    }
  return g_string_free (scan.text, FALSE);
}

static char *
read_png (const char    *path,
          const guint8  *data,
          gsize          len,
          GError       **error)
{
  gsize pos = 8;

  if (len < 8 || memcmp (data, png_signature, 8) != 0)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_READ,
                   "%s is not a PNG file", path);
      return NULL;
    }
  while (pos + 12 <= len)
    {
      guint32 n = get_be32 (data + pos);
      const guint8 *type = data + pos + 4, *body = data + pos + 8;
      gsize klen;

      if (n > len - pos - 12)
        break;
      if (get_be32 (body + n) != png_crc (type, n + 4, 0))
        {
          g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_READ,
                       "%s is damaged: chunk %.4s at byte %" G_GSIZE_FORMAT " fails its CRC",
                       path, (const char *) type, pos);
          return NULL;
        }
      klen = strlen (PNG_KEYWORD);
      if (n > klen && memcmp (body, PNG_KEYWORD, klen) == 0 && body[klen] == 0)
        {
          const guint8 *p = body + klen + 1, *end = body + n;

          if (memcmp (type, "tEXt", 4) == 0)
            return g_convert ((const char *) p, end - p, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
          if (memcmp (type, "iTXt", 4) == 0 && end - p >= 2)
            {
              gboolean compressed = p[0] != 0;
              const guint8 *q = p + 2;

              /* language tag, then translated keyword, each NUL-ended */
              for (int k = 0; k < 2; k++)
                {
                  q = memchr (q, 0, end - q);
                  if (q == NULL)
                    goto bad_chunk;
                  q++;
                }
              if (compressed)
                {
                  g_autoptr(GBytes) inflated = inflate_at (q, end);
                  gsize m;
                  const char *d;

                  if (inflated == NULL)
                    goto bad_chunk;
                  d = g_bytes_get_data (inflated, &m);
                  if (!g_utf8_validate (d, m, NULL))
                    goto bad_chunk;
                  return g_strndup (d, m);
                }
              if (!g_utf8_validate ((const char *) q, end - q, NULL))
                goto bad_chunk;
              return g_strndup ((const char *) q, end - q);
            }
        }
      if (memcmp (type, "IEND", 4) == 0)
        break;
      pos += 12 + n;
    }
  no_design (error, path, "it has no " PNG_KEYWORD " text chunk");
  return NULL;

bad_chunk:
  g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_NO_DESIGN,
               "%s: its " PNG_KEYWORD " chunk is damaged", path);
  return NULL;
}

char *
lsg_export_read_design_point_data (const char  *path,
                                   GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  char *text;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_READ,
                   "Cannot read %s: %s", path, local_error->message);
      return NULL;
    }
  if (len >= 8 && memcmp (data, png_signature, 8) == 0)
    return read_png (path, (const guint8 *) data, len, error);
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      text = read_pdf ((const guint8 *) data, len);
      if (text == NULL)
        no_design (error, path, "its document information has no design-point subject");
      return text;
    }
  if (g_strstr_len (data, MIN (len, 4096), "<svg") != NULL)
    return read_svg (path, data, len, error);
  g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_READ,
               "%s is neither a PDF, an SVG nor a PNG file", path);
  return NULL;
}

LsgParams *
lsg_export_read_design_point (const char  *path,
                              GError     **error)
{
  g_autofree char *text = lsg_export_read_design_point_data (path, error);

  if (text == NULL)
    return NULL;
  return lsg_params_load_data (text, strlen (text), path, error);
}
