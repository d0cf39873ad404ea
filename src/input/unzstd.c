/* unzstd.c: zstd streams (logrotate's and journald's other compressor)
 * decoded with libzstd's buffer-less API, frame after frame, the way
 * `zstd -dc` reads them: concatenated and skippable frames are one stream.
 * Errors mirror the gzip path: a stream cut inside a frame is "truncated
 * zstd stream" after the lines before the cut, damage is "corrupt zstd data
 * (libzstd's reason)", and bytes after the last whole frame that begin no
 * frame are "trailing garbage after zstd data" once the data is read. The
 * window is capped at 32 MiB (zstd levels up to 19 need 8 MiB at most), so
 * a hostile header cannot make a thread allocate more.
 *
 * A block is decoded into our own round buffer (the ring: a window, two
 * blocks and some slack) and copied out to the reader, which is what
 * ZSTD_decompressStream does inside libzstd; the buffer-less API is what
 * the straight decoding below needed, and stays because this frame loop
 * (and its error cases) is the tested one. Each frame's header (the
 * window cap) and each RLE block's length are checked before libzstd
 * sees them.
 * The decoder finds back-references in the segment it is writing and in
 * the one segment before it, so the ring wraps to a new segment only when
 * the one being left holds a whole window (or the whole frame so far):
 * segment_can_leave. Decoding straight into the reader's span buffers, to
 * save the copy, was tried and removed: on the AMD EPYC VMs, where a span
 * is parsed on another core than the one decoding it, a 10M-line .zst at
 * two threads took 2.44-2.50 s that way against 1.73-2.04 s through the
 * ring (3.9-4.3 s of CPU against 3.3-3.4 s), alternating runs of one
 * build. The likely cause, not measured directly (no hardware counters
 * on these VMs): libzstd's stores went into lines the other core had
 * just read. */
#define ZSTD_STATIC_LINKING_ONLY   /* the buffer-less API */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "input_impl.h"
#include "statusmon/xalloc.h"

#define UNZSTD_WINDOW_MAX ((uint64_t)1 << 25)
#define UNZSTD_HEADER_MIN 5        /* ZSTD_FRAMEHEADERSIZE_PREFIX */
#define UNZSTD_SKIP_HEADER 8       /* magic + 4-byte size         */
/* Past a block's end the decoder may scribble (literals, wild copies):
 * the ring keeps that much more than a window and two blocks, so what it
 * scribbles on was never within reach of a back-reference. */
#define RING_SLACK 64

struct unzstd {
	ZSTD_DCtx *dctx;
	bool in_frame;          /* a frame's header was read             */
	uint64_t skip_left;     /* bytes of a skippable frame to drop    */
	uint64_t window;        /* the frame's window (>= 1 KiB)          */
	size_t block;           /* the frame's largest block             */
	/* the segment being written: where it ends, how long, whether it
	 * holds the whole frame so far (then it may be left at any length) */
	const char *seg_end;
	uint64_t seg_len;
	bool seg_whole;
	/* the ring */
	char *ring;
	size_t ring_cap, ring_pos;
	size_t out_pos, out_end;   /* decoded in the ring, not copied out */
};

int unzstd_start(struct input_source *s, struct error *err)
{
	struct unzstd *u = s->zstd;

	if (!s->zbuf)
		s->zbuf = xmalloc(SOURCE_ZBUF);
	if (!u) {
		u = s->zstd = xcalloc(1, sizeof *u);
		if (!(u->dctx = ZSTD_createDCtx())) {
			error_set(err, "cannot start zstd decoder");
			return -1;
		}
	}
	u->in_frame = false;
	u->skip_left = 0;
	u->out_pos = u->out_end = 0;
	memcpy(s->zbuf, s->peek, s->npeek);
	s->zpos = 0;
	s->zlen = s->npeek;
	s->npeek = 0;
	s->member_done = false;
	return 0;
}

/* At least need compressed bytes at zbuf + zpos (need <= SOURCE_ZBUF):
 * 1; 0 when the data ended first (clean between frames, or nothing now in
 * follow mode); -1 + err on a read error or a cut inside a frame. */
