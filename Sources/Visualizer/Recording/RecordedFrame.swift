import TerminalCanvas

/// One frame of a recording: the screen, how long it stays, and the narration that starts on it.
public struct RecordedFrame: Sendable {
    public let canvas: Canvas
    public let step: Int
    /// Seconds on screen: the narration's reading time where a cue starts, else one step at the
    /// playback speed.
    public let duration: Double
    /// The narration cue that starts on this frame (nil when the frame continues an earlier one).
    public let cue: String?
    /// True when that cue is a `pause:` one.
    let pauses: Bool
    /// The narration on screen, new or continued.
    public let narration: String?
}

