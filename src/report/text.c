/* text.c: the text report, for a person reading cron mail: the summary
 * (every input with its own format and counts, a warning for an input that
 * is mostly malformed while others parse, the totals), the class table and
 * one row per status code. The later sections are in
 * text_detail.c, the column arithmetic in text_fit.c. Every line fits 80
 * columns; log-derived strings pass escape_terminal (via text_fit); colors
 * (SGR only) appear only when ctx->color. */
#include <inttypes.h>
#include <string.h>
#include "report_impl.h"
#include "text_impl.h"

#define LABEL_COLS 16   /* "  Time range    " */
#define TEXT_SUSPECT_LINES 10   /* an input's non-directive lines before it can warn */

/* "    NAME  N lines  N bytes  FAILED", the name cut to fit. */
static void input_head(FILE *out, const struct report_context *ctx,
                       const struct report_input *in)
{
	char tail[96], name[TEXT_FIT_MAX];
	size_t tw;

	snprintf(tail, sizeof tail, "  %" PRIu64 " lines  %" PRIu64 " bytes%s",
	         in->lines, in->bytes, in->failed ? "  FAILED" : "");
	tw = strlen(tail);
	text_fit(name, in->name ? in->name : "-", in->name ? strlen(in->name) : 1,
	         TEXT_COLS - 4 - tw, false);
	fprintf(out, "    %s", name);
	if (in->failed)
		text_sgr(out, ctx, SGR_RED);
	fputs(tail, out);
	if (in->failed)
		text_sgr_off(out, ctx);
	fputc('\n', out);
}

/* "      combined: N parsed, N malformed, N directives, N filtered",
 * wrapped should the counts be huge. */
static void input_counts(FILE *out, const struct report_input *in)
{
	char fmt[TEXT_FIT_MAX], line[TEXT_FIT_MAX + 160];
	size_t len;

	text_fit(fmt, in->format, strlen(in->format), 20, false);
	len = (size_t)snprintf(line, sizeof line, "%s: %" PRIu64 " parsed, %" PRIu64
	                       " malformed, %" PRIu64 " directives", fmt, in->parsed,
	                       in->malformed, in->directives);
	if (in->filtered > 0 && len < sizeof line)
		snprintf(line + len, sizeof line - len, ", %" PRIu64 " filtered", in->filtered);
	fputs("      ", out);
	text_wrap(out, line, 6, 8);
}

/* An input mostly malformed while another parses: likely a log of another
 * format among the inputs (an error.log, an IIS log among nginx ones). */
static bool input_suspect(const struct report_context *ctx, size_t i)
{
	const struct report_input *in = &ctx->inputs[i];
	uint64_t lines = in->parsed + in->malformed;   /* non-directive */
	size_t j;

	if (!in->format || lines < TEXT_SUSPECT_LINES || in->malformed < lines - in->malformed)
		return false;
	for (j = 0; j < ctx->n_inputs; j++)
		if (j != i && ctx->inputs[j].format && ctx->inputs[j].parsed > 0)
			return true;
	return false;
}

/* "  Warning: NAME: 100.00% malformed as combined" (while others parse):
 * one line whatever the name (cut to fit). */
static void input_warning(FILE *out, const struct report_context *ctx,
                          const struct report_input *in)
{
	char tail[TEXT_FIT_MAX + 96], name[TEXT_FIT_MAX], fmt[TEXT_FIT_MAX];
	char pct[REPORT_PERCENT_MAX];
	const char *format = in->format ? in->format : "-";

	report_percent_str(pct, in->malformed, in->parsed + in->malformed);
	text_fit(fmt, format, strlen(format), 16, false);
	snprintf(tail, sizeof tail, ": %s%% malformed as %s", pct, fmt);
	text_fit(name, in->name ? in->name : "-", in->name ? strlen(in->name) : 1,
	         TEXT_COLS - strlen("  Warning: ") - text_width(tail), false);
	fputs("  ", out);
	text_sgr(out, ctx, SGR_YELLOW);
	fputs("Warning:", out);
	text_sgr_off(out, ctx);
	fprintf(out, " %s%s\n", name, tail);
}

/* Every input with its own format and counts, then one warning line per
 * input that is mostly malformed while others parse. */
