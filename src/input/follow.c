/* follow.c: tail -F for one path, reading from its start. At the end of the
 * data it waits (inotify when available, else a short sleep; never a spin)
 * and notices growth, rotation by rename (the old file is read to its end,
 * then the new one from 0), copytruncate (size below our offset: start again
 * at 0) and a path that does not exist yet or vanishes for a while. A partial
 * last line is held back until its "\n" arrives or its file goes away.
 * Apart from lines.c because only the live pipeline waits for more data. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "input_impl.h"

#define FOLLOW_TICK_MS 250   /* re-check even without an event           */
#define FOLLOW_SLEEP_MS 100  /* sleep slice when inotify is unavailable  */
#define FOLLOW_SPINS 16      /* changes in a row before waiting anyway   */

enum { FOLLOW_IDLE = 0, FOLLOW_LINE = 1, FOLLOW_AGAIN = 2 };

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

/* Opens the path from offset 0: 0 or the errno (err = "PATH: reason"). */
static int follow_open_path(struct input *in, struct error *err)
{
	struct stat st;
	int e = source_open(&in->src, in->path, err);

	if (e == 0 && fstat(in->src.fd, &st) != 0)
		e = errno;
	if (e != 0) {
		source_close(&in->src);
		return e;
	}
	in->dev = st.st_dev;
	in->ino = st.st_ino;
	in->broken = false;
	in->draining = false;
	in->last_errno = 0;
	lines_reset(in);
	if (in->wd_dir < 0)
		follow_watch_dir(in);
	follow_watch_file(in);
	return 0;
}

/* A missing file is waited for silently; another failure is reported once
 * until it changes. */
static int follow_open_failed(struct input *in, int e)
{
	if (e == ENOENT || e == ENOTDIR || e == in->last_errno)
		return FOLLOW_IDLE;
	in->last_errno = e;
	return -1;
}

/* The path names another file. Read the old one to its end once more (a
 * writer may have added lines between our last read and the rename we just
 * saw), deliver its partial last line, then switch to the new file. */
static int follow_rotate(struct input *in, struct input_line *line,
                         struct error *err)
{
	int e;

	if (!in->draining) {
		in->draining = true;
		return FOLLOW_AGAIN;
	}
	if (lines_flush(in, line))
		return FOLLOW_LINE;
	source_close(&in->src);
	e = follow_open_path(in, err);
	return e == 0 ? FOLLOW_AGAIN : follow_open_failed(in, e);
}

/* Same file, now shorter than what we read: copytruncate. */
static int follow_truncated(struct input *in, struct input_line *line)
{
	if (lines_flush(in, line))
		return FOLLOW_LINE;
	source_restart(&in->src);
	lines_reset(in);
	in->broken = false;
	return FOLLOW_AGAIN;
}

/* Called at the end of the data: what changed on disk? */
static int follow_check(struct input *in, struct input_line *line,
                        struct error *err)
{
	struct stat st;
	int e;

	if (in->src.fd < 0) {
		e = follow_open_path(in, err);
		return e == 0 ? FOLLOW_AGAIN : follow_open_failed(in, e);
	}
	if (in->src.hup && lines_flush(in, line))
		return FOLLOW_LINE;     /* a pipe ended: its last line is whole */
	if (follow_is_stdin(in) || stat(in->path, &st) != 0)
		return FOLLOW_IDLE;     /* gone for now: keep the old file */
	if (st.st_dev != in->dev || st.st_ino != in->ino)
		return follow_rotate(in, line, err);
	if (!in->src.regular || fstat(in->src.fd, &st) != 0)
		return FOLLOW_IDLE;
	if ((uint64_t)st.st_size < in->src.raw_off)
		return follow_truncated(in, line);
	if (!in->broken && (uint64_t)st.st_size > in->src.raw_off)
		return FOLLOW_AGAIN;    /* grew since our last read */
	return FOLLOW_IDLE;
}

/* Sleeps until data or a file event may have arrived, at most ms. */
static void follow_wait(struct input *in, int64_t ms)
{
	struct pollfd p = { .fd = -1, .events = POLLIN };
	int64_t slice = ms < FOLLOW_TICK_MS ? ms : FOLLOW_TICK_MS;
	char events[4096];

	if (in->src.fd >= 0 && !in->src.regular && !in->src.hup && !in->broken)
		p.fd = in->src.fd;
	else if (in->ino_fd >= 0)
		p.fd = in->ino_fd;
	else if (slice > FOLLOW_SLEEP_MS)
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
	in->src.follow = true;
	if (follow_is_stdin(in)) {
		e = source_open(&in->src, path, err);
	} else {
		in->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		follow_watch_dir(in);
		e = follow_open_path(in, err);
		if (e == ENOENT || e == ENOTDIR)
			e = 0;
	}
	if (e != 0) {
		input_close(in);
		return NULL;
	}
	return in;
}

int input_next_line_wait(struct input *in, struct input_line *line,
                         int timeout_ms, struct error *err)
{
	int64_t deadline = follow_now_ms() + timeout_ms, left = INT_MAX;
	int r, spins = 0;

	if (!in->following)
		return input_next_line(in, line, err);
	for (;;) {
		if (in->src.fd >= 0 && !in->broken) {
			r = lines_next(in, line, false, err);
			if (r < 0) {
				in->broken = true;
				error_prefix(err, "%s", input_name(in));
			}
			if (r != 0)
				return r;
		}
		r = follow_check(in, line, err);
		if (r == FOLLOW_AGAIN && ++spins < FOLLOW_SPINS)
			continue;
		if (r == FOLLOW_LINE || r < 0)
			return r;
		spins = 0;
		if (timeout_ms >= 0 && (left = deadline - follow_now_ms()) <= 0)
			return 0;
		follow_wait(in, left);
	}
}
