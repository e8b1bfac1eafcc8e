/* The area and power model (core/lsg-estimate.c) against arithmetic done
 * by hand here, from the block table in core/README.md. */
#include "lsg-config.h"

#include <math.h>

#include "lsg-design-file.h"
#include "lsg-estimate.h"
#include "lsg-test-util.h"

#define NA  1e-9
#define PA  1e-12
#define PJ  1e-12
#define UM2 1e-12

/* Relative 1e-12 everywhere: the code and the hand sums add and multiply
 * the same few exact-ish decimals in a different order, which costs a few
 * ulps, never more. */
#define REL 1e-12

#define assert_rel(a, e, what) assert_rel_msg ((a), (e), REL, (what))

/* Round numbers for hand arithmetic.  Per transistor, drawn:
 * matched 1e-11 x 2 = 2e-11 m^2; minimum 1e-6 x 1e-6 x 2 = 2e-12 m^2.
 * One capacitor: 1e-12 F / 2e-3 F/m^2 = 5e-10 m^2 (MIM). */
static LsgParams *
small_point (void)
{
  LsgParams *p = lsg_params_new_default ();

  p->bias_input = TRUE;
  p->i_eta = 1 * NA;
  p->i_eta_ptat = FALSE;
  p->i_lambda = 10 * PA;
  p->i_cm = 0;
  p->i_unit = 1 * NA;
  p->i_init = 10 * PA;
  p->c_w = 1e-12;
  p->v_dd = 1.0;
  p->t_sample = 2e-6;
  p->dac_bits = 4;
  p->adc_bits = 4;
  p->device_area = 1e-11;
  p->w_min = 1e-6;
  p->l_min = 1e-6;
  p->layout_factor = 2;
  p->capacitor = LSG_CAPACITOR_MIM;
  p->cap_density_mim = 2e-3;
  p->cap_density_mos = 8e-3;
  p->routing_overhead = 0.5;
  p->node = 45e-9;
  return p;
}

/* Per weight, by hand from the table: transistors, drawn device area and
 * capacitor area of one weight's share of each per-weight block. */
static const struct {
  LsgBlock block;
  guint    transistors;
  double   device_area_m2;
  double   cap_area_m2;
} per_weight[] = {
  { LSG_BLOCK_CELLS,        2,  2 * 2e-11,  0 },
  { LSG_BLOCK_CAPACITORS,   0,  0,          2 * 5e-10 },
  { LSG_BLOCK_MULDIV,       12, 12 * 2e-11, 0 },
  { LSG_BLOCK_FORWARD_MUL,  8,  8 * 2e-11,  0 },
  { LSG_BLOCK_GRADIENT_MUL, 6,  6 * 2e-11,  0 },
  { LSG_BLOCK_SIGN_SPLIT,   4,  4 * 2e-12,  0 },  /* minimum-size switches */
  { LSG_BLOCK_BIAS_MIRRORS, 6,  6 * 2e-11,  0 },
};

/* Every storage x readout combination, to run a check on each. */
static void
set_topology (LsgParams *p,
              guint      k)
{
  p->storage = k / 3 == 0 ? LSG_STORAGE_PAIR : LSG_STORAGE_CLASS_AB;
  p->readout = k % 3 == 0 ? LSG_READOUT_FORWARD
               : k % 3 == 1 ? LSG_READOUT_DIFFERENTIAL : LSG_READOUT_PER_HALF;
}

static void
test_block_keys (void)
{
  g_autoptr(LsgParams) p = small_point ();

  for (guint k = 0; k < LSG_N_TOPOLOGIES; k++)
    {
      LsgEstimate e;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      set_topology (p, k);
      lsg_estimate_compute (p, 2, NAN, NAN, &e);
      g_assert_cmpint (e.storage, ==, p->storage);
      g_assert_cmpint (e.readout, ==, p->readout);
      for (guint b = 0; b < LSG_BLOCK_N; b++)
        {
          g_assert_nonnull (e.blocks[b].key);
          g_assert_cmpstr (e.blocks[b].key, ==, lsg_block_key (b));
          g_assert_nonnull (e.blocks[b].label);
          g_assert_nonnull (e.blocks[b].model);
          g_assert_true (g_hash_table_add (seen, (gpointer) e.blocks[b].key));
          g_assert_cmpint (e.blocks[b].per_weight, ==, b <= LSG_BLOCK_READOUT_COPIES);
        }
      g_assert_cmpstr (e.int8.key, ==, "int8");
      g_assert_cmpstr (e.fp32.key, ==, "fp32");
    }
  g_assert_cmpstr (lsg_block_key (LSG_BLOCK_MULDIV), ==, "muldiv");

  /* The blocks a topology changes say so in their model sentence. */
  {
    LsgEstimate pair, ab;
    static const LsgBlock by_storage[] = {
      LSG_BLOCK_CAPACITORS, LSG_BLOCK_MULDIV, LSG_BLOCK_AB_LOOP, LSG_BLOCK_BIAS_MIRRORS,
      LSG_BLOCK_BIAS_GEN,
    };

    p->readout = LSG_READOUT_FORWARD;
    p->storage = LSG_STORAGE_PAIR;
    lsg_estimate_compute (p, 2, NAN, NAN, &pair);
    p->storage = LSG_STORAGE_CLASS_AB;
    lsg_estimate_compute (p, 2, NAN, NAN, &ab);
    for (guint k = 0; k < G_N_ELEMENTS (by_storage); k++)
      g_assert_cmpstr (pair.blocks[by_storage[k]].model, !=, ab.blocks[by_storage[k]].model);
    g_assert_cmpstr (pair.blocks[LSG_BLOCK_GRADIENT_MUL].model, ==,
                     ab.blocks[LSG_BLOCK_GRADIENT_MUL].model);
  }
  {
    LsgEstimate e[3];

    for (guint k = 0; k < 3; k++)
      {
        set_topology (p, k);
        lsg_estimate_compute (p, 2, NAN, NAN, &e[k]);
      }
    for (guint k = 1; k < 3; k++)
      {
        g_assert_cmpstr (e[k].blocks[LSG_BLOCK_READOUT_COPIES].model, !=,
                         e[0].blocks[LSG_BLOCK_READOUT_COPIES].model);
        g_assert_cmpstr (e[k].blocks[LSG_BLOCK_ADC].model, !=, e[0].blocks[LSG_BLOCK_ADC].model);
      }
  }
}

