/* test-export-cli.c: figures for papers from the command line
 * (`logsgd export`): the data and pgfplots files beside the figure, the
 * design point embedded and read back, --force, bad input, the .tex
 * compiled, and the map written as run figures are.  Checked against
 * `logsgd run`'s own files and poppler-utils' reading of the PDFs. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-config.h"
#include "lsg-design-file.h"
#include "lsg-export.h"
#include "lsg-params.h"
#include "lsg-test-util.h"


/* poppler-utils' tools are part of the test's dependencies (.ci/setup
 * installs them); without them the checks cannot be made: fail. */
static const char *
poppler_tool (const char *name)
{
  return need_tool (name, "poppler-utils");
}

/* ---- The command line ------------------------------------------------- */

static char **
csv_lines (const char *path)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return g_strsplit (text, "\n", -1);
}

/* Every column of the export's CSV equals, as text, trajectory.csv's. */
static void
assert_same_columns (const char *csv,
                     const char *trajectory,
                     const char *expected_header)
{
  g_auto(GStrv) a = csv_lines (csv);
  g_auto(GStrv) b = csv_lines (trajectory);
  g_auto(GStrv) ha = g_strsplit (a[0], ",", -1);
  g_auto(GStrv) hb = g_strsplit (b[0], ",", -1);
  guint n_cols = g_strv_length (ha);
  g_autofree gint *map = g_new (gint, n_cols);

  g_assert_cmpstr (a[0], ==, expected_header);
  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint c = 0; c < n_cols; c++)
    {
      map[c] = column_index (hb, ha[c]);
      g_assert_cmpint (map[c], >=, 0);
    }
  for (guint r = 1; a[r] != NULL && a[r][0] != '\0'; r++)
    {
      g_auto(GStrv) fa = g_strsplit (a[r], ",", -1);
      g_auto(GStrv) fb = g_strsplit (b[r], ",", -1);

      g_assert_cmpuint (g_strv_length (fa), ==, n_cols);
      for (guint c = 0; c < n_cols; c++)
        g_assert_cmpstr (fa[c], ==, fb[map[c]]);
    }
}

static void
test_cli_data (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) w = { 0 };
  g_auto(Run) l = { 0 };
  g_autofree char *traj = path_in (f, "out/trajectory.csv");
  g_autofree char *w_csv = path_in (f, "fig/weights.csv");
  g_autofree char *l_csv = path_in (f, "fig/loss.csv");

  {
    g_autofree char *fig_dir = path_in (f, "fig");

    g_assert_cmpint (g_mkdir (fig_dir, 0755), ==, 0);
  }
  run_logsgd (f->dir, &run, "run", "--set", "dataset.epochs=2", "--out", "out", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_logsgd (f->dir, &w, "export", "--set", "dataset.epochs=2", "--figure", "weights",
              "--data", "-o", "fig/weights.pdf", NULL);
  g_assert_cmpint (w.status, ==, 0);
  run_logsgd (f->dir, &l, "export", "--set", "dataset.epochs=2", "--figure", "loss",
              "--format", "png", "--tex", "-o", "fig/loss.png", NULL);
  g_assert_cmpint (l.status, ==, 0);

  assert_same_columns (w_csv, traj,
                       "t_s,w_0,ref_0,w_1,ref_1,w_2,ref_2,w_3,ref_3,w_4,ref_4,w_5,ref_5,"
                       "w_6,ref_6,w_7,ref_7,w_8,ref_8");
  assert_same_columns (l_csv, traj, "t_s,loss,ref_loss");

  {
    /* the pgfplots picture reads that CSV: one \addplot per trace, and
     * the log axis of the loss */
    g_autofree char *tex_path = path_in (f, "fig/loss.tex");
    g_autoptr(GBytes) bytes = read_bytes (tex_path);
    g_autofree char *tex = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    guint plots = 0;

    g_assert_nonnull (strstr (tex, "\\begin{tikzpicture}"));
    g_assert_nonnull (strstr (tex, "\\end{tikzpicture}"));
    g_assert_nonnull (strstr (tex, "ymode=log"));
    g_assert_nonnull (strstr (tex, "xlabel={Time (ms)}"));
    g_assert_nonnull (strstr (tex, "y=loss, col sep=comma]{\\lsgdatadir loss.csv}"));
    g_assert_nonnull (strstr (tex, "y=ref_loss, col sep=comma]{\\lsgdatadir loss.csv}"));
    for (const char *p = tex; (p = strstr (p, "col sep=comma]{\\lsgdatadir loss.csv}")) != NULL; p++)
      plots++;
    g_assert_cmpuint (plots, ==, 2);
  }
}

