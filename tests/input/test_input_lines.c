/* test_input_lines.c: the line splitter on plain files and stdin: endings, empty
 * and huge lines, NUL bytes, the cut at the line limit, byte counts, and the
 * open errors. Every expectation comes from an independent byte-by-byte
 * split or newline count, never from the code under test. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "input_testlib.h"
#include "input_impl.h"

/* Writes data to a file, reads it back with the given buffer and limit,
 * and compares with the reference split and the byte count. */
static void check_file(const char *dir, const char *data, size_t len,
                       size_t block, size_t line_max)
{
	struct tl_lines want = { 0 }, got = { 0 };
	struct error err;
	char *path = tl_path(dir, "f.log");
	struct input *in;

	tl_write(path, "wb", data, len);
	in = input_open(path, &err);
	assert_non_null(in);
	if (block)
		assert_int_equal(input_set_limits(in, block, line_max), 0);
	assert_int_equal(tl_drain(in, &got, &err), 0);
	tl_split(&want, data, len, block ? line_max : INPUT_LINE_MAX);
	tl_assert_same(&want, &got);
	assert_int_equal(input_lines(in), want.count);
	assert_int_equal(input_bytes(in), len);
	assert_false(input_is_gzip(in));
	/* the end is sticky */
	assert_int_equal(tl_drain(in, &got, &err), 0);
	input_close(in);
	tl_free(&want);
	tl_free(&got);
	free(path);
}

static size_t count_lines(const char *dir, const char *data, size_t len)
{
	char *path = tl_path(dir, "c.log");
	struct tl_lines got = { 0 };
	struct error err;
	struct input *in;
	size_t n;

	tl_write(path, "wb", data, len);
	in = input_open(path, &err);
	assert_non_null(in);
	assert_int_equal(tl_drain(in, &got, &err), 0);
	n = got.count;
	input_close(in);
	tl_free(&got);
	free(path);
	return n;
}

static void test_endings(void **state)
{
	static const char crlf[] = "GET / 200\r\nGET /a 404\r\n\r\nlast\r\n";
	static const char nofinal[] = "one\ntwo\nthree";
	static const char empties[] = "\n\n\nx\n\n";
	static const char nul[] = "a\0b\nc\0\0\nd";
	static const char lone_cr[] = "a\rb\r\r\nc\r";
	char *dir = tl_mkdir();

	(void)state;
	assert_int_equal(count_lines(dir, crlf, sizeof crlf - 1), 4);
	assert_int_equal(count_lines(dir, nofinal, sizeof nofinal - 1), 3);
	assert_int_equal(count_lines(dir, empties, sizeof empties - 1), 5);
	assert_int_equal(count_lines(dir, nul, sizeof nul - 1), 3);
	assert_int_equal(count_lines(dir, "", 0), 0);
	assert_int_equal(count_lines(dir, "\n", 1), 1);
	check_file(dir, crlf, sizeof crlf - 1, 0, 0);
	check_file(dir, nofinal, sizeof nofinal - 1, 0, 0);
	check_file(dir, empties, sizeof empties - 1, 0, 0);
	check_file(dir, nul, sizeof nul - 1, 0, 0);
	check_file(dir, lone_cr, sizeof lone_cr - 1, 0, 0);
	check_file(dir, "", 0, 0, 0);
	tl_rmdir(dir);
}

/* Random bytes rich in "\n", "\r" and NUL, read through buffers as small
 * as one byte and limits small enough to cut many lines. */
static void test_random_small_buffers(void **state)
{
	static const size_t blocks[] = { 1, 2, 3, 7, 64, 4096 };
	static const size_t limits[] = { 1, 2, 5, 31, 1000, 1 << 20 };
	uint64_t seed = 42;
	char *dir = tl_mkdir();
	size_t len = 20000, i, b, m;
	char *data = malloc(len);

	(void)state;
	assert_non_null(data);
	for (int round = 0; round < 4; round++) {
		for (i = 0; i < len; i++) {
			uint32_t r = tl_rand(&seed) % 100;
			data[i] = r < 8 ? '\n' : r < 12 ? '\r' : r < 14 ? '\0' :
			          (char)('a' + r % 26);
		}
		if (round == 1)
			data[len - 1] = '\n';
		for (b = 0; b < sizeof blocks / sizeof *blocks; b++)
			for (m = 0; m < sizeof limits / sizeof *limits; m++)
				check_file(dir, data, len, blocks[b], limits[m]);
	}
	free(data);
	tl_rmdir(dir);
}

