extension KVCacheManager {
    /// Blocks a new sequence holding `tokens` would take.
    public func blocksNeeded(forTokens count: Int) -> Int { (count + blockSize - 1) / blockSize }

    /// Whether `count` fresh blocks are free (ignores the prefix cache).
    func canAllocate(blocks count: Int) -> Bool { count <= numFreeBlocks }

    /// Whether `allocate(_, tokens:)` would succeed now, prefix-cache hits included.
    public func canAllocate(tokens: [TokenID]) -> Bool {
        var matched: [Int32] = []
        let (hits, freeHits) = tokens.withUnsafeBufferPointer { _matchCachedPrefix($0, into: &matched) }
        return blocksNeeded(forTokens: tokens.count) - hits <= numFreeBlocks - freeHits
    }

    /// Leading blocks of `tokens` an allocation would take from the prefix cache now, without
    /// changing anything. At most `(tokens.count - 1) / blockSize`: the last token is always
    /// computed, so it always has logits to sample from.
    public func cachedPrefixBlocks(for tokens: [TokenID]) -> Int {
        var matched: [Int32] = []
        return tokens.withUnsafeBufferPointer { _matchCachedPrefix($0, into: &matched) }.hits
    }

    /// Admits a new sequence holding `tokens`: reuses the longest cached prefix of full blocks,
    /// then takes fresh blocks from the free queue's head for the rest (evicting the cache
    /// entries they held). All or nothing: returns nil and changes nothing when the free blocks
    /// do not cover it. The hit tokens count as computed.
    public mutating func allocate(_ seq: SequenceID, tokens: [TokenID]) -> AllocationResult? {
        allocate(seq, tokens: tokens) { tokens.count - $0 }
    }

    /// Admits a new sequence whose tokens are `tokens`, placing only the cached prefix and the
    /// tokens scheduled this step, as vLLM v1's `allocate_slots` does for a new request: the
    /// prefix cache is looked up over all of `tokens` (so the hit cap follows the whole
    /// request), then `newTokens(cachedTokens)` says how many tokens after the hit ones to place
    /// (clamped to 1 ... the rest). Blocks for later chunks are taken when those are scheduled
    /// (`allocateSlots`). All or nothing, like `allocate(_:tokens:)`; afterwards
    /// `numTokens(of: seq)` is how many tokens were placed.
    public mutating func allocate(_ seq: SequenceID, tokens: [TokenID],
                                  newTokens: (_ cachedTokens: Int) -> Int) -> AllocationResult? {
        _ensureSlot(for: seq)
        precondition(!_pool.records[seq.rawValue].isLive, "\(seq) is already allocated")
        _makePoolUnique()
        let blockSize = _pool.blockSize
        var needed = 0
        var placed = 0

        // Work on the sequence's table outside `self`, keeping its capacity from earlier use.
        var table: [Int32] = []
        swap(&table, &_pool.tables[seq.rawValue])
        table.removeAll(keepingCapacity: true)

        let result: AllocationResult? = tokens.withUnsafeBufferPointer { source in
            let (hits, freeHits) = _matchCachedPrefix(source, into: &table)
            let cached = hits * blockSize
            placed = cached + min(max(1, newTokens(cached)), source.count - cached)
            if source.isEmpty { placed = 0 }
            needed = (placed + blockSize - 1) / blockSize
            guard needed - hits <= _pool.numFreeBlocks - freeHits else {
                table.removeAll(keepingCapacity: true)
                return nil
            }
            for logical in 0 ..< hits {
                let block = table[logical]
                _pool.touch(block, parent: logical > 0 ? table[logical - 1] : KVCacheBlock.noParent)
                _record(.prefixHit(seq: seq, block: BlockID(block), logicalIndex: logical))
            }
            var evictions = 0
            for logical in hits ..< needed {
                let (block, evicted) = _takeFresh(for: seq)
                if evicted { evictions += 1 }
                let start = logical * blockSize
                let end = min(start + blockSize, placed)
                _pool.write(UnsafeBufferPointer(rebasing: source[start ..< end]), into: block, at: 0)
                table.append(block)
                _record(.allocated(seq: seq, block: BlockID(block), logicalIndex: logical))
            }
            return AllocationResult(hitBlocks: hits, freshBlocks: needed - hits, evictions: evictions)
        }
        swap(&table, &_pool.tables[seq.rawValue])
        guard let result else { return nil }

        _pool.records.noteLive(seq.rawValue)
        _pool.records[seq.rawValue] = SequenceRecord(
            isLive: true,
            tokensBeforeLastBlock: max(0, needed - 1) * blockSize,
            numComputedTokens: result.hitBlocks * blockSize,
            numHashedBlocks: result.hitBlocks,
            lastBlock: _pool.tables[seq.rawValue].last ?? -1
        )
        _numLiveSequences += 1
        stats.hitBlocks += result.hitBlocks
        if publishing == .whenScheduled, enablePrefixCaching, placed >= (result.hitBlocks + 1) * blockSize {
            _publishFullBlocks(seq, computedTokens: placed, from: result.hitBlocks)
        }
        _notePeak()
        _debugCheckInvariants()
        return result
    }

