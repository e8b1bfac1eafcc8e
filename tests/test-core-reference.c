/* Tests of R1, R2 and R3 against independent references. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "lsg-reference.h"

typedef struct {
  guint         n;
  const double *x;
  double        y;
  double        lambda;
} Problem;

/* dw/dt = (y - w.x) x - lambda w, time in units of tau */
static int
r2_rhs (double        t,
        const double  w[],
        double        dw[],
        void         *data)
{
  const Problem *pb = data;
  double e = pb->y;

  for (guint i = 0; i < pb->n; i++)
    e -= w[i] * pb->x[i];
  for (guint i = 0; i < pb->n; i++)
    dw[i] = e * pb->x[i] - pb->lambda * w[i];
  return GSL_SUCCESS;
}

static void
integrate_odeiv2 (const Problem *pb,
                  double        *w,
                  double         t_end)
{
  gsl_odeiv2_system sys = { r2_rhs, NULL, pb->n, (void *) pb };
  gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new (&sys, gsl_odeiv2_step_rk8pd,
                                                        1e-3, 1e-14, 1e-14);
  double t = 0.0;

  g_assert_cmpint (gsl_odeiv2_driver_apply (d, &t, t_end, w), ==, GSL_SUCCESS);
  gsl_odeiv2_driver_free (d);
}

static double
rel_distance (const double *a,
              const double *b,
              guint         n)
{
  double num = 0.0, den = 0.0;

  for (guint i = 0; i < n; i++)
    {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += b[i] * b[i];
    }
  return sqrt (num / MAX (den, 1e-300));
}

static void
test_r2_against_odeiv2 (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, 42);
  for (guint trial = 0; trial < 200; trial++)
    {
      guint n = 1 + gsl_rng_uniform_int (rng, 12);
      double x[12], w_exact[12], w_num[12];
      Problem pb = { n, x, gsl_ran_flat (rng, -1, 1), 0.0 };
      /* lambda from 0 to 1 over decades, t from 1e-4 to 10 tau */
      double t = pow (10.0, gsl_ran_flat (rng, -4, 1));

      pb.lambda = trial % 5 == 0 ? 0.0 : pow (10.0, gsl_ran_flat (rng, -4, 0));
      for (guint i = 0; i < n; i++)
        {
          x[i] = gsl_ran_flat (rng, -1, 1);
          w_exact[i] = w_num[i] = gsl_ran_flat (rng, -2, 2);
        }
      lsg_r2_advance (w_exact, x, pb.y, n, t, pb.lambda);
      integrate_odeiv2 (&pb, w_num, t);
      /* both are accurate to ~1e-13; 1e-9 is the bound */
      g_assert_cmpfloat (rel_distance (w_exact, w_num, n), <, 1e-9);
    }
  gsl_rng_free (rng);
}

static void
test_r2_zero_input (void)
{
  double x[3] = { 0, 0, 0 };
  double w[3] = { 1.0, -0.5, 0.25 };

  /* s = 0: nothing but the L2 decay w e^{-lambda t} */
  lsg_r2_advance (w, x, 0.7, 3, 2.0, 0.1);
  g_assert_cmpfloat_with_epsilon (w[0], exp (-0.2), 1e-15);
  g_assert_cmpfloat_with_epsilon (w[1], -0.5 * exp (-0.2), 1e-15);
  g_assert_cmpfloat_with_epsilon (w[2], 0.25 * exp (-0.2), 1e-15);

  /* lambda = 0 and s = 0: nothing moves */
  lsg_r2_advance (w, x, 0.7, 3, 2.0, 0.0);
  g_assert_cmpfloat_with_epsilon (w[0], exp (-0.2), 1e-15);
}

static void
test_r2_scalar_closed_form (void)
{
  /* one weight, x = 0.5, y = 0.3: w(t) = w_inf + (w0 - w_inf) e^{-(s + l) t},
   * w_inf = x y / (s + l), s = x^2 (hand-derived) */
  double x = 0.5, y = 0.3, l = 0.2, t = 1.7, w = -0.4;
  double s = x * x, w_inf = x * y / (s + l);

  lsg_r2_advance (&w, &x, y, 1, t, l);
  g_assert_cmpfloat (fabs (w - (w_inf + (-0.4 - w_inf) * exp (-(s + l) * t))), <, 1e-15);
}

/* R1 is forward Euler of R2: over a fixed horizon, halving eta halves the
 * gap between them (first order). */
