/* topk_impl.h: the inside of a Space-Saving summary, shared by topk.c
 * (adding) and topk_merge.c (merging and listing) and nobody else. */
#ifndef STATUSMON_STATS_TOPK_IMPL_H
#define STATUSMON_STATS_TOPK_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "hash.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define TOPK_KEY_STRIDE SNAPSHOT_KEY_MAX   /* bytes per stored key            */
#define TOPK_ALPHA_PER_SLOT 8u             /* filter counters per slot, once full */
#define TOPK_VICTIMS 32u                   /* minimum slots remembered per scan */

#define TOPK_HEAD 45u    /* key bytes a slot holds itself             */

/* One cache line (the array is line-aligned): a hit on a key of at most
 * TOPK_HEAD bytes (most paths, every client address) reads its identity
 * and its bytes here, without a second, dependent load from keys. */
struct topk_slot {
	uint64_t hash;        /* of the full key                         */
	uint64_t error;       /* overestimate bound of its count          */
	uint16_t len;         /* stored bytes, <= TOPK_KEY_MAX            */
	bool truncated;       /* the key was longer than what is stored   */
	char head[TOPK_HEAD]; /* its first min(len, TOPK_HEAD) bytes      */
};
_Static_assert(sizeof(struct topk_slot) == 64, "a slot is one cache line");

struct topk_bucket {          /* index entry; slot1 == 0: empty           */
	uint32_t tag;         /* low 32 bits of the hash                  */
	uint32_t slot1;       /* slot + 1                                 */
};

/* The fields every add touches come first: one cache line (the struct is
 * allocated 64-byte aligned). */
struct topk {
	struct topk_bucket *index;
	uint32_t mask;
	uint32_t n_alpha;     /* a power of two                           */
	uint64_t *alpha;      /* NULL until full: bound per hash bucket   */
	uint64_t *counts;     /* per slot, dense for the minimum scan     */
	struct topk_slot *slots;
	char *keys;           /* cap * TOPK_KEY_STRIDE                    */
	uint64_t min_lb;      /* <= every count (exact right after a scan) */
	bool full;            /* used == cap and growing failed           */
	bool lossy;           /* some count is not exact                  */
	uint32_t cap, cap_max, used;
	size_t *budget;
	uint32_t n_victims;   /* slots that had count min_lb at the scan  */
	uint32_t victims[TOPK_VICTIMS];
};

static inline char *topk_key(const struct topk *t, uint32_t s)
{
	return t->keys + (size_t)s * TOPK_KEY_STRIDE;
}

/* The alpha bucket of a hash: high bits, the index uses the low ones. */
static inline uint32_t topk_alpha_at(uint32_t n_alpha, uint64_t hash)
{
	return (uint32_t)(hash >> 32) & (n_alpha - 1);
}

/* a[0, n) == b[0, n) without a call: keys are mostly 8 to 64 bytes, where
 * libc's memcmp (its symbol: 4% of a thread's perf samples) costs more in
 * its call than in comparing. No loop below 16 bytes (two overlapping
 * reads of 8 or 4, as hash.h reads), then 16 bytes a step with SSE2, the
 * last step overlapping; never a byte outside either key. The hit path of
 * every add runs this. Against 8-byte steps and a byte loop under 8, time
 * per line in concurrent pairs (bench/pair): 0.95 and 0.95 in 8 and 10
 * pairs with an 8-byte loop from 8 to 15 bytes, 0.98 in 8 pairs as it is. */
static inline bool topk_bytes_equal(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t i;

	if (n >= 16) {
#if defined(__SSE2__)
		__m128i d = _mm_setzero_si128();

		for (i = 0; i + 16 < n; i += 16)
			d = _mm_or_si128(d, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(x + i)),
			                                  _mm_loadu_si128((const __m128i *)(y + i))));
		d = _mm_or_si128(d, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(x + n - 16)),
		                                  _mm_loadu_si128((const __m128i *)(y + n - 16))));
		return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) == 0xffff;
#else
		uint64_t d = 0;

		for (i = 0; i + 8 < n; i += 8)
			d |= hash_read8(x + i) ^ hash_read8(y + i);
		return (d | (hash_read8(x + n - 8) ^ hash_read8(y + n - 8))) == 0;
#endif
	}
	if (n >= 8)
		return ((hash_read8(x) ^ hash_read8(y)) |
		        (hash_read8(x + n - 8) ^ hash_read8(y + n - 8))) == 0;
	if (n >= 4)
		return ((hash_read4(x) ^ hash_read4(y)) |
		        (hash_read4(x + n - 4) ^ hash_read4(y + n - 4))) == 0;
	/* 0 to 3 bytes: the first, middle and last cover them all */
	return n == 0 || (x[0] == y[0] && x[n >> 1] == y[n >> 1] && x[n - 1] == y[n - 1]);
}

static inline bool topk_slot_is(const struct topk *t, uint32_t s, const char *key,
                                size_t len, bool trunc, uint64_t hash)
{
	const struct topk_slot *sl = &t->slots[s];

	return sl->hash == hash && sl->len == len && sl->truncated == trunc &&
	       topk_bytes_equal(len <= TOPK_HEAD ? sl->head : topk_key(t, s), key, len);
}

/* The slot holding key (its stored prefix of len bytes), or -1. */
static inline int topk_find(const struct topk *t, const char *key, size_t len,
                            bool trunc, uint64_t hash)
{
	uint32_t tag = (uint32_t)hash, i = tag & t->mask;

	for (;;) {
		const struct topk_bucket *b = &t->index[i];

		if (b->slot1 == 0)
			return -1;
		if (b->tag == tag && topk_slot_is(t, b->slot1 - 1, key, len, trunc, hash))
			return (int)(b->slot1 - 1);
		i = (i + 1) & t->mask;
	}
}

/* The smallest count (0 when empty). */
uint64_t topk_min(const struct topk *t);

/* An upper bound of the count of any key t does not monitor: its alpha
 * counter, else the minimum once something was evicted, else 0. */
static inline uint64_t topk_bound(const struct topk *t, uint64_t hash)
{
	if (t->alpha)
		return t->alpha[topk_alpha_at(t->n_alpha, hash)];
	return t->lossy ? topk_min(t) : 0;
}

/* Stores key (len bytes) as slot s's key: its head and the keys array. */
static inline void topk_key_set(struct topk *t, uint32_t s, const char *key, size_t len)
{
	memcpy(t->slots[s].head, key, len < TOPK_HEAD ? len : TOPK_HEAD);
	memcpy(topk_key(t, s), key, len);
}

void topk_index_insert(struct topk *t, uint32_t s);
int topk_resize(struct topk *t, uint32_t cap);
/* Allocates t->alpha (zeroed) for t->cap slots; -1 on out-of-memory. */
int topk_alpha_new(struct topk *t);

#endif
