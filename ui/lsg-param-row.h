/* lsg-param-row.h: the control for one design-point key. */
#pragma once

#include <gtk/gtk.h>

#include "lsg-params.h"

G_BEGIN_DECLS

#define LSG_TYPE_PARAM_ROW (lsg_param_row_get_type ())
G_DECLARE_FINAL_TYPE (LsgParamRow, lsg_param_row, LSG, PARAM_ROW, GtkWidget)

/* A slider with an entry for keys spanning decades, an entry for other
 * numbers (engineering notation: "2.5n", "2.5 nA", "2.5e-9"), a spin
 * button for counts, a switch, a drop-down or a text entry.  What the user
 * commits is emitted as ::value-changed with the value as the design-point
 * file writes it; the owner checks it and calls lsg_param_row_set_error()
 * if it is refused. */
LsgParamRow      *lsg_param_row_new         (const LsgKeySpec *spec);
const LsgKeySpec *lsg_param_row_get_spec    (LsgParamRow      *self);
/* "group.key" */
const char       *lsg_param_row_get_path    (LsgParamRow      *self);
/* Shows the value of params without emitting ::value-changed; clears the
 * error. */
void              lsg_param_row_update      (LsgParamRow      *self,
                                             const LsgParams  *params);
void              lsg_param_row_set_error   (LsgParamRow      *self,
                                             const char       *message);
/* Text keys with a known set of values (a CSV header): a drop-down.
 * NULL returns to free text. */
void              lsg_param_row_set_choices (LsgParamRow        *self,
                                             const char * const *choices);
/* The slider of a key spanning decades, or NULL (tests). */
GtkRange         *lsg_param_row_get_range   (LsgParamRow      *self);
/* What the entry shows (tests). */
const char       *lsg_param_row_get_text    (LsgParamRow      *self);
/* Simulates the user committing text in the entry, or for a key with a
 * fixed set of values picking the value so named (tests). */
void              lsg_param_row_commit_text (LsgParamRow      *self,
                                             const char       *text);
/* The sentence shown under a drop-down whose key's blurb describes each
 * value: the chosen value's; NULL when none is shown. */
const char       *lsg_param_row_get_detail  (LsgParamRow      *self);

G_END_DECLS
