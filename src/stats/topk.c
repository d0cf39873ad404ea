/* topk.c: the summary behind top paths and top clients (see topk.h).
 * Per summary: a dense array of counts, slot metadata (hash, error, stored
 * key length), the stored keys, and a linear-probing index from hash to
 * slot (deletion by backward shift, no tombstones). Once full it adds the
 * "Filtered Space-Saving" front (Homem & Carvalho, 2010): alpha counters
 * per hash bucket bound what unmonitored keys may have had, and a key
 * enters only when its bound passes the minimum count, so a long tail of
 * rare keys (1M unique paths) costs one counter increment each, not an
 * eviction. The minimum is found by scanning the counts, remembering the
 * slots tied at it so one scan serves many evictions; a hit is then a
 * plain increment. Kept apart from stats.c because it knows nothing of
 * HTTP: it counts byte strings. */
#include <stdlib.h>
#include <string.h>
#include "topk.h"
#include "topk_impl.h"
#include "statusmon/xalloc.h"

/* The index is at most a quarter full. Most adds of a long tail miss, and
 * whether a lookup ends at its first bucket is what the branch predictor
 * cannot guess: at half full a miss probes 2.5 buckets on average, at a
 * quarter 1.4. Time per line, combined lines at one thread, 8 concurrent
 * pairs (bench/pair) on an Intel Xeon: B/A 0.906 and 0.906 against half
 * full; an eighth full measured the same as a quarter (1.001). */
static uint32_t index_size_for(uint32_t cap)
{
	uint32_t n = 16;

	while (n < cap * 4)
		n <<= 1;
	return n;
}

void topk_index_insert(struct topk *t, uint32_t s)
{
	uint32_t tag = (uint32_t)t->slots[s].hash, i = tag & t->mask;

	while (t->index[i].slot1 != 0)
		i = (i + 1) & t->mask;
	t->index[i].tag = tag;
	t->index[i].slot1 = s + 1;
}

/* Backward-shift deletion keeps every probe chain unbroken. */
static void index_remove(struct topk *t, uint32_t s)
{
	uint32_t i = (uint32_t)t->slots[s].hash & t->mask, j, home;

	while (t->index[i].slot1 != s + 1)
		i = (i + 1) & t->mask;
	j = i;
	for (;;) {
		j = (j + 1) & t->mask;
		if (t->index[j].slot1 == 0)
			break;
		home = t->index[j].tag & t->mask;
		/* move j back to i unless its home lies cyclically in (i, j] */
		if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
			t->index[i] = t->index[j];
			i = j;
		}
	}
	t->index[i].slot1 = 0;
	t->index[i].tag = 0;
}

/* Finds the minimum count and remembers up to TOPK_VICTIMS slots at it. */
uint64_t topk_min(const struct topk *t)
{
	uint64_t m = UINT64_MAX;

	for (uint32_t s = 0; s < t->used; s++)
		m = t->counts[s] < m ? t->counts[s] : m;
	return t->used ? m : 0;
}

static void scan_min(struct topk *t)
{
	uint64_t m = topk_min(t);

	t->n_victims = 0;
	for (uint32_t s = t->used; s-- > 0 && t->n_victims < TOPK_VICTIMS;)
		if (t->counts[s] == m)
			t->victims[t->n_victims++] = s;
	t->min_lb = m;
}

/* (Re)allocates the arrays for cap slots, keeping the first t->used, and
 * rebuilds the index. -1 on out-of-memory (t still consistent). */
int topk_resize(struct topk *t, uint32_t cap)
{
	uint32_t isize = index_size_for(cap);
	uint64_t *counts = xrealloc(t->counts, cap * sizeof *counts);
	struct topk_slot *slots;
	char *keys;
	struct topk_bucket *index;

	t->counts = counts;
	slots = xcalloc_lines(cap, sizeof *slots);
	if (t->used)
		memcpy(slots, t->slots, t->used * sizeof *slots);
	free(t->slots);
	t->slots = slots;
	keys = xrealloc(t->keys, (size_t)cap * TOPK_KEY_STRIDE);
	t->keys = keys;
	index = xcalloc(isize, sizeof *index);
	free(t->index);
	t->index = index;
	t->mask = isize - 1;
	t->cap = cap;
	for (uint32_t s = 0; s < t->used; s++)
		topk_index_insert(t, s);
	return 0;
}

int topk_alpha_new(struct topk *t)
{
	uint32_t n = 16;

	while (n < t->cap * TOPK_ALPHA_PER_SLOT)
		n <<= 1;
	t->alpha = xcalloc(n, sizeof *t->alpha);
	t->n_alpha = n;
	t->lossy = true;
	return 0;
}

struct topk *topk_new(unsigned cap_max, size_t *budget)
{
	size_t size = (sizeof(struct topk) + 63) / 64 * 64;
	struct topk *t = aligned_alloc(64, size);

