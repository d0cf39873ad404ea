#!/usr/bin/env bash
# tests/cli/test_html.sh: the HTML report (issue 15) on three logs: the
# combined sample, a hostile corpus (markup, handlers, javascript: paths,
# </style>, bidi, invalid UTF-8, hostile client and input names, malformed
# lines) and a 1M-line log from bench/statusmon-gen. For each:
#  - tests/cli/html_check.py page: CSP and referrer metas exact, the style
#    hash recomputed, only the writer's elements and attributes (no
#    script, src, href, on*), every count equal to the JSON report's and
#    every JSON count on the page;
#  - headless Chromium (Debian's chromium): --dump-dom checked the same way
#    (the DOM a browser built, not our reading of the bytes), the code
#    table and the timeline SVG present, the hostile strings shown as text;
#    the net log holds no request for the hosts the corpus names. "With
#    JavaScript disabled": the page has no script (checked above) and its
#    CSP allows none, so everything the DOM and the screenshots show was
#    rendered without any (this chromium's --dump-dom and --screenshot
#    produce nothing with --blink-settings=scriptEnabled=false, as they
#    drive the page through the DevTools protocol);
#  - screenshots at 1280x2000 and 390x2000, size-checked, kept in
#    $SM_BUILD_DIR/html-report/ for people to look at.
# Also: durations (samples and a generated log: the response-time table
# and histograms against the JSON, bars adding up), a merged report (two
# hosts, a hostile host name and a left-out report with a hostile file
# name) and each flagged code's sparkline adding up to its count.
# Without chromium the browser part prints SKIP; the rest still runs.
. "$SM_SOURCE_DIR/tests/lib.sh"
check=$SM_SOURCE_DIR/tests/cli/html_check.py
ART=$SM_BUILD_DIR/html-report
mkdir -p "$ART"
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}

# ---------------------------------------------------------------- corpus
hostile=$TMP/'evil"><img src=x onerror=alert(2)>.log'
python3 - "$hostile" <<'PY'
import sys
L = '{c} - - [12/Mar/2024:0{h}:1{m}:00 +0000] "GET {p} HTTP/1.1" {s} 512 "-" "{a}"\n'
paths = ['/<script>alert(1)</script>', '/"><img src=x onerror=alert(1)>',
         'javascript:alert(document.cookie)', '/</style><script>alert(3)</script>',
         '/<img src=http://leak.statusmon-test.invalid/a>',
         '/x{background:url(http://leak2.statusmon-test.invalid/b)}',
         '/invoice_\u202efdp.exe', '/zero\u200bwidth', "/o'quote&amp;"]
clients = ['203.0.113.7', '"><svg onload=alert(4)>', '2001:db8::5']
out = []
for i in range(300):
    p = paths[i % len(paths)]
    s = ['404', '500', '503', '499', '200', '520'][i % 6]
    out.append(L.format(c=clients[i % 3], h=i % 8, m=i % 6, p=p, s=s,
                        a='<b onmouseover=alert(5)>').encode())
out.append(b'10.0.0.1 - - [12/Mar/2024:03:00:00 +0000] "GET /bad\xff\xfe\xc0\xaf HTTP/1.1" 404 1 "-" "-"\n')
out.append(b'10.0.0.1 - - [12/Mar/2024:03:00:00 +0000] "GET /st HTTP/1.1" <i>x</i> 1 "-" "-"\n')
out.append(b'<script>alert("malformed")</script>\n')
open(sys.argv[1], 'wb').write(b''.join(out))
PY

gen=$SM_BUILD_DIR/bench/statusmon-gen
big=$TMP/big.log
if [ -x "$gen" ]; then
	# SM_QUICK (valgrind's run, 30x slower): 100k lines make the same checks
	"$gen" --lines "$([ "${SM_QUICK:-0}" != 0 ] && echo 100000 || echo 1000000)" --seed 15 >"$big"
else
	fail "no $gen (built with the project) for the 1M-line log"
fi

# ---------------------------------------------------------------- reports
# report NAME FILE [check options]: NAME.html and NAME.json, then the page check
report() {
	local name=$1 file=$2; shift 2
	expect_exit "$name: html report" 0 "$STATUSMON" -o "$ART/$name.html" "$file"
	expect_exit "$name: json report" 0 "$STATUSMON" -o "$TMP/$name.json" "$file"
	if python3 "$check" page "$ART/$name.html" "$TMP/$name.json" "$@" >"$TMP/check" 2>&1; then
		pass
	else
		fail "$name: page check: $(head -c 2000 "$TMP/check")"
	fi
	cat "$TMP/check"
}
report sample "$SAMPLES/combined.log"
report hostile "$hostile"
[ -s "$big" ] && report big "$big" --no-topk
# durations: a table per class and code, a histogram per class (samples,
# then a generated log with --durations, under the size bound too)
report latency "$SAMPLES/nginx-json.log"
report caddy "$SAMPLES/caddy.log"
if [ -x "$gen" ]; then
	"$gen" --lines 200000 --seed 16 --durations >"$TMP/dur.log"
	report durations "$TMP/dur.log" --no-topk
	size=$(stat -c %s "$ART/durations.html")
	[ "$size" -lt 204800 ] && pass || fail "200k lines with durations: $size bytes (want < 200 KB)"
