/* tui.h: the live curses screen. It reads statistics only through
 * live_snapshot, draws from the copy, and turns keys into commands. Keys are
 * read from the controlling terminal, never from the log on stdin. */
#ifndef STATUSMON_TUI_H
#define STATUSMON_TUI_H

#include <stdbool.h>
#include "statusmon/error.h"
#include "statusmon/live.h"

struct tui_options {
	const char *tty_path;   /* "/dev/tty" */
	bool ascii;             /* --ascii, or forced by a non-UTF-8 locale */
	bool color;             /* false for --no-color / NO_COLOR          */
	unsigned top_n;
	const char *notice;     /* shown on the screen throughout (e.g. that
	                           ssh reads the same terminal); NULL: none */
	const char *redraw_log; /* debug (STATUSMON_DEBUG_REDRAWS): a file to
	                           which every redraw appends "<ms>\n" (the
	                           monotonic clock); NULL: none            */
};

/* Runs until the user quits (0), a signal asks to stop (0), or the terminal
 * cannot be used (-1 + err, before anything was drawn). Always restores the
 * terminal. */
int tui_run(struct live *lv, const struct tui_options *opt, struct error *err);

/* Set from a SIGINT/SIGTERM handler owned by main: the TUI leaves cleanly
 * at its next wake-up. */
void tui_request_quit(void);

#endif
