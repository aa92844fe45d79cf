/// Per-sequence counters, stored in an array indexed by `SequenceID` next to the sequence's
/// block table; a freed slot keeps its table's capacity for the next sequence with that id.
struct SequenceRecord: Sendable {
    var isLive = false
    /// Tokens in the blocks before the last one (all full). The sequence's length is this plus
    /// the last block's fill (`KVCacheManager._numTokens`), so an append into the last block
    /// writes only the pool, never this record.
    var tokensBeforeLastBlock = 0
    /// Tokens whose K/V are in the cache (hits count as computed).
    var numComputedTokens = 0
    /// Leading blocks already checked for publishing: each of them holds a hash.
    var numHashedBlocks = 0
    /// The last entry of the block table (or -1 when empty), so an append reads no nested array.
    var lastBlock: Int32 = -1
}
