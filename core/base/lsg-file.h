/* lsg-file.h: reading the files people hand the program, safely.
 *
 * Only regular files are read (a FIFO, a device or a directory is refused
 * at once, never waited on), whole files only up to a stated size, and
 * text only when it is text: UTF-8 (a byte order mark is dropped), no NUL
 * bytes, no UTF-16; line ends CRLF and CR become LF.  Messages name the
 * file, the line and what is expected.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LSG_FILE_ERROR (lsg_file_error_quark ())

typedef enum {
  LSG_FILE_ERROR_OPEN,         /* missing, unreadable */
  LSG_FILE_ERROR_NOT_REGULAR,  /* a FIFO, a device, a directory, a socket */
  LSG_FILE_ERROR_TOO_BIG,      /* larger than the caller allows */
  LSG_FILE_ERROR_READ,         /* an I/O error while reading */
  LSG_FILE_ERROR_ENCODING,     /* NUL bytes, UTF-16, not UTF-8 */
} LsgFileError;

GQuark   lsg_file_error_quark  (void);

/* Opens path read-only if it is a regular file, without blocking on a
 * FIFO; returns a descriptor (close it) or -1 with error set.  what names
 * the file's role in messages ("data file", "design point"). */
int      lsg_file_open_regular (const char  *path,
                                const char  *what,
                                GError     **error);

/* Reads a regular text file of at most max_bytes into a NUL-terminated
 * string, checked and normalised by lsg_text_normalize; *length (may be
 * NULL) is its length. */
char    *lsg_file_read_text    (const char  *path,
                                gsize        max_bytes,
                                const char  *what,
                                gsize       *length,
                                GError     **error);

/* Checks that data[0..*length) is text and normalises it in place: drops
 * a UTF-8 byte order mark, makes CRLF and CR line ends LF; refuses UTF-16
 * and UTF-32 (by their byte order marks or NUL bytes), NUL bytes and
 * invalid UTF-8, naming name and the line.  data must have room for a
 * terminating NUL at data[*length], which is written. */
gboolean lsg_text_normalize    (char        *data,
                                gsize       *length,
                                const char  *name,
                                GError     **error);

/* text cut to at most max_chars characters (an ellipsis marks the cut),
 * made valid UTF-8 with control characters shown as U+FFFD: for quoting
 * what a user wrote in a message.  Free with g_free. */
char    *lsg_text_quote        (const char  *text,
                                gsize        max_chars);

G_END_DECLS
