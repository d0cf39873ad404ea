/* testlib.h: helpers every cmocka test may use (include after <cmocka.h>):
 * files made for a test, checked as they are written. One copy here
 * instead of one per test file. */
#ifndef STATUSMON_TESTLIB_H
#define STATUSMON_TESTLIB_H

#include <stdio.h>

/* Writes text to path (created or truncated); the test fails if it cannot. */
static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) < 0, 0);
	assert_int_equal(fclose(f), 0);
}

#endif
