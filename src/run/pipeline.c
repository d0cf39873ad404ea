/* pipeline.c: the batch driver. Opens every input in turn; each settles its
 * own format (the one --format forces, or detected from its own first
 * lines, settle.h), so an empty first file or a mixed set of formats
 * changes nothing for the others. Every line is counted exactly once: in
 * this thread, or, for a large regular file whose format allows it, in
 * worker threads that share its line-aligned chunks (CHUNKS_PER_THREAD
 * each on average, taken in file order as each thread gets free, so a
 * thread slowed by a busy core takes fewer; a W3C file is cut into chunks
 * of a few MiB, each read once into memory, searched for its directives
 * and counted from the "#Fields:" in force at its first line once the
 * chunks before it were searched, carry_chunks.c), or, for stdin and gzip/zstd,
 * by parser threads a reader feeds (fanout.c). A set of at least as many
 * inputs as threads is spread over the threads file by file first
 * (spread.c): each thread opens, settles and counts whole files with its
 * own worker, and only files of SPLIT_MIN bytes or more wait to be cut
 * into chunks shared by all threads afterwards. Messages are kept per input
 * and given in input order, as a single thread would. Each thread has its
 * own stats, merged at the end. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "carry_chunks.h"
#include "fanout.h"
#include "spread.h"
#include "statusmon/pipeline.h"
#include "statusmon/run_thread.h"
#include "statusmon/settle.h"
#include "statusmon/xalloc.h"

#define MAX_THREADS 64
#define CHUNKS_PER_THREAD 16
#define SPLIT_MIN ((off_t)32 << 20)   /* a spread file this big is cut */
#define NOTES_MAX 4                   /* messages one input can give  */

/* What one input of a spread run left for the driver: its messages (in
 * order, given after the threads end) and, for a file to be cut into
 * chunks later, the format it settled. */
struct input_slot {
	char *notes[NOTES_MAX];
	size_t n_notes;
	bool failed;
	bool deferred;
	struct format *own;
};

/* A spreading thread's own counting state. Aligned to a cache line (and
 * so padded to whole lines), as fanout.c's workers: side by side in an
 * array, one thread's per-line tallies shared a line with the next one's
 * worker, and 200 files at 2 threads ran 15% slower than one file. */
struct spread_slot {
	_Alignas(64) struct worker w;
	struct stats *stats;
	struct input_map_probe probe;   /* this thread's read() or mapped */
};

struct run {
	const struct run_config *cfg;
	struct pipeline_result *res;
	struct format *forced;       /* --format: the same for every input */
	struct format_candidates *candidates;   /* --format=auto: what each input tries */
	struct worker main;          /* counts into res->stats */
	struct input_map_probe probe;   /* the main thread's read() or mapped */
	struct input_slot *slots;    /* while spreading: messages wait here */
	struct spread_slot *threads;
	char *const *files;
};

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
	enum run_read read;           /* input_allow_map or not */
	struct range_chunk *chunks;
	struct carry_chunks *carry;   /* W3C: chunk k waits for its entry state */
	int n;
	atomic_int next;
};

struct range_thread {           /* aligned as spread_slot, for the same reason */
	_Alignas(64) struct range_pool *pool;
	int id;
	struct stats *stats;
	struct worker worker;
	struct input_map_probe probe;   /* read() or mapped, for its chunks */
	struct input_span span;      /* W3C: the chunk held in memory */
	struct run_thread thread;
};

/* Settled plain files through mappings: when probe (the reading thread's)
 * measures them faster, always (--mmap), or never (--no-mmap). */
static void allow_map(struct input *in, enum run_read read, struct input_map_probe *probe)
{
	if (read != RUN_READ_PLAIN)
		input_allow_map(in, read == RUN_READ_MEASURED ? probe : NULL);
}

static void warn(const struct run *run, const char *msg)
{
	if (run->cfg->on_error)
		run->cfg->on_error(run->cfg->on_error_ctx, msg);
}

/* A message about input idx: given now, or kept while spreading. */
static void note(struct run *run, size_t idx, const char *msg, bool failed)
{
	struct input_slot *slot = run->slots ? &run->slots[idx] : NULL;

	if (!slot) {
		run->res->had_errors |= failed;
		warn(run, msg);
		return;
	}
	slot->failed |= failed;
	if (slot->n_notes < NOTES_MAX)
		slot->notes[slot->n_notes++] = xstrdup(msg);
}

