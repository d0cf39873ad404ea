/* numbered_writer.h: the log writer of the follow tests. Every line it
 * writes carries a number counting up across all files ("N 203.0.113.9
 * "GET /item/N HTTP/1.1" 200 512"), so a reader can prove that each line
 * arrived exactly once. It writes whole lines in batches (as a server's
 * buffered log does), at a chosen rate, to one fd or alternating between
 * two (workers of one server reopening their log at different times), and
 * knows how many lines the reader has taken, because tail -F cannot read a
 * file that was rotated away before it was ever opened: nw_wait_opened
 * waits until the reader has a line of the current file. Header-only;
 * errors abort (a test tool). */
#ifndef NUMBERED_WRITER_H
#define NUMBERED_WRITER_H

#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define NW_BATCH (64u << 10)

struct nw {
	atomic_uint_fast64_t written;   /* lines written so far          */
	atomic_bool done;
	const atomic_uint_fast64_t *read; /* the reader's count          */
	uint64_t file_start;            /* lines before the current file */
	char buf[NW_BATCH + 128];
};

static inline int64_t nw_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static inline void nw_die(const char *what)
{
	perror(what);
	abort();
}

/* Opens (creating with mode) the log a server would write to. */
static inline int nw_open(struct nw *w, const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode);

	if (fd < 0)
		nw_die(path);
	w->file_start = atomic_load(&w->written);
	return fd;
}

static inline void nw_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, p, n);

		if (r < 0)
			nw_die("write");
		p += r;
		n -= (size_t)r;
	}
}

/* Writes n numbered lines to fd, in batches of whole lines. */
static inline void nw_put(struct nw *w, int fd, uint64_t n)
{
	size_t len = 0;

	while (n-- > 0) {
		unsigned long long k = atomic_load(&w->written);

		len += (size_t)snprintf(w->buf + len, 128,
		        "%llu 203.0.113.9 \"GET /item/%llu HTTP/1.1\" 200 512\n",
		        k, k % 977);
		atomic_store(&w->written, k + 1);
		if (len >= NW_BATCH || n == 0) {
			nw_write_all(fd, w->buf, len);
			len = 0;
		}
	}
}

/* Writes at `rate` lines a second for ms milliseconds, alternating
 * batches between fd_a and fd_b (pass the same fd twice for one file). */
static inline void nw_for(struct nw *w, int fd_a, int fd_b, int ms, double rate)
{
	int64_t t0 = nw_now_us(), now;
	uint64_t done = 0, due;
	bool flip = false;

	while ((now = nw_now_us()) - t0 < (int64_t)ms * 1000) {
		due = (uint64_t)((double)(now - t0) * rate / 1e6);
		if (due > done) {
			nw_put(w, flip ? fd_b : fd_a, due - done);
			done = due;
			flip = !flip;
		}
		usleep(1000);
	}
}

/* Waits (up to 20 s) until the reader holds a line of the current file:
 * then it has the file open and a rotation cannot hide it. */
static inline void nw_wait_opened(const struct nw *w)
{
	int64_t end = nw_now_us() + 20 * 1000000;

	while (atomic_load(w->read) <= w->file_start) {
		if (nw_now_us() > end) {
			fprintf(stderr, "numbered_writer: the reader never opened the file\n");
			abort();
		}
		usleep(500);
	}
}

/* Waits (up to 20 s) until the reader has every line written so far. */
static inline void nw_wait_caught_up(const struct nw *w)
{
	int64_t end = nw_now_us() + 20 * 1000000;

	while (atomic_load(w->read) < atomic_load(&w->written)) {
		if (nw_now_us() > end) {
			fprintf(stderr, "numbered_writer: the reader fell behind\n");
			abort();
		}
		usleep(200);
	}
}

#endif
