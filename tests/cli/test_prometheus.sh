#!/usr/bin/env bash
# test_prometheus.sh: statusmon against a real Prometheus and node_exporter
# (Debian's prometheus and prometheus-node-exporter; SKIP without them).
# statusmon --listen follows a log that already holds lines (not counted:
# files are read from their end), a generated log with vendor, unassigned
# and invalid codes is appended, and Prometheus (scraping every second,
# OpenMetrics) must hold exactly the independent count; a textfile written
# by --report=prometheus, read by node_exporter, must equal the batch JSON
# report. promtool checks both outputs. Everything listens on 127.0.0.1 on
# free ports and every process is stopped by its PID.
source "$(dirname "$0")/../lib.sh"
PROMETHEUS=${PROMETHEUS:-/usr/bin/prometheus}
NODE_EXPORTER=${NODE_EXPORTER:-/usr/bin/prometheus-node-exporter}
for b in "$PROMETHEUS" "$NODE_EXPORTER" promtool python3 curl; do
	if ! command -v "$b" >/dev/null 2>&1; then
		echo "SKIP: $b not installed (Debian: prometheus prometheus-node-exporter curl)"
		exit 0
	fi
done
CHECK="python3 $(dirname "$0")/prom_check.py"
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
P_SM=$(free_port); P_NODE=$(free_port); P_PROM=$(free_port)
LOG=$TMP/access.log
mkdir -p "$TMP/textfile" "$TMP/data"
$CHECK gen "$LOG" 500 >"$TMP/old.json"   # there before statusmon starts

"$STATUSMON" --listen="127.0.0.1:$P_SM" "$LOG" >"$TMP/sm.out" 2>"$TMP/sm.err" &
pids+=($!)
SM_PID=$!
$CHECK wait "http://127.0.0.1:$P_SM/metrics" 10 || fail "statusmon --listen did not answer"

"$NODE_EXPORTER" --web.listen-address="127.0.0.1:$P_NODE" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$TMP/textfile" \
	>"$TMP/node.log" 2>&1 &
pids+=($!)
cat >"$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: statusmon
    static_configs: [{targets: ['127.0.0.1:$P_SM']}]
  - job_name: node
    static_configs: [{targets: ['127.0.0.1:$P_NODE']}]
EOF
"$PROMETHEUS" --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
	--web.listen-address="127.0.0.1:$P_PROM" >"$TMP/prom.log" 2>&1 &
pids+=($!)
$CHECK wait "http://127.0.0.1:$P_PROM/-/ready" 30 || fail "prometheus did not start: $(tail -5 "$TMP/prom.log")"

$CHECK gen "$LOG" 5000 >"$TMP/new.json"
# the nightly textfile: every line of the log, old and new; a --fail-on
# rule that holds (exit 3) still writes it
expect_exit "report=prometheus with a rule that holds" 3 "$STATUSMON" --report=prometheus \
	--fail-on='5xx>1%' --fail-on='1xx>0' -o "$TMP/textfile/nightly.prom" "$LOG"
expect_exit "the same run as JSON" 3 "$STATUSMON" --fail-on='5xx>1%' -o "$TMP/report.json" "$LOG"
expect_eq "no temporary file left beside the .prom" "nightly.prom" "$(ls "$TMP/textfile")"

if ! $CHECK check "http://127.0.0.1:$P_PROM" "http://127.0.0.1:$P_SM" "$TMP/new.json" \
	"$TMP/report.json" >"$TMP/check.out" 2>&1; then
	fail "Prometheus' view: $(cat "$TMP/check.out")"
else
	pass
fi
cat "$TMP/check.out"

curl -s "http://127.0.0.1:$P_SM/metrics" >"$TMP/live.txt"
expect_exit "promtool check metrics on /metrics" 0 promtool check metrics <"$TMP/live.txt"
expect_exit "promtool check metrics on the textfile" 0 promtool check metrics \
	<"$TMP/textfile/nightly.prom"
expect_not_contains "no path label" "/p1" "$(cat "$TMP/live.txt" "$TMP/textfile/nightly.prom")"
expect_eq "HEAD /metrics" "200" "$(curl -s -o /dev/null -w '%{http_code}' -I "http://127.0.0.1:$P_SM/metrics")"
expect_eq "POST /metrics" "405" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$P_SM/metrics")"
expect_eq "GET /nope" "404" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P_SM/nope")"
expect_contains "landing page" 'href="/metrics"' "$(curl -s "http://127.0.0.1:$P_SM/")"

# SIGTERM: a clean stop, exit 0
kill -TERM "$SM_PID"
wait "$SM_PID"
expect_eq "statusmon exit status after SIGTERM" 0 $?
expect_eq "nothing on stdout" "" "$(cat "$TMP/sm.out")"
finish
