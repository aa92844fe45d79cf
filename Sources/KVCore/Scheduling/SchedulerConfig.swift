/// The knobs of continuous batching, named as in vLLM, and the design choices where the engines
/// kvviz follows differ (vLLM v1 by default).
public struct SchedulerConfig: Sendable, Equatable {
    /// Tokens computed in one step across all requests (vLLM's `max_num_batched_tokens`).
    public var maxNumBatchedTokens: Int
    /// Sequences running at once (vLLM's `max_num_seqs`). Forked samples and beams count one
    /// each, and a request is admitted only when all the sequences it will fork into fit.
    public var maxNumSeqs: Int
    /// Longest prefill chunk a request gets in one step (nil: as much as the budget allows).
    public var maxPrefillChunk: Int?
    /// When full blocks enter the prefix cache. The scheduler sets its block manager to this.
    public var publishing: PrefixPublishing
    /// How n > 1 samples are served.
    public var sampling: ParallelSamplingDesign
    /// What preemption does with the victim's K/V (vLLM v1: recompute).
    public var preemption: PreemptionMode
    /// Blocks of the CPU pool that swapping copies into (0: none, every victim recomputes).
    public var cpuBlocks: Int

    public init(maxNumBatchedTokens: Int = 2048, maxNumSeqs: Int = 128, maxPrefillChunk: Int? = nil,
                publishing: PrefixPublishing = .whenScheduled, sampling: ParallelSamplingDesign = .v1,
                preemption: PreemptionMode = .recompute, cpuBlocks: Int = 0) {
        self.maxNumBatchedTokens = maxNumBatchedTokens
        self.maxNumSeqs = maxNumSeqs
        self.maxPrefillChunk = maxPrefillChunk
        self.publishing = publishing
        self.sampling = sampling
        self.preemption = preemption
        self.cpuBlocks = cpuBlocks
    }
}
