import KVBase
extension MemoryReport {
    /// The report as one JSON object with byte counts as integers, keys in a fixed order:
    /// the inputs (model, gpu, dtype, seq_len, batch, block_size, tp, ...) then the figures.
    public var json: String {
        let config = plan.configuration
        var object = JSONObject()
        object.add("model", config.model.id)
        object.add("gpu", config.gpu.id)
        object.add("dtype", config.kvDType.rawValue)
        object.add("weight_dtype", config.effectiveWeightDType.rawValue)
        object.add("seq_len", seqLen)
        object.add("batch", batch)
        object.add("block_size", config.blockSize)
        object.add("tp", config.tensorParallel)
        object.add("kv_heads", config.kvHeads)
        object.add("kv_heads_per_gpu", plan.kvHeadsPerGPU)
        object.add("gpu_util", config.gpuMemoryUtilization)
        object.add("max_num_batched_tokens", config.maxNumBatchedTokens)
        object.add("kv_bytes_per_token", plan.kvBytesPerToken)
        object.add("kv_bytes", kvBytes)
        object.add("block_bytes", plan.blockBytes)
        object.add("weights_bytes", plan.weightsBytes)
        object.add("activation_bytes", plan.activationBytes)
        object.add("gpu_bytes", config.gpu.memoryBytes)
        object.add("usable_bytes", plan.usableBytes)
        object.add("kv_budget_bytes", plan.kvBudgetBytes)
        object.add("num_blocks", plan.numBlocks)
        object.add("blocks_per_seq", blocksPerSequence)
        object.add("max_concurrent_seqs", maxConcurrentSeqs)
        object.add("batch_fits", batchFits)
        object.add("exceeds_context", exceedsContext)
        return object.rendered
    }
}

/// A flat JSON object that keeps its keys in insertion order (Foundation's encoder may not).
private struct JSONObject {
    private var members: [String] = []

    mutating func add(_ key: String, _ value: String) { members.append("\(Self.quoted(key)): \(Self.quoted(value))") }
    mutating func add(_ key: String, _ value: Int) { members.append("\(Self.quoted(key)): \(value)") }
    mutating func add(_ key: String, _ value: Bool) { members.append("\(Self.quoted(key)): \(value)") }
    mutating func add(_ key: String, _ value: Double) {
        members.append("\(Self.quoted(key)): \(value.isFinite ? "\(value)" : "null")")
    }

    var rendered: String { "{\n  " + members.joined(separator: ",\n  ") + "\n}\n" }

    static func quoted(_ text: String) -> String { JSON.quoted(text) }
}
