/* timeline.c: the bounded, coarsening per-class timeline (see timeline.h).
 * Bucket b (an absolute number: start = b * width) lives in slot
 * b mod TIMELINE_SLOTS, so the covered run may grow to the left (an older
 * rotated log read later) or to the right without moving anything; slots
 * outside [lo, hi] are always zero. A one-bucket cache makes in-order
 * logs cost no division. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "timeline.h"
#include "statusmon/xalloc.h"

#define TIME_CLAMP (1LL << 61)
#define WIDTH_MAX (1LL << 61)

typedef uint64_t slot_counts[CLASS_COUNT];

struct timeline {
	long long base_width;     /* 0: auto ladder; else --bucket */
	long long width;
	long long lo, hi;         /* covered buckets, valid if any  */
	bool any;
	long long cache_t0, cache_t1;   /* [t0, t1) maps to cache_slot */
	size_t cache_slot;
	slot_counts *slots;
	slot_counts *scratch;     /* for coarsening */
};

static const long long ladder[] = {
	60, 300, 900, 1800, 3600, 10800, 21600, 43200, 86400, 604800, 2419200
};

long long timeline_ladder_next(long long w)
{
	for (size_t i = 0; i < sizeof ladder / sizeof ladder[0]; i++)
		if (ladder[i] > w)
			return ladder[i];
	return w * 2;
}

static long long next_width(const struct timeline *tl, long long w)
{
	if (w >= WIDTH_MAX)
		return w;
	return tl->base_width ? w * 2 : timeline_ladder_next(w);
}

static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static size_t slot_of(long long b)
{
	long long m = b % TIMELINE_SLOTS;

	return (size_t)(m < 0 ? m + TIMELINE_SLOTS : m);
}

struct timeline *timeline_new(long long bucket_seconds)
{
	struct timeline *tl = xcalloc(1, sizeof *tl);

	tl->slots = xcalloc(TIMELINE_SLOTS, sizeof *tl->slots);
	tl->scratch = xcalloc(TIMELINE_SLOTS, sizeof *tl->scratch);
	if (bucket_seconds > WIDTH_MAX)
		bucket_seconds = WIDTH_MAX;
	tl->base_width = bucket_seconds > 0 ? bucket_seconds : 0;
	timeline_reset(tl);
	return tl;
}

void timeline_free(struct timeline *tl)
{
	if (!tl)
		return;
	free(tl->slots);
	free(tl->scratch);
	free(tl);
}

static void cache_clear(struct timeline *tl)
{
	tl->cache_t0 = 0;
	tl->cache_t1 = 0;   /* empty range */
}

void timeline_reset(struct timeline *tl)
{
	memset(tl->slots, 0, TIMELINE_SLOTS * sizeof *tl->slots);
	tl->width = tl->base_width ? tl->base_width : ladder[0];
	tl->any = false;
	tl->lo = tl->hi = 0;
	cache_clear(tl);
}

/* One step up the ladder: every bucket folds into its coarser parent. */
static void coarsen(struct timeline *tl)
{
	long long w = next_width(tl, tl->width), f = w / tl->width;

	if (w == tl->width)
		return;
	cache_clear(tl);
	tl->width = w;
	if (!tl->any)
		return;
	memset(tl->scratch, 0, TIMELINE_SLOTS * sizeof *tl->scratch);
	for (long long b = tl->lo;; b++) {
		uint64_t *from = tl->slots[slot_of(b)];
		uint64_t *to = tl->scratch[slot_of(floor_div(b, f))];

		for (int c = 0; c < CLASS_COUNT; c++)
			to[c] += from[c];
		if (b == tl->hi)
			break;
	}
	memset(tl->slots, 0, TIMELINE_SLOTS * sizeof *tl->slots);
	tl->lo = floor_div(tl->lo, f);
	tl->hi = floor_div(tl->hi, f);
	for (long long b = tl->lo;; b++) {
		memcpy(tl->slots[slot_of(b)], tl->scratch[slot_of(b)], sizeof(slot_counts));
		if (b == tl->hi)
			break;
	}
}

/* The slot for time t, widening the covered run (and coarsening) first. */
static uint64_t *slot_for(struct timeline *tl, long long t)
{
	long long b = floor_div(t, tl->width);

	if (!tl->any) {
		tl->lo = tl->hi = b;
		tl->any = true;
	}
	while ((unsigned long long)((b > tl->hi ? b : tl->hi) - (b < tl->lo ? b : tl->lo))
	       >= TIMELINE_SLOTS) {
		coarsen(tl);
		b = floor_div(t, tl->width);
	}
	if (b < tl->lo)
		tl->lo = b;
	if (b > tl->hi)
		tl->hi = b;
	tl->cache_t0 = b * tl->width;
	tl->cache_t1 = tl->cache_t0 + tl->width;
	tl->cache_slot = slot_of(b);
	return tl->slots[tl->cache_slot];
}

static long long clamp_time(long long t)
{
	return t < -TIME_CLAMP ? -TIME_CLAMP : t > TIME_CLAMP ? TIME_CLAMP : t;
}

void timeline_add(struct timeline *tl, long long t, enum status_class cls)
{
	if (t >= tl->cache_t0 && t < tl->cache_t1) {
		tl->slots[tl->cache_slot][cls]++;
		return;
	}
	slot_for(tl, clamp_time(t))[cls]++;
}

void timeline_merge(struct timeline *dst, const struct timeline *src)
{
	if (!src->any)
		return;
	while (dst->width < src->width && dst->width < WIDTH_MAX)
		coarsen(dst);
	for (long long b = src->lo;; b++) {
		const uint64_t *from = src->slots[slot_of(b)];
		uint64_t *to = NULL;

		for (int c = 0; c < CLASS_COUNT; c++) {
			if (!from[c])
				continue;
			if (!to)
				to = slot_for(dst, b * src->width);
			to[c] += from[c];
		}
		if (b == src->hi)
			break;
	}
}

long long timeline_width(const struct timeline *tl)
{
	return tl->width;
}

static long long export_width(const struct timeline *tl, size_t max_buckets)
{
	long long w = tl->width;

	if (!max_buckets && tl->base_width)
		return w;
	if (!max_buckets)
		max_buckets = TIMELINE_AUTO_BUCKETS;
	while (w < WIDTH_MAX) {
		long long f = w / tl->width;
		unsigned long long n = (unsigned long long)(floor_div(tl->hi, f) -
		                                            floor_div(tl->lo, f)) + 1;

		if (n <= max_buckets)
			break;
		w = next_width(tl, w);
	}
	return w;
}

size_t timeline_export(const struct timeline *tl, size_t max_buckets,
                       struct snapshot_bucket **out, long long *width)
{
	long long w = export_width(tl, max_buckets), f = w / tl->width, first;
	size_t n;
	struct snapshot_bucket *bk;

	*out = NULL;
	*width = w;
	if (!tl->any)
		return 0;
	first = floor_div(tl->lo, f);
	n = (size_t)(floor_div(tl->hi, f) - first) + 1;
	bk = xcalloc(n, sizeof *bk);
	for (size_t i = 0; i < n; i++)
		bk[i].start = (first + (long long)i) * w;
	for (long long b = tl->lo;; b++) {
		struct snapshot_bucket *to = &bk[floor_div(b, f) - first];

		for (int c = 0; c < CLASS_COUNT; c++)
			to->by_class[c] += tl->slots[slot_of(b)][c];
		if (b == tl->hi)
			break;
	}
	*out = bk;
	return n;
}
