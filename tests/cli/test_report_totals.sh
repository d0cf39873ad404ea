#!/usr/bin/env bash
# Issue 11, the report side, end to end on the samples: W3C directives are
# their own category (lines = parsed + malformed + directives, --fail-on
# malformed never counts them), a run whose lines are all filtered out still
# reports its time range, log bytes reach no output raw (bidi controls
# shown as <U+202E> in text and CSV, \u202e in JSON) and CSV cells that a
# spreadsheet would run as formulas start with '.
. "$SM_SOURCE_DIR/tests/lib.sh"

# samples/iis.log: 134 lines, 8 directives, 1 cut line, 125 requests
"$STATUSMON" --report=json --format=w3c "$SAMPLES/iis.log" >"$TMP/iis.json"
got=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]
print(t["lines"], t["parsed"], t["malformed"], t["directives"])' "$TMP/iis.json")
expect_eq "iis.log: lines parsed malformed directives" "134 125 1 8" "$got"
# 1 malformed of 126 non-directive lines = 0.79%; directives never count
expect_exit "iis.log: malformed>5% does not hold" 0 \
	"$STATUSMON" --format=w3c --fail-on='malformed>5%' -o "$TMP/r.txt" "$SAMPLES/iis.log"
expect_exit "iis.log: malformed>0.8% does not hold" 0 \
	"$STATUSMON" --format=w3c --fail-on='malformed>0.8%' -o "$TMP/r.txt" "$SAMPLES/iis.log"
expect_exit "iis.log: malformed>0.7% holds" 3 \
	"$STATUSMON" --format=w3c --fail-on='malformed>0.7%' -o "$TMP/r.txt" "$SAMPLES/iis.log"
"$STATUSMON" --format=w3c "$SAMPLES/iis.log" >"$TMP/iis.txt"
expect_contains "text: the totals' invariant" \
	"  Lines         134  = parsed + malformed + directives" "$(cat "$TMP/iis.txt")"
expect_contains "text: directives apart" "  Directives      8" "$(cat "$TMP/iis.txt")"
expect_contains "text: malformed of non-directive lines" \
	"  Malformed       1  (0.79% of non-directive lines)" "$(cat "$TMP/iis.txt")"
"$STATUSMON" --report=csv --format=w3c "$SAMPLES/iis.log" >"$TMP/iis.csv"
expect_contains "csv: the totals table" \
	"$(printf 'lines,parsed,malformed,directives,filtered,counted\r\n134,125,1,8,0,125\r\n')" \
	"$(cat "$TMP/iis.csv")"

# every line filtered out: the log's time range is still reported
"$STATUSMON" --format=combined --status=100 "$SAMPLES/combined.log" >"$TMP/none.txt"
expect_not_contains "all filtered: no 'no timestamps'" "no timestamps" "$(cat "$TMP/none.txt")"
expect_contains "all filtered: the log's time range" \
	"  Time range    2024-03-12T07:01:12Z .. " "$(cat "$TMP/none.txt")"
"$STATUSMON" --report=json --format=combined --status=100 "$SAMPLES/combined.log" >"$TMP/none.json"
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(d["totals"]["counted"], d["time_range"]["first"])' "$TMP/none.json")
expect_eq "all filtered: JSON time range" "0 2024-03-12T07:01:12Z" "$got"

# a bidi override and a zero-width space in a path, a formula as status
L='192.0.2.7 - - [12/Mar/2024:08:01:12 +0100]'
{ printf '%s "GET /invoice_\xe2\x80\xaefdp.exe HTTP/1.1" 404 5 "-" "ua"\n' "$L"
  printf '%s "GET /a\xe2\x80\x8bb HTTP/1.1" 404 5 "-" "ua"\n' "$L"
  printf '%s "GET / HTTP/1.1" =1+2 5 "-" "ua"\n' "$L"
  printf '%s "GET / HTTP/1.1" - 5 "-" "ua"\n' "$L"
} >"$TMP/bidi.log"
"$STATUSMON" --format=combined "$TMP/bidi.log" >"$TMP/bidi.txt"
expect_contains "text: bidi override shown" "/invoice_<U+202E>fdp.exe" "$(cat "$TMP/bidi.txt")"
expect_contains "text: zero-width space shown" "/a<U+200B>b" "$(cat "$TMP/bidi.txt")"
expect_not_contains "text: no raw U+202E" "$(printf '\xe2\x80\xae')" "$(cat "$TMP/bidi.txt")"
"$STATUSMON" --report=json --format=combined "$TMP/bidi.log" >"$TMP/bidi.json"
expect_contains "json: \\u202e" '"/invoice_\u202efdp.exe"' "$(cat "$TMP/bidi.json")"
"$STATUSMON" --report=csv --format=combined "$TMP/bidi.log" >"$TMP/bidi.csv"
expect_contains "csv: formula guarded" "$(printf "\r\n'=1+2,1,")" "$(cat "$TMP/bidi.csv")"
expect_contains "csv: '-' guarded" "$(printf "\r\n'-,1,")" "$(cat "$TMP/bidi.csv")"
expect_not_contains "csv: no raw U+202E" "$(printf '\xe2\x80\xae')" "$(cat "$TMP/bidi.csv")"

finish
