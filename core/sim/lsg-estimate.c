/* lsg-estimate.c: the block model of area and power, and the digital
 * baselines (MODEL.md section 6; the table is documented in
 * core/README.md, "Area and power"). */
#include "lsg-config.h"

#include <math.h>
#include <stddef.h>

#include "lsg-estimate.h"

/* The figures the baselines scale from were measured at 45 nm, 0.9 V. */
#define REF_NODE_M 45e-9
#define REF_V_DD   0.9

#define PJ  1e-12
#define UM2 1e-12

/* Per block: its key, and its label and model sentence by storage
 * (index LsgStorage) or, for the readout copies and the ADC, by readout
 * (index LsgReadout).  A block that does not depend on the topology has
 * the same text in every slot. */
typedef struct {
  const char *key;
  gboolean    per_weight;
  gboolean    by_readout;
  const char *label[3];
  const char *model[3];
} BlockInfo;

#define ADC_MODEL \
  "One current-mode SAR, 20 minimum-size devices per bit (comparator, SAR logic, reference), " \
  "comparator at I_N plus reference branches I_N/2^k, k = 1..adc_bits: I_N (2 - 2^-adc_bits); " \
  "an ideal converter (0 bits) is not counted. "

#define SAME2(x) { x, x }
#define SAME3(x) { x, x, x }

/* I_c: the mean cell current; I_N: the unit current; I_out of a
 * multiplier-divider taken as I_lambda (see core/README.md). */
