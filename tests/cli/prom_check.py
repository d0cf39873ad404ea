#!/usr/bin/env python3
"""prom_check.py: the checks of test_prometheus.sh, through real servers.

Usage: prom_check.py gen LOG N          append N generated lines to LOG and
                                        print the independent count as JSON
       prom_check.py wait URL TIMEOUT   wait until URL answers 200
       prom_check.py check PROM_URL STATUSMON_URL COUNTS REPORT_JSON
                                        compare Prometheus' view to COUNTS
                                        (from gen) and the textfile gauges to
                                        the batch JSON report
Exit 0 if every check passed; each failure is printed."""
import json
import random
import sys
import time
import urllib.parse
import urllib.request

# (status field, expected code label, class, kind)
CODES = [("200", "200", "2xx", "registered"), ("404", "404", "4xx", "registered"),
         ("500", "500", "5xx", "registered"), ("499", "499", "4xx", "vendor"),
         ("520", "520", "5xx", "vendor"), ("299", "299", "2xx", "unassigned"),
         ("388", "388", "3xx", "unassigned"), ("abc", "invalid", "invalid", "invalid"),
         ("-", "invalid", "invalid", "invalid"), ("000", "000", "invalid", "invalid")]


def gen(path, n):
    rnd = random.Random(13)
    counts = {"codes": {}, "lines": 0, "malformed": 0, "meta": {}}
    with open(path, "a", encoding="latin-1") as f:
        for i in range(n):
            counts["lines"] += 1
            if i % 97 == 5:
                f.write("this is not an access log line %d\n" % i)
                counts["malformed"] += 1
                continue
            raw, code, cls, kind = CODES[rnd.randrange(len(CODES))]
            f.write('192.0.2.%d - - [10/Oct/2024:13:%02d:%02d +0000] "GET /p%d HTTP/1.1" %s %d "-" "t"\n'
                    % (i % 250, (i // 60) % 60, i % 60, i, raw, i % 1000))
            counts["codes"][code] = counts["codes"].get(code, 0) + 1
            counts["meta"][code] = [cls, kind]
    print(json.dumps(counts))


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, dict(r.headers), r.read().decode("utf-8")


def wait(url, timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if get(url)[0] == 200:
                return 0
        except OSError:
            pass
        time.sleep(0.1)
    print("FAIL: %s did not answer within %s s" % (url, timeout))
    return 1


def query(prom, expr):
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    body = json.loads(get(url)[2])
    if body.get("status") != "success":
        raise RuntimeError("query %s: %s" % (expr, body))
    return body["data"]["result"]


def scalar(prom, expr):
    r = query(prom, expr)
    return int(float(r[0]["value"][1])) if r else None


class Checks:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def eq(self, what, want, got):
        if want == got:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s: expected %r, got %r" % (what, want, got))


def wait_value(prom, expr, want, timeout=30):
    end = time.time() + timeout
    got = None
    while time.time() < end:
        try:
            got = scalar(prom, expr)
        except (OSError, RuntimeError):
            got = None
        if got == want:
            return got
        time.sleep(0.5)
    return got


def check(prom, sm, counts_path, report_path):
    c = Checks()
    with open(counts_path) as f:
        counts = json.load(f)
    with open(report_path) as f:
        rep = json.load(f)
    counted = sum(counts["codes"].values())
    # the live endpoint, scraped by Prometheus (OpenMetrics: its Accept prefers it)
    c.eq("sum(statusmon_responses_total)", counted,
         wait_value(prom, 'sum(statusmon_responses_total{job="statusmon"})', counted))
    c.eq("sum(statusmon_log_lines_total)", counts["lines"],
         wait_value(prom, 'sum(statusmon_log_lines_total{job="statusmon"})', counts["lines"]))
    c.eq("malformed", counts["malformed"],
         scalar(prom, 'statusmon_log_lines_total{job="statusmon",outcome="malformed"}'))
    series = query(prom, 'statusmon_responses_total{job="statusmon"}')
    got = {s["metric"]["code"]: int(s["value"][1]) for s in series}
    c.eq("per-code series", counts["codes"], got)
    for s in series:
        cls, kind = counts["meta"][s["metric"]["code"]]
        c.eq("class/kind of " + s["metric"]["code"], [cls, kind],
             [s["metric"]["class"], s["metric"]["kind"]])
    for kind in ("registered", "vendor", "unassigned", "invalid"):
        want = sum(n for code, n in counts["codes"].items() if counts["meta"][code][1] == kind)
        c.eq("kind " + kind, want,
             scalar(prom, 'statusmon_kind_responses_total{job="statusmon",kind="%s"}' % kind))
    c.eq("class 1xx exported as 0", 0,
         scalar(prom, 'statusmon_class_responses_total{job="statusmon",class="1xx"}'))
    c.eq("up", 1, scalar(prom, 'up{job="statusmon"}'))
    c.eq("build_info", 1, scalar(prom, 'statusmon_build_info{job="statusmon"}'))
    # the textfile report through node_exporter, against the batch JSON report
    label = '{job="node",report="nightly"}'
    c.eq("textfile counted", rep["totals"]["counted"],
         wait_value(prom, "sum(statusmon_report_responses%s)" % label, rep["totals"]["counted"]))
    for outcome, key in (("counted", "counted"), ("filtered", "filtered"),
                         ("malformed", "malformed"), ("directive", "directives")):
        c.eq("textfile lines " + outcome, rep["totals"][key],
             scalar(prom, 'statusmon_report_lines{job="node",report="nightly",outcome="%s"}'
                    % outcome))
    want = {}
    for st in rep["statuses"]:
        code = "%03d" % st["code"] if st["code"] is not None else "invalid"
        want[code] = want.get(code, 0) + st["count"]
    got = {s["metric"]["code"]: int(s["value"][1])
           for s in query(prom, "statusmon_report_responses" + label)}
    c.eq("textfile per-code", want, got)
    for cls, n in rep["classes"].items():
        c.eq("textfile class " + cls, n,
             scalar(prom, 'statusmon_report_class_responses{job="node",report="nightly",class="%s"}'
                    % cls))
    c.eq("textfile bytes", sum(i["bytes"] for i in rep["inputs"]),
         scalar(prom, "statusmon_report_bytes" + label))
    c.eq("fail_on_held 5xx>1%", 1,
         scalar(prom, 'statusmon_report_fail_on_held{job="node",report="nightly",rule="5xx>1%"}'))
    c.eq("fail_on_held 1xx>0", 0,
         scalar(prom, 'statusmon_report_fail_on_held{job="node",report="nightly",rule="1xx>0"}'))
    c.eq("textfile collector had no error", 0,
         scalar(prom, 'node_textfile_scrape_error{job="node"}'))
    # the Content-Type itself (Prometheus 2.42 tolerates a wrong one)
    _, h, _ = get(sm + "/metrics")
    c.eq("text Content-Type", "text/plain; version=0.0.4; charset=utf-8", h.get("Content-Type"))
    _, h, body = get(sm + "/metrics", {"Accept": "application/openmetrics-text;version=1.0.0,"
                                       "text/plain;version=0.0.4;q=0.5"})
    c.eq("OpenMetrics Content-Type",
         "application/openmetrics-text; version=1.0.0; charset=utf-8", h.get("Content-Type"))
    c.eq("OpenMetrics ends with # EOF", True, body.endswith("# EOF\n"))
    print("%d checks passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "wait":
        sys.exit(wait(sys.argv[2], float(sys.argv[3])))
    else:
        sys.exit(check(*sys.argv[2:6]))
