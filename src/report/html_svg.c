/* html_svg.c: the HTML report's charts as inline SVG drawn here, so they
 * show with JavaScript off and need no library: the share bars of the
 * tables and the per-class timeline (stacked bars per bucket, a y axis
 * with round ticks, UTC dates on the x axis, an HTML legend, a <title> per
 * bucket for hovering), followed by the same numbers as a table, and each
 * flagged status's sparkline on the same buckets. Nothing
 * here is log-derived but numbers; coordinates are printed with integer
 * arithmetic (no %f: no locale). Colours come from the CSS classes. */
#include <inttypes.h>
#include <string.h>
#include "html_impl.h"

#define TL_W 1000
#define TL_H 280
#define TL_LEFT 70
#define TL_RIGHT 10
#define TL_TOP 12
#define TL_BOTTOM 44
#define TL_TICKS 4

/* v >= 0 with one decimal: "12.5", "3". */
static void svg_num(FILE *out, double v)
{
	uint64_t t = v > 0 ? (uint64_t)(v * 10.0 + 0.5) : 0;

	fprintf(out, "%" PRIu64, t / 10);
	if (t % 10)
		fprintf(out, ".%u", (unsigned)(t % 10));
}

void html_bar(FILE *out, const char *css_class, uint64_t part, uint64_t whole)
{
	double w = whole ? 100.0 * (double)part / (double)whole : 0.0;

	fputs("<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
	      "aria-hidden=\"true\">", out);
	if (part > 0) {
		fprintf(out, "<rect class=\"%s\" height=\"10\" width=\"", css_class);
		svg_num(out, w < 0.5 ? 0.5 : w);   /* a nonzero count stays visible */
		fputs("\"/>", out);
	}
	fputs("</svg>", out);
}

/* The smallest 1, 2 or 5 times a power of ten with TL_TICKS steps >= max. */
static uint64_t tick_step(uint64_t max)
{
	uint64_t p = 1;
	static const unsigned mult[3] = { 1, 2, 5 };
	int i;

	for (;;) {
		for (i = 0; i < 3; i++)
			if (p * mult[i] * TL_TICKS >= max)
				return p * mult[i];
		if (p > UINT64_MAX / 100)
			return max / TL_TICKS + 1;
		p *= 10;
	}
}

static void timeline_axes(FILE *out, uint64_t step)
{
	double ph = TL_H - TL_TOP - TL_BOTTOM;
	int i;

	for (i = 0; i <= TL_TICKS; i++) {
		double y = TL_TOP + ph - ph * i / TL_TICKS;

		fprintf(out, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"", TL_LEFT, TL_W - TL_RIGHT);
		svg_num(out, y);
		fputs("\" y2=\"", out);
		svg_num(out, y);
		fprintf(out, "\"/><text x=\"%d\" y=\"", TL_LEFT - 6);
		svg_num(out, y + 4);
		fprintf(out, "\" text-anchor=\"end\">%" PRIu64 "</text>\n", step * (uint64_t)i);
	}
}

/* A date label under bucket i: the date where it changes (and at the
 * first label), the time of day otherwise. */
static void timeline_label(FILE *out, const struct snapshot *snap, size_t i, double x,
                           const char *prev)
{
	char t[REPORT_TIME_MAX];

	if (!report_time_iso(t, snap->buckets[i].start))
		return;
	fputs("<text y=\"", out);
	fprintf(out, "%d\" x=\"", TL_H - TL_BOTTOM + 16);
	svg_num(out, x);
	fprintf(out, "\" text-anchor=\"middle\">%.5s</text>", t + 11);
	if (!prev || strncmp(prev, t, 10) != 0) {
		fprintf(out, "<text y=\"%d\" x=\"", TL_H - TL_BOTTOM + 32);
		svg_num(out, x);
		fprintf(out, "\" text-anchor=\"middle\">%.10s</text>", t);
	}
	fputc('\n', out);
}

static void timeline_bucket(FILE *out, const struct snapshot *snap, size_t i, double bw,
                            uint64_t ymax)
{
	const struct snapshot_bucket *b = &snap->buckets[i];
	double ph = TL_H - TL_TOP - TL_BOTTOM, x = TL_LEFT + bw * (double)i;
	double y = TL_TOP + ph, h;
	char t[REPORT_TIME_MAX];
	int c;

	report_time_iso(t, b->start);
	fprintf(out, "<g><title>%s", t);
	for (c = 0; c < CLASS_COUNT; c++)
		if (b->by_class[c])
			fprintf(out, ", %s: %" PRIu64, status_class_name((enum status_class)c),
			        b->by_class[c]);
	fputs("</title>", out);
	for (c = 0; c < CLASS_COUNT; c++) {
		if (!b->by_class[c])
			continue;
		h = ph * (double)b->by_class[c] / (double)ymax;
		y -= h;
		fprintf(out, "<rect class=\"%s\" x=\"", html_class_css((enum status_class)c));
		svg_num(out, x);
		fputs("\" y=\"", out);
		svg_num(out, y);
		fputs("\" width=\"", out);
		svg_num(out, bw > 3 ? bw - 1 : bw);
		fputs("\" height=\"", out);
		svg_num(out, h < 0.3 ? 0.3 : h);
		fputs("\"/>", out);
	}
	fputs("</g>\n", out);
}

