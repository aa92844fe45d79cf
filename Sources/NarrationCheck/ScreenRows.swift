import Foundation

/// Reading a figure off a captured screen's rows.
enum ScreenRows {
    /// The first capture group of `pattern` in the first row where it matches (nil: no row does,
    /// or the pattern is not a valid regular expression).
    static func firstCapture(_ pattern: String, in rows: [String]) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        for row in rows {
            let range = NSRange(row.startIndex..., in: row)
            guard let match = regex.firstMatch(in: row, range: range), match.numberOfRanges > 1,
                  let found = Range(match.range(at: 1), in: row) else { continue }
            return String(row[found])
        }
        return nil
    }
}
