#!/bin/bash
# test_tui_latency.sh: the drill-down of a code shows its response time
# (p50/p90/p99/max/n, request and upstream) and its histogram by decade,
# from samples/haproxy.log (%Ta and %Tr); the numbers are the JSON
# report's, formatted as on screen.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

"$STATUSMON" --report=json --format=haproxy "$SAMPLES/haproxy.log" >"$TMP/h.json"
want=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
h = [s for s in d["statuses"] if s["code"] == 304][0]["latency"]["request"]
def f(s):
    us = s * 1e6
    return "%.0fus" % us if us < 1000 else "%.1fms" % (us / 1e3) if us < 1e6 else "%.2fs" % (us / 1e6)
print("p50 %s  p90 %s  p99 %s  max %s  n %d" % (f(h["p50"]), f(h["p90"]), f(h["p99"]), f(h["max"]), h["count"]))
' "$TMP/h.json")

tui_session 120 40
tui_type "$(tui_run_line "STATUSMON_PATTERNS_DIR=$SM_SOURCE_DIR/patterns $STATUSMON --tui --format=haproxy $SAMPLES/haproxy.log")"
expect_screen "state input ended" 'input ended'
select_code 304   # not the first row: select_code cannot pick row 0 (awk prints an unset n as "")
tui_keys Enter
expect_screen "drill 304" '^ *304 +Not Modified'
expect_screen "request time as in the JSON report" "request time: ${want//./\\.}"
expect_screen "upstream time" 'upstream time: p50 [0-9.]+(us|ms|s) '
expect_screen "histogram by decade" 'histogram: <1ms [0-9]+% \| 1-10ms [0-9]+% \| 10-100ms [0-9]+%'
tui_keys Left
tui_keys q
expect_clean_exit "quit"
finish
