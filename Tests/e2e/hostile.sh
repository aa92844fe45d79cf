#!/usr/bin/env bash
# The hostile-inputs corpus (Tests/Hostile/README.md): every case exits 1 with one line on
# stderr, no escape or bell byte in it, within 10 s and under 1 GiB of peak memory.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
H=Tests/Hostile
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | cat -v | sed 's/^/     | /' | head -20; }
MAX_KB=$((1024 * 1024))

# Peak memory: GNU time's maximum RSS where it exists; otherwise an address-space limit
# (ulimit -v, 4 GiB: a run that wants more fails instead of passing unmeasured).
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true 2>/dev/null; then
    measured() { /usr/bin/time -f %M -o "$T/rss" "$@"; }
else
    measured() { echo 0 >"$T/rss"; (ulimit -v $((4 * 1024 * 1024)); "$@"); }
fi

# hostile NAME REGEX -- ARGS: status 1 (WANT=64 hostile ...: a usage error, 64), one stderr line matching REGEX, no ESC/BEL, 10 s, 1 GiB.
hostile() {
    local name=$1 pattern=$2; shift 3
    measured timeout -s KILL 10 "$EXE" "$@" >"$T/out" 2>"$T/err" </dev/null; local st=$?
    local lines rss; lines=$(wc -l <"$T/err"); rss=$(tail -n 1 "$T/rss" | grep -Eo '^[0-9]+$' || echo 0)
    if [ "$st" != "${WANT:-1}" ]; then fail "$name (status $st, want ${WANT:-1}; 137 means killed after 10 s)" "$(head -c 600 "$T/err")"
    elif [ "$lines" != 1 ]; then fail "$name ($lines stderr lines)" "$(head -c 600 "$T/err")"
    elif ! grep -Eq -- "$pattern" "$T/err"; then fail "$name (message does not match /$pattern/)" "$(cat "$T/err")"
    elif LC_ALL=C grep -q $'[\x1b\x07\x9b]' "$T/err" "$T/out"; then fail "$name (escape or bell byte echoed)" "$(cat "$T/err")"
    elif [ "$rss" -gt "$MAX_KB" ]; then fail "$name (peak memory $rss KB)"
    else ok "$name"; fi
}

# Alias bombs and nesting
hostile "alias bomb" 'alias-bomb.yaml:[0-9]+: .*aliases' -- render "$H/alias-bomb.yaml"
for brk in cr nel ls ps; do
    hostile "alias bomb, $brk line breaks" "alias-bomb-$brk.yaml:[0-9]+: .*aliases" -- render "$H/alias-bomb-$brk.yaml"
done
hostile "alias bomb as a key" 'alias-bomb-key.yaml:[0-9]+: .*aliases' -- render "$H/alias-bomb-key.yaml"
python3 -c 'print("title: " + "[" * 100000 + "]" * 100000)' >"$T/deep.yaml"
hostile "100,000 nested brackets" 'deep.yaml:1: .*nests' -- render "$T/deep.yaml"
python3 -c 'print("title:\n" + "- " * 5000 + "a")' >"$T/lists.yaml"
hostile "5,000 nested block lists" 'lists.yaml:2: .*nests' -- render "$T/lists.yaml"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$T/big.yaml"
hostile "a 2 MB scenario" 'big.yaml: is 2000000 bytes, more than' -- render "$T/big.yaml"