static const BlockInfo block_info[LSG_BLOCK_N] = {
  [LSG_BLOCK_CELLS] = {
    "cells", TRUE, FALSE,
    { "Bernoulli cells (pair)", "Cells (class_ab)" },
    { "Two cell transistors per weight (matched devices), each drawing its cell current: 2 I_c.",
      "Two cell transistors per weight (matched devices) on one capacitor, carrying I+ and I-: "
      "I+ + I- = 2 I_c." } },
  [LSG_BLOCK_CAPACITORS] = {
    "capacitors", TRUE, FALSE,
    { "Weight capacitors (pair)", "Weight capacitor (class_ab)" },
    { "Two capacitors of c_w per weight, area c_w / density of the chosen kind; no transistors, no current.",
      "One capacitor of c_w per weight (the loop sets the other half), area c_w / density of the "
      "chosen kind; no transistors, no current." } },
  [LSG_BLOCK_MULDIV] = {
    "muldiv", TRUE, FALSE,
    { "Multiplier-dividers (pair)", "Multiplier-divider (class_ab)" },
    { "A translinear loop of 6 matched devices per half carrying I_eta, a copy of the cell current "
      "and the output, whose average equals the discharge I_lambda in steady state: 2 (I_eta + I_c + I_lambda).",
      "One signed divider per weight, 11 matched devices: a translinear loop of 6 carrying I_eta, the "
      "denominator I+ + I- (a second copy device makes 7) and the output (taken as I_lambda), a "
      "differential pair of 2 on the cells' gates whose tail I_lambda gives the decay "
      "I_lambda (I+ - I-)/(I+ + I-), and a push-pull pair of 2 sourcing or sinking the capacitor "
      "current: I_eta + 2 I_c + 2 I_lambda." } },
  [LSG_BLOCK_AB_LOOP] = {
    "ab_loop", TRUE, FALSE,
    SAME2 ("Class-AB loop (I+ I- = I_Q\xc2\xb2)"),
    { "None with pair storage: the two halves are independent.",
      "4 matched devices per weight: two stacked diodes carrying I_Q set 2 V_GS(I_Q) and a "
      "2-device follower biased at I_Q drives the second cell's gate, so V_GS+ + V_GS- = "
      "2 V_GS(I_Q) and I+ I- = I_Q^2: 2 I_Q." } },
  [LSG_BLOCK_FORWARD_MUL] = {
    "forward_mul", TRUE, FALSE,
    SAME2 ("Forward multiplier (w x)"),
    SAME2 ("8 matched devices per weight carrying copies of both cell currents, the input (I_N) "
           "and the output (I_N |w|, taken as I_c): 3 I_c + I_N.") },
  [LSG_BLOCK_GRADIENT_MUL] = {
    "gradient_mul", TRUE, FALSE,
    SAME2 ("Gradient multiplier (e x)"),
    SAME2 ("6 matched devices per weight carrying the error, the input and the output, each taken as I_N: 3 I_N.") },
  [LSG_BLOCK_SIGN_SPLIT] = {
    "sign_split", TRUE, FALSE,
    SAME2 ("Sign split (g+, g-)"),
    { "4 minimum-size switches per weight steering the gradient (I_N) to one half: I_N.",
      "4 minimum-size switches per weight steering the rectified gradient (I_N) into the divider "
      "and its output to the push or the pull device: I_N." } },
  [LSG_BLOCK_BIAS_MIRRORS] = {
    "bias_mirrors", TRUE, FALSE,
    SAME2 ("Bias mirrors"),
    { "Biases distributed as currents: each half has a diode device for each of I_eta, I_lambda, I_cm "
      "(6 matched devices per weight) drawing 2 (I_eta + I_lambda + I_cm).",
      "Biases distributed as currents: one diode device per weight for each of I_eta and I_lambda "
      "(2 matched devices; no I_cm, the I_Q diodes are the loop's) drawing I_eta + I_lambda." } },
  [LSG_BLOCK_READOUT_COPIES] = {
    "readout_copies", TRUE, TRUE,
    { "Readout copies (forward)", "Readout copy (differential)", "Readout copies (per_half)" },
    { "None with the forward readout: one-hot probes read the weights through the forward "
      "multipliers, n probe intervals of t_sample with training paused.",
      "One shared copy device per weight (matched) carrying one half at a time (I_c), and 2 "
      "minimum-size switches connecting its gate to either half; two conversions per weight, "
      "one per sample period: 2 n t_sample per read-out.",
      "Two copy mirrors per weight (matched devices), each carrying its half's current: 2 I_c; "
      "one conversion per weight, one per sample period: n t_sample per read-out, training "
      "goes on." } },
  [LSG_BLOCK_DACS] = {
    "dacs", FALSE, FALSE,
    SAME2 ("Input and target DACs"),
    SAME2 ("One current-steering DAC per input (the bias input needs none) and one for the target, "
           "each dac_bits x (a matched source and 2 minimum-size switches), drawing its full scale I_N; "
           "an ideal converter (0 bits) is not counted.") },
  [LSG_BLOCK_ERROR] = {
    "error", FALSE, FALSE,
    SAME2 ("Error subtraction and clipping"),
    SAME2 ("10 matched devices subtracting y - y_hat and clipping it, 2 branches of I_N: 2 I_N.") },
  [LSG_BLOCK_ADC] = {
    "adc", FALSE, TRUE,
    SAME3 ("Weight readout ADC"),
    { ADC_MODEL "It converts the forward path's output once per probed weight.",
      ADC_MODEL "It converts each weight twice, one half after the other.",
      ADC_MODEL "It converts each weight once, both copies subtracted in current." } },
  [LSG_BLOCK_BIAS_GEN] = {
    "bias_gen", FALSE, FALSE,
    SAME2 ("Bias generation"),
    { "20 matched devices generating the reference branches I_eta + I_lambda + I_cm + I_N.",
      "20 matched devices generating the reference branches I_eta + I_lambda + I_Q + I_N." } },
};

const char *
lsg_block_key (LsgBlock block)
{
  g_return_val_if_fail (block < LSG_BLOCK_N, NULL);
  return block_info[block].key;
}

/* Digital figures at 45 nm, 0.9 V. */
enum {
  FIG_ADD_8,
  FIG_MULT_8,
  FIG_ADD_32,
  FIG_MULT_32,
  FIG_ADD_FP32,
  FIG_MULT_FP32,
  FIG_SRAM_ACCESS,
  FIG_SRAM_CELL,
  N_FIGURES
};

#define HOROWITZ \
  "energy: M. Horowitz, \"Computing's energy problem (and what we can do about it)\", " \
  "ISSCC 2014, 45 nm, 0.9 V"
