/* LsgRun: one executed design point against the parts it is made of. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>

#include "lsg-design-file.h"
#include "lsg-run.h"
#include "lsg-sim.h"

/* The accessors hand out read-only views: changing one to a mutable
 * pointer fails the build here. */
G_STATIC_ASSERT (__builtin_types_compatible_p (__typeof__ (lsg_run_get_params (NULL)),
                                               const LsgParams *));
G_STATIC_ASSERT (__builtin_types_compatible_p (__typeof__ (lsg_run_get_trajectory (NULL)),
                                               const LsgTrajectory *));
G_STATIC_ASSERT (__builtin_types_compatible_p (__typeof__ (lsg_run_get_summary (NULL)),
                                               const LsgSummary *));
G_STATIC_ASSERT (__builtin_types_compatible_p (__typeof__ (lsg_run_get_estimate (NULL)),
                                               const LsgEstimate *));
G_STATIC_ASSERT (__builtin_types_compatible_p (__typeof__ (lsg_run_get_budget (NULL)),
                                               const LsgBudget *));
G_STATIC_ASSERT (__builtin_types_compatible_p (__typeof__ (lsg_run_get_w_star (NULL)),
                                               const double *));

/* The paper preset made short: every non-ideality it has, few rows. */
static LsgParams *
short_params (void)
{
  LsgParams *p = lsg_params_new_default ();

  p->samples = 40;
  p->epochs = 3;
  return p;
}

static void
assert_same_double (double a,
                    double b,
                    const char *what)
{
  /* bit for bit: the run must be the same computation, not a close one */
  if (memcmp (&a, &b, sizeof a) != 0)
    g_error ("%s: %.17g differs from %.17g", what, a, b);
}

static void
test_same_as_parts (void)
{
  g_autoptr(LsgParams) p = short_params ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgRun) run = NULL;
  g_autoptr(LsgDataset) ds = NULL;
  g_autoptr(LsgSim) sim = NULL;
  const LsgSummaryField *sf;
  const LsgEstimateField *ef;
  const LsgTrajectory *traj;
  LsgSummary expect;
  LsgEstimate expect_e;
  guint n_fields;

  run = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);

  ds = lsg_dataset_new_from_params (p, &error);
  g_assert_no_error (error);
  sim = lsg_sim_new (p, ds, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_sim_run (sim, NULL, NULL, NULL, &error));
  lsg_summary_compute (sim, &expect);
  lsg_estimate_compute (p, ds->n_weights, expect.mean_cell_current_a, expect.t_converge_s,
                        &expect_e);

  sf = lsg_summary_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    assert_same_double (G_STRUCT_MEMBER (double, lsg_run_get_summary (run), sf[f].offset),
                        G_STRUCT_MEMBER (double, &expect, sf[f].offset), sf[f].key);
  ef = lsg_estimate_fields (&n_fields);
  for (guint f = 0; f < n_fields; f++)
    assert_same_double (lsg_estimate_field_value (lsg_run_get_estimate (run), &ef[f]),
                        lsg_estimate_field_value (&expect_e, &ef[f]), ef[f].key);

  /* the trajectory: every row, every column */
  traj = lsg_run_get_trajectory (run);
  g_assert_cmpuint (lsg_run_get_n_weights (run), ==, ds->n_weights);
  g_assert_cmpuint (lsg_run_get_n_train (run), ==, ds->n_train);
  g_assert_cmpuint (lsg_run_get_n_test (run), ==, ds->n_test);
  g_assert_cmpuint (lsg_run_get_n_features (run), ==, ds->n_features);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), ==,
                    lsg_trajectory_get_n_rows (lsg_sim_get_trajectory (sim)));
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), ==,
                    lsg_sim_get_n_train_rows (sim) + lsg_sim_get_n_hold_rows (sim));
  for (guint k = 0; k < lsg_trajectory_get_n_rows (traj); k++)
    g_assert_cmpmem (lsg_trajectory_get_row (traj, k),
                     sizeof (double) * lsg_trajectory_get_layout (traj)->stride,
                     lsg_trajectory_get_row (lsg_sim_get_trajectory (sim), k),
                     sizeof (double) * lsg_trajectory_get_layout (traj)->stride);

  g_assert_nonnull (lsg_sim_get_w_star (sim));
  g_assert_cmpmem (lsg_run_get_w_star (run), sizeof (double) * ds->n_weights,
                   lsg_sim_get_w_star (sim), sizeof (double) * ds->n_weights);
}

