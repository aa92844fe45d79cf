#!/usr/bin/env bash
# End-to-end tests of `kvviz bench --trace FILE --nano-vllm PATH` (nano-vllm's own BlockManager as
# a second baseline, replayed by Benchmarks/python/nanovllm_replay.py): the skip line without the
# option or without numpy/xxhash, the usage errors, where the driver is found, and the driver's
# answers on block managers it cannot use. With a python3 that has numpy and xxhash first on PATH
# it also checks the driver's refusal of an old API and, when NANO_VLLM_CHECKOUT names a nano-vllm
# checkout, the real replay (totals checked, a wrong expected total caught, the speedup in JSON);
# otherwise those parts say "skip" and pass. E.g.:
#   NANO_VLLM_CHECKOUT=~/src/nano-vllm PATH=~/venv/bin:$PATH Tests/run.sh nanovllm.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
EXE=$(cd "$(dirname "$EXE")" && pwd)/$(basename "$EXE")
SMALL=$(pwd)/Tests/Fixtures/traces/small.kvtrace
DRIVER=$(pwd)/Benchmarks/python/nanovllm_replay.py
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# kvviz's own replay of small.kvtrace takes seconds in a debug build: the bench runs replay a
# three-op trace (one sequence of 5 tokens in blocks of 4), the driver runs small.kvtrace.
TRACE=$T/tiny.kvtrace
printf '%s\n' '{"format":"kvtrace","version":1,"block_size":4,"num_blocks":4,"sequences":1,"ops":3,"seed":1}' \
    '{"op":"alloc","seq":0,"tokens":[1,2,3,4,5],"hit":0}' '{"op":"commit","seq":0,"computed":5}' '{"op":"free","seq":0}' \
    '{"op":"end","expect":{"hit_blocks":0,"fresh_blocks":2,"evictions":0,"peak_used_blocks":2,"cached_blocks_at_end":1,"used_blocks_at_end":0}}' >"$TRACE"
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -20; }
skip() { echo "skip $1"; }

# A checkout-shaped folder whose block manager is never reached (the packages are checked first).
mkdir -p "$T/fake/nanovllm/engine"
printf 'raise SystemExit("nanovllm.sh: the fake block manager must not be loaded")\n' >"$T/fake/nanovllm/engine/block_manager.py"

# -- without the option: one line saying what to pass, and the bench goes on
"$EXE" bench --trace "$TRACE" --python-baseline off >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && [ "$(grep -c '^nano_vllm_baseline' "$T/out")" = 1 ] \
    && grep -q '^nano_vllm_baseline    skipped: pass --nano-vllm PATH, a nano-vllm checkout (git clone https://github.com/GeeeekExplorer/nano-vllm)' "$T/out" \
    && grep -q '^ops_per_second' "$T/out"; then ok "no --nano-vllm: one skip line naming what to pass"
else fail "no --nano-vllm (status $st)" "$(cat "$T/out" "$T/err")"; fi

