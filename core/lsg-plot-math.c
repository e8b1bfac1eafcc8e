/* lsg-plot-math.c: ticks, SI numbers, decimation, view ranges, palette. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lsg-plot-math.h"

G_DEFINE_QUARK (lsg-plot-math-error-quark, lsg_plot_math_error)

/* Typographic minus, U+2212. */
#define MINUS "\xe2\x88\x92"
/* Relative slack when a computed position is compared with a tick. */
#define TICK_EPS 1e-9
/* Ends of the ranges a view may take; beyond them spans overflow. */
#define RANGE_ABS_MAX 1e300
#define RANGE_LOG_MIN 1e-300
/* Offending text is cut to this many characters in messages. */
#define MAX_QUOTE_CHARS 40

/* ---- SI prefixes ------------------------------------------------------ */

#define PREFIX_MIN_EXP (-24)
#define PREFIX_MAX_EXP 24

static const char * const si_prefixes[] = {
  "y", "z", "a", "f", "p", "n", "\xc2\xb5", "m", "",
  "k", "M", "G", "T", "P", "E", "Z", "Y",
};

static const char *
prefix_for_exp (int e3)
{
  return si_prefixes[(e3 - PREFIX_MIN_EXP) / 3];
}

static gboolean
has_unit (const char *unit)
{
  return unit != NULL && unit[0] != '\0';
}

/* Exact powers of ten up to 1e22; beyond, pow() is close enough. */
static double
pow10i (int e)
{
  static const double exact[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };

  if (e >= 0 && e <= 22)
    return exact[e];
  return pow (10.0, e);
}

/* v / 10^e with one rounding where 10^|e| is exact. */
static double
scale_down (double v,
            int    e)
{
  if (e >= 0)
    return v / pow10i (e);
  return v * pow10i (-e);
}

static void
strip_trailing_zeros (char *buf)
{
  char *dot = strchr (buf, '.');
  char *end;

  if (dot == NULL)
    return;
  end = buf + strlen (buf) - 1;
  while (end > dot && *end == '0')
    *end-- = '\0';
  if (end == dot)
    *end = '\0';
}

/* |m| formatted with `digits` significant digits; m > 0. */
static void
format_sig (char   *buf,
            gsize   len,
            double  m,
            guint   digits)
{
  int mag = (int) floor (log10 (m));
  int decimals = MAX (0, (int) digits - 1 - mag);

  g_snprintf (buf, len, "%.*f", decimals, m);
}

static void
append_superscript_int (GString *s,
                        int      e)
{
  static const char * const sup[] = {
    "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8",
    "\xe2\x81\xb9",
  };
  char digits[16];

  if (e < 0)
    g_string_append (s, "\xe2\x81\xbb");   /* superscript minus */
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (const char *p = digits; *p != '\0'; p++)
    g_string_append (s, sup[*p - '0']);
}

static void
append_decimal (GString *s,
                double   a,
                guint    digits)
{
  char buf[64];

  format_sig (buf, sizeof buf, a, digits);
  strip_trailing_zeros (buf);
  g_string_append (s, buf);
}

/* mantissa×10ⁿ, or 10ⁿ alone for a mantissa of 1; a > 0. */
static void
append_pow10 (GString *s,
              double   a,
              guint    digits)
{
  char buf[64];
  int e = (int) floor (log10 (a));
  double m = scale_down (a, e);

  /* log10 can land one off near powers of ten; rounding can reach 10 */
  if (m < 1)
    m = scale_down (a, --e);
  format_sig (buf, sizeof buf, m, digits);
  if (g_ascii_strtod (buf, NULL) >= 10)
    {
      m = scale_down (a, ++e);
      format_sig (buf, sizeof buf, m, digits);
    }
  strip_trailing_zeros (buf);
  if (strcmp (buf, "1") != 0)
    {
      g_string_append (s, buf);
      g_string_append (s, "\xc3\x97");   /* × */
    }
  g_string_append (s, "10");
  append_superscript_int (s, e);
}

/* Without a unit: plain digits in [1e-3, 1e4), else a power of ten. */
static void
append_plain (GString *s,
              double   a,
              guint    digits)
{
  if (a >= 1e-3 && a < 1e4)
    append_decimal (s, a, digits);
  else
    append_pow10 (s, a, digits);
}

static gboolean
format_non_finite (GString *s,
                   double   value)
{
  if (isnan (value))
    g_string_append (s, "NaN");
  else if (isinf (value))
    g_string_append (s, value > 0 ? "\xe2\x88\x9e" : MINUS "\xe2\x88\x9e");
  else
    return FALSE;
  return TRUE;
}

char *
lsg_format_si (double      value,
               const char *unit,
               guint       digits)
{
  GString *s = g_string_new (NULL);
  double a = fabs (value);
  char buf[64];
  int e3;

  digits = CLAMP (digits, 1, 17);

  if (format_non_finite (s, value))
    return g_string_free (s, FALSE);

  if (!has_unit (unit))
    {
      if (value == 0)
        g_string_append (s, "0");
      else
        {
          if (value < 0)
            g_string_append (s, MINUS);
          append_plain (s, a, digits);
        }
      return g_string_free (s, FALSE);
    }

  if (value == 0)
    {
      g_string_append_printf (s, "0 %s", unit);
      return g_string_free (s, FALSE);
    }

  e3 = 3 * (int) floor (log10 (a) / 3);
  e3 = CLAMP (e3, PREFIX_MIN_EXP, PREFIX_MAX_EXP);
  if (scale_down (a, e3) < 1 && e3 > PREFIX_MIN_EXP)
    e3 -= 3;
  format_sig (buf, sizeof buf, scale_down (a, e3), digits);
  /* 999.96 rounds to 1000: take the next prefix */
  if (g_ascii_strtod (buf, NULL) >= 1000 && e3 < PREFIX_MAX_EXP)
    {
      e3 += 3;
      format_sig (buf, sizeof buf, scale_down (a, e3), digits);
    }
  strip_trailing_zeros (buf);
  g_string_append_printf (s, "%s%s %s%s",
                          value < 0 ? MINUS : "", buf,
                          prefix_for_exp (e3), unit);
  return g_string_free (s, FALSE);
}

