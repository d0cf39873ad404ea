/* test_fail_on.c: --fail-on rules: a table of valid rules evaluated on the
 * fixture (counted 10001 lines, 10100 read, 48 malformed, 2 directives,
 * 49 filtered) with
 * the value each must measure, the empty run (no nan, nothing fires), and
 * malformed rules with their error messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "snapshot_fixture.h"

struct eval_case {
	const char *expr;
	bool holds;
	double measured;
};

static const struct eval_case eval_cases[] = {
	{ "5xx>1%", true, 100.0 * 170 / 10001 },
	{ "5xx>2%", false, 100.0 * 170 / 10001 },
	{ "5xx>=170", true, 170 },
	{ "5xx>170", false, 170 },
	{ "vendor>0", true, 350 },
	{ "499>=300", true, 300 },
	{ "499>=301", false, 300 },
	{ "499<301", true, 300 },
	{ "unassigned>0", true, 20 },
	{ "invalid>=5%", false, 100.0 * 11 / 10001 },
	{ "invalid==11", true, 11 },
	{ "malformed>10", true, 48 },
	{ "malformed>=1%", false, 100.0 * 48 / 10098 },    /* of non-directive lines */
	{ "malformed>0.4%", true, 100.0 * 48 / 10098 },
	{ "4xx>=2.5%", true, 100.0 * 1800 / 10001 },
	{ "filtered==49", true, 49 },
	{ "filtered>0.5%", false, 100.0 * 49 / 10050 },    /* of parsed lines */
	{ "registered<9620", false, 9620 },
	{ "registered<=9620", true, 9620 },
	{ "200!=7000", false, 7000 },
	{ "000>0", true, 2 },                               /* "000" as logged */
	{ "100>0", false, 0 },
	{ "2xx<=70.2%", true, 100.0 * 7020 / 10001 },
	{ "  404 == 1500 ", true, 1500 },
	{ "5XX > 1 %", true, 100.0 * 170 / 10001 },
	{ "Vendor\t>\t349", true, 350 },
	{ "1xx==0", true, 0 },
	{ "3xx>=0.0%", true, 100.0 * 1000 / 10001 },
};

static void test_eval_table(void **state)
{
	struct snapshot *snap = fx_snapshot();
	struct fail_rule rule;
	struct error err;
	double m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof eval_cases / sizeof eval_cases[0]; i++) {
		const struct eval_case *c = &eval_cases[i];

		err.msg[0] = '\0';
		if (fail_rule_parse(c->expr, &rule, &err) != 0)
			fail_msg("'%s' rejected: %s", c->expr, err.msg);
		m = -1;
		if (fail_rule_eval(&rule, snap, &m) != c->holds)
			fail_msg("'%s' should %shold (measured %f)", c->expr,
			         c->holds ? "" : "not ", m);
		if (m < c->measured - 1e-9 || m > c->measured + 1e-9)
			fail_msg("'%s' measured %f, expected %f", c->expr, m, c->measured);
	}
	fx_free(snap);
}

/* A real IIS W3C log (254 lines: 4 directives at the top and 10 more from
 * restarts, 44 in all; 200 requests; 10 lines cut by a crash): the
 * percentage is of the 210 non-directive lines, directives never count. */
static void test_malformed_of_non_directive_lines(void **state)
{
	struct snapshot snap;
	struct fail_rule rule;
	struct error err;
	double m;

	(void)state;
	memset(&snap, 0, sizeof snap);
	snap.lines = 254;
	snap.parsed = 200;
	snap.malformed = 10;
	snap.directives = 44;
	assert_int_equal(fail_rule_parse("malformed>4.5%", &rule, &err), 0);
	assert_true(fail_rule_eval(&rule, &snap, &m));
	assert_true(m > 4.7618 && m < 4.7620);               /* 10 / 210 */
	assert_int_equal(fail_rule_parse("malformed>5%", &rule, &err), 0);
	assert_false(fail_rule_eval(&rule, &snap, &m));
	/* a healthy log: only directives besides requests */
	snap.parsed = 210;
	snap.malformed = 0;
	assert_int_equal(fail_rule_parse("malformed>0", &rule, &err), 0);
	assert_false(fail_rule_eval(&rule, &snap, &m));
	assert_int_equal(fail_rule_parse("malformed>0%", &rule, &err), 0);
	assert_false(fail_rule_eval(&rule, &snap, &m));
	assert_true(m == 0.0);
}

