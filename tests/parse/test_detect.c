/* test_detect.c: --format=auto and --format SPEC. Detection on the first
 * 100 lines of every sample picks the format the sample is written in;
 * garbage lines do not sway it; ties go to the format with more fields;
 * nothing matching is an error naming what was tried. format_load resolves
 * built-ins, pattern names, files, LogFormat and log_format strings, and
 * its errors list what is available or which directories were tried. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "testlib.h"
#include "statusmon/parse.h"

#define PATTERNS SM_SOURCE_DIR "/patterns"
#define SAMPLES SM_SOURCE_DIR "/samples"
#define MAX_LINES 100

struct sample {
	char *buf;
	const char *lines[MAX_LINES];
	size_t lens[MAX_LINES];
	size_t n;
};

/* The first MAX_LINES non-empty lines of buf, as the caller collects them. */
static void sample_split(struct sample *s)
{
	char *p = s->buf, *nl;
	size_t n;

	s->n = 0;
	while (*p && s->n < MAX_LINES) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n) {
			s->lines[s->n] = p;
			s->lens[s->n++] = n;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void sample_load(struct sample *s, const char *name)
{
	char path[1024];
	FILE *f;
	size_t len;

	snprintf(path, sizeof path, "%s/%s", SAMPLES, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	s->buf = calloc(1, 1 << 20);
	assert_non_null(s->buf);
	len = fread(s->buf, 1, (1 << 20) - 1, f);
	fclose(f);
	s->buf[len] = '\0';   /* NUL bytes in hostile.log end the sample early */
	sample_split(s);
}

static void expect_detect(const char *file, const char *want, bool fast_path)
{
	struct sample s;
	struct error err = { "" };
	struct format *fmt;

	sample_load(&s, file);
	fmt = format_detect(s.lines, s.lens, s.n, PATTERNS, fast_path, &err);
	if (!fmt)
		fail_msg("%s: %s", file, err.msg);
	if (strcmp(format_name(fmt), want) != 0)
		fail_msg("%s: detected %s, want %s", file, format_name(fmt), want);
	if (format_is_fast_path(fmt) != (fast_path && (strcmp(want, "common") == 0 ||
	                                               strcmp(want, "combined") == 0 ||
	                                               strcmp(want, "vhost_combined") == 0)))
		fail_msg("%s: fast path %d", file, format_is_fast_path(fmt));
	format_free(fmt);
	free(s.buf);
}

/* One candidate set, loaded once, used for one sample after another (as
 * a run over many inputs uses it): each verdict is what a fresh
 * format_detect gives, and each winner is the caller's own (freed here
 * while the set lives on). */
static void test_candidates_reused(void **state)
{
	static const char *const files[] = {
		"combined.log", "iis.log", "common.log", "nginx-json.log", "haproxy.log",
		"vhost_combined.log", "caddy.log", "hostile.log", "combined.log",
	};
	struct format_candidates *fc = format_candidates_load(PATTERNS, true);

	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct sample s;
		struct error e1 = { "" }, e2 = { "" };
		struct format *a, *b;

		sample_load(&s, files[i]);
		a = format_detect_among(fc, s.lines, s.lens, s.n, &e1);
		b = format_detect(s.lines, s.lens, s.n, PATTERNS, true, &e2);
		assert_non_null(a);
		assert_non_null(b);
		assert_ptr_not_equal(a, b);
		assert_string_equal(format_name(a), format_name(b));
		assert_int_equal(format_is_fast_path(a), format_is_fast_path(b));
		format_free(a);
		format_free(b);
		free(s.buf);
	}
	format_candidates_free(fc);
}

static void test_detect_samples(void **state)
{
	(void)state;
	expect_detect("combined.log", "combined", true);
	expect_detect("common.log", "common", true);
	expect_detect("vhost_combined.log", "vhost_combined", true);
	expect_detect("hostile.log", "combined", true);
	expect_detect("iis.log", "w3c", true);
	expect_detect("nginx-json.log", "jsonl", true);
	expect_detect("caddy.log", "jsonl", true);
	expect_detect("haproxy.log", "haproxy", true);
	expect_detect("combined.log", "combined", false);
	expect_detect("vhost_combined.log", "vhost_combined", false);
}

/* 20 combined lines drowned in 80 garbage lines of many kinds */
static void test_garbage_does_not_sway(void **state)
{
	static const char *const garbage[] = {
		"kernel: [12345.678] eth0: link up",
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
		"GET / HTTP/1.1",
		"{\"msg\":\"hello\"}",
		"#Fields: nonsense",
		"- - - [] \"\" ",
		"                ",
		"\"",
	};
	struct sample s, comb;
	struct error err;
	struct format *fmt;
	size_t i;

	(void)state;
	sample_load(&comb, "combined.log");
	for (i = 0; i < MAX_LINES; i++) {
		if (i % 5 == 0) {
			s.lines[i] = comb.lines[i];
			s.lens[i] = comb.lens[i];
		} else {
			s.lines[i] = garbage[i % 8];
			s.lens[i] = strlen(garbage[i % 8]);
		}
	}
	s.n = MAX_LINES;
	fmt = format_detect(s.lines, s.lens, s.n, PATTERNS, true, &err);
	assert_non_null(fmt);
	assert_string_equal(format_name(fmt), "combined");
	format_free(fmt);
	free(comb.buf);
}

/* An IIS log whose sampled lines are its directives: a log rotated a
 * moment ago holds only its header, and an IIS that restarted a few times
 * writes one header per start. The directives alone say W3C; a '#'
 * comment that is no W3C directive says nothing. */
static void test_detect_w3c_directives_only(void **state)
{
	struct sample iis;
	struct error err = { "" };
	struct format *fmt;
	const char *lines[12];
	size_t lens[12], i;
	const char *comment = "# generated by logrotate";

	(void)state;
	sample_load(&iis, "iis.log");
	assert_true(iis.lines[3][0] == '#' && iis.lines[4][0] != '#');
	fmt = format_detect(iis.lines, iis.lens, 4, PATTERNS, true, &err);
	if (!fmt)
		fail_msg("the 4 header lines of iis.log: %s", err.msg);
	assert_string_equal(format_name(fmt), "w3c");
	format_free(fmt);
	for (i = 0; i < 12; i++) {      /* three restarts, header after header */
		lines[i] = iis.lines[i % 4];
		lens[i] = iis.lens[i % 4];
	}
	fmt = format_detect(lines, lens, 12, PATTERNS, true, &err);
	assert_non_null(fmt);
	assert_string_equal(format_name(fmt), "w3c");
	format_free(fmt);
	lens[0] = strlen(comment);
	assert_null(format_detect(&comment, lens, 1, PATTERNS, true, &err));
	free(iis.buf);
}

static void test_detect_nothing(void **state)
{
	const char *lines[] = { "hello world", "\x01\x02\x03", "just text, no status" };
	size_t lens[] = { 11, 3, 20 };
	struct error err = { "" };

	(void)state;
	assert_null(format_detect(lines, lens, 3, PATTERNS, true, &err));
	assert_non_null(strstr(err.msg, "combined"));
	assert_non_null(strstr(err.msg, "jsonl"));
	assert_null(format_detect(lines, lens, 0, PATTERNS, true, &err));
	assert_non_null(strstr(err.msg, "no lines"));
}

/* combined.pattern's regex; ident, user and referer as named groups ("<ident>")
 * or not (":") */
#define CLF_RX(ident, user, referer)                                                \
	"^(?<client>[^ ]++) (?" ident "[^ ]++) (?" user "[^ ]++) "                   \
	"\\[(?<time>[^\\]]*+)\\] \"(?<request>(?:[^\"\\\\]++|\\\\[\\s\\S])*+)\" "   \
	"(?<status>[^ ]++) (?<bytes>[^ ]++) \"(?" referer                           \
	"(?:[^\"\\\\]++|\\\\[\\s\\S])*+)\" \"(?<agent>(?:[^\"\\\\]++|\\\\[\\s\\S])*+)\"" \
	"(?: [\\s\\S]*+)?\\z\n"

/* A pattern that parses the same lines as combined with fewer fields loses;
 * one that captures more fields wins. */
static void test_detect_ties(void **state)
{
	char dir[] = "/tmp/statusmon-detect.XXXXXX", loose[256], rich[256];
	struct sample s;
	struct error err;
	struct format *fmt;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(loose, sizeof loose, "%s/loose.pattern", dir);
	snprintf(rich, sizeof rich, "%s/rich.pattern", dir);
	write_file(loose, "# name: loose\n# time: clf\n" CLF_RX(":", ":", ":"));
	sample_load(&s, "combined.log");
	fmt = format_detect(s.lines, s.lens, s.n, dir, true, &err);
	assert_non_null(fmt);
	assert_string_equal(format_name(fmt), "combined");
	format_free(fmt);

	/* every combined field, plus the client captured again as vhost */
	write_file(rich, "# name: rich\n# time: clf\n(?=(?<vhost>[^ ]++))"
	           CLF_RX("<ident>", "<user>", "<referer>"));
	fmt = format_detect(s.lines, s.lens, s.n, dir, true, &err);
	assert_non_null(fmt);
	assert_string_equal(format_name(fmt), "rich");
	format_free(fmt);
	free(s.buf);
	unlink(rich);
	unlink(loose);
	rmdir(dir);
}

static struct format *load(const char *spec, bool fast, struct error *err)
{
	err->msg[0] = '\0';
	return format_load(spec, PATTERNS, fast, err);
}

static void expect_load(const char *spec, bool fast, const char *name, bool is_fast,
                        bool splittable)
{
	struct error err;
	struct format *fmt = load(spec, fast, &err);

	if (!fmt)
		fail_msg("%s: %s", spec, err.msg);
	assert_string_equal(format_name(fmt), name);
	assert_int_equal(format_is_fast_path(fmt), is_fast);
	assert_int_equal(format_is_splittable(fmt), splittable);
	format_free(fmt);
}

static void test_load(void **state)
{
	(void)state;
	expect_load("common", true, "common", true, true);
	expect_load("combined", true, "combined", true, true);
	expect_load("vhost_combined", true, "vhost_combined", true, true);
	expect_load("combined", false, "combined", false, true);
	expect_load("w3c", true, "w3c", false, false);
	expect_load("jsonl", true, "jsonl", false, true);
	expect_load("haproxy", true, "haproxy", false, true);
	expect_load(PATTERNS "/squid.pattern", true, "squid.pattern", false, true);
	expect_load("%h %l %u %t \"%r\" %>s %b", true, "logformat", false, true);
	expect_load("$remote_addr - $remote_user [$time_local] \"$request\" $status "
	            "$body_bytes_sent", true, "nginx log_format", false, true);
}

/* the same line through a LogFormat string and through the fast path */
static void test_load_parses(void **state)
{
	const char *line = "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /x HTTP/1.1\" 404 12";
	struct error err;
	struct format *fmt = load("%h %l %u %t \"%r\" %>s %b", true, &err);
	struct parser *p;
	struct record rec;

	(void)state;
	assert_non_null(fmt);
	p = parser_new(fmt, &err);
	assert_non_null(p);
	assert_int_equal(parser_parse(p, line, strlen(line), &rec), PARSE_OK);
	assert_int_equal(rec.field[FIELD_STATUS].n, 3);
	assert_memory_equal(rec.field[FIELD_STATUS].p, "404", 3);
	assert_int_equal(rec.field[FIELD_PATH].n, 2);
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 971211336LL);
	parser_free(p);
	format_free(fmt);
}

