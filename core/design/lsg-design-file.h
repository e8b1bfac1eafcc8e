/* lsg-design-file.h: design points as files (MODEL.md section 7).
 *
 * The shipped presets, reading a design-point key file (a [tech] preset's
 * values first, then every key the file sets, then --set overrides) and
 * writing one.  Above both the key table (lsg-params.h) and the technology
 * presets (lsg-tech.h).
 */
#pragma once

#include <glib.h>

#include "lsg-params.h"

G_BEGIN_DECLS

/* A design point is a few kilobytes; anything beyond this is not one. */
#define LSG_DESIGN_FILE_MAX_BYTES (1024 * 1024)

/* The paper preset (never fails: it is compiled in and tested). */
LsgParams *lsg_params_new_default (void);

/* The built-in design points shipped in resources/presets/ (NULL-terminated). */
const char *const *lsg_params_preset_names (void);
LsgParams *lsg_params_new_preset  (const char      *name,
                                   GError         **error);
/* What the preset is, from the comment that opens its file; and its title
 * (the words before the first colon: "Diabetes, class-AB", "Paper");
 * NULL for a name that is not a preset. */
char      *lsg_params_preset_get_description (const char *name);
char      *lsg_params_preset_get_title       (const char *name);

LsgParams *lsg_params_load_file   (const char      *path,
                                   GError         **error);
/* path NULL: the paper preset.  overrides: NULL-terminated "group.key=value"
 * applied in order before the checks that tie keys together, so they can
 * repair a file.  A relative dataset.csv override is taken relative to the
 * current directory. */
LsgParams *lsg_params_load_with_overrides (const char         *path,
                                           const char * const *overrides,
                                           GError            **error);
/* where: a name for messages ("paper preset", a file name) */
LsgParams *lsg_params_load_data   (const char      *data,
                                   gsize            length,
                                   const char      *where,
                                   GError         **error);
char      *lsg_params_to_data     (const LsgParams *params,
                                   gsize           *length);
/* Writes to a temporary file in the same directory, then renames. */
gboolean   lsg_params_save_file   (const LsgParams *params,
                                   const char      *path,
                                   GError         **error);

G_END_DECLS
