/* lsg-param-row.c: one design-point key as a control. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-param-row.h"
#include "lsg-plot-math.h"

struct _LsgParamRow {
  GtkWidget         parent_instance;

  /* template widgets */
  GtkWidget        *box;
  GtkLabel         *label;
  GtkScale         *scale;
  GtkEntry         *entry;
  GtkSpinButton    *spin;
  GtkSwitch        *toggle;
  GtkDropDown      *choice;
  GtkButton        *browse;
  GtkLabel         *detail;
  GtkLabel         *message;

  /* owned */
  char             *path;
  GtkStringList    *choices;
  GStrv             choice_blurbs;  /* an enum's blurb per choice, or NULL */
  GtkFileChooserNative *chooser;

  /* borrowed */
  const LsgKeySpec *spec;

  guint             updating;
  char             *shown_text;   /* what the entry showed after the last update */
};

enum {
  VALUE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LsgParamRow, lsg_param_row, GTK_TYPE_WIDGET)

/* How a unit is shown where SI prefixes would mislead or people think in
 * another unit: value_shown = value * scale + offset. */
typedef struct {
  const char *key;     /* a key ("temperature"), or NULL: every key of the unit */
  const char *unit;
  const char *shown;
  double      scale;
  double      offset;
} Display;

static const Display displays[] = {
  /* a temperature, not a difference of temperatures (leak_doubling) */
  { "temperature", "K", "\xc2\xb0" "C", 1.0, -273.15 },
  { NULL, "m\xc2\xb2", "\xc2\xb5m\xc2\xb2", 1e12, 0.0 },
  /* capacitor densities as designers read them: 1 F/m² = 1000 fF/µm² */
  { NULL, "F/m\xc2\xb2", "fF/\xc2\xb5m\xc2\xb2", 1e3, 0.0 },
  { NULL, "V\xc2\xb7m", "mV\xc2\xb7\xc2\xb5m", 1e9, 0.0 },
};

static const Display *
find_display (const LsgKeySpec *spec)
{
  for (guint i = 0; i < G_N_ELEMENTS (displays); i++)
    if (g_str_equal (spec->unit, displays[i].unit)
        && (displays[i].key == NULL || g_str_equal (spec->key, displays[i].key)))
      return &displays[i];
  return NULL;
}

static gboolean
is_log_slider (const LsgKeySpec *spec)
{
  return spec->type == LSG_KEY_DOUBLE && (spec->flags & LSG_KEY_FLAG_LOG);
}

/* The slider's lower end: keys whose range starts at 0 still span ten
 * decades below their maximum on the slider; the entry reaches 0. */
static double
slider_min (const LsgKeySpec *spec)
{
  return spec->min > 0 ? spec->min : spec->max * 1e-10;
}

static char *
format_value (const LsgParamRow *self,
              double             value)
{
  const Display *display = find_display (self->spec);

  if (display != NULL)
    {
      g_autofree char *number = lsg_format_si (value * display->scale + display->offset, "", 5);
      return g_strdup_printf ("%s %s", number, display->shown);
    }
  return lsg_format_si (value, self->spec->unit, 4);
}

/* Reads what the user typed into the key's SI value.  A key shown in
 * another unit (°C for a temperature) takes a number in the shown unit,
 * with or without the unit, or in the key's own unit when that is typed
 * ("358 K"). */
static gboolean
parse_value (const LsgParamRow  *self,
             const char         *text,
             double             *value,
             GError            **error)
{
  const Display *display = find_display (self->spec);
  g_autofree char *copy = g_strstrip (g_strdup (text));
  double v;

  if (display == NULL)
    return lsg_parse_si (copy, self->spec->unit, value, error);

  if (g_str_has_suffix (copy, self->spec->unit)
      && !g_str_has_suffix (copy, display->shown))
    return lsg_parse_si (copy, self->spec->unit, value, error);

  /* the shown unit may be typed (for °C also as plain C) or left out;
   * no prefixes */
  if (g_str_has_suffix (copy, display->shown))
    copy[strlen (copy) - strlen (display->shown)] = '\0';
  else if (g_str_equal (display->shown, "\xc2\xb0" "C") && g_str_has_suffix (copy, "C"))
    copy[strlen (copy) - 1] = '\0';
  if (!lsg_parse_si (copy, "", &v, error))
    return FALSE;
  *value = (v - display->offset) / display->scale;
  return TRUE;
}

/* The allowed range as the row shows values: in the shown unit first,
 * then the key's own ("−73.15 °C to 176.85 °C (200 K to 450 K)"). */