static void input_failed(struct run *run, size_t idx, const char *msg)
{
	run->res->inputs[idx].failed = true;
	note(run, idx, msg, true);
}

/* Counts chunk c from in (moved to it): line by line, or for a carry
 * format held in memory once its entry state is known. */
static void range_count(struct range_thread *th, struct range_chunk *ch, int c,
                        struct input *in)
{
	struct range_pool *pool = th->pool;
	struct input_line line;
	int r;

	if (pool->carry) {
		r = carry_chunks_count(pool->carry, c, in, ch->start, ch->end, &th->worker,
		                       &th->span, &ch->lines, &ch->err);
	} else {
		while ((r = input_next_line(in, &line, &ch->err)) == 1)
			worker_line(&th->worker, &line);
		ch->lines = input_lines(in);
	}
	ch->failed = r < 0;
	ch->bytes = input_bytes(in);
}

/* Takes chunks in file order until none is left. The thread's file is
 * opened once, for its first chunk, and moved to each next one. */
static void *range_main(void *arg)
{
	struct range_thread *th = arg;
	struct range_pool *pool = th->pool;
	struct input *in = NULL;
	int c;

	while ((c = atomic_fetch_add(&pool->next, 1)) < pool->n) {
		struct range_chunk *ch = &pool->chunks[c];

		ch->owner = th->id;
		ch->ex_begin = ch->ex_end = th->worker.n_examples;
		if (in && input_seek_range(in, ch->start, ch->end, &ch->err) < 0) {
			input_close(in);
			in = NULL;
		}
		if (!in) {
			in = input_open_range(pool->path, ch->start, ch->end, &ch->err);
			if (in)
				allow_map(in, pool->read, &th->probe);
		}
		if (!in) {
			ch->failed = true;
			if (pool->carry)
				carry_chunks_skip(pool->carry, c);
			continue;
		}
		range_count(th, ch, c, in);
		ch->ex_end = th->worker.n_examples;
	}
	input_close(in);
	input_span_free(&th->span);
	return NULL;
}

/* Ready workers for up to nt threads; how many (0: none could be made). */
static int range_threads_init(struct run *run, struct range_thread *th, int nt,
                              struct range_pool *pool, const struct format *fmt, size_t idx)
{
	struct error err;
	int k;

	for (k = 0; k < nt; k++) {
		memset(&th[k], 0, sizeof th[k]);
		th[k].pool = pool;
		th[k].id = k;
		th[k].stats = stats_new(&run->cfg->stats);
		if (worker_init(&th[k].worker, run->cfg, fmt, th[k].stats, &err) < 0) {
			stats_free(th[k].stats);
			break;
		}
		th[k].worker.input = idx;
	}
	return k;
}

/* Runs the chunks on up to nt threads; this thread takes them all if no
 * thread could be started. */
static void range_threads_run(struct range_thread *th, int nt)
{
	int k, started = 0;

	for (k = 0; k < nt; k++)
		started += run_thread_start(&th[k].thread, range_main, &th[k]);
	if (started == 0)
		range_main(&th[0]);
	for (k = 0; k < nt; k++)
		run_thread_join(&th[k].thread);
}

/* Chunk by chunk in file order: line counts give each chunk's first line
 * number, which the malformed examples it kept need. */
static void range_collect(struct run *run, size_t idx, struct range_chunk *chunks, int n,
                          struct range_thread *th, int nt, struct worker_tally *tally)
{
	uint64_t offset = 0;
	int k;

	for (k = 0; k < n; k++) {
		struct range_chunk *ch = &chunks[k];

		example_list_append(&run->res->examples, &th[ch->owner].worker, ch->ex_begin,
		                    ch->ex_end, offset);
		offset += ch->lines;
		run->res->inputs[idx].lines += ch->lines;
		run->res->inputs[idx].bytes += ch->bytes;
		if (ch->failed)
			input_failed(run, idx, ch->err.msg);
	}
	for (k = 0; k < nt; k++) {
		stats_merge(run->res->stats, th[k].stats);
		worker_tally_add(tally, &th[k].worker.tally);
		worker_destroy(&th[k].worker);
		stats_free(th[k].stats);
	}
}

