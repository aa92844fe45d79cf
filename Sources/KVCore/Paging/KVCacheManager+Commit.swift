extension KVCacheManager {
    /// Records that the K/V of the first `computedTokens` tokens of `seq` are in the cache, and
    /// publishes every block that is full within them and not yet hashed: it gets the hash
    /// chained from its predecessor's and becomes findable by later allocations. The index maps
    /// a hash to the block that received it last (two sequences can compute the same block
    /// before either commits); the older duplicate keeps its hash until evicted.
    public mutating func commit(_ seq: SequenceID, computedTokens: Int) {
        let record = _liveRecord(seq)
        precondition(computedTokens >= 0 && computedTokens <= record.numTokens,
                     "\(seq) has \(record.numTokens) tokens, cannot commit \(computedTokens)")
        if computedTokens > record.numComputedTokens {
            _sequences[seq.rawValue].numComputedTokens = computedTokens
        }
        // Most commits fill no new block: check that with a multiply before dividing.
        guard enablePrefixCaching, computedTokens >= (record.numHashedBlocks + 1) * _pool.blockSize else { return }
        _makePoolUnique()
        let fullBlocks = computedTokens / _pool.blockSize
        let hasher = self.hasher  // a local, so the closure below does not capture `self`
        for logical in record.numHashedBlocks ..< fullBlocks {
            let block = _tables[seq.rawValue][logical]
            if _pool.blocks[Int(block)].hasHash { continue }  // a hit, or published by a fork sibling
            let parent = logical > 0 ? _tables[seq.rawValue][logical - 1] : KVCacheBlock.noParent
            let parentHash = parent == KVCacheBlock.noParent ? nil : BlockHash(_pool.blocks[Int(parent)].hash)
            let hash = _pool.withTokens(of: block) { hasher.hash(parent: parentHash, tokens: $0) }
            _pool.publish(block, hash: hash.value, parent: parent)
            _record(.published(seq: seq, block: BlockID(block), hash: hash))
        }
        _sequences[seq.rawValue].numHashedBlocks = fullBlocks
        _debugCheckInvariants()
    }

    /// Releases every block of `seq`, last block first: each ref count drops by one and a block
    /// that reaches zero joins the free queue's tail, keeping its hash and tokens. Releasing the
    /// tail first puts a sequence's tail nearer the queue's head, so it is evicted before the
    /// prefix that more requests are likely to share.
    public mutating func free(_ seq: SequenceID) {
        _liveRecord(seq)
        _makePoolUnique()
        var table: [Int32] = []
        swap(&table, &_tables[seq.rawValue])
        var logical = table.count - 1
        while logical >= 0 {
            let block = table[logical]
            let after = _pool.release(block, parent: logical > 0 ? table[logical - 1] : KVCacheBlock.noParent)
            _record(.freed(seq: seq, block: BlockID(block), refCountAfter: Int(after)))
            logical -= 1
        }
        table.removeAll(keepingCapacity: true)
        swap(&table, &_tables[seq.rawValue])
        _sequences[seq.rawValue] = SequenceRecord()
        _numLiveSequences -= 1
        _debugCheckInvariants()
    }
}
