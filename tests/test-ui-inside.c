/* The inside-of-a-weight selector under a display: picked again and again
 * while a run goes on, after it, between a change of the design point and
 * the new run's first rows, across a change of storage and on the live
 * chip switched on during the hold.  Each time the cell-current and voltage traces hold exactly the
 * chosen weight's rows of the run on display, read back from its
 * trajectory.  A critical on the way (rows appended out of order) aborts
 * the test.  Skips (77) without a display. */
#include "lsg-config.h"

#include "lsg-param-row.h"
#include "lsg-plot.h"
#include "lsg-test-ui.h"
#include "lsg-window.h"

/* The current and voltage traces are weight's cells in the run on
 * display, row for row from its first row; returns how many rows. */
static guint
assert_inside_shows (LsgWindow *window,
                     guint      weight)
{
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgTrajectory *traj = lsg_runner_get_trajectory (runner);
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  LsgFigure *current = lsg_plot_get_figure (LSG_PLOT (lsg_window_get_plot (window, "current")));
  LsgFigure *voltage = lsg_plot_get_figure (LSG_PLOT (lsg_window_get_plot (window, "voltage")));
  const double *t, *i_plus, *i_minus;
  guint n;

  g_assert_cmpuint (lsg_window_get_inside_weight (window), ==, weight);
  g_assert_cmpuint (weight, <, l->n_weights);
  n = lsg_figure_series_get_data (current, 0, &t, &i_plus);
  g_assert_cmpuint (n, >, 0);
  /* rows may have arrived that the window has not been told of yet */
  g_assert_cmpuint (n, <=, lsg_trajectory_get_n_rows (traj));
  g_assert_cmpuint (lsg_figure_series_get_data (current, 1, NULL, &i_minus), ==, n);
  for (guint s = 0; s < lsg_figure_get_n_series (voltage); s++)
    g_assert_cmpuint (lsg_figure_series_get_data (voltage, s, NULL, NULL), ==, n);
  for (guint k = 0; k < n; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);

      /* time only runs forward */
      if (k > 0)
        g_assert_cmpfloat (t[k], >, t[k - 1]);
      g_assert_cmpfloat (t[k], ==, row[LSG_COL_T]);
      g_assert_cmpfloat (i_plus[k], ==, row[l->i_plus + weight]);
      g_assert_cmpfloat (i_minus[k], ==, row[l->i_minus + weight]);
    }
  return n;
}

static guint
rows_on_display (LsgWindow *window)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (lsg_window_get_runner (window));

  return traj != NULL ? lsg_trajectory_get_n_rows (traj) : 0;
}

/* Picks each weight of picks in turn, checking the traces after each. */
static void
pick_each (LsgWindow   *window,
           const guint *picks,
           guint        n_picks)
{
  for (guint i = 0; i < n_picks; i++)
    {
      lsg_window_set_inside_weight (window, picks[i]);
      assert_inside_shows (window, picks[i]);
      /* a few polls of the runner: more rows reach the plots */
      WAIT_UNTIL (FALSE, 0.02);
      assert_inside_shows (window, picks[i]);
    }
}

