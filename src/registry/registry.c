/* registry.c: the lookup table behind registry.h. It owns the rows (the
 * generated built-in ones, or those of files loaded at run time) and turns
 * them into one struct status_info per code 0-999, so a lookup is an index.
 * Reading and validating files is load.c's job; this file only decides
 * what the rows mean together: class, kind, reason, vendors. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "statusmon/registry.h"
#include "load.h"

#define N_CODES (STATUS_CODE_MAX + 1)

struct registry {
	struct status_info info[N_CODES];
	const struct iana_row *iana;        /* built-in rows or iana_file.rows */
	size_t n_iana;
	struct iana_file iana_file;         /* owned once a file replaced them */
	const struct vendor_row **vrows;    /* every vendor row, in load order */
	size_t n_vrows;
	struct vendor_meaning *meanings;    /* vrows grouped by code, stable   */
	size_t vfirst[N_CODES], vcount[N_CODES];
	struct vendor_file *vfiles;         /* owned files from load_vendors   */
	size_t n_vfiles;
	char *source;                       /* NULL: built-in                  */
	const char *updated;
};

static const struct status_info invalid_entry = {
	.code = -1, .cls = CLASS_INVALID, .kind = KIND_INVALID,
	.reason = "", .reference = "", .n_vendors = 0, .vendors = NULL,
};

static const char *const class_names[CLASS_COUNT] = {
	"1xx", "2xx", "3xx", "4xx", "5xx", "invalid",
};
static const char *const kind_names[KIND_COUNT] = {
	"registered", "vendor", "unassigned", "invalid",
};

static int in_range(int code)
{
	return code >= LOAD_CODE_MIN && code <= LOAD_CODE_MAX;
}

/* Groups the n rows of v by code into a new meanings array (a counting
 * sort, so the rows of one code keep their load order). -1 on
 * out-of-memory with reg unchanged. */
static int meanings_build(struct registry *reg, const struct vendor_row *const *v, size_t n)
{
	struct vendor_meaning *m = calloc(n ? n : 1, sizeof *m);
	size_t fill[N_CODES], at = 0;

	if (!m)
		return -1;
	memset(reg->vcount, 0, sizeof reg->vcount);
	for (size_t i = 0; i < n; i++)
		reg->vcount[v[i]->code]++;
	for (int c = 0; c < N_CODES; c++) {
		reg->vfirst[c] = fill[c] = at;
		at += reg->vcount[c];
	}
	for (size_t i = 0; i < n; i++)
		m[fill[v[i]->code]++] = (struct vendor_meaning){
			.vendor = v[i]->vendor, .reason = v[i]->reason,
			.source = v[i]->source,
		};
	free(reg->meanings);
	reg->meanings = m;
	return 0;
}

/* Recomputes every entry from the IANA rows and the grouped vendor rows. */
static void table_build(struct registry *reg)
{
	for (int c = 0; c < N_CODES; c++) {
		struct status_info *e = &reg->info[c];
		*e = (struct status_info){
			.code = c, .reason = "", .reference = "",
			.cls = in_range(c) ? (enum status_class)(c / 100 - 1) : CLASS_INVALID,
			.kind = in_range(c) ? KIND_UNASSIGNED : KIND_INVALID,
		};
	}
	for (size_t i = 0; i < reg->n_iana; i++) {
		const struct iana_row *r = &reg->iana[i];
		if (iana_unassigned(r->description))
			continue;
		for (int c = r->lo; c <= r->hi; c++) {
			reg->info[c].kind = KIND_REGISTERED;
			reg->info[c].reason = r->description;
			reg->info[c].reference = r->reference;
		}
	}
	for (int c = 0; c < N_CODES; c++) {
		struct status_info *e = &reg->info[c];
		if (reg->vcount[c] == 0)
			continue;
		e->n_vendors = reg->vcount[c];
		e->vendors = &reg->meanings[reg->vfirst[c]];
		if (e->kind == KIND_UNASSIGNED) {
			e->kind = KIND_VENDOR;
			e->reason = e->vendors[0].reason;
		}
	}
}

struct registry *registry_new_builtin(void)
{
	struct registry *reg = calloc(1, sizeof *reg);

	if (!reg)
		abort();
	reg->iana = registry_builtin_iana;
	reg->n_iana = registry_builtin_iana_count;
	reg->updated = registry_builtin_updated;
	reg->vrows = calloc(registry_builtin_vendor_count + 1, sizeof *reg->vrows);
	if (!reg->vrows)
		abort();
	for (size_t i = 0; i < registry_builtin_vendor_count; i++)
		reg->vrows[reg->n_vrows++] = &registry_builtin_vendors[i];
	if (meanings_build(reg, reg->vrows, reg->n_vrows) < 0)
		abort();
	table_build(reg);
	return reg;
}

