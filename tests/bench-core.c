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

/* One full simulation of a design point, s.  closed_form: the closed
 * forms and the predictor-corrector (today's default) or the ODE solver
 * on every interval (the path they replaced). */
static double
time_sim (const LsgParams  *p,
          const LsgDataset *ds,
          gboolean          closed_form,
          LsgSimStats      *stats)
{
  g_autoptr(GError) error = NULL;
  double t0 = now_s (), t1;
  LsgSim *sim = lsg_sim_new (p, ds, &error);

  if (sim == NULL)
    g_error ("%s", error->message);
  lsg_sim_set_allow_exact (sim, closed_form);
  /* wide chips: the intervals alone, not the O(n^3) ridge optimum */
  if (ds->n_weights > 64)
    t0 = now_s ();
  if (!lsg_sim_run (sim, NULL, NULL, NULL, &error))
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

/* R2 over the presentation of p, per interval, s: repeated, it is too
 * quick for the clock in one pass. */
static double
r2_per_interval (const LsgParams  *p,
                 const LsgDataset *ds)
{
  double t = 0.0;

  for (guint k = 0; k < 20; k++)
    t += time_r2 (p, ds) / 20;
  return t / ((double) p->epochs * ds->n_train);
}

/* The median time per interval of p by both paths, and its ratio to R2
 * taken beside each run (the load of the machine cancels). */
typedef struct {
  double new_s, old_s;        /* per interval */
  double new_r2, old_r2;      /* per interval over R2 */
  LsgSimStats stats_new, stats_old;
} PathTimes;

static PathTimes
time_paths (const LsgParams  *p,
            const LsgDataset *ds,
            guint             repeats,
            gboolean          with_old)
{
  double t_new[REPEATS], t_old[REPEATS], q_new[REPEATS], q_old[REPEATS];
  double intervals = (double) p->epochs * ds->n_train;
  PathTimes pt = { 0 };

  g_assert (repeats <= REPEATS);
  time_sim (p, ds, TRUE, NULL);
  for (guint r = 0; r < repeats; r++)
    {
      double r2 = r2_per_interval (p, ds);

      t_new[r] = time_sim (p, ds, TRUE, &pt.stats_new) / intervals;
      q_new[r] = t_new[r] / r2;
      if (with_old)
        {
          t_old[r] = time_sim (p, ds, FALSE, &pt.stats_old) / intervals;
          q_old[r] = t_old[r] / r2;
        }
    }
  pt.new_s = median (t_new, repeats);
  pt.new_r2 = median (q_new, repeats);
  if (with_old)
    {
      pt.old_s = median (t_old, repeats);
      pt.old_r2 = median (q_old, repeats);
    }
  return pt;
}

static void
print_paths (const char      *what,
             const PathTimes *pt,
             gboolean         with_old)
{
  printf ("%s: %.0f ns per interval, %.1fx R2 (%.2f correctors per interval)\n",
          what, 1e9 * pt->new_s, pt->new_r2,
          (double) pt->stats_new.pc_correctors / MAX (pt->stats_new.intervals, 1));
  if (with_old)
    printf ("  ODE solver on every interval (the path before): %.0f ns, %.1fx R2 "
            "(%.2f steps, %.1f right-hand sides per interval%s); speed-up %.1fx\n",
            1e9 * pt->old_s, pt->old_r2,
            (double) pt->stats_old.steps / MAX (pt->stats_old.intervals, 1),
            (double) pt->stats_old.rhs_evals / MAX (pt->stats_old.intervals, 1),
            pt->stats_old.stiff_solver ? ", BDF" : "", pt->old_s / pt->new_s);
}

/* A data set of n_weights - 1 random features and a linear target with
 * noise, as a CSV file in dir (wider than the synthetic task allows). */
static char *
write_wide_csv (const char *dir,
                guint       n_features,
                guint       rows)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree double *w = g_new (double, n_features);
  char *path = g_strdup_printf ("%s/wide-%u.csv", dir, n_features);
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_features);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_features; i++)
    {
      w[i] = g_rand_double_range (rand, -1, 1);
      g_string_append_printf (text, "x%u,", i);
    }
  g_string_append (text, "y\n");
  for (guint k = 0; k < rows; k++)
    {
      double y = 0.0;

      for (guint i = 0; i < n_features; i++)
        {
          double x = g_rand_double_range (rand, -1, 1);

          y += w[i] * x / sqrt (n_features);
          g_string_append_printf (text, "%.6f,", x);
        }
      g_string_append_printf (text, "%.6f\n", y + 0.05 * g_rand_double_range (rand, -1, 1));
    }
  if (!g_file_set_contents (path, text->str, text->len, &error))
    g_error ("%s", error->message);
  return path;
}

/* Cost per weight-interval from 8 to 512 weights on the paper preset's
 * chip: 5 epochs x 200 samples (at 512 weights the run alone: the set-up's
 * ridge optimum is O(n^3) once).  The sizes take turns within each
 * repetition, so a burst of load on the machine meets all of them, and
 * each ratio to 8 weights is taken within one repetition. */
#define SIZE_REPEATS 7

