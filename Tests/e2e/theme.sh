#!/usr/bin/env bash
# --theme auto (the default) in a private tmux server: the background colour the terminal
# reports (OSC 11; tmux answers with the pane's window-style) picks the theme before COLORFGBG,
# so a light pane gets the light theme's colours and a #1e1e1e pane the dark theme's, exactly
# as --theme light / --theme dark draw them.
set -uo pipefail
SCRIPT=theme.sh
source "$(dirname "$0")/lib/tmux-harness.sh"
# run NAME BG [ENV...] -- ARGS: kvviz in a 120x40 pane whose background is BG; waits for step 0.
run() {
    local name=$1 bg=$2; shift 2
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$(printf '%q' "$1")"); shift; done; shift
    tm new-session -d -s "$name" -x 120 -y 40 -e LANG=C.UTF-8 \
        "sleep 0.3; env TERM=tmux-256color ${envs[*]} $EXE $*; sleep 30"
    tm set -t "$name" window-style "bg=$bg"
    local i; for i in $(seq 1 100); do colours "$name" | grep -q 'step 0' && break; sleep 0.1; done
    sleep 0.3
}
tm start-server \; set -g default-terminal tmux-256color \; set -g status off \; set -g escape-time 0
run light '#fafafa' COLORFGBG='15;0' -- demo paged-attention
run lightref '#fafafa' -- demo paged-attention --theme light
run dark '#1e1e1e' COLORFGBG='0;15' -- demo paged-attention
run darkref '#1e1e1e' -- demo paged-attention --theme dark
if [ "$(colours light)" = "$(colours lightref)" ] && [ "$(colours light)" != "$(colours darkref)" ]; then
    ok "auto on a #fafafa background draws the light theme (OSC 11 before COLORFGBG=15;0)"
else fail "auto on a light background" "$(colours light | head -3 | cat -v)"; fi
if [ "$(colours dark)" = "$(colours darkref)" ]; then ok "auto on a #1e1e1e background draws the dark theme (OSC 11 before COLORFGBG=0;15)"
else fail "auto on a #1e1e1e background" "$(colours dark | head -3 | cat -v)"; fi

# A run longer than a second shows a progress line on a terminal's stderr, erased at the end;
# none when stderr is not a terminal.
tm new-session -d -s progress -x 120 -y 10 "$EXE compare --requests 1500 --json >$T/compare.json; echo EXIT=\$?; sleep 30"
seen=""
for i in $(seq 1 600); do
    line=$(tm capture-pane -p -t progress | grep -o 'kvviz: comparing 4 strategies on 1500 requests\.\.\. [0-9]* s' | head -1)
    [ -n "$line" ] && seen=$line
    tm capture-pane -p -t progress | grep -q 'EXIT=' && break
    sleep 0.1
done
final=$(tm capture-pane -p -t progress)
if [ -n "$seen" ] && grep -q 'EXIT=0' <<<"$final" && ! grep -q 'comparing' <<<"$final"; then ok "progress line on a terminal ($seen), erased at the end"
else fail "progress line (seen '$seen')" "$final"; fi
"$EXE" compare --requests 1500 --json >/dev/null 2>"$T/progress.err"
if [ ! -s "$T/progress.err" ]; then ok "no progress line when stderr is not a terminal"; else fail "progress line in a file" "$(cat -v "$T/progress.err")"; fi

echo "theme: $passed passed, $failed failed"
[ "$failed" = 0 ]
