/* The plot widget and the figure renderer, under a display. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gtk/gtk.h>

#include "lsg-plot-private.h"
#include "lsg-test-ui.h"

/* View comparisons: a few roundings of decimal arithmetic. */
#define REL_TOL 1e-9

typedef struct {
  GtkWidget *window;
  LsgPlot   *plot;
  guint      frames;
} Fixture;

static void
on_after_paint (GdkFrameClock *clock,
                Fixture       *fx)
{
  fx->frames++;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->window = gtk_window_new ();
  fx->plot = LSG_PLOT (lsg_plot_new ());
  fx->frames = 0;
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 640, 420);
  gtk_window_set_child (GTK_WINDOW (fx->window), GTK_WIDGET (fx->plot));
  lsg_plot_set_title (fx->plot, "Weights");
  lsg_plot_set_x_label (fx->plot, "Time");
  lsg_plot_set_x_unit (fx->plot, "s");
  lsg_plot_set_y_label (fx->plot, "Weight");
  gtk_window_present (GTK_WINDOW (fx->window));

  ASSERT_SOON (gtk_widget_get_mapped (GTK_WIDGET (fx->plot))
              && gtk_widget_get_width (GTK_WIDGET (fx->plot)) > 0
              && _lsg_plot_get_n_static_renders (fx->plot) > 0, 10);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (fx->plot)),
                    "after-paint", G_CALLBACK (on_after_paint), fx);
}

/* Ends every test: the window goes, and the plot is freed with it. */
static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fx->plot));

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, fx);
  g_object_add_weak_pointer (G_OBJECT (fx->plot), (gpointer *) &fx->plot);
  gtk_window_destroy (GTK_WINDOW (fx->window));
  ASSERT_SOON (fx->plot == NULL, 5);
}

static void
next_frame (Fixture *fx)
{
  guint frames = fx->frames;

  gtk_widget_queue_draw (GTK_WIDGET (fx->plot));
  ASSERT_SOON (fx->frames > frames, 5);
}

/* The widget's own snapshot, outside a frame. */
static void
snapshot_now (LsgPlot *plot)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  GTK_WIDGET_GET_CLASS (plot)->snapshot (GTK_WIDGET (plot), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
}

static void
get_area (LsgPlot *plot,
          double  *ax,
          double  *ay,
          double  *aw,
          double  *ah)
{
  GtkWidget *widget = GTK_WIDGET (plot);

  lsg_figure_get_plot_area (lsg_plot_get_figure (plot),
                            gtk_widget_get_width (widget),
                            gtk_widget_get_height (widget), ax, ay, aw, ah);
  g_assert_cmpfloat (*aw, >, 100);
  g_assert_cmpfloat (*ah, >, 100);
}

static void
assert_close (double a,
              double b,
              double scale)
{
  g_assert_cmpfloat (fabs (a - b), <=, REL_TOL * scale);
}

/* n samples of a weight-like curve on [t0, t0 + n dt). */
static void
make_data (guint   n,
           double  t0,
           double  dt,
           double  amplitude,
           double *x,
           double *y)
{
  for (guint i = 0; i < n; i++)
    {
      x[i] = t0 + i * dt;
      y[i] = amplitude * (1 - exp (-x[i] / 3e-4)) + 0.01 * sin (i * 0.1);
    }
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
on_view_changed (LsgPlot *plot,
                 guint   *count)
{
  (*count)++;
}

static void
test_properties (Fixture       *fx,
                 gconstpointer  data)
{
  guint notified = 0;
  g_autofree char *title = NULL;
  gboolean y_log;

  g_signal_connect (fx->plot, "notify", G_CALLBACK (on_notify), &notified);

  g_object_set (fx->plot, "title", "Loss", "y-unit", "A", "y-log", TRUE, NULL);
  g_assert_cmpuint (notified, ==, 3);
  /* the same values again: no notification */
  g_object_set (fx->plot, "title", "Loss", "y-unit", "A", "y-log", TRUE, NULL);
  g_assert_cmpuint (notified, ==, 3);

  g_object_get (fx->plot, "title", &title, "y-log", &y_log, NULL);
  g_assert_cmpstr (title, ==, "Loss");
  g_assert_true (y_log);
  g_assert_cmpstr (lsg_plot_get_x_label (fx->plot), ==, "Time");
  g_assert_cmpstr (lsg_plot_get_x_unit (fx->plot), ==, "s");
  g_assert_cmpstr (lsg_plot_get_y_label (fx->plot), ==, "Weight");
  g_assert_cmpstr (lsg_plot_get_y_unit (fx->plot), ==, "A");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fx->plot)),
                   ==, GTK_ACCESSIBLE_ROLE_IMG);

  next_frame (fx);
  g_signal_handlers_disconnect_by_func (fx->plot, on_notify, &notified);
}

