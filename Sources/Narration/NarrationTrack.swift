import Engine

/// The narration of one run, recorded step by step from the snapshots of the engine on screen.
///
/// The app feeds it every snapshot its engine reaches for the first time, in order (`record`);
/// the track decides which cue fires there, keeps the cue's anchored figures (and its `{anchor}`
/// step) from that snapshot, and carries the cue on until its scope ends; every other figure is
/// live, read from the snapshot on screen. Asking for a step already recorded (after stepping
/// back) gives the same cue with the same anchored figures, so the same step always says the
/// same thing. A value type: it steps no engine and holds no lock.
public struct NarrationTrack: Sendable {
    /// A cue that fired: which one, when, its texts with anchored figures, and what its event did.
    public struct Firing: Sendable {
        public let cue: Int
        public let step: Int
        public let en: NarrationTemplate
        public let zh: NarrationTemplate
        public let facts: NarrationEventFacts?
    }

    public let script: NarrationScript
    public private(set) var firings: [Firing] = []
    /// shown[s]: the firing on screen at step s, if any.
    private var shown: [Int?] = []
    /// history[s]: what the run had done by step s (claims about earlier steps read it).
    private var histories: [NarrationHistory] = []
    private var fired = Set<Int>()
    private var previousComplete = false

    public init(script: NarrationScript) {
        self.script = script
    }

    /// Steps recorded so far (the next `record` must be for this step).
    public var recordedSteps: Int { shown.count }

    /// Records the step `snapshot` closes; ignored unless it is the next unrecorded step.
    public mutating func record(_ snapshot: Snapshot) {
        guard !script.isEmpty, snapshot.step == shown.count else { return }
        histories.append((histories.last ?? NarrationHistory()).advanced(by: snapshot))
        var current = shown.last ?? nil
        if let index = current, scopeEnds(firings[index], at: snapshot) { current = nil }
        if let (cue, facts) = firstCue(at: snapshot) {
            let resolve = { (placeholder: Placeholder) in script.value(placeholder, snapshot: snapshot, facts: facts) }
            let step = snapshot.step
            firings.append(Firing(cue: cue, step: step,
                                  en: script.cues[cue].en.anchored(at: NarrationLanguage.en.anchor(step), resolve),
                                  zh: script.cues[cue].zh.anchored(at: NarrationLanguage.zh.anchor(step), resolve),
                                  facts: facts))
            current = firings.count - 1
        }
        shown.append(current)
        previousComplete = snapshot.isComplete
    }

    /// The firing on screen at `step` (nil before any cue, after a scope ended, or when the step
    /// is not recorded yet).
    public func firing(at step: Int) -> Firing? {
        guard step >= 0, step < shown.count, let index = shown[step] else { return nil }
        return firings[index]
    }

    /// What the run had done by `step`.
    public func history(at step: Int) -> NarrationHistory {
        guard step >= 0, step < histories.count else { return NarrationHistory() }
        return histories[step]
    }

    /// The narration for the screen showing `snapshot`: anchored figures from the step the cue
    /// fired, live ones from the snapshot; a text is nil when one of its figures has no value
    /// on this screen. `pause` only at the step the cue fired.
    public func text(for snapshot: Snapshot) -> (en: String?, zh: String?, pause: Bool)? {
        guard let firing = firing(at: snapshot.step) else { return nil }
        return (render(firing.en, firing, snapshot), render(firing.zh, firing, snapshot),
                script.cues[firing.cue].pause && firing.step == snapshot.step)
    }

    /// A figure the text on screen quotes: its placeholder, the text it shows (nil: no value on
    /// this screen) and whether it is anchored to the step its cue fired at.
    public struct QuotedFigure: Sendable, Equatable {
        public let placeholder: Placeholder
        public let text: String?
        public let anchored: Bool

        public var kind: Placeholder.Kind { placeholder.kind }
        public var name: String { placeholder.name }
    }

