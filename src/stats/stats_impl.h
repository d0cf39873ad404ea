/* stats_impl.h: the inside of struct stats, shared by stats.c (adding,
 * merging, resetting) and snapshot.c (copying out) and nobody else.
 *
 * Statuses are "entries": 0..999 are the three-digit codes (their raw text
 * is the code itself, "000" included); STATS_RAW0.. are the distinct
 * non-numeric statuses as logged ("-", "", "2000000000" cut to
 * STATUS_RAW_MAX - 1 bytes; a cut status is a different entry from an
 * uncut one of the same bytes), at most STATS_RAW_SLOTS of them, then one
 * "(other)" entry for any further ones. Every entry owns, once seen, two
 * Space-Saving summaries: its top paths (the path before any '?': the query
 * string is not part of the key) and its top clients. */
#ifndef STATUSMON_STATS_IMPL_H
#define STATUSMON_STATS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/latency.h"
#include "statusmon/stats.h"
#include "hash.h"
#include "labels.h"
#include "lastlines.h"
#include "recent.h"
#include "recent_lat.h"
#include "timeline.h"
#include "topk.h"

#define STATS_CODES (STATUS_CODE_MAX + 1)
#define STATS_RAW_SLOTS 32
#define STATS_RAW0 STATS_CODES
#define STATS_OTHER (STATS_RAW0 + STATS_RAW_SLOTS)
#define STATS_ENTRIES (STATS_OTHER + 1)
#define STATS_OTHER_TEXT "(other)"
#define STATS_FLAG_LANES 32   /* flagged statuses with a timeline of their own */

/* Slots all summaries of one struct stats may grow into beyond their
 * TOPK_MIN_CAP each (~370 bytes a slot with its key, index and filter
 * counters: ~12 MB): room for ~128 busy statuses at the default capacity,
 * and a bound when a hostile log spreads over all 1000 codes. */
#define STATS_TOPK_BUDGET 32768u

struct stats_entry {
	uint64_t count;
	const struct status_info *info;   /* from the registry, set on add */
	struct topk *paths, *clients;     /* NULL until the first line     */
	struct latency *lat[DUR_COUNT];   /* NULL until a line whose format
	                                   * logs that duration (latency.h) */
};

struct stats {
	struct stats_config cfg;          /* hash_seed never 0 here          */
	struct hash_key hash_key;         /* from cfg.hash_seed              */
	unsigned topk_cap;                /* cap_max of every summary        */
	size_t topk_budget;
	uint64_t parsed, malformed, directives, filtered;
	uint64_t truncated;               /* parsed lines cut short (a subset) */
	struct stats_entry entry[STATS_ENTRIES];
	char raw[STATS_RAW_SLOTS][STATUS_RAW_MAX];
	uint8_t raw_len[STATS_RAW_SLOTS];
	bool raw_cut[STATS_RAW_SLOTS];    /* the logged status was longer   */
	unsigned n_raw;
	long long first, last;            /* min/max log time, filtered too */
	long long rate_first, rate_last;  /* min/max of log or clock time    */
	long long clock;
	long long newest, newest_arrival; /* the newest window time seen and
	                                   * the clock then                   */
	bool has_time;                    /* first/last valid               */
	bool has_span;                    /* rate_first/last valid          */
	bool has_clock;
	bool has_newest;                  /* newest/newest_arrival valid    */
	struct timeline *timeline;
	struct recent *recent;            /* NULL unless recent_seconds     */
	struct recent_lat *recent_lat;    /* with recent: windowed durations */
	struct lastlines *lastlines;      /* NULL unless recent_lines       */
	struct labels *labels;            /* NULL unless label_fields       */
	/* flagtime.c: the first STATS_FLAG_LANES flagged statuses' timelines */
	struct timeline *flag_tl;         /* NULL until a flagged timed line */
	size_t flag_entry[STATS_FLAG_LANES];
	unsigned n_flag;
	uint8_t flag_lane[STATS_ENTRIES]; /* lane + 1 of an entry, 0: none  */
};

/* flagtime.c: add a flagged status's line at time t; reset; free; merge
 * (map: stats_merge's src -> dst entries); the snapshot's per-status
 * timelines on its class buckets (after those are exported). */
void stats_flag_add(struct stats *st, size_t e, long long t);
void stats_flag_reset(struct stats *st);
void stats_flag_free(struct stats *st);
void stats_flag_merge(struct stats *dst, const struct stats *src, const size_t *map);
void stats_flag_export(const struct stats *st, struct snapshot *snap);

/* Adds rec's durations (or their absence) to entry e's histograms,
 * opening them on first use; merges src's histograms into dst's. */
void stats_latency_add(struct stats_entry *e, const struct record *rec);
void stats_latency_merge(struct stats_entry *dst, const struct stats_entry *src);
void stats_latency_free(struct stats_entry *e);

/* The raw text of entry e into buf (STATUS_RAW_MAX); returns its length.
 * *cut tells whether the logged status was longer. */
size_t stats_entry_raw(const struct stats *st, size_t e, char *buf, bool *cut);

#endif
