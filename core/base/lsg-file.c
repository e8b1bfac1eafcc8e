/* lsg-file.c: regular files only, bounded, and text that is text. */
#include "lsg-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lsg-file.h"

G_DEFINE_QUARK (lsg-file-error-quark, lsg_file_error)

static const char *
kind_of (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a FIFO (named pipe)";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

int
lsg_file_open_regular (const char  *path,
                       const char  *what,
                       GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);
  struct stat st;
  int fd, saved;

  /* O_NONBLOCK: opening a FIFO for reading would wait for a writer */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_OPEN,
                   "%s: cannot open the %s: %s", name, what, g_strerror (saved));
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      saved = errno;
      close (fd);
      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_READ,
                   "%s: cannot read the %s: %s", name, what, g_strerror (saved));
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_NOT_REGULAR,
                   "%s: the %s is %s; expected a regular file", name, what,
                   kind_of (st.st_mode));
      return -1;
    }
  /* reads of a regular file never block; clear the flag all the same */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

/* "1048620 bytes (1.0 MiB)" */
static char *
size_text (guint64 bytes)
{
  g_autofree char *human = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes (%s)", bytes, human);
}

char *
lsg_file_read_text (const char  *path,
                    gsize        max_bytes,
                    const char  *what,
                    gsize       *length,
                    GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *data = NULL;
  struct stat st;
  gsize len = 0, cap;
  int fd = lsg_file_open_regular (path, what, error);

  if (fd < 0)
    return NULL;
  if (fstat (fd, &st) == 0 && (guint64) st.st_size > max_bytes)
    {
      g_autofree char *size = size_text (st.st_size);
      g_autofree char *limit = size_text (max_bytes);

      close (fd);
      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_TOO_BIG,
                   "%s: the %s is %s; at most %s is read", name, what, size, limit);
      return NULL;
    }

  /* the size may change while reading: read to the end, within the cap */
  cap = MIN ((gsize) st.st_size, max_bytes) + 1;
  data = g_malloc (cap + 1);
  for (;;)
    {
      gssize got;

      if (len == cap)
        {
          if (len > max_bytes)
            {
              g_autofree char *limit = size_text (max_bytes);

              close (fd);
              g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_TOO_BIG,
                           "%s: the %s grew beyond %s while it was read", name, what, limit);
              return NULL;
            }
          cap = MIN (2 * cap, max_bytes + 1);
          data = g_realloc (data, cap + 1);
        }
      got = read (fd, data + len, cap - len);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_READ,
                       "%s: cannot read the %s: %s", name, what, g_strerror (saved));
          return NULL;
        }
      if (got == 0)
        break;
      len += got;
    }
  close (fd);
  if (len > max_bytes)
    {
      g_autofree char *limit = size_text (max_bytes);

      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_TOO_BIG,
                   "%s: the %s is larger than %s; at most that is read", name, what, limit);
      return NULL;
    }
  if (!lsg_text_normalize (data, &len, name, error))
    return NULL;
  if (length != NULL)
    *length = len;
  return g_steal_pointer (&data);
}

/* 1-based line of byte offset pos in data. */
static guint
line_at (const char *data,
         gsize       pos)
{
  guint line = 1;

  for (gsize i = 0; i < pos; i++)
    if (data[i] == '\n' || (data[i] == '\r' && data[i + 1] != '\n'))
      line++;
  return line;
}

gboolean
lsg_text_normalize (char        *data,
                    gsize       *length,
                    const char  *name,
                    GError     **error)
{
  const guchar *u = (const guchar *) data;
  gsize len = *length, in, out;
  const char *bad = NULL;
  const char *nul;

  if ((len >= 2 && u[0] == 0xFF && u[1] == 0xFE) || (len >= 2 && u[0] == 0xFE && u[1] == 0xFF))
    {
      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_ENCODING,
                   "%s: UTF-16 text; save it as UTF-8 (or ASCII) text", name);
      return FALSE;
    }
  nul = memchr (data, '\0', len);
  if (nul != NULL)
    {
      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_ENCODING,
                   "%s: line %u: a NUL byte; expected UTF-8 text (is the file UTF-16 "
                   "or binary?)", name, line_at (data, nul - data));
      return FALSE;
    }
  if (!g_utf8_validate (data, len, &bad))
    {
      g_set_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_ENCODING,
                   "%s: line %u: not UTF-8 text; save the file as UTF-8",
                   name, line_at (data, bad - data));
      return FALSE;
    }

  in = (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
  for (out = 0; in < len; in++)
    {
      if (data[in] == '\r')
        {
          data[out++] = '\n';
          if (in + 1 < len && data[in + 1] == '\n')
            in++;
        }
      else
        data[out++] = data[in];
    }
  data[out] = '\0';
  *length = out;
  return TRUE;
}

char *
lsg_text_quote (const char *text,
                gsize       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  gsize n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (out, "\xe2\x80\xa6");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
      n++;
    }
  return g_string_free (out, FALSE);
}
