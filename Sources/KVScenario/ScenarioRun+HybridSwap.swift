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
        let cause: String
        if scenario.kvGroups == nil, let plan {
            let model = plan.configuration.model
            let named: String
            switch scenario.modelSource {
            case .preset: named = "model: \(model.id)"
            case let .configFile(path): named = "config: \(path)"
            }
            let full = model.numLayers - model.slidingLayers
            let window = model.slidingWindow.map { " (window \(ByteCount.grouped($0)) tokens)" } ?? ""
            cause = "\(named) is a hybrid model: its \(full) full-attention and \(model.slidingLayers) sliding-window"
                + " layers\(window) run as \(plan.layout.groups) KV-cache groups"
        } else {
            cause = "kv_groups: [\(groups.map(\.description).joined(separator: ", "))] makes a hybrid run"
        }
        return ScenarioError(file: file, line: line, field: field,
                             .rule("is swap, but \(cause), and vLLM v1's hybrid manager never swaps;"
                                   + " use preemption: recompute"))
    }
}
