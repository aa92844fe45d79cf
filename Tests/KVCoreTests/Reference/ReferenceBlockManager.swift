@testable import KVCore

/// kvviz's paged KV-cache manager written the plain way, to be read: start here to learn the
/// algorithm, then read `Sources/KVCore/Paging/` for the fast version (flat arrays, raw memory,
/// copy-on-write storage). `ReferenceDifferentialTests` drives both with the same random
/// operations and requires every observable result to be equal.
///
/// The shape is nano-vllm's block manager with vLLM's names: a `Block` per physical block, a
/// dictionary from block hash to block id (the prefix cache), and a queue of free block ids
/// (vLLM's free block queue; an array here, its O(n) removals do not matter at test sizes).
/// The rules are those of `Tests/Fixtures/traces/README.md`:
///
/// - a free block keeps its hash and tokens, so a later request can still find it (cached free);
///   taking it for new contents evicts that cache entry;
/// - blocks go back to the queue's tail, last block of a sequence first, and are taken from the
///   head, so the oldest, least shared cache entries are evicted first;
/// - a full block gets its hash, chained from its predecessor's, once its K/V are computed
///   (`commit`), or, publishing when scheduled (vLLM v1), as soon as it is placed full
///   (`allocate`, `appendToken`, `allocateSlots`); the dictionary keeps the block that received
///   a hash last;
/// - a lookup stops at the first miss and never covers a request's last token;
/// - `fork` shares every block; writing into a shared partially filled block copies it first.
///
/// Beyond nano-vllm, a hit must be exact: the candidate must hold the same token ids, and the
/// blocks it was computed after (its lineage, remembered per block with the predecessor's
/// `version`, which changes when that block is reused) must hold the same tokens as the blocks
/// matched so far. So a hash collision can never hand out another prefix's K/V.
final class ReferenceBlockManager {
    /// One physical block.
    final class Block {
        let blockID: Int
        var refCount = 0
        /// Set once the block is full and computed; kept while the block is free.
        var blockHash: UInt64?
        /// The token ids written into its slots so far.
        var tokenIDs: [TokenID] = []
        /// Bumped each time the block is taken for new contents.
        var version = 0
        /// The block before this one when it was last published, hit or freed, and its version.
        var previous: (blockID: Int, version: Int)?

        init(blockID: Int) { self.blockID = blockID }
    }

    /// One sequence: its block table (logical block -> block id) and how far it is computed.
    struct Sequence {
        var blockTable: [Int] = []
        var numComputedTokens = 0
        var numHashedBlocks = 0
    }

    let blockSize: Int
    let enablePrefixCaching: Bool
    let hasher: BlockHasher
    /// When full blocks enter the prefix cache: once computed (`commit`) or once placed.
    var publishing: PrefixPublishing
    private(set) var blocks: [Block]
    private(set) var freeBlockIDs: [Int]
    private(set) var hashToBlockID: [UInt64: Int] = [:]
    private(set) var sequences: [SequenceID: Sequence] = [:]
    private(set) var stats = PagingStats()
    /// What happened to blocks, in the fast manager's `PagingEvent` terms.
    var events: [PagingEvent] = []

    init(numBlocks: Int, blockSize: Int, enablePrefixCaching: Bool = true, hasher: BlockHasher = .default,
         publishing: PrefixPublishing = .whenComputed) {
        self.blockSize = blockSize
        self.enablePrefixCaching = enablePrefixCaching
        self.hasher = hasher
        self.publishing = publishing
        blocks = (0 ..< numBlocks).map(Block.init)
        freeBlockIDs = Array(0 ..< numBlocks)
    }

    var numFreeBlocks: Int { freeBlockIDs.count }
    var numHashedBlocks: Int { blocks.filter { $0.blockHash != nil }.count }
    var numCachedFreeBlocks: Int { blocks.filter { $0.refCount == 0 && $0.blockHash != nil }.count }
    var peakUsedBlocks: Int { stats.peakUsedBlocks }

    func tokens(of seq: SequenceID) -> [TokenID] { sequences[seq]!.blockTable.flatMap { blocks[$0].tokenIDs } }
    func blocksNeeded(forTokens count: Int) -> Int { (count + blockSize - 1) / blockSize }

    // MARK: The prefix cache