static void
test_cli_design_point (Fixture       *f,
                       gconstpointer  data)
{
  /* a design file beside its data, in a directory with spaces and
   * quotes; the figure must carry the design point logsgd run saves */
  g_autofree char *dir = path_in (f, "my \"runs\" 'q'");
  g_autofree char *ini = g_build_filename (dir, "design.ini", NULL);
  g_autofree char *data_csv = g_build_filename (dir, "it's data.csv", NULL);
  g_autoptr(GString) rows = g_string_new ("a,b,target\n");
  g_autoptr(GError) error = NULL;
  static const char *const formats[] = { "pdf", "svg", "png" };

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (guint k = 0; k < 40; k++)
    {
      double a = sin (0.7 * k), b = cos (1.3 * k);

      g_string_append_printf (rows, "%.6f,%.6f,%.6f\n", a, b, 0.4 * a - 0.2 * b);
    }
  g_file_set_contents (data_csv, rows->str, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (ini, "[dataset]\nkind=csv\ncsv=it's data.csv\nepochs=2\n", -1, &error);
  g_assert_no_error (error);

  {
    g_auto(Run) run = { 0 };
    g_autoptr(LsgParams) saved = NULL;
    g_autofree char *saved_path = path_in (f, "out/design.ini");

    run_logsgd (f->dir, &run, "run", ini, "--out", "out", NULL);
    g_assert_cmpint (run.status, ==, 0);
    saved = lsg_params_load_file (saved_path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (saved->csv, ==, data_csv);

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *name = g_strdup_printf ("figure.%s", formats[i]);
        g_autofree char *path = path_in (f, name);
        g_autoptr(LsgParams) back = NULL;
        g_auto(Run) r = { 0 };

        run_logsgd (f->dir, &r, "export", ini, "--figure", "sheet", "-o", name, NULL);
        g_assert_cmpint (r.status, ==, 0);
        back = lsg_export_read_design_point (path, &error);
        g_assert_no_error (error);
        g_assert_true (lsg_params_equal (back, saved));
      }
  }
}

static void
test_cli_force (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = path_in (f, "fig.pdf");
  g_autofree char *csv = path_in (f, "fig.csv");
  g_autoptr(GBytes) old = g_bytes_new_static ("old figure\n", 11);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "old figure\n", -1, &error);
  g_assert_no_error (error);

  {
    g_auto(Run) r = { 0 };
    g_autoptr(GBytes) now = NULL;

    run_logsgd (f->dir, &r, "export", "--set", "dataset.epochs=1", "-o", "fig.pdf", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "fig.pdf"));
    g_assert_nonnull (strstr (r.err, "--force"));
    now = read_bytes (path);
    g_assert_true (g_bytes_equal (now, old));
  }
  {
    /* the CSV it would write counts too */
    g_auto(Run) r = { 0 };

    g_file_set_contents (csv, "old data\n", -1, &error);
    g_assert_no_error (error);
    run_logsgd (f->dir, &r, "export", "--set", "dataset.epochs=1", "--data", "-o", "new.pdf",
                NULL);
    g_assert_cmpint (r.status, ==, 0);
    run_clear (&r);
    run_logsgd (f->dir, &r, "export", "--set", "dataset.epochs=1", "--data", "-o", "fig.svg",
                NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "fig.csv"));
    {
      g_autofree char *svg = path_in (f, "fig.svg");

      g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
    }
  }
  {
    g_auto(Run) r = { 0 };
    g_autoptr(GBytes) now = NULL;

    run_logsgd (f->dir, &r, "export", "--set", "dataset.epochs=1", "--force", "-o", "fig.pdf",
                NULL);
    g_assert_cmpint (r.status, ==, 0);
    now = read_bytes (path);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (now, NULL), "%PDF-"));
  }
}

