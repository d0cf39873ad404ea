/* text_detail.c: the text report's later sections: flagged codes with
 * their vendor meanings, top paths and clients of the codes worth a look,
 * and the timeline. Apart from text.c to keep each file about one screen
 * of layout; the same 80-column and escaping rules hold here. */
#include <inttypes.h>
#include <string.h>
#include "statusmon/escape.h"
#include "report_impl.h"
#include "text_impl.h"

#define MEANING_MAX 2048

/* Appends src escaped to buf (MEANING_MAX), cutting at a unit boundary. */
static void meaning_add(char *buf, const char *src)
{
	size_t len = strlen(buf);

	escape_terminal(buf + len, MEANING_MAX - len, src, strlen(src));
}

/* "nginx: Client Closed Request; Esri: Token Required", or the reason a
 * code is flagged without one. */
static void meaning_text(char *buf, const struct snapshot_status *st)
{
	const struct status_info *info = st->info;
	size_t i;

	buf[0] = '\0';
	if (report_status_kind(st) == KIND_INVALID) {
		meaning_add(buf, "not a valid HTTP status (three digits, 100-599)");
		return;
	}
	if (!info || info->n_vendors == 0) {
		meaning_add(buf, "not in the IANA registry and no known vendor use");
		return;
	}
	for (i = 0; i < info->n_vendors; i++) {
		if (i > 0)
			meaning_add(buf, "; ");
		meaning_add(buf, info->vendors[i].vendor ? info->vendors[i].vendor : "?");
		meaning_add(buf, ": ");
		meaning_add(buf, info->vendors[i].reason ? info->vendors[i].reason : "");
	}
}

void text_flagged_write(FILE *out, const struct report_context *ctx,
                        const struct snapshot *snap)
{
	uint64_t counted = snapshot_counted(snap);
	char label[TEXT_FIT_MAX], meaning[MEANING_MAX], pct[REPORT_PERCENT_MAX];
	const struct snapshot_status *st;
	bool any = false;
	size_t i;

	for (i = 0; i < snap->n_statuses; i++) {
		st = &snap->statuses[i];
		if (!report_status_flagged(st))
			continue;
		if (!any)
			text_heading(out, ctx, "Flagged codes (not plain IANA codes)");
		any = true;
		text_status_label(label, st, 20);
		fprintf(out, "  %c ", report_status_kind(st) == KIND_VENDOR ? 'V' :
		        report_status_kind(st) == KIND_UNASSIGNED ? 'U' : '!');
		text_sgr(out, ctx, SGR_MAGENTA);
		fputs(label, out);
		text_sgr_off(out, ctx);
		report_percent_str(pct, st->count, counted);
		fprintf(out, "  %" PRIu64 " line%s, %s%%\n", st->count,
		        st->count == 1 ? "" : "s", pct);
		meaning_text(meaning, st);
		fputs("      ", out);
		text_wrap(out, meaning, 6, 6);
	}
}

static bool top_worth(const struct snapshot_status *st)
{
	enum status_class cls = report_status_class(st);

	if (st->n_paths == 0 && st->n_clients == 0)
		return false;
	return cls == CLASS_4XX || cls == CLASS_5XX || report_status_flagged(st);
}

/* "      ~120  /.env": count right-aligned, "~" when estimated. */
static void top_list(FILE *out, const struct report_context *ctx, const char *title,
                     const struct snapshot_item *items, size_t n)
{
	char key[TEXT_FIT_MAX], num[32];
	size_t i, cw = 1, d;

	n = report_top_count(ctx, n);
	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		d = text_digits(items[i].count) + 1;
		if (d > cw)
			cw = d;
	}
	fprintf(out, "    %s\n", title);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%s%" PRIu64, items[i].error > 0 ? "~" : "",
		         items[i].count);
		text_fit(key, items[i].key, items[i].key_len < sizeof items[i].key ?
		         items[i].key_len : sizeof items[i].key,
		         TEXT_COLS - 6 - cw - 2, items[i].key_truncated);
		fprintf(out, "      %*s  %s\n", (int)cw, num, key);
	}
}

