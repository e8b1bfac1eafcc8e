/* bench-core: how fast the simulation core runs.  Prints figures; sets no
 * limits.  Compare ratios within one run: the machines are noisy. */
#include "lsg-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-metrics.h"
#include "lsg-reference.h"
#include "lsg-sim.h"
#include "lsg-test-util.h"

#define REPEATS 15

/* One full simulation of a design point, s. */
static double
time_sim (const LsgParams  *p,
          const LsgDataset *ds,
          LsgSimStats      *stats)
{
  g_autoptr(GError) error = NULL;
  double t0 = now_s (), t1;
  LsgSim *sim = lsg_sim_new (p, ds, &error);

  if (sim == NULL || !lsg_sim_run (sim, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  t1 = now_s ();
  if (stats != NULL)
    lsg_sim_get_stats (sim, stats);
  lsg_sim_free (sim);
  return t1 - t0;
}

/* R2 alone over the same presentation: epochs x rows exact intervals. */
static double
time_r2 (const LsgParams  *p,
         const LsgDataset *ds)
{
  g_autofree double *w = g_new0 (double, ds->n_weights);
  double eta = lsg_params_eta (p), lambda = lsg_params_lambda (p);
  volatile double sink;
  double t0 = now_s ();

  for (guint e = 0; e < p->epochs; e++)
    for (guint k = 0; k < ds->n_train; k++)
      lsg_r2_advance (w, lsg_dataset_row (ds, k), ds->y[k], ds->n_weights, eta, lambda);
  sink = w[0];
  (void) sink;
  return now_s () - t0;
}

static void
bench_cli (const char *logsgd)
{
  double times[REPEATS];
  g_autofree char *dir = g_dir_make_tmp ("bench-core-XXXXXX", NULL);

  for (guint r = 0; r < REPEATS; r++)
    {
      const char *argv[] = { logsgd, "run", "--out", dir, NULL };
      g_autoptr(GError) error = NULL;
      int status;
      double t0 = now_s ();

      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        g_error ("logsgd run: %s", error->message);
      times[r] = now_s () - t0;
    }
  printf ("logsgd run (paper preset, with the 6-run error budget and files): median %.1f ms over %u\n",
          1e3 * median (times, REPEATS), REPEATS);
  for (const char *name = "trajectory.csv"; name != NULL; name = NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  {
    g_autofree char *s = g_build_filename (dir, "summary.ini", NULL);
    g_autofree char *d = g_build_filename (dir, "design.ini", NULL);
    g_unlink (s);
    g_unlink (d);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(LsgParams) paper = NULL;
  g_autoptr(LsgParams) ideal = NULL;
  g_autoptr(LsgDataset) ds = NULL;
  double t_paper[REPEATS], t_ideal[REPEATS], t_r2[REPEATS], ratio_paper[REPEATS], ratio_ideal[REPEATS];
  LsgSimStats stats_paper, stats_ideal;
  guint intervals;
  const char *logsgd = g_getenv ("LOGSGD");

  gsl_set_error_handler_off ();
  paper = lsg_params_new_default ();
  ideal = lsg_params_copy (paper);
  ideal->moderate_inversion = ideal->mismatch = ideal->leakage = ideal->noise_on = FALSE;
  ideal->dac_bits = ideal->adc_bits = 0;
  ideal->t_hold = 0;
  ds = lsg_dataset_new_from_params (paper, NULL);
  intervals = paper->epochs * ds->n_train;

  /* warm up caches and the allocator */
  time_sim (paper, ds, NULL);
  for (guint r = 0; r < REPEATS; r++)
    {
      t_paper[r] = time_sim (paper, ds, &stats_paper);
      t_ideal[r] = time_sim (ideal, ds, &stats_ideal);
      /* R2 is too quick for the clock in one pass: repeat it */
      t_r2[r] = 0;
      for (guint k = 0; k < 20; k++)
        t_r2[r] += time_r2 (paper, ds) / 20;
      ratio_paper[r] = t_paper[r] / t_r2[r];
      ratio_ideal[r] = t_ideal[r] / t_r2[r];
    }

  printf ("bench-core: paper preset, %u weights, %u sample intervals, %u repeats (medians)\n",
          ds->n_weights, intervals, REPEATS);
  printf ("paper preset run, every non-ideality on (simulation only): %.2f ms\n",
          1e3 * median (t_paper, REPEATS));
  printf ("  solver: %.2f steps, %.1f right-hand sides per interval\n",
          (double) stats_paper.steps / intervals, (double) stats_paper.rhs_evals / intervals);
  printf ("ideal devices (every non-ideality off): %.2f ms\n", 1e3 * median (t_ideal, REPEATS));
  printf ("per sample interval: circuit %.0f ns (ideal %.0f ns), R2 exact %.1f ns\n",
          1e9 * median (t_paper, REPEATS) / intervals, 1e9 * median (t_ideal, REPEATS) / intervals,
          1e9 * median (t_r2, REPEATS) / intervals);
  printf ("circuit / R2 per interval: %.1fx (ideal devices %.1fx)\n",
          median (ratio_paper, REPEATS), median (ratio_ideal, REPEATS));

  if (logsgd != NULL)
    bench_cli (logsgd);
  else
    printf ("(set LOGSGD to the logsgd executable to time the command line)\n");
  return EXIT_SUCCESS;
}
