/* load.c: what the columns of the two data files mean, and what makes a row
 * wrong. Apart from csv.c (syntax) and registry.c (the lookup table) because
 * both the build-time generator and the run-time loader need exactly these
 * rules: a row the build refuses is a row --registry refuses too. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csv.h"
#include "load.h"

#define N_CODES (LOAD_CODE_MAX + 1)

/* A printable copy of a field for a message: at most 40 bytes, anything
 * outside printable ASCII shown as '?'. */
static const char *show(const char *s, size_t n, char out[48])
{
	size_t i, k = 0;

	for (i = 0; i < n && k < 40; i++)
		out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (i < n) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
	return out;
}

/* Exactly three ASCII digits -> 0..999, else -1. */
static int parse_code(const char *s, size_t n)
{
	if (n != 3)
		return -1;
	for (size_t i = 0; i < 3; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

int iana_unassigned(const char *description)
{
	return strcasecmp(description, "Unassigned") == 0;
}

static int check_header(const char *path, const struct csv_record *rec,
                        const char *const *names, size_t count, const char *want,
                        struct error *err)
{
	bool ok = rec->n == count;

	for (size_t i = 0; ok && i < count; i++)
		ok = strcmp(rec->field[i], names[i]) == 0;
	if (!ok)
		error_set(err, "%s:%u: bad header; expected %s", path, rec->line, want);
	return ok ? 0 : -1;
}

static int check_fields(const char *path, const struct csv_record *rec,
                        size_t count, const char *want, struct error *err)
{
	if (rec->n != count) {
		error_set(err, "%s:%u: %zu field%s; expected %zu (%s)", path, rec->line,
		    rec->n, rec->n == 1 ? "" : "s", count, want);
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		if (rec->len[i] > LOAD_MAX_FIELD) {
			error_set(err, "%s:%u: field %zu is %zu bytes long; expected at most %d",
			    path, rec->line, i + 1, rec->len[i], LOAD_MAX_FIELD);
			return -1;
		}
		for (size_t k = 0; k < rec->len[i]; k++) {
			unsigned char c = (unsigned char)rec->field[i][k];
			if (c < 0x20 || c == 0x7f) {
				error_set(err, "%s:%u: control character in field %zu; "
				    "expected printable text", path, rec->line, i + 1);
				return -1;
			}
		}
	}
	return 0;
}

/* "NNN" or "NNN-NNN" within 100-599, LOW < HIGH. */
static int iana_value(const char *path, const struct csv_record *rec,
                      struct iana_row *row, struct error *err)
{
	const char *v = rec->field[0], *dash = strchr(v, '-');
	size_t n = rec->len[0];
	char buf[48];

	row->lo = parse_code(v, dash ? (size_t)(dash - v) : n);
	row->hi = dash ? parse_code(dash + 1, n - (size_t)(dash - v) - 1) : row->lo;
	if (row->lo < 0 || row->hi < 0) {
		error_set(err, "%s:%u: bad value \"%s\"; expected a 3-digit code "
		    "or a range such as 104-199", path, rec->line, show(v, n, buf));
		return -1;
	}
	if (row->lo < LOAD_CODE_MIN || row->hi > LOAD_CODE_MAX) {
		error_set(err, "%s:%u: value %s is outside 100-599; expected IANA "
		    "values 100-599 only", path, rec->line, show(v, n, buf));
		return -1;
	}
	if (dash && row->lo >= row->hi) {
		error_set(err, "%s:%u: bad range %s; expected LOW-HIGH with LOW < HIGH",
		    path, rec->line, show(v, n, buf));
		return -1;
	}
	return 0;
}

static int iana_row_parse(const char *path, const struct csv_record *rec,
                          unsigned *seen, struct iana_row *row, struct error *err)
{
	char buf[48];

	if (check_fields(path, rec, 3, "Value,Description,Reference", err) < 0 ||
	    iana_value(path, rec, row, err) < 0)
		return -1;
	row->description = rec->field[1];
	row->reference = rec->field[2];
	row->line = rec->line;
	if (rec->len[1] == 0) {
		error_set(err, "%s:%u: empty description; expected a reason phrase "
		    "or Unassigned", path, rec->line);
		return -1;
	}
	if (row->lo != row->hi && !iana_unassigned(row->description)) {
		error_set(err, "%s:%u: range %d-%d is \"%s\"; expected Unassigned "
		    "(IANA names single codes only)", path, rec->line, row->lo, row->hi,
		    show(rec->field[1], rec->len[1], buf));
		return -1;
	}
	for (int c = row->lo; c <= row->hi; c++) {
		if (seen[c]) {
			error_set(err, "%s:%u: code %d is already listed at line %u; "
			    "expected each code once", path, rec->line, c, seen[c]);
			return -1;
		}
		seen[c] = rec->line;
	}
	return 0;
}

/* Every code 100-599 must be listed; names the first gap. */
static int iana_coverage(const char *path, const unsigned *seen, unsigned last_line,
                         struct error *err)
{
	char gap[16];
	int lo, hi;

	for (lo = LOAD_CODE_MIN; lo <= LOAD_CODE_MAX && seen[lo]; lo++)
		;
	if (lo > LOAD_CODE_MAX)
		return 0;
	for (hi = lo; hi < LOAD_CODE_MAX && !seen[hi + 1]; hi++)
		;
	if (lo == hi)
		snprintf(gap, sizeof gap, "%d", lo);
	else
		snprintf(gap, sizeof gap, "%d-%d", lo, hi);
	error_set(err, "%s:%u: end of file, but %s is not listed; expected every "
	    "code 100-599 as a value or an Unassigned range", path, last_line, gap);
	return -1;
}

static int iana_parse(const char *path, struct iana_file *f, size_t len,
                      struct error *err)
{
	static const char *const names[] = { "Value", "Description", "Reference" };
	struct csv_reader r;
	struct csv_record rec;
	unsigned seen[N_CODES] = { 0 }, last;
	int rc;

	csv_init(&r, path, f->buf, len);
	rc = csv_next(&r, &rec, err);
	if (rc == 0)
		error_set(err, "%s:1: empty file; expected the header "
		    "Value,Description,Reference", path);
	if (rc <= 0 || check_header(path, &rec, names, 3,
	    "Value,Description,Reference", err) < 0)
		return -1;
	last = rec.line;
	/* Each row claims at least one new code, so 500 rows at most. */
	f->rows = calloc(LOAD_CODE_MAX - LOAD_CODE_MIN + 1, sizeof *f->rows);
	if (!f->rows) {
		error_set(err, "%s: out of memory", path);
		return -1;
	}
	while ((rc = csv_next(&r, &rec, err)) > 0) {
		if (iana_row_parse(path, &rec, seen, &f->rows[f->n], err) < 0)
			return -1;
		f->n++;
		last = rec.line;
	}
	if (rc < 0)
		return -1;
	return iana_coverage(path, seen, last, err);
}

int iana_file_read(const char *path, struct iana_file *f, struct error *err)
{
	size_t len;

	memset(f, 0, sizeof *f);
	if (csv_read_file(path, &f->buf, &len, err) < 0)
		return -1;
	if (iana_parse(path, f, len, err) < 0) {
		iana_file_free(f);
		return -1;
	}
	return 0;
}

void iana_file_free(struct iana_file *f)
{
	free(f->rows);
	free(f->buf);
	memset(f, 0, sizeof *f);
}

/* Fills row from rec; first[]/next[] chain the rows of each code so a
 * repeated (code, vendor) is found without a quadratic scan. */
static int vendor_row_parse(const char *path, const struct csv_record *rec,
                            struct vendor_file *f, int *first, int *next,
                            struct error *err)
{
	struct vendor_row *row = &f->rows[f->n];
	char buf[48];

	if (check_fields(path, rec, 4, "Code,Vendor,Reason,Source", err) < 0)
		return -1;
	row->code = parse_code(rec->field[0], rec->len[0]);
	if (row->code < LOAD_CODE_MIN || row->code > LOAD_CODE_MAX) {
		error_set(err, "%s:%u: bad code \"%s\"; expected a 3-digit code "
		    "100-599", path, rec->line, show(rec->field[0], rec->len[0], buf));
		return -1;
	}
	if (rec->len[1] == 0 || rec->len[2] == 0) {
		error_set(err, "%s:%u: empty %s; expected a vendor name and a reason "
		    "phrase", path, rec->line, rec->len[1] == 0 ? "vendor" : "reason");
		return -1;
	}
	row->vendor = rec->field[1];
	row->reason = rec->field[2];
	row->source = rec->field[3];
	row->line = rec->line;
	for (int i = first[row->code]; i >= 0; i = next[i]) {
		if (strcasecmp(f->rows[i].vendor, row->vendor) == 0) {
			error_set(err, "%s:%u: code %d for vendor \"%s\" is already listed "
			    "at line %u; expected one row per (code, vendor)", path,
			    rec->line, row->code, show(rec->field[1], rec->len[1], buf),
			    f->rows[i].line);
			return -1;
		}
	}
	next[f->n] = first[row->code];
	first[row->code] = (int)f->n;
	return 0;
}

static int vendor_parse(const char *path, struct vendor_file *f, size_t len,
                        struct error *err)
{
	static const char *const names[] = { "Code", "Vendor", "Reason", "Source" };
	struct csv_reader r;
	struct csv_record rec;
	int first[N_CODES], *next = NULL;
	int rc;

	memset(first, -1, sizeof first);
	csv_init(&r, path, f->buf, len);
	rc = csv_next(&r, &rec, err);
	if (rc == 0)
		error_set(err, "%s:1: empty file; expected the header "
		    "Code,Vendor,Reason,Source", path);
	if (rc <= 0 || check_header(path, &rec, names, 4,
	    "Code,Vendor,Reason,Source", err) < 0)
		return -1;
	f->rows = calloc(LOAD_MAX_VENDOR_ROWS, sizeof *f->rows);
	next = calloc(LOAD_MAX_VENDOR_ROWS, sizeof *next);
	if (!f->rows || !next) {
		free(next);
		error_set(err, "%s: out of memory", path);
		return -1;
	}
	while ((rc = csv_next(&r, &rec, err)) > 0) {
		if (f->n == LOAD_MAX_VENDOR_ROWS) {
			error_set(err, "%s:%u: too many rows; expected at most %d",
			    path, rec.line, LOAD_MAX_VENDOR_ROWS);
			rc = -1;
			break;
		}
		if (vendor_row_parse(path, &rec, f, first, next, err) < 0) {
			rc = -1;
			break;
		}
		f->n++;
	}
	free(next);
	if (rc == 0 && f->n > 0) {      /* give back the unused rows */
		struct vendor_row *fit = realloc(f->rows, f->n * sizeof *fit);
		if (fit)
			f->rows = fit;
	}
	return rc;
}

int vendor_file_read(const char *path, struct vendor_file *f, struct error *err)
{
	size_t len;

	memset(f, 0, sizeof *f);
	if (csv_read_file(path, &f->buf, &len, err) < 0)
		return -1;
	if (vendor_parse(path, f, len, err) < 0) {
		vendor_file_free(f);
		return -1;
	}
	return 0;
}

void vendor_file_free(struct vendor_file *f)
{
	free(f->rows);
	free(f->buf);
	memset(f, 0, sizeof *f);
}
