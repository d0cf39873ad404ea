/* pipeline.h: input -> parse -> filter -> stats for a whole run. The batch
 * driver (pipeline.c) runs it over every input, splitting large regular
 * files across threads with one struct stats each, merged at the end; the
 * live driver (live.c) reuses the per-line stage (struct worker) and the
 * format sampling. */
#ifndef STATUSMON_PIPELINE_H
#define STATUSMON_PIPELINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "statusmon/filter.h"
#include "statusmon/input.h"
#include "statusmon/parse.h"
#include "statusmon/registry.h"
#include "statusmon/report.h"
#include "statusmon/stats.h"

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

struct pipeline_config {
	const struct registry *registry;
	const struct filter *filter;        /* NULL or empty: every line counts */
	const char *format_spec;            /* "auto" or a --format SPEC */
	const char *patterns_dir;
	bool fast_path;
	int threads;                        /* >= 1 */
	struct stats_config stats;
	unsigned show_malformed;            /* examples to keep */
	/* Called (from the main thread) for each input error as it happens. */
	void (*on_error)(void *ctx, const char *msg);
	void *on_error_ctx;
};

struct pipeline_result {
	struct stats *stats;                /* everything, merged */
	char format_name[64];
	bool format_detected;               /* false: none matched; all malformed */
	struct report_input *inputs;
	size_t n_inputs;
	char **input_names;                 /* owned copies behind inputs[].name */
	struct malformed_example *examples; /* input order */
	size_t n_examples;
	bool had_errors;                    /* some input failed (exit 1) */
};

/* Runs the batch pipeline. -1 + err only for a usage-level problem (a bad
 * --format); input errors go to on_error and set had_errors. */
int pipeline_run(const struct pipeline_config *cfg, char *const *files, int n_files,
                 struct pipeline_result *res, struct error *err);
void pipeline_result_free(struct pipeline_result *res);

/* The per-line stage: one per thread. lock (optional) is held around the
 * filter and stats steps, for the live driver whose stats the TUI reads. */
struct worker {
	const struct registry *registry;
	const struct filter *filter;        /* NULL = none */
	struct filter_scratch *scratch;
	struct parser *parser;              /* NULL = no format: all malformed */
	struct stats *stats;
	pthread_mutex_t *lock;
	size_t input;                       /* current input index */
	unsigned max_examples;
	size_t n_examples;
	struct malformed_example *examples;
};

int worker_init(struct worker *w, const struct pipeline_config *cfg,
                const struct format *fmt, struct stats *stats, struct error *err);
/* PARSE_OK when the line was counted or filtered, else how it failed. */
enum parse_result worker_line(struct worker *w, const struct input_line *line);
void worker_destroy(struct worker *w);

/* Appends w's malformed examples to res (line numbers + line_offset). */
void pipeline_collect_examples(struct pipeline_result *res, const struct worker *w,
                               uint64_t line_offset);

/* Format sampling for --format=auto: copies of the first lines of a stream
 * (bounded), so they can be parsed once the format is known. */
struct sample {
	struct input_line *lines;
	char **copies;
	size_t n, cap, bytes;
};
/* Reads up to SAMPLE_LINES lines of in into s; 1 if it stopped early on end
 * of input, 0 if full, -1 on a read error (err set). */
int sample_fill(struct sample *s, struct input *in, struct error *err);
int sample_add(struct sample *s, const struct input_line *line);
/* The best format for the sampled lines, or NULL (err says why). */
struct format *sample_detect(const struct sample *s, const struct pipeline_config *cfg,
                             struct error *err);
void sample_free(struct sample *s);

#endif