static void
test_r1_first_order (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const guint n = 4, n_samples = 16;
  double xs[16][4], ys[16];
  double gaps[4];
  double horizon = 2.0;  /* in tau */

  gsl_rng_set (rng, 7);
  for (guint k = 0; k < n_samples; k++)
    {
      for (guint i = 0; i < n; i++)
        xs[k][i] = gsl_ran_flat (rng, -1, 1);
      ys[k] = gsl_ran_flat (rng, -1, 1);
    }

  for (guint level = 0; level < 4; level++)
    {
      double eta = 0.02 / (1 << level);
      guint steps = (guint) llround (horizon / eta);
      double w1[4] = { 0 }, w2[4] = { 0 };

      /* the same sample sequence, each held for eta, cycled */
      for (guint s = 0; s < steps; s++)
        {
          guint k = (s * n_samples) / steps;
          lsg_r1_step (w1, xs[k], ys[k], n, eta, 0.1);
          lsg_r2_advance (w2, xs[k], ys[k], n, eta, 0.1);
        }
      gaps[level] = rel_distance (w1, w2, n);
    }
  for (guint level = 1; level < 4; level++)
    {
      double ratio = gaps[level - 1] / gaps[level];
      g_test_message ("eta %g -> %g: gap ratio %.4f", 0.02 / (1 << (level - 1)),
                      0.02 / (1 << level), ratio);
      /* first order: the ratio tends to 2; second-order terms keep it within 1.9-2.1 from eta = 0.02 down */
      g_assert_cmpfloat (ratio, >, 1.9);
      g_assert_cmpfloat (ratio, <, 2.1);
    }
  gsl_rng_free (rng);
}

static void
test_r3_hand_case (void)
{
  /* X = [[1, 0], [1, 1], [0, 2]], y = [1, 2, 3], lambda = 0.5, N = 3.
   * X'X/N = [[2, 1], [1, 5]] / 3, X'y/N = [3, 8] / 3.
   * (A + 0.5 I) = [[7/6, 1/3], [1/3, 13/6]], det = 91/36 - 4/36 = 87/36.
   * w* = inverse * [1, 8/3] = (36/87) [13/6 - 8/9, -1/3 + 28/9]
   *    = (36/87) [23/18, 25/9] = [46/87, 100/87]. */
  double x[] = { 1, 0, 1, 1, 0, 2 };
  double y[] = { 1, 2, 3 };
  double w[2];
  g_autoptr(GError) error = NULL;

  g_assert_true (lsg_r3_ridge (x, y, 3, 2, 0.5, w, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (w[0] - 46.0 / 87.0), <, 1e-14);
  g_assert_cmpfloat (fabs (w[1] - 100.0 / 87.0), <, 1e-14);
}

static void
test_r3_stationary (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const guint n = 5, rows = 40;
  double x[40 * 5], y[40], w[5];
  double lambda = 0.03;
  g_autoptr(GError) error = NULL;

  gsl_rng_set (rng, 3);
  for (guint k = 0; k < rows; k++)
    {
      for (guint i = 0; i < n; i++)
        x[k * n + i] = gsl_ran_flat (rng, -1, 1);
      y[k] = gsl_ran_flat (rng, -1, 1);
    }
  g_assert_true (lsg_r3_ridge (x, y, rows, n, lambda, w, &error));

  /* the gradient of the regularized loss, summed directly, vanishes */
  for (guint i = 0; i < n; i++)
    {
      double grad = lambda * w[i];
      for (guint k = 0; k < rows; k++)
        {
          double e = y[k];
          for (guint j = 0; j < n; j++)
            e -= w[j] * x[k * n + j];
          grad -= e * x[k * n + i] / rows;
        }
      g_assert_cmpfloat (fabs (grad), <, 1e-13);
    }
  gsl_rng_free (rng);
}

static void
test_r3_singular (void)
{
  /* two identical columns and lambda = 0: no unique optimum */
  double x[] = { 1, 1, 2, 2, -1, -1 };
  double y[] = { 1, 2, 3 };
  double w[2];
  g_autoptr(GError) error = NULL;

  g_assert_false (lsg_r3_ridge (x, y, 3, 2, 0.0, w, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "singular"));
}

static void
test_loss_form (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const guint n = 6, rows = 30;
  double x[30 * 6], y[30], w[6];
  double lambda = 0.2, direct = 0.0, norm2 = 0.0;
  g_autoptr(LsgLossForm) form = NULL;

  gsl_rng_set (rng, 11);
  for (guint k = 0; k < rows; k++)
    {
      for (guint i = 0; i < n; i++)
        x[k * n + i] = gsl_ran_flat (rng, -1, 1);
      y[k] = gsl_ran_flat (rng, -1, 1);
    }
  for (guint i = 0; i < n; i++)
    {
      w[i] = gsl_ran_flat (rng, -1, 1);
      norm2 += w[i] * w[i];
    }
  for (guint k = 0; k < rows; k++)
    {
      double e = y[k];
      for (guint i = 0; i < n; i++)
        e -= w[i] * x[k * n + i];
      direct += 0.5 * e * e / rows;
    }
  direct += 0.5 * lambda * norm2;

  form = lsg_loss_form_new (x, y, rows, n, lambda);
  g_assert_cmpfloat (fabs (lsg_loss_form_eval (form, w) - direct) / direct, <, 1e-12);
  gsl_rng_free (rng);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/reference/r2/against-odeiv2", test_r2_against_odeiv2);
  g_test_add_func ("/reference/r2/zero-input", test_r2_zero_input);
  g_test_add_func ("/reference/r2/scalar-closed-form", test_r2_scalar_closed_form);
  g_test_add_func ("/reference/r1/first-order", test_r1_first_order);
  g_test_add_func ("/reference/r3/hand-case", test_r3_hand_case);
  g_test_add_func ("/reference/r3/stationary", test_r3_stationary);
  g_test_add_func ("/reference/r3/singular", test_r3_singular);
  g_test_add_func ("/reference/loss-form", test_loss_form);
  return g_test_run ();
}
