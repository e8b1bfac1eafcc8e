/* test-core-dataset-more.c: the compiled-in data set (diabetes) and its
 * presets, and the test split (MODEL.md section 1).  Expected values are
 * computed from the shipped file's own text and from a GSL shuffle, as
 * MODEL.md prescribes. */
#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-rng.h"
#include "lsg-test-util.h"

/* Compiled-in data */

#define DIABETES_URI "resource:///io/github/logsgd/Explorer/data/diabetes.csv"

static const char *const diabetes_columns[] = {
  "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "y", NULL
};

/* The shipped file's text, from the source tree. */
static char *
diabetes_text (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "data",
                                                 "diabetes.csv", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Column means and largest absolute values of the data rows, parsed
 * here with a plain split rather than by the reader under test. */
static guint
column_stats (const char *text,
              double     *mean,
              double     *max_abs,
              guint       width)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint j = 0; j < width; j++)
    mean[j] = max_abs[j] = 0;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, width);
      for (guint j = 0; j < width; j++)
        {
          double v = g_ascii_strtod (fields[j], NULL);

          mean[j] += v;
          max_abs[j] = MAX (max_abs[j], fabs (v));
        }
      n++;
    }
  for (guint j = 0; j < width; j++)
    mean[j] /= n;
  return n;
}

static LsgParams *
diabetes_params (void)
{
  LsgParams *params = lsg_params_new_default ();

  params->dataset_kind = LSG_DATASET_CSV;
  g_free (params->csv);
  params->csv = g_strdup (DIABETES_URI);
  g_free (params->target);
  params->target = g_strdup ("y");
  params->scale = LSG_SCALE_MAXABS;
  params->bias_input = TRUE;
  params->test_fraction = 0;
  /* A design point read from a file: a resource is not relative to it. */
  params->base_dir = g_strdup ("/no/such/directory");
  return params;
}

static void
test_diabetes (void)
{
  g_autoptr(LsgParams) params = diabetes_params ();
  g_autoptr(LsgDataset) dataset = dataset_load_ok (params);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = diabetes_text ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) header = NULL;
  double mean[11], max_abs[11], got[11] = { 0 };
  /* the first and the last patient, read off the file by hand */
  const double first[] = { 59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87, 151 };
  const double last[] = { 36, 1, 19.6, 71, 250, 133.2, 97, 3, 4.5951, 92, 57 };

  /* The compiled-in resource is the shipped file. */
  bytes = g_resources_lookup_data ("/io/github/logsgd/Explorer/data/diabetes.csv",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   text, strlen (text));

  g_assert_cmpuint (column_stats (text, mean, max_abs, 11), ==, 442);
  g_assert_cmpuint (dataset->n_features, ==, 10);
  g_assert_cmpuint (dataset->n_weights, ==, 11);
  g_assert_cmpuint (dataset->n_train, ==, 442);
  g_assert_cmpuint (dataset->n_test, ==, 0);
  g_assert_cmpstr (dataset->target_name, ==, "y");
  for (guint j = 0; j < 10; j++)
    g_assert_cmpstr (dataset->feature_names[j], ==, diabetes_columns[j]);

  header = lsg_dataset_csv_header (DIABETES_URI, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (header, diabetes_columns);

  /* maxabs: each column divided by its largest absolute value. */
  for (guint j = 0; j < 10; j++)
    g_assert_cmpfloat (dataset->x_scale[j], ==, max_abs[j]);
  g_assert_cmpfloat (dataset->y_scale, ==, max_abs[10]);
  for (guint k = 0; k < 442; k++)
    {
      const double *x = lsg_dataset_row (dataset, k);

      for (guint j = 0; j < 10; j++)
        got[j] += x[j] * dataset->x_scale[j];
      got[10] += dataset->y[k] * dataset->y_scale;
      g_assert_cmpfloat (x[10], ==, 1.0);
    }
  for (guint j = 0; j < 11; j++)
    g_assert_cmpfloat_with_epsilon (got[j] / 442, mean[j], 1e-12 * fabs (mean[j]));
  /* the mean age and disease progression of the 442 patients, worked
   * out by hand from the file */
  g_assert_cmpfloat_with_epsilon (mean[0], 48.518, 1e-3);
  g_assert_cmpfloat_with_epsilon (mean[10], 152.133, 1e-3);

  for (guint j = 0; j < 10; j++)
    {
      g_assert_cmpfloat_with_epsilon (lsg_dataset_row (dataset, 0)[j] * dataset->x_scale[j],
                                      first[j], 1e-12 * first[j]);
      g_assert_cmpfloat_with_epsilon (lsg_dataset_row (dataset, 441)[j] * dataset->x_scale[j],
                                      last[j], 1e-12 * last[j]);
    }
  g_assert_cmpfloat_with_epsilon (dataset->y[0] * dataset->y_scale, first[10], 1e-12 * first[10]);
  g_assert_cmpfloat_with_epsilon (dataset->y[441] * dataset->y_scale, last[10], 1e-12 * last[10]);
}

