#!/bin/bash
# test_tui_ended.sh: `statusmon --tui FILE` reads the file to its end,
# keeps the final numbers on screen with the state "input ended", costs no
# CPU while it waits for q, and redraws on resize. Counts from
# samples/README.md.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

tui_session 80 24
tui_type "$(tui_run_line "$STATUSMON --tui $SAMPLES/combined.log")"

expect_screen "state input ended" 'input ended'
expect_count "200 in combined.log" 200 198
expect_count "304 in combined.log" 304 34
expect_screen "header names the file" 'combined\.log'

# idle: the process sleeps (at most a wake-up a second)
shell=$(tm display-message -p -t t '#{pane_pid}')
pid=$(ps -o pid= --ppid "$shell" | head -1 | tr -d ' ')
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; then
	t0=$(cpu_ticks "$pid")
	sleep 3
	t1=$(cpu_ticks "$pid")
	ticks=$((t1 - t0))
	if [ "$ticks" -le 10 ]; then pass; else
		fail "idle TUI used $ticks clock ticks of CPU in 3 s"; fi
else
	fail "could not find the statusmon process under the pane shell"
fi

# resize to 120x40: the header spans the new width, rows follow
tm resize-window -t t -x 120 -y 40
expect_screen "header redrawn at 120 columns" '^ statusmon .{70,}input ended'
expect_count "numbers still there after resize" 200 198
screen=$(tui_screen)
expect_eq "screen is 40 lines after resize" 40 "$(printf '%s\n' "$screen" | wc -l)"
expect_screen "footer at the new bottom" 'q:quit'
tm resize-window -t t -x 80 -y 24
expect_screen "header redrawn at 80 columns" '^ statusmon .{20,68}input ended'

tui_keys q
expect_clean_exit "quit after input ended"
finish
