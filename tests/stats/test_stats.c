/* test_stats.c: struct stats as the pipeline uses it. A generated stream of
 * records (registered, vendor, unassigned and invalid statuses, raw ones
 * like "-", malformed and filtered lines) is counted here independently
 * and compared with the snapshot: totals and the invariant, per status,
 * per class and kind, order, top paths (query string cut) and clients,
 * time range; the bounded raw-status table; merging two halves; reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "statusmon/registry.h"
#include "statusmon/stats.h"

#define T0 1715162400LL   /* 2024-05-08T10:00:00Z */
#define LINES 60000

static const char *const statuses[] = {
	"200", "200", "200", "200", "304", "301", "404", "404", "500", "502",
	"499", "444", "520", "306", "123", "000", "999", "600", "-", "",
	"2000000000000000000000", "+200", "20 0",
};
#define N_STATUSES (sizeof statuses / sizeof statuses[0])

#include "registry_fixture.h"

static struct sv sv_of(const char *s)
{
	struct sv v = { s, strlen(s) };

	return v;
}

/* One line's record: views into the caller's buffers. */
struct line {
	char path[64], client[32], status[32];
	struct record rec;
	const struct status_info *info;
};

static void make_line(struct line *l, unsigned i)
{
	memset(l, 0, sizeof *l);
	snprintf(l->status, sizeof l->status, "%s", statuses[(i * 7) % N_STATUSES]);
	snprintf(l->path, sizeof l->path, "/shop/item/%u?ref=%u", (i * 13) % 97, i);
	snprintf(l->client, sizeof l->client, "192.0.2.%u", (i * 5) % 41);
	l->rec.field[FIELD_STATUS] = sv_of(l->status);
	l->rec.field[FIELD_PATH] = sv_of(l->path);
	l->rec.field[FIELD_CLIENT] = sv_of(l->client);
	l->rec.field[FIELD_METHOD] = sv_of("GET");
	l->rec.has_time = i % 11 != 0;
	l->rec.time = T0 + i / 3 - (i % 5 == 0 ? 5000 : 0);
	l->info = registry_lookup(reg, status_code_parse(l->status, strlen(l->status)));
}

struct expect {
	uint64_t parsed, malformed, directives, filtered;
	uint64_t by_status[N_STATUSES];   /* by index of the first equal string */
	uint64_t by_class[CLASS_COUNT], by_kind[KIND_COUNT];
	long long first, last;
};

static size_t status_index(const char *s)
{
	for (size_t i = 0; i < N_STATUSES; i++)
		if (strcmp(statuses[i], s) == 0)
			return i;
	fail();
	return 0;
}

/* Feeds lines [from, to) into st, and counts them into e. */
static void feed(struct stats *st, struct expect *e, unsigned from, unsigned to)
{
	struct line l;

	for (unsigned i = from; i < to; i++) {
		if (i % 37 == 0) {
			stats_count_malformed(st, i % 74 == 0);
			e->malformed += i % 74 != 0;
			e->directives += i % 74 == 0;
			continue;
		}
		make_line(&l, i);
		e->parsed++;
		if (i % 50 == 0) {
			stats_count_filtered(st, &l.rec);
			e->filtered++;
		} else {
			stats_add(st, &l.rec, l.info, NULL, 0);
			e->by_status[status_index(l.status)]++;
			e->by_class[l.info->cls]++;
			e->by_kind[l.info->kind]++;
		}
		if (l.rec.has_time) {
			if (!e->first || l.rec.time < e->first)
				e->first = l.rec.time;
			if (l.rec.time > e->last)
				e->last = l.rec.time;
		}
	}
}

static struct stats *new_stats(void)
{
	/* one seed for all: test_merge_halves merges them */
	struct stats_config cfg = { .registry = reg, .top_n = 10,
	                            .hash_seed = TEST_HASH_SEED };
	struct stats *st = stats_new(&cfg);

	assert_non_null(st);
	return st;
}

/* The status as the snapshot names it: 3 digits, or the raw text cut. */
static void expected_raw(const char *s, char *out)
{
	snprintf(out, STATUS_RAW_MAX, "%s", s);
}

