/* test_input_mapped.c: a settled file read through mapped windows
 * (mapped.c) gives exactly what read() gives and what the byte-by-byte
 * splitter of input_testlib.h finds: the same lines (content, length,
 * truncated flag, number), the same end result, input_lines and
 * input_bytes. Files are tens of MiB so lines cross the 8 MiB windows:
 * tl_make_log's lines (CRLF, empty lines, NUL bytes), a line longer than
 * INPUT_LINE_MAX and one just under it across a window's end, no final
 * newline. Also: the probe that times mapped windows against read()
 * (alternating, through ranges, to a verdict the next inputs follow); a file
 * that grows after it was mapped (the rest comes by read()), ranges and a
 * range reused with input_seek_range, spans after mapped lines, and only
 * files unchanged for a minute being mapped by default. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include "input_testlib.h"
#include "input_impl.h"

struct result {
	struct tl_lines lines;
	int r;
	uint64_t nlines, bytes;
	bool mapped;      /* a window was in use at some line */
	bool was_mapped;  /* ... at the last line */
	unsigned switches;   /* lines read the other way than the line before */
};

/* About mib MiB of tl_make_log's lines: a line longer than INPUT_LINE_MAX
 * in the middle of the first half, one just under it after the first half
 * (both cross a window's end in files of 20 MiB and more), and a final
 * newline or not. */
static char *make_log(size_t mib, size_t *len, bool final_nl, uint64_t seed)
{
	size_t lines = (mib << 20) / 2 / 210, n1, n2;
	char *a = tl_make_log(lines, mib >= 8 ? INPUT_LINE_MAX + 1000 : 0, true, &n1, seed);
	char *b = tl_make_log(lines, 0, final_nl, &n2, seed + 1);
	size_t mid = mib >= 8 ? INPUT_LINE_MAX - 3 : 0;
	char *d = malloc(n1 + mid + 1 + n2);

	assert_non_null(d);
	memcpy(d, a, n1);
	memset(d + n1, 'M', mid);
	d[n1 + mid] = '\n';
	memcpy(d + n1 + mid + 1, b, n2);
	*len = n1 + mid + 1 + n2;
	free(a);
	free(b);
	return d;
}

static void set_age(const char *path, long seconds)
{
	struct timespec t[2];

	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= seconds;
	t[1] = t[0];
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static void drain(struct input *in, struct result *res)
{
	struct input_line line;
	struct error err;
	int r;

	while ((r = input_next_line(in, &line, &err)) == 1) {
		assert_int_equal(line.number, res->lines.count + 1);
		tl_add(&res->lines, line.p, line.n, line.truncated);
		res->mapped |= in->map != NULL;
		res->switches += res->lines.count > 1 && res->was_mapped != (in->map != NULL);
		res->was_mapped = in->map != NULL;
	}
	res->r = r;
	res->nlines = input_lines(in);
	res->bytes = input_bytes(in);
}

/* The whole file, mapped whatever its age (quiet 0) or never (-1). */
static void read_file(const char *path, int quiet, struct result *res)
{
	struct error err;
	struct input *in = input_open(path, &err);

	assert_non_null(in);
	memset(res, 0, sizeof *res);
	assert_int_equal(input_set_map_quiet(in, quiet), 0);
	drain(in, res);
	input_close(in);
}

static void assert_same(const struct result *want, const struct result *got)
{
	tl_assert_same(&want->lines, &got->lines);
	assert_int_equal(got->r, want->r);
	assert_int_equal(got->nlines, want->nlines);
	assert_int_equal(got->bytes, want->bytes);
}

static void test_mapped_lines(void **state)
{
	static const bool nls[] = { true, false };
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		size_t len;
		char *d = make_log(26, &len, nls[k], 7 + k);
		struct tl_lines ref = { 0 };
		struct result mapped, plain;

		tl_write(path, "wb", d, len);
		tl_split(&ref, d, len, INPUT_LINE_MAX);
		read_file(path, 0, &mapped);
		read_file(path, -1, &plain);
		assert_true(mapped.mapped);
		assert_false(plain.mapped);
		tl_assert_same(&ref, &mapped.lines);
		assert_same(&plain, &mapped);
		assert_int_equal(mapped.r, 0);
		assert_int_equal(mapped.bytes, len);
		tl_free(&ref);
		tl_free(&mapped.lines);
		tl_free(&plain.lines);
		free(d);
	}
	free(path);
	tl_rmdir(dir);
}

/* Bytes written after the mapping was made (the last line completed, more
 * lines) are read by read() once the mapping ends. */
