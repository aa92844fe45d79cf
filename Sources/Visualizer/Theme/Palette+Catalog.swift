import TerminalCanvas

extension Palette {
    /// The palette for a coloured theme at a colour depth (nil for `.mono`).
    static func of(_ theme: ThemeName, depth: ColorDepth) -> Palette? {
        switch (theme, depth) {
        case (.mono, _): return nil
        case (.dark, .ansi8): return dark8
        case (.dark, .ansi16): return dark16
        case (.dark, .palette256): return dark256
        case (.dark, .direct): return darkDirect
        case (.light, .ansi8): return light8
        case (.light, .ansi16): return light16
        case (.light, .palette256): return light256
        case (.light, .direct): return lightDirect
        }
    }

    // MARK: Dark backgrounds

    /// Okabe-Ito, the colour-blind-safe palette, as 256-colour indexes: orange, sky blue, bluish
    /// green, yellow, blue, vermillion, reddish purple. Greys from the fixed ramp, which
    /// (unlike the ANSI 16) users do not recolour. Every grey that carries text or lines is at
    /// least 3:1 on black and on the common dark backgrounds the terminal really shows
    /// (#1e1e1e, One Dark's #282c34, Solarized Dark's #002b36): grey(11) is 3.08:1 on #282c34.
    static let dark256 = Palette(
        background: .indexed(16), foreground: .white,
        owners: [214, 117, 36, 227, 32, 202, 175].map(Color.indexed),
        onOwner: .indexed(16),
        dim: Style(fg: .grey(13)), faint: Style(fg: .grey(11)),
        accent: .indexed(117), warning: .indexed(202),
        titleBar: Style(fg: .indexed(16), bg: .indexed(117)),
        border: Style(fg: .grey(12)), focusedBorder: .indexed(117),
        swatches: [
            .weights: Style(fg: .indexed(250)), .kvUsed: Style(fg: .indexed(214)), .kvCached: Style(fg: .indexed(117)),
            .kvFree: Style(fg: .indexed(36)), .activations: Style(fg: .indexed(175)), .reserve: Style(fg: .indexed(244)),
            .nonTorch: Style(fg: .indexed(139)), .outsidePool: Style(fg: .grey(11)), .tokens: Style(fg: .indexed(214)), .reserved: Style(fg: .indexed(117)),
            .internalFragment: Style(fg: .indexed(202)), .externalFragment: Style(fg: .indexed(175)),
            .shareFree: Style(fg: .indexed(244)),
        ])

    /// The same roles in 24-bit colour, owners at Okabe and Ito's published values except
    /// their blue (0, 114, 178), which is 2.7:1 on One Dark's background: the 256-colour blue
    /// (0, 135, 215) instead.
    static let darkDirect = dark256.exact(owners: [
        .rgb(230, 159, 0), .rgb(86, 180, 233), .rgb(0, 158, 115), .rgb(240, 228, 66),
        .rgb(0, 135, 215), .rgb(213, 94, 0), .rgb(204, 121, 167),
    ])

    /// Sixteen colours: the bright half gives seven distinct owners (normal blue is too dark on
    /// black, so only bright blue is used); grey is bright black.
    static let dark16 = Palette(
        background: .black, foreground: .white,
        owners: [.yellow, .brightCyan, .green, .brightMagenta, .brightBlue, .brightRed, .brightYellow],
        onOwner: .black,
        dim: Style(fg: .brightBlack), faint: Style(fg: .brightBlack),
        accent: .brightCyan, warning: .brightRed,
        titleBar: Style(fg: .black, bg: .cyan),
        border: Style(fg: .white), focusedBorder: .brightCyan,
        swatches: [
            .weights: Style(fg: .white), .kvUsed: Style(fg: .yellow), .kvCached: Style(fg: .brightCyan),
            .kvFree: Style(fg: .green), .activations: Style(fg: .brightMagenta), .reserve: Style(fg: .brightBlack),
            .nonTorch: Style(fg: .magenta), .outsidePool: Style(fg: .brightBlack), .tokens: Style(fg: .yellow), .reserved: Style(fg: .brightCyan),
            .internalFragment: Style(fg: .brightRed), .externalFragment: Style(fg: .brightMagenta),
            .shareFree: Style(fg: .brightBlack),
        ])

    /// Eight colours: five hues light enough for black (blue is not); there is no grey, so
    /// secondary text uses the dim attribute on the default colour rather than a colour that
    /// would come out black or yellow.
    static let dark8 = Palette(
        background: .black, foreground: .white,
        owners: [.yellow, .cyan, .green, .magenta, .red],
        onOwner: .black,
        dim: Style.plain.dimmed(), faint: Style.plain.dimmed(),
        accent: .cyan, warning: .red,
        titleBar: Style(fg: .black, bg: .cyan),
        border: Style.plain, focusedBorder: .cyan,
        swatches: [
            .weights: Style(fg: .white), .kvUsed: Style(fg: .yellow), .kvCached: Style(fg: .cyan),
            .kvFree: Style(fg: .green), .activations: Style(fg: .magenta), .reserve: Style.plain.dimmed(),
            .nonTorch: Style(fg: .magenta), .outsidePool: Style.plain.dimmed(), .tokens: Style(fg: .yellow), .reserved: Style(fg: .cyan),
            .internalFragment: Style(fg: .red), .externalFragment: Style(fg: .magenta),
            .shareFree: Style.plain.dimmed(),
        ])

