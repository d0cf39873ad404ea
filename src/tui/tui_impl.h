/* tui_impl.h: what the files of the TUI share (internal). One struct tui
 * holds the model the screen is drawn from: the last live_info and
 * snapshot, and the person's choices (pause, window, sort, selection,
 * view). Keys change the model and return what must happen next
 * (enum tui_action); the loop in app.c refreshes and redraws. Views only
 * read the model, except that they remember the geometry they were given
 * (so scrolling and paging know the panel size). */
#ifndef STATUSMON_TUI_IMPL_H
#define STATUSMON_TUI_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1     /* wide-character curses (ncursesw) */
#endif
#include <curses.h>
#include "statusmon/error.h"
#include "statusmon/live.h"
#include "statusmon/snapshot.h"

struct rect {
	int y, x, h, w;
};

enum tui_view { VIEW_MAIN, VIEW_DRILL };
enum tui_sort { SORT_COUNT, SORT_CODE, SORT_RATE, SORT_COUNT_ };

/* What a key asks the loop to do (bit set). */
enum tui_action {
	ACT_NONE = 0,
	ACT_REDRAW = 1 << 0,    /* the model changed: draw again              */
	ACT_REFRESH = 1 << 1,   /* take a fresh snapshot now, even if paused  */
	ACT_QUIT = 1 << 2,
};

#define TUI_PROMPT_MAX 256
#define TUI_WINDOWS 4
#define TIMELINE_LABEL_W 10  /* "4xx " before the cells, " 12.3k" after */

struct tui_prompt {
	bool active;
	char buf[TUI_PROMPT_MAX];    /* UTF-8 typed by the person          */
	size_t len;
};

struct tui {
	struct live *lv;
	unsigned top_n;
	bool ascii;                  /* no block characters                 */
	bool color;                  /* colors in use (terminal has them)   */
	char notice[256];            /* shown throughout, "" if none        */
	int redraw_fd;               /* debug redraw log, -1 if none        */

	/* data, replaced on refresh */
	struct live_info info;
	struct snapshot *snap;       /* NULL until the first snapshot       */
	const struct snapshot_status **order;   /* snap->statuses, sorted  */
	size_t order_cap;

	/* the person's choices */
	bool paused;
	unsigned window_idx;         /* into tui_window_seconds             */
	bool window_auto;            /* not chosen by a key yet: "all", then
	                                5m once the input shows it is live  */
	enum tui_sort sort;
	enum tui_view view;
	bool help;
	struct tui_prompt prompt;
	size_t sel;                  /* selected row in order[]             */
	bool has_sel_key;            /* sel_code/sel_raw name the selection */
	int sel_code;
	char sel_raw[STATUS_RAW_MAX];
	size_t sel_raw_len;
	size_t drill_scroll;         /* first recent line shown in drill    */
	char message[ERROR_MSG_MAX]; /* footer note ("bad regex: ...")      */
	long long message_until;     /* monotonic ms                        */

	/* geometry remembered by the last draw */
	size_t codes_top;            /* first row shown in the codes panel  */
	int codes_rows;
	int drill_rows;
};

/* model.c */
extern const unsigned tui_window_seconds[TUI_WINDOWS];
#define TUI_WINDOW_LIVE 2        /* 5m: the default for live input */
#define TUI_LIVE_LAG 120         /* newest log time this close to now: live */
const char *tui_window_name(unsigned idx);
const char *tui_sort_name(enum tui_sort s);
/* live_get_info and a new snapshot; neither while paused unless forced
 * (a paused screen is frozen whole, header included). */
void tui_model_refresh(struct tui *t, bool force);
void tui_model_sort(struct tui *t);
size_t tui_model_rows(const struct tui *t);
const struct snapshot_status *tui_model_selected(const struct tui *t);
const struct snapshot_status *tui_model_drilled(const struct tui *t);
void tui_model_select(struct tui *t, size_t row);
void tui_model_free(struct tui *t);
void tui_message(struct tui *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
long long tui_now_ms(void);

/* keys.c: one key (wget_wch result) -> what to do. */
enum tui_action tui_key(struct tui *t, int rc, wint_t ch);

/* layout.c: draws the whole screen from the model. */
void tui_draw(struct tui *t);

/* draw.c: helpers every view uses. Text is cut to maxw columns and
 * returns the columns used; log-derived bytes must use draw_log. */
void draw_colors_init(struct tui *t);
int draw_text(int y, int x, const char *s, int maxw);
int draw_log(int y, int x, const char *s, size_t n, int maxw);
int draw_log_wrapped(int y, int x, const char *s, size_t n, int w, int max_rows);
int draw_textf(int y, int x, int maxw, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int draw_width(const char *s);
void draw_fill(int y, int x, int w, chtype ch);
void draw_hbar(const struct tui *t, int y, int x, int w, double frac);
void draw_vcell(const struct tui *t, int y, int x, int eighths);
attr_t draw_class_attr(const struct tui *t, enum status_class cls);
attr_t draw_status_attr(const struct tui *t, const struct status_info *info);
char draw_marker(const struct status_info *info);
void draw_fmt_count(char *buf, size_t cap, uint64_t v);
void draw_fmt_rate(char *buf, size_t cap, double v);
void draw_fmt_duration(char *buf, size_t cap, double seconds);
void draw_fmt_code(char *buf, size_t cap, const struct snapshot_status *s);

/* the views, each drawing into its rectangle */
void view_header(const struct tui *t, struct rect r);
void view_classes(const struct tui *t, struct rect r);
void view_codes(struct tui *t, struct rect r);
void view_timeline(const struct tui *t, struct rect r);
void view_drill(struct tui *t, struct rect r);
/* The drilled status's response times and histogram (view_latency.c), at
 * most r.h rows from r.y; returns the rows drawn (0 without durations). */
int view_latency_drill(const struct snapshot_status *s, struct rect r);
/* The code list's p50/p99 columns: shown when the log has request
 * durations; the histogram of the snapshot's window (all time for "all"),
 * NULL when the status has none there; a quantile as "12.3ms", "-" when
 * h is NULL or empty; the columns' window label ("all", "5m"). */
bool view_latency_columns(const struct tui *t);
const struct latency *view_latency_of(const struct tui *t, const struct snapshot_status *s);
void view_latency_fmt(char *buf, size_t cap, const struct latency *h, double q);
const char *view_latency_window(const struct tui *t);
void view_footer(const struct tui *t, struct rect r);
void view_help(const struct tui *t);

#endif
