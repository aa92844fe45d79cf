#!/usr/bin/env bash
# End-to-end tests of kvviz's commands: figures, JSON, exit statuses and one-line errors.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
EXE=${KVVIZ_EXE:-$(swift build --show-bin-path)/kvviz}
TRACES=${KVVIZ_TRACES:-Tests/Fixtures/traces}
REPO_DEMOS=$(pwd)/demos
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/     | /' | head -20; }

# expect_error NAME REGEX -- ARGS: exit 1, one line on stderr matching REGEX, nothing crashes.
expect_error() {
    local name=$1 pattern=$2; shift 3
    "$EXE" "$@" >"$T/out" 2>"$T/err" </dev/null; local st=$?
    local lines; lines=$(wc -l <"$T/err")
    if [ $st = 1 ] && [ "$lines" = 1 ] && grep -Eq -- "$pattern" "$T/err"; then ok "$name"
    else fail "$name (status $st, $lines stderr lines)" "$(cat "$T/err")"; fi
}
# expect_usage NAME REGEX -- ARGS: a usage error: exit 64, one line on stderr matching REGEX.
expect_usage() {
    local name=$1 pattern=$2; shift 3
    "$EXE" "$@" >"$T/out" 2>"$T/err" </dev/null; local st=$?
    local lines; lines=$(wc -l <"$T/err")
    if [ $st = 64 ] && [ "$lines" = 1 ] && grep -Eq -- "$pattern" "$T/err"; then ok "$name"
    else fail "$name (status $st, $lines stderr lines)" "$(cat "$T/err")"; fi
}
# expect_ok NAME REGEX -- ARGS: exit 0 and stdout matches REGEX.
expect_ok() {
    local name=$1 pattern=$2; shift 3
    "$EXE" "$@" >"$T/out" 2>"$T/err" </dev/null; local st=$?
    if [ $st = 0 ] && grep -Eq -- "$pattern" "$T/out"; then ok "$name"
    else fail "$name (status $st)" "$(head -c 2000 "$T/out"; cat "$T/err")"; fi
}

# memory
expect_ok "memory: 7B fp16 is 524,288 B a token" '"kv_bytes_per_token" *: *524288' -- memory --model llama-2-7b --json
expect_ok "memory: 70B GQA at 4096 tokens" '"kv_bytes" *: *1342177280' -- memory --model llama-2-70b --seq-len 4096 --json
expect_ok "memory: 70B with 64 KV heads is 8x" '"kv_bytes" *: *10737418240' -- memory --model llama-2-70b --seq-len 4096 --kv-heads 64 --json
expect_ok "memory: 70B on one A100 is a verdict, not an error" 'smallest --tp that fits: 2' -- memory --model llama-2-70b --seq-len 4096
expect_ok "memory: --list --json" '"models"' -- memory --list --json
expect_ok "memory: MLA preset" '70,272 B/token \(MLA\)' -- memory --model deepseek-v3 --gpu h200-141gb --tp 8
expect_ok "memory: --config reads a config.json" '"kv_bytes_per_token" *: *131072' -- memory --config Tests/Fixtures/model-configs/mistral-7b-v0.1.json --json
expect_error "memory: --config that is not JSON" 'not-json.json: is not JSON' -- memory --config Tests/Fixtures/model-configs/not-json.json
expect_error "memory: --config missing a field" "field 'num_attention_heads' is missing" -- memory --config Tests/Fixtures/model-configs/missing-field.json
expect_error "memory: --config heads not divisible" 'not divisible by num_key_value_heads' -- memory --config Tests/Fixtures/model-configs/heads-not-divisible.json
expect_usage "memory: unknown model is a usage error listing the presets" 'gpt-9.*llama-2-7b.*deepseek-v3' -- memory --model gpt-9
expect_usage "simulate: unknown GPU is a usage error listing the presets" 'h100-80gb' -- simulate --gpu b200
expect_usage "compare: unknown workload is a usage error listing the presets" "'chat', 'uniform' or 'sharegpt'" -- compare --workload zipf
expect_usage "memory: unknown dtype is a usage error" "'fp8'" -- memory --model llama-2-7b --dtype int3
expect_ok "memory: preset names ignore case" '"model" *: *"llama-2-70b"' -- memory --model LLaMA-2-70B --json
expect_ok "completion: bash offers the model presets" 'deepseek-v3' -- --generate-completion-script bash
expect_usage "memory: zero seq-len" 'seq-len' -- memory --model llama-2-7b --seq-len 0
expect_usage "memory: zero pipeline stages" "pp" -- memory --model llama-2-7b --pp 0
expect_usage "memory: a context past 2^30 tokens" "max-model-len" -- memory --model llama-2-7b --max-model-len 9223372036854775807
expect_usage "memory: pipeline stages past 1024" "pp" -- memory --model llama-2-7b --pp 9223372036854775807
expect_ok "memory: --vllm 0.20 subtracts the CUDA graphs" '"cuda_graph_subtracted" *: *true' -- memory --model llama-3-8b --gpu h100-80gb --vllm 0.20 --json
expect_ok "memory: a hybrid config has KV-cache groups" '8 padding layers, may waste at most 15.38%' -- memory --config Tests/Fixtures/model-configs/calibration/google--gemma-3-27b-it/config.json --gpu h100-80gb --gpu-util 0.95 --max-model-len 8192 --seq-len 8192
expect_ok "memory: a max_model_len the pool cannot hold is refused as vLLM would" 'vLLM would refuse to start: one request of 150,000 tokens needs 73.24 GiB' -- memory --model llama-2-7b --max-model-len 150000
expect_usage "memory: an unknown --vllm is a usage error" "0.19|0.20" -- memory --model llama-2-7b --vllm 0.1
expect_usage "memory: --vllm past the 0.x series is a usage error" "--vllm: 9.9 is not a vLLM release kvviz follows" -- memory --model llama-2-7b --vllm 9.9

