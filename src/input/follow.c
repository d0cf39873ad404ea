/* follow.c: tail -F for one path, reading from its start, exact through
 * rotation. The path is followed by name: when it leads to another file
 * (rename + create, delete + recreate, a symlink swapped), the file we had
 * joins a list of rotated files that are still read through their open
 * descriptors until each has been quiet for the rotate wait (a server keeps
 * writing to its old log until it reopens), before the new file's lines
 * whenever they have something. The same file shorter than our offset, or
 * with other first bytes (source.c keeps them), is read again from 0
 * (copytruncate). Failed opens and reads are retried with backoff and
 * resume where they stopped; a FIFO is reopened when its writer leaves.
 * Waiting uses inotify when available, else a short sleep; never a spin.
 * Apart from lines.c because only the live pipeline waits for more data. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "input_impl.h"

#define FOLLOW_TICK_MS 250       /* re-check even without an event        */
#define FOLLOW_DRAIN_MS 50       /* check slice while rotated files drain */
#define FOLLOW_SLEEP_MS 100      /* sleep slice when inotify is unavailable */
#define FOLLOW_SPINS 16          /* changes in a row before waiting anyway */
#define FOLLOW_RETRY_MIN_MS 100  /* first retry after a fault, doubling... */
#define FOLLOW_RETRY_MAX_MS 2000 /* ...up to this                          */
#define FOLLOW_OLD_EVERY 256     /* lines of the current file between two
                                    looks at the rotated ones             */

enum { FOLLOW_IDLE = 0, FOLLOW_LINE = 1, FOLLOW_AGAIN = 2, FOLLOW_DONE = 3 };

static bool follow_is_stdin(const struct input *in)
{
	return strcmp(in->path, "-") == 0;
}

static int64_t follow_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* f (the input or one of its rotated files) failed: say so and wait
 * 100 ms, doubling up to 2 s, before the next attempt. A missing file is
 * retried at every look (its creation wakes us), not backed off. */
static void follow_fault(struct input *f, const struct error *err,
                         int backoff, int64_t now)
{
	if (backoff) {
		f->retry_ms = f->retry_ms == 0 ? FOLLOW_RETRY_MIN_MS :
		              f->retry_ms >= FOLLOW_RETRY_MAX_MS / 2 ?
		              FOLLOW_RETRY_MAX_MS : f->retry_ms * 2;
		f->retry_at = now + f->retry_ms;
	}
	snprintf(f->fault, sizeof f->fault, "%s", err->msg);
}

static void follow_healthy(struct input *f)
{
	f->retry_ms = 0;
	f->retry_at = 0;
	f->fault[0] = '\0';
}

/* Wakes on entries created or moved into the directory of the path. */
static void follow_watch_dir(struct input *in)
{
	const char *slash = strrchr(in->path, '/');
	char *dir;

	if (in->ino_fd < 0)
		return;
	if (!slash)
		dir = strdup(".");
	else if (slash == in->path)
		dir = strdup("/");
	else
		dir = strndup(in->path, (size_t)(slash - in->path));
	if (!dir)
		return;
	in->wd_dir = inotify_add_watch(in->ino_fd, dir, IN_ONLYDIR | IN_CREATE |
	                               IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE);
	free(dir);
}

/* Wakes on writes, truncation and renames of the file now open. */
static void follow_watch_file(struct input *in)
{
	if (in->ino_fd < 0)
		return;
	if (in->wd_file >= 0)
		(void)inotify_rm_watch(in->ino_fd, in->wd_file);
	in->wd_file = inotify_add_watch(in->ino_fd, in->path, IN_MODIFY |
	                                IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF);
}

/* Exchanges what belongs to one open file (descriptor, decoder, unread
 * bytes, identity, fault) between two inputs; the counters stay put. */
static void follow_swap_file(struct input *a, struct input *b)
{
	struct input t = *a;

#define FOLLOW_SWAP(field) (a->field = b->field, b->field = t.field)
	FOLLOW_SWAP(src);
	FOLLOW_SWAP(buf);
	FOLLOW_SWAP(cap);
	FOLLOW_SWAP(start);
	FOLLOW_SWAP(end);
	FOLLOW_SWAP(scanned);
	FOLLOW_SWAP(skipping);
	FOLLOW_SWAP(dev);
	FOLLOW_SWAP(ino);
	FOLLOW_SWAP(retry_ms);
	FOLLOW_SWAP(retry_at);
#undef FOLLOW_SWAP
	memcpy(a->fault, b->fault, sizeof a->fault);
	memcpy(b->fault, t.fault, sizeof b->fault);
}

