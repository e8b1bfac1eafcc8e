/* lsg-number.c: numbers as text: SI-prefixed formatting and parsing, and
 * the shortest decimal text that reads back exactly. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lsg-number.h"
#include "lsg-number-private.h"

G_DEFINE_QUARK (lsg-number-error-quark, lsg_number_error)

/* Offending text is cut to this many characters in messages. */
#define MAX_QUOTE_CHARS 40
#define MINUS LSG_NUMBER_MINUS

/* ---- SI prefixes ------------------------------------------------------ */

#define PREFIX_MIN_EXP LSG_NUMBER_PREFIX_MIN_EXP
#define PREFIX_MAX_EXP LSG_NUMBER_PREFIX_MAX_EXP

static const char * const si_prefixes[] = {
  "y", "z", "a", "f", "p", "n", "\xc2\xb5", "m", "",
  "k", "M", "G", "T", "P", "E", "Z", "Y",
};

const char *
lsg_number_prefix_for_exp (int e3)
{
  return si_prefixes[(e3 - PREFIX_MIN_EXP) / 3];
}

gboolean
lsg_number_has_unit (const char *unit)
{
  return unit != NULL && unit[0] != '\0';
}

int
lsg_number_unit_power (const char *unit)
{
  gsize n;

  if (!lsg_number_has_unit (unit))
    return 1;
  /* the first factor of the unit: up to a product dot or a slash */
  n = strcspn (unit, "/");
  {
    const char *dot = strstr (unit, "\xc2\xb7");

    if (dot != NULL && (gsize) (dot - unit) < n)
      n = dot - unit;
  }
  if (n >= 2 && (guchar) unit[n - 2] == 0xc2 && (guchar) unit[n - 1] == 0xb2)
    return 2;                                     /* ² */
  if (n >= 2 && (guchar) unit[n - 2] == 0xc2 && (guchar) unit[n - 1] == 0xb3)
    return 3;                                     /* ³ */
  return 1;
}

/* Exact powers of ten up to 1e22; beyond, pow() is close enough. */
double
lsg_number_pow10i (int e)
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
double
lsg_number_scale_down (double v,
                       int    e)
{
  if (e >= 0)
    return v / lsg_number_pow10i (e);
  return v * lsg_number_pow10i (-e);
}

void
lsg_number_strip_trailing_zeros (char *buf)
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

