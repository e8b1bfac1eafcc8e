/* lsg-test-ui.h: what the tests under a display share: waiting on the
 * main loop, and the explorer window's life and runs. */
#pragma once

#include <gtk/gtk.h>

#include "lsg-window.h"

G_BEGIN_DECLS

/* Iterates the main loop until cond (checked after each iteration) holds
 * or timeout_s pass; idle iterations sleep 1 ms rather than spin. */
#define WAIT_UNTIL(cond, timeout_s) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + (gint64) ((timeout_s) * G_USEC_PER_SEC); \
    while (!(cond) && g_get_monotonic_time () < _end) \
      if (!g_main_context_iteration (NULL, FALSE)) \
        g_usleep (1000); \
  } G_STMT_END

/* WAIT_UNTIL, then cond must hold. */
#define ASSERT_SOON(cond, timeout_s) \
  G_STMT_START { \
    WAIT_UNTIL (cond, timeout_s); \
    g_assert_true (cond); \
  } G_STMT_END

/* g_test_init and GTK with the explorer's resources and style; FALSE
 * without a display (the test then exits 77: skipped). */
gboolean   ui_test_init            (int        *argc,
                                    char     ***argv);

/* A new explorer window, presented; it starts its default point's run. */
LsgWindow *new_window              (void);
/* Destroys window and asserts that it is freed (nothing keeps a ref). */
void       destroy_and_check_freed (LsgWindow *window);
/* The run on display is done. */
gboolean   run_done                (LsgWindow *window);
/* A run newer than generation is done and shows the window's point. */
gboolean   run_done_for            (LsgWindow *window,
                                    guint      generation);

G_END_DECLS
