/* lsg-window.c: controls, live plots and figures of merit. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-cost-panel.h"
#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-explore-window.h"
#include "lsg-export.h"
#include "lsg-export-dialog.h"
#include "lsg-param-row.h"
#include "lsg-plot.h"
#include "lsg-plot-math.h"
#include "lsg-schematic.h"
#include "lsg-tech.h"
#include "lsg-ui.h"
#include "lsg-window.h"

/* Inversion coefficient above which the log-domain law no longer holds. */
#define IC_WARNING 0.1
/* The paper's accuracy claim, % */
#define PAPER_REL_MSE_PCT 0.87

struct _LsgWindow {
  GtkApplicationWindow parent_instance;

  /* template widgets */
  GtkLabel       *subtitle;
  GtkWidget      *run_button;
  GtkWidget      *paned;
  GtkWidget      *sidebar;
  GtkBox         *learning_box;
  GtkBox         *topology_box;
  GtkBox         *device_box;
  GtkBox         *nonideal_box;
  GtkBox         *converters_box;
  GtkBox         *dataset_box;
  GtkBox         *training_box;
  GtkBox         *tech_box;
  GtkLabel       *eta_label;
  GtkLabel       *lambda_label;
  GtkLabel       *tau_label;
  GtkLabel       *ic_label;
  GtkLabel       *retention_label;
  GtkLabel       *mse_label;
  GtkLabel       *enob_label;
  GtkLabel       *ridge_label;
  GtkLabel       *converge_label;
  GtkLabel       *cm_label;
  GtkLabel       *status_label;
  GtkWidget      *fom_strip;
  LsgSchematic   *schematic;
  GtkWidget      *budget_button;
  GtkPopover     *budget_popover;
  GtkGrid        *budget_grid;
  GtkLabel       *budget_status;
  LsgPlot        *weights_plot;
  LsgPlot        *loss_plot;
  LsgPlot        *current_plot;
  LsgPlot        *voltage_plot;
  GtkWidget      *inside_box;
  GtkDropDown    *weight_choice;
  LsgCostPanel   *cost_panel;
  GMenu          *presets_section;
  GMenu          *recent_section;

  /* owned */
  LsgParams      *params;
  LsgParams      *clean;           /* as last loaded or saved */
  char           *path;            /* the design point's file; NULL: not saved */
  char           *source;          /* its name in the title bar */
  gboolean        close_confirmed;
  LsgRunner      *runner;
  GHashTable     *rows;            /* "group.key" -> LsgParamRow (borrowed) */
  GSettings      *settings;
  GCancellable   *budget_cancellable;

  /* what the plots show of the run on display */
  guint           n_weights;
  guint           shown_rows;
  guint           inside_weight;
  guint           choosing_weight; /* > 0 while the weight list is rebuilt */
  double          ic_max;
  double          mse_num;         /* running sums for rel_mse_pct */
  double          mse_den;
  gboolean        live;
  guint           budget_generation;
};

G_DEFINE_FINAL_TYPE (LsgWindow, lsg_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIVE,
  PROP_SIDEBAR_VISIBLE,
  PROP_INSIDE_VISIBLE,
  PROP_COST_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where each key's control goes; keys not listed go to their group's box. */
static const struct {
  const char *path;
  const char *section;
} placement[] = {
  /* the topology first, the schematic under it (lsg-window.ui) */
  { "circuit.storage", "topology" },
  { "circuit.readout", "topology" },
  { "circuit.i_q", "device" },
  { "circuit.i_eta", "learning" },
  { "circuit.i_lambda", "learning" },
  { "circuit.c_w", "device" },
  { "circuit.i_unit", "device" },
  { "circuit.i_cm", "device" },
  { "circuit.i_init", "device" },
  { "circuit.kappa", "device" },
  { "circuit.i_spec", "device" },
  { "circuit.v_t0", "device" },
  { "circuit.v_dd", "device" },
  { "circuit.temperature", "device" },
  { "circuit.i_eta_ptat", "device" },
  { "circuit.e_max", "device" },
  { "nonideal.device_area", "device" },
  { "nonideal.a_vt", "device" },
  { "nonideal.dac_bits", "converters" },
  { "nonideal.adc_bits", "converters" },
  { "nonideal.adc_range", "converters" },
};

static GtkBox *
section_box (LsgWindow        *self,
             const LsgKeySpec *spec)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", spec->group, spec->key);
  const char *section = spec->group;

  for (guint i = 0; i < G_N_ELEMENTS (placement); i++)
    if (g_str_equal (placement[i].path, path))
      section = placement[i].section;

  if (g_str_equal (section, "learning"))
    return self->learning_box;
  if (g_str_equal (section, "topology"))
    return self->topology_box;
  if (g_str_equal (section, "device") || g_str_equal (section, "circuit"))
    return self->device_box;
  if (g_str_equal (section, "converters"))
    return self->converters_box;
  if (g_str_equal (section, "nonideal"))
    return self->nonideal_box;
  if (g_str_equal (section, "dataset"))
    return self->dataset_box;
  if (g_str_equal (section, "training"))
    return self->training_box;
  return self->tech_box;
}

static char *
format_number (double      value,
               const char *unit,
               guint       digits)
{
  return lsg_format_si (value, unit, digits);
}

static void
set_label_number (GtkLabel   *label,
                  double      value,
                  const char *unit,
                  guint       digits)
{
  g_autofree char *text = format_number (value, unit, digits);
  gtk_label_set_label (label, text);
}

static void update_title (LsgWindow *self);

typedef void (*AfterPrompt) (LsgWindow *self,
                             gpointer   data);
static void confirm_discard (LsgWindow      *self,
                             AfterPrompt     then,
                             gpointer        data,
                             GDestroyNotify  destroy);

/* -- derived quantities and figures of merit -------------------------- */

static void
update_derived (LsgWindow *self)
{
  const LsgSummary *summary = lsg_runner_get_summary (lsg_window_get_runner (self));

  set_label_number (self->eta_label, lsg_params_eta (self->params), "", 4);
  set_label_number (self->lambda_label, lsg_params_lambda (self->params), "", 4);
  set_label_number (self->tau_label, lsg_params_tau (self->params), "s", 4);

  if (self->ic_max > 0)
    {
      set_label_number (self->ic_label, self->ic_max, "", 3);
      if (self->ic_max > IC_WARNING)
        gtk_widget_add_css_class (GTK_WIDGET (self->ic_label), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->ic_label), "warning");
    }
  else
    gtk_label_set_label (self->ic_label, "\xe2\x80\x94");

  if (summary != NULL)
    {
      if (isinf (summary->retention_s))
        gtk_label_set_label (self->retention_label, "\xe2\x88\x9e");
      else
        set_label_number (self->retention_label, summary->retention_s, "s", 3);
    }
  else
    gtk_label_set_label (self->retention_label, "\xe2\x80\x94");
}

