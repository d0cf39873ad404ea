/* fake_main.c: runs the TUI on fake_live.c, for trying it by hand under
 * tmux before the real binary exists (never part of the product).
 * Usage: fake_tui [--ascii] [--no-color] */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "statusmon/tui.h"

struct live *fake_live_new(void);
void fake_live_free(struct live *lv);

static void on_signal(int sig)
{
	(void)sig;
	tui_request_quit();
}

int main(int argc, char **argv)
{
	struct tui_options opt = { "/dev/tty", false, true, 10 };
	struct sigaction sa;
	struct error err;
	struct live *lv;
	int i, rc;

	setlocale(LC_ALL, "");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ascii") == 0)
			opt.ascii = true;
		else if (strcmp(argv[i], "--no-color") == 0)
			opt.color = false;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	lv = fake_live_new();
	rc = tui_run(lv, &opt, &err);
	fake_live_free(lv);
	if (rc != 0) {
		fprintf(stderr, "fake_tui: %s\n", err.msg);
		return 1;
	}
	return 0;
}