    // MARK: Light backgrounds

    /// Darker relatives of the dark theme's hues (burnt orange, navy, teal, ochre, slate,
    /// red, plum), each at least 3:1 on white.
    static let light256 = Palette(
        background: .indexed(231), foreground: .indexed(16),
        owners: [166, 25, 29, 136, 61, 160, 127].map(Color.indexed),
        onOwner: .indexed(231),
        dim: Style(fg: .grey(8)), faint: Style(fg: .grey(13)),
        accent: .indexed(25), warning: .indexed(160),
        titleBar: Style(fg: .indexed(231), bg: .indexed(25)),
        border: Style(fg: .grey(12)), focusedBorder: .indexed(25),
        swatches: [
            .weights: Style(fg: .grey(6)), .kvUsed: Style(fg: .indexed(166)), .kvCached: Style(fg: .indexed(25)),
            .kvFree: Style(fg: .indexed(29)), .activations: Style(fg: .indexed(127)), .reserve: Style(fg: .grey(14)),
            .nonTorch: Style(fg: .indexed(96)), .outsidePool: Style(fg: .grey(16)), .tokens: Style(fg: .indexed(166)), .reserved: Style(fg: .indexed(25)),
            .internalFragment: Style(fg: .indexed(160)), .externalFragment: Style(fg: .indexed(127)),
            .shareFree: Style(fg: .grey(14)),
        ])

    static let lightDirect = light256.exact(owners: nil)

    /// Sixteen colours on white: yellow, green and cyan are unreadable there, so the owners are
    /// the reds, blues and magentas (letters carry the rest).
    static let light16 = Palette(
        background: .brightWhite, foreground: .black,
        owners: [.red, .blue, .magenta, .brightBlue, .brightRed, .brightMagenta],
        onOwner: .brightWhite,
        dim: Style(fg: .brightBlack), faint: Style(fg: .brightBlack),
        accent: .blue, warning: .red,
        titleBar: Style(fg: .brightWhite, bg: .blue),
        border: Style(fg: .brightBlack), focusedBorder: .blue,
        swatches: [
            .weights: Style(fg: .black), .kvUsed: Style(fg: .red), .kvCached: Style(fg: .blue),
            .kvFree: Style(fg: .green), .activations: Style(fg: .magenta), .reserve: Style(fg: .brightBlack),
            .nonTorch: Style(fg: .magenta), .outsidePool: Style(fg: .brightBlack), .tokens: Style(fg: .red), .reserved: Style(fg: .blue),
            .internalFragment: Style(fg: .brightRed), .externalFragment: Style(fg: .magenta),
            .shareFree: Style(fg: .brightBlack),
        ])

    static let light8 = Palette(
        background: .brightWhite, foreground: .black,
        owners: [.red, .blue, .magenta],
        onOwner: .white,
        dim: Style.plain.dimmed(), faint: Style.plain.dimmed(),
        accent: .blue, warning: .red,
        titleBar: Style(fg: .white, bg: .blue),
        border: Style.plain, focusedBorder: .blue,
        swatches: [
            .weights: Style(fg: .black), .kvUsed: Style(fg: .red), .kvCached: Style(fg: .blue),
            .kvFree: Style(fg: .green), .activations: Style(fg: .magenta), .reserve: Style.plain.dimmed(),
            .nonTorch: Style(fg: .magenta), .outsidePool: Style.plain.dimmed(), .tokens: Style(fg: .red), .reserved: Style(fg: .blue),
            .internalFragment: Style(fg: .red).bolded(), .externalFragment: Style(fg: .magenta),
            .shareFree: Style.plain.dimmed(),
        ])

    // MARK: Direct colour

    /// This palette with every colour as its exact 24-bit value (and `owners` instead, when
    /// given), for direct-colour terminals, where palette indexes mean something else.
    func exact(owners replacement: [Color]?) -> Palette {
        func rgb(_ color: Color) -> Color {
            guard let (red, green, blue) = color.rgbComponents else { return color }
            return .rgb(red, green, blue)
        }
        func rgb(_ style: Style) -> Style {
            style.with(foreground: rgb(style.foreground)).with(background: rgb(style.background))
        }
        return Palette(
            background: rgb(background), foreground: rgb(foreground),
            owners: replacement ?? owners.map(rgb), onOwner: rgb(onOwner),
            dim: rgb(dim), faint: rgb(faint), accent: rgb(accent), warning: rgb(warning),
            titleBar: rgb(titleBar), border: rgb(border), focusedBorder: rgb(focusedBorder),
            swatches: swatches.mapValues(rgb))
    }
}
