/* test_escape.c: the three output escapers against every byte, strict UTF-8
 * edge cases, terminal injection strings, truncation, random input (JSON
 * checked by python3's strict parser) and RFC 4180 quoting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "statusmon/escape.h"

/* Deterministic xorshift64 so a failure reproduces. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Random bytes biased toward the dangerous ones: C0/C1 controls, DEL,
 * quotes, backslash, lead and continuation bytes, and whole sequences. */
static size_t random_bytes(uint64_t *s, unsigned char *buf, size_t max)
{
	static const char *const pieces[] = {
		"\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\x9b", "\xc2\x85", "\xc3\xa9",
		"\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xc0\xaf", "\xe0\x80\xaf", "\x1b]0;pwned\x07", "\x1b[2J", "\\\"",
		"\xef\xbf\xbd", "\xf0\x9f", "\xe2\x82", "\xe2\x80\xae", "\xe2\x81\xa6",
		"\xe2\x80\x8b", "\xef\xbb\xbf", "<U+202E>", "<U",
	};
	size_t n = rng_next(s) % max, i = 0, k;
	const char *p;

	while (i < n) {
		uint64_t r = rng_next(s);
		switch (r % 4) {
		case 0:
			buf[i++] = (unsigned char)(r >> 8);
			break;
		case 1:
			buf[i++] = (unsigned char)(0x20 + (r >> 8) % 95);
			break;
		case 2:
			buf[i++] = (unsigned char)(0x80 + (r >> 8) % 0x80);
			break;
		default:
			p = pieces[(r >> 8) % (sizeof pieces / sizeof pieces[0])];
			k = strlen(p);
			if (i + k > n)
				k = n - i;
			memcpy(buf + i, p, k);
			i += k;
		}
	}
	return n;
}

/* An independent strict UTF-8 check (RFC 3629 section 4 ABNF). */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned char lo, hi;

	while (i < n) {
		unsigned char c = s[i];
		lo = 0x80;
		hi = 0xBF;
		if (c <= 0x7F)
			len = 1;
		else if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4;
		else
			return 0;
		if (c == 0xE0) lo = 0xA0;
		if (c == 0xED) hi = 0x9F;
		if (c == 0xF0) lo = 0x90;
		if (c == 0xF4) hi = 0x8F;
		for (k = 1; k < len; k++) {
			if (i + k >= n || s[i + k] < lo || s[i + k] > hi)
				return 0;
			lo = 0x80;
			hi = 0xBF;
		}
		i += len;
	}
	return 1;
}

/* The bidi controls and zero-width characters of issue 11, as UTF-8,
 * written out here rather than taken from escape.c. */
static const char *const invisible[] = {
	"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae", /* 202A-E */
	"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",                /* 2066-9 */
	"\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d", "\xe2\x80\x8e", "\xe2\x80\x8f", /* 200B-F */
	"\xef\xbb\xbf", "\xd8\x9c", "\xe2\x81\xa0", "\xe2\x80\xa8", "\xe2\x80\xa9",
};
static const char *const invisible_shown[] = {
	"<U+202A>", "<U+202B>", "<U+202C>", "<U+202D>", "<U+202E>",
	"<U+2066>", "<U+2067>", "<U+2068>", "<U+2069>",
	"<U+200B>", "<U+200C>", "<U+200D>", "<U+200E>", "<U+200F>",
	"<U+FEFF>", "<U+061C>", "<U+2060>", "<U+2028>", "<U+2029>",
};

/* Output safe for a terminal: valid UTF-8, no C0/DEL, no C1 (C2 80..9F),
 * no bidi control or zero-width character. */
