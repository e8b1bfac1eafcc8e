/* lsg-tech.c: technology presets, the sources of their values, and
 * applying them to a design point. */
#include "lsg-config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "lsg-core-resources.h"
#include "lsg-tech.h"

#define RESOURCE_DIR "/io/github/logsgd/Explorer/tech/"
/* The group of a preset file that holds its name, not model values. */
#define META_GROUP "preset"
#define I_SPEC_PATH "circuit.i_spec"

static const char *const tech_names[] = { "cmos180", "ptm65", "sky130", NULL };

const char *const *
lsg_tech_preset_names (void)
{
  return tech_names;
}

gboolean
lsg_tech_is_preset (const char *name)
{
  return name != NULL && g_strv_contains (tech_names, name);
}

gboolean
lsg_tech_check_name (const char  *name,
                     GError     **error)
{
  g_autofree char *list = NULL;

  if (name == NULL || name[0] == '\0' || g_str_equal (name, LSG_TECH_NONE)
      || lsg_tech_is_preset (name))
    return TRUE;

  list = g_strjoinv (", ", (char **) tech_names);
  g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_RANGE,
               "[tech] preset = \xe2\x80\x9c%s\xe2\x80\x9d is not a known technology; "
               "allowed: " LSG_TECH_NONE ", %s", name, list);
  return FALSE;
}

/* The preset file with its comments.  name must be a preset; failing to
 * read a compiled-in resource is a build defect, reported as a FILE error. */
