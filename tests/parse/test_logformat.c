/* test_logformat.c: Apache LogFormat -> regex (logformat.c,
 * logformat_time.c). The compiled combined / common / vhost_combined
 * formats give exactly the records of the pattern files on every line of
 * the samples (hostile ones too); the directive table, modifiers, %{}t
 * forms, quoting and the error messages for what is not supported. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format_impl.h"
#include "parse/compiled_format.h"
#include "parse/record_check.h"

static struct compiled compile(const char *fmt)
{
	return compiled_new(logformat_to_regex, "logformat", fmt);
}

/* The error message for fmt, which must not compile. */
static const char *fails(const char *fmt)
{
	return compiled_fails(logformat_to_regex, fmt);
}

/* Every line of sample file: the pattern file and the compiled LogFormat
 * agree on the result and on every field (same bytes, same offsets). */
static void compare_on_file(const char *pattern, const char *fmt, const char *sample)
{
	char path[512], *line = NULL;
	struct error err = { "" };
	struct pattern *pat;
	struct pattern_matcher *pm;
	struct compiled c = compile(fmt);
	struct record a, b;
	size_t cap = 0, lines = 0, parsed = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/patterns/%s.pattern", SM_SOURCE_DIR, pattern);
	pat = pattern_load_file(path, &err);
	assert_non_null(pat);
	pm = pattern_matcher_new(pat);
	snprintf(path, sizeof path, "%s/samples/%s", SM_SOURCE_DIR, sample);
	f = fopen(path, "rb");
	assert_non_null(f);
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		lines++;
		assert_int_equal(pattern_match(pm, line, (size_t)n, &a),
		                 pattern_match(c.m, line, (size_t)n, &b));
		assert_same_record(&a, &b, line);
		parsed += a.field[FIELD_STATUS].p != NULL;
	}
	free(line);
	fclose(f);
	assert_true(lines > 20 && parsed > lines / 2);
	pattern_matcher_free(pm);
	pattern_free(pat);
	release(&c);
}

static void test_combined_equals_pattern(void **state)
{
	(void)state;
	compare_on_file("combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"",
	                "combined.log");
	compare_on_file("combined", "%h %l %u %t \\\"%r\\\" %>s %b \\\"%{Referer}i\\\" "
	                "\\\"%{User-Agent}i\\\"", "combined.log");
	compare_on_file("combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"",
	                "hostile.log");
}

static void test_common_and_vhost_equal_patterns(void **state)
{
	(void)state;
	compare_on_file("common", "%h %l %u %t \"%r\" %>s %b", "common.log");
	compare_on_file("vhost_combined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" "
	                "\"%{User-Agent}i\"", "vhost_combined.log");
}

