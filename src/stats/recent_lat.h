/* recent_lat.h: request durations for the live view's sliding windows. A
 * ring of RLAT_SLOTS slices of RLAT_SLICE seconds each (61 x 15 s: the
 * 900 s of the longest window plus the slice in progress); in every slice
 * one histogram per status, for at most RLAT_COLUMNS statuses (the first
 * ones seen with a duration; later ones get no window quantiles, their
 * all-time histogram still counts). A window of W seconds sums the slices
 * that overlap (now - W, now], so it covers between W and W + 14 seconds.
 *
 * Memory: a slice histogram (struct rlat_hist, 32-bit buckets) is ~1.4
 * KiB, allocated the first time its slice and status get a duration and
 * reused ever after (no allocation per line): at most RLAT_SLOTS x
 * RLAT_COLUMNS x 1.4 KiB = 5.4 MiB per struct stats, and about 85 KiB per
 * status that logs durations. Each histogram carries its slice, so a
 * stale one is recognised and cleared on reuse, never summed. */
#ifndef STATUSMON_STATS_RECENT_LAT_H
#define STATUSMON_STATS_RECENT_LAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/latency.h"

#define RLAT_SLICE 15
#define RLAT_SLOTS 61
#define RLAT_COLUMNS 64

struct recent_lat;

/* Never NULL (out of memory aborts). n_entries as in recent_new. */
struct recent_lat *recent_lat_new(size_t n_entries);
void recent_lat_free(struct recent_lat *r);
void recent_lat_reset(struct recent_lat *r);

/* A duration (present) or an absent one for entry at second t. A line
 * more than RLAT_SLOTS slices older than the newest slice seen in its
 * slot is ignored (it is outside every window). */
void recent_lat_add(struct recent_lat *r, long long t, size_t entry,
                    bool present, uint64_t us);
/* dst += src; map[e] is the dst entry of src entry e. */
void recent_lat_merge(struct recent_lat *dst, const struct recent_lat *src,
                      const size_t *map);

/* Whether entry has a column (durations kept for windows). */
bool recent_lat_tracks(const struct recent_lat *r, size_t entry);
/* The durations of entry in the slices overlapping (now - window, now]
 * into *out (reset first); false when the entry has no column. */
bool recent_lat_sum(const struct recent_lat *r, long long now, unsigned window,
                    size_t entry, struct latency *out);

#endif
