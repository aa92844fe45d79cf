# Shared set-up of the tmux-driven end-to-end scripts (sourced, not run: Tests/run.sh runs only
# Tests/e2e/*.sh). Expects SCRIPT to name the caller; gives EXE (the kvviz binary), T (a private
# folder holding the tmux socket, removed on exit), tm (tmux on that socket) and ok/fail counters.
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
export LC_ALL=C.UTF-8
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
[ -x "$EXE" ] || { echo "$SCRIPT: $EXE is missing; run swift build first" >&2; exit 1; }
command -v tmux >/dev/null || { echo "$SCRIPT: tmux is required (apt-get install tmux)" >&2; exit 1; }

T=$(mktemp -d)
passed=0; failed=0
tm() { tmux -S "$T/s" -f /dev/null "$@"; }
cleanup() { tm kill-server 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -"${FAIL_LINES:-50}"; }