static void
test_linear_in_weights (void)
{
  static const guint ns[] = { 1, 2, 9 };
  g_autoptr(LsgParams) p = small_point ();

  for (guint k = 0; k < G_N_ELEMENTS (ns); k++)
    {
      guint n = ns[k];
      LsgEstimate e;

      lsg_estimate_compute (p, n, 0.5 * NA, NAN, &e);
      g_assert_cmpuint (e.n_weights, ==, n);
      for (guint r = 0; r < G_N_ELEMENTS (per_weight); r++)
        {
          const LsgBlockEstimate *b = &e.blocks[per_weight[r].block];

          g_assert_cmpuint (b->instances, ==, n);
          g_assert_cmpuint (b->transistors, ==, n * per_weight[r].transistors);
          assert_rel (b->device_area_m2, n * per_weight[r].device_area_m2, b->key);
          assert_rel (b->cap_area_m2, n * per_weight[r].cap_area_m2, b->key);
        }

      /* Shared blocks do not depend on n, except the DACs: one per input
       * (n - 1 with the bias input) and the target, so n of them, each
       * 4 bits x (a matched source and two minimum switches). */
      g_assert_cmpuint (e.blocks[LSG_BLOCK_DACS].instances, ==, n);
      g_assert_cmpuint (e.blocks[LSG_BLOCK_DACS].transistors, ==, n * 3 * 4);
      assert_rel (e.blocks[LSG_BLOCK_DACS].device_area_m2, n * 4 * (2e-11 + 2 * 2e-12), "dacs");
      g_assert_cmpuint (e.blocks[LSG_BLOCK_ERROR].instances, ==, 1);
      g_assert_cmpuint (e.blocks[LSG_BLOCK_ERROR].transistors, ==, 10);
      assert_rel (e.blocks[LSG_BLOCK_ERROR].device_area_m2, 10 * 2e-11, "error");
      g_assert_cmpuint (e.blocks[LSG_BLOCK_ADC].instances, ==, 1);
      g_assert_cmpuint (e.blocks[LSG_BLOCK_ADC].transistors, ==, 20 * 4);
      assert_rel (e.blocks[LSG_BLOCK_ADC].device_area_m2, 80 * 2e-12, "adc");
      g_assert_cmpuint (e.blocks[LSG_BLOCK_BIAS_GEN].instances, ==, 1);
      g_assert_cmpuint (e.blocks[LSG_BLOCK_BIAS_GEN].transistors, ==, 20);
      assert_rel (e.blocks[LSG_BLOCK_BIAS_GEN].device_area_m2, 20 * 2e-11, "bias_gen");

      /* Totals: 38 transistors per weight, 12 per DAC, 10 + 80 + 20 shared;
       * devices 34 matched + 4 minimum per weight, 4 matched + 8 minimum
       * per DAC, 30 matched + 80 minimum shared; capacitors 1e-9 per weight;
       * routing 0.5 of both. */
      {
        double dev = n * (34 * 2e-11 + 4 * 2e-12) + n * (4 * 2e-11 + 8 * 2e-12)
                     + 30 * 2e-11 + 80 * 2e-12;
        double cap = n * 1e-9;

        g_assert_cmpuint (e.transistors, ==, 38 * n + 12 * n + 110);
        assert_rel (e.device_area_m2, dev, "device area");
        assert_rel (e.cap_area_m2, cap, "capacitor area");
        assert_rel (e.overhead_area_m2, 0.5 * (dev + cap), "overhead");
        assert_rel (e.area_m2, 1.5 * (dev + cap), "area");
      }
    }

  /* Without the bias input every weight has an input: n + 1 DACs. */
  {
    LsgEstimate e;

    p->bias_input = FALSE;
    lsg_estimate_compute (p, 9, 0.5 * NA, NAN, &e);
    g_assert_cmpuint (e.blocks[LSG_BLOCK_DACS].instances, ==, 10);
    g_assert_cmpuint (e.blocks[LSG_BLOCK_DACS].transistors, ==, 10 * 12);
  }
}

