/* test_input_gzip.c: gzip input found by its magic bytes (files without a .gz
 * name, and stdin trickled a byte at a time), concatenated members,
 * and damaged streams: the lines before the damage come out, then -1 with
 * a message naming the file. Expected counts come from zlib driven here
 * directly, independently of src/input. */
#include <zlib.h>
#include "input_testlib.h"

struct blob {
	unsigned char *p;
	size_t n;
};

static struct blob gz_compress(const char *d, size_t len)
{
	struct blob b = { malloc(len + len / 2 + 1024), 0 };
	z_stream z = { 0 };

	assert_non_null(b.p);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	                              Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)d;
	z.avail_in = (uInt)len;
	z.next_out = b.p;
	z.avail_out = (uInt)(len + len / 2 + 1024);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	b.n = z.total_out;
	deflateEnd(&z);
	return b;
}

/* Everything zlib can inflate from a (maybe damaged) single member. */
static struct blob gz_inflate_prefix(const unsigned char *p, size_t n, size_t max)
{
	struct blob b = { malloc(max), 0 };
	z_stream z = { 0 };

	assert_non_null(b.p);
	assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = b.p;
	z.avail_out = (uInt)max;
	(void)inflate(&z, Z_SYNC_FLUSH);
	b.n = z.total_out;
	inflateEnd(&z);
	return b;
}

/* Log-like lines of random length, some CRLF, the last one unterminated. */
static char *make_log(size_t lines, size_t *len, uint64_t seed)
{
	char *d = malloc(lines * 300), *w = d;

	assert_non_null(d);
	for (size_t i = 0; i < lines; i++) {
		size_t extra = tl_rand(&seed) % 200;
		w += sprintf(w, "192.0.2.%zu - - [17/May/2015:10:05:03 +0000] "
		             "\"GET /p/%zu HTTP/1.1\" %d ", i % 250, i,
		             200 + (int)(tl_rand(&seed) % 4) * 100);
		for (size_t k = 0; k < extra; k++)
			*w++ = (char)('a' + tl_rand(&seed) % 26);
		if (i + 1 < lines)
			w += sprintf(w, i % 7 ? "\n" : "\r\n");
	}
	*len = (size_t)(w - d);
	return d;
}

/* Reads path; returns the result after the last line. */
static int read_path(const char *path, struct tl_lines *got, struct error *err,
                     bool *gzip, uint64_t *bytes)
{
	struct input *in = input_open(path, err);
	int r;

	assert_non_null(in);
	r = tl_drain(in, got, err);
	*gzip = input_is_gzip(in);
	*bytes = input_bytes(in);
	input_close(in);
	return r;
}

static void test_plain_equals_gzip(void **state)
{
	size_t len;
	char *log = make_log(30000, &len, 7), *dir = tl_mkdir();
	char *plain = tl_path(dir, "access.log"), *gz = tl_path(dir, "access.log.1");
	struct tl_lines a = { 0 }, b = { 0 };
	struct blob z = gz_compress(log, len);
	struct error err;
	uint64_t bytes;
	bool gzip;

	(void)state;
	tl_write(plain, "wb", log, len);
	tl_write(gz, "wb", z.p, z.n);
	assert_int_equal(read_path(plain, &a, &err, &gzip, &bytes), 0);
	assert_false(gzip);
	assert_int_equal(bytes, len);
	assert_int_equal(read_path(gz, &b, &err, &gzip, &bytes), 0);
	assert_true(gzip);
	assert_int_equal(bytes, len);
	assert_int_equal(a.count, tl_count_newlines(log, len) + 1);
	tl_assert_same(&a, &b);
	tl_free(&a);
	tl_free(&b);
	free(z.p);
	free(log);
	free(plain);
	free(gz);
	tl_rmdir(dir);
}

