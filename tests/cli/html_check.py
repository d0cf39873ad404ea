#!/usr/bin/env python3
"""tests/cli/html_check.py: checks of the HTML report for test_html.sh.

  page PAGE.html REPORT.json [--no-topk]
      the page as statusmon wrote it: the CSP and referrer metas exactly as
      issue 15 says, the CSP's style hash recomputed here from the <style>
      text, only the elements and attributes the writer makes (no script,
      no src/href/on*, attribute values from a strict alphabet), and every
      count (<data value data-k>) equal to the JSON report's value at the
      same key path, and every JSON count present in the page (top-K items
      too unless --no-topk: two runs' Space-Saving lists may differ).
      Durations: every class's and code's n, absent, p50/p90/p99/max (in
      seconds, as the JSON has them, the shown "12.3ms" agreeing) and
      every class bucket; each class histogram's bars (<svg class=hist>,
      a <title> "N in [a, b)" per bar) add up to the class's n. A merged
      report (several reports or hosts): every host's counts. Each flagged
      code's sparkline (<svg class=spark>, its <title> "lines per bucket:
      N N ...") adds up to the code's count (not in a merged report: the
      JSON carries no per-code timeline).
  dom DUMP.html [--expect-text TEXT]...
      chromium's --dump-dom of the page (JavaScript off): the same element
      and attribute rules on the DOM a browser built, the code table and
      the timeline SVG present, and each TEXT present as text.
  png FILE WIDTH HEIGHT
      a PNG of that size, not blank (more than a few kilobytes).
"""
import base64, hashlib, json, re, struct, sys
from html.parser import HTMLParser

CSP = ("default-src 'none'; style-src 'sha256-%s'; img-src data:; "
       "base-uri 'none'; form-action 'none'")
TAGS = set("""html head meta title style body main header footer h1 h2 h3 p b br
    section div span table thead tbody tr th td data ul li details summary
    svg rect line text g path""".split())
ATTRS = set("""lang charset http-equiv content name class id value data-k title
    viewbox preserveaspectratio aria-hidden role aria-label x y x1 x2 y1 y2
    width height text-anchor colspan open xmlns d""".split())
VALUE = re.compile(r"^[A-Za-z0-9 .,:;=/'_+#%()-]*$")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.metas, self.counts, self.ids = [], {}, [], set()
        self.style, self.text, self._in, self._data = None, [], [], None
        self.svgs, self._svg = [], None   # (class, id, [title texts])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in TAGS:
            self.problems.append("element <%s> %r" % (tag, attrs))
        for k, v in attrs:
            if k not in ATTRS or k.startswith("on") or k in ("src", "href"):
                self.problems.append("attribute %s=%r on <%s>" % (k, v, tag))
            elif v is not None and not VALUE.match(v):
                self.problems.append("attribute value %s=%r on <%s>" % (k, v, tag))
        if tag == "meta":
            self.metas[a.get("http-equiv") or a.get("name") or "charset"] = a.get("content")
        if "id" in a:
            self.ids.add((tag, a["id"]))
        if tag == "data":
            self._data = [a.get("value"), a.get("data-k"), ""]
        if tag == "svg":
            self._svg = (a.get("class"), a.get("id"), [])
            self.svgs.append(self._svg)
        if tag not in ("meta", "br", "rect", "line"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "data" and self._data:
            self.counts.append(tuple(self._data))
            self._data = None
        if tag == "svg":
            self._svg = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, d):
        if self._in and self._in[-1] == "style":
            self.style = (self.style or "") + d
        elif self._in and self._in[-1] == "script":
            self.problems.append("script text")
        if self._data:
            self._data[2] += d
        if self._svg is not None and self._in and self._in[-1] == "title":
            self._svg[2].append(d)
        self.text.append(d)


def parse(path):
    p = Page()
    p.feed(open(path, encoding="utf-8", errors="strict").read())
    p.close()
    return p


