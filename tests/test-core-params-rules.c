/* test-core-params-rules.c: design points refused and derived: unknown
 * names, broken files, the rules that tie keys together, keys a file
 * leaves out, --set, and the derived quantities (MODEL.md sections 3 and
 * 7).  Expected values from resources/presets/paper.ini, the physical
 * constants of SI 2019 and hand computation. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-params.h"
#include "lsg-test-util.h"

/* SI 2019 exact values. */
#define K_B 1.380649e-23       /* J/K */
#define Q_E 1.602176634e-19    /* C */

/* The error is LSG_PARAMS_ERROR with code (or code2, -1 for none) and
 * its message holds each string of the NULL-terminated list. */
#define assert_params_error(error, code, code2, ...) \
  assert_error_contains ((error), LSG_PARAMS_ERROR, (code), (code2), __VA_ARGS__)

/* 4. Unknown names, broken files */

static void
test_unknown_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = load_text ("[circuit]\ni_eta=1e-9\ni_beta=1e-9\n", &error);
  g_autofree char *path = data_path ("bad-unknown-key.ini");
  g_autoptr(LsgParams) f = NULL;

  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, "test.ini", "i_beta",
                       "[circuit]", NULL);
  g_clear_error (&error);

  /* A key of another group is unknown in this one. */
  p = load_text ("[dataset]\ni_eta=1e-9\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, "i_eta", "[dataset]", NULL);
  g_clear_error (&error);

  f = lsg_params_load_file (path, &error);
  g_assert_null (f);
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, path, "i_gamma",
                       "[circuit]", NULL);
}

static void
test_unknown_group (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = load_text ("[analog]\ni_eta=1e-9\n", &error);
  g_autofree char *path = data_path ("bad-unknown-group.ini");
  g_autoptr(LsgParams) f = NULL;

  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, "test.ini", "analog", NULL);
  g_clear_error (&error);

  /* Group names are case-sensitive. */
  p = load_text ("[Circuit]\ni_eta=1e-9\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, "Circuit", NULL);
  g_clear_error (&error);

  f = lsg_params_load_file (path, &error);
  g_assert_null (f);
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, path, "circuits", NULL);
}

static void
test_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = load_text ("[dataset\nkey", &error);
  g_autofree char *path = data_path ("bad-syntax.ini");
  g_autoptr(LsgParams) f = NULL;

  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, "test.ini", NULL);
  g_clear_error (&error);

  /* A key outside any group. */
  p = load_text ("i_eta=1e-9\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, "test.ini", NULL);
  g_clear_error (&error);

  f = lsg_params_load_file (path, &error);
  g_assert_null (f);
  assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, path, NULL);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("no-such-design-point.ini");
  g_autoptr(LsgParams) p = lsg_params_load_file (path, &error);

  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_FILE, -1, path, NULL);
}

static void
test_range_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("bad-range.ini");
  g_autoptr(LsgParams) p = lsg_params_load_file (path, &error);
  const LsgKeySpec *spec = lsg_key_spec_lookup ("circuit", "kappa");
  g_autofree char *range = lsg_key_spec_describe_range (spec);

  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, path, "[circuit] kappa", "1.5",
                       range, NULL);
}

static void
test_type_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("bad-type.ini");
  g_autoptr(LsgParams) p = lsg_params_load_file (path, &error);

  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_TYPE, -1, path, "[dataset] epochs", "many",
                       "whole number", NULL);
}

/* 5. Rules that tie keys together */

