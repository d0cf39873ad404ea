/* test_follow_rotate.c: follow mode through real rotations, driven by a
 * writer thread (tools/numbered_writer.h) that numbers its lines while the
 * reader follows the path through the input API: rename + create with
 * writes to the old file (and the new one) for 300 ms after the rename,
 * copytruncate refilled past the old offset within 10 ms, delete +
 * recreate, a symlink swapped (and swapped back), EIO on read and EACCES on
 * open injected by tools/fault_shim.c (LD_PRELOAD, set by CMake), a FIFO
 * whose writer closes and comes back, and 2 rotations a second for 10 s at
 * a high line rate. Each checks that the lines read are exactly the lines
 * written: every number once, none twice, nothing else. */
#include <dlfcn.h>
#include <errno.h>
#include <sys/stat.h>
#include <time.h>
#include "input_testlib.h"
#include "tools/numbered_writer.h"

struct tally {
	uint8_t *seen;          /* seen[k]: line k arrived            */
	uint64_t cap;
	atomic_uint_fast64_t count;
	bool fault_seen;
	char fault[ERROR_MSG_MAX];
};

struct scenario {
	const char *dir;
	char *path;             /* what the reader follows            */
	struct nw w;
	struct tally t;
	int rotate_wait_ms;
	atomic_int hold;        /* 1: writer asks the reader to pause; 2: paused */
};

static void (*shim_fail_reads)(const char *path, int n, int err);
static void (*shim_deny_unreadable)(const char *path);

static int64_t now_ms(void)
{
	return nw_now_us() / 1000;
}

static void tally_line(struct tally *t, const struct input_line *line)
{
	char b[128], *end;
	unsigned long long k;

	if (line->n >= sizeof b)
		fail_msg("a line of %zu bytes", line->n);
	memcpy(b, line->p, line->n);
	b[line->n] = '\0';
	errno = 0;
	k = strtoull(b, &end, 10);
	if (errno || end == b || strncmp(end, " 203.0.113.9 \"GET /item/", 24) != 0 ||
	    k >= t->cap)
		fail_msg("not a whole line of the writer: \"%s\"", b);
	if (t->seen[k])
		fail_msg("line %llu counted twice", k);
	t->seen[k] = 1;
	atomic_fetch_add(&t->count, 1);
}

/* Reads until every line the writer wrote (once it is done) arrived, then
 * 300 ms more to catch a line delivered twice late. */
static void read_all(struct scenario *s, struct input *in)
{
	int64_t end = now_ms() + 40000, quiet_end = 0;
	struct input_line line;
	struct error err;
	const char *fault;
	int r;

	for (;;) {
		if (atomic_load(&s->hold) == 1) {
			atomic_store(&s->hold, 2);
			while (atomic_load(&s->hold) != 0)
				usleep(200);
		}
		r = input_next_line_wait(in, &line, 20, &err);
		assert_true(r == 0 || r == 1);   /* never -1: faults are waited out */
		if (r == 1)
			tally_line(&s->t, &line);
		fault = input_follow_fault(in);
		if (fault[0] && !s->t.fault_seen) {
			s->t.fault_seen = true;
			snprintf(s->t.fault, sizeof s->t.fault, "%s", fault);
		}
		if (atomic_load(&s->w.done) &&
		    atomic_load(&s->t.count) == atomic_load(&s->w.written)) {
			if (!quiet_end)
				quiet_end = now_ms() + 300;
			else if (now_ms() >= quiet_end)
				break;
		}
		if (now_ms() > end)
			fail_msg("%llu of %llu lines after 40 s",
			         (unsigned long long)atomic_load(&s->t.count),
			         (unsigned long long)atomic_load(&s->w.written));
	}
	for (uint64_t k = 0; k < atomic_load(&s->w.written); k++)
		if (!s->t.seen[k])
			fail_msg("line %llu lost", (unsigned long long)k);
	assert_string_equal(input_follow_fault(in), "");
}

static struct scenario *scenario_new(const char *log_name, uint64_t cap)
{
	struct scenario *s = calloc(1, sizeof *s);

	assert_non_null(s);
	s->dir = tl_mkdir();
	s->path = tl_path(s->dir, log_name);
	s->t.cap = cap;
	s->t.seen = calloc(cap, 1);
	assert_non_null(s->t.seen);
	s->w.read = &s->t.count;
	s->rotate_wait_ms = INPUT_ROTATE_WAIT_MS;
	return s;
}

