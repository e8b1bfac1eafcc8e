/* lsg-params.c: design points, their key table, file format and checks. */
#include "lsg-config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lsg-params.h"
#include "lsg-file.h"
#include "lsg-number.h"

G_DEFINE_QUARK (lsg-params-error-quark, lsg_params_error)

#define BOLTZMANN_J_PER_K 1.380649e-23
#define ELEMENTARY_CHARGE_C 1.602176634e-19
#define T_REF_K 300.15

static const char *const dataset_kinds[] = { "synthetic", "csv", NULL };
static const char *const scales[] = { "maxabs", "none", NULL };
static const char *const capacitors[] = { "mim", "mos", NULL };
static const char *const storages[] = { "pair", "class_ab", NULL };
static const char *const readouts[] = { "forward", "differential", "per_half", NULL };

#define OFF(field) offsetof (LsgParams, field)
#define DBL(g, k, f, lo, hi, fl, u, lab, bl) \
  { g, k, LSG_KEY_DOUBLE, OFF (f), lo, hi, fl, u, NULL, lab, bl }
#define UINT(g, k, f, lo, hi, lab, bl) \
  { g, k, LSG_KEY_UINT, OFF (f), lo, hi, 0, "", NULL, lab, bl }
#define SEED(g, k, f, lab, bl) \
  { g, k, LSG_KEY_UINT64, OFF (f), 0, 4294967295.0, 0, "", NULL, lab, bl }
#define BOOL(g, k, f, lab, bl) \
  { g, k, LSG_KEY_BOOL, OFF (f), 0, 1, 0, "", NULL, lab, bl }
#define STR(g, k, f, lab, bl) \
  { g, k, LSG_KEY_STRING, OFF (f), 0, 0, 0, "", NULL, lab, bl }
#define ENUM(g, k, f, ch, lab, bl) \
  { g, k, LSG_KEY_ENUM, OFF (f), 0, 0, 0, "", ch, lab, bl }

/* Ranges are physical plausibility limits, wide enough for any
 * design-space exploration, tight enough to keep the solver finite. */
