#!/bin/sh
# build.sh: builds fake_tui (the TUI on a fake live pipeline) for manual
# testing under tmux. Not part of the product or of ctest.
# Usage: tests/tui/fake/build.sh [OUTPUT]   (default /tmp/fake_tui)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-/tmp/fake_tui}
cc -std=c11 -g -O1 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-Wall -Wextra -Wshadow -Wmissing-prototypes -Werror=implicit-function-declaration \
	-I"$root/include/common" -I"$root/include/registry" -I"$root/include/snapshot" \
	-I"$root/include/live" -I"$root/include/tui" -I"$root/src/tui" ${CFLAGS:-} \
	"$here/fake_main.c" "$here/fake_live.c" "$root"/src/tui/*.c \
	"$root/src/common/escape.c" "$root/src/common/error.c" "$root/src/common/xalloc.c" \
	-o "$out" $(pkg-config --libs ncursesw) -lpthread
echo "$out"
