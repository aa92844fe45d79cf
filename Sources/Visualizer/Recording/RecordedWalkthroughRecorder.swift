import TerminalCanvas

/// Plays a recorded walkthrough frame by frame, from the first to the end of the recording (or
/// `maxFrames`), drawing each as the live screen shows it minus the interactive chrome (no play
/// state, no key legend), timed as a chapter's recording is: a frame where a cue starts stays for
/// its reading time, the others for one frame at `speed`. (`step` of a frame is its position in
/// the recording.)
public struct RecordedWalkthroughRecorder: FrameRecorder {
    public private(set) var player: RecordedPlayer
    public let size: Size
    public let language: Language
    /// Frames after the first, at most (nil: to the end of the recording).
    public let maxFrames: Int?
    public let speed: Double
    let glyphs: GlyphSet

    public init(player: RecordedPlayer, size: Size, language: Language, appearance: Appearance, maxFrames: Int?,
                speed: Double) {
        var player = player
        player.resize(size)
        player.setLanguage(language)
        player.setAppearance(appearance)
        player.setRecording()
        self.player = player
        self.size = size
        self.language = language
        self.maxFrames = maxFrames
        self.speed = speed
        glyphs = appearance.glyphs
    }

    public func label(_ position: Int, language: Language) -> String {
        language == .zh ? "第 \(position) 帧" : "frame \(position)"
    }

    public mutating func record(_ emit: (RecordedFrame) -> Void) {
        var canvas = Canvas(size: size)
        let last = min(max(0, maxFrames ?? player.frameCount), player.frameCount)
        var shownCue: Int?
        for position in 0...last {
            if position > 0 { _ = player.apply(.step(1)) }
            canvas.clear()
            LiveView.draw(player.screen, on: &canvas)
            canvas.apply(glyphs)
            let text = player.narration(language)
            let starts = player.cueIndex != nil && player.cueIndex != shownCue
            shownCue = player.cueIndex
            let duration = starts ? ReadingTime.seconds(toRead: text ?? "", pause: false) : 1 / speed
            emit(RecordedFrame(canvas: canvas, step: player.position, duration: duration, cue: starts ? text : nil,
                               pauses: false, narration: text))
        }
    }
}
