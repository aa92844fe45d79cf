/// Counts the K/V work a KV cache saves.
///
/// The unit is one *token position whose K and V were projected*, in all layers at once (a token
/// computed through 2 layers counts 1, not 2). With a cache, a step projects only its new tokens;
/// without one, producing the same next-token logits means projecting the whole sequence again.
/// So for a one-token prompt and N generated tokens: the cached run counts N (step 1 computes
/// the prompt token, each later step the token sampled before it; the last sampled token is never
/// fed back) and the uncached run counts 1 + 2 + ... + N = N(N+1)/2.
public struct KVComputeCounter: Sendable, Hashable {
    /// Work of one sequence, or of all together.
    public struct Tally: Sendable, Hashable, Codable {
        /// Token positions whose K/V were projected.
        public var computed: Int = 0
        /// Token positions full recomputation (no cache) would have projected.
        var withoutCache: Int = 0

        public init(computed: Int = 0, withoutCache: Int = 0) {
            self.computed = computed
            self.withoutCache = withoutCache
        }

        /// What the cache saved: projections that were not repeated.
        public var saved: Int { withoutCache - computed }
    }

    /// Everything counted so far.
    public private(set) var total = Tally()
    /// The same, per sequence id.
    public private(set) var perSequence: [Int: Tally] = [:]

    public init() {}

    /// Adds one pass over one sequence.
    public mutating func record(sequenceID: Int, computed: Int, withoutCache: Int) {
        total.computed += computed
        total.withoutCache += withoutCache
        perSequence[sequenceID, default: Tally()].computed += computed
        perSequence[sequenceID, default: Tally()].withoutCache += withoutCache
    }

    /// Forgets everything (a restarted scenario).
    public mutating func reset() {
        self = KVComputeCounter()
    }
}
