import TerminalCanvas
import Testing
@testable import Visualizer

/// Every palette, at every depth: owners readable on the background (WCAG contrast), no style
/// that paints its foreground in its own background colour, and what the terminal actually gets.
@Suite struct PaletteTests {
    static let coloured: [(ThemeName, ColorDepth)] = [ThemeName.dark, .light].flatMap { theme in
        ColorDepth.allCases.map { (theme, $0) }
    }

    static func palette(_ theme: ThemeName, _ depth: ColorDepth) -> Palette {
        Palette.of(theme, depth: depth)!
    }

    /// The colour a terminal of `depth` shows for `color` (`.default` stands for the palette's
    /// own foreground or background, as given).
    static func shown(_ color: Color, depth: ColorDepth, default fallback: Color) -> Color {
        color == .default ? fallback : color.approximated(paletteSize: depth.paletteSize)
    }

    @Test(arguments: coloured)
    func ownersHaveThreeToOneContrastOnTheirBackground(theme: ThemeName, depth: ColorDepth) throws {
        let palette = Self.palette(theme, depth)
        for owner in palette.owners {
            let shown = Self.shown(owner, depth: depth, default: palette.foreground)
            let ratio = try #require(Color.contrastRatio(shown, palette.background))
            #expect(ratio >= 3, "\(theme) \(depth): owner \(owner) has \(ratio):1 on \(palette.background)")
            let label = try #require(Color.contrastRatio(palette.onOwner, shown))
            #expect(label >= 3, "\(theme) \(depth): text on owner \(owner) has \(label):1")
        }
        #expect(Set(palette.owners).count == palette.owners.count, "owners repeat a colour")
        #expect(palette.owners.count >= (depth == .ansi8 ? 3 : 6))
    }

    @Test(arguments: coloured)
    func textRolesAreReadable(theme: ThemeName, depth: ColorDepth) throws {
        let palette = Self.palette(theme, depth)
        let roles: [(String, Color, Double)] = [
            ("dim", palette.dim.foreground, 3), ("accent", palette.accent, 3), ("warning", palette.warning, 3),
            ("border", palette.border.foreground, 3), ("focused border", palette.focusedBorder, 3),
            ("faint", palette.faint.foreground, 2),
        ]
        for (name, color, minimum) in roles {
            let shown = Self.shown(color, depth: depth, default: palette.foreground)
            let ratio = try #require(Color.contrastRatio(shown, palette.background))
            #expect(ratio >= minimum, "\(theme) \(depth): \(name) \(color) has \(ratio):1")
        }
        let title = try #require(Color.contrastRatio(palette.titleBar.foreground, palette.titleBar.background))
        #expect(title >= 4.5, "\(theme) \(depth): title bar has \(title):1")
    }

    /// The dark theme's text and line colours on the backgrounds dark terminals really use
    /// (kvviz draws on the terminal's own background): pure black, VS Code's #1e1e1e, One Dark's
    /// #282c34 and Solarized Dark's #002b36. 256-colour and 24-bit depths, whose greys are fixed;
    /// the ANSI 16 greys are the terminal scheme's own.
    @Test(arguments: [ColorDepth.palette256, .direct])
    func darkGreysReadOnCommonDarkBackgrounds(depth: ColorDepth) throws {
        let palette = Self.palette(.dark, depth)
        let backgrounds: [Color] = [.rgb(0, 0, 0), .rgb(0x1e, 0x1e, 0x1e), .rgb(0x28, 0x2c, 0x34), .rgb(0x00, 0x2b, 0x36)]
        var roles: [(String, Color)] = [
            ("dim", palette.dim.foreground), ("faint", palette.faint.foreground), ("border", palette.border.foreground),
            ("accent", palette.accent), ("focused border", palette.focusedBorder),
        ]
        roles += palette.owners.map { ("owner", $0) }
        for background in backgrounds {
            for (name, color) in roles {
                let shown = Self.shown(color, depth: depth, default: palette.foreground)
                let ratio = try #require(Color.contrastRatio(shown, background))
                #expect(ratio >= 3, "dark \(depth): \(name) \(color) has \(ratio):1 on \(background)")
            }
        }
    }

    /// Never black on black: no style's foreground, as the terminal shows it, equals its
    /// background (its own, or the terminal's when it has none).
    @Test(arguments: coloured)
    func noStylePaintsItsForegroundInItsBackground(theme: ThemeName, depth: ColorDepth) {
        let palette = Self.palette(theme, depth)
        for style in palette.allStyles {
            let foreground = Self.shown(style.foreground, depth: depth, default: palette.foreground)
            let background = Self.shown(style.background, depth: depth, default: palette.background)
            #expect(foreground.rgbComponents! != background.rgbComponents!,
                    "\(theme) \(depth): \(style) draws \(foreground) on \(background)")
            #expect(foreground != background)
        }
    }

    /// A hand-chosen palette needs no approximation: every colour exists at its depth (so an
    /// 8-colour terminal never turns a grey into yellow or black).
    @Test(arguments: coloured)
    func everyColourExistsAtItsDepth(theme: ThemeName, depth: ColorDepth) {
        let palette = Self.palette(theme, depth)
        for style in palette.allStyles {
            for color in [style.foreground, style.background] {
                #expect(color.approximated(paletteSize: depth.paletteSize) == color,
                        "\(theme) \(depth): \(color) is not a colour of this depth")
                if depth != .direct, case .rgb = color { Issue.record("\(theme) \(depth): 24-bit \(color)") }
            }
        }
    }

    @Test func directPalettesAreTwentyFourBit() {
        for theme in [ThemeName.dark, .light] {
            for style in Self.palette(theme, .direct).allStyles {
                for color in [style.foreground, style.background] where color != .default {
                    guard case .rgb = color else { Issue.record("\(theme) direct: \(color) is an index"); continue }
                }
            }
        }
    }

    @Test func monoThemeHasNoColourAnywhere() {
        let theme = Theme(appearance: Appearance(theme: .mono, depth: .direct))
        let styles = [theme.dim, theme.faint, theme.accent, theme.warning, theme.titleBar, theme.box(focused: true),
                      theme.box(focused: false), theme.owner(3), theme.ownerBackground(3)]
            + Palette.Swatch.allCases.map(theme.swatch)
        for style in styles {
            #expect(style.foreground == .default && style.background == .default)
        }
        #expect(theme.ownerBackground(0).reverse)
    }

    @Test func themeFollowsColorFGBG() {
        #expect(ThemeName.fromColorFGBG("15;0") == .dark)
        #expect(ThemeName.fromColorFGBG("0;15") == .light)
        #expect(ThemeName.fromColorFGBG("0;default;15") == .light)
        #expect(ThemeName.fromColorFGBG("12;8") == .dark)
        #expect(ThemeName.fromColorFGBG("7") == .light)
        #expect(ThemeName.fromColorFGBG("default;default") == nil)
        #expect(ThemeName.fromColorFGBG(nil) == nil)
        #expect(ThemeName.fromColorFGBG("") == nil)
    }

    @Test func contrastRatioMatchesWCAGReferenceValues() throws {
        #expect(try #require(Color.contrastRatio(.rgb(0, 0, 0), .rgb(255, 255, 255))) > 20.99)
        #expect(try #require(Color.contrastRatio(.rgb(119, 119, 119), .rgb(255, 255, 255))) > 4.47)
        #expect(try #require(Color.contrastRatio(.rgb(119, 119, 119), .rgb(255, 255, 255))) < 4.49)
        #expect(Color.contrastRatio(.default, .black) == nil)
    }
}
