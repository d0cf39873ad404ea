#!/usr/bin/env bash
# The command-line and output traps of issue 11 (items 5 and 6), each as a
# person falls into it: --report with a space, -o's extension, a directory
# operand, a bare number for --since, an empty time range, -o over a
# private report, -o naming an input, a signal during -o, and stdout that
# cannot be written. Every check here failed before the fix.
. "$SM_SOURCE_DIR/tests/lib.sh"
check=$SM_SOURCE_DIR/tests/cli/report_check.py
log=$TMP/access.log
python3 "$check" gen 3000 11 "$log" "$TMP/expect" >/dev/null
# the per-status counts of a JSON report, or "not JSON"
counts() { python3 "$check" counts "$1" 2>/dev/null || echo "not JSON"; }

# ------------------------------------------------ --report FORMAT (a space)
expect_exit "--report json FILE" 0 "$STATUSMON" --report json "$log"
expect_eq "--report json FILE is the JSON report of FILE" "$(cat "$TMP/expect")" "$(counts "$TMP/out")"
expect_exit "--report=json FILE" 0 "$STATUSMON" --report=json "$log"
expect_eq "--report=json FILE is the same report" "$(cat "$TMP/expect")" "$(counts "$TMP/out")"
expect_exit "--report csv FILE" 0 "$STATUSMON" --report csv "$log"
expect_eq "--report csv: the CSV header" "code,count,percent,class,kind,reason,vendors" \
	"$(head -1 "$TMP/out" | tr -d "\r")"
expect_exit "--report without a FORMAT" 2 "$STATUSMON" --report
expect_contains "--report without a FORMAT: the formats listed" "text, json, csv, prometheus or html" "$(cat "$TMP/err")"
expect_exit "--report followed by an option" 2 "$STATUSMON" --report --top=3 "$log"
expect_contains "--report followed by an option: FORMAT asked for" "needs a FORMAT" "$(cat "$TMP/err")"
expect_exit "--report FILE (the format forgotten)" 2 "$STATUSMON" --report "$log"
expect_eq "--report FILE: nothing on stdout" "" "$(cat "$TMP/out")"

# ------------------------------------------------ -o FILE.ext picks the format
expect_exit "-o r.json" 0 "$STATUSMON" -o "$TMP/r.json" "$log"
expect_eq "-o r.json writes JSON" "$(cat "$TMP/expect")" "$(counts "$TMP/r.json")"
python3 "$check" check "$TMP/r.json" && pass || fail "-o r.json: the report's structure"
expect_exit "-o r.CSV" 0 "$STATUSMON" -o "$TMP/r.CSV" "$log"
expect_eq "-o r.CSV writes CSV" "code,count,percent,class,kind,reason,vendors" "$(head -1 "$TMP/r.CSV" | tr -d "\r")"
expect_exit "-o r.txt" 0 "$STATUSMON" -o "$TMP/r.txt" "$log"
expect_contains "-o r.txt writes text" "Parsed" "$(cat "$TMP/r.txt")"
expect_exit "-o r.prom" 0 "$STATUSMON" -o "$TMP/r.prom" "$log"
expect_contains "-o r.prom: prometheus, report label from the name" 'statusmon_report_lines{report="r",outcome="counted"}' "$(cat "$TMP/r.prom")"
expect_exit "--report=csv -o r.json" 0 "$STATUSMON" --report=csv -o "$TMP/x.json" "$log"
expect_eq "--report wins over the extension" "code,count,percent,class,kind,reason,vendors" \
	"$(head -1 "$TMP/x.json" | tr -d "\r")"

# ------------------------------------------------ a directory operand
mkdir -p "$TMP/nginx"
cp "$log" "$TMP/nginx/access.log"
expect_exit "a directory operand" 2 "$STATUSMON" --report=json "$TMP/nginx"
expect_eq "a directory operand: nothing on stdout" "" "$(cat "$TMP/out")"
expect_contains "a directory operand: the glob suggested" \
	"$TMP/nginx: is a directory; did you mean $TMP/nginx/access.log* ?" "$(cat "$TMP/err")"
