#!/usr/bin/env bash
# tests/cli/test_hostile.sh: what strangers can put in a log, and what a
# hostile machine can do to statusmon (issue 6, "Must hold"):
#  - terminal injection: ESC ]0;pwned BEL, ESC [2J, C1 CSI (C2 9B, raw 9B)
#    in paths, agents, statuses, malformed lines and file names never reach
#    the text report or stderr raw (with --color=always: only SGR);
#  - JSON is valid UTF-8 JSON for random bytes, CSV parses back (RFC 4180);
#  - hostile lines are counted exactly: a 16 MB line, a million empty lines,
#    NUL bytes, invalid UTF-8, CRLF, no final newline, statuses 2000000000,
#    -200, +200, "20 0", absurd dates, escaped / unbalanced quotes; the
#    counts equal an independent count (tests/tools/count_statuses.py and
#    the physical line count), by file, stdin, gzip, threads, PCRE2 path;
#  - 1M unique paths in bounded memory (peak RSS under 64 MiB);
#  - bad files: missing, unreadable, a directory, empty, truncated or
#    corrupt gzip (what was readable is counted, the file named, exit 1), an
#    invalid pattern file (exit 2, file:line), a catastrophic --path regex
#    (no hang: the line counts as not matching);
#  - output: a reader that goes away, a full disk, a read-only directory.
# SM_QUICK=1 (scripts/ci-valgrind) shrinks the generated logs; SM_QUICK and
# SM_SANITIZE=1 (scripts/ci-sanitize) skip the peak RSS check.
. "$SM_SOURCE_DIR/tests/lib.sh"
TOOLS=$SM_SOURCE_DIR/tests/tools
QUICK=${SM_QUICK:-0}
mounts=()
cleanup() {
	local m
	for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

# ---------------------------------------------------------------- helpers
cat >"$TMP/h.py" <<'PY'
import csv, io, json, random, re, sys, zlib

def lines(path):
    """Lines as a reader sees them: "\n" ends one, a last one without it counts."""
    data = open(path, "rb").read()
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)

C1 = re.compile("[\u0080-\u009f]")
SGR = re.compile(rb"\x1b\[[0-9;]*m")

def safe(path, mode=""):
    """No raw control byte but "\n" (and SGR with mode sgr, CRLF with
    mode crlf, as RFC 4180 wants), valid UTF-8, no C1 control."""
    data = open(path, "rb").read()
    if mode == "sgr":
        data = SGR.sub(b"", data)
    if mode == "crlf":
        data = data.replace(b"\r\n", b"\n")
    for i, b in enumerate(data):
        if (b < 0x20 and b != 0x0A) or b == 0x7F:
            return "raw control byte 0x%02x at %d: %r" % (b, i, data[max(0, i - 30):i + 10])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "invalid UTF-8: %s" % e
    m = C1.search(text)
    if m:
        return "raw C1 control U+%04X" % ord(m.group())
    return ""

def report(path):
    """Strict UTF-8 JSON with the invariants; prints the totals."""
    r = json.loads(open(path, "rb").read().decode("utf-8"))
    t = r["totals"]
    counted = sum(s["count"] for s in r["statuses"])
    assert t["lines"] == t["parsed"] + t["malformed"] + t["directives"], t
    assert t["parsed"] == t["filtered"] + counted, (t, counted)
    assert sum(r["classes"].values()) == counted and sum(r["kinds"].values()) == counted
    return "%d %d %d %d" % (t["lines"], t["parsed"], t["malformed"], t["filtered"])

def strings(path):
    """Every string value of a JSON report, joined (to look for content)."""
    out = []
    def walk(v):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(json.loads(open(path, "rb").read().decode("utf-8")))
    return "\n".join(out)

