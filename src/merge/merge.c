/* merge.c: struct merge, the combination of every report added so far.
 * A report is read whole (merge_read.c), checked against what is already
 * merged (the same file twice, an input already counted), and only then
 * committed: its totals and statuses summed, its top lists and timeline
 * kept for merge_finish, its inputs and hosts listed. Strings kept from a
 * report are copied into an arena freed with the merge. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "merge_impl.h"
#include "statusmon/xalloc.h"

#define ARENA_CHUNK (64u << 10)
#define HOST_CODES_BUF (RPT_HOST_CODES_MAX * STATUS_RAW_MAX)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	char data[];
};

struct mstatus {
	int code;
	const char *raw;
	size_t raw_n;
	bool raw_truncated;
	uint64_t count;
	struct topk_acc acc[2];
	struct latency *lat[DUR_COUNT];     /* NULL: no report had one */
};

struct mhost {
	struct report_host row;
	char codes[HOST_CODES_BUF];
	size_t n_codes;
};

struct mreport {
	const char *name;
	uint64_t hash;
};

struct merge {
	const struct registry *reg;
	struct arena_chunk *arena;
	size_t n_reports;
	struct mreport *reports;
	uint64_t lines, parsed, malformed, directives, filtered, truncated;
	bool has_time;
	long long first, last;
	struct mstatus *st;
	size_t n_st, cap_st;
	int by_code[STATUS_CODE_MAX + 1];   /* index + 1 into st, 0 = none */
	struct time_acc time;
	struct report_input *inputs;
	const char **input_report;          /* the report each input came from */
	size_t n_inputs, cap_inputs;
	struct mhost *hosts;
	size_t n_hosts, cap_hosts;
	const char **notes, **left_out;
	size_t n_notes, n_left_out;
	const char *format;
	bool mixed_format;
	unsigned min_top_n;
	struct report_host *host_rows;      /* merge_finish's table */
};

#define GROW(arr, n, cap) do { if ((n) == (cap)) { (cap) = (cap) ? (cap) * 2 : 16; \
	(arr) = xrealloc((arr), (cap) * sizeof *(arr)); } } while (0)

