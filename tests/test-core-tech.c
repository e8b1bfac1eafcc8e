/* test-core-tech.c: technology presets (MODEL.md sections 6 and 7).
 *
 * References independent of the code under test:
 * - the preset files themselves, read as text from resources/tech/ and
 *   parsed here line by line (values, and the comment above each value);
 * - the ngspice extraction of the shared SPICE data
 *   (data/spice/subthreshold-extraction.txt), figures copied by hand below
 *   so that the test does not depend on where that directory is;
 * - the SkyWater SKY130 documentation figures, copied by hand;
 * - eps_0 (CODATA 2018) for the oxide capacitances.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lsg-design-file.h"
#include "lsg-params.h"
#include "lsg-tech.h"
#include "lsg-test-util.h"

/* subthreshold-extraction.txt, ngspice 39, U_T(27 C) = 25.865 mV:
 * p180_L1  W/L = 1/1 um  n_min = 1.493  I_spec/sq = 296.6 nA  (0.18 um pMOS)
 * p65_L1   W/L = 1/1 um  n_min = 1.496  I_spec/sq = 254.1 nA  (PTM 65 nm pMOS) */
#define P180_N          1.493
#define P180_ISPEC_SQ_A 296.6e-9
#define P65_N           1.496
#define P65_ISPEC_SQ_A  254.1e-9
/* The tolerances: kappa = 1/n to 1e-3 (the file rounds to three
 * digits); I_spec per square to 5 % (the two geometries of the 0.18 um card
 * already differ by 3 %). */
#define KAPPA_TOL       1e-3
#define ISPEC_SQ_RTOL   0.05

#define EPS0_F_PER_M    8.8541878128e-12
#define EPS_SIO2        3.9

/* The keys every preset gives (issue 4), and no others. */
static const char *const expected_keys[] = {
  "circuit.kappa", "circuit.v_t0", "circuit.v_dd",
  "nonideal.a_vt", "nonideal.i_leak", "nonideal.leak_doubling",
  "tech.node", "tech.cap_density_mim", "tech.cap_density_mos", "tech.capacitor",
  "tech.w_min", "tech.l_min", "tech.layout_factor", "tech.routing_overhead",
  "tech.i_spec_sq", "tech.cell_w_over_l",
  NULL
};

/* One key=value line of a preset file and the comment block right above it. */
typedef struct {
  char    *group;
  char    *path;          /* "group.key" */
  char    *value;
  char    *comment;       /* '#' and one space removed, lines joined by '\n' */
  gboolean comment_adjacent; /* the line right above is a comment */
  guint    line;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->group);
  g_free (e->path);
  g_free (e->value);
  g_free (e->comment);
  g_free (e);
}

typedef struct {
  char      *text;
  char      *header;      /* the comment lines before the first group */
  GPtrArray *entries;     /* of Entry */
} PresetFile;

static void
preset_file_free (PresetFile *f)
{
  g_free (f->text);
  g_free (f->header);
  g_ptr_array_unref (f->entries);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PresetFile, preset_file_free)

