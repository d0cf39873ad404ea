/* test_jsonl.c: JSON-lines logs (jsonl.c, json_scan.c): nginx
 * escape=json, Caddy's nested structure, Traefik's keys, generic status
 * keys; status as number or string; escapes undone into scratch; invalid
 * JSON, missing status, hostile nesting and long lines; the samples'
 * counts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format_impl.h"
#include "parse/record_check.h"

static enum parse_result parse(struct jsonl_state *st, const char *line, struct record *rec)
{
	return jsonl_parse(st, line, strlen(line), rec);
}

static void test_nginx_escape_json(void **state)
{
	static const char line[] =
		"{\"time_local\":\"12/Mar/2024:09:00:04 +0100\",\"remote_addr\":\"192.0.2.246\","
		"\"remote_user\":\"\",\"request\":\"GET /docs/install HTTP/2.0\",\"status\":\"301\","
		"\"body_bytes_sent\":\"159\",\"request_time\":\"0.021\",\"http_referrer\":\"\","
		"\"http_user_agent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)\","
		"\"http_x_forwarded_for\":\"\"}";
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;
	int f;

	(void)state;
	assert_int_equal(parse(st, line, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "301");
	assert_field(&rec, FIELD_CLIENT, "192.0.2.246");
	assert_field(&rec, FIELD_USER, NULL);          /* "" is absent */
	assert_field(&rec, FIELD_REFERER, NULL);
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/docs/install");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/2.0");
	assert_field(&rec, FIELD_BYTES, "159");
	assert_field(&rec, FIELD_AGENT, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1710230404);       /* CLF time in JSON */
	for (f = 0; f < FIELD_COUNT; f++) {            /* no escapes: views into the line */
		if (rec.field[f].p)
			assert_view_in(&rec, f, line, sizeof line - 1);
	}
	jsonl_state_free(st);
}