/* ---- Ticks ------------------------------------------------------------ */

static guint
count_multiples (double lo,
                 double hi,
                 double step)
{
  double first = ceil (lo / step - TICK_EPS);
  double last = floor (hi / step + TICK_EPS);

  if (last < first)
    return 0;
  return (guint) MIN (last - first + 1, (double) G_MAXUINT);
}

/* Smallest 1-2-5 step giving at most max_ticks multiples in [lo, hi]. */
static double
nice_step (double lo,
           double hi,
           guint  max_ticks)
{
  static const double mantissas[] = { 1, 2, 5 };
  double raw = (hi - lo) / MAX (1, (int) max_ticks - 1);
  int e = (int) floor (log10 (raw)) - 1;

  for (;; e++)
    for (guint k = 0; k < G_N_ELEMENTS (mantissas); k++)
      {
        double step = mantissas[k] * pow10i (e);

        if (count_multiples (lo, hi, step) <= max_ticks)
          return step;
      }
}

static void
tick_set (LsgTick  *tick,
          double    value,
          gboolean  major)
{
  tick->value = value;
  tick->major = major;
  tick->label[0] = '\0';
}

guint
lsg_ticks_linear (double   lo,
                  double   hi,
                  guint    max_ticks,
                  LsgTick *ticks)
{
  double step, first;
  guint count;

  g_return_val_if_fail (ticks != NULL, 0);

  if (!isfinite (lo) || !isfinite (hi))
    return 0;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (hi - lo <= 0)
    {
      tick_set (&ticks[0], lo, TRUE);
      return 1;
    }
  max_ticks = CLAMP (max_ticks, 2, LSG_TICKS_MAX);

  step = nice_step (lo, hi, max_ticks);
  first = ceil (lo / step - TICK_EPS);
  count = MIN (count_multiples (lo, hi, step), LSG_TICKS_MAX);
  for (guint i = 0; i < count; i++)
    {
      /* integer multiples of step: no drift from repeated addition */
      double v = (first + i) * step;

      if (fabs (v) < step * TICK_EPS)
        v = 0;
      tick_set (&ticks[i], v, TRUE);
    }
  return count;
}

static int
compare_ticks (const void *a,
               const void *b)
{
  double va = ((const LsgTick *) a)->value;
  double vb = ((const LsgTick *) b)->value;

  return (va > vb) - (va < vb);
}

/* Euclidean remainder: decades below 1 are negative. */
static int
mod_floor (int a,
           int b)
{
  int r = a % b;

  return r < 0 ? r + b : r;
}

guint
lsg_ticks_log (double   lo,
               double   hi,
               guint    max_ticks,
               LsgTick *ticks)
{
  double llo, lhi;
  int d0, d1, n_dec;
  guint n = 0;

  g_return_val_if_fail (ticks != NULL, 0);

  if (!isfinite (lo) || !isfinite (hi) || lo <= 0 || hi <= 0)
    return 0;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  max_ticks = CLAMP (max_ticks, 2, LSG_TICKS_MAX);
  llo = log10 (lo);
  lhi = log10 (hi);
  d0 = (int) ceil (llo - TICK_EPS);
  d1 = (int) floor (lhi + TICK_EPS);
  n_dec = d1 - d0 + 1;

  if (n_dec >= 2)
    {
      int k = (n_dec + (int) max_ticks - 1) / (int) max_ticks;
      /* beyond every third decade, thin to SI prefixes: 10⁻⁹, 10⁻⁶, ... */
      if (k > 3)
        k = 3 * ((k + 2) / 3);
      gboolean minors_25 = k == 1 && n_dec <= MAX (2, (int) max_ticks / 2);
      /* decades skipped by thinning become minors while they fit */
      gboolean minors_dec = k > 1 && n_dec <= LSG_TICKS_MAX;

      for (int d = d0; d <= d1 && n < LSG_TICKS_MAX; d++)
        {
          gboolean major = mod_floor (d, k) == 0;

          if (major || minors_dec)
            tick_set (&ticks[n++], pow10i (d), major);
        }
      if (minors_25)
        for (int d = d0 - 1; d <= d1 && n + 2 <= LSG_TICKS_MAX; d++)
          {
            static const double ms[] = { 2, 5 };

            for (guint j = 0; j < G_N_ELEMENTS (ms); j++)
              {
                double v = ms[j] * pow10i (d);

                if (v >= lo * (1 - TICK_EPS) && v <= hi * (1 + TICK_EPS))
                  tick_set (&ticks[n++], v, FALSE);
              }
          }
      /* up to three decades with room to spare: label the 2s and 5s too */
      if (minors_25 && n_dec <= 3 && n <= max_ticks)
        for (guint i = 0; i < n; i++)
          ticks[i].major = TRUE;
      qsort (ticks, n, sizeof *ticks, compare_ticks);
      return n;
    }

  /* under two decades in view: labelled 1-2-5 ticks */
  for (int d = d0 - 1; d <= d1; d++)
    {
      static const double ms[] = { 1, 2, 5 };

      for (guint j = 0; j < G_N_ELEMENTS (ms); j++)
        {
          double v = ms[j] * pow10i (d);

          if (v >= lo * (1 - TICK_EPS) && v <= hi * (1 + TICK_EPS)
              && n < max_ticks)
            tick_set (&ticks[n++], v, TRUE);
        }
    }
  if (n >= 2)
    return n;

  return lsg_ticks_linear (lo, hi, max_ticks, ticks);
}

