import TerminalCanvas

/// Everything the user (or the run loop's clock) can do to the app. The run loop turns terminal
/// input into these; `update` is the only place they take effect.
public enum Action: Sendable, Equatable {
    case stepForward, stepBack, togglePlay, faster, slower, home, end, nextPanel
    case moveCursor(dx: Int, dy: Int)
    case inspect
    case click(x: Int, y: Int)
    /// The mouse wheel at a cell: `lines` < 0 up, > 0 down. Scrolls the block tables (one
    /// request at a time) or the sequences under the pointer; on the grid it moves the cursor a row.
    case scroll(x: Int, y: Int, lines: Int)
    case cycleView, togglePrefixCaching, restart, toggleLanguage, toggleHelp, quit
    /// `c`: the contiguous baseline's reservation policy, max -> pow2 -> oracle.
    case cycleContiguousPolicy
    /// `k` / `K`: the run replayed with the next larger / smaller block size (hit rate floor).
    case cycleBlockSize(larger: Bool)
    /// Esc: closes the help, the inspector, the request focus or focus mode, one a press; never quits.
    case escape
    case resize(Size)
    case tick(elapsedSeconds: Double)
    case nextChapter, previousChapter
    /// `j`: on to the next step where the narration says something new (or the end).
    case nextMoment
    /// A key with no meaning of its own: it only closes the orientation or the chapter card.
    case otherKey
    /// Focus mode for a projector: grid and tables enlarged, full versus light block glyphs.
    case toggleFocusMode
    /// `m`: the logical -> physical mapping over the grid, on or off.
    case toggleMapping
    /// `a`: on a decode step, the query reading K then V block by block (again: stop).
    case sweepAttention
}

/// A key press, independent of the terminal library: the run loop maps ncurses codes to these.
public enum Key: Sendable, Equatable {
    case char(Character)
    case up, down, left, right, home, end, enter, escape, tab, backTab, space, pageUp, pageDown
}

/// The key map (the `?` overlay and README list it). Arrows become `moveCursor`; `update` turns Left and Right into
/// steps when the grid does not have the focus.
public func action(forKey key: Key) -> Action? {
    switch key {
    case .up: return .moveCursor(dx: 0, dy: -1)
    case .down: return .moveCursor(dx: 0, dy: 1)
    case .left: return .moveCursor(dx: -1, dy: 0)
    case .right: return .moveCursor(dx: 1, dy: 0)
    case .home: return .home
    case .end: return .end
    case .enter: return .inspect
    case .escape: return .escape
    case .tab, .backTab: return .nextPanel
    case .space: return .togglePlay
    case .pageDown: return .nextChapter
    case .pageUp: return .previousChapter
    case let .char(character): return action(forCharacter: character)
    }
}

private func action(forCharacter character: Character) -> Action? {
    switch character {
    case " ": return .togglePlay
    case "n": return .stepForward
    case "b": return .stepBack
    case "+", "=": return .faster
    case "-", "_": return .slower
    case "\t": return .nextPanel
    case "\r", "\n": return .inspect
    case "v": return .cycleView
    case "c": return .cycleContiguousPolicy
    case "p": return .togglePrefixCaching
    case "k": return .cycleBlockSize(larger: true)
    case "K": return .cycleBlockSize(larger: false)
    case "r": return .restart
    case "L", "l": return .toggleLanguage
    case "?", "h": return .toggleHelp
    case "q", "Q": return .quit
    case "f", "F": return .toggleFocusMode
    case "j", "J": return .nextMoment
    case "m", "M": return .toggleMapping
    case "a", "A": return .sweepAttention
    case "]": return .nextChapter
    case "[": return .previousChapter
    default: return nil
    }
}
