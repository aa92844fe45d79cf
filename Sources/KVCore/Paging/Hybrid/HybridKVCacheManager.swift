/// vLLM v1's hybrid KV-cache manager for models that mix attention types (Gemma-2/3, gpt-oss):
/// layers are grouped by attention type into KV-cache groups, every group draws same-size
/// blocks from one shared pool, and each sequence has one block table per group.
///
/// - A full-attention group keeps a block for every block of the sequence.
/// - A sliding-window group of window W returns a block to the pool as soon as it lies wholly
///   before the oldest token the next token attends to (`computed - W + 1`); its table keeps a
///   hole (`nil`) there, as vLLM keeps its null block.
/// - Full blocks are published to the prefix cache per group under (hash, group); the hit of a
///   new prompt is the longest prefix that hits in every group (`HybridPrefixSearch`). A block
///   found by hash hits only when its token ids and every earlier token id equal the prompt's
///   (its exact prefix number, `PrefixIdentities`): a hash collision is never a hit.
/// - Freed blocks, finished or behind the window, join one free queue (LRU) shared by the
///   groups, keeping their cache entry until they are taken again.
///
/// A sequence is allocated with its prompt (slots for every prompt token in every group, less
/// the hit), computed with `markComputed`, grown one token at a time with `appendToken`, and
/// freed. Every operation either succeeds whole or, short of blocks, changes nothing. Debug
/// builds check every invariant after every mutation (`validate()`).
public struct HybridKVCacheManager: Sendable {
    public let config: HybridKVCacheConfig
    public let enablePrefixCaching: Bool
    /// When full blocks enter the prefix cache: when placed (vLLM v1) or once computed.
    public var publishing: PrefixPublishing
    let hasher: BlockHasher

    var pool: HybridBlockPool
    var sequences: [SequenceID: HybridSequenceRecord] = [:]

    /// Totals since creation.
    public internal(set) var hybridStats = HybridStats()

    /// Whether debug builds run `validate()` after every mutation.
    public var checksInvariantsInDebugBuilds = true

    public init(config: HybridKVCacheConfig, enablePrefixCaching: Bool = true,
                publishing: PrefixPublishing = .whenComputed, hasher: BlockHasher = .default) {
        self.config = config
        self.enablePrefixCaching = enablePrefixCaching
        self.publishing = publishing
        self.hasher = hasher
        pool = HybridBlockPool(numBlocks: config.numBlocks, blockSize: config.blockSize)
    }

    // MARK: Pool

    public var numBlocks: Int { config.numBlocks }
    public var blockSize: Int { config.blockSize }
    public var groups: [GroupAttention] { config.groups }
    public var numFreeBlocks: Int { pool.numFree }
    public var numUsedBlocks: Int { config.numBlocks - pool.numFree }

    /// Holders of `block`: (sequence, group) table entries.
    public func refCount(of block: BlockID) -> Int { Int(pool.refCounts[block.index]) }

    /// The group `block` serves or last served (nil: never used).
    public func group(of block: BlockID) -> Int? {
        let group = pool.groups[block.index]
        return group < 0 ? nil : Int(group)
    }

    /// Whether `block` holds a prefix-cache entry (in use or waiting in the free queue).
    public func isCached(_ block: BlockID) -> Bool { pool.keys[block.index] != nil }

    /// The free queue, head (taken first) to tail.
    public func freeQueue() -> [BlockID] { pool.freeQueue().map(BlockID.init) }

    /// When a free block last joined the free queue (nil while it is in use).
    public func freeQueueTicket(of block: BlockID) -> Int? {
        pool.refCounts[block.index] == 0 ? pool.tickets[block.index] : nil
    }

    /// The filled slots of `block`.
    public func filledSlots(of block: BlockID) -> Int { Int(pool.filled[block.index]) }

    /// The token ids in `block`'s filled slots.
    public func tokens(in block: BlockID) -> [TokenID] { Array(pool.tokens(of: block.rawValue)) }

    /// The blocks changed since the last call, each once: what a picture of the pool redraws.
    public mutating func drainTouchedBlocks() -> [BlockID] { pool.drainTouched().map(BlockID.init) }

    // MARK: Sequences

    public func contains(_ seq: SequenceID) -> Bool { sequences[seq] != nil }

    /// Live sequences in id order.
    public var sequenceIDs: [SequenceID] { sequences.keys.sorted() }

    public func numTokens(of seq: SequenceID) -> Int { record(seq).tokens.count }
    public func numComputedTokens(of seq: SequenceID) -> Int { record(seq).numComputed }

    /// The block table of `seq` in `group`: logical block -> physical block, nil where a sliding
    /// group has returned the block (behind the window) or never needed it (skipped by a hit).
    public func blockTable(of seq: SequenceID, group: Int) -> [BlockID?] {
        record(seq).tables[group].map { $0 < 0 ? nil : BlockID($0) }
    }

    /// Blocks `seq` holds across its groups.
    public func numHeldBlocks(of seq: SequenceID) -> Int {
        record(seq).tables.reduce(0) { $0 + $1.count { $0 >= 0 } }
    }

    func record(_ seq: SequenceID) -> HybridSequenceRecord {
        guard let record = sequences[seq] else { preconditionFailure("\(seq) is not allocated") }
        return record
    }
}

/// One sequence of the hybrid manager.
struct HybridSequenceRecord: Sendable {
    var tokens: [TokenID]
    var numComputed = 0
    /// Per group: logical block -> physical block, `HybridBlockPool.none` for a hole.
    var tables: [[Int32]]
    /// Per group: leading logical blocks already published (or skipped) by `publish`.
    var numPublished: [Int]
    /// Chained hashes of the sequence's full blocks, computed once each.
    var blockHashes: [UInt64] = []
    /// The exact prefix numbers (`PrefixIdentities`) of its leading full blocks, as far as it
    /// has published (or hit) them; the sequence holds a reference to each.
    var prefixNumbers: [Int] = []
}

/// Totals of a hybrid manager since creation.
public struct HybridStats: Equatable, Sendable {
    /// Tokens allocations found in the prefix cache (the agreed hit across groups).
    public var hitTokens = 0
    /// Blocks a sliding group returned to the pool because they fell behind the window.
    public var freedBehindWindow = 0
    /// Blocks taken from the free queue (allocations, appends, copies on write).
    public var freshBlocks = 0
    /// Cache entries dropped because their block was taken fresh.
    public var evictions = 0
    /// Most blocks in use at once.
    public var peakUsedBlocks = 0
    /// Copies of a shared partially filled block made before a write (after a fork).
    public var copiesOnWrite = 0

    public init() {}
}
