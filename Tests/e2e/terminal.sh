#!/usr/bin/env bash
# End-to-end tests of the terminal contract in a private tmux server: Alt and keypad keys, the
# terminal given back on every way out (eight signals, a crash, output paused with Ctrl-S),
# Ctrl-C answered within 100 ms during heavy work, and the colours and glyphs chosen for
# TERM=xterm / screen / linux / xterm-direct, light and mono themes, non-UTF-8 locales.
set -uo pipefail
SCRIPT=terminal.sh
POLL=0.05
FAIL_LINES=40
START_UNSET=SWIFT_BACKTRACE   # kvviz must set up its crash report itself
source "$(dirname "$0")/lib/tmux-harness.sh"

running() { [ "$(tm display -p -t "$1" '#{alternate_on}')" = 1 ] && ! screen "$1" | grep -q 'EXIT='; }

tm start-server \; set -g default-terminal tmux-256color \; set -g status off \; set -g escape-time 0

# 1. Esc followed by a key is Alt with that key: never a quit. Keypad Enter and 5 neither.
start keys -- demo paged-attention
wait_for keys 'step 0' || fail "keys: starts" "$(screen keys)"
for key in M-x M-q M-Enter M-Escape KPEnter KP5 C-s C-q; do
    tm send-keys -t keys "$key"
    sleep 0.3
    if running keys; then ok "$key does not quit"; else fail "$key does not quit" "$(screen keys)"; break; fi
done
tm send-keys -t keys Right
if wait_for keys 'step 1\b' 3; then ok "keys still work after Alt and keypad keys"; else fail "keys still work" "$(screen keys)"; fi
tm send-keys -t keys q
status=$(exit_status keys)
if [ "$status" = 0 ] && restored keys; then ok "q quits with 0 and restores"; else fail "q quits ($status, $(modes keys))" "$(screen keys)"; fi

# 2. Every terminating signal: exit 128+n, terminal restored (screen, cursor, mouse, keypad).
for sig in INT TERM HUP QUIT USR1 USR2 ALRM PIPE; do
    start "sig$sig" -- demo paged-attention
    if ! wait_for "sig$sig" 'step 0'; then fail "SIG$sig: start" "$(screen "sig$sig")"; continue; fi
    tm send-keys -t "sig$sig" Space  # playing: the loop is drawing when the signal comes
    kill -s "$sig" "$(pid_of "sig$sig")"
    status=$(exit_status "sig$sig")
    expected=$((128 + $(kill -l "$sig")))
    if [ "$status" = "$expected" ] && restored "sig$sig"; then ok "SIG$sig exits $expected, terminal restored"
    else fail "SIG$sig exits $expected (got $status, modes $(modes "sig$sig"))" "$(screen "sig$sig")"; fi
done

# 3. Output paused with Ctrl-S: signals are still answered (flow control is off while drawing).
start paused -- demo paged-attention
wait_for paused 'step 0'
tm send-keys -t paused C-s n
if wait_for paused 'step 1\b' 3; then ok "Ctrl-S does not pause the screen"; else fail "Ctrl-S does not pause the screen" "$(screen paused)"; fi
tm send-keys -t paused C-s Space
sleep 0.5
kill -TERM "$(pid_of paused)"
status=$(exit_status paused 30)
if [ "$status" = 143 ] && restored paused; then ok "SIGTERM answered after Ctrl-S"; else fail "SIGTERM after Ctrl-S ($status, $(modes paused))" "$(screen paused)"; fi

# 4. A crash: the terminal is restored first, then the runtime's backtrace on the normal screen,
#    with no interactive backtracer waiting for a key.
start crash -- demo paged-attention
wait_for crash 'step 0'
kill -ILL "$(pid_of crash)"
status=$(exit_status crash 150)
if [ "$status" = 132 ] && restored crash; then ok "a crash exits 132 with the terminal restored"
else fail "a crash exits 132 with the terminal restored ($status, $(modes crash))" "$(screen crash)"; fi
if screen crash | grep -Eq 'crashed|Backtrace|Thread 0'; then ok "the backtrace is on the normal screen"
else fail "the backtrace is on the normal screen" "$(screen crash)"; fi
if screen crash | grep -q 'Press space'; then fail "no interactive backtracer" "$(screen crash)"; else ok "no interactive backtracer"; fi

