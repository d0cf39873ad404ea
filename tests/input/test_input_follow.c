/* test_input_follow.c: tail -F from the start of the file. Every line written is
 * "line N" with N counting up across files, so a lost, duplicated or
 * reordered line is caught by position: appends, partial lines held back,
 * rename rotation (with writes to the old file after the rename),
 * copytruncate, a late or vanishing file, a pipe, a writer thread rotating
 * while the reader runs, and waits that neither return early nor spin. */
#include <fcntl.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include "input_testlib.h"

struct follower {
	struct input *in;
	uint64_t next;          /* number expected in the next line */
	atomic_ulong seen;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Appends "line N\n" for N in [from, to) through an O_APPEND fd. */
static void put_lines(int fd, uint64_t from, uint64_t to, bool crlf)
{
	char b[64];

	for (uint64_t i = from; i < to; i++) {
		int n = snprintf(b, sizeof b, "line %llu%s", (unsigned long long)i,
		                 crlf && i % 3 == 0 ? "\r\n" : "\n");
		assert_int_equal(write(fd, b, (size_t)n), n);
	}
}

static void put(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static int open_log(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);

	assert_true(fd >= 0);
	return fd;
}

static void check_line(struct follower *f, const struct input_line *line)
{
	char want[64];
	int n = snprintf(want, sizeof want, "line %llu",
	                 (unsigned long long)f->next);

	if (line->n != (size_t)n || memcmp(line->p, want, (size_t)n) != 0)
		fail_msg("expected \"%s\", got \"%.*s\"", want, (int)line->n, line->p);
	f->next++;
	atomic_store(&f->seen, f->next);
}

/* Reads until line "upto - 1" arrived (within 10 s), then checks that
 * nothing more comes within quiet_ms. */
static void expect_upto(struct follower *f, uint64_t upto, int quiet_ms)
{
	int64_t end = now_ms() + 10000;
	struct input_line line;
	struct error err;
	int r;

	while (f->next < upto) {
		assert_true(now_ms() < end);
		r = input_next_line_wait(f->in, &line, 100, &err);
		if (r < 0)
			fail_msg("%s", err.msg);
		if (r == 1)
			check_line(f, &line);
	}
	r = input_next_line_wait(f->in, &line, quiet_ms, &err);
	if (r == 1)
		fail_msg("extra line \"%.*s\"", (int)line.n, line.p);
	assert_int_equal(r, 0);
}

static void test_append_and_partial(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	struct follower f = { 0 };
	struct error err;
	int fd = open_log(path);

	(void)state;
	put_lines(fd, 0, 100, true);
	f.in = input_open_follow(path, &err);
	assert_non_null(f.in);
	expect_upto(&f, 100, 50);
	put_lines(fd, 100, 150, false);
	put(fd, "line 1");
	expect_upto(&f, 150, 300);      /* the partial line is held back */
	put(fd, "50\r\n");
	put_lines(fd, 151, 160, false);
	expect_upto(&f, 160, 50);
	assert_int_equal(input_lines(f.in), 160);
	input_close(f.in);
	close(fd);
	free(path);
	tl_rmdir(dir);
}

/* logrotate without copytruncate: rename, the server writes a little more
 * to the old file (and leaves a partial line), then reopens by name. With
 * no rotate wait the old file is read to its end (partial line included)
 * as soon as the new one is seen, so the order is exact; test_follow_rotate.c
 * covers late writes during the wait. */
static void rename_rotation(bool caught_up)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	char *old = tl_path(dir, "access.log.1");
	struct follower f = { 0 };
	struct error err;
	int fd = open_log(path);

	put_lines(fd, 0, 100, false);
	f.in = input_open_follow(path, &err);
	assert_non_null(f.in);
	input_set_rotate_wait(f.in, 0);
	if (caught_up)
		expect_upto(&f, 100, 50);
	assert_int_equal(rename(path, old), 0);
	put_lines(fd, 100, 120, false);
	if (caught_up)
		expect_upto(&f, 120, 200);
	put(fd, "line 120");
	close(fd);
	fd = open_log(path);
	put_lines(fd, 121, 200, false);
	expect_upto(&f, 200, 200);
	assert_int_equal(rename(path, old), 0);   /* and once more */
	close(fd);
	fd = open_log(path);
	put_lines(fd, 200, 210, false);
	expect_upto(&f, 210, 50);
	input_close(f.in);
	close(fd);
	free(path);
	free(old);
	tl_rmdir(dir);
}

static void test_rename_rotation(void **state)
{
	(void)state;
	rename_rotation(true);
	rename_rotation(false);
}

static void test_copytruncate(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	struct follower f = { 0 };
	struct error err;
	int fd = open_log(path);

	(void)state;
	put_lines(fd, 0, 100, false);
	put(fd, "line 100");
	f.in = input_open_follow(path, &err);
	assert_non_null(f.in);
	expect_upto(&f, 100, 50);
	assert_int_equal(truncate(path, 0), 0);
	put_lines(fd, 101, 130, false);   /* fewer bytes than before */
	expect_upto(&f, 130, 50);
	assert_int_equal(ftruncate(fd, 0), 0);
	expect_upto(&f, 130, 300);
	put_lines(fd, 130, 140, false);
	expect_upto(&f, 140, 50);
	input_close(f.in);
	close(fd);
	free(path);
	tl_rmdir(dir);
}

/* A path that appears later, disappears (while the server still writes to
 * its open fd), and comes back. */
