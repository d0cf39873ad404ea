/* test_time.c: time.c against independent answers: dates computed by
 * Python's datetime (the constants), timegm() on random dates, every range
 * rule of a valid date, and the per-parser CLF cache giving exactly the
 * uncached result on sequences built to trip it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "clf_fast.h"
#include "format_impl.h"
#include "statusmon/parse.h"

static int clf(const char *s, long long *out)
{
	return time_parse_clf(s, strlen(s), out);
}

static int iso(const char *s, long long *out)
{
	return time_parse_iso8601(s, strlen(s), out);
}

static void test_clf_known(void **state)
{
	long long t = 0;

	(void)state;
	assert_int_equal(clf("10/Oct/2000:13:55:36 -0700", &t), 0);
	assert_int_equal(t, 971211336LL);
	assert_int_equal(clf("29/Feb/2024:23:59:59 +1345", &t), 0);
	assert_int_equal(t, 1709201699LL);
	assert_int_equal(clf("17/May/2015:10:05:03 +0530", &t), 0);
	assert_int_equal(t, 1431837303LL);
	assert_int_equal(clf("01/Jan/0001:00:00:00 +0000", &t), 0);
	assert_int_equal(t, -62135596800LL);
	assert_int_equal(clf("31/Dec/9999:23:59:59 +0000", &t), 0);
	assert_int_equal(t, 253402300799LL);
	assert_int_equal(clf("01/Jan/1970:00:00:00 +0000", &t), 0);
	assert_int_equal(t, 0);
	/* a leap second is the next minute's :00 */
	assert_int_equal(clf("31/Dec/2016:23:59:60 +0000", &t), 0);
	assert_int_equal(t, 1483228800LL);
	assert_int_equal(clf("29/Feb/2000:00:00:00 +1400", &t), 0);
	assert_int_equal(clf("01/Mar/2000:00:00:00 -1400", &t), 0);
}

static void test_clf_rejects(void **state)
{
	static const char *const bad[] = {
		"10/oct/2000:13:55:36 -0700", "10/Okt/2000:13:55:36 -0700",
		"00/Oct/2000:13:55:36 -0700", "31/Apr/2000:13:55:36 -0700",
		"29/Feb/2023:13:55:36 +0000", "29/Feb/1900:13:55:36 +0000",
		"10/Oct/2000:24:00:00 +0000", "10/Oct/2000:13:60:36 +0000",
		"10/Oct/2000:13:55:61 +0000", "10/Oct/0000:13:55:36 +0000",
		"10/Oct/2000:13:55:36 +1401", "10/Oct/2000:13:55:36 -1500",
		"10/Oct/2000:13:55:36 +0060", "10/Oct/2000:13:55:36 0700",
		"10/Oct/2000:13:55:36 *0700", "10/Oct/2000:13:55:36",
		"10/Oct/2000:13:55:36 -07000", "1/Oct/2000:13:55:36 -0700",
		"10/Oct/2000 13:55:36 -0700", "10-Oct-2000:13:55:36 -0700",
		"1a/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:3x -0700",
		"10/Oct/2000:13:55:36 +07:0", "-", "", "99/Xyz/99999:99:99:99 +9999",
	};
	long long t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (clf(bad[i], &t) != -1)
			fail_msg("accepted: %s", bad[i]);
	}
	/* a NUL in the middle is a byte like any other: rejected, no overread */
	assert_int_equal(time_parse_clf("10/Oct/2000:13:55:36 -07\0000", 26, &t), -1);
}

/* random dates 1902..2100 (timegm's safe range here), random zones */
static void test_clf_vs_timegm(void **state)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char s[64];
	struct tm tm;
	long long t, want;
	int i, zone;

	(void)state;
	srand(42);
	for (i = 0; i < 100000; i++) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = 2 + rand() % 199;
		tm.tm_mon = rand() % 12;
		tm.tm_mday = 1 + rand() % 28;
		tm.tm_hour = rand() % 24;
		tm.tm_min = rand() % 60;
		tm.tm_sec = rand() % 60;
		zone = (rand() % (2 * 14 * 60 + 1)) - 14 * 60;
		snprintf(s, sizeof s, "%02d/%.3s/%04d:%02d:%02d:%02d %c%02d%02d", tm.tm_mday,
		         months + 3 * tm.tm_mon, tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		         tm.tm_sec, zone < 0 ? '-' : '+', abs(zone) / 60, abs(zone) % 60);
		want = (long long)timegm(&tm) - zone * 60LL;
		assert_int_equal(clf(s, &t), 0);
		if (t != want)
			fail_msg("%s: got %lld want %lld", s, t, want);
	}
}

/* the cache must never change an answer: same minute, other seconds,
 * invalid seconds after a valid minute, zone changes, garbage */
static void test_clf_cache(void **state)
{
	static const char *const base[] = {
		"10/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:59 -0700",
		"10/Oct/2000:13:55:60 -0700", "10/Oct/2000:13:55:61 -0700",
		"10/Oct/2000:13:55:6x -0700", "10/Oct/2000:13:55 36 -0700",
		"10/Oct/2000:13:55:36 +0000", "10/Oct/2000:13:56:00 -0700",
		"31/Feb/2000:13:55:36 -0700", "10/Oct/2000:13:55:36 -07001",
	};
	struct time_cache c = { 0 };
	char s[32];
	long long t1 = 0, t2 = 0;
	int i, r1, r2;
	size_t j, pos;

	(void)state;
	srand(7);
	for (i = 0; i < 200000; i++) {
		j = (size_t)rand() % (sizeof base / sizeof base[0]);
		memcpy(s, base[j], 27);
		if (rand() % 3 == 0) {   /* mutate one byte */
			pos = (size_t)rand() % 26;
			s[pos] = "0123456789:/ +-JanOct"[rand() % 21];
		}
		r1 = time_parse_clf(s, strlen(base[j]), &t1);
		r2 = time_parse_clf_cached(&c, s, strlen(base[j]), &t2);
		if (r1 != r2 || (r1 == 0 && t1 != t2))
			fail_msg("cache differs on %s: %d/%lld vs %d/%lld", s, r1, t1, r2, t2);
	}
}

