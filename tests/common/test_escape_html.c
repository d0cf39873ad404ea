/* test_escape_html.c: escape_html_write, the HTML report's only way out for
 * log bytes: the five markup characters, controls and C1 made visible,
 * bidi and zero-width characters shown as <U+XXXX>, invalid UTF-8 replaced
 * by one U+FFFD per maximal subpart, valid text untouched; and for random
 * bytes: the output is valid UTF-8 with no markup character, no control
 * and no invisible character left (checked by python3, independently). */
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

static char *html_of(const char *src, size_t n)
{
	static char buf[8192];
	FILE *f;

	memset(buf, 0, sizeof buf);
	f = fmemopen(buf, sizeof buf - 1, "w");

	assert_non_null(f);
	escape_html_write(f, src, n);
	fclose(f);
	return buf;
}

#define EXPECT(src, want) assert_string_equal(html_of(src, sizeof src - 1), want)

static void test_markup(void **state)
{
	(void)state;
	EXPECT("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	EXPECT("\"><img src=x onerror=alert(1)>",
	       "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	EXPECT("it's & </style>", "it&#39;s &amp; &lt;/style&gt;");
	EXPECT("javascript:alert(1)", "javascript:alert(1)");   /* text, never a URL */
	EXPECT("/caf\xc3\xa9/\xe6\x97\xa5", "/caf\xc3\xa9/\xe6\x97\xa5");
	EXPECT("", "");
}

static void test_controls(void **state)
{
	(void)state;
	EXPECT("a\x1b]0;x\x07" "b", "a\\x1b]0;x\\x07b");
	EXPECT("nul\0tab\t", "nul\\x00tab\\x09");
	EXPECT("\x7f", "\\x7f");
	EXPECT("c1 \xc2\x9b" "31m", "c1 \\xc2\\x9b31m");
	EXPECT("back\\slash", "back\\\\slash");
}

static void test_invisible(void **state)
{
	(void)state;
	EXPECT("/invoice_\xe2\x80\xae" "fdp.exe", "/invoice_&lt;U+202E&gt;fdp.exe");
	EXPECT("zw\xe2\x80\x8bj\xef\xbb\xbf", "zw&lt;U+200B&gt;j&lt;U+FEFF&gt;");
	EXPECT("lit <U+202E>", "lit \\x3cU+202E&gt;");   /* reversible, as on a terminal */
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	EXPECT("caf\xe9!", "caf\xef\xbf\xbd!");
	EXPECT("\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd");
	EXPECT("\xe2\x80", "\xef\xbf\xbd");                 /* one maximal subpart */
	EXPECT("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");   /* surrogate */
	EXPECT("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");     /* overlong '/' */
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* 2000 random strings (bytes biased to the dangerous ones) escaped into
 * one file, one per line; python3 checks every line. */
static void test_random_checked_by_python(void **state)
{
	static const char pool[] = "<>\"'&\\\x1b\x07\x00\x7f\xc2\x9b\xe2\x80\xae\xff\xc3\xa9/aZ ";
	char path[] = "/tmp/sm-html-escape-XXXXXX", src[64], cmd[512];
	uint64_t s = 0x9e3779b97f4a7c15u;
	int fd = mkstemp(path), i, j, n;
	FILE *f = fdopen(fd, "w");

	(void)state;
	assert_non_null(f);
	for (i = 0; i < 2000; i++) {
		n = (int)(rng_next(&s) % sizeof src);
		for (j = 0; j < n; j++)
			src[j] = pool[rng_next(&s) % (sizeof pool - 1)];
		escape_html_write(f, src, (size_t)n);
		fputc('\n', f);
	}
	fclose(f);
	snprintf(cmd, sizeof cmd, "python3 -c \"import re,sys\n"
	         "t=open(sys.argv[1],'rb').read().decode('utf-8')\n"
	         "bad=re.search('[<>\\\"\\'\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u200b-\\u200f"
	         "\\u202a-\\u202e\\u2066-\\u2069\\ufeff]|&(?!(amp|lt|gt|quot|#39);)',t)\n"
	         "sys.exit(1 if bad else 0)\" %s", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markup),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_random_checked_by_python),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
