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

struct timeline {
	size_t lanes;             /* counters per slot: CLASS_COUNT, or flagged codes */
	long long base_width;     /* 0: auto ladder; else --bucket */
	long long width;
	long long lo, hi;         /* covered buckets, valid if any  */
	bool any;
	long long cache_t0, cache_t1;   /* [t0, t1) maps to cache_slot */
	size_t cache_slot;
	uint64_t *slots;          /* TIMELINE_SLOTS * lanes */
	uint64_t *scratch;        /* for coarsening */
};

#define SLOT(tl, arr, s) ((arr) + (size_t)(s) * (tl)->lanes)

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

struct timeline *timeline_new_lanes(long long bucket_seconds, size_t lanes)
{
	struct timeline *tl = xcalloc(1, sizeof *tl);

	tl->lanes = lanes;
	tl->slots = xcalloc(TIMELINE_SLOTS * lanes, sizeof *tl->slots);
	tl->scratch = xcalloc(TIMELINE_SLOTS * lanes, sizeof *tl->scratch);
	if (bucket_seconds > WIDTH_MAX)
		bucket_seconds = WIDTH_MAX;
	tl->base_width = bucket_seconds > 0 ? bucket_seconds : 0;
	timeline_reset(tl);
	return tl;
}

struct timeline *timeline_new(long long bucket_seconds)
{
	return timeline_new_lanes(bucket_seconds, CLASS_COUNT);
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
	memset(tl->slots, 0, TIMELINE_SLOTS * tl->lanes * sizeof *tl->slots);
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
	memset(tl->scratch, 0, TIMELINE_SLOTS * tl->lanes * sizeof *tl->scratch);
	for (long long b = tl->lo;; b++) {
		uint64_t *from = SLOT(tl, tl->slots, slot_of(b));
		uint64_t *to = SLOT(tl, tl->scratch, slot_of(floor_div(b, f)));

		for (size_t c = 0; c < tl->lanes; c++)
			to[c] += from[c];
		if (b == tl->hi)
			break;
	}
	memset(tl->slots, 0, TIMELINE_SLOTS * tl->lanes * sizeof *tl->slots);
	tl->lo = floor_div(tl->lo, f);
	tl->hi = floor_div(tl->hi, f);
	for (long long b = tl->lo;; b++) {
		memcpy(SLOT(tl, tl->slots, slot_of(b)), SLOT(tl, tl->scratch, slot_of(b)),
		       tl->lanes * sizeof *tl->slots);
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
	return SLOT(tl, tl->slots, tl->cache_slot);
}

static long long clamp_time(long long t)
{
	return t < -TIME_CLAMP ? -TIME_CLAMP : t > TIME_CLAMP ? TIME_CLAMP : t;
}

void timeline_add(struct timeline *tl, long long t, enum status_class cls)
{
	timeline_add_lane(tl, t, (size_t)cls);
}

void timeline_add_lane(struct timeline *tl, long long t, size_t lane)
{
	if (t >= tl->cache_t0 && t < tl->cache_t1) {
		SLOT(tl, tl->slots, tl->cache_slot)[lane]++;
		return;
	}
	slot_for(tl, clamp_time(t))[lane]++;
}

void timeline_merge(struct timeline *dst, const struct timeline *src)
{
	timeline_merge_lanes(dst, src, NULL);
}

void timeline_merge_lanes(struct timeline *dst, const struct timeline *src,
                          const size_t *lane_map)
{
	if (!src->any)
		return;
	while (dst->width < src->width && dst->width < WIDTH_MAX)
		coarsen(dst);
	for (long long b = src->lo;; b++) {
		const uint64_t *from = SLOT(src, src->slots, slot_of(b));
		uint64_t *to = NULL;

		for (size_t c = 0; c < src->lanes; c++) {
			size_t dc = lane_map ? lane_map[c] : c;

			if (!from[c] || dc >= dst->lanes)
				continue;
			if (!to)
				to = slot_for(dst, b * src->width);
			to[dc] += from[c];
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
			to->by_class[c] += SLOT(tl, tl->slots, slot_of(b))[c];
		if (b == tl->hi)
			break;
	}
	*out = bk;
	return n;
}

size_t timeline_export_lane(const struct timeline *tl, size_t lane, long long width,
                            long long first, size_t n, uint64_t *out)
{
	long long f;
	size_t placed = 0;

	if (!tl->any || width < tl->width || width % tl->width || lane >= tl->lanes)
		return 0;
	f = width / tl->width;
	for (long long b = tl->lo;; b++) {
		long long i = floor_div(b, f) - first;
		uint64_t v = SLOT(tl, tl->slots, slot_of(b))[lane];

		if (v && i >= 0 && (unsigned long long)i < n) {
			out[i] += v;
			placed++;
		}
		if (b == tl->hi)
			break;
	}
	return placed;
}
