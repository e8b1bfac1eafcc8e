/* lsg-output.c: a set of output files written as a set. */
#include "lsg-config.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lsg-output.h"

G_DEFINE_QUARK (lsg-output-error-quark, lsg_output_error)

#define TMP_TAG ".lsgtmp-"

typedef enum {
  TARGET_FILE,     /* a regular file, or none yet: temporary file and rename */
  TARGET_STREAM,   /* a device, a FIFO, "-": written directly */
} TargetKind;

typedef struct {
  char       *path;       /* as given, for messages */
  char       *target;     /* what is replaced: links followed */
  TargetKind  kind;
  GBytes     *contents;
  char       *tmp;        /* written, not yet renamed */
} Output;

struct _LsgOutputSet {
  gboolean  overwrite;
  GArray   *outputs;
  gboolean  resolved;
};

static void
output_clear (gpointer data)
{
  Output *o = data;

  if (o->tmp != NULL)
    g_unlink (o->tmp);
  g_free (o->tmp);
  g_free (o->path);
  g_free (o->target);
  g_clear_pointer (&o->contents, g_bytes_unref);
}

LsgOutputSet *
lsg_output_set_new (gboolean overwrite)
{
  LsgOutputSet *set = g_new0 (LsgOutputSet, 1);

  set->overwrite = overwrite;
  set->outputs = g_array_new (FALSE, TRUE, sizeof (Output));
  g_array_set_clear_func (set->outputs, output_clear);
  return set;
}

void
lsg_output_set_free (LsgOutputSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->outputs);
  g_free (set);
}

void
lsg_output_set_add (LsgOutputSet *set,
                    const char   *path,
                    GBytes       *contents)
{
  Output o = { g_strdup (path), NULL, TARGET_FILE, g_bytes_ref (contents), NULL };

  g_array_append_val (set->outputs, o);
  set->resolved = FALSE;
}

/* Follows symbolic links to the file they name (which may not exist yet),
 * relative links against their own directory. */
static char *
follow_links (const char  *path,
              GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      g_autofree char *link = NULL;
      struct stat st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      link = g_file_read_link (current, error);
      if (link == NULL)
        return NULL;
      if (!g_path_is_absolute (link))
        {
          g_autofree char *dir = g_path_get_dirname (current);
          char *joined = g_build_filename (dir, link, NULL);

          g_free (link);
          link = joined;
        }
      g_free (current);
      current = g_steal_pointer (&link);
    }
  g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_NOT_FILE,
               "Cannot write %s: too many symbolic links", path);
  return NULL;
}

static gboolean
resolve (Output    *o,
         gboolean   overwrite,
         GError   **error)
{
  struct stat st;

  g_clear_pointer (&o->target, g_free);
  if (g_str_equal (o->path, "-"))
    {
      o->kind = TARGET_STREAM;
      o->target = g_strdup ("-");
      return TRUE;
    }
  /* what the path leads to, links followed: a pipe behind /dev/stdout
   * has no name to follow to */
  if (g_stat (o->path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_NOT_FILE,
                       "Cannot write %s: it is a directory", o->path);
          return FALSE;
        }
      if (!S_ISREG (st.st_mode))
        {
          /* a terminal, /dev/null, a FIFO: never replaced, written to */
          o->kind = TARGET_STREAM;
          o->target = g_strdup (o->path);
          return TRUE;
        }
      if (!overwrite)
        {
          g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_EXISTS,
                       "%s exists; give --force to replace it", o->path);
          return FALSE;
        }
    }
  /* a regular file, or a new one: replaced where it is, through links */
  o->target = follow_links (o->path, error);
  if (o->target == NULL)
    return FALSE;
  o->kind = TARGET_FILE;
  {
    /* a file is made there and removed: permission bits do not stop
     * root, a read-only or special file system does */
    g_autofree char *dir = g_path_get_dirname (o->target);
    g_autofree char *probe = g_build_filename (dir, ".lsgprobe-XXXXXX", NULL);
    int fd = g_mkstemp_full (probe, O_WRONLY | O_CLOEXEC, 0600);

    if (fd < 0)
      {
        int saved = errno;

        g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
                     "Cannot write %s: cannot create a file in %s: %s",
                     o->path, dir, g_strerror (saved));
        return FALSE;
      }
    close (fd);
    g_unlink (probe);
  }
  return TRUE;
}

gboolean
lsg_output_is_stream (const char *path)
{
  struct stat st;

  return g_str_equal (path, "-") || (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode));
}

gboolean
lsg_output_check_path (const char  *path,
                       gboolean     overwrite,
                       GError     **error)
{
  Output o = { (char *) path, NULL, TARGET_FILE, NULL, NULL };
  gboolean ok = resolve (&o, overwrite, error);

  g_free (o.target);
  return ok;
}

