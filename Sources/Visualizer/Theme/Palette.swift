import TerminalCanvas

/// The concrete colours of one theme at one colour depth. Themes name roles (an owner, dim
/// text, a box border); a palette says what each role looks like on that terminal.
///
/// Every palette is chosen by hand for its depth instead of approximated from another: on 8
/// colours a grey becomes yellow or black, and the ANSI colours are whatever the user's
/// terminal makes of them, so they are picked by hue and used with attributes.
/// `PaletteTests` checks each one: owners at least 3:1 against the background (WCAG contrast,
/// under xterm's default values), no style whose foreground equals its background.
struct Palette: Sendable {
    /// The background the palette is drawn on (the terminal's default, assumed for contrast).
    let background: Color
    /// What `.default` text looks like on that background, for contrast checks.
    let foreground: Color
    /// Request colours, cycled by `colorIndex`; the letter and glyph tell owners apart where
    /// colours repeat.
    let owners: [Color]
    /// Text drawn on an owner-coloured background.
    let onOwner: Color
    let dim: Style
    let faint: Style
    let accent: Color
    let warning: Color
    let titleBar: Style
    let border: Style
    let focusedBorder: Color
    /// Memory-bar and share-bar fills.
    let swatches: [Swatch: Style]

    /// The named fills of the memory and share bars.
    enum Swatch: CaseIterable, Sendable {
        case weights, kvUsed, kvCached, kvFree, activations, reserve, nonTorch, outsidePool
        case tokens, reserved, internalFragment, externalFragment, shareFree
    }

    func swatch(_ name: Swatch) -> Style { swatches[name] ?? .plain }

    /// Every style the palette hands out, for the tests.
    var allStyles: [Style] {
        var styles = [dim, faint, titleBar, border, Style(fg: accent), Style(fg: warning), Style(fg: focusedBorder)]
        styles += owners.map { Style(fg: $0) }
        styles += owners.map { Style(fg: onOwner, bg: $0) }
        styles += Swatch.allCases.map(swatch)
        return styles
    }
}