static char *
describe_range (const LsgParamRow *self)
{
  const Display *display = find_display (self->spec);
  if (display == NULL || self->spec->type != LSG_KEY_DOUBLE)
    return lsg_key_spec_describe_range (self->spec);
  {
    g_autofree char *lo = format_value (self, self->spec->min);
    g_autofree char *hi = format_value (self, self->spec->max);
    g_autofree char *own_lo = lsg_format_si (self->spec->min, self->spec->unit, 6);
    g_autofree char *own_hi = lsg_format_si (self->spec->max, self->spec->unit, 6);

    return g_strdup_printf ("%s to %s (%s to %s)", lo, hi, own_lo, own_hi);
  }
}

static void
emit_text (LsgParamRow *self,
           const char  *text)
{
  if (self->updating > 0)
    return;
  g_signal_emit (self, signals[VALUE_CHANGED], 0, text);
}

static void
emit_number (LsgParamRow *self,
             double       value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  emit_text (self, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
commit_entry (LsgParamRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;
  double value;

  if (self->updating > 0 || g_strcmp0 (text, self->shown_text) == 0)
    return;
  if (self->spec->type == LSG_KEY_STRING)
    {
      emit_text (self, text);
      return;
    }
  if (!parse_value (self, text, &value, &error))
    {
      g_autofree char *range = describe_range (self);
      g_autofree char *message = g_strdup_printf ("%s. Allowed: %s", error->message, range);

      lsg_param_row_set_error (self, message);
      return;
    }
  if (find_display (self->spec) != NULL && find_display (self->spec)->offset != 0
      && !lsg_key_spec_in_range (self->spec, value))
    {
      /* a temperature: say it in both units, and how the other is typed */
      const Display *display = find_display (self->spec);
      g_autofree char *range = describe_range (self);
      g_autofree char *shown = format_value (self, value);
      g_autofree char *own = lsg_format_si (value, self->spec->unit, 5);
      g_autofree char *typed = g_strstrip (g_strdup (text));
      g_autofree char *message = NULL;

      gsize n = strlen (typed);

      if (n > 0 && (g_ascii_isdigit (typed[n - 1]) || typed[n - 1] == '.'))
        message = g_strdup_printf ("%s (%s) is outside the allowed %s. A number without a unit "
                                   "is in %s; for %s type the unit, as in \xe2\x80\x9c" "%s %s\xe2\x80\x9d",
                                   shown, own, range, display->shown, self->spec->unit,
                                   typed, self->spec->unit);
      else
        message = g_strdup_printf ("%s (%s) is outside the allowed %s", shown, own, range);
      lsg_param_row_set_error (self, message);
      return;
    }
  emit_number (self, value);
}

static void
on_entry_activate (LsgParamRow *self)
{
  commit_entry (self);
}

/* Escape (the param-row.restore action) gives the entry back the value
 * in force and clears a refusal. */
static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LsgParamRow *self = LSG_PARAM_ROW (widget);

  if (self->shown_text == NULL)
    return;
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), self->shown_text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  lsg_param_row_set_error (self, NULL);
  self->updating--;
}

static void
on_focus_leave (LsgParamRow *self)
{
  commit_entry (self);
}

static void
on_scale_changed (LsgParamRow *self)
{
  double v = pow (10.0, gtk_range_get_value (GTK_RANGE (self->scale)));
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* three significant digits: slider positions give tidy values */
  g_ascii_formatd (buf, sizeof buf, "%.3g", v);
  emit_text (self, buf);
}

static void
on_spin_changed (LsgParamRow *self)
{
  emit_number (self, gtk_spin_button_get_value (self->spin));
}

static void
on_toggle_changed (LsgParamRow *self)
{
  emit_text (self, gtk_switch_get_active (self->toggle) ? "true" : "false");
}

/* An enum key whose blurb says what each choice does ("pair: two cells
 * ...; class_ab: one capacitor ..."): those sentences, one per choice in
 * the key's order; NULL when the blurb does not describe every choice. */
static GStrv
split_choice_blurbs (const LsgKeySpec *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec->blurb, "; ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint c = 0; spec->choices[c] != NULL; c++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s: ", spec->choices[c]);
      const char *found = NULL;

      for (guint k = 0; parts[k] != NULL && found == NULL; k++)
        if (g_str_has_prefix (parts[k], prefix))
          found = parts[k] + strlen (prefix);
      if (found == NULL)
        return NULL;
      g_strv_builder_add (builder, found);
    }
  return g_strv_builder_end (builder);
}

/* The chosen value's sentence under the drop-down. */
static void
show_choice_blurb (LsgParamRow *self)
{
  guint pos = gtk_drop_down_get_selected (self->choice);

  if (self->choice_blurbs == NULL)
    return;
  if (pos < g_strv_length (self->choice_blurbs))
    {
      g_autofree char *text = g_strdup (self->choice_blurbs[pos]);

      /* a sentence of its own: capital first letter */
      text[0] = g_ascii_toupper (text[0]);
      gtk_label_set_label (self->detail, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->detail), pos < g_strv_length (self->choice_blurbs));
}