/* n = 2: worked by hand in core/README.md's example too. */
static void
test_small_case_by_hand (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate e;
  /* Every branch the chip draws, I_eta = 1 nA, I_lambda = 10 pA, I_cm = 0,
   * I_N = 1 nA, I_c = 0.5 nA, 2 weights (one input and the bias), 4-bit
   * converters. */
  const double branches[] = {
    /* cells: 2 per weight */
    0.5 * NA, 0.5 * NA, 0.5 * NA, 0.5 * NA,
    /* multiplier-dividers, per half I_eta + I_c + I_out (= I_lambda) */
    1 * NA, 0.5 * NA, 10 * PA,  1 * NA, 0.5 * NA, 10 * PA,
    1 * NA, 0.5 * NA, 10 * PA,  1 * NA, 0.5 * NA, 10 * PA,
    /* forward multipliers: two cell copies, the input, the output */
    0.5 * NA, 0.5 * NA, 1 * NA, 0.5 * NA,
    0.5 * NA, 0.5 * NA, 1 * NA, 0.5 * NA,
    /* gradient multipliers: error, input, output */
    1 * NA, 1 * NA, 1 * NA,  1 * NA, 1 * NA, 1 * NA,
    /* sign split */
    1 * NA, 1 * NA,
    /* bias mirrors: I_eta, I_lambda, I_cm per half */
    1 * NA, 10 * PA, 0,  1 * NA, 10 * PA, 0,
    1 * NA, 10 * PA, 0,  1 * NA, 10 * PA, 0,
    /* DACs: the input and the target, full scale */
    1 * NA, 1 * NA,
    /* error: two branches */
    1 * NA, 1 * NA,
    /* ADC: comparator, then I_N/2, /4, /8, /16 */
    1 * NA, 0.5 * NA, 0.25 * NA, 0.125 * NA, 0.0625 * NA,
    /* bias generation: I_eta, I_lambda, I_cm, I_N */
    1 * NA, 10 * PA, 0, 1 * NA,
  };
  double sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (branches); i++)
    sum += branches[i];
  /* 2 x 12.54 nA per weight + 7.9475 nA shared */
  assert_rel (sum, 33.0275 * NA, "hand sum");

  p->v_dd = 1.2;
  lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &e);
  assert_rel (e.current_a, sum, "current");
  assert_rel (e.power_w, 1.2 * sum, "power");

  /* Per block, from the same list. */
  assert_rel (e.blocks[LSG_BLOCK_CELLS].current_a, 2 * NA, "cells");
  g_assert_cmpfloat (e.blocks[LSG_BLOCK_CAPACITORS].current_a, ==, 0);
  assert_rel (e.blocks[LSG_BLOCK_MULDIV].current_a, 6.04 * NA, "muldiv");
  assert_rel (e.blocks[LSG_BLOCK_FORWARD_MUL].current_a, 5 * NA, "forward_mul");
  assert_rel (e.blocks[LSG_BLOCK_GRADIENT_MUL].current_a, 6 * NA, "gradient_mul");
  assert_rel (e.blocks[LSG_BLOCK_SIGN_SPLIT].current_a, 2 * NA, "sign_split");
  assert_rel (e.blocks[LSG_BLOCK_BIAS_MIRRORS].current_a, 4.04 * NA, "bias_mirrors");
  assert_rel (e.blocks[LSG_BLOCK_DACS].current_a, 2 * NA, "dacs");
  assert_rel (e.blocks[LSG_BLOCK_ERROR].current_a, 2 * NA, "error");
  assert_rel (e.blocks[LSG_BLOCK_ADC].current_a, 1.9375 * NA, "adc");
  assert_rel (e.blocks[LSG_BLOCK_BIAS_GEN].current_a, 2.01 * NA, "bias_gen");
  for (guint b = 0; b < LSG_BLOCK_N; b++)
    assert_rel_msg (e.blocks[b].power_w, 1.2 * e.blocks[b].current_a, 1e-15, e.blocks[b].key);

  /* Area: 210 transistors, 106 matched and 104 minimum; 4 capacitors. */
  g_assert_cmpuint (e.transistors, ==, 210);
  assert_rel (e.device_area_m2, 106 * 2e-11 + 104 * 2e-12, "device area");
  assert_rel (e.cap_area_m2, 4 * 5e-10, "capacitor area");
  assert_rel (e.area_m2, 1.5 * (2.328e-9 + 2e-9), "area");

  /* MOS capacitors: 1e-12 / 8e-3 each. */
  p->capacitor = LSG_CAPACITOR_MOS;
  lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &e);
  assert_rel (e.cap_area_m2, 4 * 1.25e-10, "MOS capacitor area");

  /* Unknown cell current: i_init + I_N / 2 = 0.51 nA per cell. */
  lsg_estimate_compute (p, 2, NAN, NAN, &e);
  assert_rel (e.blocks[LSG_BLOCK_CELLS].current_a, 4 * 0.51 * NA, "default I_c");
}

static void
test_ideal_converters (void)
{
  static const LsgBlock converters[] = { LSG_BLOCK_DACS, LSG_BLOCK_ADC };
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate e, with;

  lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &with);
  p->dac_bits = 0;
  p->adc_bits = 0;
  lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &e);
  /* Ideal converters are not counted at all. */
  for (guint k = 0; k < G_N_ELEMENTS (converters); k++)
    {
      LsgBlock b = converters[k];

      g_assert_cmpuint (e.blocks[b].instances, ==, 0);
      g_assert_cmpuint (e.blocks[b].transistors, ==, 0);
      g_assert_cmpfloat (e.blocks[b].device_area_m2, ==, 0);
      g_assert_cmpfloat (e.blocks[b].current_a, ==, 0);
    }
  /* 24 DAC and 80 ADC transistors fewer; 2 + 1.9375 nA less. */
  g_assert_cmpuint (e.transistors, ==, with.transistors - 24 - 80);
  assert_rel (e.current_a, (33.0275 - 2 - 1.9375) * NA, "current");
}

