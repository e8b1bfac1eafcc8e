/* test-cli-info.c: `logsgd keys`, `logsgd presets`, `logsgd preset`:
 * what they print against the key table and the presets themselves. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-params.h"
#include "lsg-test-util.h"

/* A CSV record's cells (quotes as the writer makes them). */
static GStrv
split_csv (const char *line)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line;; p++)
    {
      if (*p == '\0' || (*p == ',' && !quoted))
        {
          g_strv_builder_add (b, cell->str);
          g_string_truncate (cell, 0);
          if (*p == '\0')
            break;
        }
      else if (*p == '"' && quoted && p[1] == '"')
        g_string_append_c (cell, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else
        g_string_append_c (cell, *p);
    }
  return g_strv_builder_end (b);
}

/* Every key once, with the table's unit and range and the paper preset's
 * value. */
static void
test_keys_csv (void)
{
  g_autoptr(LsgParams) paper = lsg_params_new_default ();
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n;
  const LsgKeySpec *specs = lsg_key_specs (&n);

  run_logsgd (NULL, &r, "keys", "--csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "key,type,unit,range,default,label,meaning");
  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);   /* header, n rows, "" */
  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv) cells = split_csv (lines[i + 1]);
      g_autofree char *path = g_strdup_printf ("%s.%s", specs[i].group, specs[i].key);
      g_autofree char *range = lsg_key_spec_describe_range (&specs[i]);
      g_autofree char *value = lsg_params_get_as_string (paper, &specs[i]);

      g_assert_cmpuint (g_strv_length (cells), ==, 7);
      g_assert_cmpstr (cells[0], ==, path);
      g_assert_cmpstr (cells[2], ==, specs[i].unit);
      g_assert_cmpstr (cells[3], ==, range);
      g_assert_cmpstr (cells[4], ==, value);
      g_assert_cmpstr (cells[6], ==, specs[i].blurb);
    }
  run_clear (&r);

  run_logsgd (NULL, &r, "keys", NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *head = g_strdup_printf ("\n%s.%s  (", specs[i].group, specs[i].key);

      g_assert_true (i == 0 || strstr (r.out, head) != NULL);
    }
  run_clear (&r);
}

/* Each preset printed reads back as the very same design point. */
static void
test_preset_round_trip (void)
{
  const char *const *names = lsg_params_preset_names ();
  g_auto(Run) r = { 0 };

  run_logsgd (NULL, &r, "presets", NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", names[i]);

      g_assert_nonnull (strstr (r.out, line));
    }
  run_clear (&r);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) want = lsg_params_new_preset (names[i], &error);
      g_autoptr(LsgParams) got = NULL;

      g_assert_no_error (error);
      run_logsgd (NULL, &r, "preset", names[i], NULL);
      g_assert_cmpint (r.status, ==, 0);
      got = lsg_params_load_data (r.out, strlen (r.out), names[i], &error);
      g_assert_no_error (error);
      g_assert_true (lsg_params_equal (want, got));
      run_clear (&r);
    }

  run_logsgd (NULL, &r, "preset", "nope", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "nope"));
  g_assert_nonnull (strstr (r.err, "diabetes-class-ab"));
  run_clear (&r);
}

/* -o writes a file, and keeps it unless --force. */
static void
test_preset_output (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsg-info-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fast.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) loaded = NULL;
  g_autoptr(LsgParams) want = lsg_params_new_preset ("fast", NULL);
  g_auto(Run) r = { 0 };

  run_logsgd (dir, &r, "preset", "fast", "-o", "fast.ini", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  loaded = lsg_params_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_params_equal (want, loaded));

  run_logsgd (dir, &r, "preset", "paper", "-o", "fast.ini", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--force"));
  run_clear (&r);
  run_logsgd (dir, &r, "preset", "paper", "-o", "fast.ini", "--force", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/keys/csv", test_keys_csv);
  g_test_add_func ("/cli/preset/round-trip", test_preset_round_trip);
  g_test_add_func ("/cli/preset/output", test_preset_output);
  return g_test_run ();
}
