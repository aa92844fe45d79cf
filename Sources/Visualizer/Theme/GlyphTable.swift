import TerminalCanvas

/// Every non-ASCII glyph the panels draw, in one table, with what it becomes in the ASCII set
/// and in the narrow set (for terminals that draw East-Asian-ambiguous glyphs two columns wide).
/// (`Glyphs` chooses which Unicode glyph means what, e.g. the focus set; this table says how
/// each is drawn where Unicode cannot be.)
///
/// Panels draw Unicode; `view` then passes the whole frame through `GlyphTable.substitute` for the
/// chosen set, so a panel never needs to know the set. To add a glyph: add a row here (the
/// ASCII replacement is required; `narrow` defaults to the ASCII one when the glyph is
/// ambiguous, and to the glyph itself otherwise). `ThemeGoldenTests` renders every scene in both sets
/// and fails on any glyph left over.
enum GlyphTable {
    struct Row {
        let glyph: Character
        let ascii: Character
        let narrow: Character?

        init(_ glyph: Character, ascii: Character, narrow: Character? = nil) {
            self.glyph = glyph
            self.ascii = ascii
            self.narrow = narrow
        }
    }

    // Named glyphs for panels (the table below maps them all).
    static let full: Character = "█"
    static let dark: Character = "▓"
    static let medium: Character = "▒"
    static let light: Character = "░"
    static let emptySlot: Character = "·"

    /// Fill levels in eighths, empty excluded: "▁" ... "█".
    static let eighths: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static let rows: [Row] = [
        // Boxes
        Row("─", ascii: "-"), Row("│", ascii: "|"), Row("┌", ascii: "+"), Row("┐", ascii: "+"),
        Row("└", ascii: "+"), Row("┘", ascii: "+"), Row("├", ascii: "+"), Row("┤", ascii: "+"),
        Row("┬", ascii: "+"), Row("┴", ascii: "+"), Row("┼", ascii: "+"), Row("═", ascii: "="),
        Row("║", ascii: "|"), Row("╔", ascii: "+"), Row("╗", ascii: "+"), Row("╚", ascii: "+"),
        Row("╝", ascii: "+"), Row("╌", ascii: "-"), Row("╎", ascii: "|"), Row("❚", ascii: "|"),
        // Fills: eighths, then the shades of the memory and share bars
        Row("▁", ascii: "."), Row("▂", ascii: ","), Row("▃", ascii: ":"), Row("▄", ascii: ";"),
        Row("▅", ascii: "="), Row("▆", ascii: "+"), Row("▇", ascii: "%"), Row("█", ascii: "#"),
        Row("▓", ascii: "%"), Row("▒", ascii: "+"), Row("░", ascii: "."), Row("▞", ascii: "/"),
        Row("▚", ascii: "\\"),
        // Marks
        Row("·", ascii: "."), Row("▪", ascii: "="), Row("▫", ascii: "-"), Row("○", ascii: "o"),
        Row("●", ascii: "@"), Row("•", ascii: "*"), Row("×", ascii: "x"), Row("–", ascii: "-"),
        Row("—", ascii: "-"), Row("…", ascii: "~"), Row("✓", ascii: "v"), Row("✗", ascii: "x"),
        // Arrows and keys
        Row("→", ascii: ">"), Row("←", ascii: "<"), Row("↑", ascii: "^"), Row("↓", ascii: "v"),
        Row("▶", ascii: ">"), Row("▸", ascii: ">"), Row("◀", ascii: "<"), Row("⏎", ascii: "<"),
        Row("⇥", ascii: ">"), Row("⇒", ascii: ">"),
        // Punctuation inside narration and labels
        Row("“", ascii: "\""), Row("”", ascii: "\""), Row("‘", ascii: "'"), Row("’", ascii: "'"),
        Row("≈", ascii: "~"), Row("≤", ascii: "<"), Row("≥", ascii: ">"), Row("±", ascii: "+"),
    ]

    private static let asciiTable: [Character: Character] = Dictionary(
        rows.map { ($0.glyph, $0.ascii) }, uniquingKeysWith: { first, _ in first })

    private static let narrowTable: [Character: Character] = Dictionary(
        rows.compactMap { row in
            if let narrow = row.narrow { return (row.glyph, narrow) }
            return DisplayWidth.isAmbiguous(row.glyph) ? (row.glyph, row.ascii) : nil
        },
        uniquingKeysWith: { first, _ in first })

    /// What `glyph` becomes in `set` (nil: unchanged). In the ASCII set, a one-column glyph
    /// outside the table becomes "?"; in the narrow set, an ambiguous one does, so no frame
    /// ever carries a glyph the set promises to avoid.
    static func substitute(_ glyph: Character, in set: GlyphSet) -> Character? {
        switch set {
        case .unicode:
            return nil
        case .ascii:
            if glyph.isASCII { return nil }
            return asciiTable[glyph] ?? (DisplayWidth.of(glyph) == 1 ? "?" : nil)
        case .narrow:
            if glyph.isASCII { return nil }
            return narrowTable[glyph] ?? (DisplayWidth.isAmbiguous(glyph) ? "?" : nil)
        }
    }
}

extension Canvas {
    /// Redraws the frame's glyphs in `set` (nothing to do for Unicode).
    mutating func apply(_ set: GlyphSet) {
        guard set != .unicode else { return }
        substituteGlyphs { GlyphTable.substitute($0, in: set) }
    }
}