/* Doubling I_eta changes the multiplier-dividers (2 n I_eta), the bias
 * mirrors (2 n I_eta) and the bias generator (I_eta), nothing else. */
static void
test_double_i_eta (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate a, b;
  const guint n = 2;

  lsg_estimate_compute (p, n, 0.5 * NA, 1e-4, &a);
  p->i_eta *= 2;
  lsg_estimate_compute (p, n, 0.5 * NA, 1e-4, &b);

  for (guint k = 0; k < LSG_BLOCK_N; k++)
    {
      double delta = 0;

      if (k == LSG_BLOCK_MULDIV || k == LSG_BLOCK_BIAS_MIRRORS)
        delta = 2 * n * 1 * NA;
      else if (k == LSG_BLOCK_BIAS_GEN)
        delta = 1 * NA;
      if (delta == 0)
        g_assert_cmpfloat (b.blocks[k].current_a, ==, a.blocks[k].current_a);
      else
        assert_rel (b.blocks[k].current_a - a.blocks[k].current_a, delta, a.blocks[k].key);
      /* Currents do not move transistors or area. */
      g_assert_cmpuint (b.blocks[k].transistors, ==, a.blocks[k].transistors);
      g_assert_cmpfloat (b.blocks[k].device_area_m2, ==, a.blocks[k].device_area_m2);
    }
  /* 4 + 4 + 1 nA more in all; relative to the difference, the sums'
   * rounding is a few 1e-16 of 33 nA. */
  assert_rel_msg (b.current_a - a.current_a, 9 * NA, 1e-9, "total");
}

static void
test_energy (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate e;
  const guint n = 9;

  p->t_sample = 5e-6;
  lsg_estimate_compute (p, n, 0.3 * NA, 2e-3, &e);
  /* (d + 1) / T_s updates per second, here 9 / 5 us */
  assert_rel (e.updates_per_s, 1.8e6, "updates per second");
  assert_rel (e.energy_per_update_j, e.power_w * 5e-6 / 9, "energy per update");
  assert_rel (e.energy_to_converge_j, e.power_w * 2e-3, "energy to converge");

  lsg_estimate_compute (p, n, 0.3 * NA, NAN, &e);
  g_assert_true (isnan (e.energy_to_converge_j));
  g_assert_true (isfinite (e.energy_per_update_j));
}

/* The figures, in pJ and um^2, at 45 nm and 0.9 V. */
static void
test_digital_figures (void)
{
  static const struct {
    const char *what;
    double      pj;
    double      um2;
  } expect[] = {
    { "8b add", 0.03, 36 },
    { "8b mult", 0.2, 282 },
    { "32b int add", 0.1, 137 },
    { "32b int mult", 3.1, 3495 },
    { "fp32 add", 0.9, 4184 },
    { "fp32 mult", 3.7, 7700 },
    { "8 KB SRAM 64-bit access", 10, NAN },
    { "6T SRAM cell", NAN, 0.346 },
  };
  guint n_figures = 0;
  const LsgDigitalFigure *f = lsg_digital_figures (&n_figures);

  g_assert_cmpuint (n_figures, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < n_figures; i++)
    {
      g_assert_cmpstr (f[i].what, ==, expect[i].what);
      g_assert_true (f[i].source != NULL && f[i].source[0] != '\0');
      if (isnan (expect[i].pj))
        g_assert_true (isnan (f[i].energy_j));
      else
        assert_rel (f[i].energy_j, expect[i].pj * PJ, f[i].what);
      if (isnan (expect[i].um2))
        g_assert_true (isnan (f[i].area_m2));
      else
        assert_rel (f[i].area_m2, expect[i].um2 * UM2, f[i].what);
    }
}

