/* test_report_html.c: the HTML report's own pieces on the fixture: the
 * SHA-256 and base64 behind its CSP against the FIPS 180-4 / RFC 4648
 * vectors, the page being the same bytes twice, the fixture's hostile keys
 * reaching the page only escaped, and --anonymize-clients (masking, merging
 * with added error bounds, re-sorting, dropping the recent raw lines). The
 * browser and count checks are tests/cli/test_html.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "snapshot_fixture.h"
#include "html_impl.h"

static void hash_b64(const char *msg, size_t n, char out[48])
{
	unsigned char d[32];

	html_sha256(msg, n, d);
	html_base64(d, sizeof d, out);
}

static void test_sha256_vectors(void **state)
{
	char b[48], *big;
	const char *m56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	hash_b64("", 0, b);   /* e3b0c442...b855 */
	assert_string_equal(b, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	hash_b64("abc", 3, b);   /* ba7816bf...15ad */
	assert_string_equal(b, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	hash_b64(m56, strlen(m56), b);   /* 248d6a61...06c1: two padding blocks */
	assert_string_equal(b, "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=");
	big = malloc(1000000);
	assert_non_null(big);
	memset(big, 'a', 1000000);   /* cdc76e5c...c7d0 */
	hash_b64(big, 1000000, b);
	assert_string_equal(b, "zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA=");
	free(big);
	html_base64((const unsigned char *)"fo", 2, b);
	assert_string_equal(b, "Zm8=");
	html_base64((const unsigned char *)"f", 1, b);
	assert_string_equal(b, "Zg==");
}

static char *render(const struct snapshot *snap, const struct report_context *ctx, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);

	assert_non_null(f);
	report_write(f, REPORT_HTML, ctx, snap);
	fclose(f);
	return buf;
}

static void test_page_deterministic_and_escaped(void **state)
{
	struct snapshot *snap = fx_snapshot();
	struct report_context ctx = fx_context();
	size_t n1, n2;
	char *a = render(snap, &ctx, &n1), *b = render(snap, &ctx, &n2);

	(void)state;
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	assert_null(memchr(a, 0x1b, n1));                 /* no raw ESC anywhere */
	assert_non_null(strstr(a, "/\\x1b]0;pwned\\x07"));  /* shown, not run */
	assert_non_null(strstr(a, "/caf\xef\xbf\xbd/\xef\xbf\xbd\xef\xbf\xbd&quot;quoted&quot;"
	                          "\\\\back"));
	assert_non_null(strstr(a, "<data value=\"1500\" data-k=\"statuses.1.count\">1,500</data>"));
	assert_non_null(strstr(a, "Content-Security-Policy\" content=\"default-src 'none'; "
	                          "style-src 'sha256-"));
	assert_null(strstr(a, "<script"));
	assert_null(strstr(a, "href="));
	assert_int_equal(report_format_parse("html"), REPORT_HTML);
	free(a);
	free(b);
	fx_free(snap);
}

static void test_anonymize_fixture(void **state)
{
	struct snapshot *snap = fx_snapshot();
	struct snapshot_status *st = &snap->statuses[1];   /* 404 */

	(void)state;
	st->n_recent = 1;
	report_anonymize_clients(snap);
	assert_int_equal(st->n_clients, 3);
	assert_string_equal(st->clients[0].key, "203.0.113.0");
	assert_int_equal(st->clients[0].count, 900);
	assert_string_equal(st->clients[1].key, "2001:db8::");
	assert_int_equal(st->clients[1].error, 12);
	assert_string_equal(st->clients[2].key, "(not an address)");
	assert_int_equal(st->clients[2].key_len, strlen("(not an address)"));
	assert_int_equal(st->n_recent, 0);
	assert_string_equal(snap->statuses[0].clients[0].key, "192.0.2.0");
	fx_free(snap);
}

static void test_anonymize_merges(void **state)
{
	struct snapshot *snap = fx_snapshot();
	struct snapshot_status *st = &snap->statuses[0];

	(void)state;
	free(st->clients);
	st->clients = fx_items(6);
	fx_item(&st->clients[0], "10.0.0.1", 8, 5, 1);
	fx_item(&st->clients[1], "2001:db8:1:2::9", 15, 4, 0);
	fx_item(&st->clients[2], "10.0.0.2", 8, 7, 0);
	fx_item(&st->clients[3], "::ffff:10.0.0.3", 15, 3, 0);
	fx_item(&st->clients[4], "2001:db8:1:ffff:1:2:3:4", 23, 2, 1);
	fx_item(&st->clients[5], "2001:db8:2::1", 13, 9, 0);
	st->n_clients = 6;
	report_anonymize_clients(snap);
	assert_int_equal(st->n_clients, 3);
	assert_string_equal(st->clients[0].key, "10.0.0.0");
	assert_int_equal(st->clients[0].count, 15);
	assert_int_equal(st->clients[0].error, 1);
	assert_string_equal(st->clients[1].key, "2001:db8:2::");
	assert_int_equal(st->clients[1].count, 9);
	assert_string_equal(st->clients[2].key, "2001:db8:1::");
	assert_int_equal(st->clients[2].count, 6);
	assert_int_equal(st->clients[2].error, 1);
	fx_free(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_page_deterministic_and_escaped),
		cmocka_unit_test(test_anonymize_fixture),
		cmocka_unit_test(test_anonymize_merges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
