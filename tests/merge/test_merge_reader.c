/* test_merge_reader.c: the bounded JSON reader and merge_add on hostile
 * buffers: nesting past the bound, truncation at every byte of a real
 * report, escapes, numbers beyond the bound, a duplicate key in a top list;
 * each is refused with a reason and leaves the merge unchanged. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "json_doc.h"
#include "statusmon/merge.h"

static const char report[] =
	"{\"version\": 2, \"generator\": \"statusmon 0.1.0\",\n"
	" \"registry\": {\"source\": \"built-in\", \"updated\": \"2022-06-08\"},\n"
	" \"format\": \"combined\", \"host\": \"web1\", \"top_n\": 2, \"merge\": null,\n"
	" \"hosts\": [{\"host\": \"web1\", \"lines\": 5, \"counted\": 4, \"5xx\": 1,"
	" \"5xx_percent\": 25.00, \"flagged\": 1, \"flagged_codes\": [\"499\"]}],\n"
	" \"inputs\": [{\"name\": \"a.log\", \"format\": \"combined\", \"lines\": 5,"
	" \"parsed\": 4, \"malformed\": 1, \"directives\": 0, \"filtered\": 0, \"bytes\": 9,"
	" \"failed\": false, \"host\": \"web1\", \"device\": 1, \"inode\": 2, \"size\": 9,"
	" \"fingerprint\": \"0123456789abcdef\", \"first\": \"2024-10-10T08:00:00Z\","
	" \"last\": \"2024-10-10T08:01:00Z\"}],\n"
	" \"totals\": {\"lines\": 5, \"parsed\": 4, \"malformed\": 1, \"directives\": 0,"
	" \"filtered\": 0, \"counted\": 4, \"truncated\": 0},\n"
	" \"classes\": {\"1xx\": 0, \"2xx\": 2, \"3xx\": 0, \"4xx\": 1, \"5xx\": 1, \"invalid\": 0},\n"
	" \"kinds\": {\"registered\": 3, \"vendor\": 1, \"unassigned\": 0, \"invalid\": 0},\n"
	" \"statuses\": [\n"
	"  {\"code\": 200, \"count\": 2, \"top_paths\": [{\"path\": \"/a\\u00e9\", \"truncated\": false,"
	" \"count\": 2, \"error\": 0, \"exact\": true}], \"top_clients\": []},\n"
	"  {\"code\": 499, \"count\": 1, \"top_paths\": [], \"top_clients\": []},\n"
	"  {\"code\": 500, \"count\": 1, \"top_paths\": [], \"top_clients\": []}],\n"
	" \"time_range\": {\"first\": \"2024-10-10T08:00:00Z\", \"last\": \"2024-10-10T08:01:00Z\"},\n"
	" \"timeline\": {\"bucket_seconds\": 60, \"buckets\": [\n"
	"  {\"start\": \"2024-10-10T08:00:00Z\", \"1xx\": 0, \"2xx\": 1, \"3xx\": 0, \"4xx\": 1,"
	" \"5xx\": 0, \"invalid\": 0},\n"
	"  {\"start\": \"2024-10-10T08:01:00Z\", \"1xx\": 0, \"2xx\": 1, \"3xx\": 0, \"4xx\": 0,"
	" \"5xx\": 1, \"invalid\": 0}]}}\n";

static void test_depth_bound(void **state)
{
	char buf[200];
	struct json_doc doc;
	const char *reason;
	size_t off;
	int depth;

	(void)state;
	for (depth = 30; depth <= 34; depth++) {
		memset(buf, '[', (size_t)depth);
		memset(buf + depth, ']', (size_t)depth);
		int r = json_doc_parse(&doc, buf, (size_t)depth * 2, &reason, &off);

		assert_int_equal(r, depth <= JSON_DOC_DEPTH_MAX ? 0 : -1);
		if (r < 0)
			assert_string_equal(reason, "nested too deep");
		json_doc_free(&doc);
	}
}

static void test_escapes_and_numbers(void **state)
{
	static const char s[] = "{\"k\": \"a\\ud83d\\ude00\\u0000b\\ud800\", \"n\": 1125899906842625,"
	                        " \"m\": 1125899906842624}";
	struct json_doc doc;
	const char *reason;
	size_t off;
	uint64_t v;

	(void)state;
	assert_int_equal(json_doc_parse(&doc, s, strlen(s), &reason, &off), 0);
	const struct jnode *k = json_get(&doc, json_doc_root(&doc), "k");
	assert_int_equal(k->n, 1 + 4 + 1 + 1 + 3);   /* a, U+1F600, NUL, b, U+FFFD */
	assert_memory_equal(k->s, "a\xf0\x9f\x98\x80\0b\xef\xbf\xbd", k->n);
	assert_false(json_u64(json_get(&doc, json_doc_root(&doc), "n"), &v));   /* > 2^50 */
	assert_true(json_u64(json_get(&doc, json_doc_root(&doc), "m"), &v));
	assert_int_equal(v, 1ULL << 50);
	json_doc_free(&doc);
}

