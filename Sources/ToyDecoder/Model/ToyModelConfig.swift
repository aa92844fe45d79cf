/// The shape of the toy llama-style decoder.
///
/// Small enough to run thousands of tokens per second on one CPU core, but with every part a
/// real model has that matters for the KV cache: several layers, grouped-query attention (fewer
/// K/V heads than query heads, as in Llama 2 70B and Llama 3), RoPE positions and a context limit.
public struct ToyModelConfig: Sendable, Hashable, Codable {
    /// Width of the residual stream.
    public var dim: Int
    /// Number of transformer blocks; each keeps its own K and V per token.
    public var layers: Int
    /// Query heads per layer.
    public var heads: Int
    /// K/V heads per layer (grouped-query attention: `heads / kvHeads` query heads share one).
    public var kvHeads: Int
    /// Width of the SwiGLU MLP.
    public var hiddenDim: Int
    /// Number of token ids; fixed by the tokenizer's vocabulary.
    public var vocabSize: Int
    /// Longest sequence (prompt plus generated tokens) the model accepts.
    public var contextLength: Int
    /// Base of the rotary position frequencies.
    var ropeTheta: Float
    /// Added inside the RMSNorm square root so a zero vector does not divide by zero.
    var normEpsilon: Float

    public init(
        dim: Int = 64, layers: Int = 2, heads: Int = 4, kvHeads: Int = 2, hiddenDim: Int = 172,
        vocabSize: Int, contextLength: Int = 1024, ropeTheta: Float = 10_000, normEpsilon: Float = 1e-5
    ) {
        precondition(dim > 0 && layers > 0 && heads > 0 && kvHeads > 0 && hiddenDim > 0)
        precondition(dim % heads == 0, "dim must split evenly into heads")
        precondition(heads % kvHeads == 0, "query heads must split evenly over K/V heads")
        precondition((dim / heads) % 2 == 0, "RoPE rotates pairs: head dim must be even")
        precondition(vocabSize > 0 && contextLength > 0)
        self.dim = dim
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads
        self.hiddenDim = hiddenDim
        self.vocabSize = vocabSize
        self.contextLength = contextLength
        self.ropeTheta = ropeTheta
        self.normEpsilon = normEpsilon
    }

    /// Width of one attention head.
    public var headDim: Int { dim / heads }
    /// Floats of K (or of V) one token keeps per layer: `kvHeads * headDim`.
    public var kvDim: Int { kvHeads * headDim }
    /// Query heads that read the same K/V head.
    var queriesPerKVHead: Int { heads / kvHeads }
    /// Floats of K (or of V) one token keeps over all layers; one slot of the paged store.
    var kvFloatsPerToken: Int { layers * kvDim }
}

extension ToyModelConfig {
    /// The seed of the model every kvviz command and scenario uses unless told otherwise.
    public static let defaultSeed: UInt64 = 20_230_912
}
