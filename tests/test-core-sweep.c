/* The sweep engine (core/explore/lsg-sweep*.c): points against single runs of the
 * simulation core, independence from the thread count, shards and their
 * merge, Monte Carlo, failed points, axis parsing, and the Pareto front
 * against a hand-computed subset. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "lsg-dataset.h"
#include "lsg-design-file.h"
#include "lsg-estimate.h"
#include "lsg-metrics.h"
#include "lsg-sim.h"
#include "lsg-sweep.h"
#include "lsg-test-util.h"

/* One point run alone, as `logsgd run` does it. */
static void
run_single (const LsgParams *params,
            LsgSummary      *summary,
            LsgEstimate     *estimate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgDataset) dataset = lsg_dataset_new_from_params (params, &error);
  g_autoptr(LsgSim) sim = NULL;

  g_assert_no_error (error);
  sim = lsg_sim_new (params, dataset, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_sim_run (sim, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lsg_summary_compute (sim, summary);
  lsg_estimate_compute (params, dataset->n_weights, summary->mean_cell_current_a,
                        summary->t_converge_s, estimate);
}

static void
test_axis_parse (void)
{
  LsgSweepAxis a;
  static const struct {
    const char *text;
    const char *needle;   /* in the message */
  } bad[] = {
    { "circuit.i_eta", "GROUP.KEY=FROM:TO:N" },
    { "=1:2:3", "GROUP.KEY=FROM:TO:N" },
    { "circuit.i_etaa=1e-10:1e-9:3", "no key circuit.i_etaa" },
    { "circuit=1e-10:1e-9:3", "no key circuit" },
    { "nonideal.mismatch=0:1:2", "not numeric" },
    { "dataset.kind=0:1:2", "not numeric" },
    { "circuit.i_eta=1e-10:1e-9", "GROUP.KEY=FROM:TO:N" },
    { "circuit.i_eta=1e-10:1e-9:3:log:x", "GROUP.KEY=FROM:TO:N" },
    { "circuit.i_eta=abc:1e-9:3", "FROM" },
    { "circuit.i_eta=1e-10:nan:3", "TO" },
    { "circuit.i_eta=1e-10:1e-9:0", "N \xe2\x80\x9c" "0" },
    { "circuit.i_eta=1e-10:1e-9:-3", "N \xe2\x80\x9c" },
    { "circuit.i_eta=1e-10:1e-9:3.5", "N \xe2\x80\x9c" },
    { "circuit.i_eta=1e-10:1e-9:3:cubic", "use log or lin" },
    { "circuit.i_cm=0:1e-9:3:log", "above 0" },
    { "circuit.i_eta=1e-10:1:3", "out of the range" },
    { "dataset.epochs=0:5:3", "out of the range" },
    { "circuit.i_eta=10pF:1n:3", "FROM \xe2\x80\x9c" "10pF\xe2\x80\x9d has another unit than "
                                 "[circuit] i_eta's A" },
    { "circuit.i_eta=10p:1nV:3", "TO \xe2\x80\x9c" "1nV\xe2\x80\x9d has another unit" },
    { "lambda=1mA:1:3", "has another unit than derived.lambda's (none)" },
  };

  g_assert_true (lsg_sweep_axis_parse ("circuit.i_eta=1e-10:1e-8:9:log", &a, NULL));
  g_assert_cmpstr (a.spec->group, ==, "circuit");
  g_assert_cmpstr (a.spec->key, ==, "i_eta");
  g_assert_cmpfloat (a.from, ==, 1e-10);
  g_assert_cmpfloat (a.to, ==, 1e-8);
  g_assert_cmpuint (a.n, ==, 9);
  g_assert_true (a.log);
  /* the ends exactly; inside, the geometric series to rounding (1e-15) */
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 0), ==, 1e-10);
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 8), ==, 1e-8);
  g_assert_cmpfloat_with_epsilon (lsg_sweep_axis_value (&a, 4) / 1e-9, 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (lsg_sweep_axis_value (&a, 2) / pow (10, -9.5), 1.0, 1e-15);
  {
    g_autofree char *text = lsg_sweep_axis_to_string (&a);

    g_assert_cmpstr (text, ==, "circuit.i_eta=1e-10:1e-08:9:log");
  }

  g_assert_true (lsg_sweep_axis_parse ("circuit.i_lambda=0:1e-10:5:lin", &a, NULL));
  g_assert_false (a.log);
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 2), ==, 0.5e-10);
  g_assert_true (lsg_sweep_axis_parse ("circuit.i_lambda=2e-11:1e-11:1", &a, NULL));
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 0), ==, 2e-11);

  /* whole-number keys round: 1, 1.5 -> 2, 2 */
  g_assert_true (lsg_sweep_axis_parse ("dataset.epochs=1:2:3", &a, NULL));
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 0), ==, 1);
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 1), ==, 2);
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 2), ==, 2);
  /* engineering notation in the key's unit, as --set reads it */
  g_assert_true (lsg_sweep_axis_parse ("circuit.i_eta=10p:100nA:9:log", &a, NULL));
  g_assert_cmpfloat (a.from, ==, 1e-11);
  g_assert_cmpfloat (a.to, ==, 1e-7);
  g_assert_true (lsg_sweep_axis_parse ("circuit.temperature=280 K:340K:3", &a, NULL));
  g_assert_cmpfloat (a.from, ==, 280);
  g_assert_cmpfloat (a.to, ==, 340);
  g_assert_true (lsg_sweep_axis_parse ("lambda=1m:100m:3:log", &a, NULL));
  g_assert_cmpfloat (a.from, ==, 1e-3);
  g_assert_cmpfloat (a.to, ==, 0.1);
  g_assert_true (lsg_sweep_axis_parse ("nonideal.mc_seed=1:100:4:log", &a, NULL));
  g_assert_cmpfloat (lsg_sweep_axis_value (&a, 1), ==, 5);   /* 100^(1/3) = 4.64 */

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (lsg_sweep_axis_parse (bad[i].text, &a, &error));
      g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_AXIS);
      g_test_message ("%s: %s", bad[i].text, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].text));
      if (strstr (error->message, bad[i].needle) == NULL)
        g_error ("%s: the message \xe2\x80\x9c%s\xe2\x80\x9d does not say \xe2\x80\x9c%s\xe2\x80\x9d",
                 bad[i].text, error->message, bad[i].needle);
    }
}