static void
on_choice_changed (LsgParamRow *self)
{
  guint pos = gtk_drop_down_get_selected (self->choice);

  show_choice_blurb (self);
  if (pos == GTK_INVALID_LIST_POSITION || self->choices == NULL)
    return;
  if (self->spec->type == LSG_KEY_STRING && pos == 0)
    emit_text (self, "");                 /* "(last column)" */
  else
    emit_text (self, gtk_string_list_get_string (self->choices, pos));
}

static void
on_chooser_response (LsgParamRow *self,
                     int          response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        emit_text (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_browse_clicked (LsgParamRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new ("Choose a data set",
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_file_filter_set_name (csv, "CSV files");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
setup_for_spec (LsgParamRow *self)
{
  const LsgKeySpec *spec = self->spec;
  g_autofree char *range = describe_range (self);
  g_autofree char *tooltip = g_strdup_printf ("%s\n[%s] %s: %s", spec->blurb, spec->group,
                                              spec->key, range);

  self->path = g_strdup_printf ("%s.%s", spec->group, spec->key);
  gtk_label_set_label (self->label, spec->label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_widget_set_name (GTK_WIDGET (self), self->path);

  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      if (is_log_slider (spec))
        {
          GtkAdjustment *adj = gtk_range_get_adjustment (GTK_RANGE (self->scale));

          gtk_adjustment_set_lower (adj, log10 (slider_min (spec)));
          gtk_adjustment_set_upper (adj, log10 (spec->max));
          gtk_widget_set_visible (GTK_WIDGET (self->scale), TRUE);
          set_accessible_label (GTK_WIDGET (self->scale), spec->label);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->entry), TRUE);
      gtk_widget_set_hexpand (GTK_WIDGET (self->entry), !is_log_slider (spec));
      set_accessible_label (GTK_WIDGET (self->entry), spec->label);
      break;
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
      gtk_spin_button_set_range (self->spin, spec->min, spec->max);
      gtk_widget_set_visible (GTK_WIDGET (self->spin), TRUE);
      set_accessible_label (GTK_WIDGET (self->spin), spec->label);
      break;
    case LSG_KEY_BOOL:
      /* label and switch on one line */
      gtk_widget_set_visible (GTK_WIDGET (self->toggle), TRUE);
      gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
      g_object_ref (self->toggle);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->toggle))), GTK_WIDGET (self->toggle));
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->box), GTK_ORIENTATION_HORIZONTAL);
      gtk_box_insert_child_after (GTK_BOX (self->box), GTK_WIDGET (self->toggle), GTK_WIDGET (self->label));
      g_object_unref (self->toggle);
      set_accessible_label (GTK_WIDGET (self->toggle), spec->label);
      break;
    case LSG_KEY_ENUM:
      self->choices = gtk_string_list_new ((const char * const *) spec->choices);
      self->choice_blurbs = split_choice_blurbs (spec);
      self->updating++;
      gtk_drop_down_set_model (self->choice, G_LIST_MODEL (self->choices));
      self->updating--;
      gtk_widget_set_visible (GTK_WIDGET (self->choice), TRUE);
      set_accessible_label (GTK_WIDGET (self->choice), spec->label);
      show_choice_blurb (self);
      break;
    case LSG_KEY_STRING:
      gtk_widget_set_visible (GTK_WIDGET (self->entry), TRUE);
      gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
      set_accessible_label (GTK_WIDGET (self->entry), spec->label);
      if (g_str_equal (self->path, "dataset.csv"))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->browse), TRUE);
          set_accessible_label (GTK_WIDGET (self->browse), "Choose a CSV file");
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

LsgParamRow *
lsg_param_row_new (const LsgKeySpec *spec)
{
  LsgParamRow *self = g_object_new (LSG_TYPE_PARAM_ROW, NULL);

  self->spec = spec;
  setup_for_spec (self);
  return self;
}

const LsgKeySpec *
lsg_param_row_get_spec (LsgParamRow *self)
{
  return self->spec;
}

const char *
lsg_param_row_get_path (LsgParamRow *self)
{
  return self->path;
}

