/* test_filter.c: every filter option, its errors, and the accept decision:
 * --since/--until (ISO 8601 forms, relative durations, [since, until)),
 * --status (codes, classes, kinds), --path (PCRE2, query string included,
 * a catastrophic regex bounded), --method, --vhost, list bounds, and the
 * number of lines a combined filter drops on a generated stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "filter_impl.h"   /* the limits the filter sets */
#include "statusmon/filter.h"
#include "statusmon/registry.h"

#define T0 1714557600LL   /* 2024-05-01T10:00:00Z */
#define DAY 86400LL

#include "registry_fixture.h"

struct line {
	struct record rec;
	const struct status_info *info;
};

static struct sv sv_of(const char *s)
{
	struct sv v = { s, s ? strlen(s) : 0 };

	return v;
}

static struct line make(const char *status, const char *method, const char *path,
                        const char *vhost, bool has_time, long long t)
{
	struct line l;

	memset(&l, 0, sizeof l);
	l.rec.field[FIELD_STATUS] = sv_of(status);
	l.rec.field[FIELD_METHOD] = sv_of(method);
	l.rec.field[FIELD_PATH] = sv_of(path);
	l.rec.field[FIELD_VHOST] = sv_of(vhost);
	l.rec.has_time = has_time;
	l.rec.time = t;
	l.info = registry_lookup(reg, status_code_parse(status, strlen(status)));
	return l;
}

static bool accepts(const struct filter *f, struct filter_scratch *s, struct line l)
{
	return filter_accept(f, s, &l.rec, l.info);
}

static bool at(const struct filter *f, long long t)
{
	return accepts(f, NULL, make("200", "GET", "/", NULL, true, t));
}

static void test_empty_accepts_all(void **state)
{
	struct filter *f = filter_new();

	(void)state;
	assert_true(filter_is_empty(f));
	assert_true(accepts(f, NULL, make("-", NULL, NULL, NULL, false, 0)));
	assert_true(accepts(f, NULL, make("404", "GET", "/x", "h", true, T0)));
	filter_free(f);
}

static void test_since_until_iso(void **state)
{
	struct filter *f = filter_new();
	struct error err;

	(void)state;
	assert_int_equal(filter_set_since(f, "2024-05-01", 0, &err), 0);
	assert_int_equal(filter_set_until(f, "2024-05-02", 0, &err), 0);
	assert_false(filter_is_empty(f));
	assert_true(at(f, T0 - 10 * 3600));            /* 00:00:00, inclusive */
	assert_false(at(f, T0 - 10 * 3600 - 1));
	assert_true(at(f, T0 + 14 * 3600 - 1));        /* 23:59:59 */
	assert_false(at(f, T0 + 14 * 3600));           /* next midnight: exclusive */
	assert_false(accepts(f, NULL, make("200", "GET", "/", NULL, false, T0)));
	assert_int_equal(filter_set_since(f, "2024-05-01T10:00:00+02:00", 0, &err), 0);
	assert_false(at(f, T0 - 2 * 3600 - 1));
	assert_true(at(f, T0 - 2 * 3600));
	assert_int_equal(filter_set_since(f, " 2024-05-01 10:00 ", 0, &err), 0);
	assert_false(at(f, T0 - 1));
	assert_true(at(f, T0));
	assert_int_equal(filter_set_since(f, "2024-05-01T10:00:30Z", 0, &err), 0);
	assert_false(at(f, T0 + 29));
	assert_true(at(f, T0 + 30));
	filter_free(f);
}

static void test_relative_times(void **state)
{
	struct filter *f = filter_new();
	long long now = T0 + 5 * DAY;
	struct error err;

	(void)state;
	assert_int_equal(filter_set_since(f, "2h", now, &err), 0);
	assert_true(at(f, now - 7200));
	assert_false(at(f, now - 7201));
	assert_int_equal(filter_set_since(f, "1w", now, &err), 0);
	assert_true(at(f, now - 7 * DAY));
	assert_false(at(f, now - 7 * DAY - 1));
	assert_int_equal(filter_set_since(f, "90", now, &err), 0);   /* seconds */
	assert_false(at(f, now - 91));
	assert_int_equal(filter_set_since(f, "1d", now, &err), 0);
	assert_int_equal(filter_set_until(f, "30m", now, &err), 0);
	assert_true(at(f, now - 1800 - 1));
	assert_false(at(f, now - 1800));
	filter_free(f);
}

