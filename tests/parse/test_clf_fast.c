/* test_clf_fast.c: the fast path's core guarantee. For common, combined and
 * vhost_combined, the hand-written scanner (clf_fast_parse, and the parser's
 * cached path) must give exactly what PCRE2 gives with patterns/NAME.pattern:
 * the same result, and for a parsed line the same view (same address, same
 * length) for every field, the same has_time and time. Checked on every line
 * of every file in samples/ and on generated lines: valid lines of all three
 * shapes, targeted mutations (quotes, escapes, spaces, CR, NUL, high bytes,
 * missing fields), every truncation of some lines, and a few huge ones.
 * Each line sits in a buffer of exactly its length, so an overread is an
 * ASan error. The field-level tests pin down what the formats mean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "format_impl.h"
#include "statusmon/parse.h"
#include "clf_gen.h"

#define PATTERNS SM_SOURCE_DIR "/patterns"
#define SAMPLES SM_SOURCE_DIR "/samples"

static const char *const variant_names[3] = { "common", "combined", "vhost_combined" };

struct pair {
	struct format *fast, *slow;
	struct parser *pfast, *pslow;
	size_t compared, parsed;
};

static struct pair pairs[3];

static int setup(void **state)
{
	struct error err;
	int v;

	(void)state;
	for (v = 0; v < 3; v++) {
		pairs[v].fast = format_load(variant_names[v], PATTERNS, true, &err);
		pairs[v].slow = format_load(variant_names[v], PATTERNS, false, &err);
		if (!pairs[v].fast || !pairs[v].slow) {
			fprintf(stderr, "format_load %s: %s\n", variant_names[v], err.msg);
			return -1;
		}
		pairs[v].pfast = parser_new(pairs[v].fast, &err);
		pairs[v].pslow = parser_new(pairs[v].slow, &err);
		if (!pairs[v].pfast || !pairs[v].pslow)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	int v;

	(void)state;
	for (v = 0; v < 3; v++) {
		parser_free(pairs[v].pfast);
		parser_free(pairs[v].pslow);
		format_free(pairs[v].fast);
		format_free(pairs[v].slow);
	}
	return 0;
}

static void show(const char *what, const char *s, size_t n)
{
	size_t i;

	fprintf(stderr, "%s [", what);
	for (i = 0; i < n && i < 400; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "%s] (%zu bytes)\n", n > 400 ? "..." : "", n);
}

static bool records_equal(const struct record *a, const struct record *b)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++) {
		if (a->field[f].p != b->field[f].p || a->field[f].n != b->field[f].n)
			return false;
	}
	return a->has_time == b->has_time && (!a->has_time || a->time == b->time) &&
	       a->truncated == b->truncated;
}

static void report_diff(int v, const char *line, size_t n, enum parse_result rf,
                        enum parse_result rs, const struct record *a,
                        const struct record *b)
{
	int f;

	fprintf(stderr, "%s: fast %d, pcre2 %d\n", variant_names[v], rf, rs);
	show("line", line, n);
	for (f = 0; f < FIELD_COUNT && rf == rs; f++) {
		fprintf(stderr, "  %-8s fast @%td+%zu pcre2 @%td+%zu\n",
		        record_field_name((enum record_field)f),
		        a->field[f].p ? a->field[f].p - line : -1, a->field[f].n,
		        b->field[f].p ? b->field[f].p - line : -1, b->field[f].n);
	}
	fprintf(stderr, "  time fast %d/%lld pcre2 %d/%lld, truncated fast %d pcre2 %d\n",
	        a->has_time, (long long)a->time, b->has_time, (long long)b->time,
	        a->truncated, b->truncated);
}

/* Compares all paths for variant v on line[0..n) (copied to an exact-size
 * buffer). Fails the test on any difference. */