# 5. Ctrl-C within 100 ms while a huge memory-only pool is being built and drawn.
cat > "$T/huge.yaml" <<'YAML'
title: {en: "A huge pool", zh: "很大的池"}
summary: {en: "200,000 blocks of 16 tokens (the largest pool a scenario may ask for)", zh: "200,000 个 16 token 的块（场景允许的最大池）"}
view: paged
mode: memory
pool: {blocks: 200000, block_size: 16}
max_model_len: 4096
workload: {preset: chat, requests: 50, seed: 1}
YAML
start huge -- play "$T/huge.yaml"
wait_for huge 'preparing' 60 || fail "huge pool: the screen comes up" "$(screen huge)"
# The signal Ctrl-C sends, sent directly so the clock starts when it is delivered; the time
# one tmux query takes (the polling's resolution) is allowed on top of the 100 ms.
p0=$(now_ms); tm display -p -t huge '#{alternate_on}' >/dev/null; poll=$(( $(now_ms) - p0 ))
t0=$(now_ms)
kill -INT "$(pid_of huge)"
while [ "$(tm display -p -t huge '#{alternate_on}')" = 1 ] && [ $(( $(now_ms) - t0 )) -lt 5000 ]; do :; done
elapsed=$(( $(now_ms) - t0 ))
status=$(exit_status huge)
if [ "$status" = 130 ] && restored huge && [ "$elapsed" -le $(( 100 + poll )) ]; then
    ok "Ctrl-C during heavy work answered in ${elapsed} ms (one tmux query: ${poll} ms)"
else fail "Ctrl-C during heavy work ($status, ${elapsed} ms, query ${poll} ms, $(modes huge))" "$(screen huge)"; fi
start huge2 -- play "$T/huge.yaml"
wait_for huge2 'preparing' 60
tm send-keys -t huge2 C-c
status=$(exit_status huge2)
if [ "$status" = 130 ] && restored huge2; then ok "Ctrl-C key during heavy work exits 130"; else fail "Ctrl-C key during heavy work ($status)" "$(screen huge2)"; fi

# 6. Colours and glyphs for the terminals people have.
look() {  # look NAME TERM [ENV...] -- ARGS: starts and waits for the first frame
    local name=$1 term=$2; shift 2
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
    start "$name" TERM="$term" "${envs[@]}" -- "$@"
    wait_for "$name" 'step 0|第 0 步' || fail "$name: first frame" "$(screen "$name")"
}
look x8 xterm -- demo paged-attention
if colours x8 | grep -q '38;5;' ; then fail "TERM=xterm: only the 8 ANSI colours" "$(colours x8 | grep -o '38;5;[0-9]*' | sort -u | head)"
elif colours x8 | grep -Eq '\[3[1-6]m'; then ok "TERM=xterm draws with the 8 ANSI colours"
else fail "TERM=xterm draws with the 8 ANSI colours" "$(colours x8 | head -5)"; fi
# Black text only ever on a coloured background: follow tmux's SGR state through each line and
# report visible text whose foreground is black (30) while the background is the default.
black_on_default() {
    awk 'BEGIN { FS = "\033\\[" } {
        fg = ""; bg = ""
        for (i = 1; i <= NF; i++) {
            text = $i
            if (i > 1) {
                split($i, parts, "m"); codes = parts[1]; text = substr($i, length(codes) + 2)
                n = split(codes, list, ";")
                for (j = 1; j <= n; j++) {
                    c = list[j] + 0
                    if (list[j] == "" || c == 0) { fg = ""; bg = "" }
                    else if (c >= 30 && c <= 37) fg = c
                    else if (c == 39) fg = ""
                    else if (c >= 40 && c <= 47) bg = c
                    else if (c == 49) bg = ""
                    else if (c == 38 || c == 48) { j += (list[j + 1] == 5 ? 2 : 4) }
                }
            }
            if (fg == 30 && bg == "" && text ~ /[^ ]/) { print NR ": " text; exit }
        }
    }'
}
found=$(colours x8 | black_on_default)
if [ -n "$found" ]; then fail "TERM=xterm: no black text on the default background" "$found"
else ok "TERM=xterm: no black text on the default background"; fi
if colours x8 | grep -Eq $'\e\\[33m[^\e]*(weights|reserve)'; then fail "TERM=xterm: no grey turned yellow" "$(colours x8 | head -4 | cat -v)"
else ok "TERM=xterm: no grey turned yellow"; fi
if screen x8 | grep -q '┌ Blocks'; then ok "TERM=xterm: box borders drawn"; else fail "TERM=xterm: box borders drawn" "$(screen x8 | head -5)"; fi

