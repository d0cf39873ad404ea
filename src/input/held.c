/* held.c: a whole range of a plain file read into memory once, as a span
 * (input.h), so a stateful format's driver can search it for directives
 * (input_span_marked) and then split it into lines (input_span_next) from
 * the same bytes, instead of reading the range twice. The range is read
 * through the input's source, as the line reader reads it, and the input's
 * bytes end as if input_next_line had read the range to its end (or to a
 * read error: the whole lines before it are kept, a partial one dropped,
 * as the line reader drops it). Its lines are not counted here: the one
 * pass that splits them (input_span_next) does, instead of a second pass
 * over every byte. Memory: the span's buffer, grown
 * (by a quarter more than needed, so ranges of about one size reuse it
 * instead of allocating and faulting in a new one each) to the longest range held (a range over the caller's limit is not read:
 * the caller reads it as a stream). Apart from lines.c, which never holds
 * more than one line. */
#include <stdlib.h>
#include <string.h>
#include "input_impl.h"
#include "statusmon/xalloc.h"

/* The whole lines of buf[0, len): up to and including its last "\n". */
static size_t held_whole(const char *buf, size_t len)
{
	while (len > 0 && buf[len - 1] != '\n')
		len--;
	return len;
}

/* Reads up to len bytes of in's range into buf (*got of them): 0, or -1
 * + err (reason only) on a read error. */
static int held_read(struct input *in, char *buf, size_t len, size_t *got,
                     struct error *err)
{
	ssize_t r = 1;

	*got = 0;
	while (*got < len && (r = source_read(&in->src, buf + *got, len - *got, err)) > 0)
		*got += (size_t)r;
	if (r < 0 || source_pending(&in->src, err) < 0)
		return -1;
	return 0;
}

int input_range_hold(struct input *in, off_t len, size_t max, struct input_span *span,
                     struct error *err)
{
	size_t got;
	int r;

	if (len < 0 || (uint64_t)len > max)
		return 0;
	if (span->cap < (size_t)len || !span->buf) {   /* with room: ranges differ a little */
		free(span->buf);
		span->cap = (size_t)len + (size_t)len / 4 + 1;
		span->buf = xmalloc(span->cap);
	}
	r = held_read(in, span->buf, (size_t)len, &got, err);
	if (r < 0)
		got = held_whole(span->buf, got);
	span->off = 0;
	span->len = got;
	span->first = 1;
	span->lines = 0;   /* not counted: the caller's cursor counts them */
	span->line_max = in->line_max;
	in->bytes = got;
	in->done = true;
	if (r < 0) {
		error_prefix(err, "%s", input_name(in));
		return -1;
	}
	return 1;
}
