#!/usr/bin/env bash
# End-to-end: `kvviz attach` against a vLLM-shaped publisher (Python, pyzmq + msgspec, vLLM's
# structures in both encodings, with duplicates and a gap), its --json state compared with the
# publisher's after every batch, the live screen in tmux, hostile frames, dead and non-ZMQ
# endpoints, bad /metrics pages, usage errors. Servers bind 127.0.0.1 only.
set -uo pipefail
SCRIPT=attach.sh
source "$(dirname "$0")/lib/tmux-harness.sh"
LIVE=Tests/e2e/live
if ! python3 -c 'import zmq, msgspec' 2>/dev/null; then
    python3 -m pip install -q pyzmq msgspec 2>/dev/null || python3 -m pip install -q --break-system-packages pyzmq msgspec 2>/dev/null
fi
if ! python3 -c 'import zmq, msgspec' 2>/dev/null; then
    echo "attach.sh: SKIPPED: the Python packages pyzmq and msgspec are not installed and pip could not install them (.ci/run installs them)"
    exit 0
fi
# A free port on 127.0.0.1 (each call a different one).
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; cleanup' EXIT

# 1. --json after every batch equals the publisher's own model; the gap and the duplicates reported.
P=$(port); R=$(port)
python3 $LIVE/publisher.py "$P" "$R" "$T/expected.jsonl" & pids+=($!)
timeout 30 "$EXE" attach "tcp://127.0.0.1:$P" --replay "tcp://127.0.0.1:$R" --json --timeout 2 --record "$T/run.kvlive" >"$T/out.jsonl" 2>"$T/err.txt"
rc=$?
compare=$(python3 - "$T/expected.jsonl" "$T/out.jsonl" <<'PY'
import json, sys
expected = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
seqs = [g["seq"] for g in got]
problems = []
if seqs != sorted(set(seqs)): problems.append(f"batches applied twice or out of order: {seqs}")
by_seq = {g["seq"]: g for g in got}
for e in expected:
    g = by_seq.get(e["seq"])
    if g is None: problems.append(f"seq {e['seq']}: no line"); continue
    if g["tiers"] != e["tiers"]: problems.append(f"seq {e['seq']}: kvviz {g['tiers']} publisher {e['tiers']}")
    if g["gap"] != e["gap"]: problems.append(f"seq {e['seq']}: gap {g['gap']} expected {e['gap']}")
    if g["blocks"] != sum(t["blocks"] for t in e["tiers"].values()): problems.append(f"seq {e['seq']}: blocks")
    if g["trees"] != sum(t["trees"] for t in e["tiers"].values()): problems.append(f"seq {e['seq']}: trees")
if not got or got[-1]["duplicates"] < 1: problems.append("no duplicate counted")
if not got or got[-1]["missing"] != 1: problems.append("the gap is not counted")
print("\n".join(problems) if problems else "same")
PY
)
if [ $rc -eq 0 ] && [ "$compare" = same ] && [ "$(wc -l <"$T/expected.jsonl")" -eq 13 ]; then ok "--json state equals the publisher's after each of 13 batches (array, mixed, map), gap 9 and duplicates reported"
else fail "--json state equals the publisher's" "rc=$rc
$compare
$(cat "$T/err.txt")"; fi

# 2. The recording replays to the same lines.
timeout 20 "$EXE" replay "$T/run.kvlive" --json >"$T/replayed.jsonl" 2>"$T/rerr.txt"
if [ $? -eq 0 ] && diff -q <(grep -o '"seq":[0-9]*,"ts":[^,]*,"blocks":[0-9]*,"trees":[0-9]*,"tiers":{[^}]*}[^s]*' "$T/out.jsonl") \
                          <(grep -o '"seq":[0-9]*,"ts":[^,]*,"blocks":[0-9]*,"trees":[0-9]*,"tiers":{[^}]*}[^s]*' "$T/replayed.jsonl") >/dev/null \
   && [ "$(wc -l <"$T/replayed.jsonl")" -eq "$(wc -l <"$T/out.jsonl")" ]; then ok "replay of the --record file gives the same state lines"