static PresetFile *
read_preset_file (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".ini", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "tech",
                                                 file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(GPtrArray) block = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  g_autofree char *group = NULL;
  PresetFile *f = g_new0 (PresetFile, 1);

  f->entries = g_ptr_array_new_with_free_func (entry_free);
  g_file_get_contents (path, &f->text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (f->text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (line[0] == '#')
        {
          const char *body = line[1] == ' ' ? line + 2 : line + 1;

          if (group == NULL)
            g_string_append_printf (header, "%s\n", body);
          g_ptr_array_add (block, g_strdup (body));
        }
      else if (line[0] == '\0')
        g_ptr_array_set_size (block, 0);
      else if (line[0] == '[')
        {
          const char *end = strchr (line, ']');

          g_assert_nonnull (end);
          g_free (group);
          group = g_strndup (line + 1, end - line - 1);
          g_ptr_array_set_size (block, 0);
        }
      else
        {
          const char *eq = strchr (line, '=');
          Entry *e = g_new0 (Entry, 1);
          g_autofree char *key = NULL;

          if (eq == NULL || group == NULL)
            g_error ("%s line %u: not a key=value line in a group: %s", name, i + 1, line);
          key = g_strndup (line, eq - line);
          e->group = g_strdup (group);
          e->path = g_strdup_printf ("%s.%s", group, key);
          e->value = g_strdup (eq + 1);
          e->comment_adjacent = i > 0 && lines[i - 1][0] == '#';
          g_ptr_array_add (block, NULL);
          e->comment = g_strjoinv ("\n", (char **) block->pdata);
          e->line = i + 1;
          g_ptr_array_add (f->entries, e);
          g_ptr_array_set_size (block, 0);
        }
    }
  f->header = g_string_free (g_steal_pointer (&header), FALSE);
  return f;
}

static const Entry *
find_entry (const PresetFile *f,
            const char       *path)
{
  for (guint i = 0; i < f->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (f->entries, i);

      if (g_str_equal (e->path, path))
        return e;
    }
  return NULL;
}

static double
entry_number (const PresetFile *f,
              const char       *path)
{
  const Entry *e = find_entry (f, path);
  char *end = NULL;
  double v;

  g_assert_nonnull (e);
  v = g_ascii_strtod (e->value, &end);
  g_assert_true (*end == '\0');
  return v;
}

/* Runs of white space made one space, ends trimmed: compares texts that
 * differ only in wrapping. */
static char *
normalize_space (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_words (const char *text)
{
  g_autofree char *norm = normalize_space (text);
  g_auto(GStrv) words = g_strsplit (norm, " ", -1);

  return norm[0] == '\0' ? 0 : g_strv_length (words);
}

/* The text after "label" on the comment line that starts with it, NULL if
 * none. */
static char *
labelled_line (const char *comment,
               const char *label)
{
  g_auto(GStrv) lines = g_strsplit (comment, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], label))
      {
        /* a wrapped Source line continues up to the next labelled line */
        g_autoptr(GString) text = g_string_new (lines[i] + strlen (label));

        for (guint j = i + 1; lines[j] != NULL && !g_str_has_prefix (lines[j], "Kind:")
                              && !g_str_has_prefix (lines[j], "Source:"); j++)
          g_string_append_printf (text, " %s", lines[j]);
        return g_string_free (g_steal_pointer (&text), FALSE);
      }
  return NULL;
}

/* The paper preset with a technology applied: what a file that names the
 * technology and nothing else must load as. */
static LsgParams *
paper_in_tech (const char *tech)
{
  g_autoptr(GError) error = NULL;
  LsgParams *params = paper ();

  g_assert_true (lsg_tech_apply (params, tech, &error));
  g_assert_no_error (error);
  return params;
}

static void
assert_lists_every_name (const GError *error)
{
  const char *const *names = lsg_tech_preset_names ();

  g_assert_nonnull (error);
  assert_contains (error->message, "none");
  for (guint i = 0; names[i] != NULL; i++)
    assert_contains (error->message, names[i]);
}

/* 1. Names */

static void
test_names (void)
{
  const char *const *names = lsg_tech_preset_names ();
  const char *const expected[] = { "cmos180", "ptm65", "sky130", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpstrv (names, expected);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (lsg_tech_is_preset (names[i]));
      g_assert_true (lsg_tech_check_name (names[i], NULL));
    }
  g_assert_false (lsg_tech_is_preset (LSG_TECH_NONE));
  g_assert_false (lsg_tech_is_preset (NULL));
  g_assert_false (lsg_tech_is_preset (""));
  g_assert_true (lsg_tech_check_name (NULL, NULL));
  g_assert_true (lsg_tech_check_name ("", NULL));
  g_assert_true (lsg_tech_check_name ("none", NULL));

  g_assert_false (lsg_tech_check_name ("sky90", &error));
  g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE);
  assert_contains (error->message, "sky90");
  assert_contains (error->message, "[tech] preset");
  assert_lists_every_name (error);
}

static void
test_human_names (void)
{
  const char *const names[] = { "cmos180", "ptm65", "sky130" };
  const char *const human[] = {
    "Generic 0.18 \xc2\xb5m CMOS", "PTM 65 nm CMOS", "SkyWater SKY130 (1.8 V)"
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = lsg_tech_get_name (names[i]);
      g_autofree char *description = lsg_tech_get_description (names[i]);
      g_autofree char *lower = NULL;

      g_assert_cmpstr (name, ==, human[i]);
      g_assert_nonnull (description);
      lower = g_utf8_strdown (description, -1);
      assert_contains (lower, "not foundry data");
    }
  g_assert_null (lsg_tech_get_name ("none"));
  g_assert_null (lsg_tech_get_description ("sky90"));
  g_assert_null (lsg_tech_list_keys ("none"));
}

/* 2. The files: every value has its source */

