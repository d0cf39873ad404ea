#!/usr/bin/env python3
"""make-samples.py: writes every log in samples/ from a fixed seed.

The samples are committed, and this script is how they were made: run it
again (python3, stdlib only) and the files come out byte for byte the same.
Each make_* function owns one file and says what that file is meant to
show; samples/README.md lists the expected counts (tests/tools/).

Lines are built as templates with time placeholders ("@T@" CLF time, "@TS@"
epoch seconds, "@D@"/"@H@" W3C date and time); the special lines a file
exists to show are inserted at seeded positions, and times are filled in
last, in file order, so every file's clock moves forward.

Addresses are from the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24, 2001:db8::/32); host names are example.com/.org/.net.
"""

import datetime as dt
import gzip
import io
import json
import os
import random

SEED = 20240312
HERE = os.path.dirname(os.path.abspath(__file__))

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.80",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
    "okhttp/4.12.0",
    "kube-probe/1.29",
    "Prometheus/2.50.1",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 zgrab/0.x",
    "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
    "sqlmap/1.8#stable (https://sqlmap.org)",
    "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
]
AGENT_WEIGHTS = [30, 12, 10, 14, 8, 6, 6, 2, 4, 3, 3, 5, 4, 6, 4, 3, 2, 1, 1, 1, 1]

PATHS = [
    "/", "/index.html", "/favicon.ico", "/robots.txt", "/sitemap.xml",
    "/static/css/app.3f9a1c.css", "/static/js/main.8b2e44.js",
    "/static/img/logo.svg", "/api/v1/users/1042?include=roles",
    "/api/v1/orders?status=open&page=2&per_page=50",
    "/api/v1/search?q=red+shoes&sort=price_asc",
    "/products/espresso-machine?utm_source=newsletter&utm_medium=email",
    "/login?next=%2Fdashboard", "/logout", "/dashboard", "/healthz",
    "/metrics", "/blog/2024/03/release-notes.html", "/docs/install",
    "/downloads/statusmon-0.1.0.tar.gz", "/videos/intro.mp4",
    "/api/v2/cart/items/77?currency=EUR", "/feed.xml",
]
PATH_WEIGHTS = [20, 6, 8, 3, 2, 10, 10, 6, 6, 5, 4, 3, 4, 1, 4, 6, 3, 3, 2, 1, 1, 2, 2]
SCANNER_PATHS = [
    "/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/index.php",
    "/cgi-bin/luci/;stok=/locale?form=country",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/admin/config.php?cmd=id", "/actuator/env",
]
REFERERS = ["-", "-", "-", "https://www.example.com/", "https://www.google.com/",
            "https://example.com/products?page=2", "https://duckduckgo.com/",
            "https://www.example.com/blog/2024/03/release-notes.html"]
METHODS = ["GET"] * 40 + ["POST"] * 5 + ["HEAD"] * 3 + ["PUT", "DELETE", "OPTIONS"]

# Everyday statuses; the rare ones are placed explicitly by each writer.
STATUS_MIX = {200: 160, 304: 25, 301: 8, 302: 10, 404: 20, 206: 4, 403: 4,
              401: 3, 201: 3, 204: 3, 500: 3, 502: 3, 503: 2, 504: 2,
              499: 4, 444: 2, 429: 2}
UNASSIGNED = (209, 299, 432, 474)     # IANA 2022-06-08 (and 2018), no vendor row


def pick(rng, items, weights=None):
    return rng.choices(items, weights=weights, k=1)[0]


def ipv4(rng):
    net = pick(rng, ["192.0.2.", "198.51.100.", "203.0.113."])
    return net + str(rng.randint(1, 254))


def ipv6(rng):
    return "2001:db8:%x:%x::%x" % (rng.randint(0, 0xff), rng.randint(0, 0xffff),
                                   rng.randint(1, 0xfff))