/* A carry format's failed chunk may have left later chunks a wrong
 * entry: the threads' counts are dropped (true) and the caller reads the
 * file in this thread, which reports the error where it happens. */
static bool range_discard(const struct range_pool *pool, struct range_thread *th, int nt)
{
	int k;

	for (k = 0; pool->carry && k < pool->n && !pool->chunks[k].failed; k++)
		;
	if (!pool->carry || k == pool->n)
		return false;
	for (k = 0; k < nt; k++) {
		worker_destroy(&th[k].worker);
		stats_free(th[k].stats);
	}
	return true;
}

/* The chunks' bounds (allocated): CHUNKS_PER_THREAD a thread, or for a
 * carry format enough to make them about CARRY_BLOCK (the test-only
 * run_config carry_block when set) and at least 1 MiB or that block. */
static int range_split(const struct run *run, const char *path, const struct format *fmt,
                       int nt, off_t **bounds, struct error *err)
{
	off_t block = run->cfg->carry_block > 0 ? run->cfg->carry_block : CARRY_BLOCK;
	off_t min = (off_t)1 << 20, want;
	int n = nt * CHUNKS_PER_THREAD;
	struct stat st;

	if (format_has_carry(fmt) && stat(path, &st) == 0) {
		want = st.st_size / block + 1;
		want = want < CARRY_CHUNKS_MAX ? want : CARRY_CHUNKS_MAX;
		n = want > n ? (int)want : n;
		min = block < min ? block : min;
	}
	*bounds = xcalloc((size_t)n + 1, sizeof **bounds);
	return input_split_ranges_min(path, n, *bounds, min, err);
}

/* Counts one regular file with its chunks shared among the threads; 0, or
 * -1 if it could not be split (the caller then reads it in this thread). */
static int process_ranges(struct run *run, size_t idx, const char *path,
                          const struct format *fmt, struct worker_tally *tally)
{
	struct range_thread th[MAX_THREADS];
	struct range_pool pool = {.path = path, .read = run->cfg->read};
	struct error err;
	off_t *bounds;
	int k, nt = run->cfg->threads < MAX_THREADS ? run->cfg->threads : MAX_THREADS;
	int n = range_split(run, path, fmt, nt, &bounds, &err), r = -1;

	if (n <= 1)
		goto out;
	/* a small file has fewer chunks than threads (3 MiB: 3 chunks);
	 * cppcheck 2.10 does not see that input_split_ranges caps n so */
	// cppcheck-suppress knownConditionTrueFalse
	nt = nt < n ? nt : n;
	nt = range_threads_init(run, th, nt, &pool, fmt, idx);
	if (nt == 0)
		goto out;
	pool.carry = format_has_carry(fmt) ? carry_chunks_new(n) : NULL;
	pool.chunks = xcalloc((size_t)n, sizeof *pool.chunks);
	pool.n = n;
	atomic_init(&pool.next, 0);
	for (k = 0; k < n; k++) {
		pool.chunks[k].start = bounds[k];
		pool.chunks[k].end = bounds[k + 1];
	}
	range_threads_run(th, nt);
	if (!range_discard(&pool, th, nt)) {
		range_collect(run, idx, pool.chunks, n, th, nt, tally);
		r = 0;
	}
	carry_chunks_free(pool.carry);
	free(pool.chunks);
out:
	free(bounds);
	return r;
}

/* The input's own format from its sampled lines: NULL when none of them
 * can decide (empty, blank-only) or none matches (a warning then says so
 * and the lines count as malformed). */
static struct format *settle_input(struct run *run, size_t idx, const struct settle *s)
{
	struct error err;
	struct format *fmt;
	char msg[ERROR_MSG_MAX + 256];

	if (!settle_can_decide(s))
		return NULL;
	fmt = settle_detect(s, run->candidates, &err);
	if (fmt) {
		snprintf(run->res->input_formats[idx], FORMAT_NAME_MAX, "%s", format_name(fmt));
		return fmt;
	}
	snprintf(run->res->input_formats[idx], FORMAT_NAME_MAX, "unknown");
	snprintf(msg, sizeof msg, "warning: %s: no known format matches its first lines (%s); "
	         "its lines are counted as malformed; name the format with --format",
	         run->res->inputs[idx].name, err.msg);
	note(run, idx, msg, false);
	return NULL;
}

