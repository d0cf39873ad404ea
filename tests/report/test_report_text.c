/* test_report_text.c: the text report on the fixture (hostile paths,
 * vendor/unassigned/invalid codes), with and without color, on an empty
 * run and an all-malformed one: every line fits 80 columns, no control
 * byte reaches the output except newlines and (with color) SGR sequences,
 * and the sections say what the snapshot holds. */
#define _XOPEN_SOURCE 700   /* wcwidth */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>
#include "snapshot_fixture.h"

/* Skips an SGR sequence ESC [ digits/; m at s; returns its length or 0. */
static size_t sgr_len(const unsigned char *s, size_t n)
{
	size_t i = 2;

	if (n < 3 || s[0] != 0x1b || s[1] != '[')
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
		i++;
	return i < n && s[i] == 'm' ? i + 1 : 0;
}

/* Decodes one strict UTF-8 character; 0 if invalid. */
static size_t utf8_char(const unsigned char *s, size_t n, wchar_t *wc)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80) {
		*wc = s[0];
		return 1;
	}
	len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (len == 0 || len > n || s[0] > 0xF4)
		return 0;
	cp = s[0] & (0x3F >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*wc = (wchar_t)cp;
	return len;
}

/* The whole report: strict UTF-8, no C0 (but \n), DEL or C1, ESC only as
 * SGR when color, lines of at most 80 characters and 80 columns. */
static void assert_text_safe(const char *text, size_t n, bool color)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, chars = 0, cols = 0, k;
	wchar_t wc = 0;
	int w;

	while (i < n) {
		if (s[i] == '\n') {
			chars = cols = 0;
			i++;
			continue;
		}
		if (s[i] == 0x1b) {
			assert_true(color);
			k = sgr_len(s + i, n - i);
			assert_true(k > 0);
			i += k;
			continue;
		}
		k = utf8_char(s + i, n - i, &wc);
		assert_true(k > 0);
		assert_false(wc < 0x20 || (wc >= 0x7F && wc <= 0x9F));
		/* bidi controls and zero-width characters never raw */
		assert_false((wc >= 0x202A && wc <= 0x202E) || (wc >= 0x2066 && wc <= 0x2069) ||
		             (wc >= 0x200B && wc <= 0x200F) || wc == 0xFEFF);
		w = wcwidth(wc);
		cols += w > 0 ? (size_t)w : 1;
		chars++;
		if (chars > 80 || cols > 80)
			fail_msg("line over 80 columns near byte %zu", i);
		i += k;
	}
	assert_true(n > 0 && s[n - 1] == '\n');
}

static char *render(const struct report_context *ctx, const struct snapshot *snap, size_t *n)
{
	return fx_render(report_text_write, ctx, snap, n);
}

