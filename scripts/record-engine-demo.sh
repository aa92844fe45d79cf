#!/usr/bin/env bash
# Records demos/recordings/engine-prefix-cache.kvlive: kvviz's own engine publishing its prefix
# cache as vLLM's KV events (simulate --publish, map encoding), received and recorded by
# kvviz attach --record, as a vLLM server's events would be. The engine is seeded, so every run
# records the same batches (only arrival times and the batches' ts differ); the walkthrough
# demos/recordings/engine-prefix-cache.yaml narrates its frames, and
# Tests/KVVizTests/RecordedWalkthroughTests checks the file against the engine.
#
#   scripts/record-engine-demo.sh [OUT]     (default: demos/recordings/engine-prefix-cache.kvlive)
#
# The workload: 10 chat requests (two shared system prompts, follow-up turns), a 48-block pool
# of 16-token blocks (--capacity-tokens 768), prefix caching on: trees grow as prompts are
# cached, and once the pool is full, blocks of finished requests are evicted (BlockRemoved).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-demos/recordings/engine-prefix-cache.kvlive}
port=${KVVIZ_RECORD_PORT:-5597}
# The workload, shared with the test that regenerates the batches (keep them in step).
workload=(--requests 8 --capacity-tokens 2048 --block-size 16 --seed 42)
swift build --product kvviz >/dev/null
kvviz=$(swift build --show-bin-path)/kvviz
"$kvviz" attach "tcp://127.0.0.1:$port" --record "$out" --json --timeout 3 >/dev/null &
attach=$!
trap 'kill "$attach" 2>/dev/null || true' EXIT
"$kvviz" simulate "${workload[@]}" --publish "tcp://127.0.0.1:$port" --encoding map \
    --steps-per-second 25 --wait-subscriber 10 >/dev/null
wait "$attach"
trap - EXIT
echo "recorded $out: $(wc -c <"$out") bytes, $("$kvviz" replay "$out" --json | wc -l) batches"