static void
test_digital_45nm (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate e;
  const guint n = 9;

  p->node = 45e-9;
  p->v_dd = 0.9;
  lsg_estimate_compute (p, n, 0.5 * NA, NAN, &e);

  assert_rel (e.int8.e_mult_j, 0.2 * PJ, "int8 mult");
  assert_rel (e.int8.e_add_j, 0.03 * PJ, "int8 add");
  assert_rel (e.int8.e_mem_j, 10 * PJ, "int8 memory");
  assert_rel (e.fp32.e_mult_j, 3.7 * PJ, "fp32 mult");
  assert_rel (e.fp32.e_add_j, 0.9 * PJ, "fp32 add");
  assert_rel (e.fp32.e_mem_j, 10 * PJ, "fp32 memory");
  /* 3 x 0.2 + 2 x 0.03 + 2 x 10 and 3 x 3.7 + 2 x 0.9 + 2 x 10 */
  assert_rel (e.int8.energy_per_update_j, 20.66 * PJ, "int8 update");
  assert_rel (e.fp32.energy_per_update_j, 32.9 * PJ, "fp32 update");
  /* at 9 / 2 us = 4.5e6 updates per second */
  assert_rel (e.int8.power_w, 20.66 * PJ * 4.5e6, "int8 power");
  assert_rel (e.fp32.power_w, 32.9 * PJ * 4.5e6, "fp32 power");
  /* 3 x 282 + 2 x 36 and 3 x 7700 + 2 x 4184; 9 weights x 8 or 32 bits
   * x 0.346 um^2 */
  assert_rel (e.int8.logic_area_m2, 918 * UM2, "int8 logic");
  assert_rel (e.fp32.logic_area_m2, 31468 * UM2, "fp32 logic");
  assert_rel (e.int8.sram_area_m2, 24.912 * UM2, "int8 SRAM");
  assert_rel (e.fp32.sram_area_m2, 99.648 * UM2, "fp32 SRAM");
  assert_rel (e.int8.area_m2, (918 + 24.912) * UM2, "int8 area");
  assert_rel (e.fp32.area_m2, (31468 + 99.648) * UM2, "fp32 area");

  /* digital over analog */
  assert_rel (e.power_ratio_int8, e.int8.power_w / e.power_w, "power ratio int8");
  assert_rel (e.power_ratio_fp32, e.fp32.power_w / e.power_w, "power ratio fp32");
  assert_rel (e.area_ratio_int8, e.int8.area_m2 / e.area_m2, "area ratio int8");
  assert_rel (e.area_ratio_fp32, e.fp32.area_m2 / e.area_m2, "area ratio fp32");
}

/* Energy ~ node V_DD^2: twice the node and twice the supply is 2 x 4 = 8;
 * area ~ node^2: 4. */
static void
test_digital_scaling (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate e;

  assert_rel (lsg_digital_scale_energy (1.0, 90e-9, 1.8), 8.0, "energy scale");
  assert_rel (lsg_digital_scale_area (1.0, 90e-9), 4.0, "area scale");
  assert_rel (lsg_digital_scale_energy (1.0, 45e-9, 0.9), 1.0, "energy at 45 nm");
  /* 180 nm, 1.2 V: 4 x (4/3)^2 = 64/9; 16 */
  assert_rel (lsg_digital_scale_energy (1.0, 180e-9, 1.2), 64.0 / 9, "energy at 180 nm");
  assert_rel (lsg_digital_scale_area (1.0, 180e-9), 16.0, "area at 180 nm");

  p->node = 90e-9;
  p->v_dd = 1.8;
  lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &e);
  assert_rel (e.int8.e_mult_j, 8 * 0.2 * PJ, "int8 mult");
  assert_rel (e.fp32.e_add_j, 8 * 0.9 * PJ, "fp32 add");
  assert_rel (e.int8.energy_per_update_j, 8 * 20.66 * PJ, "int8 update");
  assert_rel (e.fp32.energy_per_update_j, 8 * 32.9 * PJ, "fp32 update");
  /* 2 weights: 16 and 64 bits of 0.346 um^2 */
  assert_rel (e.int8.area_m2, 4 * (918 + 16 * 0.346) * UM2, "int8 area");
  assert_rel (e.fp32.area_m2, 4 * (31468 + 64 * 0.346) * UM2, "fp32 area");
}

/* The forward readout adds no device; a read-out of all weights is n
 * probe intervals of t_sample with training paused. */
static void
test_forward_readout (void)
{
  g_autoptr(LsgParams) p = small_point ();
  const guint n = 9;
  LsgEstimate e;

  p->readout = LSG_READOUT_FORWARD;
  p->t_sample = 3e-6;
  lsg_estimate_compute (p, n, 0.5 * NA, NAN, &e);
  g_assert_cmpuint (e.blocks[LSG_BLOCK_READOUT_COPIES].instances, ==, 0);
  g_assert_cmpuint (e.blocks[LSG_BLOCK_READOUT_COPIES].transistors, ==, 0);
  g_assert_cmpfloat (e.blocks[LSG_BLOCK_READOUT_COPIES].device_area_m2, ==, 0);
  g_assert_cmpfloat (e.blocks[LSG_BLOCK_READOUT_COPIES].current_a, ==, 0);
  g_assert_cmpuint (e.readout_conversions, ==, 9);
  assert_rel (e.readout_time_s, 27e-6, "forward read-out time");
  g_assert_true (e.readout_pauses_training);
  /* the same totals as the hand count of test_linear_in_weights */
  g_assert_cmpuint (e.transistors, ==, 38 * n + 12 * n + 110);
}

/* Two estimates of one point that differ in the readout: every block
 * but the readout copies is the same. */
static void
assert_only_copies_differ (const LsgEstimate *a,
                           const LsgEstimate *b)
{
  for (guint k = 0; k < LSG_BLOCK_N; k++)
    if (k != LSG_BLOCK_READOUT_COPIES)
      {
        g_assert_cmpuint (a->blocks[k].transistors, ==, b->blocks[k].transistors);
        g_assert_cmpfloat (a->blocks[k].device_area_m2, ==, b->blocks[k].device_area_m2);
        g_assert_cmpfloat (a->blocks[k].cap_area_m2, ==, b->blocks[k].cap_area_m2);
        g_assert_cmpfloat (a->blocks[k].current_a, ==, b->blocks[k].current_a);
      }
}

/* per_half: two matched copy devices per weight, each carrying its half's
 * current (the mean cell current), on either storage. */