static const LsgKeySpec key_specs[] = {
  ENUM ("dataset", "kind", dataset_kind, dataset_kinds, "Data set",
        "synthetic (random linear task) or csv (a file)"),
  UINT ("dataset", "inputs", inputs, 1, 64, "Inputs",
        "number of features of the synthetic task, without the bias input"),
  UINT ("dataset", "samples", samples, 1, 100000, "Samples",
        "number of synthetic samples"),
  UINT ("dataset", "epochs", epochs, 1, 10000, "Epochs",
        "passes over the training samples"),
  DBL ("dataset", "noise", noise, 0, 10, 0, "", "Target noise",
       "standard deviation of the noise added to synthetic targets"),
  SEED ("dataset", "seed", seed, "Data seed",
        "seed of the synthetic data, the shuffle and the test split"),
  BOOL ("dataset", "shuffle", shuffle, "Shuffle",
        "present the samples in a new seeded order every epoch"),
  BOOL ("dataset", "bias_input", bias_input, "Bias input",
        "add an input fixed at 1, whose weight is the bias (last weight)"),
  STR ("dataset", "csv", csv, "CSV file",
       "path of the data file, relative to the design-point file"),
  STR ("dataset", "target", target, "Target column",
       "target column by header name or 1-based index; empty: the last"),
  ENUM ("dataset", "scale", scale, scales, "Scaling",
        "maxabs: divide each column by its largest absolute value; none: use as is"),
  DBL ("dataset", "test_fraction", test_fraction, 0, 0.9, 0, "", "Test fraction",
       "fraction of the samples held out for the test loss"),

  DBL ("training", "t_sample", t_sample, 1e-12, 1, LSG_KEY_FLAG_LOG, "s", "Sample period",
       "time each sample is held at the inputs"),
  DBL ("training", "t_hold", t_hold, 0, 1e6, 0, "s", "Hold time",
       "time after training with the learning currents off"),
  DBL ("training", "w_init", w_init, -10, 10, 0, "", "Initial weight",
       "every weight at t = 0"),
  DBL ("training", "converge_tol", converge_tol, 0, 1,
       LSG_KEY_FLAG_MIN_OPEN | LSG_KEY_FLAG_MAX_OPEN, "", "Convergence band",
       "t_converge: the weights stay within this fraction of their last-epoch mean (plus one ADC LSB)"),

  ENUM ("circuit", "storage", storage, storages, "Weight storage",
        "pair: two Bernoulli cells per weight, each integrating half of the gradient; "
        "class_ab: one capacitor per weight, I+ I- = I_Q^2, one signed integrator"),
  ENUM ("circuit", "readout", readout, readouts, "Weight readout",
        "forward: read through the forward multipliers the chip computes with; "
        "differential: both halves through one shared copy; per_half: a copy mirror on each half"),
  DBL ("circuit", "i_q", i_q, 1e-15, 1e-5, LSG_KEY_FLAG_LOG, "A", "Class-AB quiescent current I_Q",
       "current of each half at w = 0 with class_ab storage (I+ I- = I_Q^2)"),
  DBL ("circuit", "i_eta", i_eta, 1e-15, 1e-5, LSG_KEY_FLAG_LOG, "A", "Learning-rate bias I\xce\xb7",
       "bias current of the multiplier-dividers: sets the learning rate"),
  DBL ("circuit", "i_lambda", i_lambda, 0, 1e-5, LSG_KEY_FLAG_LOG, "A", "Regularization bias I\xce\xbb",
       "constant discharge of every weight capacitor: sets lambda = I_lambda / I_eta"),
  DBL ("circuit", "i_unit", i_unit, 1e-15, 1e-5, LSG_KEY_FLAG_LOG | LSG_KEY_FLAG_MIN_OPEN, "A", "Unit current I_N",
       "the current that represents a weight of 1"),
  DBL ("circuit", "i_cm", i_cm, 0, 1e-5, LSG_KEY_FLAG_LOG, "A", "Common-mode current",
       "current added to both halves to keep them off the floor"),
  DBL ("circuit", "i_init", i_init, 1e-18, 1e-5, LSG_KEY_FLAG_LOG, "A", "Initial cell current",
       "current of each half at t = 0, besides the initial weight"),
  DBL ("circuit", "c_w", c_w, 1e-16, 1e-8, LSG_KEY_FLAG_LOG, "F", "Weight capacitor C_w",
       "capacitor that stores the log of each half-weight current"),
  DBL ("circuit", "temperature", temperature, 200, 450, 0, "K", "Temperature",
       "die temperature"),
  DBL ("circuit", "kappa", kappa, 0.3, 1, LSG_KEY_FLAG_MIN_OPEN, "", "Slope factor \xce\xba",
       "subthreshold gate coupling, 1/n"),
  DBL ("circuit", "i_spec", i_spec, 1e-12, 1e-2, LSG_KEY_FLAG_LOG, "A", "Specific current",
       "specific current of a cell transistor (moderate inversion at IC = 1)"),
  DBL ("circuit", "v_t0", v_t0, -1, 2, 0, "V", "Threshold voltage",
       "threshold voltage of a cell transistor"),
  DBL ("circuit", "v_dd", v_dd, 0.3, 5, 0, "V", "Supply voltage",
       "supply voltage"),
  DBL ("circuit", "e_max", e_max, 0.01, 100, LSG_KEY_FLAG_LOG, "", "Error clip",
       "the error current saturates at +-e_max times I_N"),
  BOOL ("circuit", "i_eta_ptat", i_eta_ptat, "PTAT learning bias",
        "scale I_eta with temperature so the learning rate does not drift"),

  BOOL ("nonideal", "moderate_inversion", moderate_inversion, "Moderate inversion",
        "EKV cell law instead of the pure exponential"),
  BOOL ("nonideal", "mismatch", mismatch, "Mismatch",
        "Pelgrom mismatch of every copied current"),
  DBL ("nonideal", "a_vt", a_vt, 0, 1e-7, 0, "V\xc2\xb7m", "Pelgrom A_VT",
       "threshold mismatch coefficient, sigma_VT = A_VT / sqrt(W L)"),
  DBL ("nonideal", "device_area", device_area, 1e-15, 1e-8, LSG_KEY_FLAG_LOG, "m\xc2\xb2", "Device area W\xc2\xb7L",
       "gate area of the mirror transistors"),
  SEED ("nonideal", "mc_seed", mc_seed, "Mismatch seed",
        "Monte Carlo seed of the chip: the same seed is the same chip"),
  BOOL ("nonideal", "leakage", leakage, "Leakage",
        "constant discharge of every capacitor (volatile memory)"),
  DBL ("nonideal", "i_leak", i_leak, 0, 1e-9, LSG_KEY_FLAG_LOG, "A", "Leakage current",
       "leakage of each capacitor node at 300.15 K"),
  DBL ("nonideal", "leak_doubling", leak_doubling, 1, 100, 0, "K", "Leakage doubling",
       "temperature rise that doubles the leakage"),
  DBL ("nonideal", "i_floor", i_floor, 1e-24, 1e-9, LSG_KEY_FLAG_LOG, "A", "Current floor",
       "no cell current falls below this"),
  BOOL ("nonideal", "noise", noise_on, "Noise",
        "shot noise of the capacitor currents and kT/C noise"),
  SEED ("nonideal", "noise_seed", noise_seed, "Noise seed",
        "seed of the noise sources"),
  UINT ("nonideal", "dac_bits", dac_bits, 0, 24, "DAC bits",
        "resolution of the input and target DACs; 0 = ideal"),
  UINT ("nonideal", "adc_bits", adc_bits, 0, 24, "ADC bits",
        "resolution of the weight readout ADC; 0 = ideal"),
  DBL ("nonideal", "adc_range", adc_range, 1e-3, 1e3, LSG_KEY_FLAG_MIN_OPEN, "", "ADC range",
       "the ADC reads weights in +-adc_range"),

  STR ("tech", "preset", tech_preset, "Technology",
       "technology preset; none: the circuit keys as given"),
  DBL ("tech", "node", node, 5e-9, 1e-6, 0, "m", "Feature size",
       "process node, for scaling the digital baselines"),
  DBL ("tech", "cap_density_mim", cap_density_mim, 1e-5, 1e-1, LSG_KEY_FLAG_LOG, "F/m\xc2\xb2", "MIM capacitor density",
       "capacitance per area of a metal-insulator-metal capacitor"),
  DBL ("tech", "cap_density_mos", cap_density_mos, 1e-5, 1e-1, LSG_KEY_FLAG_LOG, "F/m\xc2\xb2", "MOS capacitor density",
       "capacitance per area of a MOS (gate oxide) capacitor"),
  ENUM ("tech", "capacitor", capacitor, capacitors, "Weight capacitor kind",
        "mim or mos: which density sizes the weight capacitors"),
  DBL ("tech", "w_min", w_min, 1e-9, 1e-5, 0, "m", "Minimum width",
       "minimum channel width (switches and logic)"),
  DBL ("tech", "l_min", l_min, 1e-9, 1e-5, 0, "m", "Minimum length",
       "minimum channel length (switches and logic)"),
  DBL ("tech", "layout_factor", layout_factor, 1, 100, 0, "", "Layout factor",
       "drawn area of a transistor over its gate area W L"),
  DBL ("tech", "routing_overhead", routing_overhead, 0, 10, 0, "", "Routing overhead",
       "area added for routing, as a fraction of devices and capacitors"),
  DBL ("tech", "i_spec_sq", i_spec_sq, 1e-12, 1e-3, LSG_KEY_FLAG_LOG, "A", "Specific current per square",
       "specific current of a cell transistor with W = L"),
  DBL ("tech", "cell_w_over_l", cell_w_over_l, 0.01, 1000, LSG_KEY_FLAG_LOG, "", "Cell W/L",
       "aspect ratio of the cell transistors: i_spec = i_spec_sq W/L"),
};

