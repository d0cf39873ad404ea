/* test_jsonl_fast.c: the JSON-lines fast path (jsonl_fast.c, key index,
 * time cache) against the reference (jsonl_parse_full: json_scan.c, keys
 * one by one, no cache). Every line is parsed by both, each with its own
 * state: the verdicts and records must be equal, and the fast record is
 * also checked against values written out here. Lines: nginx escape=json,
 * Caddy, escaped quotes and \u escapes, status as number and string, keys
 * in any order, whitespace and CRLF, duplicate keys, every prefix of a
 * line, strings around the 16-byte block size, hostile bytes, seeded
 * mutations, and every line of the samples. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format_impl.h"
#include "jsonl_impl.h"
#include "parse/record_check.h"

struct both {
	struct jsonl_state *fast, *full;
	struct record rec, ref;
};

static void both_init(struct both *b)
{
	b->fast = jsonl_state_new();
	b->full = jsonl_state_new();
	assert_non_null(b->fast);
	assert_non_null(b->full);
}

static void both_free(struct both *b)
{
	jsonl_state_free(b->fast);
	jsonl_state_free(b->full);
}

/* A view into the line must be the same view; one in scratch the same bytes. */
static bool view_same(struct sv a, struct sv b, const char *line, size_t n)
{
	if (!a.p || !b.p || (a.p >= line && a.p <= line + n) || (b.p >= line && b.p <= line + n))
		return a.p == b.p && a.n == b.n;
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* Parses line[0..n) both ways; fails on any difference; the verdict. */
static enum parse_result both_parse_n(struct both *b, const char *line, size_t n)
{
	enum parse_result r = jsonl_parse(b->fast, line, n, &b->rec);
	enum parse_result ref = jsonl_parse_full(b->full, line, n, &b->ref);
	int f;

	if (r != ref)
		fail_msg("verdict %d, reference %d on: %.*s", (int)r, (int)ref, (int)n, line);
	for (f = 0; f < FIELD_COUNT; f++)
		if (!view_same(b->rec.field[f], b->ref.field[f], line, n))
			fail_msg("field %s differs on: %.*s", record_field_name((enum record_field)f),
			         (int)n, line);
	assert_int_equal(b->rec.has_time, b->ref.has_time);
	assert_int_equal(b->rec.time, b->ref.time);
	assert_int_equal(b->rec.has_duration, b->ref.has_duration);
	assert_int_equal(b->rec.logs_duration, b->ref.logs_duration);
	assert_memory_equal(b->rec.duration_us, b->ref.duration_us, sizeof b->rec.duration_us);
	assert_int_equal(b->rec.truncated, b->ref.truncated);
	return r;
}

static enum parse_result both_parse(struct both *b, const char *line)
{
	return both_parse_n(b, line, strlen(line));
}

static const char nginx_line[] =
	"{\"time_local\":\"12/Mar/2024:09:00:04 +0100\",\"remote_addr\":\"192.0.2.246\","
	"\"remote_user\":\"\",\"request\":\"GET /docs/install HTTP/2.0\",\"status\":\"301\","
	"\"body_bytes_sent\":\"159\",\"request_time\":\"0.021\",\"http_referer\":\"\","
	"\"http_user_agent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)\","
	"\"http_x_forwarded_for\":\"\",\"host\":\"example.com\"}";

static void test_nginx(void **state)
{
	struct both b;

	(void)state;
	both_init(&b);
	assert_int_equal(both_parse(&b, nginx_line), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "301");
	assert_field(&b.rec, FIELD_CLIENT, "192.0.2.246");
	assert_field(&b.rec, FIELD_METHOD, "GET");
	assert_field(&b.rec, FIELD_PATH, "/docs/install");
	assert_field(&b.rec, FIELD_VHOST, "example.com");
	assert_field(&b.rec, FIELD_USER, NULL);
	assert_true(b.rec.has_time);
	assert_int_equal(b.rec.time, 1710230404);
	assert_true(b.rec.has_duration & (1u << DUR_REQUEST));
	assert_int_equal(b.rec.duration_us[DUR_REQUEST], 21000);
	/* the same second again (time cache hit), then another one */
	assert_int_equal(both_parse(&b, nginx_line), PARSE_OK);
	assert_int_equal(b.rec.time, 1710230404);
	assert_int_equal(both_parse(&b, "{\"time_local\":\"12/Mar/2024:09:00:05 +0100\","
	                                "\"status\":200}"), PARSE_OK);
	assert_int_equal(b.rec.time, 1710230405);
	/* a time the cache saw as a string, now a number with a fraction */
	assert_int_equal(both_parse(&b, "{\"ts\":\"1710237625\",\"status\":200}"), PARSE_OK);
	assert_int_equal(b.rec.time, 1710237625);
	assert_int_equal(both_parse(&b, "{\"ts\":1710237625,\"status\":200}"), PARSE_OK);
	assert_int_equal(b.rec.time, 1710237625);
	assert_int_equal(both_parse(&b, "{\"ts\":\"x1710237625\",\"status\":200}"), PARSE_OK);
	assert_false(b.rec.has_time);
	assert_int_equal(both_parse(&b, "{\"ts\":\"x1710237625\",\"status\":200}"), PARSE_OK);
	assert_false(b.rec.has_time);
	both_free(&b);
}

static void test_caddy(void **state)
{
	static const char line[] =
		"{\"level\":\"info\",\"ts\":1646861401.5241024,\"logger\":\"http.log.access.log0\","
		"\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"127.0.0.1\",\"remote_port\":"
		"\"41342\",\"client_ip\":\"192.0.2.33\",\"proto\":\"HTTP/2.0\",\"method\":\"GET\","
		"\"host\":\"localhost\",\"uri\":\"/?q=1\",\"headers\":{\"User-Agent\":"
		"[\"curl/7.82.0\"],\"Referer\":[\"https://example.com/\",\"x\"],\"Accept\":[\"*/*\"]},"
		"\"tls\":{\"resumed\":false,\"version\":772,\"server_name\":\"example.com\"}},"
		"\"bytes_read\":0,\"user_id\":\"\",\"duration\":0.000929675,\"size\":10900,"
		"\"status\":200,\"resp_headers\":{\"Server\":[\"Caddy\"]}}";
	struct both b;

	(void)state;
	both_init(&b);
	assert_int_equal(both_parse(&b, line), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "200");
	assert_field(&b.rec, FIELD_CLIENT, "192.0.2.33");
	assert_field(&b.rec, FIELD_PATH, "/?q=1");
	assert_field(&b.rec, FIELD_VHOST, "localhost");
	assert_field(&b.rec, FIELD_AGENT, "curl/7.82.0");
	assert_field(&b.rec, FIELD_REFERER, "https://example.com/");
	assert_int_equal(b.rec.time, 1646861401);
	assert_int_equal(b.rec.duration_us[DUR_REQUEST], 929);
	/* an array's later elements and nested arrays carry no key */
	assert_int_equal(both_parse(&b, "{\"status\":[[\"500\"],\"404\"],\"status_code\":301}"),
	                 PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "301");
	assert_int_equal(both_parse(&b, "{\"x\":[{\"status\":\"404\"}],\"status\":[\"200\"]}"),
	                 PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "200");      /* shallower wins */
	both_free(&b);
}

static void test_escapes(void **state)
{
	struct both b;

	(void)state;
	both_init(&b);
	assert_int_equal(both_parse(&b, "{\"status\":\"404\",\"request\":\"GET /a\\\"b\\u00e9 "
	                                "HTTP/1.1\",\"http_user_agent\":\"x \\\"q\\\" \\\\\"}"),
	                 PARSE_OK);
	assert_field(&b.rec, FIELD_PATH, "/a\"b\xc3\xa9");
	assert_field(&b.rec, FIELD_AGENT, "x \"q\" \\");
	assert_int_equal(both_parse(&b, "{\"st\\u0061tus\":\"20\\u0031\"}"), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "201");
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"r\":\"\\ud83d\\ude00\\ud800\"}"),
	                 PARSE_OK);
	/* invalid escapes: malformed both ways */
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"r\":\"\\x41\"}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"r\":\"\\u00g1\"}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"r\":\"\\u00\"}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"r\":\"\\"), PARSE_MALFORMED);
	both_free(&b);
}

