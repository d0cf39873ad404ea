/* lines.c: the line splitter. Cuts the byte stream of source.c into views
 * with a 64-byte-step search (byte_scan.h), in one buffer that is reused
 * for every line and grows only when a single line does not fit (up to
 * line_max). A longer line is delivered cut, flagged truncated, and the
 * rest of it is skipped so it stays one line: a reader never holds more
 * than line_max + 2 bytes of a line, whatever the input. Apart from
 * source.c so no reader knows about lines. Also the span path (end of
 * file): the same buffer handed over whole lines at a time. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "byte_scan.h"
#include "input_impl.h"
#include "statusmon/xalloc.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The one rule for both paths: [p, p + len) minus one trailing "\r", cut
 * to line_max (and flagged) when longer. */
static inline void line_view(struct input_line *line, const char *p, size_t len,
                             size_t line_max, uint64_t number)
{
	if (len > 0 && p[len - 1] == '\r')
		len--;
	line->p = p;
	line->truncated = len > line_max;
	line->n = line->truncated ? line_max : len;
	line->number = number;
}

/* Fills *line with [off, off + len) by line_view. */
static void lines_emit(struct input *in, struct input_line *line,
                       size_t off, size_t len)
{
	line_view(line, in->buf + off, len, in->line_max, ++in->lines);
}

/* A complete line from the buffer: 1, or 0 when more bytes are needed. */
static int lines_take(struct input *in, struct input_line *line)
{
	size_t avail = in->end - in->start;
	const char *nl;
	size_t len;

	assert(in->buf != NULL);   /* input_alloc made it */
	/* Mapped, the bytes ahead are asked for now, so they arrive while
	 * this line is parsed (mapped.c). Not for read(): its buffer is in
	 * the cache already, and a prefetch there cost 3.5-4% on an AMD EPYC
	 * (bench/pair, B/A 0.966, 0.961 without it). */
	if (in->map) {
		size_t to = in->start + MAP_PREFETCH_AHEAD < in->end
		            ? in->start + MAP_PREFETCH_AHEAD : in->end;

		for (; in->prefetched < to; in->prefetched += 64)
			__builtin_prefetch(in->buf + in->prefetched);
	}
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
static int lines_fill(struct input *in, bool may_map, struct error *err)
{
	size_t avail;
	ssize_t r;

	if (may_map && (in->map || !in->map_tried || in->sample)) {
		int m = mapped_fill(in);

		if (m != MAPPED_NO)
			return m;
	}
	avail = in->end - in->start;
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
		r = lines_fill(in, true, err);
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
	mapped_drop(in);
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

/* Spans (input_next_span): whole lines handed over in the buffer they were
 * read into. The same state as the line path (start, end, skipping, lines,
 * bytes), so lines may be read before the spans and every rule above holds
 * for spans too: a span cut happens only at a "\n", at the end of the
 * data, or where lines_take would cut a line longer than line_max. */

#if defined(__SSE2__)
/* The lanes of a per-byte-lane count, summed. */
static uint64_t lanes_sum(__m128i acc)
{
	__m128i s = _mm_sad_epu8(acc, _mm_setzero_si128());

	return (uint64_t)_mm_cvtsi128_si32(s) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}
#endif

/* "\n" bytes in [p, p + n): 64 at a time with SSE2 (four 16-byte loads
 * per step, so the loop's own work is paid once per 64 bytes; measured:
 * the reader's count of a 2.2 GB gzip'd log from 4.6% of the run's CPU
 * samples to 3.7%), counted per byte lane (at most 4 a step, so up to 63
 * steps fit a byte), then 16 at a time, then one at a time. */
static uint64_t span_count_nl(const char *p, size_t n)
{
	uint64_t c = 0;
	size_t i = 0;

#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n');
	__m128i acc;

	while (n - i >= 64) {
		size_t steps = (n - i) / 64 > 63 ? 63 : (n - i) / 64;

		acc = _mm_setzero_si128();
		for (size_t k = 0; k < steps; k++, i += 64) {
			const __m128i *q = (const __m128i *)(p + i);

			/* each compare is -1 per match: acc gains 0 to 4 a lane */
			acc = _mm_sub_epi8(acc, _mm_add_epi8(
				_mm_add_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(q), nl),
				             _mm_cmpeq_epi8(_mm_loadu_si128(q + 1), nl)),
				_mm_add_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(q + 2), nl),
				             _mm_cmpeq_epi8(_mm_loadu_si128(q + 3), nl))));
		}
		c += lanes_sum(acc);
	}
	acc = _mm_setzero_si128();
	for (; n - i >= 16; i += 16)     /* at most 3 steps */
		acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + i)), nl));
	c += lanes_sum(acc);
