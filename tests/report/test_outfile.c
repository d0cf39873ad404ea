/* test_outfile.c: -o FILE is atomic: a committed report replaces the old
 * one keeping its mode (a new one gets 0666 & ~umask); an aborted or
 * failed one (a full disk, via /dev/full; a path under a regular file; a
 * failed rename) leaves no temporary file and the old report untouched.
 * Devices are written in place, symlinks followed. Tests run as root,
 * which ignores directory permissions, so read-only directories are not
 * used. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "testlib.h"
#include "statusmon/report.h"

struct fixture {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/sm-outfile.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/report.json", fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static void assert_file(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, text);
}

/* The directory holds exactly the names given (no temporary left). */
static void assert_dir_holds(const char *dir, const char *only)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (!only || strcmp(de->d_name, only) != 0)
			fail_msg("unexpected file %s in %s", de->d_name, dir);
		n++;
	}
	closedir(d);
	assert_int_equal(n, only ? 1 : 0);
}

static void test_commit_new_file(void **state)
{
	struct fixture *fx = *state;
	struct outfile of;
	struct error err;
	struct stat st;
	FILE *f;

	umask(022);
	f = outfile_open(&of, fx->path, &err);
	assert_non_null(f);
	assert_int_equal(access(fx->path, F_OK), -1);   /* not there before commit */
	fputs("{\"version\": 1}\n", f);
	assert_int_equal(outfile_commit(&of, &err), 0);
	assert_file(fx->path, "{\"version\": 1}\n");
	assert_dir_holds(fx->dir, "report.json");
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

/* A new file under umask 027 gets 0640. */
static void test_new_file_honors_umask(void **state)
{
	struct fixture *fx = *state;
	struct outfile of;
	struct error err;
	struct stat st;
	FILE *f;

	umask(027);
	f = outfile_open(&of, fx->path, &err);
	umask(022);
	assert_non_null(f);
	fputs("new report\n", f);
	assert_int_equal(outfile_commit(&of, &err), 0);
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
}

/* An existing report keeps its mode, whatever the umask: a private 0600
 * report of client IPs stays private, a shared 0664 one stays shared. */
static void test_commit_replaces_and_keeps_mode(void **state)
{
	static const mode_t modes[] = { 0600, 0664 };
	struct fixture *fx = *state;
	struct outfile of;
	struct error err;
	struct stat st;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		write_file(fx->path, "old report\n");
		assert_int_equal(chmod(fx->path, modes[i]), 0);
		umask(i == 0 ? 022 : 077);
		f = outfile_open(&of, fx->path, &err);
		umask(022);
		assert_non_null(f);
		fputs("new report\n", f);
		assert_file(fx->path, "old report\n");   /* readers see the old one */
		assert_int_equal(outfile_commit(&of, &err), 0);
		assert_file(fx->path, "new report\n");
		assert_dir_holds(fx->dir, "report.json");
		assert_int_equal(stat(fx->path, &st), 0);
		assert_int_equal(st.st_mode & 07777, modes[i]);
	}
}

static void test_abort_leaves_old(void **state)
{
	struct fixture *fx = *state;
	struct outfile of;
	struct error err;
	FILE *f;

	write_file(fx->path, "old report\n");
	f = outfile_open(&of, fx->path, &err);
	assert_non_null(f);
	fputs("half a rep", f);
	outfile_abort(&of);
	assert_file(fx->path, "old report\n");
	assert_dir_holds(fx->dir, "report.json");
	outfile_abort(&of);                             /* twice is harmless */
	assert_int_equal(outfile_commit(&of, &err), -1);
	assert_file(fx->path, "old report\n");
}

/* A full disk: the temporary file's descriptor is pointed at /dev/full. */
static void test_write_failure_keeps_old(void **state)
{
	struct fixture *fx = *state;
	struct outfile of;
	struct error err;
	int full, i;
	FILE *f;

	write_file(fx->path, "old report\n");
	f = outfile_open(&of, fx->path, &err);
	assert_non_null(f);
	full = open("/dev/full", O_WRONLY);
	assert_true(full >= 0);
	assert_true(dup2(full, fileno(f)) >= 0);
	close(full);
	for (i = 0; i < 20000; i++)
		fputs("{\"code\": 200, \"count\": 12345}\n", f);
	assert_int_equal(outfile_commit(&of, &err), -1);
	assert_non_null(strstr(err.msg, fx->path));
	assert_non_null(strstr(err.msg, "No space left on device"));
	assert_file(fx->path, "old report\n");
	assert_dir_holds(fx->dir, "report.json");
}

