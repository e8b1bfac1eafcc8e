/* test-core-params.c: design points, their key table and files
 * (MODEL.md sections 3 and 7).
 *
 * Expected values come from resources/presets/paper.ini and the issue
 * table (written out here by hand), from the physical constants of SI
 * 2019, and from the key table itself for the generated bad values.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-params.h"
#include "lsg-test-util.h"

/* The error is LSG_PARAMS_ERROR with code (or code2, -1 for none) and
 * its message holds each string of the NULL-terminated list. */
#define assert_params_error(error, code, code2, ...) \
  assert_error_contains ((error), LSG_PARAMS_ERROR, (code), (code2), __VA_ARGS__)

static gboolean
str_empty (const char *s)
{
  return s == NULL || s[0] == '\0';
}

/* 1. The paper preset */

static void
test_preset_paper (void)
{
  g_autoptr(LsgParams) p = paper ();

  /* [dataset] */
  g_assert_cmpint (p->dataset_kind, ==, LSG_DATASET_SYNTHETIC);
  g_assert_cmpuint (p->inputs, ==, 8);
  g_assert_cmpuint (p->samples, ==, 200);
  g_assert_cmpuint (p->epochs, ==, 20);
  g_assert_cmpfloat (p->noise, ==, 0.05);
  g_assert_cmpuint (p->seed, ==, 1);
  g_assert_true (p->shuffle);
  g_assert_true (p->bias_input);
  g_assert_true (str_empty (p->csv));
  g_assert_true (str_empty (p->target));
  g_assert_cmpint (p->scale, ==, LSG_SCALE_MAXABS);
  g_assert_cmpfloat (p->test_fraction, ==, 0.0);

  /* [training] */
  g_assert_cmpfloat (p->t_sample, ==, 2e-6);
  g_assert_cmpfloat (p->t_hold, ==, 1e-3);
  g_assert_cmpfloat (p->w_init, ==, 0.0);

  /* [circuit] */
  g_assert_cmpfloat (p->i_eta, ==, 1e-9);
  g_assert_cmpfloat (p->i_lambda, ==, 1e-11);
  g_assert_cmpfloat (p->i_unit, ==, 1e-9);
  g_assert_cmpfloat (p->i_cm, ==, 0.0);
  g_assert_cmpfloat (p->i_init, ==, 1e-11);
  g_assert_cmpfloat (p->c_w, ==, 1e-12);
  g_assert_cmpfloat (p->temperature, ==, 300.15);
  g_assert_cmpfloat (p->kappa, ==, 0.67);
  g_assert_cmpfloat (p->i_spec, ==, 3e-6);
  g_assert_cmpfloat (p->v_t0, ==, 0.4);
  g_assert_cmpfloat (p->v_dd, ==, 1.2);
  g_assert_cmpfloat (p->e_max, ==, 4.0);
  g_assert_false (p->i_eta_ptat);

  /* [nonideal]: all four switches on */
  g_assert_true (p->moderate_inversion);
  g_assert_true (p->mismatch);
  g_assert_true (p->leakage);
  g_assert_true (p->noise_on);
  g_assert_cmpfloat (p->a_vt, ==, 5e-9);
  g_assert_cmpfloat (p->device_area, ==, 1e-11);
  g_assert_cmpuint (p->mc_seed, ==, 1);
  g_assert_cmpfloat (p->i_leak, ==, 1e-15);
  g_assert_cmpfloat (p->leak_doubling, ==, 8.0);
  g_assert_cmpfloat (p->i_floor, ==, 1e-18);
  g_assert_cmpuint (p->noise_seed, ==, 1);
  g_assert_cmpuint (p->dac_bits, ==, 8);
  g_assert_cmpuint (p->adc_bits, ==, 8);
  g_assert_cmpfloat (p->adc_range, ==, 2.0);

  /* [tech] */
  g_assert_cmpstr (p->tech_preset, ==, "none");

  /* Built in: no directory to resolve a relative csv path against. */
  g_assert_null (p->base_dir);
}

static void
test_preset_matches_source (void)
{
  g_autoptr(LsgParams) p = paper ();
  g_autoptr(LsgParams) from_file = NULL;
  g_autoptr(LsgParams) dflt = lsg_params_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources",
                                                 "presets", "paper.ini", NULL);

  /* The compiled-in resource is the shipped file. */
  from_file = lsg_params_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_params_equal (p, from_file));
  g_assert_true (lsg_params_equal (p, dflt));
}

