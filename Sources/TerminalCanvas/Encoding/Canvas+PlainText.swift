extension Canvas {
    /// The canvas as text lines without styles: each wide glyph once, trailing spaces trimmed.
    /// Golden tests compare these, and `kvviz render --format text` prints them.
    public func plainTextLines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for cell in row(y) where !cell.isContinuation {
                line.append(cell.glyph)
            }
            while line.last == " " {
                line.removeLast()
            }
            return line
        }
    }

    /// `plainTextLines()` joined by newlines (no newline after the last line).
    public func plainText() -> String {
        plainTextLines().joined(separator: "\n")
    }
}
