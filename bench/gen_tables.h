/* bench/gen_tables.h: what statusmon-gen draws from: a small PRNG
 * (xoshiro256**), Walker alias tables for O(1) weighted draws (Zipf paths and
 * clients, the status mix, user agents), and the tables of statuses, agents,
 * methods and referers. Apart from gen.c so the writer reads as a writer. */
#ifndef STATUSMON_GEN_TABLES_H
#define STATUSMON_GEN_TABLES_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* splitmix64's finalizer: a good 64-bit hash of x. */
static inline uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t x = s[1] * 5, t = s[1] << 17;
	uint64_t out = ((x << 7) | (x >> 57)) * 9;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return out;
}

/* Uniform in [0, n). */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

void rng_seed(struct rng *r, uint64_t seed);

/* A Walker alias table over n outcomes: one draw is one random number. */
struct alias_slot {
	uint32_t threshold;    /* keep i if the low 32 bits are below this */
	uint32_t other;        /* else this outcome (same cache line)      */
};

struct alias {
	uint32_t n;
	struct alias_slot *slot;
};

static inline uint32_t alias_draw(const struct alias *a, struct rng *r)
{
	uint64_t u = rng_next(r);
	const struct alias_slot *s = &a->slot[((u >> 32) * a->n) >> 32];

	return (uint32_t)u < s->threshold ? (uint32_t)(s - a->slot) : s->other;
}

/* 0, or -1 when out of memory. */
int alias_build(struct alias *a, const double *weights, uint32_t n);
int alias_zipf(struct alias *a, uint32_t n, double exponent);   /* rank k: 1/(k+1)^s */
int alias_status(struct alias *a);    /* over gen_status_rows */
int alias_agents(struct alias *a);    /* over gen_agent_rows */
void alias_free(struct alias *a);

struct status_row {
	const char *text;      /* as logged: "200", "-", "000" */
	unsigned weight;       /* per 100000 lines */
	uint32_t bytes_min;
	uint32_t bytes_span;   /* 0: the size is "0" or "-" */
};

struct agent_row {
	const char *text;
	unsigned weight;
};

extern const struct status_row gen_status_rows[];
extern const unsigned gen_n_status_rows;
extern const struct agent_row gen_agent_rows[];
extern const unsigned gen_n_agent_rows;
extern const char *const gen_referers[16];

/* The request method for a percentile 0..99 (mostly GET). */
const char *gen_method(unsigned percent);

#endif
