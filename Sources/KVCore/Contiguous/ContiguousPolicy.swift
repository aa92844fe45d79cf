/// How much contiguous memory a pre-allocating server reserves for a request when it admits it,
/// before it knows how long the answer will be (the three Orca variants of the PagedAttention
/// paper, Kwon et al. 2023, Fig. 2).
public enum ContiguousPolicy: String, Sendable, Equatable, CaseIterable {
    /// Reserve max_model_len slots: always enough, mostly wasted.
    case max
    /// Reserve the next power of two of the final length (prompt + output): a server that
    /// guesses within 2x; capped at max_model_len, since no request needs more.
    case pow2
    /// Reserve exactly prompt + output: a server that knows the future. No internal
    /// fragmentation, but the reservation still sits empty until the tokens are generated.
    case oracle

    /// Slots reserved for one sample whose prompt + output is `finalLength` tokens (at least 1).
    public func reservation(finalLength: Int, maxModelLen: Int) -> Int {
        let length = Swift.max(finalLength, 1)
        switch self {
        case .max:
            return Swift.max(maxModelLen, length)
        case .pow2:
            var power = 1
            while power < length { power <<= 1 }
            return Swift.max(Swift.min(power, maxModelLen), length)
        case .oracle:
            return length
        }
    }

    /// Name for reports and the compare view, e.g. "Orca (Max)".
    public var displayName: String {
        switch self {
        case .max: "Orca (Max)"
        case .pow2: "Orca (Pow2)"
        case .oracle: "Orca (Oracle)"
        }
    }
}