/* Fewest decimals (0..15) that show every v / scale to within a millionth
 * of the smallest gap between neighbours. */
static int
decimals_needed (const LsgTick *ticks,
                 guint          n,
                 double         scale)
{
  double prev = NAN;
  double gap = INFINITY;
  double maxabs = 0;

  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!ticks[i].major)
        continue;
      v = ticks[i].value / scale;
      maxabs = MAX (maxabs, fabs (v));
      if (!isnan (prev) && v - prev > 0)
        gap = MIN (gap, v - prev);
      prev = v;
    }
  if (!isfinite (gap))
    gap = maxabs > 0 ? maxabs : 1;

  for (int d = 0; d < 15; d++)
    {
      double p = pow10i (d);
      gboolean ok = TRUE;

      for (guint i = 0; i < n && ok; i++)
        {
          double v;

          if (!ticks[i].major)
            continue;
          v = ticks[i].value / scale;
          ok = fabs (round (v * p) / p - v) <= 1e-6 * gap;
        }
      if (ok)
        return d;
    }
  return 15;
}

/* Whether the labelled ticks are equally spaced (a linear axis). */
static gboolean
evenly_spaced (const LsgTick *ticks,
               guint          n)
{
  double first_gap = NAN, prev = NAN;

  for (guint i = 0; i < n; i++)
    {
      if (!ticks[i].major)
        continue;
      if (!isnan (prev))
        {
          double gap = ticks[i].value - prev;

          if (isnan (first_gap))
            first_gap = gap;
          else if (fabs (gap - first_gap) > 1e-6 * fabs (first_gap))
            return FALSE;
        }
      prev = ticks[i].value;
    }
  return TRUE;
}

char *
lsg_format_ticks (LsgTick    *ticks,
                  guint       n,
                  const char *unit)
{
  double maxabs = 0, minabs = INFINITY;
  gboolean any = FALSE;

  g_return_val_if_fail (ticks != NULL || n == 0, NULL);

  for (guint i = 0; i < n; i++)
    {
      double a = fabs (ticks[i].value);

      ticks[i].label[0] = '\0';
      if (!ticks[i].major || !isfinite (a))
        continue;
      any = TRUE;
      maxabs = MAX (maxabs, a);
      if (a > 0)
        minabs = MIN (minabs, a);
    }
  if (!any)
    return g_strdup (has_unit (unit) ? unit : "");

  if (maxabs == 0 || maxabs / minabs < 1000 * (1 - TICK_EPS))
    {
      /* one shared prefix (or factor) for the axis */
      int e3 = 0;
      int decimals;
      double scale;
      gboolean uneven;

      if (maxabs > 0 && (has_unit (unit) || maxabs < 1e-3 || maxabs >= 1e4))
        {
          e3 = 3 * (int) floor (log10 (maxabs * (1 + TICK_EPS)) / 3);
          e3 = CLAMP (e3, PREFIX_MIN_EXP, PREFIX_MAX_EXP);
        }
      scale = pow10i (e3);
      decimals = decimals_needed (ticks, n, scale);
      uneven = !evenly_spaced (ticks, n);
      for (guint i = 0; i < n; i++)
        {
          char buf[LSG_TICK_LABEL_MAX];
          double v;

          if (!ticks[i].major)
            continue;
          v = scale_down (ticks[i].value, e3);
          g_snprintf (buf, sizeof buf, "%.*f", decimals, fabs (v));
          /* 0.5, 1.0, 1.5 on a linear axis; 0.01, 0.02, 0.05 on a log one */
          if (uneven)
            strip_trailing_zeros (buf);
          if (g_ascii_strtod (buf, NULL) == 0)
            g_strlcpy (ticks[i].label, "0", LSG_TICK_LABEL_MAX);
          else
            g_snprintf (ticks[i].label, LSG_TICK_LABEL_MAX, "%s%s",
                        v < 0 ? MINUS : "", buf);
        }
      if (has_unit (unit))
        return g_strconcat (prefix_for_exp (e3), unit, NULL);
      if (e3 == 0)
        return g_strdup ("");
      {
        GString *s = g_string_new ("\xc3\x97" "10");

        append_superscript_int (s, e3);
        return g_string_free (s, FALSE);
      }
    }

  /* magnitudes over several prefixes: every label its own */
  {
    gboolean plain = !has_unit (unit) && maxabs < 1e4 && minabs >= 1e-3;

    for (guint i = 0; i < n; i++)
      {
        g_autofree char *label = NULL;

        if (!ticks[i].major)
          continue;
        if (has_unit (unit))
          label = lsg_format_si (ticks[i].value, unit, 3);
        else if (ticks[i].value == 0)
          label = g_strdup ("0");
        else
          {
            GString *s = g_string_new (ticks[i].value < 0 ? MINUS : "");
            double a = fabs (ticks[i].value);

            if (plain)
              append_decimal (s, a, 3);
            else
              append_pow10 (s, a, 3);
            label = g_string_free (s, FALSE);
          }
        g_strlcpy (ticks[i].label, label, LSG_TICK_LABEL_MAX);
      }
  }
  return NULL;
}

