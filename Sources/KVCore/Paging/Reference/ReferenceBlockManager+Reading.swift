/// The reference manager read from outside: what `BlockManager` asks besides the operations.
/// Each one is the obvious loop or lookup; `KVCacheManager` answers the same in O(1) where it can.
extension ReferenceBlockManager: BlockManager {
    public var numBlocks: Int { blocks.count }
    public var numFreeBlocks: Int { freeBlockIDs.count }
    public var numUsedBlocks: Int { blocks.count - freeBlockIDs.count }
    public var numCachedFreeBlocks: Int { blocks.filter { $0.refCount == 0 && $0.blockHash != nil }.count }

    public func block(_ id: BlockID) -> BlockInfo {
        let block = blocks[id.index]
        return BlockInfo(id: id, refCount: block.refCount, hash: block.blockHash.map(BlockHash.init),
                         filledSlots: block.tokenIDs.count, tokens: block.tokenIDs)
    }

    public func refCount(of id: BlockID) -> Int { blocks[id.index].refCount }

    public func state(of id: BlockID) -> (refCount: Int, filledSlots: Int, hash: BlockHash?, queueTicket: Int?) {
        let block = blocks[id.index]
        return (block.refCount, block.tokenIDs.count, block.blockHash.map(BlockHash.init), freeQueueTicket(of: id))
    }

    public func freeQueueTicket(of id: BlockID) -> Int? {
        blocks[id.index].refCount == 0 ? blocks[id.index].queueTicket : nil
    }

    public func freeQueue() -> [BlockID] { freeBlockIDs.map(BlockID.init) }

    public func withSlotTokens<R>(of block: BlockID, _ body: (UnsafeBufferPointer<TokenID>) -> R) -> R {
        let tokens = blocks[block.index].tokenIDs
        let slots = tokens + Array(repeating: 0, count: blockSize - tokens.count)
        return slots.withUnsafeBufferPointer(body)
    }

    // MARK: Sequences

    public func contains(_ seq: SequenceID) -> Bool { sequences[seq] != nil }
    public var numSequences: Int { sequences.count }

    public func blockTable(of seq: SequenceID) -> [BlockID] { sequences[seq]!.blockTable.map(BlockID.init) }

    public func blockTable(of seq: SequenceID, reusing old: [BlockID]) -> [BlockID] {
        let table = blockTable(of: seq)
        return table == old ? old : table
    }

    public func block(of seq: SequenceID, logical: Int) -> BlockID? {
        let table = sequences[seq]!.blockTable
        return table.indices.contains(logical) ? BlockID(table[logical]) : nil
    }

    public func numTokens(of seq: SequenceID) -> Int { sequences[seq]!.blockTable.reduce(0) { $0 + blocks[$1].tokenIDs.count } }
    public func numComputedTokens(of seq: SequenceID) -> Int { sequences[seq]!.numComputedTokens }
    public func tokens(of seq: SequenceID) -> [TokenID] { sequences[seq]!.blockTable.flatMap { blocks[$0].tokenIDs } }

    // MARK: Lookups

    public func blocksNeeded(forTokens count: Int) -> Int { (count + blockSize - 1) / blockSize }

    public func canAllocate(tokens: [TokenID]) -> Bool {
        let hits = cachedPrefix(of: tokens)
        let freeHits = hits.filter { blocks[$0].refCount == 0 }.count
        return blocksNeeded(forTokens: tokens.count) - hits.count <= numFreeBlocks - freeHits
    }

    public func cachedPrefixBlocks(for tokens: [TokenID]) -> Int { cachedPrefix(of: tokens).count }

    public func canAppend(_ seq: SequenceID) -> Bool {
        guard let last = sequences[seq]!.blockTable.last, blocks[last].tokenIDs.count < blockSize,
              blocks[last].refCount == 1 else { return numFreeBlocks > 0 }
        return true
    }

    /// New blocks past the last one, and a copy of the last block when it is shared and not full.
    public func blocksNeeded(toAppend count: Int, to seq: SequenceID) -> Int {
        guard count > 0 else { return 0 }
        let length = numTokens(of: seq)
        let table = sequences[seq]!.blockTable
        let copy = length % blockSize != 0 && blocks[table.last!].refCount > 1 ? 1 : 0
        return blocksNeeded(forTokens: length + count) - blocksNeeded(forTokens: length) + copy
    }

    // MARK: What changed

    public mutating func drainEvents() -> [PagingEvent] {
        defer { events = [] }
        return events
    }

    /// The blocks a picture would draw differently than at the last call (ref count, hash,
    /// tokens, free-queue ticket): a comparison of the whole pool, O(blocks).
    public mutating func drainTouchedBlocks() -> [BlockID] {
        defer { blocksAtLastDrain = blocks }
        return blocks.indices.filter { index in
            let (now, then) = (blocks[index], blocksAtLastDrain[index])
            return now.refCount != then.refCount || now.blockHash != then.blockHash
                || now.tokenIDs != then.tokenIDs || now.queueTicket != then.queueTicket
        }.map(BlockID.init)
    }

    /// Ref counts equal the block-table entries holding each block; the free queue holds
    /// exactly the blocks nobody holds, each once; the dictionary points at full blocks holding
    /// that hash.
    public func validate() -> [String] {
        var problems: [String] = []
        var holders = Array(repeating: 0, count: blocks.count)
        for sequence in sequences.values { for blockID in sequence.blockTable { holders[blockID] += 1 } }
        for block in blocks where block.refCount != holders[block.blockID] {
            problems.append("block \(block.blockID) has ref count \(block.refCount) but \(holders[block.blockID]) holders")
        }
        if freeBlockIDs.sorted() != blocks.filter({ $0.refCount == 0 }).map(\.blockID) {
            problems.append("the free queue is not the set of blocks with ref count 0")
        }
        for (hash, blockID) in hashToBlockID where blocks[blockID].blockHash != hash || blocks[blockID].tokenIDs.count != blockSize {
            problems.append("hash \(hash) points at block \(blockID), which does not hold it full")
        }
        return problems
    }
}
