/* lsg-rng.h: the random streams of a run (MODEL.md section 8).
 *
 * Every stream is seeded from its purpose and its seed through one mixing
 * function, so streams of different purposes are independent even when
 * their seeds are equal, and every 64-bit seed, 0 included, gives its own
 * stream.  The generator is xoshiro256** behind GSL's gsl_rng interface,
 * so GSL's distributions draw from it. */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

G_BEGIN_DECLS

typedef enum {
  LSG_STREAM_DATA = 1,      /* synthetic inputs, generator weights and noise */
  LSG_STREAM_SPLIT,         /* which rows are held out for the test loss */
  LSG_STREAM_ORDER,         /* the order of the samples in each epoch */
  LSG_STREAM_MISMATCH,      /* the chip's mismatch draws */
  LSG_STREAM_NOISE,         /* shot and kT/C noise */
} LsgStream;

/* A new generator for purpose and seed; free with gsl_rng_free(). */
gsl_rng *lsg_rng_new (LsgStream purpose,
                      guint64   seed);

G_END_DECLS
