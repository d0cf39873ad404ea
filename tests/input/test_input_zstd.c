/* test_input_zstd.c: zstd input found by its magic bytes (no .zst name
 * needed, stdin trickled a byte at a time), concatenated and skippable
 * frames, and damaged streams: the lines before the damage come out, then
 * -1 with a message naming the file, as on the gzip path. Expected lines
 * come from the original text; what a cut stream can give is asked of
 * libzstd driven here directly, apart from src/input. */
#include <zstd.h>
#include "input_testlib.h"

struct blob {
	unsigned char *p;
	size_t n;
};

/* One frame with a checksum; window_log 0 = the level's own, else a frame
 * of unknown size whose header asks for that window. */
static struct blob zst_compress(const char *d, size_t len, int window_log)
{
	struct blob b = { malloc(ZSTD_compressBound(len) + 64), 0 };
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_inBuffer in = { d, len, 0 };
	ZSTD_outBuffer out = { b.p, ZSTD_compressBound(len) + 64, 0 };

	assert_non_null(b.p);
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	if (window_log) {   /* fed in two calls: the size stays unknown */
		ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log);
		assert_false(ZSTD_isError(ZSTD_compressStream2(c, &out, &in, ZSTD_e_continue)));
		in.size = in.pos = 0;
		in.src = "";
	}
	assert_int_equal(ZSTD_compressStream2(c, &out, &in, ZSTD_e_end), 0);
	b.n = out.pos;
	ZSTD_freeCCtx(c);
	return b;
}

/* Everything libzstd gives from the first n bytes of a frame. */
static size_t zst_prefix_newlines(const unsigned char *p, size_t n, size_t max)
{
	char *o = malloc(max + 1);
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer in = { p, n, 0 };
	ZSTD_outBuffer out = { o, max + 1, 0 };
	size_t rc, nl;

	assert_non_null(o);
	do
		rc = ZSTD_decompressStream(d, &out, &in);
	while (!ZSTD_isError(rc) && rc != 0 && in.pos < in.size);
	(void)ZSTD_decompressStream(d, &out, &in);   /* what it still holds */
	nl = tl_count_newlines(o, out.pos);
	ZSTD_freeDCtx(d);
	free(o);
	return nl;
}

static char *make_log(size_t lines, size_t *len, uint64_t seed)
{
	char *d = malloc(lines * 300), *w = d;

	assert_non_null(d);
	for (size_t i = 0; i < lines; i++) {
		w += sprintf(w, "198.51.100.%zu - - [17/May/2015:10:05:03 +0000] "
		             "\"GET /z/%zu HTTP/1.1\" %d %u", i % 250, i,
		             200 + (int)(tl_rand(&seed) % 4) * 100, tl_rand(&seed) % 99999);
		if (i + 1 < lines)
			w += sprintf(w, i % 5 ? "\n" : "\r\n");
	}
	*len = (size_t)(w - d);
	return d;
}

static int read_path(const char *path, struct tl_lines *got, struct error *err,
                     bool *zstd, uint64_t *bytes)
{
	struct input *in = input_open(path, err);
	int r;

	assert_non_null(in);
	r = tl_drain(in, got, err);
	*zstd = input_is_zstd(in);
	assert_true(input_is_compressed(in) == *zstd);
	assert_false(input_is_gzip(in));
	*bytes = input_bytes(in);
	input_close(in);
	return r;
}

/* got must be the first got->count lines of the whole log. */
static void assert_prefix(const char *log, size_t len, const struct tl_lines *got)
{
	struct tl_lines want = { 0 };
	size_t all;

	tl_split(&want, log, len, INPUT_LINE_MAX);
	all = want.count;
	assert_true(got->count <= all);
	want.count = got->count;
	tl_assert_same(&want, got);
	want.count = all;
	tl_free(&want);
}

