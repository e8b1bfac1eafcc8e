/* bench-ui: how quickly the explorer answers a slider, and how long the UI
 * thread is busy per main-loop dispatch while runs stream in.  Prints
 * figures; sets no limits.  Skips (77) without a display. */
#include "lsg-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "lsg-param-row.h"
#include "lsg-plot.h"
#include "lsg-plot-private.h"
#include "lsg-ui.h"
#include "lsg-window.h"

#define CHANGES 50

typedef struct {
  LsgWindow *window;
  gboolean   finished;  /* the run ended and its rows reached the plots */
  gboolean   painted;   /* a frame showed every plot's picture of them */
} FrameWatch;

static void
on_finished (FrameWatch *watch)
{
  watch->finished = TRUE;
}

/* Each plot draws its picture off the UI thread: the result is on screen
 * at the first frame after every plot's picture is current. */
static gboolean
pictures_current (LsgWindow *window)
{
  static const char *const plots[] = { "weights", "loss", "current", "voltage" };

  for (guint i = 0; i < G_N_ELEMENTS (plots); i++)
    if (!_lsg_plot_is_picture_current (LSG_PLOT (lsg_window_get_plot (window, plots[i]))))
      return FALSE;
  return TRUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                FrameWatch    *watch)
{
  if (watch->finished && pictures_current (watch->window))
    watch->painted = TRUE;
}

/* One main-loop dispatch; returns how long it kept the thread, s. */
static double
iterate (void)
{
  gint64 t0 = g_get_monotonic_time ();

  g_main_context_iteration (NULL, FALSE);
  return (g_get_monotonic_time () - t0) * 1e-6;
}

static double
percentile (double *v,
            guint   n,
            double  p)
{
  gsl_sort (v, 1, n);
  return gsl_stats_quantile_from_sorted_data (v, 1, n, p);
}

int
main (int    argc,
      char **argv)
{
  LsgWindow *window;
  LsgRunner *runner;
  LsgParamRow *row;
  GdkFrameClock *clock;
  FrameWatch watch = { 0 };
  double latency[CHANGES];
  double run_latency[CHANGES];
  GArray *busy = g_array_new (FALSE, FALSE, sizeof (double));
  guint over_16ms = 0;
  gint64 end;

  if (!gtk_init_check ())
    {
      printf ("bench-ui: no display, skipped\n");
      return 77;
    }
  gsl_set_error_handler_off ();
  lsg_ui_init ();

  window = lsg_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  runner = lsg_window_get_runner (window);
  watch.window = window;
  row = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_eta"));
  g_signal_connect_swapped (runner, "finished", G_CALLBACK (on_finished), &watch);

  /* settle: the first run and the first frames */
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (lsg_runner_get_state (runner) != LSG_RUNNER_DONE && g_get_monotonic_time () < end)
    iterate ();
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &watch);

  for (guint c = 0; c < CHANGES; c++)
    {
      /* alternate between two learning rates */
      const char *value = c % 2 == 0 ? "1.5 nA" : "1 nA";
      gint64 t0;

      watch.finished = watch.painted = FALSE;
      t0 = g_get_monotonic_time ();
      lsg_param_row_commit_text (row, value);
      end = t0 + 30 * G_USEC_PER_SEC;
      while (!watch.painted && g_get_monotonic_time () < end)
        {
          double b = iterate ();

          g_array_append_val (busy, b);
          if (b > 0.016)
            over_16ms++;
          g_usleep (200);
        }
      latency[c] = (g_get_monotonic_time () - t0) * 1e-6;
      run_latency[c] = lsg_runner_get_last_latency (runner);
    }

  printf ("bench-ui: paper preset, %u slider changes (I_eta), window 1400x900\n", CHANGES);
  printf ("renderer: %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  printf ("slider change to the first frame showing the complete new run: median %.1f ms, p95 %.1f ms, max %.1f ms\n",
          1e3 * percentile (latency, CHANGES, 0.5), 1e3 * percentile (latency, CHANGES, 0.95),
          1e3 * percentile (latency, CHANGES, 1.0));
  printf ("slider change to the end of the run (runner, off the UI thread): median %.1f ms, p95 %.1f ms\n",
          1e3 * percentile (run_latency, CHANGES, 0.5), 1e3 * percentile (run_latency, CHANGES, 0.95));
  printf ("UI thread per main-loop dispatch: median %.2f ms, p95 %.2f ms, max %.2f ms; %u of %u over 16 ms\n",
          1e3 * percentile ((double *) busy->data, busy->len, 0.5),
          1e3 * percentile ((double *) busy->data, busy->len, 0.95),
          1e3 * percentile ((double *) busy->data, busy->len, 1.0), over_16ms, busy->len);

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (busy);
  return EXIT_SUCCESS;
}
