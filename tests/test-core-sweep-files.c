/* The sweep's files (core/explore/lsg-sweep-csv.c): the descriptor and
 * the id it documents, rows read back bit for bit, a file being written
 * cut by a kill, rows refused for what they contradict, merge refusing
 * points not run and parts of another version, and a shard resumed from
 * its rows. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "lsg-design-file.h"
#include "lsg-metrics.h"
#include "lsg-sweep-private.h"
#include "lsg-test-util.h"

static LsgSweep *
map_sweep (guint mc)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis axes[2] = {
    sweep_axis ("circuit.i_eta=5e-10:2e-9:3:log"),
    sweep_axis ("circuit.i_lambda=5e-12:2e-11:2"),
  };

  return sweep_new (base, axes, 2, mc);
}

/* The descriptor reads back as the same sweep, and the id is the SHA-256
 * of the identity text the header documents, computed here by hand. */
static void
test_descriptor (void)
{
  g_autoptr(LsgSweep) s = map_sweep (2);
  g_autofree char *desc = lsg_sweep_to_descriptor (s);
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgSweep) back = lsg_sweep_new_from_descriptor (desc, "d.sweep.ini", &error);
  g_autofree char *design = lsg_params_to_data (lsg_sweep_get_base (s), NULL);
  g_autofree char *design_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, design, -1);
  g_autofree char *identity = g_strdup_printf ("logsgd sweep v3\nlogsgd-version=%s\n"
                                               "points=12\nmc=2\n"
                                               "axis=circuit.i_eta=5e-10:2e-09:3:log\n"
                                               "axis=circuit.i_lambda=5e-12:2e-11:2\n"
                                               "design-sha256=%s\n", LSG_VERSION, design_sha);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);
  g_autofree char *want_id = g_strdup_printf ("sw-%.16s", sha);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpstr (lsg_sweep_get_id (s), ==, want_id);
  g_assert_cmpstr (lsg_sweep_get_id (back), ==, want_id);
  g_assert_cmpstr (lsg_sweep_get_version (back), ==, LSG_VERSION);
  g_assert_true (lsg_params_equal (lsg_sweep_get_base (back), lsg_sweep_get_base (s)));
  g_assert_cmpuint (lsg_sweep_get_n_points (back), ==, 12);
  for (guint p = 0; p < 12; p++)
    {
      const LsgSweepResult *a = lsg_sweep_get_result (s, p), *b = lsg_sweep_get_result (back, p);

      g_assert_cmpfloat (a->values[0], ==, b->values[0]);
      g_assert_cmpfloat (a->values[1], ==, b->values[1]);
      g_assert_cmpuint (a->mc_seed, ==, b->mc_seed);
      g_assert_false (b->done);
    }
  again = lsg_sweep_to_descriptor (back);
  g_assert_cmpstr (again, ==, desc);
  /* beside the CSV */
  {
    g_autofree char *a = lsg_sweep_descriptor_path ("runs/part-3.csv");
    g_autofree char *b = lsg_sweep_descriptor_path ("part.CSV");
    g_autofree char *c = lsg_sweep_descriptor_path ("out");

    g_assert_cmpstr (a, ==, "runs/part-3.sweep.ini");
    g_assert_cmpstr (b, ==, "part.sweep.ini");
    g_assert_cmpstr (c, ==, "out.sweep.ini");
  }
  {
    static const struct {
      const char *from;
      const char *to;
      const char *message;
    } bad[] = {
      { "format=3", "format=2", "a sweep of format 2; this logsgd reads format 3" },
      { "points=12", "points=13", "points = 13, but its axes and Monte Carlo make 12" },
      { "mc=2", "mc=3", "but its axes and Monte Carlo make 18" },
      { "2e-11:2\n", "3e-11:2\n", "is not the id of what it describes" },
      { "\nepochs=2\n", "\nepochs=3\n", "the design point is not the one of design-sha256" },
      { "[sweep]", "[sweeps]", "not a sweep descriptor (it has no [sweep] group)" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GString) text = g_string_new (desc);
        g_autoptr(LsgSweep) none = NULL;

        g_assert_cmpint (g_string_replace (text, bad[i].from, bad[i].to, 1), ==, 1);
        none = lsg_sweep_new_from_descriptor (text->str, "d.sweep.ini", &error);
        g_assert_null (none);
        g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE);
        g_test_message ("%s: %s", bad[i].to, error->message);
        g_assert_nonnull (strstr (error->message, bad[i].message));
        g_clear_error (&error);
      }
  }
}

/* Rows read back are the results that wrote them, bit for bit; a file
 * being written loses only its cut last line. */