static void timeline_svg(FILE *out, const struct snapshot *snap)
{
	double bw = (double)(TL_W - TL_LEFT - TL_RIGHT) / (double)snap->n_buckets;
	uint64_t max = 1, step;
	size_t i, every = snap->n_buckets / 6 + 1;
	char prev[REPORT_TIME_MAX] = "";

	for (i = 0; i < snap->n_buckets; i++)
		if (report_bucket_total(&snap->buckets[i]) > max)
			max = report_bucket_total(&snap->buckets[i]);
	step = tick_step(max);
	fprintf(out, "<div class=\"chart\"><svg id=\"timeline\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "aria-label=\"lines per class per bucket\">\n", TL_W, TL_H);
	timeline_axes(out, step);
	for (i = 0; i < snap->n_buckets; i++)
		timeline_bucket(out, snap, i, bw, step * TL_TICKS);
	for (i = 0; i < snap->n_buckets; i += every) {
		timeline_label(out, snap, i, TL_LEFT + bw * ((double)i + 0.5), i ? prev : NULL);
		report_time_iso(prev, snap->buckets[i].start);
	}
	fputs("</svg></div>\n", out);
}

static void timeline_table(FILE *out, const struct snapshot *snap)
{
	char t[REPORT_TIME_MAX];
	size_t i;
	int c;

	fputs("<details><summary>The timeline as a table</summary>\n<div class=\"scroll\"><table>"
	      "<thead><tr><th>bucket start (UTC)</th>", out);
	for (c = 0; c < CLASS_COUNT; c++)
		fprintf(out, "<th class=\"n\">%s</th>", status_class_name((enum status_class)c));
	fputs("</tr></thead>\n<tbody>\n", out);
	for (i = 0; i < snap->n_buckets; i++) {
		report_time_iso(t, snap->buckets[i].start);
		fprintf(out, "<tr><td>%s</td>", t);
		for (c = 0; c < CLASS_COUNT; c++) {
			fputs("<td class=\"n\">", out);
			html_count(out, snap->buckets[i].by_class[c], "timeline.buckets.%zu.%s", i,
			           status_class_name((enum status_class)c));
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table></div>\n</details>\n", out);
}

/* "5 min", "1 h", "1 d", else seconds. */
static void bucket_duration(FILE *out, long long s)
{
	if (s > 0 && s % 86400 == 0)
		fprintf(out, "%lld d", s / 86400);
	else if (s > 0 && s % 3600 == 0)
		fprintf(out, "%lld h", s / 3600);
	else if (s > 0 && s % 60 == 0)
		fprintf(out, "%lld min", s / 60);
	else
		fprintf(out, "%lld s", s);
}

void html_timeline(FILE *out, const struct snapshot *snap)
{
	int c;

	fputs("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n", out);
	if (!snap->buckets || snap->n_buckets == 0) {
		fputs("<p>No timeline: no counted line carried a time.</p>\n</section>\n", out);
		return;
	}
	fputs("<p>Lines per class, one bar per ", out);
	bucket_duration(out, snap->bucket_seconds);
	fputs(" (UTC), stacked in class order.</p>\n<div class=\"legend\">", out);
	for (c = 0; c < CLASS_COUNT; c++)
		fprintf(out, "<span><span class=\"sw %s\"></span>%s</span>",
		        html_class_css((enum status_class)c), status_class_name((enum status_class)c));
	fputs("</div>\n", out);
	timeline_svg(out, snap);
	timeline_table(out, snap);
	fputs("</section>\n", out);
}

/* A flagged status's own sparkline: its counts per snapshot bucket as one
 * filled step path (the tallest at full height), with a <title> "lines
 * per bucket: N N N ..." that holds every bucket's count, so the chart's
 * numbers can be read and added up; nothing without a timeline. */
void html_sparkline(FILE *out, const struct snapshot *snap, const struct snapshot_status *st,
                    size_t i, const char *css_class)
{
	uint64_t max = 1;
	double bw, prev = 24.0;
	size_t b;

	if (!st->timeline || !snap->n_buckets || !snap->buckets)
		return;
	for (b = 0; b < snap->n_buckets; b++)
		max = st->timeline[b] > max ? st->timeline[b] : max;
	bw = 160.0 / (double)snap->n_buckets;
	fprintf(out, "<svg class=\"spark\" id=\"spark-%zu\" viewBox=\"0 0 160 24\" "
	        "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"lines per bucket\">"
	        "<title>lines per bucket:", i);
	for (b = 0; b < snap->n_buckets; b++)
		fprintf(out, " %" PRIu64, st->timeline[b]);
	fprintf(out, "</title><path class=\"%s\" d=\"M0 24", css_class);
	for (b = 0; b < snap->n_buckets; b++) {      /* a step only where it changes */
		double h = 24.0 * (double)st->timeline[b] / (double)max;
		double y = st->timeline[b] ? 24.0 - (h < 1 ? 1 : h) : 24.0;

		if (y == prev)
			continue;
		fputc('H', out);
		svg_num(out, bw * (double)b);
		fputc('V', out);
		svg_num(out, y);
		prev = y;
	}
	fputs("H160V24Z\"/></svg>", out);
}
