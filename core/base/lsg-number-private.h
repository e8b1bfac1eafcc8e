/* lsg-number-private.h: the pieces of SI number text that tick labels
 * (core/plot/lsg-ticks.c) share with lsg-number.c. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Typographic minus, U+2212. */
#define LSG_NUMBER_MINUS "\xe2\x88\x92"
#define LSG_NUMBER_PREFIX_MIN_EXP (-24)
#define LSG_NUMBER_PREFIX_MAX_EXP 24

const char *lsg_number_prefix_for_exp (int e3);
gboolean    lsg_number_has_unit       (const char *unit);
/* 2 for a unit whose first factor is squared ("m²", "m²/s"), 3 for
 * cubed, else 1: a prefix scales that factor's base. */
int         lsg_number_unit_power     (const char *unit);
double      lsg_number_pow10i         (int e);
double      lsg_number_scale_down     (double v,
                                       int    e);
void        lsg_number_strip_trailing_zeros (char *buf);
void        lsg_number_append_superscript_int (GString *s,
                                               int      e);
void        lsg_number_append_decimal (GString *s,
                                       double   a,
                                       guint    digits);
void        lsg_number_append_pow10   (GString *s,
                                       double   a,
                                       guint    digits);

G_END_DECLS
