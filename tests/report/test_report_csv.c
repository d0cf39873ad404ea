/* test_report_csv.c: the CSV report, byte for byte on the fixture (the
 * status table, the totals, the inputs), RFC 4180 quoting of awkward
 * fields, formula-leading cells and invisible characters from the log, and
 * python3's csv module reading every table back; plus report_format_parse /
 * report_write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "snapshot_fixture.h"

#define FIXTURE_INPUTS_CSV \
	"\r\n" \
	"input,format,lines,parsed,malformed,directives,filtered,bytes,failed\r\n" \
	"/var/log/nginx/access.log,combined,10000,9990,10,0,49,2345678,false\r\n" \
	"/var/log/iis/u_ex150517.log,w3c,100,60,38,2,0,23456,false\r\n" \
	"/var/log/nginx/evil\\x1b]0;name\\x07.log,none,0,0,0,0,0,0,true\r\n"

static const char fixture_csv[] =
	"code,count,percent,class,kind,reason,vendors\r\n"
	"200,7000,69.99,2xx,registered,OK,\r\n"
	"404,1500,15.00,4xx,registered,Not Found,\r\n"
	"304,1000,10.00,3xx,registered,Not Modified,\r\n"
	"499,300,3.00,4xx,vendor,Client Closed Request,"
	"nginx: Client Closed Request; Esri: Token Required\r\n"
	"500,120,1.20,5xx,registered,Internal Server Error,\r\n"
	"520,50,0.50,5xx,vendor,Unknown Error,"
	"Cloudflare: Unknown Error; Microsoft: Unknown Error\r\n"
	"299,20,0.20,2xx,unassigned,,\r\n"
	"'-,8,0.08,invalid,invalid,,\r\n"
	"000,2,0.02,invalid,invalid,,\r\n"
	"\\x1b[31m,1,0.01,invalid,invalid,,\r\n"
	"\r\n"
	"lines,parsed,malformed,directives,filtered,counted\r\n"
	"10100,10050,48,2,49,10001\r\n"
	FIXTURE_INPUTS_CSV;

static void test_csv_fixture(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	char *out = fx_render(report_csv_write, &ctx, snap, NULL);

	(void)state;
	assert_string_equal(out, fixture_csv);
	free(out);
	fx_free(snap);
}

static const struct vendor_meaning odd_vendors[] = {
	{ "Acme, Inc.", "Say \"hi\"", "test" },
	{ " Padded", "multi\nline", "test" },
};
static const struct status_info odd_info = { 598, CLASS_5XX, KIND_VENDOR,
	"Network read timeout, \"upstream\"", "", 2, odd_vendors };
static const struct status_info invalid_info = { -1, CLASS_INVALID, KIND_INVALID,
	"", "", 0, NULL };

static struct snapshot *odd_snapshot(void)
{
	struct snapshot *s = fx_empty();

	s->statuses = calloc(3, sizeof *s->statuses);
	assert_non_null(s->statuses);
	fx_status(&s->statuses[0], 598, "598", &odd_info, 5);
	fx_status(&s->statuses[1], -1, "2,0\"0", &invalid_info, 3);
	fx_status(&s->statuses[2], -1, "\xff\r\n\x9b", &invalid_info, 1);
	s->n_statuses = 3;
	s->lines = s->parsed = 9;
	s->by_class[CLASS_5XX] = 5;
	s->by_class[CLASS_INVALID] = 4;
	return s;
}

static void test_csv_quoting(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = odd_snapshot();
	char *out = fx_render(report_csv_write, &ctx, snap, NULL);

	(void)state;
	assert_string_equal(out,
		"code,count,percent,class,kind,reason,vendors\r\n"
		"598,5,55.56,5xx,vendor,\"Network read timeout, \"\"upstream\"\"\","
		"\"Acme, Inc.: Say \"\"hi\"\";  Padded: multi\\x0aline\"\r\n"
		"\"2,0\"\"0\",3,33.33,invalid,invalid,,\r\n"
		"\"\\xff\\x0d\\x0a\\x9b\",1,11.11,invalid,invalid,,\r\n"
		"\r\n"
		"lines,parsed,malformed,directives,filtered,counted\r\n"
		"9,9,0,0,0,9\r\n"
		FIXTURE_INPUTS_CSV);
	free(out);
	fx_free(snap);
}

/* python3's csv module reads every table back: the statuses up to the
 * first empty row, 7 fields each, the quoted fields as written; then the
 * totals and the inputs. */
static void test_csv_python_reads_back(void **state)
{
	char path[] = "/tmp/sm-csv.XXXXXX", cmd[512], line[256];
	struct report_context ctx = fx_context();
	struct snapshot *snap = odd_snapshot();
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	report_csv_write(f, &ctx, snap);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof cmd, "python3 -c 'import csv, sys\n"
	         "rows = list(csv.reader(open(sys.argv[1], newline=\"\", encoding=\"utf-8\")))\n"
	         "st = rows[:rows.index([])]\n"
	         "print(len(st), sorted(set(len(r) for r in st)), st[1][5], st[2][0],\n"
	         "      rows[6][3], rows[9][0], rows[9][4], len(rows))'"
	         " %s 2>&1", path);
	fx_run(cmd, line, sizeof line);
	unlink(path);
	assert_string_equal(line, "4 [7] Network read timeout, \"upstream\" 2,0\"0 0 "
	                    "/var/log/nginx/access.log 10 12\n");
	fx_free(snap);
}