#undef OFF
#undef DBL
#undef UINT
#undef SEED
#undef BOOL
#undef STR
#undef ENUM

const LsgKeySpec *
lsg_key_specs (guint *n_specs)
{
  if (n_specs != NULL)
    *n_specs = G_N_ELEMENTS (key_specs);
  return key_specs;
}

const LsgKeySpec *
lsg_key_spec_lookup (const char *group,
                     const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (g_str_equal (key_specs[i].group, group) && g_str_equal (key_specs[i].key, key))
      return &key_specs[i];
  return NULL;
}

const LsgKeySpec *
lsg_key_spec_lookup_path (const char *path)
{
  const char *dot = strchr (path, '.');
  g_autofree char *group = NULL;

  if (dot == NULL)
    return NULL;
  group = g_strndup (path, dot - path);
  return lsg_key_spec_lookup (group, dot + 1);
}

gboolean
lsg_key_spec_is_group (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (g_str_equal (key_specs[i].group, group))
      return TRUE;
  return FALSE;
}


static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (lsg_format_double_exact (buf, sizeof buf, value));
}

char *
lsg_key_spec_describe_range (const LsgKeySpec *spec)
{
  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      {
        /* with SI prefixes: "from 1 fA to 10 µA" reads at a glance */
        g_autofree char *lo = lsg_format_si (spec->min, spec->unit, 6);
        g_autofree char *hi = lsg_format_si (spec->max, spec->unit, 6);

        if ((spec->flags & LSG_KEY_FLAG_MIN_OPEN) && (spec->flags & LSG_KEY_FLAG_MAX_OPEN))
          return g_strdup_printf ("a number above %s and below %s", lo, hi);
        if (spec->flags & LSG_KEY_FLAG_MIN_OPEN)
          return g_strdup_printf ("a number above %s, up to %s", lo, hi);
        if (spec->flags & LSG_KEY_FLAG_MAX_OPEN)
          return g_strdup_printf ("a number from %s, below %s", lo, hi);
        return g_strdup_printf ("a number from %s to %s", lo, hi);
      }
    case LSG_KEY_UINT:
      return g_strdup_printf ("a whole number from %.0f to %.0f", spec->min, spec->max);
    case LSG_KEY_UINT64:
      return g_strdup_printf ("a whole number from 0 to %.0f", spec->max);
    case LSG_KEY_BOOL:
      return g_strdup ("true or false");
    case LSG_KEY_ENUM:
      {
        g_autofree char *list = g_strjoinv (", ", (char **) spec->choices);
        return g_strdup_printf ("one of: %s", list);
      }
    case LSG_KEY_STRING:
    default:
      return g_strdup ("text");
    }
}