#define SYNTH_45 \
  "; area: Design Compiler synthesis in TSMC 45 nm (floating point: DesignWare), the area " \
  "column usually printed beside Horowitz's energies (e.g. W. Dally, NIPS 2015 tutorial), not Horowitz's"

static const LsgDigitalFigure digital_figures[N_FIGURES] = {
  [FIG_ADD_8]     = { "8b add",     0.03 * PJ, 36 * UM2,   HOROWITZ SYNTH_45 },
  [FIG_MULT_8]    = { "8b mult",    0.2 * PJ,  282 * UM2,  HOROWITZ SYNTH_45 },
  [FIG_ADD_32]    = { "32b int add", 0.1 * PJ, 137 * UM2,  HOROWITZ SYNTH_45 },
  [FIG_MULT_32]   = { "32b int mult", 3.1 * PJ, 3495 * UM2, HOROWITZ SYNTH_45 },
  [FIG_ADD_FP32]  = { "fp32 add",   0.9 * PJ,  4184 * UM2, HOROWITZ SYNTH_45 },
  [FIG_MULT_FP32] = { "fp32 mult",  3.7 * PJ,  7700 * UM2, HOROWITZ SYNTH_45 },
  [FIG_SRAM_ACCESS] = { "8 KB SRAM 64-bit access", 10 * PJ, NAN,
                        HOROWITZ "; one weight read or write" },
  [FIG_SRAM_CELL] = { "6T SRAM cell", NAN, 0.346 * UM2,
                      "area: Intel 45 nm high-k metal-gate 6T cell, K. Mistry et al., IEDM 2007; "
                      "one per weight bit" },
};

const LsgDigitalFigure *
lsg_digital_figures (guint *n_figures)
{
  if (n_figures != NULL)
    *n_figures = N_FIGURES;
  return digital_figures;
}

double
lsg_digital_scale_energy (double energy_45nm_j,
                          double node_m,
                          double v_dd)
{
  /* First order: switched capacitance ~ node, energy ~ C V^2. */
  return energy_45nm_j * (node_m / REF_NODE_M) * (v_dd / REF_V_DD) * (v_dd / REF_V_DD);
}

double
lsg_digital_scale_area (double area_45nm_m2,
                        double node_m)
{
  return area_45nm_m2 * (node_m / REF_NODE_M) * (node_m / REF_NODE_M);
}

static void
digital_baseline (const LsgParams    *p,
                  const char         *key,
                  guint               fig_mult,
                  guint               fig_add,
                  guint               bits,
                  guint               n_weights,
                  double              updates_per_s,
                  LsgDigitalBaseline *b)
{
  const LsgDigitalFigure *f = digital_figures;

  b->key = key;
  b->e_mult_j = lsg_digital_scale_energy (f[fig_mult].energy_j, p->node, p->v_dd);
  b->e_add_j = lsg_digital_scale_energy (f[fig_add].energy_j, p->node, p->v_dd);
  b->e_mem_j = lsg_digital_scale_energy (f[FIG_SRAM_ACCESS].energy_j, p->node, p->v_dd);
  b->energy_per_update_j = 3 * b->e_mult_j + 2 * b->e_add_j + 2 * b->e_mem_j;
  b->power_w = b->energy_per_update_j * updates_per_s;
  b->logic_area_m2 = lsg_digital_scale_area (3 * f[fig_mult].area_m2 + 2 * f[fig_add].area_m2,
                                             p->node);
  b->sram_area_m2 = lsg_digital_scale_area ((double) n_weights * bits * f[FIG_SRAM_CELL].area_m2,
                                            p->node);
  b->area_m2 = b->logic_area_m2 + b->sram_area_m2;
}

static void
set_block (LsgEstimate *e,
           LsgBlock     block,
           guint        instances,
           guint        transistors,
           double       device_area_m2,
           double       cap_area_m2,
           double       current_a,
           double       v_dd)
{
  LsgBlockEstimate *b = &e->blocks[block];

  const BlockInfo *info = &block_info[block];
  int k = info->by_readout ? e->readout : e->storage;

  b->key = info->key;
  b->label = info->label[k];
  b->per_weight = info->per_weight;
  b->model = info->model[k];
  b->instances = instances;
  b->transistors = transistors;
  b->device_area_m2 = device_area_m2;
  b->cap_area_m2 = cap_area_m2;
  b->current_a = current_a;
  b->power_w = v_dd * current_a;
}

