/* pipeline.h: the batch driver. input -> parse -> filter -> stats over
 * every input of a run, each input with the format it settles itself (or
 * the one --format forces), large regular files split across threads,
 * streams that cannot be split (stdin, gzip) fanned out to threads, one
 * struct stats per thread merged at the end. */
#ifndef STATUSMON_PIPELINE_H
#define STATUSMON_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include "statusmon/run_config.h"
#include "statusmon/worker.h"

#define FORMAT_NAME_MAX 64
#define PIPELINE_FINGERPRINT_MAX 17   /* 16 hex digits + NUL */

/* One input of the run, as the reports list it. */
struct pipeline_input {
	const char *name;                   /* as given; "(stdin)" for "-" */
	const char *format;                 /* its format: "combined", "none"
	                                       (decided nothing: empty, blank,
	                                       unreadable), "unknown" (none matched) */
	uint64_t lines, bytes;
	bool failed;                        /* could not be opened or read to the end */
	struct worker_tally tally;
	bool has_file_id;                   /* provenance (provenance.c): */
	uint64_t device, inode, size;
	char fingerprint[PIPELINE_FINGERPRINT_MAX];   /* first line; "" unknown */
};

struct pipeline_result {
	struct stats *stats;                /* everything, merged */
	char format_name[FORMAT_NAME_MAX];  /* the one format, "mixed", or "none" */
	bool format_detected;               /* some input settled a format */
	struct pipeline_input *inputs;      /* one per input, in order */
	size_t n_inputs;
	char **input_names;                 /* owned copies behind inputs[].name */
	char (*input_formats)[FORMAT_NAME_MAX];   /* behind inputs[].format */
	struct example_list examples;       /* input and line order, at most cfg's */
	bool had_errors;                    /* some input failed (exit 1) */
};

/* Runs the batch pipeline over files (none: stdin). -1 + err only for a
 * usage-level problem (a bad --format); input errors and warnings go to
 * cfg->on_error and set had_errors. res is filled in either case and must
 * be freed. */
int pipeline_run(const struct run_config *cfg, char *const *files, int n_files,
                 struct pipeline_result *res, struct error *err);
void pipeline_result_free(struct pipeline_result *res);

/* Fills in's device, inode, size and first-line fingerprint from path
 * ("-": standard input, no fingerprint). Never fails: what cannot be
 * known stays unknown. */
void pipeline_input_identify(struct pipeline_input *in, const char *path);

#endif
