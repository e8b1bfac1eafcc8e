/* lsg-reference.h: the three circuit-free references (MODEL.md section 2). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* R1, one discrete SGDr step: w <- w + eta (e x - lambda w), e = y - w.x */
void     lsg_r1_step      (double       *w,
                           const double *x,
                           double        y,
                           guint         n,
                           double        eta,
                           double        lambda);

/* R2, the exact solution of tau dw/dt = e(t) x - lambda w over an interval
 * of length t_over_tau = t / tau with x and y held.  O(n). */
void     lsg_r2_advance   (double       *w,
                           const double *x,
                           double        y,
                           guint         n,
                           double        t_over_tau,
                           double        lambda);

/* R3, the ridge optimum w* = (X^T X / N + lambda I)^-1 X^T y / N over the
 * first n_rows rows of the row-major x (n_rows x n).  FALSE if singular. */
gboolean lsg_r3_ridge     (const double *x,
                           const double *y,
                           guint         n_rows,
                           guint         n,
                           double        lambda,
                           double       *w_star,
                           GError      **error);

/* The regularized loss (1/N) sum 1/2 (y - w.x)^2 + lambda/2 |w|^2 as a
 * quadratic form, so evaluating it costs O(n^2) instead of O(N n). */
typedef struct {
  guint   n;
  double *gram;   /* X^T X / N, n x n */
  double *xty;    /* X^T y / N */
  double  yty;    /* y^T y / N */
  double  lambda;
} LsgLossForm;

LsgLossForm *lsg_loss_form_new  (const double *x,
                                 const double *y,
                                 guint         n_rows,
                                 guint         n,
                                 double        lambda);
double       lsg_loss_form_eval (const LsgLossForm *form,
                                 const double      *w);
void         lsg_loss_form_free (LsgLossForm       *form);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgLossForm, lsg_loss_form_free)

G_END_DECLS