/* Every cut of a valid report is refused and adds nothing; the whole one
 * is merged once. */
static void test_every_truncation(void **state)
{
	struct registry *reg = registry_new_builtin();
	struct merge *m = merge_new(reg);
	struct merge_result res;
	struct error err;
	size_t n = strlen(report);

	(void)state;
	for (size_t cut = 0; cut < n - 1; cut++)   /* n - 1: all but the last newline */
		assert_int_equal(merge_add(m, "cut.json", report, cut, &err), MERGE_LEFT_OUT);
	assert_int_equal(merge_add(m, "ok.json", report, n, &err), MERGE_OK);
	merge_finish(m, 10, &res);
	assert_int_equal(res.n_reports, 1);
	assert_int_equal(res.snap->lines, 5);
	assert_int_equal(res.snap->by_kind[KIND_VENDOR], 1);
	assert_int_equal(res.snap->n_buckets, 2);
	assert_int_equal(res.top_n, 2);
	assert_int_equal(res.snap->statuses[0].n_paths, 1);
	assert_int_equal(res.snap->statuses[0].paths[0].error, 0);   /* a short list: exact */
	snapshot_free(res.snap);
	merge_free(m);
	registry_free(reg);
}

static char *replaced(const char *from, const char *to)
{
	const char *p = strstr(report, from);
	char *out = malloc(sizeof report + strlen(to));

	assert_non_null(p);
	memcpy(out, report, (size_t)(p - report));
	strcpy(out + (p - report), to);
	strcat(out, p + strlen(from));
	return out;
}

static void expect_refused(const char *from, const char *to, enum merge_status want,
                           const char *reason)
{
	struct registry *reg = registry_new_builtin();
	struct merge *m = merge_new(reg);
	struct error err;
	char *doc = replaced(from, to);

	assert_int_equal(merge_add(m, "x.json", doc, strlen(doc), &err), want);
	if (!strstr(err.msg, reason))
		fail_msg("'%s' does not say '%s'", err.msg, reason);
	free(doc);
	merge_free(m);
	registry_free(reg);
}

static void test_hand_edits(void **state)
{
	(void)state;
	expect_refused("\"version\": 2", "\"version\": 3", MERGE_REFUSED, "newer");
	expect_refused("\"version\": 2", "\"version\": 1", MERGE_LEFT_OUT, "no provenance");
	expect_refused("\"4xx\": 1, \"5xx\": 1", "\"4xx\": 2, \"5xx\": 0", MERGE_LEFT_OUT,
	               "do not match");
	expect_refused("\"count\": 2, \"top_paths\"", "\"count\": 3, \"top_paths\"",
	               MERGE_LEFT_OUT, "statuses do not add up");
	expect_refused("\"error\": 0", "\"error\": 3", MERGE_LEFT_OUT, "inconsistent");
	expect_refused("\"top_clients\": []},\n  {\"code\": 499",
	               "\"top_clients\": [{\"client\": \"x\", \"truncated\": false, \"count\": 1,"
	               " \"error\": 0, \"exact\": true}, {\"client\": \"x\", \"truncated\": false,"
	               " \"count\": 1, \"error\": 0, \"exact\": true}]},\n  {\"code\": 499",
	               MERGE_LEFT_OUT, "twice");
	expect_refused("\"start\": \"2024-10-10T08:01:00Z\"", "\"start\": \"2024-10-10T08:01:30Z\"",
	               MERGE_LEFT_OUT, "aligned");
	expect_refused("\"lines\": 5, \"counted\"", "\"lines\": 4, \"counted\"", MERGE_LEFT_OUT,
	               "hosts' lines");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_bound),
		cmocka_unit_test(test_escapes_and_numbers),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_hand_edits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
