/* prometheus.c: the Prometheus exposition, the one place statusmon's metric
 * families are named. Two writers share the family table, the label
 * escaper and the per-code aggregation: prom_write_live (the /metrics page
 * of a running statusmon: counters since start, text 0.0.4 or OpenMetrics
 * 1.0) and report_prometheus_write (--report=prometheus, a textfile for
 * node_exporter: gauges of the report's window, with a "report" label).
 * Label values come from a fixed vocabulary (codes, classes, kinds,
 * outcomes) or from the command line (--fail-on rules, --report-label);
 * they are escaped anyway. Nothing here is keyed by path or client. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "statusmon/escape.h"
#include "statusmon/xalloc.h"
#include "report_impl.h"

/* A family as both formats name it. Counters are named without "_total"
 * (OpenMetrics names the family so, its samples end in "_total"; text
 * 0.0.4 names both with it); an info family "statusmon_build" is a gauge
 * "statusmon_build_info" in text 0.0.4. */
enum prom_type { PT_COUNTER, PT_GAUGE, PT_INFO };
struct prom_family {
	const char *name;
	enum prom_type type;
	const char *help;
};

static const struct prom_family F_RESPONSES = { "statusmon_responses", PT_COUNTER,
	"Responses counted, by status code (3 digits or invalid), class and kind." };
static const struct prom_family F_CLASS = { "statusmon_class_responses", PT_COUNTER,
	"Responses counted, by status class (every class exported from start)." };
static const struct prom_family F_KIND = { "statusmon_kind_responses", PT_COUNTER,
	"Responses counted, by kind: registered, vendor, unassigned, invalid." };
static const struct prom_family F_LINES = { "statusmon_log_lines", PT_COUNTER,
	"Log lines read, by outcome; their sum is every line read." };
static const struct prom_family F_BYTES = { "statusmon_log_bytes", PT_COUNTER,
	"Bytes of the log lines read, newlines included." };
static const struct prom_family F_LAST = { "statusmon_last_line_timestamp_seconds", PT_GAUGE,
	"Log time of the newest line read (absent until a line has a time)." };
static const struct prom_family F_START = { "statusmon_start_time_seconds", PT_GAUGE,
	"When this statusmon started, seconds since the epoch." };
static const struct prom_family F_BUILD = { "statusmon_build", PT_INFO,
	"statusmon's version and status registry date." };

static const struct prom_family F_ROTATIONS = { "statusmon_follow_rotations", PT_COUNTER,
	"Follow: times the input's name led to another file (log rotation)." };
static const struct prom_family F_TRUNCATIONS = { "statusmon_follow_truncations", PT_COUNTER,
	"Follow: times the input's file was truncated and read from its start." };
static const struct prom_family F_OPEN_ERRORS = { "statusmon_follow_open_errors", PT_COUNTER,
	"Follow: failed opens of the input (a missing file is not an error)." };
static const struct prom_family F_READ_ERRORS = { "statusmon_follow_read_errors", PT_COUNTER,
	"Follow: failed reads of the input." };
static const struct prom_family F_FAULT = { "statusmon_follow_fault", PT_GAUGE,
	"Follow: 1 while following the input fails (cannot open or read it), else 0." };

static const struct prom_family R_RESPONSES = { "statusmon_report_responses", PT_GAUGE,
	"Responses in the report's window, by status code, class and kind." };
static const struct prom_family R_CLASS = { "statusmon_report_class_responses", PT_GAUGE,
	"Responses in the report's window, by status class." };
static const struct prom_family R_KIND = { "statusmon_report_kind_responses", PT_GAUGE,
	"Responses in the report's window, by kind." };
static const struct prom_family R_LINES = { "statusmon_report_lines", PT_GAUGE,
	"Log lines in the report, by outcome; their sum is every line read." };
static const struct prom_family R_BYTES = { "statusmon_report_bytes", PT_GAUGE,
	"Bytes of the log read for the report." };
static const struct prom_family R_START = { "statusmon_report_window_start_timestamp_seconds",
	PT_GAUGE, "Log time of the report's first line (absent without times)." };
static const struct prom_family R_END = { "statusmon_report_window_end_timestamp_seconds",
	PT_GAUGE, "Log time of the report's last line (absent without times)." };
static const struct prom_family R_SUCCESS = { "statusmon_report_last_success_timestamp_seconds",
	PT_GAUGE, "When this report was written, seconds since the epoch." };