static void test_load_errors(void **state)
{
	struct error err;

	(void)state;
	assert_null(load("nope", true, &err));
	assert_non_null(strstr(err.msg, "unknown format 'nope'"));
	assert_non_null(strstr(err.msg, "combined"));
	assert_non_null(strstr(err.msg, "haproxy"));
	assert_null(load("", true, &err));
	assert_null(format_load("nope", "/nonexistent/patterns", true, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/patterns"));
	/* the PCRE2 combined needs its pattern file */
	assert_null(format_load("combined", "/nonexistent/patterns", false, &err));
	assert_non_null(strstr(err.msg, "tried /nonexistent/patterns"));
	/* but the fast path does not */
	expect_load("combined", true, "combined", true, true);
	assert_null(load("%h %Z", true, &err));
	assert_true(err.msg[0] != '\0');
}

static void test_default_dir_and_list(void **state)
{
	char dirbuf[4096];
	struct format_catalog cat;
	size_t i;
	bool builtin_w3c = false, haproxy = false;

	(void)state;
	setenv("STATUSMON_PATTERNS_DIR", PATTERNS, 1);
	assert_string_equal(format_default_patterns_dir(dirbuf, sizeof dirbuf), PATTERNS);
	expect_load("envoy", true, "envoy", false, true);
	unsetenv("STATUSMON_PATTERNS_DIR");
	assert_non_null(format_default_patterns_dir(dirbuf, sizeof dirbuf));

	format_catalog_load(&cat, PATTERNS);
	assert_true(cat.dir_found);
	assert_string_equal(cat.dir, PATTERNS);
	for (i = 0; i < cat.n; i++) {
		const struct format_entry *e = &cat.entries[i];

		builtin_w3c |= e->builtin && !strcmp(e->name, "w3c");
		if (!strcmp(e->name, "haproxy")) {
			haproxy = !e->builtin && e->loads;
			assert_non_null(strstr(e->description, "HAProxy HTTP log"));
		}
	}
	assert_true(builtin_w3c);
	assert_true(haproxy);
	format_catalog_free(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_samples),
		cmocka_unit_test(test_candidates_reused),
		cmocka_unit_test(test_garbage_does_not_sway),
		cmocka_unit_test(test_detect_nothing),
		cmocka_unit_test(test_detect_w3c_directives_only),
		cmocka_unit_test(test_detect_ties),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_parses),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_default_dir_and_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
