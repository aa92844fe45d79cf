/// Draws a canvas as one SVG image, for slides (`kvviz render --format svg`).
///
/// Every cell keeps its column: backgrounds are rectangles on the cell grid, and each run of
/// text is stretched (`textLength`) to exactly its columns, so the picture stays aligned in any
/// monospace font; a wide glyph (CJK) gets two columns of its own. The fonts are named in the
/// file (`SVGWriter.fontFamily`); the first one installed is used.
public struct SVGWriter: Sendable {
    /// Monospace fonts with box-drawing and block glyphs first, then CJK monospace fonts.
    static let fontFamily = "'DejaVu Sans Mono', 'Noto Sans Mono', Menlo, Consolas, 'Noto Sans Mono CJK SC', 'Sarasa Mono SC', 'Source Han Mono SC', monospace"

    public var colors: PaintColors
    var fontSize: Double
    /// A cell is 0.6 x 1.25 font sizes: the advance of DejaVu Sans Mono, and its line height.
    public var cellWidth: Double { fontSize * 0.6 }
    public var cellHeight: Double { fontSize * 1.25 }

    public init(colors: PaintColors = .dark, fontSize: Double = 14) {
        self.colors = colors
        self.fontSize = fontSize
    }

    /// The whole SVG document. `title` becomes the image's accessible name; `description` (the
    /// narration on screen, say) its longer text.
    public func document(_ canvas: Canvas, title: String, description: String? = nil) -> String {
        let width = Double(canvas.width) * cellWidth
        let height = Double(canvas.height) * cellHeight
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.number(width))" height="\(Self.number(height))" \
            viewBox="0 0 \(Self.number(width)) \(Self.number(height))" font-family="\(MarkupText.escaped(Self.fontFamily))" \
            font-size="\(Self.number(fontSize))">
            <title>\(MarkupText.escaped(title))</title>

            """
        if let description, !description.isEmpty {
            out += "<desc>\(MarkupText.escaped(description))</desc>\n"
        }
        out += "<!-- \(canvas.width)x\(canvas.height) terminal cells of \(Self.number(cellWidth))x\(Self.number(cellHeight)) px; fonts: \(Self.fontFamily.replacingDashes()) -->\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"\(PaintColors.hex(colors.background))\"/>\n"
        for y in 0..<canvas.height {
            let runs = canvas.runs(row: y)
            let top = Double(y) * cellHeight
            for run in runs {
                guard let fill = colors.paint(run.style).fill else { continue }
                out += "<rect x=\"\(Self.number(Double(run.column) * cellWidth))\" y=\"\(Self.number(top))\" "
                    + "width=\"\(Self.number(Double(run.width) * cellWidth))\" height=\"\(Self.number(cellHeight))\" fill=\"\(fill)\"/>\n"
            }
            let baseline = top + fontSize * 0.95
            for run in runs {
                var text = run.text
                var column = run.column
                // Leading and trailing spaces draw nothing: trim them and move the run instead.
                while text.first == " " {
                    text.removeFirst()
                    column += 1
                }
                while text.last == " " { text.removeLast() }
                guard !text.isEmpty else { continue }
                let columns = run.isWide ? 2 : text.count
                var attributes = "x=\"\(Self.number(Double(column) * cellWidth))\" y=\"\(Self.number(baseline))\" "
                attributes += "textLength=\"\(Self.number(Double(columns) * cellWidth))\" lengthAdjust=\"spacingAndGlyphs\" "
                attributes += "fill=\"\(colors.paint(run.style).text)\""
                if run.style.bold { attributes += " font-weight=\"bold\"" }
                if run.style.underline { attributes += " text-decoration=\"underline\"" }
                out += "<text xml:space=\"preserve\" \(attributes)>\(MarkupText.escaped(text))</text>\n"
            }
        }
        out += "</svg>\n"
        return out
    }

    /// Up to two decimals, no trailing zeros: 8.4, 17.5, 120.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        if fraction == 0 { return String(whole) }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

private extension String {
    /// XML comments may not contain "--".
    func replacingDashes() -> String {
        var out = ""
        for character in self {
            if character == "-" && out.last == "-" { out.append(" ") }
            out.append(character)
        }
        return out
    }
}
