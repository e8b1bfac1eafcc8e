/* lsg-cost-panel.c: what the design point costs, live. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-cost-panel.h"
#include "lsg-plot-math.h"
#include "lsg-tech.h"

struct _LsgCostPanel {
  GtkWidget       parent_instance;

  /* template widgets */
  GtkWidget      *scroller;
  GtkDropDown    *tech_choice;
  GtkGrid        *totals;
  GtkLabel       *topology;
  GtkGrid        *topologies;
  GtkLabel       *topologies_note;
  GtkDrawingArea *chart;
  GtkLabel       *note;
  GtkGrid        *constants;

  /* owned */
  LsgEstimate     estimate;
  gboolean        have_estimate;
  LsgParams      *params;
  GArray         *hits;            /* Hit: tooltip regions of the chart */
  GtkStringList  *tech_names;
  GtkLabel       *total_values[6];
  /* the storage x readout comparison: a row per readout, a column per
   * storage, cells in lsg_estimate_topologies () order */
  LsgTopologyEstimate topo[LSG_N_TOPOLOGIES];
  GtkLabel       *readout_heads[3];
  GtkLabel       *topo_cells[LSG_N_TOPOLOGIES];
  guint           updating;
};

typedef struct {
  double  x, y, w, h;
  char   *text;
} Hit;

enum {
  TECHNOLOGY_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LsgCostPanel, lsg_cost_panel, GTK_TYPE_WIDGET)

static const char *const total_names[] = {
  "Transistors", "Area", "Power", "Energy per update", "Energy to converge", "Updates per second",
};

/* Technology keys shown with their sources: the circuit keys a preset
 * sets, then the area constants. */
static const char *const constant_keys[] = {
  "circuit.v_dd", "circuit.kappa", "tech.i_spec_sq", "tech.cell_w_over_l", "circuit.v_t0",
  "nonideal.a_vt", "nonideal.i_leak", "nonideal.leak_doubling", "tech.node",
  "tech.cap_density_mim", "tech.cap_density_mos", "tech.capacitor", "tech.w_min",
  "tech.l_min", "tech.layout_factor", "tech.routing_overhead",
};

static void
hit_clear (gpointer data)
{
  g_free (((Hit *) data)->text);
}

static void
add_hit (LsgCostPanel *self,
         double        x,
         double        y,
         double        w,
         double        h,
         char         *text)
{
  Hit hit = { x, y, w, h, text };
  g_array_append_val (self->hits, hit);
}

static void set_source_fg (cairo_t   *cr,
                           GtkWidget *widget,
                           double     alpha);

static void
set_source_palette (cairo_t   *cr,
                    GtkWidget *widget,
                    guint      index)
{
  double r, g, b;

  /* the palette's black is the text colour: readable on dark themes */
  if (index % LSG_PALETTE_SIZE == LSG_PALETTE_FOREGROUND)
    {
      set_source_fg (cr, widget, 1);
      return;
    }
  lsg_palette_color (index, &r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
}

static double
draw_text (cairo_t     *cr,
           GtkWidget   *widget,
           const char  *text,
           double       x,
           double       y,
           gboolean     bold,
           double       align)     /* 0 left, 1 right of x */
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, layout);
  return h;
}

/* Areas in um^2 or mm^2: an SI prefix on m^2 would read as (prefix m)^2
 * and mislead. */
static char *
format_area (double area_m2)
{
  double um2 = area_m2 * 1e12;

  if (um2 >= 1e4)
    return g_strdup_printf ("%.3g mm\xc2\xb2", area_m2 * 1e6);
  return g_strdup_printf ("%.3g \xc2\xb5m\xc2\xb2", um2);
}

static char *
format_quantity (double   value,
                 gboolean power)
{
  return power ? lsg_format_si (value, "W", 3) : format_area (value);
}

static char *
format_ratio (double ratio)
{
  if (ratio >= 100)
    return g_strdup_printf ("%.0f\xc3\x97", ratio);
  return g_strdup_printf ("%.3g\xc3\x97", ratio);
}

static void
set_source_fg (cairo_t   *cr,
               GtkWidget *widget,
               double     alpha)
{
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * alpha);
}

/* One quantity (power or area): the analog breakdown as a 100 % bar, then
 * analog, int8 and fp32 on a log axis with the ratios.  Returns the height. */