static bool is_stream(const struct input *in, const char *path)
{
	return input_is_compressed(in) || !strcmp(path, "-");
}

/* Counts the sampled lines and the rest of in with w (this thread's);
 * the input's tally, lines and bytes are filled. */
static void count_inline(struct run *run, struct worker *w, size_t idx, struct input *in,
                         const struct format *fmt, const struct settle *s, int r)
{
	struct input_line line;
	struct error err;
	size_t i;

	w->input = idx;
	w->tally = (struct worker_tally){0};
	if (worker_set_format(w, fmt, &err) < 0)
		input_failed(run, idx, err.msg);   /* every line then counts malformed */
	for (i = 0; i < s->n; i++)
		worker_line(w, &s->lines[i]);
	if (r == 0)   /* the sample stopped short of the end: read on */
		while ((r = input_next_line(in, &line, &err)) == 1)
			worker_line(w, &line);
	if (r < 0)
		input_failed(run, idx, err.msg);
	worker_set_format(w, NULL, NULL);   /* fmt may be freed next */
	run->res->inputs[idx].tally = w->tally;
	run->res->inputs[idx].lines = input_lines(in);
	run->res->inputs[idx].bytes = input_bytes(in);
}

/* Counts a stream with parser threads fed by this one; false if none
 * could be started (nothing was read: the caller counts inline). */
static bool count_fanout(struct run *run, size_t idx, struct input *in,
                         const struct format *fmt, const struct settle *s,
                         struct worker_tally *tally)
{
	struct fanout_result out = {run->res->stats, &run->res->examples, {0}};
	struct error err;
	int r = fanout_run(run->cfg, fmt, in, idx, s, &out, &err);

	if (r == 1)
		return false;
	if (r < 0)
		input_failed(run, idx, err.msg);
	worker_tally_add(tally, &out.tally);
	return true;
}

static void count_input(struct run *run, size_t idx, const char *path, struct input *in,
                        const struct format *fmt, const struct settle *s, int r)
{
	struct worker_tally tally = {0};
	bool parallel = fmt && run->cfg->threads > 1 && format_is_splittable(fmt);
	bool ranges = fmt && run->cfg->threads > 1 && (parallel || format_has_carry(fmt));

	if (ranges && !is_stream(in, path)) {
		input_unmap(in);     /* the chunks' threads map windows of their own */
		if (process_ranges(run, idx, path, fmt, &tally) == 0)
			goto done;   /* nothing of the sample was counted: ranges start over */
	}
	if (parallel && r == 0 && is_stream(in, path) &&
	    count_fanout(run, idx, in, fmt, s, &tally))
		goto counted;
	count_inline(run, &run->main, idx, in, fmt, s, r);
	return;
counted:
	run->res->inputs[idx].lines = input_lines(in);
	run->res->inputs[idx].bytes = input_bytes(in);
done:
	run->res->inputs[idx].tally = tally;
}

/* Opens input idx (path) for reading whole by a thread whose probe says
 * whether settled files are mapped (allow_map). NULL when it cannot be
 * opened (reported). */
static struct input *open_input(struct run *run, size_t idx, const char *path,
                                struct input_map_probe *probe)
{
	struct error err;
	struct input *in = input_open(path, &err);

	if (!in) {
		input_failed(run, idx, err.msg);
		return NULL;
	}
	allow_map(in, run->cfg->read, probe);
	return in;
}

/* Opens input idx and settles its format: the forced one, or its own from
 * its first lines (into *own, the caller's to free; s keeps those lines,
 * *r how the sampling ended). NULL when it cannot be opened (reported). */
static struct input *open_settled(struct run *run, size_t idx, const char *path,
                                  struct input_map_probe *probe, struct settle *s,
                                  struct format **own, int *r)
{
	struct error err;
	struct input *in = open_input(run, idx, path, probe);

	*own = NULL;
	*r = 0;
	if (!in)
		return NULL;
	if (!run->forced) {
		*r = settle_fill(s, in, &err);
		*own = settle_input(run, idx, s);
	}
	return in;
}