def clients(rng, n):
    """A small population of clients, each with its own agent."""
    return [(ipv6(rng) if i % 7 == 3 else ipv4(rng), pick(rng, AGENTS, AGENT_WEIGHTS))
            for i in range(n)]


def status_pick(rng):
    codes = list(STATUS_MIX)
    return pick(rng, codes, [STATUS_MIX[c] for c in codes])


def body_bytes(rng, status, path):
    if not isinstance(status, int) or status in (304, 204, 444, 499) or status >= 520:
        return 0
    if status in (301, 302):
        return rng.randint(150, 170)
    if path.endswith((".mp4", ".tar.gz")):
        return rng.randint(200000, 9000000)
    return rng.randint(200, 48000)


def request_for(rng, status):
    if status in (404, 403) and rng.random() < 0.5:
        path = rng.choice(SCANNER_PATHS)
    else:
        path = pick(rng, PATHS, PATH_WEIGHTS)
    proto = pick(rng, ["HTTP/1.1", "HTTP/2.0", "HTTP/1.0"], [60, 35, 5])
    return rng.choice(METHODS), path, proto


def clf_line(rng, pool, status=None, agent=True, vhost=None):
    """One CLF-family line template (time "@T@")."""
    addr, ua = rng.choice(pool)
    status = status_pick(rng) if status is None else status
    method, path, proto = request_for(rng, status)
    user = "-" if rng.random() < 0.95 else rng.choice(["alice", "bob", "deploy"])
    line = '%s - %s [@T@] "%s %s %s" %s %s' % (addr, user, method, path, proto,
                                              status, body_bytes(rng, status, path))
    if agent:
        line += ' "%s" "%s"' % (rng.choice(REFERERS), ua)
    return vhost + " " + line if vhost else line


def place(rng, lines, specials):
    """Inserts each special line at a seeded position among lines."""
    for s in specials:
        lines.insert(rng.randint(1, len(lines)), s)
    return lines


def fill_times(rng, lines, start, offset_min, span_s):
    """Replaces the time placeholders in order; returns bytes lines."""
    tz = dt.timezone(dt.timedelta(minutes=offset_min))
    t = start.replace(tzinfo=tz)
    gap = span_s / max(1, len(lines))
    out = []
    for line in lines:
        b = line if isinstance(line, bytes) else line.encode("utf-8", "surrogateescape")
        if b"@" in b:
            t += dt.timedelta(seconds=rng.expovariate(1.0 / gap))
            utc = t.astimezone(dt.timezone.utc)
            b = (b.replace(b"@T@", t.strftime("%d/%b/%Y:%H:%M:%S %z").encode())
                 .replace(b"@TS@", ("%.6f" % t.timestamp()).encode())
                 .replace(b"@D@", utc.strftime("%Y-%m-%d").encode())
                 .replace(b"@H@", utc.strftime("%H:%M:%S").encode()))
        out.append(b)
    return out


