/* The explorer's runner: the run it publishes, the point in force after a
 * live retune, and that nothing outlives a closed window.  Skips (77)
 * without a display. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>

#include "lsg-cost-panel.h"
#include "lsg-design-file.h"
#include "lsg-estimate.h"
#include "lsg-export.h"
#include "lsg-param-row.h"
#include "lsg-run.h"
#include "lsg-test-ui.h"
#include "lsg-ui.h"
#include "lsg-window.h"

static guint
rows_shown (LsgRunner *runner)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (runner);

  return traj != NULL ? lsg_trajectory_get_n_rows (traj) : 0;
}

/* Closes window (its run live or paused) and proves that its runner is
 * finalized and that no worker simulates on. */
static void
close_and_check_stopped (LsgWindow *window)
{
  gpointer weak_window = window;
  gpointer weak_runner = lsg_window_get_runner (window);

  /* the run is still going: a worker exists to be stopped (a job the
   * window replaced may take a slice to see its cancel) */
  WAIT_UNTIL (lsg_runner_get_n_workers () == 1, 5);
  g_assert_cmpuint (lsg_runner_get_n_workers (), ==, 1);
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  g_object_add_weak_pointer (G_OBJECT (weak_runner), &weak_runner);
  gtk_window_destroy (GTK_WINDOW (window));
  /* a worker checks its cancellable at least every slice (100 rows) and
   * every 50 ms while paused: a second is plenty */
  WAIT_UNTIL (weak_window == NULL && weak_runner == NULL && lsg_runner_get_n_workers () == 0, 5);
  g_assert_null (weak_window);
  g_assert_null (weak_runner);
  g_assert_cmpuint (lsg_runner_get_n_workers (), ==, 0);
}

static void
test_close_live (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);

  g_object_set (window, "live", TRUE, NULL);
  WAIT_UNTIL (lsg_runner_get_live (runner) && rows_shown (runner) > 300, 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_RUNNING);
  close_and_check_stopped (window);
}

static void
test_close_paused (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);

  /* a live chip never ends; paused, its worker waits for a go */
  g_object_set (window, "live", TRUE, NULL);
  WAIT_UNTIL (lsg_runner_get_live (runner) && rows_shown (runner) > 100, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-pause", NULL));
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_PAUSED);
  close_and_check_stopped (window);
}

/* A paused ordinary run (not live) is stopped on close as well. */
static void
test_close_paused_run (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  g_autoptr(LsgParams) p = lsg_params_new_default ();

  /* long enough not to end before it is paused */
  p->epochs = 2000;
  lsg_window_set_params (window, p, "long run");
  WAIT_UNTIL (rows_shown (runner) > 100, 30);
  lsg_runner_pause (runner);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_PAUSED);
  close_and_check_stopped (window);
}

/* A finished job is published as an LsgRun equal to the point run on its
 * own; none while a run goes on. */
