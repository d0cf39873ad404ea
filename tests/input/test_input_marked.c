/* test_input_marked.c: input_range_marked (marked.c) gives, range by range,
 * exactly the lines starting with '#' that the line reader gives and does
 * not truncate, compared with the independent splitter of input_testlib.h
 * on a file with '#' lines at its start, at random places, mid-line (not a
 * directive), with CRLF, across read blocks, longer than
 * INPUT_LINE_MAX (left out, also by one byte), of exactly INPUT_LINE_MAX
 * plus "\r" (kept), mid-line right at a read block's start,
 * and last without a newline; the file split into 1, 4 and 16 ranges. */
#include "input_testlib.h"

static void got_line(void *ctx, const char *line, size_t n)
{
	tl_add(ctx, line, n, false);
}

static char *make_marked(size_t *len)
{
	size_t cap = 20u << 20;
	char *d = malloc(cap), *w = d;
	uint64_t seed = 7;
	size_t block_end;

	assert_non_null(d);
	w = tl_put_line(w, '#', 40, false);
	while ((size_t)(w - d) < (1u << 20) - 20)   /* a '#' line across the first block end */
		w = tl_put_line(w, 'x', tl_rand(&seed) % 300, tl_rand(&seed) % 5 == 0);
	w = tl_put_line(w, '#', 3000, true);
	w = tl_put_line(w, '#', INPUT_LINE_MAX + 100, false);   /* truncated: left out */
	w = tl_put_line(w, '#', INPUT_LINE_MAX, false);         /* one byte too long */
	w = tl_put_line(w, '#', INPUT_LINE_MAX - 1, true);      /* INPUT_LINE_MAX + "\r": kept */
	/* read whole, that line moves the blocks: the next block ends at
	 * block_end, where a '#' inside a line must not count as a line start */
	block_end = (size_t)(w - d) + (1u << 20);
	while ((size_t)(w - d) < block_end - 600)
		w = tl_put_line(w, 'x', tl_rand(&seed) % 300, false);
	w = tl_put_line(w, 'x', block_end - (size_t)(w - d) - 2, false);
	w[-1] = ' ';
	memcpy(w, "#mid-line\n", 10);
	assert_int_equal((size_t)(w - d), block_end);
	w += 10;
	while ((size_t)(w - d) < cap - (1u << 20)) {
		uint32_t r = tl_rand(&seed);

		w = tl_put_line(w, r % 40 == 0 ? '#' : 'x', r % 500, r % 7 == 0);
	}
	w = tl_put_line(w, '#', 10, false);
	memcpy(w, "#last", 5);                               /* no final "\n" */
	*len = (size_t)(w + 5 - d);
	return d;
}

static void test_marked_lines(void **state)
{
	size_t len, i;
	char *data = make_marked(&len), *dir = tl_mkdir(), *path = tl_path(dir, "m.log");
	struct tl_lines all = { 0 }, want = { 0 };
	static const int splits[] = { 1, 4, 16 };
	off_t bounds[17];
	struct error err;

	(void)state;
	tl_write(path, "wb", data, len);
	tl_split(&all, data, len, INPUT_LINE_MAX);
	for (i = 0; i < all.count; i++)
		if (all.n[i] > 0 && all.p[i][0] == '#' && !all.truncated[i])
			tl_add(&want, all.p[i], all.n[i], false);
	assert_true(want.count > 100);
	for (size_t s = 0; s < sizeof splits / sizeof splits[0]; s++) {
		struct tl_lines got = { 0 };
		int n = input_split_ranges(path, splits[s], bounds, &err);

		assert_true(n >= 1);
		if (splits[s] > 1)
			assert_true(n > 1);
		for (int k = 0; k < n; k++)
			assert_int_equal(input_range_marked(path, bounds[k], bounds[k + 1], '#',
			                                    got_line, &got, &err), 0);
		tl_assert_same(&want, &got);
		tl_free(&got);
	}
	assert_int_equal(input_range_marked("/nonexistent/x.log", 0, 10, '#', got_line,
	                                    &want, &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/x.log"));
	tl_free(&all);
	tl_free(&want);
	free(data);
	free(path);
	tl_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marked_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