else fail "replay of the --record file" "$(head -3 "$T/replayed.jsonl"; cat "$T/rerr.txt")"; fi
# A folder is refused in one plain line (no Swift type name in it).
if timeout 10 "$EXE" replay "$T" --json >/dev/null 2>"$T/dir.err"; then fail "replay of a folder exits 1" "$(cat "$T/dir.err")"
elif [ "$(wc -l <"$T/dir.err")" = 1 ] && grep -q "is a directory, not a file" "$T/dir.err" && ! grep -q "Failure(" "$T/dir.err"; then ok "replay of a folder: one plain line"
else fail "replay of a folder: one plain line" "$(cat "$T/dir.err")"; fi

# 3. The live screen in tmux: cached blocks, trees, the gap, tokens on Enter, Chinese, q restores.
P=$(port); R=$(port)
python3 $LIVE/publisher.py "$P" "$R" "$T/expected2.jsonl" & pids+=($!)
tm new-session -d -s live -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color \
    "env SWIFT_BACKTRACE=interactive=no $EXE attach tcp://127.0.0.1:$P --replay tcp://127.0.0.1:$R; echo EXIT=\$?; sleep 60"
shot() { tm capture-pane -p -t live; }
until_screen() { for _ in $(seq 1 150); do shot | grep -Eq -- "$1" && return 0; sleep 0.1; done; return 1; }
if until_screen 'seq 13 · 13 batches' && until_screen 'T1·3     ▣■■' && shot | grep -Eq 'GPU/0 3 blocks 1 tree( |$)' && shot | grep -q 'cached blocks   3' \
   && shot | grep -q 'gap 9…9' && shot | grep -q 'T1·3     ▣■■'; then ok "screen: 3 cached blocks in 1 tree after AllBlocksCleared, the gap 9 shown"
else fail "screen after the stream" "$(shot)"; fi
tm send-keys -t live Enter
if until_screen 'token ids: 4907 4908 4909 4910'; then ok "Enter shows the token ids of the block under the cursor"; else fail "Enter shows token ids" "$(shot)"; fi
tm send-keys -t live L
if until_screen '前缀树' && until_screen '层级:  GPU/0 3 块 1 棵树'; then ok "L switches the labels to Chinese"; else fail "L switches to Chinese" "$(shot)"; fi
tm send-keys -t live q
if until_screen 'EXIT=0' && ! shot | grep -q 'Prefix trees'; then ok "q quits with 0 and restores the terminal"; else fail "q quits" "$(shot)"; fi

# 3b. A vLLM /metrics page (chunked): the server's figures and the memory bar on the screen.
M=$(port); P=$(port)
python3 $LIVE/servers.py metrics "$M" & pids+=($!); sleep 0.3
tm new-session -d -s metrics -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color \
    "env SWIFT_BACKTRACE=interactive=no $EXE attach tcp://127.0.0.1:$P --metrics http://127.0.0.1:$M/metrics; echo EXIT=\$?; sleep 60"
mshot() { tm capture-pane -p -t metrics; }
for _ in $(seq 1 100); do mshot | grep -q 'prefix hits 25.0%' && break; sleep 0.1; done
if mshot | grep -q 'server: running 3 · waiting 1 · preemptions 2 · prefix hits 25.0% of tokens since start' \
   && mshot | grep -q 'KV usage █' && mshot | grep -q '25.0% of 8,192 blocks (vLLM counts blocks)'; then ok "--metrics: running, waiting, hit rate, preemptions, usage bar of the 8,192-block pool"
else fail "--metrics on the screen" "$(mshot)"; fi
tm send-keys -t metrics q

# 3c. A /metrics page per data-parallel rank: rank 0's page served, rank 1's refused; the screen
# shows the selected rank's figures, the sum of the pages read, and rank 1's problem.
M=$(port); M2=$(port); P=$(port)
python3 $LIVE/servers.py metrics "$M" & pids+=($!)
# Wait until the page server listens (a loaded machine starts Python slowly).
python3 -c 'import socket, sys, time
for _ in range(100):
    try: socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); break
    except OSError: time.sleep(0.1)' "$M"
