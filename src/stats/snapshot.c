/* snapshot.c: copying the live counters out into a struct snapshot that
 * sinks own (reports, the TUI). The only reader of struct stats besides
 * stats*.c: sorting, top-K listing, window sums and bucket choice happen
 * here, once per snapshot, never per line.
 *
 * Windows (snapshot_options.window_seconds > 0, only when the stats keep
 * recent_seconds): "now" is the newest time seen (log time, or the clock
 * for lines without one), so replaying an old log shows its own last
 * minutes. When that newest line arrived close to its own time (a live
 * log: within the window of the clock), now follows the clock, so rates
 * fall back to zero when traffic stops. The timeline then covers the
 * window at one-second resolution (widths 1 2 5 10 15 30 60 ... s). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "stats_impl.h"
#include "statusmon/xalloc.h"

struct window {
	unsigned seconds;               /* 0: whole run */
	long long now;
	uint64_t by_class[CLASS_COUNT];
	uint64_t by_entry[STATS_ENTRIES];
};

static long long window_now(const struct stats *st)
{
	long long lag = st->newest_arrival - st->newest;
	long long reach = (long long)recent_seconds(st->recent);

	if (st->has_clock && lag > -reach && lag < reach &&
	    st->clock > st->newest_arrival)
		return st->newest + (st->clock - st->newest_arrival);
	return st->newest;
}

/* NULL when the snapshot is for the whole run. */
static struct window *window_open(const struct stats *st, unsigned seconds)
{
	struct window *w;

	if (!seconds || !st->recent)
		return NULL;
	w = xcalloc(1, sizeof *w);
	if (seconds > recent_seconds(st->recent))
		seconds = recent_seconds(st->recent);
	w->seconds = seconds;
	if (st->has_newest) {
		w->now = window_now(st);
		recent_sum(st->recent, w->now, seconds, w->by_class, w->by_entry);
	}
	return w;
}

/* Seconds the run's own times cover, 0 if none. */
static double run_span(const struct stats *st)
{
	return st->has_span ? (double)(st->rate_last - st->rate_first) + 1.0 : 0.0;
}

static int fill_items(const struct topk *t, unsigned top_n,
                      struct snapshot_item **out, size_t *n)
{
	size_t want = t ? topk_size(t) : 0;

	if (want > top_n)
		want = top_n;
	*n = 0;
	*out = NULL;
	if (!want)
		return 0;
	*out = xcalloc(want, sizeof **out);
	*n = topk_items(t, *out, want);
	return 0;
}

static int fill_recent(const struct stats *st, size_t e, struct snapshot_status *ss)
{
	size_t want = st->lastlines ? lastlines_count(st->lastlines, e) : 0;

	if (!want)
		return 0;
	ss->recent = xcalloc(want, sizeof *ss->recent);
	ss->n_recent = lastlines_get(st->lastlines, e, ss->recent, want);
	return 0;
}

static int fill_status(const struct stats *st, size_t e, const struct window *w,
                       double span, unsigned top_n, bool items,
                       struct snapshot_status *ss)
{
	const struct stats_entry *ent = &st->entry[e];

	ss->code = e < STATS_CODES ? (int)e : -1;
	ss->raw_len = stats_entry_raw(st, e, ss->raw, &ss->raw_truncated);
	ss->info = ent->info;
	ss->count = ent->count;
	if (w) {
		ss->window_count = w->by_entry[e];
		ss->rate = (double)ss->window_count / w->seconds;
	} else {
		ss->window_count = ent->count;
		ss->rate = span > 0 ? (double)ent->count / span : 0.0;
	}
	for (int d = 0; d < DUR_COUNT; d++) {
		if (!ent->lat[d])
			continue;
		ss->latency[d] = malloc(sizeof *ss->latency[d]);
		if (!ss->latency[d])
			return -1;
		*ss->latency[d] = *ent->lat[d];
	}
	if (w && st->recent_lat && recent_lat_tracks(st->recent_lat, e)) {
		ss->window_latency = xmalloc(sizeof *ss->window_latency);
		recent_lat_sum(st->recent_lat, w->now, w->seconds, e, ss->window_latency);
	}
	if (!items)
		return 0;
	if (fill_items(ent->paths, top_n, &ss->paths, &ss->n_paths) < 0 ||
	    fill_items(ent->clients, top_n, &ss->clients, &ss->n_clients) < 0)
		return -1;
	return fill_recent(st, e, ss);
}

static int status_cmp(const void *pa, const void *pb)
{
	const struct snapshot_status *a = pa, *b = pb;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	c = memcmp(a->raw, b->raw, a->raw_len < b->raw_len ? a->raw_len : b->raw_len);
	if (c)
		return c;
	if (a->raw_len != b->raw_len)
		return a->raw_len < b->raw_len ? -1 : 1;
	return (int)a->raw_truncated - (int)b->raw_truncated;
}

