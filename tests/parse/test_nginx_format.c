/* test_nginx_format.c: nginx log_format -> regex (nginx_format.c): the
 * formats of nginx's documentation and default nginx.conf on lines as
 * nginx writes them (\x22 escapes, "-" for empty values, upstream lists),
 * ${var}, time variables, JSON-escaped formats, and errors naming the
 * variable. */
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

#define NGX_COMBINED "$remote_addr - $remote_user [$time_local] \"$request\" $status " \
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\""
#define NGX_MAIN NGX_COMBINED " \"$http_x_forwarded_for\""

static struct compiled compile(const char *fmt)
{
	return compiled_new(nginx_format_to_regex, "nginx", fmt);
}

/* The error message for fmt, which must not compile. */
static const char *fails(const char *fmt)
{
	return compiled_fails(nginx_format_to_regex, fmt);
}

static void test_combined(void **state)
{
	struct compiled c = compile(NGX_COMBINED);
	struct record rec;

	(void)state;
	assert_int_equal(c.layout, TIME_CLF);
	assert_int_equal(parse(&c, "203.0.113.12 - - [12/Mar/2024:09:00:04 +0100] \"GET "
	    "/docs/install?lang=en HTTP/2.0\" 301 159 \"https://www.example.com/\" "
	    "\"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0\"", &rec),
	    PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "203.0.113.12");
	assert_field(&rec, FIELD_IDENT, NULL);       /* a literal "-" in the format */
	assert_field(&rec, FIELD_USER, "-");
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/docs/install?lang=en");
	assert_field(&rec, FIELD_STATUS, "301");
	assert_field(&rec, FIELD_BYTES, "159");
	assert_field(&rec, FIELD_REFERER, "https://www.example.com/");
	assert_field(&rec, FIELD_AGENT,
	             "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1710230404);      /* 2024-03-12T08:00:04Z */
	/* nginx's \x22 for a quote, an empty request, a TLS handshake, 499, 444 */
	assert_int_equal(parse(&c, "192.0.2.9 - - [12/Mar/2024:09:00:05 +0100] \"GET "
	    "/search?q=\\x22x\\x22 HTTP/1.1\" 200 5 \"-\" \"say \\x22hi\\x22\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_PATH, "/search?q=\\x22x\\x22");
	assert_field(&rec, FIELD_AGENT, "say \\x22hi\\x22");
	assert_int_equal(parse(&c, "192.0.2.9 - - [12/Mar/2024:09:00:05 +0100] \"\" 400 0 "
	    "\"-\" \"-\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "400");
	assert_field(&rec, FIELD_PATH, NULL);
	assert_int_equal(parse(&c, "192.0.2.9 - - [12/Mar/2024:09:00:05 +0100] "
	    "\"\\x16\\x03\\x01\\x00\\xF7\\x01\" 400 157 \"-\" \"-\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_METHOD, NULL);
	assert_int_equal(parse(&c, "192.0.2.9 - - [12/Mar/2024:09:00:05 +0100] \"GET /x "
	    "HTTP/1.1\" 499 0 \"-\" \"curl/8.5.0\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "499");
	/* an Apache line with an ident is not this format; nor is garbage */
	assert_int_equal(parse(&c, "192.0.2.9 ident - [12/Mar/2024:09:00:05 +0100] \"GET / "
	    "HTTP/1.1\" 200 5 \"-\" \"-\"", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(&c, "[12/Mar/2024:09:00:05 +0100] \"GET /", &rec), PARSE_MALFORMED);
	release(&c);
}

static void test_main_with_forwarded_for(void **state)
{
	struct compiled c = compile(NGX_MAIN);
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "10.0.0.5 - alice [12/Mar/2024:09:00:04 +0100] \"POST /login "
	    "HTTP/1.1\" 302 0 \"-\" \"curl/8.5.0\" \"198.51.100.7, 10.0.0.1\"", &rec), PARSE_OK);
	assert_field(&rec, FIELD_USER, "alice");
	assert_field(&rec, FIELD_STATUS, "302");
	/* the forwarded-for field missing or cut: a line cut short, counted */
	assert_int_equal(parse(&c, "10.0.0.5 - alice [12/Mar/2024:09:00:04 +0100] \"POST /login "
	    "HTTP/1.1\" 302 0 \"-\" \"curl/8.5.0\"", &rec), PARSE_OK);
	assert_true(rec.truncated);
	assert_field(&rec, FIELD_AGENT, "curl/8.5.0");
	assert_int_equal(parse(&c, "10.0.0.5 - alice [12/Mar/2024:09:00:04 +0100] \"POST /login "
	    "HTTP/1.1\" 302 0 \"-\" \"curl/8.5.0\" \"198.51.1", &rec), PARSE_OK);
	assert_true(rec.truncated);
	/* cut before the size, or junk after the agent: not this format */
	assert_int_equal(parse(&c, "10.0.0.5 - alice [12/Mar/2024:09:00:04 +0100] \"POST /login "
	    "HTTP/1.1\" 302", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(&c, "10.0.0.5 - alice [12/Mar/2024:09:00:04 +0100] \"POST /login "
	    "HTTP/1.1\" 302 0 \"-\" \"curl/8.5.0\" 198.51.100.7", &rec), PARSE_MALFORMED);
	release(&c);
}

static void test_upstream_and_timing(void **state)
{
	struct compiled c = compile("$remote_addr - $remote_user [$time_local] \"$request\" "
	    "$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" rt=$request_time "
	    "uct=\"$upstream_connect_time\" uht=\"$upstream_header_time\" "
	    "urt=\"$upstream_response_time\" ua=$upstream_addr us=$upstream_status "
	    "$pipe $connection $request_length");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "192.0.2.44 - - [12/Mar/2024:09:10:00 +0100] \"GET /api/v1/orders "
	    "HTTP/1.1\" 200 5120 \"-\" \"okhttp/4.12.0\" rt=3.004 uct=\"0.001, 0.000\" "
	    "uht=\"-, 3.002\" urt=\"3.001, 0.003\" ua=10.0.0.1:8080, 10.0.0.2:8080 "
	    "us=502, 200 . 1843 312", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_BYTES, "5120");
	assert_field(&rec, FIELD_AGENT, "okhttp/4.12.0");
	/* an internal redirect: " : " between upstream groups */
	assert_int_equal(parse(&c, "192.0.2.44 - - [12/Mar/2024:09:10:00 +0100] \"GET / HTTP/1.1\" "
	    "504 0 \"-\" \"-\" rt=60.001 uct=\"-\" uht=\"-\" urt=\"60.000\" "
	    "ua=10.0.0.1:8080 : unix:/run/app.sock us=504 : 504 p 77 90", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "504");
	release(&c);
}

static void test_braces_and_time_variables(void **state)
{
	struct compiled c = compile("${remote_addr}:${remote_port} $msec ${host} "
	                            "\"${request_method} ${request_uri} ${server_protocol}\" "
	                            "${status}");
	struct record rec;

	(void)state;
	assert_int_equal(c.layout, TIME_EPOCH);
	assert_int_equal(parse(&c, "2001:db8::7:51000 1710230404.123 www.example.com \"GET /a?b=1 "
	    "HTTP/1.1\" 200", &rec), PARSE_OK);
	assert_field(&rec, FIELD_CLIENT, "2001:db8::7");
	assert_field(&rec, FIELD_VHOST, "www.example.com");
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/a?b=1");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/1.1");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1710230404);
	release(&c);
	c = compile("$time_iso8601 $status $request_time");
	assert_int_equal(c.layout, TIME_ISO8601);
	assert_int_equal(parse(&c, "2024-03-12T09:00:04+01:00 404 0.001", &rec), PARSE_OK);
	assert_int_equal(rec.time, 1710230404);
	release(&c);
}

/* log_format escape=json writes \" and \\ inside the quoted values. */
static void test_json_escaped_format(void **state)
{
	struct compiled c = compile("{\"remote_addr\":\"$remote_addr\",\"request_uri\":"
	    "\"$request_uri\",\"status\":\"$status\",\"http_user_agent\":\"$http_user_agent\"}");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "{\"remote_addr\":\"192.0.2.1\",\"request_uri\":\"/q?s=\\\"x\\\"\","
	    "\"status\":\"200\",\"http_user_agent\":\"a \\\\ b\"}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_PATH, "/q?s=\\\"x\\\"");
	assert_field(&rec, FIELD_AGENT, "a \\\\ b");
	assert_field(&rec, FIELD_STATUS, "200");
	release(&c);
}

static void test_families(void **state)
{
	struct compiled c = compile("$status $http_x_request_id $sent_http_content_type "
	    "$cookie_session $arg_page $ssl_protocol $upstream_cache_status \"$http_cookie\"");
	struct record rec;

	(void)state;
	assert_int_equal(parse(&c, "200 7f3a text/html - 2 TLSv1.3 HIT \"a=1; b=2\"", &rec),
	                 PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	release(&c);
}

static void test_errors(void **state)
{
	(void)state;
	assert_string_equal(fails("$remote_addr $foo_bar $status"),
	                    "unknown nginx variable $foo_bar at offset 13");
	assert_string_equal(fails("${remote_addr} ${bogus} $status"),
	                    "unknown nginx variable $bogus at offset 15");
	assert_string_equal(fails("$status $"), "bad nginx variable at offset 8");
	assert_string_equal(fails("$status ${host"), "bad nginx variable at offset 8");
	assert_string_equal(fails("$remote_addr [$time_local]"), "nginx log_format has no $status");
	assert_string_equal(fails(""), "empty nginx log_format");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combined),
		cmocka_unit_test(test_main_with_forwarded_for),
		cmocka_unit_test(test_upstream_and_timing),
		cmocka_unit_test(test_braces_and_time_variables),
		cmocka_unit_test(test_json_escaped_format),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
