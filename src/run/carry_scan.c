/* carry_scan.c: makes a W3C file (whose "#Fields:" lines change how the
 * lines after them parse) countable in ranges. Each range is read once
 * more before it is counted, on the counting threads, and only its lines
 * starting with '#' are fed to its own carry (parse.h); the carries are
 * then chained in file order here, so range k's parser starts from exactly
 * the state one pass would have at its first line. input_range_marked
 * finds those lines with a byte search, giving exactly the lines the
 * counting reader gives (its "\r" and truncation rules). Memory: one
 * fixed-size carry per range, whatever the number of directives. Apart
 * from pipeline.c, which only asks for the entries. */
#include <stdlib.h>
#include "carry_scan.h"
#include "spread.h"
#include "statusmon/input.h"
#include "statusmon/xalloc.h"

struct carry_scan {
	const char *path;
	const off_t *bounds;
	struct parse_carry **own;    /* range k's own directives */
	struct error *errs;          /* range k's read error, "" if none */
	bool *failed;
};

static void carry_scan_line(void *ctx, const char *line, size_t n)
{
	parse_carry_line(ctx, line, n);
}

/* Range k's directive lines into own[k]. */
static void carry_scan_range(void *ctx, int t, size_t k)
{
	struct carry_scan *cs = ctx;

	(void)t;
	cs->failed[k] = input_range_marked(cs->path, cs->bounds[k], cs->bounds[k + 1], '#',
	                                   carry_scan_line, cs->own[k], &cs->errs[k]) < 0;
}

/* own[k] becomes what ranges 0..k leave; entries shift by one. */
static struct parse_carry **carry_scan_chain(struct parse_carry **own, int n)
{
	struct parse_carry **entries = xcalloc((size_t)n, sizeof *entries);
	int k;

	for (k = 1; k < n; k++) {
		if (k > 1)
			parse_carry_chain(own[k - 1], own[k - 2]);
		entries[k] = own[k - 1];
	}
	parse_carry_free(own[n - 1]);
	return entries;
}

struct parse_carry **carry_scan_ranges(const char *path, const off_t *bounds, int n,
                                       int nt, struct error *err)
{
	struct carry_scan cs = {path, bounds, NULL, NULL, NULL};
	struct parse_carry **entries = NULL;
	int k;

	if (n < 1)
		return NULL;
	cs.own = xcalloc((size_t)n, sizeof *cs.own);
	cs.errs = xcalloc((size_t)n, sizeof *cs.errs);
	cs.failed = xcalloc((size_t)n, sizeof *cs.failed);
	for (k = 0; k < n; k++)
		cs.own[k] = parse_carry_new();
	spread_run((size_t)n, nt, carry_scan_range, &cs);
	for (k = 0; k < n && !cs.failed[k]; k++)
		;
	if (k < n) {
		*err = cs.errs[k];
		for (k = 0; k < n; k++)
			parse_carry_free(cs.own[k]);
	} else {
		entries = carry_scan_chain(cs.own, n);
	}
	free(cs.own);
	free(cs.errs);
	free(cs.failed);
	return entries;
}

void carry_scan_free(struct parse_carry **entries, int n)
{
	int k;

	for (k = 0; entries && k < n; k++)
		parse_carry_free(entries[k]);
	free(entries);
}