static void
test_data_fit (Fixture       *fx,
               gconstpointer  data)
{
  const guint n = 1000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  double x0, x1, y0, y1;
  guint s, full;
  LsgFigure *fig = lsg_plot_get_figure (fx->plot);

  s = lsg_plot_add_series (fx->plot, "w0", 0, LSG_LINE_SOLID, TRUE);
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (lsg_plot_get_n_series (fx->plot), ==, 1);
  make_data (n, 0, 1e-6, 0.5, x, y);
  lsg_plot_set_series_data (fx->plot, s, x, y, n);
  g_assert_cmpuint (lsg_plot_get_series_n_points (fx->plot, s), ==, n);
  g_assert_true (lsg_plot_get_auto_fit (fx->plot));

  lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);
  g_assert_cmpfloat (x0, <=, x[0]);
  g_assert_cmpfloat (x1, >=, x[n - 1]);
  g_assert_cmpfloat (y0, <, 0);     /* y starts at 0, padded */
  g_assert_cmpfloat (y1, >, 0.5 * (1 - exp (-x[n - 1] / 3e-4)));
  next_frame (fx);

  /* live growth: the view follows */
  for (guint k = 1; k <= 4; k++)
    {
      make_data (n, k * n * 1e-6, 1e-6, 0.5 + k, x, y);
      lsg_plot_append_series_data (fx->plot, s, x, y, n);
      next_frame (fx);
    }
  g_assert_cmpuint (lsg_plot_get_series_n_points (fx->plot, s), ==, 5 * n);
  lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);
  g_assert_cmpfloat (x1, >=, x[n - 1]);
  g_assert_cmpfloat (y1, >=, 4.5 * (1 - exp (-x[n - 1] / 3e-4)));

  /* an append that keeps the x view is decimated incrementally, and the
   * snapshot does not decimate at all */
  make_data (200, x[n - 1] + 1e-6, 1e-6, 4.5, x, y);
  lsg_plot_append_series_data (fx->plot, s, x, y, 200);
  _lsg_plot_prepare (fx->plot);
  full = lsg_figure_get_n_full_decimations (fig);
  lsg_plot_get_view (fx->plot, &x0, &x1, NULL, NULL);
  g_assert_cmpfloat (x1, >, x[199] + 10e-6);   /* widened to a tick */
  make_data (10, x[199] + 1e-6, 1e-6, 4.5, x, y);
  lsg_plot_append_series_data (fx->plot, s, x, y, 10);
  {
    double nx0, nx1;

    lsg_plot_get_view (fx->plot, &nx0, &nx1, NULL, NULL);
    g_assert_cmpfloat (nx0, ==, x0);
    g_assert_cmpfloat (nx1, ==, x1);
  }
  _lsg_plot_prepare (fx->plot);
  g_assert_cmpuint (lsg_figure_get_n_full_decimations (fig), ==, full);
  snapshot_now (fx->plot);
  g_assert_cmpuint (lsg_figure_get_n_full_decimations (fig), ==, full);

  /* replacing the data is a full decimation, done in the frame's update */
  lsg_plot_set_series_data (fx->plot, s, x, y, 10);
  next_frame (fx);
  g_assert_cmpuint (lsg_figure_get_n_full_decimations (fig), ==, full + 1);

  lsg_plot_clear_series (fx->plot);
  g_assert_cmpuint (lsg_plot_get_n_series (fx->plot), ==, 0);
  next_frame (fx);
}

static void
fill_two_series (Fixture *fx)
{
  const guint n = 2000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);

  lsg_plot_add_series (fx->plot, "w0", 0, LSG_LINE_SOLID, TRUE);
  lsg_plot_add_series (fx->plot, "w0 ref", 0, LSG_LINE_DASHED, TRUE);
  make_data (n, 0, 1e-6, 0.8, x, y);
  lsg_plot_set_series_data (fx->plot, 0, x, y, n);
  make_data (n, 0, 1e-6, 0.7, x, y);
  lsg_plot_set_series_data (fx->plot, 1, x, y, n);
  next_frame (fx);
}

