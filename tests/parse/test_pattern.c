/* test_pattern.c: PCRE2 patterns (pattern.c, pattern_file.c): group
 * mapping and its errors, views straight into the line, the time layout,
 * malformed statuses, match limits against catastrophic backtracking,
 * hostile bytes, long lines, and pattern files with their file:line
 * errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "format_impl.h"
#include "parse/record_check.h"

#define COMBINED_RX \
	"^(?<client>\\S+) (?<ident>\\S+) (?<user>\\S+) \\[(?<time>[^\\]]*)\\] " \
	"\"(?<request>[^\"]*)\" (?<status>\\S+) (?<bytes>\\S+)"

static const char apache_line[] =
	"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";

static enum parse_result match_once(struct pattern *pat, const char *line, size_t n,
                                    struct record *rec)
{
	struct pattern_matcher *m = pattern_matcher_new(pat);
	enum parse_result r;

	assert_non_null(m);
	r = pattern_match(m, line, n, rec);
	pattern_matcher_free(m);
	return r;
}

static void test_fields_are_views(void **state)
{
	struct error err = { "" };
	struct pattern *pat = pattern_compile("t", COMBINED_RX, TIME_CLF, &err);
	struct record rec;
	int f;

	(void)state;
	assert_non_null(pat);
	assert_string_equal(pattern_name(pat), "t");
	assert_int_equal(match_once(pat, apache_line, strlen(apache_line), &rec), PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "127.0.0.1");
	assert_field(&rec, FIELD_IDENT, "-");
	assert_field(&rec, FIELD_USER, "frank");
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/apache_pb.gif");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/1.0");
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_BYTES, "2326");
	assert_field(&rec, FIELD_REFERER, NULL);
	assert_field(&rec, FIELD_VHOST, NULL);
	for (f = 0; f < FIELD_COUNT; f++) {
		if (rec.field[f].p)
			assert_view_in(&rec, f, apache_line, sizeof apache_line - 1);
	}
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 971211336);     /* 2000-10-10T20:55:36Z */
	pattern_free(pat);
}

static void test_time_unparsable_still_ok(void **state)
{
	static const char line[] = "1.2.3.4 - - [31/Feb/2000:25:61:61 +9999] \"GET / HTTP/1.1\" 404 0";
	struct error err;
	struct pattern *pat = pattern_compile("t", COMBINED_RX, TIME_CLF, &err);
	struct record rec;

	(void)state;
	assert_int_equal(match_once(pat, line, sizeof line - 1, &rec), PARSE_OK);
	assert_false(rec.has_time);
	assert_field(&rec, FIELD_TIME, "31/Feb/2000:25:61:61 +9999");
	assert_field(&rec, FIELD_STATUS, "404");
	pattern_free(pat);
	/* TIME_NONE: the time group is kept, never parsed */
	pat = pattern_compile("t", COMBINED_RX, TIME_NONE, &err);
	assert_int_equal(match_once(pat, apache_line, sizeof apache_line - 1, &rec), PARSE_OK);
	assert_false(rec.has_time);
	assert_field(&rec, FIELD_TIME, "10/Oct/2000:13:55:36 -0700");
	pattern_free(pat);
}

static void test_status_required(void **state)
{
	struct error err = { "" };

	(void)state;
	assert_null(pattern_compile("nostatus", "^(?<client>\\S+) (\\d+)", TIME_NONE, &err));
	assert_non_null(strstr(err.msg, "status"));
	assert_non_null(strstr(err.msg, "nostatus"));
}

static void test_unknown_group_named(void **state)
{
	struct error err = { "" };

	(void)state;
	assert_null(pattern_compile("p", "^(?<client>\\S+):(?<port>\\d+) (?<status>\\d+)",
	                            TIME_NONE, &err));
	assert_non_null(strstr(err.msg, "unknown group name 'port'"));
	assert_non_null(strstr(err.msg, "known: client, ident, user, time, method, path, "
	                                "protocol, status, bytes, referer, agent, vhost, request"));
	assert_null(pattern_compile("p", "(?J)^(?<status>\\d+) (?<status>\\d+)", TIME_NONE, &err));
	assert_non_null(strstr(err.msg, "more than once"));
}

static void test_bad_regex_offset(void **state)
{
	struct error err = { "" };

	(void)state;
	assert_null(pattern_compile("broken", "^(?<status>\\d+", TIME_NONE, &err));
	assert_non_null(strstr(err.msg, "pattern broken: bad regex at offset 14"));
	assert_non_null(strstr(err.msg, "missing closing parenthesis"));
	assert_null(pattern_compile("broken", "^(?<status>[0-9+) x", TIME_NONE, &err));
	assert_non_null(strstr(err.msg, "missing terminating ]"));
	/* UTF mode cannot be switched on from inside a pattern */
	assert_null(pattern_compile("utf", "(*UTF)^(?<status>\\d+)", TIME_NONE, &err));
	assert_non_null(strstr(err.msg, "bad regex at offset"));
}