static void process_input(struct run *run, size_t idx, const char *path)
{
	struct settle s = {0};
	struct format *own;
	int r;
	struct input *in = open_settled(run, idx, path, &run->probe, &s, &own, &r);

	if (!in)
		return;
	count_input(run, idx, path, in, run->forced ? run->forced : own, &s, r);
	pipeline_input_identify(&run->res->inputs[idx], path);
	settle_free(&s);
	format_free(own);
	input_close(in);
}

/* Whether a spreading thread leaves this file to be cut into chunks for
 * all threads afterwards: a plain regular file of SPLIT_MIN bytes or more
 * in a format that can be cut. Smaller ones are counted whole: one file a
 * thread balances the load well enough, without the cost of cutting. */
static bool spread_defers(const struct input *in, const char *path, const struct format *fmt)
{
	struct stat st;

	if (!fmt || !(format_is_splittable(fmt) || format_has_carry(fmt)) || is_stream(in, path))
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= SPLIT_MIN;
}

/* Input idx on spreading thread t: settled and counted whole, or left
 * (with its format) for spread_finish. */
static void spread_input(void *ctx, int t, size_t idx)
{
	struct run *run = ctx;
	struct input_slot *slot = &run->slots[idx];
	struct settle s = {0};
	struct format *own;
	const struct format *fmt;
	int r;
	struct input *in = open_settled(run, idx, run->files[idx], &run->threads[t].probe,
	                                &s, &own, &r);

	if (!in)
		return;
	fmt = run->forced ? run->forced : own;
	if (spread_defers(in, run->files[idx], fmt)) {
		slot->deferred = true;
		slot->own = own;
		own = NULL;
	} else {
		count_inline(run, &run->threads[t].w, idx, in, fmt, &s, r);
	}
	settle_free(&s);
	format_free(own);
	input_close(in);
}

/* A deferred file: its chunks shared by all threads, or (if it no longer
 * splits: it shrank) read whole here. */
static void count_deferred(struct run *run, size_t idx, const struct format *fmt)
{
	struct worker_tally tally = {0};
	struct settle none = {0};
	struct input *in;

	if (process_ranges(run, idx, run->files[idx], fmt, &tally) == 0) {
		run->res->inputs[idx].tally = tally;
		return;
	}
	in = open_input(run, idx, run->files[idx], &run->probe);
	if (!in)
		return;
	count_inline(run, &run->main, idx, in, fmt, &none, 0);
	input_close(in);
}

/* After the spread, in input order: each input's kept messages, then
 * (for a deferred file) its chunks, whose messages come at once. */
static void spread_finish(struct run *run, size_t n)
{
	struct input_slot *slots = run->slots;
	size_t i, k;

	run->slots = NULL;
	for (i = 0; i < n; i++) {
		for (k = 0; k < slots[i].n_notes; k++) {
			warn(run, slots[i].notes[k]);
			free(slots[i].notes[k]);
		}
		run->res->had_errors |= slots[i].failed;
		if (slots[i].deferred)
			count_deferred(run, i, run->forced ? run->forced : slots[i].own);
		format_free(slots[i].own);
	}
	free(slots);
}

/* Counts n inputs spread over the threads, file by file; false (nothing
 * done) if no thread's worker could be made. */
static bool spread_inputs(struct run *run, size_t n)
{
	struct error err;
	int k, nt = run->cfg->threads < MAX_THREADS ? run->cfg->threads : MAX_THREADS;

	nt = (size_t)nt < n ? nt : (int)n;
	run->threads = xcalloc_lines((size_t)nt, sizeof *run->threads);
	for (k = 0; k < nt; k++) {
		run->threads[k].stats = stats_new(&run->cfg->stats);
		if (worker_init(&run->threads[k].w, run->cfg, NULL, run->threads[k].stats, &err) < 0) {
			stats_free(run->threads[k].stats);
			break;
		}
	}
	if ((nt = k) > 0) {
		run->slots = xcalloc(n, sizeof *run->slots);
		spread_run(n, nt, spread_input, run);
	}
	for (k = 0; k < nt; k++) {
		struct spread_slot *th = &run->threads[k];

		stats_merge(run->res->stats, th->stats);
		example_list_append(&run->res->examples, &th->w, 0, th->w.n_examples, 0);
		worker_destroy(&th->w);
		stats_free(th->stats);
	}
	free(run->threads);
	run->threads = NULL;
	if (nt > 0)
		spread_finish(run, n);
	return nt > 0;
}

