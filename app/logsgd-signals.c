/* logsgd-signals.c: the signals that stop a sweep (SIGINT, SIGTERM from
 * a batch system's time limit, SIGHUP), turned into a cancellation. */
#include "lsg-config.h"

#include <signal.h>

#include <glib-unix.h>

#include "logsgd-signals.h"

static gboolean
on_signal (gpointer data)
{
  LsgSignalTag *tag = data;

  g_atomic_int_compare_and_exchange (&tag->watch->signum, 0, tag->signum);
  g_cancellable_cancel (tag->watch->cancellable);
  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer data)
{
  LsgSignalWatch *watch = data;

  while (!g_atomic_int_get (&watch->quit))
    g_main_context_iteration (watch->context, TRUE);
  return NULL;
}

void
lsg_signal_watch_start (LsgSignalWatch *watch,
                        GCancellable   *cancellable)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };

  G_STATIC_ASSERT (G_N_ELEMENTS (signals) == G_N_ELEMENTS (watch->sources));
  watch->context = g_main_context_new ();
  watch->cancellable = cancellable;
  watch->signum = 0;
  watch->quit = 0;
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      watch->tags[i] = (LsgSignalTag) { watch, signals[i] };
      watch->sources[i] = g_unix_signal_source_new (signals[i]);
      g_source_set_callback (watch->sources[i], on_signal, &watch->tags[i], NULL);
      g_source_attach (watch->sources[i], watch->context);
    }
  watch->thread = g_thread_new ("lsg-signals", signal_thread, watch);
}

void
lsg_signal_watch_stop (LsgSignalWatch *watch)
{
  g_atomic_int_set (&watch->quit, 1);
  g_main_context_wakeup (watch->context);
  g_thread_join (watch->thread);
  for (guint i = 0; i < G_N_ELEMENTS (watch->sources); i++)
    {
      g_source_destroy (watch->sources[i]);
      g_source_unref (watch->sources[i]);
    }
  g_main_context_unref (watch->context);
}

int
lsg_signal_watch_get_signal (LsgSignalWatch *watch)
{
  return g_atomic_int_get (&watch->signum);
}
