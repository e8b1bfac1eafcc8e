/* lsg-design-document.h: the design point a window edits, with its file
 * and whether it changed since it was opened, saved or chosen. */
#pragma once

#include <gio/gio.h>

#include "lsg-params.h"

G_BEGIN_DECLS

#define LSG_TYPE_DESIGN_DOCUMENT (lsg_design_document_get_type ())
G_DECLARE_FINAL_TYPE (LsgDesignDocument, lsg_design_document, LSG, DESIGN_DOCUMENT, GObject)

/* Starts as the paper preset, unmodified. */
LsgDesignDocument *lsg_design_document_new        (void);

/* The point as edited now (borrowed: replaced by the next change, which
 * notifies "params"). */
const LsgParams   *lsg_design_document_get_params (LsgDesignDocument *self);
/* An edit: copies params; "modified" follows. */
void               lsg_design_document_set_params (LsgDesignDocument *self,
                                                   const LsgParams   *params);
/* A new point from outside (a preset, a point picked elsewhere): the clean
 * state, named source in the title, with no file. */
void               lsg_design_document_reset      (LsgDesignDocument *self,
                                                   const LsgParams   *params,
                                                   const char        *source);
/* Reads a design-point file; on failure the document is unchanged. */
gboolean           lsg_design_document_load       (LsgDesignDocument *self,
                                                   const char        *path,
                                                   GError           **error);
/* The same, the file read on a worker thread; finish on the main thread. */
void               lsg_design_document_load_async  (LsgDesignDocument   *self,
                                                    const char          *path,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           lsg_design_document_load_finish (LsgDesignDocument   *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Writes the point, its data file's path made absolute, through a
 * temporary file renamed over path (a failure keeps the old file); the
 * document then is that file, unmodified. */
gboolean           lsg_design_document_save       (LsgDesignDocument *self,
                                                   const char        *path,
                                                   GError           **error);

gboolean           lsg_design_document_get_modified (LsgDesignDocument *self);
/* Its file, absolute, or NULL before it has one. */
const char        *lsg_design_document_get_path   (LsgDesignDocument *self);
/* Its name for people: "paper preset", "point.ini". */
const char        *lsg_design_document_get_source (LsgDesignDocument *self);
/* The name with a mark when modified ("point.ini • modified"). */
const char        *lsg_design_document_get_title  (LsgDesignDocument *self);

G_END_DECLS