static void
test_cli_bad_input (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    const char *args[8];
    const char *says;     /* the message names what is wrong */
  } cases[] = {
    { { "--figure", "weights", NULL }, "-o FILE" },
    { { "--figure", "histogram", "-o", "a.pdf", NULL }, "histogram" },
    { { "--size", "A4", "-o", "a.pdf", NULL }, "A4" },
    { { "--size", "3x2cm", "-o", "a.pdf", NULL }, "89x60mm" },
    { { "--dpi", "10", "-o", "a.png", NULL }, "--dpi 10" },
    { { "--dpi", "4800", "-o", "a.png", NULL }, "2400" },
    { { "--font-size", "1", "-o", "a.pdf", NULL }, "--font-size" },
    { { "-o", "a.eps", NULL }, "a.eps" },
    { { "--format", "png", "-o", "a.pdf", NULL }, "a.pdf" },
    { { "--format", "tiff", "-o", "a", NULL }, "tiff" },
    { { "--data", "--format", "png", "-o", "a.csv", NULL }, "a.csv" },
    { { "-o", "missing dir/a.pdf", NULL }, "missing dir" },
    { { "--figure", "cells", "--weight", "9", "-o", "a.pdf", NULL }, "--weight 9" },
    { { "--set", "circuit.i_eta=-1", "-o", "a.pdf", NULL }, "i_eta" },
    { { "no-such.ini", "-o", "a.pdf", NULL }, "no-such.ini" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_auto(Run) r = { 0 };
      g_autofree char *listing = NULL;

      g_ptr_array_add (argv, (char *) logsgd_path ());
      g_ptr_array_add (argv, "export");
      for (guint k = 0; cases[i].args[k] != NULL; k++)
        g_ptr_array_add (argv, (char *) cases[i].args[k]);
      g_ptr_array_add (argv, NULL);
      spawn (f->dir, (const char *const *) argv->pdata, &r);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "logsgd export: "));
      if (strstr (r.err, cases[i].says) == NULL)
        g_error ("case %u: \xe2\x80\x9c%s\xe2\x80\x9d not in: %s", i, cases[i].says, r.err);
      listing = list_dir (f->dir);
      g_assert_cmpstr (listing, ==, "");
    }
}

/* The .tex output compiles with pgfplots: TeX Live is part of the test's
 * dependencies (.ci/setup installs texlive-latex-base and
 * texlive-pictures); without it the check cannot be made: fail. */
