#!/usr/bin/env bash
# test_no_threads.sh: with pthread_create failing (an LD_PRELOAD shim, as
# at a process's thread limit) every driver still finishes, within
# seconds, with the counts of a run that had its threads: a big file that
# would be cut into chunks, and a gzip stream and stdin that would be
# fanned out (once the fan-out waited forever here). The live screen's
# case is tests/tui/test_tui_no_threads.sh.
. "$SM_SOURCE_DIR/tests/lib.sh"

if [ "$(head -c 4 "$STATUSMON" | od -An -c | tr -d ' ')" != '177ELF' ] ||
	grep -aq '__asan_init' "$STATUSMON"; then
	# valgrind's wrapper script or an ASan build: a preloaded shim would
	# come before the sanitizer runtime, which refuses to start
	echo "SKIP: not a plain binary (sanitizer or valgrind run)"
	finish
	exit 0
fi

log=$TMP/big.log
python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" gen 30000 7 "$log" "$TMP/expected" >/dev/null
gzip -c "$log" >"$TMP/big.log.gz"
"$STATUSMON" --report=json --threads=1 "$log" >"$TMP/ref.json"
counts() { python3 "$SM_SOURCE_DIR/tests/cli/report_check.py" counts "$1"; }
want=$(counts "$TMP/ref.json")
nothreads() { timeout 20 env LD_PRELOAD="$SM_NO_THREADS" "$STATUSMON" "$@"; }

expect_exit "a big file, --threads=2, no thread to be had" 0 \
	nothreads --report=json --threads=2 "$log"
expect_eq "a big file: the counts of one thread" "$want" "$(counts "$TMP/out")"
expect_exit "gzip, --threads=2, no thread to be had" 0 \
	nothreads --report=json --threads=2 "$TMP/big.log.gz"
expect_eq "gzip: the counts of one thread" "$want" "$(counts "$TMP/out")"
timeout 20 env LD_PRELOAD="$SM_NO_THREADS" "$STATUSMON" --report=json --threads=2 \
	<"$log" >"$TMP/out" 2>"$TMP/err"
expect_eq "stdin, --threads=2, no thread to be had: exit" 0 "$?"
expect_eq "stdin: the counts of one thread" "$want" "$(counts "$TMP/out")"

finish
