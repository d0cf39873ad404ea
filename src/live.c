/* live.c: the live pipeline behind the TUI. One reader thread per source
 * (stdin, or each file, followed like tail -F with -f) parses and counts
 * into stats shared under one mutex; the TUI only takes snapshots, is woken
 * through a pipe when lines arrive, and can reset or set a path filter.
 * --format=auto is settled on the first lines of the first source and
 * re-checked until SAMPLE_LINES were seen: if a better format shows up, the
 * counters restart and the sampled lines are counted again with it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "live_run.h"
#include "statusmon/escape.h"

#define LIVE_SAMPLE_LINES 100
#define MAX_SOURCES 64
#define FOLLOW_WAIT_MS 250

struct source {
	struct live *lv;
	const char *path;
	size_t idx;
	struct input *in;
	struct worker worker;
	bool worker_ready;
	pthread_t tid;
	bool started;
	bool blocking;            /* may block in read(): cancelled to stop */
};

struct live {
	pthread_mutex_t lock;     /* stats, filter, workers' filter state, info */
	pthread_cond_t settled_cond;
	struct pipeline_config cfg;
	struct filter *filter;
	struct stats *stats;
	struct format *fmt;
	bool format_frozen;
	struct sample sample;     /* first lines of source 0 while not frozen */
	char format_name[64];
	char sources[300];
	char path_filter[256];
	char last_error[512];
	bool follow;
	struct source src[MAX_SOURCES];
	size_t n_src;
	atomic_bool stopping;
	atomic_bool notified;
	atomic_uint_least64_t lines, malformed;
	size_t n_ended;
	bool had_errors;
	int notify_pipe[2];
	struct timespec start;
	double rate, rate_t;
	uint64_t rate_lines;
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void notify(struct live *lv)
{
	if (!atomic_exchange(&lv->notified, true))
		if (write(lv->notify_pipe[1], "x", 1) < 0) { /* pipe full: already readable */ }
}

static void set_error(struct live *lv, const char *msg)
{
	pthread_mutex_lock(&lv->lock);
	escape_terminal(lv->last_error, sizeof lv->last_error, msg, strlen(msg));
	lv->had_errors = true;
	pthread_mutex_unlock(&lv->lock);
	notify(lv);
}

/* Counting starts over (lock held). */
static void restart_counts(struct live *lv)
{
	stats_reset(lv->stats);
	atomic_store(&lv->lines, 0);
	atomic_store(&lv->malformed, 0);
	lv->rate_lines = 0;
}

/* (Re)creates a source's worker for the current format; lock held. */
static void source_rearm(struct source *s)
{
	struct error err;

	if (s->worker_ready)
		worker_destroy(&s->worker);
	s->lv->cfg.filter = s->lv->filter;
	if (worker_init(&s->worker, &s->lv->cfg, s->lv->fmt, s->lv->stats, &err) < 0)
		abort();   /* this format already made a parser once */
	s->worker.lock = &s->lv->lock;
	s->worker.input = s->idx;
	s->worker_ready = true;
}

static void count_line(struct source *s, const struct input_line *line)
{
	struct live *lv = s->lv;

	atomic_fetch_add(&lv->lines, 1);
	if (worker_line(&s->worker, line) != PARSE_OK)
		atomic_fetch_add(&lv->malformed, 1);
}

/* Source 0 before the format is frozen: keep the line, re-detect, and
 * recount the sample if the best format changed. */
static void sample_line(struct source *s, const struct input_line *line)
{
	struct live *lv = s->lv;
	struct format *fmt;
	struct error err;
	bool full = sample_add(&lv->sample, line);
	size_t i;

	fmt = sample_detect(&lv->sample, &lv->cfg, &err);
	if (fmt && (!lv->fmt || strcmp(format_name(fmt), format_name(lv->fmt)) != 0)) {
		pthread_mutex_lock(&lv->lock);
		format_free(lv->fmt);
		lv->fmt = fmt;
		snprintf(lv->format_name, sizeof lv->format_name, "%s", format_name(fmt));
		restart_counts(lv);
		source_rearm(s);
		pthread_mutex_unlock(&lv->lock);
		for (i = 0; i + 1 < lv->sample.n; i++)
			count_line(s, &lv->sample.lines[i]);
	} else {
		format_free(fmt);
	}
	count_line(s, &lv->sample.lines[lv->sample.n - 1]);
	if (full) {
		pthread_mutex_lock(&lv->lock);
		lv->format_frozen = true;
		pthread_cond_broadcast(&lv->settled_cond);
		pthread_mutex_unlock(&lv->lock);
		sample_free(&lv->sample);
	}
}

static void freeze_format(struct live *lv)
{
	pthread_mutex_lock(&lv->lock);
	lv->format_frozen = true;
	pthread_cond_broadcast(&lv->settled_cond);
	pthread_mutex_unlock(&lv->lock);
}

static int next_line(struct source *s, struct input_line *line, struct error *err)
{
	int r, old;

	if (s->lv->follow && !s->blocking)
		return input_next_line_wait(s->in, line, FOLLOW_WAIT_MS, err);
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	r = input_next_line(s->in, line, err);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	return r;
}

static void wait_for_format(struct source *s)
{
	struct live *lv = s->lv;

	pthread_mutex_lock(&lv->lock);
	while (!lv->format_frozen && !atomic_load(&lv->stopping))
		pthread_cond_wait(&lv->settled_cond, &lv->lock);
	source_rearm(s);
	pthread_mutex_unlock(&lv->lock);
}

static void read_source(struct source *s)
{
	struct live *lv = s->lv;
	struct input_line line;
	struct error err;
	unsigned since_clock = 0;
	int r;

	if (s->idx != 0 || lv->format_frozen) {
		wait_for_format(s);
	} else {
		pthread_mutex_lock(&lv->lock);
		source_rearm(s);
		pthread_mutex_unlock(&lv->lock);
	}
	while (!atomic_load(&lv->stopping)) {
		r = next_line(s, &line, &err);
		if (r == 0 && lv->follow && !s->blocking) {
			pthread_mutex_lock(&lv->lock);
			stats_set_clock(lv->stats, (long long)time(NULL));
			pthread_mutex_unlock(&lv->lock);
			continue;
		}
		if (r <= 0) {
			if (r < 0)
				set_error(lv, err.msg);
			break;
		}
		if (++since_clock == 256) {
			since_clock = 0;
			pthread_mutex_lock(&lv->lock);
			stats_set_clock(lv->stats, (long long)time(NULL));
			pthread_mutex_unlock(&lv->lock);
		}
		if (!lv->format_frozen)
			sample_line(s, &line);
		else
			count_line(s, &line);
		notify(lv);
	}
}

static void *source_main(void *arg)
{
	struct source *s = arg;
	struct live *lv = s->lv;
	struct error err;
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	s->blocking = !strcmp(s->path, "-") || !lv->follow;
	s->in = s->blocking ? input_open(s->path, &err) : input_open_follow(s->path, &err);
	if (!s->in)
		set_error(lv, err.msg);
	else
		read_source(s);
	if (s->idx == 0 && !lv->format_frozen)
		freeze_format(lv);   /* the first source ended before the sample filled */
	pthread_mutex_lock(&lv->lock);
	lv->n_ended++;
	pthread_mutex_unlock(&lv->lock);
	notify(lv);
	return NULL;
}

/* --format=auto on a regular file: settle the format now, from its first
 * lines, so every source starts counting at once. */
static void predetect(struct live *lv, const char *path)
{
	struct sample s = {0};
	struct error err;
	struct input *in;

	if (!strcmp(path, "-") || !(in = input_open(path, &err)))
		return;
	sample_fill(&s, in, &err);
	input_close(in);
	if (s.n > 0)
		lv->fmt = sample_detect(&s, &lv->cfg, &err);
	sample_free(&s);
	if (lv->fmt) {
		lv->format_frozen = true;
		snprintf(lv->format_name, sizeof lv->format_name, "%s", format_name(lv->fmt));
	}
}

static void describe_sources(struct live *lv, char *const *files, size_t n)
{
	const char *first = strcmp(files[0], "-") ? files[0] : "(stdin)";
	char shown[200];

	escape_terminal(shown, sizeof shown, first, strlen(first));
	if (n > 1)
		snprintf(lv->sources, sizeof lv->sources, "%s +%zu", shown, n - 1);
	else
		snprintf(lv->sources, sizeof lv->sources, "%s", shown);
}

static struct live *live_alloc(const struct pipeline_config *cfg, struct filter *filter,
                               bool follow)
{
	struct live *lv = calloc(1, sizeof *lv);

	if (!lv)
		abort();
	pthread_mutex_init(&lv->lock, NULL);
	pthread_cond_init(&lv->settled_cond, NULL);
	lv->cfg = *cfg;
	lv->cfg.stats.recent_seconds = 900;
	lv->cfg.stats.recent_lines = 10;
	lv->filter = filter;
	lv->follow = follow;
	lv->stats = stats_new(&lv->cfg.stats);
	snprintf(lv->format_name, sizeof lv->format_name, "detecting");
	clock_gettime(CLOCK_MONOTONIC, &lv->start);
	lv->rate_t = now_seconds();
	return lv;
}

struct live *live_start(const struct pipeline_config *cfg, struct filter *filter,
                        char *const *files, int n_files, bool follow, struct error *err)
{
	static char *const stdin_only[] = {"-"};
	sigset_t block, old_mask;
	struct live *lv;
	size_t i, n = n_files > 0 ? (size_t)n_files : 1;

	if (n_files <= 0)
		files = stdin_only;
	if (n > MAX_SOURCES) {
		error_set(err, "the live screen follows at most %d files", MAX_SOURCES);
		return NULL;
	}
	lv = live_alloc(cfg, filter, follow);
	if (pipe(lv->notify_pipe) < 0) {
		error_set(err, "pipe: %s", strerror(errno));
		live_stop(lv);
		return NULL;
	}
	fcntl(lv->notify_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(lv->notify_pipe[1], F_SETFL, O_NONBLOCK);
	if (strcmp(cfg->format_spec, "auto") != 0) {
		lv->fmt = format_load(cfg->format_spec, cfg->patterns_dir, cfg->fast_path, err);
		if (!lv->fmt) {
			live_stop(lv);
			return NULL;
		}
		lv->format_frozen = true;
		snprintf(lv->format_name, sizeof lv->format_name, "%s", format_name(lv->fmt));
	} else {
		predetect(lv, files[0]);
	}
	describe_sources(lv, files, n);
	/* readers inherit a mask blocking the signals the TUI's thread handles
	 * (SIGINT, SIGTERM, SIGWINCH...), so those reach it at once */
	sigfillset(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old_mask);
	for (i = 0; i < n; i++) {
		struct source *s = &lv->src[lv->n_src++];

		s->lv = lv;
		s->path = files[i];
		s->idx = i;
		s->started = pthread_create(&s->tid, NULL, source_main, s) == 0;
		if (!s->started)
			set_error(lv, "cannot start a reader thread");
	}
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return lv;
}

bool live_stop(struct live *lv)
{
	bool had_errors;
	size_t i;

	atomic_store(&lv->stopping, true);
	pthread_mutex_lock(&lv->lock);
	pthread_cond_broadcast(&lv->settled_cond);
	pthread_mutex_unlock(&lv->lock);
	for (i = 0; i < lv->n_src; i++) {
		struct source *s = &lv->src[i];

		if (!s->started)
			continue;
		if (s->blocking)
			pthread_cancel(s->tid);   /* it may sit in read() on a quiet pipe */
		pthread_join(s->tid, NULL);
		if (s->in)
			input_close(s->in);
		if (s->worker_ready)
			worker_destroy(&s->worker);
	}
	had_errors = lv->had_errors;
	sample_free(&lv->sample);
	format_free(lv->fmt);
	stats_free(lv->stats);
	if (lv->notify_pipe[0] > 0) {
		close(lv->notify_pipe[0]);
		close(lv->notify_pipe[1]);
	}
	pthread_cond_destroy(&lv->settled_cond);
	pthread_mutex_destroy(&lv->lock);
	free(lv);
	return had_errors;
}

void live_get_info(struct live *lv, struct live_info *info)
{
	double t = now_seconds();
	uint64_t lines = atomic_load(&lv->lines);

	memset(info, 0, sizeof *info);
	pthread_mutex_lock(&lv->lock);
	if (t - lv->rate_t >= 1.0 || lines < lv->rate_lines) {
		double inst = lines >= lv->rate_lines ? (lines - lv->rate_lines) / (t - lv->rate_t) : 0;

		lv->rate = lv->rate_t == 0 ? inst : 0.5 * lv->rate + 0.5 * inst;
		lv->rate_t = t;
		lv->rate_lines = lines;
	}
	info->sources = lv->sources;
	info->format_name = lv->format_name;
	info->elapsed = t - ((double)lv->start.tv_sec + lv->start.tv_nsec / 1e9);
	info->lines = lines;
	info->malformed = atomic_load(&lv->malformed);
	info->lines_per_second = lv->rate;
	info->ended = !lv->follow && lv->n_ended == lv->n_src;
	memcpy(info->path_filter, lv->path_filter, sizeof info->path_filter);
	memcpy(info->last_error, lv->last_error, sizeof info->last_error);
	pthread_mutex_unlock(&lv->lock);
}

struct snapshot *live_snapshot(struct live *lv, const struct snapshot_options *opt)
{
	struct snapshot *snap;

	pthread_mutex_lock(&lv->lock);
	stats_set_clock(lv->stats, (long long)time(NULL));   /* windows move on a quiet pipe too */
	snap = stats_snapshot(lv->stats, opt);
	pthread_mutex_unlock(&lv->lock);
	return snap;
}

int live_notify_fd(struct live *lv)
{
	return lv->notify_pipe[0];
}

void live_ack(struct live *lv)
{
	char buf[64];

	atomic_store(&lv->notified, false);
	while (read(lv->notify_pipe[0], buf, sizeof buf) > 0)
		;
}

void live_reset(struct live *lv)
{
	pthread_mutex_lock(&lv->lock);
	restart_counts(lv);
	pthread_mutex_unlock(&lv->lock);
	notify(lv);
}

int live_set_path_filter(struct live *lv, const char *regex, struct error *err)
{
	size_t i;
	int r;

	pthread_mutex_lock(&lv->lock);
	r = filter_set_path(lv->filter, regex, err);
	if (r == 0) {
		snprintf(lv->path_filter, sizeof lv->path_filter, "%s", regex);
		for (i = 0; i < lv->n_src; i++) {
			struct worker *w = &lv->src[i].worker;

			if (!lv->src[i].worker_ready)
				continue;
			filter_scratch_free(w->scratch);
			w->filter = filter_is_empty(lv->filter) ? NULL : lv->filter;
			w->scratch = w->filter ? filter_scratch_new(lv->filter) : NULL;
		}
		restart_counts(lv);
	}
	pthread_mutex_unlock(&lv->lock);
	notify(lv);
	return r;
}