static void follow_old_remove(struct input *in, size_t i)
{
	input_close(in->old[i]);
	memmove(in->old + i, in->old + i + 1,
	        (in->nold - i - 1) * sizeof in->old[0]);
	in->nold--;
}

/* The name leads back to a rotated file still open (a symlink swapped
 * back): continue it where it stopped instead of reading it twice. */
static void follow_reclaim(struct input *in)
{
	for (size_t i = 0; i < in->nold; i++) {
		struct input *o = in->old[i];

		if (o->dev == in->dev && o->ino == in->ino) {
			follow_swap_file(in, o);
			follow_old_remove(in, i);
			return;
		}
	}
}

/* Opens the path from offset 0: 0 or the errno (err = "PATH: reason"). */
static int follow_open_path(struct input *in, struct error *err)
{
	struct stat st;
	int e = source_open(&in->src, in->path, err);

	if (e == 0 && fstat(in->src.fd, &st) != 0) {
		e = errno;
		error_set(err, "%s: %s", in->path, strerror(e));
	}
	if (e != 0) {
		source_close(&in->src);
		return e;
	}
	in->dev = st.st_dev;
	in->ino = st.st_ino;
	lines_reset(in);
	follow_reclaim(in);
	if (in->wd_dir < 0)
		follow_watch_dir(in);
	follow_watch_file(in);
	return 0;
}

/* Opens the path, or records why not and when to try again. */
static int follow_try_open(struct input *in, int64_t now)
{
	struct error err;
	int e = follow_open_path(in, &err);
	bool missing = e == ENOENT || e == ENOTDIR;

	if (e == 0) {
		follow_healthy(in);
		return FOLLOW_AGAIN;
	}
	if (!missing)
		in->stats.open_errors++;
	follow_fault(in, &err, !missing, now);
	return FOLLOW_IDLE;
}

/* The path names another file: the one we had joins the rotated files
 * (the oldest is given up when FOLLOW_OLD_MAX are still being read), and
 * the new one is opened from 0. */
static int follow_rotate(struct input *in, int64_t now)
{
	struct error err;
	struct input *o;

	if (in->nold == FOLLOW_OLD_MAX)
		follow_old_remove(in, 0);
	o = input_alloc(in->path, &err);
	if (!o) {
		follow_fault(in, &err, true, now);
		return FOLLOW_IDLE;
	}
	follow_swap_file(in, o);
	o->following = true;
	o->line_max = in->line_max;
	o->last_data_ms = now;
	in->src.follow = true;
	in->old[in->nold++] = o;
	in->poll_olds = true;
	in->stats.rotations++;
	follow_healthy(in);
	return follow_try_open(in, now);
}

/* Same file, now shorter than what we read or with other first bytes:
 * copytruncate. Its partial last line is whole; then read it from 0. */
static int follow_truncated(struct input *in, struct input_line *line)
{
	if (lines_flush(in, line))
		return FOLLOW_LINE;
	source_restart(&in->src);
	lines_reset(in);
	in->stats.truncations++;
	return FOLLOW_AGAIN;
}

/* A pipe reached EOF. Stdin stays ended; a FIFO is opened again for its
 * next writer, before this end is closed, so data a writer leaves in
 * between stays in the pipe. */
static int follow_hup(struct input *in, struct input_line *line, int64_t now)
{
	struct input_source prev = in->src;
	struct error err;
	int e;

	if (lines_flush(in, line))
		return FOLLOW_LINE;      /* a pipe ended: its last line is whole */
	if (follow_is_stdin(in))
		return FOLLOW_IDLE;
	source_init(&in->src);
	in->src.follow = true;
	in->src.zbuf = prev.zbuf;
	prev.zbuf = NULL;
	e = follow_open_path(in, &err);
	source_close(&prev);
	if (e != 0) {
		in->stats.open_errors += e != ENOENT && e != ENOTDIR;
		follow_fault(in, &err, e != ENOENT && e != ENOTDIR, now);
		return FOLLOW_IDLE;
	}
	in->stats.reopens++;
	return FOLLOW_AGAIN;
}

