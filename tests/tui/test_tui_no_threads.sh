#!/usr/bin/env bash
# test_tui_no_threads.sh: the live screen with pthread_create failing (an
# LD_PRELOAD shim, tests/tools/no_threads.c): it starts, says that it could
# not start a reader for the file, and q ends it at once with exit 1.
. "$SM_SOURCE_DIR/tests/tui/tui_lib.sh"

if [ "$(head -c 4 "$STATUSMON" | od -An -c | tr -d ' ')" != '177ELF' ] ||
	grep -aq '__asan_init' "$STATUSMON"; then
	echo "SKIP: not a plain binary (sanitizer or valgrind run)"
	finish
	exit 0
fi
cp "$SAMPLES/combined.log" "$TMP/a.log"
tui_session 160 30
tui_type "LD_PRELOAD='$SM_NO_THREADS' '$STATUSMON' -f a.log; echo rc=\$?"
expect_screen "the failed reader is shown" 'a\.log: cannot start a reader'
tui_keys q
expect_screen "q quits within seconds, exit 1" '^rc=1'
finish
