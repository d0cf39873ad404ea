#!/usr/bin/env bash
# test_w3c_held.sh: a W3C file counted on threads is cut into small chunks
# (carry_chunks.c), each read once into memory, searched for its "#Fields:"
# lines and counted from the layout in force at its first line. The test-only
# STATUSMON_TEST_CARRY_BLOCK makes the chunks 4 KiB, and w3c_gen.py --align
# puts each block's "#Fields:" (four layouts with different column orders,
# CRLF lines, bare "#Fields:" changes) right at a chunk boundary, in the line
# just before one or in the line just after one (checked below from the cut
# rule of ranges.c), plus a line over the 4 MiB line limit (held:
# its chunk is ~4 MiB) and one of 13 MiB (its chunk is too long to hold and
# is read as a stream). The full JSON report at --threads=1, 2 and 4 is the
# same (but for the seconds it took), and equals what the generator knows
# it wrote; so are the malformed FILE:LINE shown.
. "$SM_SOURCE_DIR/tests/lib.sh"

block=4096
log=$TMP/held.log
python3 "$SM_SOURCE_DIR/tests/tools/w3c_gen.py" "$log" "$TMP/expect.json" 30000 5 \
	--blocks=600 --long --align=$block
# Where the chunks meet (ranges.c: n = size / block cut points size*k/n,
# each moved to the first line start before the next one), and which
# chunks start with, follow, or have as their second line a #Fields: line;
# "only": one that starts its chunk and is the chunk's only #Fields:, so
# the next chunk's layout comes from it.
python3 - "$log" "$block" >"$TMP/cuts" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
size, block = len(data), int(sys.argv[2])
n = size // block
cut = lambda k: (size // n) * k + (size % n) * k // n
bounds = [0]
for k in range(1, n):
    b = data.find(b"\n", cut(k) - 1, min(cut(k + 1) - 1, cut(k) - 1 + 65536))
    if b >= 0 and bounds[-1] < b + 1 < size:
        bounds.append(b + 1)
bounds.append(size)
at = only = before = after = 0
for s, e in zip(bounds[1:], bounds[2:]):
    prev = data.rfind(b"\n", 0, s - 1) + 1
    second = data.find(b"\n", s, e) + 1
    at += data.startswith(b"#Fields:", s)
    only += data.startswith(b"#Fields:", s) and data.find(b"\n#Fields:", s, e) < 0
    before += data.startswith(b"#Fields:", prev)
    after += 0 < second < e and data.startswith(b"#Fields:", second)
print(at, only, before, after)
PY
read -r at only before after <"$TMP/cuts"
[ "$at" -ge 20 ] && [ "$only" -ge 20 ] && [ "$before" -ge 20 ] && [ "$after" -ge 20 ] && pass ||
	fail "#Fields: at/only/before/after chunk cuts: $at/$only/$before/$after (want >= 20 each)"
expected_shown() {
	python3 -c 'import json,sys; [print("%s:%d" % (sys.argv[2], n)) for n in json.load(open(sys.argv[1]))["malformed_lines"]]' "$TMP/expect.json" "$log"
}
shown() { sed -n 's/^statusmon: \(.*:[0-9]*\): malformed: .*/\1/p' "$1"; }
# the report without the top paths and clients per status: approximate
# (space-saving sketches, "error" > 0) and merged per thread, so their
# tail depends on how the lines were shared out, with or without chunks;
# lists sorted so that ties cannot make the test flaky
canon() {
	python3 - "$1" <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if not k.startswith("top_")}
    if isinstance(v, list):
        return sorted((strip(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
    return v
print(json.dumps(strip(json.load(open(sys.argv[1]))), sort_keys=True, indent=1))
PY
}
for t in 1 2 4; do
	STATUSMON_TEST_CARRY_BLOCK=$block "$STATUSMON" --format=w3c --report=json --threads=$t \
		--show-malformed=1000000 "$log" >"$TMP/t$t.json" 2>"$TMP/t$t.err"
	python3 "$SM_SOURCE_DIR/tests/tools/compare_report.py" "$TMP/t$t.json" "$TMP/expect.json" \
		"$(wc -l <"$log")" >"$TMP/diff$t" && pass || fail "$t threads: $(head -5 "$TMP/diff$t")"
	expect_eq "$t threads: the malformed lines shown are the generator's" \
		"$(expected_shown)" "$(shown "$TMP/t$t.err")"
	canon "$TMP/t$t.json" >"$TMP/c$t"
done
for t in 2 4; do
	diff "$TMP/c1" "$TMP/c$t" >"$TMP/cdiff$t" && pass ||
		fail "$t threads: the JSON report differs from one thread's: $(head -20 "$TMP/cdiff$t")"
done
expect_eq "the file holds both over-long lines (malformed, shown above)" 2 \
	"$(awk 'length > 4194304' "$log" | wc -l)"

finish
