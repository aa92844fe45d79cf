"""A vLLM-shaped KV-event publisher for kvviz's end-to-end test (Tests/e2e/attach.sh).

Events are msgspec Structs with vLLM's field names and order (vllm/distributed/kv_events.py),
encoded as vLLM encoded them: positional arrays (array_like, up to about v0.23), a positional
batch around tagged-map events (as v0.26 captures show), and tagged maps at both levels (PR
#42892). Frames are [topic, 8-byte big-endian sequence, payload]; a ROUTER replay socket resends
buffered batches from a sequence number and ends with -1. The stream has duplicates and a gap.
The publisher keeps its own model of the cache and writes, per batch sent, the state kvviz
must report: blocks, trees and a digest per medium/group. Binds 127.0.0.1 only.

usage: publisher.py PORT REPLAY_PORT EXPECTED_FILE [--wait-seconds N]
"""
import json
import sys
import time
from typing import Any, Optional, Union

import msgspec
import zmq

Hash = int


def structs(array_like: bool):
    class BlockStored(msgspec.Struct, tag=True, array_like=array_like, omit_defaults=True):
        block_hashes: list[Hash]
        parent_block_hash: Optional[Hash]
        token_ids: list[int]
        block_size: int
        lora_id: Optional[int]
        medium: Optional[str]
        lora_name: Optional[str]
        extra_keys: Optional[list[Any]] = None
        group_idx: Optional[int] = None
        kv_cache_spec_kind: Optional[str] = None
        kv_cache_spec_sliding_window: Optional[int] = None

    class BlockRemoved(msgspec.Struct, tag=True, array_like=array_like, omit_defaults=True):
        block_hashes: list[Hash]
        medium: Optional[str]
        group_idx: Optional[int] = None

    class AllBlocksCleared(msgspec.Struct, tag=True, array_like=array_like, omit_defaults=True):
        pass

    return BlockStored, BlockRemoved, AllBlocksCleared


def batch_struct(array_like: bool):
    class EventBatch(msgspec.Struct, array_like=array_like, omit_defaults=True):
        ts: float
        events: list[Any]
        data_parallel_rank: Optional[int] = None
    return EventBatch


class Model:
    """The cache as the events describe it: copies per hash, parents, per (medium, group)."""

    def __init__(self):
        self.tiers = {}

    def apply(self, event):
        kind, fields = event
        if kind == "cleared":
            self.tiers = {}
            return
        tier = (fields.get("medium") or "GPU", fields.get("group_idx") or 0)
        copies, parents = self.tiers.setdefault(tier, ({}, {}))
        if kind == "stored":
            parent = fields["parent_block_hash"]
            for h in fields["block_hashes"]:
                if h not in copies:
                    parents[h] = parent
                copies[h] = copies.get(h, 0) + 1
                parent = h
        else:
            for h in fields["block_hashes"]:
                if h in copies:
                    copies[h] -= 1
                    if copies[h] == 0:
                        del copies[h]
                        del parents[h]
        if not copies:
            del self.tiers[tier]

    def summary(self):
        out = {}
        for (medium, group), (copies, parents) in sorted(self.tiers.items()):
            roots = sum(1 for h, p in parents.items() if p is None or p == h or p not in copies)
            digest = sum(h * c for h, c in copies.items()) % (1 << 64)
            out[f"{medium}/{group}"] = {"blocks": len(copies), "copies": sum(copies.values()),
                                        "trees": roots, "digest": format(digest, "x")}
        return out


def stored(hashes, parent, medium="GPU", group=None, block_size=4):
    tokens = [(h * 7 + i) % 50000 for h in hashes for i in range(block_size)]
    return ("stored", {"block_hashes": hashes, "parent_block_hash": parent, "token_ids": tokens,
                       "block_size": block_size, "lora_id": None, "medium": medium, "lora_name": None,
                       "group_idx": group, "kv_cache_spec_kind": "full_attention" if group is not None else None})


def removed(hashes, medium="GPU", group=None):
    return ("removed", {"block_hashes": hashes, "medium": medium, "group_idx": group})


BIG = 18174474959339759123  # above 2^63, as vLLM's unsigned hashes are (vllm#27803)

