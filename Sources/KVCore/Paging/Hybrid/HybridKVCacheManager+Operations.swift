/// What `HybridKVCacheManager.allocate` did.
public struct HybridAllocation: Equatable, Sendable {
    /// Prompt tokens found in the prefix cache in every group: they need no computing.
    public let hitTokens: Int
    /// Per group, the cached blocks the sequence took (a sliding group takes only those in the
    /// window of the first token to compute).
    public let hitBlocks: [Int]
    /// Blocks taken from the free queue, over all groups.
    public let freshBlocks: Int
}

extension HybridKVCacheManager {
    /// Blocks `allocate(_:prompt:)` would take from the free queue for `prompt` now: fresh
    /// blocks plus cached blocks it would pull out of the queue. Nothing changes.
    public func blocksToAllocate(prompt: [TokenID]) -> Int { plan(prompt: prompt).needed }

    /// Admits `seq` with `prompt`: finds the prefix hit, takes the cached blocks each group needs
    /// and fresh blocks for the rest of the prompt in every group. Returns nil, changing
    /// nothing, when the free queue is too short.
    @discardableResult
    public mutating func allocate(_ seq: SequenceID, prompt: [TokenID]) -> HybridAllocation? {
        precondition(sequences[seq] == nil, "\(seq) is allocated already")
        precondition(!prompt.isEmpty, "a prompt needs at least one token")
        let plan = plan(prompt: prompt)
        guard plan.needed <= pool.numFree else { return nil }
        let hitTokens = plan.hitBlocks * blockSize
        var record = HybridSequenceRecord(tokens: prompt, numComputed: hitTokens,
                                          tables: Array(repeating: [], count: groups.count),
                                          numPublished: Array(repeating: plan.hitBlocks, count: groups.count),
                                          blockHashes: plan.hashes)
        // Every group's hit blocks leave the queue before any fresh block is taken, so a fresh
        // block can never evict a block another group is about to reuse.
        for (group, blocks) in plan.groupHits.enumerated() {
            for block in blocks where block != HybridBlockPool.none { pool.touch(block) }
            record.tables[group] = blocks
        }
        var fresh = 0
        let blocksNeeded = (prompt.count + blockSize - 1) / blockSize
        for group in groups.indices {
            while record.tables[group].count < blocksNeeded {
                record.tables[group].append(takeFresh(for: group))
                fresh += 1
            }
        }
        sequences[seq] = record
        stats.hitTokens += hitTokens
        notePeak()
        debugCheckInvariants()
        return HybridAllocation(hitTokens: hitTokens,
                                hitBlocks: plan.groupHits.map { $0.count { $0 != HybridBlockPool.none } },
                                freshBlocks: fresh)
    }

    /// Records that the first `computed` tokens of `seq` have their K/V: their full blocks are
    /// published to the prefix cache in every group, then each sliding group returns the blocks
    /// wholly before the window of the next token. Returns the blocks returned to the pool.
    @discardableResult
    public mutating func markComputed(_ seq: SequenceID, upTo computed: Int) -> [BlockID] {
        guard var record = sequences.removeValue(forKey: seq) else { preconditionFailure("\(seq) is not allocated") }
        precondition(computed >= record.numComputed && computed <= record.tokens.count,
                     "\(seq): computed \(computed) outside \(record.numComputed)...\(record.tokens.count)")
        record.numComputed = computed
        if enablePrefixCaching { publish(&record) }
        let freed = dropBehindWindow(&record)
        sequences[seq] = record
        debugCheckInvariants()
        return freed
    }

    /// Blocks `appendToken` would take now: one in each group whose last block is full.
    public func blocksToAppend(_ seq: SequenceID) -> Int {
        let record = record(seq)
        let needed = (record.tokens.count + 1 + blockSize - 1) / blockSize
        return record.tables.count { $0.count < needed }
    }

    /// Appends one token to `seq` (not yet computed), taking a block in each group whose table
    /// has no slot for it. Returns false, changing nothing, when the free queue is too short.
    @discardableResult
    public mutating func appendToken(_ seq: SequenceID, _ token: TokenID) -> Bool {
        guard blocksToAppend(seq) <= pool.numFree else { return false }
        guard var record = sequences.removeValue(forKey: seq) else { preconditionFailure("\(seq) is not allocated") }
        record.tokens.append(token)
        let needed = (record.tokens.count + blockSize - 1) / blockSize
        for group in groups.indices where record.tables[group].count < needed {
            record.tables[group].append(takeFresh(for: group))
        }
        sequences[seq] = record
        notePeak()
        debugCheckInvariants()
        return true
    }

