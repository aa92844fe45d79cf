/// The shape of a published transformer, as far as GPU memory is concerned.
///
/// Only the fields that size the KV cache, the weights and the activations are kept; they are
/// copied from each model's published `config.json` (see ``ModelPreset/all``) or read from one
/// (``ModelPreset/init(huggingFaceConfig:file:)``). The parameter count is computed from these
/// fields (``parameterCount``) rather than typed in, so a preset whose fields are wrong shows up
/// as a count far from ``publishedParameterCount``.
public struct ModelPreset: Sendable, Hashable, Identifiable {
    /// How the layers are built; it decides which tensors exist when counting parameters.
    public enum Architecture: String, Sendable, Hashable {
        /// LLaMA, Mistral: RMSNorm, rotary positions, SwiGLU MLP (gate, up, down), no biases.
        case llama
        /// Qwen2: LLaMA's layout plus biases on the q, k and v projections.
        case qwen2
        /// OPT: LayerNorm with bias, learned positions (with OPT's offset of 2), biases
        /// everywhere, a plain two-matrix MLP (fc1, fc2).
        case opt
        /// GPT-NeoX (Pythia): one fused qkv projection with bias, LayerNorms with bias, rotary
        /// positions, a two-matrix MLP with biases, separate input and output embeddings.
        case gptNeoX = "gpt-neox"
        /// DeepSeek-V2/V3: multi-head latent attention and mixture-of-experts MLPs.
        case deepseek
    }

    /// What one token leaves in the cache of one layer.
    public enum Attention: Sendable, Hashable {
        /// A key and a value vector per KV head: multi-head (KV heads = heads), grouped-query
        /// (fewer) or multi-query (one) attention.
        case standard
        /// Multi-head latent attention (DeepSeek-V2/V3): one compressed latent of `kvLoraRank`
        /// values plus a decoupled rotary key of `ropeHeadDim`, shared by every head and kept
        /// once per layer; the per-head keys and values are rebuilt from it.
        case latent(kvLoraRank: Int, ropeHeadDim: Int)
    }

    /// The mixture-of-experts fields of a config (DeepSeek's names).
    public struct Experts: Sendable, Hashable {
        /// Routed experts per MoE layer (`n_routed_experts`).
        var routed: Int
        /// Experts every token goes through (`n_shared_experts`).
        public var shared: Int
        /// Routed experts a token is sent to (`num_experts_per_tok`).
        public var perToken: Int
        /// Width of one expert's MLP (`moe_intermediate_size`).
        public var intermediateSize: Int
        /// The first layers keep a dense MLP (`first_k_dense_replace`).
        var denseLayers: Int
        /// Width of a shared expert sized apart from the routed ones (Qwen-MoE's
        /// `shared_expert_intermediate_size`); 0 when shared experts are routed-sized.
        var sharedIntermediateSize: Int

        public init(routed: Int, shared: Int, perToken: Int, intermediateSize: Int, denseLayers: Int,
                    sharedIntermediateSize: Int = 0) {
            self.routed = routed
            self.shared = shared
            self.perToken = perToken
            self.intermediateSize = intermediateSize
            self.denseLayers = denseLayers
            self.sharedIntermediateSize = sharedIntermediateSize
        }
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
    /// Width of one attention head (for MLA: the query/key head, nope + rope parts).
    public let headDim: Int
    public let hiddenSize: Int
    /// Width of the MLP's inner layer (`intermediate_size`, OPT's `ffn_dim`).
    public let intermediateSize: Int
    public let vocabSize: Int
    /// The longest context the model was trained for (`max_position_embeddings`).
    public let maxModelLen: Int
    /// Whether the LM head reuses the embedding matrix (OPT does; LLaMA does not).
    let tiedEmbeddings: Bool
    /// The dtype the checkpoint is published in (`torch_dtype`), used for weights by default.
    public let weightDType: DType
    /// The parameter count the model's authors or model card state, kept to check
    /// ``parameterCount`` against (0 when unknown, e.g. a model read from a config file).
    let publishedParameterCount: Int
    public let attention: Attention
    /// Tokens each layer attends to (`sliding_window`): the cache of a sequence stops growing
    /// there. nil for full attention.
    public let slidingWindow: Int?
    /// Layers that use ``slidingWindow`` (Gemma-2/3 and gpt-oss interleave them with
    /// full-attention layers); the rest attend to the whole context. 0 without a window.
    public let slidingLayers: Int
    let experts: Experts?
    /// Parameters outside the language model (a vision encoder and its projector), loaded
    /// onto the GPU with it.
    let extraParameters: Int
    /// How the checkpoint stores its weights when it is quantized (`quantization_config`).
    public let quantization: WeightFormat?
    /// MLA only: `q_lora_rank` (nil when queries are projected directly) and `v_head_dim`.
    let queryLoraRank: Int?
    let valueHeadDim: Int?
    /// Dimensions of a head that rotary positions turn (`head_dim x partial_rotary_factor`;
    /// MLA's `qk_rope_head_dim`); 0 for learned positions (OPT).
    public let rotaryDim: Int
    /// Distinct rotary tables the model builds: 2 for Gemma-3 (its sliding layers use
    /// another base frequency), else 1 (0 without rotary positions).
    public let rotaryTables: Int

