extension ModelPreset {
    /// The number of parameters, counted tensor by tensor from the config.
    ///
    /// Per layer: the attention projections (q and o are `hidden x heads*headDim`, k and v are
    /// `hidden x kvHeads*headDim`, so GQA shrinks them), the MLP (three matrices for SwiGLU, two
    /// for OPT) and the norms; then the token embedding, the LM head unless it is tied, the final
    /// norm and, for OPT, the learned position table. Matches the published totals exactly for
    /// the LLaMA family (LLaMA-2-7B: 6,738,415,616).
    public var parameterCount: Int {
        numLayers * parametersPerLayer + embeddingParameters + finalNormParameters
    }

    /// Parameters of one decoder layer.
    public var parametersPerLayer: Int {
        let qDim = numHeads * headDim
        let kvDim = numKVHeads * headDim
        let projections = hiddenSize * qDim * 2 + hiddenSize * kvDim * 2
        switch architecture {
        case .llama:
            return projections + 3 * hiddenSize * intermediateSize + 2 * hiddenSize
        case .qwen2:
            let qkvBias = qDim + 2 * kvDim
            return projections + qkvBias + 3 * hiddenSize * intermediateSize + 2 * hiddenSize
        case .opt:
            let attentionBias = qDim + 2 * kvDim + hiddenSize
            let mlp = hiddenSize * intermediateSize + intermediateSize
                + intermediateSize * hiddenSize + hiddenSize
            let layerNorms = 2 * 2 * hiddenSize
            return projections + attentionBias + mlp + layerNorms
        }
    }

    /// Token embedding, LM head (unless tied) and learned positions.
    private var embeddingParameters: Int {
        let tokens = vocabSize * hiddenSize
        let head = tiedEmbeddings ? 0 : vocabSize * hiddenSize
        let positions = architecture == .opt ? (maxModelLen + Self.optPositionOffset) * hiddenSize : 0
        return tokens + head + positions
    }

    private var finalNormParameters: Int {
        architecture == .opt ? 2 * hiddenSize : hiddenSize
    }

    /// OPT's learned position table has two extra rows (a fairseq legacy).
    private static let optPositionOffset = 2
}

extension ModelPreset {
    /// KV bytes per token for the whole model on one device, before any tensor parallelism:
    /// `2 x numLayers x kvHeads x headDim x bytes(dtype)`. `kvHeads` defaults to the model's.
    public func kvBytesPerToken(dtype: DType = .fp16, kvHeads: Int? = nil) -> Int {
        MemoryPlan.kvBytesPerToken(numLayers: numLayers, kvHeads: kvHeads ?? numKVHeads,
                                   headDim: headDim, dtype: dtype)
    }
}
