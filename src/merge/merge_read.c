/* merge_read.c: one JSON report -> struct rpt, checked as a whole. Every
 * key the merge uses must be there with the right type and bounds, and the
 * report's own invariants must hold (lines = parsed + malformed +
 * directives, parsed = filtered + Σ statuses, classes and kinds add up,
 * the inputs' lines add up, buckets aligned on their width), so a
 * truncated, foreign or hand-edited file is named with a reason and adds
 * nothing. */
#include <stdlib.h>
#include <string.h>
#include "merge_impl.h"
#include "statusmon/xalloc.h"

#define BAD(...) do { error_set(err, __VA_ARGS__); return MERGE_LEFT_OUT; } while (0)

static const char *opt_str(const struct json_doc *d, const struct jnode *o, const char *k)
{
	const struct jnode *v = json_get(d, o, k);

	return v && v->type == J_STRING ? v->s : NULL;
}

static bool get_u64(const struct json_doc *d, const struct jnode *o, const char *k,
                    uint64_t *out)
{
	return json_u64(json_get(d, o, k), out);
}

static bool get_bool(const struct json_doc *d, const struct jnode *o, const char *k, bool *out)
{
	const struct jnode *v = json_get(d, o, k);

	if (!v || v->type != J_BOOL)
		return false;
	*out = v->b;
	return true;
}

/* A time: an ISO string, or null (has false). */
static bool get_time(const struct json_doc *d, const struct jnode *o, const char *k,
                     bool *has, long long *t)
{
	const struct jnode *v = json_get(d, o, k);

	*has = false;
	if (v && v->type == J_NULL)
		return true;
	if (!v || v->type != J_STRING || !merge_time_parse(v->s, v->n, t))
		return false;
	*has = true;
	return true;
}

static enum merge_status read_head(const struct json_doc *d, const struct jnode *root,
                                   struct rpt *r, struct error *err)
{
	const struct jnode *v = json_get(d, root, "version"), *reg;
	uint64_t top;

	if (!json_i64(v, &r->version) || !json_get(d, root, "generator"))
		BAD("not a statusmon JSON report (no \"version\" and \"generator\")");
	if (r->version > REPORT_SCHEMA_VERSION) {
		error_set(err, "schema version %lld is newer than this statusmon reads (%d); "
		          "upgrade statusmon to merge it", r->version, REPORT_SCHEMA_VERSION);
		return MERGE_REFUSED;
	}
	if (r->version < 2)
		BAD("schema version %lld has no provenance; write the report again with "
		    "this statusmon (schema %d)", r->version, REPORT_SCHEMA_VERSION);
	r->generator = opt_str(d, root, "generator");
	reg = json_get(d, root, "registry");
	r->reg_source = opt_str(d, reg, "source");
	r->reg_updated = opt_str(d, reg, "updated");
	r->format = opt_str(d, root, "format");
	r->host = opt_str(d, root, "host");
	if (!r->generator || !r->reg_source || !r->reg_updated || !r->format || !r->host)
		BAD("\"generator\", \"registry\", \"format\" or \"host\" missing or not a string");
	if (!get_u64(d, root, "top_n", &top) || top == 0 || top > RPT_ITEMS_MAX)
		BAD("\"top_n\" missing or out of range");
	r->top_n = (unsigned)top;
	return MERGE_OK;
}

static enum merge_status read_totals(const struct json_doc *d, const struct jnode *root,
                                     struct rpt *r, struct error *err)
{
	const struct jnode *t = json_get(d, root, "totals");
	const struct jnode *cl = json_get(d, root, "classes"), *ki = json_get(d, root, "kinds");

	if (!get_u64(d, t, "lines", &r->lines) || !get_u64(d, t, "parsed", &r->parsed) ||
	    !get_u64(d, t, "malformed", &r->malformed) ||
	    !get_u64(d, t, "directives", &r->directives) ||
	    !get_u64(d, t, "filtered", &r->filtered) || !get_u64(d, t, "truncated", &r->truncated))
		BAD("\"totals\" incomplete");
	if (r->lines != r->parsed + r->malformed + r->directives || r->filtered > r->parsed)
		BAD("totals do not add up (lines = parsed + malformed + directives)");
	for (int c = 0; c < CLASS_COUNT; c++)
		if (!get_u64(d, cl, status_class_name((enum status_class)c), &r->by_class[c]))
			BAD("\"classes\" incomplete");
	for (int k = 0; k < KIND_COUNT; k++)
		if (!get_u64(d, ki, status_kind_name((enum status_kind)k), &r->by_kind[k]))
			BAD("\"kinds\" incomplete");
	return MERGE_OK;
}