static void check_against(const struct snapshot *snap, const struct expect *e)
{
	uint64_t classes = 0;

	assert_int_equal(snap->parsed, e->parsed);
	assert_int_equal(snap->malformed, e->malformed);
	assert_int_equal(snap->directives, e->directives);
	assert_int_equal(snap->filtered, e->filtered);
	assert_int_equal(snap->lines, snap->parsed + snap->malformed + snap->directives);
	assert_int_equal(snap->parsed, snap->filtered + snapshot_counted(snap));
	for (int c = 0; c < CLASS_COUNT; c++) {
		assert_int_equal(snap->by_class[c], e->by_class[c]);
		classes += snap->by_class[c];
	}
	assert_int_equal(classes, snapshot_counted(snap));
	for (int k = 0; k < KIND_COUNT; k++)
		assert_int_equal(snap->by_kind[k], e->by_kind[k]);
	for (size_t i = 0; i < N_STATUSES; i++) {
		char raw[STATUS_RAW_MAX];
		bool found = false;

		if (!e->by_status[i])
			continue;
		expected_raw(statuses[i], raw);
		for (size_t j = 0; j < snap->n_statuses; j++) {
			const struct snapshot_status *ss = &snap->statuses[j];

			if (ss->raw_len != strlen(raw) || memcmp(ss->raw, raw, ss->raw_len))
				continue;
			found = true;
			assert_int_equal(ss->count, e->by_status[i]);
			assert_int_equal(ss->code, status_code_parse(statuses[i], strlen(statuses[i])));
			assert_ptr_equal(ss->info, registry_lookup(reg, ss->code));
		}
		assert_true(found);
	}
	assert_true(snap->has_time);
	assert_int_equal(snap->first, e->first);
	assert_int_equal(snap->last, e->last);
}

static void test_counts_and_invariant(void **state)
{
	struct stats *st = new_stats();
	struct expect e = { 0 };
	struct snapshot *snap;

	(void)state;
	feed(st, &e, 0, LINES);
	snap = stats_snapshot(st, NULL);
	assert_non_null(snap);
	check_against(snap, &e);
	/* 19 distinct statuses; "200" leads; count desc then code asc */
	assert_int_equal(snap->n_statuses, 19);
	assert_int_equal(snap->statuses[0].code, 200);
	for (size_t j = 1; j < snap->n_statuses; j++) {
		const struct snapshot_status *a = &snap->statuses[j - 1], *b = &snap->statuses[j];

		assert_true(a->count > b->count || (a->count == b->count && a->code <= b->code));
	}
	assert_int_equal(snap->window_seconds, 0);
	assert_int_equal(snap->window_by_class[CLASS_2XX], snap->by_class[CLASS_2XX]);
	snapshot_free(snap);
	stats_free(st);
}

static const struct snapshot_status *find_raw(const struct snapshot *snap, const char *raw)
{
	for (size_t j = 0; j < snap->n_statuses; j++)
		if (snap->statuses[j].raw_len == strlen(raw) &&
		    memcmp(snap->statuses[j].raw, raw, strlen(raw)) == 0)
			return &snap->statuses[j];
	return NULL;
}

static void test_invalid_statuses(void **state)
{
	struct stats *st = new_stats();
	struct expect e = { 0 };
	struct snapshot *snap;
	const struct snapshot_status *ss;

	(void)state;
	feed(st, &e, 0, LINES);
	snap = stats_snapshot(st, NULL);
	ss = find_raw(snap, "-");
	assert_non_null(ss);
	assert_int_equal(ss->code, -1);
	assert_int_equal(ss->info->cls, CLASS_INVALID);
	assert_int_equal(ss->info->kind, KIND_INVALID);
	ss = find_raw(snap, "000");
	assert_non_null(ss);
	assert_int_equal(ss->code, 0);
	assert_int_equal(ss->info->kind, KIND_INVALID);
	ss = find_raw(snap, "999");
	assert_non_null(ss);
	assert_int_equal(ss->code, 999);
	ss = find_raw(snap, "2000000000000000000000");   /* whole: under the cap */
	assert_non_null(ss);
	assert_int_equal(ss->code, -1);
	assert_false(ss->raw_truncated);
	ss = find_raw(snap, "");
	assert_non_null(ss);
	assert_int_equal(ss->code, -1);
	assert_non_null(find_raw(snap, "20 0"));
	assert_non_null(find_raw(snap, "+200"));
	ss = find_raw(snap, "499");
	assert_int_equal(ss->info->kind, KIND_VENDOR);
	ss = find_raw(snap, "123");
	assert_int_equal(ss->info->kind, KIND_UNASSIGNED);
	snapshot_free(snap);
	stats_free(st);
}