def csv_check(path, jpath):
    """RFC 4180 CSV: parses back, one row per JSON status, same counts;
    then the totals and the inputs tables, each after an empty row."""
    data = open(path, "rb").read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline=""), strict=True))
    tables = rows[rows.index([]) + 1:]
    rows = rows[:rows.index([])]
    assert tables[0] == ["lines", "parsed", "malformed", "directives", "filtered",
                         "counted"], tables[0]
    assert rows[0] == ["code", "count", "percent", "class", "kind", "reason", "vendors"], rows[0]
    assert all(len(r) == 7 for r in rows), [r for r in rows if len(r) != 7][:3]
    j = json.loads(open(jpath, "rb").read().decode("utf-8"))
    assert len(rows) - 1 == len(j["statuses"]), (len(rows), len(j["statuses"]))
    assert sorted(int(r[1]) for r in rows[1:]) == sorted(s["count"] for s in j["statuses"])
    for s in j["statuses"]:       # ASCII raw statuses appear as logged
        raw = s.get("raw")
        if s["code"] is None and raw.isascii() and raw.isprintable() and "\\" not in raw:
            shown = "'" + raw if raw[:1] in ("=", "+", "-", "@") else raw   # formula guard
            assert shown in [r[0] for r in rows], raw
    return "%d rows" % (len(rows) - 1)

def gz_readable(path):
    """Complete lines zlib recovers from a damaged .gz, fed byte by byte."""
    data = open(path, "rb").read()
    d, out = zlib.decompressobj(31), bytearray()
    for i in range(len(data)):
        try:
            out += d.decompress(data[i:i + 1])
        except zlib.error:
            break
    return out.count(b"\n")

LINE = ('192.0.2.%d - - [10/Oct/2024:13:%02d:36 +0000] "GET %s HTTP/1.1" %s 512 '
        '"-" "%s"\n')

def gen_random(path, n, seed):
    r = random.Random(seed)
    with open(path, "wb") as f:
        f.write(bytes(r.randrange(256) for _ in range(n)))

def gen_fields(path, n, seed):
    """Combined lines whose path, agent and status hold random bytes."""
    r = random.Random(seed)
    def junk(k, bad):
        return bytes(b for b in (r.randrange(256) for _ in range(k)) if b not in bad)
    with open(path, "wb") as f:
        for i in range(n):
            st = junk(4, b' \n"\r\t\x0b\x0c') or b"x" if i % 5 == 0 else b"%d" % r.choice((200, 404, 499, 502))
            f.write(b'192.0.2.%d - - [10/Oct/2024:13:55:36 +0000] "GET /' % (i % 250)
                    + junk(40, b' \n"\\') + b' HTTP/1.1" ' + st + b' 5 "-" "'
                    + junk(60, b'\n"\\') + b'"\n')

def gen_paths(path, n):
    with open(path, "w") as f:
        for i in range(n):
            f.write(LINE % (i % 250, i % 60, "/u/%d" % i, "200", "ua"))

def gen_backtrack(path, n):
    """Half the paths end in a's (match (a+)+$), half in "a...a!" (no match)."""
    with open(path, "w") as f:
        for i in range(n):
            p = "/" + "a" * (20 + 97 * i) + ("!" if i % 2 else "")
            f.write(LINE % (i % 250, i % 60, p, "200", "ua"))

def gen_long(path, mb):
    with open(path, "wb") as f:
        f.write((LINE % (1, 0, "/before", "200", "ua")).encode())
        f.write((LINE % (2, 1, "/huge", "404", "x" * (mb << 20))).encode())
        f.write(b"\xff" * (mb << 20) + b"\n")           # mb MB of garbage: malformed
        f.write((LINE % (3, 2, "/after", "500", "ua")).encode())

def gen_statuses(path, n):
    """Many distinct statuses and paths: a report of several megabytes."""
    with open(path, "w") as f:
        for i in range(n):
            f.write(LINE % (i % 250, i % 60, "/p/%d/%s" % (i, "x" * 40), str(100 + i % 900), "ua"))

