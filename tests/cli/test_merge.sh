#!/usr/bin/env bash
# --merge end to end: a generated log cut by host and by time, each piece
# reported with its own thread count and bucket width, merged, and compared
# with one report over the whole log (counts, classes, kinds, timeline
# exactly; top lists against true counts from python). Then what must be
# refused: the same report twice, an input counted twice, a damaged or
# foreign report (named, left out, exit 1), a newer schema (exit 2).
. "$SM_SOURCE_DIR/tests/lib.sh"
gen=$SM_SOURCE_DIR/tests/cli/report_check.py
mc=$SM_SOURCE_DIR/tests/cli/merge_check.py
log=$TMP/all.log

python3 "$gen" gen 40000 11 "$log" "$TMP/expect" >/dev/null
python3 "$mc" split "$log" "$TMP"
"$STATUSMON" --report=json --bucket=15m --threads=3 "$log" >"$TMP/whole.json"
threads=1
for p in h0a h0b h1 h2; do
	case $p in h0a) b=1m ;; h0b) b=5m ;; *) b=15m ;; esac
	"$STATUSMON" --report=json --bucket=$b --threads=$threads -o "$TMP/$p.json" "$TMP/$p.log"
	threads=$((threads + 1))
done
python3 "$mc" sethost "$TMP/h0a.json" web0
python3 "$mc" sethost "$TMP/h0b.json" web0
python3 "$mc" sethost "$TMP/h1.json" web1
python3 "$mc" sethost "$TMP/h2.json" web2

expect_exit "merge of 4 reports" 0 "$STATUSMON" --merge --report=json \
	"$TMP/h0a.json" "$TMP/h0b.json" "$TMP/h1.json" "$TMP/h2.json"
cp "$TMP/out" "$TMP/merged.json"
python3 "$mc" compare "$TMP/merged.json" "$TMP/whole.json" >"$TMP/cmp" 2>&1
expect_contains "merged = whole: totals, statuses, classes, kinds, timeline" "OK" "$(cat "$TMP/cmp")"
python3 "$mc" topk "$TMP/merged.json" "$log" >"$TMP/topk" 2>&1
expect_contains "top lists exact where flagged, else within bound" "OK" "$(cat "$TMP/topk")"
python3 "$gen" check "$TMP/merged.json" 2>"$TMP/chk"
expect_eq "merged report passes the report checks" "" "$(cat "$TMP/chk")"
hosts=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join("%s:%d" % (h["host"], h["lines"]) for h in r["hosts"]), r["merge"]["reports"])' "$TMP/merged.json")
want=$(for h in web0 web1 web2; do
	case $h in web0) f="$TMP/h0a.log $TMP/h0b.log" ;; web1) f=$TMP/h1.log ;; *) f=$TMP/h2.log ;; esac
	printf '%s:%d ' $h "$(cat $f | wc -l)"; done; echo 4)
expect_eq "per-host table: lines per host, 4 reports" "$want" "$hosts"
expect_contains "re-bucketing is said" "re-bucketed to 900 s" "$(cat "$TMP/merged.json")"

# the text report has the host table; order of the operands does not matter
"$STATUSMON" --merge "$TMP/h2.json" "$TMP/h1.json" "$TMP/h0b.json" "$TMP/h0a.json" >"$TMP/text"
expect_contains "text: hosts table" "web1" "$(grep -A5 '^Hosts' "$TMP/text")"
"$STATUSMON" --merge --report=json "$TMP/h2.json" "$TMP/h1.json" "$TMP/h0b.json" \
	"$TMP/h0a.json" >"$TMP/rev.json"
python3 "$mc" compare "$TMP/rev.json" "$TMP/whole.json" >"$TMP/cmp" 2>&1
expect_contains "operand order changes nothing" "OK" "$(cat "$TMP/cmp")"

