/* test_durations.c: durations read from every format that logs one, in
 * integer microseconds: nginx log_format ($request_time, summed
 * $upstream_response_time lists, "-"), Apache LogFormat (%D, %T, %{ms}T,
 * %{us}T), W3C time-taken (IIS ms, CloudFront seconds), JSON lines (nginx,
 * Caddy, Traefik), HAProxy's pattern (%Tr, %Ta), and the number reader
 * itself (units, lists, absent and hostile values). A format without a
 * duration leaves both masks 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "format_impl.h"
#include "regex_build.h"
#include "compiled_format.h"

#define REQ (1u << DUR_REQUEST)
#define UPS (1u << DUR_UPSTREAM)

static void expect_dur(const struct record *rec, enum record_duration d, long long us)
{
	assert_true(rec->logs_duration & (1u << d));
	if (us < 0) {
		assert_false(rec->has_duration & (1u << d));
		return;
	}
	assert_true(rec->has_duration & (1u << d));
	assert_int_equal(rec->duration_us[d], (uint64_t)us);
}

static long long read_group(enum record_dur_group g, const char *s)
{
	struct record rec;

	memset(&rec, 0, sizeof rec);
	record_duration_set(&rec, g, s, s ? strlen(s) : 0);
	assert_true(rec.logs_duration & (1u << record_dur_group_kind(g)));
	if (!(rec.has_duration & (1u << record_dur_group_kind(g))))
		return -1;
	return (long long)rec.duration_us[record_dur_group_kind(g)];
}

static void test_number_reader(void **state)
{
	(void)state;
	assert_int_equal(read_group(DG_REQUEST_TIME, "0.010"), 10000);
	assert_int_equal(read_group(DG_REQUEST_TIME, "1.5"), 1500000);
	assert_int_equal(read_group(DG_REQUEST_TIME, "60"), 60000000);
	assert_int_equal(read_group(DG_REQUEST_TIME, "0.0000019"), 1);   /* cut */
	assert_int_equal(read_group(DG_REQUEST_TIME, "000.000"), 0);
	assert_int_equal(read_group(DG_REQUEST_MS, "46"), 46000);
	assert_int_equal(read_group(DG_REQUEST_MS, "0.5"), 500);
	assert_int_equal(read_group(DG_REQUEST_US, "1234"), 1234);
	assert_int_equal(read_group(DG_REQUEST_NS, "1234567"), 1234);
	assert_int_equal(read_group(DG_UPSTREAM_NS, "999"), 0);
	/* nginx lists: every upstream tried, summed; "-" skipped */
	assert_int_equal(read_group(DG_UPSTREAM_TIME, "0.010, 0.020 : 0.030"), 60000);
	assert_int_equal(read_group(DG_UPSTREAM_TIME, "-, 0.004"), 4000);
	assert_int_equal(read_group(DG_UPSTREAM_TIME, "- : -"), -1);
	/* absent: "-", empty, signs, exponents, garbage, too large */
	assert_int_equal(read_group(DG_REQUEST_TIME, "-"), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME, ""), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME, NULL), -1);
	assert_int_equal(read_group(DG_REQUEST_MS, "-1"), -1);
	assert_int_equal(read_group(DG_REQUEST_MS, "+109"), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME, "1e-3"), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME, "0.1.2"), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME, "."), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME, "4398046.511104"), 4398046511104LL);
	assert_int_equal(read_group(DG_REQUEST_TIME, "4398046.511105"), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME, "99999999999999999999999"), -1);
	assert_int_equal(read_group(DG_REQUEST_US, "18446744073709551617"), -1);
	assert_int_equal(read_group(DG_REQUEST_TIME,
	                            "0.00000000000000000000000000000000000000001"), 0);
	assert_int_equal(record_dur_group_parse("upstream_ms", 11), DG_UPSTREAM_MS);
	assert_int_equal(record_dur_group_parse("upstream", 8), -1);
}

/* The one-number fast reader against the general one: a leading space
 * always sends a value to the general reader, and changes nothing else. */
static void test_fast_reader_agrees(void **state)
{
	static const char alphabet[] = "0123456789000999..-, :+e";
	char s[24], spaced[26];
	unsigned seed = 12345;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 22;

		for (int k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			s[k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
			if (i % 2)   /* half of them digits and at most a dot */
				s[k] = k == len / 2 && i % 4 == 1 ? '.' : (char)('0' + (seed >> 20) % 10);
		}
		s[len] = '\0';
		snprintf(spaced, sizeof spaced, " %s", s);
		for (int g = 0; g < DG_COUNT; g++)
			if (read_group((enum record_dur_group)g, s) !=
			    read_group((enum record_dur_group)g, spaced))
				fail_msg("group %d: \"%s\" and \"%s\" differ", g, s, spaced);
	}
}

/* record_duration_set_decimal (a parser that read the digits itself)
 * against record_duration_set on the same text, for every digits-and-one-
 * dot string up to RECORD_DECIMAL_FAST_MAX characters: the same value, or
 * absent from both (false from the former). */
