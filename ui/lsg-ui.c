/* lsg-ui.c: resources, style and settings for the explorer. */
#include "lsg-config.h"

#include "lsg-ui-resources.h"
#include "lsg-ui.h"

void
lsg_ui_register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      lsg_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

void
lsg_ui_init (void)
{
  static gsize initialized = 0;

  lsg_ui_register_resources ();
  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/io/github/logsgd/Explorer/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&initialized, 1);
    }
}

GSettings *
lsg_ui_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, LSG_APP_ID, TRUE);
  if (schema == NULL && g_file_test (LSG_BUILD_SCHEMA_DIR, G_FILE_TEST_IS_DIR))
    {
      /* run from the build tree, not installed */
      g_autoptr(GSettingsSchemaSource) build = NULL;

      build = g_settings_schema_source_new_from_directory (LSG_BUILD_SCHEMA_DIR, source, FALSE, NULL);
      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, LSG_APP_ID, FALSE);
    }
  if (schema == NULL)
    {
      g_warning ("Settings schema %s not found: settings last for this session only", LSG_APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}
