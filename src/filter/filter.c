/* filter.c: which parsed lines count. Owns struct filter's life, the
 * --status / --method / --vhost lists and the per-line decision
 * (filter_accept), checked cheapest first: time, status, method, vhost,
 * and the path regex last. Time options are filter_time.c, the regex
 * filter_path.c. A filter is built once from the command line and then
 * only read, so threads share it: the live screen's "/" builds a new one
 * (filter_copy + filter_set_path) and swaps it in. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter_impl.h"
#include "statusmon/escape.h"
#include "statusmon/xalloc.h"

struct filter *filter_new(void)
{
	return xcalloc(1, sizeof(struct filter));
}

struct filter *filter_copy(const struct filter *f)
{
	struct filter *c = filter_new();

	if (!f)
		return c;
	*c = *f;
	if (f->path_re && !(c->path_re = pcre2_code_copy_with_tables(f->path_re)))
		abort();   /* only without memory: xalloc.h's policy */
	if (c->path_re)
		(void)pcre2_jit_compile(c->path_re, PCRE2_JIT_COMPLETE);
	return c;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	pcre2_code_free(f->path_re);
	free(f);
}

bool filter_is_empty(const struct filter *f)
{
	return !f->has_since && !f->has_until && !f->has_status && !f->path_re &&
	       f->methods.n == 0 && f->vhosts.n == 0;
}

/* The next comma-separated item of *list, blanks trimmed; false at end.
 * Empty items ("a,,b", a trailing comma) are skipped. */
static bool next_item(const char **list, const char **item, size_t *n)
{
	const char *p = *list, *end;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return false;
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		*item = p;
		*n = (size_t)(end - p);
		while (*n && ((*item)[*n - 1] == ' ' || (*item)[*n - 1] == '\t'))
			(*n)--;
		*list = *end ? end + 1 : end;
		if (*n)
			return true;
		p = *list;
	}
}

struct status_set {
	uint8_t codes[(FILTER_CODES + 7) / 8];
	unsigned class_mask, kind_mask;
};

/* One --status item into set; false if it is none of the known forms. */
static bool status_item(struct status_set *set, const char *item, size_t n)
{
	char low[16];
	int v;

	if (n >= sizeof low)
		return false;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)item[i]);
	low[n] = '\0';
	if ((v = status_code_parse(low, n)) >= 0) {
		set->codes[v / 8] |= (uint8_t)(1u << (v % 8));
	} else if ((v = status_class_parse(low)) >= 0) {
		set->class_mask |= 1u << v;
	} else if ((v = status_kind_parse(low)) >= 0) {
		set->kind_mask |= 1u << v;
	} else {
		return false;
	}
	return true;
}

int filter_add_status(struct filter *f, const char *list, struct error *err)
{
	struct status_set set = { { 0 }, 0, 0 };
	const char *p = list, *item;
	char q1[256], q2[256];
	size_t n, count = 0;

	while (next_item(&p, &item, &n)) {
		char one[FILTER_ITEM_MAX];
		size_t keep = n < sizeof one - 1 ? n : sizeof one - 1;

		if (!status_item(&set, item, n)) {
			memcpy(one, item, keep);
			one[keep] = '\0';
			error_set(err, "--status: unknown item '%s' in '%s' (expected codes "
			          "like 404 or 499, classes 1xx 2xx 3xx 4xx 5xx, or kinds "
			          "registered, vendor, unassigned, invalid)",
			          escape_shown(q1, sizeof q1, one), escape_shown(q2, sizeof q2, list));
			return -1;
		}
		count++;
	}
	if (!count) {
		error_set(err, "--status: empty list '%s'", escape_shown(q1, sizeof q1, list));
		return -1;
	}
	for (size_t i = 0; i < sizeof set.codes; i++)
		f->codes[i] |= set.codes[i];
	f->class_mask |= set.class_mask;
	f->kind_mask |= set.kind_mask;
	f->has_status = true;
	return 0;
}

/* Adds list's items to l; all or nothing. */
static int list_add(struct filter_list *l, const char *list, const char *opt,
                    struct error *err)
{
	struct filter_list add = { 0 };
	const char *p = list, *item;
	char q[256];
	size_t n;

	while (next_item(&p, &item, &n)) {
		if (n >= FILTER_ITEM_MAX) {
			error_set(err, "%s: item longer than %d bytes in '%s'", opt,
			          FILTER_ITEM_MAX - 1, escape_shown(q, sizeof q, list));
			return -1;
		}
		if (l->n + add.n >= FILTER_LIST_MAX) {
			error_set(err, "%s: too many items (at most %d in all)", opt,
			          FILTER_LIST_MAX);
			return -1;
		}
		memcpy(add.item[add.n], item, n);
		add.len[add.n++] = n;
	}
	if (!add.n) {
		error_set(err, "%s: empty list '%s'", opt, escape_shown(q, sizeof q, list));
		return -1;
	}
	for (size_t i = 0; i < add.n; i++) {
		memcpy(l->item[l->n], add.item[i], add.len[i]);
		l->len[l->n++] = add.len[i];
	}
	return 0;
}

int filter_add_methods(struct filter *f, const char *list, struct error *err)
{
	return list_add(&f->methods, list, "--method", err);
}

int filter_add_vhosts(struct filter *f, const char *list, struct error *err)
{
	return list_add(&f->vhosts, list, "--vhost", err);
}

static bool same_ci(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

static bool list_match(const struct filter_list *l, const char *p, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] == n && same_ci(l->item[i], p, n))
			return true;
	return false;
}

/* Exact, case-insensitive; "host:port" in the log also matches "host". */
static bool vhost_match(const struct filter_list *l, const struct sv *v)
{
	const char *colon;

	if (!v->p)
		return false;
	if (list_match(l, v->p, v->n))
		return true;
	colon = memchr(v->p, ':', v->n);
	if (!colon || colon == v->p)
		return false;
	for (const char *d = colon + 1; d < v->p + v->n; d++)
		if (*d < '0' || *d > '9')
			return false;
	return list_match(l, v->p, (size_t)(colon - v->p));
}

static bool status_match(const struct filter *f, const struct status_info *info)
{
	int code = info->code;

	if (code >= 0 && code < FILTER_CODES && (f->codes[code / 8] & (1u << (code % 8))))
		return true;
	return (f->class_mask & (1u << info->cls)) || (f->kind_mask & (1u << info->kind));
}

bool filter_accept(const struct filter *f, struct filter_scratch *s,
                   const struct record *rec, const struct status_info *info)
{
	if (f->has_since || f->has_until) {
		if (!rec->has_time || (f->has_since && rec->time < f->since) ||
		    (f->has_until && rec->time >= f->until))
			return false;
	}
	if (f->has_status && !status_match(f, info))
		return false;
	if (f->methods.n && (!rec->field[FIELD_METHOD].p ||
	                     !list_match(&f->methods, rec->field[FIELD_METHOD].p,
	                                 rec->field[FIELD_METHOD].n)))
		return false;
	if (f->vhosts.n && !vhost_match(&f->vhosts, &rec->field[FIELD_VHOST]))
		return false;
	if (f->path_re && !filter_path_match(f, s, &rec->field[FIELD_PATH]))
		return false;
	return true;
}
