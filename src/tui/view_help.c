/* view_help.c: what the person can do: the footer line (keys, a passing
 * message, or the path filter prompt with its cursor) and the ? overlay.
 * Kept together so the key list is written in one place. */
#include <stdio.h>
#include <string.h>
#include "tui_impl.h"

static const char *const help_lines[] = {
	"q            quit",
	"p, space     pause the display (input is still counted)",
	"w            window: all / 1m / 5m / 15m (by log time)",
	"s            sort: count / code / rate",
	"up/down j/k  select a status code (PgUp PgDn Home End)",
	"Enter        drill into it: top paths, clients, last lines",
	"Esc, left    back",
	"/            path filter (PCRE2); empty clears it",
	"r            reset the counters",
	"?            this help",
	"",
	"Markers: V vendor code  U unassigned  ! invalid status",
	"Counts, % and rates are for the window; bars scale to",
	"the busiest row.                    Any key closes.",
};

#define HELP_N (int)(sizeof(help_lines) / sizeof(help_lines[0]))

/* The prompt shows the end of what was typed, then leaves the cursor. */
static void footer_prompt(const struct tui *t, struct rect r)
{
	static const char label[] = "/ path filter (PCRE2, empty clears, Esc cancels): ";
	const char *p = t->prompt.buf;
	int x, room;

	x = r.x + draw_text(r.y, r.x, label, r.w - 10);
	room = r.x + r.w - x - 1;
	while (*p && draw_width(p) > room)
		p++;
	while (((unsigned char)*p & 0xC0) == 0x80)    /* never start inside a UTF-8 character */
		p++;
	x += draw_text(r.y, x, p, room);
	move(r.y, x);
	curs_set(1);
}

void view_footer(const struct tui *t, struct rect r)
{
	const char *keys;
	int x;

	if (r.h < 1)
		return;
	if (t->prompt.active) {
		footer_prompt(t, r);
		return;
	}
	attron(A_REVERSE);
	draw_fill(r.y, r.x, r.w, ' ');
	if (t->message[0] && tui_now_ms() < t->message_until) {
		attron(A_BOLD);
		draw_text(r.y, r.x + 1, t->message, r.w - 2);
		attroff(A_BOLD | A_REVERSE);
		return;
	}
	if (t->notice[0]) {          /* e.g. ssh reads this terminal too */
		attron(A_BOLD);
		x = r.x + 1 + draw_text(r.y, r.x + 1, "! ", r.w - 2);
		draw_text(r.y, x, t->notice, r.w - 1 - (x - r.x));
		attroff(A_BOLD | A_REVERSE);
		return;
	}
	if (t->view == VIEW_DRILL)
		keys = t->ascii ? "Esc/left:back  up/down:scroll  p:pause  w:window  r:reset  ?:help  q:quit"
		                : "Esc/\u2190:back  \u2191\u2193:scroll  p:pause  w:window  r:reset  ?:help  q:quit";
	else
		keys = t->ascii ? "q:quit p:pause w:window s:sort j/k:select Enter:drill /:filter r:reset ?:help"
		                : "q:quit p:pause w:window s:sort \u2191\u2193:select Enter:drill /:filter r:reset ?:help";
	draw_text(r.y, r.x + 1, keys, r.w - 2);
	attroff(A_REVERSE);
}

void view_help(const struct tui *t)
{
	int w = 62, h = HELP_N + 4, y0, x0, i;

	(void)t;
	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	y0 = (LINES - h) / 2;
	x0 = (COLS - w) / 2;
	for (i = 0; i < h; i++)
		draw_fill(y0 + i, x0, w, ' ');
	mvhline(y0, x0, ACS_HLINE, w);
	mvhline(y0 + h - 1, x0, ACS_HLINE, w);
	mvvline(y0, x0, ACS_VLINE, h);
	mvvline(y0, x0 + w - 1, ACS_VLINE, h);
	mvaddch(y0, x0, ACS_ULCORNER);
	mvaddch(y0, x0 + w - 1, ACS_URCORNER);
	mvaddch(y0 + h - 1, x0, ACS_LLCORNER);
	mvaddch(y0 + h - 1, x0 + w - 1, ACS_LRCORNER);
	attron(A_BOLD);
	draw_text(y0, x0 + 2, " statusmon keys ", w - 4);
	attroff(A_BOLD);
	for (i = 0; i < HELP_N && i + 2 < h - 1; i++)
		draw_text(y0 + 2 + i, x0 + 2, help_lines[i], w - 4);
}