static void check_line(int v, const char *src, size_t n)
{
	struct record a, b, c;
	enum parse_result ra, rb, rc;
	char *line = malloc(n ? n : 1);
	bool same;

	assert_non_null(line);
	memcpy(line, src, n);
	ra = parser_parse(pairs[v].pfast, line, n, &a);
	rb = parser_parse(pairs[v].pslow, line, n, &b);
	rc = clf_fast_parse((enum clf_variant)v, line, n, &c);
	same = ra == rb && rc == rb && (rb != PARSE_OK || (records_equal(&a, &b) &&
	                                                   records_equal(&c, &b)));
	if (!same) {
		report_diff(v, line, n, ra, rb, &a, &b);
		if (rc != ra || (rc == PARSE_OK && !records_equal(&a, &c)))
			fprintf(stderr, "  (uncached fast path differs from cached too)\n");
	}
	free(line);
	if (!same)
		fail();
	pairs[v].compared++;
	pairs[v].parsed += rb == PARSE_OK;
}

static void check_all(const char *line, size_t n)
{
	int v;

	for (v = 0; v < 3; v++)
		check_line(v, line, n);
}

/* every line of buf, split as the input stage does (no "\n", no final
 * "\r") and also with the "\r" kept */
static void check_buffer(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		check_all(p, n);
		if (n && p[n - 1] == '\r')
			check_all(p, n - 1);
		p += n + 1;
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)size;
	}
	fclose(f);
	return buf;
}

static size_t parsed_in(const char *name, int v)
{
	char path[1024];
	size_t len, before = pairs[v].parsed;
	char *buf;

	snprintf(path, sizeof path, "%s/%s", SAMPLES, name);
	buf = slurp(path, &len);
	if (!buf)
		return 0;
	check_buffer(buf, len);
	free(buf);
	return pairs[v].parsed - before;
}

static void test_samples_equal(void **state)
{
	DIR *d = opendir(SAMPLES);
	struct dirent *e;
	char path[1024];
	size_t len, files = 0;
	char *buf;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", SAMPLES, e->d_name);
		buf = slurp(path, &len);
		if (!buf)
			continue;   /* a directory */
		if (len < 2 || (unsigned char)buf[0] != 0x1f || (unsigned char)buf[1] != 0x8b) {
			check_buffer(buf, len);
			files++;
		}
		free(buf);
	}
	closedir(d);
	assert_true(files > 0);
	/* not vacuous: each format's own sample mostly parses */
	assert_true(parsed_in("common.log", CLF_COMMON) > 50);
	assert_true(parsed_in("combined.log", CLF_COMBINED) > 200);
	assert_true(parsed_in("vhost_combined.log", CLF_VHOST_COMBINED) > 100);
}

static void test_generated_equal(void **state)
{
	struct clf_gen g;
	char line[CLF_GEN_MAX];
	size_t n, i, k;
	int v;

	(void)state;
	clf_gen_init(&g, 0x5eed2024u);
	for (i = 0; i < 210000; i++) {
		n = clf_gen_line(&g, line, sizeof line);
		check_all(line, n);
	}
	/* every truncation of a few lines of each shape */
	for (i = 0; i < 60; i++) {
		n = clf_gen_valid(&g, (int)(i % 3), line, sizeof line);
		for (k = 0; k <= n; k++)
			check_all(line, k);
	}
	for (v = 0; v < 3; v++) {
		/* enough of each kind of answer to mean something */
		assert_true(pairs[v].parsed > 20000);
		assert_true(pairs[v].compared - pairs[v].parsed > 20000);
	}
}

/* huge fields: long runs, many escapes, many spaces in the trailing part,
 * huge vhost tokens full of ':', a huge port (malformed for both) */
