/// Where a run ends (`run_until:` in a scenario).
public enum RunEnd: String, Sendable, Equatable, CaseIterable {
    /// When the paged server has finished every request; the contiguous baseline stops there too.
    case paged
    /// When the contiguous baseline has finished too: the paged server, done, stays as it is (an
    /// empty step each time, no events) while the baseline keeps stepping and the step count goes on.
    case both
}

extension Engine {
    /// Whether a run in `state` has reached its end under `end`.
    static func isComplete(_ state: EngineState, until end: RunEnd) -> Bool {
        guard !state.scheduler.hasUnfinishedRequests else { return false }
        switch end {
        case .paged: return true
        case .both: return state.contiguous?.isFinished ?? true
        }
    }

    /// The paged server has finished every request (the run may still go on, see `RunEnd.both`).
    var isPagedComplete: Bool { !scheduler.hasUnfinishedRequests }
}