/* A resource path stays as it is through the design point's path
 * handling, so a saved design point finds the data anywhere. */
static void
test_resource_path_kept (void)
{
  g_autoptr(LsgParams) params = diabetes_params ();
  g_autofree char *resolved = lsg_params_resolve_csv (params);
  const char *overrides[] = { "dataset.kind=csv", "dataset.csv=" DIABETES_URI,
                              "dataset.target=y", NULL };
  g_autoptr(LsgParams) from_set = NULL;
  g_autoptr(LsgParams) reloaded = NULL;
  g_autoptr(LsgDataset) a = NULL;
  g_autoptr(LsgDataset) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *design = NULL;

  g_assert_cmpstr (resolved, ==, DIABETES_URI);

  from_set = lsg_params_load_with_overrides (NULL, overrides, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_set->csv, ==, DIABETES_URI);

  /* Saved elsewhere and read back: the same data. */
  design = g_build_filename (dir, "design.ini", NULL);
  g_assert_true (lsg_params_save_file (from_set, design, &error));
  g_assert_no_error (error);
  reloaded = lsg_params_load_file (design, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reloaded->csv, ==, DIABETES_URI);
  a = dataset_load_ok (from_set);
  b = dataset_load_ok (reloaded);
  assert_same_dataset (a, b);
  g_assert_cmpuint (dataset_n_rows (b), ==, 442);

  g_assert_cmpint (g_remove (design), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_resource_unknown (void)
{
  static const char *const bad[] = {
    "resource:///io/github/logsgd/Explorer/data/no-such-data.csv",
    "resource:///io/github/logsgd/Explorer/presets/none.ini",
    "resource://io/github/logsgd/Explorer/data/diabetes.csv",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(LsgParams) params = diabetes_params ();
      g_autoptr(LsgDataset) dataset = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = NULL;

      g_free (params->csv);
      params->csv = g_strdup (bad[i]);
      dataset = lsg_dataset_new_from_params (params, &error);
      g_assert_null (dataset);
      g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i]));
      /* what is allowed: the compiled-in data files, or the form */
      g_assert_nonnull (strstr (error->message, DIABETES_URI));
      g_clear_error (&error);

      names = lsg_dataset_csv_header (bad[i], &error);
      g_assert_null (names);
      g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE);
    }
}

/* The diabetes presets: the paper preset's chip on the diabetes data,
 * one with each storage, every other key the paper preset's. */
static void
test_diabetes_presets (void)
{
  static const char *const changed[] = {
    "dataset.kind", "dataset.epochs", "dataset.csv", "dataset.target",
    "dataset.test_fraction", "circuit.storage", NULL
  };
  static const char *const names[] = { "diabetes", "diabetes-class-ab" };
  g_autoptr(LsgParams) paper = lsg_params_new_default ();
  guint n_specs;
  const LsgKeySpec *specs = lsg_key_specs (&n_specs);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = lsg_params_new_preset (names[i], &error);
      g_autoptr(LsgDataset) dataset = NULL;

      g_assert_no_error (error);
      g_assert_true (g_strv_contains (lsg_params_preset_names (), names[i]));
      g_assert_cmpint (p->dataset_kind, ==, LSG_DATASET_CSV);
      g_assert_cmpstr (p->csv, ==, DIABETES_URI);
      g_assert_cmpint (p->storage, ==, i == 0 ? LSG_STORAGE_PAIR : LSG_STORAGE_CLASS_AB);
      g_assert_cmpint (p->readout, ==, LSG_READOUT_FORWARD);
      for (guint s = 0; s < n_specs; s++)
        {
          g_autofree char *key = g_strdup_printf ("%s.%s", specs[s].group, specs[s].key);
          g_autofree char *mine = lsg_params_get_as_string (p, &specs[s]);
          g_autofree char *theirs = lsg_params_get_as_string (paper, &specs[s]);

          if (!g_strv_contains (changed, key) && g_strcmp0 (mine, theirs) != 0)
            g_error ("%s preset: %s = %s, the paper preset has %s", names[i], key, mine, theirs);
        }

      dataset = lsg_dataset_new_from_params (p, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (dataset->n_features, ==, 10);
      g_assert_cmpuint (dataset->n_train + dataset->n_test, ==, 442);
      g_assert_cmpuint (dataset->n_test, ==, (guint) round (442 * p->test_fraction));
      /* a run stays short enough to explore interactively */
      g_assert_cmpuint ((guint64) dataset->n_train * p->epochs, <=, 10000);
    }
}