static void test_iso8601(void **state)
{
	long long t = 0;

	(void)state;
	assert_int_equal(iso("2000-10-10T13:55:36Z", &t), 0);
	assert_int_equal(t, 971186136LL);
	assert_int_equal(iso("2000-10-10T13:55:36-07:00", &t), 0);
	assert_int_equal(t, 971211336LL);
	assert_int_equal(iso("2000-10-10T13:55:36-0700", &t), 0);
	assert_int_equal(t, 971211336LL);
	assert_int_equal(iso("2000-10-10T13:55:36-07", &t), 0);
	assert_int_equal(t, 971211336LL);
	assert_int_equal(iso("2000-10-10T13:55:36.999+00:00", &t), 0);
	assert_int_equal(t, 971186136LL);
	assert_int_equal(iso("2000-10-10 13:55:36,5", &t), 0);
	assert_int_equal(t, 971186136LL);
	assert_int_equal(iso("2000-10-10t13:55z", &t), 0);
	assert_int_equal(t, 971186100LL);
	assert_int_equal(iso("2000-10-10", &t), 0);
	assert_int_equal(t, 971136000LL);
	assert_int_equal(iso("2015-05-17T10:05:03+05:30", &t), 0);
	assert_int_equal(t, 1431837303LL);
}

static void test_iso8601_rejects(void **state)
{
	static const char *const bad[] = {
		"2000-13-10T13:55:36Z", "2000-02-30", "2000-10-10T25:00:00Z",
		"2000-10-10T13:55:36+15:00", "2000-10-10T13:55:36.Z",
		"2000-10-10T13:55:36ZZ", "2000-10-10X13:55:36Z", "2000-10-1",
		"0000-01-01", "20001010T135536Z", "2000-10-10T13", "2000-10-10T13:55:3",
		"2000-10-10T13:55:36+7", "2000-10-10T13:55:36 +07:00", "",
		"2000-10-10T13:55:36+07:60",
	};
	long long t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (iso(bad[i], &t) != -1)
			fail_msg("accepted: %s", bad[i]);
	}
}

static int layout(enum time_layout l, const char *s, long long *out)
{
	return time_parse_layout(l, s, strlen(s), out);
}

static void test_layouts(void **state)
{
	long long t = 0;

	(void)state;
	assert_int_equal(time_layout_parse("clf"), TIME_CLF);
	assert_int_equal(time_layout_parse("iso8601"), TIME_ISO8601);
	assert_int_equal(time_layout_parse("epoch"), TIME_EPOCH);
	assert_int_equal(time_layout_parse("epoch_ms"), TIME_EPOCH_MS);
	assert_int_equal(time_layout_parse("none"), TIME_NONE);
	assert_int_equal(time_layout_parse("rfc822"), -1);
	assert_int_equal(time_layout_parse(NULL), -1);

	assert_int_equal(layout(TIME_EPOCH, "1431857103", &t), 0);
	assert_int_equal(t, 1431857103LL);
	assert_int_equal(layout(TIME_EPOCH, "1646861401.5241024", &t), 0);
	assert_int_equal(t, 1646861401LL);
	assert_int_equal(layout(TIME_EPOCH_MS, "1431857103999", &t), 0);
	assert_int_equal(t, 1431857103LL);
	assert_int_equal(layout(TIME_EPOCH_MS, "1431857103123.75", &t), 0);
	assert_int_equal(t, 1431857103LL);
	assert_int_equal(layout(TIME_EPOCH, "253402300799", &t), 0);
	assert_int_equal(layout(TIME_CLF, "10/Oct/2000:13:55:36 -0700", &t), 0);
	assert_int_equal(t, 971211336LL);
	assert_int_equal(layout(TIME_ISO8601, "2000-10-10T13:55:36Z", &t), 0);
	assert_int_equal(t, 971186136LL);

	assert_int_equal(layout(TIME_EPOCH, "253402300800", &t), -1);
	assert_int_equal(layout(TIME_EPOCH, "9999999999999", &t), -1);
	assert_int_equal(layout(TIME_EPOCH, "-1", &t), -1);
	assert_int_equal(layout(TIME_EPOCH, "+1", &t), -1);
	assert_int_equal(layout(TIME_EPOCH, "1.", &t), -1);
	assert_int_equal(layout(TIME_EPOCH, "1e9", &t), -1);
	assert_int_equal(layout(TIME_EPOCH, "", &t), -1);
	assert_int_equal(layout(TIME_EPOCH, ".5", &t), -1);
	assert_int_equal(layout(TIME_EPOCH_MS, "1431857103123 ", &t), -1);
	assert_int_equal(layout(TIME_NONE, "1431857103", &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clf_known),
		cmocka_unit_test(test_clf_rejects),
		cmocka_unit_test(test_clf_vs_timegm),
		cmocka_unit_test(test_clf_cache),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_iso8601_rejects),
		cmocka_unit_test(test_layouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
