/// The server a contiguous baseline simulates: its memory in token slots, its reservation
/// policy and the same limits as the paged engine (vLLM's `max_model_len`, `max_num_seqs`).
public struct ContiguousConfig: Sendable, Equatable {
    public var policy: ContiguousPolicy
    public var capacitySlots: Int
    public var maxModelLen: Int
    /// Sequences (samples) running at once.
    public var maxNumSeqs: Int

    public init(policy: ContiguousPolicy, capacitySlots: Int, maxModelLen: Int = 2048,
                maxNumSeqs: Int = 128) {
        self.policy = policy
        self.capacitySlots = capacitySlots
        self.maxModelLen = maxModelLen
        self.maxNumSeqs = maxNumSeqs
    }

    /// Slots one sample of `request` reserves under this policy.
    public func reservation(for request: WorkloadRequest) -> Int {
        policy.reservation(finalLength: request.finalLength, maxModelLen: maxModelLen)
    }
}
