/* draw.c: the small drawing helpers every view uses: text cut to a number
 * of columns (wide-character aware), the one door through which log bytes
 * reach the screen (draw_log -> escape_terminal), bars and histogram cells
 * in block characters or ASCII, colors per status class, and number
 * formats. Apart from the views so that each view is only layout. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700     /* wcwidth, wcswidth */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "statusmon/escape.h"
#include "tui_impl.h"

enum {
	PAIR_1XX = 1, PAIR_2XX, PAIR_3XX, PAIR_4XX, PAIR_5XX, PAIR_FLAG,
};

/* Horizontal eighths (left-aligned) and vertical eighths (bottom-aligned). */
static const wchar_t hbar_utf8[9] = {
	L' ', 0x258F, 0x258E, 0x258D, 0x258C, 0x258B, 0x258A, 0x2589, 0x2588,
};
static const wchar_t vbar_utf8[9] = {
	L' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588,
};
static const char vbar_ascii[9] = " .,:-=+*#";

void draw_colors_init(struct tui *t)
{
	if (!t->color || !has_colors() || start_color() == ERR) {
		t->color = false;
		return;
	}
	use_default_colors();
	init_pair(PAIR_1XX, COLOR_BLUE, -1);
	init_pair(PAIR_2XX, COLOR_GREEN, -1);
	init_pair(PAIR_3XX, COLOR_CYAN, -1);
	init_pair(PAIR_4XX, COLOR_YELLOW, -1);
	init_pair(PAIR_5XX, COLOR_RED, -1);
	init_pair(PAIR_FLAG, COLOR_MAGENTA, -1);
}

attr_t draw_class_attr(const struct tui *t, enum status_class cls)
{
	static const short pairs[CLASS_COUNT] = {
		PAIR_1XX, PAIR_2XX, PAIR_3XX, PAIR_4XX, PAIR_5XX, PAIR_FLAG,
	};

	if (!t->color)
		return cls == CLASS_5XX || cls == CLASS_INVALID ? A_BOLD : A_NORMAL;
	if ((unsigned)cls >= CLASS_COUNT)
		return A_NORMAL;
	return COLOR_PAIR(pairs[cls]) | (cls == CLASS_5XX ? A_BOLD : A_NORMAL);
}

/* Flagged codes (vendor, unassigned, invalid) stand out in every mode. */
attr_t draw_status_attr(const struct tui *t, const struct status_info *info)
{
	if (!info)
		return A_NORMAL;
	if (info->kind != KIND_REGISTERED)
		return t->color ? (COLOR_PAIR(PAIR_FLAG) | A_BOLD) : A_BOLD;
	return draw_class_attr(t, info->cls);
}

char draw_marker(const struct status_info *info)
{
	if (!info)
		return ' ';
	switch (info->kind) {
	case KIND_VENDOR: return 'V';
	case KIND_UNASSIGNED: return 'U';
	case KIND_INVALID: return '!';
	default: return ' ';
	}
}

/* Draws UTF-8 text s[0..n) cut to maxw columns; *done gets the bytes
 * drawn. Anything not printable (which escaped text never holds) is drawn
 * as '?', so this cannot emit a control byte either. */
static int draw_span(int y, int x, const char *s, size_t n, int maxw, size_t *done)
{
	mbstate_t st;
	size_t k, off = 0;
	int used = 0, w;
	wchar_t wc;

	*done = 0;
	if (maxw <= 0 || move(y, x) == ERR)
		return 0;
	memset(&st, 0, sizeof(st));
	while (off < n) {
		k = mbrtowc(&wc, s + off, n - off, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			wc = L'?';
			k = 1;
		}
		w = wcwidth(wc);
		if (w < 0) {
			wc = L'?';
			w = 1;
		}
		if (used + w > maxw)
			break;
		addnwstr(&wc, 1);
		used += w;
		off += k;
	}
	*done = off;
	return used;
}

int draw_text(int y, int x, const char *s, int maxw)
{
	size_t done;

	return draw_span(y, x, s, strlen(s), maxw, &done);
}

int draw_log(int y, int x, const char *s, size_t n, int maxw)
{
	char buf[4 * SNAPSHOT_KEY_MAX * 2 + 1];

	escape_terminal(buf, sizeof(buf), s, n);
	return draw_text(y, x, buf, maxw);
}

