/* test_stats_window_latency.c: the live screen's windowed request
 * durations (recent_lat.h). A window sums the 15-second slices that
 * overlap it: checked bucket for bucket against a histogram built directly
 * from the durations of exactly those seconds; absent durations counted;
 * lines older than the ring ignored; two merged stats equal one; "all"
 * has none; the 65th status with durations gets no column; reset empties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "statusmon/registry.h"
#include "statusmon/stats.h"

#define T0 1715162400LL   /* 2024-05-08T10:00:00Z, a multiple of 15 */
#define LAST 1806         /* the log's last second, T0 + LAST */

#include "registry_fixture.h"

static struct stats *new_live(void)
{
	struct stats_config cfg = { .registry = reg, .top_n = 10, .recent_seconds = 900,
	                            .hash_seed = TEST_HASH_SEED };
	return stats_new(&cfg);
}

/* One line of status code at T0 + t; us < 0: the duration is absent. */
static void add(struct stats *st, int code, long long t, long long us)
{
	char status[8];
	struct record rec = { 0 };

	snprintf(status, sizeof status, "%03d", code);
	rec.field[FIELD_STATUS].p = status;
	rec.field[FIELD_STATUS].n = strlen(status);
	rec.has_time = true;
	rec.time = T0 + t;
	rec.logs_duration = 1u << DUR_REQUEST;
	if (us >= 0) {
		rec.has_duration = 1u << DUR_REQUEST;
		rec.duration_us[DUR_REQUEST] = (uint64_t)us;
	}
	stats_add(st, &rec, registry_lookup(reg, code), NULL, 0);
}

/* 200: (t % 97 + 1) ms, a spread of values; 504: 60 s, absent every
 * 10th second. */
static long long dur_200(long long t) { return (t % 97 + 1) * 1000 + t; }

static void feed(struct stats *st, long long from, long long to, int parity)
{
	for (long long t = from; t <= to; t++) {
		if (parity >= 0 && t % 2 != parity)
			continue;
		add(st, 200, t, dur_200(t));
		add(st, 504, t, t % 10 ? 60000000 + t : -1);
	}
}

static const struct snapshot_status *find(const struct snapshot *snap, int code)
{
	for (size_t j = 0; j < snap->n_statuses; j++)
		if (snap->statuses[j].code == code)
			return &snap->statuses[j];
	fail();
	return NULL;
}

static struct snapshot *snap_window(const struct stats *st, unsigned window)
{
	struct snapshot_options opt = { .window_seconds = window };
	struct snapshot *snap = stats_snapshot(st, &opt);

	assert_non_null(snap);
	return snap;
}

/* The seconds a window of w seconds ending at LAST covers: from the start
 * of the 15-second slice holding LAST - w + 1. */
static long long window_from(unsigned w)
{
	long long lo = LAST - (long long)w + 1;

	return lo - lo % 15;
}

static void expect_window(const struct snapshot *snap, unsigned w)
{
	struct latency want200, want504;

	latency_reset(&want200);
	latency_reset(&want504);
	for (long long t = window_from(w); t <= LAST; t++) {
		latency_add(&want200, (uint64_t)dur_200(t));
		if (t % 10)
			latency_add(&want504, (uint64_t)(60000000 + t));
		else
			latency_add_absent(&want504);
	}
	assert_non_null(find(snap, 200)->window_latency);
	assert_true(latency_equal(find(snap, 200)->window_latency, &want200));
	assert_true(latency_equal(find(snap, 504)->window_latency, &want504));
	assert_int_equal(find(snap, 200)->window_latency->count,
	                 LAST - window_from(w) + 1);
}

static void test_window_slices(void **state)
{
	struct stats *st = new_live();
	struct snapshot *snap;

	(void)state;
	stats_set_clock(st, T0 + 100 * 86400);     /* a replayed log */
	feed(st, 0, LAST, -1);
	snap = snap_window(st, 60);
	assert_int_equal(window_from(60), 1740);   /* 67 s: the slack */
	expect_window(snap, 60);
	assert_int_equal(find(snap, 504)->window_latency->absent, 7);
	snapshot_free(snap);
	snap = snap_window(st, 300);
	expect_window(snap, 300);
	snapshot_free(snap);
	/* a line older than the ring, with an outlier: no window sees it */
	add(st, 200, LAST - 1000, 9000000000LL);
	snap = snap_window(st, 900);
	expect_window(snap, 900);
	assert_true(find(snap, 200)->latency[DUR_REQUEST]->max_us == 9000000000ULL);
	snapshot_free(snap);
	snap = snap_window(st, 0);                 /* all: no window histogram */
	assert_null(find(snap, 200)->window_latency);
	assert_non_null(find(snap, 200)->latency[DUR_REQUEST]);
	snapshot_free(snap);
	stats_reset(st);
	add(st, 404, LAST, -1);
	snap = snap_window(st, 60);
	assert_int_equal(snap->n_statuses, 1);
	assert_int_equal(find(snap, 404)->window_latency->absent, 1);
	assert_int_equal(find(snap, 404)->window_latency->count, 0);
	snapshot_free(snap);
	stats_free(st);
}

/* Two threads' stats, merged, equal one pass over the same lines. */
static void test_window_merge(void **state)
{
	struct stats *one = new_live(), *a = new_live(), *b = new_live();
	struct snapshot *s1, *s2;

	(void)state;
	feed(one, 0, LAST, -1);
	feed(a, 0, LAST, 0);
	feed(b, 0, LAST, 1);
	stats_merge(a, b);
	s1 = snap_window(one, 300);
	s2 = snap_window(a, 300);
	assert_true(latency_equal(find(s1, 200)->window_latency, find(s2, 200)->window_latency));
	assert_true(latency_equal(find(s1, 504)->window_latency, find(s2, 504)->window_latency));
	expect_window(s2, 300);
	snapshot_free(s1);
	snapshot_free(s2);
	stats_free(one);
	stats_free(a);
	stats_free(b);
}

/* Memory is bounded by 64 columns: the 65th status seen with durations
 * has all-time durations but none for windows. */
static void test_window_columns_capped(void **state)
{
	struct stats *st = new_live();
	struct snapshot *snap;
	int with = 0;

	(void)state;
	for (int c = 0; c < 70; c++)
		add(st, 200 + c, 10, 1000 + c);
	snap = snap_window(st, 60);
	for (int c = 0; c < 70; c++) {
		const struct snapshot_status *s = find(snap, 200 + c);

		assert_non_null(s->latency[DUR_REQUEST]);
		if (c < 64) {
			assert_non_null(s->window_latency);
			assert_int_equal(s->window_latency->min_us, 1000 + c);
			with++;
		} else {
			assert_null(s->window_latency);
		}
	}
	assert_int_equal(with, 64);
	snapshot_free(snap);
	stats_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_slices),
		cmocka_unit_test(test_window_merge),
		cmocka_unit_test(test_window_columns_capped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
