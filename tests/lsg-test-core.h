/* lsg-test-core.h: what the core test programs share: hand-made data
 * sets and runs that must succeed. */
#pragma once

#include "lsg-dataset.h"
#include "lsg-params.h"
#include "lsg-sim.h"

G_BEGIN_DECLS

/* The paper preset with every non-ideality off and no hold. */
LsgParams  *lsg_test_ideal_params (void);

/* A data set of rows x n inputs (row-major x) and targets y, no scaling. */
LsgDataset *lsg_test_make_dataset (guint         n,
                                   guint         rows,
                                   const double *x,
                                   const double *y);

/* Runs params on ds to the end; any error fails the test.  allow_exact:
 * whether the closed-form intervals may be used. */
LsgSim     *lsg_test_run          (const LsgParams  *params,
                                   const LsgDataset *ds,
                                   gboolean          allow_exact);

G_END_DECLS
