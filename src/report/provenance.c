/* provenance.c: what the reports say about where their numbers came from
 * (JSON schema 2): the host, each input's identity (device, inode, size,
 * first-line fingerprint, time range), and for a merged report (--merge)
 * the per-host table, the notes on how it was merged and the reports left
 * out. Apart from json.c and text.c so their writers stay as they were and
 * these sections are written by one file in both formats. */
#include <inttypes.h>
#include <string.h>
#include "statusmon/escape.h"
#include "report_impl.h"
#include "text_impl.h"

#define HOST_CODES_MAX 16   /* flagged codes named in a per-host row */

static void pj_str(FILE *out, const char *s)
{
	if (!s)
		fputs("null", out);
	else
		escape_json_write(out, s, strlen(s));
}

static void pj_time(FILE *out, bool has, long long t)
{
	char buf[REPORT_TIME_MAX];

	if (has && report_time_iso(buf, t))
		fprintf(out, "\"%s\"", buf);
	else
		fputs("null", out);
}

void report_host_of_snapshot(struct report_host *h, const char *host,
                             const struct snapshot *snap, char *codes, size_t cap)
{
	size_t used = 0, named = 0;

	*h = (struct report_host){ .host = host, .lines = snap->lines,
	                           .counted = snapshot_counted(snap),
	                           .c5xx = snap->by_class[CLASS_5XX],
	                           .flagged = snap->by_kind[KIND_VENDOR] +
	                                      snap->by_kind[KIND_UNASSIGNED] +
	                                      snap->by_kind[KIND_INVALID],
	                           .flagged_codes = codes };
	codes[0] = '\0';
	for (size_t i = 0; i < snap->n_statuses && named < HOST_CODES_MAX; i++) {
		const struct snapshot_status *st = &snap->statuses[i];
		size_t len = st->raw_len < sizeof st->raw ? st->raw_len : sizeof st->raw - 1;
		char code[8];
		const char *p = code;

		if (!report_status_flagged(st))
			continue;
		if (st->code >= 0 && st->code <= STATUS_CODE_MAX)
			len = (size_t)snprintf(code, sizeof code, "%03d", st->code);
		else
			p = st->raw;
		if (used + len + 2 > cap || memchr(p, ' ', len))
			continue;     /* a raw status with a blank would split the list */
		if (used)
			codes[used++] = ' ';
		memcpy(codes + used, p, len);
		used += len;
		codes[used] = '\0';
		named++;
	}
}

static void pj_host(FILE *out, const struct report_host *h)
{
	char pct[REPORT_PERCENT_MAX];
	const char *c = h->flagged_codes ? h->flagged_codes : "";
	bool first = true;

	fputs("    {\"host\": ", out);
	pj_str(out, h->host);
	report_percent_str(pct, h->c5xx, h->counted);
	fprintf(out, ", \"lines\": %" PRIu64 ", \"counted\": %" PRIu64 ", \"5xx\": %" PRIu64
	        ", \"5xx_percent\": %s, \"flagged\": %" PRIu64 ", \"flagged_codes\": [",
	        h->lines, h->counted, h->c5xx, pct, h->flagged);
	while (*c) {
		size_t len = strcspn(c, " ");

		if (len) {
			fputs(first ? "" : ", ", out);
			escape_json_write(out, c, len);
			first = false;
		}
		c += len + (c[len] == ' ');
	}
	fputs("]}", out);
}

static void pj_strings(FILE *out, const char *key, const char *const *s, size_t n)
{
	fprintf(out, "\"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", out);
		pj_str(out, s[i]);
	}
	fputc(']', out);
}

/* "host", "top_n", "merge" and "hosts": after "format" in json_head. */
void report_json_provenance(FILE *out, const struct report_context *ctx,
                            const struct snapshot *snap)
{
	char codes[HOST_CODES_MAX * (STATUS_RAW_MAX + 1) + 1];
	struct report_host own;
	size_t i;

	fputs("  \"host\": ", out);
	pj_str(out, ctx->host);
	fprintf(out, ",\n  \"top_n\": %u,\n  \"merge\": ", ctx->top_n ? ctx->top_n : 10);
	if (ctx->n_reports) {
		fprintf(out, "{\"reports\": %zu, ", ctx->n_reports);
		pj_strings(out, "left_out", ctx->left_out, ctx->n_left_out);
		fputs(",\n            ", out);
		pj_strings(out, "notes", ctx->notes, ctx->n_notes);
		fputs("},\n", out);
	} else {
		fputs("null,\n", out);
	}
	fputs("  \"hosts\": [\n", out);
	if (!ctx->n_reports) {
		report_host_of_snapshot(&own, ctx->host, snap, codes, sizeof codes);
		pj_host(out, &own);
	}
	for (i = 0; ctx->n_reports && i < ctx->n_hosts; i++) {
		fputs(i ? ",\n" : "", out);
		pj_host(out, &ctx->hosts[i]);
	}
	fputs("\n  ],\n", out);
}

