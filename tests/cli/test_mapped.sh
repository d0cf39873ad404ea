#!/usr/bin/env bash
# test_mapped.sh: a settled log (unchanged for over a minute, as last
# night's rotations are) read through memory-mapped windows with --mmap,
# and by default when measured faster (src/input/mapped.c), not read().
# Checked as users run it:
#  - with --no-mmap the log is never mapped (its path never shows in
#    /proc/PID/maps while statusmon reads it) and the report is the same;
#  - by default (mapped and read() stretches timed against each other)
#    the report is the same at 1 and 2 threads;
#  - the report of a 40 MiB settled log (20 under valgrind) at --threads=1 and 2 equals the report
#    of the same bytes through a pipe (never mapped) and an independent count
#    of its statuses; lines cross the 8 MiB windows, one is over the 4 MiB
#    line limit, some end in CRLF, the last has no newline;
#  - with --mmap, a settled log that another program truncates while statusmon reads it
#    (caught with the mapping in /proc/PID/maps, stopped, truncated,
#    continued) ends with status 1, a message naming the file, and no
#    report: -o leaves neither the file nor its temporary file.
. "$SM_SOURCE_DIR/tests/lib.sh"

log=$TMP/access.log
mib=40
[ "${SM_QUICK:-0}" = 1 ] && mib=20     # under valgrind: still three windows
python3 - "$log" "$mib" >"$TMP/expect" <<'PY'
import random, sys
rnd = random.Random(18)
total = int(sys.argv[2]) << 20
codes = [200, 200, 200, 301, 304, 404, 499, 500, 502, 444, 520]
count = {}
with open(sys.argv[1], "wb") as f:
    size, i = 0, 0
    while size < total:
        if i == 30000:
            line = b"L" * ((4 << 20) + 100)          # over the line limit: malformed
            count["malformed"] = count.get("malformed", 0) + 1
        else:
            c = rnd.choice(codes)
            agent = "".join(rnd.choice("abcdefgh ") for _ in range(rnd.randrange(150)))
            line = ('192.0.2.%d - - [17/May/2025:10:%02d:%02d +0000] "GET /p/%d HTTP/1.1" %d %d '
                    '"-" "%s"' % (i % 250, i // 3600 % 60, i % 60, i % 97, c,
                                  rnd.randrange(99999), agent)).encode()
            count[c] = count.get(c, 0) + 1
        end = b"\r\n" if i % 7 == 0 else b"\n"
        if size + len(line) + 1 >= total:
            end = b""                                 # the last line: no newline
        f.write(line + end)
        size += len(line) + len(end)
        i += 1
for k in sorted(count, key=str):
    print(k, count[k])
PY
touch -d '-3 minutes' "$log"

# statuses and totals of a JSON report, one per line
summary() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]
print("lines", t["lines"], "parsed", t["parsed"], "malformed", t["malformed"])
for s in d["statuses"]:
    print(s["code"], s["count"], [(p["path"], p["count"]) for p in s["top_paths"]])
' "$1"
}

cat "$log" | "$STATUSMON" --report=json --threads=1 >"$TMP/pipe.json" 2>"$TMP/err"
expect_eq "pipe run" 0 $?
summary "$TMP/pipe.json" >"$TMP/pipe.sum"
got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["statuses"]:
    print(s["code"], s["count"])
print("malformed", d["totals"]["malformed"])' "$TMP/pipe.json" | sort)
expect_eq "pipe vs independent count" "$(sort "$TMP/expect")" "$got"
for t in 1 2; do
	"$STATUSMON" --report=json --threads=$t --mmap "$log" >"$TMP/m$t.json" 2>"$TMP/err"
	expect_eq "mapped run, $t threads" 0 $?
	summary "$TMP/m$t.json" >"$TMP/m$t.sum"
	expect_eq "mapped ($t threads) vs pipe" "$(cat "$TMP/pipe.sum")" "$(cat "$TMP/m$t.sum")"
done

# Polls /proc/PID/maps of a run for the log's path: "caught STATUS" once
# seen (the file then truncated to 1000 bytes while the reader is
# stopped), "missed STATUS" if the run ended without it.
watch_maps() {
	python3 - "$STATUSMON" "$@" <<'PY'
import os, signal, subprocess, sys, time
sm, path, out, errpath = sys.argv[1:5]
with open(errpath, "wb") as err:
    p = subprocess.Popen([sm, "--report=json", "--threads=1", "-o", out] + sys.argv[5:] + [path],
                         stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 20
    while p.poll() is None and time.monotonic() < deadline:
        try:
            maps = open("/proc/%d/maps" % p.pid).read()
        except OSError:
            break
        if path in maps:
            p.send_signal(signal.SIGSTOP)
            if path in open("/proc/%d/maps" % p.pid).read():
                os.truncate(path, 1000)
                p.send_signal(signal.SIGCONT)
                print("caught", p.wait())
                sys.exit(0)
            p.send_signal(signal.SIGCONT)
    print("missed", p.wait())
PY
}

# With --no-mmap: read(), never mapped, the same report. (One try is
# enough: watch_maps saw a --mmap run's mapping on the first try in 10 of
# 10 runs of a 40 MiB log.)
cp "$log" "$TMP/plain.log"
touch -d '-3 minutes' "$TMP/plain.log"
out=$(watch_maps "$TMP/plain.log" "$TMP/plain.json" "$TMP/plain.err" --no-mmap)
expect_eq "--no-mmap run: never mapped, status 0" "missed 0" "$out"
summary "$TMP/plain.json" >"$TMP/plain.sum"
expect_eq "--no-mmap run vs pipe" "$(cat "$TMP/pipe.sum")" "$(cat "$TMP/plain.sum")"

# By default each thread times mapped windows against read() on its
# first settled bytes (the 40 MiB log: the probe still deciding, so it
# switches every 8 MiB): the same report.
for t in 1 2; do
	"$STATUSMON" --report=json --threads=$t "$log" >"$TMP/d$t.json" 2>"$TMP/err"
	expect_eq "default run, $t threads" 0 $?
	summary "$TMP/d$t.json" >"$TMP/d$t.sum"
	expect_eq "default ($t threads) vs pipe" "$(cat "$TMP/pipe.sum")" "$(cat "$TMP/d$t.sum")"
done

# Truncated while mapped. The reader is stopped while the file is in its
# mappings; a run that ends before it is caught is tried again.
caught=no
for attempt in 1 2 3 4 5 6 7 8; do
	cp "$log" "$TMP/shrink.log"
	touch -d '-3 minutes' "$TMP/shrink.log"
	rm -f "$TMP/out.json"
	out=$(watch_maps "$TMP/shrink.log" "$TMP/out.json" "$TMP/shrink.err" --mmap)
	case $out in caught*) caught=yes; break ;; esac
done
expect_eq "truncation caught while mapped" yes "$caught"
expect_eq "exit status after the file shrank" "caught 1" "$out"
expect_contains "message names the file" "$TMP/shrink.log: the file shrank while it was being read" \
	"$(cat "$TMP/shrink.err")"
expect_eq "no report written" no "$([ -e "$TMP/out.json" ] && echo yes || echo no)"
expect_eq "no temporary file left" "" "$(ls -A "$TMP" | grep -F 'out.json' || true)"

finish
