/// kvviz's paged KV-cache block manager written the plain way, to be read: start here to learn
/// the algorithm. `KVCacheManager` (the rest of `Paging/`) is the same manager made fast (flat
/// arrays, raw memory); both conform to `BlockManager`, any run can use either
/// (`--manager reference`), and the tests require them to give the same results.
///
/// The shape is nano-vllm's `BlockManager` with vLLM's names: a `Block` per physical block, a
/// dictionary from block hash to block id (the prefix cache, vLLM's
/// `cached_block_hash_to_block`), and the ids of the free blocks in eviction order (vLLM's free
/// block queue, nano-vllm's `free_block_ids`; a plain array here). The rules:
///
/// - a free block keeps its hash and tokens, so a later request can still find it (cached free);
///   taking it for new contents evicts that cache entry;
/// - blocks go back to the queue's tail, last block of a sequence first, and are taken from the
///   head, so the oldest, least shared cache entries are evicted first;
/// - a full block gets its hash, chained from its predecessor's, once its K/V are computed
///   (`commit`), or, publishing when scheduled (vLLM v1), as soon as it is placed full
///   (`allocate`, `appendToken`, `allocateSlots`); the dictionary keeps the block that received
///   a hash last;
/// - a lookup stops at the first miss and never covers a request's last token (it must be
///   computed, to have logits to sample from);
/// - `fork` shares every block; writing into a shared partially filled block copies it first.
///
/// Beyond nano-vllm, a hit must be exact: the candidate must hold the same token ids, and the
/// blocks it was computed after (its lineage, remembered per block with the predecessor's
/// `version`, which changes when that block is reused) must hold the same tokens as the blocks
/// matched so far. So a hash collision can never hand out another prefix's K/V.
///
/// A value (blocks are structs in an array): the engine's copies for stepping back are
/// independent without any deep-copy code.
public struct ReferenceBlockManager: Sendable {
    /// One physical block.
    public struct Block: Equatable, Sendable {
        public let blockID: Int
        /// Sequences holding the block; 0 when it is free.
        public var refCount = 0
        /// Set once the block is full and published; kept while the block is free.
        public var blockHash: UInt64?
        /// The token ids written into its slots so far.
        public var tokenIDs: [TokenID] = []
        /// Bumped each time the block is taken for new contents.
        var version = 0
        /// The block before this one when it was last published, hit or freed, and its version.
        var previous: Link?
        /// When the block last joined the free queue's tail: the queue is in ticket order.
        var queueTicket: Int
    }

    /// A lineage link: a block as it was at one `version`.
    struct Link: Equatable, Sendable {
        let blockID: Int
        let version: Int
    }

    /// One sequence: its block table (logical block -> block id) and how far it is computed.
    struct Sequence: Sendable {
        var blockTable: [Int] = []
        var numComputedTokens = 0
        var numHashedBlocks = 0
    }

    public let blockSize: Int
    public let enablePrefixCaching: Bool
    public let recordsEvents: Bool
    let hasher: BlockHasher
    /// When full blocks enter the prefix cache: once computed (`commit`) or once placed.
    public var publishing: PrefixPublishing
    public internal(set) var blocks: [Block]
    public internal(set) var freeBlockIDs: [Int]
    public internal(set) var hashToBlockID: [UInt64: Int] = [:]
    var sequences: [SequenceID: Sequence] = [:]
    public internal(set) var stats = PagingStats()
    /// What happened to blocks since the last `drainEvents()`.
    var events: [PagingEvent] = []
    var nextQueueTicket: Int
    /// The blocks as the last `drainTouchedBlocks()` saw them.
    var blocksAtLastDrain: [Block]

    public init(numBlocks: Int, blockSize: Int, enablePrefixCaching: Bool = true, recordsEvents: Bool = false,
                hasher: BlockHasher = .default, publishing: PrefixPublishing = .whenComputed) {
        precondition(numBlocks >= 0 && blockSize > 0, "a pool needs blocks of at least one slot")
        self.blockSize = blockSize
        self.enablePrefixCaching = enablePrefixCaching
        self.recordsEvents = recordsEvents
        self.hasher = hasher
        self.publishing = publishing
        blocks = (0 ..< numBlocks).map { Block(blockID: $0, queueTicket: $0) }
        freeBlockIDs = Array(0 ..< numBlocks)
        nextQueueTicket = numBlocks
        blocksAtLastDrain = blocks
    }

    // MARK: The prefix cache

    /// The blocks already holding the leading full blocks of `tokens`, in order, up to the
    /// first miss; never the block holding the last token (vLLM's `get_computed_blocks`).
    func cachedPrefix(of tokens: [TokenID]) -> [Int] {
        guard enablePrefixCaching, !tokens.isEmpty else { return [] }
        var found: [Int] = []
        var previousHash: UInt64?
        for logical in 0 ..< (tokens.count - 1) / blockSize {
            let blockTokens = Array(tokens[logical * blockSize ..< (logical + 1) * blockSize])
            let hash = hasher.hash(parent: previousHash.map(BlockHash.init), tokens: blockTokens).value
            guard let blockID = hashToBlockID[hash], blocks[blockID].tokenIDs == blockTokens,
                  wasComputed(after: found, blockID) else { break }
            found.append(blockID)
            previousHash = hash
        }
        return found
    }

