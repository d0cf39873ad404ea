/* csv.c: the CSV report, three tables separated by an empty line: one row
 * per status code (code,count,percent,class,kind,reason,vendors), first so
 * a reader that wants only the statuses stops at the first empty line; the
 * totals (lines = parsed + malformed + directives); one row per input with
 * its own format and counts; then, when the log records durations, one row
 * per class and per status and duration kind (latency_report.c); last,
 * for a merged report (--merge), the per-host table, the notes and the
 * reports left out (provenance.c). Fields
 * follow RFC 4180 through
 * escape_csv_write (quoted when needed, quotes doubled, control bytes and
 * invisible characters escaped, formula-leading cells prefixed with '),
 * and rows end with CRLF as RFC 4180 section 2 says; spreadsheet and
 * csv-module readers accept it, awk users can strip \r. A non-numeric or
 * otherwise invalid status shows its raw field as code. */
#include <inttypes.h>
#include <string.h>
#include "statusmon/escape.h"
#include "report_impl.h"

#define CSV_EOL "\r\n"
#define VENDORS_MAX 2048

static void csv_str(FILE *out, const char *s)
{
	escape_csv_write(out, s ? s : "", s ? strlen(s) : 0);
}

/* "nginx: Client Closed Request; Esri: Token Required" into buf. */
static void csv_vendors(char *buf, size_t cap, const struct status_info *info)
{
	size_t i, len = 0;
	int k;

	buf[0] = '\0';
	for (i = 0; info && i < info->n_vendors && len < cap; i++) {
		k = snprintf(buf + len, cap - len, "%s%s: %s", i ? "; " : "",
		             info->vendors[i].vendor ? info->vendors[i].vendor : "",
		             info->vendors[i].reason ? info->vendors[i].reason : "");
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

static void csv_row(FILE *out, const struct snapshot_status *st, uint64_t counted)
{
	char pct[REPORT_PERCENT_MAX], vendors[VENDORS_MAX];
	size_t raw_len = st->raw_len < sizeof st->raw ? st->raw_len : sizeof st->raw;

	if (report_status_kind(st) == KIND_INVALID)
		escape_csv_write(out, st->raw, raw_len);
	else
		fprintf(out, "%d", st->code);
	report_percent_str(pct, st->count, counted);
	fprintf(out, ",%" PRIu64 ",%s,%s,%s,", st->count, pct,
	        status_class_name(report_status_class(st)),
	        status_kind_name(report_status_kind(st)));
	csv_str(out, report_status_reason(st));
	fputc(',', out);
	csv_vendors(vendors, sizeof vendors, st->info);
	csv_str(out, vendors);
	fputs(CSV_EOL, out);
}

static void csv_totals(FILE *out, const struct snapshot *snap)
{
	fputs(CSV_EOL "lines,parsed,malformed,directives,filtered,counted" CSV_EOL, out);
	fprintf(out, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
	        CSV_EOL, snap->lines, snap->parsed, snap->malformed, snap->directives,
	        snap->filtered, snapshot_counted(snap));
}

/* ",N", or an empty cell when the caller keeps no per-input counts. */
static void csv_input_count(FILE *out, const struct report_input *in, uint64_t v)
{
	if (in->format)
		fprintf(out, ",%" PRIu64, v);
	else
		fputc(',', out);
}

static void csv_inputs(FILE *out, const struct report_context *ctx)
{
	const struct report_input *in;
	size_t i;

	fputs(CSV_EOL "input,format,lines,parsed,malformed,directives,filtered,bytes,failed"
	      CSV_EOL, out);
	for (i = 0; i < ctx->n_inputs; i++) {
		in = &ctx->inputs[i];
		csv_str(out, in->name ? in->name : "-");
		fputc(',', out);
		csv_str(out, in->format);
		fprintf(out, ",%" PRIu64, in->lines);
		csv_input_count(out, in, in->parsed);
		csv_input_count(out, in, in->malformed);
		csv_input_count(out, in, in->directives);
		csv_input_count(out, in, in->filtered);
		fprintf(out, ",%" PRIu64 ",%s" CSV_EOL, in->bytes, in->failed ? "true" : "false");
	}
}

void report_csv_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	uint64_t counted = snapshot_counted(snap);
	size_t i;

	fputs("code,count,percent,class,kind,reason,vendors" CSV_EOL, out);
	for (i = 0; i < snap->n_statuses; i++)
		csv_row(out, &snap->statuses[i], counted);
	csv_totals(out, snap);
	csv_inputs(out, ctx);
	report_latency_csv(out, snap);
	report_csv_merge(out, ctx);
}
