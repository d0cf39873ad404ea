/* test_hash.c: the keyed path/client hash (src/stats/hash.h). A collision
 * set is only worth something against the seed it was built for: the
 * 48-byte paths that all had one 64-bit hash under the old unkeyed function
 * (bench/flood_keys.h, what bench/flood.c writes) are all distinct under
 * any seed; keys brute-forced into one index bucket under seed A spread out
 * under seed B; and full collisions built with seed A's key known (the
 * round's collapse) are all distinct under seed B. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hash.h"
#include "statusmon/stats.h"
#include "../../bench/flood_keys.h"

#define SEED_A 0x0123456789abcdefULL
#define SEED_B 0xfedcba9876543210ULL
#define N_FLOOD 4096
#define BUCKET_BITS 16                 /* a 32768-slot summary's index */
#define BUCKET(h) ((h) & ((1u << BUCKET_BITS) - 1))
#define N_BUCKET_KEYS 64

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Distinct values among v[0..n) (sorts v). */
static size_t distinct(uint64_t *v, size_t n)
{
	size_t d = n ? 1 : 0;

	qsort(v, n, sizeof *v, cmp_u64);
	for (size_t i = 1; i < n; i++)
		d += v[i] != v[i - 1];
	return d;
}

static void test_old_flood_is_spread(void **state)
{
	static uint64_t old[N_FLOOD], full[N_FLOOD], bucket[N_FLOOD];
	unsigned char key[FLOOD_KEY_LEN];
	uint64_t seeds[2] = { SEED_A, SEED_B };

	(void)state;
	assert_true(flood_init(key));
	for (size_t i = 0; i < N_FLOOD; i++) {
		flood_key(key, i * 7919);
		old[i] = oldhash_long(key, sizeof key);
	}
	assert_int_equal(distinct(old, N_FLOOD), 1);   /* the attack worked */
	for (int s = 0; s < 2; s++) {
		struct hash_key k;

		hash_key_init(&k, seeds[s]);
		for (size_t i = 0; i < N_FLOOD; i++) {
			flood_key(key, i * 7919);
			full[i] = hash_bytes(&k, key, sizeof key);
			bucket[i] = BUCKET(full[i]);
		}
		assert_int_equal(distinct(full, N_FLOOD), N_FLOOD);
		/* 4096 random keys fill ~3970 of 65536 buckets */
		assert_true(distinct(bucket, N_FLOOD) > 3850);
	}
}

/* Brute force under seed A: N_BUCKET_KEYS paths sharing one 16-bit bucket
 * (about 4M tries). Under seed B they land ~independently. */
static void test_bucket_collisions_are_per_seed(void **state)
{
	struct hash_key ka, kb;
	char paths[N_BUCKET_KEYS][40];
	uint64_t ha[N_BUCKET_KEYS], hb[N_BUCKET_KEYS], target = 0;
	size_t found = 0;

	(void)state;
	hash_key_init(&ka, SEED_A);
	hash_key_init(&kb, SEED_B);
	for (unsigned i = 0; found < N_BUCKET_KEYS && i < 64u << 20; i++) {
		char p[40];
		int n = snprintf(p, sizeof p, "/img/photo-%08u.jpg", i);
		uint64_t h = hash_bytes(&ka, p, (size_t)n);

		if (i == 0)
			target = BUCKET(h);
		if (BUCKET(h) != target)
			continue;
		memcpy(paths[found], p, (size_t)n + 1);
		found++;
	}
	assert_int_equal(found, N_BUCKET_KEYS);
	for (size_t i = 0; i < N_BUCKET_KEYS; i++) {
		ha[i] = BUCKET(hash_bytes(&ka, paths[i], strlen(paths[i])));
		hb[i] = BUCKET(hash_bytes(&kb, paths[i], strlen(paths[i])));
	}
	assert_int_equal(distinct(ha, N_BUCKET_KEYS), 1);
	/* 64 keys in 65536 buckets: 0.03 collisions expected */
	assert_true(distinct(hb, N_BUCKET_KEYS) >= N_BUCKET_KEYS - 2);
}

/* White box: with seed A's key known, the collapse is reachable (second
 * word of a block = the running state, so the product is 0 whatever the
 * first word): 1000 full 64-bit collisions. Seed B keeps them all apart. */
static void test_known_key_collisions_are_per_seed(void **state)
{
	static uint64_t ha[1000], hb[1000];
	struct hash_key ka, kb;
	unsigned char key[48];
	uint64_t s1;

	(void)state;
	hash_key_init(&ka, SEED_A);
	hash_key_init(&kb, SEED_B);
	memset(key, 'x', sizeof key);
	s1 = hash_mum(hash_read8(key) ^ ka.k1, hash_read8(key + 8) ^ (ka.k0 ^ sizeof key));
	memcpy(key + 24, &s1, 8);
	for (uint64_t i = 0; i < 1000; i++) {
		memcpy(key + 16, &i, 8);          /* the free word */
		ha[i] = hash_bytes(&ka, key, sizeof key);
		hb[i] = hash_bytes(&kb, key, sizeof key);
	}
	assert_int_equal(distinct(ha, 1000), 1);
	assert_int_equal(distinct(hb, 1000), 1000);
}

static void test_seed_and_lengths(void **state)
{
	struct hash_key ka, ka2, kb;
	const char *p = "/index.html";
	uint64_t s1 = stats_seed_new(), s2 = stats_seed_new();
	uint64_t byl[17];

	(void)state;
	hash_key_init(&ka, SEED_A);
	hash_key_init(&ka2, SEED_A);
	hash_key_init(&kb, SEED_B);
	assert_true(hash_bytes(&ka, p, 11) == hash_bytes(&ka2, p, 11));
	assert_true(hash_bytes(&ka, p, 11) != hash_bytes(&kb, p, 11));
	assert_true(s1 != 0 && s2 != 0 && s1 != s2);
	/* every length of zeros, the empty key included, hashes apart */
	for (size_t n = 0; n <= 16; n++)
		byl[n] = hash_bytes(&ka, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", n);
	assert_int_equal(distinct(byl, 17), 17);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_flood_is_spread),
		cmocka_unit_test(test_bucket_collisions_are_per_seed),
		cmocka_unit_test(test_known_key_collisions_are_per_seed),
		cmocka_unit_test(test_seed_and_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