static void test_status_types_and_order(void **state)
{
	static const char *const members[] = {
		"\"status\":404", "\"remote_addr\":\"192.0.2.1\"", "\"request\":\"POST /x HTTP/1.1\"",
		"\"time_iso8601\":\"2024-03-12T09:00:04+01:00\"", "\"host\":\"h.example\"",
		"\"request_time\":0.5",
	};
	char line[512];
	int perm, i, used;
	struct both b;

	(void)state;
	both_init(&b);
	assert_int_equal(both_parse(&b, "{\"status\":\"404\"}"), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "404");
	assert_int_equal(both_parse(&b, "{\"status\":404}"), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "404");
	assert_int_equal(both_parse(&b, "{\"status\":true}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"\"}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":null,\"status_code\":\"502\"}"), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "502");
	/* duplicates: the later one at the same depth and priority */
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"status\":\"500\"}"), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "500");
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"status_code\":\"500\"}"), PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "200");
	/* every rotation and reversal of six members gives the same record */
	for (perm = 0; perm < 12; perm++) {
		used = snprintf(line, sizeof line, "{");
		for (i = 0; i < 6; i++) {
			int m = perm < 6 ? (i + perm) % 6 : (11 - perm + 6 - i) % 6;

			used += snprintf(line + used, sizeof line - (size_t)used, "%s%s",
			                 i ? "," : "", members[m]);
		}
		snprintf(line + used, sizeof line - (size_t)used, "}");
		assert_int_equal(both_parse(&b, line), PARSE_OK);
		assert_field(&b.rec, FIELD_STATUS, "404");
		assert_field(&b.rec, FIELD_CLIENT, "192.0.2.1");
		assert_field(&b.rec, FIELD_METHOD, "POST");
		assert_field(&b.rec, FIELD_PATH, "/x");
		assert_field(&b.rec, FIELD_VHOST, "h.example");
		assert_int_equal(b.rec.time, 1710230404);
		assert_int_equal(b.rec.duration_us[DUR_REQUEST], 500000);
	}
	both_free(&b);
}

