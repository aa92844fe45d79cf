/// The shape of a published transformer, as far as GPU memory is concerned.
///
/// Only the fields that size the KV cache, the weights and the activations are kept; they are
/// copied from each model's published `config.json` (see ``ModelPreset/all``). The parameter
/// count is computed from these fields (``parameterCount``) rather than typed in, so a preset
/// whose fields are wrong shows up as a count far from ``publishedParameterCount``.
public struct ModelPreset: Sendable, Hashable, Identifiable {
    /// How the layers are built; it decides which tensors exist when counting parameters.
    public enum Architecture: Sendable, Hashable {
        /// LLaMA, Mistral: RMSNorm, rotary positions, SwiGLU MLP (gate, up, down), no biases.
        case llama
        /// Qwen2: LLaMA's layout plus biases on the q, k and v projections.
        case qwen2
        /// OPT: LayerNorm with bias, learned positions (with OPT's offset of 2), biases
        /// everywhere, a plain two-matrix MLP (fc1, fc2).
        case opt
    }

    /// The id the command line takes, e.g. `llama-2-7b`.
    public let id: String
    /// The name people know the model by, e.g. `LLaMA-2-7B`.
    public let displayName: String
    public let architecture: Architecture
    public let numLayers: Int
    /// Query (attention) heads.
    public let numHeads: Int
    /// Key/value heads: equal to ``numHeads`` for multi-head attention, fewer for grouped-query
    /// attention (GQA), which is what shrinks the KV cache of LLaMA-2-70B eightfold.
    public let numKVHeads: Int
    public let headDim: Int
    public let hiddenSize: Int
    /// Width of the MLP's inner layer (`intermediate_size`, OPT's `ffn_dim`).
    public let intermediateSize: Int
    public let vocabSize: Int
    /// The longest context the model was trained for (`max_position_embeddings`).
    public let maxModelLen: Int
    /// Whether the LM head reuses the embedding matrix (OPT does; LLaMA does not).
    public let tiedEmbeddings: Bool
    /// The dtype the checkpoint is published in (`torch_dtype`), used for weights by default.
    public let weightDType: DType
    /// The parameter count the model's authors or model card state, kept to check
    /// ``parameterCount`` against.
    public let publishedParameterCount: Int

    public init(
        id: String, displayName: String, architecture: Architecture,
        numLayers: Int, numHeads: Int, numKVHeads: Int, headDim: Int, hiddenSize: Int,
        intermediateSize: Int, vocabSize: Int, maxModelLen: Int, tiedEmbeddings: Bool,
        weightDType: DType, publishedParameterCount: Int
    ) {
        self.id = id
        self.displayName = displayName
        self.architecture = architecture
        self.numLayers = numLayers
        self.numHeads = numHeads
        self.numKVHeads = numKVHeads
        self.headDim = headDim
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.vocabSize = vocabSize
        self.maxModelLen = maxModelLen
        self.tiedEmbeddings = tiedEmbeddings
        self.weightDType = weightDType
        self.publishedParameterCount = publishedParameterCount
    }

    /// True when several query heads share one KV head (grouped-query attention).
    public var usesGroupedQueryAttention: Bool { numKVHeads < numHeads }

    /// Finds a preset by its id (case-insensitive); throws a message listing the known ids.
    public static func named(_ id: String) throws(MemoryError) -> ModelPreset {
        guard let preset = all.first(where: { $0.id == id.lowercased() }) else {
            throw .unknownModel(id)
        }
        return preset
    }
}