static void
set_mse_label (LsgWindow *self,
               double     rel_mse_pct,
               gboolean   final)
{
  g_autofree char *text = NULL;
  GtkWidget *label = GTK_WIDGET (self->mse_label);

  if (isnan (rel_mse_pct))
    {
      gtk_label_set_label (self->mse_label, "Rel. MSE \xe2\x80\x94");
      return;
    }
  text = g_strdup_printf ("Rel. MSE %s%.3g %% %s 0.87 %%", final ? "" : "\xe2\x89\x88 ",
                          rel_mse_pct, rel_mse_pct < PAPER_REL_MSE_PCT ? "<" : "\xe2\x89\xa5");
  gtk_label_set_label (self->mse_label, text);
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_add_css_class (label, rel_mse_pct < PAPER_REL_MSE_PCT ? "success" : "error");
}

char *
lsg_window_format_convergence (const LsgSummary *summary)
{
  g_autofree char *chip = NULL;
  g_autofree char *ideal = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  /* INFINITY: the weights never settled; NaN: not known (yet) */
  if (isinf (summary->t_converge_s))
    chip = g_strdup ("Not converged in the run");
  else if (isnan (summary->t_converge_s))
    chip = g_strdup ("Converges at \xe2\x80\x94");
  else
    {
      g_autofree char *t = format_number (summary->t_converge_s, "s", 2);
      chip = g_strdup_printf ("Converges at %s", t);
    }
  if (isinf (summary->ref_t_converge_s))
    ideal = g_strdup ("ideal not converged");
  else if (isnan (summary->ref_t_converge_s))
    ideal = g_strdup ("ideal \xe2\x80\x94");
  else
    {
      g_autofree char *t = format_number (summary->ref_t_converge_s, "s", 2);
      ideal = g_strdup_printf ("ideal %s", t);
    }
  return g_strdup_printf ("%s \xc2\xb7 %s", chip, ideal);
}

char *
lsg_window_format_common_mode (const LsgSummary *summary)
{
  g_autofree char *cm = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  if (!isfinite (summary->cm_max))
    return g_strdup ("Common mode \xe2\x80\x94");
  cm = format_number (summary->cm_max, "", 2);
  return g_strdup_printf ("Common mode \xe2\x89\xa4 %s I_N", cm);
}

static void
update_figure_tooltips (LsgWindow *self)
{
  g_autofree char *converge = NULL;
  char tol[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (tol, sizeof tol, "%.3g", 100 * self->params->converge_tol);
  converge = g_strdup_printf ("t_converge: the first time after which the reported weights stay "
                              "within %s %% (training.converge_tol) of their last-epoch mean, plus "
                              "one ADC LSB. \xe2\x80\x9cideal\xe2\x80\x9d: the same rule on ideal "
                              "continuous-time SGD (R2), the time to read it against", tol);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->converge_label), converge);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cm_label),
                               "cm_max: the largest common mode (I+ + I\xe2\x88\x92)/I_N of any "
                               "weight over the run, in units of the unit current I_N; the readout "
                               "copies and forward gains multiply it by their mismatch");
}

static void
update_figures (LsgWindow *self)
{
  LsgRunner *runner = self->runner;
  const LsgSummary *summary = lsg_runner_get_summary (runner);

  update_figure_tooltips (self);
  if (summary == NULL)
    {
      /* every label keeps a line, so the strip keeps its height */
      set_mse_label (self, self->mse_den > 0 ? 100 * self->mse_num / self->mse_den : NAN, FALSE);
      gtk_label_set_label (self->enob_label, "");
      gtk_label_set_label (self->ridge_label, "");
      gtk_label_set_label (self->converge_label, "");
      gtk_label_set_label (self->cm_label, "");
      return;
    }
  set_mse_label (self, summary->rel_mse_pct, TRUE);
  {
    g_autofree char *enob = g_strdup_printf ("ENOB %.3g bit", summary->enob);
    g_autofree char *ridge = g_strdup_printf ("Ridge error %.3g", summary->ridge_error);
    g_autofree char *conv = lsg_window_format_convergence (summary);
    g_autofree char *cm = lsg_window_format_common_mode (summary);

    gtk_label_set_label (self->enob_label, enob);
    gtk_label_set_label (self->ridge_label, ridge);
    gtk_label_set_label (self->converge_label, conv);
    gtk_label_set_label (self->cm_label, cm);
  }
}

static void
update_status (LsgWindow *self)
{
  LsgRunner *runner = self->runner;
  LsgTrajectory *traj = lsg_runner_get_trajectory (runner);
  guint rows = traj != NULL ? lsg_trajectory_get_n_rows (traj) : 0;
  g_autofree char *text = NULL;

  switch (lsg_runner_get_state (runner))
    {
    case LSG_RUNNER_RUNNING:
      text = self->live ? g_strdup_printf ("Live chip: %u intervals", rows)
                        : g_strdup_printf ("Running: %u intervals", rows);
      break;
    case LSG_RUNNER_PAUSED:
      text = g_strdup_printf ("Paused at %u intervals", rows);
      break;
    case LSG_RUNNER_DONE:
      text = g_strdup_printf ("Done: %u intervals", rows);
      break;
    case LSG_RUNNER_FAILED:
      text = g_strdup_printf ("Failed: %s", lsg_runner_get_error_message (runner));
      break;
    case LSG_RUNNER_IDLE:
    default:
      text = g_strdup ("");
    }
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  if (lsg_runner_get_state (runner) == LSG_RUNNER_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  gtk_button_set_icon_name (GTK_BUTTON (self->run_button),
                            lsg_runner_get_state (runner) == LSG_RUNNER_RUNNING
                              ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->run_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  lsg_runner_get_state (runner) == LSG_RUNNER_RUNNING ? "Pause" : "Run", -1);
}

/* -- cost --------------------------------------------------------------- */

/* Weights of the point: known from the run on display, else from the
 * synthetic task's shape (a CSV point waits for its first run). */
static guint
expected_weights (LsgWindow *self)
{
  if (self->n_weights > 0 && lsg_runner_get_trajectory (self->runner) != NULL)
    return self->n_weights;
  return self->params->inputs + (self->params->bias_input ? 1 : 0);
}

static void
update_cost (LsgWindow *self)
{
  const LsgSummary *summary = lsg_runner_get_summary (self->runner);
  const LsgParams *shown = lsg_runner_get_display_params (self->runner);
  gboolean same = summary != NULL && shown != NULL && lsg_params_equal (shown, self->params);

  /* the last run's currents and convergence time describe this point only
   * if it was this point; otherwise the estimate takes its defaults */
  lsg_cost_panel_update (self->cost_panel, self->params, expected_weights (self),
                         same ? summary->mean_cell_current_a : NAN,
                         same ? summary->t_converge_s : NAN);
}

static void
on_technology_selected (LsgWindow  *self,
                        const char *name)
{
  g_autoptr(LsgParams) next = lsg_params_copy (self->params);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (name, self->params->tech_preset) == 0)
    return;
  if (g_str_equal (name, "none"))
    {
      g_free (next->tech_preset);
      next->tech_preset = g_strdup ("none");
    }
  else if (!lsg_tech_apply (next, name, &error))
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  lsg_window_set_params (self, next, NULL);
}

