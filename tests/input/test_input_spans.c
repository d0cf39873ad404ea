/* test_input_spans.c: input_next_span + input_span_next (the reader thread's
 * path for stdin, gzip and zstd) against input_next_line on the same bytes:
 * the same lines (content, length, truncated flag, number), the same end
 * result and message, the same input_lines and input_bytes. Inputs are
 * log-like with CRLF, empty lines, NUL bytes, no final newline, lines
 * longer than the line limit in the middle, plain and gzip (whole, cut,
 * corrupt, with trailing garbage) and zstd, with small buffers so every cut path
 * runs, and with the real INPUT_LINE_MAX once. The byte-by-byte splitter
 * of input_testlib.h is the independent reference for the lines. */
#include <zlib.h>
#include <zstd.h>
#include "input_testlib.h"
#include "input_impl.h"

struct result {
	struct tl_lines lines;
	int r;
	char msg[ERROR_MSG_MAX];
	uint64_t nlines, bytes;
};

struct limits {
	size_t block, line_max;   /* 0: the defaults */
};

static struct input *open_with(const char *path, struct limits lim)
{
	struct error err;
	struct input *in = input_open(path, &err);

	assert_non_null(in);
	if (lim.block)
		assert_int_equal(input_set_limits(in, lim.block, lim.line_max), 0);
	return in;
}

static void finish(struct result *res, struct input *in, int r, const struct error *err)
{
	res->r = r;
	snprintf(res->msg, sizeof res->msg, "%s", r < 0 ? err->msg : "");
	res->nlines = input_lines(in);
	res->bytes = input_bytes(in);
	input_close(in);
}

static void read_lines(const char *path, struct limits lim, struct result *res)
{
	struct input *in = open_with(path, lim);
	struct error err;

	memset(res, 0, sizeof *res);
	finish(res, in, tl_drain(in, &res->lines, &err), &err);
}

/* Spans through a ring of nbuf span buffers (as fanout recycles them),
 * after the first `lines_first` lines read one by one. */
static void read_spans(const char *path, struct limits lim, size_t nbuf,
                       size_t lines_first, struct result *res)
{
	struct input *in = open_with(path, lim);
	struct input_span sp[4] = { 0 };
	struct input_span_cursor c;
	struct input_line line;
	struct error err;
	size_t k = 0;
	int r = 1;

	memset(res, 0, sizeof *res);
	while (res->lines.count < lines_first && (r = input_next_line(in, &line, &err)) == 1)
		tl_add(&res->lines, line.p, line.n, line.truncated);
	while (r == 1 && (r = input_next_span(in, &sp[k], &err)) == 1) {
		uint64_t before = res->lines.count;

		assert_int_equal(sp[k].first, before + 1);
		input_span_begin(&c, &sp[k]);
		while (input_span_next(&c, &line)) {
			assert_int_equal(line.number, res->lines.count + 1);
			tl_add(&res->lines, line.p, line.n, line.truncated);
		}
		assert_int_equal(res->lines.count - before, sp[k].lines);
		assert_true(sp[k].lines >= 1);
		k = (k + 1) % nbuf;
	}
	finish(res, in, r, &err);
	for (k = 0; k < 4; k++)
		input_span_free(&sp[k]);
}

static void assert_same_result(const struct result *want, const struct result *got)
{
	tl_assert_same(&want->lines, &got->lines);
	assert_int_equal(got->r, want->r);
	assert_string_equal(got->msg, want->msg);
	assert_int_equal(got->nlines, want->nlines);
	assert_int_equal(got->bytes, want->bytes);
}

/* Every way of reading path gives what input_next_line gives. */
static void check_path(const char *path, struct limits lim, struct result *want)
{
	static const size_t nbufs[] = { 1, 3 }, firsts[] = { 0, 1, 7 };

	read_lines(path, lim, want);
	for (size_t i = 0; i < 2; i++) {
		for (size_t j = 0; j < 3; j++) {
			struct result got;

			read_spans(path, lim, nbufs[i], firsts[j], &got);
			assert_same_result(want, &got);
			tl_free(&got.lines);
		}
	}
}

static void test_plain_small_buffers(void **state)
{
	static const struct limits lims[] = {
		{ 64, 100 }, { 97, 300 }, { 300, 298 }, { 1024, 4096 }, { 4096, 200 },
	};
	char *dir = tl_mkdir(), *path = tl_path(dir, "a.log");

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		for (size_t i = 0; i < sizeof lims / sizeof *lims; i++) {
			size_t len, long_len = lims[i].line_max + 1 + i * 700;
			char *log = tl_make_log(3000, long_len, f == 1, &len, 11 + i);
			struct tl_lines ref = { 0 };
			struct result want;

			tl_write(path, "wb", log, len);
			check_path(path, lims[i], &want);
			tl_split(&ref, log, len, lims[i].line_max);
			tl_assert_same(&ref, &want.lines);
			assert_int_equal(want.r, 0);
			assert_int_equal(want.bytes, len);
			assert_int_equal(want.nlines, ref.count);
			tl_free(&ref);
			tl_free(&want.lines);
			free(log);
		}
	}
	free(path);
	tl_rmdir(dir);
}

