import KVEvents
import Narration
import TerminalCanvas

/// A recorded walkthrough on screen: the recording replayed on the live screen of `kvviz
/// replay`, with the walkthrough's cue of the frame shown in a narration box. Keys step, go
/// back, play at a speed and seek; `j` goes to the next cue. Pure: the session feeds it actions
/// and elapsed time and draws `screen`.
public struct RecordedPlayer: Sendable {
    public let walkthrough: RecordedWalkthrough
    public private(set) var replay: LiveReplay
    public private(set) var screen: LiveScreen
    public private(set) var playing = false
    public private(set) var speed = 1.0
    /// The recording's clock while playing (seconds of arrival time).
    private var clock = 0.0
    /// Longest wait between two frames while playing, so a quiet stretch never stalls the lesson.
    static let maxWait = 0.5

    /// What a key asks of the session.
    public enum Outcome: Equatable, Sendable { case stay, quit, next, previous }

    public init(_ walkthrough: RecordedWalkthrough, frames: [LiveFrameRecord], source: String) {
        self.walkthrough = walkthrough
        replay = LiveReplay(frames: frames)
        screen = LiveScreen(source: source)
        screen.recordedWithoutMetrics = !frames.contains { $0.kind == .metrics }
        refresh()
    }

    /// Opens with the walkthrough's card, as a chapter does for a person at a terminal; `place`
    /// is its place in the tour (1-based) of `of` walkthroughs, nil when it is played alone.
    public mutating func showCard(place: Int? = nil, of count: Int? = nil) {
        screen.card = LiveCard(title: walkthrough.title, summary: walkthrough.summary, place: place, of: count)
    }

    public var frameCount: Int { replay.frames.count }
    public var position: Int { replay.position }

    /// The cue up now (its index), if any.
    public var cueIndex: Int? { walkthrough.cue(at: replay.position) }

    /// The cue's text with its figures, in `language`.
    public func narration(_ language: Language) -> String? {
        guard let index = cueIndex else { return nil }
        let cue = walkthrough.cues[index]
        return (language == .en ? cue.en : cue.zh).render { RecordedFigures.text($0, on: screen) }
    }

    public mutating func apply(_ action: LiveAction) -> Outcome {
        if screen.card != nil, LiveCard.closes(action) {
            screen.card = nil
            if action == .close { return .stay }
        }
        switch action {
        case .quit: return .quit
        case .nextWalkthrough: return .next
        case .previousWalkthrough: return .previous
        case .togglePlay:
            if replay.isAtEnd { seek(0) }
            playing.toggle()
            clock = replay.currentArrival
        case let .step(delta):
            playing = false
            seek(replay.position + delta)
        case let .speed(factor): speed = max(1.0 / 16, min(64, speed * factor))
        case let .seek(share): seek(replay.position + Int((share * Double(frameCount)).rounded()))
        case .home: playing = false; seek(0)
        case .end: playing = false; seek(frameCount)
        case .nextCue:
            playing = false
            let next = walkthrough.cues.first { $0.frame > replay.position }?.frame ?? frameCount
            seek(next)
        default:
            _ = screen.update(action)
            if case .nextTier = action { screen.refresh() } else if case .previousTier = action { screen.refresh() }
        }
        refresh()
        return .stay
    }

    /// Plays on by `seconds` of wall time (at the speed chosen); returns whether the screen changed.
    public mutating func tick(seconds: Double) -> Bool {
        guard playing else { return false }
        clock += seconds * speed
        let before = replay.position
        while let next = replay.nextArrival {
            if next - clock > Self.maxWait { clock = next - Self.maxWait }
            guard next <= clock else { break }
            replay.stepForward()
        }
        if replay.isAtEnd { playing = false }
        guard replay.position != before || !playing else { return false }
        refresh()
        return true
    }

    public mutating func resize(_ size: Size) { screen.size = size }
    public mutating func setLanguage(_ language: Language) { screen.language = language; refresh() }
    public mutating func setAppearance(_ appearance: Appearance) { screen.appearance = appearance }
    /// Frames for `kvviz render`: no play state, no key legend.
    public mutating func setRecording() { screen.isRecording = true }

    private mutating func seek(_ target: Int) { replay.seek(to: target) }

    /// The screen after a move: the cache, playback line, highlights and narration of the frame.
    private mutating func refresh() {
        screen.cache = replay.cache
        screen.metrics = replay.metrics
        screen.metricsProblem = replay.metricsProblem
        screen.playback = LiveScreen.Playback(position: replay.position, count: frameCount, playing: playing, speed: speed,
                                              seconds: replay.currentArrival)
        screen.fresh = replay.lastStored
        screen.connection = LiveText(language: screen.language).recordingLine(frames: frameCount,
                                                                              seconds: replay.frames.last?.arrival ?? 0)
        screen.refresh()
        screen.narration = cueIndex.map { index in
            LiveScreen.Narration(title: walkthrough.title, cue: index, cues: walkthrough.cues.count,
                                 en: narration(.en) ?? "", zh: narration(.zh) ?? "")
        }
    }
}
