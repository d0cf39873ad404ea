#!/bin/bash
# test_tui_rotate.sh: `statusmon -f` across logrotate. The followed file is
# rotated by rename + create, then by copytruncate, and a second followed
# file appears only after start; every line must be counted exactly once:
# the final per-code counts and the header's line count are exact.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

log=$TMP/access.log
late=$TMP/late.log
{
	log_lines 100 200 /index.html
	log_lines 10 499 /api/slow
} >"$log"

tui_session 120 40
tui_type "$(tui_run_line "$STATUSMON -f $log $late")"
expect_count "200 before rotation" 200 100
expect_count "499 before rotation" 499 10

# rename rotation: lines still written to the old file right after the
# rename (as a server does until it reopens) and to the new file
mv "$log" "$log.1"
log_lines 7 200 /index.html >>"$log.1"
log_lines 30 404 /gone >"$log"
expect_count "old file's last lines counted" 200 107
expect_count "new file counted from its start" 404 30

# copytruncate: copy away, truncate in place, keep writing
cp "$log" "$log.2"
: >"$log"
log_lines 5 503 /busy >>"$log"
expect_count "after copytruncate, new lines counted" 503 5
expect_count "lines before the truncation not counted twice" 404 30

# a followed file that did not exist at start
log_lines 4 520 /origin >"$late"
expect_count "late file counted" 520 4
log_lines 6 499 /api/slow >>"$late"
expect_count "late file grows" 499 16
expect_screen "header: every line once" 'lines 162 '

tui_keys q
expect_screen "clean exit" 'EXIT=0'
finish
