/// The CPU block pool that swapping preemption copies blocks into (PagedAttention section 4.5):
/// a fixed number of blocks of the GPU's block size, and which of them each swapped-out request
/// holds, by logical block index.
public struct CPUBlockPool: Sendable, Equatable {
    public let numBlocks: Int
    private var free: [Int]
    /// CPU blocks of each swapped-out request, logical block order.
    public private(set) var tables: [RequestID: [Int]] = [:]

    public init(numBlocks: Int) {
        precondition(numBlocks >= 0, "a CPU pool cannot have \(numBlocks) blocks")
        self.numBlocks = numBlocks
        free = Array((0..<numBlocks).reversed())
    }

    public var numFreeBlocks: Int { free.count }
    public var numUsedBlocks: Int { numBlocks - free.count }

    /// Takes `count` blocks for `request`, or nil (changing nothing) when too few are free.
    mutating func take(_ count: Int, for request: RequestID) -> [Int]? {
        precondition(tables[request] == nil, "\(request) is already swapped out")
        guard count <= free.count else { return nil }
        let blocks = Array(free.suffix(count).reversed())
        free.removeLast(count)
        tables[request] = blocks
        return blocks
    }

    /// Gives back the blocks of `request` (it was swapped in) and returns them.
    mutating func release(_ request: RequestID) -> [Int] {
        let blocks = tables.removeValue(forKey: request) ?? []
        free.append(contentsOf: blocks.reversed())
        return blocks
    }
}

/// Blocks copied between the GPU pool and the CPU pool in one step, for one request: GPU block
/// `gpu[i]` <-> CPU block `cpu[i]`.
public struct SwapTransfer: Sendable, Equatable {
    public let request: RequestID
    public let gpu: [BlockID]
    public let cpu: [Int]
}
