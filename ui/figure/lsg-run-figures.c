/* lsg-run-figures.c: the figures of a run. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-device.h"
#include "lsg-export.h"

/* ---- Figures ---------------------------------------------------------- */

static LsgCellLaw
cell_law (const LsgParams *p)
{
  return (LsgCellLaw) {
    .kappa = p->kappa,
    .u_t = lsg_params_thermal_voltage (p),
    .i_spec = p->i_spec,
    .v_t0 = p->v_t0,
    .ekv = p->moderate_inversion,
  };
}

guint
lsg_export_cell_voltages (const LsgParams *params,
                          const double    *i_plus,
                          const double    *i_minus,
                          gsize            n,
                          double          *v_plus,
                          double          *v_minus)
{
  g_return_val_if_fail (params != NULL, 0);
  g_return_val_if_fail (n == 0 || (i_plus != NULL && v_plus != NULL), 0);

  if (params->storage == LSG_STORAGE_CLASS_AB)
    {
      /* I+ = I_Q exp (kappa V / U_T): the loop's one voltage */
      double scale = lsg_params_thermal_voltage (params) / params->kappa;

      for (gsize k = 0; k < n; k++)
        v_plus[k] = scale * log (i_plus[k] / params->i_q);
      return 1;
    }

  g_return_val_if_fail (n == 0 || (i_minus != NULL && v_minus != NULL), 0);
  {
    LsgCellLaw law = cell_law (params);

    for (gsize k = 0; k < n; k++)
      {
        v_plus[k] = lsg_cell_voltage (&law, i_plus[k]);
        v_minus[k] = lsg_cell_voltage (&law, i_minus[k]);
      }
  }
  return 2;
}

static void
set_column_data (LsgFigure           *fig,
                 guint                series,
                 const LsgTrajectory *traj,
                 const double        *t,
                 guint                column,
                 guint                n_rows)
{
  g_autofree double *y = g_new (double, MAX (n_rows, 1));

  lsg_trajectory_copy_column (traj, column, 0, n_rows, y);
  lsg_figure_series_set_data (fig, series, t, y, n_rows);
}

/* The hold phase, from the end of training to the last row, as the
 * window shades it. */
static void
set_hold_span (LsgFigure           *fig,
               const LsgTrajectory *traj,
               guint                n_rows)
{
  for (guint k = 0; k < n_rows; k++)
    if (lsg_trajectory_get_row (traj, k)[LSG_COL_PHASE] == LSG_PHASE_HOLD)
      {
        double t0 = k > 0 ? lsg_trajectory_get_row (traj, k - 1)[LSG_COL_T] : 0;

        lsg_figure_set_span (fig, t0, lsg_trajectory_get_row (traj, n_rows - 1)[LSG_COL_T],
                             "hold");
        return;
      }
}

