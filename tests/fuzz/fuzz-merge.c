/* fuzz-merge.c: merging sweep parts on arbitrary bytes.  The input is
 * split into parts at each byte 0x1e (record separator); the merge must
 * refuse them with a message or return a text that merges again into
 * itself. */
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
  const uint8_t *start = data, *end = data + size;

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

  if (lsg_sweep_merge_csv ((const char *const *) parts->pdata, NULL, parts->len, &merged, &error))
    {
      const char *again_in[1] = { merged };
      g_autofree char *again = NULL;

      g_assert_true (lsg_sweep_merge_csv (again_in, NULL, 1, &again, &error));
      g_assert_cmpstr (again, ==, merged);
    }
  else
    g_assert_nonnull (error);
  return 0;
}
