/* lsg-test-cli.c: running the logsgd executable from tests. */
#include "lsg-config.h"

#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "lsg-test-cli.h"

void
run_result_clear (RunResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
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

/* Runs logsgd with args (NULL-terminated) in cwd. */
void
run_logsgd_argv (const char        *cwd,
                 const char *const *args,
                 RunResult         *r)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) logsgd_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  cmd = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("running: %s", cmd);

  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  /* A crash is never an acceptable answer to bad input. */
  if (!WIFEXITED (wait_status))
    g_error ("logsgd did not exit normally (wait status %d); stderr: %s", wait_status, r->err);
  r->status = WEXITSTATUS (wait_status);
  if (r->err != NULL && r->err[0] != '\0')
    g_test_message ("exit %d, stderr: %s", r->status, r->err);
}

void
run_logsgd (const char *cwd,
            RunResult  *r,
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

void
fixture_set_up (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("lsg-test-XXXXXX", &error);
  g_assert_no_error (error);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

char *
write_in (const Fixture *f,
          const char    *name,
          const char    *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

void
put_in (const Fixture *f,
        const char    *name,
        const char    *contents)
{
  g_free (write_in (f, name, contents));
}

char *
read_in (const Fixture *f,
         const char    *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

gboolean
exists_in (const Fixture *f,
           const char    *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}
