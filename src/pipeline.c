/* pipeline.c: the batch driver. Opens every input in turn, settles the
 * format (given, or detected from the first lines of the first input with
 * data), and counts every line exactly once: in this thread, or, for a large
 * regular file whose format allows it, in worker threads that share its
 * line-aligned chunks (CHUNKS_PER_THREAD each on average, taken in file
 * order as each thread gets free, so a thread slowed by a busy core takes
 * fewer), each thread with its own stats merged at the end. */
#include <stdatomic.h>
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

#define CHUNKS_PER_THREAD 16
#define MAX_CHUNKS (MAX_THREADS * CHUNKS_PER_THREAD)

struct range_chunk {
	off_t start, end;
	uint64_t lines, bytes;
	int owner;
	size_t ex_begin, ex_end;
	struct error err;
	bool failed;
};

struct range_pool {
	const char *path;
	struct range_chunk *chunks;
	int n;
	atomic_int next;
};

struct range_thread {
	struct range_pool *pool;
	int id;
	struct stats *stats;
	struct worker worker;
};

static void input_failed(struct run *run, size_t idx, const char *msg)
{
	run->res->inputs[idx].failed = true;
	run->res->had_errors = true;
	if (run->cfg->on_error)
		run->cfg->on_error(run->cfg->on_error_ctx, msg);
}

/* Appends w's examples [from, to) to res, line numbers + line_offset. */
static void collect_example_slice(struct pipeline_result *res, const struct worker *w,
                                  size_t from, size_t to, uint64_t line_offset)
{
	size_t i;

	if (to <= from)
		return;
	res->examples = realloc(res->examples,
	                        (res->n_examples + (to - from)) * sizeof *res->examples);
	if (!res->examples)
		abort();
	for (i = from; i < to; i++) {
		res->examples[res->n_examples] = w->examples[i];
		res->examples[res->n_examples++].line += line_offset;
	}
}

void pipeline_collect_examples(struct pipeline_result *res, const struct worker *w,
                               uint64_t line_offset)
{
	collect_example_slice(res, w, 0, w->n_examples, line_offset);
}

/* Takes chunks in file order until none is left. The thread's file is
 * opened once, for its first chunk, and moved to each next one. */
static void *range_main(void *arg)
{
	struct range_thread *th = arg;
	struct range_pool *pool = th->pool;
	struct input_line line;
	struct input *in = NULL;
	int c, r;

	while ((c = atomic_fetch_add(&pool->next, 1)) < pool->n) {
		struct range_chunk *ch = &pool->chunks[c];

		ch->owner = th->id;
		ch->ex_begin = ch->ex_end = th->worker.n_examples;
		if (in && input_seek_range(in, ch->start, ch->end, &ch->err) < 0) {
			input_close(in);
			in = NULL;
		}
		if (!in)
			in = input_open_range(pool->path, ch->start, ch->end, &ch->err);
		if (!in) {
			ch->failed = true;
			continue;
		}
		while ((r = input_next_line(in, &line, &ch->err)) == 1)
			worker_line(&th->worker, &line);
		ch->failed = r < 0;
		ch->lines = input_lines(in);
		ch->bytes = input_bytes(in);
		ch->ex_end = th->worker.n_examples;
	}
	input_close(in);
	return NULL;
}

/* Counts one regular file with its chunks shared among the threads; 0, or
 * -1 if it could not be split (the caller then reads it in this thread).
 * Chunk by chunk in file order, the line counts give each chunk's first
 * line number, which the malformed examples it kept need. */
static int process_ranges(struct run *run, size_t idx, const char *path)
{
	off_t bounds[MAX_CHUNKS + 1];
	struct range_chunk *chunks;
	struct range_thread th[MAX_THREADS];
	pthread_t tids[MAX_THREADS];
	bool started[MAX_THREADS];
	struct range_pool pool;
	uint64_t offset = 0;
	struct error err;
	int k, nt = run->cfg->threads < MAX_THREADS ? run->cfg->threads : MAX_THREADS;
	int n = input_split_ranges(path, nt * CHUNKS_PER_THREAD, bounds, &err);

	if (n <= 1)
		return -1;
	/* a small file has fewer chunks than threads (3 MiB: 3 chunks);
	 * cppcheck 2.10 does not see that input_split_ranges caps n so */
	// cppcheck-suppress knownConditionTrueFalse
	nt = nt < n ? nt : n;
	chunks = calloc((size_t)n, sizeof *chunks);
	if (!chunks)
		abort();
	pool.path = path;
	pool.chunks = chunks;
	pool.n = n;
	atomic_init(&pool.next, 0);
	for (k = 0; k < n; k++) {
		chunks[k].start = bounds[k];
		chunks[k].end = bounds[k + 1];
	}
	for (k = 0; k < nt; k++) {
		memset(&th[k], 0, sizeof th[k]);
		th[k].pool = &pool;
		th[k].id = k;
		th[k].stats = stats_new(&run->cfg->stats);
		if (!th[k].stats ||
		    worker_init(&th[k].worker, run->cfg, run->fmt, th[k].stats, &err) < 0)
			abort();   /* out of memory; the same format already made a parser */
		th[k].worker.input = idx;
	}
	for (k = 0; k < nt; k++)
		started[k] = pthread_create(&tids[k], NULL, range_main, &th[k]) == 0;
	if (!started[0])
		range_main(&th[0]);   /* no thread to be had: take them all here */
	for (k = 0; k < nt; k++)
		if (started[k])
			pthread_join(tids[k], NULL);
	for (k = 0; k < n; k++) {
		struct range_chunk *ch = &chunks[k];

		collect_example_slice(run->res, &th[ch->owner].worker, ch->ex_begin,
		                      ch->ex_end, offset);
		offset += ch->lines;
		run->res->inputs[idx].lines += ch->lines;
		run->res->inputs[idx].bytes += ch->bytes;
		if (ch->failed)
			input_failed(run, idx, ch->err.msg);
	}
	for (k = 0; k < nt; k++) {
		stats_merge(run->res->stats, th[k].stats);
		worker_destroy(&th[k].worker);
		stats_free(th[k].stats);
	}
	free(chunks);
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