static void test_combined_fields(void **state)
{
	struct compiled c = compile("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET "
	    "/apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" "
	    "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "127.0.0.1");
	assert_field(&rec, FIELD_USER, "frank");
	assert_field(&rec, FIELD_PATH, "/apache_pb.gif");
	assert_field(&rec, FIELD_REFERER, "http://www.example.com/start.html");
	assert_field(&rec, FIELD_AGENT, "Mozilla/4.08 [en] (Win98; I ;Nav)");
	assert_int_equal(rec.time, 971211336);
	/* Apache's \" inside the request and the agent */
	assert_int_equal(parse(&c, "192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] \"GET /a\\\"b "
	    "HTTP/1.1\" 404 9 \"-\" \"x \\\"quoted\\\" y\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_PATH, "/a\\\"b");
	assert_field(&rec, FIELD_AGENT, "x \\\"quoted\\\" y");
	/* a request of "-" (408) and a TLS handshake logged as 400 */
	assert_int_equal(parse(&c, "192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] \"-\" 408 - "
	    "\"-\" \"-\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "408");
	assert_field(&rec, FIELD_PATH, "-");
	assert_int_equal(parse(&c, "192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "
	    "\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03\" 400 226 \"-\" \"-\"", &rec),
	    PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "400");
	assert_field(&rec, FIELD_METHOD, NULL);
	/* garbage, unbalanced quote; referer and agent missing: cut short */
	assert_int_equal(parse(&c, "\x16\x03\x01garbage", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(&c, "192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" "
	    "200 5", &rec), PARSE_OK);
	assert_true(rec.truncated);
	assert_int_equal(parse(&c, "192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1 "
	    "200 5 \"-\" \"-\"", &rec), PARSE_MALFORMED);
	release(&c);
}

/* Every prefix of line: the pattern file and the compiled format agree
 * (result, fields, truncated); returns how many prefixes were cut lines. */
static size_t compare_prefixes(struct pattern_matcher *pm, struct compiled *c,
                               const char *line)
{
	struct record a, b;
	size_t n, len = strlen(line), cut = 0;
	enum parse_result ra, rb;

	for (n = 0; n <= len; n++) {
		ra = pattern_match(pm, line, n, &a);
		rb = pattern_match(c->m, line, n, &b);
		if (ra != rb)
			fail_msg("pattern %d, LogFormat %d on: %.*s", ra, rb, (int)n, line);
		if (ra == PARSE_OK)
			assert_same_record(&a, &b, line);
		cut += ra == PARSE_OK && a.truncated;
	}
	return cut;
}

/* A combined line whose user agent lost its closing quote (a writer cut
 * off): the LogFormat counts it, as combined.pattern does; a line cut
 * before the size does not parse. */
static void test_truncated_tail(void **state)
{
	static const char line[] = "192.0.2.44 - - [10/Oct/2024:13:55:36 +0000] "
		"\"GET /a HTTP/1.1\" 200 512 \"http://ref\" \"Mozilla/5.0 (X11";
	static const char full[] = "192.0.2.44 - - [10/Oct/2024:13:55:36 +0000] "
		"\"GET /a HTTP/1.1\" 200 512 \"http://ref/\\\"q\\\"\" \"curl/8.5.0\" 0.004";
	struct compiled c = compile("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"");
	struct error err = { "" };
	struct pattern *pat = pattern_load_file(SM_SOURCE_DIR "/patterns/combined.pattern", &err);
	struct pattern_matcher *pm;
	struct record rec;
	size_t size_end;

	(void)state;
	assert_non_null(pat);
	pm = pattern_matcher_new(pat);
	assert_int_equal(parse(&c, line, &rec), PARSE_OK);
	assert_true(rec.truncated);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_BYTES, "512");
	assert_field(&rec, FIELD_REFERER, "http://ref");
	assert_field(&rec, FIELD_AGENT, "Mozilla/5.0 (X11");
	assert_int_equal(parse(&c, full, &rec), PARSE_OK);
	assert_false(rec.truncated);
	/* the prefixes from "200 5" (a size cut inside looks whole) to the
	 * agent's closing quote (excluded) are cut lines, none before */
	size_end = (size_t)(strstr(line, " 512") - line) + 2;
	assert_int_equal(compare_prefixes(pm, &c, line), strlen(line) - size_end + 1);
	assert_int_equal(compare_prefixes(pm, &c, full),
	                 (size_t)(strstr(full, "curl/8.5.0\"") - full) + 10 - size_end + 1);
	assert_int_equal(parse(&c, "192.0.2.44 - - [10/Oct/2024:13:55:36 +0000] \"GET /a HTTP/1.1\" 200",
	                       &rec), PARSE_MALFORMED);
	assert_int_equal(parse(&c, "192.0.2.44 - - [10/Oct/2024:13:55:36 +0000] \"GET /a HTTP/1.1\" "
	                       "200 512 \"http://ref\" \"Mozilla \"evil", &rec), PARSE_MALFORMED);
	pattern_matcher_free(pm);
	pattern_free(pat);
	release(&c);
}

/* After the size: later directives may be missing, literal text between
 * them cut; a status last leaves nothing to cut. */
static void test_truncated_other_formats(void **state)
{
	struct compiled c = compile("%h %t \"%r\" %>s %b rt=%D \"%{User-Agent}i\"");
	struct compiled last = compile("%h %t \"%r\" %b %>s");
	struct record rec;
	static const char head[] = "192.0.2.44 [10/Oct/2024:13:55:36 +0000] \"GET / HTTP/1.1\" ";
	static const struct {
		const char *tail;
		enum parse_result want;
		bool truncated;
	} cases[] = {
		{ "200 512 rt=1234 \"curl/8.5.0\"", PARSE_OK, false },
		{ "200 512 rt=1234 \"curl/8", PARSE_OK, true },
		{ "200 512 rt=1234 ", PARSE_OK, true },
		{ "200 512 rt=1234", PARSE_OK, true },
		{ "200 512 rt=", PARSE_OK, true },
		{ "200 512 rt", PARSE_OK, true },
		{ "200 512", PARSE_OK, true },
		{ "200 512 xx", PARSE_MALFORMED, false },
		{ "200 512 rt=12x", PARSE_MALFORMED, false },
		{ "200", PARSE_MALFORMED, false },
	};
	char buf[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", head, cases[i].tail);
		if (parse(&c, buf, &rec) != cases[i].want || rec.truncated != cases[i].truncated)
			fail_msg("want %d (truncated %d) on: %s", cases[i].want, cases[i].truncated, buf);
	}
	assert_int_equal(parse(&last, "192.0.2.44 [10/Oct/2024:13:55:36 +0000] \"GET / HTTP/1.1\" "
	                       "512 200", &rec), PARSE_OK);
	assert_false(rec.truncated);
	assert_int_equal(parse(&last, "192.0.2.44 [10/Oct/2024:13:55:36 +0000] \"GET / HTTP/1.1\" "
	                       "512", &rec), PARSE_MALFORMED);
	release(&c);
	release(&last);
}

static void test_many_directives(void **state)
{
	static const char fmt[] =
		"%a %A %{c}a %{c}h %V %p %{remote}p %P %{tid}P %D %T %{ms}T %I %O %S %k %L "
		"%X %R %f %m %U%q %H %>s %<s %B %{X-Forwarded-For}i %{Set-Cookie}o "
		"%{mod_note}n %{HOME}e %{session}C %{Foo}^ti %{Bar}^to %{SSL_PROTOCOL}x 100%%";
	static const char line[] =
		"203.0.113.5 10.0.0.2 198.51.100.1 198.51.100.1 www.example.org 443 51234 1234 "
		"140211 1520 0 1 512 3120 3632 2 YXt3Kk8AAQEAAB2s@eEAAAAA + php-fpm "
		"/var/www/index.php POST /login?next=%2F HTTP/2.0 302 200 3120 198.51.100.1 "
		"sid=abc - /root abc - - TLSv1.3 100%";
	struct compiled c = compile(fmt);
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, line, &rec), PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "203.0.113.5");
	assert_field(&rec, FIELD_VHOST, "www.example.org");
	assert_field(&rec, FIELD_METHOD, "POST");
	assert_field(&rec, FIELD_PATH, "/login");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/2.0");
	assert_field(&rec, FIELD_STATUS, "302");       /* the first status directive */
	assert_field(&rec, FIELD_BYTES, "3120");       /* %O before %B */
	assert_field(&rec, FIELD_TIME, NULL);
	release(&c);
}

static void test_modifiers(void **state)
{
	struct compiled c = compile("%h %>s %!200,304,302{Referer}i %400,501{User-agent}i "
	                            "%!200T %<s");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "192.0.2.1 200 - - - 200", &rec), PARSE_OK);
	assert_field(&rec, FIELD_REFERER, "-");
	assert_int_equal(parse(&c, "192.0.2.1 404 http://example.com/ - 3 302", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "404");
	assert_field(&rec, FIELD_REFERER, "http://example.com/");
	release(&c);
}

static void test_time_forms(void **state)
{
	static const char *const clf[] = {
		"%h [%{%d/%b/%Y:%H:%M:%S %z}t] %>s",
		"%h [%{begin:%d/%b/%Y:%H:%M:%S %z}t] %>s",
		"%h [%{end:%d/%b/%Y:%T %z}t] %>s",
		"%h %t %>s",
	};
	struct compiled c;
	struct record rec;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof clf / sizeof clf[0]; i++) {
		c = compile(clf[i]);
		assert_int_equal(parse(&c, "192.0.2.1 [10/Oct/2000:13:55:36 -0700] 200", &rec),
		                 PARSE_OK);
		assert_true(rec.has_time);
		assert_int_equal(rec.time, 971211336);
		release(&c);
	}
	c = compile("%{%Y-%m-%dT%H:%M:%S%z}t %{sec}t %>s");
	assert_int_equal(parse(&c, "2000-10-10T13:55:36-0700 971211336 200", &rec), PARSE_OK);
	assert_int_equal(rec.time, 971211336);
	assert_field(&rec, FIELD_TIME, "2000-10-10T13:55:36-0700");
	release(&c);
	c = compile("%{msec}t %>s");
	assert_int_equal(parse(&c, "971211336123 200", &rec), PARSE_OK);
	assert_int_equal(rec.time, 971211336);
	release(&c);
	c = compile("%{usec}t %>s");
	assert_int_equal(parse(&c, "971211336123456 200", &rec), PARSE_OK);
	assert_field(&rec, FIELD_TIME, "971211336");
	assert_int_equal(rec.time, 971211336);
	release(&c);
	/* Apache's documented split form: matched, no time kept */
	c = compile("[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] %>s");
	assert_int_equal(parse(&c, "[10/Oct/2000 13:55:36.123 -0700] 200", &rec), PARSE_OK);
	assert_false(rec.has_time);
	assert_field(&rec, FIELD_STATUS, "200");
	release(&c);
}

static void test_quoting_and_literals(void **state)
{
	struct compiled c = compile("(%h) [%>s] \"%m %U%q %H\" {%b}+ $^.|?*");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "(192.0.2.1) [200] \"GET /x\\\"y?a=1 HTTP/1.1\" {5}+ $^.|?*",
	                       &rec), PARSE_OK);
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/x\\\"y");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/1.1");
	assert_field(&rec, FIELD_BYTES, "5");
	assert_int_equal(parse(&c, "(192.0.2.1) [200] \"GET /x HTTP/1.1\" {5}+ $^.|?!", &rec),
	                 PARSE_MALFORMED);
	release(&c);
	/* tab-separated, with \t written as in httpd.conf */
	c = compile("%h\\t%>s\\t%b");
	assert_int_equal(parse(&c, "192.0.2.1\t503\t0", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "503");
	release(&c);
}

