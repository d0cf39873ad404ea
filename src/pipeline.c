/* pipeline.c: the batch driver. Opens every input in turn, settles the
 * format (given, or detected from the first lines of the first input with
 * data), and counts every line exactly once: in this thread, or, for a large
 * regular file whose format allows it, in one worker thread per line-aligned
 * byte range, each with its own stats merged at the end. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fanout.h"
#include "pipeline.h"

#define MAX_THREADS 64

struct run {
	const struct pipeline_config *cfg;
	struct pipeline_result *res;
	struct format *fmt;
	bool format_settled;
	struct worker main;          /* counts into res->stats */
	bool main_ready;
};

struct range_job {
	const char *path;
	off_t start, end;
	struct stats *stats;
	struct worker worker;
	uint64_t lines, bytes;
	struct error err;
	bool failed;
};

static void input_failed(struct run *run, size_t idx, const char *msg)
{
	run->res->inputs[idx].failed = true;
	run->res->had_errors = true;
	if (run->cfg->on_error)
		run->cfg->on_error(run->cfg->on_error_ctx, msg);
}

void pipeline_collect_examples(struct pipeline_result *res, const struct worker *w,
                               uint64_t line_offset)
{
	size_t i;

	if (!w->n_examples)
		return;
	res->examples = realloc(res->examples,
	                        (res->n_examples + w->n_examples) * sizeof *res->examples);
	if (!res->examples)
		abort();
	for (i = 0; i < w->n_examples; i++) {
		res->examples[res->n_examples] = w->examples[i];
		res->examples[res->n_examples++].line += line_offset;
	}
}

static void *range_main(void *arg)
{
	struct range_job *job = arg;
	struct input_line line;
	struct input *in;
	int r;

	in = input_open_range(job->path, job->start, job->end, &job->err);
	if (!in) {
		job->failed = true;
		return NULL;
	}
	while ((r = input_next_line(in, &line, &job->err)) == 1)
		worker_line(&job->worker, &line);
	job->failed = r < 0;
	job->lines = input_lines(in);
	job->bytes = input_bytes(in);
	input_close(in);
	return NULL;
}

/* Counts one regular file with one thread per range; 0, or -1 if it could
 * not be split (the caller then reads it in this thread). */
static int process_ranges(struct run *run, size_t idx, const char *path)
{
	off_t bounds[MAX_THREADS + 1];
	struct range_job jobs[MAX_THREADS];
	pthread_t tids[MAX_THREADS];
	bool started[MAX_THREADS];
	uint64_t offset = 0;
	struct error err;
	int k, n = input_split_ranges(path, run->cfg->threads, bounds, &err);

	if (n <= 1)
		return -1;
	for (k = 0; k < n; k++) {
		memset(&jobs[k], 0, sizeof jobs[k]);
		jobs[k].path = path;
		jobs[k].start = bounds[k];
		jobs[k].end = bounds[k + 1];
		jobs[k].stats = stats_new(&run->cfg->stats);
		if (worker_init(&jobs[k].worker, run->cfg, run->fmt, jobs[k].stats, &err) < 0)
			abort();   /* the same format already made a parser */
		jobs[k].worker.input = idx;
		started[k] = pthread_create(&tids[k], NULL, range_main, &jobs[k]) == 0;
		if (!started[k])
			range_main(&jobs[k]);   /* no thread to be had: do it here */
	}
	for (k = 0; k < n; k++) {
		if (started[k])
			pthread_join(tids[k], NULL);
		stats_merge(run->res->stats, jobs[k].stats);
		pipeline_collect_examples(run->res, &jobs[k].worker, offset);
		offset += jobs[k].lines;
		run->res->inputs[idx].lines += jobs[k].lines;
		run->res->inputs[idx].bytes += jobs[k].bytes;
		if (jobs[k].failed)
			input_failed(run, idx, jobs[k].err.msg);
		worker_destroy(&jobs[k].worker);
		stats_free(jobs[k].stats);
	}
	return 0;
}

static void settle_format(struct run *run, const struct sample *s, const char *name)
{
	struct error err;
	char msg[ERROR_MSG_MAX + 256];

	run->fmt = sample_detect(s, run->cfg, &err);
	run->format_settled = true;
	if (run->fmt) {
		snprintf(run->res->format_name, sizeof run->res->format_name, "%s",
		         format_name(run->fmt));
		run->res->format_detected = true;
		return;
	}
	snprintf(run->res->format_name, sizeof run->res->format_name, "unknown");
	snprintf(msg, sizeof msg, "warning: %s: no known format matches its first lines (%s); "
	         "every line is counted as malformed; name the format with --format",
	         name, err.msg);
	if (run->cfg->on_error)
		run->cfg->on_error(run->cfg->on_error_ctx, msg);
}