static void assert_terminal_safe(const char *out, size_t n)
{
	const unsigned char *s = (const unsigned char *)out;
	size_t i, k;

	assert_true(utf8_valid(s, n));
	for (i = 0; i < n; i++) {
		assert_false(s[i] < 0x20 || s[i] == 0x7F);
		if (s[i] == 0xC2 && i + 1 < n)
			assert_false(s[i + 1] >= 0x80 && s[i + 1] <= 0x9F);
		for (k = 0; k < sizeof invisible / sizeof invisible[0]; k++)
			if (strncmp(out + i, invisible[k], strlen(invisible[k])) == 0)
				fail_msg("raw invisible character %s at byte %zu",
				         invisible_shown[k], i);
	}
}

static char *term(const char *src, size_t n)
{
	size_t len = escape_terminal(NULL, 0, src, n);
	char *out = malloc(len + 1);

	assert_non_null(out);
	assert_int_equal(escape_terminal(out, len + 1, src, n), len);
	return out;
}

static void assert_term(const char *src, size_t n, const char *want)
{
	char *out = term(src, n);

	assert_string_equal(out, want);
	free(out);
}

static void test_every_byte_alone(void **state)
{
	char src[1], want[8];
	int b;

	(void)state;
	for (b = 0; b < 256; b++) {
		src[0] = (char)b;
		if (b < 0x20 || b >= 0x7F)
			snprintf(want, sizeof want, "\\x%02x", b);
		else if (b == '\\')
			strcpy(want, "\\\\");
		else
			snprintf(want, sizeof want, "%c", b);
		assert_term(src, 1, want);
	}
}

/* Each byte after every kind of lead, before an ASCII letter: the output is
 * always terminal-safe, and the letter survives. */
static void test_every_byte_in_utf8_context(void **state)
{
	static const char *const leads[] = {
		"", "\xc3", "\xe2", "\xe2\x82", "\xe0", "\xed", "\xf0", "\xf0\x9f",
		"\xf0\x9f\x98", "\xf4", "\xf4\x8f", "\xc2",
	};
	char src[8], *out;
	size_t i, k;
	int b;

	(void)state;
	for (i = 0; i < sizeof leads / sizeof leads[0]; i++) {
		for (b = 0; b < 256; b++) {
			k = strlen(leads[i]);
			memcpy(src, leads[i], k);
			src[k++] = (char)b;
			src[k++] = 'Z';
			out = term(src, k);
			assert_terminal_safe(out, strlen(out));
			assert_int_equal(out[strlen(out) - 1], 'Z');
			free(out);
		}
	}
}

static void test_utf8_edge_cases(void **state)
{
	(void)state;
	assert_term("caf\xc3\xa9", 5, "caf\xc3\xa9");
	assert_term("\xe2\x82\xac 5", 5, "\xe2\x82\xac 5");
	assert_term("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80");
	assert_term("\xc2\xa0", 2, "\xc2\xa0");                 /* NBSP: printable */
	assert_term("\xf4\x8f\xbf\xbf", 4, "\xf4\x8f\xbf\xbf"); /* U+10FFFF */
	assert_term("\xc0\xaf", 2, "\\xc0\\xaf");               /* overlong / */
	assert_term("\xe0\x80\xaf", 3, "\\xe0\\x80\\xaf");
	assert_term("\xf0\x80\x80\xaf", 4, "\\xf0\\x80\\x80\\xaf");
	assert_term("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");      /* surrogate */
	assert_term("\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80");
	assert_term("\xf5\x80", 2, "\\xf5\\x80");
	assert_term("\xe2\x82", 2, "\\xe2\\x82");               /* truncated */
	assert_term("\xe2\x82" "A", 3, "\\xe2\\x82A");
	assert_term("\xc2\x80", 2, "\\xc2\\x80");               /* C1 */
	assert_term("\xc2\x9f", 2, "\\xc2\\x9f");
	assert_term("a\0b", 3, "a\\x00b");
	assert_term("C:\\dir", 6, "C:\\\\dir");
	assert_term("", 0, "");
}