/* The line holding needle, copied to buf (for checks on one row). */
static const char *line_with(const char *text, const char *needle, char *buf, size_t cap)
{
	const char *p = strstr(text, needle), *b, *e;

	if (!p)
		fail_msg("not in the report: %s", needle);
	for (b = p; b > text && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	snprintf(buf, cap, "%.*s", (int)(e - b), b);
	return buf;
}

/* Occurrences of needle in text. */
static __attribute__((noinline)) size_t count_of(const char *text, const char *needle)
{
	size_t k = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		k++;
	return k;
}

static void test_text_fixture(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	char line[256];
	size_t n;
	char *out = render(&ctx, snap, &n);

	(void)state;
	assert_text_safe(out, n, false);
	/* summary */
	assert_non_null(strstr(out, "\n  Lines         10100  = parsed + malformed + directives\n"
	                            "  Parsed        10050\n"
	                            "  Malformed        48  (0.48% of non-directive lines)\n"
	                            "  Directives        2\n"
	                            "  Filtered         49\n"
	                            "  Counted       10001\n"));
	assert_non_null(strstr(out, "2015-05-17T10:05:03Z .. 2015-05-17T11:04:58Z (UTC)"));
	assert_non_null(strstr(out, "  Format        mixed\n"));
	assert_non_null(strstr(out, "built-in (updated 2022-06-08)"));
	/* every input with its own format and counts */
	assert_non_null(strstr(out, "\n  Inputs\n"
	                            "    /var/log/nginx/access.log  10000 lines  2345678 bytes\n"
	                            "      combined: 9990 parsed, 10 malformed, 0 directives, "
	                            "49 filtered\n"
	                            "    /var/log/iis/u_ex150517.log  100 lines  23456 bytes\n"
	                            "      w3c: 60 parsed, 38 malformed, 2 directives\n"
	                            "    /var/log/nginx/evil\\x1b]0;name\\x07.log  0 lines  0 bytes  FAILED\n"
	                            "      none: 0 parsed, 0 malformed, 0 directives\n"
	                            "  Lines "));
	assert_null(strstr(out, "Warning"));     /* 38 of 98: under half */
	/* class table and status rows */
	assert_non_null(strstr(line_with(out, "  5xx ", line, sizeof line), "170    1.70%"));
	assert_string_equal(line_with(out, "  V 499 ", line, sizeof line),
	                    "  V 499        Client Closed Request        300    3.00%  #");
	assert_non_null(strstr(out, "\n  U 299        (unassigned)"));
	assert_non_null(strstr(out, "\n  ! \"-\"        (invalid status)"));
	assert_non_null(strstr(out, "\n  ! 000 "));
	assert_non_null(strstr(out, "\n  ! \"\\x1b...\"  (invalid status)"));
	assert_non_null(strstr(out, "Markers: V vendor-only code, U unassigned by IANA, ! invalid"));
	/* flagged codes with their meanings */
	assert_non_null(strstr(out, "\n      nginx: Client Closed Request; Esri: Token Required\n"));
	assert_non_null(strstr(out, "\n      Cloudflare: Unknown Error; Microsoft: Unknown Error\n"));
	assert_non_null(strstr(out, "\n  U 299  20 lines, 0.20%\n"
	                            "      not in the IANA registry and no known vendor use\n"));
	assert_non_null(strstr(out, "\n  ! \"\\x1b[31m\"  1 line, 0.01%\n"));
	/* top lists: escaped, estimates marked, long keys cut */
	assert_non_null(strstr(out, "\n       612  /wp-login.php\n"));
	assert_non_null(strstr(out, "\n       233  /\\x1b]0;pwned\\x07\n"));
	assert_non_null(strstr(out, "\n      ~120  /search?q=\\x1b[2J\n"));
	assert_non_null(strstr(out, "  /\\xc2\\x9b31mred\n"));
	assert_non_null(strstr(out, "  /caf\\xe9/\\xff\\xfe\"quoted\"\\\\back\n"));
	assert_non_null(strstr(out, "~410  2001:db8::1\n"));
	line_with(out, "~9  /bcdef", line, sizeof line);
	assert_int_equal(strlen(line), 80);
	assert_string_equal(line + 77, "...");
	assert_non_null(strstr(out, "\n  499 Client Closed Request: 300 lines\n"));
	assert_null(strstr(out, "\n  200 OK:"));        /* 2xx has no top section */
	/* timeline */
	assert_non_null(strstr(out, "Timeline (UTC, 5m buckets, 12 rows)"));
	assert_non_null(strstr(out, "\n  2015-05-17 10:30    977    585     83    150    159      0  #"));
	assert_non_null(strstr(out, "\n  2015-05-17 10:55 "));
	assert_null(strstr(out, "nan"));
	free(out);
	fx_free(snap);
}

static void test_text_color(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	size_t n;
	char *out;

	(void)state;
	ctx.color = true;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, true);
	assert_non_null(strstr(out, "\033[1mClasses\033[0m"));
	assert_non_null(strstr(out, "\033[31m"));
	assert_non_null(strstr(out, "/\\x1b]0;pwned\\x07"));
	free(out);
	ctx.color = false;
	out = render(&ctx, snap, &n);
	assert_null(strchr(out, 0x1b));
	free(out);
	fx_free(snap);
}

static void test_text_top_n(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	size_t n;
	char *out;

	(void)state;
	ctx.top_n = 2;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_non_null(strstr(out, "pwned"));
	assert_null(strstr(out, "/search?q="));
	assert_null(strstr(out, "198.51.100.4"));
	free(out);
	fx_free(snap);
}

static void test_text_empty(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_empty();
	size_t n;
	char *out;

	(void)state;
	ctx.n_inputs = 0;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_non_null(strstr(out, "No status codes counted: the input was empty."));
	assert_non_null(strstr(out, "(no timestamps)"));
	assert_null(strstr(out, "Classes"));
	assert_null(strstr(out, "nan"));
	free(out);
	/* every line malformed */
	snap->lines = snap->malformed = 5;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_non_null(strstr(out, "every line was malformed or filtered"));
	free(out);
	fx_free(snap);
}

/* The rotated set of issue 11: access.log is empty, access.log.1 is
 * combined, and an IIS log was copied in among them by mistake and read as
 * combined: only that input warns, in one line; an input under 10 lines or
 * under half malformed does not; a caller without per-input counts shows
 * none. */