static enum merge_status read_items(const struct json_doc *d, const struct jnode *st,
                                    int which, struct rpt_status *s, struct error *err)
{
	const char *key = which ? "top_clients" : "top_paths", *field = which ? "client" : "path";
	const struct jnode *a = json_get(d, st, key);
	size_t i = 0;

	if (!a || a->type != J_ARRAY || a->count > RPT_ITEMS_MAX)
		BAD("status %d: \"%s\" missing or too long", s->code, key);
	s->items[which] = xcalloc(a->count ? a->count : 1, sizeof *s->items[which]);
	for (const struct jnode *e = json_first(d, a); e; e = json_next(d, e), i++) {
		struct rpt_item *it = &s->items[which][i];
		const struct jnode *k = json_get(d, e, field);

		if (!k || k->type != J_STRING || k->n >= SNAPSHOT_KEY_MAX * 4 ||
		    !get_bool(d, e, "truncated", &it->truncated) ||
		    !get_u64(d, e, "count", &it->count) || !get_u64(d, e, "error", &it->error) ||
		    it->error > it->count || it->count - it->error > s->count ||
		    (i && it->count > s->items[which][i - 1].count))
			BAD("status %d: an entry of \"%s\" is malformed or inconsistent", s->code, key);
		it->key = k->s;
		it->n = k->n;
		for (size_t j = 0; j < i; j++)
			if (s->items[which][j].n == it->n && s->items[which][j].truncated == it->truncated &&
			    !memcmp(s->items[which][j].key, it->key, it->n))
				BAD("status %d: \"%s\" lists a key twice", s->code, key);
	}
	s->n_items[which] = i;
	return MERGE_OK;
}

static enum merge_status read_status(const struct json_doc *d, const struct jnode *st,
                                     struct rpt_status *s, struct error *err)
{
	const struct jnode *code = json_get(d, st, "code"), *raw = json_get(d, st, "raw");
	long long c;
	enum merge_status ms;

	s->code = -1;
	if (code && code->type != J_NULL) {
		if (!json_i64(code, &c) || c < 0 || c > STATUS_CODE_MAX)
			BAD("a status \"code\" is not 0..999 or null");
		s->code = (int)c;
	}
	if (s->code < 0 && (!raw || raw->type != J_STRING || raw->n >= STATUS_RAW_MAX))
		BAD("a non-numeric status has no \"raw\" (or a longer one than %d bytes)",
		    STATUS_RAW_MAX - 1);
	if (s->code < 0) {
		s->raw = raw->s;
		s->raw_n = raw->n;
		(void)get_bool(d, st, "truncated", &s->raw_truncated);
	}
	if (!get_u64(d, st, "count", &s->count) || s->count == 0)
		BAD("a status has no positive \"count\"");
	if ((ms = read_items(d, st, 0, s, err)) != MERGE_OK ||
	    (ms = read_items(d, st, 1, s, err)) != MERGE_OK)
		return ms;
	return rpt_read_latency(d, st, s, err);
}

static bool status_same(const struct rpt_status *a, const struct rpt_status *b)
{
	if (a->code >= 0 || b->code >= 0)
		return a->code == b->code;
	return a->raw_n == b->raw_n && !memcmp(a->raw, b->raw, a->raw_n);
}

static enum merge_status read_statuses(const struct json_doc *d, const struct jnode *root,
                                       struct rpt *r, struct error *err)
{
	const struct jnode *a = json_get(d, root, "statuses");
	uint64_t sum = 0;
	enum merge_status ms;

	if (!a || a->type != J_ARRAY || a->count > RPT_STATUSES_MAX)
		BAD("\"statuses\" missing or longer than %d", RPT_STATUSES_MAX);
	r->statuses = xcalloc(a->count + 1, sizeof *r->statuses);   /* +1: rpt_free */
	for (const struct jnode *e = json_first(d, a); e; e = json_next(d, e)) {
		struct rpt_status *s = &r->statuses[r->n_statuses];

		if ((ms = read_status(d, e, s, err)) != MERGE_OK)
			return ms;
		r->n_statuses++;   /* read_status allocated: rpt_free frees it */
		for (size_t j = 0; j + 1 < r->n_statuses; j++)
			if (status_same(&r->statuses[j], s))
				BAD("a status is listed twice");
		sum += s->count;
	}
	if (r->parsed != r->filtered + sum)
		BAD("statuses do not add up (parsed = filtered + Σ statuses)");
	return MERGE_OK;
}

/* Classes and kinds as the registry in use sees the statuses; the
 * report's own must agree when it used the same registry. */