static int unzstd_have(struct input_source *s, size_t need, struct error *err)
{
	while (s->zlen - s->zpos < need) {
		size_t kept = s->zlen - s->zpos;
		ssize_t r;

		memmove(s->zbuf, s->zbuf + s->zpos, kept);
		s->zpos = 0;
		s->zlen = kept;
		r = source_refill(s, "zstd", kept, err);
		if (r <= 0)
			return (int)r;
		s->zlen += (size_t)r;
	}
	return 1;
}

/* The next frame's header: 1 (a frame to decode, or a skippable one to
 * drop), 0 at the end of the data, 2 for garbage after whole frames (the
 * error is kept for after the data), -1 + err. */
static int unzstd_frame(struct input_source *s, struct error *err)
{
	struct unzstd *u = s->zstd;
	ZSTD_frameHeader fh;
	size_t rc, need = 1;
	int r;

	for (;;) {
		r = unzstd_have(s, need, err);
		if (r <= 0)
			return r;
		rc = ZSTD_getFrameHeader(&fh, s->zbuf + s->zpos, s->zlen - s->zpos);
		if (rc == 0)
			break;
		if (ZSTD_isError(rc) && s->member_done) {
			source_ended(s, "trailing garbage after zstd data");
			s->zpos = s->zlen;
			return 2;
		}
		if (ZSTD_isError(rc)) {
			error_set(err, "corrupt zstd data (%s)", ZSTD_getErrorName(rc));
			return -1;
		}
		need = rc;
		s->member_done = false;   /* bytes of a frame: the end would cut it */
	}
	s->member_done = false;
	if (fh.frameType == ZSTD_skippableFrame) {
		u->skip_left = UNZSTD_SKIP_HEADER + fh.frameContentSize;
		return 1;
	}
	u->window = fh.windowSize < 1024 ? 1024 : fh.windowSize;
	if (u->window > UNZSTD_WINDOW_MAX) {
		error_set(err, "zstd window larger than %u MiB (zstd --long or --ultra): "
		          "not read", (unsigned)(UNZSTD_WINDOW_MAX >> 20));
		return -1;
	}
	u->block = fh.blockSizeMax;
	/* the ring is (re)made only here, where no byte of it can be reached
	 * any more: the decoder keeps no history across frames */
	if (!u->ring || u->ring_cap < u->window + 2 * u->block + 2 * RING_SLACK) {
		free(u->ring);
		u->ring_cap = (size_t)u->window + 2 * u->block + 2 * RING_SLACK;
		u->ring = xmalloc(u->ring_cap);
	}
	u->ring_pos = 0;
	rc = ZSTD_decompressBegin(u->dctx);
	if (ZSTD_isError(rc)) {
		error_set(err, "corrupt zstd data (%s)", ZSTD_getErrorName(rc));
		return -1;
	}
	u->in_frame = true;
	u->seg_end = NULL;        /* a frame needs no earlier bytes */
	u->seg_len = 0;
	u->seg_whole = true;
	return 1;
}

/* Drops what is left of a skippable frame: 1 done, 0/-1 as unzstd_have. */
static int unzstd_skip(struct input_source *s, struct error *err)
{
	struct unzstd *u = s->zstd;

	while (u->skip_left > 0) {
		size_t step;
		int r = unzstd_have(s, 1, err);

		if (r <= 0)
			return r;
		step = s->zlen - s->zpos < u->skip_left ? s->zlen - s->zpos : (size_t)u->skip_left;
		s->zpos += step;
		u->skip_left -= step;
	}
	s->member_done = true;
	return 1;
}

/* May the decoder start writing somewhere else? Only if the segment it
 * leaves holds every byte a back-reference can reach. */
static bool segment_can_leave(const struct unzstd *u)
{
	return u->seg_whole || u->seg_len >= u->window;
}

/* Where in the ring the next block goes: at ring_pos, or at its start
 * after wrapping; NULL if it may not wrap yet (a bug: the ring is sized
 * so that it always may). */
