/* lsg-export-tex.c: a pgfplots picture of a figure, reading its CSV. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include "lsg-export-private.h"

/* ---- Data: pgfplots --------------------------------------------------- */

static char *
tex_escape (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '\\': g_string_append (s, "\\textbackslash{}"); break;
        case '{': case '}': case '$': case '&': case '#': case '_': case '%':
          g_string_append_c (s, '\\');
          g_string_append_c (s, (char) c);
          break;
        case '^': g_string_append (s, "\\textasciicircum{}"); break;
        case '~': g_string_append (s, "\\textasciitilde{}"); break;
        case 0x2212: g_string_append (s, "\\ensuremath{-}"); break;
        case 0x00B5: case 0x03BC: g_string_append (s, "\\ensuremath{\\mu}"); break;
        case 0x00D7: g_string_append (s, "\\ensuremath{\\times}"); break;
        default: g_string_append_unichar (s, c);
        }
    }
  return g_string_free (s, FALSE);
}

/* The SI prefix that shows the range with 1 to 999 before the unit, as
 * the renderer's axis title does: its factor and the prefixed unit. */
static double
axis_scale (double      lo,
            double      hi,
            const char *unit,
            char      **prefixed)
{
  static const struct {
    double      factor;
    const char *prefix;
  } prefixes[] = {
    { 1e-15, "f" }, { 1e-12, "p" }, { 1e-9, "n" }, { 1e-6, "\xc2\xb5" },
    { 1e-3, "m" }, { 1, "" }, { 1e3, "k" }, { 1e6, "M" }, { 1e9, "G" },
  };
  double m = MAX (fabs (lo), fabs (hi));
  guint best = 5;

  if (unit == NULL || unit[0] == '\0')
    {
      *prefixed = g_strdup ("");
      return 1;
    }
  if (m > 0 && isfinite (m))
    for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
      if (m / prefixes[i].factor >= 1 - 1e-9)
        best = i;
  *prefixed = g_strconcat (prefixes[best].prefix, unit, NULL);
  return prefixes[best].factor;
}

static char *
tex_axis_label (const char *label,
                const char *unit)
{
  g_autofree char *l = tex_escape (label != NULL ? label : "");
  g_autofree char *u = tex_escape (unit != NULL ? unit : "");

  if (l[0] != '\0' && u[0] != '\0')
    return g_strdup_printf ("%s (%s)", l, u);
  return g_strdup (l[0] != '\0' ? l : u);
}

/* The renderer's marker for a palette index: open shapes (pgfplots'
 * names without *) from the ninth index on. */
static const char *
tex_mark (guint palette)
{
  gboolean open = palette % LSG_PALETTE_SIZE >= LSG_PALETTE_N_STYLES;

  switch (lsg_palette_marker (palette))
    {
    case LSG_MARKER_CIRCLE: return open ? "o" : "*";
    case LSG_MARKER_SQUARE: return open ? "square" : "square*";
    case LSG_MARKER_TRIANGLE_UP: return open ? "triangle" : "triangle*";
    case LSG_MARKER_DIAMOND: return open ? "diamond" : "diamond*";
    case LSG_MARKER_TRIANGLE_DOWN: return open ? "triangle" : "triangle*";
    case LSG_MARKER_PLUS: return "+";
    case LSG_MARKER_CROSS: return "x";
    case LSG_MARKER_STAR:
    default: return "asterisk";
    }
}

static const char *
tex_dash (LsgLineStyle line)
{
  switch (line)
    {
    case LSG_LINE_DASHED: return "densely dashed";
    case LSG_LINE_DOTTED: return "densely dotted";
    case LSG_LINE_NONE: return "only marks, mark=*";
    case LSG_LINE_SOLID:
    default: return "solid";
    }
}

