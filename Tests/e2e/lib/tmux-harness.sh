# Shared set-up of the tmux-driven end-to-end scripts (sourced, not run: Tests/run.sh runs only
# Tests/e2e/*.sh). Expects SCRIPT to name the caller; gives EXE (the kvviz binary), T (a private
# folder holding the tmux socket, removed on exit), tm (tmux on that socket), ok/fail counters and
# the helpers below (screen, wait_for, exit_status, restored ...).
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
# One idle session holds the private server up from the start. Without it tmux exits as soon as a
# script kills its only session (or right after `start-server`, dropping the options the script
# set), and a new-session racing that exit fails: in CI guide.sh lost its whole 120x40 half so.
tm new-session -d -s keepalive -x 80 -y 24 "sleep 86400"

ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -"${FAIL_LINES:-50}"; }

# start NAME [VAR=VALUE ...] -- ARGS: `kvviz ARGS` in a fresh 120x40 session NAME that stays after
# exit (its shell prints EXIT=N: exit_status); its pid goes to $T/NAME.pid (pid_of). The variables
# named in START_UNSET are removed from its environment first (terminal.sh: SWIFT_BACKTRACE, which
# kvviz must set up itself). Scripts that need other sizes (tui.sh, guide.sh) define their own.
start() {
    local name=$1; shift
    local envs=() unset=() var
    while [ "$1" != "--" ]; do envs+=("$(printf '%q' "$1")"); shift; done; shift
    for var in ${START_UNSET:-}; do unset+=(-u "$var"); done
    tm kill-session -t "$name" 2>/dev/null || true
    rm -f "$T/$name.pid"
    tm new-session -d -s "$name" -x 120 -y 40 -e LANG=C.UTF-8 \
        "env ${unset[*]} TERM=tmux-256color ${envs[*]} sh -c 'echo \$\$ > $T/$name.pid; exec $EXE $*'; echo EXIT=\$?; sleep 60"
}

# Looking at a session NAME. POLL (seconds, default 0.1) is how often the wait_* helpers look.
screen()  { tm capture-pane -p -t "$1" 2>/dev/null; }      # its text
colours() { tm capture-pane -p -e -t "$1" 2>/dev/null; }   # its text with the SGR escapes
pid_of()  { cat "$T/$1.pid" 2>/dev/null; }                 # the pid a start() wrote to $T/NAME.pid
now_ms()  { echo $(( $(date +%s%N) / 1000000 )); }
# wait_for NAME REGEX [SECONDS]: until the screen matches (default 8 s); wait_gone: until it no longer does.
wait_for() {
    local deadline=$(( $(date +%s%N) + ${3:-8} * 1000000000 ))
    while [ "$(date +%s%N)" -lt $deadline ]; do
        grep -Eq -- "$2" <<<"$(screen "$1")" && return 0
        sleep "${POLL:-0.1}"
    done
    return 1
}
wait_gone() {
    local deadline=$(( $(date +%s%N) + ${3:-8} * 1000000000 ))
    while [ "$(date +%s%N)" -lt $deadline ]; do
        grep -Eq -- "$2" <<<"$(screen "$1")" || return 0
        sleep "${POLL:-0.1}"
    done
    return 1
}
# exit_status NAME [TRIES]: the status the session's shell printed as EXIT=N after the program
# ended (looking TRIES times, default 100, 0.1 s apart), or "still-running".
exit_status() {
    local i line
    for i in $(seq 1 "${2:-100}"); do
        line=$(screen "$1" | grep -Eo 'EXIT=[0-9]+' | tail -1)
        if [ -n "$line" ]; then echo "${line#EXIT=}"; return 0; fi
        sleep 0.1
    done
    echo "still-running"
}
# The pane's modes: alternate screen, cursor visible, mouse reporting, keypad mode; restored means
# the normal screen with a visible cursor and no mouse or keypad mode left on.
modes()    { tm display -p -t "$1" '#{alternate_on}#{cursor_flag}#{mouse_any_flag}#{keypad_flag}'; }
restored() { [ "$(modes "$1")" = "0100" ]; }