int registry_load_iana(struct registry *reg, const char *path, struct error *err)
{
	struct iana_file f;
	char *source;

	if (iana_file_read(path, &f, err) < 0)
		return -1;
	source = strdup(path);
	if (!source) {
		iana_file_free(&f);
		error_set(err, "%s: out of memory", path);
		return -1;
	}
	iana_file_free(&reg->iana_file);
	free(reg->source);
	reg->iana_file = f;
	reg->iana = f.rows;
	reg->n_iana = f.n;
	reg->source = source;
	reg->updated = "";
	table_build(reg);
	return 0;
}

/* Appends f's rows to v (which holds n_old rows and has room for f->n
 * more) and returns the new count. A row for a (code, vendor) already in v
 * replaces it in place, so a user's file can correct a built-in meaning.
 * next (n_old slots) chains the old rows of each code. */
static size_t vendors_merge(const struct vendor_row **v, size_t n_old,
                            const struct vendor_file *f, size_t *next)
{
	size_t first[N_CODES], n = n_old;

	for (int c = 0; c < N_CODES; c++)
		first[c] = SIZE_MAX;
	for (size_t k = n_old; k-- > 0;) {
		next[k] = first[v[k]->code];
		first[v[k]->code] = k;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct vendor_row *r = &f->rows[i];
		size_t k = first[r->code];
		while (k != SIZE_MAX && strcasecmp(v[k]->vendor, r->vendor) != 0)
			k = next[k];
		if (k != SIZE_MAX)
			v[k] = r;
		else
			v[n++] = r;
	}
	return n;
}

int registry_load_vendors(struct registry *reg, const char *path, struct error *err)
{
	struct vendor_file f, *vf;
	const struct vendor_row **v = NULL;
	size_t *next = NULL, n;

	if (vendor_file_read(path, &f, err) < 0)
		return -1;
	vf = realloc(reg->vfiles, (reg->n_vfiles + 1) * sizeof *vf);
	if (vf)
		reg->vfiles = vf;
	v = malloc((reg->n_vrows + f.n + 1) * sizeof *v);
	next = malloc((reg->n_vrows + 1) * sizeof *next);
	if (!vf || !v || !next)
		goto oom;
	memcpy(v, reg->vrows, reg->n_vrows * sizeof *v);
	n = vendors_merge(v, reg->n_vrows, &f, next);
	if (meanings_build(reg, v, n) < 0)
		goto oom;
	free(next);
	free(reg->vrows);
	reg->vrows = v;
	reg->n_vrows = n;
	reg->vfiles[reg->n_vfiles++] = f;
	table_build(reg);
	return 0;
oom:
	free(v);
	free(next);
	vendor_file_free(&f);
	error_set(err, "%s: out of memory", path);
	return -1;
}

void registry_free(struct registry *reg)
{
	if (!reg)
		return;
	for (size_t i = 0; i < reg->n_vfiles; i++)
		vendor_file_free(&reg->vfiles[i]);
	free(reg->vfiles);
	iana_file_free(&reg->iana_file);
	free(reg->vrows);
	free(reg->meanings);
	free(reg->source);
	free(reg);
}

const struct status_info *registry_lookup(const struct registry *reg, int code)
{
	if (code < 0 || code > STATUS_CODE_MAX)
		return &invalid_entry;
	return &reg->info[code];
}

int status_code_parse(const char *s, size_t n)
{
	if (!s || n != 3)
		return -1;
	for (size_t i = 0; i < 3; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

const char *registry_source(const struct registry *reg)
{
	return reg->source ? reg->source : "built-in";
}

const char *registry_updated(const struct registry *reg)
{
	return reg->updated;
}

const char *status_class_name(enum status_class cls)
{
	return (unsigned)cls < CLASS_COUNT ? class_names[cls] : "invalid";
}

const char *status_kind_name(enum status_kind kind)
{
	return (unsigned)kind < KIND_COUNT ? kind_names[kind] : "invalid";
}

int status_class_parse(const char *name)
{
	for (int i = 0; i < CLASS_COUNT; i++)
		if (name && strcasecmp(name, class_names[i]) == 0)
			return i;
	return -1;
}

int status_kind_parse(const char *name)
{
	for (int i = 0; i < KIND_COUNT; i++)
		if (name && strcasecmp(name, kind_names[i]) == 0)
			return i;
	return -1;
}
