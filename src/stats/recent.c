/* recent.c: the per-second ring behind the live view's sliding windows
 * (see recent.h). Apart from the timeline because it answers a different
 * question (what happened in the last N seconds, at one-second
 * resolution) and exists only when the TUI asks for it. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "recent.h"
#include "statusmon/xalloc.h"

#define TIME_CLAMP (1LL << 61)

struct recent_sec {
	long long stamp;                      /* the second it counts */
	uint32_t by_class[CLASS_COUNT];
	uint32_t by_col[RECENT_COLUMNS];
};

struct recent {
	unsigned seconds;
	size_t n_entries;
	bool any;
	long long newest;
	struct recent_sec *ring;
	uint8_t *col_of;                      /* entry -> column + 1, 0 = none */
	size_t entry_of[RECENT_COLUMNS];
	unsigned n_cols;
};

static long long clamp_time(long long t)
{
	return t < -TIME_CLAMP ? -TIME_CLAMP : t > TIME_CLAMP ? TIME_CLAMP : t;
}

static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct recent *recent_new(unsigned seconds, size_t n_entries)
{
	struct recent *r = xcalloc(1, sizeof *r);

	if (seconds < 1)
		seconds = 1;
	if (seconds > RECENT_SECONDS_MAX)
		seconds = RECENT_SECONDS_MAX;
	r->seconds = seconds;
	r->n_entries = n_entries;
	r->ring = xmalloc(seconds * sizeof *r->ring);
	r->col_of = xmalloc(n_entries ? n_entries : 1);
	recent_reset(r);
	return r;
}

void recent_free(struct recent *r)
{
	if (!r)
		return;
	free(r->ring);
	free(r->col_of);
	free(r);
}

void recent_reset(struct recent *r)
{
	for (unsigned i = 0; i < r->seconds; i++)
		r->ring[i].stamp = LLONG_MIN;
	memset(r->col_of, 0, r->n_entries);
	r->n_cols = 0;
	r->any = false;
	r->newest = 0;
}

unsigned recent_seconds(const struct recent *r)
{
	return r->seconds;
}

bool recent_newest(const struct recent *r, long long *t)
{
	*t = r->newest;
	return r->any;
}

/* The slot for second t (cleared if it held an older second), or NULL if t
 * is older than the window. */
static struct recent_sec *sec_at(struct recent *r, long long t)
{
	struct recent_sec *s;

	t = clamp_time(t);
	if (!r->any || t > r->newest) {
		r->newest = t;
		r->any = true;
	} else if (t <= r->newest - (long long)r->seconds) {
		return NULL;
	}
	s = &r->ring[t - floor_div(t, r->seconds) * r->seconds];
	if (s->stamp != t) {
		memset(s, 0, sizeof *s);
		s->stamp = t;
	}
	return s;
}

/* The dense column of entry, assigned on first sight; -1 when full. */
static int column(struct recent *r, size_t entry)
{
	if (entry >= r->n_entries)
		return -1;
	if (r->col_of[entry])
		return r->col_of[entry] - 1;
	if (r->n_cols >= RECENT_COLUMNS)
		return -1;
	r->entry_of[r->n_cols] = entry;
	r->col_of[entry] = (uint8_t)(++r->n_cols);
	return (int)r->n_cols - 1;
}

void recent_add(struct recent *r, long long t, size_t entry, enum status_class cls)
{
	struct recent_sec *s = sec_at(r, t);
	int col;

	if (!s)
		return;
	s->by_class[cls]++;
	col = column(r, entry);
	if (col >= 0)
		s->by_col[col]++;
}

static bool sec_in(const struct recent_sec *s, long long now, unsigned window)
{
	return s->stamp != LLONG_MIN && s->stamp <= now && s->stamp > now - (long long)window;
}

void recent_merge(struct recent *dst, const struct recent *src, const size_t *map)
{
	if (!src->any)
		return;
	for (unsigned i = 0; i < src->seconds; i++) {
		const struct recent_sec *from = &src->ring[i];
		struct recent_sec *to;

		if (!sec_in(from, src->newest, src->seconds))
			continue;
		to = sec_at(dst, from->stamp);
		if (!to)
			continue;
		for (int c = 0; c < CLASS_COUNT; c++)
			to->by_class[c] += from->by_class[c];
		for (unsigned c = 0; c < src->n_cols; c++) {
			int col = column(dst, map[src->entry_of[c]]);

			if (col >= 0)
				to->by_col[col] += from->by_col[c];
		}
	}
}

void recent_sum(const struct recent *r, long long now, unsigned window,
                uint64_t *by_class, uint64_t *by_entry)
{
	memset(by_class, 0, CLASS_COUNT * sizeof *by_class);
	memset(by_entry, 0, r->n_entries * sizeof *by_entry);
	if (window > r->seconds)
		window = r->seconds;
	now = clamp_time(now);
	for (unsigned i = 0; i < r->seconds; i++) {
		const struct recent_sec *s = &r->ring[i];

		if (!sec_in(s, now, window))
			continue;
		for (int c = 0; c < CLASS_COUNT; c++)
			by_class[c] += s->by_class[c];
		for (unsigned c = 0; c < r->n_cols; c++)
			by_entry[r->entry_of[c]] += s->by_col[c];
	}
}

static long long bucket_width(long long lo, long long now, size_t max)
{
	static const long long nice[] = {
		1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600
	};
	long long w = 1;

	for (size_t i = 0;; i++) {
		w = i < sizeof nice / sizeof nice[0] ? nice[i] : w * 2;
		if ((size_t)(floor_div(now, w) - floor_div(lo, w)) + 1 <= max)
			return w;
	}
}

size_t recent_buckets(const struct recent *r, long long now, unsigned window,
                      size_t max_buckets, struct snapshot_bucket **out,
                      long long *width)
{
	long long lo, w, first;
	size_t n;
	struct snapshot_bucket *bk;

	if (window > r->seconds)
		window = r->seconds;
	if (window < 1)
		window = 1;
	now = clamp_time(now);
	lo = now - (long long)window + 1;
	/* two buckets always suffice once w >= window */
	w = bucket_width(lo, now, max_buckets < 2 ? (max_buckets ? 2 : 60) : max_buckets);
	first = floor_div(lo, w);
	n = (size_t)(floor_div(now, w) - first) + 1;
	*width = w;
	*out = bk = xcalloc(n, sizeof *bk);
	for (size_t i = 0; i < n; i++)
		bk[i].start = (first + (long long)i) * w;
	for (unsigned i = 0; i < r->seconds; i++) {
		const struct recent_sec *s = &r->ring[i];

		if (!sec_in(s, now, window))
			continue;
		for (int c = 0; c < CLASS_COUNT; c++)
			bk[floor_div(s->stamp, w) - first].by_class[c] += s->by_class[c];
	}
	return n;
}
