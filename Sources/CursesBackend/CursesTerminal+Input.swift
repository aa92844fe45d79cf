import CNcurses
import TerminalCanvas

extension CursesTerminal {
    /// Waits up to `timeoutMs` milliseconds (negative: until something happens) for the next
    /// input and returns it, or nil when the time ran out or a signal interrupted the wait.
    ///
    /// Mouse motion and button releases are not inputs and are skipped (within the same
    /// deadline). After a `.resize`, the next `draw` repaints everything. Check `pendingSignal`
    /// after every call.
    public func readInput(timeoutMs: Int) -> Input? {
        guard isRunning else { return nil }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(max(0, timeoutMs)))
        var wait = timeoutMs
        while true {
            if let input = decode(Curses.readKey(timeoutMs: wait)) {
                return input
            }
            if pendingSignal != nil { return nil }
            if timeoutMs >= 0 {
                let left = clock.now.duration(to: deadline)
                guard left > .zero else { return nil }
                let (seconds, attoseconds) = left.components
                wait = Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            }
        }
    }

    /// Drops input that is already waiting or keeps arriving within `quietMs` (the rest of a
    /// paste), for at most `budgetMs`, stopping at once for a signal (Ctrl-C interrupts the
    /// wait). ncurses' own queue is flushed and the terminal is read directly in 64 KB chunks,
    /// so a 100 KB paste is gone in milliseconds and a Ctrl-C queued behind it arrives at once.
    /// A resize during the paste still reaches the next `readInput` (ncurses learns of it from
    /// SIGWINCH, not from this input).
    public func discardPendingInput(quietMs: Int = 30, budgetMs: Int = 10_000) {
        guard isRunning else { return }
        Curses.discardTypeahead()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(budgetMs))
        while clock.now < deadline, pendingSignal == nil, Curses.discardWaitingBytes(waitMs: quietMs) {}
    }

    /// nil for "nothing worth reporting" (timeout, ignored mouse events, unknown key codes).
    private func decode(_ raw: Curses.RawInput) -> Input? {
        switch raw {
        case .nothing:
            return nil
        case .character(27):
            return .key(escapeSequence())
        case .character(let value):
            return Self.key(forCharacter: value).map(Input.key)
        case .keyCode(KEY_RESIZE):
            previousFrame = nil
            return .resize(size)
        case .keyCode(KEY_MOUSE):
            return mouseInput()
        case .keyCode(let code):
            return Self.key(forCode: code).map(Input.key)
        }
    }

    /// Time to wait for the rest of an escape sequence: its bytes arrive together, so this only
    /// delays a lone Esc (ncurses has already waited its ESCDELAY for sequences it knows).
    static let sequenceGapMs = 10

    /// Decodes what follows an Esc that ncurses did not recognise as a key: nothing (Esc
    /// itself), an SS3 or CSI sequence the terminfo entry lacks (keypad Enter is Esc O M under
    /// TERM=tmux-256color), or any other key, which is that key with Alt.
    private func escapeSequence() -> Key {
        switch Curses.readKey(timeoutMs: Self.sequenceGapMs) {
        case .nothing:
            return .escape
        case .keyCode(let code):
            if code == KEY_RESIZE || code == KEY_MOUSE {
                Curses.pushBack(code)
                return .escape
            }
            return Self.key(forCode: code).map { .alt($0) } ?? .escape
        case .character(UInt32(UInt8(ascii: "O"))):
            guard case .character(let final) = Curses.readKey(timeoutMs: Self.sequenceGapMs) else {
                return .alt(.character("O"))
            }
            return Self.key(forSS3: final) ?? .keypadCentre
        case .character(UInt32(UInt8(ascii: "["))):
            var parameters: [UInt32] = []
            while parameters.count < 16, case .character(let value) = Curses.readKey(timeoutMs: Self.sequenceGapMs) {
                if (0x40...0x7E).contains(value) {
                    return Self.key(forCSI: parameters, final: value) ?? .keypadCentre
                }
                parameters.append(value)
            }
            return parameters.isEmpty ? .alt(.character("[")) : .keypadCentre
        case .character(let value):
            return Self.key(forCharacter: value).map { .alt($0) } ?? .escape
        }
    }

    /// Keys sent as Esc O x (SS3): the keypad in application mode, arrows, F1-F4.
    static func key(forSS3 final: UInt32) -> Key? {
        guard let scalar = Unicode.Scalar(final) else { return nil }
        let character = Character(scalar)
        if let key = cursorKey(character) { return key }
        switch character {
        case "M": return .enter
        case "P": return .function(1)
        case "Q": return .function(2)
        case "R": return .function(3)
        case "S": return .function(4)
        case "j": return .character("*")
        case "k": return .character("+")
        case "l": return .character(",")
        case "m": return .character("-")
        case "n": return .character(".")
        case "o": return .character("/")
        case "X": return .character("=")
        case "p"..."y": return .character(Character(Unicode.Scalar(final - 0x70 + 0x30)!))
        default: return nil
        }
    }

    /// The cursor keys, the same final byte after SS3 and after CSI: arrows, Home, End and the
    /// keypad's centre.
    private static func cursorKey(_ final: Character) -> Key? {
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "E": return .keypadCentre
        default: return nil
        }
    }

    /// Keys sent as Esc [ parameters final (CSI) that the terminfo entry did not decode.
    static func key(forCSI parameters: [UInt32], final: UInt32) -> Key? {
        let text = String(String.UnicodeScalarView(parameters.compactMap(Unicode.Scalar.init)))
        let number = Int(text.split(separator: ";").first ?? "")
        let character = Character(Unicode.Scalar(final)!)
        if let key = cursorKey(character) { return key }
        switch character {
        case "Z": return .backTab
        case "~":
            switch number {
            case 1, 7: return .home
            case 4, 8: return .end
            case 2: return .insert
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            default: return nil
            }
        default: return nil
        }
    }

    private func mouseInput() -> Input? {
        guard let (x, y, state) = Curses.readMouse() else { return nil }
        let button: MouseButton
        if state & Curses.button1 != 0 {
            button = .left
        } else if state & Curses.button2 != 0 {
            button = .middle
        } else if state & Curses.button3 != 0 {
            button = .right
        } else if state & Curses.button4 != 0 {
            button = .scrollUp
        } else if state & Curses.button5 != 0 {
            button = .scrollDown
        } else {
            return nil
        }
        return .mouse(MouseEvent(position: Point(x: x, y: y), button: button))
    }

    /// A character read as text: control bytes become named keys, the rest a `.character`.
    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            return .control(Character(Unicode.Scalar(UInt8(value) + 96)))
        case 0..<32:
            return nil
        default:
            return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    /// A key code from keypad decoding (arrows, function keys, ...); nil for codes kvviz ignores.
    static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case Curses.functionKey(1)...Curses.functionKey(63):
            return .function(Int(code - Curses.functionKey(0)))
        default: return nil
        }
    }
}
