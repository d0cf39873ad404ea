/* mapped.c: a settled regular file read through a window of memory
 * mapping instead of read(), and the measurement that decides whether to
 * (input_allow_map). read() makes the kernel copy every byte into the line
 * buffer before the splitter sees it: 13-16% of a thread's time on an
 * Intel Xeon VM (perf, 10M combined lines). Mapped, the splitter and parser
 * read the page cache itself: the pages are mapped with MAP_POPULATE (no
 * page fault per page) and lines.c prefetches MAP_PREFETCH_AHEAD bytes
 * ahead of the line it cuts, so the loads from memory overlap the parse.
 * On that Xeon one thread then takes 0.85-0.90x the time of read()
 * (bench/pair, 10 concurrent rounds) and 0.92x alternating; on the AMD
 * EPYC VMs this project also ran on, one thread took 1.55x the time of
 * read() mapped (then with a prefetch a page ahead, MAP_POPULATE made no
 * difference): a mapped page's first reader stalled there.
 *
 * So which is faster is measured, by each reading thread for the inputs
 * it reads (struct input_map_probe): its first settled bytes alternate
 * between a mapped window and a read() stretch of the same size, each
 * timed in the thread's CPU time (time the thread waited for the core
 * does not count) from the fill that starts it to the fill that ends it,
 * so the time includes parsing what it read. A mapped stretch and the
 * read() one after it make a pair; the first pair warms caches and
 * summaries up and is not kept; of the next INPUT_MAP_PAIRS, the median
 * ratio decides, and mapping must win by PROBE_MARGIN_PCT. Timed here on
 * 10M combined lines at one thread: medians 0.89, 0.91, 0.92 in three
 * runs, single pairs 0.78-1.03. The thread then reads everything else the
 * winning way: 96 MiB of probing at most. --mmap maps without measuring,
 * --no-mmap never maps.
 *
 * The window is the line buffer: lines.c keeps working on [start, end) of
 * in->buf, which points into the mapping, and asks here for more when no
 * "\n" is left. The next window starts at the page holding the first
 * unread byte, so a line is never split between windows, and a window
 * (MAP_WINDOW) is bigger than line_max + 2 plus a page, so lines_take's
 * rule for an over-long line holds unchanged. Mapping may begin with
 * unread bytes in the heap buffer (after a read() stretch): the window
 * starts at the first of them and they are read again from it. Windows
 * are unmapped as the reader moves on: resident memory stays one window.
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

#define PROBE_READ_BYTES ((uint64_t)MAP_WINDOW)  /* a read() stretch: as a window */
#define PROBE_MIN_BYTES ((uint64_t)256 << 10) /* shorter stretches not kept */
#define PROBE_MARGIN_PCT 3       /* mapping must be this much faster      */

enum { SAMPLE_NONE, SAMPLE_READ, SAMPLE_MAP };

static size_t page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (size_t)p : 4096;
}

/* Whether this input may be mapped from its first unread byte on (in the
 * line buffer, else the peeked bytes, else the fd's offset), the region
 * to map: [*pos, *stop) in file offsets, and the fd's offset *fd_at. */
