#!/usr/bin/env bash
# --merge, CSV and options: a merged CSV report ends with the per-host
# table, the notes and the reports left out (merge_csv_check.py reads it
# with the csv module and compares it with the merged JSON; host lines are
# counted from the logs; a host or file name that a spreadsheet would run as
# a formula is guarded). Options that read logs are refused with --merge.
. "$SM_SOURCE_DIR/tests/lib.sh"
mc=$SM_SOURCE_DIR/tests/cli/merge_check.py
cc=$SM_SOURCE_DIR/tests/cli/merge_csv_check.py

"$STATUSMON" --report=json --bucket=1m -o "$TMP/a.json" "$SAMPLES/caddy.log"
"$STATUSMON" --report=json --bucket=5m -o "$TMP/b.json" "$SAMPLES/nginx-json.log"
"$STATUSMON" --report=json -o "$TMP/c.json" "$SAMPLES/combined.log"
python3 "$mc" sethost "$TMP/a.json" web0
python3 "$mc" sethost "$TMP/b.json" '=HYPERLINK("http://x")'
python3 "$mc" sethost "$TMP/c.json" web0
echo '{"version": 2}' >"$TMP/=cmd.json"
cd "$TMP" || exit 1
expect_exit "merge to CSV, one report left out" 1 "$STATUSMON" --merge --report=csv \
	a.json b.json c.json =cmd.json
cp "$TMP/out" "$TMP/merged.csv"
"$STATUSMON" --merge --report=json a.json b.json c.json =cmd.json >"$TMP/merged.json" 2>/dev/null
python3 "$cc" "$TMP/merged.csv" "$TMP/merged.json" >"$TMP/cmp" 2>&1
expect_contains "CSV hosts, notes, left out = JSON's, guarded" "OK 2 hosts, 1 notes, 1 left out" \
	"$(cat "$TMP/cmp")"
csv=$(cat "$TMP/merged.csv")
expect_contains "host lines counted from the logs (web0)" \
	"web0,$(cat "$SAMPLES/caddy.log" "$SAMPLES/combined.log" | wc -l)," "$csv"
expect_contains "formula host guarded" "\"'=HYPERLINK(\"\"http://x\"\")\",$(wc -l <"$SAMPLES/nginx-json.log")," "$csv"
expect_contains "formula file name guarded" "'=cmd.json: not a statusmon JSON report" "$csv"
expect_contains "re-bucketing note" "re-bucketed" "$(grep -A2 '^note' "$TMP/merged.csv")"
"$STATUSMON" --report=csv "$SAMPLES/caddy.log" >"$TMP/plain.csv"
expect_not_contains "a plain run has no host table" "host,lines,counted" "$(cat "$TMP/plain.csv")"

# options that read logs: a usage error naming the option
for o in --status=5xx --path=/x --method=GET --vhost=a --since=2024-01-01 --until=2024-01-01 \
	--threads=2 --format=combined --patterns-dir=. --no-fast-path --bucket=5m \
	--show-malformed --rotate-wait=1; do
	expect_exit "--merge $o refused" 2 "$STATUSMON" --merge "$o" a.json
	expect_contains "--merge $o named" "--merge reads reports, not logs: ${o%%=*} does not apply" \
		"$(cat "$TMP/err")"
done
# ... in any order
expect_exit "option before --merge refused" 2 "$STATUSMON" --threads=2 --merge a.json
# the options that apply to a merge
expect_exit "--top -o --report --fail-on apply" 3 "$STATUSMON" --merge --top=2 --report=json \
	-o "$TMP/top.json" --fail-on='2xx>1%' a.json b.json
top=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["top_n"], max(len(s["top_paths"]) for s in r["statuses"]))' "$TMP/top.json")
expect_eq "--top=2 applied" "2 2" "$top"
expect_exit "--report=prometheus with --report-label" 0 "$STATUSMON" --merge --report=prometheus \
	--report-label=fleet a.json b.json
expect_contains "label applied" 'report="fleet"' "$(cat "$TMP/out")"
finish
