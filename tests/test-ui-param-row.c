/* test-ui-param-row.c: the control of one key as a designer types into
 * it: units shown and typed, refusals that say what is allowed in the
 * unit shown, Escape.  Skips (77) without a display. */
#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "lsg-design-file.h"
#include "lsg-param-row.h"
#include "lsg-test-ui.h"
#include "lsg-ui.h"
#include "lsg-window.h"

typedef struct {
  GtkWidget   *window;
  LsgParamRow *row;
  guint        n_emitted;
  char        *emitted;
} Fixture;

static void
on_value_changed (LsgParamRow *row,
                  const char  *text,
                  Fixture     *f)
{
  f->n_emitted++;
  g_free (f->emitted);
  f->emitted = g_strdup (text);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *path = data;
  g_autoptr(LsgParams) params = lsg_params_new_default ();

  f->row = lsg_param_row_new (lsg_key_spec_lookup_path (path));
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->row));
  lsg_param_row_update (f->row, params);
  g_signal_connect (f->row, "value-changed", G_CALLBACK (on_value_changed), f);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_free (f->emitted);
}

/* The error label the row shows, or NULL. */
static const char *
row_error (LsgParamRow *row)
{
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (row)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *stack[64];
      guint n = 0;

      stack[n++] = w;
      while (n > 0)
        {
          GtkWidget *v = stack[--n];

          if (GTK_IS_LABEL (v) && gtk_widget_get_visible (v)
              && gtk_widget_has_css_class (v, "error"))
            return gtk_label_get_label (GTK_LABEL (v));
          for (GtkWidget *c = gtk_widget_get_first_child (v); c != NULL && n < 64;
               c = gtk_widget_get_next_sibling (c))
            stack[n++] = c;
        }
    }
  return NULL;
}

static double
emitted_value (const Fixture *f)
{
  g_assert_nonnull (f->emitted);
  return g_ascii_strtod (f->emitted, NULL);
}

static void
test_temperature_units (Fixture       *f,
                        gconstpointer  data)
{
  /* the paper preset's 300.15 K is shown in degrees Celsius */
  g_assert_cmpstr (lsg_param_row_get_text (f->row), ==, "27 \xc2\xb0" "C");

  /* kelvin when typed with the unit */
  lsg_param_row_commit_text (f->row, "358 K");
  g_assert_cmpuint (f->n_emitted, ==, 1);
  g_assert_cmpfloat (emitted_value (f), ==, 358);
  g_assert_null (row_error (f->row));

  /* degrees Celsius with the unit, with a plain C, or without a unit:
   * 85 °C = 358.15 K */
  lsg_param_row_commit_text (f->row, "85 \xc2\xb0" "C");
  g_assert_cmpfloat (fabs (emitted_value (f) - 358.15), <, 1e-9);
  lsg_param_row_commit_text (f->row, "86 C");
  g_assert_cmpfloat (fabs (emitted_value (f) - 359.15), <, 1e-9);
  lsg_param_row_commit_text (f->row, "87");
  g_assert_cmpfloat (fabs (emitted_value (f) - 360.15), <, 1e-9);
  g_assert_cmpuint (f->n_emitted, ==, 4);
}

static void
test_temperature_refused (Fixture       *f,
                          gconstpointer  data)
{
  const char *message;

  /* "300" is 300 °C = 573.15 K, above the 450 K the key allows: refused
   * in the row, in both units, with how kelvin is typed */
  lsg_param_row_commit_text (f->row, "300");
  g_assert_cmpuint (f->n_emitted, ==, 0);
  message = row_error (f->row);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "300 \xc2\xb0" "C"));
  g_assert_nonnull (strstr (message, "573.15 K"));
  g_assert_nonnull (strstr (message, "176.85 \xc2\xb0" "C"));
  g_assert_nonnull (strstr (message, "450 K"));
  g_assert_nonnull (strstr (message, "\xe2\x80\x9c" "300 K\xe2\x80\x9d"));
  g_assert_null (strstr (message, "--set"));

  /* 500 K is out of range too, and says so in kelvin as typed */
  lsg_param_row_commit_text (f->row, "500 K");
  g_assert_cmpuint (f->n_emitted, ==, 0);
  message = row_error (f->row);
  g_assert_nonnull (strstr (message, "500 K"));
  g_assert_null (strstr (message, "type the unit"));

  /* Escape gives back the value in force and clears the refusal */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->row), "param-row.restore", NULL));
  g_assert_cmpstr (lsg_param_row_get_text (f->row), ==, "27 \xc2\xb0" "C");
  g_assert_null (row_error (f->row));
  g_assert_cmpuint (f->n_emitted, ==, 0);

  /* not a number at all: the allowed range in the unit shown first */
  lsg_param_row_commit_text (f->row, "warm");
  message = row_error (f->row);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "\xe2\x88\x92" "73.15 \xc2\xb0" "C to 176.85 \xc2\xb0" "C (200 K"));

}

