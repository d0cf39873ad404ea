/* source.c: bytes from one file descriptor, decoded when the stream starts
 * with the gzip magic 1f 8b (gunzip.c) or the zstd magic 28 b5 2f fd
 * (unzstd.c), checked on the bytes, never the name. Kept apart from lines.c
 * so the splitter sees one flat byte stream whatever the input is: a plain
 * file, a pipe, or any number of concatenated gzip members or zstd frames. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "input_impl.h"

static int source_errno(struct error *err, const char *path, int e)
{
	char reason[256];

	if (strerror_r(e, reason, sizeof reason) != 0)
		strcpy(reason, "unknown error");
	if (path)
		error_set(err, "%s: %s", path, reason);
	else
		error_set(err, "%s", reason);
	return -1;
}

void source_init(struct input_source *s)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->limit = LIMIT_NONE;
}

/* Opens path ("-" is stdin). Follow mode opens without blocking on a FIFO
 * that has no writer yet. Returns 0 or the errno, err = "PATH: reason". */
int source_open(struct input_source *s, const char *path, struct error *err)
{
	struct stat st;
	int fd, flags = O_RDONLY | O_CLOEXEC;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, flags | (s->follow ? O_NONBLOCK : 0));
		if (fd < 0) {
			int e = errno;
			source_errno(err, path, e);
			return e;
		}
		if (s->follow)
			(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	}
	s->fd = fd;
	s->own_fd = fd != STDIN_FILENO;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		source_errno(err, path, e);
		return e;
	}
	if (S_ISDIR(st.st_mode)) {
		error_set(err, "%s: is a directory", path);
		return EISDIR;
	}
	s->regular = S_ISREG(st.st_mode);
	if (s->regular)
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return 0;
}

/* In follow mode a pipe is polled first so a read never blocks. */
static bool source_pipe_ready(struct input_source *s)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };

	if (s->hup)
		return false;
	return poll(&p, 1, 0) > 0;
}

/* Follow mode, regular file: are the first bytes we read still there? A
 * file truncated and refilled past our offset before we looked is only
 * told apart this way (copytruncate). Checked before every read, so the
 * bytes after our offset are never taken from the new content; a failed
 * check (pread error) says nothing and is ignored. */
static bool source_head_same(const struct input_source *s)
{
	unsigned char now[SOURCE_HEAD];
	ssize_t r;

	if (s->nhead == 0)
		return true;
	r = pread(s->fd, now, s->nhead, 0);
	if (r < 0)
		return true;
	return (size_t)r == s->nhead && memcmp(now, s->head, s->nhead) == 0;
}

/* Keeps the first SOURCE_HEAD bytes of a followed file (read at raw_off). */
static void source_keep_head(struct input_source *s, const void *src, size_t n)
{
	size_t want;

	if (!s->follow || !s->regular || s->raw_off >= SOURCE_HEAD)
		return;
	want = SOURCE_HEAD - (size_t)s->raw_off;
	if (n > want)
		n = want;
	memcpy(s->head + s->raw_off, src, n);
	s->nhead = (size_t)s->raw_off + n;
}

ssize_t source_raw(struct input_source *s, void *dst, size_t cap, struct error *err)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	ssize_t r;

	if (s->limit < cap)
		cap = (size_t)s->limit;
	if (cap == 0 || s->fd < 0 || s->replaced)
		return 0;
	if (s->follow && !s->regular && !source_pipe_ready(s))
		return 0;
	if (s->follow && s->regular && !source_head_same(s)) {
		s->replaced = true;    /* follow.c starts again from 0 */
		return 0;
	}
	for (;;) {
		r = read(s->fd, dst, cap);
		if (r >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN && !s->follow) {
			(void)poll(&p, 1, -1);
			continue;
		}
		if (errno == EAGAIN)
			return 0;
		return source_errno(err, NULL, errno);
	}
	if (r == 0 && !s->regular)
		s->hup = true;
	source_keep_head(s, dst, (size_t)r);
	s->raw_off += (uint64_t)r;
	if (s->limit != LIMIT_NONE)
		s->limit -= (uint64_t)r;
	return r;
}

ssize_t source_refill(struct input_source *s, const char *kind, size_t kept,
                      struct error *err)
{
	ssize_t r = source_raw(s, s->zbuf + kept, SOURCE_ZBUF - kept, err);

	if (r == 0 && (kept > 0 || !s->member_done) && !s->follow) {
		error_set(err, "truncated %s stream", kind);
		return -1;
	}
	return r;
}

/* Could the n bytes read so far still begin a magic number? */
static bool source_maybe_magic(const unsigned char *p, size_t n)
{
	static const unsigned char gz[] = {0x1f, 0x8b}, zst[] = {0x28, 0xb5, 0x2f, 0xfd};
	static const unsigned char skip[] = {0x2a, 0x4d, 0x18};   /* 5? 2a 4d 18 */

	if (n < sizeof gz && memcmp(p, gz, n) == 0)
		return true;
	if (n < sizeof zst && memcmp(p, zst, n) == 0)
		return true;
	return n < 4 && (n == 0 || ((p[0] & 0xf0) == 0x50 && memcmp(p + 1, skip, n - 1) == 0));
}

/* gzip: 1f 8b. zstd: a frame (28 b5 2f fd) or a skippable frame
 * (5x 2a 4d 18, as pzstd writes first). */
enum source_kind source_kind_of(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return SOURCE_GZIP;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		return SOURCE_ZSTD;
	if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18)
		return SOURCE_ZSTD;
	return SOURCE_PLAIN;
}

