/* snapshot_fixture.h: a hand-built struct snapshot for the report tests,
 * with realistic numbers: a nightly combined log with registered, vendor
 * (nginx 499, Cloudflare 520), unassigned (299) and invalid ("-", "000",
 * a status holding an escape sequence) statuses, hostile paths and
 * clients, Space-Saving estimates, a truncated key and a timeline. The
 * status_info values are written here too, so the tests do not depend on
 * the generated registry table. Header-only (static inline) so each test
 * program gets its own copy. */
#ifndef TEST_SNAPSHOT_FIXTURE_H
#define TEST_SNAPSHOT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "statusmon/report.h"

static const struct vendor_meaning fx_v499[] = {
	{ "nginx", "Client Closed Request", "nginx ngx_http_request.h" },
	{ "Esri", "Token Required", "ArcGIS REST API error codes" },
};
static const struct vendor_meaning fx_v520[] = {
	{ "Cloudflare", "Unknown Error", "Cloudflare 5xx errors" },
	{ "Microsoft", "Unknown Error", "Microsoft Azure" },
};
static const struct status_info fx_i200 = { 200, CLASS_2XX, KIND_REGISTERED, "OK",
	"[RFC9110, Section 15.3.1]", 0, NULL };
static const struct status_info fx_i304 = { 304, CLASS_3XX, KIND_REGISTERED,
	"Not Modified", "[RFC9110, Section 15.4.5]", 0, NULL };
static const struct status_info fx_i404 = { 404, CLASS_4XX, KIND_REGISTERED,
	"Not Found", "[RFC9110, Section 15.5.5]", 0, NULL };
static const struct status_info fx_i499 = { 499, CLASS_4XX, KIND_VENDOR,
	"Client Closed Request", "", 2, fx_v499 };
static const struct status_info fx_i500 = { 500, CLASS_5XX, KIND_REGISTERED,
	"Internal Server Error", "[RFC9110, Section 15.6.1]", 0, NULL };
static const struct status_info fx_i520 = { 520, CLASS_5XX, KIND_VENDOR,
	"Unknown Error", "", 2, fx_v520 };
static const struct status_info fx_i299 = { 299, CLASS_2XX, KIND_UNASSIGNED,
	"", "", 0, NULL };
static const struct status_info fx_invalid = { -1, CLASS_INVALID, KIND_INVALID,
	"", "", 0, NULL };

/* Raw keys, as the stats would copy them from the log. */
#define FX_PATH_OSC   "/\x1b]0;pwned\x07"
#define FX_PATH_CLEAR "/search?q=\x1b[2J"
#define FX_PATH_C1    "/\xc2\x9b" "31mred"
#define FX_PATH_BAD   "/caf\xe9/\xff\xfe\"quoted\"\\back"
#define FX_PATH_WIDE  "/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e/\xe6\x96\x87\xe6\x9b\xb8/\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8\xe6\x96\x87\xe6\x9b\xb8.html"
#define FX_RAW_ESC    "\x1b[31m"

static inline void fx_item(struct snapshot_item *it, const char *key, size_t n,
                           uint64_t count, uint64_t error)
{
	memset(it, 0, sizeof *it);
	if (n > sizeof it->key) {
		n = sizeof it->key;
		it->key_truncated = true;
	}
	memcpy(it->key, key, n);
	it->key_len = n;
	it->count = count;
	it->error = error;
}

static inline struct snapshot_item *fx_items(size_t n)
{
	struct snapshot_item *items = calloc(n ? n : 1, sizeof *items);

	if (!items)
		abort();
	return items;
}

static inline void fx_status(struct snapshot_status *st, int code, const char *raw,
                             const struct status_info *info, uint64_t count)
{
	memset(st, 0, sizeof *st);
	st->code = code;
	st->raw_len = strlen(raw);
	memcpy(st->raw, raw, st->raw_len);
	st->info = info;
	st->count = count;
	st->window_count = count;
}

static inline void fx_paths_404(struct snapshot_status *st)
{
	static char longpath[400];
	size_t i;

	for (i = 0; i < sizeof longpath - 1; i++)
		longpath[i] = (char)('a' + i % 26);
	longpath[0] = '/';
	st->paths = fx_items(7);
	fx_item(&st->paths[0], "/wp-login.php", 13, 612, 0);
	fx_item(&st->paths[1], FX_PATH_OSC, strlen(FX_PATH_OSC), 233, 0);
	fx_item(&st->paths[2], FX_PATH_CLEAR, strlen(FX_PATH_CLEAR), 120, 7);
	fx_item(&st->paths[3], FX_PATH_C1, strlen(FX_PATH_C1), 64, 7);
	fx_item(&st->paths[4], FX_PATH_BAD, strlen(FX_PATH_BAD), 40, 7);
	fx_item(&st->paths[5], FX_PATH_WIDE, strlen(FX_PATH_WIDE), 21, 7);
	fx_item(&st->paths[6], longpath, sizeof longpath - 1, 9, 7);
	st->n_paths = 7;
	st->clients = fx_items(3);
	fx_item(&st->clients[0], "203.0.113.7", 11, 900, 0);
	fx_item(&st->clients[1], "2001:db8::1", 11, 410, 12);
	fx_item(&st->clients[2], "\x1b]2;x\x07" "198.51.100.4", 18, 90, 12);
	st->n_clients = 3;
}

static inline void fx_paths_simple(struct snapshot_status *st, const char *path,
                                   uint64_t count, const char *client)
{
	st->paths = fx_items(1);
	fx_item(&st->paths[0], path, strlen(path), count, 0);
	st->n_paths = 1;
	st->clients = fx_items(1);
	fx_item(&st->clients[0], client, strlen(client), count, 0);
	st->n_clients = 1;
}