static void
test_preset_names (void)
{
  const char *const *names = lsg_params_preset_names ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = NULL;

  g_assert_nonnull (names);
  g_assert_true (g_strv_contains (names, "paper"));

  p = lsg_params_new_preset ("no-such-preset", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, "no-such-preset", "paper", NULL);
}

/* lsg_params_equal must see every key, else the round trips below
 * prove nothing. */
static void
change_key (LsgParams        *p,
            const LsgKeySpec *spec)
{
  guint8 *field = (guint8 *) p + spec->offset;

  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      {
        double *v = (double *) field;
        *v = *v == 0 ? 1 : *v * 2;
        break;
      }
    case LSG_KEY_UINT:
      *(guint *) field += 1;
      break;
    case LSG_KEY_UINT64:
      *(guint64 *) field += 1;
      break;
    case LSG_KEY_BOOL:
      *(gboolean *) field = !*(gboolean *) field;
      break;
    case LSG_KEY_ENUM:
      *(int *) field = (*(int *) field + 1) % (int) g_strv_length ((char **) spec->choices);
      break;
    case LSG_KEY_STRING:
      {
        char **s = (char **) field;
        char *old = *s;
        *s = g_strconcat (old != NULL ? old : "", "x", NULL);
        g_free (old);
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
test_equal_sees_every_key (void)
{
  guint n;
  const LsgKeySpec *specs = lsg_key_specs (&n);
  g_autoptr(LsgParams) p = paper ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LsgParams) q = lsg_params_copy (p);

      g_assert_true (lsg_params_equal (p, q));
      change_key (q, &specs[i]);
      if (lsg_params_equal (p, q))
        g_error ("lsg_params_equal misses [%s] %s", specs[i].group, specs[i].key);
    }
}

static void
test_key_table (void)
{
  static const char *const groups[] = {
    "dataset", "training", "circuit", "nonideal", "tech", NULL
  };
  static const char *const section7[] = {
    "dataset.kind", "dataset.inputs", "dataset.samples", "dataset.epochs",
    "dataset.noise", "dataset.seed", "dataset.shuffle", "dataset.bias_input",
    "dataset.csv", "dataset.target", "dataset.scale", "dataset.test_fraction",
    "training.t_sample", "training.t_hold", "training.w_init", "training.converge_tol",
    "circuit.storage", "circuit.readout", "circuit.i_q",
    "circuit.i_eta", "circuit.i_lambda", "circuit.i_unit", "circuit.i_cm",
    "circuit.i_init", "circuit.c_w", "circuit.temperature", "circuit.kappa",
    "circuit.i_spec", "circuit.v_t0", "circuit.v_dd", "circuit.e_max",
    "circuit.i_eta_ptat",
    "nonideal.moderate_inversion", "nonideal.mismatch", "nonideal.a_vt",
    "nonideal.device_area", "nonideal.mc_seed", "nonideal.leakage",
    "nonideal.i_leak", "nonideal.leak_doubling", "nonideal.i_floor",
    "nonideal.noise", "nonideal.noise_seed", "nonideal.dac_bits",
    "nonideal.adc_bits", "nonideal.adc_range",
    "tech.preset",
    /* "plus any preset value overridden by name": the technology values */
    "tech.node", "tech.cap_density_mim", "tech.cap_density_mos", "tech.capacitor",
    "tech.w_min", "tech.l_min", "tech.layout_factor", "tech.routing_overhead",
    "tech.i_spec_sq", "tech.cell_w_over_l",
    NULL
  };
  guint n;
  const LsgKeySpec *specs = lsg_key_specs (&n);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Exactly the keys of MODEL.md section 7 (with the technology values of
   * section 6), each once. */
  g_assert_cmpuint (n, ==, g_strv_length ((char **) section7));
  for (guint i = 0; i < n; i++)
    {
      const LsgKeySpec *spec = &specs[i];
      char *path = g_strdup_printf ("%s.%s", spec->group, spec->key);

      g_assert_true (g_strv_contains (groups, spec->group));
      g_assert_true (g_strv_contains (section7, path));
      g_assert_true (lsg_key_spec_lookup (spec->group, spec->key) == spec);
      g_assert_true (lsg_key_spec_lookup_path (path) == spec);
      g_assert_false (g_hash_table_contains (seen, path));
      g_hash_table_add (seen, path);
      g_assert_nonnull (spec->unit);
      g_assert_nonnull (spec->label);
      g_assert_nonnull (spec->blurb);
      if (spec->type == LSG_KEY_DOUBLE || spec->type == LSG_KEY_UINT
          || spec->type == LSG_KEY_UINT64)
        g_assert_cmpfloat (spec->min, <, spec->max);
      if (spec->type == LSG_KEY_ENUM)
        g_assert_cmpuint (g_strv_length ((char **) spec->choices), >=, 2);
    }
  g_assert_null (lsg_key_spec_lookup ("circuit", "nope"));
  g_assert_null (lsg_key_spec_lookup_path ("nodot"));
  g_assert_null (lsg_key_spec_lookup_path ("circuit.nope"));
}

