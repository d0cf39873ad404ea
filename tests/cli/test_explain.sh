#!/bin/bash
# test_explain.sh: --explain, --list-codes [--kind=KIND], --registry and
# --vendor-codes through the real binary. Expected rows are derived from
# data/*.csv with python's csv module, not copied from statusmon's output.
. "$(dirname "$0")/../lib.sh"

DATA=$SM_SOURCE_DIR/data

# heading lines of --explain output ("CODE  CLASS  KIND"), one per block
headings() { grep -v '^ ' | grep -v '^$'; }
# the block of --explain output whose heading starts with "$1  "
block() { awk -v h="$1  " 'index($0, h) == 1 { on = 1 } on && /^$/ { exit } on' ; }

# --- the issue's example -------------------------------------------------
expect_exit "explain example" 0 "$STATUSMON" --explain 499 520 200 104 600 -
out=$(cat "$TMP/out")
expect_eq "explain headings" "499  4xx  vendor
520  5xx  vendor
200  2xx  registered
104  1xx  unassigned
600  invalid  invalid
-  invalid  invalid" "$(headings <<<"$out")"
b499=$(block 499 <<<"$out")
expect_contains "499 nginx" "nginx: Client Closed Request" "$b499"
expect_contains "499 Esri" "Esri: Token Required" "$b499"
expect_contains "499 reason" "reason:    Client Closed Request" "$b499"
expect_contains "520 Cloudflare" "Cloudflare: Unknown Error" "$(block 520 <<<"$out")"
b200=$(block 200 <<<"$out")
expect_contains "200 reason" "reason:    OK" "$b200"
expect_contains "200 reference" "reference: RFC 9110, Section 15.3.1" "$b200"
expect_not_contains "200 reference not in IANA brackets" "[RFC" "$b200"
expect_not_contains "200 has no vendors" "vendors:" "$b200"
expect_contains "104 reason" "reason:    (none)" "$(block 104 <<<"$out")"

# --- registered codes with vendor rows, (Unused) --------------------------
out=$("$STATUSMON" --explain 451 425 306 308)
expect_eq "registered headings" "451  4xx  registered
425  4xx  registered
306  3xx  registered
308  3xx  registered" "$(headings <<<"$out")"
expect_contains "451 Microsoft" "Microsoft: Redirect" "$(block 451 <<<"$out")"
expect_contains "425 Too Early" "reason:    Too Early" "$(block 425 <<<"$out")"
expect_contains "425 WebDAV" "WebDAV draft: Unordered Collection" "$(block 425 <<<"$out")"
expect_contains "306 unused" "reason:    (Unused)" "$(block 306 <<<"$out")"

# --- the 2022-06-08 registry; every source is something to look up ------
expect_exit "explain 2022" 0 "$STATUSMON" --explain 413 499 520
out=$(cat "$TMP/out")
b413=$(block 413 <<<"$out")
expect_contains "413 reason" "reason:    Content Too Large" "$b413"
expect_contains "413 RFC section" "reference: RFC 9110, Section 15.5.14" "$b413"
b499=$(block 499 <<<"$out")
expect_contains "499 nginx source" "source: nginx source (src/http/ngx_http_request.h" "$b499"
expect_contains "499 Esri source" "source: Esri ArcGIS REST API documentation" "$b499"
expect_contains "520 Cloudflare source" "source: Cloudflare documentation (5xx errors: Error 520" \
	"$(block 520 <<<"$out")"
expect_not_contains "no file names" ".txt" "$out"
expect_not_contains "no seeds" "seed" "$(tr 'A-Z' 'a-z' <<<"$out")"
# the same for every code: no source or reference names an internal file
expect_exit "explain all" 0 "$STATUSMON" --explain $(seq 100 599)
if grep -qiE 'seed|\.txt|\[RFC' "$TMP/out"; then
	fail "internal name or raw reference: $(grep -iE 'seed|\.txt|\[RFC' "$TMP/out" | head -3)"
else pass; fi
expect_eq "every vendor meaning has a source" \
	"$(tail -n +2 "$DATA/vendor-status-codes.csv" | wc -l)" "$(grep -c '^ *source: ' "$TMP/out")"
out=$("$STATUSMON" --explain 422 418 510)
expect_eq "2022 headings" "422  4xx  registered
418  4xx  registered
510  5xx  registered" "$(headings <<<"$out")"
expect_contains "422 reason" "reason:    Unprocessable Content" "$(block 422 <<<"$out")"
expect_contains "422 in HTTP core" "reference: RFC 9110, Section 15.5.21" "$(block 422 <<<"$out")"
b418=$(block 418 <<<"$out")
expect_contains "418 unused" "reason:    (Unused)" "$b418"
expect_contains "418 reserved by RFC 9110" "reference: RFC 9110, Section 15.5.19" "$b418"
expect_contains "418 teapot" "HTCPCP: I'm a teapot" "$b418"
expect_contains "418 RFC 2324" "source: RFC 2324, Section 2.3.2" "$b418"
expect_contains "418 reserved note" "reserved by IANA" "$b418"
expect_contains "510 two references" \
	"reference: RFC 2774; IETF status-change-http-experiments-to-historic" "$(block 510 <<<"$out")"