static void test_text_input_warning(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	struct report_input in[] = {
		{ .name = "/var/log/nginx/access.log", .lines = 0, .bytes = 0, .failed = false, .format = "none", .parsed = 0, .malformed = 0, .directives = 0, .filtered = 0 },
		{ .name = "/var/log/nginx/access.log.1", .lines = 336, .bytes = 70000, .failed = false, .format = "combined", .parsed = 333, .malformed = 3, .directives = 0, .filtered = 0 },
		{ .name = "/var/log/nginx/u_ex150517.log", .lines = 134, .bytes = 30000, .failed = false, .format = "combined", .parsed = 0, .malformed = 134, .directives = 0, .filtered = 0 },
		{ .name = "/var/log/nginx/tiny.log", .lines = 9, .bytes = 900, .failed = false, .format = "combined", .parsed = 0, .malformed = 9, .directives = 0, .filtered = 0 },
		{ .name = "/var/log/nginx/half.log", .lines = 20, .bytes = 2000, .failed = false, .format = "combined", .parsed = 10, .malformed = 9, .directives = 1, .filtered = 0 },
	};
	char line[256];
	size_t n;
	char *out;

	(void)state;
	ctx.inputs = in;
	ctx.n_inputs = 5;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_string_equal(line_with(out, "Warning", line, sizeof line),
	                    "  Warning: /var/log/nginx/u_ex150517.log: 100.00% malformed as combined");
	assert_int_equal(count_of(out, "Warning"), 1);
	free(out);
	/* 10 of 19 malformed: half or more warns (>= 50%) */
	in[4].parsed = 9;
	in[4].malformed = 10;
	out = render(&ctx, snap, &n);
	assert_non_null(strstr(out, "Warning: /var/log/nginx/half.log: 52.63% malformed as"));
	free(out);
	/* alone, a mostly malformed input does not "warn while others parse" */
	ctx.inputs = &in[2];
	ctx.n_inputs = 1;
	out = render(&ctx, snap, &n);
	assert_null(strstr(out, "Warning"));
	free(out);
	/* a long hostile name is cut, the line still fits */
	in[2].name = "/var/log/\xe2\x80\xae" "gol.sseccaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
	             "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX.log";
	ctx.inputs = in;
	ctx.n_inputs = 5;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_non_null(strstr(out, "  Warning: /var/log/<U+202E>gol.sseccaXXX"));
	free(out);
	/* no per-input counts kept (format NULL): the old one-line listing */
	in[1].format = NULL;
	out = render(&ctx, snap, &n);
	assert_non_null(strstr(out, "    /var/log/nginx/access.log.1  336 lines  70000 bytes\n"
	                            "    /var/log/"));
	free(out);
	fx_free(snap);
}

/* A run whose lines were all filtered out still shows the log's time range. */
static void test_text_all_filtered(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_empty();
	size_t n;
	char *out;

	(void)state;
	snap->lines = snap->parsed = snap->filtered = 336;
	snap->has_time = true;
	snap->first = 1431857103;
	snap->last = 1431860698;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_null(strstr(out, "no timestamps"));
	assert_non_null(strstr(out, "2015-05-17T10:05:03Z .. 2015-05-17T11:04:58Z (UTC)"));
	assert_non_null(strstr(out, "every line was malformed or filtered"));
	free(out);
	fx_free(snap);
}

/* A bidi override in a path shows as <U+202E>, not reversing the line. */
static void test_text_bidi_path(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	size_t n;
	char *out;

	(void)state;
	fx_item(&snap->statuses[1].paths[0], "/invoice_\xe2\x80\xae" "fdp.exe", 19, 612, 0);
	fx_item(&snap->statuses[1].clients[0], "\xef\xbb\xbf" "203.0.113.7\xe2\x80\x8b", 17, 900, 0);
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_non_null(strstr(out, "\n       612  /invoice_<U+202E>fdp.exe\n"));
	assert_non_null(strstr(out, "  <U+FEFF>203.0.113.7<U+200B>\n"));
	free(out);
	fx_free(snap);
}

/* Counts near UINT64_MAX still fit the 80 columns. */
static void test_text_huge_counts(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	size_t n, i;
	char *out;

	(void)state;
	snap->lines = snap->parsed = snap->malformed = snap->directives = UINT64_MAX;
	snap->filtered = 0;
	snap->by_class[CLASS_2XX] = UINT64_MAX;
	snap->statuses[0].count = UINT64_MAX - 1;
	for (i = 0; i < snap->n_buckets; i++)
		snap->buckets[i].by_class[CLASS_4XX] = UINT64_MAX / 16;
	snap->statuses[1].paths[0].count = UINT64_MAX;
	out = render(&ctx, snap, &n);
	assert_text_safe(out, n, false);
	assert_non_null(strstr(out, "18446744073709551615"));
	free(out);
	fx_free(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_fixture),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_top_n),
		cmocka_unit_test(test_text_empty),
		cmocka_unit_test(test_text_huge_counts),
		cmocka_unit_test(test_text_input_warning),
		cmocka_unit_test(test_text_all_filtered),
		cmocka_unit_test(test_text_bidi_path),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
