#!/usr/bin/env bash
# test_w3c_threads.sh: a W3C file is cut into ranges like any big file,
# though its "#Fields:" lines change how the lines after them parse (issue
# 18): with --threads=1, 2 and 4 the totals, per-status counts and the
# malformed FILE:LINE shown are identical to each other and to what the
# generator (tests/tools/w3c_gen.py) knows it wrote. The file has lines
# before any #Fields:, four layouts in 12 blocks so that range cuts fall
# inside each, CRLF lines, and a bare #Fields: change starting exactly at
# the middle byte, where the ranges of 2 and 4 threads meet.
. "$SM_SOURCE_DIR/tests/lib.sh"

log=$TMP/iis.log
python3 "$SM_SOURCE_DIR/tests/tools/w3c_gen.py" "$log" "$TMP/expect.json" 240000 3 --boundary
size=$(stat -c %s "$log")
expect_eq "a #Fields: line starts at the middle byte" "#Fields:" \
	"$(tail -c +$((size / 2 + 1)) "$log" | head -c 8)"
expect_eq "the byte before it ends a line" "$(printf '\\n')" \
	"$(tail -c +$((size / 2)) "$log" | head -c 1 | od -An -c | tr -d ' ')"
expected_shown() {
	python3 -c 'import json,sys; [print("%s:%d" % (sys.argv[2], n)) for n in json.load(open(sys.argv[1]))["malformed_lines"]]' "$TMP/expect.json" "$log"
}
totals() {
	python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["lines"], t["parsed"], t["malformed"], t["directives"])' "$1"
}
counts() { python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" counts "$1"; }
shown() { sed -n 's/^statusmon: \(.*:[0-9]*\): malformed: .*/\1/p' "$1"; }
first() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["time_range"])' "$1"; }

for t in 1 2 4; do
	"$STATUSMON" --format=w3c --report=json --threads=$t --show-malformed=1000000 "$log" \
		>"$TMP/t$t.json" 2>"$TMP/t$t.err"
	python3 "$SM_SOURCE_DIR/tests/tools/compare_report.py" "$TMP/t$t.json" "$TMP/expect.json" \
		"$(wc -l <"$log")" >"$TMP/diff$t" && pass || fail "$t threads: $(head -5 "$TMP/diff$t")"
	expect_eq "$t threads: the malformed lines shown are the generator's" \
		"$(expected_shown)" "$(shown "$TMP/t$t.err")"
done
for t in 2 4; do
	expect_eq "$t threads: totals as one" "$(totals "$TMP/t1.json")" "$(totals "$TMP/t$t.json")"
	expect_eq "$t threads: per-status counts as one" "$(counts "$TMP/t1.json")" "$(counts "$TMP/t$t.json")"
	expect_eq "$t threads: time range as one" "$(first "$TMP/t1.json")" "$(first "$TMP/t$t.json")"
done
# detected rather than forced: the same
"$STATUSMON" --report=json --threads=4 "$log" >"$TMP/auto.json" 2>/dev/null
expect_eq "detected, 4 threads: totals" "$(totals "$TMP/t1.json")" "$(totals "$TMP/auto.json")"
expect_eq "detected, 4 threads: counts" "$(counts "$TMP/t1.json")" "$(counts "$TMP/auto.json")"

finish
