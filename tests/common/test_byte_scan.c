/* test_byte_scan.c: byte_scan.h's searches against a byte-at-a-time
 * reference, on random bytes rich in the searched ones, at every line
 * length to 200 and every start. Each line sits at the very end of its own
 * allocation, so a read past it shows under ASan and valgrind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "byte_scan.h"

static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* n bytes at the end of a fresh allocation, rich in the searched bytes. */
static char *random_line(size_t n, uint64_t *seed, char **block)
{
	static const char alphabet[] = "  \"\"ab\\]x\t\n\0";
	char *b = malloc(n ? n : 1), *p = b + (n ? 0 : 1);

	assert_non_null(b);
	for (size_t i = 0; i < n; i++)
		p[i] = alphabet[next_rand(seed) % (sizeof alphabet - 1)];
	*block = b;
	return p;
}

static const char *ref_find2(const char *p, const char *end, char a, char b)
{
	for (; p < end; p++)
		if (*p == a || *p == b)
			return p;
	return NULL;
}

static void test_find(void **state)
{
	uint64_t seed = 12345;

	(void)state;
	for (size_t n = 0; n <= 200; n++) {
		char *block, *s = random_line(n, &seed, &block);

		for (size_t i = 0; i <= n; i++) {
			assert_ptr_equal(byte_find(s + i, s + n, ' '), ref_find2(s + i, s + n, ' ', ' '));
			assert_ptr_equal(byte_find2(s + i, s + n, '"', ']'),
			                 ref_find2(s + i, s + n, '"', ']'));
			assert_ptr_equal(byte_find2_in(s, s + i, s + n, '"', ' '),
			                 ref_find2(s + i, s + n, '"', ' '));
			assert_ptr_equal(byte_find_in(s, s + i, s + n, '\n'),
			                 ref_find2(s + i, s + n, '\n', '\n'));
		}
		free(block);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
