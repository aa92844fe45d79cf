import CursesBackend
import Foundation
import TerminalCanvas
import Visualizer

/// The interactive loop: input -> Action -> update -> view -> draw the changed cells.
///
/// The loop sleeps in `readInput` until a key arrives or the next playback frame is due, so an
/// idle screen costs a few wake-ups a second. Terminating signals are noticed after each
/// wake-up and leave through `stop()`, which restores the terminal (exit 128 + signal: 130 for
/// Ctrl-C, 143 for SIGTERM); while the loop is busy (building a huge pool, drawing its first
/// frame) the backend's watchdog answers them instead, within about 100 ms.
struct InteractiveSession {
    /// Whether to start colours at all (off for mono, NO_COLOR, --no-color).
    let colors: Bool
    /// The look for the terminal's colour depth, known once the screen is up.
    let appearance: (ColorDepth?) -> Appearance
    /// Builds the state (the engine, possibly large) once the look is known.
    let makeState: (Appearance) throws -> AppState
    /// Keys within `burstWindow` that are still typing; more is a paste, and its rest is dropped.
    static let maxKeysPerBurst = 12
    static let burstWindow = Duration.milliseconds(100)

    /// How a session on a terminal ends: an exit status, or leaving for the walkthrough after
    /// the last chapter (`Effect.leave`) with the state as it was, to come back to.
    enum End {
        case exit(Int32)
        case leave(AppState)
    }

    /// Runs until the user quits or a signal arrives; returns the process exit status.
    func run() throws -> Int32 {
        let terminal = try CursesTerminal.start(colors: colors)
        defer { terminal.stop() }
        guard case let .ready(state) = try prepare(on: terminal) else { return terminal.pendingSignal.map(CursesTerminal.exitStatus(forSignal:)) ?? 0 }
        switch run(state, on: terminal) {
        case let .exit(status): return status
        case .leave: return 0
        }
    }

    enum Prepared {
        case ready(AppState)
        case interrupted
    }

    /// Builds the state once the terminal's look is known (a "preparing" line meanwhile).
    func prepare(on terminal: CursesTerminal) throws -> Prepared {
        InteractiveSession.showPreparing(on: terminal)
        let state = try makeState(appearance(terminal.colorDepth))
        return terminal.pendingSignal == nil ? .ready(state) : .interrupted
    }

    /// The loop on a started terminal, from `initial`, until a quit, a signal or a leave.
    func run(_ initial: AppState, on terminal: CursesTerminal) -> End {
        var state = update(initial, .resize(terminal.size)).0
        var canvas = Canvas(size: terminal.size)
        var last = ContinuousClock.now
        var dirty = true
        var burstStart = ContinuousClock.now
        var burstKeys = 0

        while true {
            if dirty {
                if canvas.size != state.size { canvas = Canvas(size: state.size) }
                canvas.clear()
                view(state, into: &canvas)
                terminal.draw(canvas)
                dirty = false
            }
            let timeout = state.isAnimating ? max(1, Int((1000 / max(1, state.wantsStepsPerSecond)).rounded(.up))) : 250
            let input = terminal.readInput(timeoutMs: min(timeout, 250))
            if let signal = terminal.pendingSignal {
                return .exit(CursesTerminal.exitStatus(forSignal: signal))
            }
            if case .key(.control("l")) = input {
                terminal.invalidate()
                dirty = true
                continue
            }
            let now = ContinuousClock.now
            let elapsed = now - last
            last = now
            // Coalesced: input already waiting is read before any of it is applied, and all of
            // it before the next draw. More than `maxKeysPerBurst` keys within `burstWindow` is
            // a paste, never typing: none of it is applied and the rest is dropped unread at
            // once, so a Ctrl-C the terminal queued behind it is answered within 100 ms
            // instead of after every key's update and redraw.
            var inputs = input.map { [$0] } ?? []
            if input != nil {
                if now - burstStart > InteractiveSession.burstWindow { (burstStart, burstKeys) = (now, 0) }
                burstKeys += 1
                while burstKeys < InteractiveSession.maxKeysPerBurst, let more = terminal.readInput(timeoutMs: 0) {
                    inputs.append(more)
                    burstKeys += 1
                }
                if burstKeys >= InteractiveSession.maxKeysPerBurst {
                    terminal.discardPendingInput()
                    burstKeys = 0
                    inputs = inputs.filter { if case .resize = $0 { true } else { false } }
                }
            }
            if let signal = terminal.pendingSignal {
                return .exit(CursesTerminal.exitStatus(forSignal: signal))
            }
            while !inputs.isEmpty {
                let input = inputs.removeFirst()
                // Any key closes the orientation or the chapter card, even one with no meaning.
                guard let action = InteractiveSession.action(for: input) ?? (input.isKey ? .otherKey : nil) else { continue }
                let (next, effects) = update(state, action)
                dirty = true
                guard let effect = effects.first else {
                    state = next
                    continue
                }
                switch effect {
                case .quit:
                    return .exit(0)
                case .leave:
                    return .leave(next)
                case let .run(job):
                    // The screen before the key stays up while the job runs; Esc keeps it.
                    switch InteractiveSession.perform(job, on: next, showing: state, terminal: terminal, canvas: &canvas) {
                    case let .show(shown, later):
                        state = shown
                        inputs += later
                    case let .exit(status): return .exit(status)
                    }
                    last = ContinuousClock.now
                }
            }
            if let signal = terminal.pendingSignal {
                return .exit(CursesTerminal.exitStatus(forSignal: signal))
            }
            if state.isAnimating {
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                state = update(consume state, .tick(elapsedSeconds: seconds)).0
                dirty = true
            }
        }
    }

    /// A first screen while the walkthrough's engine is built (a large pool takes a moment).
    static func showPreparing(on terminal: CursesTerminal) {
        var canvas = Canvas(size: terminal.size)
        canvas.put("kvviz: preparing the walkthrough... (Ctrl-C stops)", at: Point(x: 1, y: 0), style: Style.plain.bolded())
        terminal.draw(canvas)
    }

    /// Maps the backend's input to the visualizer's actions (keys through the visualizer's own map).
    static func action(for input: Input) -> Action? {
        switch input {
        case let .resize(size):
            return .resize(size)
        case let .mouse(event):
            switch event.button {
            case .left: return .click(x: event.position.x, y: event.position.y)
            case .scrollUp: return .scroll(x: event.position.x, y: event.position.y, lines: -1)
            case .scrollDown: return .scroll(x: event.position.x, y: event.position.y, lines: 1)
            default: return nil
            }
        case let .key(key):
            let mapped: Visualizer.Key?
            switch key {
            case .alt, .keypadCentre, .control: mapped = nil
            case let .character(c): mapped = c == " " ? .space : .char(c)
            case .up: mapped = .up
            case .down: mapped = .down
            case .left: mapped = .left
            case .right: mapped = .right
            case .home: mapped = .home
            case .end: mapped = .end
            case .pageUp: mapped = .pageUp
            case .pageDown: mapped = .pageDown
            case .enter: mapped = .enter
            case .escape: mapped = .escape
            case .tab: mapped = .tab
            case .backTab: mapped = .backTab
            default: mapped = nil
            }
            return mapped.flatMap { Visualizer.action(forKey: $0) }
        }
    }
}

extension Input {
    var isKey: Bool {
        if case .key = self { return true }
        return false
    }
}
