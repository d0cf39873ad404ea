#!/usr/bin/env python3
"""count_statuses.py: an independent status counter for the test suite.

Written from the log format definitions (Apache mod_log_config, nginx
log_format, W3C extended log file format, Caddy/nginx JSON, HAProxy
"option httplog"), not from statusmon's code, so the tests can check
statusmon against a second opinion. One regular expression per format, kept
simple enough to be obviously right.

    count_statuses.py FORMAT FILE       JSON: lines, parsed, malformed, directives,
                                        statuses
    count_statuses.py --markdown FORMAT FILE   the same as a Markdown table
    count_statuses.py --matrix FORMAT:FILE...  one Markdown table, a column per file

FORMAT: common, combined, vhost_combined, w3c, jsonl, haproxy. FILE may be
gzip (detected by its magic bytes). The rules, shared by every format:
- a line ends at "\\n", one trailing "\\r" is dropped; a last line without
  "\\n" is a line; an empty file has no lines;
- a W3C line starting with "#" is a directive, counted apart; a line that
  does not match the format is malformed; every other line is parsed and
  counted under its status field as logged ("200", "-", "000", "+200"...),
  whatever that field holds (lines = parsed + malformed + directives);
- an empty time field "[]" is a line without a time: its status counts;
- quoted fields follow Apache: a backslash escapes the next byte (\\" is a
  quote inside the field), so a field's quotes must balance;
- a combined (or vhost_combined) line cut short by its writer counts, as
  "truncated": its fields are whole up to the size, then the line ends
  there, inside the referer or the agent, or between them.
"""

import gzip
import json
import re
import sys

Q = rb'"(?:[^"\\]|\\.)*"'                 # a quoted field, \-escapes inside
CLF = rb'(\S+) (\S+) (\S+) \[[^\]]*\] ' + Q + rb' (?P<status>\S+) (\S+)'
AGENTS = rb' ' + Q + rb' ' + Q + rb'(?: .*)?'   # referer, agent, extra fields
OPEN = rb'"(?:[^"\\]|\\.)*\\?'           # a quoted field the line ends inside
CUT = rb'(?: (?:' + OPEN + rb'|' + Q + rb' ?|' + Q + rb' ' + OPEN + rb')?)?'

PATTERNS = {
    # Apache: %h %l %u %t "%r" %>s %b
    "common": re.compile(CLF, re.S),
    # ... "%{Referer}i" "%{User-Agent}i", and nginx's extra trailing fields
    "combined": re.compile(CLF + AGENTS, re.S),
    # Apache vhost_combined: %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"
    "vhost_combined": re.compile(rb'\S+:\d+ ' + CLF + AGENTS, re.S),
    # HAProxy option httplog behind a syslog prefix: the status follows the
    # five timers Tq/Tw/Tc/Tr/Tt (Tt may carry "+" with option logasap).
    "haproxy": re.compile(
        rb'[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d \S+ \S+\[\d+\]: '
        rb'\S+:\d+ \[[^\]]+\] \S+ \S+/\S+ '
        rb'-?\d+/-?\d+/-?\d+/-?\d+/\+?-?\d+ (?P<status>\S+) \+?\d+ '
        rb'\S+ \S+ \S{4} \d+/\d+/\d+/\+?\d+/\+?\d+ \d+/\d+ '
        rb'(?:\{[^}]*\} ){0,2}"[^"]*"', re.S),
}
# the same formats cut short after the size (a line may only end there)
CUT_PATTERNS = {
    "combined": re.compile(CLF + CUT, re.S),
    "vhost_combined": re.compile(rb'\S+:\d+ ' + CLF + CUT, re.S),
}


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if not data:
        return []
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return [l[:-1] if l.endswith(b"\r") else l for l in lines]


def status_regex(fmt, line):
    """The status, and whether the line was cut short."""
    m = PATTERNS[fmt].fullmatch(line)
    if m:
        return m.group("status"), False
    m = CUT_PATTERNS[fmt].fullmatch(line) if fmt in CUT_PATTERNS else None
    return (m.group("status"), True) if m else (None, False)


def status_jsonl(line):
    """A JSON object per line; the status is the top-level "status" key."""
    try:
        obj = json.loads(line.decode("utf-8", "surrogateescape"))
    except ValueError:
        return None
    if not isinstance(obj, dict) or "status" not in obj:
        return None
    v = obj["status"]
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        return None
    return str(v).encode("utf-8", "surrogateescape")


class W3C:
    """W3C extended: "#Fields:" names the space-separated columns."""

    def __init__(self):
        self.index = None
        self.n = 0

    def status(self, line):
        if line.startswith(b"#"):
            if line.startswith(b"#Fields:"):
                names = line[len(b"#Fields:"):].split()
                self.n = len(names)
                self.index = names.index(b"sc-status") if b"sc-status" in names else None
            return None
        cols = line.split(b" ")
        if self.index is None or len(cols) != self.n:
            return None
        return cols[self.index]


def count(fmt, path):
    w3c = W3C()
    res = {"format": fmt, "lines": 0, "parsed": 0, "malformed": 0, "directives": 0, "truncated": 0,
           "statuses": {}}
    for line in read_lines(path):
        res["lines"] += 1
        if fmt == "w3c" and line.startswith(b"#"):
            w3c.status(line)
            res["directives"] += 1
            continue
        if fmt == "w3c":
            st = w3c.status(line)
        elif fmt == "jsonl":
            st = status_jsonl(line)
        else:
            st, cut = status_regex(fmt, line)
            res["truncated"] += cut
        if st is None:
            res["malformed"] += 1
            continue
        res["parsed"] += 1
        key = st.decode("utf-8", "backslashreplace")
        res["statuses"][key] = res["statuses"].get(key, 0) + 1
    return res


def markdown(res):
    rows = sorted(res["statuses"].items(), key=lambda kv: (-kv[1], kv[0]))
    out = ["| status | count |", "| --- | ---: |"]
    out += ["| `%s` | %d |" % (k, v) for k, v in rows]
    out.append("| lines / parsed / malformed / directives | %d / %d / %d / %d |"
               % (res["lines"], res["parsed"], res["malformed"], res["directives"]))
    return "\n".join(out)


def status_order(key):
    return (0, int(key), key) if re.fullmatch(r"[0-9]{3}", key) else (1, 0, key)


def matrix(specs):
    """Rows: every status seen in any file; columns: the files."""
    cols = [(spec.split(":", 1)[1], count(*spec.split(":", 1))) for spec in specs]
    keys = sorted({k for _, r in cols for k in r["statuses"]}, key=status_order)
    out = ["| status | " + " | ".join(n.rsplit("/", 1)[-1] for n, _ in cols) + " |",
           "| --- |" + " ---: |" * len(cols)]
    for k in keys:
        out.append("| `%s` | " % k + " | ".join(
            str(r["statuses"].get(k, "")) for _, r in cols) + " |")
    for what in ("lines", "parsed", "malformed", "directives"):
        out.append("| **%s** | " % what + " | ".join(str(r[what]) for _, r in cols) + " |")
    return "\n".join(out)


def main(argv):
    if argv[1:2] == ["--matrix"]:
        print(matrix(argv[2:]))
        return 0
    md = argv[1:2] == ["--markdown"]
    args = argv[2:] if md else argv[1:]
    if len(args) != 2 or (args[0] not in PATTERNS and args[0] not in ("w3c", "jsonl")):
        sys.stderr.write("usage: count_statuses.py [--markdown] FORMAT FILE\n")
        return 2
    res = count(args[0], args[1])
    print(markdown(res) if md else json.dumps(res, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
