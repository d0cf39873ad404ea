/* report.h: the batch sinks. Each writer (text, JSON, CSV, HTML) reads only a
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

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_PROMETHEUS, REPORT_HTML };

/* "text", "json", "csv", "prometheus", "html" -> format; -1 if unknown. */
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
	/* provenance (JSON schema 2): where the input was read and what it held,
	 * so a merge can refuse to count it twice */
	const char *host;      /* the host that read it; NULL: ctx->host      */
	bool has_file_id;      /* device, inode and size are known            */
	uint64_t device, inode, size;
	const char *fingerprint;   /* 16 hex digits of the first line, NULL unknown */
	bool has_time;         /* first/last: log time of its parsed lines    */
	long long first, last;
};

/* One row of the per-host table of a merged report (--merge). */
struct report_host {
	const char *host;
	uint64_t lines, counted, c5xx, flagged;   /* flagged: vendor, unassigned, invalid */
	const char *flagged_codes;                /* "499 520", "" if none */
};

/* A malformed line as a report may show it (HTML: "malformed examples"):
 * raw bytes, escaped by the writer. */
struct report_example {
	const char *input;     /* its input's name */
	uint64_t line;         /* 1-based */
	const char *text;
	size_t len;
	bool cut, empty;
};

struct fail_rule;

struct report_context {
	const char *generator;          /* "statusmon 0.1.0"              */
	const char *registry_source;
	const char *registry_updated;
	const char *format_name;        /* "combined", "mixed" when inputs differ */
	size_t n_inputs;
	const struct report_input *inputs;
	unsigned top_n;
	bool color;                     /* text: SGR colors                */
	/* prometheus (textfile collector) only: */
	const char *report_label;       /* the "report" label; NULL: "statusmon" */
	long long now;                  /* UTC seconds: the last-success gauge */
	/* prometheus (one fail_on_held gauge each) and HTML (the outcomes): */
	const struct fail_rule *fail_rules;
	size_t n_fail_rules;
	size_t n_examples;              /* HTML: malformed examples        */
	const struct report_example *examples;
	/* provenance and --merge (all optional: zero for a plain run) */
	const char *host;               /* gethostname of the run           */
	size_t n_reports;               /* --merge: reports merged, else 0  */
	size_t n_hosts;                 /* --merge: the per-host table      */
	const struct report_host *hosts;
	size_t n_notes;                 /* --merge: how the merge was made  */
	const char *const *notes;
	size_t n_left_out;              /* --merge: "FILE: reason" skipped  */
	const char *const *left_out;
};

#define REPORT_SCHEMA_VERSION 2   /* the JSON report's "version" (statusmon.1) */

void report_text_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void report_json_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void report_csv_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void report_prometheus_write(FILE *out, const struct report_context *ctx,
                             const struct snapshot *snap);
/* The self-contained HTML page (html*.c): no external request, readable
 * without JavaScript (tables and inline SVG), every log string through
 * escape_html_write, a Content-Security-Policy that allows only its own
 * inline style (by hash). Deterministic: same input, same bytes. */
void report_html_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void report_write(FILE *out, enum report_format fmt, const struct report_context *ctx,
                  const struct snapshot *snap);

/* --anonymize-clients: every status's top clients masked in place (IPv4:
 * the last octet 0; IPv6: the last 80 bits 0; an IPv4-mapped IPv6 address
 * as IPv4; anything else, a host name, "(not an address)"), clients that
 * become equal merged (counts and error bounds added) and re-sorted, and
 * the recent raw lines (which hold addresses) dropped. Called on the
 * driver's own copy before any writer, so every format shows the same. */
void report_anonymize_clients(struct snapshot *snap);

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
	int duration;          /* record.h's DUR_*: DUR_UPSTREAM for pNNup(...) */
};
int fail_rule_parse(const char *expr, struct fail_rule *rule, struct error *err);
/* Latency rules: pNN(SUBJECT) OP DURATION, SUBJECT a code or a class,
 * NN a percentile (50, 99, 99.9), DURATION a number with s, ms or us
 * (seconds when bare): "p99(5xx)>2s". The request duration's quantile is
 * compared, in seconds; "pNNup(SUBJECT)" compares the upstream time's
 * ($upstream_response_time, HAProxy Tr): "p99up(5xx)>1s". A subject
 * without those durations never holds.
 * true if the rule holds; *measured gets the value compared. */
bool fail_rule_eval(const struct fail_rule *rule, const struct snapshot *snap, double *measured);

/* Prometheus exposition (prometheus.c): the one place the metric families
 * are named. report_prometheus_write above is the textfile-collector
 * report (gauges of the report's window, text format 0.0.4);
 * prom_write_live the /metrics page of a running statusmon (counters since
 * start), in text 0.0.4 or OpenMetrics 1.0. Every label value is escaped;
 * no label ever holds a path or a client. */
enum prom_format { PROM_TEXT, PROM_OPENMETRICS };
#define PROM_CONTENT_TYPE_TEXT "text/plain; version=0.0.4; charset=utf-8"
#define PROM_CONTENT_TYPE_OPENMETRICS \
	"application/openmetrics-text; version=1.0.0; charset=utf-8"

/* One followed input's health (--listen): the "input" label is its path as
 * given on the command line (escaped like every label value). */
#define PROM_INPUTS_MAX 64          /* what live follows at most */
struct prom_input {
	const char *name;
	uint64_t rotations, truncations, open_errors, read_errors;
	bool fault;                 /* following it fails right now        */
};

/* What a running statusmon knows beside its snapshot. */
struct prom_live {
	const char *version;       /* "0.1.0"                                */
	const char *registry;      /* the registry's date, or its source     */
	long long start_time;      /* UTC seconds                            */
	uint64_t bytes;            /* bytes of the lines read, "\n" included */
	size_t n_inputs;           /* follow health per input (at most
	                              PROM_INPUTS_MAX are written); a name given
	                              twice is one series, its counts summed */
	const struct prom_input *inputs;
};

void prom_write_live(FILE *out, enum prom_format fmt, const struct prom_live *live,
                     const struct snapshot *snap);
/* The format a scraper's Accept header prefers (NULL or "": text). */
enum prom_format prom_format_accept(const char *accept);
/* The content type that goes with fmt. */
const char *prom_content_type(enum prom_format fmt);

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
