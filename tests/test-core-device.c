/* Tests of the cell law and the converters against hand and numerical
 * references. */
#include "lsg-config.h"

#include <math.h>

#include <gsl/gsl_deriv.h>
#include <gsl/gsl_errno.h>

#include "lsg-device.h"

static const LsgCellLaw weak = { 0.67, 0.025865, 3e-6, 0.4, FALSE };
static const LsgCellLaw ekv = { 0.67, 0.025865, 3e-6, 0.4, TRUE };

static void
test_inverse (void)
{
  const LsgCellLaw *laws[] = { &weak, &ekv };

  /* from deep weak inversion (IC = 1e-9) to strong inversion (IC = 100) */
  for (guint l = 0; l < 2; l++)
    for (double ic = 1e-9; ic < 100; ic *= 3.7)
      {
        double i = ic * laws[l]->i_spec;
        double v = lsg_cell_voltage (laws[l], i);
        g_assert_cmpfloat (fabs (lsg_cell_current (laws[l], v) - i) / i, <, 1e-11);
      }
}

static void
test_weak_inversion_law (void)
{
  /* one decade of current per U_T ln(10) / kappa volts (~88.9 mV here) */
  double v1 = 0.2, v2 = v1 + weak.u_t * log (10.0) / weak.kappa;
  double ratio = lsg_cell_current (&weak, v2) / lsg_cell_current (&weak, v1);

  g_assert_cmpfloat (fabs (ratio - 10.0), <, 1e-12);
  /* at V = V_T0 the weak-inversion law gives i_spec */
  g_assert_cmpfloat (fabs (lsg_cell_current (&weak, weak.v_t0) / weak.i_spec - 1), <, 1e-15);
  /* EKV at V = V_T0: i_spec ln^2 2 */
  g_assert_cmpfloat (fabs (lsg_cell_current (&ekv, ekv.v_t0) / (ekv.i_spec * M_LN2 * M_LN2) - 1), <, 1e-15);
}

static void
test_ekv_meets_weak_inversion (void)
{
  /* deep in weak inversion EKV and the exponential agree to about sqrt(IC) */
  for (double ic = 1e-8; ic < 1e-3; ic *= 10)
    {
      double v = lsg_cell_voltage (&weak, ic * weak.i_spec);
      double r = lsg_cell_current (&ekv, v) / lsg_cell_current (&weak, v);
      g_assert_cmpfloat (fabs (r - 1), <, 2 * sqrt (ic));
    }
}

typedef struct {
  const LsgCellLaw *law;
} DerivData;

static double
log_current (double  v,
             void   *data)
{
  const DerivData *dd = data;
  return log (lsg_cell_current (dd->law, v));
}

static void
test_gain_is_log_slope (void)
{
  const LsgCellLaw *laws[] = { &weak, &ekv };

  /* G(IC) = (U_T / kappa) d ln I / dV, checked by numerical derivative */
  for (guint l = 0; l < 2; l++)
    for (double ic = 1e-6; ic < 50; ic *= 4.1)
      {
        DerivData dd = { laws[l] };
        gsl_function f = { log_current, &dd };
        double i = ic * laws[l]->i_spec;
        double v = lsg_cell_voltage (laws[l], i);
        double slope, abserr;

        g_assert_cmpint (gsl_deriv_central (&f, v, 1e-4, &slope, &abserr), ==, GSL_SUCCESS);
        slope *= laws[l]->u_t / laws[l]->kappa;
        g_assert_cmpfloat (fabs (lsg_cell_gain (laws[l], i) - slope), <, 1e-7);
      }
}

typedef struct {
  const LsgCellLaw *law;
} GainData;

static double
gain_of_current (double  i,
                 void   *data)
{
  const GainData *gd = data;
  return lsg_cell_gain (gd->law, i);
}

