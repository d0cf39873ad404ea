/* test_w3c.c: W3C extended logs (w3c.c): IIS headers and data lines,
 * #Fields changing mid-file, the IIS default before any #Fields, "-" as
 * empty, column-count mismatches and the 64-column bound, UTC times, the
 * #Date fallback, CloudFront's tab-separated variant, garbage, the
 * sample file's counts, and a log cut into ranges whose parsers resume
 * from the carried #Fields/#Date (threaded counting, issue 18). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format_impl.h"
#include "parse/record_check.h"

#define IIS_FIELDS "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port " \
	"cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status " \
	"time-taken"
#define IIS_LINE "2019-09-05 07:00:30 192.0.2.10 GET /default.htm - 80 - 203.0.113.7 " \
	"Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)" \
	"+Chrome/76.0.3809.132+Safari/537.36 - 200 0 0 46"
#define IIS_FIELDS_2 "#Fields: date time s-sitename s-computername s-ip cs-method " \
	"cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) " \
	"cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes " \
	"cs-bytes time-taken"
#define IIS_LINE_2 "2019-09-05 07:05:00 W3SVC1 WEB01 192.0.2.10 POST /owa/auth.owa - 443 " \
	"CONTOSO\\alice 198.51.100.20 HTTP/1.1 Mozilla/5.0+(Windows+NT+10.0) - " \
	"https://mail.example.com/owa/ mail.example.com 440 0 0 1290 842 15"

static enum parse_result parse(struct w3c_state *st, const char *line, struct record *rec)
{
	return w3c_parse(st, line, strlen(line), rec);
}

static void test_iis_header_and_line(void **state)
{
	static const char *const header[] = {
		"#Software: Microsoft Internet Information Services 10.0",
		"#Version: 1.0",
		"#Date: 2019-09-05 07:00:30",
		IIS_FIELDS,
	};
	struct w3c_state *st = w3c_state_new();
	struct record rec;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(parse(st, header[i], &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, IIS_LINE, &rec), PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "203.0.113.7");
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/default.htm");
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_USER, NULL);         /* "-" */
	assert_field(&rec, FIELD_REFERER, NULL);
	assert_field(&rec, FIELD_AGENT, "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+"
	             "AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/76.0.3809.132+Safari/537.36");
	assert_field(&rec, FIELD_VHOST, NULL);
	assert_field(&rec, FIELD_TIME, "2019-09-05 07:00:30");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1567666830);
	w3c_state_free(st);
}