/* 2. Round trips */

/* A design point that differs from the paper preset in every key, with
 * doubles that have no short decimal form. */
static LsgParams *
awkward_params (void)
{
  LsgParams *p = paper ();

  p->dataset_kind = LSG_DATASET_CSV;
  p->inputs = 13;
  p->samples = 777;
  p->epochs = 3;
  p->noise = 1.0 / 3.0;
  p->seed = 4294967295u;
  p->shuffle = FALSE;
  p->bias_input = FALSE;
  g_free (p->csv);
  p->csv = g_strdup ("my data/run #1 = test.csv");
  g_free (p->target);
  p->target = g_strdup ("y = col #2");
  p->scale = LSG_SCALE_NONE;
  p->test_fraction = 0.1 + 0.2;

  p->t_sample = 1.0 / 3.0 * 1e-6;
  p->t_hold = 0.1 + 0.7;
  p->w_init = -2.0 / 3.0;
  p->converge_tol = 1.0 / 7.0;

  p->storage = LSG_STORAGE_CLASS_AB;
  p->readout = LSG_READOUT_PER_HALF;
  p->i_q = 1e-10 / 3.0;
  p->i_eta = 1.0 / 3.0 * 1e-9;
  p->i_lambda = 2.5e-17;
  p->i_unit = G_PI * 1e-9;
  p->i_cm = 2.0 / 7.0 * 1e-12;
  p->i_init = 3e-11 / 7.0;
  p->c_w = G_E * 1e-12;
  p->temperature = 300.15 + 1.0 / 3.0;
  p->kappa = 0.1 + 0.2 + 0.4;
  p->i_spec = 1e-6 / 3.0;
  p->v_t0 = -1.0 / 3.0;
  p->v_dd = 1.2 * 1.1;
  p->e_max = G_SQRT2;
  p->i_eta_ptat = TRUE;

  p->moderate_inversion = FALSE;
  p->mismatch = FALSE;
  p->a_vt = 5e-9 / 3.0;
  p->device_area = 1e-11 / 7.0;
  p->mc_seed = 0;
  p->leakage = FALSE;
  p->i_leak = 2.5e-17 * 3.0;
  p->leak_doubling = 8.0 / 3.0;
  p->i_floor = 1e-21 / 3.0;
  p->noise_on = FALSE;
  p->noise_seed = 123456789;
  p->dac_bits = 0;
  p->adc_bits = 24;
  p->adc_range = 1.0 / 3.0;

  g_free (p->tech_preset);
  p->tech_preset = g_strdup ("");
  p->node = 1.0 / 3.0 * 1e-7;
  p->cap_density_mim = 2e-3 / 3.0;
  p->cap_density_mos = 8e-3 / 7.0;
  p->capacitor = LSG_CAPACITOR_MOS;
  p->w_min = 1e-6 / 3.0;
  p->l_min = 1e-6 / 7.0;
  p->layout_factor = G_E;
  p->routing_overhead = 1.0 / 3.0;
  p->i_spec_sq = 1e-7 / 3.0;
  p->cell_w_over_l = G_PI;
  return p;
}

static void
assert_differs_from_paper_everywhere (const LsgParams *p)
{
  guint n;
  const LsgKeySpec *specs = lsg_key_specs (&n);
  g_autoptr(LsgParams) ref = paper ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *a = lsg_params_get_as_string (p, &specs[i]);
      g_autofree char *b = lsg_params_get_as_string (ref, &specs[i]);

      if (g_str_equal (a, b))
        g_error ("test design point keeps the paper value of [%s] %s", specs[i].group,
                 specs[i].key);
    }
}