#endif
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* Gives [start, start + len) to sp: the span takes the input's buffer, the
 * input takes the span's (at least as big) with the bytes after the span
 * moved to its front. */
static void span_take(struct input *in, struct input_span *sp, size_t len)
{
	size_t rest = in->end - in->start - len, want = in->cap;
	char *old = in->buf;
	size_t old_cap = in->cap;
	uint64_t n = span_count_nl(in->buf + in->start, len);

	if (in->buf[in->start + len - 1] != '\n')
		n++;                      /* a last line without "\n" */
	if (!sp->buf || sp->cap < want) {
		free(sp->buf);
		sp->buf = xmalloc(want);
		sp->cap = want;
	}
	in->buf = sp->buf;
	in->cap = sp->cap < in->line_max + 2 ? sp->cap : in->line_max + 2;
	memcpy(in->buf, old + in->start + len, rest);
	sp->buf = old;
	sp->cap = old_cap;
	sp->off = in->start;
	sp->len = len;
	sp->first = in->lines + 1;
	sp->lines = n;
	sp->line_max = in->line_max;
	in->lines += n;
	in->bytes += len;
	in->start = 0;
	in->end = rest;
	in->scanned = 0;
}

/* Too full to read into: no room. */
static bool span_full(const struct input *in)
{
	return in->end == in->cap;
}

/* Cuts a span from the unread bytes: up to the last "\n" (all of them with
 * all set: the data ended), or one line longer than line_max cut as
 * lines_take cuts it (its rest then skipped). False when nothing to cut. */
static bool span_cut(struct input *in, struct input_span *sp, bool all)
{
	size_t avail = in->end - in->start, len = avail;

	if (avail == 0)
		return false;
	if (!all) {
		while (len > 0 && in->buf[in->start + len - 1] != '\n')
			len--;
	}
	/* a line not ended in line_max + 2 bytes is cut as lines_take cuts it
	 * (its rest then skipped); only a buffer bigger than that can hold
	 * one after a "\n", and it goes with the lines before it */
	if (avail - len >= in->line_max + 2) {
		len = avail;
		in->skipping = true;
	}
	if (len == 0)
		return false;
	span_take(in, sp, len);
	return true;
}

/* The loop of lines_next with spans: the buffer is filled to the brim
 * before a cut, so spans are as big as the buffer. A read error with whole
 * lines in the buffer delivers them first and keeps the error for the next
 * call, as the line path does (a partial line before an error is dropped
 * by both). */
static int span_next(struct input *in, struct input_span *sp, struct error *err)
{
	int r;

	for (;;) {
		if (in->skipping)
			lines_skip(in);
		if (span_full(in)) {
			if (!in->skipping && span_cut(in, sp, false))
				return 1;
		}
		r = lines_fill(in, false, err);
		if (r < 0 && !in->skipping && span_cut(in, sp, false)) {
			source_fail(&in->src, 1, err);
			return 1;
		}
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (in->skipping) {
			struct input_line ignored;

			lines_flush(in, &ignored);   /* drops the rest, nothing emitted */
		} else if (span_cut(in, sp, true)) {
			return 1;
		}
		return source_pending(&in->src, err);
	}
}

int input_next_span(struct input *in, struct input_span *span, struct error *err)
{
	int r;

	if (in->done)
		return 0;
	mapped_release(in);    /* span buffers change hands: not a window */
	r = span_next(in, span, err);
	if (r < 0)
		error_prefix(err, "%s", input_name(in));
	if (r <= 0)
		in->done = true;
	return r;
}

void input_span_free(struct input_span *span)
{
	free(span->buf);
	span->buf = NULL;
	span->cap = 0;
}

void input_span_begin(struct input_span_cursor *c, const struct input_span *span)
{
	c->span = span;
	c->pos = span->off;
	c->number = span->first;
}

bool input_span_next(struct input_span_cursor *c, struct input_line *line)
{
	const struct input_span *sp = c->span;
	const char *p = sp->buf + c->pos, *end = sp->buf + sp->off + sp->len;
	const char *nl;
	size_t len;

	if (p >= end)
		return false;
	nl = byte_find(p, end, '\n');
	len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	c->pos += len + (nl != NULL);
	line_view(line, p, len, sp->line_max, c->number++);
	return true;
}
