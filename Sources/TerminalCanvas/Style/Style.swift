/// How a cell looks: colours plus the attributes every terminal supports.
///
/// A plain value with an all-defaults `Style.plain`, so diffing and the ANSI encoder can compare
/// styles with `==` and emit escape sequences only where the look changes.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        foreground: Color = .default,
        background: Color = .default,
        bold: Bool = false,
        dim: Bool = false,
        reverse: Bool = false,
        underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// Default colours, no attributes: what a cleared terminal shows.
    public static let plain = Style()

    /// Shorthand for the common case of a coloured, otherwise plain style.
    public init(fg: Color, bg: Color = .default) {
        self.init(foreground: fg, background: bg)
    }

    /// Shorthand for a background-only style (a highlight bar, a memory-bar segment).
    public init(bg: Color) {
        self.init(foreground: .default, background: bg)
    }

    // Chainable variants, so call sites read `Style(fg: .red).bolded()`.

    public func with(foreground: Color) -> Style {
        var copy = self
        copy.foreground = foreground
        return copy
    }

    public func with(background: Color) -> Style {
        var copy = self
        copy.background = background
        return copy
    }

    public func bolded(_ on: Bool = true) -> Style {
        var copy = self
        copy.bold = on
        return copy
    }

    public func dimmed(_ on: Bool = true) -> Style {
        var copy = self
        copy.dim = on
        return copy
    }

    public func reversed(_ on: Bool = true) -> Style {
        var copy = self
        copy.reverse = on
        return copy
    }

    public func underlined(_ on: Bool = true) -> Style {
        var copy = self
        copy.underline = on
        return copy
    }
}