/* Reads the first bytes (up to SOURCE_MAGIC, fewer once they cannot be a
 * magic) to decide gzip, zstd or plain. Returns 1 decided, 0 not yet
 * (follow mode: too few bytes so far), -1 error. */
int source_sniff(struct input_source *s, struct error *err)
{
	ssize_t r = 1;

	while (!s->sniffed && source_maybe_magic(s->peek, s->npeek) && r > 0) {
		r = source_raw(s, s->peek + s->npeek, SOURCE_MAGIC - s->npeek, err);
		if (r < 0)
			return -1;
		s->npeek += (size_t)r;
	}
	if (!s->sniffed && s->follow && !s->hup && source_maybe_magic(s->peek, s->npeek))
		return 0;
	if (!s->sniffed) {
		s->sniffed = true;
		s->kind = source_kind_of(s->peek, s->npeek);
		if (s->kind == SOURCE_GZIP)
			gunzip_start(s);
		if (s->kind == SOURCE_ZSTD && unzstd_start(s, err) < 0)
			return -1;
	}
	return 1;
}

/* Keeps an error for the next call when data came out before it. */
ssize_t source_fail(struct input_source *s, size_t made, const struct error *err)
{
	if (made == 0)
		return -1;
	s->pending = *err;
	s->failed = true;
	return (ssize_t)made;
}

/* The data ended well (its last line is whole) but bytes that are no
 * further member follow: the error comes after the data. */
void source_ended(struct input_source *s, const char *why)
{
	error_set(&s->pending, "%s", why);
	s->failed = true;
}

int source_pending(struct input_source *s, struct error *err)
{
	if (!s->failed)
		return 0;
	s->failed = false;
	*err = s->pending;
	return -1;
}

ssize_t source_read(struct input_source *s, char *dst, size_t cap,
                    struct error *err)
{
	int r;

	if (source_pending(s, err) < 0)
		return -1;
	if (!s->sniffed) {
		r = source_sniff(s, err);
		if (r <= 0)
			return r;
	}
	if (s->kind == SOURCE_GZIP)
		return gunzip_read(s, dst, cap, err);
	if (s->kind == SOURCE_ZSTD)
		return unzstd_read(s, dst, cap, err);
	if (s->npeek > 0 && cap > 0) {
		size_t n = s->npeek < cap ? s->npeek : cap;

		memcpy(dst, s->peek, n);
		memmove(s->peek, s->peek + n, s->npeek - n);
		s->npeek -= n;
		return (ssize_t)n;
	}
	/* at most SOURCE_READ_STEP at a time, so the bytes the kernel copies
	 * are still in the cache when the lines are split and parsed (a 1 MiB
	 * read measured ~10% slower for the bare scan of a big file) */
	return source_raw(s, dst, cap > SOURCE_READ_STEP ? SOURCE_READ_STEP : cap, err);
}

static void source_decoder_end(struct input_source *s)
{
	gunzip_end(s);
	unzstd_end(s);
	s->kind = SOURCE_PLAIN;
	s->member_done = false;
}

/* Follow mode, a regular file nothing was read from: the offset just past
 * its last "\n" (at most INPUT_LINE_MAX back; further back than that, the
 * end), or 0 for a compressed file or one without a newline. */
off_t source_line_end(struct input_source *s, off_t size)
{
	unsigned char buf[64 * 1024];
	off_t at = size, floor = size > (off_t)INPUT_LINE_MAX ? size - (off_t)INPUT_LINE_MAX : 0;
	ssize_t r = pread(s->fd, buf, SOURCE_MAGIC, 0);

	if (r > 0 && source_kind_of(buf, (size_t)r) != SOURCE_PLAIN)
		return 0;   /* compressed: read it whole */
	while (at > floor) {
		size_t n = at - floor < (off_t)sizeof buf ? (size_t)(at - floor) : sizeof buf;
		size_t i;

		r = pread(s->fd, buf, n, at - (off_t)n);
		if (r != (ssize_t)n)
			return 0;
		for (i = n; i > 0; i--)
			if (buf[i - 1] == '\n')
				return at - (off_t)n + (off_t)i;
		at -= (off_t)n;
	}
	return floor > 0 ? size : 0;
}

/* Follow mode: reading starts at off of an uncompressed file, its first
 * bytes kept as if read (the copytruncate check compares them). */
int source_skip_to(struct input_source *s, off_t off)
{
	size_t want = off < (off_t)SOURCE_HEAD ? (size_t)off : SOURCE_HEAD;
	ssize_t r = pread(s->fd, s->head, want, 0);

	if (r != (ssize_t)want || lseek(s->fd, off, SEEK_SET) != off)
		return -1;
	s->nhead = want;
	s->raw_off = (uint64_t)off;
	s->sniffed = true;
	s->kind = SOURCE_PLAIN;
	return 0;
}

/* Back to offset 0 of the same fd (a copytruncate was seen). */
void source_restart(struct input_source *s)
{
	source_decoder_end(s);
	if (s->fd >= 0 && s->regular)
		(void)lseek(s->fd, 0, SEEK_SET);
	s->sniffed = false;
	s->npeek = 0;
	s->raw_off = 0;
	s->nhead = 0;
	s->replaced = false;
	s->hup = false;
	s->failed = false;
}

void source_close(struct input_source *s)
{
	unsigned char *zbuf = s->zbuf;
	bool follow = s->follow;

	source_decoder_end(s);
	if (s->fd >= 0 && s->own_fd)
		close(s->fd);
	source_init(s);
	s->zbuf = zbuf;
	s->follow = follow;
}
