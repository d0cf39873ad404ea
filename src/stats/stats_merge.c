/* stats_merge.c: joining one thread's stats into another's at the end of
 * a run. Apart from stats.c because it is the one operation that walks
 * every structure of both sides; the per-line path never comes here.
 * Non-numeric statuses are renumbered (each side numbered its raw strings
 * in the order it saw them), so every structure keyed by entry is merged
 * through one entry map. */
#include <assert.h>
#include <string.h>
#include "stats_impl.h"

/* The dst entry for src's entry e: codes map to themselves, raw strings by
 * their text (added to dst's table if new). */
static size_t map_entry(struct stats *dst, const struct stats *src, size_t e)
{
	const char *raw;
	size_t len;
	bool cut;

	if (e < STATS_CODES || e == STATS_OTHER)
		return e;
	raw = src->raw[e - STATS_RAW0];
	len = src->raw_len[e - STATS_RAW0];
	cut = src->raw_cut[e - STATS_RAW0];
	for (unsigned i = 0; i < dst->n_raw; i++)
		if (dst->raw_len[i] == len && dst->raw_cut[i] == cut &&
		    memcmp(dst->raw[i], raw, len) == 0)
			return STATS_RAW0 + i;
	if (dst->n_raw >= STATS_RAW_SLOTS)
		return STATS_OTHER;
	memcpy(dst->raw[dst->n_raw], raw, STATUS_RAW_MAX);
	dst->raw_len[dst->n_raw] = (uint8_t)len;
	dst->raw_cut[dst->n_raw] = cut;
	return STATS_RAW0 + dst->n_raw++;
}

static void merge_topk(struct stats *dst, struct topk **to, const struct topk *from)
{
	if (!from)
		return;
	if (!*to)
		*to = topk_new(dst->topk_cap, &dst->topk_budget);
	if (*to)
		topk_merge(*to, from);
}

static void merge_entry(struct stats *dst, size_t de, const struct stats_entry *s)
{
	struct stats_entry *d = &dst->entry[de];

	d->count += s->count;
	if (!d->info)
		d->info = s->info;
	merge_topk(dst, &d->paths, s->paths);
	merge_topk(dst, &d->clients, s->clients);
	stats_latency_merge(d, s);
}

static void merge_range(bool *has, long long *lo, long long *hi,
                        bool src_has, long long src_lo, long long src_hi)
{
	if (!src_has)
		return;
	if (!*has) {
		*lo = src_lo;
		*hi = src_hi;
		*has = true;
		return;
	}
	if (src_lo < *lo)
		*lo = src_lo;
	if (src_hi > *hi)
		*hi = src_hi;
}

static void merge_times(struct stats *dst, const struct stats *src)
{
	merge_range(&dst->has_time, &dst->first, &dst->last,
	            src->has_time, src->first, src->last);
	merge_range(&dst->has_span, &dst->rate_first, &dst->rate_last,
	            src->has_span, src->rate_first, src->rate_last);
	if (src->has_clock && (!dst->has_clock || src->clock > dst->clock)) {
		dst->clock = src->clock;
		dst->has_clock = true;
	}
	if (src->has_newest && (!dst->has_newest || src->newest > dst->newest)) {
		dst->newest = src->newest;
		dst->newest_arrival = src->newest_arrival;
		dst->has_newest = true;
	}
	timeline_merge(dst->timeline, src->timeline);
}

void stats_merge(struct stats *dst, const struct stats *src)
{
	size_t map[STATS_ENTRIES];

	/* summaries match keys by hash: another seed would split every key */
	assert(dst->cfg.hash_seed == src->cfg.hash_seed);
	dst->parsed += src->parsed;
	dst->malformed += src->malformed;
	dst->directives += src->directives;
	dst->truncated += src->truncated;
	dst->filtered += src->filtered;
	for (size_t e = 0; e < STATS_ENTRIES; e++) {
		map[e] = e;
		if (e >= STATS_RAW0 && e < STATS_OTHER && e - STATS_RAW0 >= src->n_raw)
			continue;
		map[e] = map_entry(dst, src, e);
		if (src->entry[e].count)
			merge_entry(dst, map[e], &src->entry[e]);
	}
	merge_times(dst, src);
	stats_flag_merge(dst, src, map);
	if (dst->recent && src->recent)
		recent_merge(dst->recent, src->recent, map);
	if (dst->recent_lat && src->recent_lat)
		recent_lat_merge(dst->recent_lat, src->recent_lat, map);
	if (dst->lastlines && src->lastlines)
		lastlines_merge(dst->lastlines, src->lastlines, map);
	if (dst->labels && src->labels)
		labels_merge(dst->labels, src->labels, map);
}
