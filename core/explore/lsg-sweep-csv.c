/* lsg-sweep-csv.c: the sweep's files: its identity and descriptor, the
 * CSV of a shard, reading rows back (to resume a shard), merging shards. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-design-file.h"
#include "lsg-file.h"
#include "lsg-number.h"
#include "lsg-sweep-private.h"

/* The first line of files of the earlier formats, a comment. */
#define OLD_FORMAT_PREFIX "# logsgd sweep v"
#define ID_PREFIX "sw-"
#define ID_HEX_DIGITS 16
/* U+FF03 FULLWIDTH NUMBER SIGN, for '#' in messages */
#define FULLWIDTH_NUMBER_SIGN "\xef\xbc\x83"

/* Identity */

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
identity_text (const LsgSweep *sweep)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "logsgd sweep v%d\nlogsgd-version=%s\npoints=%u\nmc=%u\n",
                          LSG_SWEEP_FORMAT, sweep->version, sweep->n_points, sweep->mc);
  for (guint a = 0; a < sweep->n_axes; a++)
    {
      g_autofree char *axis = lsg_sweep_axis_to_string (&sweep->axes[a]);

      g_string_append_printf (out, "axis=%s\n", axis);
    }
  g_string_append_printf (out, "design-sha256=%s\n", sweep->design_sha256);
  return g_string_free (out, FALSE);
}

void
_lsg_sweep_set_identity (LsgSweep   *sweep,
                         const char *version)
{
  g_autofree char *design = lsg_params_to_data (sweep->base, NULL);
  g_autofree char *identity = NULL;
  g_autofree char *sha = NULL;

  g_free (sweep->version);
  sweep->version = g_strdup (version);
  g_free (sweep->design_sha256);
  sweep->design_sha256 = sha256_hex (design);
  identity = identity_text (sweep);
  sha = sha256_hex (identity);
  g_free (sweep->id);
  sweep->id = g_strdup_printf (ID_PREFIX "%.*s", ID_HEX_DIGITS, sha);
}

const char *
lsg_sweep_get_id (const LsgSweep *sweep)
{
  g_return_val_if_fail (sweep != NULL, NULL);
  return sweep->id;
}

const char *
lsg_sweep_get_version (const LsgSweep *sweep)
{
  g_return_val_if_fail (sweep != NULL, NULL);
  return sweep->version;
}

/* CSV */

/* Error messages as one quoted field that every reader splits alike:
 * no line break, no comma, no '#'. */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append (out, "\"\"");
      else if (*c == '\n' || *c == '\r')
        g_string_append_c (out, ' ');
      else if (*c == ',')
        g_string_append_c (out, ';');
      else if (*c == '#')
        g_string_append (out, FULLWIDTH_NUMBER_SIGN);
      else
        g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

char *
lsg_sweep_csv_header (const LsgSweep *sweep)
{
  GString *out = g_string_new ("point");
  const char *const *figures;
  guint n_figures;

  g_return_val_if_fail (sweep != NULL, NULL);

  figures = lsg_sweep_figure_names (&n_figures);
  for (guint a = 0; a < sweep->n_axes; a++)
    g_string_append_printf (out, ",%s.%s", sweep->axes[a].spec->group, sweep->axes[a].spec->key);
  g_string_append (out, ",mc,mc_seed,noise_seed");
  for (guint f = 0; f < n_figures; f++)
    g_string_append_printf (out, ",%s", figures[f]);
  g_string_append (out, ",error,sweep_id,logsgd_version\n");
  return g_string_free (out, FALSE);
}