static void test_huge_lines_equal(void **state)
{
	static const char *const lead[] = { "", "", "", "example.com:80 ", "a", "a", "a:" };
	static const char *const fill[] = { "a", "\\\"", "x ", "a", "7:", ":", "7" };
	size_t big = 4u << 20, n, i, before;
	char *line = malloc(big + 512);
	int kind, v;

	(void)state;
	assert_non_null(line);
	for (kind = 0; kind < 7; kind++) {
		v = kind >= 3 ? CLF_VHOST_COMBINED : CLF_COMBINED;
		n = (size_t)sprintf(line, "%s", lead[kind]);
		for (i = 0; kind >= 4 && i < big; i++)   /* the first token */
			line[n++] = fill[kind][i % strlen(fill[kind])];
		n += (size_t)sprintf(line + n, "%s192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "
		                     "\"GET /", kind == 6 ? " " : kind >= 4 ? "80 " : "");
		for (i = 0; kind < 4 && i < big; i++)   /* the path */
			line[n++] = fill[kind][i % strlen(fill[kind])];
		n += (size_t)sprintf(line + n, " HTTP/1.1\" 200 5 \"-\" \"agent\"%s",
		                     kind == 2 ? " \"x\" 1 2 3" : "");
		before = pairs[v].parsed;
		check_all(line, n);
		/* a huge line is no reason to give up: both paths parse it (a
		 * port of 4 million digits is no port) */
		assert_int_equal(pairs[v].parsed, before + (kind < 6));
	}
	free(line);
}

/* The view of field f as a string, for the field-level tests. */
static bool field_is(const struct record *rec, enum record_field f, const char *want)
{
	const struct sv *v = &rec->field[f];

	if (!want)
		return v->p == NULL && v->n == 0;
	return v->n == strlen(want) && memcmp(v->p, want, v->n) == 0;
}

/* parses with both paths (asserting they agree) and returns the result */
static enum parse_result parse(int v, const char *line, struct record *rec)
{
	check_line(v, line, strlen(line));
	return parser_parse(pairs[v].pfast, line, strlen(line), rec);
}

static void test_fields_combined(void **state)
{
	struct record r;
	const char *l;

	(void)state;
	l = "2001:db8::7 - alice [10/Oct/2000:13:55:36 -0700] \"GET /a\\\"b?x=1 HTTP/1.1\" "
	    "404 512 \"https://example.com/\\\\\" \"Mozilla/5.0 \\\"quoted\\\"\"";
	assert_int_equal(parse(CLF_COMBINED, l, &r), PARSE_OK);
	assert_true(field_is(&r, FIELD_CLIENT, "2001:db8::7"));
	assert_true(field_is(&r, FIELD_IDENT, "-"));
	assert_true(field_is(&r, FIELD_USER, "alice"));
	assert_true(field_is(&r, FIELD_METHOD, "GET"));
	assert_true(field_is(&r, FIELD_PATH, "/a\\\"b?x=1"));
	assert_true(field_is(&r, FIELD_PROTOCOL, "HTTP/1.1"));
	assert_true(field_is(&r, FIELD_STATUS, "404"));
	assert_true(field_is(&r, FIELD_BYTES, "512"));
	assert_true(field_is(&r, FIELD_REFERER, "https://example.com/\\\\"));
	assert_true(field_is(&r, FIELD_AGENT, "Mozilla/5.0 \\\"quoted\\\""));
	assert_true(field_is(&r, FIELD_VHOST, NULL));
	assert_true(r.has_time);
	assert_int_equal(r.time, 971211336LL);

	/* nginx extras after the agent; the TLS garbage request is kept whole */
	l = "203.0.113.5 - - [17/May/2015:10:05:03 +0530] \"\\x16\\x03\\x01\\x00\\xa5\" 400 "
	    "157 \"-\" \"-\" \"198.51.100.1, 10.0.0.1\" 0.004";
	assert_int_equal(parse(CLF_COMBINED, l, &r), PARSE_OK);
	assert_true(field_is(&r, FIELD_PATH, "\\x16\\x03\\x01\\x00\\xa5"));
	assert_true(field_is(&r, FIELD_METHOD, NULL));
	assert_true(field_is(&r, FIELD_STATUS, "400"));
	assert_true(field_is(&r, FIELD_AGENT, "-"));
	assert_int_equal(r.time, 1431837303LL);

	/* "-" request, invalid status, absurd date: parsed, no time */
	l = "192.0.2.1 - - [99/Foo/0000:99:99:99 +9999] \"-\" 000 - \"-\" \"-\"";
	assert_int_equal(parse(CLF_COMBINED, l, &r), PARSE_OK);
	assert_true(field_is(&r, FIELD_STATUS, "000"));
	assert_true(field_is(&r, FIELD_PATH, "-"));
	assert_true(field_is(&r, FIELD_TIME, "99/Foo/0000:99:99:99 +9999"));
	assert_false(r.has_time);

	/* empty request and referer */
	l = "192.0.2.1 - - [10/Oct/2000:13:55:36 +1345] \"\" 2000000000 0 \"\" \"curl/8.5.0\"";
	assert_int_equal(parse(CLF_COMBINED, l, &r), PARSE_OK);
	assert_true(field_is(&r, FIELD_PATH, NULL));
	assert_true(field_is(&r, FIELD_STATUS, "2000000000"));
	assert_true(field_is(&r, FIELD_REFERER, ""));
	assert_non_null(r.field[FIELD_REFERER].p);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		/* no status token */
		"192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\"  512 \"-\" \"-\"",
		/* unterminated request */
		"192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1 200 512 \"-\" \"-",
		/* escaped closing quote leaves the request open */
		"192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /\\\" 200 512 \"-\" \"-\"",
		/* junk glued to the agent's closing quote */
		"192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"x",
		/* status split in two */
		"192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 20 0 5 \"-\" \"-\"",
		"", "-", "\"\"", "192.0.2.1 - - [",
	};
	struct record r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(CLF_COMBINED, bad[i], &r) != PARSE_MALFORMED)
			fail_msg("parsed: %s", bad[i]);
	}
	/* common takes no trailing field; combined takes any after a space */
	assert_int_equal(parse(CLF_COMMON, "h - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5 x",
	                       &r), PARSE_MALFORMED);
	assert_int_equal(parse(CLF_COMMON, "h - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 -",
	                       &r), PARSE_OK);
	assert_true(field_is(&r, FIELD_BYTES, "-"));
}