	if (!t)
		return NULL;
	memset(t, 0, size);
	if (cap_max < TOPK_MIN_CAP)
		cap_max = TOPK_MIN_CAP;
	if (cap_max > TOPK_MAX_CAP)
		cap_max = TOPK_MAX_CAP;
	t->cap_max = cap_max;
	t->budget = budget;
	if (topk_resize(t, TOPK_MIN_CAP) < 0) {
		topk_free(t);
		return NULL;
	}
	return t;
}

void topk_free(struct topk *t)
{
	if (!t)
		return;
	if (t->budget && t->cap > TOPK_MIN_CAP)
		*t->budget += t->cap - TOPK_MIN_CAP;
	free(t->counts);
	free(t->slots);
	free(t->keys);
	free(t->index);
	free(t->alpha);
	free(t);
}

/* Doubles the capacity if cap_max and the shared budget allow; else marks
 * the summary full (budget comes back only when every summary is freed). */
static bool grow(struct topk *t)
{
	uint32_t want = t->cap * 2 > t->cap_max ? t->cap_max : t->cap * 2;
	uint32_t extra = want - t->cap;

	if (extra == 0 || !t->budget || *t->budget < extra || topk_resize(t, want) < 0) {
		t->full = true;
		return false;
	}
	*t->budget -= extra;
	return true;
}

static void slot_set(struct topk *t, uint32_t s, const char *key, size_t len,
                     bool trunc, uint64_t hash, uint64_t bound)
{
	t->slots[s].hash = hash;
	t->slots[s].len = (uint16_t)len;
	t->slots[s].truncated = trunc;
	t->slots[s].error = bound;
	t->counts[s] = bound + 1;
	topk_key_set(t, s, key, len);
}

/* A slot at the minimum count, if that minimum is below limit; -1 if
 * every count is >= limit. */
static int victim_below(struct topk *t, uint64_t limit)
{
	for (int rescanned = 0;; rescanned = 1) {
		while (t->n_victims) {
			uint32_t v = t->victims[--t->n_victims];

			if (t->counts[v] == t->min_lb)   /* still a minimum */
				return t->min_lb < limit ? (int)v : -1;
		}
		if (rescanned)
			return -1;
		scan_min(t);
	}
}

/* Full: the key replaces a minimum slot if its bound + 1 passes it (with
 * no alpha counters, always: plain Space-Saving); the victim's count goes
 * to its alpha bucket. */
static void add_full(struct topk *t, const char *key, size_t len, bool trunc,
                     uint64_t hash)
{
	uint64_t *a = t->alpha ? &t->alpha[topk_alpha_at(t->n_alpha, hash)] : NULL;
	uint64_t bound = a ? *a : 0;
	int v;

	if (a && bound + 1 <= t->min_lb) {
		*a = bound + 1;
		return;
	}
	v = victim_below(t, a ? bound + 1 : UINT64_MAX);
	if (v < 0) {
		if (a)
			*a = bound + 1;
		return;
	}
	if (a) {
		uint64_t *va = &t->alpha[topk_alpha_at(t->n_alpha, t->slots[v].hash)];

		if (*va < t->counts[v])
			*va = t->counts[v];
	} else {
		bound = t->counts[v];
	}
	index_remove(t, (uint32_t)v);
	slot_set(t, (uint32_t)v, key, len, trunc, hash, bound);
	topk_index_insert(t, (uint32_t)v);
	t->lossy = true;
}

/* A key not monitored yet: into a free slot, else through add_full. */
static __attribute__((noinline)) void add_new(struct topk *t, const char *key,
                                              size_t len, bool trunc, uint64_t hash)
{
	if (!t->full && (t->used < t->cap || grow(t))) {
		uint32_t s = t->used++;

		slot_set(t, s, key, len, trunc, hash, topk_bound(t, hash));
		topk_index_insert(t, s);
		t->n_victims = 0;   /* the minimum may have changed */
		t->min_lb = 0;
		return;
	}
	if (!t->alpha)
		(void)topk_alpha_new(t);   /* without it: plain Space-Saving */
	add_full(t, key, len, trunc, hash);
}

void topk_add(struct topk *t, const char *key, size_t n, uint64_t hash)
{
	size_t len = n > TOPK_KEY_MAX ? TOPK_KEY_MAX : n;
	bool trunc = n > TOPK_KEY_MAX;
	int found = topk_find(t, key, len, trunc, hash);
	uint64_t *a;

	if (found >= 0) {
		t->counts[found]++;
		return;
	}
	/* the common case of a long tail: a rare key stays out */
	a = t->alpha ? &t->alpha[topk_alpha_at(t->n_alpha, hash)] : NULL;
	if (a && t->full && *a + 1 <= t->min_lb) {
		++*a;
		return;
	}
	add_new(t, key, len, trunc, hash);
}

size_t topk_size(const struct topk *t)
{
	return t->used;
}

bool topk_is_exact(const struct topk *t)
{
	return !t->lossy;
}
