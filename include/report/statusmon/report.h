/* report.h: the batch sinks. Each writer (text, JSON, CSV) reads only a
 * struct snapshot plus the run's context, escapes every log-derived string
 * with its own escaper, and writes to a FILE. Also here: --fail-on rules,
 * atomic output files (-o), and --explain / --list-codes. */
#ifndef STATUSMON_REPORT_H
#define STATUSMON_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "statusmon/error.h"
#include "statusmon/registry.h"
#include "statusmon/snapshot.h"

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV };

/* "text", "json", "csv" -> format; -1 if unknown. */
int report_format_parse(const char *name);

/* One input as the reports list it. lines = parsed + malformed +
 * directives; filtered is a part of parsed. format NULL: the caller does not
 * track inputs one by one, and the reports show no per-input counts. */
struct report_input {
	const char *name;
	uint64_t lines, bytes;
	bool failed;           /* could not be opened or read to the end */
	const char *format;    /* format settled for this input ("combined"), "none" if it
	                          decided nothing (empty/unreadable), "unknown" if no format
	                          matched */
	uint64_t parsed, malformed, directives, filtered;
};

struct report_context {
	const char *generator;          /* "statusmon 0.1.0"              */
	const char *registry_source;
	const char *registry_updated;
	const char *format_name;        /* "combined", "mixed" when inputs differ */
	size_t n_inputs;
	const struct report_input *inputs;
	unsigned top_n;
	bool color;                     /* text: SGR colors                */
};

void report_text_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void report_json_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void report_csv_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void report_write(FILE *out, enum report_format fmt, const struct report_context *ctx,
                  const struct snapshot *snap);

/* --fail-on=EXPR: SUBJECT OP VALUE[%]. SUBJECT: a code ("499"), a class
 * ("5xx"), a kind ("vendor", "unassigned", "invalid", "registered"),
 * "malformed", "filtered"; OP: > >= < <= == !=; VALUE: a count, or a
 * percentage of the counted lines (malformed: of the non-directive lines,
 * directives never count; filtered: of the parsed lines). */
struct fail_rule {
	char text[64];
	int subject_type;      /* implementation-defined */
	int subject;
	int op;
	double value;          /* seconds for a quantile rule */
	bool percent;
	double quantile;       /* 0 < q <= 1 for pNN(SUBJECT) rules, else 0 */
};
int fail_rule_parse(const char *expr, struct fail_rule *rule, struct error *err);
/* Latency rules: pNN(SUBJECT) OP DURATION, SUBJECT a code or a class,
 * NN a percentile (50, 99, 99.9), DURATION a number with s, ms or us
 * (seconds when bare): "p99(5xx)>2s". The request duration's quantile is
 * compared, in seconds; a subject without durations never holds.
 * true if the rule holds; *measured gets the value compared. */
bool fail_rule_eval(const struct fail_rule *rule, const struct snapshot *snap, double *measured);

/* -o FILE: write to a temporary file in the same directory, renamed into
 * place only by outfile_commit, so a reader never sees half a report and a
 * failure leaves an existing file untouched. An existing FILE keeps its
 * mode (and owner where permitted); a new one follows the umask. tmp holds
 * the temporary file's name while it exists ("" otherwise): the caller may
 * hand it to a signal handler that unlinks it, provided the signals are
 * blocked around outfile_open and outfile_commit. */
struct outfile {
	char path[4096];
	char tmp[4096];
	FILE *f;
};
FILE *outfile_open(struct outfile *of, const char *path, struct error *err);
int outfile_commit(struct outfile *of, struct error *err);   /* flush, fsync, rename */
void outfile_abort(struct outfile *of);                      /* remove the temp file */

/* --explain CODE: one block (code, class, kind, reason, reference, vendor
 * meanings). arg is any string; a non-numeric one is explained as invalid. */
void report_explain(FILE *out, const struct registry *reg, const char *arg);
/* --list-codes [--kind=KIND]: kind -1 = all codes with any meaning. */
void report_list_codes(FILE *out, const struct registry *reg, int kind);

#endif