expect_exit "a directory among files" 2 "$STATUSMON" --report=json "$log" "$TMP/nginx/"
expect_eq "a directory among files: no report" "" "$(cat "$TMP/out")"
expect_contains "DIR/: one slash in the hint" "$TMP/nginx/access.log*" "$(cat "$TMP/err")"
expect_exit "the suggested glob works" 0 "$STATUSMON" --report=json "$TMP/nginx/"access.log*
expect_eq "the suggested glob: the log's counts" "$(cat "$TMP/expect")" "$(counts "$TMP/out")"

# ------------------------------------------------ --since / --until
for arg in --since=2026 --until=3600 "--since= 90 "; do
	expect_exit "$arg: a bare number" 2 "$STATUSMON" --report=json "$arg" "$log"
	expect_eq "$arg: nothing on stdout" "" "$(cat "$TMP/out")"
	expect_contains "$arg: the accepted forms listed" "30m, 2h, 7d" "$(cat "$TMP/err")"
	expect_contains "$arg: ISO 8601 listed" "2024-05-01T10:00" "$(cat "$TMP/err")"
done
expect_exit "--since=2026" 2 "$STATUSMON" --since=2026 "$log"
expect_contains "--since=2026: the year as a date" "2026-01-01" "$(cat "$TMP/err")"
expect_exit "--since=2026-01-01 is a date" 0 "$STATUSMON" --report=json --since=2026-01-01 "$log"
expect_exit "--since=2h --until=3h: an empty range" 2 "$STATUSMON" --report=json --since=2h --until=3h "$log"
expect_contains "empty range named" "empty time range" "$(cat "$TMP/err")"
expect_eq "empty range: nothing on stdout" "" "$(cat "$TMP/out")"
expect_exit "--since equal to --until" 2 "$STATUSMON" --report=json \
	--since=2024-05-01T10:00 --until=2024-05-01T10:00 "$log"
expect_exit "--since=3h --until=2h is a range" 0 "$STATUSMON" --report=json --since=3h --until=2h "$log"

# ------------------------------------------------ -o keeps an existing file's mode
echo "old private report" >"$TMP/private.txt"
chmod 600 "$TMP/private.txt"
expect_exit "-o over a 0600 report" 0 "$STATUSMON" -o "$TMP/private.txt" "$log"
expect_eq "-o over a 0600 report keeps 0600" 600 "$(stat -c %a "$TMP/private.txt")"
expect_contains "-o over a 0600 report: the new report" "Parsed" "$(cat "$TMP/private.txt")"
echo "old" >"$TMP/shared.json"
chmod 664 "$TMP/shared.json"
(umask 077 && "$STATUSMON" -o "$TMP/shared.json" "$log")
expect_eq "-o over a 0664 report keeps 0664 under umask 077" 664 "$(stat -c %a "$TMP/shared.json")"
(umask 027 && "$STATUSMON" -o "$TMP/new.json" "$log")
expect_eq "a new -o file honours the umask (027: 0640)" 640 "$(stat -c %a "$TMP/new.json")"
(umask 022 && "$STATUSMON" -o "$TMP/new2.json" "$log")
expect_eq "a new -o file honours the umask (022: 0644)" 644 "$(stat -c %a "$TMP/new2.json")"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	echo old >"$TMP/owned.txt"
	chown nobody "$TMP/owned.txt"
	"$STATUSMON" -o "$TMP/owned.txt" "$log"
	expect_eq "-o as root keeps the owner" nobody "$(stat -c %U "$TMP/owned.txt")"
else
	echo "SKIP owner kept: needs root to give a file away"
fi

