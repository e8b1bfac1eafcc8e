/* test-core-output.c: output files written as a set, through links,
 * never replacing what is not a regular file. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-output.h"

typedef struct {
  char *dir;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("lsg-output-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      struct stat st;

      if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
in (const Fixture *f,
    const char    *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
put (const char *path,
     const char *text)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static char *
get (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
add (LsgOutputSet *set,
     const char   *path,
     const char   *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  lsg_output_set_add (set, path, bytes);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Names in the directory, sorted, joined by spaces. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_set_and_force (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a = in (f, "a.csv"), *b = in (f, "b.ini");
  g_autofree char *ta = NULL, *tb = NULL, *names = NULL;
  g_autoptr(GError) error = NULL;
  LsgOutputSet *set = lsg_output_set_new (FALSE);

  add (set, a, "new a");
  add (set, b, "new b");
  g_assert_true (lsg_output_set_commit (set, &error));
  g_assert_no_error (error);
  lsg_output_set_free (set);
  ta = get (a);
  tb = get (b);
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
  ta = get (a);
  g_assert_cmpstr (ta, ==, "new a");
  names = listing (f->dir);
  g_assert_cmpstr (names, ==, "a.csv b.ini");
}

/* A failure on the second file leaves the first as it was and no
 * temporary file behind. */
static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = in (f, "a.csv"), *blocker = in (f, "file");
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
  ta = get (a);
  g_assert_cmpstr (ta, ==, "old a");
  names = listing (f->dir);
  g_assert_cmpstr (names, ==, "a.csv file");
}

/* A link is written through: the file it names is replaced, in its own
 * directory, and the link stays a link. */
static void
test_symlink (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *sub = in (f, "real");
  g_autofree char *target = g_build_filename (sub, "data.csv", NULL);
  g_autofree char *link = in (f, "link.csv");
  g_autofree char *dangling = in (f, "new-link.csv");
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
  text = get (target);
  g_assert_cmpstr (text, ==, "new");
  text2 = get (made);
  g_assert_cmpstr (text2, ==, "made");
  names = listing (f->dir);
  g_assert_cmpstr (names, ==, "link.csv new-link.csv real");
  sub_names = listing (sub);
  g_assert_cmpstr (sub_names, ==, "data.csv made.csv");
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
  g_autofree char *a = in (f, "a.csv");
  g_autofree char *stale = in (f, ".a.csv.lsgtmp-Ab12Cd");
  g_autofree char *other = in (f, ".a.csv.lsgtmp-notours");
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
  names = listing (f->dir);
  g_assert_cmpstr (names, ==, ".a.csv.lsgtmp-notours a.csv");
  g_assert_cmpint (g_stat (a, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/output/set-and-force", Fixture, NULL, setup, test_set_and_force, teardown);
  g_test_add ("/output/all-or-nothing", Fixture, NULL, setup, test_all_or_nothing, teardown);
  g_test_add ("/output/symlink", Fixture, NULL, setup, test_symlink, teardown);
  g_test_add ("/output/not-regular", Fixture, NULL, setup, test_not_regular, teardown);
  g_test_add ("/output/stale-and-mode", Fixture, NULL, setup, test_stale_and_mode, teardown);
  g_test_add_func ("/output/stdout", test_stdout);
  return g_test_run ();
}
