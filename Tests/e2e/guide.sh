#!/usr/bin/env bash
# A newcomer's first minute in the real binary (#18 item 7), in a private tmux server at 80x24 and
# 120x40, English and Chinese: the tour's orientation names the panels and closes on any key, the
# chapter card shows the summary, a chapter's end names the next one and Space goes there, j jumps
# to the next narrated moment, the arrows step until Tab focuses a panel, and the title keeps the
# tour's place and the prefix-cache state.
set -uo pipefail
SCRIPT=guide.sh
source "$(dirname "$0")/lib/tmux-harness.sh"

start() {
    local name=$1 w=$2 h=$3; shift 3
    tm kill-session -t "$name" 2>/dev/null || true
    tm new-session -d -s "$name" -x "$w" -y "$h" -e LANG=C.UTF-8 -e TERM=tmux-256color \
        "env SWIFT_BACKTRACE=interactive=no $EXE $*; echo EXIT=\$?; sleep 60"
}
check() { if wait_for "$1" "$2" "${4:-10}"; then ok "$3"; else fail "$3" "$(screen "$1")"; fi; }

tm start-server \; set -g default-terminal tmux-256color \; set -g status off

for size in 80x24 120x40; do
    w=${size%x*}; h=${size#*x}
    # The tour opens with the orientation: tags on the panels, the welcome box.
    start tour "$w" "$h" tour
    check tour 'First time here\?' "$size: the tour opens with the orientation"
    check tour '▸ Block grid' "$size: the orientation names the block grid where it is"
    check tour '▸ Narration' "$size: the orientation names the narration"
    # L switches its language and leaves it up; any key closes it without stepping.
    tm send-keys -t tour L
    check tour '第一次来？' "$size: L shows the orientation in Chinese"
    tm send-keys -t tour L x
    wait_gone tour 'First time here' && ok "$size: any key closes the orientation" || fail "$size: any key closes the orientation" "$(screen tour)"
    check tour 'Chapter 1/12' "$size: then the chapter card"
    check tour 'One request generates token after token' "$size: the card shows the chapter's summary"
    check tour 'step 0\b' "$size: closing the orientation did not step"
    # Chapter 1 runs without prefix caching (chapters 1-7 do; prefix-sharing turns it on).
    check tour 'prefix cache off │ 1/12' "$size: the title keeps the prefix-cache state and 1/12"
    # Right closes the card and steps; End goes to the chapter's end, which names the next.
    tm send-keys -t tour Right
    check tour 'step 1\b' "$size: Right closes the card and steps"
    wait_gone tour 'Chapter 1/12' && ok "$size: the card is gone" || fail "$size: the card is gone" "$(screen tour)"
    tm send-keys -t tour End
    check tour '→ next: 2/12' "$size: a chapter's end says → next"
    tm send-keys -t tour Space
    check tour 'step 0\b.*2/12' "$size: Space goes to the next chapter"
    check tour 'Chapter 2/12' "$size: which opens with its card"
    tm send-keys -t tour q
done

# j jumps to the next narrated moment; the arrows step until Tab focuses a panel, which shows.
start frag 120 40 demo fragmentation
check frag 'Chapter$|Chapter ' "demo opens with the chapter card"
tm send-keys -t frag j
check frag 'step 2\b' "j closes the card and skips to the step where the next cue fires (step 2)"
check frag 'Four reservations' "with its cue on screen"
tm send-keys -t frag j
check frag 'B finished' "j again: the next narrated moment"
step=$(screen frag | grep -Eo 'step [0-9]+' | head -1)
tm send-keys -t frag Tab
check frag '\[ Blocks' "Tab focuses the grid: its title is bracketed"
tm send-keys -t frag Right
sleep 0.3
check frag "$step\\b" "with the grid focused Right moves the cursor, not the step"
tm send-keys -t frag Escape
wait_gone frag '\[ Blocks' && ok "Esc lets go of the focus" || fail "Esc lets go of the focus" "$(screen frag)"
tm send-keys -t frag Right
check frag "step $(( ${step#step } + 1 ))\\b" "then Right steps again"
tm send-keys -t frag q

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
