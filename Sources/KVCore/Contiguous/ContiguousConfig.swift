/// The server a contiguous baseline simulates: its memory in token slots, its reservation
/// policy, the allocator that places reservations, and the same limits as the paged engine
/// (vLLM's `max_model_len`, `max_num_seqs`, `max_num_batched_tokens` and the prefill chunk cap),
/// so both sides run one schedule.
public struct ContiguousConfig: Sendable, Equatable {
    public var policy: ContiguousPolicy
    public var capacitySlots: Int
    public var maxModelLen: Int
    /// Sequences (samples) running at once.
    public var maxNumSeqs: Int
    /// Tokens computed per step (prefill chunks and decode tokens together).
    public var maxNumBatchedTokens: Int
    /// Most prompt tokens of one request computed in one step (nil: only the budget limits).
    public var maxPrefillChunk: Int?
    /// First fit by default (the walkthroughs draw exact extents); `kvviz compare` uses buddy.
    public var allocator: ContiguousAllocatorKind

    public init(policy: ContiguousPolicy, capacitySlots: Int, maxModelLen: Int = 2048,
                maxNumSeqs: Int = 128, maxNumBatchedTokens: Int = 2048, maxPrefillChunk: Int? = nil,
                allocator: ContiguousAllocatorKind = .firstFit) {
        self.policy = policy
        self.capacitySlots = capacitySlots
        self.maxModelLen = maxModelLen
        self.maxNumSeqs = maxNumSeqs
        self.maxNumBatchedTokens = maxNumBatchedTokens
        self.maxPrefillChunk = maxPrefillChunk
        self.allocator = allocator
    }

    /// Slots one sample of `request` reserves under this policy.
    public func reservation(for request: WorkloadRequest) -> Int {
        policy.reservation(promptLength: request.promptLength, outputLength: request.outputLength,
                           maxModelLen: maxModelLen)
    }

    /// Slots one sample of `request` occupies once placed: the reservation, rounded up to a
    /// power of two under the buddy allocator.
    func placement(for request: WorkloadRequest) -> Int {
        let reservation = reservation(for: request)
        return allocator == .buddy ? 1 << BuddyAllocator.order(for: reservation) : reservation
    }
}
