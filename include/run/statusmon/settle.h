/* settle.h: format settling for --format=auto, the one policy both drivers
 * use. Each input (each batch file, each followed source) settles its own
 * format from its own first lines: copies of up to SETTLE_LINES lines
 * (bounded in bytes) are kept, and the format is decided when the sample
 * is full, or earlier when the input ends or pauses (a followed file that
 * has written what it had) with at least one line that can decide. Blank,
 * over-long and cut lines decide nothing, so an empty, blank-only or
 * unreadable input never settles and never affects another. The sampled
 * lines are then counted with the settled format, none twice. */
#ifndef STATUSMON_SETTLE_H
#define STATUSMON_SETTLE_H

#include <stdbool.h>
#include <stddef.h>
#include "statusmon/input.h"
#include "statusmon/parse.h"

#define SETTLE_LINES 100

struct settle {
	struct input_line *lines;           /* views of copies[] */
	char **copies;
	size_t n, cap, bytes;
	size_t deciding;                    /* lines that can decide */
};

/* Keeps a copy of line; true when the sample is full. */
bool settle_add(struct settle *s, const struct input_line *line);
/* Reads lines of in into s until full (0), end of input (1) or a read
 * error (-1, err set). */
int settle_fill(struct settle *s, struct input *in, struct error *err);
/* Whether the sampled lines hold a line that can decide a format. */
bool settle_can_decide(const struct settle *s);
/* The best format for the sampled lines among the candidates of
 * --format=auto (format_candidates_load); NULL + err when none matches
 * (or no line can decide). */
struct format *settle_detect(const struct settle *s, const struct format_candidates *fc,
                             struct error *err);
/* Forgets the sampled lines (after they were counted). */
void settle_clear(struct settle *s);
void settle_free(struct settle *s);

#endif