    /// The figures the cue on screen at `snapshot` quotes in `language`, as they render there:
    /// an anchored figure with the value it had when the cue fired, the others live.
    public func figures(for snapshot: Snapshot, language: NarrationLanguage) -> [QuotedFigure] {
        guard let firing = firing(at: snapshot.step) else { return [] }
        let template = language == .en ? firing.en : firing.zh
        return template.segments.compactMap { segment in
            switch segment {
            case let .frozen(placeholder, value):
                QuotedFigure(placeholder: placeholder, text: value, anchored: true)
            case let .placeholder(placeholder, _):
                QuotedFigure(placeholder: placeholder, text: liveValue(placeholder, firing: firing, snapshot: snapshot),
                             anchored: false)
            case .literal, .anchor:
                nil
            }
        }
    }

    /// The live value of a placeholder on `snapshot`, as a cue fired by `firing`'s event reads it.
    public func liveValue(_ placeholder: Placeholder, firing: Firing, snapshot: Snapshot) -> String? {
        script.value(placeholder, snapshot: snapshot, facts: firing.facts)
    }

    /// A firing's templates hold their anchored figures frozen (`.frozen`); the rest are live.
    private func render(_ template: NarrationTemplate, _ firing: Firing, _ snapshot: Snapshot) -> String? {
        template.render { liveValue($0, firing: firing, snapshot: snapshot) }
    }

    private func scopeEnds(_ firing: Firing, at snapshot: Snapshot) -> Bool {
        switch script.cues[firing.cue].until {
        case .nextCue:
            return false
        case let .step(n):
            return snapshot.step >= n
        case let .event(kind, request):
            return NarrationEventMatch.facts(of: kind, request: request, in: snapshot,
                                             previousComplete: previousComplete) != nil
        }
    }

    /// The first cue that fires at `snapshot`. A cue that describes the other prefix-caching
    /// setting never fires in this run (`p` replays the run, so the setting holds for all of it):
    /// a file can give each setting its own cue for one moment.
    private mutating func firstCue(at snapshot: Snapshot) -> (Int, NarrationEventFacts?)? {
        for (index, cue) in script.cues.enumerated() {
            if let caching = cue.describes?.prefixCaching, caching != snapshot.prefixCaching { continue }
            switch cue.trigger {
            case let .step(n) where n == snapshot.step:
                return (index, nil)
            case let .event(kind, request, once):
                guard snapshot.step > 0, !(once && fired.contains(index)) else { continue }
                if let facts = NarrationEventMatch.facts(of: kind, request: request, in: snapshot,
                                                         previousComplete: previousComplete) {
                    fired.insert(index)
                    return (index, facts)
                }
            default:
                continue
            }
        }
        return nil
    }
}

extension NarrationTrack {
    /// A claim of the cue on screen that does not hold.
    public struct BrokenClaim: Sendable, Equatable, CustomStringConvertible {
        /// The cue's index and line in its scenario file.
        public let cue: Int
        public let line: Int
        public let step: Int
        public let claim: String
        public let problem: String

        public var description: String {
            "narration[\(cue)] at step \(step): expect '\(claim)' \(problem)"
        }
    }

    /// The claims of the cue shown at `snapshot`'s step that are false on that screen.
    public func brokenClaims(for snapshot: Snapshot) -> [BrokenClaim] {
        guard let firing = firing(at: snapshot.step) else { return [] }
        let cue = script.cues[firing.cue]
        let history = history(at: snapshot.step)
        return cue.expectations.compactMap { expectation in
            expectation.check(snapshot, history: history).map {
                BrokenClaim(cue: firing.cue, line: cue.line, step: snapshot.step, claim: expectation.description, problem: $0)
            }
        }
    }
}

/// The two languages narration is written in (the engine's own name for them).
public enum NarrationLanguage: String, Sendable, CaseIterable {
    case en, zh

    /// `{anchor}`: the step a cue fired at, as its text writes it.
    public func anchor(_ step: Int) -> String {
        self == .en ? "step \(step)" : "第 \(step) 步"
    }
}
