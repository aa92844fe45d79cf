import TerminalCanvas

/// Steps a walkthrough from its first step to its end (or `maxSteps`), drawing each step as the
/// screen shows it minus the interactive chrome (no play state, no key legend), and times the
/// frames for watching: a frame where a narration cue starts stays for its reading time (more for
/// `pause:`), the others for one step at `speed`.
public struct WalkthroughRecorder: Sendable {
    public private(set) var state: AppState
    /// Steps after the first frame, at most (nil: to the end of the walkthrough).
    public let maxSteps: Int?
    public let speed: Double

    /// No walkthrough is longer than this; a file that never finishes stops here.
    static let stepCeiling = 20_000

    public init(state: AppState, maxSteps: Int?, speed: Double) {
        var state = state
        state.isRecording = true
        self.state = state
        self.maxSteps = maxSteps
        self.speed = speed
    }

    public mutating func record(_ emit: (RecordedFrame) -> Void) {
        var canvas = Canvas(size: state.size)
        let limit = min(maxSteps ?? Self.stepCeiling, Self.stepCeiling)
        for _ in 0...max(0, limit) {
            canvas.clear()
            view(state, into: &canvas)
            let narration = state.narration
            let text = narration.map { $0.text.text(state.language) }
            let starts = NarrationCueStart.startsHere(state)
            let pauses = starts && narration?.pause == true
            let duration = starts ? ReadingTime.seconds(toRead: text ?? "", pause: pauses) : 1 / speed
            emit(RecordedFrame(canvas: canvas, step: state.snapshot.step, duration: duration,
                               cue: starts ? text : nil, pauses: pauses, narration: text))
            if state.engine.isComplete { break }
            _ = dispatch(&state, .stepForward)
        }
    }
}
