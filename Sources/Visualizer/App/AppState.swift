import KVBase
import Engine
import KVCore
import TerminalCanvas
import Narration

/// A panel the user gave the keyboard focus with Tab (or a click). No panel has it until then:
/// the arrows step through time. Only the grid takes Left and Right for its cursor; the tables
/// take Up and Down for their focused request.
public enum Panel: CaseIterable, Sendable {
    case grid, tables, sequences

    /// Tab from `current`: the next panel that `layout` shows, and after the last one no panel
    /// (the arrows step again). Tab never lands on a hidden panel.
    static func next(after current: Panel?, in layout: Layout) -> Panel? {
        let all = Panel.allCases
        let start = current.flatMap { all.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
        return all[min(start, all.count)...].first { $0.isShown(in: layout) }
    }

    func isShown(in layout: Layout) -> Bool {
        switch self {
        case .grid: !layout.grid.isEmpty
        case .tables: !layout.tables.isEmpty
        case .sequences: !layout.sequences.isEmpty
        }
    }
}

/// A chapter list that cannot be used (no chapters, or an engine that fails to build).
struct AppStateError: KVVizError, Equatable {
    public let description: String
}

/// Everything the screen depends on. `view` reads it, only `update` changes it.
///
/// One engine per chapter: the snapshot on screen is the engine's own, and the narration is
/// recorded from that engine's snapshots as `update` moves it (`moveEngine`), so what is
/// narrated is what is drawn and `view` never steps anything.
public struct AppState: Sendable {
    public let chapters: [Chapter]
    private(set) var chapterIndex: Int
    public private(set) var engine: Engine
    /// The chapter's narration for the run on screen, recorded step by step.
    public private(set) var track: NarrationTrack
    /// The scenario's narration on screen now, if the chapter has one for this step.
    public private(set) var narration: NarrationText?
    /// After `p`: the run with the other prefix-caching setting, for the counter line.
    var prefixComparison: PrefixComparison?
    /// After `k`/`K`: the run with the block size before, for the counter line's hit rates.
    var blockSizeComparison: BlockSizeComparison?
    /// The block size the chapter's own run has (`k`/`K` replay with others).
    private(set) var chapterBlockSize: Int?
    public internal(set) var language: Language
    /// Theme, colour depth and glyph set, fixed for the session.
    public let appearance: Appearance
    public var colors: Bool { appearance.colors }
    public internal(set) var size: Size
    /// Playback speed in steps per second.
    public internal(set) var speed: Double
    var isPlaying = false
    var viewMode: ViewMode
    /// The panel the user moved the focus to (Tab, a click), nil until then.
    public internal(set) var focus: Panel?
    /// The first-minute orientation over the real screen: the tour sets it, any key closes it,
    /// once per run (`openInteractively`).
    var showsOrientation = false
    /// Chapters open with a card of their title and summary (interactive sessions only).
    var opensWithSummary = false
    /// The chapter card is up (the first key that does something closes it).
    var showsChapterCard = false
    /// Index of the grid cell under the cursor (a block, or a group of blocks when aggregated).
    public internal(set) var cursor = 0
    /// The block the inspector shows, when open.
    var inspected: BlockID?
    /// The inspector shows the block as its tensors (Enter in the inspector).
    var inspectsTensors = false
    var showsHelp = false
    /// The first request row the sequences panel shows (the mouse wheel moves it).
    var sequenceScroll = 0
    /// The request whose blocks the grid highlights and numbers in logical order (Up/Down in
    /// the block tables, or a click on a table row); nil for none.
    var focusedRequest: RequestID?
    /// Focus mode for a projector: grid and tables enlarged, full versus light block glyphs.
    public internal(set) var focusMode = false
    /// A recording or slide (`kvviz render`): no play state and no key legend on screen.
    var isRecording = false
    /// Fraction of a step accumulated by ticks, so slow speeds still advance.
    var pendingSteps = 0.0
    /// `m`: the mapping view on or off; nil follows the walkthrough's cue (`show: [mapping]`).
    var mappingChoice: Bool?
    /// The attention sweep on screen (`a`, or a cue's `show: [sweep]`): view state only.
    var sweep: AttentionSweep?

    /// The title of a walkthrough the tour plays after the last chapter, outside this state (a
    /// recorded walkthrough): the end's "→ next:" line names it, and going on past the last
    /// chapter hands back `Effect.leave`.
    public var followedBy: LocalizedText?

    static let speeds: [Double] = [0.5, 1, 2, 4, 8, 16, 32]

    public init(chapters: [Chapter], language: Language, colors: Bool, size: Size, speed: Double = 2,
                focusMode: Bool = false) throws {
        try self.init(chapters: chapters, language: language, appearance: Appearance(colors: colors), size: size,
                      speed: speed, focusMode: focusMode)
    }

