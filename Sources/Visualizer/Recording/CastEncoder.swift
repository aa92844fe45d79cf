import TerminalCanvas

/// Turns recorded frames into asciicast v2 events: each frame at the time the previous ones
/// add up to, a marker (a chapter players can jump to) only where a narration cue starts, and
/// only the rows that changed since the previous frame (a full redraw at every marker, so a
/// player that jumps there draws a whole screen).
///
/// Like a recording made with asciinema's idle limit, no frame stays longer than `idleCap`
/// (the header says so too, `idle_time_limit`), the cursor is hidden while frames play and
/// shown again at the end, and the last event ends with a newline, so the shell prompt after
/// `asciinema play` starts on a line of its own.
public struct CastEncoder: Sendable {
    public let writer: AsciicastWriter
    /// Seconds from the start of the recording to the next frame.
    public private(set) var time = 0.0
    private var previous: Canvas?

    /// Longest time one frame stays on screen, in seconds: the longest reading time (20 s);
    /// a pause cue's extra 3 s on top of it is cut.
    public static let idleCap = 20.0
    /// Frames in a row without a narration cue that play at the walkthrough's speed; after them
    /// each further quiet frame is shown for less (`quietRunFrames / run` of its time, at
    /// least `shortestFrame`), so the long narration-free stretches of a serving run fast-forward
    /// instead of making the recording last 20 minutes.
    public static let quietRunFrames = 20
    public static let shortestFrame = 0.05
    private var quietRun = 0

    public init(size: Size, title: String) {
        writer = AsciicastWriter(size: size, title: title, idleTimeLimit: Self.idleCap)
    }

    public func header() -> String { writer.header() }

    static let hideCursor = "\u{1B}[?25l"
    static let showCursor = "\u{1B}[?25h"

    /// The events of `frame` (its marker first, when a cue starts there).
    public mutating func encode(_ frame: RecordedFrame) -> String {
        var text = previous == nil ? writer.output(Self.hideCursor, at: time) : ""
        if let cue = frame.cue {
            text += writer.marker(cue, at: time)
            text += writer.frame(frame.canvas, at: time)
        } else {
            text += writer.frame(frame.canvas, after: previous, at: time)
        }
        previous = frame.canvas
        quietRun = frame.cue == nil ? quietRun + 1 : 0
        var duration = min(frame.duration, Self.idleCap)
        if quietRun > Self.quietRunFrames {
            duration = max(min(duration, Self.shortestFrame), duration * Double(Self.quietRunFrames) / Double(quietRun))
        }
        time += duration
        return text
    }

    /// A last event at the end of the final frame's time, so a player holds the final frame for
    /// its whole duration instead of ending the recording the moment it appears.
    public func finish() -> String {
        writer.output(Self.showCursor + "\r\n", at: time)
    }
}
