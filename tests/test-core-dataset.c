/* test-core-dataset.c: synthetic and CSV data sets (MODEL.md section 1).
 *
 * Expected values are worked out by hand from the fixtures in data/;
 * the scaled CSV values are exact (divisions by powers of two).
 */
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

/* Synthetic data */

static void
test_synthetic_sizes (void)
{
  g_autoptr(LsgParams) params = dataset_synthetic_params (3, 50, TRUE, 0.05, 7);
  g_autoptr(LsgDataset) dataset = dataset_load_ok (params);
  g_autoptr(LsgParams) no_bias = dataset_synthetic_params (3, 50, FALSE, 0.05, 7);
  g_autoptr(LsgDataset) plain = dataset_load_ok (no_bias);
  gboolean seen_negative = FALSE, seen_positive = FALSE;

  g_assert_cmpuint (dataset->n_features, ==, 3);
  g_assert_cmpuint (dataset->n_weights, ==, 4);
  g_assert_cmpuint (dataset->n_train, ==, 50);
  g_assert_cmpuint (dataset->n_test, ==, 0);
  g_assert_nonnull (dataset->w_true);
  g_assert_cmpstr (dataset->target_name, ==, "y");
  g_assert_cmpuint (g_strv_length (dataset->feature_names), ==, 3);
  g_assert_cmpstr (dataset->feature_names[0], ==, "x0");
  g_assert_cmpstr (dataset->feature_names[1], ==, "x1");
  g_assert_cmpstr (dataset->feature_names[2], ==, "x2");
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat (dataset->x_scale[j], ==, 1.0);

  for (guint k = 0; k < 50; k++)
    {
      const double *x = lsg_dataset_row (dataset, k);

      for (guint j = 0; j < 3; j++)
        {
          g_assert_cmpfloat (x[j], >=, -1.0);
          g_assert_cmpfloat (x[j], <=, 1.0);
          seen_negative |= x[j] < -0.5;
          seen_positive |= x[j] > 0.5;
        }
      /* The bias input is exactly one, never drawn or scaled. */
      g_assert_cmpfloat (x[3], ==, 1.0);
      g_assert_cmpfloat (fabs (dataset->y[k]), <=, 1.0);
    }
  /* 150 uniform draws cover both ends of [-1, 1]. */
  g_assert_true (seen_negative && seen_positive);

  g_assert_cmpuint (plain->n_features, ==, 3);
  g_assert_cmpuint (plain->n_weights, ==, 3);
}

static void
test_synthetic_seed (void)
{
  g_autoptr(LsgParams) params = dataset_synthetic_params (4, 100, TRUE, 0.1, 11);
  g_autoptr(LsgDataset) a = dataset_load_ok (params);
  g_autoptr(LsgDataset) b = dataset_load_ok (params);
  g_autoptr(LsgDataset) c = NULL;
  gsize n_x = (gsize) 100 * a->n_weights;
  guint differ = 0;

  assert_same_dataset (a, b);
  g_assert_cmpmem (a->w_true, a->n_weights * sizeof (double),
                   b->w_true, b->n_weights * sizeof (double));

  params->seed = 12;
  c = dataset_load_ok (params);
  for (gsize i = 0; i < n_x; i++)
    differ += a->x[i] != c->x[i];
  /* Only the 100 bias entries may coincide. */
  g_assert_cmpuint (differ, ==, n_x - 100);
  g_assert_true (memcmp (a->w_true, c->w_true, a->n_weights * sizeof (double)) != 0);
}

