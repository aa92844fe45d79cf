import KVCore

/// How to take a run from the state after one step back to the state before it.
enum StepUndo: Sendable {
    /// The state before, kept whole: runs whose block manager keeps no journal, decoder runs
    /// (the decoder's K/V store is written in place every step).
    case state(EngineState)
    /// The state before without its block storage and requests, and the journal of what the
    /// step changed in them: undone in place, it costs the blocks and requests the step changed.
    case journal(EngineState, Scheduler.Journal)

    /// Runs one step of `state` with `advance`, returning how to undo it; journalled when
    /// `journals` and the run allows it.
    static func step(_ state: inout EngineState, journals: Bool, advance: (inout EngineState) -> Void) -> StepUndo {
        if journals, state.decoder == nil {
            let before = state.detachedFromStorage()
            if state.scheduler.beginUndoJournal() {
                advance(&state)
                guard let journal = state.scheduler.endUndoJournal() else {
                    preconditionFailure("the block manager's undo journal closed during a step")
                }
                return .journal(before, journal)
            }
            assertionFailure("the block manager could not open an undo journal between two steps")
        }
        let before = state
        advance(&state)
        return .state(before)
    }

    /// Takes `state`, after the step, back to before it.
    func undo(_ state: inout EngineState) {
        switch self {
        case let .state(before):
            state = before
        case let .journal(before, journal):
            var restored = before
            state.scheduler.restore(before.scheduler, undoing: journal)
            swap(&restored.scheduler, &state.scheduler)
            state = restored
        }
    }
}

extension EngineState {
    /// This state with its block manager's storage left out: cheap to keep beside the next
    /// step's journal (the rest is copied on write in small pieces).
    func detachedFromStorage() -> EngineState {
        var copy = self
        copy.scheduler = scheduler.detachedFromStorage()
        return copy
    }
}
