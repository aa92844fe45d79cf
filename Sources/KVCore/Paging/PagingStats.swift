/// Running totals of a manager, the figures a trace replay checks.
public struct PagingStats: Equatable, Sendable {
    /// Blocks reused from the prefix cache by allocations.
    public var hitBlocks = 0
    /// Blocks taken from the free queue (allocations, appends and copies on write).
    public var freshBlocks = 0
    /// Cache entries dropped because their block was taken fresh.
    public var evictions = 0
    /// Most blocks in use (ref count > 0) at once.
    public var peakUsedBlocks = 0
    /// Copies of a shared partially filled block made before a write.
    public var copiesOnWrite = 0

    public init() {}
}

/// What `allocate` did.
public struct AllocationResult: Equatable, Sendable {
    /// Leading blocks found in the prefix cache.
    public let hitBlocks: Int
    /// Blocks taken from the free queue for the rest.
    public let freshBlocks: Int
    /// Cache entries those fresh blocks evicted.
    public let evictions: Int

    public init(hitBlocks: Int, freshBlocks: Int, evictions: Int) {
        self.hitBlocks = hitBlocks
        self.freshBlocks = freshBlocks
        self.evictions = evictions
    }

    /// Tokens whose K/V came from the cache and need no computing.
    public func cachedTokens(blockSize: Int) -> Int { hitBlocks * blockSize }
}

/// What `appendToken` did.
public struct AppendResult: Equatable, Sendable {
    /// The physical slot the token's K/V go to.
    public let slot: Int
    /// The block taken fresh for this token (a new last block, or the copy), if any.
    public let newBlock: BlockID?
    /// The shared block that was copied instead of written, if the append copied on write.
    public let copiedFrom: BlockID?

    public init(slot: Int, newBlock: BlockID?, copiedFrom: BlockID?) {
        self.slot = slot
        self.newBlock = newBlock
        self.copiedFrom = copiedFrom
    }
}
