#!/usr/bin/env python3
"""gen_jsonl.py N [SEED]: writes N lines of an nginx log_format escape=json
access log to stdout (the field set of samples/nginx-json.log), for
measuring the JSON-lines parser. Deterministic for a seed; about one line
in 200 carries an escaped quote or \\u escape in the user agent."""
import random
import sys

n = int(sys.argv[1])
rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
paths = ["/", "/docs/install", "/api/v1/orders?status=open&page=2&per_page=50",
         "/static/app.3f9c1.js", "/actuator/env", "/login", "/favicon.ico",
         "/images/logo.png", "/blog/2024/03/statusmon-release", "/wp-login.php"]
agents = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "curl/8.5.0", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"]
statuses = ["200"] * 12 + ["301", "304", "404", "404", "499", "500", "502", "503"]
methods = ["GET"] * 8 + ["POST", "HEAD"]
out = sys.stdout
sec = 0
for i in range(n):
    sec += rnd.random() < 0.05
    h, m, s = (sec // 3600) % 24, (sec // 60) % 60, sec % 60
    ua = rnd.choice(agents)
    if rnd.random() < 0.005:
        ua = ua + ' \\"quoted\\" \\u00e9'
    ip = "192.0.2.%d" % rnd.randrange(1, 255) if rnd.random() < 0.8 else \
         "2001:db8::%x" % rnd.randrange(1, 65535)
    out.write('{"time_local":"12/Mar/2024:%02d:%02d:%02d +0100","remote_addr":"%s",'
              '"remote_user":"","request":"%s %s HTTP/1.1","status":"%s",'
              '"body_bytes_sent":"%d","request_time":"%.3f","http_referer":"%s",'
              '"http_user_agent":"%s","http_x_forwarded_for":""}\n'
              % (h, m, s, ip, rnd.choice(methods), rnd.choice(paths), rnd.choice(statuses),
                 rnd.randrange(0, 50000), rnd.random() / 5,
                 "https://www.example.com/" if rnd.random() < 0.3 else "", ua))
