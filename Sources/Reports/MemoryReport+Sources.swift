import KVCore

extension MemoryReport {
    /// One line per sizing term: where kvviz's figure comes from and what vLLM logs for it.
    var sources: [String] {
        let config = plan.configuration
        let version = config.vllm
        var lines = ["sizing as vLLM \(version.releases) does it (--vllm); terms:"]
        lines.append("GPU memory: torch.cuda.mem_get_info's total for \(config.gpu.id) (vLLM logs it as total_gpu_memory)")
        lines.append("weights: parameters counted from the config x stored width (log: \"Model loading took\", with the rotary table)")
        if plan.rotaryTableBytes > 0 {
            lines.append("rotary table: cos/sin of every position the model knows, whole on every GPU, built as the model loads")
        }
        let stages = version.isV1 ? "max(forward, sampler over \(ByteCount.grouped(Swift.min(config.maxNumSeqs, config.maxNumBatchedTokens))) rows) + MoE workspace"
            : "forward + sampler"
        lines.append("activation: profile run, \(stages) (log: \"torch peak memory increase\")")
        lines.append("non-torch: " + (version.isV1 ? "what the forward pass adds outside PyTorch" : "all device memory outside PyTorch, the CUDA context's as logged on \(config.gpu.id)'s class")
            + (config.tensorParallel > 1 ? ", NCCL and all-reduce buffers" : "") + " (log: \"non-torch\")")
        if plan.cudaGraphBytes > 0 {
            lines.append("CUDA graphs: median estimate of vLLM 0.19's logs; " + (plan.cudaGraphsSubtracted
                ? "subtracted from 0.20" : "\(version.releases) leaves it to the headroom of gpu-util"))
        }
        return lines
    }

    /// The pool as vLLM reports it: groups, "GPU KV cache size", "Maximum concurrency".
    var vllmRows: [(String, String)] {
        let config = plan.configuration
        let layout = plan.layout
        var rows: [(String, String)] = []
        if layout.groups > 1 {
            let padding = layout.paddingLayers == 0 ? "no padding"
                : "\(layout.paddingLayers) padding layers, may waste at most \(Self.percent(layout.paddingWasteShare))"
            rows.append(("KV-cache groups", "\(layout.fullGroups) full + \(layout.slidingGroups) sliding of \(layout.groupSize) layers"
                + " (\(padding)); \(ByteCount.grouped(plan.numBlocks)) pool blocks shared"))
        }
        let maxLen = ByteCount.grouped(config.effectiveMaxModelLen)
        if let tokens = plan.reportedKVCacheTokens {
            let definition = switch config.vllm.tokenDefinition {
            case .concurrencyTimesMaxModelLen: "max concurrency x max_model_len"
            default: layout.groups > 1 ? "blocks / groups x block size" : "blocks x block size"
            }
            rows.append(("GPU KV cache size", "\(ByteCount.grouped(tokens)) tokens (vLLM \(config.vllm.releases): \(definition))"))
            rows.append(("max concurrency", String(format: "%.2fx for %@ tokens per request", plan.maxConcurrency, maxLen)))
        } else {
            rows.append(("# GPU blocks", "\(ByteCount.grouped(plan.numBlocks)) (vLLM \(config.vllm.releases) logs blocks, not tokens)"))
        }
        return rows
    }

    static func percent(_ share: Double) -> String {
        String(format: "%.2f%%", share * 100)
    }
}
