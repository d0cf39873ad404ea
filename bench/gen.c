/* bench/gen.c: statusmon-gen, the benchmark's log writer. Writes N lines of
 * combined format with a realistic mix (mostly 200/304/30x/404, some 206,
 * 403, 5xx, nginx 444/499, Cloudflare 52x, a few unassigned and invalid
 * statuses), paths with query strings (a Zipf head and a uniform tail over
 * --paths unique ones), IPv4 and IPv6 clients with real user agents,
 * timestamps over days, ~5% of lines with nginx's extra trailing fields and
 * a few malformed lines. --format jsonl writes the same draws as nginx
 * escape=json lines, --format w3c as IIS W3C lines under their directives.
 * The same seed always gives the same bytes. Apart from statusmon: it only
 * writes logs.
 *
 * Every malformed line has fewer than 9 blank-separated fields, and every
 * other line has its status as field 9, so `awk '{print $9}'` counts the
 * statuses exactly (malformed lines under the empty key): bench/run relies
 * on that to check statusmon against mawk. Likewise in W3C every malformed
 * line has fewer than 12 fields and every other one its status as field 12
 * (directives start with "#"), and in JSON lines only well-formed lines
 * hold a "status" key. */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gen_tables.h"

#define OUT_CAP (4u << 20)   /* output buffer */
#define LINE_MAX_LEN 2048u   /* no generated line is longer */
#define N_CLIENTS 50000u
#define MALFORMED_EVERY 20000u

enum { DURATIONS_NONE, DURATIONS_US, DURATIONS_S };   /* --durations[=us|s] */

struct out {
	FILE *f;
	char *buf;
	size_t len;
	int failed;
};

struct client {
	char addr[48];
	uint8_t addr_len;
	uint8_t agent;
};