static void test_open_failure(void **state)
{
	struct fixture *fx = *state;
	char path[256], longpath[4200];
	struct outfile of;
	struct error err;

	write_file(fx->path, "old report\n");
	/* a path under a regular file */
	snprintf(path, sizeof path, "%s/sub/out.json", fx->path);
	assert_null(outfile_open(&of, path, &err));
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "Not a directory"));
	/* a missing directory */
	snprintf(path, sizeof path, "%s/missing/out.json", fx->dir);
	assert_null(outfile_open(&of, path, &err));
	assert_non_null(strstr(err.msg, "No such file or directory"));
	outfile_abort(&of);                             /* harmless after failure */
	/* a name too long for the temporary's buffer */
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	assert_null(outfile_open(&of, longpath, &err));
	assert_non_null(strstr(err.msg, "too long"));
	assert_file(fx->path, "old report\n");
	assert_dir_holds(fx->dir, "report.json");
}

/* The target turns into a directory before the commit: the rename fails,
 * the temporary is removed. */
static void test_rename_failure(void **state)
{
	struct fixture *fx = *state;
	char inner[160];
	struct outfile of;
	struct error err;
	FILE *f;

	f = outfile_open(&of, fx->path, &err);
	assert_non_null(f);
	fputs("report\n", f);
	assert_int_equal(mkdir(fx->path, 0755), 0);
	snprintf(inner, sizeof inner, "%s/keep", fx->path);
	write_file(inner, "x");
	assert_int_equal(outfile_commit(&of, &err), -1);
	assert_non_null(strstr(err.msg, "cannot rename"));
	assert_dir_holds(fx->dir, "report.json");
	assert_file(inner, "x");
}

static void test_directory_target(void **state)
{
	struct fixture *fx = *state;
	struct outfile of;
	struct error err;

	assert_int_equal(mkdir(fx->path, 0755), 0);
	assert_null(outfile_open(&of, fx->path, &err));
	assert_non_null(strstr(err.msg, "Is a directory"));
	assert_dir_holds(fx->dir, "report.json");
}

/* Devices are written in place, never renamed over: -o /dev/full fails
 * like a full disk and /dev/full stays a device; -o /dev/null works. */
static void test_devices_in_place(void **state)
{
	struct outfile of;
	struct error err;
	struct stat st;
	FILE *f;
	int i;

	(void)state;
	f = outfile_open(&of, "/dev/null", &err);
	assert_non_null(f);
	assert_string_equal(of.tmp, "");
	fputs("report\n", f);
	assert_int_equal(outfile_commit(&of, &err), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	f = outfile_open(&of, "/dev/full", &err);
	assert_non_null(f);
	for (i = 0; i < 20000; i++)
		fputs("{\"code\": 200, \"count\": 12345}\n", f);
	assert_int_equal(outfile_commit(&of, &err), -1);
	assert_non_null(strstr(err.msg, "/dev/full: write failed: No space left on device"));
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

/* A symlink at FILE: the file it points to is replaced, the link kept. */
static void test_symlink_followed(void **state)
{
	struct fixture *fx = *state;
	char link[160];
	struct outfile of;
	struct error err;
	struct stat st;
	FILE *f;

	write_file(fx->path, "old report\n");
	snprintf(link, sizeof link, "%s/latest.json", fx->dir);
	assert_int_equal(symlink("report.json", link), 0);
	f = outfile_open(&of, link, &err);
	assert_non_null(f);
	fputs("new report\n", f);
	assert_int_equal(outfile_commit(&of, &err), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file(fx->path, "new report\n");
	assert_int_equal(unlink(link), 0);
	assert_dir_holds(fx->dir, "report.json");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_file_honors_umask, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_replaces_and_keeps_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_leaves_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_failure_keeps_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_target, setup, teardown),
		cmocka_unit_test(test_devices_in_place),
		cmocka_unit_test_setup_teardown(test_symlink_followed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
