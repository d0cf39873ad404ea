#!/usr/bin/env python3
"""merge_csv_check.py CSV JSON: the tables of a merged CSV report (read with
the csv module, split at empty rows, found by their header) against the
merged JSON report of the same reports: the per-host rows, the notes and the
reports left out, cell for cell; cells that a spreadsheet would run as a
formula must carry the ' guard. Prints OK or the first difference."""
import csv
import json
import sys


def fail(msg):
    print("merge_csv_check: " + msg)
    sys.exit(1)


def tables(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    out, cur = {}, []
    for row in rows + [[]]:
        if row:
            cur.append(row)
        elif cur:
            out[",".join(cur[0])] = cur[1:]
            cur = []
    return out


def guarded(s):
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


def main():
    t, j = tables(sys.argv[1]), json.load(open(sys.argv[2], encoding="utf-8"))
    hosts = t.get("host,lines,counted,5xx,5xx_percent,flagged,flagged_codes")
    if hosts is None:
        fail("no host table; tables: %s" % list(t))
    want = [[guarded(h["host"]), str(h["lines"]), str(h["counted"]), str(h["5xx"]),
             "%.2f" % h["5xx_percent"], str(h["flagged"]), " ".join(h["flagged_codes"])]
            for h in j["hosts"]]
    if hosts != want:
        fail("hosts %s, want %s" % (hosts, want))
    for key in ("note", "left_out"):
        got = [r[0] for r in t.get(key, [])] if key in t else None
        exp = [guarded(s) for s in j["merge"][key + "s" if key == "note" else key]]
        if got != exp:
            fail("%s %s, want %s" % (key, got, exp))
    print("OK %d hosts, %d notes, %d left out" % (len(hosts), len(j["merge"]["notes"]),
                                                 len(j["merge"]["left_out"])))


main()
