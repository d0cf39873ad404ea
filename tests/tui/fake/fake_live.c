/* fake_live.c: a stand-in for src/run/live.c and the statistics, for trying
 * the TUI by hand before the real pipeline exists (never part of the
 * product). A thread invents traffic every 100 ms: mostly 200s, some 404,
 * a burst of nginx 499 and Cloudflare 52x, an unassigned 299, an invalid
 * status, and paths and user agents holding terminal escape sequences.
 * It implements live.h and the snapshot half of stats.h, plus the two name
 * functions of registry.h, on a tiny hand-made table. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "statusmon/live.h"

struct live *fake_live_new(void);
void fake_live_free(struct live *lv);

#define NCODES 11
#define NITEMS 4
#define NRECENT 20
#define NBUCKETS 600

static const struct vendor_meaning v499[] = {
	{ "nginx", "Client Closed Request", "nginx source, ngx_http_request.h" },
};
static const struct vendor_meaning v520[] = {
	{ "Cloudflare", "Web Server Returned an Unknown Error", "developers.cloudflare.com" },
};
static const struct status_info infos[NCODES] = {
	{ 200, CLASS_2XX, KIND_REGISTERED, "OK", "[RFC9110, Section 15.3.1]", 0, NULL },
	{ 301, CLASS_3XX, KIND_REGISTERED, "Moved Permanently", "[RFC9110]", 0, NULL },
	{ 304, CLASS_3XX, KIND_REGISTERED, "Not Modified", "[RFC9110]", 0, NULL },
	{ 404, CLASS_4XX, KIND_REGISTERED, "Not Found", "[RFC9110, Section 15.5.5]", 0, NULL },
	{ 499, CLASS_4XX, KIND_VENDOR, "Client Closed Request", "", 1, v499 },
	{ 500, CLASS_5XX, KIND_REGISTERED, "Internal Server Error", "[RFC9110]", 0, NULL },
	{ 502, CLASS_5XX, KIND_REGISTERED, "Bad Gateway", "[RFC9110]", 0, NULL },
	{ 520, CLASS_5XX, KIND_VENDOR, "Web Server Returned an Unknown Error", "", 1, v520 },
	{ 299, CLASS_2XX, KIND_UNASSIGNED, "", "", 0, NULL },
	{ 100, CLASS_1XX, KIND_REGISTERED, "Continue", "[RFC9110]", 0, NULL },
	{ -1, CLASS_INVALID, KIND_INVALID, "", "", 0, NULL },
};
static const unsigned weights[NCODES] = { 700, 40, 60, 80, 30, 10, 8, 5, 2, 1, 2 };

static const char *const paths[NITEMS] = {
	"/api/v1/orders", "/static/app.js", "/login?next=/\x1b]0;pwned\x07", "/\x1b[2Jwipe",
};
static const char *const clients[NITEMS] = {
	"203.0.113.7", "198.51.100.23", "2001:db8::1", "192.0.2.99",
};

struct live {
	pthread_t th;
	pthread_mutex_t mu;
	int pipe[2];
	volatile int stop;
	time_t start;
	uint64_t lines, malformed, count[NCODES], items[NCODES][2][NITEMS];
	uint64_t buckets[NBUCKETS][CLASS_COUNT];
	char recent[NCODES][NRECENT][200];
	unsigned n_recent[NCODES];
	char filter[256];
};

const char *status_class_name(enum status_class c)
{
	static const char *const n[] = { "1xx", "2xx", "3xx", "4xx", "5xx", "invalid" };
	return (unsigned)c < CLASS_COUNT ? n[c] : "?";
}

const char *status_kind_name(enum status_kind k)
{
	static const char *const n[] = { "registered", "vendor", "unassigned", "invalid" };
	return (unsigned)k < KIND_COUNT ? n[k] : "?";
}

static void fake_line(struct live *lv, unsigned *seed, long now)
{
	unsigned r = (unsigned)rand_r(seed) % 1000, c = 0, acc = 0;
	unsigned p = (unsigned)rand_r(seed) % NITEMS, k = (unsigned)rand_r(seed) % NITEMS;
	char *slot;

	if (now % 30 >= 20 && r < 300)
		r = 900;                     /* a 499/52x storm every 30 s */
	for (c = 0; c < NCODES; c++) {
		acc += weights[c];
		if (r < acc)
			break;
	}
	if (c >= NCODES)
		c = (r & 1) ? 4 : 7;
	lv->lines++;
	lv->count[c]++;
	lv->items[c][0][p]++;
	lv->items[c][1][k]++;
	lv->buckets[(now - lv->start) % NBUCKETS][infos[c].cls]++;
	memmove(lv->recent[c][1], lv->recent[c][0], sizeof(lv->recent[c][0]) * (NRECENT - 1));
	slot = lv->recent[c][0];
	snprintf(slot, 200, "%s - - [01/Jan/2025:00:00:00 +0000] \"GET %s HTTP/1.1\" %d 12 \"-\" \"Mozilla \x1b[31mred\x9b\"",
	         clients[k], paths[p], infos[c].code >= 0 ? infos[c].code : 0);
	if (lv->n_recent[c] < NRECENT)
		lv->n_recent[c]++;
}

