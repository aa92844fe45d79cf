extension KVCacheManager {
    /// Records that the K/V of the first `computedTokens` tokens of `seq` are in the cache, and
    /// (when `publishing` is `.whenComputed`) publishes every block that is full within them and not yet hashed: it gets the hash
    /// chained from its predecessor's and becomes findable by later allocations. The index maps
    /// a hash to the block that received it last (two sequences can compute the same block
    /// before either commits); the older duplicate keeps its hash until evicted.
    @inline(__always)
    public mutating func commit(_ seq: SequenceID, computedTokens: Int) {
        _commit(seq, computedTokens: computedTokens, poolIsUnique: false)
    }

    /// `commit`, skipping the copy-on-write check when the caller made the pool unique and
    /// holds this value exclusively since (see `_makePoolUnique(unlessKnown:)`).
    @inline(__always)
    mutating func _commit(_ seq: SequenceID, computedTokens: Int, poolIsUnique: Bool) {
        let record = _liveRecord(seq)
        precondition(computedTokens >= 0 && computedTokens <= _numTokens(record),
                     "\(seq) has \(_numTokens(record)) tokens, cannot commit \(computedTokens)")
        if computedTokens > record.numComputedTokens {
            _makePoolUnique(unlessKnown: poolIsUnique)
            _pool.records[seq.rawValue].numComputedTokens = computedTokens
        }
        // Most commits fill no new block: check that with a multiply before dividing.
        if enablePrefixCaching, computedTokens >= (record.numHashedBlocks + 1) * _pool.blockSize,
           publishing == .whenComputed {
            _publishFullBlocks(seq, computedTokens: computedTokens, from: record.numHashedBlocks)
        }
        _debugCheckInvariants()
    }

    /// Publishing: hashes and indexes the blocks of `seq` from logical block `first` up to the
    /// last one full within `computedTokens` (by `commit`, or by a placement when blocks are
    /// published when scheduled).
    @inline(never)
    mutating func _publishFullBlocks(_ seq: SequenceID, computedTokens: Int, from first: Int) {
        _makePoolUnique()
        let pool = _pool
        let blockSize = pool.blockSize
        let fullBlocks = computedTokens / blockSize
        // Plain loads and no closures: a long prefill publishes thousands of blocks a call, and
        // a closure over the pool and the hasher costs a retain and a release per block.
        var parent = first > 0 ? pool.tables[seq.rawValue][first - 1] : KVCacheBlock.noParent
        for logical in first ..< fullBlocks {
            let block = pool.tables[seq.rawValue][logical]
            defer { parent = block }
            if pool.blocks[Int(block)].hasHash { continue }  // a hit, or published by a fork sibling
            let parentHash = parent == KVCacheBlock.noParent ? nil : BlockHash(pool.blocks[Int(parent)].hash)
            let tokens = UnsafeBufferPointer(start: pool.tokens + Int(block) * blockSize, count: blockSize)
            let hash = hasher.hash(parent: parentHash, tokens: tokens)
            pool.publish(block, hash: hash.value, parent: parent)
            if recordsEvents { _events.append(.published(seq: seq, block: BlockID(block), hash: hash)) }
        }
        _pool.records[seq.rawValue].numHashedBlocks = fullBlocks
    }

    /// Releases every block of `seq`, last block first: each ref count drops by one and a block
    /// that reaches zero joins the free queue's tail, keeping its hash and tokens. Releasing the
    /// tail first puts a sequence's tail nearer the queue's head, so it is evicted before the
    /// prefix that more requests are likely to share.
    public mutating func free(_ seq: SequenceID) {
        _liveRecord(seq)
        _makePoolUnique()
        var table: [Int32] = []
        swap(&table, &_pool.tables[seq.rawValue])
        var logical = table.count - 1
        while logical >= 0 {
            let block = table[logical]
            let after = _pool.release(block, parent: logical > 0 ? table[logical - 1] : KVCacheBlock.noParent)
            _record(.freed(seq: seq, block: BlockID(block), refCountAfter: Int(after)))
            logical -= 1
        }
        table.removeAll(keepingCapacity: true)
        swap(&table, &_pool.tables[seq.rawValue])
        _pool.records[seq.rawValue] = SequenceRecord()
        _numLiveSequences -= 1
        _debugCheckInvariants()
    }
}