def at(doc, key):
    v = doc
    for part in key.split("."):
        v = v[int(part)] if isinstance(v, list) else v[part]
    return v


def json_counts(doc, topk):
    """Every count the page must show, as (key, value)."""
    out = [("totals." + k, v) for k, v in doc["totals"].items()]
    out += [("classes." + k, v) for k, v in doc["classes"].items()]
    out += [("kinds." + k, v) for k, v in doc["kinds"].items()]
    for i, inp in enumerate(doc["inputs"]):
        for k in ("lines", "bytes", "parsed", "malformed", "directives", "filtered"):
            if inp[k] is not None:
                out.append(("inputs.%d.%s" % (i, k), inp[k]))
    for i, st in enumerate(doc["statuses"]):
        out.append(("statuses.%d.count" % i, st["count"]))
        drill = st["class"] in ("4xx", "5xx") or st["kind"] != "registered"
        for lst in ("top_paths", "top_clients"):
            for j, it in enumerate(st[lst] if drill and topk else []):
                out.append(("statuses.%d.%s.%d.count" % (i, lst, j), it["count"]))
                if it["error"]:
                    out.append(("statuses.%d.%s.%d.error" % (i, lst, j), it["error"]))
    out += latency_counts(doc)
    m = doc.get("merge")
    if m and (m["reports"] > 1 or len(doc["hosts"]) > 1 or m["left_out"]):
        for i, h in enumerate(doc["hosts"]):
            for k in ("lines", "counted", "5xx", "flagged"):
                out.append(("hosts.%d.%s" % (i, k), h[k]))
    for i, b in enumerate(doc["timeline"]["buckets"]):
        for k, v in b.items():
            if k != "start":
                out.append(("timeline.buckets.%d.%s" % (i, k), v))
    return out


QUANTILES = ("p50", "p90", "p99", "max")


def latency_counts(doc):
    """Every duration number the page must show: (key, value)."""
    out, lat = [], doc.get("latency", {}).get("classes", {})

    def one(key, h):
        out.extend([(key + ".count", h["count"]), (key + ".absent", h["absent"])])
        if h["count"]:
            out.extend([(key + "." + q, h[q]) for q in QUANTILES])
    for cls, per in lat.items():
        for d, h in (per or {}).items():
            if h:
                one("latency.classes.%s.%s" % (cls, d), h)
                out.extend(("latency.classes.%s.%s.buckets.%d.1" % (cls, d, j), b[1])
                           for j, b in enumerate(h["buckets"]))
    for i, st in enumerate(doc["statuses"]):
        for d, h in (st.get("latency") or {}).items():
            if h:
                one("statuses.%d.latency.%s" % (i, d), h)
    return out