void
lsg_sweep_append_csv_row (const LsgSweep *sweep,
                          guint           index,
                          GString        *out)
{
  const LsgSweepResult *r;
  const char *const *figures;
  guint n_figures;

  g_return_if_fail (sweep != NULL && out != NULL);
  g_return_if_fail (index < sweep->n_points);

  r = &sweep->results[index];
  figures = lsg_sweep_figure_names (&n_figures);
  g_string_append_printf (out, "%u", index);
  for (guint a = 0; a < sweep->n_axes; a++)
    {
      g_string_append_c (out, ',');
      if (sweep->axes[a].spec->type == LSG_KEY_DOUBLE)
        lsg_number_append (out, r->values[a]);
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, (guint64) r->values[a]);
    }
  g_string_append_printf (out, ",%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                          r->mc, r->mc_seed, r->noise_seed);
  for (guint f = 0; f < n_figures; f++)
    {
      g_string_append_c (out, ',');
      lsg_number_append (out, lsg_sweep_result_value (sweep, index, figures[f]));
    }
  g_string_append_c (out, ',');
  if (!r->done)
    append_quoted (out, "not run");
  else if (r->error != NULL)
    append_quoted (out, r->error);
  g_string_append_printf (out, ",%s,%s\n", sweep->id, sweep->version);
}

char *
lsg_sweep_to_csv (const LsgSweep *sweep,
                  guint           shard_k,
                  guint           shard_n)
{
  GString *out;
  g_autofree char *header = NULL;
  guint n_figures;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, NULL);

  lsg_sweep_figure_names (&n_figures);
  header = lsg_sweep_csv_header (sweep);
  out = g_string_sized_new (strlen (header) + (gsize) lsg_sweep_shard_size (sweep, shard_k, shard_n)
                                              * (n_figures + 8) * 24);
  g_string_append (out, header);
  for (guint p = shard_k - 1; p < sweep->n_points; p += shard_n)
    lsg_sweep_append_csv_row (sweep, p, out);
  return g_string_free (out, FALSE);
}

/* Descriptor */

char *
lsg_sweep_descriptor_path (const char *csv_path)
{
  gsize len;

  g_return_val_if_fail (csv_path != NULL, NULL);

  len = strlen (csv_path);
  if (len > 4 && g_ascii_strcasecmp (csv_path + len - 4, ".csv") == 0)
    len -= 4;
  return g_strdup_printf ("%.*s" LSG_SWEEP_DESCRIPTOR_SUFFIX, (int) len, csv_path);
}

char *
lsg_sweep_to_descriptor (const LsgSweep *sweep)
{
  GString *out;
  g_autofree char *design = NULL;

  g_return_val_if_fail (sweep != NULL, NULL);

  out = g_string_new ("# A logsgd sweep: the CSV file beside this one holds its points, or\n"
                      "# some of them (one shard); logsgd merge reads this file to check\n"
                      "# that the parts of a sweep belong together.\n");
  g_string_append_printf (out, "[sweep]\nformat=%d\nid=%s\nlogsgd-version=%s\n"
                          "points=%u\nmc=%u\naxes=%u\n", LSG_SWEEP_FORMAT, sweep->id,
                          sweep->version, sweep->n_points, sweep->mc, sweep->n_axes);
  for (guint a = 0; a < sweep->n_axes; a++)
    {
      g_autofree char *axis = lsg_sweep_axis_to_string (&sweep->axes[a]);

      g_string_append_printf (out, "axis-%u=%s\n", a + 1, axis);
    }
  g_string_append_printf (out, "design-sha256=%s\n\n", sweep->design_sha256);
  /* the base design point, as a design-point file writes it */
  design = lsg_params_to_data (sweep->base, NULL);
  g_string_append (out, design);
  return g_string_free (out, FALSE);
}

static gboolean
descriptor_error (GError    **error,
                  const char *name,
                  const char *fmt,
                  ...) G_GNUC_PRINTF (3, 4);

static gboolean
descriptor_error (GError    **error,
                  const char *name,
                  const char *fmt,
                  ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE, "%s: %s", name, what);
  return FALSE;
}