tm new-session -d -s rankm -x 160 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color \
    "env SWIFT_BACKTRACE=interactive=no $EXE attach tcp://127.0.0.1:$P --ranks 2 --metrics http://127.0.0.1:$M/metrics --metrics http://127.0.0.1:$M2/metrics; echo EXIT=\$?; sleep 60"
rshot() { tm capture-pane -p -t rankm; }
for _ in $(seq 1 100); do rshot | grep -q 'r0: running' && rshot | grep -q 'r1: http' && break; sleep 0.1; done
if rshot | grep -q 'r0: running 3 · waiting 1 · preemptions 2 · hits 25.0%' && rshot | grep -q 'all ranks (1 of 2 pages): running 3 · waiting 1 · preemptions 2 · hits 25.0%' \
   && rshot | grep -q "metrics: r1: http://127.0.0.1:$M2/metrics: .*refused"; then ok "--metrics per rank: rank 0's figures, the sum of the pages read, rank 1's problem"
else fail "--metrics per rank" "$(rshot)"; fi
tm send-keys -t rankm R
for _ in $(seq 1 50); do rshot | grep -q 'server figures: r1' && break; sleep 0.1; done
if rshot | grep -q "server figures: r1: http://127.0.0.1:$M2/metrics"; then ok "R: rank 1 has no page, its problem where the figures would be"
else fail "--metrics per rank after R" "$(rshot)"; fi
tm send-keys -t rankm q

# 4. Hostile frames: each a clear message on stderr, then the valid batches still apply.
P=$(port)
python3 $LIVE/hostile.py "$P" & pids+=($!)
timeout 30 "$EXE" attach "tcp://127.0.0.1:$P" --json --timeout 2 >"$T/h.jsonl" 2>"$T/h.err"
rc=$?
expect_err() { grep -q -- "$1" "$T/h.err" || { fail "hostile: $2" "$(cat "$T/h.err")"; return 1; }; ok "hostile: $2"; }
[ $rc -eq 0 ] && ok "hostile frames: exit 0, no crash" || fail "hostile frames exit" "rc=$rc $(cat "$T/h.err")"
expect_err 'batch 1: events\[0\].medium: msgpack ends at byte 32 inside a value' "truncated msgpack"
expect_err 'batch 2: events\[0\].block_hashes: msgpack has a string' "wrong type named by field"
expect_err 'batch 3: events\[0\].block_hashes: msgpack header at byte 25 claims 10000000 elements' "10 million hashes refused before allocation"
expect_err 'batch 4: events\[0\].extra_keys: msgpack nests deeper than 32 levels' "deep nesting"
expect_err 'batch 5: events: msgpack has an integer at byte 2 where an array was expected' "a batch of the wrong shape"
expect_err 'a message of 2 frames, not topic/sequence/payload' "a two-frame message"
expect_err 'a sequence frame of 2 bytes, not 8' "a short sequence frame"
if grep -q '"seq":50000.*"gap":\[8,49999\]' "$T/h.jsonl" && grep -q '"seq":0,.*"blocks":2,.*"restarted_from":50000' "$T/h.jsonl" \
   && grep -q '"duplicates":1' "$T/h.jsonl"; then ok "hostile: backwards within the window is a duplicate, far back a restart (state reset)"
else fail "hostile: sequence going backwards" "$(cat "$T/h.jsonl")"; fi