    /// The blocks already holding the leading full blocks of `tokens`, in order, up to the
    /// first miss; never the block holding the last token.
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
            guard let (linkID, version) = link, blocks[linkID].version == version else { return false }
            if linkID == ours { return true }
            guard blocks[linkID].blockHash != nil, blocks[linkID].tokenIDs == blocks[ours].tokenIDs else { return false }
            link = blocks[linkID].previous
        }
        return link == nil
    }

    /// A lineage link to `blockID` as it is now (nil: the block starts its sequence).
    private func link(to blockID: Int?) -> (blockID: Int, version: Int)? {
        blockID.map { ($0, blocks[$0].version) }
    }

    /// Takes the free queue's head for new contents, evicting the cache entry it still held.
    private func takeFreeBlock() -> Int {
        let blockID = freeBlockIDs.removeFirst()
        let block = blocks[blockID]
        stats.freshBlocks += 1
        if let hash = block.blockHash {
            if hashToBlockID[hash] == blockID { hashToBlockID[hash] = nil }
            stats.evictions += 1
            events.append(.evicted(block: BlockID(blockID), hash: BlockHash(hash)))
        }
        block.refCount = 1
        block.blockHash = nil
        block.tokenIDs = []
        block.version += 1
        block.previous = nil
        return blockID
    }

    private func notePeak() {
        stats.peakUsedBlocks = max(stats.peakUsedBlocks, blocks.count - freeBlockIDs.count)
    }

    // MARK: Operations

    func canAllocate(tokens: [TokenID]) -> Bool {
        let hits = cachedPrefix(of: tokens)
        let freeHits = hits.filter { blocks[$0].refCount == 0 }.count
        return blocksNeeded(forTokens: tokens.count) - hits.count <= numFreeBlocks - freeHits
    }

    /// A new sequence: reuse its cached prefix, take fresh blocks for the rest. All or nothing.
    func allocate(_ seq: SequenceID, tokens: [TokenID]) -> AllocationResult? {
        allocate(seq, tokens: tokens) { tokens.count - $0 }
    }

    /// A new sequence placing only its cached prefix and the tokens scheduled now (vLLM v1's
    /// first `allocate_slots`): the cache is looked up over all of `tokens`, then
    /// `newTokens(cachedTokens)` more are placed (at least 1, at most the rest). All or nothing.
    func allocate(_ seq: SequenceID, tokens: [TokenID], newTokens: (_ cachedTokens: Int) -> Int) -> AllocationResult? {
        precondition(sequences[seq] == nil, "\(seq) is already allocated")
        let hits = cachedPrefix(of: tokens)
        let cached = hits.count * blockSize
        let placed = tokens.isEmpty ? 0 : cached + min(max(1, newTokens(cached)), tokens.count - cached)
        let freeHits = hits.filter { blocks[$0].refCount == 0 }.count
        guard blocksNeeded(forTokens: placed) - hits.count <= numFreeBlocks - freeHits else { return nil }
        var sequence = Sequence(numComputedTokens: cached, numHashedBlocks: hits.count)
        for blockID in hits {
            let block = blocks[blockID]
            if block.refCount == 0 { freeBlockIDs.remove(at: freeBlockIDs.firstIndex(of: blockID)!) }
            block.refCount += 1
            block.previous = link(to: sequence.blockTable.last)
            events.append(.prefixHit(seq: seq, block: BlockID(blockID), logicalIndex: sequence.blockTable.count))
            sequence.blockTable.append(blockID)
        }
        let evictionsBefore = stats.evictions
        for logical in hits.count ..< blocksNeeded(forTokens: placed) {
            let blockID = takeFreeBlock()
            blocks[blockID].tokenIDs = Array(tokens[logical * blockSize ..< min((logical + 1) * blockSize, placed)])
            sequence.blockTable.append(blockID)
            events.append(.allocated(seq: seq, block: BlockID(blockID), logicalIndex: logical))
        }
        sequences[seq] = sequence
        stats.hitBlocks += hits.count
        if publishing == .whenScheduled { publish(seq, fullWithin: placed) }
        notePeak()
        return AllocationResult(hitBlocks: hits.count, freshBlocks: sequence.blockTable.count - hits.count,
                                evictions: stats.evictions - evictionsBefore)
    }

    func canAppend(_ seq: SequenceID) -> Bool {
        guard let last = sequences[seq]!.blockTable.last, blocks[last].tokenIDs.count < blockSize,
              blocks[last].refCount == 1 else { return numFreeBlocks > 0 }
        return true
    }

    /// One more token: into the sequence's own last block if it has room, else into a fresh
    /// block, which is a copy of the last block when that one is shared and partially filled.
    func appendToken(_ seq: SequenceID, _ token: TokenID) -> AppendResult? {
        var sequence = sequences[seq]!
        if let last = sequence.blockTable.last, blocks[last].refCount == 1, blocks[last].tokenIDs.count < blockSize {
            blocks[last].tokenIDs.append(token)
            if publishing == .whenScheduled { publish(seq, fullWithin: tokens(of: seq).count) }
            return AppendResult(slot: last * blockSize + blocks[last].tokenIDs.count - 1, newBlock: nil, copiedFrom: nil)
        }
        guard numFreeBlocks > 0 else { return nil }
        let lastFill = sequence.blockTable.last.map { blocks[$0].tokenIDs.count } ?? blockSize
        let target = takeFreeBlock()
        var copiedFrom: BlockID?
        if lastFill == blockSize {
            events.append(.allocated(seq: seq, block: BlockID(target), logicalIndex: sequence.blockTable.count))
            sequence.blockTable.append(target)
        } else {
            let shared = sequence.blockTable.removeLast()
            blocks[target].tokenIDs = blocks[shared].tokenIDs
            blocks[shared].refCount -= 1  // the other sequences still hold it
            sequence.blockTable.append(target)
            stats.copiesOnWrite += 1
            copiedFrom = BlockID(shared)
            events.append(.copiedOnWrite(seq: seq, from: BlockID(shared), to: BlockID(target), slotsCopied: lastFill))
        }
        blocks[target].tokenIDs.append(token)
        sequences[seq] = sequence
        if publishing == .whenScheduled { publish(seq, fullWithin: tokens(of: seq).count) }
        notePeak()
        return AppendResult(slot: target * blockSize + lastFill % blockSize, newBlock: BlockID(target), copiedFrom: copiedFrom)
    }

    /// Fresh blocks that placing `count` more tokens after the end of `seq` would take: new
    /// blocks past its last one, and a copy of its last block when that is shared and not full.
    func blocksNeeded(toAppend count: Int, to seq: SequenceID) -> Int {
        guard count > 0 else { return 0 }
        let length = tokens(of: seq).count
        let table = sequences[seq]!.blockTable
        let copy = length % blockSize != 0 && blocks[table.last!].refCount > 1 ? 1 : 0
        return blocksNeeded(forTokens: length + count) - blocksNeeded(forTokens: length) + copy
    }

    /// The slots for the tokens a step schedules for a running sequence (vLLM v1's
    /// `allocate_slots`): all of them or, when the free blocks do not cover them, none.
    func allocateSlots(_ seq: SequenceID, appending tokens: [TokenID]) -> Bool {
        guard blocksNeeded(toAppend: tokens.count, to: seq) <= numFreeBlocks else { return false }
        for token in tokens { _ = appendToken(seq, token) }
        return true
    }

    /// The K/V of the first `computedTokens` tokens exist; publishing when computed, the full
    /// blocks among them enter the prefix cache.
    func commit(_ seq: SequenceID, computedTokens: Int) {
        precondition(computedTokens <= tokens(of: seq).count, "cannot commit past the end of \(seq)")
        sequences[seq]!.numComputedTokens = max(sequences[seq]!.numComputedTokens, computedTokens)
        if publishing == .whenComputed { publish(seq, fullWithin: computedTokens) }
    }

    /// Gives each full block of `seq` within its first `count` tokens that has no hash yet its
    /// hash, chained from its predecessor's, and makes it findable.
    private func publish(_ seq: SequenceID, fullWithin count: Int) {
        var sequence = sequences[seq]!
        let fullBlocks = count / blockSize
        guard enablePrefixCaching, fullBlocks > sequence.numHashedBlocks else { return }
        for logical in sequence.numHashedBlocks ..< fullBlocks {
            let block = blocks[sequence.blockTable[logical]]
            if block.blockHash != nil { continue }  // a hit, or published by a fork sibling
            let previousHash = logical == 0 ? nil : blocks[sequence.blockTable[logical - 1]].blockHash!
            let hash = hasher.hash(parent: previousHash.map(BlockHash.init), tokens: block.tokenIDs).value
            block.blockHash = hash
            block.previous = link(to: logical == 0 ? nil : sequence.blockTable[logical - 1])
            hashToBlockID[hash] = block.blockID
            events.append(.published(seq: seq, block: BlockID(block.blockID), hash: BlockHash(hash)))
        }
        sequence.numHashedBlocks = fullBlocks
        sequences[seq] = sequence
    }

    /// Parallel sampling: `child` shares every block of `parent`.
    func fork(_ parent: SequenceID, into child: SequenceID) {
        precondition(sequences[child] == nil, "\(child) is already allocated")
        let sequence = sequences[parent]!
        for blockID in sequence.blockTable { blocks[blockID].refCount += 1 }
        sequences[child] = sequence
        events.append(.forked(parent: parent, child: child))
    }

    /// Releases the blocks of `seq`, last first; a block nobody holds joins the queue's tail.
    func free(_ seq: SequenceID) {
        let table = sequences.removeValue(forKey: seq)!.blockTable
        for logical in table.indices.reversed() {
            let block = blocks[table[logical]]
            block.refCount -= 1
            if block.refCount == 0 {
                freeBlockIDs.append(block.blockID)
                if block.blockHash != nil { block.previous = link(to: logical == 0 ? nil : table[logical - 1]) }
            }
            events.append(.freed(seq: seq, block: BlockID(block.blockID), refCountAfter: block.refCount))
        }
    }
}