cmd = sys.argv[1]
args = sys.argv[2:]
res = globals()[cmd](*[int(a) if a.isdigit() else a for a in args])
if res is not None:
    print(res)
PY
hp() { python3 "$TMP/h.py" "$@"; }

# expect_safe WHAT FILE [sgr|crlf]: FILE holds nothing a terminal would obey.
expect_safe() {
	local why
	why=$(hp safe "$2" ${3:-})
	if [ -z "$why" ]; then pass; else fail "$1: $why"; fi
}
# expect_report WHAT JSON: valid UTF-8 JSON with the invariants.
expect_report() {
	if hp report "$2" >"$TMP/totals" 2>"$TMP/pyerr"; then pass; else
		fail "$1: $(tail -3 "$TMP/pyerr")"; fi
}
totals() { hp report "$1" 2>/dev/null; }
# expect_counts WHAT FILE [ARGS...]: the JSON report of FILE equals the
# independent counter's, status for status, and the physical line count.
expect_counts() {
	local what=$1 file=$2 rc=0
	shift 2
	"$STATUSMON" --report=json "$@" "$file" >"$TMP/c.json" 2>"$TMP/c.err" || rc=$?
	[ "$rc" -eq 0 ] || { fail "$what: exit $rc: $(head -c 300 "$TMP/c.err")"; return; }
	python3 "$TOOLS/count_statuses.py" combined "$file" >"$TMP/c.expected"
	if python3 "$TOOLS/compare_report.py" "$TMP/c.json" "$TMP/c.expected" \
		"$(hp lines "$file")" >"$TMP/c.diff"; then pass; else
		fail "$what: $(head -5 "$TMP/c.diff" | tr '\n' ';')"; fi
}

# ---------------------------------------------------- terminal injection
E=$'\e'; BEL=$'\a'; CSI=$'\xc2\x9b'; RAW9B=$'\x9b'
inj=$TMP/inj.log
{
	printf '192.0.2.1 - - [10/Oct/2024:13:55:36 +0000] "GET /%s]0;pwned%s HTTP/1.1" 404 5 "-" "%s[2J%s31m"\n' "$E" "$BEL" "$E" "$CSI"
	printf '192.0.2.2 - - [10/Oct/2024:13:55:37 +0000] "GET /a%s[2Jb%s1mc HTTP/1.1" 500 5 "-" "x%s]8;;http://evil/%s\\\\y"\n' "$E" "$RAW9B" "$E" "$E"
	printf '192.0.2.3 - - [10/Oct/2024:13:55:38 +0000] "GET /ok HTTP/1.1" %s[2J 5 "-" "del\x7f nul-free"\n' "$E"
	printf '192.0.2.4 - - [10/Oct/2024:13:55:39 +0000] "GET /c1%sq HTTP/1.1" 499 5 "%s]0;ref%s" "ua"\n' "$CSI" "$E" "$BEL"
	printf 'malformed %s]0;pwned%s %s[2J %s\x01\x08\r\n' "$E" "$BEL" "$E" "$CSI"
	printf '%s[2J%s[H only escapes\n' "$E" "$E"
} >"$inj"
evil=$TMP/$'evil\e]0;pwned\a\e[2J.log'
gone=$TMP/$'gone\e]0;x\a.log'
cp "$inj" "$evil"
"$STATUSMON" --report=text --format=combined --show-malformed=10 "$inj" "$evil" "$gone" \
	>"$TMP/inj.txt" 2>"$TMP/inj.err"
