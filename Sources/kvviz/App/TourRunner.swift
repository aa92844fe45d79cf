import CursesBackend
import Foundation
import TerminalCanvas
import Visualizer

/// The tour on one terminal: the chapters of a part (one `AppState`), then its recorded
/// walkthroughs, each played by `RecordedSession`. Going on past the last chapter opens the
/// first recorded walkthrough; `[` there comes back to the last chapter; `]` goes on to the
/// next recorded one.
struct TourRunner {
    let session: InteractiveSession
    /// Whether the part has chapters before its recorded walkthroughs.
    let hasChapters: Bool
    let recorded: [RecordedDemo]
    let language: Language

    func run() throws -> Int32 {
        let terminal = try CursesTerminal.start(colors: session.colors)
        defer { terminal.stop() }
        let appearance = session.appearance(terminal.colorDepth)
        var chapters: AppState?
        var index = -1  // -1: the chapters; 0...: a recorded walkthrough
        if case let .ready(state)? = try chaptersIfAny(on: terminal) {
            chapters = state
        } else if terminal.pendingSignal != nil {
            return terminal.pendingSignal.map(CursesTerminal.exitStatus(forSignal:)) ?? 0
        } else {
            index = 0
        }
        var players = recorded.map { $0.player(language: language) }
        let chapterCount = chapters?.chapters.count ?? 0
        // Each recorded walkthrough opens with its card, as a chapter does, whenever it is entered.
        func enter(_ target: Int, language: Language) {
            index = target
            players[target].setLanguage(language)
            let total = chapterCount + players.count
            players[target].showCard(place: total > 1 ? chapterCount + target + 1 : nil, of: total > 1 ? total : nil)
        }
        if index == 0, !players.isEmpty { enter(0, language: language) }
        while true {
            if index < 0, var state = chapters {
                switch session.run(state, on: terminal) {
                case let .exit(status): return status
                case let .leave(left):
                    state = left
                    chapters = state
                    guard !players.isEmpty else { return 0 }
                    enter(0, language: state.language)
                }
            } else {
                guard players.indices.contains(index) else { return 0 }
                let (end, player) = RecordedSession.run(players[index], on: terminal, appearance: appearance)
                players[index] = player
                switch end {
                case let .exit(status): return status
                case .next where index + 1 < players.count:
                    enter(index + 1, language: player.screen.language)
                case .next: break
                case .previous where index > 0:
                    enter(index - 1, language: player.screen.language)
                case .previous:
                    guard var state = chapters else { break }
                    state.showChapter(state.chapters.count - 1)
                    if state.language != player.screen.language { state = update(state, .toggleLanguage).0 }
                    chapters = state
                    index = -1
                }
            }
        }
    }

    /// The chapters' state (nil: the tour is recorded walkthroughs only).
    private func chaptersIfAny(on terminal: CursesTerminal) throws -> InteractiveSession.Prepared? {
        hasChapters ? try session.prepare(on: terminal) : nil
    }
}
