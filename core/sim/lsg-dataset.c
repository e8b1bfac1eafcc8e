/* lsg-dataset.c: synthetic and CSV data sets (MODEL.md section 1).
 *
 * Both kinds are first built as a table of n_rows x width numbers (the
 * features and the target in file order), with one divisor per column;
 * a common step then applies the divisors, appends the bias column, and
 * orders the rows as training rows followed by test rows.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "lsg-dataset.h"
#include "lsg-file.h"
#include "lsg-rng.h"

G_DEFINE_QUARK (lsg-dataset-error-quark, lsg_dataset_error)

/* Larger files are refused before they exhaust memory: 10^7 cells are
 * already 80 MB of doubles. */
/* read_errno for a NUL byte in the text */
#define READ_NUL (-1)
#define MAX_CELLS 10000000u
/* Longest field accepted: a number or a column name never needs more. */
#define MAX_FIELD_BYTES 4096u
/* Offending text and column lists are cut to this many in messages. */
#define MAX_QUOTE_CHARS 40
#define MAX_LISTED_COLUMNS 20

#define READ_CHUNK 65536

void
lsg_dataset_free (LsgDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_free (dataset->x);
  g_free (dataset->y);
  g_free (dataset->w_true);
  g_strfreev (dataset->feature_names);
  g_free (dataset->target_name);
  g_free (dataset->x_scale);
  g_free (dataset);
}

/* Text from the file as it may appear in a message: valid UTF-8, cut
 * to MAX_QUOTE_CHARS characters. */
static char *
quote_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) <= MAX_QUOTE_CHARS)
    return g_steal_pointer (&valid);
  *g_utf8_offset_to_pointer (valid, MAX_QUOTE_CHARS) = '\0';
  return g_strconcat (valid, "…", NULL);
}

/* “a”, “b”, “y” (at most MAX_LISTED_COLUMNS names) */
static char *
list_columns (char *const *names,
              guint        width)
{
  GString *list = g_string_new (NULL);

  for (guint j = 0; j < width && j < MAX_LISTED_COLUMNS; j++)
    g_string_append_printf (list, "%s“%s”", j > 0 ? ", " : "", names[j]);
  if (width > MAX_LISTED_COLUMNS)
    g_string_append_printf (list, ", … (%u columns)", width);
  return g_string_free (list, FALSE);
}

/* CSV reading
 *
 * A streaming reader, so that an oversized file is refused after
 * MAX_CELLS cells rather than read whole.  Quoted fields may contain
 * commas, "" for a quote, and line breaks; whitespace around a field
 * (space, tab, and the CR of a CRLF line end) is dropped.  Lines are
 * physical, 1-based, header included: a record is reported by the line
 * it starts on. */

typedef struct {
  FILE         *file;         /* NULL when reading a compiled-in resource */
  GBytes       *bytes;        /* the resource's contents, read as one chunk */
  char         *name;         /* the path, for messages */
  guchar       *chunk;        /* the file's read buffer */
  const guchar *buf;          /* chunk, or the resource's contents */
  gsize         len;
  gsize         pos;
  gboolean      at_eof;
  int           read_errno;   /* non-zero once reading failed */
  guint         line;         /* line of the next character */
  guint64       cells;        /* in the records read so far */

  /* The current record: its fields, each NUL-terminated, in text. */
  GString      *text;
  GArray       *starts;       /* gsize: offset of each field in text */
  guint         record_line;
  gboolean      blank;        /* an empty line: one empty unquoted field */
} CsvReader;

static void
csv_reader_clear (CsvReader *r)
{
  if (r->file != NULL)
    fclose (r->file);
  if (r->bytes != NULL)
    g_bytes_unref (r->bytes);
  g_free (r->name);
  g_free (r->chunk);
  if (r->text != NULL)
    g_string_free (r->text, TRUE);
  if (r->starts != NULL)
    g_array_unref (r->starts);
  memset (r, 0, sizeof *r);
}

