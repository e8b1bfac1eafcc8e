/* logsgd-sweep.h: the `logsgd sweep` and `logsgd merge` subcommands. */
#pragma once

#include <glib.h>

#include "lsg-params.h"
#include "lsg-sweep.h"

/* argv[0] is "sweep" or "merge"; return the exit status (0 ok, 2 bad
 * input, 1 internal failure), as `logsgd run`.  A failed design point
 * does not change the exit status of a sweep: its row says why. */
int lsg_cmd_sweep (int    argc,
                   char **argv);
int lsg_cmd_merge (int    argc,
                   char **argv);

/* The steps of a sweep shared by `logsgd sweep` and `logsgd export
 * --figure map`; each prints its message as "PROG: ..." and returns
 * FALSE (or NULL) on failure. */
gboolean  lsg_cli_sweep_parse_axes   (const char          *prog,
                                      const char * const  *varies,
                                      LsgSweepAxis        *axes,
                                      guint               *n_axes);
gboolean  lsg_cli_sweep_check_counts (const char          *prog,
                                      int                  mc,
                                      int                  threads);
/* Checks the data once (unless an axis varies it) and builds the sweep. */
LsgSweep *lsg_cli_sweep_new          (const char          *prog,
                                      const LsgParams     *params,
                                      const LsgSweepAxis  *axes,
                                      guint                n_axes,
                                      guint                mc);
/* Runs shard K of N, progress on stderr when asked, and prints the first
 * failed points' messages; FALSE only when the sweep could not run. */
gboolean  lsg_cli_sweep_run          (const char          *prog,
                                      LsgSweep            *sweep,
                                      guint                threads,
                                      guint                shard_k,
                                      guint                shard_n,
                                      gboolean             show_progress);
