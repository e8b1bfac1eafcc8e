/* lsg-sweep-private.h: what the files of the sweep share (the plan, its
 * axes, its CSV and its figures), and what its tests may write. */
#pragma once

#include "lsg-sweep.h"

G_BEGIN_DECLS

struct _LsgSweep {
  LsgParams      *base;
  LsgSweepAxis    axes[LSG_SWEEP_MAX_AXES];
  guint           n_axes;
  guint           mc;
  guint           n_grid;      /* product of the axes' points */
  guint           n_points;    /* n_grid x max (mc, 1) */
  LsgSweepResult *results;
  char           *version;     /* the program version its rows are of */
  char           *design_sha256;
  char           *id;          /* lsg_sweep_get_id */
};

/* Fills version (a copy of it), design_sha256 and id of a new sweep
 * (lsg-sweep-csv.c). */
void _lsg_sweep_set_identity (LsgSweep   *sweep,
                              const char *version);

G_END_DECLS
