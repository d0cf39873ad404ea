/* test_timeline.c: the bounded per-class timeline. Buckets of the base
 * width, empty ones reported as zeros; coarsening along the ladder when the
 * span outgrows the slots (year 1 next to year 9999 included) with sums
 * kept; the auto width of an export; a --bucket width; merging timelines
 * of different widths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "timeline.h"

#define T0 1715162400LL   /* 2024-05-08T10:00:00Z */
#define YEAR1 (-62135596800LL)      /* 0001-01-01T00:00:00Z */
#define YEAR9999 253402300799LL     /* 9999-12-31T23:59:59Z */

static uint64_t total(const struct snapshot_bucket *b, size_t n, int cls)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += cls < 0 ? b[i].by_class[CLASS_2XX] + b[i].by_class[CLASS_4XX] +
		                 b[i].by_class[CLASS_5XX] + b[i].by_class[CLASS_INVALID]
		               : b[i].by_class[cls];
	return sum;
}

static void test_minutes_with_gaps(void **state)
{
	struct timeline *tl = timeline_new(0);
	struct snapshot_bucket *b;
	long long w;
	size_t n;

	(void)state;
	timeline_add(tl, T0 + 5, CLASS_2XX);
	timeline_add(tl, T0 + 59, CLASS_2XX);
	timeline_add(tl, T0 + 60, CLASS_5XX);
	timeline_add(tl, T0 + 4 * 60 + 1, CLASS_4XX);   /* minutes 2, 3 empty */
	timeline_add(tl, T0 - 1, CLASS_INVALID);         /* earlier: 09:59 */
	n = timeline_export(tl, 0, &b, &w);
	assert_int_equal(w, 60);
	assert_int_equal(n, 6);
	assert_int_equal(b[0].start, T0 - 60);
	assert_int_equal(b[0].by_class[CLASS_INVALID], 1);
	assert_int_equal(b[1].start, T0);
	assert_int_equal(b[1].by_class[CLASS_2XX], 2);
	assert_int_equal(b[2].by_class[CLASS_5XX], 1);
	assert_int_equal(total(b + 3, 2, -1), 0);
	assert_int_equal(b[5].start, T0 + 240);
	assert_int_equal(b[5].by_class[CLASS_4XX], 1);
	free(b);
	timeline_free(tl);
}

/* A day of traffic at 1 line/s: exported at <= 60 buckets on the ladder. */
static void test_auto_width_for_export(void **state)
{
	struct timeline *tl = timeline_new(0);
	struct snapshot_bucket *b;
	long long w;
	size_t n;

	(void)state;
	for (long long t = 0; t < 86400; t++)
		timeline_add(tl, T0 + t, t % 10 ? CLASS_2XX : CLASS_5XX);
	assert_int_equal(timeline_width(tl), 60);   /* 1440 min fit the slots */
	n = timeline_export(tl, 0, &b, &w);
	assert_int_equal(w, 1800);                  /* 15m would give 96 */
	assert_int_equal(n, 48);
	assert_int_equal(total(b, n, CLASS_2XX), 77760);
	assert_int_equal(total(b, n, CLASS_5XX), 8640);
	assert_int_equal(b[0].start % w, 0);
	free(b);
	n = timeline_export(tl, 200, &b, &w);       /* a wide TUI */
	assert_int_equal(w, 900);
	assert_int_equal(n, 96);
	free(b);
	timeline_free(tl);
}

static void test_absurd_dates_stay_bounded(void **state)
{
	struct timeline *tl = timeline_new(0);
	struct snapshot_bucket *b;
	long long w;
	size_t n;

	(void)state;
	for (int i = 0; i < 1000; i++)
		timeline_add(tl, T0 + i * 37, CLASS_2XX);
	timeline_add(tl, YEAR1, CLASS_4XX);
	timeline_add(tl, YEAR9999, CLASS_5XX);
	timeline_add(tl, -(1LL << 62) - 5, CLASS_INVALID);   /* clamped */
	timeline_add(tl, (1LL << 62) + 5, CLASS_INVALID);
	assert_true(timeline_width(tl) > 0);
	n = timeline_export(tl, 0, &b, &w);
	assert_true(n >= 2 && n <= TIMELINE_AUTO_BUCKETS);
	assert_int_equal(total(b, n, CLASS_2XX), 1000);
	assert_int_equal(total(b, n, CLASS_4XX), 1);
	assert_int_equal(total(b, n, CLASS_5XX), 1);
	assert_int_equal(total(b, n, CLASS_INVALID), 2);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(b[i].start - b[i - 1].start, w);
	free(b);
	n = timeline_export(tl, 4000, &b, &w);
	assert_true(n <= 4000);
	assert_int_equal(total(b, n, CLASS_2XX), 1000);
	free(b);
	timeline_free(tl);
}