static void
test_setup_errors (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis axes[3] = {
    sweep_axis ("circuit.i_eta=1e-10:1e-9:2"),
    sweep_axis ("circuit.i_eta=1e-10:1e-9:3"),
    sweep_axis ("nonideal.mc_seed=1:10:2"),
  };
  g_autoptr(GError) error = NULL;

  g_assert_null (lsg_sweep_new (base, axes, 2, 0, &error));
  g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP);
  g_assert_nonnull (strstr (error->message, "i_eta is swept twice"));
  g_clear_error (&error);

  g_assert_null (lsg_sweep_new (base, axes + 2, 1, 4, &error));
  g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP);
  g_assert_nonnull (strstr (error->message, "mc_seed"));
  g_clear_error (&error);

  g_assert_null (lsg_sweep_new (base, axes, 3, 0, &error));
  g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP);
  g_clear_error (&error);

  base->mc_seed = 4294967290u;
  g_assert_null (lsg_sweep_new (base, NULL, 0, 10, &error));
  g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP);
  g_assert_nonnull (strstr (error->message, "mc_seed"));
  g_clear_error (&error);
  {
    /* the last chip just in range */
    g_autoptr(LsgSweep) s = lsg_sweep_new (base, NULL, 0, 6, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (lsg_sweep_get_n_points (s), ==, 6);
  }
}

/* Point order: the grid with the last axis fastest, the chip fastest of all. */
static void
test_points (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis axes[2] = {
    sweep_axis ("circuit.i_eta=1e-9:3e-9:3"),
    sweep_axis ("dataset.epochs=1:2:2"),
  };
  g_autoptr(LsgSweep) s = sweep_new (base, axes, 2, 2);
  static const double eta[] = { 1e-9, 2e-9, 3e-9 };

  g_assert_cmpuint (lsg_sweep_get_n_points (s), ==, 12);
  for (guint p = 0; p < 12; p++)
    {
      g_autoptr(LsgParams) pp = lsg_sweep_point_params (s, p);
      guint k = p % 2, e = (p / 2) % 2, i = p / 4;

      /* linear spacing, to rounding */
      g_assert_cmpfloat_with_epsilon (pp->i_eta / eta[i], 1.0, 1e-15);
      g_assert_cmpuint (pp->epochs, ==, 1 + e);
      g_assert_cmpuint (pp->mc_seed, ==, base->mc_seed + k);
      g_assert_cmpuint (pp->noise_seed, ==, base->noise_seed + k);
      g_assert_cmpfloat (pp->i_lambda, ==, base->i_lambda);
      g_assert_cmpfloat (lsg_sweep_result_value (s, p, "circuit.i_eta"), ==, pp->i_eta);
      g_assert_cmpfloat (lsg_sweep_result_value (s, p, "dataset.epochs"), ==, 1 + e);
      g_assert_cmpfloat (lsg_sweep_result_value (s, p, "mc"), ==, k);
      g_assert_cmpfloat (lsg_sweep_result_value (s, p, "point"), ==, p);
      /* not run yet: no figures */
      g_assert_true (isnan (lsg_sweep_result_value (s, p, "rel_mse_pct")));
    }
  g_assert_cmpuint (lsg_sweep_shard_size (s, 1, 5), ==, 3);   /* 0, 5, 10 */
  g_assert_cmpuint (lsg_sweep_shard_size (s, 3, 5), ==, 2);   /* 2, 7 */
  g_assert_cmpuint (lsg_sweep_shard_size (s, 1, 20), ==, 1);
  g_assert_cmpuint (lsg_sweep_shard_size (s, 13, 20), ==, 0);
  g_assert_true (lsg_sweep_in_shard (7, 3, 5));
  g_assert_false (lsg_sweep_in_shard (7, 2, 5));
}

/* Every row equals a single run of the simulation core at the same point,
 * bit for bit: the same code on the same inputs, in whatever thread. */
