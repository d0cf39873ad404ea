#!/bin/bash
# test_tui_hostile.sh: log lines that try to take over the terminal
# (ESC ]0;pwned BEL sets the window title, ESC [2J clears the screen, C1
# CSI as UTF-8 C2 9B) are shown as visible escapes in the status list and
# the drill-down, never sent raw: the pane title stays ours and the pane
# holds no control bytes other than the SGR attributes curses draws with.
# Uses samples/hostile.log (counts from samples/README.md) plus crafted 499
# lines for the drill-down.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

log=$TMP/hostile.log
cp "$SAMPLES/hostile.log" "$log"
for i in 1 2 3; do
	log_lines 1 499 $'/x\033]0;pwned\007y' 192.0.2.66 $'ua\033[2J\xc2\x9b6n'
done >>"$log"

tui_session 140 50
tm select-pane -t t -T cleantitle
tui_type "$(tui_run_line "$STATUSMON -f $log")"

# the crafted lines are stamped now: the screen opens in the 5m window;
# the sample's older lines are counted in "all" (w: 15m, all)
expect_screen "live input opens in the 5m window" 'window 5m'
tui_keys w
expect_screen "window 15m" 'window 15m'
tui_keys w
expect_screen "window all" 'window all'
expect_count "200 in hostile.log" 200 35
expect_count "499: one in the sample, three crafted" 499 4
expect_screen "malformed lines counted" 'malformed 9 '
expect_screen "huge invalid status flagged" '^ *inv +! +invalid status: 2000000000'
expect_screen "+200 flagged invalid" '^ *\+200 +! +invalid status'

select_code 499
tui_keys Enter
expect_screen "drill 499" '^ *499 V '
expect_screen "path escape visible" '3 +/x\\x1b\]0;pwned\\x07y'
expect_screen "user agent escapes visible" 'ua\\x1b\[2J\\xc2\\x9b6n'
expect_screen "drill client" '192\.0\.2\.66'

screen=$(tui_screen_e)
esc=$'\033'
rest=$(printf '%s' "$screen" | sed -E "s/${esc}\\[[0-9;]*m//g")   # drop curses' SGR
if printf '%s' "$rest" | LC_ALL=C grep -q $'[\033\007\x9b]'; then
	fail "raw ESC, BEL or C1 on the screen: $(printf '%s' "$rest" | LC_ALL=C grep $'[\033\007\x9b]' | cat -v | head -3)"
else
	pass
fi
if printf '%s' "$rest" | LC_ALL=C tr -d '\n' | LC_ALL=C grep -q '[[:cntrl:]]'; then
	fail "control bytes on the screen"; else pass; fi
expect_contains "drill screen shows visible escapes" '\x1b]0;pwned\x07' "$rest"
expect_eq "pane title not set by the log" cleantitle "$(tm display-message -p -t t '#{pane_title}')"

tui_keys Escape
expect_screen "back to the list" '^ *CODE +REASON'
tui_keys q
expect_clean_exit "quit after hostile input"
expect_eq "pane title still ours" cleantitle "$(tm display-message -p -t t '#{pane_title}')"
finish
