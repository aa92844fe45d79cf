#!/usr/bin/env bash
# --theme auto (the default) in a private tmux server: the background colour the terminal
# reports (OSC 11; tmux answers with the pane's window-style) picks the theme before COLORFGBG,
# so a light pane gets the light theme's colours and a #1e1e1e pane the dark theme's, exactly
# as --theme light / --theme dark draw them.
set -uo pipefail
SCRIPT=theme.sh
source "$(dirname "$0")/lib/tmux-harness.sh"
screen() { tm capture-pane -p -e -t "$1" 2>/dev/null; }
# run NAME BG [ENV...] -- ARGS: kvviz in a 120x40 pane whose background is BG; waits for step 0.
run() {
    local name=$1 bg=$2; shift 2
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$(printf '%q' "$1")"); shift; done; shift
    tm new-session -d -s "$name" -x 120 -y 40 -e LANG=C.UTF-8 \
        "sleep 0.3; env TERM=tmux-256color ${envs[*]} $EXE $*; sleep 30"
    tm set -t "$name" window-style "bg=$bg"
    local i; for i in $(seq 1 100); do screen "$name" | grep -q 'step 0' && break; sleep 0.1; done
    sleep 0.3
}
tm start-server \; set -g default-terminal tmux-256color \; set -g status off \; set -g escape-time 0
run light '#fafafa' COLORFGBG='15;0' -- demo paged-attention
run lightref '#fafafa' -- demo paged-attention --theme light
run dark '#1e1e1e' COLORFGBG='0;15' -- demo paged-attention
run darkref '#1e1e1e' -- demo paged-attention --theme dark
if [ "$(screen light)" = "$(screen lightref)" ] && [ "$(screen light)" != "$(screen darkref)" ]; then
    ok "auto on a #fafafa background draws the light theme (OSC 11 before COLORFGBG=15;0)"
else fail "auto on a light background" "$(screen light | head -3 | cat -v)"; fi
if [ "$(screen dark)" = "$(screen darkref)" ]; then ok "auto on a #1e1e1e background draws the dark theme (OSC 11 before COLORFGBG=0;15)"
else fail "auto on a #1e1e1e background" "$(screen dark | head -3 | cat -v)"; fi
echo "theme: $passed passed, $failed failed"
[ "$failed" = 0 ]
