/// Keyframes of a run, so that any earlier step can be restored exactly with bounded memory.
///
/// A keyframe is a full `EngineState` copy taken every `interval` steps. When more than
/// `maxKeyframes` exist, every other one is dropped and the interval doubles, so memory stays
/// bounded however long the run. Restoring step s replays forward from the nearest keyframe at or
/// before s; the states met on the way are kept in a small cache so that pressing "back" again and
/// again costs one lookup, not one replay each time.
struct EngineHistory: Sendable {
    private(set) var interval: Int
    private let maxKeyframes: Int
    private var keyframes: [Int: EngineState] = [:]
    private var recent: [Int: EngineState] = [:]
    private let maxRecent: Int

    init(initial: EngineState, interval: Int = 16, maxKeyframes: Int = 32, maxRecent: Int = 16) {
        self.interval = interval
        self.maxKeyframes = maxKeyframes
        self.maxRecent = maxRecent
        keyframes[initial.step] = initial
    }

    var keyframeCount: Int { keyframes.count }
    var cachedCount: Int { recent.count }

    /// Called after every forward step with the new state.
    mutating func record(_ state: EngineState) {
        if state.step % interval == 0 { keyframes[state.step] = state }
        if keyframes.count > maxKeyframes { thin() }
    }

    /// The state at `step`, rebuilt by replaying `advance` from the nearest earlier keyframe.
    mutating func state(at step: Int, advance: (inout EngineState) -> Void) -> EngineState {
        if let hit = keyframes[step] ?? recent[step] { return hit }
        let start = keyframes.keys.filter { $0 <= step }.max() ?? 0
        guard var state = keyframes[start] else { preconditionFailure("no keyframe at step 0") }
        if recent.count + (step - start) > maxRecent { recent.removeAll(keepingCapacity: true) }
        while state.step < step {
            advance(&state)
            if step - state.step < maxRecent { recent[state.step] = state }
        }
        return state
    }

    private mutating func thin() {
        interval *= 2
        keyframes = keyframes.filter { $0.key % interval == 0 }
    }
}
