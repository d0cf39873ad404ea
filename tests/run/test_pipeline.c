/* test_pipeline.c: the batch driver over real files. Each input settles its
 * own format (an empty first file, a blank-only one and a missing one decide
 * nothing for the others; combined, W3C and JSON lines in one run are each
 * counted exactly); --format forces one for all; line accounting per input;
 * fan-out keeps examples in line order; and with pthread_create failing
 * (linked with --wrap) every path finishes with the counts of one thread. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "testlib.h"
#include "statusmon/pipeline.h"

#define PATTERNS SM_SOURCE_DIR "/patterns"
#define SAMPLES SM_SOURCE_DIR "/samples"

#include "threads_wrap.h"

struct fixture {
	char dir[64];
	struct registry *reg;
	struct run_config cfg;
	struct pipeline_result res;
	struct error err;
};

static void path_in(const struct fixture *f, const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", f->dir, name);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/sm-pipeline.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->reg = registry_new_builtin();
	f->cfg.registry = f->reg;
	f->cfg.format_spec = "auto";
	f->cfg.patterns_dir = PATTERNS;
	f->cfg.fast_path = true;
	f->cfg.threads = 1;
	f->cfg.stats.registry = f->reg;
	f->cfg.stats.top_n = 10;
	f->cfg.show_malformed = 100;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	pipeline_result_free(&f->res);
	registry_free(f->reg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	threads_fail = 0;
	return 0;
}

static void run(struct fixture *f, char **files, int n)
{
	pipeline_result_free(&f->res);
	assert_int_equal(pipeline_run(&f->cfg, files, n, &f->res, &f->err), 0);
}

/* lines = parsed + malformed + directives, for every input */
static void assert_accounted(const struct pipeline_result *res)
{
	size_t i;

	for (i = 0; i < res->n_inputs; i++) {
		const struct pipeline_input *in = &res->inputs[i];

		assert_int_equal(in->lines, in->tally.parsed + in->tally.malformed +
		                            in->tally.directives);
	}
}

static uint64_t file_lines(const char *path)
{
	FILE *fp = fopen(path, "r");
	uint64_t n = 0;
	int c, last = '\n';

	assert_non_null(fp);
	while ((c = fgetc(fp)) != EOF) {
		n += c == '\n';
		last = c;
	}
	fclose(fp);
	return n + (last != '\n');
}

static void test_empty_first_input_decides_nothing(void **state)
{
	struct fixture *f = *state;
	char empty[96], blank[96], missing[96];
	char *files[4];

	path_in(f, "access.log", empty, sizeof empty);
	path_in(f, "blank.log", blank, sizeof blank);
	path_in(f, "gone.log", missing, sizeof missing);
	write_file(empty, "");
	write_file(blank, "\n  \n\n");
	files[0] = empty;
	files[1] = blank;
	files[2] = missing;
	files[3] = SAMPLES "/combined.log";
	run(f, files, 4);
	assert_string_equal(f->res.inputs[0].format, "none");
	assert_string_equal(f->res.inputs[1].format, "none");
	assert_string_equal(f->res.inputs[2].format, "none");
	assert_true(f->res.inputs[2].failed);
	assert_string_equal(f->res.inputs[3].format, "combined");
	assert_string_equal(f->res.format_name, "combined");
	assert_int_equal(f->res.inputs[3].lines, file_lines(SAMPLES "/combined.log"));
	assert_true(f->res.inputs[3].tally.parsed > f->res.inputs[3].lines * 9 / 10);
	assert_int_equal(f->res.inputs[1].tally.malformed, 3);   /* blank lines are lines */
	assert_accounted(&f->res);
}

static void test_mixed_formats_each_counted(void **state)
{
	struct fixture *f = *state;
	char *files[] = {SAMPLES "/iis.log", SAMPLES "/combined.log", SAMPLES "/nginx-json.log",
	                 SAMPLES "/vhost_combined.log"};
	struct pipeline_result alone[4];
	size_t i;

	run(f, files, 4);
	assert_string_equal(f->res.format_name, "mixed");
	for (i = 0; i < 4; i++) {
		/* the same file alone gives the same format and counts */
		assert_int_equal(pipeline_run(&f->cfg, &files[i], 1, &alone[i], &f->err), 0);
		assert_string_equal(f->res.inputs[i].format, alone[i].inputs[0].format);
		assert_memory_equal(&f->res.inputs[i].tally, &alone[i].inputs[0].tally,
		                    sizeof(struct worker_tally));
		assert_int_equal(f->res.inputs[i].lines, file_lines(files[i]));
		assert_true(f->res.inputs[i].tally.parsed > 0);
		pipeline_result_free(&alone[i]);
	}
	assert_string_equal(f->res.inputs[1].format, "combined");
	assert_string_equal(f->res.inputs[3].format, "vhost_combined");
	assert_true(f->res.inputs[0].tally.directives > 0);   /* #Fields and friends */
	assert_accounted(&f->res);
}