/* Reads the next chunk; at_eof and read_errno tell why it came short. */
static void
csv_fill (CsvReader *r)
{
  errno = 0;
  r->len = fread (r->chunk, 1, READ_CHUNK, r->file);
  r->buf = r->chunk;
  r->pos = 0;
  if (r->len < READ_CHUNK)
    {
      r->at_eof = TRUE;
      if (ferror (r->file))
        r->read_errno = errno != 0 ? errno : EIO;
    }
}

/* The next byte, or EOF at the end of the file or on a read error
 * (read_errno then tells which). */
static int
csv_getc (CsvReader *r)
{
  int c;

  if (r->pos == r->len)
    {
      if (r->at_eof || r->file == NULL)
        return EOF;
      csv_fill (r);
      if (r->len == 0)
        return EOF;
    }
  c = r->buf[r->pos++];
  if (c == '\0')
    {
      /* a number with a NUL inside would read as its first part */
      r->read_errno = READ_NUL;
      r->pos = r->len;
      r->at_eof = TRUE;
      return EOF;
    }
  if (c == '\r')
    {
      /* CRLF: the CR is space before the line end; a lone CR (old Mac
       * text) ends the line itself */
      if (r->pos == r->len && !r->at_eof && r->file != NULL)
        csv_fill (r);
      if (r->pos < r->len && r->buf[r->pos] == '\n')
        return c;
      c = '\n';
    }
  if (c == '\n')
    r->line++;
  return c;
}

static gboolean
csv_check_io (CsvReader  *r,
              GError    **error)
{
  if (r->read_errno == 0)
    return TRUE;
  if (r->read_errno == READ_NUL)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: line %u: a NUL byte; expected CSV text (is the file UTF-16 "
                   "or binary?)", r->name, r->line);
      return FALSE;
    }
  g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
               "%s: cannot read the data file: %s",
               r->name, g_strerror (r->read_errno));
  return FALSE;
}

gboolean
lsg_dataset_path_is_resource (const char *path)
{
  return path != NULL && g_str_has_prefix (path, LSG_DATASET_RESOURCE_SCHEME);
}

/* “resource:///a/b.csv”, … : the data files compiled into the program,
 * for a message about a resource that is not one of them. */
static char *
list_resource_data (void)
{
  static const char *const dir = "/io/github/logsgd/Explorer/data/";
  g_auto(GStrv) children = g_resources_enumerate_children (dir, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                           NULL);
  GString *list = g_string_new (NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".csv"))
      g_string_append_printf (list, "%s“%s%s%s”", list->len > 0 ? ", " : "",
                              LSG_DATASET_RESOURCE_SCHEME, dir, children[i]);
  if (list->len == 0)
    g_string_append (list, "none");
  return g_string_free (list, FALSE);
}

/* A compiled-in data file, read from memory in one chunk. */
static gboolean
csv_reader_open_resource (CsvReader   *r,
                          const char  *uri,
                          GError     **error)
{
  const char *path = uri + strlen (LSG_DATASET_RESOURCE_SCHEME);

  if (path[0] != '/')
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
                   "%s: not a resource path; a compiled-in data file is named "
                   "%s/PATH, for example %s/io/github/logsgd/Explorer/data/diabetes.csv",
                   r->name, LSG_DATASET_RESOURCE_SCHEME, LSG_DATASET_RESOURCE_SCHEME);
      return FALSE;
    }
  r->bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (r->bytes == NULL)
    {
      g_autofree char *available = list_resource_data ();

      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
                   "%s: no such compiled-in data file; the compiled-in data "
                   "files are: %s",
                   r->name, available);
      return FALSE;
    }
  r->buf = g_bytes_get_data (r->bytes, &r->len);
  r->at_eof = TRUE;
  return TRUE;
}

