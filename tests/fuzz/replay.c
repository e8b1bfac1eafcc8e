/* replay.c: runs a harness over every file of its corpus directories (or
 * the files named), without libFuzzer: the corpus is a regression test in
 * every build, the sanitizer build included.  TAP output. */
#include <stdio.h>

#include <glib.h>

#include "fuzz.h"

static guint n_run;

static void
replay_file (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const guint8 *) data, len);
  n_run++;
}

static void
replay_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      for (guint i = 0; i < names->len; i++)
        replay_file (names->pdata[i]);
    }
  else
    replay_file (path);
}

int
main (int    argc,
      char **argv)
{
  printf ("1..1\n");
  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);
  if (n_run == 0)
    {
      printf ("not ok 1 - no corpus file found\n");
      return 1;
    }
  printf ("ok 1 - %u corpus inputs replayed\n", n_run);
  return 0;
}
