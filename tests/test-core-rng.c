/* Random streams (MODEL.md 8): independent by purpose, distinct for every
 * seed (0 included), reproducible. */
#include "lsg-config.h"

#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>

#include "lsg-design-file.h"
#include "lsg-rng.h"
#include "lsg-sim.h"
#include "lsg-test-util.h"

#define N_PAIRS 10000

static void
draw_gaussians (LsgStream purpose,
                guint64   seed,
                double   *out,
                guint     n)
{
  gsl_rng *rng = lsg_rng_new (purpose, seed);

  for (guint k = 0; k < n; k++)
    out[k] = gsl_ran_gaussian_ziggurat (rng, 1.0);
  gsl_rng_free (rng);
}

/* Equal seeds of different purposes: uncorrelated draws.  With 10^4 pairs
 * the sample correlation of independent normals has sigma 0.01. */
static void
test_purposes_uncorrelated (void)
{
  static const LsgStream purposes[] = {
    LSG_STREAM_DATA, LSG_STREAM_SPLIT, LSG_STREAM_ORDER, LSG_STREAM_MISMATCH, LSG_STREAM_NOISE
  };
  g_autofree double *a = g_new (double, N_PAIRS);
  g_autofree double *b = g_new (double, N_PAIRS);

  for (guint64 seed = 0; seed <= 2; seed++)
    for (guint i = 0; i < G_N_ELEMENTS (purposes); i++)
      for (guint j = i + 1; j < G_N_ELEMENTS (purposes); j++)
        {
          double r;

          draw_gaussians (purposes[i], seed, a, N_PAIRS);
          draw_gaussians (purposes[j], seed, b, N_PAIRS);
          r = gsl_stats_correlation (a, 1, b, 1, N_PAIRS);
          g_assert_cmpfloat (fabs (r), <, 0.05);
        }
  /* and the mismatch and noise streams of one seed are proper normals */
  draw_gaussians (LSG_STREAM_MISMATCH, 1, a, N_PAIRS);
  g_assert_cmpfloat (fabs (gsl_stats_mean (a, 1, N_PAIRS)), <, 0.04);
  g_assert_cmpfloat (fabs (gsl_stats_sd (a, 1, N_PAIRS) - 1), <, 0.03);
}

/* Seed 0 is a seed of its own (GSL's mt19937 took it for 4357), seeds
 * that agree in their low 32 bits differ, and a seed is reproducible. */
static void
test_seeds_distinct (void)
{
  static const guint64 seeds[] = {
    0, 1, 2, 4357, G_GUINT64_CONSTANT (4294967295), G_GUINT64_CONSTANT (4294967296),
  };
  double first[G_N_ELEMENTS (seeds)][4];

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      double again[4];

      draw_gaussians (LSG_STREAM_MISMATCH, seeds[s], first[s], 4);
      draw_gaussians (LSG_STREAM_MISMATCH, seeds[s], again, 4);
      for (guint k = 0; k < 4; k++)
        g_assert_cmpfloat (first[s][k], ==, again[k]);
      for (guint t = 0; t < s; t++)
        g_assert_cmpfloat (first[s][0], !=, first[t][0]);
    }
}

/* At the level of a chip: mc_seed 0 and 4357 are different chips, the
 * same seed is the same chip, and the chip's noise is not its mismatch. */
static void
test_chips (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  LsgSim *sims[3];
  static const guint64 mc[] = { 0, 4357, 0 };
  LsgMismatchFactors f[3];

  p->epochs = 1;
  ds = lsg_dataset_new_from_params (p, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < 3; c++)
    {
      g_autoptr(LsgParams) q = lsg_params_copy (p);

      q->mc_seed = mc[c];
      q->noise_seed = mc[c];
      sims[c] = lsg_sim_new (q, ds, &error);
      g_assert_no_error (error);
      lsg_sim_get_mismatch (sims[c], 0, &f[c]);
    }
  g_assert_cmpfloat (f[0].eta_plus, !=, f[1].eta_plus);
  g_assert_cmpfloat (f[0].eta_plus, ==, f[2].eta_plus);
  g_assert_cmpfloat (f[0].readout_shared, ==, f[2].readout_shared);

  /* kT/C noise on the initial state against the mismatch draws: with
   * equal seeds the old generators made them proportional */
  {
    guint n = lsg_sim_get_n_weights (sims[0]);
    g_autofree double *ip = g_new (double, n);
    g_autofree double *im = g_new (double, n);
    g_autofree double *noise = g_new (double, 2 * n);
    g_autofree double *mism = g_new (double, 2 * n);

    lsg_sim_get_cell_currents (sims[0], ip, im);
    for (guint i = 0; i < n; i++)
      {
        LsgMismatchFactors fi;

        lsg_sim_get_mismatch (sims[0], i, &fi);
        noise[2 * i] = log (ip[i] / p->i_init);
        noise[2 * i + 1] = log (im[i] / p->i_init);
        mism[2 * i] = log (fi.eta_plus);
        mism[2 * i + 1] = log (fi.eta_minus);
      }
    g_test_message ("correlation of kT/C kicks and mismatch draws: %g",
                    gsl_stats_correlation (noise, 1, mism, 1, 2 * n));
    g_assert_cmpfloat (fabs (gsl_stats_correlation (noise, 1, mism, 1, 2 * n)), <, 0.9);
  }
  for (guint c = 0; c < 3; c++)
    lsg_sim_free (sims[c]);
}

/* Data sets: seed 0 and 4357 are different synthetic tasks. */
static void
test_data_seeds (void)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgParams) q = lsg_params_copy (p);
  g_autoptr(LsgDataset) a = NULL;
  g_autoptr(LsgDataset) b = NULL;

  p->seed = 0;
  q->seed = 4357;
  a = lsg_dataset_new_from_params (p, NULL);
  b = lsg_dataset_new_from_params (q, NULL);
  g_assert_cmpfloat (a->x[0], !=, b->x[0]);
  g_assert_cmpfloat (a->y[0], !=, b->y[0]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rng/purposes-uncorrelated", test_purposes_uncorrelated);
  g_test_add_func ("/rng/seeds-distinct", test_seeds_distinct);
  g_test_add_func ("/rng/chips", test_chips);
  g_test_add_func ("/rng/data-seeds", test_data_seeds);
  return g_test_run ();
}
