/* test_latency.c: the duration histogram against an exact sort. Streams of
 * realistic shapes (mostly fast, a slow tail, a pile-up at a 60 s timeout,
 * zeros, single values, huge values) are added; count, sum, min and max are
 * compared exactly with the values kept aside, quantiles (nearest rank)
 * within LATENCY_REL_ERROR of the sorted values, and every value's bucket
 * with its bounds; merging halves equals one pass bucket for bucket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "statusmon/latency.h"

#define N 200000

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A web server's shape: 90% 1-80 ms, 9% up to 3 s, 1% at a 60 s timeout. */
static uint64_t realistic(void)
{
	uint64_t r = rng() % 1000;

	if (r < 900)
		return 1000 + rng() % 79000;
	if (r < 990)
		return 80000 + rng() % 2920000;
	return 60000000 + rng() % 3000;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t exact_quantile(const uint64_t *sorted, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n);

	return sorted[(rank ? rank : 1) - 1];
}

static void check_against_sort(uint64_t *v, size_t n)
{
	static const double qs[] = { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0 };
	struct latency *h = calloc(1, sizeof *h);
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		latency_add(h, v[i]);
		sum += v[i];
	}
	qsort(v, n, sizeof *v, cmp_u64);
	assert_int_equal(h->count, n);
	assert_int_equal(h->sum_us, sum);
	assert_int_equal(h->min_us, v[0]);
	assert_int_equal(h->max_us, v[n - 1]);
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		double want = (double)exact_quantile(v, n, qs[i]);
		double got = latency_quantile(h, qs[i]);

		if (want == 0)
			assert_true(got == 0);
		else if (fabs(got - want) / want > LATENCY_REL_ERROR)
			fail_msg("q=%g: got %.3f, exact %.0f", qs[i], got, want);
	}
	free(h);
}

static void test_realistic(void **state)
{
	uint64_t *v = malloc(N * sizeof *v);

	(void)state;
	for (size_t i = 0; i < N; i++)
		v[i] = realistic();
	check_against_sort(v, N);
	free(v);
}

/* Every scale from 0 to the cap, including the small integers where a
 * bucket is narrower than 1 us. */
static void test_wide_range(void **state)
{
	uint64_t *v = malloc(N * sizeof *v);

	(void)state;
	for (size_t i = 0; i < N; i++) {
		unsigned bits = (unsigned)(rng() % 43);

		v[i] = bits ? rng() % (1ULL << bits) : 0;
	}
	check_against_sort(v, N);
	for (size_t i = 0; i < 1000; i++)
		v[i] = i % 7;
	check_against_sort(v, 1000);
	free(v);
}

static void test_single_and_empty(void **state)
{
	struct latency h;
	uint64_t v[1] = { 123457 };

	(void)state;
	latency_reset(&h);
	assert_true(latency_quantile(&h, 0.5) == 0);
	latency_add_absent(&h);
	assert_int_equal(h.absent, 1);
	assert_int_equal(h.count, 0);
	latency_add(&h, 123457);
	/* one value: clamped to min = max, exact */
	assert_true(latency_quantile(&h, 0.5) == 123457.0);
	assert_true(latency_quantile(&h, 0.99) == 123457.0);
	check_against_sort(v, 1);
}

/* Each value lies inside the bounds of its bucket; bucket indexes never
 * decrease with the value; each power of two has 8 of them. */
static void test_bucket_bounds(void **state)
{
	size_t prev = 0;

	(void)state;
	assert_int_equal(latency_bucket_of(0), 0);
	assert_int_equal(latency_bucket_of(1), 1);
	assert_int_equal(latency_bucket_of(2), 1 + LATENCY_SUB);
	assert_int_equal(latency_bucket_of(1024), 1 + 10 * LATENCY_SUB);
	for (uint64_t us = 1; us < 200000; us++) {
		size_t b = latency_bucket_of(us);

		assert_true(b >= prev);
		assert_true((double)us >= latency_bucket_lower(b) * (1 - 1e-12));
		assert_true((double)us < latency_bucket_upper(b));
		prev = b;
	}
	for (int i = 0; i < 100000; i++) {
		uint64_t us = rng() % LATENCY_MAX_US + 1;
		size_t b = latency_bucket_of(us);

		assert_true((double)us >= latency_bucket_lower(b) * (1 - 1e-12));
		assert_true((double)us < latency_bucket_upper(b) * (1 + 1e-12));
	}
	assert_true(latency_bucket_of(UINT64_MAX) < LATENCY_BUCKETS);
}