#define FIELD(p, spec, type) ((type *) ((guint8 *) (p) + (spec)->offset))

LsgParams *
lsg_params_copy (const LsgParams *params)
{
  LsgParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_memdup2 (params, sizeof *params);
  copy->csv = g_strdup (params->csv);
  copy->target = g_strdup (params->target);
  copy->tech_preset = g_strdup (params->tech_preset);
  copy->base_dir = g_strdup (params->base_dir);
  return copy;
}

void
lsg_params_free (LsgParams *params)
{
  if (params == NULL)
    return;
  g_free (params->csv);
  g_free (params->target);
  g_free (params->tech_preset);
  g_free (params->base_dir);
  g_free (params);
}

gboolean
lsg_params_equal (const LsgParams *a,
                  const LsgParams *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      const LsgKeySpec *spec = &key_specs[i];

      switch (spec->type)
        {
        case LSG_KEY_DOUBLE:
          if (*FIELD (a, spec, double) != *FIELD (b, spec, double))
            return FALSE;
          break;
        case LSG_KEY_UINT:
          if (*FIELD (a, spec, guint) != *FIELD (b, spec, guint))
            return FALSE;
          break;
        case LSG_KEY_UINT64:
          if (*FIELD (a, spec, guint64) != *FIELD (b, spec, guint64))
            return FALSE;
          break;
        case LSG_KEY_BOOL:
          if (!*FIELD (a, spec, gboolean) != !*FIELD (b, spec, gboolean))
            return FALSE;
          break;
        case LSG_KEY_ENUM:
          if (*FIELD (a, spec, int) != *FIELD (b, spec, int))
            return FALSE;
          break;
        case LSG_KEY_STRING:
          if (g_strcmp0 (*FIELD (a, spec, char *), *FIELD (b, spec, char *)) != 0)
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

gboolean
lsg_params_set_from_text (LsgParams        *params,
                          const LsgKeySpec *spec,
                          const char       *text,
                          const char       *where,
                          GError          **error)
{
  g_autofree char *range = lsg_key_spec_describe_range (spec);
  g_autofree char *quoted = lsg_text_quote (text, 60);
  /* text keys keep their spaces: a path may have them */
  g_autofree char *value = spec->type == LSG_KEY_STRING ? g_strdup (text)
                                                        : g_strstrip (g_strdup (text));
  char *end = NULL;

  /* what a design point holds must be writable to one and read back */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_TYPE,
                   "%s: [%s] %s = \xe2\x80\x9c%s\xe2\x80\x9d is not UTF-8 text",
                   where, spec->group, spec->key, quoted);
      return FALSE;
    }

#define TYPE_ERROR(what) \
  do { \
    g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_TYPE, \
                 "%s: [%s] %s = \xe2\x80\x9c%s\xe2\x80\x9d is not %s; allowed: %s", \
                 where, spec->group, spec->key, quoted, what, range); \
    return FALSE; \
  } while (0)

  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      {
        double v;

        /* an underflow (1e-310) is a number, judged by the range check;
         * an overflow is infinite and refused below */
        v = g_ascii_strtod (value, &end);
        if (value[0] == '\0' || *end != '\0')
          {
            /* engineering notation, in the key's unit: 2.5n, 2.5nA, 300K */
            g_autoptr(GError) si_error = NULL;

            if (value[0] == '\0' || !lsg_parse_si (value, spec->unit, &v, &si_error))
              {
                if (si_error != NULL && si_error->code == LSG_NUMBER_ERROR_UNIT)
                  {
                    g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_TYPE,
                                 "%s: [%s] %s = \xe2\x80\x9c%s\xe2\x80\x9d has another unit "
                                 "than the key's %s; allowed: %s",
                                 where, spec->group, spec->key, quoted,
                                 spec->unit[0] != '\0' ? spec->unit : "(none)", range);
                    return FALSE;
                  }
                TYPE_ERROR (spec->unit[0] != '\0'
                            ? "a number (plain, or with an SI prefix and the unit, like 2.5n or 2.5e-9)"
                            : "a number (plain, or with an SI prefix, like 2.5n or 2.5e-9)");
              }
          }
        if (!isfinite (v))
          TYPE_ERROR ("a finite number");
        return lsg_params_set_number (params, spec, v, error)
               || (g_prefix_error (error, "%s: ", where), FALSE);
      }
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
      {
        guint64 v;

        if (value[0] == '\0' || !g_ascii_isdigit (value[0]))
          TYPE_ERROR ("a whole number");
        errno = 0;
        v = g_ascii_strtoull (value, &end, 10);
        if (*end != '\0' || errno == ERANGE)
          TYPE_ERROR ("a whole number");
        if ((double) v > spec->max || (double) v < spec->min)
          {
            g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE,
                         "%s: [%s] %s = %s is out of range; allowed: %s",
                         where, spec->group, spec->key, value, range);
            return FALSE;
          }
        if (spec->type == LSG_KEY_UINT)
          *FIELD (params, spec, guint) = (guint) v;
        else
          *FIELD (params, spec, guint64) = v;
        return TRUE;
      }
    case LSG_KEY_BOOL:
      if (g_str_equal (value, "true"))
        *FIELD (params, spec, gboolean) = TRUE;
      else if (g_str_equal (value, "false"))
        *FIELD (params, spec, gboolean) = FALSE;
      else
        TYPE_ERROR ("a boolean");
      return TRUE;
    case LSG_KEY_ENUM:
      for (int i = 0; spec->choices[i] != NULL; i++)
        if (g_str_equal (value, spec->choices[i]))
          {
            *FIELD (params, spec, int) = i;
            return TRUE;
          }
      TYPE_ERROR ("a known choice");
    case LSG_KEY_STRING:
      {
        char **field = FIELD (params, spec, char *);

        g_free (*field);
        *field = g_steal_pointer (&value);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
#undef TYPE_ERROR
  return FALSE;
}

