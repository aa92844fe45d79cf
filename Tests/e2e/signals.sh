#!/usr/bin/env bash
# Issue 24's terminal cases in a private tmux server: the signals kvviz once left untrapped
# (SIGXCPU from a CPU limit, SIGPROF, SIGVTALRM, SIGIO, SIGSYS, a real-time signal) restore the
# terminal; LINES/COLUMNS of 10000 are checked against the real size; Ctrl-C typed after a
# 100 KB paste is answered within 100 ms (the paste is coalesced, not run key by key).
set -uo pipefail
SCRIPT=signals.sh
POLL=0.05
source "$(dirname "$0")/lib/tmux-harness.sh"

tm start-server \; set -g default-terminal tmux-256color \; set -g status off \; set -g escape-time 0

# 1. Signals once untrapped: exit 128+n (SIGSYS dumps core like a crash), terminal restored.
for sig in ${SIGNALS:-XCPU PROF VTALRM IO SYS XFSZ RTMIN+2}; do
    name="sig${sig//+/_}"
    start "$name" -- demo paged-attention
    if ! wait_for "$name" 'step 0'; then fail "SIG$sig: start" "$(screen "$name")"; continue; fi
    tm send-keys -t "$name" Space
    kill -s "$sig" "$(pid_of "$name")"
    status=$(exit_status "$name")
    expected=$((128 + $(kill -l "$sig")))
    if [ "$status" = "$expected" ] && restored "$name"; then ok "SIG$sig exits $expected, terminal restored"
    else fail "SIG$sig exits $expected (got $status, modes $(modes "$name"))" "$(screen "$name")"; fi
done
# 2. LINES/COLUMNS of 10000: the real 120x40 size is used (the screen comes up, small).
start lines LINES=10000 COLUMNS=10000 -- demo paged-attention
if wait_for lines 'step 0' 10; then
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$(pid_of lines)/status" 2>/dev/null || echo 0)
    width=$(screen lines | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
    if [ "${rss:-0}" -lt 500000 ] && [ "$width" -le 120 ]; then ok "LINES=COLUMNS=10000: real size used (peak ${rss} KB)"
    else fail "LINES=COLUMNS=10000 (peak ${rss} KB, width $width)" "$(screen lines | head -5)"; fi
    tm send-keys -t lines q
    status=$(exit_status lines)
    if [ "$status" = 0 ] && restored lines; then ok "LINES=COLUMNS=10000: q quits cleanly"; else fail "LINES/COLUMNS quit ($status)"; fi
else fail "LINES=COLUMNS=10000: the screen comes up" "$(screen lines)"; fi

# 3. Ctrl-C after a 100 KB paste (no q in it): answered within 100 ms of the key.
python3 -c 'import random; r = random.Random(7); print("".join(r.choice("abcdefghijkmnoprstuvwxyz   ") for _ in range(100000)), end="")' >"$T/paste.txt"
for demo in paged-attention serving-run; do
    start "paste-$demo" -- demo "$demo"
    wait_for "paste-$demo" 'step 0' || { fail "paste $demo: start" "$(screen "paste-$demo")"; continue; }
    tm load-buffer "$T/paste.txt"
    tm paste-buffer -t "paste-$demo"
    p0=$(now_ms); tm display -p -t "paste-$demo" '#{alternate_on}' >/dev/null; poll=$(( $(now_ms) - p0 ))
    t0=$(now_ms)
    tm send-keys -t "paste-$demo" C-c
    while [ "$(tm display -p -t "paste-$demo" '#{alternate_on}')" = 1 ] && [ $(( $(now_ms) - t0 )) -lt 60000 ]; do :; done
    elapsed=$(( $(now_ms) - t0 ))
    status=$(exit_status "paste-$demo")
    if [ "$status" = 130 ] && restored "paste-$demo" && [ "$elapsed" -le $(( 100 + poll )) ]; then
        ok "Ctrl-C after a 100 KB paste ($demo): ${elapsed} ms (one tmux query: ${poll} ms)"
    else fail "Ctrl-C after a 100 KB paste ($demo): status $status, ${elapsed} ms, query ${poll} ms" "$(screen "paste-$demo" | tail -3)"; fi
done

echo "signals: $passed passed, $failed failed"
[ "$failed" = 0 ]