/* y = w_true . x with noise = 0, and y_scale = max (1, max |y|). */
static void
check_noiseless (const LsgDataset *dataset)
{
  double y_max = 0;

  for (guint k = 0; k < dataset_n_rows (dataset); k++)
    {
      const double *x = lsg_dataset_row (dataset, k);
      double dot = 0, size = 0;

      for (guint j = 0; j < dataset->n_weights; j++)
        {
          dot += dataset->w_true[j] * x[j];
          size += fabs (dataset->w_true[j] * x[j]);
        }
      /* Relative to the sum of |terms|: the bound of the rounding of a
       * dot product, also where the terms cancel. */
      g_assert_cmpfloat (fabs (dataset->y[k] - dot), <=, 1e-12 * size);
      y_max = MAX (y_max, fabs (dataset->y[k]));
    }
  g_assert_cmpfloat (y_max, <=, 1.0);
  if (dataset->y_scale > 1.0)
    {
      /* The largest target was divided by itself. */
      g_assert_cmpfloat (y_max, ==, 1.0);
    }
  else
    g_assert_cmpfloat (dataset->y_scale, ==, 1.0);
}

static void
test_synthetic_scale (void)
{
  /* Eight inputs and a bias, weights and inputs in [-1, 1]: |y| up to 9,
   * so some of 200 samples exceed 1 and the targets get divided. */
  g_autoptr(LsgParams) wide = dataset_synthetic_params (8, 200, TRUE, 0, 1);
  g_autoptr(LsgDataset) divided = dataset_load_ok (wide);
  /* One input, no bias: |y| = |w x| <= 1, so nothing is divided. */
  g_autoptr(LsgParams) narrow = dataset_synthetic_params (1, 200, FALSE, 0, 1);
  g_autoptr(LsgDataset) kept = dataset_load_ok (narrow);

  g_assert_cmpfloat (divided->y_scale, >, 1.0);
  check_noiseless (divided);
  for (guint j = 0; j < divided->n_weights; j++)
    g_assert_cmpfloat (fabs (divided->w_true[j]), <=, 1.0 / divided->y_scale);

  g_assert_cmpfloat (kept->y_scale, ==, 1.0);
  check_noiseless (kept);
}

static void
test_synthetic_noise (void)
{
  const guint n = 20000;
  const double noise = 0.1;
  g_autoptr(LsgParams) params = dataset_synthetic_params (2, n, TRUE, noise, 5);
  g_autoptr(LsgDataset) noisy = dataset_load_ok (params);
  g_autoptr(LsgDataset) clean = NULL;
  double sum = 0, sum2 = 0, mean, sd, sd_expected;

  for (guint k = 0; k < n; k++)
    {
      const double *x = lsg_dataset_row (noisy, k);
      double r = noisy->y[k];

      for (guint j = 0; j < noisy->n_weights; j++)
        r -= noisy->w_true[j] * x[j];
      sum += r;
      sum2 += r * r;
    }
  mean = sum / n;
  sd = sqrt (sum2 / n - mean * mean);
  sd_expected = noise / noisy->y_scale;
  /* The sample sd of 20000 normals is within 0.5 % (one sigma) of the
   * true one; 5 % is ten sigma.  The mean is within 5 sigma of zero. */
  g_assert_cmpfloat (fabs (sd / sd_expected - 1), <, 0.05);
  g_assert_cmpfloat (fabs (mean), <, 5 * sd_expected / sqrt (n));

  /* The noise level changes the targets only, not the inputs. */
  params->noise = 0;
  clean = dataset_load_ok (params);
  g_assert_cmpmem (noisy->x, (gsize) n * noisy->n_weights * sizeof (double),
                   clean->x, (gsize) n * clean->n_weights * sizeof (double));
}

/* CSV files */

/* small.csv:     a,  b,   y
 *                1, -2, 0.5
 *               -4,  1,   2
 *                2, 0.5, -1
 * maxabs divides a by 4, b by 2, y by 2. */
