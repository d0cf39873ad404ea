/* snapshot.h: the reader's half of the statistics. A struct snapshot is a
 * self-contained copy of the counters taken by the driver (stats_snapshot
 * in stats.h); the sinks (reports, the TUI) read only this, never the live
 * counters, and the build enforces it: sinks see this header, not stats.h. */
#ifndef STATUSMON_SNAPSHOT_H
#define STATUSMON_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/latency.h"
#include "statusmon/record.h"
#include "statusmon/registry.h"

#define SNAPSHOT_KEY_MAX 256      /* longer keys are cut (key_truncated) */
#define STATUS_RAW_MAX 65         /* a status field as logged: 64 bytes + NUL,
                                     longer ones cut (raw_truncated)      */

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
	bool raw_truncated;           /* the logged field was longer than raw */
	const struct status_info *info;
	uint64_t count;               /* all time (since start or reset)      */
	uint64_t window_count;        /* in the window (= count for "all")    */
	double rate;                  /* per second over the window           */
	size_t n_paths, n_clients, n_recent;
	struct snapshot_item *paths, *clients;  /* paths cut at the first ? */
	struct snapshot_line *recent; /* newest first                          */
	/* Durations (record.h's DUR_*) of all time, not the window: NULL
	 * when no line of this status came in a format that logs one. */
	struct latency *latency[DUR_COUNT];
	/* A flagged status's own timeline: n_buckets counts on the snapshot's
	 * buckets (whole-run snapshots; at most 32 flagged statuses have one),
	 * else NULL. */
	uint64_t *timeline;
	/* Request durations in the window (live screen, window > 0): the
	 * 15-second slices overlapping it (recent_lat.h), so it covers W to
	 * W + 14 s. NULL for "all", and for statuses without window durations
	 * (none logged, or past the 64 statuses tracked). */
	struct latency *window_latency;
};

struct snapshot_bucket {
	long long start;              /* UTC seconds                          */
	uint64_t by_class[CLASS_COUNT];
};

struct snapshot {
	uint64_t lines, parsed, malformed, directives, filtered;  /* lines = parsed
	                                  + malformed + directives           */
	uint64_t truncated;   /* counted lines cut short (record.truncated) */
	uint64_t by_class[CLASS_COUNT];
	uint64_t by_kind[KIND_COUNT];
	size_t n_statuses;
	struct snapshot_status *statuses;   /* count descending, then code     */
	bool has_time;
	long long first, last;              /* log time range of every parsed
	                                       line, filtered or not, UTC      */
	long long bucket_seconds;
	size_t n_buckets;
	struct snapshot_bucket *buckets;
	unsigned window_seconds;            /* 0 = all                          */
	uint64_t window_by_class[CLASS_COUNT];
	double window_rate;                 /* lines per second in the window   */
	/* Per class: the merge of its statuses' histograms; NULL as above */
	struct latency *class_latency[CLASS_COUNT][DUR_COUNT];
	/* --metrics-label (0 and NULL without): values by total descending,
	 * then "other" (always present when label_fields is set) */
	unsigned label_fields;              /* STATS_LABEL_* bits               */
	size_t n_label_values;
	struct snapshot_label_value *label_values;
};

/* --metrics-label: counts by the values of some fields (vhost, method),
 * at most label_max values kept apart (chosen by traffic), the rest summed
 * as one "other" value. A value keeps its counts from the line it got its
 * place; a value that loses its place to a busier one adds its counts to
 * "other", so every count only grows and the values' counts always sum to
 * the counted lines. A value equal to "other" is counted as other. */
#define STATS_LABEL_VHOST 1u
#define STATS_LABEL_METHOD 2u
#define SNAPSHOT_LABEL_DIMS 2            /* [0] vhost, [1] method          */
#define SNAPSHOT_LABEL_KEY 128           /* bytes kept of each value        */
#define SNAPSHOT_LABEL_VALUES_MAX 100
#define SNAPSHOT_LABEL_OTHER "other"

struct snapshot_label_count {
	int code;                     /* 0..999, or -1 (every non-numeric)     */
	uint64_t count;
};

struct snapshot_label_value {
	bool other;                   /* the "other" value (last in the list)  */
	char value[SNAPSHOT_LABEL_DIMS][SNAPSHOT_LABEL_KEY];  /* raw log bytes,
	                                 NUL-terminated at len (escape them)   */
	size_t len[SNAPSHOT_LABEL_DIMS];
	uint64_t total;
	size_t n_counts;              /* codes with a count, ascending          */
	struct snapshot_label_count *counts;
};

struct snapshot_options {
	unsigned window_seconds;  /* 0 = whole run; else the last N seconds   */
	unsigned top_n;           /* 0 = the config's top_n                   */
	size_t max_buckets;       /* 0 = auto (about 60); TUI passes its width */
	bool no_items;            /* no top paths/clients and no recent lines:
	                           * counts only (a /metrics scrape)          */
};

void snapshot_free(struct snapshot *snap);

/* Whether any status has a histogram of duration d (the log records it). */
bool snapshot_has_latency(const struct snapshot *snap, enum record_duration d);

/* Σ status counts = parsed - filtered. */
uint64_t snapshot_counted(const struct snapshot *snap);

#endif
