#!/bin/bash
# test_tui_pipe.sh: `tail -f growing.log | statusmon` in a 120x40 terminal:
# the log comes on stdin, keys from the terminal. Unassigned and invalid
# statuses are flagged, the larger screen shows every row and more
# timeline, pause freezes the panels while input is still counted, reset
# restarts the counts, drill into 499 works, q exits with status 0.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

log=$TMP/growing.log
{
	log_lines 50 200 /
	log_lines 10 301 /old
	log_lines 6 499 /search 198.51.100.4
	log_lines 3 503 /api/pay
	log_lines 2 299 /odd
	log_lines 1 - /dash
} >"$log"

tui_session 120 40
tui_type "$(tui_run_line "tail -n +1 -f $log | $STATUSMON" '${PIPESTATUS[1]}')"

expect_count "200 from the pipe" 200 50
expect_count "301" 301 10
expect_count "499" 499 6
expect_count "503" 503 3
expect_screen "299 flagged unassigned" '^ *299 +U +\(unassigned\)'
expect_screen "invalid status flagged" '^ *- +! +invalid status'
expect_screen "499 flagged vendor" '^ *499 +V '
expect_count "invalid class" invalid 1
expect_screen "state live" ' live '
screen=$(tui_screen)
expect_eq "screen is 40 lines" 40 "$(printf '%s\n' "$screen" | wc -l)"
expect_contains "wide header reaches column 120" "live" "$(printf '%s\n' "$screen" | head -1 | cut -c100-)"
expect_screen "timeline band for invalid" '^inv '

# keys come from the terminal even though stdin is the log
{ log_lines 25 200 /; log_lines 4 499 /search 198.51.100.4; } >>"$log"
expect_count "200 after append" 200 75
expect_count "499 after append" 499 10

# pause: the whole screen freezes, header included
tui_keys p
expect_screen "paused state" 'PAUSED'
frozen=$(tui_screen)
log_lines 10 200 / >>"$log"
sleep 1.5                         # > one tick: a header that moved would show
expect_eq "header frozen while paused (lines, elapsed)" \
	"$(printf '%s\n' "$frozen" | head -2)" "$(tui_screen | head -2)"
expect_eq "200 frozen while paused" 75 "$(row_count 200)"
tui_keys p
expect_screen "header counts again after resume" 'lines 111 '
expect_count "200 after resume" 200 85

# drill into 499
select_code 499
tui_keys Enter
expect_screen "drill 499" '^ *499 V Client Closed Request'
expect_screen "drill path" '10 +/search'
expect_screen "drill client" '10 +198\.51\.100\.4'
tui_keys Left
expect_screen "back with left arrow" '^ *CODE +REASON'

# reset: counts restart from zero
tui_keys r
expect_screen "reset message" 'counters reset'
tui_wait_gone '^ *200 ' && pass || fail "200 row still shown after reset"
log_lines 2 200 / >>"$log"
expect_count "200 after reset" 200 2

tui_keys q
log_lines 1 200 / >>"$log"      # tail -f notices the closed pipe on its next write
expect_clean_exit "quit from a pipe"
finish