/* Random bytes that are mostly "\n", "\r" and letters, random limits:
 * the lengths around the limits (line_max, line_max + 1, + 2) come up. */
static void test_plain_random(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "r.log");
	uint64_t seed = 42;

	(void)state;
	for (int round = 0; round < 300; round++) {
		size_t line_max = 1 + tl_rand(&seed) % 40, block = 1 + tl_rand(&seed) % 90;
		size_t len = tl_rand(&seed) % 3000;
		char *d = malloc(len + 1);
		struct tl_lines ref = { 0 };
		struct result want;

		assert_non_null(d);
		for (size_t i = 0; i < len; i++) {
			uint32_t v = tl_rand(&seed) % 100;

			d[i] = v < 4 ? '\n' : v < 8 ? '\r' : v < 9 ? '\0' : (char)('a' + v % 26);
		}
		tl_write(path, "wb", d, len);
		check_path(path, (struct limits){ block, line_max }, &want);
		tl_split(&ref, d, len, line_max);
		tl_assert_same(&ref, &want.lines);
		assert_int_equal(want.bytes, len);
		tl_free(&ref);
		tl_free(&want.lines);
		free(d);
	}
	free(path);
	tl_rmdir(dir);
}

/* The real limits: a line of INPUT_LINE_MAX + 5000 bytes mid-stream. */
static void test_plain_default_limits(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "big.log");
	size_t len;
	char *log = tl_make_log(20000, INPUT_LINE_MAX + 5000, false, &len, 3);
	struct tl_lines ref = { 0 };
	struct result want;

	(void)state;
	tl_write(path, "wb", log, len);
	check_path(path, (struct limits){ 0, 0 }, &want);
	tl_split(&ref, log, len, INPUT_LINE_MAX);
	tl_assert_same(&ref, &want.lines);
	assert_int_equal(want.bytes, len);
	assert_true(want.lines.truncated[10000]);
	tl_free(&ref);
	tl_free(&want.lines);
	free(log);
	free(path);
	tl_rmdir(dir);
}

static unsigned char *gz(const char *d, size_t len, size_t *out)
{
	unsigned char *p = malloc(len + len / 2 + 1024);
	z_stream z = { 0 };

	assert_non_null(p);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	                              Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)d;
	z.avail_in = (uInt)len;
	z.next_out = p;
	z.avail_out = (uInt)(len + len / 2 + 1024);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out = z.total_out;
	deflateEnd(&z);
	return p;
}

/* gzip whole, cut short, with a byte of the body flipped, with trailing
 * garbage: the spans give the same lines before the same error. */
static void test_gzip_damage(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "a.gz");
	size_t len, zn;
	char *log = tl_make_log(20000, 700, true, &len, 9);
	unsigned char *z = gz(log, len, &zn), *bad = malloc(zn + 16);
	static const struct limits lims[] = { { 0, 0 }, { 4096, 600 } };

	(void)state;
	assert_non_null(bad);
	for (size_t i = 0; i < 2; i++) {
		size_t cuts[] = { zn, zn / 2, zn - 3, zn / 3 }, k;

		for (k = 0; k < 4; k++) {
			struct result want;

			memcpy(bad, z, zn);
			if (k == 3)
				bad[zn / 3] ^= 0x55;
			tl_write(path, "wb", bad, k == 3 ? zn : cuts[k]);
			check_path(path, lims[i], &want);
			assert_int_equal(want.r, k == 0 ? 0 : -1);
			if (k == 1 || k == 2)
				assert_non_null(strstr(want.msg, "truncated gzip stream"));
			tl_free(&want.lines);
		}
		memcpy(bad, z, zn);
		memcpy(bad + zn, "garbage!", 8);
		{
			struct result want;

			tl_write(path, "wb", bad, zn + 8);
			check_path(path, lims[i], &want);
			assert_int_equal(want.r, -1);
			assert_non_null(strstr(want.msg, "trailing garbage after gzip data"));
			assert_int_equal(want.bytes, len);
			tl_free(&want.lines);
		}
	}
	free(bad);
	free(z);
	free(log);
	free(path);
	tl_rmdir(dir);
}