static gboolean
descriptor_uint (GKeyFile   *kf,
                 const char *key,
                 guint64     max,
                 const char *name,
                 guint      *value,
                 GError    **error)
{
  g_autofree char *text = g_key_file_get_value (kf, "sweep", key, NULL);
  guint64 v;

  if (text == NULL)
    return descriptor_error (error, name, "[sweep] %s is missing", key);
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &v, NULL))
    return descriptor_error (error, name, "[sweep] %s = \xe2\x80\x9c%s\xe2\x80\x9d is not a "
                             "whole number from 0 to %" G_GUINT64_FORMAT, key, text, max);
  *value = (guint) v;
  return TRUE;
}

LsgSweep *
lsg_sweep_new_from_descriptor (const char  *text,
                               const char  *name,
                               GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(LsgParams) base = NULL;
  g_autoptr(LsgSweep) sweep = NULL;
  g_autofree char *version = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *design = NULL;
  g_autofree char *design_sha = NULL;
  LsgSweepAxis axes[LSG_SWEEP_MAX_AXES];
  guint format, points, mc, n_axes;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);
  if (name == NULL)
    name = "sweep descriptor";

  if (!g_key_file_load_from_data (kf, text, -1, G_KEY_FILE_NONE, &local))
    {
      descriptor_error (error, name, "not a sweep descriptor: %s", local->message);
      return NULL;
    }
  if (!g_key_file_has_group (kf, "sweep"))
    {
      descriptor_error (error, name, "not a sweep descriptor (it has no [sweep] group)");
      return NULL;
    }
  if (!descriptor_uint (kf, "format", G_MAXINT, name, &format, error))
    return NULL;
  if (format != LSG_SWEEP_FORMAT)
    {
      descriptor_error (error, name, "a sweep of format %u; this logsgd reads format %d: "
                        "run the sweep again with this version", format, LSG_SWEEP_FORMAT);
      return NULL;
    }
  version = g_key_file_get_value (kf, "sweep", "logsgd-version", NULL);
  id = g_key_file_get_value (kf, "sweep", "id", NULL);
  sha = g_key_file_get_value (kf, "sweep", "design-sha256", NULL);
  if (version == NULL || id == NULL || sha == NULL)
    {
      descriptor_error (error, name, "[sweep] %s is missing",
                        version == NULL ? "logsgd-version" : id == NULL ? "id" : "design-sha256");
      return NULL;
    }
  if (!descriptor_uint (kf, "points", LSG_SWEEP_MAX_POINTS, name, &points, error)
      || !descriptor_uint (kf, "mc", LSG_SWEEP_MAX_POINTS, name, &mc, error)
      || !descriptor_uint (kf, "axes", LSG_SWEEP_MAX_AXES, name, &n_axes, error))
    return NULL;
  for (guint a = 0; a < n_axes; a++)
    {
      g_autofree char *key = g_strdup_printf ("axis-%u", a + 1);
      g_autofree char *axis = g_key_file_get_value (kf, "sweep", key, NULL);

      if (axis == NULL)
        {
          descriptor_error (error, name, "[sweep] %s is missing", key);
          return NULL;
        }
      if (!lsg_sweep_axis_parse (axis, &axes[a], &local))
        {
          descriptor_error (error, name, "[sweep] %s: %s", key, local->message);
          return NULL;
        }
    }

  /* the rest is the base design point, checked against its checksum */
  g_key_file_remove_group (kf, "sweep", NULL);
  design = g_key_file_to_data (kf, &length, NULL);
  base = lsg_params_load_data (design, length, name, &local);
  if (base == NULL)
    {
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE,
                   "the design point of the sweep: %s", local->message);
      return NULL;
    }
  sweep = lsg_sweep_new (base, axes, n_axes, mc, &local);
  if (sweep == NULL)
    {
      descriptor_error (error, name, "%s", local->message);
      return NULL;
    }
  _lsg_sweep_set_identity (sweep, version);
  if (!g_str_equal (sweep->design_sha256, sha))
    {
      descriptor_error (error, name, "the design point is not the one of design-sha256 "
                        "(the file was changed after logsgd sweep wrote it)");
      return NULL;
    }
  if (sweep->n_points != points)
    {
      descriptor_error (error, name, "points = %u, but its axes and Monte Carlo make %u",
                        points, sweep->n_points);
      return NULL;
    }
  if (!g_str_equal (sweep->id, id))
    {
      descriptor_error (error, name, "id %s is not the id of what it describes (%s): "
                        "the file was changed after logsgd sweep wrote it", id, sweep->id);
      return NULL;
    }
  return g_steal_pointer (&sweep);
}

