/// A walkthrough's narration: its cues and how their placeholders get their figures.
public struct NarrationScript: Sendable {
    public let cues: [NarrationCue]
    let values: NarrationValues?

    init(cues: [NarrationCue], values: NarrationValues?) {
        self.cues = cues
        self.values = values
    }

    /// A script whose cues quote no scenario figures (tests, code-built chapters).
    public init(cues: [NarrationCue]) {
        self.init(cues: cues, values: nil)
    }

    public static let empty = NarrationScript(cues: [])

    public var isEmpty: Bool { cues.isEmpty }

    func value(_ name: String, _ arguments: [String: String], snapshot: Snapshot, facts: NarrationEventFacts?) -> String? {
        values?.value(name, arguments, snapshot: snapshot, facts: facts)
    }
}
