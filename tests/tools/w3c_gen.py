#!/usr/bin/env python3
"""w3c_gen.py: a W3C extended (IIS) log whose "#Fields:" layout changes
mid-file, and its true counts, for the threaded W3C tests and benchmarks.

    w3c_gen.py OUT.log EXPECT.json LINES [SEED] [--boundary] [--iis-only]
               [--blocks=N] [--long] [--align=BYTES]

The log has data lines before any #Fields: (read with the IIS default
columns: some fit, some do not), then blocks of several layouts (IIS with
and without time-taken, CloudFront-style tab separated, one without
sc-status, whose lines are all malformed), each block a restart with
#Software/#Version/#Date/#Fields, CRLF on some lines, and lines whose
column count does not fit the layout in force. With --boundary, the
middle of the file (where 2, 4, 8... ranges of equal size meet) starts
exactly with a #Fields: line, padded to that byte. With --iis-only every
block has the IIS default layout (for comparing with tools that read one
fixed layout, such as goaccess --log-format=W3C). --blocks=N makes N
blocks (12 by default; many small ones put layout changes everywhere),
and --long adds two data lines longer than statusmon's line limit (4 MiB
and 13 MiB: malformed, cut short) at random places. --align=BYTES puts
each block's #Fields: line right at a multiple of BYTES, or ending right
there, or one line after it (padded with "#Remark:" lines; the file's size
is a multiple too), so that when statusmon cuts the file into chunks of
BYTES (tests: STATUSMON_TEST_CARRY_BLOCK) the layout changes sit right at,
just before and just after the chunk boundaries.

EXPECT.json holds what the generator itself knows: lines, parsed,
malformed, directives, per-status counts ({"statuses": {raw: n}}, the
shape compare_report.py reads) and the malformed line numbers. Written from
the documented rules (patterns/README.md, "W3C extended"), not from
statusmon's code."""
import json
import random
import sys

IIS_DEFAULT = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
               "cs-username c-ip cs(User-Agent) cs(Referer) sc-status "
               "sc-substatus sc-win32-status time-taken").split()
LAYOUTS = [
    IIS_DEFAULT,
    ("date time s-sitename cs-method cs-uri-stem cs-uri-query s-port "
     "c-ip cs(User-Agent) sc-status sc-bytes").split(),
    ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) "
     "cs-uri-stem sc-status cs(Referer) cs(User-Agent) time-taken").split(),
    "date time c-ip cs-method cs-uri-stem sc-bytes".split(),   # no status
]
TABS = 2          # the CloudFront-style layout separates with tabs
CODES = ["200"] * 30 + ["304"] * 4 + ["404"] * 3 + ["301", "302", "500", "503", "401", "403"]


