/* latency_report.c: durations in the batch reports, one writer per format
 * fed from the snapshot's histograms (latency.h): the text section (p50,
 * p90, p99, max and n per class and per code), the JSON objects (exact
 * count/absent/sum/min/max, the quantiles, and the non-empty buckets with
 * their index so a reader can merge reports), and the CSV table. Kept in
 * its own file so the existing writers only gain a call each. Quantiles
 * are within LATENCY_REL_ERROR (4.4%) of the exact value. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "statusmon/escape.h"
#include "report_impl.h"
#include "text_impl.h"

static const char *const dur_name[DUR_COUNT] = {
	[DUR_REQUEST] = "request", [DUR_UPSTREAM] = "upstream",
};

const char *report_duration_name(enum record_duration d)
{
	return (unsigned)d < DUR_COUNT ? dur_name[d] : "";
}

/* "850us", "12.3ms", "2.31s": short, for the text table. */
void report_duration_str(char *buf, size_t cap, double us)
{
	latency_format(buf, cap, us);
}

/* Seconds for JSON and CSV, rounded to the microsecond ("0.010000"):
 * exact for the counted values, and written without %f so no locale can
 * turn the point into a comma. */
static void seconds_write(FILE *out, double us)
{
	uint64_t v = us <= 0 ? 0 : (uint64_t)llround(us);

	fprintf(out, "%" PRIu64 ".%06" PRIu64, v / 1000000, v % 1000000);
}

static void text_row(FILE *out, const char *label, const struct latency *h)
{
	char q[4][24];

	if (!h->count) {          /* the format logs it, no line gave one */
		fprintf(out, "  %-8s %10d %9s %9s %9s %9s %8" PRIu64 "\n",
		        label, 0, "-", "-", "-", "-", h->absent);
		return;
	}
	report_duration_str(q[0], sizeof q[0], latency_quantile(h, 0.5));
	report_duration_str(q[1], sizeof q[1], latency_quantile(h, 0.9));
	report_duration_str(q[2], sizeof q[2], latency_quantile(h, 0.99));
	report_duration_str(q[3], sizeof q[3], (double)h->max_us);
	fprintf(out, "  %-8s %10" PRIu64 " %9s %9s %9s %9s %8" PRIu64 "\n",
	        label, h->count, q[0], q[1], q[2], q[3], h->absent);
}

static void text_section(FILE *out, const struct report_context *ctx,
                         const struct snapshot *snap, enum record_duration d)
{
	char title[64], label[TEXT_FIT_MAX];

	snprintf(title, sizeof title, "Response time (%s)", dur_name[d]);
	text_heading(out, ctx, title);
	fprintf(out, "  %-8s %10s %9s %9s %9s %9s %8s\n", "Status", "n", "p50", "p90",
	        "p99", "max", "absent");
	for (int c = 0; c < CLASS_COUNT; c++)
		if (snap->class_latency[c][d])
			text_row(out, status_class_name((enum status_class)c),
			         snap->class_latency[c][d]);
	for (size_t i = 0; i < snap->n_statuses; i++) {
		const struct snapshot_status *st = &snap->statuses[i];

		if (!st->latency[d])
			continue;
		text_status_label(label, st, 8);
		text_row(out, label, st->latency[d]);
	}
	fprintf(out, "  (quantiles within %.1f%%; n: lines with a duration, absent: "
	        "lines whose format logs one, without)\n", LATENCY_REL_ERROR * 100);
}

void report_latency_text(FILE *out, const struct report_context *ctx,
                         const struct snapshot *snap)
{
	for (int d = 0; d < DUR_COUNT; d++)
		if (snapshot_has_latency(snap, (enum record_duration)d))
			text_section(out, ctx, snap, (enum record_duration)d);
}

