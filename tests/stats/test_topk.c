/* test_topk.c: the Space-Saving summary on its own. Exact while the
 * distinct keys fit; the true top 10 of a Zipf stream over a million
 * distinct keys found with the capacity the stats use; the Space-Saving
 * guarantees (count >= true >= count - error, counts sum to the stream);
 * merging; long keys cut but kept apart by their full hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hash.h"
#include "topk.h"
#include "topk_impl.h"

#define CAP 128   /* what stats_new gives for --top=10 */
#define FIT 120   /* distinct keys that fit */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static struct hash_key hkey;   /* set once in main: one key, as in a run */

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void add_str(struct topk *t, const char *s)
{
	topk_add(t, s, strlen(s), hash_bytes(&hkey, s, strlen(s)));
}

static void test_exact_when_fits(void **state)
{
	size_t budget = 100000;
	struct topk *t = topk_new(CAP, &budget);
	struct snapshot_item items[CAP];
	unsigned want[FIT] = { 0 }, left = 0;
	char key[32];

	(void)state;
	for (unsigned i = 0; i < FIT; i++) {
		want[i] = i + 1;
		left += i + 1;
	}
	while (left) {   /* keys in random order, key i exactly i+1 times */
		unsigned i = (unsigned)(rng_next() % FIT);

		if (!want[i])
			continue;
		want[i]--;
		left--;
		snprintf(key, sizeof key, "/k/%u", i);
		add_str(t, key);
	}
	assert_true(topk_is_exact(t));
	assert_int_equal(topk_size(t), FIT);
	assert_int_equal(topk_items(t, items, CAP), FIT);
	for (unsigned r = 0; r < FIT; r++) {
		snprintf(key, sizeof key, "/k/%u", FIT - 1 - r);
		assert_string_equal(items[r].key, key);
		assert_int_equal(items[r].key_len, strlen(key));
		assert_int_equal(items[r].count, FIT - r);
		assert_int_equal(items[r].error, 0);
		assert_false(items[r].key_truncated);
	}
	topk_free(t);
	assert_int_equal(budget, 100000);   /* growth given back */
}

/* The guarantees on any stream: each count bounds the key's true count
 * from above, count - error from below; the heavy keys lead. */
static void test_guarantees_when_evicting(void **state)
{
	size_t budget = 0;   /* stays at TOPK_MIN_CAP */
	struct topk *t = topk_new(CAP, &budget);
	struct snapshot_item items[TOPK_MIN_CAP];
	unsigned truth[1000] = { 0 };
	char key[32];

	(void)state;
	for (unsigned n = 0; n < 50000; n++) {
		unsigned k = (unsigned)(rng_next() % 7 == 0 ? rng_next() % 1000 : rng_next() % 5);

		truth[k]++;
		snprintf(key, sizeof key, "10.0.0.%u", k);
		add_str(t, key);
	}
	assert_false(topk_is_exact(t));
	assert_int_equal(topk_size(t), TOPK_MIN_CAP);
	assert_int_equal(topk_items(t, items, TOPK_MIN_CAP), TOPK_MIN_CAP);
	for (size_t i = 0; i < TOPK_MIN_CAP; i++) {
		unsigned k = (unsigned)atoi(items[i].key + strlen("10.0.0."));

		assert_true(items[i].count >= truth[k]);
		assert_true(items[i].count - items[i].error <= truth[k]);
	}
	for (unsigned r = 0; r < 5; r++) {   /* the 5 heavy keys lead */
		unsigned k = (unsigned)atoi(items[r].key + strlen("10.0.0."));

		assert_true(k < 5);
	}
	topk_free(t);
}

struct zipf {
	double *cdf;
	size_t n;
};

/* Zipf with exponent 1: P(rank i) ~ 1/(i+1). */
static void zipf_init(struct zipf *z, size_t n)
{
	double h = 0;

	z->n = n;
	z->cdf = malloc(n * sizeof *z->cdf);
	assert_non_null(z->cdf);
	for (size_t i = 0; i < n; i++) {
		h += 1.0 / (double)(i + 1);
		z->cdf[i] = h;
	}
	for (size_t i = 0; i < n; i++)
		z->cdf[i] /= h;
}