static void
check_small_maxabs (const LsgDataset *dataset)
{
  const double x[3][2] = { { 0.25, -1 }, { -1, 0.5 }, { 0.5, 0.25 } };
  const double y[3] = { 0.25, 1, -0.5 };

  g_assert_cmpuint (dataset->n_features, ==, 2);
  g_assert_cmpuint (dataset->n_weights, ==, 2);
  g_assert_cmpuint (dataset->n_train, ==, 3);
  g_assert_cmpuint (dataset->n_test, ==, 0);
  g_assert_null (dataset->w_true);
  g_assert_cmpstr (dataset->feature_names[0], ==, "a");
  g_assert_cmpstr (dataset->feature_names[1], ==, "b");
  g_assert_null (dataset->feature_names[2]);
  g_assert_cmpstr (dataset->target_name, ==, "y");
  g_assert_cmpfloat (dataset->x_scale[0], ==, 4);
  g_assert_cmpfloat (dataset->x_scale[1], ==, 2);
  g_assert_cmpfloat (dataset->y_scale, ==, 2);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat (lsg_dataset_row (dataset, k)[0], ==, x[k][0]);
      g_assert_cmpfloat (lsg_dataset_row (dataset, k)[1], ==, x[k][1]);
      g_assert_cmpfloat (dataset->y[k], ==, y[k]);
    }
}

static void
test_csv_maxabs (void)
{
  g_autoptr(LsgParams) params = dataset_csv_params ("small.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) dataset = dataset_load_ok (params);
  g_autoptr(LsgDataset) with_bias = NULL;

  check_small_maxabs (dataset);

  params->bias_input = TRUE;
  with_bias = dataset_load_ok (params);
  g_assert_cmpuint (with_bias->n_features, ==, 2);
  g_assert_cmpuint (with_bias->n_weights, ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      const double *x = lsg_dataset_row (with_bias, k);

      g_assert_cmpfloat (x[0], ==, lsg_dataset_row (dataset, k)[0]);
      g_assert_cmpfloat (x[1], ==, lsg_dataset_row (dataset, k)[1]);
      g_assert_cmpfloat (x[2], ==, 1.0);
    }
}

/* unit.csv:      u, z,    v,    t
 *              0.5, 0,   -1,    1
 *            -0.25, 0,  0.5, 0.75
 *                0, 0, 0.25, -0.5 */
static void
test_csv_none (void)
{
  const double x[3][3] = { { 0.5, 0, -1 }, { -0.25, 0, 0.5 }, { 0, 0, 0.25 } };
  const double y[3] = { 1, 0.75, -0.5 };
  g_autoptr(LsgParams) params = dataset_csv_params ("unit.csv", "", LSG_SCALE_NONE);
  g_autoptr(LsgDataset) dataset = dataset_load_ok (params);
  g_autoptr(LsgDataset) scaled = NULL;

  g_assert_cmpuint (dataset->n_features, ==, 3);
  g_assert_cmpstr (dataset->target_name, ==, "t");
  g_assert_cmpfloat (dataset->y_scale, ==, 1);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat (dataset->x_scale[j], ==, 1);
  for (guint k = 0; k < 3; k++)
    {
      for (guint j = 0; j < 3; j++)
        g_assert_cmpfloat (lsg_dataset_row (dataset, k)[j], ==, x[k][j]);
      g_assert_cmpfloat (dataset->y[k], ==, y[k]);
    }

  /* maxabs: u is divided by 0.5, the zero column z by 1. */
  params->scale = LSG_SCALE_MAXABS;
  scaled = dataset_load_ok (params);
  g_assert_cmpfloat (scaled->x_scale[0], ==, 0.5);
  g_assert_cmpfloat (scaled->x_scale[1], ==, 1);
  g_assert_cmpfloat (scaled->x_scale[2], ==, 1);
  g_assert_cmpfloat (scaled->y_scale, ==, 1);
  g_assert_cmpfloat (lsg_dataset_row (scaled, 0)[0], ==, 1);
  g_assert_cmpfloat (lsg_dataset_row (scaled, 1)[0], ==, -0.5);
  g_assert_cmpfloat (lsg_dataset_row (scaled, 1)[1], ==, 0);
}

static void
test_csv_crlf_bom_quoted (void)
{
  g_autoptr(LsgParams) plain_params = dataset_csv_params ("small.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(LsgParams) params = dataset_csv_params ("small-crlf-bom-quoted.csv", NULL,
                                            LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) plain = dataset_load_ok (plain_params);
  g_autoptr(LsgDataset) dataset = dataset_load_ok (params);

  check_small_maxabs (dataset);
  assert_same_dataset (dataset, plain);
}

static void
test_csv_target (void)
{
  g_autoptr(LsgParams) params = dataset_csv_params ("small.csv", "a", LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) by_name = dataset_load_ok (params);
  g_autoptr(LsgDataset) by_index = NULL;
  g_autoptr(LsgDataset) middle = NULL;
  g_autoptr(LsgDataset) last = NULL;
  /* Target a (1, -4, 2) / 4; features b / 2 and y / 2. */
  const double x[3][2] = { { -1, 0.25 }, { 0.5, 1 }, { 0.25, -0.5 } };
  const double y[3] = { 0.25, -1, 0.5 };

  g_assert_cmpstr (by_name->target_name, ==, "a");
  g_assert_cmpstr (by_name->feature_names[0], ==, "b");
  g_assert_cmpstr (by_name->feature_names[1], ==, "y");
  g_assert_cmpfloat (by_name->y_scale, ==, 4);
  g_assert_cmpfloat (by_name->x_scale[0], ==, 2);
  g_assert_cmpfloat (by_name->x_scale[1], ==, 2);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat (lsg_dataset_row (by_name, k)[0], ==, x[k][0]);
      g_assert_cmpfloat (lsg_dataset_row (by_name, k)[1], ==, x[k][1]);
      g_assert_cmpfloat (by_name->y[k], ==, y[k]);
    }

  g_free (params->target);
  params->target = g_strdup ("1");
  by_index = dataset_load_ok (params);
  g_assert_cmpstr (by_index->target_name, ==, "a");
  assert_same_dataset (by_index, by_name);

  g_free (params->target);
  params->target = g_strdup ("2");
  middle = dataset_load_ok (params);
  g_assert_cmpstr (middle->target_name, ==, "b");
  g_assert_cmpstr (middle->feature_names[0], ==, "a");
  g_assert_cmpstr (middle->feature_names[1], ==, "y");
  g_assert_cmpfloat (middle->y[0], ==, -1);

  g_free (params->target);
  params->target = g_strdup ("y");
  last = dataset_load_ok (params);
  check_small_maxabs (last);
}

