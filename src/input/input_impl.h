/* input_impl.h: what the input module's files share and nobody else sees.
 * source.c turns a file descriptor into a flat byte stream (gunzip.c inflates
 * gzip with ISA-L, unzstd.c decodes zstd), lines.c cuts that stream into line views, input.c opens and closes,
 * ranges.c splits big files for threads, follow.c implements tail -F. */
#ifndef STATUSMON_INPUT_IMPL_H
#define STATUSMON_INPUT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "statusmon/error.h"
#include "statusmon/input.h"

/* The first line buffer, and so the size of a span: a span is filled by
 * one thread and parsed by another, and the QUEUE_DEPTH (fanout.c) spans
 * in flight plus the one being filled are then about a core's L2 (1.25
 * MiB here) rather than four times it. 1 MiB before: one .gz 1.849 s ->
 * 1.786 s, a pipe 1.622 s -> 1.502 s, medians of 8 and 6 alternating
 * runs; 200 .gz files and .zst the same. */
#define INPUT_BLOCK ((size_t)256 << 10)
#define SOURCE_ZBUF ((size_t)256 << 10)    /* compressed read buffer       */
#define SOURCE_READ_STEP ((size_t)128 << 10) /* plain read(): lands in cache */
#define RANGE_MIN ((off_t)1 << 20)         /* smallest range worth a thread */
#define LIMIT_NONE UINT64_MAX
#define MAP_WINDOW ((size_t)8 << 20)       /* mapped.c: > INPUT_LINE_MAX + 2 + a page */
#define MAP_MIN ((off_t)1 << 20)           /* smaller files are read()      */
#define MAP_QUIET_SECONDS 60               /* mapped only when unchanged so long */
#define MAP_PREFETCH_AHEAD 4096            /* lines.c: mapped bytes loaded ahead */
#define SOURCE_HEAD 256                    /* fingerprint: first bytes      */
#define FOLLOW_OLD_MAX 16                  /* rotated files still read      */
#define FOLLOW_FAULT_MAX ERROR_MSG_MAX

struct inflate_state;                  /* ISA-L, <isa-l/igzip_lib.h> */
struct unzstd;                         /* unzstd.c                   */

/* What the first bytes of a stream say it is (never its name). */
enum source_kind { SOURCE_PLAIN, SOURCE_GZIP, SOURCE_ZSTD };

#define SOURCE_MAGIC 4                 /* longest magic: zstd's 4 bytes */

/* One open file descriptor and, when it starts with the gzip magic 1f 8b
 * or the zstd magic 28 b5 2f fd, its decoder. */
struct input_source {
	int fd;                 /* -1 when closed                          */
	bool own_fd;            /* false for stdin: never closed           */
	bool regular;           /* S_ISREG: seekable, size is meaningful   */
	bool follow;            /* EOF is "nothing yet", pipes are polled  */
	bool hup;               /* a pipe reached EOF (follow mode)        */
	bool sniffed;           /* magic checked                           */
	enum source_kind kind;
	bool member_done;       /* between two gzip members / zstd frames  */
	unsigned gz_head;       /* gzip: of a member's first 4 bytes, how many
	                         * were not yet checked (gunzip.c) */
	bool failed;            /* pending holds an error to return next   */
	unsigned char peek[SOURCE_MAGIC];  /* first bytes read while sniffing */
	size_t npeek;
	uint64_t raw_off;       /* bytes read from fd since open/restart   */
	uint64_t limit;         /* raw bytes left in a range, or LIMIT_NONE */
	unsigned char head[SOURCE_HEAD];  /* follow: first bytes read    */
	size_t nhead;
	bool replaced;          /* follow: the first bytes changed         */
	unsigned char *zbuf;    /* SOURCE_ZBUF compressed bytes, kept by close */
	size_t zpos, zlen;      /* zstd: [zpos, zlen) of zbuf not yet decoded */
	struct inflate_state *isal;   /* gzip decoder, NULL when not gzip    */
	struct unzstd *zstd;          /* zstd decoder, NULL when not zstd    */
	struct error pending;
};

