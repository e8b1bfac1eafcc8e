/* lsg-number.h: numbers as text.
 *
 * SI-prefixed numbers for people (formatting and parsing, "2.5 nA") and
 * the shortest decimal text that reads back as exactly the same double,
 * which every CSV and key file writes.  GLib and libm only.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LSG_NUMBER_ERROR (lsg_number_error_quark ())

typedef enum {
  LSG_NUMBER_ERROR_SYNTAX,   /* not a number with an optional prefix */
  LSG_NUMBER_ERROR_UNIT,     /* a unit other than the expected one */
  LSG_NUMBER_ERROR_RANGE,    /* beyond the range of a double */
} LsgNumberError;

GQuark lsg_number_error_quark (void);

/* ---- SI numbers ------------------------------------------------------- */

/* value with the SI prefix (y = 1e-24 ... Y = 1e24) that leaves 1 to 999
 * before it, rounded to `digits` significant digits, trailing zeros
 * dropped, a typographic minus: "2.5 nA", "100 µs", "−3.2 mV", "0 A".
 * Without a unit (NULL or "") no prefix is used: plain digits for
 * 10⁻³ ≤ |value| < 10⁴, otherwise "2.5×10⁻⁹".  NaN and infinities give
 * "NaN", "∞", "−∞".  Free with g_free. */
char    *lsg_format_si      (double       value,
                             const char  *unit,
                             guint        digits);

/* Reads a number typed by a person: an optional sign (-, + or −), digits
 * with an optional decimal point and exponent (e or E), then, optionally
 * and separated by optional spaces, an SI prefix (u, µ or μ for micro) and
 * the unit.  With unit NULL or "" nothing may follow the prefix.  Leading
 * and trailing spaces are ignored.  "2.5n", "2.5 nA", "2.5E-9 A", "10 µA",
 * "1k", "3 fF" are accepted for the matching unit.  On failure value is
 * left alone and error says what was wrong, quoting text. */
gboolean lsg_parse_si       (const char  *text,
                             const char  *unit,
                             double      *value,
                             GError     **error);

/* The shortest decimal text that reads back as exactly value ("5e-10",
 * not "5.0000000000000003e-10"; "2e-06", not "1.9999999999999999e-06"),
 * in the C locale, in printf's %g form at that many digits (at least 6,
 * so typed values read as people typed them: "1500", "0.02").  NaN and
 * infinities are "nan", "inf", "-inf", as strtod reads them.  Every CSV
 * and key file the project writes uses it.  buf holds at least
 * G_ASCII_DTOSTR_BUF_SIZE bytes; returns buf. */
char      *lsg_format_double_exact (char  *buf,
                                    gsize  len,
                                    double value);
/* The same text appended to out. */
void       lsg_number_append       (GString *out,
                                    double   value);

G_END_DECLS
