/* source.c: bytes from one file descriptor, inflated when the stream starts
 * with the gzip magic 1f 8b (checked on the bytes, never the name). Kept
 * apart from lines.c so the splitter sees one flat byte stream whatever the
 * input is: a plain file, a pipe, or any number of concatenated gzip members. */
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

static ssize_t source_raw(struct input_source *s, void *dst, size_t cap,
                          struct error *err)
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

static int source_gzip_start(struct input_source *s, struct error *err)
{
	if (!s->zbuf && !(s->zbuf = malloc(SOURCE_ZBUF))) {
		error_set(err, "out of memory");
		return -1;
	}
	memset(&s->z, 0, sizeof s->z);
	if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
		error_set(err, "cannot start gzip decoder");
		return -1;
	}
	s->z_ready = true;
	s->member_done = false;
	memcpy(s->zbuf, s->peek, s->npeek);
	s->z.next_in = s->zbuf;
	s->z.avail_in = (uInt)s->npeek;
	s->npeek = 0;
	return 0;
}

/* Reads the first two bytes to decide gzip or plain. Returns 1 decided,
 * 0 not yet (follow mode: too few bytes so far), -1 error. */
int source_sniff(struct input_source *s, struct error *err)
{
	ssize_t r = 1;

	while (!s->sniffed && s->npeek < 2 && r > 0) {
		r = source_raw(s, s->peek + s->npeek, 2 - s->npeek, err);
		if (r < 0)
			return -1;
		s->npeek += (size_t)r;
	}
	if (s->npeek < 2 && s->follow &&
	    (s->npeek == 0 || s->peek[0] == 0x1f) && !s->hup)
		return 0;
	if (!s->sniffed) {
		s->sniffed = true;
		s->gzip = s->npeek == 2 && s->peek[0] == 0x1f && s->peek[1] == 0x8b;
		if (s->gzip && source_gzip_start(s, err) < 0)
			return -1;
	}
	return 1;
}

/* Keeps an error for the next call when data came out before it. */
static ssize_t source_fail(struct input_source *s, size_t made,
                           const struct error *err)
{
	if (made == 0)
		return -1;
	s->pending = *err;
	s->failed = true;
	return (ssize_t)made;
}

/* After a member: skips zero padding; another member must start with 1f.
 * Anything else ends the data (1) with an error kept for later. */
static int source_next_member(struct input_source *s)
{
	z_stream *z = &s->z;

	while (z->avail_in > 0 && *z->next_in == 0) {
		z->next_in++;
		z->avail_in--;
	}
	if (z->avail_in == 0)
		return 0;
	if (*z->next_in != 0x1f) {
		/* the data itself ended well: its last line is whole */
		error_set(&s->pending, "trailing garbage after gzip data");
		s->failed = true;
		z->avail_in = 0;
		return 1;
	}
	inflateReset(z);
	s->member_done = false;
	return 0;
}

static ssize_t source_gunzip(struct input_source *s, char *dst, size_t cap,
                             struct error *err)
{
	z_stream *z = &s->z;
	size_t made;
	ssize_t r;
	int rc;

	if (cap > UINT32_MAX)
		cap = UINT32_MAX;
	z->next_out = (Bytef *)dst;
	z->avail_out = (uInt)cap;
	while ((made = cap - z->avail_out) == 0) {
		if (z->avail_in == 0) {
			r = source_raw(s, s->zbuf, SOURCE_ZBUF, err);
			if (r < 0)
				return -1;
			if (r == 0 && (s->member_done || s->follow))
				return 0;
			if (r == 0) {
				error_set(err, "truncated gzip stream");
				return -1;
			}
			z->next_in = s->zbuf;
			z->avail_in = (uInt)r;
		}
		if (s->member_done && source_next_member(s) > 0)
			return 0;
		if (s->member_done)
			continue;
		rc = inflate(z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			s->member_done = true;
		else if (rc == Z_MEM_ERROR)
			error_set(err, "out of memory in gzip decoder");
		else if (rc != Z_OK && !(rc == Z_BUF_ERROR && z->avail_in == 0))
			error_set(err, "corrupt gzip data (%s)",
			          z->msg ? z->msg : "unknown error");
		else
			continue;
		if (rc != Z_STREAM_END)
			return source_fail(s, cap - z->avail_out, err);
	}
	return (ssize_t)made;
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
	if (s->gzip)
		return source_gunzip(s, dst, cap, err);
	if (s->npeek > 0 && cap > 0) {
		size_t n = s->npeek < cap ? s->npeek : cap;

		memcpy(dst, s->peek, n);
		memmove(s->peek, s->peek + n, s->npeek - n);
		s->npeek -= n;
		return (ssize_t)n;
	}
	return source_raw(s, dst, cap, err);
}

static void source_gzip_end(struct input_source *s)
{
	if (s->z_ready)
		inflateEnd(&s->z);
	s->z_ready = false;
	s->gzip = false;
	s->member_done = false;
}

/* Follow mode, a regular file nothing was read from: the offset just past
 * its last "\n" (at most INPUT_LINE_MAX back; further back than that, the
 * end), or 0 for a gzip file or one without a newline. */
off_t source_line_end(struct input_source *s, off_t size)
{
	unsigned char buf[64 * 1024];
	off_t at = size, floor = size > (off_t)INPUT_LINE_MAX ? size - (off_t)INPUT_LINE_MAX : 0;
	ssize_t r = pread(s->fd, buf, 2, 0);

	if (r == 2 && buf[0] == 0x1f && buf[1] == 0x8b)
		return 0;
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
	s->gzip = false;
	return 0;
}

/* Back to offset 0 of the same fd (a copytruncate was seen). */
void source_restart(struct input_source *s)
{
	source_gzip_end(s);
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

	source_gzip_end(s);
	if (s->fd >= 0 && s->own_fd)
		close(s->fd);
	source_init(s);
	s->zbuf = zbuf;
	s->follow = follow;
}