/* lines 10100 = parsed 10050 + malformed 48 + directives 2;
 * counted 10001 = 10050 - 49. */
static inline struct snapshot *fx_snapshot(void)
{
	struct snapshot *s = calloc(1, sizeof *s);
	struct snapshot_status *st;
	size_t i;

	if (!s || !(st = calloc(10, sizeof *st)))
		abort();
	s->lines = 10100;
	s->parsed = 10050;
	s->malformed = 48;
	s->directives = 2;
	s->filtered = 49;
	fx_status(&st[0], 200, "200", &fx_i200, 7000);
	fx_paths_simple(&st[0], "/", 4100, "192.0.2.10");
	fx_status(&st[1], 404, "404", &fx_i404, 1500);
	fx_paths_404(&st[1]);
	fx_status(&st[2], 304, "304", &fx_i304, 1000);
	fx_status(&st[3], 499, "499", &fx_i499, 300);
	fx_paths_simple(&st[3], "/api/v1/stream", 250, "198.51.100.23");
	fx_status(&st[4], 500, "500", &fx_i500, 120);
	fx_paths_simple(&st[4], "/checkout", 120, "203.0.113.99");
	fx_status(&st[5], 520, "520", &fx_i520, 50);
	fx_status(&st[6], 299, "299", &fx_i299, 20);
	fx_paths_simple(&st[6], "/odd", 20, "192.0.2.77");
	fx_status(&st[7], -1, "-", &fx_invalid, 8);
	fx_paths_simple(&st[7], "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 8, "192.0.2.200");
	fx_status(&st[8], 0, "000", &fx_invalid, 2);
	fx_status(&st[9], -1, FX_RAW_ESC, &fx_invalid, 1);
	s->statuses = st;
	s->n_statuses = 10;
	s->by_class[CLASS_2XX] = 7020;
	s->by_class[CLASS_3XX] = 1000;
	s->by_class[CLASS_4XX] = 1800;
	s->by_class[CLASS_5XX] = 170;
	s->by_class[CLASS_INVALID] = 11;
	s->by_kind[KIND_REGISTERED] = 9620;
	s->by_kind[KIND_VENDOR] = 350;
	s->by_kind[KIND_UNASSIGNED] = 20;
	s->by_kind[KIND_INVALID] = 11;
	s->has_time = true;
	s->first = 1431857103;          /* 2015-05-17T10:05:03Z */
	s->last = 1431860698;           /* 2015-05-17T11:04:58Z */
	s->bucket_seconds = 300;
	s->n_buckets = 12;
	s->buckets = calloc(12, sizeof *s->buckets);
	if (!s->buckets)
		abort();
	for (i = 0; i < 12; i++) {
		s->buckets[i].start = 1431856800 + 300 * (long long)i;
		s->buckets[i].by_class[CLASS_2XX] = i == 11 ? 7020 - 585 * 11 : 585;
		s->buckets[i].by_class[CLASS_3XX] = i == 11 ? 1000 - 83 * 11 : 83;
		s->buckets[i].by_class[CLASS_4XX] = i == 11 ? 1800 - 150 * 11 : 150;
		s->buckets[i].by_class[CLASS_5XX] = i == 6 ? 170 - 11 : 1;
		s->buckets[i].by_class[CLASS_INVALID] = i == 0 ? 11 : 0;
	}
	return s;
}

/* A run over empty input: every count zero, no statuses, no times. */
static inline struct snapshot *fx_empty(void)
{
	struct snapshot *s = calloc(1, sizeof *s);

	if (!s)
		abort();
	s->bucket_seconds = 60;
	return s;
}

static inline void fx_free(struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->n_statuses; i++) {
		free(s->statuses[i].paths);
		free(s->statuses[i].clients);
	}
	free(s->statuses);
	free(s->buckets);
	free(s);
}

/* Their counts add up to the fixture's totals; no input is mostly
 * malformed (38 of 98 non-directive lines at most). */
static const struct report_input fx_inputs[] = {
	{ .name = "/var/log/nginx/access.log", .lines = 10000, .bytes = 2345678, .failed = false,
	  .format = "combined", .parsed = 9990, .malformed = 10, .directives = 0, .filtered = 49 },
	{ .name = "/var/log/iis/u_ex150517.log", .lines = 100, .bytes = 23456, .failed = false,
	  .format = "w3c", .parsed = 60, .malformed = 38, .directives = 2, .filtered = 0 },
	{ .name = "/var/log/nginx/evil\x1b]0;name\x07.log", .lines = 0, .bytes = 0,
	  .failed = true, .format = "none" },
};

static inline struct report_context fx_context(void)
{
	struct report_context ctx = {
		.generator = "statusmon 0.1.0",
		.registry_source = "built-in",
		.registry_updated = "2022-06-08",
		.format_name = "mixed",
		.n_inputs = 3,
		.inputs = fx_inputs,
		.top_n = 10,
		.color = false,
	};
	return ctx;
}

typedef void (*fx_writer)(FILE *, const struct report_context *, const struct snapshot *);

/* Runs a writer into memory; the caller frees the returned text. */
static inline char *fx_render(fx_writer w, const struct report_context *ctx,
                              const struct snapshot *snap, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		abort();
	w(f, ctx, snap);
	if (fclose(f) != 0)
		abort();
	if (len)
		*len = n;
	return buf;
}

/* Runs a shell command; line gets its first output line. */
static inline const char *fx_run(const char *cmd, char *line, int cap)
{
	FILE *p = popen(cmd, "r");

	line[0] = '\0';
	if (!p)
		return line;
	if (!fgets(line, cap, p))
		line[0] = '\0';
	pclose(p);
	return line;
}

#endif