/* Reading rows */

/* Splits one CSV line into fields: plain fields up to the next comma,
 * quoted fields with "" for a quote.  FALSE for a quote out of place. */
static gboolean
split_fields (const char *line,
              gsize       len,
              GPtrArray  *fields)
{
  const char *c = line, *end = line + len;

  g_ptr_array_set_size (fields, 0);
  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (c < end && *c == '"')
        {
          for (c++;; c++)
            {
              if (c >= end)
                {
                  g_string_free (field, TRUE);
                  return FALSE;
                }
              if (*c == '"')
                {
                  if (c + 1 < end && c[1] == '"')
                    c++;
                  else
                    break;
                }
              g_string_append_c (field, *c);
            }
          c++;
          if (c < end && *c != ',')
            {
              g_string_free (field, TRUE);
              return FALSE;
            }
        }
      else
        {
          const char *comma = memchr (c, ',', end - c);
          const char *stop = comma != NULL ? comma : end;

          if (memchr (c, '"', stop - c) != NULL)
            {
              g_string_free (field, TRUE);
              return FALSE;
            }
          g_string_append_len (field, c, stop - c);
          c = stop;
        }
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      if (c >= end)
        return TRUE;
      c++;    /* the comma */
    }
}

/* A number as lsg_format_double_exact writes it (nan, inf and -inf, or
 * decimal digits with a sign, a point and an exponent): no spaces, no
 * hexadecimal, no other spelling of the special values. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (g_str_equal (text, "nan"))
    *value = NAN;
  else if (g_str_equal (text, "inf"))
    *value = INFINITY;
  else if (g_str_equal (text, "-inf"))
    *value = -INFINITY;
  else
    {
      if (text[0] == '\0' || strspn (text, "0123456789+-.eE") != strlen (text))
        return FALSE;
      *value = g_ascii_strtod (text, &end);
      if (*end != '\0')
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_whole (const char *text,
             guint64     max,
             guint64    *value)
{
  return text[0] >= '0' && text[0] <= '9'
         && g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

static void
set_figure (LsgSweepResult *r,
            guint           f,
            double          v)
{
  const LsgSummaryField *fields;
  const LsgEstimateField *est;
  guint n_fields, n_est;

  /* the figures are the summary's, then the estimate's */
  fields = lsg_summary_fields (&n_fields);
  est = lsg_estimate_fields (&n_est);
  if (f < n_fields)
    G_STRUCT_MEMBER (double, &r->summary, fields[f].offset) = v;
  else if (est[f - n_fields].is_count)
    G_STRUCT_MEMBER (guint, &r->estimate, est[f - n_fields].offset) = (guint) v;
  else
    G_STRUCT_MEMBER (double, &r->estimate, est[f - n_fields].offset) = v;
}

static gboolean
is_count_figure (guint f)
{
  guint n_fields, n_est;
  const LsgEstimateField *est;

  lsg_summary_fields (&n_fields);
  est = lsg_estimate_fields (&n_est);
  return f >= n_fields && est[f - n_fields].is_count;
}

typedef struct {
  guint              *owner;        /* 1 + the text each point came from, 0 if none yet */
  guint               tag;
  const char *const  *names;        /* of the texts, for "also in" */
  gboolean            merging;      /* a point not run is an error */
} ReadContext;

