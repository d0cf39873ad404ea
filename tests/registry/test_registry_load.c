/* test_registry_load.c: --registry and --vendor-codes files at run time.
 * Writes small CSVs into a temporary directory: malformed ones must be
 * refused with "FILE:LINE: ..." and leave the registry as it was; valid ones
 * (LF or CRLF, quoted fields, a BOM) must change what lookups answer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "statusmon/registry.h"

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/sm-registry-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static char written[64][512];   /* files to remove at the end */
static size_t n_written;

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < n_written; i++)
		unlink(written[i]);
	return rmdir(tmpdir);
}

/* Writes content to tmpdir/name; returns the path (valid until the end). */
static const char *write_file(const char *name, const char *content)
{
	char *path;
	FILE *f;

	assert_true(n_written < 64);
	path = written[n_written++];
	snprintf(path, sizeof written[0], "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
	assert_int_equal(fclose(f), 0);
	return path;
}

#define IANA_HEAD "Value,Description,Reference\n"

struct bad_case {
	const char *content;
	unsigned line;
	const char *what;          /* a phrase the message must contain */
};

static const struct bad_case bad_iana[] = {
	{ IANA_HEAD "100,Continue,\n1x0,Foo,\n101-599,Unassigned,\n", 3, "bad value \"1x0\"" },
	{ IANA_HEAD "100,Continue,\n199-101,Unassigned,\n", 3, "bad range 199-101" },
	{ IANA_HEAD "100-,Unassigned,\n", 2, "bad value" },
	{ IANA_HEAD "100,Continue\n101-599,Unassigned,\n", 2, "2 fields; expected 3" },
	{ IANA_HEAD "100,Continue,,x\n101-599,Unassigned,\n", 2, "4 fields; expected 3" },
	{ IANA_HEAD "100-199,Unassigned,\n150,Foo,[RFC1]\n200-599,Unassigned,\n", 3,
	  "code 150 is already listed at line 2" },
	{ IANA_HEAD "100-599,Unassigned,\n100,Continue,\n", 3, "already listed at line 2" },
	{ IANA_HEAD "100-599,Unassigned,\n600,Foo,\n", 3, "outside 100-599" },
	{ IANA_HEAD "099,Foo,\n100-599,Unassigned,\n", 2, "outside 100-599" },
	{ IANA_HEAD "100-300,Unassigned,\n302-599,Unassigned,\n", 3, "but 301 is not listed" },
	{ IANA_HEAD "100,Continue,\n", 2, "but 101-599 is not listed" },
	{ IANA_HEAD "100-599,Things,\n", 2, "expected Unassigned" },
	{ IANA_HEAD "100,,\n101-599,Unassigned,\n", 2, "empty description" },
	{ IANA_HEAD "100,\"Continue,\n101-599,Unassigned,\n", 2, "never closed" },
	{ IANA_HEAD "100,Con\"tinue,\n101-599,Unassigned,\n", 2, "quote inside" },
	{ IANA_HEAD "100,\"Continue\"x,\n101-599,Unassigned,\n", 2, "after a closing quote" },
	{ IANA_HEAD "100,Con\033[2Jtinue,\n101-599,Unassigned,\n", 2, "control character" },
	{ IANA_HEAD "100,\"Con\ntinue\",\n101-599,Unassigned,\n", 2, "control character" },
	{ IANA_HEAD "100,Continue,\n101-599,Unassigned,\n\"\n\n\"\n", 4, "1 field; expected 3" },
	{ "Code,Description,Reference\n100-599,Unassigned,\n", 1, "bad header" },
	{ "", 1, "empty file" },
};

static const struct bad_case bad_vendor[] = {
	{ "Code,Vendor,Reason,Source\n499,nginx,Closed,doc\n4x9,Esri,Token,doc\n", 3, "bad code \"4x9\"" },
	{ "Code,Vendor,Reason,Source\n600,Acme,Beyond,doc\n", 2, "bad code \"600\"" },
	{ "Code,Vendor,Reason,Source\n099,Acme,Below,doc\n", 2, "bad code" },
	{ "Code,Vendor,Reason,Source\n499,nginx,Closed\n", 2, "3 fields; expected 4" },
	{ "Code,Vendor,Reason,Source\n499,nginx,Closed,a\n\n499,NGINX,Again,b\n", 4,
	  "already listed at line 2" },
	{ "Code,Vendor,Reason,Source\n499,,Closed,doc\n", 2, "empty vendor" },
	{ "Value,Description,Reference\n100-599,Unassigned,\n", 1, "bad header" },
};

static void expect_refused(int iana, const struct bad_case *c, size_t i)
{
	struct registry *reg = registry_new_builtin();
	struct error err = { "" };
	char name[32], want[600];
	const char *path;
	int rc;

	snprintf(name, sizeof name, "bad%zu.csv", i);
	path = write_file(name, c->content);
	rc = iana ? registry_load_iana(reg, path, &err)
	          : registry_load_vendors(reg, path, &err);
	if (rc != -1 || !strstr(err.msg, c->what))
		fail_msg("case %zu: rc %d, message \"%s\", expected \"%s\"", i, rc,
		    err.msg, c->what);
	snprintf(want, sizeof want, "%s:%u: ", path, c->line);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("case %zu: message \"%s\" does not start with \"%s\"", i,
		    err.msg, want);
	assert_non_null(strstr(err.msg, "expected"));
	/* the registry is untouched */
	assert_string_equal(registry_source(reg), "built-in");
	assert_string_equal(registry_lookup(reg, 200)->reason, "OK");
	assert_int_equal(registry_lookup(reg, 499)->n_vendors, 2);
	registry_free(reg);
}

static void test_malformed_iana(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_iana / sizeof bad_iana[0]; i++)
		expect_refused(1, &bad_iana[i], i);
}