/* ---- Parsing ---------------------------------------------------------- */

static const struct {
  const char *text;
  int         exp;
} parse_prefixes[] = {
  { "y", -24 }, { "z", -21 }, { "a", -18 }, { "f", -15 }, { "p", -12 },
  { "n", -9 }, { "u", -6 }, { "\xc2\xb5", -6 }, { "\xce\xbc", -6 },
  { "m", -3 }, { "k", 3 }, { "M", 6 }, { "G", 9 }, { "T", 12 },
  { "P", 15 }, { "E", 18 }, { "Z", 21 }, { "Y", 24 },
};

static gboolean
is_space (const char *p,
          gsize      *len)
{
  if (*p == ' ' || *p == '\t')
    *len = 1;
  else if ((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0)
    *len = 2;                                /* no-break space */
  else if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80
           && (guchar) p[2] == 0xaf)
    *len = 3;                                /* narrow no-break space */
  else
    return FALSE;
  return TRUE;
}

static const char *
skip_spaces (const char *p)
{
  gsize len;

  while (is_space (p, &len))
    p += len;
  return p;
}

static void
set_parse_error (GError     **error,
                 int          code,
                 const char  *text,
                 const char  *unit,
                 const char  *what)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *quoted = NULL;

  if (g_utf8_strlen (valid, -1) > MAX_QUOTE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, MAX_QUOTE_CHARS);

      quoted = g_strconcat (cut, "\xe2\x80\xa6", NULL);
    }
  else
    quoted = g_strdup (valid);

  if (code == LSG_PLOT_MATH_ERROR_RANGE)
    g_set_error (error, LSG_PLOT_MATH_ERROR, code,
                 "\xe2\x80\x9c%s\xe2\x80\x9d %s: expected a finite number "
                 "of magnitude below 1.8e308",
                 quoted, what);
  else if (has_unit (unit))
    g_set_error (error, LSG_PLOT_MATH_ERROR, code,
                 "\xe2\x80\x9c%s\xe2\x80\x9d %s: expected a number with an "
                 "optional SI prefix, like 2.5n or 2.5 n%s",
                 quoted, what, unit);
  else
    g_set_error (error, LSG_PLOT_MATH_ERROR, code,
                 "\xe2\x80\x9c%s\xe2\x80\x9d %s: expected a number with an "
                 "optional SI prefix, like 2.5n or 2.5e-9",
                 quoted, what);
}

gboolean
lsg_parse_si (const char  *text,
              const char  *unit,
              double      *value,
              GError     **error)
{
  g_autoptr(GString) number = g_string_new (NULL);
  g_autofree char *rest = NULL;
  g_autofree char *what = NULL;
  const char *p;
  gboolean digits = FALSE;
  int exp = 0;
  double v;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  p = skip_spaces (text);
  if (*p == '\0')
    {
      set_parse_error (error, LSG_PLOT_MATH_ERROR_SYNTAX, text, unit,
                       "is empty");
      return FALSE;
    }

  if (*p == '-' || *p == '+')
    g_string_append_c (number, *p++);
  else if (g_str_has_prefix (p, MINUS))
    {
      g_string_append_c (number, '-');
      p += strlen (MINUS);
    }

  while (g_ascii_isdigit (*p))
    {
      g_string_append_c (number, *p++);
      digits = TRUE;
    }
  if (*p == '.')
    {
      g_string_append_c (number, *p++);
      while (g_ascii_isdigit (*p))
        {
          g_string_append_c (number, *p++);
          digits = TRUE;
        }
    }
  if (!digits)
    {
      set_parse_error (error, LSG_PLOT_MATH_ERROR_SYNTAX, text, unit,
                       "is not a number");
      return FALSE;
    }
  /* e or E starts an exponent only before digits; alone, E is exa */
  if ((*p == 'e' || *p == 'E')
      && (g_ascii_isdigit (p[1])
          || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      g_string_append_c (number, *p++);
      if (*p == '+' || *p == '-')
        g_string_append_c (number, *p++);
      while (g_ascii_isdigit (*p))
        g_string_append_c (number, *p++);
    }

  p = skip_spaces (p);
  rest = g_strdup (p);
  /* trailing spaces */
  {
    gsize end = strlen (rest);

    while (end > 0)
      {
        gsize len;
        gsize start = end - 1;

        /* back to the start of the last character */
        while (start > 0 && ((guchar) rest[start] & 0xc0) == 0x80)
          start--;
        if (!is_space (rest + start, &len))
          break;
        end = start;
      }
    rest[end] = '\0';
  }

  if (rest[0] != '\0' && !(has_unit (unit) && strcmp (rest, unit) == 0))
    {
      const char *tail = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (parse_prefixes); i++)
        if (g_str_has_prefix (rest, parse_prefixes[i].text))
          {
            const char *after = rest + strlen (parse_prefixes[i].text);

            if (*after == '\0' || (has_unit (unit) && strcmp (after, unit) == 0))
              {
                exp = parse_prefixes[i].exp;
                break;
              }
            tail = after;
          }

      if (exp == 0)
        {
          int code = LSG_PLOT_MATH_ERROR_UNIT;

          if (g_ascii_isdigit (rest[0]) || strchr (".+-eE", rest[0]) != NULL)
            {
              code = LSG_PLOT_MATH_ERROR_SYNTAX;
              what = g_strdup ("is not a number");
            }
          else if (!has_unit (unit))
            what = g_strdup_printf ("ends in \xe2\x80\x9c%s\xe2\x80\x9d, "
                                    "but only an SI prefix may follow the "
                                    "number", rest);
          else if (g_str_has_suffix (rest, unit))
            {
              g_autofree char *bad = g_strndup (rest, strlen (rest) - strlen (unit));

              g_strchomp (bad);
              what = g_strdup_printf ("has \xe2\x80\x9c%s\xe2\x80\x9d before "
                                      "%s, which is not an SI prefix "
                                      "(y z a f p n \xc2\xb5 m k M G T P E Z Y)",
                                      bad, unit);
            }
          else
            what = g_strdup_printf ("is in %s, not %s",
                                    tail != NULL && *tail != '\0' ? tail : rest,
                                    unit);
          set_parse_error (error, code, text, unit, what);
          return FALSE;
        }
    }

  errno = 0;
  v = g_ascii_strtod (number->str, NULL);
  if (errno == ERANGE || !isfinite (v))
    {
      set_parse_error (error, LSG_PLOT_MATH_ERROR_RANGE, text, unit,
                       "is out of range");
      return FALSE;
    }
  if (exp != 0)
    {
      double scaled = scale_down (v, -exp);

      if (!isfinite (scaled) || (scaled == 0) != (v == 0))
        {
          set_parse_error (error, LSG_PLOT_MATH_ERROR_RANGE, text, unit,
                           "is out of range");
          return FALSE;
        }
      v = scaled;
    }
  *value = v;
  return TRUE;
}

