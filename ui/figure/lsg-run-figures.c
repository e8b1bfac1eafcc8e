/* lsg-run-figures.c: the four figures of a run, for the window and for export. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-device.h"
#include "lsg-run-figures.h"

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
lsg_run_figure_cell_voltages (const LsgParams *params,
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

/* ---- Series ----------------------------------------------------------- */

/* A second trace in the colour of a first, dashed beside it: the first
 * carries the colour's marker on paper. */
static guint
add_dashed (LsgFigure  *fig,
            const char *name,
            guint       palette,
            gboolean    in_legend,
            const char *column)
{
  guint s = lsg_figure_add_series (fig, name, palette, LSG_LINE_DASHED, in_legend);

  lsg_figure_series_set_print_marker (fig, s, FALSE);
  if (column != NULL)
    lsg_figure_series_set_column (fig, s, column);
  return s;
}

static guint
add_solid (LsgFigure  *fig,
           const char *name,
           guint       palette,
           gboolean    in_legend,
           const char *column)
{
  guint s = lsg_figure_add_series (fig, name, palette, LSG_LINE_SOLID, in_legend);

  lsg_figure_series_set_column (fig, s, column);
  return s;
}

void
lsg_run_figure_setup (LsgFigure       *fig,
                      LsgRunFigure     kind,
                      const LsgParams *params,
                      const double    *w_star,
                      guint            n_weights,
                      gboolean         paper)
{
  guint n = n_weights;

  g_return_if_fail (fig != NULL);
  g_return_if_fail (params != NULL);

  lsg_figure_clear_series (fig);
  lsg_figure_set_x_column (fig, "t_s");
  lsg_figure_set_span (fig, NAN, NAN, NULL);
  lsg_figure_set_edge_markers (fig, NULL, NULL, 0, NULL);

  switch (kind)
    {
    case LSG_RUN_FIGURE_WEIGHTS:
      for (guint i = 0; i < n; i++)
        {
          gboolean bias = params->bias_input && i == n - 1;
          g_autofree char *name = bias ? g_strdup ("bias") : g_strdup_printf ("w%u", i);
          g_autofree char *ref = g_strdup_printf ("%s ideal", name);
          g_autofree char *w_col = g_strdup_printf ("w_%u", i);
          g_autofree char *ref_col = g_strdup_printf ("ref_%u", i);

          /* series 2i: circuit, 2i + 1: R2, one colour per weight */
          add_solid (fig, name, i, TRUE, w_col);
          add_dashed (fig, ref, i, FALSE, ref_col);
        }
      if (paper)
        add_dashed (fig, "ideal SGD", LSG_PALETTE_FOREGROUND, TRUE, NULL);
      if (w_star != NULL && n > 0)
        {
          g_autofree guint *colors = g_new (guint, n);

          for (guint i = 0; i < n; i++)
            colors[i] = i;
          lsg_figure_set_edge_markers (fig, w_star, colors, n, "ridge optimum w*");
        }
      break;

    case LSG_RUN_FIGURE_LOSS:
      add_solid (fig, "circuit", 0, TRUE, "loss");
      add_dashed (fig, "ideal SGD", 0, TRUE, "ref_loss");
      break;

    case LSG_RUN_FIGURE_CURRENTS:
    case LSG_RUN_FIGURE_VOLTAGES:
      /* the column names carry the weight: set when rows come */
      if (n == 0)
        break;
      if (kind == LSG_RUN_FIGURE_CURRENTS)
        {
          add_solid (fig, "I+", 1, TRUE, NULL);
          add_dashed (fig, "I\xe2\x88\x92", 1, TRUE, NULL);
        }
      else if (params->storage == LSG_STORAGE_CLASS_AB)
        /* one capacitor, whose V sets both halves through the loop */
        add_solid (fig, "V", 2, TRUE, NULL);
      else
        {
          add_solid (fig, "V+", 2, TRUE, NULL);
          add_dashed (fig, "V\xe2\x88\x92", 2, TRUE, NULL);
        }
      break;

    default:
      g_return_if_reached ();
    }
}

/* ---- Rows ------------------------------------------------------------- */

/* The hold phase, from the last training row to the last row: where it
 * began is kept from earlier rows when the span is already there. */
static void
append_hold_span (LsgFigure           *fig,
                  const LsgTrajectory *traj,
                  guint                first,
                  guint                last)
{
  double t0 = NAN, x0;
  guint k;

#define PHASE(k) (lsg_trajectory_get_row (traj, (k))[LSG_COL_PHASE])
  for (k = first; k < last && isnan (t0); k++)
    if (PHASE (k) == LSG_PHASE_HOLD)
      t0 = k > 0 ? lsg_trajectory_get_row (traj, k - 1)[LSG_COL_T] : 0;
  if (isnan (t0) && !(first > 0 && PHASE (first - 1) == LSG_PHASE_HOLD))
    return;
  lsg_figure_get_span (fig, &x0, NULL, NULL);
  if (!isnan (x0))
    t0 = x0;
  else if (isnan (t0))
    {
      /* the hold began before these rows, in rows not shown */
      for (k = first; k > 0 && PHASE (k - 1) == LSG_PHASE_HOLD; k--)
        ;
      t0 = k > 0 ? lsg_trajectory_get_row (traj, k - 1)[LSG_COL_T] : 0;
    }
#undef PHASE
  lsg_figure_set_span (fig, t0, lsg_trajectory_get_row (traj, last - 1)[LSG_COL_T], "hold");
}

static void
append_column (LsgFigure           *fig,
               guint                series,
               const LsgTrajectory *traj,
               guint                column,
               guint                first,
               guint                count,
               const double        *t,
               double              *y)
{
  lsg_trajectory_copy_column (traj, column, first, count, y);
  lsg_figure_series_append (fig, series, t, y, count);
}