static void
test_zoom_pan_fit (Fixture       *fx,
                   gconstpointer  data)
{
  double ax, ay, aw, ah;
  double x0, x1, y0, y1, a0, a1, b0, b1;
  guint changes = 0;

  fill_two_series (fx);
  g_signal_connect (fx->plot, "view-changed", G_CALLBACK (on_view_changed), &changes);
  get_area (fx->plot, &ax, &ay, &aw, &ah);
  lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);

  /* zoom by 2 about the centre: half the span, same centre */
  _lsg_plot_zoom (fx->plot, ax + aw / 2, ay + ah / 2, 2, 2);
  g_assert_false (lsg_plot_get_auto_fit (fx->plot));
  g_assert_cmpuint (changes, ==, 1);
  lsg_plot_get_view (fx->plot, &a0, &a1, &b0, &b1);
  assert_close (a1 - a0, (x1 - x0) / 2, x1 - x0);
  assert_close (a0 + a1, x0 + x1, x1 - x0);
  assert_close (b1 - b0, (y1 - y0) / 2, y1 - y0);
  assert_close (b0 + b1, y0 + y1, y1 - y0);
  next_frame (fx);

  /* about the left edge of the plot area: x0 stays (the area moves with
   * the width of the tick labels, so it is looked up again) */
  get_area (fx->plot, &ax, &ay, &aw, &ah);
  lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);
  _lsg_plot_zoom (fx->plot, ax, ay + ah / 2, 0.5, 1);
  lsg_plot_get_view (fx->plot, &a0, &a1, &b0, &b1);
  assert_close (a0, x0, x1 - x0);
  assert_close (a1 - a0, 2 * (x1 - x0), x1 - x0);
  g_assert_cmpfloat (b0, ==, y0);
  g_assert_cmpfloat (b1, ==, y1);

  /* drag right by a tenth of the width: the view moves left a tenth */
  get_area (fx->plot, &ax, &ay, &aw, &ah);
  lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);
  _lsg_plot_pan (fx->plot, 0.1 * aw, 0);
  lsg_plot_get_view (fx->plot, &a0, &a1, &b0, &b1);
  assert_close (a0, x0 - 0.1 * (x1 - x0), x1 - x0);
  assert_close (a1, x1 - 0.1 * (x1 - x0), x1 - x0);
  /* drag down: the view moves up */
  get_area (fx->plot, &ax, &ay, &aw, &ah);
  _lsg_plot_pan (fx->plot, 0, 0.25 * ah);
  lsg_plot_get_view (fx->plot, NULL, NULL, &b0, &b1);
  assert_close (b0, y0 + 0.25 * (y1 - y0), y1 - y0);
  next_frame (fx);

  /* a zoomed view stays while data grow */
  {
    double x[] = { 5e-3 }, y[] = { 3 };

    lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);
    lsg_plot_append_series_data (fx->plot, 0, x, y, 1);
    lsg_plot_get_view (fx->plot, &a0, &a1, &b0, &b1);
    g_assert_true (a0 == x0 && a1 == x1 && b0 == y0 && b1 == y1);
  }

  /* double-click fits and follows again */
  get_area (fx->plot, &ax, &ay, &aw, &ah);
  g_assert_true (_lsg_plot_click (fx->plot, ax + aw / 2, ay + ah / 2, 2));
  g_assert_true (lsg_plot_get_auto_fit (fx->plot));
  lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);
  g_assert_cmpfloat (x1, >=, 5e-3);
  g_assert_cmpfloat (y1, >=, 3);
  next_frame (fx);

  /* a single click in the plot does nothing */
  g_assert_false (_lsg_plot_click (fx->plot, ax + aw / 2, ay + ah / 2, 1));

  /* log axis: zoom works in decades */
  lsg_plot_set_y_log (fx->plot, TRUE);
  lsg_plot_set_view (fx->plot, 0, 1e-3, 1e-6, 1e-2);
  g_assert_false (lsg_plot_get_auto_fit (fx->plot));
  get_area (fx->plot, &ax, &ay, &aw, &ah);
  _lsg_plot_zoom (fx->plot, ax + aw / 2, ay + ah / 2, 1, 2);
  lsg_plot_get_view (fx->plot, &a0, &a1, &b0, &b1);
  assert_close (log10 (b0), -5, 1);
  assert_close (log10 (b1), -3, 1);
  assert_close (a0, 0, 1e-3);
  assert_close (a1, 1e-3, 1e-3);
  next_frame (fx);

  /* lsg_plot_fit () */
  lsg_plot_fit (fx->plot);
  g_assert_true (lsg_plot_get_auto_fit (fx->plot));
  next_frame (fx);
}