/* What a writer cut off mid-line leaves: the status (and size) complete,
 * the line ending inside a trailing field or before it. Both paths parse
 * it, mark it truncated and keep what was written of the field. */
#define CUT_HEAD "192.0.2.44 - - [10/Oct/2024:13:55:36 +0000] \"GET /a HTTP/1.1\" "

static void expect_cut(int v, const char *line, const char *referer, const char *agent)
{
	struct record r;

	if (parse(v, line, &r) != PARSE_OK)
		fail_msg("%s: not parsed: %s", variant_names[v], line);
	if (!r.truncated)
		fail_msg("%s: not marked truncated: %s", variant_names[v], line);
	assert_true(field_is(&r, FIELD_STATUS, "200"));
	assert_true(field_is(&r, FIELD_BYTES, "512"));
	assert_true(field_is(&r, FIELD_PATH, "/a"));
	assert_int_equal(r.time, 1728568536LL);
	if (!field_is(&r, FIELD_REFERER, referer) || !field_is(&r, FIELD_AGENT, agent))
		fail_msg("%s: referer '%.*s' agent '%.*s' on: %s", variant_names[v],
		         (int)r.field[FIELD_REFERER].n, r.field[FIELD_REFERER].p ? r.field[FIELD_REFERER].p : "",
		         (int)r.field[FIELD_AGENT].n, r.field[FIELD_AGENT].p ? r.field[FIELD_AGENT].p : "", line);
}

static void expect_malformed(int v, const char *line)
{
	struct record r;

	if (parse(v, line, &r) != PARSE_MALFORMED)
		fail_msg("%s: parsed (truncated %d): %s", variant_names[v], r.truncated, line);
}