void text_top_write(FILE *out, const struct report_context *ctx,
                    const struct snapshot *snap)
{
	char label[TEXT_FIT_MAX], reason[TEXT_FIT_MAX], tail[48];
	const struct snapshot_status *st;
	const char *r;
	bool any = false;
	size_t i, w;

	for (i = 0; i < snap->n_statuses; i++) {
		st = &snap->statuses[i];
		if (!top_worth(st))
			continue;
		if (!any)
			text_heading(out, ctx, "Top paths and clients (4xx, 5xx, flagged; ~ = estimate)");
		any = true;
		w = text_status_label(label, st, 20);
		snprintf(tail, sizeof tail, ": %" PRIu64 " line%s", st->count,
		         st->count == 1 ? "" : "s");
		r = report_status_reason(st);
		text_fit(reason, r, strlen(r), TEXT_COLS - 2 - w - 1 - strlen(tail), false);
		fprintf(out, "  %s%s%s%s\n", label, *reason ? " " : "", reason, tail);
		top_list(out, ctx, "paths", st->paths, st->n_paths);
		top_list(out, ctx, "clients", st->clients, st->n_clients);
	}
}

struct timeline_layout {
	bool show[CLASS_COUNT];  /* classes with any count get a column */
	int time_cols;           /* 16 ("YYYY-MM-DD HH:MM") or 19 (+":SS") */
	int cw;                  /* width of each count column */
	size_t bar;              /* width of the total bar, 0 = none */
	uint64_t max_total;
};

static void timeline_layout(const struct snapshot *snap, struct timeline_layout *lay)
{
	size_t i, fixed, ncls = 0;
	int c;

	memset(lay, 0, sizeof *lay);
	lay->time_cols = snap->bucket_seconds % 60 == 0 ? 16 : 19;
	for (i = 0; i < snap->n_buckets; i++) {
		const struct snapshot_bucket *b = &snap->buckets[i];

		if (report_bucket_total(b) > lay->max_total)
			lay->max_total = report_bucket_total(b);
		if (b->start % 60 != 0)
			lay->time_cols = 19;
		for (c = 0; c < CLASS_COUNT; c++)
			if (b->by_class[c] > 0 && !lay->show[c]) {
				lay->show[c] = true;
				ncls++;
			}
	}
	lay->cw = (int)text_digits(lay->max_total);
	if (lay->cw < 5)
		lay->cw = 5;
	fixed = 2 + (size_t)lay->time_cols + (1 + ncls) * (2 + (size_t)lay->cw);
	if (fixed + 2 > TEXT_COLS) {        /* huge counts: totals only */
		memset(lay->show, 0, sizeof lay->show);
		fixed = 2 + (size_t)lay->time_cols + 2 + (size_t)lay->cw;
	}
	if (fixed + 2 + 5 <= TEXT_COLS)
		lay->bar = TEXT_COLS - fixed - 2;
}

static void timeline_header(FILE *out, const struct report_context *ctx,
                            const struct snapshot *snap, const struct timeline_layout *lay)
{
	char title[96], dur[32];
	int c;

	text_duration(dur, sizeof dur, snap->bucket_seconds);
	snprintf(title, sizeof title, "Timeline (UTC, %s buckets, %zu rows)", dur, snap->n_buckets);
	text_heading(out, ctx, title);
	fprintf(out, "  %-*s  %*s", lay->time_cols, "Start", lay->cw, "Total");
	for (c = 0; c < CLASS_COUNT; c++)
		if (lay->show[c])
			fprintf(out, "  %*s", lay->cw, c == CLASS_INVALID ? "inv" :
			        status_class_name((enum status_class)c));
	fputc('\n', out);
}

void text_timeline_write(FILE *out, const struct report_context *ctx,
                         const struct snapshot *snap)
{
	struct timeline_layout lay;
	char when[REPORT_TIME_MAX];
	size_t i;
	int c;

	if (snap->n_buckets == 0 || !snap->buckets || snap->bucket_seconds <= 0)
		return;
	timeline_layout(snap, &lay);
	timeline_header(out, ctx, snap, &lay);
	for (i = 0; i < snap->n_buckets; i++) {
		const struct snapshot_bucket *b = &snap->buckets[i];

		if (report_time_iso(when, b->start)) {
			when[10] = ' ';
			when[lay.time_cols] = '\0';
		}
		fprintf(out, "  %-*s  %*" PRIu64, lay.time_cols, when, lay.cw, report_bucket_total(b));
		for (c = 0; c < CLASS_COUNT; c++)
			if (lay.show[c])
				fprintf(out, "  %*" PRIu64, lay.cw, b->by_class[c]);
		if (lay.bar > 0)
			text_bar(out, report_bucket_total(b), lay.max_total, lay.bar);
		fputc('\n', out);
	}
}
