#!/usr/bin/env bash
# test_threads.sh: a file big enough to be cut into chunks that several
# threads share (1 MiB and up, a few per thread) gives exactly the
# one-thread report: the same totals and per-status counts, and
# --show-malformed names the same FILE:LINE in the same order, which are the
# lines the generator itself made malformed (numbers counted here, not by
# statusmon). Lines of varying length put the chunk cuts anywhere.
. "$SM_SOURCE_DIR/tests/lib.sh"

log=$TMP/big.log
python3 - "$log" "$TMP/expected" <<'PY'
import random, sys
random.seed(11)
codes = [200] * 40 + [304] * 5 + [404] * 3 + [301, 302, 500, 502, 499, 444, 520, 299]
bad = []
with open(sys.argv[1], "w", newline="") as f:
    n = size = 0
    while size < 22 * 1024 * 1024:
        n += 1
        r = random.random()
        if r < 0.0015:
            line = "garbage %d %s" % (n, "x" * random.randrange(300))
            bad.append(n)
        elif r < 0.002:
            line = ""
            bad.append(n)
        else:
            line = '10.%d.%d.%d - - [10/Oct/2024:13:%02d:%02d +0000] "GET /p/%d?q=%s HTTP/1.1" %d %d "-" "agent/%s"' % (
                random.randrange(256), random.randrange(256), random.randrange(256),
                random.randrange(60), random.randrange(60), random.randrange(5000),
                "y" * random.randrange(120), random.choice(codes), random.randrange(99999),
                "z" * random.randrange(200))
        size += f.write(line + ("\r\n" if n % 7 == 0 else "\n"))
with open(sys.argv[2], "w") as e:
    e.write("%d %d\n" % (n, len(bad)))
    for b in bad:
        e.write("%s:%d\n" % (sys.argv[1], b))
PY
read -r n_lines n_bad <"$TMP/expected"
counts() { python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" counts "$1"; }
totals() {
	python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["lines"], t["parsed"], t["malformed"])' "$1"
}
shown() { sed -n 's/^statusmon: \(.*:[0-9]*\): malformed: .*/\1/p' "$1"; }

"$STATUSMON" --report=json --threads=1 --show-malformed=100000 "$log" >"$TMP/one.json" 2>"$TMP/one.err"
expect_eq "one thread: lines parsed malformed" "$n_lines $((n_lines - n_bad)) $n_bad" "$(totals "$TMP/one.json")"
expect_eq "one thread: the malformed lines shown are the generator's" \
	"$(tail -n +2 "$TMP/expected")" "$(shown "$TMP/one.err")"
for t in 2 3 8; do
	"$STATUSMON" --report=json --threads=$t --show-malformed=100000 "$log" >"$TMP/t.json" 2>"$TMP/t.err"
	expect_eq "$t threads: totals" "$(totals "$TMP/one.json")" "$(totals "$TMP/t.json")"
	expect_eq "$t threads: per-status counts" "$(counts "$TMP/one.json")" "$(counts "$TMP/t.json")"
	expect_eq "$t threads: the same malformed FILE:LINE, in file order" \
		"$(shown "$TMP/one.err")" "$(shown "$TMP/t.err")"
done
# a file of a few MiB has fewer chunks than threads
head -c 3500000 "$log" | sed '$d' >"$TMP/small.log"
"$STATUSMON" --report=json --threads=1 "$TMP/small.log" >"$TMP/s1.json"
"$STATUSMON" --report=json --threads=8 "$TMP/small.log" >"$TMP/s8.json"
expect_eq "3.5 MB, 8 threads: totals" "$(totals "$TMP/s1.json")" "$(totals "$TMP/s8.json")"
expect_eq "3.5 MB, 8 threads: per-status counts" "$(counts "$TMP/s1.json")" "$(counts "$TMP/s8.json")"
expect_eq "3.5 MB: every line counted" "$(wc -l <"$TMP/small.log")" "$(totals "$TMP/s8.json" | cut -d' ' -f1)"
# a cap on the examples keeps the first ones of the file, however split
"$STATUSMON" --report=json --threads=3 --show-malformed=7 "$log" >/dev/null 2>"$TMP/seven.err"
expect_eq "--show-malformed=7 with 3 threads: the file's first seven" \
	"$(tail -n +2 "$TMP/expected" | head -7)" "$(shown "$TMP/seven.err")"

finish
