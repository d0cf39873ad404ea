/* test_clf_split.c: a LogFormat / log_format string that is combined,
 * vhost_combined or common plus more fields runs split (clf_split.c: the
 * fast path for the CLF part, a tail regex or a number check for the
 * rest). Its guarantee: exactly the records and verdicts of the same
 * format's whole regex (format_load with fast_path false). Checked on the
 * timed samples, on generated lines of every shape with realistic and odd
 * tails, mutated (quotes, escapes, spaces, CR, NUL, high bytes), and on
 * every truncation of some lines; each line in a buffer of exactly its
 * length, so an overread is an ASan error. Then which spellings split and
 * which must not, and what a few lines mean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "format_impl.h"
#include "statusmon/parse.h"
#include "clf_gen.h"

#define PATTERNS SM_SOURCE_DIR "/patterns"
#define SAMPLES SM_SOURCE_DIR "/samples"

#define AP_COMBINED "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""
#define NG_COMBINED "$remote_addr - $remote_user [$time_local] \"$request\" $status " \
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\""

static const char *const split_formats[] = {
	AP_COMBINED " %D",
	NG_COMBINED " $request_time",
	NG_COMBINED " $request_time $upstream_response_time",
	"%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %T",
	"%h %l %u %t \"%r\" %s %B %D",
	AP_COMBINED " \"%{X-Forwarded-For}i\" %{ms}T %v",
	AP_COMBINED " %200,304D rt=%{us}T",
	"$remote_addr - $remote_user [$time_local] \"$request\" $status $bytes_sent $request_time",
	"%a %l %u %t \"%r\" %>s %b \"%{referer}i\" \"%{User-agent}i\" %D",
	/* combined itself: common plus the two quoted headers */
	AP_COMBINED, NG_COMBINED,
};
#define N_SPLIT (sizeof split_formats / sizeof split_formats[0])

struct pair {
	struct format *split, *whole;
	struct parser *psplit, *pwhole;
	size_t compared, parsed, truncated, timed;
};

static struct pair pairs[N_SPLIT];

static int setup(void **state)
{
	struct error err;
	size_t k;

	(void)state;
	for (k = 0; k < N_SPLIT; k++) {
		pairs[k].split = format_load(split_formats[k], PATTERNS, true, &err);
		pairs[k].whole = format_load(split_formats[k], PATTERNS, false, &err);
		if (!pairs[k].split || !pairs[k].whole)
			return -1;
		pairs[k].psplit = parser_new(pairs[k].split, &err);
		pairs[k].pwhole = parser_new(pairs[k].whole, &err);
		if (!pairs[k].psplit || !pairs[k].pwhole)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < N_SPLIT; k++) {
		parser_free(pairs[k].psplit);
		parser_free(pairs[k].pwhole);
		format_free(pairs[k].split);
		format_free(pairs[k].whole);
	}
	return 0;
}

static void same_record(size_t k, const char *line, size_t n, const struct record *a,
                        const struct record *b)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++) {
		if (a->field[f].p != b->field[f].p || a->field[f].n != b->field[f].n)
			fail_msg("format %zu, field %s differs on \"%.*s\"", k,
			         record_field_name((enum record_field)f), (int)n, line);
	}
	if (a->has_time != b->has_time || a->time != b->time ||
	    a->truncated != b->truncated || a->has_duration != b->has_duration ||
	    a->logs_duration != b->logs_duration)
		fail_msg("format %zu: time/truncated/durations differ on \"%.*s\"", k,
		         (int)n, line);
	for (f = 0; f < DUR_COUNT; f++) {
		if ((a->has_duration & (1u << f)) && a->duration_us[f] != b->duration_us[f])
			fail_msg("format %zu: duration %d differs on \"%.*s\"", k, f, (int)n, line);
	}
}

/* Every format: split and whole give the same, on a copy of exactly n bytes. */
static void compare(const char *src, size_t n)
{
	char *line = malloc(n ? n : 1);
	struct record a, b;
	enum parse_result ra, rb;
	size_t k;

	assert_non_null(line);
	memcpy(line, src, n);
	for (k = 0; k < N_SPLIT; k++) {
		memset(&a, 0x5a, sizeof a);   /* stale bytes must not leak through */
		ra = parser_parse(pairs[k].psplit, line, n, &a);
		rb = parser_parse(pairs[k].pwhole, line, n, &b);
		if (ra != rb)
			fail_msg("format %zu (%s): split %d, whole %d on \"%.*s\"", k,
			         split_formats[k], (int)ra, (int)rb, (int)n, line);
		pairs[k].compared++;
		if (rb != PARSE_OK)
			continue;
		same_record(k, line, n, &a, &b);
		pairs[k].parsed++;
		pairs[k].truncated += b.truncated;
		pairs[k].timed += (b.has_duration & 1u) != 0;
	}
	free(line);
}

static void compare_file(const char *name)
{
	char path[512], buf[65536];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", SAMPLES, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	while (fgets(buf, sizeof buf, f)) {
		n = strlen(buf);
		if (n && buf[n - 1] == '\n')
			n--;
		compare(buf, n);
	}
	fclose(f);
}

static void test_samples(void **state)
{
	(void)state;
	compare_file("apache-timed.log");
	compare_file("nginx-timed.log");
	compare_file("combined.log");
	compare_file("vhost_combined.log");
	compare_file("hostile.log");
	/* the formats read the timed samples' durations, every line */
	assert_true(pairs[0].timed > 100);
	assert_true(pairs[1].timed > 100);
}

