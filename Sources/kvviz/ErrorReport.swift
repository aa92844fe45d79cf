import ArgumentParser
import Foundation
import KVBase

/// The one place errors become output. Every command lets errors travel up with their own
/// types (every kvviz error is a `KVVizError`: ScenarioError, MemoryError, RunError,
/// CursesError, CLIError, ...; and the parser's own); this turns each into one line on stderr,
/// with control characters escaped, and an exit status: 64 for usage errors (the parser's, and
/// a `KVVizError` whose `isUsage` says so), 1 for runtime errors, 0 after help, `--version` or
/// a completion script (printed to stdout).
enum ErrorReport {
    static func exitStatus(after error: Error, writing write: (String, Bool) -> Void = standardWrite) -> Int32 {
        switch error {
        case let code as ExitCode:
            return code.rawValue
        case let error as any KVVizError:
            write(line(error.description), true)
            return error.isUsage ? 64 : 1
        default:
            break
        }
        let code = KVViz.exitCode(for: error)
        if code == .success {
            // --help, --version, --generate-completion-script: the parser's text, to stdout.
            let text = KVViz.fullMessage(for: error)
            write(text.hasSuffix("\n") ? text : text + "\n", false)
            return 0
        }
        if code == .validationFailure {
            write(line(parserLine(oneLine(KVViz.message(for: error)))), true)
            return code.rawValue
        }
        write(line(describe(error)), true)
        return 1
    }

    /// The parser's message on one line: a list of choices it prints one per line ("- name")
    /// follows the first line, comma-separated.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first else { return message }
        let rest = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return rest.isEmpty ? first : first + " " + rest.joined(separator: ", ")
    }

    /// The argument parser's wording in kvviz's style, `<what>: <why>; <fix>`: "Unknown option
    /// '--x'" becomes "--x: unknown option; see --help".
    static func parserLine(_ message: String) -> String {
        func flag(_ quoted: Substring) -> String {
            String(quoted.split(separator: " ").first ?? quoted)
        }
        if let m = message.firstMatch(of: /^Missing expected argument '([^']+)'/) {
            return "\(flag(m.1)): is missing; pass it (see --help)"
        }
        if let m = message.firstMatch(of: /^Missing value for '([^']+)'/) {
            return "\(flag(m.1)): has no value; pass one after it (see --help)"
        }
        if let m = message.firstMatch(of: /^Unknown options? '([^']+)'/) {
            return "\(flag(m.1)): unknown option; see --help"
        }
        if let m = message.firstMatch(of: /^Unexpected arguments? '([^']+)'/) {
            return "\(m.1): unexpected argument; see --help"
        }
        if let m = message.firstMatch(of: /^The value '([^']*)' is invalid for '([^']+)'[.:]?\s*(.*)$/) {
            let rest = m.3.replacingOccurrences(of: "Please provide", with: "use")
            return "\(flag(m.2)): '\(m.1)' is invalid; " + (rest.isEmpty ? "see --help" : rest)
        }
        return "arguments: \(message); see --help"
    }

    /// The wording of an error from outside kvviz (Foundation's, the system's).
    static func describe(_ error: Error) -> String {
        if let error = error as? any LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }

    /// `kvviz: message`, one line, safe to print on a terminal.
    static func line(_ message: String) -> String {
        var text = message
        while text.hasSuffix("\n") { text.removeLast() }
        return "kvviz: " + SafeText.escaped(text) + "\n"
    }

    static func standardWrite(_ text: String, toStandardError: Bool) {
        Console.write(text, to: toStandardError ? .error : .output)
    }
}
