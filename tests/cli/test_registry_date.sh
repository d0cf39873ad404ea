#!/bin/bash
# test_registry_date.sh: the built-in registry is IANA's as updated on the
# date in data/http-status-codes.updated (2022-06-08), and every report,
# --help and the man page say so; the 2022 reasons (413 Content Too Large,
# 422 Unprocessable Content, 418 reserved) reach the text, JSON and CSV
# reports of a real combined log.
. "$(dirname "$0")/../lib.sh"

DATA=$SM_SOURCE_DIR/data
date=$(head -1 "$DATA/http-status-codes.updated")
expect_eq "data date" "2022-06-08" "$date"

# one line per code of interest, as Apache writes them
log=$TMP/access.log
for s in 200 413 413 418 422 499 520; do
	printf '203.0.113.7 - - [08/Jun/2022:10:00:0%d +0000] "POST /api/upload HTTP/1.1" %s 512 "-" "curl/7.81.0"\n' \
		"$((RANDOM % 10))" "$s"
done >"$log"

expect_exit "text report" 0 "$STATUSMON" "$log"
text=$(cat "$TMP/out")
expect_contains "text registry date" "Registry      built-in (updated $date)" "$text"
expect_contains "text 413" "413        Content Too Large" "$text"
expect_contains "text 422" "422        Unprocessable Content" "$text"
expect_not_contains "text no 2018 names" "Payload Too Large" "$text"
expect_not_contains "text no 2018 names" "Unprocessable Entity" "$text"

expect_exit "json report" 0 "$STATUSMON" --report=json "$log"
got=$(python3 - "$TMP/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(r["registry"]["source"], r["registry"]["updated"])
for s in sorted(r["statuses"], key=lambda s: s["code"]):
    print(s["code"], s["count"], s["kind"], s["reason"], s["reference"])
PY
)
expect_eq "json rows" "built-in $date
200 1 registered OK [RFC9110, Section 15.3.1]
413 2 registered Content Too Large [RFC9110, Section 15.5.14]
418 1 registered (Unused) [RFC9110, Section 15.5.19]
422 1 registered Unprocessable Content [RFC9110, Section 15.5.21]
499 1 vendor Client Closed Request 
520 1 vendor Unknown Error " "$got"

expect_exit "csv report" 0 "$STATUSMON" --report=csv "$log"
expect_contains "csv 413" $'413,2,28.57,4xx,registered,Content Too Large,\r' "$(cat "$TMP/out")"
expect_contains "csv 418" "418,1,14.29,4xx,registered,(Unused),HTCPCP: I'm a teapot" "$(cat "$TMP/out")"

# a reserved code is not a vendor code: 499 and 520 are the 2 vendor lines
# (3 if 418 still counted as one)
expect_exit "fail-on vendor>1" 3 "$STATUSMON" --fail-on='vendor>1' "$log"
expect_exit "fail-on vendor>2" 0 "$STATUSMON" --fail-on='vendor>2' "$log"

# --registry names a file, so the report says which
expect_exit "file registry" 0 "$STATUSMON" --registry "$DATA/http-status-codes.csv" "$log"
expect_contains "file registry source" "Registry      $DATA/http-status-codes.csv" "$(cat "$TMP/out")"

expect_exit "help" 0 "$STATUSMON" --help
expect_contains "help date" "updated $date" "$(cat "$TMP/out")"
expect_contains "man date" "$date" "$(grep -A2 'http\\-status\\-codes.csv' "$SM_SOURCE_DIR/man/statusmon.1")"
expect_contains "man json date" "\"updated\": \"$date\"" "$(cat "$SM_SOURCE_DIR/man/statusmon.1")"

finish