static bool map_wanted(struct input *in, off_t *pos, off_t *stop, off_t *fd_at)
{
	struct input_source *s = &in->src;
	struct stat st;
	off_t fdpos, range_end;
	size_t unread;

	if (!s->regular || s->follow || in->following || s->fd < 0 ||
	    !s->sniffed || s->kind != SOURCE_PLAIN || s->failed || s->replaced ||
	    in->quiet_s < 0 || in->skipping)
		return false;
	if (fstat(s->fd, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	if (in->quiet_s > 0 && (long long)time(NULL) - (long long)st.st_mtime < in->quiet_s)
		return false;
	fdpos = lseek(s->fd, 0, SEEK_CUR);
	unread = s->npeek + (in->end - in->start);
	if (fdpos < 0 || (off_t)unread > fdpos || fdpos > st.st_size)
		return false;
	*pos = fdpos - (off_t)unread;
	*fd_at = fdpos;
	range_end = st.st_size;          /* never a page past the end */
	if (s->limit != LIMIT_NONE && s->limit < (uint64_t)(st.st_size - fdpos))
		range_end = fdpos + (off_t)s->limit;
	if (range_end - *pos < MAP_MIN)
		return false;
	*stop = range_end;
	return true;
}

/* The window holding file offset pos on: in->buf, start at pos (no
 * window mapped before the call). */
static bool map_window(struct input *in, off_t pos)
{
	off_t base = pos - (off_t)((uint64_t)pos % page_size());
	size_t len = in->map_stop - base < (off_t)MAP_WINDOW ? (size_t)(in->map_stop - base)
	             : MAP_WINDOW;
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, in->src.fd, base);

	if (p == MAP_FAILED)
		return false;
	in->map = p;
	in->map_len = len;
	in->map_base = base;
	in->buf = p;
	in->cap = len;
	in->start = (size_t)(pos - base);
	in->end = len;
	in->prefetched = in->start;
	return true;
}

/* Back to the heap buffer, holding avail bytes already copied there, the
 * window unmapped; with done >= 0, the fd moves to file offset done (right
 * after those bytes), so read() goes on from there. */
static void map_resume(struct input *in, size_t avail, off_t done)
{
	struct input_source *s = &in->src;

	in->map = NULL;
	in->buf = in->heap;
	in->cap = in->heap_cap;
	in->heap = NULL;
	in->heap_cap = 0;
	in->start = 0;
	in->end = avail;
	if (done >= 0) {
		if (s->limit != LIMIT_NONE)
			s->limit = in->map_limit_end > (uint64_t)done
			           ? in->map_limit_end - (uint64_t)done : 0;
		s->raw_off += (uint64_t)(done - in->map_fd_start);
		(void)lseek(s->fd, done, SEEK_SET);
	}
}

/* Back to the heap buffer with the unread bytes (keep) or none. */
static void map_leave(struct input *in, bool keep)
{
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
	map_resume(in, avail, keep ? done : -1);
}

static bool probing(const struct input *in)
{
	return in->probe && in->probe->verdict == INPUT_MAP_UNDECIDED;
}

/* Whether the next bytes should come through a mapping: always with
 * --mmap (no probe), else the verdict, else the probe's turn (a pair is
 * mapped first, then read()). */
static bool map_next(const struct input *in)
{
	const struct input_map_probe *p = in->probe;

	if (!p)
		return true;
	if (p->verdict != INPUT_MAP_UNDECIDED)
		return p->verdict == INPUT_MAP_MAPPED;
	return p->mapped_ns_per_kib == 0;
}

static uint64_t thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sample_begin(struct input *in, int way)
{
	in->sample = way;
	in->sample_ns = thread_ns();
	in->sample_bytes = in->bytes;
}

/* The median of the pairs' ratios, per mille. */
static uint32_t ratio_median(const struct input_map_probe *p)
{
	uint32_t r[INPUT_MAP_PAIRS];

	memcpy(r, p->ratio, sizeof r);
	for (size_t i = 1; i < INPUT_MAP_PAIRS; i++)
		for (size_t j = i; j > 0 && r[j - 1] > r[j]; j--) {
			uint32_t t = r[j];

			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	return r[INPUT_MAP_PAIRS / 2];
}

/* Ends the running stretch. A mapped one waits for the read() one that
 * follows it; together they give a pair's ratio (the first pair, warming
 * the thread's caches and summaries up, is not kept). After
 * INPUT_MAP_PAIRS kept pairs, the verdict. */
static void sample_end(struct input *in)
{
	struct input_map_probe *p = in->probe;
	uint64_t bytes = in->bytes - in->sample_bytes;
	uint64_t rate = (thread_ns() - in->sample_ns) * 1024 / (bytes ? bytes : 1);
	bool mapped = in->sample == SAMPLE_MAP;

	in->sample = SAMPLE_NONE;
	if (!probing(in) || bytes < PROBE_MIN_BYTES)
		return;
	if (mapped) {
		p->mapped_ns_per_kib = rate ? rate : 1;
		return;
	}
	if (p->mapped_ns_per_kib == 0)
		return;
	rate = p->mapped_ns_per_kib * 1000 / (rate ? rate : 1);
	p->mapped_ns_per_kib = 0;
	if (p->pairs++ == 0)
		return;
	p->ratio[p->pairs - 2] = rate > UINT32_MAX ? UINT32_MAX : (uint32_t)rate;
	if (p->pairs == INPUT_MAP_PAIRS + 1)
		p->verdict = ratio_median(p) < 1000 - 10 * PROBE_MARGIN_PCT
		             ? INPUT_MAP_MAPPED : INPUT_MAP_READ;
}

/* The next window of a mapping, or back to read() (its end, the probe's
 * turn for read(), or mmap failed). The old window goes first, so one
 * window per reader is resident, not two (MAP_POPULATE maps all of it):
 * if the new one cannot be made, read() starts again at its first byte. */
static int window_next(struct input *in)
{
	off_t pos = in->map_base + (off_t)in->start;

	if (in->sample == SAMPLE_MAP)
		sample_end(in);
	if (map_next(in) && in->map_base + (off_t)in->map_len < in->map_stop) {
		(void)munmap(in->map, in->map_len);
		in->map = NULL;
		if (probing(in))
			sample_begin(in, SAMPLE_MAP);
		if (map_window(in, pos))
			return 1;
		in->sample = SAMPLE_NONE;
		map_resume(in, 0, pos);
	} else {
		map_leave(in, true);
	}
	if (probing(in))
		sample_begin(in, SAMPLE_READ);
	return MAPPED_NO;
}

int mapped_fill(struct input *in)
{
	off_t pos, stop, fd_at;

	if (in->map)
		return window_next(in);
	if (in->sample == SAMPLE_READ) {
		if (in->bytes - in->sample_bytes < PROBE_READ_BYTES)
			return MAPPED_NO;
		sample_end(in);
		in->map_tried = false;      /* the probe may want a mapping now */
	}
	if (in->map_tried)
		return MAPPED_NO;
	in->map_tried = true;
	if (!map_wanted(in, &pos, &stop, &fd_at))
		return MAPPED_NO;
	if (!map_next(in)) {
		if (probing(in))
			sample_begin(in, SAMPLE_READ);
		return MAPPED_NO;
	}
	in->map_stop = stop;
	in->map_fd_start = fd_at;
	in->map_limit_end = in->src.limit == LIMIT_NONE ? LIMIT_NONE
	                    : (uint64_t)in->map_fd_start + in->src.limit;
	in->heap = in->buf;          /* its unread bytes are in the window */
	in->heap_cap = in->cap;
	if (probing(in))
		sample_begin(in, SAMPLE_MAP);
	if (!map_window(in, pos)) {
		in->buf = in->heap;
		in->heap = NULL;
		in->heap_cap = 0;
		in->sample = SAMPLE_NONE;
		return MAPPED_NO;
	}
	in->src.npeek = 0;
	return 1;
}

void mapped_drop(struct input *in)
{
	if (in->map)
		map_leave(in, false);
	in->map_tried = false;
	in->sample = SAMPLE_NONE;
}

void mapped_release(struct input *in)
{
	if (in->map)
		map_leave(in, true);
	in->sample = SAMPLE_NONE;   /* a stretch cut short is not timed */
}

int input_set_map_quiet(struct input *in, int seconds)
{
	if (in->map || in->end > 0 || in->lines > 0)
		return -1;
	in->quiet_s = seconds;
	in->map_tried = false;
	return 0;
}

void input_unmap(struct input *in)
{
	mapped_release(in);
}

void input_allow_map(struct input *in, struct input_map_probe *probe)
{
	if (input_set_map_quiet(in, MAP_QUIET_SECONDS) == 0)
		in->probe = probe;
}
