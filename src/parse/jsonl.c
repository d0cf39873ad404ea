/* jsonl.c: JSON-lines access logs, one object per line: nginx
 * log_format escape=json, Caddy (nested "request": {...}, "headers":
 * {"User-Agent": [...]}, "ts" epoch float), Traefik ("DownstreamStatus",
 * "RequestPath", "StartUTC"), and generic "status" / "status_code" keys.
 * Kept apart from json_scan.c: this file only knows what keys mean.
 *
 * Durations: "request_time" (nginx, seconds), "upstream_response_time"
 * (nginx, seconds, a list summed), "duration" (Caddy, float seconds),
 * "Duration" and "OriginDuration" (Traefik, nanoseconds), as a number or
 * a string; null or "-" is an absent duration.
 *
 * Fields are found by key at any depth. Each key has a priority; a field
 * keeps the value of the best-priority key, the shallower one on a tie,
 * the later one for a key repeated at the same depth.
 * Unescaped strings go to per-parser scratch (struct jsonl_state), so the
 * record's views stay valid until the next line; it grows only when a
 * line with escapes is longer than any before.
 *
 * Two scans give the same records: jsonl_parse uses jsonl_fast.c (keys
 * found by length, strings skipped in blocks, the last time value's
 * conversion cached) and hands any line it rejects to jsonl_parse_full,
 * the reference (json_scan.c, keys looked up one by one, no cache), which
 * tests/parse/test_jsonl_fast.c and tests/fuzz/fuzz_jsonl_fast.c check it
 * against. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "jsonl_impl.h"

#define KEY_MAX 160             /* escaped keys: 6 bytes a character */

static const struct jkey key_table[] = {
	{ "status", FIELD_STATUS, 0, -1 }, { "DownstreamStatus", FIELD_STATUS, 0, -1 },
	{ "status_code", FIELD_STATUS, 1, -1 }, { "statusCode", FIELD_STATUS, 1, -1 },
	{ "response_code", FIELD_STATUS, 2, -1 }, { "sc-status", FIELD_STATUS, 2, -1 },
	{ "http_status", FIELD_STATUS, 2, -1 }, { "response_status", FIELD_STATUS, 2, -1 },
	{ "StartUTC", FIELD_TIME, 0, -1 }, { "time", FIELD_TIME, 1, -1 },
	{ "ts", FIELD_TIME, 1, -1 }, { "timestamp", FIELD_TIME, 1, -1 },
	{ "@timestamp", FIELD_TIME, 1, -1 }, { "time_local", FIELD_TIME, 1, -1 },
	{ "time_iso8601", FIELD_TIME, 1, -1 }, { "msec", FIELD_TIME, 2, -1 },
	{ "StartLocal", FIELD_TIME, 2, -1 },
	{ "client_ip", FIELD_CLIENT, 0, -1 }, { "remote_addr", FIELD_CLIENT, 0, -1 },
	{ "ClientHost", FIELD_CLIENT, 0, -1 }, { "c-ip", FIELD_CLIENT, 0, -1 },
	{ "remote_ip", FIELD_CLIENT, 1, -1 }, { "client", FIELD_CLIENT, 1, -1 },
	{ "clientip", FIELD_CLIENT, 1, -1 }, { "ip", FIELD_CLIENT, 2, -1 },
	{ "ClientAddr", FIELD_CLIENT, 3, -1 },
	{ "method", FIELD_METHOD, 0, -1 }, { "request_method", FIELD_METHOD, 0, -1 },
	{ "RequestMethod", FIELD_METHOD, 0, -1 }, { "cs-method", FIELD_METHOD, 0, -1 },
	{ "uri", FIELD_PATH, 0, -1 }, { "request_uri", FIELD_PATH, 0, -1 },
	{ "RequestPath", FIELD_PATH, 0, -1 }, { "path", FIELD_PATH, 1, -1 },
	{ "cs-uri-stem", FIELD_PATH, 1, -1 }, { "url", FIELD_PATH, 2, -1 },
	{ "proto", FIELD_PROTOCOL, 0, -1 }, { "protocol", FIELD_PROTOCOL, 0, -1 },
	{ "server_protocol", FIELD_PROTOCOL, 0, -1 }, { "RequestProtocol", FIELD_PROTOCOL, 0, -1 },
	{ "host", FIELD_VHOST, 0, -1 }, { "RequestHost", FIELD_VHOST, 0, -1 },
	{ "vhost", FIELD_VHOST, 0, -1 }, { "http_host", FIELD_VHOST, 0, -1 },
	{ "server_name", FIELD_VHOST, 1, -1 }, { "cs-host", FIELD_VHOST, 1, -1 },
	{ "http_user_agent", FIELD_AGENT, 0, -1 }, { "user_agent", FIELD_AGENT, 0, -1 },
	{ "request_User-Agent", FIELD_AGENT, 0, -1 }, { "User-Agent", FIELD_AGENT, 0, -1 },
	{ "userAgent", FIELD_AGENT, 1, -1 }, { "agent", FIELD_AGENT, 1, -1 },
	{ "http_referer", FIELD_REFERER, 0, -1 }, { "http_referrer", FIELD_REFERER, 0, -1 },
	{ "referer", FIELD_REFERER, 0, -1 }, { "referrer", FIELD_REFERER, 0, -1 },
	{ "request_Referer", FIELD_REFERER, 0, -1 }, { "Referer", FIELD_REFERER, 0, -1 },
	{ "body_bytes_sent", FIELD_BYTES, 0, -1 }, { "size", FIELD_BYTES, 0, -1 },
	{ "DownstreamContentSize", FIELD_BYTES, 0, -1 }, { "bytes_sent", FIELD_BYTES, 1, -1 },
	{ "bytes", FIELD_BYTES, 1, -1 }, { "sc-bytes", FIELD_BYTES, 1, -1 },
	{ "remote_user", FIELD_USER, 0, -1 }, { "ClientUsername", FIELD_USER, 0, -1 },
	{ "user_id", FIELD_USER, 1, -1 }, { "user", FIELD_USER, 1, -1 },
	{ "request", J_REQUEST, 0, -1 },
	/* durations */
	{ "request_time", -1, 0, DG_REQUEST_TIME }, { "duration", -1, 0, DG_REQUEST_TIME },
	{ "Duration", -1, 0, DG_REQUEST_NS }, { "upstream_response_time", -1, 0, DG_UPSTREAM_TIME },
	{ "OriginDuration", -1, 0, DG_UPSTREAM_NS },
};