static void test_injection_strings(void **state)
{
	static const char *const attacks[] = {
		"\x1b]0;pwned\x07", "\x1b[2J", "\xc2\x9b" "31m", "\x1bP+q\x1b\\",
		"\x9b" "2J", "\x1b]8;;http://x\x1b\\link", "\r\x1b[K",
	};
	char *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		out = term(attacks[i], strlen(attacks[i]));
		assert_terminal_safe(out, strlen(out));
		free(out);
	}
	assert_term("\x1b]0;pwned\x07", 10, "\\x1b]0;pwned\\x07");
	assert_term("\xc2\x9b" "1m", 4, "\\xc2\\x9b1m");
}

/* Atom length at out (escaped output): \\, \xHH, <U+XXXX>, or one UTF-8
 * character. */
static size_t atom_len(const unsigned char *out)
{
	if (out[0] == '\\')
		return out[1] == '\\' ? 2 : 4;
	if (out[0] == '<' && out[1] == 'U' && out[2] == '+')
		return 8;
	return out[0] < 0x80 ? 1 : out[0] >= 0xF0 ? 4 : out[0] >= 0xE0 ? 3 : 2;
}

/* Atom boundaries of the full escape, read from its grammar; every cap
 * must get the longest prefix ending on one. */
static void check_truncation(const char *src, size_t n)
{
	size_t full_len = escape_terminal(NULL, 0, src, n), k, cap, best, got;
	char *full = term(src, n), *out = malloc(full_len + 2);
	unsigned char *bound = calloc(full_len + 1, 1);

	assert_non_null(out);
	assert_non_null(bound);
	for (k = 0; k < full_len; k += atom_len((unsigned char *)full + k))
		bound[k] = 1;
	assert_int_equal(k, full_len);
	bound[full_len] = 1;
	for (cap = 1; cap <= full_len + 1; cap++) {
		got = escape_terminal(out, cap, src, n);
		for (best = cap - 1; !bound[best]; best--)
			;
		assert_int_equal(got, best);
		assert_int_equal(strlen(out), got);
		assert_memory_equal(out, full, got);
	}
	free(bound);
	free(out);
	free(full);
}

static void test_truncation_never_splits(void **state)
{
	uint64_t seed = 0x5eed1234abcdULL;
	unsigned char buf[64];
	char tiny[1] = { 'x' };
	int i;

	(void)state;
	check_truncation("\xe2\x82\xac\x1b" "a\xc2\x9b\\\xf0\x9f\x98\x80", 12);
	for (i = 0; i < 300; i++)
		check_truncation((char *)buf, random_bytes(&seed, buf, sizeof buf));
	/* cap 1: only the NUL; cap 0: nothing written */
	assert_int_equal(escape_terminal(tiny, 1, "abc", 3), 0);
	assert_int_equal(tiny[0], '\0');
	tiny[0] = 'x';
	assert_int_equal(escape_terminal(tiny, 0, "\x1b", 1), 4);
	assert_int_equal(tiny[0], 'x');
}

static void test_terminal_write_matches(void **state)
{
	uint64_t seed = 42;
	unsigned char buf[200];
	char *mem, *want;
	size_t memlen, n;
	FILE *f;
	int i;

	(void)state;
	for (i = 0; i < 500; i++) {
		n = random_bytes(&seed, buf, sizeof buf);
		f = open_memstream(&mem, &memlen);
		assert_non_null(f);
		escape_terminal_write(f, (char *)buf, n);
		fclose(f);
		want = term((char *)buf, n);
		assert_string_equal(mem, want);
		assert_terminal_safe(mem, memlen);
		free(want);
		free(mem);
	}
}

/* The trick of issue 11: "/invoice_<U+202E>fdp.exe" displays as
 * "/invoice_exe.pdf". Every invisible character shows as <U+XXXX>, and a
 * literal "<U+" in the log cannot pass for one. */