LsgFigure *
lsg_export_build_figure (LsgExportFigure  kind,
                         LsgTrajectory   *traj,
                         const LsgParams *params,
                         const double    *w_star,
                         guint            inside_weight)
{
  g_autoptr(LsgFigure) fig = NULL;
  const LsgTrajectoryLayout *l;
  g_autofree double *t = NULL;
  guint n_rows, n, wi;

  g_return_val_if_fail (traj != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  l = lsg_trajectory_get_layout (traj);
  n = l->n_weights;
  n_rows = lsg_trajectory_get_n_rows (traj);
  wi = n > 0 ? MIN (inside_weight, n - 1) : 0;
  t = g_new (double, MAX (n_rows, 1));
  lsg_trajectory_copy_column (traj, LSG_COL_T, 0, n_rows, t);

  fig = lsg_figure_new ();
  lsg_figure_set_x_axis (fig, "Time", "s");
  lsg_figure_set_x_column (fig, "t_s");

  switch (kind)
    {
    case LSG_EXPORT_FIGURE_WEIGHTS:
      lsg_figure_set_y_axis (fig, "Weight", "");
      for (guint i = 0; i < n; i++)
        {
          gboolean bias = params->bias_input && i == n - 1;
          g_autofree char *name = bias ? g_strdup ("bias") : g_strdup_printf ("w%u", i);
          g_autofree char *ref = g_strdup_printf ("%s ideal", name);
          g_autofree char *w_col = g_strdup_printf ("w_%u", i);
          g_autofree char *ref_col = g_strdup_printf ("ref_%u", i);
          guint s;

          /* series 2i: circuit, 2i + 1: R2, one colour per weight */
          s = lsg_figure_add_series (fig, name, i, LSG_LINE_SOLID, TRUE);
          lsg_figure_series_set_column (fig, s, w_col);
          set_column_data (fig, s, traj, t, l->w + i, n_rows);
          s = lsg_figure_add_series (fig, ref, i, LSG_LINE_DASHED, FALSE);
          /* its weight's marker is on the solid trace beside it */
          lsg_figure_series_set_print_marker (fig, s, FALSE);
          lsg_figure_series_set_column (fig, s, ref_col);
          set_column_data (fig, s, traj, t, l->ref + i, n_rows);
        }
      {
        /* a paper has no title saying "dashed: ideal": a legend key does */
        guint key = lsg_figure_add_series (fig, "ideal SGD", LSG_PALETTE_FOREGROUND,
                                           LSG_LINE_DASHED, TRUE);

        lsg_figure_series_set_print_marker (fig, key, FALSE);
      }
      if (w_star != NULL && n > 0)
        {
          g_autofree guint *colors = g_new (guint, n);

          for (guint i = 0; i < n; i++)
            colors[i] = i;
          lsg_figure_set_edge_markers (fig, w_star, colors, n, "ridge optimum w*");
        }
      set_hold_span (fig, traj, n_rows);
      break;

    case LSG_EXPORT_FIGURE_LOSS:
      {
        guint s;

        lsg_figure_set_y_axis (fig, "Training loss", "");
        lsg_figure_set_y_log (fig, TRUE);
        s = lsg_figure_add_series (fig, "circuit", 0, LSG_LINE_SOLID, TRUE);
        lsg_figure_series_set_column (fig, s, "loss");
        set_column_data (fig, s, traj, t, l->loss, n_rows);
        s = lsg_figure_add_series (fig, "ideal SGD", 0, LSG_LINE_DASHED, TRUE);
        lsg_figure_series_set_print_marker (fig, s, FALSE);
        lsg_figure_series_set_column (fig, s, "ref_loss");
        set_column_data (fig, s, traj, t, l->ref_loss, n_rows);
        set_hold_span (fig, traj, n_rows);
      }
      break;

    case LSG_EXPORT_FIGURE_CURRENTS:
      {
        g_autofree double *y = g_new (double, MAX (n_rows, 1));

        lsg_figure_set_y_axis (fig, "Cell current", "A");
        lsg_figure_set_y_log (fig, TRUE);
        if (n == 0)
          break;
        for (guint side = 0; side < 2; side++)
          {
            /* names as the window's: I+, I− */
            g_autofree char *column = g_strdup_printf ("i_%s_%u", side == 0 ? "plus" : "minus", wi);
            guint s;

            lsg_trajectory_copy_column (traj, (side == 0 ? l->i_plus : l->i_minus) + wi,
                                        0, n_rows, y);
            s = lsg_figure_add_series (fig, side == 0 ? "I+" : "I\xe2\x88\x92", 1,
                                       side == 0 ? LSG_LINE_SOLID : LSG_LINE_DASHED, TRUE);
            if (side == 1)
              lsg_figure_series_set_print_marker (fig, s, FALSE);
            lsg_figure_series_set_column (fig, s, column);
            lsg_figure_series_set_data (fig, s, t, y, n_rows);
          }
      }
      break;

    case LSG_EXPORT_FIGURE_VOLTAGES:
      {
        g_autofree double *i_plus = g_new (double, MAX (n_rows, 1));
        g_autofree double *i_minus = g_new (double, MAX (n_rows, 1));
        g_autofree double *v_plus = g_new (double, MAX (n_rows, 1));
        g_autofree double *v_minus = g_new (double, MAX (n_rows, 1));
        guint n_v, s;

        lsg_figure_set_y_axis (fig, "Capacitor voltage", "V");
        if (n == 0)
          break;
        lsg_trajectory_copy_column (traj, l->i_plus + wi, 0, n_rows, i_plus);
        lsg_trajectory_copy_column (traj, l->i_minus + wi, 0, n_rows, i_minus);
        n_v = lsg_export_cell_voltages (params, i_plus, i_minus, n_rows, v_plus, v_minus);
        if (n_v == 1)
          {
            /* class AB: one capacitor, whose V sets both halves */
            g_autofree char *column = g_strdup_printf ("v_%u", wi);

            s = lsg_figure_add_series (fig, "V", 2, LSG_LINE_SOLID, TRUE);
            lsg_figure_series_set_column (fig, s, column);
            lsg_figure_series_set_data (fig, s, t, v_plus, n_rows);
            break;
          }
        for (guint side = 0; side < 2; side++)
          {
            /* names as the window's: V+, V− */
            g_autofree char *column = g_strdup_printf ("v_%s_%u", side == 0 ? "plus" : "minus", wi);

            s = lsg_figure_add_series (fig, side == 0 ? "V+" : "V\xe2\x88\x92", 2,
                                       side == 0 ? LSG_LINE_SOLID : LSG_LINE_DASHED, TRUE);
            if (side == 1)
              lsg_figure_series_set_print_marker (fig, s, FALSE);
            lsg_figure_series_set_column (fig, s, column);
            lsg_figure_series_set_data (fig, s, t, side == 0 ? v_plus : v_minus, n_rows);
          }
      }
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  lsg_figure_fit_view (fig);
  if (n_rows > 0 && t[n_rows - 1] > 0)
    {
      /* on paper the time axis ends with the run: the edge markers then
       * sit where the traces end */
      LsgRange x = { MIN (0, t[0]), t[n_rows - 1] };

      lsg_figure_set_view (fig, &x, NULL);
    }
  return g_steal_pointer (&fig);
}