static bool can_split(const struct run *run, const struct input *in, const char *path)
{
	return run->cfg->threads > 1 && run->fmt && format_is_splittable(run->fmt) &&
	       strcmp(path, "-") != 0 && !input_is_gzip(in);
}

static void ensure_main_worker(struct run *run)
{
	struct error err;

	if (run->main_ready)
		return;
	if (worker_init(&run->main, run->cfg, run->fmt, run->res->stats, &err) < 0)
		abort();   /* format_load/detect already compiled this format */
	run->main_ready = true;
}

static void read_lines(struct run *run, struct input *in, size_t idx)
{
	struct input_line line;
	struct error err;
	int r;

	while ((r = input_next_line(in, &line, &err)) == 1)
		worker_line(&run->main, &line);
	if (r < 0)
		input_failed(run, idx, err.msg);
}

static void process_input(struct run *run, size_t idx, const char *path)
{
	struct sample s = {0};
	struct error err;
	struct input *in = input_open(path, &err);
	size_t i;
	int r = 0;

	if (!in) {
		input_failed(run, idx, err.msg);
		return;
	}
	if (!run->format_settled) {
		r = sample_fill(&s, in, &err);
		if (s.n > 0)
			settle_format(run, &s, input_name(in));
	}
	if (run->format_settled && can_split(run, in, path)) {
		/* nothing of the sample was counted yet: start over in ranges */
		if (process_ranges(run, idx, path) == 0) {
			sample_free(&s);
			input_close(in);
			return;
		}
	}
	if (r == 0 && run->fmt && run->cfg->threads > 1 && format_is_splittable(run->fmt) &&
	    (input_is_gzip(in) || !strcmp(path, "-"))) {
		/* stdin or gzip: a reader feeding parser threads */
		if (fanout_run(run->cfg, run->fmt, in, idx, &s, run->res, &err) < 0)
			input_failed(run, idx, err.msg);
		goto done;
	}
	ensure_main_worker(run);
	run->main.input = idx;
	for (i = 0; i < s.n; i++)
		worker_line(&run->main, &s.lines[i]);
	if (r < 0)
		input_failed(run, idx, err.msg);
	else if (r == 0)
		read_lines(run, in, idx);
done:
	sample_free(&s);
	run->res->inputs[idx].lines = input_lines(in);
	run->res->inputs[idx].bytes = input_bytes(in);
	input_close(in);
}

static int example_order(const void *a, const void *b)
{
	const struct malformed_example *x = a, *y = b;

	if (x->input != y->input)
		return x->input < y->input ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

static void init_result(struct pipeline_result *res, const struct pipeline_config *cfg,
                        char *const *files, size_t n)
{
	size_t i;

	memset(res, 0, sizeof *res);
	res->stats = stats_new(&cfg->stats);
	res->n_inputs = n;
	res->inputs = calloc(n, sizeof *res->inputs);
	res->input_names = calloc(n, sizeof *res->input_names);
	if (!res->inputs || !res->input_names)
		abort();
	for (i = 0; i < n; i++) {
		const char *name = strcmp(files[i], "-") ? files[i] : "(stdin)";

		res->input_names[i] = strdup(name);
		if (!res->input_names[i])
			abort();
		res->inputs[i].name = res->input_names[i];
	}
	snprintf(res->format_name, sizeof res->format_name, "none");
}

int pipeline_run(const struct pipeline_config *cfg, char *const *files, int n_files,
                 struct pipeline_result *res, struct error *err)
{
	static char *const stdin_only[] = {"-"};
	struct run run = {.cfg = cfg, .res = res};
	size_t i, n = n_files > 0 ? (size_t)n_files : 1;

	if (n_files <= 0)
		files = stdin_only;
	init_result(res, cfg, files, n);
	if (strcmp(cfg->format_spec, "auto") != 0) {
		run.fmt = format_load(cfg->format_spec, cfg->patterns_dir, cfg->fast_path, err);
		if (!run.fmt)
			return -1;
		run.format_settled = true;
		res->format_detected = true;
		snprintf(res->format_name, sizeof res->format_name, "%s", format_name(run.fmt));
	}
	for (i = 0; i < n; i++)
		process_input(&run, i, files[i]);
	if (run.main_ready) {
		pipeline_collect_examples(res, &run.main, 0);
		worker_destroy(&run.main);
	}
	if (res->n_examples)
		qsort(res->examples, res->n_examples, sizeof *res->examples, example_order);
	if (res->n_examples > cfg->show_malformed)
		res->n_examples = cfg->show_malformed;
	format_free(run.fmt);
	return 0;
}

void pipeline_result_free(struct pipeline_result *res)
{
	size_t i;

	stats_free(res->stats);
	for (i = 0; i < res->n_inputs; i++)
		free(res->input_names[i]);
	free(res->input_names);
	free(res->inputs);
	free(res->examples);
	memset(res, 0, sizeof *res);
}
