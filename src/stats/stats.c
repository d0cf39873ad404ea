/* stats.c: the counters of one parser thread: stats_add (the per-line hot
 * path), the malformed/directive/filtered tallies, merging threads' stats and
 * resetting. The bounded structures it feeds live in their own files
 * (topk.c, timeline.c, recent.c, lastlines.c); copying out for sinks is
 * snapshot.c. See stats_impl.h for how statuses are numbered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "byte_scan.h"
#include "hash.h"
#include "stats_impl.h"
#include "statusmon/xalloc.h"

/* Summary capacity: 12 slots per listed item, at least 128. With the
 * filter counters, 128 slots find the true top 10 of a Zipf stream over a
 * million distinct paths (tests/stats/test_topk.c). */
#define TOPK_PER_ITEM 12u
#define TOPK_CAP_FLOOR 128u
#define STATS_FUTURE_SLACK 86400   /* seconds a log time may run ahead of the clock */
#define STATS_TIME_LIMIT (1LL << 61)  /* windows ignore times beyond (never valid dates) */

struct stats *stats_new(const struct stats_config *cfg)
{
	struct stats *st = xcalloc(1, sizeof *st);
	unsigned top_n;

	st->cfg = *cfg;
	if (st->cfg.hash_seed == 0)
		st->cfg.hash_seed = stats_seed_new();
	hash_key_init(&st->hash_key, st->cfg.hash_seed);
	if (st->cfg.top_n == 0)
		st->cfg.top_n = 10;
	top_n = st->cfg.top_n > TOPK_MAX_CAP ? TOPK_MAX_CAP : st->cfg.top_n;
	st->topk_cap = top_n * TOPK_PER_ITEM;
	if (st->topk_cap < TOPK_CAP_FLOOR)
		st->topk_cap = TOPK_CAP_FLOOR;
	if (st->topk_cap > TOPK_MAX_CAP)
		st->topk_cap = TOPK_MAX_CAP;
	st->topk_budget = STATS_TOPK_BUDGET;
	st->timeline = timeline_new(cfg->bucket_seconds);
	if (cfg->recent_seconds)
		st->recent = recent_new(cfg->recent_seconds, STATS_ENTRIES);
	if (cfg->recent_seconds)
		st->recent_lat = recent_lat_new(STATS_ENTRIES);
	if (cfg->recent_lines)
		st->lastlines = lastlines_new(cfg->recent_lines, STATS_ENTRIES);
	if (cfg->label_fields)
		st->labels = labels_new(cfg->label_fields, cfg->label_max);
	return st;
}

static void entries_clear(struct stats *st)
{
	for (size_t e = 0; e < STATS_ENTRIES; e++) {
		topk_free(st->entry[e].paths);
		topk_free(st->entry[e].clients);
		stats_latency_free(&st->entry[e]);
	}
	memset(st->entry, 0, sizeof st->entry);
	st->n_raw = 0;
	st->topk_budget = STATS_TOPK_BUDGET;
}

void stats_free(struct stats *st)
{
	if (!st)
		return;
	entries_clear(st);
	timeline_free(st->timeline);
	recent_free(st->recent);
	recent_lat_free(st->recent_lat);
	lastlines_free(st->lastlines);
	labels_free(st->labels);
	stats_flag_free(st);
	free(st);
}

void stats_reset(struct stats *st)
{
	entries_clear(st);
	st->parsed = st->malformed = st->directives = st->filtered = 0;
	st->truncated = 0;
	st->has_time = st->has_span = st->has_newest = false;
	timeline_reset(st->timeline);
	stats_flag_reset(st);
	if (st->recent)
		recent_reset(st->recent);
	if (st->recent_lat)
		recent_lat_reset(st->recent_lat);
	if (st->lastlines)
		lastlines_reset(st->lastlines);
	if (st->labels)
		labels_reset(st->labels);
}

/* The entry of a non-numeric status (raw bytes, cut), added if new. */
static size_t raw_entry(struct stats *st, const char *raw, size_t n)
{
	size_t len = n < STATUS_RAW_MAX - 1 ? n : STATUS_RAW_MAX - 1;
	bool cut = n > len;

	for (unsigned i = 0; i < st->n_raw; i++)
		if (st->raw_len[i] == len && st->raw_cut[i] == cut &&
		    memcmp(st->raw[i], raw, len) == 0)
			return STATS_RAW0 + i;
	if (st->n_raw >= STATS_RAW_SLOTS)
		return STATS_OTHER;
	if (len)
		memcpy(st->raw[st->n_raw], raw, len);
	st->raw[st->n_raw][len] = '\0';
	st->raw_len[st->n_raw] = (uint8_t)len;
	st->raw_cut[st->n_raw] = cut;
	return STATS_RAW0 + st->n_raw++;
}

size_t stats_entry_raw(const struct stats *st, size_t e, char *buf, bool *cut)
{
	*cut = false;
	if (e < STATS_CODES)
		return (size_t)snprintf(buf, STATUS_RAW_MAX, "%03zu", e);
	if (e == STATS_OTHER) {
		memcpy(buf, STATS_OTHER_TEXT, sizeof STATS_OTHER_TEXT);
		return sizeof STATS_OTHER_TEXT - 1;
	}
	memcpy(buf, st->raw[e - STATS_RAW0], STATUS_RAW_MAX);
	*cut = st->raw_cut[e - STATS_RAW0];
	return st->raw_len[e - STATS_RAW0];
}

