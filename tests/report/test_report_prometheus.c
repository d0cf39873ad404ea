/* test_report_prometheus.c: the Prometheus exposition written from the
 * report fixture and read back line by line: per-code sums against the
 * fixture's own totals (invalid statuses folded into code="invalid"),
 * every class and kind present, hostile label values escaped so that each
 * sample stays on one line, the OpenMetrics and text names and endings,
 * promtool check metrics when promtool is installed, and the Accept
 * header negotiation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "snapshot_fixture.h"

/* Σ of the samples of family name (exact name, then '{' or ' ') whose
 * line also contains must (NULL: all); *n gets how many. */
static uint64_t prom_sum(const char *text, const char *name, const char *must, size_t *n)
{
	size_t len = strlen(name);
	uint64_t sum = 0;
	const char *line = text;

	*n = 0;
	while (*line) {
		const char *eol = strchr(line, '\n');

		assert_non_null(eol);   /* every line ends: no sample split or left open */
		if (!strncmp(line, name, len) && (line[len] == '{' || line[len] == ' ')) {
			char buf[2048];
			size_t l = (size_t)(eol - line);
			const char *sp;

			assert_true(l < sizeof buf);
			memcpy(buf, line, l);
			buf[l] = '\0';
			sp = strrchr(buf, ' ');
			if (!must || strstr(buf, must)) {
				sum += strtoull(sp + 1, NULL, 10);
				(*n)++;
			}
		}
		line = eol + 1;
	}
	return sum;
}

static void test_textfile_counts(void **state)
{
	struct snapshot *s = fx_snapshot();
	struct report_context ctx = fx_context();
	char *t;
	size_t n;

	(void)state;
	ctx.report_label = "nightly";
	ctx.now = 1700000000;
	t = fx_render(report_prometheus_write, &ctx, s, NULL);
	assert_int_equal(prom_sum(t, "statusmon_report_responses", NULL, &n), snapshot_counted(s));
	assert_int_equal(n, 9);   /* 8 codes + one "invalid" for the two raw invalids */
	assert_int_equal(prom_sum(t, "statusmon_report_responses", "code=\"invalid\"", &n), 9);
	assert_int_equal(n, 1);
	assert_int_equal(prom_sum(t, "statusmon_report_responses",
	                          "code=\"000\",class=\"invalid\",kind=\"invalid\"", &n), 2);
	assert_int_equal(prom_sum(t, "statusmon_report_responses",
	                          "code=\"499\",class=\"4xx\",kind=\"vendor\"", &n), 300);
	assert_int_equal(prom_sum(t, "statusmon_report_lines", NULL, &n), s->lines);
	assert_int_equal(n, 4);
	assert_int_equal(prom_sum(t, "statusmon_report_class_responses", NULL, &n),
	                 snapshot_counted(s));
	assert_int_equal(n, CLASS_COUNT);
	assert_int_equal(prom_sum(t, "statusmon_report_class_responses", "class=\"1xx\"", &n), 0);
	assert_int_equal(n, 1);   /* a zero class is exported */
	assert_int_equal(prom_sum(t, "statusmon_report_kind_responses", NULL, &n),
	                 snapshot_counted(s));
	assert_int_equal(n, KIND_COUNT);
	assert_int_equal(prom_sum(t, "statusmon_report_bytes", NULL, &n), 2345678 + 23456);
	assert_int_equal(prom_sum(t, "statusmon_report_window_start_timestamp_seconds", NULL, &n),
	                 s->first);
	assert_int_equal(prom_sum(t, "statusmon_report_last_success_timestamp_seconds", NULL, &n),
	                 1700000000);
	prom_sum(t, "statusmon_report_responses", "report=\"nightly\"", &n);
	assert_int_equal(n, 9);
	assert_null(strstr(t, "/checkout"));   /* no path, no client, ever */
	assert_null(strstr(t, "203.0.113.99"));
	free(t);
	fx_free(s);
}

