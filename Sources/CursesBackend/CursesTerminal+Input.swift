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

    /// nil for "nothing worth reporting" (timeout, ignored mouse events, unknown key codes).
    private func decode(_ raw: Curses.RawInput) -> Input? {
        switch raw {
        case .nothing:
            return nil
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