/* base: the values of keys the file leaves out; NULL when every key must
 * be present (the built-in presets).  Each value is checked against its
 * own range here; the rules that tie keys together only by the caller,
 * so that overrides can still repair a file. */
char *
lsg_params_resolve_csv (const LsgParams *params)
{
  if (params->csv == NULL || params->csv[0] == '\0')
    return NULL;
  /* a compiled-in data file (resource:///...) is the same file everywhere */
  if (g_str_has_prefix (params->csv, "resource://"))
    return g_strdup (params->csv);
  return g_canonicalize_filename (params->csv, params->base_dir);
}

char *
lsg_params_get_as_string (const LsgParams  *params,
                          const LsgKeySpec *spec)
{
  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      return format_number (*FIELD (params, spec, double));
    case LSG_KEY_UINT:
      return g_strdup_printf ("%u", *FIELD (params, spec, guint));
    case LSG_KEY_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *FIELD (params, spec, guint64));
    case LSG_KEY_BOOL:
      return g_strdup (*FIELD (params, spec, gboolean) ? "true" : "false");
    case LSG_KEY_ENUM:
      return g_strdup (spec->choices[*FIELD (params, spec, int)]);
    case LSG_KEY_STRING:
      {
        const char *s = *FIELD (params, spec, char *);
        return g_strdup (s != NULL ? s : "");
      }
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

