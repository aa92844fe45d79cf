#!/usr/bin/env bash
# kvviz check: every built-in walkthrough holds on its screen in every mode (exit 0); a file with
# a false claim or a cut figure fails with located lines (exit 1); a malformed anchored figure or
# an unknown quantity is a load error naming file, line and field.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
FIX=Tests/Fixtures/narration
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -20; }

# Every built-in walkthrough, every cue, every mode, en and zh, 80x24 and 120x40.
"$EXE" check >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -q "21 walkthroughs, every cue holds" "$T/out"; then ok "check: all 21 built-ins hold (the chapter's 12, vLLM in practice's 8 and its recorded walkthrough)"
else fail "check: all 21 built-ins (status $st)" "$(head -20 "$T/out"; cat "$T/err")"; fi

# A false claim: exit 1, each problem as file:line: cue N, step S: ..., one summary line on stderr.
"$EXE" check "$FIX/false-claim.yaml" >"$T/out" 2>"$T/err"; st=$?
if [ $st = 1 ] && grep -q "^$FIX/false-claim.yaml:12: cue 1, step 2: \[prefix caching off.*false claim: expect 'preemptions > 0' is false: preemptions = 0" "$T/out" \
    && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "^kvviz: [0-9]* problems in 1 walkthrough" "$T/err"; then ok "check: a false claim is located, exit 1"
else fail "check: false claim (status $st)" "$(cat "$T/out" "$T/err")"; fi

# A figure the narration box cuts at 80x24.
"$EXE" check "$FIX/truncated-figure.yaml" >"$T/out" 2>"$T/err"; st=$?
if [ $st = 1 ] && grep -q "truncated-figure.yaml:9: cue 0, step 1: .*en 80x24\] truncated figure: '1' ({used_blocks})" "$T/out"; then ok "check: a cut figure is located, exit 1"
else fail "check: cut figure (status $st)" "$(cat "$T/out" "$T/err")"; fi

# Load errors: one line naming file, line and field.
for case in "malformed-anchor.yaml:8: narration\[0\].en: placeholder {used_blocks anchored} keeps the value" \
            "unknown-quantity.yaml:10: narration\[0\].expect\[0\]: unknown quantity 'blocks_in_flight'"; do
    file=${case%%:*}
    "$EXE" check "$FIX/$file" >"$T/out" 2>"$T/err"; st=$?
    if [ $st = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "^kvviz: $FIX/${case}" "$T/err"; then ok "check: load error in $file"
    else fail "check: load error in $file (status $st)" "$(cat "$T/err")"; fi
done

# A name the catalog does not know is a usage error.
"$EXE" check no-such-walkthrough >"$T/out" 2>"$T/err"; st=$?
if [ $st = 64 ] && grep -q "'no-such-walkthrough'.*kvviz demo --list" "$T/err"; then ok "check: unknown name is a usage error"
else fail "check: unknown name (status $st)" "$(cat "$T/err")"; fi

echo "check.sh: $passed passed, $failed failed"
[ $failed = 0 ]
