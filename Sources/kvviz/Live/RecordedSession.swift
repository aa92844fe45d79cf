import CursesBackend
import Foundation
import TerminalCanvas
import Visualizer

/// The loop of a recorded walkthrough on a started terminal: keys to the player, playback
/// ticks, a redraw when something changed. Ends on a quit, a signal, or a move to the next or
/// previous walkthrough of the tour.
struct RecordedSession {
    enum End: Equatable {
        case exit(Int32)
        case next
        case previous
    }

    static func run(_ initial: RecordedPlayer, on terminal: CursesTerminal, appearance: Appearance) -> (End, RecordedPlayer) {
        var player = initial
        player.setAppearance(appearance)
        player.resize(terminal.size)
        var canvas = Canvas(size: terminal.size)
        var dirty = true
        var last = ContinuousClock.now
        while true {
            if dirty {
                if canvas.size != player.screen.size { canvas = Canvas(size: player.screen.size) }
                canvas.clear()
                LiveView.draw(player.screen, on: &canvas)
                terminal.draw(canvas)
                dirty = false
            }
            let input = terminal.readInput(timeoutMs: player.playing ? 30 : 250)
            if let signal = terminal.pendingSignal { return (.exit(CursesTerminal.exitStatus(forSignal: signal)), player) }
            let now = ContinuousClock.now
            let span = now - last
            last = now
            switch input {
            case let .resize(size)?:
                player.resize(size)
                dirty = true
            case let .key(key)?:
                if case .control("l") = key { terminal.invalidate(); dirty = true }
                if let action = LiveScreenSession.visualizerKey(key).flatMap({ LiveScreen.action(forKey: $0, replay: true, walkthrough: true) }) {
                    if action == .toggleLanguage {
                        player.setLanguage(player.screen.language == .en ? .zh : .en)
                    } else {
                        switch player.apply(action) {
                        case .quit: return (.exit(0), player)
                        case .next: return (.next, player)
                        case .previous: return (.previous, player)
                        case .stay: break
                        }
                    }
                    dirty = true
                }
            default: break
            }
            let seconds = Double(span.components.seconds) + Double(span.components.attoseconds) * 1e-18
            if player.tick(seconds: seconds) { dirty = true }
        }
    }
}
