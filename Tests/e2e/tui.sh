#!/usr/bin/env bash
# End-to-end tests of the real kvviz binary in a private tmux server: keys, mouse, resize,
# colours, language, exit statuses and terminal restoration. Polls the screen, never sleeps blindly.
set -uo pipefail
SCRIPT=tui.sh
source "$(dirname "$0")/lib/tmux-harness.sh"

# start NAME WIDTH HEIGHT [ENV...] -- ARGS: runs kvviz in a fresh session that stays after exit.
start() {
    local name=$1 w=$2 h=$3; shift 3
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
    tm kill-session -t "$name" 2>/dev/null || true
    tm new-session -d -s "$name" -x "$w" -y "$h" -e LANG=C.UTF-8 -e TERM=tmux-256color \
        "env SWIFT_BACKTRACE=interactive=no ${envs[*]} $EXE $*; echo EXIT=\$?; sleep 60"
}

tm start-server \; set -g default-terminal tmux-256color \; set -g status off

# 1. Start, step forward and back: the title's step number changes.
start app 120 40 -- demo paged-attention
if wait_for app 'step 0'; then ok "starts at step 0"; else fail "starts at step 0" "$(screen app)"; fi
tm send-keys -t app Right
if wait_for app 'step 1\b'; then ok "Right steps forward"; else fail "Right steps forward" "$(screen app)"; fi
tm send-keys -t app n
if wait_for app 'step 2\b'; then ok "n steps forward"; else fail "n steps forward" "$(screen app)"; fi
tm send-keys -t app Left
if wait_for app 'step 1\b'; then ok "Left steps back"; else fail "Left steps back" "$(screen app)"; fi

# 2. Help overlay lists the keys and the word quit; Esc closes it.
tm send-keys -t app '?'
if wait_for app 'quit'; then ok "help overlay shows keys"; else fail "help overlay shows keys" "$(screen app)"; fi
tm send-keys -t app Escape
if wait_gone app '[Hh]elp.*keys|Keys' 3; then ok "Esc closes help"; else fail "Esc closes help" "$(screen app)"; fi

