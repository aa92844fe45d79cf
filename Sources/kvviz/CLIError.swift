import KVBase
import Foundation

/// A failure the command layer words itself: one line on stderr and an exit status, 64 for a
/// usage error (a flag or argument the user can fix on the command line) and 1 for anything
/// that went wrong running a valid command. Errors from the libraries (ScenarioError,
/// MemoryError, RunError, ...) are not wrapped in it: they travel up with their own types and
/// `ErrorReport` renders every kind in one place.
struct CLIError: KVVizError {
    let message: String
    let isUsage: Bool

    init(_ message: String, isUsage: Bool = false) {
        self.message = message
        self.isUsage = isUsage
    }

    /// A usage error: exit 64 (EX_USAGE).
    static func usage(_ message: String) -> CLIError { CLIError(message, isUsage: true) }

    var description: String { message }
}