/* -- plots ------------------------------------------------------------ */

/* The design point of the run on display, else the one being edited. */
static const LsgParams *
shown_params (LsgWindow *self)
{
  const LsgParams *shown = lsg_runner_get_display_params (self->runner);

  return shown != NULL ? shown : self->params;
}

static void
setup_series (LsgWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const double *w_star;
  guint n;

  lsg_plot_clear_series (self->weights_plot);
  lsg_plot_clear_series (self->loss_plot);
  lsg_plot_clear_series (self->current_plot);
  lsg_plot_clear_series (self->voltage_plot);

  w_star = lsg_runner_get_w_star (self->runner, &n);
  self->n_weights = n;
  for (guint i = 0; i < n; i++)
    {
      gboolean bias = self->params->bias_input && i == n - 1;
      g_autofree char *name = bias ? g_strdup ("bias") : g_strdup_printf ("w%u", i);
      g_autofree char *ref = g_strdup_printf ("%s ideal", name);

      /* series 2i: circuit, 2i + 1: R2, one colour per weight */
      lsg_plot_add_series (self->weights_plot, name, i, LSG_LINE_SOLID, TRUE);
      lsg_plot_add_series (self->weights_plot, ref, i, LSG_LINE_DASHED, FALSE);
      gtk_string_list_append (names, name);
    }
  if (w_star != NULL)
    {
      g_autofree guint *colors = g_new (guint, n);

      for (guint i = 0; i < n; i++)
        colors[i] = i;
      lsg_plot_set_edge_markers (self->weights_plot, w_star, colors, n, "ridge optimum w*");
    }
  else
    lsg_plot_set_edge_markers (self->weights_plot, NULL, NULL, 0, NULL);

  lsg_plot_add_series (self->loss_plot, "circuit", 0, LSG_LINE_SOLID, TRUE);
  lsg_plot_add_series (self->loss_plot, "ideal SGD", 0, LSG_LINE_DASHED, TRUE);
  lsg_plot_add_series (self->current_plot, "I+", 1, LSG_LINE_SOLID, TRUE);
  lsg_plot_add_series (self->current_plot, "I\xe2\x88\x92", 1, LSG_LINE_DASHED, TRUE);
  if (shown_params (self)->storage == LSG_STORAGE_CLASS_AB)
    {
      /* one capacitor: its V sets both halves through the loop */
      lsg_plot_set_title (self->voltage_plot, "Capacitor voltage V");
      lsg_plot_add_series (self->voltage_plot, "V", 2, LSG_LINE_SOLID, TRUE);
    }
  else
    {
      lsg_plot_set_title (self->voltage_plot, "Capacitor voltages");
      lsg_plot_add_series (self->voltage_plot, "V+", 2, LSG_LINE_SOLID, TRUE);
      lsg_plot_add_series (self->voltage_plot, "V\xe2\x88\x92", 2, LSG_LINE_DASHED, TRUE);
    }

  lsg_plot_set_span (self->weights_plot, NAN, NAN, NULL);
  lsg_plot_set_span (self->loss_plot, NAN, NAN, NULL);

  /* a new run of the same task keeps the weight looked at: the new
   * model's selection of 0 is not the user's choice */
  if (self->inside_weight >= n)
    self->inside_weight = 0;
  self->choosing_weight++;
  gtk_drop_down_set_model (self->weight_choice, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->weight_choice, self->inside_weight);
  self->choosing_weight--;

  self->shown_rows = 0;
  self->ic_max = 0;
  self->mse_num = self->mse_den = 0;
}

/* Appends rows [first, last) of the trajectory to the plots. */
static void
append_rows (LsgWindow     *self,
             LsgTrajectory *traj,
             guint          first,
             guint          last,
             gboolean       inside_only)
{
  const LsgTrajectoryLayout *l = lsg_trajectory_get_layout (traj);
  guint count = last - first, wi = self->inside_weight;
  g_autofree double *t = g_new (double, count);
  g_autofree double *a = g_new (double, count);
  g_autofree double *b = g_new (double, count);
  double t_hold = NAN;

  if (count == 0)
    return;
  lsg_trajectory_copy_column (traj, LSG_COL_T, first, count, t);

  /* inside of one weight: currents and the voltages they imply */
  lsg_trajectory_copy_column (traj, l->i_plus + wi, first, count, a);
  lsg_trajectory_copy_column (traj, l->i_minus + wi, first, count, b);
  lsg_plot_append_series_data (self->current_plot, 0, t, a, count);
  lsg_plot_append_series_data (self->current_plot, 1, t, b, count);
  /* pair: V+ and V-; class_ab: the one V, as the series were set up */
  if (lsg_export_cell_voltages (shown_params (self), a, b, count, a, b)
      == lsg_plot_get_n_series (self->voltage_plot))
    for (guint s = 0; s < lsg_plot_get_n_series (self->voltage_plot); s++)
      lsg_plot_append_series_data (self->voltage_plot, s, t, s == 0 ? a : b, count);
  if (inside_only)
    return;

  for (guint i = 0; i < self->n_weights; i++)
    {
      lsg_trajectory_copy_column (traj, l->w + i, first, count, a);
      lsg_trajectory_copy_column (traj, l->ref + i, first, count, b);
      lsg_plot_append_series_data (self->weights_plot, 2 * i, t, a, count);
      lsg_plot_append_series_data (self->weights_plot, 2 * i + 1, t, b, count);
    }
  lsg_trajectory_copy_column (traj, l->loss, first, count, a);
  lsg_trajectory_copy_column (traj, l->ref_loss, first, count, b);
  lsg_plot_append_series_data (self->loss_plot, 0, t, a, count);
  lsg_plot_append_series_data (self->loss_plot, 1, t, b, count);

  /* running figures while the run goes on */
  for (guint k = first; k < last; k++)
    {
      const double *row = lsg_trajectory_get_row (traj, k);

      for (guint i = 0; i < self->n_weights; i++)
        {
          self->ic_max = fmax (self->ic_max, fmax (row[l->i_plus + i], row[l->i_minus + i]) / self->params->i_spec);
          if (row[LSG_COL_PHASE] == LSG_PHASE_TRAIN)
            {
              double d = row[l->w + i] - row[l->ref + i];
              self->mse_num += d * d;
              self->mse_den += row[l->ref + i] * row[l->ref + i];
            }
        }
      if (row[LSG_COL_PHASE] == LSG_PHASE_HOLD && isnan (t_hold))
        t_hold = k > 0 ? lsg_trajectory_get_row (traj, k - 1)[LSG_COL_T] : 0;
    }
  if (!isnan (t_hold) || (first > 0 && lsg_trajectory_get_row (traj, first - 1)[LSG_COL_PHASE] == LSG_PHASE_HOLD))
    {
      guint n_train = lsg_runner_get_n_train_rows (self->runner);
      double t0 = n_train > 0 ? lsg_trajectory_get_row (traj, n_train - 1)[LSG_COL_T] : t_hold;

      lsg_plot_set_span (self->weights_plot, t0, t[count - 1], "hold");
      lsg_plot_set_span (self->loss_plot, t0, t[count - 1], "hold");
    }
}

