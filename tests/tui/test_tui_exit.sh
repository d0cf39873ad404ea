#!/bin/bash
# test_tui_exit.sh: how the screen ends. --fail-on holds at a terminal
# (checked on the final counts when the screen closes, the verdict printed
# after the terminal is restored, exit 3; exit 0 and "no rule held"
# otherwise). Ctrl-\ (SIGQUIT) and SIGUSR1 / SIGALRM end the process but
# restore the terminal first: the shell's `stty -a` shows echo and icanon.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

log=$TMP/access.log
{ log_lines 20 200 /; log_lines 5 502 /api; } >"$log"

tui_session 100 30
tui_type "$(tui_run_line "$STATUSMON --fail-on='5xx>1%' -f $log")"
expect_count "502 shown" 502 5
tui_keys q
expect_screen "verdict after the screen" "fail-on '5xx>1%' holds: measured 20%"
expect_screen "exit 3" '^EXIT=3$'
expect_screen "terminal restored" '^TTY=same$'
tui_type clear

tui_type "$(tui_run_line "$STATUSMON --fail-on='5xx>50%' -f $log")"
expect_count "502 shown again" 502 5
tui_keys q
expect_screen "no rule held" 'no rule held on the final counts \(25 lines\)'
expect_screen "exit 0" '^EXIT=0$'
tui_type clear

# stty_sane WHAT: the tty has echo and icanon on (not -echo / -icanon)
stty_sane() {
	tui_type 'stty -a | tr " " "\n" | grep -Ex -- "-?(echo|icanon)" | sort | tr "\n" " "; echo'
	expect_screen "$1: echo and icanon on" '^echo icanon ?$'
}

tui_type "$STATUSMON -f $log; echo EXIT=\$?"
expect_count "screen up for Ctrl-\\" 502 5
tui_keys 'C-\'
expect_screen "Ctrl-\\ ends it (SIGQUIT: 128+3)" '^EXIT=131$'
stty_sane "after Ctrl-\\"
tui_type clear

tui_type "timeout --foreground --preserve-status -s USR1 2 $STATUSMON -f $log; echo EXIT=\$?"
expect_screen "SIGUSR1 ends it (128+10)" '^EXIT=138$'
stty_sane "after SIGUSR1"
tui_type clear

tui_type "timeout --foreground --preserve-status -s ALRM 2 $STATUSMON -f $log; echo EXIT=\$?"
expect_screen "SIGALRM ends it (128+14)" '^EXIT=142$'
stty_sane "after SIGALRM"
finish