/* 40 distinct non-numeric statuses: 32 kept by name, the rest "(other)". */
/* One parsed line with the given status and time. */
static void add_status(struct stats *st, const char *status, long long t)
{
	struct record rec;

	memset(&rec, 0, sizeof rec);
	rec.field[FIELD_STATUS].p = status;
	rec.field[FIELD_STATUS].n = strlen(status);
	rec.field[FIELD_PATH] = sv_of("/");
	rec.field[FIELD_CLIENT] = sv_of("192.0.2.1");
	rec.has_time = true;
	rec.time = t;
	stats_add(st, &rec, registry_lookup(reg, status_code_parse(status, strlen(status))),
	          NULL, 0);
}

/* Distinct garbage statuses (a scanner's probes, a broken upstream) that
 * share a 15-byte prefix stay apart up to the 64-byte cap; past it they are
 * cut, flagged, and never merged with an uncut status of the same bytes. */
static void test_long_raw_statuses(void **state)
{
	struct stats *st = new_stats(), *other = new_stats();
	char a[80], b[80], exact[65], longer[71];
	const struct snapshot_status *ss;
	struct snapshot *snap;

	(void)state;
	snprintf(a, sizeof a, "%s", "upstream_status=502,response_time=1.204,cache=MISS");
	snprintf(b, sizeof b, "%s", "upstream_status=504,response_time=30.001,cache=BYPASS");
	memset(exact, 'x', 64);
	exact[64] = '\0';
	memset(longer, 'x', 70);
	longer[70] = '\0';
	add_status(st, a, T0);
	add_status(st, a, T0);
	add_status(st, b, T0);
	add_status(st, exact, T0);
	add_status(other, longer, T0);
	add_status(other, longer, T0);
	add_status(other, exact, T0);
	stats_merge(st, other);
	snap = stats_snapshot(st, NULL);
	assert_int_equal(snap->n_statuses, 4);
	ss = find_raw(snap, a);
	assert_non_null(ss);
	assert_int_equal(ss->count, 2);
	assert_false(ss->raw_truncated);
	ss = find_raw(snap, b);
	assert_non_null(ss);
	assert_int_equal(ss->count, 1);
	/* the 64-byte status whole (2 lines), the 70-byte one cut (2 lines):
	 * sorted by count, then by raw bytes, then the uncut one first */
	for (size_t j = 1; j < 3; j++) {
		ss = &snap->statuses[j];
		assert_int_equal(ss->count, 2);
		assert_int_equal(ss->raw_len, 64);
		assert_memory_equal(ss->raw, exact, 64);
		assert_int_equal(ss->raw_truncated, j == 2);
	}
	snapshot_free(snap);
	stats_free(other);
	stats_free(st);
}

/* W3C directives are the format, not damage: lines = parsed + malformed +
 * directives, each line in exactly one. */
static void test_directives_apart(void **state)
{
	struct stats *st = new_stats();
	struct snapshot *snap;

	(void)state;
	for (int i = 0; i < 44; i++)
		stats_count_malformed(st, true);
	for (int i = 0; i < 3; i++)
		stats_count_malformed(st, false);
	for (int i = 0; i < 207; i++)
		add_status(st, "200", T0 + i);
	snap = stats_snapshot(st, NULL);
	assert_int_equal(snap->directives, 44);
	assert_int_equal(snap->malformed, 3);
	assert_int_equal(snap->parsed, 207);
	assert_int_equal(snap->lines, 254);
	snapshot_free(snap);
	stats_free(st);
}