static void summary_inputs(FILE *out, const struct report_context *ctx)
{
	size_t i;

	if (ctx->n_inputs == 0)
		return;
	fputs("  Inputs\n", out);
	for (i = 0; i < ctx->n_inputs; i++) {
		input_head(out, ctx, &ctx->inputs[i]);
		if (ctx->inputs[i].format)
			input_counts(out, &ctx->inputs[i]);
	}
	for (i = 0; i < ctx->n_inputs; i++)
		if (input_suspect(ctx, i))
			input_warning(out, ctx, &ctx->inputs[i]);
}

static void summary_count(FILE *out, const char *label, uint64_t v, int width,
                          const char *note)
{
	fprintf(out, "  %-*s%*" PRIu64 "%s\n", LABEL_COLS - 2, label, width, v, note);
}

/* "  Label         value", the value escaped and cut to fit. */
static void summary_text(FILE *out, const char *label, const char *value)
{
	char buf[TEXT_FIT_MAX];

	text_fit(buf, value, strlen(value), TEXT_COLS - LABEL_COLS, false);
	fprintf(out, "  %-*s%s\n", LABEL_COLS - 2, label, buf);
}

static void summary_time(FILE *out, const struct snapshot *snap)
{
	char first[REPORT_TIME_MAX], last[REPORT_TIME_MAX];

	if (!snap->has_time) {
		fprintf(out, "  %-*s%s\n", LABEL_COLS - 2, "Time range", "(no timestamps)");
		return;
	}
	report_time_iso(first, snap->first);
	report_time_iso(last, snap->last);
	fprintf(out, "  %-*s%s .. %s (UTC)\n", LABEL_COLS - 2, "Time range", first, last);
}

/* Lines = parsed + malformed + directives, one count a row. */
static void summary_totals(FILE *out, const struct snapshot *snap)
{
	char note[96], pct[REPORT_PERCENT_MAX];
	int w = (int)text_digits(snap->lines);

	if ((int)text_digits(snap->parsed) > w)
		w = (int)text_digits(snap->parsed);
	summary_count(out, "Lines", snap->lines, w, "  = parsed + malformed + directives");
	note[0] = '\0';
	if (snap->truncated > 0)
		snprintf(note, sizeof note, "  (%" PRIu64 " of them truncated)", snap->truncated);
	summary_count(out, "Parsed", snap->parsed, w, note);
	note[0] = '\0';
	if (snap->malformed > 0) {
		report_percent_str(pct, snap->malformed, snap->parsed + snap->malformed);
		snprintf(note, sizeof note, "  (%s%% of non-directive lines)", pct);
	}
	summary_count(out, "Malformed", snap->malformed, w, note);
	summary_count(out, "Directives", snap->directives, w, "");
	summary_count(out, "Filtered", snap->filtered, w, "");
	summary_count(out, "Counted", snapshot_counted(snap), w, "");
}

static void summary_write(FILE *out, const struct report_context *ctx,
                          const struct snapshot *snap)
{
	char reg[256];

	text_heading(out, ctx, "Summary");
	summary_inputs(out, ctx);
	summary_totals(out, snap);
	summary_time(out, snap);
	summary_text(out, "Format", ctx->format_name ? ctx->format_name : "unknown");
	snprintf(reg, sizeof reg, "%s%s%s%s", ctx->registry_source ? ctx->registry_source : "?",
	         ctx->registry_updated && *ctx->registry_updated ? " (updated " : "",
	         ctx->registry_updated && *ctx->registry_updated ? ctx->registry_updated : "",
	         ctx->registry_updated && *ctx->registry_updated ? ")" : "");
	summary_text(out, "Registry", reg);
}

/* Width of the count column: the widest count, at least 5. */
static int count_width(const struct snapshot *snap)
{
	size_t w = 5, d, i;

	for (i = 0; i < CLASS_COUNT; i++) {
		d = text_digits(snap->by_class[i]);
		if (d > w)
			w = d;
	}
	for (i = 0; i < snap->n_statuses; i++) {
		d = text_digits(snap->statuses[i].count);
		if (d > w)
			w = d;
	}
	return (int)w;
}

static const char *class_color(enum status_class cls)
{
	if (cls == CLASS_5XX)
		return SGR_RED;
	if (cls == CLASS_4XX)
		return SGR_YELLOW;
	return NULL;
}

