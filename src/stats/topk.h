/* topk.h: a Space-Saving summary (Metwally et al.) of the most frequent
 * keys of a stream, in fixed memory. Each monitored key has a count (an
 * upper bound of its true count) and an error (count - error is a lower
 * bound). Exact (error 0) as long as no more distinct keys than the
 * capacity arrive. Once full, "Filtered Space-Saving" counters (one per
 * hash bucket, TOPK_ALPHA_PER_SLOT per slot) absorb keys too rare to enter,
 * so a long tail does not churn the summary; the bounds above still hold.
 *
 * Memory: a summary starts at TOPK_MIN_CAP slots and doubles when full, up to
 * its cap_max, as long as the shared budget (slots still allowed for the
 * owning struct stats) allows. Each slot stores at most TOPK_KEY_MAX bytes
 * of its key; identity is the hash of the full key plus the stored prefix
 * and its length. No allocation per add (only when growing). */
#ifndef STATUSMON_STATS_TOPK_H
#define STATUSMON_STATS_TOPK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/stats.h"

#define TOPK_KEY_MAX (SNAPSHOT_KEY_MAX - 1)
#define TOPK_MIN_CAP 16u
#define TOPK_MAX_CAP 4096u

struct topk;

/* cap_max is clamped to [TOPK_MIN_CAP, TOPK_MAX_CAP]. budget (may be NULL:
 * no growth beyond TOPK_MIN_CAP) is the number of extra slots the summaries
 * sharing it may still take; it is decremented as they grow and given back
 * by topk_free. NULL on out-of-memory. */
struct topk *topk_new(unsigned cap_max, size_t *budget);
void topk_free(struct topk *t);

/* Counts one occurrence of key (n bytes; hash = hash_bytes(hk, key, n),
 * with one hash key for every summary that is ever merged with t). */
void topk_add(struct topk *t, const char *key, size_t n, uint64_t hash);

/* dst += src, the mergeable Space-Saving rule: a key missing from one side
 * is credited with that side's bound for it (0 while that side is exact),
 * then the largest counts are kept and the dropped ones go to the merged
 * alpha counters. Exact when both sides are and the union fits. Returns -1
 * only on out-of-memory (dst unchanged). */
int topk_merge(struct topk *dst, const struct topk *src);

/* The monitored keys, count descending (ties: key bytes ascending), at most
 * max of them into out. Returns how many were written. */
size_t topk_items(const struct topk *t, struct snapshot_item *out, size_t max);

/* Number of monitored keys; whether every count is exact (nothing was ever
 * evicted, here or in a merged summary). */
size_t topk_size(const struct topk *t);
bool topk_is_exact(const struct topk *t);

#endif