/* --since filtering out every line: the log's time range is still known. */
static void test_filtered_time_range(void **state)
{
	struct stats *st = new_stats();
	struct snapshot *snap;
	struct line l;

	(void)state;
	for (unsigned i = 1; i < 200; i++) {
		make_line(&l, i);
		stats_count_filtered(st, &l.rec);
	}
	make_line(&l, 0);            /* no time: changes nothing */
	stats_count_filtered(st, &l.rec);
	snap = stats_snapshot(st, NULL);
	assert_int_equal(snap->filtered, 200);
	assert_int_equal(snapshot_counted(snap), 0);
	assert_true(snap->has_time);
	assert_int_equal(snap->first, T0 + 1 - 5000);    /* line 5 */
	assert_int_equal(snap->last, T0 + 199 / 3);
	assert_int_equal(snap->n_buckets, 0);            /* no counted line */
	snapshot_free(snap);
	stats_free(st);
}

static void test_raw_table_bounded(void **state)
{
	struct stats *st = new_stats();
	struct snapshot *snap;
	const struct status_info *inv = registry_lookup(reg, -1);
	struct record rec = { 0 };
	char raw[40][16];
	uint64_t sum = 0;

	(void)state;
	for (int i = 0; i < 40; i++) {
		snprintf(raw[i], sizeof raw[i], "x%d", i);
		for (int k = 0; k <= i; k++) {
			rec.field[FIELD_STATUS] = sv_of(raw[i]);
			stats_add(st, &rec, inv, NULL, 0);
		}
	}
	snap = stats_snapshot(st, NULL);
	assert_int_equal(snap->n_statuses, 33);
	for (int i = 0; i < 32; i++)
		assert_int_equal(find_raw(snap, raw[i])->count, (uint64_t)i + 1);
	assert_null(find_raw(snap, raw[32]));
	for (int i = 32; i < 40; i++)
		sum += (uint64_t)i + 1;
	assert_int_equal(find_raw(snap, "(other)")->count, sum);
	assert_int_equal(snap->by_class[CLASS_INVALID], 40 * 41 / 2);
	snapshot_free(snap);
	stats_free(st);
}

/* A counts-only snapshot (what a /metrics scrape takes): the same counts,
 * and no top-K lists, which a scrape would otherwise sort every time. */
static void test_snapshot_counts_only(void **state)
{
	struct stats *st = new_stats();
	struct expect e = { 0 };
	struct snapshot *full, *counts;

	(void)state;
	feed(st, &e, 0, LINES);
	full = stats_snapshot(st, &(struct snapshot_options){ .top_n = 5 });
	counts = stats_snapshot(st, &(struct snapshot_options){ .top_n = 5, .no_items = true });
	assert_int_equal(counts->n_statuses, full->n_statuses);
	assert_int_equal(snapshot_counted(counts), snapshot_counted(full));
	assert_true(find_raw(full, "404")->n_paths > 0);
	for (size_t i = 0; i < counts->n_statuses; i++) {
		const struct snapshot_status *ss = &counts->statuses[i];

		assert_int_equal(ss->count, full->statuses[i].count);
		assert_int_equal(ss->n_paths, 0);
		assert_int_equal(ss->n_clients, 0);
		assert_int_equal(ss->n_recent, 0);
	}
	snapshot_free(full);
	snapshot_free(counts);
	stats_free(st);
}

static void test_top_paths_and_clients(void **state)
{
	struct stats *st = new_stats();
	struct expect e = { 0 };
	struct snapshot *snap;
	struct snapshot_options opt = { .top_n = 5 };
	const struct snapshot_status *ss;
	uint64_t truth[97] = { 0 };
	struct line l;

	(void)state;
	feed(st, &e, 0, LINES);
	for (unsigned i = 0; i < LINES; i++) {   /* exact count of 404 paths */
		make_line(&l, i);
		if (i % 37 && i % 50 && strcmp(l.status, "404") == 0)
			truth[(i * 13) % 97]++;
	}
	snap = stats_snapshot(st, &opt);
	ss = find_raw(snap, "404");
	assert_int_equal(ss->n_paths, 5);
	for (size_t k = 0; k < ss->n_paths; k++) {
		const struct snapshot_item *it = &ss->paths[k];
		unsigned p;

		assert_null(memchr(it->key, '?', it->key_len));
		assert_int_equal(sscanf(it->key, "/shop/item/%u", &p), 1);
		assert_int_equal(it->count, truth[p]);
		assert_int_equal(it->error, 0);
		if (k)
			assert_true(ss->paths[k - 1].count >= it->count);
	}
	for (unsigned p = 0; p < 97; p++) {   /* nothing larger was left out */
		char key[32];
		bool listed = false;

		snprintf(key, sizeof key, "/shop/item/%u", p);
		for (size_t k = 0; k < ss->n_paths; k++)
			listed |= strcmp(ss->paths[k].key, key) == 0;
		if (!listed)
			assert_true(truth[p] <= ss->paths[4].count);
	}
	assert_int_equal(ss->n_clients, 5);
	assert_memory_equal(ss->clients[0].key, "192.0.2.", 8);
	snapshot_free(snap);
	stats_free(st);
}

