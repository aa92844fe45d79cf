extension ModelPreset {
    /// The number of parameters, counted tensor by tensor from the config.
    ///
    /// Per layer: the attention projections (q and o are `hidden x heads*headDim`, k and v are
    /// `hidden x kvHeads*headDim`, so GQA shrinks them; MLA has its low-rank projections), the
    /// MLP (three matrices for SwiGLU, two for OPT and GPT-NeoX, every expert for MoE layers)
    /// and the norms; then the token embedding, the LM head unless it is tied, the final norm
    /// and, for OPT, the learned position table. Matches the published totals exactly for the
    /// LLaMA family (LLaMA-2-7B: 6,738,415,616).
    public var parameterCount: Int {
        var layers = 0
        for layer in 0..<numLayers {
            layers += attentionParameters + mlpParameters(layer: layer) + normParameters
        }
        return layers + embeddingParameters + finalNormParameters + extraParameters
    }

    /// Parameters of the MoE experts (routed and shared), which MXFP4 checkpoints quantize.
    var expertParameterCount: Int {
        guard let experts else { return 0 }
        let moeLayers = numLayers - experts.denseLayers
        let perLayer = (experts.routed + experts.shared) * 3 * hiddenSize * experts.intermediateSize
            + 3 * hiddenSize * experts.sharedIntermediateSize
        return moeLayers * perLayer
    }

    /// Parameters quantized under `format`: the linear layers (everything but embeddings, the
    /// LM head and the vision encoder), or only the experts for MXFP4.
    func quantizedParameterCount(_ format: WeightFormat) -> Int {
        if format == .mxfp4 { return expertParameterCount }
        return parameterCount - embeddingParameters - finalNormParameters - extraParameters
    }

    /// Parameters of one decoder layer (the first one: MoE models have dense first layers).
    var parametersPerLayer: Int {
        attentionParameters + mlpParameters(layer: 0) + normParameters
    }

    private var attentionParameters: Int {
        let qDim = numHeads * headDim
        let kvDim = numKVHeads * headDim
        let projections = hiddenSize * qDim * 2 + hiddenSize * kvDim * 2
        switch architecture {
        case .llama:
            return projections
        case .qwen2:
            return projections + qDim + 2 * kvDim
        case .opt:
            return projections + qDim + 2 * kvDim + hiddenSize
        case .gptNeoX:
            return projections + qDim + 2 * kvDim + hiddenSize
        case .deepseek:
            return latentAttentionParameters
        }
    }

    /// MLA's projections: queries through an optional low-rank bottleneck, keys and values
    /// through the shared latent (`kv_a` makes it, `kv_b` expands it per head), then `o`.
    private var latentAttentionParameters: Int {
        guard case let .latent(rank, rope) = attention else { return 0 }
        let valueDim = valueHeadDim ?? headDim
        let noRopeDim = headDim - rope
        var query = hiddenSize * numHeads * headDim
        if let queryRank = queryLoraRank {
            query = hiddenSize * queryRank + queryRank + queryRank * numHeads * headDim
        }
        let latent = hiddenSize * (rank + rope) + rank + rank * numHeads * (noRopeDim + valueDim)
        let output = numHeads * valueDim * hiddenSize
        return query + latent + output
    }

    private func mlpParameters(layer: Int) -> Int {
        if let experts, architecture != .deepseek, layer >= experts.denseLayers {
            return moeParameters(experts)
        }
        switch architecture {
        case .llama, .qwen2:
            return 3 * hiddenSize * intermediateSize
        case .opt, .gptNeoX:
            return 2 * hiddenSize * intermediateSize + intermediateSize + hiddenSize
        case .deepseek:
            guard let experts, layer >= experts.denseLayers else { return 3 * hiddenSize * intermediateSize }
            return moeParameters(experts)
        }
    }

    /// Routed and shared experts (gated, three matrices each) and the router.
    private func moeParameters(_ experts: Experts) -> Int {
        let expert = 3 * hiddenSize * experts.intermediateSize
        let router = hiddenSize * experts.routed + experts.routed
        return (experts.routed + experts.shared) * expert + 3 * hiddenSize * experts.sharedIntermediateSize + router
    }

    private var normParameters: Int {
        switch architecture {
        case .opt, .gptNeoX: 2 * 2 * hiddenSize
        case .llama, .qwen2, .deepseek: 2 * hiddenSize
        }
    }

    /// Token embedding, LM head (unless tied) and learned positions.
    var embeddingParameters: Int {
        let tokens = vocabSize * hiddenSize
        let head = tiedEmbeddings ? 0 : vocabSize * hiddenSize
        let positions = architecture == .opt ? (maxModelLen + Self.optPositionOffset) * hiddenSize : 0
        return tokens + head + positions
    }

    private var finalNormParameters: Int {
        architecture == .opt || architecture == .gptNeoX ? 2 * hiddenSize : hiddenSize
    }

    /// OPT's learned position table has two extra rows (a fairseq legacy).
    private static let optPositionOffset = 2
}

extension ModelPreset {
    /// KV bytes per token for the whole model on one device, before any tensor parallelism.
    /// Standard attention: `2 x numLayers x kvHeads x headDim x bytes(dtype)`; MLA:
    /// `numLayers x (kvLoraRank + ropeHeadDim) x bytes(dtype)`. `kvHeads` defaults to the
    /// model's (it has no effect under MLA, whose latent is shared by every head).
    public func kvBytesPerToken(dtype: DType = .fp16, kvHeads: Int? = nil) -> Int {
        switch attention {
        case .standard:
            MemoryPlan.kvBytesPerToken(numLayers: numLayers, kvHeads: kvHeads ?? numKVHeads,
                                       headDim: headDim, dtype: dtype)
        case let .latent(rank, rope):
            numLayers * (rank + rope) * dtype.bytes
        }
    }
}
