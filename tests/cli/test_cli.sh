#!/usr/bin/env bash
# CLI surface: --help teaches every option, --version, usage errors name the
# option and exit 2, runtime errors name the file and exit 1.
. "$SM_SOURCE_DIR/tests/lib.sh"

help=$("$STATUSMON" --help)
expect_eq "--help exit" 0 $?
for opt in --report -o --output --tui --fail-on --top --bucket --color --no-color \
           --ascii --follow --format --patterns-dir --list-formats --no-fast-path \
           --show-malformed --threads --since --until --status --path --method \
           --vhost --explain --list-codes --kind --registry --vendor-codes --help --version; do
	expect_contains "--help lists $opt" "$opt" "$help"
done
expect_contains "--help documents exit 3" "3 a --fail-on rule held" "$help"
expect_contains "--help has examples" "Examples:" "$help"
# every long option that --help shows is accepted (no stale help text)
for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	case "$opt" in --help|--version|--explain|--list-codes|--list-formats|--report|--tui|--no-color|--ascii|--follow|--no-fast-path|--show-malformed) continue ;; esac
	out=$("$STATUSMON" "$opt" 2>&1 </dev/null)
	expect_not_contains "$opt is a known option" "unknown option" "$out"
done

expect_eq "--version" "statusmon 0.1.0" "$("$STATUSMON" --version)"

expect_exit "unknown long option" 2 "$STATUSMON" --bogus
expect_contains "unknown option is named" "unknown option '--bogus'" "$(cat "$TMP/err")"
expect_contains "hint to --help" "Try 'statusmon --help'" "$(cat "$TMP/err")"
expect_exit "unknown short option" 2 "$STATUSMON" -Z
expect_contains "short option named" "'-Z'" "$(cat "$TMP/err")"
expect_exit "missing value" 2 "$STATUSMON" --top
expect_contains "missing value named" "--top" "$(cat "$TMP/err")"
expect_exit "bad --top" 2 "$STATUSMON" --top=abc
expect_contains "bad --top named" "--top: 'abc'" "$(cat "$TMP/err")"
expect_exit "bad --threads" 2 "$STATUSMON" --threads=0
expect_exit "bad --report" 2 "$STATUSMON" --report=xml
expect_contains "bad --report named" "xml" "$(cat "$TMP/err")"
expect_exit "bad --color" 2 "$STATUSMON" --color=sometimes
expect_exit "bad --bucket" 2 "$STATUSMON" --bucket=soon
expect_exit "bad --kind" 2 "$STATUSMON" --list-codes --kind=weird
expect_exit "--kind without --list-codes" 2 "$STATUSMON" --kind=vendor
expect_exit "bad --status" 2 "$STATUSMON" --status=7xx
expect_exit "bad --since" 2 "$STATUSMON" --since=yesterday-ish
expect_exit "bad --path regex" 2 "$STATUSMON" --path='(unclosed'
expect_exit "bad --fail-on" 2 "$STATUSMON" --fail-on='5xx>>1'
expect_contains "bad --fail-on named" "5xx>>1" "$(cat "$TMP/err")"
expect_exit "--explain needs a code" 2 "$STATUSMON" --explain
expect_exit "unknown --format" 2 "$STATUSMON" --report text --format=nosuchformat /dev/null
expect_contains "unknown format named" "nosuchformat" "$(cat "$TMP/err")"
expect_exit "unsupported LogFormat directive" 2 "$STATUSMON" --report text --format='%h %Z %>s' /dev/null
expect_contains "directive named" "%Z" "$(cat "$TMP/err")"

# runtime errors: named, the other inputs still reported, exit 1
printf '192.0.2.1 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 5\n' >"$TMP/ok.log"
expect_exit "missing file" 1 "$STATUSMON" --report=json "$TMP/nope.log" "$TMP/ok.log"
expect_contains "missing file named" "$TMP/nope.log" "$(cat "$TMP/err")"
expect_contains "missing file reason" "No such file" "$(cat "$TMP/err")"
expect_contains "other file still reported" '"lines": 1' "$(tr -d '\n' <"$TMP/out" | sed 's/  */ /g')"
expect_exit "directory: a usage error" 2 "$STATUSMON" --report=json "$TMP"
expect_contains "directory named, the glob suggested" "$TMP/access.log*" "$(cat "$TMP/err")"
expect_eq "directory: no report" "" "$(cat "$TMP/out")"
: >"$TMP/empty.log"
expect_exit "empty file is fine" 0 "$STATUSMON" --report=json "$TMP/empty.log"

# no terminal: the text report, never a hang
out=$(timeout 10 setsid -w "$STATUSMON" --tui "$TMP/ok.log" 2>"$TMP/err" </dev/null)
expect_eq "--tui without a terminal exits" 0 $?
expect_contains "--tui falls back to the report" "200" "$out"
expect_contains "--tui fallback note" "no terminal" "$(cat "$TMP/err")"
out=$(timeout 10 "$STATUSMON" "$TMP/ok.log" </dev/null)
expect_contains "a pipe gets the text report by default" "200" "$out"

finish