struct input {
	char *path;             /* as given; "-" is stdin                  */
	struct input_source src;
	char *buf;              /* line buffer: [start, end) is unread     */
	size_t cap, start, end;
	size_t scanned;         /* bytes after start known to hold no "\n" */
	size_t line_max;        /* INPUT_LINE_MAX, smaller only in tests   */
	bool skipping;          /* dropping the rest of a truncated line   */
	bool done;              /* EOF or error seen (not follow mode)     */
	uint64_t lines, bytes;
	/* mapped.c: while map is set, buf is a window of it and heap the line
	 * buffer put aside */
	char *map;
	size_t map_len;
	off_t map_base;         /* file offset of map[0]                   */
	off_t map_stop;         /* file offset where the mapping ends      */
	off_t map_fd_start;     /* the fd's offset when mapping began      */
	uint64_t map_limit_end; /* the range's end, or LIMIT_NONE          */
	bool map_tried;         /* mapping was considered for this read    */
	int quiet_s;            /* -1 (default): never map; input_allow_map */
	struct input_map_probe *probe;  /* NULL: map when settled (--mmap) */
	int sample;             /* the way being timed for the probe       */
	uint64_t sample_ns, sample_bytes;   /* its start: clock, bytes     */
	size_t prefetched;      /* mapped: buf offset loads were asked to  */
	char *heap;
	size_t heap_cap;
	/* follow mode only (follow.c) */
	bool following;
	bool poll_olds;         /* read the rotated files before this one  */
	unsigned old_tick;      /* lines since the rotated files were read */
	dev_t dev;
	ino_t ino;
	int ino_fd, wd_file, wd_dir;
	int rotate_wait_ms;
	int retry_ms;           /* backoff after a fault, 0 when healthy   */
	int64_t retry_at;       /* monotonic ms of the next attempt        */
	int64_t last_data_ms;   /* a rotated file: when it last gave bytes */
	struct input *old[FOLLOW_OLD_MAX];   /* rotated, oldest first      */
	size_t nold;
	struct follow_stats stats;
	char fault[FOLLOW_FAULT_MAX];
};

/* source.c. source_open fills err with "PATH: reason" and returns the errno
 * (0 on success). source_read returns bytes (> 0), 0 at end of data (in
 * follow mode: nothing available now) or -1 + err (reason only).
 * source_pending returns -1 + err once for an error found after the data
 * ended (trailing garbage), else 0. */
void source_init(struct input_source *s);
int source_open(struct input_source *s, const char *path, struct error *err);
int source_sniff(struct input_source *s, struct error *err);
enum source_kind source_kind_of(const unsigned char *p, size_t n);
ssize_t source_read(struct input_source *s, char *dst, size_t cap,
                    struct error *err);
int source_pending(struct input_source *s, struct error *err);
/* For the decoders: raw bytes from the fd (> 0, 0 at its end or nothing
 * now, -1 + err), and the error that ends data already made (returns made,
 * the error kept for the next call; -1 when nothing was made). */
ssize_t source_raw(struct input_source *s, void *dst, size_t cap, struct error *err);
/* For the decoders: the next compressed bytes into s->zbuf after the kept
 * bytes already at its front: their count, 0 at the end of the data
 * (between members/frames with nothing kept, or nothing now in follow
 * mode), -1 + err (a read error, or "truncated KIND stream": the data ended
 * inside a member or frame, or after kept bytes that begin one). */
ssize_t source_refill(struct input_source *s, const char *kind, size_t kept,
                      struct error *err);
ssize_t source_fail(struct input_source *s, size_t made, const struct error *err);
void source_ended(struct input_source *s, const char *why);
void source_restart(struct input_source *s);
off_t source_line_end(struct input_source *s, off_t size);
int source_skip_to(struct input_source *s, off_t off);
void source_close(struct input_source *s);

/* gunzip.c (ISA-L) and unzstd.c: start from the sniffed bytes in peek,
 * read like source_read, end frees the decoder (never zbuf). */
void gunzip_start(struct input_source *s);
ssize_t gunzip_read(struct input_source *s, char *dst, size_t cap, struct error *err);
void gunzip_end(struct input_source *s);
int unzstd_start(struct input_source *s, struct error *err);
ssize_t unzstd_read(struct input_source *s, char *dst, size_t cap, struct error *err);
void unzstd_end(struct input_source *s);

/* lines.c. lines_next: 1 line, 0 no complete line (with flush, a partial
 * last line is delivered first), -1 + err (reason only). lines_flush
 * delivers a pending partial line (1) or nothing (0). */
int lines_next(struct input *in, struct input_line *line, bool flush,
               struct error *err);
int lines_flush(struct input *in, struct input_line *line);
void lines_reset(struct input *in);

/* mapped.c. mapped_fill: 1 when a window gave more bytes, MAPPED_NO when
 * read() goes on (not mapped, or the mapping ended; the unread bytes then
 * in the heap buffer). mapped_drop forgets the window and its bytes (a
 * reset), mapped_release keeps its unread bytes in the heap buffer. */
#define MAPPED_NO (-2)
int mapped_fill(struct input *in);
void mapped_drop(struct input *in);
void mapped_release(struct input *in);

/* input.c */
struct input *input_alloc(const char *path, struct error *err);

/* Test hooks: a smaller first buffer and line limit (line_max >= 1) so
 * the cut and growth paths can be tested cheaply. Call before any read. */
int input_set_limits(struct input *in, size_t block, size_t line_max);
/* Test hook: map a settled file only when unchanged for seconds (0: map
 * whatever its age, -1: never map). Call before any read. */
int input_set_map_quiet(struct input *in, int seconds);

#endif