# explain
L=Tests/Fixtures/vllm-logs
expect_ok "explain: a 0.19 log, every term" 'CUDA graphs take 0.84 GiB' -- explain $L/vllm-0.19.0-llama-3.1-8b-h100.log
expect_ok "explain: prediction beside the log" 'KV cache size \(tokens\) +476,016 +475,888' -- explain $L/vllm-0.19.0-llama-3.1-8b-h100.log --config Tests/Fixtures/model-configs/calibration/meta-llama--Llama-3.1-8B-Instruct/config.json
expect_ok "explain: a refusal with its numbers" '23,648 \(1,478 blocks x 16\), 5,352 short' -- explain $L/vllm-0.6.4-rtx3090-refusal.log
expect_ok "explain: zh" '加载权重占了 14.96 GiB' -- explain $L/vllm-0.6.5-llama-3-8b-h100.log --lang zh
if "$EXE" explain - < $L/vllm-0.2.7-refusal.log | grep -q '3,664 or less'; then ok "explain: - reads standard input"; else fail "explain: - reads standard input"; fi
expect_error "explain: another program's log names its line" "sglang-not-vllm.log: line 1 'KV Cache is allocated" -- explain $L/sglang-not-vllm.log
expect_error "explain: a truncated log names its last line" 'ends at line 6 .* before vLLM sized its KV cache' -- explain $L/vllm-0.19.0-truncated.log
expect_error "explain: a missing file" 'nope.log' -- explain $L/nope.log
sed 's/[0-9][0-9]*/99999999999999999999999/g' $L/vllm-0.19.0-llama-3.1-8b-h100.log > "$T/huge.log"
expect_error "explain: figures past any real log are one line, no trap" "huge.log" -- explain "$T/huge.log" --model llama-3-8b
expect_error "explain: a config with a missing field" "field 'num_attention_heads' is missing" -- explain $L/vllm-0.6.5-llama-3-8b-h100.log --config Tests/Fixtures/model-configs/missing-field.json
expect_usage "explain: --gpu without a model" '--config FILE or --model ID' -- explain $L/vllm-0.6.5-llama-3-8b-h100.log --gpu h100-80gb
expect_usage "memory: negative block size" 'block-size' -- memory --model llama-2-7b --block-size=-4
expect_error "simulate: model too big for the GPU" 'fit' -- simulate --model llama-2-70b --gpu l4-24gb --requests 5

# bench --trace
if [ ! -f "$TRACES/small.kvtrace" ]; then
    fail "bench: trace fixture $TRACES/small.kvtrace is missing"
else
    expect_ok "bench: small.kvtrace matches its totals" 'hit_blocks' -- bench --trace "$TRACES/small.kvtrace"
    head -n 500 "$TRACES/small.kvtrace" | head -c 20000 >"$T/trunc.kvtrace"
    expect_error "bench: truncated trace names the line" 'trunc.kvtrace:[0-9]+' -- bench --trace "$T/trunc.kvtrace"
fi
printf '{"format":"kvtrace","version":1,"block_size":16,"num_blocks":4}\n{"op":"alloc","seq":0}\n' >"$T/bad.kvtrace"
expect_error "bench: malformed op names the line" 'bad.kvtrace:2' -- bench --trace "$T/bad.kvtrace"
expect_error "bench: missing file" 'nope.kvtrace' -- bench --trace "$T/nope.kvtrace"
if "$EXE" bench --trace - --python-baseline off --json <"$TRACES/small.kvtrace" >"$T/out" 2>"$T/err" \
    && python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["trace"]=="<stdin>" and o["checked"] and o["mismatches"]==[], o' "$T/out"
then ok "bench --trace - reads standard input, checks its totals, JSON in the one style"
else fail "bench --trace - (stdin)" "$(head -c 500 "$T/out"; cat "$T/err")"; fi
expect_error "bench --trace - with nothing piped in" 'stdin.*empty' -- bench --trace - --python-baseline off

