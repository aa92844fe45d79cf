extension Canvas {
    /// Replaces one-column glyphs through `substitute` (nil keeps the glyph): how a whole frame
    /// is switched to another glyph set (ASCII, or glyphs that are narrow on CJK terminals)
    /// after the panels drew it. A replacement that is not one column wide is ignored, so the
    /// layout never moves; wide glyphs and their continuations are left alone.
    public mutating func substituteGlyphs(_ substitute: (Character) -> Character?) {
        for index in _cells.indices where _cells[index].width == 1 {
            let cell = _cells[index]
            guard let replacement = substitute(cell.glyph), replacement != cell.glyph,
                  DisplayWidth.of(replacement) == 1 else { continue }
            _cells[index] = Cell(glyph: replacement, style: cell.style, width: 1)
        }
    }
}