/* Before any #Fields: the IIS default column list. */
static void test_default_fields(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;

	(void)state;
	assert_int_equal(parse(st, IIS_LINE, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_CLIENT, "203.0.113.7");
	assert_int_equal(parse(st, IIS_LINE_2, &rec), PARSE_MALFORMED);
	w3c_state_free(st);
}

static void test_fields_change_mid_file(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;

	(void)state;
	assert_int_equal(parse(st, IIS_FIELDS, &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, IIS_LINE, &rec), PARSE_OK);
	assert_int_equal(parse(st, IIS_FIELDS_2, &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, IIS_LINE_2, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "440");
	assert_field(&rec, FIELD_USER, "CONTOSO\\alice");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/1.1");
	assert_field(&rec, FIELD_REFERER, "https://mail.example.com/owa/");
	assert_field(&rec, FIELD_VHOST, "mail.example.com");   /* cs-host over s-sitename */
	assert_field(&rec, FIELD_BYTES, "1290");
	assert_int_equal(rec.time, 1567667100);
	/* a line of the old layout no longer fits */
	assert_int_equal(parse(st, IIS_LINE, &rec), PARSE_MALFORMED);
	w3c_state_free(st);
}

static void test_sitename_and_dashes(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;

	(void)state;
	parse(st, "#Fields: date time s-sitename cs-method cs-uri sc-status c-ip", &rec);
	assert_int_equal(parse(st, "2019-09-05 07:00:30 W3SVC2 GET /a?b=1 - -", &rec), PARSE_OK);
	assert_field(&rec, FIELD_VHOST, "W3SVC2");
	assert_field(&rec, FIELD_PATH, "/a?b=1");      /* cs-uri when there is no stem */
	assert_field(&rec, FIELD_STATUS, "-");         /* kept: an invalid status */
	assert_field(&rec, FIELD_CLIENT, NULL);
	w3c_state_free(st);
}

static void test_count_mismatch_and_bounds(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;
	char fields[1024] = "#Fields:", line[1024] = "";
	int i;

	(void)state;
	parse(st, IIS_FIELDS, &rec);
	assert_int_equal(parse(st, "2019-09-05 07:00:30 192.0.2.10 GET /x - 80 - 203.0.113.7 "
	                           "- - 200 0 0", &rec), PARSE_MALFORMED);      /* 14 of 15 */
	assert_int_equal(parse(st, IIS_LINE " extra", &rec), PARSE_MALFORMED);
	/* 65 columns: more than the bound, every data line malformed */
	for (i = 0; i < 65; i++) {
		strcat(fields, i == 11 ? " sc-status" : " x-col");
		strcat(line, i ? " 1" : "1");
	}
	assert_int_equal(parse(st, fields, &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, line, &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, IIS_LINE, &rec), PARSE_MALFORMED);
	/* 64 is fine */
	fields[strlen(fields) - strlen(" x-col")] = '\0';
	line[strlen(line) - 2] = '\0';
	assert_int_equal(parse(st, fields, &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, line, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "1");
	/* an empty #Fields: nothing parses until the next one */
	assert_int_equal(parse(st, "#Fields:", &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, "200", &rec), PARSE_MALFORMED);
	w3c_state_free(st);
}

static void test_times(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;

	(void)state;
	parse(st, "#Fields: date time c-ip sc-status", &rec);
	assert_int_equal(parse(st, "2019-09-05 07:00:30.125 192.0.2.1 200", &rec), PARSE_OK);
	assert_int_equal(rec.time, 1567666830);
	assert_int_equal(parse(st, "2019-02-31 07:00:30 192.0.2.1 200", &rec), PARSE_OK);
	assert_false(rec.has_time);                    /* kept, time unusable */
	assert_int_equal(parse(st, "yesterday noon 192.0.2.1 200", &rec), PARSE_OK);
	assert_false(rec.has_time);
	/* only a time column: the date comes from #Date */
	parse(st, "#Date: 2019-09-05 00:00:00", &rec);
	parse(st, "#Fields: time c-ip sc-status", &rec);
	assert_int_equal(parse(st, "07:00:30 192.0.2.1 404", &rec), PARSE_OK);
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1567666830);
	assert_field(&rec, FIELD_TIME, "07:00:30");
	w3c_state_free(st);
}

/* The day cache against time_parse_iso8601 on the whole date and time:
 * random days (some invalid: Feb 30, month 13), clocks valid and not
 * (24:00:00, 23:60:00, 23:59:60, fractions, odd lengths), in runs that hit
 * and miss the cached day. */
static void test_time_day_cache(void **state)
{
	static const char *const clocks[] = {
		"00:00:00", "23:59:59", "12:34:56", "24:00:00", "23:60:00", "23:59:60",
		"07:00:30.125", "7:00:30", "07:00", "07:0a:30", "07-00-30", "99:99:99",
	};
	struct w3c_state *st = w3c_state_new();
	struct record rec;
	unsigned seed = 7;
	char line[80], iso[40];
	long long want;

	(void)state;
	parse(st, "#Fields: date time sc-status", &rec);
	for (int i = 0; i < 20000; i++) {
		int y, m, d;
		const char *clock;

		seed = seed * 1103515245u + 12345u;
		if (i % 5 == 0 || i == 0) {   /* a new day now and then */
			y = 1999 + (int)(seed >> 8) % 30;
			m = 1 + (int)(seed >> 13) % 13;
			d = 1 + (int)(seed >> 17) % 31;
			snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
		}
		clock = clocks[(seed >> 21) % (sizeof clocks / sizeof clocks[0])];
		snprintf(line, sizeof line, "%.10s %s 200", iso, clock);
		assert_int_equal(parse(st, line, &rec), PARSE_OK);
		snprintf(line, sizeof line, "%.10sT%sZ", iso, clock);
		if (time_parse_iso8601(line, strlen(line), &want) == 0) {
			assert_true(rec.has_time);
			assert_int_equal(rec.time, want);
		} else {
			assert_false(rec.has_time);
		}
	}
	w3c_state_free(st);
}

/* CloudFront standard logs: W3C fields, tab-separated. */
static void test_cloudfront(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;

	(void)state;
	assert_int_equal(parse(st, "#Version: 1.0", &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, "#Fields: date time x-edge-location sc-bytes c-ip cs-method "
	    "cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) "
	    "x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken "
	    "x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type "
	    "cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte "
	    "x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start "
	    "sc-range-end", &rec), PARSE_DIRECTIVE);
	assert_int_equal(parse(st, "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\t"
	    "d111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%20(Windows%20NT"
	    "%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36\t-\t-\tHit\t"
	    "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\twww.example.com\thttps\t"
	    "23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t"
	    "0.001\tHit\ttext/html\t78\t-\t-", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_VHOST, "www.example.com");  /* x-host-header wins */
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/2.0");
	assert_field(&rec, FIELD_BYTES, "392");
	assert_field(&rec, FIELD_CLIENT, "192.0.2.100");
	assert_field(&rec, FIELD_TIME, "2019-12-04\t21:02:31");
	assert_int_equal(rec.time, 1575493351);
	w3c_state_free(st);
}

static void test_garbage(void **state)
{
	struct w3c_state *st = w3c_state_new();
	struct record rec;
	static const char nul_line[] = "2019-09-05 07:00:30 192.0.2.10 GET /a\0b - 80 - "
	                               "203.0.113.7 - - 200 0 0 46";

	(void)state;
	assert_int_equal(parse(st, "", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "   \t ", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc", &rec), PARSE_MALFORMED);
	assert_int_equal(w3c_parse(st, NULL, 0, &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "#", &rec), PARSE_DIRECTIVE);
	/* CRLF: the CR is not part of the last column */
	assert_int_equal(parse(st, IIS_LINE "\r", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_int_equal(rec.field[FIELD_STATUS].p[3], ' ');
	assert_int_equal(w3c_parse(st, nul_line, sizeof nul_line - 1, &rec), PARSE_OK);
	assert_int_equal(rec.field[FIELD_PATH].n, 4);
	w3c_state_free(st);
}

/* samples/iis.log, line by line: directives, then data lines whose
 * columns follow whichever #Fields came last. */
static void test_sample_file(void **state)
{
	struct w3c_state *st = w3c_state_new();
	size_t counts[3] = { 0, 0, 0 }, cap = 0, n440 = 0;
	char *line = NULL;
	struct record rec;
	enum parse_result r;
	ssize_t n;
	FILE *f = fopen(SM_SOURCE_DIR "/samples/iis.log", "rb");

	(void)state;
	assert_non_null(f);
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		r = w3c_parse(st, line, (size_t)n, &rec);
		counts[r]++;
		if (r == PARSE_OK) {
			assert_true(rec.has_time);
			n440 += rec.field[FIELD_STATUS].n == 3 &&
			        memcmp(rec.field[FIELD_STATUS].p, "440", 3) == 0;
		}
	}
	free(line);
	fclose(f);
	assert_int_equal(counts[PARSE_DIRECTIVE], 8);
	assert_int_equal(counts[PARSE_MALFORMED], 1);    /* the cut line */
	/* as tests/tools/count_statuses.py w3c counts them */
	assert_int_equal(counts[PARSE_OK], 125);
	assert_int_equal(n440, 2);
	w3c_state_free(st);
}

/* A log whose state changes every few lines: cut into two ranges at every
 * line (and into three at every pair), the second range's parser resumed
 * from the first's carry gives each line the one-pass verdict, status and
 * time. */
static const char *const carry_log[] = {
	IIS_LINE,                                  /* IIS default columns   */
	"2019-09-05 07:00:31 only three columns",  /* malformed             */
	"#Software: Microsoft Internet Information Services 10.0",
	"#Date: 2019-09-06 00:00:00\r",
	"#Fields: time cs-uri-stem sc-status",
	"07:00:01 /a 200",                         /* date from #Date       */
	"07:00:02 /b 404\r",
	"#Remark: nothing that changes the state",
	"07:00:03 /c 500",
	IIS_FIELDS_2,
	IIS_LINE_2,
	"07:00:04 /d 200",                         /* malformed now          */
	"#Date: short",                            /* clears the date        */
	"#fields: time sc-status",                 /* any case               */
	"07:00:05 301",                            /* no time: no date       */
	"#Date: 2019-09-07 12:00:00",
	"07:00:06 302",
	"#Fields:",                                /* no columns at all      */
	"07:00:07 303",
};
#define CARRY_N (sizeof carry_log / sizeof carry_log[0])

struct carry_expect {
	enum parse_result r;
	char status[8];
	bool has_time;
	long long time;
};

static void carry_expect_of(enum parse_result r, const struct record *rec,
                            struct carry_expect *e)
{
	size_t n = rec->field[FIELD_STATUS].n < 7 ? rec->field[FIELD_STATUS].n : 7;

	memset(e, 0, sizeof *e);
	e->r = r;
	if (n)
		memcpy(e->status, rec->field[FIELD_STATUS].p, n);
	e->has_time = rec->has_time;
	e->time = rec->has_time ? rec->time : 0;
}

/* Lines [cut[k], cut[k+1]) are range k, parsed from the chained carries. */
static void carry_check_cuts(const struct carry_expect *one, const size_t *cut, int n)
{
	struct w3c_carry *own[3];
	struct w3c_state *st = w3c_state_new();
	struct carry_expect got;
	struct record rec;
	size_t i;
	int k;

	for (k = 0; k < n; k++) {
		own[k] = w3c_carry_new();
		for (i = cut[k]; i < cut[k + 1]; i++)
			w3c_carry_line(own[k], carry_log[i], strlen(carry_log[i]));
	}
	for (k = 0; k < n; k++) {
		if (k > 1)
			w3c_carry_chain(own[k - 1], own[k - 2]);
		w3c_state_resume(st, k ? own[k - 1] : NULL);
		for (i = cut[k]; i < cut[k + 1]; i++) {
			carry_expect_of(parse(st, carry_log[i], &rec), &rec, &got);
			assert_int_equal(got.r, one[i].r);
			assert_string_equal(got.status, one[i].status);
			assert_int_equal(got.has_time, one[i].has_time);
			assert_true(got.time == one[i].time);
		}
	}
	for (k = 0; k < n; k++)
		w3c_carry_free(own[k]);
	w3c_state_free(st);
}

static void test_carry_across_cuts(void **state)
{
	struct carry_expect one[CARRY_N];
	struct w3c_state *st = w3c_state_new();
	struct record rec;
	size_t i, j, cut[4];

	(void)state;
	for (i = 0; i < CARRY_N; i++)
		carry_expect_of(parse(st, carry_log[i], &rec), &rec, &one[i]);
	w3c_state_free(st);
	/* the one pass itself, counted by hand from the rules */
	assert_int_equal(one[0].r, PARSE_OK);
	assert_int_equal(one[1].r, PARSE_MALFORMED);
	assert_string_equal(one[5].status, "200");
	assert_true(one[5].has_time && one[5].time == 1567753201);   /* 2019-09-06 07:00:01Z */
	assert_int_equal(one[10].r, PARSE_OK);
	assert_int_equal(one[11].r, PARSE_MALFORMED);
	assert_true(one[14].r == PARSE_OK && !one[14].has_time);
	assert_true(one[16].has_time && one[16].time == 1567839606); /* 2019-09-07 07:00:06Z */
	assert_int_equal(one[18].r, PARSE_MALFORMED);
	for (i = 0; i <= CARRY_N; i++) {
		cut[0] = 0, cut[1] = i, cut[2] = CARRY_N;
		carry_check_cuts(one, cut, 2);
		for (j = i; j <= CARRY_N; j++) {
			cut[0] = 0, cut[1] = i, cut[2] = j, cut[3] = CARRY_N;
			carry_check_cuts(one, cut, 3);
		}
	}
}

/* A carry is a fixed size whatever the input: a #Fields: line of more than
 * W3C_FIELDS_MAX columns carries "no columns", as in one pass. */
static void test_carry_bounds(void **state)
{
	char fields[4096] = "#Fields:";
	struct w3c_carry *c = w3c_carry_new(), *none = w3c_carry_new();
	struct w3c_state *st = w3c_state_new();
	struct record rec;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		strcat(fields, " sc-status");
	w3c_carry_line(c, fields, strlen(fields));
	w3c_carry_chain(none, c);          /* a range without directives */
	w3c_state_resume(st, none);
	assert_int_equal(parse(st, "200", &rec), PARSE_MALFORMED);
	w3c_state_resume(st, NULL);        /* back to the IIS default */
	assert_int_equal(parse(st, IIS_LINE, &rec), PARSE_OK);
	w3c_carry_free(c);
	w3c_carry_free(none);
	w3c_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iis_header_and_line),
		cmocka_unit_test(test_default_fields),
		cmocka_unit_test(test_fields_change_mid_file),
		cmocka_unit_test(test_sitename_and_dashes),
		cmocka_unit_test(test_count_mismatch_and_bounds),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_time_day_cache),
		cmocka_unit_test(test_cloudfront),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_sample_file),
		cmocka_unit_test(test_carry_across_cuts),
		cmocka_unit_test(test_carry_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