# ------------------------------------------------ -o naming an input
cp "$log" "$TMP/in.log"
cp "$log" "$TMP/in.orig"
expect_exit "-o FILE FILE" 2 "$STATUSMON" -o "$TMP/in.log" "$TMP/in.log"
expect_contains "-o FILE FILE: named" "is also an input" "$(cat "$TMP/err")"
cmp -s "$TMP/in.log" "$TMP/in.orig" && pass || fail "-o FILE FILE: the input is unchanged"
expect_eq "-o FILE FILE: no temporary file" "" "$(cd "$TMP" && ls in.log.tmp.* 2>/dev/null)"
expect_exit "-o FILE among several inputs" 2 "$STATUSMON" --report=json -o "$TMP/in.log" "$log" "$TMP/in.log"
ln "$TMP/in.log" "$TMP/hardlink.log"
expect_exit "-o a hard link to an input" 2 "$STATUSMON" -o "$TMP/hardlink.log" "$TMP/in.log"
ln -s in.log "$TMP/symlink.log"
expect_exit "-o a symlink to an input" 2 "$STATUSMON" -o "$TMP/symlink.log" "$TMP/in.log"
expect_exit "-o FILE <FILE (stdin)" 2 "$STATUSMON" -o "$TMP/in.log" <"$TMP/in.log"
expect_exit "-o FILE - <FILE" 2 "$STATUSMON" -o "$TMP/in.log" - <"$TMP/in.log"
cmp -s "$TMP/in.log" "$TMP/in.orig" && pass || fail "-o naming an input: the input is unchanged"
expect_exit "-o /dev/null /dev/null harms nothing" 0 "$STATUSMON" -o /dev/null /dev/null

# ------------------------------------------------ a signal during -o
# The input is a FIFO held open by this script, so statusmon is mid-run;
# the temporary file exists from the start (-o opens like a redirect).
# sig_run SIG: the exit status, and what is left beside the report.
sig_run() {
	local sig=$1 pid i left
	rm -f "$TMP/fifo" && mkfifo "$TMP/fifo"
	mkdir -p "$TMP/sig" && echo "old report" >"$TMP/sig/report.json"
	# python3 restores SIGINT, which a background job of a script ignores
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$STATUSMON" -o "$TMP/sig/report.json" "$TMP/fifo" \
		2>"$TMP/sig.err" &
	pid=$!
	exec 3>"$TMP/fifo"
	head -100 "$log" >&3
	for i in $(seq 100); do
		left=$(cd "$TMP/sig" && ls report.json.tmp.* 2>/dev/null)
		[ -n "$left" ] && break
		sleep 0.1
	done
	[ -n "$left" ] && pass || fail "$sig: the temporary file never appeared"
	kill "-$sig" "$pid"
	wait "$pid"
	echo "exit $?"
	exec 3>&-
	(cd "$TMP/sig" && ls)
}
expect_eq "SIGTERM during -o: killed by it, no FILE.tmp.* left" \
	"exit 143 report.json" "$(sig_run TERM | tr '\n' ' ' | sed 's/ $//')"
expect_eq "SIGTERM during -o: the old report untouched" "old report" "$(cat "$TMP/sig/report.json")"
expect_eq "SIGINT during -o: killed by it, no FILE.tmp.* left" \
	"exit 130 report.json" "$(sig_run INT | tr '\n' ' ' | sed 's/ $//')"
expect_eq "SIGINT during -o: the old report untouched" "old report" "$(cat "$TMP/sig/report.json")"

# ------------------------------------------------ stdout that cannot be written
full() { bash -c '"$@" >/dev/full' _ "$@" 2>"$TMP/full.err"; }
for cmd in "--explain 404" "--list-codes" "--list-formats" "--help" "--version" \
           "--report=text $log" "--report=csv $log"; do
	# shellcheck disable=SC2086  # cmd is split into words on purpose
	full "$STATUSMON" $cmd
	expect_eq "$cmd >/dev/full: exit 1" 1 $?
	expect_contains "$cmd >/dev/full: a message" "standard output" "$(cat "$TMP/full.err")"
done

finish