#define KEY_COUNT (sizeof key_table / sizeof key_table[0])
_Static_assert(KEY_COUNT <= J_KEYS_MAX, "J_KEYS_MAX too small");

/* The state's copy of key_table, grouped by key length for
 * jsonl_key_find. */
static void keys_index(struct jsonl_state *st)
{
	size_t len, i, used = 0;

	for (len = 0; len <= J_KEY_LEN_MAX; len++) {
		st->first[len] = (uint8_t)used;
		for (i = 0; i < KEY_COUNT; i++)
			if (strlen(key_table[i].key) == len) {
				st->keys[used] = key_table[i];
				key_words(key_table[i].key, len, &st->head[used], &st->tail[used]);
				used++;
			}
		st->count[len] = (uint8_t)(used - st->first[len]);
	}
}

struct jsonl_state *jsonl_state_new(void)
{
	struct jsonl_state *st = calloc(1, sizeof(struct jsonl_state));

	if (st)
		keys_index(st);
	return st;
}

void jsonl_state_free(struct jsonl_state *st)
{
	if (!st)
		return;
	free(st->scratch);
	free(st);
}

/* The reference lookup, one key after another. */
static const struct jkey *key_lookup(const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < KEY_COUNT; i++) {
		if (strlen(key_table[i].key) == n && memcmp(key_table[i].key, k, n) == 0)
			return &key_table[i];
	}
	return NULL;
}

/* An escaped string value, unescaped into the line's scratch (the
 * common unescaped case is jsonl_string_view, inline). */
bool jsonl_string_unescape(struct jsonl_ctx *c, const struct json_value *v, struct sv *out)
{
	struct jsonl_state *st = c->st;
	char *p;

	if (st->cap < c->line_len && c->used == 0) {
		p = realloc(st->scratch, c->line_len);
		if (!p) {
			c->oom = true;
			return false;
		}
		st->scratch = p;
		st->cap = c->line_len;
	}
	if (st->cap - c->used < v->n) {     /* cannot happen: see header */
		c->oom = true;
		return false;
	}
	out->p = st->scratch + c->used;
	out->n = json_unescape(v->p, v->n, st->scratch + c->used);
	c->used += out->n;
	return true;
}

/* A duration key's value into the record: see jsonl_impl.h. */
void jsonl_duration_apply(struct jsonl_ctx *c, const struct jkey *k, const struct json_value *v)
{
	struct sv val = { NULL, 0 };

	if (v->type == JSON_NUMBER) {
		val.p = v->p;
		val.n = v->n;
	} else if (v->type == JSON_STRING && !jsonl_string_view(c, v, &val)) {
		return;
	}
	record_duration_set(c->rec, (enum record_dur_group)k->dur, val.p, val.n);
}

/* The reference scanner's callback. */
static void visit(void *ctx, struct sv key, const struct json_value *v, unsigned depth)
{
	const struct jkey *k;
	char kbuf[KEY_MAX];

	if (memchr(key.p, '\\', key.n)) {
		if (key.n > sizeof kbuf)
			return;
		key.n = json_unescape(key.p, key.n, kbuf);
		key.p = kbuf;
	}
	k = key_lookup(key.p, key.n);
	if (k)
		jsonl_apply(ctx, k, v, depth);
}

/* Epoch seconds (ms when 13+ integer digits), ISO 8601, or CLF: 0 and
 * *out, or -1. */
