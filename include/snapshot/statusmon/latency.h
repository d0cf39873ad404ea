/* latency.h: a mergeable histogram of durations (integer microseconds).
 * Log-linear buckets: every power of two is split into 8 buckets of equal
 * ratio 2^(1/8), the scheme of Prometheus native histograms (schema 3), so
 * a quantile read back is within 2^(1/16) - 1 = 4.4% of the exact value
 * (nearest rank) of the same durations. Zero has a bucket of its own.
 * Fixed size (LATENCY_BUCKETS counters, ~2.8 KiB), no allocation; count,
 * sum, min and max are exact; merging two is adding them, so threads and
 * inputs combine to exactly the histogram of one pass over all lines.
 * Both halves use it: the stats writer fills them, snapshots carry copies
 * that sinks read and merge (per class). */
#ifndef STATUSMON_LATENCY_H
#define STATUSMON_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LATENCY_SUB 8                 /* buckets per power of two       */
#define LATENCY_OCTAVES 43            /* 1 us .. 2^43 us                */
#define LATENCY_BUCKETS (1 + LATENCY_SUB * LATENCY_OCTAVES)
#define LATENCY_MAX_US (1ULL << 42)   /* larger values go to the last bucket */
#define LATENCY_REL_ERROR 0.0443      /* bound on a quantile's relative error */

struct latency {
	uint64_t count;                  /* durations added                */
	uint64_t absent;                 /* lines whose format logs one, without */
	uint64_t sum_us;                 /* saturates at UINT64_MAX        */
	uint64_t min_us, max_us;         /* valid when count > 0           */
	uint64_t bucket[LATENCY_BUCKETS];
};

void latency_reset(struct latency *h);
/* The bucket of a duration: 0 for 0, else 1 + 8 floor(log2 us) + sub. */
size_t latency_bucket_of(uint64_t us);
/* Bucket i holds [lower, upper) microseconds (0: exactly 0). */
double latency_bucket_lower(size_t i);
double latency_bucket_upper(size_t i);

void latency_add(struct latency *h, uint64_t us);
void latency_add_absent(struct latency *h);
/* dst += src, exactly. */
void latency_merge(struct latency *dst, const struct latency *src);
bool latency_equal(const struct latency *a, const struct latency *b);

/* The q-quantile (0 < q <= 1) in microseconds: the bucket holding the
 * value of nearest rank ceil(q * count), read as its geometric middle and
 * clamped to [min, max]. 0 when count is 0. */
double latency_quantile(const struct latency *h, double q);

/* A duration for people: "850us", "12.3ms", "2.31s" (every sink shows
 * durations the same way). */
void latency_format(char *buf, size_t cap, double us);

#endif
