/* lsg-test-ui.c: see lsg-test-ui.h. */
#include "lsg-config.h"

#include <gsl/gsl_errno.h>

#include "lsg-test-ui.h"
#include "lsg-ui.h"

gboolean
ui_test_init (int    *argc,
              char ***argv)
{
  gtk_disable_setlocale ();
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("no display: skipping\n");
      return FALSE;
    }
  gsl_set_error_handler_off ();
  lsg_ui_init ();
  return TRUE;
}

LsgWindow *
new_window (void)
{
  LsgWindow *window = lsg_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

void
destroy_and_check_freed (LsgWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (weak == NULL, 10);
  g_assert_null (weak);
}

gboolean
run_done (LsgWindow *window)
{
  return lsg_runner_get_state (lsg_window_get_runner (window)) == LSG_RUNNER_DONE;
}

gboolean
run_done_for (LsgWindow *window,
              guint      generation)
{
  LsgRunner *runner = lsg_window_get_runner (window);

  return lsg_runner_get_generation (runner) > generation && run_done (window)
         && lsg_runner_get_display_params (runner) != NULL
         && lsg_params_equal (lsg_runner_get_display_params (runner), lsg_window_get_params (window));
}
