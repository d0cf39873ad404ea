/* lines.c: the line splitter. Cuts the byte stream of source.c into views
 * with a 64-byte-step search (byte_scan.h), in one buffer that is reused
 * for every line and grows only when a single line does not fit (up to
 * line_max). A longer line is delivered cut, flagged truncated, and the
 * rest of it is skipped so it stays one line: a reader never holds more
 * than line_max + 2 bytes of a line, whatever the input. Apart from
 * source.c so no reader knows about lines. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "byte_scan.h"
#include "input_impl.h"

/* Fills *line with [off, off + len) minus one trailing "\r". */
static void lines_emit(struct input *in, struct input_line *line,
                       size_t off, size_t len)
{
	if (len > 0 && in->buf[off + len - 1] == '\r')
		len--;
	line->p = in->buf + off;
	line->truncated = len > in->line_max;
	line->n = line->truncated ? in->line_max : len;
	line->number = ++in->lines;
}

/* A complete line from the buffer: 1, or 0 when more bytes are needed. */
static int lines_take(struct input *in, struct input_line *line)
{
	size_t avail = in->end - in->start;
	const char *nl;
	size_t len;

	assert(in->buf != NULL);   /* input_alloc made it */
	nl = byte_find_in(in->buf, in->buf + in->start + in->scanned,
	                  in->buf + in->end, '\n');
	if (nl) {
		in->scanned = 0;
		len = (size_t)(nl - (in->buf + in->start));
		lines_emit(in, line, in->start, len);
		in->bytes += len + 1;
		in->start += len + 1;
		return 1;
	}
	/* No newline in line_max + 2 bytes: longer than line_max even after
	 * dropping a "\r". Deliver the head, skip the rest on later calls. */
	if (avail >= in->line_max + 2) {
		lines_emit(in, line, in->start, avail);
		in->bytes += avail;
		in->start = in->end;
		in->skipping = true;
		in->scanned = 0;
		return 1;
	}
	in->scanned = avail;    /* a long line arriving in pieces: scan once */
	return 0;
}

/* Drops bytes of a truncated line up to its "\n": true once it ended. */
static bool lines_skip(struct input *in)
{
	const char *nl = memchr(in->buf + in->start, '\n', in->end - in->start);
	size_t stop = nl ? (size_t)(nl - in->buf) + 1 : in->end;

	in->bytes += stop - in->start;
	in->start = stop;
	if (nl)
		in->skipping = false;
	return nl != NULL;
}

static int lines_grow(struct input *in, struct error *err)
{
	size_t want = in->cap * 2;
	char *p;

	assert(in->cap < in->line_max + 2);
	if (want > in->line_max + 2)
		want = in->line_max + 2;
	p = realloc(in->buf, want);
	if (!p) {
		error_set(err, "out of memory for a line of %zu bytes", want);
		return -1;
	}
	in->buf = p;
	in->cap = want;
	return 0;
}

/* Moves the unread tail to the front, grows if full, reads more:
 * 1 data added, 0 none (end, or nothing yet in follow mode), -1 error. */
static int lines_fill(struct input *in, struct error *err)
{
	size_t avail = in->end - in->start;
	ssize_t r;

	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, avail);
		in->start = 0;
		in->end = avail;
	}
	if (in->end == in->cap && lines_grow(in, err) < 0)
		return -1;
	r = source_read(&in->src, in->buf + in->end, in->cap - in->end, err);
	if (r <= 0)
		return (int)r;
	in->end += (size_t)r;
	return 1;
}

int lines_flush(struct input *in, struct input_line *line)
{
	size_t avail = in->end - in->start;

	if (in->skipping) {
		in->skipping = false;
		in->bytes += avail;
		in->start = in->end;
		return 0;
	}
	if (avail == 0)
		return 0;
	in->scanned = 0;
	lines_emit(in, line, in->start, avail);
	in->bytes += avail;
	in->start = in->end;
	return 1;
}

int lines_next(struct input *in, struct input_line *line, bool flush,
               struct error *err)
{
	int r;

	for (;;) {
		if (in->skipping)
			lines_skip(in);
		if (!in->skipping && lines_take(in, line))
			return 1;
		r = lines_fill(in, err);
		if (r < 0)
			return -1;
		if (r == 0 && flush && lines_flush(in, line))
			return 1;
		if (r == 0)     /* an error found at the very end comes now */
			return source_pending(&in->src, err);
	}
}

void lines_reset(struct input *in)
{
	in->start = in->end = in->scanned = 0;
	in->skipping = false;
}

int input_next_line(struct input *in, struct input_line *line,
                    struct error *err)
{
	int r;

	if (in->done)
		return 0;
	r = lines_next(in, line, true, err);
	if (r < 0)
		error_prefix(err, "%s", input_name(in));
	if (r <= 0)
		in->done = true;
	return r;
}
