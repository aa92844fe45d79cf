import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum TerminalCheck {
    /// True when both ends are a terminal, so a full-screen UI can run.
    static var isInteractive: Bool {
        isatty(0) == 1 && isatty(1) == 1
    }

    /// The character encoding of the user's locale ("UTF-8", "ANSI_X3.4-1968" for C/POSIX),
    /// read before the screen falls back to C.UTF-8 for drawing.
    static func localeCodeset() -> String? {
        let previous = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        setlocale(LC_CTYPE, "")
        defer { if let previous { setlocale(LC_CTYPE, previous) } }
        return nl_langinfo(nl_item(CODESET)).map { String(cString: $0) }
    }
}