static void json_histogram(FILE *out, const struct latency *h)
{
	static const double qs[] = { 0.5, 0.9, 0.99 };
	static const char *const qn[] = { "p50", "p90", "p99" };
	bool first = true;

	if (!h) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"count\": %" PRIu64 ", \"absent\": %" PRIu64 ", \"sum\": ",
	        h->count, h->absent);
	seconds_write(out, (double)h->sum_us);
	fputs(", \"min\": ", out);
	h->count ? seconds_write(out, (double)h->min_us) : (void)fputs("null", out);
	fputs(", \"max\": ", out);
	h->count ? seconds_write(out, (double)h->max_us) : (void)fputs("null", out);
	for (size_t i = 0; i < 3; i++) {
		fprintf(out, ", \"%s\": ", qn[i]);
		h->count ? seconds_write(out, latency_quantile(h, qs[i])) : (void)fputs("null", out);
	}
	fputs(",\n       \"buckets\": [", out);
	for (size_t i = 0; i < LATENCY_BUCKETS; i++) {
		if (!h->bucket[i])
			continue;
		fprintf(out, "%s[%zu, %" PRIu64 "]", first ? "" : ", ", i, h->bucket[i]);
		first = false;
	}
	fputs("]}", out);
}

void report_latency_json(FILE *out, struct latency *const lat[DUR_COUNT])
{
	fputc('{', out);
	for (int d = 0; d < DUR_COUNT; d++) {
		fprintf(out, "%s\"%s\": ", d ? ",\n      " : "", dur_name[d]);
		json_histogram(out, lat[d]);
	}
	fputc('}', out);
}

void report_latency_json_classes(FILE *out, const struct snapshot *snap)
{
	fputs("  \"latency\": {\"unit\": \"seconds\", \"buckets\": \"[i, count]: bucket i>0 "
	      "holds [2^((i-1)/8), 2^(i/8)) microseconds, bucket 0 holds 0\",\n   "
	      "\"relative_error\": 0.0443, \"classes\": {", out);
	for (int c = 0; c < CLASS_COUNT; c++) {
		fprintf(out, "%s\n    \"%s\": ", c ? "," : "",
		        status_class_name((enum status_class)c));
		report_latency_json(out, snap->class_latency[c]);
	}
	fputs("}},\n", out);
}

static void csv_row(FILE *out, const char *status, const char *cls,
                    enum record_duration d, const struct latency *h)
{
	escape_csv_write(out, status, strlen(status));
	fprintf(out, ",%s,%s,%" PRIu64 ",%" PRIu64 ",", cls, dur_name[d], h->count, h->absent);
	seconds_write(out, (double)h->sum_us);
	if (!h->count) {
		fputs(",,,,," "\r\n", out);
		return;
	}
	fputc(',', out);
	seconds_write(out, (double)h->min_us);
	fputc(',', out);
	seconds_write(out, latency_quantile(h, 0.5));
	fputc(',', out);
	seconds_write(out, latency_quantile(h, 0.9));
	fputc(',', out);
	seconds_write(out, latency_quantile(h, 0.99));
	fputc(',', out);
	seconds_write(out, (double)h->max_us);
	fputs("\r\n", out);
}

void report_latency_csv(FILE *out, const struct snapshot *snap)
{
	char code[STATUS_RAW_MAX + 8];

	if (!snapshot_has_latency(snap, DUR_REQUEST) && !snapshot_has_latency(snap, DUR_UPSTREAM))
		return;
	fputs("\r\nstatus,class,duration,count,absent,sum,min,p50,p90,p99,max\r\n", out);
	for (int d = 0; d < DUR_COUNT; d++) {
		for (int c = 0; c < CLASS_COUNT; c++) {
			const char *cn = status_class_name((enum status_class)c);

			if (snap->class_latency[c][d])
				csv_row(out, cn, cn, (enum record_duration)d, snap->class_latency[c][d]);
		}
		for (size_t i = 0; i < snap->n_statuses; i++) {
			const struct snapshot_status *st = &snap->statuses[i];

			if (!st->latency[d])
				continue;
			if (st->code >= 0)
				snprintf(code, sizeof code, "%d", st->code);
			else
				snprintf(code, sizeof code, "%.*s", (int)st->raw_len, st->raw);
			csv_row(out, code, status_class_name(report_status_class(st)),
			        (enum record_duration)d, st->latency[d]);
		}
	}
}