static void
bench_sizes (const LsgParams *paper)
{
  static const guint sizes[] = { 8, 64, 512 };
  enum { N_SIZES = G_N_ELEMENTS (sizes) };
  g_autofree char *dir = g_dir_make_tmp ("bench-core-XXXXXX", NULL);
  LsgParams *p[N_SIZES];
  LsgDataset *ds[N_SIZES];
  char *csv[N_SIZES] = { NULL };
  double per_new[N_SIZES][SIZE_REPEATS], per_old[N_SIZES][SIZE_REPEATS];
  double rel_new[N_SIZES][SIZE_REPEATS], rel_old[N_SIZES][SIZE_REPEATS];

  for (guint j = 0; j < N_SIZES; j++)
    {
      g_autoptr(GError) error = NULL;

      p[j] = lsg_params_copy (paper);
      p[j]->epochs = 5;
      p[j]->t_hold = 0;
      if (sizes[j] - 1 <= 64)
        p[j]->inputs = sizes[j] - 1;
      else
        {
          csv[j] = write_wide_csv (dir, sizes[j] - 1, 200);
          if (!lsg_params_set_from_string (p[j], "dataset.kind", "csv", &error)
              || !lsg_params_set_from_string (p[j], "dataset.csv", csv[j], &error))
            g_error ("%s", error->message);
        }
      ds[j] = lsg_dataset_new_from_params (p[j], &error);
      if (ds[j] == NULL)
        g_error ("%s", error->message);
      time_sim (p[j], ds[j], TRUE, NULL);
    }
  for (guint r = 0; r < SIZE_REPEATS; r++)
    for (guint j = 0; j < N_SIZES; j++)
      {
        double cells = (double) p[j]->epochs * ds[j]->n_train * ds[j]->n_weights;

        per_new[j][r] = time_sim (p[j], ds[j], TRUE, NULL) / cells;
        per_old[j][r] = time_sim (p[j], ds[j], FALSE, NULL) / cells;
        rel_new[j][r] = per_new[j][r] / per_new[0][r];
        rel_old[j][r] = per_old[j][r] / per_old[0][r];
      }

  printf ("size scan (paper preset chip, 200 samples, 5 epochs, medians over %u):\n", SIZE_REPEATS);
  for (guint j = 0; j < N_SIZES; j++)
    {
      double t_new = median (per_new[j], SIZE_REPEATS), t_old = median (per_old[j], SIZE_REPEATS);

      printf ("  %3u weights: %.1f ns per weight-interval (%.2fx that at 8), "
              "ODE path %.1f ns (%.2fx); speed-up %.1fx\n",
              ds[j]->n_weights, 1e9 * t_new, median (rel_new[j], SIZE_REPEATS), 1e9 * t_old,
              median (rel_old[j], SIZE_REPEATS), t_old / t_new);
      if (csv[j] != NULL)
        g_unlink (csv[j]);
      g_free (csv[j]);
      lsg_dataset_free (ds[j]);
      lsg_params_free (p[j]);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(LsgParams) paper = NULL;
  g_autoptr(LsgParams) ideal = NULL;
  g_autoptr(LsgParams) class_ab = NULL;
  g_autoptr(LsgParams) stiff = NULL;
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgDataset) ds_stiff = NULL;
  g_autoptr(GError) error = NULL;
  PathTimes t_paper, t_ideal, t_ab, t_stiff;
  const char *logsgd = g_getenv ("LOGSGD");

  gsl_set_error_handler_off ();
  paper = lsg_params_new_default ();
  ideal = lsg_params_copy (paper);
  ideal->moderate_inversion = ideal->mismatch = ideal->leakage = ideal->noise_on = FALSE;
  ideal->dac_bits = ideal->adc_bits = 0;
  ideal->t_hold = 0;
  class_ab = lsg_params_copy (paper);
  if (!lsg_params_set_from_string (class_ab, "circuit.storage", "class_ab", &error))
    g_error ("%s", error->message);
  /* eta (s_max + lambda) ~ 2000: the BDF solver's territory before */
  stiff = lsg_params_copy (paper);
  stiff->i_eta = 1e-6;
  stiff->t_sample = 1e-5;
  stiff->epochs = 2;
  ds = lsg_dataset_new_from_params (paper, NULL);
  ds_stiff = lsg_dataset_new_from_params (stiff, NULL);

  printf ("bench-core: paper preset, %u weights, %u sample intervals; medians over %u "
          "(5 for the stiff point, 7 for the size scan); ratios taken within one run\n",
          ds->n_weights, paper->epochs * ds->n_train, REPEATS);
  t_paper = time_paths (paper, ds, REPEATS, TRUE);
  print_paths ("paper preset, every non-ideality on (simulation only)", &t_paper, TRUE);
  t_ideal = time_paths (ideal, ds, REPEATS, TRUE);
  print_paths ("ideal devices (the closed form)", &t_ideal, TRUE);
  t_ab = time_paths (class_ab, ds, REPEATS, TRUE);
  print_paths ("class_ab storage, every non-ideality on", &t_ab, TRUE);
  t_stiff = time_paths (stiff, ds_stiff, 5, TRUE);
  print_paths ("stiff point (I_eta = 1 uA, T_s = 10 us)", &t_stiff, TRUE);
  printf ("  stiff point per interval over the paper preset's: %.2fx (before %.1fx)\n",
          t_stiff.new_s / t_paper.new_s, t_stiff.old_s / t_paper.old_s);
  bench_sizes (paper);

  if (logsgd != NULL)
    bench_cli (logsgd);
  else
    printf ("(set LOGSGD to the logsgd executable to time the command line)\n");
  return EXIT_SUCCESS;
}