#define ROW_ERROR(...) \
  G_STMT_START { \
    g_autofree char *what_ = g_strdup_printf (__VA_ARGS__); \
    g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE, "%s, line %u: %s", \
                 name, line_no, what_); \
    return FALSE; \
  } G_STMT_END

/* One row (fields split) into the sweep; line_no for messages. */
static gboolean
read_row (LsgSweep           *sweep,
          GPtrArray          *fields,
          const char         *name,
          guint               line_no,
          guint               shard_k,
          guint               shard_n,
          guint               n_columns,
          const ReadContext  *ctx,
          guint              *point_out,
          GError            **error)
{
  const char *const *figures;
  guint n_figures, c = 0;
  const char *const *f = (const char *const *) fields->pdata;
  const char *error_text;
  LsgSweepResult *r;
  guint64 point, v;
  gboolean failed, not_run;

  figures = lsg_sweep_figure_names (&n_figures);
  if (fields->len != n_columns)
    ROW_ERROR ("%u fields, where the header has %u", fields->len, n_columns);
  if (!g_str_equal (f[n_columns - 2], sweep->id))
    ROW_ERROR ("sweep_id %s is not this sweep's (%s): a row of another sweep",
               f[n_columns - 2], sweep->id);
  if (!g_str_equal (f[n_columns - 1], sweep->version))
    ROW_ERROR ("written by logsgd %s, where the sweep is of logsgd %s", f[n_columns - 1],
               sweep->version);
  if (!parse_whole (f[0], G_MAXUINT, &point))
    ROW_ERROR ("the point number \xe2\x80\x9c%s\xe2\x80\x9d is not a whole number", f[0]);
  if (point >= sweep->n_points)
    ROW_ERROR ("point %" G_GUINT64_FORMAT " is beyond the sweep's %u points (0 to %u)",
               point, sweep->n_points, sweep->n_points - 1);
  if (!lsg_sweep_in_shard ((guint) point, shard_k, shard_n))
    ROW_ERROR ("point %" G_GUINT64_FORMAT " is not one of shard %u/%u (a file of another "
               "shard)", point, shard_k, shard_n);
  if (ctx->owner[point] != 0)
    {
      if (ctx->names != NULL && ctx->owner[point] != ctx->tag)
        ROW_ERROR ("point %" G_GUINT64_FORMAT " is also in %s; the shards overlap", point,
                   ctx->names[ctx->owner[point] - 1]);
      ROW_ERROR ("point %" G_GUINT64_FORMAT " is there twice", point);
    }
  r = &sweep->results[point];
  c = 1;
  for (guint a = 0; a < sweep->n_axes; a++, c++)
    {
      const LsgKeySpec *spec = sweep->axes[a].spec;
      double x, want = r->values[a];
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (!parse_number (f[c], &x) || !isfinite (x))
        ROW_ERROR ("%s.%s \xe2\x80\x9c%s\xe2\x80\x9d is not a finite number", spec->group,
                   spec->key, f[c]);
      /* the axis recomputed from the descriptor: equal, up to the last
       * digits of pow () on another machine */
      if (spec->type == LSG_KEY_DOUBLE ? fabs (x - want) > 1e-12 * fabs (want) : x != want)
        ROW_ERROR ("point %" G_GUINT64_FORMAT " has %s.%s = %s, but the sweep's point %"
                   G_GUINT64_FORMAT " is at %s", point, spec->group, spec->key, f[c], point,
                   lsg_format_double_exact (buf, sizeof buf, want));
      r->values[a] = x;
    }
  {
    const struct { const char *column; guint64 want; } seeds[] = {
      { "mc", r->mc }, { "mc_seed", r->mc_seed }, { "noise_seed", r->noise_seed },
    };

    for (guint s = 0; s < G_N_ELEMENTS (seeds); s++, c++)
      if (!parse_whole (f[c], G_MAXUINT64, &v) || v != seeds[s].want)
        ROW_ERROR ("point %" G_GUINT64_FORMAT " has %s = \xe2\x80\x9c%s\xe2\x80\x9d, but the "
                   "sweep's point %" G_GUINT64_FORMAT " has %s = %" G_GUINT64_FORMAT, point,
                   seeds[s].column, f[c], point, seeds[s].column, seeds[s].want);
  }

  error_text = f[c + n_figures];
  not_run = g_str_equal (error_text, "not run");
  failed = error_text[0] != '\0' && !not_run;
  if (not_run && ctx->merging)
    ROW_ERROR ("point %" G_GUINT64_FORMAT " has not run (its sweep was stopped): run "
               "that shard again", point);
  g_clear_pointer (&r->error, g_free);
  for (guint k = 0; k < n_figures; k++, c++)
    {
      double x;

      if (!parse_number (f[c], &x))
        ROW_ERROR ("%s \xe2\x80\x9c%s\xe2\x80\x9d is not a number", figures[k], f[c]);
      if ((failed || not_run) && !isnan (x))
        ROW_ERROR ("point %" G_GUINT64_FORMAT " %s, yet it has %s = %s (only a point that "
                   "ran has figures)", point, failed ? "failed" : "has not run", figures[k],
                   f[c]);
      if (!failed && !not_run && is_count_figure (k) && !(x >= 0 && x <= G_MAXUINT && x == floor (x)))
        ROW_ERROR ("%s \xe2\x80\x9c%s\xe2\x80\x9d is not a whole number", figures[k], f[c]);
      if (!failed && !not_run)
        set_figure (r, k, x);
    }
  r->done = !not_run;
  if (failed)
    r->error = g_strdup (error_text);
  ctx->owner[point] = ctx->tag;
  *point_out = (guint) point;
  return TRUE;
}