double
lsg_estimate_default_cell_current (const LsgParams *params)
{
  g_return_val_if_fail (params != NULL, NAN);

  if (params->storage == LSG_STORAGE_CLASS_AB)
    return hypot (params->i_unit / 4, params->i_q);
  return params->i_init + params->i_unit / 2;
}

void
lsg_estimate_compute (const LsgParams *params,
                      guint            n_weights,
                      double           mean_cell_current_a,
                      double           t_converge_s,
                      LsgEstimate     *estimate)
{
  const LsgParams *p = params;
  double i_eta, i_lam, i_cm, i_n, i_c, i_q;
  double a_match, a_min, c_density;
  guint n, n_dacs, dac_bits, adc_bits;
  gboolean ab;

  g_return_if_fail (params != NULL);
  g_return_if_fail (estimate != NULL);
  g_return_if_fail (n_weights > 0);
  g_return_if_fail (isnan (mean_cell_current_a) || mean_cell_current_a >= 0);
  g_return_if_fail (p->storage == LSG_STORAGE_PAIR || p->storage == LSG_STORAGE_CLASS_AB);
  g_return_if_fail (p->readout == LSG_READOUT_FORWARD || p->readout == LSG_READOUT_DIFFERENTIAL
                    || p->readout == LSG_READOUT_PER_HALF);

  *estimate = (LsgEstimate) { 0 };
  n = n_weights;
  estimate->n_weights = n;
  estimate->storage = p->storage;
  estimate->readout = p->readout;
  ab = p->storage == LSG_STORAGE_CLASS_AB;

  /* What the chip draws: I_eta as biased (PTAT scales it with T). */
  i_eta = lsg_params_i_eta_effective (p);
  i_lam = p->i_lambda;
  i_cm = p->i_cm;
  i_n = p->i_unit;
  i_q = p->i_q;
  i_c = isnan (mean_cell_current_a) ? lsg_estimate_default_cell_current (p) : mean_cell_current_a;

  /* Drawn area of one transistor: matched analog devices have W L =
   * device_area, switches and logic are minimum size. */
  a_match = p->device_area * p->layout_factor;
  a_min = p->w_min * p->l_min * p->layout_factor;
  c_density = p->capacitor == LSG_CAPACITOR_MOS ? p->cap_density_mos : p->cap_density_mim;

  /* One DAC per input, the bias input excepted, and one for the target. */
  n_dacs = (p->bias_input ? n - 1 : n) + 1;
  dac_bits = p->dac_bits;
  adc_bits = p->adc_bits;
  if (dac_bits == 0)
    n_dacs = 0;

  /* Both storages have two cells carrying I+ and I-. */
  set_block (estimate, LSG_BLOCK_CELLS, n, 2 * n, 2 * n * a_match, 0,
             n * 2 * i_c, p->v_dd);
  if (ab)
    {
      /* One capacitor, one signed divider, the loop that ties the halves;
       * no I_cm. */
      set_block (estimate, LSG_BLOCK_CAPACITORS, n, 0, 0, n * p->c_w / c_density,
                 0, p->v_dd);
      set_block (estimate, LSG_BLOCK_MULDIV, n, 11 * n, 11 * n * a_match, 0,
                 n * (i_eta + 2 * i_c + 2 * i_lam), p->v_dd);
      set_block (estimate, LSG_BLOCK_AB_LOOP, n, 4 * n, 4 * n * a_match, 0,
                 n * 2 * i_q, p->v_dd);
      set_block (estimate, LSG_BLOCK_BIAS_MIRRORS, n, 2 * n, 2 * n * a_match, 0,
                 n * (i_eta + i_lam), p->v_dd);
    }
  else
    {
      set_block (estimate, LSG_BLOCK_CAPACITORS, n, 0, 0, 2 * n * p->c_w / c_density,
                 0, p->v_dd);
      set_block (estimate, LSG_BLOCK_MULDIV, n, 12 * n, 12 * n * a_match, 0,
                 n * 2 * (i_eta + i_c + i_lam), p->v_dd);
      set_block (estimate, LSG_BLOCK_AB_LOOP, 0, 0, 0, 0, 0, p->v_dd);
      set_block (estimate, LSG_BLOCK_BIAS_MIRRORS, n, 6 * n, 6 * n * a_match, 0,
                 n * 2 * (i_eta + i_lam + i_cm), p->v_dd);
    }
  set_block (estimate, LSG_BLOCK_FORWARD_MUL, n, 8 * n, 8 * n * a_match, 0,
             n * (3 * i_c + i_n), p->v_dd);
  set_block (estimate, LSG_BLOCK_GRADIENT_MUL, n, 6 * n, 6 * n * a_match, 0,
             n * 3 * i_n, p->v_dd);
  set_block (estimate, LSG_BLOCK_SIGN_SPLIT, n, 4 * n, 4 * n * a_min, 0,
             n * i_n, p->v_dd);

  /* The readout: what it adds, and how long a read-out of all weights
   * takes at one conversion (or probe) per sample period. */
  switch (p->readout)
    {
    case LSG_READOUT_PER_HALF:
      set_block (estimate, LSG_BLOCK_READOUT_COPIES, n, 2 * n, 2 * n * a_match, 0,
                 n * 2 * i_c, p->v_dd);
      estimate->readout_conversions = n;
      break;
    case LSG_READOUT_DIFFERENTIAL:
      set_block (estimate, LSG_BLOCK_READOUT_COPIES, n, 3 * n, n * (a_match + 2 * a_min), 0,
                 n * i_c, p->v_dd);
      estimate->readout_conversions = 2 * n;
      break;
    default:                    /* LSG_READOUT_FORWARD */
      set_block (estimate, LSG_BLOCK_READOUT_COPIES, 0, 0, 0, 0, 0, p->v_dd);
      estimate->readout_conversions = n;
      estimate->readout_pauses_training = TRUE;
      break;
    }
  estimate->readout_time_s = estimate->readout_conversions * p->t_sample;

  set_block (estimate, LSG_BLOCK_DACS, n_dacs, 3 * dac_bits * n_dacs,
             (double) n_dacs * dac_bits * (a_match + 2 * a_min), 0,
             n_dacs * i_n, p->v_dd);
  set_block (estimate, LSG_BLOCK_ERROR, 1, 10, 10 * a_match, 0, 2 * i_n, p->v_dd);
  set_block (estimate, LSG_BLOCK_ADC, adc_bits > 0 ? 1 : 0, 20 * adc_bits,
             20 * adc_bits * a_min, 0,
             adc_bits > 0 ? i_n * (2 - ldexp (1.0, -(int) adc_bits)) : 0, p->v_dd);
  set_block (estimate, LSG_BLOCK_BIAS_GEN, 1, 20, 20 * a_match, 0,
             i_eta + i_lam + (ab ? i_q : i_cm) + i_n, p->v_dd);

  for (guint b = 0; b < LSG_BLOCK_N; b++)
    {
      estimate->transistors += estimate->blocks[b].transistors;
      estimate->device_area_m2 += estimate->blocks[b].device_area_m2;
      estimate->cap_area_m2 += estimate->blocks[b].cap_area_m2;
      estimate->current_a += estimate->blocks[b].current_a;
    }
  estimate->overhead_area_m2 = p->routing_overhead
                               * (estimate->device_area_m2 + estimate->cap_area_m2);
  estimate->area_m2 = estimate->device_area_m2 + estimate->cap_area_m2
                      + estimate->overhead_area_m2;
  estimate->power_w = p->v_dd * estimate->current_a;

  /* MODEL.md section 6: every weight is updated once per sample period. */
  estimate->updates_per_s = n / p->t_sample;
  estimate->energy_per_update_j = estimate->power_w * p->t_sample / n;
  estimate->energy_to_converge_j = estimate->power_w * t_converge_s;

  digital_baseline (p, "int8", FIG_MULT_8, FIG_ADD_8, 8, n, estimate->updates_per_s,
                    &estimate->int8);
  digital_baseline (p, "fp32", FIG_MULT_FP32, FIG_ADD_FP32, 32, n, estimate->updates_per_s,
                    &estimate->fp32);

  estimate->power_ratio_int8 = estimate->int8.power_w / estimate->power_w;
  estimate->power_ratio_fp32 = estimate->fp32.power_w / estimate->power_w;
  estimate->area_ratio_int8 = estimate->int8.area_m2 / estimate->area_m2;
  estimate->area_ratio_fp32 = estimate->fp32.area_m2 / estimate->area_m2;
}

