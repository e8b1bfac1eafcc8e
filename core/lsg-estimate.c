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

typedef struct {
  const char *key;
  const char *label;
  gboolean    per_weight;
  const char *model;
} BlockInfo;

/* I_c: the mean cell current; I_N: the unit current; I_out of a
 * multiplier-divider taken as I_lambda (see core/README.md). */
static const BlockInfo block_info[LSG_BLOCK_N] = {
  [LSG_BLOCK_CELLS] = {
    "cells", "Bernoulli cells (pair)", TRUE,
    "Two cell transistors per weight (matched devices), each drawing its cell current: 2 I_c." },
  [LSG_BLOCK_CAPACITORS] = {
    "capacitors", "Weight capacitors (pair)", TRUE,
    "Two capacitors of c_w per weight, area c_w / density of the chosen kind; no transistors, no current." },
  [LSG_BLOCK_MULDIV] = {
    "muldiv", "Multiplier-dividers (pair)", TRUE,
    "A translinear loop of 6 matched devices per half carrying I_eta, a copy of the cell current "
    "and the output, whose average equals the discharge I_lambda in steady state: 2 (I_eta + I_c + I_lambda)." },
  [LSG_BLOCK_FORWARD_MUL] = {
    "forward_mul", "Forward multiplier (w x)", TRUE,
    "8 matched devices per weight carrying copies of both cell currents, the input (I_N) "
    "and the output (I_N |w|, taken as I_c): 3 I_c + I_N." },
  [LSG_BLOCK_GRADIENT_MUL] = {
    "gradient_mul", "Gradient multiplier (e x)", TRUE,
    "6 matched devices per weight carrying the error, the input and the output, each taken as I_N: 3 I_N." },
  [LSG_BLOCK_SIGN_SPLIT] = {
    "sign_split", "Sign split (g+, g-)", TRUE,
    "4 minimum-size switches per weight steering the gradient (I_N) to one half: I_N." },
  [LSG_BLOCK_BIAS_MIRRORS] = {
    "bias_mirrors", "Bias mirrors", TRUE,
    "Biases distributed as currents: each half has a diode device for each of I_eta, I_lambda, I_cm "
    "(6 matched devices per weight) drawing 2 (I_eta + I_lambda + I_cm)." },
  [LSG_BLOCK_DACS] = {
    "dacs", "Input and target DACs", FALSE,
    "One current-steering DAC per input (the bias input needs none) and one for the target, "
    "each dac_bits x (a matched source and 2 minimum-size switches), drawing its full scale I_N; "
    "an ideal converter (0 bits) is not counted." },
  [LSG_BLOCK_ERROR] = {
    "error", "Error subtraction and clipping", FALSE,
    "10 matched devices subtracting y - y_hat and clipping it, 2 branches of I_N: 2 I_N." },
  [LSG_BLOCK_ADC] = {
    "adc", "Weight readout ADC", FALSE,
    "One current-mode SAR, 20 minimum-size devices per bit (comparator, SAR logic, reference), "
    "comparator at I_N plus reference branches I_N/2^k, k = 1..adc_bits: I_N (2 - 2^-adc_bits); "
    "an ideal converter (0 bits) is not counted." },
  [LSG_BLOCK_BIAS_GEN] = {
    "bias_gen", "Bias generation", FALSE,
    "20 matched devices generating the reference branches I_eta + I_lambda + I_cm + I_N." },
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

  b->key = block_info[block].key;
  b->label = block_info[block].label;
  b->per_weight = block_info[block].per_weight;
  b->model = block_info[block].model;
  b->instances = instances;
  b->transistors = transistors;
  b->device_area_m2 = device_area_m2;
  b->cap_area_m2 = cap_area_m2;
  b->current_a = current_a;
  b->power_w = v_dd * current_a;
}

void
lsg_estimate_compute (const LsgParams *params,
                      guint            n_weights,
                      double           mean_cell_current_a,
                      double           t_converge_s,
                      LsgEstimate     *estimate)
{
  const LsgParams *p = params;
  double i_eta, i_lam, i_cm, i_n, i_c;
  double a_match, a_min, c_density;
  guint n, n_dacs, dac_bits, adc_bits;

  g_return_if_fail (params != NULL);
  g_return_if_fail (estimate != NULL);
  g_return_if_fail (n_weights > 0);
  g_return_if_fail (isnan (mean_cell_current_a) || mean_cell_current_a >= 0);

  *estimate = (LsgEstimate) { 0 };
  n = n_weights;
  estimate->n_weights = n;

  /* What the chip draws: I_eta as biased (PTAT scales it with T). */
  i_eta = lsg_params_i_eta_effective (p);
  i_lam = p->i_lambda;
  i_cm = p->i_cm;
  i_n = p->i_unit;
  i_c = isnan (mean_cell_current_a) ? p->i_init + i_n / 2 : mean_cell_current_a;

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

  set_block (estimate, LSG_BLOCK_CELLS, n, 2 * n, 2 * n * a_match, 0,
             n * 2 * i_c, p->v_dd);
  set_block (estimate, LSG_BLOCK_CAPACITORS, n, 0, 0, 2 * n * p->c_w / c_density,
             0, p->v_dd);
  set_block (estimate, LSG_BLOCK_MULDIV, n, 12 * n, 12 * n * a_match, 0,
             n * 2 * (i_eta + i_c + i_lam), p->v_dd);
  set_block (estimate, LSG_BLOCK_FORWARD_MUL, n, 8 * n, 8 * n * a_match, 0,
             n * (3 * i_c + i_n), p->v_dd);
  set_block (estimate, LSG_BLOCK_GRADIENT_MUL, n, 6 * n, 6 * n * a_match, 0,
             n * 3 * i_n, p->v_dd);
  set_block (estimate, LSG_BLOCK_SIGN_SPLIT, n, 4 * n, 4 * n * a_min, 0,
             n * i_n, p->v_dd);
  set_block (estimate, LSG_BLOCK_BIAS_MIRRORS, n, 6 * n, 6 * n * a_match, 0,
             n * 2 * (i_eta + i_lam + i_cm), p->v_dd);
  set_block (estimate, LSG_BLOCK_DACS, n_dacs, 3 * dac_bits * n_dacs,
             (double) n_dacs * dac_bits * (a_match + 2 * a_min), 0,
             n_dacs * i_n, p->v_dd);
  set_block (estimate, LSG_BLOCK_ERROR, 1, 10, 10 * a_match, 0, 2 * i_n, p->v_dd);
  set_block (estimate, LSG_BLOCK_ADC, adc_bits > 0 ? 1 : 0, 20 * adc_bits,
             20 * adc_bits * a_min, 0,
             adc_bits > 0 ? i_n * (2 - ldexp (1.0, -(int) adc_bits)) : 0, p->v_dd);
  set_block (estimate, LSG_BLOCK_BIAS_GEN, 1, 20, 20 * a_match, 0,
             i_eta + i_lam + i_cm + i_n, p->v_dd);

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
