#!/usr/bin/env python3
"""Replay a .kvtrace through a pure-Python paged KV-cache block manager.

This is the baseline that `kvviz bench --trace` compares its Swift replay against. It is
written the way a Python block manager usually is (vLLM v1's `block_pool.py` and
`kv_cache_utils.py`, nano-vllm's `block_manager.py`): one object per block, the free queue as
a doubly linked list of those objects, a dict from block hash to block, per-block ref counts,
chained block hashes with Python's built-in `hash`, and token comparison on every hit.

Semantics are those of shared/traces/README.md, the same as kvviz's KVCacheManager:

- alloc: look up the sequence's full blocks in order (at most (len - 1) // block_size of
  them), stop at the first miss; then take fresh blocks from the free queue's head.
- commit: every block full within the computed tokens and not yet hashed gets its chained
  hash; the cache maps a hash to the block that received it last.
- append: a token joins the sequence; at length k * block_size + 1 it takes a fresh block.
- free: release the blocks last first; a block reaching ref count 0 goes to the queue's tail
  and keeps its hash until a fresh allocation takes (evicts) it.

Only the replay is timed (parsing is not), best of several runs on fresh managers. The
replay's totals are asserted against the trace's `end` line.

Usage: kvtrace_replay.py TRACE [--runs N] [--min-seconds S] [--json]
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


class KVCacheBlock:
    """One physical block: its ref count, its hash once full and computed, its free-queue links."""

    __slots__ = ("block_id", "ref_cnt", "block_hash", "token_ids", "prev_free_block", "next_free_block")

    def __init__(self, block_id: int) -> None:
        self.block_id = block_id
        self.ref_cnt = 0
        self.block_hash: int | None = None
        # The token ids the hash was computed from, compared on a hit so that a hash collision
        # can never hand out another sequence's K/V.
        self.token_ids: tuple[int, ...] | None = None
        self.prev_free_block: KVCacheBlock | None = None
        self.next_free_block: KVCacheBlock | None = None


class FreeKVCacheBlockQueue:
    """The free blocks in eviction order, as a doubly linked list with sentinel ends.

    Popping the head, appending at the tail and removing a block from the middle (a prefix
    hit on a free cached block) are all O(1).
    """

    def __init__(self, blocks: list[KVCacheBlock]) -> None:
        self.num_free_blocks = len(blocks)
        self.fake_head = KVCacheBlock(-1)
        self.fake_tail = KVCacheBlock(-1)
        previous = self.fake_head
        for block in blocks:
            previous.next_free_block = block
            block.prev_free_block = previous
            previous = block
        previous.next_free_block = self.fake_tail
        self.fake_tail.prev_free_block = previous

    def popleft(self) -> KVCacheBlock:
        block = self.fake_head.next_free_block
        if block is self.fake_tail:
            raise ValueError("no free blocks")
        self.remove(block)
        return block

    def remove(self, block: KVCacheBlock) -> None:
        block.prev_free_block.next_free_block = block.next_free_block
        block.next_free_block.prev_free_block = block.prev_free_block
        block.prev_free_block = None
        block.next_free_block = None
        self.num_free_blocks -= 1

    def append(self, block: KVCacheBlock) -> None:
        last = self.fake_tail.prev_free_block
        last.next_free_block = block
        block.prev_free_block = last
        block.next_free_block = self.fake_tail
        self.fake_tail.prev_free_block = block
        self.num_free_blocks += 1


class Sequence:
    """A sequence's tokens, block table and how far its blocks are computed and hashed."""

    __slots__ = ("token_ids", "block_table", "block_hashes", "num_computed_tokens")

    def __init__(self, token_ids: list[int]) -> None:
        self.token_ids = token_ids
        self.block_table: list[KVCacheBlock] = []
        # Chained hashes of the leading full blocks that have been published or hit.
        self.block_hashes: list[int] = []
        self.num_computed_tokens = 0