static void test_truncated_tail(void **state)
{
	static const char *const cut_before[] = {
		CUT_HEAD "200", CUT_HEAD "200 ", CUT_HEAD "20", CUT_HEAD,
		"192.0.2.44 - - [10/Oct/2024:13:55:36 +0000] \"GET /a HT",
		"192.0.2.44 - - [10/Oct/2024:13:5",
	};
	static const char *const garbage[] = {
		CUT_HEAD "200 512 \"http://ref\"x",
		CUT_HEAD "200 512 \"http://ref\" Mozilla",
		CUT_HEAD "200 512 \"http://ref\"  \"Mozilla",
		CUT_HEAD "200 512 \"http://ref\" \"Mozilla \"evil",
		CUT_HEAD "200 512  \"http://ref",
		CUT_HEAD "200 512 http://ref",
	};
	char buf[512];
	struct record r;
	size_t i;
	int v;

	(void)state;
	for (v = CLF_COMBINED; v <= CLF_VHOST_COMBINED; v++) {
		const char *vh = v == CLF_VHOST_COMBINED ? "www.example.com:443 " : "";

#define CUT(tail, ref, agent) do { \
	snprintf(buf, sizeof buf, "%s" CUT_HEAD "%s", vh, tail); \
	expect_cut(v, buf, ref, agent); \
} while (0)
		CUT("200 512 \"http://ref\" \"Mozilla/5.0 (X11", "http://ref", "Mozilla/5.0 (X11");
		CUT("200 512 \"http://ref\" \"", "http://ref", "");
		CUT("200 512 \"http://ref\" \"curl \\\"x\\\"", "http://ref", "curl \\\"x\\\"");
		CUT("200 512 \"http://ref\" \"curl\\", "http://ref", "curl\\");
		CUT("200 512 \"http://ref\" ", "http://ref", NULL);
		CUT("200 512 \"http://ref\"", "http://ref", NULL);
		CUT("200 512 \"http://re", "http://re", NULL);
		CUT("200 512 \"", "", NULL);
		CUT("200 512 ", NULL, NULL);
		CUT("200 512", NULL, NULL);
#undef CUT
		for (i = 0; i < sizeof cut_before / sizeof cut_before[0]; i++) {
			snprintf(buf, sizeof buf, "%s%s", vh, cut_before[i]);
			expect_malformed(v, buf);
		}
		for (i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
			snprintf(buf, sizeof buf, "%s%s", vh, garbage[i]);
			expect_malformed(v, buf);
		}
		/* a complete line is not truncated, nor is one with extra fields */
		snprintf(buf, sizeof buf, "%s" CUT_HEAD "200 512 \"-\" \"curl/8.5.0\" \"10.0.0.1", vh);
		assert_int_equal(parse(v, buf, &r), PARSE_OK);
		assert_false(r.truncated);
		assert_true(field_is(&r, FIELD_AGENT, "curl/8.5.0"));
	}
	/* common has nothing after the size to cut */
	expect_malformed(CLF_COMMON, CUT_HEAD "200 512 \"http://ref");
	assert_int_equal(parse(CLF_COMMON, CUT_HEAD "200 512", &r), PARSE_OK);
	assert_false(r.truncated);
}

static void test_fields_vhost(void **state)
{
	struct record r;

	(void)state;
	assert_int_equal(parse(CLF_VHOST_COMBINED, "[2001:db8::1]:443 192.0.2.9 - - "
	                       "[10/Oct/2000:13:55:36 +0000] \"GET / HTTP/2.0\" 499 0 \"-\" \"-\"",
	                       &r), PARSE_OK);
	assert_true(field_is(&r, FIELD_VHOST, "[2001:db8::1]"));
	assert_true(field_is(&r, FIELD_CLIENT, "192.0.2.9"));
	assert_true(field_is(&r, FIELD_STATUS, "499"));
	assert_int_equal(r.time, 971186136LL);
	assert_int_equal(parse(CLF_VHOST_COMBINED, "a:b:80 192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "
	                       "\"GET / HTTP/1.1\" 200 1 \"-\" \"-\" extra", &r), PARSE_OK);
	assert_true(field_is(&r, FIELD_VHOST, "a:b"));
	assert_int_equal(parse(CLF_VHOST_COMBINED, "host:8x 192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "
	                       "\"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", &r), PARSE_MALFORMED);
	assert_int_equal(parse(CLF_VHOST_COMBINED, ":80 192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "
	                       "\"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", &r), PARSE_MALFORMED);
	assert_int_equal(parse(CLF_VHOST_COMBINED, "h:123456 192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "
	                       "\"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", &r), PARSE_MALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_combined),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_fields_vhost),
		cmocka_unit_test(test_truncated_tail),
		cmocka_unit_test(test_samples_equal),
		cmocka_unit_test(test_generated_equal),
		cmocka_unit_test(test_huge_lines_equal),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
