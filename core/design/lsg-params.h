/* lsg-params.h: a design point (MODEL.md section 7) and its key table.
 *
 * Every key of the design-point file is described once, in a table of
 * LsgKeySpec: type, SI unit, allowed range, default.  Loading, saving,
 * `--set group.key=value`, validation messages, the GUI controls and
 * sweeps all read that one table.  Reading and writing design-point files
 * (with their technology) is lsg-design-file.h.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LSG_PARAMS_ERROR (lsg_params_error_quark ())

typedef enum {
  LSG_PARAMS_ERROR_UNKNOWN_KEY,
  LSG_PARAMS_ERROR_TYPE,
  LSG_PARAMS_ERROR_RANGE,
  LSG_PARAMS_ERROR_FILE,
} LsgParamsError;

GQuark lsg_params_error_quark (void);

typedef enum {
  LSG_DATASET_SYNTHETIC,
  LSG_DATASET_CSV,
} LsgDatasetKind;

typedef enum {
  LSG_SCALE_MAXABS,
  LSG_SCALE_NONE,
} LsgScale;

typedef enum {
  LSG_STORAGE_PAIR,           /* two Bernoulli cells per weight (MODEL.md 3.1) */
  LSG_STORAGE_CLASS_AB,       /* one capacitor, I+ I- = I_Q^2 */
} LsgStorage;

typedef enum {
  LSG_READOUT_FORWARD,        /* through the forward multipliers (MODEL.md 3.2) */
  LSG_READOUT_DIFFERENTIAL,   /* one shared copy of both halves */
  LSG_READOUT_PER_HALF,       /* a copy mirror on each half */
} LsgReadout;

/* Which mismatch groups (MODEL.md 4) a run applies when [nonideal]
 * mismatch is on.  Not a key: the error budget uses it to run each group
 * alone.  0, the value of every loaded point, is all of them. */
typedef enum {
  LSG_MISMATCH_ALL = 0,
  LSG_MISMATCH_IN_LOOP,       /* I_eta, I_lambda, I_cm branches, gradient gain */
  LSG_MISMATCH_FORWARD,       /* forward multiplier gains */
  LSG_MISMATCH_READOUT,       /* readout copies */
} LsgMismatchGroups;

typedef enum {
  LSG_CAPACITOR_MIM,
  LSG_CAPACITOR_MOS,
} LsgCapacitor;

/* All values in SI units: A, F, V, K, s, m, m^2, V*m. */
typedef struct {
  /* [dataset] */
  int      dataset_kind;      /* LsgDatasetKind */
  guint    inputs;            /* features, without the bias input */
  guint    samples;
  guint    epochs;
  double   noise;             /* std of the target noise (synthetic) */
  guint64  seed;
  gboolean shuffle;
  gboolean bias_input;
  char    *csv;               /* path; relative paths are relative to base_dir */
  char    *target;            /* column name or 1-based index; NULL or "" = last */
  int      scale;             /* LsgScale */
  double   test_fraction;

  /* [training] */
  double   t_sample;
  double   t_hold;
  double   w_init;
  double   converge_tol;      /* relative band of t_converge (MODEL.md 5) */

  /* [circuit] */
  int      storage;           /* LsgStorage */
  int      readout;           /* LsgReadout */
  double   i_q;               /* class_ab quiescent current of each half, A */
  double   i_eta;
  double   i_lambda;
  double   i_unit;
  double   i_cm;
  double   i_init;
  double   c_w;
  double   temperature;
  double   kappa;
  double   i_spec;
  double   v_t0;
  double   v_dd;
  double   e_max;
  gboolean i_eta_ptat;

  /* [nonideal] */
  gboolean moderate_inversion;
  gboolean mismatch;
  double   a_vt;
  double   device_area;
  guint64  mc_seed;
  gboolean leakage;
  double   i_leak;
  double   leak_doubling;
  double   i_floor;
  gboolean noise_on;          /* key "noise" in [nonideal] */
  guint64  noise_seed;
  guint    dac_bits;
  guint    adc_bits;
  double   adc_range;

  /* [tech]: the process, for area and power (MODEL.md section 6).  A
   * preset fills these and the circuit keys it defines; a design point
   * may override any of them by name. */
  char    *tech_preset;
  double   node;              /* feature size, m (digital scaling) */
  double   cap_density_mim;   /* F/m^2 */
  double   cap_density_mos;   /* F/m^2 */
  int      capacitor;         /* LsgCapacitor: the weight capacitor's kind */
  double   w_min;             /* minimum channel width, m */
  double   l_min;             /* minimum channel length, m */
  double   layout_factor;     /* drawn area of a device over its W L */
  double   routing_overhead;  /* area added for routing, fraction of the rest */
  double   i_spec_sq;         /* specific current per square of the cells, A */
  double   cell_w_over_l;     /* W/L of the cell transistors */

  /* Not a key: directory of the file the point was loaded from, used to
   * resolve a relative csv path.  NULL for built-in presets. */
  char    *base_dir;
  /* Not a key: LsgMismatchGroups, for the error budget. */
  int      mismatch_only;
} LsgParams;