# --- anything else is invalid, never a crash -----------------------------
expect_exit "explain odd args" 0 "$STATUSMON" --explain abc 1000 000 099 0 '' -- -20
expect_eq "odd headings" "abc  invalid  invalid
1000  invalid  invalid
000  invalid  invalid
099  invalid  invalid
0  invalid  invalid
\"\"  invalid  invalid
-20  invalid  invalid" "$(headings <"$TMP/out")"
expect_exit "explain escape" 0 "$STATUSMON" --explain $'4\e[2J9\xc2\x9b9\xff'
expect_contains "escape shown" '4\x1b[2J9\xc2\x9b9\xff' "$(cat "$TMP/out")"
if grep -q $'\e' "$TMP/out"; then fail "raw ESC byte in --explain output"; else pass; fi
long=$(head -c 5000 /dev/zero | tr '\0' 9)
expect_exit "explain long arg" 0 "$STATUSMON" --explain "$long"
expect_contains "long arg shortened" "...  invalid  invalid" "$(cat "$TMP/out")"

# --- --list-codes ---------------------------------------------------------
# codes with a meaning per data/: IANA-named or with a vendor row
python3 - "$DATA" >"$TMP/expected" <<'EOF'
import csv, sys
d = sys.argv[1]
named, vendors = {}, {}
with open(d + "/http-status-codes.csv", newline="") as f:
    for row in list(csv.reader(f))[1:]:
        if row[1] != "Unassigned":
            named[int(row[0])] = row[1]
with open(d + "/vendor-status-codes.csv", newline="") as f:
    for row in list(csv.reader(f))[1:]:
        vendors.setdefault(int(row[0]), []).append((row[1], row[2]))
for c in sorted(set(named) | set(vendors)):
    kind = "registered" if c in named else "vendor"
    reason = named.get(c) or vendors[c][0][1]
    print("%d|%s|%s|%s" % (c, kind, reason, ", ".join(v for v, _ in vendors.get(c, []))))