def join(lines, final_newline=True):
    data = b"".join(l + b"\n" for l in lines)
    return data if final_newline else data[:-1]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def combined_specials(rng, pool):
    """What combined.log exists to show, beside everyday traffic."""
    s = [clf_line(rng, pool, c) for c in
         (520, 521, 522, 523, 524, 525, 526, 527, 444, 499, 499, 502, 503, 504)]
    s += [clf_line(rng, pool, c) for c in UNASSIGNED]
    s += [clf_line(rng, pool, c) for c in ("-", "000", "0", "600")]   # invalid
    s += [
        # Apache escapes a quote inside the request and the agent as \"
        '198.51.100.23 - - [@T@] "GET /search?q=\\"status+codes\\" HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (compatible; \\"Fetcher\\" 1.0)"',
        # nginx escapes it as \x22
        '203.0.113.9 - - [@T@] "GET /api/v1/search?q=\\x22quoted\\x22 HTTP/1.1" 200 734 "-" "curl/8.5.0"',
        # a connection closed before any request, as nginx and Apache log it
        '192.0.2.77 - - [@T@] "" 400 0 "-" "-"',
        '192.0.2.78 - - [@T@] "-" 408 - "-" "-"',
        # a TLS handshake sent to the plain-HTTP port, as nginx logs it
        '203.0.113.200 - - [@T@] "\\x16\\x03\\x01\\x00\\xF7\\x01\\x00\\x00\\xF3\\x03\\x03\\xA5\\x1B" 400 157 "-" "-"',
        '2001:db8:ff::5 - - [@T@] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03" 400 157 "-" "-"',
        # a line cut short inside its referer (parsed, truncated); malformed:
        # junk from another program, an empty line
        '198.51.100.4 - - [@T@] "GET /static/js/main.8b2e44.js HTTP/1.1" 200 8812 "https://www.exa',
        'kernel: [842113.442] nginx[1187]: segfault at 0 ip 000055d0 sp 00007ffd error 4',
        '',
    ]
    # nginx's "$http_x_forwarded_for", and a request time, after the agent
    for xff in ('"198.51.100.201"', '"-"', '"203.0.113.5, 198.51.100.7"'):
        s.append(clf_line(rng, pool) + " " + xff)
    s.append(clf_line(rng, pool, 200) + ' "-" 0.004')
    s.append(clf_line(rng, pool, 502) + ' "192.0.2.44" 30.001')
    return s


def make_combined(rng):
    """combined.log: a busy morning on an nginx/Apache site, every oddity."""
    pool = clients(rng, 40)
    lines = [clf_line(rng, pool) for _ in range(300)]
    lines = place(rng, lines, combined_specials(rng, pool))
    lines = fill_times(rng, lines, dt.datetime(2024, 3, 12, 8, 0, 0), 60, 3 * 3600)
    i = rng.randint(1, len(lines) - 1)
    while not lines[i]:
        i += 1
    lines[i] += b"\r"     # one line appended by a tool that writes CRLF
    write("combined.log", join(lines))


def make_combined_gz(rng):
    """combined.log.2.gz: the day before, rotated and gzipped."""
    pool = clients(rng, 30)
    lines = [clf_line(rng, pool) for _ in range(180)]
    extra = [clf_line(rng, pool, c) for c in (499, 499, 444, 520, 522, 524, 209, "-")]
    extra.append('192.0.2.99 - - [@T@] "GET /index.html HTTP/1.1" 200 51')
    lines = fill_times(rng, place(rng, lines, extra),
                       dt.datetime(2024, 3, 11, 21, 0, 0), 60, 2 * 3600)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(join(lines))
    write("combined.log.2.gz", buf.getvalue())


def make_common(rng):
    """common.log: CLF without referer/agent; no newline after the last line."""
    pool = clients(rng, 25)
    lines = [clf_line(rng, pool, agent=False) for _ in range(110)]
    extra = [clf_line(rng, pool, c, agent=False) for c in (499, 444, 522, 299, "-", "000")]
    extra.append('192.0.2.14 - - [@T@] "GET /index.html HTTP/1.0" 200')
    lines = fill_times(rng, place(rng, lines, extra),
                       dt.datetime(2024, 3, 11, 22, 40, 0), -300, 2 * 3600)
    write("common.log", join(lines, final_newline=False))


def make_vhost(rng):
    """vhost_combined.log: Apache's vhost_combined, several virtual hosts."""
    pool = clients(rng, 30)
    hosts = ["www.example.com:443", "www.example.com:80", "api.example.net:443",
             "static.example.org:443"]
    lines = [clf_line(rng, pool, vhost=rng.choice(hosts)) for _ in range(140)]
    extra = [clf_line(rng, pool, c, vhost=rng.choice(hosts))
             for c in (520, 525, 499, 444, 432, "-")]
    extra.append('www.example.com:443 203.0.113.66 - - [@T@] "GET / HTTP/1.1" 301')
    lines = fill_times(rng, place(rng, lines, extra),
                       dt.datetime(2024, 3, 12, 6, 0, 0), 0, 2 * 3600)
    write("vhost_combined.log", join(lines))