    /// Whether `blockID`'s K/V were computed after the same tokens as the blocks in `found`:
    /// walk its lineage back beside them until both reach one block, or both the start.
    private func wasComputed(after found: [Int], _ blockID: Int) -> Bool {
        var link = blocks[blockID].previous
        for ours in found.reversed() {
            guard let current = link, blocks[current.blockID].version == current.version else { return false }
            if current.blockID == ours { return true }
            guard blocks[current.blockID].blockHash != nil,
                  blocks[current.blockID].tokenIDs == blocks[ours].tokenIDs else { return false }
            link = blocks[current.blockID].previous
        }
        return link == nil
    }

    /// A lineage link to `blockID` as it is now (nil: the block starts its sequence).
    private func link(to blockID: Int?) -> Link? {
        blockID.map { Link(blockID: $0, version: blocks[$0].version) }
    }

    /// Takes the free queue's head for new contents, evicting the cache entry it still held
    /// (nano-vllm's `_allocate_block`, vLLM's `get_new_blocks`).
    private mutating func takeFreeBlock() -> Int {
        let blockID = freeBlockIDs.removeFirst()
        stats.freshBlocks += 1
        if let hash = blocks[blockID].blockHash {
            if hashToBlockID[hash] == blockID { hashToBlockID[hash] = nil }
            stats.evictions += 1
            record(.evicted(block: BlockID(blockID), hash: BlockHash(hash)))
        }
        blocks[blockID].refCount = 1
        blocks[blockID].blockHash = nil
        blocks[blockID].tokenIDs = []
        blocks[blockID].version += 1
        blocks[blockID].previous = nil
        return blockID
    }

    /// Puts a block nobody holds any more at the free queue's tail.
    private mutating func returnToFreeQueue(_ blockID: Int) {
        freeBlockIDs.append(blockID)
        blocks[blockID].queueTicket = nextQueueTicket
        nextQueueTicket += 1
    }

    private mutating func notePeak() {
        stats.peakUsedBlocks = max(stats.peakUsedBlocks, blocks.count - freeBlockIDs.count)
    }

    private mutating func record(_ event: PagingEvent) {
        if recordsEvents { events.append(event) }
    }

    // MARK: Operations

    /// A new sequence: reuse its cached prefix, take fresh blocks for the rest. All or nothing.
    public mutating func allocate(_ seq: SequenceID, tokens: [TokenID]) -> AllocationResult? {
        allocate(seq, tokens: tokens) { tokens.count - $0 }
    }

    /// A new sequence placing only its cached prefix and the tokens scheduled now (vLLM v1's
    /// first `allocate_slots`): the cache is looked up over all of `tokens`, then
    /// `newTokens(cachedTokens)` more are placed (at least 1, at most the rest). All or nothing.
    public mutating func allocate(_ seq: SequenceID, tokens: [TokenID],
                                  newTokens: (_ cachedTokens: Int) -> Int) -> AllocationResult? {
        precondition(sequences[seq] == nil, "\(seq) is already allocated")
        let hits = cachedPrefix(of: tokens)
        let cached = hits.count * blockSize
        let placed = tokens.isEmpty ? 0 : cached + min(max(1, newTokens(cached)), tokens.count - cached)
        let freeHits = hits.filter { blocks[$0].refCount == 0 }.count
        guard blocksNeeded(forTokens: placed) - hits.count <= numFreeBlocks - freeHits else { return nil }
        var sequence = Sequence(numComputedTokens: cached, numHashedBlocks: hits.count)
        for blockID in hits {
            if blocks[blockID].refCount == 0 { freeBlockIDs.remove(at: freeBlockIDs.firstIndex(of: blockID)!) }
            blocks[blockID].refCount += 1
            blocks[blockID].previous = link(to: sequence.blockTable.last)
            record(.prefixHit(seq: seq, block: BlockID(blockID), logicalIndex: sequence.blockTable.count))
            sequence.blockTable.append(blockID)
        }
        let evictionsBefore = stats.evictions
        for logical in hits.count ..< blocksNeeded(forTokens: placed) {
            let blockID = takeFreeBlock()
            blocks[blockID].tokenIDs = Array(tokens[logical * blockSize ..< min((logical + 1) * blockSize, placed)])
            sequence.blockTable.append(blockID)
            record(.allocated(seq: seq, block: BlockID(blockID), logicalIndex: logical))
        }
        sequences[seq] = sequence
        stats.hitBlocks += hits.count
        if publishing == .whenScheduled { publish(seq, fullWithin: placed) }
        notePeak()
        return AllocationResult(hitBlocks: hits.count, freshBlocks: sequence.blockTable.count - hits.count,
                                evictions: stats.evictions - evictionsBefore)
    }