static const LsgEstimateField estimate_fields[] = {
  { "power_w", "W", offsetof (LsgEstimate, power_w), "Power, V_DD x branch currents", FALSE },
  { "area_m2", "m\xc2\xb2", offsetof (LsgEstimate, area_m2), "Area with routing", FALSE },
  { "transistors", "", offsetof (LsgEstimate, transistors), "Transistors", TRUE },
  { "energy_per_update_j", "J", offsetof (LsgEstimate, energy_per_update_j),
    "Energy per weight update", FALSE },
  { "energy_to_converge_j", "J", offsetof (LsgEstimate, energy_to_converge_j),
    "Energy to converge", FALSE },
  { "power_ratio_int8", "", offsetof (LsgEstimate, power_ratio_int8),
    "Power, int8 digital over analog", FALSE },
  { "power_ratio_fp32", "", offsetof (LsgEstimate, power_ratio_fp32),
    "Power, fp32 digital over analog", FALSE },
  { "area_ratio_int8", "", offsetof (LsgEstimate, area_ratio_int8),
    "Area, int8 digital over analog", FALSE },
  { "area_ratio_fp32", "", offsetof (LsgEstimate, area_ratio_fp32),
    "Area, fp32 digital over analog", FALSE },
  { "readout_time_s", "s", offsetof (LsgEstimate, readout_time_s),
    "Read-out of all weights, one conversion per sample period", FALSE },
};

