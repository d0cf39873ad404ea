/* fuzz_decompress.c: the compressed-input readers (src/input/gunzip.c with
 * ISA-L, src/input/unzstd.c with libzstd) and the line splitter behind
 * them, against independent decoders. The input is written to a memfd and
 * opened by path as statusmon opens a file; its lines are compared with the
 * lines of a reference decoding of the same bytes:
 * - gzip: zlib's inflate (another implementation than ISA-L), member after
 *   member, zero padding between members skipped as gzip(1) does, any other
 *   byte there an error ("trailing garbage");
 * - zstd: libzstd's one-shot frame walk (ZSTD_findFrameCompressedSize +
 *   ZSTD_decompressDCtx per frame; skippable frames skipped), not the
 *   streaming loop the reader uses;
 * - anything else: the bytes themselves.
 * The bytes are read twice, line by line and as spans (check_spans).
 * When the reference decodes the whole input, the reader must end cleanly
 * with exactly its lines (one trailing "\r" removed, numbered from 1);
 * when the reference fails, the reader must report an error (where it
 * stops may differ). Outputs over
 * FUZZ_OUT_MAX are not compared (a bomb only costs time). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY   /* ZSTD_getFrameHeader */
#include <zstd.h>
#include <zstd_errors.h>
#include "fuzz_util.h"
#include "statusmon/input.h"

#define FUZZ_OUT_MAX (8u << 20)

struct outbuf {
	unsigned char *p;
	size_t n, cap;
	bool too_big;
};

static void out_put(struct outbuf *o, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (o->n + n > FUZZ_OUT_MAX) {
		o->too_big = true;
		return;
	}
	if (o->n + n > o->cap) {
		o->cap = o->n + n > 2 * o->cap ? o->n + n : 2 * o->cap;
		o->p = realloc(o->p, o->cap);
		if (!o->p)
			abort();
	}
	memcpy(o->p + o->n, p, n);
	o->n += n;
}

/* zlib: 0 decoded whole, -1 damaged, cut or followed by garbage. */
static int ref_gunzip(const uint8_t *data, size_t size, struct outbuf *o)
{
	unsigned char buf[16384];
	z_stream z;
	size_t pos = 0;
	int rc = 0;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		abort();
	while (rc == 0 && !o->too_big) {
		int zr;

		z.next_in = (unsigned char *)data + pos;
		z.avail_in = (uInt)(size - pos);
		do {
			z.next_out = buf;
			z.avail_out = sizeof buf;
			zr = inflate(&z, Z_NO_FLUSH);
			out_put(o, buf, sizeof buf - z.avail_out);
		} while (zr == Z_OK && !o->too_big && (z.avail_in > 0 || z.avail_out == 0));
		pos = size - z.avail_in;
		if (zr != Z_STREAM_END) {
			rc = -1;          /* damaged, or cut inside a member */
			break;
		}
		while (pos < size && data[pos] == 0)
			pos++;
		if (pos == size)
			break;
		if (data[pos] != 0x1f)
			rc = -1;          /* trailing garbage */
		else
			inflateReset(&z);
	}
	inflateEnd(&z);
	return rc;
}

static bool is_skippable(const uint8_t *p, size_t n)
{
	return n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18;
}

/* The zstd format limits every block to the frame's Block_Maximum_Size,
 * an RLE block's repeat count included (RFC 8878, 3.1.1.2); libzstd's
 * one-shot decoder does not check that count, the reader does: a frame
 * with a longer RLE block is damage here too. */
static bool rle_blocks_fit(const uint8_t *p, size_t n)
{
	ZSTD_frameHeader fh;
	size_t at = ZSTD_frameHeaderSize(p, n);

	if (ZSTD_isError(at) || ZSTD_getFrameHeader(&fh, p, n) != 0)
		return true;   /* libzstd judges the header */
	while (at + 3 <= n) {
		uint32_t h = (uint32_t)p[at] | (uint32_t)p[at + 1] << 8 | (uint32_t)p[at + 2] << 16;
		uint32_t type = (h >> 1) & 3, len = h >> 3;

		if (type == 1 && len > fh.blockSizeMax)
			return false;
		at += 3 + (type == 1 ? 1 : len);
		if (h & 1)
			break;
	}
	return true;
}

/* libzstd, frame by frame: 0 decoded whole, -1 otherwise. */
static int ref_unzstd(const uint8_t *data, size_t size, struct outbuf *o)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	size_t pos = 0;
	int rc = 0;

	if (!dctx)
		abort();
	ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 27);
	while (pos < size && rc == 0 && !o->too_big) {
		size_t fsize = ZSTD_findFrameCompressedSize(data + pos, size - pos);
		unsigned long long content;
		void *dst;
		size_t made;

		if (ZSTD_isError(fsize)) {
			rc = -1;
			break;
		}
		content = ZSTD_getFrameContentSize(data + pos, fsize);
		if (is_skippable(data + pos, size - pos)) {
			pos += fsize;
			continue;
		}
		if (!rle_blocks_fit(data + pos, fsize)) {
			rc = -1;
			break;
		}
		if (content == ZSTD_CONTENTSIZE_ERROR || (content != ZSTD_CONTENTSIZE_UNKNOWN &&
		                                          content > FUZZ_OUT_MAX)) {
			o->too_big = content != ZSTD_CONTENTSIZE_ERROR;
			rc = content == ZSTD_CONTENTSIZE_ERROR ? -1 : 0;
			break;
		}
		dst = malloc(FUZZ_OUT_MAX);
		if (!dst)
			abort();
		made = ZSTD_decompressDCtx(dctx, dst, FUZZ_OUT_MAX, data + pos, fsize);
		if (ZSTD_isError(made)) {
			if (ZSTD_getErrorCode(made) == ZSTD_error_dstSize_tooSmall)
				o->too_big = true;
			else
				rc = -1;
		} else {
			out_put(o, dst, made);
		}
		free(dst);
		pos += fsize;
	}
	ZSTD_freeDCtx(dctx);
	return rc;
}

