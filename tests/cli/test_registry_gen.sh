#!/bin/bash
# test_registry_gen.sh: the build-time generator of the registry table
# (src/registry/gen/registry_gen.c) accepts data/ as it is and refuses a
# vendor row whose source is missing or names a file instead of a citation
# a reader can look up, with FILE:LINE.
. "$(dirname "$0")/../lib.sh"

DATA=$SM_SOURCE_DIR/data
GEN=$(find "$SM_BUILD_DIR" -name registry_gen -type f -perm -u+x | head -1)
if [ -z "$GEN" ]; then fail "registry_gen not found under $SM_BUILD_DIR"; finish; exit; fi

expect_exit "data/ accepted" 0 "$GEN" "$DATA/http-status-codes.csv" \
	"$DATA/vendor-status-codes.csv" "$TMP/table.c" "$DATA/http-status-codes.updated"
expect_contains "date in the table" 'registry_builtin_updated[] = "2022-06-08"' "$(cat "$TMP/table.c")"
expect_contains "413 in the table" '"Content Too Large", "[RFC9110, Section 15.5.14]"' \
	"$(cat "$TMP/table.c")"

# gen_refuses WHAT LINE NEEDLE ROW: a vendor file with ROW on line 3
gen_refuses() {
	printf 'Code,Vendor,Reason,Source\n444,nginx,No Response,nginx documentation\n%s\n' "$4" \
		>"$TMP/v.csv"
	expect_exit "$1 refused" 1 "$GEN" "$DATA/http-status-codes.csv" "$TMP/v.csv" "$TMP/bad.c"
	expect_contains "$1 file:line" "$TMP/v.csv:$2: " "$(cat "$TMP/err")"
	expect_contains "$1 message" "$3" "$(cat "$TMP/err")"
	if [ -e "$TMP/bad.c" ]; then fail "$1: a table was written"; else pass; fi
}
gen_refuses "seed file" 3 "names a file" \
	'499,nginx,Client Closed Request,seed 002_31fb8789b8db1eb3.txt'
gen_refuses "seeds" 3 "names a file" '449,Microsoft,Retry With,"Seeds 001, 002"'
gen_refuses "txt file" 3 "names a file" '520,Cloudflare,Unknown Error,notes/cloudflare.TXT'
gen_refuses "empty source" 3 "empty source" '520,Cloudflare,Unknown Error,'

finish