static void
test_roundtrip_data (void)
{
  g_autoptr(LsgParams) p = awkward_params ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  guint n, n_keys = 0;
  const LsgKeySpec *specs = lsg_key_specs (&n);
  g_auto(GStrv) groups = NULL;

  /* Keys absent from a file take the paper values: only a point that
   * differs everywhere proves every key is written and read. */
  assert_differs_from_paper_everywhere (p);
  g_assert_true (lsg_params_validate (p, "awkward", &error));
  g_assert_no_error (error);

  data = lsg_params_to_data (p, &length);
  g_assert_cmpuint (length, ==, strlen (data));

  /* The file names every key exactly once. */
  g_assert_true (g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (kf, groups[g], NULL, NULL);
      n_keys += g_strv_length (keys);
    }
  g_assert_cmpuint (n_keys, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (g_key_file_has_key (kf, specs[i].group, specs[i].key, NULL));

  q = lsg_params_load_data (data, length, "round trip", &error);
  g_assert_no_error (error);
  g_assert_nonnull (q);
  g_assert_true (lsg_params_equal (p, q));
  /* Bitwise, independent of lsg_params_equal. */
  g_assert_true (q->i_eta == 1.0 / 3.0 * 1e-9);
  g_assert_true (q->i_lambda == 2.5e-17);
  g_assert_true (q->temperature == 300.15 + 1.0 / 3.0);
  g_assert_cmpstr (q->csv, ==, "my data/run #1 = test.csv");
  g_assert_cmpstr (q->target, ==, "y = col #2");
  g_assert_cmpuint (q->seed, ==, 4294967295u);

  /* And the paper preset itself. */
  {
    g_autoptr(LsgParams) a = paper ();
    g_autofree char *text = lsg_params_to_data (a, &length);
    g_autoptr(LsgParams) b = lsg_params_load_data (text, length, "paper", &error);

    g_assert_no_error (error);
    g_assert_true (lsg_params_equal (a, b));
  }
}

static void
test_roundtrip_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *sub = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(LsgParams) p = awkward_params ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(LsgParams) a = paper ();
  g_autoptr(LsgParams) b = NULL;

  /* A directory name with a space and a '#' too. */
  sub = g_build_filename (dir, "design #1 = a", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  path = g_build_filename (sub, "point.ini", NULL);

  g_assert_true (lsg_params_save_file (p, path, &error));
  g_assert_no_error (error);
  contents = read_file (path);
  expected = lsg_params_to_data (p, NULL);
  g_assert_cmpstr (contents, ==, expected);
  /* Only the file: the temporary was renamed. */
  g_assert_cmpuint (count_entries (sub), ==, 1);

  q = lsg_params_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (q);
  g_assert_true (lsg_params_equal (p, q));
  g_assert_cmpstr (q->base_dir, ==, sub);

  /* Saving over an existing file replaces it. */
  g_assert_true (lsg_params_save_file (a, path, &error));
  g_assert_no_error (error);
  b = lsg_params_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_params_equal (a, b));
  g_assert_false (lsg_params_equal (b, p));
  g_assert_cmpuint (count_entries (sub), ==, 1);

  remove_tree (dir);
}

