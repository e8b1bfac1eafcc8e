/* test-core-files.c: files people hand the program: only regular files,
 * bounded, text that is text (MODEL.md section 7 for design points). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-file.h"
#include "lsg-sim.h"
#include "lsg-sweep.h"
#include "lsg-test-util.h"

/* A design point or a data set of a CSV file at path. */
static LsgDataset *
load_csv (const char  *path,
          GError     **error)
{
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autofree char *set = g_strdup_printf ("dataset.csv=%s", path);
  const char *overrides[] = { "dataset.kind=csv", set, NULL };
  g_autoptr(LsgParams) q = lsg_params_load_with_overrides (NULL, overrides, error);

  if (q == NULL)
    return NULL;
  return lsg_dataset_new_from_params (q, error);
}

/* A FIFO is refused at once, as design point and as data file: nothing
 * waits for a writer (the test would hang). */
static void
test_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsg-files-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.ini", NULL);
  g_autoptr(GError) error = NULL;
  LsgParams *p;
  LsgDataset *d;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  p = lsg_params_load_file (fifo, &error);
  g_assert_null (p);
  g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE);
  assert_contains (error->message, "pipe.ini");
  assert_contains (error->message, "FIFO");
  assert_contains (error->message, "expected a regular file");
  g_clear_error (&error);

  d = load_csv (fifo, &error);
  g_assert_null (d);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE);
  assert_contains (error->message, "FIFO");
  g_clear_error (&error);

  g_assert_cmpint (g_remove (fifo), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Devices and directories: refused by kind, before any byte is read
 * (/dev/zero would never end). */
static void
test_not_regular (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("lsg-files-XXXXXX", NULL);
  LsgParams *p = lsg_params_load_file ("/dev/zero", &error);

  g_assert_null (p);
  assert_contains (error->message, "character device");
  g_clear_error (&error);

  p = lsg_params_load_file (tmp, &error);
  g_assert_null (p);
  assert_contains (error->message, "directory");
  g_clear_error (&error);

  g_assert_null (lsg_file_read_text ("/dev/zero", 1024, "sweep file", NULL, &error));
  g_assert_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);
  g_assert_null (load_csv ("/dev/zero", &error));
  assert_contains (error->message, "character device");
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* A design point larger than a design point can be is not read whole. */
static void
test_too_big (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsg-files-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.ini", NULL);
  g_autoptr(GString) text = g_string_new ("[circuit]\n");
  g_autoptr(GError) error = NULL;

  while (text->len <= LSG_DESIGN_FILE_MAX_BYTES)
    g_string_append (text, "# a comment line to make the file too large for a design point\n");
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  g_assert_null (lsg_params_load_file (path, &error));
  assert_contains (error->message, "big.ini");
  assert_contains (error->message, "at most 1048576 bytes");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A NUL inside a number ("2\0999") must not read as 2. */
static void
test_nul_in_number (void)
{
  g_autofree char *path = data_path ("bad-nul-in-number.csv");
  g_autoptr(GError) error = NULL;

  g_assert_null (load_csv (path, &error));
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT);
  assert_contains (error->message, "line 3");
  assert_contains (error->message, "NUL byte");
}

static void
test_utf16 (void)
{
  g_autofree char *path = data_path ("bad-utf16.csv");
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *copy = NULL;

  g_assert_null (load_csv (path, &error));
  assert_contains (error->message, "UTF-16");
  assert_contains (error->message, "save the CSV file as UTF-8");
  g_clear_error (&error);

  /* the same bytes as a design point */
  g_assert_true (g_file_get_contents (path, &copy, &len, NULL));
  copy = g_realloc (copy, len + 1);
  g_assert_false (lsg_text_normalize (copy, &len, "x.ini", &error));
  g_assert_error (error, LSG_FILE_ERROR, LSG_FILE_ERROR_ENCODING);
}

/* Line ends CR only (old Mac text) read as the same table as LF. */
static void
test_cr_only (void)
{
  g_autofree char *cr = data_path ("cr-only.csv");
  g_autofree char *lf = data_path ("small.csv");
  g_autoptr(GError) error = NULL;
  LsgDataset *a = load_csv (cr, &error);
  LsgDataset *b;

  g_assert_no_error (error);
  b = load_csv (lf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->n_train, ==, 3);
  g_assert_cmpuint (a->n_train, ==, b->n_train);
  g_assert_cmpuint (a->n_weights, ==, b->n_weights);
  g_assert_cmpmem (a->x, sizeof (double) * a->n_train * a->n_weights,
                   b->x, sizeof (double) * b->n_train * b->n_weights);
  g_assert_cmpmem (a->y, sizeof (double) * a->n_train, b->y, sizeof (double) * b->n_train);
  lsg_dataset_free (a);
  lsg_dataset_free (b);
}

/* A design point saved by a Windows editor: BOM and CRLF. */
static void
test_design_crlf_bom (void)
{
  g_autofree char *path = data_path ("good-crlf-bom.ini");
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = lsg_params_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (p->i_eta, ==, 2e-9);
}

/* Text values are UTF-8, so that what is read can be written back. */
static void
test_not_utf8 (void)
{
  g_autofree char *path = data_path ("bad-not-utf8.ini");
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = lsg_params_new_default ();

  g_assert_null (lsg_params_load_file (path, &error));
  g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE);
  assert_contains (error->message, "line 3");
  assert_contains (error->message, "not UTF-8");
  g_clear_error (&error);

  g_assert_false (lsg_params_set_from_string (p, "dataset.target", "y\xff", &error));
  assert_contains (error->message, "not UTF-8");
}

