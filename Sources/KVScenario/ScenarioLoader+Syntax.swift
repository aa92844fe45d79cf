import Engine
import Yams

/// Yams' errors are several lines long (a snippet and a caret); a scenario error is one line that
/// names the file and the line. This turns the one into the other.
extension ScenarioLoader {
    static func syntaxError(_ error: YamlError, file: String, text: String) -> ScenarioError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ScenarioError(file: file, line: mark.line, field: "",
                                 .syntax(problem, column: mark.column))
        case let .reader(problem, offset, _, _):
            let line = offset.map { lineNumber(atCharacterOffset: $0, in: text) }
            return ScenarioError(file: file, line: line, field: "",
                                 .unreadableCharacter(problem))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.sorted().first ?? ""
            let first = context.mark.line
            let second = repeatedKeyLine(key, after: context.mark, in: text) ?? first
            return ScenarioError(file: file, line: second, field: key,
                                 .rule(.keyTwice(firstLine: first)))
        default:
            let oneLine = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown problem"
            return ScenarioError(file: file, line: nil, field: "", .yaml(oneLine))
        }
    }

    /// The 1-based line holding the character at `offset` (Yams counts reader offsets in Characters).
    static func lineNumber(atCharacterOffset offset: Int, in text: String) -> Int {
        text.prefix(max(0, offset)).reduce(1) { $1.isNewline ? $0 + 1 : $0 }
    }

    /// The line of the second `key:` at the same column as the first one, which Yams does not report.
    static func repeatedKeyLine(_ key: String, after mark: Mark, in text: String) -> Int? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard mark.line >= 1, mark.line <= lines.count, !key.isEmpty else { return nil }
        let spellings = ["\(key):", "\"\(key)\":", "'\(key)':"]
        for number in (mark.line + 1)...max(mark.line + 1, lines.count) where number <= lines.count {
            let scalars = Array(lines[number - 1].unicodeScalars)
            let start = mark.column - 1
            guard start >= 0, start <= scalars.count,
                  scalars[..<start].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[start...]))
            if spellings.contains(where: { rest.hasPrefix($0) }) { return number }
        }
        return nil
    }
}
