/* cli.c: the command line. Turns argv into struct options with
 * getopt_long, validates every value (a bad one is a usage error naming the
 * option), refuses the operands a person gets wrong (a directory, -o naming
 * an input) before anything is read or written, and holds the --help text,
 * the user's first documentation. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "statusmon/parse.h"
#include "statusmon/registry.h"

enum long_only {
	OPT_REPORT = 256, OPT_TUI, OPT_FORMAT, OPT_PATTERNS_DIR, OPT_LIST_FORMATS,
	OPT_NO_FAST_PATH, OPT_SHOW_MALFORMED, OPT_THREADS, OPT_TOP, OPT_BUCKET,
	OPT_FAIL_ON, OPT_COLOR, OPT_NO_COLOR, OPT_ASCII, OPT_SINCE, OPT_UNTIL,
	OPT_STATUS, OPT_PATH, OPT_METHOD, OPT_VHOST, OPT_EXPLAIN, OPT_LIST_CODES,
	OPT_KIND, OPT_REGISTRY, OPT_VENDOR_CODES, OPT_VERSION,
	OPT_LISTEN, OPT_FROM_START, OPT_REPORT_LABEL, OPT_ROTATE_WAIT,
	OPT_ANONYMIZE_CLIENTS, OPT_MERGE, OPT_METRICS_LABEL, OPT_METRICS_MAX_VALUES,
	OPT_MMAP, OPT_NO_MMAP
};

static const struct option long_options[] = {
	{"report", required_argument, NULL, OPT_REPORT},
	{"output", required_argument, NULL, 'o'},
	{"tui", no_argument, NULL, OPT_TUI},
	{"follow", no_argument, NULL, 'f'},
	{"rotate-wait", required_argument, NULL, OPT_ROTATE_WAIT},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"patterns-dir", required_argument, NULL, OPT_PATTERNS_DIR},
	{"list-formats", no_argument, NULL, OPT_LIST_FORMATS},
	{"no-fast-path", no_argument, NULL, OPT_NO_FAST_PATH},
	{"show-malformed", optional_argument, NULL, OPT_SHOW_MALFORMED},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"mmap", no_argument, NULL, OPT_MMAP},
	{"no-mmap", no_argument, NULL, OPT_NO_MMAP},
	{"top", required_argument, NULL, OPT_TOP},
	{"bucket", required_argument, NULL, OPT_BUCKET},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"color", required_argument, NULL, OPT_COLOR},
	{"no-color", no_argument, NULL, OPT_NO_COLOR},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{"since", required_argument, NULL, OPT_SINCE},
	{"until", required_argument, NULL, OPT_UNTIL},
	{"status", required_argument, NULL, OPT_STATUS},
	{"path", required_argument, NULL, OPT_PATH},
	{"method", required_argument, NULL, OPT_METHOD},
	{"vhost", required_argument, NULL, OPT_VHOST},
	{"explain", no_argument, NULL, OPT_EXPLAIN},
	{"list-codes", no_argument, NULL, OPT_LIST_CODES},
	{"kind", required_argument, NULL, OPT_KIND},
	{"registry", required_argument, NULL, OPT_REGISTRY},
	{"vendor-codes", required_argument, NULL, OPT_VENDOR_CODES},
	{"listen", required_argument, NULL, OPT_LISTEN},
	{"from-start", no_argument, NULL, OPT_FROM_START},
	{"metrics-label", required_argument, NULL, OPT_METRICS_LABEL},
	{"metrics-max-values", required_argument, NULL, OPT_METRICS_MAX_VALUES},
	{"report-label", required_argument, NULL, OPT_REPORT_LABEL},
	{"anonymize-clients", no_argument, NULL, OPT_ANONYMIZE_CLIENTS},
	{"merge", no_argument, NULL, OPT_MERGE},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0}
};

void cli_usage(FILE *out)
{
	fputs(
"Usage: statusmon [OPTION]... [FILE]...\n"
"Show which HTTP statuses a web server returns: read access logs (plain,\n"
"gzip'd, zstd'd, or stdin), classify every status through the IANA\n"
"registry, flag vendor-only and unassigned codes, and show a live screen or\n"
"a report.\n"
"With no FILE, or FILE -, read standard input (a directory is refused: name\n"
"its files, e.g. DIR/access.log*). With no FILE and a terminal on stdin,\n"
"follow the first of /var/log/nginx/access.log, /var/log/apache2/access.log,\n"
"/var/log/httpd/access_log that exists (none: a short usage, exit 2).\n"
"A terminal on stdout gets the live screen; otherwise (cron, a pipe) the\n"
"text report.\n"
"\n"
"Output:\n"
"      --report=FORMAT     write a batch report: text, json, csv, prometheus\n"
"                          or html (also --report FORMAT; without it, text\n"
"                          or -o's format); prometheus: gauges for\n"
"                          node_exporter's textfile collector; html: one\n"
"                          self-contained page, no script, no external request\n"
"  -o, --output=FILE       write the report to FILE, in the format its name\n"
"                          ends with (.json, .csv, .prom, .html, .txt; others:\n"
"                          text) unless --report says; atomically (a temporary\n"
"                          file renamed into place, removed if interrupted); an\n"
"                          existing FILE keeps its mode and owner, a new one\n"
"                          follows the umask; FILE may not be an input\n"
"      --report-label=NAME prometheus report: its \"report\" label (default:\n"
"                          -o FILE's name without .prom, else statusmon)\n"
"      --tui               force the live screen\n"
"      --listen=[ADDR:]PORT  follow the inputs (as -f; stdin if none) and serve\n"
"                          Prometheus metrics at http://ADDR:PORT/metrics\n"
"                          (ADDR default 127.0.0.1); with stdout not a\n"
"                          terminal, no screen: runs until SIGTERM or SIGINT\n"
"      --from-start        with --listen: count the lines files already hold\n"
"                          (by default only lines written from now on)\n"
"      --metrics-label=F   with --listen: responses also by F, vhost or method\n"
"                          (repeatable or a comma list); at most N values\n"
"                          (chosen by traffic), the rest as \"other\"\n"
"      --metrics-max-values=N  that N, 1..100 (default 20)\n"
"      --fail-on=EXPR      exit 3 when EXPR holds (repeatable), e.g. 5xx>1%,\n"
"                          vendor>0, 499>=100, unassigned>0, malformed>5%;\n"
"                          a percentage is of counted lines (malformed: of\n"
"                          non-directive lines); latency: pNN(CODE|CLASS)>DUR,\n"
"                          e.g. p99(5xx)>2s, p50(200)>300ms (request time);\n"
"                          pNNup(...) for upstream time: p99up(5xx)>1s;\n"
"                          on the live screen, checked on the final counts\n"
"                          when it closes\n"
"      --top=N             top paths/clients per status (default 10, max 1000)\n"
"      --bucket=DUR        timeline bucket: 1m, 5m, 1h, 1d... (default: at most\n"
"                          about 60 buckets)\n"
"      --color=WHEN        auto (default), always, never; NO_COLOR is honoured\n"
"      --no-color          same as --color=never\n"
"      --ascii             live screen: ASCII bars instead of block characters\n"
"      --anonymize-clients mask client addresses in every report (the last\n"
"                          IPv4 octet, the last 80 bits of IPv6)\n"
"      --merge FILE.json...  read statusmon JSON reports (schema 2, from any\n"
"                          host) instead of logs and report their sum: exact\n"
"                          counts and timeline, top lists with error bounds,\n"
"                          a per-host table; a report that is damaged or\n"
"                          counts an input again is named and left out (exit\n"
"                          1), a newer schema refused (exit 2); latency\n"
"                          histograms summed; options that read logs\n"
"                          (--status, --threads, --format...) refused\n"
"\n"
"Input and formats:\n"
"  -f, --follow            read the files, then follow them like tail -F\n"
"                          (exact through logrotate: rename, copytruncate,\n"
"                          delete and recreate, symlink swap; faults retried)\n"
"      --rotate-wait=SECONDS  with -f, keep reading a rotated file until it\n"
"                          has been quiet this long (default 5; late writes\n"
"                          of a server that reopens its log after rotation)\n"
"      --format=SPEC       auto (default), a name (common, combined,\n"
"                          vhost_combined, w3c, jsonl, haproxy, ...), a pattern\n"
"                          file, an Apache LogFormat string ('%h %l %u %t \"%r\"\n"
"                          %>s %b') or an nginx log_format string ('$remote_addr\n"
"                          - $remote_user [$time_local] \"$request\" $status ...')\n"
"      --patterns-dir=DIR  look for NAME.pattern in DIR\n"
"      --list-formats      list the known formats and exit\n"
"      --no-fast-path      use the PCRE2 pattern even for the CLF family\n"
"      --show-malformed[=N]  print the first N (default 5) malformed lines on\n"
"                          stderr with FILE:LINE\n"
"      --threads=N         parser threads (default: one per core)\n"
"      --mmap              read plain files unchanged for a minute through\n"
"                          memory mappings instead of read(); by default\n"
"                          each thread times both on its first such bytes\n"
"                          and keeps the faster; a mapped file truncated\n"
"                          while read ends the run with status 1 (reports\n"
"                          only: the live screen always uses read())\n"
"      --no-mmap           always read() (never status 1 for a truncation)\n"
"\n"
"Filters (dropped lines are counted as filtered):\n"
"      --since=TIME        from TIME: ISO 8601 (2024-05-01T10:00:00+02:00) or\n"
"                          relative to now (30m, 2h, 7d, 1w; a bare number is\n"
"                          refused: write 2026-01-01 or 2026s)\n"
"      --until=TIME        before TIME (same forms; after --since)\n"
"      --status=LIST       codes, classes, kinds: 499,5xx,vendor,unassigned\n"
"      --path=REGEX        paths matching the PCRE2 REGEX\n"
"      --method=LIST       GET,POST,...\n"
"      --vhost=LIST        virtual hosts\n"
"\n"
"Status registry:\n"
"      --explain CODE...   explain each CODE (class, kind, reason, vendors)\n"
"      --list-codes        list every known code; with --kind=KIND only\n"
"                          registered, vendor, unassigned or invalid ones\n"
"      --registry=FILE     use an IANA-format CSV instead of the built-in\n"
"                          registry (IANA, updated 2022-06-08)\n"
"      --vendor-codes=FILE add vendor rows (code,vendor,reason,source)\n"
"\n"
"  -h, --help              show this help and exit\n"
"      --version           show the version and exit\n"
"\n"
"Exit status: 0 ok; 1 a runtime error (e.g. an unreadable input: the others\n"
"are still reported; or the output could not be written); 2 a usage error;\n"
"3 a --fail-on rule held.\n"
"\n"
"Examples:\n"
"  tail -f /var/log/nginx/access.log | statusmon     live screen\n"
"  statusmon -f /var/log/nginx/access.log             same, survives logrotate\n"
"  ssh -n web1 tail -F /var/log/nginx/access.log | statusmon\n"
"                                   another host's log; -n keeps ssh off the\n"
"                                   terminal, else it reads the keys meant for\n"
"                                   the screen (q, /, ...) and they do nothing\n"
"  statusmon --report=json /var/log/nginx/access.log* nightly JSON, .gz/.zst too\n"
"  statusmon --fail-on='5xx>1%' --fail-on='vendor>0' -o report.json access.log\n"
"  statusmon --status=5xx --since=2h access.log       last two hours' 5xx only\n"
"  statusmon --explain 499 520 444                    what do these codes mean?\n"
"  statusmon --merge -o fleet.json reports/*.json     one report for the fleet\n"
"\n"
"See statusmon(1) for the formats, the JSON keys and more examples.\n", out);
}

/* Parses a whole decimal number in [lo, hi]; -1 if it is not one. */
static int parse_uint(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* --report FORMAT or --report=FORMAT: the value is required, so that
 * "--report json FILE" reads FILE as JSON (not a file named json). */
static int set_report(struct options *opt, const char *arg, struct error *err)
{
	int fmt = report_format_parse(arg);

	if (fmt < 0) {
		if (arg[0] == '-' || !arg[0])
			error_set(err, "--report needs a FORMAT: text, json, csv, prometheus or html "
			          "(e.g. --report json FILE)");
		else
			error_set(err, "--report: unknown format '%.200s'; expected text, json, csv, "
			          "prometheus or html",
			          arg);
		return -1;
	}
	opt->report_format = (enum report_format)fmt;
	opt->report_given = true;
	if (opt->mode == MODE_AUTO || opt->mode == MODE_TUI)
		opt->mode = MODE_REPORT;
	return 0;
}

/* -o FILE without --report: .json, .csv and .html (.htm) pick their format; .txt and any
 * other name (or none) the text report. */
static enum report_format format_from_extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');

	if (dot && !strcasecmp(dot, ".json"))
		return REPORT_JSON;
	if (dot && !strcasecmp(dot, ".csv"))
		return REPORT_CSV;
	if (dot && !strcasecmp(dot, ".prom"))
		return REPORT_PROMETHEUS;
	if (dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm")))
		return REPORT_HTML;
	return REPORT_TEXT;
}

static int set_color(struct options *opt, const char *arg, struct error *err)
{
	if (!strcmp(arg, "auto"))
		opt->color = -1;
	else if (!strcmp(arg, "always"))
		opt->color = 1;
	else if (!strcmp(arg, "never"))
		opt->color = 0;
	else {
		error_set(err, "--color: unknown value '%s'; expected auto, always or never", arg);
		return -1;
	}
	return 0;
}

static int set_number(const char *name, const char *arg, long lo, long hi,
                      long *out, struct error *err)
{
	if (parse_uint(arg, lo, hi, out) < 0) {
		error_set(err, "--%s: '%s' is not a whole number from %ld to %ld", name, arg, lo, hi);
		return -1;
	}
	return 0;
}

static int add_fail_rule(struct options *opt, const char *arg, struct error *err)
{
	if (opt->n_fail_rules >= CLI_MAX_FAIL_RULES) {
		error_set(err, "--fail-on: at most %d rules", CLI_MAX_FAIL_RULES);
		return -1;
	}
	return fail_rule_parse(arg, &opt->fail_rules[opt->n_fail_rules++], err);
}

static int set_kind(struct options *opt, const char *arg, struct error *err)
{
	opt->list_kind = status_kind_parse(arg);
	if (opt->list_kind < 0) {
		error_set(err, "--kind: unknown kind '%s'; expected registered, vendor, unassigned or invalid", arg);
		return -1;
	}
	return 0;
}

/* Digits only (blanks around allowed): "--since=2026" reads as a year to a
 * person and as 2026 seconds to a duration, so it is refused. */
static bool is_bare_number(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

static int set_time_bound(struct options *opt, int c, const char *arg, long long now,
                          struct error *err)
{
	const char *name = c == OPT_SINCE ? "--since" : "--until";
	long long t;
	int r;

	if (is_bare_number(arg)) {
		error_set(err, "%s: '%.40s' is a bare number; give a duration before now with its "
		          "unit (90s, 30m, 2h, 7d, 1w) or an ISO 8601 date or time (2024-05-01, "
		          "2024-05-01T10:00, 2024-05-01T10:00:00+02:00; no zone means UTC)%s%s%s",
		          name, arg, strlen(arg) == 4 ? "; for the year, write it as a date: " : "",
		          strlen(arg) == 4 ? arg : "", strlen(arg) == 4 ? "-01-01" : "");
		return -1;
	}
	r = c == OPT_SINCE ? filter_set_since(opt->filter, arg, now, err)
	                   : filter_set_until(opt->filter, arg, now, err);
	if (r < 0 || filter_time_arg(arg, now, &t) < 0)
		return r;
	if (c == OPT_SINCE) {
		opt->since = t;
		opt->has_since = true;
	} else {
		opt->until = t;
		opt->has_until = true;
	}
	return 0;
}

/* [since, until) with since >= until can match no line: refused rather
 * than reporting an empty run (--since=2h --until=3h is the usual slip). */
static int check_time_range(const struct options *opt, struct error *err)
{
	char since[32], until[32];
	struct tm tm;
	time_t t;

	if (!opt->has_since || !opt->has_until || opt->since < opt->until)
		return 0;
	t = (time_t)opt->since;
	if (!gmtime_r(&t, &tm) || !strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(since, sizeof since, "%lld", opt->since);
	t = (time_t)opt->until;
	if (!gmtime_r(&t, &tm) || !strftime(until, sizeof until, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(until, sizeof until, "%lld", opt->until);
	error_set(err, "empty time range: --since (%s) is not before --until (%s), so no line "
	          "could match; --since is the earlier end (e.g. --since=3h --until=2h)",
	          since, until);
	return -1;
}

/* --metrics-label=vhost,method (repeatable). */
static int parse_metrics_label(struct options *opt, const char *arg, struct error *err)
{
	const char *p = arg;

	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 5 && !strncmp(p, "vhost", 5)) {
			opt->metrics_labels |= STATS_LABEL_VHOST;
		} else if (n == 6 && !strncmp(p, "method", 6)) {
			opt->metrics_labels |= STATS_LABEL_METHOD;
		} else {
			error_set(err, "--metrics-label: '%.*s' is not vhost or method", (int)n, p);
			return -1;
		}
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int parse_metrics_max(struct options *opt, const char *arg, struct error *err)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > SNAPSHOT_LABEL_VALUES_MAX) {
		error_set(err, "--metrics-max-values: '%s' is not a number from 1 to %d", arg,
		          SNAPSHOT_LABEL_VALUES_MAX);
		return -1;
	}
	opt->metrics_max = (unsigned)n;
	return 0;
}

static int apply_option(struct options *opt, int c, const char *arg, long long now,
                        struct error *err)
{
	long v;

	switch (c) {
	case OPT_REPORT: return set_report(opt, arg, err);
	case 'o': opt->output_path = arg; return 0;
	case OPT_TUI: if (opt->mode == MODE_AUTO) opt->mode = MODE_TUI; return 0;
	case 'f': opt->follow = true; return 0;
	case OPT_ROTATE_WAIT:
		if (set_number("rotate-wait", arg, 0, 3600, &v, err) < 0)
			return -1;
		opt->rotate_wait_ms = (int)v * 1000;
		return 0;
	case OPT_FORMAT: opt->format_spec = arg; return 0;
	case OPT_PATTERNS_DIR: opt->patterns_dir = arg; return 0;
	case OPT_LIST_FORMATS: opt->mode = MODE_LIST_FORMATS; return 0;
	case OPT_NO_FAST_PATH: opt->fast_path = false; return 0;
	case OPT_SHOW_MALFORMED:
		v = 5;
		if (arg && set_number("show-malformed", arg, 1, 1000000, &v, err) < 0)
			return -1;
		opt->show_malformed = (unsigned)v;
		return 0;
	case OPT_THREADS:
		if (set_number("threads", arg, 1, 256, &v, err) < 0)
			return -1;
		opt->threads = (int)v;
		return 0;
	case OPT_TOP:
		if (set_number("top", arg, 1, 1000, &v, err) < 0)
			return -1;
		opt->top_n = (unsigned)v;
		return 0;
	case OPT_BUCKET:
		opt->bucket_seconds = duration_parse(arg);
		if (opt->bucket_seconds <= 0) {
			error_set(err, "--bucket: '%s' is not a duration such as 30s, 5m, 1h, 1d", arg);
			return -1;
		}
		return 0;
	case OPT_FAIL_ON: return add_fail_rule(opt, arg, err);
	case OPT_COLOR: return set_color(opt, arg, err);
	case OPT_NO_COLOR: opt->color = 0; return 0;
	case OPT_ASCII: opt->ascii = true; return 0;
	case OPT_ANONYMIZE_CLIENTS: opt->anonymize_clients = true; return 0;
	case OPT_SINCE:
	case OPT_UNTIL: return set_time_bound(opt, c, arg, now, err);
	case OPT_STATUS: return filter_add_status(opt->filter, arg, err);
	case OPT_PATH: return filter_set_path(opt->filter, arg, err);
	case OPT_METHOD: return filter_add_methods(opt->filter, arg, err);
	case OPT_VHOST: return filter_add_vhosts(opt->filter, arg, err);
	case OPT_EXPLAIN: opt->mode = MODE_EXPLAIN; return 0;
	case OPT_LIST_CODES: opt->mode = MODE_LIST_CODES; return 0;
	case OPT_KIND: return set_kind(opt, arg, err);
	case OPT_REGISTRY: opt->registry_path = arg; return 0;
	case OPT_VENDOR_CODES:
		if (opt->n_vendor_paths >= CLI_MAX_VENDOR_FILES) {
			error_set(err, "--vendor-codes: at most %d files", CLI_MAX_VENDOR_FILES);
			return -1;
		}
		opt->vendor_paths[opt->n_vendor_paths++] = arg;
		return 0;
	case OPT_LISTEN:
		opt->listen = true;
		opt->follow = true;
		return serve_parse_listen(arg, &opt->serve, err);
	case OPT_FROM_START: opt->from_start = true; return 0;
	case OPT_MMAP: opt->read = RUN_READ_MAPPED; return 0;
	case OPT_NO_MMAP: opt->read = RUN_READ_PLAIN; return 0;
	case OPT_METRICS_LABEL: return parse_metrics_label(opt, arg, err);
	case OPT_METRICS_MAX_VALUES: return parse_metrics_max(opt, arg, err);
	case OPT_REPORT_LABEL: opt->report_label = arg; return 0;
	case 'h': opt->mode = MODE_HELP; return 0;
	case OPT_VERSION: opt->mode = MODE_VERSION; return 0;
	case OPT_MERGE: opt->merge = true; return 0;
	default: return -1;
	}
}

static void options_init(struct options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->mode = MODE_AUTO;
	opt->report_format = REPORT_TEXT;
	opt->format_spec = "auto";
	opt->list_kind = -1;
	opt->top_n = 10;
	opt->color = -1;
	opt->rotate_wait_ms = 5000;
	opt->fast_path = true;
	opt->filter = filter_new();
}

/* The option as the user typed it, for messages about it. */
static const char *option_text(char **argv, int index)
{
	return index > 0 && argv[index - 1] ? argv[index - 1] : "?";
}

/* A directory operand is a slip for the logs inside it: refused with the
 * usual glob as the hint. */
static int check_not_directory(const char *path, struct error *err)
{
	struct stat st;
	size_t n = strlen(path);

	if (!strcmp(path, "-") || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	error_set(err, "%.900s: is a directory; did you mean %.900s%saccess.log* ?", path, path,
	          n && path[n - 1] == '/' ? "" : "/");
	return -1;
}

/* true if input name ("-": standard input) is the file -o names. */
static bool input_is_output(const char *name, const char *out_path, const struct stat *out)
{
	bool is_stdin = strcmp(name, "-") == 0;
	struct stat in;

	if (!is_stdin && strcmp(name, out_path) == 0)
		return true;
	if (!out || (is_stdin ? fstat(STDIN_FILENO, &in) : stat(name, &in)) != 0)
		return false;
	return out->st_dev == in.st_dev && out->st_ino == in.st_ino;
}

/* -o FILE naming an input (the same path, or the same regular file through
 * another name or on standard input) would replace the log with its report. */
static int check_output_not_input(const struct options *opt, struct error *err)
{
	struct stat st;
	const struct stat *out = NULL;
	int i;

	if (stat(opt->output_path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return 0;   /* written in place: /dev/null for both harms nothing */
		out = &st;
	}
	if (opt->n_files == 0 && input_is_output("-", opt->output_path, out))
		goto refuse;
	for (i = 0; i < opt->n_files; i++)
		if (input_is_output(opt->files[i], opt->output_path, out))
			goto refuse;
	return 0;
refuse:
	error_set(err, "-o %.900s is also an input: the report would replace the log; "
	          "choose another FILE", opt->output_path);
	return -1;
}

/* The operands of a run (not of --explain): read as logs. */
static int check_operands(const struct options *opt, struct error *err)
{
	int i;

	if (opt->mode != MODE_AUTO && opt->mode != MODE_REPORT && opt->mode != MODE_TUI)
		return 0;
	for (i = 0; i < opt->n_files; i++)
		if (check_not_directory(opt->files[i], err) < 0)
			return -1;
	if (opt->output_path && check_output_not_input(opt, err) < 0)
		return -1;
	return 0;
}

/* Options that only mean something while reading logs (filters, threads,
 * formats, buckets): --merge refuses them rather than ignore them. */
static void note_log_option(struct options *opt, int c)
{
	static const int log_only[] = {
		OPT_STATUS, OPT_PATH, OPT_METHOD, OPT_VHOST, OPT_SINCE, OPT_UNTIL, OPT_THREADS,
		OPT_FORMAT, OPT_PATTERNS_DIR, OPT_NO_FAST_PATH, OPT_BUCKET, OPT_SHOW_MALFORMED,
		OPT_ROTATE_WAIT, OPT_MMAP, OPT_NO_MMAP,
	};

	for (size_t i = 0; !opt->log_option && i < sizeof log_only / sizeof *log_only; i++)
		for (size_t j = 0; c == log_only[i] && long_options[j].name; j++)
			if (long_options[j].val == c)
				opt->log_option = long_options[j].name;
}

/* --merge: JSON reports in, a report out (never the live screen). */
static int check_merge(struct options *opt, struct error *err)
{
	if (!opt->merge)
		return 0;
	if (opt->log_option) {
		error_set(err, "--merge reads reports, not logs: --%s does not apply",
		          opt->log_option);
		return -1;
	}
	if (opt->mode == MODE_TUI || opt->follow) {
		error_set(err, "--merge writes a report; it cannot go with --tui or --follow");
		return -1;
	}
	if (opt->n_files == 0) {
		error_set(err, "--merge needs at least one FILE.json (statusmon --report=json output)");
		return -1;
	}
	if (opt->mode == MODE_AUTO)
		opt->mode = MODE_REPORT;
	return 0;
}

int cli_parse(int argc, char **argv, long long now, struct options *opt, struct error *err)
{
	int c;

	options_init(opt);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:fh", long_options, NULL)) != -1) {
		if (c == '?') {
			if (optopt && optopt < 256)
				error_set(err, "unknown option '-%c'", optopt);
			else
				error_set(err, "unknown option '%s'", option_text(argv, optind));
			return -1;
		}
		if (c == ':' && optopt == OPT_REPORT)
			return set_report(opt, "", err);
		if (c == ':') {
			error_set(err, "option '%s' needs a value", option_text(argv, optind));
			return -1;
		}
		if (apply_option(opt, c, optarg, now, err) < 0)
			return -1;
		note_log_option(opt, c);
	}
	opt->files = argv + optind;
	opt->n_files = argc - optind;
	if (opt->list_kind >= 0 && opt->mode != MODE_LIST_CODES) {
		error_set(err, "--kind goes with --list-codes");
		return -1;
	}
	if (opt->mode == MODE_EXPLAIN && opt->n_files == 0) {
		error_set(err, "--explain needs at least one CODE, e.g. --explain 499");
		return -1;
	}
	if (opt->output_path && opt->mode == MODE_TUI) {
		error_set(err, "--output writes a report; it cannot go with --tui");
		return -1;
	}
	if (opt->listen && (opt->output_path || opt->mode == MODE_REPORT)) {
		error_set(err, "--listen serves metrics while following; it cannot go with "
		          "--report or --output");
		return -1;
	}
	if ((opt->metrics_labels || opt->metrics_max) && !opt->listen) {
		error_set(err, "--metrics-label and --metrics-max-values go with --listen");
		return -1;
	}
	if (opt->from_start && !opt->listen) {
		error_set(err, "--from-start goes with --listen");
		return -1;
	}
	if (check_merge(opt, err) < 0)
		return -1;
	if (opt->output_path && opt->mode == MODE_AUTO)
		opt->mode = MODE_REPORT;
	if (opt->output_path && !opt->report_given)
		opt->report_format = format_from_extension(opt->output_path);
	if (check_time_range(opt, err) < 0)
		return -1;
	return check_operands(opt, err);
}

void cli_free(struct options *opt)
{
	filter_free(opt->filter);
	opt->filter = NULL;
}