static void
on_run_started (LsgWindow *self)
{
  setup_series (self);
  update_figures (self);
  update_derived (self);
}

static void
on_rows_added (LsgWindow *self)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  guint n = lsg_trajectory_get_n_rows (traj);

  append_rows (self, traj, self->shown_rows, n, FALSE);
  self->shown_rows = n;
  update_derived (self);
  update_figures (self);
  update_status (self);
}

static void
on_finished (LsgWindow *self)
{
  on_rows_added (self);
  update_cost (self);
}

/* A live retune reached the chip: the ridge optimum moves with lambda,
 * and the cost panel describes the point now in force. */
static void
on_retuned (LsgWindow *self)
{
  const double *w_star;
  guint n;

  w_star = lsg_runner_get_w_star (self->runner, &n);
  if (w_star != NULL && n == self->n_weights)
    {
      g_autofree guint *colors = g_new (guint, n);

      for (guint i = 0; i < n; i++)
        colors[i] = i;
      lsg_plot_set_edge_markers (self->weights_plot, w_star, colors, n, "ridge optimum w*");
    }
  else
    lsg_plot_set_edge_markers (self->weights_plot, NULL, NULL, 0, NULL);
  update_cost (self);
}

static void
on_failed (LsgWindow  *self,
           const char *message)
{
  update_status (self);
}

static void
on_state_changed (LsgWindow *self)
{
  update_status (self);
}

static void
on_weight_choice_changed (LsgWindow *self)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  guint pos = gtk_drop_down_get_selected (self->weight_choice);

  if (self->choosing_weight > 0 || pos == GTK_INVALID_LIST_POSITION
      || pos == self->inside_weight || traj == NULL)
    return;
  self->inside_weight = pos;
  for (guint s = 0; s < lsg_plot_get_n_series (self->current_plot); s++)
    lsg_plot_set_series_data (self->current_plot, s, NULL, NULL, 0);
  for (guint s = 0; s < lsg_plot_get_n_series (self->voltage_plot); s++)
    lsg_plot_set_series_data (self->voltage_plot, s, NULL, NULL, 0);
  append_rows (self, traj, 0, self->shown_rows, TRUE);
  lsg_plot_fit (self->current_plot);
  lsg_plot_fit (self->voltage_plot);
}

/* -- controls --------------------------------------------------------- */

static void
update_rows (LsgWindow *self)
{
  GHashTableIter iter;
  gpointer row;
  gboolean csv = self->params->dataset_kind == LSG_DATASET_CSV;
  gboolean class_ab = self->params->storage == LSG_STORAGE_CLASS_AB;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      const char *path = lsg_param_row_get_path (row);
      gboolean relevant = TRUE;

      lsg_param_row_update (row, self->params);
      /* grey out what the chosen kind of data set ignores */
      if (g_str_equal (path, "dataset.csv") || g_str_equal (path, "dataset.target")
          || g_str_equal (path, "dataset.scale"))
        relevant = csv;
      else if (g_str_equal (path, "dataset.inputs") || g_str_equal (path, "dataset.samples")
               || g_str_equal (path, "dataset.noise"))
        relevant = !csv;
      /* class_ab's halves start from I_Q and w_init and need no
       * common-mode current; only it has an I_Q */
      else if (g_str_equal (path, "circuit.i_cm") || g_str_equal (path, "circuit.i_init"))
        relevant = !class_ab;
      if (g_str_equal (path, "circuit.i_q"))
        gtk_widget_set_visible (GTK_WIDGET (row), class_ab);
      gtk_widget_set_sensitive (GTK_WIDGET (row), relevant);
    }
  lsg_schematic_set_params (self->schematic, self->params);
}

static void
refresh_target_choices (LsgWindow *self)
{
  LsgParamRow *row = g_hash_table_lookup (self->rows, "dataset.target");
  g_autofree char *path = lsg_params_resolve_csv (self->params);
  g_auto(GStrv) header = NULL;
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return;
  if (path != NULL)
    header = lsg_dataset_csv_header (path, &error);
  lsg_param_row_set_choices (row, (const char * const *) header);
  lsg_param_row_update (row, self->params);
  if (error != NULL)
    lsg_param_row_set_error (g_hash_table_lookup (self->rows, "dataset.csv"), error->message);
}