static void
test_save_failure (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing_dir = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(LsgParams) p = paper ();

  /* A directory that does not exist: error, and nothing created. */
  missing_dir = g_build_filename (dir, "no-such-dir", NULL);
  missing = g_build_filename (missing_dir, "point.ini", NULL);
  g_assert_false (lsg_params_save_file (p, missing, &error));
  assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, missing, NULL);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* A path below a regular file: no one, root included, can create it;
   * the file in the way stays byte-identical and nothing is added. */
  {
    g_autofree char *file = g_build_filename (dir, "not-a-dir", NULL);
    g_autofree char *below = g_build_filename (file, "point.ini", NULL);
    g_autofree char *after = NULL;

    g_file_set_contents (file, "in the way\n", -1, &error);
    g_assert_no_error (error);
    g_assert_false (lsg_params_save_file (p, below, &error));
    assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, below, g_strerror (ENOTDIR), NULL);
    g_clear_error (&error);
    after = read_file (file);
    g_assert_cmpstr (after, ==, "in the way\n");
    g_assert_cmpuint (count_entries (dir), ==, 1);
    g_assert_cmpint (g_remove (file), ==, 0);
  }

  /* A write that cannot complete: a file size limit binds root as well.
   * The write stops part-way; the existing file stays byte-identical and
   * no half-written file is left beside it. */
  {
    g_autofree char *path = g_build_filename (dir, "point.ini", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *other_data = NULL;
    g_autoptr(LsgParams) other = awkward_params ();
    struct rlimit old_limit, limit;
    void (*old_handler) (int);
    gsize other_length;
    gboolean saved;

    g_assert_true (lsg_params_save_file (p, path, &error));
    g_assert_no_error (error);
    before = read_file (path);
    other_data = lsg_params_to_data (other, &other_length);
    /* both longer than the limit: the new text cannot be written whole */
    g_assert_cmpuint (strlen (before), >, 256);
    g_assert_cmpuint (other_length, >, 256);

    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
    limit = old_limit;
    limit.rlim_cur = 256;
    /* past the limit write() fails with EFBIG instead of a signal */
    old_handler = signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    saved = lsg_params_save_file (other, path, &error);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
    signal (SIGXFSZ, old_handler);

    g_assert_false (saved);
    assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, path, g_strerror (EFBIG), NULL);
    g_clear_error (&error);
    after = read_file (path);
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpuint (count_entries (dir), ==, 1);
  }

  remove_tree (dir);
}

/* Exposes a bug in core/lsg-params.c (reported): string values are
 * escaped by lsg_params_to_data (g_key_file_set_string) but read back raw
 * (g_key_file_get_value), so a backslash doubles on every save and load. */
static void
test_roundtrip_backslash (void)
{
  g_autoptr(LsgParams) p = paper ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  p->dataset_kind = LSG_DATASET_CSV;
  g_free (p->csv);
  p->csv = g_strdup ("data\\run\\x.csv");
  data = lsg_params_to_data (p, NULL);
  q = load_text (data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (q->csv, ==, "data\\run\\x.csv");
  g_assert_true (lsg_params_equal (p, q));
}

/* Exposes a bug in core/lsg-params.c (reported): a subnormal value is
 * inside the allowed range of a key whose minimum is 0 (here i_lambda), is
 * accepted by validation and written by lsg_params_to_data, but the reader
 * rejects it (strtod sets ERANGE on underflow) as "not a number". */
static void
test_roundtrip_subnormal (void)
{
  g_autoptr(LsgParams) p = paper ();
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  p->i_lambda = 1e-310;
  g_assert_true (fpclassify (p->i_lambda) == FP_SUBNORMAL);
  g_assert_true (lsg_params_validate (p, "subnormal", &error));
  g_assert_no_error (error);
  data = lsg_params_to_data (p, NULL);
  q = load_text (data, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_params_equal (p, q));
}

/* The strict round trips run each in a child process, so the first
 * failure does not hide the second. */
static const struct {
  const char *path;
  GTestFunc   func;
} strict_roundtrips[] = {
  { "/params/strict-roundtrip/subprocess/backslash", test_roundtrip_backslash },
  { "/params/strict-roundtrip/subprocess/subnormal", test_roundtrip_subnormal },
};

static void
test_strict_roundtrip (void)
{
  g_autoptr(GString) failed = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (strict_roundtrips); i++)
    {
      /* The child's assertion message goes to our stderr. */
      g_test_trap_subprocess (strict_roundtrips[i].path, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (!g_test_trap_has_passed ())
        g_string_append_printf (failed, " %s", strict_roundtrips[i].path);
    }
  if (failed->len > 0)
    g_test_fail_printf ("failed (messages above):%s", failed->str);
}

/* 3. Every key: bad values from its spec, good values at its bounds */

static void
add_number (GPtrArray *values,
            double     v)
{
  g_ptr_array_add (values, format_exact (v));
}

static GPtrArray *
bad_values (const LsgKeySpec *spec)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      if (spec->flags & LSG_KEY_FLAG_MIN_OPEN)
        add_number (values, spec->min);
      else
        {
          double below = nextafter (spec->min, -INFINITY);

          /* The nearest double below (skipped if subnormal: that is
           * covered by the coarse value below). */
          if (fpclassify (below) == FP_NORMAL)
            add_number (values, below);
        }
      add_number (values, spec->min > 0 ? spec->min / 10 : spec->min - 1);
      if (spec->flags & LSG_KEY_FLAG_MAX_OPEN)
        add_number (values, spec->max);
      add_number (values, nextafter (spec->max, INFINITY));
      add_number (values, spec->max > 0 ? spec->max * 10 : spec->max + 1);
      g_ptr_array_add (values, g_strdup ("nan"));
      g_ptr_array_add (values, g_strdup ("inf"));
      g_ptr_array_add (values, g_strdup ("-inf"));
      g_ptr_array_add (values, g_strdup ("1e999"));
      g_ptr_array_add (values, g_strdup ("abc"));
      g_ptr_array_add (values, g_strdup ("1,5"));
      /* engineering notation is read, but not in another unit or none */
      g_ptr_array_add (values, g_strdup ("1e-9 furlong"));
      g_ptr_array_add (values, g_strdup (""));
      break;
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
      g_ptr_array_add (values, g_strdup ("-1"));
      g_ptr_array_add (values, g_strdup ("1.5"));
      g_ptr_array_add (values, g_strdup_printf ("%.0f", spec->max + 1));
      g_ptr_array_add (values, g_strdup ("99999999999999999999999"));
      if (spec->min > 0)
        g_ptr_array_add (values, g_strdup_printf ("%.0f", spec->min - 1));
      g_ptr_array_add (values, g_strdup ("abc"));
      g_ptr_array_add (values, g_strdup ("nan"));
      g_ptr_array_add (values, g_strdup (""));
      break;
    case LSG_KEY_BOOL:
      g_ptr_array_add (values, g_strdup ("yes"));
      g_ptr_array_add (values, g_strdup ("2"));
      g_ptr_array_add (values, g_strdup ("TRUEISH"));
      g_ptr_array_add (values, g_strdup (""));
      break;
    case LSG_KEY_ENUM:
      g_ptr_array_add (values, g_strdup ("bogus"));
      g_ptr_array_add (values, g_strdup (""));
      break;
    case LSG_KEY_STRING:
    default:
      g_assert_not_reached ();
    }
  return values;
}

