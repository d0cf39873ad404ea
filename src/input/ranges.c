/* ranges.c: splitting one big regular file into byte ranges that begin at
 * line starts, so worker threads can each read their own parts and every
 * line belongs to exactly one range; a thread's open file moves from one
 * range to the next (input_seek_range) instead of opening the path again.
 * Splitting reads a bounded stretch after each cut point (2 KiB, more only
 * when that holds no line start), never to the end
 * of the file, so a file with no newline costs the same for any thread
 * count (the cut points that find no line start are merged away).
 * Apart from input.c because only the threaded batch path needs it;
 * compressed or unseekable inputs are never split. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "input_impl.h"

#define RANGE_SCAN 65536
#define RANGE_PEEK 2048   /* the first read after a cut point: small, so
                             many cuts (W3C's held ranges) read little twice */
/* How far after a cut point a line start is looked for: one read. A cut
 * inside a longer line (no real log has one) is merged away. */
#define RANGE_SCAN_MAX ((off_t)RANGE_SCAN)

static int range_errno(struct error *err, const char *path, int e)
{
	char reason[256];

	if (strerror_r(e, reason, sizeof reason) != 0)
		strcpy(reason, "unknown error");
	error_set(err, "%s: %s", path, reason);
	return -1;
}

/* The first line start in [pos, stop) (pos itself when byte pos-1 is a
 * "\n"): reads bytes [pos-1, stop-1) at most. 0 when there is none, -1 on a
 * read error. */
static off_t range_line_start(int fd, off_t pos, off_t stop)
{
	char chunk[RANGE_SCAN];
	off_t at = pos - 1;
	ssize_t r;
	size_t want, step = RANGE_PEEK;   /* a line start is usually near */
	const char *nl;

	while (at < stop - 1) {
		want = stop - 1 - at < (off_t)step ? (size_t)(stop - 1 - at) : step;
		step = sizeof chunk;
		r = pread(fd, chunk, want, at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		nl = memchr(chunk, '\n', (size_t)r);
		if (nl)
			return at + (nl - chunk) + 1;
		at += r;
	}
	return 0;
}

static bool range_is_compressed(int fd)
{
	unsigned char magic[SOURCE_MAGIC];
	ssize_t n = pread(fd, magic, sizeof magic, 0);

	return n > 0 && source_kind_of(magic, (size_t)n) != SOURCE_PLAIN;
}

static off_t range_cut_point(off_t size, int n, int k)
{
	return (size / n) * k + (size % n) * k / n;
}

/* bounds[1..] for a regular plain file; returns the number of ranges. Each
 * cut point looks for a line start before the next cut point and at most
 * RANGE_SCAN_MAX bytes on; one that finds none is dropped (its range merges
 * with the one before), so the whole split reads at most
 * min(size, n * RANGE_SCAN_MAX) bytes, whatever the lines. */
static int range_cut(int fd, off_t size, int n, off_t *bounds)
{
	int k, count = 0;
	off_t pos, stop, b;

	bounds[0] = 0;
	for (k = 1; k < n; k++) {
		pos = range_cut_point(size, n, k);
		stop = range_cut_point(size, n, k + 1);
		if (stop - pos > RANGE_SCAN_MAX)
			stop = pos + RANGE_SCAN_MAX;
		b = range_line_start(fd, pos, stop);
		if (b < 0)
			return -1;
		if (b > bounds[count] && b < size)
			bounds[++count] = b;
	}
	bounds[++count] = size;
	return count;
}

int input_split_ranges_min(const char *path, int n, off_t *bounds,
                           off_t min_range, struct error *err)
{
	struct stat st;
	int fd, count;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return range_errno(err, path, errno);
	if (fstat(fd, &st) != 0) {
		range_errno(err, path, errno);
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		error_set(err, "%s: is a directory", path);
		close(fd);
		return -1;
	}
	bounds[0] = 0;
	bounds[1] = S_ISREG(st.st_mode) ? st.st_size : 0;
	if (min_range < 1)
		min_range = 1;
	if (n > st.st_size / min_range)
		n = (int)(st.st_size / min_range);
	if (n <= 1 || !S_ISREG(st.st_mode) || range_is_compressed(fd)) {
		close(fd);
		return 1;
	}
	count = range_cut(fd, st.st_size, n, bounds);
	if (count < 0)
		range_errno(err, path, errno);
	close(fd);
	return count;
}

int input_split_ranges(const char *path, int n, off_t *bounds,
                       struct error *err)
{
	return input_split_ranges_min(path, n, bounds, RANGE_MIN, err);
}

/* The first range: sniffing already read up to SOURCE_MAGIC bytes from offset 0. */
static struct input *range_open_first(const char *path, uint64_t end,
                                      struct error *err)
{
	struct input *in = input_open(path, err);
	struct input_source *s;

	if (!in || !in->src.regular || in->src.kind != SOURCE_PLAIN)
		return in;
	s = &in->src;
	if (s->npeek > end)
		s->npeek = (size_t)end;
	s->limit = end > s->raw_off ? end - s->raw_off : 0;
	return in;
}

/* A range starting at 0 of a gzip or unseekable file is the whole stream
 * (input_split_ranges gives such files a single range). */
struct input *input_open_range(const char *path, off_t start, off_t end,
                               struct error *err)
{
	struct input *in;

	if (start < 0 || end < start) {
		error_set(err, "%s: invalid range %jd-%jd", path,
		          (intmax_t)start, (intmax_t)end);
		return NULL;
	}
	if (start == 0)
		return range_open_first(path, (uint64_t)end, err);
	if (!(in = input_alloc(path, err)))
		return NULL;
	if (source_open(&in->src, path, err) != 0)
		goto fail;
	if (lseek(in->src.fd, start, SEEK_SET) < 0) {
		range_errno(err, path, errno);
		goto fail;
	}
	in->src.sniffed = true;
	in->src.limit = (uint64_t)(end - start);
	return in;
fail:
	input_close(in);
	return NULL;
}

int input_seek_range(struct input *in, off_t start, off_t end, struct error *err)
{
	struct input_source *s = &in->src;

	if (start < 0 || end < start || !s->regular || s->kind != SOURCE_PLAIN || s->fd < 0) {
		error_set(err, "%s: cannot move to range %jd-%jd", in->path,
		          (intmax_t)start, (intmax_t)end);
		return -1;
	}
	if (lseek(s->fd, start, SEEK_SET) < 0)
		return range_errno(err, in->path, errno);
	s->npeek = 0;
	s->sniffed = true;
	s->failed = false;
	s->raw_off = (uint64_t)start;
	s->limit = (uint64_t)(end - start);
	lines_reset(in);
	in->lines = in->bytes = 0;
	in->done = false;
	return 0;
}
