#!/usr/bin/env python3
"""bench/results.py: turns bench/run's measurements into the report.

bench/run writes one tab-separated row per measurement
(file, key, label, lines, bytes, seconds, peak_rss_kib, status), per count
check ("check", name, PASS/FAIL/INFO, detail) and for the live step ("live",
file, lines, seconds, status, detail). This prints the table and the issue 5
targets (PASS/FAIL) and writes them as Markdown (bench/RESULTS.md). Exit 1
when a target or a check fails. Kept apart so the shell script only runs
things and this only does arithmetic and layout.
"""

import argparse
import datetime
import platform
import sys

TARGETS_LIVE = 500000      # lines/s on a pipe while the TUI redraws
RSS_LIMIT_MIB = 64


def load(path):
    runs, checks, live = [], [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if c[0] == "check":
                checks.append((c[1], c[2], c[3] if len(c) > 3 else ""))
            elif c[0] == "live":
                live = {"file": c[1], "lines": int(c[2]), "seconds": float(c[3]),
                        "status": c[4], "detail": c[5] if len(c) > 5 else ""}
            else:
                runs.append({"file": c[0], "key": c[1], "label": c[2], "lines": int(c[3]),
                             "bytes": int(c[4]), "seconds": float(c[5]),
                             "rss": int(c[6]), "status": c[7]})
    return runs, checks, live


def rate(r):
    return r["lines"] / r["seconds"] if r["status"] == "ok" and r["seconds"] > 0 else None


def human(v, unit=""):
    if v is None:
        return "-"
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            return "%.2f%s%s" % (v / div, suffix, unit)
    return "%.1f%s" % (v, unit)


def table(runs, fname):
    rows = [r for r in runs if r["file"] == fname]
    base = next((rate(r) for r in rows if r["key"] == "sm1"), None)
    out = [["tool", "time (s)", "lines/s", "MB/s", "peak RSS (MiB)", "speed vs statusmon 1 thread"]]
    for r in rows:
        lps = rate(r)
        if lps is None:
            out.append([r["label"], "-", "-", "-", "-", r["status"]])
            continue
        out.append([r["label"], "%.3f" % r["seconds"], human(lps),
                    "%.1f" % (r["bytes"] / r["seconds"] / 1e6), "%.1f" % (r["rss"] / 1024),
                    "%.3fx" % (lps / base) if base else "-"])
    return out


def get(runs, fname, key):
    return next((r for r in runs if r["file"] == fname and r["key"] == key), None)


def ratio_target(name, runs, fname, num, den, need):
    a, b = get(runs, fname, num), get(runs, fname, den)
    ra, rb = (rate(a) if a else None), (rate(b) if b else None)
    if ra is None or rb is None:
        return (name, ">= %gx" % need, "not measured", "FAIL")
    got = ra / rb
    return (name, ">= %gx" % need, "%.2fx" % got, "PASS" if got >= need else "FAIL")


def targets(runs, checks, live, fname):
    t = [
        ratio_target("fast path, 1 thread vs goaccess", runs, fname, "sm1", "goaccess", 50),
        ratio_target("fast path, 1 thread vs mawk one-liner", runs, fname, "sm1", "mawk", 2),
        ratio_target("default threads vs 1 thread", runs, fname, "smN", "sm1", 1.7),
        ratio_target("PCRE2 path (LogFormat) vs goaccess", runs, fname, "smre", "goaccess", 10),
    ]
    sm = [r for r in runs if r["file"] == fname and r["key"].startswith("sm") and r["status"] == "ok"]
    if len(sm) < 3:
        t.append(("statusmon peak RSS", "<= %d MiB" % RSS_LIMIT_MIB, "not measured", "FAIL"))
    else:
        mib = max(r["rss"] for r in sm) / 1024
        t.append(("statusmon peak RSS (largest of its runs)", "<= %d MiB" % RSS_LIMIT_MIB,
                  "%.1f MiB" % mib, "PASS" if mib <= RSS_LIMIT_MIB else "FAIL"))
    if live is None:
        t.append(("live mode on a pipe, TUI in tmux", ">= 500k lines/s", "not run", "FAIL"))
    elif live["status"] != "ok":
        t.append(("live mode on a pipe, TUI in tmux", ">= 500k lines/s",
                  "%s: %s" % (live["status"], live["detail"]), "FAIL"))
    else:
        lps = live["lines"] / live["seconds"]
        t.append(("live mode on a pipe, TUI in tmux (%s)" % live["file"], ">= 500k lines/s",
                  human(lps, " lines/s"), "PASS" if lps >= TARGETS_LIVE else "FAIL"))
    for name, status, detail in checks:
        t.append((name, "equal", detail or "equal", status))
    return t


def fmt_text(rows):
    w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w[i]) for i, c in enumerate(r)) for r in rows)


def fmt_md(rows):
    out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    for opt in ("--out", "--runs", "--cpu", "--cores", "--command", "--commit"):
        ap.add_argument(opt, default="")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    runs, checks, live = load(a.tsv)
    files = list(dict.fromkeys(r["file"] for r in runs))
    largest = max(files, key=lambda f: get(runs, f, "wc")["lines"] if get(runs, f, "wc") else 0)
    trows = [["target", "needed", "measured", "result"]] + \
        [list(x) for x in targets(runs, checks, live, largest)]
    md = ["# statusmon benchmark results", "",
          "- date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
          "- machine: %s, %s cores, %s %s" % (a.cpu, a.cores, platform.system(), platform.release()),
          "- statusmon commit: %s" % a.commit,
          "- command: `%s` (%s rounds, each running every tool once, goaccess in the first %s;"
          " median wall time; peak RSS is the largest)" % (a.command, a.runs, min(int(a.runs), 3)),
          "- inputs: combined logs from `statusmon-gen` (bench/gen.c), read from the page cache",
          ""]
    for f in files:
        t = table(runs, f)
        print("\n%s\n%s" % (f, fmt_text(t)))
        md += ["## %s" % f, "", fmt_md(t), ""]
    note = " (quick run: on %s, indicative only; the targets are for 10M lines)" % largest if a.quick else \
        " (on %s)" % largest
    print("\ntargets%s\n%s" % (note, fmt_text(trows)))
    md += ["## Targets%s" % note, "", fmt_md(trows), ""]
    if live:
        md += ["Live mode: `cat FILE | statusmon --tui` inside a detached tmux session "
               "(120x40); lines/s = lines / time until the writer handed its last byte "
               "to the pipe; the screen must then say the input ended.", ""]
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(md))
        print("\nwrote %s" % a.out)
    return 1 if any(r[3] == "FAIL" for r in trows[1:]) else 0


if __name__ == "__main__":
    sys.exit(main())