void
lsg_param_row_update (LsgParamRow     *self,
                      const LsgParams *params)
{
  const LsgKeySpec *spec = self->spec;

  g_return_if_fail (LSG_IS_PARAM_ROW (self));

  self->updating++;
  lsg_param_row_set_error (self, NULL);
  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      {
        double v = lsg_params_get_number (params, spec);

        g_free (self->shown_text);
        self->shown_text = format_value (self, v);
        gtk_editable_set_text (GTK_EDITABLE (self->entry), self->shown_text);
        if (is_log_slider (spec))
          gtk_range_set_value (GTK_RANGE (self->scale), log10 (MAX (v, slider_min (spec))));
        break;
      }
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
      gtk_spin_button_set_value (self->spin, lsg_params_get_number (params, spec));
      break;
    case LSG_KEY_BOOL:
      gtk_switch_set_active (self->toggle, lsg_params_get_number (params, spec) != 0);
      break;
    case LSG_KEY_ENUM:
      gtk_drop_down_set_selected (self->choice, (guint) lsg_params_get_number (params, spec));
      break;
    case LSG_KEY_STRING:
      {
        g_autofree char *text = lsg_params_get_as_string (params, spec);

        g_free (self->shown_text);
        self->shown_text = g_strdup (text);
        gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
        if (self->choices != NULL)
          {
            guint n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));
            guint pos = 0;

            for (guint i = 1; i < n; i++)
              if (g_str_equal (gtk_string_list_get_string (self->choices, i), text))
                pos = i;
            gtk_drop_down_set_selected (self->choice, pos);
          }
        break;
      }
    default:
      g_assert_not_reached ();
    }
  self->updating--;
}

void
lsg_param_row_set_error (LsgParamRow *self,
                         const char  *message)
{
  g_return_if_fail (LSG_IS_PARAM_ROW (self));

  gtk_label_set_label (self->message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

void
lsg_param_row_set_choices (LsgParamRow        *self,
                           const char * const *choices)
{
  g_return_if_fail (LSG_IS_PARAM_ROW (self));
  g_return_if_fail (self->spec->type == LSG_KEY_STRING);

  self->updating++;
  g_clear_object (&self->choices);
  if (choices != NULL)
    {
      self->choices = gtk_string_list_new (NULL);
      gtk_string_list_append (self->choices, "(last column)");
      for (guint i = 0; choices[i] != NULL; i++)
        gtk_string_list_append (self->choices, choices[i]);
    }
  gtk_drop_down_set_model (self->choice, G_LIST_MODEL (self->choices));
  gtk_widget_set_visible (GTK_WIDGET (self->choice), choices != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->entry), choices == NULL);
  if (choices != NULL)
    set_accessible_label (GTK_WIDGET (self->choice), self->spec->label);
  self->updating--;
}

GtkRange *
lsg_param_row_get_range (LsgParamRow *self)
{
  return is_log_slider (self->spec) ? GTK_RANGE (self->scale) : NULL;
}

const char *
lsg_param_row_get_text (LsgParamRow *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
lsg_param_row_commit_text (LsgParamRow *self,
                           const char  *text)
{
  g_return_if_fail (LSG_IS_PARAM_ROW (self));

  if (self->spec->type == LSG_KEY_ENUM)
    {
      /* the user picking that name in the drop-down */
      for (guint c = 0; self->spec->choices[c] != NULL; c++)
        if (g_str_equal (self->spec->choices[c], text))
          gtk_drop_down_set_selected (self->choice, c);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  commit_entry (self);
}

const char *
lsg_param_row_get_detail (LsgParamRow *self)
{
  g_return_val_if_fail (LSG_IS_PARAM_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->detail)) ? gtk_label_get_label (self->detail) : NULL;
}

static void
lsg_param_row_dispose (GObject *object)
{
  LsgParamRow *self = LSG_PARAM_ROW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSG_TYPE_PARAM_ROW);
  g_clear_object (&self->choices);
  G_OBJECT_CLASS (lsg_param_row_parent_class)->dispose (object);
}

static void
lsg_param_row_finalize (GObject *object)
{
  LsgParamRow *self = LSG_PARAM_ROW (object);

  g_free (self->path);
  g_free (self->shown_text);
  g_strfreev (self->choice_blurbs);
  G_OBJECT_CLASS (lsg_param_row_parent_class)->finalize (object);
}

static void
lsg_param_row_class_init (LsgParamRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsg_param_row_dispose;
  object_class->finalize = lsg_param_row_finalize;

  /* the value as the design-point file writes it */
  signals[VALUE_CHANGED] = g_signal_new ("value-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logsgd/Explorer/lsg-param-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, box);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, label);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, scale);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, entry);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, spin);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, toggle);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, choice);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, browse);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, detail);
  gtk_widget_class_bind_template_child (widget_class, LsgParamRow, message);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "param-row.restore", NULL, restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "param-row.restore", NULL);
}

static void
lsg_param_row_init (LsgParamRow *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_entry_activate), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);
  g_signal_connect_swapped (self->scale, "value-changed", G_CALLBACK (on_scale_changed), self);
  g_signal_connect_swapped (self->spin, "value-changed", G_CALLBACK (on_spin_changed), self);
  g_signal_connect_swapped (self->toggle, "notify::active", G_CALLBACK (on_toggle_changed), self);
  g_signal_connect_swapped (self->choice, "notify::selected", G_CALLBACK (on_choice_changed), self);
  g_signal_connect_swapped (self->browse, "clicked", G_CALLBACK (on_browse_clicked), self);
}
