import KVEvents
import Narration
import TerminalCanvas

/// The state of the live prefix-cache screen (`kvviz attach`, `kvviz replay`): the cache the
/// events built, the server's own figures, and what the user looks at. `update` changes it;
/// `LiveView.draw` reads it and nothing else.
public struct LiveScreen: Sendable {
    /// Where the frames come from, shown in the title bar.
    public var source: String
    public var cache = LiveCache()
    public var metrics: ServerMetrics?
    /// With a `/metrics` page per data-parallel rank: their sum, and how many ranks' pages it holds.
    public var metricsTotal: MetricsTotal?

    public struct MetricsTotal: Sendable, Equatable {
        public var metrics: ServerMetrics
        public var ranks: Int
        public var of: Int

        public init(metrics: ServerMetrics, ranks: Int, of: Int) {
            (self.metrics, self.ranks, self.of) = (metrics, ranks, of)
        }
    }
    public var metricsProblem: String?
    /// The connection as the transport reports it ("connected", "connection refused", ...).
    public var connection = ""
    public var size = Size(width: 120, height: 40)
    public var language = Language.en
    public var appearance = Appearance()
    /// The tier shown (index into `cache.state.sortedTiers`).
    public var tierIndex = 0
    /// The cursor: a flat block index into the shown tier's trees.
    public var cursor = 0
    public var inspecting = false
    public var showHelp = false
    /// Replay position and playback (nil while attached live).
    public var playback: Playback?
    /// Derived once per change, in `refresh`.
    public private(set) var trees: LiveTrees?
    /// Hashes stored in the last applied batch, highlighted.
    public var fresh: Set<BlockHash> = []
    /// Every data-parallel rank attached (empty or one: a single server); `cache` is the one
    /// at `rankIndex`, R shows the next.
    public var ranks: [RankSummary] = []
    public var rankIndex = 0
    /// A recorded walkthrough's cue for the frame shown (nil outside a walkthrough).
    public var narration: Narration?
    /// A recorded walkthrough's opening card (its title and summary), up until the first key.
    public var card: LiveCard?
    /// A recording with no `/metrics` frames: the server line says so (a walkthrough leaves it
    /// empty) instead of asking for `--metrics`, which a recording cannot take.
    public var recordedWithoutMetrics = false
    /// Frames for `kvviz render`: no play state in the title, no key legend.
    public var isRecording = false

    /// The cue of a recorded walkthrough on screen, its figures filled in.
    public struct Narration: Sendable, Equatable {
        public var title: RecordedWalkthrough.Text
        public var cue: Int
        public var cues: Int
        public var en: String
        public var zh: String

        public init(title: RecordedWalkthrough.Text, cue: Int, cues: Int, en: String, zh: String) {
            (self.title, self.cue, self.cues, self.en, self.zh) = (title, cue, cues, en, zh)
        }

        public func text(_ language: Language) -> String { language == .en ? en : zh }
    }

    /// One data-parallel rank in the ranks line: its endpoint and what its events built.
    public struct RankSummary: Sendable, Equatable {
        public var rank: Int
        public var endpoint: String
        public var blocks: Int
        public var trees: Int
        public var missing: Int64

        public init(rank: Int, endpoint: String, cache: LiveCache) {
            self.rank = rank
            self.endpoint = endpoint
            blocks = cache.state.blockCount
            trees = cache.state.treeCount
            missing = cache.tracker.missing
        }
    }

    public struct Playback: Sendable, Equatable {
        public var position: Int
        public var count: Int
        public var playing: Bool
        public var speed: Double
        public var seconds: Double

        public init(position: Int, count: Int, playing: Bool = false, speed: Double = 1, seconds: Double = 0) {
            self.position = position
            self.count = count
            self.playing = playing
            self.speed = speed
            self.seconds = seconds
        }
    }

    public init(source: String) { self.source = source }

    public var tiers: [CacheTier] { cache.state.sortedTiers }
    public var currentTier: CacheTier? { tiers.isEmpty ? nil : tiers[min(tierIndex, tiers.count - 1)] }

