/// The hybrid manager behind `BlockManager`, so the scheduler and the engine run it as they run
/// the single-group managers. Where the protocol speaks of one block table, the hybrid answers
/// with its primary group's (`primaryGroup`: the first full-attention group, whose table has no
/// holes, else group 0 with its holes left out); the other groups' tables are
/// `blockTable(of:group:)`. Allocation results count the hit in logical blocks (the tokens every
/// group found cached, over the block size), fresh blocks over all groups.
extension HybridKVCacheManager: BlockManager {
    /// The group whose table stands for the sequence where one table is asked for.
    public var primaryGroup: Int { groups.firstIndex(of: .full) ?? 0 }

    public var numCachedFreeBlocks: Int {
        (0 ..< numBlocks).count { pool.refCounts[$0] == 0 && pool.keys[$0] != nil }
    }

    public var numSequences: Int { sequences.count }

    /// Eventless: the hybrid manager records no `PagingEvent`s.
    public var recordsEvents: Bool { false }
    public mutating func drainEvents() -> [PagingEvent] { [] }

    public var stats: PagingStats {
        var result = PagingStats()
        result.hitBlocks = hybridStats.hitTokens / blockSize
        result.freshBlocks = hybridStats.freshBlocks
        result.evictions = hybridStats.evictions
        result.peakUsedBlocks = hybridStats.peakUsedBlocks
        result.copiesOnWrite = hybridStats.copiesOnWrite
        return result
    }

    public func block(_ id: BlockID) -> BlockInfo {
        BlockInfo(id: id, refCount: refCount(of: id), hash: pool.keys[id.index].map { BlockHash($0.hash) },
                  filledSlots: filledSlots(of: id), tokens: tokens(in: id))
    }

    public func state(of id: BlockID) -> (refCount: Int, filledSlots: Int, hash: BlockHash?, queueTicket: Int?) {
        (refCount(of: id), filledSlots(of: id), pool.keys[id.index].map { BlockHash($0.hash) }, freeQueueTicket(of: id))
    }

    public func withSlotTokens<R>(of block: BlockID, _ body: (UnsafeBufferPointer<TokenID>) -> R) -> R {
        precondition(block.index >= 0 && block.index < numBlocks, "block \(block.index) outside the pool of \(numBlocks)")
        return pool.tokens.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[block.index * blockSize ..< (block.index + 1) * blockSize]))
        }
    }

    public func blockTable(of seq: SequenceID) -> [BlockID] {
        record(seq).tables[primaryGroup].compactMap { $0 < 0 ? nil : BlockID($0) }
    }

    public func blockTable(of seq: SequenceID, reusing old: [BlockID]) -> [BlockID] {
        let table = blockTable(of: seq)
        return table == old ? old : table
    }

    public func block(of seq: SequenceID, logical: Int) -> BlockID? {
        let table = blockTable(of: seq)
        return logical >= 0 && logical < table.count ? table[logical] : nil
    }

    public func tokens(of seq: SequenceID) -> [TokenID] { record(seq).tokens }

    public func blocksNeeded(forTokens count: Int) -> Int { groups.count * ((count + blockSize - 1) / blockSize) }

    public func canAllocate(tokens: [TokenID]) -> Bool { blocksToAllocate(prompt: tokens) <= numFreeBlocks }

    public func cachedPrefixBlocks(for tokens: [TokenID]) -> Int { prefixHitBlocks(of: tokens) }

    public func canAppend(_ seq: SequenceID) -> Bool { blocksToAppend(1, to: seq) <= numFreeBlocks }

    public func blocksNeeded(toAppend count: Int, to seq: SequenceID) -> Int { blocksToAppend(count, to: seq) }

    public mutating func allocate(_ seq: SequenceID, tokens: [TokenID]) -> AllocationResult? {
        allocate(seq, tokens: tokens) { _ in tokens.count }
    }

    public mutating func allocate(_ seq: SequenceID, tokens: [TokenID],
                                  newTokens: (_ cachedTokens: Int) -> Int) -> AllocationResult? {
        let evictionsBefore = hybridStats.evictions
        guard let result = admit(seq, tokens: tokens, newTokens: newTokens) else { return nil }
        return AllocationResult(hitBlocks: result.hitTokens / blockSize, freshBlocks: result.freshBlocks,
                                evictions: hybridStats.evictions - evictionsBefore)
    }

    public mutating func allocateSlots(_ seq: SequenceID, appending tokens: ArraySlice<TokenID>) -> Bool {
        placeSlots(seq, appending: tokens)
    }

    public mutating func commit(_ seq: SequenceID, computedTokens: Int) {
        markComputed(seq, upTo: computedTokens)
    }
}
