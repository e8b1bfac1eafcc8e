/* lsg-export-data.c: the data a figure shows, as one CSV table. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-number.h"

#include "lsg-export-private.h"

/* ---- Data: CSV -------------------------------------------------------- */

typedef struct {
  char         *name;
  const double *y;
} Column;

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->name);
}

static char *
column_name_from (const char *name)
{
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    g_string_append_c (s, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '_');
  if (s->len == 0)
    g_string_append (s, "y");
  return g_string_free (s, FALSE);
}

char *
_lsg_export_series_column (LsgFigure *fig,
                           guint      series)
{
  const char *column = lsg_figure_series_get_column (fig, series);

  return column != NULL ? g_strdup (column)
                        : column_name_from (lsg_figure_series_get_name (fig, series));
}

static gboolean
same_x (const double *a,
        const double *b,
        gsize         n)
{
  return a == b || memcmp (a, b, n * sizeof *a) == 0;
}

/* Every series with data in every panel, one column each, sharing the
 * first series' x. */
char *
_lsg_export_build_csv (LsgFigure **panels,
                       guint       n_panels,
                       GError    **error)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  const double *x = NULL;
  const char *x_name = NULL;
  gsize n = 0;
  GString *out;

  g_array_set_clear_func (columns, column_clear);
  for (guint p = 0; p < n_panels; p++)
    for (guint s = 0; s < lsg_figure_get_n_series (panels[p]); s++)
      {
        const double *sx, *sy;
        gsize m = lsg_figure_series_get_data (panels[p], s, &sx, &sy);
        Column c;
        gboolean dup = FALSE;

        if (m == 0)
          continue;   /* a legend key */
        if (x == NULL)
          {
            x = sx;
            n = m;
            x_name = lsg_figure_get_x_column (panels[p]);
          }
        else if (m != n || !same_x (x, sx, n))
          {
            g_set_error (error, LSG_EXPORT_ERROR, LSG_EXPORT_ERROR_DATA,
                         "Cannot write the data as one table: series \xe2\x80\x9c%s\xe2\x80\x9d "
                         "has other x values than \xe2\x80\x9c%s\xe2\x80\x9d",
                         lsg_figure_series_get_name (panels[p], s),
                         g_array_index (columns, Column, 0).name);
            return NULL;
          }
        c.name = _lsg_export_series_column (panels[p], s);
        c.y = sy;
        for (guint k = 0; k < columns->len && !dup; k++)
          {
            Column *o = &g_array_index (columns, Column, k);

            if (g_str_equal (o->name, c.name))
              {
                if (memcmp (o->y, c.y, n * sizeof (double)) == 0)
                  dup = TRUE;    /* the same trace in two panels */
                else
                  {
                    char *renamed = g_strdup_printf ("%s_%u", c.name, columns->len);

                    g_free (c.name);
                    c.name = renamed;
                  }
              }
          }
        if (dup)
          g_free (c.name);
        else
          g_array_append_val (columns, c);
      }

  out = g_string_sized_new ((n + 1) * (columns->len + 1) * 24);
  g_string_append (out, x_name != NULL ? x_name : "x");
  for (guint k = 0; k < columns->len; k++)
    {
      g_string_append_c (out, ',');
      g_string_append (out, g_array_index (columns, Column, k).name);
    }
  g_string_append_c (out, '\n');
  /* every number as logsgd run writes trajectory.csv: the shortest text
   * that reads back to the same double */
  for (gsize r = 0; r < n; r++)
    {
      lsg_number_append (out, x[r]);
      for (guint k = 0; k < columns->len; k++)
        {
          g_string_append_c (out, ',');
          lsg_number_append (out, g_array_index (columns, Column, k).y[r]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