static void test_decimal_setter_agrees(void **state)
{
	char s[RECORD_DECIMAL_FAST_MAX + 1];
	unsigned seed = 777;
	struct record_decimal no;

	(void)state;
	assert_false(record_decimal_read("", 0, &no));
	assert_false(record_decimal_read("1a", 2, &no));
	assert_false(record_decimal_read("1.2.3", 5, &no));
	assert_false(record_decimal_read("-1", 2, &no));
	assert_false(record_decimal_read("1234567890123456", 16, &no));   /* 16 > max */
	for (int i = 0; i < 200000; i++) {
		int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % RECORD_DECIMAL_FAST_MAX;
		int dot = (int)((seed >> 8) % (unsigned)(len + 3));   /* often none */
		uint64_t mant = 0;
		unsigned frac = 0;

		for (int k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			if (k == dot && len > 1) {
				s[k] = '.';
				continue;
			}
			s[k] = (char)('0' + (seed >> 16) % 10);
			if (k < 4 && i % 3 == 0)
				s[k] = '9';
			mant = mant * 10 + (uint64_t)(s[k] - '0');
			frac += dot < len && len > 1 && k > dot;
		}
		s[len] = '\0';
		{
			struct record_decimal d;

			assert_true(record_decimal_read(s, (size_t)len, &d));
			assert_true(d.mant == mant);
			assert_int_equal(d.frac, frac);
			assert_int_equal(d.dot, dot < len && len > 1);
			assert_int_equal(d.whole, d.dot ? (unsigned)dot : (unsigned)len);
		}
		for (int g = 0; g < DG_COUNT; g++) {
			struct record rec;
			long long got = -1;
			enum record_duration d = record_dur_group_kind((enum record_dur_group)g);

			memset(&rec, 0, sizeof rec);
			if (record_duration_set_decimal(&rec, (enum record_dur_group)g, mant, frac)) {
				assert_true(rec.logs_duration & (1u << d));
				assert_true(rec.has_duration & (1u << d));
				got = (long long)rec.duration_us[d];
			} else {
				assert_int_equal(rec.logs_duration, 0);
			}
			if (got != read_group((enum record_dur_group)g, s))
				fail_msg("group %d: \"%s\": %lld and %lld", g, s, got,
				         read_group((enum record_dur_group)g, s));
		}
	}
}

static void test_nginx(void **state)
{
	struct compiled c = compiled_new(nginx_format_to_regex, "n",
		"$remote_addr - $remote_user [$time_local] \"$request\" $status "
		"$body_bytes_sent \"$http_referer\" \"$http_user_agent\" "
		"rt=$request_time urt=\"$upstream_response_time\"");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "
	                 "\"GET / HTTP/1.1\" 200 5 \"-\" \"curl\" rt=0.062 "
	                 "urt=\"0.010, 0.020 : 0.030\"", &rec), PARSE_OK);
	expect_dur(&rec, DUR_REQUEST, 62000);
	expect_dur(&rec, DUR_UPSTREAM, 60000);
	assert_int_equal(parse(&c, "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "
	                 "\"GET / HTTP/1.1\" 404 5 \"-\" \"curl\" rt=0.000 urt=\"-\"",
	                 &rec), PARSE_OK);
	expect_dur(&rec, DUR_REQUEST, 0);
	expect_dur(&rec, DUR_UPSTREAM, -1);
	/* cut after the size: the durations were never written, absent */
	assert_int_equal(parse(&c, "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "
	                 "\"GET / HTTP/1.1\" 504 5", &rec), PARSE_OK);
	assert_true(rec.truncated);
	expect_dur(&rec, DUR_REQUEST, -1);
	release(&c);
}

static void test_apache(void **state)
{
	static const struct {
		const char *fmt, *value;
		long long us;
	} cases[] = {
		{ "%h %l %u %t \"%r\" %>s %b %D", "1234", 1234 },
		{ "%h %l %u %t \"%r\" %>s %b %T", "3", 3000000 },
		{ "%h %l %u %t \"%r\" %>s %b %{ms}T", "250", 250000 },
		{ "%h %l %u %t \"%r\" %>s %b %{us}T", "77", 77 },
		{ "%h %l %u %t \"%r\" %>s %b %{s}T", "2", 2000000 },
		{ "%h %l %u %t \"%r\" %>s %b %T/%D", "0/48213", 48213 },
	};
	char line[256];
	struct record rec;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct compiled c = compiled_new(logformat_to_regex, "a", cases[i].fmt);

		snprintf(line, sizeof line, "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "
		         "\"GET / HTTP/1.1\" 200 5 %s", cases[i].value);
		assert_int_equal(parse(&c, line, &rec), PARSE_OK);
		expect_dur(&rec, DUR_REQUEST, cases[i].us);
		assert_false(rec.logs_duration & UPS);
		release(&c);
	}
}