static void test_mapped_grows(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	size_t len;
	char *d = make_log(3, &len, false, 11);
	static const char more[] = " tail of the last line\n192.0.2.1 - - [x] \"GET /a\" 200 1\n"
	                           "192.0.2.2 - - [x] \"GET /b\" 404 1";
	char *all = malloc(len + sizeof more);
	struct tl_lines ref = { 0 };
	struct result got = { 0 };
	struct input_line line;
	struct error err;
	struct input *in;

	(void)state;
	assert_non_null(all);
	tl_write(path, "wb", d, len);
	memcpy(all, d, len);
	memcpy(all + len, more, sizeof more - 1);
	tl_split(&ref, all, len + sizeof more - 1, INPUT_LINE_MAX);
	in = input_open(path, &err);
	assert_non_null(in);
	assert_int_equal(input_set_map_quiet(in, 0), 0);
	assert_int_equal(input_next_line(in, &line, &err), 1);
	assert_non_null(in->map);
	tl_add(&got.lines, line.p, line.n, line.truncated);
	tl_write(path, "ab", more, sizeof more - 1);
	drain(in, &got);
	input_close(in);
	tl_assert_same(&ref, &got.lines);
	assert_int_equal(got.r, 0);
	assert_int_equal(got.bytes, len + sizeof more - 1);
	tl_free(&ref);
	tl_free(&got.lines);
	free(all);
	free(d);
	free(path);
	tl_rmdir(dir);
}

/* Appends part's lines to all. */
static void add_lines(struct tl_lines *all, const struct tl_lines *part)
{
	for (size_t j = 0; j < part->count; j++)
		tl_add(all, part->p[j], part->n[j], part->truncated[j]);
}

/* Ranges, each opened and all through one reused input, give the file's
 * lines in order. */
static void test_mapped_ranges(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	size_t len;
	char *d = make_log(30, &len, true, 3);
	struct tl_lines ref = { 0 };
	off_t bounds[9];
	struct error err;
	int n;

	(void)state;
	tl_write(path, "wb", d, len);
	tl_split(&ref, d, len, INPUT_LINE_MAX);
	n = input_split_ranges(path, 8, bounds, &err);
	assert_true(n >= 3);     /* cuts inside the long lines merge away */
	for (int reuse = 0; reuse < 2; reuse++) {
		struct result got = { 0 };
		struct input *in = NULL;

		for (int i = 0; i < n; i++) {
			struct result part = { 0 };

			if (!in || !reuse) {
				input_close(in);
				in = input_open_range(path, bounds[i], bounds[i + 1], &err);
				assert_non_null(in);
				assert_int_equal(input_set_map_quiet(in, 0), 0);
			} else {
				assert_int_equal(input_seek_range(in, bounds[i], bounds[i + 1], &err), 0);
			}
			drain(in, &part);
			assert_int_equal(part.r, 0);
			assert_true(part.mapped);
			assert_int_equal(part.bytes, (uint64_t)(bounds[i + 1] - bounds[i]));
			add_lines(&got.lines, &part.lines);
			tl_free(&part.lines);
		}
		input_close(in);
		tl_assert_same(&ref, &got.lines);
		tl_free(&got.lines);
	}
	tl_free(&ref);
	free(d);
	free(path);
	tl_rmdir(dir);
}

/* Lines read from a window, then spans (as fanout reads a regular file
 * given as stdin after settling its format): the window's unread bytes go
 * with the first span. */
static void test_mapped_then_spans(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	size_t len;
	char *d = make_log(12, &len, false, 5);
	struct tl_lines ref = { 0 }, got = { 0 };
	struct input_span sp = { 0 };
	struct input_span_cursor c;
	struct input_line line;
	struct error err;
	struct input *in;
	int r = 1;

	(void)state;
	tl_write(path, "wb", d, len);
	tl_split(&ref, d, len, INPUT_LINE_MAX);
	in = input_open(path, &err);
	assert_non_null(in);
	assert_int_equal(input_set_map_quiet(in, 0), 0);
	while (got.count < 5 && (r = input_next_line(in, &line, &err)) == 1)
		tl_add(&got, line.p, line.n, line.truncated);
	assert_int_equal(r, 1);
	assert_non_null(in->map);
	while ((r = input_next_span(in, &sp, &err)) == 1) {
		assert_null(in->map);
		assert_int_equal(sp.first, got.count + 1);
		input_span_begin(&c, &sp);
		while (input_span_next(&c, &line))
			tl_add(&got, line.p, line.n, line.truncated);
	}
	assert_int_equal(r, 0);
	assert_int_equal(input_bytes(in), len);
	tl_assert_same(&ref, &got);
	input_span_free(&sp);
	input_close(in);
	tl_free(&ref);
	tl_free(&got);
	free(d);
	free(path);
	tl_rmdir(dir);
}

