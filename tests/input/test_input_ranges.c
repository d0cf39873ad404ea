/* test_input_ranges.c: splitting a file for threads. For many split counts and
 * smallest-range sizes, reading every range in turn must give exactly the
 * lines of the whole file, in order, each once; small, gzip and
 * non-regular files are never split. Splitting reads a bounded stretch per
 * cut point: a 1 GiB file with no newline is one range at once, and a line
 * longer than INPUT_LINE_MAX across many cut points stays one cut line. */
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>
#include "input_testlib.h"
#include "input_impl.h"

#define MAX_N 64

/* Numbered lines of random length (0..400 bytes, with long_lines about
 * one in 500 of 200 KiB that span several split points), some CRLF, no
 * final newline. */
static char *make_file(size_t target, size_t *len, uint64_t seed, bool long_lines)
{
	char *d = malloc(target + (1 << 20)), *w = d;

	assert_non_null(d);
	for (size_t i = 0; (size_t)(w - d) < target; i++) {
		size_t fill = tl_rand(&seed) % 400;

		if (tl_rand(&seed) % 500 == 0 && long_lines)
			fill = 200 << 10;
		w += sprintf(w, "%zu ", i);
		for (size_t k = 0; k < fill; k++)
			*w++ = (char)('a' + (i + k) % 26);
		if ((size_t)(w - d) < target)
			w += sprintf(w, i % 5 ? "\n" : "\r\n");
	}
	*len = (size_t)(w - d);
	return d;
}

/* Reads ranges [bounds[k], bounds[k+1]) one after another. */
static void read_ranges(const char *path, const off_t *bounds, int count,
                        struct tl_lines *got)
{
	uint64_t bytes = 0;

	for (int k = 0; k < count; k++) {
		struct tl_lines part = { 0 };
		struct error err;
		struct input *in = input_open_range(path, bounds[k], bounds[k + 1], &err);

		assert_non_null(in);
		assert_true(bounds[k] < bounds[k + 1]);
		assert_int_equal(tl_drain(in, &part, &err), 0);
		assert_true(part.count > 0);
		bytes += input_bytes(in);
		assert_int_equal(input_bytes(in), bounds[k + 1] - bounds[k]);
		for (size_t i = 0; i < part.count; i++)
			tl_add(got, part.p[i], part.n[i], part.truncated[i]);
		tl_free(&part);
		input_close(in);
	}
	assert_int_equal(bytes, bounds[count]);
}

static void check_split(const char *path, const char *data, size_t len,
                        const struct tl_lines *want, int n, off_t min)
{
	off_t bounds[MAX_N + 1];
	struct tl_lines got = { 0 };
	struct error err;
	int count = input_split_ranges_min(path, n, bounds, min, &err);

	assert_true(count >= 1 && count <= n);
	assert_int_equal(bounds[0], 0);
	assert_int_equal(bounds[count], (off_t)len);
	for (int k = 1; k < count; k++) {
		assert_true(bounds[k] > bounds[k - 1]);
		assert_int_equal(data[bounds[k] - 1], '\n');   /* a line start */
	}
	/* no more ranges than whole minimum sizes fit in the file */
	assert_true(count == 1 || count <= (off_t)len / min);
	read_ranges(path, bounds, count, &got);
	tl_assert_same(want, &got);
	tl_free(&got);
}

static void test_split_points(void **state)
{
	static const off_t mins[] = { 1, 1000, 65536, 1 << 20 };
	size_t len;
	char *data = make_file(3u << 20, &len, 1, true), *dir = tl_mkdir();
	char *path = tl_path(dir, "big.log");
	struct tl_lines want = { 0 };

	(void)state;
	tl_write(path, "wb", data, len);
	tl_split(&want, data, len, INPUT_LINE_MAX);
	assert_int_equal(want.count, tl_count_newlines(data, len) + 1);
	for (size_t m = 0; m < sizeof mins / sizeof *mins; m++)
		for (int n = 1; n <= MAX_N; n += (n < 12 ? 1 : 13))
			check_split(path, data, len, &want, n, mins[m]);
	tl_free(&want);
	free(data);
	free(path);
	tl_rmdir(dir);
}

/* The public entry: below 1 MiB per range the file is not split. (Short
 * lines only: a cut point inside a line longer than 64 KiB is merged.) */
static void test_public_minimum(void **state)
{
	size_t len;
	char *data = make_file(3u << 20, &len, 2, false), *dir = tl_mkdir();
	char *path = tl_path(dir, "f.log"), *small = tl_path(dir, "small.log");
	off_t bounds[MAX_N + 1];
	struct tl_lines want = { 0 }, got = { 0 };
	struct error err;

	(void)state;
	tl_write(path, "wb", data, len);
	tl_write(small, "wb", data, 500000);
	assert_int_equal(input_split_ranges(small, 8, bounds, &err), 1);
	assert_int_equal(bounds[1], 500000);
	assert_int_equal(input_split_ranges(path, 8, bounds, &err), 3);
	assert_int_equal(input_split_ranges(path, 2, bounds, &err), 2);
	assert_int_equal(input_split_ranges(path, 1, bounds, &err), 1);
	assert_int_equal(input_split_ranges(path, 0, bounds, &err), 1);
	assert_int_equal(input_split_ranges(path, 3, bounds, &err), 3);
	tl_split(&want, data, len, INPUT_LINE_MAX);
	read_ranges(path, bounds, 3, &got);
	tl_assert_same(&want, &got);
	tl_free(&want);
	tl_free(&got);
	free(data);
	free(path);
	free(small);
	tl_rmdir(dir);
}

