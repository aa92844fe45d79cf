import CursesBackend
import Foundation
import KVEvents
import LiveTransport
import TerminalCanvas
import Visualizer

/// The live screen's loop (`attach` and `replay`): keys, frames from a source, a redraw when
/// something changed. The terminal is restored on every way out (quit, error, signal).
struct LiveScreenSession {
    let colors: Bool
    let language: Language

    /// A source of frames: called every loop turn with the screen to update; returns whether the
    /// screen changed. `replay` says whether the playback keys apply.
    struct Source {
        var replay: Bool
        var poll: (inout LiveScreen, _ action: LiveAction?) -> Bool
    }

    func run(screen initial: LiveScreen, source: Source) throws -> Int32 {
        let terminal = try CursesTerminal.start(colors: colors)
        defer { terminal.stop() }
        var screen = initial
        screen.language = language
        screen.appearance = Appearance(colors: colors && terminal.colorDepth != nil)
        screen.size = terminal.size
        var canvas = Canvas(size: screen.size)
        var dirty = true
        var lastRefresh = ContinuousClock.now
        var stale = true
        while true {
            if stale, ContinuousClock.now - lastRefresh > .milliseconds(200) {
                screen.refresh()
                stale = false
                lastRefresh = ContinuousClock.now
                dirty = true
            }
            if dirty {
                if canvas.size != screen.size { canvas = Canvas(size: screen.size) }
                canvas.clear()
                LiveView.draw(screen, on: &canvas)
                terminal.draw(canvas)
                dirty = false
            }
            let input = terminal.readInput(timeoutMs: 50)
            if let signal = terminal.pendingSignal { return CursesTerminal.exitStatus(forSignal: signal) }
            var action: LiveAction?
            switch input {
            case let .resize(size)?: action = .resize(size)
            case let .key(key)?:
                if case .control("l") = key { terminal.invalidate(); dirty = true }
                action = Self.visualizerKey(key).flatMap { LiveScreen.action(forKey: $0, replay: source.replay) }
            default: break
            }
            if let action {
                if !screen.update(action) { return 0 }
                dirty = true
                if case .nextTier = action { stale = false } else if case .previousTier = action { stale = false }
                // A new rank's cache arrives with the next poll; its trees are built then.
            }
            if source.poll(&screen, action) { stale = true; dirty = true }
        }
    }

    static func visualizerKey(_ key: CursesBackend.Key) -> Visualizer.Key? {
        switch key {
        case let .character(c): return c == " " ? .space : .char(c)
        case .up: return .up
        case .down: return .down
        case .left: return .left
        case .right: return .right
        case .home: return .home
        case .end: return .end
        case .pageUp: return .pageUp
        case .pageDown: return .pageDown
        case .enter: return .enter
        case .escape: return .escape
        case .tab: return .tab
        case .backTab: return .backTab
        default: return nil
        }
    }
}

/// The live source of `attach`: a subscriber and a cache per data-parallel rank, the replay
/// catch-up, the metrics poller. The screen shows the cache of the rank it selects (R) and a
/// line of every rank's figures.
enum AttachSource {
    static func make(endpoints: LiveEndpoints, topic: String, recordPath: String?) throws -> (LiveScreenSession.Source, () -> Void) {
        let sources = try LiveSources(endpoints: endpoints, topic: topic, recordPath: recordPath)
        let (context, subscribers, pollers) = (sources.context, sources.subscribers, sources.pollers)
        var feeds = sources.feeds
        var pages = RankPages(count: pollers.count)
        var caughtUp = endpoints.replays == nil
        let source = LiveScreenSession.Source(replay: false) { screen, action in
            var changed = action == .nextRank
            if !caughtUp, let replays = endpoints.replays {
                caughtUp = true
                for (rank, replay) in replays.enumerated() {
                    if let problem = feeds[rank].catchUp(context: context, replay: replay, each: { _, _, _ in }) { feeds[rank].cache.note("--replay: " + problem) }
                }
                changed = true
            }
            for (rank, subscriber) in subscribers.enumerated() {
                for result in subscriber.receive(timeoutMs: 0, limit: 5_000) {
                    switch result {
                    case let .success(frame): _ = feeds[rank].ingest(frame, kind: .live)
                    case let .failure(error): feeds[rank].cache.note(error.description + "; not a vLLM KV-event message, skipped")
                    }
                    changed = true
                }
                feeds[rank].cache.roll(to: feeds[rank].elapsed)
            }
            let shown = min(screen.rankIndex, feeds.count - 1)
            // Each page is taken by its rank's feed (rank 0's records it); one page is the whole server's.
            for (index, poller) in pollers.enumerated() {
                if let reading = feeds[index].take(poller) { pages.note(reading, at: index); changed = true }
            }
            if !pollers.isEmpty, pages.show(rank: shown, on: &screen) { changed = true }
            if feeds.count > 1 {
                let ranks = feeds.indices.map { LiveScreen.RankSummary(rank: $0, endpoint: endpoints.ranks[$0].description, cache: feeds[$0].cache) }
                if ranks != screen.ranks { screen.ranks = ranks; changed = true }
                screen.source = endpoints.ranks[shown].description
            }
            let connection = subscribers[shown].connection.describe(endpoints.ranks[shown], language: screen.language)
            if connection != screen.connection { screen.connection = connection; changed = true }
            if changed || screen.cache.thisSecond != feeds[shown].cache.thisSecond { screen.cache = feeds[shown].cache }
            return changed
        }
        return (source, { sources.stop(); _ = context })
    }
}