    public init(chapters: [Chapter], language: Language, appearance: Appearance, size: Size,
                speed: Double = 2, focusMode: Bool = false) throws {
        guard let first = chapters.first else {
            throw AppStateError(description: "no chapters to show; pass at least one walkthrough")
        }
        self.chapters = chapters
        self.chapterIndex = 0
        self.engine = try Self.build(first)
        self.chapterBlockSize = engine.config.blockSize
        self.track = NarrationTrack(script: first.script)
        self.language = language
        self.appearance = appearance
        self.size = size
        self.speed = max(0.25, min(speed, 64))
        self.viewMode = first.initialView
        self.focusMode = focusMode
        moveEngine(.stay)
    }

    public var chapter: Chapter { chapters[chapterIndex] }

    /// For a person at a terminal (not a recording): every chapter opens with its summary, and
    /// with `orientation` the first screen names each panel where it is.
    public mutating func openInteractively(orientation: Bool) {
        opensWithSummary = true
        showsChapterCard = true
        showsOrientation = orientation
    }

    /// The chapter after this one in the tour, if any.
    var nextChapter: Chapter? {
        chapters.indices.contains(chapterIndex + 1) ? chapters[chapterIndex + 1] : nil
    }

    /// The title of what comes after this chapter: the next chapter, or `followedBy` after the last.
    var nextTitle: LocalizedText? { nextChapter?.title ?? followedBy }

    /// Walkthroughs in the tour, the one played after the last chapter included.
    var tourLength: Int { chapters.count + (followedBy == nil ? 0 : 1) }

    /// Whether going on from here leaves the session (the last chapter, with `followedBy`).
    var leavesAfterThis: Bool { followedBy != nil && chapterIndex + 1 == chapters.count }

    /// Shows chapter `index` from its start, its engine built here: the run loop's call when it
    /// comes back to the tour from the walkthrough after it (`update` asks for a job instead).
    /// A chapter whose engine does not build leaves the state as it was.
    public mutating func showChapter(_ index: Int) {
        guard chapters.indices.contains(index), let built = try? AppState.build(chapters[index]) else { return }
        showChapter(index, engine: built)
    }

    /// True while playing: the run loop then wakes up on a timer instead of waiting for keys.
    public var isAnimating: Bool { isPlaying || sweep != nil }

    /// How often the run loop should tick while animating.
    public var wantsStepsPerSecond: Double {
        max(isPlaying ? speed : 0, sweep != nil ? AttentionSweep.framesPerSecond : 0)
    }

    /// The picture on screen: the engine's current snapshot.
    public var snapshot: Snapshot { engine.snapshot }

    /// Where the grid's cells are on screen right now: what the cursor, Enter and clicks use.
    /// (The mapping's band takes rows from the grid when it is on.)
    /// (An aggregated grid never gives rows to the band: the mapping is a strip there.)
    var gridGeometry: GridGeometry {
        let whole = layout.gridGeometry(for: snapshot)
        return showsMapping && whole.blocksPerCell == 1 ? Frame(state: self).gridGeometry : whole
    }

    /// Where every panel is right now (the same value `view` draws with).
    var layout: Layout {
        var layout = Layout(size: size, viewMode: viewMode, focusMode: focusMode, sequenceRows: snapshot.requests.count,
                            pictures: chapter.pictures)
        if viewMode == .paged { layout.placePictures(for: snapshot) }
        return layout
    }

    // MARK: Mutations used by update

    static func build(_ chapter: Chapter) throws -> Engine {
        do {
            return try chapter.makeEngine()
        } catch {
            throw AppStateError(description: "chapter \(chapter.name) cannot start: \(error)")
        }
    }

    /// Moves the engine and brings everything that follows from it up to date: steps reached for
    /// the first time are recorded into the narration one by one (so no event is skipped), the
    /// narration on screen is re-read, and the cursor and inspector are kept inside the pool.
    /// Every change to the engine goes through here.
    mutating func moveEngine(_ move: EngineMove) {
        move.perform(on: &engine, recording: &track)
        track.record(engine.snapshot)
        refreshNarration()
        refreshSweep()
        clampCursor()
    }

    /// Moves the engine (recording every new step into the narration) without bringing the rest
    /// up to date: one slice of a job (`JobRun`), which ends with `moveEngine(.stay)`, so the
    /// screen sees a single move, the same as if it had been made at once.
    mutating func advanceEngine(_ move: EngineMove) {
        move.perform(on: &engine, recording: &track)
    }