/* Each class's histograms: its statuses' added up (exact). */
static int fill_class_latency(struct snapshot *snap)
{
	for (size_t i = 0; i < snap->n_statuses; i++) {
		const struct snapshot_status *ss = &snap->statuses[i];

		for (int d = 0; d < DUR_COUNT; d++) {
			struct latency **cl = &snap->class_latency[ss->info->cls][d];

			if (!ss->latency[d])
				continue;
			if (!*cl)
				*cl = calloc(1, sizeof **cl);
			if (!*cl)
				return -1;
			latency_merge(*cl, ss->latency[d]);
		}
	}
	return 0;
}

static int fill_statuses(const struct stats *st, const struct window *w,
                         unsigned top_n, bool items, struct snapshot *snap)
{
	size_t n = 0;
	double span = run_span(st);

	for (size_t e = 0; e < STATS_ENTRIES; e++)
		n += st->entry[e].count > 0;
	if (!n)
		return 0;
	snap->statuses = xcalloc(n, sizeof *snap->statuses);
	for (size_t e = 0; e < STATS_ENTRIES; e++) {
		const struct stats_entry *ent = &st->entry[e];

		if (!ent->count)
			continue;
		snap->by_class[ent->info->cls] += ent->count;
		snap->by_kind[ent->info->kind] += ent->count;
		if (fill_status(st, e, w, span, top_n, items, &snap->statuses[snap->n_statuses++]) < 0)
			return -1;
	}
	qsort(snap->statuses, snap->n_statuses, sizeof *snap->statuses, status_cmp);
	return fill_class_latency(snap);
}

static void fill_window(const struct stats *st, const struct window *w,
                        struct snapshot *snap)
{
	double span = run_span(st);
	uint64_t total = 0;

	if (!w) {
		memcpy(snap->window_by_class, snap->by_class, sizeof snap->by_class);
		snap->window_rate = span > 0 ? (double)snapshot_counted(snap) / span : 0.0;
		return;
	}
	snap->window_seconds = w->seconds;
	memcpy(snap->window_by_class, w->by_class, sizeof w->by_class);
	for (int c = 0; c < CLASS_COUNT; c++)
		total += w->by_class[c];
	snap->window_rate = (double)total / w->seconds;
}

static void fill_timeline(const struct stats *st, const struct window *w,
                          size_t max_buckets, struct snapshot *snap)
{
	if (w && st->has_newest)
		snap->n_buckets = recent_buckets(st->recent, w->now, w->seconds, max_buckets,
		                                 &snap->buckets, &snap->bucket_seconds);
	else if (w)
		snap->bucket_seconds = 1;
	else {
		snap->n_buckets = timeline_export(st->timeline, max_buckets,
		                                  &snap->buckets, &snap->bucket_seconds);
		stats_flag_export(st, snap);
	}
}

struct snapshot *stats_snapshot(const struct stats *st, const struct snapshot_options *opt)
{
	static const struct snapshot_options defaults = { 0 };
	struct snapshot *snap = xcalloc(1, sizeof *snap);
	struct window *w;
	int rc;

	if (!opt)
		opt = &defaults;
	snap->lines = st->parsed + st->malformed + st->directives;
	snap->parsed = st->parsed;
	snap->malformed = st->malformed;
	snap->directives = st->directives;
	snap->truncated = st->truncated;
	snap->filtered = st->filtered;
	snap->has_time = st->has_time;
	snap->first = st->first;
	snap->last = st->last;
	w = window_open(st, opt->window_seconds);
	rc = fill_statuses(st, w, opt->top_n ? opt->top_n : st->cfg.top_n, !opt->no_items, snap);
	if (rc == 0) {
		fill_window(st, w, snap);
		fill_timeline(st, w, opt->max_buckets, snap);
		if (st->labels)
			labels_snapshot(st->labels, snap);
	}
	free(w);
	if (rc < 0) {
		snapshot_free(snap);
		return NULL;
	}
	assert(snap->lines == snap->parsed + snap->malformed + snap->directives);
	assert(snap->parsed == snap->filtered + snapshot_counted(snap));
	return snap;
}

void snapshot_free(struct snapshot *snap)
{
	if (!snap)
		return;
	for (size_t i = 0; i < snap->n_statuses; i++) {
		free(snap->statuses[i].paths);
		free(snap->statuses[i].clients);
		free(snap->statuses[i].recent);
		free(snap->statuses[i].timeline);
		free(snap->statuses[i].window_latency);
		for (int d = 0; d < DUR_COUNT; d++)
			free(snap->statuses[i].latency[d]);
	}
	for (int c = 0; c < CLASS_COUNT; c++)
		for (int d = 0; d < DUR_COUNT; d++)
			free(snap->class_latency[c][d]);
	for (size_t i = 0; i < snap->n_label_values; i++)
		free(snap->label_values[i].counts);
	free(snap->label_values);
	free(snap->statuses);
	free(snap->buckets);
	free(snap);
}

uint64_t snapshot_counted(const struct snapshot *snap)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < snap->n_statuses; i++)
		sum += snap->statuses[i].count;
	return sum;
}

bool snapshot_has_latency(const struct snapshot *snap, enum record_duration d)
{
	for (int c = 0; c < CLASS_COUNT; c++)
		if (snap->class_latency[c][d])
			return true;
	return false;
}