static void
test_legend_toggle (Fixture       *fx,
                    gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fx->plot);
  LsgFigure *fig = lsg_plot_get_figure (fx->plot);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double hx = -1, hy = -1;
  double x0, x1, y0, y1;

  fill_two_series (fx);

  /* find the first legend entry on a grid of points */
  for (int py = 0; py < h && hx < 0; py += 2)
    for (int px = 0; px < w && hx < 0; px += 2)
      {
        LsgFigureHit hit;

        if (lsg_figure_hit (fig, w, h, px, py, &hit) == LSG_FIGURE_HIT_LEGEND
            && hit.series == 0)
          {
            hx = px;
            hy = py;
          }
      }
  g_assert_cmpfloat (hx, >=, 0);

  lsg_plot_get_view (fx->plot, &x0, &x1, &y0, &y1);
  g_assert_true (_lsg_plot_click (fx->plot, hx, hy, 1));
  g_assert_false (lsg_plot_get_series_visible (fx->plot, 0));
  g_assert_true (lsg_plot_get_series_visible (fx->plot, 1));
  next_frame (fx);
  /* double-click on the legend is not a fit */
  g_assert_false (_lsg_plot_click (fx->plot, hx, hy, 2));
  g_assert_true (_lsg_plot_click (fx->plot, hx, hy, 1));
  g_assert_true (lsg_plot_get_series_visible (fx->plot, 0));
  next_frame (fx);
}

static void
test_degenerate (Fixture       *fx,
                 gconstpointer  data)
{
  guint s;

  /* empty */
  snapshot_now (fx->plot);
  next_frame (fx);

  /* a series without points, then one point */
  s = lsg_plot_add_series (fx->plot, "one", 1, LSG_LINE_DOTTED, TRUE);
  next_frame (fx);
  {
    double x[] = { 1e-3 }, y[] = { 0.25 };

    lsg_plot_set_series_data (fx->plot, s, x, y, 1);
    next_frame (fx);
    snapshot_now (fx->plot);
  }

  /* NaNs: in the middle, at the ends, everywhere */
  {
    double x[] = { 0, 1, 2, 3, 4, 5 };
    double y[] = { NAN, 1, NAN, 2, 3, NAN };
    double all_nan[] = { NAN, NAN, NAN, NAN, NAN, NAN };

    lsg_plot_set_series_data (fx->plot, s, x, y, 6);
    lsg_plot_set_series_marker (fx->plot, s, TRUE);
    next_frame (fx);
    lsg_plot_set_series_data (fx->plot, s, x, all_nan, 6);
    next_frame (fx);
    snapshot_now (fx->plot);
  }

  /* log axis with non-positive values only, then mixed */
  {
    double x[] = { 0, 1, 2, 3 };
    double y[] = { -1, 0, -2, 0 };
    double mixed[] = { 1e-9, -1, 2e-7, 3e-8 };

    lsg_plot_set_y_unit (fx->plot, "A");
    lsg_plot_set_y_log (fx->plot, TRUE);
    lsg_plot_set_series_data (fx->plot, s, x, y, 4);
    next_frame (fx);
    lsg_plot_set_series_data (fx->plot, s, x, mixed, 4);
    lsg_plot_set_hline (fx->plot, 1e-8, "limit");
    lsg_plot_set_span (fx->plot, 2, 3, "hold");
    {
      double ey[] = { 5e-8, -1 };
      guint ep[] = { 1, 2 };

      lsg_plot_set_edge_markers (fx->plot, ey, ep, 2, "optimum");
    }
    next_frame (fx);
  }

  /* tiny and huge views */
  lsg_plot_set_view (fx->plot, 1, 1, 1e-300, 1e300);
  next_frame (fx);
  lsg_plot_set_y_log (fx->plot, FALSE);
  lsg_plot_set_view (fx->plot, -1e300, 1e300, 5, 5);
  next_frame (fx);

  /* a window too small for a plot area */
  gtk_widget_set_size_request (GTK_WIDGET (fx->plot), -1, -1);
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 40, 30);
  gtk_widget_queue_resize (GTK_WIDGET (fx->plot));
  next_frame (fx);
  snapshot_now (fx->plot);
}

