/* test-export-tex.c: the pgfplots picture as a LaTeX user includes it:
 * from another directory, at the width of their column, with the
 * renderer's ticks on a log axis.  Compiled with pdflatex. */
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-test-util.h"


/* The points of the PDF's first page width, from pdfinfo. */
static double
page_width_pt (const char *cwd,
               const char *pdf)
{
  const char *argv[] = { need_tool ("pdfinfo", "poppler-utils"), pdf, NULL };
  g_auto(Run) r = { 0 };
  const char *p;

  spawn (cwd, argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  p = strstr (r.out, "Page size:");
  g_assert_nonnull (p);
  return g_ascii_strtod (p + strlen ("Page size:"), NULL);
}

static void
test_subdirectory_and_width (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "figs", NULL);
  g_autofree char *doc = g_build_filename (dir, "paper.tex", NULL);
  g_autofree char *tex_path = g_build_filename (sub, "cells.tex", NULL);
  g_autofree char *tex = NULL;
  g_auto(Run) r = { 0 };
  const char *pdflatex = need_tool ("pdflatex", "texlive-latex-base");

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  /* currents on a log axis that spans less than two decades */
  run_logsgd (dir, &r, "export", "--figure", "cells", "--tex", "-o", "figs/cells.pdf", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
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
    g_autofree char *list = NULL;
    g_auto(GStrv) values = NULL;

    g_assert_nonnull (ytick);
    list = g_strndup (ytick + 7, strchr (ytick, '}') - ytick - 7);
    values = g_strsplit (list, ",", -1);
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
    const char *argv[] = { pdflatex, "-interaction=nonstopmode", "-halt-on-error", "paper.tex", NULL };
    const char *w;

    spawn (dir, argv, &r);
    if (r.status != 0)
      g_test_message ("%s", r.out);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_null (strstr (r.out, "No file figs/cells.csv"));
    w = strstr (r.out, "LSG-WIDTH=");
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
