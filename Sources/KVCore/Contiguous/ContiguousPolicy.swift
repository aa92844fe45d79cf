/// How much contiguous memory a pre-allocating server reserves for a request when it admits it,
/// before it knows how long the answer will be (the three Orca variants of the PagedAttention
/// paper, Kwon et al. 2023, Fig. 2).
public enum ContiguousPolicy: String, Sendable, Equatable, CaseIterable {
    /// Reserve max_model_len slots: always enough, mostly wasted.
    case max
    /// Reserve the prompt plus the next power of two of the output: a server that over-reserves
    /// the output by at most 2x (the paper's §6.1: a true output of 25 tokens reserves 32);
    /// capped at max_model_len, since no request needs more.
    case pow2
    /// Reserve exactly prompt + output: a server that knows the future. No internal
    /// fragmentation, but the reservation still sits empty until the tokens are generated.
    case oracle

    /// Slots reserved for one sample of `promptLength` + `outputLength` tokens (at least 1).
    public func reservation(promptLength: Int, outputLength: Int, maxModelLen: Int) -> Int {
        let length = Swift.max(promptLength + outputLength, 1)
        switch self {
        case .max:
            return Swift.max(maxModelLen, length)
        case .pow2:
            var power = 1
            while power < outputLength { power <<= 1 }
            return Swift.max(Swift.min(promptLength + power, maxModelLen), length)
        case .oracle:
            return length
        }
    }
}