static const struct prom_family R_FAIL = { "statusmon_report_fail_on_held", PT_GAUGE,
	"1 if the --fail-on rule held in this report, else 0." };

struct prom_out {
	FILE *f;
	enum prom_format fmt;
	const char *report;        /* textfile: the "report" label, else NULL */
};

static void prom_family_head(const struct prom_out *o, const struct prom_family *fam)
{
	bool om = o->fmt == PROM_OPENMETRICS;
	const char *suffix = "", *type = "gauge";

	if (fam->type == PT_COUNTER) {
		suffix = om ? "" : "_total";
		type = "counter";
	} else if (fam->type == PT_INFO) {
		suffix = om ? "" : "_info";
		type = om ? "info" : "gauge";
	}
	fprintf(o->f, "# HELP %s%s %s\n# TYPE %s%s %s\n", fam->name, suffix, fam->help,
	        fam->name, suffix, type);
}

/* A label value: first made printable, valid UTF-8 by escape_terminal
 * (controls and invalid bytes become \xNN), then escaped for the
 * exposition (\\ and \"; no newline survives the first step). */
static void prom_label_value(FILE *f, const char *v, size_t n)
{
	char buf[1024];
	size_t i, len = escape_terminal(buf, sizeof buf, v, n);

	for (i = 0; i < len; i++) {
		if (buf[i] == '\\' || buf[i] == '"')
			fputc('\\', f);
		if (buf[i] == '\n')
			fputs("\\n", f);
		else
			fputc(buf[i], f);
	}
}

/* One sample: name{report="..",k1="v1",...} value. labels is NULL or
 * "k1", "v1", ..., NULL; values are escaped. */
static void prom_sample_n(const struct prom_out *o, const struct prom_family *fam,
                          const char *const *labels, const size_t *lens, uint64_t value);

static void prom_sample(const struct prom_out *o, const struct prom_family *fam,
                        const char *const *labels, uint64_t value)
{
	prom_sample_n(o, fam, labels, NULL, value);
}

/* As prom_sample, lens[i] the length of the i-th label value (log bytes may
 * hold a NUL); NULL: every value is a C string. */
static void prom_sample_n(const struct prom_out *o, const struct prom_family *fam,
                          const char *const *labels, const size_t *lens, uint64_t value)
{
	const char *suffix = fam->type == PT_COUNTER ? "_total" : fam->type == PT_INFO ? "_info" : "";
	bool first = true;

	fprintf(o->f, "%s%s", fam->name, suffix);
	if (o->report) {
		fputs("{report=\"", o->f);
		prom_label_value(o->f, o->report, strlen(o->report));
		fputc('"', o->f);
		first = false;
	}
	for (size_t i = 0; labels && labels[0]; labels += 2, i++) {
		fprintf(o->f, "%s%s=\"", first ? "{" : ",", labels[0]);
		prom_label_value(o->f, labels[1], lens ? lens[i] : strlen(labels[1]));
		fputc('"', o->f);
		first = false;
	}
	fprintf(o->f, "%s %" PRIu64 "\n", first ? "" : "}", value);
}

static void prom_single(const struct prom_out *o, const struct prom_family *fam, uint64_t v)
{
	prom_family_head(o, fam);
	prom_sample(o, fam, NULL, v);
}

/* A time gauge: only with a time (the family stays, without a sample). */
static void prom_time(const struct prom_out *o, const struct prom_family *fam,
                      bool has, long long t)
{
	prom_family_head(o, fam);
	if (has && t >= 0)
		prom_sample(o, fam, NULL, (uint64_t)t);
}

/* Per code label: "000".."999" at [code], "invalid" (every non-numeric
 * status) at [STATUS_CODE_MAX + 1]. */
struct prom_codes {
	uint64_t count[STATUS_CODE_MAX + 2];
	const struct snapshot_status *first[STATUS_CODE_MAX + 2];
};

static void prom_codes_fill(struct prom_codes *pc, const struct snapshot *snap, bool window)
{
	size_t i;

	memset(pc, 0, sizeof *pc);
	for (i = 0; i < snap->n_statuses; i++) {
		const struct snapshot_status *st = &snap->statuses[i];
		int k = st->code >= 0 && st->code <= STATUS_CODE_MAX ? st->code : STATUS_CODE_MAX + 1;

		pc->count[k] += window ? st->window_count : st->count;
		if (!pc->first[k])
			pc->first[k] = st;
	}
}