/* ---- Decimation ------------------------------------------------------- */

typedef struct {
  gsize  i;
  double x;
  double y;
} Point;

struct _LsgDecimation {
  /* view of the last update */
  gboolean valid;
  double   x0, x1;
  guint    columns;
  gboolean log_y;

  gsize    n_scanned;       /* input points consumed */
  gboolean have_before;
  Point    before;          /* last point with x < x0 */
  gboolean have_after;      /* first point with x > x1; scanning stops */
  Point    after;

  /* the column being filled */
  gint64   col;             /* -1: none yet */
  gboolean col_has_value;
  Point    col_min, col_max;
  gboolean col_has_gap;
  Point    col_gap;         /* its first gap */

  /* out[0] is the before point (if any), out[1 .. 1 + n_committed) the
   * closed columns, then the open column and the after point. */
  double  *out_x, *out_y;
  gsize    n_committed;
  gsize    n_out;
  gsize    capacity;
};

LsgDecimation *
lsg_decimation_new (void)
{
  return g_new0 (LsgDecimation, 1);
}

void
lsg_decimation_free (LsgDecimation *dec)
{
  if (dec == NULL)
    return;
  g_free (dec->out_x);
  g_free (dec->out_y);
  g_free (dec);
}

void
lsg_decimation_reset (LsgDecimation *dec)
{
  g_return_if_fail (dec != NULL);

  dec->valid = FALSE;
  dec->n_scanned = 0;
  dec->have_before = FALSE;
  dec->have_after = FALSE;
  dec->col = -1;
  dec->col_has_value = FALSE;
  dec->col_has_gap = FALSE;
  dec->n_committed = 0;
  dec->n_out = 0;
}

static void
emit (LsgDecimation *dec,
      const Point   *p)
{
  gsize k = 1 + dec->n_committed;

  /* one NaN is enough to break the line */
  if (isnan (p->y) && dec->n_committed > 0 && isnan (dec->out_y[k - 1]))
    return;
  g_assert (k < dec->capacity);
  dec->out_x[k] = p->x;
  dec->out_y[k] = p->y;
  dec->n_committed++;
}

static int
compare_points (const void *a,
                const void *b)
{
  gsize ia = ((const Point *) a)->i;
  gsize ib = ((const Point *) b)->i;

  return (ia > ib) - (ia < ib);
}

/* The open column's points, in the order they occur, to out. */
static guint
column_points (const LsgDecimation *dec,
               Point                out[3])
{
  guint n = 0;

  if (dec->col_has_value)
    {
      out[n++] = dec->col_min;
      if (dec->col_max.i != dec->col_min.i)
        out[n++] = dec->col_max;
    }
  if (dec->col_has_gap)
    out[n++] = dec->col_gap;
  qsort (out, n, sizeof *out, compare_points);
  return n;
}

static void
close_column (LsgDecimation *dec)
{
  Point pts[3];
  guint n = column_points (dec, pts);

  for (guint k = 0; k < n; k++)
    emit (dec, &pts[k]);
  dec->col_has_value = FALSE;
  dec->col_has_gap = FALSE;
}