class Gen:
    def __init__(self, rnd):
        self.rnd = rnd
        self.lines = []
        self.bytes = 0
        self.exp = {"lines": 0, "parsed": 0, "malformed": 0, "directives": 0,
                    "statuses": {}, "malformed_lines": []}
        self.long = []   # sizes of the over-long lines still to place
        self.align = 0

    def emit(self, text, kind, status=None, eol=None):
        if eol is None:
            eol = "\r\n" if self.rnd.random() < 0.2 else "\n"
        self.lines.append(text + eol)
        self.bytes += len(text.encode()) + len(eol)
        self.exp["lines"] += 1
        self.exp[kind] += 1
        if kind == "malformed":
            self.exp["malformed_lines"].append(self.exp["lines"])
        if status is not None:
            self.exp["statuses"][status] = self.exp["statuses"].get(status, 0) + 1

    def value(self, name, status):
        r = self.rnd
        if name == "date":
            return "2024-03-%02d" % r.randrange(1, 29)
        if name == "time":
            return "%02d:%02d:%02d" % (r.randrange(24), r.randrange(60), r.randrange(60))
        if name == "sc-status":
            return status
        if name == "cs-method":
            return r.choice(["GET", "GET", "POST", "HEAD"])
        if name == "cs-uri-stem":
            return "/p/%d/%s" % (r.randrange(5000), "x" * r.randrange(40))
        if name == "c-ip":
            return "10.%d.%d.%d" % (r.randrange(256), r.randrange(256), r.randrange(256))
        if name == "cs(User-Agent)":
            return "Mozilla/5.0+(agent+%s)" % ("z" * r.randrange(80))
        return str(r.randrange(1, 99999))

    def data(self, layout, tabs, fits=True):
        status = self.rnd.choice(CODES)
        cols = [self.value(n, status) for n in layout]
        if not fits:   # a column too many or too few
            cols = cols[:-1] if self.rnd.random() < 0.5 else cols + ["extra"]
        self.emit(("\t" if tabs else " ").join(cols),
                  "parsed" if fits and "sc-status" in layout else "malformed",
                  status if fits and "sc-status" in layout else None)

    def pad(self, room):
        """A #Remark: line after which the next line starts room bytes
        before a multiple of self.align."""
        a, least = self.align, self.bytes + len("#Remark: \n")
        target = (least + room + a - 1) // a * a - room
        self.emit("#Remark: " + "p" * (target - least), "directives", eol="\n")

    def fields(self, layout):
        text = "#Fields: " + " ".join(layout)
        eol = "\r\n" if self.rnd.random() < 0.2 else "\n"
        if self.align:
            where = self.rnd.randrange(3)   # at, ending at, one line after
            self.pad(len(text) + len(eol) if where == 1 else 0)
            if where == 2:
                self.emit("#Remark: after", "directives")
        self.emit(text, "directives", eol=eol)

    def header(self, layout, date=True):
        self.emit("#Software: Microsoft Internet Information Services 10.0", "directives")
        self.emit("#Version: 1.0", "directives")
        if date:
            self.emit("#Date: 2024-03-12 07:00:05", "directives")
        self.fields(layout)

    def block(self, n, li, stop=None, bare=False):
        if bare:   # a bare #Fields: change, no restart header
            self.fields(LAYOUTS[li])
        else:
            self.header(LAYOUTS[li], self.rnd.random() < 0.8)
        if "sc-status" not in LAYOUTS[li]:
            n //= 10   # all malformed: a few are enough
        for _ in range(n):
            if stop is not None and self.bytes >= stop:
                return
            if self.long and self.rnd.random() < 0.01:
                self.emit("2024-03-01 " + "L" * self.long.pop(), "malformed")
            self.data(LAYOUTS[li], li == TABS, self.rnd.random() > 0.01)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out, expect, total = args[0], args[1], int(args[2])
    seed = int(args[3]) if len(args) > 3 else 1
    boundary = "--boundary" in sys.argv
    if "--iis-only" in sys.argv:   # one layout, for tools without #Fields
        LAYOUTS[:] = [IIS_DEFAULT]
    g = Gen(random.Random(seed))
    for a in sys.argv:
        if a.startswith("--align="):
            g.align = int(a[len("--align="):])
    if "--long" in sys.argv:
        g.long = [13 << 20, (4 << 20) + 3000]
    for _ in range(40):   # before any #Fields: the IIS default columns
        g.data(IIS_DEFAULT, False, g.rnd.random() > 0.3)
    blocks = 12
    for a in sys.argv:
        if a.startswith("--blocks="):
            blocks = int(a[len("--blocks="):])
    per = max(1, total // blocks)
    for b in range(blocks // 2):
        g.block(g.rnd.randrange(per // 2, per * 3 // 2), b % len(LAYOUTS))
    if boundary:   # the second half weighs exactly as much as the first
        half = g.bytes
        for b in range(blocks // 2):
            g.block(per * 2 if b == 0 else per, (b + 2) % len(LAYOUTS), 2 * half - 2000, b == 0)
        pad = 2 * half - g.bytes - len("#Remark: \n")
        g.emit("#Remark: " + "p" * pad, "directives")
        if g.lines[-1].endswith("\r\n"):
            g.lines[-1] = g.lines[-1][:-2] + "\n"
            g.bytes -= 1
        assert g.bytes == 2 * half, (g.bytes, half)
    else:
        for b in range(blocks // 2):
            g.block(g.rnd.randrange(per // 2, per * 3 // 2), (b + 1) % len(LAYOUTS))
    assert not g.long, "too few lines for --long"
    if g.align:
        g.pad(0)
        assert g.bytes % g.align == 0
    with open(out, "w", newline="") as f:
        f.writelines(g.lines)
    with open(expect, "w") as f:
        json.dump(g.exp, f)


main()
