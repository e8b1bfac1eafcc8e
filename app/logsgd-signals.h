/* logsgd-signals.h: SIGINT, SIGTERM (a batch system's time limit) and
 * SIGHUP cancel a sweep: the points done are kept, and the run says how to
 * go on.  GLib delivers the signals to a main context on a thread of its
 * own, which cancels the cancellable given. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LsgSignalWatch LsgSignalWatch;

typedef struct {
  LsgSignalWatch *watch;
  int             signum;
} LsgSignalTag;

/* On the caller's stack between start and stop. */
struct _LsgSignalWatch {
  GMainContext *context;
  GCancellable *cancellable;
  GThread      *thread;
  GSource      *sources[3];
  LsgSignalTag  tags[3];
  gint          signum;       /* atomic: the signal that came, 0 if none */
  gint          quit;         /* atomic */
};

void lsg_signal_watch_start      (LsgSignalWatch *watch,
                                  GCancellable   *cancellable);
void lsg_signal_watch_stop       (LsgSignalWatch *watch);
/* The signal that came, 0 if none. */
int  lsg_signal_watch_get_signal (LsgSignalWatch *watch);

G_END_DECLS
