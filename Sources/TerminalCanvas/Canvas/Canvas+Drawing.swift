extension Canvas {
    /// Draws one line of `text` starting at `point`, clipped to `clip` (and the canvas), and
    /// returns how many cells it wrote.
    ///
    /// Text is laid out by display width: wide glyphs take two cells. A wide glyph cut by the
    /// clip edge is drawn as a space in its visible half, never half a glyph. Characters of
    /// width zero (controls such as newlines, lone combining marks) are skipped; combining marks
    /// inside a grapheme cluster travel with their base. The full advance of the text is
    /// `DisplayWidth.of(text)`, whatever the clip.
    @discardableResult
    public mutating func put(
        _ text: String, at point: Point, style: Style = .plain, clip: Rect? = nil
    ) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard !area.isEmpty, point.y >= area.minY, point.y < area.maxY else { return 0 }
        var column = point.x
        var written = 0
        // Printable ASCII (most of a frame's text): one byte is one cell, no width lookup.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for byte in text.utf8 {
                guard column < area.maxX else { break }
                if column >= area.minX {
                    place(Cell(glyph: Character(Unicode.Scalar(byte)), style: style, width: 1), x: column, y: point.y)
                    written += 1
                }
                column += 1
            }
            return written
        }
        for character in text {
            guard column < area.maxX else { break }
            let columns = DisplayWidth.of(character)
            if columns == 1 {
                if column >= area.minX {
                    place(Cell(glyph: character, style: style, width: 1), x: column, y: point.y)
                    written += 1
                }
            } else if columns == 2 {
                let leftVisible = column >= area.minX
                let rightVisible = column + 1 >= area.minX && column + 1 < area.maxX
                if leftVisible && rightVisible {
                    placeWide(character, style: style, x: column, y: point.y)
                    written += 2
                } else if leftVisible || rightVisible {
                    place(.blank(style), x: leftVisible ? column : column + 1, y: point.y)
                    written += 1
                }
            }
            column += columns
        }
        return written
    }

    /// Draws `text` on the top row of `rect`, aligned within its width; text wider than the
    /// rectangle is truncated with `ellipsis`. Returns the cells written.
    @discardableResult
    public mutating func put(
        _ text: String,
        in rect: Rect,
        alignment: Alignment = .leading,
        style: Style = .plain,
        ellipsis: String = "…"
    ) -> Int {
        guard !rect.isEmpty else { return 0 }
        let fitted = TextLayout.truncate(text, width: rect.width, ellipsis: ellipsis)
        let slack = rect.width - DisplayWidth.of(fitted)
        let indent: Int
        switch alignment {
        case .leading: indent = 0
        case .center: indent = slack / 2
        case .trailing: indent = slack
        }
        return put(fitted, at: Point(x: rect.x &+ indent, y: rect.y), style: style, clip: rect)
    }

    /// Word-wraps `text` (see `TextLayout.wrap`) into `rect`, one line per row, and returns the
    /// number of rows used; lines beyond the bottom are dropped.
    @discardableResult
    public mutating func putWrapped(_ text: String, in rect: Rect, style: Style = .plain) -> Int {
        guard !rect.isEmpty else { return 0 }
        let lines = TextLayout.wrap(text, width: rect.width).prefix(rect.height)
        for (row, line) in lines.enumerated() {
            put(line, at: Point(x: rect.x, y: rect.y &+ row), style: style, clip: rect)
        }
        return lines.count
    }

    /// Paints every cell of `rect` (clipped) with `glyph`. A wide glyph repeats every two cells;
    /// an odd last column gets a space. A glyph of width zero paints spaces.
    public mutating func fill(_ rect: Rect, glyph: Character = " ", style: Style = .plain) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let columns = DisplayWidth.of(glyph)
        let cell = columns == 1 ? Cell(glyph: glyph, style: style, width: 1) : .blank(style)
        for y in area.minY..<area.maxY {
            var x = area.minX
            while x < area.maxX {
                if columns == 2 && x + 1 < area.maxX {
                    placeWide(glyph, style: style, x: x, y: y)
                    x += 2
                } else {
                    place(cell, x: x, y: y)
                    x += 1
                }
            }
        }
    }

    /// A horizontal line of `length` cells starting at `point`, light box-drawing by default.
    mutating func hline(at point: Point, length: Int, glyph: Character = "─", style: Style = .plain) {
        fill(Rect(x: point.x, y: point.y, width: length, height: 1), glyph: glyph, style: style)
    }

    /// A vertical line of `length` cells starting at `point`, light box-drawing by default.
    mutating func vline(at point: Point, length: Int, glyph: Character = "│", style: Style = .plain) {
        fill(Rect(x: point.x, y: point.y, width: 1, height: length), glyph: glyph, style: style)
    }
}
