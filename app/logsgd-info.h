/* logsgd-info.h: what the program knows, printed: `logsgd keys`,
 * `logsgd presets` and `logsgd preset NAME`. */
#pragma once

/* argv[0] is the subcommand; return the exit status (0 ok, 2 bad input,
 * 1 internal failure). */
int lsg_cmd_keys    (int    argc,
                     char **argv);
int lsg_cmd_presets (int    argc,
                     char **argv);
int lsg_cmd_preset  (int    argc,
                     char **argv);
