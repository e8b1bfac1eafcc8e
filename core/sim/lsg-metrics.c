/* lsg-metrics.c: figures of merit and the error budget. */
#include "lsg-config.h"

#include <math.h>
#include <stddef.h>

#include "lsg-device.h"
#include "lsg-metrics.h"
#include "lsg-run.h"

static const LsgSummaryField summary_fields[] = {
  { "rel_mse_pct", "%", offsetof (LsgSummary, rel_mse_pct), "Relative MSE against R2" },
  { "enob", "bit", offsetof (LsgSummary, enob), "Effective number of bits" },
  { "ridge_error", "", offsetof (LsgSummary, ridge_error), "Distance to the ridge optimum" },
  { "loss", "", offsetof (LsgSummary, loss), "Training loss (circuit)" },
  { "ref_loss", "", offsetof (LsgSummary, ref_loss), "Training loss (R2)" },
  { "test_loss", "", offsetof (LsgSummary, test_loss), "Test loss (circuit)" },
  { "ref_test_loss", "", offsetof (LsgSummary, ref_test_loss), "Test loss (R2)" },
  { "t_converge", "s", offsetof (LsgSummary, t_converge_s), "Time to converge" },
  { "ref_t_converge", "s", offsetof (LsgSummary, ref_t_converge_s), "Time to converge, ideal SGD (R2)" },
  { "cm_max", "", offsetof (LsgSummary, cm_max), "Largest common mode (I+ + I\xe2\x88\x92)/I_N" },
  { "retention", "s", offsetof (LsgSummary, retention_s), "Retention (one ADC LSB)" },
  { "eta", "", offsetof (LsgSummary, eta), "Learning rate \xce\xb7 = T_s/\xcf\x84" },
  { "lambda", "", offsetof (LsgSummary, lambda), "Regularization \xce\xbb = I_\xce\xbb/I_\xce\xb7" },
  { "tau", "s", offsetof (LsgSummary, tau_s), "Time constant \xcf\x84" },
  { "mean_cell_current", "A", offsetof (LsgSummary, mean_cell_current_a), "Mean cell current" },
};

const LsgSummaryField *
lsg_summary_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (summary_fields);
  return summary_fields;
}

/* Training rows come first in a trajectory; their count: */
static guint
n_train_rows (const LsgTrajectory *traj)
{
  guint n_rows = lsg_trajectory_get_n_rows (traj);
  guint k = 0;

  while (k < n_rows && lsg_trajectory_get_row (traj, k)[LSG_COL_PHASE] == LSG_PHASE_TRAIN)
    k++;
  return k;
}

double
lsg_metric_rel_mse_pct (const LsgTrajectory *traj)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  guint rows = n_train_rows (traj);
  double num = 0.0, den = 0.0;

  for (guint k = 0; k < rows; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);

      for (guint i = 0; i < l->n_weights; i++)
        {
          double diff = row[l->w + i] - row[l->ref + i];
          num += diff * diff;
          den += row[l->ref + i] * row[l->ref + i];
        }
    }
  return den > 0 ? 100.0 * num / den : NAN;
}

double
lsg_metric_enob (const LsgTrajectory *traj)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  guint rows = n_train_rows (traj);
  const double *row;
  double sum = 0.0, rms;

  if (rows == 0)
    return NAN;
  row = lsg_trajectory_get_row (traj, rows - 1);
  for (guint i = 0; i < l->n_weights; i++)
    {
      double diff = row[l->w + i] - row[l->ref + i];
      sum += diff * diff;
    }
  rms = sqrt (sum / l->n_weights);
  /* full scale 2 over the rms error of a uniform quantizer, Delta / sqrt 12 */
  return rms > 0 ? log2 (2.0 / (sqrt (12.0) * rms)) : INFINITY;
}

