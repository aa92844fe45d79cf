/// What lets a run step back to any earlier step exactly, with bounded memory, a step back
/// costing about one step forward.
///
/// Three kinds of record:
/// - Coarse keyframes: whole `EngineState` copies taken every `interval` steps going forward;
///   when more than `maxKeyframes` exist, every other one is dropped and the interval doubles,
///   so their number stays bounded however long the run.
/// - Fine keyframes inside one coarse segment: every `liveSpacing` steps of the segment the
///   run last went forward in (so the first step back after a long run replays at most that
///   many steps), and every `stretchLength` steps of a segment being walked back through.
/// - The undo stretch: how to undo each step of a stretch of at most `stretchLength` steps
///   (`StepUndo`). Restoring step s outside it replays forward from the nearest keyframe to s,
///   keeping each step's undo; the steps back that follow undo those steps one at a time.
///   With the fast block manager an undo is a journal of what the step changed in the pool
///   plus the rest of the state without the pool: O(changed), and the stretch can be long
///   (512 steps; an undo holds what the step replaced, mostly the running requests' token
///   arrays: ~330 KB each on `bench --engine`'s 7,352-block chat run, ~170 MB a stretch).
///   Otherwise (other managers, decoder runs) an undo is the whole state before the step, so
///   the stretch is short (about sqrt(interval) steps).
///
/// Walking back one step at a time therefore replays each step about once (twice where a
/// coarse segment is longer than a stretch: once to place the fine keyframes) and undoes it
/// once. Held at once: `maxKeyframes` coarse states, the fine keyframes of one segment, one
/// stretch.
struct EngineHistory: Sendable {
    private(set) var interval: Int
    private let maxKeyframes: Int
    /// Whether the stretch keeps journals (set from the first state: the fast manager and no
    /// decoder).
    let journals: Bool
    private var keyframes: [Int: EngineState] = [:]
    /// The coarse keyframe whose segment `fine` belongs to.
    private var fineBase: Int?
    private var fine: [Int: EngineState] = [:]
    /// `undos[i]` takes step `stretchBase + i + 1` back to step `stretchBase + i`.
    private var stretchBase = 0
    private var undos: [StepUndo] = []
    /// Steps replayed so far (tests check the bounds above).
    private(set) var replayedSteps = 0

    /// The longest stretch of journalled undos.
    static let journalStretch = 512

    init(initial: EngineState, interval: Int = 16, maxKeyframes: Int = 32) {
        var probe = initial
        let opened = initial.decoder == nil && probe.scheduler.beginUndoJournal()
        _ = probe.scheduler.endUndoJournal()
        journals = opened
        self.interval = interval
        self.maxKeyframes = maxKeyframes
        keyframes[initial.step] = initial
    }

    /// Steps in one undo stretch, and the spacing of the fine keyframes placed when walking
    /// back through a coarse segment.
    var stretchLength: Int {
        if journals { return min(interval, Self.journalStretch) }
        var spacing = 1
        while spacing * spacing < interval { spacing *= 2 }
        return spacing
    }

    /// Spacing of the fine keyframes kept going forward (at most `maxKeyframes` a segment).
    var liveSpacing: Int { max(64, interval / maxKeyframes) }

    /// Called after every forward step with the new state.
    mutating func record(_ state: EngineState) {
        let step = state.step
        if step % interval == 0 {
            keyframes[step] = state
            if keyframes.count > maxKeyframes { thin() }
        } else if liveSpacing < interval, step % liveSpacing == 0 {
            useFineKeyframes(ofSegment: step / interval * interval)
            fine[step] = state
        }
    }

    /// Takes `state` back to step `target` (below its step), exactly as the run had it there.
    /// `advance` runs one step.
    mutating func restore(_ state: inout EngineState, to target: Int, advance: (inout EngineState) -> Void) {
        precondition(target >= 0 && target < state.step, "restore goes back: \(target) from \(state.step)")
        if stretchBase <= target, state.step <= stretchBase + undos.count {
            while state.step > target { undos[state.step - stretchBase - 1].undo(&state) }
            return
        }
        if let hit = keyframes[target] ?? fine[target] {
            state = hit
            return
        }
        state = stretch(endingAt: target, advance: advance)
    }

    /// Replays up to `target` from the nearest keyframe, placing the segment's fine keyframes
    /// on the way, and keeps the undos of the last stretch; returns the state at `target`.
    private mutating func stretch(endingAt target: Int, advance: (inout EngineState) -> Void) -> EngineState {
        let segment = keyframes.keys.filter { $0 <= target }.max() ?? 0
        guard let coarse = keyframes[segment] else { preconditionFailure("no keyframe at step 0") }
        useFineKeyframes(ofSegment: segment)
        let length = stretchLength
        let stretchStart = segment + (target - segment) / length * length
        let nearest = fine.keys.filter { $0 <= target }.max() ?? segment
        var state = nearest > segment ? fine[nearest] ?? coarse : coarse
        // Up to the stretch, placing the fine keyframes of the segment.
        let start = state.step
        defer { replayedSteps += state.step - start }
        while state.step < stretchStart {
            advance(&state)
            if (state.step - segment) % length == 0 { fine[state.step] = state }
        }
        stretchBase = state.step
        undos.removeAll(keepingCapacity: true)
        while state.step < target {
            undos.append(StepUndo.step(&state, journals: journals, advance: advance))
        }
        return state
    }

    private mutating func useFineKeyframes(ofSegment segment: Int) {
        guard fineBase != segment else { return }
        fineBase = segment
        fine.removeAll(keepingCapacity: true)
    }

    private mutating func thin() {
        interval *= 2
        keyframes = keyframes.filter { $0.key % interval == 0 }
        fineBase = nil
        fine.removeAll()
    }
}
