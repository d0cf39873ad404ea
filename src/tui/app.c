/* app.c: the TUI's life. Opens the terminal (newterm on /dev/tty, so keys
 * never come from the log on stdin and stdout may be anything), runs the
 * loop, and restores the terminal on every way out. The loop sleeps in
 * poll() on the terminal and on the live notify fd: it takes a snapshot at
 * most every REFRESH_MS when lines arrive, ticks once a second so the
 * elapsed time moves, and answers keys as soon as they come. Idle costs one
 * wake-up a second. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "statusmon/escape.h"
#include "statusmon/tui.h"
#include "tui_impl.h"

#define REFRESH_MS 200      /* at most ~5 snapshots a second */
#define TICK_MS 1000
#define ESC_DELAY_MS 25     /* a lone Esc is answered this fast */
#define KEYS_PER_WAKE 64

/* Set by tui_request_quit from main's SIGINT/SIGTERM handler. A signal
 * handler may only touch a volatile sig_atomic_t, so this flag is the one
 * piece of file-level mutable state in the TUI; the loop checks it at every
 * wake-up. */
static volatile sig_atomic_t quit_requested;

void tui_request_quit(void)
{
	quit_requested = 1;
}

struct term {
	FILE *in, *out;
	SCREEN *scr;
};

static void term_close(struct term *tm)
{
	if (tm->scr) {
		erase();             /* terminals without an alternate screen */
		refresh();           /* (vt100) get the shell back on a clean page */
		endwin();
		delscreen(tm->scr);
	}
	if (tm->in)
		fclose(tm->in);
	if (tm->out)
		fclose(tm->out);
	memset(tm, 0, sizeof(*tm));
}

static int term_files(struct term *tm, const char *path, struct error *err)
{
	int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC), fd2;

	if (fd < 0) {
		error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	tm->in = fdopen(fd, "r");
	tm->out = fd2 >= 0 ? fdopen(fd2, "w") : NULL;
	if (!tm->in || !tm->out) {
		error_set(err, "%s: %s", path, strerror(errno));
		if (!tm->in)
			close(fd);
		if (fd2 >= 0 && !tm->out)
			close(fd2);
		term_close(tm);
		return -1;
	}
	return 0;
}

/* A full-screen view needs cursor addressing and a known size. */
static bool term_can_draw(void)
{
	const char *cup = tigetstr("cup");

	return cup != NULL && cup != (const char *)-1 && LINES > 0 && COLS > 0;
}

static int term_open(struct term *tm, const char *path, struct error *err)
{
	const char *term = getenv("TERM");
	char name[128];

	memset(tm, 0, sizeof(*tm));
	if (term_files(tm, path, err) != 0)
		return -1;
	tm->scr = newterm(NULL, tm->out, tm->in);
	if (!tm->scr) {
		escape_terminal(name, sizeof(name), term ? term : "", term ? strlen(term) : 0);
		error_set(err, "%s: cannot use this terminal (TERM=%s)", path, name);
		term_close(tm);
		return -1;
	}
	set_term(tm->scr);
	if (!term_can_draw()) {      /* TERM=dumb, a printer: no screen to draw */
		escape_terminal(name, sizeof(name), term ? term : "", term ? strlen(term) : 0);
		error_set(err, "%s: TERM=%s cannot move the cursor", path, name);
		term_close(tm);
		return -1;
	}
	cbreak();                  /* Ctrl-C stays a signal, handled by main */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(ESC_DELAY_MS);
	curs_set(0);
	return 0;
}

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* Everything the terminal has for us (keys, KEY_RESIZE), without blocking. */
static enum tui_action tui_read_keys(struct tui *t)
{
	enum tui_action a = ACT_NONE;
	wint_t ch;
	int i, rc;

	for (i = 0; i < KEYS_PER_WAKE && !(a & ACT_QUIT); i++) {
		rc = wget_wch(stdscr, &ch);
		if (rc == ERR)
			break;
		a |= tui_key(t, rc, ch);
	}
	return a;
}

/* STATUSMON_DEBUG_REDRAWS: one line per redraw, for the tests that count
 * them. Best effort: a failed write is ignored. */
static void redraw_log(const struct tui *t, long long now_ms)
{
	char buf[32];
	int n;

	if (t->redraw_fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%lld\n", now_ms);
	if (write(t->redraw_fd, buf, (size_t)n) < 0) { /* debug only */ }
}

struct loop {
	long long data_at, tick_at;  /* last snapshot, last tick (ms)        */
	bool want_data;              /* lines arrived; snapshot when due     */
	bool force;                  /* snapshot now (a key changed options) */
	bool draw;
	int notify_fd;               /* -1 once it cannot be polled          */
};

/* Refreshes the model when due and draws if needed; returns the poll
 * timeout until the next thing due. */
static int loop_step(struct tui *t, struct loop *l)
{
	long long now = tui_now_ms(), wait;

	if (l->force || (l->want_data && now - l->data_at >= REFRESH_MS) ||
	    now - l->tick_at >= TICK_MS) {
		tui_model_refresh(t, l->force);
		l->data_at = l->tick_at = now;
		l->want_data = l->force = false;
		l->draw = true;
	}
	if (l->draw) {
		tui_draw(t);
		redraw_log(t, now);
		l->draw = false;
	}
	wait = l->want_data ? REFRESH_MS - (now - l->data_at) : TICK_MS - (now - l->tick_at);
	return wait < 0 ? 0 : (int)wait;
}

static void tui_loop(struct tui *t, int tty_fd)
{
	struct loop l = { 0, tui_now_ms(), false, true, true, live_notify_fd(t->lv) };
	struct pollfd pfd[2];
	enum tui_action a;

	while (!quit_requested) {
		int wait_ms = loop_step(t, &l);

		pfd[0] = (struct pollfd){ .fd = tty_fd, .events = POLLIN };
		/* while a snapshot is due anyway, more lines need not wake us */
		pfd[1] = (struct pollfd){ .fd = l.want_data ? -1 : l.notify_fd, .events = POLLIN };
		if (poll(pfd, 2, wait_ms) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;                       /* the terminal went away */
		a = tui_read_keys(t);            /* also after EINTR: KEY_RESIZE */
		if (a & ACT_QUIT)
			break;
		l.force |= (a & ACT_REFRESH) != 0;
		l.draw |= (a & ACT_REDRAW) != 0;
		if (pfd[1].revents & POLLIN) {
			live_ack(t->lv);
			l.want_data = true;
		} else if (pfd[1].revents) {
			l.notify_fd = -1;            /* broken: the tick still refreshes */
		}
	}
}

int tui_run(struct live *lv, const struct tui_options *opt, struct error *err)
{
	struct term tm;
	struct tui t;

	memset(&t, 0, sizeof(t));
	t.lv = lv;
	t.top_n = opt->top_n;
	t.ascii = opt->ascii || !locale_is_utf8();
	t.color = opt->color;
	t.window_auto = true;
	t.redraw_fd = -1;
	if (opt->notice)
		escape_terminal(t.notice, sizeof(t.notice), opt->notice, strlen(opt->notice));
	if (term_open(&tm, opt->tty_path ? opt->tty_path : "/dev/tty", err) != 0)
		return -1;
	if (opt->redraw_log)
		t.redraw_fd = open(opt->redraw_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	draw_colors_init(&t);
	tui_loop(&t, fileno(tm.in));
	term_close(&tm);
	if (t.redraw_fd >= 0)
		close(t.redraw_fd);
	tui_model_free(&t);
	return 0;
}