static enum merge_status check_classes(const struct rpt *r, const struct registry *reg,
                                       struct error *err)
{
	uint64_t cl[CLASS_COUNT] = {0}, ki[KIND_COUNT] = {0};
	bool same = rpt_same_registry(r, reg);

	for (size_t i = 0; i < r->n_statuses; i++) {
		const struct status_info *info = registry_lookup(reg, r->statuses[i].code);

		cl[info->cls] += r->statuses[i].count;
		ki[info->kind] += r->statuses[i].count;
	}
	if (memcmp(cl, r->by_class, sizeof cl) != 0 ||
	    (same && memcmp(ki, r->by_kind, sizeof ki) != 0))
		BAD("\"classes\" or \"kinds\" do not match its statuses");
	return MERGE_OK;
}

static enum merge_status read_bucket(const struct json_doc *d, const struct jnode *e,
                                     struct rpt *r, struct rpt_bucket *b, struct error *err)
{
	bool has;

	if (!get_time(d, e, "start", &has, &b->start) || !has ||
	    b->start % r->bucket_seconds != 0)
		BAD("a timeline bucket's \"start\" is missing or not aligned on %lld s",
		    r->bucket_seconds);
	for (int c = 0; c < CLASS_COUNT; c++)
		if (!get_u64(d, e, status_class_name((enum status_class)c), &b->by_class[c]))
			BAD("a timeline bucket is incomplete");
	return MERGE_OK;
}

static enum merge_status read_timeline(const struct json_doc *d, const struct jnode *root,
                                       struct rpt *r, struct error *err)
{
	const struct jnode *tr = json_get(d, root, "time_range"), *tl = json_get(d, root, "timeline");
	const struct jnode *a = json_get(d, tl, "buckets");
	uint64_t sum[CLASS_COUNT] = {0};
	bool has_last;
	enum merge_status ms;

	if (!get_time(d, tr, "first", &r->has_time, &r->first) ||
	    !get_time(d, tr, "last", &has_last, &r->last) || has_last != r->has_time ||
	    (r->has_time && r->first > r->last))
		BAD("\"time_range\" malformed");
	if (!json_i64(json_get(d, tl, "bucket_seconds"), &r->bucket_seconds) ||
	    r->bucket_seconds < 0 || !a || a->type != J_ARRAY || a->count > RPT_BUCKETS_MAX ||
	    (a->count && r->bucket_seconds == 0))
		BAD("\"timeline\" malformed");
	r->buckets = xcalloc(a->count ? a->count : 1, sizeof *r->buckets);
	for (const struct jnode *e = json_first(d, a); e; e = json_next(d, e)) {
		struct rpt_bucket *b = &r->buckets[r->n_buckets];

		if ((ms = read_bucket(d, e, r, b, err)) != MERGE_OK)
			return ms;
		if (r->n_buckets && b->start <= r->buckets[r->n_buckets - 1].start)
			BAD("timeline buckets out of order");
		for (int c = 0; c < CLASS_COUNT; c++)
			if ((sum[c] += b->by_class[c]) > r->by_class[c])
				BAD("timeline holds more lines than its classes");
		r->n_buckets++;
	}
	return MERGE_OK;
}

static enum merge_status read_input(const struct json_doc *d, const struct jnode *e,
                                    struct report_input *in, struct error *err)
{
	const struct jnode *fp = json_get(d, e, "fingerprint");
	bool has_last;

	in->name = opt_str(d, e, "name");
	in->format = opt_str(d, e, "format");
	in->host = opt_str(d, e, "host");
	if (!in->name || !in->host || !get_u64(d, e, "lines", &in->lines) ||
	    !get_u64(d, e, "bytes", &in->bytes) || !get_bool(d, e, "failed", &in->failed) ||
	    !get_time(d, e, "first", &in->has_time, &in->first) ||
	    !get_time(d, e, "last", &has_last, &in->last))
		BAD("an input lacks \"name\", \"host\", \"lines\", \"bytes\", \"failed\" or its times");
	if (in->format && (!get_u64(d, e, "parsed", &in->parsed) ||
	                   !get_u64(d, e, "malformed", &in->malformed) ||
	                   !get_u64(d, e, "directives", &in->directives) ||
	                   !get_u64(d, e, "filtered", &in->filtered)))
		BAD("input counts incomplete");
	in->has_file_id = get_u64(d, e, "inode", &in->inode);
	if (in->has_file_id && (!get_u64(d, e, "device", &in->device) ||
	                        !get_u64(d, e, "size", &in->size)))
		in->has_file_id = false;
	in->fingerprint = fp && fp->type == J_STRING && fp->n == 16 ? fp->s : NULL;
	return MERGE_OK;
}