static void test_caddy(void **state)
{
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;

	(void)state;
	assert_int_equal(parse(st, "{\"level\":\"info\",\"ts\":1646861401.5241024,\"logger\":"
	    "\"http.log.access.log0\",\"msg\":\"handled request\",\"request\":{\"remote_ip\":"
	    "\"127.0.0.1\",\"remote_port\":\"41342\",\"client_ip\":\"192.0.2.33\",\"proto\":"
	    "\"HTTP/2.0\",\"method\":\"GET\",\"host\":\"localhost\",\"uri\":\"/?q=1\",\"headers\":"
	    "{\"User-Agent\":[\"curl/7.82.0\"],\"Referer\":[\"https://example.com/\",\"x\"],"
	    "\"Accept\":[\"*/*\"]},\"tls\":{\"resumed\":false,\"version\":772,\"server_name\":"
	    "\"example.com\"}},\"bytes_read\":0,\"user_id\":\"\",\"duration\":0.000929675,"
	    "\"size\":10900,\"status\":200,\"resp_headers\":{\"Server\":[\"Caddy\"],"
	    "\"Content-Type\":[\"text/html; charset=utf-8\"]}}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");      /* a number: its digits */
	assert_field(&rec, FIELD_CLIENT, "192.0.2.33"); /* client_ip over remote_ip */
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/?q=1");
	assert_field(&rec, FIELD_PROTOCOL, "HTTP/2.0");
	assert_field(&rec, FIELD_VHOST, "localhost");   /* host over tls.server_name */
	assert_field(&rec, FIELD_AGENT, "curl/7.82.0");
	assert_field(&rec, FIELD_REFERER, "https://example.com/");
	assert_field(&rec, FIELD_BYTES, "10900");
	assert_field(&rec, FIELD_TIME, "1646861401.5241024");
	assert_true(rec.has_time);
	assert_int_equal(rec.time, 1646861401);
	/* Caddy's non-access messages have no status */
	assert_int_equal(parse(st, "{\"level\":\"info\",\"ts\":1710237659.128051,\"msg\":"
	    "\"serving initial configuration\"}", &rec), PARSE_MALFORMED);
	jsonl_state_free(st);
}

static void test_traefik(void **state)
{
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;

	(void)state;
	assert_int_equal(parse(st, "{\"ClientAddr\":\"172.17.0.1:56826\",\"ClientHost\":"
	    "\"172.17.0.1\",\"ClientPort\":\"56826\",\"ClientUsername\":\"-\","
	    "\"DownstreamContentSize\":19,\"DownstreamStatus\":502,\"Duration\":226453,"
	    "\"OriginContentSize\":19,\"OriginDuration\":40296,\"OriginStatus\":0,"
	    "\"Overhead\":186157,\"RequestAddr\":\"localhost:8080\",\"RequestContentSize\":0,"
	    "\"RequestCount\":1,\"RequestHost\":\"localhost\",\"RequestMethod\":\"GET\","
	    "\"RequestPath\":\"/api\",\"RequestPort\":\"8080\",\"RequestProtocol\":\"HTTP/1.1\","
	    "\"RequestScheme\":\"http\",\"RetryAttempts\":0,\"RouterName\":\"api@docker\","
	    "\"StartLocal\":\"2021-09-29T15:40:17.578236785+02:00\",\"StartUTC\":"
	    "\"2021-09-29T13:40:17.578236785Z\",\"entryPointName\":\"web\",\"level\":\"info\","
	    "\"msg\":\"\",\"request_User-Agent\":\"curl/7.68.0\",\"time\":"
	    "\"2021-09-29T15:40:18+02:00\"}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "502");       /* Downstream, not Origin */
	assert_field(&rec, FIELD_CLIENT, "172.17.0.1");
	assert_field(&rec, FIELD_USER, "-");
	assert_field(&rec, FIELD_METHOD, "GET");
	assert_field(&rec, FIELD_PATH, "/api");
	assert_field(&rec, FIELD_VHOST, "localhost");
	assert_field(&rec, FIELD_AGENT, "curl/7.68.0");
	assert_field(&rec, FIELD_BYTES, "19");
	assert_field(&rec, FIELD_TIME, "2021-09-29T13:40:17.578236785Z");
	assert_int_equal(rec.time, 1632922817);
	jsonl_state_free(st);
}

static void test_generic_status_keys(void **state)
{
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;

	(void)state;
	assert_int_equal(parse(st, "{\"status_code\":\"404\",\"path\":\"/x\"}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "404");
	assert_int_equal(parse(st, "{\"response_code\":503}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "503");
	assert_int_equal(parse(st, "{\"sc-status\":401}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "401");
	/* "status" beats "status_code"; the shallower beats the deeper */
	assert_int_equal(parse(st, "{\"status_code\":1,\"upstream\":{\"status\":502},"
	                           "\"status\":200}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	/* a repeated key: the later one, as JSON parsers do */
	assert_int_equal(parse(st, "{\"status\":200,\"status\":404}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "404");
	/* invalid statuses are counted, not malformed */
	assert_int_equal(parse(st, "{\"status\":\"-\"}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "-");
	assert_int_equal(parse(st, "{\"status\":-1}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "-1");
	assert_int_equal(parse(st, "{\"status\":2.5e2}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "2.5e2");
	/* no usable status */
	assert_int_equal(parse(st, "{\"status\":null}", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "{\"status\":true}", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "{\"status\":\"\"}", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "{\"status\":{\"code\":200}}", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "{\"Status\":200}", &rec), PARSE_MALFORMED);
	assert_int_equal(parse(st, "{}", &rec), PARSE_MALFORMED);
	jsonl_state_free(st);
}

static void test_escapes_into_scratch(void **state)
{
	static const char line[] =
		"{\"status\":\"20\\u0030\",\"request\":\"GET /a\\\"b HTTP/1.1\","
		"\"http_user_agent\":\"caf\\u00e9 \\ud83d\\ude00 \\u001b[2J \\ud800x\\\\\","
		"\"st\\u0061tus_code\":\"999\"}";
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;

	(void)state;
	assert_int_equal(parse(st, line, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "200");
	assert_field(&rec, FIELD_PATH, "/a\"b");
	assert_field(&rec, FIELD_AGENT, "caf\xc3\xa9 \xf0\x9f\x98\x80 \x1b[2J \xef\xbf\xbdx\\");
	assert_false(rec.field[FIELD_AGENT].p >= line &&
	             rec.field[FIELD_AGENT].p < line + sizeof line);
	/* an escaped key is still the key */
	assert_int_equal(parse(st, "{\"st\\u0061tus\":\"201\"}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "201");
	/* views of the next line replace them; the state still works */
	assert_int_equal(parse(st, "{\"status\":\"\\u0034\\u0030\\u0034\"}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "404");
	jsonl_state_free(st);
}

static void test_invalid_json(void **state)
{
	static const char *const bad[] = {
		"", "   ", "status 200", "[{\"status\":200}]", "\"status\"",
		"{\"status\":200", "{\"status\":200}}", "{\"status\":200} x",
		"{\"status\":200,}", "{\"status\" 200}", "{status:200}",
		"{\"status\":0200}", "{\"status\":200.}", "{\"status\":+200}",
		"{\"status\":\"200}", "{\"status\":\"2\\x00\"}", "{\"status\":\"2\\u00g0\"}",
		"{\"status\":\"a\tb\"}", "{\"status\":200,\"a\":[1,2,}",
		"{\"status\":200,\"a\":[1 2]}", "{\"status\":200,\"a\":tru}",
		"{\"status\":200,\"a\":{\"b\":1]}", "{\"status\":\"200\\",
	};
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(st, bad[i], &rec) != PARSE_MALFORMED)
			fail_msg("accepted: %s", bad[i]);
		assert_null(rec.field[FIELD_STATUS].p);
	}
	assert_int_equal(jsonl_parse(st, NULL, 0, &rec), PARSE_MALFORMED);
	/* blanks around the object, NUL and raw invalid UTF-8 inside strings */
	assert_int_equal(parse(st, " \t{\"status\" : 200 , \"a\" : [ ] , \"b\" : { } }\r", &rec),
	                 PARSE_OK);
	assert_int_equal(parse(st, "{\"uri\":\"/\xf7\xff\",\"status\":200}", &rec), PARSE_OK);
	assert_int_equal(rec.field[FIELD_PATH].n, 3);
	jsonl_state_free(st);
}

static void test_nesting_bounded(void **state)
{
	struct jsonl_state *st = jsonl_state_new();
	size_t n = 1000000, i;
	char *line = malloc(n + 64), deep[256];
	struct record rec;
	int d;

	(void)state;
	/* 16 levels are fine, 17 are not */
	for (d = 16; d <= 17; d++) {
		strcpy(deep, "{\"status\":200,\"a\":");
		for (i = 0; i + 2 < (size_t)d; i++)
			strcat(deep, "{\"a\":");
		strcat(deep, "{}");
		for (i = 0; i + 2 < (size_t)d; i++)
			strcat(deep, "}");
		strcat(deep, "}");
		assert_int_equal(parse(st, deep, &rec), d == 16 ? PARSE_OK : PARSE_MALFORMED);
	}
	/* a million '[': rejected without recursion */
	memcpy(line, "{\"status\":200,\"a\":", 18);
	memset(line + 18, '[', n);
	strcpy(line + 18 + n, "}");
	assert_int_equal(parse(st, line, &rec), PARSE_MALFORMED);
	free(line);
	jsonl_state_free(st);
}

/* A 2 MB line with escapes grows the scratch; later lines reuse it. */
static void test_long_line(void **state)
{
	struct jsonl_state *st = jsonl_state_new();
	size_t n = 2u << 20, i, len;
	char *line = malloc(n + 128);
	struct record rec;

	(void)state;
	len = (size_t)sprintf(line, "{\"status\":503,\"http_user_agent\":\"");
	for (i = 0; i < n / 2; i++, len += 2)
		memcpy(line + len, "\\\"", 2);
	len += (size_t)sprintf(line + len, "\",\"request\":\"GET / HTTP/1.1\"}");
	assert_int_equal(jsonl_parse(st, line, len, &rec), PARSE_OK);
	assert_field(&rec, FIELD_STATUS, "503");
	assert_int_equal(rec.field[FIELD_AGENT].n, n / 2);
	assert_int_equal(rec.field[FIELD_AGENT].p[n / 2 - 1], '"');
	assert_field(&rec, FIELD_PATH, "/");
	assert_int_equal(parse(st, "{\"status\":200,\"uri\":\"/x\\ty\"}", &rec), PARSE_OK);
	assert_field(&rec, FIELD_PATH, "/x\ty");
	free(line);
	jsonl_state_free(st);
}

static void test_time_forms(void **state)
{
	static const struct {
		const char *line;
		long long want;
	} cases[] = {
		{ "{\"status\":200,\"ts\":1646861401}", 1646861401 },
		{ "{\"status\":200,\"ts\":1646861401524}", 1646861401 },          /* ms */
		{ "{\"status\":200,\"msec\":\"1646861401.524\"}", 1646861401 },
		{ "{\"status\":200,\"time\":\"2022-03-09T21:30:01Z\"}", 1646861401 },
		{ "{\"status\":200,\"@timestamp\":\"2022-03-09T22:30:01+01:00\"}", 1646861401 },
		{ "{\"status\":200,\"time_local\":\"09/Mar/2022:21:30:01 +0000\"}", 1646861401 },
	};
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(parse(st, cases[i].line, &rec), PARSE_OK);
		assert_true(rec.has_time);
		assert_int_equal(rec.time, cases[i].want);
	}
	assert_int_equal(parse(st, "{\"status\":200,\"time\":\"last tuesday\"}", &rec), PARSE_OK);
	assert_false(rec.has_time);
	assert_int_equal(parse(st, "{\"status\":200,\"ts\":1.6e9}", &rec), PARSE_OK);
	assert_false(rec.has_time);
	jsonl_state_free(st);
}

/* The samples, as tests/tools/count_statuses.py jsonl counts them. */
static void count_file(const char *name, size_t *ok, size_t *zero)
{
	char path[512], *line = NULL;
	struct jsonl_state *st = jsonl_state_new();
	struct record rec;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/samples/%s", SM_SOURCE_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	*ok = *zero = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (jsonl_parse(st, line, (size_t)n, &rec) == PARSE_OK) {
			(*ok)++;
			*zero += rec.field[FIELD_STATUS].n == 1 && rec.field[FIELD_STATUS].p[0] == '0';
		}
	}
	free(line);
	fclose(f);
	jsonl_state_free(st);
}

static void test_samples(void **state)
{
	size_t ok, zero;

	(void)state;
	count_file("nginx-json.log", &ok, &zero);
	assert_int_equal(ok, 159);
	count_file("caddy.log", &ok, &zero);
	assert_int_equal(ok, 125);
	assert_int_equal(zero, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nginx_escape_json),
		cmocka_unit_test(test_caddy),
		cmocka_unit_test(test_traefik),
		cmocka_unit_test(test_generic_status_keys),
		cmocka_unit_test(test_escapes_into_scratch),
		cmocka_unit_test(test_invalid_json),
		cmocka_unit_test(test_nesting_bounded),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_time_forms),
		cmocka_unit_test(test_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
