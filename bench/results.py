#!/usr/bin/env python3
"""bench/results.py: turns bench/run's measurements into the report.

bench/run writes one tab-separated row per case ("case", id, title), per
measurement (case, key, label, lines, bytes, seconds, peak_rss_kib, status),
per count check ("check", name, PASS/FAIL, detail), for the live step
("live", file, lines, seconds, status, detail) and per core probe ("probe",
before/after, "cpu0 S s, cpu1 S s"). This prints a table per case
and the targets of issues 5 and 18 (PASS/FAIL) and writes them as Markdown
(bench/RESULTS.md), keeping the file's hand-written part after KEEP_MARK.
Exit 1 when a target or a check fails. Kept apart so the
shell script only runs things and this only does arithmetic and layout.
"""

import argparse
import datetime
import platform
import sys

TARGETS_LIVE = 500000      # lines/s on a pipe while the TUI redraws
RSS_LIMIT_MIB = 64

# (case, numerator key, denominator key, needed ratio of lines/s, name)
TARGETS = [
    ("plain", "sm1", "goaccess", 50, "combined, 1 thread vs goaccess"),
    ("plain", "sm1", "mawk", 2, "combined, 1 thread vs the mawk one-liner"),
    ("plain", "sm2", "sm1", 1.7, "combined, 2 threads vs 1"),
    ("plain", "smre", "goaccess", 10, "combined, LogFormat (PCRE2) 1 thread vs goaccess"),
    ("gz", "smN", "pigz", 2.0, ".gz, default threads vs pigz -dc >/dev/null"),
    ("gz", "smN", "zcatmawk", 5, ".gz, default threads vs zcat | mawk"),
    ("zst", "smN", "zstd", 1.0, ".zst, default threads vs zstd -dc >/dev/null"),
    ("many", "gz2", "gz1", 1.8, "many .gz files, 2 threads vs 1"),
    ("many", "plainN", "bigN", 0.9, "many plain files vs one big file, default threads"),
    ("json", "sm1", "goaccess", 25, "JSON lines, 1 thread vs goaccess"),
    ("json", "sm2", "sm1", 1.8, "JSON lines, 2 threads vs 1"),
    ("w3c", "sm1", "goaccess", 30, "W3C, 1 thread vs goaccess"),
    ("w3c", "sm2", "sm1", 1.7, "W3C, 2 threads vs 1"),
    ("fmt", "logformat", "auto", 0.9, "--format LogFormat + %D vs auto-detected"),
    ("fmt", "nginx", "autos", 0.9, "--format nginx log_format + $request_time vs auto-detected"),
]


def load(path):
    cases, runs, checks, live, probes = {}, [], [], None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if c[0] == "case":
                cases[c[1]] = c[2]
            elif c[0] == "check":
                checks.append((c[1], c[2], c[3] if len(c) > 3 else ""))
            elif c[0] == "probe":
                probes.append((c[1], c[2]))
            elif c[0] == "live":
                live = {"file": c[1], "lines": int(c[2]), "seconds": float(c[3]),
                        "status": c[4], "detail": c[5] if len(c) > 5 else ""}
            else:
                runs.append({"case": c[0], "key": c[1], "label": c[2], "lines": int(c[3]),
                             "bytes": int(float(c[4])), "seconds": float(c[5]),
                             "rss": int(c[6]), "status": c[7]})
    return cases, runs, checks, live, probes


def rate(r):
    return r["lines"] / r["seconds"] if r["status"] == "ok" and r["seconds"] > 0 else None


def human(v, unit=""):
    if v is None:
        return "-"
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            return "%.2f%s%s" % (v / div, suffix, unit)
    return "%.1f%s" % (v, unit)


def is_statusmon(r):
    return r["key"].startswith("sm") or r["case"] in ("many", "fmt")


def table(runs, case):
    rows = [r for r in runs if r["case"] == case]
    first = next((r for r in rows if is_statusmon(r) and rate(r)), None)
    base = rate(first) if first else None
    head = "speed vs %s" % (first["label"] if first else "statusmon")
    out = [["tool", "lines", "time (s)", "lines/s", "MB/s", "peak RSS (MiB)", head]]
    for r in rows:
        lps = rate(r)
        if lps is None:
            out.append([r["label"], str(r["lines"]), "-", "-", "-", "-", r["status"]])
            continue
        out.append([r["label"], human(r["lines"]), "%.3f" % r["seconds"], human(lps),
                    "%.1f" % (r["bytes"] / r["seconds"] / 1e6), "%.1f" % (r["rss"] / 1024),
                    "%.3fx" % (lps / base) if base else "-"])
    return out


def get(runs, case, key):
    return next((r for r in runs if r["case"] == case and r["key"] == key), None)


def ratio_target(name, runs, case, num, den, need):
    a, b = get(runs, case, num), get(runs, case, den)
    ra, rb = (rate(a) if a else None), (rate(b) if b else None)
    if ra is None or rb is None:
        return (name, ">= %gx" % need, "not measured", "FAIL")
    got = ra / rb
    return (name, ">= %gx" % need, "%.2fx" % got, "PASS" if got >= need else "FAIL")


