#!/usr/bin/env bash
# test_serve_hostile.sh: statusmon --listen against hostile clients. 200
# idle connections (from 127.0.0.2) and a client sending one byte per
# second (127.0.0.3) must not keep a scrape from 127.0.0.1 waiting (each
# scrape answers within 1 s while they hold on), counting goes on
# meanwhile, a request line or a header of 8 KiB or more is refused, and a
# log of 100,000 distinct hostile vhosts adds no series (no label is ever
# keyed by log text). The server is stopped by its PID.
source "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 0; }
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$pid" ] && wait "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$TMP/vhost.log
: >"$LOG"
"$STATUSMON" --listen="127.0.0.1:$PORT" --format=vhost_combined "$LOG" >"$TMP/out" 2>"$TMP/err" &
pid=$!

python3 - "$PORT" "$LOG" >"$TMP/py.out" 2>&1 <<'EOF'
import socket, sys, time, threading
port, log = int(sys.argv[1]), sys.argv[2]
fails = []

def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)

def http(req, src="127.0.0.1", timeout=5):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(src, 0))
    s.sendall(req)
    data = b""
    while True:
        try:
            b = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not b:
            break
        data += b
    s.close()
    return data

def scrape():
    t0 = time.monotonic()
    r = http(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return r, time.monotonic() - t0

def counted(body):
    for line in body.decode().splitlines():
        if line.startswith('statusmon_log_lines_total{outcome="counted"}'):
            return int(line.split()[-1])
    return None

for _ in range(100):
    try:
        scrape(); break
    except OSError:
        time.sleep(0.1)

# 200 idle connections and a one-byte-per-second client
idle = []
for _ in range(200):
    try:
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=2,
                                             source_address=("127.0.0.2", 0)))
    except OSError:
        pass
stop = threading.Event()
def slow():
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2, source_address=("127.0.0.3", 0))
        for ch in b"GET /metrics HTTP/1.1\r\nHost: x\r\n":
            if stop.is_set():
                break
            s.sendall(bytes([ch]))
            time.sleep(1)
        s.close()
    except OSError:
        pass
t = threading.Thread(target=slow); t.start()
line = '%s:80 192.0.2.1 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "x"\n'
worst = 0
with open(log, "a") as f:
    for i in range(5):
        f.write("".join(line % ("v%d.example" % (i * 100 + k)) for k in range(100)))
        f.flush()
        time.sleep(1)
        r, dt = scrape()
        worst = max(worst, dt)
        check("scrape %d under attack answered 200" % i, r.startswith(b"HTTP/1.1 200"))
check("scrapes under attack within 1 s (worst %.3f s)" % worst, worst < 1.0)
r, _ = scrape()
check("counting went on: 500 lines counted, got %s" % counted(r.split(b"\r\n\r\n", 1)[1]),
      counted(r.split(b"\r\n\r\n", 1)[1]) == 500)
stop.set(); t.join()
for s in idle:
    s.close()

# 8 KiB+ request line and header refused
r = http(b"GET /metrics?" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
check("9000-byte request line refused (%r)" % r[:40], not r.startswith(b"HTTP/1.1 200"))
r = http(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n")
check("9000-byte header refused (%r)" % r[:40], not r.startswith(b"HTTP/1.1 200"))
r, _ = scrape()
check("still serving after them", r.startswith(b"HTTP/1.1 200"))

# 100,000 distinct hostile vhosts: no series more
series0 = sum(1 for l in r.split(b"\r\n\r\n", 1)[1].decode().splitlines() if l and l[0] != "#")
evil = '%s:80 192.0.2.1 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 404 1 "-" "x"\n'
with open(log, "a", encoding="latin-1") as f:
    for i in range(100000):
        f.write(evil % ('h%d"}\\\x1b\xff' % i))
for _ in range(100):
    r, _ = scrape()
    body = r.split(b"\r\n\r\n", 1)[1].decode()
    if counted(r.split(b"\r\n\r\n", 1)[1]) == 100500:
        break
    time.sleep(0.2)
check("100,000 hostile vhost lines counted", counted(r.split(b"\r\n\r\n", 1)[1]) == 100500)
series = sum(1 for l in body.splitlines() if l and l[0] != "#")
check("series bounded: %d before, %d after (one new code)" % (series0, series), series == series0 + 1)
check("no vhost text in the exposition", "h99999" not in body and "example" not in body)
sys.exit(1 if fails else 0)
EOF
rc=$?
cat "$TMP/py.out"
expect_eq "hostile clients" 0 "$rc"
kill -TERM "$pid"
wait "$pid"
expect_eq "exit after SIGTERM" 0 $?
pid=""
finish
