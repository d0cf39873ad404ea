/* input.h: bytes -> lines. An input is a file, stdin ("-"), or a gzip stream
 * (detected by its magic bytes, not its name). Lines come out as views with
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

struct input_line {
	const char *p;       /* not NUL-terminated; valid until the next call */
	size_t n;
	uint64_t number;     /* 1-based line number within this input/range */
	bool truncated;      /* longer than INPUT_LINE_MAX */
};

/* Next line: 1 and *line filled; 0 at end of input; -1 on a read error or a
 * corrupt/truncated gzip stream (err names the file; lines read so far stay
 * counted). A last line without "\n" is still a line. */
int input_next_line(struct input *in, struct input_line *line, struct error *err);

/* Follow mode (tail -F): at end of data, wait up to timeout_ms for more
 * (the file growing, being rotated by rename, truncated, or created);
 * returns 1 line / 0 timeout / -1 error like input_next_line. A rotated
 * file is read to its end before the new one is opened, so no line is lost
 * or counted twice. Only for inputs opened with input_open_follow. */
struct input *input_open_follow(const char *path, struct error *err);
int input_next_line_wait(struct input *in, struct input_line *line,
                         int timeout_ms, struct error *err);

const char *input_name(const struct input *in);   /* "-" shown as "(stdin)" */
uint64_t input_bytes(const struct input *in);     /* bytes consumed (uncompressed) */
uint64_t input_lines(const struct input *in);
bool input_is_gzip(const struct input *in);
void input_close(struct input *in);

#endif
