/* worker.h: the per-line stage every counting thread runs: parse the line,
 * look its status up in the registry, filter, count into its own stats.
 * One worker per thread; it takes no lock (a driver that shares the stats
 * with a reader, as live does, locks around worker_line itself). Also here:
 * the malformed lines a worker keeps for --show-malformed, and the
 * per-input tallies the reports list. */
#ifndef STATUSMON_WORKER_H
#define STATUSMON_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/input.h"
#include "statusmon/parse.h"
#include "statusmon/run_config.h"

#define EXAMPLE_TEXT_MAX 240

/* A malformed line kept for --show-malformed (raw bytes, escape to print). */
struct malformed_example {
	size_t input;          /* index into the run's inputs */
	uint64_t line;         /* 1-based line number in that input */
	char text[EXAMPLE_TEXT_MAX];
	size_t len;
	bool cut;              /* the line was longer than text */
	bool empty;
};

/* How the lines of one input were counted: lines = parsed + malformed +
 * directives; filtered is the part of parsed a filter dropped. */
struct worker_tally {
	uint64_t parsed, malformed, directives, filtered;
	bool has_time;                      /* first/last: log time range of */
	long long first, last;              /* the parsed lines (provenance) */
};

/* dst += src */
void worker_tally_add(struct worker_tally *dst, const struct worker_tally *src);

struct worker {
	const struct registry *registry;
	const struct filter *filter;        /* NULL = none */
	struct filter_scratch *scratch;
	struct parser *parser;              /* NULL = no format: all malformed */
	struct stats *stats;
	size_t input;                       /* current input index */
	struct worker_tally tally;          /* since the driver last cleared it */
	unsigned max_examples;
	size_t n_examples;
	struct malformed_example *examples;
};

/* fmt may be NULL (every line malformed until worker_set_format). 0, or
 * -1 + err if fmt cannot make a parser. */
int worker_init(struct worker *w, const struct run_config *cfg,
                const struct format *fmt, struct stats *stats, struct error *err);
/* A new format (an input that settled its own): 0, or -1 + err, the worker
 * then counting every line malformed. */
int worker_set_format(struct worker *w, const struct format *fmt, struct error *err);
/* A new filter (NULL or empty: none); it must outlive its use here. */
void worker_set_filter(struct worker *w, const struct filter *filter);
/* PARSE_OK when the line was counted or filtered, else how it failed. */
enum parse_result worker_line(struct worker *w, const struct input_line *line);
void worker_destroy(struct worker *w);

/* The examples of a run, in input and line order, at most max. */
struct example_list {
	struct malformed_example *items;
	size_t n;
};
/* Appends w's examples [from, to), line numbers + line_offset. */
void example_list_append(struct example_list *list, const struct worker *w,
                         size_t from, size_t to, uint64_t line_offset);
/* Sorts by input and line and keeps the first max. */
void example_list_finish(struct example_list *list, size_t max);
void example_list_free(struct example_list *list);

#endif
