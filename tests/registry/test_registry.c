/* test_registry.c: the status registry against its sources. Reads both
 * data/ CSVs with its own small parser (not src/registry/csv.c, so a bug
 * there cannot hide itself) and checks that every row survives the trip
 * through the generated table, that every value 0-999 gets exactly one kind
 * by the rules of registry.h, the documented examples, and that malformed
 * run-time files are refused with FILE:LINE. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <cmocka.h>
#include "statusmon/registry.h"

#define MAX_ROWS 600
#define MAX_COL 4

struct row {
	unsigned line;
	int n;
	char col[MAX_COL][600];
};

/* One CSV line (no embedded newlines in our data): quoted fields with
 * doubled quotes; strips the line end. Returns the number of fields. */
static int split_line(char *s, struct row *r)
{
	int n = 0;
	size_t k;

	s[strcspn(s, "\r\n")] = '\0';
	for (;;) {
		char *out = r->col[n < MAX_COL ? n : MAX_COL - 1];
		k = 0;
		if (*s == '"') {
			for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++;
				out[k++] = *s;
			}
			if (*s == '"')
				s++;
		} else {
			while (*s && *s != ',')
				out[k++] = *s++;
		}
		out[k] = '\0';
		n++;
		if (*s != ',')
			return n;
		s++;
	}
}

static size_t read_rows(const char *name, struct row *rows)
{
	char path[1024], line[2048];
	size_t n = 0;
	unsigned lineno = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/data/%s", SM_SOURCE_DIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (lineno == 1 || line[0] == '\n')
			continue;                       /* header */
		assert_true(n < MAX_ROWS);
		rows[n].line = lineno;
		rows[n].n = split_line(line, &rows[n]);
		n++;
	}
	fclose(f);
	assert_true(n > 0);
	return n;
}

/* The test's own reading of the data: per code, IANA name and vendor rows. */
struct expect {
	const char *iana_desc[1000];    /* NULL: not named by IANA */
	const char *iana_ref[1000];
	int iana_listed[1000];
	int n_vendor[1000];
	const struct row *vendor[1000][8];
};

static struct row iana_rows[MAX_ROWS], vendor_rows[MAX_ROWS];
static size_t n_iana, n_vendor;
static struct expect ex;

static int setup(void **state)
{
	(void)state;
	n_iana = read_rows("http-status-codes.csv", iana_rows);
	n_vendor = read_rows("vendor-status-codes.csv", vendor_rows);
	memset(&ex, 0, sizeof ex);
	for (size_t i = 0; i < n_iana; i++) {
		const struct row *r = &iana_rows[i];
		int lo, hi;
		assert_int_equal(r->n, 3);
		if (sscanf(r->col[0], "%d-%d", &lo, &hi) == 1)
			hi = lo;
		for (int c = lo; c <= hi; c++) {
			assert_true(c >= 100 && c <= 599);
			ex.iana_listed[c]++;
			if (strcmp(r->col[1], "Unassigned") != 0) {
				ex.iana_desc[c] = r->col[1];
				ex.iana_ref[c] = r->col[2];
			}
		}
	}
	for (size_t i = 0; i < n_vendor; i++) {
		const struct row *r = &vendor_rows[i];
		int c = atoi(r->col[0]);
		assert_int_equal(r->n, 4);
		assert_true(c >= 100 && c <= 599);
		assert_true(ex.n_vendor[c] < 8);
		ex.vendor[c][ex.n_vendor[c]++] = r;
	}
	return 0;
}

static void test_data_covers_100_to_599(void **state)
{
	(void)state;
	for (int c = 100; c <= 599; c++)
		assert_int_equal(ex.iana_listed[c], 1);
	assert_int_equal(n_iana, 74);           /* IANA as updated 2022-06-08 */
}

static void test_iana_rows_round_trip(void **state)
{
	struct registry *reg = registry_new_builtin();

	(void)state;
	for (int c = 100; c <= 599; c++) {
		const struct status_info *e = registry_lookup(reg, c);
		if (ex.iana_desc[c]) {
			assert_int_equal(e->kind, KIND_REGISTERED);
			assert_string_equal(e->reason, ex.iana_desc[c]);
			assert_string_equal(e->reference, ex.iana_ref[c]);
		} else {
			assert_int_not_equal(e->kind, KIND_REGISTERED);
			assert_string_equal(e->reference, "");
		}
	}
	assert_string_equal(registry_source(reg), "built-in");
	assert_string_equal(registry_updated(reg), "2022-06-08");
	registry_free(reg);
}

static void test_vendor_rows_round_trip(void **state)
{
	struct registry *reg = registry_new_builtin();

	(void)state;
	for (int c = 0; c < 1000; c++) {
		const struct status_info *e = registry_lookup(reg, c);
		assert_int_equal(e->n_vendors, ex.n_vendor[c]);
		for (int i = 0; i < ex.n_vendor[c]; i++) {
			assert_string_equal(e->vendors[i].vendor, ex.vendor[c][i]->col[1]);
			assert_string_equal(e->vendors[i].reason, ex.vendor[c][i]->col[2]);
			assert_string_equal(e->vendors[i].source, ex.vendor[c][i]->col[3]);
		}
	}
	registry_free(reg);
}

