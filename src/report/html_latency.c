/* html_latency.c: the HTML report's response times, only when the log
 * has durations (snapshot_has_latency): per duration kind (request,
 * upstream) a table of n, absent, p50, p90, p99 and max per class and per
 * code, then a small inline SVG histogram per class on a log-scale x axis
 * (the histogram's own log-linear buckets, 8 per power of two), each bar
 * with a <title> of its bucket and count, and the same buckets as a
 * table. Counts are <data data-k> keyed like the JSON report's "latency"
 * objects; quantiles are <data> in seconds rounded to the microsecond,
 * exactly as the JSON writes them. Nothing here is log-derived but the
 * status label, which html_status_label escapes. */
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include "html_impl.h"

#define LH_W 600
#define LH_H 120
#define LH_LEFT 8
#define LH_RIGHT 8
#define LH_TOP 6
#define LH_BOTTOM 22

/* Seconds to the microsecond, as the JSON report writes them. */
static void seconds_str(char *buf, size_t cap, double us)
{
	uint64_t v = us <= 0 ? 0 : (uint64_t)llround(us);

	snprintf(buf, cap, "%" PRIu64 ".%06" PRIu64, v / 1000000, v % 1000000);
}

/* A duration cell: <data value="0.012000" data-k="KEY.NAME">12.0ms</data>. */
static void duration_cell(FILE *out, double us, const char *key, const char *name)
{
	char secs[32], shown[32];

	seconds_str(secs, sizeof secs, us);
	report_duration_str(shown, sizeof shown, us);
	fprintf(out, "<td class=\"n\"><data value=\"%s\" data-k=\"%s.%s\">%s</data></td>",
	        secs, key, name, shown);
}

static void latency_row(FILE *out, const struct latency *h, const char *key)
{
	fputs("<td class=\"n\">", out);
	html_count(out, h->count, "%s.count", key);
	fputs("</td><td class=\"n\">", out);
	html_count(out, h->absent, "%s.absent", key);
	fputs("</td>", out);
	if (!h->count) {
		fputs("<td class=\"n\">-</td><td class=\"n\">-</td><td class=\"n\">-</td>"
		      "<td class=\"n\">-</td></tr>\n", out);
		return;
	}
	duration_cell(out, latency_quantile(h, 0.5), key, "p50");
	duration_cell(out, latency_quantile(h, 0.9), key, "p90");
	duration_cell(out, latency_quantile(h, 0.99), key, "p99");
	duration_cell(out, (double)h->max_us, key, "max");
	fputs("</tr>\n", out);
}

static void latency_table(FILE *out, const struct snapshot *snap, enum record_duration d)
{
	const char *dn = report_duration_name(d);
	char key[96];

	fputs("<div class=\"scroll\"><table class=\"lat\">\n<thead><tr><th>status</th>"
	      "<th class=\"n\">n</th><th class=\"n\">absent</th><th class=\"n\">p50</th>"
	      "<th class=\"n\">p90</th><th class=\"n\">p99</th><th class=\"n\">max</th>"
	      "</tr></thead>\n<tbody>\n", out);
	for (int c = 0; c < CLASS_COUNT; c++) {
		const char *cn = status_class_name((enum status_class)c);

		if (!snap->class_latency[c][d])
			continue;
		snprintf(key, sizeof key, "latency.classes.%s.%s", cn, dn);
		fprintf(out, "<tr><td><span class=\"sw %s\"></span><b>%s</b></td>",
		        html_class_css((enum status_class)c), cn);
		latency_row(out, snap->class_latency[c][d], key);
	}
	for (size_t i = 0; i < snap->n_statuses; i++) {
		const struct snapshot_status *st = &snap->statuses[i];

		if (!st->latency[d])
			continue;
		snprintf(key, sizeof key, "statuses.%zu.latency.%s", i, dn);
		fputs("<tr><td class=\"code\">", out);
		html_status_label(out, st);
		fprintf(out, "%s</td>", html_marker(st));
		latency_row(out, st->latency[d], key);
	}
	fputs("</tbody></table></div>\n", out);
}

/* v >= 0 with one decimal, integer arithmetic (no locale). */
static void lh_num(FILE *out, double v)
{
	uint64_t t = v > 0 ? (uint64_t)(v * 10.0 + 0.5) : 0;

	fprintf(out, "%" PRIu64, t / 10);
	if (t % 10)
		fprintf(out, ".%u", (unsigned)(t % 10));
}

/* Ticks at 1us, 10us, ... 1000s within [lo, hi] buckets. */
static void hist_ticks(FILE *out, size_t lo, size_t hi, double bw)
{
	static const char *const names[] = { "1us", "10us", "100us", "1ms", "10ms",
	                                     "100ms", "1s", "10s", "100s", "1000s" };
	uint64_t us = 1;

	for (size_t t = 0; t < sizeof names / sizeof names[0]; t++, us *= 10) {
		size_t b = latency_bucket_of(us);
		double x;

		if (b < lo || b > hi)
			continue;
		x = LH_LEFT + bw * (double)(b - lo);
		fputs("<line class=\"axis\" y1=\"", out);
		fprintf(out, "%d\" y2=\"%d\" x1=\"", LH_TOP, LH_H - LH_BOTTOM + 3);
		lh_num(out, x);
		fputs("\" x2=\"", out);
		lh_num(out, x);
		fprintf(out, "\"/><text y=\"%d\" x=\"", LH_H - 6);
		lh_num(out, x);
		fprintf(out, "\" text-anchor=\"middle\">%s</text>\n", names[t]);
	}
}