static void init_result(struct pipeline_result *res, char *const *files, size_t n)
{
	size_t i;

	memset(res, 0, sizeof *res);
	res->n_inputs = n;
	res->inputs = xcalloc(n, sizeof *res->inputs);
	res->input_names = xcalloc(n, sizeof *res->input_names);
	res->input_formats = xcalloc(n, sizeof *res->input_formats);
	for (i = 0; i < n; i++) {
		res->input_names[i] = xstrdup(strcmp(files[i], "-") ? files[i] : "(stdin)");
		res->inputs[i].name = res->input_names[i];
		snprintf(res->input_formats[i], FORMAT_NAME_MAX, "none");
		res->inputs[i].format = res->input_formats[i];
	}
	snprintf(res->format_name, sizeof res->format_name, "none");
}

/* The run's format: the one every input that settled agrees on, else
 * "mixed" ("none" when no input settled one). */
static void summarize_formats(struct pipeline_result *res)
{
	size_t i;

	for (i = 0; i < res->n_inputs; i++) {
		const char *f = res->input_formats[i];

		if (!strcmp(f, "none") || !strcmp(f, "unknown"))
			continue;
		if (!res->format_detected)
			snprintf(res->format_name, sizeof res->format_name, "%s", f);
		else if (strcmp(res->format_name, f) != 0)
			snprintf(res->format_name, sizeof res->format_name, "mixed");
		res->format_detected = true;
	}
}

/* --format: loaded once; every input that can be opened uses it. */
static int load_forced(struct run *run, struct error *err)
{
	size_t i;

	run->forced = format_load(run->cfg->format_spec, run->cfg->patterns_dir,
	                          run->cfg->fast_path, err);
	if (!run->forced)
		return -1;
	for (i = 0; i < run->res->n_inputs; i++)
		snprintf(run->res->input_formats[i], FORMAT_NAME_MAX, "%s",
		         format_name(run->forced));
	return 0;
}

int pipeline_run(const struct run_config *cfg, char *const *files, int n_files,
                 struct pipeline_result *res, struct error *err)
{
	static char *const stdin_only[] = {"-"};
	struct run_config seeded = *cfg;
	struct run run = {.cfg = &seeded, .res = res};
	size_t i, n = n_files > 0 ? (size_t)n_files : 1;

	if (!seeded.stats.hash_seed)   /* every thread's stats must share one */
		seeded.stats.hash_seed = stats_seed_new();
	cfg = &seeded;
	if (n_files <= 0)
		files = stdin_only;
	init_result(res, files, n);
	res->stats = stats_new(&cfg->stats);
	if (strcmp(cfg->format_spec, "auto") != 0) {
		if (load_forced(&run, err) < 0)
			return -1;
	} else {
		run.candidates = format_candidates_load(cfg->patterns_dir, cfg->fast_path);
	}
	if (worker_init(&run.main, cfg, NULL, res->stats, err) < 0) {
		format_free(run.forced);
		format_candidates_free(run.candidates);
		return -1;
	}
	run.files = files;
	if (cfg->threads <= 1 || n < (size_t)cfg->threads || !spread_inputs(&run, n))
		for (i = 0; i < n; i++)
			process_input(&run, i, files[i]);
	example_list_append(&res->examples, &run.main, 0, run.main.n_examples, 0);
	worker_destroy(&run.main);
	example_list_finish(&res->examples, cfg->show_malformed);
	summarize_formats(res);
	format_free(run.forced);
	format_candidates_free(run.candidates);
	return 0;
}

void pipeline_result_free(struct pipeline_result *res)
{
	size_t i;

	stats_free(res->stats);
	for (i = 0; res->input_names && i < res->n_inputs; i++)
		free(res->input_names[i]);
	free(res->input_names);
	free(res->input_formats);
	free(res->inputs);
	example_list_free(&res->examples);
	memset(res, 0, sizeof *res);
}