/* The bucket by its definition: the power of two, then how many of the
 * seven thresholds 2^(k/8) (fixed point, rounded up) the value reaches. */
static size_t bucket_by_compares(uint64_t us)
{
	static const uint64_t eighth[LATENCY_SUB - 1] = {
		0x8b95c1e3ea8bd6e7ULL, 0x9837f0518db8a970ULL, 0xa5fed6a9b15138ebULL,
		0xb504f333f9de6485ULL, 0xc5672a115506dadeULL, 0xd744fccad69d6af5ULL,
		0xeac0c6e7dd24392fULL,
	};
	unsigned e, sub = 0;
	uint64_t x;

	if (us == 0)
		return 0;
	if (us > LATENCY_MAX_US)
		us = LATENCY_MAX_US;
	e = 63u - (unsigned)__builtin_clzll(us);
	x = us << (63u - e);
	for (unsigned k = 0; k < LATENCY_SUB - 1; k++)
		sub += x >= eighth[k];
	return 1 + (size_t)e * LATENCY_SUB + sub;
}

/* latency_bucket_of (a table, then one compare) is the definition: on
 * random values and on both sides of every threshold of every octave. */
static void test_bucket_table(void **state)
{
	(void)state;
	for (int i = 0; i < 1000000; i++) {
		uint64_t us = rng() >> (rng() % 64);

		assert_int_equal(latency_bucket_of(us), bucket_by_compares(us));
	}
	for (unsigned e = 0; e < 43; e++) {
		for (unsigned k = 1; k < LATENCY_SUB; k++) {
			uint64_t at = (uint64_t)ceil(exp2((double)e + (double)k / LATENCY_SUB));

			for (uint64_t us = at > 3 ? at - 3 : 0; us <= at + 3; us++)
				assert_int_equal(latency_bucket_of(us), bucket_by_compares(us));
		}
	}
}

/* Any split of a stream into parts, merged, is the one-pass histogram. */
static void test_merge_exact(void **state)
{
	struct latency *all = calloc(1, sizeof *all);
	struct latency *part[3] = { calloc(1, sizeof *all), calloc(1, sizeof *all),
	                            calloc(1, sizeof *all) };
	struct latency *merged = calloc(1, sizeof *all);

	(void)state;
	for (int i = 0; i < N; i++) {
		uint64_t v = realistic();
		unsigned k = (unsigned)(rng() % 3);

		if (i % 17 == 0) {
			latency_add_absent(all);
			latency_add_absent(part[k]);
			continue;
		}
		latency_add(all, v);
		latency_add(part[k], v);
	}
	for (int k = 0; k < 3; k++)
		latency_merge(merged, part[k]);
	assert_true(latency_equal(all, merged));
	assert_int_equal(merged->min_us, all->min_us);
	assert_int_equal(merged->max_us, all->max_us);
	assert_int_equal(merged->absent, all->absent);
	assert_memory_equal(merged->bucket, all->bucket, sizeof all->bucket);
	/* an empty side changes nothing */
	latency_reset(part[0]);
	latency_merge(merged, part[0]);
	assert_true(latency_equal(all, merged));
	free(all);
	free(merged);
	for (int k = 0; k < 3; k++)
		free(part[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_realistic),
		cmocka_unit_test(test_wide_range),
		cmocka_unit_test(test_single_and_empty),
		cmocka_unit_test(test_bucket_bounds),
		cmocka_unit_test(test_bucket_table),
		cmocka_unit_test(test_merge_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