static void test_errors(void **state)
{
	(void)state;
	assert_string_equal(fails("%h %l %u %Z \"%r\" %>s"),
	                    "unsupported LogFormat directive %Z at offset 9");
	assert_string_equal(fails("%h %>s %{foo}Z"),
	                    "unsupported LogFormat directive %{foo}Z at offset 7");
	assert_string_equal(fails("%h %>s %{fortnights}T"),
	                    "unsupported argument in LogFormat directive %{fortnights}T at offset 7");
	assert_string_equal(fails("%h %>s %{%c}t"),
	                    "unsupported strftime conversion %c in LogFormat %{...}t at offset 7");
	assert_string_equal(fails("%>s %{Referer"), "unterminated %{ in LogFormat at offset 4");
	assert_string_equal(fails("%>s %"), "LogFormat ends inside a directive at offset 4");
	assert_string_equal(fails("%>s %\x1b"),
	                    "unsupported LogFormat directive %\\x1b at offset 4");
	assert_string_equal(fails("%h %l %u %t \"%r\" %b"),
	                    "LogFormat has no status directive (%s or %>s)");
	assert_string_equal(fails(""), "empty LogFormat");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combined_equals_pattern),
		cmocka_unit_test(test_common_and_vhost_equal_patterns),
		cmocka_unit_test(test_combined_fields),
		cmocka_unit_test(test_truncated_tail),
		cmocka_unit_test(test_truncated_other_formats),
		cmocka_unit_test(test_many_directives),
		cmocka_unit_test(test_modifiers),
		cmocka_unit_test(test_time_forms),
		cmocka_unit_test(test_quoting_and_literals),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
