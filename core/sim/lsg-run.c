/* lsg-run.c: one executed design point (see lsg-run.h). */
#include "lsg-config.h"

#include "lsg-run.h"
#include "lsg-sim.h"

struct _LsgRun {
  gatomicrefcount  ref_count;
  LsgParams       *params;
  LsgTrajectory   *traj;
  guint            n_weights;
  guint            n_train;
  guint            n_test;
  guint            n_features;
  double          *w_star;
  LsgSummary       summary;
  LsgEstimate      estimate;
  gboolean         have_budget;
  LsgBudget        budget;
};

static void
lsg_run_free (LsgRun *run)
{
  lsg_params_free (run->params);
  g_clear_pointer (&run->traj, lsg_trajectory_unref);
  g_free (run->w_star);
  g_free (run);
}

LsgRun *
lsg_run_new_from_sim (const LsgSim  *sim,
                      LsgRunFlags    flags,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const LsgParams *params;
  const LsgDataset *dataset;
  LsgRun *run;

  g_return_val_if_fail (sim != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  params = lsg_sim_get_params (sim);
  dataset = lsg_sim_get_dataset (sim);

  run = g_new0 (LsgRun, 1);
  g_atomic_ref_count_init (&run->ref_count);
  run->params = lsg_params_copy (params);
  /* the point must name the same data from wherever it is read again */
  if (run->params->dataset_kind == LSG_DATASET_CSV)
    {
      g_free (run->params->csv);
      run->params->csv = lsg_params_resolve_csv (params);
    }
  run->traj = lsg_trajectory_ref (lsg_sim_get_trajectory (sim));
  run->n_weights = dataset->n_weights;
  run->n_train = dataset->n_train;
  run->n_test = dataset->n_test;
  run->n_features = dataset->n_features;
  if (lsg_sim_get_w_star (sim) != NULL)
    run->w_star = g_memdup2 (lsg_sim_get_w_star (sim), sizeof (double) * run->n_weights);
  lsg_summary_compute (sim, &run->summary);
  lsg_estimate_compute (params, run->n_weights, run->summary.mean_cell_current_a,
                        run->summary.t_converge_s, &run->estimate);

  if (flags & LSG_RUN_BUDGET)
    {
      if (!lsg_budget_compute (params, dataset, run->summary.rel_mse_pct, cancellable,
                               &run->budget, error))
        {
          lsg_run_free (run);
          return NULL;
        }
      run->have_budget = TRUE;
    }
  return run;
}

LsgRun *
lsg_run_execute_with_dataset (const LsgParams   *params,
                              const LsgDataset  *dataset,
                              LsgRunFlags        flags,
                              LsgRunProgress     progress,
                              gpointer           user_data,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_autoptr(LsgSim) sim = NULL;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sim = lsg_sim_new (params, dataset, error);
  if (sim == NULL || !lsg_sim_run (sim, progress, user_data, cancellable, error))
    return NULL;

  return lsg_run_new_from_sim (sim, flags, cancellable, error);
}

LsgRun *
lsg_run_execute (const LsgParams   *params,
                 LsgRunFlags        flags,
                 LsgRunProgress     progress,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  g_autoptr(LsgDataset) dataset = NULL;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* a bad point is reported as such, not as whatever its data set makes
   * of it */
  if (!lsg_params_validate (params, "design point", error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  dataset = lsg_dataset_new_from_params (params, error);
  if (dataset == NULL)
    return NULL;
  return lsg_run_execute_with_dataset (params, dataset, flags, progress, user_data,
                                       cancellable, error);
}

LsgRun *
lsg_run_ref (LsgRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  g_atomic_ref_count_inc (&run->ref_count);
  return run;
}

void
lsg_run_unref (LsgRun *run)
{
  g_return_if_fail (run != NULL);

  if (g_atomic_ref_count_dec (&run->ref_count))
    lsg_run_free (run);
}

const LsgParams *
lsg_run_get_params (const LsgRun *run)
{
  return run->params;
}

const LsgTrajectory *
lsg_run_get_trajectory (const LsgRun *run)
{
  return run->traj;
}

guint
lsg_run_get_n_weights (const LsgRun *run)
{
  return run->n_weights;
}

guint
lsg_run_get_n_train (const LsgRun *run)
{
  return run->n_train;
}

guint
lsg_run_get_n_test (const LsgRun *run)
{
  return run->n_test;
}

guint
lsg_run_get_n_features (const LsgRun *run)
{
  return run->n_features;
}

const double *
lsg_run_get_w_star (const LsgRun *run)
{
  return run->w_star;
}

const LsgSummary *
lsg_run_get_summary (const LsgRun *run)
{
  return &run->summary;
}

const LsgEstimate *
lsg_run_get_estimate (const LsgRun *run)
{
  return &run->estimate;
}

const LsgBudget *
lsg_run_get_budget (const LsgRun *run)
{
  return run->have_budget ? &run->budget : NULL;
}
