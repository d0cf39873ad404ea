/* latency.c: the log-linear duration histogram (see latency.h). The
 * bucket of a value is found with integer arithmetic only: the power of two
 * from the leading bit, the eighth within it by comparing the normalised
 * value against 2^(k/8) in 64-bit fixed point (ceilings, so the compare is
 * exact for every integer). */
#include <stdio.h>
#include <math.h>
#include <string.h>
#include "statusmon/latency.h"

/* ceil(2^(63 + k/8)) for k = 1..7 */
static const uint64_t eighth[LATENCY_SUB - 1] = {
	0x8b95c1e3ea8bd6e7ULL, 0x9837f0518db8a970ULL, 0xa5fed6a9b15138ebULL,
	0xb504f333f9de6485ULL, 0xc5672a115506dadeULL, 0xd744fccad69d6af5ULL,
	0xeac0c6e7dd24392fULL,
};

void latency_reset(struct latency *h)
{
	memset(h, 0, sizeof *h);
}

/* How many of the thresholds the lowest x of each 1/256 of the octave
 * reaches (x's 8 bits after the leading one): no such slice holds more
 * than one threshold, so one compare finishes the count. Derived from
 * eighth[] above; tests/stats/test_latency.c checks it against
 * counting all seven compares. */
static const uint8_t eighth_below[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
};

size_t latency_bucket_of(uint64_t us)
{
	unsigned e, sub;
	uint64_t x;

	if (us == 0)
		return 0;
	if (us > LATENCY_MAX_US)
		us = LATENCY_MAX_US;
	e = 63u - (unsigned)__builtin_clzll(us);
	x = us << (63u - e);
	sub = eighth_below[(x >> 55) & 0xff];
	sub += sub < LATENCY_SUB - 1 && x >= eighth[sub];
	return 1 + (size_t)e * LATENCY_SUB + sub;
}

double latency_bucket_lower(size_t i)
{
	if (i == 0)
		return 0.0;
	return exp2((double)(i - 1) / LATENCY_SUB);
}

double latency_bucket_upper(size_t i)
{
	if (i == 0)
		return 0.0;
	return exp2((double)i / LATENCY_SUB);
}

void latency_add(struct latency *h, uint64_t us)
{
	uint64_t sum;

	if (us > LATENCY_MAX_US)
		us = LATENCY_MAX_US;
	sum = h->sum_us + us;
	h->sum_us = sum < h->sum_us ? UINT64_MAX : sum;
	if (h->count == 0 || us < h->min_us)
		h->min_us = us;
	if (h->count == 0 || us > h->max_us)
		h->max_us = us;
	h->count++;
	h->bucket[latency_bucket_of(us)]++;
}

void latency_add_absent(struct latency *h)
{
	h->absent++;
}

void latency_merge(struct latency *dst, const struct latency *src)
{
	uint64_t sum = dst->sum_us + src->sum_us;

	if (src->count) {
		if (dst->count == 0 || src->min_us < dst->min_us)
			dst->min_us = src->min_us;
		if (dst->count == 0 || src->max_us > dst->max_us)
			dst->max_us = src->max_us;
	}
	dst->sum_us = sum < dst->sum_us ? UINT64_MAX : sum;
	dst->count += src->count;
	dst->absent += src->absent;
	for (size_t i = 0; i < LATENCY_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
}

bool latency_equal(const struct latency *a, const struct latency *b)
{
	if (a->count != b->count || a->absent != b->absent || a->sum_us != b->sum_us)
		return false;
	if (a->count && (a->min_us != b->min_us || a->max_us != b->max_us))
		return false;
	return memcmp(a->bucket, b->bucket, sizeof a->bucket) == 0;
}

double latency_quantile(const struct latency *h, double q)
{
	uint64_t rank, seen = 0;
	double v;
	size_t i;

	if (h->count == 0)
		return 0.0;
	if (q > 1.0)
		q = 1.0;
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	for (i = 0; i < LATENCY_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			break;
	}
	if (i >= LATENCY_BUCKETS)
		i = LATENCY_BUCKETS - 1;
	v = i == 0 ? 0.0 : exp2(((double)i - 0.5) / LATENCY_SUB);
	if (v < (double)h->min_us)
		v = (double)h->min_us;
	if (v > (double)h->max_us)
		v = (double)h->max_us;
	return v;
}

void latency_format(char *buf, size_t cap, double us)
{
	if (us < 1000)
		snprintf(buf, cap, "%.0fus", us);
	else if (us < 1e6)
		snprintf(buf, cap, "%.1fms", us / 1e3);
	else
		snprintf(buf, cap, "%.2fs", us / 1e6);
}
