extension KVCacheManager {
    /// Whether `appendToken(seq, _)` would succeed now: it needs a free block when the token
    /// starts a new block or lands in a shared partially filled one.
    public func canAppend(_ seq: SequenceID) -> Bool {
        !_appendNeedsBlock(seq) || _pool.numFreeBlocks > 0
    }

    /// Adds one token to `seq` and returns the slot its K/V go to.
    ///
    /// When the sequence's length becomes `k * blockSize + 1` it takes a fresh block. When the
    /// token would land in a partially filled block that other sequences share (after a
    /// `fork`), it first copies that block's filled slots into a fresh block of its own
    /// (copy-on-write, PagedAttention Fig. 8); a shared *full* last block needs no copy, the
    /// token goes to a new block anyway. Returns nil, changing nothing, when it needs a block
    /// and none is free.
    public mutating func appendToken(_ seq: SequenceID, _ token: TokenID) -> AppendResult? {
        let record = _liveRecord(seq)
        _makePoolUnique()
        let blockSize = _pool.blockSize
        // The last block's fill gives the offset without dividing (this is the hottest path).
        let lastFill = record.lastBlock < 0 ? blockSize : Int(_pool.blocks[Int(record.lastBlock)].filled)
        let offset = lastFill == blockSize ? 0 : lastFill
        var newBlock: BlockID?
        var copiedFrom: BlockID?
        let target: Int32
        if offset == 0 {
            guard _pool.numFreeBlocks > 0 else { return nil }
            target = _takeFresh(for: seq).block
            _tables[seq.rawValue].append(target)
            _sequences[seq.rawValue].lastBlock = target
            newBlock = BlockID(target)
            _record(.allocated(seq: seq, block: BlockID(target), logicalIndex: record.numTokens / blockSize))
        } else {
            let last = record.lastBlock
            if _pool.blocks[Int(last)].refCount > 1 {
                guard _pool.numFreeBlocks > 0 else { return nil }
                target = _takeFresh(for: seq).block
                let copied = _pool.copySlots(from: last, to: target)
                _ = _pool.release(last, parent: KVCacheBlock.noParent)  // still held by the others
                _tables[seq.rawValue][record.numTokens / blockSize] = target
                _sequences[seq.rawValue].lastBlock = target
                stats.copiesOnWrite += 1
                newBlock = BlockID(target)
                copiedFrom = BlockID(last)
                _record(.copiedOnWrite(seq: seq, from: BlockID(last), to: BlockID(target), slotsCopied: copied))
            } else {
                target = last
            }
        }
        _pool.append(token, to: target)
        _sequences[seq.rawValue].numTokens += 1
        if newBlock != nil { _notePeak() }
        _debugCheckInvariants()
        return AppendResult(slot: Int(target) * blockSize + offset, newBlock: newBlock, copiedFrom: copiedFrom)
    }

    /// Parallel sampling: `child` becomes a second owner of every block of `parent` (ref count
    /// + 1 each), with the same tokens and computed count. Neither copies anything until one of
    /// them writes into a shared partially filled block.
    public mutating func fork(_ parent: SequenceID, into child: SequenceID) {
        let record = _liveRecord(parent)
        _ensureSlot(for: child)
        precondition(!_sequences[child.rawValue].isLive, "\(child) is already allocated")
        _makePoolUnique()
        let blocks = _tables[parent.rawValue]
        for block in blocks { _pool.share(block) }
        _tables[child.rawValue].removeAll(keepingCapacity: true)
        _tables[child.rawValue].append(contentsOf: blocks)
        _sequences[child.rawValue] = record
        _numLiveSequences += 1
        _record(.forked(parent: parent, child: child))
        _debugCheckInvariants()
    }

    private func _appendNeedsBlock(_ seq: SequenceID) -> Bool {
        let record = _liveRecord(seq)
        let blockSize = _pool.blockSize
        if record.numTokens % blockSize == 0 { return true }
        let last = record.lastBlock
        return _pool.blocks[Int(last)].refCount > 1
    }
}
