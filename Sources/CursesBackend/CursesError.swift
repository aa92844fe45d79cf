import KVBase

/// Why the interactive screen could not start; each message names the cause and what to do.
enum CursesError: KVVizError, Equatable, CustomStringConvertible {
    /// stdin or stdout is a pipe or file (the name says which).
    case notATerminal(stream: String)
    /// TERM is unset or empty.
    case missingTerm
    /// ncurses has no terminfo entry for TERM.
    case unknownTerminal(term: String)
    /// The terminal cannot position the cursor (TERM=dumb and friends).
    case cannotAddressCursor(term: String)
    /// A second screen was started while one is running.
    case alreadyRunning

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            return "\(stream) is not a terminal: run kvviz in a terminal, or use `kvviz render` for text output"
        case .missingTerm:
            return "TERM is not set: set it to your terminal type (e.g. TERM=xterm-256color)"
        case .unknownTerminal(let term):
            return "unknown terminal type TERM=\(term): set TERM to one with a terminfo entry (e.g. xterm-256color)"
        case .cannotAddressCursor(let term):
            return "terminal TERM=\(term) cannot move the cursor: use a full-screen terminal (e.g. TERM=xterm-256color) or `kvviz render`"
        case .alreadyRunning:
            return "the interactive screen is already running: stop it before starting another"
        }
    }
}