/* Log bytes escaped, then wrapped over at most max_rows rows of w columns.
 * Returns the rows used. */
int draw_log_wrapped(int y, int x, const char *s, size_t n, int w, int max_rows)
{
	char buf[4 * SNAPSHOT_KEY_MAX * 2 + 1];
	size_t len = escape_terminal(buf, sizeof(buf), s, n), off = 0, done;
	int rows = 0;

	while (rows < max_rows && (off < len || rows == 0)) {
		draw_span(y + rows, x, buf + off, len - off, w, &done);
		rows++;
		if (done == 0)
			break;
		off += done;
	}
	return rows;
}

int draw_textf(int y, int x, int maxw, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return draw_text(y, x, buf, maxw);
}

int draw_width(const char *s)
{
	wchar_t wbuf[512];
	size_t n = mbstowcs(wbuf, s, 511);
	int w;

	if (n == (size_t)-1)
		return (int)strlen(s);
	wbuf[n] = L'\0';
	w = wcswidth(wbuf, n);
	return w < 0 ? (int)n : w;
}

void draw_fill(int y, int x, int w, chtype ch)
{
	if (w > 0)
		mvhline(y, x, ch, w);
}

/* A bar of w columns filled to frac (0..1), in eighths when UTF-8. */
void draw_hbar(const struct tui *t, int y, int x, int w, double frac)
{
	int eighths, i;

	if (w <= 0)
		return;
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	eighths = (int)(frac * w * 8 + 0.5);
	if (eighths == 0 && frac > 0)
		eighths = 1;                 /* something seen: show it */
	move(y, x);
	for (i = 0; i < w && eighths > 0; i++, eighths -= 8) {
		int e = eighths >= 8 ? 8 : eighths;

		if (t->ascii)
			addch(e >= 4 ? '#' : (e > 0 ? '-' : ' '));
		else
			addnwstr(&hbar_utf8[e], 1);
	}
}

/* One histogram cell filled from the bottom to eighths (0..8). */
void draw_vcell(const struct tui *t, int y, int x, int eighths)
{
	if (eighths < 0)
		eighths = 0;
	if (eighths > 8)
		eighths = 8;
	if (t->ascii)
		mvaddch(y, x, (chtype)(unsigned char)vbar_ascii[eighths]);
	else
		mvaddnwstr(y, x, &vbar_utf8[eighths], 1);
}

/* Exact below 10 million, then k/M/G/T with one decimal. */
void draw_fmt_count(char *buf, size_t cap, uint64_t v)
{
	static const char units[] = "kMGTPE";
	double d = (double)v / 1000;
	int u = 0;

	if (v < 10000000) {
		snprintf(buf, cap, "%llu", (unsigned long long)v);
		return;
	}
	while (d >= 1000 && u < 5) {
		d /= 1000;
		u++;
	}
	snprintf(buf, cap, "%.1f%c", d, units[u]);
}

void draw_fmt_rate(char *buf, size_t cap, double v)
{
	if (v < 0)
		v = 0;
	if (v < 1000)
		snprintf(buf, cap, "%.1f", v);
	else if (v < 1e6)
		snprintf(buf, cap, "%.1fk", v / 1e3);
	else
		snprintf(buf, cap, "%.1fM", v / 1e6);
}

void draw_fmt_duration(char *buf, size_t cap, double seconds)
{
	unsigned long long s = seconds > 0 ? (unsigned long long)seconds : 0;

	if (s >= 86400)
		snprintf(buf, cap, "%llud%02llu:%02llu:%02llu", s / 86400,
		         s / 3600 % 24, s / 60 % 60, s % 60);
	else
		snprintf(buf, cap, "%02llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
}

/* "499", or the escaped raw field for an invalid status ("-", "2000..."). */
void draw_fmt_code(char *buf, size_t cap, const struct snapshot_status *s)
{
	if (s->code >= 0) {
		snprintf(buf, cap, "%03d", s->code);
		return;
	}
	if (s->raw_len == 0) {
		snprintf(buf, cap, "(none)");
		return;
	}
	escape_terminal(buf, cap, s->raw,
	                s->raw_len < sizeof(s->raw) ? s->raw_len : sizeof(s->raw));
}