/* Hover redraws only the overlay; the cached figure node is kept. */
static void
test_hover_cached (Fixture       *fx,
                   gconstpointer  data)
{
  double ax, ay, aw, ah;
  guint renders;

  fill_two_series (fx);
  get_area (fx->plot, &ax, &ay, &aw, &ah);
  next_frame (fx);
  ASSERT_SOON (_lsg_plot_is_picture_current (fx->plot), 10);
  renders = _lsg_plot_get_n_static_renders (fx->plot);

  for (guint k = 0; k < 5; k++)
    {
      _lsg_plot_hover (fx->plot, ax + (0.1 + 0.2 * k) * aw, ay + ah / 2);
      next_frame (fx);
    }
  _lsg_plot_hover (fx->plot, NAN, NAN);
  next_frame (fx);
  g_assert_cmpuint (_lsg_plot_get_n_static_renders (fx->plot), ==, renders);

  /* a data change draws the figure again */
  {
    double x[] = { 3e-3 }, y[] = { 1 };

    lsg_plot_append_series_data (fx->plot, 0, x, y, 1);
    next_frame (fx);
    /* drawn off the UI thread: the picture arrives a little later, once */
    ASSERT_SOON (_lsg_plot_get_n_static_renders (fx->plot) > renders, 10);
    next_frame (fx);
    g_assert_cmpuint (_lsg_plot_get_n_static_renders (fx->plot), ==, renders + 1);
  }
}

/* ---- The renderer alone ----------------------------------------------- */

static LsgFigure *
make_figure (void)
{
  LsgFigure *fig = lsg_figure_new ();
  const guint n = 5000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  double ey[] = { 0.8, 0.35 };
  guint ep[] = { 0, 1 };

  lsg_figure_set_title (fig, "Weights");
  lsg_figure_set_x_axis (fig, "Time", "s");
  lsg_figure_set_y_axis (fig, "Weight", "");
  for (guint i = 0; i < 2; i++)
    {
      lsg_figure_add_series (fig, i ? "w1" : "w0", i, LSG_LINE_SOLID, TRUE);
      lsg_figure_add_series (fig, i ? "w1 ref" : "w0 ref", i, LSG_LINE_DASHED, FALSE);
      make_data (n, 0, 1e-6, ey[i], x, y);
      lsg_figure_series_set_data (fig, 2 * i, x, y, n);
      make_data (n, 0, 1e-6, ey[i] * 0.98, x, y);
      lsg_figure_series_set_data (fig, 2 * i + 1, x, y, n);
    }
  lsg_figure_set_span (fig, 4e-3, 5e-3, "hold");
  lsg_figure_set_edge_markers (fig, ey, ep, 2, "ridge optimum");
  lsg_figure_set_hline (fig, 0.5, "half");
  lsg_figure_fit_view (fig);
  return fig;
}

/* Pixels that differ from the background's. */
static guint
count_ink (cairo_surface_t *surface,
           guint32          background)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data;
  guint ink = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++)
      ink += (*(const guint32 *) (data + r * stride + 4 * c) & 0xffffff) != background;
  return ink;
}

