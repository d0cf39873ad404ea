#!/bin/bash
# test_tui_default.sh: `statusmon` alone at a terminal is no dead end.
# With none of the default logs present: a short usage with examples and
# exit 2. With one present (STATUSMON_DEFAULT_LOGS, the test hook that
# replaces /var/log/nginx/access.log:...): it is followed, the header says
# it is the default log, new lines are counted, q quits with exit 0.
# Also: an ssh-like command in the pipeline that keeps the terminal as its
# stdin is named on the screen; with its stdin elsewhere (-n) it is not.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

tui_session 100 30

# no default log: usage and exit 2
tui_type "STATUSMON_DEFAULT_LOGS=none.log:nope/access_log $STATUSMON; echo EXIT=\$?"
expect_screen "usage names the logs looked for" 'none of the usual access logs exists'
expect_screen "usage lists the paths" "none\\.log, nope/access_log"
expect_screen "usage shows ssh -n" 'ssh -n web1 tail -F'
expect_screen "exit 2" '^EXIT=2$'
tui_type clear

# the second path exists: it is followed
log=$TMP/access_log
log_lines 12 200 / >"$log"
log_lines 3 503 /api >>"$log"
tui_type "$(tui_run_line "STATUSMON_DEFAULT_LOGS=$TMP/none.log:$log $STATUSMON")"
expect_count "default log read" 200 12
expect_screen "header says it is the default log" 'access_log \(default log: no FILE given\)'
expect_screen "followed: live" ' live '
log_lines 5 200 / >>"$log"
expect_count "default log followed" 200 17
tui_keys q
expect_clean_exit "q quits"
tui_type clear

# ssh without -n shares the terminal: named on the screen
mkdir -p "$TMP/bin"
cat >"$TMP/bin/ssh" <<'SH'
#!/bin/bash
# a stand-in for ssh: writes log lines; its stdin stays where it was given
while :; do
	printf '192.0.2.7 - - [%s] "GET / HTTP/1.1" 200 1 "-" "x"\n' \
		"$(LC_ALL=C date -u '+%d/%b/%Y:%H:%M:%S +0000')" || exit 0
	sleep 0.2
done
SH
chmod +x "$TMP/bin/ssh"
tui_type "$TMP/bin/ssh | $STATUSMON; echo EXIT=\$?"
expect_screen "ssh sharing the terminal is named" 'ssh \(pid [0-9]+\) in this pipeline reads this terminal too.*ssh -n'
tui_keys q
expect_screen "q quits with ssh in the pipeline" '^EXIT=0$'
tui_type clear
tui_type "$TMP/bin/ssh </dev/null | $STATUSMON; echo EXIT=\$?"
expect_screen "ssh -n: screen up" ' live '
sleep 0.5
if tui_screen | grep -q 'reads this terminal too'; then
	fail "ssh with its stdin elsewhere named as sharing the terminal"
else pass; fi
tui_keys q
expect_screen "q quits" '^EXIT=0$'
finish
