/// The figures a replay produces, named as in a trace's `end` line.
public struct TraceReplayTotals: Equatable, Sendable {
    public var hitBlocks = 0
    var freshBlocks = 0
    var evictions = 0
    public var peakUsedBlocks = 0
    /// Blocks still holding a hash after the last op, used or free.
    var cachedBlocksAtEnd = 0
    var usedBlocksAtEnd = 0
    public var ops = 0

    public init() {}

    /// The replay figures under their trace names, in the order reports print them.
    public var fields: [(name: String, value: Int)] {
        [
            ("hit_blocks", hitBlocks), ("fresh_blocks", freshBlocks), ("evictions", evictions),
            ("peak_used_blocks", peakUsedBlocks), ("cached_blocks_at_end", cachedBlocksAtEnd),
            ("used_blocks_at_end", usedBlocksAtEnd), ("ops", ops),
        ]
    }
}

/// An `alloc` whose recorded `hit` differs from the replay's: where a replay first diverges.
public struct TraceHitMismatch: Equatable, Sendable {
    public let line: Int
    public let expected: Int
    public let got: Int
}

/// What one replay found.
public struct TraceReplayResult: Equatable, Sendable {
    public var totals: TraceReplayTotals
    /// The first `alloc` whose recorded hit count the replay did not reproduce.
    public var firstHitMismatch: TraceHitMismatch?
    /// How many `alloc`s differ in their hit count.
    public var hitMismatches: Int
    /// How many `alloc`s recorded a hit count to compare.
    public var recordedHits: Int
}

/// One expected total against the replay's figure.
public struct TraceFieldCheck: Equatable, Sendable {
    public let name: String
    public let expected: Int
    public let got: Int
    public var isOK: Bool { expected == got }
}

extension KVTrace {
    /// A manager sized like the trace's pool, prefix caching on, no events (as fast as it gets).
    public func makeManager() -> KVCacheManager {
        KVCacheManager(numBlocks: numBlocks, blockSize: blockSize)
    }

    /// Replays every op on a fresh manager.
    public func replay() throws -> TraceReplayResult {
        var manager = makeManager()
        return try replay(on: &manager)
    }

    /// Replays every op on `manager` (fresh, sized like the trace) with the semantics of
    /// `Tests/Fixtures/traces/README.md`. An op the manager cannot perform (an unknown sequence, too few
    /// free blocks, committing past the end) throws a `TraceError` naming its line.
    public func replay(on manager: inout KVCacheManager) throws -> TraceReplayResult {
        var firstHitMismatch: TraceHitMismatch?
        var hitMismatches = 0
        var recordedHitCount = 0
        // The loop reads the compact ops in place; appends and commits (all but a few hundred
        // of a trace's ops) go through the manager's inlined fast paths. The manager is ours
        // (`inout`) for the whole loop and the loop never copies it, so its storage is made
        // unique once here instead of checked in every append and commit.
        manager._makePoolUnique()
        try compactOps.withUnsafeBufferPointer { ops in
            for index in 0 ..< ops.count {
                let op = ops[index]
                let seq = SequenceID(Int(op.seq))
                switch op.kind {
                case .append:
                    guard manager.contains(seq) else { throw failure(index, .notAllocated(op: "append to", seq: op.seq)) }
                    guard manager._appendToken(seq, op.value, poolIsUnique: true) != nil else {
                        throw failure(index, .noFreeBlockToAppend(seq: op.seq))
                    }
                case .commit:
                    guard manager.contains(seq) else { throw failure(index, .notAllocated(op: "commit of", seq: op.seq)) }
                    let computed = Int(op.value)
                    let length = manager.numTokens(of: seq)
                    guard computed <= length else {
                        throw failure(index, .commitPastEnd(seq: op.seq, computed: computed, length: length))
                    }
                    manager._commit(seq, computedTokens: computed, poolIsUnique: true)
                case .allocate:
                    let prompt = Int(op.value)
                    guard !manager.contains(seq) else { throw failure(index, .stillAllocated(seq: op.seq)) }
                    guard let result = manager.allocate(seq, tokens: prompts[prompt]) else {
                        let needed = manager.blocksNeeded(forTokens: prompts[prompt].count)
                        throw failure(index, .notEnoughFreeBlocks(seq: op.seq, needed: needed, free: manager.numFreeBlocks))
                    }
                    let hit = recordedHits[prompt]
                    if hit >= 0 { recordedHitCount += 1 }
                    if hit >= 0, result.hitBlocks != hit {
                        hitMismatches += 1
                        if firstHitMismatch == nil {
                            firstHitMismatch = TraceHitMismatch(line: lines[index], expected: hit, got: result.hitBlocks)
                        }
                    }
                case .free:
                    guard manager.contains(seq) else { throw failure(index, .notAllocated(op: "free of", seq: op.seq)) }
                    manager.free(seq)
                }
            }
        }
        var totals = TraceReplayTotals()
        totals.hitBlocks = manager.stats.hitBlocks
        totals.freshBlocks = manager.stats.freshBlocks
        totals.evictions = manager.stats.evictions
        totals.peakUsedBlocks = manager.stats.peakUsedBlocks
        totals.cachedBlocksAtEnd = manager.numHashedBlocks
        totals.usedBlocksAtEnd = manager.numUsedBlocks
        totals.ops = ops.count
        return TraceReplayResult(
            totals: totals, firstHitMismatch: firstHitMismatch, hitMismatches: hitMismatches, recordedHits: recordedHitCount
        )
    }

    /// Each total the `end` line expects (among the replay's fields) against `totals`; empty
    /// when the trace has no `end` line. `steps`, `preemptions` and the per-op counts describe
    /// the generating run and are not compared.
    public func checks(for totals: TraceReplayTotals) -> [TraceFieldCheck] {
        guard let expected else { return [] }
        return totals.fields.compactMap { field in
            expected[field.name].map { TraceFieldCheck(name: field.name, expected: $0, got: field.value) }
        }
    }

    private func failure(_ index: Int, _ problem: TraceError.Problem) -> TraceError {
        TraceError(path: path, line: lines[index], problem)
    }
}
