/// The knobs of continuous batching, named as in vLLM.
public struct SchedulerConfig: Sendable, Equatable {
    /// Tokens computed in one step across all requests (vLLM's `max_num_batched_tokens`).
    public var maxNumBatchedTokens: Int
    /// Requests running at once (vLLM's `max_num_seqs`).
    public var maxNumSeqs: Int
    /// Longest prefill chunk a request gets in one step (nil: as much as the budget allows).
    public var maxPrefillChunk: Int?

    public init(maxNumBatchedTokens: Int = 2048, maxNumSeqs: Int = 128, maxPrefillChunk: Int? = nil) {
        self.maxNumBatchedTokens = maxNumBatchedTokens
        self.maxNumSeqs = maxNumSeqs
        self.maxPrefillChunk = maxPrefillChunk
    }
}
