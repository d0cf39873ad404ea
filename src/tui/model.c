/* model.c: the TUI's model. Takes the copies the screen is drawn from
 * (live_get_info, live_snapshot), keeps the status rows sorted the way the
 * person asked, and keeps the selection on the same status code when a new
 * snapshot reorders the rows. Apart from the views so that nothing drawn
 * ever touches the live statistics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tui_impl.h"
#include "statusmon/xalloc.h"

const unsigned tui_window_seconds[TUI_WINDOWS] = { 0, 60, 300, 900 };

static const char *const window_names[TUI_WINDOWS] = { "all", "1m", "5m", "15m" };
static const char *const sort_names[SORT_COUNT_] = { "count", "code", "rate" };

const char *tui_window_name(unsigned idx)
{
	return idx < TUI_WINDOWS ? window_names[idx] : "?";
}

const char *tui_sort_name(enum tui_sort s)
{
	return (unsigned)s < SORT_COUNT_ ? sort_names[s] : "?";
}

long long tui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_until = tui_now_ms() + 5000;
}

static int cmp_code(const struct snapshot_status *a, const struct snapshot_status *b)
{
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (a->raw_len != b->raw_len)
		return a->raw_len < b->raw_len ? -1 : 1;
	return memcmp(a->raw, b->raw, a->raw_len);
}

static int cmp_by_count(const void *pa, const void *pb)
{
	const struct snapshot_status *a = *(const struct snapshot_status *const *)pa;
	const struct snapshot_status *b = *(const struct snapshot_status *const *)pb;

	if (a->window_count != b->window_count)
		return a->window_count > b->window_count ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return cmp_code(a, b);
}

static int cmp_by_code(const void *pa, const void *pb)
{
	return cmp_code(*(const struct snapshot_status *const *)pa,
	                *(const struct snapshot_status *const *)pb);
}

static int cmp_by_rate(const void *pa, const void *pb)
{
	const struct snapshot_status *a = *(const struct snapshot_status *const *)pa;
	const struct snapshot_status *b = *(const struct snapshot_status *const *)pb;

	if (a->rate != b->rate)
		return a->rate > b->rate ? -1 : 1;
	return cmp_by_count(pa, pb);
}

static bool status_is(const struct snapshot_status *s, int code,
                      const char *raw, size_t raw_len)
{
	return s->code == code && s->raw_len == raw_len &&
	       memcmp(s->raw, raw, raw_len) == 0;
}

/* Sorts order[] and puts sel back on the remembered status, if present. */
void tui_model_sort(struct tui *t)
{
	static int (*const cmp[SORT_COUNT_])(const void *, const void *) = {
		cmp_by_count, cmp_by_code, cmp_by_rate,
	};
	size_t i, n = tui_model_rows(t);

	if (n == 0) {
		t->sel = 0;
		return;
	}
	qsort((void *)t->order, n, sizeof(*t->order), cmp[t->sort]);
	if (t->has_sel_key) {
		for (i = 0; i < n; i++) {
			if (status_is(t->order[i], t->sel_code, t->sel_raw, t->sel_raw_len)) {
				t->sel = i;
				return;
			}
		}
	}
	if (t->view == VIEW_DRILL && t->has_sel_key)
		t->sel = t->sel < n ? t->sel : n - 1;   /* keep drilling the gone code */
	else
		tui_model_select(t, t->sel < n ? t->sel : n - 1);
}

/* Builds order[] for a new snapshot; returns false if out of memory. */
static bool model_index(struct tui *t)
{
	size_t i, n = t->snap->n_statuses;

	if (n > t->order_cap) {
		const struct snapshot_status **o = xrealloc((void *)t->order, n * sizeof(*o));

		t->order = o;
		t->order_cap = n;
	}
	for (i = 0; i < n; i++)
		t->order[i] = &t->snap->statuses[i];
	return true;
}

/* The first time the input shows it is live (its newest time within
 * TUI_LIVE_LAG of the clock), a window the person did not choose becomes
 * 5m, so that a burst stands out; a replayed log keeps "all". */
static bool model_auto_window(struct tui *t)
{
	long long lag;

	if (!t->window_auto || !t->snap || !t->snap->has_time)
		return false;
	lag = (long long)time(NULL) - t->snap->last;
	if (lag > TUI_LIVE_LAG || lag < -TUI_LIVE_LAG)
		return false;
	t->window_auto = false;
	t->window_idx = TUI_WINDOW_LIVE;
	return true;
}

static void model_snapshot(struct tui *t)
{
	struct snapshot_options o;
	struct snapshot *s;

	memset(&o, 0, sizeof(o));
	o.window_seconds = tui_window_seconds[t->window_idx];
	o.top_n = t->top_n;
	o.max_buckets = COLS > TIMELINE_LABEL_W + 1 ?   /* the timeline's cells */
	                (size_t)(COLS - TIMELINE_LABEL_W) : 1;
	s = live_snapshot(t->lv, &o);
	if (!s)
		return;                 /* out of memory: keep showing the old one */
	if (t->snap)
		snapshot_free(t->snap);
	t->snap = s;
	if (!model_index(t)) {
		snapshot_free(t->snap);
		t->snap = NULL;
	}
	tui_model_sort(t);
}

void tui_model_refresh(struct tui *t, bool force)
{
	if (t->paused && !force)
		return;
	live_get_info(t->lv, &t->info);
	model_snapshot(t);
	if (model_auto_window(t))
		model_snapshot(t);
}

size_t tui_model_rows(const struct tui *t)
{
	return t->snap ? t->snap->n_statuses : 0;
}

const struct snapshot_status *tui_model_selected(const struct tui *t)
{
	size_t n = tui_model_rows(t);

	return n > 0 && t->sel < n ? t->order[t->sel] : NULL;
}

/* The status being drilled into, NULL if it is not in the snapshot (after
 * a reset, a filter change, or outside the window). */
const struct snapshot_status *tui_model_drilled(const struct tui *t)
{
	const struct snapshot_status *s = tui_model_selected(t);

	if (!s || !t->has_sel_key)
		return NULL;
	return status_is(s, t->sel_code, t->sel_raw, t->sel_raw_len) ? s : NULL;
}

/* Moves the selection to row (clamped) and remembers which status it is. */
void tui_model_select(struct tui *t, size_t row)
{
	size_t n = tui_model_rows(t);
	const struct snapshot_status *s;

	if (n == 0)
		return;
	t->sel = row < n ? row : n - 1;
	s = t->order[t->sel];
	t->has_sel_key = true;
	t->sel_code = s->code;
	t->sel_raw_len = s->raw_len < sizeof(t->sel_raw) ? s->raw_len : sizeof(t->sel_raw);
	memcpy(t->sel_raw, s->raw, t->sel_raw_len);
}

void tui_model_free(struct tui *t)
{
	if (t->snap)
		snapshot_free(t->snap);
	t->snap = NULL;
	free((void *)t->order);
	t->order = NULL;
	t->order_cap = 0;
}