/* A key in its own unit: Escape after a refused entry, SI prefixes. */
static void
test_current_escape (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *before = g_strdup (lsg_param_row_get_text (f->row));

  lsg_param_row_commit_text (f->row, "2.5 nA");
  g_assert_cmpuint (f->n_emitted, ==, 1);
  g_assert_cmpfloat (fabs (emitted_value (f) / 2.5e-9 - 1), <, 1e-12);

  lsg_param_row_set_error (f->row, "refused by the owner");
  g_assert_nonnull (row_error (f->row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->row), "param-row.restore", NULL));
  g_assert_cmpstr (lsg_param_row_get_text (f->row), ==, before);
  g_assert_null (row_error (f->row));
  g_assert_cmpuint (f->n_emitted, ==, 1);
}

/* Capacitor density in fF/µm² (4 fF/µm² = 4e-3 F/m²), typed either way. */
static void
test_cap_density (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_nonnull (strstr (lsg_param_row_get_text (f->row), "fF/\xc2\xb5m\xc2\xb2"));
  lsg_param_row_commit_text (f->row, "4 fF/\xc2\xb5m\xc2\xb2");
  g_assert_cmpfloat (fabs (emitted_value (f) / 4e-3 - 1), <, 1e-12);
  lsg_param_row_commit_text (f->row, "5");
  g_assert_cmpfloat (fabs (emitted_value (f) / 5e-3 - 1), <, 1e-12);
  lsg_param_row_commit_text (f->row, "3 mF/m\xc2\xb2");
  g_assert_cmpfloat (fabs (emitted_value (f) / 3e-3 - 1), <, 1e-12);
  g_assert_cmpuint (f->n_emitted, ==, 3);
}

/* Device area in µm², and 1000 nm² typed in the key's own unit. */
static void
test_area (Fixture       *f,
           gconstpointer  data)
{
  lsg_param_row_commit_text (f->row, "20 \xc2\xb5m\xc2\xb2");
  g_assert_cmpfloat (fabs (emitted_value (f) / 2e-11 - 1), <, 1e-12);
  lsg_param_row_commit_text (f->row, "1000 nm\xc2\xb2");
  g_assert_cmpfloat (fabs (emitted_value (f) / 1e-15 - 1), <, 1e-12);
}

/* In the window, a value the key's range refuses is said in the
 * explorer's words (no command-line "--set"), with the range. */
static void
test_window_refusal_wording (void)
{
  LsgWindow *window = new_window ();
  LsgParamRow *row = LSG_PARAM_ROW (lsg_window_get_param_row (window, "circuit.i_eta"));
  const char *message;

  lsg_param_row_commit_text (row, "20 \xc2\xb5" "A");
  message = row_error (row);
  g_assert_nonnull (message);
  g_assert_null (strstr (message, "--set"));
  g_assert_nonnull (strstr (message, "out of range"));
  g_assert_nonnull (strstr (message, "10 \xc2\xb5" "A"));
  g_assert_cmpfloat (lsg_window_get_params (window)->i_eta, ==, 1e-9);
  destroy_and_check_freed (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ui_test_init (&argc, &argv))
    return 77;

  g_test_add ("/param-row/temperature/units", Fixture, "circuit.temperature",
              fixture_setup, test_temperature_units, fixture_teardown);
  g_test_add ("/param-row/temperature/refused", Fixture, "circuit.temperature",
              fixture_setup, test_temperature_refused, fixture_teardown);
  g_test_add ("/param-row/current/escape", Fixture, "circuit.i_eta",
              fixture_setup, test_current_escape, fixture_teardown);
  g_test_add ("/param-row/cap-density", Fixture, "tech.cap_density_mim",
              fixture_setup, test_cap_density, fixture_teardown);
  g_test_add ("/param-row/area", Fixture, "nonideal.device_area",
              fixture_setup, test_area, fixture_teardown);
  g_test_add_func ("/param-row/window/refusal-wording", test_window_refusal_wording);
  return g_test_run ();
}
