import TerminalCanvas

/// One thing the user did, as the run loop sees it: a key, a mouse click, or a new terminal size.
/// The Visualizer turns these into its own Actions; nothing past the backend sees ncurses codes.
public enum Input: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal was resized; the next frame should be drawn at this size.
    case resize(Size)
}

/// A key press, with the terminal's escape sequences already decoded.
public enum Key: Hashable, Sendable {
    /// A printable character, any script ("q", " ", "内").
    case character(Character)
    /// Ctrl with a letter, given in lower case: Ctrl-L is `.control("l")`. (Ctrl-C arrives as
    /// SIGINT instead, see `CursesTerminal.pendingSignal`.)
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    case enter, escape, tab, backTab, backspace
    /// F1 ... F12 (and beyond, where the terminal has them).
    case function(Int)
    /// A key with Alt (Meta) held, which terminals send as Esc followed by the key: Alt-x is
    /// `.alt(.character("x"))`, never an Esc press and then an x.
    indirect case alt(Key)
    /// The keypad's centre key (5 without Num Lock), which has no meaning of its own.
    case keypadCentre
}

/// A mouse button press at a cell of the screen.
public struct MouseEvent: Hashable, Sendable {
    public var position: Point
    public var button: MouseButton

    public init(position: Point, button: MouseButton) {
        self.position = position
        self.button = button
    }
}

public enum MouseButton: Hashable, Sendable {
    case left, middle, right
    case scrollUp, scrollDown
}
