/// One sample of one request: the owner of a contiguous extent.
public struct ContiguousSequenceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let request: Int
    /// 0 for the first (or only) sample.
    public let sample: Int

    public init(request: Int, sample: Int = 0) {
        self.request = request
        self.sample = sample
    }

    public static func < (a: Self, b: Self) -> Bool { (a.request, a.sample) < (b.request, b.sample) }
    public var description: String { sample == 0 ? "R\(request)" : "R\(request).\(sample)" }
}

/// A linear address space of token slots handed out as contiguous extents, first fit, the way a
/// framework that needs each request's KV cache in one tensor must allocate it.
///
/// Extents are kept sorted by address; holes are the gaps between them, so freeing an extent
/// merges it with the holes on both sides automatically. Every operation is O(#extents).
public struct ContiguousAllocator: Sendable, Equatable {
    /// A run of slots `start..<start + length` owned by one sequence.
    public struct Extent: Sendable, Equatable {
        public let owner: ContiguousSequenceID
        public let start: Int
        public let length: Int
        public var end: Int { start + length }
    }

    /// A maximal run of free slots.
    public struct Hole: Sendable, Equatable {
        public let start: Int
        public let length: Int
        public var end: Int { start + length }

        public init(start: Int, length: Int) {
            self.start = start
            self.length = length
        }
    }

    public let capacitySlots: Int
    /// The allocated extents in address order.
    public private(set) var extents: [Extent] = []

    public init(capacitySlots: Int) {
        precondition(capacitySlots >= 0, "capacity must not be negative")
        self.capacitySlots = capacitySlots
    }

    /// The free runs in address order (never empty ones; adjacent free slots form one hole).
    public var holes: [Hole] {
        var result: [Hole] = []
        var cursor = 0
        for extent in extents {
            if extent.start > cursor { result.append(Hole(start: cursor, length: extent.start - cursor)) }
            cursor = extent.end
        }
        if capacitySlots > cursor { result.append(Hole(start: cursor, length: capacitySlots - cursor)) }
        return result
    }

    var allocatedSlots: Int { extents.reduce(0) { $0 + $1.length } }
    public var freeSlots: Int { capacitySlots - allocatedSlots }
    public var largestHole: Int { holes.map(\.length).max() ?? 0 }

    /// Where a `length`-slot extent would go: the start of the lowest-addressed hole that holds
    /// it, or nil when no single hole does (even if the free slots add up to enough).
    func firstFit(_ length: Int) -> Int? {
        holes.first { $0.length >= length }?.start
    }

    func canAllocate(_ length: Int) -> Bool { firstFit(length) != nil }

    /// The extent owned by `owner`, if any.
    public func extent(of owner: ContiguousSequenceID) -> Extent? {
        extents.first { $0.owner == owner }
    }

    /// Takes `length` slots (at least 1) from the first hole that holds them; nil, and nothing
    /// changes, when none does. `owner` must not hold an extent already.
    @discardableResult
    public mutating func allocate(_ length: Int, for owner: ContiguousSequenceID) -> Extent? {
        precondition(length > 0, "an extent needs at least one slot")
        precondition(extent(of: owner) == nil, "\(owner) already holds an extent")
        guard let start = firstFit(length) else { return nil }
        let extent = Extent(owner: owner, start: start, length: length)
        let index = extents.firstIndex { $0.start > start } ?? extents.endIndex
        extents.insert(extent, at: index)
        _checkInvariants()
        return extent
    }

    /// Releases `owner`'s extent (its slots join the neighbouring holes); nil if it had none.
    @discardableResult
    public mutating func free(_ owner: ContiguousSequenceID) -> Extent? {
        guard let index = extents.firstIndex(where: { $0.owner == owner }) else { return nil }
        let extent = extents.remove(at: index)
        _checkInvariants()
        return extent
    }
}
