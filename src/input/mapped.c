/* mapped.c: a settled regular file read through a window of memory
 * mapping instead of read(), when the run asks for it (--mmap,
 * input_allow_map). read() makes the kernel copy every byte into the line
 * buffer before the splitter sees it: on an Intel Xeon VM that copy was
 * 16% of a thread's time (perf, 10M combined lines) and mapping made one
 * thread 9% faster. Mapped, the splitter and parser read the page cache
 * itself, but every page then needs a page-table entry of this process:
 * on the AMD EPYC VMs this project later ran on, whose page faults cost
 * far more, one thread took 2.50-2.57 s mapped against 1.60-1.64 s with
 * read() on 10M lines, so read() is the default and mapping an option
 * (bench/RESULTS.md).
 *
 * The window is the line buffer: lines.c keeps working on [start, end) of
 * in->buf, which points into the mapping, and asks here for more when no
 * "\n" is left. The next window starts at the page holding the first
 * unread byte, so a line is never split between windows, and a window
 * (MAP_WINDOW) is bigger than line_max + 2 plus a page, so lines_take's
 * rule for an over-long line holds unchanged. Windows are unmapped as the
 * reader moves on: resident memory stays one window.
 *
 * A mapped file that shrinks makes the next access of a page past its new
 * end fault (SIGBUS): read() would merely have ended early. So only a file
 * that looks settled is mapped: unchanged for MAP_QUIET_SECONDS (a log
 * being written, or about to be rotated by copytruncate, is read with
 * read()), with at least MAP_MIN bytes to go, read by lines (never
 * followed). Should one shrink anyway, main.c's SIGBUS handler names it
 * and ends the process with status 1 instead of a crash: nothing
 * half-counted is reported.
 *
 * The mapping covers the file as it was when the first window was made;
 * bytes written after that are read with read() once the mapping ends, as
 * they would have been. The spans path (input_next_span) never maps: span
 * buffers change hands. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "input_impl.h"

static size_t page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (size_t)p : 4096;
}

/* Whether this input may be mapped from its next unread byte on, and the
 * region to map: [*pos, *stop) in file offsets. */
static bool map_wanted(struct input *in, off_t *pos, off_t *stop)
{
	struct input_source *s = &in->src;
	struct stat st;
	off_t fdpos, range_end;

	if (!s->regular || s->follow || in->following || s->fd < 0 ||
	    !s->sniffed || s->kind != SOURCE_PLAIN || s->failed || s->replaced ||
	    in->quiet_s < 0 || in->start != in->end || in->skipping)
		return false;
	if (fstat(s->fd, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	if (in->quiet_s > 0 && (long long)time(NULL) - (long long)st.st_mtime < in->quiet_s)
		return false;
	fdpos = lseek(s->fd, 0, SEEK_CUR);
	if (fdpos < 0 || (off_t)s->npeek > fdpos || fdpos > st.st_size)
		return false;
	*pos = fdpos - (off_t)s->npeek;
	range_end = st.st_size;          /* never a page past the end */
	if (s->limit != LIMIT_NONE && s->limit < (uint64_t)(st.st_size - fdpos))
		range_end = fdpos + (off_t)s->limit;
	if (range_end - *pos < MAP_MIN)
		return false;
	*stop = range_end;
	return true;
}

/* The window holding file offset pos on: in->buf, start at pos. */
static bool map_window(struct input *in, off_t pos)
{
	off_t base = pos - (off_t)((uint64_t)pos % page_size());
	size_t len = in->map_stop - base < (off_t)MAP_WINDOW ? (size_t)(in->map_stop - base)
	             : MAP_WINDOW;
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, in->src.fd, base);

	if (p == MAP_FAILED)
		return false;
	if (in->map)
		(void)munmap(in->map, in->map_len);
	in->map = p;
	in->map_len = len;
	in->map_base = base;
	in->buf = p;
	in->cap = len;
	in->start = (size_t)(pos - base);
	in->end = len;
	return true;
}

/* Back to the heap buffer with the unread bytes (keep) or none, the fd
 * right after the bytes the heap buffer holds, so read() goes on from
 * there. */
static void map_leave(struct input *in, bool keep)
{
	struct input_source *s = &in->src;
	size_t avail = keep ? in->end - in->start : 0;
	off_t done;

	if (avail > in->heap_cap) {   /* < line_max + 2: lines_take cut longer */
		char *p = malloc(avail);

		if (p) {
			free(in->heap);
			in->heap = p;
			in->heap_cap = avail;
		} else {
			avail = 0;     /* out of memory: read() gives them again */
		}
	}
	done = in->map_base + (off_t)in->start + (off_t)avail;
	if (avail)
		memcpy(in->heap, in->buf + in->start, avail);
	(void)munmap(in->map, in->map_len);
	in->map = NULL;
	in->buf = in->heap;
	in->cap = in->heap_cap;
	in->heap = NULL;
	in->heap_cap = 0;
	in->start = 0;
	in->end = avail;
	if (keep) {
		if (s->limit != LIMIT_NONE)
			s->limit = in->map_limit_end > (uint64_t)done
			           ? in->map_limit_end - (uint64_t)done : 0;
		s->raw_off += (uint64_t)(done - in->map_fd_start);
		(void)lseek(s->fd, done, SEEK_SET);
	}
}

int mapped_fill(struct input *in)
{
	off_t pos, stop;

	if (!in->map) {
		if (in->map_tried)
			return MAPPED_NO;
		in->map_tried = true;
		if (!map_wanted(in, &pos, &stop))
			return MAPPED_NO;
		in->map_stop = stop;
		in->map_fd_start = pos + (off_t)in->src.npeek;
		in->map_limit_end = in->src.limit == LIMIT_NONE ? LIMIT_NONE
		                    : (uint64_t)in->map_fd_start + in->src.limit;
		in->heap = in->buf;
		in->heap_cap = in->cap;
		if (!map_window(in, pos)) {
			in->buf = in->heap;
			in->heap = NULL;
			in->heap_cap = 0;
			return MAPPED_NO;
		}
		in->src.npeek = 0;
		return 1;
	}
	pos = in->map_base + (off_t)in->start;
	if (in->map_base + (off_t)in->map_len < in->map_stop && map_window(in, pos))
		return 1;
	map_leave(in, true);     /* the end of the mapping, or mmap failed */
	return MAPPED_NO;
}

void mapped_drop(struct input *in)
{
	if (in->map)
		map_leave(in, false);
	in->map_tried = false;
}

void mapped_release(struct input *in)
{
	if (in->map)
		map_leave(in, true);
}

int input_set_map_quiet(struct input *in, int seconds)
{
	if (in->map || in->end > 0 || in->lines > 0)
		return -1;
	in->quiet_s = seconds;
	in->map_tried = false;
	return 0;
}

void input_allow_map(struct input *in)
{
	(void)input_set_map_quiet(in, MAP_QUIET_SECONDS);
}