void
lsg_number_append_superscript_int (GString *s,
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

void
lsg_number_append_decimal (GString *s,
                           double   a,
                           guint    digits)
{
  char buf[64];

  format_sig (buf, sizeof buf, a, digits);
  lsg_number_strip_trailing_zeros (buf);
  g_string_append (s, buf);
}

/* mantissa×10ⁿ, or 10ⁿ alone for a mantissa of 1; a > 0. */
void
lsg_number_append_pow10 (GString *s,
              double   a,
              guint    digits)
{
  char buf[64];
  int e = (int) floor (log10 (a));
  double m = lsg_number_scale_down (a, e);

  /* log10 can land one off near powers of ten; rounding can reach 10 */
  if (m < 1)
    m = lsg_number_scale_down (a, --e);
  format_sig (buf, sizeof buf, m, digits);
  if (g_ascii_strtod (buf, NULL) >= 10)
    {
      m = lsg_number_scale_down (a, ++e);
      format_sig (buf, sizeof buf, m, digits);
    }
  lsg_number_strip_trailing_zeros (buf);
  if (strcmp (buf, "1") != 0)
    {
      g_string_append (s, buf);
      g_string_append (s, "\xc3\x97");   /* × */
    }
  g_string_append (s, "10");
  lsg_number_append_superscript_int (s, e);
}

/* Without a unit: plain digits in [1e-3, 1e4), else a power of ten. */
static void
append_plain (GString *s,
              double   a,
              guint    digits)
{
  if (a >= 1e-3 && a < 1e4)
    lsg_number_append_decimal (s, a, digits);
  else
    lsg_number_append_pow10 (s, a, digits);
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
  int e3, power, step;

  digits = CLAMP (digits, 1, 17);

  if (format_non_finite (s, value))
    return g_string_free (s, FALSE);

  if (!lsg_number_has_unit (unit))
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

  /* a prefix of a squared unit scales its base (1 µm² = 1e-12 m²):
   * steps of 10^(3 power), values from 1 to below 1000^power */
  power = lsg_number_unit_power (unit);
  step = 3 * power;
  e3 = step * (int) floor (log10 (a) / step);
  e3 = CLAMP (e3, PREFIX_MIN_EXP * power, PREFIX_MAX_EXP * power);
  if (lsg_number_scale_down (a, e3) < 1 && e3 > PREFIX_MIN_EXP * power)
    e3 -= step;
  format_sig (buf, sizeof buf, lsg_number_scale_down (a, e3), digits);
  /* 999.96 rounds to 1000: take the next prefix */
  if (g_ascii_strtod (buf, NULL) >= lsg_number_pow10i (step) && e3 < PREFIX_MAX_EXP * power)
    {
      e3 += step;
      format_sig (buf, sizeof buf, lsg_number_scale_down (a, e3), digits);
    }
  lsg_number_strip_trailing_zeros (buf);
  g_string_append_printf (s, "%s%s %s%s",
                          value < 0 ? MINUS : "", buf,
                          lsg_number_prefix_for_exp (e3 / power), unit);
  return g_string_free (s, FALSE);
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

  if (code == LSG_NUMBER_ERROR_RANGE)
    g_set_error (error, LSG_NUMBER_ERROR, code,
                 "\xe2\x80\x9c%s\xe2\x80\x9d %s: expected a finite number "
                 "of magnitude below 1.8e308",
                 quoted, what);
  else if (lsg_number_has_unit (unit))
    g_set_error (error, LSG_NUMBER_ERROR, code,
                 "\xe2\x80\x9c%s\xe2\x80\x9d %s: expected a number with an "
                 "optional SI prefix, like 2.5n or 2.5 n%s",
                 quoted, what, unit);
  else
    g_set_error (error, LSG_NUMBER_ERROR, code,
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
      set_parse_error (error, LSG_NUMBER_ERROR_SYNTAX, text, unit,
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
      set_parse_error (error, LSG_NUMBER_ERROR_SYNTAX, text, unit,
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

  if (rest[0] != '\0' && !(lsg_number_has_unit (unit) && strcmp (rest, unit) == 0))
    {
      const char *tail = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (parse_prefixes); i++)
        if (g_str_has_prefix (rest, parse_prefixes[i].text))
          {
            const char *after = rest + strlen (parse_prefixes[i].text);

            if (*after == '\0' || (lsg_number_has_unit (unit) && strcmp (after, unit) == 0))
              {
                /* a prefix before a squared unit scales its base:
                 * 1 µm² = 1e-12 m²; alone it is a factor, as in SPICE */
                exp = parse_prefixes[i].exp * (*after == '\0' ? 1 : lsg_number_unit_power (unit));
                break;
              }
            tail = after;
          }

      if (exp == 0)
        {
          int code = LSG_NUMBER_ERROR_UNIT;

          if (g_ascii_isdigit (rest[0]) || strchr (".+-eE", rest[0]) != NULL)
            {
              code = LSG_NUMBER_ERROR_SYNTAX;
              what = g_strdup ("is not a number");
            }
          else if (!lsg_number_has_unit (unit))
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
      set_parse_error (error, LSG_NUMBER_ERROR_RANGE, text, unit,
                       "is out of range");
      return FALSE;
    }
  if (exp != 0)
    {
      double scaled = lsg_number_scale_down (v, -exp);

      if (!isfinite (scaled) || (scaled == 0) != (v == 0))
        {
          set_parse_error (error, LSG_NUMBER_ERROR_RANGE, text, unit,
                           "is out of range");
          return FALSE;
        }
      v = scaled;
    }
  *value = v;
  return TRUE;
}

/* ---- Exact decimal text ---------------------------------------------- */

/* Writes digits[0..n) x 10^exp10 (the first digit before the point) as
 * printf's %.{prec}g would: scientific when exp10 < -4 or exp10 >= prec,
 * with at least two exponent digits, otherwise positional; trailing
 * zeros are already gone from digits.  Returns the length written. */
static gsize
write_g (char       *out,
         gboolean    negative,
         const char *digits,
         int         n,
         int         exp10,
         int         prec)
{
  char *p = out;

  if (negative)
    *p++ = '-';
  if (exp10 < -4 || exp10 >= prec)
    {
      int e = exp10 < 0 ? -exp10 : exp10;

      *p++ = digits[0];
      if (n > 1)
        {
          *p++ = '.';
          memcpy (p, digits + 1, n - 1);
          p += n - 1;
        }
      *p++ = 'e';
      *p++ = exp10 < 0 ? '-' : '+';
      if (e >= 100)
        *p++ = '0' + e / 100;
      *p++ = '0' + (e / 10) % 10;
      *p++ = '0' + e % 10;
    }
  else if (exp10 < 0)
    {
      *p++ = '0';
      *p++ = '.';
      for (int k = 0; k < -exp10 - 1; k++)
        *p++ = '0';
      memcpy (p, digits, n);
      p += n;
    }
  else
    {
      for (int k = 0; k <= exp10; k++)
        *p++ = k < n ? digits[k] : '0';
      if (n > exp10 + 1)
        {
          *p++ = '.';
          memcpy (p, digits + exp10 + 1, n - exp10 - 1);
          p += n - exp10 - 1;
        }
    }
  *p = '\0';
  return p - out;
}

/* Rounds the 17 significant digits src (half up on the decimal text) to
 * keep digits in dst, carrying into the exponent; returns the count left
 * after trailing zeros are dropped. */
static int
round_digits (char       *dst,
              const char *src,
              int         keep,
              int        *exp10)
{
  int n = keep;

  memcpy (dst, src, keep);
  if (src[keep] >= '5')
    {
      int k = keep - 1;

      while (k >= 0 && dst[k] == '9')
        dst[k--] = '0';
      if (k >= 0)
        dst[k]++;
      else
        {
          /* 9.99... became 10.0...: one digit, one decade up */
          dst[0] = '1';
          for (int j = 1; j < keep; j++)
            dst[j] = '0';
          (*exp10)++;
        }
    }
  while (n > 1 && dst[n - 1] == '0')
    n--;
  return n;
}

char *
lsg_format_double_exact (char   *buf,
                         gsize   len,
                         double  value)
{
  char sci[40], digits[18], text[40];
  gboolean negative;
  int exp10, n;

  g_return_val_if_fail (len >= G_ASCII_DTOSTR_BUF_SIZE, buf);

  if (isnan (value))
    return strcpy (buf, "nan");
  if (isinf (value))
    return strcpy (buf, value > 0 ? "inf" : "-inf");
  if (value == 0)
    return strcpy (buf, signbit (value) ? "-0" : "0");

  /* The 17 significant digits always read back; one printf gives them,
   * and every shorter candidate is made from them and checked by
   * reading it back.  Whatever reads back at 15 digits or fewer does so
   * with its trailing zeros dropped (a double is within 1.1e-16 of it,
   * far from any rounding boundary of a shorter grid), so one check
   * finds the shortest up to 15; then 16, then 17.  Typed values (6
   * digits or fewer) are written as %.6g writes them, computed ones as
   * %.{digits}g. */
  if (fabs (value) < DBL_MIN)
    {
      /* subnormals carry fewer digits than that argument assumes: try
       * every precision */
      for (int prec = 6; prec <= 17; prec++)
        {
          char fmt[8];

          g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
          g_ascii_formatd (buf, len, fmt, value);
          if (g_ascii_strtod (buf, NULL) == value)
            break;
        }
      return buf;
    }
  g_snprintf (sci, sizeof sci, "%.16e", value);
  negative = sci[0] == '-';
  {
    const char *m = sci + (negative ? 1 : 0);
    char all[18];
    const char *e = strchr (m, 'e');

    all[0] = m[0];
    memcpy (all + 1, m + 2, 16);
    all[17] = '\0';
    exp10 = atoi (e + 1);

    for (int keep = 15; keep <= 17; keep++)
      {
        int ex = exp10;

        if (keep == 17)
          {
            memcpy (digits, all, 17);
            n = 17;
            while (n > 1 && digits[n - 1] == '0')
              n--;
          }
        else if (all[keep] == '5' && strspn (all + keep + 1, "0") >= (gsize) (16 - keep))
          {
            /* a tie in the 17 digits is not a tie in the double: let
             * printf round the binary value itself */
            char tie[40];
            const char *tm, *te;

            g_snprintf (tie, sizeof tie, "%.*e", keep - 1, value);
            tm = tie + (negative ? 1 : 0);
            te = strchr (tm, 'e');
            digits[0] = tm[0];
            memcpy (digits + 1, tm + 2, keep - 1);
            ex = atoi (te + 1);
            n = keep;
            while (n > 1 && digits[n - 1] == '0')
              n--;
          }
        else
          n = round_digits (digits, all, keep, &ex);
        write_g (text, negative, digits, n, ex, MAX (keep == 15 ? n : keep, 6));
        if (keep == 17 || g_ascii_strtod (text, NULL) == value)
          {
            exp10 = ex;
            break;
          }
      }
  }
  g_strlcpy (buf, text, len);
  return buf;
}

void
lsg_number_append (GString *out,
                   double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, lsg_format_double_exact (buf, sizeof buf, value));
}