static void
test_per_half_readout (void)
{
  static const int storages[] = { LSG_STORAGE_PAIR, LSG_STORAGE_CLASS_AB };
  g_autoptr(LsgParams) p = small_point ();
  const guint n = 5;

  p->i_q = 0.2 * NA;
  for (guint s = 0; s < G_N_ELEMENTS (storages); s++)
    {
      LsgEstimate fwd, per;
      const LsgBlockEstimate *b;

      p->storage = storages[s];
      p->readout = LSG_READOUT_FORWARD;
      lsg_estimate_compute (p, n, 0.4 * NA, NAN, &fwd);
      p->readout = LSG_READOUT_PER_HALF;
      lsg_estimate_compute (p, n, 0.4 * NA, NAN, &per);

      b = &per.blocks[LSG_BLOCK_READOUT_COPIES];
      g_assert_cmpuint (b->instances, ==, n);
      g_assert_cmpuint (b->transistors, ==, 2 * n);
      assert_rel (b->device_area_m2, 2 * n * 2e-11, "per_half copy area");
      assert_rel (b->current_a, 2 * n * 0.4 * NA, "per_half copy current");
      assert_only_copies_differ (&fwd, &per);
      g_assert_cmpuint (per.transistors, ==, fwd.transistors + 2 * n);
      assert_rel (per.device_area_m2 - fwd.device_area_m2, 2 * n * 2e-11, "device area");
      /* 4 nA more on some 60 nA: the difference keeps 1e-9 relative */
      assert_rel_msg (per.current_a - fwd.current_a, 2 * n * 0.4 * NA, 1e-9, "current");
      assert_rel_msg (per.power_w - fwd.power_w, 2 * n * 0.4 * NA * p->v_dd, 1e-9, "power");
      /* n conversions, one per sample period, while training goes on */
      g_assert_cmpuint (per.readout_conversions, ==, n);
      assert_rel (per.readout_time_s, n * 2e-6, "per_half read-out time");
      g_assert_false (per.readout_pauses_training);
    }
}

/* differential: one matched copy per weight and its 2 minimum-size
 * switches; two conversions per weight, so twice per_half's read-out. */
static void
test_differential_readout (void)
{
  g_autoptr(LsgParams) p = small_point ();
  const guint n = 4;
  LsgEstimate fwd, per, diff;
  const LsgBlockEstimate *b;

  p->readout = LSG_READOUT_FORWARD;
  lsg_estimate_compute (p, n, 0.5 * NA, NAN, &fwd);
  p->readout = LSG_READOUT_PER_HALF;
  lsg_estimate_compute (p, n, 0.5 * NA, NAN, &per);
  p->readout = LSG_READOUT_DIFFERENTIAL;
  lsg_estimate_compute (p, n, 0.5 * NA, NAN, &diff);

  b = &diff.blocks[LSG_BLOCK_READOUT_COPIES];
  g_assert_cmpuint (b->instances, ==, n);
  g_assert_cmpuint (b->transistors, ==, 3 * n);
  /* one matched device (2e-11) and two minimum ones (2e-12 each) */
  assert_rel (b->device_area_m2, n * (2e-11 + 2 * 2e-12), "differential copy area");
  assert_rel (b->current_a, n * 0.5 * NA, "differential copy current");
  assert_only_copies_differ (&fwd, &diff);
  g_assert_cmpuint (diff.transistors, ==, fwd.transistors + 3 * n);
  assert_rel_msg (diff.current_a - fwd.current_a, n * 0.5 * NA, 1e-9, "current");

  g_assert_cmpuint (diff.readout_conversions, ==, 2 * n);
  assert_rel (diff.readout_time_s, 2 * n * 2e-6, "differential read-out time");
  g_assert_cmpfloat (diff.readout_time_s, ==, 2 * per.readout_time_s);
  g_assert_false (diff.readout_pauses_training);
}

/* class_ab, n = 2, forward readout, I_c = 0.5 nA, I_Q = 0.2 nA, every
 * branch listed by hand from the block model. */