static void test_not_split(void **state)
{
	size_t len;
	char *data = make_file(3u << 20, &len, 3, true), *dir = tl_mkdir();
	char *gz = tl_path(dir, "big.log.1"), *missing = tl_path(dir, "none");
	struct tl_lines want = { 0 }, got = { 0 };
	struct input *read_gz;
	off_t bounds[MAX_N + 1];
	struct error err;
	gzFile f;

	(void)state;
	f = gzopen(gz, "wb1");
	assert_non_null(f);
	assert_int_equal(gzwrite(f, data, (unsigned)len), (int)len);
	assert_int_equal(gzclose(f), Z_OK);
	assert_int_equal(input_split_ranges_min(gz, 8, bounds, 1, &err), 1);
	assert_int_equal(bounds[0], 0);
	tl_split(&want, data, len, INPUT_LINE_MAX);
	read_gz = input_open_range(gz, bounds[0], bounds[1], &err);
	assert_non_null(read_gz);
	assert_int_equal(tl_drain(read_gz, &got, &err), 0);
	assert_true(input_is_gzip(read_gz));
	tl_assert_same(&want, &got);
	input_close(read_gz);
	assert_int_equal(input_split_ranges_min("/dev/null", 8, bounds, 1, &err), 1);
	assert_int_equal(input_split_ranges(missing, 8, bounds, &err), -1);
	assert_non_null(strstr(err.msg, "No such file or directory"));
	assert_int_equal(input_split_ranges(dir, 8, bounds, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory"));
	tl_free(&want);
	tl_free(&got);
	free(data);
	free(gz);
	free(missing);
	tl_rmdir(dir);
}

/* A crashed writer's zero hole: 1 GiB, no newline (sparse, so cheap to
 * make). Searching from every cut point to the end read 32 GiB for 64
 * threads (seconds); each cut point now reads 64 KiB, which the second
 * half shows: a newline just past that window splits nothing. (The time
 * itself is bench/'s to measure, not a test's.) */
static void test_no_newline_is_one_range(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "hole.log");
	off_t bounds[MAX_N + 1], size = (off_t)1 << 30;
	struct error err;
	FILE *f;

	(void)state;
	f = fopen(path, "wb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(truncate(path, size), 0);
	assert_int_equal(input_split_ranges(path, MAX_N, bounds, &err), 1);
	assert_int_equal(bounds[0], 0);
	assert_int_equal(bounds[1], size);
	/* a newline past the first 64 KiB after every cut point changes nothing */
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseeko(f, size / 2 + (off_t)(1 << 20), SEEK_SET), 0);
	assert_int_equal(fputc('\n', f), '\n');
	fclose(f);
	assert_int_equal(input_split_ranges(path, 2, bounds, &err), 1);
	free(path);
	tl_rmdir(dir);
}

/* One line of INPUT_LINE_MAX + 3 MiB between ordinary ones, split with
 * cut points every 64 KiB: the ranges still give every line once, the
 * giant one as one line cut to INPUT_LINE_MAX and flagged truncated. */
static void test_giant_line(void **state)
{
	size_t head, tail, big = INPUT_LINE_MAX + (3u << 20), len, cut = 0;
	char *a = make_file(1u << 20, &head, 4, true), *b = make_file(1u << 20, &tail, 5, true);
	char *data = malloc(head + big + tail + 2), *dir = tl_mkdir();
	char *path = tl_path(dir, "giant.log");
	struct tl_lines want = { 0 };

	(void)state;
	assert_non_null(data);
	memcpy(data, a, head);
	data[head] = '\n';
	memset(data + head + 1, 'x', big);
	data[head + 1 + big] = '\n';
	memcpy(data + head + big + 2, b, tail);
	len = head + big + 2 + tail;
	tl_write(path, "wb", data, len);
	tl_split(&want, data, len, INPUT_LINE_MAX);
	for (size_t i = 0; i < want.count; i++)
		cut += want.truncated[i];
	assert_int_equal(cut, 1);
	assert_int_equal(want.count, tl_count_newlines(data, len) + 1);
	for (int n = 1; n <= MAX_N; n += 21)
		check_split(path, data, len, &want, n, 65536);
	tl_free(&want);
	free(a);
	free(b);
	free(data);
	free(path);
	tl_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_points),
		cmocka_unit_test(test_public_minimum),
		cmocka_unit_test(test_not_split),
		cmocka_unit_test(test_no_newline_is_one_range),
		cmocka_unit_test(test_giant_line),
	};

	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
