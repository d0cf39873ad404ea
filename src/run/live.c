/* live.c: the live pipeline behind the TUI. One reader thread per source
 * (stdin, or each file, followed like tail -F with -f) parses and counts
 * into stats shared under one mutex; the TUI only takes snapshots, is woken
 * through a pipe when lines arrive, and can reset or set a path filter.
 * Each source settles its own format (settle.h: from its first lines, or
 * as soon as it pauses with a line that can decide), so no source waits
 * for another and an empty or unreadable one decides nothing. The "/"
 * filter is a view: a second stats, counted (by a second worker per
 * source) only while a view is set, beside the unfiltered stats that never
 * stop; the filter is never changed in place, "/" builds a new one and
 * swaps it in. Each source's follow health (fault, rotations, errors) is
 * copied from its thread into the shared state under the lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "statusmon/escape.h"
#include "statusmon/live_run.h"
#include "statusmon/run_thread.h"
#include "statusmon/settle.h"
#include "statusmon/worker.h"
#include "statusmon/xalloc.h"
#include "live_rate.h"

#define MAX_SOURCES 64
#define FOLLOW_WAIT_MS 250
#define CLOCK_EVERY 256          /* lines between two stats_set_clock */

struct source {
	struct live *lv;
	const char *path;
	size_t idx;
	struct input *in;
	const struct format *fmt; /* the format it counts with (lock)       */
	struct format *own;       /* the format it settled (auto)          */
	uint64_t lines;           /* lines counted from it (lock)           */
	struct worker worker;     /* under lv->lock once started           */
	struct worker vworker;    /* the "/" view's, while one is set (lock) */
	struct follow_stats health;        /* copied from the thread (lock) */
	struct settle settle;     /* first lines while not settled         */
	struct run_thread thread;
	char fault[LIVE_TEXT_MAX];         /* copied from the thread (lock) */
	char format_name[64];     /* under lv->lock                         */
	bool follows;             /* opened with input_open_follow         */
	bool worker_ready;
	bool vworker_ready;
	bool ended;               /* its thread is done (lock)              */
	bool settled;
};

