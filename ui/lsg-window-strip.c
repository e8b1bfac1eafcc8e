/* lsg-window-strip.c: the window's figures of merit, derived quantities
 * and status line. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-plot-math.h"
#include "lsg-window-private.h"

/* Inversion coefficient above which the log-domain law no longer holds. */
#define IC_WARNING 0.1
/* The paper's accuracy claim, % */
#define PAPER_REL_MSE_PCT 0.87

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

/* -- derived quantities and figures of merit -------------------------- */

void
_lsg_window_update_derived (LsgWindow *self)
{
  const LsgSummary *summary = lsg_runner_get_summary (self->runner);

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

void
_lsg_window_update_figures (LsgWindow *self)
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

void
_lsg_window_update_status (LsgWindow *self)
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
