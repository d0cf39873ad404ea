/* html_tables.c: the HTML report's summary tables: the totals with the
 * accounting invariants, the inputs, the class and kind shares, the
 * --fail-on outcomes and the status-code table. Counts are written by
 * html_count with their JSON key path; log-derived strings (input names,
 * invalid statuses) only through the HTML escaper, only as text. */
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include "statusmon/escape.h"
#include "html_impl.h"

static void tile(FILE *out, const char *label, const char *key, uint64_t n)
{
	fputs("<div><b>", out);
	html_count(out, n, "totals.%s", key);
	fprintf(out, "</b><span>%s</span></div>", label);
}

static void invariant(FILE *out, const char *text, bool holds)
{
	fprintf(out, "<li>%s <span class=\"%s\">%s</span></li>\n", text, holds ? "ok" : "bad",
	        holds ? "&#10003; holds" : "&#10007; does not hold");
}

void html_totals(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	uint64_t counted = snapshot_counted(snap);

	(void)ctx;
	fputs("<section id=\"totals\">\n<h2>Lines</h2>\n<div class=\"tot\">", out);
	tile(out, "lines", "lines", snap->lines);
	tile(out, "parsed", "parsed", snap->parsed);
	tile(out, "malformed", "malformed", snap->malformed);
	tile(out, "directives", "directives", snap->directives);
	tile(out, "filtered", "filtered", snap->filtered);
	tile(out, "counted", "counted", counted);
	tile(out, "truncated (counted)", "truncated", snap->truncated);
	fputs("</div>\n<ul class=\"meta\">\n", out);
	invariant(out, "lines = parsed + malformed + directives:",
	          snap->lines == snap->parsed + snap->malformed + snap->directives);
	invariant(out, "parsed = filtered + counted (&Sigma; status counts):",
	          snap->parsed >= snap->filtered && snap->parsed - snap->filtered == counted);
	fputs("</ul>\n</section>\n", out);
}

/* One per-input count, or a dash when the driver kept none (JSON null). */
static void input_cell(FILE *out, const struct report_input *in, size_t i, const char *key,
                       uint64_t v)
{
	fputs("<td class=\"n\">", out);
	if (in->format)
		html_count(out, v, "inputs.%zu.%s", i, key);
	else
		fputs("&mdash;", out);
	fputs("</td>", out);
}