    /// One more token: into the sequence's own last block if it has room, else into a fresh
    /// block, which is a copy of the last block when that one is shared and partially filled.
    public mutating func appendToken(_ seq: SequenceID, _ token: TokenID) -> AppendResult? {
        var sequence = sequences[seq]!
        if let last = sequence.blockTable.last, blocks[last].refCount == 1, blocks[last].tokenIDs.count < blockSize {
            blocks[last].tokenIDs.append(token)
            if publishing == .whenScheduled { publish(seq, fullWithin: numTokens(of: seq)) }
            return AppendResult(slot: last * blockSize + blocks[last].tokenIDs.count - 1, newBlock: nil, copiedFrom: nil)
        }
        guard numFreeBlocks > 0 else { return nil }
        let lastFill = sequence.blockTable.last.map { blocks[$0].tokenIDs.count } ?? blockSize
        let target = takeFreeBlock()
        var copiedFrom: BlockID?
        if lastFill == blockSize {
            record(.allocated(seq: seq, block: BlockID(target), logicalIndex: sequence.blockTable.count))
            sequence.blockTable.append(target)
        } else {
            let shared = sequence.blockTable.removeLast()
            blocks[target].tokenIDs = blocks[shared].tokenIDs
            blocks[shared].refCount -= 1  // the other sequences still hold it
            sequence.blockTable.append(target)
            stats.copiesOnWrite += 1
            copiedFrom = BlockID(shared)
            record(.copiedOnWrite(seq: seq, from: BlockID(shared), to: BlockID(target), slotsCopied: lastFill))
        }
        blocks[target].tokenIDs.append(token)
        sequences[seq] = sequence
        if publishing == .whenScheduled { publish(seq, fullWithin: numTokens(of: seq)) }
        notePeak()
        return AppendResult(slot: target * blockSize + lastFill % blockSize, newBlock: BlockID(target), copiedFrom: copiedFrom)
    }

    /// The slots for the tokens a step schedules for a running sequence (vLLM v1's
    /// `allocate_slots`): all of them or, when the free blocks do not cover them, none.
    public mutating func allocateSlots(_ seq: SequenceID, appending tokens: ArraySlice<TokenID>) -> Bool {
        guard blocksNeeded(toAppend: tokens.count, to: seq) <= numFreeBlocks else { return false }
        for token in tokens { _ = appendToken(seq, token) }
        return true
    }

    /// The K/V of the first `computedTokens` tokens exist; publishing when computed, the full
    /// blocks among them enter the prefix cache.
    public mutating func commit(_ seq: SequenceID, computedTokens: Int) {
        precondition(computedTokens <= numTokens(of: seq), "cannot commit past the end of \(seq)")
        sequences[seq]!.numComputedTokens = max(sequences[seq]!.numComputedTokens, computedTokens)
        if publishing == .whenComputed { publish(seq, fullWithin: computedTokens) }
    }

    /// Gives each full block of `seq` within its first `count` tokens that has no hash yet its
    /// hash, chained from its predecessor's, and makes it findable.
    private mutating func publish(_ seq: SequenceID, fullWithin count: Int) {
        var sequence = sequences[seq]!
        let fullBlocks = count / blockSize
        guard enablePrefixCaching, fullBlocks > sequence.numHashedBlocks else { return }
        for logical in sequence.numHashedBlocks ..< fullBlocks {
            let blockID = sequence.blockTable[logical]
            if blocks[blockID].blockHash != nil { continue }  // a hit, or published by a fork sibling
            let previousHash = logical == 0 ? nil : blocks[sequence.blockTable[logical - 1]].blockHash!
            let hash = hasher.hash(parent: previousHash.map(BlockHash.init), tokens: blocks[blockID].tokenIDs).value
            blocks[blockID].blockHash = hash
            blocks[blockID].previous = link(to: logical == 0 ? nil : sequence.blockTable[logical - 1])
            hashToBlockID[hash] = blockID
            record(.published(seq: seq, block: BlockID(blockID), hash: BlockHash(hash)))
        }
        sequence.numHashedBlocks = fullBlocks
        sequences[seq] = sequence
    }

    /// Parallel sampling: `child` shares every block of `parent`.
    public mutating func fork(_ parent: SequenceID, into child: SequenceID) {
        precondition(sequences[child] == nil, "\(child) is already allocated")
        let sequence = sequences[parent]!
        for blockID in sequence.blockTable { blocks[blockID].refCount += 1 }
        sequences[child] = sequence
        record(.forked(parent: parent, child: child))
    }

    /// Releases the blocks of `seq`, last first; a block nobody holds joins the queue's tail
    /// (nano-vllm's `deallocate`, vLLM's `free`).
    public mutating func free(_ seq: SequenceID) {
        let table = sequences.removeValue(forKey: seq)!.blockTable
        for logical in table.indices.reversed() {
            let blockID = table[logical]
            blocks[blockID].refCount -= 1
            if blocks[blockID].refCount == 0 {
                returnToFreeQueue(blockID)
                if blocks[blockID].blockHash != nil { blocks[blockID].previous = link(to: logical == 0 ? nil : table[logical - 1]) }
            }
            record(.freed(seq: seq, block: BlockID(blockID), refCountAfter: blocks[blockID].refCount))
        }
    }
}