/* A binary line in a design point is quoted short, not whole. */
static void
test_long_line_quoted (void)
{
  g_autoptr(GString) text = g_string_new ("[circuit]\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (text, 'A' + i % 26);
  g_string_append_c (text, '\n');
  g_assert_null (lsg_params_load_data (text->str, text->len, "long.ini", &error));
  assert_contains (error->message, "long.ini");
  g_assert_cmpuint (strlen (error->message), <, 400);
}

/* A sweep part with CRLF line ends merges like its LF original. */
static void
test_merge_crlf (void)
{
  g_autoptr(LsgParams) base = lsg_params_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsg-files-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "part.csv", NULL);
  g_autofree char *csv = NULL, *merged = NULL, *read = NULL;
  g_autoptr(GString) crlf = g_string_new (NULL);
  LsgSweep *sweep;
  const char *texts[1];
  const char *descriptors[1];
  g_autofree char *descriptor = NULL;

  base->epochs = 1;
  sweep = lsg_sweep_new (base, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_sweep_run (sweep, 1, 1, 1, NULL, NULL, NULL, &error));
  csv = lsg_sweep_to_csv (sweep, 1, 1);
  for (const char *c = csv; *c != '\0'; c++)
    {
      if (*c == '\n')
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, *c);
    }
  g_assert_true (g_file_set_contents (path, crlf->str, crlf->len, NULL));
  read = lsg_file_read_text (path, 1 << 20, "sweep file", NULL, &error);
  g_assert_no_error (error);
  texts[0] = read;
  descriptor = lsg_sweep_to_descriptor (sweep);
  descriptors[0] = descriptor;
  g_assert_true (lsg_sweep_merge_csv (texts, descriptors, NULL, 1, &merged, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (merged, ==, csv);
  lsg_sweep_free (sweep);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A run whose trajectory cannot fit in memory (1024 weights, 2^24 rows:
 * about 550 GB) is refused when it is made, naming the keys, before a
 * single interval runs. */
static void
test_memory_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsg-files-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "wide.csv", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = lsg_params_new_default ();
  g_autoptr(LsgDataset) ds = NULL;
  LsgSim *sim;
  guint cols = 1023;   /* features, then the target; with the bias 1024 weights */

  for (guint j = 0; j <= cols; j++)
    g_string_append_printf (text, "%sx%u", j > 0 ? "," : "", j);
  g_string_append_c (text, '\n');
  for (guint r = 0; r < 2048; r++)
    {
      for (guint j = 0; j <= cols; j++)
        g_string_append_printf (text, "%s%u", j > 0 ? "," : "", (r * 7 + j) % 13);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  p->dataset_kind = LSG_DATASET_CSV;
  g_free (p->csv);
  p->csv = g_strdup (path);
  p->epochs = 8192;
  p->t_hold = 0;
  ds = lsg_dataset_new_from_params (p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_weights, ==, 1024);

  sim = lsg_sim_new (p, ds, &error);
  g_assert_null (sim);
  g_assert_error (error, LSG_SIM_ERROR, LSG_SIM_ERROR_FULL);
  assert_contains (error->message, "half of this machine's");
  assert_contains (error->message, "[dataset] epochs = 8192");
  assert_contains (error->message, "1024 weights");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_quote (void)
{
  g_autofree char *a = lsg_text_quote ("abc", 10);
  g_autofree char *b = lsg_text_quote ("abcdef", 3);
  g_autofree char *c = lsg_text_quote ("a\x01" "b\xff", 10);

  g_assert_cmpstr (a, ==, "abc");
  g_assert_cmpstr (b, ==, "abc\xe2\x80\xa6");
  g_assert_cmpstr (c, ==, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/files/fifo", test_fifo);
  g_test_add_func ("/files/not-regular", test_not_regular);
  g_test_add_func ("/files/too-big", test_too_big);
  g_test_add_func ("/files/csv/nul-in-number", test_nul_in_number);
  g_test_add_func ("/files/csv/utf16", test_utf16);
  g_test_add_func ("/files/csv/cr-only", test_cr_only);
  g_test_add_func ("/files/design/crlf-bom", test_design_crlf_bom);
  g_test_add_func ("/files/design/not-utf8", test_not_utf8);
  g_test_add_func ("/files/design/long-line", test_long_line_quoted);
  g_test_add_func ("/files/merge/crlf", test_merge_crlf);
  g_test_add_func ("/files/quote", test_quote);
  g_test_add_func ("/files/limits/memory", test_memory_limit);
  return g_test_run ();
}
