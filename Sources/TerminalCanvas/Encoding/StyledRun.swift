/// A row of a canvas cut into pieces that share a style, for encoders that place text
/// themselves (SVG, HTML). A wide glyph (CJK, emoji) is always a piece of its own, so an encoder
/// can give it exactly two columns whatever the font does.
public struct StyledRun: Equatable, Sendable {
    /// The column the piece starts at.
    public let column: Int
    /// Columns it covers (display width, not character count).
    public let width: Int
    public let text: String
    public let style: Style
    public let isWide: Bool
}

extension Canvas {
    /// Row `y` as runs of one style, left to right, covering every column once.
    public func runs(row y: Int) -> [StyledRun] {
        var runs: [StyledRun] = []
        var start = 0
        var text = ""
        var style = Style.plain
        var width = 0
        func flush() {
            if width > 0 { runs.append(StyledRun(column: start, width: width, text: text, style: style, isWide: false)) }
            text = ""
            width = 0
        }
        var x = 0
        for cell in row(y) {
            defer { x += 1 }
            if cell.isContinuation { continue }
            if cell.isWide {
                flush()
                runs.append(StyledRun(column: x, width: 2, text: String(cell.glyph), style: cell.style, isWide: true))
                continue
            }
            if width > 0 && cell.style != style { flush() }
            if width == 0 {
                start = x
                style = cell.style
            }
            text.append(cell.glyph)
            width += 1
        }
        flush()
        return runs
    }
}
