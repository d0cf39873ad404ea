/* input.h: bytes -> lines. An input is a file, stdin ("-"), or a gzip or
 * zstd stream (detected by its magic bytes, not its name). Lines come out as views with
 * the "\n" and a trailing "\r" removed; memory does not grow with the number
 * of lines, only with the longest line (up to INPUT_LINE_MAX). */
#ifndef STATUSMON_INPUT_H
#define STATUSMON_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "statusmon/error.h"

/* A longer line is still counted as one line but delivered cut, with
 * line_truncated set, so the caller can count it malformed; the rest of it
 * is skipped, never buffered. 4 MiB: servers cap a request line at 8-64 KiB,
 * and a reader thread's buffer stays within 8 MiB whatever the input. */
#define INPUT_LINE_MAX (4u * 1024u * 1024u)

struct input;

/* Opens path ("-" = stdin). NULL on failure with err = "PATH: reason"
 * (missing, permission, is a directory, ...). */
struct input *input_open(const char *path, struct error *err);

/* Opens the byte range [start, end) of a regular uncompressed file for a
 * worker thread. The range must come from input_split_ranges. */
struct input *input_open_range(const char *path, off_t start, off_t end,
                               struct error *err);

/* Moves an input opened by input_open_range to another range of the same
 * file (the same open file: a rename in between changes nothing). Line
 * numbers, lines and bytes start again from the new range. 0, or -1 +
 * err. */
int input_seek_range(struct input *in, off_t start, off_t end, struct error *err);

/* Splits a regular uncompressed file into up to n ranges that begin at line
 * starts (bounds[0] = 0, bounds[k] = end). Returns the number of ranges (1
 * when the file is small, compressed, or not regular), or -1 + err. */
int input_split_ranges(const char *path, int n, off_t *bounds, struct error *err);
/* The same with a chosen smallest range size (input_split_ranges: 1 MiB). */
int input_split_ranges_min(const char *path, int n, off_t *bounds,
                           off_t min_range, struct error *err);

/* Calls fn(ctx, line, n) for each line of the range [start, end) (from
 * input_split_ranges) that begins with byte mark, in order: exactly the
 * lines input_next_line would give over the range that begin with mark
 * and are not truncated, found with a byte search rather than by cutting
 * every line (W3C directives). 0, or -1 + err on a read error. */
typedef void (*input_marked_fn)(void *ctx, const char *line, size_t n);
int input_range_marked(const char *path, off_t start, off_t end, char mark,
                       input_marked_fn fn, void *ctx, struct error *err);

struct input_line {
	const char *p;       /* not NUL-terminated; valid until the next call */
	size_t n;
	uint64_t number;     /* 1-based line number within this input/range */
	bool truncated;      /* longer than INPUT_LINE_MAX */
};

/* Next line: 1 and *line filled; 0 at end of input; -1 on a read error or a
 * corrupt/truncated gzip or zstd stream (err names the file; lines read so far stay
 * counted). A last line without "\n" is still a line. */
int input_next_line(struct input *in, struct input_line *line, struct error *err);

/* Spans: the lines of a whole stream in big pieces, for a reader thread
 * that hands them to parser threads (stdin, gzip, zstd). A span is a run of
 * whole lines of the input, cut at the last "\n" of a full buffer (the
 * partial last line is carried into the next span): the reader neither
 * splits nor copies lines. input_span_next splits a span with exactly the
 * rules of input_next_line (one trailing "\r" removed, a line longer than
 * INPUT_LINE_MAX delivered cut + truncated and its rest skipped, a last
 * line without "\n" still a line), and numbers its lines as input_next_line
 * would have (lines and bytes of the input are counted by the reader). */
struct input_span {
	char *buf;           /* owned by the span; swapped with the input's buffer */
	size_t cap;
	size_t off, len;     /* the lines: buf[off, off + len) */
	uint64_t first;      /* number of its first line within the input */
	uint64_t lines;      /* how many lines it holds (>= 1; held: 0, not counted) */
	size_t line_max;     /* the input's INPUT_LINE_MAX */
};

/* The next span (1), 0 at end of input, -1 on an error (as input_next_line:
 * the whole lines before the error come first, err names the file). The
 * span's buffer (NULL the first time, else one from an earlier span) is
 * given to the input in exchange for the one that holds the lines, so a
 * reader recycles a few buffers and never copies the lines it read.
 * input_next_line may come before the first
 * span, not after one. Not for follow mode. */
int input_next_span(struct input *in, struct input_span *span, struct error *err);
void input_span_free(struct input_span *span);   /* its buffer */

struct input_span_cursor {
	const struct input_span *span;
	size_t pos;          /* next line starts at buf[pos] */
	uint64_t number;     /* of the next line */
};

/* Held ranges (a stateful format's threads: W3C): the whole range an
 * input opened by input_open_range (or moved by input_seek_range) was
 * given, len bytes, read once into span (its buffer reused, grown to len)
 * when len <= max: 1. 0 when len > max (nothing read: read it as a stream).
 * -1 + err (naming the file) on a read error: the span then holds the whole
 * lines read before it. Either way the input's bytes are those
 * input_next_line would have counted, and the span's lines (numbered from
 * 1) are the lines it would have given; they are not counted (span lines
 * and input_lines 0): the caller's cursor counts them as it splits them. */