IIS_FIELDS_1 = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username "
                "c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus "
                "sc-win32-status time-taken")
IIS_FIELDS_2 = ("date time s-sitename s-computername s-ip cs-method cs-uri-stem "
                "cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) "
                "cs(Cookie) cs(Referer) cs-host sc-status sc-substatus "
                "sc-win32-status sc-bytes cs-bytes time-taken")
IIS_REQUESTS = [
    ("GET", "/owa/", "-", (302, 0, 0)),
    ("GET", "/owa/auth/logon.aspx", "url=https%3a%2f%2fmail.example.com%2fowa%2f&reason=0", (200, 0, 0)),
    ("POST", "/owa/auth.owa", "-", (302, 0, 0)),
    ("POST", "/owa/service.svc", "action=GetItem&ID=-41&AC=1", (200, 0, 0)),
    ("POST", "/EWS/Exchange.asmx", "-", (200, 0, 0)),
    ("POST", "/Microsoft-Server-ActiveSync/default.eas", "Cmd=Ping&User=alice&DeviceId=ApplF2LXK0QK&DeviceType=iPhone", (200, 0, 0)),
    ("GET", "/ecp/", "-", (401, 1, 2148074254)),
    ("GET", "/autodiscover/autodiscover.xml", "-", (401, 2, 5)),
    ("GET", "/owa/scripts/boot.worker.js", "-", (304, 0, 0)),
    ("GET", "/aspnet_client/", "-", (404, 0, 2)),
]
IIS_RARE = [(440, 0, 0), (440, 0, 0), (449, 0, 0), (451, 0, 0), (500, 0, 0),
            (503, 0, 0), (403, 14, 0), (404, 0, 2), (500, 19, 13)]


def iis_line(rng, pool, fields2, status=None):
    method, stem, query, st = rng.choice(IIS_REQUESTS)
    if status:
        st = status
    addr, ua = rng.choice(pool)
    ua = ua.replace(" ", "+")
    ref = "-" if rng.random() < 0.7 else "https://mail.example.com/owa/"
    taken = rng.randint(0, 900)
    if not fields2:
        return "@D@ @H@ 192.0.2.10 %s %s %s 443 - %s %s %s %d %d %d %d" % (
            method, stem, query, addr, ua, ref, st[0], st[1], st[2], taken)
    user = "-" if st[0] in (401, 440) else "EXAMPLE\\alice"
    return ("@D@ @H@ W3SVC1 MAIL01 192.0.2.10 %s %s %s 443 %s %s HTTP/1.1 %s - %s "
            "mail.example.com %d %d %d %d %d %d") % (
        method, stem, query, user, addr, ua, ref, st[0], st[1], st[2],
        rng.randint(200, 40000), rng.randint(300, 2500), taken)


def make_iis(rng):
    """iis.log: IIS/Exchange W3C extended log; #Fields changes after a restart."""
    pool = clients(rng, 20)
    head = ["#Software: Microsoft Internet Information Services 10.0",
            "#Version: 1.0", "#Date: @D@ @H@"]
    part1 = [iis_line(rng, pool, False) for _ in range(60)]
    part1 = place(rng, part1, [iis_line(rng, pool, False, s) for s in IIS_RARE[:5]])
    part1.append("@D@ @H@ 192.0.2.10 GET /owa/ - 443 - 198.51.100.8 Mozilla/5.0+(Windows+NT")
    part2 = [iis_line(rng, pool, True) for _ in range(55)]
    part2 = place(rng, part2, [iis_line(rng, pool, True, s) for s in IIS_RARE[4:]])
    lines = (head + ["#Fields: " + IIS_FIELDS_1] + part1 + head +
             ["#Fields: " + IIS_FIELDS_2] + part2)
    lines = fill_times(rng, lines, dt.datetime(2024, 3, 12, 7, 0, 0), 0, 4 * 3600)
    write("iis.log", b"".join(l + b"\r\n" for l in lines))


