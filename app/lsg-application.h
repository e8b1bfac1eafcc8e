/* lsg-application.h: the explorer's GtkApplication. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LSG_TYPE_APPLICATION (lsg_application_get_type ())
G_DECLARE_FINAL_TYPE (LsgApplication, lsg_application, LSG, APPLICATION, GtkApplication)

LsgApplication *lsg_application_new (void);

G_END_DECLS
