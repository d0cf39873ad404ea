/* marked.c: the lines of a plain file's byte range that begin with one
 * given byte (W3C directives: '#'), found without cutting every line: the
 * range is read in blocks and searched for that byte with memchr, a hit
 * kept where it starts a line. Directives are rare, so this costs about
 * one read of the range, where the line reader would cut each line. The
 * lines given are those input_next_line gives over the same range: one
 * trailing "\r" dropped, and a line longer than INPUT_LINE_MAX left out
 * (the reader delivers it truncated, and a truncated line is never
 * parsed). Memory: one block, plus one INPUT_LINE_MAX buffer only when a
 * marked line crosses a block. Apart from ranges.c, which only cuts.
 * The same search over a span already in memory (input_span_marked): a
 * held range is searched without being read again. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "input_impl.h"
#include "statusmon/xalloc.h"

#define MARK_BLOCK ((size_t)128 << 10)

struct marked {
	int fd;
	off_t end;
	char mark;
	char *block, *line;   /* line: INPUT_LINE_MAX + 2, made on first use */
	input_marked_fn fn;
	void *ctx;
};

/* Reads up to want bytes at pos: the count (0 at end of file), -1 on error. */
static ssize_t marked_read(int fd, char *buf, size_t want, off_t pos)
{
	ssize_t r;

	do
		r = pread(fd, buf, want, pos);
	while (r < 0 && errno == EINTR);
	return r;
}

/* Gives line [p, p + n) (no "\n") unless the reader would truncate it
 * (longer than line_max after one trailing "\r" is dropped). */
static void marked_give_max(input_marked_fn fn, void *ctx, const char *p, size_t n,
                            size_t line_max)
{
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (n <= line_max)
		fn(ctx, p, n);
}

static void marked_give(struct marked *m, const char *p, size_t n)
{
	marked_give_max(m->fn, m->ctx, p, n, INPUT_LINE_MAX);
}

/* The marked lines of b[0, len) that end in it (b[0] a line start when
 * at_start) given; where the first marked line without a "\n" in b
 * starts, or len when there is none. */
static size_t marked_scan(const char *b, size_t len, char mark, bool at_start,
                          size_t line_max, input_marked_fn fn, void *ctx)
{
	const char *h, *nl;
	size_t i = 0, k;

	while (i < len && (h = memchr(b + i, mark, len - i))) {
		k = (size_t)(h - b);
		if (k == 0 ? !at_start : b[k - 1] != '\n') {
			i = k + 1;
			continue;
		}
		if (!(nl = memchr(h, '\n', len - k)))
			return k;
		marked_give_max(fn, ctx, h, (size_t)(nl - h), line_max);
		i = (size_t)(nl - b) + 1;
	}
	return len;
}

/* The offset after the "\n" at or after pos (the range end if none). */
static off_t marked_skip_line(struct marked *m, off_t pos)
{
	ssize_t r;
	const char *nl;

	while (pos < m->end) {
		size_t want = m->end - pos < (off_t)MARK_BLOCK ? (size_t)(m->end - pos) : MARK_BLOCK;

		if ((r = marked_read(m->fd, m->block, want, pos)) <= 0)
			return r < 0 ? -1 : m->end;
		if ((nl = memchr(m->block, '\n', (size_t)r)))
			return pos + (nl - m->block) + 1;
		pos += r;
	}
	return m->end;
}

/* A marked line at pos that runs past the block: read whole (it is given
 * if it ends within INPUT_LINE_MAX + 2 bytes, as the reader would give it).
 * The offset after it, or -1. */
static off_t marked_long_line(struct marked *m, off_t pos)
{
	size_t cap = INPUT_LINE_MAX + 2, want;
	ssize_t r;
	const char *nl;

	if (!m->line)
		m->line = xmalloc(cap);
	want = m->end - pos < (off_t)cap ? (size_t)(m->end - pos) : cap;
	if ((r = marked_read(m->fd, m->line, want, pos)) < 0)
		return -1;
	if ((nl = memchr(m->line, '\n', (size_t)r))) {
		marked_give(m, m->line, (size_t)(nl - m->line));
		return pos + (nl - m->line) + 1;
	}
	if (pos + r >= m->end) {   /* the range's last line, without "\n" */
		marked_give(m, m->line, (size_t)r);
		return m->end;
	}
	return marked_skip_line(m, pos + r);   /* too long: truncated */
}

/* One block at pos (a line start when at_start): the marked lines that
 * end in it are given; the offset where the next block starts, or -1. */
static off_t marked_block(struct marked *m, off_t pos, size_t len, bool *at_start)
{
	size_t k = marked_scan(m->block, len, m->mark, *at_start, INPUT_LINE_MAX, m->fn, m->ctx);

	if (k < len) {
		*at_start = true;
		return marked_long_line(m, pos + (off_t)k);
	}
	*at_start = m->block[len - 1] == '\n';
	return pos + (off_t)len;
}

int input_range_marked(const char *path, off_t start, off_t end, char mark,
                       input_marked_fn fn, void *ctx, struct error *err)
{
	struct marked m = {-1, end, mark, NULL, NULL, fn, ctx};
	bool at_start = true;   /* ranges begin at line starts */
	off_t pos = start;
	ssize_t r = 0;
	int e = 0;
	char reason[256];

	if ((m.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		e = errno;
		goto out;
	}
	m.block = xmalloc(MARK_BLOCK);
	while (pos >= 0 && pos < end) {
		size_t want = end - pos < (off_t)MARK_BLOCK ? (size_t)(end - pos) : MARK_BLOCK;

		if ((r = marked_read(m.fd, m.block, want, pos)) <= 0)
			break;
		pos = marked_block(&m, pos, (size_t)r, &at_start);
	}
	if (r < 0 || pos < 0)
		e = errno ? errno : EIO;
	close(m.fd);
	free(m.block);
	free(m.line);
out:
	if (!e)
		return 0;
	if (strerror_r(e, reason, sizeof reason) != 0)
		strcpy(reason, "unknown error");
	error_set(err, "%s: %s", path, reason);
	return -1;
}

void input_span_marked(const struct input_span *span, char mark, input_marked_fn fn, void *ctx)
{
	const char *b = span->buf + span->off;
	size_t k = marked_scan(b, span->len, mark, true, span->line_max, fn, ctx);

	if (k < span->len)   /* the last line, without "\n" */
		marked_give_max(fn, ctx, b + k, span->len - k, span->line_max);
}
