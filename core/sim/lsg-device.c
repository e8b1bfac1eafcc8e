/* lsg-device.c: cell law in weak and moderate inversion (EKV). */
#include "lsg-config.h"

#include <math.h>

#include "lsg-device.h"

double
lsg_cell_current (const LsgCellLaw *law,
                  double            v)
{
  double x = law->kappa * (v - law->v_t0) / law->u_t;

  if (!law->ekv)
    return law->i_spec * exp (x);
  {
    double q = log1p (exp (0.5 * x));
    return law->i_spec * q * q;
  }
}

double
lsg_cell_voltage (const LsgCellLaw *law,
                  double            i)
{
  double x;

  if (!law->ekv)
    x = log (i / law->i_spec);
  else
    /* q = sqrt(IC) = ln(1 + e^{x/2})  =>  x/2 = ln(e^q - 1) */
    x = 2.0 * log (expm1 (sqrt (i / law->i_spec)));
  return law->v_t0 + x * law->u_t / law->kappa;
}

double
lsg_cell_gain_derivative (const LsgCellLaw *law,
                          double            i)
{
  double q, dg_dq;

  if (!law->ekv || i <= 0.0)
    return 0.0;
  q = sqrt (i / law->i_spec);
  /* dG/dq = (e^{-q}(1 + q) - 1) / q^2, series -1/2 + q/3 - q^2/8 for small q */
  if (q < 0.05)
    dg_dq = -0.5 + q * (1.0 / 3 - q * (1.0 / 8 - q / 30));
  else
    dg_dq = (exp (-q) * (1.0 + q) - 1.0) / (q * q);
  return dg_dq / (2.0 * law->i_spec * q);
}

double
lsg_cell_shift (const LsgCellLaw *law,
                double            i,
                double            dv)
{
  double dx = law->kappa * dv / law->u_t;

  if (!law->ekv)
    return i * exp (dx);
  {
    /* u = x/2 = ln(e^q - 1); shift u by dx/2 and map back. */
    double q = sqrt (i / law->i_spec);
    double u = log (expm1 (q)) + 0.5 * dx;
    double q_new = u > 30 ? u + log1p (exp (-u)) : log1p (exp (u));
    return law->i_spec * q_new * q_new;
  }
}
