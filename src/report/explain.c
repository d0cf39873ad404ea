/* explain.c: --explain CODE... and --list-codes [--kind=KIND], the two
 * questions about the registry itself rather than about a log. Apart from
 * the report writers because they read no snapshot: only registry lookups.
 * Every registry string may come from a user's --registry/--vendor-codes
 * file, and the argument from the command line, so all pass escape_terminal
 * before they are printed. IANA references are shown as a person would look
 * them up ("RFC 9110, Section 15.5.14"), not in IANA's bracket notation. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "statusmon/escape.h"
#include "statusmon/registry.h"
#include "statusmon/report.h"

#define SHOW_MAX 256          /* escaped bytes of one shown string */
#define REASON_COL_MAX 40     /* widest reason the table pads for  */
#define REF_SHOW_MAX 1280     /* a shown reference: 512-byte field, grown */

static void put(FILE *out, const char *s)
{
	escape_terminal_write(out, s, strlen(s));
}

/* Columns an escaped (so valid UTF-8) string takes: one per character. */
static size_t columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The user's argument as shown in the heading: escaped, shortened, and
 * "" when empty so the block still has a visible name. */
static void show_arg(char *dst, size_t cap, const char *arg)
{
	if (!*arg)
		snprintf(dst, cap, "\"\"");
	else
		escape_shown(dst, cap, arg);
}

/* Appends n bytes of s to dst (length *len, capacity cap, kept NUL-ended);
 * false once it no longer fits, with "..." marking the cut. */
static bool ref_append(char *dst, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len + n + 4 > cap) {
		if (*len + 4 <= cap)
			memcpy(dst + *len, "...", 4);
		*len = cap;
		return false;
	}
	memcpy(dst + *len, s, n);
	*len += n;
	dst[*len] = '\0';
	return true;
}

/* One IANA reference item without its brackets, e.g. "RFC9110, Section
 * 15.5.14" -> "RFC 9110, Section 15.5.14"; an IETF document name such as
 * "status-change-http-experiments-to-historic" gets "IETF " before it;
 * anything else is kept as it is. */
static bool ref_item(char *dst, size_t cap, size_t *len, const char *s, size_t n)
{
	if (n > 3 && memcmp(s, "RFC", 3) == 0 && s[3] >= '0' && s[3] <= '9')
		return ref_append(dst, cap, len, "RFC ", 4) &&
		    ref_append(dst, cap, len, s + 3, n - 3);
	if ((n > 6 && memcmp(s, "draft-", 6) == 0) ||
	    (n > 14 && memcmp(s, "status-change-", 14) == 0))
		return ref_append(dst, cap, len, "IETF ", 5) &&
		    ref_append(dst, cap, len, s, n);
	return ref_append(dst, cap, len, s, n);
}

/* IANA's "[RFC9110, Section 15.4.9]" or "[RFC2774][status-change-...]" as
 * "RFC 9110, Section 15.4.9" or "RFC 2774; IETF status-change-...". Text
 * outside brackets (a user's own file) is kept; an unclosed bracket is
 * shown as it is. */
static void reference_show(char *dst, size_t cap, const char *ref)
{
	size_t len = 0, items = 0;
	const char *p = ref;

	dst[0] = '\0';
	while (*p) {
		const char *close = *p == '[' ? strchr(p, ']') : NULL;
		const char *s = close ? p + 1 : p;
		size_t n = close ? (size_t)(close - s) : strcspn(p + 1, "[") + 1;
		if (n == 0 && close) {
			p = close + 1;
			continue;
		}
		if ((items++ > 0 && !ref_append(dst, cap, &len, "; ", 2)) ||
		    !(close ? ref_item(dst, cap, &len, s, n)
		            : ref_append(dst, cap, &len, s, n)))
			return;
		p = close ? close + 1 : p + n;
	}
}

static void explain_reference(FILE *out, const struct status_info *e)
{
	char shown[REF_SHOW_MAX];

	fputs("\n  reference: ", out);
	if (e->kind == KIND_REGISTERED && e->reference[0]) {
		reference_show(shown, sizeof shown, e->reference);
		put(out, shown);
	} else if (e->kind == KIND_REGISTERED) {
		fputs("(none given by IANA)", out);
	} else if (e->kind == KIND_INVALID) {
		fputs("(none)", out);
	} else {
		fputs("(none: unassigned in the IANA registry)", out);
	}
	fputc('\n', out);
}

static void explain_vendors(FILE *out, const struct status_info *e)
{
	for (size_t i = 0; i < e->n_vendors; i++) {
		const struct vendor_meaning *v = &e->vendors[i];
		fputs(i == 0 ? "  vendors:   " : "             ", out);
		put(out, v->vendor);
		fputs(": ", out);
		put(out, v->reason);
		fputc('\n', out);
		if (v->source[0]) {
			fputs("               source: ", out);
			put(out, v->source);
			fputc('\n', out);
		}
	}
}

