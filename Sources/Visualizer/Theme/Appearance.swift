import TerminalCanvas

/// How frames look: the theme, the colours the terminal can show, and the glyph set. Chosen
/// once at start-up (options, environment, the terminal's capabilities) and carried in the state.
public struct Appearance: Sendable, Hashable {
    public var theme: ThemeName
    /// The terminal's colour depth; palettes are hand-chosen for each.
    public var depth: ColorDepth
    public var glyphs: GlyphSet

    public init(theme: ThemeName = .dark, depth: ColorDepth = .palette256, glyphs: GlyphSet = .unicode) {
        self.theme = theme
        self.depth = depth
        self.glyphs = glyphs
    }

    /// Colours on (dark, 256 colours) or off (mono), Unicode glyphs.
    public init(colors: Bool) {
        self.init(theme: colors ? .dark : .mono)
    }

    public var colors: Bool { theme != .mono }
}