static void test_rule_text(void **state)
{
	struct fail_rule rule;
	struct error err;
	char long_expr[200];

	(void)state;
	assert_int_equal(fail_rule_parse("  5xx > 1%\t", &rule, &err), 0);
	assert_string_equal(rule.text, "5xx > 1%");
	assert_true(rule.percent);
	assert_true(rule.value == 1.0);
	memset(long_expr, ' ', sizeof long_expr);
	memcpy(long_expr + 100, "499>=100", 8);
	long_expr[sizeof long_expr - 1] = '\0';
	assert_int_equal(fail_rule_parse(long_expr, &rule, &err), 0);
	assert_string_equal(rule.text, "499>=100");
	assert_false(rule.percent);
	assert_true(rule.value == 100.0);
}

/* Nothing fires on an empty run and nothing divides by zero. */
static void test_eval_empty(void **state)
{
	static const char *const exprs[] = {
		"5xx>1%", "vendor>0", "malformed>=0.1%", "filtered>0%", "499>=100",
	};
	struct snapshot *snap = fx_empty();
	struct fail_rule rule;
	struct error err;
	double m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		assert_int_equal(fail_rule_parse(exprs[i], &rule, &err), 0);
		m = -1;
		assert_false(fail_rule_eval(&rule, snap, &m));
		assert_true(m == 0.0);
	}
	assert_int_equal(fail_rule_parse("5xx<=0%", &rule, &err), 0);
	assert_true(fail_rule_eval(&rule, snap, NULL));
	fx_free(snap);
}

static void assert_rejected(const char *expr, const char *want_msg)
{
	struct fail_rule rule;
	struct error err;

	err.msg[0] = '\0';
	if (fail_rule_parse(expr, &rule, &err) != -1)
		fail_msg("'%s' was accepted", expr);
	assert_string_equal(err.msg, want_msg);
}

static void test_parse_errors(void **state)
{
	static const char *const bad[] = {
		"", "   ", "5xx", ">1", "5xx>", "5xx>>1", "5xx=1", "5xx=>1", "5xx>1%%",
		"5xx>-1", "5xx>+1", "5xx>1e3", "5xx>nan", "5xx>inf", "5xx>1.", "5xx>.5",
		"5xx>0x10", "5xx>1,5", "5xx>1 2", "5xx 1", "5xx>1%x", "5-xx>1",
		"5xx>1234567890123456", "verylongsubjectname>1",
	};
	char want[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(want, sizeof want, "--fail-on '%s': expected SUBJECT OP NUMBER[%%] "
		         "such as 5xx>1%%", bad[i]);
		assert_rejected(bad[i], want);
	}
	assert_rejected("5xx>>1", "--fail-on '5xx>>1': expected SUBJECT OP NUMBER[%] such as 5xx>1%");
	assert_rejected("foo>1", "--fail-on 'foo>1': unknown subject 'foo' (use a code such as "
	                "499, a class such as 5xx, vendor, unassigned, invalid, registered, "
	                "malformed or filtered)");
	assert_rejected("1000>1", "--fail-on '1000>1': unknown subject '1000' (use a code such as "
	                "499, a class such as 5xx, vendor, unassigned, invalid, registered, "
	                "malformed or filtered)");
	/* a control byte in the option is shown escaped */
	assert_rejected("5xx\x1b[2J>1", "--fail-on '5xx\\x1b[2J>1': expected SUBJECT OP "
	                "NUMBER[%] such as 5xx>1%");
	assert_rejected(NULL, "--fail-on '': expected SUBJECT OP NUMBER[%] such as 5xx>1%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eval_table),
		cmocka_unit_test(test_malformed_of_non_directive_lines),
		cmocka_unit_test(test_rule_text),
		cmocka_unit_test(test_eval_empty),
		cmocka_unit_test(test_parse_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