/* Called at the end of the current file's data: what changed on disk? */
static int follow_check(struct input *in, struct input_line *line, int64_t now)
{
	struct stat st;

	if (in->src.fd < 0)
		return now >= in->retry_at ? follow_try_open(in, now) : FOLLOW_IDLE;
	if (in->src.hup)
		return follow_hup(in, line, now);
	if (follow_is_stdin(in))
		return FOLLOW_IDLE;
	if (stat(in->path, &st) == 0 && (st.st_dev != in->dev || st.st_ino != in->ino))
		return follow_rotate(in, now);
	if (!in->src.regular || fstat(in->src.fd, &st) != 0)
		return FOLLOW_IDLE;     /* (a vanished path keeps the old file) */
	if (in->src.replaced || (uint64_t)st.st_size < in->src.raw_off)
		return follow_truncated(in, line);
	if (now >= in->retry_at && (uint64_t)st.st_size > in->src.raw_off)
		return FOLLOW_AGAIN;    /* grew since our last read */
	return FOLLOW_IDLE;
}

/* The next line of a rotated file o, or FOLLOW_DONE once it has been quiet
 * for the rotate wait (its partial last line delivered first). */
static int follow_old_next(struct input *in, struct input *o,
                           struct input_line *line, int64_t now)
{
	uint64_t bytes = o->bytes, raw = o->src.raw_off;
	struct error err;
	int r = 0;

	if (now >= o->retry_at) {
		r = lines_next(o, line, false, &err);
		if (r < 0) {
			in->stats.read_errors++;
			error_prefix(&err, "%s (rotated)", o->path);
			follow_fault(o, &err, true, now);
			r = 0;
		} else if (o->retry_ms) {
			follow_healthy(o);
		}
	}
	if (r == 1 || o->src.raw_off != raw)
		o->last_data_ms = now;
	if (r == 0 && now - o->last_data_ms >= in->rotate_wait_ms &&
	    !(r = lines_flush(o, line)))
		return FOLLOW_DONE;
	if (r == 0)
		return FOLLOW_IDLE;
	line->number = ++in->lines;
	in->bytes += o->bytes - bytes;
	return FOLLOW_LINE;
}

/* The rotated files, oldest first: a line, or none now. */
static int follow_olds(struct input *in, struct input_line *line, int64_t now)
{
	size_t i = 0;
	int r;

	while (i < in->nold) {
		r = follow_old_next(in, in->old[i], line, now);
		if (r == FOLLOW_LINE) {
			in->poll_olds = true;   /* keep draining them first */
			return FOLLOW_LINE;
		}
		if (r == FOLLOW_DONE)
			follow_old_remove(in, i);
		else
			i++;
	}
	in->poll_olds = false;
	return FOLLOW_IDLE;
}

/* The next line of the current file: 1, or 0 at its end or in a fault. */
static int follow_current(struct input *in, struct input_line *line,
                          int64_t now)
{
	struct error err;
	int r;

	if (in->src.fd < 0 || now < in->retry_at)
		return 0;
	r = lines_next(in, line, false, &err);
	if (r < 0) {
		in->stats.read_errors++;
		error_prefix(&err, "%s", in->path);
		follow_fault(in, &err, true, now);
		return 0;
	}
	if (in->retry_ms)
		follow_healthy(in);
	return r;
}

/* One step: a line (FOLLOW_LINE), something changed (FOLLOW_AGAIN), or
 * nothing to do until more data or an event (FOLLOW_IDLE). */
static int follow_step(struct input *in, struct input_line *line, int64_t now)
{
	if (in->nold > 0 &&
	    (in->poll_olds || ++in->old_tick >= FOLLOW_OLD_EVERY)) {
		in->old_tick = 0;
		if (follow_olds(in, line, now) == FOLLOW_LINE)
			return FOLLOW_LINE;
	}
	if (follow_current(in, line, now) == 1)
		return FOLLOW_LINE;
	if (in->nold > 0 && follow_olds(in, line, now) == FOLLOW_LINE)
		return FOLLOW_LINE;
	return follow_check(in, line, now);
}

