/* view_codes.c: the status panel, one selectable row per code seen: code,
 * flag marker (V vendor, U unassigned, ! invalid), reason cut to fit,
 * count and share in the window, rate, then (when the log has request
 * durations) p50 and p99 in the same window, headed "p50 5m" so the window
 * shows, and a bar scaled to the busiest code. Scrolls to keep the
 * selected row visible. */
#include <stdio.h>
#include <string.h>
#include "statusmon/escape.h"
#include "tui_impl.h"

#define CODE_W 6
#define MARK_W 2
#define NUMS_W (10 + 8 + 10 + 2)
#define LAT_W 9          /* one quantile column: "  123.4ms" */
#define BAR_MIN_W 10
#define REASON_MIN_W 12
#define REASON_MAX_W 40

struct codes_cols {
	int code, mark, reason, reason_w, nums, lat, lat_w, bar, bar_w;
	uint64_t total, max;
};

static void codes_cols(const struct tui *t, struct rect r, struct codes_cols *k)
{
	size_t i;
	int rest;

	k->code = r.x + 1;
	k->mark = k->code + CODE_W;
	k->reason = k->mark + MARK_W;
	k->lat_w = view_latency_columns(t) ? 2 * LAT_W + 1 : 0;
	rest = r.w - (k->reason - r.x) - NUMS_W - k->lat_w - 1;
	k->reason_w = rest - BAR_MIN_W;
	if (k->reason_w > REASON_MAX_W)
		k->reason_w = REASON_MAX_W;
	if (k->reason_w < REASON_MIN_W)
		k->reason_w = REASON_MIN_W;
	k->nums = k->reason + k->reason_w;
	k->lat = k->nums + NUMS_W;
	k->bar = k->lat + k->lat_w;
	k->bar_w = r.x + r.w - 1 - k->bar;
	k->total = 0;
	k->max = 0;
	for (i = 0; i < tui_model_rows(t); i++) {
		uint64_t n = t->order[i]->window_count;

		k->total += n;
		if (n > k->max)
			k->max = n;
	}
}

/* "Client Closed Request (nginx)", "(unassigned)", "invalid status: -".
 * Escaped here: the raw status of an invalid code comes from the log, and
 * reasons may come from a user's --registry / --vendor-codes file. */
static void codes_reason(const struct snapshot_status *s, char *buf, size_t cap)
{
	const struct status_info *info = s->info;
	const char *reason;
	char a[256], b[128];

	if (!info || info->kind == KIND_INVALID) {
		draw_fmt_code(a, sizeof(a), s);
		snprintf(buf, cap, "invalid status: %s", a);
		return;
	}
	if (info->kind == KIND_UNASSIGNED) {
		snprintf(buf, cap, "(unassigned)");
		return;
	}
	reason = info->reason ? info->reason : "";
	escape_terminal(a, sizeof(a), reason, strlen(reason));
	if (info->kind == KIND_VENDOR && info->n_vendors > 0 && info->vendors[0].vendor) {
		escape_terminal(b, sizeof(b), info->vendors[0].vendor,
		                strlen(info->vendors[0].vendor));
		snprintf(buf, cap, "%s (%s%s)", a, b, info->n_vendors > 1 ? ", ..." : "");
	} else {
		snprintf(buf, cap, "%s", a);
	}
}

static void codes_row(const struct tui *t, int y, const struct codes_cols *k,
                      const struct snapshot_status *s, bool selected, int w)
{
	char code[64], reason[512], count[32], pct[32], rate[32], mark[2];
	attr_t sa = draw_status_attr(t, s->info);
	attr_t base = selected ? A_REVERSE : A_NORMAL;

	draw_fmt_code(code, sizeof(code), s);
	codes_reason(s, reason, sizeof(reason));
	draw_fmt_count(count, sizeof(count), s->window_count);
	draw_fmt_rate(rate, sizeof(rate), s->rate);
	snprintf(pct, sizeof(pct), "%.1f%%",
	         k->total ? 100.0 * (double)s->window_count / (double)k->total : 0);
	mark[0] = draw_marker(s->info);
	mark[1] = '\0';
	attrset(base);
	if (selected)
		draw_fill(y, 0, w, ' ');
	attrset(base | sa);
	draw_text(y, k->code, draw_width(code) < CODE_W ? code : "inv", CODE_W - 1);
	draw_text(y, k->mark, mark, 1);
	attrset(base);
	draw_text(y, k->reason, reason, k->reason_w - 1);
	draw_textf(y, k->nums, NUMS_W, "%10s%8s%10s", count, pct, rate);
	if (k->lat_w) {
		const struct latency *h = view_latency_of(t, s);
		char p50[24], p99[24];

		view_latency_fmt(p50, sizeof p50, h, 0.5);
		view_latency_fmt(p99, sizeof p99, h, 0.99);
		draw_textf(y, k->lat, k->lat_w, "%*s%*s", LAT_W, p50, LAT_W, p99);
	}
	attrset(base | draw_class_attr(t, s->info ? s->info->cls : CLASS_INVALID));
	draw_hbar(t, y, k->bar, k->bar_w,
	          k->max ? (double)s->window_count / (double)k->max : 0);
	attrset(A_NORMAL);
}

static void codes_title(const struct tui *t, struct rect r, const struct codes_cols *k)
{
	size_t n = tui_model_rows(t);

	attron(A_BOLD);
	draw_fill(r.y, r.x, r.w, ' ');
	draw_text(r.y, k->code, "CODE", CODE_W);
	if (n > 0)
		draw_textf(r.y, k->reason, k->reason_w - 1, "REASON   %zu/%zu by %s",
		           t->sel + 1, n, tui_sort_name(t->sort));
	else
		draw_text(r.y, k->reason, "REASON", k->reason_w - 1);
	draw_textf(r.y, k->nums, NUMS_W, "%10s%8s%10s", "COUNT", "%", "RATE/s");
	if (k->lat_w) {
		char p50[16], p99[16];

		snprintf(p50, sizeof p50, "p50 %s", view_latency_window(t));
		snprintf(p99, sizeof p99, "p99 %s", view_latency_window(t));
		draw_textf(r.y, k->lat, k->lat_w, "%*s%*s", LAT_W, p50, LAT_W, p99);
	}
	attroff(A_BOLD);
}

/* Keeps the selected row inside the visible rows. */
static void codes_scroll(struct tui *t, int rows)
{
	size_t n = tui_model_rows(t);

	if (rows < 1)
		rows = 1;
	if (t->sel < t->codes_top)
		t->codes_top = t->sel;
	if (t->sel >= t->codes_top + (size_t)rows)
		t->codes_top = t->sel - (size_t)rows + 1;
	if (n <= (size_t)rows)
		t->codes_top = 0;
	else if (t->codes_top > n - (size_t)rows)
		t->codes_top = n - (size_t)rows;
}

void view_codes(struct tui *t, struct rect r)
{
	struct codes_cols k;
	size_t i, n = tui_model_rows(t);
	int row;

	if (r.h < 2)
		return;
	t->codes_rows = r.h - 1;
	codes_cols(t, r, &k);
	codes_title(t, r, &k);
	if (n == 0) {
		draw_text(r.y + 1, r.x + 1, t->info.ended ? "no status counted" :
		          "waiting for log lines...", r.w - 2);
		return;
	}
	codes_scroll(t, t->codes_rows);
	for (row = 0, i = t->codes_top; row < t->codes_rows && i < n; row++, i++)
		codes_row(t, r.y + 1 + row, &k, t->order[i], i == t->sel, r.w);
}
