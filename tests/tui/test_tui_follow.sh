#!/bin/bash
# test_tui_follow.sh: `statusmon -f FILE` in an 80x24 terminal while the
# file grows: codes, counts and flag markers appear and change, drill into
# 499 shows its paths and clients, w / s / "/" change the screen, a bad
# regex is reported, q leaves a clean shell.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

log=$TMP/growing.log
{
	log_lines 30 200 /index.html
	log_lines 5 404 /missing
	log_lines 3 499 /api/slow 203.0.113.9
	log_lines 2 520 /api/origin 198.51.100.77
} >"$log"

tui_session 80 24
tui_type "$(tui_run_line "$STATUSMON -f $log")"

# first numbers, markers, header
expect_count "200 after start" 200 30
expect_count "404 after start" 404 5
expect_count "499 after start" 499 3
expect_count "2xx class" 2xx 30
expect_screen "499 is flagged vendor (nginx)" '^ *499 +V +Client Closed Request'
expect_screen "520 is flagged vendor (Cloudflare)" '^ *520 +V '
expect_screen "header names the file" 'growing\.log'
expect_screen "state is live while following" ' live '
expect_screen "header line count" 'lines 40 '
expect_screen "timeline drawn with block characters" '^2xx .*[▁▂▃▄▅▆▇█]'
expect_screen "footer lists the keys" 'q:quit.*\?:help'
screen=$(tui_screen)
expect_eq "screen is 24 lines" 24 "$(printf '%s\n' "$screen" | wc -l)"

# the file grows: the numbers follow
{
	log_lines 20 200 /index.html
	log_lines 7 499 /api/slow 203.0.113.9
	log_lines 4 499 /api/report 192.0.2.55
} >>"$log"
expect_count "200 after append" 200 50
expect_count "499 after append" 499 14
expect_count "4xx class after append" 4xx 19
expect_screen "header line count after append" 'lines 71 '

# sort by code puts 200 404 499 520 in order; select 499 and drill in
tui_keys s
expect_screen "sort by code" 'by code'
select_code 499
tui_keys Enter
expect_screen "drill title" '^ *499 V Client Closed Request'
expect_screen "drill shows nginx meaning" 'nginx'
expect_screen "drill top paths" 'TOP PATHS'
expect_screen "drill path /api/slow with its count" '10 +/api/slow'
expect_screen "drill path /api/report" '4 +/api/report'
expect_screen "drill top clients" '203\.0\.113\.9'
expect_screen "drill last lines" 'LAST LINES'
expect_screen "drill last line text" '192\.0\.2\.55 - - \[.*"GET /api/report HTTP/1\.1" 499'
tui_keys Escape
expect_screen "back to the main view" '^ *CODE +REASON'

# window and sort keys: the lines are stamped now, so the screen opened
# in the 5m window; w cycles 15m, all, 1m, 5m
expect_screen "live input opens in the 5m window" 'window 5m'
tui_keys w
expect_screen "window 15m" 'window 15m'
tui_keys w
expect_screen "window all" 'window all'
tui_keys w
expect_screen "window 1m" 'window 1m'
tui_keys w
expect_screen "window 5m" 'window 5m'
tui_keys s
expect_screen "sort by rate" 'by rate'

# path filter: a view counting from now, only matching paths count
tui_keys /
expect_screen "filter prompt" 'path filter \(PCRE2'
tui_type '^/api/'
expect_screen "filter shown in header" 'filter \^/api/'
{
	log_lines 6 499 /api/slow 203.0.113.9
	log_lines 9 200 /index.html
	log_lines 2 502 /api/upstream
} >>"$log"
expect_count "499 counts only filtered lines" 499 6
expect_count "502 counted" 502 2
if tui_screen | grep -Eq '^ *200 '; then fail "200 rows under filter ^/api/"; else pass; fi

tui_keys /
expect_screen "filter prompt again" 'path filter \(PCRE2'
tui_keys C-u
tui_type 'a(b'
expect_screen "bad regex reported" 'path filter not changed'
expect_screen "old filter kept" 'filter \^/api/'

# help overlay, then quit
tui_keys '?'
expect_screen "help overlay" 'statusmon keys'
tui_keys Escape
tui_wait_gone 'statusmon keys' && pass || fail "help overlay did not close"
tui_keys q
expect_clean_exit "quit"
finish
