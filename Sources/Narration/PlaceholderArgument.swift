import KVCore

/// An argument a placeholder can take (`request=2`, `unit=decimal`): its name, and how its text
/// becomes a typed field of `PlaceholderArguments`, checked once when the walkthrough loads.
public enum PlaceholderArgument: String, CaseIterable, Sendable {
    case request, requests, block, model, dtype, unit
    case seqLen = "seq_len", batch, kvHeads = "kv_heads", n
    case policy
    /// `{sizing}`'s: a term, a GPU preset, gpu_memory_utilization, a vLLM release, parallelism,
    /// the profiling batch and the context length.
    case term, gpu, util, vllm, tp, dp, batched
    case maxModelLen = "max_model_len"

    /// The largest value a count argument takes: well above any real model or run (a 16M-token
    /// sequence, a batch of 65,536, 4,096 KV heads, a million samples), and small enough that
    /// every product a placeholder forms from them stays far inside 64 bits.
    var ceiling: Int {
        switch self {
        case .seqLen, .batched, .maxModelLen: 1 << 24
        case .batch: 1 << 16
        case .kvHeads: 1 << 12
        case .tp: 64
        case .dp: 1 << 10
        default: 1 << 20
        }
    }
}

/// How a figure of bytes is written: `unit=binary` (GiB, the default), `decimal` (GB) or `exact`.
public enum ByteUnit: String, CaseIterable, Sendable {
    case binary, decimal, exact
}

/// The arguments of one placeholder, typed; nil where the walkthrough gave none (the figure then
/// takes the scenario's own value or its default).
public struct PlaceholderArguments: Sendable, Equatable {
    public var request: Int?
    public var requests: [Int]?
    public var block: Int?
    public var model: ModelPreset?
    public var dtype: DType?
    /// nil: binary (GiB).
    public var unit: ByteUnit?
    public var seqLen: Int?
    public var batch: Int?
    public var kvHeads: Int?
    public var n: Int?
    public var policy: ContiguousPolicy?
    public var term: SizingTerm?
    public var gpu: GPUPreset?
    public var util: Double?
    public var vllm: VLLMVersion?
    public var tp: Int?
    public var dp: Int?
    public var batched: Int?
    public var maxModelLen: Int?

    public init() {}

    /// Reads `text` into `argument`'s field; on failure, what the argument accepts.
    package mutating func set(_ argument: PlaceholderArgument, from text: String) -> String? {
        switch argument {
        case .request:
            guard let id = Int(text), id >= 0 else { return "a request id >= 0" }
            request = id
        case .requests:
            let ids = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !ids.isEmpty, ids.allSatisfy({ ($0 ?? -1) >= 0 }) else { return "request ids separated by commas" }
            requests = ids.compactMap { $0 }
        case .block:
            guard let id = Int(text), id >= 0 else { return "a block id >= 0" }
            block = id
        case .model:
            guard let preset = try? ModelPreset.named(text) else {
                return "a model preset (\(ModelPreset.all.map(\.id).joined(separator: ", ")))"
            }
            model = preset
        case .dtype:
            guard let parsed = try? DType(parsing: text) else {
                return "a dtype (\(DType.allCases.map(\.rawValue).joined(separator: ", ")))"
            }
            dtype = parsed
        case .unit:
            guard let parsed = ByteUnit(rawValue: text) else {
                return "one of \(ByteUnit.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            unit = parsed
        case .seqLen, .batch, .kvHeads, .n, .tp, .dp, .batched, .maxModelLen:
            guard let count = Int(text), count > 0 else { return "a positive integer" }
            guard count <= argument.ceiling else { return "a positive integer of at most \(argument.ceiling)" }
            setCount(argument, count)
        case .policy:
            guard let parsed = ContiguousPolicy(rawValue: text) else {
                return "one of \(ContiguousPolicy.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            policy = parsed
        case .term:
            guard let parsed = SizingTerm(rawValue: text) else {
                return "one of \(SizingTerm.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            term = parsed
        case .gpu:
            guard let preset = try? GPUPreset.named(text) else {
                return "a GPU preset (\(GPUPreset.all.map(\.id).joined(separator: ", ")))"
            }
            gpu = preset
        case .util:
            guard let fraction = Double(text), fraction > 0, fraction <= 1 else { return "a fraction in (0, 1]" }
            util = fraction
        case .vllm:
            guard let version = VLLMVersion(release: text) else { return "a vLLM release (\(VLLMVersion.accepted))" }
            vllm = version
        }
        return nil
    }

    private mutating func setCount(_ argument: PlaceholderArgument, _ count: Int) {
        switch argument {
        case .seqLen: seqLen = count
        case .batch: batch = count
        case .kvHeads: kvHeads = count
        case .n: n = count
        case .tp: tp = count
        case .dp: dp = count
        case .batched: batched = count
        default: maxModelLen = count
        }
    }

    /// Whether the walkthrough gave `argument`.
    package func has(_ argument: PlaceholderArgument) -> Bool {
        switch argument {
        case .request: request != nil
        case .requests: requests != nil
        case .block: block != nil
        case .model: model != nil
        case .dtype: dtype != nil
        case .unit: unit != nil
        case .seqLen: seqLen != nil
        case .batch: batch != nil
        case .kvHeads: kvHeads != nil
        case .n: n != nil
        case .policy: policy != nil
        case .term: term != nil
        case .gpu: gpu != nil
        case .util: util != nil
        case .vllm: vllm != nil
        case .tp: tp != nil
        case .dp: dp != nil
        case .batched: batched != nil
        case .maxModelLen: maxModelLen != nil
        }
    }
}