static void test_plain_equals_zstd(void **state)
{
	size_t len;
	char *log = make_log(30000, &len, 7), *dir = tl_mkdir();
	char *plain = tl_path(dir, "access.log"), *zst = tl_path(dir, "access.log.1");
	struct tl_lines a = { 0 }, b = { 0 };
	struct blob z = zst_compress(log, len, 0);
	struct error err;
	uint64_t bytes;
	bool zstd;

	(void)state;
	tl_write(plain, "wb", log, len);
	tl_write(zst, "wb", z.p, z.n);
	assert_int_equal(read_path(plain, &a, &err, &zstd, &bytes), 0);
	assert_false(zstd);
	assert_int_equal(read_path(zst, &b, &err, &zstd, &bytes), 0);
	assert_true(zstd);
	assert_int_equal(bytes, len);
	assert_int_equal(a.count, tl_count_newlines(log, len) + 1);
	tl_assert_same(&a, &b);
	tl_free(&a);
	tl_free(&b);
	free(z.p);
	free(log);
	free(plain);
	free(zst);
	tl_rmdir(dir);
}

/* A skippable frame first (as pzstd writes), then cat a.zst b.zst c.zst
 * split mid-line, with an empty frame and a skippable frame between. */
static void test_concatenated_frames(void **state)
{
	static const unsigned char skippable[] = { 0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c' };
	size_t len, cut[4], i;
	char *log = make_log(5000, &len, 11), *dir = tl_mkdir();
	char *path = tl_path(dir, "multi");
	struct tl_lines want = { 0 }, got = { 0 };
	struct error err;
	uint64_t bytes;
	bool zstd;
	FILE *f = fopen(path, "wb");

	(void)state;
	assert_non_null(f);
	fwrite(skippable, 1, sizeof skippable, f);
	cut[0] = 0, cut[1] = len / 3 + 17, cut[2] = len / 2 + 5, cut[3] = len;
	for (i = 0; i < 3; i++) {
		struct blob z = zst_compress(log + cut[i], cut[i + 1] - cut[i], 0);
		struct blob e = zst_compress("", 0, 0);

		fwrite(z.p, 1, z.n, f);
		if (i == 1) {
			fwrite(e.p, 1, e.n, f);
			fwrite(skippable, 1, sizeof skippable, f);
		}
		free(z.p);
		free(e.p);
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(read_path(path, &got, &err, &zstd, &bytes), 0);
	assert_true(zstd);
	assert_int_equal(bytes, len);
	tl_split(&want, log, len, INPUT_LINE_MAX);
	tl_assert_same(&want, &got);
	tl_free(&want);
	tl_free(&got);
	free(log);
	free(path);
	tl_rmdir(dir);
}

static void test_truncated(void **state)
{
	size_t len, k;
	char *log = make_log(20000, &len, 3), *dir = tl_mkdir();
	char *path = tl_path(dir, "cut.zst"), want_msg[4200];
	struct blob z = zst_compress(log, len, 0);
	size_t cuts[] = { 4, 10, z.n / 10, z.n / 2, z.n - 4, z.n - 1 };

	(void)state;
	snprintf(want_msg, sizeof want_msg, "%s: truncated zstd stream", path);
	for (k = 0; k < sizeof cuts / sizeof *cuts; k++) {
		struct tl_lines got = { 0 };
		struct error err;
		uint64_t bytes;
		bool zstd;

		tl_write(path, "wb", z.p, cuts[k]);
		assert_int_equal(read_path(path, &got, &err, &zstd, &bytes), -1);
		assert_true(zstd);
		assert_string_equal(err.msg, want_msg);
		assert_int_equal(got.count, zst_prefix_newlines(z.p, cuts[k], len));
		if (cuts[k] >= z.n / 2)
			assert_true(got.count > 0);
		assert_prefix(log, len, &got);
		tl_free(&got);
	}
	free(z.p);
	free(log);
	free(path);
	tl_rmdir(dir);
}

/* Writes the damaged bytes, reads them: -1, err, the lines before. */
static void read_damaged(const char *path, const unsigned char *p, size_t n,
                         struct tl_lines *got, struct error *err)
{
	uint64_t bytes;
	bool zstd;

	tl_write(path, "wb", p, n);
	assert_int_equal(read_path(path, got, err, &zstd, &bytes), -1);
	assert_true(zstd);
}

/* A wrong checksum, a damaged body, garbage after the last frame. */
static void test_damaged(void **state)
{
	size_t len;
	char *log = make_log(20000, &len, 5), *dir = tl_mkdir();
	char *path = tl_path(dir, "bad.zst"), want[4200];
	struct blob z = zst_compress(log, len, 0);
	unsigned char *bad = malloc(z.n + 16);
	struct tl_lines got = { 0 };
	struct error err;

	(void)state;
	assert_non_null(bad);
	memcpy(bad, z.p, z.n);
	bad[z.n - 2] ^= 0x55;                          /* the checksum */
	read_damaged(path, bad, z.n, &got, &err);
	snprintf(want, sizeof want, "%s: corrupt zstd data (", path);
	assert_memory_equal(err.msg, want, strlen(want));
	assert_non_null(strstr(err.msg, "checksum"));
	assert_int_equal(got.count, tl_count_newlines(log, len));
	assert_prefix(log, len, &got);
	tl_free(&got);

	memcpy(bad, z.p, z.n);
	memset(bad + z.n / 2, 0xff, 64);               /* the body */
	read_damaged(path, bad, z.n, &got, &err);
	assert_memory_equal(err.msg, want, strlen(want));
	assert_true(got.count < tl_count_newlines(log, len));
	tl_free(&got);

	memcpy(bad, z.p, z.n);
	memcpy(bad + z.n, "\0\0garbage", 9);           /* after the data */
	read_damaged(path, bad, z.n + 9, &got, &err);
	snprintf(want, sizeof want, "%s: trailing garbage after zstd data", path);
	assert_string_equal(err.msg, want);
	assert_int_equal(got.count, tl_count_newlines(log, len) + 1);
	assert_prefix(log, len, &got);
	tl_free(&got);
	free(bad);
	free(z.p);
	free(log);
	free(path);
	tl_rmdir(dir);
}

/* A header asking for a 128 MiB window is refused before any allocation. */
static void test_window_cap(void **state)
{
	size_t len;
	char *log = make_log(100, &len, 13), *dir = tl_mkdir();
	char *path = tl_path(dir, "long.zst");
	struct blob z = zst_compress(log, len, 27);
	struct tl_lines got = { 0 };
	struct error err;

	(void)state;
	read_damaged(path, z.p, z.n, &got, &err);
	assert_non_null(strstr(err.msg, "zstd window larger than 32 MiB"));
	assert_int_equal(got.count, 0);
	tl_free(&got);
	free(z.p);
	free(log);
	free(path);
	tl_rmdir(dir);
}

/* Short plain files whose first bytes begin a magic stay plain. */
static void test_magic_prefixes_plain(void **state)
{
	static const char *const texts[] = { "(", "(\xb5", "(\xb5/", "P*M", "P\n", "\x1f" };
	char *dir = tl_mkdir(), *path = tl_path(dir, "short");

	(void)state;
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		struct tl_lines want = { 0 }, got = { 0 };
		struct error err;
		uint64_t bytes;
		bool zstd;

		tl_write(path, "wb", texts[k], strlen(texts[k]));
		assert_int_equal(read_path(path, &got, &err, &zstd, &bytes), 0);
		assert_false(zstd);
		assert_int_equal(bytes, strlen(texts[k]));
		tl_split(&want, texts[k], strlen(texts[k]), INPUT_LINE_MAX);
		tl_assert_same(&want, &got);
		tl_free(&want);
		tl_free(&got);
	}
	free(path);
	tl_rmdir(dir);
}

static void test_zstd_stdin(void **state)
{
	size_t len;
	char *log = make_log(300, &len, 9);
	struct blob z = zst_compress(log, len, 0);
	struct tl_lines want = { 0 }, got = { 0 };
	uint64_t bytes;
	bool compressed;

	(void)state;
	tl_split(&want, log, len, INPUT_LINE_MAX);
	tl_read_stdin((char *)z.p, z.n, 1, &got, &compressed, &bytes);
	assert_true(compressed);
	assert_int_equal(bytes, len);
	tl_assert_same(&want, &got);
	tl_free(&got);
	tl_read_stdin((char *)z.p, z.n, 4096, &got, &compressed, &bytes);
	tl_assert_same(&want, &got);
	tl_free(&got);
	tl_free(&want);
	free(z.p);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_equals_zstd),
		cmocka_unit_test(test_concatenated_frames),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_window_cap),
		cmocka_unit_test(test_magic_prefixes_plain),
		cmocka_unit_test(test_zstd_stdin),
	};

	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
