/* lsg-test-cli.h: running the logsgd executable from tests.
 *
 * Every command-line test runs $LOGSGD (set by meson) in a fresh
 * temporary directory (the fixture) and looks at its exit code, output
 * and files. */
#pragma once

#include <glib.h>

typedef struct {
  char *dir;      /* fresh temporary directory, the working directory */
} Fixture;

typedef struct {
  int   status;   /* exit code */
  char *out;
  char *err;
} RunResult;

void run_result_clear (RunResult *r);
const char *logsgd_path (void);
void run_logsgd_argv (const char *cwd,
                      const char *const *args,
                      RunResult *r);
void run_logsgd (const char *cwd,
                 RunResult *r,
                 ...);
void remove_tree (const char *dir);
void fixture_set_up (Fixture *f,
                     gconstpointer data G_GNUC_UNUSED);
void fixture_tear_down (Fixture *f,
                        gconstpointer data G_GNUC_UNUSED);
char *write_in (const Fixture *f,
                const char *name,
                const char *contents);
void put_in (const Fixture *f,
             const char *name,
             const char *contents);
char *read_in (const Fixture *f,
               const char *name);
gboolean exists_in (const Fixture *f,
                    const char *name);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunResult, run_result_clear)