static void test_terminal_invisible(void **state)
{
	char src[32], want[32];
	size_t k;

	(void)state;
	assert_term("/invoice_\xe2\x80\xae" "fdp.exe", 19, "/invoice_<U+202E>fdp.exe");
	for (k = 0; k < sizeof invisible / sizeof invisible[0]; k++) {
		snprintf(src, sizeof src, "a%sb", invisible[k]);
		snprintf(want, sizeof want, "a%sb", invisible_shown[k]);
		assert_term(src, strlen(src), want);
	}
	assert_term("<U+202E>", 8, "\\x3cU+202E>");
	assert_term("<script>", 8, "<script>");
	assert_term("<U", 2, "<U");
	assert_term("\xe2\x80\xad\xe2\x80\xae", 6, "<U+202D><U+202E>");
	/* neighbours stay as they are: NBSP, en dash, U+2070, U+FEFE */
	assert_term("\xe2\x80\x93\xe2\x81\xb0\xef\xbb\xbe", 9,
	            "\xe2\x80\x93\xe2\x81\xb0\xef\xbb\xbe");
}

/* A message (escape_message_write) keeps escapes made earlier, <U+..> too,
 * but still shows a raw invisible character. */
static void test_message_invisible(void **state)
{
	char *mem;
	size_t len;
	FILE *f = open_memstream(&mem, &len);

	(void)state;
	assert_non_null(f);
	escape_message_write(f, "cannot open '/x<U+202E>y': \xe2\x80\xae");
	fclose(f);
	assert_string_equal(mem, "cannot open '/x<U+202E>y': <U+202E>");
	free(mem);
}

static char *json(const char *src, size_t n)
{
	char *mem;
	size_t len;
	FILE *f = open_memstream(&mem, &len);

	assert_non_null(f);
	escape_json_write(f, src, n);
	fclose(f);
	return mem;
}

static void assert_json(const char *src, size_t n, const char *want)
{
	char *out = json(src, n);

	assert_string_equal(out, want);
	free(out);
}