# 3. A mouse click on a block opens the inspector. Find a block cell (#id) on the grid row.
tm send-keys -t app Right Right
wait_for app 'step 3\b' || true
# The grid's first card: its row and the column of its corner (cards may be indented).
read -r row col < <(screen app | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
for i, line in enumerate(lines):
    if "Blocks" in line or "块" in line:
        for j in range(i + 1, min(i + 6, len(lines))):
            k = lines[j].find("┌#")
            if k >= 0:
                print(j + 1, k); sys.exit()
        break
print(6, 2)')
x=$((col + 2)); y=$((row))
tm send-keys -t app -l $'\e[M'"$(printf "\\x$(printf %x $((32+0)))\\x$(printf %x $((33+x)))\\x$(printf %x $((33+y)))")"
if wait_for app 'ref count [0-9]'; then ok "mouse click opens the inspector"; else fail "mouse click opens the inspector" "$(screen app)"; fi
tm send-keys -t app Escape

# 4. Resize to 50x12: "too small"; back to 120x40 restores the screen.
tm resize-window -t app -x 50 -y 12
if wait_for app 'terminal too small: need 80x24, have 50x12'; then ok "too small at 50x12"; else fail "too small at 50x12" "$(screen app)"; fi
tm resize-window -t app -x 120 -y 40
if wait_for app 'step [0-9]+'; then ok "resize back restores"; else fail "resize back restores" "$(screen app)"; fi

# 5. q exits 0 with the terminal restored.
tm send-keys -t app q
st=$(exit_status app)
if [ "$st" = 0 ]; then ok "q exits 0"; else fail "q exits 0 (got $st)" "$(screen app)"; fi
if restored app; then ok "terminal restored after q"; else fail "terminal restored after q"; fi

# 6. Ctrl-C exits 130, SIGTERM 143, terminal restored each time.
start sig 100 30 -- demo paged-attention
wait_for sig 'step 0' || true
tm send-keys -t sig C-c
st=$(exit_status sig)
if [ "$st" = 130 ]; then ok "Ctrl-C exits 130"; else fail "Ctrl-C exits 130 (got $st)" "$(screen sig)"; fi
if restored sig; then ok "terminal restored after Ctrl-C"; else fail "terminal restored after Ctrl-C"; fi
start term 100 30 -- demo paged-attention
wait_for term 'step 0' || true
pid=$(tm display -p -t term '#{pane_pid}')
pkill -TERM -P "$pid"
st=$(exit_status term)
if [ "$st" = 143 ]; then ok "SIGTERM exits 143"; else fail "SIGTERM exits 143 (got $st)" "$(screen term)"; fi
if restored term; then ok "terminal restored after SIGTERM"; else fail "terminal restored after SIGTERM"; fi

# 7. NO_COLOR: no colour escapes on screen; with colours there are some.
start colour 120 40 -- demo paged-attention
wait_for colour 'step 0' || true
tm send-keys -t colour Right Right
wait_for colour 'step 2\b' || true
if grep -Eq $'\e\\[[0-9;]*(3[0-7]|38;5;[0-9]+)m' <<<"$(tm capture-pane -p -e -t colour)"; then ok "colours by default"; else fail "colours by default"; fi
tm send-keys -t colour q
start nocolour 120 40 NO_COLOR=1 -- demo paged-attention
wait_for nocolour 'step 0' || true
tm send-keys -t nocolour Right Right
wait_for nocolour 'step 2\b' || true
if grep -Eq $'\e\\[[0-9;]*(3[0-7]|38;5;[0-9]+|4[0-7]|48;5;[0-9]+)m' <<<"$(tm capture-pane -p -e -t nocolour)"; then
    fail "NO_COLOR has no colour escapes" "$(tm capture-pane -p -e -t nocolour | head -5 | cat -v)"
else ok "NO_COLOR has no colour escapes"; fi
tm send-keys -t nocolour q

# 8. --lang zh shows Chinese.
start zh 120 40 -- demo paged-attention --lang zh
if wait_for zh '第 [0-9]+ 步'; then ok "--lang zh shows Chinese"; else fail "--lang zh shows Chinese" "$(screen zh)"; fi
tm send-keys -t zh q
st=$(exit_status zh)
[ "$st" = 0 ] && ok "zh: q exits 0" || fail "zh: q exits 0 (got $st)"

# 9. Not a terminal: prints a rendering and exits 0.
"$EXE" </dev/null >"$T/headless.txt" 2>&1; st=$?
if [ "$st" = 0 ] && grep -q 'step 0' "$T/headless.txt" && grep -q 'step 1' "$T/headless.txt"; then ok "non-terminal path prints a rendering"
else fail "non-terminal path prints a rendering (status $st)" "$(head -20 "$T/headless.txt")"; fi

# 10. Block view: help lists the glyphs, a click on a table row focuses that request, f toggles
#     focus mode (full vs light blocks), --focus starts in it.
start blocks 120 40 -- demo paged-attention
wait_for blocks 'step 0' || true
tm send-keys -t blocks Right Right Right
wait_for blocks 'step 3\b' || true
tm send-keys -t blocks '?'
if wait_for blocks 'stored: K/V in the cache' && wait_for blocks 'copy-on-write from #1' && wait_for blocks '4\+6/14'; then
    ok "help lists the glyphs and counters"; else fail "help lists the glyphs and counters" "$(screen blocks)"; fi
tm send-keys -t blocks Escape
wait_gone blocks 'stored: K/V in the cache' 3 || true
line=$(screen blocks | grep -n -m1 '│B  run' || true)
if [ -n "$line" ]; then
    y=$(( ${line%%:*} - 1 )); text=${line#*:}; prefix=${text%%B  run*}; x=$(( ${#prefix} ))
    tm send-keys -t blocks -l $'\e[M'"$(printf "\\x$(printf %x 32)\\x$(printf %x $((33+x)))\\x$(printf %x $((33+y)))")"
fi
if wait_for blocks 'B in logical order|B.s query reads'; then ok "a click on a table row focuses the request"
else fail "a click on a table row focuses the request" "$(screen blocks)"; fi
tm send-keys -t blocks f
if wait_for blocks '█ stored ░ pending'; then ok "f switches to focus mode"; else fail "f switches to focus mode" "$(screen blocks)"; fi
tm send-keys -t blocks f
if wait_for blocks '▪ stored ▫ pending'; then ok "f switches back"; else fail "f switches back" "$(screen blocks)"; fi
tm send-keys -t blocks q
start focused 80 24 -- demo paged-attention --focus
if wait_for focused '█ stored'; then ok "--focus starts in focus mode at 80x24"; else fail "--focus starts in focus mode at 80x24" "$(screen focused)"; fi
tm send-keys -t focused q
st=$(exit_status focused)
[ "$st" = 0 ] && ok "focus mode: q exits 0" || fail "focus mode: q exits 0 (got $st)"

# 11. Big screens and what the snapshot carries: at 200x50 the block tables stand side by side
#     (a click on the second one focuses its request), the memory bar shows the CPU pool of
#     swapping preemption, the grid's title names the parallel-sampling design.
start big 200 50 -- demo preemption
wait_for big 'step 0' || true
tm send-keys -t big End
if wait_for big 'CPU pool [0-9]+/12'; then ok "the memory bar shows the CPU pool"; else fail "the memory bar shows the CPU pool" "$(screen big)"; fi
tm send-keys -t big Home
wait_for big 'step 0\b' || true
for _ in 1 2 3 4 5 6; do tm send-keys -t big Right; done
wait_for big 'step 6\b' || true
line=$(screen big | grep -n -m1 '│A  run  *B  run' || true)
if [ -n "$line" ]; then
    y=$(( ${line%%:*} - 1 )); text=${line#*:}; prefix=${text%%B  run*}; x=$(( ${#prefix} ))
    tm send-keys -t big -l $'\e[M'"$(printf "\\x$(printf %x 32)\\x$(printf %x $((33+x)))\\x$(printf %x $((33+y)))")"
    if wait_for big 'B in logical order|B.s query reads'; then ok "a click on a side-by-side table focuses its request"
    else fail "a click on a side-by-side table focuses its request" "$(screen big)"; fi
else
    fail "tables stand side by side at 200x50" "$(screen big)"
fi
tm send-keys -t big q
start sampling 120 40 -- demo parallel-sampling
wait_for sampling 'step 0' || true
tm send-keys -t sampling Right Right
if wait_for sampling 'sampling: v1'; then ok "the grid names the sampling design"; else fail "the grid names the sampling design" "$(screen sampling)"; fi
tm send-keys -t sampling q

# --manager reference interactively: the same screen as the fast manager after the same keys
# (a step, a prefix hit, the inspector on the cursor's block, whose "how" line names the file).
for manager in fast reference; do
    start "m$manager" 120 40 -- demo prefix-sharing --manager "$manager"
    wait_for "m$manager" 'step 0' || true
    tm send-keys -t "m$manager" Right
    wait_for "m$manager" 'step 1\b' || true
    for _ in 1 2 3 4 5; do tm send-keys -t "m$manager" Right; done
    wait_for "m$manager" 'step 6\b' || true
    tm send-keys -t "m$manager" Tab Enter
    wait_for "m$manager" 'how ' || true
done
if screen mreference | grep -q 'read KVCore/Paging/Reference/ReferenceBlockManager.swift' \
    && [ "$(screen mreference)" = "$(screen mfast)" ]; then
    ok "--manager reference: the same screen at step 6 with the inspector open"
else fail "--manager reference: the screens differ" "$(diff <(screen mfast) <(screen mreference))"; fi
tm send-keys -t mfast q; tm send-keys -t mreference q

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
