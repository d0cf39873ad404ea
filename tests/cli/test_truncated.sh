# tests/cli/test_truncated.sh: a log whose writer was cut off. The last
# line of a combined log lost the end of its user agent (no closing quote,
# no newline: the process died mid-write); another stopped right after its
# size; a third was cut inside the request, before its status. The first
# two are counted (status 200, totals.truncated 2), the third is malformed,
# and every way of reading combined agrees: detected, --format=combined
# (fast path), --no-fast-path (PCRE2 pattern), the Apache LogFormat and the
# nginx log_format strings. Then samples/iis.log: its 8 W3C directive lines
# are directives, not data, and the other lines all parse.
. "$SM_SOURCE_DIR/tests/lib.sh"

log=$TMP/access.log
{
	printf '%s\n' \
		'192.0.2.10 - - [10/Oct/2024:13:55:30 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"' \
		'192.0.2.11 - - [10/Oct/2024:13:55:31 +0000] "GET /missing HTTP/1.1" 404 153 "-" "Mozilla/5.0"' \
		'192.0.2.12 - - [10/Oct/2024:13:55:32 +0000] "POST /api HTTP/1.1" 502 157 "https://example.com/" "python-requests/2.31"' \
		'192.0.2.13 - - [10/Oct/2024:13:55:33 +0000] "GET /a.css HTTP/1.1" 200 1024' \
		'192.0.2.14 - - [10/Oct/2024:13:55:34 +0000] "GET /lo'
	printf '%s' '1.2.3.4 - - [10/Oct/2024:13:55:36 +0000] "GET /a HTTP/1.1" 200 512 "http://ref" "Mozilla/5.0 (X11'
} >"$log"

# check_cut WHAT ARGS...: the report's totals and statuses for $log
check_cut() {
	local what=$1 rc=0
	shift
	"$STATUSMON" --report=json "$@" "$log" >"$TMP/r.json" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$what: exit $rc: $(head -c 300 "$TMP/err")"
		return
	fi
	if python3 - "$TMP/r.json" >"$TMP/diff" <<'EOF'; then pass; else fail "$what: $(cat "$TMP/diff")"; fi
import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
got = (t["lines"], t["parsed"], t["malformed"], t.get("truncated"),
       {s["code"]: s["count"] for s in r["statuses"]})
want = (6, 5, 1, 2, {200: 3, 404: 1, 502: 1})
if got != want:
    print("got %r, want %r" % (got, want))
    sys.exit(1)
EOF
}

check_cut "auto"
check_cut "combined, fast path" --format=combined
check_cut "combined, PCRE2" --format=combined --no-fast-path
check_cut "Apache LogFormat" --format='%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"'
check_cut "nginx log_format" --format='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'

"$STATUSMON" --format=combined "$log" >"$TMP/r.txt" 2>"$TMP/err"
expect_contains "text report notes the cut lines" "(2 of them truncated)" "$(cat "$TMP/r.txt")"

# a cut before the size is no cut line: the same log without its size
printf '%s' '1.2.3.4 - - [10/Oct/2024:13:55:36 +0000] "GET /a HTTP/1.1" 200' >"$TMP/short.log"
"$STATUSMON" --report=json --format=combined "$TMP/short.log" >"$TMP/r.json" 2>"$TMP/err"
expect_contains "cut before the size: malformed" '"parsed": 0, "malformed": 1' "$(cat "$TMP/r.json")"

# IIS: directives are the format, not data
"$STATUSMON" --report=json "$SAMPLES/iis.log" >"$TMP/iis.json" 2>"$TMP/err"
expect_contains "iis.log detected as W3C" '"format": "w3c"' "$(cat "$TMP/iis.json")"
expect_contains "iis.log directives" '"directives": 8' "$(cat "$TMP/iis.json")"
expect_contains "iis.log parsed" '"parsed": 125' "$(cat "$TMP/iis.json")"
# a freshly rotated IIS log holds only its header: detected, nothing parsed
head -4 "$SAMPLES/iis.log" >"$TMP/rotated.log"
"$STATUSMON" --report=json "$TMP/rotated.log" >"$TMP/rot.json" 2>"$TMP/err"
expect_contains "header-only IIS log detected as W3C" '"format": "w3c"' "$(cat "$TMP/rot.json")"

finish