/* Test split */

/* Index in whole of a row of part (rows are distinct). */
static guint
find_row (const LsgDataset *whole,
          const LsgDataset *part,
          guint             k)
{
  gsize row_bytes = whole->n_weights * sizeof (double);

  for (guint i = 0; i < dataset_n_rows (whole); i++)
    {
      if (memcmp (lsg_dataset_row (whole, i), lsg_dataset_row (part, k), row_bytes) == 0
          && whole->y[i] == part->y[k])
        return i;
    }
  g_assert_not_reached ();
  return G_MAXUINT;
}

/* split holds the rows of whole: training rows, then test rows, each
 * in their original order.  Returns the test rows' original indices. */
static GArray *
check_split (const LsgDataset *whole,
             const LsgDataset *split)
{
  GArray *test_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *seen = g_new0 (gboolean, dataset_n_rows (whole));
  gint64 previous = -1;

  g_assert_cmpuint (dataset_n_rows (split), ==, dataset_n_rows (whole));
  g_assert_cmpuint (whole->n_test, ==, 0);
  for (guint k = 0; k < dataset_n_rows (split); k++)
    {
      guint i = find_row (whole, split, k);

      if (k == split->n_train)
        previous = -1;
      g_assert_cmpint ((gint64) i, >, previous);
      previous = i;
      g_assert_false (seen[i]);
      seen[i] = TRUE;
      if (k >= split->n_train)
        g_array_append_val (test_rows, i);
    }
  return test_rows;
}

/* The test rows MODEL.md prescribes: the first n_test of a GSL shuffle
 * of 0..n-1 by the split stream of the data seed (section 8), in
 * ascending order. */
static void
check_split_reference (GArray  *test_rows,
                       guint    n,
                       guint    n_test,
                       guint64  seed)
{
  g_autofree size_t *perm = g_new (size_t, n);
  g_autofree gboolean *expected = g_new0 (gboolean, n);
  gsl_rng *rng = lsg_rng_new (LSG_STREAM_SPLIT, seed);

  for (guint i = 0; i < n; i++)
    perm[i] = i;
  gsl_ran_shuffle (rng, perm, n, sizeof (size_t));
  gsl_rng_free (rng);
  for (guint i = 0; i < n_test; i++)
    expected[perm[i]] = TRUE;

  g_assert_cmpuint (test_rows->len, ==, n_test);
  for (guint i = 0; i < n_test; i++)
    g_assert_true (expected[g_array_index (test_rows, guint, i)]);
}

static void
test_split_synthetic (void)
{
  g_autoptr(LsgParams) params = dataset_synthetic_params (3, 7, TRUE, 0.05, 3);
  g_autoptr(LsgDataset) whole = dataset_load_ok (params);
  g_autoptr(LsgDataset) split = NULL;
  g_autoptr(LsgDataset) again = NULL;
  g_autoptr(GArray) test_rows = NULL;

  /* round (7 * 0.5) = round (3.5) = 4 test samples. */
  params->test_fraction = 0.5;
  split = dataset_load_ok (params);
  g_assert_cmpuint (split->n_train, ==, 3);
  g_assert_cmpuint (split->n_test, ==, 4);
  test_rows = check_split (whole, split);
  check_split_reference (test_rows, 7, 4, params->seed);
  /* The split does not change the generator or the target scaling. */
  g_assert_cmpfloat (split->y_scale, ==, whole->y_scale);
  g_assert_cmpmem (split->w_true, split->n_weights * sizeof (double),
                   whole->w_true, whole->n_weights * sizeof (double));

  again = dataset_load_ok (params);
  assert_same_dataset (split, again);

  /* 50 samples: round (50 * 0.3) = 15. */
  g_clear_pointer (&whole, lsg_dataset_free);
  g_clear_pointer (&split, lsg_dataset_free);
  g_clear_pointer (&test_rows, g_array_unref);
  params->samples = 50;
  params->test_fraction = 0;
  whole = dataset_load_ok (params);
  params->test_fraction = 0.3;
  split = dataset_load_ok (params);
  g_assert_cmpuint (split->n_train, ==, 35);
  g_assert_cmpuint (split->n_test, ==, 15);
  test_rows = check_split (whole, split);
}

