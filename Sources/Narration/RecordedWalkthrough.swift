import Foundation

/// A walkthrough over a recording of a server's KV events (`demos/recordings/NAME.yaml` beside
/// `NAME.kvlive`): the recording is played frame by frame on the live screen of `kvviz replay`,
/// and each cue is up from its frame until the next cue's.
///
///     title: {en: ..., zh: ...}
///     summary: {en: ..., zh: ...}
///     recording: engine-prefix-cache.kvlive      # beside this file
///     narration:
///       - frame: 12
///         en: "{cached_blocks} blocks cached in {prefix_trees} trees"
///         zh: ...
///         expect: [evicted_total == 0]           # claims kvviz check holds at every frame the cue is up
public struct RecordedWalkthrough: Sendable, Equatable {
    public struct Cue: Sendable, Equatable {
        public var frame: Int
        public var en: RecordingText
        public var zh: RecordingText
        public var expectations: [Claim]
        /// The line of the file it was read from.
        public var line: Int

        public init(frame: Int, en: RecordingText, zh: RecordingText, expectations: [Claim], line: Int) {
            (self.frame, self.en, self.zh, self.expectations, self.line) = (frame, en, zh, expectations, line)
        }
    }

    /// `figure OP number`: a claim about the screen while the cue is up.
    public struct Claim: Sendable, Equatable, CustomStringConvertible {
        public enum Comparison: String, CaseIterable, Sendable { case atLeast = ">=", atMost = "<=", equal = "==", unequal = "!=", above = ">", below = "<" }
        public var figure: RecordingFigure
        public var comparison: Comparison
        public var number: Int

        public init(figure: RecordingFigure, comparison: Comparison, number: Int) {
            (self.figure, self.comparison, self.number) = (figure, comparison, number)
        }

        public func holds(_ value: Int) -> Bool {
            switch comparison {
            case .atLeast: value >= number
            case .atMost: value <= number
            case .equal: value == number
            case .unequal: value != number
            case .above: value > number
            case .below: value < number
            }
        }

        public var description: String { "\(figure.rawValue) \(comparison.rawValue) \(number)" }
    }

    /// A title or summary in both languages.
    public struct Text: Sendable, Equatable {
        public var en: String
        public var zh: String
        public init(en: String, zh: String) { self.en = en; self.zh = zh }
    }

    public var name: String
    public var title: Text
    public var summary: Text
    /// The recording's file name, relative to the walkthrough file.
    public var recording: String
    public var cues: [Cue]

    public init(name: String, title: Text, summary: Text, recording: String, cues: [Cue]) {
        (self.name, self.title, self.summary, self.recording, self.cues) = (name, title, summary, recording, cues)
    }

    /// The cue up at `frame`: the last one starting at or before it.
    public func cue(at frame: Int) -> Int? {
        cues.lastIndex { $0.frame <= frame }
    }
}