/* Measured (a probe, the default): ranges alternate between mapped windows
 * and read() stretches, a pair at a time, and give the file's lines
 * exactly, the line buffer's unread bytes re-read from each new mapping
 * (the range's bytes add up); the probe carries over from input to input
 * until INPUT_MAP_PAIRS pairs after the warm-up one are timed, and the
 * inputs after its verdict follow it throughout. */
static void test_mapped_probe(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	size_t len;
	char *d = make_log(24, &len, false, 13);
	struct tl_lines ref = { 0 };
	struct input_map_probe probe = { 0 };
	struct result whole;
	off_t bounds[5];
	struct error err;
	unsigned passes = 0, switches = 0;
	int n;

	(void)state;
	tl_write(path, "wb", d, len);
	tl_split(&ref, d, len, INPUT_LINE_MAX);
	n = input_split_ranges(path, 4, bounds, &err);
	assert_true(n >= 2);     /* cuts inside the long lines merge away */
	while (probe.verdict == INPUT_MAP_UNDECIDED) {
		struct tl_lines got = { 0 };

		/* 6 pairs of two 8 MiB stretches: 96 MiB, 4 passes of 24 */
		assert_true(passes++ < 8);
		for (int i = 0; i < n; i++) {
			struct result part = { 0 };
			struct input *in = input_open_range(path, bounds[i], bounds[i + 1], &err);

			assert_non_null(in);
			assert_int_equal(input_set_map_quiet(in, 0), 0);
			in->probe = &probe;
			drain(in, &part);
			input_close(in);
			assert_int_equal(part.r, 0);
			assert_int_equal(part.bytes, (uint64_t)(bounds[i + 1] - bounds[i]));
			switches += part.switches;
			add_lines(&got, &part.lines);
			tl_free(&part.lines);
		}
		tl_assert_same(&ref, &got);
		tl_free(&got);
	}
	assert_true(switches >= 2 * INPUT_MAP_PAIRS);
	assert_int_equal(probe.pairs, INPUT_MAP_PAIRS + 1);
	for (size_t k = 0; k < INPUT_MAP_PAIRS; k++)
		assert_true(probe.ratio[k] > 0);
	for (int k = 0; k < 3; k++) {
		struct input *in = input_open(path, &err);

		assert_non_null(in);
		assert_int_equal(input_set_map_quiet(in, 0), 0);
		if (k > 0)
			probe.verdict = k == 1 ? INPUT_MAP_READ : INPUT_MAP_MAPPED;
		in->probe = &probe;
		memset(&whole, 0, sizeof whole);
		drain(in, &whole);
		input_close(in);
		tl_assert_same(&ref, &whole.lines);
		assert_int_equal(whole.bytes, len);
		assert_int_equal(whole.mapped, probe.verdict == INPUT_MAP_MAPPED);
		/* read() at most before the first window and for the last line,
		 * which has no newline: left in the heap buffer at the end */
		assert_true(whole.switches <= 2u * whole.mapped);
		tl_free(&whole.lines);
	}
	tl_free(&ref);
	free(d);
	free(path);
	tl_rmdir(dir);
}

/* Without input_allow_map nothing is mapped; with it (--mmap, or the probe
 * of the default) only a file
 * unchanged for MAP_QUIET_SECONDS, and never one under MAP_MIN bytes. */
static void test_mapped_only_settled(void **state)
{
	static const struct { size_t len; long age; bool allow, mapped; } cases[] = {
		{ 4u << 20, MAP_QUIET_SECONDS + 5, false, false },
		{ 4u << 20, 0, true, false },
		{ 4u << 20, MAP_QUIET_SECONDS - 5, true, false },
		{ 4u << 20, MAP_QUIET_SECONDS + 5, true, true },
		{ (1u << 20) - 4096, MAP_QUIET_SECONDS + 5, true, false },   /* < MAP_MIN */
	};
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t len;
		char *d = make_log(5, &len, true, 1);
		struct result got = { 0 };
		struct error err;
		struct input *in;

		len = len > cases[k].len ? cases[k].len : len;
		tl_write(path, "wb", d, len);
		set_age(path, cases[k].age);
		in = input_open(path, &err);
		assert_non_null(in);
		if (cases[k].allow)
			input_allow_map(in, NULL);
		drain(in, &got);
		input_close(in);
		assert_int_equal(got.mapped, cases[k].mapped);
		assert_int_equal(got.bytes, len);
		tl_free(&got.lines);
		free(d);
	}
	free(path);
	tl_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapped_lines),
		cmocka_unit_test(test_mapped_grows),
		cmocka_unit_test(test_mapped_ranges),
		cmocka_unit_test(test_mapped_probe),
		cmocka_unit_test(test_mapped_then_spans),
		cmocka_unit_test(test_mapped_only_settled),
	};

	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