static void compare_snapshots(const struct snapshot *a, const struct snapshot *b)
{
	assert_int_equal(a->lines, b->lines);
	assert_int_equal(a->filtered, b->filtered);
	assert_int_equal(a->n_statuses, b->n_statuses);
	for (size_t j = 0; j < a->n_statuses; j++) {
		const struct snapshot_status *x = &a->statuses[j], *y = &b->statuses[j];

		assert_int_equal(x->code, y->code);
		assert_memory_equal(x->raw, y->raw, x->raw_len);
		assert_int_equal(x->count, y->count);
		assert_int_equal(x->n_paths, y->n_paths);
		for (size_t k = 0; k < x->n_paths; k++) {
			assert_string_equal(x->paths[k].key, y->paths[k].key);
			assert_int_equal(x->paths[k].count, y->paths[k].count);
		}
		for (size_t k = 0; k < x->n_clients; k++)
			assert_int_equal(x->clients[k].count, y->clients[k].count);
	}
	assert_int_equal(a->first, b->first);
	assert_int_equal(a->last, b->last);
	assert_int_equal(a->bucket_seconds, b->bucket_seconds);
	assert_int_equal(a->n_buckets, b->n_buckets);
	for (size_t i = 0; i < a->n_buckets; i++)
		assert_memory_equal(&a->buckets[i], &b->buckets[i], sizeof a->buckets[i]);
}

static void test_merge_halves(void **state)
{
	struct stats *whole = new_stats(), *a = new_stats(), *b = new_stats();
	struct expect e = { 0 }, ea = { 0 }, eb = { 0 };
	struct snapshot *sw, *sm;

	(void)state;
	feed(whole, &e, 0, LINES);
	feed(b, &eb, LINES / 2, LINES);   /* b first: raw statuses numbered apart */
	feed(a, &ea, 0, LINES / 2);
	stats_merge(a, b);
	sw = stats_snapshot(whole, NULL);
	sm = stats_snapshot(a, NULL);
	check_against(sm, &e);
	compare_snapshots(sw, sm);
	snapshot_free(sw);
	snapshot_free(sm);
	stats_free(whole);
	stats_free(a);
	stats_free(b);
}

static void test_reset(void **state)
{
	struct stats *st = new_stats();
	struct expect e = { 0 }, e2 = { 0 };
	struct snapshot *snap;

	(void)state;
	feed(st, &e, 0, LINES);
	stats_reset(st);
	snap = stats_snapshot(st, NULL);
	assert_int_equal(snap->lines, 0);
	assert_int_equal(snap->n_statuses, 0);
	assert_int_equal(snap->n_buckets, 0);
	assert_false(snap->has_time);
	for (int c = 0; c < CLASS_COUNT; c++)
		assert_int_equal(snap->by_class[c], 0);
	snapshot_free(snap);
	feed(st, &e2, 1000, 3000);
	snap = stats_snapshot(st, NULL);
	check_against(snap, &e2);
	snapshot_free(snap);
	stats_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_invariant),
		cmocka_unit_test(test_invalid_statuses),
		cmocka_unit_test(test_long_raw_statuses),
		cmocka_unit_test(test_directives_apart),
		cmocka_unit_test(test_filtered_time_range),
		cmocka_unit_test(test_raw_table_bounded),
		cmocka_unit_test(test_snapshot_counts_only),
		cmocka_unit_test(test_top_paths_and_clients),
		cmocka_unit_test(test_merge_halves),
		cmocka_unit_test(test_reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
