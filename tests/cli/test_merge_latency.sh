#!/usr/bin/env bash
# --merge and latency: logs with request and upstream times (nginx) and %D
# (Apache) cut into pieces, each reported with its own thread count, merged,
# and compared with one report over the whole log: every histogram (count,
# absent, sum, min, max, buckets, quantiles) per status and class equal, and
# equal to the generator's own values; the text and CSV show it. Damaged
# histograms are named and left out; reports without latency still merge.
. "$SM_SOURCE_DIR/tests/lib.sh"
mlc=$SM_SOURCE_DIR/tests/cli/merge_latency_check.py
nginx_fmt='--format=$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time "$upstream_response_time"'
apache_fmt='--format=%h %l %u %t "%r" %>s %b %D'

for kind in nginx apache; do
	fmt=$nginx_fmt
	[ $kind = apache ] && fmt=$apache_fmt
	d=$TMP/$kind
	mkdir -p "$d"
	python3 "$mlc" gen $kind "$d/all.log" 30000 "$d/expect.json"
	python3 "$mlc" split "$d/all.log" "$d" 4
	"$STATUSMON" --report=json "$fmt" --threads=2 "$d/all.log" >"$d/whole.json"
	parts=""
	for i in 0 1 2 3; do
		"$STATUSMON" --report=json "$fmt" --threads=$((i + 1)) -o "$d/p$i.json" "$d/p$i.log"
		parts="$parts $d/p$i.json"
	done
	# shellcheck disable=SC2086
	expect_exit "$kind: merge of 4 pieces" 0 "$STATUSMON" --merge --report=json $parts
	cp "$TMP/out" "$d/merged.json"
	python3 "$mlc" compare "$d/merged.json" "$d/whole.json" >"$TMP/cmp" 2>&1
	expect_contains "$kind: merged latency = whole, per status and class" "OK" "$(cat "$TMP/cmp")"
	python3 "$mlc" exact "$d/merged.json" "$d/expect.json" >"$TMP/cmp" 2>&1
	expect_contains "$kind: merged latency = the generator's values" "OK" "$(cat "$TMP/cmp")"
	# a merge of a merge is still exact
	"$STATUSMON" --merge -o "$d/m01.json" "$d/p0.json" "$d/p1.json"
	"$STATUSMON" --merge --report=json "$d/m01.json" "$d/p2.json" "$d/p3.json" >"$d/re.json"
	python3 "$mlc" compare "$d/re.json" "$d/whole.json" >"$TMP/cmp" 2>&1
	expect_contains "$kind: merge of a merge = whole" "OK" "$(cat "$TMP/cmp")"
	# CSV: the same duration table as one report over the whole log
	"$STATUSMON" --report=csv "$fmt" "$d/all.log" >"$d/whole.csv"
	# shellcheck disable=SC2086
	"$STATUSMON" --merge --report=csv $parts >"$d/merged.csv"
	expect_eq "$kind: CSV duration table = whole" \
		"$(python3 "$mlc" csvtable "$d/whole.csv")" "$(python3 "$mlc" csvtable "$d/merged.csv")"
	# shellcheck disable=SC2086
	"$STATUSMON" --merge $parts >"$d/merged.txt"
	"$STATUSMON" "$fmt" "$d/all.log" >"$d/whole.txt"
	expect_eq "$kind: text response-time section = whole" \
		"$(sed -n '/^Response time/,/quantiles within/p' "$d/whole.txt")" \
		"$(sed -n '/^Response time/,/quantiles within/p' "$d/merged.txt")"
done
expect_contains "text shows upstream time" "Response time (upstream)" "$(cat "$TMP/nginx/merged.txt")"
expect_not_contains "no upstream for %D" "Response time (upstream)" "$(cat "$TMP/apache/merged.txt")"

# damaged histograms: named, left out (exit 1), the good report still merged
d=$TMP/nginx
for what in index count minmax order sum lines long; do
	cp "$d/p1.json" "$d/bad.json"
	python3 "$mlc" edit "$d/bad.json" 200 $what
	expect_exit "damaged latency ($what) left out" 1 "$STATUSMON" --merge --report=json \
		"$d/p0.json" "$d/bad.json"
	expect_contains "damaged latency ($what) named" "bad.json: " "$(cat "$TMP/err")"
	lines=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["lines"])' "$TMP/out")
	expect_eq "damaged latency ($what): only the good report counted" "$(wc -l <"$d/p0.log")" "$lines"
done
cp "$d/p1.json" "$d/bad.json"
python3 "$mlc" edit "$d/bad.json" 200 index
"$STATUSMON" --merge "$d/p0.json" "$d/bad.json" >/dev/null 2>"$TMP/err"
expect_contains "index out of range: reason" "latency bucket is not [index < 345" "$(cat "$TMP/err")"

# a report without latency (written before it existed) merges as before
cp "$d/p1.json" "$d/old.json"
python3 "$mlc" strip "$d/old.json"
expect_exit "report without latency merges" 0 "$STATUSMON" --merge --report=json "$d/p0.json" "$d/old.json"
got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["totals"]["lines"], r["latency"]["classes"]["2xx"]["request"]["count"])' "$TMP/out")
want=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["totals"]["lines"] + json.load(open(sys.argv[2]))["totals"]["lines"], r["latency"]["classes"]["2xx"]["request"]["count"])' "$d/p0.json" "$d/p1.json")
expect_eq "lines of both, durations of the one that has them" "$want" "$got"
python3 "$mlc" strip "$d/p0.json"
expect_exit "no report with latency" 0 "$STATUSMON" --merge "$d/p0.json" "$d/old.json"
expect_not_contains "no response-time section" "Response time" "$(cat "$TMP/out")"
finish
