/* lsg-output.h: writing a set of output files as a set.
 *
 * Every file is written to a temporary file beside its target first (and
 * flushed to disk), and only when all are written are they renamed over
 * their targets: a failure or a kill leaves the old files, or none, never
 * a mixture or a half-written file under a final name.  Temporary files
 * are named ".NAME.lsgtmp-XXXXXX"; those an earlier, killed run left
 * beside a target are removed.
 *
 * What is replaced is only ever a regular file: a symbolic link is written
 * through (its target is replaced, atomically, in the target's directory);
 * an existing target that is not a regular file (a device such as
 * /dev/stdout's, a FIFO) is written to directly, as a stream; "-" is the
 * standard output.  A directory is refused.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LSG_OUTPUT_ERROR (lsg_output_error_quark ())

typedef enum {
  LSG_OUTPUT_ERROR_EXISTS,      /* the target exists and overwriting was not allowed */
  LSG_OUTPUT_ERROR_NOT_FILE,    /* a directory, or a link that leads nowhere writable */
  LSG_OUTPUT_ERROR_WRITE,       /* creating, writing, flushing or renaming failed */
} LsgOutputError;

GQuark        lsg_output_error_quark (void);

typedef struct _LsgOutputSet LsgOutputSet;

/* overwrite: whether existing targets may be replaced. */
LsgOutputSet *lsg_output_set_new     (gboolean       overwrite);
void          lsg_output_set_free    (LsgOutputSet  *set);

/* Adds a file to the set (contents are referenced, not copied). */
void          lsg_output_set_add     (LsgOutputSet  *set,
                                      const char    *path,
                                      GBytes        *contents);

/* Checks every target before any work is done: no directory, writable
 * directory, existing files only with overwrite.  The same checks run in
 * lsg_output_set_commit; call this first to refuse early. */
gboolean      lsg_output_set_check   (LsgOutputSet  *set,
                                      GError       **error);

/* Writes the set: temporary files first, then the renames; streams
 * (devices, FIFOs, "-") are written last.  On failure the temporary files
 * are removed and the targets left as they were (a stream may have been
 * written in part). */
gboolean      lsg_output_set_commit  (LsgOutputSet  *set,
                                      GError       **error);

/* Whether path is written as a stream rather than replaced: "-", or an
 * existing target that is not a regular file (a device, a FIFO). */
gboolean      lsg_output_is_stream   (const char    *path);

/* Checks one target path as lsg_output_set_check does. */
gboolean      lsg_output_check_path  (const char    *path,
                                      gboolean       overwrite,
                                      GError       **error);

/* Whether the file system of dir has bytes free for a file of that size
 * (what is asked for is an estimate: the message says so); what names the
 * file in the message.  TRUE when the free space cannot be told. */
gboolean      lsg_output_check_space (const char    *dir,
                                      const char    *what,
                                      double         bytes,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgOutputSet, lsg_output_set_free)

G_END_DECLS
