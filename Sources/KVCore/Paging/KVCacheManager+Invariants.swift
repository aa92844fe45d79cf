import KVBase

/// A broken manager invariant, listing every problem found.
struct PagingInvariantError: KVVizError {
    let problems: [String]
    public var description: String { "KV cache manager invariants broken: " + problems.joined(separator: "; ") }
}

extension KVCacheManager {
    /// Every broken invariant, as readable lines; empty when the manager is consistent. Checks:
    /// free + used = all; ref counts are >= 0 and equal the number of block-table entries; a
    /// block is in the free queue iff its ref count is 0; the queue is a well-formed list; the
    /// hash index points only at blocks holding that hash; only full blocks hold hashes; each
    /// sequence's table covers exactly its tokens, with every block filled to match. O(blocks +
    /// table entries), so it runs after every mutation only in debug builds.
    public func validate() -> [String] {
        var problems: [String] = []
        let blockSize = _pool.blockSize
        var refCounts = Array(repeating: Int32(0), count: _pool.numBlocks)
        var live = 0
        for raw in 0 ..< _pool.recordCapacity {
            let record = _pool.records[raw]
            let table = _pool.tables[raw]
            guard record.isLive else {
                if !table.isEmpty { problems.append("freed sequence \(raw) still has \(table.count) blocks") }
                continue
            }
            live += 1
            if record.tokensBeforeLastBlock != max(0, table.count - 1) * blockSize {
                problems.append("s\(raw) counts \(record.tokensBeforeLastBlock) tokens before its last block, its \(table.count) blocks hold \(max(0, table.count - 1) * blockSize)")
            }
            let lastInPool = record.lastBlock >= 0 && Int(record.lastBlock) < _pool.numBlocks
            let numTokens = lastInPool ? _numTokens(record) : 0
            if record.numComputedTokens > numTokens {
                problems.append("s\(raw) has \(record.numComputedTokens) computed of \(numTokens) tokens")
            }
            if !table.isEmpty && numTokens <= (table.count - 1) * blockSize {
                problems.append("s\(raw) has an empty last block \(table.last!)")
            }
            if record.lastBlock != (table.last ?? -1) {
                problems.append("s\(raw) records last block \(record.lastBlock), its table ends with \(table.last ?? -1)")
            }
            for (logical, block) in table.enumerated() {
                guard block >= 0, Int(block) < _pool.numBlocks else {
                    problems.append("s\(raw) block table holds \(block), outside the pool")
                    continue
                }
                refCounts[Int(block)] += 1
                let expectedFill = min(blockSize, numTokens - logical * blockSize)
                if Int(_pool.blocks[Int(block)].filled) != expectedFill {
                    problems.append("s\(raw) logical block \(logical) (block \(block)) has \(_pool.blocks[Int(block)].filled) filled slots, expected \(expectedFill)")
                }
                if logical < record.numHashedBlocks && enablePrefixCaching && !_pool.blocks[Int(block)].hasHash {
                    problems.append("s\(raw) logical block \(logical) (block \(block)) should hold a hash")
                }
            }
        }
        if live != _numLiveSequences { problems.append("\(live) live sequences, the counter says \(_numLiveSequences)") }
        problems += _pool.problems(expectedRefCounts: refCounts)
        if !enablePrefixCaching && _pool.numHashedBlocks > 0 {
            problems.append("prefix caching is off but \(_pool.numHashedBlocks) blocks hold a hash")
        }
        if numUsedBlocks > stats.peakUsedBlocks {
            problems.append("\(numUsedBlocks) blocks used, above the recorded peak \(stats.peakUsedBlocks)")
        }
        return problems
    }

    /// Runs `validate()` after a mutation in debug builds; compiled out of release builds.
    @inline(__always)
    func _debugCheckInvariants() {
        #if DEBUG
        guard checksInvariantsInDebugBuilds else { return }
        let problems = validate()
        assert(problems.isEmpty, PagingInvariantError(problems: problems).description)
        #endif
    }
}