/* The reader's next line must be the reference's line starting at *pos. */
static void expect_line(const struct outbuf *ref, size_t *pos, uint64_t number,
                        const struct input_line *line)
{
	const unsigned char *start = ref->p + *pos, *nl;
	size_t len, rest = ref->n - *pos;

	FUZZ_CHECK(*pos < ref->n, "the reader returned line %llu past the reference's end",
	           (unsigned long long)line->number);
	nl = memchr(start, '\n', rest);
	len = nl ? (size_t)(nl - start) : rest;
	*pos += nl ? len + 1 : len;
	if (len > 0 && start[len - 1] == '\r')
		len--;
	FUZZ_CHECK(line->number == number, "line number %llu, expected %llu",
	           (unsigned long long)line->number, (unsigned long long)number);
	if (len > INPUT_LINE_MAX) {   /* delivered cut, the rest skipped */
		FUZZ_CHECK(line->truncated && line->n == INPUT_LINE_MAX &&
		           memcmp(line->p, start, INPUT_LINE_MAX) == 0,
		           "long line %llu not cut as expected", (unsigned long long)number);
		return;
	}
	FUZZ_CHECK(!line->truncated && line->n == len &&
	           (len == 0 || memcmp(line->p, start, len) == 0),
	           "line %llu differs from the reference (%zu vs %zu bytes)",
	           (unsigned long long)number, line->n, len);
}

/* The same bytes read as spans (the fan-out reader's path), two buffers
 * recycled as fanout.c recycles them: the same lines and verdict as the
 * reference. */
static void check_spans(const char *path, const struct outbuf *ref, int ref_rc)
{
	struct input_span sp[2] = { { 0 } };
	struct input_span_cursor c;
	struct input_line line;
	struct error err;
	struct input *in = input_open(path, &err);
	size_t pos = 0, k = 0;
	uint64_t number = 0;
	int rc;

	FUZZ_CHECK(in != NULL, "input_open: %s", err.msg);
	while ((rc = input_next_span(in, &sp[k], &err)) == 1) {
		input_span_begin(&c, &sp[k]);
		while (input_span_next(&c, &line))
			if (ref_rc == 0)
				expect_line(ref, &pos, ++number, &line);
		k ^= 1;
	}
	if (ref_rc == 0) {
		FUZZ_CHECK(rc == 0, "the span reader failed (%s) where the reference decoded "
		           "%zu bytes", err.msg, ref->n);
		FUZZ_CHECK(pos == ref->n, "the span reader ended at byte %zu of %zu", pos, ref->n);
	} else {
		FUZZ_CHECK(rc == -1, "the span reader ended cleanly on data the reference "
		           "rejects");
	}
	input_close(in);
	input_span_free(&sp[0]);
	input_span_free(&sp[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outbuf ref = {0};
	struct input_line line;
	struct error err;
	struct input *in;
	char path[64];
	size_t pos = 0;
	uint64_t number = 0;
	int fd, ref_rc, rc;

	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		ref_rc = ref_gunzip(data, size, &ref);
	else if ((size >= 4 && data[0] == 0x28 && data[1] == 0xb5 && data[2] == 0x2f &&
	          data[3] == 0xfd) || is_skippable(data, size))
		ref_rc = ref_unzstd(data, size, &ref);
	else
		ref_rc = (out_put(&ref, data, size), 0);

	fd = memfd_create("fuzz_decompress", MFD_CLOEXEC);
	FUZZ_CHECK(fd >= 0, "memfd_create failed");
	FUZZ_CHECK(write(fd, data, size) == (ssize_t)size, "short write to the memfd");
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	in = input_open(path, &err);
	FUZZ_CHECK(in != NULL, "input_open: %s", err.msg);
	/* on damage the two decoders may stop at different bytes: only the
	 * verdict is compared then */
	while ((rc = input_next_line(in, &line, &err)) == 1 && !ref.too_big)
		if (ref_rc == 0)
			expect_line(&ref, &pos, ++number, &line);
	if (!ref.too_big) {
		if (ref_rc == 0) {
			FUZZ_CHECK(rc == 0, "the reader failed (%s) where the reference decoded "
			           "%zu bytes", err.msg, ref.n);
			FUZZ_CHECK(pos == ref.n, "the reader ended at byte %zu of %zu", pos, ref.n);
		} else {
			FUZZ_CHECK(rc == -1, "the reader ended cleanly on data the reference "
			           "rejects");
		}
	}
	input_close(in);
	if (!ref.too_big)
		check_spans(path, &ref, ref_rc);
	close(fd);
	free(ref.p);
	return 0;
}