static void
test_read_rows (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis a = sweep_axis ("nonideal.i_floor=1e-12:1e-10:3:log");
  g_autoptr(LsgSweep) s = sweep_new (base, &a, 1, 2);
  g_autoptr(LsgSweep) back = sweep_new (base, &a, 1, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *again = NULL;
  const LsgSummaryField *fields;
  guint n_fields, n_rows = 0;
  gsize used = 0;

  sweep_run (s, 2, 1, 1);
  g_assert_cmpuint (lsg_sweep_get_n_failed (s), ==, 4);
  csv = lsg_sweep_to_csv (s, 1, 1);
  g_assert_true (lsg_sweep_read_csv (back, csv, "s.csv", 1, 1, LSG_SWEEP_READ_DEFAULT, &used,
                                     &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 6);
  g_assert_cmpuint (used, ==, strlen (csv));
  fields = lsg_summary_fields (&n_fields);
  for (guint p = 0; p < 6; p++)
    {
      const LsgSweepResult *x = lsg_sweep_get_result (s, p), *y = lsg_sweep_get_result (back, p);

      g_assert_true (y->done);
      g_assert_cmpstr (y->error == NULL ? "" : "failed", ==, x->error == NULL ? "" : "failed");
      for (guint k = 0; k < n_fields; k++)
        g_assert_true (same_double (G_STRUCT_MEMBER (double, &x->summary, fields[k].offset),
                                    G_STRUCT_MEMBER (double, &y->summary, fields[k].offset)));
      g_assert_true (same_double (x->estimate.power_w, y->estimate.power_w));
      g_assert_cmpuint (x->estimate.transistors, ==, y->estimate.transistors);
    }
  again = lsg_sweep_to_csv (back, 1, 1);
  g_assert_cmpstr (again, ==, csv);

  {
    /* the first three rows and a third of the fourth, as a kill leaves them */
    g_autoptr(LsgSweep) j = sweep_new (base, &a, 1, 2);
    const char *cut = csv;
    g_autofree char *text = NULL;

    for (guint l = 0; l < 4; l++)
      cut = strchr (cut, '\n') + 1;
    text = g_strndup (csv, cut - csv + 30);
    g_assert_true (lsg_sweep_read_csv (j, text, "s.csv.partial", 1, 1, LSG_SWEEP_READ_JOURNAL,
                                       &used, &n_rows, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_rows, ==, 3);
    g_assert_cmpuint (used, ==, cut - csv);
    g_assert_true (lsg_sweep_get_result (j, 2)->done);
    g_assert_false (lsg_sweep_get_result (j, 3)->done);
    /* a complete file may not be cut */
    g_autoptr(LsgSweep) k = sweep_new (base, &a, 1, 2);

    g_assert_false (lsg_sweep_read_csv (k, text, "s.csv", 1, 1,
                                        LSG_SWEEP_READ_DEFAULT, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "s.csv, line 5: the last line ends without a "
                                              "line break"));
    g_clear_error (&error);
  }
  {
    /* a file being written holds the shard's first points in order */
    g_autoptr(LsgSweep) j = sweep_new (base, &a, 1, 2);
    g_autoptr(LsgSweep) k = sweep_new (base, &a, 1, 2);
    g_autofree char *header = lsg_sweep_csv_header (s);
    g_autoptr(GString) text = g_string_new (header);

    lsg_sweep_append_csv_row (s, 1, text);
    lsg_sweep_append_csv_row (s, 0, text);
    g_assert_false (lsg_sweep_read_csv (j, text->str, "s.csv.partial", 1, 1,
                                        LSG_SWEEP_READ_JOURNAL, NULL, NULL, &error));
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE);
    g_assert_nonnull (strstr (error->message, "line 2: point 1 where the file being written "
                                              "has point 0 next"));
    g_clear_error (&error);
    /* and only its own */
    g_assert_false (lsg_sweep_read_csv (k, csv, "s.csv", 2, 2,
                                        LSG_SWEEP_READ_DEFAULT, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "line 2: point 0 is not one of shard 2/2"));
    g_clear_error (&error);
  }
  {
    /* a failed point with a figure, a good one's transistors not whole */
    g_autoptr(GString) failed = g_string_new (csv);
    g_autoptr(GString) frac = g_string_new (csv);
    g_autoptr(LsgSweep) t1 = sweep_new (base, &a, 1, 2);
    g_autoptr(LsgSweep) t2 = sweep_new (base, &a, 1, 2);

    g_assert_cmpint (g_string_replace (failed, "\n2,1e-11,0,1,1,nan,", "\n2,1e-11,0,1,1,1.5,", 1),
                     ==, 1);
    g_assert_false (lsg_sweep_read_csv (t1, failed->str, "s.csv", 1, 1, LSG_SWEEP_READ_DEFAULT,
                                        NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "line 4: point 2 failed, yet it has "
                                              "rel_mse_pct = 1.5"));
    g_clear_error (&error);
    g_assert_cmpint (g_string_replace (frac, ",748,", ",748.5,", 1), ==, 1);
    g_assert_false (lsg_sweep_read_csv (t2, frac->str, "s.csv", 1, 1, LSG_SWEEP_READ_DEFAULT,
                                        NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "transistors \xe2\x80\x9c" "748.5\xe2\x80\x9d "
                                              "is not a whole number"));
    g_clear_error (&error);
  }
}

/* merge refuses points that have not run and parts of another version. */
static void
test_merge_not_run_version (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  g_autoptr(LsgSweep) ran = sweep_new (base, NULL, 0, 4);
  g_autoptr(LsgSweep) not_run = sweep_new (base, NULL, 0, 4);
  g_autoptr(LsgSweep) older = sweep_new (base, NULL, 0, 4);
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL, *d1 = NULL, *d3 = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "a.csv", "b.csv" };

  sweep_run (ran, 1, 1, 2);
  sweep_run (older, 1, 2, 2);
  _lsg_sweep_set_identity (older, "0.0.9");
  c1 = lsg_sweep_to_csv (ran, 1, 2);
  d1 = lsg_sweep_to_descriptor (ran);
  c2 = lsg_sweep_to_csv (not_run, 2, 2);
  c3 = lsg_sweep_to_csv (older, 2, 2);
  d3 = lsg_sweep_to_descriptor (older);
  {
    const char *texts[] = { c1, c2 };
    const char *d[] = { d1, NULL };

    g_assert_false (lsg_sweep_merge_csv (texts, d, names, 2, &merged, NULL, &error));
    g_assert_nonnull (strstr (error->message, "b.csv, line 2: point 1 has not run"));
    g_clear_error (&error);
  }
  {
    const char *texts[] = { c1, c3 };
    const char *d[] = { d1, d3 };
    const char *d_none[] = { d1, NULL };

    g_assert_false (lsg_sweep_merge_csv (texts, d, names, 2, &merged, NULL, &error));
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "b.csv: another sweep than a.csv: written by "
                                              "logsgd 0.0.9, the other by logsgd " LSG_VERSION));
    g_clear_error (&error);
    g_assert_false (lsg_sweep_merge_csv (texts, d_none, names, 2, &merged, NULL, &error));
    g_assert_nonnull (strstr (error->message, "b.csv, line 2: sweep_id"));
    g_clear_error (&error);
  }
}