static void test_late_and_vanishing(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "sub/access.log");
	char *sub = tl_path(dir, "sub");
	struct follower f = { 0 };
	struct error err;
	int fd;

	(void)state;
	f.in = input_open_follow(path, &err);
	assert_non_null(f.in);
	expect_upto(&f, 0, 300);
	assert_int_equal(mkdir(sub, 0755), 0);
	expect_upto(&f, 0, 100);
	fd = open_log(path);
	put_lines(fd, 0, 10, false);
	expect_upto(&f, 10, 50);
	assert_int_equal(unlink(path), 0);
	put_lines(fd, 10, 15, false);
	expect_upto(&f, 15, 300);
	close(fd);
	fd = open_log(path);
	put_lines(fd, 15, 30, false);
	expect_upto(&f, 30, 50);
	input_close(f.in);
	close(fd);
	free(path);
	free(sub);
	tl_rmdir(dir);
}

static void test_errors_and_name(void **state)
{
	char *dir = tl_mkdir(), want[4200];
	struct error err;

	(void)state;
	assert_null(input_open_follow(dir, &err));
	snprintf(want, sizeof want, "%s: is a directory", dir);
	assert_string_equal(err.msg, want);
	tl_rmdir(dir);
}

/* A timeout is honoured (no early return) and waiting costs no CPU. */
static void test_wait_is_idle(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "idle.log");
	struct input_line line;
	struct rusage a, b;
	struct error err;
	struct input *in;
	int64_t t0, spent;
	long cpu_us;

	(void)state;
	tl_write(path, "w", "x\n", 2);
	in = input_open_follow(path, &err);
	assert_non_null(in);
	assert_int_equal(input_next_line_wait(in, &line, 0, &err), 1);
	getrusage(RUSAGE_SELF, &a);
	t0 = now_ms();
	assert_int_equal(input_next_line_wait(in, &line, 1000, &err), 0);
	spent = now_ms() - t0;
	getrusage(RUSAGE_SELF, &b);
	cpu_us = (b.ru_utime.tv_sec - a.ru_utime.tv_sec) * 1000000L +
	         (b.ru_utime.tv_usec - a.ru_utime.tv_usec) +
	         (b.ru_stime.tv_sec - a.ru_stime.tv_sec) * 1000000L +
	         (b.ru_stime.tv_usec - a.ru_stime.tv_usec);
	assert_true(spent >= 990 && spent < 3000);
	assert_true(cpu_us < 100000);
	input_close(in);
	free(path);
	tl_rmdir(dir);
}

/* "-" in follow mode: a partial line waits for its end or for EOF. */
static void test_follow_pipe(void **state)
{
	int p[2], saved = dup(STDIN_FILENO);
	struct follower f = { 0 };
	struct error err;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_not_equal(dup2(p[0], STDIN_FILENO), -1);
	close(p[0]);
	f.in = input_open_follow("-", &err);
	assert_non_null(f.in);
	assert_string_equal(input_name(f.in), "(stdin)");
	expect_upto(&f, 0, 100);
	put_lines(p[1], 0, 5, false);
	put(p[1], "line ");
	expect_upto(&f, 5, 200);
	put(p[1], "5\nline 6");
	expect_upto(&f, 6, 200);
	close(p[1]);
	expect_upto(&f, 7, 200);
	input_close(f.in);
	assert_int_not_equal(dup2(saved, STDIN_FILENO), -1);
	close(saved);
}

struct rotator {
	const char *path, *old;
	struct follower *f;
	uint64_t total, every;
};

/* Writes total lines in bursts, rotating by rename every `every` lines once
 * the reader is on the current file (tail -F cannot see a file that was
 * rotated away before it was ever opened). */
static void *rotator_run(void *arg)
{
	struct rotator *r = arg;
	int fd = open_log(r->path);
	uint64_t i = 0, burst;
	uint64_t seed = 99;

	while (i < r->total) {
		burst = 1 + tl_rand(&seed) % 200;
		if (burst > r->total - i)
			burst = r->total - i;
		put_lines(fd, i, i + burst, true);
		i += burst;
		if (tl_rand(&seed) % 4 == 0)
			usleep(tl_rand(&seed) % 3000);
		if (i / r->every != (i - burst) / r->every && i < r->total) {
			while (atomic_load(&r->f->seen) < i - burst)
				usleep(500);
			assert_int_equal(rename(r->path, r->old), 0);
			put_lines(fd, i, i + 3, false);
			i += 3;
			close(fd);
			fd = open_log(r->path);
		}
	}
	close(fd);
	return NULL;
}

static void test_concurrent_rotation(void **state)
{
	char *dir = tl_mkdir(), *path = tl_path(dir, "access.log");
	char *old = tl_path(dir, "access.log.1");
	struct follower f = { 0 };
	struct rotator r = { path, old, &f, 30000, 2500 };
	struct error err;
	pthread_t t;

	(void)state;
	f.in = input_open_follow(path, &err);
	assert_non_null(f.in);
	assert_int_equal(pthread_create(&t, NULL, rotator_run, &r), 0);
	expect_upto(&f, r.total, 0);
	pthread_join(t, NULL);
	expect_upto(&f, r.total, 300);
	input_close(f.in);
	free(path);
	free(old);
	tl_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_partial),
		cmocka_unit_test(test_rename_rotation),
		cmocka_unit_test(test_copytruncate),
		cmocka_unit_test(test_late_and_vanishing),
		cmocka_unit_test(test_errors_and_name),
		cmocka_unit_test(test_wait_is_idle),
		cmocka_unit_test(test_follow_pipe),
		cmocka_unit_test(test_concurrent_rotation),
	};

	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
