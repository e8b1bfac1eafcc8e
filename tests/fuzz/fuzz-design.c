/* fuzz-design.c: the design-point parser on arbitrary bytes: refused with
 * a message, or read into a point that validates and survives a round
 * trip through its own text. */
#include <glib.h>

#include "fuzz.h"
#include "lsg-design-file.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LsgParams) params = lsg_params_load_data ((const char *) data, size, "fuzz.ini", &error);

  if (params != NULL)
    {
      gsize length;
      g_autofree char *text = lsg_params_to_data (params, &length);
      g_autoptr(LsgParams) again = lsg_params_load_data (text, length, "written", &error);

      /* what is read can be written and read back, unchanged */
      g_assert_no_error (error);
      g_assert_true (lsg_params_equal (params, again));
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  return 0;
}
