import Foundation

/// A failure the command layer words itself: one line on stderr and an exit status, 64 for a
/// usage error (a flag or argument the user can fix on the command line) and 1 for anything
/// that went wrong running a valid command. Errors from the libraries (ScenarioError,
/// MemoryError, RunError, ...) are not wrapped in it: they travel up with their own types and
/// `ErrorReport` renders every kind in one place.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    let exitStatus: Int32

    init(_ message: String, exitStatus: Int32 = 1) {
        self.message = message
        self.exitStatus = exitStatus
    }

    /// A usage error: exit 64 (EX_USAGE).
    static func usage(_ message: String) -> CLIError { CLIError(message, exitStatus: 64) }

    var description: String { message }
}
