/// One thing a walkthrough says that its screen contradicts, located for the person who wrote
/// it: `file:line: cue N, step S: [mode] what is wrong`.
public struct NarrationCheckProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// The cue's line in its file (0 for a cue built in code).
    public let line: Int
    public let cue: Int
    public let step: Int
    /// The screen it was found on: prefix caching, contiguous policy, view, language and size.
    public let mode: String
    public let message: String

    public var description: String {
        "\(file):\(line): cue \(cue), step \(step): [\(mode)] \(message)"
    }
}
