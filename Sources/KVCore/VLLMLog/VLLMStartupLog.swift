/// What a vLLM start-up log says about memory, read from its text (``init(text:file:)``).
///
/// Every figure keeps the line it came from. vLLM has worded these lines differently over the
/// years; the reader looks for each figure's phrases anywhere in a line (so process prefixes,
/// timestamps and colours do not matter) and knows the wordings from 0.2 to 0.19:
/// "Loading model weights took 14.9888 GB" (0.2-0.7, in GiB despite the unit), "Model loading
/// took 14.99 GiB" (v1), "Memory profiling results: total_gpu_memory=... kv_cache_size=..."
/// (0.6.4), the one-figure-a-line table of 0.6.5, "the current vLLM instance can use
/// total_gpu_memory (...) x gpu_memory_utilization (...)" (0.7-0.9), "torch peak memory
/// increase" and "Available KV cache memory" (v1), "# GPU blocks" (v0), "GPU KV cache size"
/// and "Maximum concurrency" (v1), and the two refusals of a `max_model_len` that does not fit.
public struct VLLMStartupLog: Sendable {
    /// A figure and the (1-based) line it was read from.
    public struct Figure<Value: Sendable>: Sendable {
        public let value: Value
        public let line: Int
    }

    /// vLLM refusing to start because one request of `max_model_len` tokens does not fit.
    public enum Refusal: Sendable {
        /// v0: "The model's max seq len (M) is larger than the maximum number of tokens that
        /// can be stored in KV cache (N)".
        case tokens(maxModelLen: Int, capacity: Int, line: Int)
        /// v1: "... max seq len (M), (X GiB KV cache is needed, which is larger than the
        /// available KV cache memory (Y GiB)" with, when given, "the estimated maximum model
        /// length is L".
        case memory(maxModelLen: Int, neededGiB: Double, availableGiB: Double, estimatedMaxLen: Int?, line: Int)
    }

    public var version: Figure<String>?
    public var model: Figure<String>?
    public var totalGiB: Figure<Double>?
    public var utilization: Figure<Double>?
    public var requestedGiB: Figure<Double>?
    public var weightsGiB: Figure<Double>?
    /// The peak of the profiling run above the weights (0.6.4 logs the peak with the
    /// weights included; ``peakIncludesWeights`` says so).
    public var activationGiB: Figure<Double>?
    public var peakIncludesWeights = false
    public var nonTorchGiB: Figure<Double>?
    public var cudaGraphEstimateGiB: Figure<Double>?
    public var cudaGraphActualGiB: Figure<Double>?
    public var kvGiB: Figure<Double>?
    public var gpuBlocks: Figure<Int>?
    public var kvTokens: Figure<Int>?
    public var concurrency: Figure<Double>?
    public var concurrencyLength: Int?
    public var maxModelLen: Figure<Int>?
    public var tensorParallel: Figure<Int>?
    public var maxNumBatchedTokens: Figure<Int>?
    public var maxNumSeqs: Figure<Int>?
    public var paddingLayers: Figure<Int>?
    public var paddingWastePercent: Double?
    public var refusal: Refusal?
    /// The dtype of weights (`dtype=torch.bfloat16`) and of the KV cache (`kv_cache_dtype=fp8`).
    public var dtype: DType?
    public var kvCacheDType: DType?
    /// The release the wording points to when no line states a version.
    var wording: VLLMVersion?
    /// Lines read, and how many of them vLLM wrote.
    public var lineCount = 0
    public var vllmLines = 0

    /// The activation peak above the weights, whichever way the log gave it.
    public var activationAboveWeightsGiB: Double? {
        guard let activation = activationGiB?.value else { return nil }
        guard peakIncludesWeights else { return activation }
        return weightsGiB.map { activation - $0.value }
    }

    /// What vLLM had to give the KV cache: total x utilization.
    public var usableGiB: Double? {
        if let requestedGiB { return requestedGiB.value }
        guard let total = totalGiB?.value, let utilization = utilization?.value else { return nil }
        return total * utilization
    }

    /// Whether this log sized a KV cache (or refused to).
    public var isComplete: Bool { kvGiB != nil || gpuBlocks != nil || kvTokens != nil || refusal != nil }

    /// The release the wording or the stated version points to.
    public var sizingVersion: VLLMVersion {
        if let text = version?.value {
            if let parsed = VLLMVersion(parsing: text) { return parsed }
            return .v0_4  // 0.2 and 0.3 size the cache as 0.4 does
        }
        return wording ?? (kvTokens != nil ? .v0_8 : .v0_4)
    }
}