look scr screen -- demo paged-attention
if colours scr | grep -q '38;5;'; then fail "TERM=screen: 8 colours" "$(colours scr | head -3)"; else ok "TERM=screen: 8 colours"; fi

look lin linux -- demo paged-attention
if screen lin | grep -q '[│┌█]'; then fail "TERM=linux: ASCII glyphs" "$(screen lin | head -6)"
elif screen lin | grep -q '+ Blocks'; then ok "TERM=linux: ASCII glyphs"; else fail "TERM=linux: ASCII glyphs" "$(screen lin | head -6)"; fi

look clocale xterm-256color LANG=C LC_ALL= LC_CTYPE= -- demo paged-attention
if screen clocale | grep -q '[│┌█·]'; then fail "C locale: ASCII glyphs" "$(screen clocale | head -6)"; else ok "C locale: ASCII glyphs"; fi

look x256 xterm-256color -- demo paged-attention
if colours x256 | grep -q '48;5;117'; then ok "256 colours: title bar in sky blue"; else fail "256 colours" "$(colours x256 | head -2)"; fi

look light xterm-256color COLORFGBG='0;15' -- demo paged-attention
if colours light | grep -q '48;5;25'; then ok "COLORFGBG=0;15 picks the light theme"; else fail "COLORFGBG light" "$(colours light | head -2)"; fi
look light2 xterm-256color COLORFGBG='0;15' -- demo paged-attention --theme dark
if colours light2 | grep -q '48;5;117'; then ok "--theme overrides COLORFGBG"; else fail "--theme overrides COLORFGBG" "$(colours light2 | head -2)"; fi

look mono xterm-256color NO_COLOR=1 -- demo paged-attention
if colours mono | grep -Eq '\[(3[0-8]|4[0-8])m|38;|48;'; then fail "NO_COLOR: no colours" "$(colours mono | head -3)"; else ok "NO_COLOR: no colours"; fi

look asc xterm-256color -- demo paged-attention --ascii
if screen asc | grep -q '[│┌█·▪]'; then fail "--ascii" "$(screen asc | head -6)"; else ok "--ascii draws ASCII only"; fi

look cjk xterm-256color -- demo paged-attention --cjk-wide --lang zh
if screen cjk | grep -q '[│┌─█·→]'; then fail "--cjk-wide avoids ambiguous glyphs" "$(screen cjk | head -6)"; else ok "--cjk-wide avoids ambiguous glyphs"; fi

# Direct colour (xterm-direct): colours as 24-bit values, not palette indexes read as blue.
mkdir -p "$T/terminfo"
cat > "$T/direct.src" <<'TI'
kvviz-direct|xterm-256color with direct colour for the kvviz tests,
	colors#0x1000000, pairs#0x10000, RGB,
	setab=\E[%?%p1%{8}%<%t4%p1%d%e48\:2\:\:%p1%{65536}%/%d\:%p1%{256}%/%{255}%&%d\:%p1%{255}%&%d%;m,
	setaf=\E[%?%p1%{8}%<%t3%p1%d%e38\:2\:\:%p1%{65536}%/%d\:%p1%{256}%/%{255}%&%d\:%p1%{255}%&%d%;m,
	use=xterm-256color,
TI
if tic -x -o "$T/terminfo" "$T/direct.src" 2>"$T/tic.err"; then
    look direct kvviz-direct TERMINFO="$T/terminfo" -- demo paged-attention
    if colours direct | grep -q '48;2;135;215;255' && colours direct | grep -q '38;2;'; then
        ok "direct colour: 24-bit values (title bar 135,215,255)"
    else fail "direct colour: 24-bit values" "$(colours direct | head -3 | cat -v | cut -c1-300)"; fi
    if colours direct | grep -Eq '38;2;0;0;([1-9][0-9]+|9)m'; then fail "direct colour: nothing turned blue" "$(colours direct | grep -o '38;2;0;0;[0-9]*' | sort -u)"
    else ok "direct colour: no palette index read as a blue"; fi
else
    fail "tic compiles a direct-colour entry" "$(cat "$T/tic.err")"
fi

echo "terminal.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