EOF
expect_exit "list-codes" 0 "$STATUSMON" --list-codes
cp "$TMP/out" "$TMP/list"
expect_eq "list-codes header" "CODE CLASS KIND REASON VENDORS" "$(head -1 "$TMP/list" | tr -s ' ')"
# rebuild code|kind|reason|vendors from the table: columns are fixed
# for code/class/kind, the reason is padded to the VENDORS column
got=$(awk 'NR == 1 { v = index($0, "VENDORS"); next }
	{ code = substr($0, 1, 3); kind = substr($0, 14, 10); sub(/ +$/, "", kind)
	  reason = substr($0, 26, v - 26); vend = substr($0, v)
	  if (length($0) < v) { reason = substr($0, 26); vend = "" }
	  sub(/ +$/, "", reason); print code "|" kind "|" reason "|" vend }' "$TMP/list")
expect_eq "list-codes rows match data/" "$(cat "$TMP/expected")" "$got"
expect_contains "list 499" "Client Closed Request" "$(grep '^499 ' "$TMP/list")"
expect_eq "list 104 absent" "" "$(grep '^104 ' "$TMP/list")"

expect_exit "list vendor" 0 "$STATUSMON" --list-codes --kind=vendor
expect_eq "vendor rows" "$(grep '|vendor|' "$TMP/expected" | cut -d'|' -f1)" \
	"$(tail -n +2 "$TMP/out" | cut -c1-3)"
expect_eq "vendor kinds" "vendor" "$(tail -n +2 "$TMP/out" | awk '{ print $3 }' | sort -u)"
expect_contains "vendor 444" "nginx" "$(grep '^444 ' "$TMP/out")"
expect_contains "vendor 520" "Cloudflare, Microsoft" "$(grep '^520 ' "$TMP/out")"
expect_eq "vendor 451 absent" "" "$(grep '^451 ' "$TMP/out")"
expect_eq "vendor 418 absent (reserved by IANA)" "" "$(grep '^418 ' "$TMP/out")"

expect_exit "list unassigned" 0 "$STATUSMON" --list-codes --kind=unassigned
expect_contains "unassigned 104-121" "104-121  1xx      unassigned  18" "$(cat "$TMP/out")"
expect_contains "unassigned 427" "427      4xx      unassigned  1" "$(cat "$TMP/out")"
n_unassigned=$(tail -n +2 "$TMP/out" | awk '{ s += $4 } END { print s }')
n_meaning=$(wc -l <"$TMP/expected")
expect_eq "unassigned + meaning = 500" 500 $((n_unassigned + n_meaning))

expect_exit "list invalid" 0 "$STATUSMON" --list-codes --kind=invalid
expect_eq "invalid ranges" "000-099 invalid invalid 100
600-999 invalid invalid 400" "$(tail -n +2 "$TMP/out" | tr -s ' ')"
expect_exit "bad kind" 2 "$STATUSMON" --list-codes --kind=official
expect_contains "bad kind named" "official" "$(cat "$TMP/err")"

# --- --registry / --vendor-codes -----------------------------------------
printf 'Value,Description,Reference\n100,Continue,\n1x1,Oops,\n102-599,Unassigned,\n' >"$TMP/bad.csv"
expect_exit "bad registry" 2 "$STATUSMON" --registry "$TMP/bad.csv" --explain 200
expect_contains "bad registry file:line" "$TMP/bad.csv:3:" "$(cat "$TMP/err")"
printf 'Value,Description,Reference\n100-599,Unassigned,\n700,Far,\n' >"$TMP/far.csv"
expect_exit "registry outside" 2 "$STATUSMON" --registry "$TMP/far.csv" --list-codes
expect_contains "outside file:line" "$TMP/far.csv:3:" "$(cat "$TMP/err")"
expect_exit "missing registry" 2 "$STATUSMON" --registry "$TMP/none.csv" --explain 200
expect_contains "missing named" "$TMP/none.csv" "$(cat "$TMP/err")"
printf 'Code,Vendor,Reason,Source\n299,Acme,Fine,x\n299,acme,Again,y\n' >"$TMP/badv.csv"
expect_exit "bad vendor file" 2 "$STATUSMON" --vendor-codes "$TMP/badv.csv" --explain 299
expect_contains "bad vendor file:line" "$TMP/badv.csv:3:" "$(cat "$TMP/err")"

# an older IANA file (the 2018 page: 418-420 unassigned, LF) changes the
# answers: 418 is the HTCPCP vendor code again
sed -e '/^418,/d' -e 's/^419-420,Unassigned,/418-420,Unassigned,/' \
	-e 's/^413,Content Too Large,/413,Payload Too Large,/' -e 's/\r$//' \
	"$DATA/http-status-codes.csv" >"$TMP/old.csv"
expect_exit "old registry" 0 "$STATUSMON" --registry "$TMP/old.csv" --explain 418 419 413
expect_eq "old registry kinds" "418  4xx  vendor
419  4xx  vendor
413  4xx  registered" "$(headings <"$TMP/out")"
expect_contains "418 keeps HTCPCP" "HTCPCP: I'm a teapot" "$(cat "$TMP/out")"
expect_contains "418 vendor reason" "reason:    I'm a teapot" "$(block 418 <"$TMP/out")"
expect_contains "413 from the file" "reason:    Payload Too Large" "$(block 413 <"$TMP/out")"
# data/'s own file as IANA serves it (CRLF) answers as the built-in table
expect_exit "data file as --registry" 0 "$STATUSMON" --registry "$DATA/http-status-codes.csv" \
	--explain 413 418 422 510
expect_eq "data file = built-in" "$("$STATUSMON" --explain 413 418 422 510)" "$(cat "$TMP/out")"
# references as a person looks them up, whatever a user's file holds
printf '%s\n' 'Value,Description,Reference' '100-199,Unassigned,' \
	'200,OK,"[RFC9110, Section 15.3.1][RFC8144, Section 3.2]"' '201,Made,see the Acme manual' \
	'202,Taken,[RFC9110' '203,Odd,[][draft-ietf-httpbis-foo]' '204-599,Unassigned,' >"$TMP/refs.csv"
expect_exit "reference forms" 0 "$STATUSMON" --registry "$TMP/refs.csv" --explain 200 201 202 203
expect_eq "reference lines" "  reference: RFC 9110, Section 15.3.1; RFC 8144, Section 3.2
  reference: see the Acme manual
  reference: [RFC9110
  reference: IETF draft-ietf-httpbis-foo" "$(grep '^  reference: ' "$TMP/out")"
printf 'Code,Vendor,Reason,Source\n299,Acme,Mostly Fine,Acme handbook\n' >"$TMP/v.csv"
expect_exit "vendor file" 0 "$STATUSMON" --vendor-codes "$TMP/v.csv" --explain 299
expect_eq "vendor file kind" "299  2xx  vendor" "$(headings <"$TMP/out")"
expect_contains "vendor file source" "source: Acme handbook" "$(cat "$TMP/out")"

finish