static gboolean
read_header (const LsgSweep  *sweep,
             const char      *line,
             gsize            len,
             const char      *name,
             GError         **error)
{
  g_autofree char *want = lsg_sweep_csv_header (sweep);
  g_autofree char *quoted = NULL;

  if (len + 1 == strlen (want) && memcmp (line, want, len) == 0)
    return TRUE;
  if (len > strlen (OLD_FORMAT_PREFIX) && g_str_has_prefix (line, OLD_FORMAT_PREFIX))
    {
      gsize digits = strspn (line + strlen (OLD_FORMAT_PREFIX), "0123456789");

      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE,
                   "%s: a sweep file of format %.*s, which an earlier version of logsgd "
                   "wrote (its first line is a comment); this one reads format %d, whose "
                   "results differ: run that sweep or shard again", name, (int) digits,
                   line + strlen (OLD_FORMAT_PREFIX), LSG_SWEEP_FORMAT);
      return FALSE;
    }
  if (len >= 6 && memcmp (line, "point,", 6) == 0)
    {
      g_auto(GStrv) got = NULL;
      g_auto(GStrv) expected = NULL;
      g_autofree char *line_copy = g_strndup (line, len);
      guint c;

      want[strlen (want) - 1] = '\0';
      got = g_strsplit (line_copy, ",", -1);
      expected = g_strsplit (want, ",", -1);
      for (c = 0; got[c] != NULL && expected[c] != NULL; c++)
        if (!g_str_equal (got[c], expected[c]))
          break;
      quoted = lsg_text_quote (got[c] != NULL ? got[c] : "(the end of the line)", 60);
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE,
                   "%s, line 1: not the columns of this sweep: column %u is %s, where this "
                   "sweep has %s", name, c + 1, quoted,
                   expected[c] != NULL ? expected[c] : "no more columns");
      return FALSE;
    }
  g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE,
               "%s: not a sweep file (its first line must be the header point,... that "
               "logsgd sweep writes)", name);
  return FALSE;
}

