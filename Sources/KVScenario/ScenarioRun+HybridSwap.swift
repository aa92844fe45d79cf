import KVCore

extension ScenarioRun {
    /// `preemption: swap` on a hybrid run, refused where the file asked for it (the top-level
    /// `preemption:` or the first request that swaps) and naming what made the run hybrid: the
    /// file's `kv_groups:`, or the model whose layers mix full and sliding-window attention (its
    /// groups derived as `kvviz memory` sizes them, with no `kv_groups:` in the file). vLLM v1's
    /// hybrid manager never swaps; the fix is recompute.
    static func hybridSwapProblem(_ scenario: Scenario, plan: MemoryPlan?, groups: [GroupAttention]?,
                                  file: String) -> ScenarioError? {
        guard let groups else { return nil }
        let field: String
        let line: Int?
        if scenario.scheduler.preemption == .swap {
            field = "preemption"
            line = scenario.line(of: "preemption")
        } else if let index = scenario.requests.firstIndex(where: { $0.preemption == .swap }) {
            field = "requests[\(index)].preemption"
            line = scenario.requests[index].line
        } else {
            return nil
        }
        let cause: ScenarioError.Rule.HybridCause
        if scenario.kvGroups == nil, let plan {
            let model = plan.configuration.model
            let named: String
            switch scenario.modelSource {
            case .preset: named = "model: \(model.id)"
            case let .configFile(path): named = "config: \(path)"
            }
            cause = .model(named: named, fullLayers: model.numLayers - model.slidingLayers, slidingLayers: model.slidingLayers,
                           window: model.slidingWindow, groups: plan.layout.groups)
        } else {
            cause = .kvGroups(groups.map(\.description))
        }
        return ScenarioError(file: file, line: line, field: field, .rule(.swapInHybridRun(cause)))
    }
}
