import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum TerminalCheck {
    /// True when both ends are a terminal, so a full-screen UI can run.
    static var isInteractive: Bool {
        isatty(0) == 1 && isatty(1) == 1
    }
}
