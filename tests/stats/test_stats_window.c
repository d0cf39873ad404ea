/* test_stats_window.c: the live view's sliding windows and last lines, with
 * synthetic times. A replayed old log is windowed by its own times; a live
 * log follows the clock so rates fall when traffic stops; lines without a
 * time use the clock; late lines older than the window only count in the
 * totals; per-second buckets; the last-lines rings; merge and reset. */
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

#define T0 1715162400LL   /* 2024-05-08T10:00:00Z */

#include "registry_fixture.h"

static struct stats *new_live(unsigned lines)
{
	struct stats_config cfg = { .registry = reg, .top_n = 10,
	                            .recent_seconds = 900, .recent_lines = lines,
	                            .hash_seed = 0x13198a2e03707344ULL };   /* merged */
	struct stats *st = stats_new(&cfg);

	assert_non_null(st);
	return st;
}

static void add(struct stats *st, const char *status, bool has_time, long long t,
                const char *line)
{
	struct record rec = { 0 };

	rec.field[FIELD_STATUS].p = status;
	rec.field[FIELD_STATUS].n = strlen(status);
	rec.field[FIELD_PATH].p = "/";
	rec.field[FIELD_PATH].n = 1;
	rec.has_time = has_time;
	rec.time = t;
	stats_add(st, &rec, registry_lookup(reg, status_code_parse(status, strlen(status))),
	          line, line ? strlen(line) : 0);
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
	struct snapshot_options opt = { .window_seconds = window, .max_buckets = 60 };
	struct snapshot *snap = stats_snapshot(st, &opt);

	assert_non_null(snap);
	return snap;
}

/* 30 minutes of a log from days ago, one line a second, 200 and 500
 * alternating: windows are measured back from the log's last second. */
static void test_replay_uses_log_time(void **state)
{
	struct stats *st = new_live(0);
	struct snapshot *snap;

	(void)state;
	stats_set_clock(st, T0 + 10 * 86400);
	for (long long t = 0; t < 1800; t++)
		add(st, t % 2 ? "500" : "200", true, T0 + t, NULL);
	snap = snap_window(st, 60);
	assert_int_equal(snap->window_seconds, 60);
	assert_int_equal(find(snap, 200)->window_count, 30);
	assert_int_equal(find(snap, 500)->window_count, 30);
	assert_int_equal(find(snap, 500)->count, 900);
	assert_float_equal(find(snap, 500)->rate, 0.5, 1e-9);
	assert_int_equal(snap->window_by_class[CLASS_5XX], 30);
	assert_float_equal(snap->window_rate, 1.0, 1e-9);
	assert_int_equal(snap->bucket_seconds, 1);
	assert_int_equal(snap->n_buckets, 60);
	assert_int_equal(snap->buckets[59].start, T0 + 1799);
	assert_int_equal(snap->buckets[59].by_class[CLASS_5XX], 1);
	snapshot_free(snap);
	snap = snap_window(st, 300);
	assert_int_equal(find(snap, 200)->window_count, 150);
	assert_int_equal(snap->bucket_seconds, 5);
	assert_int_equal(snap->n_buckets, 60);
	assert_int_equal(snap->buckets[0].by_class[CLASS_2XX] + snap->buckets[0].by_class[CLASS_5XX], 5);
	snapshot_free(snap);
	snap = snap_window(st, 5000);          /* clamped to the ring */
	assert_int_equal(snap->window_seconds, 900);
	assert_int_equal(find(snap, 200)->window_count, 450);
	snapshot_free(snap);
	snap = snap_window(st, 0);             /* all: rate over the log's span */
	assert_int_equal(snap->window_seconds, 0);
	assert_int_equal(find(snap, 200)->window_count, 900);
	assert_float_equal(find(snap, 200)->rate, 0.5, 1e-9);
	assert_float_equal(snap->window_rate, 1.0, 1e-9);
	assert_int_equal(snap->bucket_seconds, 60);
	assert_int_equal(snap->n_buckets, 30);
	snapshot_free(snap);
	stats_free(st);
}

/* A live log: its times track the clock, so the window follows the clock
 * and empties when traffic stops. */
static void test_live_follows_clock(void **state)
{
	struct stats *st = new_live(0);
	struct snapshot *snap;

	(void)state;
	for (long long t = 0; t < 120; t++) {
		stats_set_clock(st, T0 + t);
		for (int k = 0; k < 4; k++)
			add(st, "499", true, T0 + t, NULL);
	}
	snap = snap_window(st, 60);
	assert_int_equal(find(snap, 499)->window_count, 240);
	assert_float_equal(find(snap, 499)->rate, 4.0, 1e-9);
	snapshot_free(snap);
	stats_set_clock(st, T0 + 119 + 30);    /* 30 quiet seconds */
	snap = snap_window(st, 60);
	assert_int_equal(find(snap, 499)->window_count, 120);
	snapshot_free(snap);
	stats_set_clock(st, T0 + 119 + 61);
	snap = snap_window(st, 60);
	assert_int_equal(find(snap, 499)->window_count, 0);
	assert_int_equal(find(snap, 499)->count, 480);
	assert_int_equal(snap->window_by_class[CLASS_4XX], 0);
	snapshot_free(snap);
	stats_free(st);
}