static gboolean
csv_reader_open (CsvReader   *r,
                 const char  *path,
                 GError     **error)
{
  int saved_errno;

  memset (r, 0, sizeof *r);
  r->name = g_filename_display_name (path);
  r->line = 1;
  r->text = g_string_new (NULL);
  r->starts = g_array_new (FALSE, FALSE, sizeof (gsize));

  if (lsg_dataset_path_is_resource (path))
    {
      if (!csv_reader_open_resource (r, path, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      int fd = lsg_file_open_regular (path, "data file", &local_error);

      if (fd >= 0)
        {
          r->file = fdopen (fd, "rb");
          saved_errno = errno;
          if (r->file == NULL)
            {
              close (fd);
              g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
                           "%s: cannot read the data file: %s", r->name, g_strerror (saved_errno));
              return FALSE;
            }
        }
      else if (g_error_matches (local_error, LSG_FILE_ERROR, LSG_FILE_ERROR_OPEN))
        {
          g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
                       "%s; expected a readable CSV file", local_error->message);
          return FALSE;
        }
      else
        {
          g_set_error_literal (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
                               local_error->message);
          return FALSE;
        }
      r->chunk = g_malloc (READ_CHUNK);
      csv_fill (r);
    }

  /* Skip a UTF-8 byte order mark; refuse UTF-16's. */
  if (r->len >= 3 && r->buf[0] == 0xEF && r->buf[1] == 0xBB && r->buf[2] == 0xBF)
    r->pos = 3;
  if (r->len >= 2 && ((r->buf[0] == 0xFF && r->buf[1] == 0xFE) || (r->buf[0] == 0xFE && r->buf[1] == 0xFF)))
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: UTF-16 text; save the CSV file as UTF-8 (or ASCII) text", r->name);
      return FALSE;
    }
  return csv_check_io (r, error);
}

static inline gboolean
csv_is_space (int c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static inline const char *
csv_field (const CsvReader *r,
           guint            j)
{
  return r->text->str + g_array_index (r->starts, gsize, j);
}

static inline guint
csv_width (const CsvReader *r)
{
  return r->starts->len;
}

static gboolean
csv_append (CsvReader  *r,
            gsize       start,
            int         c,
            GError    **error)
{
  if (r->text->len - start >= MAX_FIELD_BYTES)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: line %u, column %u: field longer than %u bytes; "
                   "fields are numbers or column names",
                   r->name, r->line, csv_width (r), MAX_FIELD_BYTES);
      return FALSE;
    }
  g_string_append_c (r->text, (char) c);
  return TRUE;
}

/* Reads the next record into r.  *at_end is set when there is none. */
static gboolean
csv_reader_next (CsvReader  *r,
                 gboolean   *at_end,
                 GError    **error)
{
  gboolean any_quoted = FALSE;
  int c;

  g_string_truncate (r->text, 0);
  g_array_set_size (r->starts, 0);
  r->record_line = r->line;
  r->blank = FALSE;
  *at_end = FALSE;

  c = csv_getc (r);
  if (c == EOF)
    {
      *at_end = TRUE;
      return csv_check_io (r, error);
    }

  for (;;)
    {
      gsize start = r->text->len;

      if (r->cells + r->starts->len >= MAX_CELLS)
        {
          g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
                       "%s: line %u: more than %u cells (rows × columns); "
                       "larger data files are not supported",
                       r->name, r->line, MAX_CELLS);
          return FALSE;
        }
      g_array_append_val (r->starts, start);

      while (csv_is_space (c))
        c = csv_getc (r);

      if (c == '"')
        {
          guint quote_line = r->line;

          any_quoted = TRUE;
          for (;;)
            {
              c = csv_getc (r);
              if (c == EOF)
                {
                  if (!csv_check_io (r, error))
                    return FALSE;
                  g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                               "%s: line %u, column %u: quoted field has no closing quote; "
                               "a quote inside a quoted field is written \"\"",
                               r->name, quote_line, csv_width (r));
                  return FALSE;
                }
              if (c == '"')
                {
                  c = csv_getc (r);
                  if (c != '"')
                    break;
                }
              if (!csv_append (r, start, c, error))
                return FALSE;
            }
          while (csv_is_space (c))
            c = csv_getc (r);
          if (c != ',' && c != '\n' && c != EOF)
            {
              g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                           "%s: line %u, column %u: text after the closing quote; "
                           "a field is either quoted as a whole or not quoted",
                           r->name, r->line, csv_width (r));
              return FALSE;
            }
        }
      else
        {
          while (c != ',' && c != '\n' && c != EOF)
            {
              if (!csv_append (r, start, c, error))
                return FALSE;
              c = csv_getc (r);
            }
          while (r->text->len > start && csv_is_space (r->text->str[r->text->len - 1]))
            g_string_truncate (r->text, r->text->len - 1);
        }
      g_string_append_c (r->text, '\0');

      if (c != ',')
        break;
      c = csv_getc (r);
    }

  if (!csv_check_io (r, error))
    return FALSE;
  r->cells += r->starts->len;
  r->blank = r->starts->len == 1 && !any_quoted && r->text->str[0] == '\0';
  return TRUE;
}

