extension MemoryPlan {
    /// Estimated peak activation memory of one forward pass over `maxNumBatchedTokens` tokens.
    ///
    /// vLLM measures this in a profiling run; kvviz estimates it from the shapes that are alive
    /// at once inside one layer (layers run one after another, so only one layer's worth counts):
    ///
    ///     tokens x (2 x hidden                  residual stream and its normed copy
    ///               + 2 x qHeads x headDim      queries and the attention output
    ///               + 2 x kvHeads x headDim     the new keys and values
    ///               + k x intermediate)         MLP: gate, up and their product (k = 3);
    ///                                           OPT's fc1 output and its activation (k = 2)
    ///            x bytes(weight dtype)
    ///   + min(tokens, maxNumSeqs) x vocab x 4   logits, in float32 for sampling, one row per
    ///                                           sequence (only each sequence's last position)
    ///
    /// Heads and the intermediate width are divided by `tp`. The figure is a floor, not what
    /// vLLM's profiler reports: CUDA graphs, the allocator's slack and communication buffers
    /// come on top (the seed chapter budgets "about 1 GB" for a 7B model).
    public static func activationEstimate(for configuration: Configuration) throws(MemoryError) -> Int {
        let model = configuration.model
        let tp = configuration.tensorParallel
        let qHeads = max(1, model.numHeads / tp)
        let kvHeads = max(1, configuration.kvHeads / tp)
        let intermediate = (model.intermediateSize + tp - 1) / tp
        let mlpTensors = model.architecture == .opt ? 2 : 3
        let perToken = 2 * model.hiddenSize + 2 * qHeads * model.headDim
            + 2 * kvHeads * model.headDim + mlpTensors * intermediate
        let tokens = configuration.maxNumBatchedTokens
        let hidden = try product(tokens, perToken * configuration.effectiveWeightDType.bytes,
                                 blaming: .maxNumBatchedTokens, tokens)
        let logitRows = min(tokens, configuration.maxNumSeqs)
        let logits = try product(logitRows, model.vocabSize * DType.fp32.bytes,
                                 blaming: .maxNumSeqs, configuration.maxNumSeqs)
        let (total, overflow) = hidden.addingReportingOverflow(logits)
        if overflow { throw .tooLarge(.maxNumBatchedTokens, tokens) }
        return total
    }
}
