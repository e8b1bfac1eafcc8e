/* lsg-test-core.c: see lsg-test-core.h. */
#include "lsg-config.h"

#include "lsg-design-file.h"
#include "lsg-test-core.h"

LsgParams *
lsg_test_ideal_params (void)
{
  LsgParams *p = lsg_params_new_default ();

  p->moderate_inversion = FALSE;
  p->mismatch = FALSE;
  p->leakage = FALSE;
  p->noise_on = FALSE;
  p->dac_bits = 0;
  p->adc_bits = 0;
  p->t_hold = 0;
  return p;
}

LsgDataset *
lsg_test_make_dataset (guint         n,
                       guint         rows,
                       const double *x,
                       const double *y)
{
  LsgDataset *ds = g_new0 (LsgDataset, 1);

  ds->n_features = n;
  ds->n_weights = n;
  ds->n_train = rows;
  ds->x = g_memdup2 (x, sizeof (double) * n * rows);
  ds->y = g_memdup2 (y, sizeof (double) * rows);
  ds->x_scale = g_new (double, n);
  for (guint i = 0; i < n; i++)
    ds->x_scale[i] = 1.0;
  ds->y_scale = 1.0;
  ds->feature_names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    ds->feature_names[i] = g_strdup_printf ("x%u", i);
  ds->target_name = g_strdup ("y");
  return ds;
}

LsgSim *
lsg_test_run (const LsgParams  *params,
              const LsgDataset *ds,
              gboolean          allow_exact)
{
  g_autoptr(GError) error = NULL;
  LsgSim *sim = lsg_sim_new (params, ds, &error);

  g_assert_no_error (error);
  lsg_sim_set_allow_exact (sim, allow_exact);
  g_assert_true (lsg_sim_run (sim, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return sim;
}
