/* lsg-sim-loss.c: the regularized loss of every row without an O(n^2)
 * product per row.
 *
 * The loss form evaluates 1/2 (w'Gw - 2 w'b + c) + lambda/2 |w|^2, whose
 * quadratic term costs n^2 per evaluation, twice per row.  But a row's
 * weights differ little from the last row's: the reported weights move by
 * a few ADC steps (most of them not at all), and R2 moves as
 * w <- decay w + c x_k, a rank-one step.  So each tracker keeps h = G w
 * for the weights it saw last and updates it by the columns of G that
 * changed (or by decay h + c G x_k, with G x_k of every training row
 * computed once), which makes the loss O(n) from h.  A full product every
 * LOSS_REFRESH updates bounds the rounding drift of h to a few units in
 * the last place of the loss.  Below LOSS_TRACK_MIN_N weights the direct
 * evaluation is as cheap and is used as before. */
#include "lsg-config.h"

#include <string.h>

#include "lsg-sim-private.h"

/* Incremental updates between two full products. */
#define LOSS_REFRESH 256

void
_lsg_sim_loss_track_init (LsgLossTrack      *track,
                          const LsgLossForm *form)
{
  memset (track, 0, sizeof *track);
  track->form = form;
  if (form->n >= LOSS_TRACK_MIN_N)
    {
      track->w = g_new0 (double, form->n);
      track->h = g_new0 (double, form->n);
    }
}

void
_lsg_sim_loss_track_clear (LsgLossTrack *track)
{
  g_clear_pointer (&track->w, g_free);
  g_clear_pointer (&track->h, g_free);
}

static void
full_product (LsgLossTrack *track,
              const double *w)
{
  const LsgLossForm *form = track->form;
  guint n = form->n;

  for (guint i = 0; i < n; i++)
    {
      const double *restrict row = form->gram + (gsize) i * n;
      double sum = 0.0;

      for (guint j = 0; j < n; j++)
        sum += row[j] * w[j];
      track->h[i] = sum;
    }
  memcpy (track->w, w, sizeof (double) * n);
  track->age = 0;
  track->valid = TRUE;
}

double
_lsg_sim_loss_track_eval (LsgLossTrack *track,
                          const double *w)
{
  const LsgLossForm *form = track->form;
  guint n = form->n, changed = 0;
  double quad = 0.0, lin = 0.0, norm2 = 0.0;

  if (track->h == NULL)
    return lsg_loss_form_eval (form, w);

  if (track->valid && track->age < LOSS_REFRESH)
    for (guint i = 0; i < n && changed <= n / 8; i++)
      changed += w[i] != track->w[i];
  if (!track->valid || track->age >= LOSS_REFRESH || changed > n / 8)
    full_product (track, w);
  else if (changed > 0)
    {
      /* G is symmetric: column i is row i */
      for (guint i = 0; i < n; i++)
        if (w[i] != track->w[i])
          {
            const double *restrict row = form->gram + (gsize) i * n;
            double dw = w[i] - track->w[i];
            double *restrict h = track->h;

            for (guint j = 0; j < n; j++)
              h[j] += dw * row[j];
            track->w[i] = w[i];
          }
      track->age++;
    }
  for (guint i = 0; i < n; i++)
    {
      quad += w[i] * track->h[i];
      lin += w[i] * form->xty[i];
      norm2 += w[i] * w[i];
    }
  return 0.5 * (quad - 2.0 * lin + form->yty) + 0.5 * form->lambda * norm2;
}

void
_lsg_sim_loss_track_shift (LsgLossTrack *track,
                           const double *w_new,
                           double        decay,
                           double        c,
                           const double *gx)
{
  guint n = track->form->n;

  if (track->h == NULL || !track->valid || track->age >= LOSS_REFRESH)
    return;
  for (guint i = 0; i < n; i++)
    track->h[i] = decay * track->h[i] + c * gx[i];
  memcpy (track->w, w_new, sizeof (double) * n);
  track->age++;
}