# -- usage errors: exit 64, one line, before any replay
usage() {
    local name=$1 pattern=$2; shift 2
    "$EXE" "$@" >"$T/out" 2>"$T/err" </dev/null; local st=$?
    if [ $st = 64 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -Eq -- "$pattern" "$T/err" && [ ! -s "$T/out" ]; then ok "$name"
    else fail "$name (status $st)" "$(cat "$T/out" "$T/err")"; fi
}
usage "--nano-vllm: a missing path" '^kvviz: --nano-vllm: .*/nope: no such file or folder; pass the folder of a nano-vllm checkout' \
    bench --trace "$TRACE" --nano-vllm "$T/nope"
usage "--nano-vllm: a folder without nanovllm/engine/block_manager.py" '^kvviz: --nano-vllm: .*: has no nanovllm/engine/block_manager.py' \
    bench --trace "$TRACE" --nano-vllm "$T"
usage "--nano-vllm without --trace" '^kvviz: --nano-vllm: .*pass --trace FILE too' bench --frame --nano-vllm "$T/fake"

if ! command -v python3 >/dev/null; then
    "$EXE" bench --trace "$TRACE" --python-baseline off --nano-vllm "$T/fake" >"$T/out" 2>"$T/err"; st=$?
    if [ $st = 0 ] && grep -q '^nano_vllm_baseline    skipped: python3 is not on PATH (it needs numpy and xxhash' "$T/out"; then ok "no python3: one skip line"
    else fail "no python3 (status $st)" "$(cat "$T/out" "$T/err")"; fi
    echo "nanovllm: $passed passed, $failed failed"
    [ "$failed" = 0 ]; exit
fi

# -- numpy and xxhash missing (hidden by modules that fail to import): one line saying what to
#    install, the JSON's speedup is null, exit 0
mkdir -p "$T/shadow"
for module in numpy xxhash; do printf 'raise ImportError("hidden by nanovllm.sh")\n' >"$T/shadow/$module.py"; done
PYTHONPATH="$T/shadow" "$EXE" bench --trace "$TRACE" --python-baseline off --nano-vllm "$T/fake" >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && [ "$(grep -c '^nano_vllm_baseline' "$T/out")" = 1 ] \
    && grep -q '^nano_vllm_baseline    skipped: nanovllm_replay: .*python3.* has no numpy or xxhash, which nano-vllm.s block manager imports: pip install numpy xxhash' "$T/out" \
    && ! grep -q 'must not be loaded' "$T/out" "$T/err"; then ok "numpy and xxhash missing: one skip line naming pip install numpy xxhash"
else fail "numpy and xxhash missing (status $st)" "$(cat "$T/out" "$T/err")"; fi
PYTHONPATH="$T/shadow" "$EXE" bench --trace "$TRACE" --python-baseline off --nano-vllm "$T/fake" --json >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
assert report["speedup_vs_nano_vllm"] is None and report["nano_vllm_ops_per_second"] is None, report
assert "pip install numpy xxhash" in report["nano_vllm_baseline_skipped"], report
' "$T/out" 2>"$T/perr"; then ok "numpy and xxhash missing, --json: the speedup is null, the reason is there"
else fail "numpy and xxhash missing, --json (status $st)" "$(cat "$T/perr" "$T/err"; head -c 600 "$T/out")"; fi

# -- the driver only from the binary's install or checkout, never from the working directory
mkdir -p "$T/download/Benchmarks/python" "$T/loose" "$T/prefix/bin" "$T/prefix/share/kvviz"
printf 'open(%s, "w").write("ran")\n' "\"$T/pwned\"" >"$T/download/Benchmarks/python/nanovllm_replay.py"
cp "$EXE" "$T/loose/kvviz"
(cd "$T/download" && "$T/loose/kvviz" bench --trace "$TRACE" --python-baseline off --nano-vllm "$T/fake" >"$T/out" 2>"$T/err"); st=$?
if [ $st = 0 ] && [ ! -e "$T/pwned" ] && grep -q '^nano_vllm_baseline    skipped: Benchmarks/python/nanovllm_replay.py not found beside the kvviz binary' "$T/out"
then ok "the driver is never taken from the working directory"
else fail "driver from the working directory (status $st)" "$(cat "$T/out" "$T/err")"; fi
printf '%s\n' 'import sys' 'print("progress", file=sys.stderr)' 'print("nanovllm_replay: installed driver ran with " + " ".join(sys.argv[1:3]), file=sys.stderr)' 'sys.exit(3)' \
    >"$T/prefix/share/kvviz/nanovllm_replay.py"
cp "$EXE" "$T/prefix/bin/kvviz"
(cd "$T/download" && "$T/prefix/bin/kvviz" bench --trace "$TRACE" --python-baseline off --nano-vllm "$T/fake" >"$T/out" 2>"$T/err"); st=$?
if [ $st = 0 ] && [ ! -e "$T/pwned" ] && grep -qF "nano_vllm_baseline    skipped: nanovllm_replay: installed driver ran with --nano-vllm=$T/fake $TRACE" "$T/out"
then ok "the installed driver runs (its exit 3 line is the reason)"
else fail "installed driver (status $st)" "$(cat "$T/out" "$T/err")"; fi

# -- the driver itself, where python3 has numpy and xxhash
if ! python3 -c 'import numpy, xxhash' 2>/dev/null; then
    skip "the driver's own checks: $(command -v python3) has no numpy or xxhash (pip install numpy xxhash, or put such a python3 first on PATH)"
else
    # A block manager of nano-vllm's API before chunked prefill (no hash_blocks): refused, exit 3.
    mkdir -p "$T/old/nanovllm/engine"
    printf '%s\n' 'class BlockManager:' '    def can_allocate(self, seq): return True' '    def allocate(self, seq): pass' \
        '    def may_append(self, seq): pass' '    def deallocate(self, seq): pass' >"$T/old/nanovllm/engine/block_manager.py"
    python3 "$DRIVER" --nano-vllm "$T/old" "$SMALL" >"$T/out" 2>"$T/err"; st=$?
    if [ $st = 3 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q 'BlockManager lacks hash_blocks; use a nano-vllm checkout from April 2026 or later' "$T/err"
    then ok "driver: a block manager without hash_blocks is refused with one line (exit 3)"
    else fail "driver: old block manager (status $st)" "$(cat "$T/out" "$T/err")"; fi

    if [ -z "${NANO_VLLM_CHECKOUT:-}" ] || [ ! -f "$NANO_VLLM_CHECKOUT/nanovllm/engine/block_manager.py" ]; then
        skip "the real replay: set NANO_VLLM_CHECKOUT to a nano-vllm checkout (git clone https://github.com/GeeeekExplorer/nano-vllm)"
    else
        python3 "$DRIVER" --nano-vllm "$NANO_VLLM_CHECKOUT" "$SMALL" --runs 1 --min-seconds 0 >"$T/out" 2>"$T/err"; st=$?
        if [ $st = 0 ] && [ "$(grep -c ' ok$' "$T/out")" = 7 ] && grep -q '^ops_per_second *[1-9]' "$T/out"
        then ok "driver: nano-vllm's BlockManager gives every expected total of small.kvtrace"
        else fail "driver: real replay (status $st)" "$(cat "$T/out" "$T/err")"; fi

        # One expected total off by one: the checking pass names it and exits 1 before timing.
        sed '$s/"evictions":\([0-9]*\)/"evictions":1\1/' "$SMALL" >"$T/wrong.kvtrace"
        python3 "$DRIVER" --nano-vllm "$NANO_VLLM_CHECKOUT" "$T/wrong.kvtrace" >"$T/out" 2>"$T/err"; st=$?
        if [ $st = 1 ] && grep -q 'evictions: expected 1[0-9]*, nano-vllm gives [0-9]' "$T/err" && [ ! -s "$T/out" ]
        then ok "driver: a wrong expected total is caught (exit 1, the field named)"
        else fail "driver: wrong total (status $st)" "$(cat "$T/out" "$T/err")"; fi

        "$EXE" bench --trace "$TRACE" --python-baseline off --nano-vllm "$NANO_VLLM_CHECKOUT" --json >"$T/out" 2>"$T/err"; st=$?
        if [ $st = 0 ] && python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
# A debug build replays slowly: the ratio may round to 0.0, it is still a number.
speedup, nano = report["speedup_vs_nano_vllm"], report["nano_vllm_ops_per_second"]
assert isinstance(speedup, (int, float)) and nano > 0, report
assert abs(speedup - report["ops_per_second"] / nano) <= 0.006 + 0.001 * speedup, report
assert "block_manager.py" in report["nano_vllm_block_manager"], report
' "$T/out" 2>"$T/perr"; then ok "bench --trace --nano-vllm --json: the speedup against nano-vllm's BlockManager"
        else fail "bench --nano-vllm --json (status $st)" "$(cat "$T/perr" "$T/err"; head -c 800 "$T/out")"; fi
    fi
fi

echo "nanovllm: $passed passed, $failed failed"
[ "$failed" = 0 ]
