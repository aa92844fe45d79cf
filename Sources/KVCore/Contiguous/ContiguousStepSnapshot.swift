/// The contiguous memory as it is after one step: what the contiguous view draws. Requests that
/// finished in this step have given their extents back already, as the paged side frees the
/// blocks of a finished request in the step that samples its last token.
public struct ContiguousStepSnapshot: Sendable, Equatable {
    /// One sample's extent with its fill.
    public struct Extent: Sendable, Equatable {
        public let owner: ContiguousSequenceID
        public let start: Int
        /// Slots the extent spans (the policy's reservation).
        public let reserved: Int
        /// Slots whose K/V is stored: the prompt computed so far, then every sampled token but
        /// the newest (its K/V is computed by the next step), as the paged side counts them.
        public let used: Int
        /// Prompt + output: what the request will have used when it finishes.
        public let finalLength: Int
        /// Slots the allocator set aside: the reservation, rounded up to a power of two by the
        /// buddy allocator (equal to `reserved` under first fit).
        public let allocated: Int

        public init(owner: ContiguousSequenceID, start: Int, reserved: Int, used: Int, finalLength: Int,
                    allocated: Int? = nil) {
            self.owner = owner
            self.start = start
            self.reserved = reserved
            self.used = used
            self.finalLength = finalLength
            self.allocated = allocated ?? reserved
        }

        public var request: Int { owner.request }
        public var end: Int { start + reserved }
        /// Slots this request will never fill.
        public var internalFragmentation: Int { reserved - finalLength }
        /// Slots the allocator's rounding added (buddy only).
        var rounding: Int { allocated - reserved }
    }

    public let step: Int
    public let policy: ContiguousPolicy
    public let capacitySlots: Int
    /// Extents in address order.
    public let extents: [Extent]
    /// Free runs in address order.
    public let holes: [ContiguousAllocator.Hole]
    public let usage: ContiguousUsage
    /// Requests that have arrived but are not admitted (after this step's admissions).
    public let waitingRequests: Int
    public let runningRequests: Int
    /// Ids of requests admitted in this step, and of those that finished in it.
    public let admitted: [Int]
    public let finished: [Int]
    /// Why the request at the head of the queue could not be admitted, if one waits.
    public let blocked: ContiguousAdmissionBlock?
}

/// The first waiting request and what kept it out.
public struct ContiguousAdmissionBlock: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable {
        /// The free slots add up to enough, but no single hole is large enough: external
        /// fragmentation in action.
        case noHoleLargeEnough
        /// Not enough free slots in total.
        case notEnoughFreeSlots
        /// max_num_seqs sequences already run.
        case maxNumSeqs
    }

    public let request: Int
    /// Slots one of its samples needs in one piece.
    public let reservationSlots: Int
    public let samples: Int
    public let reason: Reason

    /// Kept out by memory (not by max_num_seqs): the steps the headline shares average over.
    public var isBlockedForMemory: Bool { reason != .maxNumSeqs }
}