/* An input's provenance fields, inside its object in "inputs". */
void report_json_input_provenance(FILE *out, const struct report_context *ctx,
                                  const struct report_input *in)
{
	fputs(",\n     \"host\": ", out);
	pj_str(out, in->host ? in->host : ctx->host);
	if (in->has_file_id)
		fprintf(out, ", \"device\": %" PRIu64 ", \"inode\": %" PRIu64 ", \"size\": %" PRIu64,
		        in->device, in->inode, in->size);
	else
		fputs(", \"device\": null, \"inode\": null, \"size\": null", out);
	fputs(", \"fingerprint\": ", out);
	pj_str(out, in->fingerprint);
	fputs(",\n     \"first\": ", out);
	pj_time(out, in->has_time, in->first);
	fputs(", \"last\": ", out);
	pj_time(out, in->has_time, in->last);
}

/* A note or a left-out report, escaped (file names and report contents
 * are untrusted), wrapped after label. */
static void text_merge_line(FILE *out, const char *label, const char *s, size_t indent)
{
	char esc[4 * 2048 + 1];

	escape_terminal(esc, sizeof esc, s, strnlen(s, 2048));
	fputs(label, out);
	text_wrap(out, esc, indent, indent);
}

/* Text: a merged report's hosts, notes and left-out reports, after the
 * summary. Nothing for a plain run. */
void text_merge_write(FILE *out, const struct report_context *ctx)
{
	char buf[TEXT_FIT_MAX], pct[REPORT_PERCENT_MAX];
	size_t i;

	if (!ctx->n_reports)
		return;
	text_heading(out, ctx, "Hosts");
	fprintf(out, "  %zu report%s merged\n", ctx->n_reports, ctx->n_reports == 1 ? "" : "s");
	fprintf(out, "    %-24s  %12s  %7s  %9s  %s\n", "Host", "Lines", "5xx %", "Flagged",
	        "Flagged codes");
	for (i = 0; i < ctx->n_hosts; i++) {
		const struct report_host *h = &ctx->hosts[i];
		const char *c = h->flagged_codes ? h->flagged_codes : "";

		fputs("    ", out);
		text_fit(buf, h->host ? h->host : "?", h->host ? strlen(h->host) : 1, 24, false);
		text_pad(out, buf, 24);
		report_percent_str(pct, h->c5xx, h->counted);
		fprintf(out, "  %12" PRIu64 "  %7s  %9" PRIu64 "  ", h->lines, pct, h->flagged);
		text_fit(buf, c, strlen(c), 20, false);
		fprintf(out, "%s\n", buf);
	}
	for (i = 0; i < ctx->n_notes; i++)
		text_merge_line(out, "  Note: ", ctx->notes[i], 8);
	for (i = 0; i < ctx->n_left_out; i++)
		text_merge_line(out, "  Left out: ", ctx->left_out[i], 12);
}

/* CSV: a merged report's tables after the others, each after an empty line
 * and with its own header row, the way csv.c writes its totals and inputs:
 * the per-host table, the notes, the reports left out. Host names, notes
 * and file names come from the reports: every cell through escape_csv_write
 * (quoted, formula-leading cells prefixed with '). Nothing for a plain run. */
static void csv_cell(FILE *out, const char *s)
{
	escape_csv_write(out, s ? s : "", s ? strnlen(s, 4096) : 0);
}

static void csv_list(FILE *out, const char *header, const char *const *s, size_t n)
{
	fprintf(out, "\r\n%s\r\n", header);
	for (size_t i = 0; i < n; i++) {
		csv_cell(out, s[i]);
		fputs("\r\n", out);
	}
}

void report_csv_merge(FILE *out, const struct report_context *ctx)
{
	char pct[REPORT_PERCENT_MAX];

	if (!ctx->n_reports)
		return;
	fputs("\r\nhost,lines,counted,5xx,5xx_percent,flagged,flagged_codes\r\n", out);
	for (size_t i = 0; i < ctx->n_hosts; i++) {
		const struct report_host *h = &ctx->hosts[i];

		csv_cell(out, h->host);
		report_percent_str(pct, h->c5xx, h->counted);
		fprintf(out, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%s,%" PRIu64 ",", h->lines,
		        h->counted, h->c5xx, pct, h->flagged);
		csv_cell(out, h->flagged_codes);
		fputs("\r\n", out);
	}
	csv_list(out, "note", ctx->notes, ctx->n_notes);
	csv_list(out, "left_out", ctx->left_out, ctx->n_left_out);
}
