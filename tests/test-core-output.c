/* test-core-output.c: output files written as a set, through links,
 * never replacing what is not a regular file. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-output.h"
#include "lsg-test-util.h"

static void
put (const char *path,
     const char *text)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
add (LsgOutputSet *set,
     const char   *path,
     const char   *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  lsg_output_set_add (set, path, bytes);
}

static void
test_set_and_force (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a = path_in (f, "a.csv"), *b = path_in (f, "b.ini");
  g_autofree char *ta = NULL, *tb = NULL, *names = NULL;
  g_autoptr(GError) error = NULL;
  LsgOutputSet *set = lsg_output_set_new (FALSE);

  add (set, a, "new a");
  add (set, b, "new b");
  g_assert_true (lsg_output_set_commit (set, &error));
  g_assert_no_error (error);
  lsg_output_set_free (set);
  ta = read_file (a);
  tb = read_file (b);
  g_assert_cmpstr (ta, ==, "new a");
  g_assert_cmpstr (tb, ==, "new b");

  /* without overwrite an existing file stops the set before it is written */
  set = lsg_output_set_new (FALSE);
  add (set, a, "newer a");
  g_assert_false (lsg_output_set_check (set, &error));
  g_assert_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "--force"));
  g_clear_error (&error);
  lsg_output_set_free (set);
  g_free (ta);
  ta = read_file (a);
  g_assert_cmpstr (ta, ==, "new a");
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "a.csv/b.ini");
}

/* A failure on the second file leaves the first as it was and no
 * temporary file behind. */
static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = path_in (f, "a.csv"), *blocker = path_in (f, "file");
  g_autofree char *bad = g_build_filename (f->dir, "file", "b.ini", NULL);
  g_autofree char *ta = NULL, *names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgOutputSet) set = lsg_output_set_new (TRUE);

  put (a, "old a");
  put (blocker, "a regular file, not a directory");
  add (set, a, "new a");
  add (set, bad, "new b");
  g_assert_false (lsg_output_set_commit (set, &error));
  g_assert_nonnull (error);
  ta = read_file (a);
  g_assert_cmpstr (ta, ==, "old a");
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "a.csv/file");
}

/* A link is written through: the file it names is replaced, in its own
 * directory, and the link stays a link. */
static void
test_symlink (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *sub = path_in (f, "real");
  g_autofree char *target = g_build_filename (sub, "data.csv", NULL);
  g_autofree char *link = path_in (f, "link.csv");
  g_autofree char *dangling = path_in (f, "new-link.csv");
  g_autofree char *made = g_build_filename (sub, "made.csv", NULL);
  g_autofree char *text = NULL, *text2 = NULL, *names = NULL, *sub_names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgOutputSet) set = lsg_output_set_new (TRUE);
  struct stat st;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  put (target, "old");
  g_assert_cmpint (symlink ("real/data.csv", link), ==, 0);
  g_assert_cmpint (symlink (made, dangling), ==, 0);
  add (set, link, "new");
  add (set, dangling, "made");
  g_assert_true (lsg_output_set_commit (set, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  text = read_file (target);
  g_assert_cmpstr (text, ==, "new");
  text2 = read_file (made);
  g_assert_cmpstr (text2, ==, "made");
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "link.csv/new-link.csv/real");
  sub_names = list_dir (sub);
  g_assert_cmpstr (sub_names, ==, "data.csv/made.csv");
}

/* /dev/null is written to, never replaced (as root a rename would
 * replace it); a directory is refused. */
static void
test_not_regular (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgOutputSet) set = lsg_output_set_new (TRUE);
  g_autoptr(LsgOutputSet) dir_set = lsg_output_set_new (TRUE);
  struct stat st;

  add (set, "/dev/null", "into the void");
  g_assert_true (lsg_output_set_commit (set, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));

  add (dir_set, f->dir, "text");
  g_assert_false (lsg_output_set_commit (dir_set, &error));
  g_assert_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_NOT_FILE);
  g_assert_nonnull (strstr (error->message, "directory"));
}

/* A directory nothing can be created in is refused by the check, for root
 * too (/proc takes no new files whatever the permission bits say), and
 * the check leaves nothing behind where it can write. */
static void
test_check_path (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ok = path_in (f, "new.csv");
  g_autofree char *names = NULL;

  g_assert_false (lsg_output_check_path ("/proc/lsg-new.csv", TRUE, &error));
  g_assert_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "cannot create a file in /proc"));
  g_clear_error (&error);
  g_assert_true (lsg_output_check_path (ok, FALSE, &error));
  g_assert_no_error (error);
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "");
}

/* Free space: an impossible size (10^18 bytes) is refused with the sizes
 * named, a file of a few bytes fits. */
static void
test_check_space (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lsg_output_check_space (f->dir, "out.csv", 1e18, &error));
  g_assert_error (error, LSG_OUTPUT_ERROR, LSG_OUTPUT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "out.csv needs about 1000000000000 MB"));
  g_assert_nonnull (strstr (error->message, "MB free"));
  g_clear_error (&error);
  g_assert_true (lsg_output_check_space (f->dir, "out.csv", 10, &error));
  g_assert_no_error (error);
}

/* "-" is the standard output. */
static void
test_stdout (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(LsgOutputSet) set = lsg_output_set_new (FALSE);

      add (set, "-", "to the terminal\n");
      g_assert_true (lsg_output_set_commit (set, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("to the terminal\n");
}

/* Temporary files a killed run left beside its target are removed; other
 * files are not; a replaced file keeps its permissions. */
static void
test_stale_and_mode (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = path_in (f, "a.csv");
  g_autofree char *stale = path_in (f, ".a.csv.lsgtmp-Ab12Cd");
  g_autofree char *other = path_in (f, ".a.csv.lsgtmp-notours");
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgOutputSet) set = lsg_output_set_new (TRUE);
  struct stat st;

  put (a, "old");
  g_assert_cmpint (g_chmod (a, 0600), ==, 0);
  put (stale, "half a file");
  put (other, "someone else's");
  add (set, a, "new");
  g_assert_true (lsg_output_set_commit (set, &error));
  g_assert_no_error (error);
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, ".a.csv.lsgtmp-notours/a.csv");
  g_assert_cmpint (g_stat (a, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/output/set-and-force", Fixture, NULL, fixture_set_up, test_set_and_force, fixture_tear_down);
  g_test_add ("/output/all-or-nothing", Fixture, NULL, fixture_set_up, test_all_or_nothing, fixture_tear_down);
  g_test_add ("/output/symlink", Fixture, NULL, fixture_set_up, test_symlink, fixture_tear_down);
  g_test_add ("/output/not-regular", Fixture, NULL, fixture_set_up, test_not_regular, fixture_tear_down);
  g_test_add ("/output/stale-and-mode", Fixture, NULL, fixture_set_up, test_stale_and_mode, fixture_tear_down);
  g_test_add ("/output/check-path", Fixture, NULL, fixture_set_up, test_check_path, fixture_tear_down);
  g_test_add ("/output/check-space", Fixture, NULL, fixture_set_up, test_check_space, fixture_tear_down);
  g_test_add_func ("/output/stdout", test_stdout);
  return g_test_run ();
}