def nginx_json(rng, pool, status=None, request=None, agent=None):
    addr, ua = rng.choice(pool)
    status = status_pick(rng) if status is None else status
    method, path, proto = request_for(rng, status)
    rec = [("time_local", "@T@"), ("remote_addr", addr), ("remote_user", ""),
           ("request", request or "%s %s %s" % (method, path, proto)),
           ("status", str(status)),
           ("body_bytes_sent", str(body_bytes(rng, status, path))),
           ("request_time", "%.3f" % rng.expovariate(20)),
           ("http_referer", rng.choice(["", "", "https://www.example.com/"])),
           ("http_user_agent", ua if agent is None else agent),
           ("http_x_forwarded_for", rng.choice(["", "", "", "198.51.100.201"]))]
    # nginx escapes '"', '\\' and bytes < 0x20; bytes >= 0x80 go out raw
    return "{" + ",".join('"%s":%s' % (k, json.dumps(v, ensure_ascii=False))
                          for k, v in rec) + "}"


def make_nginx_json(rng):
    """nginx-json.log: nginx log_format escape=json, status as a string."""
    pool = clients(rng, 30)
    lines = [nginx_json(rng, pool) for _ in range(150)]
    extra = [nginx_json(rng, pool, c) for c in (499, 499, 444, 504, 522, 299)]
    extra += [
        nginx_json(rng, pool, 200, request='GET /search?q="quoted" HTTP/1.1'),
        nginx_json(rng, pool, 400, request="\x16\x03\x01\x00\udcf7\x01"),   # raw 0xF7, as nginx leaves it
        nginx_json(rng, pool, 200, agent="Mozilla/5.0 \x1b[31mred\x1b[0m"),
        '{"time_local":"@T@","remote_addr":"192.0.2.61","remote_user":"","request":"GET /feed.xml HTTP/1.1","sta',
        "2024/03/12 09:14:07 [error] 1187#1187: *5521 upstream timed out (110: Connection timed out)",
    ]
    lines = fill_times(rng, place(rng, lines, extra),
                       dt.datetime(2024, 3, 12, 9, 0, 0), 60, 3 * 3600)
    write("nginx-json.log", join(lines))


def caddy_line(rng, pool, status=None):
    addr, ua = rng.choice(pool)
    status = status_pick(rng) if status is None else status
    if status in (444, 429):
        status = 200
    method, path, proto = request_for(rng, status)
    proto = rng.choice(["HTTP/2.0", "HTTP/2.0", "HTTP/1.1", "HTTP/3.0"])
    rec = {"level": "error" if isinstance(status, int) and status >= 500 else "info",
           "ts": "@TS@", "logger": "http.log.access.log0", "msg": "handled request",
           "request": {"remote_ip": addr, "remote_port": str(rng.randint(1024, 65535)),
                       "client_ip": addr, "proto": proto, "method": method,
                       "host": "www.example.com", "uri": path,
                       "headers": {"User-Agent": [ua], "Accept": ["*/*"],
                                   "Accept-Encoding": ["gzip, deflate, br"]},
                       "tls": {"resumed": False, "version": 772, "cipher_suite": 4865,
                               "proto": "h2", "server_name": "www.example.com"}},
           "bytes_read": 0, "user_id": "",
           "duration": round(rng.expovariate(30), 9),
           "size": body_bytes(rng, status, path), "status": status,
           "resp_headers": {"Server": ["Caddy"], "Alt-Svc": ['h3=":443"; ma=2592000']}}
    return json.dumps(rec, separators=(",", ":")).replace('"@TS@"', "@TS@")