/* A run on a data set the caller loaded is the same run. */
static void
test_with_dataset (void)
{
  g_autoptr(LsgParams) p = short_params ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, &error);
  g_autoptr(LsgRun) a = NULL;
  g_autoptr(LsgRun) b = NULL;

  g_assert_no_error (error);
  a = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  b = lsg_run_execute_with_dataset (p, ds, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (lsg_run_get_summary (a), sizeof (LsgSummary),
                   lsg_run_get_summary (b), sizeof (LsgSummary));
}

/* A simulation driven in slices by its owner and then sealed is the same
 * run as one made in a piece; once sealed, the run does not follow the
 * simulation any more. */
static void
test_from_sim (void)
{
  g_autoptr(LsgParams) p = short_params ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (p, &error);
  g_autoptr(LsgSim) sim = NULL;
  g_autoptr(LsgRun) whole = NULL;
  g_autoptr(LsgRun) sealed = NULL;

  g_assert_no_error (error);
  whole = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sim = lsg_sim_new (p, ds, &error);
  g_assert_no_error (error);
  while (!lsg_sim_is_done (sim))
    g_assert_true (lsg_sim_step (sim, 7, NULL, &error));
  sealed = lsg_run_new_from_sim (sim, LSG_RUN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (lsg_run_get_summary (sealed), sizeof (LsgSummary),
                   lsg_run_get_summary (whole), sizeof (LsgSummary));
  g_assert_cmpuint (lsg_trajectory_get_n_rows (lsg_run_get_trajectory (sealed)), ==,
                    lsg_trajectory_get_n_rows (lsg_run_get_trajectory (whole)));
  /* the simulation's point changes after it was sealed: the run's not */
  {
    g_autoptr(LsgParams) q = lsg_params_copy (p);

    q->i_lambda *= 2;
    g_assert_true (lsg_sim_retune (sim, q, &error));
    g_assert_cmpfloat (lsg_run_get_params (sealed)->i_lambda, ==, p->i_lambda);
  }
}

/* The data path as run is absolute, resolved as lsg_params_resolve_csv
 * does: against base_dir, else the current directory. */
static void
test_absolute_path (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autofree char *expect = g_build_filename (dir, "small.csv", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_path_is_absolute (dir));
  {
    g_autoptr(LsgParams) p = short_params ();
    g_autoptr(LsgRun) run = NULL;

    p->dataset_kind = LSG_DATASET_CSV;
    g_free (p->csv);
    p->csv = g_strdup ("small.csv");
    g_free (p->base_dir);
    p->base_dir = g_strdup (dir);
    p->test_fraction = 0;
    run = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (lsg_run_get_params (run)->csv, ==, expect);
    /* the caller's point is untouched: the run has its own copy */
    g_assert_cmpstr (p->csv, ==, "small.csv");
    g_assert_true (lsg_run_get_params (run) != p);
    /* small.csv: two features, three samples */
    g_assert_cmpuint (lsg_run_get_n_features (run), ==, 2);
    g_assert_cmpuint (lsg_run_get_n_train (run), ==, 3);
  }
  {
    g_autoptr(LsgParams) p = short_params ();
    g_autoptr(LsgRun) run = NULL;

    g_assert_cmpint (g_chdir (dir), ==, 0);
    p->dataset_kind = LSG_DATASET_CSV;
    g_free (p->csv);
    p->csv = g_strdup ("./small.csv");
    g_clear_pointer (&p->base_dir, g_free);
    p->test_fraction = 0;
    run = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    g_assert_no_error (error);
    g_assert_cmpstr (lsg_run_get_params (run)->csv, ==, expect);
  }
}

typedef struct {
  GCancellable *cancellable;
  guint         calls;
  guint         last_done;
  guint         planned;
} ProgressState;

static void
record_progress (guint    rows_done,
                 guint    rows_planned,
                 gpointer user_data)
{
  ProgressState *s = user_data;

  g_assert_cmpuint (rows_done, >, s->last_done);
  s->last_done = rows_done;
  s->planned = rows_planned;
  if (++s->calls == 1 && s->cancellable != NULL)
    g_cancellable_cancel (s->cancellable);
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(LsgParams) p = short_params ();
  g_autoptr(GError) error = NULL;

  /* progress ends at the rows planned: training and hold */
  {
    ProgressState s = { 0 };
    g_autoptr(LsgRun) run = lsg_run_execute (p, LSG_RUN_DEFAULT, record_progress, &s,
                                             NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (s.calls, >, 0);
    g_assert_cmpuint (s.last_done, ==, s.planned);
    g_assert_cmpuint (s.planned, ==, lsg_trajectory_get_n_rows (lsg_run_get_trajectory (run)));
  }
  /* cancelled before it starts */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();
    LsgRun *run;

    g_cancellable_cancel (cancel);
    run = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, cancel, &error);
    g_assert_null (run);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  /* cancelled while it runs (from the first progress report) */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();
    ProgressState s = { .cancellable = cancel };
    LsgRun *run;

    p->epochs = 50;
    run = lsg_run_execute (p, LSG_RUN_BUDGET, record_progress, &s, cancel, &error);
    g_assert_null (run);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (s.calls, ==, 1);
    g_assert_cmpuint (s.last_done, <, s.planned);
  }
}

