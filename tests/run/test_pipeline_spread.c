/* test_pipeline_spread.c: a set of inputs spread over the threads file by
 * file gives exactly what one thread gives: the same totals and statuses,
 * the same per-input format, lines, bytes, tally and failure, in input
 * order, the same malformed examples in input and line order, and the same
 * warnings and errors in the same order. The set mixes plain, gzip and zstd
 * files, W3C and JSON samples, an empty and a missing file, a file of
 * unknown format, and one plain file big enough (36 MiB) to be cut into
 * chunks after the spread. Also with pthread_create failing (--wrap). */
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
#include "statusmon/pipeline.h"

#define PATTERNS SM_SOURCE_DIR "/patterns"
#define SAMPLES SM_SOURCE_DIR "/samples"
#define N_FILES 12
#define MSG_MAX 32

#include "threads_wrap.h"

struct messages {
	char *msg[MSG_MAX];
	size_t n;
};

static void on_error(void *ctx, const char *msg)
{
	struct messages *m = ctx;

	assert_true(m->n < MSG_MAX);
	m->msg[m->n++] = strdup(msg);
}

static void messages_free(struct messages *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->msg[i]);
	m->n = 0;
}

static char dir[64];
static char paths[N_FILES][128];

/* n combined lines, every 97th malformed, statuses varying with seed. */
static void write_log(const char *path, int n, int seed, int pad)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	for (int i = 1; i <= n; i++) {
		if (i % 97 == 0)
			fprintf(fp, "broken line %d of %d\n", i, seed);
		else
			fprintf(fp, "10.%d.%d.%d - - [10/Oct/2024:13:55:%02d +0000] \"GET /s%d/%d "
			        "HTTP/1.1\" %d %d \"-\" \"agent %0*d\"\n", seed, i % 250, i % 199,
			        i % 60, seed, i % 1000, (i * seed) % 7 ? 200 : 500 + seed % 5, i,
			        pad, i);
	}
	assert_int_equal(fclose(fp), 0);
}

/* Runs "TOOL -c 'a' > 'b'" (TOOL: gzip or zstd -q). */
static void compress_to(const char *tool, const char *a, const char *b)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "%s -c '%s' > '%s'", tool, a, b);
	assert_int_equal(system(cmd), 0);
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int group_setup(void **state)
{
	char plain[128];

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/sm-spread.XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (int k = 0; k < N_FILES; k++)
		snprintf(paths[k], sizeof paths[k], "%s/f%02d.log", dir, k);
	write_log(paths[0], 3000, 1, 10);
	write_log(paths[1], 5000, 2, 10);
	compress_to("gzip", paths[1], paths[2]);
	write_log(paths[3], 4000, 3, 10);
	compress_to("zstd -q", paths[3], paths[4]);
	write_log(paths[5], 150000, 4, 160);             /* 36 MiB: cut later */
	snprintf(paths[6], sizeof paths[6], "%s", SAMPLES "/iis.log");
	snprintf(paths[7], sizeof paths[7], "%s/missing.log", dir);
	write_text(paths[8], "");
	snprintf(paths[9], sizeof paths[9], "%s", SAMPLES "/nginx-json.log");
	write_text(paths[10], "not a log line\nnor this\n");
	snprintf(plain, sizeof plain, "%s/f11.plain", dir);
	write_log(plain, 20000, 5, 10);
	compress_to("gzip", plain, paths[11]);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

struct outcome {
	struct pipeline_result res;
	struct messages msgs;
	struct registry *reg;
};

static void run_set(struct outcome *o, int threads, const char *format)
{
	char *files[N_FILES];
	struct run_config cfg = {0};
	struct error err;

	for (int k = 0; k < N_FILES; k++)
		files[k] = paths[k];
	o->reg = registry_new_builtin();
	cfg.registry = o->reg;
	cfg.format_spec = format;
	cfg.patterns_dir = PATTERNS;
	cfg.fast_path = true;
	cfg.threads = threads;
	cfg.stats.registry = o->reg;
	cfg.stats.top_n = 10;
	cfg.show_malformed = 250;
	cfg.on_error = on_error;
	cfg.on_error_ctx = &o->msgs;
	assert_int_equal(pipeline_run(&cfg, files, N_FILES, &o->res, &err), 0);
}

static void outcome_free(struct outcome *o)
{
	pipeline_result_free(&o->res);
	messages_free(&o->msgs);
	registry_free(o->reg);
}

static void assert_same_inputs(const struct pipeline_result *a, const struct pipeline_result *b)
{
	assert_int_equal(a->n_inputs, b->n_inputs);
	for (size_t i = 0; i < a->n_inputs; i++) {
		const struct pipeline_input *x = &a->inputs[i], *y = &b->inputs[i];

		assert_string_equal(x->name, y->name);
		assert_string_equal(x->format, y->format);
		assert_int_equal(x->lines, y->lines);
		assert_int_equal(x->bytes, y->bytes);
		assert_int_equal(x->failed, y->failed);
		assert_memory_equal(&x->tally, &y->tally, sizeof x->tally);
		assert_int_equal(x->lines, x->tally.parsed + x->tally.malformed + x->tally.directives);
	}
	assert_string_equal(a->format_name, b->format_name);
	assert_int_equal(a->had_errors, b->had_errors);
}

static void assert_same_stats(const struct pipeline_result *a, const struct pipeline_result *b)
{
	struct snapshot *x = stats_snapshot(a->stats, &(struct snapshot_options){0});
	struct snapshot *y = stats_snapshot(b->stats, &(struct snapshot_options){0});

	assert_int_equal(x->lines, y->lines);
	assert_int_equal(x->parsed, y->parsed);
	assert_int_equal(x->malformed, y->malformed);
	assert_int_equal(x->n_statuses, y->n_statuses);
	for (size_t i = 0; i < x->n_statuses; i++) {
		assert_int_equal(x->statuses[i].code, y->statuses[i].code);
		assert_int_equal(x->statuses[i].count, y->statuses[i].count);
	}
	snapshot_free(x);
	snapshot_free(y);
}

static void assert_same_examples(const struct example_list *a, const struct example_list *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->items[i].input, b->items[i].input);
		assert_int_equal(a->items[i].line, b->items[i].line);
		assert_int_equal(a->items[i].len, b->items[i].len);
		assert_memory_equal(a->items[i].text, b->items[i].text, a->items[i].len);
	}
}