static void
on_param_changed (LsgWindow   *self,
                  const char  *text,
                  LsgParamRow *row)
{
  g_autoptr(LsgParams) next = lsg_params_copy (self->params);
  g_autoptr(GError) error = NULL;
  const char *path = lsg_param_row_get_path (row);

  if (!lsg_params_set_from_string (next, path, text, &error)
      || !lsg_params_validate (next, "this design point", &error))
    {
      /* refused: the row says why and what is allowed; nothing runs */
      lsg_param_row_set_error (row, error->message);
      return;
    }
  if (lsg_params_equal (next, self->params))
    {
      /* nothing new (a slider settling on the value it shows): no re-run */
      lsg_param_row_update (row, self->params);
      return;
    }
  lsg_params_free (self->params);
  self->params = g_steal_pointer (&next);
  /* one key changed: its row, and where the kind of data set decides
   * which rows matter, all of them */
  if (g_str_equal (path, "dataset.kind") || g_str_equal (path, "circuit.storage"))
    update_rows (self);
  else
    lsg_param_row_update (row, self->params);
  lsg_schematic_set_params (self->schematic, self->params);
  if (g_str_equal (path, "dataset.csv"))
    refresh_target_choices (self);
  update_derived (self);
  lsg_runner_set_params (self->runner, self->params);
  update_cost (self);
  update_title (self);
}

/* The wheel scrolls the controls, never the slider or spin button that
 * happens to be under the pointer: handled before the children see it. */
static gboolean
on_sidebar_scroll (GtkEventControllerScroll *controller,
                   double                    dx,
                   double                    dy,
                   LsgWindow                *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->sidebar));
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);
  double step = unit == GDK_SCROLL_UNIT_WHEEL ? 48.0 : 1.0;
  double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  gtk_adjustment_set_value (adj, CLAMP (gtk_adjustment_get_value (adj) + dy * step,
                                        gtk_adjustment_get_lower (adj), upper));
  return GDK_EVENT_STOP;
}

static void
build_controls (LsgWindow *self)
{
  guint n;
  const LsgKeySpec *specs = lsg_key_specs (&n);

  for (guint s = 0; s < n; s++)
    {
      LsgParamRow *row = lsg_param_row_new (&specs[s]);

      gtk_box_append (section_box (self, &specs[s]), GTK_WIDGET (row));
      g_hash_table_insert (self->rows, g_strdup (lsg_param_row_get_path (row)), row);
      g_signal_connect_swapped (row, "value-changed", G_CALLBACK (on_param_changed), self);
    }
}

static void
build_presets_menu (LsgWindow *self)
{
  const char *const *names = lsg_params_preset_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup (names[i]);
      g_autofree char *action = g_strdup_printf ("win.preset('%s')", names[i]);

      label[0] = g_ascii_toupper (label[0]);
      g_strdelimit (label, "-", ' ');
      g_menu_append (self->presets_section, label, action);
    }
}

/* -- error budget ----------------------------------------------------- */

typedef struct {
  LsgParams *params;
  LsgBudget  budget;
} BudgetJob;

static void
budget_job_free (BudgetJob *job)
{
  lsg_params_free (job->params);
  g_free (job);
}

static void
budget_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  BudgetJob *job = data;
  g_autoptr(LsgDataset) ds = NULL;
  GError *error = NULL;

  ds = lsg_dataset_new_from_params (job->params, &error);
  if (ds == NULL || !lsg_budget_compute (job->params, ds, NAN, cancellable, &job->budget, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
budget_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LsgWindow *self = LSG_WINDOW (source);
  BudgetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  double top = 0.0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->budget_status, error->message);
      return;
    }

  clear_grid (self->budget_grid);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    top = fmax (top, job->budget.rel_mse_pct[b]);
  for (guint b = 0; b < LSG_BUDGET_N; b++)
    {
      double v = job->budget.rel_mse_pct[b];
      g_autofree char *value = g_strdup_printf ("%.3g %%", v);
      GtkWidget *name = gtk_label_new (lsg_budget_item_name (b));
      GtkWidget *number = gtk_label_new (value);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);

      /* one colour: the theme's low/high/full colours would read as a
       * judgement (green) of what is just a share of the error */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (number), 1);
      /* bars on a log scale over ten decades below the largest item */
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                               top > 0 && v > 0 ? CLAMP (1 + log10 (v / top) / 10, 0, 1) : 0);
      gtk_widget_set_size_request (bar, 160, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      lsg_budget_item_name (b), -1);
      gtk_grid_attach (self->budget_grid, name, 0, b, 1, 1);
      gtk_grid_attach (self->budget_grid, number, 1, b, 1, 1);
      gtk_grid_attach (self->budget_grid, bar, 2, b, 1, 1);
    }
  gtk_label_set_label (self->budget_status,
                       "Bars: log scale, ten decades below the largest. \xe2\x80\x9cnone\xe2\x80\x9d is "
                       "the numerical error alone; \xe2\x80\x9c" "all\xe2\x80\x9d the design point as set.");
}

static void
start_budget (LsgWindow *self)
{
  g_autoptr(GTask) task = NULL;
  BudgetJob *job;

  if (self->budget_cancellable != NULL)
    g_cancellable_cancel (self->budget_cancellable);
  g_clear_object (&self->budget_cancellable);
  self->budget_cancellable = g_cancellable_new ();

  clear_grid (self->budget_grid);
  gtk_label_set_label (self->budget_status, "Computing seven runs\xe2\x80\xa6");
  job = g_new0 (BudgetJob, 1);
  job->params = lsg_params_copy (self->params);
  task = g_task_new (self, self->budget_cancellable, budget_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) budget_job_free);
  g_task_run_in_thread (task, budget_thread);
}

static void
on_budget_shown (LsgWindow *self)
{
  start_budget (self);
}

/* -- actions ---------------------------------------------------------- */

static void
run_pause_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  lsg_runner_toggle (LSG_WINDOW (widget)->runner);
}

static void
step_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  lsg_runner_step_epoch (LSG_WINDOW (widget)->runner);
}

static void
reset_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  lsg_runner_reset (LSG_WINDOW (widget)->runner);
}

static void
budget_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (LSG_WINDOW (widget)->budget_button));
}

static void
fit_plots_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);

  lsg_plot_fit (self->weights_plot);
  lsg_plot_fit (self->loss_plot);
  lsg_plot_fit (self->current_plot);
  lsg_plot_fit (self->voltage_plot);
}

static void
load_preset (LsgWindow *self,
             gpointer   data)
{
  const char *name = data;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;

  params = lsg_params_new_preset (name, &error);
  if (params == NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  source = g_strdup_printf ("%s preset", name);
  lsg_window_set_params (self, params, source);
}

static void
preset_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  confirm_discard (LSG_WINDOW (widget), load_preset, g_variant_dup_string (param, NULL), g_free);
}

/* -- design-point files ------------------------------------------------ */

#define MAX_RECENT 8

