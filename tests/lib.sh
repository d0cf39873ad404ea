# tests/lib.sh: helpers for the shell tests (sourced). Each check prints what
# it compared; the script exits non-zero at the end if any check failed.
set -u
: "${STATUSMON:?set STATUSMON to the statusmon binary}"
: "${SM_SOURCE_DIR:?}"
SAMPLES=${SAMPLES:-$SM_SOURCE_DIR/samples}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/statusmon-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
sm_failures=0
sm_checks=0

fail() { echo "FAIL: $*" >&2; sm_failures=$((sm_failures + 1)); }
pass() { sm_checks=$((sm_checks + 1)); }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then pass; else fail "$1: expected [$2], got [$3]"; fi
}
# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
	case "$3" in *"$2"*) pass ;; *) fail "$1: [$2] not found in: $3" ;; esac
}
expect_not_contains() {
	case "$3" in *"$2"*) fail "$1: [$2] unexpectedly found" ;; *) pass ;; esac
}
# expect_exit WHAT CODE CMD...: runs CMD, compares its exit status
expect_exit() {
	local what=$1 want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" = "$want" ]; then pass; else
		fail "$what: exit $got, expected $want; stderr: $(head -c 500 "$TMP/err")"; fi
}
finish() {
	echo "$sm_checks checks passed, $sm_failures failed"
	[ "$sm_failures" -eq 0 ]
}
