/* test_fail_on_latency.c: --fail-on latency rules (p99(5xx)>2s,
 * p50(200)>300ms). A snapshot with durations (200s fast with a slow tail,
 * 504s at a 60 s timeout, a 500 without durations) is built from
 * histograms; each rule is evaluated with a threshold just below and just
 * above the quantile the histogram reports, and that quantile is checked
 * against the exact sort of the same values; units, subjects without
 * durations and malformed rules with their messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "statusmon/report.h"

static const struct status_info i200 = { 200, CLASS_2XX, KIND_REGISTERED, "OK", "", 0, NULL };
static const struct status_info i504 = { 504, CLASS_5XX, KIND_REGISTERED,
	"Gateway Timeout", "", 0, NULL };
static const struct status_info i500 = { 500, CLASS_5XX, KIND_REGISTERED,
	"Internal Server Error", "", 0, NULL };

#define N200 9000
#define N504 100
static uint64_t v200[N200], v5xx[N504];

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct snapshot *build(void)
{
	struct snapshot *s = calloc(1, sizeof *s);
	struct latency *h200 = calloc(1, sizeof *h200), *h504 = calloc(1, sizeof *h504);

	s->n_statuses = 3;
	s->statuses = calloc(3, sizeof *s->statuses);
	s->statuses[0] = (struct snapshot_status){ .code = 200, .info = &i200, .count = N200 };
	s->statuses[1] = (struct snapshot_status){ .code = 504, .info = &i504, .count = N504 };
	s->statuses[2] = (struct snapshot_status){ .code = 500, .info = &i500, .count = 7 };
	for (unsigned i = 0; i < N200; i++) {
		v200[i] = i % 100 == 0 ? 2500000 + i * 13 : 20000 + (i * 7919) % 200000;
		latency_add(h200, v200[i]);
	}
	for (unsigned i = 0; i < N504; i++) {
		v5xx[i] = 60000000 + i * 997;
		latency_add(h504, v5xx[i]);
	}
	s->statuses[0].latency[DUR_REQUEST] = h200;
	s->statuses[1].latency[DUR_REQUEST] = h504;
	s->by_class[CLASS_2XX] = N200;
	s->by_class[CLASS_5XX] = N504 + 7;
	s->class_latency[CLASS_2XX][DUR_REQUEST] = calloc(1, sizeof *h200);
	s->class_latency[CLASS_5XX][DUR_REQUEST] = calloc(1, sizeof *h200);
	latency_merge(s->class_latency[CLASS_2XX][DUR_REQUEST], h200);
	latency_merge(s->class_latency[CLASS_5XX][DUR_REQUEST], h504);
	qsort(v200, N200, sizeof *v200, cmp_u64);
	qsort(v5xx, N504, sizeof *v5xx, cmp_u64);
	return s;
}

static bool eval(const struct snapshot *s, const char *expr, double *m)
{
	struct fail_rule rule;
	struct error err = { "" };

	if (fail_rule_parse(expr, &rule, &err) < 0)
		fail_msg("%s: %s", expr, err.msg);
	return fail_rule_eval(&rule, s, m);
}

/* The rule holds just below the measured quantile, not just above; the
 * quantile is within the bound of the exact one. */
static void just_below_above(const struct snapshot *s, const char *subject, double q,
                             const uint64_t *sorted, size_t n)
{
	char expr[64];
	double m, m2, exact = (double)sorted[(size_t)ceil(q * (double)n) - 1] / 1e6;

	snprintf(expr, sizeof expr, "p%g(%s)>0s", q * 100, subject);
	assert_true(eval(s, expr, &m));
	assert_true(fabs(m - exact) / exact <= LATENCY_REL_ERROR);
	snprintf(expr, sizeof expr, "p%g(%s)>%.6fs", q * 100, subject, m * 0.999);
	assert_true(eval(s, expr, &m2));
	assert_true(m2 == m);
	snprintf(expr, sizeof expr, "p%g(%s)>%.6fs", q * 100, subject, m * 1.001);
	assert_false(eval(s, expr, &m2));
	snprintf(expr, sizeof expr, "p%g(%s)<=%.6fms", q * 100, subject, m * 1001);
	assert_true(eval(s, expr, &m2));
}

static void test_just_below_above(void **state)
{
	struct snapshot *s = build();

	(void)state;
	just_below_above(s, "200", 0.5, v200, N200);
	just_below_above(s, "200", 0.99, v200, N200);
	just_below_above(s, "2xx", 0.9, v200, N200);
	just_below_above(s, "5xx", 0.99, v5xx, N504);
	just_below_above(s, "504", 0.5, v5xx, N504);
	snapshot_free(s);
}

static void test_units_and_subjects(void **state)
{
	struct snapshot *s = build();
	double m;

	(void)state;
	/* the examples: the 504s sit at 60 s, the 200s' median is
	 * about 120 ms */
	assert_true(eval(s, "p99(5xx)>2s", &m));
	assert_true(m > 57 && m < 63);
	assert_false(eval(s, "p50(200)>300ms", &m));
	assert_true(m > 0.1 && m < 0.14);
	assert_true(eval(s, "p50(200)>100000us", &m));
	assert_true(eval(s, " P50 ( 200 ) > 0.1 ", &m));       /* bare: seconds */
	assert_true(eval(s, "p99.9(2xx)>1s", &m));
	/* no durations: never holds, whatever the operator */
	assert_false(eval(s, "p50(500)<1s", &m));
	assert_true(m == 0);
	assert_false(eval(s, "p50(404)>=0s", &m));
	assert_false(eval(s, "p50(1xx)<1s", &m));
	snapshot_free(s);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"p99(5xx)>2h", "p99(5xx)", "p0(5xx)>1s", "p101(5xx)>1s", "p99 5xx>1s",
		"p99(5xx>1s", "p99()>1s", "p99(5xx)>1%", "p99(5xx)>-1s",
	};
	struct fail_rule rule;
	struct error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (fail_rule_parse(bad[i], &rule, &err) == 0)
			fail_msg("'%s' parsed", bad[i]);
		assert_non_null(strstr(err.msg, "--fail-on"));
	}
	assert_int_equal(fail_rule_parse("p99(malformed)>1s", &rule, &err), -1);
	assert_non_null(strstr(err.msg, "not 'malformed'"));
	assert_int_equal(fail_rule_parse("p99(vendor)>1s", &rule, &err), -1);
	/* count rules are unchanged */
	assert_int_equal(fail_rule_parse("5xx>1%", &rule, &err), 0);
	assert_true(rule.quantile == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_just_below_above),
		cmocka_unit_test(test_units_and_subjects),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