static void
test_file_sources (gconstpointer data)
{
  const char *name = data;
  g_autoptr(PresetFile) f = read_preset_file (name);
  g_autofree char *header = g_utf8_strdown (f->header, -1);
  g_autoptr(GPtrArray) value_paths = g_ptr_array_new ();

  /* The header says plainly which values are typical figures. */
  assert_contains (header, "typical");
  assert_contains (header, "not foundry data");

  for (guint i = 0; i < f->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (f->entries, i);
      g_autofree char *source = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *api = NULL;
      g_autofree char *want = NULL;
      g_autofree char *got = NULL;
      const char *key = strchr (e->path, '.') + 1;

      if (!e->comment_adjacent || e->comment[0] == '\0')
        g_error ("%s.ini line %u: %s has no comment right above it", name, e->line, e->path);
      if (g_str_equal (e->group, "preset"))
        continue;

      g_ptr_array_add (value_paths, e->path);
      /* the comment is about this key, names a source and says its kind */
      if (!g_str_has_prefix (e->comment, key))
        g_error ("%s.ini line %u: the comment above %s does not start with its name",
                 name, e->line, e->path);
      source = labelled_line (e->comment, "Source:");
      kind = labelled_line (e->comment, "Kind:");
      if (source == NULL || count_words (source) < 4)
        g_error ("%s.ini line %u: %s has no \xe2\x80\x9cSource:\xe2\x80\x9d line "
                 "of at least four words", name, e->line, e->path);
      if (kind == NULL || count_words (kind) < 2)
        g_error ("%s.ini line %u: %s has no \xe2\x80\x9cKind:\xe2\x80\x9d line",
                 name, e->line, e->path);

      /* lsg_tech_source gives the same comment, from the compiled-in copy */
      api = lsg_tech_source (name, e->path);
      g_assert_nonnull (api);
      want = normalize_space (e->comment);
      got = normalize_space (api);
      g_assert_cmpstr (got, ==, want);
    }

  /* Exactly the keys of the issue. */
  g_ptr_array_add (value_paths, NULL);
  g_assert_cmpstrv ((const char *const *) value_paths->pdata, expected_keys);
}

/* 3. Applying a preset */

