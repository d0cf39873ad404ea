#!/usr/bin/env bash
# test_metrics_labels.sh: --metrics-label=vhost,method on /metrics over a
# log of 100k distinct vhosts (labels_check.py): at most N+1 label values,
# the busy vhosts (hostile bytes among them, escaped) exactly equal to an
# independent count, a vhost that turns busy later gets a place, "other"
# holds the rest and every sum equals the lines written; promtool accepts
# the page; bad option values are refused.
source "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 0; }
CHECK="python3 $(dirname "$0")/labels_check.py"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

expect_exit "--metrics-label=path refused" 2 "$STATUSMON" --listen="127.0.0.1:$PORT" \
	--metrics-label=path "$SAMPLES/vhost_combined.log"
expect_exit "--metrics-max-values=0 refused" 2 "$STATUSMON" --listen="127.0.0.1:$PORT" \
	--metrics-label=vhost --metrics-max-values=0 "$SAMPLES/vhost_combined.log"
expect_exit "--metrics-label without --listen refused" 2 "$STATUSMON" --metrics-label=vhost \
	"$SAMPLES/vhost_combined.log"

$CHECK gen "$TMP/access.log" >"$TMP/counts.json"
"$STATUSMON" --listen="127.0.0.1:$PORT" --from-start --metrics-label=vhost \
	--metrics-label=method --metrics-max-values=16 "$TMP/access.log" >"$TMP/sm.out" 2>"$TMP/sm.err" &
pid=$!
if $CHECK check "http://127.0.0.1:$PORT/metrics" "$TMP/counts.json" 16 >"$TMP/check.out" 2>&1; then
	pass
else
	fail "labels: $(cat "$TMP/check.out") $(cat "$TMP/sm.err")"
fi
cat "$TMP/check.out"
if command -v promtool >/dev/null 2>&1; then
	python3 -c "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:$PORT/metrics').read().decode())" >"$TMP/m.txt"
	expect_exit "promtool check metrics" 0 promtool check metrics <"$TMP/m.txt"
fi
kill -TERM "$pid"
wait "$pid"
expect_eq "exit status after SIGTERM" 0 $?
pid=
finish
