import Foundation
import KVCore

/// Which narration belongs to which step of a run.
///
/// Step triggers are known up front; event triggers depend on what the engine does, so the
/// timeline runs its own copy of the walkthrough's engine forward (only ever forward, only as far
/// as asked) and records the cue that fired at each step. Asking for step s gives the latest cue
/// at or before s, rendered from the snapshot being shown, so stepping back and forth always
/// shows the same narration for the same step. A cue pauses playback only at its own step.
public final class NarrationTimeline: @unchecked Sendable {
    private let lock = NSLock()
    private let cues: [NarrationCue]
    private var engine: Engine
    /// cueAtStep[s]: the cue that fired at step s, if any.
    private var cueAtStep: [Int?] = []
    private var fired = Set<Int>()
    private var previousComplete = false

    public init(engine: Engine, cues: [NarrationCue]) {
        self.engine = engine
        self.cues = cues
    }

    public var isEmpty: Bool { cues.isEmpty }

    /// The narration to show with `snapshot`: (en, zh, pause), or nil before any cue fired.
    public func narration(for snapshot: Snapshot) -> (en: String, zh: String, pause: Bool)? {
        guard !cues.isEmpty else { return nil }
        lock.lock()
        defer { lock.unlock() }
        extend(through: snapshot.step)
        var step = min(snapshot.step, cueAtStep.count - 1)
        while step >= 0 {
            if let index = cueAtStep[step] {
                let text = cues[index].render(snapshot)
                return (text.en, text.zh, cues[index].pause && step == snapshot.step)
            }
            step -= 1
        }
        return nil
    }

    private func extend(through target: Int) {
        while cueAtStep.count <= target {
            let step = cueAtStep.count
            if step > 0 {
                if engine.isComplete { cueAtStep.append(nil); continue }
                engine.stepForward()
            }
            let snapshot = engine.snapshot()
            cueAtStep.append(firstCue(at: step, snapshot: snapshot))
            previousComplete = snapshot.isComplete
        }
    }

    private func firstCue(at step: Int, snapshot: Snapshot) -> Int? {
        var chosen: Int?
        for (index, cue) in cues.enumerated() {
            switch cue.trigger {
            case let .step(n) where n == step:
                chosen = chosen ?? index
            case let .event(kind, request, once):
                guard chosen == nil, step > 0, !(once && fired.contains(index)) else { continue }
                if NarrationCue.happened(kind, request: request, in: snapshot, previousComplete: previousComplete) {
                    fired.insert(index)
                    chosen = index
                }
            default:
                continue
            }
        }
        return chosen
    }
}
