/* test-core-number.c: the exact number writer against a brute-force
 * reference and hand-checked cases. */
#include <float.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "lsg-design-file.h"
#include "lsg-number.h"
#include "lsg-plot-math.h"

/* The reference: the fewest %g digits p (1 to 17) whose text reads back
 * as v, written with %.{max (p, 6)}g. */
static void
reference (char   *out,
           gsize   len,
           double  v)
{
  int p;

  for (p = 1; p < 17; p++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", p);
      g_ascii_formatd (out, len, fmt, v);
      if (g_ascii_strtod (out, NULL) == v)
        break;
    }
  {
    char fmt[8];

    g_snprintf (fmt, sizeof fmt, "%%.%dg", MAX (p, 6));
    g_ascii_formatd (out, len, fmt, v);
  }
}

static void
check (double v)
{
  char got[G_ASCII_DTOSTR_BUF_SIZE], want[G_ASCII_DTOSTR_BUF_SIZE];

  lsg_format_double_exact (got, sizeof got, v);
  reference (want, sizeof want, v);
  if (strcmp (got, want) != 0)
    g_error ("%.17g: wrote %s, the shortest exact text is %s", v, got, want);
  g_assert_true (g_ascii_strtod (got, NULL) == v);
}

static void
test_hand_cases (void)
{
  static const struct { double v; const char *text; } cases[] = {
    { 2e-6, "2e-06" },
    { 5e-10, "5e-10" },
    { 0.1, "0.1" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 1500, "1500" },
    { 1e6, "1e+06" },
    { 123456, "123456" },
    { 1234567, "1234567" },
    { -2.5e-9, "-2.5e-09" },
    { 0.0001, "0.0001" },
    { 0.00001, "1e-05" },
    { 9.5, "9.5" },
    { 1e100, "1e+100" },
    { DBL_MAX, "1.7976931348623157e+308" },
    { DBL_TRUE_MIN, "4.94066e-324" },
    { DBL_MIN, "2.2250738585072014e-308" },
    { 0, "0" },
    { -0.0, "-0" },
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (lsg_format_double_exact (buf, sizeof buf, cases[i].v), ==, cases[i].text);
  g_assert_cmpstr (lsg_format_double_exact (buf, sizeof buf, NAN), ==, "nan");
  g_assert_cmpstr (lsg_format_double_exact (buf, sizeof buf, INFINITY), ==, "inf");
  g_assert_cmpstr (lsg_format_double_exact (buf, sizeof buf, -INFINITY), ==, "-inf");
}

/* Random bit patterns: every finite double, subnormals included. */
static void
test_random_bits (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);

  for (guint i = 0; i < 100000; i++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double v;

      memcpy (&v, &bits, sizeof v);
      if (isfinite (v))
        check (v);
    }
}

/* Values people type (up to 7 digits at any decade) and values the
 * simulator computes (quotients, products, sums near boundaries). */
static void
test_typed_and_computed (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 40000; i++)
    {
      int digits = g_rand_int_range (rand, 1, 8);
      double mantissa = g_rand_int_range (rand, 1, (int) pow (10, digits));
      int e = g_rand_int_range (rand, -30, 30);

      check (mantissa * pow (10, e));
      check (-mantissa / pow (10, -e));
      check (g_rand_double_range (rand, -1e3, 1e3) / g_rand_double_range (rand, 1e-3, 1e3));
      check (g_rand_double (rand) * 1e-12);
      check (nextafter (mantissa * pow (10, e), INFINITY));
    }
  /* rounding that carries into a new decade */
  check (9.9999999999999995e-1);
  check (0.99999999999999989);
  check (999999.99999999988);
  check (99999.999999999985);
}

static void
test_append (void)
{
  g_autoptr(GString) out = g_string_new ("x=");

  lsg_number_append (out, 2e-6);
  g_string_append_c (out, ',');
  lsg_number_append (out, NAN);
  g_assert_cmpstr (out->str, ==, "x=2e-06,nan");
}

/* A prefix before a squared unit scales its base: 1 µm² = 1e-12 m²,
 * 1000 nm² = 1e-15 m² (a "1 fm²" would be 1e-30 m²). */
