/* unzstd.c: zstd streams (logrotate's and journald's other compressor)
 * decoded with libzstd's ZSTD_decompressStream, frame after frame, the way
 * `zstd -dc` reads them: concatenated and skippable frames are one stream.
 * Errors mirror the gzip path: a stream cut inside a frame is "truncated
 * zstd stream" after the lines before the cut, damage is "corrupt zstd data
 * (libzstd's reason)", and bytes after the last whole frame that begin no
 * frame are "trailing garbage after zstd data" once the data is read. The
 * window is capped at 32 MiB (zstd levels up to 19 need 8 MiB at most), so
 * a hostile header cannot make a thread allocate libzstd's 128 MiB default. */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "input_impl.h"
#include "statusmon/xalloc.h"

#define UNZSTD_WINDOW_LOG_MAX 25
/* Input is given a block at a time (libzstd's hint of what it needs
 * next): a call that fails loses the output it made, so the checksum is
 * checked in a call of its own and every line before it comes out. */
#define UNZSTD_HEADER_MIN 5

int unzstd_start(struct input_source *s, struct error *err)
{
	if (!s->zbuf)
		s->zbuf = xmalloc(SOURCE_ZBUF);
	if (!s->zstd && !(s->zstd = ZSTD_createDCtx())) {
		error_set(err, "cannot start zstd decoder");
		return -1;
	}
	ZSTD_DCtx_reset(s->zstd, ZSTD_reset_session_and_parameters);
	ZSTD_DCtx_setParameter(s->zstd, ZSTD_d_windowLogMax, UNZSTD_WINDOW_LOG_MAX);
	memcpy(s->zbuf, s->peek, s->npeek);
	s->zpos = 0;
	s->zlen = s->npeek;
	s->zhint = UNZSTD_HEADER_MIN;
	s->npeek = 0;
	s->member_done = false;
	return 0;
}

/* One ZSTD_decompressStream call into out (also flushing what libzstd
 * holds back). 0; 1 when garbage follows the last whole frame (the data
 * ended well, the error is kept for later); -1 + err on damage. */
static int unzstd_step(struct input_source *s, ZSTD_outBuffer *out, struct error *err)
{
	size_t end = s->zlen - s->zpos > s->zhint ? s->zpos + s->zhint : s->zlen;
	ZSTD_inBuffer in = { s->zbuf, end, s->zpos };
	size_t rc;

	if (s->member_done && s->zpos == s->zlen)
		return 0;   /* a whole frame was flushed: nothing is held back */
	rc = ZSTD_decompressStream(s->zstd, out, &in);
	s->zpos = in.pos;
	if (!ZSTD_isError(rc)) {
		s->member_done = rc == 0;
		s->zhint = rc ? rc : UNZSTD_HEADER_MIN;
		return 0;
	}
	if (s->member_done && ZSTD_getErrorCode(rc) == ZSTD_error_prefix_unknown) {
		source_ended(s, "trailing garbage after zstd data");
		s->zpos = s->zlen;
		return 1;
	}
	if (ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge)
		error_set(err, "zstd window larger than %u MiB (zstd --long or --ultra): "
		          "not read", 1u << (UNZSTD_WINDOW_LOG_MAX - 20));
	else
		error_set(err, "corrupt zstd data (%s)", ZSTD_getErrorName(rc));
	return -1;
}

/* More compressed bytes: 1, 0 at the end of the data (clean, or nothing
 * now in follow mode), -1 + err (a read error, or cut inside a frame). */
static int unzstd_refill(struct input_source *s, struct error *err)
{
	ssize_t r = source_refill(s, "zstd", err);

	if (r <= 0)
		return (int)r;
	s->zpos = 0;
	s->zlen = (size_t)r;
	return 1;
}

ssize_t unzstd_read(struct input_source *s, char *dst, size_t cap, struct error *err)
{
	ZSTD_outBuffer out = { dst, cap, 0 };
	int r;

	for (;;) {
		r = unzstd_step(s, &out, err);
		if (r < 0)
			return source_fail(s, out.pos, err);
		if (r > 0 || out.pos > 0)
			return (ssize_t)out.pos;
		if (s->zpos < s->zlen)
			continue;
		if ((r = unzstd_refill(s, err)) <= 0)
			return r;
	}
}

void unzstd_end(struct input_source *s)
{
	ZSTD_freeDCtx(s->zstd);
	s->zstd = NULL;
}