static gboolean
read_rows (LsgSweep           *sweep,
           const char         *text,
           const char         *name,
           guint               shard_k,
           guint               shard_n,
           LsgSweepReadFlags   flags,
           const ReadContext  *ctx,
           gsize              *n_used,
           guint              *n_rows,
           GError            **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  const char *line = text, *nl;
  guint n_columns, line_no = 1, rows = 0, n_figures;
  guint next = shard_k - 1;   /* a journal's next point */

  lsg_sweep_figure_names (&n_figures);
  n_columns = 1 + sweep->n_axes + 3 + n_figures + 3;
  nl = strchr (line, '\n');
  if (nl == NULL)
    {
      if ((flags & LSG_SWEEP_READ_JOURNAL) != 0)
        {
          /* killed before its header was out: nothing of it counts */
          if (n_used != NULL)
            *n_used = 0;
          if (n_rows != NULL)
            *n_rows = 0;
          return TRUE;
        }
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE,
                   "%s: not a complete sweep file (%s)", name,
                   text[0] == '\0' ? "it is empty" : "it has no line break after the header");
      return FALSE;
    }
  if (!read_header (sweep, line, nl - line, name, error))
    return FALSE;

  for (line = nl + 1; *line != '\0'; line = nl + 1)
    {
      guint point;

      line_no++;
      nl = strchr (line, '\n');
      if (nl == NULL)
        {
          if ((flags & LSG_SWEEP_READ_JOURNAL) != 0)
            break;    /* the row being written when the run was killed */
          ROW_ERROR ("the last line ends without a line break (the file is cut short)");
        }
      if (nl == line)
        ROW_ERROR ("an empty line");
      if (!split_fields (line, nl - line, fields))
        ROW_ERROR ("a double quote out of place (only the error column is quoted)");
      if (!read_row (sweep, fields, name, line_no, shard_k, shard_n, n_columns, ctx, &point,
                     error))
        return FALSE;
      if ((flags & LSG_SWEEP_READ_JOURNAL) != 0)
        {
          if (point != next || !sweep->results[point].done)
            ROW_ERROR ("point %u where the file being written has point %u next: not the "
                       "file of an interrupted logsgd sweep", point, next);
          next += shard_n;
        }
      rows++;
    }
  if (n_used != NULL)
    *n_used = line - text;
  if (n_rows != NULL)
    *n_rows = rows;
  return TRUE;
}

#undef ROW_ERROR

gboolean
lsg_sweep_read_csv (LsgSweep           *sweep,
                    const char         *text,
                    const char         *name,
                    guint               shard_k,
                    guint               shard_n,
                    LsgSweepReadFlags   flags,
                    gsize              *n_used,
                    guint              *n_rows,
                    GError            **error)
{
  g_autofree guint *owner = NULL;
  ReadContext ctx = { NULL, 1, NULL, FALSE };

  g_return_val_if_fail (sweep != NULL && text != NULL, FALSE);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, FALSE);
  if (name == NULL)
    name = "sweep file";

  owner = g_new0 (guint, MAX (sweep->n_points, 1));
  ctx.owner = owner;
  return read_rows (sweep, text, name, shard_k, shard_n, flags, &ctx, n_used, n_rows, error);
}

/* Merge */

/* What makes two descriptors' sweeps differ, for the message. */
static char *
describe_difference (const LsgSweep *a,
                     const LsgSweep *b)
{
  if (!g_str_equal (a->version, b->version))
    return g_strdup_printf ("written by logsgd %s, the other by logsgd %s, whose results "
                            "may differ: run every shard with one version",
                            b->version, a->version);
  if (!g_str_equal (a->design_sha256, b->design_sha256))
    return g_strdup ("another design point (another design-sha256)");
  if (a->mc != b->mc)
    return g_strdup_printf ("another Monte Carlo (mc=%u against mc=%u)", b->mc, a->mc);
  {
    g_autoptr(GString) axes_a = g_string_new (NULL);
    g_autoptr(GString) axes_b = g_string_new (NULL);

    for (guint k = 0; k < 2; k++)
      {
        const LsgSweep *s = k == 0 ? a : b;
        GString *out = k == 0 ? axes_a : axes_b;

        for (guint x = 0; x < s->n_axes; x++)
          {
            g_autofree char *axis = lsg_sweep_axis_to_string (&s->axes[x]);

            g_string_append_printf (out, "%s%s", x > 0 ? " " : "", axis);
          }
        if (s->n_axes == 0)
          g_string_append (out, "none");
      }
    return g_strdup_printf ("other axes (%s against %s)", axes_b->str, axes_a->str);
  }
}

