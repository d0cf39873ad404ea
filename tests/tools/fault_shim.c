/* fault_shim.c: an LD_PRELOAD library for the follow tests, so transient
 * faults come from the real system calls the input module makes, not from
 * a test double inside it. Inert until armed through its two exported
 * functions (the test finds them with dlsym):
 * - sm_shim_fail_reads(path, n, err): the next n read() calls on the file
 *   at path (by device and inode) fail with err (EIO: a flaky disk);
 * - sm_shim_deny_unreadable(path): open() of exactly that name fails with
 *   EACCES while the file has no read bit for others, as for a reader that
 *   is not its owner (the tests run as root, who could open it anyway).
 * Global state is the point of a shim; it is a test tool, not the product. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_int fail_left;
static int fail_errno;
static dev_t fail_dev;
static ino_t fail_ino;
static char deny_path[4096];
static atomic_bool deny_on;

void sm_shim_fail_reads(const char *path, int n, int err);
void sm_shim_deny_unreadable(const char *path);

void sm_shim_fail_reads(const char *path, int n, int err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return;
	fail_dev = st.st_dev;
	fail_ino = st.st_ino;
	fail_errno = err;
	atomic_store(&fail_left, n);
}

void sm_shim_deny_unreadable(const char *path)
{
	strncpy(deny_path, path, sizeof deny_path - 1);
	atomic_store(&deny_on, path[0] != '\0');
}

static bool shim_should_fail_read(int fd)
{
	struct stat st;

	if (atomic_load(&fail_left) <= 0 || fstat(fd, &st) != 0 ||
	    st.st_dev != fail_dev || st.st_ino != fail_ino)
		return false;
	return atomic_fetch_sub(&fail_left, 1) > 0;
}

static bool shim_should_deny(const char *path)
{
	struct stat st;

	return atomic_load(&deny_on) && strcmp(path, deny_path) == 0 &&
	       stat(path, &st) == 0 && !(st.st_mode & S_IROTH);
}

ssize_t read(int fd, void *buf, size_t n)
{
	static ssize_t (*real)(int, void *, size_t);

	if (!real)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	if (shim_should_fail_read(fd)) {
		errno = fail_errno;
		return -1;
	}
	return real(fd, buf, n);
}

/* open and its fortified and 64-bit names all end here. */
static int shim_open(const char *name, const char *path, int flags, mode_t mode)
{
	int (*real)(const char *, int, ...);

	if (shim_should_deny(path)) {
		errno = EACCES;
		return -1;
	}
	real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, name);
	return real(path, flags, mode);
}

#define SHIM_MODE(flags, mode) do { \
	va_list ap; \
	if ((flags) & (O_CREAT | O_TMPFILE)) { \
		va_start(ap, flags); \
		mode = va_arg(ap, mode_t); \
		va_end(ap); \
	} \
} while (0)

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	SHIM_MODE(flags, mode);
	return shim_open("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	SHIM_MODE(flags, mode);
	return shim_open("open64", path, flags, mode);
}

int __open_2(const char *path, int flags);
int __open_2(const char *path, int flags)
{
	return shim_open("open", path, flags, 0);
}

int __open64_2(const char *path, int flags);
int __open64_2(const char *path, int flags)
{
	return shim_open("open64", path, flags, 0);
}
