/* lsg-design-file.c: design points as files: the shipped presets, reading
 * a design-point key file with its technology and --set overrides, and
 * writing one.  It sits above the parameter table (lsg-params.c) and the
 * technology presets (lsg-tech.c), which do not include each other. */
#include "lsg-config.h"

#include <string.h>

#include "lsg-core-resources.h"
#include "lsg-design-file.h"
#include "lsg-file.h"
#include "lsg-tech.h"

static const char *const preset_names[] = {
  "paper", "fast", "low-power", "near-moderate-inversion", "leaky-hold",
  "diabetes", "diabetes-class-ab", NULL
};

/* The key table's checks, then the technology's name (which only this
 * file reads). */
static gboolean
validate (const LsgParams *params,
          const char      *where,
          GError         **error)
{
  if (!lsg_params_validate (params, where, error))
    return FALSE;
  if (!lsg_tech_check_name (params->tech_preset, error))
    {
      g_prefix_error (error, "%s: ", where);
      return FALSE;
    }
  return TRUE;
}

static LsgParams *load_data (const char      *data,
                             gsize            length,
                             const char      *where,
                             const LsgParams *base,
                             GError         **error);

LsgParams *
lsg_params_new_default (void)
{
  g_autoptr(GError) error = NULL;
  LsgParams *params = lsg_params_new_preset ("paper", &error);

  /* The paper preset is compiled in and tested: failing to read it is a
   * build defect, not a user error. */
  if (params == NULL)
    g_error ("built-in paper preset: %s", error->message);
  return params;
}

const char *const *
lsg_params_preset_names (void)
{
  return preset_names;
}

LsgParams *
lsg_params_new_preset (const char  *name,
                       GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  if (!g_strv_contains (preset_names, name))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) preset_names);
      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE,
                   "Unknown design-point preset \xe2\x80\x9c%s\xe2\x80\x9d; the presets are: %s",
                   name, list);
      return NULL;
    }

  path = g_strdup_printf ("/io/github/logsgd/Explorer/presets/%s.ini", name);
  bytes = g_resource_lookup_data (lsg_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  where = g_strdup_printf ("%s preset", name);
  {
    g_autoptr(LsgParams) params = load_data (data, length, where, NULL, error);

    if (params == NULL || !validate (params, where, error))
      return NULL;
    return g_steal_pointer (&params);
  }
}

char *
lsg_params_preset_get_description (const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) lines = NULL;
  GString *text;

  if (name == NULL || !g_strv_contains (preset_names, name))
    return NULL;
  path = g_strdup_printf ("/io/github/logsgd/Explorer/presets/%s.ini", name);
  bytes = g_resource_lookup_data (lsg_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;
  {
    g_autofree char *data = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

    lines = g_strsplit (data, "\n", -1);
  }
  /* the comment that opens the file, its lines joined */
  text = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL && lines[i][0] == '#'; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i] + 1));

      if (text->len > 0 && line[0] != '\0')
        g_string_append_c (text, ' ');
      g_string_append (text, line);
    }
  return g_string_free (text, FALSE);
}

char *
lsg_params_preset_get_title (const char *name)
{
  g_autofree char *description = lsg_params_preset_get_description (name);
  char *colon, *title;

  if (description == NULL)
    return NULL;
  colon = strchr (description, ':');
  title = g_strndup (description, colon != NULL ? (gsize) (colon - description) : strlen (description));
  /* "The paper preset" is "Paper" in a list of presets */
  if (g_str_has_prefix (title, "The ") && g_str_has_suffix (title, " preset"))
    {
      char *inner = g_strndup (title + 4, strlen (title) - 4 - strlen (" preset"));

      g_free (title);
      title = inner;
      title[0] = g_ascii_toupper (title[0]);
    }
  return title;
}