static void
test_csv_header (void)
{
  g_autofree char *small = data_path ("small.csv");
  g_autofree char *crlf = data_path ("small-crlf-bom-quoted.csv");
  g_autofree char *quoted = data_path ("quoted-names.csv");
  g_autofree char *empty = data_path ("bad-empty.csv");
  g_autofree char *missing = data_path ("no-such-file.csv");
  const char *const expected_small[] = { "a", "b", "y", NULL };
  const char *const expected_quoted[] = { "x, first", "say \"hi\"", "target", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(LsgParams) params = dataset_csv_params ("quoted-names.csv", "say \"hi\"",
                                            LSG_SCALE_NONE);
  g_autoptr(LsgDataset) dataset = NULL;

  names = lsg_dataset_csv_header (small, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (names, expected_small);
  g_clear_pointer (&names, g_strfreev);

  names = lsg_dataset_csv_header (crlf, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (names, expected_small);
  g_clear_pointer (&names, g_strfreev);

  names = lsg_dataset_csv_header (quoted, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (names, expected_quoted);
  g_clear_pointer (&names, g_strfreev);

  /* A name with a comma and quotes selects its column. */
  dataset = dataset_load_ok (params);
  g_assert_cmpstr (dataset->target_name, ==, "say \"hi\"");
  g_assert_cmpstr (dataset->feature_names[0], ==, "x, first");
  g_assert_cmpfloat (dataset->y[0], ==, 0.25);

  names = lsg_dataset_csv_header (empty, &error);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FORMAT);
  g_assert_null (names);
  g_assert_nonnull (strstr (error->message, "bad-empty.csv"));
  g_clear_error (&error);

  names = lsg_dataset_csv_header (missing, &error);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE);
  g_assert_null (names);
  g_assert_nonnull (strstr (error->message, "no-such-file.csv"));
}

static void
test_csv_base_dir (void)
{
  g_autoptr(LsgParams) params = dataset_csv_params ("small.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) dataset = NULL;

  g_free (params->csv);
  params->csv = g_strdup ("small.csv");
  params->base_dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  dataset = dataset_load_ok (params);
  check_small_maxabs (dataset);
}

static void
test_csv_missing_file (void)
{
  g_autoptr(LsgParams) params = dataset_csv_params ("no-such-file.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgDataset) dataset = lsg_dataset_new_from_params (params, &error);

  g_assert_null (dataset);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "no-such-file.csv"));
  g_clear_error (&error);

  /* A directory is not a readable file either. */
  g_free (params->csv);
  params->csv = g_test_build_filename (G_TEST_DIST, "data", NULL);
  dataset = lsg_dataset_new_from_params (params, &error);
  g_assert_null (dataset);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE);
}

/* More than 10^7 cells: a header of 1000 columns, then lines of 1000
 * zeros.  The header and 9999 lines (lines 2 to 10000) hold exactly
 * 10^7 cells; line 10001 is refused. */
static void
test_csv_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(LsgParams) params = dataset_csv_params ("small.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) dataset = NULL;
  GString *line = g_string_new (NULL);
  FILE *file;

  path = g_build_filename (dir, "huge.csv", NULL);
  file = g_fopen (path, "w");
  g_assert_nonnull (file);
  for (guint j = 0; j < 1000; j++)
    g_string_append_printf (line, "%sc%u", j > 0 ? "," : "", j);
  fprintf (file, "%s\n", line->str);
  g_string_truncate (line, 0);
  for (guint j = 0; j < 1000; j++)
    g_string_append (line, j > 0 ? ",0" : "0");
  for (guint k = 0; k < 10001; k++)
    fprintf (file, "%s\n", line->str);
  g_assert_cmpint (fclose (file), ==, 0);
  g_string_free (line, TRUE);

  g_free (params->csv);
  params->csv = g_strdup (path);
  dataset = lsg_dataset_new_from_params (params, &error);
  g_assert_null (dataset);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "huge.csv"));
  g_assert_nonnull (strstr (error->message, "line 10001"));
  g_assert_nonnull (strstr (error->message, "10000000 cells"));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A CSV of width columns (c0, c1, ...; the last is the target) and
 * n_rows rows whose value in row k, column j is (k + 1) * (j + 1), or
 * text that is no number when bad_rows is set. */
