/* recent.h: sliding windows for the live view. A ring of one slot per
 * second (the last `seconds` seconds before the newest time seen), each
 * holding counts per class and per status. Statuses are "entries" (0..n-1,
 * the stats' own numbering) mapped on first sight to a dense column; at
 * most RECENT_COLUMNS distinct statuses get window counts, later ones only
 * count in the class totals. Each slot carries its second, so a stale slot
 * is recognised, never summed: no clearing pass is needed. */
#ifndef STATUSMON_STATS_RECENT_H
#define STATUSMON_STATS_RECENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/registry.h"
#include "statusmon/stats.h"

#define RECENT_COLUMNS 128
#define RECENT_SECONDS_MAX 86400

struct recent;

/* seconds is clamped to [1, RECENT_SECONDS_MAX]. NULL on out-of-memory. */
struct recent *recent_new(unsigned seconds, size_t n_entries);
void recent_free(struct recent *r);
void recent_reset(struct recent *r);
unsigned recent_seconds(const struct recent *r);

/* One line at second t for entry. Lines older than the window before the
 * newest time seen are ignored. */
void recent_add(struct recent *r, long long t, size_t entry, enum status_class cls);
/* dst += src; map[e] is the dst entry of src entry e. */
void recent_merge(struct recent *dst, const struct recent *src, const size_t *map);

/* The newest second seen; false if none. */
bool recent_newest(const struct recent *r, long long *t);

/* Sums over the seconds (now - window, now]: by_class[CLASS_COUNT] and
 * by_entry[n_entries] (both overwritten). */
void recent_sum(const struct recent *r, long long now, unsigned window,
                uint64_t *by_class, uint64_t *by_entry);

/* Per-class buckets covering (now - window, now]: a width from 1 2 5 10 15
 * 30 60 120 300 600 900 1800 3600 s giving at most max_buckets (0: 60).
 * malloc'd into *out; returns the count (0 on out-of-memory). */
size_t recent_buckets(const struct recent *r, long long now, unsigned window,
                      size_t max_buckets, struct snapshot_bucket **out,
                      long long *width);

#endif
