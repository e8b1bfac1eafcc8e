/* lsg-application.c: the explorer's GtkApplication. */
#include "lsg-config.h"

#include "lsg-application.h"
#include "lsg-ui.h"
#include "lsg-window.h"

struct _LsgApplication {
  GtkApplication parent_instance;

  GSettings     *settings;
};

G_DEFINE_FINAL_TYPE (LsgApplication, lsg_application, GTK_TYPE_APPLICATION)

static void
apply_color_scheme (LsgApplication *self,
                    const char     *scheme)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();

  /* "default" follows the theme (GTK_THEME, or the light Adwaita) */
  g_object_set (gtk_settings, "gtk-application-prefer-dark-theme",
                g_strcmp0 (scheme, "dark") == 0, NULL);
}

static void
color_scheme_changed (GSimpleAction  *action,
                      GVariant       *value,
                      gpointer        user_data)
{
  LsgApplication *self = user_data;

  g_simple_action_set_state (action, value);
  apply_color_scheme (self, g_variant_get_string (value, NULL));
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "color-scheme", g_variant_get_string (value, NULL));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* closing the windows lets each cancel its runs cleanly */
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;
      windows = windows->next;
      gtk_window_destroy (window);
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *authors[] = { "LogSGD Explorer developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "LogSGD Explorer",
                         "logo-icon-name", LSG_APP_ID,
                         "version", LSG_VERSION,
                         "comments", "Design-space explorer for log-domain analog on-chip training hardware",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
  { "color-scheme", NULL, "s", "'default'", color_scheme_changed },
};

static LsgWindow *
new_window (LsgApplication *self)
{
  LsgWindow *window = lsg_window_new (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
lsg_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (LSG_APPLICATION (app)));
  gtk_window_present (window);
}

static void
lsg_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      LsgWindow *window = new_window (LSG_APPLICATION (app));
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        {
          lsg_window_open_file (window, path, "The paper preset is shown instead.");
          continue;
        }
      {
        GtkWidget *dialog;

        dialog = gtk_message_dialog_new (GTK_WINDOW (window), GTK_DIALOG_MODAL,
                                         GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                         "Cannot open the design point");
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s\n\n"
                                                  "The paper preset is shown instead.",
                                                  "not a local file");
        g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
        gtk_window_present (GTK_WINDOW (dialog));
      }
    }
}

static void
lsg_application_startup (GApplication *app)
{
  LsgApplication *self = LSG_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.step", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.explore", { "<Control>d", NULL } },
    { "win.copy-figure", { "<Control><Shift>c", NULL } },
    { "win.reset", { "<Control>r", NULL } },
    { "win.live", { "<Control>l", NULL } },
    { "win.budget", { "<Control>b", NULL } },
    { "win.fit-plots", { "<Control>0", NULL } },
    { "win.sidebar-visible", { "F9", NULL } },
    { "win.inside-visible", { "<Control>i", NULL } },
    { "win.cost-visible", { "<Control>k", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "app.quit", { "<Control>q", NULL } },
  };

  G_APPLICATION_CLASS (lsg_application_parent_class)->startup (app);
  lsg_ui_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->settings = lsg_ui_settings_new ();
  if (self->settings != NULL)
    {
      g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (app), "color-scheme");

      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (scheme));
      apply_color_scheme (self, scheme);
    }
}

static void
lsg_application_finalize (GObject *object)
{
  LsgApplication *self = LSG_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lsg_application_parent_class)->finalize (object);
}

static void
lsg_application_class_init (LsgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lsg_application_finalize;
  app_class->activate = lsg_application_activate;
  app_class->open = lsg_application_open;
  app_class->startup = lsg_application_startup;
}

static void
lsg_application_init (LsgApplication *self)
{
  /* before startup, so GtkApplication finds gtk/help-overlay.ui */
  lsg_ui_register_resources ();
}

LsgApplication *
lsg_application_new (void)
{
  return g_object_new (LSG_TYPE_APPLICATION,
                       "application-id", LSG_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/logsgd/Explorer",
                       NULL);
}