char *merge_strdup(struct merge *m, const char *s, size_t n)
{
	struct arena_chunk *c = m->arena;
	char *p;

	if (!c || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;

		c = xmalloc(sizeof *c + cap);
		c->next = m->arena;
		c->used = 0;
		c->cap = cap;
		m->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

static const char *keep(struct merge *m, const char *s)
{
	return s ? merge_strdup(m, s, strlen(s)) : NULL;
}

struct merge *merge_new(const struct registry *reg)
{
	struct merge *m = xcalloc(1, sizeof *m);

	m->reg = reg;
	return m;
}

void merge_free(struct merge *m)
{
	if (!m)
		return;
	while (m->arena) {
		struct arena_chunk *next = m->arena->next;

		free(m->arena);
		m->arena = next;
	}
	for (size_t i = 0; i < m->n_st; i++) {
		free(m->st[i].acc[0].e);
		free(m->st[i].acc[1].e);
		for (int k = 0; k < DUR_COUNT; k++)
			free(m->st[i].lat[k]);
	}
	free(m->st);
	free(m->reports);
	free(m->time.b);
	free(m->inputs);
	free(m->input_report);
	free(m->hosts);
	free(m->host_rows);
	free(m->notes);
	free(m->left_out);
	free(m);
}

static void add_note(struct merge *m, const char *text)
{
	if (m->n_notes >= 32)
		return;   /* the first 32 tell the story */
	m->notes = xrealloc(m->notes, (m->n_notes + 1) * sizeof *m->notes);
	m->notes[m->n_notes++] = keep(m, text);
}

void merge_left_out(struct merge *m, const char *name, const char *reason)
{
	char buf[1024];

	snprintf(buf, sizeof buf, "%s: %s", name, reason);
	m->left_out = xrealloc(m->left_out, (m->n_left_out + 1) * sizeof *m->left_out);
	m->left_out[m->n_left_out++] = keep(m, buf);
}

static uint64_t content_hash(const char *buf, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)buf[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* An input of r already counted: same host, inode and first line. */
static enum merge_status check_inputs(const struct merge *m, const struct rpt *r,
                                      struct error *err)
{
	for (size_t i = 0; i < r->n_inputs; i++) {
		const struct report_input *in = &r->inputs[i];

		if (!in->has_file_id || !in->fingerprint)
			continue;
		for (size_t j = 0; j < m->n_inputs; j++) {
			const struct report_input *o = &m->inputs[j];

			if (o->has_file_id && o->fingerprint && o->inode == in->inode &&
			    !strcmp(o->fingerprint, in->fingerprint) && !strcmp(o->host, in->host)) {
				error_set(err, "input %.200s (host %.100s, inode %llu) is already counted "
				          "from %.300s", in->name, in->host, (unsigned long long)in->inode,
				          m->input_report[j]);
				return MERGE_LEFT_OUT;
			}
		}
	}
	if (!time_acc_check(&m->time, r->bucket_seconds)) {
		error_set(err, "its timeline buckets (%lld s) cannot be combined with the others'",
		          r->bucket_seconds);
		return MERGE_LEFT_OUT;
	}
	return MERGE_OK;
}

static struct mstatus *status_find(struct merge *m, const struct rpt_status *s)
{
	struct mstatus *ms;

	if (s->code >= 0 && m->by_code[s->code])
		return &m->st[m->by_code[s->code] - 1];
	for (size_t i = 0; s->code < 0 && i < m->n_st; i++)
		if (m->st[i].code < 0 && m->st[i].raw_n == s->raw_n &&
		    !memcmp(m->st[i].raw, s->raw, s->raw_n))
			return &m->st[i];
	GROW(m->st, m->n_st, m->cap_st);
	ms = &m->st[m->n_st++];
	memset(ms, 0, sizeof *ms);
	ms->code = s->code;
	if (s->code >= 0)
		m->by_code[s->code] = (int)m->n_st;
	else
		ms->raw = merge_strdup(m, s->raw, s->raw_n);
	ms->raw_n = s->raw_n;
	return ms;
}

static void commit_status(struct merge *m, const struct rpt *r, const struct rpt_status *s)
{
	struct mstatus *ms = status_find(m, s);

	ms->count += s->count;
	ms->raw_truncated |= s->raw_truncated;
	merge_latency_add(ms->lat, s->lat);
	for (int w = 0; w < 2; w++) {
		size_t n = s->n_items[w];
		uint64_t bound = n < r->top_n ? 0 : s->items[w][n - 1].count;

		ms->acc[w].bound_sum += bound;
		for (size_t i = 0; i < n; i++) {
			const struct rpt_item *it = &s->items[w][i];

			topk_acc_add(&ms->acc[w], merge_strdup(m, it->key, it->n), it->n, it->truncated,
			             it->count, it->error, bound);
		}
	}
}

static void host_add_code(struct mhost *h, const char *c, size_t n)
{
	size_t used = strlen(h->codes);

	for (const char *p = h->codes; *p;) {
		size_t len = strcspn(p, " ");

		if (len == n && !memcmp(p, c, n))
			return;
		p += len + (p[len] == ' ');
	}
	if (h->n_codes >= RPT_HOST_CODES_MAX || used + n + 2 > sizeof h->codes)
		return;
	if (used)
		h->codes[used++] = ' ';
	memcpy(h->codes + used, c, n);
	h->codes[used + n] = '\0';
	h->n_codes++;
}

static void commit_host(struct merge *m, const struct rpt_host *rh)
{
	struct mhost *h = NULL;

	for (size_t i = 0; i < m->n_hosts && !h; i++)
		if (!strcmp(m->hosts[i].row.host, rh->host))
			h = &m->hosts[i];
	if (!h) {
		GROW(m->hosts, m->n_hosts, m->cap_hosts);
		h = &m->hosts[m->n_hosts++];
		memset(h, 0, sizeof *h);
		h->row.host = keep(m, rh->host);
	}
	h->row.lines += rh->lines;
	h->row.counted += rh->counted;
	h->row.c5xx += rh->c5xx;
	h->row.flagged += rh->flagged;
	for (size_t i = 0; i < rh->n_codes; i++)
		host_add_code(h, rh->codes[i], rh->code_n[i]);
}

static void commit_input(struct merge *m, const struct report_input *in, const char *report)
{
	struct report_input *o;

	if (m->n_inputs == m->cap_inputs) {
		m->cap_inputs = m->cap_inputs ? m->cap_inputs * 2 : 16;
		m->inputs = xrealloc(m->inputs, m->cap_inputs * sizeof *m->inputs);
		m->input_report = xrealloc(m->input_report, m->cap_inputs * sizeof *m->input_report);
	}
	o = &m->inputs[m->n_inputs];
	*o = *in;
	o->name = keep(m, in->name);
	o->format = keep(m, in->format);
	o->host = keep(m, in->host);
	o->fingerprint = keep(m, in->fingerprint);
	m->input_report[m->n_inputs++] = report;
}

static void commit_registry_note(struct merge *m, const struct rpt *r, const char *name)
{
	char buf[1024];

	if (rpt_same_registry(r, m->reg))
		return;
	snprintf(buf, sizeof buf, "%s was classified by the registry %s (%s); its codes are "
	         "reclassified by the one in use, %s (%s)", name, r->reg_source, r->reg_updated,
	         registry_source(m->reg), registry_updated(m->reg));
	add_note(m, buf);
}

static void commit(struct merge *m, const struct rpt *r, const char *name, uint64_t hash)
{
	const char *kept = keep(m, name);

	m->reports = xrealloc(m->reports, (m->n_reports + 1) * sizeof *m->reports);
	m->reports[m->n_reports++] = (struct mreport){ kept, hash };
	m->lines += r->lines;
	m->parsed += r->parsed;
	m->malformed += r->malformed;
	m->directives += r->directives;
	m->filtered += r->filtered;
	m->truncated += r->truncated;
	if (r->has_time) {
		m->first = m->has_time && m->first < r->first ? m->first : r->first;
		m->last = m->has_time && m->last > r->last ? m->last : r->last;
		m->has_time = true;
	}
	for (size_t i = 0; i < r->n_statuses; i++)
		commit_status(m, r, &r->statuses[i]);
	time_acc_add(&m->time, r->buckets, r->n_buckets, r->bucket_seconds);
	for (size_t i = 0; i < r->n_inputs; i++)
		commit_input(m, &r->inputs[i], kept);
	for (size_t i = 0; i < r->n_hosts; i++)
		commit_host(m, &r->hosts[i]);
	if (!m->format)
		m->format = keep(m, r->format);
	else if (strcmp(m->format, r->format) != 0)
		m->mixed_format = true;
	if (!m->min_top_n || r->top_n < m->min_top_n)
		m->min_top_n = r->top_n;
	commit_registry_note(m, r, kept);
}

enum merge_status merge_add(struct merge *m, const char *name, const char *buf, size_t n,
                            struct error *err)
{
	uint64_t hash = content_hash(buf, n);
	struct json_doc doc;
	struct rpt r;
	const char *reason;
	size_t off;
	enum merge_status ms;

	for (size_t i = 0; i < m->n_reports; i++)
		if (m->reports[i].hash == hash) {
			error_set(err, "the same report as %.300s (identical content)", m->reports[i].name);
			return MERGE_LEFT_OUT;
		}
	if (m->n_reports >= MERGE_REPORTS_MAX) {
		error_set(err, "more than %d reports", MERGE_REPORTS_MAX);
		return MERGE_LEFT_OUT;
	}
	if (json_doc_parse(&doc, buf, n, &reason, &off) < 0) {
		json_doc_free(&doc);
		error_set(err, "not valid JSON: %s at byte %zu%s", reason, off,
		          off >= n ? " (truncated?)" : "");
		return MERGE_LEFT_OUT;
	}
	ms = rpt_read(&doc, m->reg, &r, err);
	if (ms == MERGE_OK)
		ms = check_inputs(m, &r, err);
	if (ms == MERGE_OK)
		commit(m, &r, name, hash);
	rpt_free(&r);
	json_doc_free(&doc);
	return ms;
}

static char *read_whole(const char *path, size_t *n, struct error *err)
{
	int fd = open(path, O_RDONLY | O_NOCTTY);
	struct stat st;
	char *buf;
	size_t got = 0;
	ssize_t k;

	if (fd < 0 || fstat(fd, &st) < 0) {
		error_set(err, "cannot open: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > MERGE_FILE_MAX) {
		error_set(err, S_ISREG(st.st_mode) ? "larger than %u MiB" : "not a regular file",
		          MERGE_FILE_MAX >> 20);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size && (k = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)k;
	close(fd);
	*n = got;
	return buf;
}

enum merge_status merge_add_file(struct merge *m, const char *path, struct error *err)
{
	size_t n = 0;
	char *buf = read_whole(path, &n, err);
	enum merge_status ms;

	if (!buf)
		return MERGE_LEFT_OUT;
	ms = merge_add(m, path, buf, n, err);
	free(buf);
	return ms;
}

static int status_cmp(const void *pa, const void *pb)
{
	const struct snapshot_status *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	return strcmp(a->raw, b->raw);
}

static void finish_status(struct merge *m, struct mstatus *ms, unsigned top_n,
                          struct snapshot_status *st)
{
	size_t len = ms->raw_n < STATUS_RAW_MAX - 1 ? ms->raw_n : STATUS_RAW_MAX - 1;

	memset(st, 0, sizeof *st);
	st->code = ms->code;
	if (ms->code >= 0) {
		st->raw_len = (size_t)snprintf(st->raw, sizeof st->raw, "%03d", ms->code);
	} else {
		memcpy(st->raw, ms->raw, len);
		st->raw_len = len;
		st->raw_truncated = ms->raw_truncated;
	}
	st->info = registry_lookup(m->reg, ms->code);
	st->count = st->window_count = ms->count;
	st->paths = topk_acc_finish(&ms->acc[0], top_n, &st->n_paths);
	st->clients = topk_acc_finish(&ms->acc[1], top_n, &st->n_clients);
	for (int k = 0; k < DUR_COUNT; k++)
		if (ms->lat[k]) {
			st->latency[k] = xmalloc(sizeof *st->latency[k]);
			*st->latency[k] = *ms->lat[k];
		}
}

static struct snapshot *finish_snapshot(struct merge *m, unsigned top_n)
{
	struct snapshot *snap = xcalloc(1, sizeof *snap);

	snap->lines = m->lines;
	snap->parsed = m->parsed;
	snap->malformed = m->malformed;
	snap->directives = m->directives;
	snap->filtered = m->filtered;
	snap->truncated = m->truncated;
	snap->has_time = m->has_time;
	snap->first = m->first;
	snap->last = m->last;
	snap->statuses = xcalloc(m->n_st ? m->n_st : 1, sizeof *snap->statuses);
	snap->n_statuses = m->n_st;
	for (size_t i = 0; i < m->n_st; i++) {
		struct snapshot_status *st = &snap->statuses[i];

		finish_status(m, &m->st[i], top_n, st);
		snap->by_class[st->info->cls] += st->count;
		snap->by_kind[st->info->kind] += st->count;
	}
	qsort(snap->statuses, snap->n_statuses, sizeof *snap->statuses, status_cmp);
	merge_latency_classes(snap);
	memcpy(snap->window_by_class, snap->by_class, sizeof snap->by_class);
	return snap;
}

static void finish_notes(struct merge *m, unsigned asked, unsigned top_n, long long from)
{
	char buf[256];

	if (from) {
		snprintf(buf, sizeof buf, "timeline re-bucketed to %lld s buckets (the reports had "
		         "buckets from %lld s)", m->time.width ? m->time.width : from, from);
		add_note(m, buf);
	}
	if (top_n < asked) {
		snprintf(buf, sizeof buf, "top lists cut to %u entries, the shortest a merged report "
		         "listed", top_n);
		add_note(m, buf);
	}
}

void merge_finish(struct merge *m, unsigned top_n, struct merge_result *res)
{
	unsigned asked = top_n ? top_n : 10;
	long long from;

	top_n = m->min_top_n && m->min_top_n < asked ? m->min_top_n : asked;
	memset(res, 0, sizeof *res);
	res->snap = finish_snapshot(m, top_n);
	time_acc_finish(&m->time, res->snap, &from);
	if (from && res->snap->bucket_seconds != m->time.width) {
		char buf[160];

		snprintf(buf, sizeof buf, "timeline coarsened to %lld s buckets to stay within %d "
		         "buckets", res->snap->bucket_seconds, MERGE_BUCKETS_MAX);
		add_note(m, buf);
	}
	finish_notes(m, asked, top_n, m->time.mixed ? m->time.min_width : 0);
	for (size_t i = 0; i < m->n_hosts; i++)
		m->hosts[i].row.flagged_codes = m->hosts[i].codes;
	m->hosts = m->n_hosts ? m->hosts : NULL;
	res->n_reports = m->n_reports;
	res->inputs = m->inputs;
	res->n_inputs = m->n_inputs;
	res->n_hosts = m->n_hosts;
	res->notes = m->notes;
	res->n_notes = m->n_notes;
	res->left_out = m->left_out;
	res->n_left_out = m->n_left_out;
	res->format_name = m->mixed_format ? "mixed" : m->format ? m->format : "none";
	res->top_n = top_n;
	res->hosts = NULL;
	if (m->n_hosts) {
		struct report_host *rows = xcalloc(m->n_hosts, sizeof *rows);

		for (size_t i = 0; i < m->n_hosts; i++)
			rows[i] = m->hosts[i].row;
		m->host_rows = rows;
		res->hosts = rows;
	}
}
