import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the Swift runtime's crash backtracer from holding the terminal.
///
/// By default, on a terminal, the backtracer stops after a crash and asks "Press space to
/// interact..." for 30 seconds. The runtime reads `SWIFT_BACKTRACE` once, when the process
/// starts, so setting it later has no effect: before the full-screen UI starts, kvviz sets
/// `interactive=no` and replaces itself with a fresh copy of the same program (same arguments,
/// same process id). A crash then restores the terminal (CursesBackend's guard) and the
/// backtrace is printed on the normal screen. A user's own `SWIFT_BACKTRACE` is respected.
enum BacktraceSetting {
    static let variable = "SWIFT_BACKTRACE"

    static func ensureNonInteractive() {
        guard getenv(variable) == nil else { return }
        setenv(variable, "interactive=no", 1)
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        guard length > 0 else { return }
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv(path, arguments)
        // exec failed: carry on in this process (the backtracer may then be interactive).
        for argument in arguments { free(argument) }
    }
}