/* "(Unused)" is how IANA lists a reserved code (306, 418): named, so
 * registered, but never to be assigned a meaning. */
static void explain_note(FILE *out, const struct status_info *e)
{
	bool unused = e->kind == KIND_REGISTERED && strcmp(e->reason, "(Unused)") == 0;

	if (unused)
		fprintf(out, "  note:      reserved by IANA (listed as \"(Unused)\"), never to "
		    "be assigned%s\n", e->n_vendors > 0 ? "; the vendors above still "
		    "send it, with their own meaning" : "");
	else if (e->kind == KIND_VENDOR)
		fputs("  note:      not an IANA code; only the vendors above use it\n", out);
	else if (e->kind == KIND_UNASSIGNED)
		fputs("  note:      unassigned by IANA and no known vendor use\n", out);
	else if (e->kind == KIND_INVALID)
		fputs("  note:      not a status code; expected three digits 100-599\n", out);
	else if (e->n_vendors > 0)
		fputs("  note:      registered by IANA; the vendors above also use "
		    "it, with their own meaning\n", out);
}

void report_explain(FILE *out, const struct registry *reg, const char *arg)
{
	const char *s = arg ? arg : "";
	int code = status_code_parse(s, strlen(s));
	const struct status_info *e = registry_lookup(reg, code);
	char shown[64];

	show_arg(shown, sizeof shown, s);
	fprintf(out, "%s  %s  %s\n", shown, status_class_name(e->cls),
	    status_kind_name(e->kind));
	fputs("  reason:    ", out);
	put(out, e->reason[0] ? e->reason : "(none)");
	explain_reference(out, e);
	explain_vendors(out, e);
	explain_note(out, e);
	fputc('\n', out);
}

/* True if code belongs in the --list-codes table for kind (-1: any code
 * with a meaning, registered or vendor). */
static bool listed(const struct status_info *e, int kind)
{
	if (kind < 0)
		return e->kind == KIND_REGISTERED || e->kind == KIND_VENDOR;
	return (int)e->kind == kind;
}

static size_t reason_width(const struct registry *reg, int kind)
{
	char buf[SHOW_MAX];
	size_t w = strlen("REASON");

	for (int c = 0; c <= STATUS_CODE_MAX; c++) {
		const struct status_info *e = registry_lookup(reg, c);
		if (!listed(e, kind))
			continue;
		escape_terminal(buf, sizeof buf, e->reason, strlen(e->reason));
		size_t n = columns(buf);
		if (n > w)
			w = n <= REASON_COL_MAX ? n : REASON_COL_MAX;
	}
	return w;
}

static void list_row(FILE *out, const struct status_info *e, size_t width)
{
	char buf[SHOW_MAX];

	escape_terminal(buf, sizeof buf, e->reason, strlen(e->reason));
	fprintf(out, "%03d   %-5s  %-10s  %s", e->code, status_class_name(e->cls),
	    status_kind_name(e->kind), buf);
	if (e->n_vendors > 0) {
		for (size_t n = columns(buf); n < width; n++)
			fputc(' ', out);
		fputs("  ", out);
	}
	for (size_t i = 0; i < e->n_vendors; i++) {
		if (i > 0)
			fputs(", ", out);
		put(out, e->vendors[i].vendor);
	}
	fputc('\n', out);
}

/* Unassigned or invalid codes as ranges of one class: "104-121  1xx". */
static void list_ranges(FILE *out, const struct registry *reg, int kind)
{
	fprintf(out, "%-7s  %-7s  %-10s  %s\n", "CODES", "CLASS", "KIND", "COUNT");
	for (int lo = 0; lo <= STATUS_CODE_MAX;) {
		const struct status_info *e = registry_lookup(reg, lo);
		int hi = lo;
		if ((int)e->kind != kind) {
			lo++;
			continue;
		}
		while (hi < STATUS_CODE_MAX &&
		       registry_lookup(reg, hi + 1)->kind == e->kind &&
		       registry_lookup(reg, hi + 1)->cls == e->cls)
			hi++;
		char codes[32];
		if (hi == lo)
			snprintf(codes, sizeof codes, "%03d", lo);
		else
			snprintf(codes, sizeof codes, "%03d-%03d", lo, hi);
		fprintf(out, "%-7s  %-7s  %-10s  %d\n", codes, status_class_name(e->cls),
		    status_kind_name(e->kind), hi - lo + 1);
		lo = hi + 1;
	}
}

void report_list_codes(FILE *out, const struct registry *reg, int kind)
{
	size_t width;

	if (kind == KIND_UNASSIGNED || kind == KIND_INVALID) {
		list_ranges(out, reg, kind);
		return;
	}
	width = reason_width(reg, kind);
	fprintf(out, "CODE  CLASS  KIND        %-*s  VENDORS\n", (int)width, "REASON");
	for (int c = 0; c <= STATUS_CODE_MAX; c++) {
		const struct status_info *e = registry_lookup(reg, c);
		if (listed(e, kind))
			list_row(out, e, width);
	}
}