    /// One slice of going back to `target` (a job, see `stepBack()`): replays at most `steps`
    /// steps; true once the engine is there, with everything that follows from it up to date.
    mutating func replayBack(to target: Int, steps: Int) -> Bool {
        guard engine.seekBack(to: target, replayingAtMost: steps) else { return false }
        moveEngine(.stay)
        return true
    }

    /// Re-reads the narration for the screen: the cue's text with its figures, or, where the
    /// screen's mode (prefix caching, contiguous policy, view) is not the one the cue describes
    /// or a figure has no value, one line saying so.
    mutating func refreshNarration() {
        guard let firing = track.firing(at: engine.step), let shown = track.text(for: engine.snapshot) else {
            narration = nil
            return
        }
        if let fileSize = chapterBlockSize, engine.config.blockSize != fileSize {
            // The cues speak of the file's block size (hits, blocks per request): none is shown
            // over a run with another one.
            narration = NarrationText(text: ModeNote.blockSize(fileSize, now: engine.config.blockSize))
        } else if let mismatch = modeMismatch(of: firing) {
            narration = NarrationText(text: ModeNote.text(mismatch))
        } else if let en = shown.en, let zh = shown.zh {
            narration = NarrationText(text: LocalizedText(en: en, zh: zh), pause: shown.pause)
        } else {
            narration = NarrationText(text: ModeNote.noFigure)
        }
    }

    /// How the screen's mode differs from the one the cue of `firing` describes (nil: it does not).
    public func modeMismatch(of firing: NarrationTrack.Firing) -> NarrationMode.Mismatch? {
        track.script.cues[firing.cue].describes?.mismatch(prefixCaching: engine.prefixCaching,
                                                         contiguous: engine.config.contiguousPolicy,
                                                         view: viewMode.name)
    }

    /// The view on screen (`v` cycles it).
    public var view: ViewMode { viewMode }

    /// Where the narration box and the counter line are on screen now (for `kvviz check`).
    public var narrationArea: Rect { layout.narration }
    public var counterArea: Rect { layout.counter }

    /// Keeps the cursor and the inspected block valid for the current pool and layout.
    mutating func clampCursor() {
        let cells = gridGeometry.cellCount
        cursor = min(max(0, cursor), max(0, cells - 1))
        if let inspected, inspected.index >= snapshot.numBlocks { self.inspected = nil }
        if let focusedRequest, snapshot.position(of: focusedRequest) == nil { self.focusedRequest = nil }
    }

    /// Replaces the engine with a fresh run (step 0) and its own narration.
    mutating func replaceEngine(_ fresh: Engine) {
        engine = fresh
        sweep = nil
        track = NarrationTrack(script: chapter.script)
        moveEngine(.stay)
    }

    /// Shows chapter `index` from its start on `built`, its fresh engine: the end of the job
    /// `openChapter` asks for (a chapter that fails to build is skipped before this, so the tour
    /// never ends up without an engine).
    mutating func showChapter(_ index: Int, engine built: Engine) {
        guard chapters.indices.contains(index) else { return }
        chapterIndex = index
        showsChapterCard = opensWithSummary
        viewMode = chapters[index].initialView
        isPlaying = false
        pendingSteps = 0
        inspected = nil
        focusedRequest = nil
        mappingChoice = nil
        cursor = 0
        prefixComparison = nil
        blockSizeComparison = nil
        chapterBlockSize = built.config.blockSize
        replaceEngine(built)
    }
}

/// The ways `update` moves the engine. Going forward past the steps the narration has recorded
/// walks one step at a time and records each snapshot; going back, or forward through recorded
/// steps, seeks directly (the track already knows those steps).
enum EngineMove {
    case stay, forward, back
    case seek(Int)
    /// To the end of the run, at most this many more steps.
    case end(maxSteps: Int)

    func perform(on engine: inout Engine, recording track: inout NarrationTrack) {
        switch self {
        case .stay: return
        case .forward: Self.seek(engine.step + 1, &engine, &track)
        case .back: Self.seek(engine.step - 1, &engine, &track)
        case let .seek(step): Self.seek(step, &engine, &track)
        case let .end(maxSteps):
            if track.script.isEmpty {
                engine.runToEnd(maxSteps: maxSteps)
            } else {
                Self.seek(engine.step + maxSteps, &engine, &track)
            }
        }
    }

    private static func seek(_ target: Int, _ engine: inout Engine, _ track: inout NarrationTrack) {
        let target = max(0, target)
        if target <= engine.step || track.script.isEmpty {
            engine.seek(to: target)
            return
        }
        let recorded = track.recordedSteps - 1
        if engine.step < recorded { engine.seek(to: min(target, recorded)) }
        while engine.step < target, !engine.isComplete {
            engine.stepForward()
            track.record(engine.snapshot)
        }
    }
}
