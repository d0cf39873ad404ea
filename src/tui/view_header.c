/* view_header.c: the two header lines: what is read (sources, why: the
 * default log), format, the state (live / PAUSED / input ended), elapsed
 * time, then the running numbers (lines, lines/s over the last seconds,
 * error rate, malformed), the window, the "/" view and since when it
 * counts, and what is wrong right now (a follow fault while it lasts, else
 * the last input error). Sources and the filter come from outside and are
 * escaped. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "tui_impl.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *header_state(const struct tui *t)
{
	if (t->paused)
		return "PAUSED";
	return t->info.ended ? "input ended" : "live";
}

/* 4xx+5xx share of the statuses counted in the window, in percent. */
static double error_rate(const struct snapshot *s)
{
	uint64_t total = 0;
	int c;

	for (c = 0; c < CLASS_COUNT; c++)
		total += s->window_by_class[c];
	if (total == 0)
		return 0;
	return 100.0 * (double)(s->window_by_class[CLASS_4XX] +
	                        s->window_by_class[CLASS_5XX]) / (double)total;
}

static void header_title(const struct tui *t, struct rect r)
{
	const char *src = or_empty(t->info.sources), *fmt = or_empty(t->info.format_name);
	char right[64], elapsed[32];
	int x, rw;

	draw_fmt_duration(elapsed, sizeof(elapsed), t->info.elapsed);
	snprintf(right, sizeof(right), " %s  %s ", header_state(t), elapsed);
	rw = draw_width(right);
	attron(A_REVERSE);
	draw_fill(r.y, r.x, r.w, ' ');
	x = r.x + draw_text(r.y, r.x, " statusmon  ", r.w - rw);
	x += draw_log(r.y, x, src, strlen(src), r.w - rw - (x - r.x) - 1);
	if (t->info.note && t->info.note[0])
		x += draw_textf(r.y, x, r.w - rw - (x - r.x) - 1, " (%s)", t->info.note);
	x += draw_text(r.y, x, "  ", r.w - rw - (x - r.x));
	draw_log(r.y, x, fmt, strlen(fmt), r.w - rw - (x - r.x));
	attron(A_BOLD);
	draw_text(r.y, r.x + r.w - rw, right, rw);
	attroff(A_BOLD | A_REVERSE);
}

/* " since 14:02:31" (local time): when the "/" view started counting. */
static int header_since(const struct tui *t, int y, int x, int maxw)
{
	time_t since = (time_t)t->info.view_since;
	struct tm tm;
	char buf[16];

	if (t->info.view_since <= 0 || !localtime_r(&since, &tm) ||
	    strftime(buf, sizeof(buf), "%H:%M:%S", &tm) == 0)
		return 0;
	return draw_textf(y, x, maxw, " since %s", buf);
}

/* What is wrong now: a follow fault while it lasts, else the last input
 * error (both escaped by live). */
static void header_alert(const struct tui *t, int y, int x, int maxw)
{
	const char *what = t->info.fault[0] ? t->info.fault : t->info.last_error;

	if (!what[0])
		return;
	attron(A_BOLD);
	x += draw_text(y, x, t->info.fault[0] ? "  ! following: " : "  ! ", maxw);
	draw_text(y, x, what, maxw - draw_width(t->info.fault[0] ? "  ! following: " : "  ! "));
	attroff(A_BOLD);
}

static void header_numbers(const struct tui *t, struct rect r)
{
	char lines[32], rate[32], mal[32], err[32];
	int x = r.x, end = r.x + r.w;

	draw_fmt_count(lines, sizeof(lines), t->info.lines);
	draw_fmt_rate(rate, sizeof(rate), t->info.lines_per_second);
	draw_fmt_count(mal, sizeof(mal), t->info.malformed);
	if (t->snap)
		snprintf(err, sizeof(err), "%.1f%%", error_rate(t->snap));
	else
		snprintf(err, sizeof(err), "-");
	x += draw_textf(r.y, x, end - x, " lines %s  %s/s  errors %s  malformed %s",
	                lines, rate, err, mal);
	x += draw_textf(r.y, x, end - x, "  window %s",
	                tui_window_name(t->window_idx));
	if (t->info.path_filter[0] != '\0') {
		x += draw_text(r.y, x, "  filter ", end - x);
		attron(A_BOLD);
		x += draw_log(r.y, x, t->info.path_filter,
		              strnlen(t->info.path_filter, sizeof(t->info.path_filter)),
		              end - x);
		attroff(A_BOLD);
		x += header_since(t, r.y, x, end - x);
	}
	header_alert(t, r.y, x, end - x);
}

void view_header(const struct tui *t, struct rect r)
{
	if (r.h < 2)
		return;
	header_title(t, r);
	r.y++;
	header_numbers(t, r);
}