expect_eq "injection log: exit 1 (one input is missing)" 1 $?
expect_safe "text report" "$TMP/inj.txt"
expect_safe "stderr (--show-malformed, a missing file with escapes in its name)" "$TMP/inj.err"
expect_contains "text report shows the escape, visibly" '\x1b]0;pwned\x07' "$(cat "$TMP/inj.txt")"
expect_contains "invalid status shown escaped" '\x1b[2J' "$(cat "$TMP/inj.txt")"
expect_contains "malformed lines shown on stderr" 'malformed' "$(cat "$TMP/inj.err")"
expect_contains "missing file named (escaped)" 'gone\x1b]0;x\x07.log' "$(cat "$TMP/inj.err")"
"$STATUSMON" --report=text --color=always --format=combined "$inj" >"$TMP/color.txt" 2>"$TMP/color.err"
expect_safe "text report with --color=always: only SGR" "$TMP/color.txt" sgr
grep -q $'\e\\[' "$TMP/color.txt" && pass || fail "--color=always writes no SGR at all"
"$STATUSMON" --report=json --format=combined "$inj" "$evil" >"$TMP/inj.json" 2>"$TMP/inj.err"
expect_report "JSON of the injection log" "$TMP/inj.json"
expect_safe "JSON report (controls as \\u escapes)" "$TMP/inj.json"
hp strings "$TMP/inj.json" >"$TMP/inj.strings"
grep -qF "/${E}]0;pwned${BEL}" "$TMP/inj.strings" && pass || fail "JSON lost the path's content"
grep -qF "evil${E}]0;pwned" "$TMP/inj.strings" && pass || fail "JSON does not name the evil file"
"$STATUSMON" --report=json --format=combined "$inj" >"$TMP/inj.json" 2>/dev/null
"$STATUSMON" --report=csv --format=combined "$inj" >"$TMP/inj.csv" 2>/dev/null
expect_safe "CSV report" "$TMP/inj.csv" crlf
out=$(hp csv_check "$TMP/inj.csv" "$TMP/inj.json" 2>&1) && pass || fail "CSV of the injection log: $out"

# ------------------------------------------- random bytes: JSON and CSV
n_rand=$([ "$QUICK" = 1 ] && echo 20000 || echo 300000)
hp gen_random "$TMP/random.log" "$n_rand" 7
"$STATUSMON" --report=json "$TMP/random.log" >"$TMP/random.json" 2>"$TMP/random.err"
expect_report "random bytes, format auto" "$TMP/random.json"
expect_eq "random bytes: every line counted" "$(hp lines "$TMP/random.log")" "$(cut -d' ' -f1 "$TMP/totals")"
expect_safe "stderr on random bytes" "$TMP/random.err"
"$STATUSMON" --report=json --format=combined --show-malformed=50 "$TMP/random.log" \
	>"$TMP/random.json" 2>"$TMP/random.err"
expect_report "random bytes as combined" "$TMP/random.json"
expect_safe "--show-malformed on random bytes" "$TMP/random.err"
hp gen_fields "$TMP/fields.log" "$([ "$QUICK" = 1 ] && echo 500 || echo 5000)" 11
for fmt in combined auto; do
	"$STATUSMON" --report=json --top=50 --format=$fmt "$TMP/fields.log" >"$TMP/fields.json" 2>/dev/null
	expect_report "random bytes in fields ($fmt)" "$TMP/fields.json"
	expect_eq "random bytes in fields ($fmt): all parsed" \
		"$(hp lines "$TMP/fields.log") $(hp lines "$TMP/fields.log") 0 0" "$(cat "$TMP/totals")"
done
hp strings "$TMP/fields.json" >"$TMP/fields.strings"
grep -qF $'\xef\xbf\xbd' "$TMP/fields.strings" && pass || fail "invalid bytes do not become U+FFFD"
"$STATUSMON" --report=csv --format=combined "$TMP/fields.log" >"$TMP/fields.csv" 2>/dev/null
out=$(hp csv_check "$TMP/fields.csv" "$TMP/fields.json" 2>&1) && pass || fail "CSV of random fields: $out"
expect_safe "CSV of random fields" "$TMP/fields.csv" crlf
"$STATUSMON" --report=text --format=combined "$TMP/fields.log" >"$TMP/fields.txt" 2>/dev/null
expect_safe "text report of random fields" "$TMP/fields.txt"