gboolean
lsg_output_set_check (LsgOutputSet  *set,
                      GError       **error)
{
  for (guint i = 0; i < set->outputs->len; i++)
    if (!resolve (&g_array_index (set->outputs, Output, i), set->overwrite, error))
      return FALSE;
  /* two entries for one file would leave only the last */
  for (guint i = 0; i < set->outputs->len; i++)
    for (guint j = i + 1; j < set->outputs->len; j++)
      {
        Output *a = &g_array_index (set->outputs, Output, i);
        Output *b = &g_array_index (set->outputs, Output, j);

        if (a->kind == TARGET_FILE && b->kind == TARGET_FILE && g_str_equal (a->target, b->target))
          {
            g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_NOT_FILE,
                         "Cannot write %s and %s: they are the same file", a->path, b->path);
            return FALSE;
          }
      }
  set->resolved = TRUE;
  return TRUE;
}

/* Temporary files of this target left by an earlier run that was killed
 * (".NAME.lsgtmp-XXXXXX" beside it). */
static void
remove_stale (const char *target)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *prefix = g_strdup_printf (".%s" TMP_TAG, base);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && strlen (name) == strlen (prefix) + 6)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len,
           const char   *path,
           GError      **error)
{
  while (len > 0)
    {
      gssize done = write (fd, data, len);

      if (done < 0 && errno == EINTR)
        continue;
      if (done <= 0)
        {
          int saved = done < 0 ? errno : ENOSPC;

          g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
                       "Cannot write %s: %s", path, g_strerror (saved));
          return FALSE;
        }
      data += done;
      len -= done;
    }
  return TRUE;
}

static gboolean
write_tmp (Output  *o,
           GError **error)
{
  g_autofree char *dir = g_path_get_dirname (o->target);
  g_autofree char *base = g_path_get_basename (o->target);
  g_autofree char *tmp = g_strdup_printf ("%s%c.%s" TMP_TAG "XXXXXX", dir, G_DIR_SEPARATOR, base);
  gsize len;
  const guint8 *data = g_bytes_get_data (o->contents, &len);
  struct stat st;
  int fd, saved;

  remove_stale (o->target);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
                   "Cannot write %s: cannot create a file in %s: %s",
                   o->path, dir, g_strerror (saved));
      return FALSE;
    }
  o->tmp = g_steal_pointer (&tmp);
  /* a replaced file keeps its permissions; a new one gets the umask's */
  if (g_stat (o->target, &st) == 0)
    fchmod (fd, st.st_mode & 07777);
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      fchmod (fd, 0666 & ~mask);
    }
  if (!write_all (fd, data, len, o->path, error))
    {
      close (fd);
      return FALSE;
    }
  /* on disk before it replaces the old file */
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      saved = errno;
      close (fd);
      g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
                   "Cannot write %s: %s", o->path, g_strerror (saved));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
                   "Cannot write %s: %s", o->path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_stream (Output  *o,
              GError **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (o->contents, &len);
  gboolean ok;
  int fd;

  if (g_str_equal (o->target, "-"))
    {
      fflush (stdout);
      return write_all (STDOUT_FILENO, data, len, "the standard output", error);
    }
  fd = g_open (o->target, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
                   "Cannot write %s: %s", o->path, g_strerror (saved));
      return FALSE;
    }
  ok = write_all (fd, data, len, o->path, error);
  close (fd);
  return ok;
}

gboolean
lsg_output_set_commit (LsgOutputSet  *set,
                       GError       **error)
{
  if (!lsg_output_set_check (set, error))
    return FALSE;
  for (guint i = 0; i < set->outputs->len; i++)
    {
      Output *o = &g_array_index (set->outputs, Output, i);

      if (o->kind == TARGET_FILE && !write_tmp (o, error))
        return FALSE;   /* clearing removes the temporary files */
    }
  for (guint i = 0; i < set->outputs->len; i++)
    {
      Output *o = &g_array_index (set->outputs, Output, i);

      if (o->kind != TARGET_FILE)
        continue;
      if (g_rename (o->tmp, o->target) != 0)
        {
          int saved = errno;

          g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
                       "Cannot write %s: %s", o->path, g_strerror (saved));
          return FALSE;
        }
      g_clear_pointer (&o->tmp, g_free);
    }
  for (guint i = 0; i < set->outputs->len; i++)
    {
      Output *o = &g_array_index (set->outputs, Output, i);

      if (o->kind == TARGET_STREAM && !write_stream (o, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
lsg_output_check_space (const char  *dir,
                        const char  *what,
                        double       bytes,
                        GError     **error)
{
  struct statvfs fs;
  double avail;

  if (statvfs (dir, &fs) != 0 || fs.f_frsize == 0)
    return TRUE;
  avail = (double) fs.f_bavail * fs.f_frsize;
  if (bytes <= avail)
    return TRUE;
  g_set_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE,
               "%s needs about %.0f MB, and %s has %.0f MB free", what,
               ceil (bytes / 1e6), dir, floor (avail / 1e6));
  return FALSE;
}
