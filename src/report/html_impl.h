/* html_impl.h: the pieces of the HTML report, internal to sm_report.
 * html.c writes the page skeleton (head, CSP, header, the order of the
 * sections); html_css.c holds the one inline style sheet; html_tables.c
 * the tables (totals, classes, kinds, --fail-on, codes, drill-down,
 * malformed examples); html_svg.c the inline SVG (bars, the timeline);
 * html_sha256.c the hash the CSP names the style by; html_latency.c the
 * response times; html_hosts.c a merged report's hosts.
 *
 * Rules every piece keeps: a log-derived string is written only through
 * escape_html_write and only into text content (never into an attribute,
 * a URL or a script); attributes hold only values this code made (numbers,
 * fixed class names); counts are <data value="N" data-k="json.path">, the
 * JSON report's key path, so a test can compare the page with the JSON. */
#ifndef STATUSMON_HTML_IMPL_H
#define STATUSMON_HTML_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "report_impl.h"

/* The inline style sheet, exactly as written between <style> and </style>. */
extern const char html_style[];

void html_sha256(const void *data, size_t n, unsigned char out[32]);
/* base64 of n bytes into out (4 * ((n + 2) / 3) + 1 bytes). */
void html_base64(const unsigned char *in, size_t n, char *out);

/* Escaped text of a NUL-terminated string (log-derived or not). */
void html_text(FILE *out, const char *s);
/* A count: <data value="N" data-k="KEY">N with thousands commas</data>;
 * key is printf-formatted from this code's own words and numbers. */
void html_count(FILE *out, uint64_t n, const char *key_fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A share "12.34%" of part in whole. */
void html_share(FILE *out, uint64_t part, uint64_t whole);
/* The CSS class of a status class: c1 .. c5, ci. */
const char *html_class_css(enum status_class cls);
/* The status as shown: "503", or the raw invalid field escaped ("-"). */
void html_status_label(FILE *out, const struct snapshot_status *st);
/* ' V', ' U', ' !' marker (terminal screen's) of a flagged status, or "". */
const char *html_marker(const struct snapshot_status *st);

void html_totals(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void html_inputs(FILE *out, const struct report_context *ctx);
void html_summary(FILE *out, const struct snapshot *snap);
void html_fail_on(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void html_codes(FILE *out, const struct snapshot *snap);
void html_drill(FILE *out, const struct report_context *ctx, const struct snapshot *snap);
void html_examples(FILE *out, const struct report_context *ctx);

/* A horizontal bar, part of whole, in the colour of css_class. */
void html_bar(FILE *out, const char *css_class, uint64_t part, uint64_t whole);
/* The per-class timeline: a stacked-bar SVG with axes, UTC dates and a
 * legend, then the same numbers as a table (closed <details>). */
void html_timeline(FILE *out, const struct snapshot *snap);
/* A flagged status's own timeline (st->timeline) as a small bar chart
 * <svg class="spark" id="spark-I">, I its index in snap->statuses; its
 * <title> lists every bucket's count. Nothing without a timeline. */
void html_sparkline(FILE *out, const struct snapshot *snap, const struct snapshot_status *st,
                    size_t i, const char *css_class);
/* Response times per class and code, with a histogram per class
 * (html_latency.c); nothing when the log has no durations. */
void html_latency(FILE *out, const struct snapshot *snap);
/* A merged report's hosts, notes and left-out reports (html_hosts.c);
 * nothing for a plain run. */
void html_hosts(FILE *out, const struct report_context *ctx);

#endif