static double
draw_quantity (LsgCostPanel *self,
               cairo_t      *cr,
               double        width,
               double        y0,
               gboolean      power)
{
  GtkWidget *widget = GTK_WIDGET (self->chart);
  const LsgEstimate *e = &self->estimate;
  double total = power ? e->power_w : e->area_m2;
  double values[3] = { total, power ? e->int8.power_w : e->int8.area_m2,
                       power ? e->fp32.power_w : e->fp32.area_m2 };
  double ratios[3] = { 1, power ? e->power_ratio_int8 : e->area_ratio_int8,
                       power ? e->power_ratio_fp32 : e->area_ratio_fp32 };
  static const char *const names[3] = { "analog", "int8", "fp32" };
  double y = y0, x = 0, bar_h = 16, label_w = 48, lo, hi;
  double vmin = INFINITY, vmax = 0;

  set_source_fg (cr, widget, 1);
  y += draw_text (cr, widget, power ? "Power by block" : "Area by block", 0, y, TRUE, 0) + 4;

  /* the analog chip's share per block (area: capacitors and routing too) */
  for (guint b = 0; b < LSG_BLOCK_N + (power ? 0 : 1); b++)
    {
      double part, w;
      g_autofree char *value = NULL;
      const char *label;

      if (b < LSG_BLOCK_N)
        {
          const LsgBlockEstimate *blk = &e->blocks[b];
          part = power ? blk->power_w : blk->device_area_m2 + blk->cap_area_m2;
          label = blk->label;
        }
      else
        {
          part = e->overhead_area_m2;
          label = "routing overhead";
        }
      if (!(part > 0) || !(total > 0))
        continue;
      w = width * part / total;
      if (b < LSG_BLOCK_N)
        set_source_palette (cr, widget, b);
      else
        set_source_fg (cr, widget, 0.35);
      cairo_rectangle (cr, x, y, MAX (w, 0.5), bar_h);
      cairo_fill (cr);
      value = format_quantity (part, power);
      add_hit (self, x, y, MAX (w, 2), bar_h,
               g_strdup_printf ("%s: %s, %.3g %% of the analog %s%s%s", label, value,
                                100 * part / total, power ? "power" : "area",
                                b < LSG_BLOCK_N ? "\n" : "",
                                b < LSG_BLOCK_N ? e->blocks[b].model : ""));
      x += w;
    }
  y += bar_h + 8;

  /* analog against digital, log axis in decades */
  for (guint k = 0; k < 3; k++)
    if (values[k] > 0)
      {
        vmin = fmin (vmin, values[k]);
        vmax = fmax (vmax, values[k]);
      }
  if (!(vmax > 0))
    return y - y0;
  lo = floor (log10 (vmin)) - 0.3;
  hi = ceil (log10 (vmax)) + 0.05;
  for (guint k = 0; k < 3; k++)
    {
      double len = (width - label_w) * (log10 (values[k]) - lo) / (hi - lo);
      g_autofree char *value = format_quantity (values[k], power);
      g_autofree char *ratio = format_ratio (ratios[k]);
      g_autofree char *text = NULL;

      set_source_fg (cr, widget, 1);
      draw_text (cr, widget, names[k], 0, y, FALSE, 0);
      if (k == 0)
        set_source_fg (cr, widget, 0.85);
      else
        set_source_palette (cr, widget, k == 1 ? 4 : 3);
      cairo_rectangle (cr, label_w, y + 2, MAX (len, 1), bar_h);
      cairo_fill (cr);
      text = k == 0 ? g_strdup (value) : g_strdup_printf ("%s  (%s analog)", value, ratio);
      set_source_fg (cr, widget, 1);
      draw_text (cr, widget, text, label_w + 4, y + bar_h + 2, FALSE, 0);
      add_hit (self, 0, y, width, bar_h + 18,
               k == 0 ? g_strdup_printf ("The analog chip: %s", value)
                      : g_strdup_printf ("%s digital at the same update rate: %s, %s the analog %s.\n"
                                         "%s: 3 multiplies, 2 adds, one weight read and one write per update; "
                                         "45 nm figures scaled first order (energy \xe2\x88\x9d node V_DD\xc2\xb2, "
                                         "area \xe2\x88\x9d node\xc2\xb2)",
                                         names[k], value, ratio, power ? "power" : "area",
                                         power ? "Energies: Horowitz, ISSCC 2014"
                                               : "Areas: TSMC 45 nm synthesis figures printed beside them; SRAM cells: Intel 45 nm, IEDM 2007"));
      y += bar_h + 22;
    }
  /* decade ticks */
  set_source_fg (cr, widget, 0.4);
  for (int d = (int) ceil (lo); d <= (int) floor (hi); d++)
    {
      double px = label_w + (width - label_w) * (d - lo) / (hi - lo);

      cairo_rectangle (cr, px, y0 + 20 + bar_h + 8, 0.5, y - (y0 + 20 + bar_h + 8) - 4);
      cairo_fill (cr);
    }
  return y - y0 + 8;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  LsgCostPanel *self = data;
  double y = 0;

  g_array_set_size (self->hits, 0);
  if (!self->have_estimate)
    return;
  y += draw_quantity (self, cr, width, y, TRUE);
  y += draw_quantity (self, cr, width, y, FALSE);
}