static int time_convert(struct sv v, bool is_number, struct time_cache *clf,
                        long long *out)
{
	size_t digits = 0, i;
	long long t;
	int rc;

	/* nginx's $time_local: no other form below reads that shape */
	if (!is_number && v.n == CLF_TIME_LEN && v.p[2] == '/' &&
	    time_parse_clf_cached(clf, v.p, v.n, out) == 0)
		return 0;

	while (digits < v.n && v.p[digits] >= '0' && v.p[digits] <= '9')
		digits++;
	for (i = digits; i < v.n && (v.p[i] == '.' || (v.p[i] >= '0' && v.p[i] <= '9')); i++)
		;
	if (digits > 0 && (is_number || i == v.n))
		rc = time_parse_layout(digits >= 13 ? TIME_EPOCH_MS : TIME_EPOCH,
		                       v.p, digits, &t);
	else if (time_parse_iso8601(v.p, v.n, &t) == 0)
		rc = 0;
	else
		rc = time_parse_clf(v.p, v.n, &t);
	if (rc != 0 || (is_number && i != v.n))
		return -1;
	*out = t;
	return 0;
}

/* The time value's conversion, remembered for the next line: most lines
 * of a log repeat the previous line's second. */
static int time_cached(struct jsonl_time_cache *tc, struct sv v, bool is_number,
                       long long *out)
{
	if (tc->n == v.n && tc->is_number == is_number && memcmp(tc->text, v.p, v.n) == 0) {
		*out = tc->t;
		return tc->ok ? 0 : -1;
	}
	tc->ok = time_convert(v, is_number, &tc->clf, &tc->t) == 0;
	tc->n = v.n <= sizeof tc->text ? v.n : 0;
	memcpy(tc->text, v.p, tc->n);
	tc->is_number = is_number;
	*out = tc->t;
	return tc->ok ? 0 : -1;
}

static void time_from_value(struct record *rec, struct sv v, bool is_number,
                            struct jsonl_time_cache *tc)
{
	long long t;

	if ((tc ? time_cached(tc, v, is_number, &t) : time_convert(v, is_number, NULL, &t)) == 0) {
		rec->time = t;
		rec->has_time = true;
	}
}

/* "request": "GET / HTTP/1.1" fills method, path, protocol that no key
 * of their own gave. */
static void request_apply(struct record *rec, struct sv req)
{
	static const int parts[] = { FIELD_METHOD, FIELD_PATH, FIELD_PROTOCOL };
	struct record tmp;   /* only the three parts are set, and read */
	size_t i;

	record_split_request(&tmp, req.p, req.n);
	for (i = 0; i < 3; i++) {
		if (!rec->field[parts[i]].p)
			rec->field[parts[i]] = tmp.field[parts[i]];
	}
}

/* After a valid scan: a record needs a status; the request line and the
 * time are derived. tc: the time cache, or NULL for none. */
static enum parse_result jsonl_finish(struct jsonl_ctx *c, struct jsonl_time_cache *tc)
{
	struct record *rec = c->rec;

	if (c->oom || c->score[FIELD_STATUS] == INT_MAX) {
		record_clear(rec);
		return PARSE_MALFORMED;
	}
	if (c->request.p)
		request_apply(rec, c->request);
	if (rec->field[FIELD_TIME].p)
		time_from_value(rec, rec->field[FIELD_TIME], c->time_is_number, tc);
	return PARSE_OK;
}

static void ctx_init(struct jsonl_ctx *c, struct jsonl_state *st, size_t n, struct record *rec)
{
	int i;

	/* fields, not memset: see record_clear */
	c->st = st;
	c->line_len = n;
	c->used = 0;
	c->rec = rec;
	c->request = (struct sv){ NULL, 0 };
	c->time_is_number = false;
	c->oom = false;
	for (i = 0; i < J_SLOTS; i++)
		c->score[i] = INT_MAX;
	record_clear(rec);
}

/* The reference: json_scan_object, keys looked up one after another, no
 * time cache. jsonl_parse must give exactly its result. */
enum parse_result jsonl_parse_full(struct jsonl_state *st, const char *line, size_t n,
                                   struct record *rec)
{
	struct jsonl_ctx c;

	ctx_init(&c, st, n, rec);
	if (!line || n == 0)
		return PARSE_MALFORMED;
	if (json_scan_object(line, n, visit, &c) < 0) {
		record_clear(rec);
		return PARSE_MALFORMED;
	}
	return jsonl_finish(&c, NULL);
}

/* The fast scan (jsonl_fast.c); a line it rejects goes to the reference,
 * so that any line the fast scan could misjudge as invalid still gets the
 * reference's verdict. */
enum parse_result jsonl_parse(struct jsonl_state *st, const char *line, size_t n,
                              struct record *rec)
{
	struct jsonl_ctx c;

	ctx_init(&c, st, n, rec);
	if (!line || n == 0)
		return PARSE_MALFORMED;
	if (jsonl_fast_scan(&c, line, n) < 0)
		return jsonl_parse_full(st, line, n, rec);
	return jsonl_finish(&c, &st->time);
}