static void test_malformed_vendor(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_vendor / sizeof bad_vendor[0]; i++)
		expect_refused(0, &bad_vendor[i], i);
}

static void test_missing_file(void **state)
{
	struct registry *reg = registry_new_builtin();
	struct error err = { "" };
	char path[512];

	(void)state;
	snprintf(path, sizeof path, "%s/no-such.csv", tmpdir);
	assert_int_equal(registry_load_iana(reg, path, &err), -1);
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(registry_load_vendors(reg, tmpdir, &err), -1);
	assert_non_null(strstr(err.msg, tmpdir));
	registry_free(reg);
}

/* Another IANA file in the real layout (CRLF, BOM, quoted references), here
 * the 2018 names: it replaces the IANA part, the built-in vendor rows stay,
 * so 418, unassigned in 2018, is the HTCPCP vendor code again. */
static void test_load_iana_changes_lookup(void **state)
{
	struct registry *reg = registry_new_builtin();
	struct error err = { "" };
	const char *path = write_file("iana-2018.csv",
	    "\xef\xbb\xbfValue,Description,Reference\r\n"
	    "100-199,Unassigned,\r\n"
	    "200,OK,\"[RFC7231, Section 6.3.1]\"\r\n"
	    "201-412,Unassigned,\r\n"
	    "413,Payload Too Large,\"[RFC7231, Section 6.5.11]\"\r\n"
	    "414-498,Unassigned,\r\n"
	    "499,\"Say \"\"hi\"\", then close\",\"[X, Section 1]\"\r\n"
	    "500-599,Unassigned,\r\n");
	const struct status_info *e;

	(void)state;
	assert_int_equal(registry_lookup(reg, 418)->kind, KIND_REGISTERED);
	assert_string_equal(registry_lookup(reg, 413)->reason, "Content Too Large");
	if (registry_load_iana(reg, path, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(registry_source(reg), path);
	assert_string_equal(registry_updated(reg), "");
	e = registry_lookup(reg, 200);
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reference, "[RFC7231, Section 6.3.1]");
	e = registry_lookup(reg, 413);
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "Payload Too Large");
	e = registry_lookup(reg, 418);
	assert_int_equal(e->kind, KIND_VENDOR);
	assert_string_equal(e->reason, "I'm a teapot");
	assert_string_equal(e->reference, "");
	assert_int_equal(e->n_vendors, 1);          /* HTCPCP row kept */
	e = registry_lookup(reg, 499);
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "Say \"hi\", then close");
	assert_string_equal(e->reference, "[X, Section 1]");
	assert_int_equal(e->n_vendors, 2);
	assert_int_equal(registry_lookup(reg, 404)->kind, KIND_UNASSIGNED);
	assert_int_equal(registry_lookup(reg, 520)->kind, KIND_VENDOR);
	assert_int_equal(registry_lookup(reg, 100)->kind, KIND_UNASSIGNED);
	/* loading a second time replaces again */
	path = write_file("iana-min.csv", "Value,Description,Reference\n"
	    "100,Continue,\n101-599,Unassigned,");
	if (registry_load_iana(reg, path, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(registry_lookup(reg, 100)->kind, KIND_REGISTERED);
	assert_int_equal(registry_lookup(reg, 200)->kind, KIND_UNASSIGNED);
	assert_int_equal(registry_lookup(reg, 499)->kind, KIND_VENDOR);
	registry_free(reg);
}

static void test_load_vendors_adds_rows(void **state)
{
	struct registry *reg = registry_new_builtin();
	struct error err = { "" };
	const char *path = write_file("vendors.csv",
	    "Code,Vendor,Reason,Source\n"
	    "299,Acme,Mostly Fine,Acme handbook\n"
	    "499,NGINX,Client Went Away,local patch\n"
	    "499,Acme,Gave Up,\n"
	    "200,Acme,Cached OK,Acme handbook\n");
	const struct status_info *e;

	(void)state;
	assert_int_equal(registry_lookup(reg, 299)->kind, KIND_UNASSIGNED);
	if (registry_load_vendors(reg, path, &err) != 0)
		fail_msg("%s", err.msg);
	e = registry_lookup(reg, 299);
	assert_int_equal(e->kind, KIND_VENDOR);
	assert_string_equal(e->reason, "Mostly Fine");
	assert_string_equal(e->vendors[0].source, "Acme handbook");
	e = registry_lookup(reg, 499);               /* nginx replaced in place */
	assert_int_equal(e->n_vendors, 3);
	assert_string_equal(e->vendors[0].vendor, "NGINX");
	assert_string_equal(e->reason, "Client Went Away");
	assert_string_equal(e->vendors[1].vendor, "Esri");
	assert_string_equal(e->vendors[2].vendor, "Acme");
	assert_string_equal(e->vendors[2].source, "");
	e = registry_lookup(reg, 200);
	assert_int_equal(e->kind, KIND_REGISTERED);
	assert_string_equal(e->reason, "OK");
	assert_int_equal(e->n_vendors, 1);
	/* a second file adds to the first; IANA replacement keeps both */
	path = write_file("vendors2.csv", "Code,Vendor,Reason,Source\r\n"
	    "299,Other,Also Fine,x\r\n");
	if (registry_load_vendors(reg, path, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(registry_lookup(reg, 299)->n_vendors, 2);
	assert_int_equal(registry_lookup(reg, 520)->n_vendors, 2);
	registry_free(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_iana),
		cmocka_unit_test(test_malformed_vendor),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_load_iana_changes_lookup),
		cmocka_unit_test(test_load_vendors_adds_rows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