static void
tex_number (GString *out,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

#define TEX_POINTS 800
#define TEX_LEGEND_COLS 4

/* The corner of the axis with the fewest data points, in the order
 * pgfplots users expect (north east first). */
static const char *
tex_legend_corner (LsgFigure *fig)
{
  static const char *const corners[] = { "north east", "north west", "south east", "south west" };
  LsgRange vx, vy;
  gsize count[4] = { 0 };
  gboolean y_log = lsg_figure_get_y_log (fig);
  guint best = 0;

  lsg_figure_get_view (fig, &vx, &vy);
  for (guint s = 0; s < lsg_figure_get_n_series (fig); s++)
    {
      const double *x, *y;
      gsize n = lsg_figure_series_get_data (fig, s, &x, &y);
      gsize step = MAX (n / 2000, 1);

      for (gsize k = 0; k < n; k += step)
        {
          double tx = (x[k] - vx.lo) / (vx.hi - vx.lo), ty;

          if (y_log)
            ty = y[k] > 0 ? log (y[k] / vy.lo) / log (vy.hi / vy.lo) : NAN;
          else
            ty = (y[k] - vy.lo) / (vy.hi - vy.lo);
          if (!(tx >= 0 && tx <= 1 && ty >= 0 && ty <= 1))
            continue;
          if (tx > 0.55 && ty > 0.6)
            count[0]++;
          if (tx < 0.45 && ty > 0.6)
            count[1]++;
          if (tx > 0.55 && ty < 0.4)
            count[2]++;
          if (tx < 0.45 && ty < 0.4)
            count[3]++;
        }
    }
  {
    /* the span's label sits at its top left */
    double x0, x1, tx;
    const char *label;

    lsg_figure_get_span (fig, &x0, &x1, &label);
    tx = (x0 - vx.lo) / (vx.hi - vx.lo);
    if (label != NULL && label[0] != '\0' && tx >= 0 && tx <= 1)
      count[tx > 0.5 ? 0 : 1] += 1000;
  }
  for (guint c = 1; c < G_N_ELEMENTS (corners); c++)
    if (count[c] < count[best])
      best = c;
  return corners[best];
}

static void
tex_panel (GString                 *out,
           LsgFigure               *fig,
           guint                    index_,
           guint                    n_panels,
           const LsgExportOptions  *options,
           const char              *csv_name)
{
  LsgFigureStyle style;
  LsgRange vx, vy;
  guint cols = lsg_export_grid_columns (n_panels);
  guint rows = (n_panels + cols - 1) / cols;
  double pw = options->width_pt / cols, ph = options->height_pt / rows;
  double fs = options->font_pt;
  g_autofree char *x_unit = NULL;
  g_autofree char *y_unit = NULL;
  g_autofree char *x_label = NULL;
  g_autofree char *y_label = NULL;
  /* a file name and column names are read by pgfplots, not typeset */
  const char *csv = csv_name;
  const char *x_col = lsg_figure_get_x_column (fig);
  gboolean y_log = lsg_figure_get_y_log (fig);
  double x_scale, y_scale;
  guint n_series = lsg_figure_get_n_series (fig), n_legend = 0;
  const double *edge_y;
  const guint *edge_palette;
  const char *edge_label, *span_label, *hline_label;
  guint n_edges;
  double span_x0, span_x1, hline_y;

  lsg_figure_style_init_print (&style);
  style.font_size = fs;
  lsg_figure_get_view (fig, &vx, &vy);
  x_scale = axis_scale (vx.lo, vx.hi, lsg_figure_get_x_unit (fig), &x_unit);
  /* log axes too take the prefix: their ticks are the renderer's, and
   * read 100, 200, 500 pA rather than 0.0000000001 A */
  y_scale = axis_scale (vy.lo, vy.hi, lsg_figure_get_y_unit (fig), &y_unit);
  x_label = tex_axis_label (lsg_figure_get_x_label (fig), x_unit);
  y_label = tex_axis_label (lsg_figure_get_y_label (fig), y_unit);
  n_edges = lsg_figure_get_edge_markers (fig, &edge_y, &edge_palette, &edge_label);
  lsg_figure_get_span (fig, &span_x0, &span_x1, &span_label);
  lsg_figure_get_hline (fig, &hline_y, &hline_label);
  for (guint s = 0; s < n_series; s++)
    n_legend += lsg_figure_series_get_in_legend (fig, s);
  n_legend += n_edges > 0 && edge_label != NULL && edge_label[0] != '\0';

  /* colours as the renderer draws them in print style */
  for (guint s = 0; s < n_series; s++)
    {
      double rgb[3];

      lsg_figure_series_get_color (fig, s, &style, rgb);
      g_string_append_printf (out, "\\definecolor{lsg%c%u}{rgb}{%.3f,%.3f,%.3f}\n",
                              'a' + index_, s, rgb[0], rgb[1], rgb[2]);
    }

  g_string_append (out, "\\begin{axis}[\n");
  if (n_panels > 1)
    {
      /* every length a fraction of the figure's width, \lsgfigwidth */
      g_string_append_printf (out, "  at={(%.4f*\\lsgfigwidth,%.4f*\\lsgfigwidth)}, anchor=outer north west,\n",
                              (index_ % cols) * pw / options->width_pt,
                              -(double) (index_ / cols) * ph / options->width_pt);
      g_string_append_printf (out, "  title={(%c)}, title style={at={(0,1)}, anchor=south east, "
                              "font=\\bfseries},\n", 'a' + index_);
    }
  {
    /* a legend under the axis takes its height from the panel's */
    guint legend_rows = (n_legend + TEX_LEGEND_COLS - 1) / TEX_LEGEND_COLS;
    double legend_h = n_legend > 4 ? legend_rows * 1.6 * 0.75 * fs + 1.5 * fs : 0;

    g_string_append_printf (out, "  width=%.4f*\\lsgfigwidth, height=%.4f*\\lsgfigwidth,\n",
                            pw / options->width_pt, (ph - legend_h) / options->width_pt);
  }
  g_string_append_printf (out, "  xlabel={%s}, ylabel={%s},\n", x_label, y_label);
  g_string_append (out, "  xmin=");
  tex_number (out, vx.lo / x_scale);
  g_string_append (out, ", xmax=");
  tex_number (out, vx.hi / x_scale);
  g_string_append (out, ", ymin=");
  tex_number (out, vy.lo / y_scale);
  g_string_append (out, ", ymax=");
  tex_number (out, vy.hi / y_scale);
  g_string_append (out, ",\n");
  if (y_log)
    {
      /* the renderer's ticks: pgfplots alone labels only decades, and a
       * range within one decade would have none */
      LsgTick ticks[LSG_TICKS_MAX];
      guint n_ticks = vy.lo > 0 && vy.hi > vy.lo ? lsg_ticks_log (vy.lo, vy.hi, 8, ticks) : 0;
      gboolean decades_only = TRUE;
      guint n_major = 0;

      g_string_append (out, "  ymode=log,\n");
      for (guint k = 0; k < n_ticks; k++)
        if (ticks[k].major)
          {
            double e = log10 (ticks[k].value);

            n_major++;
            if (fabs (e - round (e)) > 1e-9)
              decades_only = FALSE;
          }
      if (n_major >= 2)
        {
          gboolean first = TRUE;

          g_string_append (out, "  ytick={");
          for (guint k = 0; k < n_ticks; k++)
            if (ticks[k].major)
              {
                if (!first)
                  g_string_append_c (out, ',');
                tex_number (out, ticks[k].value / y_scale);
                first = FALSE;
              }
          g_string_append (out, "},\n");
          if (n_major < n_ticks)
            {
              first = TRUE;
              g_string_append (out, "  minor ytick={");
              for (guint k = 0; k < n_ticks; k++)
                if (!ticks[k].major)
                  {
                    if (!first)
                      g_string_append_c (out, ',');
                    tex_number (out, ticks[k].value / y_scale);
                    first = FALSE;
                  }
              g_string_append (out, "},\n");
            }
          /* 1-2-5 ticks read as numbers (0.02), decades as powers */
          if (!decades_only)
            g_string_append (out, "  log ticks with fixed point,\n");
        }
    }
  g_string_append (out, "  scaled ticks=false, unbounded coords=jump,\n"
                        "  label style={font=\\footnotesize}, tick label style={font=\\scriptsize},\n"
                        "  legend style={font=\\scriptsize, draw=none, fill=white, fill opacity=0.85, "
                        "text opacity=1},\n"
                        "  legend cell align=left,\n");
  /* many entries under the plot in rows, a few inside in the corner
   * with the least data, as the renderer does */
  if (n_legend > 4)
    g_string_append_printf (out, "  legend columns=%u, legend style={at={(0.5,0)}, anchor=north, "
                            "yshift=-%.1fpt, /tikz/every even column/.append style="
                            "{column sep=0.5em}},\n", MIN (n_legend, TEX_LEGEND_COLS),
                            3.4 * fs);
  else
    g_string_append_printf (out, "  legend pos=%s,\n", tex_legend_corner (fig));
  g_string_append (out, "]\n");

  if (!isnan (span_x0))
    {
      g_string_append (out, "\\addplot[draw=none, fill=black, fill opacity=0.1, forget plot] "
                            "coordinates {");
      for (guint k = 0; k < 4; k++)
        {
          g_string_append_c (out, '(');
          tex_number (out, (k == 0 || k == 3 ? span_x0 : span_x1) / x_scale);
          g_string_append_c (out, ',');
          tex_number (out, (k < 2 ? vy.lo : vy.hi) / y_scale);
          g_string_append (out, ") ");
        }
      g_string_append (out, "} -- cycle;\n");
      if (span_label != NULL && span_label[0] != '\0')
        {
          g_autofree char *label = tex_escape (span_label);

          g_string_append (out, "\\node[anchor=north west, font=\\scriptsize, text=black!70] at (axis cs:");
          tex_number (out, span_x0 / x_scale);
          g_string_append_c (out, ',');
          tex_number (out, vy.hi / y_scale);
          g_string_append_printf (out, ") {%s};\n", label);
        }
    }
  if (isfinite (hline_y))
    {
      g_string_append (out, "\\addplot[black!60, dashed, forget plot] coordinates {(");
      tex_number (out, vx.lo / x_scale);
      g_string_append_c (out, ',');
      tex_number (out, hline_y / y_scale);
      g_string_append (out, ") (");
      tex_number (out, vx.hi / x_scale);
      g_string_append_c (out, ',');
      tex_number (out, hline_y / y_scale);
      g_string_append (out, ")};\n");
    }

  for (guint s = 0; s < n_series; s++)
    {
      const double *sx, *sy;
      gsize n = lsg_figure_series_get_data (fig, s, &sx, &sy);
      guint palette = lsg_figure_series_get_palette (fig, s);
      LsgMarker marker = lsg_palette_marker (palette);
      gboolean legend = lsg_figure_series_get_in_legend (fig, s);
      gboolean marks = lsg_figure_series_get_print_marker (fig, s);
      g_autofree char *name = tex_escape (lsg_figure_series_get_name (fig, s));
      GString *opts = g_string_new (NULL);

      /* pdflatex's fixed memory holds some 20 000 points in all:
       * thinned to TEX_POINTS per trace (lualatex can take them all) */
      gsize nth = (n + TEX_POINTS - 1) / TEX_POINTS;

      g_string_append_printf (opts, "lsg%c%u, line width=%.2fpt, %s", 'a' + index_, s,
                              style.line_width, tex_dash (lsg_figure_series_get_line (fig, s)));
      if (nth > 1)
        g_string_append_printf (opts, ", each nth point=%" G_GSIZE_FORMAT
                                ", filter discard warning=false", nth);
      if (marks)
        {
          /* about six marks along the line, staggered as on screen */
          gsize repeat = MAX (n / MAX (nth, 1) / 6, 1);

          g_string_append_printf (opts, ", mark=%s, mark size=%.2fpt, mark repeat=%" G_GSIZE_FORMAT
                                  ", mark phase=%" G_GSIZE_FORMAT ", mark options={solid%s}",
                                  tex_mark (palette), 0.28 * fs, repeat,
                                  1 + (s % 5) * repeat / 5,
                                  marker == LSG_MARKER_TRIANGLE_DOWN ? ", rotate=180" : "");
        }
      else
        g_string_append (opts, ", no markers");
      if (n == 0)
        {
          if (legend)
            g_string_append_printf (out, "\\addlegendimage{%s}\n\\addlegendentry{%s}\n",
                                    opts->str, name);
        }
      else
        {
          g_autofree char *y_tex = _lsg_export_series_column (fig, s);
          const char *x_tex = x_col != NULL ? x_col : "x";

          g_string_append_printf (out, "\\addplot[%s%s] table[", opts->str, legend ? "" : ", forget plot");
          if (x_scale != 1)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              /* the CSV keeps SI units; the axis shows the prefix */
              g_string_append_printf (out, "x expr=\\thisrow{%s}*%s", x_tex,
                                      g_ascii_formatd (buf, sizeof buf, "%g", 1 / x_scale));
            }
          else
            g_string_append_printf (out, "x=%s", x_tex);
          if (y_scale != 1)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append_printf (out, ", y expr=\\thisrow{%s}*%s", y_tex,
                                      g_ascii_formatd (buf, sizeof buf, "%g", 1 / y_scale));
            }
          else
            g_string_append_printf (out, ", y=%s", y_tex);
          g_string_append_printf (out, ", col sep=comma]{\\lsgdatadir %s};\n", csv);
          if (legend)
            g_string_append_printf (out, "\\addlegendentry{%s}\n", name);
        }
      g_string_free (opts, TRUE);
    }

  if (n_edges > 0)
    {
      /* edge markers: triangles on the right edge pointing in */
      for (guint k = 0; k < n_edges; k++)
        {
          guint colour = G_MAXUINT;

          if (!isfinite (edge_y[k]) || (y_log && edge_y[k] <= 0))
            continue;
          for (guint s = 0; s < n_series && colour == G_MAXUINT; s++)
            if (lsg_figure_series_get_palette (fig, s) == edge_palette[k])
              colour = s;
          g_string_append (out, "\\addplot[only marks, forget plot, mark=triangle*, ");
          if (colour != G_MAXUINT)
            g_string_append_printf (out, "lsg%c%u, ", 'a' + index_, colour);
          g_string_append_printf (out, "mark size=%.2fpt, mark options={xshift=%.2fpt, rotate=90}] "
                                  "coordinates {(", 0.3 * fs, 0.3 * fs);
          tex_number (out, vx.hi / x_scale);
          g_string_append_c (out, ',');
          tex_number (out, edge_y[k] / y_scale);
          g_string_append (out, ")};\n");
        }
      if (edge_label != NULL && edge_label[0] != '\0')
        {
          g_autofree char *label = tex_escape (edge_label);

          g_string_append_printf (out, "\\addlegendimage{only marks, mark=triangle*, black!80, "
                                  "mark options={rotate=90}}\n\\addlegendentry{%s}\n", label);
        }
    }
  g_string_append (out, "\\end{axis}\n");
}

