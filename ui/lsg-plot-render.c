/* lsg-plot-render.c: a plot's figure drawn off the UI thread.
 *
 * A copy of the figure holding only the decimated polylines goes to a
 * GTask that draws it into an image, and the texture is swapped in when
 * it is ready; until then the snapshot shows the previous picture, so a
 * frame never waits for cairo.  One render at a time.
 */
#include "lsg-config.h"

#include "lsg-plot-private.h"

typedef struct {
  LsgFigure      *copy;
  LsgFigureStyle  style;
  char           *font_family;
  int             width;
  int             height;
  int             scale;
  guint           figure;          /* which figure: a new one restarts generations */
  guint64         generation;
  GdkTexture     *texture;         /* the result */
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  lsg_figure_free (job->copy);
  g_free (job->font_family);
  g_clear_object (&job->texture);
  g_free (job);
}

static RenderJob *
render_job_new (LsgPlot *self,
                int      width,
                int      height)
{
  RenderJob *job = g_new0 (RenderJob, 1);

  job->copy = lsg_figure_copy_prepared (self->figure, width, height, &self->style);
  job->style = self->style;
  job->font_family = g_strdup (self->style.font_family);
  job->style.font_family = job->font_family;
  job->width = width;
  job->height = height;
  job->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  job->figure = self->n_figures;
  job->generation = lsg_figure_get_generation (self->figure);
  return job;
}

/* Draws the figure into an image and wraps it as a texture; runs in any
 * thread (the copy is the job's own). */
static void
render_job_draw (RenderJob *job)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *bytes;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        job->width * job->scale, job->height * job->scale);
  cairo_surface_set_device_scale (surface, job->scale, job->scale);
  cr = cairo_create (surface);
  lsg_figure_render (cr, job->copy, job->width, job->height, &job->style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* cairo's ARGB32 is GDK's default premultiplied memory format */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface)
                                        * cairo_image_surface_get_height (surface),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  job->texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                         cairo_image_surface_get_height (surface),
                                         GDK_MEMORY_DEFAULT, bytes,
                                         cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  render_job_draw (data);
  g_task_return_boolean (task, TRUE);
}

static gboolean
job_is_current (LsgPlot         *self,
                const RenderJob *job)
{
  return job->figure == self->n_figures
         && job->generation == lsg_figure_get_generation (self->figure)
         && job->width == gtk_widget_get_width (GTK_WIDGET (self))
         && job->height == gtk_widget_get_height (GTK_WIDGET (self))
         && job->scale == gtk_widget_get_scale_factor (GTK_WIDGET (self))
         && lsg_figure_style_equal (&job->style, &self->style);
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LsgPlot *self = LSG_PLOT (source);
  RenderJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL)
      || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->render_running = FALSE;
  /* the newest picture there is, even if the figure moved on meanwhile */
  g_set_object (&self->texture, job->texture);
  self->n_static_renders++;
  self->texture_current = job_is_current (self, job);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (!self->texture_current && gtk_widget_get_mapped (GTK_WIDGET (self)))
    _lsg_plot_start_render (self);
}

/* One render at a time: changes during a render are picked up when it
 * ends, so a burst of appends costs one render, not one each. */
void
_lsg_plot_start_render (LsgPlot *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  g_autoptr(GTask) task = NULL;

  if (self->render_running || w <= 0 || h <= 0)
    return;
  self->render_running = TRUE;
  task = g_task_new (self, self->render_cancellable, render_done, NULL);
  g_task_set_task_data (task, render_job_new (self, w, h), (GDestroyNotify) render_job_free);
  g_task_set_name (task, "[lsg] plot render");
  g_task_run_in_thread (task, render_thread);
}

void
_lsg_plot_render_now (LsgPlot *self,
                      int      width,
                      int      height)
{
  RenderJob *job = render_job_new (self, width, height);

  render_job_draw (job);
  g_set_object (&self->texture, job->texture);
  self->texture_current = TRUE;
  self->n_static_renders++;
  render_job_free (job);
}