def shown_us(text):
    """'850us', '12.3ms', '2.31s': (microseconds, half its last digit)."""
    for unit, f, half in (("us", 1, 0.5), ("ms", 1e3, 50), ("s", 1e6, 5000)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * f, half + 0.5
    raise ValueError(text)


def same_number(key, value, want):
    if key.rsplit(".", 1)[-1] in QUANTILES:
        return abs(float(value) - want) < 5e-7
    return int(value) == want


def title_counts(svg):
    if svg[0] == "spark":
        return [int(v) for v in "".join(svg[2]).split(":", 1)[1].split()]
    return [int(t.split()[0]) for t in svg[2]]


def check_charts(p, doc):
    """The histograms' and sparklines' bars against the JSON."""
    problems, n = [], 0
    lat = doc.get("latency", {}).get("classes", {})
    for cls, ident, titles in p.svgs:
        if cls == "hist":
            _, d, c = ident.split("-", 2)
            want = lat[c][d]["count"]
        elif cls == "spark":
            want = doc["statuses"][int(ident.split("-")[1])]["count"]
        else:
            continue
        n += 1
        if sum(title_counts((cls, ident, titles))) != want:
            problems.append("%s: bars add up to %d, JSON %d" %
                            (ident, sum(title_counts((cls, ident, titles))), want))
    flagged = [i for i, st in enumerate(doc["statuses"]) if st["kind"] != "registered"]
    sparks = {int(ident.split("-")[1]) for cls, ident, _ in p.svgs if cls == "spark"}
    if (doc["timeline"]["buckets"] and not doc.get("merge") and len(flagged) <= 32
            and set(flagged) != sparks):
        problems.append("sparklines for statuses %s, flagged: %s" % (sorted(sparks), flagged))
    return problems, n


def check_page(path, json_path, topk):
    p, problems = parse(path), []
    doc = json.load(open(json_path, encoding="utf-8"))
    raw = open(path, "rb").read()
    problems += p.problems
    h = base64.b64encode(hashlib.sha256((p.style or "").encode()).digest()).decode()
    if p.metas.get("Content-Security-Policy") != CSP % h:
        problems.append("CSP %r, want %r" % (p.metas.get("Content-Security-Policy"), CSP % h))
    if p.metas.get("referrer") != "no-referrer":
        problems.append("referrer meta %r" % p.metas.get("referrer"))
    if re.search(r"url\(|@import", p.style or ""):
        problems.append("the style sheet loads something")
    seen = {}
    for value, key, shown in p.counts:
        if not key or not value:
            problems.append("a count without value/key: %r" % ((value, key, shown),))
            continue
        if key.rsplit(".", 1)[-1] in QUANTILES:
            us, tol = shown_us(shown)
            if abs(us - float(value) * 1e6) > tol:
                problems.append("%s shows %r for %s s" % (key, shown, value))
        elif shown.replace(",", "") != value:
            problems.append("%s shows %r for %s" % (key, shown, value))
        if not topk and ".top_" in key:
            continue
        try:
            want = at(doc, key)
        except (KeyError, IndexError, ValueError, TypeError):
            problems.append("%s is not a JSON key" % key)
            continue
        if not same_number(key, value, want):
            problems.append("%s: page %s, JSON %s" % (key, value, want))
        seen[key] = want if same_number(key, value, want) else value
    expected = json_counts(doc, topk)
    for key, v in expected:
        if seen.get(key) != v:
            problems.append("%s: JSON %s, page %s" % (key, v, seen.get(key)))
    charts, n_charts = check_charts(p, doc)
    problems += charts
    print("%s: %d bytes, %d counts equal to the JSON (%d expected), %d histograms and "
          "sparklines add up" % (path, len(raw), len(p.counts), len(expected), n_charts))
    return problems


def check_dom(path, texts):
    p = parse(path)
    problems = list(p.problems)
    for want in (("table", "code-table"), ("svg", "timeline")):
        if want not in p.ids and ("timeline" != want[1] or "No timeline" not in "".join(p.text)):
            problems.append("no <%s id=%s> in the DOM" % want)
    alltext = "".join(p.text)
    for t in texts:
        if t not in alltext:
            problems.append("text %r not shown" % t)
    print("%s: DOM checked, %d elements' text" % (path, len(p.text)))
    return problems


def check_png(path, w, h):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return ["%s is not a PNG" % path]
    pw, ph = struct.unpack(">II", data[16:24])
    problems = [] if (pw, ph) == (w, h) else ["%s is %dx%d, want %dx%d" % (path, pw, ph, w, h)]
    if len(data) < 20000:
        problems.append("%s is only %d bytes: blank?" % (path, len(data)))
    print("%s: %dx%d, %d bytes" % (path, pw, ph, len(data)))
    return problems


def main(argv):
    if argv[1] == "page":
        problems = check_page(argv[2], argv[3], "--no-topk" not in argv)
    elif argv[1] == "dom":
        texts = [argv[i + 1] for i, a in enumerate(argv) if a == "--expect-text"]
        problems = check_dom(argv[2], texts)
    else:
        problems = check_png(argv[2], int(argv[3]), int(argv[4]))
    for pr in problems[:20]:
        print("PROBLEM:", pr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
