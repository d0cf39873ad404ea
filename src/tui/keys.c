/* keys.c: turns one key into a change of the model and says what the loop
 * must do next (redraw, take a fresh snapshot, quit). The only place that
 * sends commands back to the pipeline (live_reset, live_set_path_filter).
 * Three modes, checked in order: the path filter prompt, the help overlay,
 * then the main and drill views. */
#include <limits.h>
#include <string.h>
#include <wctype.h>
#include "tui_impl.h"

#define KEY_ESC 27
#define KEY_CTRL(c) ((c) & 0x1f)

static bool is_enter(int rc, wint_t ch)
{
	return (rc == OK && (ch == '\n' || ch == '\r')) ||
	       (rc == KEY_CODE_YES && ch == KEY_ENTER);
}

static bool is_backspace(int rc, wint_t ch)
{
	return (rc == OK && (ch == 127 || ch == KEY_CTRL('h'))) ||
	       (rc == KEY_CODE_YES && ch == KEY_BACKSPACE);
}

static enum tui_action prompt_apply(struct tui *t)
{
	struct error err;

	t->prompt.active = false;
	t->prompt.buf[t->prompt.len] = '\0';
	memset(&err, 0, sizeof(err));
	if (live_set_path_filter(t->lv, t->prompt.buf, &err) != 0)
		tui_message(t, "path filter not changed: %s", err.msg);
	else if (t->prompt.len == 0)
		tui_message(t, "path filter cleared: back to the unfiltered totals");
	else
		tui_message(t, "path filter set: a view counting from now; the totals keep running");
	t->drill_scroll = 0;
	return ACT_REFRESH | ACT_REDRAW;
}

static void prompt_insert(struct tui_prompt *p, wint_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t k;

	memset(&st, 0, sizeof(st));
	k = wcrtomb(mb, (wchar_t)ch, &st);
	if (k == (size_t)-1 || p->len + k >= sizeof(p->buf))
		return;
	memcpy(p->buf + p->len, mb, k);
	p->len += k;
	p->buf[p->len] = '\0';
}

static enum tui_action prompt_key(struct tui *t, int rc, wint_t ch)
{
	struct tui_prompt *p = &t->prompt;

	if (is_enter(rc, ch))
		return prompt_apply(t);
	if (rc == OK && ch == KEY_ESC) {
		p->active = false;
	} else if (is_backspace(rc, ch)) {
		while (p->len > 0 && ((unsigned char)p->buf[--p->len] & 0xC0) == 0x80)
			;                   /* drop a whole UTF-8 character */
		p->buf[p->len] = '\0';
	} else if (rc == OK && ch == KEY_CTRL('u')) {
		p->len = 0;
		p->buf[0] = '\0';
	} else if (rc == OK && iswprint(ch)) {
		prompt_insert(p, ch);
	} else {
		return ACT_NONE;
	}
	return ACT_REDRAW;
}

static void prompt_open(struct tui *t)
{
	size_t n = strnlen(t->info.path_filter, sizeof(t->info.path_filter));

	if (n >= sizeof(t->prompt.buf))
		n = sizeof(t->prompt.buf) - 1;
	memcpy(t->prompt.buf, t->info.path_filter, n);   /* edit the current one */
	t->prompt.buf[n] = '\0';
	t->prompt.len = n;
	t->prompt.active = true;
}

/* Up/down and paging: the selection in the main view, the recent lines
 * in the drill view. delta is in rows; huge values mean home/end. */
static enum tui_action move_by(struct tui *t, long delta)
{
	size_t *pos = t->view == VIEW_DRILL ? &t->drill_scroll : &t->sel;
	size_t cur = *pos;

	if (delta < 0)
		cur = (size_t)-delta > cur ? 0 : cur - (size_t)-delta;
	else
		cur = cur + (size_t)delta < cur ? (size_t)-1 : cur + (size_t)delta;
	if (t->view == VIEW_DRILL)
		*pos = cur;             /* view_drill clamps to the lines it has */
	else
		tui_model_select(t, cur);
	return ACT_REDRAW;
}

static long page_rows(const struct tui *t)
{
	int rows = t->view == VIEW_DRILL ? t->drill_rows : t->codes_rows;

	return rows > 1 ? rows - 1 : 1;
}

static enum tui_action nav_key(struct tui *t, int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return move_by(t, -1);
		case KEY_DOWN: return move_by(t, 1);
		case KEY_PPAGE: return move_by(t, -page_rows(t));
		case KEY_NPAGE: return move_by(t, page_rows(t));
		case KEY_HOME: return move_by(t, -(long)(~0UL >> 1));
		case KEY_END: return move_by(t, (long)(~0UL >> 1));
		case KEY_LEFT: t->view = VIEW_MAIN; return ACT_REDRAW;
		case KEY_RIGHT: break;
		default: return ACT_NONE;
		}
	} else {
		switch (ch) {
		case 'k': return move_by(t, -1);
		case 'j': return move_by(t, 1);
		case 'g': return move_by(t, -(long)(~0UL >> 1));
		case 'G': return move_by(t, (long)(~0UL >> 1));
		case KEY_ESC: case 'h': t->view = VIEW_MAIN; return ACT_REDRAW;
		case 'l': break;
		default:
			if (!is_enter(rc, ch))
				return ACT_NONE;
		}
	}
	if (t->view == VIEW_MAIN && tui_model_selected(t)) {   /* Enter, right, l */
		tui_model_select(t, t->sel);
		t->view = VIEW_DRILL;
		t->drill_scroll = 0;
	}
	return ACT_REDRAW;
}

static enum tui_action command_key(struct tui *t, wint_t ch)
{
	switch (ch) {
	case 'q': case 'Q':
		return ACT_QUIT;
	case 'p': case ' ':
		t->paused = !t->paused;
		return t->paused ? ACT_REDRAW : ACT_REFRESH | ACT_REDRAW;
	case 'w':
		t->window_idx = (t->window_idx + 1) % TUI_WINDOWS;
		t->window_auto = false;
		return ACT_REFRESH | ACT_REDRAW;
	case 's':
		t->sort = (enum tui_sort)((t->sort + 1) % SORT_COUNT_);
		tui_model_sort(t);
		return ACT_REDRAW;
	case 'r':
		live_reset(t->lv);
		tui_message(t, "counters reset");
		return ACT_REFRESH | ACT_REDRAW;
	case '/':
		prompt_open(t);
		return ACT_REDRAW;
	case '?':
		t->help = true;
		return ACT_REDRAW;
	case KEY_CTRL('l'):
		clearok(curscr, TRUE);
		return ACT_REDRAW;
	default:
		return ACT_NONE;
	}
}

enum tui_action tui_key(struct tui *t, int rc, wint_t ch)
{
	enum tui_action a;

	if (rc == KEY_CODE_YES && ch == KEY_RESIZE)   /* new width: new buckets */
		return t->paused ? ACT_REDRAW : ACT_REFRESH | ACT_REDRAW;
	if (t->prompt.active)
		return prompt_key(t, rc, ch);
	if (t->help) {
		if (rc == OK && (ch == 'q' || ch == 'Q'))
			return ACT_QUIT;
		t->help = false;
		return ACT_REDRAW;
	}
	a = nav_key(t, rc, ch);
	if (a != ACT_NONE || rc != OK)
		return a;
	return command_key(t, ch);
}