static gboolean
is_dirty (LsgWindow *self)
{
  return self->clean == NULL || !lsg_params_equal (self->params, self->clean);
}

static void
update_title (LsgWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%s%s", self->source != NULL ? self->source : "",
                                           is_dirty (self) ? " \xe2\x80\xa2 modified" : "");

  gtk_label_set_label (self->subtitle, text);
}

static void
rebuild_recent_menu (LsgWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_section);
  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
}

static void
remember_file (LsgWindow  *self,
               const char *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;
  old = g_settings_get_strv (self->settings, "recent-files");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) recent);
  g_settings_set_string (self->settings, "last-design-point", path);
  rebuild_recent_menu (self);
}

/* Asks what to do with unsaved changes, then calls then (self) unless
 * the user cancels.  Saving goes through the file's own path or a file
 * dialog. */

typedef struct {
  LsgWindow     *self;
  AfterPrompt    then;
  gpointer       data;
  GDestroyNotify destroy;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->destroy != NULL)
    pending->destroy (pending->data);
  g_object_unref (pending->self);
  g_free (pending);
}

static void save_as_then (LsgWindow *self,
                          Pending   *pending);

static void
show_error (LsgWindow  *self,
            const char *title,
            const char *message)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", title);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

enum {
  RESPONSE_DISCARD = 1,
  RESPONSE_SAVE = 2,
};

static void
on_prompt_response (GtkDialog *dialog,
                    int        response,
                    Pending   *pending)
{
  LsgWindow *self = pending->self;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == RESPONSE_DISCARD)
    {
      pending->then (self, pending->data);
      pending_free (pending);
    }
  else if (response == RESPONSE_SAVE)
    {
      if (self->path != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (lsg_window_save_file (self, self->path, &error))
            pending->then (self, pending->data);
          else
            show_error (self, "The design point was not saved", error->message);
          pending_free (pending);
        }
      else
        save_as_then (self, pending);
    }
  else
    pending_free (pending);
}

static void
confirm_discard (LsgWindow      *self,
                 AfterPrompt     then,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  Pending *pending;
  GtkWidget *dialog;

  if (!is_dirty (self))
    {
      then (self, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->then = then;
  pending->data = data;
  pending->destroy = destroy;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "Save the changes to \xe2\x80\x9c%s\xe2\x80\x9d?",
                                   self->source != NULL ? self->source : "this design point");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            "The design point was changed since it was opened or saved.");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), "_Cancel", GTK_RESPONSE_CANCEL,
                          "_Discard", RESPONSE_DISCARD, "_Save", RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_prompt_response), pending);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileFilter *
ini_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, "Design points (*.ini)");
  gtk_file_filter_add_suffix (filter, "ini");
  return filter;
}

static void
open_path (LsgWindow *self,
           gpointer   data)
{
  g_autoptr(GError) error = NULL;

  if (!lsg_window_load_file (self, data, &error))
    show_error (self, "The design point was not opened", error->message);
}

static void
on_open_response (GtkNativeDialog *chooser,
                  int              response,
                  LsgWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        open_path (self, path);
    }
  g_object_unref (chooser);
}

static void
choose_and_open (LsgWindow *self,
                 gpointer   data)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = ini_filter ();

  chooser = gtk_file_chooser_native_new ("Open a Design Point", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  Pending         *pending)
{
  LsgWindow *self = pending->self;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && lsg_window_save_file (self, path, &error))
        {
          if (pending->then != NULL)
            pending->then (self, pending->data);
        }
      else
        show_error (self, "The design point was not saved",
                    error != NULL ? error->message : "Not a local file.");
    }
  pending_free (pending);
  g_object_unref (chooser);
}

static void
save_as_then (LsgWindow *self,
              Pending   *pending)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = ini_filter ();
  g_autofree char *name = g_strdup_printf ("%s.ini", self->path != NULL ? "design" : "design-point");

  chooser = gtk_file_chooser_native_new ("Save the Design Point", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (self->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->path);
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  confirm_discard (LSG_WINDOW (widget), choose_and_open, NULL, NULL);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  confirm_discard (LSG_WINDOW (widget), open_path, g_variant_dup_string (param, NULL), g_free);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (LSG_WINDOW (widget));
  save_as_then (LSG_WINDOW (widget), pending);
}

static void
save_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->path == NULL)
    {
      save_as_action (widget, action, param);
      return;
    }
  if (!lsg_window_save_file (self, self->path, &error))
    show_error (self, "The design point was not saved", error->message);
}

static void
close_now (LsgWindow *self,
           gpointer   data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
lsg_window_close_request (GtkWindow *window)
{
  LsgWindow *self = LSG_WINDOW (window);

  if (!self->close_confirmed && is_dirty (self))
    {
      confirm_discard (self, close_now, NULL, NULL);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (lsg_window_parent_class)->close_request (window);
}

/* -- figures ---------------------------------------------------------- */

LsgExportDialog *
lsg_window_new_export_dialog (LsgWindow *self)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  const double *w_star;
  guint n;

  if (traj == NULL || lsg_trajectory_get_n_rows (traj) == 0)
    return NULL;
  w_star = lsg_runner_get_w_star (self->runner, &n);
  return lsg_export_dialog_new (GTK_WINDOW (self), traj, lsg_runner_get_display_params (self->runner),
                                w_star, n, self->inside_weight);
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);
  LsgExportDialog *dialog = lsg_window_new_export_dialog (self);

  if (dialog == NULL)
    {
      gtk_label_set_label (self->status_label, "Nothing to export yet: no run has rows");
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The weights figure, IEEE single column, as a PNG on the clipboard. */
gboolean
lsg_window_copy_figure (LsgWindow  *self,
                        GError    **error)
{
  LsgTrajectory *traj = lsg_runner_get_trajectory (self->runner);
  const LsgParams *shown = lsg_runner_get_display_params (self->runner);
  LsgExportOptions options;
  LsgFigure *fig;
  const double *w_star;
  g_autofree char *design = NULL;
  gboolean ok;
  guint n;

  if (traj == NULL || shown == NULL || lsg_trajectory_get_n_rows (traj) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Nothing to copy yet: no run has rows");
      return FALSE;
    }
  w_star = lsg_runner_get_w_star (self->runner, &n);
  fig = lsg_export_build_figure (LSG_EXPORT_FIGURE_WEIGHTS, traj, shown, w_star, self->inside_weight);
  lsg_export_options_init (&options);
  if (!lsg_export_parse_size ("ieee-single", 1, &options.width_pt, &options.height_pt, error))
    {
      lsg_figure_free (fig);
      return FALSE;
    }
  design = lsg_params_to_data (shown, NULL);
  ok = lsg_export_copy_to_clipboard (gtk_widget_get_clipboard (GTK_WIDGET (self)), &fig, 1,
                                     &options, design, error);
  lsg_figure_free (fig);
  return ok;
}

static void
copy_figure_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  LsgWindow *self = LSG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!lsg_window_copy_figure (self, &error))
    gtk_label_set_label (self->status_label, error->message);
  else
    gtk_label_set_label (self->status_label, "Weights figure copied as a PNG");
}