static void
test_apply (gconstpointer data)
{
  const char *name = data;
  g_autoptr(PresetFile) f = read_preset_file (name);
  g_autoptr(LsgParams) ref = paper ();
  g_autoptr(LsgParams) p = paper ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = lsg_tech_list_keys (name);
  guint n_specs;
  const LsgKeySpec *specs = lsg_key_specs (&n_specs);
  g_autoptr(GPtrArray) want_keys = g_ptr_array_new ();

  g_assert_true (lsg_tech_apply (p, name, &error));
  g_assert_no_error (error);
  g_assert_true (lsg_params_validate (p, name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (p->tech_preset, ==, name);

  /* Every value of the file, as written. */
  for (guint i = 0; i < f->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (f->entries, i);
      const LsgKeySpec *spec;

      if (g_str_equal (e->group, "preset"))
        continue;
      g_ptr_array_add (want_keys, e->path);
      spec = lsg_key_spec_lookup_path (e->path);
      g_assert_nonnull (spec);
      if (spec->type == LSG_KEY_DOUBLE)
        g_assert_cmpfloat (lsg_params_get_number (p, spec), ==, entry_number (f, e->path));
      else
        {
          g_autofree char *text = lsg_params_get_as_string (p, spec);
          g_assert_cmpstr (text, ==, e->value);
        }
    }

  /* The derived cell current, exactly. */
  g_assert_cmpfloat (p->i_spec, ==, p->i_spec_sq * p->cell_w_over_l);
  g_assert_cmpfloat (p->i_spec, ==,
                     entry_number (f, "tech.i_spec_sq") * entry_number (f, "tech.cell_w_over_l"));

  g_ptr_array_add (want_keys, (gpointer) "circuit.i_spec");
  g_ptr_array_add (want_keys, NULL);
  g_assert_cmpstrv (keys, (const char *const *) want_keys->pdata);

  /* Every other key keeps the paper preset's value. */
  for (guint i = 0; i < n_specs; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", specs[i].group, specs[i].key);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (g_strv_contains ((const char *const *) keys, path) || g_str_equal (path, "tech.preset"))
        continue;
      a = lsg_params_get_as_string (p, &specs[i]);
      b = lsg_params_get_as_string (ref, &specs[i]);
      g_assert_cmpstr (a, ==, b);
    }
}

static void
test_apply_none (void)
{
  g_autoptr(LsgParams) p = paper_in_tech ("ptm65");
  g_autoptr(LsgParams) before = lsg_params_copy (p);
  g_autoptr(GError) error = NULL;

  /* "none" names no technology: the values stay as they are. */
  g_assert_true (lsg_tech_apply (p, "none", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (p->tech_preset, ==, "none");
  g_free (before->tech_preset);
  before->tech_preset = g_strdup ("none");
  g_assert_true (lsg_params_equal (p, before));
}

static void
test_paper_is_none (void)
{
  g_autoptr(LsgParams) p = paper ();

  g_assert_cmpstr (p->tech_preset, ==, "none");
}

/* 4. The values against their references */

static void
test_extraction (void)
{
  g_autoptr(LsgParams) c180 = paper_in_tech ("cmos180");
  g_autoptr(LsgParams) p65 = paper_in_tech ("ptm65");

  g_assert_cmpfloat_with_epsilon (c180->kappa, 1.0 / P180_N, KAPPA_TOL);
  g_assert_cmpfloat_with_epsilon (c180->i_spec_sq / P180_ISPEC_SQ_A, 1.0, ISPEC_SQ_RTOL);
  g_assert_cmpfloat_with_epsilon (p65->kappa, 1.0 / P65_N, KAPPA_TOL);
  g_assert_cmpfloat_with_epsilon (p65->i_spec_sq / P65_ISPEC_SQ_A, 1.0, ISPEC_SQ_RTOL);
}

static void
test_oxide_capacitance (void)
{
  /* cap_density_mos = eps_ox / t_ox of each card: pmos180 TOX = 4.1 nm,
   * ptm65 pmos65 toxe = 1.95 nm, sky130 pfet_01v8 toxe = 4.23 nm; the
   * files round to three digits, hence 0.5 %. */
  const char *const names[] = { "cmos180", "ptm65", "sky130" };
  const double tox_m[] = { 4.1e-9, 1.95e-9, 4.23e-9 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(LsgParams) p = paper_in_tech (names[i]);
      double cox = EPS_SIO2 * EPS0_F_PER_M / tox_m[i];

      g_assert_cmpfloat_with_epsilon (p->cap_density_mos / cox, 1.0, 5e-3);
    }
}

static void
test_sky130_documentation (void)
{
  g_autoptr(LsgParams) p = paper_in_tech ("sky130");

  /* SKY130 documentation: MiM capacitor CMIMA nominal 2 fF/um^2; 1.8 V
   * devices, smallest e-test device W/L = 0.42/0.15 um; 1.8 V pFET VTXPLS
   * (7/8 um, typical) -1.050 V. */
  g_assert_cmpfloat_with_epsilon (p->cap_density_mim / 2e-3, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->v_dd / 1.8, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->w_min / 0.42e-6, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->l_min / 0.15e-6, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->v_t0 / 1.05, 1.0, 1e-12);
  g_assert_cmpint (p->capacitor, ==, LSG_CAPACITOR_MIM);
}

static void
test_leakage_range (void)
{
  /* Leakage per capacitor node of order 1 fA to 1 pA at 300 K, doubling
   * every 8 to 10 K (issue 4). */
  const char *const *names = lsg_tech_preset_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(LsgParams) p = paper_in_tech (names[i]);

      g_assert_cmpfloat (p->i_leak, >=, 1e-15);
      g_assert_cmpfloat (p->i_leak, <=, 1e-12);
      g_assert_cmpfloat (p->leak_doubling, >=, 8);
      g_assert_cmpfloat (p->leak_doubling, <=, 10);
    }
}

/* 5. Design points that name a technology */

static void
test_file_explicit_wins (void)
{
  /* The same point, [tech] before and after [circuit]. */
  const char *const texts[] = {
    "[tech]\npreset=ptm65\n[circuit]\nkappa=0.7\n",
    "[circuit]\nkappa=0.7\n[tech]\npreset=ptm65\n",
  };
  g_autoptr(LsgParams) ref = paper_in_tech ("ptm65");
  g_autoptr(LsgParams) base = paper ();
  g_autofree char *dir = make_temp_dir ();

  g_assert_cmpfloat (ref->kappa, !=, 0.7);
  g_assert_cmpfloat (ref->v_dd, !=, base->v_dd);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = load_text (texts[i], &error);
      g_autofree char *path = write_file (dir, "point.ini", texts[i]);
      g_autoptr(LsgParams) q = NULL;
      const char *const overrides[] = { "circuit.v_dd=1", NULL };

      g_assert_no_error (error);
      g_assert_nonnull (p);
      g_assert_cmpstr (p->tech_preset, ==, "ptm65");
      g_assert_cmpfloat (p->kappa, ==, 0.7);          /* explicit wins */
      g_assert_cmpfloat (p->v_dd, ==, ref->v_dd);     /* the preset's */
      g_assert_cmpfloat (p->i_spec, ==, ref->i_spec);
      g_assert_cmpfloat (p->i_eta, ==, base->i_eta);  /* the paper's */

      /* The same through a file, and an override on top. */
      q = lsg_params_load_with_overrides (path, overrides, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (q->kappa, ==, 0.7);
      g_assert_cmpfloat (q->v_dd, ==, 1.0);
      g_assert_cmpfloat (q->a_vt, ==, ref->a_vt);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_file_preset_values (void)
{
  const char *const *names = lsg_tech_preset_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("[tech]\npreset=%s\n", names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = load_text (text, &error);
      g_autoptr(LsgParams) ref = paper_in_tech (names[i]);

      /* A point that names the technology and nothing else is the paper
       * preset with the technology applied, key for key. */
      g_assert_no_error (error);
      g_assert_nonnull (p);
      g_assert_true (lsg_params_equal (p, ref));
    }
}

static void
test_file_derived_i_spec (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) ref = paper_in_tech ("sky130");
  g_autoptr(LsgParams) p = NULL;
  g_autoptr(LsgParams) q = NULL;

  /* A file that changes the cell's W/L changes its specific current ... */
  p = load_text ("[tech]\npreset=sky130\ncell_w_over_l=20\n", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (p->i_spec, ==, ref->i_spec_sq * 20);

  /* ... unless it sets the specific current too. */
  q = load_text ("[circuit]\ni_spec=1e-6\n[tech]\ncell_w_over_l=20\npreset=sky130\n", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (q->i_spec, ==, 1e-6);
  g_assert_cmpfloat (q->cell_w_over_l, ==, 20);
}

static void
test_overrides (void)
{
  const char *const overrides[] = {
    "circuit.kappa=0.9", "tech.preset=sky130", "circuit.v_dd=1.5", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) ref = paper_in_tech ("sky130");
  g_autoptr(LsgParams) p = lsg_params_load_with_overrides (NULL, overrides, &error);

  /* --set tech.preset applies the preset where it stands: it overrides the
   * kappa set before it, and v_dd set after it overrides the preset. */
  g_assert_no_error (error);
  g_assert_cmpstr (p->tech_preset, ==, "sky130");
  g_assert_cmpfloat (p->kappa, ==, ref->kappa);
  g_assert_cmpfloat (p->v_dd, ==, 1.5);
  g_assert_cmpfloat (p->i_spec, ==, ref->i_spec);
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) p = paper_in_tech ("cmos180");
  g_autoptr(LsgParams) before = lsg_params_copy (p);
  g_autoptr(LsgParams) q = NULL;
  g_autoptr(LsgParams) r = NULL;
  const char *const bad_set[] = { "tech.preset=sky90", NULL };
  const char *const repair[] = { "tech.preset=ptm65", NULL };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(LsgParams) ref = paper_in_tech ("ptm65");

  /* lsg_tech_apply refuses and leaves the point alone. */
  g_assert_false (lsg_tech_apply (p, "sky90", &error));
  g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE);
  assert_contains (error->message, "sky90");
  assert_lists_every_name (error);
  g_assert_true (lsg_params_equal (p, before));
  g_assert_cmpstr (p->tech_preset, ==, "cmos180");
  g_clear_error (&error);

  /* A file names where. */
  q = load_text ("[circuit]\nkappa=0.7\n[tech]\npreset=sky90\n", &error);
  g_assert_null (q);
  g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE);
  assert_contains (error->message, "test.ini");
  assert_contains (error->message, "[tech] preset");
  assert_contains (error->message, "sky90");
  assert_lists_every_name (error);
  g_clear_error (&error);

  /* So does --set. */
  q = lsg_params_load_with_overrides (NULL, bad_set, &error);
  g_assert_null (q);
  g_assert_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE);
  assert_contains (error->message, "--set");
  assert_lists_every_name (error);
  g_clear_error (&error);

  /* An override repairs a file with an unknown name; the file's own keys
   * were applied before the override, so the preset's values win. */
  g_assert_nonnull (dir);
  path = write_file (dir, "bad.ini", "[circuit]\nv_t0=0.5\n[tech]\npreset=sky90\n");
  r = lsg_params_load_with_overrides (path, repair, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->tech_preset, ==, "ptm65");
  g_assert_cmpfloat (r->v_t0, ==, ref->v_t0);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* 6. Sources for the GUI */

static void
test_source (void)
{
  g_autofree char *kappa = lsg_tech_source ("ptm65", "circuit.kappa");
  g_autofree char *i_spec = lsg_tech_source ("ptm65", "circuit.i_spec");
  g_autofree char *i_spec_sq = lsg_tech_source ("ptm65", "tech.i_spec_sq");
  g_auto(GStrv) paragraphs = NULL;

  assert_contains (kappa, "p65_L1");
  assert_contains (kappa, "ptm65.mod");
  /* one paragraph for the explanation, one per label */
  paragraphs = g_strsplit (kappa, "\n", -1);
  g_assert_cmpuint (g_strv_length (paragraphs), ==, 3);
  g_assert_true (g_str_has_prefix (paragraphs[0], "kappa"));
  g_assert_true (g_str_has_prefix (paragraphs[1], "Source:"));
  g_assert_true (g_str_has_prefix (paragraphs[2], "Kind:"));

  /* the derived key says how, and where its factor comes from */
  assert_contains (i_spec, "i_spec_sq");
  assert_contains (i_spec, "cell_w_over_l");
  assert_contains (i_spec, i_spec_sq);

  /* keys the preset does not define, names that are not presets */
  g_assert_null (lsg_tech_source ("ptm65", "circuit.i_eta"));
  g_assert_null (lsg_tech_source ("ptm65", "tech.preset"));
  g_assert_null (lsg_tech_source ("ptm65", "preset.name"));
  g_assert_null (lsg_tech_source ("ptm65", "kappa"));
  g_assert_null (lsg_tech_source ("none", "circuit.kappa"));
  g_assert_null (lsg_tech_source ("sky90", "circuit.kappa"));
}

/* 7. Saving */

static void
test_roundtrip (void)
{
  const char *const texts[] = {
    "[tech]\npreset=sky130\ncapacitor=mos\n[circuit]\nkappa=0.75\n",
    "[tech]\npreset=cmos180\n",
    "[tech]\npreset=ptm65\ncell_w_over_l=3\n",
  };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = NULL;

  path = g_build_filename (dir, "saved.ini", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LsgParams) p = load_text (texts[i], &error);
      g_autoptr(LsgParams) q = NULL;
      g_autoptr(LsgParams) r = NULL;
      g_autofree char *data = NULL;
      gsize length;

      g_assert_no_error (error);
      data = lsg_params_to_data (p, &length);
      q = lsg_params_load_data (data, length, "saved", &error);
      g_assert_no_error (error);
      g_assert_true (lsg_params_equal (p, q));

      g_assert_true (lsg_params_save_file (p, path, &error));
      g_assert_no_error (error);
      r = lsg_params_load_file (path, &error);
      g_assert_no_error (error);
      g_assert_true (lsg_params_equal (p, r));
    }
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  const char *const *names;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tech/names", test_names);
  g_test_add_func ("/tech/human-names", test_human_names);
  g_test_add_func ("/tech/paper-is-none", test_paper_is_none);

  names = lsg_tech_preset_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *sources = g_strdup_printf ("/tech/file-sources/%s", names[i]);
      g_autofree char *apply = g_strdup_printf ("/tech/apply/%s", names[i]);

      g_test_add_data_func (sources, names[i], test_file_sources);
      g_test_add_data_func (apply, names[i], test_apply);
    }
  g_test_add_func ("/tech/apply-none", test_apply_none);
  g_test_add_func ("/tech/values/extraction", test_extraction);
  g_test_add_func ("/tech/values/oxide-capacitance", test_oxide_capacitance);
  g_test_add_func ("/tech/values/sky130-documentation", test_sky130_documentation);
  g_test_add_func ("/tech/values/leakage", test_leakage_range);
  g_test_add_func ("/tech/file/explicit-wins", test_file_explicit_wins);
  g_test_add_func ("/tech/file/preset-values", test_file_preset_values);
  g_test_add_func ("/tech/file/derived-i-spec", test_file_derived_i_spec);
  g_test_add_func ("/tech/overrides", test_overrides);
  g_test_add_func ("/tech/unknown", test_unknown);
  g_test_add_func ("/tech/source", test_source);
  g_test_add_func ("/tech/roundtrip", test_roundtrip);

  return g_test_run ();
}
