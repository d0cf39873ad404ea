/* merge_impl.h: internals of sm_merge. A report is read (merge_read.c)
 * into a struct rpt, a validated view whose strings point into its JSON
 * document; only a whole valid rpt is committed (merge.c) into struct
 * merge, which copies what it keeps. Top lists (merge_topk.c) and the
 * timeline (merge_time.c) are combined at merge_finish. */
#ifndef STATUSMON_MERGE_IMPL_H
#define STATUSMON_MERGE_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include "json_doc.h"
#include "statusmon/merge.h"

#define RPT_STATUSES_MAX 4096
#define RPT_ITEMS_MAX 1000        /* --top's maximum */
#define RPT_BUCKETS_MAX 1000000
#define RPT_INPUTS_MAX 100000
#define RPT_HOSTS_MAX 100000
#define RPT_HOST_CODES_MAX 16
#define MERGE_BUCKETS_MAX 100000  /* merged timeline: coarser beyond this */

struct rpt_item {
	const char *key;
	size_t n;
	bool truncated;
	uint64_t count, error;
};

struct rpt_status {
	int code;                 /* -1: non-numeric, raw names it */
	const char *raw;
	size_t raw_n;
	bool raw_truncated;
	uint64_t count;
	size_t n_items[2];        /* 0 paths, 1 clients */
	struct rpt_item *items[2];
	struct latency *lat[DUR_COUNT];   /* NULL: none in the report */
};

struct rpt_bucket {
	long long start;
	uint64_t by_class[CLASS_COUNT];
};

struct rpt_host {
	const char *host;
	uint64_t lines, counted, c5xx, flagged;
	size_t n_codes;
	const char *codes[RPT_HOST_CODES_MAX];
	size_t code_n[RPT_HOST_CODES_MAX];
};

struct rpt {
	long long version;
	const char *generator, *reg_source, *reg_updated, *format, *host;
	unsigned top_n;
	uint64_t lines, parsed, malformed, directives, filtered, truncated;
	uint64_t by_class[CLASS_COUNT], by_kind[KIND_COUNT];
	size_t n_statuses;
	struct rpt_status *statuses;
	bool has_time;
	long long first, last, bucket_seconds;
	size_t n_buckets;
	struct rpt_bucket *buckets;
	size_t n_inputs;
	struct report_input *inputs;   /* strings into the document */
	size_t n_hosts;
	struct rpt_host *hosts;
};

/* Reads doc into r; MERGE_OK or a status with err = reason. reg: the
 * registry in use, to check classes and kinds when the report's is the
 * same (same_registry). r must be freed with rpt_free either way. */
enum merge_status rpt_read(const struct json_doc *doc, const struct registry *reg,
                           struct rpt *r, struct error *err);
void rpt_free(struct rpt *r);
/* true if the report was classified by a registry with this source and date. */
bool rpt_same_registry(const struct rpt *r, const struct registry *reg);

/* "2015-05-17T10:05:03Z" -> seconds; false if not exactly that form. */
bool merge_time_parse(const char *s, size_t n, long long *out);

/* Top-K: one entry of one report's list, with that report's bound for
 * keys it does not list. */
struct topk_entry {
	const char *key;
	size_t n;
	bool truncated;
	uint64_t count, error, bound;
};
struct topk_acc {
	struct topk_entry *e;
	size_t n, cap;
	uint64_t bound_sum;       /* Σ bounds of every report that had the status */
};
void topk_acc_add(struct topk_acc *a, const char *key, size_t n, bool truncated,
                  uint64_t count, uint64_t error, uint64_t bound);
/* The merged list, count descending then key, at most top_n items (n_out). */
struct snapshot_item *topk_acc_finish(struct topk_acc *a, unsigned top_n, size_t *n_out);

/* Timeline: every report's buckets at its own width, combined at the end. */
struct time_acc {
	struct rpt_bucket *b;
	size_t n, cap;
	long long width;          /* lcm of the widths seen (0: none) */
	long long min_width;
	bool mixed;
};
/* false if the width cannot be combined (lcm beyond a year). */
bool time_acc_check(const struct time_acc *t, long long width);
void time_acc_add(struct time_acc *t, const struct rpt_bucket *b, size_t n, long long width);
/* Fills snap's buckets; returns the width used (note if it differs). */
void time_acc_finish(struct time_acc *t, struct snapshot *snap, long long *coarsened_from);

/* Latency (merge_latency.c): a status's "latency" read into s->lat,
 * checked whole (absent or null: none); freed by rpt_latency_free. */
enum merge_status rpt_read_latency(const struct json_doc *d, const struct jnode *st,
                                   struct rpt_status *s, struct error *err);
void rpt_latency_free(struct rpt_status *s);
/* dst += src per duration kind, allocating dst's on first use. */
void merge_latency_add(struct latency *dst[DUR_COUNT], struct latency *const src[DUR_COUNT]);
/* snap's class histograms: the sum of its statuses' by their class. */
void merge_latency_classes(struct snapshot *snap);

/* A copy of s[0..n) kept until merge_free (NUL-terminated). */
char *merge_strdup(struct merge *m, const char *s, size_t n);

#endif
