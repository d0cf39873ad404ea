/* test_stats_latency.c: durations through struct stats. A stream of
 * records over several codes (request and upstream durations, absent ones,
 * lines whose format logs none) is counted here independently; the
 * snapshot's per-status and per-class histograms must match exactly
 * (count, absent, sum, min, max) and their quantiles the exact sort within
 * LATENCY_REL_ERROR; two stats over halves, merged, equal one stats over
 * all, bucket for bucket; reset empties them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "statusmon/registry.h"
#include "statusmon/stats.h"

#define LINES 40000
#define SEED 0x1234567887654321ULL

static const char *const codes[] = { "200", "200", "200", "304", "404", "500", "502", "504" };
#define N_CODES (sizeof codes / sizeof codes[0])

#include "registry_fixture.h"
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

struct expect {               /* kept aside, per code index or class */
	uint64_t *v;
	size_t n, absent;
};

/* Line i: code, request duration (504s pile at 60 s), upstream sometimes. */
static void make(unsigned i, struct record *rec, const char **code)
{
	memset(rec, 0, sizeof *rec);
	*code = codes[rng() % N_CODES];
	rec->field[FIELD_STATUS].p = *code;
	rec->field[FIELD_STATUS].n = 3;
	if (i % 50 == 49)
		return;                           /* a format without durations */
	rec->logs_duration = (1u << DUR_REQUEST) | (1u << DUR_UPSTREAM);
	if (i % 23 != 0) {
		rec->has_duration |= 1u << DUR_REQUEST;
		rec->duration_us[DUR_REQUEST] = strcmp(*code, "504") == 0 ?
			60000000 + rng() % 2000 : rng() % 3 == 0 ? rng() % 5000000 : rng() % 90000;
	}
	if (i % 3 == 0) {
		rec->has_duration |= 1u << DUR_UPSTREAM;
		rec->duration_us[DUR_UPSTREAM] = rng() % 40000;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void expect_add(struct expect *e, const struct record *rec, enum record_duration d)
{
	if (!(rec->logs_duration & (1u << d)))
		return;
	if (rec->has_duration & (1u << d))
		e->v[e->n++] = rec->duration_us[d];
	else
		e->absent++;
}

static void check(const struct latency *h, struct expect *e)
{
	static const double qs[] = { 0.5, 0.9, 0.99, 1.0 };
	uint64_t sum = 0;

	assert_non_null(h);
	qsort(e->v, e->n, sizeof *e->v, cmp_u64);
	for (size_t i = 0; i < e->n; i++)
		sum += e->v[i];
	assert_int_equal(h->count, e->n);
	assert_int_equal(h->absent, e->absent);
	assert_int_equal(h->sum_us, sum);
	assert_int_equal(h->min_us, e->v[0]);
	assert_int_equal(h->max_us, e->v[e->n - 1]);
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		size_t rank = (size_t)ceil(qs[i] * (double)e->n);
		double want = (double)e->v[rank - 1], got = latency_quantile(h, qs[i]);

		if (want == 0 ? got != 0 : fabs(got - want) / want > LATENCY_REL_ERROR)
			fail_msg("q=%g got %.1f want %.0f", qs[i], got, want);
	}
}

static struct stats *stats_make(void)
{
	struct stats_config cfg = { .registry = reg, .hash_seed = SEED };

	return stats_new(&cfg);
}

static const struct snapshot_status *find(const struct snapshot *s, int code)
{
	for (size_t i = 0; i < s->n_statuses; i++)
		if (s->statuses[i].code == code)
			return &s->statuses[i];
	return NULL;
}

static void test_per_code_and_class(void **state)
{
	struct expect byc[1000] = { 0 }, bycls[CLASS_COUNT] = { 0 }, ups = { 0 };
	struct stats *st = stats_make();
	struct snapshot *snap;
	struct record rec;
	const char *code;

	(void)state;
	rng_state = 42;
	for (int c = 0; c < CLASS_COUNT; c++)
		bycls[c].v = calloc(LINES, sizeof (uint64_t));
	ups.v = calloc(LINES, sizeof (uint64_t));
	for (unsigned i = 0; i < LINES; i++) {
		const struct status_info *info;
		int n;

		make(i, &rec, &code);
		n = atoi(code);
		info = registry_lookup(reg, n);
		if (!byc[n].v)
			byc[n].v = calloc(LINES, sizeof (uint64_t));
		expect_add(&byc[n], &rec, DUR_REQUEST);
		expect_add(&bycls[info->cls], &rec, DUR_REQUEST);
		if (n == 200)
			expect_add(&ups, &rec, DUR_UPSTREAM);
		stats_add(st, &rec, info, NULL, 0);
	}
	snap = stats_snapshot(st, NULL);
	assert_true(snapshot_has_latency(snap, DUR_REQUEST));
	for (size_t k = 0; k < N_CODES; k++) {
		int n = atoi(codes[k]);

		if (byc[n].v && byc[n].n) {
			check(find(snap, n)->latency[DUR_REQUEST], &byc[n]);
			free(byc[n].v);
			byc[n].v = NULL;
		}
	}
	check(find(snap, 200)->latency[DUR_UPSTREAM], &ups);
	for (int c = 0; c < CLASS_COUNT; c++) {
		if (bycls[c].n)
			check(snap->class_latency[c][DUR_REQUEST], &bycls[c]);
		else
			assert_null(snap->class_latency[c][DUR_REQUEST]);
		free(bycls[c].v);
	}
	free(ups.v);
	/* the 504s sit at the 60 s timeout: p50 says so */
	assert_true(latency_quantile(find(snap, 504)->latency[DUR_REQUEST], 0.5) > 57e6);
	snapshot_free(snap);
	stats_reset(st);
	snap = stats_snapshot(st, NULL);
	assert_false(snapshot_has_latency(snap, DUR_REQUEST));
	snapshot_free(snap);
	stats_free(st);
}

/* Two threads' stats (lines dealt at random), merged, against one. */
static void test_merge_equals_one_pass(void **state)
{
	struct stats *one = stats_make(), *half[2] = { stats_make(), stats_make() };
	struct snapshot *a, *b;
	struct record rec;
	const char *code;

	(void)state;
	rng_state = 7;
	for (unsigned i = 0; i < LINES; i++) {
		const struct status_info *info;

		make(i, &rec, &code);
		info = registry_lookup(reg, atoi(code));
		stats_add(one, &rec, info, NULL, 0);
		stats_add(half[rng() & 1], &rec, info, NULL, 0);
	}
	stats_merge(half[0], half[1]);
	a = stats_snapshot(one, NULL);
	b = stats_snapshot(half[0], NULL);
	assert_int_equal(a->n_statuses, b->n_statuses);
	for (size_t i = 0; i < a->n_statuses; i++) {
		const struct snapshot_status *sb = find(b, a->statuses[i].code);

		for (int d = 0; d < DUR_COUNT; d++) {
			assert_true((a->statuses[i].latency[d] == NULL) == (sb->latency[d] == NULL));
			if (a->statuses[i].latency[d])
				assert_true(latency_equal(a->statuses[i].latency[d], sb->latency[d]));
		}
	}
	for (int c = 0; c < CLASS_COUNT; c++)
		for (int d = 0; d < DUR_COUNT; d++)
			if (a->class_latency[c][d])
				assert_true(latency_equal(a->class_latency[c][d], b->class_latency[c][d]));
	snapshot_free(a);
	snapshot_free(b);
	stats_free(one);
	stats_free(half[0]);
	stats_free(half[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_per_code_and_class),
		cmocka_unit_test(test_merge_equals_one_pass),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