struct live {
	pthread_mutex_t lock;     /* stats, filters, workers, info strings */
	struct run_config cfg;
	struct format *forced;    /* --format: every source's              */
	struct filter *view;      /* "/": a copy of cfg.filter + a path    */
	struct stats *stats;      /* unfiltered by "/": never stops         */
	struct stats *vstats;     /* the "/" view's, NULL without a view    */
	double view_since;        /* wall clock the view started counting  */
	double counting_since;    /* wall clock of the start or last reset */
	struct live_arrivals arrivals;   /* for the header's lines/s       */
	char sources[300];
	char note[128];
	int rotate_wait_ms;
	char path_filter[256];
	char last_error[LIVE_TEXT_MAX];
	bool follow;
	struct source src[MAX_SOURCES];
	size_t n_src;
	atomic_bool stopping;
	atomic_bool notified;
	atomic_uint_least64_t lines, malformed, bytes;
	size_t n_ended;
	bool had_errors;
	int notify_pipe[2];
	double start;
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

static void set_error(struct live *lv, const char *msg, bool failed)
{
	pthread_mutex_lock(&lv->lock);
	escape_terminal(lv->last_error, sizeof lv->last_error, msg, strlen(msg));
	lv->had_errors |= failed;
	pthread_mutex_unlock(&lv->lock);
	notify(lv);
}

/* Counting starts over, the view's too (lock held). */
static void restart_counts(struct live *lv)
{
	stats_reset(lv->stats);
	if (lv->vstats)
		stats_reset(lv->vstats);
	atomic_store(&lv->lines, 0);
	atomic_store(&lv->malformed, 0);
	atomic_store(&lv->bytes, 0);
	lv->counting_since = live_clock_wall();
	if (lv->vstats)
		lv->view_since = lv->counting_since;
	live_arrivals_reset(&lv->arrivals, live_clock_mono());
}

static void count_line(struct source *s, const struct input_line *line)
{
	struct live *lv = s->lv;
	enum parse_result r;

	pthread_mutex_lock(&lv->lock);
	r = worker_line(&s->worker, line);
	if (s->vworker_ready)
		worker_line(&s->vworker, line);
	s->lines++;
	live_arrivals_add(&lv->arrivals, live_clock_mono());
	pthread_mutex_unlock(&lv->lock);
	atomic_fetch_add(&lv->lines, 1);
	atomic_fetch_add(&lv->bytes, line->n + 1);
	if (r == PARSE_MALFORMED)
		atomic_fetch_add(&lv->malformed, 1);
}

/* The clock for lines without a time, and the source's follow health
 * copied where other threads can read it (a changed fault wakes the
 * screen). */
static void source_tick(struct source *s)
{
	struct live *lv = s->lv;
	struct follow_stats health = {0};
	const char *fault = s->follows ? input_follow_fault(s->in) : "";
	bool changed;

	if (s->follows)
		input_follow_stats(s->in, &health);
	pthread_mutex_lock(&lv->lock);
	stats_set_clock(lv->stats, (long long)time(NULL));
	if (lv->vstats)
		stats_set_clock(lv->vstats, (long long)time(NULL));
	s->health = health;
	changed = strncmp(s->fault, fault, sizeof s->fault - 1) != 0;
	if (changed)
		snprintf(s->fault, sizeof s->fault, "%s", fault);
	pthread_mutex_unlock(&lv->lock);
	if (changed)
		notify(lv);
}

/* The source's format is decided from what it sampled (or was forced);
 * the sampled lines are then counted with it. */
static void settle_source(struct source *s)
{
	struct live *lv = s->lv;
	struct error err = {{0}};
	const struct format *fmt = lv->forced;
	char msg[ERROR_MSG_MAX + 300];
	size_t i;

	if (!fmt && settle_can_decide(&s->settle)) {
		struct format_candidates *fc = format_candidates_load(lv->cfg.patterns_dir,
		                                                      lv->cfg.fast_path);

		s->own = settle_detect(&s->settle, fc, &err);
		format_candidates_free(fc);
		fmt = s->own;
		if (!fmt) {
			snprintf(msg, sizeof msg, "%s: no known format matches its first lines (%s); "
			         "name the format with --format", s->path, err.msg);
			set_error(lv, msg, false);
		}
	}
	pthread_mutex_lock(&lv->lock);
	if (worker_set_format(&s->worker, fmt, &err) < 0)
		escape_terminal(lv->last_error, sizeof lv->last_error, err.msg, strlen(err.msg));
	if (s->vworker_ready && worker_set_format(&s->vworker, fmt, &err) < 0)
		escape_terminal(lv->last_error, sizeof lv->last_error, err.msg, strlen(err.msg));
	s->fmt = fmt;
	snprintf(s->format_name, sizeof s->format_name, "%s",
	         fmt ? format_name(fmt) : settle_can_decide(&s->settle) ? "unknown" : "detecting");
	s->settled = fmt || settle_can_decide(&s->settle);
	pthread_mutex_unlock(&lv->lock);
	for (i = 0; i < s->settle.n; i++)
		count_line(s, &s->settle.lines[i]);
	settle_clear(&s->settle);
}

static void take_line(struct source *s, const struct input_line *line)
{
	if (s->settled)
		count_line(s, line);
	else if (settle_add(&s->settle, line))
		settle_source(s);
	notify(s->lv);
}

/* True at the end of a source that ends: a file read once, a closed pipe. */
static bool source_ended(const struct source *s)
{
	return !s->follows || input_ended(s->in);
}

static void read_source(struct source *s)
{
	struct live *lv = s->lv;
	struct input_line line;
	struct error err;
	unsigned since_clock = 0;
	int r;

	while (!atomic_load(&lv->stopping)) {
		r = input_next_line_wait(s->in, &line, FOLLOW_WAIT_MS, &err);
		if (r == 1) {
			if (++since_clock == CLOCK_EVERY) {
				since_clock = 0;
				source_tick(s);
			}
			take_line(s, &line);
			continue;
		}
		if (r < 0) {
			set_error(lv, err.msg, true);
			break;
		}
		if (!s->settled && s->settle.n > 0)
			settle_source(s);   /* a pause: decide from what came */
		source_tick(s);
		if (source_ended(s))
			break;
	}
	if (s->settle.n > 0)
		settle_source(s);       /* ended or stopped before it settled */
}

static void *source_main(void *arg)
{
	struct source *s = arg;
	struct live *lv = s->lv;
	struct error err;

	s->follows = lv->follow || !strcmp(s->path, "-");
	s->in = s->follows ? input_open_follow(s->path, &err) : input_open(s->path, &err);
	if (s->in && s->follows)
		input_set_rotate_wait(s->in, lv->rotate_wait_ms);
	if (s->in && s->follows && lv->cfg.follow_from_end)
		input_follow_skip_existing(s->in);
	if (!s->in)
		set_error(lv, err.msg, true);
	else
		read_source(s);
	if (s->in)
		source_tick(s);         /* the last health, a fault cleared */
	pthread_mutex_lock(&lv->lock);
	s->ended = true;
	lv->n_ended++;
	pthread_mutex_unlock(&lv->lock);
	notify(lv);
	return NULL;
}

static void describe_sources(struct live *lv, char *const *files, size_t n)
{
	const char *first = strcmp(files[0], "-") ? files[0] : "(stdin)";
	char shown[200];

	escape_shown(shown, sizeof shown, first);
	if (n > 1)
		snprintf(lv->sources, sizeof lv->sources, "%s +%zu", shown, n - 1);
	else
		snprintf(lv->sources, sizeof lv->sources, "%s", shown);
}

static struct live *live_alloc(const struct run_config *cfg, const struct live_options *opt)
{
	struct live *lv = xcalloc(1, sizeof *lv);