static void test_forced_format_for_all(void **state)
{
	struct fixture *f = *state;
	char *files[] = {SAMPLES "/combined.log", SAMPLES "/iis.log"};

	f->cfg.format_spec = "combined";
	run(f, files, 2);
	assert_string_equal(f->res.inputs[0].format, "combined");
	assert_string_equal(f->res.inputs[1].format, "combined");
	assert_int_equal(f->res.inputs[1].tally.parsed, 0);   /* IIS lines are not combined */
	assert_accounted(&f->res);
}

/* A log of n lines, every 97th malformed; big enough to split and fan out. */
static void write_big(const char *path, int n)
{
	FILE *fp = fopen(path, "w");
	int i;

	assert_non_null(fp);
	for (i = 1; i <= n; i++) {
		if (i % 97 == 0)
			fprintf(fp, "broken line %d\n", i);
		else
			fprintf(fp, "10.0.%d.%d - - [10/Oct/2024:13:55:%02d +0000] \"GET /p/%d HTTP/1.1\" "
			        "%d %d \"-\" \"agent %0200d\"\n", i % 250, i % 199, i % 60, i % 1000,
			        i % 5 ? 200 : 502, i, i);
	}
	fclose(fp);
}

static void assert_same_counts(const struct pipeline_result *a, const struct pipeline_result *b)
{
	struct snapshot *x = stats_snapshot(a->stats, &(struct snapshot_options){0});
	struct snapshot *y = stats_snapshot(b->stats, &(struct snapshot_options){0});
	size_t i;

	assert_int_equal(x->lines, y->lines);
	assert_int_equal(x->parsed, y->parsed);
	assert_int_equal(x->malformed, y->malformed);
	assert_int_equal(x->n_statuses, y->n_statuses);
	for (i = 0; i < x->n_statuses; i++) {
		assert_int_equal(x->statuses[i].code, y->statuses[i].code);
		assert_int_equal(x->statuses[i].count, y->statuses[i].count);
	}
	assert_memory_equal(&a->inputs[0].tally, &b->inputs[0].tally, sizeof(struct worker_tally));
	assert_int_equal(a->examples.n, b->examples.n);
	for (i = 0; i < a->examples.n; i++)
		assert_int_equal(a->examples.items[i].line, b->examples.items[i].line);
	snapshot_free(x);
	snapshot_free(y);
}

/* started: how many threads the parallel path starts with --threads=2
 * (ranges: 2; a stream: 1 worker beside the reading thread). */
static void check_threads(struct fixture *f, const char *path, bool fail, int started)
{
	char *files[] = {(char *)path};
	struct pipeline_result one;
	size_t i;

	f->cfg.threads = 1;
	assert_int_equal(pipeline_run(&f->cfg, files, 1, &one, &f->err), 0);
	f->cfg.threads = 2;
	threads_fail = fail;
	threads_started = 0;
	run(f, files, 1);
	threads_fail = 0;
	if (!fail)
		assert_int_equal(threads_started, started);   /* the parallel path ran */
	assert_same_counts(&one, &f->res);
	/* examples in line order: every 97th line, the first 100 of them */
	assert_int_equal(f->res.examples.n, 100);
	for (i = 0; i < f->res.examples.n; i++)
		assert_int_equal(f->res.examples.items[i].line, 97 * (i + 1));
	pipeline_result_free(&one);
}

static void test_split_and_fanout_match_one_thread(void **state)
{
	struct fixture *f = *state;
	char big[96], gz[128], cmd[300];

	path_in(f, "big.log", big, sizeof big);
	write_big(big, 30000);
	snprintf(gz, sizeof gz, "%s.gz", big);
	snprintf(cmd, sizeof cmd, "gzip -c '%s' > '%s'", big, gz);
	assert_int_equal(system(cmd), 0);
	check_threads(f, big, false, 2);
	check_threads(f, gz, false, 1);
}

static void test_no_thread_to_be_had(void **state)
{
	struct fixture *f = *state;
	char big[96], gz[128], cmd[300];

	path_in(f, "big.log", big, sizeof big);
	write_big(big, 30000);
	snprintf(gz, sizeof gz, "%s.gz", big);
	snprintf(cmd, sizeof cmd, "gzip -c '%s' > '%s'", big, gz);
	assert_int_equal(system(cmd), 0);
	check_threads(f, big, true, 0);
	check_threads(f, gz, true, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_first_input_decides_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_formats_each_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forced_format_for_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_and_fanout_match_one_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_thread_to_be_had, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