def rss_targets(runs, cases):
    t = []
    for case in cases:
        sm = [r for r in runs if r["case"] == case and is_statusmon(r)]
        name = "%s: statusmon peak RSS (largest of its runs)" % case
        if not sm or any(r["status"] != "ok" for r in sm):
            t.append((name, "<= %d MiB" % RSS_LIMIT_MIB, "not measured", "FAIL"))
            continue
        mib = max(r["rss"] for r in sm) / 1024
        t.append((name, "<= %d MiB" % RSS_LIMIT_MIB, "%.1f MiB" % mib,
                  "PASS" if mib <= RSS_LIMIT_MIB else "FAIL"))
    return t


def live_target(live):
    name = "live mode on a pipe, TUI in tmux"
    if live is None:
        return (name, ">= 500k lines/s", "not run", "FAIL")
    if live["status"] != "ok":
        return (name, ">= 500k lines/s", "%s: %s" % (live["status"], live["detail"]), "FAIL")
    lps = live["lines"] / live["seconds"]
    return (name + " (%s)" % live["file"], ">= 500k lines/s", human(lps, " lines/s"),
            "PASS" if lps >= TARGETS_LIVE else "FAIL")


def targets(cases, runs, checks, live, wanted):
    t = [ratio_target(name, runs, case, num, den, need)
         for case, num, den, need, name in TARGETS if case in cases]
    t += rss_targets(runs, cases)
    if "live" in wanted:
        t.append(live_target(live))
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


def probe_line(probes):
    if not probes:
        return []
    return ["- cores: statusmon --threads=1 on the plain case's file pinned to each core in turn"
            " (taskset), %s (a core much slower than another was most likely shared with a busy"
            " neighbour on the host at the time; a ratio whose two sides ran on different cores moves with it)"
            % "; ".join("%s the timing: %s" % (when, text) for when, text in probes)]


def header(a, probes):
    ga = min(int(a.runs), 3)
    return [
        "# statusmon benchmark results", "",
        "- date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "- machine: %s, %s cores, %s %s" % (a.cpu, a.cores, platform.system(), platform.release()),
        "- statusmon commit: %s" % a.commit,
        "- command: `%s` (%s rounds, each running every tool of a case once, goaccess in the"
        " first %s; median wall time; peak RSS is the largest); %s" % (a.command, a.runs, ga, a.elapsed),
        "- inputs: generated by `statusmon-gen` (bench/gen.c) from fixed seeds, read from the"
        " page cache; goaccess reads all the combined lines but only the first %s lines of the"
        " JSON and W3C logs (it is slow there; lines/s are compared)" % a.ga_lines,
        "- counts: every statusmon run's report is checked against `bench/expect` (mawk on the"
        " uncompressed lines: per status, lines, parsed, malformed, directives)",
        "- goaccess 1.7 reads the JSON lines with `--log-format='%s' --date-format=%%d/%%b/%%Y"
        " --time-format=%%H:%%M:%%S`, the W3C lines with `--log-format=W3C`; status panel only,"
        " JSON output" % a.ga_json] + probe_line(probes) + [""]


KEEP_MARK = "<!-- bench/results.py keeps what follows when it rewrites this file -->"


def kept_part(path):
    """The hand-written part of an existing report (after KEEP_MARK), kept
    when bench/run writes new numbers above it."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return []
    i = text.find(KEEP_MARK)
    return [text[i:].rstrip("\n"), ""] if i >= 0 else []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    for opt in ("--out", "--runs", "--cpu", "--cores", "--command", "--commit", "--elapsed",
                "--cases", "--ga-lines", "--ga-json"):
        ap.add_argument(opt, default="")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    cases, runs, checks, live, probes = load(a.tsv)
    wanted = a.cases.split(",") if a.cases else list(cases) + ["live"]
    trows = [["target", "needed", "measured", "result"]] + \
        [list(x) for x in targets(cases, runs, checks, live, wanted)]
    md = header(a, probes)
    for when, text in probes:
        print("core probe %s the timing: %s" % (when, text))
    for case, title in cases.items():
        t = table(runs, case)
        print("\n%s: %s\n%s" % (case, title, fmt_text(t)))
        md += ["## %s: %s" % (case, title), "", fmt_md(t), ""]
    note = " (quick run: 1M lines, 1 round, indicative only; the targets are for 10M lines)" \
        if a.quick else ""
    print("\ntargets%s\n%s" % (note, fmt_text(trows)))
    md += ["## Targets%s" % note, "", fmt_md(trows), ""]
    if live:
        md += ["Live mode: `cat FILE | statusmon --tui` inside a detached tmux session "
               "(120x40); lines/s = lines / time until the writer handed its last byte "
               "to the pipe; the screen must then say the input ended.", ""]
    if a.out:
        md += kept_part(a.out)
        with open(a.out, "w") as f:
            f.write("\n".join(md))
        print("\nwrote %s" % a.out)
    return 1 if any(r[3] == "FAIL" for r in trows[1:]) else 0


if __name__ == "__main__":
    sys.exit(main())