static char *block_target(struct unzstd *u)
{
	if (u->seg_end == u->ring + u->ring_pos &&
	    u->ring_pos + u->block + RING_SLACK <= u->ring_cap)
		return u->ring + u->ring_pos;
	if (!segment_can_leave(u))
		return NULL;
	u->ring_pos = 0;
	return u->ring;
}

/* The format limits every block to the frame's largest block size, an
 * RLE block's repeat count included (RFC 8878, 3.1.1.2); libzstd does not
 * check that count, and every room rule here counts on it. */
static bool rle_fits(const struct unzstd *u, const unsigned char *h)
{
	uint32_t v = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16;

	return ((v >> 1) & 3) != 1 || (v >> 3) <= u->block;
}

/* Decodes the frame's next piece (a header, a block, the checksum): bytes
 * written into the ring (from u->out_pos to u->out_end), 0 for none, -2
 * when the compressed bytes end for now (follow mode), -1 + err. */
static ssize_t unzstd_piece(struct input_source *s, struct error *err)
{
	struct unzstd *u = s->zstd;
	size_t need = ZSTD_nextSrcSizeToDecompress(u->dctx), rc;
	ZSTD_nextInputType_e type;
	char *to = NULL;
	int r;

	if (need == 0) {           /* the frame ended */
		u->in_frame = false;
		s->member_done = true;
		return 0;
	}
	r = unzstd_have(s, need, err);
	if (r <= 0)
		return r < 0 ? -1 : -2;
	type = ZSTD_nextInputType(u->dctx);
	if (type == ZSTDnit_blockHeader && !rle_fits(u, s->zbuf + s->zpos)) {
		error_set(err, "corrupt zstd data (an RLE block longer than its frame allows)");
		return -1;
	}
	if (type == ZSTDnit_block || type == ZSTDnit_lastBlock) {
		to = block_target(u);
		if (!to) {
			error_set(err, "zstd decoder lost its window (statusmon bug)");
			return -1;
		}
	}
	rc = ZSTD_decompressContinue(u->dctx, to, to ? u->block + RING_SLACK : 0,
	                             s->zbuf + s->zpos, need);
	if (ZSTD_isError(rc)) {
		error_set(err, "corrupt zstd data (%s)", ZSTD_getErrorName(rc));
		return -1;
	}
	s->zpos += need;
	if (rc > 0) {
		u->seg_len = to == u->seg_end ? u->seg_len + rc : rc;
		u->seg_whole = to == u->seg_end ? u->seg_whole : u->seg_end == NULL;
		u->seg_end = to + rc;
		u->out_pos = (size_t)(to - u->ring);
		u->out_end = u->out_pos + rc;
		u->ring_pos = u->out_end;
	}
	return (ssize_t)rc;
}

/* Copies what the ring holds for the reader. */
static size_t unzstd_drain(struct unzstd *u, char *dst, size_t cap)
{
	size_t n = u->out_end - u->out_pos < cap ? u->out_end - u->out_pos : cap;

	memcpy(dst, u->ring + u->out_pos, n);
	u->out_pos += n;
	return n;
}

ssize_t unzstd_read(struct input_source *s, char *dst, size_t cap, struct error *err)
{
	struct unzstd *u = s->zstd;
	ssize_t r;

	for (;;) {
		if (u->out_pos < u->out_end)
			return (ssize_t)unzstd_drain(u, dst, cap);
		if (u->skip_left > 0 && (r = unzstd_skip(s, err)) <= 0)
			return r;
		if (!u->in_frame && u->skip_left == 0) {
			r = unzstd_frame(s, err);
			if (r == 2)
				return 0;
			if (r <= 0)
				return r;
			continue;
		}
		r = unzstd_piece(s, err);
		if (r == -2)
			return 0;          /* follow mode: the rest later */
		if (r < 0)
			return -1;
	}
}

void unzstd_end(struct input_source *s)
{
	struct unzstd *u = s->zstd;

	if (!u)
		return;
	ZSTD_freeDCtx(u->dctx);
	free(u->ring);
	free(u);
	s->zstd = NULL;
}
