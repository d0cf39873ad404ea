# tests/tui/tui_lib.sh: helpers for the tmux-driven TUI tests (sourced by
# tests/tui/test_*.sh, after tests/lib.sh). Each test gets a private tmux
# server (socket $TMP/tmux.sock, no config) that is killed on exit and whose
# socket goes with $TMP, a shell
# in a pane of fixed size with a known prompt, and polling waits with a
# deadline instead of sleeps.
. "$SM_SOURCE_DIR/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "FAIL: tmux is not installed (Debian package tmux)" >&2
	exit 1
fi
unset TMUX TMUX_PANE
TUI_SOCKET="$TMP/tmux.sock"
TUI_WAIT=${TUI_WAIT:-10}     # seconds before a wait gives up
trap 'tmux -S "$TUI_SOCKET" kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT

tm() { tmux -S "$TUI_SOCKET" -f /dev/null "$@"; }

# tui_session WIDTH HEIGHT: a bash with prompt "sm$ " in $TMP, TERM=screen.
tui_session() {
	tm new-session -d -s t -x "$1" -y "$2" -c "$TMP" \
		"env -i PATH=\"$PATH\" HOME=\"$TMP\" TERM=screen LC_ALL=${LC_ALL:-C.UTF-8} \
		 PS1='sm\$ ' bash --norc --noprofile -i" || { fail "tmux new-session"; return 1; }
	tm set-option -t t status off >/dev/null
	tui_wait 'sm\$' || fail "no shell prompt in the tmux pane"
}

# tui_type TEXT: types a command line into the pane and presses Enter.
tui_type() { tm send-keys -t t -l "$1"; tm send-keys -t t Enter; }
# tui_keys KEY...: tmux key names (q, Enter, Escape, Down, C-c ...).
tui_keys() { tm send-keys -t t "$@"; }

# tui_screen: the pane as text; tui_screen_e: with attributes (SGR).
tui_screen() { tm capture-pane -p -t t; }
tui_screen_e() { tm capture-pane -p -e -t t; }

# tui_wait ERE [SECONDS]: polls the screen until a line matches.
tui_wait() {
	local deadline=$(( $(date +%s) + ${2:-$TUI_WAIT} ))
	while [ "$(date +%s)" -le "$deadline" ]; do
		tui_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# tui_wait_gone ERE [SECONDS]: polls until no line matches.
tui_wait_gone() {
	local deadline=$(( $(date +%s) + ${2:-$TUI_WAIT} ))
	while [ "$(date +%s)" -le "$deadline" ]; do
		tui_screen | grep -Eq -- "$1" || return 0
		sleep 0.1
	done
	return 1
}

# expect_screen WHAT ERE: waits for ERE; on failure shows the screen.
expect_screen() {
	if tui_wait "$2"; then pass; else
		fail "$1: /$2/ never appeared; screen:"
		tui_screen | sed 's/^/    | /' >&2
	fi
}

# row_count KEY: the COUNT column of the row whose first word is KEY
# ("200", "499", "2xx"): the number just before the "%" column.
row_count() {
	tui_screen | awk -v k="$1" '$1 == k {
		for (i = 2; i <= NF; i++) if ($i ~ /%$/) { print $(i - 1); exit } }'
}

# expect_count WHAT KEY N: waits until row KEY shows count N.
expect_count() {
	local deadline=$(( $(date +%s) + TUI_WAIT )) got=
	while [ "$(date +%s)" -le "$deadline" ]; do
		got=$(row_count "$2")
		[ "$got" = "$3" ] && { pass; return 0; }
		sleep 0.1
	done
	fail "$1: row $2 count is [$got], expected [$3]; screen:"
	tui_screen | sed 's/^/    | /' >&2
}

# log_lines N STATUS PATH [CLIENT] [AGENT]: N combined-format lines, now.
log_lines() {
	local now i
	now=$(LC_ALL=C date -u '+%d/%b/%Y:%H:%M:%S +0000')
	for ((i = 0; i < $1; i++)); do
		printf '%s - - [%s] "GET %s HTTP/1.1" %s 512 "-" "%s"\n' \
			"${4:-192.0.2.10}" "$now" "$3" "$2" "${5:-curl/8.0}"
	done
}