static void
test_class_ab_by_hand (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate pair, ab;
  const double branches[] = {
    /* per weight (two of them) */
    /* cells: I+ and I-, 2 I_c */
    0.5 * NA, 0.5 * NA,  0.5 * NA, 0.5 * NA,
    /* one signed divider: I_eta, the denominator I+ + I-, the output
     * (I_lambda) and the decay pair's tail (I_lambda) */
    1 * NA, 1 * NA, 10 * PA, 10 * PA,  1 * NA, 1 * NA, 10 * PA, 10 * PA,
    /* the loop: diodes and follower at I_Q */
    0.2 * NA, 0.2 * NA,  0.2 * NA, 0.2 * NA,
    /* forward multipliers: two cell copies, the input, the output */
    0.5 * NA, 0.5 * NA, 1 * NA, 0.5 * NA,  0.5 * NA, 0.5 * NA, 1 * NA, 0.5 * NA,
    /* gradient multipliers */
    1 * NA, 1 * NA, 1 * NA,  1 * NA, 1 * NA, 1 * NA,
    /* sign split */
    1 * NA, 1 * NA,
    /* bias mirrors: I_eta and I_lambda, once per weight */
    1 * NA, 10 * PA,  1 * NA, 10 * PA,
    /* shared: DACs, error, ADC as for the pair */
    1 * NA, 1 * NA,  1 * NA, 1 * NA,
    1 * NA, 0.5 * NA, 0.25 * NA, 0.125 * NA, 0.0625 * NA,
    /* bias generation: I_eta, I_lambda, I_Q, I_N */
    1 * NA, 10 * PA, 0.2 * NA, 1 * NA,
  };
  double sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (branches); i++)
    sum += branches[i];
  /* 2 x 10.93 nA per weight + 8.1475 nA shared */
  assert_rel (sum, 30.0075 * NA, "hand sum");

  p->i_q = 0.2 * NA;
  p->i_cm = 3 * PA;           /* the pair draws it, class_ab has no I_cm branch */
  p->readout = LSG_READOUT_FORWARD;
  p->storage = LSG_STORAGE_PAIR;
  lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &pair);
  p->storage = LSG_STORAGE_CLASS_AB;
  lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &ab);

  assert_rel (ab.current_a, sum, "class_ab current");
  assert_rel (ab.power_w, p->v_dd * sum, "class_ab power");
  assert_rel (ab.blocks[LSG_BLOCK_MULDIV].current_a, 2 * 2.02 * NA, "muldiv");
  assert_rel (ab.blocks[LSG_BLOCK_AB_LOOP].current_a, 4 * 0.2 * NA, "ab_loop");
  assert_rel (ab.blocks[LSG_BLOCK_BIAS_MIRRORS].current_a, 2 * 1.01 * NA, "bias_mirrors");
  assert_rel (ab.blocks[LSG_BLOCK_BIAS_GEN].current_a, 2.21 * NA, "bias_gen");
  /* the pair with I_cm = 3 pA: 33.0275 nA + 2 n I_cm (mirrors) + I_cm */
  assert_rel (pair.current_a, 33.0275 * NA + 5 * 3 * PA, "pair current");
  g_assert_cmpuint (pair.blocks[LSG_BLOCK_AB_LOOP].instances, ==, 0);
  g_assert_cmpfloat (pair.blocks[LSG_BLOCK_AB_LOOP].current_a, ==, 0);

  /* Transistors: per weight cells 2, divider 11, loop 4, forward 8,
   * gradient 6, sign split 4, bias mirrors 2 = 37 (33 matched, 4
   * minimum); shared 134 (38 matched, 96 minimum); so 208, 104 matched
   * and 104 minimum, against the pair's 210. */
  g_assert_cmpuint (ab.blocks[LSG_BLOCK_MULDIV].transistors, ==, 2 * 11);
  g_assert_cmpuint (pair.blocks[LSG_BLOCK_MULDIV].transistors, ==, 2 * 12);
  g_assert_cmpuint (ab.blocks[LSG_BLOCK_AB_LOOP].transistors, ==, 2 * 4);
  g_assert_cmpuint (ab.transistors, ==, 208);
  g_assert_cmpuint (pair.transistors, ==, 210);
  assert_rel (ab.device_area_m2, 104 * 2e-11 + 104 * 2e-12, "device area");

  /* One capacitor per weight: exactly half the pair's capacitor area. */
  g_assert_cmpuint (ab.blocks[LSG_BLOCK_CAPACITORS].transistors, ==, 0);
  g_assert_cmpfloat (ab.blocks[LSG_BLOCK_CAPACITORS].cap_area_m2 * 2, ==,
                     pair.blocks[LSG_BLOCK_CAPACITORS].cap_area_m2);
  g_assert_cmpfloat (ab.cap_area_m2 * 2, ==, pair.cap_area_m2);
  assert_rel (ab.cap_area_m2, 2 * 5e-10, "capacitor area");
  assert_rel (ab.area_m2, 1.5 * (104 * 2e-11 + 104 * 2e-12 + 1e-9), "area");

  /* I_cm moves nothing in class_ab; I_Q moves only the loop (2 n I_Q)
   * and the bias generator (I_Q), and nothing in the pair. */
  {
    LsgEstimate ab2, pair2;

    p->i_cm = 0;
    lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &ab2);
    g_assert_cmpfloat (ab2.current_a, ==, ab.current_a);
    p->i_q = 0.4 * NA;
    lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &ab2);
    assert_rel_msg (ab2.current_a - ab.current_a, 5 * 0.2 * NA, 1e-9, "I_Q");
    assert_rel (ab2.blocks[LSG_BLOCK_AB_LOOP].current_a, 4 * 0.4 * NA, "ab_loop at 0.4 nA");
    p->storage = LSG_STORAGE_PAIR;
    p->i_cm = 3 * PA;
    lsg_estimate_compute (p, 2, 0.5 * NA, NAN, &pair2);
    g_assert_cmpfloat (pair2.current_a, ==, pair.current_a);
  }
}

/* Without a run the class_ab model takes the mean of I+ and I- at
 * w = 1/2 from I+- = (+-w I_N + sqrt (w^2 I_N^2 + 4 I_Q^2)) / 2. */
