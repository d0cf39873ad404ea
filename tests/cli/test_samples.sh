# tests/cli/test_samples.sh: every sample in samples/, read with the format
# auto-detected, gives the counts an independent counter finds
# (tests/tools/count_statuses.py, written from the format definitions), status
# for status, with lines = parsed + malformed and parsed = filtered + counts;
# and statusmon agrees with awk '{print $9}' | sort | uniq -c, code for code,
# on the well-formed part of combined.log and on a generated 100k-line log
# (bench's statusmon-gen, with one and two threads).
. "$SM_SOURCE_DIR/tests/lib.sh"
TOOLS=$SM_SOURCE_DIR/tests/tools

# physical_lines FILE: lines as a reader sees them (gzip undone), counting a
# last line that has no newline.
physical_lines() {
	local n last
	n=$(gzip -dcf "$1" | wc -l)
	last=$(gzip -dcf "$1" | tail -c 1 | od -An -c | tr -d ' ')
	if [ -n "$last" ] && [ "$last" != '\n' ]; then n=$((n + 1)); fi
	echo "$n"
}

# check_sample FORMAT FILE
check_sample() {
	local fmt=$1 file=$SAMPLES/$2 name=$2 rc=0
	"$STATUSMON" --report=json "$file" >"$TMP/report.json" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$name: statusmon exited $rc: $(head -c 300 "$TMP/err")"
		return
	fi
	python3 "$TOOLS/count_statuses.py" "$fmt" "$file" >"$TMP/expected.json"
	if python3 "$TOOLS/compare_report.py" "$TMP/report.json" "$TMP/expected.json" \
		"$(physical_lines "$file")" >"$TMP/diff"; then
		pass
	else
		fail "$name: $(tr '\n' ';' <"$TMP/diff")"
	fi
}

check_sample combined combined.log
check_sample combined combined.log.2.gz
check_sample common common.log
check_sample vhost_combined vhost_combined.log
check_sample w3c iis.log
check_sample jsonl nginx-json.log
check_sample jsonl caddy.log
check_sample combined hostile.log
check_sample combined nginx-timed.log    # durations: extra fields after the agent
check_sample combined apache-timed.log
if "$STATUSMON" --list-formats 2>/dev/null | grep -qw haproxy; then
	check_sample haproxy haproxy.log
else
	echo "SKIP haproxy.log: no haproxy format installed"
fi

# The counter itself must see what the samples were made to hold, or the
# comparisons above could agree on nothing.
python3 "$TOOLS/count_statuses.py" combined "$SAMPLES/combined.log" >"$TMP/c.json"
for want in '"444": 5' '"499": 8' '"520": 1' '"527": 1' '"-": 1' '"000": 1' \
	'"malformed": 2' '"truncated": 1' '"lines": 336'; do
	expect_contains "counter on combined.log" "$want" "$(cat "$TMP/c.json")"
done

# samples/README.md's table of expected counts is the counter's, current.
(cd "$SAMPLES" && python3 "$TOOLS/count_statuses.py" --matrix combined:combined.log \
	combined:combined.log.2.gz common:common.log vhost_combined:vhost_combined.log \
	w3c:iis.log jsonl:nginx-json.log jsonl:caddy.log haproxy:haproxy.log \
	combined:hostile.log combined:nginx-timed.log combined:apache-timed.log) >"$TMP/matrix.md"
if python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
	"$TMP/matrix.md" "$SAMPLES/README.md"; then
	pass
else
	fail "samples/README.md: the expected-counts table is not the counter's output"
fi

# awk's view: lines whose request is "METHOD PATH PROTOCOL" and which end at
# the user agent, so that $9 is the status. Both must agree on that log.
grep -aE '^[^ ]+ [^ ]+ [^ ]+ \[[^]]+\] "[A-Z]+ [^ "]+ HTTP/[0-9.]+" [^ ]+ [^ ]+ "[^"]*" "[^"]*"$' \
	"$SAMPLES/combined.log" >"$TMP/clean.log"
clean=$(wc -l <"$TMP/clean.log")
if [ "$clean" -lt 300 ]; then fail "only $clean clean lines in combined.log"; fi
awk '{print $9}' "$TMP/clean.log" | sort | uniq -c |
	python3 -c '
import json, sys
st = {}
for line in sys.stdin:
    n, code = line.split()
    st[code] = int(n)
print(json.dumps({"statuses": st}))' >"$TMP/awk.json"
if "$STATUSMON" --report=json "$TMP/clean.log" >"$TMP/report.json" 2>"$TMP/err" &&
	python3 "$TOOLS/compare_report.py" "$TMP/report.json" "$TMP/awk.json" "$clean" \
		>"$TMP/diff"; then
	pass
else
	fail "statusmon vs awk on combined.log: $(tr '\n' ';' <"$TMP/diff") $(head -c 300 "$TMP/err")"
fi

# A larger log from the benchmark's generator (bench/gen.c): 100k lines, with
# nginx's trailing fields and malformed lines, which it writes with fewer
# than 9 fields, so awk counts them under the empty key.
GEN=$SM_BUILD_DIR/bench/statusmon-gen
if [ -x "$GEN" ]; then
	"$GEN" --lines 100000 --seed 7 --paths 20000 >"$TMP/gen.log"
	awk '{c[$9]++} END {for (k in c) print k, c[k]}' "$TMP/gen.log" | python3 -c '
import json, sys
st = {}
for line in sys.stdin:
    k, n = line.rstrip("\n").rsplit(" ", 1)
    st[k] = int(n)
bad = st.pop("", 0)
print(json.dumps({"format": "combined", "lines": 100000, "parsed": 100000 - bad,
                  "malformed": bad, "statuses": st}))' >"$TMP/gen-awk.json"
	python3 "$TOOLS/count_statuses.py" combined "$TMP/gen.log" >"$TMP/gen-count.json"
	for threads in 1 2; do
		if "$STATUSMON" --report=json --threads=$threads "$TMP/gen.log" >"$TMP/report.json" 2>"$TMP/err" &&
			python3 "$TOOLS/compare_report.py" "$TMP/report.json" "$TMP/gen-awk.json" 100000 >"$TMP/diff" &&
			python3 "$TOOLS/compare_report.py" "$TMP/report.json" "$TMP/gen-count.json" 100000 >>"$TMP/diff"; then
			pass
		else
			fail "generated log, --threads=$threads: $(tr '\n' ';' <"$TMP/diff") $(head -c 300 "$TMP/err")"
		fi
	done
else
	echo "SKIP generated log: $GEN not built"
fi

finish