# 5. A dead endpoint and one that is not ZMQ: a clear message and exit 1, no hang.
P=$(port)
out=$(timeout 20 "$EXE" attach "tcp://127.0.0.1:$P" --json --timeout 1.5 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "nothing received in 1.5 s (no publisher at tcp://127.0.0.1:$P (connection refused" <<<"$out" \
    && ok "dead endpoint: exit 1, connection refused named" || fail "dead endpoint" "rc=$rc $out"
P=$(port)
python3 $LIVE/servers.py http "$P" & pids+=($!); sleep 0.3
out=$(timeout 20 "$EXE" attach "tcp://127.0.0.1:$P" --json --timeout 10 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "does not speak ZMQ" <<<"$out" && ok "non-ZMQ endpoint: exit 1, named" || fail "non-ZMQ endpoint" "rc=$rc $out"

# 6. /metrics that is HTML, endless, or too large: a message, the events go on.
for kind in html endless huge; do
    M=$(port); P=$(port)
    python3 $LIVE/servers.py "$kind" "$M" & pids+=($!); sleep 0.3
    out=$(timeout 20 "$EXE" attach "tcp://127.0.0.1:$P" --json --timeout 3 --metrics "http://127.0.0.1:$M/metrics" 2>&1)
    case $kind in html) want='the page is HTML, not Prometheus text';; endless) want='the page did not end within 2';; huge) want='the page is larger than 4 MiB';; esac
    grep -q -- "$want" <<<"$out" && ok "/metrics $kind: '$want'" || fail "/metrics $kind" "$out"
done

# 7. kvviz's own engine publishing (simulate --publish) in both encodings: attach sees every
#    removal of a block it saw stored, never more cached blocks than the pool, the same cache.
digests=()
for enc in array map; do
    P=$(port)
    timeout 60 "$EXE" simulate --requests 30 --capacity-tokens 4096 --block-size 16 --publish "tcp://127.0.0.1:$P" \
        --encoding $enc --steps-per-second 0 --wait-subscriber 10 >"$T/sim.txt" 2>&1 & pids+=($!)
    timeout 60 "$EXE" attach "tcp://127.0.0.1:$P" --json --timeout 2 >"$T/sim.jsonl" 2>"$T/sim.err"
    verdict=$(python3 - "$T/sim.jsonl" <<'PY'
import json, sys
L = [json.loads(l) for l in open(sys.argv[1])]
bad = []
if len(L) < 100: bad.append(f"only {len(L)} batches")
if sum(l["unknown_removed"] for l in L): bad.append("removals of blocks never stored")
if sum(l["removed"] for l in L) == 0: bad.append("no evictions on a 256-block pool")
if max(l["blocks"] for l in L) > 256: bad.append("more cached blocks than the pool")
if L[-1]["rejected"] or L[-1]["missing"]: bad.append("rejected or missing batches")
print("; ".join(bad) if bad else "ok " + L[-1]["tiers"]["GPU/0"]["digest"])
PY
)
    wait
    case $verdict in ok*) ok "simulate --publish --encoding $enc: attach agrees (evictions of stored blocks only, at most 256 cached)"; digests+=("${verdict#ok }");;
        *) fail "simulate --publish --encoding $enc" "$verdict $(cat "$T/sim.err" "$T/sim.txt")";; esac
done
[ "${#digests[@]}" -eq 2 ] && [ "${digests[0]}" = "${digests[1]}" ] && ok "both encodings end in the same cache" || fail "both encodings end in the same cache" "${digests[*]}"

