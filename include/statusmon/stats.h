/* stats.h: the counters. One struct stats per parser thread, filled with
 * stats_add, merged at the end (stats_merge). Memory is bounded whatever the
 * input: per-code counters are a fixed table, top paths/clients are
 * Space-Saving summaries of fixed capacity, the timeline coarsens its bucket
 * width instead of growing. Sinks never read a struct stats: they get a
 * struct snapshot (a self-contained copy) from stats_snapshot. */
#ifndef STATUSMON_STATS_H
#define STATUSMON_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/record.h"
#include "statusmon/registry.h"

struct stats_config {
	const struct registry *registry;
	unsigned top_n;             /* --top: items per list in a snapshot (default 10) */
	long long bucket_seconds;   /* --bucket; 0 = auto (at most ~60 buckets) */
	unsigned recent_seconds;    /* >0 (TUI): per-second counts for sliding windows */
	unsigned recent_lines;      /* >0 (TUI): last N lines kept per status code */
};

struct stats;

struct stats *stats_new(const struct stats_config *cfg);
void stats_free(struct stats *st);
void stats_reset(struct stats *st);

/* A parsed line that passed the filters. info = registry_lookup(code of
 * rec's status). line/n is the raw line, kept only if recent_lines > 0. */
void stats_add(struct stats *st, const struct record *rec,
               const struct status_info *info, const char *line, size_t n);
void stats_count_malformed(struct stats *st, bool directive);
void stats_count_filtered(struct stats *st);

/* Live mode: the arrival time used for lines without a timestamp and as
 * "now" for sliding windows when the log has no times. */
void stats_set_clock(struct stats *st, long long now);

/* dst += src (counts, top-K summaries, timelines, time range). */
void stats_merge(struct stats *dst, const struct stats *src);

#define SNAPSHOT_KEY_MAX 256      /* longer keys are cut (key_truncated) */
#define STATUS_RAW_MAX 16         /* a status field as logged, cut        */

struct snapshot_item {
	char key[SNAPSHOT_KEY_MAX];   /* raw log bytes (escape before output) */
	size_t key_len;
	bool key_truncated;
	uint64_t count;               /* Space-Saving estimate (upper bound)   */
	uint64_t error;               /* its overestimate bound (0 = exact)     */
};

struct snapshot_line {             /* TUI drill-down: a recent raw line    */
	char text[SNAPSHOT_KEY_MAX * 2];
	size_t len;
	bool truncated;
};

struct snapshot_status {
	int code;                     /* 0..999, or -1 (non-numeric)          */
	char raw[STATUS_RAW_MAX];     /* the status as logged (for invalid)   */
	size_t raw_len;
	const struct status_info *info;
	uint64_t count;               /* all time (since start or reset)      */
	uint64_t window_count;        /* in the window (= count for "all")    */
	double rate;                  /* per second over the window           */
	size_t n_paths, n_clients, n_recent;
	struct snapshot_item *paths, *clients;  /* paths cut at the first ? */
	struct snapshot_line *recent; /* newest first                          */
};

struct snapshot_bucket {
	long long start;              /* UTC seconds                          */
	uint64_t by_class[CLASS_COUNT];
};

struct snapshot {
	uint64_t lines, parsed, malformed, directives, filtered;
	uint64_t truncated;   /* counted lines cut short (record.truncated) */
	uint64_t by_class[CLASS_COUNT];
	uint64_t by_kind[KIND_COUNT];
	size_t n_statuses;
	struct snapshot_status *statuses;   /* count descending, then code     */
	bool has_time;
	long long first, last;              /* log time range, UTC             */
	long long bucket_seconds;
	size_t n_buckets;
	struct snapshot_bucket *buckets;
	unsigned window_seconds;            /* 0 = all                          */
	uint64_t window_by_class[CLASS_COUNT];
	double window_rate;                 /* lines per second in the window   */
};

struct snapshot_options {
	unsigned window_seconds;  /* 0 = whole run; else the last N seconds   */
	unsigned top_n;           /* 0 = the config's top_n                   */
	size_t max_buckets;       /* 0 = auto (about 60); TUI passes its width */
};

/* A self-contained copy; the stats may change or be freed afterwards. */
struct snapshot *stats_snapshot(const struct stats *st, const struct snapshot_options *opt);
void snapshot_free(struct snapshot *snap);

/* Σ status counts = parsed - filtered. */
uint64_t snapshot_counted(const struct snapshot *snap);

#endif
