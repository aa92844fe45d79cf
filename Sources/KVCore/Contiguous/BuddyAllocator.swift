/// A binary buddy allocator over a linear space of token slots: the allocator the PagedAttention
/// paper assumes for its contiguous baselines (Kwon et al. 2023, §3, "external fragmentation
/// from the memory allocator such as the buddy allocator").
///
/// Every block is a power of two of slots, aligned to its size. A request of `n` slots gets a
/// block of `2^ceil(log2 n)` slots: the smallest free block that is large enough is split in
/// halves ("buddies") until it has that size. Freeing a block merges it with its buddy (the
/// block whose start differs only in the bit of its size) while the buddy is free too, so free
/// memory coalesces back into large blocks. A capacity that is not a power of two is cut into
/// its binary digits, largest first (13,216 = 8,192 + 4,096 + 512 + 256 + 128 + 32): each piece
/// is a root that never merges with another.
///
/// The slots a block has beyond the `n` asked for are the allocator's rounding: memory no
/// request can use while the block is held, which the paper counts as external fragmentation.
public struct BuddyAllocator: Sendable, Equatable {
    /// A held block: `start..<start + size`, of which the owner asked for `length` slots.
    public struct Block: Sendable, Equatable {
        public let owner: ContiguousSequenceID
        public let start: Int
        public let order: Int
        public let length: Int
        /// `2^order` slots.
        public var size: Int { 1 << order }
        public var end: Int { start + size }
        /// Slots held beyond the `length` asked for.
        var rounding: Int { size - length }
    }

    public let capacitySlots: Int
    /// Free block starts by order (`freeBlocks[k]` holds blocks of `2^k` slots), each sorted.
    public private(set) var freeBlocks: [[Int]]
    /// The held blocks by owner.
    private var held: [ContiguousSequenceID: Block] = [:]

    /// Largest order a capacity may use: 2^40 slots, far above any memory a run is allowed.
    static let maxOrder = 40

    public init(capacitySlots: Int) {
        precondition(capacitySlots >= 0 && capacitySlots < 1 << Self.maxOrder, "capacity out of range")
        self.capacitySlots = capacitySlots
        freeBlocks = Array(repeating: [], count: Self.maxOrder + 1)
        var start = 0
        for order in stride(from: Self.maxOrder, through: 0, by: -1) where capacitySlots & (1 << order) != 0 {
            freeBlocks[order].append(start)
            start += 1 << order
        }
    }

    /// The order of the block a request of `length` slots gets: `ceil(log2 length)`.
    public static func order(for length: Int) -> Int {
        precondition(length > 0, "a block holds at least one slot")
        var order = 0
        while 1 << order < length { order += 1 }
        return order
    }

    /// The held blocks in address order.
    public var blocks: [Block] { held.values.sorted { $0.start < $1.start } }

    public func block(of owner: ContiguousSequenceID) -> Block? { held[owner] }

    public var freeSlots: Int {
        freeBlocks.enumerated().reduce(0) { $0 + $1.element.count << $1.offset }
    }

    /// Whether a request of `length` slots would get a block now.
    func canAllocate(_ length: Int) -> Bool {
        guard length > 0, length <= capacitySlots else { return false }
        let order = Self.order(for: length)
        return (order...Self.maxOrder).contains { !freeBlocks[$0].isEmpty }
    }

    /// Gives `owner` a block of `2^ceil(log2 length)` slots: the lowest-addressed free block of
    /// the smallest order that is large enough, split down to size. nil, and nothing changes,
    /// when no free block is large enough.
    @discardableResult
    public mutating func allocate(_ length: Int, for owner: ContiguousSequenceID) -> Block? {
        precondition(length > 0, "a block holds at least one slot")
        precondition(held[owner] == nil, "\(owner) already holds a block")
        guard length <= capacitySlots else { return nil }
        let wanted = Self.order(for: length)
        guard let found = (wanted...Self.maxOrder).first(where: { !freeBlocks[$0].isEmpty }) else { return nil }
        let start = freeBlocks[found].removeFirst()
        var order = found
        while order > wanted {
            order -= 1
            insertFree(start + (1 << order), order: order)  // the upper half stays free
        }
        let block = Block(owner: owner, start: start, order: wanted, length: length)
        held[owner] = block
        _checkInvariants()
        return block
    }

    /// Returns `owner`'s block and merges it with its free buddies; nil if it held none.
    @discardableResult
    public mutating func free(_ owner: ContiguousSequenceID) -> Block? {
        guard let block = held.removeValue(forKey: owner) else { return nil }
        var start = block.start
        var order = block.order
        while order < Self.maxOrder {
            let buddy = start ^ (1 << order)
            guard let index = binarySearch(freeBlocks[order], buddy) else { break }
            freeBlocks[order].remove(at: index)
            start = Swift.min(start, buddy)
            order += 1
        }
        insertFree(start, order: order)
        _checkInvariants()
        return block
    }

    /// The free space as maximal runs of adjacent free slots, in address order (for drawing).
    public var holes: [ContiguousAllocator.Hole] {
        let free = freeBlocks.enumerated().flatMap { order, starts in starts.map { ($0, 1 << order) } }
            .sorted { $0.0 < $1.0 }
        var runs: [ContiguousAllocator.Hole] = []
        for (start, size) in free {
            if let last = runs.last, last.end == start {
                runs[runs.count - 1] = .init(start: last.start, length: last.length + size)
            } else {
                runs.append(.init(start: start, length: size))
            }
        }
        return runs
    }

    private mutating func insertFree(_ start: Int, order: Int) {
        var low = 0
        var high = freeBlocks[order].count
        while low < high {
            let mid = (low + high) / 2
            if freeBlocks[order][mid] < start { low = mid + 1 } else { high = mid }
        }
        freeBlocks[order].insert(start, at: low)
    }

    private func binarySearch(_ sorted: [Int], _ value: Int) -> Int? {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value ? low : nil
    }

    /// Free and held blocks are aligned to their size, never overlap, and cover the capacity
    /// exactly; no two free buddies of the same order are left unmerged.
    func _checkInvariants() {
        #if DEBUG
        var pieces: [(start: Int, size: Int)] = held.values.map { ($0.start, $0.size) }
        for (order, starts) in freeBlocks.enumerated() {
            for start in starts {
                precondition(start % (1 << order) == 0, "free block \(start) of order \(order) is misaligned")
                if order < Self.maxOrder {
                    let buddy = start ^ (1 << order)
                    precondition(binarySearch(starts, buddy) == nil, "free buddies \(start) and \(buddy) were not merged")
                }
                pieces.append((start, 1 << order))
            }
        }
        for block in held.values {
            precondition(block.start % block.size == 0, "block of \(block.owner) is misaligned")
            precondition(block.length <= block.size && block.length > block.size / 2 || block.order == 0,
                         "block of \(block.owner) is not the smallest power of two")
        }
        var cursor = 0
        for piece in pieces.sorted(by: { $0.start < $1.start }) {
            precondition(piece.start == cursor, "gap or overlap at \(cursor)")
            cursor = piece.start + piece.size
        }
        precondition(cursor == capacitySlots, "blocks cover \(cursor) of \(capacitySlots) slots")
        #endif
    }
}