gsize
lsg_lower_bound (const double *x,
                 gsize         n,
                 double        x0)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (x[mid] < x0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The hot loop: the open column's extremes live in locals, so the
 * compiler need not reload them around every store (dec could alias x). */
static void
scan (LsgDecimation *dec,
      const double  *x,
      const double  *y,
      gsize          n)
{
  const double x0 = dec->x0, x1 = dec->x1;
  const double span = x1 - x0;
  const double per_x = span > 0 ? dec->columns / span : 0;
  const gint64 last_col = (gint64) dec->columns - 1;
  const gboolean log_y = dec->log_y;
  gint64 col = dec->col;
  gboolean has_value = dec->col_has_value;
  gsize min_i = dec->col_min.i, max_i = dec->col_max.i;
  double min_y = dec->col_min.y, max_y = dec->col_max.y;
  gsize i;

  for (i = dec->n_scanned; i < n; i++)
    {
      double xi = x[i], yi = y[i];
      gint64 c;

      if (G_UNLIKELY (xi < x0))
        {
          dec->before = (Point) { i, xi, (yi - yi == 0 && !(log_y && yi <= 0)) ? yi : NAN };
          dec->have_before = TRUE;
          continue;
        }
      if (G_UNLIKELY (xi > x1))
        {
          dec->after = (Point) { i, xi, (yi - yi == 0 && !(log_y && yi <= 0)) ? yi : NAN };
          dec->have_after = TRUE;
          i++;
          break;
        }

      c = (gint64) ((xi - x0) * per_x);
      if (c > last_col)
        c = last_col;
      if (G_UNLIKELY (c != col))
        {
          if (col >= 0)
            {
              dec->col_has_value = has_value;
              if (has_value)
                {
                  dec->col_min = (Point) { min_i, x[min_i], min_y };
                  dec->col_max = (Point) { max_i, x[max_i], max_y };
                }
              close_column (dec);
            }
          has_value = FALSE;
          col = c;
        }

      /* yi - yi is 0 for finite yi, NaN otherwise */
      if (G_UNLIKELY (!(yi - yi == 0) || (log_y && yi <= 0)))
        {
          if (!dec->col_has_gap)
            {
              dec->col_gap = (Point) { i, xi, NAN };
              dec->col_has_gap = TRUE;
            }
        }
      else if (!has_value)
        {
          has_value = TRUE;
          min_y = max_y = yi;
          min_i = max_i = i;
        }
      else if (yi < min_y)
        {
          min_y = yi;
          min_i = i;
        }
      else if (yi > max_y)
        {
          max_y = yi;
          max_i = i;
        }
    }

  dec->col = col;
  dec->col_has_value = has_value;
  if (has_value)
    {
      dec->col_min = (Point) { min_i, x[min_i], min_y };
      dec->col_max = (Point) { max_i, x[max_i], max_y };
    }
  dec->n_scanned = i;
}

/* out = before, closed columns, open column, after. */
static void
finish (LsgDecimation *dec)
{
  Point pts[3];
  guint n = column_points (dec, pts);
  gsize k = 1 + dec->n_committed;

  for (guint j = 0; j < n; j++)
    {
      if (isnan (pts[j].y) && k > 1 && isnan (dec->out_y[k - 1]))
        continue;
      dec->out_x[k] = pts[j].x;
      dec->out_y[k] = pts[j].y;
      k++;
    }
  if (dec->have_after)
    {
      dec->out_x[k] = dec->after.x;
      dec->out_y[k] = dec->after.y;
      k++;
    }
  if (dec->have_before)
    {
      dec->out_x[0] = dec->before.x;
      dec->out_y[0] = dec->before.y;
    }
  dec->n_out = k;
}

gboolean
lsg_decimation_update (LsgDecimation *dec,
                       const double  *x,
                       const double  *y,
                       gsize          n,
                       double         x0,
                       double         x1,
                       guint          columns,
                       gboolean       log_y,
                       gboolean       appended)
{
  gboolean full;

  g_return_val_if_fail (dec != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), FALSE);

  columns = MAX (columns, 1);
  full = !appended || !dec->valid || n < dec->n_scanned
         || dec->x0 != x0 || dec->x1 != x1
         || dec->columns != columns || dec->log_y != log_y;

  if (full)
    {
      gsize need = 3 * (gsize) columns + 8;

      lsg_decimation_reset (dec);
      dec->valid = TRUE;
      dec->x0 = x0;
      dec->x1 = x1;
      dec->columns = columns;
      dec->log_y = log_y;
      if (dec->capacity < need)
        {
          dec->out_x = g_renew (double, dec->out_x, need);
          dec->out_y = g_renew (double, dec->out_y, need);
          dec->capacity = need;
        }
      dec->n_scanned = lsg_lower_bound (x, n, x0);
      if (dec->n_scanned > 0)
        {
          gsize b = dec->n_scanned - 1;
          double by = y[b];

          if (!isfinite (by) || (log_y && by <= 0))
            by = NAN;
          dec->before = (Point) { b, x[b], by };
          dec->have_before = TRUE;
        }
    }

  if (!dec->have_after)
    scan (dec, x, y, n);
  finish (dec);
  return full;
}

gsize
lsg_decimation_get_points (const LsgDecimation  *dec,
                           const double        **x,
                           const double        **y)
{
  gsize first;

  g_return_val_if_fail (dec != NULL, 0);

  if (dec->n_out == 0)
    {
      *x = *y = NULL;
      return 0;
    }
  first = dec->have_before ? 0 : 1;
  *x = dec->out_x + first;
  *y = dec->out_y + first;
  return dec->n_out - first;
}