typedef enum {
  LSG_KEY_DOUBLE,
  LSG_KEY_UINT,
  LSG_KEY_UINT64,
  LSG_KEY_BOOL,
  LSG_KEY_STRING,
  LSG_KEY_ENUM,
} LsgKeyType;

typedef enum {
  LSG_KEY_FLAG_NONE      = 0,
  LSG_KEY_FLAG_MIN_OPEN  = 1 << 0, /* value must be > min, not >= min */
  LSG_KEY_FLAG_LOG       = 1 << 1, /* spans decades: log sliders and sweeps */
  LSG_KEY_FLAG_MAX_OPEN  = 1 << 2, /* value must be < max, not <= max */
} LsgKeyFlags;

typedef struct {
  const char        *group;
  const char        *key;
  LsgKeyType         type;
  gsize              offset;      /* into LsgParams */
  double             min;         /* numeric keys: allowed range */
  double             max;
  LsgKeyFlags        flags;
  const char        *unit;        /* SI unit symbol, "" if dimensionless */
  const char *const *choices;     /* LSG_KEY_ENUM: NULL-terminated names */
  const char        *label;       /* short human name */
  const char        *blurb;       /* one sentence */
} LsgKeySpec;

const LsgKeySpec *lsg_key_specs          (guint             *n_specs);
const LsgKeySpec *lsg_key_spec_lookup    (const char        *group,
                                          const char        *key);
/* "group.key" form */
const LsgKeySpec *lsg_key_spec_lookup_path (const char      *path);
char             *lsg_key_spec_describe_range (const LsgKeySpec *spec);
/* Whether a number is finite and within the key's range (open ends as
 * the flags say). */
gboolean          lsg_key_spec_in_range  (const LsgKeySpec *spec,
                                          double            v);

LsgParams *lsg_params_copy        (const LsgParams *params);
void       lsg_params_free        (LsgParams       *params);
gboolean   lsg_params_equal       (const LsgParams *a,
                                   const LsgParams *b);

/* The data file's path made absolute (against base_dir, else the current
 * directory), or NULL when there is none. */
char      *lsg_params_resolve_csv (const LsgParams *params);

/* Parses text for one key and stores it; where names the source in
 * messages. */
gboolean   lsg_params_set_from_text   (LsgParams        *params,
                                       const LsgKeySpec *spec,
                                       const char       *text,
                                       const char       *where,
                                       GError          **error);
/* Whether group is one of the design point's groups. */
gboolean   lsg_key_spec_is_group      (const char       *group);
/* Parses text for one key ("group.key" path) and stores it. */
gboolean   lsg_params_set_from_string (LsgParams   *params,
                                       const char  *path,
                                       const char  *value,
                                       GError     **error);
/* The value of one key as text (the same form the file uses). */
char      *lsg_params_get_as_string   (const LsgParams  *params,
                                       const LsgKeySpec *spec);
/* Numeric keys (DOUBLE, UINT, UINT64, BOOL as 0/1) as double. */
double     lsg_params_get_number      (const LsgParams  *params,
                                       const LsgKeySpec *spec);
gboolean   lsg_params_set_number      (LsgParams        *params,
                                       const LsgKeySpec *spec,
                                       double            value,
                                       GError          **error);

/* Checks every value against its range and the cross-key rules
 * (e.g. i_floor < i_init).  where names the source in messages. */
gboolean   lsg_params_validate    (const LsgParams *params,
                                   const char      *where,
                                   GError         **error);

/* Derived quantities (MODEL.md section 3). */
double     lsg_params_thermal_voltage (const LsgParams *params); /* U_T, V */
double     lsg_params_i_eta_effective (const LsgParams *params); /* with PTAT, A */
double     lsg_params_i_leak_effective (const LsgParams *params); /* at T, A; 0 if off */
double     lsg_params_tau         (const LsgParams *params);      /* s */
double     lsg_params_eta         (const LsgParams *params);      /* T_s / tau */
double     lsg_params_lambda      (const LsgParams *params);      /* I_lambda / I_eta */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgParams, lsg_params_free)

G_END_DECLS
