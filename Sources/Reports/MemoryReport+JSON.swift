import KVBase
import KVCore

extension MemoryReport {
    /// The report as one JSON object with byte counts as integers, keys in a fixed order:
    /// the inputs (model, gpu, dtype, seq_len, batch, block_size, tp, ...) then the figures and
    /// the verdict. `kv_bytes` is the whole model's KV; `kv_bytes_per_gpu` one GPU's share.
    public var json: String {
        let config = plan.configuration
        let model = config.model
        var object = JSONObject()
        object.add("model", model.id)
        object.add("gpu", config.gpu.id)
        object.add("dtype", config.kvDType.rawValue)
        object.add("weight_dtype", config.effectiveWeightDType.rawValue)
        object.add("attention", model.attentionLabel)
        object.add("seq_len", seqLen)
        object.add("batch", batch)
        object.add("block_size", config.blockSize)
        object.add("tp", config.tensorParallel)
        object.add("kv_heads", config.kvHeads)
        object.add("kv_heads_per_gpu", plan.kvHeadsPerGPU)
        object.add("sliding_window", model.slidingWindow)
        object.add("gpu_util", config.gpuMemoryUtilization)
        object.add("max_num_batched_tokens", config.maxNumBatchedTokens)
        object.add("max_num_seqs", config.maxNumSeqs)
        object.add("kv_bytes_per_token", plan.modelKVBytesPerToken)
        object.add("kv_bytes_per_token_per_gpu", plan.kvBytesPerToken)
        object.add("cached_tokens", cachedTokens)
        object.add("kv_bytes", kvBytes)
        object.add("kv_bytes_per_gpu", kvBytesPerGPU)
        object.add("block_bytes", plan.blockBytes)
        object.add("parameters", model.parameterCount)
        object.add("weights_bytes", plan.weightsBytes)
        object.add("rotary_table_bytes", plan.rotaryTableBytes)
        object.add("activation_bytes", plan.activationBytes)
        object.add("non_torch_bytes", plan.runtimeBytes)
        object.add("gpu_bytes", config.gpu.memoryBytes)
        object.add("usable_bytes", plan.usableBytes)
        object.add("kv_budget_bytes", plan.kvBudgetBytes)
        object.add("num_blocks", plan.numBlocks)
        object.add("vllm", config.vllm.rawValue)
        object.add("pp", config.pipelineParallel)
        object.add("max_model_len", config.effectiveMaxModelLen)
        object.add("max_model_len_fits", plan.holdsOneMaxLengthRequest)
        object.add("weight_format", config.effectiveWeightFormat.rawValue)
        object.add("cuda_graph_bytes", plan.cudaGraphBytes)
        object.add("cuda_graph_subtracted", plan.cudaGraphsSubtracted)
        object.add("kv_cache_groups", plan.layout.groups)
        object.add("padding_layers", plan.layout.paddingLayers)
        object.add("gpu_kv_cache_tokens", plan.reportedKVCacheTokens)
        object.add("max_concurrency", plan.maxConcurrency)
        object.add("blocks_per_seq", blocksPerSequence)
        object.add("max_concurrent_seqs", maxConcurrentSeqs)
        object.add("fits", fits)
        object.add("smallest_fitting_tp", smallestFittingTP)
        object.add("verdict", verdict)
        object.add("batch_fits", batchFits)
        object.add("exceeds_context", exceedsContext)
        return object.rendered
    }
}