# Files that are not regular files
mkdir "$T/dir.yaml" "$T/dir.kvtrace"
mkfifo "$T/fifo.yaml" "$T/fifo.kvtrace"
hostile "scenario is a directory" 'dir.yaml: is a directory' -- render "$T/dir.yaml"
hostile "scenario is a FIFO" 'fifo.yaml: is a FIFO' -- render "$T/fifo.yaml"
hostile "scenario is a device" '/dev/zero: is a character device' -- render /dev/zero
hostile "trace is a directory" 'dir.kvtrace: is a directory' -- bench --trace "$T/dir.kvtrace" --python-baseline off
hostile "trace is a FIFO" 'fifo.kvtrace: is a FIFO' -- bench --trace "$T/fifo.kvtrace" --python-baseline off
hostile "trace is a device" '/dev/urandom: is a character device' -- bench --trace /dev/urandom --python-baseline off
hostile "trace is missing" 'nope.kvtrace: no such file' -- bench --trace "$T/nope.kvtrace" --python-baseline off
hostile "play: scenario is a directory" 'dir.yaml: is a directory' -- play "$T/dir.yaml"
hostile "play: scenario is a FIFO" 'fifo.yaml: is a FIFO' -- play "$T/fifo.yaml"
hostile "play: scenario is a device" '/dev/zero: is a character device' -- play /dev/zero
mkfifo "$T/fifo.json"; mkdir "$T/dir.json"; cp "$H/config-fifo.yaml" "$T/"
hostile "scenario config: is a FIFO" 'config-fifo.yaml:4: config: .*fifo.json: is a FIFO' -- render "$T/config-fifo.yaml"
hostile "--config is a FIFO" 'fifo.json: is a FIFO' -- memory --config "$T/fifo.json"
hostile "--config is a directory" 'dir.json: is a directory' -- simulate --config "$T/dir.json"
hostile "--config is a device" '/dev/zero: is a character device' -- compare --config /dev/zero

