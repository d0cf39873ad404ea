/* recent_lat.c: the sliced duration histograms behind the live screen's
 * windowed p50/p99 (see recent_lat.h for the layout and its memory bound).
 * Apart from recent.c because it costs memory per status and exists only
 * for logs with durations; fed from stats.c beside recent_add. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "recent_lat.h"
#include "statusmon/xalloc.h"

struct rlat_hist {
	long long slice;                       /* the slice it counts  */
	uint32_t count, absent;
	uint64_t sum_us, min_us, max_us;
	uint32_t bucket[LATENCY_BUCKETS];
};

struct recent_lat {
	size_t n_entries;
	uint8_t *col_of;                       /* entry -> column + 1   */
	size_t entry_of[RLAT_COLUMNS];
	unsigned n_cols;
	struct rlat_hist *hist[RLAT_SLOTS][RLAT_COLUMNS];   /* lazily */
};

static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct recent_lat *recent_lat_new(size_t n_entries)
{
	struct recent_lat *r = xcalloc(1, sizeof *r);

	r->n_entries = n_entries;
	r->col_of = xcalloc(n_entries ? n_entries : 1, 1);
	return r;
}

void recent_lat_free(struct recent_lat *r)
{
	if (!r)
		return;
	for (size_t s = 0; s < RLAT_SLOTS; s++)
		for (size_t c = 0; c < RLAT_COLUMNS; c++)
			free(r->hist[s][c]);
	free(r->col_of);
	free(r);
}

/* Keeps the allocations: a reset stamps every histogram stale. */
void recent_lat_reset(struct recent_lat *r)
{
	for (size_t s = 0; s < RLAT_SLOTS; s++)
		for (size_t c = 0; c < RLAT_COLUMNS; c++)
			if (r->hist[s][c])
				r->hist[s][c]->slice = LLONG_MIN;
	memset(r->col_of, 0, r->n_entries ? r->n_entries : 1);
	r->n_cols = 0;
}

static int column(struct recent_lat *r, size_t entry)
{
	if (entry >= r->n_entries)
		return -1;
	if (r->col_of[entry])
		return r->col_of[entry] - 1;
	if (r->n_cols >= RLAT_COLUMNS)
		return -1;
	r->entry_of[r->n_cols] = entry;
	r->col_of[entry] = (uint8_t)(++r->n_cols);
	return (int)r->n_cols - 1;
}

/* The histogram of slice and column, cleared if it held an older slice;
 * NULL if it holds a newer one (slice is outside every window). */
static struct rlat_hist *hist_at(struct recent_lat *r, long long slice, int col)
{
	struct rlat_hist **hp = &r->hist[slice - floor_div(slice, RLAT_SLOTS) * RLAT_SLOTS][col];
	struct rlat_hist *h = *hp;

	if (!h) {
		h = *hp = xmalloc(sizeof *h);
		h->slice = LLONG_MIN;
	}
	if (h->slice > slice)
		return NULL;
	if (h->slice < slice) {
		memset(h, 0, sizeof *h);
		h->slice = slice;
	}
	return h;
}

static void hist_add(struct rlat_hist *h, uint64_t us)
{
	if (us > LATENCY_MAX_US)
		us = LATENCY_MAX_US;
	if (h->count == 0 || us < h->min_us)
		h->min_us = us;
	if (h->count == 0 || us > h->max_us)
		h->max_us = us;
	h->sum_us = h->sum_us + us < h->sum_us ? UINT64_MAX : h->sum_us + us;
	h->count++;
	h->bucket[latency_bucket_of(us)]++;
}

void recent_lat_add(struct recent_lat *r, long long t, size_t entry,
                    bool present, uint64_t us)
{
	int col = column(r, entry);
	struct rlat_hist *h;

	if (col < 0)
		return;
	h = hist_at(r, floor_div(t, RLAT_SLICE), col);
	if (!h)
		return;
	if (present)
		hist_add(h, us);
	else
		h->absent++;
}

/* to += from (same slice). */
static void hist_merge(struct rlat_hist *to, const struct rlat_hist *from)
{
	if (from->count) {
		if (to->count == 0 || from->min_us < to->min_us)
			to->min_us = from->min_us;
		if (to->count == 0 || from->max_us > to->max_us)
			to->max_us = from->max_us;
	}
	to->sum_us = to->sum_us + from->sum_us < to->sum_us ? UINT64_MAX
	             : to->sum_us + from->sum_us;
	to->count += from->count;
	to->absent += from->absent;
	for (size_t i = 0; i < LATENCY_BUCKETS; i++)
		to->bucket[i] += from->bucket[i];
}

void recent_lat_merge(struct recent_lat *dst, const struct recent_lat *src,
                      const size_t *map)
{
	for (size_t s = 0; s < RLAT_SLOTS; s++) {
		for (unsigned c = 0; c < src->n_cols; c++) {
			const struct rlat_hist *from = src->hist[s][c];
			struct rlat_hist *to;
			int col;

			if (!from || from->slice == LLONG_MIN)
				continue;
			col = column(dst, map[src->entry_of[c]]);
			if (col < 0 || !(to = hist_at(dst, from->slice, col)))
				continue;
			hist_merge(to, from);
		}
	}
}

bool recent_lat_tracks(const struct recent_lat *r, size_t entry)
{
	return entry < r->n_entries && r->col_of[entry] != 0;
}

/* out += h, widening 32-bit counts to the snapshot's histogram. */
static void hist_widen(struct latency *out, const struct rlat_hist *h)
{
	if (h->count) {
		if (out->count == 0 || h->min_us < out->min_us)
			out->min_us = h->min_us;
		if (out->count == 0 || h->max_us > out->max_us)
			out->max_us = h->max_us;
	}
	out->sum_us = out->sum_us + h->sum_us < out->sum_us ? UINT64_MAX
	              : out->sum_us + h->sum_us;
	out->count += h->count;
	out->absent += h->absent;
	for (size_t i = 0; i < LATENCY_BUCKETS; i++)
		out->bucket[i] += h->bucket[i];
}

bool recent_lat_sum(const struct recent_lat *r, long long now, unsigned window,
                    size_t entry, struct latency *out)
{
	long long hi = floor_div(now, RLAT_SLICE);
	long long lo = floor_div(now - (long long)window + 1, RLAT_SLICE);
	int col;

	latency_reset(out);
	if (!recent_lat_tracks(r, entry))
		return false;
	col = r->col_of[entry] - 1;
	if (hi - lo >= RLAT_SLOTS)
		lo = hi - RLAT_SLOTS + 1;
	for (size_t s = 0; s < RLAT_SLOTS; s++) {
		const struct rlat_hist *h = r->hist[s][col];

		if (h && h->slice != LLONG_MIN && h->slice >= lo && h->slice <= hi)
			hist_widen(out, h);
	}
	return true;
}