/* Lines right at the limit are whole; one byte more is cut, still one line. */
static void test_limit_edges(void **state)
{
	static const char d[] = "12345\n12345\r\n123456\nabcdefghij\r\nok\n1234567";
	struct tl_lines got = { 0 };
	char *dir = tl_mkdir(), *path = tl_path(dir, "e.log");
	struct error err;
	struct input *in;

	(void)state;
	tl_write(path, "wb", d, sizeof d - 1);
	in = input_open(path, &err);
	assert_non_null(in);
	assert_int_equal(input_set_limits(in, 4, 5), 0);
	assert_int_equal(tl_drain(in, &got, &err), 0);
	assert_int_equal(got.count, 6);
	assert_false(got.truncated[0]);
	assert_false(got.truncated[1]);
	assert_int_equal(got.n[1], 5);
	assert_true(got.truncated[2]);
	assert_memory_equal(got.p[2], "12345", 5);
	assert_true(got.truncated[3]);
	assert_memory_equal(got.p[3], "abcde", 5);
	assert_false(got.truncated[4]);
	assert_memory_equal(got.p[4], "ok", 2);
	assert_true(got.truncated[5]);
	assert_int_equal(input_bytes(in), sizeof d - 1);
	input_close(in);
	tl_free(&got);
	free(path);
	tl_rmdir(dir);
}

/* The real limit: a line of exactly INPUT_LINE_MAX bytes (then "\r\n")
 * comes out whole; one byte longer, or 20 MB longer, is one line cut to
 * INPUT_LINE_MAX and flagged; the neighbours come out intact. */
static void test_line_limit(void **state)
{
	size_t big = INPUT_LINE_MAX, huge = 20u << 20;
	size_t len = 2 + big + 2 + big + 2 + huge + 1 + 3, at = 0;
	char *data = malloc(len), *dir = tl_mkdir(), *path = tl_path(dir, "b.log");
	struct tl_lines got = { 0 };
	struct error err;
	struct input *in;

	(void)state;
	assert_non_null(data);
	memcpy(data, "a\n", 2);
	at = 2;
	for (size_t i = 0; i < big; i++)
		data[at + i] = (char)('!' + i % 90);
	memcpy(data + at + big, "\r\n", 2);
	at += big + 2;
	memset(data + at, 'y', big + 1);
	data[at + big + 1] = '\n';
	at += big + 2;
	memset(data + at, 'z', huge);
	memcpy(data + at + huge, "\nbb\n", 4);
	tl_write(path, "wb", data, len);
	in = input_open(path, &err);
	assert_non_null(in);
	assert_int_equal(tl_drain(in, &got, &err), 0);
	assert_int_equal(got.count, 5);
	assert_int_equal(got.count, tl_count_newlines(data, len));
	assert_int_equal(got.n[1], big);
	assert_false(got.truncated[1]);
	assert_memory_equal(got.p[1], data + 2, big);
	assert_int_equal(got.n[2], INPUT_LINE_MAX);
	assert_true(got.truncated[2]);
	assert_int_equal(got.n[3], INPUT_LINE_MAX);
	assert_true(got.truncated[3]);
	assert_int_equal(got.p[3][0], 'z');
	assert_memory_equal(got.p[4], "bb", 2);
	assert_int_equal(input_bytes(in), len);
	input_close(in);
	tl_free(&got);
	free(data);
	free(path);
	tl_rmdir(dir);
}

static void test_open_errors(void **state)
{
	char *dir = tl_mkdir(), *missing = tl_path(dir, "nope.log");
	char *locked = tl_path(dir, "locked.log"), want[4200];
	struct error err;

	(void)state;
	assert_null(input_open(missing, &err));
	snprintf(want, sizeof want, "%s: No such file or directory", missing);
	assert_string_equal(err.msg, want);
	assert_null(input_open(dir, &err));
	snprintf(want, sizeof want, "%s: is a directory", dir);
	assert_string_equal(err.msg, want);
	tl_write(locked, "w", "x\n", 2);
	chmod(locked, 0);
	if (geteuid() != 0) {   /* root reads anything */
		assert_null(input_open(locked, &err));
		snprintf(want, sizeof want, "%s: Permission denied", locked);
		assert_string_equal(err.msg, want);
	}
	free(missing);
	free(locked);
	tl_rmdir(dir);
}

/* Data through "-" from a pipe trickled by a thread equals the reference. */
static void stdin_check(const char *data, size_t len, size_t chunk)
{
	struct tl_lines want = { 0 }, got = { 0 };
	bool gzip = true;
	uint64_t bytes;

	tl_read_stdin(data, len, chunk, &got, &gzip, &bytes);
	assert_int_equal(bytes, len);
	tl_split(&want, data, len, INPUT_LINE_MAX);
	tl_assert_same(&want, &got);
	assert_false(gzip);
	tl_free(&want);
	tl_free(&got);
}

static void test_stdin(void **state)
{
	static const char d[] = "first\r\nsecond\nlast";

	(void)state;
	stdin_check(d, sizeof d - 1, 1);
	stdin_check(d, sizeof d - 1, 5);
	stdin_check("\x1f\n\n", 3, 1);
	stdin_check("\x1f", 1, 1);
	stdin_check("", 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endings),
		cmocka_unit_test(test_random_small_buffers),
		cmocka_unit_test(test_limit_edges),
		cmocka_unit_test(test_line_limit),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_stdin),
	};

	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
