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

/* The same layout with `lanes` counters per bucket instead of one per
 * class (timeline_new is lanes = CLASS_COUNT, lane = class): the stats'
 * per-code timeline of flagged codes. lane < lanes. */
struct timeline *timeline_new_lanes(long long bucket_seconds, size_t lanes);
void timeline_add_lane(struct timeline *tl, long long t, size_t lane);
/* dst += src with src's lane c added to dst's lane_map[c] (skipped when
 * >= dst's lanes); lane_map NULL: the same lane. */
void timeline_merge_lanes(struct timeline *dst, const struct timeline *src,
                          const size_t *lane_map);
/* Lane `lane` added into out[0..n) as buckets of `width` seconds starting
 * at bucket number `first` (start = first * width): a class timeline's
 * export (timeline_export) of the same run, whose width is a multiple of
 * this one's. Returns the number of non-empty buckets placed; 0 if width
 * is not a multiple. */
size_t timeline_export_lane(const struct timeline *tl, size_t lane, long long width,
                            long long first, size_t n, uint64_t *out);

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
