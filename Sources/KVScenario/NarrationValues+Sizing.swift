import KVCore

/// The terms of vLLM's start-up sizing a narration can quote with `{sizing term=...}`: the rows
/// `kvviz memory` prints, from the same `MemoryPlan`. Without arguments they are the figures of
/// the scenario's own model, GPU and batching (the memory bar on screen); `model=`, `gpu=`,
/// `dtype=`, `tp=`, `batched=` (max_num_batched_tokens, the profiling run's batch), `util=`
/// (gpu_memory_utilization), `max_model_len=` and `vllm=` size another setup.
enum SizingTerm: String, CaseIterable, Sendable {
    /// GPU memory as PyTorch sees it (vLLM's `total_gpu_memory`).
    case gpuMemory = "gpu_memory"
    /// `gpu_memory x gpu_memory_utilization`: everything the engine may take.
    case usable
    /// What `gpu_memory_utilization` leaves to other processes (and, from 0.18, CUDA graphs).
    case reserve
    /// One GPU's share of the weights, with the rotary table vLLM loads beside them.
    case weights
    /// The profiling run's activation peak.
    case activations
    /// Memory allocated outside PyTorch that the profiler charges to the engine.
    case nonTorch = "non_torch"
    /// What is left for the KV cache.
    case kvBudget = "kv_budget"
    /// KV bytes one token takes on one GPU (MLA's latent is not split by tensor parallelism).
    case kvPerToken = "kv_per_token"
    /// Blocks the budget is cut into.
    case blocks
    /// "The maximum number of tokens that can be stored in KV cache": blocks x block size; with
    /// `dp=N`, N engines each with its own pool hold N times as many.
    case kvTokens = "kv_tokens"
    /// "Maximum concurrency for max_model_len tokens per request", as vLLM prints it ("1.23x").
    case maxConcurrency = "max_concurrency"

    /// The value of this term for `plan`, formatted; nil when the setup does not fit (no figure
    /// rather than a wrong one).
    func value(of plan: MemoryPlan, dataParallel: Int, bytes: (Int?) -> String) -> String? {
        switch self {
        case .gpuMemory: return bytes(plan.configuration.gpu.memoryBytes)
        case .usable: return bytes(plan.usableBytes)
        case .reserve: return bytes(plan.reservedBytes)
        case .weights: return bytes(plan.loadedBytes)
        case .activations: return bytes(plan.activationBytes)
        case .nonTorch: return bytes(plan.runtimeBytes)
        case .kvBudget: return bytes(max(0, plan.kvBudgetBytes))
        case .kvPerToken: return bytes(plan.kvBytesPerToken)
        case .blocks: return "\(plan.numBlocks)"  // as the grid and {num_blocks} print it
        case .kvTokens: return NarrationValues.product(plan.tokenCapacity, dataParallel).map(ByteCount.grouped)
        case .maxConcurrency: return String(format: "%.2fx", plan.maxConcurrency)
        }
    }
}

extension NarrationValues {
    /// `{sizing term=...}`: one term of the sizing of the scenario's model (or `model=`), on its
    /// GPU (or `gpu=`) with its batching, changed by the arguments given.
    func sizingFigure(_ arguments: [String: String], format: (Int?) -> String) -> String? {
        guard let term = arguments["term"].flatMap(SizingTerm.init(rawValue:)) else { return nil }
        let model = arguments["model"].flatMap { try? ModelPreset.named($0) } ?? scenario.model
        guard let model else { return nil }
        // The arguments were checked when the scenario loaded (NarrationTemplate.problem(in:)).
        var configuration = scenario.memoryConfiguration(of: model)
        configuration.maxModelLen = scenario.maxModelLen
        if let id = arguments["gpu"], let gpu = try? GPUPreset.named(id) { configuration.gpu = gpu }
        if let dtype = arguments["dtype"].flatMap({ try? DType(parsing: $0) }) { configuration.kvDType = dtype }
        if let tp = arguments["tp"].flatMap(Int.init) { configuration.tensorParallel = tp }
        if let tokens = arguments["batched"].flatMap(Int.init) { configuration.maxNumBatchedTokens = tokens }
        if let util = arguments["util"].flatMap(Double.init) { configuration.gpuMemoryUtilization = util }
        if let length = arguments["max_model_len"].flatMap(Int.init) { configuration.maxModelLen = length }
        if let version = arguments["vllm"].flatMap(VLLMVersion.init(release:)) { configuration.vllm = version }
        guard let plan = try? MemoryPlan(sizing: configuration), plan.fits else { return nil }
        return term.value(of: plan, dataParallel: arguments["dp"].flatMap(Int.init) ?? 1, bytes: format)
    }
}
