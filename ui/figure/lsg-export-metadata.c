/* lsg-export-metadata.c: the design point inside PDF, SVG and PNG files:
 * PNG chunks, and reading the design point back. */
#include "lsg-config.h"

#include <string.h>

#include <gio/gio.h>

#include "lsg-design-file.h"

#include "lsg-export-private.h"

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

guint32
_lsg_export_get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

void
_lsg_export_png_put_chunk (GByteArray   *out,
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

const guint8 _lsg_export_png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

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

  if (len < 8 || memcmp (data, _lsg_export_png_signature, 8) != 0)
    {
      g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_READ,
                   "%s is not a PNG file", path);
      return NULL;
    }
  while (pos + 12 <= len)
    {
      guint32 n = _lsg_export_get_be32 (data + pos);
      const guint8 *type = data + pos + 4, *body = data + pos + 8;
      gsize klen;

      if (n > len - pos - 12)
        break;
      if (_lsg_export_get_be32 (body + n) != png_crc (type, n + 4, 0))
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
  if (len >= 8 && memcmp (data, _lsg_export_png_signature, 8) == 0)
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
