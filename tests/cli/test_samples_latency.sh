#!/usr/bin/env bash
# test_samples_latency.sh: the samples with durations (nginx log_format
# with $request_time $upstream_response_time, Apache LogFormat with %D),
# read with their format strings: the JSON report's durations per code and
# class equal samples_latency.py's exact computation from the log text
# (integer microseconds, integer bucket arithmetic), and upstream lists
# such as "0.002, 0.118" are summed.
. "$SM_SOURCE_DIR/tests/lib.sh"

nginx='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time'
apache='%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D'

check() {   # check NAME FORMAT KIND
	local out
	"$STATUSMON" --report=json --format="$2" "$SAMPLES/$1" >"$TMP/r.json" 2>"$TMP/err" ||
		{ fail "$1: statusmon failed: $(cat "$TMP/err")"; return; }
	if out=$(python3 "$SM_SOURCE_DIR/tests/cli/samples_latency.py" "$TMP/r.json" \
		"$SAMPLES/$1" "$3" 2>&1); then pass; else fail "$1: $out"; fi
	expect_contains "$1: nothing malformed" '"malformed": 0' "$(cat "$TMP/r.json")"
}
check nginx-timed.log "$nginx" nginx
check apache-timed.log "$apache" apache
expect_contains "the nginx sample has upstream lists" ', ' \
	"$(grep -oE '[0-9]+\.[0-9]{3}, [0-9]+\.[0-9]{3}$' "$SAMPLES/nginx-timed.log" | head -1)"
expect_contains "the nginx sample has 504s at the 60 s timeout" '" 504 ' \
	"$(grep -E ' 60\.[0-9]{3} ' "$SAMPLES/nginx-timed.log" | head -1)"
finish
