/// The bookkeeping of one physical block, stored in one array per pool (no class per block).
///
/// States follow from the fields, as in vLLM: in use (`refCount > 0`), free and cached
/// (`refCount == 0`, still holding a hash), free and clean.
struct KVCacheBlock: Sendable {
    /// Sequences whose block table holds this block.
    var refCount: Int32 = 0
    /// Token slots written, `0 ... blockSize`.
    var filled: Int32 = 0
    /// The chained hash, meaningful only when `hasHash`; set once the block is full and computed.
    var hash: UInt64 = 0
    var hasHash = false
    /// Bumped every time the block is taken fresh and its contents start over, so a stale
    /// `parent` link can be told from a live one.
    var generation: UInt32 = 0
    /// Lineage for exact prefix-cache hits: the block that held the previous logical block when
    /// this one was last published, hit or released (`noParent` for a sequence's first block),
    /// and that block's generation at the time.
    var parent: Int32 = KVCacheBlock.noParent
    var parentGeneration: UInt32 = 0

    static let noParent: Int32 = -1
}

/// What one physical block holds, for the block grid and the inspector.
public struct BlockInfo: Equatable, Sendable {
    public let id: BlockID
    /// Number of sequences sharing the block; 0 when it is free.
    public let refCount: Int
    /// The prefix-cache key, once the block is full and computed; kept after it is freed until
    /// an allocation reuses (evicts) it.
    public let hash: BlockHash?
    /// Token slots written.
    public let filledSlots: Int
    /// The token ids in its filled slots (a free block keeps the tokens of its last owner).
    public let tokens: [TokenID]

    /// The state the grid colours the block by.
    public var state: BlockState {
        if refCount > 0 { return .used }
        return hash == nil ? .free : .cachedFree
    }
}

/// A block's place in its life cycle, derived from its ref count and hash.
public enum BlockState: Sendable, Equatable {
    /// Held by at least one sequence.
    case used
    /// Free but still a prefix-cache entry: a lookup can revive it until an allocation evicts it.
    case cachedFree
    /// Free and holding nothing anyone can find.
    case free
}