static void test_whitespace_crlf(void **state)
{
	struct both b;

	(void)state;
	both_init(&b);
	assert_int_equal(both_parse(&b, " \t{ \"status\" :\t\"200\" , \"uri\"\n:\r\"/a\" }\r"),
	                 PARSE_OK);
	assert_field(&b.rec, FIELD_STATUS, "200");
	assert_field(&b.rec, FIELD_PATH, "/a");
	assert_int_equal(both_parse(&b, "{\"status\":\"200\"}\r"), PARSE_OK);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\"}\r\n"), PARSE_OK);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\"}\v"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\"} x"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\"}{}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",}"), PARSE_MALFORMED);
	both_free(&b);
}

static void test_every_prefix(void **state)
{
	size_t n = sizeof nginx_line - 1, i;
	struct both b;

	(void)state;
	both_init(&b);
	for (i = 0; i < n; i++)            /* every cut line is malformed, both ways */
		assert_int_equal(both_parse_n(&b, nginx_line, i), PARSE_MALFORMED);
	assert_int_equal(both_parse_n(&b, nginx_line, n), PARSE_OK);
	both_free(&b);
}

/* Strings of every length up to 40, with a quote, backslash or control
 * byte at every position: across the 16-byte blocks of the string scan. */
static void test_block_edges(void **state)
{
	static const char stops[] = { '"', '\\', '\x01', '\x1f', '\x7f', (char)0x80, (char)0xff };
	char line[128];
	size_t len, pos, s, n;
	struct both b;

	(void)state;
	both_init(&b);
	for (len = 0; len <= 40; len++) {
		for (pos = 0; pos <= len; pos++) {
			for (s = 0; s < sizeof stops; s++) {
				n = (size_t)snprintf(line, sizeof line, "{\"status\":\"200\",\"uri\":\"");
				memset(line + n, 'a', len);
				if (pos < len)
					line[n + pos] = stops[s];
				n += len;
				memcpy(line + n, "\"}", 2);
				n += 2;
				both_parse_n(&b, line, n);
				both_parse_n(&b, line, n - 1);       /* unterminated */
			}
		}
	}
	both_free(&b);
}