/* A message as one quoted field that readers splitting at every comma
 * or cutting at '#' keep whole: commas become semicolons, '#' the
 * fullwidth sign, line breaks spaces, quotes doubled; read back as
 * written. */
static void
test_error_field (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  g_autoptr(LsgSweep) s = sweep_new (base, NULL, 0, 0);
  g_autoptr(LsgSweep) back = sweep_new (base, NULL, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *again = NULL;
  g_autofree char *want = NULL;

  s->results[0].done = TRUE;
  s->results[0].error = g_strdup ("a, b #2\r\nsaid \"no\"");
  csv = lsg_sweep_to_csv (s, 1, 1);
  want = g_strdup_printf (",\"a; b \xef\xbc\x83" "2  said \"\"no\"\"\",%s,%s\n",
                          lsg_sweep_get_id (s), LSG_VERSION);
  g_assert_true (g_str_has_suffix (csv, want));
  g_assert_true (lsg_sweep_read_csv (back, csv, "e.csv", 1, 1, LSG_SWEEP_READ_DEFAULT, NULL,
                                     NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lsg_sweep_get_result (back, 0)->error, ==,
                   "a; b \xef\xbc\x83" "2  said \"no\"");
  again = lsg_sweep_to_csv (back, 1, 1);
  g_assert_cmpstr (again, ==, csv);
}

static void
count_point_done (guint    index,
                  gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, index);
}

/* A shard resumed from half its rows: only the rest runs, and the file
 * is the one an uninterrupted run writes. */
static void
test_run_pending (void)
{
  g_autoptr(LsgSweep) whole = map_sweep (2);
  g_autoptr(LsgSweep) half = map_sweep (2);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *first = NULL;
  g_autofree char *resumed = NULL;
  const char *cut;

  sweep_run (whole, 2, 2, 3);
  csv = lsg_sweep_to_csv (whole, 2, 3);
  /* the header and two of the shard's four rows */
  cut = strchr (strchr (strchr (csv, '\n') + 1, '\n') + 1, '\n') + 1;
  first = g_strndup (csv, cut - csv);
  g_assert_true (lsg_sweep_read_csv (half, first, "p", 2, 3, LSG_SWEEP_READ_JOURNAL, NULL, NULL,
                                     &error));
  g_assert_no_error (error);
  g_assert_true (lsg_sweep_run_pending (half, 2, 2, 3, NULL, count_point_done, seen, NULL,
                                        &error));
  g_assert_no_error (error);
  /* points 1 and 4 were read; 7 and 10 ran */
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpuint (g_array_index (seen, guint, 0) + g_array_index (seen, guint, 1), ==, 17);
  resumed = lsg_sweep_to_csv (half, 2, 3);
  g_assert_cmpstr (resumed, ==, csv);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/sweep-files/descriptor", test_descriptor);
  g_test_add_func ("/sweep-files/read-rows", test_read_rows);
  g_test_add_func ("/sweep-files/merge-not-run-version", test_merge_not_run_version);
  g_test_add_func ("/sweep-files/error-field", test_error_field);
  g_test_add_func ("/sweep-files/run-pending", test_run_pending);
  return g_test_run ();
}