/* Reads the header into *names (made valid UTF-8). */
static gboolean
csv_read_header (CsvReader   *r,
                 char      ***names,
                 GError     **error)
{
  g_auto(GStrv) result = NULL;
  guint blank_line = 0;
  gboolean at_end;
  guint width;

  for (;;)
    {
      if (!csv_reader_next (r, &at_end, error))
        return FALSE;
      if (at_end)
        {
          g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                       "%s: the file is empty; a CSV data set is a header line of "
                       "column names (e.g. x0,x1,y) followed by lines of numbers",
                       r->name);
          return FALSE;
        }
      if (!r->blank)
        break;
      if (blank_line == 0)
        blank_line = r->record_line;
    }
  if (blank_line != 0)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: line %u is empty; the first line must be the header "
                   "(column names)",
                   r->name, blank_line);
      return FALSE;
    }

  /* Checked before any row is read: the simulator's memory and time grow
   * with the square of the number of weights. */
  width = csv_width (r);
  if (width > LSG_DATASET_MAX_FEATURES + 1)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_LIMIT,
                   "%s: the header has %u columns, %u features besides the target; "
                   "at most %u feature columns (plus the target) are supported",
                   r->name, width, width - 1, LSG_DATASET_MAX_FEATURES);
      return FALSE;
    }
  result = g_new0 (char *, width + 1);
  for (guint j = 0; j < width; j++)
    {
      const char *field = csv_field (r, j);

      if (field[0] == '\0')
        {
          g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                       "%s: line %u, column %u: empty column name in the header; "
                       "every column needs a name",
                       r->name, r->record_line, j + 1);
          return FALSE;
        }
      result[j] = g_utf8_make_valid (field, -1);
    }
  *names = g_steal_pointer (&result);
  return TRUE;
}

char **
lsg_dataset_csv_header (const char  *path,
                        GError     **error)
{
  CsvReader r;
  char **names = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Only the header is read: data rows are checked when the data set
   * is loaded. */
  if (csv_reader_open (&r, path, error))
    csv_read_header (&r, &names, error);
  csv_reader_clear (&r);
  return names;
}

/* The column params->target names: an exact header name first, else a
 * 1-based column index; NULL or "" is the last column. */
static gboolean
find_target (const char   *target,
             char *const  *names,
             guint         width,
             const char   *where,
             guint        *column,
             GError      **error)
{
  g_autofree char *available = NULL;
  guint64 index;
  guint matches = 0;

  if (target == NULL || target[0] == '\0')
    {
      *column = width - 1;
      return TRUE;
    }

  for (guint j = 0; j < width; j++)
    {
      if (strcmp (names[j], target) == 0)
        {
          if (matches == 0)
            *column = j;
          matches++;
        }
    }
  if (matches == 1)
    return TRUE;
  if (matches > 1)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_TARGET,
                   "%s: target “%s” names %u columns of the header; "
                   "give the target's 1-based column index instead",
                   where, target, matches);
      return FALSE;
    }

  available = list_columns (names, width);
  if (strspn (target, "0123456789") == strlen (target))
    {
      if (g_ascii_string_to_unsigned (target, 10, 1, width, &index, NULL))
        {
          *column = (guint) index - 1;
          return TRUE;
        }
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_TARGET,
                   "%s: target column index %s is not a column of the header; "
                   "allowed: 1 to %u (%s)",
                   where, target, width, available);
      return FALSE;
    }
  g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_TARGET,
               "%s: target column “%s” is not in the header; "
               "available columns: %s (or a 1-based column index)",
               where, target, available);
  return FALSE;
}

