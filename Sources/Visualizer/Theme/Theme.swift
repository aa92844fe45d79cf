import Engine
import KVCore
import TerminalCanvas

/// Colours and glyphs by role. Panels ask for "an owner", "dim text", "a box border"; the
/// palette for the chosen theme and the terminal's colour depth answers. In the mono theme
/// every distinction is made by letters, glyphs and attributes alone, so the no-colour screen
/// carries the same information.
struct Theme {
    let appearance: Appearance
    /// nil in the mono theme.
    let palette: Palette?
    /// Slot and mark glyphs: the standard set, or the high-contrast one in focus mode.
    var glyphs: Glyphs

    init(appearance: Appearance, glyphs: Glyphs = .standard) {
        self.appearance = appearance
        palette = Palette.of(appearance.theme, depth: appearance.depth)
        self.glyphs = glyphs
    }

    init(colors: Bool, glyphs: Glyphs = .standard) {
        self.init(appearance: Appearance(colors: colors), glyphs: glyphs)
    }


    var colors: Bool { palette != nil }

    /// Eighths, for fill levels.
    static let fillGlyphs: [Character] = GlyphTable.eighths

    func owner(_ colorIndex: Int) -> Style {
        guard let palette else { return .plain }
        return Style(fg: Self.cycle(palette.owners, colorIndex))
    }

    func ownerBackground(_ colorIndex: Int) -> Style {
        guard let palette else { return .plain.reversed() }
        return Style(fg: palette.onOwner, bg: Self.cycle(palette.owners, colorIndex))
    }

    /// A fill of the memory or share bars.
    func swatch(_ name: Palette.Swatch) -> Style {
        palette?.swatch(name) ?? .plain
    }

    var plain: Style { .plain }
    var dim: Style { palette?.dim ?? .plain }
    var faint: Style { palette?.faint ?? .plain }
    var heading: Style { Style.plain.bolded() }
    var accent: Style { palette.map { Style(fg: $0.accent).bolded() } ?? Style.plain.bolded() }
    var warning: Style { palette.map { Style(fg: $0.warning).bolded() } ?? Style.plain.bolded() }
    var titleBar: Style { palette?.titleBar ?? Style.plain.reversed() }
    var changed: Style { Style.plain.bolded().underlined() }
    var cursor: Style { Style.plain.reversed() }

    func box(focused: Bool) -> Style {
        if focused { return palette.map { Style(fg: $0.focusedBorder).bolded() } ?? Style.plain.bolded() }
        return palette?.border ?? .plain
    }

    /// The border of a box: double lines when focused, so focus shows without colour too.
    func boxTitle(_ title: String, focused: Bool) -> String {
        focused ? "[ \(title) ]" : " \(title) "
    }

    /// A glyph for `filled` of `capacity` slots: eighths, never empty when something is there.
    static func fillGlyph(filled: Int, capacity: Int) -> Character {
        guard capacity > 0, filled > 0 else { return " " }
        let eighths = min(8, max(1, (filled * 8 + capacity - 1) / capacity))
        return fillGlyphs[eighths - 1]
    }

    /// The letter shown for a request: the first character of its label.
    static func letter(_ label: String) -> Character { label.first ?? "?" }

    private static func cycle(_ colors: [Color], _ index: Int) -> Color {
        colors[((index % colors.count) + colors.count) % colors.count]
    }
}
