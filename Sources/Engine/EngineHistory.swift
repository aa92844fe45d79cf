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
///   and in the request table, plus the rest of the state without either: O(changed), and the
///   stretch can be long (512 steps; an undo holds what the step replaced: ~190 KB each on
///   `bench --engine`'s 7,352-block chat run, ~100 MB a stretch, mostly the scheduler's
///   waiting and finished arrays the step copied, the free-queue array and the pool's live
///   sequence records).
///   Otherwise (other managers, decoder runs) an undo is the whole state before the step, so
///   the stretch is short (about sqrt(interval) steps).
///
/// A caller that must stay responsive replays in slices (`restore`'s budget): the visualizer
/// does a step back that replays more than a few dozen steps as a job.
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
        pending = nil
        let step = state.step
        if step % interval == 0 {
            keyframes[step] = state
            if keyframes.count > maxKeyframes { thin() }
        } else if liveSpacing < interval, step % liveSpacing == 0 {
            useFineKeyframes(ofSegment: step / interval * interval)
            fine[step] = state
        }
    }

    /// A replay toward an earlier step that `restore(_:to:budget:advance:)` left unfinished.
    private var pending: Replay?

    /// A replay from a keyframe up to `target`: first to `stretchStart`, placing the segment's
    /// fine keyframes, then keeping each step's undo.
    private struct Replay: Sendable {
        let target: Int
        let segment: Int
        let length: Int
        let stretchStart: Int
        var state: EngineState
        /// Whether the undo stretch has been started at `stretchStart`.
        var keepsUndos = false
    }

    /// Takes `state` back to step `target` (below its step), exactly as the run had it there.
    /// `advance` runs one step. Replays at most `budget` steps: when the way back needs more,
    /// returns false with `state` untouched, and the next call for the same target goes on
    /// where this one stopped (a caller that must stay responsive replays in slices).
    @discardableResult
    mutating func restore(_ state: inout EngineState, to target: Int, budget: Int = .max,
                          advance: (inout EngineState) -> Void) -> Bool {
        precondition(target >= 0 && target < state.step, "restore goes back: \(target) from \(state.step)")
        if pending?.target != target { pending = nil }
        if pending == nil {
            if undoes(from: state.step, to: target) {
                while state.step > target { undos[state.step - stretchBase - 1].undo(&state) }
                return true
            }
            if let hit = keyframes[target] ?? fine[target] {
                state = hit
                return true
            }
            pending = startReplay(to: target)
        }
        guard var replay = pending else { preconditionFailure("no replay toward step \(target)") }
        pending = nil
        let start = replay.state.step
        defer { replayedSteps += replay.state.step - start }
        var left = budget
        while replay.state.step < target, left > 0 {
            self.advance(&replay, advance: advance)
            left -= 1
        }
        guard replay.state.step == target else {
            pending = replay
            return false
        }
        state = replay.state
        return true
    }

    /// Whether the stretch's undos take a state at step `step` back to `target`.
    private func undoes(from step: Int, to target: Int) -> Bool {
        stretchBase <= target && step <= stretchBase + undos.count
    }

    /// Steps `restore` replays to take a state at step `step` back to `target` (0: it undoes
    /// them, or restores a kept state); with a replay under way, the steps it has left.
    func stepsToReplay(from step: Int, to target: Int) -> Int {
        if let pending, pending.target == target { return target - pending.state.step }
        if undoes(from: step, to: target) || keyframes[target] != nil || fine[target] != nil { return 0 }
        return target - nearestKeyframe(atOrBelow: target).step
    }

    /// How far a replay toward `target` has got (nil: none under way).
    func replayReached(toward target: Int) -> Int? {
        pending?.target == target ? pending?.state.step : nil
    }

    /// The kept state nearest below or at `target`: a fine keyframe of its segment when the
    /// segment has them, its coarse keyframe otherwise.
    private func nearestKeyframe(atOrBelow target: Int) -> (segment: Int, step: Int) {
        let segment = keyframes.keys.filter { $0 <= target }.max() ?? 0
        let nearest = fineBase == segment ? fine.keys.filter { $0 <= target }.max() ?? segment : segment
        return (segment, nearest)
    }

    /// A replay up to `target` from the nearest keyframe, keeping the undos of the last stretch.
    private mutating func startReplay(to target: Int) -> Replay {
        let (segment, nearest) = nearestKeyframe(atOrBelow: target)
        guard let coarse = keyframes[segment] else { preconditionFailure("no keyframe at step 0") }
        let state = nearest > segment ? fine[nearest] ?? coarse : coarse
        useFineKeyframes(ofSegment: segment)
        let length = stretchLength
        return Replay(target: target, segment: segment, length: length,
                      stretchStart: segment + (target - segment) / length * length, state: state)
    }

    /// One step of `replay`: up to the stretch, placing the segment's fine keyframes; from
    /// there, keeping each step's undo.
    private mutating func advance(_ replay: inout Replay, advance: (inout EngineState) -> Void) {
        if replay.state.step < replay.stretchStart {
            advance(&replay.state)
            if (replay.state.step - replay.segment) % replay.length == 0 { fine[replay.state.step] = replay.state }
            return
        }
        if !replay.keepsUndos {
            replay.keepsUndos = true
            stretchBase = replay.state.step
            undos.removeAll(keepingCapacity: true)
        }
        undos.append(StepUndo.step(&replay.state, journals: journals, advance: advance))
    }

    private mutating func useFineKeyframes(ofSegment segment: Int) {
        guard fineBase != segment else { return }
        fineBase = segment
        fine.removeAll(keepingCapacity: true)
    }

    private mutating func thin() {
        pending = nil
        interval *= 2
        keyframes = keyframes.filter { $0.key % interval == 0 }
        fineBase = nil
        fine.removeAll()
    }
}
