/* bench-sweep: how fast the sweep engine runs (issue 6).  Prints figures;
 * sets no limits.  Targets: a speed-up of at least 1.8 on 2 cores for the
 * 64-point sweep, and under 10 s for the 1000-chip Monte Carlo on a
 * 2-core machine. */
#include "lsg-config.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

#include "lsg-design-file.h"
#include "lsg-sweep.h"
#include "lsg-test-util.h"

#define REPEATS 3

/* One run of a sweep on n_threads workers, wall time in s. */
static double
time_sweep (const LsgParams    *base,
            const LsgSweepAxis *axes,
            guint               n_axes,
            guint               mc,
            guint               n_threads,
            char              **csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgSweep) sweep = lsg_sweep_new (base, axes, n_axes, mc, &error);
  double t0, t;

  if (sweep == NULL)
    g_error ("bench-sweep: %s", error->message);
  t0 = now_s ();
  if (!lsg_sweep_run (sweep, n_threads, 1, 1, NULL, NULL, NULL, &error))
    g_error ("bench-sweep: %s", error->message);
  t = now_s () - t0;
  if (lsg_sweep_get_n_failed (sweep) != 0)
    g_error ("bench-sweep: %u points failed", lsg_sweep_get_n_failed (sweep));
  if (csv != NULL)
    *csv = lsg_sweep_to_csv (sweep, 1, 1);
  return t;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) base = lsg_params_new_preset ("paper", &error);
  LsgSweepAxis axis;
  double t[2][REPEATS], med[2];
  g_autofree char *csv1 = NULL;
  g_autofree char *csv2 = NULL;

  gsl_set_error_handler_off ();
  if (base == NULL)
    g_error ("bench-sweep: %s", error->message);
  if (!lsg_sweep_axis_parse ("circuit.i_eta=3e-10:3e-9:64:log", &axis, &error))
    g_error ("bench-sweep: %s", error->message);

  g_print ("bench-sweep: %u processors\n", g_get_num_processors ());
  g_print ("64-point sweep of the paper preset, circuit.i_eta=3e-10:3e-9:64:log, "
           "median of %d runs\n", REPEATS);
  for (guint r = 0; r < REPEATS; r++)
    for (guint k = 0; k < 2; k++)
      t[k][r] = time_sweep (base, &axis, 1, 0, k + 1,
                            r == 0 ? (k == 0 ? &csv1 : &csv2) : NULL);
  for (guint k = 0; k < 2; k++)
    {
      med[k] = median (t[k], REPEATS);
      g_print ("  %u thread%s  %8.3f s  %8.1f points/s\n", k + 1, k == 0 ? " " : "s",
               med[k], 64 / med[k]);
    }
  g_print ("  speed-up     %8.2f (target: at least 1.8 on 2 cores)\n", med[0] / med[1]);
  g_print ("  results with 1 and 2 threads: %s\n",
           g_str_equal (csv1, csv2) ? "identical" : "DIFFERENT");

  {
    double t_mc = time_sweep (base, NULL, 0, 1000, 2, NULL);

    g_print ("1000-chip Monte Carlo of the paper preset, 2 threads\n");
    g_print ("  wall time    %8.3f s  %8.1f chips/s (target: under 10 s on 2 cores)\n",
             t_mc, 1000 / t_mc);
  }
  return g_str_equal (csv1, csv2) ? 0 : 1;
}
