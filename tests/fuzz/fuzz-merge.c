/* fuzz-merge.c: merging sweep parts on arbitrary bytes.  The input is a
 * descriptor (NAME.sweep.ini), the byte 0x1d (group separator), then the
 * parts split at each byte 0x1e (record separator); the descriptor goes
 * with the first part.  The merge must refuse them with a message or
 * return a text that merges again into itself. */
#include <string.h>

#include <glib.h>

#include "fuzz.h"
#include "lsg-file.h"
#include "lsg-sweep.h"

#define MAX_PARTS 8

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *merged_descriptor = NULL;
  g_autofree char *descriptor = NULL;
  g_autofree const char **descriptors = NULL;
  const uint8_t *start = data, *end = data + size;
  const uint8_t *gs = memchr (data, 0x1d, size);

  if (gs != NULL)
    {
      gsize n = gs - data;

      descriptor = g_malloc (n + 1);
      memcpy (descriptor, data, n);
      descriptor[n] = '\0';
      if (!lsg_text_normalize (descriptor, &n, "descriptor", NULL))
        return 0;
      start = gs + 1;
    }

  while (parts->len < MAX_PARTS)
    {
      const uint8_t *sep = memchr (start, 0x1e, end - start);
      gsize n = (sep != NULL ? sep : end) - start;
      char *text = g_malloc (n + 1);

      memcpy (text, start, n);
      text[n] = '\0';
      /* as the command line reads a part: text checked and normalised */
      if (!lsg_text_normalize (text, &n, "part", NULL))
        {
          g_free (text);
          return 0;
        }
      g_ptr_array_add (parts, text);
      if (sep == NULL)
        break;
      start = sep + 1;
    }

  descriptors = g_new0 (const char *, parts->len);
  descriptors[0] = descriptor;
  if (lsg_sweep_merge_csv ((const char *const *) parts->pdata, descriptors, NULL, parts->len,
                           &merged, &merged_descriptor, &error))
    {
      const char *again_in[1] = { merged };
      const char *again_descriptor[1] = { merged_descriptor };
      g_autofree char *again = NULL;
      g_autofree char *again_d = NULL;

      g_assert_true (lsg_sweep_merge_csv (again_in, again_descriptor, NULL, 1, &again, &again_d,
                                          &error));
      g_assert_cmpstr (again, ==, merged);
      g_assert_cmpstr (again_d, ==, merged_descriptor);
    }
  else
    g_assert_nonnull (error);
  return 0;
}
