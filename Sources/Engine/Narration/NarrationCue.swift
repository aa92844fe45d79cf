import KVCore

/// Things that happen in a step that a walkthrough can speak to.
public enum NarrationEventKind: String, CaseIterable, Sendable {
    case admitted, prefixHit = "prefix_hit", evicted, preempted, copiedOnWrite = "copied_on_write"
    case forked, finished, allocated, allFinished = "all_finished"
}

/// One narration entry of a walkthrough, ready to fire: when, and how to say it in each language.
/// The text is rendered from the snapshot at display time, so the figures it quotes are the
/// engine's own, never typed into the scenario.
public struct NarrationCue: Sendable {
    public enum Trigger: Sendable, Equatable {
        /// After step N completes (0: before the first step).
        case step(Int)
        /// The first step (or every step, when `once` is false) in which the event happens,
        /// optionally only for one request.
        case event(NarrationEventKind, request: Int?, once: Bool)
    }

    public var trigger: Trigger
    public var pause: Bool
    public var render: @Sendable (Snapshot) -> (en: String, zh: String)

    public init(trigger: Trigger, pause: Bool = false,
                render: @escaping @Sendable (Snapshot) -> (en: String, zh: String)) {
        self.trigger = trigger
        self.pause = pause
        self.render = render
    }

    /// True when `kind` happened in the step a snapshot closes (for `request`, if given).
    static func happened(_ kind: NarrationEventKind, request: Int?, in snapshot: Snapshot, previousComplete: Bool) -> Bool {
        if kind == .allFinished { return snapshot.isComplete && !previousComplete }
        func matches(_ id: RequestID) -> Bool {
            guard let request else { return true }
            if id.rawValue == request { return true }
            return snapshot.request(id)?.parent?.rawValue == request
        }
        func matches(_ seq: SequenceID) -> Bool {
            guard request != nil else { return true }
            guard let owner = snapshot.requests.first(where: { $0.sequence == seq }) else { return false }
            return matches(owner.id)
        }
        for event in snapshot.events {
            switch (kind, event) {
            case let (.admitted, .admitted(id, _, _)) where matches(id): return true
            case let (.prefixHit, .admitted(id, hits, _)) where hits > 0 && matches(id): return true
            case let (.preempted, .preempted(id, _)) where matches(id): return true
            case let (.forked, .forked(parent, _)) where matches(parent): return true
            case let (.finished, .finished(id)) where matches(id): return true
            case (.evicted, .paging(.evicted)) where request == nil: return true
            case let (.copiedOnWrite, .paging(.copiedOnWrite(seq, _, _, _))) where matches(seq): return true
            case let (.allocated, .paging(.allocated(seq, _, _))) where matches(seq): return true
            default: continue
            }
        }
        return false
    }
}