def make_caddy(rng):
    """caddy.log: Caddy v2 JSON access log, status as a number."""
    pool = clients(rng, 30)
    lines = [caddy_line(rng, pool) for _ in range(120)]
    lines = place(rng, lines, [caddy_line(rng, pool, c) for c in (499, 502, 502, 503, 0)])
    lines = ['{"level":"info","ts":@TS@,"logger":"tls.cache.maintenance","msg":"started background certificate maintenance","cache":"0xc0004d2a80"}',
             '{"level":"info","ts":@TS@,"msg":"serving initial configuration"}'] + lines
    lines = fill_times(rng, lines, dt.datetime(2024, 3, 12, 10, 0, 0), 0, 2 * 3600)
    write("caddy.log", join(lines))


def haproxy_line(rng, pool, status=None, how=None):
    """One HAProxy "option httplog" line; how = (server, timers, state, request)."""
    addr, ua = rng.choice(pool)
    status = status_pick(rng) if status is None else status
    if status in (444, 499):    # nginx never answers those: HAProxy sees no status
        status = 200
    method, path, proto = request_for(rng, status)
    if how is None:
        tr = rng.randint(1, 300)
        how = ("web/web%d" % rng.randint(1, 3),
               "0/0/%d/%d/%d" % (rng.randint(0, 3), tr, tr + rng.randint(0, 5)),
               "----", '"%s %s %s"' % (method, path, proto))
        size = body_bytes(rng, status, path)
    else:
        size = rng.randint(150, 250)
    server, timers, state, req = how
    capture = "{www.example.com|%s} " % ua[:60] if rng.random() < 0.3 else ""
    conns = rng.randint(1, 40)
    return ("@SY@ lb1 haproxy[2211]: %s:%d [@HA@] https-in~ %s %s %s %d - - %s "
            "%d/%d/%d/%d/0 0/0 %s%s") % (
        addr, rng.randint(1024, 65535), server, timers, status,
        size if status != -1 else 0, state,
        conns, conns, max(0, conns - 2), rng.randint(0, 5), capture, req)