static LsgParams *
load_data (const char       *data,
           gsize             length,
           const char       *where,
           const LsgParams  *base,
           GError          **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *tech = NULL;
  g_autofree char *normal = NULL;
  guint n_specs;
  const LsgKeySpec *specs = lsg_key_specs (&n_specs);

  /* text from anywhere (a file, a figure's metadata) is checked here:
   * UTF-8, no NUL bytes; a byte order mark and CR line ends are fine */
  normal = g_malloc (length + 1);
  memcpy (normal, data, length);
  if (!lsg_text_normalize (normal, &length, where, &local_error))
    {
      g_set_error_literal (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE, local_error->message);
      return NULL;
    }
  if (!g_key_file_load_from_data (kf, normal, length, G_KEY_FILE_NONE, &local_error))
    {
      /* the parser quotes the offending line: a binary file's may be long */
      g_autofree char *quoted = lsg_text_quote (local_error->message, 200);

      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE,
                   "%s: not a design-point file: %s", where, quoted);
      return NULL;
    }

  if (base != NULL)
    params = lsg_params_copy (base);
  else
    params = g_new0 (LsgParams, 1);

  /* A [tech] preset's values come first and every key the file sets
   * overrides them, wherever it stands in the file (MODEL.md section 7).
   * An unknown name is left to validate (), so an override can still
   * repair it. */
  tech = g_key_file_get_string (kf, "tech", "preset", NULL);
  if (lsg_tech_is_preset (tech) && !lsg_tech_apply (params, tech, error))
    {
      g_prefix_error (error, "%s: ", where);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = NULL;

      if (!lsg_key_spec_is_group (groups[g]))
        {
          g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_UNKNOWN_KEY,
                       "%s: unknown group [%s]; allowed groups: [dataset], [training], "
                       "[circuit], [nonideal], [tech]", where, groups[g]);
          return NULL;
        }
      keys = g_key_file_get_keys (kf, groups[g], NULL, NULL);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          const LsgKeySpec *spec = lsg_key_spec_lookup (groups[g], keys[k]);
          g_autofree char *text = NULL;

          if (spec == NULL)
            {
              g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_UNKNOWN_KEY,
                           "%s: unknown key \xe2\x80\x9c%s\xe2\x80\x9d in group [%s]",
                           where, keys[k], groups[g]);
              return NULL;
            }
          /* text keys are stored escaped (\\, \s, ...) */
          if (spec->type == LSG_KEY_STRING)
            text = g_key_file_get_string (kf, groups[g], keys[k], NULL);
          else
            text = g_key_file_get_value (kf, groups[g], keys[k], NULL);
          if (text == NULL)
            {
              g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_TYPE,
                           "%s: [%s] %s is not valid text", where, groups[g], keys[k]);
              return NULL;
            }
          if (!lsg_params_set_from_text (params, spec, text, where, error))
            return NULL;
        }
    }

  /* The preset's cell current follows the file's current per square and
   * cell W/L, unless the file sets it too. */
  if (lsg_tech_is_preset (tech) && !g_key_file_has_key (kf, "circuit", "i_spec", NULL))
    params->i_spec = params->i_spec_sq * params->cell_w_over_l;

  if (base == NULL)
    for (guint i = 0; i < n_specs; i++)
      if (!g_key_file_has_key (kf, specs[i].group, specs[i].key, NULL))
        {
          g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE,
                       "%s: key [%s] %s is missing", where,
                       specs[i].group, specs[i].key);
          return NULL;
        }

  return g_steal_pointer (&params);
}

LsgParams *
lsg_params_load_data (const char  *data,
                      gsize        length,
                      const char  *where,
                      GError     **error)
{
  g_autoptr(LsgParams) paper = lsg_params_new_default ();

  g_autoptr(LsgParams) params = NULL;

  /* Keys a file leaves out keep the paper preset's values. */
  params = load_data (data, length, where, paper, error);
  if (params == NULL || !validate (params, where, error))
    return NULL;
  return g_steal_pointer (&params);
}

LsgParams *
lsg_params_load_file (const char  *path,
                      GError     **error)
{
  return lsg_params_load_with_overrides (path, NULL, error);
}

