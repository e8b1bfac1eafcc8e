/* bench-plot: frame costs of the plot widget with 18 series of 10^5 points.
 *
 * (a) a frame after a data change: decimation, layout and drawing;
 * (b) a frame where only the hover moves: the cached figure node is reused;
 * (c) live growth: 50 appends of 2000 points to each series, each followed
 *     by a frame.
 * A frame is timed from the frame clock's before-paint to its after-paint,
 * which covers the update phase (where the plot prepares), layout and
 * paint.  (a) is also split into the figure's decimation and drawing,
 * measured outside the widget.  Prints medians; exits 77 without a
 * display.
 */
#include "lsg-config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "lsg-plot-private.h"
#include "lsg-test-util.h"

#define N_SERIES 18
#define N_POINTS 100000
#define N_FRAMES 30
#define N_APPENDS 50
#define APPEND_POINTS 2000
#define DT_S 1e-7

typedef struct {
  LsgPlot *plot;
  guint    frames;
  gint64   begin_us;
  gint64   last_us;      /* duration of the last complete frame */
} Bench;

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *b)
{
  b->begin_us = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  b->last_us = g_get_monotonic_time () - b->begin_us;
  b->frames++;
}

static gboolean
wait_frame (Bench *b)
{
  guint frames = b->frames;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (GTK_WIDGET (b->plot));
  while (b->frames == frames && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return b->frames > frames;
}

/* Series s, samples [first, first + n): weight-like with noise. */
static void
fill (guint   s,
      guint   first,
      guint   n,
      double  phase,
      double *x,
      double *y)
{
  double target = ((int) (s / 2) - 4) * 0.2;

  for (guint i = 0; i < n; i++)
    {
      double t = (first + i) * DT_S;

      x[i] = t;
      y[i] = target * (1 - exp (-t / 2e-3)) + 0.02 * sin (t * 3e4 + s + phase)
             + (s % 2 ? 0.005 : 0.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0 };
  GtkWidget *window;
  GdkFrameClock *clock;
  g_autofree double *x = g_new (double, N_POINTS);
  g_autofree double *y = g_new (double, N_POINTS);
  double t_data[N_FRAMES], t_hover[N_FRAMES];
  double t_prepare[N_FRAMES], t_draw[N_FRAMES];
  double t_append_call[N_APPENDS], t_append_frame[N_APPENDS];
  double ax, ay, aw, ah, last_append;
  guint renders, full;
  LsgFigure *fig;

  if (!gtk_init_check ())
    {
      g_print ("no display\n");
      return 77;
    }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  b.plot = LSG_PLOT (lsg_plot_new ());
  fig = lsg_plot_get_figure (b.plot);
  lsg_plot_set_title (b.plot, "Weights: circuit (solid) and ideal SGD (dashed)");
  lsg_plot_set_x_label (b.plot, "Time");
  lsg_plot_set_x_unit (b.plot, "s");
  lsg_plot_set_y_label (b.plot, "Weight");
  for (guint s = 0; s < N_SERIES; s++)
    {
      g_autofree char *name = g_strdup_printf (s % 2 ? "w%u ref" : "w%u", s / 2);

      lsg_plot_add_series (b.plot, name, s / 2,
                           s % 2 ? LSG_LINE_DASHED : LSG_LINE_SOLID, s % 2 == 0);
    }
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (b.plot));
  gtk_window_present (GTK_WINDOW (window));

  while (!gtk_widget_get_mapped (GTK_WIDGET (b.plot)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.plot));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &b);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &b);
  wait_frame (&b);

  g_print ("renderer: %s, %d x %d px, %u series x %u points\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           gtk_widget_get_width (GTK_WIDGET (b.plot)),
           gtk_widget_get_height (GTK_WIDGET (b.plot)), N_SERIES, N_POINTS);

  /* (a) data changes: every series replaced, then one frame */
  for (guint f = 0; f < N_FRAMES; f++)
    {
      for (guint s = 0; s < N_SERIES; s++)
        {
          fill (s, 0, N_POINTS, f, x, y);
          lsg_plot_set_series_data (b.plot, s, x, y, N_POINTS);
        }
      if (!wait_frame (&b))
        g_error ("no frame");
      t_data[f] = b.last_us / 1000.0;
    }

  /* (a) split, outside the widget: decimation and layout, then cairo
   * drawing rasterised into an image surface of the same size */
  {
    int w = gtk_widget_get_width (GTK_WIDGET (b.plot));
    int h = gtk_widget_get_height (GTK_WIDGET (b.plot));
    g_autoptr(LsgFigure) copy = lsg_figure_new ();
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
    LsgFigureStyle style;

    lsg_figure_style_init_default (&style);
    style.font_size = 14.67;   /* 11 pt at 96 dpi */
    style.fill_background = FALSE;
    lsg_figure_set_title (copy, lsg_plot_get_title (b.plot));
    lsg_figure_set_x_axis (copy, "Time", "s");
    lsg_figure_set_y_axis (copy, "Weight", "");
    for (guint s = 0; s < N_SERIES; s++)
      lsg_figure_add_series (copy, lsg_figure_series_get_name (fig, s), s / 2,
                             s % 2 ? LSG_LINE_DASHED : LSG_LINE_SOLID, s % 2 == 0);
    for (guint f = 0; f < N_FRAMES; f++)
      {
        gint64 t0, t1, t2;
        cairo_t *cr;

        for (guint s = 0; s < N_SERIES; s++)
          {
            fill (s, 0, N_POINTS, f, x, y);
            lsg_figure_series_set_data (copy, s, x, y, N_POINTS);
          }
        lsg_figure_fit_view (copy);
        t0 = g_get_monotonic_time ();
        lsg_figure_prepare (copy, w, h, &style);
        t1 = g_get_monotonic_time ();
        cr = cairo_create (surface);
        lsg_figure_render (cr, copy, w, h, &style);
        cairo_destroy (cr);
        cairo_surface_flush (surface);
        t2 = g_get_monotonic_time ();
        t_prepare[f] = (t1 - t0) / 1000.0;
        t_draw[f] = (t2 - t1) / 1000.0;
      }
    cairo_surface_destroy (surface);
  }

  /* (b) hover only, once the last data change is drawn */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!_lsg_plot_is_picture_current (b.plot) && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    wait_frame (&b);
  }
  lsg_figure_get_plot_area (fig, gtk_widget_get_width (GTK_WIDGET (b.plot)),
                            gtk_widget_get_height (GTK_WIDGET (b.plot)),
                            &ax, &ay, &aw, &ah);
  renders = _lsg_plot_get_n_static_renders (b.plot);
  for (guint f = 0; f < N_FRAMES; f++)
    {
      _lsg_plot_hover (b.plot, ax + aw * (0.1 + 0.8 * f / N_FRAMES), ay + ah / 3);
      if (!wait_frame (&b))
        g_error ("no frame");
      t_hover[f] = b.last_us / 1000.0;
    }
  if (_lsg_plot_get_n_static_renders (b.plot) != renders)
    g_error ("hover redrew the static figure");
  _lsg_plot_hover (b.plot, NAN, NAN);

  /* (c) live growth from empty */
  lsg_plot_clear_series (b.plot);
  for (guint s = 0; s < N_SERIES; s++)
    lsg_plot_add_series (b.plot, s % 2 ? "ref" : "w", s / 2,
                         s % 2 ? LSG_LINE_DASHED : LSG_LINE_SOLID, s % 2 == 0);
  wait_frame (&b);
  full = lsg_figure_get_n_full_decimations (fig);
  for (guint k = 0; k < N_APPENDS; k++)
    {
      gint64 t0 = g_get_monotonic_time ();

      for (guint s = 0; s < N_SERIES; s++)
        {
          fill (s, k * APPEND_POINTS, APPEND_POINTS, 0, x, y);
          lsg_plot_append_series_data (b.plot, s, x, y, APPEND_POINTS);
        }
      t_append_call[k] = (g_get_monotonic_time () - t0) / 1000.0;
      if (!wait_frame (&b))
        g_error ("no frame");
      t_append_frame[k] = b.last_us / 1000.0;
    }

  last_append = t_append_frame[N_APPENDS - 1];
  g_print ("(a) frame after a data change:     median %.2f ms\n",
           median (t_data, N_FRAMES));
  g_print ("    of which, measured apart: decimation and layout %.2f ms, "
           "drawing into an image %.2f ms\n",
           median (t_prepare, N_FRAMES), median (t_draw, N_FRAMES));
  g_print ("(b) frame with only the hover moved: median %.2f ms\n",
           median (t_hover, N_FRAMES));
  g_print ("(c) append %u points x %u series:   median %.3f ms per call set, "
           "frame after it median %.2f ms (last %.2f ms)\n",
           APPEND_POINTS, N_SERIES, median (t_append_call, N_APPENDS),
           median (t_append_frame, N_APPENDS), last_append);
  g_print ("    full decimations during growth: %u of %u series updates "
           "(the x view widens to ticks)\n",
           lsg_figure_get_n_full_decimations (fig) - full, N_SERIES * N_APPENDS);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}
