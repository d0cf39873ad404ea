/* outfile.c: -o FILE written atomically. The report goes to a temporary
 * file beside FILE (FILE.tmp.XXXXXX, same file system), which is flushed,
 * fsync'ed and renamed over FILE only when complete; on any failure it is
 * removed and FILE is left as it was. Apart from the writers because it is
 * about files, not formats.
 *
 * The final file gets the mode and owner a shell redirect would leave: an
 * existing FILE keeps its permission bits and (where permitted: fchown is
 * best effort) its owner and group; if the group cannot be kept, the group
 * bits are dropped so no other group gains access to a report of client
 * IPs. A new FILE gets 0666 & ~umask (mkstemp's 0600 is widened). The
 * temporary name stays in of->tmp while the file exists, so a signal
 * handler can unlink it (async-signal-safe). A symlink at FILE is followed:
 * its target is replaced, the link kept. A FILE that exists and is not a
 * regular file (/dev/null, /dev/full, a FIFO) is written in place, like a
 * redirect: renaming over it would replace a device node (tmp is then ""),
 * and a directory fails at once. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "statusmon/escape.h"
#include "report_impl.h"

#define SHOWN_MAX 512   /* a path as shown in a message, escaped and cut */

/* path escaped for a message (a name may hold any byte but NUL). */
static const char *shown(char buf[SHOWN_MAX], const char *path)
{
	return escape_shown(buf, SHOWN_MAX, path);
}

static mode_t current_umask(void)
{
	mode_t mask = umask(0);   /* the only portable way to read it */

	umask(mask);
	return mask;
}

/* A FILE that is there and not a regular file: opened for writing as is. */
static FILE *open_in_place(struct outfile *of, struct error *err)
{
	char name[SHOWN_MAX];
	int saved;

	of->f = fopen(of->path, "w");
	if (!of->f) {
		saved = errno;
		error_set(err, "%s: %s", shown(name, of->path), strerror(saved));
	}
	return of->f;
}

/* The mode and owner the report file gets: those of an existing regular
 * FILE (st, or NULL), else 0666 & ~umask. */
static int set_final_mode(int fd, const struct stat *st)
{
	mode_t mode;

	if (!st)
		return fchmod(fd, 0666 & ~current_umask());
	mode = st->st_mode & 0777;   /* no set-id bits on a report */
	if (fchown(fd, st->st_uid, st->st_gid) != 0 && fchown(fd, (uid_t)-1, st->st_gid) != 0)
		mode &= ~(mode_t)070;   /* the group could not be kept: it gets nothing */
	return fchmod(fd, mode);
}

/* The temporary file beside of->path; st: the existing FILE, or NULL. */
static FILE *open_temp(struct outfile *of, const struct stat *st, struct error *err)
{
	char name[SHOWN_MAX];
	int fd, n, saved;

	n = snprintf(of->tmp, sizeof of->tmp, "%s.tmp.XXXXXX", of->path);
	if (n < 0 || (size_t)n >= sizeof of->tmp) {
		error_set(err, "%s: output path too long", shown(name, of->path));
		of->tmp[0] = '\0';
		return NULL;
	}
	fd = mkstemp(of->tmp);
	if (fd < 0) {
		saved = errno;
		error_set(err, "%s: cannot create a temporary file beside it: %s",
		          shown(name, of->path), strerror(saved));
		of->tmp[0] = '\0';
		return NULL;
	}
	if (set_final_mode(fd, st) != 0 || !(of->f = fdopen(fd, "w"))) {
		saved = errno;
		error_set(err, "%s: %s", shown(name, of->tmp), strerror(saved));
		close(fd);
		unlink(of->tmp);
		of->tmp[0] = '\0';
		return NULL;
	}
	return of->f;
}

FILE *outfile_open(struct outfile *of, const char *path, struct error *err)
{
	char name[SHOWN_MAX], resolved[PATH_MAX];
	struct stat st;
	int n;

	memset(of, 0, sizeof *of);
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, resolved))
		path = resolved;
	n = snprintf(of->path, sizeof of->path, "%s", path);
	if (n < 0 || (size_t)n >= sizeof of->path) {
		error_set(err, "%s: output path too long", shown(name, path));
		return NULL;
	}
	if (stat(of->path, &st) != 0)
		return open_temp(of, NULL, err);
	if (!S_ISREG(st.st_mode))
		return open_in_place(of, err);
	return open_temp(of, &st, err);
}

/* fsync the directory holding path so the rename survives a crash; a
 * failure here is not reported (the report itself is complete). */
static void sync_parent_dir(const char *path)
{
	char copy[sizeof ((struct outfile *)0)->path];
	int fd;

	snprintf(copy, sizeof copy, "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Flushes, syncs and closes of->f; on failure err gives the path and the
 * errno text. Always closes. */
static int close_checked(struct outfile *of, struct error *err)
{
	char name[SHOWN_MAX];
	FILE *f = of->f;
	int failed = 0, saved = 0;

	of->f = NULL;
	if (fflush(f) != 0 || ferror(f)) {
		failed = 1;
		saved = errno;
	} else if (fsync(fileno(f)) != 0 && errno != EINVAL) {
		failed = 1;   /* EINVAL: a special file that cannot be synced */
		saved = errno;
	}
	if (fclose(f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (failed)
		error_set(err, "%s: write failed: %s", shown(name, of->path),
		          saved ? strerror(saved) : "I/O error");
	return failed ? -1 : 0;
}

int outfile_commit(struct outfile *of, struct error *err)
{
	char name[SHOWN_MAX], tmp[SHOWN_MAX];
	int saved;

	if (!of->f) {
		error_set(err, "%s: no report file open", shown(name, of->path));
		return -1;
	}
	if (!of->tmp[0])                  /* written in place */
		return close_checked(of, err);
	if (close_checked(of, err) != 0) {
		unlink(of->tmp);
		of->tmp[0] = '\0';
		return -1;
	}
	if (rename(of->tmp, of->path) != 0) {
		saved = errno;
		error_set(err, "%s: cannot rename %s into place: %s", shown(name, of->path),
		          shown(tmp, of->tmp), strerror(saved));
		unlink(of->tmp);
		of->tmp[0] = '\0';
		return -1;
	}
	of->tmp[0] = '\0';
	sync_parent_dir(of->path);
	return 0;
}

void outfile_abort(struct outfile *of)
{
	if (of->f) {
		fclose(of->f);
		of->f = NULL;
	}
	if (of->tmp[0]) {
		unlink(of->tmp);
		of->tmp[0] = '\0';
	}
}