/* One data field as a number: the whole field, finite, and within
 * [-1, 1] when it is used unscaled. */
static gboolean
parse_value (const CsvReader  *r,
             guint             j,
             char *const      *names,
             gboolean          unscaled,
             double           *value,
             GError          **error)
{
  const char *field = csv_field (r, j);
  g_autofree char *quoted = NULL;
  char *end = NULL;
  int saved_errno;

  /* A quoted field keeps the whitespace inside its quotes. */
  while (g_ascii_isspace (*field))
    field++;
  if (field[0] == '\0')
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: line %u, column %u (“%s”): empty field; "
                   "every data field must be a number",
                   r->name, r->record_line, j + 1, names[j]);
      return FALSE;
    }

  errno = 0;
  *value = g_ascii_strtod (field, &end);
  saved_errno = errno;
  while (end != field && g_ascii_isspace (*end))
    end++;
  if (end == field || *end != '\0')
    {
      quoted = quote_text (field);
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: line %u, column %u (“%s”): “%s” is not a number; "
                   "only numbers such as 0.25 or -1.5e-3 are allowed",
                   r->name, r->record_line, j + 1, names[j], quoted);
      return FALSE;
    }
  if (!isfinite (*value))
    {
      quoted = quote_text (field);
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_VALUE,
                   "%s: line %u, column %u (“%s”): “%s” is %s; "
                   "finite numbers only",
                   r->name, r->record_line, j + 1, names[j], quoted,
                   saved_errno == ERANGE ? "too large for a double" : "not a finite number");
      return FALSE;
    }
  if (unscaled && fabs (*value) > 1.0)
    {
      quoted = quote_text (field);
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_VALUE,
                   "%s: line %u, column %u (“%s”): value %s is outside [-1, 1]; "
                   "with scale = none every value must lie in the DAC range [-1, 1] "
                   "(set [dataset] scale = maxabs to divide each column by its "
                   "largest absolute value)",
                   r->name, r->record_line, j + 1, names[j], quoted);
      return FALSE;
    }
  return TRUE;
}

/* The test split (MODEL.md section 1): fills order[] with the indices of
 * the training rows, then those of the test rows, each in file order. */
static gboolean
split_rows (guint        n_rows,
            double       test_fraction,
            guint64      seed,
            const char  *where,
            guint       *order,
            guint       *n_test_out,
            GError     **error)
{
  g_autofree size_t *perm = NULL;
  g_autofree gboolean *is_test = NULL;
  gsl_rng *rng;
  guint n_test = 0;
  guint k = 0;

  if (test_fraction > 0)
    n_test = (guint) round ((double) n_rows * test_fraction);
  if (n_test >= n_rows)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_SPLIT,
                   "%s: test_fraction = %g of %u samples puts %u in the test set "
                   "and none in training; at least one sample must remain for "
                   "training (lower [dataset] test_fraction or add samples)",
                   where, test_fraction, n_rows, n_test);
      return FALSE;
    }

  *n_test_out = n_test;
  if (n_test == 0)
    {
      for (guint i = 0; i < n_rows; i++)
        order[i] = i;
      return TRUE;
    }

  perm = g_new (size_t, n_rows);
  for (guint i = 0; i < n_rows; i++)
    perm[i] = i;
  rng = lsg_rng_new (LSG_STREAM_SPLIT, seed);
  gsl_ran_shuffle (rng, perm, n_rows, sizeof (size_t));
  gsl_rng_free (rng);

  is_test = g_new0 (gboolean, n_rows);
  for (guint i = 0; i < n_test; i++)
    is_test[perm[i]] = TRUE;
  for (guint i = 0; i < n_rows; i++)
    if (!is_test[i])
      order[k++] = i;
  for (guint i = 0; i < n_rows; i++)
    if (is_test[i])
      order[k++] = i;
  g_assert (k == n_rows);
  return TRUE;
}