gboolean
lsg_params_set_from_string (LsgParams   *params,
                            const char  *path,
                            const char  *value,
                            GError     **error)
{
  const LsgKeySpec *spec = lsg_key_spec_lookup_path (path);

  if (spec == NULL)
    {
      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_UNKNOWN_KEY,
                   "Unknown key \xe2\x80\x9c%s\xe2\x80\x9d; keys are written group.key, "
                   "for example circuit.i_eta", path);
      return FALSE;
    }
  return lsg_params_set_from_text (params, spec, value, "--set", error);
}

double
lsg_params_get_number (const LsgParams  *params,
                       const LsgKeySpec *spec)
{
  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      return *FIELD (params, spec, double);
    case LSG_KEY_UINT:
      return *FIELD (params, spec, guint);
    case LSG_KEY_UINT64:
      return (double) *FIELD (params, spec, guint64);
    case LSG_KEY_BOOL:
      return *FIELD (params, spec, gboolean) ? 1 : 0;
    case LSG_KEY_ENUM:
      return *FIELD (params, spec, int);
    case LSG_KEY_STRING:
    default:
      g_return_val_if_reached (NAN);
    }
}

gboolean
lsg_key_spec_in_range (const LsgKeySpec *spec,
                       double            v)
{
  gboolean low_ok = (spec->flags & LSG_KEY_FLAG_MIN_OPEN) ? v > spec->min : v >= spec->min;
  gboolean high_ok = (spec->flags & LSG_KEY_FLAG_MAX_OPEN) ? v < spec->max : v <= spec->max;

  return isfinite (v) && low_ok && high_ok;
}

static gboolean
check_range (const LsgKeySpec *spec,
             double            v,
             GError          **error)
{
  if (!lsg_key_spec_in_range (spec, v))
    {
      g_autofree char *range = lsg_key_spec_describe_range (spec);
      g_autofree char *text = format_number (v);

      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE,
                   "[%s] %s = %s%s%s is out of range; allowed: %s",
                   spec->group, spec->key, text,
                   spec->unit[0] != '\0' ? " " : "", spec->unit, range);
      return FALSE;
    }
  return TRUE;
}

