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

extension ParallelSamplingDesign {
    /// What the screen calls the design, in English and Chinese.
    public func name(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.v1, false): "vLLM v1: n child requests, prompt shared via the prefix cache"
        case (.v1, true): "vLLM v1：n 个子请求，经前缀缓存共享提示"
        case (.paper, false): "paper / vLLM v0: fork, shared blocks, copy-on-write"
        case (.paper, true): "论文 / vLLM v0：分叉、共享块、写时复制"
        }
    }
}
