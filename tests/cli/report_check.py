#!/usr/bin/env python3
"""report_check.py: independent checks of statusmon's JSON report.

  report_check.py check REPORT.json            structure and invariants
  report_check.py counts REPORT.json           "status count" lines, sorted
  report_check.py gen N SEED OUT.log EXPECT    a realistic combined log and
                                               its true per-status counts

Written from the documented report shape (issue 3, statusmon(1)), not from
statusmon's code, so that it can disagree with it."""
import json
import random
import sys

CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx", "invalid"]
KINDS = ["registered", "vendor", "unassigned", "invalid"]


def fail(msg):
    print("report_check: " + msg, file=sys.stderr)
    sys.exit(1)


def status_key(s):
    if s["code"] is None:
        return s["raw"]
    if s["kind"] == "invalid" and "raw" in s:
        return s["raw"]
    return "%03d" % s["code"]


def check(path):
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    for key in ["version", "generator", "registry", "format", "inputs", "totals",
                "classes", "kinds", "statuses", "time_range", "timeline"]:
        if key not in r:
            fail("missing key " + key)
    t = r["totals"]
    if t["lines"] != t["parsed"] + t["malformed"] + t["directives"]:
        fail("lines != parsed + malformed + directives: %r" % t)
    counted = sum(s["count"] for s in r["statuses"])
    if t["parsed"] != t["filtered"] + counted:
        fail("parsed != filtered + sum(statuses): %r, sum %d" % (t, counted))
    if sum(r["classes"][c] for c in CLASSES) != counted:
        fail("classes do not add up to the counted lines")
    if sum(r["kinds"][k] for k in KINDS) != counted:
        fail("kinds do not add up to the counted lines")
    if sum(i["lines"] for i in r["inputs"]) != t["lines"]:
        fail("inputs' lines do not add up to totals.lines")
    counts = [s["count"] for s in r["statuses"]]
    if counts != sorted(counts, reverse=True):
        fail("statuses not sorted by count")
    for s in r["statuses"]:
        if s["class"] not in CLASSES or s["kind"] not in KINDS:
            fail("bad class/kind in %r" % s)
        if counted and abs(s["percent"] - 100.0 * s["count"] / counted) > 0.006:
            fail("percent of %s is %r" % (status_key(s), s["percent"]))
        if s["code"] is None and "raw" not in s:
            fail("non-numeric status without raw")
    buckets = r["timeline"]["buckets"]
    if buckets and sum(sum(b[c] for c in CLASSES) for b in buckets) > counted:
        fail("timeline holds more lines than were counted")
    return r


def counts(path):
    r = check(path)
    for s in sorted(r["statuses"], key=status_key):
        print(status_key(s), s["count"])


AGENTS = ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
          'curl/8.5.0', 'Googlebot/2.1 (+http://www.google.com/bot.html)',
          'Mozilla/5.0 (compatible; \\"quoted\\" Bot/1.0)']
STATUSES = ["200"] * 40 + ["304"] * 8 + ["301", "302", "404", "404", "403", "500",
            "502", "503", "504", "206", "499", "444", "520", "522", "527", "299",
            "432", "-", "000", "600"]


def gen(n, seed, out, expect):
    rnd = random.Random(seed)
    tally = {}
    malformed = 0
    with open(out, "wb") as f:
        for i in range(n):
            if rnd.random() < 0.01:
                f.write(rnd.choice([b"", b"garbage line", b"192.0.2.9 - - [10/Oct"]) + b"\n")
                malformed += 1
                continue
            st = rnd.choice(STATUSES)
            tally[st] = tally.get(st, 0) + 1
            ip = rnd.choice(["192.0.2.%d" % rnd.randint(1, 254), "2001:db8::%x" % rnd.randint(1, 4096)])
            path = "/p/%d?q=%d" % (int(rnd.paretovariate(1.2)) % 500, rnd.randint(0, 9))
            sec = 36000 + i // 10
            ts = "10/Oct/2024:%02d:%02d:%02d +0200" % (sec // 3600 % 24, sec // 60 % 60, sec % 60)
            line = '%s - - [%s] "GET %s HTTP/1.1" %s %d "-" "%s"' % (
                ip, ts, path, st, rnd.randint(0, 99999), rnd.choice(AGENTS))
            if rnd.random() < 0.05:
                line += ' "198.51.100.%d"' % rnd.randint(1, 254)
            end = b"\r\n" if rnd.random() < 0.02 else b"\n"
            f.write(line.encode() + end)
    with open(expect, "w") as f:
        for k in sorted(tally):
            f.write("%s %d\n" % (k, tally[k]))
    print(malformed)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "check":
        check(sys.argv[2])
    elif cmd == "counts":
        counts(sys.argv[2])
    elif cmd == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        fail("unknown command " + cmd)
