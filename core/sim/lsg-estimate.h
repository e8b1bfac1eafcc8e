/* lsg-estimate.h: what a design point costs (MODEL.md section 6): a
 * per-block model of transistors, area and power, and digital baselines
 * at the same update rate.  Cheap: no simulation. */
#pragma once

#include <glib.h>

#include "lsg-params.h"

G_BEGIN_DECLS

/* The per-weight blocks come first, then the shared ones; a block a
 * topology does not have is there with no instances. */
typedef enum {
  /* per weight */
  LSG_BLOCK_CELLS,            /* two cells (transistors) */
  LSG_BLOCK_CAPACITORS,       /* two weight capacitors (pair), one (class_ab) */
  LSG_BLOCK_MULDIV,           /* two unipolar multiplier-dividers (pair), one signed (class_ab) */
  LSG_BLOCK_AB_LOOP,          /* class_ab: the loop that ties I+ I- = I_Q^2 */
  LSG_BLOCK_FORWARD_MUL,      /* w x */
  LSG_BLOCK_GRADIENT_MUL,     /* e x */
  LSG_BLOCK_SIGN_SPLIT,       /* g -> g+, g- */
  LSG_BLOCK_BIAS_MIRRORS,     /* local copies of the bias currents */
  LSG_BLOCK_READOUT_COPIES,   /* differential and per_half readouts */
  /* shared */
  LSG_BLOCK_DACS,             /* input and target DACs, current steering */
  LSG_BLOCK_ERROR,            /* error subtraction and clipping */
  LSG_BLOCK_ADC,              /* weight readout ADC */
  LSG_BLOCK_BIAS_GEN,         /* bias generation */
  LSG_BLOCK_N
} LsgBlock;

typedef struct {
  const char *key;            /* "cells", "muldiv", ... (files, CLI) */
  const char *label;          /* "Bernoulli cells", ... (tables, GUI) */
  gboolean    per_weight;
  guint       instances;      /* how many of the block the chip has */
  guint       transistors;    /* all instances */
  double      device_area_m2; /* transistors: N W L layout_factor */
  double      cap_area_m2;    /* capacitors: C / density */
  double      current_a;      /* sum of the branch currents it draws */
  double      power_w;        /* V_DD current_a */
  const char *model;          /* one sentence: what the counts and currents assume */
} LsgBlockEstimate;

/* A digital implementation doing the same updates per second. */
typedef struct {
  const char *key;            /* "int8", "fp32" */
  double      e_mult_j;       /* at the design point's node and V_DD */
  double      e_add_j;
  double      e_mem_j;        /* one weight read or write */
  double      energy_per_update_j;   /* 3 mult + 2 add + read + write */
  double      power_w;               /* energy_per_update x updates_per_s */
  double      logic_area_m2;         /* 3 multipliers + 2 adders */
  double      sram_area_m2;          /* the weights */
  double      area_m2;
} LsgDigitalBaseline;

typedef struct {
  guint              n_weights;
  int                storage;              /* LsgStorage of the point */
  int                readout;              /* LsgReadout of the point */
  LsgBlockEstimate   blocks[LSG_BLOCK_N];
  guint              transistors;
  double             device_area_m2;
  double             cap_area_m2;
  double             overhead_area_m2;
  double             area_m2;              /* devices + capacitors + routing */
  double             current_a;
  double             power_w;              /* V_DD x all branch currents */
  double             updates_per_s;        /* n_weights / T_s */
  double             energy_per_update_j;  /* P T_s / n_weights */
  double             energy_to_converge_j; /* P t_converge; NaN without one */
  /* A read-out of all weights, one conversion per sample period: forward
   * n probe intervals with training paused, per_half n conversions,
   * differential 2 n. */
  guint              readout_conversions;
  double             readout_time_s;
  gboolean           readout_pauses_training;
  LsgDigitalBaseline int8;
  LsgDigitalBaseline fp32;
  /* digital over analog: > 1 means the analog chip is better */
  double             power_ratio_int8;
  double             power_ratio_fp32;
  double             area_ratio_int8;
  double             area_ratio_fp32;
} LsgEstimate;

/* n_weights: weights including the bias weight.  mean_cell_current_a: the
 * mean of the cell currents I+ and I- over the chip (e.g. at the end of a
 * run); NaN to take lsg_estimate_default_cell_current ().  t_converge_s:
 * NaN if unknown.  Never fails for a validated design point. */
void        lsg_estimate_compute      (const LsgParams *params,
                                       guint            n_weights,
                                       double           mean_cell_current_a,
                                       double           t_converge_s,
                                       LsgEstimate     *estimate);

/* The cell current the model takes without a run: a weight of 1/2, for
 * pair i_init + I_N / 2 (the half that holds it), for class_ab the mean
 * of I+ and I-, sqrt ((I_N / 4)^2 + I_Q^2). */
double      lsg_estimate_default_cell_current (const LsgParams *params);

/* One storage x readout combination at a design point. */
typedef struct {
  int         storage;        /* LsgStorage */
  int         readout;        /* LsgReadout */
  const char *name;           /* "pair + forward", ... */
  gboolean    is_current;     /* the point's own topology */
  /* whether the given cell current was used; FALSE for the other
   * storage, which takes its default cell current */
  gboolean    measured_cell_current;
  LsgEstimate estimate;
} LsgTopologyEstimate;

#define LSG_N_TOPOLOGIES 6

/* The estimate of every storage x readout combination at the point, pair
 * first, readouts in key order.  The point's own storage uses
 * mean_cell_current_a, the other storage its default cell current (a run
 * of one storage says nothing of the other's common mode); t_converge_s
 * only for the point's own topology. */
void        lsg_estimate_topologies   (const LsgParams     *params,
                                       guint                n_weights,
                                       double               mean_cell_current_a,
                                       double               t_converge_s,
                                       LsgTopologyEstimate  topologies[LSG_N_TOPOLOGIES]);

/* "pair + forward", ...: the key names of the two choices. */
const char *lsg_topology_name         (int storage,
                                       int readout);

/* The 45 nm, 0.9 V figures the baselines scale from, and their sources. */
typedef struct {
  const char *what;           /* "8b add", ... */
  double      energy_j;       /* NaN where no energy is given (the SRAM cell) */
  double      area_m2;        /* NaN where no area is given (the SRAM access) */
  const char *source;
} LsgDigitalFigure;

const LsgDigitalFigure *lsg_digital_figures (guint *n_figures);

/* A digital figure at 45 nm and 0.9 V taken to another node and supply,
 * first order: energy ~ node V_DD^2, area ~ node^2. */
double      lsg_digital_scale_energy  (double energy_45nm_j,
                                       double node_m,
                                       double v_dd);
double      lsg_digital_scale_area    (double area_45nm_m2,
                                       double node_m);

const char *lsg_block_key             (LsgBlock block);

/* The estimate's figures by the names summary.ini and sweep CSVs use. */
typedef struct {
  const char *key;            /* "power_w", ... */
  const char *unit;           /* SI */
  gsize       offset;         /* into LsgEstimate: a double, or a guint if is_count */
  const char *label;
  gboolean    is_count;
} LsgEstimateField;

const LsgEstimateField *lsg_estimate_fields      (guint                  *n_fields);
double                  lsg_estimate_field_value (const LsgEstimate      *estimate,
                                                  const LsgEstimateField *field);

G_END_DECLS