static void test_hostile_labels(void **state)
{
	struct snapshot *s = fx_snapshot();
	struct report_context ctx = fx_context();
	struct fail_rule rules[2];
	struct error err;
	char *t;
	size_t n;

	(void)state;
	assert_int_equal(fail_rule_parse("5xx>1%", &rules[0], &err), 0);
	assert_int_equal(fail_rule_parse("vendor>0", &rules[1], &err), 0);
	strcpy(rules[0].text, "a\"b\\c\nd\x1b[2J\xff");
	ctx.fail_rules = rules;
	ctx.n_fail_rules = 2;
	ctx.report_label = "x\"}\nevil 1";
	t = fx_render(report_prometheus_write, &ctx, s, NULL);
	/* " and \ escaped; the newline, ESC and the invalid byte made visible
	 * by the terminal escaper first (its backslashes escaped in turn) */
	assert_non_null(strstr(t, "rule=\"a\\\"b\\\\\\\\c\\\\x0ad\\\\x1b[2J\\\\xff\"} 1\n"));
	assert_non_null(strstr(t, "rule=\"vendor>0\"} 1\n"));
	assert_non_null(strstr(t, "{report=\"x\\\"}\\\\x0aevil 1\","));
	assert_null(strstr(t, "\nevil"));
	prom_sum(t, "statusmon_report_fail_on_held", NULL, &n);
	assert_int_equal(n, 2);
	free(t);
	fx_free(s);
}

/* Three inputs: one with a hostile name, one named twice (one series). */
static const struct prom_input live_inputs[] = {
	{ .name = "/var/log/a.log", .rotations = 2, .truncations = 1 },
	{ .name = "/tmp/x\"}\nevil 1", .open_errors = 3, .read_errors = 1, .fault = true },
	{ .name = "/var/log/a.log", .rotations = 1, .read_errors = 4 },
};
#define LIVE_INIT { .version = "0.1.0", .registry = "2022-06-08", .start_time = 1700000000, \
	.bytes = 12345, .n_inputs = 3, .inputs = live_inputs }

static void live_text(FILE *f, const struct report_context *ctx, const struct snapshot *s)
{
	struct prom_live live = LIVE_INIT;

	(void)ctx;
	prom_write_live(f, PROM_TEXT, &live, s);
}

static void live_om(FILE *f, const struct report_context *ctx, const struct snapshot *s)
{
	struct prom_live live = LIVE_INIT;

	(void)ctx;
	prom_write_live(f, PROM_OPENMETRICS, &live, s);
}

/* promtool check metrics on text: "" if promtool is missing, else its
 * exit status as text. */
static const char *promtool_check(const char *text, char *line, int cap)
{
	char path[] = "/tmp/sm-prom.XXXXXX", cmd[256];
	int fd;
	FILE *f;

	if (system("command -v promtool >/dev/null 2>&1") != 0)
		return strcpy(line, "");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "promtool check metrics < %s >/dev/null 2>&1; echo $?", path);
	fx_run(cmd, line, cap);
	unlink(path);
	return line;
}

static void test_live_formats(void **state)
{
	struct snapshot *s = fx_snapshot();
	struct report_context ctx = fx_context();
	char *text = fx_render(live_text, &ctx, s, NULL), *om = fx_render(live_om, &ctx, s, NULL);
	char line[64];
	size_t n, lo = strlen(om);

	(void)state;
	assert_int_equal(prom_sum(text, "statusmon_responses_total", NULL, &n), snapshot_counted(s));
	assert_int_equal(prom_sum(om, "statusmon_responses_total", NULL, &n), snapshot_counted(s));
	assert_int_equal(prom_sum(text, "statusmon_log_lines_total", NULL, &n), s->lines);
	assert_int_equal(prom_sum(text, "statusmon_log_bytes_total", NULL, &n), 12345);
	assert_int_equal(prom_sum(text, "statusmon_last_line_timestamp_seconds", NULL, &n), s->last);
	assert_non_null(strstr(text, "# TYPE statusmon_responses_total counter\n"));
	assert_non_null(strstr(om, "# TYPE statusmon_responses counter\n"));
	assert_non_null(strstr(text, "# TYPE statusmon_build_info gauge\n"));
	assert_non_null(strstr(om, "# TYPE statusmon_build info\n"));
	assert_non_null(strstr(om, "statusmon_build_info{version=\"0.1.0\",registry=\"2022-06-08\"} 1\n"));
	assert_true(lo > 6 && !strcmp(om + lo - 6, "# EOF\n"));
	assert_null(strstr(text, "# EOF"));
	promtool_check(text, line, sizeof line);
	if (line[0])
		assert_string_equal(line, "0\n");
	free(text);
	free(om);
	fx_free(s);
}