/* -- design-space exploration --------------------------------------------- */

static void
on_point_activated (LsgWindow *self,
                    gpointer   params)
{
  /* a point picked on a plot is a change of this design point */
  lsg_window_set_params (self, params, NULL);
  gtk_window_present (GTK_WINDOW (self));
}

LsgExploreWindow *
lsg_window_new_explore_window (LsgWindow *self)
{
  LsgExploreWindow *explore = lsg_explore_window_new (GTK_WINDOW (self), self->params);

  g_signal_connect_object (explore, "point-activated", G_CALLBACK (on_point_activated),
                           self, G_CONNECT_SWAPPED);
  return explore;
}

static void
explore_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  gtk_window_present (GTK_WINDOW (lsg_window_new_explore_window (LSG_WINDOW (widget))));
}

/* -- public ------------------------------------------------------------ */

void
lsg_window_set_params (LsgWindow       *self,
                       const LsgParams *params,
                       const char      *source)
{
  g_return_if_fail (LSG_IS_WINDOW (self));

  lsg_params_free (self->params);
  self->params = lsg_params_copy (params);
  if (source != NULL)
    {
      /* a new point from outside (a preset, a file): it is the clean state */
      g_free (self->source);
      self->source = g_strdup (source);
      lsg_params_free (self->clean);
      self->clean = lsg_params_copy (params);
      g_clear_pointer (&self->path, g_free);
    }
  update_title (self);
  refresh_target_choices (self);
  update_rows (self);
  update_derived (self);
  lsg_runner_set_params (self->runner, self->params);
  update_cost (self);
}

const LsgParams *
lsg_window_get_params (LsgWindow *self)
{
  return self->params;
}

gboolean
lsg_window_load_file (LsgWindow   *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(LsgParams) params = lsg_params_load_file (path, error);
  g_autofree char *name = NULL;

  if (params == NULL)
    return FALSE;
  name = g_path_get_basename (path);
  lsg_window_set_params (self, params, name);
  self->path = g_canonicalize_filename (path, NULL);
  remember_file (self, self->path);
  return TRUE;
}

gboolean
lsg_window_save_file (LsgWindow   *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(LsgParams) saved = lsg_params_copy (self->params);
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  /* the data file stays found wherever the design point goes */
  if (saved->dataset_kind == LSG_DATASET_CSV && saved->csv != NULL && saved->csv[0] != '\0')
    {
      char *csv = lsg_params_resolve_csv (saved);
      g_free (saved->csv);
      saved->csv = csv;
    }
  /* a temporary file renamed over the target: a failure keeps the old file */
  if (!lsg_params_save_file (saved, absolute, error))
    return FALSE;

  g_free (self->path);
  self->path = g_steal_pointer (&absolute);
  g_free (self->source);
  self->source = g_path_get_basename (self->path);
  g_free (self->params->csv);
  self->params->csv = g_strdup (saved->csv);
  g_free (self->params->base_dir);
  self->params->base_dir = g_path_get_dirname (self->path);
  lsg_params_free (self->clean);
  self->clean = lsg_params_copy (self->params);
  remember_file (self, self->path);
  update_title (self);
  return TRUE;
}

gboolean
lsg_window_is_modified (LsgWindow *self)
{
  return is_dirty (self);
}

const char *
lsg_window_get_file (LsgWindow *self)
{
  return self->path;
}

LsgRunner *
lsg_window_get_runner (LsgWindow *self)
{
  return self->runner;
}

GtkWidget *
lsg_window_get_param_row (LsgWindow  *self,
                          const char *path)
{
  return g_hash_table_lookup (self->rows, path);
}

GtkWidget *
lsg_window_get_cost_panel (LsgWindow *self)
{
  return GTK_WIDGET (self->cost_panel);
}

GtkWidget *
lsg_window_get_plot (LsgWindow  *self,
                     const char *name)
{
  if (g_str_equal (name, "weights"))
    return GTK_WIDGET (self->weights_plot);
  if (g_str_equal (name, "loss"))
    return GTK_WIDGET (self->loss_plot);
  if (g_str_equal (name, "current"))
    return GTK_WIDGET (self->current_plot);
  if (g_str_equal (name, "voltage"))
    return GTK_WIDGET (self->voltage_plot);
  return NULL;
}

guint
lsg_window_get_inside_weight (LsgWindow *self)
{
  return self->inside_weight;
}

void
lsg_window_set_inside_weight (LsgWindow *self,
                              guint      weight)
{
  GListModel *names;

  g_return_if_fail (LSG_IS_WINDOW (self));

  /* as if picked in the drop-down */
  names = gtk_drop_down_get_model (self->weight_choice);
  if (names != NULL && weight < g_list_model_get_n_items (names))
    gtk_drop_down_set_selected (self->weight_choice, weight);
}

GtkWidget *
lsg_window_get_schematic (LsgWindow *self)
{
  return GTK_WIDGET (self->schematic);
}

GtkWidget *
lsg_window_get_figure_label (LsgWindow  *self,
                             const char *name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } labels[] = {
    { "strip", G_STRUCT_OFFSET (LsgWindow, fom_strip) },
    { "mse", G_STRUCT_OFFSET (LsgWindow, mse_label) },
    { "enob", G_STRUCT_OFFSET (LsgWindow, enob_label) },
    { "ridge", G_STRUCT_OFFSET (LsgWindow, ridge_label) },
    { "converge", G_STRUCT_OFFSET (LsgWindow, converge_label) },
    { "common-mode", G_STRUCT_OFFSET (LsgWindow, cm_label) },
    { "status", G_STRUCT_OFFSET (LsgWindow, status_label) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, name))
      return G_STRUCT_MEMBER (GtkWidget *, self, labels[i].offset);
  return NULL;
}

/* -- GObject ------------------------------------------------------------ */