/* "  LABEL__  COUNT  PCT%  ####": label 8, count cw, percent 7. */
static void class_table(FILE *out, const struct report_context *ctx,
                        const struct snapshot *snap, int cw)
{
	uint64_t counted = snapshot_counted(snap);
	size_t bar = TEXT_COLS - (2 + 8 + (size_t)cw + 2 + 7 + 2);
	char pct[REPORT_PERCENT_MAX];
	int c;

	text_heading(out, ctx, "Classes");
	for (c = 0; c < CLASS_COUNT; c++) {
		const char *color = class_color((enum status_class)c);

		if (color && snap->by_class[c] > 0)
			text_sgr(out, ctx, color);
		report_percent_str(pct, snap->by_class[c], counted);
		fprintf(out, "  %-8s%*" PRIu64 "  %6s%%", status_class_name((enum status_class)c),
		        cw, snap->by_class[c], pct);
		text_bar(out, snap->by_class[c], counted, bar);
		if (color && snap->by_class[c] > 0)
			text_sgr_off(out, ctx);
		fputc('\n', out);
	}
}

static char status_marker(const struct snapshot_status *st)
{
	switch (report_status_kind(st)) {
	case KIND_VENDOR:
		return 'V';
	case KIND_UNASSIGNED:
		return 'U';
	case KIND_INVALID:
		return '!';
	default:
		return ' ';
	}
}

#define CODE_COLS 9
#define REASON_COLS 25

/* "  M CODE___  REASON________________  COUNT  PCT%  ###" */
static void status_row(FILE *out, const struct report_context *ctx,
                       const struct snapshot_status *st, uint64_t counted, int cw)
{
	size_t bar = TEXT_COLS - (2 + 2 + CODE_COLS + 2 + REASON_COLS + 2 + (size_t)cw + 2 + 7 + 2);
	const char *color = class_color(report_status_class(st));
	const char *reason = report_status_reason(st);
	char label[TEXT_FIT_MAX], why[TEXT_FIT_MAX], pct[REPORT_PERCENT_MAX];
	char mark = status_marker(st);

	text_status_label(label, st, CODE_COLS);
	if (!*reason)
		reason = report_status_kind(st) == KIND_INVALID ? "(invalid status)" : "(unassigned)";
	text_fit(why, reason, strlen(reason), REASON_COLS, false);
	fputs("  ", out);
	if (mark != ' ')
		text_sgr(out, ctx, SGR_MAGENTA);
	fputc(mark, out);
	if (mark != ' ')
		text_sgr_off(out, ctx);
	fputc(' ', out);
	if (color)
		text_sgr(out, ctx, color);
	text_pad(out, label, CODE_COLS);
	fputs("  ", out);
	text_pad(out, why, REASON_COLS);
	report_percent_str(pct, st->count, counted);
	fprintf(out, "  %*" PRIu64 "  %6s%%", cw, st->count, pct);
	text_bar(out, st->count, counted, bar);
	if (color)
		text_sgr_off(out, ctx);
	fputc('\n', out);
}

static void status_table(FILE *out, const struct report_context *ctx,
                         const struct snapshot *snap, int cw)
{
	uint64_t counted = snapshot_counted(snap);
	size_t i;

	text_heading(out, ctx, "Status codes");
	fputs("  Markers: V vendor-only code, U unassigned by IANA, ! invalid status\n", out);
	fprintf(out, "    %-*s  %-*s  %*s  %7s\n", CODE_COLS, "Code", REASON_COLS, "Reason",
	        cw, "Count", "%");
	for (i = 0; i < snap->n_statuses; i++)
		status_row(out, ctx, &snap->statuses[i], counted, cw);
}

void report_text_write(FILE *out, const struct report_context *ctx, const struct snapshot *snap)
{
	int cw = count_width(snap);

	text_sgr(out, ctx, SGR_BOLD);
	fprintf(out, "%s report", ctx->generator ? ctx->generator : "statusmon");
	text_sgr_off(out, ctx);
	fputc('\n', out);
	summary_write(out, ctx, snap);
	text_merge_write(out, ctx);
	if (snapshot_counted(snap) == 0 || snap->n_statuses == 0) {
		fputs("\nNo status codes counted", out);
		fputs(snap->lines == 0 ? ": the input was empty.\n" :
		      ": every line was malformed or filtered.\n", out);
		return;
	}
	class_table(out, ctx, snap, cw);
	status_table(out, ctx, snap, cw);
	report_latency_text(out, ctx, snap);
	text_flagged_write(out, ctx, snap);
	text_top_write(out, ctx, snap);
	text_timeline_write(out, ctx, snap);
}