static void
test_picks (void)
{
  LsgWindow *window = new_window ();
  LsgRunner *runner = lsg_window_get_runner (window);
  LsgParamRow *i_eta = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_eta"));
  LsgParamRow *storage = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.storage"));
  static const guint during[] = { 3, 7, 0, 8, 5 };
  static const guint after[] = { 2, 6, 1 };
  guint generation, before, epoch, n_train;

  /* during a run: one epoch at a time, paused between, then running on
   * to the end */
  ASSERT_SOON (run_done (window), 30);
  epoch = lsg_runner_get_n_train_rows (runner) / lsg_window_get_params (window)->epochs;
  g_assert_cmpuint (epoch, >, 0);
  generation = lsg_runner_get_generation (runner);
  lsg_runner_step_epoch (runner);
  ASSERT_SOON (lsg_runner_get_generation (runner) > generation && rows_on_display (window) > 0, 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_PAUSED);
  pick_each (window, during, G_N_ELEMENTS (during));
  ASSERT_SOON (assert_inside_shows (window, 5) == epoch, 30);
  lsg_runner_step_epoch (runner);
  pick_each (window, during, G_N_ELEMENTS (during));
  ASSERT_SOON (assert_inside_shows (window, 5) == 2 * epoch, 30);
  g_assert_cmpint (lsg_runner_get_state (runner), ==, LSG_RUNNER_PAUSED);
  lsg_runner_run (runner);
  pick_each (window, during, G_N_ELEMENTS (during));
  ASSERT_SOON (run_done (window), 30);
  /* all of it shown, weight 5 still the one looked at */
  ASSERT_SOON (assert_inside_shows (window, 5) == 4500, 5);

  /* after the run */
  pick_each (window, after, G_N_ELEMENTS (after));
  g_assert_cmpuint (assert_inside_shows (window, 1), ==, 4500);

  /* a new point: the old run stays on display until the new one has
   * rows; a pick now shows the old run's weight, and the new run keeps
   * the pick (its traces start from its own first row) */
  lsg_window_set_inside_weight (window, 6);
  generation = lsg_runner_get_generation (runner);
  lsg_param_row_commit_text (i_eta, "2 nA");
  g_assert_cmpuint (lsg_runner_get_generation (runner), >, generation);
  lsg_window_set_inside_weight (window, 4);
  assert_inside_shows (window, 4);
  pick_each (window, after, G_N_ELEMENTS (after));
  lsg_window_set_inside_weight (window, 7);
  ASSERT_SOON (run_done_for (window, generation), 30);
  ASSERT_SOON (assert_inside_shows (window, 7) == 4500, 5);

  /* another storage: one voltage trace instead of two, picks go on */
  generation = lsg_runner_get_generation (runner);
  lsg_param_row_commit_text (storage, "class_ab");
  pick_each (window, during, G_N_ELEMENTS (during));
  ASSERT_SOON (run_done_for (window, generation), 30);
  g_assert_cmpuint (lsg_figure_get_n_series (lsg_plot_get_figure (LSG_PLOT (lsg_window_get_plot (window, "voltage")))),
                    ==, 1);
  pick_each (window, after, G_N_ELEMENTS (after));
  g_assert_cmpuint (assert_inside_shows (window, 1), ==, 4500);

  /* the live chip, switched on in the hold: training resumes where the
   * hold left the chip and time runs on from there while the picks change
   * (stepped through the run, one epoch at a time, to stop in the hold) */
  n_train = lsg_runner_get_n_train_rows (runner);
  generation = lsg_runner_get_generation (runner);
  lsg_runner_step_epoch (runner);
  ASSERT_SOON (lsg_runner_get_generation (runner) > generation && rows_on_display (window) == epoch, 30);
  while (rows_on_display (window) < n_train)
    {
      before = rows_on_display (window);
      lsg_runner_step_epoch (runner);
      ASSERT_SOON (rows_on_display (window) == before + epoch, 30);
    }
  lsg_runner_step_epoch (runner);
  ASSERT_SOON (rows_on_display (window) == n_train + epoch, 30);
  {
    LsgTrajectory *traj = lsg_runner_get_trajectory (runner);

    g_assert_cmpfloat (lsg_trajectory_get_row (traj, n_train + epoch - 1)[LSG_COL_PHASE], ==, LSG_PHASE_HOLD);
  }
  g_object_set (window, "live", TRUE, NULL);
  lsg_runner_run (runner);
  g_assert_true (lsg_runner_get_live (runner));
  pick_each (window, during, G_N_ELEMENTS (during));
  ASSERT_SOON (assert_inside_shows (window, 5) > n_train + 2 * epoch, 30);
  pick_each (window, after, G_N_ELEMENTS (after));
  g_object_set (window, "live", FALSE, NULL);

  destroy_and_check_freed (window);
}

int
main (int    argc,
      char **argv)
{
  if (!ui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/inside/picks", test_picks);
  return g_test_run ();
}