static void
test_rows_equal_single_runs (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis a = sweep_axis ("circuit.i_eta=5e-10:2e-9:4:log");
  g_autoptr(LsgSweep) s = sweep_new (base, &a, 1, 0);
  const LsgSummaryField *fields;
  guint n_fields, n_figures;

  sweep_run (s, 2, 1, 1);
  g_assert_cmpuint (lsg_sweep_get_n_failed (s), ==, 0);
  fields = lsg_summary_fields (&n_fields);
  lsg_sweep_figure_names (&n_figures);
  {
    guint n_estimate;

    lsg_estimate_fields (&n_estimate);
    g_assert_cmpuint (n_figures, ==, n_fields + n_estimate);
  }

  for (guint p = 0; p < 4; p++)
    {
      g_autoptr(LsgParams) single = lsg_params_copy (base);
      const LsgSweepResult *r = lsg_sweep_get_result (s, p);
      double expected = 5e-10 * pow (4.0, p / 3.0);
      double v = lsg_sweep_result_value (s, p, "circuit.i_eta");
      LsgSummary summary;
      LsgEstimate estimate;

      g_assert_true (r->done);
      g_assert_null (r->error);
      /* the point is the geometric series, to rounding */
      g_assert_cmpfloat_with_epsilon (v / expected, 1.0, 1e-15);
      g_assert_true (lsg_params_set_number (single, a.spec, v, NULL));
      run_single (single, &summary, &estimate);

      for (guint f = 0; f < n_fields; f++)
        {
          double got = lsg_sweep_result_value (s, p, fields[f].key);
          double want = G_STRUCT_MEMBER (double, &summary, fields[f].offset);

          if (!same_double (got, want))
            g_error ("point %u, %s: sweep %.17g, single run %.17g", p, fields[f].key, got, want);
        }
      g_assert_true (same_double (lsg_sweep_result_value (s, p, "power_w"), estimate.power_w));
      g_assert_true (same_double (lsg_sweep_result_value (s, p, "area_m2"), estimate.area_m2));
      g_assert_cmpfloat (lsg_sweep_result_value (s, p, "transistors"), ==, estimate.transistors);
      g_assert_true (same_double (lsg_sweep_result_value (s, p, "energy_per_update_j"),
                                  estimate.energy_per_update_j));
      g_assert_true (same_double (lsg_sweep_result_value (s, p, "energy_to_converge_j"),
                                  estimate.energy_to_converge_j));
      g_assert_true (same_double (lsg_sweep_result_value (s, p, "power_ratio_int8"),
                                  estimate.power_ratio_int8));
      g_assert_true (same_double (lsg_sweep_result_value (s, p, "area_ratio_fp32"),
                                  estimate.area_ratio_fp32));
      g_assert_true (isnan (lsg_sweep_result_value (s, p, "no_such_column")));
    }
  /* the points differ: a larger I_eta is a larger learning rate */
  g_assert_cmpfloat (lsg_sweep_result_value (s, 3, "eta"), >,
                     3.9 * lsg_sweep_result_value (s, 0, "eta"));
}

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

static void
test_threads_identical (void)
{
  g_autoptr(LsgSweep) s1 = map_sweep (2);
  g_autoptr(LsgSweep) s2 = map_sweep (2);
  g_autoptr(LsgSweep) s3 = map_sweep (2);
  g_autofree char *csv1 = NULL;
  g_autofree char *csv2 = NULL;
  g_autofree char *csv3 = NULL;

  sweep_run (s1, 1, 1, 1);
  sweep_run (s2, 2, 1, 1);
  sweep_run (s3, 5, 1, 1);
  csv1 = lsg_sweep_to_csv (s1, 1, 1);
  csv2 = lsg_sweep_to_csv (s2, 1, 1);
  csv3 = lsg_sweep_to_csv (s3, 1, 1);
  g_assert_cmpstr (csv1, ==, csv2);
  g_assert_cmpstr (csv1, ==, csv3);
  g_assert_cmpuint (lsg_sweep_get_n_failed (s1), ==, 0);
  /* 12 rows under the header; the descriptor names the sweep */
  {
    g_auto(GStrv) lines = g_strsplit (csv1, "\n", -1);
    g_autofree char *desc = lsg_sweep_to_descriptor (s1);
    g_autofree char *tail = g_strdup_printf (",,%s,%s", lsg_sweep_get_id (s1), LSG_VERSION);

    g_assert_cmpuint (g_strv_length (lines), ==, 14);
    g_assert_nonnull (strstr (desc, "\n[sweep]\nformat=3\nid=sw-"));
    g_assert_nonnull (strstr (desc, "\npoints=12\nmc=2\naxes=2\n"
                                    "axis-1=circuit.i_eta=5e-10:2e-09:3:log\n"
                                    "axis-2=circuit.i_lambda=5e-12:2e-11:2\ndesign-sha256="));
    g_assert_true (g_str_has_prefix (lines[0], "point,circuit.i_eta,circuit.i_lambda,mc,"
                                     "mc_seed,noise_seed,rel_mse_pct,enob,"));
    g_assert_true (g_str_has_suffix (lines[0], ",error,sweep_id,logsgd_version"));
    g_assert_true (g_str_has_prefix (lines[1], "0,5e-10,5e-12,0,1,1,"));
    g_assert_true (g_str_has_prefix (lines[2], "1,5e-10,5e-12,1,2,2,"));
    g_assert_true (g_str_has_prefix (lines[3], "2,5e-10,2e-11,0,1,1,"));
    g_assert_true (g_str_has_suffix (lines[12], tail));    /* no error */
    g_assert_cmpstr (lines[13], ==, "");
  }
}

