/* lsg-test-util.c: see lsg-test-util.h. */
#include "lsg-config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "lsg-design-file.h"
#include "lsg-test-util.h"

/* -- directories and files -------------------------------------------- */

char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lsg-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  f->dir = make_temp_dir ();
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

char *
path_in (const Fixture *f,
         const char    *name)
{
  return g_build_filename (f->dir, name, NULL);
}

char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

char *
write_in (const Fixture *f,
          const char    *name,
          const char    *contents)
{
  return write_file (f->dir, name, contents);
}

void
put_in (const Fixture *f,
        const char    *name,
        const char    *contents)
{
  g_free (write_in (f, name, contents));
}

char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

char *
read_in (const Fixture *f,
         const char    *name)
{
  g_autofree char *path = path_in (f, name);

  return read_file (path);
}

GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

gboolean
exists_in (const Fixture *f,
           const char    *name)
{
  g_autofree char *path = path_in (f, name);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("/", (char **) names->pdata);
}

char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* -- child processes -------------------------------------------------- */

void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

void
spawn (const char        *cwd,
       const char *const *argv,
       Run               *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = g_strjoinv (" ", (char **) argv);
  int wait_status = 0;

  g_test_message ("running: %s", cmd);
  g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("%s did not exit normally (wait status %d); stderr: %s", argv[0],
             wait_status, r->err);
  r->status = WEXITSTATUS (wait_status);
  if (r->err != NULL && r->err[0] != '\0')
    g_test_message ("exit %d, stderr: %s", r->status, r->err);
}

const char *
need_tool (const char *name,
           const char *package)
{
  static GHashTable *found;
  char *path;

  if (found == NULL)
    found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  path = g_hash_table_lookup (found, name);
  if (path == NULL)
    {
      path = g_find_program_in_path (name);
      if (path == NULL)
        g_error ("%s not found: these tests need %s (apt-get install %s; .ci/setup installs it)",
                 name, package, package);
      g_hash_table_insert (found, g_strdup (name), path);
    }
  return path;
}

const char *
logsgd_path (void)
{
  const char *path = g_getenv ("LOGSGD");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("LOGSGD must name the logsgd executable (meson test sets it), got %s",
             path != NULL ? path : "nothing");
  return path;
}

void
run_logsgd_argv (const char        *cwd,
                 const char *const *args,
                 Run               *r)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) logsgd_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  spawn (cwd, (const char *const *) argv->pdata, r);
}

void
run_logsgd (const char *cwd,
            Run        *r,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  const char *a;

  va_start (ap, r);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run_logsgd_argv (cwd, (const char *const *) args->pdata, r);
}

/* -- design points, data sets and runs -------------------------------- */

LsgParams *
paper (void)
{
  g_autoptr(GError) error = NULL;
  LsgParams *params = lsg_params_new_preset ("paper", &error);

  g_assert_no_error (error);
  g_assert_nonnull (params);
  return params;
}