static char *
write_wide_csv (const char *dir,
                const char *name,
                guint       width,
                guint       n_rows,
                gboolean    bad_rows)
{
  char *path = g_build_filename (dir, name, NULL);
  GString *text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint j = 0; j < width; j++)
    g_string_append_printf (text, "%sc%u", j > 0 ? "," : "", j);
  g_string_append_c (text, '\n');
  for (guint k = 0; k < n_rows; k++)
    {
      for (guint j = 0; j < width; j++)
        {
          if (j > 0)
            g_string_append_c (text, ',');
          if (bad_rows)
            g_string_append (text, "oops");
          else
            g_string_append_printf (text, "%u", (k + 1) * (j + 1));
        }
      g_string_append_c (text, '\n');
    }
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  g_string_free (text, TRUE);
  return path;
}

/* One feature column over LSG_DATASET_MAX_FEATURES is refused from the
 * header alone; exactly at the limit loads. */
static void
test_csv_feature_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *over = NULL;
  g_autofree char *at = NULL;
  g_autofree char *count = NULL;
  g_autofree char *limit = NULL;
  g_autoptr(LsgParams) params = dataset_csv_params ("small.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) dataset = NULL;
  g_auto(GStrv) names = NULL;
  const guint n = LSG_DATASET_MAX_FEATURES;

  /* The rows are no numbers: refusing this file for its width shows the
   * header was checked before any row was read. */
  over = write_wide_csv (dir, "over.csv", n + 2, 3, TRUE);
  at = write_wide_csv (dir, "at.csv", n + 1, 3, FALSE);
  count = g_strdup_printf ("%u columns, %u features", n + 2, n + 1);
  limit = g_strdup_printf ("at most %u feature columns", n);

  g_free (params->csv);
  params->csv = g_strdup (over);
  dataset = lsg_dataset_new_from_params (params, &error);
  g_assert_null (dataset);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_LIMIT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "over.csv"));
  g_assert_nonnull (strstr (error->message, count));
  g_assert_nonnull (strstr (error->message, limit));
  g_clear_error (&error);

  /* The explorer reads the header to offer target columns: refused too. */
  names = lsg_dataset_csv_header (over, &error);
  g_assert_null (names);
  g_assert_error (error, LSG_DATASET_ERROR, LSG_DATASET_ERROR_LIMIT);
  g_clear_error (&error);

  g_free (params->csv);
  params->csv = g_strdup (at);
  params->bias_input = TRUE;
  dataset = dataset_load_ok (params);
  g_assert_cmpuint (dataset->n_features, ==, n);
  g_assert_cmpuint (dataset->n_weights, ==, n + 1);
  g_assert_cmpuint (dataset_n_rows (dataset), ==, 3);
  g_free (count);
  count = g_strdup_printf ("c%u", n);
  g_assert_cmpstr (dataset->target_name, ==, count);
  g_free (count);
  count = g_strdup_printf ("c%u", n - 1);
  g_assert_cmpstr (dataset->feature_names[n - 1], ==, count);
  /* Column j holds (k + 1) (j + 1) and is divided by its largest value,
   * 3 (j + 1): row k reads (k + 1) / 3 in every column. */
  for (guint k = 0; k < 3; k++)
    {
      const double *x = lsg_dataset_row (dataset, k);

      for (guint j = 0; j < n; j += 341)
        g_assert_cmpfloat_with_epsilon (x[j], (k + 1) / 3.0, 1e-15);
      g_assert_cmpfloat (x[n], ==, 1.0);
      g_assert_cmpfloat_with_epsilon (dataset->y[k], (k + 1) / 3.0, 1e-15);
    }
  g_assert_cmpfloat (dataset->x_scale[n - 1], ==, 3.0 * n);

  g_assert_cmpint (g_remove (over), ==, 0);
  g_assert_cmpint (g_remove (at), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Bad files: each error names the file and the place. */

typedef struct {
  const char *file;
  const char *target;
  LsgScale    scale;
  int         code;
  const char *needles[5];
} BadCase;

static const BadCase bad_cases[] = {
  { "bad-empty.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-empty.csv", "empty" } },
  { "bad-header-only.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-header-only.csv", "line 1", "no data" } },
  { "bad-ragged.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-ragged.csv", "line 3", "expected 3 fields", "got 2" } },
  { "bad-ragged-long.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-ragged-long.csv", "line 2", "expected 3 fields", "got 4" } },
  { "bad-text.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-text.csv", "line 3", "column 2 (“b”)", "“abc”", "not a number" } },
  { "bad-nan.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_VALUE,
    { "bad-nan.csv", "line 4", "column 1 (“a”)", "“NaN”", "finite numbers only" } },
  { "bad-inf.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_VALUE,
    { "bad-inf.csv", "line 3", "column 3 (“y”)", "“-inf”", "finite numbers only" } },
  { "bad-range-none.csv", NULL, LSG_SCALE_NONE, LSG_DATASET_ERROR_VALUE,
    { "bad-range-none.csv", "line 3", "column 2 (“b”)", "1.5 is outside [-1, 1]",
      "scale = maxabs" } },
  { "bad-empty-field.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-empty-field.csv", "line 2", "column 2 (“b”)", "empty field" } },
  { "small.csv", "nonexistent", LSG_SCALE_MAXABS, LSG_DATASET_ERROR_TARGET,
    { "small.csv", "“nonexistent”", "not in the header", "“a”, “b”, “y”" } },
  { "small.csv", "4", LSG_SCALE_MAXABS, LSG_DATASET_ERROR_TARGET,
    { "small.csv", "index 4", "1 to 3" } },
  { "bad-blank-line.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-blank-line.csv", "line 3 is empty" } },
  { "bad-blank-first-line.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-blank-first-line.csv", "line 1 is empty", "header" } },
  { "bad-unterminated-quote.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-unterminated-quote.csv", "line 3", "column 2", "no closing quote" } },
  { "bad-empty-name.csv", NULL, LSG_SCALE_MAXABS, LSG_DATASET_ERROR_FORMAT,
    { "bad-empty-name.csv", "line 1", "column 2", "empty column name" } },
};