/* Names the weight's columns ("i_plus_3"): the weight shown can change. */
static void
name_inside_columns (LsgFigure  *fig,
                     const char *prefix,
                     guint       wi)
{
  guint n = lsg_figure_get_n_series (fig);

  for (guint s = 0; s < n; s++)
    {
      g_autofree char *column = n == 1 ? g_strdup_printf ("%s_%u", prefix, wi)
                                       : g_strdup_printf ("%s_%s_%u", prefix,
                                                          s == 0 ? "plus" : "minus", wi);

      lsg_figure_series_set_column (fig, s, column);
    }
}

void
lsg_run_figure_append (LsgFigure           *fig,
                       LsgRunFigure         kind,
                       const LsgTrajectory *traj,
                       const LsgParams     *params,
                       guint                inside_weight,
                       guint                first,
                       guint                last)
{
  const LsgTrajectoryLayout *l;
  g_autofree double *t = NULL;
  g_autofree double *a = NULL;
  g_autofree double *b = NULL;
  guint count, n, n_series, wi;

  g_return_if_fail (fig != NULL && traj != NULL && params != NULL);
  g_return_if_fail (last <= lsg_trajectory_get_n_rows (traj));

  if (last <= first)
    return;
  l = lsg_trajectory_get_layout (traj);
  n = l->n_weights;
  n_series = lsg_figure_get_n_series (fig);
  wi = n > 0 ? MIN (inside_weight, n - 1) : 0;
  count = last - first;
  t = g_new (double, count);
  a = g_new (double, count);
  b = g_new (double, count);
  lsg_trajectory_copy_column (traj, LSG_COL_T, first, count, t);

  switch (kind)
    {
    case LSG_RUN_FIGURE_WEIGHTS:
      for (guint i = 0; i < n && 2 * i + 1 < n_series; i++)
        {
          append_column (fig, 2 * i, traj, l->w + i, first, count, t, a);
          append_column (fig, 2 * i + 1, traj, l->ref + i, first, count, t, a);
        }
      append_hold_span (fig, traj, first, last);
      break;

    case LSG_RUN_FIGURE_LOSS:
      if (n_series < 2)
        break;
      append_column (fig, 0, traj, l->loss, first, count, t, a);
      append_column (fig, 1, traj, l->ref_loss, first, count, t, a);
      append_hold_span (fig, traj, first, last);
      break;

    case LSG_RUN_FIGURE_CURRENTS:
      if (n == 0 || n_series < 2)
        break;
      name_inside_columns (fig, "i", wi);
      append_column (fig, 0, traj, l->i_plus + wi, first, count, t, a);
      append_column (fig, 1, traj, l->i_minus + wi, first, count, t, a);
      break;

    case LSG_RUN_FIGURE_VOLTAGES:
      if (n == 0)
        break;
      lsg_trajectory_copy_column (traj, l->i_plus + wi, first, count, a);
      lsg_trajectory_copy_column (traj, l->i_minus + wi, first, count, b);
      /* pair: V+ and V-; class_ab: the one V, as the series were set up */
      if (lsg_run_figure_cell_voltages (params, a, b, count, a, b) != n_series)
        break;
      name_inside_columns (fig, "v", wi);
      for (guint s = 0; s < n_series; s++)
        lsg_figure_series_append (fig, s, t, s == 0 ? a : b, count);
      break;

    default:
      g_return_if_reached ();
    }
}

/* ---- Whole figures ---------------------------------------------------- */

LsgFigure *
lsg_run_figure_new (LsgRunFigure         kind,
                    const LsgTrajectory *traj,
                    const LsgParams     *params,
                    const double        *w_star,
                    guint                inside_weight)
{
  g_autoptr(LsgFigure) fig = NULL;
  guint n_rows;

  g_return_val_if_fail (traj != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (kind <= LSG_RUN_FIGURE_VOLTAGES, NULL);

  n_rows = lsg_trajectory_get_n_rows (traj);
  fig = lsg_figure_new ();
  lsg_figure_set_x_axis (fig, "Time", "s");
  switch (kind)
    {
    case LSG_RUN_FIGURE_WEIGHTS:
      lsg_figure_set_y_axis (fig, "Weight", "");
      break;
    case LSG_RUN_FIGURE_LOSS:
      lsg_figure_set_y_axis (fig, "Training loss", "");
      lsg_figure_set_y_log (fig, TRUE);
      break;
    case LSG_RUN_FIGURE_CURRENTS:
      lsg_figure_set_y_axis (fig, "Cell current", "A");
      lsg_figure_set_y_log (fig, TRUE);
      break;
    case LSG_RUN_FIGURE_VOLTAGES:
    default:
      lsg_figure_set_y_axis (fig, "Capacitor voltage", "V");
      break;
    }
  lsg_run_figure_setup (fig, kind, params, w_star,
                        lsg_trajectory_get_layout (traj)->n_weights, TRUE);
  lsg_run_figure_append (fig, kind, traj, params, inside_weight, 0, n_rows);

  lsg_figure_fit_view (fig);
  if (n_rows > 0)
    {
      const double t0 = lsg_trajectory_get_row (traj, 0)[LSG_COL_T];
      const double t1 = lsg_trajectory_get_row (traj, n_rows - 1)[LSG_COL_T];

      if (t1 > 0)
        {
          /* on paper the time axis ends with the run: the edge markers
           * then sit where the traces end */
          LsgRange x = { MIN (0, t0), t1 };

          lsg_figure_set_view (fig, &x, NULL);
        }
    }
  return g_steal_pointer (&fig);
}