static void
test_key_bad_values (gconstpointer data)
{
  const LsgKeySpec *spec = data;
  g_autoptr(GPtrArray) values = bad_values (spec);
  g_autofree char *range = lsg_key_spec_describe_range (spec);
  g_autofree char *where = g_strdup_printf ("[%s] %s", spec->group, spec->key);

  g_assert_cmpuint (values->len, >, 0);

  for (guint v = 0; v < values->len; v++)
    {
      const char *value = values->pdata[v];
      g_autofree char *text = g_strdup_printf ("[%s]\n%s=%s\n", spec->group, spec->key, value);
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = NULL;
      g_autoptr(LsgParams) base = paper ();

      g_test_message ("%s = \xe2\x80\x9c%s\xe2\x80\x9d", where, value);
      p = load_text (text, &error);
      if (p != NULL)
        g_error ("%s = \xe2\x80\x9c%s\xe2\x80\x9d was accepted", where, value);
      /* The message says where (file name, group and key) and what is
       * allowed, in the words of the key table. */
      assert_params_error (error, LSG_PARAMS_ERROR_TYPE, LSG_PARAMS_ERROR_RANGE,
                           "test.ini", where,
                           range,
                           NULL);

      /* Same value through --set: rejected, value left as it was. */
      {
        g_autofree char *path = g_strdup_printf ("%s.%s", spec->group, spec->key);
        g_autoptr(LsgParams) q = paper ();
        g_autoptr(GError) set_error = NULL;

        g_assert_false (lsg_params_set_from_string (q, path, value, &set_error));
        assert_params_error (set_error, LSG_PARAMS_ERROR_TYPE, LSG_PARAMS_ERROR_RANGE,
                             where, NULL);
        g_assert_true (lsg_params_equal (q, base));
      }
    }
}