    /// Rebuilds the trees of the shown tier after the cache changed.
    public mutating func refresh() {
        guard let tier = currentTier, let entry = cache.state.tier(tier) else { trees = nil; cursor = 0; return }
        trees = LiveTrees(tier: tier, state: entry)
        cursor = min(cursor, max(0, entry.count - 1))
    }

    /// The block under the cursor, with what the cache knows of it.
    public var selected: (hash: BlockHash, depth: Int, tree: Int, block: PrefixCacheState.Block)? {
        guard let tier = currentTier, let found = trees?.block(at: cursor), let block = cache.state.tier(tier)?.blocks[found.hash] else { return nil }
        return (found.hash, found.depth, found.tree, block)
    }
}

/// What a key does on the live screen.
public enum LiveAction: Equatable, Sendable {
    case quit, nextTier, previousTier, nextRank, move(Int), moveRow(Int), inspect, toggleHelp, toggleLanguage
    case resize(Size)
    // Replay only:
    case togglePlay, step(Int), speed(Double), seek(Double), home, end
    // A recorded walkthrough only: the next cue, the next or previous walkthrough of the tour;
    // Esc closes the card, the help or the block shown (it never quits a walkthrough).
    case nextCue, nextWalkthrough, previousWalkthrough, close
}

extension LiveScreen {
    /// `walkthrough`: a recorded walkthrough, where `j` goes to the next cue and `] [` (or `n`
    /// `b` past the ends) move through the tour as in the other walkthroughs; PageUp and
    /// PageDown seek.
    public static func action(forKey key: Key, replay: Bool, walkthrough: Bool = false) -> LiveAction? {
        if walkthrough {
            switch key {
            case .char("j"): return .nextCue
            case .char("]"): return .nextWalkthrough
            case .char("["): return .previousWalkthrough
            case .escape: return .close
            default: break
            }
        }
        switch key {
        case .char("q"), .escape: return .quit
        case .tab: return .nextTier
        case .backTab: return .previousTier
        case .up: return .moveRow(-1)
        case .down: return .moveRow(1)
        case .enter: return .inspect
        case .char("?"): return .toggleHelp
        case .char("L"): return .toggleLanguage
        case .char("R"): return .nextRank
        case .left where !replay: return .move(-1)
        case .right where !replay: return .move(1)
        case .char("h"): return .move(-1)
        case .char("l"): return .move(1)
        default: break
        }
        guard replay else { return nil }
        switch key {
        case .space: return .togglePlay
        case .right, .char("n"): return .step(1)
        case .left, .char("b"): return .step(-1)
        case .char("+"), .char("="): return .speed(2)
        case .char("-"): return .speed(0.5)
        case .char("]"), .pageDown: return .seek(0.1)
        case .char("["), .pageUp: return .seek(-0.1)
        case .home: return .home
        case .end: return .end
        default: return nil
        }
    }

    /// Screen-side actions; replay actions are carried out by the replay driver, which owns the frames.
    /// Returns false on quit.
    @discardableResult
    public mutating func update(_ action: LiveAction) -> Bool {
        switch action {
        case .quit: return false
        case .nextTier, .previousTier:
            guard !tiers.isEmpty else { return true }
            tierIndex = (tierIndex + (action == .nextTier ? 1 : tiers.count - 1)) % tiers.count
            cursor = 0
            refresh()
        case let .move(delta):
            cursor = max(0, min(cursor + delta, max(0, (trees?.blockCount ?? 1) - 1)))
        case let .moveRow(delta):
            cursor = max(0, min(cursor + delta * max(1, LiveView.cellsPerRow(size)), max(0, (trees?.blockCount ?? 1) - 1)))
        case .nextRank:
            guard ranks.count > 1 else { return true }
            rankIndex = (rankIndex + 1) % ranks.count
            tierIndex = 0
            cursor = 0
            fresh = []
        case .inspect: inspecting.toggle()
        case .toggleHelp: showHelp.toggle()
        case .close:
            if showHelp { showHelp = false } else { inspecting = false }
        case .toggleLanguage: language = language == .en ? .zh : .en
        case let .resize(newSize): size = newSize
        case .togglePlay, .step, .speed, .seek, .home, .end, .nextCue, .nextWalkthrough, .previousWalkthrough: break
        }
        return true
    }
}
