/* fuzz-csv.c: the CSV data-set reader on arbitrary bytes.  The input is
 * handed over as a file (an in-memory one), as users hand it; the reader
 * must refuse or read it, never crash, hang or read past what it was
 * given.  The first byte picks the scaling and the test split. */
#define _GNU_SOURCE
#include <math.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "fuzz.h"
#include "lsg-dataset.h"
#include "lsg-design-file.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(LsgParams) params = lsg_params_new_default ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) header = NULL;
  g_autofree char *path = NULL;
  LsgDataset *dataset;
  guint8 mode = size > 0 ? data[0] : 0;
  int fd;

  fd = memfd_create ("fuzz.csv", MFD_CLOEXEC);
  if (fd < 0)
    return 0;
  if (size > 1 && write (fd, data + 1, size - 1) != (ssize_t) (size - 1))
    {
      close (fd);
      return 0;
    }
  path = g_strdup_printf ("/proc/self/fd/%d", fd);

  header = lsg_dataset_csv_header (path, &error);
  g_clear_error (&error);

  params->dataset_kind = LSG_DATASET_CSV;
  g_free (params->csv);
  params->csv = g_strdup (path);
  params->scale = (mode & 1) ? LSG_SCALE_NONE : LSG_SCALE_MAXABS;
  params->test_fraction = (mode & 2) ? 0.25 : 0;
  if ((mode & 4) && header != NULL && header[0] != NULL)
    {
      g_free (params->target);
      params->target = g_strdup (header[0]);
    }
  dataset = lsg_dataset_new_from_params (params, &error);
  if (dataset != NULL)
    {
      /* what was read is finite and the shape adds up */
      g_assert_true (dataset->n_weights >= 1);
      for (guint k = 0; k < dataset->n_train + dataset->n_test; k++)
        {
          g_assert_true (isfinite (dataset->y[k]));
          for (guint j = 0; j < dataset->n_weights; j++)
            g_assert_true (isfinite (lsg_dataset_row (dataset, k)[j]));
        }
      lsg_dataset_free (dataset);
    }
  close (fd);
  return 0;
}