    /// Looks up the full blocks of `tokens` in order, appending each hit to `matched` and
    /// stopping at the first miss. Returns the hits and how many of them are free blocks.
    ///
    /// A hit needs more than an equal hash. The candidate must hold the same token ids (so a
    /// hash collision cannot hand out another sequence's K/V), and its *prefix* must be ours
    /// too: K/V at deeper layers depend on every earlier token, and a chained hash only binds the
    /// prefix as well as the hasher avoids collisions. So each published block keeps a lineage
    /// link to the block before it (with that block's generation, which changes when the block
    /// is reused), and `_hasSamePrefix` walks the candidate's lineage against the blocks already
    /// matched, comparing token ids, until both meet in one physical block or both start the
    /// sequence. Usually the link points straight at our previous block: O(1). A candidate whose
    /// lineage was evicted cannot be proven and counts as a miss; that is conservative (never
    /// wrong K/V) and, with the default 64-bit hasher, happens only when duplicate blocks of one
    /// prefix were split apart by eviction.
    func _matchCachedPrefix(_ tokens: UnsafeBufferPointer<TokenID>, into matched: inout [Int32]) -> (hits: Int, freeHits: Int) {
        guard enablePrefixCaching, !tokens.isEmpty else { return (0, 0) }
        let blockSize = _pool.blockSize
        let maxHits = (tokens.count - 1) / blockSize
        var parentHash: BlockHash?
        var freeHits = 0
        for logical in 0 ..< maxHits {
            let blockTokens = UnsafeBufferPointer(rebasing: tokens[logical * blockSize ..< (logical + 1) * blockSize])
            let hash = hasher.hash(parent: parentHash, tokens: blockTokens)
            guard let candidate = _pool.cachedBlock(for: hash.value),
                  _pool.withTokens(of: candidate, { BlockPool.equal($0, blockTokens) }),
                  _hasSamePrefix(candidate, logicalIndex: logical, matched: matched)
            else { break }
            matched.append(candidate)
            if _pool.blocks[Int(candidate)].refCount == 0 { freeHits += 1 }
            parentHash = hash
        }
        return (matched.count, freeHits)
    }

    /// Whether the K/V before `candidate` were computed from the same tokens as the blocks in
    /// `matched` (our verified logical blocks `0 ..< logicalIndex`).
    private func _hasSamePrefix(_ candidate: Int32, logicalIndex: Int, matched: [Int32]) -> Bool {
        let blocks = _pool.blocks
        var link = blocks[Int(candidate)].parent
        var generation = blocks[Int(candidate)].parentGeneration
        var logical = logicalIndex - 1
        while logical >= 0 {
            guard link != KVCacheBlock.noParent, blocks[Int(link)].generation == generation else { return false }
            let ours = matched[logical]
            if link == ours { return true }
            guard blocks[Int(link)].hasHash, _pool.sameTokens(link, ours) else { return false }
            generation = blocks[Int(link)].parentGeneration
            link = blocks[Int(link)].parent
            logical -= 1
        }
        return link == KVCacheBlock.noParent
    }
}