static void test_every_value_has_one_kind(void **state)
{
	struct registry *reg = registry_new_builtin();
	int per_kind[KIND_COUNT] = { 0 };

	(void)state;
	for (int c = 0; c <= STATUS_CODE_MAX; c++) {
		const struct status_info *e = registry_lookup(reg, c);
		enum status_kind want;
		const char *reason = "";
		assert_int_equal(e->code, c);
		if (c < 100 || c > 599) {
			want = KIND_INVALID;
			assert_int_equal(e->cls, CLASS_INVALID);
		} else {
			assert_int_equal(e->cls, CLASS_1XX + (c / 100 - 1));
			if (ex.iana_desc[c]) {
				want = KIND_REGISTERED;
				reason = ex.iana_desc[c];
			} else if (ex.n_vendor[c]) {
				want = KIND_VENDOR;
				reason = ex.vendor[c][0]->col[2];
			} else {
				want = KIND_UNASSIGNED;
			}
		}
		assert_int_equal(e->kind, want);
		assert_string_equal(e->reason, reason);
		assert_true(e->kind < KIND_COUNT);
		per_kind[e->kind]++;
	}
	assert_int_equal(per_kind[KIND_INVALID], 100 + 400);
	assert_int_equal(per_kind[KIND_REGISTERED] + per_kind[KIND_VENDOR] +
	    per_kind[KIND_UNASSIGNED], 500);
	assert_true(per_kind[KIND_VENDOR] >= 25);
	/* outside 0..999: the shared invalid entry */
	assert_int_equal(registry_lookup(reg, -1)->kind, KIND_INVALID);
	assert_int_equal(registry_lookup(reg, -1)->code, -1);
	assert_ptr_equal(registry_lookup(reg, 1000), registry_lookup(reg, -7));
	assert_int_equal(registry_lookup(reg, INT32_MAX)->cls, CLASS_INVALID);
	registry_free(reg);
}

static const struct status_info *lookup_str(const struct registry *reg, const char *s)
{
	return registry_lookup(reg, status_code_parse(s, strlen(s)));
}

static int has_vendor(const struct status_info *e, const char *vendor, const char *reason)
{
	for (size_t i = 0; i < e->n_vendors; i++)
		if (strcmp(e->vendors[i].vendor, vendor) == 0 &&
		    strcmp(e->vendors[i].reason, reason) == 0)
			return 1;
	return 0;
}

static void test_examples(void **state)
{
	struct registry *reg = registry_new_builtin();
	const struct status_info *e;

	(void)state;
	e = lookup_str(reg, "499");
	assert_int_equal(e->kind, KIND_VENDOR);
	assert_int_equal(e->cls, CLASS_4XX);
	assert_int_equal(e->n_vendors, 2);
	assert_string_equal(e->vendors[0].vendor, "nginx");
	assert_string_equal(e->reason, "Client Closed Request");
	assert_true(has_vendor(e, "Esri", "Token Required"));
	e = lookup_str(reg, "520");
	assert_int_equal(e->kind, KIND_VENDOR);
	assert_string_equal(e->vendors[0].vendor, "Cloudflare");
	e = lookup_str(reg, "200");
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "OK");
	assert_int_equal(e->n_vendors, 0);
	e = lookup_str(reg, "104");
	assert_int_equal(e->kind, KIND_UNASSIGNED);
	assert_int_equal(e->cls, CLASS_1XX);
	assert_string_equal(e->reason, "");
	assert_int_equal(lookup_str(reg, "600")->kind, KIND_INVALID);
	assert_int_equal(lookup_str(reg, "600")->cls, CLASS_INVALID);
	assert_int_equal(lookup_str(reg, "-")->kind, KIND_INVALID);
	assert_int_equal(lookup_str(reg, "099")->kind, KIND_INVALID);
	e = lookup_str(reg, "306");
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "(Unused)");
	e = lookup_str(reg, "451");
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "Unavailable For Legal Reasons");
	assert_true(has_vendor(e, "Microsoft", "Redirect"));
	e = lookup_str(reg, "425");
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "Too Early");
	assert_string_equal(e->reference, "[RFC8470]");
	assert_true(has_vendor(e, "WebDAV draft", "Unordered Collection"));
	e = lookup_str(reg, "444");
	assert_int_equal(e->kind, KIND_VENDOR);
	assert_string_equal(e->vendors[0].vendor, "nginx");
	registry_free(reg);
}

