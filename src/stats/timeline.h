/* timeline.h: counts per status class per time bucket, in fixed memory.
 * TIMELINE_SLOTS slots of one width (seconds) cover a contiguous run of
 * buckets aligned on multiples of the width since the epoch (UTC). When a
 * time falls outside what the slots can cover, the width coarsens along a
 * ladder where each width is a multiple of the previous one (60s 5m 15m 30m
 * 1h 3h 6h 12h 1d 7d 28d, then doubling; a --bucket width doubles), so
 * merging slots is exact and any pair of dates, year 1 or year 9999, fits.
 * Times beyond +-2^61 s are clamped to it. */
#ifndef STATUSMON_STATS_TIMELINE_H
#define STATUSMON_STATS_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include "statusmon/registry.h"
#include "statusmon/stats.h"

#define TIMELINE_SLOTS 4096
#define TIMELINE_AUTO_BUCKETS 60   /* a report's default at most */

struct timeline;

/* bucket_seconds 0: the ladder from 60 s; else that width (doubling only
 * when the slots would overflow). NULL on out-of-memory. */
struct timeline *timeline_new(long long bucket_seconds);
void timeline_free(struct timeline *tl);
void timeline_reset(struct timeline *tl);

void timeline_add(struct timeline *tl, long long t, enum status_class cls);

/* dst += src; the result has the larger width (coarser if needed). */
void timeline_merge(struct timeline *dst, const struct timeline *src);

long long timeline_width(const struct timeline *tl);

/* The buckets from the first to the last time seen, empty ones as zeros, in
 * a malloc'd array (*out, NULL when there is none). Auto width: the
 * smallest ladder width >= the stored one giving at most max_buckets (0:
 * TIMELINE_AUTO_BUCKETS); --bucket width: that width, coarsened by
 * doubling only past max_buckets when it is given. *width is the width
 * used. Returns the number of buckets (0 on out-of-memory too). */
size_t timeline_export(const struct timeline *tl, size_t max_buckets,
                       struct snapshot_bucket **out, long long *width);

/* The next coarser width after w on the auto ladder. */
long long timeline_ladder_next(long long w);

#endif
