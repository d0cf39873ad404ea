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
 * line with escapes is longer than any before. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "format_impl.h"
#include "json_scan.h"

#define J_REQUEST FIELD_COUNT       /* "request": "GET / HTTP/1.1" */
#define J_SLOTS (FIELD_COUNT + 1)
#define KEY_MAX 160             /* escaped keys: 6 bytes a character */

struct jsonl_state {
	char *scratch;
	size_t cap;
};

static const struct jkey {
	const char *key;
	int slot;
	int prio;               /* 0 best */
} key_table[] = {
	{ "status", FIELD_STATUS, 0 }, { "DownstreamStatus", FIELD_STATUS, 0 },
	{ "status_code", FIELD_STATUS, 1 }, { "statusCode", FIELD_STATUS, 1 },
	{ "response_code", FIELD_STATUS, 2 }, { "sc-status", FIELD_STATUS, 2 },
	{ "http_status", FIELD_STATUS, 2 }, { "response_status", FIELD_STATUS, 2 },
	{ "StartUTC", FIELD_TIME, 0 }, { "time", FIELD_TIME, 1 },
	{ "ts", FIELD_TIME, 1 }, { "timestamp", FIELD_TIME, 1 },
	{ "@timestamp", FIELD_TIME, 1 }, { "time_local", FIELD_TIME, 1 },
	{ "time_iso8601", FIELD_TIME, 1 }, { "msec", FIELD_TIME, 2 },
	{ "StartLocal", FIELD_TIME, 2 },
	{ "client_ip", FIELD_CLIENT, 0 }, { "remote_addr", FIELD_CLIENT, 0 },
	{ "ClientHost", FIELD_CLIENT, 0 }, { "c-ip", FIELD_CLIENT, 0 },
	{ "remote_ip", FIELD_CLIENT, 1 }, { "client", FIELD_CLIENT, 1 },
	{ "clientip", FIELD_CLIENT, 1 }, { "ip", FIELD_CLIENT, 2 },
	{ "ClientAddr", FIELD_CLIENT, 3 },
	{ "method", FIELD_METHOD, 0 }, { "request_method", FIELD_METHOD, 0 },
	{ "RequestMethod", FIELD_METHOD, 0 }, { "cs-method", FIELD_METHOD, 0 },
	{ "uri", FIELD_PATH, 0 }, { "request_uri", FIELD_PATH, 0 },
	{ "RequestPath", FIELD_PATH, 0 }, { "path", FIELD_PATH, 1 },
	{ "cs-uri-stem", FIELD_PATH, 1 }, { "url", FIELD_PATH, 2 },
	{ "proto", FIELD_PROTOCOL, 0 }, { "protocol", FIELD_PROTOCOL, 0 },
	{ "server_protocol", FIELD_PROTOCOL, 0 }, { "RequestProtocol", FIELD_PROTOCOL, 0 },
	{ "host", FIELD_VHOST, 0 }, { "RequestHost", FIELD_VHOST, 0 },
	{ "vhost", FIELD_VHOST, 0 }, { "http_host", FIELD_VHOST, 0 },
	{ "server_name", FIELD_VHOST, 1 }, { "cs-host", FIELD_VHOST, 1 },
	{ "http_user_agent", FIELD_AGENT, 0 }, { "user_agent", FIELD_AGENT, 0 },
	{ "request_User-Agent", FIELD_AGENT, 0 }, { "User-Agent", FIELD_AGENT, 0 },
	{ "userAgent", FIELD_AGENT, 1 }, { "agent", FIELD_AGENT, 1 },
	{ "http_referer", FIELD_REFERER, 0 }, { "http_referrer", FIELD_REFERER, 0 },
	{ "referer", FIELD_REFERER, 0 }, { "referrer", FIELD_REFERER, 0 },
	{ "request_Referer", FIELD_REFERER, 0 }, { "Referer", FIELD_REFERER, 0 },
	{ "body_bytes_sent", FIELD_BYTES, 0 }, { "size", FIELD_BYTES, 0 },
	{ "DownstreamContentSize", FIELD_BYTES, 0 }, { "bytes_sent", FIELD_BYTES, 1 },
	{ "bytes", FIELD_BYTES, 1 }, { "sc-bytes", FIELD_BYTES, 1 },
	{ "remote_user", FIELD_USER, 0 }, { "ClientUsername", FIELD_USER, 0 },
	{ "user_id", FIELD_USER, 1 }, { "user", FIELD_USER, 1 },
	{ "request", J_REQUEST, 0 },
};

static const struct {
	const char *key;
	enum record_dur_group group;
} dur_keys[] = {
	{ "request_time", DG_REQUEST_TIME }, { "duration", DG_REQUEST_TIME },
	{ "Duration", DG_REQUEST_NS }, { "upstream_response_time", DG_UPSTREAM_TIME },
	{ "OriginDuration", DG_UPSTREAM_NS },
};

/* One line's scan. */
struct jsonl_ctx {
	struct jsonl_state *st;
	size_t line_len;
	size_t used;                /* scratch bytes this line */
	struct record *rec;
	int score[J_SLOTS];         /* best so far; INT_MAX = none */
	struct sv request;
	bool time_is_number;
	bool oom;
};

