#!/usr/bin/env bash
# test_fanout_spans.sh: one .gz, one .zst and stdin are read by one thread
# that hands spans of whole lines to parser threads (fanout.c,
# input_next_span). With 2 threads they give what --threads=1 gives (read
# line by line on one thread) and what an independent counter
# (tests/tools/count_statuses.py) gives: per-status counts, lines, parsed,
# malformed, bytes, and the FILE:LINE of every malformed line, which are the
# line numbers this script itself put the damage at. The log is a generated
# one (bench's statusmon-gen, several MiB so many spans) with CRLF lines,
# empty lines, garbage lines, a 200 KiB line and no final newline mixed in.
. "$SM_SOURCE_DIR/tests/lib.sh"

GEN=$SM_BUILD_DIR/bench/statusmon-gen
if [ ! -x "$GEN" ]; then
	echo "SKIP: $GEN not built"
	finish
fi
"$GEN" --lines 60000 --seed 5 >"$TMP/gen.log"
log=$TMP/a.log
python3 - "$TMP/gen.log" "$log" "$TMP/bad" <<'PY'
import random, sys
random.seed(3)
src = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
out, bad = [], []
for i, line in enumerate(src):
    r, extra = random.random(), None
    if r < 0.002:
        extra = b"garbage %d" % i
    elif r < 0.003:
        extra = b""
    elif i == 30000:
        extra = b"x" * 200000
    if extra is not None:
        out.append(extra)
        bad.append(len(out))
    out.append(line + (b"\r" if i % 5 == 0 else b""))
data = b"\n".join(out)          # no final newline
open(sys.argv[2], "wb").write(data)
open(sys.argv[3], "w").write("".join("%d\n" % b for b in bad))
PY
python3 -c 'import gzip,sys; open(sys.argv[2],"wb").write(gzip.compress(open(sys.argv[1],"rb").read(), 6))' "$log" "$log.gz"
have_zstd=0
if command -v zstd >/dev/null; then
	zstd -q -3 "$log" -o "$log.zst" && have_zstd=1
fi
bytes=$(wc -c <"$log")

summary() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); t, i = r["totals"], r["inputs"][0]
print(t["lines"], t["parsed"], t["malformed"], i["lines"], i["bytes"])' "$1"
	python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" counts "$1"
}
shown() { sed -n 's/^statusmon: .*:\([0-9]*\): malformed: .*/\1/p' "$1" | sort; }

# the independent count of the plain log, in the summary's shape
python3 "$SM_SOURCE_DIR/tests/tools/count_statuses.py" combined "$log" >"$TMP/ind.json"
want=$(python3 - "$TMP/ind.json" "$bytes" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print(c["lines"], c["parsed"], c["malformed"], c["lines"], sys.argv[2])
for k in sorted(c["statuses"]):
    print(k, c["statuses"][k])
PY
)
# the generator makes a few malformed lines of its own: the rest are ours
gen_bad=$(python3 "$SM_SOURCE_DIR/tests/tools/count_statuses.py" combined "$TMP/gen.log" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["malformed"])')
expect_eq "independent count: malformed = the generator's + the ones put in here" \
	"$((gen_bad + $(wc -l <"$TMP/bad")))" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["malformed"])' "$TMP/ind.json")"

run() {   # NAME THREADS statusmon-args...
	local name=$1 t=$2
	shift 2
	"$STATUSMON" --report=json --threads="$t" --show-malformed=100000 "$@" \
		>"$TMP/$name.$t.json" 2>"$TMP/$name.$t.err"
	expect_eq "$name --threads=$t: exit status" 0 $?
}
check() {   # NAME: 2 threads = 1 thread = the independent count
	local name=$1
	expect_eq "$name --threads=1: counts and totals" "$want" "$(summary "$TMP/$name.1.json")"
	expect_eq "$name --threads=2: counts and totals" "$want" "$(summary "$TMP/$name.2.json")"
	shown "$TMP/$name.1.err" >"$TMP/$name.1.shown"
	expect_eq "$name --threads=1: every line made malformed here is shown, by its number" \
		"" "$(sort "$TMP/bad" | comm -23 - "$TMP/$name.1.shown")"
	expect_eq "$name --threads=1: as many shown as counted" \
		"$(sed -n 1p <<<"$want" | cut -d' ' -f3)" "$(wc -l <"$TMP/$name.1.shown")"
	expect_eq "$name --threads=2: the same malformed line numbers" \
		"$(cat "$TMP/$name.1.shown")" "$(shown "$TMP/$name.2.err")"
}
for t in 1 2; do
	run gz "$t" "$log.gz"
	run stdin "$t" - <"$log"
	run stdin_gz "$t" - <"$log.gz"
	[ $have_zstd = 1 ] && run zst "$t" "$log.zst"
done
check gz
check stdin
check stdin_gz
[ $have_zstd = 1 ] && check zst
finish
