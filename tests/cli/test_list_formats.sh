#!/usr/bin/env bash
# test_list_formats.sh: --list-formats shows what is on disk through the
# terminal escaper: a pattern file whose description and file name hold an
# escape sequence and a bidi override prints them as visible escapes, never
# raw; a broken pattern file says why it does not load; the built-ins and
# the directory are listed.
. "$SM_SOURCE_DIR/tests/lib.sh"

dir=$TMP/pat
mkdir -p "$dir"
cp "$SM_SOURCE_DIR/patterns/haproxy.pattern" "$dir/"
esc=$(printf '\033')
rlo=$(printf '\342\200\256')   # U+202E
sed "s/^# *description:.*/# description: evil ${esc}]0;pwned\\a title ${rlo}fdp.exe/" \
	"$SM_SOURCE_DIR/patterns/haproxy.pattern" >"$dir/evil${esc}[2J.pattern"
printf 'pattern: (unclosed\n' >"$dir/broken.pattern"
"$STATUSMON" --list-formats --patterns-dir="$dir" >"$TMP/out" 2>&1
expect_eq "exit" 0 "$?"
out=$(cat "$TMP/out")
expect_not_contains "no raw ESC" "$esc" "$out"
expect_not_contains "no raw U+202E" "$rlo" "$out"
expect_contains "the file name's ESC shown" 'evil\x1b[2J' "$out"
expect_contains "the bidi override shown" '<U+202E>fdp.exe' "$out"
expect_contains "a broken file says why" "broken           (does not load:" "$out"
expect_contains "built-ins listed" "  w3c " "$out"
expect_contains "the directory named" "Pattern files in $dir:" "$out"
finish