# decode
expect_ok "decode: one-token prompt, N=10 gives 10 vs 55" '"kv_without_cache_total" *: *55' -- decode --prompt a --max-tokens 10 --json
expect_usage "decode: zero max tokens" 'max-tokens' -- decode --prompt a --max-tokens 0
expect_usage "decode: empty prompt" 'prompt' -- decode --prompt "" --max-tokens 3

# simulate and compare (small workloads: the debug build checks invariants as it goes)
expect_ok "simulate completes every request" '"completed_requests" *: *40\b' -- simulate --requests 40 --json
expect_ok "compare reports four strategies" 'contiguous-oracle' -- compare --requests 30 --json
expect_usage "simulate: block size 0" 'block-size' -- simulate --requests 5 --block-size 0
expect_error "compare: a pool too small for one request says so" 'capacity' -- compare --requests 5 --capacity-tokens 100
expect_usage "compare: capacity above the ceiling" 'above the 67108864 token slots' -- compare --capacity-tokens 9223372036854775807
expect_usage "simulate: 2e9 blocks of 1 refused" 'above the 67108864' -- simulate --capacity-tokens 2000000000 --block-size 1
expect_usage "simulate: 1e12 slots refused" 'above the 67108864' -- simulate --capacity-tokens 1000000000000 --block-size 1024
expect_usage "compare: unknown allocator" 'buddy or first-fit' -- compare --requests 5 --allocator slab
expect_ok "compare: first fit as an option" 'first-fit allocator' -- compare --requests 30 --allocator first-fit

# demos and render
expect_ok "demo --list names the walkthroughs" 'paged-attention' -- demo --list
expect_ok "render text shows step numbers" 'step 3' -- render paged-attention --steps 3 --size 80x24
"$EXE" render paged-attention --steps 4 --format cast >"$T/cast" 2>"$T/err"; st=$?
if [ $st = 0 ] && python3 - "$T/cast" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
header = json.loads(lines[0])
assert header["version"] == 2 and header["width"] > 0 and header["height"] > 0 and header.get("title")
events = [json.loads(l) for l in lines[1:]]
assert sum(1 for e in events if e[1] == "o" and e[2]) == 5 + 2, events[:3]  # 5 frames, cursor hidden and shown
assert all(isinstance(e[0], (int, float)) and e[1] in ("o", "m") for e in events)
PY
then ok "render --format cast is asciicast v2"; else fail "render --format cast is asciicast v2" "$(head -c 600 "$T/cast"; cat "$T/err")"; fi
expect_usage "render: size below 80x24" 'size' -- render paged-attention --size 40x10
expect_usage "render: unknown demo" 'demo --list' -- render no-such-demo
expect_usage "render: unknown format lists the formats" "'svg'" -- render paged-attention --format png
expect_usage "render: svg slides need a folder" '-o DIR' -- render paged-attention --format svg
expect_usage "--lang xx is a usage error" "'en' and 'zh'" -- demo paged-attention --lang xx
expect_usage "unknown flag" 'bogus' -- demo --bogus
expect_ok "--version" '^[0-9]+\.[0-9]+\.[0-9]+$' -- --version
expect_ok "demo --help lists the interactive keys" 'Space +play / pause' -- demo --help
expect_ok "bash completion offers the demo names" 'paged-attention' -- --generate-completion-script bash
"$EXE" render paged-attention --steps 2 --format cast -o "$T/out.cast" >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && [ ! -s "$T/out" ] && head -1 "$T/out.cast" | grep -q '"version": 2'; then ok "render -o FILE writes the file, not stdout"
else fail "render -o FILE (status $st)" "$(cat "$T/err")"; fi
"$EXE" play - --lang en <"$REPO_DEMOS/06-paged-attention.yaml" >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -q 'PagedAttention' "$T/out"; then ok "play - reads the scenario from standard input"
else fail "play - reads standard input (status $st)" "$(head -5 "$T/out"; cat "$T/err")"; fi
mkdir -p "$T/elsewhere/demos"; printf 'title: [broken\n' >"$T/elsewhere/demos/01-x.yaml"
(cd "$T/elsewhere" && "$EXE" demo --list >"$T/out" 2>"$T/err"); st=$?
if [ $st = 0 ] && grep -q '^paged-attention' "$T/out"; then ok "a stray ./demos folder is not read unless asked"
else fail "a stray ./demos folder is not read (status $st)" "$(cat "$T/err")"; fi

# scenario files
printf 'title: {en: x, zh: y}\nrequests:\n  - prompt: "hi"\n    max_tokens: -3\n' >"$T/neg.yaml"
expect_error "play: negative max_tokens names file, line and field" 'neg.yaml:4.*max_tokens' -- play "$T/neg.yaml"
printf 'title: {en: x, zh: y}\nrequets: []\n' >"$T/unknown.yaml"
expect_error "play: unknown key" 'unknown.yaml:2.*requets' -- play "$T/unknown.yaml"
printf 'title: [unclosed\n' >"$T/syntax.yaml"
expect_error "play: syntax error names the line" 'syntax.yaml:[0-9]+' -- play "$T/syntax.yaml"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