static void *fake_thread(void *arg)
{
	struct live *lv = arg;
	unsigned seed = 42;
	int i, n;

	while (!lv->stop) {
		long now = (long)time(NULL);

		pthread_mutex_lock(&lv->mu);
		n = 20 + (int)(now % 7) * 10;
		for (i = 0; i < n; i++)
			fake_line(lv, &seed, now);
		if ((unsigned)rand_r(&seed) % 10 == 0)
			lv->malformed++;
		pthread_mutex_unlock(&lv->mu);
		if (write(lv->pipe[1], "x", 1) < 0) {
			/* full pipe: the TUI has not acked yet, fine */
		}
		usleep(100000);
	}
	return NULL;
}

struct live *fake_live_new(void)
{
	struct live *lv = calloc(1, sizeof(*lv));

	pthread_mutex_init(&lv->mu, NULL);
	if (pipe2(lv->pipe, O_NONBLOCK | O_CLOEXEC) != 0)
		abort();
	lv->start = time(NULL);
	pthread_create(&lv->th, NULL, fake_thread, lv);
	return lv;
}

void fake_live_free(struct live *lv)
{
	lv->stop = 1;
	pthread_join(lv->th, NULL);
	close(lv->pipe[0]);
	close(lv->pipe[1]);
	pthread_mutex_destroy(&lv->mu);
	free(lv);
}

void live_get_info(struct live *lv, struct live_info *info)
{
	pthread_mutex_lock(&lv->mu);
	memset(info, 0, sizeof(*info));
	info->sources = "fake.log";
	info->format_name = "combined";
	info->elapsed = (double)(time(NULL) - lv->start);
	info->lines = lv->lines;
	info->malformed = lv->malformed;
	info->lines_per_second = 400;
	snprintf(info->path_filter, sizeof(info->path_filter), "%s", lv->filter);
	pthread_mutex_unlock(&lv->mu);
}

static void copy_items(struct snapshot_item **out, size_t *n, const uint64_t *counts)
{
	size_t i;

	*out = calloc(NITEMS, sizeof(**out));
	*n = 0;
	for (i = 0; i < NITEMS; i++) {
		if (!counts[i])
			continue;
		(*out)[*n].count = counts[i];
		(*n)++;
	}
}

