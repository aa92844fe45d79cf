/// Keyframes of a run, so that any earlier step can be restored exactly with bounded memory,
/// and stepping back one step at a time costs about as much as stepping forward.
///
/// Two levels. Coarse keyframes are full `EngineState` copies taken every `interval` steps
/// while the run goes forward; when more than `maxKeyframes` exist, every other one is dropped
/// and the interval doubles, so their number stays bounded however long the run. Restoring step
/// s inside a coarse segment first replays that segment once from its keyframe, keeping fine
/// keyframes every `fineInterval` steps (about the square root of the segment's length); then it
/// replays from the nearest fine keyframe to s and keeps every state of that short stretch.
/// Walking back step by step therefore replays each coarse segment once and each fine stretch
/// once: about two forward steps' work per step back, instead of a replay from the coarse
/// keyframe every few steps. At most `maxKeyframes` coarse states, one segment's fine keyframes
/// and one stretch's states are held at once.
struct EngineHistory: Sendable {
    private(set) var interval: Int
    private let maxKeyframes: Int
    private var keyframes: [Int: EngineState] = [:]
    /// The coarse keyframe whose segment `fine` and `recent` belong to.
    private var fineBase: Int?
    private var fine: [Int: EngineState] = [:]
    private var recent: [Int: EngineState] = [:]

    init(initial: EngineState, interval: Int = 16, maxKeyframes: Int = 32) {
        self.interval = interval
        self.maxKeyframes = maxKeyframes
        keyframes[initial.step] = initial
    }

    /// Fine keyframe spacing inside a coarse segment: about sqrt(interval), at least 1.
    var fineInterval: Int {
        var spacing = 1
        while spacing * spacing < interval { spacing *= 2 }
        return spacing
    }

    /// Called after every forward step with the new state.
    mutating func record(_ state: EngineState) {
        if state.step % interval == 0 { keyframes[state.step] = state }
        if keyframes.count > maxKeyframes { thin() }
    }

    /// The state at `step`, rebuilt by replaying `advance` from the nearest earlier keyframe.
    mutating func state(at step: Int, advance: (inout EngineState) -> Void) -> EngineState {
        if let hit = keyframes[step] ?? recent[step] ?? fine[step] { return hit }
        let base = keyframes.keys.filter { $0 <= step }.max() ?? 0
        guard let coarse = keyframes[base] else { preconditionFailure("no keyframe at step 0") }
        let spacing = fineInterval
        if fineBase != base {
            fineBase = base
            fine.removeAll(keepingCapacity: true)
            recent.removeAll(keepingCapacity: true)
        }
        // The nearest fine keyframe at or below `step`, building the missing ones from the
        // highest one already known (or the coarse keyframe).
        let wanted = base + (step - base) / spacing * spacing
        var state: EngineState
        if let known = fine[wanted] {
            state = known
        } else {
            let from = fine.keys.filter { $0 <= wanted }.max()
            state = from.flatMap { fine[$0] } ?? coarse
            while state.step < wanted {
                advance(&state)
                if (state.step - base) % spacing == 0 { fine[state.step] = state }
            }
        }
        // Keep the whole stretch from the fine keyframe to `step`: the next steps back hit it.
        recent.removeAll(keepingCapacity: true)
        while state.step < step {
            advance(&state)
            recent[state.step] = state
        }
        return state
    }

    private mutating func thin() {
        interval *= 2
        keyframes = keyframes.filter { $0.key % interval == 0 }
        fineBase = nil
        fine.removeAll()
        recent.removeAll()
    }
}