const LsgEstimateField *
lsg_estimate_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (estimate_fields);
  return estimate_fields;
}

double
lsg_estimate_field_value (const LsgEstimate      *estimate,
                          const LsgEstimateField *field)
{
  if (field->is_count)
    return G_STRUCT_MEMBER (guint, estimate, field->offset);
  return G_STRUCT_MEMBER (double, estimate, field->offset);
}

static const char *const topology_names[2][3] = {
  { "pair + forward", "pair + differential", "pair + per_half" },
  { "class_ab + forward", "class_ab + differential", "class_ab + per_half" },
};

const char *
lsg_topology_name (int storage,
                   int readout)
{
  g_return_val_if_fail (storage >= 0 && storage < 2, NULL);
  g_return_val_if_fail (readout >= 0 && readout < 3, NULL);
  return topology_names[storage][readout];
}

void
lsg_estimate_topologies (const LsgParams     *params,
                         guint                n_weights,
                         double               mean_cell_current_a,
                         double               t_converge_s,
                         LsgTopologyEstimate  topologies[LSG_N_TOPOLOGIES])
{
  g_autoptr(LsgParams) p = NULL;
  guint k = 0;

  g_return_if_fail (params != NULL);
  g_return_if_fail (topologies != NULL);

  p = lsg_params_copy (params);
  for (int storage = LSG_STORAGE_PAIR; storage <= LSG_STORAGE_CLASS_AB; storage++)
    for (int readout = LSG_READOUT_FORWARD; readout <= LSG_READOUT_PER_HALF; readout++)
      {
        LsgTopologyEstimate *t = &topologies[k++];
        gboolean same_storage = storage == params->storage;

        p->storage = storage;
        p->readout = readout;
        t->storage = storage;
        t->readout = readout;
        t->name = lsg_topology_name (storage, readout);
        t->is_current = same_storage && readout == params->readout;
        t->measured_cell_current = same_storage && !isnan (mean_cell_current_a);
        lsg_estimate_compute (p, n_weights, same_storage ? mean_cell_current_a : NAN,
                              t->is_current ? t_converge_s : NAN, &t->estimate);
      }
}
