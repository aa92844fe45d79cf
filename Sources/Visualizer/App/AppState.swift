import Engine
import KVCore
import TerminalCanvas

/// The panel that has the keyboard focus (Tab cycles). Only the grid uses the arrows for itself;
/// everywhere else Left and Right step through time, which is why the tour starts on `.sequences`.
public enum Panel: CaseIterable, Sendable {
    case grid, tables, sequences

    /// The next panel after this one that `layout` shows (Tab never lands on a hidden panel).
    func next(in layout: Layout) -> Panel {
        let all = Panel.allCases
        let start = all.firstIndex(of: self)!
        for offset in 1...all.count {
            let candidate = all[(start + offset) % all.count]
            if candidate.isShown(in: layout) { return candidate }
        }
        return self
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
public struct AppStateError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

/// Everything the screen depends on. `view` reads it, only `update` changes it.
///
/// The current snapshot is kept here (the engine builds it lazily through a mutating call), so
/// `view` stays a pure function of an immutable state.
public struct AppState: Sendable {
    public let chapters: [Chapter]
    public private(set) var chapterIndex: Int
    public internal(set) var engine: Engine
    public internal(set) var snapshot: Snapshot
    public internal(set) var language: Language
    /// Theme, colour depth and glyph set, fixed for the session.
    public let appearance: Appearance
    public var colors: Bool { appearance.colors }
    public internal(set) var size: Size
    /// Playback speed in steps per second.
    public internal(set) var speed: Double
    public internal(set) var isPlaying = false
    public internal(set) var viewMode: ViewMode
    public internal(set) var focus: Panel = .sequences
    /// Index of the grid cell under the cursor (a block, or a group of blocks when aggregated).
    public internal(set) var cursor = 0
    /// The block the inspector shows, when open.
    public internal(set) var inspected: BlockID?
    public internal(set) var showsHelp = false
    /// The request whose blocks the grid highlights and numbers in logical order (Up/Down in
    /// the block tables, or a click on a table row); nil for none.
    public internal(set) var focusedRequest: RequestID?
    /// Focus mode for a projector: grid and tables enlarged, full versus light block glyphs.
    public internal(set) var focusMode = false
    /// A recording or slide (`kvviz render`): no play state and no key legend on screen.
    public var isRecording = false
    /// Fraction of a step accumulated by ticks, so slow speeds still advance.
    var pendingSteps = 0.0

    public static let speeds: [Double] = [0.5, 1, 2, 4, 8, 16, 32]

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
        var engine = try Self.build(first)
        self.snapshot = engine.snapshot()
        self.engine = engine
        self.language = language
        self.appearance = appearance
        self.size = size
        self.speed = max(0.25, min(speed, 64))
        self.viewMode = first.initialView
        self.focusMode = focusMode
    }

    public var chapter: Chapter { chapters[chapterIndex] }

    /// True while playing: the run loop then wakes up on a timer instead of waiting for keys.
    public var isAnimating: Bool { isPlaying }

    /// How often the run loop should tick while animating.
    public var wantsStepsPerSecond: Double { isPlaying ? speed : 0 }

    /// The scenario's narration for this step, if the chapter has one.
    public var narration: NarrationText? { chapter.narrate(snapshot) }

    /// Where the grid's cells are on screen right now: what the cursor, Enter and clicks use.
    var gridGeometry: GridGeometry { layout.gridGeometry(for: snapshot) }

    /// Where every panel is right now (the same value `view` draws with).
    var layout: Layout {
        Layout(size: size, viewMode: viewMode, focusMode: focusMode, sequenceRows: snapshot.requests.count)
    }

    // MARK: Mutations used by update

    static func build(_ chapter: Chapter) throws -> Engine {
        do {
            return try chapter.makeEngine()
        } catch {
            throw AppStateError(description: "chapter \(chapter.name) cannot start: \(error)")
        }
    }

    mutating func refreshSnapshot() {
        snapshot = engine.snapshot()
        let cells = gridGeometry.cellCount
        cursor = min(max(0, cursor), max(0, cells - 1))
        if let inspected, inspected.index >= snapshot.numBlocks { self.inspected = nil }
        if let focusedRequest, snapshot.request(focusedRequest) == nil { self.focusedRequest = nil }
    }

    /// Shows chapter `index` from its start (a chapter that fails to build is skipped, so the
    /// tour never ends up without an engine).
    mutating func goToChapter(_ index: Int) {
        guard chapters.indices.contains(index), let built = try? Self.build(chapters[index]) else { return }
        chapterIndex = index
        engine = built
        viewMode = chapters[index].initialView
        isPlaying = false
        pendingSteps = 0
        inspected = nil
        focusedRequest = nil
        cursor = 0
        refreshSnapshot()
    }
}
