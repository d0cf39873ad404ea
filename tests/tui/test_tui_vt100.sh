#!/bin/bash
# test_tui_vt100.sh: the screen without color. TERM=vt100 (no colors),
# NO_COLOR and --no-color give a readable screen with bold and reverse
# only; a color terminal gets 2xx green, 5xx red, flagged codes magenta;
# --ascii (or a non-UTF-8 locale) draws no block characters. Ctrl-C
# restores the terminal too; TERM=dumb is refused.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

log=$TMP/access.log
{
	log_lines 40 200 /
	log_lines 6 404 /nope
	log_lines 3 499 /slow
	log_lines 2 502 /api
} >"$log"

ESC=$'\033'
# SGR foreground colors (30-37, 38;..., 90-97), alone or combined.
color_re="$ESC\\[([0-9]*;)*(3[0-8]|9[0-7])(;[0-9]*)*m"

# run_case WHAT CMD: starts CMD, waits for the first numbers.
run_case() {
	tui_type "$(tui_run_line "$2")"
	expect_count "$1: 200 counted" 200 40
	expect_screen "$1: 499 flagged" '^ *499 +V '
}

quit_case() {
	tui_keys q
	expect_clean_exit "$1"
	tui_type clear
	tui_wait_gone 'EXIT=' || fail "$1: screen not cleared"
}

tui_session 80 24

# TERM=vt100: no colors, still bold (flags) and reverse (selection)
run_case vt100 "TERM=vt100 $STATUSMON -f $log"
screen=$(tui_screen_e)
if printf '%s' "$screen" | grep -Eq "$color_re"; then
	fail "vt100: color sequences on screen"; else pass; fi
expect_contains "vt100: reverse video for header/selection" "${ESC}[7m" "$screen"
expect_contains "vt100: bold for flagged codes" "${ESC}[1m" "$screen"
expect_screen "vt100: class panel readable" '^ *5xx +2 '
tui_keys C-c
expect_screen "vt100: Ctrl-C ends it" '^EXIT=(0|130)$'
expect_screen "vt100: terminal modes restored after Ctrl-C" '^TTY=same'
tui_type clear
tui_wait_gone 'EXIT=' || fail "clear"

# a color terminal: colors per class, flagged codes highlighted
run_case color "$STATUSMON --color=always -f $log"
screen=$(tui_screen_e)
expect_contains "color: 2xx green" "${ESC}[32m" "$screen"
expect_contains "color: 5xx red" "${ESC}[1m${ESC}[31m" "$screen"
expect_contains "color: flagged magenta" "${ESC}[35m" "$screen"
quit_case color

# NO_COLOR and --no-color
for c in "NO_COLOR=1 $STATUSMON -f $log" "$STATUSMON --no-color -f $log"; do
	run_case "${c%% *}" "$c"
	if tui_screen_e | grep -Eq "$color_re"; then
		fail "$c: color sequences on screen"; else pass; fi
	quit_case "$c"
done

# --ascii: the timeline and bars use ASCII only
run_case ascii "$STATUSMON --ascii -f $log"
expect_screen "ascii: timeline drawn" '^2xx +[.,:=+*#-]'
if tui_screen | grep -q '[▁▂▃▄▅▆▇█▏▎▍▌▋▊▉]'; then
	fail "ascii: block characters on screen"; else pass; fi
quit_case ascii

# a non-UTF-8 locale falls back to ASCII by itself
run_case "C locale" "LC_ALL=C $STATUSMON -f $log"
if tui_screen | grep -q '[▁▂▃▄▅▆▇█▏▎▍▌▋▊▉]'; then
	fail "C locale: block characters on screen"; else pass; fi
quit_case "C locale"

# a terminal that cannot address the cursor is refused, not scribbled on
tui_type "$(tui_run_line "TERM=dumb $STATUSMON --tui $log")"
expect_screen "dumb: refused with a reason" 'TERM=dumb cannot move the cursor'
expect_screen "dumb: returns to the shell" '^EXIT=[1-9]'
expect_screen "dumb: terminal modes unchanged" '^TTY=same'
finish