/* Builds the data set from a row-major table of n_rows x width values
 * (features and target in column order), dividing each column by
 * divisor[] and appending the bias column.  names: width column names. */
static LsgDataset *
dataset_assemble (const double    *table,
                  guint            n_rows,
                  guint            width,
                  guint            target,
                  const double    *divisor,
                  char *const     *names,
                  const LsgParams *params,
                  const char      *where,
                  GError         **error)
{
  g_autoptr(LsgDataset) dataset = NULL;
  g_autofree guint *order = g_new (guint, n_rows);
  guint n_test;

  if (!split_rows (n_rows, params->test_fraction, params->seed, where,
                   order, &n_test, error))
    return NULL;

  dataset = g_new0 (LsgDataset, 1);
  dataset->n_features = width - 1;
  dataset->n_weights = dataset->n_features + (params->bias_input ? 1 : 0);
  dataset->n_train = n_rows - n_test;
  dataset->n_test = n_test;
  dataset->x = g_new (double, (gsize) n_rows * dataset->n_weights);
  dataset->y = g_new (double, n_rows);
  dataset->feature_names = g_new0 (char *, width);
  dataset->x_scale = g_new (double, dataset->n_features);
  dataset->target_name = g_strdup (names[target]);
  dataset->y_scale = divisor[target];

  for (guint j = 0, f = 0; j < width; j++)
    {
      if (j == target)
        continue;
      dataset->feature_names[f] = g_strdup (names[j]);
      dataset->x_scale[f] = divisor[j];
      f++;
    }

  for (guint k = 0; k < n_rows; k++)
    {
      const double *in = table + (gsize) order[k] * width;
      double *out = dataset->x + (gsize) k * dataset->n_weights;

      for (guint j = 0; j < width; j++)
        {
          if (j != target)
            *out++ = in[j] / divisor[j];
        }
      if (params->bias_input)
        *out = 1.0;
      dataset->y[k] = in[target] / divisor[target];
    }
  return g_steal_pointer (&dataset);
}

/* MODEL.md section 1.  Random draws, in this order, from one mt19937
 * seeded with params->seed: the n_weights generator weights, then per
 * sample its inputs and one standard normal for the noise (drawn even
 * when noise = 0, so the inputs do not depend on the noise level). */
static LsgDataset *
dataset_new_synthetic (const LsgParams  *params,
                       GError          **error)
{
  g_autoptr(LsgDataset) dataset = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *w = NULL;
  g_autofree double *table = NULL;
  g_autofree double *divisor = NULL;
  guint d = params->inputs;
  guint n = params->samples;
  guint n_weights = d + (params->bias_input ? 1 : 0);
  double y_max = 0;
  gsl_rng *rng;

  w = g_new (double, n_weights);
  table = g_new (double, (gsize) n * (d + 1));
  rng = lsg_rng_new (LSG_STREAM_DATA, params->seed);

  for (guint j = 0; j < n_weights; j++)
    w[j] = gsl_ran_flat (rng, -1.0, 1.0);
  for (guint k = 0; k < n; k++)
    {
      double *row = table + (gsize) k * (d + 1);
      double y = 0;

      for (guint j = 0; j < d; j++)
        {
          row[j] = gsl_ran_flat (rng, -1.0, 1.0);
          y += w[j] * row[j];
        }
      if (params->bias_input)
        y += w[d];
      y += params->noise * gsl_ran_gaussian (rng, 1.0);
      row[d] = y;
      y_max = MAX (y_max, fabs (y));
    }
  gsl_rng_free (rng);

  divisor = g_new (double, d + 1);
  for (guint j = 0; j < d; j++)
    divisor[j] = 1.0;
  divisor[d] = MAX (1.0, y_max);

  for (guint j = 0; j < d; j++)
    g_ptr_array_add (names, g_strdup_printf ("x%u", j));
  g_ptr_array_add (names, g_strdup ("y"));

  dataset = dataset_assemble (table, n, d + 1, d, divisor,
                              (char *const *) names->pdata, params,
                              "synthetic data set", error);
  if (dataset == NULL)
    return NULL;

  /* w_true stays the noiseless generator of the scaled targets. */
  for (guint j = 0; j < n_weights; j++)
    w[j] /= dataset->y_scale;
  dataset->w_true = g_steal_pointer (&w);
  return g_steal_pointer (&dataset);
}

