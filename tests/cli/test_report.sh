#!/usr/bin/env bash
# Batch reports end to end, on a generated combined log whose true counts
# the generator tallies independently: JSON parsed back and checked, the
# invariants, gzip = plain, stdin = file, threads = one thread, CSV, text
# width, -o atomicity, --fail-on exit codes, --show-malformed.
. "$SM_SOURCE_DIR/tests/lib.sh"
check=$SM_SOURCE_DIR/tests/cli/report_check.py
log=$TMP/access.log

malformed=$(python3 "$check" gen 40000 7 "$log" "$TMP/expect")
expect_exit "json report" 0 "$STATUSMON" --report=json --threads=1 "$log"
cp "$TMP/out" "$TMP/one.json"
python3 "$check" counts "$TMP/one.json" >"$TMP/got" 2>"$TMP/check.err"
expect_eq "report passes the structure checks" "" "$(cat "$TMP/check.err")"
expect_eq "per-status counts equal the generator's" "$(cat "$TMP/expect")" "$(cat "$TMP/got")"
total=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["lines"], t["malformed"], json.load(open(sys.argv[1]))["format"])' "$TMP/one.json")
expect_eq "lines, malformed, format" "40000 $malformed combined" "$total"

# several threads split the file: same numbers
"$STATUSMON" --report=json --threads=4 "$log" >"$TMP/four.json"
python3 "$check" counts "$TMP/four.json" >"$TMP/got4"
expect_eq "--threads=4 equals --threads=1" "$(cat "$TMP/got")" "$(cat "$TMP/got4")"
# gzip, detected by content not name, and stdin
gzip -c "$log" >"$TMP/rotated.1"
"$STATUSMON" --report=json "$TMP/rotated.1" >"$TMP/gz.json"
python3 "$check" counts "$TMP/gz.json" >"$TMP/gotgz"
expect_eq ".gz equals plain" "$(cat "$TMP/got")" "$(cat "$TMP/gotgz")"
"$STATUSMON" --report=json <"$log" >"$TMP/stdin.json"
python3 "$check" counts "$TMP/stdin.json" >"$TMP/gotin"
expect_eq "stdin equals file" "$(cat "$TMP/got")" "$(cat "$TMP/gotin")"
cat "$TMP/rotated.1" | "$STATUSMON" --report=json - >"$TMP/gzin.json"
python3 "$check" counts "$TMP/gzin.json" >"$TMP/gotgzin"
expect_eq "gzip on stdin" "$(cat "$TMP/got")" "$(cat "$TMP/gotgzin")"
# two inputs make one report, each listed
"$STATUSMON" --report=json "$log" "$TMP/rotated.1" >"$TMP/two.json"
two=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["inputs"]), r["totals"]["lines"], r["inputs"][1]["lines"])' "$TMP/two.json")
expect_eq "two inputs" "2 80000 40000" "$two"
# the PCRE2 path gives the same counts as the fast path
"$STATUSMON" --report=json --no-fast-path --format=combined "$log" >"$TMP/pcre.json"
python3 "$check" counts "$TMP/pcre.json" >"$TMP/gotpcre"
expect_eq "PCRE2 path equals fast path" "$(cat "$TMP/got")" "$(cat "$TMP/gotpcre")"
"$STATUSMON" --report=json --format='%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"' "$log" >"$TMP/lf.json"
python3 "$check" counts "$TMP/lf.json" >"$TMP/gotlf"
expect_eq "LogFormat string equals fast path" "$(cat "$TMP/got")" "$(cat "$TMP/gotlf")"

# CSV: parsed back with Python's csv module, same counts
"$STATUSMON" --report=csv "$log" >"$TMP/r.csv"
csvsum=$(python3 -c '
import csv,sys
text=open(sys.argv[1], newline="").read()
rows=list(csv.DictReader(text[:text.index("\r\n\r\n") + 2].splitlines(True)))
assert list(rows[0].keys())==["code","count","percent","class","kind","reason","vendors"], rows[0].keys()
print(sum(int(r["count"]) for r in rows))' "$TMP/r.csv")
expect_eq "CSV counts add up" "$((40000 - malformed))" "$csvsum"

# text: fits 80 columns, names the format, flags vendor codes
"$STATUSMON" --report=text "$log" >"$TMP/r.txt"
wide=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/r.txt")
[ "$wide" -le 80 ] && pass || fail "text report is $wide columns wide"
expect_contains "text names the format" "combined" "$(cat "$TMP/r.txt")"
expect_contains "text explains 499" "Client Closed Request" "$(cat "$TMP/r.txt")"

# --fail-on: report still written, rule named, exit 3; rules that do not hold: 0
expect_exit "fail-on holds" 3 "$STATUSMON" --report=json --fail-on='vendor>0' "$log"
expect_contains "fired rule named" "vendor>0" "$(cat "$TMP/err")"
python3 "$check" check "$TMP/out" && pass || fail "report written even when a rule fires"
expect_exit "fail-on 5xx>1% holds" 3 "$STATUSMON" --report=json --fail-on='5xx>1%' "$log"
expect_exit "fail-on 5xx>90% does not hold" 0 "$STATUSMON" --report=json --fail-on='5xx>90%' "$log"
expect_exit "fail-on 499>=100000 does not hold" 0 "$STATUSMON" --report=json --fail-on='499>=100000' "$log"

# -o: atomic; a failure leaves the old report alone
echo "old report" >"$TMP/report.json"
expect_exit "-o writes" 0 "$STATUSMON" --report=json -o "$TMP/report.json" "$log"
python3 "$check" check "$TMP/report.json" && pass || fail "-o output is a valid report"
expect_eq "-o leaves no temporary file" "report.json" "$(cd "$TMP" && ls report.json* )"
expect_exit "-o into a missing directory" 1 "$STATUSMON" --report=json -o "$TMP/no/such/dir/r.json" "$log"
echo "a file" >"$TMP/notadir"
expect_exit "-o under a non-directory" 1 "$STATUSMON" --report=json -o "$TMP/notadir/r.json" "$log"
expect_contains "-o failure names the path" "$TMP/notadir/r.json" "$(cat "$TMP/err")"
# -o must not leave partial output when the input fails
expect_exit "-o with a failing input still writes" 1 "$STATUSMON" --report=json -o "$TMP/partial.json" "$TMP/missing.log" "$log"
python3 "$check" check "$TMP/partial.json" && pass || fail "report of the readable input written"

# --show-malformed: FILE:LINE, first N, sanitized
"$STATUSMON" --report=json --show-malformed=3 "$log" >/dev/null 2>"$TMP/mal"
expect_eq "three malformed lines shown" 3 "$(grep -c 'malformed' "$TMP/mal")"
expect_contains "file:line" "$log:" "$(cat "$TMP/mal")"

# SIGPIPE: | head -1 exits quietly
"$STATUSMON" --report=text "$log" 2>"$TMP/pipe.err" | head -1 >/dev/null
expect_eq "no message when the reader goes away" "" "$(cat "$TMP/pipe.err")"

finish