static void
test_cross_floor (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = NULL;
  g_autofree char *path = data_path ("bad-floor.ini");

  /* Equal is already on the floor. */
  p = load_text ("[circuit]\ni_init=1e-12\n[nonideal]\ni_floor=1e-12\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, "test.ini", "i_floor", "i_init", NULL);
  g_clear_error (&error);

  p = load_text ("[nonideal]\ni_floor=1e-10\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, "i_floor", "i_init", NULL);
  g_clear_error (&error);

  p = lsg_params_load_file (path, &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, path, "i_floor", "i_init", NULL);
  g_clear_error (&error);

  /* The nearest double below is fine. */
  {
    g_autofree char *below = format_exact (nextafter (1e-12, 0));
    g_autofree char *text = g_strdup_printf ("[circuit]\ni_init=1e-12\n[nonideal]\ni_floor=%s\n",
                                             below);

    p = load_text (text, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_clear_pointer (&p, lsg_params_free);

  /* validate () applies the rule to a point built in memory too. */
  p = paper ();
  p->i_floor = p->i_init;
  g_assert_false (lsg_params_validate (p, "memory", &error));
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, "memory", "i_floor", "i_init", NULL);
}

static void
test_cross_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = NULL;
  g_autofree char *path = data_path ("bad-csv-empty.ini");

  p = load_text ("[dataset]\nkind=csv\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, "test.ini", "kind", "csv", NULL);
  g_clear_error (&error);

  p = load_text ("[dataset]\nkind=csv\ncsv=\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, "csv", NULL);
  g_clear_error (&error);

  p = lsg_params_load_file (path, &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, path, "csv", NULL);
  g_clear_error (&error);

  /* With a path the point is valid (the file is read later, by the data set). */
  p = load_text ("[dataset]\nkind=csv\ncsv=data.csv\n", &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpint (p->dataset_kind, ==, LSG_DATASET_CSV);
  g_assert_cmpstr (p->csv, ==, "data.csv");
}

static void
test_cross_tech (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = NULL;
  g_autofree char *path = data_path ("bad-tech.ini");

  p = load_text ("[tech]\npreset=sky90\n", &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, "test.ini", "[tech] preset",
                       "sky90", "none", "cmos180", "ptm65", "sky130", NULL);
  g_clear_error (&error);

  p = lsg_params_load_file (path, &error);
  g_assert_null (p);
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, path, "[tech] preset", "180nm", NULL);
  g_clear_error (&error);

  p = load_text ("[tech]\npreset=none\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->tech_preset, ==, "none");
}

/* 6. Keys a file leaves out */

static void
test_absent_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("good-minimal.ini");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(LsgParams) p = lsg_params_load_file (path, &error);
  g_autoptr(LsgParams) ref = paper ();
  guint n;
  const LsgKeySpec *specs = lsg_key_specs (&n);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpfloat (p->i_eta, ==, 2e-9);
  g_assert_cmpstr (p->base_dir, ==, dir);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *a = lsg_params_get_as_string (p, &specs[i]);
      g_autofree char *b = lsg_params_get_as_string (ref, &specs[i]);

      if (g_str_equal (specs[i].group, "circuit") && g_str_equal (specs[i].key, "i_eta"))
        g_assert_cmpstr (a, !=, b);
      else if (!g_str_equal (a, b))
        g_error ("[%s] %s = %s, paper preset has %s", specs[i].group, specs[i].key, a, b);
    }

  /* The only difference from the preset is that key. */
  ref->i_eta = 2e-9;
  g_assert_true (lsg_params_equal (p, ref));

  /* An empty file is the paper preset. */
  {
    g_autoptr(LsgParams) e = load_text ("", &error);
    g_autoptr(LsgParams) pp = paper ();

    g_assert_no_error (error);
    g_assert_true (lsg_params_equal (e, pp));
  }
}

/* 7. --set */

static void
test_set_from_string (void)
{
  g_autoptr(LsgParams) p = paper ();
  g_autoptr(LsgParams) ref = paper ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lsg_params_set_from_string (p, "circuit.i_eta", "2e-9", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (p->i_eta, ==, 2e-9);
  ref->i_eta = 2e-9;
  g_assert_true (lsg_params_equal (p, ref));

  g_assert_true (lsg_params_set_from_string (p, "dataset.epochs", "7", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p->epochs, ==, 7);
  g_assert_true (lsg_params_set_from_string (p, "nonideal.noise", "false", &error));
  g_assert_no_error (error);
  g_assert_false (p->noise_on);
  g_assert_true (lsg_params_set_from_string (p, "dataset.kind", "csv", &error));
  g_assert_no_error (error);
  g_assert_cmpint (p->dataset_kind, ==, LSG_DATASET_CSV);
  g_assert_true (lsg_params_set_from_string (p, "dataset.csv", "a b.csv", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (p->csv, ==, "a b.csv");

  g_assert_false (lsg_params_set_from_string (p, "circuit.nope", "1", &error));
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, "circuit.nope", NULL);
  g_clear_error (&error);

  g_assert_false (lsg_params_set_from_string (p, "nodot", "1", &error));
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, "nodot", NULL);
  g_clear_error (&error);

  g_assert_false (lsg_params_set_from_string (p, "nope.i_eta", "1e-9", &error));
  assert_params_error (error, LSG_PARAMS_ERROR_UNKNOWN_KEY, -1, "nope.i_eta", NULL);
  g_clear_error (&error);

  /* A rejected value leaves the key as it was. */
  g_assert_false (lsg_params_set_from_string (p, "circuit.i_eta", "-1", &error));
  assert_params_error (error, LSG_PARAMS_ERROR_RANGE, -1, "i_eta", NULL);
  g_clear_error (&error);
  g_assert_cmpfloat (p->i_eta, ==, 2e-9);
}

/* 8. Derived quantities */

static void
test_derived_paper (void)
{
  g_autoptr(LsgParams) p = paper ();
  double u_t, tau, eta;

  /* Exact decimals, worked out to 40 digits by hand (Python Decimal):
   * k_B * 300.15 / q, then C U_T / (kappa I_eta), then T_s / tau. */
  g_assert_cmpfloat_with_epsilon (lsg_params_thermal_voltage (p) / 0.025864925786328750067,
                                  1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lsg_params_tau (p) / 3.8604366845266791145e-5, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lsg_params_eta (p) / 0.051807610471021524878, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lsg_params_lambda (p) / 0.01, 1.0, 1e-12);

  /* The same from the formulas, at other values. */
  p->temperature = 350.0;
  p->c_w = 2.5e-13;
  p->kappa = 0.7;
  p->i_eta = 3e-10;
  p->i_lambda = 4e-12;
  p->t_sample = 5e-7;
  u_t = K_B * 350.0 / Q_E;
  tau = 2.5e-13 * u_t / (0.7 * 3e-10);
  eta = 5e-7 / tau;
  /* Relative 1e-12: a few roundings of double arithmetic. */
  g_assert_cmpfloat_with_epsilon (lsg_params_thermal_voltage (p) / u_t, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lsg_params_tau (p) / tau, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lsg_params_eta (p) / eta, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lsg_params_lambda (p) / (4e-12 / 3e-10), 1.0, 1e-12);
  g_assert_cmpfloat (lsg_params_i_eta_effective (p), ==, 3e-10);
}

static void
test_derived_ptat (void)
{
  static const double temps[] = { 250.0, 400.0 };
  g_autoptr(LsgParams) p = paper ();
  double eta_ref, eta_fixed_ref;

  eta_fixed_ref = lsg_params_eta (p);
  p->i_eta_ptat = TRUE;
  eta_ref = lsg_params_eta (p);
  /* At the reference temperature PTAT changes nothing. */
  g_assert_cmpfloat_with_epsilon (eta_ref / eta_fixed_ref, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lsg_params_i_eta_effective (p) / 1e-9, 1.0, 1e-12);

  for (guint i = 0; i < G_N_ELEMENTS (temps); i++)
    {
      double t = temps[i];

      p->temperature = t;
      p->i_eta_ptat = TRUE;
      g_assert_cmpfloat_with_epsilon (lsg_params_i_eta_effective (p) / (1e-9 * t / 300.15),
                                      1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (lsg_params_eta (p) / eta_ref, 1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (lsg_params_lambda (p) / (1e-11 / (1e-9 * t / 300.15)),
                                      1.0, 1e-12);

      /* Without PTAT eta goes as 1/U_T, i.e. 1/T. */
      p->i_eta_ptat = FALSE;
      g_assert_cmpfloat (lsg_params_i_eta_effective (p), ==, 1e-9);
      g_assert_cmpfloat_with_epsilon (lsg_params_eta (p) / (eta_fixed_ref * 300.15 / t),
                                      1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (lsg_params_lambda (p) / 0.01, 1.0, 1e-12);
    }
}

static void
test_derived_leakage (void)
{
  g_autoptr(LsgParams) p = paper ();

  g_assert_cmpfloat (lsg_params_i_leak_effective (p), ==, 1e-15);
  p->temperature = 308.15;
  g_assert_cmpfloat (lsg_params_i_leak_effective (p), ==, 2e-15);
  p->temperature = 300.15 + 24.0;
  g_assert_cmpfloat_with_epsilon (lsg_params_i_leak_effective (p) / 8e-15, 1.0, 1e-12);
  p->temperature = 300.15 - 16.0;
  g_assert_cmpfloat_with_epsilon (lsg_params_i_leak_effective (p) / 0.25e-15, 1.0, 1e-12);
  p->temperature = 320.15;
  p->leak_doubling = 10.0;
  g_assert_cmpfloat_with_epsilon (lsg_params_i_leak_effective (p) / 4e-15, 1.0, 1e-12);

  p->leakage = FALSE;
  g_assert_cmpfloat (lsg_params_i_leak_effective (p), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/params/errors/unknown-key", test_unknown_key);
  g_test_add_func ("/params/errors/unknown-group", test_unknown_group);
  g_test_add_func ("/params/errors/syntax", test_syntax);
  g_test_add_func ("/params/errors/missing-file", test_missing_file);
  g_test_add_func ("/params/errors/range-fixture", test_range_fixture);
  g_test_add_func ("/params/errors/type-fixture", test_type_fixture);
  g_test_add_func ("/params/cross/i-floor", test_cross_floor);
  g_test_add_func ("/params/cross/csv", test_cross_csv);
  g_test_add_func ("/params/cross/tech", test_cross_tech);
  g_test_add_func ("/params/absent-keys", test_absent_keys);
  g_test_add_func ("/params/set-from-string", test_set_from_string);
  g_test_add_func ("/params/derived/paper", test_derived_paper);
  g_test_add_func ("/params/derived/ptat", test_derived_ptat);
  g_test_add_func ("/params/derived/leakage", test_derived_leakage);

  return g_test_run ();
}