static void
test_shards_merge (void)
{
  g_autoptr(LsgSweep) whole = map_sweep (2);
  g_autofree char *expected = NULL;
  g_autofree char *expected_desc = NULL;
  char *parts[3];
  char *descs[3];
  g_autofree char *merged = NULL;
  g_autofree char *merged_desc = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "a.csv", "b.csv", "c.csv", "d.csv" };

  sweep_run (whole, 2, 1, 1);
  expected = lsg_sweep_to_csv (whole, 1, 1);
  expected_desc = lsg_sweep_to_descriptor (whole);
  /* each shard in its own sweep, as separate processes would run them */
  for (guint k = 0; k < 3; k++)
    {
      g_autoptr(LsgSweep) s = map_sweep (2);

      sweep_run (s, 1 + k % 2, k + 1, 3);
      parts[k] = lsg_sweep_to_csv (s, k + 1, 3);
      descs[k] = lsg_sweep_to_descriptor (s);
      g_assert_cmpstr (descs[k], ==, expected_desc);
      /* only the shard's points ran */
      for (guint p = 0; p < lsg_sweep_get_n_points (s); p++)
        g_assert_cmpint (lsg_sweep_get_result (s, p)->done, ==, p % 3 == k);
    }
  {
    /* any order; one descriptor is enough */
    const char *texts[] = { parts[2], parts[0], parts[1] };
    const char *d[] = { NULL, descs[0], NULL };

    g_assert_true (lsg_sweep_merge_csv (texts, d, NULL, 3, &merged, &merged_desc, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (merged, ==, expected);
    g_assert_cmpstr (merged_desc, ==, expected_desc);
    g_clear_pointer (&merged, g_free);
    g_clear_pointer (&merged_desc, g_free);
  }
  {
    /* the whole file merges into itself */
    const char *texts[] = { expected };
    const char *d[] = { expected_desc };

    g_assert_true (lsg_sweep_merge_csv (texts, d, NULL, 1, &merged, NULL, &error));
    g_assert_cmpstr (merged, ==, expected);
    g_clear_pointer (&merged, g_free);
  }
  {
    const char *texts[] = { parts[0], parts[1], parts[2], parts[1] };
    const char *d[] = { descs[0], descs[1], descs[2], descs[1] };

    g_assert_false (lsg_sweep_merge_csv (texts, d, names, 4, &merged, NULL, &error));
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE);
    g_test_message ("overlap: %s", error->message);
    g_assert_nonnull (strstr (error->message, "d.csv, line 2: point 1 is also in b.csv"));
    g_assert_null (merged);
    g_clear_error (&error);
  }
  {
    const char *texts[] = { parts[0], parts[2] };
    const char *d[] = { descs[0], descs[2] };

    g_assert_false (lsg_sweep_merge_csv (texts, d, names, 2, &merged, NULL, &error));
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE);
    g_test_message ("missing: %s", error->message);
    g_assert_nonnull (strstr (error->message, "4 of the sweep's 12 points are missing, "
                                              "the first is point 1"));
    g_clear_error (&error);
  }
  {
    /* another design point: the same axes, another data seed */
    g_autoptr(LsgParams) base = sweep_small_base ();
    LsgSweepAxis axes[2] = {
      sweep_axis ("circuit.i_eta=5e-10:2e-9:3:log"),
      sweep_axis ("circuit.i_lambda=5e-12:2e-11:2"),
    };
    g_autoptr(LsgSweep) other = NULL;
    g_autoptr(LsgSweep) other_axes = NULL;
    g_autofree char *foreign = NULL;
    g_autofree char *foreign_desc = NULL;
    g_autofree char *foreign_axes = NULL;
    g_autofree char *foreign_axes_desc = NULL;

    base->seed = 2;
    other = sweep_new (base, axes, 2, 2);
    foreign = lsg_sweep_to_csv (other, 2, 3);
    foreign_desc = lsg_sweep_to_descriptor (other);
    {
      const char *texts[] = { parts[0], foreign, parts[2] };
      const char *d[] = { descs[0], foreign_desc, descs[2] };
      const char *d_none[] = { descs[0], NULL, descs[2] };

      g_assert_false (lsg_sweep_merge_csv (texts, d, names, 3, &merged, NULL, &error));
      g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE);
      g_test_message ("foreign: %s", error->message);
      g_assert_nonnull (strstr (error->message, "b.csv: another sweep than a.csv: another "
                                                "design point"));
      g_clear_error (&error);
      /* without its descriptor, its rows say whose they are */
      g_assert_false (lsg_sweep_merge_csv (texts, d_none, names, 3, &merged, NULL, &error));
      g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE);
      g_test_message ("foreign rows: %s", error->message);
      g_assert_nonnull (strstr (error->message, "b.csv, line 2: sweep_id"));
      g_assert_nonnull (strstr (error->message, "a row of another sweep"));
      g_clear_error (&error);
    }
    base->seed = 1;
    axes[1] = sweep_axis ("circuit.i_lambda=5e-12:3e-11:2");
    other_axes = sweep_new (base, axes, 2, 2);
    foreign_axes = lsg_sweep_to_csv (other_axes, 2, 3);
    foreign_axes_desc = lsg_sweep_to_descriptor (other_axes);
    {
      const char *texts[] = { parts[0], foreign_axes, parts[2] };
      const char *d[] = { descs[0], foreign_axes_desc, descs[2] };

      g_assert_false (lsg_sweep_merge_csv (texts, d, names, 3, &merged, NULL, &error));
      g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_MERGE);
      g_assert_nonnull (strstr (error->message, "other axes (circuit.i_eta=5e-10:2e-09:3:log "
                                                "circuit.i_lambda=5e-12:3e-11:2 against"));
      g_clear_error (&error);
    }
  }
  {
    /* not a sweep file; a row without its point number */
    g_autofree char *broken = g_strdup (parts[1]);
    char *row = strstr (broken, "\n1,");
    const char *texts[] = { parts[0], "t_s,phase\n1,train\n", parts[2] };
    const char *texts2[] = { parts[0], broken, parts[2] };
    const char *d[] = { descs[0], descs[1], descs[2] };

    g_assert_false (lsg_sweep_merge_csv (texts, d, names, 3, &merged, NULL, &error));
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE);
    g_assert_nonnull (strstr (error->message, "b.csv: not a sweep file"));
    g_clear_error (&error);

    g_assert_nonnull (row);
    row[1] = 'x';
    g_assert_false (lsg_sweep_merge_csv (texts2, d, names, 3, &merged, NULL, &error));
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_FILE);
    g_assert_nonnull (strstr (error->message, "b.csv, line 2: the point number "
                                              "\xe2\x80\x9cx\xe2\x80\x9d is not a whole"));
    g_clear_error (&error);
  }
  for (guint k = 0; k < 3; k++)
    {
      g_free (parts[k]);
      g_free (descs[k]);
    }
}