static GKeyFile *
load_preset (const char  *name,
             GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, ".ini", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_assert (lsg_tech_is_preset (name));

  bytes = g_resource_lookup_data (lsg_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL
      || !g_key_file_load_from_bytes (kf, bytes, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_FILE,
                   "%s technology preset: cannot read %s: %s",
                   name, path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

/* A preset sets technology values only: no data set or training keys, not
 * its own name, and not circuit.i_spec, which is derived. */
static gboolean
preset_may_set (const char *group,
                const char *key)
{
  if (!g_str_equal (group, "circuit") && !g_str_equal (group, "nonideal")
      && !g_str_equal (group, "tech"))
    return FALSE;
  if (g_str_equal (group, "tech") && g_str_equal (key, "preset"))
    return FALSE;
  if (g_str_equal (group, "circuit") && g_str_equal (key, "i_spec"))
    return FALSE;
  return lsg_key_spec_lookup (group, key) != NULL;
}

static gboolean
set_key (LsgParams   *params,
         GKeyFile    *kf,
         const char  *group,
         const char  *key,
         const char  *where,
         GError     **error)
{
  const LsgKeySpec *spec = lsg_key_spec_lookup (group, key);
  g_autofree char *text = NULL;

  if (!preset_may_set (group, key))
    {
      g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_UNKNOWN_KEY,
                   "%s: [%s] %s is not a key a technology preset may set; allowed: "
                   "the keys of [circuit], [nonideal] and [tech] except "
                   "[circuit] i_spec and [tech] preset", where, group, key);
      return FALSE;
    }

  text = g_strstrip (g_key_file_get_value (kf, group, key, NULL));
  if (spec->type == LSG_KEY_DOUBLE)
    {
      char *end = NULL;
      double v = g_ascii_strtod (text, &end);

      if (text[0] == '\0' || *end != '\0' || !isfinite (v))
        {
          g_autofree char *range = lsg_key_spec_describe_range (spec);

          g_set_error (error, LSG_PARAMS_ERROR, LSG_PARAMS_ERROR_TYPE,
                       "%s: [%s] %s = \xe2\x80\x9c%s\xe2\x80\x9d is not a number; allowed: %s",
                       where, group, key, text, range);
          return FALSE;
        }
      if (!lsg_params_set_number (params, spec, v, error))
        {
          g_prefix_error (error, "%s: ", where);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", group, key);

      if (!lsg_params_set_from_string (params, path, text, error))
        {
          g_prefix_error (error, "%s: ", where);
          return FALSE;
        }
      return TRUE;
    }
}

gboolean
lsg_tech_apply (LsgParams   *params,
                const char  *name,
                GError     **error)
{
  g_autoptr(LsgParams) work = NULL;
  g_autoptr(GKeyFile) kf = NULL;
  g_autofree char *where = NULL;
  g_auto(GStrv) groups = NULL;
  LsgParams swap;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!lsg_tech_check_name (name, error))
    return FALSE;

  /* Work on a copy: a defective preset leaves params as it was. */
  work = lsg_params_copy (params);
  g_free (work->tech_preset);
  work->tech_preset = g_strdup (name);

  if (lsg_tech_is_preset (name))
    {
      kf = load_preset (name, error);
      if (kf == NULL)
        return FALSE;
      where = g_strdup_printf ("%s technology preset", name);
      groups = g_key_file_get_groups (kf, NULL);
      for (guint g = 0; groups[g] != NULL; g++)
        {
          g_auto(GStrv) keys = NULL;

          if (g_str_equal (groups[g], META_GROUP))
            continue;
          keys = g_key_file_get_keys (kf, groups[g], NULL, NULL);
          for (guint k = 0; keys[k] != NULL; k++)
            if (!set_key (work, kf, groups[g], keys[k], where, error))
              return FALSE;
        }

      /* The cell's specific current follows from the process's current
       * per square and the cell's aspect ratio. */
      if (!lsg_params_set_number (work, lsg_key_spec_lookup_path (I_SPEC_PATH),
                                  work->i_spec_sq * work->cell_w_over_l, error))
        {
          g_prefix_error (error, "%s: ", where);
          return FALSE;
        }
    }

  swap = *params;
  *params = *work;
  *work = swap;
  return TRUE;
}

static char *
get_meta (const char *name,
          const char *key)
{
  g_autoptr(GKeyFile) kf = NULL;

  if (!lsg_tech_is_preset (name))
    return NULL;
  kf = load_preset (name, NULL);
  if (kf == NULL)
    return NULL;
  return g_key_file_get_string (kf, META_GROUP, key, NULL);
}

char *
lsg_tech_get_name (const char *name)
{
  return get_meta (name, "name");
}

char *
lsg_tech_get_description (const char *name)
{
  return get_meta (name, "description");
}

char **
lsg_tech_list_keys (const char *name)
{
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_auto(GStrv) groups = NULL;

  if (!lsg_tech_is_preset (name))
    return NULL;
  kf = load_preset (name, NULL);
  if (kf == NULL)
    return NULL;

  paths = g_ptr_array_new_with_free_func (g_free);
  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = NULL;

      if (g_str_equal (groups[g], META_GROUP))
        continue;
      keys = g_key_file_get_keys (kf, groups[g], NULL, NULL);
      for (guint k = 0; keys[k] != NULL; k++)
        g_ptr_array_add (paths, g_strdup_printf ("%s.%s", groups[g], keys[k]));
    }
  g_ptr_array_add (paths, g_strdup (I_SPEC_PATH));
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_steal (paths, NULL);
}

/* The comment above a key, as GKeyFile returns it (one line per comment
 * line, '#' removed, blank lines as empty lines), made readable: only the
 * block right above the key, wrapped lines joined, a new paragraph at each
 * "Source:" and "Kind:" line. */
static char *
format_comment (const char *comment)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint first = 0;

  if (comment == NULL)
    return NULL;
  lines = g_strsplit (comment, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        first = i + 1;
    }
  for (guint i = first; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, g_str_has_prefix (lines[i], "Source:")
                                || g_str_has_prefix (lines[i], "Kind:") ? '\n' : ' ');
      g_string_append (out, lines[i]);
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
key_source (GKeyFile   *kf,
            const char *group,
            const char *key)
{
  g_autofree char *comment = NULL;

  if (g_str_equal (group, META_GROUP) || !g_key_file_has_key (kf, group, key, NULL))
    return NULL;
  comment = g_key_file_get_comment (kf, group, key, NULL);
  return format_comment (comment);
}

char *
lsg_tech_source (const char *name,
                 const char *path)
{
  g_autoptr(GKeyFile) kf = NULL;
  g_autofree char *group = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, NULL);

  if (!lsg_tech_is_preset (name))
    return NULL;
  kf = load_preset (name, NULL);
  if (kf == NULL)
    return NULL;

  if (g_str_equal (path, I_SPEC_PATH))
    {
      g_autofree char *sq = g_key_file_get_value (kf, "tech", "i_spec_sq", NULL);
      g_autofree char *wl = g_key_file_get_value (kf, "tech", "cell_w_over_l", NULL);
      g_autofree char *sq_source = key_source (kf, "tech", "i_spec_sq");

      if (sq == NULL || wl == NULL)
        return NULL;
      return g_strdup_printf ("Derived: i_spec = i_spec_sq \xc3\x97 cell_w_over_l = "
                              "%s A \xc3\x97 %s.\n%s",
                              g_strstrip (sq), g_strstrip (wl),
                              sq_source != NULL ? sq_source : "");
    }

  dot = strchr (path, '.');
  if (dot == NULL)
    return NULL;
  group = g_strndup (path, dot - path);
  return key_source (kf, group, dot + 1);
}
