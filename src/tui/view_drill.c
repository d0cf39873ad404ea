/* view_drill.c: the drill-down into one status code: what the code means
 * (IANA or vendor meanings), its numbers, its top paths and top clients,
 * and the last raw lines that had it. Everything from the log is drawn
 * through draw_log (escaped); the recent lines scroll with the arrows. */
#include <stdio.h>
#include <string.h>
#include "tui_impl.h"

#define COUNT_W 10
#define MAX_MEANINGS 3
#define LINE_ROWS 3          /* a long recent line wraps over this many */

static int drill_title(const struct tui *t, struct rect r,
                       const struct snapshot_status *s)
{
	const struct status_info *info = s->info;
	char code[64], count[32], all[32], rate[32], pct[32];
	uint64_t total = 0;
	int c, x;

	for (c = 0; c < CLASS_COUNT; c++)
		total += t->snap->window_by_class[c];
	draw_fmt_code(code, sizeof(code), s);
	draw_fmt_count(count, sizeof(count), s->window_count);
	draw_fmt_count(all, sizeof(all), s->count);
	draw_fmt_rate(rate, sizeof(rate), s->rate);
	snprintf(pct, sizeof(pct), "%.1f%%",
	         total ? 100.0 * (double)s->window_count / (double)total : 0);
	attron(A_BOLD | draw_status_attr(t, info));
	x = r.x + 1 + draw_textf(r.y, r.x + 1, r.w - 2, "%s %c ", code, draw_marker(info));
	if (info && info->reason && info->kind != KIND_INVALID && info->kind != KIND_UNASSIGNED)
		draw_log(r.y, x, info->reason, strlen(info->reason), r.x + r.w - x);
	attroff(A_BOLD | draw_status_attr(t, info));
	draw_textf(r.y + 1, r.x + 1, r.w - 2,
	           "window %s: %s (%s)   since start: %s   rate %s/s   %s, %s",
	           tui_window_name(t->window_idx), count, pct, all, rate,
	           status_class_name(info ? info->cls : CLASS_INVALID),
	           status_kind_name(info ? info->kind : KIND_INVALID));
	return 2;
}

/* IANA reference or vendor meanings, one row each. Returns rows used. */
static int drill_meanings(const struct status_info *info, struct rect r)
{
	char buf[512];
	size_t i;
	int row = 0;

	if (!info)
		return 0;
	if (info->kind == KIND_REGISTERED && info->reference && info->reference[0]) {
		snprintf(buf, sizeof(buf), "IANA: %s %s", info->reason, info->reference);
		draw_log(r.y, r.x + 1, buf, strlen(buf), r.w - 2);
		return 1;
	}
	for (i = 0; i < info->n_vendors && row < MAX_MEANINGS && row < r.h; i++, row++) {
		const struct vendor_meaning *v = &info->vendors[i];

		snprintf(buf, sizeof(buf), "%s: %s  %s", v->vendor, v->reason,
		         v->source ? v->source : "");
		draw_log(r.y + row, r.x + 1, buf, strlen(buf), r.w - 2);
	}
	if (info->kind == KIND_UNASSIGNED && row < r.h)
		draw_text(r.y + row++, r.x + 1, "Not assigned by IANA and no known vendor meaning.", r.w - 2);
	return row;
}

/* A "top" list: title, then count + key per row, inside r. */
static void drill_list(const char *title, const struct snapshot_item *items,
                       size_t n, struct rect r)
{
	char count[32];
	size_t i;
	int row;

	attron(A_BOLD);
	draw_text(r.y, r.x + 1, title, r.w - 1);
	attroff(A_BOLD);
	if (n == 0 && r.h > 1)
		draw_text(r.y + 1, r.x + 1, "(none)", r.w - 1);
	for (i = 0, row = 1; i < n && row < r.h; i++, row++) {
		const struct snapshot_item *it = &items[i];
		int x;

		draw_fmt_count(count, sizeof(count), it->count);
		draw_textf(r.y + row, r.x + 1, COUNT_W, "%s%*s", it->error ? "~" : "",
		           COUNT_W - 1 - (it->error ? 1 : 0), count);
		x = r.x + 1 + COUNT_W + 1;
		x += draw_log(r.y + row, x, it->key, it->key_len, r.x + r.w - x - 1);
		if (it->key_truncated)
			draw_text(r.y + row, x, "...", r.x + r.w - x);
	}
}

static void drill_recent(struct tui *t, const struct snapshot_status *s, struct rect r)
{
	size_t i;
	int row;

	t->drill_rows = r.h - 1;
	if (s->n_recent <= (size_t)t->drill_rows)
		t->drill_scroll = 0;
	else if (t->drill_scroll > s->n_recent - (size_t)t->drill_rows)
		t->drill_scroll = s->n_recent - (size_t)t->drill_rows;   /* last page full */
	attron(A_BOLD);
	draw_textf(r.y, r.x + 1, r.w - 1, "LAST LINES WITH THIS STATUS (newest first, %zu)",
	           s->n_recent);
	attroff(A_BOLD);
	for (i = t->drill_scroll, row = 1; i < s->n_recent && row < r.h; i++) {
		const struct snapshot_line *l = &s->recent[i];
		int max = r.h - row < LINE_ROWS ? r.h - row : LINE_ROWS;

		mvaddch(r.y + row, r.x + 1, '>');   /* where each line starts */
		row += draw_log_wrapped(r.y + row, r.x + 3, l->text, l->len, r.w - 4, max);
	}
}

static void drill_lists(const struct snapshot_status *s, struct rect r)
{
	struct rect a = r, b = r;

	if (r.w >= 80) {                 /* side by side */
		a.w = r.w / 2;
		b.x = r.x + a.w;
		b.w = r.w - a.w;
	} else {                         /* stacked */
		a.h = r.h / 2;
		b.y = r.y + a.h;
		b.h = r.h - a.h;
	}
	drill_list("TOP PATHS", s->paths, s->n_paths, a);
	drill_list("TOP CLIENTS", s->clients, s->n_clients, b);
}

void view_drill(struct tui *t, struct rect r)
{
	const struct snapshot_status *s = t->snap ? tui_model_drilled(t) : NULL;
	struct rect lists, recent;
	size_t most;
	int y, lists_h;

	if (!s) {
		draw_text(r.y + 1, r.x + 1, "This status is not counted any more "
		          "(reset, filter or window). Esc goes back.", r.w - 2);
		return;
	}
	y = r.y + drill_title(t, r, s);
	y += drill_meanings(s->info, (struct rect){ y, r.x, MAX_MEANINGS, r.w });
	y += view_latency_drill(s, (struct rect){ y, r.x, 3, r.w });
	y++;
	most = s->n_paths > s->n_clients ? s->n_paths : s->n_clients;
	lists_h = 1 + (int)(most ? most : 1);
	if (r.w < 80)
		lists_h *= 2;
	if (lists_h > (r.y + r.h - y) / 2)
		lists_h = (r.y + r.h - y) / 2;
	lists = (struct rect){ y, r.x, lists_h, r.w };
	drill_lists(s, lists);
	y += lists_h + 1;
	recent = (struct rect){ y, r.x, r.y + r.h - y, r.w };
	if (recent.h >= 2)
		drill_recent(t, s, recent);
}