static void test_time_errors(void **state)
{
	static const char *const bad[] = {
		"yesterday", "2024-13-01", "2024-02-30", "5y", "", "2h ago", "1h30m",
		"2024-05-01T25:00", "-5m",
	};
	struct filter *f = filter_new();
	struct error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err.msg[0] = '\0';
		assert_int_equal(filter_set_since(f, bad[i], T0, &err), -1);
		assert_non_null(strstr(err.msg, "--since"));
		assert_non_null(strstr(err.msg, bad[i]));
		assert_non_null(strstr(err.msg, "ISO 8601"));
		assert_non_null(strstr(err.msg, "7d"));
	}
	assert_int_equal(filter_set_until(f, "soon", T0, &err), -1);
	assert_non_null(strstr(err.msg, "--until: invalid time 'soon'"));
	assert_true(filter_is_empty(f));   /* failures change nothing */
	filter_free(f);
}

static void test_duration_parse(void **state)
{
	(void)state;
	assert_int_equal(duration_parse("90s"), 90);
	assert_int_equal(duration_parse("5m"), 300);
	assert_int_equal(duration_parse("2h"), 7200);
	assert_int_equal(duration_parse("7d"), 7 * DAY);
	assert_int_equal(duration_parse("1w"), 7 * DAY);
	assert_int_equal(duration_parse("45"), 45);
	assert_int_equal(duration_parse("0"), 0);
	assert_int_equal(duration_parse(""), -1);
	assert_int_equal(duration_parse("m"), -1);
	assert_int_equal(duration_parse("5x"), -1);
	assert_int_equal(duration_parse("5mm"), -1);
	assert_int_equal(duration_parse("-5"), -1);
	assert_int_equal(duration_parse("5M"), -1);
	assert_int_equal(duration_parse("99999999999999999999"), -1);
	assert_int_equal(duration_parse("999999999999999999w"), -1);
	assert_int_equal(duration_parse(NULL), -1);
}