/* MODEL.md section 1.  The file decides the number of features and of
 * samples: params->inputs and params->samples are ignored here. */
static LsgDataset *
dataset_new_from_csv (const LsgParams  *params,
                      GError          **error)
{
  g_autoptr(GArray) values = NULL;
  g_autofree char *path = NULL;
  g_autofree double *divisor = NULL;
  g_auto(GStrv) names = NULL;
  LsgDataset *dataset = NULL;
  gboolean unscaled = params->scale == LSG_SCALE_NONE;
  guint width, target, n_rows = 0;
  guint blank_line = 0;
  gboolean at_end;
  CsvReader r;

  if (params->csv == NULL || params->csv[0] == '\0')
    {
      g_set_error_literal (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE,
                           "[dataset] kind = csv needs [dataset] csv, "
                           "the path of a CSV file");
      return NULL;
    }
  /* A compiled-in data file is found wherever the program runs. */
  if (params->base_dir != NULL && !g_path_is_absolute (params->csv)
      && !lsg_dataset_path_is_resource (params->csv))
    path = g_build_filename (params->base_dir, params->csv, NULL);
  else
    path = g_strdup (params->csv);

  if (!csv_reader_open (&r, path, error)
      || !csv_read_header (&r, &names, error))
    goto out;

  width = g_strv_length (names);
  if (!find_target (params->target, names, width, r.name, &target, error))
    goto out;
  if (width == 1 && !params->bias_input)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: the only column, “%s”, is the target; a data set needs "
                   "at least one feature column (or [dataset] bias_input = true)",
                   r.name, names[0]);
      goto out;
    }

  values = g_array_new (FALSE, FALSE, sizeof (double));
  for (;;)
    {
      if (!csv_reader_next (&r, &at_end, error))
        goto out;
      if (at_end)
        break;
      if (r.blank)
        {
          /* Empty lines at the end of the file are ignored. */
          if (blank_line == 0)
            blank_line = r.record_line;
          continue;
        }
      if (blank_line != 0)
        {
          g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                       "%s: line %u is empty; empty lines are allowed only at "
                       "the end of the file",
                       r.name, blank_line);
          goto out;
        }
      if (csv_width (&r) != width)
        {
          g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                       "%s: line %u: expected %u fields, as in the header, got %u",
                       r.name, r.record_line, width, csv_width (&r));
          goto out;
        }
      for (guint j = 0; j < width; j++)
        {
          double v;

          if (!parse_value (&r, j, names, unscaled, &v, error))
            goto out;
          g_array_append_val (values, v);
        }
      n_rows++;
    }
  if (n_rows == 0)
    {
      g_set_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT,
                   "%s: the header (line 1) is followed by no data; "
                   "expected at least one line of numbers",
                   r.name);
      goto out;
    }

  divisor = g_new (double, width);
  for (guint j = 0; j < width; j++)
    {
      double m = 0;

      for (guint k = 0; k < n_rows; k++)
        m = MAX (m, fabs (g_array_index (values, double, (gsize) k * width + j)));
      /* A column of zeros stays as it is. */
      divisor[j] = !unscaled && m > 0 ? m : 1.0;
    }

  dataset = dataset_assemble ((const double *) values->data, n_rows, width,
                              target, divisor, names, params, r.name, error);
out:
  csv_reader_clear (&r);
  return dataset;
}

LsgDataset *
lsg_dataset_new_from_params (const LsgParams  *params,
                             GError          **error)
{
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (params->scale == LSG_SCALE_MAXABS
                        || params->scale == LSG_SCALE_NONE, NULL);

  switch (params->dataset_kind)
    {
    case LSG_DATASET_SYNTHETIC:
      return dataset_new_synthetic (params, error);
    case LSG_DATASET_CSV:
      return dataset_new_from_csv (params, error);
    default:
      g_return_val_if_reached (NULL);
    }
}