/* Follow health: one series per input and family, a repeated name summed,
 * the hostile name escaped onto one line. */
static void test_follow_health(void **state)
{
	struct snapshot *s = fx_snapshot();
	struct report_context ctx = fx_context();
	char *t = fx_render(live_text, &ctx, s, NULL);
	const char *a = "input=\"/var/log/a.log\"", *x = "input=\"/tmp/x\\\"}\\\\x0aevil 1\"";
	size_t n;

	(void)state;
	assert_int_equal(prom_sum(t, "statusmon_follow_rotations_total", a, &n), 3);
	assert_int_equal(n, 1);
	assert_int_equal(prom_sum(t, "statusmon_follow_rotations_total", NULL, &n), 3);
	assert_int_equal(n, 2);
	assert_int_equal(prom_sum(t, "statusmon_follow_truncations_total", a, &n), 1);
	assert_int_equal(prom_sum(t, "statusmon_follow_open_errors_total", x, &n), 3);
	assert_int_equal(n, 1);
	assert_int_equal(prom_sum(t, "statusmon_follow_read_errors_total", a, &n), 4);
	assert_int_equal(prom_sum(t, "statusmon_follow_read_errors_total", x, &n), 1);
	assert_int_equal(prom_sum(t, "statusmon_follow_fault", x, &n), 1);
	assert_int_equal(prom_sum(t, "statusmon_follow_fault", a, &n), 0);
	assert_int_equal(n, 1);
	assert_null(strstr(t, "\nevil"));
	assert_non_null(strstr(t, "# TYPE statusmon_follow_fault gauge\n"));
	free(t);
	fx_free(s);
}

static void test_accept(void **state)
{
	(void)state;
	assert_int_equal(prom_format_accept(NULL), PROM_TEXT);
	assert_int_equal(prom_format_accept(""), PROM_TEXT);
	assert_int_equal(prom_format_accept("*/*"), PROM_TEXT);
	assert_int_equal(prom_format_accept("text/plain;version=0.0.4"), PROM_TEXT);
	/* Prometheus 2.42's own header */
	assert_int_equal(prom_format_accept("application/openmetrics-text;version=1.0.0,"
	                 "application/openmetrics-text;version=0.0.1;q=0.75,"
	                 "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"), PROM_OPENMETRICS);
	assert_int_equal(prom_format_accept("application/openmetrics-text; version=1.0.0; q=0.4, "
	                 "text/plain; q=0.5"), PROM_TEXT);
	assert_int_equal(prom_format_accept("application/openmetrics-text;version=0.0.1"),
	                 PROM_TEXT);
	assert_int_equal(prom_format_accept("application/openmetrics-text"), PROM_OPENMETRICS);
	assert_int_equal(prom_format_accept("application/openmetrics-text;q=0"), PROM_TEXT);
	assert_int_equal(prom_format_accept(",,;;=,;q=,application/openmetrics-text;q=zz"),
	                 PROM_TEXT);
	assert_string_equal(prom_content_type(PROM_TEXT), "text/plain; version=0.0.4; charset=utf-8");
	assert_string_equal(prom_content_type(PROM_OPENMETRICS),
	                    "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textfile_counts),
		cmocka_unit_test(test_hostile_labels),
		cmocka_unit_test(test_live_formats),
		cmocka_unit_test(test_follow_health),
		cmocka_unit_test(test_accept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
