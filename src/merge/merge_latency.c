/* merge_latency.c: the latency histograms of a report (latency.h, the
 * "latency" object of each status) read back, checked and summed. A
 * histogram is taken only whole and consistent: bucket indexes in range and
 * increasing, counts adding up to "count", min <= max and each in the
 * first/last non-empty bucket, min*count <= sum <= max*count, count +
 * absent within the status's lines. Seconds are read as the exact decimal
 * the writer printed (microseconds), never through a double. The class
 * histograms are rebuilt from the merged statuses, so codes reclassified by
 * the registry in use land in their new class. */
#include <stdlib.h>
#include <string.h>
#include "merge_impl.h"
#include "statusmon/xalloc.h"

#define BAD(...) do { error_set(err, __VA_ARGS__); return MERGE_LEFT_OUT; } while (0)

static const char *const dur_key[DUR_COUNT] = {
	[DUR_REQUEST] = "request", [DUR_UPSTREAM] = "upstream",
};

/* "12.345678" (at most 6 decimals, no sign or exponent) -> microseconds. */
static bool seconds_us(const struct jnode *v, uint64_t *out)
{
	uint64_t us = 0;
	size_t i = 0, frac = 0;
	bool point = false;

	if (!v || v->type != J_NUMBER || v->n == 0 || v->n > 32)
		return false;
	for (; i < v->n; i++) {
		char c = v->s[i];

		if (c == '.' && !point && i > 0) {
			point = true;
			continue;
		}
		if (c < '0' || c > '9' || (point && ++frac > 6))
			return false;
		if (__builtin_mul_overflow(us, 10, &us) ||
		    __builtin_add_overflow(us, (uint64_t)(c - '0'), &us))
			return false;
	}
	for (; frac < 6; frac++)
		if (__builtin_mul_overflow(us, 10, &us))
			return false;
	*out = us;
	return true;
}

static enum merge_status read_buckets(const struct json_doc *d, const struct jnode *a,
                                      struct latency *h, size_t *lo, size_t *hi,
                                      struct error *err)
{
	uint64_t total = 0, idx, n;
	bool any = false;

	if (!a || a->type != J_ARRAY || a->count > LATENCY_BUCKETS)
		BAD("a latency histogram's \"buckets\" is missing or too long");
	for (const struct jnode *e = json_first(d, a); e; e = json_next(d, e)) {
		const struct jnode *i = json_first(d, e), *c = i ? json_next(d, i) : NULL;

		if (e->type != J_ARRAY || e->count != 2 || !json_u64(i, &idx) ||
		    !json_u64(c, &n) || idx >= LATENCY_BUCKETS || n == 0 || (any && idx <= *hi))
			BAD("a latency bucket is not [index < %d, count > 0] in increasing order",
			    LATENCY_BUCKETS);
		if (!any)
			*lo = (size_t)idx;
		*hi = (size_t)idx;
		any = true;
		h->bucket[idx] = n;
		total += n;   /* at most 345 counts of 2^50: no overflow */
	}
	if (total != h->count)
		BAD("a latency histogram's buckets do not add up to its count");
	return MERGE_OK;
}

/* min, max and sum against count and the buckets. */
static enum merge_status check_extremes(const struct json_doc *d, const struct jnode *o,
                                        struct latency *h, size_t lo, size_t hi,
                                        struct error *err)
{
	const struct jnode *mn = json_get(d, o, "min"), *mx = json_get(d, o, "max");
	uint64_t p;

	if (h->count == 0) {
		if (!mn || mn->type != J_NULL || !mx || mx->type != J_NULL || h->sum_us)
			BAD("an empty latency histogram has a min, max or sum");
		return MERGE_OK;
	}
	if (!seconds_us(mn, &h->min_us) || !seconds_us(mx, &h->max_us) ||
	    h->min_us > h->max_us || h->max_us > LATENCY_MAX_US)
		BAD("a latency histogram's min/max are missing or not min <= max <= %llu us",
		    (unsigned long long)LATENCY_MAX_US);
	if (latency_bucket_of(h->min_us) != lo || latency_bucket_of(h->max_us) != hi)
		BAD("a latency histogram's min or max lies outside its buckets");
	if (__builtin_mul_overflow(h->min_us, h->count, &p) || p > h->sum_us ||
	    (h->sum_us != UINT64_MAX && !__builtin_mul_overflow(h->max_us, h->count, &p) &&
	     p < h->sum_us))
		BAD("a latency histogram's sum is not within count * [min, max]");
	return MERGE_OK;
}

static enum merge_status read_histogram(const struct json_doc *d, const struct jnode *o,
                                        const struct rpt_status *s, struct latency *h,
                                        struct error *err)
{
	size_t lo = 0, hi = 0;
	enum merge_status ms;

	latency_reset(h);
	if (!o || o->type != J_OBJECT || !json_u64(json_get(d, o, "count"), &h->count) ||
	    !json_u64(json_get(d, o, "absent"), &h->absent) ||
	    !seconds_us(json_get(d, o, "sum"), &h->sum_us))
		BAD("status %d: a latency histogram lacks \"count\", \"absent\" or \"sum\"",
		    s->code);
	if (h->count + h->absent > s->count)
		BAD("status %d: its latency counts more lines than the status", s->code);
	if ((ms = read_buckets(d, json_get(d, o, "buckets"), h, &lo, &hi, err)) != MERGE_OK)
		return ms;
	return check_extremes(d, o, h, lo, hi, err);
}

enum merge_status rpt_read_latency(const struct json_doc *d, const struct jnode *st,
                                   struct rpt_status *s, struct error *err)
{
	const struct jnode *lat = json_get(d, st, "latency");
	enum merge_status ms;

	if (!lat || lat->type == J_NULL)
		return MERGE_OK;     /* a report from before latency: none */
	if (lat->type != J_OBJECT)
		BAD("status %d: \"latency\" is not an object", s->code);
	for (int k = 0; k < DUR_COUNT; k++) {
		const struct jnode *h = json_get(d, lat, dur_key[k]);

		if (!h || h->type == J_NULL)
			continue;
		s->lat[k] = xmalloc(sizeof *s->lat[k]);
		if ((ms = read_histogram(d, h, s, s->lat[k], err)) != MERGE_OK)
			return ms;
	}
	return MERGE_OK;
}

void rpt_latency_free(struct rpt_status *s)
{
	for (int k = 0; k < DUR_COUNT; k++) {
		free(s->lat[k]);
		s->lat[k] = NULL;
	}
}

void merge_latency_add(struct latency *dst[DUR_COUNT], struct latency *const src[DUR_COUNT])
{
	for (int k = 0; k < DUR_COUNT; k++) {
		if (!src[k])
			continue;
		if (!dst[k]) {
			dst[k] = xmalloc(sizeof *dst[k]);
			latency_reset(dst[k]);
		}
		latency_merge(dst[k], src[k]);
	}
}

void merge_latency_classes(struct snapshot *snap)
{
	for (size_t i = 0; i < snap->n_statuses; i++) {
		const struct snapshot_status *st = &snap->statuses[i];

		for (int k = 0; k < DUR_COUNT; k++) {
			struct latency **cl = &snap->class_latency[st->info->cls][k];

			if (!st->latency[k])
				continue;
			if (!*cl) {
				*cl = xmalloc(sizeof **cl);
				latency_reset(*cl);
			}
			latency_merge(*cl, st->latency[k]);
		}
	}
}
