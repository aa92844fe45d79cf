extension MemoryPlan {
    /// Estimated peak activation memory of vLLM's profiling run: one forward pass over
    /// `maxNumBatchedTokens` tokens split into `maxNumSeqs` sequences, then sampling.
    ///
    /// vLLM measures this peak (its log calls it "PyTorch activation peak memory"); kvviz
    /// computes it from the tensors alive at once. Layers run one after another, so one
    /// layer's worth counts; the sampler runs after the last layer on one row per sequence:
    ///
    ///     tokens x (2 x hidden                  residual stream and its normed copy
    ///               + 2 x qHeads x headDim      queries and the attention output
    ///               + 2 x kvHeads x headDim     the new keys and values
    ///               + k x mlpWidth)             MLP: gate, up and their product (k = 3);
    ///                                           OPT/GPT-NeoX fc1 and its activation (k = 2);
    ///                                           for MoE, the routed experts' share
    ///            x bytes(activation dtype)
    ///   + min(tokens, maxNumSeqs) x vocab x 4 x 3
    ///                                           logits in float32, then probabilities and
    ///                                           log-probabilities of the same shape
    ///
    /// Heads and the MLP width are divided by `tp`; the vocabulary is not (the logits are
    /// gathered whole). Against vLLM's own log for Llama-3-8B with 8,192 batched tokens and 256
    /// sequences this gives 1.30 GiB where vLLM measured 1.26 GiB.
    static func activationEstimate(for configuration: Configuration) throws(MemoryError) -> Int {
        let model = configuration.model
        let tp = configuration.tensorParallel
        let qHeads = Swift.max(1, model.numHeads / tp)
        let kvHeads = model.usesLatentAttention ? 1 : Swift.max(1, configuration.kvHeads / tp)
        var mlpWidth = model.intermediateSize
        if let experts = model.experts {
            mlpWidth = Swift.max(mlpWidth, (experts.perToken + experts.shared) * experts.intermediateSize)
        }
        mlpWidth = (mlpWidth + tp - 1) / tp
        let mlpTensors = model.architecture == .opt || model.architecture == .gptNeoX ? 2 : 3
        let perToken = 2 * model.hiddenSize + 2 * qHeads * model.headDim
            + 2 * kvHeads * model.headDim + mlpTensors * mlpWidth
        let tokens = configuration.maxNumBatchedTokens
        let layer = try product(tokens, try product(perToken, configuration.activationDType.bytes,
                                                    blaming: .model, perToken),
                                blaming: .maxNumBatchedTokens, tokens)
        let logitRows = Swift.min(tokens, configuration.maxNumSeqs)
        let sampler = try product(logitRows, model.vocabSize * DType.fp32.bytes * samplerCopies,
                                  blaming: .maxNumSeqs, configuration.maxNumSeqs)
        let (total, overflow) = layer.addingReportingOverflow(sampler)
        if overflow { throw .tooLarge(.maxNumBatchedTokens, tokens) }
        return total
    }

    /// Float32 tensors of logits shape the sampler holds at its peak.
    static let samplerCopies = 3

    /// Memory vLLM finds allocated outside PyTorch's allocator after its profiling run, and
    /// the headroom CUDA graphs take later: the CUDA context, cuBLAS workspaces and graph pools
    /// on every GPU (1 GiB), plus NCCL's communication buffers and vLLM's custom all-reduce
    /// under tensor parallelism (1.5 GiB more). vLLM's own logs show 1.79 GiB on one H100 and
    /// 3.58 GiB with two; older versions measured less. Toy GPUs have nothing of the kind.
    static func runtimeAllowance(for configuration: Configuration) -> Int {
        guard !configuration.gpu.isToy else { return 0 }
        let gibibyte = 1 << 30
        return configuration.tensorParallel > 1 ? gibibyte * 5 / 2 : gibibyte
    }
}