gsize
lsg_decimate_minmax (const double *x,
                     const double *y,
                     gsize         n,
                     double        x0,
                     double        x1,
                     guint         columns,
                     gboolean      log_y,
                     double       *out_x,
                     double       *out_y)
{
  g_autoptr(LsgDecimation) dec = lsg_decimation_new ();
  const double *dx, *dy;
  gsize count;

  lsg_decimation_update (dec, x, y, n, x0, x1, columns, log_y, FALSE);
  count = lsg_decimation_get_points (dec, &dx, &dy);
  if (count > 0)
    {
      memcpy (out_x, dx, count * sizeof *dx);
      memcpy (out_y, dy, count * sizeof *dy);
    }
  return count;
}

/* ---- View ranges ------------------------------------------------------ */

void
lsg_range_init_empty (LsgRange *range)
{
  g_return_if_fail (range != NULL);

  range->lo = INFINITY;
  range->hi = -INFINITY;
}

gboolean
lsg_range_is_empty (const LsgRange *range)
{
  g_return_val_if_fail (range != NULL, TRUE);

  return !(range->lo <= range->hi);
}

void
lsg_range_add_value (LsgRange *range,
                     double    v,
                     gboolean  log)
{
  if (!isfinite (v) || (log && v <= 0))
    return;
  if (v < range->lo)
    range->lo = v;
  if (v > range->hi)
    range->hi = v;
}

void
lsg_range_add (LsgRange     *range,
               const double *v,
               gsize         n,
               gboolean      log)
{
  g_return_if_fail (range != NULL);
  g_return_if_fail (n == 0 || v != NULL);

  for (gsize i = 0; i < n; i++)
    lsg_range_add_value (range, v[i], log);
}

static void
range_default (LsgRange *range,
               gboolean  log)
{
  range->lo = log ? 1 : 0;
  range->hi = log ? 10 : 1;
}

/* Empty or constant data to a range with a span; TRUE if it did. */
static gboolean
range_fit_degenerate (LsgRange *range,
                      gboolean  log)
{
  if (lsg_range_is_empty (range))
    {
      range_default (range, log);
      return TRUE;
    }
  if (log)
    {
      if (log10 (range->hi) - log10 (range->lo) < LSG_RANGE_MIN_REL_SPAN)
        {
          double c = sqrt (range->lo * range->hi);

          range->lo = c / sqrt (10);
          range->hi = c * sqrt (10);
          lsg_range_clamp (range, log);
          return TRUE;
        }
      return FALSE;
    }
  if (range->hi - range->lo
      <= LSG_RANGE_MIN_REL_SPAN * MAX (fabs (range->lo), fabs (range->hi)))
    {
      double c = 0.5 * (range->lo + range->hi);
      double d = c == 0 ? 1 : 0.05 * fabs (c);

      range->lo = c - d;
      range->hi = c + d;
      lsg_range_clamp (range, log);
      return TRUE;
    }
  return FALSE;
}

void
lsg_range_fit (LsgRange *range,
               gboolean  log,
               double    pad)
{
  g_return_if_fail (range != NULL);

  if (range_fit_degenerate (range, log))
    return;
  if (log)
    {
      double l0 = log10 (range->lo), l1 = log10 (range->hi);
      double d = (l1 - l0) * pad;

      range->lo = pow (10, l0 - d);
      range->hi = pow (10, l1 + d);
    }
  else
    {
      double d = (range->hi - range->lo) * pad;

      range->lo -= d;
      range->hi += d;
    }
  lsg_range_clamp (range, log);
}

void
lsg_range_fit_nice (LsgRange *range,
                    gboolean  log,
                    guint     max_ticks)
{
  g_return_if_fail (range != NULL);

  if (range_fit_degenerate (range, log))
    return;
  if (log)
    {
      range->lo = pow (10, floor (log10 (range->lo) + TICK_EPS));
      range->hi = pow (10, ceil (log10 (range->hi) - TICK_EPS));
    }
  else
    {
      double step = nice_step (range->lo, range->hi, CLAMP (max_ticks, 2, LSG_TICKS_MAX));

      range->lo = floor (range->lo / step + TICK_EPS) * step;
      range->hi = ceil (range->hi / step - TICK_EPS) * step;
    }
  lsg_range_clamp (range, log);
}

void
lsg_range_zoom (LsgRange *range,
                gboolean  log,
                double    anchor,
                double    factor)
{
  double lo, hi, a;

  g_return_if_fail (range != NULL);

  if (!(factor > 0) || !isfinite (factor))
    return;
  lo = log ? log10 (range->lo) : range->lo;
  hi = log ? log10 (range->hi) : range->hi;
  a = log ? (anchor > 0 ? log10 (anchor) : NAN) : anchor;
  if (!isfinite (a))
    a = 0.5 * (lo + hi);
  lo = a - (a - lo) / factor;
  hi = a + (hi - a) / factor;
  range->lo = log ? pow (10, lo) : lo;
  range->hi = log ? pow (10, hi) : hi;
  lsg_range_clamp (range, log);
}

void
lsg_range_pan (LsgRange *range,
               gboolean  log,
               double    fraction)
{
  g_return_if_fail (range != NULL);

  if (!isfinite (fraction))
    return;
  if (log)
    {
      double d = (log10 (range->hi) - log10 (range->lo)) * fraction;

      range->lo *= pow (10, d);
      range->hi *= pow (10, d);
    }
  else
    {
      double d = (range->hi - range->lo) * fraction;

      range->lo += d;
      range->hi += d;
    }
  lsg_range_clamp (range, log);
}

