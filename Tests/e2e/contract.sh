#!/usr/bin/env bash
# The documented contract (issue 24): every usage error (a bad or out-of-range value, a missing
# required option, an unknown flag) exits 64 with one line `kvviz: <what>: <why>; <fix>`;
# negative numbers are read as values; every --json output parses as one JSON document, with
# numbers printed as entered.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
TRACE=Tests/Fixtures/traces/small.kvtrace
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -20; }

usage_errors=(
    "memory --model llama-2-7b --seq-len 0"
    "memory --model llama-2-7b --seq-len -5"
    "memory --model llama-2-7b --tp 0"
    "memory --model llama-2-7b --gpu-util 1.5"
    "memory --model llama-2-7b --gpu-util -0.5"
    "memory --model llama-2-7b --batch 0"
    "memory --model llama-2-7b --kv-heads 3"
    "memory"
    "memory --model gpt-9"
    "simulate --requests 0"
    "simulate --requests -3"
    "simulate --requests 2000000"
    "compare --allocator nope"
    "compare --requests 5 --block-size 0"
    "decode --prompt a --max-tokens 0"
    "decode --prompt a --max-tokens 2 --temperature -1"
    "decode --prompt a"
    "bench"
    "bench --engine --engine-steps 0"
    "bench --engine --engine-steps 9223372036854775806"
    "bench --engine --engine-steps 1000000"
    "bench --frame --decoder --json"
    "render paged-attention --steps -3"
    "render paged-attention --size 10x10"
    "render paged-attention --format gif"
    "render paged-attention --speed -1"
    "render paged-attention --atomic"
    "demo no-such-walkthrough"
    "--no-such-flag"
    "memory --model llama-2-7b --pp 0"
    "simulate --max-model-len 9223372036854775807"
    "compare --max-model-len 99999999999"
    "memory --model llama-2-7b --pp -2"
    "memory --model llama-2-7b --max-model-len 0"
    "memory --model llama-2-7b --vllm 0.1"
    "compare --gpu-util 0"
    "compare --gpu-util 1.5"
    "compare --fit-spread --workload chat"
    "explain"
    "explain Tests/Fixtures/vllm-logs/vllm-0.6.5-llama-3-8b-h100.log --gpu h100-80gb"
    "check no-such-walkthrough"
    "attach"
    "attach udp://127.0.0.1:1"
    "attach tcp://127.0.0.1:1 --json --timeout -1"
    "replay"
    "simulate --publish udp://x:1"
    "simulate --requests 5 --publish tcp://127.0.0.1:5557 --steps-per-second -1"
    "bench --events --trace $TRACE --json"
    "simulate --time-scale 2"
    "simulate --workload-file Tests/Fixtures/workloads/azure-code-100.csv --time-scale 0"
    "simulate --workload-file Tests/Fixtures/workloads/azure-code-100.csv --step-ms -1"
    "compare --workload-file Tests/Fixtures/workloads/azure-code-100.csv --workload uniform"
    "simulate --workload-file Tests/Fixtures/workloads/azure-code-100.csv --workload-format xml"
)
for command in "${usage_errors[@]}"; do
    read -ra args <<<"$command"
    "$EXE" "${args[@]}" >"$T/out" 2>"$T/err" </dev/null; st=$?
    if [ $st = 64 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -Eq '^kvviz: [^:]+: .+' "$T/err" \
        && ! grep -Eq 'numRequests|NSCocoa|Error Domain|Swift\.' "$T/err"; then ok "64: $command"
    else fail "usage error exits 64 with one kvviz: line: $command (status $st)" "$(cat "$T/err")"; fi
done

# A negative number is a value (its own error), never taken for a flag.
"$EXE" decode --prompt a --max-tokens 2 --temperature -1 2>"$T/err" >/dev/null
if grep -q -- '--temperature: is -1' "$T/err"; then ok "--temperature -1 is read as a value"; else fail "--temperature -1" "$(cat "$T/err")"; fi

# Every --json output is exactly one JSON document.
json_runs=(
    "memory --model llama-2-7b --json"
    "memory --list --json"
    "simulate --requests 20 --json"
    "compare --requests 20 --json"
    "decode --prompt hello --max-tokens 3 --temperature 0.8 --json"
    "bench --trace $TRACE --python-baseline off --json"
    "bench --engine --engine-steps 50 --json"
    "memory --config Tests/Fixtures/model-configs/calibration/google--gemma-3-27b-it/config.json --gpu h100-80gb --json"
    "compare --requests 20 --gpu-util 0.9 --json"
    "simulate --workload-file Tests/Fixtures/workloads/mooncake-conversation-200.jsonl --model qwen2.5-7b --json"
    "compare --workload-file Tests/Fixtures/workloads/azure-conv-200.csv --capacity-tokens 40000 --json"
)
for command in "${json_runs[@]}"; do
    read -ra args <<<"$command"
    "$EXE" "${args[@]}" >"$T/out" 2>"$T/err" </dev/null; st=$?
    if [ $st = 0 ] && python3 -c 'import json, sys; json.loads(sys.stdin.read())' <"$T/out" 2>"$T/perr"; then ok "one JSON document: $command"
    else fail "one JSON document: $command (status $st)" "$(cat "$T/perr" "$T/err"; head -c 300 "$T/out")"; fi
done
"$EXE" decode --prompt hello --max-tokens 3 --temperature 0.8 --json >"$T/out" 2>/dev/null
if grep -q '"temperature": 0.8,' "$T/out"; then ok "decode --json prints the temperature as entered"; else fail "temperature as entered" "$(grep temperature "$T/out")"; fi

echo "contract: $passed passed, $failed failed"
[ "$failed" = 0 ]
