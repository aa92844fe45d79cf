#!/usr/bin/env python3
"""Replay a .kvtrace through nano-vllm's own BlockManager, loaded from a nano-vllm checkout.

`kvviz bench --trace FILE --nano-vllm CHECKOUT` runs this script to report its speedup against
the block manager nano-vllm (github.com/GeeeekExplorer/nano-vllm) really ships, not a copy of
it: the file `nanovllm/engine/block_manager.py` of the checkout the user names is loaded by path
(importlib), so none of nano-vllm's code is part of kvviz, and the package's own `__init__`
(which needs torch, transformers, flash-attn) is never run. The one name that file imports from
the package, `nanovllm.engine.sequence.Sequence`, is given a small stand-in below
(`TraceSequence`) holding just what the block manager reads and writes.

Each trace op becomes the calls nano-vllm's scheduler makes (shared/traces/README.md has the
semantics, which are that block manager's):

- alloc -> can_allocate (its cached-block count must equal the trace's `hit`), then allocate;
- commit -> hash_blocks over the tokens computed since the last commit, then the sequence's
  num_cached_tokens moves on, as the scheduler's postprocess does;
- append -> the token joins the sequence, then may_append;
- free -> deallocate (last block first).

Timed: the replay only (parsing and building the manager are not), best of several runs, each
on a fresh BlockManager. The trace's expected totals (hit and fresh blocks, evictions, peak
used, cached and used at the end) need counters the block manager does not keep, so they are
measured in one separate, untimed pass on an instrumented subclass and asserted against the
trace's `end` line before any timing.

Usage: nanovllm_replay.py --nano-vllm CHECKOUT TRACE [--runs N] [--min-seconds S] [--json]
Needs numpy and xxhash (nano-vllm's block manager imports them): pip install numpy xxhash.
Exit status: 0 measured; 1 the replay failed or a total differs; 2 bad arguments; 3 nothing to
measure with (a missing package or checkout, or a block manager without the calls above), with
one line on stderr saying what to install or pass.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
import types

from kvtrace_replay import add_replay_arguments, load_trace

# Where the block manager lives inside a nano-vllm checkout.
BLOCK_MANAGER_PATH = os.path.join("nanovllm", "engine", "block_manager.py")
# The calls the replay makes; nano-vllm's block manager has had all of them since its chunked
# prefill rework (April 2026). Earlier versions hashed in allocate and may_append instead.
REQUIRED_CALLS = ("can_allocate", "allocate", "hash_blocks", "may_append", "deallocate")
# Exit status meaning "cannot measure here": kvviz prints the stderr line and goes on.
UNAVAILABLE = 3


class Unavailable(Exception):
    """Nothing to measure with; the message says what to install or pass."""


class TraceSequence:
    """What nano-vllm's BlockManager uses of a sequence, for a sequence of the trace.

    The block manager reads the token count (`len`), the number of blocks and one block's token
    ids, and it keeps the block table and the count of tokens whose K/V is cached;
    `num_scheduled_tokens` is how many tokens the step being committed computed.
    """

    __slots__ = ("token_ids", "num_tokens", "block_table", "num_cached_tokens", "num_scheduled_tokens")
    block_size = 16  # set to the trace's block size by sequence_type()

    def __init__(self, token_ids: list[int]) -> None:
        self.token_ids = list(token_ids)  # appends must not change the parsed op
        self.num_tokens = len(self.token_ids)
        self.block_table: list[int] = []
        self.num_cached_tokens = 0
        self.num_scheduled_tokens = 0

    def __len__(self) -> int:
        return self.num_tokens

    @property
    def num_blocks(self) -> int:
        return -(-self.num_tokens // self.block_size)

    def block(self, index: int) -> list[int]:
        start = index * self.block_size
        return self.token_ids[start:start + self.block_size]

    def append_token(self, token_id: int) -> None:
        self.token_ids.append(token_id)
        self.num_tokens += 1


def sequence_type(block_size: int) -> type[TraceSequence]:
    """A TraceSequence class whose blocks hold `block_size` tokens."""
    return type("TraceSequence", (TraceSequence,), {"__slots__": (), "block_size": block_size})


def missing_packages() -> list[str]:
    """numpy and xxhash, those of them this interpreter cannot import."""
    missing = []
    for name in ("numpy", "xxhash"):
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def block_manager_file(checkout: str) -> str:
    """The block_manager.py of `checkout` (a nano-vllm checkout, or that file itself)."""
    if os.path.isfile(checkout) and checkout.endswith(".py"):
        return checkout
    path = os.path.join(checkout, BLOCK_MANAGER_PATH)
    if not os.path.isfile(path):
        raise Unavailable(f"{checkout}: no {BLOCK_MANAGER_PATH} there; pass --nano-vllm the folder of a "
                          "nano-vllm checkout (git clone https://github.com/GeeeekExplorer/nano-vllm)")
    return path


def load_block_manager(path: str) -> type:
    """Executes nano-vllm's block_manager.py with TraceSequence standing in for its Sequence
    import and returns its BlockManager class. sys.modules is left as it was."""
    missing = missing_packages()
    if missing:
        raise Unavailable(f"{sys.executable} has no {' or '.join(missing)}, which nano-vllm's block manager "
                          f"imports: pip install {' '.join(missing)} (or put first on PATH a python3 with numpy and xxhash)")
    stand_ins = {name: types.ModuleType(name) for name in ("nanovllm", "nanovllm.engine", "nanovllm.engine.sequence")}
    stand_ins["nanovllm.engine.sequence"].Sequence = TraceSequence
    saved = {name: sys.modules.get(name) for name in stand_ins}
    sys.modules.update(stand_ins)
    try:
        spec = importlib.util.spec_from_file_location("nanovllm_block_manager_under_test", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except ImportError as error:
        raise Unavailable(f"{path}: importing it failed ({error}); it may need a newer or older nano-vllm checkout")
    finally:
        for name, module_before in saved.items():
            if module_before is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module_before
    manager = getattr(module, "BlockManager", None)
    lacking = [call for call in REQUIRED_CALLS if not callable(getattr(manager, call, None))]
    if manager is None or lacking:
        raise Unavailable(f"{path}: its BlockManager lacks {', '.join(lacking) or 'everything'}; use a nano-vllm "
                          "checkout from April 2026 or later (hash_blocks came with chunked prefill)")
    return manager


def checkout_commit(checkout: str) -> str | None:
    """The commit a git checkout is at (first 12 hex digits), read from .git without running git."""
    git = os.path.join(checkout, ".git")
    try:
        if os.path.isfile(git):  # a worktree: "gitdir: PATH"
            with open(git, encoding="utf-8") as pointer:
                git = os.path.join(checkout, pointer.read().split(":", 1)[1].strip())
        with open(os.path.join(git, "HEAD"), encoding="utf-8") as head_file:
            head = head_file.read().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        ref_path = os.path.join(git, ref)
        if os.path.isfile(ref_path):
            with open(ref_path, encoding="utf-8") as ref_file:
                return ref_file.read().strip()[:12]
        with open(os.path.join(git, "packed-refs"), encoding="utf-8") as packed:
            for line in packed:
                parts = line.split()
                if len(parts) == 2 and parts[1] == ref:
                    return parts[0][:12]
    except (OSError, IndexError):
        pass
    return None


def replay(manager, sequence: type[TraceSequence], ops: list[tuple], peaks: list[int] | None = None) -> int:
    """Runs every op on `manager`; returns how many allocs hit a different number of blocks than
    the trace recorded. With `peaks`, appends the used-block count after each alloc and append
    (the checking pass; the timed one passes None)."""
    sequences: dict[int, TraceSequence] = {}
    hit_mismatches = 0
    for op in ops:
        kind = op[0]
        if kind == "append":
            seq = sequences[op[1]]
            seq.append_token(op[2])
            manager.may_append(seq)
            if peaks is not None:
                peaks.append(len(manager.used_block_ids))
        elif kind == "commit":
            seq = sequences[op[1]]
            computed = op[2]
            if computed > seq.num_tokens:
                raise ValueError(f"seq {op[1]} holds {seq.num_tokens} tokens, cannot commit {computed}")
            if computed > seq.num_cached_tokens:
                seq.num_scheduled_tokens = computed - seq.num_cached_tokens
                manager.hash_blocks(seq)
                seq.num_cached_tokens = computed
                seq.num_scheduled_tokens = 0
        elif kind == "alloc":
            if op[1] in sequences:
                raise ValueError(f"seq {op[1]} is already allocated")
            seq = sequence(op[2])
            cached = manager.can_allocate(seq)
            if cached < 0:
                raise ValueError(f"seq {op[1]}: nano-vllm's can_allocate finds too few free blocks")
            manager.allocate(seq, cached)
            sequences[op[1]] = seq
            if op[3] >= 0 and cached != op[3]:
                hit_mismatches += 1
            if peaks is not None:
                peaks.append(len(manager.used_block_ids))
        elif kind == "free":
            manager.deallocate(sequences.pop(op[1]))
    return hit_mismatches


def counting_type(block_manager: type) -> type:
    """A subclass of nano-vllm's BlockManager that counts fresh blocks and evictions (a fresh
    block that still held a hash), for the checking pass only."""

    class CountingBlockManager(block_manager):
        def __init__(self, num_blocks: int, block_size: int) -> None:
            super().__init__(num_blocks, block_size)
            self.fresh_blocks = 0
            self.evictions = 0
            self.hit_blocks = 0

        def _allocate_block(self) -> int:
            if self.blocks[self.free_block_ids[0]].hash != -1:
                self.evictions += 1
            self.fresh_blocks += 1
            return super()._allocate_block()

        def can_allocate(self, seq) -> int:
            cached = super().can_allocate(seq)
            self.hit_blocks += max(cached, 0)
            return cached

    return CountingBlockManager


def checked_totals(block_manager: type, header: dict, ops: list[tuple]) -> tuple[dict[str, int], int]:
    """The untimed checking pass: the trace's totals as nano-vllm's block manager gives them."""
    manager = counting_type(block_manager)(header["num_blocks"], header["block_size"])
    peaks: list[int] = [0]
    hit_mismatches = replay(manager, sequence_type(header["block_size"]), ops, peaks)
    totals = {
        "hit_blocks": manager.hit_blocks,
        "fresh_blocks": manager.fresh_blocks,
        "evictions": manager.evictions,
        "peak_used_blocks": max(peaks),
        "cached_blocks_at_end": sum(1 for block in manager.blocks if block.hash != -1),
        "used_blocks_at_end": len(manager.used_block_ids),
        "ops": len(ops),
    }
    return totals, hit_mismatches


def timed_replays(block_manager: type, header: dict, ops: list[tuple], runs: int, min_seconds: float) -> tuple[float, int]:
    """Best replay time over at least `runs` replays and `min_seconds` of replaying."""
    sequence = sequence_type(header["block_size"])
    best = float("inf")
    spent = 0.0
    count = 0
    while count < max(1, runs) or spent < min_seconds:
        manager = block_manager(header["num_blocks"], header["block_size"])
        start = time.perf_counter()
        hit_mismatches = replay(manager, sequence, ops)
        seconds = time.perf_counter() - start
        if hit_mismatches:
            raise ValueError(f"timed run {count + 1}: {hit_mismatches} allocs differ from their recorded hit count")
        best = min(best, seconds)
        spent += seconds
        count += 1
    return best, count


def main() -> int:
    parser = argparse.ArgumentParser(description="Replay a kvtrace through nano-vllm's BlockManager.")
    add_replay_arguments(parser)
    parser.add_argument("--nano-vllm", required=True, metavar="CHECKOUT",
                        help="a nano-vllm checkout (or its nanovllm/engine/block_manager.py)")
    args = parser.parse_args()

    try:
        path = block_manager_file(args.nano_vllm)
        block_manager = load_block_manager(path)
    except Unavailable as reason:
        print(f"nanovllm_replay: {reason}", file=sys.stderr)
        return UNAVAILABLE
    try:
        header, ops, expected = load_trace(args.trace)
    except (OSError, ValueError, KeyError) as error:
        print(f"nanovllm_replay: {args.trace}: {error}", file=sys.stderr)
        return 1

    try:
        figures, hit_mismatches = checked_totals(block_manager, header, ops)
        differing = [f"{name}: expected {expected[name]}, nano-vllm gives {value}"
                     for name, value in figures.items() if name in expected and value != expected[name]]
        if hit_mismatches:
            differing.append(f"{hit_mismatches} allocs differ from their recorded hit count")
        if differing:
            print(f"nanovllm_replay: {args.trace}: {'; '.join(differing)}", file=sys.stderr)
            return 1
        best, runs = timed_replays(block_manager, header, ops, args.runs, args.min_seconds)
    except (ValueError, KeyError, IndexError, AssertionError, AttributeError, TypeError) as error:
        print(f"nanovllm_replay: {args.trace}: nano-vllm's block manager failed: {type(error).__name__}: {error}",
              file=sys.stderr)
        return 1

    ops_per_second = len(ops) / best
    commit = checkout_commit(args.nano_vllm) if os.path.isdir(args.nano_vllm) else None
    if args.json:
        print(json.dumps({
            "trace": args.trace, **figures, "ops_per_second": round(ops_per_second),
            "best_seconds": best, "runs": runs, "checked": bool(expected),
            "python": sys.version.split()[0], "implementation": sys.implementation.name,
            "block_manager": os.path.abspath(path), "nano_vllm_commit": commit,
        }))
    else:
        for name, value in figures.items():
            print(f"{name:<22}{value:<10}{'ok' if name in expected else ''}".rstrip())
        print(f"ops_per_second        {round(ops_per_second)}  "
              f"(best of {runs} runs: {best * 1000:.3f} ms, parsing not timed, "
              f"{sys.implementation.name} {sys.version.split()[0]}, {path}"
              f"{f' at {commit}' if commit else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