char *
lsg_cost_panel_describe_at (LsgCostPanel *self,
                            double        x,
                            double        y)
{
  for (guint i = 0; i < self->hits->len; i++)
    {
      const Hit *hit = &g_array_index (self->hits, Hit, i);

      if (x >= hit->x && x < hit->x + hit->w && y >= hit->y && y < hit->y + hit->h)
        return g_strdup (hit->text);
    }
  return NULL;
}

static gboolean
on_query_tooltip (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  LsgCostPanel *self)
{
  g_autofree char *text = lsg_cost_panel_describe_at (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_constants (LsgCostPanel *self)
{
  GtkWidget *child;
  guint row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->constants))) != NULL)
    gtk_grid_remove (self->constants, child);

  for (guint i = 0; i < G_N_ELEMENTS (constant_keys); i++)
    {
      const LsgKeySpec *spec = lsg_key_spec_lookup_path (constant_keys[i]);
      g_autofree char *value = NULL;
      g_autofree char *source = NULL;
      GtkWidget *name, *label;

      if (spec == NULL)
        continue;
      if (spec->type == LSG_KEY_DOUBLE)
        value = lsg_format_si (lsg_params_get_number (self->params, spec), spec->unit, 4);
      else
        value = lsg_params_get_as_string (self->params, spec);
      source = lsg_tech_source (self->params->tech_preset, constant_keys[i]);
      name = gtk_label_new (spec->label);
      label = gtk_label_new (value);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      {
        g_autofree char *tip = g_strdup_printf ("[%s]\n%s", constant_keys[i],
                                                source != NULL ? source
                                                  : "Set by the design point (no technology preset, or overridden).");
        gtk_widget_set_tooltip_text (name, tip);
        gtk_widget_set_tooltip_text (label, tip);
      }
      gtk_grid_attach (self->constants, name, 0, row, 1, 1);
      gtk_grid_attach (self->constants, label, 1, row, 1, 1);
      row++;
    }
}

static void
update_totals (LsgCostPanel *self)
{
  const LsgEstimate *e = &self->estimate;
  char *texts[G_N_ELEMENTS (total_names)];

  texts[0] = g_strdup_printf ("%u", e->transistors);
  texts[1] = format_area (e->area_m2);
  texts[2] = lsg_format_si (e->power_w, "W", 3);
  texts[3] = lsg_format_si (e->energy_per_update_j, "J", 3);
  texts[4] = isnan (e->energy_to_converge_j) ? g_strdup ("\xe2\x80\x94")
                                             : lsg_format_si (e->energy_to_converge_j, "J", 3);
  texts[5] = lsg_format_si (e->updates_per_s, "/s", 3);
  for (guint i = 0; i < G_N_ELEMENTS (total_names); i++)
    {
      gtk_label_set_label (self->total_values[i], texts[i]);
      g_free (texts[i]);
    }
}

static const char *
choice_name (const char *key,
             int         value)
{
  return lsg_key_spec_lookup ("circuit", key)->choices[value];
}

/* A change against the point's own topology: "+27", "-4.2 %". */
static char *
format_change (double value,
               double own,
               gboolean count)
{
  if (count)
    return g_strdup_printf ("%+.0f", value - own);
  if (!(own > 0))
    return g_strdup ("");
  return g_strdup_printf ("%+.3g %%", 100 * (value / own - 1));
}

