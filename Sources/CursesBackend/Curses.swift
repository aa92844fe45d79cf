import CNcurses
import CTerminalGuard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every call into ncurses and the C library, each wrapped once (swift-system's Syscalls.swift
/// habit), so the rest of the backend speaks Swift types and the C surface is easy to audit.
enum Curses {
    static let ok: Int32 = 0  // OK
    static let err: Int32 = -1  // ERR

    // MARK: Environment checks and locale

    static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Adopts the user's locale; when that is not UTF-8 (LANG unset or "C"), falls back to
    /// C.UTF-8 for character handling, since the wide-character path draws blanks otherwise.
    static func adoptUTF8Locale() {
        setlocale(LC_ALL, "")
        if !localeIsUTF8() {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    // MARK: Screen lifecycle

    /// A screen on stdout/stdin, or nil when TERM has no terminfo entry (unlike `initscr`,
    /// which would exit the process).
    static func newScreen() -> OpaquePointer? {
        distrustSizeVariables()
        return newterm(nil, cn_stdout(), cn_stdin())
    }

    /// `LINES` and `COLUMNS` override the terminal's size in ncurses, which allocates a screen
    /// of that size: 10000 x 10000 took more than 3 GB and then failed as an "unknown terminal".
    /// Each is kept only when it matches the size the terminal reports (TIOCGWINSZ), or, when
    /// the terminal reports none, when it is a plausible size (1...1000); otherwise it is
    /// removed and ncurses asks the terminal.
    static func distrustSizeVariables() {
        var size = winsize()
        let known = ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_row > 0 && size.ws_col > 0
        for (name, real) in [("LINES", Int(size.ws_row)), ("COLUMNS", Int(size.ws_col))] {
            guard let text = environment(name) else { continue }
            let value = Int(text)
            let keep = known ? value == real : value.map { (1...maxSizeVariable).contains($0) } ?? false
            if !keep { unsetenv(name) }
        }
    }

    /// Largest LINES or COLUMNS believed without a size from the terminal.
    static let maxSizeVariable = 1000

    static func canAddressCursor() -> Bool {
        cn_has_string_capability("cup") != 0
    }

    static func discard(_ screen: OpaquePointer) {
        endwin()
        delscreen(screen)
    }

    /// cbreak, no echo, keypad decoding, hidden cursor, a short Esc delay (NCURSES.md, step 5),
    /// and no XON/XOFF flow control: with it, Ctrl-S pauses output and the next write blocks
    /// the run loop (and with it signal handling); without it Ctrl-S is an ordinary key.
    static func configureInputAndCursor() {
        cbreak()
        noecho()
        keypad(cn_stdscr(), true)
        leaveok(cn_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        var mode = termios()
        if tcgetattr(1, &mode) == 0 {
            mode.c_iflag &= ~tcflag_t(IXON | IXOFF)
            if tcsetattr(1, TCSANOW, &mode) == 0 {
                def_prog_mode()  // ncurses' saved program mode must include the change
            }
        }
    }

    /// The bytes that take the terminal out of full-screen mode without ncurses (for the
    /// signal-time safety net): attributes off, cursor shown, keypad and mouse reporting off,
    /// alternate screen left. Terminfo padding (`$<5>`) is dropped.
    static func restoreSequence() -> [UInt8] {
        var bytes: [UInt8] = []
        for name in ["sgr0", "cnorm", "rmkx"] {
            if let value = cn_string_capability(name) { bytes += withoutPadding(value) }
        }
        bytes += Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?1015l".utf8)
        if let value = cn_string_capability("rmcup") { bytes += withoutPadding(value) }
        return bytes
    }

    private static func withoutPadding(_ capability: UnsafePointer<CChar>) -> [UInt8] {
        let raw = Array(String(cString: capability).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "$"), index + 1 < raw.count, raw[index + 1] == UInt8(ascii: "<"),
               let end = raw[index...].firstIndex(of: UInt8(ascii: ">")) {
                index = end + 1
                continue
            }
            bytes.append(raw[index])
            index += 1
        }
        return bytes
    }

    /// Starts colours with the terminal's own default colours available as -1; returns the
    /// palette size and pair count, or nil when the terminal has no colours.
    static func startColors() -> (colors: Int, pairs: Int)? {
        guard has_colors() else { return nil }
        start_color()
        use_default_colors()
        return (Int(cn_colors()), Int(cn_color_pairs()))
    }

    /// Registers a pair through the extended-colour call, which takes the `Int32` colour
    /// numbers of direct-colour terminals (0xRRGGBB) and pair numbers above 32,767.
    static func registerPair(_ pair: Int32, foreground: Int32, background: Int32) -> Bool {
        init_extended_pair(pair, foreground, background) == ok
    }

    static func enableMouse() {
        mouseinterval(0)
        mousemask(cn_all_mouse_events() | cn_report_mouse_position(), nil)
    }

    static func disableMouse() {
        mousemask(0, nil)
    }

    static func leaveCursesMode() {
        curs_set(1)
        endwin()
    }

    static func screenSize() -> (width: Int, height: Int) {
        (Int(getmaxx(cn_stdscr())), Int(getmaxy(cn_stdscr())))
    }

    // MARK: Drawing

    static func eraseScreen() {
        werase(cn_stdscr())
    }

    /// Repaint the physical screen from scratch on the next update (after garbage appeared).
    static func forceRepaint() {
        clearok(cn_stdscr(), true)
    }

    static func attributes(bold: Bool, dim: Bool, reverse: Bool, underline: Bool) -> attr_t {
        var bits = cn_a_normal()
        if bold { bits |= cn_a_bold() }
        if dim { bits |= cn_a_dim() }
        if reverse { bits |= cn_a_reverse() }
        if underline { bits |= cn_a_underline() }
        return bits
    }

    /// Puts one grapheme cluster at (x, y). Up to four scalars (a base and its combining marks)
    /// go through a complex character; longer clusters (emoji ZWJ sequences) as a short string.
    /// The pair goes through the extended `opts` argument, so pairs above 32,767 work.
    static func put(_ glyph: Character, x: Int, y: Int, attributes: attr_t, pair: Int32) {
        var chars: [wchar_t] = glyph.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        let window = cn_stdscr()
        var extendedPair = pair
        let shortPair = Int16(clamping: pair)
        if chars.count <= 4 {
            chars.append(0)
            var cell = cchar_t()
            if setcchar(&cell, chars, attributes, shortPair, &extendedPair) == ok {
                mvwadd_wch(window, Int32(y), Int32(x), &cell)
                return
            }
            chars.removeLast()
        }
        wattr_set(window, attributes, shortPair, &extendedPair)
        mvwaddnwstr(window, Int32(y), Int32(x), chars, Int32(chars.count))
        wattr_set(window, cn_a_normal(), 0, nil)
    }

    /// Sends everything drawn since the last update to the terminal in one write.
    static func flush() {
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    // MARK: Input

    enum RawInput {
        case character(UInt32)
        case keyCode(Int32)
        case nothing
    }

    /// Waits up to `timeoutMs` (negative: forever) for one key, decoded to a character or a
    /// key code.
    static func readKey(timeoutMs: Int) -> RawInput {
        wtimeout(cn_stdscr(), Int32(clamping: timeoutMs))
        var value: wint_t = 0
        switch wget_wch(cn_stdscr(), &value) {
        case ok: return .character(value)
        case KEY_CODE_YES: return .keyCode(Int32(bitPattern: value))
        default: return .nothing
        }
    }

    /// Drops ncurses' queue of decoded keys and the terminal driver's unread input.
    static func discardTypeahead() {
        flushinp()
    }

    /// Waits up to `waitMs` for input on stdin and reads (and drops) up to 64 KB of it; false
    /// when nothing came (or a signal interrupted the wait).
    static func discardWaitingBytes(waitMs: Int) -> Bool {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(waitMs)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        return buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) } > 0
    }

    /// Puts a key code back so the next `readKey` returns it.
    static func pushBack(_ code: Int32) {
        ungetch(code)
    }

    /// The pending mouse event after KEY_MOUSE: position and button state bits.
    static func readMouse() -> (x: Int, y: Int, state: mmask_t)? {
        var event = MEVENT()
        guard getmouse(&event) == ok else { return nil }
        return (Int(event.x), Int(event.y), event.bstate)
    }

    static func functionKey(_ number: Int) -> Int32 {
        cn_key_f(Int32(number))
    }

    static let button1: mmask_t = cn_button1_pressed()
    static let button2: mmask_t = cn_button2_pressed()
    static let button3: mmask_t = cn_button3_pressed()
    static let button4: mmask_t = cn_button4_pressed()
    static let button5: mmask_t = cn_button5_pressed()

    // MARK: Signals and exit

    /// Remembers the terminal's mode before curses changes it (the mode every exit restores).
    static func saveTerminalMode() {
        tg_save_terminal_mode(1)
    }

    /// Arms the safety net (CTerminalGuard): terminating signals are noted for the run loop and
    /// answered by a watchdog within `graceMs` if the loop is busy; crashes restore the terminal
    /// before the runtime's backtrace. Standard error is held back until the screen is gone.
    static func armTerminalGuard(graceMs: Int32) {
        let bytes = restoreSequence()
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = tg_prepare(1, chars.baseAddress, chars.count)
            }
        }
        _ = tg_install(graceMs)
    }

    /// The run loop left curses mode itself: the watchdog stands down, standard error and the
    /// previous signal handlers come back.
    static func disarmTerminalGuard() {
        tg_finish()
    }

    /// The first terminating signal since the guard was armed, or 0.
    static func pendingSignal() -> Int32 {
        tg_pending_signal()
    }

    static func runAtExit(_ body: @convention(c) () -> Void) {
        atexit(body)
    }
}