static void
lsg_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LsgWindow *self = LSG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_SIDEBAR_VISIBLE:
      g_value_set_boolean (value, self->sidebar != NULL && gtk_widget_get_visible (self->sidebar));
      break;
    case PROP_INSIDE_VISIBLE:
      g_value_set_boolean (value, self->inside_box != NULL && gtk_widget_get_visible (self->inside_box));
      break;
    case PROP_COST_VISIBLE:
      g_value_set_boolean (value, self->cost_panel != NULL
                                  && gtk_widget_get_visible (GTK_WIDGET (self->cost_panel)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LsgWindow *self = LSG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      if (self->live != g_value_get_boolean (value))
        {
          self->live = g_value_get_boolean (value);
          lsg_runner_set_live (self->runner, self->live);
          update_status (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SIDEBAR_VISIBLE:
      if (gtk_widget_get_visible (self->sidebar) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (self->sidebar, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_INSIDE_VISIBLE:
      if (gtk_widget_get_visible (self->inside_box) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (self->inside_box, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_COST_VISIBLE:
      if (gtk_widget_get_visible (GTK_WIDGET (self->cost_panel)) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->cost_panel), g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_window_dispose (GObject *object)
{
  LsgWindow *self = LSG_WINDOW (object);

  if (self->budget_cancellable != NULL)
    g_cancellable_cancel (self->budget_cancellable);
  g_clear_object (&self->budget_cancellable);
  if (self->runner != NULL)
    {
      /* a live or paused run would otherwise go on for the whole session */
      lsg_runner_shutdown (self->runner);
      g_signal_handlers_disconnect_by_data (self->runner, self);
    }
  g_clear_object (&self->runner);
  if (self->settings != NULL)
    {
      static const char *const bound[] = {
        "default-width", "default-height", "maximized", "sidebar-visible", "inside-visible",
        "cost-visible"
      };

      for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
        g_settings_unbind (self, bound[i]);
    }
  g_clear_object (&self->settings);
  /* GtkWindow unparents its own child and title bar */
  self->sidebar = self->inside_box = NULL;
  self->cost_panel = NULL;
  G_OBJECT_CLASS (lsg_window_parent_class)->dispose (object);
}

static void
lsg_window_finalize (GObject *object)
{
  LsgWindow *self = LSG_WINDOW (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  lsg_params_free (self->params);
  lsg_params_free (self->clean);
  g_free (self->path);
  g_free (self->source);
  G_OBJECT_CLASS (lsg_window_parent_class)->finalize (object);
}

static void
lsg_window_class_init (LsgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsg_window_dispose;
  object_class->finalize = lsg_window_finalize;
  object_class->get_property = lsg_window_get_property;
  object_class->set_property = lsg_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = lsg_window_close_request;

  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIDEBAR_VISIBLE] =
    g_param_spec_boolean ("sidebar-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSIDE_VISIBLE] =
    g_param_spec_boolean ("inside-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COST_VISIBLE] =
    g_param_spec_boolean ("cost-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LSG_TYPE_PLOT);
  g_type_ensure (LSG_TYPE_COST_PANEL);
  g_type_ensure (LSG_TYPE_SCHEMATIC);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logsgd/Explorer/lsg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, learning_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, topology_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, device_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, nonideal_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, converters_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, dataset_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, training_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, tech_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, eta_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, lambda_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, tau_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, ic_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, retention_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, mse_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, enob_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, ridge_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, converge_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, cm_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, fom_strip);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, schematic);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_button);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_popover);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_grid);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, budget_status);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, weights_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, current_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, voltage_plot);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, inside_box);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, weight_choice);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, cost_panel);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, presets_section);
  gtk_widget_class_bind_template_child (widget_class, LsgWindow, recent_section);

  gtk_widget_class_install_action (widget_class, "win.run-pause", NULL, run_pause_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.budget", NULL, budget_action);
  gtk_widget_class_install_action (widget_class, "win.fit-plots", NULL, fit_plots_action);
  gtk_widget_class_install_action (widget_class, "win.preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.explore", NULL, explore_action);
  gtk_widget_class_install_action (widget_class, "win.copy-figure", NULL, copy_figure_action);
  gtk_widget_class_install_property_action (widget_class, "win.live", "live");
  gtk_widget_class_install_property_action (widget_class, "win.sidebar-visible", "sidebar-visible");
  gtk_widget_class_install_property_action (widget_class, "win.inside-visible", "inside-visible");
  gtk_widget_class_install_property_action (widget_class, "win.cost-visible", "cost-visible");
  /* Space is a widget-class binding, not an application accelerator:
   * those run before the focused widget and would eat the spaces typed
   * into entries ("2.5 nA", file paths). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.run-pause", NULL);
}

static void
lsg_window_init (LsgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->runner = lsg_runner_new ();
  g_signal_connect_swapped (self->runner, "run-started", G_CALLBACK (on_run_started), self);
  g_signal_connect_swapped (self->runner, "rows-added", G_CALLBACK (on_rows_added), self);
  g_signal_connect_swapped (self->runner, "retuned", G_CALLBACK (on_retuned), self);
  g_signal_connect_swapped (self->runner, "finished", G_CALLBACK (on_finished), self);
  g_signal_connect_swapped (self->runner, "failed", G_CALLBACK (on_failed), self);
  g_signal_connect_swapped (self->runner, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect_swapped (self->weight_choice, "notify::selected",
                            G_CALLBACK (on_weight_choice_changed), self);
  g_signal_connect_swapped (self->budget_popover, "show", G_CALLBACK (on_budget_shown), self);
  g_signal_connect_swapped (self->cost_panel, "technology-selected",
                            G_CALLBACK (on_technology_selected), self);

  build_controls (self);
  build_presets_menu (self);
  {
    GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

    gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
    g_signal_connect (scroll, "scroll", G_CALLBACK (on_sidebar_scroll), self);
    gtk_widget_add_controller (self->sidebar, scroll);
  }

  self->settings = lsg_ui_settings_new ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "sidebar-visible", self, "sidebar-visible", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "inside-panel-visible", self, "inside-visible", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "cost-panel-visible", self, "cost-visible", G_SETTINGS_BIND_DEFAULT);
    }

  rebuild_recent_menu (self);
  {
    g_autoptr(LsgParams) paper = lsg_params_new_default ();
    lsg_window_set_params (self, paper, "paper preset");
  }
  update_figures (self);
  update_status (self);
}

LsgWindow *
lsg_window_new (GtkApplication *app)
{
  return g_object_new (LSG_TYPE_WINDOW, "application", app, NULL);
}
