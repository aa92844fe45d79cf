import TerminalCanvas

/// The interactive terminal: the one object in kvviz that owns the screen.
///
/// Start it with `start(colors:)`, draw a `Canvas` per frame with `draw(_:)`, read keys with
/// `readInput(timeoutMs:)`, and always `stop()` it (use `defer`). Terminating signals (Ctrl-C,
/// Ctrl-\, SIGTERM, SIGHUP, SIGUSR1/2, SIGALRM, SIGPIPE) set `pendingSignal`, which the run loop
/// checks after every `readInput` and answers by stopping and exiting with
/// `exitStatus(forSignal:)` (130 for Ctrl-C); if the loop is busy, a watchdog restores the
/// terminal and exits for it (see `SignalTrap` for every way out).
///
/// A class because it stands for a unique resource (the terminal), used from one thread.
public final class CursesTerminal {
    /// The screen handle from `newterm`.
    private let screen: OpaquePointer
    /// The colours the terminal shows; nil when colours are off or it has none.
    public let colorDepth: ColorDepth?
    var colorPairs: ColorPairTable
    /// The frame on screen, for drawing only what changed; nil forces a full redraw.
    var previousFrame: Canvas?
    private(set) public var isRunning = true

    private init(screen: OpaquePointer, palette: (colors: Int, pairs: Int)?) {
        self.screen = screen
        self.colorDepth = palette.flatMap { ColorDepth(terminalColors: $0.colors) }
        self.colorPairs = ColorPairTable(capacity: palette?.pairs ?? 1)
    }

    /// Takes over the terminal: checks that stdin and stdout are terminals and TERM is usable,
    /// enters full-screen mode, and installs the signal traps. Throws a `CursesError` (and
    /// leaves the terminal untouched) when the screen cannot be used; the caller then prints
    /// the error or falls back to headless output. `colors: false` draws attributes only
    /// (for `NO_COLOR` or `--no-color`).
    public static func start(colors: Bool) throws -> CursesTerminal {
        guard !cursesModeActive.load(ordering: .relaxed) else { throw CursesError.alreadyRunning }
        guard Curses.isTerminal(0) else { throw CursesError.notATerminal(stream: "stdin") }
        guard Curses.isTerminal(1) else { throw CursesError.notATerminal(stream: "stdout") }
        guard let term = Curses.environment("TERM"), !term.isEmpty else { throw CursesError.missingTerm }
        Curses.adoptUTF8Locale()
        Curses.saveTerminalMode()
        guard let screen = Curses.newScreen() else { throw CursesError.unknownTerminal(term: term) }
        guard Curses.canAddressCursor() else {
            Curses.discard(screen)
            throw CursesError.cannotAddressCursor(term: term)
        }
        Curses.configureInputAndCursor()
        let palette = colors ? Curses.startColors() : nil
        Curses.enableMouse()
        cursesModeActive.store(true, ordering: .relaxed)
        SignalTrap.install()
        return CursesTerminal(screen: screen, palette: palette)
    }

    /// Gives the terminal back: mouse reporting off, cursor visible, normal screen, default
    /// signal handling. Safe to call more than once.
    public func stop() {
        guard isRunning else { return }
        isRunning = false
        Curses.disableMouse()
        if cursesModeActive.exchange(false, ordering: .relaxed) {
            Curses.leaveCursesMode()
        }
        SignalTrap.uninstall()
    }

    deinit {
        stop()
    }

    /// The terminal's current size in cells; size the next Canvas to it.
    public var size: Size {
        let (width, height) = Curses.screenSize()
        return Size(width: width, height: height)
    }

    /// The terminating signal received since start, if any.
    public var pendingSignal: Int32? {
        let value = Curses.pendingSignal()
        return value == 0 ? nil : value
    }

    /// The shell convention for "terminated by signal n": 128 + n (130 for Ctrl-C, 143 for SIGTERM).
    public static func exitStatus(forSignal signal: Int32) -> Int32 {
        128 + signal
    }

    /// Makes the next `draw` repaint every cell (e.g. on Ctrl-L, or after something else wrote
    /// to the terminal).
    public func invalidate() {
        previousFrame = nil
        Curses.forceRepaint()
    }
}
