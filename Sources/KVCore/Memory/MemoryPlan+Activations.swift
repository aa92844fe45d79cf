extension MemoryPlan {
    /// Weights on one GPU: the checkpoint's parameters at their stored width
    /// (``WeightFormat``), split over `tp` GPUs and, with pipeline parallelism, the last
    /// stage's layers plus the LM head (untied) or the embedding (tied).
    static func weightsPerGPU(_ configuration: Configuration) throws(MemoryError) -> Int {
        let model = configuration.model
        let format = configuration.effectiveWeightFormat
        var quantized = model.quantizedParameterCount(format)
        var other = model.parameterCount - quantized
        let pp = configuration.pipelineParallel
        if pp > 1 {
            let embedding = model.vocabSize * model.hiddenSize
            let layerParameters = model.parameterCount - model.embeddingParameters - model.extraParameters
            let stage = layerParameters * configuration.layersPerGPU / model.numLayers
            if format == .mxfp4 {
                quantized = quantized * configuration.layersPerGPU / model.numLayers
                other = stage - quantized + embedding
            } else {
                quantized = stage
                other = embedding
            }
        }
        guard Double(quantized + other) * 4 < 9e18 else { throw .tooLarge(.model, model.parameterCount) }
        let total = format.bytes(quantized: quantized, other: other, computeDType: configuration.activationDType)
        let tp = configuration.tensorParallel
        return total / tp + (total % tp == 0 ? 0 : 1)
    }

    /// The cos/sin tables of rotary positions: `max_position_embeddings x rotaryDim x
    /// bytes(activation dtype)` per table (Gemma-3 builds two), allocated while the model
    /// loads, so vLLM's "Model loading took" includes them, and not split by tensor
    /// parallelism. Read in the calibration logs as the part of "Model loading took" beyond
    /// the parameters: Llama-3.1-8B (131,072 positions) loads 32 MiB more than its parameters
    /// at tp 1, 2 and 4, and 64 MiB more in float32; Llama-4-Scout's 10,485,760 positions make
    /// a 2.5 GiB table on each of its 4 GPUs. None on the toy GPUs, which hold the parameters
    /// only.
    static func rotaryTableEstimate(for configuration: Configuration) throws(MemoryError) -> Int {
        let model = configuration.model
        guard !configuration.gpu.isToy else { return 0 }
        let row = model.rotaryDim * model.rotaryTables * configuration.activationDType.bytes
        return try product(model.maxModelLen, row, blaming: .model, model.maxModelLen)
    }

    /// The peak PyTorch allocated during vLLM's profiling run, above the weights (vLLM logs
    /// it as "torch peak memory increase" or "activation peak memory").
    static func activationEstimate(for configuration: Configuration) throws(MemoryError) -> Int {
        configuration.vllm.isV1 ? try v1ActivationEstimate(configuration) : try v0ActivationEstimate(configuration)
    }

    /// v0 (0.4-0.7): one forward pass over `maxNumBatchedTokens` tokens split into
    /// `maxNumSeqs` sequences, then sampling, all counted together:
    ///
    ///     tokens x (2 x hidden                  residual stream and its normed copy
    ///               + 2 x qHeads x headDim      queries and the attention output
    ///               + 2 x kvHeads x headDim     the new keys and values
    ///               + k x mlpWidth)             MLP: gate, up and their product (k = 3);
    ///                                           OPT/GPT-NeoX fc1 and its activation (k = 2)
    ///            x bytes(activation dtype)
    ///   + min(tokens, maxNumSeqs) x vocab x 4 x 3   logits, probabilities, log-probabilities
    ///
    /// Heads and the MLP width are divided by `tp`; the vocabulary is not. Against vLLM's own
    /// log for Llama-3-8B with 8,192 batched tokens and 256 sequences this gives 1.30 GiB
    /// where vLLM measured 1.26 GiB.
    static func v0ActivationEstimate(_ configuration: Configuration) throws(MemoryError) -> Int {
        let model = configuration.model
        let tp = configuration.tensorParallel
        let qHeads = Swift.max(1, model.numHeads / tp)
        let kvHeads = model.usesLatentAttention ? 1 : Swift.max(1, configuration.kvHeads / tp)
        var mlpWidth = model.intermediateSize
        if let experts = model.experts {
            mlpWidth = Swift.max(mlpWidth, (experts.perToken + experts.shared) * experts.intermediateSize)
        }
        mlpWidth = (mlpWidth + tp - 1) / tp
        let perToken = 2 * model.hiddenSize + 2 * qHeads * model.headDim
            + 2 * kvHeads * model.headDim + mlpTensors(model) * mlpWidth
        let tokens = configuration.maxNumBatchedTokens
        let layer = try product(tokens, try product(perToken, configuration.activationDType.bytes,
                                                    blaming: .model, perToken),
                                blaming: .maxNumBatchedTokens, tokens)
        let logitRows = Swift.min(tokens, configuration.maxNumSeqs)
        let sampler = try product(logitRows, model.vocabSize * DType.fp32.bytes * 3,
                                  blaming: .maxNumSeqs, configuration.maxNumSeqs)
        return try sum(layer, sampler)
    }

    /// v1 (0.8 on): the forward pass over `maxNumBatchedTokens` tokens, and then the dummy
    /// sampler run over `min(maxNumSeqs, tokens)` rows; the larger of the two stages counts,
    /// plus the fused-MoE workspace, which outlives the forward pass:
    ///
    ///     forward  = tokens x (2 x hidden + k x mlpWidth / tp) x a     (k = 3 gated, 2 plain)
    ///     sampler  = rows x vocab x (12 + a)                           logits in the model's
    ///                + tokens x hidden x a                             dtype, then three
    ///                                                                  float32 copies
    ///     MoE      = tokens x experts per token x (3 x expertWidth / tp + hidden) x a
    ///     peak     = max(forward, sampler) + MoE + 128 MiB             allocator slack
    ///
    /// with `a` the activation dtype's bytes. Fitted to nothing but checked against vLLM
    /// 0.19's "torch peak memory increase" in 59 logs (Tests: MemoryCalibrationTests):
    /// Llama-3.1-8B 1.89 GiB logged vs 1.93 here; Gemma-3-27B 3.99 vs 3.84; Qwen3-30B-A3B
    /// 2.68 vs 2.65; the vocabulary term dominates, which is why TP does not shrink the peak.
    static func v1ActivationEstimate(_ configuration: Configuration) throws(MemoryError) -> Int {
        let model = configuration.model
        let tp = configuration.tensorParallel
        let a = configuration.activationDType.bytes
        let tokens = configuration.maxNumBatchedTokens
        let rows = Swift.min(configuration.maxNumSeqs, tokens)
        let hidden = model.hiddenSize
        var denseWidth = model.intermediateSize
        var moe = 0
        if let experts = model.experts {
            let width = (experts.intermediateSize + tp - 1) / tp
            moe = try product(tokens, experts.perToken * (3 * width + hidden) * a, blaming: .maxNumBatchedTokens, tokens)
            if experts.denseLayers == 0 { denseWidth = 0 }
        }
        let forward = try product(tokens, (2 * hidden + mlpTensors(model) * ((denseWidth + tp - 1) / tp)) * a,
                                  blaming: .maxNumBatchedTokens, tokens)
        let logitBytes = 4 * configuration.vllm.samplerFloat32Copies + a
        let sampler = try sum(try product(rows, model.vocabSize * logitBytes, blaming: .maxNumSeqs, rows),
                              try product(tokens, hidden * a, blaming: .maxNumBatchedTokens, tokens))
        return try sum(try sum(Swift.max(forward, sampler), moe), allocatorSlack)
    }

    /// What the peak holds beyond these tensors (attention metadata, rotary tables, the
    /// allocator's rounding): 128 MiB, the mean gap over the dense models of the logs.
    static let allocatorSlack = 128 << 20

    /// Tensors of MLP width alive at once: gate, up and their product (3), or fc1 and its
    /// activation for the plain two-matrix MLPs (2).
    static func mlpTensors(_ model: ModelPreset) -> Int {
        model.architecture == .opt || model.architecture == .gptNeoX ? 2 : 3
    }

    private static func sum(_ a: Int, _ b: Int) throws(MemoryError) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .tooLarge(.maxNumBatchedTokens, a) }
        return total
    }
}
