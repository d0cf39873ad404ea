/* input_testlib.h: helpers shared by the input tests: a private temp
 * directory, writing files, an independent (byte by byte) line splitter to
 * compare against, and draining an input into a list of lines. */
#ifndef INPUT_TESTLIB_H
#define INPUT_TESTLIB_H

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>
#include "statusmon/input.h"

/* Lines as the test expects them: content without "\n" and one "\r". */
struct tl_lines {
	size_t count, cap;
	char **p;
	size_t *n;
	bool *truncated;
};

static inline void tl_add(struct tl_lines *l, const char *p, size_t n, bool t)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->p = realloc(l->p, l->cap * sizeof *l->p);
		l->n = realloc(l->n, l->cap * sizeof *l->n);
		l->truncated = realloc(l->truncated, l->cap * sizeof *l->truncated);
		assert_non_null(l->p);
		assert_non_null(l->n);
		assert_non_null(l->truncated);
	}
	l->p[l->count] = malloc(n ? n : 1);
	assert_non_null(l->p[l->count]);
	memcpy(l->p[l->count], p, n);
	l->n[l->count] = n;
	l->truncated[l->count] = t;
	l->count++;
}

static inline void tl_free(struct tl_lines *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->p[i]);
	free(l->p);
	free(l->n);
	free(l->truncated);
	memset(l, 0, sizeof *l);
}

/* The reference splitter: one byte at a time, no memchr, no buffers. */
static inline void tl_split(struct tl_lines *l, const char *d, size_t len,
                            size_t line_max)
{
	size_t s = 0, i, n;

	for (i = 0; i <= len; i++) {
		if (i < len && d[i] != '\n')
			continue;
		if (i == len && s == len)
			break;
		n = i - s;
		if (n > 0 && d[s + n - 1] == '\r')
			n--;
		tl_add(l, d + s, n > line_max ? line_max : n, n > line_max);
		s = i + 1;
	}
}

/* Reads every line of in; returns input_next_line's last result. */
static inline int tl_drain(struct input *in, struct tl_lines *l,
                           struct error *err)
{
	struct input_line line;
	int r;

	while ((r = input_next_line(in, &line, err)) == 1) {
		assert_int_equal(line.number, l->count + 1);
		tl_add(l, line.p, line.n, line.truncated);
	}
	return r;
}

static inline void tl_assert_same(const struct tl_lines *want,
                                  const struct tl_lines *got)
{
	assert_int_equal(got->count, want->count);
	for (size_t i = 0; i < want->count; i++) {
		assert_int_equal(got->n[i], want->n[i]);
		assert_int_equal(got->truncated[i], want->truncated[i]);
		assert_memory_equal(got->p[i], want->p[i], want->n[i]);
	}
}

static inline size_t tl_count_newlines(const char *d, size_t len)
{
	size_t c = 0;

	for (size_t i = 0; i < len; i++)
		c += d[i] == '\n';
	return c;
}

/* Directories of tests that failed before tl_rmdir: tl_cleanup (after
 * the group ran) removes them. */
static char tl_dirs[64][4096];

static inline void tl_rm(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A fresh directory under TMPDIR for one test; tl_rmdir removes it. */
static inline char *tl_mkdir(void)
{
	const char *t = getenv("TMPDIR");
	char *dir = malloc(4096);

	assert_non_null(dir);
	snprintf(dir, 4096, "%s/sm-input-XXXXXX", t && *t ? t : "/tmp");
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < 64; i++) {
		if (!tl_dirs[i][0]) {
			strcpy(tl_dirs[i], dir);
			break;
		}
	}
	return dir;
}

static inline void tl_rmdir(char *dir)
{
	for (size_t i = 0; i < 64; i++)
		if (strcmp(tl_dirs[i], dir) == 0)
			tl_dirs[i][0] = '\0';
	tl_rm(dir);
	free(dir);
}

static inline int tl_cleanup(int result)
{
	for (size_t i = 0; i < 64; i++)
		if (tl_dirs[i][0])
			tl_rm(tl_dirs[i]);
	return result;
}

static inline char *tl_path(const char *dir, const char *name)
{
	char *p = malloc(4096);

	assert_non_null(p);
	snprintf(p, 4096, "%s/%s", dir, name);
	return p;
}