# a merged report merges again
"$STATUSMON" --merge -o "$TMP/m01.json" "$TMP/h0a.json" "$TMP/h0b.json"
"$STATUSMON" --merge --report=json "$TMP/m01.json" "$TMP/h1.json" "$TMP/h2.json" >"$TMP/re.json"
python3 "$mc" compare "$TMP/re.json" "$TMP/whole.json" >"$TMP/cmp" 2>&1
expect_contains "merge of a merge = whole" "OK" "$(cat "$TMP/cmp")"
python3 "$mc" topk "$TMP/re.json" "$log" >"$TMP/topk" 2>&1
expect_contains "merge of a merge: bounds hold" "OK" "$(cat "$TMP/topk")"

# the same report twice, under another name too: refused, named, exit 1
cp "$TMP/h1.json" "$TMP/copy.json"
expect_exit "same report twice" 1 "$STATUSMON" --merge --report=json "$TMP/h1.json" "$TMP/copy.json"
expect_contains "names both" "copy.json: the same report as $TMP/h1.json" "$(cat "$TMP/err")"
lines=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["lines"])' "$TMP/out")
expect_eq "counted once" "$(wc -l <"$TMP/h1.log")" "$lines"
# the same input in two different reports: refused by host + inode + first line
"$STATUSMON" --report=json --top=5 -o "$TMP/h1top5.json" "$TMP/h1.log"
python3 "$mc" sethost "$TMP/h1top5.json" web1
expect_exit "same input twice" 1 "$STATUSMON" --merge "$TMP/h1.json" "$TMP/h1top5.json"
expect_contains "names the input and both reports" "h1top5.json: input $TMP/h1.log (host web1" "$(cat "$TMP/err")"
expect_contains "... and where it was counted" "already counted from $TMP/h1.json" "$(cat "$TMP/err")"

# damaged and foreign reports: named with a reason, left out, the rest merged
head -c 3000 "$TMP/h2.json" >"$TMP/cut.json"
echo '{"hello": "world"}' >"$TMP/foreign.json"
cp "$TMP/h0b.json" "$TMP/edited.json"
python3 "$mc" edit "$TMP/edited.json" totals.parsed 5
expect_exit "bad reports among good ones" 1 "$STATUSMON" --merge --report=json \
	"$TMP/h0a.json" "$TMP/cut.json" "$TMP/foreign.json" "$TMP/edited.json" "$TMP/h1.json"
err=$(cat "$TMP/err")
expect_contains "truncated named" "cut.json: not valid JSON" "$err"
expect_contains "foreign named" "foreign.json: not a statusmon JSON report" "$err"
expect_contains "edited named" "edited.json: totals do not add up" "$err"
left=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["merge"]["left_out"]), r["merge"]["reports"], r["totals"]["lines"])' "$TMP/out")
expect_eq "3 left out, 2 merged, their lines" "3 2 $(cat "$TMP/h0a.log" "$TMP/h1.log" | wc -l)" "$left"

# a newer schema: refused, exit 2
cp "$TMP/h2.json" "$TMP/future.json"
python3 "$mc" edit "$TMP/future.json" version 3
expect_exit "newer schema" 2 "$STATUSMON" --merge "$TMP/h1.json" "$TMP/future.json"
expect_contains "says why" "future.json: schema version 3 is newer" "$(cat "$TMP/err")"

# another registry: reclassified with a note
cp "$TMP/h2.json" "$TMP/oldreg.json"
python3 "$mc" edit "$TMP/oldreg.json" registry.updated '"2020-01-01"'
expect_exit "other registry" 0 "$STATUSMON" --merge "$TMP/h1.json" "$TMP/oldreg.json"
expect_contains "note on reclassification" "reclassified" "$(cat "$TMP/out")"

# --fail-on applies to the merged numbers
expect_exit "--fail-on on the merge" 3 "$STATUSMON" --merge --fail-on='5xx>1%' \
	"$TMP/h1.json" "$TMP/h2.json"
expect_exit "--merge without files" 2 "$STATUSMON" --merge
finish