static void
test_csv_bad (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(LsgParams) params = dataset_csv_params (bad->file, bad->target, bad->scale);
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgDataset) dataset = lsg_dataset_new_from_params (params, &error);

  g_assert_null (dataset);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_error_matches (error, LSG_DATASET_ERROR, bad->code));
  for (guint i = 0; i < G_N_ELEMENTS (bad->needles) && bad->needles[i] != NULL; i++)
    {
      if (strstr (error->message, bad->needles[i]) == NULL)
        g_error ("message “%s” lacks “%s”", error->message, bad->needles[i]);
    }
}

/* The out-of-range file is fine once scaled: b is divided by 1.5. */
static void
test_csv_range_maxabs (void)
{
  g_autoptr(LsgParams) params = dataset_csv_params ("bad-range-none.csv", NULL, LSG_SCALE_MAXABS);
  g_autoptr(LsgDataset) dataset = dataset_load_ok (params);

  g_assert_cmpfloat (dataset->x_scale[1], ==, 1.5);
  g_assert_cmpfloat (lsg_dataset_row (dataset, 1)[1], ==, 1.0);
  g_assert_cmpfloat (lsg_dataset_row (dataset, 0)[1], ==, -0.5 / 1.5);
}

static void
test_free_null (void)
{
  lsg_dataset_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset/synthetic/sizes", test_synthetic_sizes);
  g_test_add_func ("/dataset/synthetic/seed", test_synthetic_seed);
  g_test_add_func ("/dataset/synthetic/scale", test_synthetic_scale);
  g_test_add_func ("/dataset/synthetic/noise", test_synthetic_noise);
  g_test_add_func ("/dataset/csv/maxabs", test_csv_maxabs);
  g_test_add_func ("/dataset/csv/none", test_csv_none);
  g_test_add_func ("/dataset/csv/crlf-bom-quoted", test_csv_crlf_bom_quoted);
  g_test_add_func ("/dataset/csv/target", test_csv_target);
  g_test_add_func ("/dataset/csv/header", test_csv_header);
  g_test_add_func ("/dataset/csv/base-dir", test_csv_base_dir);
  g_test_add_func ("/dataset/csv/missing-file", test_csv_missing_file);
  g_test_add_func ("/dataset/csv/too-large", test_csv_too_large);
  g_test_add_func ("/dataset/csv/feature-limit", test_csv_feature_limit);
  g_test_add_func ("/dataset/csv/range-maxabs", test_csv_range_maxabs);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bad = &bad_cases[i];
      g_autofree char *name = NULL;

      if (bad->target != NULL)
        name = g_strdup_printf ("/dataset/csv/bad/target-%s", bad->target);
      else
        name = g_strdup_printf ("/dataset/csv/bad/%.*s", (int) strlen (bad->file) - 4, bad->file);

      g_test_add_data_func (name, bad, test_csv_bad);
    }
  g_test_add_func ("/dataset/free-null", test_free_null);

  return g_test_run ();
}
