import Testing
@testable import TerminalCanvas

/// Compares two multi-line strings and, on failure, names the first differing line.
func expectLines(
    _ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual != expected else { return }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    var report = ""
    for index in 0..<max(actualLines.count, expectedLines.count) {
        let got = index < actualLines.count ? String(actualLines[index]) : "<missing>"
        let want = index < expectedLines.count ? String(expectedLines[index]) : "<missing>"
        if got != want {
            report = "line \(index + 1):\n  expected: \(want.debugDescription)\n  actual:   \(got.debugDescription)"
            break
        }
    }
    Issue.record("screens differ at \(report)\n--- actual ---\n\(actual)", sourceLocation: sourceLocation)
}

/// Checks the wide-glyph pairing on every row: each lead is followed by a continuation and
/// each continuation follows a lead.
func expectWideGlyphsWhole(_ canvas: Canvas, sourceLocation: SourceLocation = #_sourceLocation) {
    for y in 0..<canvas.height {
        for x in 0..<canvas.width {
            let cell = canvas[x, y]
            if cell.isWide {
                #expect(canvas[x + 1, y].isContinuation, "lead at (\(x), \(y)) lacks its continuation", sourceLocation: sourceLocation)
            }
            if cell.isContinuation {
                #expect(x > 0 && canvas[x - 1, y].isWide, "orphan continuation at (\(x), \(y))", sourceLocation: sourceLocation)
            }
        }
    }
}
