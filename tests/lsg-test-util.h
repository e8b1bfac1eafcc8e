/* lsg-test-util.h: what the test programs and benchmarks share, without
 * GTK: temporary directories and files, child processes (logsgd and the
 * tools that read its files), design points, hand-made data sets and
 * runs, and assertions on text and numbers.
 *
 * Every helper asserts its own success: a test that cannot set itself up
 * fails there, with the reason. */
#pragma once

#include <glib.h>

#include "lsg-dataset.h"
#include "lsg-params.h"
#include "lsg-sim.h"
#include "lsg-sweep.h"

G_BEGIN_DECLS

/* -- directories and files -------------------------------------------- */

/* A fresh temporary directory (newly allocated path). */
char       *make_temp_dir     (void);

/* A fresh temporary directory per test, removed with all it holds. */
typedef struct {
  char *dir;
} Fixture;

void        fixture_set_up    (Fixture       *f,
                               gconstpointer  data);
void        fixture_tear_down (Fixture       *f,
                               gconstpointer  data);

/* dir/name (newly allocated). */
char       *path_in           (const Fixture *f,
                               const char    *name);
/* Writes contents to dir/name, creating missing parents; returns the path. */
char       *write_file        (const char    *dir,
                               const char    *name,
                               const char    *contents);
char       *write_in          (const Fixture *f,
                               const char    *name,
                               const char    *contents);
void        put_in            (const Fixture *f,
                               const char    *name,
                               const char    *contents);
/* The whole file as text (NUL-terminated). */
char       *read_file         (const char    *path);
char       *read_in           (const Fixture *f,
                               const char    *name);
/* The whole file as bytes, for files that may hold NULs. */
GBytes     *read_bytes        (const char    *path);
gboolean    exists_in         (const Fixture *f,
                               const char    *name);
/* Removes dir and everything below it (links are removed, not followed). */
void        remove_tree       (const char    *dir);
guint       count_entries     (const char    *dir);
/* The names in dir, sorted and joined by "/", to see that nothing else
 * appeared ("" for an empty directory). */
char       *list_dir          (const char    *dir);
/* A file shipped in tests/data (newly allocated path). */
char       *data_path         (const char    *name);

/* -- child processes -------------------------------------------------- */

typedef struct {
  int   status;   /* exit code */
  char *out;
  char *err;
} Run;

void        run_clear         (Run               *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs argv (NULL-terminated; argv[0] a path or a name looked up in PATH)
 * in cwd.  A crash fails the test: it is never an acceptable answer. */
void        spawn             (const char        *cwd,
                               const char *const *argv,
                               Run               *r);
/* The path of a program the tests depend on (.ci/setup installs it from
 * package); fails the test if it is not installed. */
const char *need_tool         (const char        *name,
                               const char        *package);
/* $LOGSGD, the logsgd executable (meson test sets it). */
const char *logsgd_path       (void);
/* Runs logsgd with args (NULL-terminated, without the program). */
void        run_logsgd_argv   (const char        *cwd,
                               const char *const *args,
                               Run               *r);
void        run_logsgd        (const char        *cwd,
                               Run               *r,
                               ...) G_GNUC_NULL_TERMINATED;

/* -- design points, data sets and runs -------------------------------- */

/* The paper preset, as shipped. */
LsgParams  *paper             (void);
/* Applies "group.key=value" overrides (NULL-terminated) as --set does. */
void        set_keys          (LsgParams         *params,
                               const char *const *sets);
/* The paper preset with overrides. */
LsgParams  *paper_with        (const char *const *sets);
/* A design-point file's text, named test.ini in messages. */
LsgParams  *load_text         (const char        *text,
                               GError           **error);

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

/* -- data sets --------------------------------------------------------- */

/* The paper preset's point with a synthetic task of this shape, no split. */
LsgParams  *dataset_synthetic_params (guint      inputs,
                                      guint      samples,
                                      gboolean   bias_input,
                                      double     noise,
                                      guint64    seed);
/* A CSV fixture of tests/data as the data set, no bias input, no split. */
LsgParams  *dataset_csv_params (const char *name,
                                const char *target,
                                LsgScale    scale);
/* The data set of params, or the test fails. */
LsgDataset *dataset_load_ok    (const LsgParams  *params);
/* Training and test rows. */
guint       dataset_n_rows     (const LsgDataset *dataset);
/* Same shape, rows, targets and scales, bit for bit. */
void        assert_same_dataset (const LsgDataset *a,
                                 const LsgDataset *b);

/* -- sweeps ------------------------------------------------------------ */

/* The paper preset, small: 50 samples, 2 epochs (every run a few ms). */
LsgParams  *sweep_small_base  (void);
/* An axis from its --vary text; a parse error fails the test. */
LsgSweepAxis sweep_axis       (const char         *text);
/* A sweep, or the test fails. */
LsgSweep   *sweep_new         (const LsgParams    *base,
                               const LsgSweepAxis *axes,
                               guint               n_axes,
                               guint               mc);
/* Runs shard K of N on n_threads; a failure to run fails the test. */
void        sweep_run         (LsgSweep           *sweep,
                               guint               n_threads,
                               guint               shard_k,
                               guint               shard_n);

/* -- text and numbers ------------------------------------------------- */

/* error is in domain with code (or code2; -1 for none), and its message
 * holds every string of the NULL-terminated list. */
void        assert_error_contains (const GError  *error,
                                   GQuark         domain,
                                   int            code,
                                   int            code2,
                                   ...) G_GNUC_NULL_TERMINATED;
/* 17 significant digits: always reads back as the same double. */
char       *format_exact      (double             v);
/* Bit for bit, NaN equal to NaN. */
gboolean    same_double       (double             a,
                               double             b);

void        assert_contains   (const char        *haystack,
                               const char        *needle);
/* |actual - expected| <= rel |expected|; what (may be NULL) names it. */
void        assert_rel_msg    (double             actual,
                               double             expected,
                               double             rel,
                               const char        *what);
/* The index of name in a NULL-terminated header, -1 if absent. */
gint        column_index      (char             **header,
                               const char        *name);

/* -- benchmarks ------------------------------------------------------- */

/* Sorts v in place. */
double      median            (double            *v,
                               guint              n);
/* Monotonic time, s. */
double      now_s             (void);

G_END_DECLS
