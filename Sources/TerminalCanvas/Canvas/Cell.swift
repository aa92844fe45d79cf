/// One terminal cell: a glyph (a whole grapheme cluster, so "é" or "👍🏽" stay intact) and its style.
///
/// A wide glyph (CJK, emoji) is stored in two cells: the lead holds the glyph and has width 2,
/// the next cell is a continuation (width 0) that encoders and backends skip. `Canvas` keeps
/// the pair together: overwriting either half blanks the other, so no half glyph is ever drawn.
public struct Cell: Hashable, Sendable {
    public private(set) var glyph: Character
    public var style: Style
    /// Columns the glyph occupies from this cell: 1, 2 for the lead of a wide glyph, 0 for a continuation.
    public private(set) var width: UInt8

    /// A cell showing `glyph`. Glyphs that draw nothing on their own (controls, lone combining
    /// marks) become a space, so a cell always has something to show.
    public init(_ glyph: Character, style: Style = .plain) {
        let columns = DisplayWidth.of(glyph)
        if columns == 0 {
            self.init(glyph: " ", style: style, width: 1)
        } else {
            self.init(glyph: glyph, style: style, width: UInt8(min(columns, 2)))
        }
    }

    init(glyph: Character, style: Style, width: UInt8) {
        self.glyph = glyph
        self.style = style
        self.width = width
    }

    /// A plain space: what a cleared canvas holds.
    public static let blank = Cell(glyph: " ", style: .plain, width: 1)

    /// A space in `style` (a coloured background, say).
    public static func blank(_ style: Style) -> Cell {
        Cell(glyph: " ", style: style, width: 1)
    }

    /// The second half of a wide glyph whose lead has `style`.
    static func continuation(_ style: Style) -> Cell {
        Cell(glyph: " ", style: style, width: 0)
    }

    /// True for the right half of a wide glyph: nothing to draw here, the lead covers it.
    public var isContinuation: Bool { width == 0 }

    /// True for the left half of a wide glyph.
    public var isWide: Bool { width == 2 }
}