int input_range_hold(struct input *in, off_t len, size_t max, struct input_span *span,
                     struct error *err);
/* input_range_marked over a span: its lines that begin with mark and are
 * not truncated, in order, without reading anything. */
void input_span_marked(const struct input_span *span, char mark, input_marked_fn fn,
                       void *ctx);

void input_span_begin(struct input_span_cursor *c, const struct input_span *span);
/* The next line of the span: true and *line filled (a view into the span's
 * buffer), false after its last line. */
bool input_span_next(struct input_span_cursor *c, struct input_line *line);

/* Follow mode (tail -F, by name, from the start of the file): at the end
 * of the data, wait up to timeout_ms (< 0: no limit) for more. Returns 1
 * and a line, or 0 when nothing came in time. Rotation styles followed
 * without losing or repeating a line:
 * - rename + create: the renamed file is still read through its open
 *   descriptor until it has been quiet for the rotate wait (late writes of a
 *   server that reopens its log later), the new one is read meanwhile;
 *   a line of the old file that is already there comes first;
 * - copytruncate: the same file shorter than our offset, or its first bytes
 *   changed (refilled past our offset before we looked): read from 0;
 * - delete + recreate, and a symlink pointing elsewhere (the name decides);
 * - a FIFO whose writer closed: reopened for the next writer.
 * A failed open or read is retried (100 ms doubling to 2 s) and resumes
 * exactly where it stopped; meanwhile input_follow_fault says what is
 * wrong and input_next_line_wait returns 0, never -1. Only the first open
 * (input_open_follow) fails for good: NULL + err, except for a path that
 * does not exist yet, which is waited for. */
struct input *input_open_follow(const char *path, struct error *err);
int input_next_line_wait(struct input *in, struct input_line *line,
                         int timeout_ms, struct error *err);

/* Right after input_open_follow: the lines a regular, uncompressed file
 * already holds are skipped (reading starts after its last "\n"), so only
 * lines written from now on are read (statusmon --listen: a restart must
 * not count old lines again). A file that does not exist yet, a later
 * file after rotation, stdin, a pipe and a gzip file are read whole. */
void input_follow_skip_existing(struct input *in);

/* True when a followed stdin or pipe has closed and every line of it was
 * returned: nothing more will come. Always false for a followed file (it
 * may be created again). */
bool input_ended(const struct input *in);

#define INPUT_ROTATE_WAIT_MS 5000

/* What one reading thread learnt of mapping against read() on this
 * machine (src/input/mapped.c): zeroed before its first input, then
 * passed with each input it reads. */
enum input_map_verdict { INPUT_MAP_UNDECIDED, INPUT_MAP_READ, INPUT_MAP_MAPPED };
#define INPUT_MAP_PAIRS 5
struct input_map_probe {
	uint64_t mapped_ns_per_kib;   /* a mapped stretch awaiting its pair, or 0 */
	unsigned pairs;               /* pairs timed, the warm-up one included */
	uint32_t ratio[INPUT_MAP_PAIRS];  /* mapped / read() per byte, per mille */
	enum input_map_verdict verdict;
};

/* Lets in be read through memory mappings once it looks settled (a
 * regular file unchanged for a minute, see src/input/mapped.c) instead of
 * read(), which every input uses otherwise. With a probe, only when
 * mapping measured faster on this machine (the default); with NULL,
 * always (--mmap). Never for the live screen, whose terminal could not be
 * restored if such a file were truncated under the reader. Call before
 * the first read. */
void input_allow_map(struct input *in, struct input_map_probe *probe);

/* Gives up in's mapped window, if any (its unread bytes are kept): the
 * lines read so far are no longer valid; reading goes on with read(). */
void input_unmap(struct input *in);

/* How long a rotated file is still read after its last new byte (ms, >= 0;
 * 0 = read it to its end once, then close it). */
void input_set_rotate_wait(struct input *in, int ms);

/* What follow mode is failing at right now ("PATH: reason"), or "" when
 * healthy. Plain text from the file name: the caller escapes it. Valid
 * until the next input call; call it from the thread that reads. */
const char *input_follow_fault(const struct input *in);

struct follow_stats {
	uint64_t rotations;     /* the name led to another file          */
	uint64_t truncations;   /* the same file restarted (copytruncate) */
	uint64_t reopens;       /* a FIFO reopened after its writer left  */
	uint64_t open_errors;   /* failed opens (a missing file excluded) */
	uint64_t read_errors;   /* failed reads                           */
};

void input_follow_stats(const struct input *in, struct follow_stats *st);

const char *input_name(const struct input *in);   /* "-" shown as "(stdin)" */
uint64_t input_bytes(const struct input *in);     /* bytes consumed (uncompressed) */
uint64_t input_lines(const struct input *in);
bool input_is_gzip(const struct input *in);
bool input_is_zstd(const struct input *in);
bool input_is_compressed(const struct input *in);   /* gzip or zstd */
void input_close(struct input *in);

#endif
