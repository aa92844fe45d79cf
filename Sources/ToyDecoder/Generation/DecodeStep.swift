import KVBase

/// One step of a `DecodeRun`: the token it produced and the K/V work it took.
public struct DecodeStep: Sendable, Hashable {
    /// 1 for the first generated token.
    public let number: Int
    /// The generated token.
    public let token: TokenID
    /// Token positions whose K/V this step projected, in the run's own mode (1 per step with the
    /// cache after the prompt; the whole sequence again without it).
    public let kvComputed: Int
    /// Everything the run has projected so far, in its own mode.
    public let kvComputedTotal: Int
    /// What a run with a KV cache projects up to this step: the prompt, then one token per step.
    public let kvWithCacheTotal: Int
    /// What a run without a cache projects up to this step: the whole sequence at every step.
    public let kvWithoutCacheTotal: Int
}

/// Why a `DecodeRun` cannot start.
public enum DecodeSetupError: KVVizError, Sendable, Hashable, CustomStringConvertible {
    case emptyPrompt
    case nonPositiveMaxTokens(Int)
    case exceedsContext(promptTokens: Int, maxTokens: Int, contextLength: Int)

    public var description: String {
        switch self {
        case .emptyPrompt:
            "the prompt is empty: give at least one character"
        case .nonPositiveMaxTokens(let n):
            "max tokens must be at least 1, got \(n)"
        case .exceedsContext(let prompt, let maxTokens, let context):
            "prompt (\(prompt) tokens) + max tokens (\(maxTokens)) = \(prompt + maxTokens) exceeds the model's "
                + "context of \(context) tokens: use at most \(max(context - prompt, 0)) new tokens"
        }
    }
}