double
lsg_metric_t_converge (const LsgTrajectory *traj,
                       guint                column,
                       double               tolerance,
                       double               delta,
                       guint                window_rows,
                       guint                smooth_rows)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  guint rows = n_train_rows (traj);
  guint n = l->n_weights, first_window, half, k;
  g_autofree double *mean = NULL;
  g_autofree double *prefix = NULL;
  double norm_mean = 0.0, band;

  if (rows == 0)
    return NAN;
  /* the last epoch, but never more than a third of the training, so
   * that two windows fit (see below) */
  window_rows = CLAMP (window_rows, 1, MAX (rows / 3, 1));
  first_window = rows - window_rows;
  half = MIN (smooth_rows, window_rows) / 2;

  /* prefix[k n + i]: sum of weight i over rows 0 .. k-1 */
  prefix = g_new0 (double, (gsize) (rows + 1) * n);
  for (k = 0; k < rows; k++)
    {
      const double *w = lsg_trajectory_get_row (traj, k) + column;

      for (guint i = 0; i < n; i++)
        prefix[(gsize) (k + 1) * n + i] = prefix[(gsize) k * n + i] + w[i];
    }
  mean = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      mean[i] = (prefix[(gsize) rows * n + i] - prefix[(gsize) first_window * n + i])
                / window_rows;
      norm_mean += mean[i] * mean[i];
    }
  band = tolerance * sqrt (norm_mean) + delta;

  /* Walk back from the end to the last row whose smoothed weights (the
   * mean of rows k - half .. k + half, cut at the ends) are outside. */
  for (k = rows; k > 0; k--)
    {
      guint lo = k - 1 >= half ? k - 1 - half : 0;
      guint hi = MIN (k + half, rows);
      double dist = 0.0;

      for (guint i = 0; i < n; i++)
        {
          double v = (prefix[(gsize) hi * n + i] - prefix[(gsize) lo * n + i]) / (hi - lo);

          dist += (v - mean[i]) * (v - mean[i]);
        }
      if (sqrt (dist) > band)
        break;
    }
  /* Rows k.. stay in the band.  A weight still drifting at the end is
   * near its own recent mean too, so entering the band for good only in
   * the last two windows shows no settling: the weights must have been
   * there a whole window before the one that defines their mean. */
  if (k + window_rows > first_window)
    return INFINITY;
  return lsg_trajectory_get_row (traj, k)[LSG_COL_T];
}

void
lsg_summary_compute (const LsgSim *sim,
                     LsgSummary   *summary)
{
  const LsgTrajectory *traj = lsg_sim_get_trajectory (sim);
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  const LsgParams *p = lsg_sim_get_params (sim);
  const double *w_star = lsg_sim_get_w_star (sim);
  guint rows = n_train_rows (traj);

  summary->rel_mse_pct = lsg_metric_rel_mse_pct (traj);
  summary->enob = lsg_metric_enob (traj);
  {
    /* MODEL.md 5: band eps |w_end| + one ADC LSB sqrt(n), window the last
     * epoch; R2 by the same rule, so the two read against each other */
    double delta = lsg_quantize_step (p->adc_bits, p->adc_range) * sqrt (l->n_weights);
    guint window = lsg_sim_get_dataset (sim)->n_train;
    /* SGD's sample-to-sample jitter can be wider than the band on a real
     * data set: it averages out over a tenth of an epoch */
    guint smooth = MAX (window / LSG_CONVERGE_SMOOTH_DIVISOR, 1);

    summary->t_converge_s = lsg_metric_t_converge (traj, l->w, p->converge_tol, delta,
                                                   window, smooth);
    summary->ref_t_converge_s = lsg_metric_t_converge (traj, l->ref, p->converge_tol, delta,
                                                       window, smooth);
  }
  summary->cm_max = lsg_sim_get_cm_max (sim);
  summary->retention_s = lsg_sim_retention (sim);
  summary->eta = lsg_params_eta (p);
  summary->lambda = lsg_params_lambda (p);
  summary->tau_s = lsg_params_tau (p);
  summary->ridge_error = NAN;
  summary->loss = summary->ref_loss = NAN;
  summary->test_loss = summary->ref_test_loss = NAN;
  summary->mean_cell_current_a = NAN;

  if (rows == 0)
    return;
  {
    const double *row = lsg_trajectory_get_row (traj, rows - 1);
    double sum = 0.0;

    for (guint i = 0; i < l->n_weights; i++)
      sum += row[l->i_plus + i] + row[l->i_minus + i];
    summary->mean_cell_current_a = sum / (2 * l->n_weights);

    summary->loss = row[l->loss];
    summary->ref_loss = row[l->ref_loss];
    summary->test_loss = row[l->test_loss];
    summary->ref_test_loss = row[l->ref_test_loss];
    if (w_star != NULL)
      {
        double num = 0.0, den = 0.0;

        for (guint i = 0; i < l->n_weights; i++)
          {
            num += (row[l->w + i] - w_star[i]) * (row[l->w + i] - w_star[i]);
            den += w_star[i] * w_star[i];
          }
        summary->ridge_error = den > 0 ? sqrt (num / den) : NAN;
      }
  }
}