static void test_hostile(void **state)
{
	char deep[256];
	struct both b;
	int d;

	(void)state;
	both_init(&b);
	assert_int_equal(both_parse_n(&b, "{\"status\":\"2\0000\"}", 16), PARSE_MALFORMED);
	assert_int_equal(both_parse_n(&b, "{\"sta\0tus\":\"200\"}", 17), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"u\":\"\xff\xfe\x80\"}"), PARSE_OK);
	assert_int_equal(both_parse(&b, "{\"status\":01}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":-}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":1e}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":2.5e+3}"), PARSE_OK);
	assert_int_equal(both_parse(&b, "{\"status\":nul}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"a\":truex}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "[\"status\",200]"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"a\":[}"), PARSE_MALFORMED);
	assert_int_equal(both_parse(&b, "{\"status\":\"200\",\"a\":{]}"), PARSE_MALFORMED);
	/* nesting: 16 levels are allowed, 17 are not (the object is one) */
	for (d = 15; d <= 16; d++) {
		int i, n = snprintf(deep, sizeof deep, "{\"status\":\"200\",\"a\":");

		for (i = 0; i < d; i++)
			deep[n++] = '[';
		for (i = 0; i < d; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		assert_int_equal(both_parse_n(&b, deep, (size_t)n),
		                 d == 15 ? PARSE_OK : PARSE_MALFORMED);
	}
	both_free(&b);
}

/* Seeded byte mutations of realistic lines: flips, deletions, insertions
 * of JSON's special bytes. */
static void test_mutations(void **state)
{
	static const char specials[] = "\"\\{}[]:,u0 \r\x01\xc3";
	char line[sizeof nginx_line + 8];
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;
	size_t n, pos, i;
	struct both b;
	int round;

	(void)state;
	both_init(&b);
	for (round = 0; round < 30000; round++) {
		n = sizeof nginx_line - 1;
		memcpy(line, nginx_line, n);
		for (i = 0; i < 3; i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			pos = (size_t)(seed >> 33) % n;
			char c = specials[(seed >> 20) % (sizeof specials - 1)];

			if ((seed >> 12) % 3 == 0 && n < sizeof line) {
				memmove(line + pos + 1, line + pos, n - pos);
				line[pos] = c;
				n++;
			} else if ((seed >> 12) % 3 == 1 && n > 1) {
				memmove(line + pos, line + pos + 1, n - pos - 1);
				n--;
			} else {
				line[pos] = c;
			}
		}
		both_parse_n(&b, line, n);
	}
	both_free(&b);
}

static size_t check_file(const char *name)
{
	char path[512], *line = NULL;
	size_t cap = 0, ok = 0;
	struct both b;
	ssize_t n;
	FILE *f;

	both_init(&b);
	snprintf(path, sizeof path, "%s/samples/%s", SM_SOURCE_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		ok += both_parse_n(&b, line, (size_t)n) == PARSE_OK;
	}
	free(line);
	fclose(f);
	both_free(&b);
	return ok;
}

static void test_samples(void **state)
{
	(void)state;
	assert_int_equal(check_file("nginx-json.log"), 159);
	assert_int_equal(check_file("caddy.log"), 125);
	assert_int_equal(check_file("hostile.log"), 0);
}

/* jsonl_key_find compares words, not bytes: it finds every known key by
 * its own spelling, and whatever it returns is spelled exactly like the
 * query (one byte changed anywhere, random keys of every length). */
static void check_found(const struct jsonl_state *st, const char *q, size_t n)
{
	const struct jkey *k = jsonl_key_find(st, q, n);

	if (k && (strlen(k->key) != n || memcmp(k->key, q, n) != 0))
		fail_msg("\"%.*s\" found as \"%s\"", (int)n, q, k->key);
}

static void test_key_find(void **state)
{
	struct jsonl_state *st = jsonl_state_new();
	size_t total = 0, len, i, pos;
	unsigned seed = 4242;
	char q[J_KEY_LEN_MAX + 1];

	(void)state;
	assert_non_null(st);
	for (len = 0; len <= J_KEY_LEN_MAX; len++)
		total += st->count[len];
	assert_true(total > 40);
	for (i = 0; i < total; i++) {
		const char *key = st->keys[i].key;

		len = strlen(key);
		assert_ptr_equal(jsonl_key_find(st, key, len), &st->keys[i]);
		for (pos = 0; pos < len; pos++) {
			for (int c = 0; c < 256; c += 7) {
				memcpy(q, key, len);
				q[pos] = (char)(q[pos] ^ (c ? c : 0x20));
				check_found(st, q, len);
			}
		}
	}
	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		len = 1 + (seed >> 16) % J_KEY_LEN_MAX;
		for (pos = 0; pos < len; pos++) {
			seed = seed * 1103515245u + 12345u;
			q[pos] = "abeiorstu_ADR"[(seed >> 16) % 13];
		}
		check_found(st, q, len);
	}
	jsonl_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nginx),
		cmocka_unit_test(test_caddy),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_status_types_and_order),
		cmocka_unit_test(test_whitespace_crlf),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_block_edges),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_key_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
