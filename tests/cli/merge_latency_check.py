#!/usr/bin/env python3
"""merge_latency_check.py: independent checks of the latency part of
statusmon --merge (test_merge_latency.sh).

  gen KIND LOG N EXPECT      N lines of KIND (nginx: request and upstream
                             time; apache: %D) from latency_check.py's
                             generators; EXPECT: the durations per code
  split LOG DIR K            LOG cut into DIR/p0.log .. p{K-1}.log by a
                             hash of each line
  compare MERGED WHOLE       every latency object (count, absent, sum, min,
                             max, buckets, quantiles) of the merged report
                             equals the whole log's report's, per status and
                             per class
  exact MERGED EXPECT        the merged counts, sums, min, max equal the
                             generator's own values; quantiles within 4.43%
  csvtable CSV               the CSV's duration table, for comparison
  edit REPORT CODE WHAT      damage the latency of status CODE
  strip REPORT               remove every "latency" (a report from before)

Expected values come from the generator, not from statusmon's code."""
import json
import os
import sys
import random
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latency_check as lc  # noqa: E402


def fail(msg):
    print("merge_latency_check: " + msg, file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save(path, r):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(r, f, indent=1)


def gen(kind, log, n, expect):
    make = {"nginx": lc.nginx, "apache": lc.apache}[kind]
    rng = random.Random(16)
    want = {}
    with open(log, "w", encoding="utf-8") as f:
        for i in range(n):
            code = rng.choice(lc.CODES)
            line, req, ups = make(rng, i, code)
            f.write(line + "\n")
            w = want.setdefault(str(code), {"request": [[], 0], "upstream": [[], 0]})
            if req is None:
                w["request"][1] += 1
            else:
                w["request"][0].append(req)
            if kind == "nginx":
                if ups is None:
                    w["upstream"][1] += 1
                else:
                    w["upstream"][0].append(ups)
    save(expect, want)


def split(log, out, k):
    with open(log, "rb") as f:
        lines = f.readlines()
    parts = [[] for _ in range(k)]
    for ln in lines:
        parts[zlib.crc32(ln) % k].append(ln)
    for i, p in enumerate(parts):
        with open("%s/p%d.log" % (out, i), "wb") as f:
            f.writelines(p)


def status_key(s):
    return "%03d" % s["code"] if s["code"] is not None else s["raw"]


def latency_view(r):
    v = {"class " + c: h for c, h in r["latency"]["classes"].items()}
    for s in r["statuses"]:
        v[status_key(s)] = s["latency"]
    return v


def compare(merged, whole):
    m, w = latency_view(load(merged)), latency_view(load(whole))
    if set(m) != set(w):
        fail("statuses differ: %s vs %s" % (sorted(m), sorted(w)))
    seen = 0
    for key in sorted(w):
        if m[key] != w[key]:
            fail("%s: merged %s\n  whole %s" % (key, json.dumps(m[key])[:600],
                                               json.dumps(w[key])[:600]))
        seen += sum(h["count"] for h in (w[key] or {}).values() if h)
    if seen == 0:
        fail("no durations at all: nothing was compared")
    print("OK %d latency objects equal, %d durations" % (len(w), seen))


def us(sec):
    """Seconds as written (6 decimals) -> integer microseconds."""
    return round(sec * 1_000_000)


def exact(merged, expect):
    m, want = load(merged), load(expect)
    stats = {status_key(s): s["latency"] for s in m["statuses"]}
    checked = 0
    for code, kinds in want.items():
        for d, (values, absent) in kinds.items():
            if not values and not absent:
                continue
            h = stats[code][d]
            values.sort()
            got = (h["count"], h["absent"], us(h["sum"]))
            exp = (len(values), absent, sum(values))
            if got != exp:
                fail("%s %s: count/absent/sum %s, want %s" % (code, d, got, exp))
            if values and (us(h["min"]), us(h["max"])) != (values[0], values[-1]):
                fail("%s %s: min/max %s %s, want %s %s" % (code, d, h["min"], h["max"],
                                                          values[0], values[-1]))
            for q in (0.5, 0.9, 0.99):
                if not values:
                    break
                true = lc.nearest_rank(values, q)
                got_q = us(h["p%d" % round(q * 100)])
                if abs(got_q - true) > lc.REL * true + 1:
                    fail("%s %s p%d: %d us, exact %d us" % (code, d, q * 100, got_q, true))
            checked += 1
    print("OK %d histograms exact" % checked)


def csvtable(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    head = "status,class,duration,count,absent,sum,min,p50,p90,p99,max\r\n"
    if head not in text:
        fail("no duration table in " + path)
    rows = []
    for row in text.split(head, 1)[1].split("\r\n"):
        if not row:
            break           # the empty row before the next table, or the end
        rows.append(row)
    print("\n".join([head.strip()] + rows))


def edit(path, code, what):
    r = load(path)
    s = next(s for s in r["statuses"] if status_key(s) == code)
    h = s["latency"]["request"]
    if what == "index":
        h["buckets"][-1][0] = 345
    elif what == "count":
        h["count"] += 1
    elif what == "minmax":
        h["min"], h["max"] = h["max"] + 1, h["min"]
    elif what == "order":
        h["buckets"].reverse()
    elif what == "sum":
        h["sum"] = h["max"] * h["count"] + 1
    elif what == "lines":
        h["absent"] = s["count"]
    elif what == "long":
        h["buckets"] = [[i, 1] for i in range(400)]
    save(path, r)


def strip(path):
    r = load(path)
    for s in r["statuses"]:
        s.pop("latency", None)
    r.pop("latency", None)
    save(path, r)


def main():
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == "gen":
        gen(a[0], a[1], int(a[2]), a[3])
    elif cmd == "split":
        split(a[0], a[1], int(a[2]))
    elif cmd == "compare":
        compare(a[0], a[1])
    elif cmd == "exact":
        exact(a[0], a[1])
    elif cmd == "csvtable":
        csvtable(a[0])
    elif cmd == "edit":
        edit(a[0], a[1], a[2])
    elif cmd == "strip":
        strip(a[0])
    else:
        fail("unknown command " + cmd)


if __name__ == "__main__":
    main()