# ------------------------------------------------------- hostile lines
L='192.0.2.9 - - [10/Oct/2024:13:55:36 +0000]'
h=$TMP/hostile.log
{
	printf '%s "GET / HTTP/1.1" 200 5 "-" "curl/8.5.0"\n' "$L"
	printf '%s "GET /nul\0path HTTP/1.1" 200 5 "-" "a\0gent"\n' "$L"
	printf '\0\0\0\0\n'
	printf '%s "GET /\xff\xfe\xc0\xaf HTTP/1.1" 404 5 "-" "\xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82"\n' "$L"
	printf '%s "GET /crlf HTTP/1.1" 301 5 "-" "ua"\r\n' "$L"
	printf '%s "GET /cr\rin HTTP/1.1" 302 5 "-" "ua"\n' "$L"
	for st in 2000000000 -200 +200 0200 2OO 99999999999999 -; do
		printf '%s "GET /s HTTP/1.1" %s 5 "-" "ua"\n' "$L" "$st"
	done
	printf '%s "GET /s HTTP/1.1" 20 0 5 "-" "ua"\n' "$L"
	for t in '99/Foo/0000:99:99:99 +9999' '31/Feb/2024:25:61:61 +0000' '10/Oct/2024:13:55:36' \
		'10/Oct/99999999999:13:55:36 +0000' '-'; do
		printf '192.0.2.9 - - [%s] "GET /t HTTP/1.1" 200 5 "-" "ua"\n' "$t"
	done
	printf '%s "GET /q\\"uote HTTP/1.1" 200 5 "-" "say \\"hi\\""\n' "$L"
	printf '%s "GET /end\\\\" 200 5 "-" "ua\\\\"\n' "$L"
	printf '%s "GET /x22\\x22 HTTP/1.1" 200 5 "-" "ua"\n' "$L"
	printf '%s "GET /unbalanced HTTP/1.1 200 5 "-" "ua"\n' "$L"
	printf '%s "GET /unbalanced2 HTTP/1.1" 200 5 "-" "ua\n' "$L"
	printf '%s "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" 400 0 "-" "-"\n' "$L"
	printf '%s "-" 408 0 "-" "-"\n' "$L"
	printf '%s "" 400 0 "-" "-"\n' "$L"
	printf '\n   \n"\n[\n\t\n'
	printf '%s "GET /last HTTP/1.1" 200 5 "-" "no final newline"' "$L"
} >"$h"
expect_counts "hostile lines (auto)" "$h"
expect_counts "hostile lines (--format=combined)" "$h" --format=combined
expect_counts "hostile lines (PCRE2 path)" "$h" --format=combined --no-fast-path
"$STATUSMON" --report=json --format=combined "$h" >"$TMP/h.json"
expect_report "hostile lines" "$TMP/h.json"
python3 - "$TMP/h.json" >"$TMP/h.check" 2>&1 <<'PY' && pass || fail "hostile statuses: $(cat "$TMP/h.check")"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
raw = {s.get("raw"): s for s in r["statuses"] if s["code"] is None}
for want in ("2000000000", "-200", "+200", "2OO", "99999999999999", "-"):
    assert want in raw and raw[want]["kind"] == "invalid", want