static void
test_tex_compiles (Fixture       *f,
                   gconstpointer  data)
{
  const char *latex = need_tool ("pdflatex", "texlive-latex-base");
  const char *kpsewhich = need_tool ("kpsewhich", "texlive-latex-base");
  g_auto(Run) r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *main_tex = path_in (f, "main.tex");

  {
    const char *argv[] = { kpsewhich, "pgfplots.sty", NULL };
    g_auto(Run) k = { 0 };

    spawn (f->dir, argv, &k);
    if (k.status != 0)
      g_error ("pgfplots.sty not found: these tests need texlive-pictures "
               "(apt-get install texlive-pictures; .ci/setup installs it)");
  }
  run_logsgd (f->dir, &r, "export", "--set", "dataset.epochs=1", "--figure", "sheet",
              "--size", "ieee-double", "--tex", "-o", "sheet.pdf", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_file_set_contents (main_tex,
                       "\\documentclass{article}\n\\usepackage{pgfplots}\n"
                       "\\pgfplotsset{compat=1.16}\n\\begin{document}\n"
                       "\\input{sheet.tex}\n\\end{document}\n", -1, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { latex, "-interaction=nonstopmode", "-halt-on-error", "main.tex", NULL };
    g_auto(Run) t = { 0 };

    spawn (f->dir, argv, &t);
    if (t.status != 0)
      g_error ("pdflatex failed on the exported .tex:\n%s", t.out);
  }
  {
    g_autofree char *pdf = path_in (f, "main.pdf");

    g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
}

/* ---- The map, written as run figures are ------------------------------ */

/* A 3 x 3 map of 1-epoch runs over I_eta and the derived lambda axis. */
#define MAP_SETS "--set", "dataset.samples=50", "--set", "dataset.epochs=1"
#define MAP_AXES "--vary", "circuit.i_eta=5e-10:2e-9:3:log", "--vary", "lambda=1e-3:1e-1:3:log"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The fonts pdffonts lists, without the subset tags, sorted, one a line;
 * every one embedded and none a Type 3 font. */
static char *
pdf_font_names (const char *dir,
                const char *path)
{
  const char *argv[] = { poppler_tool ("pdffonts"), path, NULL };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) re = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) r = { 0 };
  GString *out = g_string_new (NULL);

  spawn (dir, argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "name"));
  /* subset tag, name, type (may hold spaces), encoding, emb, sub, uni, object, generation */
  re = g_regex_new ("^(?:[A-Z]{6}\\+)?(\\S+)\\s+(.+?)\\s+(\\S+)\\s+(yes|no)\\s+(yes|no)\\s+(yes|no)"
                    "\\s+\\d+\\s+\\d+\\s*$", 0, 0, NULL);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) m = NULL;
      g_autofree char *name = NULL;
      g_autofree char *type = NULL;
      g_autofree char *emb = NULL;

      if (lines[i][0] == '\0')
        continue;
      if (!g_regex_match (re, lines[i], 0, &m))
        g_error ("unexpected pdffonts line: %s", lines[i]);
      name = g_match_info_fetch (m, 1);
      type = g_match_info_fetch (m, 2);
      emb = g_match_info_fetch (m, 4);
      g_assert_cmpstr (emb, ==, "yes");
      g_assert_cmpstr (type, !=, "Type 3");
      g_ptr_array_add (names, g_strdup_printf ("%s %s", name, type));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (names, i));
  return g_string_free (out, FALSE);
}

/* The height of the first occurrence of word in a PDF's text, in points,
 * from pdftotext -bbox: the font's ascent plus descent at its size. */
static double
pdf_word_height (const char *dir,
                 const char *path,
                 const char *word)
{
  const char *argv[] = { poppler_tool ("pdftotext"), "-bbox", path, "-", NULL };
  g_autofree char *pattern = g_strdup_printf ("<word xMin=\"[0-9.]+\" yMin=\"([0-9.]+)\" "
                                              "xMax=\"[0-9.]+\" yMax=\"([0-9.]+)\">%s</word>",
                                              word);
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  g_autofree char *y0 = NULL;
  g_autofree char *y1 = NULL;
  g_auto(Run) r = { 0 };

  spawn (dir, argv, &r);
  g_assert_cmpint (r.status, ==, 0);
  if (!g_regex_match (re, r.out, 0, &m))
    g_error ("no word %s in %s", word, path);
  y0 = g_match_info_fetch (m, 1);
  y1 = g_match_info_fetch (m, 2);
  return g_ascii_strtod (y1, NULL) - g_ascii_strtod (y0, NULL);
}

