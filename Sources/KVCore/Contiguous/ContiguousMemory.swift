/// Which allocator places the contiguous extents.
public enum ContiguousAllocatorKind: String, Sendable, Equatable, CaseIterable {
    /// Power-of-two blocks with buddy splitting and merging, as the PagedAttention paper
    /// assumes for Orca. The default of `kvviz compare`.
    case buddy
    /// The lowest-addressed hole that is large enough, exactly the size asked for.
    case firstFit = "first-fit"
}

/// The contiguous memory of a baseline, under either allocator: one extent per sample.
public enum ContiguousMemory: Sendable, Equatable {
    case firstFit(ContiguousAllocator)
    case buddy(BuddyAllocator)

    public init(_ kind: ContiguousAllocatorKind, capacitySlots: Int) {
        switch kind {
        case .firstFit: self = .firstFit(ContiguousAllocator(capacitySlots: capacitySlots))
        case .buddy: self = .buddy(BuddyAllocator(capacitySlots: capacitySlots))
        }
    }

    /// A placed extent: `allocated` slots from `start`, `length` of them asked for (the rest is
    /// the allocator's rounding; 0 under first fit).
    public struct Placement: Sendable, Equatable {
        public let owner: ContiguousSequenceID
        public let start: Int
        public let length: Int
        public let allocated: Int
    }

    /// Places `length` slots for `owner`; nil, and nothing changes, when they do not fit.
    public mutating func allocate(_ length: Int, for owner: ContiguousSequenceID) -> Placement? {
        switch self {
        case .firstFit(var allocator):
            let extent = allocator.allocate(length, for: owner)
            self = .firstFit(allocator)
            return extent.map { Placement(owner: owner, start: $0.start, length: $0.length, allocated: $0.length) }
        case .buddy(var allocator):
            let block = allocator.allocate(length, for: owner)
            self = .buddy(allocator)
            return block.map { Placement(owner: owner, start: $0.start, length: $0.length, allocated: $0.size) }
        }
    }

    public mutating func free(_ owner: ContiguousSequenceID) {
        switch self {
        case .firstFit(var allocator):
            allocator.free(owner)
            self = .firstFit(allocator)
        case .buddy(var allocator):
            allocator.free(owner)
            self = .buddy(allocator)
        }
    }

    /// The placed extents in address order.
    var placements: [Placement] {
        switch self {
        case .firstFit(let allocator):
            allocator.extents.map { Placement(owner: $0.owner, start: $0.start, length: $0.length, allocated: $0.length) }
        case .buddy(let allocator):
            allocator.blocks.map { Placement(owner: $0.owner, start: $0.start, length: $0.length, allocated: $0.size) }
        }
    }

    public var holes: [ContiguousAllocator.Hole] {
        switch self {
        case .firstFit(let allocator): allocator.holes
        case .buddy(let allocator): allocator.holes
        }
    }

    public var freeSlots: Int {
        switch self {
        case .firstFit(let allocator): allocator.freeSlots
        case .buddy(let allocator): allocator.freeSlots
        }
    }

    public var capacitySlots: Int {
        switch self {
        case .firstFit(let allocator): allocator.capacitySlots
        case .buddy(let allocator): allocator.capacitySlots
        }
    }

    /// Placed extents (the first-fit test of a request that left no partial extent uses it).
    public var count: Int { placements.count }
}