struct gen {
	struct rng rng;
	struct alias paths, clients, status, agents;
	struct client *client;
	long long t_us;          /* UTC microseconds since the epoch */
	long long step_us;       /* mean gap between lines */
	long long cached_sec;
	char when[32];           /* "10/Oct/2000:13:55:36 -0700" */
	int zone_min;
	char zone[8];
	int durations;           /* --durations: a %D (DURATIONS_US) or
	                          * $request_time (DURATIONS_S) field ends each line */
	enum { FMT_COMBINED, FMT_JSONL, FMT_W3C } format;
	char utc[24];            /* W3C: "2024-01-01 13:55:36" */
	long long utc_day;       /* W3C: the day of the last header */
};

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->failed = 1;
	o->len = 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_s(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_u(struct out *o, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof tmp;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(o, tmp + i, sizeof tmp - i);
}

/* Paths past the first few come in families: prefix, the rank k (so every
 * k gives a different path), middle, a second number below mod (if any). */
struct path_family {
	const char *prefix, *middle;
	unsigned mod;
	const char *suffix;
};

static const struct path_family families[8] = {
	{ "/static/js/chunk-", ".", 99991, ".js" },
	{ "/api/v1/users/", "?include=roles&page=", 20, "" },
	{ "/products/item-", "?utm_source=newsletter&utm_medium=email", 0, "" },
	{ "/blog/2024/post-", ".html?ref=home&page=", 5, "" },
	{ "/search?q=term", "&sort=price_asc&page=", 5, "" },
	{ "/images/", "/photo.jpg?w=", 1600, "" },
	{ "/api/v2/orders/", "/items?currency=EUR&limit=", 50, "" },
	{ "/docs/page-", "?lang=en", 0, "" },
};

static void put_path(struct out *o, uint32_t k)
{
	static const char *const top[] = { "/", "/favicon.ico", "/static/css/app.css",
		"/static/js/main.js", "/api/v1/health", "/robots.txt" };
	const struct path_family *f = &families[k % 8];

	if (k < sizeof top / sizeof top[0]) {
		put_s(o, top[k]);
		return;
	}
	put_s(o, f->prefix);
	put_u(o, k);
	put_s(o, f->middle);
	if (f->mod)
		put_u(o, mix64(k) % f->mod + 1);
	put_s(o, f->suffix);
}

static void client_init(struct client *c, uint32_t i, struct rng *r, const struct alias *agents)
{
	uint64_t h = mix64(i ^ 0x5eedULL);
	int n;

	if (h % 10 < 3)
		n = snprintf(c->addr, sizeof c->addr, "2001:db8:%x:%x::%x",
		             (unsigned)(h >> 8 & 0xffff), (unsigned)(h >> 24 & 0xffff),
		             (unsigned)(h >> 40 & 0xfff) + 1);
	else if (i < 762)
		n = snprintf(c->addr, sizeof c->addr, "%s%u",
		             i < 254 ? "192.0.2." : i < 508 ? "198.51.100." : "203.0.113.",
		             i % 254 + 1);
	else
		n = snprintf(c->addr, sizeof c->addr, "10.%u.%u.%u", (unsigned)(h >> 8 & 255),
		             (unsigned)(h >> 16 & 255), (unsigned)(h >> 24 & 254) + 1);
	c->addr_len = (uint8_t)n;
	c->agent = (uint8_t)alias_draw(agents, r);
}

static void time_update(struct gen *g)
{
	long long sec = g->t_us / 1000000;
	time_t local;
	struct tm tm;

	if (sec == g->cached_sec)
		return;
	g->cached_sec = sec;
	local = (time_t)(sec + g->zone_min * 60LL);
	gmtime_r(&local, &tm);
	size_t n = strftime(g->when, sizeof g->when, "%d/%b/%Y:%H:%M:%S ", &tm);
	memcpy(g->when + n, g->zone, 6);     /* "+hhmm" and its NUL */
	local = (time_t)sec;
	gmtime_r(&local, &tm);
	strftime(g->utc, sizeof g->utc, "%Y-%m-%d %H:%M:%S", &tm);
}

static void put_malformed(struct gen *g, struct out *o, uint32_t path)
{
	switch (rng_below(&g->rng, 3)) {
	case 0:      /* empty */
		break;
	case 1:      /* cut short inside the request: 7 fields */
		put_s(o, "203.0.113.9 - - [");
		put_s(o, g->when);
		put_s(o, "] \"GET ");
		put_path(o, path);
		break;
	default:     /* a TLS handshake written raw by some other program */
		put(o, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
		break;
	}
	put_s(o, "\n");
}

/* A request time in microseconds with a realistic shape: most requests
 * 1-80 ms, a slow tail to 3 s, the rare 20 s, and the 504s piled up at a
 * 60 s proxy timeout. */
static uint64_t duration_us(struct gen *g, const char *status)
{
	uint64_t r = rng_next(&g->rng);

	if (strcmp(status, "504") == 0)
		return 60000000 + r % 5000;
	if (r % 1000 < 900)
		return 1000 + (r >> 10) % 79000;
	if (r % 1000 < 995)
		return 80000 + (r >> 10) % 2920000;
	return 3000000 + (r >> 10) % 17000000;
}

/* A time in microseconds as nginx writes $request_time: seconds with
 * milliseconds ("0.069"). */
static void put_seconds(struct out *o, uint64_t us)
{
	uint64_t ms = (us / 1000) % 1000;

	put_u(o, us / 1000000);
	put_s(o, ms < 100 ? (ms < 10 ? ".00" : ".0") : ".");
	put_u(o, ms);
}

/* --durations: Apache %D (microseconds) ends the line, or with
 * --durations=s nginx's $request_time (seconds). */
static void put_duration(struct gen *g, struct out *o, const char *status)
{
	uint64_t us = duration_us(g, status);

	put_s(o, " ");
	if (g->durations == DURATIONS_S)
		put_seconds(o, us);
	else
		put_u(o, us);
}

/* One line's draws, shared by every format so the mix is the same. */
struct draw {
	const struct client *c;
	uint32_t path;
	const struct status_row *st;
	uint64_t r;
};

/* Draws the next line and moves the clock; false for a malformed line
 * (the caller writes it with put_malformed). */
static bool draw_line(struct gen *g, struct draw *d)
{
	d->c = &g->client[alias_draw(&g->clients, &g->rng)];
	/* a Zipf head, and a long tail of one-off URLs (search terms, ids):
	 * a quarter of the lines draw uniformly, so every path shows up */
	d->path = rng_next(&g->rng) % 4 ? alias_draw(&g->paths, &g->rng)
	                                : rng_below(&g->rng, g->paths.n);
	d->st = &gen_status_rows[alias_draw(&g->status, &g->rng)];
	d->r = rng_next(&g->rng);
	g->t_us += (long long)(rng_next(&g->rng) % (uint64_t)(2 * g->step_us + 1));
	time_update(g);
	return d->r % MALFORMED_EVERY != 0;
}

static void put_bytes(struct out *o, const struct draw *d, const char *absent)
{
	if (d->st->bytes_span)
		put_u(o, d->st->bytes_min + (d->r >> 36) % d->st->bytes_span);
	else
		put_s(o, (d->r >> 36) % 4 ? "0" : absent);
}

static const char *protocol(uint64_t r)
{
	return (r >> 28) % 100 < 60 ? "HTTP/1.1" : (r >> 28) % 100 < 98 ? "HTTP/2.0" : "HTTP/1.0";
}

static void put_line(struct gen *g, struct out *o)
{
	struct draw d;

	if (!draw_line(g, &d)) {
		put_malformed(g, o, d.path);
		return;
	}
	uint64_t r = d.r;
	put(o, d.c->addr, d.c->addr_len);
	put_s(o, (r >> 20) % 100 ? " - - [" : " - alice [");
	put_s(o, g->when);
	put_s(o, "] \"");
	put_s(o, gen_method((unsigned)((r >> 8) % 100)));
	put_s(o, " ");
	put_path(o, d.path);
	put_s(o, " ");
	put_s(o, protocol(r));
	put_s(o, "\" ");
	put_s(o, d.st->text);
	put_s(o, " ");
	put_bytes(o, &d, "-");
	put_s(o, " \"");
	put_s(o, gen_referers[(r >> 44) % 16]);
	put_s(o, "\" \"");
	put_s(o, gen_agent_rows[d.c->agent].text);
	put_s(o, "\"");
	if (g->durations) {
		put_duration(g, o, d.st->text);
		put_s(o, "\n");
		return;
	}
	if ((r >> 52) % 100 < 5) {   /* nginx: "$http_x_forwarded_for" [$request_time] */
		put_s(o, (r >> 52) % 2 ? " \"198.51.100.201\"" : " \"-\" 0.");
		if (!((r >> 52) % 2))
			put_u(o, 100 + (r >> 40) % 900);
	}
	put_s(o, "\n");
}

/* nginx: log_format json escape=json '{"time_local":"$time_local",
 * "remote_addr":"$remote_addr","request":"$request","status":$status,
 * "body_bytes_sent":$body_bytes_sent,"request_time":$request_time,
 * "http_referer":"$http_referer","http_user_agent":"$http_user_agent",
 * "host":"$host"}'. The status is written as nginx does (a bare number,
 * "000" included); the rare "-" row, which nginx never logs, as a string.
 * No generated value needs escaping. */
static void put_line_json(struct gen *g, struct out *o)
{
	static const char *const hosts[4] = { "www.example.com", "www.example.com",
		"api.example.com", "static.example.com" };
	struct draw d;

	if (!draw_line(g, &d)) {
		put_malformed(g, o, d.path);
		return;
	}
	uint64_t r = d.r, us = duration_us(g, d.st->text);
	put_s(o, "{\"time_local\":\"");
	put_s(o, g->when);
	put_s(o, "\",\"remote_addr\":\"");
	put(o, d.c->addr, d.c->addr_len);
	put_s(o, "\",\"request\":\"");
	put_s(o, gen_method((unsigned)((r >> 8) % 100)));
	put_s(o, " ");
	put_path(o, d.path);
	put_s(o, " ");
	put_s(o, protocol(r));
	put_s(o, strcmp(d.st->text, "-") ? "\",\"status\":" : "\",\"status\":\"");
	put_s(o, d.st->text);
	put_s(o, strcmp(d.st->text, "-") ? ",\"body_bytes_sent\":" : "\",\"body_bytes_sent\":");
	put_bytes(o, &d, "0");
	put_s(o, ",\"request_time\":");
	put_seconds(o, us);
	put_s(o, ",\"http_referer\":\"");
	put_s(o, (r >> 44) % 16 < 9 ? "" : gen_referers[(r >> 44) % 16]);
	put_s(o, "\",\"http_user_agent\":\"");
	put_s(o, gen_agent_rows[d.c->agent].text);
	put_s(o, "\",\"host\":\"");
	put_s(o, hosts[(r >> 52) % 4]);
	put_s(o, "\"}\n");
}

/* IIS writes its directives at the top of each daily file: a concatenation
 * of daily logs repeats them whenever the (UTC) day changes. */
static void put_w3c_header(struct gen *g, struct out *o)
{
	long long day = g->t_us / 1000000 / 86400;

	if (day == g->utc_day)
		return;
	g->utc_day = day;
	put_s(o, "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: ");
	put_s(o, g->utc);
	put_s(o, "\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
	      "cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus "
	      "sc-win32-status time-taken\n");
}

/* s with its spaces as "+", as IIS writes a user agent. */
static void put_plus(struct out *o, const char *s)
{
	size_t start = o->len;

	put_s(o, s);
	for (size_t i = start; i < o->len; i++)
		if (o->buf[i] == ' ')
			o->buf[i] = '+';
}

/* IIS W3C, the default field set with the agent and referer: UTC date and
 * time, the path split at "?" into stem and query, time-taken in ms. */
static void put_line_w3c(struct gen *g, struct out *o)
{
	struct draw d;
	char path[512];
	struct out p = { NULL, path, 0, 0 };

	bool ok = draw_line(g, &d);

	put_w3c_header(g, o);
	if (!ok) {
		put_malformed(g, o, d.path);
		return;
	}
	uint64_t r = d.r, us = duration_us(g, d.st->text);
	put_path(&p, d.path);
	char *q = memchr(path, '?', p.len);
	size_t stem = q ? (size_t)(q - path) : p.len;
	put_s(o, g->utc);
	put_s(o, (r >> 60) % 2 ? " 10.0.0.4 " : " 10.0.0.5 ");
	put_s(o, gen_method((unsigned)((r >> 8) % 100)));
	put_s(o, " ");
	put(o, path, stem);
	put_s(o, " ");
	if (q)
		put(o, q + 1, p.len - stem - 1);
	else
		put_s(o, "-");
	put_s(o, (r >> 28) % 100 < 90 ? " 443 " : " 80 ");
	put_s(o, (r >> 20) % 100 ? "-" : "alice");
	put_s(o, " ");
	put(o, d.c->addr, d.c->addr_len);
	put_s(o, " ");
	put_plus(o, gen_agent_rows[d.c->agent].text);
	put_s(o, " ");
	put_s(o, gen_referers[(r >> 44) % 16]);
	put_s(o, " ");
	put_s(o, d.st->text);
	put_s(o, (r >> 52) % 100 < 2 ? " 0 64 " : " 0 0 ");
	put_u(o, us / 1000);
	put_s(o, "\n");
}

static int gen_init(struct gen *g, uint64_t seed, uint32_t n_paths, uint64_t lines)
{
	static const char *const zones[] = { "+0000", "+0100", "-0500", "+0530", "-0700", "+0900" };
	static const int zone_min[] = { 0, 60, -300, 330, -420, 540 };
	int z = (int)(seed % 6);
	long long days = 3 + (long long)(seed % 4);

	memset(g, 0, sizeof *g);
	rng_seed(&g->rng, seed);
	if (alias_zipf(&g->paths, n_paths, 1.0) || alias_zipf(&g->clients, N_CLIENTS, 0.9) ||
	    alias_status(&g->status) || alias_agents(&g->agents))
		return -1;
	g->client = calloc(N_CLIENTS, sizeof *g->client);
	if (!g->client)
		return -1;
	for (uint32_t i = 0; i < N_CLIENTS; i++)
		client_init(&g->client[i], i, &g->rng, &g->agents);
	g->zone_min = zone_min[z];
	strcpy(g->zone, zones[z]);
	g->t_us = (1704067200LL + (long long)(seed % 200) * 86400) * 1000000;
	g->step_us = days * 86400LL * 1000000 / (long long)(lines ? lines : 1);
	g->cached_sec = -1;
	g->utc_day = -1;
	return 0;
}

static void gen_free(struct gen *g)
{
	alias_free(&g->paths);
	alias_free(&g->clients);
	alias_free(&g->status);
	alias_free(&g->agents);
	free(g->client);
}

static void usage(FILE *f)
{
	fputs("usage: statusmon-gen [--lines N] [--seed S] [--paths P]\n"
	      "                     [--format combined|jsonl|w3c] [--durations[=us|s]]\n"
	      "Writes N (default 1000000) log lines to stdout; the same\n"
	      "seed (default 1) always gives the same file. P (default 10000) is the\n"
	      "number of unique paths (3/4 of the lines Zipf-distributed over them,\n"
	      "1/4 uniform, so nearly all of them appear in a large file).\n"
	      "--durations ends each line with a request time in microseconds\n"
	      "(LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b \\\"%{Referer}i\\\" "
	      "\\\"%{User-Agent}i\\\" %D\"):\n"
	      "mostly 1-80 ms, a slow tail, 504s at a 60 s timeout; --durations=s\n"
	      "writes it as nginx's $request_time, seconds with milliseconds (0.069).\n"
	      "--format jsonl: nginx log_format escape=json lines (time_local,\n"
	      "remote_addr, request, status, body_bytes_sent, request_time,\n"
	      "http_referer, http_user_agent, host); --format w3c: IIS W3C with its\n"
	      "#Software/#Version/#Date/#Fields header at the top and at each new\n"
	      "UTC day (N counts the log lines, not the header lines). The same\n"
	      "statuses, clients, paths and malformed lines in every format.\n", f);
}

static int parse_format(const char *s, int *format)
{
	static const char *const names[] = { "combined", "jsonl", "w3c" };

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0)
			return *format = i, 0;
	return -1;
}

/* --durations (us) or --durations=us|s */
static int parse_durations(const char *s, int *durations)
{
	if (!s || strcmp(s, "us") == 0)
		return *durations = DURATIONS_US, 0;
	if (strcmp(s, "s") == 0)
		return *durations = DURATIONS_S, 0;
	return -1;
}

static int parse_count(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (!*s || *end || *s == '-' || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lines", required_argument, NULL, 'n' }, { "seed", required_argument, NULL, 's' },
		{ "paths", required_argument, NULL, 'p' }, { "format", required_argument, NULL, 'f' },
		{ "durations", optional_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	uint64_t lines = 1000000, seed = 1, paths = 10000;
	struct out o = { stdout, NULL, 0, 0 };
	struct gen g;
	int c, bad = 0;

	int durations = DURATIONS_NONE;
	int format = FMT_COMBINED;

	while ((c = getopt_long(argc, argv, "n:s:p:f:dh", opts, NULL)) != -1) {
		if (c == 'n')
			bad |= parse_count(optarg, UINT64_MAX, &lines);
		else if (c == 's')
			bad |= parse_count(optarg, UINT64_MAX, &seed);
		else if (c == 'p')
			bad |= parse_count(optarg, 100000000, &paths) || paths == 0;
		else if (c == 'f')
			bad |= parse_format(optarg, &format);
		else if (c == 'd')
			bad |= parse_durations(optarg, &durations);
		else if (c == 'h')
			return usage(stdout), 0;
		else
			bad = 1;
	}
	if (bad || optind != argc) {
		usage(stderr);
		return 2;
	}
	o.buf = malloc(OUT_CAP);
	if (!o.buf || gen_init(&g, seed, (uint32_t)paths, lines)) {
		fputs("statusmon-gen: out of memory\n", stderr);
		return 1;
	}
	g.durations = durations;
	g.format = format;
	void (*line)(struct gen *, struct out *) = format == FMT_JSONL ? put_line_json :
		format == FMT_W3C ? put_line_w3c : put_line;
	for (uint64_t i = 0; i < lines && !o.failed; i++) {
		if (OUT_CAP - o.len < 2 * LINE_MAX_LEN)
			out_flush(&o);
		line(&g, &o);
	}
	out_flush(&o);
	if (fflush(stdout) || o.failed) {
		perror("statusmon-gen: write");
		o.failed = 1;
	}
	gen_free(&g);
	free(o.buf);
	return o.failed;
}