/* What changed in the 2022-06-08 update of the IANA registry (RFC 9110). */
static void test_registry_2022(void **state)
{
	struct registry *reg = registry_new_builtin();
	const struct status_info *e;

	(void)state;
	e = lookup_str(reg, "413");
	assert_string_equal(e->reason, "Content Too Large");
	assert_string_equal(e->reference, "[RFC9110, Section 15.5.14]");
	e = lookup_str(reg, "422");
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "Unprocessable Content");
	assert_string_equal(e->reference, "[RFC9110, Section 15.5.21]");
	assert_string_equal(lookup_str(reg, "421")->reference, "[RFC9110, Section 15.5.20]");
	assert_string_equal(lookup_str(reg, "426")->reference, "[RFC9110, Section 15.5.22]");
	assert_string_equal(lookup_str(reg, "416")->reason, "Range Not Satisfiable");
	assert_string_equal(lookup_str(reg, "510")->reason, "Not Extended (OBSOLETED)");
	/* 418 is reserved: registered as "(Unused)", the teapot a vendor meaning */
	e = lookup_str(reg, "418");
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "(Unused)");
	assert_string_equal(e->reference, "[RFC9110, Section 15.5.19]");
	assert_true(has_vendor(e, "HTCPCP", "I'm a teapot"));
	assert_non_null(strstr(e->vendors[0].source, "RFC 2324"));
	/* 419 and 420 stay unassigned by IANA, so vendor codes */
	assert_int_equal(lookup_str(reg, "419")->kind, KIND_VENDOR);
	assert_int_equal(lookup_str(reg, "420")->kind, KIND_VENDOR);
	/* no reference of the 2018 page is left */
	for (int c = 100; c <= 599; c++) {
		const char *ref = registry_lookup(reg, c)->reference;
		assert_null(strstr(ref, "RFC723"));
		assert_null(strstr(ref, "RFC7540"));
	}
	registry_free(reg);
}

static int contains_nocase(const char *s, const char *word)
{
	for (size_t n = strlen(word); *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

/* Every vendor meaning cites what a person can look up (an RFC, the
 * vendor's documentation), never a file of this repository. */
static void test_vendor_sources_are_citations(void **state)
{
	struct registry *reg = registry_new_builtin();
	size_t n = 0;

	(void)state;
	for (int c = 100; c <= 599; c++) {
		const struct status_info *e = registry_lookup(reg, c);
		for (size_t i = 0; i < e->n_vendors; i++, n++) {
			const char *src = e->vendors[i].source;
			assert_true(strlen(src) >= 10);
			if (contains_nocase(src, "seed") || strstr(src, ".txt"))
				fail_msg("%d %s: source \"%s\" names a file", c,
				    e->vendors[i].vendor, src);
		}
	}
	assert_int_equal(n, n_vendor);
	assert_non_null(strstr(registry_lookup(reg, 520)->vendors[0].source,
	    "Cloudflare documentation"));
	assert_non_null(strstr(registry_lookup(reg, 444)->vendors[0].source,
	    "nginx documentation"));
	registry_free(reg);
}

static void test_status_code_parse(void **state)
{
	(void)state;
	assert_int_equal(status_code_parse("200", 3), 200);
	assert_int_equal(status_code_parse("000", 3), 0);
	assert_int_equal(status_code_parse("999", 3), 999);
	assert_int_equal(status_code_parse("20", 2), -1);
	assert_int_equal(status_code_parse("2000", 4), -1);
	assert_int_equal(status_code_parse("+20", 3), -1);
	assert_int_equal(status_code_parse("-20", 3), -1);
	assert_int_equal(status_code_parse(" 200", 4), -1);
	assert_int_equal(status_code_parse("200 ", 4), -1);
	assert_int_equal(status_code_parse("", 0), -1);
	assert_int_equal(status_code_parse(NULL, 0), -1);
	assert_int_equal(status_code_parse("2x0", 3), -1);
	/* a view: only n bytes count, no NUL needed */
	assert_int_equal(status_code_parse("4041", 3), 404);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(status_class_name(CLASS_5XX), "5xx");
	assert_string_equal(status_class_name(CLASS_INVALID), "invalid");
	assert_string_equal(status_kind_name(KIND_VENDOR), "vendor");
	assert_string_equal(status_kind_name(KIND_UNASSIGNED), "unassigned");
	for (int i = 0; i < CLASS_COUNT; i++)
		assert_int_equal(status_class_parse(status_class_name(i)), i);
	for (int i = 0; i < KIND_COUNT; i++)
		assert_int_equal(status_kind_parse(status_kind_name(i)), i);
	assert_int_equal(status_class_parse("6xx"), -1);
	assert_int_equal(status_kind_parse("official"), -1);
	assert_int_equal(status_kind_parse(""), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_covers_100_to_599),
		cmocka_unit_test(test_iana_rows_round_trip),
		cmocka_unit_test(test_vendor_rows_round_trip),
		cmocka_unit_test(test_every_value_has_one_kind),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_registry_2022),
		cmocka_unit_test(test_vendor_sources_are_citations),
		cmocka_unit_test(test_status_code_parse),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
