/* layout.c: splits the screen into panels and draws each view into its
 * rectangle. Rows go to the panels in order of use during triage: the
 * header and footer always, then the class panel and the status list, then
 * the timeline; extra room makes the status list longer and the timeline
 * taller. Apart from the views so that each view only knows its own box. */
#include "tui_impl.h"

#define MIN_COLS 40
#define MIN_LINES 10
#define CLASSES_H 7          /* title + 1xx..5xx + invalid */
#define TIMELINE_MIN_H 5     /* title + 2xx..5xx            */
#define TIMELINE_MAX_H 14
#define CODES_MIN_H 4

struct layout {
	struct rect header, body, classes, codes, timeline, footer;
};

static struct rect rect_make(int y, int x, int h, int w)
{
	struct rect r = { y, x, h > 0 ? h : 0, w > 0 ? w : 0 };

	return r;
}

static void layout_compute(int lines, int cols, struct layout *l)
{
	int body_h = lines - 3, classes_h = CLASSES_H, timeline_h, codes_h;

	l->header = rect_make(0, 0, 2, cols);
	l->footer = rect_make(lines - 1, 0, 1, cols);
	l->body = rect_make(2, 0, body_h, cols);
	timeline_h = TIMELINE_MIN_H + (body_h - CLASSES_H - TIMELINE_MIN_H - 9) / 3;
	if (timeline_h < TIMELINE_MIN_H)
		timeline_h = TIMELINE_MIN_H;
	if (timeline_h > TIMELINE_MAX_H)
		timeline_h = TIMELINE_MAX_H;
	codes_h = body_h - classes_h - timeline_h;
	if (codes_h < CODES_MIN_H) {          /* small terminal: drop the timeline */
		timeline_h = 0;
		codes_h = body_h - classes_h;
	}
	if (codes_h < CODES_MIN_H) {          /* and then the class panel */
		classes_h = 0;
		codes_h = body_h;
	}
	l->classes = rect_make(2, 0, classes_h, cols);
	l->codes = rect_make(2 + classes_h, 0, codes_h, cols);
	l->timeline = rect_make(2 + classes_h + codes_h, 0, timeline_h, cols);
}

void tui_draw(struct tui *t)
{
	struct layout l;

	erase();
	curs_set(0);
	if (LINES < MIN_LINES || COLS < MIN_COLS) {
		draw_textf(0, 0, COLS, "statusmon: terminal too small (%dx%d)",
		           COLS, LINES);
		refresh();
		return;
	}
	layout_compute(LINES, COLS, &l);
	view_header(t, l.header);
	if (t->view == VIEW_DRILL) {
		view_drill(t, l.body);
	} else {
		view_classes(t, l.classes);
		view_codes(t, l.codes);
		view_timeline(t, l.timeline);
	}
	if (t->help)
		view_help(t);
	view_footer(t, l.footer);       /* last: it may place the cursor */
	refresh();
}