static void test_csv_empty(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_empty();
	char *out;

	(void)state;
	ctx.n_inputs = 0;
	out = fx_render(report_csv_write, &ctx, snap, NULL);
	assert_string_equal(out, "code,count,percent,class,kind,reason,vendors\r\n"
	                    "\r\n"
	                    "lines,parsed,malformed,directives,filtered,counted\r\n"
	                    "0,0,0,0,0,0\r\n"
	                    "\r\n"
	                    "input,format,lines,parsed,malformed,directives,filtered,bytes,failed\r\n");
	free(out);
	fx_free(snap);
}

/* What a scanner or a hostile upstream writes into the status field and
 * what a log rotation names a file: spreadsheet formulas get a leading ',
 * a bidi override shows as <U+202E>, in the status table and the inputs. */
static void test_csv_formulas_and_invisible(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_empty();
	struct report_input in[] = {
		{ .name = "=cmd|' /C calc'!A0.log", .lines = 10, .bytes = 900, .failed = false, .format = "combined", .parsed = 6, .malformed = 4, .directives = 0, .filtered = 0 },
		{ .name = "access_\xe2\x80\xae" "gol.log", .lines = 5, .bytes = 500, .failed = false, .format = NULL, .parsed = 0, .malformed = 0, .directives = 0, .filtered = 0 },
	};
	char *out;

	(void)state;
	snap->statuses = calloc(4, sizeof *snap->statuses);
	assert_non_null(snap->statuses);
	fx_status(&snap->statuses[0], -1, "=HYPERLINK(\"http://x/\")", &invalid_info, 1);
	fx_status(&snap->statuses[1], -1, "+1+1", &invalid_info, 1);
	fx_status(&snap->statuses[2], -1, "@SUM(A1)", &invalid_info, 1);
	fx_status(&snap->statuses[3], -1, "2\xe2\x80\xae" "00", &invalid_info, 1);
	snap->n_statuses = 4;
	snap->lines = snap->parsed = 4;
	snap->by_class[CLASS_INVALID] = 4;
	snap->by_kind[KIND_INVALID] = 4;
	ctx.inputs = in;
	ctx.n_inputs = 2;
	out = fx_render(report_csv_write, &ctx, snap, NULL);
	assert_non_null(strstr(out, "\r\n\"'=HYPERLINK(\"\"http://x/\"\")\",1,25.00,invalid"));
	assert_non_null(strstr(out, "\r\n'+1+1,1,25.00,invalid"));
	assert_non_null(strstr(out, "\r\n'@SUM(A1),1,25.00,invalid"));
	assert_non_null(strstr(out, "\r\n2<U+202E>00,1,25.00,invalid"));
	assert_non_null(strstr(out, "\r\n'=cmd|' /C calc'!A0.log,combined,10,6,4,0,0,900,false\r\n"));
	assert_non_null(strstr(out, "\r\naccess_<U+202E>gol.log,,5,,,,,500,false\r\n"));
	assert_null(strstr(out, "\xe2\x80\xae"));
	free(out);
	fx_free(snap);
}

static void write_json(FILE *f, const struct report_context *ctx, const struct snapshot *snap)
{
	report_write(f, REPORT_JSON, ctx, snap);
}

static void write_csv(FILE *f, const struct report_context *ctx, const struct snapshot *snap)
{
	report_write(f, REPORT_CSV, ctx, snap);
}

static void test_format_parse_and_dispatch(void **state)
{
	struct report_context ctx = fx_context();
	struct snapshot *snap = fx_snapshot();
	char *a, *b;

	(void)state;
	assert_int_equal(report_format_parse("text"), REPORT_TEXT);
	assert_int_equal(report_format_parse("json"), REPORT_JSON);
	assert_int_equal(report_format_parse("csv"), REPORT_CSV);
	assert_int_equal(report_format_parse("JSON"), -1);
	assert_int_equal(report_format_parse("html"), REPORT_HTML);
	assert_int_equal(report_format_parse("pdf"), -1);
	assert_int_equal(report_format_parse(""), -1);
	assert_int_equal(report_format_parse(NULL), -1);
	a = fx_render(write_csv, &ctx, snap, NULL);
	assert_string_equal(a, fixture_csv);
	free(a);
	a = fx_render(write_json, &ctx, snap, NULL);
	b = fx_render(report_json_write, &ctx, snap, NULL);
	assert_string_equal(a, b);
	free(a);
	free(b);
	fx_free(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fixture),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_python_reads_back),
		cmocka_unit_test(test_csv_empty),
		cmocka_unit_test(test_csv_formulas_and_invisible),
		cmocka_unit_test(test_format_parse_and_dispatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
