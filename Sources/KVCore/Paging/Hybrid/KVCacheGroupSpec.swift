/// How the layers of one KV-cache group attend, which decides how many of a sequence's blocks
/// the group must keep.
public enum GroupAttention: Hashable, Sendable, CustomStringConvertible {
    /// Every earlier token: the group keeps a block for every block of the sequence.
    case full
    /// The last `window` tokens, the new token included: blocks wholly before the window of the
    /// next token are returned to the pool.
    case slidingWindow(Int)

    /// The window in tokens, nil for full attention.
    public var window: Int? {
        if case .slidingWindow(let window) = self { return window }
        return nil
    }

    /// `full` or `sliding 32`, as the tables label a group.
    public var description: String {
        switch self {
        case .full: "full"
        case .slidingWindow(let window): "sliding \(window)"
        }
    }
}

/// The KV-cache groups of a hybrid model on one pool (vLLM v1's `KVCacheConfig`): every group
/// draws blocks of the same page size from one shared pool, and each keeps its own block table
/// per sequence.
///
/// A group stands for `layersPerGroup` layers of one attention type; one block of the pool holds
/// `blockSize` tokens of each of them (layers in the same place of different groups share one
/// buffer, so all pages are equal). How the model's layers become groups, with padding layers,
/// is `KVCacheLayout`'s business; this type only needs the groups' attention kinds.
public struct HybridKVCacheConfig: Hashable, Sendable {
    public let numBlocks: Int
    public let blockSize: Int
    /// One entry per group, in group order.
    public let groups: [GroupAttention]

    public init(numBlocks: Int, blockSize: Int, groups: [GroupAttention]) {
        precondition(numBlocks >= 0 && numBlocks < Int(Int32.max), "numBlocks out of range: \(numBlocks)")
        precondition(blockSize > 0, "blockSize must be positive: \(blockSize)")
        precondition(!groups.isEmpty, "a KV cache needs at least one group")
        for group in groups {
            if let window = group.window { precondition(window > 0, "a sliding window must be positive: \(window)") }
        }
        self.numBlocks = numBlocks
        self.blockSize = blockSize
        self.groups = groups
    }

    /// The groups of a `KVCacheLayout`: its full-attention groups first, then its sliding ones
    /// (vLLM's order), the sliding ones with `window` (required when the layout has any).
    public init(numBlocks: Int, blockSize: Int, layout: KVCacheLayout, window: Int?) {
        self.init(numBlocks: numBlocks, blockSize: blockSize, groups: layout.groupAttentions(window: window))
    }

    /// Blocks a sliding group must find cached in a row, ending at the hit, for the next token to
    /// see its whole window: `ceil((window - 1) / blockSize)` (the new token is in the window).
    public func contiguousBlocksForHit(window: Int) -> Int {
        (window - 1 + blockSize - 1) / blockSize
    }

    /// The first logical block a sliding group still needs once `computed` tokens are computed:
    /// the block of the oldest token the next token attends to, `computed - window + 1`.
    public func firstUsefulBlock(window: Int, computed: Int) -> Int {
        max(0, computed - window + 1) / blockSize
    }
}