/* split.csv: i = 1..12, y = -i.  With maxabs i is divided by 12, so the
 * first feature of row k is (k + 1) / 12. */
static void
test_split_csv (void)
{
  g_autoptr(LsgParams) params = dataset_csv_params ("split.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) whole = dataset_load_ok (params);
  g_autoptr(LsgDataset) split = NULL;
  g_autoptr(LsgDataset) same = NULL;
  g_autoptr(LsgDataset) other = NULL;
  g_autoptr(GArray) test_rows = NULL;
  g_autoptr(GArray) other_rows = NULL;
  gboolean differ = FALSE;

  g_assert_cmpuint (whole->n_train, ==, 12);
  for (guint k = 0; k < 12; k++)
    {
      g_assert_cmpfloat_with_epsilon (lsg_dataset_row (whole, k)[0], (k + 1) / 12.0, 1e-15);
      g_assert_cmpfloat_with_epsilon (whole->y[k], -(k + 1.0) / 12.0, 1e-15);
    }

  /* round (12 * 0.25) = 3. */
  params->test_fraction = 0.25;
  params->seed = 1;
  split = dataset_load_ok (params);
  g_assert_cmpuint (split->n_train, ==, 9);
  g_assert_cmpuint (split->n_test, ==, 3);
  test_rows = check_split (whole, split);
  same = dataset_load_ok (params);
  assert_same_dataset (split, same);
  check_split_reference (test_rows, 12, 3, params->seed);

  params->seed = 2;
  other = dataset_load_ok (params);
  other_rows = check_split (whole, other);
  check_split_reference (other_rows, 12, 3, params->seed);
  for (guint i = 0; i < 3; i++)
    differ |= g_array_index (test_rows, guint, i) != g_array_index (other_rows, guint, i);
  g_assert_true (differ);
}

static void
test_split_empty_training (void)
{
  g_autoptr(LsgParams) params = dataset_synthetic_params (2, 1, TRUE, 0, 1);
  g_autoptr(LsgParams) csv = dataset_csv_params ("small.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgDataset) dataset = NULL;

  /* round (1 * 0.5) = 1: the only sample would go to the test set. */
  params->test_fraction = 0.5;
  dataset = lsg_dataset_new_from_params (params, &error);
  g_assert_null (dataset);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_SPLIT);
  g_assert_nonnull (strstr (error->message, "test_fraction"));
  g_clear_error (&error);

  /* round (3 * 0.9) = 3 of 3 samples. */
  csv->test_fraction = 0.9;
  dataset = lsg_dataset_new_from_params (csv, &error);
  g_assert_null (dataset);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_SPLIT);
  g_assert_nonnull (strstr (error->message, "small.csv"));
  g_clear_error (&error);

  /* round (3 * 0.5) = 2 of 3 leaves one for training. */
  csv->test_fraction = 0.5;
  dataset = dataset_load_ok (csv);
  g_assert_cmpuint (dataset->n_train, ==, 1);
  g_assert_cmpuint (dataset->n_test, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset/resource/diabetes", test_diabetes);
  g_test_add_func ("/dataset/resource/path-kept", test_resource_path_kept);
  g_test_add_func ("/dataset/resource/unknown", test_resource_unknown);
  g_test_add_func ("/dataset/resource/presets", test_diabetes_presets);
  g_test_add_func ("/dataset/split/synthetic", test_split_synthetic);
  g_test_add_func ("/dataset/split/csv", test_split_csv);
  g_test_add_func ("/dataset/split/empty-training", test_split_empty_training);

  return g_test_run ();
}
