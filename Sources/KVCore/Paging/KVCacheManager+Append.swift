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
    @inline(__always)
    public mutating func appendToken(_ seq: SequenceID, _ token: TokenID) -> AppendResult? {
        _appendToken(seq, token, poolIsUnique: false)
    }

    /// `appendToken`, skipping the copy-on-write check when the caller made the pool unique and
    /// holds this value exclusively since (see `_makePoolUnique(unlessKnown:)`).
    @inline(__always)
    mutating func _appendToken(_ seq: SequenceID, _ token: TokenID, poolIsUnique: Bool) -> AppendResult? {
        let record = _liveRecord(seq)
        // The common case, inlined: the token lands in the sequence's own partially filled last
        // block. The last block's fill gives the offset without dividing.
        let last = record.lastBlock
        if last >= 0 {
            let block = _pool.blocks[Int(last)]
            if block.refCount == 1, Int(block.filled) < _pool.blockSize {
                _makePoolUnique(unlessKnown: poolIsUnique)
                _pool.append(token, to: last)  // the length follows from the block's fill
                if Int(block.filled) + 1 == _pool.blockSize, _publishesOnFill {
                    _publishPlaced(seq)
                }
                _debugCheckInvariants()
                return AppendResult(slot: Int(last) * _pool.blockSize + Int(block.filled), newBlock: nil, copiedFrom: nil)
            }
        }
        return _appendTokenTakingBlock(seq, token, record: record)
    }

    /// `appendToken` when the token needs a block: a fresh last block, or a copy of a shared
    /// partially filled one.
    @inline(never)
    mutating func _appendTokenTakingBlock(_ seq: SequenceID, _ token: TokenID, record: SequenceRecord) -> AppendResult? {
        guard _pool.numFreeBlocks > 0 else { return nil }
        _makePoolUnique()
        let blockSize = _pool.blockSize
        let numTokens = _numTokens(record)
        let lastFill = record.lastBlock < 0 ? blockSize : Int(_pool.blocks[Int(record.lastBlock)].filled)
        let offset = lastFill == blockSize ? 0 : lastFill
        var copiedFrom: BlockID?
        let target = _takeFresh(for: seq).block
        if offset == 0 {
            _pool.tables[seq.rawValue].append(target)
            _pool.records[seq.rawValue].tokensBeforeLastBlock = numTokens
            _record(.allocated(seq: seq, block: BlockID(target), logicalIndex: numTokens / blockSize))
        } else {
            // Copy on write: the last block is shared (a fork) and partially filled.
            let last = record.lastBlock
            let copied = _pool.copySlots(from: last, to: target)
            _ = _pool.release(last, parent: KVCacheBlock.noParent)  // still held by the others
            _pool.tables[seq.rawValue][numTokens / blockSize] = target
            stats.copiesOnWrite += 1
            copiedFrom = BlockID(last)
            _record(.copiedOnWrite(seq: seq, from: BlockID(last), to: BlockID(target), slotsCopied: copied))
        }
        _pool.records[seq.rawValue].lastBlock = target
        _pool.append(token, to: target)
        if _publishesOnFill { _publishPlaced(seq) }
        _notePeak()
        _debugCheckInvariants()
        return AppendResult(slot: Int(target) * blockSize + offset, newBlock: BlockID(target), copiedFrom: copiedFrom)
    }

    /// Parallel sampling: `child` becomes a second owner of every block of `parent` (ref count
    /// + 1 each), with the same tokens and computed count. Neither copies anything until one of
    /// them writes into a shared partially filled block.
    public mutating func fork(_ parent: SequenceID, into child: SequenceID) {
        let record = _liveRecord(parent)
        _ensureSlot(for: child)
        precondition(!_pool.records[child.rawValue].isLive, "\(child) is already allocated")
        _makePoolUnique()
        let blocks = _pool.tables[parent.rawValue]
        for block in blocks { _pool.share(block) }
        _pool.tables[child.rawValue].removeAll(keepingCapacity: true)
        _pool.tables[child.rawValue].append(contentsOf: blocks)
        _pool.records.noteLive(child.rawValue)
        _pool.records[child.rawValue] = record
        _numLiveSequences += 1
        _record(.forked(parent: parent, child: child))
        _debugCheckInvariants()
    }

    /// Fresh blocks that placing `count` more tokens after the end of `seq` would take: new
    /// blocks past its last one, plus a copy of its last block when that is shared and
    /// partially filled (copy-on-write).
    public func blocksNeeded(toAppend count: Int, to seq: SequenceID) -> Int {
        let record = _liveRecord(seq)
        guard count > 0 else { return 0 }
        let blockSize = _pool.blockSize
        let length = _numTokens(record)
        var needed = (length + count + blockSize - 1) / blockSize - (length + blockSize - 1) / blockSize
        if length % blockSize != 0, _pool.blocks[Int(record.lastBlock)].refCount > 1 { needed += 1 }
        return needed
    }

    /// Places `tokens` after the end of the live sequence `seq`: the slots for the tokens a
    /// step schedules, as vLLM v1's `allocate_slots` gives a running request (its next prefill
    /// chunk or its decode token). All or nothing: returns false and changes nothing when the
    /// free blocks do not cover them (the scheduler then preempts). With `.whenScheduled`
    /// publishing, every block these tokens fill is published now.
    @discardableResult
    public mutating func allocateSlots(_ seq: SequenceID, appending tokens: ArraySlice<TokenID>) -> Bool {
        guard blocksNeeded(toAppend: tokens.count, to: seq) <= _pool.numFreeBlocks else { return false }
        // The tokens go in one block at a time: a token that needs a block takes it as
        // `appendToken` does (fresh, or a copy of a shared partially filled last block), and
        // the rest of what fits in the sequence's own last block is written in one copy. A long
        // prefill chunk then costs a copy per block, not the checks of an append per token.
        var next = tokens.startIndex
        while next < tokens.endIndex {
            let record = _liveRecord(seq)
            let last = record.lastBlock
            if last >= 0 {
                let block = _pool.blocks[Int(last)]
                let room = _pool.blockSize - Int(block.filled)
                if block.refCount == 1, room > 0 {
                    let count = min(room, tokens.endIndex - next)
                    _makePoolUnique()
                    tokens[next ..< next + count].withUnsafeBufferPointer {
                        _pool.write($0, into: last, at: Int(block.filled))
                    }
                    next += count
                    if count == room, _publishesOnFill { _publishPlaced(seq) }
                    continue
                }
            }
            let placed = _appendTokenTakingBlock(seq, tokens[next], record: record)
            assert(placed != nil, "allocateSlots counted the blocks it needs")
            next += 1
        }
        _debugCheckInvariants()
        return true
    }

    /// Publishes the blocks of `seq` that are full within its placed tokens and not yet hashed.
    mutating func _publishPlaced(_ seq: SequenceID) {
        let record = _pool.records[seq.rawValue]
        let length = _numTokens(record)
        if enablePrefixCaching, length >= (record.numHashedBlocks + 1) * _pool.blockSize {
            _publishFullBlocks(seq, computedTokens: length, from: record.numHashedBlocks)
        }
    }

    private func _appendNeedsBlock(_ seq: SequenceID) -> Bool {
        let record = _liveRecord(seq)
        let blockSize = _pool.blockSize
        if _numTokens(record) % blockSize == 0 { return true }
        let last = record.lastBlock
        return _pool.blocks[Int(last)].refCount > 1
    }
}
