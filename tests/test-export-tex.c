/* test-export-tex.c: the pgfplots picture as a LaTeX user includes it:
 * from another directory, at the width of their column, with the
 * renderer's ticks on a log axis.  Compiled with pdflatex. */
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>


static char *
run_in (const char  *cwd,
        const char **argv,
        int         *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
  int wait_status;

  g_assert_true (g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  {
    char *both = g_strconcat (out, err, NULL);

    g_free (out);
    g_free (err);
    return both;
  }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* The points of the PDF's first page width, from pdfinfo. */
static double
page_width_pt (const char *cwd,
               const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  int status;
  g_autofree char *out = run_in (cwd, argv, &status);
  const char *p = strstr (out, "Page size:");

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (p);
  return g_ascii_strtod (p + strlen ("Page size:"), NULL);
}

static void
test_subdirectory_and_width (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsg-tex-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "figs", NULL);
  g_autofree char *doc = g_build_filename (dir, "paper.tex", NULL);
  g_autofree char *tex_path = g_build_filename (sub, "cells.tex", NULL);
  g_autofree char *tex = NULL;
  g_autofree char *log = NULL;
  const char *logsgd = g_getenv ("LOGSGD");
  int status;

  g_assert_nonnull (logsgd);
  if (g_find_program_in_path ("pdflatex") == NULL)
    {
      g_test_fail_printf ("pdflatex is missing: install texlive-latex-base and texlive-pictures");
      return;
    }
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  {
    /* currents on a log axis that spans less than two decades */
    const char *argv[] = { logsgd, "export", "--figure", "cells", "--tex",
                           "-o", "figs/cells.pdf", NULL };
    g_autofree char *out = run_in (dir, argv, &status);

    g_assert_cmpint (status, ==, 0);
  }
  g_assert_true (g_file_get_contents (tex_path, &tex, NULL, NULL));

  /* the data named through \lsgdatadir, every length through \lsgfigwidth */
  g_assert_nonnull (strstr (tex, "\\providecommand\\lsgdatadir"));
  g_assert_nonnull (strstr (tex, "\\providecommand\\lsgfigwidth{252pt}"));
  g_assert_nonnull (strstr (tex, "{\\lsgdatadir cells.csv}"));
  g_assert_null (strstr (tex, "252.00pt"));
  /* the cell currents' axis in pA with the 1-2-5 ticks the renderer draws */
  g_assert_nonnull (strstr (tex, "ylabel={Cell current (pA)}"));
  g_assert_nonnull (strstr (tex, "log ticks with fixed point"));
  {
    const char *ytick = strstr (tex, "ytick={");
    g_auto(GStrv) values = NULL;

    g_assert_nonnull (ytick);
    values = g_strsplit (g_strndup (ytick + 7, strchr (ytick, '}') - ytick - 7), ",", -1);
    g_assert_cmpuint (g_strv_length (values), >=, 3);
  }

  /* a document one directory up, the figure at 400 pt */
  g_assert_true (g_file_set_contents (doc,
    "\\documentclass{article}\n"
    "\\usepackage{pgfplots}\n"
    "\\pgfplotsset{compat=1.16}\n"
    "\\usepackage[paperwidth=500pt,paperheight=600pt,margin=0pt]{geometry}\n"
    "\\pagestyle{empty}\n"
    "\\begin{document}\n"
    "\\noindent\n"
    "\\newcommand\\lsgdatadir{figs/}\n"
    "\\newcommand\\lsgfigwidth{400pt}\n"
    "\\setbox0\\hbox{\\input{figs/cells.tex}}\n"
    "\\typeout{LSG-WIDTH=\\the\\wd0}\n"
    "\\box0\n"
    "\\end{document}\n", -1, NULL));
  {
    const char *argv[] = { "pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex", NULL };
    const char *w;

    log = run_in (dir, argv, &status);
    if (status != 0)
      g_test_message ("%s", log);
    g_assert_cmpint (status, ==, 0);
    g_assert_null (strstr (log, "No file figs/cells.csv"));
    w = strstr (log, "LSG-WIDTH=");
    g_assert_nonnull (w);
    /* the picture's box is about the width asked for (axis labels stick
     * out a little either side) */
    g_assert_cmpfloat (fabs (g_ascii_strtod (w + strlen ("LSG-WIDTH="), NULL) - 400), <, 30);
  }
  /* a page was made (500 TeX points are 498.13 PDF points) */
  g_assert_cmpfloat (fabs (page_width_pt (dir, "paper.pdf") - 500 * 72 / 72.27), <, 0.5);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/tex/subdirectory-and-width", test_subdirectory_and_width);
  return g_test_run ();
}
