/* stats.h: the writer's half of the statistics. One struct stats per parser
 * thread, filled with stats_add, merged at the end (stats_merge). Memory is
 * bounded whatever the input: per-code counters are a fixed table, top
 * paths/clients are Space-Saving summaries of fixed capacity, the timeline
 * coarsens its bucket width instead of growing. Only the drivers (sm_run)
 * see this header; sinks get snapshot.h alone, so a sink that reaches for
 * the live counters does not compile. */
#ifndef STATUSMON_STATS_H
#define STATUSMON_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/record.h"
#include "statusmon/registry.h"
#include "statusmon/snapshot.h"

struct stats_config {
	const struct registry *registry;
	unsigned top_n;             /* --top: items per list in a snapshot (default 10) */
	long long bucket_seconds;   /* --bucket; 0 = auto (at most ~60 buckets) */
	unsigned recent_seconds;    /* >0 (TUI): per-second counts for sliding windows */
	unsigned recent_lines;      /* >0 (TUI): last N lines kept per status code */
	unsigned label_fields;      /* --metrics-label: STATS_LABEL_* bits; 0 =
	                             * no per-value counts (no cost per line) */
	unsigned label_max;         /* --metrics-max-values: values kept apart
	                             * (1..SNAPSHOT_LABEL_VALUES_MAX; 0 = 20) */
	uint64_t hash_seed;         /* keys the path/client hash (see stats_seed_new);
	                             * 0: stats_new draws one. Stats that are merged
	                             * must come from one config with a non-zero seed */
};

struct stats;

/* A seed for stats_config.hash_seed, never 0: getrandom(2), else
 * /dev/urandom, else the time, pid and an address mixed. Take one per run
 * and give every struct stats of that run the same config. */
uint64_t stats_seed_new(void);

/* Never NULL: out of memory aborts (xalloc.h), as in every stats call. */
struct stats *stats_new(const struct stats_config *cfg);
void stats_free(struct stats *st);
void stats_reset(struct stats *st);

/* A parsed line that passed the filters. info = registry_lookup(code of
 * rec's status). line/n is the raw line, kept only if recent_lines > 0. */
void stats_add(struct stats *st, const struct record *rec,
               const struct status_info *info, const char *line, size_t n);
/* A line that did not parse: malformed, or a directive (a W3C "#Fields:"
 * line: the format, not damage), each counted apart. */
void stats_count_malformed(struct stats *st, bool directive);
/* A parsed line the filters dropped: counted, and its time (if any) widens
 * the run's time range, so a run whose lines are all filtered out still
 * tells when its log was written. */
void stats_count_filtered(struct stats *st, const struct record *rec);

/* Live mode: the arrival time used for lines without a timestamp and as
 * "now" for sliding windows when the log has no times. */
void stats_set_clock(struct stats *st, long long now);

/* dst += src (counts, top-K summaries, timelines, time range). Both must
 * share a hash_seed (made from one stats_config): keys are matched by hash. */
void stats_merge(struct stats *dst, const struct stats *src);

/* A self-contained copy; the stats may change or be freed afterwards.
 * Never NULL. */
struct snapshot *stats_snapshot(const struct stats *st, const struct snapshot_options *opt);

#endif
