/* view_timeline.c: the timeline, one histogram band per status class over
 * the last buckets (as many as the width allows), each band scaled to its
 * own peak (shown at the right) so a small 5xx burst is visible next to a
 * large 2xx flow. Block characters in UTF-8, an ASCII ramp otherwise. */
#include <stdio.h>
#include <time.h>
#include "tui_impl.h"

#define LEFT_W 4

/* Which classes get a band: 2xx..5xx always, 1xx and invalid when seen,
 * dropped first when rows are short (lowest priority first). */
static int timeline_classes(const struct snapshot *s, size_t first, int rows,
                            bool shown[CLASS_COUNT])
{
	static const enum status_class drop_order[] = {
		CLASS_1XX, CLASS_INVALID, CLASS_3XX, CLASS_2XX, CLASS_4XX, CLASS_5XX,
	};
	int c, n = 0;
	size_t i, d;

	for (c = 0; c < CLASS_COUNT; c++) {
		shown[c] = c >= CLASS_2XX && c <= CLASS_5XX;
		for (i = first; i < s->n_buckets && !shown[c]; i++)
			shown[c] = s->buckets[i].by_class[c] > 0;
		n += shown[c];
	}
	for (d = 0; d < sizeof(drop_order) / sizeof(drop_order[0]) && n > rows; d++) {
		if (shown[drop_order[d]]) {
			shown[drop_order[d]] = false;
			n--;
		}
	}
	return n;
}

static void fmt_bucket(char *buf, size_t cap, long long sec)
{
	if (sec % 86400 == 0)
		snprintf(buf, cap, "%lldd", sec / 86400);
	else if (sec % 3600 == 0)
		snprintf(buf, cap, "%lldh", sec / 3600);
	else if (sec % 60 == 0)
		snprintf(buf, cap, "%lldm", sec / 60);
	else
		snprintf(buf, cap, "%llds", sec);
}

/* A timeline over more than a day labels dates too. */
static void fmt_clock(char *buf, size_t cap, long long sec, bool with_date)
{
	time_t tt = (time_t)sec;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    strftime(buf, cap, with_date ? "%Y-%m-%d %H:%M" : "%H:%M:%S", &tm) == 0)
		snprintf(buf, cap, "?");
}

/* Eighths of a band of h rows for v out of peak, rounded up so that any
 * count shows. */
static int cell_level(uint64_t v, uint64_t peak, int h)
{
	double x = peak ? (double)v / (double)peak * h * 8 : 0;
	int level = (int)x;

	return level < x ? level + 1 : level;
}

static void timeline_band(const struct tui *t, struct rect r, size_t first,
                          enum status_class c)
{
	const struct snapshot *s = t->snap;
	uint64_t peak = 0, v;
	size_t i;
	int row, col, level, cells = r.w - TIMELINE_LABEL_W;
	char buf[32];

	for (i = first; i < s->n_buckets; i++)
		if (s->buckets[i].by_class[c] > peak)
			peak = s->buckets[i].by_class[c];
	attron(draw_class_attr(t, c));
	draw_text(r.y + r.h - 1, r.x, status_class_name(c), LEFT_W - 1);
	for (i = first, col = 0; i < s->n_buckets && col < cells; i++, col++) {
		v = s->buckets[i].by_class[c];
		level = cell_level(v, peak, r.h);
		for (row = 0; row < r.h; row++)
			draw_vcell(t, r.y + r.h - 1 - row, r.x + LEFT_W + col,
			           level - row * 8);
	}
	attroff(draw_class_attr(t, c));
	draw_fmt_count(buf, sizeof(buf), peak);
	draw_textf(r.y + r.h - 1, r.x + r.w - (TIMELINE_LABEL_W - LEFT_W),
	           TIMELINE_LABEL_W - LEFT_W, "%6s", buf);
}

static void timeline_title(const struct tui *t, struct rect r, size_t first)
{
	const struct snapshot *s = t->snap;
	char bucket[32], from[32], to[32];
	bool with_date;

	attron(A_BOLD);
	draw_text(r.y, r.x + 1, "TIMELINE", r.w - 1);
	attroff(A_BOLD);
	if (s->n_buckets == 0 || first >= s->n_buckets) {
		draw_text(r.y, r.x + 11, "(no buckets yet)", r.w - 12);
		return;
	}
	fmt_bucket(bucket, sizeof(bucket), s->bucket_seconds > 0 ? s->bucket_seconds : 1);
	with_date = s->buckets[s->n_buckets - 1].start - s->buckets[first].start >= 86400;
	fmt_clock(from, sizeof(from), s->buckets[first].start, with_date);
	fmt_clock(to, sizeof(to), s->buckets[s->n_buckets - 1].start, with_date);
	draw_textf(r.y, r.x + 11, r.w - 12, "bucket %s  %s - %s UTC  peak per bucket at right",
	           bucket, from, to);
}

void view_timeline(const struct tui *t, struct rect r)
{
	const struct snapshot *s = t->snap;
	bool shown[CLASS_COUNT];
	size_t first = 0, cells;
	int c, n, band_h, y;

	if (r.h < 2 || r.w <= TIMELINE_LABEL_W || !s)
		return;
	cells = (size_t)(r.w - TIMELINE_LABEL_W);
	if (s->n_buckets > cells)
		first = s->n_buckets - cells;
	timeline_title(t, r, first);
	n = timeline_classes(s, first, r.h - 1, shown);
	if (n == 0)
		return;
	band_h = (r.h - 1) / n;
	for (c = 0, y = r.y + 1; c < CLASS_COUNT; c++) {
		struct rect band = { y, r.x, band_h, r.w };

		if (!shown[c])
			continue;
		timeline_band(t, band, first, (enum status_class)c);
		y += band_h;
	}
}
