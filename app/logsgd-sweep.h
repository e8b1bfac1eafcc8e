/* logsgd-sweep.h: the `logsgd sweep` and `logsgd merge` subcommands. */
#pragma once

/* argv[0] is "sweep" or "merge"; return the exit status (0 ok, 2 bad
 * input, 1 internal failure), as `logsgd run`.  A failed design point
 * does not change the exit status of a sweep: its row says why. */
int lsg_cmd_sweep (int    argc,
                   char **argv);
int lsg_cmd_merge (int    argc,
                   char **argv);