/* Only year 1 and year 9999: two buckets far apart, still bounded. */
static void test_two_far_points(void **state)
{
	struct timeline *tl = timeline_new(0);
	struct snapshot_bucket *b;
	long long w;
	size_t n;

	(void)state;
	timeline_add(tl, YEAR9999, CLASS_2XX);
	timeline_add(tl, YEAR1, CLASS_2XX);
	n = timeline_export(tl, 0, &b, &w);
	assert_true(n >= 2 && n <= TIMELINE_AUTO_BUCKETS);
	assert_true(b[0].start <= YEAR1 && YEAR1 < b[0].start + w);
	assert_true(b[n - 1].start <= YEAR9999 && YEAR9999 < b[n - 1].start + w);
	assert_int_equal(total(b, n, CLASS_2XX), 2);
	free(b);
	timeline_free(tl);
}

static void test_user_width(void **state)
{
	struct timeline *tl = timeline_new(420);   /* --bucket=7m */
	struct snapshot_bucket *b;
	long long w;
	size_t n;

	(void)state;
	for (long long t = 0; t < 6 * 3600; t += 30)
		timeline_add(tl, T0 + t, CLASS_3XX);
	n = timeline_export(tl, 0, &b, &w);           /* no cap: the user's width */
	assert_int_equal(w, 420);
	assert_true(n >= 6 * 3600 / 420);
	assert_int_equal(total(b, n, CLASS_3XX), 6 * 120);
	free(b);
	n = timeline_export(tl, 10, &b, &w);          /* a cap: multiples of 7m */
	assert_true(n <= 10);
	assert_int_equal(w % 420, 0);
	assert_int_equal(total(b, n, CLASS_3XX), 6 * 120);
	free(b);
	/* a span beyond 4096 * 7m doubles the stored width */
	timeline_add(tl, T0 + 4096LL * 420, CLASS_3XX);
	assert_int_equal(timeline_width(tl), 840);
	timeline_free(tl);
}

static void test_merge_different_widths(void **state)
{
	struct timeline *a = timeline_new(0), *b = timeline_new(0);
	struct snapshot_bucket *bk;
	long long w;
	size_t n;

	(void)state;
	for (long long t = 0; t < 3600; t += 10)
		timeline_add(a, T0 + t, CLASS_2XX);
	for (long long t = 0; t < 30LL * 86400; t += 600)   /* a month: coarser */
		timeline_add(b, T0 - 86400 * 10 + t, CLASS_4XX);
	assert_true(timeline_width(b) > timeline_width(a));
	timeline_merge(a, b);
	assert_int_equal(timeline_width(a), timeline_width(b));
	n = timeline_export(a, 100000, &bk, &w);
	assert_int_equal(w, timeline_width(b));
	assert_int_equal(total(bk, n, CLASS_2XX), 360);
	assert_int_equal(total(bk, n, CLASS_4XX), 30 * 144);
	free(bk);
	timeline_reset(a);
	assert_int_equal(timeline_width(a), 60);
	assert_int_equal(timeline_export(a, 0, &bk, &w), 0);
	assert_null(bk);
	timeline_free(a);
	timeline_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minutes_with_gaps),
		cmocka_unit_test(test_auto_width_for_export),
		cmocka_unit_test(test_absurd_dates_stay_bounded),
		cmocka_unit_test(test_two_far_points),
		cmocka_unit_test(test_user_width),
		cmocka_unit_test(test_merge_different_widths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
