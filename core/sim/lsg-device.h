/* lsg-device.h: the Bernoulli cell's transistor law and the converters
 * (MODEL.md section 3). */
#pragma once

#include <math.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double   kappa;
  double   u_t;        /* thermal voltage, V */
  double   i_spec;     /* A */
  double   v_t0;       /* V */
  gboolean ekv;        /* moderate inversion (EKV) instead of pure exponential */
} LsgCellLaw;

/* I(V): i_spec exp(kappa (V - V_T0) / U_T), or the EKV
 * i_spec ln^2(1 + exp(kappa (V - V_T0) / (2 U_T))). */
double lsg_cell_current (const LsgCellLaw *law,
                         double            v);
/* V(I), the inverse of lsg_cell_current (I > 0). */
double lsg_cell_voltage (const LsgCellLaw *law,
                         double            i);
/* (1 - e^{-q}) / q; its Taylor series below q = 0.05 avoids the
 * cancellation of 1 - e^{-q} (truncation error < q^6/5040 < 4e-12). */
static inline double
lsg_ekv_gain (double q)
{
  if (q < 0.05)
    return 1.0 - q * (1.0 / 2 - q * (1.0 / 6 - q * (1.0 / 24 - q * (1.0 / 120 - q / 720))));
  return -expm1 (-q) / q;
}

/* G(IC) = (U_T / kappa) (dI/dV) / I: 1 in weak inversion,
 * (1 - exp(-sqrt IC)) / sqrt IC with EKV; IC = I / i_spec.
 * Inline: the ODE right-hand side calls it for every cell. */
static inline double
lsg_cell_gain (const LsgCellLaw *law,
               double            i)
{
  if (!law->ekv)
    return 1.0;
  return lsg_ekv_gain (sqrt (fmax (i, 0.0) / law->i_spec));
}
/* dG/dI, for the Jacobian. */
double lsg_cell_gain_derivative (const LsgCellLaw *law,
                                 double            i);
/* I(V(i) + dv), exact, without forming V (keeps precision for tiny I). */
double lsg_cell_shift   (const LsgCellLaw *law,
                         double            i,
                         double            dv);

/* The step D = 2 range / (2^bits - 1) of the quantizer below; 0 when
 * bits = 0 (ideal). */
static inline double
lsg_quantize_step (guint  bits,
                   double range)
{
  if (bits == 0)
    return 0.0;
  return 2.0 * range / (double) ((G_GUINT64_CONSTANT (1) << bits) - 1);
}

/* Mid-tread quantizer of MODEL.md section 3: round(v / D) D clipped to
 * +-range, D = 2 range / (2^bits - 1); bits = 0 is ideal (v unchanged). */
static inline double
lsg_quantize (double v,
              guint  bits,
              double range)
{
  double step, q;

  if (bits == 0)
    return v;
  step = lsg_quantize_step (bits, range);
  q = nearbyint (v / step) * step;
  return q > range ? range : q < -range ? -range : q;
}

G_END_DECLS
