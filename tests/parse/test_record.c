/* test_record.c: field names both ways, and record_split_request on the
 * requests real logs hold: normal, HTTP/0.9, "-", empty, TLS garbage as
 * Apache and nginx escape it, raw binary, odd spacing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "statusmon/record.h"

static void test_field_names(void **state)
{
	static const char *const names[FIELD_COUNT] = {
		"client", "ident", "user", "time", "method", "path", "protocol",
		"status", "bytes", "referer", "agent", "vhost",
	};
	int f;

	(void)state;
	for (f = 0; f < FIELD_COUNT; f++) {
		assert_string_equal(record_field_name((enum record_field)f), names[f]);
		assert_int_equal(record_field_parse(names[f], strlen(names[f])), f);
	}
	assert_null(record_field_name(FIELD_COUNT));
	assert_int_equal(record_field_parse("request", 7), -1);
	assert_int_equal(record_field_parse("statusx", 6), FIELD_STATUS);   /* by length */
	assert_int_equal(record_field_parse("stat", 4), -1);
	assert_int_equal(record_field_parse("", 0), -1);
	assert_int_equal(record_field_parse(NULL, 0), -1);
}

/* splits req and checks method/path/protocol (NULL = absent) */
static void check_split(const char *req, size_t n, const char *method,
                        const char *path, size_t path_n, const char *protocol)
{
	const char *want[3] = { method, path, protocol };
	size_t want_n[3] = { method ? strlen(method) : 0, path_n,
	                     protocol ? strlen(protocol) : 0 };
	const enum record_field f[3] = { FIELD_METHOD, FIELD_PATH, FIELD_PROTOCOL };
	struct record rec;
	int i;

	memset(&rec, 0x5a, sizeof rec);   /* stale garbage must be overwritten */
	record_split_request(&rec, req, n);
	for (i = 0; i < 3; i++) {
		const struct sv *v = &rec.field[f[i]];

		if (!want[i]) {
			if (v->p != NULL || v->n != 0)
				fail_msg("[%.*s] field %d: want absent", (int)n, req, i);
			continue;
		}
		if (v->n != want_n[i] || memcmp(v->p, want[i], v->n) != 0)
			fail_msg("[%.*s] field %d: want [%s] got [%.*s]", (int)n, req, i,
			         want[i], (int)v->n, v->p ? v->p : "");
		/* a view into the request, not a copy */
		assert_true(v->p >= req && v->p + v->n <= req + n);
	}
}

#define SPLIT(req, m, p, pr) check_split(req, sizeof(req) - 1, m, p, strlen(p), pr)
/* path is the whole request (which may hold NUL bytes) */
#define WHOLE(req) check_split(req, sizeof(req) - 1, NULL, req, sizeof(req) - 1, NULL)

static void test_split_request(void **state)
{
	(void)state;
	SPLIT("GET /index.html HTTP/1.1", "GET", "/index.html", "HTTP/1.1");
	SPLIT("POST /api/v1/x?a=b%20c HTTP/2.0", "POST", "/api/v1/x?a=b%20c", "HTTP/2.0");
	SPLIT("PROPFIND /dav/ HTTP/1.1", "PROPFIND", "/dav/", "HTTP/1.1");
	SPLIT("M-SEARCH * HTTP/1.1", "M-SEARCH", "*", "HTTP/1.1");
	SPLIT("CONNECT example.com:443 HTTP/1.1", "CONNECT", "example.com:443", "HTTP/1.1");
	SPLIT("GET /x", "GET", "/x", NULL);                   /* HTTP/0.9 */
	WHOLE("-");
	check_split("", 0, NULL, NULL, 0, NULL);
	WHOLE("GET");
	WHOLE("GET ");
	WHOLE(" GET /x");
	WHOLE("GET  /x HTTP/1.1");
	WHOLE("GET /x  HTTP/1.1");
	WHOLE("GET /x HTTP/1.1 ");
	WHOLE("GET /x HTTP/1.1 extra");
	WHOLE("GET /a b HTTP/1.1");
	WHOLE("GET /x FTP/1.0");
	WHOLE("GET /x HTTP");
	SPLIT("GET /x HTTP/", "GET", "/x", "HTTP/");
	/* TLS handshakes as Apache and nginx log them, and raw */
	WHOLE("\\x16\\x03\\x01\\x02");
	WHOLE("\\x16\\x03\\x01 \\x00");
	WHOLE("\x16\x03\x01 \x02\xfc HTTP/1.1");
	WHOLE("G\0T /x HTTP/1.1");
	check_split("GET /\0 HTTP/1.1", 15, "GET", "/\0", 2, "HTTP/1.1");
	SPLIT("GET /x\tHTTP/1.1", "GET", "/x\tHTTP/1.1", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_names),
		cmocka_unit_test(test_split_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
