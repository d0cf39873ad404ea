#!/usr/bin/env bash
# test_follow_metrics.sh: follow health in /metrics (statusmon --listen).
# A rotation (rename + create) shows statusmon_follow_rotations_total 1 for
# that input and the lines of both files are counted; an input whose name
# turns into a directory (an open error even for root, who runs CI) shows
# open errors and statusmon_follow_fault 1, then 0 once a file is back; a
# hostile input name is escaped onto one line. Polls until the expected
# value appears (no timing assertion: a slow machine only waits longer).
source "$(dirname "$0")/../lib.sh"
for b in curl python3; do
	command -v "$b" >/dev/null 2>&1 || { echo "SKIP: $b not installed"; exit 0; }
done
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT/metrics"
line() { printf '10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET /%s HTTP/1.1" %s 5 "-" "t"\n' "$1" "$2"; }

# sample NAME INPUT: the value of NAME{input="INPUT"} in a scrape now
sample() { curl -s "$URL" | awk -v k="$1{input=\"$2\"}" '$1 == k { print $2 }'; }
# wait_for WHAT NAME INPUT VALUE: polls (up to 20 s) until the sample equals VALUE
wait_for() {
	local i got
	for i in $(seq 200); do
		got=$(sample "$2" "$3")
		[ "$got" = "$4" ] && { pass; return; }
		sleep 0.1
	done
	fail "$1: $2{input=\"$3\"} is [$got], expected [$4]"
}

cd "$TMP" || exit 1
line a 200 >a.log
echo x >b.log
EVIL=$'ev"il\\\x1b.log'
: >"$EVIL"
"$STATUSMON" --listen="127.0.0.1:$PORT" a.log b.log "$EVIL" >sm.out 2>sm.err &
pid=$!
for i in $(seq 100); do curl -s -o /dev/null "$URL" && break; sleep 0.1; done
wait_for "healthy at start" statusmon_follow_fault a.log 0
expect_eq "no rotation yet" "0" "$(sample statusmon_follow_rotations_total a.log)"

# rotation: rename, create, write to the new file
line b 404 >>a.log
mv a.log a.log.1
line c 503 >a.log
wait_for "a rename + create is one rotation" statusmon_follow_rotations_total a.log 1
for i in $(seq 100); do
	[ "$(curl -s "$URL" | awk '$1 ~ /^statusmon_responses_total/ { s += $2 } END { print s + 0 }')" = 2 ] && break
	sleep 0.1
done
m=$(curl -s "$URL")
expect_eq "the line before and the line after the rotation counted" "1 1" \
	"$(echo "$m" | awk '$1 ~ /^statusmon_responses_total\{code="404"/ { a = $2 } $1 ~ /^statusmon_responses_total\{code="503"/ { b = $2 } END { print a + 0, b + 0 }')"
expect_eq "no error on a.log" "0 0" \
	"$(sample statusmon_follow_open_errors_total a.log) $(sample statusmon_follow_read_errors_total a.log)"

# b.log becomes a directory: open errors, a fault; back to a file: healthy
rm b.log
mkdir b.log
wait_for "b.log as a directory is a fault" statusmon_follow_fault b.log 1
n=$(sample statusmon_follow_open_errors_total b.log)
[ "${n:-0}" -ge 1 ] && pass || fail "open errors on b.log: [$n], expected >= 1"
rmdir b.log
line d 200 >b.log
wait_for "b.log healthy again" statusmon_follow_fault b.log 0
n2=$(sample statusmon_follow_open_errors_total b.log)
[ "${n2:-0}" -ge "${n:-1}" ] && pass || fail "open errors went down: $n then $n2"

m=$(curl -s "$URL")
expect_contains "hostile input name escaped" 'statusmon_follow_fault{input="ev\"il\\\\\\x1b.log"} 0' "$m"
expect_eq "five follow families of three inputs each" "15" \
	"$(echo "$m" | grep -c '^statusmon_follow_')"
if command -v promtool >/dev/null 2>&1; then
	echo "$m" >m.txt
	expect_exit "promtool check metrics" 0 promtool check metrics <m.txt
fi
kill -TERM "$pid"
wait "$pid"
expect_eq "exit status after SIGTERM" 0 $?
pid=
finish