void
set_keys (LsgParams         *params,
          const char *const *sets)
{
  for (guint i = 0; sets[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (sets[i], "=", 2);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (kv[1]);
      g_assert_true (lsg_params_set_from_string (params, kv[0], kv[1], &error));
      g_assert_no_error (error);
    }
}

LsgParams *
paper_with (const char *const *sets)
{
  LsgParams *params = paper ();

  set_keys (params, sets);
  return params;
}

LsgParams *
load_text (const char  *text,
           GError     **error)
{
  return lsg_params_load_data (text, strlen (text), "test.ini", error);
}

LsgParams *
lsg_test_ideal_params (void)
{
  LsgParams *p = lsg_params_new_default ();

  p->moderate_inversion = FALSE;
  p->mismatch = FALSE;
  p->leakage = FALSE;
  p->noise_on = FALSE;
  p->dac_bits = 0;
  p->adc_bits = 0;
  p->t_hold = 0;
  return p;
}

LsgDataset *
lsg_test_make_dataset (guint         n,
                       guint         rows,
                       const double *x,
                       const double *y)
{
  LsgDataset *ds = g_new0 (LsgDataset, 1);

  ds->n_features = n;
  ds->n_weights = n;
  ds->n_train = rows;
  ds->x = g_memdup2 (x, sizeof (double) * n * rows);
  ds->y = g_memdup2 (y, sizeof (double) * rows);
  ds->x_scale = g_new (double, n);
  for (guint i = 0; i < n; i++)
    ds->x_scale[i] = 1.0;
  ds->y_scale = 1.0;
  ds->feature_names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    ds->feature_names[i] = g_strdup_printf ("x%u", i);
  ds->target_name = g_strdup ("y");
  return ds;
}

LsgSim *
lsg_test_run (const LsgParams  *params,
              const LsgDataset *ds,
              gboolean          allow_exact)
{
  g_autoptr(GError) error = NULL;
  LsgSim *sim = lsg_sim_new (params, ds, &error);

  g_assert_no_error (error);
  lsg_sim_set_allow_exact (sim, allow_exact);
  g_assert_true (lsg_sim_run (sim, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return sim;
}

/* -- text and numbers ------------------------------------------------- */

void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("\xe2\x80\x9c%s\xe2\x80\x9d does not contain \xe2\x80\x9c%s\xe2\x80\x9d",
             haystack != NULL ? haystack : "(null)", needle);
}

void
assert_rel_msg (double      actual,
                double      expected,
                double      rel,
                const char *what)
{
  if (!(fabs (actual - expected) <= rel * fabs (expected)))
    g_error ("%s%s%.17g differs from %.17g by more than %g relative",
             what != NULL ? what : "", what != NULL ? ": " : "", actual, expected, rel);
}

gint
column_index (char       **header,
              const char  *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return (gint) i;
  return -1;
}

/* -- benchmarks ------------------------------------------------------- */

double
median (double *v,
        guint   n)
{
  gsl_sort (v, 1, n);
  return gsl_stats_median_from_sorted_data (v, 1, n);
}

double
now_s (void)
{
  return g_get_monotonic_time () * 1e-6;
}

/* -- sweeps ------------------------------------------------------------ */

LsgParams *
sweep_small_base (void)
{
  LsgParams *p = lsg_params_new_default ();

  p->samples = 50;
  p->epochs = 2;
  return p;
}

LsgSweepAxis
sweep_axis (const char *text)
{
  LsgSweepAxis a;
  g_autoptr(GError) error = NULL;

  g_assert_true (lsg_sweep_axis_parse (text, &a, &error));
  g_assert_no_error (error);
  return a;
}

LsgSweep *
sweep_new (const LsgParams    *base,
           const LsgSweepAxis *axes,
           guint               n_axes,
           guint               mc)
{
  g_autoptr(GError) error = NULL;
  LsgSweep *s = lsg_sweep_new (base, axes, n_axes, mc, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

void
sweep_run (LsgSweep *s,
           guint     n_threads,
           guint     shard_k,
           guint     shard_n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lsg_sweep_run (s, n_threads, shard_k, shard_n, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

gboolean
same_double (double a,
             double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;
}

void
assert_error_contains (const GError *error,
                       GQuark        domain,
                       int           code,
                       int           code2,
                       ...)
{
  va_list ap;
  const char *needle;

  g_assert_nonnull (error);
  g_assert_true (error->domain == domain);
  if (error->code != code && error->code != code2)
    g_error ("error code %d, expected %d or %d: %s", error->code, code, code2,
             error->message);
  va_start (ap, code2);
  while ((needle = va_arg (ap, const char *)) != NULL)
    if (strstr (error->message, needle) == NULL)
      g_error ("message \xe2\x80\x9c%s\xe2\x80\x9d does not contain \xe2\x80\x9c%s\xe2\x80\x9d",
               error->message, needle);
  va_end (ap);
}

char *
format_exact (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

/* -- data sets --------------------------------------------------------- */

LsgParams *
dataset_synthetic_params (guint    inputs,
                          guint    samples,
                          gboolean bias_input,
                          double   noise,
                          guint64  seed)
{
  LsgParams *params = lsg_params_new_default ();

  params->dataset_kind = LSG_DATASET_SYNTHETIC;
  params->inputs = inputs;
  params->samples = samples;
  params->bias_input = bias_input;
  params->noise = noise;
  params->seed = seed;
  params->test_fraction = 0;
  return params;
}

LsgParams *
dataset_csv_params (const char *name,
                    const char *target,
                    LsgScale    scale)
{
  LsgParams *params = lsg_params_new_default ();

  params->dataset_kind = LSG_DATASET_CSV;
  g_free (params->csv);
  params->csv = data_path (name);
  g_free (params->target);
  params->target = g_strdup (target);
  params->scale = scale;
  params->bias_input = FALSE;
  params->test_fraction = 0;
  /* Ignored for CSV: the file decides. */
  params->inputs = 7;
  params->samples = 999;
  return params;
}

LsgDataset *
dataset_load_ok (const LsgParams *params)
{
  g_autoptr(GError) error = NULL;
  LsgDataset *dataset = lsg_dataset_new_from_params (params, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

guint
dataset_n_rows (const LsgDataset *dataset)
{
  return dataset->n_train + dataset->n_test;
}

void
assert_same_dataset (const LsgDataset *a,
                     const LsgDataset *b)
{
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  g_assert_cmpuint (a->n_weights, ==, b->n_weights);
  g_assert_cmpuint (a->n_train, ==, b->n_train);
  g_assert_cmpuint (a->n_test, ==, b->n_test);
  g_assert_cmpmem (a->x, (gsize) dataset_n_rows (a) * a->n_weights * sizeof (double),
                   b->x, (gsize) dataset_n_rows (b) * b->n_weights * sizeof (double));
  g_assert_cmpmem (a->y, dataset_n_rows (a) * sizeof (double),
                   b->y, dataset_n_rows (b) * sizeof (double));
  g_assert_cmpfloat (a->y_scale, ==, b->y_scale);
  for (guint j = 0; j < a->n_features; j++)
    g_assert_cmpfloat (a->x_scale[j], ==, b->x_scale[j]);
}