/* zstd whole, cut short, and with trailing garbage. */
static void test_zstd_damage(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "a.zst");
	size_t len, bound, zn;
	char *log = tl_make_log(20000, 700, false, &len, 13);
	unsigned char *z;

	(void)state;
	bound = ZSTD_compressBound(len) + 16;
	z = malloc(bound);
	assert_non_null(z);
	zn = ZSTD_compress(z, bound, log, len, 3);
	assert_false(ZSTD_isError(zn));
	memcpy(z + zn, "garbage!", 8);
	{
		size_t sizes[] = { zn, zn / 2, zn - 1, zn + 8 };
		int rs[] = { 0, -1, -1, -1 };

		for (size_t k = 0; k < 4; k++) {
			struct result want;

			tl_write(path, "wb", z, sizes[k]);
			check_path(path, (struct limits){ 0, 0 }, &want);
			assert_int_equal(want.r, rs[k]);
			if (k == 0 || k == 3)
				assert_int_equal(want.bytes, len);
			tl_free(&want.lines);
		}
	}
	free(z);
	free(log);
	free(path);
	tl_rmdir(dir);
}

/* text as zstd frames of window 2^wlog, of unknown size (so the header
 * asks for exactly that window): n_frames pieces cut at arbitrary bytes,
 * a skippable frame between the first two. */
static unsigned char *zst_frames(const char *d, size_t len, int wlog, int n_frames,
                                 size_t *out)
{
	size_t cap = ZSTD_compressBound(len) + 64 * (size_t)n_frames + 64, at = 0;
	unsigned char *p = malloc(cap);
	ZSTD_CCtx *c = ZSTD_createCCtx();

	assert_non_null(p);
	for (int f = 0; f < n_frames; f++) {
		size_t from = len * (size_t)f / (size_t)n_frames + (f ? 7 : 0);
		size_t to = f + 1 == n_frames ? len : len * (size_t)(f + 1) / (size_t)n_frames + 7;
		ZSTD_inBuffer in = { d + from, to - from, 0 };
		ZSTD_outBuffer o = { p, cap, at };

		ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
		ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
		ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, wlog);
		ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, f % 2);
		assert_false(ZSTD_isError(ZSTD_compressStream2(c, &o, &in, ZSTD_e_continue)));
		assert_int_equal(ZSTD_compressStream2(c, &o, &in, ZSTD_e_end), 0);
		at = o.pos;
		if (f == 0 && n_frames > 1) {   /* skippable: magic, size, content */
			static const unsigned char skip[] = { 0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3 };

			memcpy(p + at, skip, sizeof skip);
			at += sizeof skip;
		}
	}
	ZSTD_freeCCtx(c);
	*out = at;
	return p;
}

/* Spans of zstd data, through the decoder's ring: windows from 1 KiB to
 * 8 MiB, many frames, a skippable one, lines longer than small limits,
 * lines read one by one before the spans: the same lines as the line
 * reader and as the text itself. */
static void test_zstd_windows(void **state)
{
	static const int wlogs[] = { 10, 13, 17, 20, 22, 23 };
	static const struct limits lims[] = { { 0, 0 }, { 4096, 600 }, { 1000, 5000 } };
	char *dir = tl_mkdir(), *path = tl_path(dir, "w.zst");

	(void)state;
	for (size_t w = 0; w < sizeof wlogs / sizeof *wlogs; w++) {
		for (size_t i = 0; i < sizeof lims / sizeof *lims; i++) {
			size_t len, zn, line_max = lims[i].line_max ? lims[i].line_max : INPUT_LINE_MAX;
			size_t long_len = lims[i].line_max ? 3 * lims[i].line_max + 11 : 0;
			char *log = tl_make_log(wlogs[w] >= 20 ? 60000 : 9000, long_len, w % 2 == 0,
			                     &len, 100 + w * 7 + i);
			unsigned char *z;

			/* the long line as text that back-references reach into */
			for (size_t b = 0, seed = w; b < len; b++)
				if (log[b] == 'L')
					log[b] = (char)('a' + (seed = seed * 1103515245 + 12345) % 23);
			z = zst_frames(log, len, wlogs[w], 1 + (int)(w % 3), &zn);
			struct tl_lines ref = { 0 };
			struct result want;

			tl_write(path, "wb", z, zn);
			check_path(path, lims[i], &want);
			tl_split(&ref, log, len, line_max);
			tl_assert_same(&ref, &want.lines);
			assert_int_equal(want.r, 0);
			assert_int_equal(want.bytes, len);
			tl_free(&ref);
			tl_free(&want.lines);
			free(z);
			free(log);
		}
	}
	free(path);
	tl_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_small_buffers),
		cmocka_unit_test(test_plain_random),
		cmocka_unit_test(test_plain_default_limits),
		cmocka_unit_test(test_gzip_damage),
		cmocka_unit_test(test_zstd_damage),
		cmocka_unit_test(test_zstd_windows),
	};

	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
