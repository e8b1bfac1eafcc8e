/* lsg-sweep-csv.c: the sweep file: writing a shard, merging shards. */
#include "lsg-config.h"

#include <string.h>

#include "lsg-design-file.h"
#include "lsg-number.h"
#include "lsg-sweep-private.h"

/* The file format's version, in its first line.  v2: random streams by
 * purpose (MODEL.md 8), topologies and new figures of merit; v1 files'
 * numbers differ and are not merged with v2 ones. */
#define SWEEP_FORMAT "v2"

/* CSV */

static char *
comment_line (const LsgSweep *sweep)
{
  GString *out = g_string_new ("# logsgd sweep " SWEEP_FORMAT "; points=");
  g_autofree char *design = lsg_params_to_data (sweep->base, NULL);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, design, -1);

  g_string_append_printf (out, "%u; mc=%u; axes=", sweep->n_points, sweep->mc);
  if (sweep->n_axes == 0)
    g_string_append (out, "none");
  for (guint a = 0; a < sweep->n_axes; a++)
    {
      g_autofree char *axis = lsg_sweep_axis_to_string (&sweep->axes[a]);

      if (a > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, axis);
    }
  g_string_append_printf (out, "; design-sha256=%s", sha);
  return g_string_free (out, FALSE);
}

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
      else
        g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

