#!/bin/bash
# test_tui_now.sh: a screen that shows now. `-f empty.log busy.log` shows
# busy.log at once; a live 502 burst shows in the default view's 5xx share
# (the screen opened in 5m because the input is live; "all" would bury
# it); RATE/s and the header's /s after a reset are within 10% of a steady
# writer's true rate; a "/" filter set and cleared returns to the
# unfiltered totals, which kept running; under steady input the screen
# redraws about 5 times a second for the whole run (STATUSMON_DEBUG_REDRAWS).
# Latencies are printed and asserted only with SM_STRICT_TIMING=1.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

tui_session 100 30

# -f empty.log busy.log: busy.log's lines without waiting for empty.log
: >"$TMP/empty.log"
log_lines 7 200 / >"$TMP/busy.log"
t0=$(date +%s%N)
tui_type "$(tui_run_line "$STATUSMON -f empty.log busy.log")"
expect_count "busy.log counted while empty.log is empty" 200 7
deadline_check "busy.log shown" "$(waited_ms "$t0")" 1000
tui_keys q
expect_clean_exit "quit two sources"
tui_type clear

# a live 502 burst: an hour of history, then current traffic, then a burst
log=$TMP/burst.log
{ log_lines_at 2000 200 /old '-1 hour'; log_lines 50 200 /; } >"$log"
tui_type "$(tui_run_line "$STATUSMON -f $log")"
expect_screen "live input opens in 5m" 'window 5m'
expect_eq "no 5xx before the burst" "0.0" "$(class_share 5xx)"
t0=$(date +%s%N)
log_lines 200 502 /api >>"$log"
deadline=$(( $(date +%s) + TUI_WAIT )); share=0
while [ "$(date +%s)" -le "$deadline" ]; do
	share=$(class_share 5xx)
	awk -v s="$share" 'BEGIN { exit !(s + 0 >= 70) }' && break
	sleep 0.05
done
if awk -v s="$share" 'BEGIN { exit !(s + 0 >= 70) }'; then pass; else
	fail "5xx share in the default view is $share%, expected 80% (200 of 250 in 5m)"
fi
deadline_check "burst in the 5xx share" "$(waited_ms "$t0")" 2000
tui_keys w w
expect_screen "window all" 'window all'
expect_eq "all: the burst is 200 of 2250 lines" "8.9" "$(class_share 5xx)"
tui_keys q
expect_clean_exit "quit burst"
tui_type clear

# rates after a reset: a writer at 200 lines/s
log=$TMP/steady.log
: >"$log"
steady_writer "$log" 200 200
tui_type "$(tui_run_line "STATUSMON_DEBUG_REDRAWS=$TMP/redraws $STATUSMON -f $log")"
expect_screen "steady lines counted" '^ *200 .*%'
sleep 2
tui_keys r
expect_screen "reset" 'counters reset'
sleep 4
rate=$(row_rate 200)
within_pct "$rate" 200 10 && pass || fail "RATE/s of 200 four seconds after a reset: $rate, want 200 +-10%"
hdr=$(tui_screen | sed -n 2p | grep -Eo '[0-9.]+k?/s' | head -1)
within_pct "${hdr%/s}" 200 10 && pass || fail "header rate after a reset: $hdr, want 200/s +-10%"

# the filter view: set on /nothing-matches-steady, cleared: totals kept
before=$(row_count 200)
tui_keys /
tui_type '^/api/'
expect_screen "view shown with since when it counts" 'filter \^/api/ since [0-9]{2}:[0-9]{2}:[0-9]{2}'
log_lines 3 404 /api/x >>"$log"
expect_count "the view counts matching lines from now" 404 3
if tui_screen | grep -Eq '^ *200 '; then fail "200 rows in the ^/api/ view"; else pass; fi
sleep 1
tui_keys /
tui_keys C-u
tui_type ''
expect_screen "filter cleared" 'back to the unfiltered totals'
sleep 0.5
after=$(row_count 200)
if [ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$((before + 200))" ]; then pass; else
	fail "unfiltered 200 count did not keep running under the view: $before then $after"
fi
expect_count "404 counted in the totals too" 404 3
sleep 3
tui_keys q
expect_clean_exit "quit steady"
kill "$WRITER_PID" 2>/dev/null; wait "$WRITER_PID" 2>/dev/null

# redraws: about 5 a second in every whole second of the run after the
# first (start-up: the source settles its format) and before the last (q)
per_sec=$(awk 'NR == 1 { t0 = $1 } { s = int(($1 - t0) / 1000); n[s]++; if (s > m) m = s }
	END { for (i = 1; i < m; i++) printf "%d ", n[i] }' "$TMP/redraws")
echo "redraws per second: $per_sec"
low=$(for n in $per_sec; do [ "$n" -lt 3 ] && echo "$n"; done | wc -l)
secs=$(echo "$per_sec" | wc -w)
[ "$secs" -ge 8 ] && pass || fail "redraw log covers only $secs seconds"
expect_eq "seconds with fewer than 3 redraws (of $secs)" 0 "$low"
finish