static void
test_map_pdf (Fixture       *f,
              gconstpointer  data)
{
  static const char *const sets[] = { "dataset.samples=50", "dataset.epochs=1", NULL };
  g_autofree char *map = path_in (f, "map.pdf");
  g_autofree char *map12 = path_in (f, "map12.pdf");
  g_autofree char *weights = path_in (f, "weights.pdf");
  g_autofree char *map_fonts = NULL;
  g_autofree char *run_fonts = NULL;
  g_autoptr(LsgParams) want = NULL;
  g_autoptr(LsgParams) back = NULL;
  g_autoptr(GError) error = NULL;
  double h_map, h_map12, h_run;

  {
    g_auto(Run) r = { 0 };

    run_logsgd (f->dir, &r, "export", "--figure", "map", MAP_AXES, MAP_SETS,
                "--size", "89x60mm", "-o", "map.pdf", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto(Run) r = { 0 };

    run_logsgd (f->dir, &r, "export", "--figure", "map", MAP_AXES, MAP_SETS,
                "--size", "89x60mm", "--font-size", "12", "-o", "map12.pdf", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto(Run) r = { 0 };

    run_logsgd (f->dir, &r, "export", "--figure", "weights", MAP_SETS,
                "--size", "89x60mm", "-o", "weights.pdf", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }

  /* the design point of the command line, where run figures carry it */
  {
    const char *argv[] = { poppler_tool ("pdfinfo"), map, NULL };
    g_auto(Run) r = { 0 };

    spawn (f->dir, argv, &r);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^Subject: +LogSGD design point ", r.out,
                                         G_REGEX_MULTILINE, 0));
  }
  want = lsg_params_load_with_overrides (NULL, sets, &error);
  g_assert_no_error (error);
  back = lsg_export_read_design_point (map, &error);
  g_assert_no_error (error);
  g_assert_true (lsg_params_equal (back, want));

  /* the fonts of a run figure's export, embedded */
  map_fonts = pdf_font_names (f->dir, map);
  run_fonts = pdf_font_names (f->dir, weights);
  g_test_message ("map fonts:\n%s", map_fonts);
  g_assert_cmpstr (map_fonts, !=, "");
  g_assert_cmpstr (map_fonts, ==, run_fonts);

  /* and their size: the legend's "design" is set at the export's font
   * size as the run figure's axis title "Time" is (8 pt by default); at
   * --font-size 12 it is 1.5 times as high.  pdftotext prints 6 digits. */
  h_map = pdf_word_height (f->dir, map, "design");
  h_run = pdf_word_height (f->dir, weights, "Time");
  h_map12 = pdf_word_height (f->dir, map12, "design");
  g_test_message ("word heights: map %g pt, run figure %g pt, map at 12 pt %g pt",
                  h_map, h_run, h_map12);
  g_assert_cmpfloat (h_map, >, 8);
  g_assert_cmpfloat_with_epsilon (h_map, h_run, 1e-4);
  g_assert_cmpfloat_with_epsilon (h_map12 / h_map, 1.5, 1e-4);
}

/* -o - : the figure on the standard output (the report aside), no file
 * named "-"; --data needs a file to write beside and is refused. */
static void
test_cli_stdout (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) d = { 0 };

  run_logsgd (f->dir, &r, "export", "--format", "png", "--dpi", "72", "-o", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (memcmp (r.out, "\x89PNG\r\n\x1a\n", 8) == 0);
  assert_contains (r.err, "Wrote -");
  g_assert_false (exists_in (f, "-"));

  run_logsgd (f->dir, &d, "export", "--format", "png", "--data", "-o", "-", NULL);
  g_assert_cmpint (d.status, ==, 2);
  assert_contains (d.err, "--data and --tex need a file name");
  g_assert_false (exists_in (f, "-.csv"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/export/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("cli/data", test_cli_data);
  ADD ("cli/design-point", test_cli_design_point);
  ADD ("cli/force", test_cli_force);
  ADD ("cli/bad-input", test_cli_bad_input);
  ADD ("cli/tex-compiles", test_tex_compiles);
  ADD ("map-pdf", test_map_pdf);
  ADD ("cli/stdout", test_cli_stdout);
#undef ADD

  return g_test_run ();
}
