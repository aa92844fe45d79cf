import TerminalCanvas

/// Turns recorded frames into asciicast v2 events: each frame at the time the previous ones
/// add up to, a marker (a chapter players can jump to) only where a narration cue starts, and
/// only the rows that changed since the previous frame (a full redraw at every marker, so a
/// player that jumps there draws a whole screen).
public struct CastEncoder: Sendable {
    public let writer: AsciicastWriter
    /// Seconds from the start of the recording to the next frame.
    public private(set) var time = 0.0
    private var previous: Canvas?

    public init(size: Size, title: String) {
        writer = AsciicastWriter(size: size, title: title)
    }

    public func header() -> String { writer.header() }

    /// The events of `frame` (its marker first, when a cue starts there).
    public mutating func encode(_ frame: RecordedFrame) -> String {
        var text = ""
        if let cue = frame.cue {
            text += writer.marker(cue, at: time)
            text += writer.frame(frame.canvas, at: time)
        } else {
            text += writer.frame(frame.canvas, after: previous, at: time)
        }
        previous = frame.canvas
        time += frame.duration
        return text
    }

    /// A last event at the end of the final frame's time, so a player holds the final frame for
    /// its whole duration instead of ending the recording the moment it appears.
    public func finish() -> String {
        writer.output("", at: time)
    }
}
