#!/usr/bin/env python3
"""compare_report.py: checks a statusmon JSON report against expected counts.

    compare_report.py REPORT.json EXPECTED.json PHYSICAL_LINES

EXPECTED is count_statuses.py's output (or any {"statuses": {raw: n}} with
optional "format", "lines", "parsed", "malformed", "directives", "truncated"). Prints one line per
difference and exits 1 if there is any, 0 otherwise. Kept apart from the
counter so the counter stays a plain counter.

A status of exactly three ASCII digits is compared by number (statusmon's
"code"), anything else by its text (statusmon's "raw", with "code": null).
"""

import json
import re
import sys


def status_key(raw):
    return int(raw) if re.fullmatch(r"[0-9]{3}", raw) else raw


def report_statuses(rep, problems):
    got = {}
    for s in rep.get("statuses", []):
        key = s.get("code")
        if key is None:
            key = s.get("raw")
            if not isinstance(key, str):
                problems.append("status entry without code or raw: %r" % s)
                continue
            if re.fullmatch(r"[0-9]{3}", key):
                problems.append("raw %r has code null" % key)
        got[key] = got.get(key, 0) + s.get("count", 0)
    return got


def check_totals(rep, exp, physical, problems):
    t = rep.get("totals", {})
    lines, parsed = t.get("lines"), t.get("parsed")
    malformed, filtered = t.get("malformed"), t.get("filtered")
    directives = t.get("directives")
    counted = sum(s.get("count", 0) for s in rep.get("statuses", []))
    if lines != physical:
        problems.append("totals.lines %r, the file has %d lines" % (lines, physical))
    for what, val in (("lines", lines), ("parsed", parsed), ("malformed", malformed),
                      ("directives", directives), ("truncated", t.get("truncated"))):
        if what in exp and exp[what] != val:
            problems.append("totals.%s %r, expected %d" % (what, val, exp[what]))
    if filtered != 0:
        problems.append("totals.filtered %r without any filter" % filtered)
    if None in (lines, parsed, malformed, directives, filtered):
        problems.append("totals incomplete: %r" % t)
        return
    if lines != parsed + malformed + directives:
        problems.append("lines %d != parsed %d + malformed %d + directives %d"
                        % (lines, parsed, malformed, directives))
    if parsed != filtered + counted:
        problems.append("parsed %d != filtered %d + sum of counts %d" % (parsed, filtered, counted))
    for group in ("classes", "kinds"):
        total = sum(rep.get(group, {}).values())
        if total != counted:
            problems.append("%s add up to %d, statuses to %d" % (group, total, counted))
    ins = rep.get("inputs", [])
    if len(ins) == 1 and ins[0].get("lines") != lines:
        problems.append("inputs[0].lines %r != totals.lines %d" % (ins[0].get("lines"), lines))


def main(argv):
    with open(argv[1], "rb") as f:
        raw = f.read()
    problems = []
    try:
        rep = json.loads(raw.decode("utf-8"))   # strict: must be valid UTF-8
    except (UnicodeDecodeError, ValueError) as e:
        print("report is not valid UTF-8 JSON: %s" % e)
        return 1
    with open(argv[2]) as f:
        exp = json.load(f)
    if "format" in exp and rep.get("format") != exp["format"]:
        problems.append("format %r, expected %r" % (rep.get("format"), exp["format"]))
    check_totals(rep, exp, int(argv[3]), problems)
    want = {}
    for k, v in exp["statuses"].items():
        want[status_key(k)] = want.get(status_key(k), 0) + v
    got = report_statuses(rep, problems)
    for key in sorted(set(want) | set(got), key=str):
        if want.get(key, 0) != got.get(key, 0):
            problems.append("status %r: expected %d, got %d"
                            % (key, want.get(key, 0), got.get(key, 0)))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