static void hist_bar(FILE *out, const struct latency *h, size_t i, double x, double bw,
                     uint64_t max, const char *css)
{
	double ph = LH_H - LH_TOP - LH_BOTTOM, bh = ph * (double)h->bucket[i] / (double)max;
	char lo[32], hi[32];

	report_duration_str(lo, sizeof lo, latency_bucket_lower(i));
	report_duration_str(hi, sizeof hi, latency_bucket_upper(i));
	if (i == 0)
		fprintf(out, "<g><title>%" PRIu64 " at 0us</title>", h->bucket[i]);
	else
		fprintf(out, "<g><title>%" PRIu64 " in [%s, %s)</title>", h->bucket[i], lo, hi);
	fprintf(out, "<rect class=\"%s\" x=\"", css);
	lh_num(out, x);
	fputs("\" y=\"", out);
	lh_num(out, LH_TOP + ph - (bh < 0.5 ? 0.5 : bh));
	fputs("\" width=\"", out);
	lh_num(out, bw > 2 ? bw - 0.5 : bw);
	fputs("\" height=\"", out);
	lh_num(out, bh < 0.5 ? 0.5 : bh);
	fputs("\"/></g>\n", out);
}

/* One class's histogram: the buckets from the first to the last non-empty
 * one, widened to at least two decades so the axis has ticks. */
static void hist_svg(FILE *out, const struct latency *h, enum status_class c,
                     enum record_duration d)
{
	size_t lo = LATENCY_BUCKETS, hi = 0, i;
	uint64_t max = 1;
	double bw;

	for (i = 0; i < LATENCY_BUCKETS; i++) {
		if (!h->bucket[i])
			continue;
		lo = i < lo ? i : lo;
		hi = i;
		max = h->bucket[i] > max ? h->bucket[i] : max;
	}
	if (lo > hi)
		return;
	lo = lo > 8 ? lo - 8 : 0;
	hi = hi + 8 < LATENCY_BUCKETS ? hi + 8 : LATENCY_BUCKETS - 1;
	bw = (double)(LH_W - LH_LEFT - LH_RIGHT) / (double)(hi - lo + 1);
	fprintf(out, "<div class=\"hist\"><h3><span class=\"sw %s\"></span>%s</h3>"
	        "<svg class=\"hist\" id=\"hist-%s-%s\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "aria-label=\"lines per duration bucket, log scale\">\n", html_class_css(c),
	        status_class_name(c), report_duration_name(d), status_class_name(c), LH_W, LH_H);
	fprintf(out, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n",
	        LH_LEFT, LH_W - LH_RIGHT, LH_H - LH_BOTTOM, LH_H - LH_BOTTOM);
	hist_ticks(out, lo, hi, bw);
	for (i = lo; i <= hi; i++)
		if (h->bucket[i])
			hist_bar(out, h, i, LH_LEFT + bw * (double)(i - lo), bw, max,
			         html_class_css(c));
	fputs("</svg></div>\n", out);
}

/* The classes' buckets as a table, keyed like the JSON's [i, count] pairs. */
static void hist_table(FILE *out, const struct snapshot *snap, enum record_duration d)
{
	char lo[32], hi[32];

	fputs("<details><summary>The histograms as a table</summary>\n<div class=\"scroll\">"
	      "<table><thead><tr><th>class</th><th>from</th><th>to</th><th class=\"n\">lines</th>"
	      "</tr></thead>\n<tbody>\n", out);
	for (int c = 0; c < CLASS_COUNT; c++) {
		const struct latency *h = snap->class_latency[c][d];
		size_t j = 0;

		for (size_t i = 0; h && i < LATENCY_BUCKETS; i++) {
			if (!h->bucket[i])
				continue;
			report_duration_str(lo, sizeof lo, latency_bucket_lower(i));
			report_duration_str(hi, sizeof hi, latency_bucket_upper(i));
			fprintf(out, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">",
			        status_class_name((enum status_class)c), lo, i ? hi : lo);
			html_count(out, h->bucket[i], "latency.classes.%s.%s.buckets.%zu.1",
			           status_class_name((enum status_class)c), report_duration_name(d), j++);
			fputs("</td></tr>\n", out);
		}
	}
	fputs("</tbody></table></div>\n</details>\n", out);
}

static void latency_section(FILE *out, const struct snapshot *snap, enum record_duration d)
{
	const char *dn = report_duration_name(d);

	fprintf(out, "<section id=\"latency-%s\">\n<h2>Response time (%s)</h2>\n<p>Quantiles "
	        "within %.1f%% of the exact value; n: lines with a duration, absent: lines whose "
	        "format logs one, without.</p>\n", dn, dn, LATENCY_REL_ERROR * 100);
	latency_table(out, snap, d);
	fputs("<p>Lines per duration bucket (log scale, 8 buckets per doubling).</p>\n"
	      "<div class=\"hists\">\n", out);
	for (int c = 0; c < CLASS_COUNT; c++)
		if (snap->class_latency[c][d])
			hist_svg(out, snap->class_latency[c][d], (enum status_class)c, d);
	fputs("</div>\n", out);
	hist_table(out, snap, d);
	fputs("</section>\n", out);
}

void html_latency(FILE *out, const struct snapshot *snap)
{
	for (int d = 0; d < DUR_COUNT; d++)
		if (snapshot_has_latency(snap, (enum record_duration)d))
			latency_section(out, snap, (enum record_duration)d);
}
