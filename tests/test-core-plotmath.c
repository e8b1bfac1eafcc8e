/* Plot arithmetic: ticks, SI numbers, decimation, ranges, palette. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-plot-math.h"

/* Tick values are integer multiples of a step computed in double: a few
 * ulps apart from the decimal literals below. */
#define TICK_TOL 1e-12

static void
assert_ticks (const LsgTick *ticks,
              guint          n,
              const double  *expect,
              guint          n_expect)
{
  g_assert_cmpuint (n, ==, n_expect);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (ticks[i].value, expect[i],
                                    TICK_TOL * MAX (1, fabs (expect[i])));
}

static void
test_ticks_linear (void)
{
  LsgTick t[LSG_TICKS_MAX];
  guint n;

  {
    static const double e[] = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };
    n = lsg_ticks_linear (0, 1, 6, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
    for (guint i = 0; i < n; i++)
      g_assert_true (t[i].major);
  }
  {
    static const double e[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    n = lsg_ticks_linear (0, 7.3, 8, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
  }
  {
    static const double e[] = { 0, 2, 4, 6 };
    n = lsg_ticks_linear (0, 7.3, 6, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
  }
  {
    static const double e[] = { -1, -0.5, 0, 0.5, 1 };
    n = lsg_ticks_linear (-1, 1, 5, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
    g_assert_cmpfloat (t[2].value, ==, 0.0);   /* exactly zero, not 1e-17 */
  }
  {
    /* swapped ends; a range far from zero */
    static const double e[] = { 1e-6, 1.5e-6, 2e-6 };
    n = lsg_ticks_linear (2.2e-6, 0.9e-6, 4, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
  }

  /* degenerate and non-finite */
  g_assert_cmpuint (lsg_ticks_linear (3, 3, 5, t), ==, 1);
  g_assert_cmpfloat (t[0].value, ==, 3);
  g_assert_cmpuint (lsg_ticks_linear (NAN, 3, 5, t), ==, 0);
  g_assert_cmpuint (lsg_ticks_linear (0, INFINITY, 5, t), ==, 0);

  /* any range: ascending, inside, at most max, a 1-2-5 step */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);

    for (guint k = 0; k < 2000; k++)
      {
        double e = g_rand_double_range (rand, -20, 20);
        double lo = g_rand_double_range (rand, -1, 1) * pow (10, e);
        double hi = lo + g_rand_double_range (rand, 1e-3, 10) * pow (10, e);
        guint max = g_rand_int_range (rand, 2, 15);

        n = lsg_ticks_linear (lo, hi, max, t);
        g_assert_cmpuint (n, <=, max);
        g_assert_cmpuint (n, >=, 1);
        for (guint i = 0; i < n; i++)
          {
            double slack = 1e-9 * (hi - lo);

            g_assert_cmpfloat (t[i].value, >=, lo - slack);
            g_assert_cmpfloat (t[i].value, <=, hi + slack);
            if (i > 0)
              {
                double step = t[i].value - t[i - 1].value;
                double m = step / pow (10, floor (log10 (step) + 1e-9));

                g_assert_cmpfloat (step, >, 0);
                g_assert_true (fabs (m - 1) < 1e-6 || fabs (m - 2) < 1e-6
                               || fabs (m - 5) < 1e-6);
              }
          }
      }
  }
}

static guint
count_majors (const LsgTick *t,
              guint          n)
{
  guint m = 0;

  for (guint i = 0; i < n; i++)
    m += t[i].major;
  return m;
}

static void
test_ticks_log (void)
{
  LsgTick t[LSG_TICKS_MAX];
  guint n;

  {
    /* 7 decades, more than 8 / 2: no minors */
    static const double e[] = { 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6 };
    n = lsg_ticks_log (1e-12, 1e-6, 8, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
    g_assert_cmpuint (count_majors (t, n), ==, 7);
  }
  {
    /* 4 decades: majors and minors at 2 and 5 */
    static const double e[] = { 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2,
                                1e-1, 2e-1, 5e-1, 1 };
    static const gboolean major[] = { 1, 0, 0, 1, 0, 0, 1, 0, 0, 1 };
    n = lsg_ticks_log (1e-3, 1, 8, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
    for (guint i = 0; i < n; i++)
      g_assert_cmpint (t[i].major, ==, major[i]);
  }
  {
    /* 61 decades thinned to every 9th (SI prefixes): 7 majors */
    n = lsg_ticks_log (1e-30, 1e30, 8, t);
    g_assert_cmpuint (count_majors (t, n), ==, 7);
    g_assert_cmpuint (n, ==, 61);
    for (guint i = 0; i < n; i++)
      if (t[i].major)
        {
          int d = (int) lround (log10 (t[i].value));

          g_assert_cmpint (d % 9, ==, 0);
        }
  }
  {
    /* one decade tick inside: labelled 1-2-5 */
    static const double e[] = { 2, 5, 10, 20 };
    n = lsg_ticks_log (2, 30, 8, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
    g_assert_cmpuint (count_majors (t, n), ==, 4);
  }
  {
    /* inside one 1-2-5 interval: linear ticks */
    static const double e[] = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 };
    n = lsg_ticks_log (0.3, 0.8, 8, t);
    assert_ticks (t, n, e, G_N_ELEMENTS (e));
  }
  g_assert_cmpuint (lsg_ticks_log (0, 1, 8, t), ==, 0);
  g_assert_cmpuint (lsg_ticks_log (-1, 1, 8, t), ==, 0);
}

static void
assert_si (double      v,
           const char *unit,
           guint       digits,
           const char *expect)
{
  g_autofree char *s = lsg_format_si (v, unit, digits);

  g_assert_cmpstr (s, ==, expect);
}

static void
test_format_si (void)
{
  assert_si (2.5e-9, "A", 3, "2.5 nA");
  assert_si (1e-4, "s", 3, "100 µs");
  assert_si (-3.2e-3, "V", 3, "−3.2 mV");
  assert_si (0, "A", 3, "0 A");
  assert_si (1500, "Ω", 3, "1.5 kΩ");
  assert_si (1, "A", 3, "1 A");
  assert_si (999.96e-9, "A", 3, "1 µA");       /* rounds up a prefix */
  assert_si (999.4e-9, "A", 3, "999 nA");
  assert_si (123456, "Hz", 3, "123 kHz");
  assert_si (123456, "Hz", 6, "123.456 kHz");
  assert_si (1e-6, "s", 3, "1 µs");            /* log10 near a multiple of 3 */
  assert_si (1e-15, "F", 2, "1 fF");
  assert_si (1e-24, "A", 3, "1 yA");
  assert_si (1e-27, "A", 3, "0.001 yA");        /* below the prefixes */
  assert_si (1e27, "A", 3, "1000 YA");
  assert_si (NAN, "A", 3, "NaN");
  assert_si (-INFINITY, "A", 3, "−∞");
  /* without a unit: no prefixes */
  assert_si (0.53, NULL, 3, "0.53");
  assert_si (-12.5, "", 3, "−12.5");
  assert_si (2.5e-9, "", 3, "2.5×10⁻⁹");
  assert_si (1e-6, NULL, 3, "10⁻⁶");
  assert_si (3e5, NULL, 2, "3×10⁵");
  assert_si (0, NULL, 3, "0");
}

static char *
format_linear (double       lo,
               double       hi,
               guint        max,
               const char  *unit,
               LsgTick     *t,
               guint       *n)
{
  *n = lsg_ticks_linear (lo, hi, max, t);
  return lsg_format_ticks (t, *n, unit);
}

static void
test_format_ticks (void)
{
  LsgTick t[LSG_TICKS_MAX];
  guint n;

  {
    g_autofree char *u = format_linear (0, 1.5e-3, 4, "s", t, &n);
    static const char *e[] = { "0", "0.5", "1.0", "1.5" };

    g_assert_cmpstr (u, ==, "ms");
    g_assert_cmpuint (n, ==, 4);
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }
  {
    g_autofree char *u = format_linear (0, 800e-9, 5, "A", t, &n);
    static const char *e[] = { "0", "200", "400", "600", "800" };

    g_assert_cmpstr (u, ==, "nA");
    g_assert_cmpuint (n, ==, 5);
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }
  {
    g_autofree char *u = format_linear (-1, 1, 5, NULL, t, &n);
    static const char *e[] = { "−1.0", "−0.5", "0", "0.5", "1.0" };

    g_assert_cmpstr (u, ==, "");
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }
  {
    /* dimensionless and tiny: a shared factor */
    g_autofree char *u = format_linear (0, 3e-6, 4, "", t, &n);
    static const char *e[] = { "0", "1", "2", "3" };

    g_assert_cmpstr (u, ==, "×10⁻⁶");
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }
  {
    /* a narrow range far from zero needs many decimals */
    g_autofree char *u = format_linear (1.0001, 1.0004, 4, "V", t, &n);
    static const char *e[] = { "1.0001", "1.0002", "1.0003", "1.0004" };

    g_assert_cmpstr (u, ==, "V");
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }
  {
    /* decades over several prefixes: each label its own */
    static const char *e[] = { "1 pA", "10 pA", "100 pA", "1 nA", "10 nA",
                               "100 nA", "1 µA" };
    g_autofree char *u = NULL;

    n = lsg_ticks_log (1e-12, 1e-6, 8, t);
    u = lsg_format_ticks (t, n, "A");
    g_assert_null (u);
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }
  {
    static const char *e[] = { "10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²" };
    g_autofree char *u = NULL;

    n = lsg_ticks_log (1e-6, 1e-2, 6, t);
    u = lsg_format_ticks (t, n, NULL);
    g_assert_null (u);
    for (guint i = 0, j = 0; i < n; i++)
      if (t[i].major)
        g_assert_cmpstr (t[i].label, ==, e[j++]);
      else
        g_assert_cmpstr (t[i].label, ==, "");
  }
  {
    /* two decades of nA fit one prefix; few ticks: 2s and 5s labelled */
    static const char *e[] = { "1", "2", "5", "10", "20", "50", "100" };
    g_autofree char *u = NULL;

    n = lsg_ticks_log (1e-9, 1e-7, 8, t);
    u = lsg_format_ticks (t, n, "A");
    g_assert_cmpstr (u, ==, "nA");
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (e));
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }

  {
    /* 1-2-5 on a log axis without a unit: no trailing zeros */
    static const char *e[] = { "0.002", "0.005", "0.01", "0.02", "0.05" };
    g_autofree char *u = NULL;

    n = lsg_ticks_log (1.5e-3, 0.06, 8, t);
    u = lsg_format_ticks (t, n, NULL);
    g_assert_cmpstr (u, ==, "");
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (e));
    for (guint i = 0; i < n; i++)
      g_assert_cmpstr (t[i].label, ==, e[i]);
  }

  /* any range: neighbouring labels differ */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (77);

    for (guint k = 0; k < 2000; k++)
      {
        double e = g_rand_double_range (rand, -26, 26);
        double lo = g_rand_double_range (rand, -1, 1) * pow (10, e);
        double hi = lo + g_rand_double_range (rand, 1e-4, 10) * pow (10, e);
        const char *unit = k % 2 ? "A" : NULL;
        g_autofree char *u = format_linear (lo, hi, g_rand_int_range (rand, 2, 12),
                                            unit, t, &n);

        for (guint i = 0; i < n; i++)
          {
            g_assert_cmpstr (t[i].label, !=, "");
            g_assert_true (g_utf8_validate (t[i].label, -1, NULL));
            if (i > 0)
              g_assert_cmpstr (t[i].label, !=, t[i - 1].label);
          }
      }
  }
}

static void
assert_parses (const char *text,
               const char *unit,
               double      expect)
{
  g_autoptr(GError) error = NULL;
  double v = NAN;

  if (!lsg_parse_si (text, unit, &v, &error))
    g_error ("“%s” (unit %s): %s", text, unit, error->message);
  /* a prefix costs one rounding of a decimal scaling */
  g_assert_cmpfloat (fabs (v - expect), <=, 4e-16 * fabs (expect));
}

static void
test_parse_si (void)
{
  assert_parses ("2.5n", "A", 2.5e-9);
  assert_parses ("2.5 nA", "A", 2.5e-9);
  assert_parses ("2.5e-9", "A", 2.5e-9);
  assert_parses ("2.5E-9 A", "A", 2.5e-9);
  assert_parses ("10u", "A", 10e-6);
  assert_parses ("10µ", "A", 10e-6);
  assert_parses ("10 µA", "A", 10e-6);
  assert_parses ("10μA", "A", 10e-6);         /* Greek mu */
  assert_parses ("1k", "Ω", 1e3);
  assert_parses ("1.5 kΩ", "Ω", 1.5e3);
  assert_parses ("3 fF", "F", 3e-15);
  assert_parses ("-4m", "V", -4e-3);
  assert_parses ("−4 mV", "V", -4e-3);        /* typographic minus */
  assert_parses ("+1.5", "V", 1.5);
  assert_parses (" 7 ", "V", 7);
  assert_parses ("7 V", "V", 7);
  assert_parses (".5", NULL, 0.5);
  assert_parses ("5.", NULL, 5);
  assert_parses ("2.5n", NULL, 2.5e-9);
  assert_parses ("1e3k", "", 1e6);
  assert_parses ("5 m", "m", 5);             /* the unit, not milli */
  assert_parses ("5 mm", "m", 5e-3);
  assert_parses ("0", "A", 0);
}

static void
assert_rejects (const char *text,
                const char *unit,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”", text);
  double v = 42;

  g_assert_false (lsg_parse_si (text, unit, &v, &error));
  g_assert_error (error, LSG_NUMBER_ERROR, code);
  g_assert_cmpfloat (v, ==, 42);
  g_assert_nonnull (strstr (error->message, quoted));
  g_assert_nonnull (strstr (error->message, "expected"));
  if (code != LSG_NUMBER_ERROR_RANGE)
    g_assert_nonnull (strstr (error->message, "SI prefix"));
}

static void
test_parse_si_bad (void)
{
  assert_rejects ("", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("   ", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("abc", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("2.5 nV", "A", LSG_NUMBER_ERROR_UNIT);
  assert_rejects ("2.5 V", "A", LSG_NUMBER_ERROR_UNIT);
  assert_rejects ("1e400", "A", LSG_NUMBER_ERROR_RANGE);
  assert_rejects ("1e300 Y", "A", LSG_NUMBER_ERROR_RANGE);
  assert_rejects ("nan", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("inf", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("-inf", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("2..5", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("5 xA", "A", LSG_NUMBER_ERROR_UNIT);
  assert_rejects ("2.5 nA", NULL, LSG_NUMBER_ERROR_UNIT);
  assert_rejects ("1 2", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects ("-", "A", LSG_NUMBER_ERROR_SYNTAX);
  assert_rejects (".", "A", LSG_NUMBER_ERROR_SYNTAX);

  /* the unit mismatch names both units */
  {
    g_autoptr(GError) error = NULL;
    double v;

    g_assert_false (lsg_parse_si ("2.5 nV", "A", &v, &error));
    g_assert_nonnull (strstr (error->message, "V, not A"));
  }
}

static void
test_parse_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint k = 0; k < 5000; k++)
    {
      double v = pow (10, g_rand_double_range (rand, -23, 26))
                 * (g_rand_boolean (rand) ? 1 : -1);
      g_autofree char *text = lsg_format_si (v, "A", 9);
      g_autoptr(GError) error = NULL;
      double back = NAN;

      g_assert_true (lsg_parse_si (text, "A", &back, &error));
      g_assert_no_error (error);
      /* 9 significant digits: half a unit in the 9th digit */
      g_assert_cmpfloat (fabs (back - v), <=, 5.01e-9 * fabs (v));
    }
}

static gboolean
contains_point (const double *ox,
                const double *oy,
                gsize         n,
                double        x,
                double        y)
{
  for (gsize i = 0; i < n; i++)
    if (ox[i] == x && oy[i] == y)
      return TRUE;
  return FALSE;
}

static void
test_decimate_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  const gsize n = 20000;
  const guint columns = 300;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *ox = g_new (double, 3 * columns + 3);
  g_autofree double *oy = g_new (double, 3 * columns + 3);
  gsize imin = 0, imax = 0, m;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = i * 1e-6 + g_rand_double_range (rand, 0, 0.5e-6);
      y[i] = g_rand_double_range (rand, -1, 1);
      if (y[i] < y[imin])
        imin = i;
      if (y[i] > y[imax])
        imax = i;
    }

  m = lsg_decimate_minmax (x, y, n, x[0], x[n - 1], columns, FALSE, ox, oy);
  g_assert_cmpuint (m, <=, 2 * columns + 4);
  g_assert_cmpuint (m, >, columns);
  g_assert_true (contains_point (ox, oy, m, x[imin], y[imin]));
  g_assert_true (contains_point (ox, oy, m, x[imax], y[imax]));
  for (gsize i = 1; i < m; i++)
    g_assert_cmpfloat (ox[i], >, ox[i - 1]);   /* order kept */

  /* every column's extremes, checked by brute force */
  for (guint c = 0; c < columns; c += 37)
    {
      double span = x[n - 1] - x[0];
      double lo = INFINITY, hi = -INFINITY;

      for (gsize i = 0; i < n; i++)
        {
          guint ci = MIN ((guint) ((x[i] - x[0]) * columns / span), columns - 1);

          if (ci == c)
            {
              lo = MIN (lo, y[i]);
              hi = MAX (hi, y[i]);
            }
        }
      if (isfinite (lo))
        {
          gboolean found_lo = FALSE, found_hi = FALSE;

          for (gsize i = 0; i < m; i++)
            {
              found_lo |= oy[i] == lo;
              found_hi |= oy[i] == hi;
            }
          g_assert_true (found_lo && found_hi);
        }
    }

  /* a window inside: the neighbours outside it are kept */
  {
    double x0 = x[5000] + 1e-9, x1 = x[6000] - 1e-9;

    m = lsg_decimate_minmax (x, y, n, x0, x1, columns, FALSE, ox, oy);
    g_assert_cmpuint (m, <=, 2 * columns + 4);
    g_assert_cmpfloat (ox[0], ==, x[5000]);
    g_assert_cmpfloat (oy[0], ==, y[5000]);
    g_assert_cmpfloat (ox[m - 1], ==, x[6000]);
    for (gsize i = 1; i + 1 < m; i++)
      {
        g_assert_cmpfloat (ox[i], >=, x0);
        g_assert_cmpfloat (ox[i], <=, x1);
      }
  }
}

static void
test_decimate_spike (void)
{
  const gsize n = 1000000;
  const guint columns = 500;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new0 (double, n);
  g_autofree double *ox = g_new (double, 3 * columns + 3);
  g_autofree double *oy = g_new (double, 3 * columns + 3);
  gsize m;
  guint n_up = 0, n_down = 0;

  for (gsize i = 0; i < n; i++)
    x[i] = i * 1e-7;
  y[654321] = 5;
  y[123457] = -3;

  m = lsg_decimate_minmax (x, y, n, 0, x[n - 1], columns, FALSE, ox, oy);
  g_assert_cmpuint (m, <=, 2 * columns + 4);
  g_assert_true (contains_point (ox, oy, m, x[654321], 5));
  g_assert_true (contains_point (ox, oy, m, x[123457], -3));
  for (gsize i = 0; i < m; i++)
    {
      n_up += oy[i] == 5;
      n_down += oy[i] == -3;
      g_assert_true (oy[i] == 0 || oy[i] == 5 || oy[i] == -3);
    }
  g_assert_cmpuint (n_up, ==, 1);
  g_assert_cmpuint (n_down, ==, 1);
  /* a flat column gives one point; a spike's column also keeps a zero, so
   * the line goes out to the spike and back */
  g_assert_cmpuint (m, ==, columns + 2);
}

static void
test_decimate_edges (void)
{
  double ox[16], oy[16];
  gsize m;

  {
    /* nothing */
    m = lsg_decimate_minmax (NULL, NULL, 0, 0, 1, 4, FALSE, ox, oy);
    g_assert_cmpuint (m, ==, 0);
  }
  {
    /* one point, inside, before, after */
    static const double x[] = { 0.5 }, y[] = { 2 };

    m = lsg_decimate_minmax (x, y, 1, 0, 1, 4, FALSE, ox, oy);
    g_assert_cmpuint (m, ==, 1);
    g_assert_cmpfloat (oy[0], ==, 2);
    m = lsg_decimate_minmax (x, y, 1, 1, 2, 4, FALSE, ox, oy);
    g_assert_cmpuint (m, ==, 1);
    m = lsg_decimate_minmax (x, y, 1, -2, -1, 4, FALSE, ox, oy);
    g_assert_cmpuint (m, ==, 1);
  }
  {
    /* one column: its min and max in order */
    static const double x[] = { 0, 1, 2, 3, 4 }, y[] = { 1, 9, 5, -2, 3 };

    m = lsg_decimate_minmax (x, y, 5, 0, 4, 1, FALSE, ox, oy);
    g_assert_cmpuint (m, ==, 2);
    g_assert_cmpfloat (oy[0], ==, 9);
    g_assert_cmpfloat (oy[1], ==, -2);
    /* zero columns means one */
    g_assert_cmpuint (lsg_decimate_minmax (x, y, 5, 0, 4, 0, FALSE, ox, oy), ==, 2);
  }
  {
    /* all x equal, in a view around them and in a zero-width view */
    static const double x[] = { 2, 2, 2, 2 }, y[] = { 1, 4, -1, 0 };

    m = lsg_decimate_minmax (x, y, 4, 0, 4, 3, FALSE, ox, oy);
    g_assert_cmpuint (m, ==, 2);
    g_assert_cmpfloat (oy[0], ==, 4);
    g_assert_cmpfloat (oy[1], ==, -1);
    m = lsg_decimate_minmax (x, y, 4, 2, 2, 3, FALSE, ox, oy);
    g_assert_cmpuint (m, ==, 2);
  }
  {
    /* NaN breaks the line once; log drops y <= 0 */
    static const double x[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    static const double y[] = { 1, 2, NAN, NAN, 3, -1, 0, 4 };
    guint gaps = 0;

    m = lsg_decimate_minmax (x, y, 8, 0, 7, 8, FALSE, ox, oy);
    for (gsize i = 0; i < m; i++)
      gaps += isnan (oy[i]);
    g_assert_cmpuint (gaps, ==, 1);
    g_assert_cmpuint (m, ==, 7);

    m = lsg_decimate_minmax (x, y, 8, 0, 7, 8, TRUE, ox, oy);
    gaps = 0;
    for (gsize i = 0; i < m; i++)
      {
        gaps += isnan (oy[i]);
        g_assert_true (isnan (oy[i]) || oy[i] > 0);
        g_assert_false (i > 0 && isnan (oy[i]) && isnan (oy[i - 1]));
      }
    g_assert_cmpuint (gaps, ==, 2);
    g_assert_cmpuint (m, ==, 6);   /* 1 2 gap 3 gap 4 */
  }
}

/* Growing data decimated in chunks gives what one pass gives. */
static void
test_decimate_incremental (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(LsgDecimation) dec = lsg_decimation_new ();
  const gsize n = 50000;
  const guint columns = 400;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *ox = g_new (double, 3 * columns + 3);
  g_autofree double *oy = g_new (double, 3 * columns + 3);
  gsize done = 0;
  guint full = 0;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = i;
      y[i] = g_rand_int_range (rand, 0, 50) == 0 ? NAN : g_rand_double (rand);
    }

  while (done < n)
    {
      const double *dx, *dy;
      gsize m, mm;

      done = MIN (n, done + g_rand_int_range (rand, 1, 3000));
      full += lsg_decimation_update (dec, x, y, done, 10000.5, 40000, columns,
                                     FALSE, TRUE);
      m = lsg_decimation_get_points (dec, &dx, &dy);
      mm = lsg_decimate_minmax (x, y, done, 10000.5, 40000, columns, FALSE, ox, oy);
      g_assert_cmpuint (m, ==, mm);
      for (gsize i = 0; i < m; i++)
        {
          g_assert_cmpfloat (dx[i], ==, ox[i]);
          g_assert_true (dy[i] == oy[i] || (isnan (dy[i]) && isnan (oy[i])));
        }
      g_assert_cmpuint (m, <=, 3 * columns + 3);
    }
  g_assert_cmpuint (full, ==, 1);

  /* a changed view rescans */
  g_assert_true (lsg_decimation_update (dec, x, y, n, 0, 40000, columns, FALSE, TRUE));
  g_assert_true (lsg_decimation_update (dec, x, y, n, 0, 40000, columns, FALSE, FALSE));
  g_assert_false (lsg_decimation_update (dec, x, y, n, 0, 40000, columns, FALSE, TRUE));
}

static void
assert_range (const LsgRange *r,
              double          lo,
              double          hi)
{
  /* a few roundings in the arithmetic */
  double tol = 1e-12 * MAX (fabs (lo), fabs (hi));

  g_assert_cmpfloat_with_epsilon (r->lo, lo, tol);
  g_assert_cmpfloat_with_epsilon (r->hi, hi, tol);
}

static void
test_range_fit (void)
{
  LsgRange r;

  lsg_range_init_empty (&r);
  g_assert_true (lsg_range_is_empty (&r));
  lsg_range_fit (&r, FALSE, 0.05);
  assert_range (&r, 0, 1);

  lsg_range_init_empty (&r);
  lsg_range_fit (&r, TRUE, 0.05);
  assert_range (&r, 1, 10);

  {
    static const double v[] = { 0, 10, NAN, 4, INFINITY };

    lsg_range_init_empty (&r);
    lsg_range_add (&r, v, G_N_ELEMENTS (v), FALSE);
    assert_range (&r, 0, 10);
    lsg_range_fit (&r, FALSE, 0.05);
    assert_range (&r, -0.5, 10.5);
  }
  {
    static const double v[] = { 5, 5, 5 };

    lsg_range_init_empty (&r);
    lsg_range_add (&r, v, 3, FALSE);
    lsg_range_fit (&r, FALSE, 0.05);
    assert_range (&r, 4.75, 5.25);
  }
  {
    static const double v[] = { 0 };

    lsg_range_init_empty (&r);
    lsg_range_add (&r, v, 1, FALSE);
    lsg_range_fit (&r, FALSE, 0.05);
    assert_range (&r, -1, 1);
  }
  {
    /* a log axis ignores the non-positive values */
    static const double v[] = { -1, 0, 1e-3, 1e-1 };

    lsg_range_init_empty (&r);
    lsg_range_add (&r, v, G_N_ELEMENTS (v), TRUE);
    assert_range (&r, 1e-3, 1e-1);
    lsg_range_fit (&r, TRUE, 0.1);
    assert_range (&r, pow (10, -3.2), pow (10, -0.8));
  }
  {
    /* constant on a log axis: a decade around it */
    static const double v[] = { 1e-9, -5 };

    lsg_range_init_empty (&r);
    lsg_range_add (&r, v, 2, TRUE);
    lsg_range_fit (&r, TRUE, 0.1);
    assert_range (&r, 1e-9 / sqrt (10), 1e-9 * sqrt (10));
  }
  {
    /* only non-positive values on a log axis: as empty */
    static const double v[] = { -1, 0 };

    lsg_range_init_empty (&r);
    lsg_range_add (&r, v, 2, TRUE);
    g_assert_true (lsg_range_is_empty (&r));
  }
  {
    /* nice: widened to ticks */
    r = (LsgRange) { 0, 1.63e-3 };
    lsg_range_fit_nice (&r, FALSE, 5);
    assert_range (&r, 0, 2e-3);
    r = (LsgRange) { 0.7e-6, 3.2e-6 };
    lsg_range_fit_nice (&r, FALSE, 6);
    assert_range (&r, 0.5e-6, 3.5e-6);
    r = (LsgRange) { 2e-7, 3e-4 };
    lsg_range_fit_nice (&r, TRUE, 6);
    assert_range (&r, 1e-7, 1e-3);
  }
}

static void
test_range_zoom_pan (void)
{
  LsgRange r;

  /* zoom by 2 about the centre halves the span and keeps the centre */
  r = (LsgRange) { 0, 10 };
  lsg_range_zoom (&r, FALSE, 5, 2);
  assert_range (&r, 2.5, 7.5);
  /* about an end: that end stays */
  r = (LsgRange) { 0, 10 };
  lsg_range_zoom (&r, FALSE, 0, 2);
  assert_range (&r, 0, 5);
  /* zoom out */
  r = (LsgRange) { 2, 4 };
  lsg_range_zoom (&r, FALSE, 3, 0.5);
  assert_range (&r, 1, 5);

  /* log zoom works in decades: 4 decades about 1e-4 become 2 */
  r = (LsgRange) { 1e-6, 1e-2 };
  lsg_range_zoom (&r, TRUE, 1e-4, 2);
  assert_range (&r, 1e-5, 1e-3);

  /* pan by 0.1 moves by a tenth of the span */
  r = (LsgRange) { 0, 10 };
  lsg_range_pan (&r, FALSE, 0.1);
  assert_range (&r, 1, 11);
  r = (LsgRange) { -3e-9, 1e-9 };
  lsg_range_pan (&r, FALSE, -0.25);
  assert_range (&r, -4e-9, 0);
  /* log pan by a quarter of 4 decades: one decade */
  r = (LsgRange) { 1, 1e4 };
  lsg_range_pan (&r, TRUE, 0.25);
  assert_range (&r, 10, 1e5);

  /* zooming in stops at a relative span of 1e-12 */
  r = (LsgRange) { 1, 2 };
  for (guint i = 0; i < 100; i++)
    lsg_range_zoom (&r, FALSE, 1.5, 10);
  g_assert_cmpfloat (r.hi - r.lo, >=, 0.999 * LSG_RANGE_MIN_REL_SPAN * 1.5);
  g_assert_cmpfloat (r.hi - r.lo, <=, 1.001 * LSG_RANGE_MIN_REL_SPAN * 1.5);
  g_assert_cmpfloat (fabs (0.5 * (r.lo + r.hi) - 1.5), <, 1e-12);

  r = (LsgRange) { 1e-3, 1 };
  for (guint i = 0; i < 100; i++)
    lsg_range_zoom (&r, TRUE, 1e-2, 10);
  g_assert_cmpfloat (log10 (r.hi / r.lo), >=, 0.99 * LSG_RANGE_MIN_REL_SPAN);
  g_assert_cmpfloat (r.lo, >, 0);

  /* zooming out stops before overflow */
  r = (LsgRange) { -1, 1 };
  for (guint i = 0; i < 100; i++)
    lsg_range_zoom (&r, FALSE, 0, 1e-10);
  g_assert_true (isfinite (r.hi - r.lo));
  /* nonsense factors leave the range alone */
  r = (LsgRange) { 0, 1 };
  lsg_range_zoom (&r, FALSE, 0.5, 0);
  lsg_range_zoom (&r, FALSE, 0.5, NAN);
  assert_range (&r, 0, 1);
}

static void
test_range_clamp (void)
{
  LsgRange r;

  r = (LsgRange) { 3, 3 };
  g_assert_true (lsg_range_clamp (&r, FALSE));
  g_assert_cmpfloat (r.hi - r.lo, >, 0);
  g_assert_cmpfloat (0.5 * (r.lo + r.hi), ==, 3);

  r = (LsgRange) { 5, 1 };
  g_assert_true (lsg_range_clamp (&r, FALSE));
  assert_range (&r, 1, 5);

  r = (LsgRange) { NAN, 1 };
  g_assert_true (lsg_range_clamp (&r, FALSE));
  assert_range (&r, 0, 1);

  r = (LsgRange) { -1, 10 };
  g_assert_true (lsg_range_clamp (&r, TRUE));
  assert_range (&r, 0.01, 10);

  r = (LsgRange) { -INFINITY, INFINITY };
  g_assert_true (lsg_range_clamp (&r, FALSE));
  g_assert_true (isfinite (r.hi - r.lo));

  r = (LsgRange) { 0, 1 };
  g_assert_false (lsg_range_clamp (&r, FALSE));
}

static void
test_palette (void)
{
  double r, g, b, r8, g8, b8;

  lsg_palette_color (0, &r, &g, &b);
  g_assert_cmpfloat (r, ==, 0);
  g_assert_cmpfloat (g, ==, 0x72 / 255.0);
  g_assert_cmpfloat (b, ==, 0xb2 / 255.0);
  lsg_palette_color (1, &r, &g, &b);
  g_assert_cmpfloat (r, ==, 0xe6 / 255.0);
  g_assert_cmpfloat (g, ==, 0x9f / 255.0);
  g_assert_cmpfloat (b, ==, 0);
  lsg_palette_color (LSG_PALETTE_SIZE, &r8, &g8, &b8);
  lsg_palette_color (0, &r, &g, &b);
  g_assert_true (r8 == r && g8 == g && b8 == b);

  /* markers and dashes all differ within their cycle */
  for (guint i = 0; i < LSG_PALETTE_N_STYLES; i++)
    for (guint j = i + 1; j < LSG_PALETTE_N_STYLES; j++)
      {
        const double *di, *dj;
        guint ni, nj;

        g_assert_cmpint (lsg_palette_marker (i), !=, lsg_palette_marker (j));
        lsg_palette_dashes (i, &di, &ni);
        lsg_palette_dashes (j, &dj, &nj);
        g_assert_true (ni != nj || (ni > 0 && memcmp (di, dj, ni * sizeof *di) != 0));
      }
  {
    const double *d;
    guint n;

    lsg_palette_dashes (0, &d, &n);
    g_assert_cmpuint (n, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plotmath/ticks/linear", test_ticks_linear);
  g_test_add_func ("/plotmath/ticks/log", test_ticks_log);
  g_test_add_func ("/plotmath/format/si", test_format_si);
  g_test_add_func ("/plotmath/format/ticks", test_format_ticks);
  g_test_add_func ("/plotmath/parse/good", test_parse_si);
  g_test_add_func ("/plotmath/parse/bad", test_parse_si_bad);
  g_test_add_func ("/plotmath/parse/round-trip", test_parse_round_trip);
  g_test_add_func ("/plotmath/decimate/random", test_decimate_random);
  g_test_add_func ("/plotmath/decimate/spike", test_decimate_spike);
  g_test_add_func ("/plotmath/decimate/edges", test_decimate_edges);
  g_test_add_func ("/plotmath/decimate/incremental", test_decimate_incremental);
  g_test_add_func ("/plotmath/range/fit", test_range_fit);
  g_test_add_func ("/plotmath/range/zoom-pan", test_range_zoom_pan);
  g_test_add_func ("/plotmath/range/clamp", test_range_clamp);
  g_test_add_func ("/plotmath/palette", test_palette);

  return g_test_run ();
}
