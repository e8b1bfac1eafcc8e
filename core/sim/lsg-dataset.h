/* lsg-dataset.h: the learning task's data (MODEL.md section 1). */
#pragma once

#include <glib.h>

#include "lsg-params.h"

G_BEGIN_DECLS

#define LSG_DATASET_ERROR (lsg_dataset_error_quark ())

typedef enum {
  LSG_DATASET_ERROR_FILE,    /* cannot read the file */
  LSG_DATASET_ERROR_FORMAT,  /* empty, header only, ragged, not a number */
  LSG_DATASET_ERROR_VALUE,   /* NaN, Inf, out of range with scale = none */
  LSG_DATASET_ERROR_TARGET,  /* target column missing */
  LSG_DATASET_ERROR_SPLIT,   /* test split leaves no training sample */
  LSG_DATASET_ERROR_LIMIT,   /* more feature columns than LSG_DATASET_MAX_FEATURES */
} LsgDatasetError;

/* Most feature columns a CSV data set may have (the target and the bias
 * input come on top): enough for 512-weight designs, while keeping the
 * simulator's n x n matrices and per-interval work bounded. */
#define LSG_DATASET_MAX_FEATURES 1024u

/* [dataset] csv names a data file compiled into the program when it
 * starts with this scheme: resource:///io/github/logsgd/Explorer/data/NAME.csv */
#define LSG_DATASET_RESOURCE_SCHEME "resource://"

GQuark lsg_dataset_error_quark (void);

/* Row-major samples after scaling to the DAC full scale [-1, 1].
 * x has n_weights columns: the features, then (with bias_input) a last
 * column of ones.  Training rows come first, then test rows. */
typedef struct {
  guint    n_features;      /* without the bias input */
  guint    n_weights;       /* n_features + (bias_input ? 1 : 0) */
  guint    n_train;
  guint    n_test;
  double  *x;               /* (n_train + n_test) x n_weights */
  double  *y;               /* n_train + n_test */
  double  *w_true;          /* synthetic only: n_weights, after target scaling; else NULL */
  char   **feature_names;   /* n_features names (CSV header or "x0"...) */
  char    *target_name;
  double  *x_scale;         /* divisor applied to each feature column (1 = none) */
  double   y_scale;         /* divisor applied to the target */
} LsgDataset;

LsgDataset *lsg_dataset_new_from_params (const LsgParams *params,
                                         GError         **error);
void        lsg_dataset_free            (LsgDataset      *dataset);

static inline const double *
lsg_dataset_row (const LsgDataset *dataset,
                 guint             k)
{
  return dataset->x + (gsize) k * dataset->n_weights;
}

/* TRUE if path names a compiled-in data file (LSG_DATASET_RESOURCE_SCHEME). */
gboolean    lsg_dataset_path_is_resource (const char *path);

/* Column names of a CSV file's header (for choosing the target); path may
 * be a compiled-in data file. */
char      **lsg_dataset_csv_header (const char  *path,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsgDataset, lsg_dataset_free)

G_END_DECLS