static enum merge_status read_inputs(const struct json_doc *d, const struct jnode *root,
                                     struct rpt *r, struct error *err)
{
	const struct jnode *a = json_get(d, root, "inputs");
	uint64_t sum = 0;
	enum merge_status ms;

	if (!a || a->type != J_ARRAY || a->count > RPT_INPUTS_MAX)
		BAD("\"inputs\" missing or too long");
	r->inputs = xcalloc(a->count ? a->count : 1, sizeof *r->inputs);
	for (const struct jnode *e = json_first(d, a); e; e = json_next(d, e)) {
		if ((ms = read_input(d, e, &r->inputs[r->n_inputs], err)) != MERGE_OK)
			return ms;
		sum += r->inputs[r->n_inputs++].lines;
	}
	if (sum != r->lines)
		BAD("the inputs' lines do not add up to totals.lines");
	return MERGE_OK;
}

static enum merge_status read_host(const struct json_doc *d, const struct jnode *e,
                                   struct rpt_host *h, struct error *err)
{
	const struct jnode *codes = json_get(d, e, "flagged_codes");

	h->host = opt_str(d, e, "host");
	if (!h->host || !get_u64(d, e, "lines", &h->lines) ||
	    !get_u64(d, e, "counted", &h->counted) || !get_u64(d, e, "5xx", &h->c5xx) ||
	    !get_u64(d, e, "flagged", &h->flagged) || h->c5xx > h->counted ||
	    !codes || codes->type != J_ARRAY)
		BAD("a \"hosts\" row is incomplete");
	for (const struct jnode *c = json_first(d, codes); c; c = json_next(d, c)) {
		if (c->type != J_STRING || c->n >= STATUS_RAW_MAX)
			BAD("a host's flagged code is not a short string");
		if (h->n_codes < RPT_HOST_CODES_MAX && !memchr(c->s, ' ', c->n)) {
			h->codes[h->n_codes] = c->s;
			h->code_n[h->n_codes++] = c->n;
		}
	}
	return MERGE_OK;
}

static enum merge_status read_hosts(const struct json_doc *d, const struct jnode *root,
                                    struct rpt *r, struct error *err)
{
	const struct jnode *a = json_get(d, root, "hosts");
	uint64_t lines = 0;
	enum merge_status ms;

	if (!a || a->type != J_ARRAY || a->count == 0 || a->count > RPT_HOSTS_MAX)
		BAD("\"hosts\" missing or empty");
	r->hosts = xcalloc(a->count, sizeof *r->hosts);
	for (const struct jnode *e = json_first(d, a); e; e = json_next(d, e)) {
		if ((ms = read_host(d, e, &r->hosts[r->n_hosts], err)) != MERGE_OK)
			return ms;
		lines += r->hosts[r->n_hosts++].lines;
	}
	if (lines != r->lines)
		BAD("the hosts' lines do not add up to totals.lines");
	return MERGE_OK;
}

enum merge_status rpt_read(const struct json_doc *doc, const struct registry *reg,
                           struct rpt *r, struct error *err)
{
	const struct jnode *root = json_doc_root(doc);
	enum merge_status ms;

	memset(r, 0, sizeof *r);
	if (!root || root->type != J_OBJECT)
		BAD("not a statusmon JSON report (not a JSON object)");
	if ((ms = read_head(doc, root, r, err)) != MERGE_OK ||
	    (ms = read_totals(doc, root, r, err)) != MERGE_OK ||
	    (ms = read_statuses(doc, root, r, err)) != MERGE_OK ||
	    (ms = check_classes(r, reg, err)) != MERGE_OK ||
	    (ms = read_timeline(doc, root, r, err)) != MERGE_OK ||
	    (ms = read_inputs(doc, root, r, err)) != MERGE_OK)
		return ms;
	return read_hosts(doc, root, r, err);
}

void rpt_free(struct rpt *r)
{
	for (size_t i = 0; i < r->n_statuses; i++) {
		free(r->statuses[i].items[0]);
		free(r->statuses[i].items[1]);
		rpt_latency_free(&r->statuses[i]);
	}
	/* a status that failed midway was not counted in n_statuses */
	if (r->statuses) {
		free(r->statuses[r->n_statuses].items[0]);
		free(r->statuses[r->n_statuses].items[1]);
		rpt_latency_free(&r->statuses[r->n_statuses]);
	}
	free(r->statuses);
	free(r->buckets);
	free(r->inputs);
	free(r->hosts);
	memset(r, 0, sizeof *r);
}

bool rpt_same_registry(const struct rpt *r, const struct registry *reg)
{
	return r->reg_source && r->reg_updated && !strcmp(r->reg_source, registry_source(reg)) &&
	       !strcmp(r->reg_updated, registry_updated(reg));
}