static void test_status(void **state)
{
	struct filter *f = filter_new();
	struct error err;

	(void)state;
	assert_int_equal(filter_add_status(f, "404, 5XX", &err), 0);
	assert_true(accepts(f, NULL, make("404", "GET", "/", NULL, true, T0)));
	assert_true(accepts(f, NULL, make("503", "GET", "/", NULL, true, T0)));
	assert_true(accepts(f, NULL, make("520", "GET", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("403", "GET", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("-", "GET", "/", NULL, true, T0)));
	assert_int_equal(filter_add_status(f, "invalid,vendor", &err), 0);   /* adds */
	assert_true(accepts(f, NULL, make("-", "GET", "/", NULL, true, T0)));
	assert_true(accepts(f, NULL, make("000", "GET", "/", NULL, true, T0)));
	assert_true(accepts(f, NULL, make("999", "GET", "/", NULL, true, T0)));
	assert_true(accepts(f, NULL, make("499", "GET", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("200", "GET", "/", NULL, true, T0)));
	filter_free(f);
	f = filter_new();
	assert_int_equal(filter_add_status(f, "unassigned", &err), 0);
	assert_true(accepts(f, NULL, make("123", "GET", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("499", "GET", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("200", "GET", "/", NULL, true, T0)));
	filter_free(f);
	f = filter_new();
	assert_int_equal(filter_add_status(f, "registered,", &err), 0);
	assert_true(accepts(f, NULL, make("306", "GET", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("444", "GET", "/", NULL, true, T0)));
	filter_free(f);
}

static void test_status_errors(void **state)
{
	static const char *const bad[] = { "4xx,teapot", "40", "4044", "6xx", "+200" };
	struct filter *f = filter_new();
	struct error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(filter_add_status(f, bad[i], &err), -1);
		assert_non_null(strstr(err.msg, "--status: unknown item"));
	}
	assert_int_equal(filter_add_status(f, "4xx,teapot", &err), -1);
	assert_non_null(strstr(err.msg, "'teapot'"));
	assert_int_equal(filter_add_status(f, " , ", &err), -1);
	assert_non_null(strstr(err.msg, "empty"));
	assert_true(filter_is_empty(f));   /* "4xx" was not half-applied */
	filter_free(f);
}

static void test_path(void **state)
{
	struct filter *f = filter_new();
	struct filter_scratch *s;
	struct error err;

	(void)state;
	assert_int_equal(filter_set_path(f, "^/api/", &err), 0);
	s = filter_scratch_new(f);
	assert_non_null(s);
	assert_true(accepts(f, s, make("200", "GET", "/api/users?id=1", NULL, true, T0)));
	assert_false(accepts(f, s, make("200", "GET", "/static/api/x", NULL, true, T0)));
	assert_false(accepts(f, s, make("200", "GET", NULL, NULL, true, T0)));
	assert_int_equal(filter_set_path(f, "debug=1$", &err), 0);   /* query included */
	assert_true(accepts(f, s, make("200", "GET", "/x?debug=1", NULL, true, T0)));
	assert_int_equal(filter_set_path(f, "([a-z", &err), -1);
	assert_non_null(strstr(err.msg, "--path: invalid regex '([a-z' at offset"));
	assert_true(accepts(f, s, make("200", "GET", "/x?debug=1", NULL, true, T0)));
	assert_int_equal(filter_set_path(f, "", &err), 0);            /* clears */
	assert_true(filter_is_empty(f));
	filter_scratch_free(s);
	filter_free(f);
}

/* (a+)+$ against "aaaa...b" backtracks exponentially. The filter must give
 * up on such a line at its own limits, far below PCRE2's default of 10M
 * steps: shown without a clock (no timing in tests) by matching with the
 * filter's limits, which must end in a limit error, not a verdict, and by
 * the filter then counting the line as not matching. */
static void test_catastrophic_regex(void **state)
{
	struct filter *f = filter_new();
	struct filter_scratch *s;
	struct error err;
	char *path = malloc(30002);
	int code, rc;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)"(a+)+$", PCRE2_ZERO_TERMINATED, 0, &code,
	                              &off, NULL);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);

	(void)state;
	assert_non_null(path);
	assert_non_null(c);
	memset(path, 'a', 30000);
	path[30000] = 'b';
	path[30001] = '\0';
	assert_true(FILTER_MATCH_LIMIT * 10 <= 10000000);   /* a tenth of the default */
	pcre2_set_match_limit(mc, FILTER_MATCH_LIMIT);
	pcre2_set_depth_limit(mc, FILTER_DEPTH_LIMIT);
	pcre2_set_heap_limit(mc, FILTER_HEAP_LIMIT);
	rc = pcre2_match(c, (PCRE2_SPTR)path, 30001, 0, 0, md, mc);
	assert_true(rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	            rc == PCRE2_ERROR_HEAPLIMIT);
	assert_int_equal(filter_set_path(f, "(a+)+$", &err), 0);
	s = filter_scratch_new(f);
	assert_non_null(s);
	for (int i = 0; i < 10; i++) {
		bool a = accepts(f, s, make("200", "GET", path, NULL, true, T0));
		bool b = accepts(f, s, make("200", "GET", path + 29970, NULL, true, T0));

		assert_false(a || b);
	}
	assert_true(accepts(f, s, make("200", "GET", "/aaa", NULL, true, T0)));
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(c);
	filter_scratch_free(s);
	filter_free(f);
	free(path);
}

static void test_methods_and_vhosts(void **state)
{
	struct filter *f = filter_new();
	struct error err;

	(void)state;
	assert_int_equal(filter_add_methods(f, "get,Post", &err), 0);
	assert_true(accepts(f, NULL, make("200", "GET", "/", NULL, true, T0)));
	assert_true(accepts(f, NULL, make("200", "post", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("200", "GETX", "/", NULL, true, T0)));
	assert_false(accepts(f, NULL, make("400", NULL, "\x16\x03\x01", NULL, true, T0)));
	filter_free(f);
	f = filter_new();
	assert_int_equal(filter_add_vhosts(f, "Example.com", &err), 0);
	assert_int_equal(filter_add_vhosts(f, "api.example.net", &err), 0);
	assert_true(accepts(f, NULL, make("200", "GET", "/", "example.COM", true, T0)));
	assert_true(accepts(f, NULL, make("200", "GET", "/", "example.com:443", true, T0)));
	assert_true(accepts(f, NULL, make("200", "GET", "/", "api.example.net", true, T0)));
	assert_false(accepts(f, NULL, make("200", "GET", "/", "www.example.com", true, T0)));
	assert_false(accepts(f, NULL, make("200", "GET", "/", "example.com:x", true, T0)));
	assert_false(accepts(f, NULL, make("200", "GET", "/", NULL, true, T0)));
	filter_free(f);
}

static void test_list_bounds(void **state)
{
	struct filter *f = filter_new();
	struct error err;
	char list[64 * 8], big[400];

	(void)state;
	list[0] = '\0';
	for (int i = 0; i < 60; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "M%d,", i);
	assert_int_equal(filter_add_methods(f, list, &err), 0);
	assert_int_equal(filter_add_methods(f, "A,B,C,D", &err), 0);
	assert_int_equal(filter_add_methods(f, "E", &err), -1);
	assert_non_null(strstr(err.msg, "--method: too many items (at most 64"));
	memset(big, 'h', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(filter_add_vhosts(f, big, &err), -1);
	assert_non_null(strstr(err.msg, "--vhost: item longer than"));
	assert_int_equal(filter_add_vhosts(f, ",,", &err), -1);
	assert_non_null(strstr(err.msg, "--vhost: empty list"));
	filter_free(f);
}

/* A combined filter over a generated stream: the lines dropped are exactly
 * those an independent check of each condition drops. */
static void test_filtered_count(void **state)
{
	static const char *const st[] = { "200", "404", "499", "503", "-", "301" };
	static const char *const me[] = { "GET", "POST", "HEAD" };
	struct filter *f = filter_new();
	struct filter_scratch *s;
	struct error err;
	unsigned kept = 0, want = 0;
	char path[64];

	(void)state;
	assert_int_equal(filter_add_status(f, "4xx,5xx", &err), 0);
	assert_int_equal(filter_add_methods(f, "GET,HEAD", &err), 0);
	assert_int_equal(filter_set_path(f, "^/api/", &err), 0);
	assert_int_equal(filter_set_since(f, "2024-05-01T12:00:00Z", 0, &err), 0);
	s = filter_scratch_new(f);
	for (unsigned i = 0; i < 10000; i++) {
		const char *status = st[i % 6], *method = me[i % 7 % 3];
		bool api = i % 5 < 2, timed = i % 13 != 0;
		long long t = T0 + (long long)(i % 4) * 3600;

		snprintf(path, sizeof path, "%s/%u?q=%u", api ? "/api" : "/web", i % 17, i);
		kept += accepts(f, s, make(status, method, path, NULL, timed, t));
		want += (i % 6 >= 1 && i % 6 <= 3) && strcmp(method, "POST") != 0 && api &&
		        timed && t >= T0 + 2 * 3600;
	}
	assert_true(want > 100);
	assert_int_equal(kept, want);
	filter_scratch_free(s);
	filter_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_accepts_all),
		cmocka_unit_test(test_since_until_iso),
		cmocka_unit_test(test_relative_times),
		cmocka_unit_test(test_time_errors),
		cmocka_unit_test(test_duration_parse),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_status_errors),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_catastrophic_regex),
		cmocka_unit_test(test_methods_and_vhosts),
		cmocka_unit_test(test_list_bounds),
		cmocka_unit_test(test_filtered_count),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
