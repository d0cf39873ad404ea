#!/usr/bin/env bash
# test_latency.sh: response times end to end. latency_check.py writes logs
# with known durations in every format that records one and compares the
# JSON report with its own exact count, per code and class, across threads
# and inputs; then --fail-on latency rules must exit 3 just above the
# measured quantile's threshold crossing and 0 just below it.
. "$(dirname "$0")/../lib.sh"

if out=$(python3 "$SM_SOURCE_DIR/tests/cli/latency_check.py" "$STATUSMON" "$TMP" 2>&1); then
	pass
else
	fail "latency_check.py: $out"
fi

log="$TMP/apache.log"
fmt='--format=%h %l %u %t "%r" %>s %b %D'
"$STATUSMON" --report=json "$fmt" "$log" >"$TMP/a.json"
p99=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["latency"]["classes"]["5xx"]["request"]["p99"])' "$TMP/a.json")
below=$(python3 -c 'import sys; print("%.6f" % (float(sys.argv[1]) * 0.999))' "$p99")
above=$(python3 -c 'import sys; print("%.6f" % (float(sys.argv[1]) * 1.001))' "$p99")
expect_exit "p99(5xx) just above its threshold" 3 "$STATUSMON" "$fmt" --fail-on="p99(5xx)>${below}s" "$log"
expect_contains "the rule is named with its measured value" "p99(5xx)>${below}s' holds: measured" "$(cat "$TMP/err")"
expect_exit "p99(5xx) just below its threshold" 0 "$STATUSMON" "$fmt" --fail-on="p99(5xx)>${above}s" "$log"
expect_exit "p50(200)>300ms: the 200s are fast" 0 "$STATUSMON" "$fmt" --fail-on='p50(200)>300ms' "$log"
expect_exit "p99(5xx)>2s: the 504s pile up at 60 s" 3 "$STATUSMON" "$fmt" --fail-on='p99(5xx)>2s' "$log"
expect_exit "a log without durations never trips a latency rule" 0 \
	"$STATUSMON" --fail-on='p50(2xx)>=0s' "$SAMPLES/combined.log"
expect_exit "a malformed latency rule is a usage error" 2 "$STATUSMON" --fail-on='p99(5xx)>2h' "$log"
"$STATUSMON" --report=csv "$fmt" "$log" >"$TMP/a.csv"
expect_contains "CSV has the duration table" "status,class,duration,count,absent,sum,min,p50,p90,p99,max" "$(cat "$TMP/a.csv")"

finish
