/* view_classes.c: the class panel, one row per status class (1xx..5xx,
 * invalid) with its count in the window, share, rate and a bar of that
 * share. The first thing an operator reads: "how much is failing". */
#include <stdio.h>
#include "tui_impl.h"

#define CLASS_LABEL_W 8
#define CLASS_FIXED_W (1 + CLASS_LABEL_W + 10 + 8 + 10 + 2)

static void classes_row(const struct tui *t, int y, struct rect r,
                        enum status_class c, uint64_t total)
{
	const struct snapshot *s = t->snap;
	char count[32], rate[32], pct[32];
	uint64_t n = s->window_by_class[c];
	double share = total ? (double)n / (double)total : 0;
	attr_t a = draw_class_attr(t, c);

	draw_fmt_count(count, sizeof(count), n);
	draw_fmt_rate(rate, sizeof(rate), s->window_rate * share);
	snprintf(pct, sizeof(pct), "%.1f%%", 100 * share);
	attron(a);
	draw_textf(y, r.x + 1, CLASS_LABEL_W, "%s", status_class_name(c));
	attroff(a);
	draw_textf(y, r.x + 1 + CLASS_LABEL_W, r.w - 1 - CLASS_LABEL_W,
	           "%10s%8s%10s", count, pct, rate);
	attron(a);
	draw_hbar(t, y, r.x + CLASS_FIXED_W, r.w - CLASS_FIXED_W - 1, share);
	attroff(a);
}

void view_classes(const struct tui *t, struct rect r)
{
	uint64_t total = 0;
	int c;

	if (r.h < 2)
		return;
	attron(A_BOLD);
	draw_textf(r.y, r.x + 1, r.w - 1, "%-*s%10s%8s%10s  share (window %s)",
	           CLASS_LABEL_W, "CLASS", "COUNT", "%", "RATE/s",
	           tui_window_name(t->window_idx));
	attroff(A_BOLD);
	if (!t->snap)
		return;
	for (c = 0; c < CLASS_COUNT; c++)
		total += t->snap->window_by_class[c];
	for (c = 0; c < CLASS_COUNT && c + 1 < r.h; c++)
		classes_row(t, r.y + 1 + c, r, (enum status_class)c, total);
}