assert [s["code"] for s in r["statuses"] if s.get("raw") == "0200"] in ([None], []), "0200"
tr = r["time_range"]
assert tr["first"] is None or tr["first"].startswith("2024-10-10"), tr   # absurd dates unused
assert tr["last"] is None or tr["last"].startswith("2024-10-10"), tr
PY
# the same bytes by every road: stdin, gzip, gzip on stdin, threads
"$STATUSMON" --report=json --format=combined --threads=1 "$h" >"$TMP/ref.json"
ref=$(python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" counts "$TMP/ref.json"; totals "$TMP/ref.json")
gzip -c "$h" >"$TMP/h.gz"
for road in "stdin" "gzip" "gzip-stdin" "threads"; do
	case $road in
	stdin) "$STATUSMON" --report=json --format=combined --threads=4 <"$h" ;;
	gzip) "$STATUSMON" --report=json --format=combined --threads=4 "$TMP/h.gz" ;;
	gzip-stdin) "$STATUSMON" --report=json --format=combined --threads=2 - <"$TMP/h.gz" ;;
	threads) "$STATUSMON" --report=json --format=combined --threads=4 "$h" ;;
	esac >"$TMP/road.json" 2>/dev/null
	got=$(python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" counts "$TMP/road.json"; totals "$TMP/road.json")
	expect_eq "hostile lines by $road equal the file" "$ref" "$got"
done

# statuses longer than 15 bytes stay whole and apart up to 64 bytes; a
# longer one is cut to 64 and flagged "truncated"
{ printf '%s "GET / HTTP/1.1" %s 5 "-" "ua"\n' "$L" "$(printf '9%.0s' $(seq 40))"
  printf '%s "GET / HTTP/1.1" %s 5 "-" "ua"\n' "$L" "$(printf '9%.0s' $(seq 39))8"
  printf '%s "GET / HTTP/1.1" %s 5 "-" "ua"\n' "$L" "$(printf '7%.0s' $(seq 100))"
} >"$TMP/longst.log"
"$STATUSMON" --report=json --format=combined "$TMP/longst.log" >"$TMP/longst.json"
expect_eq "long statuses: distinct, whole to 64 bytes, then cut and flagged" \
	"3 invalid 40 False 40 False 64 True" \
	"$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["statuses"]; s.sort(key=lambda x: x["raw"], reverse=True)
print(len(s), s[0]["kind"], " ".join("%d %s" % (len(x["raw"]), x["truncated"]) for x in s))' "$TMP/longst.json")"

# a 3 MB line (parsed: it matches) and 3 MB of garbage (malformed)
mb=$([ "$QUICK" = 1 ] && echo 2 || echo 3)
hp gen_long "$TMP/long.log" "$mb"
expect_counts "a ${mb} MB line" "$TMP/long.log"
"$STATUSMON" --report=json "$TMP/long.log" >"$TMP/long.json" 2>/dev/null
expect_eq "a ${mb} MB line: lines parsed malformed filtered" "4 3 1 0" "$(totals "$TMP/long.json")"
# past INPUT_LINE_MAX (4 MiB) the same line is one malformed (cut) line
hp gen_long "$TMP/over.log" 6
"$STATUSMON" --report=json --threads=4 "$TMP/over.log" >"$TMP/over.json" 2>/dev/null
expect_eq "a 6 MB line: lines parsed malformed filtered" "4 2 2 0" "$(totals "$TMP/over.json")"

# a million empty lines (and one real one), from a file and from a pipe
n_empty=$([ "$QUICK" = 1 ] && echo 100000 || echo 1000000)
{ head -c "$n_empty" /dev/zero | tr '\0' '\n'; printf '%s "GET / HTTP/1.1" 200 5 "-" "ua"\n' "$L"; } >"$TMP/empty.log"
expect_counts "$n_empty empty lines" "$TMP/empty.log" --format=combined
"$STATUSMON" --report=json --format=combined --threads=2 <"$TMP/empty.log" >"$TMP/e.json" 2>/dev/null
expect_eq "$n_empty empty lines on stdin, 2 threads" "$((n_empty + 1)) 1 $n_empty 0" "$(totals "$TMP/e.json")"
head -c "$n_empty" /dev/zero | tr '\0' '\n' | "$STATUSMON" --report=json --threads=2 >"$TMP/e.json" 2>"$TMP/e.err"
expect_eq "only empty lines, format auto" "$n_empty 0 $n_empty 0" "$(totals "$TMP/e.json")"

# 1M unique paths: top-K memory, not a path table
n_paths=$([ "$QUICK" = 1 ] && echo 20000 || echo 1000000)
hp gen_paths "$TMP/paths.log" "$n_paths"
if [ "$QUICK" != 1 ] && [ "${SM_SANITIZE:-0}" != 1 ]; then
	# peak RSS of the child, from getrusage (no dependency on GNU time)
	rss=$(python3 -c '
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], stdout=out, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
		"$TMP/p.json" "$STATUSMON" --report=json --threads=2 "$TMP/paths.log")
	[ "${rss:-999999}" -lt $((64 * 1024)) ] && pass ||
		fail "$n_paths unique paths: peak RSS ${rss} KiB, want < 64 MiB"
	echo "peak RSS for $n_paths unique paths: $rss KiB"