static void test_json_cases(void **state)
{
	(void)state;
	assert_json("", 0, "\"\"");
	assert_json("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	assert_json("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	assert_json("\x1b\x00\x7f", 3, "\"\\u001b\\u0000\\u007f\"");
	assert_json("\xc2\x9b\xc2\x85", 4, "\"\\u009b\\u0085\"");
	assert_json("\xe2\x80\xa8\xe2\x80\xa9", 6, "\"\\u2028\\u2029\"");
	assert_json("caf\xc3\xa9 \xf0\x9f\x98\x80", 10, "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
	assert_json("/", 1, "\"/\"");
	/* one U+FFFD per maximal invalid subpart */
	assert_json("\xe2\x82" "A", 3, "\"\\ufffdA\"");
	assert_json("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
	assert_json("\xf0\x9f\x98", 3, "\"\\ufffd\"");
	assert_json("\xff\xfe", 2, "\"\\ufffd\\ufffd\"");
	/* invisible characters: \u escapes, so a viewer shows them */
	assert_json("/invoice_\xe2\x80\xae" "fdp.exe", 19, "\"/invoice_\\u202e" "fdp.exe\"");
	assert_json("\xe2\x81\xa6\xe2\x80\x8b\xef\xbb\xbf\xe2\x80\x8f", 12,
	            "\"\\u2066\\u200b\\ufeff\\u200f\"");
	assert_json("<U+202E>", 8, "\"<U+202E>\"");
}

/* Random strings through the JSON escaper, checked by python3's strict
 * json.loads and compared with Python's own U+FFFD decoding. */
static void test_json_random_python(void **state)
{
	char path[] = "/tmp/sm-escape-json.XXXXXX", cmd[512], result[256] = "";
	uint64_t seed = 0xdecafbadULL;
	unsigned char buf[120];
	size_t n, k;
	FILE *f, *p;
	int fd, i;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	for (i = 0; i < 3000; i++) {
		n = random_bytes(&seed, buf, sizeof buf);
		if (i < 256) {          /* every byte alone, first */
			buf[0] = (unsigned char)i;
			n = 1;
		}
		for (k = 0; k < n; k++)
			fprintf(f, "%02x", buf[k]);
		fputc('\t', f);
		escape_json_write(f, (char *)buf, n);
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof cmd, "python3 %s/tests/common/json_roundtrip.py %s",
	         SM_SOURCE_DIR, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (!fgets(result, sizeof result, p))
		result[0] = '\0';
	pclose(p);
	unlink(path);
	assert_string_equal(result, "OK 3000\n");
}

static char *csv(const char *src, size_t n)
{
	char *mem;
	size_t len;
	FILE *f = open_memstream(&mem, &len);

	assert_non_null(f);
	escape_csv_write(f, src, n);
	fclose(f);
	return mem;
}

static void assert_csv(const char *src, const char *want)
{
	char *out = csv(src, strlen(src));

	assert_string_equal(out, want);
	free(out);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	assert_csv("", "");
	assert_csv("Client Closed Request", "Client Closed Request");
	assert_csv("a,b", "\"a,b\"");
	assert_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_csv("\"", "\"\"\"\"");
	assert_csv(" lead", "\" lead\"");
	assert_csv("trail ", "\"trail \"");
	assert_csv("mid space", "mid space");
	/* line breaks and controls are escaped, so a row never splits */
	assert_csv("line\r\nbreak", "\"line\\x0d\\x0abreak\"");
	assert_csv("\x1b[2J", "\\x1b[2J");
	assert_csv("caf\xc3\xa9", "caf\xc3\xa9");
	assert_csv("\xff,x", "\"\\xff,x\"");
	assert_csv("nginx: Client Closed Request; Esri: Token Required",
	           "nginx: Client Closed Request; Esri: Token Required");
	/* invisible characters as on the terminal */
	assert_csv("/invoice_\xe2\x80\xae" "fdp.exe", "/invoice_<U+202E>fdp.exe");
	assert_csv("\xef\xbb\xbf" "200", "<U+FEFF>200");
}

/* OWASP CSV injection: a field a spreadsheet would evaluate gets a ' */
static void test_csv_formula_guard(void **state)
{
	(void)state;
	assert_csv("=HYPERLINK(\"http://evil/\")", "\"'=HYPERLINK(\"\"http://evil/\"\")\"");
	assert_csv("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0");
	assert_csv("-2+3", "'-2+3");
	assert_csv("-", "'-");
	assert_csv("@SUM(A1:A9)", "'@SUM(A1:A9)");
	assert_csv("\t=1", "'\\x09=1");
	assert_csv("\r=1", "\"'\\x0d=1\"");
	/* only at the start, and not the look-alikes */
	assert_csv("a=b", "a=b");
	assert_csv(" =1", "\" =1\"");
	assert_csv("'=1", "'=1");
	assert_csv("200", "200");
}

/* escape_shown: a value quoted in a message, escaped, cut with "..." */
static void test_shown(void **state)
{
	char buf[16], tiny[3];
	const char *long_name = "/var/log/nginx/access.log.1";

	(void)state;
	assert_string_equal(escape_shown(buf, sizeof buf, "a\x1b[2Jb"), "a\\x1b[2Jb");
	assert_string_equal(escape_shown(buf, sizeof buf, long_name), "/var/log/ngi...");
	assert_int_equal(strlen(buf), sizeof buf - 1);
	/* never splits an escape: the cut falls before "\x1b" */
	assert_string_equal(escape_shown(buf, sizeof buf, "0123456789\x1b\x1b\x1b"),
	                    "0123456789...");
	assert_string_equal(escape_shown(tiny, sizeof tiny, long_name), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_alone),
		cmocka_unit_test(test_every_byte_in_utf8_context),
		cmocka_unit_test(test_utf8_edge_cases),
		cmocka_unit_test(test_injection_strings),
		cmocka_unit_test(test_truncation_never_splits),
		cmocka_unit_test(test_terminal_write_matches),
		cmocka_unit_test(test_json_cases),
		cmocka_unit_test(test_json_random_python),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_terminal_invisible),
		cmocka_unit_test(test_message_invisible),
		cmocka_unit_test(test_csv_formula_guard),
		cmocka_unit_test(test_shown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
