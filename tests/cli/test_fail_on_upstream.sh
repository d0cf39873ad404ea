#!/usr/bin/env bash
# test_fail_on_upstream.sh: --fail-on='p99up(5xx)>1s' compares the upstream
# time's quantile ($upstream_response_time, lists summed), not the request
# time's. An nginx log whose 5xx spend long in nginx but little upstream:
# the rule exits 3 just above the measured upstream p99 and 0 just below,
# its JSON p99 is within 4.4% of the exact nearest rank computed here, and
# a threshold between the two quantiles trips the request rule only.
. "$(dirname "$0")/../lib.sh"

fmt='--format=$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time'
log="$TMP/nginx.log"
python3 - "$log" <<'PY'
import random, sys
rng = random.Random(16)
with open(sys.argv[1], "w") as f:
    for i in range(400):
        code = 502 if i % 4 == 0 else 200
        up_ms = [rng.randrange(5, 900) for _ in range(1 + (i % 8 == 0))]
        req_ms = sum(up_ms) + (rng.randrange(1500, 3000) if code == 502 else 3)
        ups = ", ".join("%.3f" % (m / 1000) for m in up_ms)
        f.write('192.0.2.%d - - [10/Oct/2023:13:55:%02d +0000] "GET /a HTTP/1.1" %d 9 "-" "curl" %.3f %s\n'
                % (i % 250, i % 60, code, req_ms / 1000, ups))
PY
"$STATUSMON" --report=json "$fmt" "$log" >"$TMP/a.json"
read -r p99up p99req < <(python3 - "$TMP/a.json" "$log" <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
c = d["latency"]["classes"]["5xx"]
ups = sorted(sum(float(x) for x in l.split('"curl" ')[1].split(" ", 1)[1].split(","))
             for l in open(sys.argv[2]) if " 502 " in l)
exact = ups[math.ceil(0.99 * len(ups)) - 1]
got = c["upstream"]["p99"]
assert abs(got - exact) <= 0.0443 * exact, (got, exact)
assert c["upstream"]["count"] == len(ups) == 100, c["upstream"]["count"]
print(got, c["request"]["p99"])
PY
) && pass || fail "upstream p99 against the exact sort"
below=$(python3 -c 'import sys; print("%.6f" % (float(sys.argv[1]) * 0.999))' "$p99up")
above=$(python3 -c 'import sys; print("%.6f" % (float(sys.argv[1]) * 1.001))' "$p99up")
expect_exit "p99up(5xx) just below the measured value: holds" 3 \
	"$STATUSMON" "$fmt" --fail-on="p99up(5xx)>${below}s" "$log"
expect_contains "named with its measured value" "p99up(5xx)>${below}s' holds: measured" "$(cat "$TMP/err")"
expect_exit "p99up(5xx) just above: does not hold" 0 \
	"$STATUSMON" "$fmt" --fail-on="p99up(5xx)>${above}s" "$log"
mid=$(python3 -c 'import sys; print("%.3f" % ((float(sys.argv[1]) + float(sys.argv[2])) / 2))' "$p99up" "$p99req")
expect_exit "between the quantiles: the upstream rule does not hold" 0 \
	"$STATUSMON" "$fmt" --fail-on="P99UP(502)>${mid}s" "$log"
expect_exit "between the quantiles: the request rule holds" 3 \
	"$STATUSMON" "$fmt" --fail-on="p99(502)>${mid}s" "$log"
printf '192.0.2.1 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 9 %s\n' 1500 250000 >"$TMP/apache.log"
expect_exit "with request times only, p50(2xx)>=0s holds" 3 \
	"$STATUSMON" '--format=%h %l %u %t "%r" %>s %b %D' --fail-on='p50(2xx)>=0s' "$TMP/apache.log"
expect_exit "without upstream times, p50up(2xx)>=0s never holds" 0 \
	"$STATUSMON" '--format=%h %l %u %t "%r" %>s %b %D' --fail-on='p50up(2xx)>=0s' "$TMP/apache.log"
expect_exit "p99upx is a usage error" 2 "$STATUSMON" --fail-on='p99upx(5xx)>1s' "$log"
expect_contains "the message shows the spelling" "p99up(5xx)>1s" "$(cat "$TMP/err")"
finish
