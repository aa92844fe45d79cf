/// The vLLM release whose start-up sizing a ``MemoryPlan`` follows (`--vllm`).
///
/// Only the releases where the sizing changed are cases; any other version number maps to the
/// newest case at or below it (``init(parsing:)``). What changed, as read in vLLM's sources
/// (`vllm/engine/arg_utils.py`, `vllm/worker/worker.py`, `vllm/v1/worker/gpu_worker.py`,
/// `vllm/v1/core/kv_cache_utils.py`) and seen in published start-up logs:
///
/// - 0.4 (to 0.5): the v0 engine. Without chunked prefill the profiling run batches
///   `max(max_model_len, 2048)` tokens over 256 sequences; the memory outside PyTorch is the
///   whole difference between what the device reports in use and what PyTorch allocated, CUDA
///   context included. The log gives `# GPU blocks: N` only.
/// - 0.6 (to 0.7): still v0, but the profiler subtracts the memory in use before the engine
///   started; the log prints each term ("memory profiling takes ...").
/// - 0.8 (to 0.14): the v1 engine is the default. The OpenAI server batches 8,192 tokens over
///   1,024 sequences on GPUs of 70 GiB or more that are not an A100, else 2,048 over 256; the
///   sampler's dummy run over those rows joins the activation peak; the memory outside PyTorch
///   is only what the forward pass added. "GPU KV cache size" is `blocks x block size`, and
///   kvviz sizes hybrid models as if every layer attended to the full context.
/// - 0.15 (and 0.16): hybrid models (sliding-window and full-attention layers) share one pool
///   cut in pages of equal size, one KV-cache group per page; "GPU KV cache size" is
///   `blocks / groups x block size`. The sampler's dummy run held about nine float32 copies
///   of the logits (Qwen3-14B: 5.64 GiB of activation peak in the version-sweep logs).
/// - 0.17: the sampler's peak is three float32 copies (Qwen3-14B: 2.23 GiB); 0.13 GiB outside
///   PyTorch.
/// - 0.18 (and 0.19, the calibration logs): 0.25 GiB outside PyTorch; the CUDA-graph pool is
///   estimated and logged, not subtracted.
/// - 0.20: the estimated CUDA-graph memory is subtracted before the KV cache is sized, and
///   "GPU KV cache size" is `max concurrency x max_model_len`.
public enum VLLMVersion: String, CaseIterable, Sendable, Hashable, Comparable {
    case v0_4 = "0.4"
    case v0_6 = "0.6"
    case v0_8 = "0.8"
    case v0_15 = "0.15"
    case v0_17 = "0.17"
    case v0_18 = "0.18"
    case v0_20 = "0.20"

    /// The release `kvviz memory` follows unless `--vllm` says otherwise: the one the
    /// calibration logs come from (0.19 reads as this case).
    public static let current = VLLMVersion.v0_18

    /// The releases this case stands for, e.g. `0.18-0.19`.
    public var releases: String {
        switch self {
        case .v0_4: "0.4-0.5"
        case .v0_6: "0.6-0.7"
        case .v0_8: "0.8-0.14"
        case .v0_15: "0.15-0.16"
        case .v0_17: "0.17"
        case .v0_18: "0.18-0.19"
        case .v0_20: "0.20+"
        }
    }

    /// The two ways vLLM has turned its pool into the "GPU KV cache size: N tokens" line.
    public enum TokenDefinition: Sendable, Hashable {
        /// No such line: the log says `# GPU blocks: N` (v0 engine).
        case blocksOnly
        /// `blocks x block size` (0.19: `blocks / KV-cache groups x block size`).
        case blocksTimesBlockSize
        /// `max concurrency x max_model_len`: tokens of context the pool holds when every
        /// request is as long as the model allows.
        case concurrencyTimesMaxModelLen
    }

    /// Reads `0.19`, `v0.19.0`, `0.7.3`, `latest` ...; a version between two cases takes the
    /// older one. nil for text that is not a version, or one before 0.4.
    public init?(parsing text: String) {
        var body = text.lowercased()
        if body == "latest" || body == "current" { self = .v0_20; return }
        if body.hasPrefix("v") { body.removeFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        guard major == 0 else { self = .v0_20; return }
        guard let match = Self.allCases.last(where: { $0.minor <= minor }), minor >= 4 else { return nil }
        self = match
    }

    /// A release a user names (`--vllm`): as `init(parsing:)`, but only the 0.x series from 0.4,
    /// whose sizing kvviz follows; a 1.x or later release is not one kvviz knows (a startup log
    /// of one is still read with the newest case).
    public init?(release text: String) {
        let body = text.lowercased().hasPrefix("v") ? String(text.dropFirst()) : text
        if let major = body.split(separator: ".").first.flatMap({ Int($0) }), major != 0 { return nil }
        self.init(parsing: text)
    }

    /// The minor version number of this case (all are 0.x).
    var minor: Int { Int(rawValue.split(separator: ".")[1]) ?? 0 }

    public static func < (a: VLLMVersion, b: VLLMVersion) -> Bool { a.minor < b.minor }

    /// True from 0.8, when the v1 engine became the default.
    public var isV1: Bool { self >= .v0_8 }

    public var tokenDefinition: TokenDefinition {
        switch self {
        case .v0_4, .v0_6: .blocksOnly
        case .v0_8, .v0_15, .v0_17, .v0_18: .blocksTimesBlockSize
        case .v0_20: .concurrencyTimesMaxModelLen
        }
    }

    /// Whether the estimated CUDA-graph pool is taken off the KV budget (from 0.20).
    public var subtractsCUDAGraphs: Bool { self >= .v0_20 }

    /// Whether layers of different attention types share one pool in KV-cache groups (0.15+
    /// in kvviz's cases); before, a hybrid model is sized as if every layer were full.
    public var groupsHybridLayers: Bool { self >= .v0_15 }

    /// Float32 copies of the logits the sampler's dummy run holds at its peak (v1).
    var samplerFloat32Copies: Int { self == .v0_15 ? 9 : 3 }

    /// `max_num_batched_tokens` and `max_num_seqs` the OpenAI server picks when neither flag
    /// is given: v1 takes 8,192 and 1,024 on GPUs of at least 70 GiB other than the A100 (a
    /// larger batch slowed the A100 down), else 2,048 and 256; v0 without chunked prefill
    /// batches a whole prompt, `max(max_model_len, 2048)`, over 256 sequences, and from 0.6
    /// chunked prefill (512 tokens) is on when max_model_len exceeds 32,768.
    public func batchingDefaults(gpu: GPUPreset, maxModelLen: Int) -> (tokens: Int, seqs: Int) {
        guard isV1 else {
            // 0.6-0.7's server switches chunked prefill on above 32K tokens of context, and
            // chunked prefill batches 512 tokens: max_model_len 35,000 profiles 512 tokens
            // where 29,000 profiles all 29,000 (vllm#10517: 29k refused, 35k starts).
            if self >= .v0_6, maxModelLen > 32_768 { return (512, 256) }
            return (Swift.max(maxModelLen, 2048), 256)
        }
        let big = gpu.memoryBytes >= 70 << 30 && !gpu.id.hasPrefix("a100")
        let tokens = big ? 8192 : 2048
        let seqs = Swift.min(big ? 1024 : 256, tokens)
        return (tokens, seqs)
    }

    /// What `--vllm` accepts, for messages.
    public static var accepted: String {
        allCases.map(\.rawValue).joined(separator: ", ") + " (or any 0.x.y, read as the case at or below it)"
    }
}