static void test_lines_without_time(void **state)
{
	struct stats *st = new_live(0);
	struct snapshot *snap;

	(void)state;
	add(st, "200", false, 0, NULL);        /* no clock yet: totals only */
	stats_set_clock(st, T0);
	for (int k = 0; k < 10; k++)
		add(st, "200", false, 0, NULL);
	stats_set_clock(st, T0 + 1);
	for (int k = 0; k < 5; k++)
		add(st, "502", false, 0, NULL);
	snap = snap_window(st, 60);
	assert_int_equal(find(snap, 200)->count, 11);
	assert_int_equal(find(snap, 200)->window_count, 10);
	assert_int_equal(find(snap, 502)->window_count, 5);
	assert_false(snap->has_time);
	snapshot_free(snap);
	stats_free(st);
}

static void test_late_lines(void **state)
{
	struct stats *st = new_live(0);
	struct snapshot *snap;

	(void)state;
	add(st, "200", true, T0 + 5000, NULL);
	add(st, "404", true, T0 + 5000 - 899, NULL);   /* inside the ring */
	add(st, "404", true, T0 + 5000 - 900, NULL);   /* just outside */
	add(st, "404", true, T0, NULL);                 /* far behind */
	snap = snap_window(st, 900);
	assert_int_equal(find(snap, 404)->count, 3);
	assert_int_equal(find(snap, 404)->window_count, 1);
	assert_int_equal(snap->first, T0);
	assert_int_equal(snap->last, T0 + 5000);
	snapshot_free(snap);
	stats_free(st);
}

/* One line dated year 9999 in a live log must not empty the windows. */
static void test_future_date_ignored(void **state)
{
	struct stats *st = new_live(0);
	struct snapshot *snap;

	(void)state;
	stats_set_clock(st, T0);
	add(st, "200", true, T0 - 1, NULL);
	add(st, "200", true, T0, NULL);
	add(st, "400", true, 253402300799LL, NULL);
	add(st, "200", false, 0, NULL);
	snap = snap_window(st, 60);
	assert_int_equal(find(snap, 200)->window_count, 3);
	assert_int_equal(find(snap, 400)->window_count, 0);
	assert_int_equal(find(snap, 400)->count, 1);
	assert_int_equal(snap->last, 253402300799LL);   /* still the range */
	snapshot_free(snap);
	stats_free(st);
}

static void test_last_lines(void **state)
{
	struct stats *st = new_live(3);
	struct snapshot *snap;
	const struct snapshot_status *ss;
	char line[64], big[2000];

	(void)state;
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "line %d of 404", i);
		add(st, "404", true, T0 + i, line);
	}
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	add(st, "500", true, T0 + 6, big);
	add(st, "200", true, T0 + 7, NULL);
	snap = snap_window(st, 60);
	ss = find(snap, 404);
	assert_int_equal(ss->n_recent, 3);
	assert_string_equal(ss->recent[0].text, "line 5 of 404");   /* newest first */
	assert_string_equal(ss->recent[2].text, "line 3 of 404");
	assert_false(ss->recent[0].truncated);
	ss = find(snap, 500);
	assert_int_equal(ss->n_recent, 1);
	assert_true(ss->recent[0].truncated);
	assert_int_equal(ss->recent[0].len, sizeof ss->recent[0].text - 1);
	assert_int_equal(find(snap, 200)->n_recent, 0);
	snapshot_free(snap);
	stats_free(st);
}

static void test_merge_and_reset(void **state)
{
	struct stats *a = new_live(4), *b = new_live(4);
	struct snapshot *snap;

	(void)state;
	for (long long t = 0; t < 100; t++) {
		add(a, "200", true, T0 + t, "a");
		add(b, t % 2 ? "-" : "503", true, T0 + 50 + t, "b");
	}
	stats_merge(a, b);
	snap = snap_window(a, 60);           /* now = T0 + 149 */
	assert_int_equal(find(snap, 200)->window_count, 10);
	assert_int_equal(find(snap, 503)->window_count, 30);
	assert_int_equal(find(snap, -1)->window_count, 30);
	assert_int_equal(find(snap, -1)->n_recent, 4);
	assert_int_equal(find(snap, 200)->n_recent, 4);
	snapshot_free(snap);
	stats_reset(a);
	snap = snap_window(a, 60);
	assert_int_equal(snap->n_statuses, 0);
	assert_int_equal(snap->window_by_class[CLASS_2XX], 0);
	assert_int_equal(snap->n_buckets, 0);
	snapshot_free(snap);
	add(a, "200", true, T0 + 10, NULL);  /* older than before: fine now */
	snap = snap_window(a, 60);
	assert_int_equal(find(snap, 200)->window_count, 1);
	assert_int_equal(find(snap, 200)->n_recent, 0);
	snapshot_free(snap);
	stats_free(a);
	stats_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_uses_log_time),
		cmocka_unit_test(test_live_follows_clock),
		cmocka_unit_test(test_lines_without_time),
		cmocka_unit_test(test_late_lines),
		cmocka_unit_test(test_future_date_ignored),
		cmocka_unit_test(test_last_lines),
		cmocka_unit_test(test_merge_and_reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
