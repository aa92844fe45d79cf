import Engine
import KVCore
import Narration

/// What a scenario offers its narration: the load-time check of every placeholder against it
/// means a typo such as `{request_tokens request=9}` in a two-request file, or `{contiguous_waste}`
/// in a run without a contiguous baseline, is an error with a line instead of a "?" on screen.
struct PlaceholderContext {
    /// The ids a `request=` argument may name (listed requests and generated workload ids).
    var requestIDs: Set<Int>
    /// The explicit pool's size, when the file gives one (bounds `block=`).
    var numBlocks: Int?
    /// The scenario names a model preset (the default for `model=`).
    var hasModel: Bool
    /// The run has a memory picture (decoder mode has the toy one; memory mode needs a model).
    var hasMemoryPicture: Bool
    /// The run keeps a contiguous baseline next to the paged pool.
    var hasContiguousTrack: Bool

    init(_ scenario: Scenario) {
        var ids = Set(scenario.requests.map(\.id))
        if let workload = scenario.workload {
            let offset = (scenario.requests.map(\.id).max() ?? -1) + 1
            ids.formUnion(offset..<(offset + workload.requests))
        }
        requestIDs = ids
        numBlocks = scenario.pool?.blocks
        hasModel = scenario.model != nil
        hasMemoryPicture = scenario.mode == .decoder || scenario.model != nil
        hasContiguousTrack = scenario.contiguousPolicy != nil || scenario.view != .paged
    }

    /// The first request ids, for "expected one of ..." messages.
    var knownRequests: String {
        requestIDs.sorted().prefix(12).map(String.init).joined(separator: ", ")
    }
}

extension NarrationTemplate {
    /// The kinds of value an argument takes, by argument name.
    enum ArgumentKind {
        case request, requests, block, model, dtype, unit, count, policy
        /// `{sizing}`'s arguments: a term, a GPU preset, a fraction in (0, 1], a vLLM release.
        case term, gpu, fraction, version
    }

    static let argumentKinds: [String: ArgumentKind] = [
        "request": .request, "requests": .requests, "block": .block, "model": .model, "dtype": .dtype, "unit": .unit,
        "seq_len": .count, "batch": .count, "kv_heads": .count, "n": .count, "policy": .policy,
        "term": .term, "gpu": .gpu, "util": .fraction, "vllm": .version,
        "tp": .count, "dp": .count, "batched": .count, "max_model_len": .count,
    ]

    static let units = ["binary", "decimal", "exact"]

    /// The largest value each count argument takes: well above any real model or run (a 16M-token
    /// sequence, a batch of 65,536, 4,096 KV heads, a million samples), and small enough that every
    /// product a placeholder forms from them stays far inside 64 bits.
    static let countCeilings: [String: Int] = ["seq_len": 1 << 24, "batch": 1 << 16, "kv_heads": 1 << 12, "n": 1 << 20,
                                               "tp": 64, "dp": 1 << 10, "batched": 1 << 24, "max_model_len": 1 << 24]

    /// The first placeholder that cannot have a value in this scenario, described with its fix.
    func problem(in context: PlaceholderContext) -> TemplateProblem? {
        for (name, arguments) in placeholders {
            for (key, value) in arguments.sorted(by: { $0.key < $1.key }) {
                if let problem = Self.check(name, key, value, context) { return problem }
            }
            switch Placeholder(rawValue: name)?.need {
            case .model? where arguments["model"] == nil && !context.hasModel:
                return TemplateProblem("placeholder {\(name)} needs a model: add model=ID or a top-level model:")
            case .memoryPicture? where !context.hasMemoryPicture:
                return TemplateProblem("placeholder {\(name)} needs a memory picture: add a top-level model: (memory mode has no toy model)")
            case .contiguousTrack? where !context.hasContiguousTrack:
                return TemplateProblem("placeholder {\(name)} needs a contiguous baseline: add contiguous: max or view: compare")
            default:
                break
            }
        }
        return nil
    }

    private static func check(_ name: String, _ key: String, _ value: String,
                              _ context: PlaceholderContext) -> TemplateProblem? {
        func expected(_ what: String) -> TemplateProblem {
            TemplateProblem("placeholder {\(name)}: \(key)= expects \(what), got '\(value)'")
        }
        switch argumentKinds[key] {
        case .request?:
            guard let id = Int(value), context.requestIDs.contains(id) else {
                let known = context.requestIDs.sorted().prefix(12).map(String.init).joined(separator: ", ")
                return expected("the id of a request in this file (\(known))")
            }
        case .requests?:
            let ids = value.split(separator: ",").map { Int($0) }
            guard !ids.isEmpty, ids.allSatisfy({ $0.map(context.requestIDs.contains) ?? false }) else {
                let known = context.requestIDs.sorted().prefix(12).map(String.init).joined(separator: ", ")
                return expected("request ids separated by commas, from this file (\(known))")
            }
        case .block?:
            guard let block = Int(value), block >= 0, block < (context.numBlocks ?? Int.max) else {
                return expected(context.numBlocks.map { "a block id from 0 to \($0 - 1)" } ?? "a block id >= 0")
            }
        case .model?:
            guard (try? ModelPreset.named(value)) != nil else {
                return expected("a model preset (\(ModelPreset.all.map(\.id).joined(separator: ", ")))")
            }
        case .dtype?:
            guard (try? DType(parsing: value)) != nil else {
                return expected("a dtype (\(DType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        case .unit?:
            guard units.contains(value) else { return expected("one of \(units.joined(separator: ", "))") }
        case .count?:
            let ceiling = countCeilings[key] ?? 1 << 20
            guard let count = Int(value), count > 0 else { return expected("a positive integer") }
            guard count <= ceiling else { return expected("a positive integer of at most \(ceiling)") }
        case .policy?:
            guard ContiguousPolicy(rawValue: value) != nil else {
                return expected("one of \(ContiguousPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        case .term?:
            guard SizingTerm(rawValue: value) != nil else {
                return expected("one of \(SizingTerm.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        case .gpu?:
            guard (try? GPUPreset.named(value)) != nil else {
                return expected("a GPU preset (\(GPUPreset.all.map(\.id).joined(separator: ", ")))")
            }
        case .fraction?:
            guard let fraction = Double(value), fraction > 0, fraction <= 1 else { return expected("a fraction in (0, 1]") }
        case .version?:
            guard VLLMVersion(release: value) != nil else { return expected("a vLLM release (\(VLLMVersion.accepted))") }
        case nil:
            break
        }
        return nil
    }
}
