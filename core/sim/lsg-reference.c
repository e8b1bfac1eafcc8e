/* lsg-reference.c: R1, R2 and R3 of MODEL.md section 2. */
#include "lsg-config.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "lsg-reference.h"
#include "lsg-sim.h"

void
lsg_r1_step (double       *w,
             const double *x,
             double        y,
             guint         n,
             double        eta,
             double        lambda)
{
  double e = y;

  for (guint i = 0; i < n; i++)
    e -= w[i] * x[i];
  for (guint i = 0; i < n; i++)
    w[i] += eta * (e * x[i] - lambda * w[i]);
}

/* -expm1(-a t) / a, which tends to t as a -> 0 */
static inline double
phi (double a,
     double t)
{
  return a == 0.0 ? t : -expm1 (-a * t) / a;
}

void
lsg_r2_advance (double       *w,
                const double *x,
                double        y,
                guint         n,
                double        t,
                double        lambda)
{
  double s = 0.0, p0 = 0.0, decay, c;

  for (guint i = 0; i < n; i++)
    {
      s += x[i] * x[i];
      p0 += x[i] * w[i];
    }

  /* p = x.w relaxes at rate s + lambda to s y / (s + lambda); the part of
   * w orthogonal to x decays at rate lambda.  Written as
   *   w(t) = w0 e^{-lambda t} + c x,
   *   c = y phi(s + lambda) - p0 e^{-lambda t} phi(s),
   * which stays exact and free of cancellation as s -> 0. */
  decay = exp (-lambda * t);
  c = y * phi (s + lambda, t) - p0 * decay * phi (s, t);
  for (guint i = 0; i < n; i++)
    w[i] = w[i] * decay + c * x[i];
}

gboolean
lsg_r3_ridge (const double *x,
              const double *y,
              guint         n_rows,
              guint         n,
              double        lambda,
              double       *w_star,
              GError      **error)
{
  g_autoptr(LsgLossForm) form = lsg_loss_form_new (x, y, n_rows, n, lambda);
  gsl_matrix *a = gsl_matrix_alloc (n, n);
  gsl_vector_view b = gsl_vector_view_array (form->xty, n);
  gsl_vector_view sol = gsl_vector_view_array (w_star, n);
  int status;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      gsl_matrix_set (a, i, j, form->gram[(gsize) i * n + j] + (i == j ? lambda : 0.0));

  status = gsl_linalg_cholesky_decomp1 (a);
  if (status == GSL_SUCCESS)
    {
      gsl_vector *work = gsl_vector_alloc ((size_t) 3 * n);
      double rcond = 0.0;

      /* Rounding can let an exactly singular matrix through the
       * factorisation: judge by the reciprocal condition number. */
      status = gsl_linalg_cholesky_rcond (a, &rcond, work);
      gsl_vector_free (work);
      if (status == GSL_SUCCESS && rcond < 1e-13)
        status = GSL_ESING;
    }
  if (status == GSL_SUCCESS)
    status = gsl_linalg_cholesky_solve (a, &b.vector, &sol.vector);
  gsl_matrix_free (a);

  if (status != GSL_SUCCESS)
    {
      g_set_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_NUMERIC,
                   "The ridge optimum is undefined: X\xe1\xb5\x80X/N + \xce\xbbI is singular "
                   "(\xce\xbb = %g and the inputs are linearly dependent): %s",
                   lambda, gsl_strerror (status));
      return FALSE;
    }
  return TRUE;
}

LsgLossForm *
lsg_loss_form_new (const double *x,
                   const double *y,
                   guint         n_rows,
                   guint         n,
                   double        lambda)
{
  LsgLossForm *form = g_new0 (LsgLossForm, 1);
  double inv_n = n_rows > 0 ? 1.0 / n_rows : 0.0;

  form->n = n;
  form->lambda = lambda;
  form->gram = g_new0 (double, (gsize) n * n);
  form->xty = g_new0 (double, n);

  for (guint k = 0; k < n_rows; k++)
    {
      const double *row = x + (gsize) k * n;

      for (guint i = 0; i < n; i++)
        {
          for (guint j = 0; j <= i; j++)
            form->gram[(gsize) i * n + j] += row[i] * row[j];
          form->xty[i] += row[i] * y[k];
        }
      form->yty += y[k] * y[k];
    }
  for (guint i = 0; i < n; i++)
    {
      for (guint j = 0; j <= i; j++)
        {
          form->gram[(gsize) i * n + j] *= inv_n;
          form->gram[(gsize) j * n + i] = form->gram[(gsize) i * n + j];
        }
      form->xty[i] *= inv_n;
    }
  form->yty *= inv_n;
  return form;
}

double
lsg_loss_form_eval (const LsgLossForm *form,
                    const double      *w)
{
  const double *restrict g = form->gram;
  const double *restrict b = form->xty;
  guint n = form->n;
  double quad = 0.0, lin = 0.0, norm2 = 0.0;

  /* G is symmetric: the lower triangle twice plus the diagonal */
  for (guint i = 0; i < n; i++)
    {
      const double *row = g + (gsize) i * n;
      double off = 0.0;

      for (guint j = 0; j < i; j++)
        off += row[j] * w[j];
      quad += w[i] * (row[i] * w[i] + 2.0 * off);
      lin += w[i] * b[i];
      norm2 += w[i] * w[i];
    }
  /* 1/N sum 1/2 (y - w.x)^2 = 1/2 (w'Gw - 2 w'b + c) */
  return 0.5 * (quad - 2.0 * lin + form->yty) + 0.5 * form->lambda * norm2;
}

void
lsg_loss_form_free (LsgLossForm *form)
{
  if (form == NULL)
    return;
  g_free (form->gram);
  g_free (form->xty);
  g_free (form);
}