# (events, encoding) per batch; encoding: "array" (v0.9-v0.23), "mixed" (v0.26), "map" (#42892)
SCRIPT = [
    ([stored([101, 102, 103], None), stored([201], None)], "array"),              # 0 (before any subscriber)
    ([stored([104], 103), stored([301, 302], None, group=1)], "array"),          # 1
    ([stored([401], None, medium="CPU")], "array"),                              # 2
    ([stored([105, 106], 104), removed([201])], "mixed"),                        # 3
    ([stored([110], 102), stored([BIG], None)], "mixed"),                        # 4
    ([removed([103]), stored([303], 302, group=1)], "mixed"),                    # 5 (sent twice)
    ([stored([501, 502], None), stored([501], None)], "map"),                    # 6 (a hash held twice)
    ([removed([501]), removed([999])], "map"),                                   # 7 (999 unknown)
    ([stored([402, 403], 401, medium="CPU"), removed([110])], "map"),            # 8
    # 9 is never sent: the gap
    ([stored([601, 602, 603, 604], None), removed([102])], "array"),             # 10
    ([stored([605], 604), stored([BIG + 1], BIG)], "map"),                       # 11
    ([("cleared", {})], "array"),                                                # 12
    ([stored([701, 702], None), stored([703], 701)], "mixed"),                   # 13
]


def encode(events, encoding, ts):
    outer_array = encoding in ("array", "mixed")
    inner_array = encoding == "array"
    BlockStored, BlockRemoved, AllBlocksCleared = structs(inner_array)
    objs = []
    for kind, fields in events:
        if kind == "stored":
            objs.append(BlockStored(**fields))
        elif kind == "removed":
            objs.append(BlockRemoved(**fields))
        else:
            objs.append(AllBlocksCleared())
    return msgspec.msgpack.encode(batch_struct(outer_array)(ts=ts, events=objs, data_parallel_rank=0))


def main():
    port, replay_port, expected_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    wait = float(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--wait-seconds" else 20.0
    ctx = zmq.Context.instance()
    pub = ctx.socket(zmq.XPUB)  # XPUB: a PUB that also tells when a subscriber arrives
    pub.bind(f"tcp://127.0.0.1:{port}")
    router = ctx.socket(zmq.ROUTER)
    router.bind(f"tcp://127.0.0.1:{replay_port}")
    buffer = []
    model = Model()
    expected = open(expected_path, "w")

    def serve_replay():
        while router.poll(0):
            frames = router.recv_multipart()
            if len(frames) != 3:
                continue
            start = int.from_bytes(frames[2], "big")
            for seq, payload in buffer:
                if seq >= start:
                    router.send_multipart([frames[0], b"", seq.to_bytes(8, "big"), payload])
            router.send_multipart([frames[0], b"", (-1).to_bytes(8, "big", signed=True), b""])

    def send(seq, payload):
        pub.send_multipart([b"kv-events", seq.to_bytes(8, "big"), payload])

    seq = 0
    for number, (events, encoding) in enumerate(SCRIPT):
        if seq == 9:
            seq += 1  # the gap
        payload = encode(events, encoding, 1789095808.0 + number)
        buffer.append((seq, payload))
        for event in events:
            model.apply(event)
        line = {"seq": seq, "tiers": model.summary(), "gap": [9, 9] if seq == 10 else None}
        expected.write(json.dumps(line) + "\n")
        expected.flush()
        if number == 3:  # batches 0-2 were published before anyone listened: wait for one
            deadline = time.time() + wait
            while time.time() < deadline:
                serve_replay()
                if pub.poll(100):
                    if pub.recv()[:1] == b"\x01":
                        break
            else:
                print("publisher: no subscriber came", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.3)
        send(seq, payload)
        if seq == 6:
            send(5, buffer[-2][1])  # an at-least-once duplicate
        if number >= 3:  # a request that came earlier waits until batches 0-2 are all buffered
            serve_replay()
        time.sleep(0.05)
        seq += 1
    end = time.time() + 3
    while time.time() < end:
        serve_replay()
        time.sleep(0.05)


if __name__ == "__main__":
    main()
