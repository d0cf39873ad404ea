/* test_input_held.c: a range held in memory (input_range_hold, held.c)
 * gives, through input_span_next, exactly the lines the line reader gives
 * over the same range, numbered from 1, with the same bytes counted, and input_span_marked gives exactly its '#' lines that the
 * reader does not truncate; both compared with the independent splitter of
 * input_testlib.h, on a file cut into many ranges (with a small line limit
 * set by the test hook) holding '#' lines, CRLF lines, lines of exactly the
 * limit, one byte over it, the limit plus "\r", lines several times the
 * limit across range cuts, and a last line without "\n". A range longer
 * than the caller's limit is not read (0), and the reader then reads it
 * whole. A read error is -1 with the file named. */
#include "input_testlib.h"
#include "input_impl.h"

#define LINE_MAX_TEST 256
#define RANGES 64

static char *make_held(size_t *len)
{
	size_t cap = 1u << 20;
	char *d = malloc(cap), *w = d;
	uint64_t seed = 11;

	assert_non_null(d);
	while ((size_t)(w - d) < cap - 8 * LINE_MAX_TEST) {
		uint32_t r = tl_rand(&seed);
		char first = r % 9 == 0 ? '#' : 'x';

		switch (r % 61) {
		case 0: w = tl_put_line(w, first, LINE_MAX_TEST - 1, false); break;   /* exactly */
		case 1: w = tl_put_line(w, first, LINE_MAX_TEST, false); break;       /* one over */
		case 2: w = tl_put_line(w, first, LINE_MAX_TEST - 1, true); break;    /* + "\r": kept */
		case 3: w = tl_put_line(w, first, 5 * LINE_MAX_TEST, r % 2); break;   /* long */
		default: w = tl_put_line(w, first, r % 120, r % 5 == 0); break;
		}
	}
	memcpy(w, "#last", 5);   /* no final "\n" */
	*len = (size_t)(w + 5 - d);
	return d;
}

static void marked_add(void *ctx, const char *line, size_t n)
{
	tl_add(ctx, line, n, false);
}

/* Range [start, end) held: its lines and marked lines appended. */
static void hold_range(const char *path, off_t start, off_t end, struct input_span *sp,
                       struct tl_lines *lines, struct tl_lines *marked)
{
	struct input_span_cursor cur;
	struct input_line line;
	struct error err;
	struct input *in = input_open_range(path, start, end, &err);
	uint64_t number = 1;

	assert_non_null(in);
	assert_int_equal(input_set_limits(in, 4096, LINE_MAX_TEST), 0);
	assert_int_equal(input_range_hold(in, end - start, (size_t)1 << 20, sp, &err), 1);
	input_span_marked(sp, '#', marked_add, marked);
	input_span_begin(&cur, sp);
	while (input_span_next(&cur, &line)) {
		assert_int_equal(line.number, number++);
		tl_add(lines, line.p, line.n, line.truncated);
	}
	assert_int_equal(input_bytes(in), (uint64_t)(end - start));
	input_close(in);
}

static void test_held_lines(void **state)
{
	size_t len, i;
	char *data = make_held(&len), *dir = tl_mkdir(), *path = tl_path(dir, "h.log");
	struct tl_lines all = { 0 }, want_marked = { 0 }, got = { 0 }, got_marked = { 0 };
	struct input_span sp = { 0 };
	off_t bounds[RANGES + 1];
	struct error err;
	int n, k;

	(void)state;
	tl_write(path, "wb", data, len);
	tl_split(&all, data, len, LINE_MAX_TEST);
	for (i = 0; i < all.count; i++)
		if (all.n[i] > 0 && all.p[i][0] == '#' && !all.truncated[i])
			tl_add(&want_marked, all.p[i], all.n[i], false);
	n = input_split_ranges_min(path, RANGES, bounds, 1, &err);
	assert_true(n > RANGES / 2);
	for (k = 0; k < n; k++)
		hold_range(path, bounds[k], bounds[k + 1], &sp, &got, &got_marked);
	tl_assert_same(&all, &got);
	tl_assert_same(&want_marked, &got_marked);
	assert_true(want_marked.count > 100);
	input_span_free(&sp);
	tl_free(&all);
	tl_free(&want_marked);
	tl_free(&got);
	tl_free(&got_marked);
	free(data);
	free(path);
	tl_rmdir(dir);
}

/* Over the limit: nothing read, the reader then gives the whole range. */
static void test_held_too_long(void **state)
{
	size_t len;
	char *data = make_held(&len), *dir = tl_mkdir(), *path = tl_path(dir, "h.log");
	struct tl_lines want = { 0 }, got = { 0 };
	struct input_span sp = { 0 };
	struct error err;
	off_t bounds[3];
	struct input *in;

	(void)state;
	tl_write(path, "wb", data, len);
	assert_int_equal(input_split_ranges_min(path, 2, bounds, 1, &err), 2);
	tl_split(&want, data + bounds[1], (size_t)(bounds[2] - bounds[1]), INPUT_LINE_MAX);
	in = input_open_range(path, bounds[1], bounds[2], &err);
	assert_non_null(in);
	assert_int_equal(input_range_hold(in, bounds[2] - bounds[1],
	                                  (size_t)(bounds[2] - bounds[1]) - 1, &sp, &err), 0);
	assert_null(sp.buf);
	assert_int_equal(tl_drain(in, &got, &err), 0);
	tl_assert_same(&want, &got);
	input_close(in);
	tl_free(&want);
	tl_free(&got);
	free(data);
	free(path);
	tl_rmdir(dir);
}

/* A read error (EIO: /proc/self/mem at an address never mapped): -1, the
 * message names the file, nothing is held or counted. */
static void test_held_read_error(void **state)
{
	struct input_span sp = { 0 };
	struct error err;
	struct input *in = input_open_range("/proc/self/mem", 4096, 8192, &err);

	(void)state;
	if (!in)
		skip();
	assert_int_equal(input_range_hold(in, 4096, 1 << 20, &sp, &err), -1);
	assert_non_null(strstr(err.msg, "/proc/self/mem"));
	assert_int_equal(sp.len, 0);
	assert_int_equal(input_bytes(in), 0);
	input_close(in);
	input_span_free(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_lines),
		cmocka_unit_test(test_held_too_long),
		cmocka_unit_test(test_held_read_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