static double
spread (const LsgSweep *s,
        guint           first,
        guint           n,
        const char     *column)
{
  double mean = 0, var = 0;

  for (guint p = first; p < first + n; p++)
    mean += lsg_sweep_result_value (s, p, column) / n;
  for (guint p = first; p < first + n; p++)
    {
      double d = lsg_sweep_result_value (s, p, column) - mean;

      var += d * d / (n - 1);
    }
  return sqrt (var);
}

static void
test_monte_carlo (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  g_autoptr(LsgSweep) a = sweep_new (base, NULL, 0, 4);
  g_autoptr(LsgSweep) b = sweep_new (base, NULL, 0, 4);
  g_autofree char *csv_a = NULL;
  g_autofree char *csv_b = NULL;

  /* the same seeds are the same chips */
  sweep_run (a, 2, 1, 1);
  sweep_run (b, 1, 1, 1);
  csv_a = lsg_sweep_to_csv (a, 1, 1);
  csv_b = lsg_sweep_to_csv (b, 1, 1);
  g_assert_cmpstr (csv_a, ==, csv_b);
  /* chip 2 is the point with mc_seed and noise_seed + 2 run alone */
  {
    g_autoptr(LsgParams) chip = lsg_params_copy (base);
    LsgSummary summary;
    LsgEstimate estimate;

    chip->mc_seed += 2;
    chip->noise_seed += 2;
    run_single (chip, &summary, &estimate);
    g_assert_true (same_double (lsg_sweep_result_value (a, 2, "rel_mse_pct"),
                                summary.rel_mse_pct));
    g_assert_cmpfloat (lsg_sweep_result_value (a, 2, "mc_seed"), ==, base->mc_seed + 2);
  }
  /* and other seeds other chips */
  for (guint k = 1; k < 4; k++)
    g_assert_cmpfloat (lsg_sweep_result_value (a, k, "rel_mse_pct"), !=,
                       lsg_sweep_result_value (a, 0, "rel_mse_pct"));

  /* Pelgrom: sigma_VT ~ 1 / sqrt(W L), so 16 times the area is a quarter
   * of the mismatch, and the spread of rel_mse_pct over 40 chips falls by
   * far more than 2 (about 16: the error is quadratic in the mismatch). */
  {
    LsgSweepAxis area = sweep_axis ("nonideal.device_area=1e-11:1.6e-10:2:log");
    g_autoptr(LsgSweep) s = sweep_new (base, &area, 1, 40);
    double small, large;

    sweep_run (s, 0, 1, 1);
    g_assert_cmpuint (lsg_sweep_get_n_failed (s), ==, 0);
    small = spread (s, 0, 40, "rel_mse_pct");
    large = spread (s, 40, 40, "rel_mse_pct");
    g_test_message ("std of rel_mse_pct over 40 chips: %g %% at 1e-11 m^2, %g %% at 16e-11 m^2",
                    small, large);
    g_assert_cmpfloat (lsg_sweep_result_value (s, 40, "nonideal.device_area"), ==, 1.6e-10);
    g_assert_cmpfloat (small, >, 2 * large);
    g_assert_cmpfloat (large, >, 0);
  }
}

/* i_floor must stay below i_init (1e-11 A): the last two points break
 * that rule, fail in their run, and the sweep completes. */
static void
test_failed_point (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis a = sweep_axis ("nonideal.i_floor=1e-12:1e-10:3:log");
  g_autoptr(LsgSweep) s = sweep_new (base, &a, 1, 0);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpfloat (base->i_init, ==, 1e-11);
  sweep_run (s, 2, 1, 1);
  g_assert_cmpuint (lsg_sweep_get_n_failed (s), ==, 2);
  g_assert_true (lsg_sweep_get_result (s, 0)->done);
  g_assert_null (lsg_sweep_get_result (s, 0)->error);
  g_assert_true (isfinite (lsg_sweep_result_value (s, 0, "rel_mse_pct")));
  for (guint p = 1; p < 3; p++)
    {
      const LsgSweepResult *r = lsg_sweep_get_result (s, p);

      g_assert_true (r->done);
      g_assert_nonnull (r->error);
      g_test_message ("point %u: %s", p, r->error);
      g_assert_nonnull (strstr (r->error, "i_floor"));
      g_assert_true (isnan (lsg_sweep_result_value (s, p, "rel_mse_pct")));
      g_assert_true (isnan (lsg_sweep_result_value (s, p, "power_w")));
      g_assert_cmpfloat (lsg_sweep_result_value (s, p, "nonideal.i_floor"), ==, p == 1 ? 1e-11 : 1e-10);
    }
  csv = lsg_sweep_to_csv (s, 1, 1);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_nonnull (strstr (lines[1], ",," "sw-"));
  g_assert_true (g_str_has_prefix (lines[2], "1,1e-11,0,1,1,nan,nan,"));
  {
    /* quoted, its comma a semicolon, then the sweep's id and version */
    g_autofree char *message = g_strdup (lsg_sweep_get_result (s, 1)->error);
    g_autofree char *quoted = NULL;

    g_assert_null (strchr (message, '"'));
    g_assert_nonnull (strstr (message, "1e-11 A, else every cell"));
    g_strdelimit (message, ",", ';');
    quoted = g_strdup_printf (",\"%s\",%s,%s", message, lsg_sweep_get_id (s), LSG_VERSION);
    g_assert_true (g_str_has_suffix (lines[2], quoted));
  }
}

