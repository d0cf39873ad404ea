#!/usr/bin/env python3
"""labels_check.py: the generator and checker of test_metrics_labels.sh.

gen LOG: a vhost_combined log with 6 busy vhosts (one of hostile bytes:
quote, backslash, ESC, an invalid UTF-8 byte) from the first lines on,
100k distinct one-line vhosts, one vhost named "other", and a vhost that
turns busy only after the tail began; prints the independent counts as JSON.
check URL COUNTS.json MAX: polls /metrics until every line is counted, then
checks the labeled series against the counts."""
import json, random, re, sys, time, urllib.error, urllib.request

BUSY = [b"www.example.com", b"api.example.com", b"static.example.org",
        b"a\"b\\c\x1b\xff.evil", b"shop.example.net", b"img.example.net"]
CODES = [b"200", b"200", b"200", b"304", b"404", b"500", b"499"]
METHODS = [b"GET", b"GET", b"POST"]


def line(vhost, method, code):
    return (vhost + b":443 192.0.2.1 - - [12/Mar/2024:06:02:49 +0000] \"" + method +
            b" /x HTTP/1.1\" " + code + b" 5 \"-\" \"t\"\n")


def gen(path):
    rnd = random.Random(13)
    counts, total = {}, 0
    with open(path, "wb") as f:
        def put(v, m, c):
            nonlocal total
            f.write(line(v, m, c))
            key = (v.decode("latin-1"), m.decode())
            counts.setdefault(key, {}).setdefault(c.decode(), 0)
            counts[key][c.decode()] += 1
            total += 1
        for v in BUSY:            # every busy (vhost, method) is seen first
            put(v, b"GET", b"200")
            put(v, b"POST", b"200")
        for i in range(100000):
            put(b"t%d.example" % i, b"GET", b"200")
            put(rnd.choice(BUSY), rnd.choice(METHODS), rnd.choice(CODES))
            if i % 10 == 0:
                put(b"other", b"GET", b"200")
            if i >= 50000 and i % 2 == 0:
                put(b"late.example.com", b"GET", rnd.choice(CODES))
    json.dump({"total": total, "counts": [[k[0], k[1], v] for k, v in counts.items()]},
              sys.stdout)


SAMPLE = re.compile(r'^statusmon_responses_total\{(.*)\} (\d+)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def prom_escape(raw):
    """escape_terminal then the exposition's \\ and \": as statusmon does."""
    out = ""
    for ch in raw:
        b = ord(ch)
        if ch == "\\":
            out += "\\\\"
        elif b < 0x20 or b == 0x7f or b >= 0x80:
            out += "\\x%02x" % b
        else:
            out += ch
    return out.replace("\\", "\\\\").replace('"', '\\"')


def scrape(url, wait=60):
    """The page; while statusmon is still starting (connection refused:
    under valgrind that takes seconds), retry until wait seconds pass."""
    deadline = time.time() + wait
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5).read().decode()
        except urllib.error.URLError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def check(url, counts_path, cap):
    want = json.load(open(counts_path))
    total, cap = want["total"], int(cap)
    for _ in range(600):
        text = scrape(url)
        got = [(dict(LABEL.findall(m.group(1))), int(m.group(2)))
               for m in map(SAMPLE.match, text.splitlines()) if m]
        if sum(v for _, v in got) == total:
            break
        time.sleep(0.1)
    else:
        sys.exit("never saw all %d lines counted" % total)
    bad = []
    pairs = {}
    for lab, v in got:
        pairs.setdefault((lab["vhost"], lab["method"]), {})
        pairs[(lab["vhost"], lab["method"])][lab["code"]] = v
    if len(pairs) > cap + 1:
        bad.append("%d label values, cap %d + other" % (len(pairs), cap))
    vhosts = {k[0] for k in pairs}
    print("label values: %d (vhosts %d), cap %d" % (len(pairs), len(vhosts), cap))
    indep = {(prom_escape(v), m): c for v, m, c in want["counts"]}
    for v in BUSY:   # seen first, kept from their first line: exact
        for m in ("GET", "POST"):
            k = (prom_escape(v.decode("latin-1")), m)
            if pairs.get(k) != indep.get(k):
                bad.append("%s: got %s, independent %s" % (k, pairs.get(k), indep.get(k)))
    late = pairs.get(("late.example.com", "GET"))
    if not late:
        bad.append("late.example.com (the busiest after the tail) never got a place")
    else:
        ind = indep[("late.example.com", "GET")]
        if any(late.get(c, 0) > n for c, n in ind.items()) or sum(late.values()) < sum(ind.values()) // 2:
            bad.append("late.example.com: %s vs independent %s" % (late, ind))
    kept = sum(sum(c.values()) for k, c in pairs.items() if k != ("other", "other"))
    other = sum(pairs.get(("other", "other"), {}).values())
    if kept + other != total or other == 0:
        bad.append("kept %d + other %d != total %d" % (kept, other, total))
    per_code = {}
    for _, _, c in want["counts"]:
        for code, n in c.items():
            per_code[code] = per_code.get(code, 0) + n
    got_code = {}
    for c in pairs.values():
        for code, n in c.items():
            got_code[code] = got_code.get(code, 0) + n
    if per_code != got_code:
        bad.append("per code %s != independent %s" % (got_code, per_code))
    if bad:
        sys.exit("\n".join(bad))
    print("ok: %d lines, kept %d, other %d" % (total, kept, other))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        check(*sys.argv[2:5])