static const char *const budget_names[LSG_BUDGET_N] = {
  "none", "moderate_inversion", "mismatch", "mismatch_in_loop", "mismatch_forward",
  "mismatch_readout", "leakage", "noise", "quantization", "all",
};

const char *
lsg_budget_item_name (LsgBudgetItem item)
{
  g_return_val_if_fail (item < LSG_BUDGET_N, NULL);
  return budget_names[item];
}

LsgParams *
lsg_budget_variant (const LsgParams *params,
                    LsgBudgetItem    item)
{
  LsgParams *v = lsg_params_copy (params);

  if (item == LSG_BUDGET_ALL)
    return v;
  v->moderate_inversion = item == LSG_BUDGET_MODERATE_INVERSION;
  v->mismatch = item == LSG_BUDGET_MISMATCH || item == LSG_BUDGET_MISMATCH_IN_LOOP
                || item == LSG_BUDGET_MISMATCH_FORWARD || item == LSG_BUDGET_MISMATCH_READOUT;
  v->mismatch_only = item == LSG_BUDGET_MISMATCH_IN_LOOP ? LSG_MISMATCH_IN_LOOP
                     : item == LSG_BUDGET_MISMATCH_FORWARD ? LSG_MISMATCH_FORWARD
                     : item == LSG_BUDGET_MISMATCH_READOUT ? LSG_MISMATCH_READOUT
                     : LSG_MISMATCH_ALL;
  v->leakage = item == LSG_BUDGET_LEAKAGE;
  v->noise_on = item == LSG_BUDGET_NOISE;
  /* Quantization keeps the point's converters (it cannot invent bits). */
  if (item != LSG_BUDGET_QUANTIZATION)
    v->dac_bits = v->adc_bits = 0;
  return v;
}

gboolean
lsg_budget_compute (const LsgParams  *params,
                    const LsgDataset *dataset,
                    double            all_rel_mse_pct,
                    GCancellable     *cancellable,
                    LsgBudget        *budget,
                    GError          **error)
{
  for (guint item = 0; item < LSG_BUDGET_N; item++)
    {
      g_autoptr(LsgParams) variant = NULL;
      g_autoptr(LsgRun) run = NULL;

      if (item == LSG_BUDGET_ALL && !isnan (all_rel_mse_pct))
        {
          budget->rel_mse_pct[item] = all_rel_mse_pct;
          continue;
        }
      variant = lsg_budget_variant (params, item);
      /* The budget is about training accuracy: no hold phase. */
      variant->t_hold = 0;
      run = lsg_run_execute_with_dataset (variant, dataset, LSG_RUN_DEFAULT, NULL, NULL,
                                          cancellable, error);
      if (run == NULL)
        {
          g_prefix_error (error, "Error budget, %s alone: ", budget_names[item]);
          return FALSE;
        }
      budget->rel_mse_pct[item] = lsg_run_get_summary (run)->rel_mse_pct;
    }
  return TRUE;
}
