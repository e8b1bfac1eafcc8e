/* logsgd-info.c: every key of a design point, the presets, a preset's
 * design point: so that a design point can be written without the
 * source or the explorer at hand. */
#include "lsg-config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "logsgd-info.h"
#include "lsg-design-file.h"
#include "lsg-number.h"
#include "lsg-output.h"
#include "lsg-params.h"
#include "lsg-tech.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_BAD_INPUT = 2,
};

static const char *
type_name (const LsgKeySpec *spec)
{
  switch (spec->type)
    {
    case LSG_KEY_DOUBLE:
      return "number";
    case LSG_KEY_UINT:
    case LSG_KEY_UINT64:
      return "whole number";
    case LSG_KEY_BOOL:
      return "boolean";
    case LSG_KEY_ENUM:
      return "choice";
    case LSG_KEY_STRING:
    default:
      return "text";
    }
}

/* A CSV cell: quoted when it holds a comma, a quote or a line break. */
static void
append_cell (GString    *out,
             const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

int
lsg_cmd_keys (int    argc,
              char **argv)
{
  gboolean csv = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) paper = lsg_params_new_default ();
  g_autoptr(GString) out = g_string_new (NULL);
  GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv,
      "One row per key as CSV (key,type,unit,range,default,label,meaning)", NULL },
    { NULL }
  };
  const LsgKeySpec *specs;
  guint n;

  context = g_option_context_new ("- every key of a design point");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Lists every key a design-point file (and --set) takes: its group and\n"
    "name, type, SI unit, allowed range, the paper preset's value and what\n"
    "it means.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("logsgd keys: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc > 1)
    {
      g_printerr ("logsgd keys: no arguments expected, got %s\n", argv[1]);
      return EXIT_BAD_INPUT;
    }

  specs = lsg_key_specs (&n);
  if (csv)
    g_string_append (out, "key,type,unit,range,default,label,meaning\n");
  for (guint i = 0; i < n; i++)
    {
      const LsgKeySpec *spec = &specs[i];
      g_autofree char *path = g_strdup_printf ("%s.%s", spec->group, spec->key);
      g_autofree char *range = lsg_key_spec_describe_range (spec);
      g_autofree char *value = lsg_params_get_as_string (paper, spec);

      if (csv)
        {
          const char *cells[] = { path, type_name (spec), spec->unit, range, value,
                                  spec->label, spec->blurb };

          for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
            {
              if (c > 0)
                g_string_append_c (out, ',');
              append_cell (out, cells[c]);
            }
          g_string_append_c (out, '\n');
          continue;
        }
      g_string_append_printf (out, "%s  (%s%s%s)\n", path, type_name (spec),
                              spec->unit[0] != '\0' ? ", " : "", spec->unit);
      g_string_append_printf (out, "    %s: %s\n", spec->label, spec->blurb);
      g_string_append_printf (out, "    allowed: %s; paper preset: %s\n",
                              range, value[0] != '\0' ? value : "(empty)");
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

int
lsg_cmd_presets (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *const *names = lsg_params_preset_names ();
  const char *const *techs = lsg_tech_preset_names ();

  context = g_option_context_new ("- the built-in design points and technologies");
  g_option_context_set_description (context,
    "logsgd preset NAME prints a design point; [tech] preset = NAME in a\n"
    "design point (or --set tech.preset=NAME) applies a technology.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("logsgd presets: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc > 1)
    {
      g_printerr ("logsgd presets: no arguments expected, got %s\n", argv[1]);
      return EXIT_BAD_INPUT;
    }
  g_print ("Design points (logsgd preset NAME):\n");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *description = lsg_params_preset_get_description (names[i]);

      g_print ("  %-24s %s\n", names[i], description != NULL ? description : "");
    }
  g_print ("\nTechnologies ([tech] preset):\n");
  for (guint i = 0; techs[i] != NULL; i++)
    {
      g_autofree char *description = lsg_tech_get_description (techs[i]);

      g_print ("  %-24s %s\n", techs[i], description != NULL ? description : "");
    }
  return EXIT_OK;
}

int
lsg_cmd_preset (int    argc,
                char **argv)
{
  g_autofree char *output = NULL;
  gboolean force = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = NULL;
  g_autoptr(LsgOutputSet) outputs = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *description = NULL;
  GString *text;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the design point to FILE (default: the standard output)", "FILE" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace FILE if it exists", NULL },
    { NULL }
  };

  context = g_option_context_new ("NAME - a built-in design point, as a file");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Prints the preset's design point with every key, to start a design\n"
    "point of your own from.  logsgd presets lists the names.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("logsgd preset: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc != 2)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) lsg_params_preset_names ());

      g_printerr ("logsgd preset: give one preset name: %s\n", list);
      return EXIT_BAD_INPUT;
    }
  params = lsg_params_new_preset (argv[1], &error);
  if (params == NULL)
    {
      g_printerr ("logsgd preset: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  description = lsg_params_preset_get_description (argv[1]);
  text = g_string_new (NULL);
  if (description != NULL)
    {
      /* the preset's own words, as comment lines of at most 76 columns */
      g_autofree char *said = g_strdup_printf ("The %s preset. %s", argv[1], description);
      g_auto(GStrv) words = g_strsplit (said, " ", -1);
      guint column = 0;

      for (guint w = 0; words[w] != NULL; w++)
        {
          guint len = g_utf8_strlen (words[w], -1);

          if (len == 0)
            continue;
          if (column == 0 || column + 1 + len > 76)
            {
              g_string_append (text, column == 0 ? "# " : "\n# ");
              column = 2;
            }
          else
            {
              g_string_append_c (text, ' ');
              column++;
            }
          g_string_append (text, words[w]);
          column += len;
        }
      g_string_append (text, "\n");
    }
  {
    g_autofree char *data = lsg_params_to_data (params, NULL);

    g_string_append (text, data);
  }
  bytes = g_string_free_to_bytes (text);
  outputs = lsg_output_set_new (force);
  lsg_output_set_add (outputs, output != NULL ? output : "-", bytes);
  if (!lsg_output_set_commit (outputs, &error))
    {
      g_printerr ("logsgd preset: %s\n", error->message);
      return error->code == LSG_OUTPUT_ERROR_WRITE ? EXIT_INTERNAL : EXIT_BAD_INPUT;
    }
  return EXIT_OK;
}