static const char *const tails[] = {
	" 1234", " 0.123", " -", "", " ", " x", " 12 34", "  12", " 1.", " 12\r", " 0.009 0.007",
	" 0.001 -", " 0.003, 0.118", " \"203.0.113.9\" 12 www.example.com", " 12 rt=34",
	" \"a\\\"b\" 5 h", " 99999999999999999999", " \xff", " 1\0002", " rt=", " \"",
};

static void test_generated(void **state)
{
	struct clf_gen g;
	char line[8192];
	size_t n, t, cut, k;
	int i, m;

	(void)state;
	clf_gen_init(&g, 18);
	for (i = 0; i < 30000; i++) {
		n = clf_gen_valid(&g, (int)gen_below(&g, 3), line, sizeof line - 64);
		t = gen_below(&g, (uint32_t)(sizeof tails / sizeof tails[0]));
		memcpy(line + n, tails[t], strlen(tails[t]) + (t == 18 ? 3 : 0));
		n += strlen(tails[t]) + (t == 18 ? 3 : 0);
		if (gen_below(&g, 3) == 0)
			for (m = 1 + (int)gen_below(&g, 3); m > 0; m--)
				gen_mutate(&g, line, &n, sizeof line);
		compare(line, n);
		if (i % 7 == 0)      /* a CLF line with no tail of ours, maybe mutated */
			compare(line, clf_gen_line(&g, line, sizeof line));
		if (i % 500 == 0)
			for (cut = 0; cut <= n; cut++)
				compare(line, cut);
	}
	for (k = 0; k < N_SPLIT; k++) {
		assert_true(pairs[k].compared > 30000);
		assert_true(pairs[k].parsed > 1000);      /* not all malformed */
		assert_true(pairs[k].truncated > 10);     /* the cut rules ran */
	}
}

static void test_huge(void **state)
{
	size_t n = 3 * 1024 * 1024, head;
	char *line = malloc(n);

	(void)state;
	assert_non_null(line);
	head = (size_t)snprintf(line, n, "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "
	                        "\"GET / HTTP/1.1\" 200 1 \"-\" \"");
	memset(line + head, 'a', n - head);
	memcpy(line + n - 7, "\" 1234", 6);
	compare(line, n - 1);
	memset(line + head, '\\', n - head);
	compare(line, n);
	free(line);
}

/* Which strings split: every CLF spelling plus a space and more (combined
 * itself is common plus more); not a different time, no space after the
 * prefix, an unquoted request, nginx without the "-", common alone, or
 * fast_path false. */
static void test_which_split(void **state)
{
	static const char *const no[] = {
		"%h %l %u %{%d/%b/%Y:%H:%M:%S %z}t \"%r\" %>s %b %D",
		"%h %l %u %t \"%r\" %>s %b;%D",
		"%h %l %u %t %r %>s %b %D",
		"$remote_addr $remote_user [$time_local] \"$request\" $status $body_bytes_sent $request_time",
		"$remote_addr - $remote_user [$time_iso8601] \"$request\" $status $body_bytes_sent $request_time",
		"%h %l %u %t \"%r\" %>s %b", "%h %l %u %t \"%r\" %>s",
	};
	struct error err;
	struct format *fmt;
	size_t k;

	(void)state;
	for (k = 0; k < N_SPLIT; k++)
		assert_non_null(pairs[k].split->split);
	for (k = 0; k < N_SPLIT; k++)
		assert_null(pairs[k].whole->split);
	for (k = 0; k < sizeof no / sizeof no[0]; k++) {
		fmt = format_load(no[k], PATTERNS, true, &err);
		if (!fmt)
			fail_msg("%s: %s", no[k], err.msg);
		if (fmt->split)
			fail_msg("%s: split", no[k]);
		format_free(fmt);
	}
}

/* What the Apache format makes of a few lines, counted here
 * without the whole regex. */
static void test_meaning(void **state)
{
	static const char head[] = "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "
		"\"GET /a HTTP/1.1\" 200 12 \"-\" \"UA \\\"x\\\"\"";
	struct parser *p = pairs[0].psplit;
	struct record r;
	char line[256];

	(void)state;
	snprintf(line, sizeof line, "%s 1234", head);
	assert_int_equal(parser_parse(p, line, strlen(line), &r), PARSE_OK);
	assert_false(r.truncated);
	assert_int_equal(r.has_duration, 1u << DUR_REQUEST);
	assert_int_equal(r.duration_us[DUR_REQUEST], 1234);
	assert_int_equal(r.field[FIELD_AGENT].n, strlen("UA \\\"x\\\""));
	assert_int_equal(r.field[FIELD_PATH].n, 2);
	/* the %D missing: cut short, the status counts, no duration */
	assert_int_equal(parser_parse(p, head, strlen(head), &r), PARSE_OK);
	assert_true(r.truncated);
	assert_int_equal(r.has_duration, 0);
	assert_int_equal(r.logs_duration, 1u << DUR_REQUEST);
	/* a malformed tail */
	snprintf(line, sizeof line, "%s 12x", head);
	assert_int_equal(parser_parse(p, line, strlen(line), &r), PARSE_MALFORMED);
	/* more fields after the duration are allowed */
	snprintf(line, sizeof line, "%s 7 extra \"x\"", head);
	assert_int_equal(parser_parse(p, line, strlen(line), &r), PARSE_OK);
	assert_int_equal(r.duration_us[DUR_REQUEST], 7);
	assert_false(r.truncated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_which_split),
		cmocka_unit_test(test_meaning),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_huge),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