static void fill_status(struct live *lv, struct snapshot_status *s, unsigned c)
{
	size_t i, j;

	s->code = infos[c].code;
	if (s->code < 0) {
		memcpy(s->raw, "20\x1b[0", 5);
		s->raw_len = 5;
	}
	s->info = &infos[c];
	s->count = s->window_count = lv->count[c];
	s->rate = (double)lv->count[c] / (double)(time(NULL) - lv->start + 1);
	copy_items(&s->paths, &s->n_paths, lv->items[c][0]);
	copy_items(&s->clients, &s->n_clients, lv->items[c][1]);
	for (i = 0, j = 0; i < NITEMS; i++) {
		if (lv->items[c][0][i]) {
			s->paths[j].key_len = strlen(paths[i]);
			memcpy(s->paths[j++].key, paths[i], strlen(paths[i]));
		}
	}
	for (i = 0, j = 0; i < NITEMS; i++) {
		if (lv->items[c][1][i]) {
			s->clients[j].key_len = strlen(clients[i]);
			memcpy(s->clients[j++].key, clients[i], strlen(clients[i]));
		}
	}
	s->n_recent = lv->n_recent[c];
	s->recent = calloc(NRECENT, sizeof(*s->recent));
	for (i = 0; i < s->n_recent; i++) {
		s->recent[i].len = strlen(lv->recent[c][i]);
		memcpy(s->recent[i].text, lv->recent[c][i], s->recent[i].len);
	}
}

struct snapshot *live_snapshot(struct live *lv, const struct snapshot_options *opt)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	long now = (long)time(NULL), span = now - lv->start + 1, first, b;
	unsigned c;

	pthread_mutex_lock(&lv->mu);
	s->statuses = calloc(NCODES, sizeof(*s->statuses));
	for (c = 0; c < NCODES; c++) {
		if (!lv->count[c])
			continue;
		fill_status(lv, &s->statuses[s->n_statuses++], c);
		s->by_class[infos[c].cls] += lv->count[c];
	}
	memcpy(s->window_by_class, s->by_class, sizeof(s->by_class));
	s->window_seconds = opt->window_seconds;
	s->window_rate = (double)lv->lines / (double)span;
	s->lines = s->parsed = lv->lines;
	s->bucket_seconds = 1;
	s->has_time = true;
	s->first = lv->start;
	s->last = now;
	if (span > NBUCKETS)
		span = NBUCKETS;
	first = span > (long)opt->max_buckets && opt->max_buckets ? span - (long)opt->max_buckets : 0;
	s->buckets = calloc((size_t)span, sizeof(*s->buckets));
	for (b = first; b < span; b++) {
		struct snapshot_bucket *d = &s->buckets[s->n_buckets++];

		d->start = lv->start + b;
		memcpy(d->by_class, lv->buckets[b], sizeof(d->by_class));
	}
	pthread_mutex_unlock(&lv->mu);
	return s;
}

void snapshot_free(struct snapshot *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_statuses; i++) {
		free(s->statuses[i].paths);
		free(s->statuses[i].clients);
		free(s->statuses[i].recent);
	}
	free(s->statuses);
	free(s->buckets);
	free(s);
}

int live_notify_fd(struct live *lv)
{
	return lv->pipe[0];
}

void live_ack(struct live *lv)
{
	char buf[256];

	while (read(lv->pipe[0], buf, sizeof(buf)) == (ssize_t)sizeof(buf))
		;
}

void live_reset(struct live *lv)
{
	pthread_mutex_lock(&lv->mu);
	lv->lines = lv->malformed = 0;
	memset(lv->count, 0, sizeof(lv->count));
	memset(lv->items, 0, sizeof(lv->items));
	memset(lv->n_recent, 0, sizeof(lv->n_recent));
	pthread_mutex_unlock(&lv->mu);
}

int live_set_path_filter(struct live *lv, const char *regex, struct error *err)
{
	if (strchr(regex, '(') && !strchr(regex, ')')) {
		snprintf(err->msg, sizeof(err->msg), "--path '%s': missing closing parenthesis at offset %zu",
		         regex, strlen(regex));
		return -1;
	}
	live_reset(lv);
	pthread_mutex_lock(&lv->mu);
	snprintf(lv->filter, sizeof(lv->filter), "%s", regex);
	pthread_mutex_unlock(&lv->mu);
	return 0;
}