static void
test_default_cell_current (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgEstimate e;
  double w = 0.5, i_n = 1 * NA, i_q = 0.2 * NA;
  double root = sqrt (w * w * i_n * i_n + 4 * i_q * i_q);
  double i_plus = (w * i_n + root) / 2, i_minus = (-w * i_n + root) / 2;

  /* the loop's invariant holds for the hand values */
  assert_rel (i_plus * i_minus, i_q * i_q, "I+ I- = I_Q^2");
  p->i_q = i_q;
  p->storage = LSG_STORAGE_CLASS_AB;
  assert_rel (lsg_estimate_default_cell_current (p), (i_plus + i_minus) / 2, "class_ab default");
  lsg_estimate_compute (p, 2, NAN, NAN, &e);
  assert_rel (e.blocks[LSG_BLOCK_CELLS].current_a, 2 * (i_plus + i_minus), "cells");
  p->storage = LSG_STORAGE_PAIR;
  assert_rel (lsg_estimate_default_cell_current (p), 0.51 * NA, "pair default");
}

/* The comparison of every storage x readout: each entry is the estimate
 * of the point with that topology, the other storage at its default cell
 * current, and the point's own topology marked. */
static void
test_topologies (void)
{
  g_autoptr(LsgParams) p = small_point ();
  LsgTopologyEstimate t[LSG_N_TOPOLOGIES];
  guint n_current = 0;

  p->i_q = 0.2 * NA;
  p->storage = LSG_STORAGE_CLASS_AB;
  p->readout = LSG_READOUT_DIFFERENTIAL;
  lsg_estimate_topologies (p, 3, 0.7 * NA, 1e-3, t);
  for (guint k = 0; k < LSG_N_TOPOLOGIES; k++)
    {
      g_autoptr(LsgParams) q = lsg_params_copy (p);
      gboolean own_storage, own;
      LsgEstimate e;

      set_topology (q, k);
      own_storage = q->storage == p->storage;
      own = own_storage && q->readout == p->readout;
      g_assert_cmpint (t[k].storage, ==, q->storage);
      g_assert_cmpint (t[k].readout, ==, q->readout);
      g_assert_cmpstr (t[k].name, ==, lsg_topology_name (q->storage, q->readout));
      g_assert_cmpint (t[k].is_current, ==, own);
      g_assert_cmpint (t[k].measured_cell_current, ==, own_storage);
      n_current += own;
      lsg_estimate_compute (q, 3, own_storage ? 0.7 * NA : NAN, own ? 1e-3 : NAN, &e);
      g_assert_cmpuint (t[k].estimate.transistors, ==, e.transistors);
      g_assert_cmpfloat (t[k].estimate.area_m2, ==, e.area_m2);
      g_assert_cmpfloat (t[k].estimate.power_w, ==, e.power_w);
      g_assert_cmpfloat (t[k].estimate.readout_time_s, ==, e.readout_time_s);
      g_assert_cmpint (isnan (t[k].estimate.energy_to_converge_j), ==, !own);
    }
  g_assert_cmpuint (n_current, ==, 1);
  g_assert_cmpstr (lsg_topology_name (LSG_STORAGE_CLASS_AB, LSG_READOUT_PER_HALF), ==,
                   "class_ab + per_half");
  /* the names are the key values */
  {
    const LsgKeySpec *storage = lsg_key_spec_lookup ("circuit", "storage");
    const LsgKeySpec *readout = lsg_key_spec_lookup ("circuit", "readout");

    for (guint k = 0; k < LSG_N_TOPOLOGIES; k++)
      {
        g_autofree char *name = g_strdup_printf ("%s + %s", storage->choices[t[k].storage],
                                                 readout->choices[t[k].readout]);
        g_assert_cmpstr (t[k].name, ==, name);
      }
  }
}

/* readout_time_s is a field of summary.ini and the sweeps. */
static void
test_readout_field (void)
{
  g_autoptr(LsgParams) p = small_point ();
  guint n_fields;
  const LsgEstimateField *fields = lsg_estimate_fields (&n_fields);
  const LsgEstimateField *found = NULL;
  LsgEstimate e;

  for (guint f = 0; f < n_fields; f++)
    if (g_str_equal (fields[f].key, "readout_time_s"))
      found = &fields[f];
  g_assert_nonnull (found);
  g_assert_cmpstr (found->unit, ==, "s");
  p->readout = LSG_READOUT_DIFFERENTIAL;
  lsg_estimate_compute (p, 7, NAN, NAN, &e);
  assert_rel (lsg_estimate_field_value (&e, found), 14 * 2e-6, "readout_time_s");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/estimate/block-keys", test_block_keys);
  g_test_add_func ("/estimate/linear-in-weights", test_linear_in_weights);
  g_test_add_func ("/estimate/small-case-by-hand", test_small_case_by_hand);
  g_test_add_func ("/estimate/ideal-converters", test_ideal_converters);
  g_test_add_func ("/estimate/double-i-eta", test_double_i_eta);
  g_test_add_func ("/estimate/energy", test_energy);
  g_test_add_func ("/estimate/forward-readout", test_forward_readout);
  g_test_add_func ("/estimate/per-half-readout", test_per_half_readout);
  g_test_add_func ("/estimate/differential-readout", test_differential_readout);
  g_test_add_func ("/estimate/class-ab-by-hand", test_class_ab_by_hand);
  g_test_add_func ("/estimate/default-cell-current", test_default_cell_current);
  g_test_add_func ("/estimate/topologies", test_topologies);
  g_test_add_func ("/estimate/readout-field", test_readout_field);
  g_test_add_func ("/estimate/digital-figures", test_digital_figures);
  g_test_add_func ("/estimate/digital-45nm", test_digital_45nm);
  g_test_add_func ("/estimate/digital-scaling", test_digital_scaling);

  return g_test_run ();
}
