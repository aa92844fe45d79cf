/// Per-sequence counters, stored in an array indexed by `SequenceID` next to the sequence's
/// block table; a freed slot keeps its table's capacity for the next sequence with that id.
///
/// An empty record (not live) is all zero bits, so the pool's record store can start from
/// zero-filled pages and copy only the stretch of ids in use (`SequenceRecordStore`).
struct SequenceRecord: Sendable, BitwiseCopyable {
    var isLive = false
    /// Tokens in the blocks before the last one (all full). The sequence's length is this plus
    /// the last block's fill (`KVCacheManager._numTokens`), so an append into the last block
    /// writes only the pool, never this record.
    var tokensBeforeLastBlock = 0
    /// Tokens whose K/V are in the cache (hits count as computed).
    var numComputedTokens = 0
    /// Leading blocks already checked for publishing: each of them holds a hash.
    var numHashedBlocks = 0
    /// `lastBlock + 1`, so that an empty record is zero.
    private var lastBlockPlusOne: Int32 = 0

    init() {}

    init(isLive: Bool, tokensBeforeLastBlock: Int, numComputedTokens: Int, numHashedBlocks: Int, lastBlock: Int32) {
        self.isLive = isLive
        self.tokensBeforeLastBlock = tokensBeforeLastBlock
        self.numComputedTokens = numComputedTokens
        self.numHashedBlocks = numHashedBlocks
        self.lastBlock = lastBlock
    }

    /// The last entry of the block table (or -1 when empty), so an append reads no nested array.
    var lastBlock: Int32 {
        @inline(__always) get { lastBlockPlusOne &- 1 }
        @inline(__always) set { lastBlockPlusOne = newValue &+ 1 }
    }
}
