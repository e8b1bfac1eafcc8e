/* lsg-tech.h: technology presets (MODEL.md sections 6 and 7).
 *
 * A technology preset is a key file shipped in resources/tech/ with the
 * same groups and keys as a design point ([circuit], [nonideal], [tech])
 * plus a [preset] group with a human name and a description.  Every value
 * carries its source in the comment above it.  Applying a preset sets
 * [tech] preset and every key the preset defines, and circuit.i_spec =
 * tech.i_spec_sq * tech.cell_w_over_l; a design point may override any of
 * them by name (see lsg_params_load_with_overrides ()).
 */
#pragma once

#include <glib.h>

#include "lsg-params.h"

G_BEGIN_DECLS

/* The [tech] preset value that selects no technology. */
#define LSG_TECH_NONE "none"

/* The shipped technologies, NULL-terminated: "cmos180", "ptm65", "sky130". */
const char *const *lsg_tech_preset_names   (void);
/* TRUE for a shipped technology (not for "none"). */
gboolean           lsg_tech_is_preset      (const char  *name);
/* TRUE for NULL, "", "none" or a shipped technology; otherwise a
 * LSG_PARAMS_ERROR_RANGE error that lists the allowed names. */
gboolean           lsg_tech_check_name     (const char  *name,
                                            GError     **error);

/* Human name and one-line description; NULL if name is not a preset. */
char              *lsg_tech_get_name        (const char *name);
char              *lsg_tech_get_description (const char *name);
/* The "group.key" paths the preset sets, in file order, then
 * "circuit.i_spec" (derived); NULL if name is not a preset. */
char             **lsg_tech_list_keys       (const char *name);
/* The source of one value ("group.key"), as written in the preset file:
 * its comment, one paragraph per "Source:" and "Kind:" line.  For
 * circuit.i_spec, how it is derived and the source of i_spec_sq.  NULL if
 * the preset does not define the key or name is not a preset. */
char              *lsg_tech_source          (const char *name,
                                             const char *path);

/* Sets params->tech_preset to name and, unless name is "none" or "",
 * every key the preset defines, then circuit.i_spec.  On error params is
 * unchanged. */
gboolean           lsg_tech_apply           (LsgParams  *params,
                                             const char *name,
                                             GError    **error);

G_END_DECLS
