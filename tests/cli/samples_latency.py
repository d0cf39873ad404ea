#!/usr/bin/env python3
"""samples_latency.py REPORT.json LOG KIND: the JSON report's durations of
a sample equal an exact computation from the log's text, per code and
class. KIND: nginx (the last two fields: $request_time, then
$upstream_response_time, a comma list summed, "-" absent; seconds with
three decimals) or apache (the last field: %D, microseconds). Durations are
read as decimal text into integer microseconds (no float); count, absent,
sum, min, max must be exact; the buckets must be those of the log-linear
scheme computed here with integers only (bucket of us > 0: 1 + 8e + k where
2^e <= us < 2^(e+1) and k = #{j in 1..7 : us^8 >= 2^(8e+j)}); p50/p90/p99
must equal that histogram's nearest-rank bucket middle 2^((i-0.5)/8)
clamped to [min, max] (to the report's 1 us print), and lie within 4.4% of the exact sorted value.
Prints "OK N" or the failures and exits 1."""
import json
import math
import re
import sys

LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]]*\] "(?:[^"\\]|\\.)*" (\d{3}) \S+ '
                  r'"(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*" (.*)$')


def us_of_seconds(text):
    """'1.234' -> 1234000 exactly; None when not a number."""
    m = re.fullmatch(r"(\d+)\.(\d{3})", text.strip())
    return None if not m else (int(m.group(1)) * 1000 + int(m.group(2))) * 1000


def durations(path, kind):
    """{code: {"request": [us or None...], "upstream": [...]}}"""
    out = {}
    for line in open(path, encoding="utf-8", errors="surrogateescape"):
        m = LINE.match(line.rstrip("\n"))
        if not m:
            raise SystemExit("unparsed sample line: " + line)
        code, rest = int(m.group(1)), m.group(2)
        d = out.setdefault(code, {"request": [], "upstream": []})
        if kind == "apache":
            d["request"].append(int(rest) if rest.isdigit() else None)
            continue
        req, ups = rest.split(" ", 1)
        d["request"].append(us_of_seconds(req))
        if ups.strip() == "-":
            d["upstream"].append(None)
        else:
            d["upstream"].append(sum(us_of_seconds(u) for u in re.split(r"[,:]", ups)))
    return out


def bucket(us):
    if us == 0:
        return 0
    e = us.bit_length() - 1
    return 1 + 8 * e + sum(1 for j in range(1, 8) if us ** 8 >= 2 ** (8 * e + j))


def expected(values):
    got = [v for v in values if v is not None]
    exp = {"count": len(got), "absent": len(values) - len(got)}
    if not got:
        return exp, {}
    b = {}
    for v in got:
        b[bucket(v)] = b.get(bucket(v), 0) + 1
    exp.update(sum=sum(got), min=min(got), max=max(got))
    for q, name in ((0.5, "p50"), (0.9, "p90"), (0.99, "p99")):
        rank, seen = max(1, math.ceil(q * len(got))), 0
        for i in sorted(b):
            seen += b[i]
            if seen >= rank:
                break
        mid = 0.0 if i == 0 else 2 ** ((i - 0.5) / 8)
        exp[name] = min(max(mid, min(got)), max(got))
        exact = sorted(got)[rank - 1]
        assert abs(exp[name] - exact) <= 0.0443 * exact, (name, exp[name], exact)
    return exp, b


def compare(where, h, values, errors):
    exp, b = expected(values)
    if h is None:
        errors.append("%s: no latency in the report" % where)
        return
    for k in ("count", "absent"):
        if h[k] != exp[k]:
            errors.append("%s %s: %s, expected %s" % (where, k, h[k], exp[k]))
    if not exp["count"]:
        return
    for k in ("sum", "min", "max", "p50", "p90", "p99"):
        want = exp[k] / 1e6          # the report prints 6 decimals (1 us)
        if abs(h[k] - want) > 5.01e-7:
            errors.append("%s %s: %r, expected %r" % (where, k, h[k], want))
    if {i: n for i, n in h["buckets"]} != b:
        errors.append("%s buckets differ" % where)


def main(report, log, kind):
    doc = json.load(open(report))
    per_code = durations(log, kind)
    kinds = ["request"] + (["upstream"] if kind == "nginx" else [])
    errors, checked = [], 0
    by_class = {}
    for code, d in per_code.items():
        st = [s for s in doc["statuses"] if s["code"] == code]
        if len(st) != 1:
            errors.append("code %d: %d entries" % (code, len(st)))
            continue
        for k in kinds:
            compare("%d %s" % (code, k), st[0]["latency"][k], d[k], errors)
            by_class.setdefault("%dxx" % (code // 100), {}).setdefault(k, []).extend(d[k])
            checked += 1
    for c, d in by_class.items():
        for k in kinds:
            compare("%s %s" % (c, k), doc["latency"]["classes"][c][k], d[k], errors)
            checked += 1
    if kind == "apache" and any(s["latency"]["upstream"] for s in doc["statuses"]):
        errors.append("apache: an upstream time appeared")
    if checked < 10:
        errors.append("only %d histograms checked" % checked)
    print("\n".join(errors) if errors else "OK %d" % checked)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