static size_t zipf_draw(const struct zipf *z)
{
	double u = (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
	size_t lo = 0, hi = z->n - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (z->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The true top 10 by an exact count, as indices into counts. */
static void exact_top10(const uint32_t *counts, size_t n, size_t top[10])
{
	for (int r = 0; r < 10; r++) {
		size_t best = 0;
		uint32_t best_count = 0;

		for (size_t i = 0; i < n; i++) {
			bool taken = false;

			for (int q = 0; q < r; q++)
				taken |= top[q] == i;
			if (!taken && counts[i] > best_count) {
				best = i;
				best_count = counts[i];
			}
		}
		top[r] = best;
	}
}

/* The true top 10 of a stream are the listed top 10, with honest bounds. */
static void check_top10(const struct topk *t, const uint32_t *truth, size_t keys)
{
	struct snapshot_item items[10];
	size_t top[10];

	exact_top10(truth, keys, top);
	assert_int_equal(topk_items(t, items, 10), 10);
	for (int r = 0; r < 10; r++) {
		size_t k = (size_t)atoll(items[r].key + strlen("/static/asset-"));
		bool in_top = false;

		for (int q = 0; q < 10; q++)
			in_top |= top[q] == k;
		assert_true(in_top);
		assert_true(items[r].count >= truth[k]);
		assert_true(items[r].count - items[r].error <= truth[k]);
	}
}

/* A Zipf stream over a million distinct keys, fed to one summary (whole)
 * or alternately to two that are then merged. */
static void zipf_run(bool split)
{
	enum { KEYS = 1000000, DRAWS = 3000000 };
	struct zipf z;
	uint32_t *truth = calloc(KEYS, sizeof *truth);
	size_t budget = 100000;
	struct topk *t[2] = { topk_new(CAP, &budget), topk_new(CAP, &budget) };
	char key[48];

	assert_non_null(truth);
	zipf_init(&z, KEYS);
	for (size_t i = 0; i < DRAWS; i++) {
		/* rank -> a key whose text says nothing about its rank */
		size_t k = (zipf_draw(&z) * 7919) % KEYS;

		truth[k]++;
		snprintf(key, sizeof key, "/static/asset-%zu.js", k);
		add_str(t[split ? i % 2 : 0], key);
	}
	if (split)
		assert_int_equal(topk_merge(t[0], t[1]), 0);
	assert_false(topk_is_exact(t[0]));
	check_top10(t[0], truth, KEYS);
	topk_free(t[0]);
	topk_free(t[1]);
	free(truth);
	free(z.cdf);
}

static void test_zipf_top10(void **state)
{
	(void)state;
	zipf_run(false);
}

static void test_zipf_top10_merged(void **state)
{
	(void)state;
	zipf_run(true);
}

static void test_merge_exact_halves(void **state)
{
	size_t budget = 100000;
	struct topk *whole = topk_new(CAP, &budget), *a = topk_new(CAP, &budget);
	struct topk *b = topk_new(CAP, &budget);
	struct snapshot_item wi[CAP], mi[CAP];
	char key[32];

	(void)state;
	for (unsigned n = 0; n < 20000; n++) {
		unsigned k = (unsigned)(rng_next() % FIT);

		snprintf(key, sizeof key, "/api/v1/item/%u", k * k);
		add_str(whole, key);
		add_str(n < 10000 ? a : b, key);
	}
	assert_int_equal(topk_merge(a, b), 0);
	assert_true(topk_is_exact(a));
	assert_int_equal(topk_items(whole, wi, CAP), topk_items(a, mi, CAP));
	for (size_t i = 0; i < topk_size(whole); i++) {
		assert_string_equal(wi[i].key, mi[i].key);
		assert_int_equal(wi[i].count, mi[i].count);
		assert_int_equal(mi[i].error, 0);
	}
	topk_free(whole);
	topk_free(a);
	topk_free(b);
	assert_int_equal(budget, 100000);
}

/* Merging lossy summaries keeps the upper-bound guarantee. */
static void test_merge_lossy_bounds(void **state)
{
	size_t budget = 0;
	struct topk *a = topk_new(CAP, &budget), *b = topk_new(CAP, &budget);
	struct snapshot_item items[TOPK_MIN_CAP];
	unsigned truth[300] = { 0 };
	char key[32];

	(void)state;
	for (unsigned n = 0; n < 30000; n++) {
		unsigned k = (unsigned)(rng_next() % 3 ? rng_next() % 8 : rng_next() % 300);

		truth[k]++;
		snprintf(key, sizeof key, "client-%u", k);
		add_str(n % 2 ? a : b, key);
	}
	assert_int_equal(topk_merge(a, b), 0);
	assert_false(topk_is_exact(a));
	assert_int_equal(topk_items(a, items, TOPK_MIN_CAP), TOPK_MIN_CAP);
	for (size_t i = 0; i < TOPK_MIN_CAP; i++) {
		unsigned k = (unsigned)atoi(items[i].key + strlen("client-"));

		assert_true(items[i].count >= truth[k]);
		assert_true(items[i].count - items[i].error <= truth[k]);
	}
	for (int r = 0; r < 8; r++)
		assert_true(atoi(items[r].key + strlen("client-")) < 8);
	topk_free(a);
	topk_free(b);
}

static void test_long_keys(void **state)
{
	size_t budget = 100000;
	struct topk *t = topk_new(CAP, &budget);
	struct snapshot_item items[4];
	char a[1000], b[1000];

	(void)state;
	memset(a, 'x', sizeof a);
	memcpy(b, a, sizeof b);
	b[sizeof b - 1] = 'y';   /* same stored prefix, different key */
	for (int i = 0; i < 3; i++)
		topk_add(t, a, sizeof a, hash_bytes(&hkey, a, sizeof a));
	topk_add(t, b, sizeof b, hash_bytes(&hkey, b, sizeof b));
	topk_add(t, a, TOPK_KEY_MAX, hash_bytes(&hkey, a, TOPK_KEY_MAX)); /* exactly fits */
	assert_int_equal(topk_items(t, items, 4), 3);
	assert_int_equal(items[0].count, 3);
	assert_true(items[0].key_truncated);
	assert_int_equal(items[0].key_len, TOPK_KEY_MAX);
	assert_int_equal(strlen(items[0].key), TOPK_KEY_MAX);
	assert_int_equal(items[1].count, 1);
	assert_int_equal(items[2].count, 1);
	assert_true(items[1].key_truncated != items[2].key_truncated);
	topk_free(t);
}

static void test_empty_and_binary_keys(void **state)
{
	size_t budget = 100000;
	struct topk *t = topk_new(CAP, &budget);
	struct snapshot_item items[4];
	const char bin[] = { 'a', '\0', 'b' };

	(void)state;
	topk_add(t, "", 0, hash_bytes(&hkey, "", 0));
	topk_add(t, bin, 3, hash_bytes(&hkey, bin, 3));
	topk_add(t, bin, 3, hash_bytes(&hkey, bin, 3));
	topk_add(t, "a", 1, hash_bytes(&hkey, "a", 1));
	assert_int_equal(topk_items(t, items, 4), 3);
	assert_int_equal(items[0].count, 2);
	assert_int_equal(items[0].key_len, 3);
	assert_memory_equal(items[0].key, bin, 3);
	assert_int_equal(items[1].key_len, 0);   /* ties: bytes ascending */
	assert_string_equal(items[2].key, "a");
	topk_free(t);
}

/* topk_bytes_equal, the summaries' key comparison, against memcmp: every
 * length to 80, equal keys and keys differing in one byte at each
 * position (by one bit, and by the sign bit); each key at the very end of
 * its own allocation, so a read past it shows under ASan and valgrind. */
static void test_key_equal(void **state)
{
	(void)state;
	for (size_t n = 0; n <= 80; n++) {
		char *a = malloc(n ? n : 1), *b = malloc(n ? n : 1);

		assert_non_null(a);
		assert_non_null(b);
		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = (char)('a' + (i * 7) % 26);
		assert_true(topk_bytes_equal(a, b, n));
		for (size_t i = 0; i < n; i++) {
			static const unsigned char flips[] = { 0x01, 0x80 };

			for (size_t f = 0; f < 2; f++) {
				b[i] = (char)(b[i] ^ flips[f]);
				assert_false(topk_bytes_equal(a, b, n));
				assert_int_equal(memcmp(a, b, n) == 0, topk_bytes_equal(a, b, n));
				b[i] = (char)(b[i] ^ flips[f]);
			}
		}
		free(a);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_when_fits),
		cmocka_unit_test(test_guarantees_when_evicting),
		cmocka_unit_test(test_zipf_top10),
		cmocka_unit_test(test_zipf_top10_merged),
		cmocka_unit_test(test_merge_exact_halves),
		cmocka_unit_test(test_merge_lossy_bounds),
		cmocka_unit_test(test_long_keys),
		cmocka_unit_test(test_empty_and_binary_keys),
		cmocka_unit_test(test_key_equal),
	};

	hash_key_init(&hkey, 0xa4093822299f31d0ULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