static void
test_figure_image (void)
{
  g_autoptr(LsgFigure) fig = make_figure ();
  LsgFigureStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint ink, full;

  /* screen size */
  lsg_figure_style_init_default (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 400);
  cr = cairo_create (surface);
  lsg_figure_render (cr, fig, 600, 400, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  ink = count_ink (surface, 0x00ffffff);
  /* lines, text and grid: more than 2 %, far from all */
  g_assert_cmpuint (ink, >, 600 * 400 / 50);
  g_assert_cmpuint (ink, <, 600 * 400 / 2);
  full = lsg_figure_get_n_full_decimations (fig);
  g_assert_cmpuint (full, ==, 4);
  /* the same size again: decimation cached */
  lsg_figure_render (cr, fig, 600, 400, &style);
  g_assert_cmpuint (lsg_figure_get_n_full_decimations (fig), ==, full);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* paper: 3.5 in x 2.5 in at 300 dpi, user units in points */
  lsg_figure_style_init_print (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1050, 750);
  cr = cairo_create (surface);
  cairo_scale (cr, 300.0 / 72, 300.0 / 72);
  lsg_figure_render (cr, fig, 3.5 * 72, 2.5 * 72, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  ink = count_ink (surface, 0x00ffffff);
  g_assert_cmpuint (ink, >, 1050 * 750 / 50);
  g_assert_cmpuint (ink, <, 1050 * 750 / 2);
  if (g_getenv ("LSG_PLOT_TEST_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("LSG_PLOT_TEST_PNG"));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static cairo_status_t
write_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
test_figure_vector (void)
{
  g_autoptr(LsgFigure) fig = make_figure ();
  LsgFigureStyle style;

  lsg_figure_style_init_print (&style);
  for (guint kind = 0; kind < 2; kind++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      cairo_surface_t *surface;
      cairo_t *cr;

      if (kind == 0)
        surface = cairo_pdf_surface_create_for_stream (write_bytes, bytes, 252, 180);
      else
        surface = cairo_svg_surface_create_for_stream (write_bytes, bytes, 252, 180);
      cr = cairo_create (surface);
      lsg_figure_render (cr, fig, 252, 180, &style);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
      g_assert_cmpuint (bytes->len, >, 1000);
      if (kind == 0)
        g_assert_true (memcmp (bytes->data, "%PDF", 4) == 0);
      else
        g_assert_nonnull (g_strstr_len ((const char *) bytes->data, bytes->len, "<svg"));
    }
}

static void
test_figure_mapping (void)
{
  g_autoptr(LsgFigure) fig = make_figure ();
  LsgRange vx, vy;
  double ax, ay, aw, ah;

  lsg_figure_get_plot_area (fig, 600, 400, &ax, &ay, &aw, &ah);
  g_assert_cmpfloat (aw, >, 300);
  g_assert_cmpfloat (ah, >, 200);
  lsg_figure_get_view (fig, &vx, &vy);

  /* the corners of the area are the ends of the view */
  {
    double x, y;

    lsg_figure_pixel_to_data (fig, 600, 400, ax, ay + ah, &x, &y);
    assert_close (x, vx.lo, vx.hi - vx.lo);
    assert_close (y, vy.lo, vy.hi - vy.lo);
    lsg_figure_pixel_to_data (fig, 600, 400, ax + aw, ay, &x, &y);
    assert_close (x, vx.hi, vx.hi - vx.lo);
    assert_close (y, vy.hi, vy.hi - vy.lo);
  }
  /* and back, also on a log axis */
  for (guint log = 0; log < 2; log++)
    {
      double px, py, x, y;

      lsg_figure_set_y_log (fig, log);
      lsg_figure_fit_view (fig);
      lsg_figure_get_view (fig, &vx, &vy);
      lsg_figure_data_to_pixel (fig, 600, 400, 1.234e-3, 0.3, &px, &py);
      lsg_figure_pixel_to_data (fig, 600, 400, px, py, &x, &y);
      assert_close (x, 1.234e-3, vx.hi - vx.lo);
      assert_close (y, 0.3, 1);
      g_assert_cmpint (lsg_figure_hit (fig, 600, 400, px, py, NULL), ==,
                       LSG_FIGURE_HIT_PLOT);
    }
  g_assert_cmpint (lsg_figure_hit (fig, 600, 400, ax / 2, ay + ah / 2, NULL), ==,
                   LSG_FIGURE_HIT_Y_AXIS);
  g_assert_cmpint (lsg_figure_hit (fig, 600, 400, ax + aw / 2, ay + ah + 5, NULL), ==,
                   LSG_FIGURE_HIT_X_AXIS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("no display\n");
      return 77;
    }

#define ADD(path, func) \
  g_test_add ("/plot/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("properties", test_properties);
  ADD ("data-fit", test_data_fit);
  ADD ("zoom-pan-fit", test_zoom_pan_fit);
  ADD ("legend-toggle", test_legend_toggle);
  ADD ("degenerate", test_degenerate);
  ADD ("hover-cached", test_hover_cached);
#undef ADD
  g_test_add_func ("/figure/image", test_figure_image);
  g_test_add_func ("/figure/vector", test_figure_vector);
  g_test_add_func ("/figure/mapping", test_figure_mapping);

  return g_test_run ();
}
