/* logsgd-export.h: the `logsgd export` subcommand. */
#pragma once

/* argv[0] is "export"; returns the exit status (0 ok, 2 bad input, 1
 * internal failure), as `logsgd run`. */
int lsg_cmd_export (int    argc,
                    char **argv);
