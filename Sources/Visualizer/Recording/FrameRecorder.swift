import TerminalCanvas

/// What `kvviz render` draws a walkthrough from: its frames in order, each timed for watching
/// and marked where a narration cue starts. A chapter's steps (`WalkthroughRecorder`) and a
/// recorded walkthrough's frames (`RecordedWalkthroughRecorder`) both are.
public protocol FrameRecorder: Sendable {
    /// The size of every frame.
    var size: Size { get }
    /// A frame's position as labels name it: "step 3", or "frame 3" for a recording.
    func label(_ position: Int, language: Language) -> String
    /// Emits every frame, the first to the last.
    mutating func record(_ emit: (RecordedFrame) -> Void)
}

extension WalkthroughRecorder: FrameRecorder {
    public var size: Size { state.size }

    public func label(_ position: Int, language: Language) -> String {
        language == .zh ? "第 \(position) 步" : "step \(position)"
    }
}
