#!/usr/bin/env python3
"""latency_check.py STATUSMON DIR: durations end to end, for every format
that logs one. For each format a log with known durations (fast bulk, slow
tail, 504s at a 60 s timeout, absent values) is written, statusmon's JSON
report is read back, and per code and per class the count, absent, sum, min
and max must equal what this script counted, p50/p90/p99 be within the
stated relative error of the exact (nearest-rank) value of the same
durations; 2 threads and two inputs must give the same histograms as one
thread over one file, bucket for bucket. Prints "OK N" or the failures."""
import json
import math
import random
import subprocess
import sys

REL = 0.0443
CODES = [200] * 12 + [304, 404, 500, 502, 504]


def cls(code):
    return "%dxx" % (code // 100)


def duration_for(rng, code):
    """In microseconds, on the format's own grid later."""
    if code == 504:
        return 60_000_000 + rng.randrange(3000) * 1000
    r = rng.random()
    if r < 0.9:
        return rng.randrange(1_000, 90_000)
    return rng.randrange(90_000, 4_000_000)


CLF_HEAD = '10.0.%d.%d - - [10/Oct/2023:13:%02d:%02d +0000] "GET /p/%d HTTP/1.1" %d 512'


def nginx(rng, i, code):
    us = duration_for(rng, code) // 1000 * 1000           # ms resolution
    ups = None if code == 404 else [rng.randrange(0, 50) * 1000 for _ in range(1 + (i % 3 == 0))]
    head = CLF_HEAD % (i % 250, i % 7, i % 60, i % 60, i % 40, code)
    absent = i % 41 == 0
    rt = "-" if absent else "%d.%03d" % (us // 1_000_000, us // 1000 % 1000)
    ut = "-" if ups is None else ", ".join("0.%03d" % (u // 1000) for u in ups)
    line = '%s "-" "curl/8" %s "%s"' % (head, rt, ut)
    return line, None if absent else us, None if ups is None else sum(ups)


def apache(rng, i, code):
    us = duration_for(rng, code)
    head = CLF_HEAD % (i % 250, i % 7, i % 60, i % 60, i % 40, code)
    return "%s %d" % (head, us), us, None


def w3c(rng, i, code):
    ms = duration_for(rng, code) // 1000
    absent = i % 37 == 0
    line = "2023-10-10 13:%02d:%02d GET /p/%d 10.0.0.%d %d %s" % (
        i % 60, i % 60, i % 40, i % 250, code, "-" if absent else str(ms))
    return line, None if absent else ms * 1000, None


def caddy(rng, i, code):
    us = duration_for(rng, code)
    line = json.dumps({"level": "info", "ts": 1696945000.5 + i, "request": {
        "remote_ip": "10.0.0.%d" % (i % 250), "method": "GET", "uri": "/p/%d" % (i % 40)},
        "status": code, "duration": us / 1e6})
    # json.dumps writes repr(float): may be "1e-05"-style for tiny values;
    # those would be absent, but durations here are >= 1 ms
    return line, us, None


def traefik(rng, i, code):
    us = duration_for(rng, code)
    ns = us * 1000 + rng.randrange(1000)
    return json.dumps({"ClientHost": "10.0.0.1", "DownstreamStatus": code,
                       "RequestMethod": "GET", "RequestPath": "/x", "Duration": ns,
                       "OriginDuration": ns // 2}), us, ns // 2 // 1000


def haproxy(rng, i, code):
    ta = duration_for(rng, code) // 1000
    tr = -1 if code == 504 else rng.randrange(0, max(1, ta))
    line = ('10.0.1.2:%d [06/Feb/2009:12:14:%02d.655] http-in static/srv1 '
            '10/0/30/%d/%d %d 2750 - - ---- 1/1/1/1/0 0/0 "GET /p/%d HTTP/1.1"') % (
        30000 + i % 1000, i % 60, tr, ta, code, i % 40)
    return line, ta * 1000, None if tr < 0 else tr * 1000


FORMATS = {
    "nginx": (nginx, ['--format=$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" "$http_user_agent" '
                      '$request_time "$upstream_response_time"'], None),
    "apache": (apache, ['--format=%h %l %u %t "%r" %>s %b %D'], None),
    "w3c": (w3c, ["--format=w3c"], "#Fields: date time cs-method cs-uri-stem c-ip sc-status time-taken"),
    "caddy": (caddy, ["--format=jsonl"], None),
    "traefik": (traefik, ["--format=jsonl"], None),
    "haproxy": (haproxy, ["--format=haproxy"], None),
}


class Checker:
    def __init__(self):
        self.failures = []
        self.checks = 0

    def expect(self, what, ok):
        self.checks += 1
        if not ok:
            self.failures.append(what)


def nearest_rank(sorted_v, q):
    return sorted_v[max(1, math.ceil(q * len(sorted_v))) - 1]


def compare(ck, where, h, values, absent):
    if not values and not absent:
        ck.expect("%s: no durations, got %s" % (where, h), h is None)
        return
    if h is None:
        ck.expect("%s: missing histogram" % where, False)
        return
    v = sorted(values)
    ck.expect("%s count %d != %d" % (where, h["count"], len(v)), h["count"] == len(v))
    ck.expect("%s absent %d != %d" % (where, h["absent"], absent), h["absent"] == absent)
    ck.expect("%s sum %s != %d" % (where, h["sum"], sum(v)), round(h["sum"] * 1e6) == sum(v))
    if not v:
        return
    ck.expect("%s min" % where, round(h["min"] * 1e6) == v[0])
    ck.expect("%s max" % where, round(h["max"] * 1e6) == v[-1])
    for q, key in ((0.5, "p50"), (0.9, "p90"), (0.99, "p99")):
        want = nearest_rank(v, q)
        got = h[key] * 1e6
        ok = abs(got - want) <= REL * want + 0.5
        ck.expect("%s %s %.1f vs exact %d" % (where, key, got, want), ok)


def run(statusmon, args, paths):
    out = subprocess.run([statusmon, "--report=json"] + args + paths,
                         stdout=subprocess.PIPE, check=False)
    return json.loads(out.stdout)


def latency_map(doc):
    m = {("class", c): v for c, v in doc["latency"]["classes"].items()}
    for st in doc["statuses"]:
        m[("code", st["code"])] = st["latency"]
    return m


def check_format(ck, statusmon, tmp, name, n):
    gen, args, header = FORMATS[name]
    rng = random.Random(name)
    want = {}     # (kind, key) -> {"request": [values, absent], "upstream": ...}
    lines = []
    for i in range(n):
        code = CODES[rng.randrange(len(CODES))]
        line, req, ups = gen(rng, i, code)
        lines.append(line)
        for key in (("code", code), ("class", cls(code))):
            slot = want.setdefault(key, {"request": [[], 0], "upstream": [[], 0]})
            slot["request"][0 if req is not None else 1] += [req] if req is not None else 1
            has_ups = name in ("nginx", "traefik", "haproxy")
            if has_ups:
                slot["upstream"][0 if ups is not None else 1] += [ups] if ups is not None else 1
    path = "%s/%s.log" % (tmp, name)
    half = n // 2
    with open(path, "w") as f, open(path + ".a", "w") as fa, open(path + ".b", "w") as fb:
        for w in (f, fa, fb):
            if header:
                w.write(header + "\n")
        for i, line in enumerate(lines):
            f.write(line + "\n")
            (fa if i < half else fb).write(line + "\n")
    one = run(statusmon, args + ["--threads=1"], [path])
    ck.expect("%s: all lines counted" % name, one["totals"]["counted"] == n)
    got = latency_map(one)
    for key, slot in want.items():
        for d in ("request", "upstream"):
            vals, absent = slot[d]
            compare(ck, "%s %s %s %s" % (name, key[0], key[1], d), got[key][d], vals, absent)
    for other, label in ((run(statusmon, args + ["--threads=2"], [path]), "2 threads"),
                         (run(statusmon, args + ["--threads=1"], [path + ".a", path + ".b"]),
                          "two inputs")):
        ck.expect("%s: %s give the same histograms" % (name, label),
                  latency_map(other) == got)


def main():
    statusmon, tmp = sys.argv[1], sys.argv[2]
    ck = Checker()
    for name in FORMATS:
        check_format(ck, statusmon, tmp, name, 20000)
    if ck.failures:
        for f in ck.failures[:20]:
            print("FAIL:", f)
        sys.exit(1)
    print("OK %d" % ck.checks)


if __name__ == "__main__":   # merge_latency_check.py imports the generators
    main()
