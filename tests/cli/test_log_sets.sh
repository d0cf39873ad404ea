#!/usr/bin/env bash
# test_log_sets.sh: the log sets real servers leave behind, each input
# counted exactly (issue 11): a rotated set right after logrotate
# (access.log empty, access.log.1, access.log.2.gz, access.log.3.gz), the
# same with a blank-only or an unreadable first file (exit 1 then: an input
# failed, but the others are counted all the same), and a mixed set of
# combined, vhost_combined, W3C and JSON lines in one run. Every input's
# format and counts, and the run's per-status totals, are compared with
# tests/tools/count_statuses.py, an independent counter.
. "$SM_SOURCE_DIR/tests/lib.sh"

count() { python3 "$SM_SOURCE_DIR/tests/tools/count_statuses.py" "$@"; }

# inputs_of REPORT.json: "name format lines parsed malformed directives"
inputs_of() {
	python3 - "$1" <<'PY'
import json, sys
for i in json.load(open(sys.argv[1]))["inputs"]:
    print(i["name"].rsplit("/", 1)[-1], i["format"], i["lines"], i["parsed"],
          i["malformed"], i["directives"])
PY
}
# expected_input NAME FORMAT FILE: the counter's line for one input
expected_input() {
	count "$2" "$3" | python3 -c '
import json, sys
e = json.load(sys.stdin)
print(sys.argv[1], sys.argv[2], e["lines"], e["parsed"], e["malformed"], e["directives"])' "$1" "$2"
}
# statuses REPORT.json: "status count" lines, sorted
statuses() { python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" counts "$1"; }
# expected_statuses FORMAT:FILE...: the counter's statuses summed
expected_statuses() {
	for spec in "$@"; do count "${spec%%:*}" "${spec#*:}"; done | python3 -c '
import json, sys
total = {}
dec = json.JSONDecoder()
text = sys.stdin.read()
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    obj, i = dec.raw_decode(text, i)
    for k, v in obj["statuses"].items():
        total[k] = total.get(k, 0) + v
for k in sorted(total):
    print(k, total[k])'
}

# --- a rotated set, right after logrotate: the live file is empty
set_dir=$TMP/rot
mkdir -p "$set_dir"
: >"$set_dir/access.log"
python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" gen 3000 1 "$set_dir/access.log.1" /dev/null >/dev/null
python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" gen 2000 2 "$TMP/two" /dev/null >/dev/null
python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" gen 1000 3 "$TMP/three" /dev/null >/dev/null
gzip -c "$TMP/two" >"$set_dir/access.log.2.gz"
gzip -c "$TMP/three" >"$set_dir/access.log.3.gz"
set -- "$set_dir/access.log" "$set_dir/access.log.1" "$set_dir/access.log.2.gz" "$set_dir/access.log.3.gz"
want_statuses=$(expected_statuses combined:"$2" combined:"$3" combined:"$4")
for first in empty blank unreadable; do
	case $first in
	blank) printf '\n  \n' >"$set_dir/access.log" ;;
	unreadable) rm -f "$set_dir/access.log"   # root reads any mode: a dangling link
		ln -s "$set_dir/gone" "$set_dir/access.log" ;;
	esac
	for threads in 1 2; do
		"$STATUSMON" --report=json --threads=$threads --fail-on='5xx>1%' \
			-o "$TMP/rot.json" "$@" 2>"$TMP/err"
		rc=$?
		if [ "$first" = unreadable ]; then
			expect_eq "rotated set, $first first, $threads threads: exit (input failed)" 1 "$rc"
		else
			expect_eq "rotated set, $first first, $threads threads: exit 3 (5xx rule held)" 3 "$rc"
		fi
		expect_eq "rotated set, $first first, $threads threads: per-status counts" \
			"$want_statuses" "$(statuses "$TMP/rot.json")"
		got=$(inputs_of "$TMP/rot.json" | sed -n '2,4p')
		want=$(expected_input access.log.1 combined "$2"
		       expected_input access.log.2.gz combined "$3"
		       expected_input access.log.3.gz combined "$4")
		expect_eq "rotated set, $first first, $threads threads: every input's counts" "$want" "$got"
		expect_contains "rotated set, $first first: the first input decided nothing" \
			"access.log none" "$(inputs_of "$TMP/rot.json" | head -1)"
	done
done

# --- a mixed set: four formats in one run, each input counted exactly
S=$SAMPLES
"$STATUSMON" --report=json "$S/combined.log" "$S/vhost_combined.log" "$S/iis.log" \
	"$S/nginx-json.log" >"$TMP/mixed.json" 2>"$TMP/err"
expect_eq "mixed set: exit" 0 "$?"
got=$(inputs_of "$TMP/mixed.json")
want=$(expected_input combined.log combined "$S/combined.log"
       expected_input vhost_combined.log vhost_combined "$S/vhost_combined.log"
       expected_input iis.log w3c "$S/iis.log"
       expected_input nginx-json.log jsonl "$S/nginx-json.log")
expect_eq "mixed set: every input's format and counts" "$want" "$got"
expect_eq "mixed set: per-status totals" \
	"$(expected_statuses combined:"$S/combined.log" vhost_combined:"$S/vhost_combined.log" \
	   w3c:"$S/iis.log" jsonl:"$S/nginx-json.log")" "$(statuses "$TMP/mixed.json")"
expect_eq "mixed set: the run's format" '"mixed"' \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["format"]))' "$TMP/mixed.json")"
# the text report names each input's format
"$STATUSMON" --report text "$S/combined.log" "$S/iis.log" >"$TMP/mixed.txt" 2>&1
expect_contains "text report: IIS input listed as w3c" "w3c" "$(cat "$TMP/mixed.txt")"
finish
