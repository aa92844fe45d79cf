/// How a request that wants n > 1 samples is served. Both designs are real engines' choices,
/// and the screen names the one it shows.
public enum ParallelSamplingDesign: String, Sendable, Equatable, CaseIterable {
    /// vLLM v1: the request fans out into n child requests when it arrives. They are scheduled
    /// like any other requests; the first one's full prompt blocks enter the prefix cache when
    /// scheduled, the others hit them, and each child computes its own partial last block.
    /// Nothing is ever copied on write.
    case v1
    /// The PagedAttention paper and vLLM v0: one sequence computes the prompt, then forks into
    /// n sequences that share every block (ref count n); a sample about to write into a shared
    /// partially filled block first copies it (copy-on-write, paper Fig. 8).
    case paper
}
