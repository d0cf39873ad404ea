/* record_check.h: assertions on record field views for the parser tests
 * (pattern, LogFormat, log_format, W3C, JSON lines). Include after
 * <cmocka.h>. A failing check names the field and prints what it got. */
#ifndef STATUSMON_TEST_RECORD_CHECK_H
#define STATUSMON_TEST_RECORD_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "statusmon/record.h"

/* want == NULL: the field must be absent (p NULL, n 0). */
static inline void record_check_field(const struct record *rec, enum record_field f,
                                      const char *want, const char *file, int line)
{
	const struct sv *v = &rec->field[f];
	bool ok = want ? v->p && v->n == strlen(want) && memcmp(v->p, want, v->n) == 0
	               : !v->p && v->n == 0;

	if (ok)
		return;
	print_error("%s:%d: field %s: got %s'%.*s' (%zu bytes), want %s%s%s\n", file, line,
	            record_field_name(f), v->p ? "" : "absent ", (int)(v->p ? v->n : 0),
	            v->p ? v->p : "", v->n, want ? "'" : "", want ? want : "absent",
	            want ? "'" : "");
	_fail(file, line);
}

#define assert_field(rec, f, want) record_check_field(rec, f, want, __FILE__, __LINE__)

/* The view lies inside buf[0..len) (no copy was made). */
#define assert_view_in(rec, f, buf, len) do { \
	const struct sv *v_ = &(rec)->field[f]; \
	assert_non_null(v_->p); \
	assert_true(v_->p >= (buf) && v_->p + v_->n <= (buf) + (len)); \
} while (0)

/* Two records equal field by field: same bytes at the same offsets of
 * their lines (a and b parsed the same line). */
static inline void record_check_same(const struct record *a, const struct record *b,
                                     const char *line, const char *file, int ln)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++) {
		const struct sv *x = &a->field[f], *y = &b->field[f];

		if (x->p == y->p && x->n == y->n)
			continue;
		print_error("%s:%d: field %s differs (%zu vs %zu bytes) on: %s\n", file, ln,
		            record_field_name((enum record_field)f), x->n, y->n, line);
		_fail(file, ln);
	}
	if (a->has_time != b->has_time || (a->has_time && a->time != b->time)) {
		print_error("%s:%d: time differs on: %s\n", file, ln, line);
		_fail(file, ln);
	}
	if (a->truncated != b->truncated) {
		print_error("%s:%d: truncated differs (%d vs %d) on: %s\n", file, ln,
		            a->truncated, b->truncated, line);
		_fail(file, ln);
	}
}

#define assert_same_record(a, b, line) record_check_same(a, b, line, __FILE__, __LINE__)

#endif