    public init(
        id: String, displayName: String, architecture: Architecture,
        numLayers: Int, numHeads: Int, numKVHeads: Int, headDim: Int, hiddenSize: Int,
        intermediateSize: Int, vocabSize: Int, maxModelLen: Int, tiedEmbeddings: Bool,
        weightDType: DType, publishedParameterCount: Int, attention: Attention = .standard,
        slidingWindow: Int? = nil, experts: Experts? = nil, queryLoraRank: Int? = nil,
        valueHeadDim: Int? = nil, slidingLayers: Int? = nil, extraParameters: Int = 0,
        quantization: WeightFormat? = nil, rotaryDim: Int? = nil, rotaryTables: Int = 1
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
        self.attention = attention
        self.slidingWindow = slidingWindow
        self.slidingLayers = slidingWindow == nil ? 0 : Swift.min(numLayers, slidingLayers ?? numLayers)
        self.experts = experts
        self.extraParameters = extraParameters
        self.quantization = quantization
        self.queryLoraRank = queryLoraRank
        self.valueHeadDim = valueHeadDim
        let defaultRotary: Int = switch (architecture, attention) {
        case (.opt, _): 0
        case let (_, .latent(_, rope)): rope
        default: headDim
        }
        self.rotaryDim = rotaryDim ?? defaultRotary
        self.rotaryTables = self.rotaryDim == 0 ? 0 : rotaryTables
    }

    /// True for multi-head latent attention (one latent vector a token and layer).
    public var usesLatentAttention: Bool {
        if case .latent = attention { return true }
        return false
    }

    /// "MHA", "GQA", "MQA" or "MLA", plus the sliding window when there is one.
    public var attentionLabel: String {
        let kind: String
        if usesLatentAttention {
            kind = "MLA"
        } else if numKVHeads == 1, numHeads > 1 {
            kind = "MQA"
        } else {
            kind = numKVHeads < numHeads ? "GQA" : "MHA"
        }
        guard let window = slidingWindow else { return kind }
        if isHybrid { return kind + ", window \(window) on \(slidingLayers) of \(numLayers) layers" }
        return kind + ", window \(window)"
    }

    /// Tokens of a `seqLen`-token sequence whose K/V stay cached: all of them, or the last
    /// ``slidingWindow`` when every layer slides (a hybrid model's full layers keep them all).
    public func cachedTokens(seqLen: Int) -> Int {
        guard let window = slidingWindow, !isHybrid else { return seqLen }
        return Swift.min(seqLen, window)
    }

    /// True when sliding-window and full-attention layers are mixed (Gemma-2/3, gpt-oss).
    public var isHybrid: Bool { slidingLayers > 0 && slidingLayers < numLayers }

    /// Finds a preset by its id (case-insensitive); throws a message listing the known ids.
    public static func named(_ id: String) throws(MemoryError) -> ModelPreset {
        guard let preset = all.first(where: { $0.id == id.lowercased() }) else {
            throw .unknownModel(id)
        }
        return preset
    }
}
