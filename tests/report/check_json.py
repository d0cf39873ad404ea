#!/usr/bin/env python3
"""check_json.py REPORT SPEC: checks a statusmon JSON report (used by
tests/report/test_report.c; python3's standard library only).

REPORT must be strict UTF-8 and strict JSON (NaN/Infinity rejected) with
exactly the documented keys in the documented order. SPEC holds one check
per line, "PATH<TAB>EXPECTED":
  PATH      dot-separated keys and list indexes (statuses.3.vendors.0.vendor);
            a final "#" means the length of the list or object.
  EXPECTED  a JSON value compared for equality; "~N" a number within 0.0051
            of N; "hex:HH.." the string the bytes decode to when each invalid
            UTF-8 subpart becomes U+FFFD; "absent" the key must not exist.
Prints "OK N" (N checks) or the first failure."""
import json
import sys

TOP_KEYS = ["version", "generator", "registry", "format", "host", "top_n", "merge",
            "hosts", "inputs", "totals",
            "classes", "kinds", "statuses", "latency", "time_range", "timeline"]
STATUS_KEYS = ["code", "count", "percent", "class", "kind", "reason",
               "reference", "vendors", "top_paths", "top_clients", "latency"]
LATENCY_KEYS = ["count", "absent", "sum", "min", "max", "p50", "p90", "p99", "buckets"]
INPUT_KEYS = ["name", "format", "lines", "parsed", "malformed", "directives",
              "filtered", "bytes", "failed", "host", "device", "inode", "size",
              "fingerprint", "first", "last"]
ITEM_KEYS = ["truncated", "count", "error", "exact"]
MISSING = object()


def reject_constant(name):
    raise ValueError("non-standard JSON constant " + name)


def latency_schema(where, lat):
    """A status's or class's {"request": H|null, "upstream": H|null}."""
    if list(lat) != ["request", "upstream"]:
        return "%s keys %s" % (where, list(lat))
    for d, h in lat.items():
        if h is None:
            continue
        if list(h) != LATENCY_KEYS:
            return "%s.%s keys %s" % (where, d, list(h))
        if sum(c for _, c in h["buckets"]) != h["count"]:
            return "%s.%s: buckets do not add up to count" % (where, d)
    return None


def schema(doc):
    if list(doc) != TOP_KEYS:
        return "top-level keys %s" % list(doc)
    for i, inp in enumerate(doc["inputs"]):
        if list(inp) != INPUT_KEYS:
            return "inputs.%d keys %s" % (i, list(inp))
    for i, st in enumerate(doc["statuses"]):
        keys = [k for k in st if k not in ("raw", "truncated")]
        if keys != STATUS_KEYS:
            return "statuses.%d keys %s" % (i, list(st))
        if ("raw" in st) != (st["kind"] == "invalid") or ("raw" in st) != ("truncated" in st):
            return "statuses.%d: raw and truncated must be present exactly for invalid" % i
        for lst, field in (("top_paths", "path"), ("top_clients", "client")):
            for k, it in enumerate(st[lst]):
                if list(it) != [field] + ITEM_KEYS:
                    return "statuses.%d.%s.%d keys %s" % (i, lst, k, list(it))
                if it["exact"] != (it["error"] == 0) or it["error"] > it["count"]:
                    return "statuses.%d.%s.%d: exact/error inconsistent" % (i, lst, k)
        err = latency_schema("statuses.%d.latency" % i, st["latency"])
        if err:
            return err
    for c, lat in doc["latency"]["classes"].items():
        err = latency_schema("latency.classes." + c, lat)
        if err:
            return err
    for b in doc["timeline"]["buckets"]:
        if list(b) != ["start", "1xx", "2xx", "3xx", "4xx", "5xx", "invalid"]:
            return "bucket keys %s" % list(b)
    return None


def lookup(doc, path):
    node = doc
    for part in path.split("."):
        if part == "#":
            return len(node)
        if isinstance(node, list):
            idx = int(part)
            if idx >= len(node):
                return MISSING
            node = node[idx]
        elif isinstance(node, dict):
            if part not in node:
                return MISSING
            node = node[part]
        else:
            return MISSING
    return node


def check(doc, path, expected):
    got = lookup(doc, path)
    if expected == "absent":
        return None if got is MISSING else "present: %r" % (got,)
    if got is MISSING:
        return "missing"
    if expected.startswith("~"):
        want = float(expected[1:])
        ok = isinstance(got, (int, float)) and abs(got - want) <= 0.0051
        return None if ok else "got %r, want about %s" % (got, want)
    if expected.startswith("hex:"):
        want = bytes.fromhex(expected[4:]).decode("utf-8", "replace")
    else:
        want = json.loads(expected)
    if got != want or type(got) is not type(want):
        return "got %r, want %r" % (got, want)
    return None


def main():
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=reject_constant)
    except ValueError as e:
        print("invalid JSON: %s" % e)
        return 1
    why = schema(doc)
    if why:
        print("schema: " + why)
        return 1
    n = 0
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            path, _, expected = line.rstrip("\n").partition("\t")
            why = check(doc, path, expected)
            if why:
                print("%s: %s" % (path, why))
                return 1
            n += 1
    print("OK %d" % n)
    return 0


sys.exit(main())