gboolean
lsg_sweep_merge_csv (const char *const  *texts,
                     const char *const  *descriptors,
                     const char *const  *names,
                     guint               n,
                     char              **merged,
                     char              **merged_descriptor,
                     GError            **error)
{
  g_autoptr(GPtrArray) all_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LsgSweep) sweep = NULL;
  g_autofree guint *owner = NULL;
  ReadContext ctx;
  guint ref = 0, n_rows_all = 0;

  g_return_val_if_fail (n == 0 || (texts != NULL && descriptors != NULL), FALSE);
  g_return_val_if_fail (merged != NULL, FALSE);

  *merged = NULL;
  if (merged_descriptor != NULL)
    *merged_descriptor = NULL;
  if (n == 0)
    {
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE, "no sweep files to merge");
      return FALSE;
    }
  for (guint t = 0; t < n; t++)
    g_ptr_array_add (all_names, names != NULL && names[t] != NULL ? g_strdup (names[t])
                                : g_strdup_printf ("input %u", t + 1));

  /* the sweep, from the descriptors: every one the same */
  for (guint t = 0; t < n; t++)
    {
      g_autofree char *desc_name = NULL;
      g_autoptr(LsgSweep) other = NULL;

      if (descriptors[t] == NULL)
        continue;
      desc_name = lsg_sweep_descriptor_path (all_names->pdata[t]);
      other = lsg_sweep_new_from_descriptor (descriptors[t], desc_name, error);
      if (other == NULL)
        return FALSE;
      if (sweep == NULL)
        {
          sweep = g_steal_pointer (&other);
          ref = t;
        }
      else if (!g_str_equal (sweep->id, other->id))
        {
          g_autofree char *why = describe_difference (sweep, other);

          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s: another sweep than %s: %s", (char *) all_names->pdata[t],
                       (char *) all_names->pdata[ref], why);
          return FALSE;
        }
    }
  if (sweep == NULL)
    {
      g_autofree char *desc_name = lsg_sweep_descriptor_path (all_names->pdata[0]);

      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                   "no sweep descriptor: logsgd sweep writes one beside each part (%s "
                   "beside %s); merge needs at least one to check the parts against",
                   desc_name, (char *) all_names->pdata[0]);
      return FALSE;
    }

  owner = g_new0 (guint, MAX (sweep->n_points, 1));
  for (guint t = 0; t < n; t++)
    {
      guint n_rows;

      ctx = (ReadContext) { owner, t + 1, (const char *const *) all_names->pdata, TRUE };
      if (!read_rows (sweep, texts[t], all_names->pdata[t], 1, 1, LSG_SWEEP_READ_DEFAULT,
                      &ctx, NULL, &n_rows, error))
        return FALSE;
      n_rows_all += n_rows;
    }

  if (n_rows_all != sweep->n_points)
    {
      guint missing = 0, first = 0;

      for (guint p = sweep->n_points; p-- > 0;)
        if (owner[p] == 0)
          {
            missing++;
            first = p;
          }
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                   "%u of the sweep's %u points are missing, the first is point %u; "
                   "merge every shard of the sweep", missing, sweep->n_points, first);
      return FALSE;
    }

  *merged = lsg_sweep_to_csv (sweep, 1, 1);
  if (merged_descriptor != NULL)
    *merged_descriptor = lsg_sweep_to_descriptor (sweep);
  return TRUE;
}