class BlockManager:
    """Blocks, free queue, prefix cache and the sequences that hold blocks."""

    def __init__(self, num_blocks: int, block_size: int) -> None:
        self.block_size = block_size
        self.blocks = [KVCacheBlock(i) for i in range(num_blocks)]
        self.free_block_queue = FreeKVCacheBlockQueue(self.blocks)
        self.cached_block_hash_to_block: dict[int, KVCacheBlock] = {}
        self.sequences: dict[int, Sequence] = {}
        self.hit_blocks = 0
        self.fresh_blocks = 0
        self.evictions = 0
        self.peak_used_blocks = 0

    @property
    def num_used_blocks(self) -> int:
        return len(self.blocks) - self.free_block_queue.num_free_blocks

    def _note_peak(self) -> None:
        used = self.num_used_blocks
        if used > self.peak_used_blocks:
            self.peak_used_blocks = used

    def _get_new_block(self) -> KVCacheBlock:
        """Takes the free queue's head, evicting the cache entry it still held."""
        block = self.free_block_queue.popleft()
        if block.block_hash is not None:
            self.evictions += 1
            # Only drop the entry if it points at this block: a newer duplicate keeps it.
            if self.cached_block_hash_to_block.get(block.block_hash) is block:
                del self.cached_block_hash_to_block[block.block_hash]
            block.block_hash = None
            block.token_ids = None
        block.ref_cnt = 1
        self.fresh_blocks += 1
        return block

    def _touch(self, block: KVCacheBlock) -> None:
        if block.ref_cnt == 0:
            self.free_block_queue.remove(block)
        block.ref_cnt += 1

    def allocate(self, seq_id: int, token_ids: list[int]) -> int:
        """Admits a new sequence; returns how many of its blocks hit the prefix cache."""
        if seq_id in self.sequences:
            raise ValueError(f"seq {seq_id} is already allocated")
        block_size = self.block_size
        seq = Sequence(list(token_ids))
        num_blocks = (len(token_ids) + block_size - 1) // block_size

        hits: list[KVCacheBlock] = []
        parent_hash = None
        for i in range((len(token_ids) - 1) // block_size):
            block_tokens = tuple(token_ids[i * block_size:(i + 1) * block_size])
            block_hash = hash((parent_hash, block_tokens))
            block = self.cached_block_hash_to_block.get(block_hash)
            if block is None or block.token_ids != block_tokens:
                break
            hits.append(block)
            seq.block_hashes.append(block_hash)
            parent_hash = block_hash

        free_hits = sum(1 for block in hits if block.ref_cnt == 0)
        if num_blocks - len(hits) > self.free_block_queue.num_free_blocks - free_hits:
            raise ValueError(f"seq {seq_id} needs {num_blocks - len(hits)} fresh blocks, "
                             f"only {self.free_block_queue.num_free_blocks - free_hits} are free")
        for block in hits:
            self._touch(block)
        seq.block_table.extend(hits)
        for _ in range(num_blocks - len(hits)):
            seq.block_table.append(self._get_new_block())
        seq.num_computed_tokens = len(hits) * block_size

        self.sequences[seq_id] = seq
        self.hit_blocks += len(hits)
        self._note_peak()
        return len(hits)

    def commit(self, seq_id: int, num_computed_tokens: int) -> None:
        """The K/V of the first tokens are computed: publish the blocks they fill."""
        seq = self.sequences[seq_id]
        if num_computed_tokens > len(seq.token_ids):
            raise ValueError(f"seq {seq_id} holds {len(seq.token_ids)} tokens, cannot commit {num_computed_tokens}")
        seq.num_computed_tokens = max(seq.num_computed_tokens, num_computed_tokens)
        block_size = self.block_size
        num_full_blocks = num_computed_tokens // block_size
        for i in range(len(seq.block_hashes), num_full_blocks):
            parent_hash = seq.block_hashes[-1] if seq.block_hashes else None
            block_tokens = tuple(seq.token_ids[i * block_size:(i + 1) * block_size])
            block_hash = hash((parent_hash, block_tokens))
            seq.block_hashes.append(block_hash)
            block = seq.block_table[i]
            if block.block_hash is None:
                block.block_hash = block_hash
                block.token_ids = block_tokens
                self.cached_block_hash_to_block[block_hash] = block

    def append(self, seq_id: int, token_id: int) -> None:
        """One token joins the sequence, taking a fresh block when it starts one."""
        seq = self.sequences[seq_id]
        seq.token_ids.append(token_id)
        if len(seq.token_ids) % self.block_size == 1 or self.block_size == 1:
            if self.free_block_queue.num_free_blocks == 0:
                raise ValueError(f"append to seq {seq_id} needs a block and none is free")
            seq.block_table.append(self._get_new_block())
            self._note_peak()

    def free(self, seq_id: int) -> None:
        """Releases the sequence's blocks, last block first, onto the free queue's tail."""
        seq = self.sequences.pop(seq_id)
        for block in reversed(seq.block_table):
            block.ref_cnt -= 1
            if block.ref_cnt == 0:
                self.free_block_queue.append(block)

    def num_cached_blocks(self) -> int:
        return sum(1 for block in self.blocks if block.block_hash is not None)


def load_trace(path: str) -> tuple[dict, list[tuple], dict]:
    """Parses a trace into its header, a list of op tuples and the `end` line's expectations."""
    header = None
    ops: list[tuple] = []
    expected: dict = {}
    with open(path, encoding="utf-8") as trace_file:
        for line in trace_file:
            if not line.strip():
                continue
            record = json.loads(line)
            if header is None:
                header = record
                continue
            op = record["op"]
            if op == "alloc":
                ops.append(("alloc", record["seq"], record["tokens"], record.get("hit", -1)))
            elif op == "commit":
                ops.append(("commit", record["seq"], record["computed"]))
            elif op == "append":
                ops.append(("append", record["seq"], record["token"]))
            elif op == "free":
                ops.append(("free", record["seq"]))
            elif op == "end":
                expected = record.get("expect", {})
            else:
                raise ValueError(f"{path}: unknown op {op!r}")
    if header is None:
        raise ValueError(f"{path}: empty trace")
    return header, ops, expected


def replay(header: dict, ops: list[tuple]) -> tuple[BlockManager, int]:
    """Runs every op on a fresh manager; returns it and how many allocs missed their recorded hit."""
    manager = BlockManager(header["num_blocks"], header["block_size"])
    hit_mismatches = 0
    for op in ops:
        kind = op[0]
        if kind == "append":
            manager.append(op[1], op[2])
        elif kind == "commit":
            manager.commit(op[1], op[2])
        elif kind == "alloc":
            hits = manager.allocate(op[1], op[2])
            if op[3] >= 0 and hits != op[3]:
                hit_mismatches += 1
        elif kind == "free":
            manager.free(op[1])
    return manager, hit_mismatches


def totals(manager: BlockManager, num_ops: int) -> dict[str, int]:
    return {
        "hit_blocks": manager.hit_blocks,
        "fresh_blocks": manager.fresh_blocks,
        "evictions": manager.evictions,
        "peak_used_blocks": manager.peak_used_blocks,
        "cached_blocks_at_end": manager.num_cached_blocks(),
        "used_blocks_at_end": manager.num_used_blocks,
        "ops": num_ops,
    }


def add_replay_arguments(parser: argparse.ArgumentParser) -> None:
    """The trace and the timing options every replay driver takes (this one and nano-vllm's)."""
    parser.add_argument("trace", help="path to a .kvtrace file")
    parser.add_argument("--runs", type=int, default=5, help="minimum timed replays (default 5)")
    parser.add_argument("--min-seconds", type=float, default=1.0,
                        help="keep replaying until this much time is spent (default 1.0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def main() -> int:
    parser = argparse.ArgumentParser(description="Replay a kvtrace through a pure-Python block manager.")
    add_replay_arguments(parser)
    args = parser.parse_args()

    try:
        header, ops, expected = load_trace(args.trace)
    except (OSError, ValueError, KeyError) as error:
        print(f"kvtrace_replay: {args.trace}: {error}", file=sys.stderr)
        return 1

    best = float("inf")
    spent = 0.0
    runs = 0
    result = None
    while runs < max(1, args.runs) or spent < args.min_seconds:
        start = time.perf_counter()
        manager, hit_mismatches = replay(header, ops)
        seconds = time.perf_counter() - start
        result = (totals(manager, len(ops)), hit_mismatches)
        best = min(best, seconds)
        spent += seconds
        runs += 1

    figures, hit_mismatches = result
    for name, value in figures.items():
        if name in expected:
            assert value == expected[name], f"{name}: expected {expected[name]}, replay gives {value}"
    assert hit_mismatches == 0, f"{hit_mismatches} allocs differ from their recorded hit count"

    ops_per_second = len(ops) / best
    if args.json:
        print(json.dumps({
            "trace": args.trace, **figures, "ops_per_second": round(ops_per_second),
            "best_seconds": best, "runs": runs, "checked": bool(expected),
            "python": sys.version.split()[0], "implementation": sys.implementation.name,
        }))
    else:
        for name, value in figures.items():
            print(f"{name:<22}{value:<10}{'ok' if name in expected else ''}".rstrip())
        print(f"ops_per_second        {round(ops_per_second)}  "
              f"(best of {runs} runs: {best * 1000:.3f} ms, parsing not timed, "
              f"{sys.implementation.name} {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