# 7b. A data-parallel server: two engines publishing on P and P+1 (rank r on port + r, as vLLM's
#     DP ranks do); attach --ranks 2 keeps a cache per rank and sums them.
P=$(python3 -c '
import socket
for _ in range(50):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    b = socket.socket()
    try: b.bind(("127.0.0.1", p + 1)); print(p); break
    except OSError: pass
    finally: a.close(); b.close()')
timeout 60 "$EXE" simulate --requests 30 --capacity-tokens 4096 --block-size 16 --publish "tcp://127.0.0.1:$P" \
    --steps-per-second 0 --wait-subscriber 10 >"$T/dp0.txt" 2>&1 & pids+=($!)
timeout 60 "$EXE" simulate --requests 20 --capacity-tokens 2048 --block-size 16 --publish "tcp://127.0.0.1:$((P + 1))" \
    --encoding map --steps-per-second 0 --wait-subscriber 10 >"$T/dp1.txt" 2>&1 & pids+=($!)
timeout 60 "$EXE" attach "tcp://127.0.0.1:$P" --ranks 2 --json --timeout 2 --record "$T/dp.kvlive" >"$T/dp.jsonl" 2>"$T/dp.err"
rc=$?
wait
verdict=$(python3 - "$T/dp.jsonl" <<'PY'
import json, sys
L = [json.loads(l) for l in open(sys.argv[1])]
bad = []
ranks = {l.get("rank") for l in L}
if ranks != {0, 1}: bad.append(f"ranks seen: {ranks}")
last = {}
for l in L:
    last[l["rank"]] = l
    if l["all_blocks"] != sum(x["blocks"] for x in last.values()): bad.append(f"seq {l['seq']} rank {l['rank']}: all_blocks {l['all_blocks']} is not the sum of the ranks"); break
    if l["all_trees"] != sum(x["trees"] for x in last.values()): bad.append(f"all_trees wrong at seq {l['seq']}"); break
for r, cap in ((0, 256), (1, 128)):
    mine = [l for l in L if l.get("rank") == r]
    if len(mine) < 20: bad.append(f"rank {r}: only {len(mine)} batches")
    elif max(l["blocks"] for l in mine) > cap: bad.append(f"rank {r}: more cached blocks than its {cap}-block pool")
    elif mine[-1]["missing"] or mine[-1]["rejected"] or sum(l["unknown_removed"] for l in mine): bad.append(f"rank {r}: missing, rejected or unknown removals")
    elif [l["seq"] for l in mine] != sorted(set(l["seq"] for l in mine)): bad.append(f"rank {r}: sequence numbers mixed with the other rank's")
print("; ".join(bad) if bad else "ok")
PY
)
[ $rc -eq 0 ] && [ "$verdict" = ok ] && ok "attach --ranks 2: a cache per DP rank (ports P, P+1), totals the sum of both" \
    || fail "attach --ranks 2" "rc=$rc $verdict $(head -c 600 "$T/dp.err")"
# The recording of both ranks (--record with --ranks 2, each frame tagged with its rank) replays
# to the same lines, rank and totals included.
if head -c 13 "$T/dp.kvlive" | grep -q 'KVVIZ-LIVE 2' && "$EXE" replay "$T/dp.kvlive" --json >"$T/dp-replay.jsonl" 2>"$T/dp-replay.err" \
   && python3 - "$T/dp.jsonl" "$T/dp-replay.jsonl" <<'PY'
import json, sys
strip = lambda l: {k: v for k, v in json.loads(l).items() if k != "ts"}
a = [strip(l) for l in open(sys.argv[1])]; b = [strip(l) for l in open(sys.argv[2])]
sys.exit(0 if a == b and len(a) > 40 else 1)
PY
then ok "attach --ranks 2 --record: one recording of both ranks; replay --json prints the same lines"
else fail "--record of 2 ranks" "$(head -c 600 "$T/dp-replay.err") $(wc -l <"$T/dp.jsonl") vs $(wc -l <"$T/dp-replay.jsonl")"; fi

# 8. Usage errors exit 64.
for args in "attach localhost:5557" "attach tcp://h:99999" "attach tcp://127.0.0.1:5557 --metrics https://x/metrics" "attach tcp://127.0.0.1:5557" \
            "simulate --publish udp://x:1" "simulate --publish tcp://127.0.0.1:5557 --encoding xml" "replay" \
            "attach tcp://127.0.0.1:5557 --ranks 0 --json" "attach tcp://127.0.0.1:65535 --ranks 2 --json" \
            "attach tcp://127.0.0.1:5557 tcp://127.0.0.1:5558 --replay tcp://127.0.0.1:6000 --json" \
            ; do
    out=$(timeout 10 "$EXE" $args 2>&1 </dev/null); rc=$?
    [ $rc -eq 64 ] && grep -q '^kvviz: ' <<<"$out" && ok "usage: kvviz $args -> 64" || fail "usage: kvviz $args" "rc=$rc $out"
done

echo "$SCRIPT: $passed passed, $failed failed"
[ $failed -eq 0 ]