/* cat a.gz b.gz c.gz (split mid-line), an empty member and zero padding. */
static void test_concatenated_members(void **state)
{
	size_t len, cut[4], i;
	char *log = make_log(5000, &len, 11), *dir = tl_mkdir();
	char *path = tl_path(dir, "multi");
	struct tl_lines want = { 0 }, got = { 0 };
	struct error err;
	uint64_t bytes;
	bool gzip;
	FILE *f = fopen(path, "wb");

	(void)state;
	assert_non_null(f);
	cut[0] = 0, cut[1] = len / 3 + 17, cut[2] = len / 2 + 5, cut[3] = len;
	for (i = 0; i < 3; i++) {
		struct blob z = gz_compress(log + cut[i], cut[i + 1] - cut[i]);
		struct blob e = gz_compress("", 0);

		fwrite(z.p, 1, z.n, f);
		if (i == 1)
			fwrite(e.p, 1, e.n, f);
		free(z.p);
		free(e.p);
	}
	fwrite("\0\0\0\0", 1, 4, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(read_path(path, &got, &err, &gzip, &bytes), 0);
	assert_true(gzip);
	assert_int_equal(bytes, len);
	tl_split(&want, log, len, INPUT_LINE_MAX);
	tl_assert_same(&want, &got);
	tl_free(&want);
	tl_free(&got);
	free(log);
	free(path);
	tl_rmdir(dir);
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

static void test_truncated(void **state)
{
	size_t len, k;
	char *log = make_log(20000, &len, 3), *dir = tl_mkdir();
	char *path = tl_path(dir, "cut.gz"), want_msg[4200];
	struct blob z = gz_compress(log, len);
	size_t cuts[] = { 2, 10, z.n / 10, z.n / 2, z.n - 8, z.n - 1 };

	(void)state;
	snprintf(want_msg, sizeof want_msg, "%s: truncated gzip stream", path);
	for (k = 0; k < sizeof cuts / sizeof *cuts; k++) {
		struct blob part = gz_inflate_prefix(z.p, cuts[k], len);
		struct tl_lines got = { 0 };
		struct error err;
		uint64_t bytes;
		bool gzip;

		tl_write(path, "wb", z.p, cuts[k]);
		assert_int_equal(read_path(path, &got, &err, &gzip, &bytes), -1);
		assert_string_equal(err.msg, want_msg);
		assert_int_equal(got.count, tl_count_newlines((char *)part.p, part.n));
		if (cuts[k] >= z.n / 2)
			assert_true(got.count > 0);
		assert_prefix(log, len, &got);
		tl_free(&got);
		free(part.p);
	}
	free(z.p);
	free(log);
	free(path);
	tl_rmdir(dir);
}

/* A good gzip file of a log and a copy of it to damage. */
struct damaged {
	char *log, *dir, *path;
	size_t len;
	struct blob z;
	unsigned char *bad;     /* z.n bytes of z, room for 16 more */
};

static void damaged_setup(struct damaged *d, bool final_newline)
{
	d->log = make_log(20000, &d->len, 5);
	if (final_newline)
		d->log[d->len - 1] = '\n';
	d->dir = tl_mkdir();
	d->path = tl_path(d->dir, "bad.gz");
	d->z = gz_compress(d->log, d->len);
	d->bad = malloc(d->z.n + 16);
	assert_non_null(d->bad);
	memcpy(d->bad, d->z.p, d->z.n);
}

/* Reads the first n bytes of d->bad as a file: -1 and err are expected. */
static void damaged_read(struct damaged *d, size_t n, struct tl_lines *got,
                         struct error *err)
{
	uint64_t bytes;
	bool gzip;

	tl_write(d->path, "wb", d->bad, n);
	assert_int_equal(read_path(d->path, got, err, &gzip, &bytes), -1);
	assert_true(gzip);
}

static void damaged_free(struct damaged *d)
{
	free(d->bad);
	free(d->z.p);
	free(d->log);
	free(d->path);
	tl_rmdir(d->dir);
}

/* A wrong CRC is found after all the data: every line, then the error. */
static void test_bad_crc(void **state)
{
	struct damaged d;
	struct tl_lines got = { 0 };
	struct error err;
	char want[4200];

	(void)state;
	damaged_setup(&d, false);
	d.bad[d.z.n - 6] ^= 0x55;   /* CRC32 of the trailer */
	damaged_read(&d, d.z.n, &got, &err);
	snprintf(want, sizeof want, "%s: corrupt gzip data (incorrect data check)",
	         d.path);
	assert_string_equal(err.msg, want);
	assert_int_equal(got.count, tl_count_newlines(d.log, d.len));
	assert_prefix(d.log, d.len, &got);
	tl_free(&got);
	damaged_free(&d);
}

static void test_corrupt_body(void **state)
{
	struct damaged d;
	struct tl_lines got = { 0 };
	struct error err;
	struct blob part;
	char want[4200];
	size_t all;

	(void)state;
	damaged_setup(&d, false);
	memset(d.bad + d.z.n / 2, 0xff, 64);
	damaged_read(&d, d.z.n, &got, &err);
	snprintf(want, sizeof want, "%s: corrupt gzip data (", d.path);
	assert_memory_equal(err.msg, want, strlen(want));
	/* inflate may emit garbage before it sees the damage: compare the
	 * count with zlib's own output and the first lines with the log */
	part = gz_inflate_prefix(d.bad, d.z.n, d.len * 2);
	assert_int_equal(got.count, tl_count_newlines((char *)part.p, part.n));
	assert_true(got.count > 1000);
	all = got.count;
	got.count = 1000;
	assert_prefix(d.log, d.len, &got);
	got.count = all;
	tl_free(&got);
	free(part.p);
	damaged_free(&d);
}

/* Bytes after the last member that are not another member: the data is
 * whole (the last line too, with or without "\n"), then the error. */
static void test_trailing_garbage(void **state)
{
	struct damaged d;
	struct tl_lines got = { 0 };
	struct error err;
	char want[4200];

	(void)state;
	for (int newline = 0; newline < 2; newline++) {
		damaged_setup(&d, newline);
		memcpy(d.bad + d.z.n, "\0\0garbage", 9);
		damaged_read(&d, d.z.n + 9, &got, &err);
		snprintf(want, sizeof want, "%s: trailing garbage after gzip data",
		         d.path);
		assert_string_equal(err.msg, want);
		assert_int_equal(got.count, tl_count_newlines(d.log, d.len) + !newline);
		assert_prefix(d.log, d.len, &got);
		tl_free(&got);
		damaged_free(&d);
	}
}

static void test_gzip_stdin(void **state)
{
	size_t len;
	char *log = make_log(300, &len, 9);
	struct blob z = gz_compress(log, len);
	struct tl_lines want = { 0 }, got = { 0 };
	uint64_t bytes;
	bool gzip;

	(void)state;
	tl_split(&want, log, len, INPUT_LINE_MAX);
	tl_read_stdin((char *)z.p, z.n, 1, &got, &gzip, &bytes);
	assert_true(gzip);
	assert_int_equal(bytes, len);
	tl_assert_same(&want, &got);
	tl_free(&got);
	tl_read_stdin((char *)z.p, z.n, 4096, &got, &gzip, &bytes);
	assert_true(gzip);
	tl_assert_same(&want, &got);
	tl_free(&got);
	tl_free(&want);
	free(z.p);
	free(log);
}

/* Two members through a pipe whose data stops for a moment inside the
 * second member's header (every cut from its first byte to past its end):
 * the reader's refill then ends there. Every line comes out; with FLG's
 * reserved bit set, the member is refused wherever the cut falls, after
 * the first member's whole lines. */
static void test_member_header_cut(void **state)
{
	size_t len, cut, at;
	char *log = make_log(3000, &len, 13);
	struct blob a, b;
	unsigned char *both;
	struct tl_lines want = { 0 };

	(void)state;
	cut = len / 3;
	a = gz_compress(log, cut);
	b = gz_compress(log + cut, len - cut);
	both = malloc(a.n + b.n);
	assert_non_null(both);
	memcpy(both, a.p, a.n);
	memcpy(both + a.n, b.p, b.n);
	tl_split(&want, log, len, INPUT_LINE_MAX);
	for (at = a.n; at <= a.n + 12; at++) {
		struct tl_lines got = { 0 };
		struct error err;
		uint64_t bytes;
		bool gzip;

		both[a.n + 3] &= (unsigned char)~0xe0;
		assert_int_equal(tl_drain_stdin((char *)both, a.n + b.n, a.n + b.n, at, &got,
		                                &err, &gzip, &bytes), 0);
		assert_true(gzip);
		assert_int_equal(bytes, len);
		tl_assert_same(&want, &got);
		tl_free(&got);

		both[a.n + 3] |= 0x40;
		assert_int_equal(tl_drain_stdin((char *)both, a.n + b.n, a.n + b.n, at, &got,
		                                &err, &gzip, &bytes), -1);
		assert_string_equal(err.msg, "(stdin): corrupt gzip data (unknown header flags set)");
		/* the first member's whole lines, before the error */
		assert_int_equal(got.count, tl_count_newlines(log, cut));
		assert_prefix(log, len, &got);
		tl_free(&got);
	}
	tl_free(&want);
	free(both);
	free(a.p);
	free(b.p);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_equals_gzip),
		cmocka_unit_test(test_concatenated_members),
		cmocka_unit_test(test_member_header_cut),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_crc),
		cmocka_unit_test(test_corrupt_body),
		cmocka_unit_test(test_trailing_garbage),
		cmocka_unit_test(test_gzip_stdin),
	};

	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