void html_inputs(FILE *out, const struct report_context *ctx)
{
	size_t i;

	fputs("<section id=\"inputs\">\n<h2>Inputs</h2>\n<div class=\"scroll\"><table>\n"
	      "<thead><tr><th>input</th><th>format</th><th class=\"n\">lines</th>"
	      "<th class=\"n\">parsed</th><th class=\"n\">malformed</th>"
	      "<th class=\"n\">directives</th><th class=\"n\">filtered</th>"
	      "<th class=\"n\">bytes</th><th>read</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < ctx->n_inputs; i++) {
		const struct report_input *in = &ctx->inputs[i];

		fputs("<tr><td class=\"k\">", out);
		html_text(out, in->name ? in->name : "-");
		fputs("</td><td>", out);
		html_text(out, in->format ? in->format : "");
		fputs("</td><td class=\"n\">", out);
		html_count(out, in->lines, "inputs.%zu.lines", i);
		fputs("</td>", out);
		input_cell(out, in, i, "parsed", in->parsed);
		input_cell(out, in, i, "malformed", in->malformed);
		input_cell(out, in, i, "directives", in->directives);
		input_cell(out, in, i, "filtered", in->filtered);
		fputs("<td class=\"n\">", out);
		html_count(out, in->bytes, "inputs.%zu.bytes", i);
		fprintf(out, "</td><td>%s</td></tr>\n",
		        in->failed ? "<span class=\"bad\">failed</span>" : "whole");
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

static void class_row(FILE *out, enum status_class c, uint64_t n, uint64_t counted)
{
	fprintf(out, "<tr><td><span class=\"sw %s\"></span>%s</td><td class=\"n\">",
	        html_class_css(c), status_class_name(c));
	html_count(out, n, "classes.%s", status_class_name(c));
	fputs("</td><td class=\"n\">", out);
	html_share(out, n, counted);
	fputs("</td><td>", out);
	html_bar(out, html_class_css(c), n, counted);
	fputs("</td></tr>\n", out);
}

void html_summary(FILE *out, const struct snapshot *snap)
{
	uint64_t counted = snapshot_counted(snap);
	uint64_t errors = snap->by_class[CLASS_4XX] + snap->by_class[CLASS_5XX];
	int i;

	fputs("<section id=\"summary\">\n<h2>Classes and kinds</h2>\n<p><b>5xx share: ", out);
	html_share(out, snap->by_class[CLASS_5XX], counted);
	fputs("</b>; error share (4xx + 5xx): <b>", out);
	html_share(out, errors, counted);
	fputs("</b>; flagged (vendor, unassigned, invalid): <b>", out);
	html_share(out, counted - snap->by_kind[KIND_REGISTERED], counted);
	fputs("</b> of the counted lines.</p>\n<div class=\"grid\">\n<div class=\"scroll\"><table>"
	      "<thead><tr><th>class</th><th class=\"n\">count</th><th class=\"n\">share</th>"
	      "<th></th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < CLASS_COUNT; i++)
		class_row(out, (enum status_class)i, snap->by_class[i], counted);
	fputs("</tbody></table></div>\n<div class=\"scroll\"><table><thead><tr><th>kind</th>"
	      "<th class=\"n\">count</th><th class=\"n\">share</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < KIND_COUNT; i++) {
		const char *name = status_kind_name((enum status_kind)i);

		fprintf(out, "<tr><td>%s</td><td class=\"n\">", name);
		html_count(out, snap->by_kind[i], "kinds.%s", name);
		fputs("</td><td class=\"n\">", out);
		html_share(out, snap->by_kind[i], counted);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</div>\n</section>\n", out);
}

/* v with at most two decimals, without printf's %f or %g (no locale). */
static void put_number(FILE *out, double v)
{
	double r = floor(fabs(v) * 100.0 + 0.5);
	uint64_t h = r < 1e18 ? (uint64_t)r : 0;

	fprintf(out, "%s%" PRIu64, v < 0 && h ? "-" : "", h / 100);
	if (h % 100)
		fprintf(out, ".%02u", (unsigned)(h % 100));
}

void html_fail_on(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	size_t i;
	double measured;
	bool holds;

	if (ctx->n_fail_rules == 0)
		return;
	fputs("<section id=\"fail-on\">\n<h2>--fail-on rules</h2>\n<div class=\"scroll\"><table>"
	      "<thead><tr><th>rule</th><th class=\"n\">measured</th><th class=\"n\">margin</th>"
	      "<th>outcome</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < ctx->n_fail_rules; i++) {
		const struct fail_rule *r = &ctx->fail_rules[i];
		const char *unit = r->percent ? "%" : "";

		holds = fail_rule_eval(r, snap, &measured);
		fputs("<tr><td class=\"k\">", out);
		html_text(out, r->text);
		fputs("</td><td class=\"n\">", out);
		put_number(out, measured);
		fprintf(out, "%s</td><td class=\"n\">", unit);
		put_number(out, measured - r->value);
		fprintf(out, "%s</td><td>%s</td></tr>\n", unit,
		        holds ? "<span class=\"bad\">holds (exit 3)</span>"
		              : "<span class=\"ok\">does not hold</span>");
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

static void vendor_meanings(FILE *out, const struct status_info *info)
{
	size_t i;

	if (info && info->reference && info->reference[0]) {
		fputs("IANA ", out);
		html_text(out, info->reference);
	}
	for (i = 0; info && i < info->n_vendors; i++) {
		fputs(i || (info->reference && info->reference[0]) ? "<br>" : "", out);
		html_text(out, info->vendors[i].vendor);
		fputs(": ", out);
		html_text(out, info->vendors[i].reason);
		if (info->vendors[i].source && info->vendors[i].source[0]) {
			fputs(" <span class=\"meta\">(", out);
			html_text(out, info->vendors[i].source);
			fputs(")</span>", out);
		}
	}
}

static void code_row(FILE *out, const struct snapshot *snap, size_t i, uint64_t counted)
{
	const struct snapshot_status *st = &snap->statuses[i];
	enum status_class c = report_status_class(st);

	fputs("<tr><td class=\"code\">", out);
	html_status_label(out, st);
	fprintf(out, "%s</td><td>", html_marker(st));
	html_text(out, report_status_reason(st));
	fprintf(out, "</td><td><span class=\"sw %s\"></span>%s</td><td>%s</td><td class=\"n\">",
	        html_class_css(c), status_class_name(c), status_kind_name(report_status_kind(st)));
	html_count(out, st->count, "statuses.%zu.count", i);
	fputs("</td><td class=\"n\">", out);
	html_share(out, st->count, counted);
	fputs("</td><td>", out);
	html_bar(out, html_class_css(c), st->count, counted);
	html_sparkline(out, snap, st, i, html_class_css(c));
	fputs("</td><td>", out);
	vendor_meanings(out, st->info);
	fputs("</td></tr>\n", out);
}

void html_codes(FILE *out, const struct snapshot *snap)
{
	uint64_t counted = snapshot_counted(snap);
	size_t i;

	fputs("<section id=\"codes\">\n<h2>Status codes</h2>\n<p>Markers as on the terminal "
	      "screen: <span class=\"mark\">V</span> vendor-only, <span class=\"mark\">U</span> "
	      "unassigned, <span class=\"mark\">!</span> invalid; a flagged code's bar has "
	      "its own timeline under it, on the timeline's buckets.</p>\n<div class=\"scroll\">"
	      "<table id=\"code-table\">\n<thead><tr><th>code</th><th>reason</th><th>class</th>"
	      "<th>kind</th><th class=\"n\">count</th><th class=\"n\">share</th><th></th>"
	      "<th>meanings (source)</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < snap->n_statuses; i++)
		code_row(out, snap, i, counted);
	fputs("</tbody></table></div>\n</section>\n", out);
}