    /// Frees `seq`: every block it holds is released, each group's table from its last block to
    /// its first, so a sequence's tail is evicted before its head.
    public mutating func free(_ seq: SequenceID) {
        guard let record = sequences.removeValue(forKey: seq) else { preconditionFailure("\(seq) is not allocated") }
        for table in record.tables {
            for block in table.reversed() where block != HybridBlockPool.none { pool.release(block) }
        }
        debugCheckInvariants()
    }

    // MARK: Helpers

    /// The hit and the block count of admitting `prompt`.
    private func plan(prompt: [TokenID]) -> (hashes: [UInt64], hitBlocks: Int, groupHits: [[Int32]], needed: Int) {
        let hashes = chainedHashes(of: prompt, from: [])
        var hit = 0
        if enablePrefixCaching {
            let maxBlocks = min((prompt.count - 1) / blockSize, hashes.count)
            hit = HybridPrefixSearch.hybridHit(maxBlocks: maxBlocks, groups: groups, blockSize: blockSize) { group, logical in
                pool.cachedBlock(.init(hash: hashes[logical], group: group)) != nil
            }
        }
        var groupHits: [[Int32]] = []
        var needed = 0
        let blocksNeeded = (prompt.count + blockSize - 1) / blockSize
        for (group, attention) in groups.enumerated() {
            var first = 0
            if let window = attention.window { first = config.firstUsefulBlock(window: window, computed: hit * blockSize) }
            var table = Array(repeating: HybridBlockPool.none, count: first)
            for logical in first ..< hit {
                let block = pool.cachedBlock(.init(hash: hashes[logical], group: group))!
                if pool.refCounts[Int(block)] == 0 { needed += 1 }
                table.append(block)
            }
            groupHits.append(table)
            needed += blocksNeeded - hit
        }
        return (hashes, hit, groupHits, needed)
    }

    /// The chained hashes of every full block of `tokens`, reusing the `known` leading ones.
    func chainedHashes(of tokens: [TokenID], from known: [UInt64]) -> [UInt64] {
        var hashes = known
        let full = tokens.count / blockSize
        tokens.withUnsafeBufferPointer { buffer in
            while hashes.count < full {
                let start = hashes.count * blockSize
                let parent = hashes.last.map(BlockHash.init)
                let slice = UnsafeBufferPointer(rebasing: buffer[start ..< start + blockSize])
                hashes.append(hasher.hash(parent: parent, tokens: slice).value)
            }
        }
        return hashes
    }

    /// Publishes the computed full blocks not yet published, in every group (holes skipped).
    private mutating func publish(_ record: inout HybridSequenceRecord) {
        let computedBlocks = record.numComputed / blockSize
        guard record.numPublished.contains(where: { $0 < computedBlocks }) else { return }
        record.blockHashes = chainedHashes(of: record.tokens, from: record.blockHashes)
        for group in groups.indices {
            for logical in record.numPublished[group] ..< max(record.numPublished[group], computedBlocks) {
                let block = record.tables[group][logical]
                guard block != HybridBlockPool.none else { continue }
                pool.publish(block, key: .init(hash: record.blockHashes[logical], group: group))
            }
            record.numPublished[group] = max(record.numPublished[group], computedBlocks)
        }
    }

    /// Returns each sliding group's blocks before the window of the next token, newest first,
    /// stopping at the first hole (everything before it went on an earlier call).
    private mutating func dropBehindWindow(_ record: inout HybridSequenceRecord) -> [BlockID] {
        var freed: [BlockID] = []
        for (group, attention) in groups.enumerated() {
            guard let window = attention.window else { continue }
            var logical = config.firstUsefulBlock(window: window, computed: record.numComputed) - 1
            while logical >= 0, record.tables[group][logical] != HybridBlockPool.none {
                let block = record.tables[group][logical]
                record.tables[group][logical] = HybridBlockPool.none
                pool.release(block)
                freed.append(BlockID(block))
                logical -= 1
            }
        }
        stats.freedBehindWindow += freed.count
        return freed
    }

    private mutating func takeFresh(for group: Int) -> Int32 {
        let (block, evicted) = pool.takeFresh(for: group)
        if evicted != nil { stats.evictions += 1 }
        return block
    }

    private mutating func notePeak() {
        stats.peakUsedBlocks = max(stats.peakUsedBlocks, numUsedBlocks)
    }
}
