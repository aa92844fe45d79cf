import KVCore

/// Which request views can differ between the snapshot of one step and the state of an
/// adjacent step (one step later, or one earlier) of the same run.
///
/// A request's view depends on the request, its block table and what the step that closes the
/// snapshot did to it (its chunk, its sampled token). Between two adjacent steps only the
/// requests that either step scheduled, admitted, preempted, sampled or finished, and those
/// running in either, can change: any other request was left alone by both steps, holds the
/// same blocks (a finished, waiting or preempted request holds none) and shows no marker of
/// either step. Anything else (a fork, a request added or removed, an event this type does not
/// know) answers nil: build everything.
enum RequestViewDelta {
    /// The ids, in no particular order, some more than once (the caller counts each once).
    static func touched(from previous: Snapshot, to state: EngineState) -> [RequestID]? {
        guard abs(previous.step - state.step) == 1,
              state.scheduler.requests.count == previous.requests.count else { return nil }
        var ids: [RequestID] = previous.running + state.scheduler.running
        for events in [previous.events, state.lastEvents] {
            for event in events {
                switch event {
                case let .admitted(id, _, _), let .preempted(id, _), let .sampled(id, _), let .finished(id):
                    ids.append(id)
                case let .scheduled(chunk):
                    ids.append(chunk.request)
                case .paging:
                    continue
                default:
                    return nil
                }
            }
        }
        return ids
    }
}
