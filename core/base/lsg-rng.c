/* lsg-rng.c: seeded random streams.
 *
 * State: xoshiro256** (Blackman and Vigna), 256 bits, filled by the
 * SplitMix64 sequence started at a word that mixes the purpose and the
 * seed.  SplitMix64 is a bijection of that word and the word differs for
 * every (purpose, seed) with seeds below 2^56, so no two streams start
 * alike; GSL's own generators keep only 32 bits of a seed and map 0 to
 * another seed, which is why they are not used. */
#include "lsg-config.h"

#include "lsg-rng.h"

typedef struct {
  guint64 s[4];
} Xoshiro;

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
next64 (Xoshiro *x)
{
  guint64 result = rotl (x->s[1] * 5, 7) * 9;
  guint64 t = x->s[1] << 17;

  x->s[2] ^= x->s[0];
  x->s[3] ^= x->s[1];
  x->s[1] ^= x->s[2];
  x->s[0] ^= x->s[3];
  x->s[2] ^= t;
  x->s[3] = rotl (x->s[3], 45);
  return result;
}

static void
seed_state (Xoshiro *x,
            guint64  word)
{
  for (int i = 0; i < 4; i++)
    x->s[i] = splitmix64 (&word);
}

/* gsl_rng interface: 32-bit integers (what GSL's integer-based
 * distributions expect), doubles from 53 bits. */
static void
xoshiro_set (void          *state,
             unsigned long  seed)
{
  seed_state (state, seed);
}

static unsigned long
xoshiro_get (void *state)
{
  return (unsigned long) (next64 (state) >> 32);
}

static double
xoshiro_get_double (void *state)
{
  return (double) (next64 (state) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
  "lsg-xoshiro256**",
  0xffffffffUL,
  0,
  sizeof (Xoshiro),
  xoshiro_set,
  xoshiro_get,
  xoshiro_get_double,
};

gsl_rng *
lsg_rng_new (LsgStream purpose,
             guint64   seed)
{
  gsl_rng *rng = gsl_rng_alloc (&xoshiro_type);

  /* the purpose in the top byte, the seed below it */
  seed_state (rng->state, ((guint64) purpose << 56) ^ seed);
  return rng;
}