	pthread_mutex_init(&lv->lock, NULL);
	lv->cfg = *cfg;
	lv->cfg.stats.recent_seconds = 900;
	lv->cfg.stats.recent_lines = 10;
	lv->follow = opt->follow;
	lv->rotate_wait_ms = opt->rotate_wait_ms >= 0 ? opt->rotate_wait_ms : INPUT_ROTATE_WAIT_MS;
	if (opt->note)
		escape_terminal(lv->note, sizeof lv->note, opt->note, strlen(opt->note));
	lv->stats = stats_new(&lv->cfg.stats);
	lv->notify_pipe[0] = lv->notify_pipe[1] = -1;
	lv->start = now_seconds();
	lv->counting_since = live_clock_wall();
	live_arrivals_reset(&lv->arrivals, live_clock_mono());
	return lv;
}

static int live_open_pipe(struct live *lv, struct error *err)
{
	if (pipe(lv->notify_pipe) < 0) {
		error_set(err, "pipe: %s", strerror(errno));
		return -1;
	}
	fcntl(lv->notify_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(lv->notify_pipe[1], F_SETFL, O_NONBLOCK);
	return 0;
}

/* Source i's worker, before its thread starts (no lock needed yet). */
static int source_init(struct live *lv, size_t i, const char *path, struct error *err)
{
	struct source *s = &lv->src[i];

	s->lv = lv;
	s->path = path;
	s->idx = i;
	if (worker_init(&s->worker, &lv->cfg, lv->forced, lv->stats, err) < 0)
		return -1;
	s->worker.input = i;
	s->worker_ready = true;
	s->settled = lv->forced != NULL;
	s->fmt = lv->forced;
	snprintf(s->format_name, sizeof s->format_name, "%s",
	         lv->forced ? format_name(lv->forced) : "detecting");
	return 0;
}

struct live *live_start(const struct run_config *cfg, char *const *files, int n_files,
                        const struct live_options *opt, struct error *err)
{
	static char *const stdin_only[] = {"-"};
	struct live *lv;
	size_t i, n = n_files > 0 ? (size_t)n_files : 1;

	if (n_files <= 0)
		files = stdin_only;
	if (n > MAX_SOURCES) {
		error_set(err, "the live screen follows at most %d files", MAX_SOURCES);
		return NULL;
	}
	lv = live_alloc(cfg, opt);
	if (live_open_pipe(lv, err) < 0)
		goto fail;
	if (strcmp(cfg->format_spec, "auto") != 0 &&
	    !(lv->forced = format_load(cfg->format_spec, cfg->patterns_dir, cfg->fast_path, err)))
		goto fail;
	describe_sources(lv, files, n);
	for (i = 0; i < n; i++, lv->n_src++)
		if (source_init(lv, i, files[i], err) < 0)
			goto fail;
	for (i = 0; i < n; i++)
		if (!run_thread_start(&lv->src[i].thread, source_main, &lv->src[i])) {
			char msg[600];

			snprintf(msg, sizeof msg, "%s: cannot start a reader thread: %s",
			         files[i], strerror(errno));
			set_error(lv, msg, true);
			lv->n_ended++;
		}
	return lv;
fail:
	live_stop(lv);
	return NULL;
}

bool live_stop(struct live *lv)
{
	bool had_errors;
	size_t i;

	atomic_store(&lv->stopping, true);
	for (i = 0; i < lv->n_src; i++) {
		struct source *s = &lv->src[i];

		run_thread_join(&s->thread);
		if (s->in)
			input_close(s->in);
		if (s->worker_ready)
			worker_destroy(&s->worker);
		if (s->vworker_ready)
			worker_destroy(&s->vworker);
		settle_free(&s->settle);
		format_free(s->own);
	}
	had_errors = lv->had_errors;
	format_free(lv->forced);
	filter_free(lv->view);
	stats_free(lv->stats);
	stats_free(lv->vstats);
	if (lv->notify_pipe[0] >= 0) {
		close(lv->notify_pipe[0]);
		close(lv->notify_pipe[1]);
	}
	pthread_mutex_destroy(&lv->lock);
	free(lv);
	return had_errors;
}

/* Every source's format if they agree, else "mixed" (lock held). */
static const char *sources_format(const struct live *lv)
{
	const char *name = "detecting";
	size_t i;

	for (i = 0; i < lv->n_src; i++) {
		const char *f = lv->src[i].format_name;

		if (!strcmp(f, "detecting"))
			continue;
		if (!strcmp(name, "detecting"))
			name = f;
		else if (strcmp(name, f) != 0)
			return "mixed";
	}
	return name;
}

/* The first source's fault now, escaped, with how many more (lock held). */
static void sources_fault(const struct live *lv, char *out, size_t cap)
{
	size_t i, n = 0, first = 0;
	char more[32] = "";

	out[0] = '\0';
	for (i = 0; i < lv->n_src; i++)
		if (lv->src[i].fault[0] && n++ == 0)
			first = i;
	if (n == 0)
		return;
	if (n > 1)
		snprintf(more, sizeof more, " (+%zu more)", n - 1);
	escape_terminal(out, cap - strlen(more), lv->src[first].fault,
	                strlen(lv->src[first].fault));
	strcat(out, more);
}

void live_get_info(struct live *lv, struct live_info *info)
{
	double t = now_seconds();

	memset(info, 0, sizeof *info);
	pthread_mutex_lock(&lv->lock);
	info->sources = lv->sources;
	info->format_name = sources_format(lv);
	info->note = lv->note;
	info->elapsed = t - lv->start;
	info->lines = atomic_load(&lv->lines);
	info->malformed = atomic_load(&lv->malformed);
	info->bytes = atomic_load(&lv->bytes);
	info->lines_per_second = live_arrivals_rate(&lv->arrivals, live_clock_mono());
	info->ended = !lv->follow && lv->n_ended == lv->n_src;
	memcpy(info->path_filter, lv->path_filter, sizeof info->path_filter);
	info->view_since = lv->vstats ? lv->view_since : 0;
	info->counting_since = lv->counting_since;
	memcpy(info->last_error, lv->last_error, sizeof info->last_error);
	sources_fault(lv, info->fault, sizeof info->fault);
	pthread_mutex_unlock(&lv->lock);
}

static void set_clocks(struct live *lv)
{
	long long now = (long long)time(NULL);

	stats_set_clock(lv->stats, now);   /* windows move on a quiet pipe too */
	if (lv->vstats)
		stats_set_clock(lv->vstats, now);
}

struct snapshot *live_snapshot(struct live *lv, const struct snapshot_options *opt)
{
	struct snapshot *snap;
	double since;

	pthread_mutex_lock(&lv->lock);
	set_clocks(lv);
	snap = stats_snapshot(lv->vstats ? lv->vstats : lv->stats, opt);
	since = lv->vstats ? lv->view_since : lv->counting_since;
	pthread_mutex_unlock(&lv->lock);
	if (snap)
		live_rate_snapshot(snap, since, live_clock_wall());
	return snap;
}

struct snapshot *live_snapshot_totals(struct live *lv)
{
	struct snapshot *snap;

	pthread_mutex_lock(&lv->lock);
	set_clocks(lv);
	snap = stats_snapshot(lv->stats, &(struct snapshot_options){0});
	pthread_mutex_unlock(&lv->lock);
	return snap;
}

static void source_info(const struct source *s, struct live_source_info *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", s->path);
	snprintf(out->format, sizeof out->format, "%s", s->format_name);
	out->lines = s->lines;
	out->rotations = s->health.rotations;
	out->truncations = s->health.truncations;
	out->reopens = s->health.reopens;
	out->open_errors = s->health.open_errors;
	out->read_errors = s->health.read_errors;
	memcpy(out->fault, s->fault, sizeof out->fault);
	out->ended = s->ended;
}

size_t live_get_sources(struct live *lv, struct live_source_info *out, size_t max)
{
	size_t i, n;

	pthread_mutex_lock(&lv->lock);
	n = lv->n_src;
	for (i = 0; i < n && i < max; i++)
		source_info(&lv->src[i], &out[i]);
	pthread_mutex_unlock(&lv->lock);
	return n;
}

int live_notify_fd(struct live *lv)
{
	return lv->notify_pipe[0];
}

/* Drained first, cleared after: a line counted in between either finds
 * the flag still set (and is in the snapshot the caller takes next) or
 * writes a new byte. The other order could eat that byte and leave the
 * flag set, and the screen would wait for its one-second tick. */
void live_ack(struct live *lv)
{
	char buf[64];

	while (read(lv->notify_pipe[0], buf, sizeof buf) > 0)
		;
	atomic_store(&lv->notified, false);
}

void live_reset(struct live *lv)
{
	pthread_mutex_lock(&lv->lock);
	restart_counts(lv);
	pthread_mutex_unlock(&lv->lock);
	notify(lv);
}

/* Every source's view worker over vstats with filter view, or none
 * (vstats NULL). Lock held. A worker that cannot be made leaves its
 * source out of the view, with the reason as the last error. */
static void view_workers_set(struct live *lv, struct stats *vstats, const struct filter *view)
{
	struct error err = {{0}};
	size_t i;

	for (i = 0; i < lv->n_src; i++) {
		struct source *s = &lv->src[i];

		if (s->vworker_ready)
			worker_destroy(&s->vworker);
		s->vworker_ready = false;
		if (!vstats || !s->worker_ready)
			continue;
		if (worker_init(&s->vworker, &lv->cfg, s->fmt, vstats, &err) < 0) {
			escape_terminal(lv->last_error, sizeof lv->last_error, err.msg,
			                strlen(err.msg));
			continue;
		}
		worker_set_filter(&s->vworker, view);
		s->vworker.input = i;
		s->vworker_ready = true;
	}
}

int live_set_path_filter(struct live *lv, const char *regex, struct error *err)
{
	struct filter *view = NULL, *old;
	struct stats *vstats = NULL, *old_stats;

	if (regex && *regex) {
		view = filter_copy(lv->cfg.filter);
		if (filter_set_path(view, regex, err) < 0) {
			filter_free(view);
			return -1;
		}
		vstats = stats_new(&lv->cfg.stats);
	}
	pthread_mutex_lock(&lv->lock);
	old = lv->view;
	old_stats = lv->vstats;
	lv->view = view;
	lv->vstats = vstats;
	view_workers_set(lv, vstats, view);
	snprintf(lv->path_filter, sizeof lv->path_filter, "%s", view ? regex : "");
	lv->view_since = live_clock_wall();
	set_clocks(lv);
	pthread_mutex_unlock(&lv->lock);
	filter_free(old);
	stats_free(old_stats);
	notify(lv);
	return 0;
}