/* Runs writer(s) in a thread while the reader follows s->path. */
static void scenario_run(struct scenario *s, void *(*writer)(void *),
                         struct follow_stats *st)
{
	struct error err;
	struct input *in;
	pthread_t t;

	in = input_open_follow(s->path, &err);
	if (!in)
		fail_msg("%s", err.msg);
	input_set_rotate_wait(in, s->rotate_wait_ms);
	assert_int_equal(pthread_create(&t, NULL, writer, s), 0);
	read_all(s, in);
	pthread_join(t, NULL);
	input_follow_stats(in, st);
	input_close(in);
}

static void scenario_free(struct scenario *s)
{
	free(s->t.seen);
	free(s->path);
	tl_rmdir((char *)s->dir);
	free(s);
}

static char *sibling(const struct scenario *s, const char *name)
{
	return tl_path(s->dir, name);
}

/* logrotate "create" + postrotate reopen, three times: rename, create the
 * new file, and for 300 ms the server writes to both the old file (not yet
 * reopened) and the new one (workers that already did). */
static void *rename_writer(void *arg)
{
	struct scenario *s = arg;
	char *old = sibling(s, "access.log.1");
	int fd = nw_open(&s->w, s->path, 0644), nfd;

	for (int round = 0; round < 3; round++) {
		nw_for(&s->w, fd, fd, 150, 20000);
		nw_wait_opened(&s->w);
		if (rename(s->path, old) != 0)
			nw_die("rename");
		nw_for(&s->w, fd, fd, 50, 20000);     /* old only: no new file yet */
		nfd = nw_open(&s->w, s->path, 0644);
		nw_put(&s->w, nfd, 1);
		nw_for(&s->w, fd, nfd, 300, 20000);   /* late writes to the old */
		close(fd);
		fd = nfd;
	}
	nw_for(&s->w, fd, fd, 100, 20000);
	close(fd);
	free(old);
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_rename_late_writes(void **state)
{
	struct scenario *s = scenario_new("access.log", 1u << 20);
	struct follow_stats st;

	(void)state;
	scenario_run(s, rename_writer, &st);
	assert_int_equal(st.rotations, 3);
	assert_int_equal(st.truncations, 0);
	scenario_free(s);
}

/* The reader stops looking (between two calls) until reader_resume. */
static void reader_pause(struct scenario *s)
{
	atomic_store(&s->hold, 1);
	while (atomic_load(&s->hold) != 2)
		usleep(200);
}

static void reader_resume(struct scenario *s)
{
	atomic_store(&s->hold, 0);
}

/* copytruncate: once the reader is at the end, copy, truncate and refill
 * past the old size within 10 ms, six times; in every other round the
 * reader does not look until the refill is done, so only the first bytes
 * can tell it the file started again. */
static void *copytruncate_writer(void *arg)
{
	struct scenario *s = arg;
	char *copy = sibling(s, "access.log.1");
	int fd = nw_open(&s->w, s->path, 0644);
	uint64_t n = 500;
	int64_t t0;

	for (int round = 0; round < 6; round++, n += 300) {
		nw_put(&s->w, fd, n);
		nw_wait_caught_up(&s->w);
		if (round % 2 == 0)
			reader_pause(s);
		(void)rename(s->path, copy);            /* logrotate copies...  */
		(void)link(copy, s->path);              /* (same inode: cheap) */
		(void)unlink(copy);
		t0 = nw_now_us();
		if (ftruncate(fd, 0) != 0)              /* ...then truncates    */
			nw_die("ftruncate");
		nw_put(&s->w, fd, n + 200);             /* more bytes than before */
		if (nw_now_us() - t0 > 10000)
			fprintf(stderr, "copytruncate: refill took %lld us\n",
			        (long long)(nw_now_us() - t0));
		reader_resume(s);
		nw_wait_caught_up(&s->w);
	}
	close(fd);
	free(copy);
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_copytruncate_fast_refill(void **state)
{
	struct scenario *s = scenario_new("access.log", 1u << 20);
	struct follow_stats st;

	(void)state;
	scenario_run(s, copytruncate_writer, &st);
	assert_int_equal(st.truncations, 6);
	assert_int_equal(st.rotations, 0);
	scenario_free(s);
}

/* Delete the log while the server still writes to it for 100 ms, then a
 * new one by the same name, three times. */
static void *delete_writer(void *arg)
{
	struct scenario *s = arg;
	int fd = nw_open(&s->w, s->path, 0644);

	for (int round = 0; round < 3; round++) {
		nw_for(&s->w, fd, fd, 100, 20000);
		nw_wait_opened(&s->w);
		if (unlink(s->path) != 0)
			nw_die("unlink");
		nw_for(&s->w, fd, fd, 100, 20000);
		close(fd);
		fd = nw_open(&s->w, s->path, 0644);
	}
	nw_for(&s->w, fd, fd, 100, 20000);
	close(fd);
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_delete_recreate(void **state)
{
	struct scenario *s = scenario_new("access.log", 1u << 20);
	struct follow_stats st;

	(void)state;
	scenario_run(s, delete_writer, &st);
	assert_int_equal(st.rotations, 3);
	scenario_free(s);
}

/* current -> a.log, then b.log, then back to a.log (still being read),
 * each swap atomic (symlink + rename) with 200 ms of late writes to the
 * file the link left. */
static void swap_link(struct scenario *s, const char *target)
{
	char *tmp = sibling(s, "current.tmp");

	(void)unlink(tmp);
	if (symlink(target, tmp) != 0 || rename(tmp, s->path) != 0)
		nw_die("symlink swap");
	free(tmp);
}

static void *symlink_writer(void *arg)
{
	struct scenario *s = arg;
	char *a = sibling(s, "a.log"), *b = sibling(s, "b.log");
	int fa = nw_open(&s->w, a, 0644), fb;

	swap_link(s, "a.log");
	nw_for(&s->w, fa, fa, 150, 20000);
	nw_wait_opened(&s->w);
	fb = nw_open(&s->w, b, 0644);
	swap_link(s, "b.log");
	nw_put(&s->w, fb, 1);
	nw_for(&s->w, fa, fb, 200, 20000);
	nw_wait_opened(&s->w);
	swap_link(s, "a.log");                 /* back: continue, not again */
	nw_for(&s->w, fb, fa, 200, 20000);
	close(fa);
	close(fb);
	free(a);
	free(b);
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_symlink_swap(void **state)
{
	struct scenario *s = scenario_new("current.log", 1u << 20);
	struct follow_stats st;

	(void)state;
	scenario_run(s, symlink_writer, &st);
	assert_int_equal(st.rotations, 2);
	scenario_free(s);
}

/* Four reads in a row fail with EIO (the backoff takes 100 + 200 + 400 +
 * 800 ms); the reader shows the fault meanwhile and resumes exactly. */
static void *eio_writer(void *arg)
{
	struct scenario *s = arg;
	int fd = nw_open(&s->w, s->path, 0644);

	nw_put(&s->w, fd, 1000);
	nw_wait_caught_up(&s->w);
	shim_fail_reads(s->path, 4, EIO);
	nw_for(&s->w, fd, fd, 300, 5000);
	close(fd);
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_eio_resumes(void **state)
{
	struct scenario *s = scenario_new("access.log", 1u << 20);
	struct follow_stats st;
	char want[4200];

	(void)state;
	scenario_run(s, eio_writer, &st);
	assert_int_equal(st.read_errors, 4);
	assert_true(s->t.fault_seen);
	snprintf(want, sizeof want, "%s: %s", s->path, strerror(EIO));
	assert_string_equal(s->t.fault, want);
	scenario_free(s);
}

/* Rotation creates the new file 0600 (unreadable for us); 600 ms later a
 * chmod 644 fixes it. Late writes go to the old file meanwhile. */
static void *eacces_writer(void *arg)
{
	struct scenario *s = arg;
	char *old = sibling(s, "access.log.1");
	int fd = nw_open(&s->w, s->path, 0644), nfd;

	nw_for(&s->w, fd, fd, 100, 20000);
	nw_wait_opened(&s->w);
	shim_deny_unreadable(s->path);
	if (rename(s->path, old) != 0)
		nw_die("rename");
	nfd = nw_open(&s->w, s->path, 0600);
	if (fchmod(nfd, 0600) != 0)      /* whatever the umask */
		nw_die("fchmod");
	nw_for(&s->w, fd, nfd, 600, 20000);
	if (chmod(s->path, 0644) != 0)
		nw_die("chmod");
	nw_for(&s->w, nfd, nfd, 200, 20000);
	close(fd);
	close(nfd);
	free(old);
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_eacces_then_chmod(void **state)
{
	struct scenario *s = scenario_new("access.log", 1u << 20);
	struct follow_stats st;
	char want[4200];

	(void)state;
	scenario_run(s, eacces_writer, &st);
	shim_deny_unreadable("");
	assert_int_equal(st.rotations, 1);
	assert_true(st.open_errors >= 2);
	snprintf(want, sizeof want, "%s: %s", s->path, strerror(EACCES));
	assert_string_equal(s->t.fault, want);
	scenario_free(s);
}

/* A FIFO: five writers one after the other, some with a pause between. */
static void *fifo_writer(void *arg)
{
	struct scenario *s = arg;

	for (int round = 0; round < 5; round++) {
		int fd = open(s->path, O_WRONLY | O_CLOEXEC);

		if (fd < 0)
			nw_die("open fifo");
		s->w.file_start = atomic_load(&s->w.written);
		nw_put(&s->w, fd, 3000);
		close(fd);
		if (round % 2)
			usleep(100000);
	}
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_fifo_writers(void **state)
{
	struct scenario *s = scenario_new("access.fifo", 1u << 20);
	struct follow_stats st;

	(void)state;
	assert_int_equal(mkfifo(s->path, 0644), 0);
	scenario_run(s, fifo_writer, &st);
	assert_true(st.reopens >= 2);   /* writers may overlap a reopen */
	scenario_free(s);
}

/* 2 rotations a second for 10 s (rename + create, 100 ms of late writes
 * to the old file) at up to 50k lines/s. */
static void *storm_writer(void *arg)
{
	struct scenario *s = arg;
	char *old = sibling(s, "access.log.1");
	int fd = nw_open(&s->w, s->path, 0644), nfd;

	for (int round = 0; round < 20; round++) {
		nw_for(&s->w, fd, fd, 400, 50000);
		nw_wait_opened(&s->w);
		if (rename(s->path, old) != 0)
			nw_die("rename");
		nfd = nw_open(&s->w, s->path, 0644);
		nw_put(&s->w, nfd, 1);
		nw_for(&s->w, fd, nfd, 100, 50000);
		close(fd);
		fd = nfd;
	}
	close(fd);
	free(old);
	atomic_store(&s->w.done, true);
	return NULL;
}

static void test_rotation_storm(void **state)
{
	struct scenario *s = scenario_new("access.log", 4u << 20);
	struct follow_stats st;
	int64_t t0 = now_ms(), ms;

	(void)state;
	scenario_run(s, storm_writer, &st);
	ms = now_ms() - t0;
	print_message("storm: %llu lines in %lld ms (%.0f lines/s), %llu rotations\n",
	              (unsigned long long)atomic_load(&s->w.written), (long long)ms,
	              (double)atomic_load(&s->w.written) * 1000.0 / (double)ms,
	              (unsigned long long)st.rotations);
	assert_int_equal(st.rotations, 20);
	scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rename_late_writes),
		cmocka_unit_test(test_copytruncate_fast_refill),
		cmocka_unit_test(test_delete_recreate),
		cmocka_unit_test(test_symlink_swap),
		cmocka_unit_test(test_eio_resumes),
		cmocka_unit_test(test_eacces_then_chmod),
		cmocka_unit_test(test_fifo_writers),
		cmocka_unit_test(test_rotation_storm),
	};

	*(void **)&shim_fail_reads = dlsym(RTLD_DEFAULT, "sm_shim_fail_reads");
	*(void **)&shim_deny_unreadable = dlsym(RTLD_DEFAULT, "sm_shim_deny_unreadable");
	if (!shim_fail_reads || !shim_deny_unreadable) {
		fprintf(stderr, "test_follow_rotate: run with LD_PRELOAD=libsm_fault_shim.so "
		        "(ctest sets it)\n");
		return 1;
	}
	return tl_cleanup(cmocka_run_group_tests(tests, NULL, NULL));
}