static void assert_same_messages(const struct messages *a, const struct messages *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		assert_string_equal(a->msg[i], b->msg[i]);
}

/* The one-thread run, checked against the files themselves. */
static void check_one(const struct outcome *one)
{
	const struct pipeline_input *in = one->res.inputs;

	assert_int_equal(in[0].lines, 3000);
	assert_int_equal(in[0].tally.malformed, 3000 / 97);
	assert_int_equal(in[2].lines, 5000);
	assert_memory_equal(&in[1].tally, &in[2].tally, sizeof in[1].tally);  /* gzip = plain */
	assert_memory_equal(&in[3].tally, &in[4].tally, sizeof in[3].tally);  /* zstd = plain */
	assert_int_equal(in[5].lines, 150000);
	assert_true(in[7].failed);
	assert_true(one->res.had_errors);
	assert_int_equal(in[11].lines, 20000);
	/* the examples run from input 0 on, in input and line order */
	assert_true(one->res.examples.n == 250);
	assert_int_equal(one->res.examples.items[0].input, 0);
	assert_int_equal(one->res.examples.items[0].line, 97);
	assert_true(one->msgs.n >= 2);   /* missing.log, f10's unknown format */
}

static void check_set(const char *format)
{
	struct outcome one = {0}, two = {0}, three = {0}, none = {0};

	run_set(&one, 1, format);
	if (!strcmp(format, "auto"))
		check_one(&one);
	threads_started = 0;
	run_set(&two, 2, format);
	assert_true(threads_started >= 2);
	run_set(&three, 3, format);
	threads_fail = 1;
	run_set(&none, 2, format);
	threads_fail = 0;
	for (struct outcome *o = &two; o; o = o == &two ? &three : o == &three ? &none : NULL) {
		assert_same_inputs(&one.res, &o->res);
		assert_same_stats(&one.res, &o->res);
		assert_same_examples(&one.res.examples, &o->res.examples);
		assert_same_messages(&one.msgs, &o->msgs);
	}
	outcome_free(&one);
	outcome_free(&two);
	outcome_free(&three);
	outcome_free(&none);
}

static void test_spread_auto_equals_one_thread(void **state)
{
	(void)state;
	check_set("auto");
}

static void test_spread_forced_equals_one_thread(void **state)
{
	(void)state;
	check_set("combined");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spread_auto_equals_one_thread),
		cmocka_unit_test(test_spread_forced_equals_one_thread),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