static void
test_published_run (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  g_autoptr(LsgRun) expect = NULL;
  g_autoptr(GError) error = NULL;
  LsgRun *run;
  gpointer weak = window;

  WAIT_UNTIL (lsg_runner_get_state (runner) == LSG_RUNNER_DONE, 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_DONE);
  run = lsg_runner_get_run (runner);
  g_assert_nonnull (run);
  expect = lsg_run_execute (lsg_window_get_params (window), LSG_RUN_DEFAULT, NULL, NULL, NULL,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpmem (lsg_run_get_summary (run), sizeof (LsgSummary),
                   lsg_run_get_summary (expect), sizeof (LsgSummary));
  g_assert_true (lsg_runner_get_summary (runner) == lsg_run_get_summary (run));
  /* what the plots show is the run's trajectory */
  g_assert_true ((const LsgTrajectory *) lsg_runner_get_trajectory (runner)
                 == lsg_run_get_trajectory (run));
  g_assert_cmpuint (lsg_runner_get_n_segments (runner), ==, 1);

  /* a new point: once its rows are on display, no run until it ends */
  lsg_param_row_commit_text (LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_eta")),
                             "2 nA");
  WAIT_UNTIL (lsg_runner_get_display_params (runner)->i_eta == 2e-9, 30);
  if (lsg_runner_get_state (runner) == LSG_RUNNER_RUNNING)
    g_assert_null (lsg_runner_get_run (runner));
  WAIT_UNTIL (lsg_runner_get_state (runner) == LSG_RUNNER_DONE, 30);
  g_assert_nonnull (lsg_runner_get_run (runner));
  g_assert_cmpfloat (lsg_run_get_params (lsg_runner_get_run (runner))->i_eta, ==, 2e-9);

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (weak == NULL, 10);
  g_assert_null (weak);
}

/* After a live retune of I_lambda, the export and the cost panel describe
 * the point the chip runs at, and the ridge optimum moves with lambda. */
static void
test_retune_in_force (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgParamRow *row = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_lambda"));
  LsgCostPanel *panel = LSG_COST_PANEL (lsg_window_get_cost_panel (window));
  g_autofree char *dir = g_dir_make_tmp ("lsg-runner-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "f.svg", NULL);
  g_autoptr(LsgParams) before = NULL;
  g_autoptr(GError) error = NULL;
  const LsgRunSegment *first, *second;
  LsgExportDialog *dialog;
  LsgTrajectory *traj;
  LsgEstimate expect;

  g_object_set (window, "live", TRUE, NULL);
  WAIT_UNTIL (lsg_runner_get_live (runner) && rows_shown (runner) > 300, 30);
  before = lsg_params_copy (lsg_runner_get_display_params (runner));
  g_assert_cmpfloat (before->i_lambda, !=, 1e-10);
  g_assert_cmpuint (lsg_runner_get_n_segments (runner), ==, 1);

  lsg_param_row_commit_text (row, "100 pA");
  WAIT_UNTIL (lsg_runner_get_display_params (runner)->i_lambda == 1e-10, 10);
  g_assert_cmpfloat (lsg_runner_get_display_params (runner)->i_lambda, ==, 1e-10);
  g_assert_true (lsg_params_equal (lsg_runner_get_display_params (runner),
                                   lsg_window_get_params (window)));

  /* two segments: the point it started with, then the retuned one from
   * the row where the chip applied it */
  g_assert_cmpuint (lsg_runner_get_n_segments (runner), ==, 2);
  first = lsg_runner_get_segment (runner, 0);
  second = lsg_runner_get_segment (runner, 1);
  g_assert_true (lsg_params_equal (first->params, before));
  g_assert_cmpfloat (first->t_start_s, ==, 0);
  g_assert_cmpuint (first->first_row, ==, 0);
  g_assert_cmpfloat (second->params->i_lambda, ==, 1e-10);
  traj = lsg_runner_get_trajectory (runner);
  g_assert_cmpuint (second->first_row, >, 300);
  g_assert_cmpuint (second->first_row, <=, lsg_trajectory_get_n_rows (traj));
  g_assert_cmpfloat (second->t_start_s, ==,
                     lsg_trajectory_get_row (traj, second->first_row - 1)[LSG_COL_T]);

  /* the ridge optimum at the new lambda: as a run of that point finds it */
  {
    g_autoptr(LsgRun) ref = lsg_run_execute (lsg_window_get_params (window), LSG_RUN_DEFAULT,
                                             NULL, NULL, NULL, &error);
    guint n;
    const double *w_star = lsg_runner_get_w_star (runner, &n);

    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, lsg_run_get_n_weights (ref));
    g_assert_nonnull (w_star);
    g_assert_cmpmem (w_star, sizeof (double) * n, lsg_run_get_w_star (ref), sizeof (double) * n);
    g_assert_true (w_star == second->w_star);
    /* and it moved: lambda changed */
    g_assert_true (memcmp (first->w_star, second->w_star, sizeof (double) * n) != 0);
  }

  /* the cost panel: the model at the retuned point (no finished run: the
   * default cell current) */
  lsg_estimate_compute (lsg_runner_get_display_params (runner), 9, NAN, NAN, &expect);
  g_assert_cmpfloat (fabs (lsg_cost_panel_get_estimate (panel)->power_w / expect.power_w - 1),
                     <, 1e-12);

  /* the export carries the point in force */
  dialog = lsg_window_new_export_dialog (window);
  g_assert_nonnull (dialog);
  lsg_export_dialog_set_format (dialog, LSG_EXPORT_FORMAT_SVG);
  g_assert_true (lsg_export_dialog_export_to (dialog, path, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LsgParams) back = lsg_export_read_design_point (path, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (back->i_lambda, ==, 1e-10);
    g_assert_true (lsg_params_equal (back, lsg_window_get_params (window)));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
  g_rmdir (dir);

  close_and_check_stopped (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("no display: skipping\n");
      return 77;
    }
  gsl_set_error_handler_off ();
  lsg_ui_init ();

  g_test_add_func ("/runner/close-live", test_close_live);
  g_test_add_func ("/runner/close-paused", test_close_paused);
  g_test_add_func ("/runner/close-paused-run", test_close_paused_run);
  g_test_add_func ("/runner/published-run", test_published_run);
  g_test_add_func ("/runner/retune-in-force", test_retune_in_force);
  return g_test_run ();
}