/* The earliest retry still ahead of now (INT64_MAX when none). */
static int64_t follow_next_retry(const struct input *in, int64_t now)
{
	int64_t at = in->retry_at > now ? in->retry_at : INT64_MAX;

	for (size_t i = 0; i < in->nold; i++)
		if (in->old[i]->retry_at > now && in->old[i]->retry_at < at)
			at = in->old[i]->retry_at;
	return at;
}

/* Sleeps until data or a file event may have arrived, at most ms. */
static void follow_wait(struct input *in, int64_t ms, int64_t now)
{
	struct pollfd p = { .fd = -1, .events = POLLIN };
	int64_t slice = ms < FOLLOW_TICK_MS ? ms : FOLLOW_TICK_MS;
	int64_t retry = follow_next_retry(in, now);
	char events[4096];

	if (in->nold > 0 && slice > FOLLOW_DRAIN_MS)
		slice = FOLLOW_DRAIN_MS;
	if (retry - now < slice)
		slice = retry - now;
	if (now < in->retry_at)
		p.fd = -1;              /* in a fault: sleep until the retry */
	else if (in->src.fd >= 0 && !in->src.regular && !in->src.hup)
		p.fd = in->src.fd;
	else if (in->ino_fd >= 0)
		p.fd = in->ino_fd;
	if (p.fd < 0 && slice > FOLLOW_SLEEP_MS)
		slice = FOLLOW_SLEEP_MS;
	if (poll(&p, p.fd >= 0 ? 1 : 0, (int)slice) > 0 && p.fd == in->ino_fd)
		while (read(in->ino_fd, events, sizeof events) > 0)
			;
}

struct input *input_open_follow(const char *path, struct error *err)
{
	struct input *in = input_alloc(path, err);
	int e;

	if (!in)
		return NULL;
	in->following = true;
	in->rotate_wait_ms = INPUT_ROTATE_WAIT_MS;
	in->src.follow = true;
	if (follow_is_stdin(in)) {
		e = source_open(&in->src, path, err);
	} else {
		in->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		follow_watch_dir(in);
		e = follow_open_path(in, err);
		if (e == ENOENT || e == ENOTDIR) {
			follow_fault(in, err, false, 0);
			e = 0;
		}
	}
	if (e != 0) {
		input_close(in);
		return NULL;
	}
	return in;
}

void input_follow_skip_existing(struct input *in)
{
	struct stat st;
	off_t at;

	if (!in->following || follow_is_stdin(in) || in->src.fd < 0 || !in->src.regular ||
	    in->src.raw_off != 0 || in->src.sniffed || fstat(in->src.fd, &st) != 0)
		return;
	at = source_line_end(&in->src, st.st_size);
	if (at > 0)
		(void)source_skip_to(&in->src, at);   /* failed: read from the start */
}

int input_next_line_wait(struct input *in, struct input_line *line,
                         int timeout_ms, struct error *err)
{
	int64_t now = follow_now_ms(), deadline = now + timeout_ms;
	int r, spins = 0;

	if (!in->following)
		return input_next_line(in, line, err);
	for (;;) {
		r = follow_step(in, line, now);
		if (r == FOLLOW_LINE)
			return 1;
		now = follow_now_ms();
		if (r == FOLLOW_AGAIN && ++spins < FOLLOW_SPINS)
			continue;
		spins = 0;
		if (timeout_ms >= 0 && now >= deadline)
			return 0;
		follow_wait(in, timeout_ms < 0 ? INT_MAX : deadline - now, now);
		now = follow_now_ms();
	}
}

void input_set_rotate_wait(struct input *in, int ms)
{
	in->rotate_wait_ms = ms < 0 ? 0 : ms;
}

const char *input_follow_fault(const struct input *in)
{
	if (in->fault[0])
		return in->fault;
	for (size_t i = 0; i < in->nold; i++)
		if (in->old[i]->fault[0])
			return in->old[i]->fault;
	return "";
}

void input_follow_stats(const struct input *in, struct follow_stats *st)
{
	*st = in->stats;
}
