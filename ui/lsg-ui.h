/* lsg-ui.h: set-up shared by the explorer and its tests. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Registers the UI resources (templates, help overlay); needs no display. */
void       lsg_ui_register_resources (void);
/* Also loads the style sheet (needs the display); safe to call twice. */
void       lsg_ui_init         (void);
/* The explorer's settings from the installed schema, else the one compiled
 * in the build tree; NULL (nothing is remembered) when neither exists. */
GSettings *lsg_ui_settings_new (void);

G_END_DECLS