def make_haproxy(rng):
    """haproxy.log: HAProxy HTTP logs through syslog, with its own states."""
    pool = clients(rng, 30)
    lines = [haproxy_line(rng, pool) for _ in range(110)]
    extra = [
        haproxy_line(rng, pool, 503, ("web/<NOSRV>", "0/-1/-1/-1/0", "SC--", '"GET / HTTP/1.1"')),
        haproxy_line(rng, pool, 504, ("web/web2", "0/0/1/-1/30001", "sH--", '"POST /api/v1/orders HTTP/1.1"')),
        haproxy_line(rng, pool, 400, ("https-in/<NOSRV>", "-1/-1/-1/-1/0", "PR--", '"<BADREQ>"')),
        haproxy_line(rng, pool, 408, ("https-in/<NOSRV>", "-1/-1/-1/-1/5001", "cR--", '"<BADREQ>"')),
        haproxy_line(rng, pool, 429, ("https-in/<NOSRV>", "0/-1/-1/-1/0", "PR--", '"GET /api/v1/search?q=a HTTP/1.1"')),
        haproxy_line(rng, pool, -1, ("web/web1", "0/0/0/-1/1520", "CD--", '"GET /videos/intro.mp4 HTTP/1.1"')),
        haproxy_line(rng, pool, 502, ("web/web3", "0/0/0/-1/12", "SH--", '"GET /dashboard HTTP/1.1"')),
        "@SY@ lb1 haproxy[2211]: Server web/web3 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 2 active and 0 backup servers left.",
        "@SY@ lb1 haproxy[2211]: Server web/web3 is UP, reason: Layer4 check passed, check duration: 0ms.",
    ]
    lines = place(rng, lines, extra)
    t = dt.datetime(2024, 3, 12, 9, 0, 0)
    out = []
    for line in lines:
        t += dt.timedelta(seconds=rng.expovariate(1 / 40.0))
        sy = "%s %2d %s" % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"))
        ha = t.strftime("%d/%b/%Y:%H:%M:%S") + ".%03d" % (t.microsecond // 1000)
        out.append(line.replace("@SY@", sy).replace("@HA@", ha).encode())
    write("haproxy.log", join(out))


def hostile_specials():
    """Lines written by an attacker (combined format), as raw bytes."""
    e = b"\x1b"
    ok = b'"GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"'
    return [
        # terminal injection: OSC title + BEL, clear screen, C1 CSI (UTF-8 and raw)
        b'203.0.113.66 - - [@T@] "GET /' + e + b'[2J' + e + b']0;pwned\x07 HTTP/1.1" 404 153 "-" "' + e + b']0;pwned\x07' + e + b'[2J"',
        b'203.0.113.66 - - [@T@] "GET /\xc2\x9b31mred HTTP/1.1" 404 153 "-" "Mozilla/5.0 \xc2\x9b2J\x9b0m"',
        b'203.0.113.67 - - [@T@] "GET /' + e + b'[1;31mALERT' + e + b'[0m HTTP/1.1" 200 77 "' + e + b']8;;http://198.51.100.1/\x07click' + e + b']8;;\x07" "sqlmap/1.8#stable (https://sqlmap.org)"',
        # NUL bytes, invalid UTF-8 (stray continuation, overlong, cut sequence)
        b'203.0.113.68 - - [@T@] "GET /a\x00b HTTP/1.1" 200 10 "-" "nul\x00agent"',
        b'203.0.113.69 - - [@T@] "GET /\xff\xfe\x80 HTTP/1.1" 400 0 "-" "\xc0\xaf\xe2\x82"',
        b'203.0.113.70 - - [@T@] "GET /caf\xc3\xa9?q=\xe2\x9c\x93 HTTP/1.1" 200 512 "-" "Mozilla/5.0 \xe6\x97\xa5\xe6\x9c\xac"',
        # a bare CR inside a field (not a line end)
        b'203.0.113.71 - - [@T@] "GET /cr HTTP/1.1" 200 5 "-" "agent\rwith CR"',
        # statuses that are not three digits (parsed, status invalid)
        b'203.0.113.72 - - [@T@] "GET / HTTP/1.1" 2000000000 0 "-" "curl/8.5.0"',
        b'203.0.113.72 - - [@T@] "GET / HTTP/1.1" -200 0 "-" "curl/8.5.0"',
        b'203.0.113.72 - - [@T@] "GET / HTTP/1.1" +200 0 "-" "curl/8.5.0"',
        b'203.0.113.72 - - [@T@] "GET / HTTP/1.1" 0200 0 "-" "curl/8.5.0"',
        b'203.0.113.72 - - [@T@] "GET / HTTP/1.1" 2OO 0 "-" "curl/8.5.0"',
        # a status with a space in it: the fields no longer line up (malformed)
        b'203.0.113.72 - - [@T@] "GET / HTTP/1.1" 20 0 612 "-" "curl/8.5.0"',
        # absurd dates (parsed: the status is there, the time is not usable)
        b'203.0.113.73 - - [99/Foo/0000:99:99:99 +9999] ' + ok,
        b'203.0.113.73 - - [31/Feb/2024:25:61:61 +0000] ' + ok,
        b'203.0.113.73 - - [12/Mar/2024:10:00:00] ' + ok,
        b'203.0.113.73 - - [@T@' + b'] ' + ok.replace(b"200", b"503", 1),
        # quotes: escaped ones inside fields (parsed), unbalanced ones
        # (malformed; the last one ends inside the agent: parsed, truncated)
        b'203.0.113.74 - - [@T@] "GET /a\\"b HTTP/1.1" 200 3 "-" "x \\"y\\" z"',
        b'203.0.113.74 - - [@T@] "GET /dir\\\\ HTTP/1.1" 200 3 "-" "ends with backslash\\\\"',
        b'203.0.113.75 - - [@T@] "GET /unbalanced HTTP/1.1 200 612 "-" "curl/8.5.0"',
        b'203.0.113.75 - - [@T@] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0 "evil',
        b'203.0.113.75 - - [@T@] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0\\"',
        # junk: spaces only, a lone quote, a bracket, binary
        b'   ', b'"', b'[', b'\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
        b'', b'',
    ]


def make_hostile(rng):
    """hostile.log: what strangers put in logs; every line still counted."""
    pool = clients(rng, 15)
    lines = [clf_line(rng, pool).encode() for _ in range(40)]
    long_agent = b"Mozilla/5.0 " + b"A" * (100 * 1024)
    long_line = b'198.51.100.80 - - [@T@] "GET /search?q=' + b"x" * 2000 + \
        b' HTTP/1.1" 414 0 "-" "' + long_agent + b'"'
    lines = place(rng, lines, hostile_specials() + [long_line])
    lines = fill_times(rng, lines, dt.datetime(2024, 3, 12, 11, 0, 0), 540, 3600)
    write("hostile.log", join(lines))


def duration_ms(rng, status):
    """A realistic response time in ms: most fast, a slow tail, 504s at the
    proxy's 60 s timeout, 499s when the client gave up."""
    if status == 504:
        return 60000 + rng.randint(0, 20)
    if status == 499:
        return rng.randint(2000, 30000)
    if status in (304, 301, 302, 444):
        return rng.randint(0, 3)
    if rng.random() < 0.9:
        return int(rng.lognormvariate(3.3, 0.8))      # ~27 ms median
    return rng.randint(300, 4000)


def upstream_ms(rng, status, request_ms):
    """$upstream_response_time: "-" without an upstream, a list after a retry."""
    if status in (304, 301, 302, 444, 499) or rng.random() < 0.1:
        return "-"
    if status == 502:                                  # tried two upstreams
        first = rng.randint(1, 5)
        return "%.3f, %.3f" % (first / 1000, max(0, request_ms - first - 1) / 1000)
    return "%.3f" % (max(0, request_ms - rng.randint(0, 3)) / 1000)


def make_nginx_timed(rng):
    """nginx-timed.log: log_format timed '... "$http_user_agent" $request_time
    $upstream_response_time' (seconds, ms resolution)."""
    pool = clients(rng, 30)
    lines = []
    for i in range(240):
        status = 504 if i % 60 == 7 else 502 if i % 60 == 31 else status_pick(rng)
        ms = duration_ms(rng, status)
        lines.append(clf_line(rng, pool, status) + " %.3f %s" % (ms / 1000, upstream_ms(rng, status, ms)))
    lines = fill_times(rng, lines, dt.datetime(2024, 3, 12, 14, 0, 0), 60, 2 * 3600)
    write("nginx-timed.log", join(lines))


def make_apache_timed(rng):
    """apache-timed.log: LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\"
    \\"%{User-Agent}i\\" %D" (microseconds)."""
    pool = clients(rng, 30)
    lines = []
    for i in range(200):
        status = 504 if i % 50 == 11 else status_pick(rng)
        us = duration_ms(rng, status) * 1000 + rng.randint(0, 999)
        lines.append(clf_line(rng, pool, status) + " %d" % us)
    lines = fill_times(rng, lines, dt.datetime(2024, 3, 12, 9, 30, 0), 120, 90 * 60)
    write("apache-timed.log", join(lines))


def main():
    rng = random.Random(SEED)
    for make in (make_combined, make_combined_gz, make_common, make_vhost,
                 make_iis, make_nginx_json, make_caddy, make_haproxy, make_hostile,
                 make_nginx_timed, make_apache_timed):
        make(rng)


if __name__ == "__main__":
    main()
