import Engine

/// Where a cue's placeholders get their figures: the scenario module's `NarrationValues` (the
/// engine knows nothing of scenario files).
public protocol NarrationFigures: Sendable {
    /// The text `placeholder` stands for on `snapshot`; `facts` is what the event that fired the
    /// cue did (nil for a cue fired by a step); nil when it has no value.
    func value(_ placeholder: Placeholder, snapshot: Snapshot, facts: NarrationEventFacts?) -> String?
}

/// A walkthrough's narration: its cues and how their placeholders get their figures.
public struct NarrationScript: Sendable {
    public let cues: [NarrationCue]
    let values: (any NarrationFigures)?

    public init(cues: [NarrationCue], values: (any NarrationFigures)?) {
        self.cues = cues
        self.values = values
    }

    /// A script whose cues quote no scenario figures (tests, code-built chapters).
    public init(cues: [NarrationCue]) {
        self.init(cues: cues, values: nil)
    }

    /// The same figures for other cues (a test's or a tool's variant of a walkthrough).
    public func replacingCues(_ cues: [NarrationCue]) -> NarrationScript {
        NarrationScript(cues: cues, values: values)
    }

    public static let empty = NarrationScript(cues: [])

    public var isEmpty: Bool { cues.isEmpty }

    func value(_ placeholder: Placeholder, snapshot: Snapshot, facts: NarrationEventFacts?) -> String? {
        values?.value(placeholder, snapshot: snapshot, facts: facts)
    }
}