char *
_lsg_export_build_tex (LsgFigure              **panels,
                       guint                    n_panels,
                       const LsgExportOptions  *options,
                       const char              *path,
                       const char              *csv_path)
{
  g_autofree char *csv_name = g_path_get_basename (csv_path);
  g_autofree char *name = g_path_get_basename (path);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out,
    "%% LogSGD Explorer figure %s as a pgfplots picture: written by logsgd export,\n"
    "%% it reads its data from %s (the same numbers the figure shows, SI units).\n"
    "%% In a LaTeX document:\n"
    "%%   \\usepackage{pgfplots}\n"
    "%%   \\pgfplotsset{compat=1.16}\n"
    "%%   \\input{this file}\n"
    "%% The CSV is read from \\lsgdatadir: the directory of this file when the\n"
    "%% document loads the currfile package, else LaTeX's own directory; or\n"
    "%% say where it is before the \\input, e.g. \\newcommand\\lsgdatadir{figs/}.\n"
    "%% The picture is \\lsgfigwidth wide (default %.4gpt, as exported), every\n"
    "%% length in proportion: \\newcommand\\lsgfigwidth{\\columnwidth} before\n"
    "%% the \\input fits it to the column.\n"
    "%% Restyle freely.  Long traces are thinned (each nth point) to fit\n"
    "%% pdflatex's memory; with lualatex remove each nth point to plot all.\n"
    "%% pgfplots reads the CSV once per trace: with many traces, the\n"
    "%% external library (\\usetikzlibrary{external}) saves recompiling.\n",
    name, csv_name, options->width_pt);
  g_string_append_printf (out,
    "\\providecommand\\lsgdatadir{\\ifcsname currfiledir\\endcsname\\currfiledir\\fi}\n"
    "\\providecommand\\lsgfigwidth{%.4gpt}\n", options->width_pt);
  g_string_append (out, "\\begin{tikzpicture}\n");
  for (guint i = 0; i < n_panels; i++)
    tex_panel (out, panels[i], i, n_panels, options, csv_name);
  g_string_append (out, "\\end{tikzpicture}\n");
  return g_string_free (out, FALSE);
}