else
	"$STATUSMON" --report=json --threads=2 "$TMP/paths.log" >"$TMP/p.json"
	echo "SKIP peak RSS check (SM_QUICK or a sanitizer build)"
fi
expect_eq "$n_paths unique paths counted" "$n_paths $n_paths 0 0" "$(totals "$TMP/p.json")"

# ----------------------------------------------------------- bad files
ok=$TMP/ok.log
printf '%s "GET / HTTP/1.1" 200 5 "-" "ua"\n' "$L" >"$ok"
expect_exit "nonexistent file" 1 "$STATUSMON" --report=json "$TMP/nope.log" "$ok"
expect_contains "nonexistent file named" "$TMP/nope.log" "$(cat "$TMP/err")"
expect_eq "the other input still counted" "1 1 0 0" "$(totals "$TMP/out")"
if [ "$(id -u)" != 0 ]; then
	cp "$ok" "$TMP/locked.log" && chmod 000 "$TMP/locked.log"
	expect_exit "unreadable file (mode 000)" 1 "$STATUSMON" --report=json "$TMP/locked.log" "$ok"
	expect_contains "unreadable file named" "$TMP/locked.log" "$(cat "$TMP/err")"
else
	echo "SKIP mode 000: root reads it anyway; a read error is tested with /proc/self/mem"
fi
if ! cat /proc/self/mem >/dev/null 2>&1; then
	# opens fine, every read fails (EIO): the read error path
	expect_exit "a file whose reads fail (/proc/self/mem)" 1 \
		timeout 20 "$STATUSMON" --report=json /proc/self/mem "$ok"
	expect_contains "read error names the file" "/proc/self/mem" "$(cat "$TMP/err")"
	expect_eq "read error: the other input still counted" "1 1 0 0" "$(totals "$TMP/out")"
fi
expect_exit "a directory: a usage error" 2 "$STATUSMON" --report=json "$TMP" "$ok"
expect_contains "directory named" "$TMP" "$(cat "$TMP/err")"
expect_eq "a directory: no report" "" "$(cat "$TMP/out")"
: >"$TMP/empty"
expect_exit "an empty file" 0 "$STATUSMON" --report=json "$TMP/empty"
expect_eq "empty file: nothing counted" "0 0 0 0" "$(totals "$TMP/out")"

