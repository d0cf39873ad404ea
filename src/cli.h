/* cli.h: argv -> struct options. The only place that knows option names;
 * it builds the filter and the --fail-on rules, and checks the operands
 * against -o (a directory, or -o naming an input), so that a bad value is a
 * usage error (exit 2) before any input is read or any output opened. */
#ifndef STATUSMON_CLI_H
#define STATUSMON_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "statusmon/error.h"
#include "statusmon/filter.h"
#include "statusmon/report.h"
#include "statusmon/run_config.h"
#include "statusmon/serve.h"

enum run_mode {
	MODE_AUTO,         /* TUI if stdout is a terminal, else text report */
	MODE_REPORT, MODE_TUI, MODE_EXPLAIN, MODE_LIST_CODES, MODE_LIST_FORMATS,
	MODE_HELP, MODE_VERSION
};

#define CLI_MAX_FAIL_RULES 32
#define CLI_MAX_VENDOR_FILES 16

struct options {
	const char *output_path;          /* -o */
	const char *format_spec;          /* --format, "auto" by default */
	const char *patterns_dir;
	const char *registry_path;
	const char *report_label;         /* --report-label, NULL: from -o */
	const char *log_option;           /* the first option that reads logs ("status") */
	struct filter *filter;            /* owned; freed by cli_free */
	char **files;                     /* operands (points into argv) */
	const char *vendor_paths[CLI_MAX_VENDOR_FILES];
	struct fail_rule fail_rules[CLI_MAX_FAIL_RULES];
	struct serve_config serve;        /* --listen: its address and port */
	long long bucket_seconds;         /* 0 = auto */
	long long since, until;           /* --since/--until (has_since/has_until): to refuse an empty range */
	enum run_mode mode;
	enum report_format report_format; /* --report, else from -o's extension */
	int n_vendor_paths;
	int list_kind;                    /* --kind for --list-codes, -1 = all */
	unsigned top_n;
	int threads;                      /* 0 = one per core */
	int rotate_wait_ms;               /* --rotate-wait (default 5 s) */
	int color;                        /* -1 auto, 0 never, 1 always */
	unsigned show_malformed;          /* 0 = off */
	int n_fail_rules;
	unsigned metrics_labels;          /* --metrics-label: STATS_LABEL_* bits */
	unsigned metrics_max;             /* --metrics-max-values; 0: default   */
	int n_files;
	bool report_given;                /* --report was on the command line */
	bool follow;
	bool merge;                       /* --merge: operands are JSON reports */
	bool ascii;
	bool fast_path;                   /* false: --no-fast-path */
	enum run_read read;               /* --mmap, --no-mmap */
	bool anonymize_clients;           /* --anonymize-clients */
	bool has_since, has_until;        /* the --since/--until instants, kept */
	bool listen;                      /* --listen: serve /metrics */
	bool from_start;                  /* --from-start: --listen reads whole files */
};

/* 0 on success; -1 with err set to a one-line message naming the option. */
int cli_parse(int argc, char **argv, long long now, struct options *opt, struct error *err);
void cli_free(struct options *opt);
void cli_usage(FILE *out);

#endif
