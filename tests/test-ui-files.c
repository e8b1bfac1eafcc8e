/* test-ui-files.c: the explorer opens design points off the UI thread:
 * a good file shows its point, a FIFO or a bad file leaves the window
 * responsive with its point and a message.  Skips (77) without a display. */
#include "lsg-config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-test-ui.h"
#include "lsg-ui.h"
#include "lsg-window.h"

/* The message dialog the window shows on top of itself, if any. */
static GtkWindow *
find_dialog (LsgWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        return w;
    }
  return NULL;
}

static void
test_open (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsg-ui-files-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.ini", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.ini", NULL);
  LsgWindow *window = lsg_window_new (NULL);
  GtkWindow *dialog;
  g_autofree char *message = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (g_file_set_contents (good, "[circuit]\ni_eta=3e-9\n", -1, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  /* a good file: shown once read, the call itself returns at once */
  lsg_window_open_file (window, good, NULL);
  WAIT_UNTIL (lsg_window_get_params (window)->i_eta == 3e-9, 10);
  g_assert_cmpfloat (lsg_window_get_params (window)->i_eta, ==, 3e-9);
  g_assert_cmpstr (lsg_window_get_file (window), ==, good);

  /* a FIFO: never waited on; the point stays, a message says why */
  lsg_window_open_file (window, fifo, "The point shown is kept.");
  WAIT_UNTIL (find_dialog (window) != NULL, 10);
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  g_object_get (dialog, "secondary-text", &message, NULL);
  g_assert_nonnull (strstr (message, "FIFO"));
  g_assert_nonnull (strstr (message, "The point shown is kept."));
  g_assert_cmpfloat (lsg_window_get_params (window)->i_eta, ==, 3e-9);
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_remove (good), ==, 0);
  g_assert_cmpint (g_remove (fifo), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (!ui_test_init (&argc, &argv))
    return 77;
  g_test_add_func ("/ui-files/open", test_open);
  return g_test_run ();
}