# tui_run_line CMD [STATUS]: the command line the tests type: remembers
# the tty state, runs CMD, then prints its exit status (STATUS, default $?;
# ${PIPESTATUS[1]} for a pipeline) and whether the terminal modes came back
# unchanged.
tui_run_line() {
	printf 's0=$(stty -g); %s; echo EXIT=%s; [ "$(stty -g)" = "$s0" ] && echo TTY=same || echo TTY=changed' \
		"$1" "${2:-\$?}"
}

# select_code KEY: moves the selection to the status row whose first word
# is KEY (all rows must be visible) and waits until the title shows it.
select_code() {
	local idx i
	idx=$(tui_screen | awk -v k="$1" '/^ *TIMELINE/ { f = 0 }
		f && NF { if ($1 == k) { print n; exit } n++ }
		/^ *CODE +REASON/ { f = 1 }')
	if [ -z "$idx" ]; then
		fail "select_code: no row $1"
		return 1
	fi
	tui_keys g
	for ((i = 0; i < idx; i++)); do tui_keys j; done
	expect_screen "row $1 selected" "REASON +$((idx + 1))/[0-9]+ by "
}

# expect_clean_exit WHAT: after q, the shell reports exit 0, unchanged tty
# modes, and runs a new command.
expect_clean_exit() {
	expect_screen "$1: exit status" '^EXIT=0'
	expect_screen "$1: terminal modes restored" '^TTY=same'
	tui_type 'echo SHELL_$((6*7))'
	expect_screen "$1: shell usable afterwards" '^SHELL_42$'
}

# log_lines_at N STATUS PATH DATE-SPEC: like log_lines, stamped at
# `date -d DATE-SPEC` ("-1 hour").
log_lines_at() {
	local t i
	t=$(LC_ALL=C date -u -d "$4" '+%d/%b/%Y:%H:%M:%S +0000')
	for ((i = 0; i < $1; i++)); do
		printf '192.0.2.10 - - [%s] "GET %s HTTP/1.1" %s 512 "-" "curl/8.0"\n' "$t" "$3" "$2"
	done
}

# steady_writer FILE RATE STATUS: appends combined lines stamped now to FILE
# at RATE lines a second on a fixed schedule (a late tick catches up, so
# the average rate is exact), in the background; its PID in WRITER_PID.
steady_writer() {
	python3 - "$1" "$2" "$3" <<'PY' &
import sys, time
path, rate, status = sys.argv[1], float(sys.argv[2]), sys.argv[3]
tick = 0.05
per_tick = rate * tick
start = time.monotonic()
written = 0
with open(path, "a") as f:
    while True:
        due = int((time.monotonic() - start) / tick * per_tick)
        now = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        while written < due:
            f.write('192.0.2.10 - - [%s] "GET /steady HTTP/1.1" %s 512 "-" "w"\n' % (now, status))
            written += 1
        f.flush()
        time.sleep(tick)
PY
	WRITER_PID=$!
}

# class_share CLASS: the % column of a class row ("5xx") as a number.
class_share() {
	tui_screen | awk -v k="$1" '$1 == k { for (i = 2; i <= NF; i++)
		if ($i ~ /%$/) { sub(/%$/, "", $i); print $i; exit } }'
}

# row_rate KEY: the RATE/s column of row KEY (the field after the %).
row_rate() {
	tui_screen | awk -v k="$1" '$1 == k { for (i = 2; i <= NF; i++)
		if ($i ~ /%$/) { print $(i + 1); exit } }'
}

# within_pct GOT WANT PCT: true when |GOT - WANT| <= PCT% of WANT.
within_pct() {
	awk -v g="$1" -v w="$2" -v p="$3" 'BEGIN { d = g - w; if (d < 0) d = -d;
		exit !(g != "" && d <= w * p / 100) }'
}

# waited_ms START_NS: milliseconds since START_NS (date +%s%N).
waited_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# deadline_check WHAT MS LIMIT_MS: the issue's latency promises. Printed
# always; a failure only with SM_STRICT_TIMING=1, since ctest asserts no
# timing on a shared machine (the behaviour itself is asserted apart).
deadline_check() {
	echo "timing: $1: ${2} ms (promise: ${3} ms)"
	if [ "${SM_STRICT_TIMING:-0}" = 1 ] && [ "$2" -gt "$3" ]; then
		fail "$1: ${2} ms > ${3} ms"
	fi
}