/* Values the cross-key rules accept whatever the key under test. */
static void
append_companions (GString          *text,
                   const LsgKeySpec *spec)
{
  if (!g_str_equal (spec->key, "i_init"))
    g_string_append (text, "[circuit]\ni_init=1e-05\n");
  if (!g_str_equal (spec->key, "i_floor"))
    g_string_append (text, "[nonideal]\ni_floor=1e-24\n");
  if (!g_str_equal (spec->key, "csv"))
    g_string_append (text, "[dataset]\ncsv=x.csv\n");
}

static void
assert_loads_as (const LsgKeySpec *spec,
                 const char       *value)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = NULL;

  append_companions (text, spec);
  g_string_append_printf (text, "[%s]\n%s=%s\n", spec->group, spec->key, value);
  g_test_message ("[%s] %s = %s", spec->group, spec->key, value);
  p = load_text (text->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);

  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
      g_assert_cmpfloat (lsg_params_get_number (p, spec), ==, g_ascii_strtod (value, NULL));
      break;
    case LSG_KEY_BOOL:
      g_assert_cmpfloat (lsg_params_get_number (p, spec), ==,
                         g_str_equal (value, "true") ? 1 : 0);
      break;
    case LSG_KEY_ENUM:
    case LSG_KEY_STRING:
      {
        g_autofree char *back = lsg_params_get_as_string (p, spec);
        g_assert_cmpstr (back, ==, value);
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
test_key_good_bounds (gconstpointer data)
{
  const LsgKeySpec *spec = data;

  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      {
        g_autofree char *lo = format_exact ((spec->flags & LSG_KEY_FLAG_MIN_OPEN)
                                            ? nextafter (spec->min, INFINITY)
                                            : spec->min);
        g_autofree char *hi = format_exact ((spec->flags & LSG_KEY_FLAG_MAX_OPEN)
                                            ? nextafter (spec->max, -INFINITY)
                                            : spec->max);
        g_autofree char *mid = format_exact (0.5 * (spec->min + spec->max));

        assert_loads_as (spec, lo);
        assert_loads_as (spec, hi);
        assert_loads_as (spec, mid);
        break;
      }
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
      {
        g_autofree char *lo = g_strdup_printf ("%.0f", spec->min);
        g_autofree char *hi = g_strdup_printf ("%.0f", spec->max);

        assert_loads_as (spec, lo);
        assert_loads_as (spec, hi);
        break;
      }
    case LSG_KEY_BOOL:
      assert_loads_as (spec, "true");
      assert_loads_as (spec, "false");
      break;
    case LSG_KEY_ENUM:
      for (guint i = 0; spec->choices[i] != NULL; i++)
        assert_loads_as (spec, spec->choices[i]);
      break;
    case LSG_KEY_STRING:
      if (g_str_equal (spec->group, "tech"))
        assert_loads_as (spec, "none");
      else
        assert_loads_as (spec, "some file #1 = x.csv");
      break;
    default:
      g_assert_not_reached ();
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n;
  const LsgKeySpec *specs;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/params/preset/paper", test_preset_paper);
  g_test_add_func ("/params/preset/matches-source", test_preset_matches_source);
  g_test_add_func ("/params/preset/names", test_preset_names);
  g_test_add_func ("/params/equal/every-key", test_equal_sees_every_key);
  g_test_add_func ("/params/keys/table", test_key_table);
  g_test_add_func ("/params/roundtrip/data", test_roundtrip_data);
  g_test_add_func ("/params/roundtrip/file", test_roundtrip_file);
  g_test_add_func ("/params/save/failure", test_save_failure);

  specs = lsg_key_specs (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *bad = g_strdup_printf ("/params/keys/bad/%s.%s",
                                              specs[i].group, specs[i].key);
      g_autofree char *good = g_strdup_printf ("/params/keys/good/%s.%s",
                                               specs[i].group, specs[i].key);

      /* String keys take any text (the [tech] preset rule is tested
       * with the cross-key rules). */
      if (specs[i].type != LSG_KEY_STRING)
        g_test_add_data_func (bad, &specs[i], test_key_bad_values);
      g_test_add_data_func (good, &specs[i], test_key_good_bounds);
    }


  /* Last: a failure here is reported after every other test ran. */
  for (guint i = 0; i < G_N_ELEMENTS (strict_roundtrips); i++)
    g_test_add_func (strict_roundtrips[i].path, strict_roundtrips[i].func);
  g_test_add_func ("/params/strict-roundtrip/escaped-and-subnormal", test_strict_roundtrip);

  return g_test_run ();
}