fi
grep -q '<svg class="hist" id="hist-request-2xx"' "$ART/latency.html" && pass ||
	fail "no 2xx request-time histogram on the nginx-json page"

# --merge: two hosts' reports (the sample's halves) and a damaged one with
# a hostile name, left out; the page has the per-host table and names it as text
half=$(( $(wc -l <"$SAMPLES/combined.log") / 2 ))
head -n $half "$SAMPLES/combined.log" >"$TMP/a.log"
tail -n +$((half + 1)) "$SAMPLES/combined.log" >"$TMP/b.log"
"$STATUSMON" -o "$TMP/a.json" "$TMP/a.log"
"$STATUSMON" -o "$TMP/b.json" "$TMP/b.log"
python3 "$SM_SOURCE_DIR/tests/cli/merge_check.py" sethost "$TMP/b.json" '<b>web2</b>'
bad=$TMP/'x"><script>alert(6)</script>.json'
echo '{"hello": "world"}' >"$bad"
expect_exit "merge: html" 1 "$STATUSMON" --merge -o "$ART/merged.html" "$TMP/a.json" "$TMP/b.json" "$bad"
expect_exit "merge: json" 1 "$STATUSMON" --merge -o "$TMP/merged.json" "$TMP/a.json" "$TMP/b.json" "$bad"
if python3 "$check" page "$ART/merged.html" "$TMP/merged.json" >"$TMP/check" 2>&1; then pass; else
	fail "merged: page check: $(head -c 2000 "$TMP/check")"; fi
cat "$TMP/check"
expect_contains "merged: per-host table" 'id="host-table"' "$(cat "$ART/merged.html")"
expect_contains "merged: hostile host as text" '&lt;b&gt;web2&lt;/b&gt;' "$(cat "$ART/merged.html")"
expect_contains "merged: left-out file as text" 'x&quot;&gt;&lt;script&gt;alert(6)' "$(cat "$ART/merged.html")"
"$STATUSMON" -o "$TMP/single.html" "$SAMPLES/combined.log"
expect_not_contains "a plain run has no host table" 'id="host-table"' "$(cat "$TMP/single.html")"

size=$(stat -c %s "$ART/big.html" 2>/dev/null || echo 0)
[ "$size" -gt 0 ] && [ "$size" -lt 204800 ] && pass || fail "1M-line page is $size bytes (want < 200 KB)"
"$STATUSMON" -o "$TMP/again.html" "$SAMPLES/combined.log"
expect_eq "same input, same bytes" "$(sha1sum <"$ART/sample.html")" "$(sha1sum <"$TMP/again.html")"
grep -q 'onerror' "$TMP/hostile.json" && pass || fail "the corpus did not reach the report"

# --anonymize-clients: no full client address in any format
for fmt in html json csv text; do
	"$STATUSMON" --anonymize-clients --report=$fmt "$hostile" >"$TMP/anon.$fmt"
	if grep -q -e '203\.0\.113\.7' -e '2001:db8::5' "$TMP/anon.$fmt"; then
		fail "--anonymize-clients --report=$fmt shows a full address"
	else pass; fi
done
grep -q '203\.0\.113\.0' "$TMP/anon.json" && pass || fail "masked IPv4 missing from JSON"

# ---------------------------------------------------------------- browser
chrome() {   # chrome OUT ARGS...: one headless run, its own profile
	local out=$1; shift
	rm -rf "$TMP/profile"
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$TMP/profile" --disable-background-networking \
		--disable-component-update --disable-sync --disable-extensions \
		--host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars "$@" >"$out" 2>"$TMP/chrome.err"
}
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: chromium is not installed: the browser checks (DOM, network, screenshots) did not run"
	finish
	exit $?
fi
for name in sample hostile big latency merged; do
	[ -f "$ART/$name.html" ] || continue
	url="file://$ART/$name.html"
	chrome "$TMP/$name.dom" --log-net-log="$TMP/$name.net" --dump-dom "$url"
	texts=()
	[ $name = hostile ] && texts=(--expect-text '/<script>alert(1)</script>'
		--expect-text '/"><img src=x onerror=alert(1)>' --expect-text 'javascript:alert(document.cookie)'
		--expect-text '/invoice_<U+202E>fdp.exe' --expect-text '"><svg onload=alert(4)>'
		--expect-text 'evil"><img src=x onerror=alert(2)>.log' --expect-text $'/bad\ufffd\ufffd\ufffd\ufffd')
	if python3 "$check" dom "$TMP/$name.dom" "${texts[@]}" >"$TMP/check" 2>&1; then pass; else
		fail "$name: DOM check: $(head -c 2000 "$TMP/check")"; fi
	cat "$TMP/check"
	if grep -q 'statusmon-test\.invalid' "$TMP/$name.net"; then
		fail "$name: the page asked the network for a host from the log"
	else pass; fi
	for w in 1280 390; do
		chrome "$TMP/shot.out" --window-size=$w,2000 \
			--screenshot="$ART/$name-$w.png" "$url"
		if python3 "$check" png "$ART/$name-$w.png" $w 2000 >"$TMP/check" 2>&1; then pass; else
			fail "$name: screenshot: $(cat "$TMP/check")"; fi
		cat "$TMP/check"
	done
done
finish