# Control characters from files and flags are escaped
hostile "escapes in a scenario value" 'escape-view.yaml:2: .*\\e\]0;pwned\\u\{7\}' -- render "$H/escape-view.yaml"
hostile "escapes in a scenario key" 'escape-key.yaml:2: .*\\e\[2J' -- render "$H/escape-key.yaml"
hostile "escapes in a trace op" 'escape-op.kvtrace:2: .*\\e\]0;pwned' -- bench --trace "$H/escape-op.kvtrace" --python-baseline off
hostile "escapes in a flag value" 'gpt\\e\]0;x\\u\{7\}' -- memory --config $'gpt\e]0;x\a'
# A preset flag is a typed argument: a usage error (64), its echo escaped too.
"$EXE" memory --model $'gpt\e]0;x\a' >"$T/out" 2>"$T/err" </dev/null; st=$?
if [ $st = 64 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q 'gpt\\e\]0;x' "$T/err" && ! LC_ALL=C grep -q $'[\x1b\x07]' "$T/err"
then ok "escapes in a typed flag value (usage error)"; else fail "escapes in a typed flag value (status $st)" "$(cat "$T/err")"; fi
hostile "escapes in a scenario path" 'no\\e\[2J' -- render $'no\e[2J.yaml'

# Sizes from flags: refused from the computed footprint before anything is allocated
WANT=64 hostile "decode --max-tokens Int.max" 'max-tokens' -- decode --prompt a --max-tokens 9223372036854775807
for cmd in simulate compare; do
    WANT=64 hostile "$cmd: 2e9 blocks of 1 slot" 'capacity-tokens: is 2000000000, above the' -- $cmd --capacity-tokens 2000000000 --block-size 1
    WANT=64 hostile "$cmd: 1e12 blocks of 1024" 'capacity-tokens: is 1024000000000000, above the' -- $cmd --capacity-tokens 1024000000000000 --block-size 1024
    WANT=64 hostile "$cmd: --capacity-tokens Int.max" 'capacity-tokens: is 9223372036854775807, above the' -- $cmd --capacity-tokens 9223372036854775807
    WANT=64 hostile "$cmd: --requests Int.max" 'requests: is 9223372036854775807; use at most' -- $cmd --requests 9223372036854775807
    WANT=64 hostile "$cmd: --max-model-len Int.max" 'max-model-len: is 9223372036854775807, above the' -- $cmd --max-model-len 9223372036854775807
    WANT=64 hostile "$cmd: --max-num-batched-tokens Int.max" 'max-num-batched-tokens: 9223372036854775807 is too large' -- $cmd --max-num-batched-tokens 9223372036854775807
    WANT=64 hostile "$cmd: --max-num-seqs Int.max" 'max-num-seqs: is 9223372036854775807, above the' -- $cmd --max-num-seqs 9223372036854775807 --requests 10
    hostile "$cmd: 2^26 blocks of 1 slot (under the slot ceiling)" 'needs 4.75 GiB of bookkeeping, above the 512 MiB ceiling' -- $cmd --capacity-tokens 67108864 --block-size 1
done
WANT=64 hostile "simulate: --block-size Int.max" 'block-size: is 9223372036854775807, above the' -- simulate --block-size 9223372036854775807

# Sizes from scenario files, loaded by render (headless) and by play (the interactive UI;
# refused before the terminal is touched)
for cmd in render play; do
    hostile "$cmd: {cache_saving n=Int.max}" 'placeholder-cache-saving.yaml:7: narration\[0\]\.en: placeholder \{cache_saving\}: n= expects a positive integer of at most' -- $cmd "$H/placeholder-cache-saving.yaml"
    hostile "$cmd: {max_concurrent seq_len=Int.max}" 'placeholder-max-concurrent.yaml:7: .*seq_len= expects a positive integer of at most' -- $cmd "$H/placeholder-max-concurrent.yaml"
    hostile "$cmd: {kv_bytes kv_heads=2^62}" 'placeholder-kv-heads.yaml:7: .*kv_heads= expects a positive integer of at most 4096' -- $cmd "$H/placeholder-kv-heads.yaml"
    hostile "$cmd: a 200,000 x 1,024 pool" 'max-memory-pool.yaml:5: pool: 200000 blocks of 1024 slots need 796.88 MiB .* above the 32 MiB ceiling' -- $cmd "$H/max-memory-pool.yaml"
    hostile "$cmd: a model-sized pool of a million blocks" 'model-sized-pool.yaml:4: model: .*1,?0[0-9]{2},?[0-9]{3} blocks of 1 slots are more than the 200000' -- $cmd "$H/model-sized-pool.yaml"
done

# Issue 24: sizes that once blew up, refused before the work
hostile "a trace of 10,000,000 one-slot blocks" 'ten-million-blocks.kvtrace:1: num_blocks 10000000 x block_size 1 needs [0-9]+ MiB' -- bench --trace "$H/ten-million-blocks.kvtrace" --python-baseline off
for cmd in render play; do
    hostile "$cmd: a request arriving at step 999,999,999" 'late-arrival.yaml:[0-9]+: requests\[0\]\.arrival: .*at most 10000' -- $cmd "$H/late-arrival.yaml"
done
WANT=64 hostile "bench --engine-steps near Int.max" 'engine-steps: is 9223372036854775806; use 1 to' -- bench --engine --engine-steps 9223372036854775806

# Issue 21: malformed request traces (--workload-file): one located line, exit 1
A='TIMESTAMP,ContextTokens,GeneratedTokens'
m() { printf '{"timestamp": %s, "input_length": %s, "output_length": %s, "hash_ids": %s}\n' "$@"; }
printf 'TIMESTAMP,ContextTokens\n2023-11-16 18:00:00,5\n' >"$T/cols.csv"
m 0 5 1 '[1]' >"$T/neg.jsonl"; m 1 5 -2 '[1]' >>"$T/neg.jsonl"
printf '%s\n2023-11-16 18:00:00,99999999999999999999999,3\n' "$A" >"$T/huge.csv"
m 0 5 1 '[1]' >"$T/unsorted.jsonl"; m 100 5 1 '[1]' >>"$T/unsorted.jsonl"; m 40 5 1 '[1]' >>"$T/unsorted.jsonl"
printf '%s\n2023-11-16 18:00:00,five,3\n' "$A" >"$T/text.csv"
m '"now"' 5 1 '[1]' >"$T/text.jsonl"
: >"$T/empty.csv"
printf '%s\n2023-11-16 18:00:00,5,3\n' "$A" >"$T/gigabyte.csv"; truncate -s 1G "$T/gigabyte.csv"
for cmd in simulate compare; do
    hostile "$cmd: a trace missing a column" 'cols.csv:1: field GeneratedTokens: is missing from the header' -- $cmd --workload-file "$T/cols.csv"
    hostile "$cmd: a negative length" 'neg.jsonl:2: field output_length: is -2; use a token count of 0 or more' -- $cmd --workload-file "$T/neg.jsonl"
    hostile "$cmd: a huge length" 'huge.csv:2: field ContextTokens: is 9+, above the 67108864 tokens' -- $cmd --workload-file "$T/huge.csv"
    hostile "$cmd: unsorted timestamps" 'unsorted.jsonl:3: field timestamp: arrives 60 ms before the request on line 2; sort' -- $cmd --workload-file "$T/unsorted.jsonl"
    hostile "$cmd: a non-numeric length" 'text.csv:2: field ContextTokens: "five" is not a whole number' -- $cmd --workload-file "$T/text.csv"
    hostile "$cmd: a non-numeric timestamp" 'text.jsonl:1: field timestamp: is a string, not a number' -- $cmd --workload-file "$T/text.jsonl"
    hostile "$cmd: an empty trace" 'empty.csv: is empty; give an Azure CSV or a Mooncake JSONL' -- $cmd --workload-file "$T/empty.csv"
    hostile "$cmd: a 1 GB line" 'gigabyte.csv:3: line is longer than 1048576 bytes' -- $cmd --workload-file "$T/gigabyte.csv"
    hostile "$cmd: a trace that is a directory" 'dir.kvtrace: is a directory' -- $cmd --workload-file "$T/dir.kvtrace"
done
rm -f "$T/gigabyte.csv"

# Issue 24: user text echoed on stdout is escaped too (decode's prompt, demo --list's names)
"$EXE" decode --prompt $'ab\e]0;pwned\a\e]52;c;cHduZWQ=\a\e[2J\u202e' --max-tokens 2 >"$T/out" 2>"$T/err" </dev/null; st=$?
if [ $st = 0 ] && grep -q 'prompt: "ab\\e\]0;pwned' "$T/out" && ! LC_ALL=C grep -q $'[\x1b\x07]' "$T/out" && ! grep -q $'\u202e' "$T/out"
then ok "decode --prompt with escapes and U+202E: echoed escaped"; else fail "decode --prompt escapes (status $st)" "$(cat "$T/out" "$T/err")"; fi
mkdir -p "$T/demos"; cp demos/06-paged-attention.yaml "$T/demos/"$'01-x\e]0;pwned\a.yaml'
"$EXE" demo --list --demos "$T/demos" >"$T/out" 2>"$T/err" </dev/null; st=$?
if ! LC_ALL=C grep -q $'[\x1b\x07]' "$T/out" "$T/err" && grep -q 'x\\e\]0;pwned' "$T/out" "$T/err"
then ok "demo --list with escapes in a file name: escaped (status $st)"; else fail "demo --list escapes (status $st)" "$(cat "$T/out" "$T/err")"; fi

# A baseline script that writes 1 MB to stderr (more than a pipe holds) before failing: the
# benchmark must report it skipped, not deadlock.
printf '%s\n' 'import sys' 'sys.stderr.write("x" * 1000000 + "\n\x1b]0;pwned\x07last line\n")' 'sys.exit(3)' >"$T/noisy.py"
timeout -s KILL 60 "$EXE" bench --trace Tests/Fixtures/traces/small.kvtrace --python-baseline "$T/noisy.py" >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -q 'python_baseline *skipped: .*noisy.py failed (exit 3): \\e\]0;pwned\\u{7}last line' "$T/out"; then ok "python baseline writing 1 MB to stderr"
else fail "python baseline writing 1 MB to stderr (status $st; 137 means it hung)" "$(tail -c 600 "$T/out"; head -c 300 "$T/err")"; fi

echo "hostile inputs: $passed passed, $failed failed"
[ "$failed" = 0 ]
