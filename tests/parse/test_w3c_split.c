/* test_w3c_split.c: w3c_split (w3c_split.h, the W3C parser's column
 * splitter, 64 bytes a step with separate start and end masks) against a
 * byte-at-a-time reference written here: the same count (or max + 1 when
 * there are more fields than max) and, when they fit, the same views, on random lines
 * over a small alphabet (spaces, tabs, text, NUL, high bytes), on lines
 * whose fields and separator runs straddle the 64-byte steps, and on
 * realistic IIS lines. Each input sits in a heap buffer of exactly its
 * length, so an overread is an ASan error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "w3c_split.h"

#define FIELDS_MAX 64

static size_t ref_split(const char *s, size_t n, struct sv *out, size_t max)
{
	size_t i = 0, count = 0, start;

	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			return count;
		if (count == max)
			return max + 1;
		start = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		out[count].p = s + start;
		out[count++].n = i - start;
	}
}

/* Both splits of text[0..n), copied to a buffer of exactly n bytes. */
static void check_one(const char *text, size_t n, size_t max)
{
	struct sv want[FIELDS_MAX + 1], got[FIELDS_MAX + 1];
	char *buf = malloc(n ? n : 1);
	size_t cw, cg, k;

	assert_non_null(buf);
	memcpy(buf, text, n);
	cw = ref_split(buf, n, want, max);
	cg = w3c_split(buf, n, got, max);
	assert_int_equal(cg, cw);
	for (k = 0; cw <= max && k < cw; k++) {   /* views only when it fit */
		assert_ptr_equal(got[k].p, want[k].p);
		assert_int_equal(got[k].n, want[k].n);
	}
	free(buf);
}

static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_random_lines(void **state)
{
	static const char alphabet[] = { ' ', ' ', '\t', 'a', 'b', '-', '\0', '\xff', 'z', '+' };
	static const size_t maxes[] = { 0, 1, 2, 3, 15, 31, FIELDS_MAX };
	char line[400];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t i, n, m, trial;

	(void)state;
	for (trial = 0; trial < 20000; trial++) {
		n = (size_t)(rng_next(&x) % sizeof line);
		/* some lines sparse in separators, some dense */
		unsigned dense = (unsigned)(rng_next(&x) % 4);
		for (i = 0; i < n; i++) {
			uint64_t r = rng_next(&x);
			line[i] = dense == 0 && r % 8 ? 'q' : alphabet[(r >> 8) % sizeof alphabet];
		}
		for (m = 0; m < sizeof maxes / sizeof maxes[0]; m++)
			check_one(line, n, maxes[m]);
	}
}

/* Every length around the 64-byte steps, every position of a single
 * separator and of a separator run's edge. */
static void test_block_edges(void **state)
{
	char line[200];
	size_t n, pos, run;

	(void)state;
	for (n = 0; n <= 193; n++) {
		memset(line, 'x', n);
		check_one(line, n, FIELDS_MAX);
		memset(line, ' ', n);
		check_one(line, n, FIELDS_MAX);
		for (pos = 0; pos < n; pos++) {
			for (run = 1; run <= 3 && pos + run <= n; run++) {
				memset(line, 'x', n);
				memset(line + pos, run == 2 ? '\t' : ' ', run);
				check_one(line, n, FIELDS_MAX);
				check_one(line, n, 1);
			}
		}
	}
}

/* One-byte fields, one-byte separators: 64 fields fit exactly, 65 not. */
static void test_many_fields(void **state)
{
	char line[2 * FIELDS_MAX + 3];
	size_t n;

	(void)state;
	for (n = 1; n <= sizeof line; n++) {
		for (size_t i = 0; i < n; i++)
			line[i] = i % 2 ? ' ' : 'f';
		check_one(line, n, FIELDS_MAX);
		check_one(line, n, FIELDS_MAX - 1);
	}
}

static void test_iis_lines(void **state)
{
	static const char *const lines[] = {
		("2024-01-07 00:00:00 10.0.0.4 GET /api/v1/users/498057 include=roles&page=4 443 - "
		 "2001:db8:d5ad:c2e3::a52 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36"
		 "+(KHTML,+like+Gecko)+Chrome/122.0.0.0+Safari/537.36 https://www.example.com/ 200 0 0 13"),
		("2024-01-07 00:00:00 10.0.0.4 GET /api/v1/users/7089 include=roles&page=10 443 - "
		 "10.114.199.67 python-requests/2.31.0 https://www.example.com/search?q=espresso+machine 304 0 0 1"),
		"2002-05-24\t20:18:01\t172.224.24.114\t-\t206.73.118.24\t80\tGET\t/Default.htm\t-\t200\t7930\t248\t31",
		"  leading and trailing  \t ",
	};
	struct sv v[FIELDS_MAX + 1];

	(void)state;
	for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++)
		check_one(lines[k], strlen(lines[k]), FIELDS_MAX);
	assert_int_equal(w3c_split(lines[0], strlen(lines[0]), v, FIELDS_MAX), 15);
	assert_int_equal(v[14].n, 2);
	assert_memory_equal(v[14].p, "13", 2);
	assert_int_equal(w3c_split(lines[2], strlen(lines[2]), v, FIELDS_MAX), 13);
	assert_int_equal(w3c_split(lines[3], strlen(lines[3]), v, 2), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_lines),
		cmocka_unit_test(test_block_edges),
		cmocka_unit_test(test_many_fields),
		cmocka_unit_test(test_iis_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
