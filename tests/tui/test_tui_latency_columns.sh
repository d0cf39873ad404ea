#!/bin/bash
# test_tui_latency_columns.sh: the code list's p50/p99 columns. A followed
# nginx log ($request_time) holds lines stamped now and lines from 20
# minutes ago with far slower durations: the 5m and 15m columns show the
# quantiles of the recent lines only, "all" those of every line, each
# equal to the JSON report of exactly those lines (formatted as on screen),
# and the JSON's own quantiles are checked against an exact sort. A log
# without durations shows no such column.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

fmt='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time'
# lines N STATUS DATE-SPEC MS0 STEP: N lines with request_time MS0 + i*STEP ms
lines() {
	local t i
	t=$(LC_ALL=C date -u -d "$3" '+%d/%b/%Y:%H:%M:%S +0000')
	for ((i = 0; i < $1; i++)); do
		printf '192.0.2.10 - - [%s] "GET /x HTTP/1.1" %s 512 "-" "curl/8.0" %d.%03d\n' \
			"$t" "$2" $(( ($4 + i * $5) / 1000 )) $(( ($4 + i * $5) % 1000 ))
	done
}
lines 30 200 "-20 minutes" 4000 7 >"$TMP/old.log"
lines 30 503 "-20 minutes" 9000 11 >>"$TMP/old.log"
{ lines 50 200 now 3 2; lines 10 503 now 250 40; } >"$TMP/new.log"
cat "$TMP/old.log" "$TMP/new.log" >"$TMP/access.log"

# want FILE CODE: "p50 p99" of CODE in the JSON report of FILE, as shown
want() {
	"$STATUSMON" --report=json --format="$fmt" "$1" | python3 -c '
import json, math, sys
code, path = int(sys.argv[1]), sys.argv[2]
d = json.load(sys.stdin)
h = [s for s in d["statuses"] if s["code"] == code][0]["latency"]["request"]
vals = sorted(float(l.split()[-1]) for l in open(path) if l.split()[8] == str(code))
for q in (0.5, 0.99):   # the JSON quantile is within 4.4% of the nearest rank
    exact = vals[max(1, math.ceil(q * len(vals))) - 1]
    got = h["p50" if q == 0.5 else "p99"]
    assert abs(got - exact) <= 0.0443 * exact, (code, q, got, exact)
def f(s):
    us = s * 1e6
    return "%.0fus" % us if us < 1000 else "%.1fms" % (us / 1e3) if us < 1e6 else "%.2fs" % (us / 1e6)
print(f(h["p50"]), f(h["p99"]))
' "$2" "$1"
}
new200=$(want "$TMP/new.log" 200) || fail "JSON of the recent 200s"
new503=$(want "$TMP/new.log" 503) || fail "JSON of the recent 503s"
all200=$(want "$TMP/access.log" 200) || fail "JSON of all 200s"
all503=$(want "$TMP/access.log" 503) || fail "JSON of all 503s"
[ "$new200" != "$all200" ] && pass || fail "the windows differ ($new200 / $all200)"

# row_lat CODE: the last two columns before the bar of row CODE
row_lat() {
	tui_screen | awk -v k="$1" '$1 == k { for (i = 2; i <= NF; i++)
		if ($i ~ /%$/) { print $(i + 2), $(i + 3); exit } }'
}
expect_lat() {
	local deadline=$(( $(date +%s) + TUI_WAIT )) got=
	while [ "$(date +%s)" -le "$deadline" ]; do
		got=$(row_lat "$2")
		[ "$got" = "$3" ] && { pass; return 0; }
		sleep 0.1
	done
	fail "$1: row $2 p50/p99 is [$got], expected [$3]; screen:"
	tui_screen | sed 's/^/    | /' >&2
}

tui_session 120 40
tui_type "$(tui_run_line "$STATUSMON -f --format='$fmt' $TMP/access.log")"
expect_count "the recent lines in the 5m window" 200 50
expect_screen "window 5m header" 'p50 5m +p99 5m'
expect_lat "5m: recent 200s only" 200 "$new200"
expect_lat "5m: recent 503s only" 503 "$new503"
tui_keys w
expect_screen "window 15m header" 'p50 15m +p99 15m'
expect_lat "15m: the 20-minute-old lines are outside" 200 "$new200"
tui_keys w
expect_screen "window all header" 'p50 all +p99 all'
expect_lat "all: every line" 200 "$all200"
expect_lat "all: every line" 503 "$all503"
tui_keys q
expect_clean_exit "quit"
tui_type clear

# no durations in the log: the list looks as before
log_lines 5 200 / >"$TMP/plain.log"
tui_type "$(tui_run_line "$STATUSMON -f $TMP/plain.log")"
expect_count "plain log read" 200 5
expect_screen "plain: the usual header" 'COUNT +% +RATE/s'
if tui_screen | grep -q 'p50 '; then fail "no p50 column without durations"; else pass; fi
tui_keys q
expect_clean_exit "quit plain"
finish