typedef struct {
  GThread *thread;
  guint    calls;
  guint    last_done;
  guint    last_total;
  gboolean wrong_thread;
  GCancellable *cancel_at_first;
} ProgressLog;

static void
progress_cb (guint    done,
             guint    total,
             double   eta_s,
             gpointer user_data)
{
  ProgressLog *log = user_data;

  if (g_thread_self () != log->thread)
    log->wrong_thread = TRUE;
  g_assert_cmpuint (done, >=, log->last_done);
  g_assert_true (isnan (eta_s) || eta_s >= 0);
  log->calls++;
  log->last_done = done;
  log->last_total = total;
  if (log->cancel_at_first != NULL)
    g_cancellable_cancel (log->cancel_at_first);
}

static void
test_progress_cancel (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ProgressLog log = { g_thread_self (), 0, 0, 0, FALSE, NULL };

  {
    g_autoptr(LsgSweep) s = sweep_new (base, NULL, 0, 6);

    g_assert_true (lsg_sweep_run (s, 2, 2, 2, progress_cb, &log, NULL, &error));
    g_assert_cmpuint (log.calls, >=, 1);
    g_assert_cmpuint (log.last_done, ==, 3);
    g_assert_cmpuint (log.last_total, ==, 3);
    g_assert_false (log.wrong_thread);
  }
  {
    /* cancelled from the progress callback after the first point: the
     * run stops early and says so */
    g_autoptr(LsgSweep) s = sweep_new (base, NULL, 0, 200);
    guint n_done = 0;

    log = (ProgressLog) { g_thread_self (), 0, 0, 0, FALSE, cancellable };
    g_assert_false (lsg_sweep_run (s, 2, 1, 1, progress_cb, &log, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    for (guint p = 0; p < 200; p++)
      n_done += lsg_sweep_get_result (s, p)->done;
    g_test_message ("%u of 200 points done when cancelled", n_done);
    g_assert_cmpuint (n_done, >=, 1);
    g_assert_cmpuint (n_done, <, 200);
    g_assert_cmpuint (lsg_sweep_get_n_failed (s), ==, 0);
    /* already cancelled: nothing runs */
    g_assert_false (lsg_sweep_run (s, 2, 1, 1, NULL, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

/* Minimise both:
 *
 *   index  x    y     why
 *   0      1    5     front
 *   1      2    3     front
 *   2      2    4     dominated by 1 (same x, larger y)
 *   3      3    3     dominated by 1 (larger x, same y)
 *   4      4    1     front
 *   5      4    1     front: equal to 4, neither dominates the other
 *   6      NaN  0     left out
 *   7      5    NaN   left out
 *   8      0.5  9     front
 *   9      6    0.5   front
 *   10     1    6     dominated by 0
 *   11     7    0.5   dominated by 9
 */
static const double pareto_x[] = { 1, 2, 2, 3, 4, 4, NAN, 5, 0.5, 6, 1, 7 };
static const double pareto_y[] = { 5, 3, 4, 3, 1, 1, 0, NAN, 9, 0.5, 6, 0.5 };

static void
check_front (gboolean     min_x,
             gboolean     min_y,
             const guint *expected,
             guint        n_expected)
{
  guint n_front = 99;
  g_autofree guint *front = lsg_pareto_front (pareto_x, pareto_y, G_N_ELEMENTS (pareto_x),
                                              min_x, min_y, &n_front);

  g_assert_cmpuint (n_front, ==, n_expected);
  for (guint k = 0; k < n_expected; k++)
    g_assert_cmpuint (front[k], ==, expected[k]);
}

static void
test_pareto (void)
{
  /* sorted by x, ties by index */
  static const guint min_min[] = { 8, 0, 1, 4, 5, 9 };
  /* maximise both: (0.5, 9), (1, 6), (2, 4), (3, 3), (4, 1) twice and
   * (7, 0.5), which beats (6, 0.5) */
  static const guint max_max[] = { 8, 10, 2, 3, 4, 5, 11 };
  /* small x, large y: (0.5, 9) beats everything else */
  static const guint min_max[] = { 8 };
  /* large x, small y: (7, 0.5) */
  static const guint max_min[] = { 11 };
  static const double nan2[] = { NAN, NAN };
  guint n_front = 99;

  check_front (TRUE, TRUE, min_min, G_N_ELEMENTS (min_min));
  check_front (FALSE, FALSE, max_max, G_N_ELEMENTS (max_max));
  check_front (TRUE, FALSE, min_max, G_N_ELEMENTS (min_max));
  check_front (FALSE, TRUE, max_min, G_N_ELEMENTS (max_min));

  g_assert_null (lsg_pareto_front (nan2, nan2, 2, TRUE, TRUE, &n_front));
  g_assert_cmpuint (n_front, ==, 0);
  g_assert_null (lsg_pareto_front (NULL, NULL, 0, TRUE, TRUE, &n_front));
  {
    /* an infinite y at the least x is still not dominated */
    static const double x[] = { 1, 2 };
    static const double y[] = { INFINITY, 3 };
    g_autofree guint *front = lsg_pareto_front (x, y, 2, TRUE, TRUE, &n_front);

    g_assert_cmpuint (n_front, ==, 2);
    g_assert_cmpuint (front[0], ==, 0);
    g_assert_cmpuint (front[1], ==, 1);
  }
}

/* The derived lambda axis: at every point of circuit.i_eta x lambda the
 * point's i_lambda / i_eta is the axis value, and its row is a single
 * run of that design point built by hand. */
static void
test_lambda_axis (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis axes[2] = {
    sweep_axis ("circuit.i_eta=5e-10:2e-9:3:log"),
    sweep_axis ("lambda=1e-3:1e-1:3:log"),
  };
  g_autoptr(LsgSweep) s = NULL;
  g_autofree char *text = NULL;
  guint n_fields;
  const LsgSummaryField *fields = lsg_summary_fields (&n_fields);

  g_assert_cmpint (axes[1].kind, ==, LSG_SWEEP_AXIS_LAMBDA);
  g_assert_cmpint (axes[0].kind, ==, LSG_SWEEP_AXIS_KEY);
  text = lsg_sweep_axis_to_string (&axes[1]);
  g_assert_cmpstr (text, ==, "derived.lambda=0.001:0.1:3:log");
  {
    /* the written form reads back as the same axis */
    LsgSweepAxis again = sweep_axis (text);

    g_assert_true (again.spec == axes[1].spec);
    g_assert_cmpint (again.kind, ==, LSG_SWEEP_AXIS_LAMBDA);
    g_assert_cmpfloat (again.from, ==, 1e-3);
    g_assert_cmpfloat (again.to, ==, 1e-1);
  }

  s = sweep_new (base, axes, 2, 0);
  sweep_run (s, 2, 1, 1);
  g_assert_cmpuint (lsg_sweep_get_n_failed (s), ==, 0);
  for (guint p = 0; p < 9; p++)
    {
      const LsgSweepResult *r = lsg_sweep_get_result (s, p);
      g_autoptr(LsgParams) pp = lsg_sweep_point_params (s, p);
      g_autoptr(LsgParams) single = sweep_small_base ();
      double want = lsg_sweep_axis_value (&axes[1], p % 3);
      LsgSummary summary;
      LsgEstimate estimate;

      g_assert_cmpfloat (r->values[1], ==, want);
      g_assert_cmpfloat (pp->i_eta, ==, lsg_sweep_axis_value (&axes[0], p / 3));
      /* one rounding of the product and one of the quotient */
      g_assert_cmpfloat_with_epsilon (pp->i_lambda / pp->i_eta, want, 1e-15 * want);
      g_assert_cmpfloat_with_epsilon (lsg_params_lambda (pp), want, 1e-15 * want);
      g_assert_cmpfloat (lsg_sweep_result_value (s, p, "derived.lambda"), ==, want);
      /* the figure column is the point's own ratio */
      g_assert_cmpfloat_with_epsilon (lsg_sweep_result_value (s, p, "lambda"), want,
                                      1e-15 * want);

      g_assert_true (lsg_params_set_number (single, lsg_key_spec_lookup ("circuit", "i_eta"),
                                            pp->i_eta, NULL));
      g_assert_true (lsg_params_set_number (single, lsg_key_spec_lookup ("circuit", "i_lambda"),
                                            want * pp->i_eta, NULL));
      run_single (single, &summary, &estimate);
      for (guint k = 0; k < n_fields; k++)
        g_assert_true (same_double (G_STRUCT_MEMBER (double, &r->summary, fields[k].offset),
                                    G_STRUCT_MEMBER (double, &summary, fields[k].offset)));
      g_assert_true (same_double (r->estimate.power_w, estimate.power_w));
    }

  {
    /* header: the axis column apart from the figure column lambda */
    g_autofree char *csv = lsg_sweep_to_csv (s, 1, 1);
    g_autofree char *desc = lsg_sweep_to_descriptor (s);
    g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

    g_assert_nonnull (strstr (desc, "\npoints=9\nmc=0\naxes=2\n"
                                    "axis-1=circuit.i_eta=5e-10:2e-09:3:log\n"
                                    "axis-2=derived.lambda=0.001:0.1:3:log\n"));
    g_assert_true (g_str_has_prefix (lines[0], "point,circuit.i_eta,derived.lambda,mc,"));
    g_assert_nonnull (strstr (lines[0], ",eta,lambda,tau,"));
  }
}

/* With a PTAT bias the effective I_eta sets i_lambda, and a temperature
 * axis is applied before the ratio. */
static void
test_lambda_axis_ptat (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis axes[2] = {
    sweep_axis ("circuit.temperature=280:340:3"),
    sweep_axis ("derived.lambda=0.01:0.04:2"),
  };
  g_autoptr(LsgSweep) s = NULL;

  base->i_eta_ptat = TRUE;
  s = sweep_new (base, axes, 2, 0);
  for (guint p = 0; p < 6; p++)
    {
      g_autoptr(LsgParams) pp = lsg_sweep_point_params (s, p);
      double want = lsg_sweep_axis_value (&axes[1], p % 2);
      /* I_eta scales as T / 300.15 K (MODEL.md 4, temperature) */
      double i_eta_eff = base->i_eta * pp->temperature / 300.15;

      g_assert_cmpfloat (pp->temperature, ==, lsg_sweep_axis_value (&axes[0], p / 2));
      g_assert_cmpfloat_with_epsilon (pp->i_lambda / i_eta_eff, want, 1e-14 * want);
      g_assert_cmpfloat (pp->i_eta, ==, base->i_eta);
    }
}

/* Monte Carlo, shards and merge with the lambda axis. */
static void
test_lambda_axis_mc_shards (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  LsgSweepAxis axes[2] = {
    sweep_axis ("circuit.i_eta=5e-10:1e-9:2"),
    sweep_axis ("lambda=0.001:0.01:2:log"),
  };
  g_autoptr(LsgSweep) whole = sweep_new (base, axes, 2, 2);
  g_autoptr(LsgSweep) a = sweep_new (base, axes, 2, 2);
  g_autoptr(LsgSweep) b = sweep_new (base, axes, 2, 2);
  g_autofree char *csv = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  g_autofree char *da = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(GError) error = NULL;

  sweep_run (whole, 1, 1, 1);
  sweep_run (a, 2, 1, 2);
  sweep_run (b, 1, 2, 2);
  for (guint p = 0; p < 8; p += 2)
    {
      g_autoptr(LsgParams) p0 = lsg_sweep_point_params (whole, p);
      g_autoptr(LsgParams) p1 = lsg_sweep_point_params (whole, p + 1);

      /* the chips of a point share its i_lambda and differ in seeds */
      g_assert_cmpfloat (p0->i_lambda, ==, p1->i_lambda);
      g_assert_cmpuint (p0->mc_seed + 1, ==, p1->mc_seed);
    }
  csv = lsg_sweep_to_csv (whole, 1, 1);
  ca = lsg_sweep_to_csv (a, 1, 2);
  cb = lsg_sweep_to_csv (b, 2, 2);
  da = lsg_sweep_to_descriptor (a);
  {
    const char *texts[] = { cb, ca };
    const char *d[] = { NULL, da };

    /* the lambda axis read back from the descriptor */
    g_assert_true (lsg_sweep_merge_csv (texts, d, NULL, 2, &merged, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpstr (merged, ==, csv);
}

static void
test_lambda_axis_errors (void)
{
  g_autoptr(LsgParams) base = sweep_small_base ();
  static const struct {
    const char *text;
    const char *message;
  } bad[] = {
    { "lambda=-1:1:3", "FROM = -1 is out of the range of derived.lambda" },
    { "lambda=0:1:3:log", "a logarithmic axis needs FROM and TO above 0" },
    { "lambda=1e-3:1e11:3:log", "TO = 1e+11 is out of the range of derived.lambda" },
    { "lambda=x:1:3", "FROM \xe2\x80\x9cx\xe2\x80\x9d is not a finite number" },
    { "derived.eta=1:2:2", "no key derived.eta" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      LsgSweepAxis a;
      g_autoptr(GError) error = NULL;

      g_assert_false (lsg_sweep_axis_parse (bad[i].text, &a, &error));
      g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_AXIS);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("%s: \xe2\x80\x9c%s\xe2\x80\x9d lacks \xe2\x80\x9c%s\xe2\x80\x9d", bad[i].text,
                 error->message, bad[i].message);
    }

  {
    /* 1e-8 A x 2000 = 20 uA, beyond [circuit] i_lambda's 10 uA: refused
     * up front, naming the axis value and the key's range */
    LsgSweepAxis axes[2] = {
      sweep_axis ("circuit.i_eta=1e-10:1e-8:3:log"),
      sweep_axis ("lambda=1:2000:2:log"),
    };
    g_autoptr(GError) error = NULL;
    g_autoptr(LsgSweep) s = lsg_sweep_new (base, axes, 2, 0, &error);

    g_assert_null (s);
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_AXIS);
    g_assert_nonnull (strstr (error->message, "lambda = 2000 at an effective I_eta of 10 nA"));
    g_assert_nonnull (strstr (error->message, "i_lambda = 20 \xc2\xb5" "A"));
    g_assert_nonnull (strstr (error->message, "from 0 A to 10 \xc2\xb5" "A"));
  }
  {
    /* the lambda axis and an i_lambda axis would both set the key */
    LsgSweepAxis axes[2] = {
      sweep_axis ("circuit.i_lambda=1e-12:1e-11:2"),
      sweep_axis ("lambda=0.01:0.1:2"),
    };
    g_autoptr(GError) error = NULL;
    g_autoptr(LsgSweep) s = lsg_sweep_new (base, axes, 2, 0, &error);

    g_assert_null (s);
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP);
    g_assert_nonnull (strstr (error->message, "[circuit] i_lambda is swept and derived.lambda"));
  }
  {
    LsgSweepAxis axes[2] = { sweep_axis ("lambda=0.01:0.1:2"), sweep_axis ("derived.lambda=0.01:0.1:2") };
    g_autoptr(GError) error = NULL;
    g_autoptr(LsgSweep) s = lsg_sweep_new (base, axes, 2, 0, &error);

    g_assert_null (s);
    g_assert_error (error, LSG_SWEEP_ERROR, LSG_SWEEP_ERROR_SETUP);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/sweep/axis-parse", test_axis_parse);
  g_test_add_func ("/sweep/setup-errors", test_setup_errors);
  g_test_add_func ("/sweep/points", test_points);
  g_test_add_func ("/sweep/rows-equal-single-runs", test_rows_equal_single_runs);
  g_test_add_func ("/sweep/threads-identical", test_threads_identical);
  g_test_add_func ("/sweep/shards-merge", test_shards_merge);
  g_test_add_func ("/sweep/monte-carlo", test_monte_carlo);
  g_test_add_func ("/sweep/failed-point", test_failed_point);
  g_test_add_func ("/sweep/progress-cancel", test_progress_cancel);
  g_test_add_func ("/sweep/pareto", test_pareto);
  g_test_add_func ("/sweep/lambda-axis", test_lambda_axis);
  g_test_add_func ("/sweep/lambda-axis-ptat", test_lambda_axis_ptat);
  g_test_add_func ("/sweep/lambda-axis-mc-shards", test_lambda_axis_mc_shards);
  g_test_add_func ("/sweep/lambda-axis-errors", test_lambda_axis_errors);
  return g_test_run ();
}