static void entry_open(struct stats *st, struct stats_entry *e)
{
	if (!e->paths)
		e->paths = topk_new(st->topk_cap, &st->topk_budget);
	if (!e->clients)
		e->clients = topk_new(st->topk_cap, &st->topk_budget);
}

/* The keys of a line: its path without the query string, its client. */
struct line_keys {
	const char *path, *client;
	size_t path_n, client_n;
	uint64_t path_hash, client_hash;
};

/* Hashes the keys. No prefetch of their summaries' buckets: added for 3%
 * less time per line on an Intel Xeon, it cost 2.3-3.5% on an AMD EPYC
 * (bench/pair, 12 and 16 rounds, 3M and 10M lines: B/A 0.977, 0.965
 * without it). */
static void keys_prepare(struct line_keys *k, const struct hash_key *key,
                         const struct stats_entry *e, const struct record *rec)
{
	const struct sv *path = &rec->field[FIELD_PATH];
	const struct sv *client = &rec->field[FIELD_CLIENT];

	k->path = e->paths ? path->p : NULL;
	k->client = e->clients ? client->p : NULL;
	if (k->path) {
		const char *q = byte_find(path->p, path->p + path->n, '?');

		k->path_n = q ? (size_t)(q - path->p) : path->n;
		k->path_hash = hash_bytes(key, k->path, k->path_n);
	}
	if (k->client) {
		k->client_n = client->n;
		k->client_hash = hash_bytes(key, k->client, k->client_n);
	}
}

static void keys_count(const struct line_keys *k, struct stats_entry *e)
{
	if (k->path)
		topk_add(e->paths, k->path, k->path_n, k->path_hash);
	if (k->client)
		topk_add(e->clients, k->client, k->client_n, k->client_hash);
}

static void time_range_add(struct stats *st, long long t)
{
	if (!st->has_time) {
		st->first = st->last = t;
		st->has_time = true;
	} else if (t < st->first) {
		st->first = t;
	} else if (t > st->last) {
		st->last = t;
	}
}

static void span_add(struct stats *st, long long t)
{
	if (!st->has_span) {
		st->rate_first = st->rate_last = t;
		st->has_span = true;
	} else if (t < st->rate_first) {
		st->rate_first = t;
	} else if (t > st->rate_last) {
		st->rate_last = t;
	}
}

/* Live mode: the sliding-window ring. A log time far ahead of the clock
 * (a hostile or broken date) would drag "now" away and empty every window:
 * such a line counts, but not in the windows. */
static void add_recent(struct stats *st, const struct record *rec, size_t e,
                       enum status_class cls)
{
	long long t = rec->has_time ? rec->time : st->clock;

	if ((!rec->has_time && !st->has_clock) || t < -STATS_TIME_LIMIT || t > STATS_TIME_LIMIT)
		return;
	if (st->has_clock && t > st->clock &&
	    (unsigned long long)t - (unsigned long long)st->clock > STATS_FUTURE_SLACK)
		return;
	recent_add(st->recent, t, e, cls);
	if (rec->logs_duration & (1u << DUR_REQUEST))
		recent_lat_add(st->recent_lat, t, e, rec->has_duration & (1u << DUR_REQUEST),
		               rec->duration_us[DUR_REQUEST]);
	if (!st->has_newest || t >= st->newest) {
		st->newest = t;
		st->newest_arrival = st->has_clock ? st->clock : t;
		st->has_newest = true;
	}
}

void stats_add(struct stats *st, const struct record *rec,
               const struct status_info *info, const char *line, size_t n)
{
	const struct sv *status = &rec->field[FIELD_STATUS];
	size_t e = info->code >= 0 && info->code < STATS_CODES ? (size_t)info->code
	           : raw_entry(st, status->p ? status->p : "", status->n);
	struct stats_entry *ent = &st->entry[e];
	struct line_keys keys;

	st->parsed++;
	st->truncated += rec->truncated;
	ent->count++;
	ent->info = info;
	if (!ent->paths || !ent->clients)
		entry_open(st, ent);
	keys_prepare(&keys, &st->hash_key, ent, rec);
	if (rec->has_time) {
		time_range_add(st, rec->time);
		timeline_add(st->timeline, rec->time, info->cls);
		if (info->kind != KIND_REGISTERED)
			stats_flag_add(st, e, rec->time);
		span_add(st, rec->time);
	} else if (st->has_clock) {
		span_add(st, st->clock);
	}
	if (st->recent)
		add_recent(st, rec, e, info->cls);
	if (st->lastlines && line)
		lastlines_add(st->lastlines, e, line, n);
	if (rec->logs_duration)
		stats_latency_add(ent, rec);
	if (st->labels)
		labels_add(st->labels, &st->hash_key, rec, e);
	keys_count(&keys, ent);
}

void stats_count_malformed(struct stats *st, bool directive)
{
	if (directive)
		st->directives++;
	else
		st->malformed++;
}

void stats_count_filtered(struct stats *st, const struct record *rec)
{
	st->parsed++;
	st->filtered++;
	if (rec && rec->has_time)
		time_range_add(st, rec->time);
}

void stats_set_clock(struct stats *st, long long now)
{
	st->clock = now;
	st->has_clock = true;
}