LsgParams *
lsg_params_load_with_overrides (const char         *path,
                                const char * const *overrides,
                                GError            **error)
{
  g_autofree char *data = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LsgParams) params = NULL;
  gsize length;

  if (path != NULL)
    {
      g_autoptr(LsgParams) paper = lsg_params_new_default ();

      data = lsg_file_read_text (path, LSG_DESIGN_FILE_MAX_BYTES, "design point", &length,
                                 &local_error);
      if (data == NULL)
        {
          g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE,
                       "Cannot read design point %s", local_error->message);
          return NULL;
        }
      params = load_data (data, length, path, paper, error);
      if (params == NULL)
        return NULL;
      {
        g_autofree char *dir = g_path_get_dirname (path);
        /* absolute, so the data file is found whatever the current directory becomes */
        params->base_dir = g_canonicalize_filename (dir, NULL);
      }
      where = g_strdup (path);
    }
  else
    {
      params = lsg_params_new_default ();
      where = g_strdup ("paper preset");
    }

  for (guint k = 0; overrides != NULL && overrides[k] != NULL; k++)
    {
      const char *eq = strchr (overrides[k], '=');
      g_autofree char *key = NULL;

      if (eq == NULL)
        {
          g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_UNKNOWN_KEY,
                       "Override \xe2\x80\x9c%s\xe2\x80\x9d is not GROUP.KEY=VALUE, "
                       "for example circuit.i_eta=2e-9", overrides[k]);
          return NULL;
        }
      key = g_strndup (overrides[k], eq - overrides[k]);
      if (!lsg_params_set_from_string (params, key, eq + 1, error))
        return NULL;
      /* selecting a technology sets its values; later overrides win */
      if (g_str_equal (key, "tech.preset")
          && !lsg_tech_apply (params, eq + 1, error))
        {
          g_prefix_error (error, "--set: ");
          return NULL;
        }
      /* a path typed on the command line is relative to where it was typed */
      if (g_str_equal (key, "dataset.csv") && params->csv[0] != '\0'
          && !g_path_is_absolute (params->csv)
          && !g_str_has_prefix (params->csv, "resource://"))
        {
          char *absolute = g_canonicalize_filename (params->csv, NULL);
          g_free (params->csv);
          params->csv = absolute;
        }
    }

  if (!validate (params, where, error))
    return NULL;
  return g_steal_pointer (&params);
}

char *
lsg_params_to_data (const LsgParams *params,
                    gsize           *length)
{
  GString *out = g_string_new ("# LogSGD Explorer design point (SI units)\n");
  const char *group = NULL;
  guint n_specs;
  const LsgKeySpec *specs = lsg_key_specs (&n_specs);

  for (guint i = 0; i < n_specs; i++)
    {
      const LsgKeySpec *spec = &specs[i];
      g_autofree char *value = lsg_params_get_as_string (params, spec);

      if (group == NULL || !g_str_equal (group, spec->group))
        {
          group = spec->group;
          g_string_append_printf (out, "\n[%s]\n", group);
        }
      /* GKeyFile values are raw text: escape what it would misread. */
      if (spec->type == LSG_KEY_STRING)
        {
          g_autoptr(GKeyFile) kf = g_key_file_new ();
          g_autofree char *escaped = NULL;

          g_key_file_set_string (kf, "g", "k", value);
          escaped = g_key_file_get_value (kf, "g", "k", NULL);
          g_string_append_printf (out, "%s=%s\n", spec->key, escaped);
        }
      else
        g_string_append_printf (out, "%s=%s\n", spec->key, value);
    }

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
lsg_params_save_file (const LsgParams *params,
                      const char      *path,
                      GError         **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  data = lsg_params_to_data (params, &length);
  /* g_file_set_contents writes a temporary file beside the target and
   * renames it over: a failure never leaves a half-written file. */
  if (!g_file_set_contents (path, data, length, &local_error))
    {
      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE,
                   "Cannot save design point %s: %s", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