static void
test_squared_units (void)
{
  static const struct { double v; const char *unit; const char *text; } fmt[] = {
    { 1e-12, "m\xc2\xb2", "1 \xc2\xb5m\xc2\xb2" },
    { 1e-15, "m\xc2\xb2", "1000 nm\xc2\xb2" },
    { 1e-8, "m\xc2\xb2", "10000 \xc2\xb5m\xc2\xb2" },
    { 2.5e-6, "m\xc2\xb2", "2.5 mm\xc2\xb2" },
    { 1e-5, "F/m\xc2\xb2", "10 \xc2\xb5" "F/m\xc2\xb2" },     /* the prefix is on F */
    { 1e-9, "V\xc2\xb7m", "1 nV\xc2\xb7m" },
  };
  static const struct { const char *text; const char *unit; double v; } parse[] = {
    { "1 \xc2\xb5m\xc2\xb2", "m\xc2\xb2", 1e-12 },
    { "1000 nm\xc2\xb2", "m\xc2\xb2", 1e-15 },
    { "3 um\xc2\xb2", "m\xc2\xb2", 3e-12 },
    { "2n", "m\xc2\xb2", 2e-9 },                           /* a factor alone */
    { "2e-12 m\xc2\xb2", "m\xc2\xb2", 2e-12 },
    { "5 mF/m\xc2\xb2", "F/m\xc2\xb2", 5e-3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fmt); i++)
    {
      g_autofree char *text = lsg_format_si (fmt[i].v, fmt[i].unit, 4);

      g_assert_cmpstr (text, ==, fmt[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (parse); i++)
    {
      g_autoptr(GError) error = NULL;
      double v = 0;

      g_assert_true (lsg_parse_si (parse[i].text, parse[i].unit, &v, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (fabs (v / parse[i].v - 1), <, 1e-15);
    }

  /* an axis of areas: one prefix for the axis, from the base's steps */
  {
    LsgTick ticks[LSG_TICKS_MAX];
    guint n = lsg_ticks_linear (0, 4e-12, 5, ticks);
    g_autofree char *axis = lsg_format_ticks (ticks, n, "m\xc2\xb2");

    g_assert_cmpstr (axis, ==, "\xc2\xb5m\xc2\xb2");
    g_assert_cmpstr (ticks[n - 1].label, ==, "4");
  }
}

/* --set takes engineering notation in the key's unit, as the explorer
 * and the messages write numbers. */
static void
test_set_notation (void)
{
  static const struct { const char *set; const char *key; double v; } good[] = {
    { "circuit.i_eta=2.5n", "circuit.i_eta", 2.5e-9 },
    { "circuit.i_eta=2.5nA", "circuit.i_eta", 2.5e-9 },
    { "circuit.i_eta=2.5 nA", "circuit.i_eta", 2.5e-9 },
    { "circuit.i_eta=2.5e-9", "circuit.i_eta", 2.5e-9 },
    { "circuit.temperature=300K", "circuit.temperature", 300 },
    { "circuit.c_w=1p", "circuit.c_w", 1e-12 },
    { "nonideal.device_area=10 \xc2\xb5m\xc2\xb2", "nonideal.device_area", 1e-11 },
  };
  static const struct { const char *set; const char *says; } bad[] = {
    { "circuit.i_eta=2.5nV", "another unit than the key's A" },
    { "circuit.i_eta=abc", "SI prefix" },
    { "circuit.i_eta=", "not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      const char *overrides[] = { good[i].set, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = lsg_params_load_with_overrides (NULL, overrides, &error);

      g_assert_no_error (error);
      g_assert_cmpfloat (fabs (lsg_params_get_number (p, lsg_key_spec_lookup_path (good[i].key))
                               / good[i].v - 1), <, 1e-15);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *overrides[] = { bad[i].set, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = lsg_params_load_with_overrides (NULL, overrides, &error);

      g_assert_null (p);
      g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_TYPE);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("%s: %s", bad[i].set, error->message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/number/exact/hand-cases", test_hand_cases);
  g_test_add_func ("/number/exact/random-bits", test_random_bits);
  g_test_add_func ("/number/exact/typed-and-computed", test_typed_and_computed);
  g_test_add_func ("/number/exact/append", test_append);
  g_test_add_func ("/number/si/squared-units", test_squared_units);
  g_test_add_func ("/number/si/set-notation", test_set_notation);
  return g_test_run ();
}