gboolean
lsg_range_clamp (LsgRange *range,
                 gboolean  log)
{
  LsgRange old;

  g_return_val_if_fail (range != NULL, FALSE);

  old = *range;
  if (isnan (range->lo) || isnan (range->hi))
    range_default (range, log);
  if (range->lo > range->hi)
    {
      double t = range->lo;
      range->lo = range->hi;
      range->hi = t;
    }

  if (log)
    {
      double l0, l1, min_span;

      if (!(range->hi > 0))
        range_default (range, log);
      if (!(range->lo > 0))
        range->lo = range->hi / 1000;
      range->lo = CLAMP (range->lo, RANGE_LOG_MIN, RANGE_ABS_MAX);
      range->hi = CLAMP (range->hi, RANGE_LOG_MIN, RANGE_ABS_MAX);
      l0 = log10 (range->lo);
      l1 = log10 (range->hi);
      min_span = LSG_RANGE_MIN_REL_SPAN;
      if (l1 - l0 < min_span)
        {
          double c = 0.5 * (l0 + l1);

          c = CLAMP (c, log10 (RANGE_LOG_MIN) + min_span, log10 (RANGE_ABS_MAX) - min_span);
          range->lo = pow (10, c - 0.5 * min_span);
          range->hi = pow (10, c + 0.5 * min_span);
        }
    }
  else
    {
      double min_span;

      range->lo = CLAMP (range->lo, -RANGE_ABS_MAX, RANGE_ABS_MAX);
      range->hi = CLAMP (range->hi, -RANGE_ABS_MAX, RANGE_ABS_MAX);
      min_span = MAX (LSG_RANGE_MIN_REL_SPAN
                      * MAX (fabs (range->lo), fabs (range->hi)),
                      RANGE_LOG_MIN);
      if (range->hi - range->lo < min_span)
        {
          double c = 0.5 * (range->lo + range->hi);

          range->lo = c - 0.5 * min_span;
          range->hi = c + 0.5 * min_span;
        }
    }
  return range->lo != old.lo || range->hi != old.hi;
}

/* ---- Palette ---------------------------------------------------------- */

/* Okabe & Ito (2008), "Color Universal Design". */
static const guint8 okabe_ito[LSG_PALETTE_SIZE][3] = {
  { 0x00, 0x72, 0xb2 },   /* blue */
  { 0xe6, 0x9f, 0x00 },   /* orange */
  { 0x00, 0x9e, 0x73 },   /* bluish green */
  { 0xd5, 0x5e, 0x00 },   /* vermillion */
  { 0x56, 0xb4, 0xe9 },   /* sky blue */
  { 0xcc, 0x79, 0xa7 },   /* reddish purple */
  { 0xf0, 0xe4, 0x42 },   /* yellow */
  { 0x00, 0x00, 0x00 },   /* black */
  /* Tol (2021), "Colour schemes", muted: */
  { 0x88, 0x22, 0x55 },   /* wine */
  { 0x44, 0xaa, 0x99 },   /* teal */
  { 0x99, 0x99, 0x33 },   /* olive */
  { 0x33, 0x22, 0x88 },   /* indigo */
};

void
lsg_palette_color (guint   index,
                   double *r,
                   double *g,
                   double *b)
{
  const guint8 *c = okabe_ito[index % LSG_PALETTE_SIZE];

  g_return_if_fail (r != NULL && g != NULL && b != NULL);

  *r = c[0] / 255.0;
  *g = c[1] / 255.0;
  *b = c[2] / 255.0;
}

LsgMarker
lsg_palette_marker (guint index)
{
  static const LsgMarker markers[LSG_PALETTE_N_STYLES] = {
    LSG_MARKER_CIRCLE, LSG_MARKER_SQUARE, LSG_MARKER_TRIANGLE_UP,
    LSG_MARKER_DIAMOND, LSG_MARKER_TRIANGLE_DOWN, LSG_MARKER_PLUS,
    LSG_MARKER_CROSS, LSG_MARKER_STAR,
  };

  return markers[index % LSG_PALETTE_N_STYLES];
}

void
lsg_palette_dashes (guint          index,
                    const double **dashes,
                    guint         *n_dashes)
{
  static const double dash[] = { 6, 3 };
  static const double dot[] = { 1, 2 };
  static const double dash_dot[] = { 6, 2, 1, 2 };
  static const double long_dash[] = { 10, 3 };
  static const double dash_dot_dot[] = { 6, 2, 1, 2, 1, 2 };
  static const double short_dash[] = { 3, 2 };
  static const double long_short[] = { 10, 2, 3, 2 };
  static const struct {
    const double *d;
    guint         n;
  } table[LSG_PALETTE_N_STYLES] = {
    { NULL, 0 },
    { dash, G_N_ELEMENTS (dash) },
    { dot, G_N_ELEMENTS (dot) },
    { dash_dot, G_N_ELEMENTS (dash_dot) },
    { long_dash, G_N_ELEMENTS (long_dash) },
    { dash_dot_dot, G_N_ELEMENTS (dash_dot_dot) },
    { short_dash, G_N_ELEMENTS (short_dash) },
    { long_short, G_N_ELEMENTS (long_short) },
  };

  g_return_if_fail (dashes != NULL && n_dashes != NULL);

  *dashes = table[index % LSG_PALETTE_N_STYLES].d;
  *n_dashes = table[index % LSG_PALETTE_N_STYLES].n;
}