struct jsonl_state *jsonl_state_new(void)
{
	return calloc(1, sizeof(struct jsonl_state));
}

void jsonl_state_free(struct jsonl_state *st)
{
	if (!st)
		return;
	free(st->scratch);
	free(st);
}

static const struct jkey *key_lookup(const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof key_table / sizeof key_table[0]; i++) {
		if (strlen(key_table[i].key) == n && memcmp(key_table[i].key, k, n) == 0)
			return &key_table[i];
	}
	return NULL;
}

/* A string value as a view: into the line, or unescaped into scratch. */
static bool string_view(struct jsonl_ctx *c, const struct json_value *v, struct sv *out)
{
	struct jsonl_state *st = c->st;
	char *p;

	if (!v->escaped) {
		out->p = v->p;
		out->n = v->n;
		return true;
	}
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

/* Whether a value of this type can fill this slot. */
static bool type_fits(int slot, const struct json_value *v)
{
	if (v->type == JSON_LITERAL)
		return false;
	if (v->type == JSON_STRING)
		return v->n > 0;
	return slot == FIELD_STATUS || slot == FIELD_TIME || slot == FIELD_BYTES;
}

/* A duration key: read its value (any type that is not a number or a
 * string, null included, is an absent duration). True when key was one. */
static bool duration_visit(struct jsonl_ctx *c, struct sv key, const struct json_value *v)
{
	struct sv val = { NULL, 0 };

	for (size_t i = 0; i < sizeof dur_keys / sizeof dur_keys[0]; i++) {
		if (strlen(dur_keys[i].key) != key.n || memcmp(dur_keys[i].key, key.p, key.n) != 0)
			continue;
		if (v->type == JSON_NUMBER) {
			val.p = v->p;
			val.n = v->n;
		} else if (v->type == JSON_STRING && !string_view(c, v, &val)) {
			return true;
		}
		record_duration_set(c->rec, dur_keys[i].group, val.p, val.n);
		return true;
	}
	return false;
}

static void visit(void *ctx, struct sv key, const struct json_value *v, unsigned depth)
{
	struct jsonl_ctx *c = ctx;
	const struct jkey *k;
	char kbuf[KEY_MAX];
	struct sv val;
	int score;

	if (memchr(key.p, '\\', key.n)) {
		if (key.n > sizeof kbuf)
			return;
		key.n = json_unescape(key.p, key.n, kbuf);
		key.p = kbuf;
	}
	if (duration_visit(c, key, v))
		return;
	k = key_lookup(key.p, key.n);
	if (!k || !type_fits(k->slot, v))
		return;
	score = k->prio * (JSON_DEPTH_MAX + 1) + (int)depth;
	if (score > c->score[k->slot])
		return;         /* on a tie the later key wins, as in most parsers */
	if (v->type == JSON_NUMBER) {
		val.p = v->p;
		val.n = v->n;
	} else if (!string_view(c, v, &val)) {
		return;
	}
	c->score[k->slot] = score;
	if (k->slot == J_REQUEST) {
		c->request = val;
		return;
	}
	c->rec->field[k->slot] = val;
	if (k->slot == FIELD_TIME)
		c->time_is_number = v->type == JSON_NUMBER;
}

/* Epoch seconds (ms when 13+ integer digits), ISO 8601, or CLF. */
static void time_from_value(struct record *rec, struct sv v, bool is_number)
{
	size_t digits = 0, i;
	long long t;
	int rc;

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
	if (rc == 0 && (!is_number || i == v.n)) {
		rec->time = t;
		rec->has_time = true;
	}
}

/* "request": "GET / HTTP/1.1" fills method, path, protocol that no key
 * of their own gave. */
static void request_apply(struct record *rec, struct sv req)
{
	static const int parts[] = { FIELD_METHOD, FIELD_PATH, FIELD_PROTOCOL };
	struct record tmp;
	size_t i;

	memset(&tmp, 0, sizeof tmp);
	record_split_request(&tmp, req.p, req.n);
	for (i = 0; i < 3; i++) {
		if (!rec->field[parts[i]].p)
			rec->field[parts[i]] = tmp.field[parts[i]];
	}
}

enum parse_result jsonl_parse(struct jsonl_state *st, const char *line, size_t n,
                              struct record *rec)
{
	struct jsonl_ctx c = { .st = st, .line_len = n, .rec = rec };
	int i;

	memset(rec, 0, sizeof *rec);
	if (!line || n == 0)
		return PARSE_MALFORMED;
	for (i = 0; i < J_SLOTS; i++)
		c.score[i] = INT_MAX;
	if (json_scan_object(line, n, visit, &c) < 0 || c.oom ||
	    c.score[FIELD_STATUS] == INT_MAX) {
		memset(rec, 0, sizeof *rec);
		return PARSE_MALFORMED;
	}
	if (c.request.p)
		request_apply(rec, c.request);
	if (rec->field[FIELD_TIME].p)
		time_from_value(rec, rec->field[FIELD_TIME], c.time_is_number);
	return PARSE_OK;
}