static inline void tl_write(const char *path, const char *mode,
                            const void *d, size_t len)
{
	FILE *f = fopen(path, mode);

	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(d, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Appends a line: first, then fill bytes ('d' after a '#', else 'x'),
 * maybe "\r", then "\n"; returns the end. */
static inline char *tl_put_line(char *w, char first, size_t fill, bool crlf)
{
	*w++ = first;
	memset(w, first == '#' ? 'd' : 'x', fill);
	w += fill;
	if (crlf)
		*w++ = '\r';
	*w++ = '\n';
	return w;
}

/* A deterministic generator so a failing case can be replayed. */
static inline uint32_t tl_rand(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*state >> 33);
}

struct tl_writer {
	int fd;
	const char *data;
	size_t len, chunk;
	size_t pause_at;     /* > 0: a pause once the first pause_at bytes are written */
};

/* Writes in small chunks so the reader sees a pipe trickle; with pause_at,
 * the reader sees the data cut there (its read returns the bytes before). */
static inline void *tl_writer_run(void *arg)
{
	struct tl_writer *w = arg;

	for (size_t off = 0, i = 0; off < w->len; i++) {
		size_t n = w->len - off < w->chunk ? w->len - off : w->chunk;

		if (off < w->pause_at && off + n > w->pause_at)
			n = w->pause_at - off;
		if (write(w->fd, w->data + off, n) != (ssize_t)n)
			break;
		off += n;
		if (i < 16 || off == w->pause_at)     /* the first bytes arrive one read at a time */
			usleep(off == w->pause_at ? 30000 : 1000);
	}
	close(w->fd);
	return NULL;
}

/* Reads data as "-" (stdin replaced by a pipe a thread writes to, cut
 * at pause_at if > 0): tl_drain's result, err set when it is -1. */
static inline int tl_drain_stdin(const char *data, size_t len, size_t chunk,
                                 size_t pause_at, struct tl_lines *got,
                                 struct error *err, bool *compressed, uint64_t *bytes)
{
	struct tl_writer w = { -1, data, len, chunk, pause_at };
	int p[2], saved = dup(STDIN_FILENO), r;
	struct input *in;
	pthread_t t;
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);

	assert_int_equal(pipe(p), 0);
	assert_int_not_equal(dup2(p[0], STDIN_FILENO), -1);
	close(p[0]);
	w.fd = p[1];
	assert_int_equal(pthread_create(&t, NULL, tl_writer_run, &w), 0);
	in = input_open("-", err);
	assert_non_null(in);
	assert_string_equal(input_name(in), "(stdin)");
	r = tl_drain(in, got, err);
	*compressed = input_is_compressed(in);   /* gzip or zstd */
	*bytes = input_bytes(in);
	input_close(in);
	/* the pipe's read end closed: a writer the reader left behind (it
	 * stopped at an error) fails with EPIPE instead of waiting forever */
	assert_int_not_equal(dup2(saved, STDIN_FILENO), -1);
	close(saved);
	pthread_join(t, NULL);
	signal(SIGPIPE, old_pipe);
	return r;
}

/* Reads data as "-", expecting no error. */
static inline void tl_read_stdin(const char *data, size_t len, size_t chunk,
                                 struct tl_lines *got, bool *compressed,
                                 uint64_t *bytes)
{
	struct error err;

	assert_int_equal(tl_drain_stdin(data, len, chunk, 0, got, &err, compressed, bytes), 0);
}

/* Log lines with the awkward cases mixed in (empty lines, NUL bytes, CRLF,
 * "\r\r"); long = a line of long_len bytes in the middle. */
static inline char *tl_make_log(size_t lines, size_t long_len, bool final_nl,
                               size_t *len, uint64_t seed)
{
	char *d = malloc(lines * 300 + long_len + 16), *w = d;

	assert_non_null(d);
	for (size_t i = 0; i < lines; i++) {
		uint32_t kind = tl_rand(&seed) % 16;

		if (i == lines / 2 && long_len) {
			memset(w, 'L', long_len);
			w += long_len;
		} else if (kind == 0) {
			/* an empty line */
		} else if (kind == 1) {
			w += sprintf(w, "10.0.0.%zu - - [x] \"GET /\" 200 1", i % 250);
			*w++ = '\0';
			w += sprintf(w, "nul");
		} else {
			w += sprintf(w, "192.0.2.%zu - - [17/May/2015:10:05:03 +0000] "
			             "\"GET /p/%zu HTTP/1.1\" %d %u", i % 250, i,
			             200 + (int)(tl_rand(&seed) % 4) * 100, tl_rand(&seed) % 99999);
			for (uint32_t k = tl_rand(&seed) % 120; k > 0; k--)
				*w++ = (char)('a' + tl_rand(&seed) % 26);
		}
		if (kind == 2 || kind == 3)
			*w++ = '\r';
		if (kind == 4)
			w += sprintf(w, "\r\r");   /* only one "\r" is removed */
		if (i + 1 < lines || final_nl)
			*w++ = '\n';
	}
	*len = (size_t)(w - d);
	return d;
}

#endif
