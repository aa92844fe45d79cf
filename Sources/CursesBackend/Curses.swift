import CNcurses
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
        newterm(nil, cn_stdout(), cn_stdin())
    }

    static func canAddressCursor() -> Bool {
        cn_has_string_capability("cup") != 0
    }

    static func discard(_ screen: OpaquePointer) {
        endwin()
        delscreen(screen)
    }

    /// cbreak, no echo, keypad decoding, hidden cursor, a short Esc delay (NCURSES.md, step 5).
    static func configureInputAndCursor() {
        cbreak()
        noecho()
        keypad(cn_stdscr(), true)
        leaveok(cn_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
    }

    /// Starts colours with the terminal's own default colours available as -1; returns the
    /// palette size and pair count, or nil when the terminal has no colours.
    static func startColors() -> (colors: Int, pairs: Int)? {
        guard has_colors() else { return nil }
        start_color()
        use_default_colors()
        return (Int(cn_colors()), Int(cn_color_pairs()))
    }

    static func registerPair(_ pair: Int16, foreground: Int16, background: Int16) -> Bool {
        init_pair(pair, foreground, background) == ok
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
    static func put(_ glyph: Character, x: Int, y: Int, attributes: attr_t, pair: Int16) {
        var chars: [wchar_t] = glyph.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        let window = cn_stdscr()
        if chars.count <= 4 {
            chars.append(0)
            var cell = cchar_t()
            if setcchar(&cell, chars, attributes, pair, nil) == ok {
                mvwadd_wch(window, Int32(y), Int32(x), &cell)
                return
            }
            chars.removeLast()
        }
        wattr_set(window, attributes, pair, nil)
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

    /// Routes SIGINT, SIGTERM and SIGHUP to `handler` (which may only store into an atomic).
    static func trapTerminationSignals(_ handler: @convention(c) (Int32) -> Void) {
        for signalNumber in terminationSignals {
            signal(signalNumber, handler)
        }
    }

    static func restoreDefaultSignalHandling() {
        for signalNumber in terminationSignals {
            signal(signalNumber, SIG_DFL)
        }
    }

    static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func runAtExit(_ body: @convention(c) () -> Void) {
        atexit(body)
    }
}