static void
update_topologies (LsgCostPanel    *self,
                   const LsgParams *params,
                   guint            n_weights,
                   double           mean_cell_current_a,
                   double           t_converge_s)
{
  const LsgEstimate *own = &self->estimate;
  g_autofree char *heading = NULL;
  g_autofree char *note = NULL;
  g_autoptr(LsgParams) other = lsg_params_copy (params);
  g_autofree char *other_i_c = NULL;

  lsg_estimate_topologies (params, n_weights, mean_cell_current_a, t_converge_s, self->topo);

  heading = g_strdup_printf ("Topology: <b>%s</b> storage, <b>%s</b> readout",
                             choice_name ("storage", params->storage),
                             choice_name ("readout", params->readout));
  gtk_label_set_markup (self->topology, heading);

  for (guint r = 0; r < 3; r++)
    {
      const LsgEstimate *e = &self->topo[r].estimate;
      g_autofree char *t = lsg_format_si (e->readout_time_s, "s", 3);
      g_autofree char *text = g_strdup_printf ("<b>%s</b>\n<small>read-out %s%s</small>",
                                               choice_name ("readout", self->topo[r].readout), t,
                                               e->readout_pauses_training ? ",\ntraining paused" : "");
      g_autofree char *tip = g_strdup_printf (
        "A read-out of all %u weights: %u conversions, one per sample period%s",
        n_weights, e->readout_conversions,
        e->readout_pauses_training ? ", with training paused (one-hot probes through the forward path)"
                                   : ", while training goes on");

      gtk_label_set_markup (self->readout_heads[r], text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->readout_heads[r]), tip);
    }

  for (guint k = 0; k < LSG_N_TOPOLOGIES; k++)
    {
      const LsgTopologyEstimate *t = &self->topo[k];
      const LsgEstimate *e = &t->estimate;
      g_autofree char *area = format_area (e->area_m2);
      g_autofree char *power = lsg_format_si (e->power_w, "W", 3);
      g_autofree char *readout = lsg_format_si (e->readout_time_s, "s", 3);
      g_autofree char *d_trans = format_change (e->transistors, own->transistors, TRUE);
      g_autofree char *d_area = format_change (e->area_m2, own->area_m2, FALSE);
      g_autofree char *d_power = format_change (e->power_w, own->power_w, FALSE);
      g_autofree char *markup = NULL;
      g_autofree char *tip = NULL;

      markup = g_markup_printf_escaped (t->is_current ? "<b>\xe2\x97\x8f %u\n%s\n%s</b>"
                                                      : "%u\n%s\n%s",
                                        e->transistors, area, power);
      gtk_label_set_markup (self->topo_cells[k], markup);
      if (t->is_current)
        tip = g_strdup_printf ("%s, this design point\n%u transistors\n%s\n%s\nread-out %s%s",
                               t->name, e->transistors, area, power, readout,
                               e->readout_pauses_training ? ", training paused" : "");
      else
        tip = g_strdup_printf ("%s, against this point\n%u transistors (%s)\n%s (%s)\n%s (%s)\n"
                               "read-out %s%s%s",
                               t->name, e->transistors, d_trans, area, d_area, power, d_power,
                               readout, e->readout_pauses_training ? ", training paused" : "",
                               t->measured_cell_current ? ""
                                 : "\nAt its default cell current: the run is of the other storage.");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->topo_cells[k]), tip);
    }

  other->storage = params->storage == LSG_STORAGE_PAIR ? LSG_STORAGE_CLASS_AB : LSG_STORAGE_PAIR;
  other_i_c = lsg_format_si (lsg_estimate_default_cell_current (other), "A", 3);
  note = g_strdup_printf ("Each cell: transistors, area with routing, power; \xe2\x97\x8f this point. "
                          "The other storage (%s) is at its default cell current, %s. Read-outs "
                          "at one conversion per sample period. Hover a cell for the differences.",
                          choice_name ("storage", other->storage), other_i_c);
  gtk_label_set_label (self->topologies_note, note);
}

static void
sync_tech_choice (LsgCostPanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tech_names));
  guint pos = 0;

  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->tech_names, i), self->params->tech_preset) == 0)
      pos = i;
  self->updating++;
  gtk_drop_down_set_selected (self->tech_choice, pos);
  self->updating--;
}

void
lsg_cost_panel_update (LsgCostPanel    *self,
                       const LsgParams *params,
                       guint            n_weights,
                       double           mean_cell_current_a,
                       double           t_converge_s)
{
  g_return_if_fail (LSG_IS_COST_PANEL (self));

  lsg_params_free (self->params);
  self->params = lsg_params_copy (params);
  lsg_estimate_compute (params, n_weights, mean_cell_current_a, t_converge_s, &self->estimate);
  self->have_estimate = TRUE;
  update_totals (self);
  update_topologies (self, params, n_weights, mean_cell_current_a, t_converge_s);
  update_constants (self);
  sync_tech_choice (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

const LsgEstimate *
lsg_cost_panel_get_estimate (LsgCostPanel *self)
{
  return self->have_estimate ? &self->estimate : NULL;
}

static void
on_tech_selected (LsgCostPanel *self)
{
  guint pos = gtk_drop_down_get_selected (self->tech_choice);

  if (self->updating > 0 || pos == GTK_INVALID_LIST_POSITION)
    return;
  g_signal_emit (self, signals[TECHNOLOGY_SELECTED], 0,
                 gtk_string_list_get_string (self->tech_names, pos));
}

static void
lsg_cost_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LSG_TYPE_COST_PANEL);
  G_OBJECT_CLASS (lsg_cost_panel_parent_class)->dispose (object);
}