static void
test_gain_derivative (void)
{
  /* both sides of the series/closed-form switch at sqrt(IC) = 0.05 */
  for (double ic = 1e-5; ic < 30; ic *= 2.3)
    {
      GainData gd = { &ekv };
      gsl_function f = { gain_of_current, &gd };
      double i = ic * ekv.i_spec;
      double d_num, abserr;

      gsl_deriv_central (&f, i, i * 1e-3, &d_num, &abserr);
      g_assert_cmpfloat (fabs (lsg_cell_gain_derivative (&ekv, i) - d_num),
                         <, 1e-6 * fabs (d_num) + 10 * abserr);
    }
  g_assert_cmpfloat (lsg_cell_gain_derivative (&weak, 1e-9), ==, 0.0);
}

static void
test_gain_series_continuity (void)
{
  /* the series below q = 0.05 and the closed form above meet smoothly */
  double q = 0.05;
  double below = lsg_ekv_gain (q * (1 - 1e-12));
  double above = -expm1 (-q) / q;

  g_assert_cmpfloat (fabs (below - above), <, 1e-11);
  g_assert_cmpfloat (lsg_ekv_gain (0.0), ==, 1.0);
}

static void
test_shift (void)
{
  const LsgCellLaw *laws[] = { &weak, &ekv };

  for (guint l = 0; l < 2; l++)
    for (double ic = 1e-9; ic < 10; ic *= 7.3)
      for (double dv = -0.05; dv <= 0.05; dv += 0.0125)
        {
          double i = ic * laws[l]->i_spec;
          double expect = lsg_cell_current (laws[l], lsg_cell_voltage (laws[l], i) + dv);
          g_assert_cmpfloat (fabs (lsg_cell_shift (laws[l], i, dv) - expect) / expect, <, 1e-10);
        }
}

static void
test_quantize (void)
{
  /* 8 bits over +-1: step 2/255 (hand values) */
  double step = 2.0 / 255;

  g_assert_cmpfloat (lsg_quantize (0.3, 0, 1), ==, 0.3);
  g_assert_cmpfloat (lsg_quantize (0.0, 8, 1), ==, 0.0);
  g_assert_cmpfloat (fabs (lsg_quantize (0.5, 8, 1) - 64 * step), <, 1e-15);     /* 63.75 -> 64 */
  g_assert_cmpfloat (fabs (lsg_quantize (-0.5, 8, 1) + 64 * step), <, 1e-15);
  g_assert_cmpfloat (fabs (lsg_quantize (step * 0.49, 8, 1)), <, 1e-18);        /* mid-tread: 0 is a level */
  g_assert_cmpfloat (lsg_quantize (1.7, 8, 1), ==, 1.0);                        /* clipped */
  g_assert_cmpfloat (lsg_quantize (-3.0, 8, 1), ==, -1.0);
  /* ADC over +-2 with 8 bits: step 4/255 */
  g_assert_cmpfloat (fabs (lsg_quantize (1.0, 8, 2) - 64 * 4.0 / 255), <, 1e-15); /* 63.75 -> 64 */
  /* 1 bit: step 2, levels -1 (clipped), 0, 1 (clipped) */
  g_assert_cmpfloat (lsg_quantize (0.9, 1, 1), ==, 0.0);
  g_assert_cmpfloat (lsg_quantize (1.1, 1, 1), ==, 1.0);
  /* error never exceeds half a step inside the range */
  for (double v = -0.99; v < 0.99; v += 0.0137)
    g_assert_cmpfloat (fabs (lsg_quantize (v, 6, 1) - v), <=, 0.5 * 2.0 / 63 + 1e-15);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/device/inverse", test_inverse);
  g_test_add_func ("/device/weak-inversion-law", test_weak_inversion_law);
  g_test_add_func ("/device/ekv-meets-weak-inversion", test_ekv_meets_weak_inversion);
  g_test_add_func ("/device/gain-is-log-slope", test_gain_is_log_slope);
  g_test_add_func ("/device/gain-derivative", test_gain_derivative);
  g_test_add_func ("/device/gain-series-continuity", test_gain_series_continuity);
  g_test_add_func ("/device/shift", test_shift);
  g_test_add_func ("/device/quantize", test_quantize);
  return g_test_run ();
}