/* A point out of range is reported as lsg_params_validate reports it. */
static void
test_bad_params (void)
{
  g_autoptr(LsgParams) p = short_params ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expect = NULL;
  LsgRun *run;

  p->i_eta = -1e-9;
  g_assert_false (lsg_params_validate (p, "design point", &expect));
  g_assert_error (expect, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE);

  run = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_null (run);
  g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, expect->message);
  g_clear_error (&error);

  /* and with a data set given, too */
  {
    g_autoptr(LsgParams) good = short_params ();
    g_autoptr(LsgDataset) ds = lsg_dataset_new_from_params (good, &error);

    g_assert_no_error (error);
    run = lsg_run_execute_with_dataset (p, ds, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
    g_assert_null (run);
    g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE);
    g_assert_cmpstr (error->message, ==, expect->message);
  }
}

static void
test_budget (void)
{
  g_autoptr(LsgParams) p = short_params ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgRun) plain = NULL;
  g_autoptr(LsgRun) with = NULL;
  g_autoptr(LsgDataset) ds = NULL;
  LsgBudget expect;

  p->t_hold = 0;
  plain = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (lsg_run_get_budget (plain));

  with = lsg_run_execute (p, LSG_RUN_BUDGET, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lsg_run_get_budget (with));

  /* the reference: the budget run on its own, the point's own figure too */
  ds = lsg_dataset_new_from_params (p, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_budget_compute (p, ds, NAN, NULL, &expect, &error));
  g_assert_no_error (error);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    assert_same_double (lsg_run_get_budget (with)->rel_mse_pct[b], expect.rel_mse_pct[b],
                        lsg_budget_item_name (b));
  assert_same_double (lsg_run_get_budget (with)->rel_mse_pct[LSG_BUDGET_ALL],
                      lsg_run_get_summary (with)->rel_mse_pct, "all");
  /* the budget adds nothing to the run itself */
  g_assert_cmpmem (lsg_run_get_summary (plain), sizeof (LsgSummary),
                   lsg_run_get_summary (with), sizeof (LsgSummary));
}

/* Holders share one run; it lives until the last one lets go, and does
 * not change under them. */
static void
test_refcount (void)
{
  g_autoptr(LsgParams) p = short_params ();
  g_autoptr(GError) error = NULL;
  LsgRun *run = lsg_run_execute (p, LSG_RUN_DEFAULT, NULL, NULL, NULL, &error);
  LsgRun *other;
  LsgSummary before;
  const LsgTrajectory *traj;
  guint rows;

  g_assert_no_error (error);
  before = *lsg_run_get_summary (run);
  traj = lsg_run_get_trajectory (run);
  rows = lsg_trajectory_get_n_rows (traj);

  other = lsg_run_ref (run);
  g_assert_true (other == run);
  lsg_run_unref (run);
  /* the second holder still sees the same run */
  g_assert_true (lsg_run_get_trajectory (other) == traj);
  g_assert_cmpuint (lsg_trajectory_get_n_rows (traj), ==, rows);
  g_assert_cmpmem (lsg_run_get_summary (other), sizeof before, &before, sizeof before);
  /* a change to the point it was made from does not reach it */
  p->i_lambda *= 2;
  g_assert_cmpfloat (lsg_run_get_params (other)->i_lambda, ==, p->i_lambda / 2);
  lsg_run_unref (other);
}

int
main (int    argc,
      char **argv)
{
  gsl_set_error_handler_off ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run/same-as-parts", test_same_as_parts);
  g_test_add_func ("/run/with-dataset", test_with_dataset);
  g_test_add_func ("/run/from-sim", test_from_sim);
  g_test_add_func ("/run/absolute-path", test_absolute_path);
  g_test_add_func ("/run/progress-cancel", test_progress_and_cancel);
  g_test_add_func ("/run/bad-params", test_bad_params);
  g_test_add_func ("/run/budget", test_budget);
  g_test_add_func ("/run/refcount", test_refcount);
  return g_test_run ();
}