static void
lsg_cost_panel_finalize (GObject *object)
{
  LsgCostPanel *self = LSG_COST_PANEL (object);

  g_array_unref (self->hits);
  g_clear_object (&self->tech_names);
  lsg_params_free (self->params);
  G_OBJECT_CLASS (lsg_cost_panel_parent_class)->finalize (object);
}

static void
lsg_cost_panel_class_init (LsgCostPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsg_cost_panel_dispose;
  object_class->finalize = lsg_cost_panel_finalize;

  /* the user chose a technology preset ("none" for none) */
  signals[TECHNOLOGY_SELECTED] = g_signal_new ("technology-selected", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logsgd/Explorer/lsg-cost-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, tech_choice);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, totals);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, topology);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, topologies);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, topologies_note);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, chart);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, note);
  gtk_widget_class_bind_template_child (widget_class, LsgCostPanel, constants);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lsg_cost_panel_init (LsgCostPanel *self)
{
  const char *const *names = lsg_tech_preset_names ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_array_set_clear_func (self->hits, hit_clear);

  for (guint i = 0; i < G_N_ELEMENTS (total_names); i++)
    {
      GtkWidget *name = gtk_label_new (total_names[i]);
      GtkWidget *value = gtk_label_new ("");

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_grid_attach (self->totals, name, 0, i, 1, 1);
      gtk_grid_attach (self->totals, value, 1, i, 1, 1);
      self->total_values[i] = GTK_LABEL (value);
    }

  /* the comparison grid: storages across, readouts down */
  {
    const LsgKeySpec *storage = lsg_key_spec_lookup ("circuit", "storage");

    for (guint c = 0; c < 2; c++)
      {
        GtkWidget *head = gtk_label_new (NULL);
        g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", storage->choices[c]);

        gtk_label_set_markup (GTK_LABEL (head), markup);
        gtk_label_set_xalign (GTK_LABEL (head), 1);
        gtk_widget_set_hexpand (head, TRUE);
        gtk_grid_attach (self->topologies, head, 1 + c, 0, 1, 1);
      }
    for (guint r = 0; r < 3; r++)
      {
        GtkWidget *head = gtk_label_new (NULL);

        gtk_label_set_xalign (GTK_LABEL (head), 0);
        gtk_label_set_yalign (GTK_LABEL (head), 0);
        gtk_grid_attach (self->topologies, head, 0, 1 + r, 1, 1);
        self->readout_heads[r] = GTK_LABEL (head);
      }
    for (guint k = 0; k < LSG_N_TOPOLOGIES; k++)
      {
        GtkWidget *cell = gtk_label_new (NULL);

        gtk_label_set_xalign (GTK_LABEL (cell), 1);
        gtk_label_set_yalign (GTK_LABEL (cell), 0);
        gtk_label_set_justify (GTK_LABEL (cell), GTK_JUSTIFY_RIGHT);
        gtk_widget_set_hexpand (cell, TRUE);
        /* lsg_estimate_topologies (): pair first, readouts in key order */
        gtk_grid_attach (self->topologies, cell, 1 + k / 3, 1 + k % 3, 1, 1);
        self->topo_cells[k] = GTK_LABEL (cell);
      }
  }

  self->tech_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->tech_names, "none");
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (self->tech_names, names[i]);
  gtk_drop_down_set_model (self->tech_choice, G_LIST_MODEL (self->tech_names));
  g_signal_connect_swapped (self->tech_choice, "notify::selected", G_CALLBACK (on_tech_selected), self);

  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  g_signal_connect (self->chart, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  gtk_label_set_label (self->note,
                       "Digital baselines do the same weight updates per second: 3 multiplies, 2 adds, "
                       "one weight read and one write each, from 45 nm figures (energies: Horowitz, "
                       "ISSCC 2014) scaled to this node and supply to first order. Hover a bar for "
                       "what each block assumes.");
}

GtkWidget *
lsg_cost_panel_new (void)
{
  return g_object_new (LSG_TYPE_COST_PANEL, NULL);
}
