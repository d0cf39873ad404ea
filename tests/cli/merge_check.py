#!/usr/bin/env python3
"""merge_check.py: independent checks of statusmon --merge (test_merge.sh).

  merge_check.py split LOG DIR          LOG cut into DIR/h0a.log, h0b.log
                                        (host 0, by time), h1.log, h2.log
                                        (hosts by client address)
  merge_check.py sethost REPORT HOST    REPORT as if written on HOST
  merge_check.py compare MERGED WHOLE   the merged report's exact numbers
                                        equal the whole log's report's
  merge_check.py topk MERGED LOG        every top entry within its bound of
                                        the true count, exact when flagged
  merge_check.py edit REPORT KEY VALUE  REPORT with a top-level value replaced

Counts here come from the JSON and the log themselves, not from statusmon's
code."""
import json
import re
import sys
import zlib

LINE = re.compile(r'^(\S+) \S+ \S+ \[[^\]]+\] "GET (\S+) HTTP/1\.1" (\S+) ')


def fail(msg):
    print("merge_check: " + msg, file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def split(log, out):
    with open(log, "rb") as f:
        lines = f.readlines()
    pieces = {"h0": [], "h1": [], "h2": []}
    for ln in lines:
        host = "h%d" % (zlib.crc32(ln.split(b" ", 1)[0]) % 3)
        pieces[host].append(ln)
    half = len(pieces["h0"]) // 2
    files = {"h0a": pieces["h0"][:half], "h0b": pieces["h0"][half:],
             "h1": pieces["h1"], "h2": pieces["h2"]}
    for name, part in files.items():
        with open("%s/%s.log" % (out, name), "wb") as f:
            f.writelines(part)


def sethost(path, host):
    r = load(path)
    r["host"] = host
    for i in r["inputs"]:
        i["host"] = host
    for h in r["hosts"]:
        h["host"] = host
    with open(path, "w", encoding="utf-8") as f:
        json.dump(r, f, indent=1)


def status_key(s):
    return "%03d" % s["code"] if s["code"] is not None else s["raw"]


def exact_view(r):
    t = dict(r["totals"])
    return {
        "totals": t,
        "classes": r["classes"],
        "kinds": r["kinds"],
        "statuses": sorted((status_key(s), s["count"], s["class"], s["kind"])
                           for s in r["statuses"]),
        "time_range": r["time_range"],
        "bucket_seconds": r["timeline"]["bucket_seconds"],
        "buckets": r["timeline"]["buckets"],
    }


def compare(merged, whole):
    m, w = exact_view(load(merged)), exact_view(load(whole))
    for key in w:
        if m[key] != w[key]:
            fail("%s differs:\n merged %r\n whole  %r" % (key, m[key], w[key]))
    r = load(merged)
    if sum(i["lines"] for i in r["inputs"]) != r["totals"]["lines"]:
        fail("merged inputs' lines do not add up")
    if sum(h["lines"] for h in r["hosts"]) != r["totals"]["lines"]:
        fail("merged hosts' lines do not add up")
    print("OK %d statuses, %d buckets" % (len(m["statuses"]), len(m["buckets"])))


def true_counts(log):
    paths, clients = {}, {}
    with open(log, "rb") as f:
        for raw in f:
            mt = LINE.match(raw.decode("utf-8", "replace").rstrip("\r\n"))
            if not mt:
                continue
            ip, path, st = mt.groups()
            path = path.split("?", 1)[0]
            paths[(st, path)] = paths.get((st, path), 0) + 1
            clients[(st, ip)] = clients.get((st, ip), 0) + 1
    return paths, clients


def topk(merged, log):
    paths, clients = true_counts(log)
    r = load(merged)
    exact = inexact = 0
    for s in r["statuses"]:
        key = status_key(s)
        for lst, field, truth in (("top_paths", "path", paths),
                                  ("top_clients", "client", clients)):
            for it in s[lst]:
                true = truth.get((key, it[field]), 0)
                if it["exact"] and true != it["count"]:
                    fail("%s %s %r flagged exact: %d, true %d" % (key, lst, it[field],
                                                                  it["count"], true))
                if not it["count"] - it["error"] <= true <= it["count"]:
                    fail("%s %s %r: true %d outside [%d, %d]" % (
                        key, lst, it[field], true, it["count"] - it["error"], it["count"]))
                exact += it["exact"]
                inexact += not it["exact"]
    if exact == 0 or inexact == 0:
        fail("expected both exact and estimated entries (exact %d, estimated %d)"
             % (exact, inexact))
    print("OK %d exact, %d within their bound" % (exact, inexact))


def edit(path, key, value):
    r = load(path)
    node = r
    parts = key.split(".")
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    node[parts[-1]] = json.loads(value)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(r, f, indent=1)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"split": split, "sethost": sethost, "compare": compare, "topk": topk,
     "edit": edit}[cmd](*args)