char *
lsg_sweep_to_csv (const LsgSweep *sweep,
                  guint           shard_k,
                  guint           shard_n)
{
  GString *out;
  g_autofree char *comment = NULL;
  const char *const *figures;
  guint n_figures;

  g_return_val_if_fail (sweep != NULL, NULL);
  g_return_val_if_fail (shard_n >= 1 && shard_k >= 1 && shard_k <= shard_n, NULL);

  figures = lsg_sweep_figure_names (&n_figures);
  out = g_string_sized_new (256 + (gsize) lsg_sweep_shard_size (sweep, shard_k, shard_n)
                                  * (n_figures + 6) * 24);
  comment = comment_line (sweep);
  g_string_append (out, comment);
  g_string_append_c (out, '\n');

  g_string_append (out, "point");
  for (guint a = 0; a < sweep->n_axes; a++)
    g_string_append_printf (out, ",%s.%s", sweep->axes[a].spec->group, sweep->axes[a].spec->key);
  g_string_append (out, ",mc,mc_seed,noise_seed");
  for (guint f = 0; f < n_figures; f++)
    g_string_append_printf (out, ",%s", figures[f]);
  g_string_append (out, ",error\n");

  for (guint p = shard_k - 1; p < sweep->n_points; p += shard_n)
    {
      const LsgSweepResult *r = &sweep->results[p];

      g_string_append_printf (out, "%u", p);
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
          lsg_number_append (out, lsg_sweep_result_value (sweep, p, figures[f]));
        }
      g_string_append_c (out, ',');
      if (!r->done)
        append_quoted (out, "not run");
      else if (r->error != NULL)
        append_quoted (out, r->error);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Merge */

typedef struct {
  guint       point;
  const char *line;       /* into a split copy of its text */
} MergeRow;

static int
merge_row_compare (gconstpointer a,
                   gconstpointer b)
{
  const MergeRow *ra = a, *rb = b;

  return (ra->point > rb->point) - (ra->point < rb->point);
}

gboolean
lsg_sweep_merge_csv (const char *const  *texts,
                     const char *const  *names,
                     guint               n,
                     char              **merged,
                     GError            **error)
{
  g_autoptr(GPtrArray) splits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (MergeRow));
  g_autofree guint *seen = NULL;    /* 1 + the text a point came from, 0 if none yet */
  const char *comment = NULL, *header = NULL;
  guint64 n_points = 0;
  GString *out;

  g_return_val_if_fail (n == 0 || texts != NULL, FALSE);
  g_return_val_if_fail (merged != NULL, FALSE);

  if (n == 0)
    {
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE, "no sweep files to merge");
      return FALSE;
    }

  for (guint t = 0; t < n; t++)
    {
      g_autofree char *fallback = g_strdup_printf ("input %u", t + 1);
      const char *name = names != NULL && names[t] != NULL ? names[t] : fallback;
      char **lines;
      guint n_lines;

      if (!g_str_has_prefix (texts[t], "# logsgd sweep ")
          || (!g_str_has_suffix (texts[t], "\n")))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s: not a complete sweep file (it must begin with the line "
                       "\xe2\x80\x9c# logsgd sweep\xe2\x80\xa6\xe2\x80\x9d that logsgd sweep "
                       "writes and end in a line break)", name);
          return FALSE;
        }
      if (!g_str_has_prefix (texts[t], "# logsgd sweep " SWEEP_FORMAT ";"))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 1: written by another version of logsgd sweep (this one "
                       "writes and merges %s files; results of earlier versions differ, "
                       "so run that shard again)", name, SWEEP_FORMAT);
          return FALSE;
        }
      lines = g_strsplit (texts[t], "\n", -1);
      g_ptr_array_add (splits, lines);
      n_lines = g_strv_length (lines);
      /* the text ends in "\n": the last piece is empty */
      n_lines--;
      if (n_lines < 2 || !g_str_has_prefix (lines[1], "point,"))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 2: the header (point,...) is missing", name);
          return FALSE;
        }
      if (comment == NULL)
        {
          const char *p = strstr (lines[0], "; points=");
          char *end = NULL;

          if (p != NULL)
            n_points = g_ascii_strtoull (p + strlen ("; points="), &end, 10);
          if (p == NULL || end == NULL || *end != ';' || n_points > LSG_SWEEP_MAX_POINTS)
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line 1: the number of points (points=N) is missing", name);
              return FALSE;
            }
          comment = lines[0];
          header = lines[1];
          seen = g_new0 (guint, MAX (n_points, 1));
        }
      else if (!g_str_equal (lines[0], comment))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 1: another sweep (other axes, Monte Carlo or design point) "
                       "than %s: \xe2\x80\x9c%s\xe2\x80\x9d against \xe2\x80\x9c%s\xe2\x80\x9d",
                       name, names != NULL && names[0] != NULL ? names[0] : "input 1",
                       lines[0], comment);
          return FALSE;
        }
      else if (!g_str_equal (lines[1], header))
        {
          g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                       "%s, line 2: the columns differ from those of %s", name,
                       names != NULL && names[0] != NULL ? names[0] : "input 1");
          return FALSE;
        }

      for (guint l = 2; l < n_lines; l++)
        {
          MergeRow row;
          char *end = NULL;
          guint64 point;

          if (!g_ascii_isdigit (lines[l][0])
              || (point = g_ascii_strtoull (lines[l], &end, 10), *end != ','))
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line %u: a row must begin with its point number", name, l + 1);
              return FALSE;
            }
          if (point >= n_points)
            {
              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line %u: point %" G_GUINT64_FORMAT " is beyond the sweep's "
                           "%" G_GUINT64_FORMAT " points (0 to %" G_GUINT64_FORMAT ")",
                           name, l + 1, point, n_points, n_points - 1);
              return FALSE;
            }
          if (seen[point] != 0)
            {
              g_autofree char *other = g_strdup_printf ("input %u", seen[point]);
              const char *other_name = names != NULL && names[seen[point] - 1] != NULL
                                       ? names[seen[point] - 1] : other;

              g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                           "%s, line %u: point %" G_GUINT64_FORMAT " is also in %s; "
                           "the shards overlap", name, l + 1, point, other_name);
              return FALSE;
            }
          seen[point] = t + 1;
          row.point = (guint) point;
          row.line = lines[l];
          g_array_append_val (rows, row);
        }
    }

  if (rows->len != n_points)
    {
      guint missing = 0, first = 0;

      for (guint p = (guint) n_points; p-- > 0;)
        if (seen[p] == 0)
          {
            missing++;
            first = p;
          }
      g_set_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE,
                   "%u of the sweep's %" G_GUINT64_FORMAT " points are missing, the first "
                   "is point %u; merge every shard of the sweep", missing, n_points, first);
      return FALSE;
    }

  g_array_sort (rows, merge_row_compare);
  out = g_string_new (comment);
  g_string_append_c (out, '\n');
  g_string_append (out, header);
  g_string_append_c (out, '\n');
  for (guint r = 0; r < rows->len; r++)
    {
      g_string_append (out, g_array_index (rows, MergeRow, r).line);
      g_string_append_c (out, '\n');
    }
  *merged = g_string_free (out, FALSE);
  return TRUE;
}
