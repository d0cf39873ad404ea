/* test_stats_truncated.c: the truncated total. Lines their writer cut short
 * (record.truncated, see parse.h) are parsed and counted under their
 * status like any other; totals.truncated says how many there were. It is
 * counted by stats_add, summed by stats_merge (as the threads' stats are),
 * copied into the snapshot and cleared by stats_reset. Kept apart from
 * test_stats.c, which checks the other totals on a generated stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "statusmon/registry.h"
#include "statusmon/stats.h"

#include "registry_fixture.h"

static struct stats *new_stats(void)
{
	struct stats_config cfg = { .registry = reg, .top_n = 10, .hash_seed = TEST_HASH_SEED };
	struct stats *st = stats_new(&cfg);

	assert_non_null(st);
	return st;
}

/* n lines with status code, every cut_every-th one cut short (0: none). */
static void feed(struct stats *st, const char *code, unsigned n, unsigned cut_every)
{
	struct record rec;
	const struct status_info *info =
		registry_lookup(reg, status_code_parse(code, strlen(code)));

	for (unsigned i = 0; i < n; i++) {
		memset(&rec, 0, sizeof rec);
		rec.field[FIELD_STATUS] = (struct sv){ code, strlen(code) };
		rec.field[FIELD_PATH] = (struct sv){ "/a", 2 };
		rec.truncated = cut_every && i % cut_every == 0;
		stats_add(st, &rec, info, NULL, 0);
	}
}

static void expect_totals(const struct stats *st, uint64_t parsed, uint64_t truncated,
                          uint64_t n200)
{
	struct snapshot *snap = stats_snapshot(st, NULL);

	assert_non_null(snap);
	assert_int_equal(snap->parsed, parsed);
	assert_int_equal(snap->truncated, truncated);
	assert_int_equal(snapshot_counted(snap), parsed);
	assert_true(snap->n_statuses >= 1);
	assert_int_equal(snap->statuses[0].code, 200);
	assert_int_equal(snap->statuses[0].count, n200);
	snapshot_free(snap);
}

static void test_truncated_counted_merged_reset(void **state)
{
	struct stats *a = new_stats(), *b = new_stats();

	(void)state;
	feed(a, "200", 100, 10);     /* 10 cut lines among 100 */
	feed(a, "404", 5, 0);
	expect_totals(a, 105, 10, 100);
	feed(b, "200", 30, 3);       /* 10 more */
	stats_count_malformed(b, false);
	expect_totals(b, 30, 10, 30);
	stats_merge(a, b);
	expect_totals(a, 135, 20, 130);
	stats_reset(a);
	expect_totals(b, 30, 10, 30);
	feed(a, "200", 1, 0);
	expect_totals(a, 1, 0, 1);
	stats_free(a);
	stats_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated_counted_merged_reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