gzip -c "$SAMPLES/combined.log" >"$TMP/full.gz"
size=$(stat -c %s "$TMP/full.gz")
head -c $((size / 2)) "$TMP/full.gz" >"$TMP/trunc.gz"
python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(len(b) // 2, len(b) // 2 + 64):
    b[i] ^= 0x55
open(sys.argv[2], "wb").write(b)' "$TMP/full.gz" "$TMP/corrupt.gz"
for gz in trunc corrupt; do
	expect_exit "$gz .gz" 1 "$STATUSMON" --report=json "$TMP/$gz.gz"
	expect_contains "$gz .gz named" "$TMP/$gz.gz" "$(cat "$TMP/err")"
	want=$(hp gz_readable "$TMP/$gz.gz")
	[ "$want" -gt 0 ] && pass || fail "$gz .gz: the test needs readable lines"
	# the lines complete before the damage, the cut one not counted
	expect_eq "$gz .gz: the readable lines counted" "$want" "$(totals "$TMP/out" | cut -d' ' -f1)"
done

printf '# name: broken\n# time: clf\n# a comment\n^(?<client>\\S+) (?<status>\\d{3}\n' >"$TMP/broken.pattern"
expect_exit "pattern file with an invalid regex" 2 "$STATUSMON" --report=json --format="$TMP/broken.pattern" "$ok"
expect_contains "pattern error names file:line" "broken.pattern:4" "$(cat "$TMP/err")"

hp gen_backtrack "$TMP/bt.log" 60
expect_exit "catastrophic --path regex finishes" 0 timeout 20 "$STATUSMON" --report=json \
	--format=combined --path='(a+)+$' "$TMP/bt.log"
expect_eq "(a+)+\$: a...a! lines do not match (filtered), a...a lines do" "60 60 0 30" \
	"$(totals "$TMP/out")"
expect_exit "catastrophic --path regex, PCRE2 parser" 0 timeout 20 "$STATUSMON" --report=json \
	--format=combined --no-fast-path --path='^(\/?a*)*$' "$TMP/bt.log"
expect_eq "^(/?a*)*\$ on the same lines" "60 60 0 30" "$(totals "$TMP/out")"

# --------------------------------------------------------- output safety
hp gen_statuses "$TMP/big.log" "$([ "$QUICK" = 1 ] && echo 5000 || echo 100000)"
"$STATUSMON" --report=json --top=1000 "$TMP/big.log" >"$TMP/big.json"
"$STATUSMON" --report=json --top=1000 "$TMP/big.log" 2>"$TMP/pipe.err" | true
rc=${PIPESTATUS[0]}
expect_eq "reader gone before the report: no message" "" "$(cat "$TMP/pipe.err")"
case $rc in 0|141) pass ;; *) fail "reader gone: exit $rc (want 0, or 141 for SIGPIPE)" ;; esac
"$STATUSMON" --report=text "$TMP/big.log" 2>"$TMP/pipe.err" | head -1 >/dev/null
expect_eq "| head -1: no message" "" "$(cat "$TMP/pipe.err")"
bash -c '"$1" --report=json "$2" >/dev/full' _ "$STATUSMON" "$ok" 2>"$TMP/full.err"
expect_eq "stdout on /dev/full: exit 1" 1 $?
[ -s "$TMP/full.err" ] && pass || fail "stdout on /dev/full: no message"

mnt=$TMP/mnt
mkdir -p "$mnt"
if mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
	mounts+=("$mnt")
	echo "old report" >"$mnt/report.json"
	expect_exit "-o on a full disk" 1 "$STATUSMON" --report=json --top=1000 -o "$mnt/report.json" "$TMP/big.log"
	expect_contains "full disk: the path is named" "$mnt/report.json" "$(cat "$TMP/err")"
	expect_eq "full disk: the old report is untouched" "old report" "$(cat "$mnt/report.json")"
	expect_eq "full disk: no temporary file left" "report.json" "$(ls -A "$mnt")"
	mount -o remount,ro "$mnt"
	expect_exit "-o on a read-only file system" 1 "$STATUSMON" --report=json -o "$mnt/report.json" "$ok"
	expect_contains "read-only: the path is named" "$mnt/report.json" "$(cat "$TMP/err")"
	expect_eq "read-only: the old report is untouched" "old report" "$(cat "$mnt/report.json")"
	umount "$mnt" && mounts=()
else
	echo "SKIP -o on a full / read-only file system: cannot mount a tmpfs here"
fi
echo "a file" >"$TMP/plain"
expect_exit "-o under a regular file (not a directory)" 1 "$STATUSMON" --report=json \
	-o "$TMP/plain/r.json" "$ok"
expect_eq "-o under a regular file: the file is untouched" "a file" "$(cat "$TMP/plain")"

finish