static void prom_responses(const struct prom_out *o, const struct prom_family *fam,
                           const struct snapshot *snap)
{
	struct prom_codes *pc = xmalloc(sizeof *pc);
	char code[16];
	int k;

	prom_codes_fill(pc, snap, false);
	prom_family_head(o, fam);
	for (k = 0; k <= STATUS_CODE_MAX + 1; k++) {
		const struct snapshot_status *st = pc->first[k];
		enum status_class cls;
		enum status_kind kind;

		if (!st)
			continue;
		cls = k <= STATUS_CODE_MAX ? report_status_class(st) : CLASS_INVALID;
		kind = k <= STATUS_CODE_MAX ? report_status_kind(st) : KIND_INVALID;
		if (k <= STATUS_CODE_MAX)
			snprintf(code, sizeof code, "%03d", k);
		else
			strcpy(code, "invalid");
		prom_sample(o, fam, (const char *const[]){ "code", code, "class",
		            status_class_name(cls), "kind", status_kind_name(kind), NULL },
		            pc->count[k]);
	}
	free(pc);
}

/* --metrics-label: the responses by code and by each kept value of the
 * chosen fields (vhost, method), the rest as "other": at most
 * SNAPSHOT_LABEL_VALUES_MAX + 1 values. Class and kind follow from the
 * code as in prom_responses. */
static void prom_responses_labeled(const struct prom_out *o, const struct prom_family *fam,
                                   const struct snapshot *snap)
{
	static const char *const dim_name[SNAPSHOT_LABEL_DIMS] = { "vhost", "method" };
	struct prom_codes *pc = xmalloc(sizeof *pc);
	const char *labels[2 * (3 + SNAPSHOT_LABEL_DIMS) + 1];
	size_t lens[3 + SNAPSHOT_LABEL_DIMS];
	char code[16];

	prom_codes_fill(pc, snap, false);
	prom_family_head(o, fam);
	for (size_t i = 0; i < snap->n_label_values; i++) {
		const struct snapshot_label_value *v = &snap->label_values[i];

		for (size_t c = 0; c < v->n_counts; c++) {
			int k = v->counts[c].code >= 0 ? v->counts[c].code : STATUS_CODE_MAX + 1;
			const struct snapshot_status *st = pc->first[k];
			size_t n = 0;

			if (k <= STATUS_CODE_MAX)
				snprintf(code, sizeof code, "%03d", k);
			else
				strcpy(code, "invalid");
			labels[n++] = "code";
			labels[n++] = code;
			labels[n++] = "class";
			labels[n++] = status_class_name(k <= STATUS_CODE_MAX && st ?
			                                report_status_class(st) : CLASS_INVALID);
			labels[n++] = "kind";
			labels[n++] = status_kind_name(k <= STATUS_CODE_MAX && st ?
			                               report_status_kind(st) : KIND_INVALID);
			for (size_t j = 0; j < 3; j++)
				lens[j] = strlen(labels[2 * j + 1]);
			for (int d = 0; d < SNAPSHOT_LABEL_DIMS; d++)
				if (snap->label_fields & (1u << d)) {
					lens[n / 2] = v->len[d];
					labels[n++] = dim_name[d];
					labels[n++] = v->value[d];
				}
			labels[n] = NULL;
			prom_sample_n(o, fam, labels, lens, v->counts[c].count);
		}
	}
	free(pc);
}

static void prom_classes_kinds(const struct prom_out *o, const struct prom_family *fc,
                               const struct prom_family *fk, const struct snapshot *snap)
{
	int i;

	prom_family_head(o, fc);
	for (i = 0; i < CLASS_COUNT; i++)
		prom_sample(o, fc, (const char *const[]){ "class",
		            status_class_name((enum status_class)i), NULL }, snap->by_class[i]);
	prom_family_head(o, fk);
	for (i = 0; i < KIND_COUNT; i++)
		prom_sample(o, fk, (const char *const[]){ "kind",
		            status_kind_name((enum status_kind)i), NULL }, snap->by_kind[i]);
}

/* counted + filtered + malformed + directive = lines. */
static void prom_lines(const struct prom_out *o, const struct prom_family *fam,
                       const struct snapshot *snap)
{
	prom_family_head(o, fam);
	prom_sample(o, fam, (const char *const[]){ "outcome", "counted", NULL },
	            snapshot_counted(snap));
	prom_sample(o, fam, (const char *const[]){ "outcome", "filtered", NULL }, snap->filtered);
	prom_sample(o, fam, (const char *const[]){ "outcome", "malformed", NULL }, snap->malformed);
	prom_sample(o, fam, (const char *const[]){ "outcome", "directive", NULL }, snap->directives);
}