static void test_w3c(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;
	const char *iis = "2019-09-05 07:00:30 192.0.2.10 GET /default.htm - 80 - "
	                  "203.0.113.7 Mozilla/5.0 - 200 0 0 46";

	(void)state;
	assert_int_equal(w3c_parse(st, iis, strlen(iis), &rec), PARSE_OK);
	expect_dur(&rec, DUR_REQUEST, 46000);
	iis = "2019-09-05 07:00:30 192.0.2.10 GET /default.htm - 80 - "
	      "203.0.113.7 Mozilla/5.0 - 500 0 0 -";
	assert_int_equal(w3c_parse(st, iis, strlen(iis), &rec), PARSE_OK);
	expect_dur(&rec, DUR_REQUEST, -1);
	iis = "#Fields: date time sc-status time-taken";
	assert_int_equal(w3c_parse(st, iis, strlen(iis), &rec), PARSE_DIRECTIVE);
	iis = "2019-12-04 21:02:31 200 0.002";          /* CloudFront: seconds */
	assert_int_equal(w3c_parse(st, iis, strlen(iis), &rec), PARSE_OK);
	expect_dur(&rec, DUR_REQUEST, 2000);
	iis = "#Fields: date time sc-status";
	w3c_parse(st, iis, strlen(iis), &rec);
	iis = "2019-12-04 21:02:31 200";
	assert_int_equal(w3c_parse(st, iis, strlen(iis), &rec), PARSE_OK);
	assert_int_equal(rec.logs_duration, 0);
	w3c_state_free(st);
}

static void test_jsonl(void **state)
{
	static const struct {
		const char *line;
		enum record_duration d;
		long long us;
	} cases[] = {
		{ "{\"status\":200,\"request_time\":\"0.123\"}", DUR_REQUEST, 123000 },
		{ "{\"status\":200,\"request_time\":0.5}", DUR_REQUEST, 500000 },
		{ "{\"status\":502,\"upstream_response_time\":\"0.010, 0.020\"}", DUR_UPSTREAM, 30000 },
		{ "{\"status\":502,\"upstream_response_time\":\"-\"}", DUR_UPSTREAM, -1 },
		{ "{\"request\":{\"method\":\"GET\"},\"duration\":0.000612,\"status\":200}",
		  DUR_REQUEST, 612 },
		{ "{\"DownstreamStatus\":200,\"Duration\":1234567,\"OriginDuration\":1000000}",
		  DUR_REQUEST, 1234 },
		{ "{\"DownstreamStatus\":200,\"Duration\":1234567,\"OriginDuration\":1000000}",
		  DUR_UPSTREAM, 1000 },
		{ "{\"status\":200,\"duration\":null}", DUR_REQUEST, -1 },
		{ "{\"status\":200,\"duration\":1e-3}", DUR_REQUEST, -1 },
		{ "{\"status\":200,\"request_time\":\"0\\u002e5\"}", DUR_REQUEST, 500000 },
	};
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(jsonl_parse(st, cases[i].line, strlen(cases[i].line), &rec),
		                 PARSE_OK);
		expect_dur(&rec, cases[i].d, cases[i].us);
	}
	assert_int_equal(jsonl_parse(st, "{\"status\":200}", 14, &rec), PARSE_OK);
	assert_int_equal(rec.logs_duration, 0);
	jsonl_state_free(st);
}

static void test_haproxy(void **state)
{
	char path[512];
	struct error err = { "" };
	struct pattern *pat;
	struct pattern_matcher *m;
	struct record rec;
	const char *ok = "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 "
		"10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 \"GET /index.html HTTP/1.1\"";
	const char *aborted = "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 "
		"10/0/30/-1/+2109 503 0 - - sC-- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\"";

	(void)state;
	snprintf(path, sizeof path, "%s/patterns/haproxy.pattern", SM_SOURCE_DIR);
	pat = pattern_load_file(path, &err);
	assert_non_null(pat);
	m = pattern_matcher_new(pat);
	assert_int_equal(pattern_match(m, ok, strlen(ok), &rec), PARSE_OK);
	expect_dur(&rec, DUR_REQUEST, 109000);
	expect_dur(&rec, DUR_UPSTREAM, 69000);
	assert_int_equal(pattern_match(m, aborted, strlen(aborted), &rec), PARSE_OK);
	expect_dur(&rec, DUR_REQUEST, -1);
	expect_dur(&rec, DUR_UPSTREAM, -1);
	pattern_matcher_free(m);
	pattern_free(pat);
}

/* The CLF fast path logs no duration, and clears what a previous line's
 * parser left in a reused record. */
static void test_fast_path_clears(void **state)
{
	struct record rec;
	const char *line = "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5";

	(void)state;
	memset(&rec, 0xff, sizeof rec);
	assert_int_equal(clf_fast_parse(CLF_COMMON, line, strlen(line), &rec), PARSE_OK);
	assert_int_equal(rec.logs_duration, 0);
	assert_int_equal(rec.has_duration, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_reader),
		cmocka_unit_test(test_fast_reader_agrees),
		cmocka_unit_test(test_decimal_setter_agrees),
		cmocka_unit_test(test_nginx),
		cmocka_unit_test(test_apache),
		cmocka_unit_test(test_w3c),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_haproxy),
		cmocka_unit_test(test_fast_path_clears),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