gboolean
lsg_params_set_number (LsgParams        *params,
                       const LsgKeySpec *spec,
                       double            value,
                       GError          **error)
{
  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      if (!check_range (spec, value, error))
        return FALSE;
      *FIELD (params, spec, double) = value;
      return TRUE;
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
    case LSG_KEY_BOOL:
      if (!check_range (spec, value, error))
        return FALSE;
      if (value != floor (value))
        {
          g_autofree char *range = lsg_key_spec_describe_range (spec);
          g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_TYPE,
                       "[%s] %s = %g is not a whole number; allowed: %s",
                       spec->group, spec->key, value, range);
          return FALSE;
        }
      if (spec->type == LSG_KEY_UINT)
        *FIELD (params, spec, guint) = (guint) value;
      else if (spec->type == LSG_KEY_UINT64)
        *FIELD (params, spec, guint64) = (guint64) value;
      else
        *FIELD (params, spec, gboolean) = value != 0;
      return TRUE;
    case LSG_KEY_ENUM:
    case LSG_KEY_STRING:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
lsg_params_validate (const LsgParams *params,
                     const char      *where,
                     GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      const LsgKeySpec *spec = &key_specs[i];

      if (spec->type == LSG_KEY_STRING)
        continue;
      if (spec->type == LSG_KEY_ENUM)
        {
          int v = *FIELD (params, spec, int);
          if (v < 0 || v >= (int) g_strv_length ((char **) spec->choices))
            {
              g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE,
                           "%s: [%s] %s has no valid choice", where, spec->group, spec->key);
              return FALSE;
            }
          continue;
        }
      if (!check_range (spec, lsg_params_get_number (params, spec), error))
        {
          g_prefix_error (error, "%s: ", where);
          return FALSE;
        }
    }

  /* Rules that tie keys together. */
  if (params->storage == LSG_STORAGE_PAIR && params->i_floor >= params->i_init)
    {
      g_autofree char *floor_text = format_number (params->i_floor);
      g_autofree char *init_text = format_number (params->i_init);

      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE,
                   "%s: [nonideal] i_floor = %s A must be below [circuit] i_init = %s A, "
                   "else every cell starts on the floor", where, floor_text, init_text);
      return FALSE;
    }
  if (params->storage == LSG_STORAGE_CLASS_AB && params->i_floor >= params->i_q)
    {
      g_autofree char *floor_text = format_number (params->i_floor);
      g_autofree char *q_text = format_number (params->i_q);

      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE,
                   "%s: [nonideal] i_floor = %s A must be below [circuit] i_q = %s A "
                   "with class_ab storage, else both halves start on the floor",
                   where, floor_text, q_text);
      return FALSE;
    }
  if (params->dataset_kind == LSG_DATASET_CSV && (params->csv == NULL || params->csv[0] == '\0'))
    {
      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE,
                   "%s: [dataset] kind = csv needs [dataset] csv, the path of a CSV file", where);
      return FALSE;
    }
  return TRUE;
}

double
lsg_params_thermal_voltage (const LsgParams *params)
{
  return BOLTZMANN_J_PER_K * params->temperature / ELEMENTARY_CHARGE_C;
}

double
lsg_params_i_eta_effective (const LsgParams *params)
{
  /* A PTAT bias keeps kappa I_eta / U_T, hence eta, independent of T. */
  if (params->i_eta_ptat)
    return params->i_eta * params->temperature / T_REF_K;
  return params->i_eta;
}

double
lsg_params_i_leak_effective (const LsgParams *params)
{
  if (!params->leakage)
    return 0.0;
  return params->i_leak * exp2 ((params->temperature - T_REF_K) / params->leak_doubling);
}

double
lsg_params_tau (const LsgParams *params)
{
  return params->c_w * lsg_params_thermal_voltage (params)
         / (params->kappa * lsg_params_i_eta_effective (params));
}

double
lsg_params_eta (const LsgParams *params)
{
  return params->t_sample / lsg_params_tau (params);
}

double
lsg_params_lambda (const LsgParams *params)
{
  return params->i_lambda / lsg_params_i_eta_effective (params);
}