/* The value of one follow-health family for input i, with the later
 * inputs of the same name summed in (a fault: any of them). -1: i repeats
 * an earlier name and was written with it. */
static int64_t prom_input_value(const struct prom_live *live, size_t n, size_t i, int field)
{
	uint64_t v = 0;
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(live->inputs[j].name, live->inputs[i].name) == 0)
			return -1;
	for (j = i; j < n; j++) {
		const struct prom_input *in = &live->inputs[j];

		if (j != i && strcmp(in->name, live->inputs[i].name) != 0)
			continue;
		v = field == 0 ? v + in->rotations : field == 1 ? v + in->truncations
		    : field == 2 ? v + in->open_errors : field == 3 ? v + in->read_errors
		    : (v || in->fault);
	}
	return (int64_t)v;
}

/* Follow health, one series per input and family (at most PROM_INPUTS_MAX
 * inputs: live follows no more). */
static void prom_follow(const struct prom_out *o, const struct prom_live *live)
{
	const struct prom_family *fams[] = { &F_ROTATIONS, &F_TRUNCATIONS, &F_OPEN_ERRORS,
	                                     &F_READ_ERRORS, &F_FAULT };
	size_t n = live->n_inputs < PROM_INPUTS_MAX ? live->n_inputs : PROM_INPUTS_MAX, i;
	int f;

	for (f = 0; f < 5; f++) {
		prom_family_head(o, fams[f]);
		/* cppcheck 2.10 takes n for 0 here (it loses n_inputs, set by the caller) */
		// cppcheck-suppress knownConditionTrueFalse
		for (i = 0; i < n; i++) {
			int64_t v = prom_input_value(live, n, i, f);

			if (v >= 0)
				prom_sample(o, fams[f], (const char *const[]){ "input",
				            live->inputs[i].name, NULL }, (uint64_t)v);
		}
	}
}

void prom_write_live(FILE *out, enum prom_format fmt, const struct prom_live *live,
                     const struct snapshot *snap)
{
	struct prom_out o = { .f = out, .fmt = fmt };

	if (snap->label_fields)
		prom_responses_labeled(&o, &F_RESPONSES, snap);
	else
		prom_responses(&o, &F_RESPONSES, snap);
	prom_classes_kinds(&o, &F_CLASS, &F_KIND, snap);
	prom_lines(&o, &F_LINES, snap);
	prom_single(&o, &F_BYTES, live->bytes);
	prom_time(&o, &F_LAST, snap->has_time, snap->last);
	prom_time(&o, &F_START, true, live->start_time);
	prom_family_head(&o, &F_BUILD);
	prom_sample(&o, &F_BUILD, (const char *const[]){ "version", live->version,
	            "registry", live->registry, NULL }, 1);
	prom_follow(&o, live);
	if (fmt == PROM_OPENMETRICS)
		fputs("# EOF\n", out);
}

static void prom_fail_rules(const struct prom_out *o, const struct report_context *ctx,
                            const struct snapshot *snap)
{
	double measured;
	size_t i;

	prom_family_head(o, &R_FAIL);
	for (i = 0; i < ctx->n_fail_rules; i++)
		prom_sample(o, &R_FAIL, (const char *const[]){ "rule", ctx->fail_rules[i].text, NULL },
		            fail_rule_eval(&ctx->fail_rules[i], snap, &measured) ? 1 : 0);
}

void report_prometheus_write(FILE *out, const struct report_context *ctx,
                             const struct snapshot *snap)
{
	struct prom_out o = { .f = out, .fmt = PROM_TEXT,
	                      .report = ctx->report_label ? ctx->report_label : "statusmon" };
	uint64_t bytes = 0;
	size_t i;

	for (i = 0; i < ctx->n_inputs; i++)
		bytes += ctx->inputs[i].bytes;
	prom_responses(&o, &R_RESPONSES, snap);
	prom_classes_kinds(&o, &R_CLASS, &R_KIND, snap);
	prom_lines(&o, &R_LINES, snap);
	prom_single(&o, &R_BYTES, bytes);
	prom_time(&o, &R_START, snap->has_time, snap->first);
	prom_time(&o, &R_END, snap->has_time, snap->last);
	prom_time(&o, &R_SUCCESS, true, ctx->now);
	prom_fail_rules(&o, ctx, snap);
}
