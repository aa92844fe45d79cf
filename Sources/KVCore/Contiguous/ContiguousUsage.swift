/// Where every slot of the contiguous memory is at one step. The five parts add up to the
/// capacity:
///
/// - token states: slots holding a token of their request (prompt + tokens generated so far;
///   the newest token's slot counts as soon as the token is sampled);
/// - reserved: allocated slots the request *will* fill with tokens it has yet to generate;
/// - internal fragmentation: allocated slots the request will never fill
///   (reservation - prompt - output);
/// - external fragmentation: memory that is not allocated to any request's tokens and that no
///   request can use: the allocator's rounding (buddy blocks beyond the reservation), plus
///   every free slot while the request at the head of the queue waits for memory (it needs
///   more, or a larger hole, than there is). The paged manager is measured the same way;
/// - free: the remaining free slots (0 while the head of the queue waits for memory).
public struct ContiguousUsage: Sendable, Equatable {
    public var tokenStates: Int
    public var reserved: Int
    public var internalFragmentation: Int
    public var externalFragmentation: Int
    public var free: Int

    public init(tokenStates: Int = 0, reserved: Int = 0, internalFragmentation: Int = 0,
                externalFragmentation: Int = 0, free: Int = 0) {
        self.tokenStates = tokenStates
        self.reserved = reserved
        self.internalFragmentation = internalFragmentation
        self.externalFragmentation = externalFragmentation
        self.free = free
    }

    public var total: Int { tokenStates + reserved + internalFragmentation + externalFragmentation + free }

    /// Each part as a share (0...1) of the total.
    public var shares: ContiguousShares {
        let whole = Double(total)
        guard whole > 0 else { return ContiguousShares() }
        return ContiguousShares(
            tokenStates: Double(tokenStates) / whole, reserved: Double(reserved) / whole,
            internalFragmentation: Double(internalFragmentation) / whole,
            externalFragmentation: Double(externalFragmentation) / whole, free: Double(free) / whole)
    }

    static func + (a: Self, b: Self) -> Self {
        Self(tokenStates: a.tokenStates + b.tokenStates, reserved: a.reserved + b.reserved,
             internalFragmentation: a.internalFragmentation + b.internalFragmentation,
             externalFragmentation: a.externalFragmentation + b.externalFragmentation,
             free: a.free + b.free)
    }
}

/// The parts of `ContiguousUsage` as shares of KV memory (0...1, summing to 1), e.g. averaged
/// over a run: the bars of the PagedAttention paper's Fig. 2.
public struct ContiguousShares: Sendable, Equatable {
    public var tokenStates: Double
    public var reserved: Double
    public var internalFragmentation: Double
    public var externalFragmentation: Double
    public var free: Double

    public init(tokenStates: Double = 0, reserved: Double = 0, internalFragmentation: Double = 0,
                externalFragmentation: Double = 0, free: Double = 0) {
        self.tokenStates = tokenStates
        self.reserved = reserved
        self.internalFragmentation = internalFragmentation
        self.externalFragmentation = externalFragmentation
        self.free = free
    }

    public var sum: Double { tokenStates + reserved + internalFragmentation + externalFragmentation + free }
}
