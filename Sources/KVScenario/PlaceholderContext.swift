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

    /// The first placeholder of `template` that cannot have a value in this scenario, in a cue
    /// fired by `trigger`: a request or block the file does not have, a model, memory picture or
    /// contiguous baseline it lacks, an event figure in a cue no event fires.
    func problem(in template: NarrationTemplate, trigger: NarrationCue.Trigger) -> TemplateProblem? {
        for placeholder in template.placeholders {
            if let problem = problem(with: placeholder, trigger: trigger) { return problem }
        }
        return nil
    }

    private func problem(with placeholder: Placeholder, trigger: NarrationCue.Trigger) -> TemplateProblem? {
        let (kind, arguments) = (placeholder.kind, placeholder.arguments)
        func bad(_ argument: PlaceholderArgument, _ value: String, _ accepted: String) -> TemplateProblem {
            .badValue(kind, argument, value: value, accepted: accepted)
        }
        if let block = arguments.block, let limit = numBlocks, block >= limit {
            return bad(.block, "\(block)", "a block id from 0 to \(limit - 1)")
        }
        if let id = arguments.request, !requestIDs.contains(id) {
            return bad(.request, "\(id)", "the id of a request in this file (\(knownRequests))")
        }
        if let ids = arguments.requests, !ids.allSatisfy(requestIDs.contains) {
            return bad(.requests, ids.map(String.init).joined(separator: ","),
                       "request ids separated by commas, from this file (\(knownRequests))")
        }
        switch kind.need {
        case .model where arguments.model == nil && !hasModel,
             .memoryPicture where !hasMemoryPicture,
             .contiguousTrack where !hasContiguousTrack:
            return .unmetNeed(kind, kind.need)
        case .event, .copyEvent:
            guard case let .event(event, _, _) = trigger else { return .needsEvent(kind) }
            if kind.need == .copyEvent, event != .copiedOnWrite { return .needsCopyEvent(kind, got: event) }
        default:
            break
        }
        return nil
    }
}