static void test_status_missing_or_empty(void **state)
{
	static const char rx[] = "^(?<client>\\S+) (?:(?<status>\\d*)|-)(?: (?<bytes>\\d+))?$";
	struct error err;
	struct pattern *pat = pattern_compile("t", rx, TIME_NONE, &err);
	struct pattern_matcher *m = pattern_matcher_new(pat);
	struct record rec;

	(void)state;
	assert_int_equal(pattern_match(m, "1.2.3.4 200 5", 13, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	/* "-": the status group did not participate */
	assert_int_equal(pattern_match(m, "1.2.3.4 -", 9, &rec), PARSE_MALFORMED);
	/* empty status group */
	assert_int_equal(pattern_match(m, "1.2.3.4  5", 10, &rec), PARSE_MALFORMED);
	assert_int_equal(pattern_match(m, "", 0, &rec), PARSE_MALFORMED);
	assert_int_equal(pattern_match(m, NULL, 0, &rec), PARSE_MALFORMED);
	pattern_matcher_free(m);
	pattern_free(pat);
}

/* Patterns match from the first byte (PCRE2_ANCHORED) even without '^'. */
static void test_anchored(void **state)
{
	struct error err;
	struct pattern *pat = pattern_compile("t", "(?<status>\\d{3}) ok", TIME_NONE, &err);
	struct record rec;

	(void)state;
	assert_int_equal(match_once(pat, "200 ok", 6, &rec), PARSE_OK);
	assert_int_equal(match_once(pat, "x 200 ok", 8, &rec), PARSE_MALFORMED);
	pattern_free(pat);
}

/* Explicit method/path groups win over the split request. */
static void test_request_and_explicit_fields(void **state)
{
	static const char line[] = "GET /a?b HTTP/1.1|/override|201";
	struct error err;
	struct pattern *pat = pattern_compile("t",
		"^(?<request>[^|]*)\\|(?<path>[^|]*)\\|(?<status>\\d+)", TIME_NONE, &err);
	struct record rec;

	(void)state;
	assert_int_equal(match_once(pat, line, sizeof line - 1, &rec), PARSE_OK);
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/override");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/1.1");
	pattern_free(pat);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* (a|aa)+ nested in + is exponential on "aaaa...!": the match limit turns
 * each such line into a quick "no match", and the matcher still works. */
static void test_catastrophic_backtracking(void **state)
{
	struct error err;
	struct pattern *pat = pattern_compile("evil", "^(?<status>(?:(?:a|aa)+)+)$",
	                                      TIME_NONE, &err);
	struct pattern_matcher *m = pattern_matcher_new(pat);
	char line[64];
	struct record rec;
	double t0;
	int i;

	(void)state;
	assert_non_null(pat);
	memset(line, 'a', sizeof line - 1);
	line[sizeof line - 2] = '!';
	t0 = now_seconds();
	for (i = 0; i < 20; i++)
		assert_int_equal(pattern_match(m, line, sizeof line - 1, &rec), PARSE_MALFORMED);
	assert_true(now_seconds() - t0 < 5.0);
	assert_int_equal(pattern_match(m, "aaa", 3, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "aaa");
	pattern_matcher_free(m);
	pattern_free(pat);
}

/* NUL bytes and invalid UTF-8 are just bytes (no UTF mode). */
static void test_binary_bytes(void **state)
{
	static const char line[] = "198.51.100.7 - - [10/Oct/2000:13:55:36 -0700] "
	                           "\"GET /\xff\xfe\x00x\xc3( HTTP/1.1\" 400 0";
	struct error err;
	struct pattern *pat = pattern_compile("t", COMBINED_RX, TIME_CLF, &err);
	struct record rec;

	(void)state;
	assert_int_equal(match_once(pat, line, sizeof line - 1, &rec), PARSE_OK);
	assert_int_equal(rec.field[FIELD_PATH].n, 7);
	assert_memory_equal(rec.field[FIELD_PATH].p, "/\xff\xfe\x00x\xc3(", 7);
	assert_field(&rec, FIELD_STATUS, "400");
	pattern_free(pat);
}

/* A 4 MB request field is parsed, also one made of escaped quotes, with
 * the quoted-field regex the format compilers emit. */
static void test_long_line(void **state)
{
	static const char rx[] = "^(?<client>\\S+) \"(?<request>(?:[^\"\\\\]++|"
	                         "\\\\[\\s\\S])*+)\" (?<status>\\d{3})$";
	size_t big = 4u << 20, n;
	char *line = malloc(big + 64);
	struct error err;
	struct pattern *pat = pattern_compile("t", rx, TIME_NONE, &err);
	struct pattern_matcher *m = pattern_matcher_new(pat);
	struct record rec;

	(void)state;
	assert_non_null(line);
	memcpy(line, "192.0.2.1 \"GET /", 16);
	memset(line + 16, 'x', big);
	n = 16 + big;
	memcpy(line + n, " HTTP/1.1\" 200", 14);
	n += 14;
	assert_int_equal(pattern_match(m, line, n, &rec), PARSE_OK);
	assert_int_equal(rec.field[FIELD_PATH].n, big + 1);
	assert_field(&rec, FIELD_STATUS, "200");
	for (size_t i = 16; i + 1 < 16 + big; i += 2)
		memcpy(line + i, "\\\"", 2);
	assert_int_equal(pattern_match(m, line, n, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	/* no closing quote: malformed, quickly */
	line[n - 5] = 'x';
	assert_int_equal(pattern_match(m, line, n, &rec), PARSE_MALFORMED);
	pattern_matcher_free(m);
	pattern_free(pat);
	free(line);
}

/* Writes text to a fresh file under the build dir; returns its path. */
static char *write_temp(const char *text)
{
	char *path = malloc(512);
	int fd;

	assert_non_null(path);
	snprintf(path, 512, "%s/test_pattern_XXXXXX", SM_BUILD_DIR);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static struct pattern *load_text(const char *text, char **path, struct error *err)
{
	struct pattern *pat;

	*path = write_temp(text);
	pat = pattern_load_file(*path, err);
	return pat;
}

static void drop(char *path)
{
	unlink(path);
	free(path);
}

static void test_file_headers_and_pieces(void **state)
{
	static const char text[] =
		"# name: mylog\n"
		"# description: pipe separated test log\n"
		"# time: iso8601\n"
		"# Time: clf    <- ends the header (keys are lower case)\n"
		"# time: epoch  <- a comment: after the header\n"
		"\n"
		"^(?<time>[^|]+)\\|\r\n"
		"    (?<status>\\d{3})\\|   \n"
		"\t(?<path>.*)$\n";
	struct error err = { "" };
	struct record rec;
	struct pattern *pat;
	char *path;

	(void)state;
	pat = load_text(text, &path, &err);
	assert_non_null(pat);
	assert_string_equal(pattern_name(pat), "mylog");
	assert_string_equal(pattern_description(pat), "pipe separated test log");
	assert_int_equal(match_once(pat, "2024-03-12T09:00:00Z|503|/x y", 29, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "503");
	assert_field(&rec, FIELD_PATH, "/x y");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1710234000);
	pattern_free(pat);
	drop(path);
}

static void test_file_default_name(void **state)
{
	struct error err;
	struct pattern *pat;
	char *path, *base;

	(void)state;
	pat = load_text("(?<status>\\d+)\n", &path, &err);
	assert_non_null(pat);
	base = strrchr(path, '/') + 1;
	assert_string_equal(pattern_name(pat), base);
	assert_string_equal(pattern_description(pat), "");
	pattern_free(pat);
	drop(path);
}

static void test_file_errors(void **state)
{
	struct error err = { "" };
	char want[600];
	char *path;

	(void)state;
	/* regex error on the file's 5th line, column of the bad byte */
	assert_null(load_text("# name: x\n# time: clf\n\n^(?<client>\\S+) \n  (?<status>\\d+\n",
	                      &path, &err));
	snprintf(want, sizeof want, "%s:5: bad regex at column 16 (offset 28): "
	         "missing closing parenthesis", path);
	assert_string_equal(err.msg, want);
	drop(path);

	assert_null(load_text("# name: x\n# time: localtime\n(?<status>\\d+)\n", &path, &err));
	snprintf(want, sizeof want, "%s:2: unknown time layout 'localtime'", path);
	assert_non_null(strstr(err.msg, want));
	drop(path);

	assert_null(load_text("# name: x\n(?<status>\\d+)\n (?<clientport>\\d+)\n", &path, &err));
	snprintf(want, sizeof want, "%s:3: unknown group name 'clientport'", path);
	assert_non_null(strstr(err.msg, want));
	drop(path);

	assert_null(load_text("# name: x\n# only comments\n", &path, &err));
	assert_non_null(strstr(err.msg, "no regex"));
	drop(path);

	assert_null(load_text("# name: bad name!\n(?<status>\\d+)\n", &path, &err));
	assert_non_null(strstr(err.msg, ":1: bad name"));
	drop(path);

	assert_null(pattern_load_file(SM_BUILD_DIR "/no/such/file.pattern", &err));
	assert_non_null(strstr(err.msg, "no/such/file.pattern: No such file"));
}

static void test_file_too_large(void **state)
{
	size_t n = 70 * 1024;
	char *text = malloc(n + 1);
	struct error err = { "" };
	char *path;

	(void)state;
	memset(text, 'a', n);
	memcpy(text, "(?<status>a)", 12);
	text[n] = '\0';
	assert_null(load_text(text, &path, &err));
	assert_non_null(strstr(err.msg, "larger than 64 KiB"));
	drop(path);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_are_views),
		cmocka_unit_test(test_time_unparsable_still_ok),
		cmocka_unit_test(test_status_required),
		cmocka_unit_test(test_unknown_group_named),
		cmocka_unit_test(test_bad_regex_offset),
		cmocka_unit_test(test_status_missing_or_empty),
		cmocka_unit_test(test_anchored),
		cmocka_unit_test(test_request_and_explicit_fields),
		cmocka_unit_test(test_catastrophic_backtracking),
		cmocka_unit_test(test_binary_bytes),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_file_headers_and_pieces),
		cmocka_unit_test(test_file_default_name),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_file_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
