import KVBase

/// One sequence's share of a batched forward pass: the tokens to compute now and where the
/// sequence's K/V live.
///
/// A prefill chunk, a whole prompt or a single decode token all look the same: `tokens` are the
/// next tokens of the sequence, at positions `startPosition ..< startPosition + tokens.count`.
/// Positions before `startPosition` must already be in the store (computed by an earlier step, or
/// by another sequence whose blocks this one shares through prefix caching).
public struct ForwardInput: Sendable, Hashable {
    /// The caller's id of the sequence (a request id); only used to attribute the counters.
    public var sequenceID: Int
    /// The new tokens to run through the model.
    public var tokens: [TokenID]
    /// How many tokens of this sequence are already in the cache: the position of `tokens[0]`.
    public var startPosition: Int
    /// Physical block of each logical block of the sequence; must cover every position up to the
    /// last new token. The block size is the store's.
    public var blockTable: [Int]
    /// Also return the logits of every new token, not only the last one (for tests and
    /// inspection; costs one LM-head product per token).
    var wantsAllLogits: Bool

    public init(
        sequenceID: Int = 0, tokens: [TokenID], startPosition: Int, blockTable: [Int],
        wantsAllLogits: Bool = false
    ) {
        self.sequenceID = sequenceID
        self.tokens = tokens
        self.startPosition = startPosition
        self.blockTable = blockTable
        self.wantsAllLogits = wantsAllLogits
    }

    /// The position after the last new token: the sequence's computed length after this pass.
    var endPosition: Int { startPosition + tokens.count }
}

/// What one `ForwardInput` produced.
public struct ForwardOutput: Sendable, Hashable {
    public var sequenceID: Int
    /// (vocabSize): logits of the last new token, the distribution of the next token.
    public var logits: [Float]
    /// (tokens.count, vocabSize) when `wantsAllLogits` was set, else empty.
    var allLogits: [[Float]]
    /// Token positions whose K and V this pass projected (`tokens.count`).
    public var kvComputed: Int
    /// Token positions a model without a KV cache would have projected to produce the same
    /// logits: the whole sequence so far, `startPosition + tokens.count`.
    public var kvWithoutCache: Int
}

/// Why a `ForwardInput` cannot run against a given model and store.
public enum ForwardInputProblem: KVVizError, Sendable, Hashable, CustomStringConvertible {
    case noTokens
    case negativeStart(Int)
    case beyondContext(end: Int, contextLength: Int)
    case tokenOutOfVocabulary(TokenID, vocabSize: Int)
    case blockTableTooShort(blocks: Int, needed: Int)
    case blockOutOfStore(Int, numBlocks: Int)

    public var description: String {
        switch self {
        case .noTokens: "forward input has no tokens: give at least one token to compute"
        case .negativeStart(let start): "forward input startPosition \(start) is negative: use 0 or more"
        case .beyondContext(let end, let context):
            "forward input reaches position \(end), beyond the context of \(context) tokens: shorten the sequence"
        case .tokenOutOfVocabulary(let id, let size):
            "forward input token \(id) is outside the vocabulary of \(size): encode with the model's tokenizer"
        case .blockTableTooShort(let blocks, let needed):
            "forward input block table has \(blocks) blocks but needs \(needed): allocate the blocks first"
        case .blockOutOfStore(let block, let numBlocks):
            "forward input block table names block \(block), but the store has blocks 0..<\(numBlocks)"
        }
    }
}
